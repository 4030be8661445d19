"""What applicant tracking systems read: the PDF's text layer, checked for every layout."""

import re

import pytest
from pypdf import PdfReader

from cvbuilder import registry
from cvbuilder.build import Job, build
from cvbuilder.load.profile import load
from cvbuilder.schema.dates import span
from cvbuilder.schema.model import Variant

from .conftest import DATA, ROOT, flat, made_formats, pdf_text

PROFILES = {"tang": ROOT / "profile.yaml", "full": DATA / "full.yaml"}
ENGINES = ("pdflatex", "xelatex")


@pytest.fixture(
    scope="module",
    params=[(lay, p, e) for lay in registry.names() for p in PROFILES for e in ENGINES],
    ids=lambda param: "-".join(param),
)
def built(request, tmp_path_factory):
    """Every layout × profile × engine: the text layer is as clean under XeLaTeX."""
    layout, name, engine = request.param
    profile = load(PROFILES[name])
    out = tmp_path_factory.mktemp(f"{layout}-{name}-{engine}")
    build(profile, [Job(layout, Variant(layout=layout, engine=engine))], out)
    return profile, out / f"{layout}.pdf"


def test_no_ligature_code_points(built):
    _, pdf = built
    for mode in ("raw", ""):
        text = pdf_text(pdf, mode)
        assert not re.search("[\ufb00-\ufb06]", text)
    assert "fi" in pdf_text(pdf) or "fl" in pdf_text(pdf)


def test_no_words_broken_across_lines(built):
    _, pdf = built
    text = pdf_text(pdf, "")
    assert not re.search(r"[a-z]-\n[a-z]", text)


def test_one_reading_order(built):
    _, pdf = built
    assert flat(pdf_text(pdf, "")).split() == flat(pdf_text(pdf, "raw")).split()


def test_name_first_dates_and_links_as_written(built):
    profile, pdf = built
    text = pdf_text(pdf, "")
    assert text.splitlines()[0] == profile.person.name
    body = flat(text)
    for entry in [*profile.education, *profile.experience]:
        assert span(entry.start, entry.end) in body
    uris = {
        a.get_object()["/A"]["/URI"]
        for page in PdfReader(pdf).pages
        for a in page.get("/Annots", [])
    }
    wanted = {u for u in [profile.person.homepage, *(p.url for p in profile.person.profiles)] if u}
    if profile.person.email:
        wanted.add("mailto:" + profile.person.email)
        assert profile.person.email in body
    assert wanted <= uris


def test_identical_input_gives_identical_pdfs(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    profile = load(DATA / "full.yaml")
    build(profile, ["cv", "resume"], tmp_path / "a")
    build(profile, ["cv", "resume"], tmp_path / "b")
    for name in ("cv.pdf", "resume.pdf", "cv.tex"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert b"CreationDate" not in (tmp_path / "a" / "cv.pdf").read_bytes()


def test_last_updated_comes_from_the_profile_or_source_date_epoch(tmp_path, monkeypatch):
    minimal = load(DATA / "minimal.yaml")
    build(minimal, ["cv"], tmp_path / "none")
    assert "Last updated" not in pdf_text(tmp_path / "none" / "cv.pdf")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(minimal, ["cv"], tmp_path / "epoch")
    assert "Last updated Nov 2023" in pdf_text(tmp_path / "epoch" / "cv.pdf")
    build(load(DATA / "full.yaml"), ["cv"], tmp_path / "profile")
    assert "Last updated Jun 2024" in pdf_text(tmp_path / "profile" / "cv.pdf")


def test_a_precompiled_format_keeps_the_text_layer(tmp_path, monkeypatch):
    """pdfTeX leaves its ToUnicode table, real spaces and PDF-writer settings out of a format:
    they come after the dump, so a PDF made with the format has the same fonts (the real-space
    font included) and text as one made without it."""
    import subprocess

    from cvbuilder.build import build
    from cvbuilder.load.profile import load

    from .conftest import DATA

    def fonts(pdf):
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        return sorted(line.split()[0].split("+")[-1] for line in listing.splitlines()[2:])

    profile = load(DATA / "full.yaml")
    monkeypatch.setenv("CVBUILDER_FORMAT_CACHE", str(tmp_path / "formats"))
    build(profile, ["cv"], tmp_path / "first")  # leaves the format to be made in the background
    made_formats(tmp_path / "formats")
    (with_format,) = build(profile, ["cv"], tmp_path / "with")
    assert "preloaded format=cvfmt-" in with_format.log
    monkeypatch.setenv("CVBUILDER_NO_FORMAT", "1")
    (without,) = build(profile, ["cv"], tmp_path / "without")
    assert "DummySpace" in fonts(with_format.pdf)  # \pdfinterwordspaceon: real spaces
    assert fonts(with_format.pdf) == fonts(without.pdf)
    assert pdf_text(with_format.pdf) == pdf_text(without.pdf)
    assert with_format.pdf.read_bytes() == without.pdf.read_bytes()  # see engines.BEFORE_DUMP
