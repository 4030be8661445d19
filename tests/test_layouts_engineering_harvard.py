"""The `engineering` and `harvard` layouts: one-page résumés of the repository's profile and the
full test profile, on A4 and Letter, that read cleanly as text; and what sets them apart (their
defaults, dates flush right, the date column when asked)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from cvbuilder import registry
from cvbuilder.build import Job, build, render_variant
from cvbuilder.load.profile import load
from cvbuilder.schema.dates import span
from cvbuilder.schema.model import Variant

from .conftest import DATA, ROOT, flat, pdf_text

LAYOUTS = ("engineering", "harvard")
PROFILES = {"tang": ROOT / "profile.yaml", "full": DATA / "full.yaml"}
PAPER = {"a4": (595, 842), "letter": (612, 792)}


def variant(layout: str, paper: str, **options: object) -> Variant:
    return Variant(layout=layout, max_pages=1, options={"paper": paper, **options})


@pytest.fixture(
    scope="module",
    params=[(lay, p, paper) for lay in LAYOUTS for p in PROFILES for paper in PAPER],
    ids=lambda param: "-".join(param),
)
def built(request, tmp_path_factory):
    """Each layout × profile × paper as a one-page résumé: the profile, the build result, the
    PDF and the LaTeX it was made from."""
    layout, name, paper = request.param
    profile = load(PROFILES[name])
    out = tmp_path_factory.mktemp(f"{layout}-{name}-{paper}")
    (result,) = build(profile, [Job(layout, variant(layout, paper))], out)
    tex = (out / f"{layout}.tex").read_text("utf-8")
    return profile, result, out / f"{layout}.pdf", tex, paper


def test_one_page_of_the_paper_asked_for_without_overfull_lines(built):
    _, result, pdf, _, paper = built
    assert result.pages == 1
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == PAPER[paper]
    assert not [w for w in result.warnings if w.startswith("Overfull")], result.warnings


def test_name_first_and_no_ligature_code_points(built):
    profile, _, pdf, _, _ = built
    for mode in ("", "raw"):
        text = pdf_text(pdf, mode)
        assert text.splitlines()[0] == profile.person.name
        assert not re.search("[\ufb00-\ufb06]", text)


def test_dates_extract_as_printed(built):
    """Every education date (never left out) and the dates of every job the budget kept."""
    profile, _, pdf, tex, _ = built
    text = flat(pdf_text(pdf, ""))
    for entry in profile.education:
        assert span(entry.start, entry.end) in tex
    for entry in [*profile.education, *profile.experience]:
        if span(entry.start, entry.end) in tex:
            assert span(entry.start, entry.end) in text


def headings(tex: str) -> set[str]:
    """The section headings of a document, as text, in capitals (engineering sets them so)."""
    found = re.findall(r"\\cv(?:sub)?section\{((?:[^{}]|\{[^{}]*\})*)\}", tex)
    return {flat(re.sub(r"\\[a-zA-Z]+|[{}]", "", h)).upper() for h in found}


def test_no_page_ends_with_a_heading(built):
    _, _, pdf, tex, _ = built
    titles = headings(tex)
    assert titles
    pages = len(PdfReader(pdf).pages)
    for page in range(1, pages + 1):
        args = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
        text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
        lines = [flat(line) for line in text.splitlines() if line.strip()]
        body = [line for line in lines if "·" not in line and not line.startswith("Page ")]
        assert body and body[-1].upper() not in titles, (page, body[-1])


def test_one_reading_order(built):
    """Dates flush right still extract beside their entry, in both pdftotext modes."""
    _, _, pdf, _, _ = built
    assert flat(pdf_text(pdf, "")).split() == flat(pdf_text(pdf, "raw")).split()


# --- without TeX -------------------------------------------------------------------------------


def tex_of(layout: str, profile: Path = DATA / "full.yaml", **options: object) -> str:
    return render_variant(load(profile), Variant(layout=layout, options=options))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_defaults_black_dates_right_no_markers_or_advisors(layout):
    module = registry.get(layout)
    options = module.Options()
    assert options.accent_color == "000000" and options.date_position == "right"
    assert not options.roles and not options.advisors
    tex = tex_of(layout)
    assert r"\colorlet{cvmuted}{black}" in tex and re.search(r"^\\cvdatesright$", tex, re.M)
    assert r"\cvengentry{" in tex  # the title lines carry the dates at the margin
    assert "P. Maupertuis" not in tex  # no advisors
    assert r"\textdagger" not in tex  # no role markers
    with_all = tex_of(layout, roles=True, advisors=True)
    assert "P. Maupertuis" in with_all and r"\textdagger" in with_all


def test_engineering_is_jakes_and_harvard_the_career_office_template():
    eng, harvard = registry.get("engineering"), registry.get("harvard")
    assert eng.Options().font == "charter" and eng.Options().margins == 1.27
    assert not eng.LOOK.page_numbers and eng.LOOK.kind == "documents.resume"
    assert harvard.Options().font == "times" and harvard.DEFAULT_SECTIONS[0] == "education"
    assert harvard.LOOK.page_numbers and harvard.LOOK.kind == "documents.resume"
    assert r"\MakeUppercase" in tex_of("engineering")  # capitals over a rule
    assert r"\centering\bfseries" in tex_of("harvard")  # centred bold headings
    assert r"\usepackage{mathptmx}" in tex_of("harvard")  # Times


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_date_column_when_dates_go_left(layout):
    tex = tex_of(layout, date_position="left")
    assert not re.search(r"^\\cvdatesright$", tex, re.M) and r"\cvengentry" not in tex
    assert r"\cvline{" in tex and "Sep 1730 – Jun 1735" in tex


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_section_renders(layout):
    from cvbuilder.schema.model import SECTIONS

    profile = load(DATA / "full.yaml")
    tex = render_variant(profile, Variant(layout=layout, sections=[*SECTIONS, "talks"]))
    for text in (
        "Institutions de Physique",
        "PHY101",
        "Program committee member",
        "ARS 1738",
        "Prize mention",
        "On Fire",
        "Energy conservation",
        "Started a translation",
    ):
        assert text in tex, text  # fmt: skip
    assert tex.count(r"\cvmark{") > 10  # positions for the page budget
