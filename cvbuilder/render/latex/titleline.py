"""Building blocks for layouts that set an entry's dates flush right on its title line
(``engineering``, ``harvard``): only title lines carry a right-hand date, one-line items carry
theirs after the text, and position marks are glued to their entry. Text extraction (pdftotext,
and the ATS parsers built like it) reads a flush-right date beside lines of its own size after
all of them, so these layouts keep every other date inline."""

from __future__ import annotations

from typing import Any

from cvbuilder.render.latex import blocks as b
from cvbuilder.schema.model import Profile

# With dates flush right only an entry's title line carries its date at the margin (\cvengentry,
# the shared right-hand \cvline); one-line items (awards, certificates, free sections) print
# their date after the text. A right-hand date beside lines of the same size is read after all
# of them by text extraction (pdftotext and the ATS parsers built like it), so each title line
# differs in size from the lines under it and lists keep their dates inline.
RIGHT = r"""\newcommand{\cvengentry}[2]{\par\noindent #1\hspace{1em plus 1filll}%
  {\small\cvmuted{#2}}\par}
\renewcommand{\cvline}[2]{\par\noindent #1\if\relax\detokenize{#2}\relax\else
  \nobreak\hspace{0.5em plus 0.2em}{\small\cvmuted{(#2)}}\fi\par}"""


def mark(section: str, index: int) -> str:
    """Where an entry starts (for the page budget), glued to the entry: a page may break before
    it (at the glue, which after a heading is no break either), never between it and the entry
    (the position's whatsit would otherwise be one, even right after a heading)."""
    return r"\par\vskip0pt " + b.mark(section, index) + r"\nobreak "


def line(section: str, i: int, left: str, right: str) -> str:
    """One item and its date: in the date column, or after the text when dates go right."""
    return rf"{mark(section, i)}\cvline{{{left}}}{{{right}}}"


def linked(text: str, url: str | None) -> str:
    return text + (r"\enspace" + b.link(url) if url else "")


def awards(p: Profile, o: Any) -> str:
    rows = []
    for i, a in enumerate(p.awards):
        text = rf"\textbf{{{b.esc(a.title)}}}" + (", " + b.esc(a.issuer) if a.issuer else "")
        rows.append(line("awards", i, linked(text, a.url), b.award_when(a)))
    return "\n".join(rows)


def certificates(p: Profile, o: Any) -> str:
    rows = []
    for i, c in enumerate(p.certificates):
        text = rf"\textbf{{{b.esc(c.name)}}}" + (", " + b.esc(c.issuer) if c.issuer else "")
        rows.append(line("certificates", i, linked(text, c.url), b.when(c.date, None)))
    return "\n".join(rows)


def news(p: Profile, o: Any) -> str:
    """News: the date in the date column, or (dates right) leading its text, not trailing it."""
    rows = []
    for i, n in enumerate(p.news):
        when, text = b.esc(n.date.display()), b.markup(n.text)
        if o.date_position == "left":
            rows.append(line("news", i, text, when))
        else:
            rows.append(
                rf"{mark('news', i)}\noindent{{\small\cvmuted{{{when}}}}}\enspace {text}\par"
            )
    return r"\vspace{0.3\cvunit}".join(rows)
