"""Real .bib files from public CVs (tests/data/wild/bib, and ../shared/samples when present), as
downloaded: each imports without dropping a work, builds, keeps its owner, and round-trips.

tests/data/wild/README.md says where each file comes from and what is odd about it."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from cvbuilder.build import build, render
from cvbuilder.formats.bibtex import Name, export, read_bib, read_bib_file
from cvbuilder.load.profile import load
from cvbuilder.render.latex.blocks import esc
from cvbuilder.schema.charset import SUBSCRIPTS, SUPERSCRIPTS
from cvbuilder.schema.model import Publication

from .conftest import DATA, SAMPLES, pdf_text

WILD = DATA / "wild" / "bib"
OWNERS: dict[str, str] = json.loads((DATA / "wild" / "owners.json").read_text("utf-8"))
SAMPLE_OWNERS = {"bib-42Shawn-papers.bib": "Yuzhang Shang", "bib-594zyc-papers.bib": "Yichi Zhang"}
FILES = [pytest.param(p, OWNERS[p.name], id=p.name) for p in sorted(WILD.glob("*.bib"))]
if SAMPLES.is_dir():
    FILES += [pytest.param(p, SAMPLE_OWNERS.get(p.name), id=p.name)
              for p in sorted(SAMPLES.glob("*.bib"))]  # fmt: skip
else:
    FILES.append(pytest.param(None, None, id="shared-samples", marks=pytest.mark.skip(
        reason=f"sample data not found at {SAMPLES} (only in the project's workspace)")))  # fmt: skip

# Varied files that are compiled for real: ADS macros and math, DBLP crossrefs, bold and user
# macros around names, talks without authors, Windows-1252, a merge conflict, a misplaced brace,
# chemical formulae, particle physics.
COMPILED = [
    "keflavich__cv__cv.bib",
    "nutanlimaye__nutanlimaye.github.io__dblp-withcrossref.bib",
    "Pratyush__cv__pubs.bib",
    "AlecThomson__alecthomson.github.io__publications.bib",
    "ebenmichael__resume__my_papers.bib",
    "dgianotti__CV__cv.bib",
    "amazeliauskas__amazeliauskas.github.io__papers.bib",
    "amueller__cv__cv.bib",
    "wch3n__cv__cv.bib",
    "alexshires__cv__cv.bib",
]

# What the files the README lists as broken beyond a plain read must say about their repair.
REPAIRS = {
    "dgianotti__CV__cv.bib": ["not UTF-8 (byte 0x92); read as Windows-1252"],
    "amazeliauskas__amazeliauskas.github.io__papers.bib": [
        "git merge-conflict marker '<<<<<<< HEAD' ignored",
        "Heller:2023mah: entry not closed before the next one; '}' added",
    ],
    "amueller__cv__cv.bib": ["amuellerintropython: braces around the authors repaired"],
    "dgianotti__CV__djsg.bib": ["nasa_cc_2025: commented out with '%'; skipped"],
}
_SCRIPT_BASE = str.maketrans({**SUPERSCRIPTS, **SUBSCRIPTS, "\u2212": "-"})


def plain(text: str) -> str:
    """Letters and digits only, lower case, without accents: how a title is compared with what
    pdftotext or the .tex has (sub- and superscripts extract as their base characters)."""
    text = unicodedata.normalize("NFKD", text.translate(_SCRIPT_BASE).replace("…", "..."))
    return "".join(c for c in text.casefold() if c.isalnum())


def profile_for(tmp_path: Path, bib: Path, owner: str | None) -> Path:
    path = tmp_path / "profile.yaml"
    person = {"name": owner or "Someone Else"}
    path.write_text(json.dumps({"person": person, "bibliography": [str(bib)]}), encoding="utf-8")
    return path


def owner_named_in(bib: Path, owner: str) -> bool:
    """The owner's family name is written in the file (TeX accents and braces aside)."""
    text = re.sub(r"\\[^A-Za-z\s]|[{}]", "", bib.read_text("utf-8", errors="replace"))
    return " ".join(Name.parse(owner).last.split()).casefold() in plain_words(text)


def plain_words(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@pytest.mark.parametrize(("bib", "owner"), FILES)
def test_every_file_imports_builds_and_round_trips(tmp_path, bib, owner):
    owners = [owner] if owner else []
    pubs, report = read_bib_file(bib, owners)
    assert report.errors == [], [str(e) for e in report.errors]  # no work dropped
    assert report.written == len(pubs) > 0
    notes = [str(n) for n in report.notes]
    for repair in REPAIRS.get(bib.name, []):
        assert any(repair in n for n in notes), (repair, notes)

    warnings: list = []
    profile = load(profile_for(tmp_path, bib, owner), warnings)
    tex = re.sub(r"\s+", " ", render(profile, "cv"))
    for pub in profile.publications:
        assert re.sub(r"\s+", " ", esc(pub.title)) in tex, pub.title
    if owner and owner_named_in(bib, owner):
        assert any(a.owner for p in profile.publications for a in p.authors)

    first = [Publication.model_validate(p) for p, _ in pubs]
    again, back_report = read_bib(export(first), "export.bib", owners)
    assert back_report.errors == []
    assert [Publication.model_validate(p) for p, _ in again] == first


@pytest.mark.parametrize("name", COMPILED)
def test_real_pdfs_hold_every_title_and_the_owner_in_bold(tmp_path, name):
    bib, owner = WILD / name, OWNERS[name]
    profile = load(profile_for(tmp_path, bib, owner))
    build(profile, ["cv"], tmp_path / "out")
    pages = pdf_text(tmp_path / "out" / "cv.pdf").split("\f")
    # Each page ends with its footer (name, page number); a title may run across a page break.
    text = plain(" ".join(page.rstrip().rpartition("\n")[0] for page in pages))
    missing = [p.title for p in profile.publications if plain(p.title) not in text]
    assert not missing
    tex = (tmp_path / "out" / "cv.tex").read_text("utf-8")
    owners = {esc(a.name).replace(" ", "~") for p in profile.publications for a in p.authors
              if a.owner}  # fmt: skip
    assert owners and all(f"\\textbf{{{o}}}" in tex for o in owners)
    surname = esc(Name.parse(owner).last).replace(" ", "~")
    assert all(surname in o for o in owners)


def test_journal_macros_math_and_names_of_ads_exports():
    pubs = {p["id"]: p for p, _ in read_bib_file(WILD / "keflavich__cv__cv.bib", [OWNERS[
        "keflavich__cv__cv.bib"]])[0]}  # fmt: skip
    assert (pubs["2008A&A...480..775V"]["venue"], pubs["2008A&A...480..775V"]["venue_short"]) == (
        "Astronomy & Astrophysics", "A&A")  # fmt: skip
    titles = " ".join(p["title"] for p in pubs.values())
    assert "HCO⁺ and N₂H⁺" in titles and "20 km s⁻¹ Cloud" in titles
    assert not re.search(r"[\\^_$]", titles)
    names = {a["name"] for p in pubs.values() for a in p["authors"]}
    assert "Neal J. Evans II" in names  # {Evans}, II, Neal J.
    owner = [a["name"] for p in pubs.values() for a in p["authors"] if a.get("owner")]
    assert len(owner) == 235 and {n.split()[-1] for n in owner} == {"Ginsburg"}  # \myname{…}


@pytest.mark.parametrize(
    ("name", "key", "title"),
    [
        ("Pratyush__cv__pubs.bib", "BawejaMMS25", "FICS and FACS: Fast IOPPs and Accumulation"),
        ("nutanlimaye__nutanlimaye.github.io__dblp-withcrossref.bib",
         "DBLP:journals/siamcomp/LimayeSSTV21", "Theorem for AC⁰[⊕] via the Coin Problem"),
        ("wch3n__cv__cv.bib", None, "Al₂O₃-HfO₂"),
    ],
)  # fmt: skip
def test_math_becomes_plain_letters_and_scripts(name, key, title):
    pubs = {p["id"]: p for p, _ in read_bib_file(WILD / name, [OWNERS[name]])[0]}
    titles = [pubs[key]["title"]] if key else [p["title"] for p in pubs.values()]
    assert any(title in t for t in titles), titles


@pytest.mark.parametrize(
    ("name", "owner", "marked"),
    [
        ("Pratyush__cv__pubs.bib", "Pratyush Mishra", 21),  # \textbf{Pratyush Mishra}
        ("hpmarshall__myCV__mypubs2.bib", "Marshall, H.P.", 143),  # \textbf{Marshall, H.P.}
        ("migueldvb__bibtex__miguel_preprints.bib", "de Val-Borro, M.", 7),  # \textbf{de Val-Borro}
        ("nataliehogg__cv__mypapers.bib", "Hogg, Natalie B.", 17),  # {\bf Hogg}, {\bf Natalie B.}
        ("ctessum__cv__cv.bib", "Christopher Tessum", 51),  # Tessum, Christopher W.; Chris W
        ("Sumidu__calerovaldez.com__2026-07-07-pubs.bib", "Calero Valdez, André", 184),
        ("dgianotti__CV__cv.bib", "DJ Short Gianotti", 26),  # "Akbar, R, DJ Short Gianotti, …"
        ("ebenmichael__resume__my_papers.bib", "Ben-Michael, Eli", 9),  # \myname{eli}, no authors
    ],
)  # fmt: skip
def test_the_owner_is_found_however_the_file_writes_the_name(name, owner, marked):
    pubs, _ = read_bib_file(WILD / name, [owner])
    assert sum(any(a.get("owner") for a in p["authors"]) for p, _ in pubs) == marked
    assert not any("extbf" in a["name"] or "\\" in a["name"] for p, _ in pubs for a in p["authors"])


def test_the_owner_summary_names_the_entries_without_the_owner():
    _, report = read_bib_file(WILD / "AlecThomson__alecthomson.github.io__publications.bib",
                              ["Thomson, Alec J. M."])  # fmt: skip
    assert [str(n).split(": ", 1)[1] for n in report.notes if n.line is None] == [
        "the owner (Alec J. M. Thomson) is marked in 36 of 37 entries; not in: 2024A&C....4700804T"
    ]


def test_duplicate_keys_keep_different_works_and_one_copy_of_the_same():
    pubs, report = read_bib_file(WILD / "KevCaz__CV__works.bib", [OWNERS["KevCaz__CV__works.bib"]])
    ids = [p["id"] for p, _ in pubs]
    assert "Cazelles_2023" in ids and "Cazelles_2023-2" in ids and len(ids) == len(set(ids))
    pubs, report = read_bib_file(WILD / "bcaffo__cv__pubs.bib", ["Caffo, B"])
    ids = {p["id"] for p, _ in pubs}
    assert {"Harrison", "harrison", "doi:10.1198/jcgs.2010.10007"} <= ids
    assert any("only in case" in str(n) for n in report.notes)


def test_dois_are_bare_and_a_web_address_in_doi_becomes_a_link():
    darwin = read_bib_file(WILD / "DarwinAwardWinner__resume__mypubs.bib", [])[0]
    assert darwin[0][0]["links"]["doi"] == "10/f5xswg"
    pubs, report = read_bib_file(WILD / "katyhuff__CV__cv.bib", [OWNERS["katyhuff__CV__cv.bib"]])
    dois = [p["links"]["doi"] for p, _ in pubs if "doi" in p.get("links", {})]
    assert dois and all(re.match(r"10[./]", d) for d in dois)
    assert any("is a web address, not a DOI: linked as the" in str(n) for n in report.notes)


def test_container_entries_and_talks_without_authors():
    name = "nutanlimaye__nutanlimaye.github.io__dblp-withcrossref.bib"
    pubs, report = read_bib_file(WILD / name, [OWNERS[name]])
    parents = [n for n in report.notes if "@proceedings that other entries cite" in str(n)]
    assert len(parents) == 39 and len(pubs) == 118
    talks, report = read_bib_file(WILD / "ebenmichael__resume__my_papers.bib", ["Ben-Michael, Eli"])
    uai = next(p for p, _ in talks if p["id"] == "benmichael2018_uai")
    assert uai["authors"] == [{"name": "Eli Ben-Michael", "owner": True}] and "year" not in uai
    pubs, _ = read_bib_file(WILD / "ebenmichael__resume__my_papers.bib", [])
    assert next(p for p, _ in pubs if p["id"] == "benmichael2018_uai")["authors"] == []
