"""Real builds of the project's profile.yaml with TeX Live, read back from the PDFs."""

from pathlib import Path

import pytest
from pypdf import PdfReader

from cvbuilder.build import build, render
from cvbuilder.load.profile import load
from cvbuilder.tex.compile import TexError

from .conftest import ROOT, flat, pdf_pages, pdf_text

PROFILE = ROOT / "profile.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    build(load(PROFILE), ["cv", "resume"], out)
    return out


def test_cv_has_every_publication_title_and_section(built):
    profile = load(PROFILE)
    text = flat(pdf_text(built / "cv.pdf"))
    missing = [p.title for p in profile.publications if flat(p.title) not in text]
    assert not missing
    assert len(profile.publications) == 28
    for heading in [
        "Education",
        "Publications",
        "Honors and Awards",
        "Professional Service",
        "Teaching",
        "News",
    ]:
        assert heading in text
    for award in profile.awards:
        assert flat(award.title) in text
    for venue in (v for g in profile.service for v in g.venues):
        assert flat(venue.name) in text


def test_resume_is_one_page_with_the_selected_publications(built):
    profile = load(PROFILE)
    assert pdf_pages(built / "resume.pdf") == 1
    text = flat(pdf_text(built / "resume.pdf"))
    selected = [p.title for p in profile.publications if p.selected]
    assert selected and all(flat(t) in text for t in selected)
    unselected = [p.title for p in profile.publications if not p.selected]
    assert not any(flat(t) in text for t in unselected)


def test_name_first_and_metadata(built):
    for name, kind in [("cv", "Curriculum Vitae"), ("resume", "Résumé")]:
        pdf = built / f"{name}.pdf"
        assert pdf_text(pdf).splitlines()[0] == "Zhenheng Tang"
        meta = PdfReader(pdf).metadata
        assert meta.title == f"Zhenheng Tang — {kind}"
        assert meta.author == "Zhenheng Tang"


def test_no_overfull_boxes_and_tex_written_next_to_pdf(built):
    for name in ("cv", "resume"):
        log = (built / f"{name}.log").read_text()
        assert "Overfull" not in log
        assert (built / f"{name}.tex").read_text() == render(load(PROFILE), name)


def test_the_owner_is_bold_only_where_marked():
    tex = render(load(PROFILE), "cv")
    # ICPP 2024: the first "Z. Tang" is someone else, the fifth is the owner.
    line = next(x for x in tex.splitlines() if "Bandwidth{-}Aware" in x)
    assert line.count(r"\textbf{Z.~Tang}") == 1
    assert line.index("Z.~Tang,") < line.index(r"\textbf{Z.~Tang}")


def test_a_failed_build_keeps_the_previous_pdf(tmp_path, monkeypatch):
    profile = load(ROOT / "tests" / "data" / "minimal.yaml")
    build(profile, ["cv"], tmp_path)
    good = (tmp_path / "cv.pdf").read_bytes()
    import cvbuilder.build as build_module

    broken = r"\documentclass{article}\begin{document}\undefined\end{document}"
    monkeypatch.setattr(
        build_module, "make", lambda p, job, out: build_module.compile_to(broken, job.name, out)
    )
    with pytest.raises(TexError) as info:
        build(profile, ["cv"], tmp_path)
    assert "Undefined control sequence" in str(info.value)
    assert (tmp_path / "cv.pdf").read_bytes() == good
    assert (tmp_path / "failed" / "cv.log").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cv-")]
    monkeypatch.undo()
    build(profile, ["cv"], tmp_path / "elsewhere")  # an unrelated build keeps the evidence
    assert (tmp_path / "failed" / "cv.log").exists()
    build(profile, ["cv"], tmp_path)  # the good document again (reused, not recompiled)
    assert not (tmp_path / "failed").exists()


def _huge_paper(tmp_path: Path, authors: int) -> Path:
    import yaml

    names = [f"Author{i} Collaborationmember{i}" for i in range(authors)]
    pub = {"title": "The Huge Collaboration Paper", "authors": names, "venue": "Physics",
           "year": 2020, "type": "journal"}  # fmt: skip
    path = tmp_path / "huge.yaml"
    path.write_text(yaml.safe_dump({"person": {"name": "Ada Lovelace"}, "publications": [pub]}))
    return path


def test_an_entry_taller_than_a_page_is_named_in_a_warning(tmp_path):
    from click.testing import CliRunner

    from cvbuilder.cli.commands import main

    profile = _huge_paper(tmp_path, 5000)
    result = CliRunner().invoke(main, ["build", str(profile), "-v", "cv", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    what = "publications: The Huge Collaboration Paper (2020): this entry is about 48 pages tall"
    assert what in result.output
    assert "Overfull \\vbox" not in result.output  # TeX's anonymous line is replaced
    assert pdf_pages(tmp_path / "cv.pdf") == 49  # split across pages: nothing runs off a page


def test_lines_longer_than_texs_buffer_are_broken_at_spaces(tmp_path):
    """12,000 authors are one 400 KB line of LaTeX; TeX's buffer holds 200,000 bytes."""
    profile = load(_huge_paper(tmp_path, 12000))
    tex = render(profile, "cv")
    assert max(len(line) for line in tex.splitlines()) <= 8000
    build(profile, ["cv"], tmp_path / "out")
    assert "Author11999 Collaborationmember11999" in flat(pdf_text(tmp_path / "out" / "cv.pdf"))
