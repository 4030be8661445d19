"""The ``classic`` (moderncv) and ``modern`` (Awesome-CV) layouts: each built from the repository's
profile and the full test profile, on A4 and Letter, as the documents they are meant for —
``modern`` as a one-page résumé, ``classic`` as a CV without a budget and as a one-page résumé of
selected work — and read back as an applicant tracking system would."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from cvbuilder import registry
from cvbuilder.build import Job, build
from cvbuilder.load.profile import load
from cvbuilder.render.latex.escape import esc
from cvbuilder.schema.model import Person, Profile, Variant

from .conftest import DATA, ROOT, flat, pdf_text

PROFILES = {"tang": ROOT / "profile.yaml", "full": DATA / "full.yaml"}
PAPER = {"a4": (595, 842), "letter": (612, 792)}
DOCUMENTS = {
    "modern": {"layout": "modern", "max_pages": 1},
    "classic-cv": {"layout": "classic"},
    "classic-resume": {"layout": "classic", "max_pages": 1, "selected_only": True},
}


@pytest.fixture(
    scope="module",
    params=[(d, p, paper) for d in DOCUMENTS for p in PROFILES for paper in PAPER],
    ids=lambda param: "-".join(param),
)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    document, name, paper = request.param
    profile = load(PROFILES[name])
    spec = DOCUMENTS[document]
    variant = Variant.model_validate({**spec, "options": {"paper": paper}})
    out = tmp_path_factory.mktemp(f"{document}-{name}-{paper}")
    (result,) = build(profile, [Job(document, variant)], out)
    return profile, spec, paper, result, out / f"{document}.pdf", out / f"{document}.tex"


def page_lines(pdf: Path, page: int) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", "-f", str(page), "-l",
                           str(page), str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    return [flat(line) for line in text.splitlines() if line.strip()]


def headings(tex: str) -> set[str]:
    """The section and group headings of a document, as text (from its LaTeX)."""
    found = re.findall(r"\\cv(?:sub)?section\{((?:[^{}]|\{[^{}]*\})*)\}", tex)
    return {flat(re.sub(r"\\[a-zA-Z]+|[{}]", "", h)) for h in found}


def test_budgeted_documents_fit_one_page_on_the_paper_asked_for(built):
    _, spec, paper, result, pdf, _ = built
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == PAPER[paper]
    assert len(reader.pages) == result.pages
    if spec.get("max_pages"):
        assert result.pages == 1
    else:
        assert result.pages >= 1 and not result.omitted  # a CV without a budget keeps everything


def test_no_overfull_lines(built):
    _, _, _, result, _, _ = built
    assert not [w for w in result.warnings if "Overfull" in w], result.warnings


def test_the_whole_name_is_the_first_line(built):
    profile, _, _, _, pdf, _ = built
    for mode in ("", "raw", "layout"):
        assert pdf_text(pdf, mode).splitlines()[0].strip() == profile.person.name, mode


def test_no_ligature_code_points(built):
    _, _, _, _, pdf, _ = built
    for mode in ("", "raw"):
        assert not re.search("[\ufb00-\ufb06]", pdf_text(pdf, mode))


def test_no_page_ends_with_a_heading(built):
    _, _, _, result, pdf, tex = built
    titles = headings(tex.read_text("utf-8"))
    assert titles
    for page in range(1, result.pages + 1):
        lines = [x for x in page_lines(pdf, page) if not re.search(r"Page \d+ of \d+$", x)]
        assert lines and lines[-1] not in titles, (page, lines[-1])


@pytest.mark.parametrize(
    ("layout", "dates"), [("classic", "left"), ("modern", "left"), ("modern", "right")]
)
def test_dates_keep_their_line_in_the_text_layer(layout, dates, tmp_path):
    """Dates flush right would be a column of their own to pdftotext's layout analysis, read
    after the lines below them: modern's dates on the right follow their line instead, so both
    positions read as the raw text does. (Classic's dates on the right are the shared ones.)"""
    profile = load(ROOT / "docs" / "example.yaml")
    variant = Variant(layout=layout, options={"date_position": dates})
    build(profile, [Job(layout, variant)], tmp_path)
    pdf = tmp_path / f"{layout}.pdf"
    assert flat(pdf_text(pdf, "")).split() == flat(pdf_text(pdf, "raw")).split()
    assert "Mar 2022 – Present" in flat(pdf_text(pdf, ""))


@pytest.mark.parametrize("layout", ["classic", "modern"])
def test_a_contact_line_that_wraps_drops_the_separator_at_the_break(layout, write_profile):
    networks = "".join(
        f"    - {{network: Net{i}, url: 'https://example.org/{i}', username: ada{i}}}\n"
        for i in range(6)
    )
    path = write_profile(
        "person:\n  name: Ada Lovelace\n  email: ada@example.org\n  phone: '+44 20 7946 0000'\n"
        "  location: London, United Kingdom\n  homepage: https://example.org/ada\n  profiles:\n"
        + networks
    )
    out = path.parent / "out"
    build(load(path), [Job(layout, Variant(layout=layout))], out)
    lines = page_lines(out / f"{layout}.pdf", 1)
    contacts = [x for x in lines if "example.org" in x or "Net" in x]
    assert len(contacts) >= 2  # it did wrap
    assert not [x for x in contacts if x.endswith(("·", "|")) or x.startswith(("·", "|"))]
    assert all(f"Net{i}: ada{i}" in " ".join(contacts) for i in range(6))


# --- without TeX ------------------------------------------------------------------------------


def test_defaults_are_those_of_the_styles_they_follow():
    classic, modern = registry.get("classic"), registry.get("modern")
    assert classic.Options().accent_color == "3873B3" and classic.Options().date_position == "left"
    assert classic.LOOK.kind == "documents.cv" and classic.LOOK.footer
    assert classic.LOOK.page_numbers
    options = modern.Options()
    assert (options.font, options.date_position, options.accent_color) == (
        "helvetica",
        "right",
        "DC3522",
    )
    assert modern.LOOK.kind == "documents.resume" and not modern.LOOK.page_numbers


def test_modern_splits_the_name_at_the_last_space():
    modern = registry.get("modern")
    tex = modern.header(Person(name="Émilie du Châtelet"))
    assert r"{\color{moderngrey}Émilie du} {\bfseries\color{moderndark}Châtelet}" in tex
    assert r"{\bfseries\color{moderndark}Plato}" in modern.header(Person(name="Plato"))


def test_modern_colours_the_first_three_letters_of_headings_that_start_with_them():
    modern = registry.get("modern")
    profile = Profile(person=Person(name="A B"))
    options = modern.Options(
        sections=["education", "skills", "summary", "languages"],
        titles={"skills": "R&D", "summary": "Εμπειρία", "languages": "语言能力"},
    )
    tex = modern.heading_initials(profile, options)
    assert r"\detokenize{Education}\endcsname{{\color{accent}Edu}cation}" in tex
    assert rf"{{{{\color{{accent}}{esc('Εμπ')}}}{esc('ειρία')}}}" in tex
    assert esc("R&D") not in tex  # not three letters: the whole heading in the accent colour
    assert "语言" not in tex  # no letter case: the same
    assert "Summary" not in tex and "Skills" not in tex  # their titles were changed
