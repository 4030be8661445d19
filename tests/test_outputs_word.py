"""Word: read back with python-docx, the document has the Page's sections as Heading 1 in order,
every publication with the PDF's label, real list styles and hyperlinks, no tables, the
layout's font, colour, paper and language, literal hostile text, and the same bytes twice."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import RGBColor

from cvbuilder.load.profile import load
from cvbuilder.outputs import build_page, render
from cvbuilder.outputs.model import Page, Run, Section, plain
from cvbuilder.outputs.word import write
from cvbuilder.render.variant import render_job
from cvbuilder.select.variants import resolve
from tests.conftest import DATA, ROOT, flat
from tests.test_safety import hostile_profile

PROFILE = load(ROOT / "profile.yaml")
FULL = load(DATA / "full.yaml")


def docx(variant: str, profile=PROFILE) -> bytes:  # type: ignore[no-untyped-def]
    return render(profile, resolve(profile)[variant], "docx")


def read(data: bytes):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(data))


def styled(doc, style: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in doc.paragraphs if p.style.name == style]


def text_of(doc) -> str:  # type: ignore[no-untyped-def]
    return flat("\n".join(p.text for p in doc.paragraphs))


@pytest.mark.parametrize("variant", ["cv", "resume", "cv-zh"])
def test_sections_are_heading_1_in_the_pages_order(variant: str) -> None:
    doc = read(docx(variant))
    page = build_page(PROFILE, resolve(PROFILE)[variant])
    assert styled(doc, "Heading 1") == [s.title for s in page.sections]
    assert styled(doc, "Title") == [PROFILE.person.name]
    assert doc.tables == []
    groups = [g.heading for s in page.sections for g in s.groups if g.heading]
    assert styled(doc, "Heading 2") == groups and (len(groups) >= 3 or variant == "resume")


@pytest.mark.parametrize("variant", ["cv", "resume"])
def test_every_publication_is_there_with_the_pdfs_label(variant: str) -> None:
    doc = read(docx(variant))
    text = text_of(doc)
    page = build_page(PROFILE, resolve(PROFILE)[variant])
    shown = [e for s in page.sections if s.id == "publications" for g in s.groups
             for e in g.entries]  # fmt: skip
    on_page = [p for p in PROFILE.publications if any(flat(p.title) in flat(plain(e.title))
                                                     for e in shown)]  # fmt: skip
    assert len(on_page) == len(shown) > 0
    if variant == "cv":
        assert on_page == PROFILE.publications
    for pub in on_page:
        assert flat(pub.title) in text, pub.title
    labels = [m[1] for p in doc.paragraphs if (m := re.match(r"\[(\w+)\]\t", p.text))]
    assert labels == [e.number for e in shown if e.number]
    tex = render_job(PROFILE, resolve(PROFILE)[variant], variant).tex  # what the PDF is made of
    assert labels == re.findall(r"\\item\[\{\[(\w+)\]\}\]", tex)
    assert len(labels) == (len(shown) if variant == "cv" else 0)  # the résumé is not numbered


def test_highlights_and_one_line_items_are_list_bullets() -> None:
    doc = read(docx("cv", FULL))
    bullets = styled(doc, "List Bullet")
    assert "Translated Principia into French" in bullets
    assert "Added 100% of the commentary & notes" in bullets
    assert "Languages: French, Latin, Italian, English" in bullets  # a skill
    assert "List Bullet" in {s.name for s in doc.styles} and doc.tables == []
    dated = [p.text for p in doc.paragraphs if p.text.startswith("PhD in Physics")]
    assert dated == ["PhD in Physics\tSep 1730 – Jun 1735"]  # the date after a tab
    news = [p for p in doc.paragraphs if p.text.startswith("May 2024\t")]
    assert len(news) == 1 and news[0].paragraph_format.first_line_indent < 0  # date column


def _links(paragraph) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(text, target) of each hyperlink in ``paragraph``, targets read from the part's rels."""
    rels = paragraph.part.rels
    out = []
    for link in paragraph._p.iter(qn("w:hyperlink")):
        rel = rels[link.get(qn("r:id"))]
        assert rel.reltype == RT.HYPERLINK and rel.is_external
        out.append(("".join(t.text for t in link.iter(qn("w:t"))), rel.target_ref))
    return out


def test_contacts_and_publication_links_are_hyperlinks() -> None:
    doc = read(docx("cv", FULL))
    contacts = next(p for p in doc.paragraphs if "emilie@example.org" in p.text)
    assert contacts.text.startswith("Paris, France · ")
    assert _links(contacts) == [
        ("emilie@example.org", "mailto:emilie@example.org"),
        ("+33 1 23 45 67 89", "tel:+33123456789"),
        ("example.org/~emilie", "https://example.org/~emilie/"),
        ("GitHub: github.com/example", "https://github.com/example"),
    ]
    pub = next(p for p in doc.paragraphs if p.text.startswith("[C1]\t"))
    assert _links(pub) == [("arXiv", "https://arxiv.org/abs/1234.56789"),
                           ("DOI", "https://doi.org/10.1000/xyz_1%2"),
                           ("code", "https://example.org/code?x=1&y=2")]  # fmt: skip
    summary = next(p for p in doc.paragraphs if p.text.startswith("Works on"))
    assert _links(summary) == [("the notes", "https://example.org/notes_1#top")]
    assert [(r.text, r.bold, r.italic) for r in summary.runs if r.bold or r.italic] == [
        ("energy", True, None), ("physics", None, True)]  # fmt: skip


def test_only_web_mail_and_phone_links_become_hyperlinks() -> None:
    page = Page("N", "en", "CV", "academic", sections=(Section("summary", "Summary", (
        (Run("bad", link="javascript:alert(1)"), Run(" good", link="https://x.org/")),)),))  # fmt: skip
    doc = read(write(page, None))
    p = next(p for p in doc.paragraphs if "bad" in p.text)
    assert p.text == "bad good" and _links(p) == [(" good", "https://x.org/")]
    assert "javascript" not in str(doc.part.rels and [r.target_ref for r in doc.part.rels.values()
                                                       if r.is_external])  # fmt: skip


def test_core_properties_font_colour_paper_and_language(tmp_path: Path) -> None:
    doc = read(docx("cv"))
    props = doc.core_properties
    assert props.title == "Zhenheng Tang — Curriculum Vitae"
    assert props.author == "Zhenheng Tang" and props.language == "en"
    resume = read(docx("resume"))
    assert resume.core_properties.title == "Zhenheng Tang — Résumé"
    assert resume.styles["Normal"].font.size.pt == 10  # the résumé layout's size and margins
    assert round(resume.sections[0].left_margin.cm, 2) == 1.5
    assert doc.styles["Normal"].font.size.pt == 11 and round(doc.sections[0].right_margin.cm) == 2
    assert doc.styles["Normal"].font.name == "Charter"
    assert doc.styles["Heading 1"].font.name == "Charter"
    assert doc.styles["Heading 1"].font.color.rgb == RGBColor.from_string("1F3A5F")
    assert (
        round(doc.sections[0].page_width.mm) == 210 and round(doc.sections[0].page_height.mm) == 297
    )
    data = yaml.safe_load((DATA / "full.yaml").read_text("utf-8"))
    data["variants"] = {"cv": {"layout": "academic", "options": {
        "font": "times", "accent_color": "teal", "paper": "letter"}}}  # fmt: skip
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    doc = read(docx("cv", load(tmp_path / "p.yaml")))
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Title"].font.color.rgb == RGBColor.from_string("0F6E6E")
    assert round(doc.sections[0].page_width.inches, 2) == 8.5
    styles = doc.styles.element
    assert styles.xpath("//w:rFonts/@w:asciiTheme | //w:rFonts/@w:hAnsiTheme") == []
    zh = read(docx("cv-zh")).styles.element
    lang = zh.find(qn("w:docDefaults")).find(f".//{qn('w:lang')}")
    assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == ("zh-CN", "zh-CN")


def test_hostile_text_is_literal(tmp_path: Path) -> None:
    profile, values = hostile_profile(
        tmp_path, award="<w:p>]]> &amp; <b>x</b> **y** [z](https://z.org)"
    )
    for variant in ("cv", "resume"):
        doc = read(render(profile, resolve(profile)[variant], "docx"))
        text = text_of(doc)
        for field, value in values.items():
            if variant == "cv" or field in ("name", "degree", "institution"):
                assert flat(value) in text, (variant, field)
        assert doc.core_properties.author == values["name"]


def test_two_writes_give_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = docx("cv")
    assert docx("cv") == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    assert read(first).core_properties.created == datetime(2000, 1, 1, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    later = docx("cv")
    assert later != first and docx("cv") == later
    assert read(later).core_properties.modified == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
