"""Publications in LaTeX: the author list with roles, the title set apart, the venue, links,
the summary line and the legend of role markers (the decisions are :mod:`cvbuilder.present`'s)."""

from __future__ import annotations

from collections.abc import Sequence

from cvbuilder import locales, present
from cvbuilder.present import publication_groups as publication_groups  # re-exported
from cvbuilder.render.latex.escape import esc, href
from cvbuilder.render.latex.words import labelled, t
from cvbuilder.schema.model import Author, Publication

# --- publications -------------------------------------------------------------------------

_MARKS = {"equal": "*", "corresponding": r"\textdagger{}", "lead": r"\textdaggerdbl{}"}
"""Role markers in LaTeX (the roles, their order and their legend come from :mod:`present`)."""


def publication_summary(pubs: Sequence[Publication]) -> str:
    """The publication count line (see :func:`cvbuilder.present.summary`)."""
    return rf"\par\noindent{{\small {esc(present.summary(pubs))}}}\par\vspace{{0.3\cvunit}}"


def author(a: Author, roles: bool = True) -> str:
    name = esc(a.name).replace(" ", "~")  # never break inside a name
    marks = "".join(_MARKS[m] for m in present.markers(a)) if roles else ""
    name = rf"\textbf{{{name}}}" if a.owner else name
    return name + marks  # not raised: a superscript makes text extraction split "Tang* ,"


def authors(
    items: Sequence[Author], limit: int | None = None, et_al: bool = False, roles: bool = True
) -> str:
    """The author list as :func:`cvbuilder.present.author_list` cuts it (``roles``: with the
    role markers * † ‡)."""
    cut = present.author_list(items, limit, et_al)
    sep = esc(t("list.separator"))
    text = sep.join(author(a, roles) for a in cut.head)
    if cut.owner_after_gap is not None:
        text += sep + r"\ldots" + sep + author(cut.owner_after_gap, roles)
    return text + (sep + esc(t("list.et_al")) if cut.et_al else "")


def legend(pubs: Sequence[Publication]) -> str:
    parts = [rf"{_MARKS[m]} {esc(present.legend_text(m))}" for m in present.used_markers(pubs)]
    if not parts:
        return ""
    locale = locales.current()
    end = esc(locale("list.sentence_end"))
    return rf"\legend{{{esc(locale('list.group_separator')).join(parts)}{end}}}"


def sentence(latex: str) -> str:
    """End with the locale's full stop unless the text already ends with . ? ! or 。"""
    if not latex or latex.rstrip("}").endswith((".", "?", "!", "。", "？", "！")):
        return latex
    return latex + esc(t("list.sentence_end"))


def venue(p: Publication, *, short_only: bool = False) -> str:
    """The venue as :func:`cvbuilder.present.venue_text` words it, in italics."""
    text = present.venue_text(p, short_only=short_only)
    return rf"\cvmuted{{\emph{{{esc(text)}}}}}" if text else ""


def pub_links(p: Publication) -> str:
    return r"\,".join(href(url, f"[{esc(label)}]") for label, url in present.links(p))


def publication(
    p: Publication, *, short_venue: bool = False, max_authors: int | None = None
) -> str:
    """``Authors. Title. Venue (SHORT), year. Note. [links]`` as one LaTeX paragraph body."""
    parts = [
        sentence(authors(p.authors, max_authors, p.et_al)),
        sentence(labelled("list.quote", text=esc(p.title))),  # set apart, to scan titles
        sentence(venue(p, short_only=short_venue)),
    ]
    if p.note:
        parts.append(rf"\textbf{{{esc(p.note)}}}.")
    links = pub_links(p)
    if links:
        parts.append(links)
    return " ".join(parts)
