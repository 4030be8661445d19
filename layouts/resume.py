"""One-page résumé for job applications: contacts, summary, experience, selected work."""

from __future__ import annotations

from pydantic import Field
from pylatex import Document

from cvbuilder.layout import LayoutOptions, Look, compose, renderers
from cvbuilder.render.latex import blocks as b
from cvbuilder.schema.model import Profile
from cvbuilder.schema.sections import ORDER

DEFAULT_SECTIONS = ORDER["resume"]

LOOK = Look(
    kind="documents.resume",
    centered=True,
    name_size=r"\fontsize{25}{30}\selectfont",
    section_skip=1.0,
    page_numbers=False,
)

SHORT_VENUES = True
"""Publications give the venue's short name ("ICLR 2025"); Markdown, HTML, text and Word too."""

TIGHTEST = {"font_size": 10, "margins": 1.0, "spacing": 0.4}
"""The page budget may tighten the options this far, and no further."""


class Options(LayoutOptions):
    font_size: int = Field(default=10, ge=10, le=12)
    margins: float = Field(default=1.5, ge=1.0, le=3.0)
    max_authors: int = Field(
        default=6, ge=1, description="Longer author lists are cut, always keeping the owner."
    )
    roles: bool = Field(
        default=False, description="Author role markers (* equal contribution, …) and legend."
    )
    advisors: bool = Field(default=False, description="'Advised by' lines under positions.")


def _interests(p: Profile, o: Options) -> str:
    return b.esc(b.names(p.interests)) + r"\par" if p.interests else ""


def _education(p: Profile, o: Options) -> str:
    return "\n".join(
        b.dated_entry(
            b.esc(b.degree(e)) + r", " + b.esc(e.institution),
            b.when(e.start, e.end),
            mark=b.mark("education", i),
            gap=0.3,
        )
        for i, e in enumerate(p.education)
    )


def _experience(p: Profile, o: Options) -> str:
    out = []
    for i, e in enumerate(p.experience):
        title = b.esc(e.role) + r"\textmd{, \cvmuted{" + b.esc(e.organization) + "}}"
        advised = e.advisors and o.advisors
        details = [b.esc(b.t("labels.advised_by", names=b.names(e.advisors)))] if advised else []
        out.append(
            b.dated_entry(
                title,
                b.when(e.start, e.end),
                None,
                details,
                [b.markup(h) for h in e.highlights],
                mark=b.mark("experience", i),
                gap=0.4,
            )
        )
    return "\n".join(out)


def _publications(p: Profile, o: Options) -> str:
    if not p.publications:
        return ""
    rows = []
    for i, pub in enumerate(p.publications):
        venue = b.venue(pub, short_only=True)
        note = rf" \textbf{{({b.esc(pub.note)})}}" if pub.note else ""
        people = b.authors(pub.authors, o.max_authors, pub.et_al, roles=o.roles)
        title = b.sentence(b.esc(pub.title))
        mark = b.mark("publications", i)
        rows.append(rf"\item {mark}{title} {b.sentence(people)} {b.sentence(venue + note)}")
    return (
        (b.legend(p.publications) if o.roles else "")
        + r"\begin{itemize}[leftmargin=1.2em,itemsep=0.25\cvunit]"
        + "\n".join(rows)
        + r"\end{itemize}"
    )


def _line(section: str, i: int, left: str, right: str) -> str:
    return rf"{b.mark(section, i)}\cvline{{{left}}}{{{right}}}"


def _awards(p: Profile, o: Options) -> str:
    return "\n".join(
        _line("awards", i, b.esc(b.join([a.title, a.issuer])), b.award_when(a))
        for i, a in enumerate(p.awards)
    )


def _service(p: Profile, o: Options) -> str:
    rows = []
    for i, g in enumerate(p.service):
        names = b.esc(b.names([v.name for v in g.venues]))
        head = b.esc(b.join([g.role, g.area], ", "))
        rows.append(rf"\item {b.mark('service', i)}\textit{{{head}:}} {names}")
    return r"\begin{itemize}[leftmargin=1.2em]" + "\n".join(rows) + r"\end{itemize}"


def _teaching(p: Profile, o: Options) -> str:
    return "\n".join(
        _line(
            "teaching",
            i,
            b.esc(b.join([t.role, b.join([t.code, t.title], " "), t.institution])),
            b.esc(t.term),
        )
        for i, t in enumerate(p.teaching)
    )


def _news(p: Profile, o: Options) -> str:
    return "\n".join(
        _line("news", i, b.markup(n.text), b.esc(n.date.display())) for i, n in enumerate(p.news)
    )


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
    return compose(profile, options, LOOK, RENDER)
