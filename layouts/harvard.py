"""Plain US résumé (Harvard career services style): centred headings, serif, education first."""

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

DEFAULT_SECTIONS = (
    "education", "experience", "projects", "publications", "awards", "certificates", "skills",
    "languages",
)  # fmt: skip
"""Education first, as the template has it; no summary unless a variant asks for one."""

TITLES = b.TITLES
"""Headings as locale keys (see cvbuilder.locales)."""

# Bold centred headings over a thin full-width rule (1.5 pt under the descenders), kept with
# the first entry by \nobreak. Everything is black, as on the template.
STYLE = r"""\colorlet{cvmuted}{black}
\renewcommand{\cvsection}[1]{\par
  \addvspace{\ifdim\cvsecskip<0.9em 0.9em\else\cvsecskip\fi}{\centering\bfseries #1\par}\nobreak
  \nointerlineskip\vspace{1.5pt}\rule{\linewidth}{0.4pt}\par\nobreak\addvspace{0.4\cvunit}}
\renewcommand{\cvsubsection}[1]{\par\addvspace{0.6\cvunit}{\itshape #1}\par\nobreak}"""


LOOK = Look(
    kind="documents.resume",
    centered=True,
    name_size=r"\LARGE",
    section_skip=2.0,
    page_numbers=True,
    section_style=STYLE,
)

TIGHTEST = {"font_size": 10, "margins": 1.27, "spacing": 0.4}
"""The page budget may tighten the options this far, and no further."""


class Options(LayoutOptions):
    font_size: int = Field(default=11, ge=10, le=12)
    margins: float = Field(default=1.8, ge=1.0, le=3.0, description="Page margins in cm.")
    accent_color: str = Field(default="000000", description="Headings and links (black).")
    font: Literal["charter", "palatino", "times", "helvetica"] = Field(default="times")
    date_position: Literal["left", "right"] = Field(default="right")
    max_authors: int | None = Field(
        default=None, ge=1, description="Cut longer author lists (the owner always stays)."
    )
    roles: bool = Field(
        default=False, description="Author role markers (* equal contribution, …) and legend."
    )
    advisors: bool = Field(default=False, description="Advisor lines under degrees and jobs.")


# --- entries ------------------------------------------------------------------------------


def _entry(
    o: Options,
    org: str | None,
    title: str,
    when: str,
    details: Sequence[str] = (),
    bullets: Sequence[str] = (),
    mark: str = "",
    gap: float = 0.8,
) -> str:
    """The organisation in bold (and its place), then the role or degree with its dates (flush
    right, or in the date column), then details and bullets a size smaller. LaTeX in. At least
    0.4 em above it, so two entries' lines of one size stay more than one and a half lines
    apart, which text extraction needs to keep each date with its own entry."""
    space = rf"\dimexpr\ifdim{gap:g}\cvunit<0.4em 0.4em\else{gap:g}\cvunit\fi\relax"
    out = [rf"\par\addvspace{{{space}}}{mark}"]
    if org:
        out.append(rf"\begin{{cvdetails}}{org}\end{{cvdetails}}\nobreak")
    line = r"\cvline" if o.date_position == "left" else r"\cvengentry"
    out.append(rf"{line}{{{title}}}{{{when}}}")
    if details or bullets:
        out.append(r"\begin{cvdetails}\small")
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


def _org(name: str, place: str | None, url: str | None) -> str:
    """``**Organisation**, Place [link]`` (LaTeX)."""
    text = rf"\textbf{{{b.esc(name)}}}" + (", " + b.esc(place) if place else "")
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
        degree = b.esc(b.join([b.degree(e), e.score]))
        out.append(
            _entry(
                o,
                _org(e.institution, e.location, e.url),
                degree,
                b.when(e.start, e.end),
                details,
                [b.markup(h) for h in e.highlights],
                mark=t.mark("education", i),
            )
        )
    return "\n".join(out)


def _jobs(items: Sequence[Any], section: str, o: Options) -> str:
    """Jobs; consecutive roles at one organisation share its line, as the template does."""
    out = []
    for i, e in enumerate(items):
        before = items[i - 1] if i else None
        same = before is not None and (before.organization, before.location, before.url) == (
            e.organization,
            e.location,
            e.url,
        )
        details = [b.markup(e.summary)] if e.summary else []
        if o.advisors and e.advisors:
            details.append(b.esc(b.t("labels.advised_by", names=b.names(e.advisors))))
        out.append(
            _entry(
                o,
                None if same else _org(e.organization, e.location, e.url),
                rf"\textit{{{b.esc(e.role)}}}",
                b.when(e.start, e.end),
                details,
                [b.markup(h) for h in e.highlights],
                mark=t.mark(section, i),
                gap=0.4 if same else 0.8,
            )
        )
    return "\n".join(out)


def _projects(p: Profile, o: Options) -> str:
    out = []
    for i, x in enumerate(p.projects):
        sub = b.esc(b.join([b.names(x.roles), x.entity, x.kind]))
        title = rf"\textbf{{{b.esc(x.name)}}}" + (rf", \textit{{{sub}}}" if sub else "")
        details = [b.esc(b.names(x.keywords))] if x.keywords else []
        bullets = [b.markup(x.description)] if x.description else []
        bullets += [b.markup(h) for h in x.highlights]
        out.append(
            _entry(o, None, t.linked(title, x.url), b.when(x.start, x.end), details, bullets,
                   mark=t.mark("projects", i))
        )  # fmt: skip
    return "\n".join(out)


def _list(rows: Sequence[str]) -> str:
    if not rows:
        return ""
    return (
        r"\begin{itemize}[leftmargin=1.2em,topsep=0.3\cvunit,itemsep=0.3\cvunit,"
        r"label=\textbullet,labelsep=0.25em]" + "\n".join(rows) + r"\end{itemize}"
    )


def _publication(pub: Any, o: Options) -> str:
    """``Authors. “Title.” Venue (SHORT), year. Note. [links]``, with or without role markers."""
    parts = [
        b.sentence(b.authors(pub.authors, o.max_authors, pub.et_al, roles=o.roles)),
        b.sentence(b.labelled("list.quote", text=b.esc(pub.title))),
        b.sentence(b.venue(pub)),
        rf"\textbf{{{b.esc(pub.note)}}}." if pub.note else "",
        b.pub_links(pub),
    ]
    return " ".join(x for x in parts if x)


def _publications(p: Profile, o: Options) -> str:
    rows = [
        rf"\item {b.mark('publications', i)}{_publication(pub, o)}"
        for i, pub in enumerate(p.publications)
    ]
    legend = b.legend(p.publications) if o.roles and rows else ""
    return legend + _list(rows)


def _service(p: Profile, o: Options) -> str:
    rows = []
    for i, g in enumerate(p.service):
        venues = "; ".join(
            b.esc(b.join([v.name, f"({v.full_name})" if v.full_name else None,
                          b.years_compact(v.years)], " "))
            for v in g.venues
        )  # fmt: skip
        head = b.esc(b.join([g.role, g.area]))
        rows.append(rf"{t.mark('service', i)}\noindent\textbf{{{head}:}} {venues}\par")
    return "\n".join(rows)


def _teaching(p: Profile, o: Options) -> str:
    rows = []
    for i, x in enumerate(p.teaching):
        course = b.esc(b.join([x.code, x.title], " "))
        rest = b.esc(b.join([x.role, x.institution]))
        text = rf"\textbf{{{course}}}" + (rf", \textit{{{rest}}}" if rest else "")
        rows.append(t.line("teaching", i, text, b.esc(x.term)))
    return "\n".join(rows)


def _interests(p: Profile, o: Options) -> str:
    if not p.interests:
        return ""
    return b.sentence(b.esc(b.t("list.group_separator").join(p.interests))) + r"\par"


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


def _footer(profile: Profile, options: Options) -> str:
    """The page style: name, what the document is, when it was updated and the page number, in
    small grey type flush right (under the dates, so text extraction reads a page's last date
    before the footer, and every block above reaches across to the dates)."""
    updated = options.last_updated and b.t("date.last_updated", date=options.last_updated)
    page = b.esc(b.t("date.page", page="CVPAGE", pages="CVPAGES"))
    page = page.replace("CVPAGES", r"\pageref*{LastPage}").replace("CVPAGE", r"\thepage{}")
    foot = b.esc(b.join([profile.person.name, b.heading(LOOK.kind), updated], " · "))
    foot += " · " + page
    return (
        r"\makeatletter\AtBeginDocument{\def\ps@cv{\let\@oddhead\@empty\let\@evenhead\@empty"
        rf"\def\@oddfoot{{\hfil{{\footnotesize\color{{gray}}{foot}}}}}"
        r"\let\@evenfoot\@oddfoot}\pagestyle{cv}}\makeatother"
    )


def build(profile: Profile, options: Options) -> Document:
    style = STYLE + "\n" + _footer(profile, options)
    if options.date_position == "right":
        style += "\n" + t.RIGHT
    return compose(profile, options, replace(LOOK, section_style=style), RENDER, TITLES)
