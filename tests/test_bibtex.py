"""BibTeX import/export: the real samples, each quirk on a small snippet, and a round trip."""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvbuilder.build import build, render
from cvbuilder.formats.bibtex import EXTRA, BibReport, Name, export, read_bib, read_bib_file
from cvbuilder.load.profile import load
from cvbuilder.problems import ProfileError
from cvbuilder.schema.charset import typesettable
from cvbuilder.schema.model import Publication, PubType

from .conftest import ROOT, flat, pdf_text
from .conftest import SAMPLES as SAMPLE_DIR

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
    assert [p["id"] for p, _ in pubs] == ["a", "a-2", "noyear"]  # a work without year stays
    assert [str(e) for e in report.errors] == [
        "t.bib:3:1: notitle: no title; entry skipped",
        "t.bib:5:1: broken: entry could not be read (unbalanced braces or quotes?) and could not "
        "be repaired unambiguously; entry skipped",
    ]
    assert [str(n) for n in report.notes] == [
        "t.bib:2:1: a-2: duplicate key 'a' (line 1) names another work; kept as 'a-2'",
        "t.bib:4:1: noyear: no year",
    ]
    assert (report.read, report.written) == (5, 3)


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
    summary, note = report.notes
    assert "owner is ambiguous: authors 1 (Zeyu Tang), 3 (Z. Tang) all match" in str(note)
    assert str(summary) == (
        "t.bib: the owner (Zhenheng Tang) is marked in none of the 1 entries; check the name "
        "(or add name_variants)"
    )


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
    (tmp_path / "a.bib").write_text(BIB + "@article{bad, author={X, Y}, year=2020}\n")
    (tmp_path / "b.bib").write_text("\n" + BIB.splitlines()[0] + "\n")
    (tmp_path / "dir.bib").mkdir()
    profile = tmp_path / "profile.yaml"
    profile.write_text("person: {name: A}\nbibliography: [a.bib, b.bib, missing.bib, dir.bib]\n")
    warnings: list = []
    with pytest.raises(ProfileError) as info:
        load(profile, warnings)
    got = [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems]
    shown = [str(w).replace(str(tmp_path) + "/", "") for w in warnings if w.line]
    assert shown == [  # what was skipped is said, and does not stop the build
        "a.bib:3:1: bad: no title; entry skipped",
        "b.bib:2:1: one: duplicate key 'one' (also a.bib:1): same work, kept once",
    ]
    # The loader words file problems (files.FileProblem); each names the entry and the file.
    missing, folder = got
    assert missing.startswith("profile.yaml:2:30: bibliography[2]: ") and "missing.bib" in missing
    assert folder.startswith("profile.yaml:2:43: bibliography[3]: ") and "dir.bib" in folder


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
        "  - {title: 'First paper.', authors: [X], year: 2024, type: conference, venue: NeurIPS}\n"
    )
    warnings: list = []
    loaded = load(profile, warnings)
    # The CJK title is kept (XeLaTeX sets it), not taken for a duplicate of anything.
    assert "并行计算" in [p.title for p in loaded.publications]
    note = next(w for w in warnings if "same title" in str(w))
    assert str(note) == (
        f"{tmp_path}/a.bib:1:1: one: same title, year, type and venue as publications[0] "
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


def test_the_projects_profile_round_trips_exactly():
    profile = load(ROOT / "profile.yaml")
    owners = [profile.person.name, *profile.person.name_variants]
    text = export(profile.publications)
    again, report = read_bib(text, "export.bib", owners)
    # The ICPP 2024 paper has two "Z. Tang": names cannot say which is the owner, but the
    # export's author+an field does, so nothing is guessed and nothing is ambiguous.
    assert (report.errors, report.notes) == ([], [])
    assert [Publication.model_validate(p) for p, _ in again] == list(profile.publications)
    assert EXTRA not in text  # standard fields carry all of it


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_imported_yaml_is_a_valid_profile_as_is(samples, tmp_path, name):
    from cvbuilder.formats.bibtex import to_yaml

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
    assert sorted(by_id) == ["edited", "lost", "paper", "twice"]
    assert by_id["paper"]["venue"] == "Proceedings of Conf 2007" and by_id["paper"]["year"] == 2007
    assert by_id["edited"]["authors"] == [{"name": "Charles Babbage"}]
    assert by_id["twice"]["venue"] == "ICML"
    assert "year" not in by_id["lost"] and report.errors == []
    notes = [str(n) for n in report.notes]
    assert "t.bib:5:1: lost: crossref 'nowhere' not found in this file" in notes
    assert "t.bib:5:1: lost: no year" in notes
    assert (
        "t.bib:2:1: conf07: @proceedings that other entries cite (crossref): not listed as a "
        "publication" in notes
    )


def test_urls_keywords_logos_and_math():
    pub = one(
        r"@misc{k, author={{BLIS Contributors}}, title={The {\TeX} Book and $\alpha$-Rank with $\ell_1$},"
        r" year={2026}, howpublished={\url{https://github.com/x/blis}},"
        r" keywords={Humans, Reinforcement (Psychology), systems}}"
    )
    assert pub["title"] == "The TeX Book and α-Rank with ℓ₁"
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
    assert data.publications[0].title == "Scaling α-Rank with ℓ Penalties and Σ ≤ ∞"
    build(data, ["cv"], tmp_path / "out")
    text = flat(pdf_text(tmp_path / "out" / "cv.pdf"))
    assert "Scaling α-Rank with ℓ Penalties and Σ ≤ ∞" in text and "Honors" not in text


# --- hostile and broken input: a report, never an exception -------------------------------


def test_read_bib_file_goes_through_files_read_input(tmp_path):
    import os
    import signal

    from cvbuilder.files import FileProblem

    (tmp_path / "folder.bib").mkdir()
    os.mkfifo(tmp_path / "pipe.bib")

    def stuck(*_):  # a FIFO without a writer must not block the import
        raise TimeoutError("read_bib_file blocked on a FIFO")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(10)
    try:
        for name, why in [
            ("folder.bib", "folder"),
            ("pipe.bib", "named pipe"),
            ("no.bib", "no such"),
        ]:
            with pytest.raises(FileProblem, match=why):
                read_bib_file(tmp_path / name, [])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_latin1_files_are_read_with_a_note(tmp_path):
    bib = tmp_path / "old.bib"
    bib.write_bytes(b"@article{k, title={Caf\xe9}, author={M\xfcller, J}, journal={J}, year=2001}")
    ((pub, _),), report = read_bib_file(bib, [])
    assert (pub["title"], pub["authors"]) == ("Café", [{"name": "J Müller"}])
    (note,) = report.notes
    assert str(note) == f"{bib}:1:1: not UTF-8 (byte 0xe9); read as Windows-1252"


@pytest.mark.parametrize(
    ("bib", "expected"),
    [
        (
            "@inproceedings{a, title={T}, author={A B}, year=2020, crossref={a}}",
            ["t.bib:1:1: a: crossref points to the entry itself; ignored"],
        ),
        (
            "@inproceedings{a, title={T}, author={A B}, year=2020, crossref={b}}\n"
            "@inproceedings{b, title={U}, author={A B}, year=2021, crossref={A}}",
            [
                "t.bib:1:1: a: crossref cycle (a → b → a); followed up to the cycle",
                "t.bib:2:1: b: crossref cycle (b → a → b); followed up to the cycle",
            ],
        ),
        (
            "@inproceedings{a, title={T}, author={A B}, crossref={b}}\n"
            "@inproceedings{b, title={U}, author={A B}, crossref={c}}\n"
            "@inproceedings{c, title={V}, author={A B}, year=2022, crossref={a}}",
            [
                "t.bib:1:1: a: crossref cycle (a → b → c → a); followed up to the cycle",
                "t.bib:2:1: b: crossref cycle (b → c → a → b); followed up to the cycle",
                "t.bib:3:1: c: crossref cycle (c → a → b → c); followed up to the cycle",
            ],
        ),
    ],
)
def test_crossref_cycles_are_notes_naming_entry_and_line(bib, expected):
    pubs, report = read_bib(bib, "t.bib", [])
    assert report.errors == [] and [str(n) for n in report.notes] == expected
    assert len(pubs) == len(expected)


def test_a_crossref_chain_is_followed_nearest_parent_first_and_is_bounded():
    chain = "".join(
        f"@inproceedings{{e{i}, title={{T{i}}}, author={{A B}}, crossref={{e{i + 1}}}}}\n"
        for i in range(1000)
    )
    pubs, report = read_bib(chain + "@proceedings{e1000, title={P}, year=2000}", "t.bib", [])
    by_id = {p["id"]: p for p, _ in pubs}
    assert len(by_id) == 1000 and report.errors == []
    with_year = sorted(k for k, p in by_id.items() if "year" in p)
    assert with_year == [f"e{i}" for i in range(992, 1000)]  # at most 8 parents away
    assert (by_id["e998"]["venue"], by_id["e998"]["year"]) == ("T999", 2000)  # nearest first
    assert str(report.notes[0]) == "t.bib:1:1: e0: crossref chain longer than 8; stopped at 'e9'"


def test_string_doubling_chains_stop_at_the_field_cap():
    import time

    bib = (
        '@string{a0 = "xx"}\n'
        + "".join(f"@string{{a{i + 1} = a{i} # a{i}}}\n" for i in range(40))
        + "@article{k, title = a40, author={A B}, year=2020, journal={J}}\n"
        + "@article{ok, title = a3, author={A B}, year=2020, journal={J}}\n"
    )
    started = time.monotonic()
    pubs, report = read_bib(bib, "t.bib", [])
    assert time.monotonic() - started < 5
    assert [p["title"] for p, _ in pubs] == ["x" * 16]
    errors = [str(e) for e in report.errors]
    assert errors[0] == (
        "t.bib:17:1: a16: @string value is longer than 100,000 characters; "
        "entries using it are skipped"
    )
    assert errors[1] == (
        "t.bib:18:1: a17: @string value uses @string 'a16', which is too long; "
        "entries using it are skipped"
    )
    assert errors[-1] == (
        "t.bib:42:1: k: field 'title' uses @string 'a40', which is too long; entry skipped"
    )


def test_many_macros_cannot_expand_the_file_beyond_its_budget():
    big = "x" * 90_000
    bib = f'@string{{big = "{big}"}}\n' + "".join(
        f"@misc{{k{i}, title = big, author={{A B}}, year=2020}}\n" for i in range(100)
    )
    pubs, report = read_bib(bib, "t.bib", [])
    assert 0 < len(pubs) < 100  # about four times the file's size, then errors
    assert str(report.errors[0]).endswith(
        "field 'title' is past what @string macros may expand this file to; entry skipped"
    )


@pytest.mark.parametrize(
    ("field", "note"),
    [
        (f"year={'1' * 5000}", "no year (year = '" + "1" * 59 + "…')"),
        ("year={20201}", "no year (year = '20201')"),
    ],
)
def test_a_year_that_is_no_year_is_a_note_and_kept_as_written(field, note):
    ((pub, _),), report = read_bib(
        f"@article{{k, title={{T}}, author={{A B}}, {field}}}", "t.bib", []
    )
    assert "year" not in pub and pub["bibtex"]["year"] == field[5:].strip("{}")
    assert [str(n) for n in report.notes] == [f"t.bib:1:1: k: {note}"]


@pytest.mark.parametrize(
    ("field", "error"),
    [
        (f"year=2020, abstract={{{'word ' * 210_000}}}", "field 'abstract' is longer than 100,000 characters"),
        (f"year=2020, note={{{'a' * 100_001}}}", "field 'note' is longer than 100,000 characters"),
    ],
)  # fmt: skip
def test_absurd_fields_are_errors_naming_entry_and_field(field, error):
    pubs, report = read_bib(f"@article{{k, title={{T}}, author={{A B}}, {field}}}", "t.bib", [])
    assert pubs == [] and [str(e) for e in report.errors] == [
        f"t.bib:1:1: k: {error}; entry skipped"
    ]


def test_deep_braces_nul_bytes_and_unclosed_comments_are_read():
    deep = "{" * 10_000 + "Deep" + "}" * 10_000
    bib = (
        f"@article{{deep, title={{{deep}}}, author={{A B}}, year=2020}}\n"
        "@article{nul, title={N\x00ul}, author={A\x00 B}, year=2021}\x00\n"
        "@comment{ never closed\n"
        '@preamble{ "\\newcommand{\\x}{y}" \n'
        "@article{after, title={After}, author={A B}, year=2022}\n"
    )
    pubs, report = read_bib(bib, "t.bib", [])
    assert [(p["id"], p["title"]) for p, _ in pubs] == [
        ("deep", "Deep"), ("nul", "N\x00ul"), ("after", "After")
    ]  # fmt: skip
    assert report.errors == []  # the model refuses the NUL, naming the field
    assert [str(n) for n in report.notes] == [
        "t.bib:3:1: @comment not closed before the next entry; skipped",
        "t.bib:4:1: @preamble not closed before the next entry; skipped",
    ]


def test_keys_that_differ_only_in_case_are_different_entries_with_a_warning():
    bib = "@misc{Key, title={A}, author={A B}, year=2020}\n@misc{kEY, title={B}, author={C D}, year=2021}"
    pubs, report = read_bib(bib, "t.bib", [])
    assert [(p["id"], p["title"]) for p, _ in pubs] == [("Key", "A"), ("kEY", "B")]
    assert report.errors == []
    assert [str(n) for n in report.notes] == [
        "t.bib:2:1: kEY: key 'kEY' differs from 'Key' (line 1) only in case: both are kept, but "
        "BibTeX and LaTeX citations may confuse them"
    ]


def test_fields_that_were_dropped_silently_are_kept():
    pub = one(
        "@misc{k, title={T}, author={A B}, year=2020, arxiv={2401.00001}, eprint={2401.00001},"
        " archiveprefix={arXiv}, url={https://a.org/x\\_y}, howpublished={\\url{https://b.org}}}"
    )
    assert pub["links"] == {"paper": "https://a.org/x_y", "arxiv": "2401.00001"}
    assert pub["bibtex"] == {
        "archiveprefix": "arXiv", "eprint": "2401.00001", "howpublished": "\\url{https://b.org}"
    }  # fmt: skip


# --- generated input: read_bib returns a report, whatever it is given ---------------------


INLINE_BIB = (
    '@string{conf = "Proc. of Conf"}\n'
    "@inproceedings{a, title={A {GPU} Caf{\\'e} -- $\\alpha$}, author={Yuan*, Z. and Tang, Zhenheng"
    "$^{\\dagger}$ and others}, booktitle=conf # { 2020}, year=2020, month=jan, crossref={p},\n"
    "  url={\\url{https://x.org/a\\_b}}, keywords={ML, systems}, author+an={2=owner},\n"
    '  x-cvbuilder={{"priority": 2}}}\n'
    "@proceedings{p, title={Proceedings}, year=2020, editor={E F}}\n"
    '@comment{ a comment }\n@preamble{ "x" }\n'
)
HOSTILE_PIECES = [
    *"{}@\"=#,%\\()$^*~\n\x00 ", "@string{", "@comment{", "@preamble{", "@article{", "@misc(",
    "crossref={a}", " and ", "author={", "year=", "title=", "{{{{", "}}}}", "$^{\\dagger}$",
    "author+an={", "x-cvbuilder={", '{"title": null}', "[[[[[[", "\\textbraceleft{}", "\udcff",
]  # fmt: skip
BIB_SETTINGS = settings(max_examples=150, derandomize=True, deadline=None,
                        suppress_health_check=list(HealthCheck))  # fmt: skip


def mutated(text: str) -> st.SearchStrategy[str]:
    """``text`` with a few pieces cut, doubled or replaced by hostile ones."""
    edit = st.tuples(
        st.integers(0, len(text)),
        st.integers(0, 40),
        st.sampled_from(["cut", "dup", "insert"]),
        st.sampled_from(HOSTILE_PIECES) | st.text(max_size=8),
    )

    def apply(edits: list[tuple[int, int, str, str]]) -> str:
        out = text
        for at, size, how, piece in edits:
            at = min(at, len(out))
            if how == "cut":
                out = out[:at] + out[at + size :]
            elif how == "dup":
                out = out[:at] + out[at : at + size] * 2 + out[at + size :]
            else:
                out = out[:at] + piece + out[at:]
        return out

    return st.lists(edit, min_size=1, max_size=6).map(apply)


def reads_cleanly(text: str) -> None:
    pubs, report = read_bib(text, "t.bib", ["Zhenheng Tang"])
    assert isinstance(report, BibReport) and report.written == len(pubs)
    assert all(isinstance(p, dict) and isinstance(line, int) for p, line in pubs)


@BIB_SETTINGS
@given(st.data())
def test_mutated_real_bib_files_only_ever_give_a_report(data):
    files = sorted(SAMPLE_DIR.glob("*.bib")) if SAMPLE_DIR.is_dir() else []
    if not files:
        pytest.skip(f"sample data not found at {SAMPLE_DIR} (only in the project's workspace)")
    text = data.draw(st.sampled_from(files)).read_text("utf-8")
    reads_cleanly(data.draw(mutated(text)))


@BIB_SETTINGS
@given(mutated(INLINE_BIB) | st.lists(st.sampled_from(HOSTILE_PIECES), max_size=40).map("".join))
def test_mutated_bibtex_only_ever_gives_a_report(text):
    reads_cleanly(text)


@BIB_SETTINGS
@given(st.binary(max_size=300) | mutated(INLINE_BIB).map(lambda t: t.encode("utf-8", "replace")))
def test_random_bytes_only_ever_give_a_report(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("bytes") / "r.bib"
    path.write_bytes(raw)
    pubs, report = read_bib_file(path, [])
    assert isinstance(report, BibReport) and report.written == len(pubs)


# --- export: injection-proof, exact round trip -------------------------------------------

HOSTILE_TEXT = "a}b{c @article{x, title={pwn}} \" \\ % # ~ ^ _ $ & -- `` '' ?` \\end{document} é α"


def hostile_publication() -> Publication:
    return Publication.model_validate({
        "title": HOSTILE_TEXT, "venue": HOSTILE_TEXT, "venue_short": "X}", "note": "50% #1 \\",
        "authors": [{"name": "Smith and Wesson", "owner": True, "lead": True}, "others",
                    {"name": "A*B†‡", "equal": True}, {"name": "Tang, Zhenheng", "corresponding": True},
                    "Jean-Luc Picard, Jr.", "Z. Tang"],
        "year": 2024, "month": 3, "type": "conference", "selected": True, "et_al": True,
        "links": {"paper": "https://x.org/a}b{c\\d%20#f\"g@h,i=j", "doi": "10.1000/a}{\\b",
                  "code": "https://x.org/\\textbraceleft{}", "arxiv": "2401.00001"},
        "bibtex": {"pages": "1--2", "abstract": "line1\n@article{inj, title={x}}\nline3",
                   "odd}": "v", "bad": "a}b", "trail": "x\\", "escaped": "a \\} b {"},
        "tags": ["Systems", "llm"], "summary": "S", "priority": 3,
    })  # fmt: skip


def test_hostile_values_neither_end_a_field_nor_start_an_entry():
    pub = hostile_publication()
    text = export([pub, pub.model_copy(update={"id": "second"})])
    pubs, report = read_bib(text, "x.bib", ["Z. Tang"])
    assert (report.errors, report.notes) == ([], [])
    assert [Publication.model_validate(p) for p, _ in pubs] == [
        pub.model_copy(update={"id": "andwesson2024abc"}), pub.model_copy(update={"id": "second"})
    ]  # fmt: skip
    assert "pwn" not in [p["title"] for p, _ in pubs] and text.count("\n@") == 1


def test_text_links_and_roles_use_standard_fields():
    text = export([hostile_publication()])
    fields = dict(re.findall(r"^  ([\w+-]+) = \{(.*)\},?$", text, re.MULTILINE))
    assert fields["author+an"] == "1=owner,lead; 3=equal; 4=corresponding"
    assert "$^" not in fields["author"] and "dagger" not in fields["author"]
    assert fields["author"].startswith("{Smith and Wesson} and {others} and A{*}B{\\dag}{\\ddag}")
    assert fields["author"].endswith(" and Tang, Z. and others")
    assert (
        fields["url"]
        == 'https://x.org/a\\textbraceright{}b\\textbraceleft{}c\\textbackslash{}d%20#f"g@h,i=j'
    )
    assert fields["note"] == "50{\\%} {\\#}1 {\\textbackslash}"
    assert fields["pages"] == "1--2"
    # what BibTeX cannot hold (case and order of tags, a priority, unbalanced raw fields)
    extra = json.loads(fields[EXTRA])
    assert sorted(extra) == ["bibtex", "priority", "summary", "tags"]
    assert extra["bibtex"]["abstract"] == "line1\n@article{inj, title={x}}\nline3"
    strings = re.findall(r'"(?:[^"\\]|\\.)*"', fields[EXTRA])  # braces in them: \\u007b
    assert strings and not any("{" in s or "}" in s for s in strings)


def test_bibtex_itself_reads_the_export(tmp_path):
    import shutil
    import subprocess

    if not shutil.which("bibtex"):
        pytest.skip("bibtex is not installed")
    (tmp_path / "refs.bib").write_text(export([hostile_publication()]), encoding="utf-8")
    (tmp_path / "t.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n")
    done = subprocess.run(["bibtex", "t"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    bbl = (tmp_path / "t.bbl").read_text("utf-8")
    assert bbl.count("\\bibitem") == 1 and "pwn" in bbl  # the title, still one entry


def test_owner_marks_round_trip_even_where_names_would_guess_otherwise():
    authors = ["Z. Tang", "J. Huang", {"name": "Z. Tang", "owner": True}]
    marked = Publication.model_validate(
        {"title": "T", "authors": authors, "year": 2024, "type": "conference"}
    )
    unmarked = Publication.model_validate(
        {"title": "U", "authors": ["Zhenheng Tang"], "year": 2024, "type": "conference"}
    )
    pubs, report = read_bib(export([marked, unmarked]), "x.bib", ["Zhenheng Tang", "Z. Tang"])
    assert report.notes == []  # no "owner is ambiguous": the file says which
    assert [[a.get("owner", False) for a in p["authors"]] for p, _ in pubs] == [
        [False, False, True], [False]
    ]  # fmt: skip


def test_keys_are_ascii_and_unique():
    def pub(title: str, author: str, id: str | None = None) -> Publication:
        data = {"title": title, "authors": [author], "year": 2020, "type": "journal", "id": id}
        return Publication.model_validate(data)

    pubs = [pub("Über alles", "Ångström, Anders"), pub("Über alles", "Anders Ångström"),
            pub("X", "Y", id="Angstrom2020uber"), pub("Çà et là", "Łukasz Øster"),
            pub("A", "B", id="dup"), pub("C", "D", id="DUP")]  # fmt: skip
    keys = re.findall(r"^@\w+\{([^,]*),", export(pubs), re.MULTILINE)
    assert keys == ["angstrom2020ubera", "angstrom2020uberb", "Angstrom2020uber",
                    "oster2020ca", "dup", "DUPa"]  # fmt: skip
    assert all(k.isascii() for k in keys)
    again = [p["id"] for p, _ in read_bib(export(pubs), "x.bib", [])[0]]
    assert again[4:] == ["dup", "DUP"]  # an id BibTeX would merge comes back through x-cvbuilder


# --- generated publications: export → read_bib → the same data ---------------------------


PIECES = st.sampled_from([*"\\{}$&#^_%~<>|\"'`-,.!?*@=()[]", "--", "---", "``", "''", "?`",
                          " and ", "others", "$^{\\dagger}$", "\\textbraceleft{}", "\\url{",
                          "@article{x,", "\n@misc{y,", "*", "†", "‡", "  ", "\n"])  # fmt: skip
TEXT = st.lists(PIECES | st.characters(blacklist_categories=("Cs", "Cc")).filter(typesettable),
                min_size=1, max_size=20).map("".join).filter(lambda s: s.strip())  # fmt: skip
URL = st.lists(
    st.sampled_from([*'ab0/{}\\"%#@&=?,~_.', "%7B", "\\textbackslash{}", "\\_"]), max_size=15
).map(lambda parts: "https://x.org/" + "".join(parts))
AUTHOR = st.fixed_dictionaries(
    {"name": TEXT}, optional={r: st.booleans() for r in ("owner", "equal", "corresponding", "lead")}
)
RAW = st.lists(st.sampled_from([*'ab {}\\@\n"#%,=', "\n@article{z,", "{\\'e}"]), max_size=20).map(
    "".join
)
PUBLICATION = st.fixed_dictionaries(
    {"title": TEXT, "authors": st.lists(AUTHOR, min_size=1, max_size=4),
     "year": st.integers(1000, 9999), "type": st.sampled_from([t.value for t in PubType])},
    optional={
        "id": st.from_regex(r"[A-Za-z0-9_:.\-/+]{1,12}", fullmatch=True),
        "venue": TEXT, "venue_short": TEXT, "note": TEXT, "summary": TEXT,
        "month": st.integers(1, 12), "selected": st.booleans(), "et_al": st.booleans(),
        "priority": st.integers(-5, 5),
        "tags": st.lists(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,8}", fullmatch=True), max_size=3),
        "links": st.fixed_dictionaries({}, optional={
            "paper": URL, "pdf": URL, "code": URL, "video": URL, "project": URL, "slides": URL,
            "doi": URL.map(lambda u: "10.1234/" + u[14:] + "x"), "arxiv": st.just("2401.17644")}),
        "bibtex": st.dictionaries(st.sampled_from(["pages", "abstract", "Note2", "x y", "url", "crossref",
                                                   "journal", "keywords", "author+an", EXTRA]), RAW, max_size=3),
    },
)  # fmt: skip


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(PUBLICATION, min_size=1, max_size=3))
def test_generated_publications_round_trip_exactly(data):
    from pydantic import ValidationError

    try:
        pubs = [Publication.model_validate(d) for d in data]
    except ValidationError:
        return  # a publication the profile refuses cannot be exported
    text = export(pubs)
    again, report = read_bib(text, "x.bib", ["Zhenheng Tang"])
    assert report.errors == [] and report.notes == []
    back = [Publication.model_validate(p) for p, _ in again]
    assert len(back) == len(pubs)
    for pub, copy in zip(pubs, back, strict=True):
        assert copy == pub.model_copy(update={"id": pub.id or copy.id})


# --- classes of real-world input (each found in tests/data/wild) ---------------------------


@pytest.mark.parametrize(
    ("written", "name"),
    [
        (r"\textbf{Pratyush Mishra}", "Pratyush Mishra"),
        (r"\underline{Anubhav Baweja}", "Anubhav Baweja"),
        (r"{\bf Hogg}, {\bf Natalie B.}", "Natalie B. Hogg"),
        (r"\mkbibbold{Ferguson}, \mkbibbold{Deborah}", "Deborah Ferguson"),
        (r"\textbf{Marshall, H.P.}", "H.P. Marshall"),
        (r"\textbf{de Val-Borro}, \textbf{M.}", "M. de Val-Borro"),
        (r"{\myname{\myname{Ginsburg}}}, A.", "A. Ginsburg"),
        (r"{Evans}, II, Neal J.", "Neal J. Evans II"),
        (r"Iii, Hal Daum{\'e}", "Hal Daumé III"),
        (r"{Hosek}, Jr., Matthew", "Matthew Hosek Jr."),
    ],
)
def test_formatting_around_names_is_taken_off(written, name):
    pub = one(f"@misc{{k, title={{T}}, author={{Li, Bo and {written}}}, year=2020}}")
    assert [a["name"] for a in pub["authors"]] == ["Bo Li", name]


def test_a_user_macro_keeps_its_argument_and_is_reported_once_per_file():
    bib = "".join(
        f"@misc{{k{i}, title={{T{i} \\foo{{bar}} \\baz}}, author={{\\myname{{Ginsburg}}, A.}},"
        f" year=2020}}\n"
        for i in range(3)
    )
    pubs, report = read_bib(bib, "t.bib", ["Adam Ginsburg"])
    assert [p["title"] for p, _ in pubs] == ["T0 bar baz", "T1 bar baz", "T2 bar baz"]
    assert all(p["authors"] == [{"name": "A. Ginsburg", "owner": True}] for p, _ in pubs)
    assert [str(n) for n in report.notes] == [
        f"t.bib:1:1: k0: unknown macro \\{m} in 3 entries: its argument (or else its name) is "
        "printed as text"
        for m in ("foo", "baz", "myname")
    ]


def test_a_whole_name_macro_around_a_first_name_is_the_owner():
    bib = r"@misc{k, title={T}, author={\myname{eli} and Feller, Avi}, year=2019}"
    pubs, report = read_bib(bib, "t.bib", ["Ben-Michael, Eli"])
    assert pubs[0][0]["authors"] == [
        {"name": "Eli Ben-Michael", "owner": True},
        {"name": "Avi Feller"},
    ]
    assert "taken as the owner, Eli Ben-Michael" in str(report.notes[0])


@pytest.mark.parametrize(
    ("journal", "venue", "short"),
    [(r"\apj", "The Astrophysical Journal", "ApJ"), (r"{\mnras}", "Monthly Notices of the Royal "
     "Astronomical Society", "MNRAS"), (r"\aap", "Astronomy & Astrophysics", "A&A"),
     (r"\pasa", "Publications of the Astronomical Society of Australia", "PASA"),
     (r"\nat", "Nature", "Nature"), (r"\apjl", "The Astrophysical Journal Letters", "ApJL"),
     (r"\araa", "Annual Review of Astronomy and Astrophysics", "ARA&A")],
)  # fmt: skip
def test_ads_journal_macros_become_journal_names(journal, venue, short):
    pub = one(f"@article{{k, title={{T}}, author={{A, B}}, journal={{{journal}}}, year=2020}}")
    assert (pub["venue"], pub["venue_short"], pub["type"]) == (venue, short, "journal")


def test_an_unknown_macro_in_a_venue_keeps_its_name():
    pubs, report = read_bib(r"@article{k, title={T}, author={A, B}, journal={\jgrb}, year=2020}",
                            "t.bib", [])  # fmt: skip
    assert pubs[0][0]["venue"] == "jgrb"
    assert "unknown macro \\jgrb in this entry" in str(report.notes[0])


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (r"$\mathsf{FICS}$ and $\mathbf{x}$, $\mathcal{L}$, $\mathrm{d}$", "FICS and x, L, d"),
        (r"AC\({}^{\mbox{0}}\)[{\(\oplus\)}]", "AC⁰[⊕]"),
        (r"N$_2$H$^+$ and HCO$^{+}$", "N₂H⁺ and HCO⁺"),
        (r"20 km s$^{-1}$ or km s$^{{\ensuremath{-}}1}$", "20 km s⁻¹ or km s⁻¹"),
        (r"{Al}$_2${O}$_3$", "Al₂O₃"),
        (r"$B^{*0}$ and $p_T$ and $x^{n+1}$", "B*0 and pT and xⁿ⁺¹"),
        (r"\ce{H2O} and 1\textsuperscript{st}", "H₂O and 1st"),
        (r"$\sqrt{s} = 13\,\mathrm{TeV}$ in $c\bar{c}$", "sqrt(s) = 13 TeV in cc-bar"),
        (r"CO<sub>2</sub> &amp; <i>E. coli</i>", "CO₂ & E. coli"),
        (r"{\textdollar}{\textbackslash}mathrm\{AC\}{\^{}}0{\textdollar}", "AC⁰"),
    ],
)
def test_math_becomes_plain_letters_and_script_characters(title, text):
    got = one(f"@misc{{k, title={{{title}}}, author={{A, B}}, year=2020}}")["title"]
    assert got == text
    assert not set(got) & set("^_$\\") and all(typesettable(c) for c in got)


@pytest.mark.parametrize(
    ("doi", "links"),
    [
        ("doi: 10.1038/x", {"doi": "10.1038/x"}),
        ("DOI:10.1038/x", {"doi": "10.1038/x"}),
        ("https://dx.doi.org/10.1038/x", {"doi": "10.1038/x"}),
        ("http://doi.org/10.1038/x", {"doi": "10.1038/x"}),
        ("10/f5xswg", {"doi": "10/f5xswg"}),
        ("http://figshare.com/articles/x/1", {"paper": "http://figshare.com/articles/x/1"}),
    ],
)
def test_dois_are_normalised_and_a_web_address_becomes_a_link(doi, links):
    pubs, report = read_bib(f"@misc{{k, title={{T}}, author={{A, B}}, year=2020, doi={{{doi}}}}}",
                            "t.bib", [])  # fmt: skip
    assert pubs[0][0]["links"] == links and report.errors == []
    assert ("doi" in links) == (report.notes == [])


@pytest.mark.parametrize(
    "written",
    ["Tessum, Christopher W.", "C. W. Tessum", "Tessum, C.", "Christopher Tessum", "Tessum, Chris W",
     "Tessum, CW", "Tessum, C.W."],
)  # fmt: skip
def test_the_owner_matches_with_middle_initials_and_either_order(written):
    for owner in ("Christopher Tessum", "C. Tessum", "Tessum, Christopher W."):
        assert Name.parse(written).matches(Name.parse(owner)), (written, owner)
    other = Name.parse("Tessum, Christopher Q.")  # another middle initial: another person
    assert Name.parse(written).matches(other) == ("W" not in written)


@pytest.mark.parametrize(
    ("written", "owner"),
    [("Calero Valdez, Andr{\\'e}", "Calero Valdez, André"),
     ("Valdez, Andr{\\'e} Calero", "Calero Valdez, André"),
     ("DJ Short Gianotti", "Short Gianotti, D. J."), ("M{\\\"u}ller, A", "Müller, A."),
     ("de Val-Borro, M.", "de Val-Borro, M."), ("{de Val-Borro}, Miguel", "de Val-Borro, M."),
     ("Jean-Luc Picard", "Picard, J.-L."), ("Cazelles, K{\\'e}vin", "Cazelles, Kevin")],
)  # fmt: skip
def test_the_owner_matches_accents_hyphens_and_split_surnames(written, owner):
    pub = one(f"@misc{{k, title={{T}}, author={{Other, Ann and {written}}}, year=2020}}", (owner,))
    assert [a.get("owner", False) for a in pub["authors"]] == [False, True]


def test_entries_without_authors_are_the_owners_and_build(tmp_path):
    (tmp_path / "talks.bib").write_text(
        "@booklet{talk, title={A Talk}, author={}, year={}, howpublished={Workshop}}\n"
        "@misc{grant, title={A Grant}, year=2021, note={\\$750,000}}\n"
        "@techreport{conf, title={A Note}, collaboration={LHCb collaboration}, year=2013}\n"
    )
    pubs, report = read_bib_file(tmp_path / "talks.bib", ["Ada Lovelace"])
    assert [p["authors"] for p, _ in pubs] == [
        [{"name": "Ada Lovelace", "owner": True}], [{"name": "Ada Lovelace", "owner": True}],
        [{"name": "LHCb collaboration"}],
    ]  # fmt: skip
    assert report.errors == [] and "year" not in pubs[0][0]
    assert not any("skipped" in str(n) for n in report.notes)
    (tmp_path / "p.yaml").write_text("person: {name: Ada Lovelace}\nbibliography: [talks.bib]\n")
    build(load(tmp_path / "p.yaml"), ["cv"], tmp_path / "out")
    text = flat(pdf_text(tmp_path / "out" / "cv.pdf"))
    assert "Ada Lovelace. “A Talk”. Workshop" in text and "Ada Lovelace. “A Grant”. 2021." in text
    pubs, report = read_bib_file(tmp_path / "talks.bib", [])  # no owner known: no author line
    assert pubs[0][0]["authors"] == [] and "no author: listed without authors" in str(report.notes)


def test_a_work_without_year_prints_no_year(tmp_path):
    (tmp_path / "t.bib").write_text("@misc{t, title={Talk}, author={A, B}, howpublished={W}}")
    (tmp_path / "p.yaml").write_text("person: {name: B A}\nbibliography: [t.bib]\n")
    tex = render(load(tmp_path / "p.yaml"), "cv")
    assert "None" not in tex


def test_container_volumes_are_not_publications():
    bib = (
        "@inproceedings{p, title={Paper}, author={Lovelace, Ada}, crossref={conf}}\n"
        "@proceedings{conf, title={Proceedings of X}, editor={Other, Ed}, year=2020}\n"
        "@collection{coll, title={A Collection}, editor={Other, Ed}, year=2020}\n"
        "@proceedings{mine, title={Proceedings I edited}, editor={Lovelace, Ada}, year=2021}\n"
        "@book{book, title={Book}, author={Other, Ed}, year=2020}\n"
        "@incollection{ch, title={Chapter}, author={Lovelace, Ada}, crossref={book}}\n"
    )
    pubs, report = read_bib(bib, "t.bib", ["Ada Lovelace"])
    assert [p["id"] for p, _ in pubs] == ["p", "mine", "ch"]
    assert [str(n).split(": ", 2)[2] for n in report.notes if "not listed" in str(n)] == [
        "@proceedings that other entries cite (crossref): not listed as a publication",
        "@collection that does not name the owner: a volume, not listed as a publication",
        "@book that other entries cite (crossref): not listed as a publication",
    ]


def test_files_broken_beyond_a_plain_read_are_repaired_with_a_note(tmp_path):
    bib = (
        "<<<<<<< HEAD\n"
        "@article{open, title={Open}, author={A, B}, year=2020,\n  selected={true}\n\n"
        '@article{next, title={Next}, author={M{\\"uller, A and Guido, S.}}, year=2021}\n'
        "%@grant{old,\n%  title = {Old},\n%}\n"
        "@article{list, title={L}, author={Akbar, R, DJ Short Gianotti, GD Salvucci}, year=2019}\n"
    )
    pubs, report = read_bib(bib, "t.bib", [])
    assert [p["id"] for p, _ in pubs] == ["open", "next", "list"] and report.errors == []
    assert pubs[1][0]["authors"] == [{"name": "A Müller"}, {"name": "S. Guido"}]
    assert [a["name"] for a in pubs[2][0]["authors"]] == [
        "R Akbar",
        "DJ Short Gianotti",
        "GD Salvucci",
    ]
    assert [str(n).split(": ", 1)[1] for n in report.notes] == [
        "git merge-conflict marker '<<<<<<< HEAD' ignored; check the entries around it",
        "open: entry not closed before the next one; '}' added",
        "next: braces around the authors repaired: read as 'M{\\\\\"u}ller, A and Guido, S.'",
        "old: commented out with '%'; skipped",
        "list: authors separated by commas or line breaks: read as 3 people",
    ]


def test_special_characters_suffixes_and_braced_names_round_trip():
    pub = Publication.model_validate({
        "title": 'x^2 and "quoted" y_1 $5 50% {a}', "type": "journal", "year": 2020,
        "authors": ["Neal J. Evans II", "Smith and Wesson", "Hal Daumé III", "Lievens, H and B, I"],
    })  # fmt: skip
    text = export([pub])
    assert "Evans, II, Neal J." in text and "{Smith and Wesson}" in text and EXTRA not in text
    back = Publication.model_validate(read_bib(text, "x.bib", [])[0][0][0])
    assert back == pub.model_copy(update={"id": back.id})


def test_import_and_validation_of_300_real_entries_is_fast():
    import time

    wild = ROOT / "tests" / "data" / "wild" / "bib"
    files = ["keflavich__cv__cv.bib", "Sumidu__calerovaldez.com__2026-07-07-pubs.bib"]
    read_bib_file(wild / "ctessum__cv__cv.bib", [])  # imports done
    started = time.perf_counter()
    pubs = [p for f in files for p, _ in read_bib_file(wild / f, ["Ginsburg, Adam"])[0]]
    for pub in pubs[:300]:
        Publication.model_validate(pub)
    seconds = (time.perf_counter() - started) * 300 / len(pubs)
    assert seconds < 1.5  # 0.5 s is the target; this machine's speed varies threefold
