"""BibTeX import/export: the real samples, each quirk on a small snippet, and a round trip."""

import pytest

from cvbuilder.bibtex import Name, export, read_bib, read_bib_file
from cvbuilder.build import build
from cvbuilder.loader import load
from cvbuilder.model import Publication
from cvbuilder.problems import ProfileError

from .conftest import ROOT, flat, pdf_text

SAMPLES = {
    "bib-42Shawn-papers.bib": ("Yuzhang Shang", 33),
    "bib-594zyc-papers.bib": ("Yichi Zhang", 13),
}


def one(bib: str, owners: tuple[str, ...] = ()) -> dict:
    pubs, report = read_bib(bib, "t.bib", list(owners))
    assert not report.errors, report.errors
    ((pub, _line),) = pubs
    return pub


# --- the real samples ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_samples_import_completely_with_the_owner_marked(samples, name):
    owner, count = SAMPLES[name]
    pubs, report = read_bib_file(samples / name, [owner])
    assert (report.read, report.written, report.errors) == (count, count, [])
    assert len(pubs) == count
    for pub, _ in pubs:
        owners = [a["name"] for a in pub["authors"] if a.get("owner")]
        assert owners == [owner], pub["id"]
        Publication.model_validate(pub)


def test_42shawn_markers_types_and_venues(samples):
    pubs = {
        p["id"]: p
        for p, _ in read_bib_file(samples / "bib-42Shawn-papers.bib", ["Shang, Yuzhang"])[0]
    }
    assert pubs["Zhao_2025_TPAMI"]["type"] == "journal"  # @article in a journal
    nips = pubs["Zhao_2025_NeurIPS"]
    assert (nips["type"], nips["venue_short"]) == (
        "conference",
        "NeurIPS 2025",
    )  # @article, really a conference
    assert pubs["Zhu_2025_ICCV"]["type"] == "conference"
    equal = [p for p in pubs.values() if any(a.get("equal") for a in p["authors"])]
    assert len(equal) == 3
    first = equal[0]["authors"]
    assert first[0] == {"name": "Zhihang Yuan", "equal": True}
    assert first[1] == {"name": "Yuzhang Shang", "equal": True, "owner": True}
    types = {p["type"] for p in pubs.values()}
    assert types == {"conference", "journal", "preprint"}


def test_594zyc_front_matter_and_al_folio_fields(samples):
    pubs, _report = read_bib_file(samples / "bib-594zyc-papers.bib", ["Yichi Zhang"])
    first, line = pubs[0]
    assert line == 4  # after the Jekyll front matter
    assert first["id"] == "zhang2020task" and first["venue_short"] == "AAAI"
    assert first["links"] == {
        "code": "https://github.com/thu-spmi/damd-multiwoz",
        "arxiv": "1911.10484",
    }
    assert first["selected"] is True and first["month"] == 1
    assert first["bibtex"]["pdf"] == "aaai20_damd.pdf"  # a site-relative file: kept, not linked
    assert first["bibtex"]["pages"] == "9604--9611"
    acl = pubs[1][0]
    assert acl["links"]["doi"] == "10.18653/v1/2020.acl-main.60"
    assert acl["links"]["paper"] == "https://aclanthology.org/2020.acl-main.60"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_entry_reaches_the_pdf(samples, tmp_path, name):
    owner, count = SAMPLES[name]
    profile = tmp_path / "p.yaml"
    profile.write_text(f"person: {{name: {owner}}}\nbibliography: ['{samples / name}']\n")
    data = load(profile)
    assert len(data.publications) == count
    build(data, ["cv"], tmp_path / "out")
    text = flat(pdf_text(tmp_path / "out" / "cv.pdf"))
    missing = [p.title for p in data.publications if flat(p.title) not in text]
    assert not missing
    assert f"{count} publications:" in text


# --- each quirk on a snippet -------------------------------------------------------------


def test_latex_becomes_unicode():
    pub = one(
        r"@article{k, title={{GPU} Caf{\'e} \& M{\"u}ller -- {A}n $\alpha$ test}, "
        r"author={M{\"u}ller, J{\"o}rg}, journal={J}, year={2020}}"
    )
    assert pub["title"] == "GPU Café & Müller – An α test"
    assert pub["authors"] == [{"name": "Jörg Müller"}]


@pytest.mark.parametrize(
    ("author", "roles"),
    [
        (r"Yuan*, Zhihang", {"equal": True}),
        (r"Yuan, Zhihang$^{\dagger}$", {"corresponding": True}),
        (r"Yuan, Zhihang\textsuperscript{*}", {"equal": True}),
        (r"Yuan$^{*}$, Zhihang", {"equal": True}),
        (r"Yuan, Zhihang$^{\ddagger}$", {"lead": True}),
        (r"Yuan*, Zhihang$^\dagger$", {"equal": True, "corresponding": True}),
    ],
)
def test_author_markers(author, roles):
    pub = one(
        f"@article{{k, title={{T}}, author={{{author} and Li, Bo}}, journal={{J}}, year=2020}}"
    )
    assert pub["authors"][0] == {"name": "Zhihang Yuan", **roles}
    assert pub["authors"][1] == {"name": "Bo Li"}


def test_others_becomes_et_al():
    pub = one("@misc{k, title={T}, author={A, B and others}, year=2020}")
    assert pub["et_al"] is True and pub["authors"] == [{"name": "B A"}]


def test_al_folio_fields():
    pub = one(
        "@article{k, title={T}, author={A, B}, journal={Conference on Robot Learning}, year={2024},"
        " abbr={CoRL 2024}, selected={true}, award_name={Best Paper}, pdf={https://x.org/p.pdf},"
        " code={https://github.com/x/y}, arxiv={2401.00001}, html={https://x.org/p},"
        " annotation={* equal contribution}, preview={fig.png}}"
    )
    assert pub["type"] == "conference" and pub["venue_short"] == "CoRL 2024"
    assert pub["note"] == "Best Paper" and pub["selected"] is True
    assert pub["links"] == {
        "paper": "https://x.org/p",
        "pdf": "https://x.org/p.pdf",
        "code": "https://github.com/x/y",
        "arxiv": "2401.00001",
    }
    assert pub["bibtex"] == {"annotation": "* equal contribution", "preview": "fig.png"}


def test_other_tools_custom_fields():
    pub = one(
        "@inproceedings{k, title={T}, author={A, B}, _venue={Workshop on Things}, _note={Oral},"
        " codeurl={https://c.org}, slidesurl={https://s.org}, year=2021}"
    )
    assert (pub["type"], pub["venue"], pub["note"]) == ("workshop", "Workshop on Things", "Oral")
    assert pub["links"] == {"code": "https://c.org", "slides": "https://s.org"}


@pytest.mark.parametrize(
    ("entry", "kind"),
    [
        (
            "@article{k, title={T}, author={A, B}, journal={arXiv preprint arXiv:2401.1}, year=2024}",
            "preprint",
        ),
        ("@article{k, title={T}, author={A, B}, journal={CoRR}, year=2020}", "preprint"),
        (
            "@article{k, title={T}, author={A, B}, journal={Proceedings of ICML}, year=2020}",
            "conference",
        ),
        ("@article{k, title={T}, author={A, B}, journal={IEEE Trans. on X}, year=2020}", "journal"),
        (
            "@inproceedings{k, title={T}, author={A, B}, booktitle={NeurIPS Workshop on Y}, year=2020}",
            "workshop",
        ),
        ("@phdthesis{k, title={T}, author={A, B}, school={MIT}, year=2020}", "thesis"),
        (
            "@misc{k, title={T}, author={A, B}, eprint={2401.00001}, archiveprefix={arXiv}, year=2024}",
            "preprint",
        ),
    ],
)
def test_type_is_inferred_from_the_venue(entry, kind):
    assert one(entry)["type"] == kind


def test_front_matter_stray_at_missing_comma_and_unbalanced_braces_are_recovered():
    bib = (
        "---\nlayout: none\n---\n"
        "@@article{stray, title={Stray}, author={A, B}, journal={J}, year={2020}}\n\n"
        "@article{nocomma,\n  title = {Missing Comma}\n  author = {Doe, Jane},\n  year = {2021}\n}\n\n"
        "@inproceedings{unbal,\n  title = {Unbalanced {Braces},\n  author = {Roe, Rick},\n  year = {2022}\n}\n\n"
        "@article{ok, title={Fine}, author={C, D}, journal={J}, year=2023}\n"
    )
    pubs, report = read_bib(bib, "t.bib", [])
    assert [(p["id"], line) for p, line in pubs] == [
        ("stray", 4),
        ("nocomma", 6),
        ("unbal", 12),
        ("ok", 18),
    ]
    assert (
        pubs[1][0]["authors"] == [{"name": "Jane Doe"}] and pubs[1][0]["title"] == "Missing Comma"
    )
    assert pubs[2][0]["title"] == "Unbalanced Braces"
    assert [str(n) for n in report.notes] == ["t.bib:12:1: unbal: unbalanced braces repaired"]
    assert (report.read, report.written, report.errors) == (4, 4, [])


def test_unrecoverable_entries_are_reported_with_their_line():
    bib = (
        "@article{a, title={A}, author={X, Y}, year=2020}\n"
        "@article{a, title={Again}, author={X, Y}, year=2021}\n"
        "@article{notitle, author={X, Y}, year=2020}\n"
        "@article{noyear, title={T}, author={X, Y}}\n"
        "@article{broken, title={T}, author={X, Y}, year=2020,\n  note = {unclosed, x = {y}\n"
    )
    pubs, report = read_bib(bib, "t.bib", [])
    assert [p["id"] for p, _ in pubs] == ["a"]
    assert [str(e) for e in report.errors] == [
        "t.bib:2:1: a: duplicate key 'a' (first on line 1); entry skipped",
        "t.bib:3:1: notitle: no title; entry skipped",
        "t.bib:4:1: noyear: no year; entry skipped",
        "t.bib:5:1: broken: entry could not be read (unbalanced braces or quotes?) and could not "
        "be repaired unambiguously; entry skipped",
    ]
    assert (report.read, report.written) == (5, 1)


# --- owner recognition -------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant", ["Zhenheng Tang", "Z. Tang", "Tang, Zhenheng", "Tang, Z.", "zhenheng tang"]
)
def test_owner_name_variants(variant):
    assert Name.parse(variant).matches(Name.parse("Tang, Zhenheng"))
    assert not Name.parse(variant).matches(Name.parse("Tang, Zhiwei")) or "Z." in variant


def test_ambiguous_owner_is_reported_not_guessed():
    bib = "@inproceedings{icpp, title={T}, author={Tang, Zeyu and Huang, J. and Tang, Zhenheng}, booktitle={ICPP}, year=2024}"
    pubs, report = read_bib(bib, "t.bib", ["Zhenheng Tang", "Z. Tang"])
    assert [a["name"] for a in pubs[0][0]["authors"] if a.get("owner")] == ["Zhenheng Tang"]
    pubs, report = read_bib(bib.replace("Zhenheng", "Z."), "t.bib", ["Zhenheng Tang", "Z. Tang"])
    assert not any(a.get("owner") for a in pubs[0][0]["authors"])
    (note,) = report.notes
    assert "owner is ambiguous: authors 1 (Zeyu Tang), 3 (Z. Tang) all match" in str(note)


# --- profile integration ------------------------------------------------------------------

BIB = (
    "@article{one, title={First Paper}, author={Tang, Zhenheng and Li, Bo}, journal={NeurIPS}, year=2024}\n"
    "@article{two, title={Second Paper}, author={Li, Bo and Tang, Z.}, journal={IEEE TPDS}, year=2022}\n"
)


def test_bibliography_joins_publications_and_yaml_overrides(tmp_path):
    (tmp_path / "papers.bib").write_text(BIB)
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        "person: {name: Zhenheng Tang, name_variants: [Z. Tang]}\n"
        "bibliography: [papers.bib]\n"
        "publications:\n"
        "  - {id: two, selected: true, note: Best Paper, tags: [systems]}\n"
        "  - {title: Own Entry, authors: [X], year: 2020, type: preprint}\n"
    )
    pubs = {p.id or p.title: p for p in load(profile).publications}
    assert sorted(pubs) == ["Own Entry", "one", "two"]
    assert (
        pubs["two"].selected
        and pubs["two"].note == "Best Paper"
        and pubs["two"].tags == ["systems"]
    )
    assert pubs["two"].title == "Second Paper" and pubs["two"].type.value == "journal"
    assert pubs["one"].authors[0].owner and pubs["two"].authors[1].owner


def test_bibliography_problems_name_the_file_and_line(tmp_path):
    (tmp_path / "a.bib").write_text(BIB + "@article{bad, title={T}, author={X, Y}}\n")
    (tmp_path / "b.bib").write_text("\n" + BIB.splitlines()[0] + "\n")
    (tmp_path / "dir.bib").mkdir()
    profile = tmp_path / "profile.yaml"
    profile.write_text("person: {name: A}\nbibliography: [a.bib, b.bib, missing.bib, dir.bib]\n")
    with pytest.raises(ProfileError) as info:
        load(profile)
    got = [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems]
    assert got == [
        "a.bib:3:1: bad: no year; entry skipped",
        "b.bib:2:1: one: duplicate key 'one' (also a.bib:1)",
        "profile.yaml:2:30: bibliography[2]: no such file: missing.bib",
        "profile.yaml:2:43: bibliography[3]: dir.bib is a folder, not a .bib file",
    ]


def test_the_same_paper_twice_is_reported_and_kept_once(tmp_path):
    (tmp_path / "a.bib").write_text(
        BIB
        + "@misc{arxiv, title={First Paper}, author={Tang, Zhenheng}, howpublished={arXiv}, year=2024}\n"
        + "@article{cpp, title={Effective C++ Idioms}, author={X, Y}, journal={J}, year=2005}\n"
        + "@article{cs, title={Effective C\\# Idioms}, author={X, Y}, journal={J}, year=2005}\n"
        + "@article{zh1, title={并行计算}, author={X, Y}, journal={J}, year=2005}\n"
    )
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        "person: {name: A}\nbibliography: [a.bib]\npublications:\n"
        "  - {title: 'First paper.', authors: [X], year: 2024, type: conference}\n"
    )
    warnings: list = []
    with pytest.raises(ProfileError) as info:
        load(profile, warnings)
    # The CJK title is refused for its characters, not taken for a duplicate of anything.
    assert [p.path for p in info.value.problems] == ["publications[5].title"]
    (note,) = warnings
    assert str(note) == (
        f"{tmp_path}/a.bib:1:1: one: same title, year and type as publications[0] "
        f"({tmp_path}/profile.yaml:4); left out (give both the same id to merge them instead)"
    )


# --- round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_export_then_import_gives_the_same_publications(samples, name):
    owner, _ = SAMPLES[name]
    first = [Publication.model_validate(p) for p, _ in read_bib_file(samples / name, [owner])[0]]
    again, report = read_bib(export(first), "export.bib", [owner])
    assert report.errors == []
    assert [Publication.model_validate(p) for p, _ in again] == first


def test_the_projects_profile_round_trips(tmp_path):
    profile = load(ROOT / "profile.yaml")
    owners = [profile.person.name, *profile.person.name_variants]
    again, report = read_bib(export(profile.publications), "export.bib", owners)
    back = [Publication.model_validate(p) for p, _ in again]
    # The ICPP 2024 paper has two "Z. Tang": BibTeX cannot say which is the owner, so the import
    # leaves it open and says so; everything else comes back as it was.
    (note,) = report.notes
    assert "owner is ambiguous" in str(note) and note.path == "tang2024bandwidth"
    for original, copy in zip(profile.publications, back, strict=True):
        if original.id == "tang2024bandwidth":
            copy = copy.model_copy(update={"authors": original.authors})
        assert copy == original


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_imported_yaml_is_a_valid_profile_as_is(samples, tmp_path, name):
    from cvbuilder.bibtex import to_yaml

    owner, count = SAMPLES[name]
    pubs = [p for p, _ in read_bib_file(samples / name, [owner])[0]]
    profile = tmp_path / "profile.yaml"
    profile.write_text(f"person: {{name: {owner}}}\n" + to_yaml(pubs), encoding="utf-8")
    loaded = load(profile).publications
    assert len(loaded) == count
    assert [p.model_dump(exclude_defaults=True) for p in loaded] == [
        Publication.model_validate(p).model_dump(exclude_defaults=True) for p in pubs
    ]


# --- what other real files do (found by importing held-out .bib files) --------------------


def test_string_macros_concatenation_and_month_macros():
    bib = (
        '@string{and = " and "} @string{aho = "Aho, Alfred"} @string{ull = "Ullman, Jeffrey"}\n'
        '@string{tcs = "Theoret. Comput. Sci."}\n'
        '@book{k, author = aho # and # ull, title = "Part one" # " and two", publisher = {AW},'
        " year = 1983, month = jan}\n"
        "@article{m, author = {X, Y}, title = {T}, journal = tcs # { Letters}, year = 1990, note = undefinedmacro}\n"
    )
    pubs, report = read_bib(bib, "t.bib", [])
    book, article = pubs[0][0], pubs[1][0]
    assert book["authors"] == [{"name": "Alfred Aho"}, {"name": "Jeffrey Ullman"}]
    assert book["title"] == "Part one and two" and book["month"] == 1
    assert article["venue"] == "Theoret. Comput. Sci. Letters" and article["type"] == "journal"
    assert [str(n) for n in report.notes] == [
        "t.bib:4:1: m: undefined @string macro(s) kept as text: undefinedmacro"
    ]


def test_crossref_editors_and_repeated_fields():
    bib = (
        "@inproceedings{paper, author={Lovelace, Ada}, title={A Paper}, crossref={conf07}}\n"
        "@proceedings{conf07, title={Proceedings of Conf 2007}, editor={Babbage, Charles}, year=2007}\n"
        "@book{edited, editor={Babbage, Charles}, title={Edited Volume}, publisher={P}, year=2010}\n"
        "@misc{twice, title={T}, author={A, B}, year={2025}, _venue={ICML}, _venue={ICML}}\n"
        "@inproceedings{lost, author={Lovelace, Ada}, title={Orphan}, crossref={nowhere}}\n"
    )
    pubs, report = read_bib(bib, "t.bib", [])
    by_id = {p["id"]: p for p, _ in pubs}
    assert sorted(by_id) == ["edited", "paper", "twice"]
    assert by_id["paper"]["venue"] == "Proceedings of Conf 2007" and by_id["paper"]["year"] == 2007
    assert by_id["edited"]["authors"] == [{"name": "Charles Babbage"}]
    assert by_id["twice"]["venue"] == "ICML"
    assert [str(e) for e in report.errors] == [
        "t.bib:5:1: lost: no year (crossref 'nowhere' not found in this file); entry skipped"
    ]
    assert "t.bib:2:1: conf07: used as crossref parent only" in [str(n) for n in report.notes]


def test_urls_keywords_logos_and_math():
    pub = one(
        r"@misc{k, author={{BLIS Contributors}}, title={The {\TeX} Book and $\alpha$-Rank with $\ell_1$},"
        r" year={2026}, howpublished={\url{https://github.com/x/blis}},"
        r" keywords={Humans, Reinforcement (Psychology), systems}}"
    )
    assert pub["title"] == "The TeX Book and α-Rank with ℓ_1"
    assert pub["authors"] == [{"name": "BLIS Contributors"}]
    assert pub["links"] == {"paper": "https://github.com/x/blis"} and "venue" not in pub
    assert pub["tags"] == ["humans", "systems"]
    assert pub["bibtex"]["keywords"] == "Humans, Reinforcement (Psychology), systems"


def test_greek_and_math_from_bibtex_reach_the_pdf(tmp_path):
    (tmp_path / "m.bib").write_text(
        r"@inproceedings{k, author={Lovelace, Ada}, title={Scaling $\alpha$-Rank with $\ell$ Penalties and $\Sigma \leq \infty$},"
        r" booktitle={ICML}, year={2024}}"
    )
    profile = tmp_path / "p.yaml"
    profile.write_text("person: {name: Ada Lovelace}\nbibliography: [m.bib]\n")
    data = load(profile)
    assert data.publications[0].title == "Scaling α-Rank with ℓ Penalties and Σ≤∞"
    build(data, ["cv"], tmp_path / "out")
    text = flat(pdf_text(tmp_path / "out" / "cv.pdf"))
    assert "Scaling α-Rank with ℓ Penalties and Σ≤∞" in text and "Honors" not in text
