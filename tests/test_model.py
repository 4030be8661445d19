import pytest
from pydantic import ValidationError

from cvbuilder.render.latex.escape import _ESCAPES, esc, href, markup
from cvbuilder.schema.dates import parse_date
from cvbuilder.schema.model import (
    MAX_LINE,
    MAX_PARAGRAPH,
    MAX_URL,
    Author,
    Education,
    Person,
    Profile,
    Publication,
)


def errors(exc: ValidationError) -> list[tuple[str, str]]:
    return [(".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors()]


def test_unknown_fields_are_errors():
    with pytest.raises(ValidationError) as info:
        Person.model_validate({"name": "A", "adress": "x"})
    assert errors(info.value)[0][0] == "adress"


def test_end_before_start_is_reported_on_end():
    with pytest.raises(ValidationError) as info:
        Education.model_validate(
            {"degree": "PhD", "institution": "X", "start": "2024-09", "end": "2020"}
        )
    ((loc, msg),) = errors(info.value)
    assert loc == "end"
    assert "ends (2020) before it starts (2024-09)" in msg


def test_any_script_a_font_has_is_text_and_the_rest_is_left_out_and_noted():
    assert Person.model_validate({"name": "Tang 唐"}).name == "Tang 唐"  # XeLaTeX sets it
    context: dict = {}
    assert Person.model_validate({"name": "Tang 📧"}, context=context).name == "Tang"
    assert context["dropped"] == [("Tang 📧", ["📧"])]
    with pytest.raises(ValidationError) as info:
        Person.model_validate({"name": "📧"})
    assert "U+1F4E7" in errors(info.value)[0][1]
    with pytest.raises(ValidationError) as info:
        Person.model_validate({"name": "Tang\x07"})
    assert "U+0007" in errors(info.value)[0][1]


def test_text_is_nfc_normalised():
    assert Person.model_validate({"name": "Cha\u0302telet"}).name == "Châtelet"


def test_authors_accept_strings_and_roles():
    pub = Publication.model_validate(
        {
            "title": "T",
            "year": 2024,
            "type": "conference",
            "authors": ["A. B", {"name": "Z. Tang", "owner": True, "equal": True}],
        }
    )
    assert pub.authors[0] == Author(name="A. B")
    assert pub.authors[1].owner and pub.authors[1].equal and not pub.authors[1].lead


def test_author_strings_may_carry_homepage_markers():
    pub = Publication.model_validate(
        {"title": "T", "year": 2024, "type": "conference",
         "authors": ["L. Shen*", "Z. Tang*\U0001f4a1", "X. Chu\U0001f4e7", "Q. Wang \u2709"]}
    )  # fmt: skip
    a = pub.authors
    assert [x.name for x in a] == ["L. Shen", "Z. Tang", "X. Chu", "Q. Wang"]
    assert a[0].equal and not a[0].corresponding
    assert a[1].equal and a[1].lead and not a[1].owner
    assert a[2].corresponding and a[3].corresponding


def test_links_normalise_arxiv_and_doi():
    pub = Publication.model_validate(
        {
            "title": "T",
            "year": 2024,
            "type": "preprint",
            "authors": ["A"],
            "links": {"arxiv": "arXiv:2401.17644", "doi": "https://doi.org/10.1145/1.2"},
        }
    )
    assert pub.links.arxiv == "2401.17644"
    assert pub.links.doi == "10.1145/1.2"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://x.org", "example.org", "file:///etc/passwd"]
)
def test_only_web_links(url):
    with pytest.raises(ValidationError):
        Person.model_validate({"name": "A", "homepage": url})


def test_profile_needs_a_person_and_a_known_type():
    with pytest.raises(ValidationError) as info:
        Profile.model_validate({"publications": [{"title": "T", "year": 1, "type": "poem"}]})
    locs = {loc for loc, _ in errors(info.value)}
    assert {"person", "publications.0.type", "publications.0.year"} <= locs
    assert "publications.0.authors" not in locs  # a talk of the owner's may have no author line


@pytest.mark.parametrize(
    "key", ["2019A&A...623A..62G", "doi:10.1198/jcgs.2010.10007", "DBLP:conf/x/Y19", "a+b#c~d"]
)
def test_any_key_bibtex_accepts_is_an_id(key):
    pub = Publication.model_validate({"id": key, "title": "T", "type": "talk"})
    assert (pub.id, pub.authors, pub.year) == (key, [], None)


@pytest.mark.parametrize("key", ["a b", "a,b", "a{b", "a}b", "a\\b", "a\tb"])
def test_ids_have_no_space_comma_brace_or_backslash(key):
    with pytest.raises(ValidationError):
        Publication.model_validate({"id": key, "title": "T", "type": "talk"})


@pytest.mark.parametrize(
    ("written", "doi"),
    [("doi: 10.1038/x", "10.1038/x"), ("DOI:10.1038/x", "10.1038/x"),
     ("https://dx.doi.org/10.1038/x", "10.1038/x"), ("http://doi.org/10.1038/x", "10.1038/x"),
     ("dx.doi.org/10.5281/zenodo.1", "10.5281/zenodo.1"), ("10/f5xswg", "10/f5xswg")],
)  # fmt: skip
def test_dois_are_stored_bare(written, doi):
    pub = Publication.model_validate({"title": "T", "type": "talk", "links": {"doi": written}})
    assert pub.links.doi == doi


def test_text_longer_than_any_real_field_is_refused_by_length():
    with pytest.raises(ValidationError) as info:
        Person.model_validate({"name": "x" * (MAX_LINE + 1)})
    assert [e["type"] for e in info.value.errors()] == ["string_too_long"]
    assert Profile.model_validate({"person": {"name": "A"}, "summary": "x" * MAX_PARAGRAPH})
    with pytest.raises(ValidationError) as info:
        Profile.model_validate({"person": {"name": "A"}, "summary": "x" * (MAX_PARAGRAPH + 1)})
    assert [e["type"] for e in info.value.errors()] == ["string_too_long"]


def test_a_field_at_its_cap_fits_texs_line_buffer_whatever_it_contains():
    """pdfTeX reads a paragraph as one line into a 200,000-byte buffer; the caps are chosen so
    the worst character (the longest escape) repeated up to the cap still fits."""
    worst = max(_ESCAPES, key=lambda ch: len(_ESCAPES[ch].encode()) / len(ch))
    budget = 200_000 - 1_000  # the macro around the text on the same line
    assert len(esc(worst * MAX_PARAGRAPH).encode()) < budget
    assert len(markup(f"**{worst * (MAX_PARAGRAPH - 4)}**").encode()) < budget
    url = "https://example.org/" + "é" * (MAX_URL - 20)
    assert len(href(url, esc(url)).encode()) < budget


def test_a_huge_integer_is_not_a_date_and_the_message_stays_short():
    with pytest.raises(ValueError, match="must be a date") as info:
        parse_date(10**5000)
    assert len(str(info.value)) < 100
    with pytest.raises(ValueError, match="must be a date"):
        parse_date(float("nan"))
