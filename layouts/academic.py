"""Multi-page academic CV: every section, publications grouped by type and numbered."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Literal

from pydantic import Field
from pylatex import Document

from cvbuilder import blocks as b
from cvbuilder.layout import LayoutOptions
from cvbuilder.model import SECTIONS, Profile, PubType

DEFAULT_SECTIONS = (
    "summary",
    "interests",
    "education",
    "experience",
    "publications",
    "awards",
    "service",
    "teaching",
    "skills",
    "news",
)
assert set(DEFAULT_SECTIONS) == set(SECTIONS)

TITLES = {
    "summary": "Summary",
    "interests": "Research Interests",
    "news": "News",
    "education": "Education",
    "experience": "Research and Work Experience",
    "publications": "Publications",
    "awards": "Honors and Awards",
    "service": "Professional Service",
    "teaching": "Teaching",
    "skills": "Skills",
}


class Options(LayoutOptions):
    font_size: int = Field(default=11, ge=10, le=12)
    margin_cm: float = Field(default=2.0, ge=1.0, le=4.0)
    group_publications: Literal["type", "year", "none"] = Field(
        default="type", description="Group publications by type, by year, or one list."
    )
    numbering: Literal["descending", "ascending", "none"] = Field(
        default="descending",
        description="Count down from the newest publication ([C14] … [C1]), count up, or none.",
    )
    publication_summary: bool = Field(
        default=True, description="A line with the number of publications of each type."
    )
    max_authors: int | None = Field(
        default=None, ge=1, description="Cut longer author lists (the owner always stays)."
    )


def _interests(p: Profile, o: Options) -> str:
    return b.esc("; ".join(p.interests)) + r".\par" if p.interests else ""


def _news(p: Profile, o: Options) -> str:
    if not p.news:
        return ""
    rows = [rf"\item[{b.esc(n.date.display())}] {b.markup(n.text)}" for n in p.news]
    return (
        r"\begin{description}[font=\normalfont\small\bfseries,leftmargin=5.5em,style=sameline,itemsep=0.3ex]"
        + "\n".join(rows)
        + r"\end{description}"
    )


def _education(p: Profile, o: Options) -> str:
    out = []
    for e in p.education:
        title = b.esc(b.join([e.degree, e.field], " in "))
        details = []
        if e.advisors:
            details.append("Advisors: " + b.esc(", ".join(e.advisors)))
        if e.co_advisors:
            details.append("Co-advisor: " + b.esc(", ".join(e.co_advisors)))
        if e.thesis:
            details.append(r"Thesis: \emph{" + b.esc(e.thesis) + "}")
        sub = b.esc(b.join([e.institution, e.location]))
        out.append(
            b.dated_entry(
                title, b.when(e.start, e.end), sub, details, [b.markup(h) for h in e.highlights]
            )
        )
    return "\n".join(out)


def _experience(p: Profile, o: Options) -> str:
    out = []
    for e in p.experience:
        details = ["Advisors: " + b.esc(", ".join(e.advisors))] if e.advisors else []
        sub = b.esc(b.join([e.organization, e.location]))
        out.append(
            b.dated_entry(
                b.esc(e.role),
                b.when(e.start, e.end),
                sub,
                details,
                [b.markup(h) for h in e.highlights],
            )
        )
    return "\n".join(out)


def _publications(p: Profile, o: Options) -> str:
    pubs = p.publications
    if not pubs:
        return ""
    out = [b.publication_summary(pubs)] if o.publication_summary else []
    out.append(b.legend(pubs))
    order = list(PubType)
    groups: list[tuple[str, str, list]] = []  # (heading, label prefix, items)
    if o.group_publications == "type":
        ordered = sorted(pubs, key=lambda x: order.index(x.type))
        for kind, items in groupby(ordered, key=lambda x: x.type):
            groups.append((*b.TYPE_TITLES[kind], list(items)))
    elif o.group_publications == "year":
        groups = [(str(y), "", list(g)) for y, g in groupby(pubs, key=lambda x: x.year)]
    else:
        groups = [("", "", list(pubs))]
    per_group = o.group_publications == "type"
    total, count = len(pubs), 0
    for heading, prefix, items in groups:
        if heading and len(groups) > 1:
            out.append(b.subsection(heading))
        out.append(
            r"\begin{itemize}[leftmargin=3.2em,labelwidth=2.8em,labelsep=0.4em,align=left,"
            r"itemsep=0.5ex]"
        )
        n = len(items) if per_group else total
        for i, pub in enumerate(items, start=0 if per_group else count):
            number = {"descending": n - i, "ascending": i + 1}.get(o.numbering)
            label = rf"[{prefix}{number}]" if number else r"\textbullet"
            out.append(rf"\item[{{{label}}}] {b.publication(pub, max_authors=o.max_authors)}")
        count += len(items)
        out.append(r"\end{itemize}")
    return "\n".join(out)


def _awards(p: Profile, o: Options) -> str:
    rows = []
    for a in p.awards:
        text = b.esc(a.title) + (", " + b.esc(a.issuer) if a.issuer else "")
        if a.url:
            text += r"\enspace" + b.href(a.url, "[link]")
        rows.append(rf"\cvline{{{text}}}{{{b.esc(a.term or str(a.year))}}}")
    return r"\vspace{0.3ex}" + "\n".join(rows)


def _service(p: Profile, o: Options) -> str:
    out = []
    for role, groups in groupby(p.service, key=lambda g: g.role):
        out.append(b.subsection(role))
        rows = []
        for g in groups:
            venues = "; ".join(
                b.esc(
                    b.join(
                        [
                            v.name,
                            f"({v.full_name})" if v.full_name else None,
                            b.years_compact(v.years),
                        ],
                        " ",
                    )
                )
                for v in g.venues
            )
            label = rf"\textit{{{b.esc(g.area)}:}} " if g.area else ""
            rows.append(rf"\item {label}{venues}")
        out.append(r"\begin{itemize}[leftmargin=1.2em]" + "\n".join(rows) + r"\end{itemize}")
    return "\n".join(out)


def _teaching(p: Profile, o: Options) -> str:
    out = []
    for (role, inst), items in groupby(p.teaching, key=lambda t: (t.role, t.institution)):
        head = b.join([role, inst], ", ")
        if head:
            out.append(b.subsection(head))
        for t in items:
            out.append(rf"\cvline{{{b.esc(b.join([t.code, t.title], ' '))}}}{{{b.esc(t.term)}}}")
    return "\n".join(out)


RENDER: dict[str, Callable[[Profile, Options], str]] = {
    "summary": lambda p, o: b.summary(p),
    "interests": _interests,
    "news": _news,
    "education": _education,
    "experience": _experience,
    "publications": _publications,
    "awards": _awards,
    "service": _service,
    "teaching": _teaching,
    "skills": lambda p, o: b.skills(p),
}


def build(profile: Profile, options: Options) -> Document:
    footer = b.join(
        [
            profile.person.name,
            f"Last updated {options.last_updated}" if options.last_updated else None,
        ],
        " · ",
    )
    doc = b.document(
        profile.person,
        kind="Curriculum Vitae",
        font_size=options.font_size,
        margin_cm=options.margin_cm,
        footer=footer,
    )
    b.add(doc, b.header(profile.person))
    b.add_sections(doc, profile, options, RENDER, TITLES)
    return doc
