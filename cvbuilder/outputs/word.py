"""Word (.docx) for employers and portals that ask for a Word file: the same sections, order and
wording as the PDF, built the way résumé parsers (ATS) and screen readers read Word files.

Why it is built the way it is:

* Real structure, no layout tables: the name is the Title, sections are Heading 1, subheadings
  Heading 2, highlights and one-line items (skills, service) are "List Bullet" paragraphs.
* Dates: an entry's title is followed by a tab to a right-aligned tab stop at the margin and
  the date (text stays in reading order); in one-line sections (news, awards) the date stands
  in a hanging-indent column before the text, as in the PDF. Publications carry the PDF's
  labels (``[C12]``) in the same kind of column: Word's own numbering cannot count down or
  carry the letters.
* Fonts close to the layout (``FONTS``), headings in its accent colour; East Asian text keeps
  the theme's font for the document's language, which ``w:lang`` sets on the styles.
* Links are real hyperlinks (http, https, mailto and tel only).
* The same page gives the same bytes: dates in the core properties and in the zip are fixed
  (``SOURCE_DATE_EPOCH`` when set, else 2000-01-01).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Mm, Pt, RGBColor

from cvbuilder import settings
from cvbuilder.options import default_paper
from cvbuilder.outputs.model import Entry, Inline, Page, Section
from cvbuilder.outputs.text import contact, width

SUFFIX = "docx"
FONTS = {"charter": "Charter", "palatino": "Palatino Linotype", "times": "Times New Roman",
         "helvetica": "Arial"}  # fmt: skip
"""The layout's font → the one font name Word gets (Word has no fallback list; without
Charter installed it substitutes a similar serif)."""
PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Inches(8.5), Inches(11))}
WORD_LANGUAGE = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
"""Tags Word's proofing tools know by another name."""
SCHEMES = ("http://", "https://", "mailto:", "tel:")
EPOCH = datetime(2000, 1, 1)
COLUMN_CM = 0.2
"""Width of one column of a label (date, ``[C12]``) at 11 pt, for the hanging indent."""


def timestamp() -> datetime:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) or 2000-01-01, in UTC, not before 1980."""
    try:
        when = settings.source_time()
    except settings.SettingError:  # the build refuses it first; a library caller gets 2000
        return EPOCH
    return EPOCH if when is None else max(when, datetime(1980, 1, 1))


def layout_options(variant: Any, page: Page | None = None) -> Any:
    """The layout's options as the PDF uses them (the page's: theme and variant merged), else
    the variant's with the layout's defaults (the résumé's 10 pt, 1.5 cm), or None for a page
    written without a variant."""
    if page is not None and page.options:
        from types import SimpleNamespace

        return SimpleNamespace(**page.options)
    if variant is None or not getattr(variant, "layout", None):
        return None
    from cvbuilder import registry

    return registry.get(variant.layout).Options.model_validate(dict(variant.options))


def _styles(doc: Any, page: Page, size: float) -> None:
    """Fonts, sizes, the accent colour and the language, on the styles (not on each run)."""
    font, accent = FONTS.get(page.font, "Charter"), RGBColor.from_string(page.accent)
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        for name in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(name), font)
    language = WORD_LANGUAGE.get(page.language, page.language)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), language)
        if language.split("-")[0] in ("zh", "ja", "ko"):
            lang.set(qn("w:eastAsia"), language)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = font, Pt(size)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, grow, before in (("Title", 13, 0), ("Heading 1", 3, 12), ("Heading 2", 1, 6)):
        style = doc.styles[name]
        style.font.color.rgb = accent
        style.font.size = Pt(size + grow)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
    for border in doc.styles["Title"].element.iter(qn("w:bottom")):
        border.attrib.pop(qn("w:themeColor"), None)
        border.set(qn("w:color"), page.accent)


def _page(doc: Any, page: Page, options: Any) -> Any:
    """Paper and margins of the layout's options (the paper by default from the language); the
    width between the margins."""
    section = doc.sections[0]
    paper = getattr(options, "paper", None) or default_paper(page.language)
    section.page_width, section.page_height = PAPER.get(paper, PAPER["a4"])
    margin = Cm(float(getattr(options, "margins", 2.0)))
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, margin)
    return section.page_width - 2 * margin


def _run(paragraph: Any, text: str, bold: bool = False, italic: bool = False) -> Any:
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    return run


def link(paragraph: Any, text: str, url: str, bold: bool = False, italic: bool = False,
         color: RGBColor | None = None) -> None:  # fmt: skip
    """A hyperlink run (python-docx has no API for one): ``w:hyperlink`` with the ``r:id`` of an
    external relationship. Only http, https, mailto and tel become links; others stay text."""
    run = _run(paragraph, text, bold, italic)
    if not url.lower().startswith(SCHEMES):
        return
    run.font.color.rgb = color
    run.font.underline = True
    element = OxmlElement("w:hyperlink")
    element.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    element.append(run._r)  # moves the run into the link
    paragraph._p.append(element)


class Writer:
    """The document being written, with what every paragraph needs: the accent colour and
    the width between the margins."""

    def __init__(self, page: Page, variant: Any) -> None:
        self.page, self.doc = page, Document()
        options = layout_options(variant, page)
        self.size = float(getattr(options, "font_size", 11))
        _styles(self.doc, page, self.size)
        self.text_width = _page(self.doc, page, options)
        self.accent = RGBColor.from_string(page.accent)

    def runs(self, paragraph: Any, inline: Inline) -> None:
        for r in inline:
            if r.link:
                link(paragraph, r.text, r.link, r.bold, r.italic, self.accent)
            elif r.text:
                _run(paragraph, r.text, r.bold, r.italic)

    def links(self, paragraph: Any, links: tuple[tuple[str, str], ...]) -> None:
        for i, (label, url) in enumerate(links):
            if i:
                paragraph.add_run(" · ")
            link(paragraph, label, url, color=self.accent)

    def header(self) -> None:
        page = self.page
        self.doc.add_heading(page.name + (f" ({page.name_native})" if page.name_native else ""), 0)
        if page.headline:
            self.doc.add_paragraph(page.headline)
        if page.contacts:
            p = self.doc.add_paragraph()
            p.paragraph_format.space_after = Pt(6)
            for i, c in enumerate(page.contacts):
                if i:
                    p.add_run(" · ")
                shown = contact(c) if c.kind == "profile" else c.text  # GitHub: github.com/x
                link(p, shown, c.url or "", color=self.accent)

    def labelled(self, e: Entry, indent: Any) -> None:
        """A label (date or ``[C12]``) in a hanging-indent column, the entry after a tab, its
        lines and links below it in the same column."""
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.left_indent, fmt.first_line_indent = indent, -indent
        fmt.tab_stops.add_tab_stop(indent)
        fmt.space_before = Pt(2 if not e.lines else 4)
        fmt.keep_together = True
        p.add_run((f"[{e.number}]" if e.number else e.date) + "\t")
        self.runs(p, e.title)
        for line in e.lines:
            p.add_run().add_break()
            self.runs(p, line)
        if e.links:
            p.add_run().add_break()
            self.links(p, e.links)
        self.bullets(e)

    def block(self, e: Entry) -> None:
        """Title, a right-aligned date, then each line, the highlights and the links."""
        p = self.doc.add_paragraph()
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.keep_with_next = bool(e.lines or e.bullets or e.links)
        self.runs(p, e.title)
        if e.date:
            p.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
            p.add_run("\t" + e.date)
        for line in e.lines:
            self.runs(self.doc.add_paragraph(), line)
        if e.links:
            self.links(self.doc.add_paragraph(), e.links)
        self.bullets(e)

    def bullets(self, e: Entry) -> None:
        for bullet in e.bullets:
            self.runs(self.doc.add_paragraph(style="List Bullet"), bullet)

    def item(self, e: Entry) -> None:
        """One line of a list (skills, service): a bullet with its lines and links after it."""
        p = self.doc.add_paragraph(style="List Bullet")
        self.runs(p, e.title)
        for line in e.lines:
            p.add_run(" ")
            self.runs(p, line)
        if e.links:
            p.add_run(" ")
            self.links(p, e.links)

    def column(self, section: Section) -> Any:
        """The hanging indent that holds the section's widest label, or None for none."""
        entries = [e for g in section.groups for e in g.entries]
        labels = [f"[{e.number}]" for e in entries if e.number]
        if not labels and section.compact:
            labels = [e.date for e in entries if e.date]
        if not labels:
            return None
        return Cm(max(map(width, labels)) * COLUMN_CM * self.size / 11 + 0.4)

    def section(self, s: Section) -> None:
        self.doc.add_heading(s.title, 1)
        for paragraph in s.paragraphs:
            p = self.doc.add_paragraph()
            p.paragraph_format.space_after = Pt(4)
            self.runs(p, paragraph)
        indent = self.column(s)
        for group in s.groups:
            if group.heading:
                self.doc.add_heading(group.heading, 2)
            for e in group.entries:
                if indent is not None:
                    self.labelled(e, indent)
                elif s.compact:
                    self.item(e)
                else:
                    self.block(e)

    def properties(self, when: datetime) -> None:
        props, page = self.doc.core_properties, self.page
        props.title = f"{page.name} — {page.kind}"
        props.author = props.last_modified_by = page.name
        props.language = page.language
        props.subject, props.comments, props.keywords = page.headline, "", ""
        props.created = props.modified = when
        props.revision = 1


def _fixed_zip(data: bytes, when: datetime) -> bytes:
    """The package again with every entry dated ``when`` (zip stores local wall-clock times of
    writing otherwise), in the same order, so equal documents are equal bytes."""
    out = io.BytesIO()
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type, fixed.create_system = zipfile.ZIP_DEFLATED, 3
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def write(page: Page, variant: Any) -> bytes:
    w = Writer(page, variant)
    w.header()
    for s in page.sections:
        w.section(s)
    if page.updated:
        p = w.doc.add_paragraph()
        p.paragraph_format.space_before = Pt(12)
        p.add_run(page.updated).italic = True
    when = timestamp()
    w.properties(when)
    buffer = io.BytesIO()
    w.doc.save(buffer)
    return _fixed_zip(buffer.getvalue(), when)
