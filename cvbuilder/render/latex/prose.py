"""Prose documents in a layout's design: a cover letter and statements (research, teaching).

Every layout can render them, and none needs code of its own: the layout builds its document
for the person alone (its preamble, fonts, colours and header, no sections), and the prose is
added below with the shared blocks here, its headings in the layout's own ``\\cvsection``. The
page foot and the PDF title are replaced to say what the document is."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pylatex import Document, NoEscape

from cvbuilder import locales
from cvbuilder.render.latex.document import page_style
from cvbuilder.render.latex.escape import esc, markup
from cvbuilder.schema.dates import PartialDate
from cvbuilder.schema.model import Profile

SIGNATURE = "signature"
"""The name the signature image has next to the .tex while it compiles."""

LETTERHEAD = r"\par\nointerlineskip\vspace{2pt}{\color{accent}\rule{\linewidth}{0.6pt}}\par"
"""A rule in the accent colour under the layout's header: the header becomes a letterhead."""

PARAGRAPH_SKIP = r"\setlength{\parskip}{0.55\baselineskip}"


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with its ``{placeholders}`` replaced (``{{`` and ``}}`` are braces)."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(values.get(name, ""))
    return "".join(out)


def paragraph(template: str, values: Mapping[str, str]) -> str:
    """A markup paragraph (``**bold**``, ``*italic*``, links) as LaTeX, placeholders filled
    with text that stays text: a company called ``A*B*`` is not made italic."""
    keys: dict[str, str] = {}
    n = 0

    def token(name: str) -> str:
        nonlocal n
        while (key := f"cvfield{n}x") in template:
            n += 1
        n += 1
        keys[key] = esc(values.get(name, ""))
        return key

    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(token(name))
    latex = markup("".join(parts))
    for key, value in keys.items():
        latex = latex.replace(key, value)
    return latex


@dataclass(frozen=True)
class LetterParts:
    """What a letter says, as the job file gives it; ``None`` takes the locale's default."""

    body: Sequence[str]  # markup paragraphs with placeholders
    values: Mapping[str, str] = field(default_factory=dict)  # placeholder → text
    recipient: Sequence[str] = ()  # the address block, line by line
    date: PartialDate | None = None
    subject: str | None = None
    salutation: str | None = None
    closing: str | None = None
    signature: str | None = None  # the image's suffix (png, jpg, pdf) when there is one
    max_pages: int = 1


@dataclass(frozen=True)
class StatementParts:
    title: str
    sections: Sequence[tuple[str | None, Sequence[str]]]  # (heading, markup paragraphs)
    values: Mapping[str, str] = field(default_factory=dict)


def frame(layout: Any, profile: Profile, options: Any, kind: str, pages: bool) -> Document:
    """The layout's document for the person alone, titled ``kind``; page numbers if ``pages``
    and the name and kind in the foot of every page."""
    person_only = Profile(person=profile.person)
    doc = layout.build(person_only, options.model_copy(update={"sections": [], "titles": {}}))
    name = profile.person.name
    doc.preamble.append(NoEscape(rf"\hypersetup{{pdftitle={{{esc(name)} — {esc(kind)}}}}}"))
    for item in page_style(f"{name} · {kind}" if pages else None, pages):
        doc.preamble.append(NoEscape(item))
    return doc


def letter(layout: Any, profile: Profile, options: Any, parts: LetterParts) -> Document:
    """Recipient, date, subject, salutation, body, closing, signature and name."""
    locale = locales.current()
    doc = frame(layout, profile, options, locale("documents.letter"), parts.max_pages > 1)
    values = parts.values
    out = [LETTERHEAD + r"\vspace{1.2\baselineskip}"]
    if parts.recipient:
        out.append("".join(rf"{esc(line)}\par " for line in parts.recipient))
    if parts.date is not None:
        day = locale.long_date(parts.date.year, parts.date.month, parts.date.day)
        out.append(rf"\vspace{{0.6\baselineskip}}{{\raggedleft\cvmuted{{{esc(day)}}}\par}}")
    subject = parts.subject or locale("letter.subject", role="{role}", company="{company}")
    out.append(rf"\vspace{{1.2\baselineskip}}{{\bfseries {esc(fill(subject, values))}\par}}")
    if parts.salutation:
        salutation = fill(parts.salutation, values)
    elif values.get("recipient.name"):
        salutation = locale("letter.salutation", name=values["recipient.name"])
    else:
        salutation = locale("letter.salutation_generic")
    out.append(rf"\vspace{{1.2\baselineskip}}{esc(salutation)}\par")
    out.append(r"\vspace{0.55\baselineskip}{" + PARAGRAPH_SKIP)
    out.append("\n".join(paragraph(p, values) + r"\par" for p in parts.body) + "}")
    closing = fill(parts.closing, values) if parts.closing else locale("letter.closing")
    out.append(rf"\vspace{{1.2\baselineskip}}{esc(closing)}\par\nobreak")
    if parts.signature:
        out.append(r"\nobreak\vspace{0.3\baselineskip}\nobreak"
                   rf"\includegraphics[height=1.3cm,width=6cm,keepaspectratio]"
                   rf"{{{SIGNATURE}.{parts.signature}}}\par\nobreak")  # fmt: skip
    else:
        out.append(r"\vspace{2.2\baselineskip}\nobreak")
    out.append(rf"{esc(profile.person.name)}\par\cvmark{{doc:end}}")
    doc.append(NoEscape("\n".join(out)))
    return doc


def statement(layout: Any, profile: Profile, options: Any, parts: StatementParts) -> Document:
    """A title, then each section: its heading in the layout's style, then its paragraphs."""
    doc = frame(layout, profile, options, parts.title, True)
    out = [LETTERHEAD + rf"\vspace{{0.8\baselineskip}}{{\Large\bfseries {esc(parts.title)}\par}}"]
    out.append(r"\vspace{0.4\baselineskip}{" + PARAGRAPH_SKIP)
    for heading, paragraphs in parts.sections:
        if heading:
            out.append(rf"\cvsection{{{esc(heading)}}}")
        out.append("\n".join(paragraph(p, parts.values) + r"\par" for p in paragraphs))
    out.append(r"}\cvmark{doc:end}")
    doc.append(NoEscape("\n".join(out)))
    return doc
