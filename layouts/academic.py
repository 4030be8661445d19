"""Multi-page academic CV: every section, publications grouped by type and numbered."""

from __future__ import annotations

from itertools import groupby
from typing import Literal

from pydantic import Field
from pylatex import Document

from cvbuilder.layout import LayoutOptions, Look, compose, renderers
from cvbuilder.render.latex import blocks as b
from cvbuilder.schema.model import Profile
from cvbuilder.schema.sections import ORDER

DEFAULT_SECTIONS = ORDER["cv"]

TITLES = {
    **b.TITLES,
    "experience": "headings.research_experience",
    "awards": "headings.honors_awards",
    "service": "headings.professional_service",
}
"""Headings as locale keys (see cvbuilder.locales)."""


LOOK = Look(kind="documents.cv", footer=True)

TIGHTEST = {"font_size": 10, "margins": 1.5, "spacing": 0.6}
"""The page budget may tighten the options this far, and no further."""


class Options(LayoutOptions):
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
    if not p.interests:
        return ""
    return b.sentence(b.esc(b.t("list.group_separator").join(p.interests))) + r"\par"


def _news(p: Profile, o: Options) -> str:
    if not p.news:
        return ""
    return "\n".join(
        rf"{b.mark('news', i)}\cvline{{{b.markup(n.text)}}}{{{b.esc(n.date.display())}}}"
        rf"\vspace{{0.3\cvunit}}"
        for i, n in enumerate(p.news)
    )


def _education(p: Profile, o: Options) -> str:
    out = []
    for i, e in enumerate(p.education):
        title = b.esc(b.degree(e))
        details = []
        if e.advisors:
            details.append(b.esc(b.t("labels.advisors", names=b.names(e.advisors))))
        if e.co_advisors:
            details.append(b.esc(b.t("labels.co_advisors", names=b.names(e.co_advisors))))
        if e.thesis:
            details.append(b.labelled("labels.thesis", title=r"\emph{" + b.esc(e.thesis) + "}"))
        sub = b.esc(b.join([e.institution, e.location]))
        out.append(
            b.dated_entry(
                title,
                b.when(e.start, e.end),
                sub,
                details,
                [b.markup(h) for h in e.highlights],
                mark=b.mark("education", i),
            )
        )
    return "\n".join(out)


def _experience(p: Profile, o: Options) -> str:
    return b.jobs(p.experience, "experience")


def _publications(p: Profile, o: Options) -> str:
    if not p.publications:
        return ""
    out = [b.publication_summary(p.publications)] if o.publication_summary else []
    out.append(b.legend(p.publications))
    for heading, items in b.publication_groups(p.publications, o.group_publications, o.numbering):
        if heading:
            out.append(b.subsection(heading))
        out.append(
            r"\begin{itemize}[leftmargin=3.2em,labelwidth=2.7em,labelsep=0.5em,align=right,"
            r"itemsep=0.5\cvunit]"
        )
        for index, pub, number in items:
            label = rf"[{number}]" if number else r"\textbullet"
            body = b.publication(pub, max_authors=o.max_authors)
            out.append(rf"\item[{{{label}}}] {b.mark('publications', index)}{body}")
        out.append(r"\end{itemize}")
    return "\n".join(out)


def _awards(p: Profile, o: Options) -> str:
    rows = []
    for i, a in enumerate(p.awards):
        text = b.esc(a.title) + (", " + b.esc(a.issuer) if a.issuer else "")
        if a.url:
            text += r"\enspace" + b.link(a.url)
        rows.append(rf"{b.mark('awards', i)}\cvline{{{text}}}{{{b.award_when(a)}}}")
    return r"\vspace{0.3\cvunit}" + "\n".join(rows) if rows else ""


def _service(p: Profile, o: Options) -> str:
    out = []
    for role, groups in groupby(enumerate(p.service), key=lambda x: x[1].role):
        out.append(b.subsection(role))
        rows = []
        for i, g in groups:
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
            rows.append(rf"\item {b.mark('service', i)}{label}{venues}")
        out.append(r"\begin{itemize}[leftmargin=1.2em]" + "\n".join(rows) + r"\end{itemize}")
    return "\n".join(out)


def _teaching(p: Profile, o: Options) -> str:
    out = []
    teaching = enumerate(p.teaching)
    for (role, inst), items in groupby(teaching, key=lambda x: (x[1].role, x[1].institution)):
        head = b.join([role, inst], ", ")
        if head:
            out.append(b.subsection(head))
        for i, t in items:
            course = b.esc(b.join([t.code, t.title], " "))
            out.append(rf"{b.mark('teaching', i)}\cvline{{{course}}}{{{b.esc(t.term)}}}")
    return "\n".join(out)


RENDER = renderers(
    interests=_interests,
    news=_news,
    education=_education,
    experience=_experience,
    publications=_publications,
    awards=_awards,
    service=_service,
    teaching=_teaching,
)


def build(profile: Profile, options: Options) -> Document:
    return compose(profile, options, LOOK, RENDER, TITLES)
