"""Industry résumé in black (Jake's résumé): capital headings over a rule, dates flush right."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Literal

from pydantic import Field
from pylatex import Document

from cvbuilder.layout import LayoutOptions, Look, compose, renderers
from cvbuilder.render.latex import blocks as b
from cvbuilder.render.latex import titleline as t
from cvbuilder.schema.model import Profile
from cvbuilder.schema.sections import ORDER

DEFAULT_SECTIONS = ORDER["resume"]

TITLES = b.TITLES
"""Headings as locale keys (see cvbuilder.locales)."""

# Headings in capitals over a full-width rule that hugs them (1 pt under the descenders), kept
# with their first entry by \nobreak. (Charter's small capitals are a virtual font of two sizes,
# which text extraction splits into "E DUCATION".) Everything is black.
STYLE = r"""\colorlet{cvmuted}{black}
\renewcommand{\cvsection}[1]{\par
  \addvspace{\ifdim\cvsecskip<0.7em 0.7em\else\cvsecskip\fi}{\large\MakeUppercase{#1}\par}\nobreak
  \nointerlineskip\vspace{1pt}\rule{\linewidth}{0.5pt}\par\nobreak\addvspace{0.45\cvunit}}
\renewcommand{\cvsubsection}[1]{\par\addvspace{0.6\cvunit}{\bfseries #1}\par\nobreak}"""


LOOK = Look(
    kind="documents.resume",
    centered=True,
    name_size=r"\Huge",
    section_skip=1.5,
    page_numbers=False,
    section_style=STYLE,
)

SHORT_VENUES = True
"""Publications give the venue's short name ("ICLR 2025"); Markdown, HTML, text and Word too."""

TIGHTEST = {"font_size": 10, "margins": 1.0, "spacing": 0.4}
"""The page budget may tighten the options this far, and no further."""


class Options(LayoutOptions):
    font_size: int = Field(default=10, ge=10, le=12)
    margins: float = Field(default=1.27, ge=1.0, le=3.0, description="Page margins in cm.")
    spacing: float = Field(default=0.8, ge=0.3, le=2.0)
    accent_color: str = Field(default="000000", description="Headings and links (black).")
    date_position: Literal["left", "right"] = Field(default="right")
    max_authors: int = Field(
        default=6, ge=1, description="Longer author lists are cut, always keeping the owner."
    )
    roles: bool = Field(
        default=False, description="Author role markers (* equal contribution, …) and legend."
    )
    advisors: bool = Field(default=False, description="Advisor lines under degrees and jobs.")


# --- entries ------------------------------------------------------------------------------


GAP = r"\dimexpr\ifdim0.7\cvunit<0.4em 0.4em\else0.7\cvunit\fi\relax"
"""Space above an entry: never under 0.4 em, so two title lines in a row stay more than one and
a half lines apart, which text extraction needs to keep each with its own date."""


def _entry(
    o: Options,
    title: str,
    when: str,
    under: str = "",
    details: Sequence[str] = (),
    bullets: Sequence[str] = (),
    mark: str = "",
) -> str:
    """The bold title with its dates (flush right, or in the date column); under it, smaller,
    the organisation and place in italics, details and tight bullets. Arguments are LaTeX."""
    line = r"\cvline" if o.date_position == "left" else r"\cvengentry"
    out = [rf"\par\addvspace{{{GAP}}}{mark}{line}{{\textbf{{{title}}}}}{{{when}}}"]
    if under or details or bullets:
        out.append(r"\begin{cvdetails}\small")
        if under:
            out.append(rf"{{\itshape {under}\par}}")
        out.extend(rf"{d}\par" for d in details)
        if bullets:
            out.append(
                r"\begin{itemize}[leftmargin=\dimexpr\cvdatewidth+1.2em\relax,"
                r"topsep=0.15\cvunit,itemsep=0.1\cvunit,label=\textbullet,labelsep=0.25em]"
            )
            out.extend(rf"\item {x}" for x in bullets)
            out.append(r"\end{itemize}")
        out.append(r"\end{cvdetails}")
    return "\n".join(out)


def _where(name: str, place: str | None, url: str | None) -> str:
    """``Organisation, Place [link]`` (LaTeX)."""
    text = b.esc(b.join([name, place]))
    return text + (r"\enspace" + b.link(url) if url else "")


def _education(p: Profile, o: Options) -> str:
    out = []
    for i, e in enumerate(p.education):
        details = []
        if e.thesis:
            details.append(b.labelled("labels.thesis", title=r"\emph{" + b.esc(e.thesis) + "}"))
        if o.advisors and e.advisors:
            details.append(b.esc(b.t("labels.advisors", names=b.names(e.advisors))))
        if o.advisors and e.co_advisors:
            details.append(b.esc(b.t("labels.co_advisors", names=b.names(e.co_advisors))))
        title = b.esc(b.join([b.degree(e), e.score]))
        under = _where(e.institution, e.location, e.url)
        bullets = [b.markup(h) for h in e.highlights]
        out.append(_entry(o, title, b.when(e.start, e.end), under, details, bullets,
                          mark=t.mark("education", i)))  # fmt: skip
    return "\n".join(out)


def _jobs(items: Sequence[Any], section: str, o: Options) -> str:
    out = []
    for i, e in enumerate(items):
        details = [b.markup(e.summary)] if e.summary else []
        if o.advisors and e.advisors:
            details.append(b.esc(b.t("labels.advised_by", names=b.names(e.advisors))))
        under = _where(e.organization, e.location, e.url)
        bullets = [b.markup(h) for h in e.highlights]
        out.append(_entry(o, b.esc(e.role), b.when(e.start, e.end), under, details, bullets,
                          mark=t.mark(section, i)))  # fmt: skip
    return "\n".join(out)


def _projects(p: Profile, o: Options) -> str:
    out = []
    for i, x in enumerate(p.projects):
        under = _where(b.names(x.roles), b.join([x.entity, x.kind]), x.url)
        title = b.esc(x.name)
        if x.url and not (x.roles or x.entity or x.kind):  # the link beside the name
            title, under = title + r"\textmd{\enspace" + b.link(x.url) + "}", ""
        if x.keywords:  # Jake's "Name | Python, Flask"
            title += r"\textmd{ \textbar{} \emph{" + b.esc(b.names(x.keywords)) + "}}"
        bullets = [b.markup(x.description)] if x.description else []
        bullets += [b.markup(h) for h in x.highlights]
        out.append(_entry(o, title, b.when(x.start, x.end), under, (), bullets,
                          mark=t.mark("projects", i)))  # fmt: skip
    return "\n".join(out)


def _list(rows: Sequence[str]) -> str:
    if not rows:
        return ""
    return (
        r"\begin{itemize}[leftmargin=1.2em,topsep=0.2\cvunit,itemsep=0.2\cvunit,"
        r"label=\textbullet,labelsep=0.25em]" + "\n".join(rows) + r"\end{itemize}"
    )


def _publications(p: Profile, o: Options) -> str:
    rows = []
    for i, pub in enumerate(p.publications):
        note = rf" \textbf{{({b.esc(pub.note)})}}" if pub.note else ""
        people = b.authors(pub.authors, o.max_authors, pub.et_al, roles=o.roles)
        venue = b.venue(pub, short_only=True)
        text = b.join([b.sentence(b.esc(pub.title)), b.sentence(people),
                       b.sentence(venue + note) if venue or note else None], " ")  # fmt: skip
        rows.append(rf"\item {b.mark('publications', i)}{text}")
    legend = b.legend(p.publications) if o.roles and rows else ""
    return legend + _list(rows)


def _service(p: Profile, o: Options) -> str:
    rows = []
    for i, g in enumerate(p.service):
        venues = b.esc(b.names([b.join([v.name, b.years_compact(v.years)], " ") for v in g.venues]))
        head = b.esc(b.join([g.role, g.area]))
        rows.append(rf"{t.mark('service', i)}\noindent\textbf{{{head}:}} {venues}\par")
    return "\n".join(rows)


def _teaching(p: Profile, o: Options) -> str:
    rows = []
    for i, x in enumerate(p.teaching):
        course = b.esc(b.join([x.code, x.title], " "))
        text = b.join([rf"\textbf{{{course}}}" if course else None, b.esc(x.role or ""),
                       b.esc(x.institution or "")])  # fmt: skip
        rows.append(t.line("teaching", i, text, b.esc(x.term)))
    return "\n".join(rows)


def _interests(p: Profile, o: Options) -> str:
    return b.esc(b.names(p.interests)) + r"\par" if p.interests else ""


RENDER = renderers(
    interests=_interests,
    news=t.news,
    education=_education,
    experience=lambda p, o: _jobs(p.experience, "experience", o),
    volunteer=lambda p, o: _jobs(p.volunteer, "volunteer", o),
    projects=_projects,
    publications=_publications,
    awards=t.awards,
    certificates=t.certificates,
    service=_service,
    teaching=_teaching,
)


def build(profile: Profile, options: Options) -> Document:
    look = LOOK
    if options.date_position == "right":
        look = replace(LOOK, section_style=f"{STYLE}\n{t.RIGHT}")
    return compose(profile, options, look, RENDER, TITLES)
