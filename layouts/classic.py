"""Classic CV in the style of moderncv: dates and coloured heading bars in a left column."""

from __future__ import annotations

from itertools import groupby
from typing import Any, Literal

from pydantic import Field
from pylatex import Document, NoEscape

from cvbuilder.layout import LayoutError, LayoutOptions, Look, compose, renderers
from cvbuilder.render.latex import blocks as b
from cvbuilder.schema.model import Person, Profile
from cvbuilder.schema.sections import ORDER

DEFAULT_SECTIONS = ORDER["cv"]

TITLES = {
    **b.TITLES,
    "experience": "headings.research_experience",
    "awards": "headings.honors_awards",
    "service": "headings.professional_service",
}
"""Headings as locale keys (see cvbuilder.locales)."""

TIGHTEST = {"font_size": 10, "margins": 1.2, "spacing": 0.5}
"""The page budget may tighten the options this far, and no further."""

# Everything stands in the main column, right of the date column (\cvdatewidth, which is only
# known at \begin{document}, so every width below is measured where it is used). A heading is
# a bar in the date column, as tall as a lower-case letter of the heading (moderncv's classic
# style), then the heading in the accent colour, starting where the entries start; with dates
# flush right (no date column) a thinner bar follows the heading to the end of the line.
# Like the shared headings: a new page unless the heading and its first lines fit
# (\Needspace), and never a break between a heading and what follows it (\cvkeepnext).
SECTION_STYLE = r"""\definecolor{classicgrey}{HTML}{737373}
\newlength{\classicgapwidth}\newlength{\classiclabelwidth}
\newcommand{\classicgap}{\settowidth{\classicgapwidth}{\small\enspace}}% as in \cvline
\newcommand{\classicrule}[1]{\rule[\dimexpr\fontcharht\font`o-0.95ex\relax]{#1}{0.95ex}}
\renewcommand{\cvsection}[1]{\par\addvspace{\cvsecskip}\Needspace{5\baselineskip}\classicgap
  \ifdim\cvdatewidth>\dimexpr\classicgapwidth+0.5em\relax
    {\noindent\hangindent=\cvdatewidth\hangafter=1 \Large\mdseries\color{accent}%
    \makebox[\cvdatewidth][l]{\classicrule{\dimexpr\cvdatewidth-\classicgapwidth\relax}}#1\par}%
  \else
    {\noindent\Large\mdseries\color{accent}#1\hspace{0.6em}\leaders\hrule
    height\fontcharht\font`o depth-\dimexpr\fontcharht\font`o-0.5ex\relax\hfill\null\par}%
  \fi\nobreak\vspace{0.5\cvunit}\cvkeepnext}
\renewcommand{\cvsubsection}[1]{\par\addvspace{0.8\cvunit}\Needspace{3\baselineskip}%
  {\leftskip=\cvdatewidth\relax\noindent\large\color{accent}#1\par}\nobreak
  \vspace{0.2\cvunit}\cvkeepnext}
% Between two contacts; where the line breaks it disappears (a discretionary, breakable only
% where \exhyphenpenalty allows: in the contact line; no line breaks inside an item).
\newcommand{\classicsep}{\discretionary{}{}{\mbox{\hspace{0.7em}%
  {\color{classicgrey}\textperiodcentered}\hspace{0.7em}}}}
% A label in the date column (a skill category, a language), text beside it.
\newcommand{\classicitem}[2]{\par\noindent\hangindent=\cvdatewidth\hangafter=1
  \settowidth{\cvright}{\small #1\enspace}%
  \ifdim\cvright>\cvdatewidth{\small\cvmuted{#1}}\enspace
  \else\makebox[\cvdatewidth][r]{\small\cvmuted{#1}\enspace}\fi #2\par}
% Publication numbers stand in the date column: as wide as it, at least 3.2em.
\newcommand{\classiclabels}{\classicgap\setlength{\classiclabelwidth}{\cvdatewidth}%
  \ifdim\classiclabelwidth<3.2em\setlength{\classiclabelwidth}{3.2em}\fi}
"""

LOOK = Look(
    kind="documents.cv",
    footer=True,
    section_skip=1.8,
    section_style=SECTION_STYLE,
)


class Options(LayoutOptions):
    accent_color: str = Field(
        default="3873B3",  # moderncv's blue
        examples=["teal", "#7A1F2B"],
        description="Heading bars, headings and links: a colour name or hex.",
    )
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


# --- header ---------------------------------------------------------------------------------


def header(person: Person) -> str:
    """A large name in the regular weight, the position in grey italics below it, then the
    contacts; the name is the first line of text (before the photo, if any)."""
    name = rf"{{\fontsize{{30}}{{34}}\selectfont {b.esc(person.name)}}}"
    if person.name_native:
        name += rf"\enspace{{\LARGE {b.esc(person.name_native)}}}"
    lines = [name]
    role = b.join([b.esc(x) for x in (person.position, person.affiliation) if x])
    if role:
        lines.append(rf"\vspace{{0.9ex}}{{\large\itshape\color{{classicgrey}}{role}\par}}")
    contacts = b.contact_items(person)
    if contacts:
        items = r"\classicsep".join(rf"\mbox{{{c}}}" for c in contacts)
        lines.append(rf"\vspace{{0.7ex}}{{\small\exhyphenpenalty=0 {items}\par}}")
    text = r"{\raggedright " + r"\par".join(lines) + r"\par}"
    return _beside_photo(person, text) + r"\vspace{1.2\cvunit}"


def _beside_photo(person: Person, text: str) -> str:
    if not person.photo:
        return text
    suffix = person.photo.rsplit(".", 1)[-1].lower()
    return (
        r"\noindent\begin{minipage}[t]{\dimexpr\linewidth-3cm\relax}\vspace{0pt}" + text
        + r"\end{minipage}\hfill\begin{minipage}[t]{2.6cm}\vspace{0pt}\raggedleft"
        + rf"\includegraphics[width=2.6cm,height=3.2cm,keepaspectratio]{{{b.PHOTO}.{suffix}}}"
        + r"\end{minipage}\par"
    )  # fmt: skip


# --- sections -------------------------------------------------------------------------------


def _main_column(latex: str) -> str:
    """Text in the main column (right of the dates)."""
    return rf"\begin{{cvdetails}}{latex}\end{{cvdetails}}" if latex else ""


def _summary(p: Profile, o: Options) -> str:
    return _main_column(b.markup(p.summary)) if p.summary else ""


def _interests(p: Profile, o: Options) -> str:
    if not p.interests:
        return ""
    return _main_column(b.sentence(b.esc(b.t("list.group_separator").join(p.interests))))


def _news(p: Profile, o: Options) -> str:
    return "\n".join(
        rf"{b.mark('news', i)}\cvline{{{b.markup(n.text)}}}{{{b.esc(n.date.display())}}}"
        rf"\vspace{{0.3\cvunit}}"
        for i, n in enumerate(p.news)
    )


def _at(title: str, place: str | None, *rest: str | None) -> str:
    """moderncv's entry line: **title**, *place*, the rest (all LaTeX)."""
    tail = b.join([rf"\textit{{{place}}}" if place else None, *rest])
    return title + (rf"\textmd{{, {tail}}}" if tail else "")


def _education(p: Profile, o: Options) -> str:
    out = []
    for i, e in enumerate(p.education):
        title = _at(
            b.esc(b.degree(e)),
            b.esc(e.institution),
            b.esc(e.location) if e.location else None,
            b.esc(e.score) if e.score else None,
        )
        if e.url:
            title += r"\textmd{\enspace" + b.link(e.url) + "}"
        details = []
        if e.advisors:
            details.append(b.esc(b.t("labels.advisors", names=b.names(e.advisors))))
        if e.co_advisors:
            details.append(b.esc(b.t("labels.co_advisors", names=b.names(e.co_advisors))))
        if e.thesis:
            details.append(b.labelled("labels.thesis", title=r"\emph{" + b.esc(e.thesis) + "}"))
        bullets = [b.markup(h) for h in e.highlights]
        out.append(b.dated_entry(title, b.when(e.start, e.end), None, details, bullets,
                                 mark=b.mark("education", i)))  # fmt: skip
    return "\n".join(out)


def _jobs(items: list, section: str) -> str:
    out = []
    for i, e in enumerate(items):
        title = _at(b.esc(e.role), b.esc(e.organization), b.esc(e.location) if e.location else None)
        if e.url:
            title += r"\textmd{\enspace" + b.link(e.url) + "}"
        details = [b.markup(e.summary)] if e.summary else []
        if e.advisors:
            details.append(b.esc(b.t("labels.advisors", names=b.names(e.advisors))))
        bullets = [b.markup(h) for h in e.highlights]
        out.append(b.dated_entry(title, b.when(e.start, e.end), None, details, bullets,
                                 mark=b.mark(section, i)))  # fmt: skip
    return "\n".join(out)


def _projects(p: Profile, o: Options) -> str:
    out = []
    for i, x in enumerate(p.projects):
        title = b.esc(x.name)
        if x.url:
            title += r"\textmd{\enspace" + b.link(x.url) + "}"
        sub = b.esc(b.join([b.names(x.roles), x.entity, x.kind]))
        details = [b.markup(x.description)] if x.description else []
        if x.keywords:
            details.append(b.esc(b.names(x.keywords)))
        bullets = [b.markup(h) for h in x.highlights]
        out.append(b.dated_entry(title, b.when(x.start, x.end), sub or None, details, bullets,
                                 mark=b.mark("projects", i)))  # fmt: skip
    return "\n".join(out)


def _experience(p: Profile, o: Options) -> str:
    return _jobs(p.experience, "experience")


def _volunteer(p: Profile, o: Options) -> str:
    return _jobs(p.volunteer, "volunteer")


def _publications(p: Profile, o: Options) -> str:
    """Grouped and numbered as in the academic layout; the numbers stand in the date column."""
    if not p.publications:
        return ""
    intro = b.publication_summary(p.publications) if o.publication_summary else ""
    out = [_main_column(intro + b.legend(p.publications))]
    for heading, items in b.publication_groups(p.publications, o.group_publications, o.numbering):
        if heading:
            out.append(b.subsection(heading))
        out.append(
            r"\classiclabels\begin{itemize}[leftmargin=\classiclabelwidth,"
            r"labelwidth=\dimexpr\classiclabelwidth-\classicgapwidth\relax,"
            r"labelsep=\classicgapwidth,align=right,"
            r"itemsep=0.5\cvunit,topsep=0.3\cvunit]"
        )
        for index, pub, number in items:
            label = rf"\cvmuted{{[{number}]}}" if number else r"\cvmuted{\textbullet}"
            body = b.publication(pub, max_authors=o.max_authors)
            out.append(rf"\item[{{{label}}}] {b.mark('publications', index)}{body}")
        out.append(r"\end{itemize}")
    return "\n".join(out)


def _awards(p: Profile, o: Options) -> str:
    rows = []
    for i, a in enumerate(p.awards):
        text = b.esc(a.title) + (r", \textit{" + b.esc(a.issuer) + "}" if a.issuer else "")
        if a.url:
            text += r"\enspace" + b.link(a.url)
        rows.append(rf"{b.mark('awards', i)}\cvline{{{text}}}{{{b.award_when(a)}}}")
    return "\n".join(rows)


def _service(p: Profile, o: Options) -> str:
    out = []
    for role, groups in groupby(enumerate(p.service), key=lambda x: x[1].role):
        out.append(b.subsection(role))
        rows = []
        for i, g in groups:
            venues = "; ".join(_venue(v) for v in g.venues)
            label = rf"\textit{{{b.esc(g.area)}:}} " if g.area else ""
            rows.append(rf"\item {b.mark('service', i)}{label}{venues}")
        out.append(
            r"\begin{itemize}[leftmargin=\dimexpr\cvdatewidth+1.2em\relax]"
            + "\n".join(rows)
            + r"\end{itemize}"
        )
    return "\n".join(out)


def _venue(v: Any) -> str:
    full = f"({v.full_name})" if v.full_name else None
    return b.esc(b.join([v.name, full, b.years_compact(v.years)], " "))


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


def _skills(p: Profile, o: Options) -> str:
    return "\n".join(
        rf"\classicitem{{{b.esc(s.category)}}}"
        rf"{{{b.esc(b.join([', '.join(s.items), f'({s.level})' if s.level else None], ' '))}}}"
        for s in p.skills
    )


def _languages(p: Profile, o: Options) -> str:
    return "\n".join(
        rf"\classicitem{{{b.esc(x.language)}}}{{{b.esc(x.fluency or '')}}}" for x in p.languages
    )


def _references(p: Profile, o: Options) -> str:
    return "\n".join(
        rf"\classicitem{{}}{{\textbf{{{b.esc(r.name)}}}"
        + (f": {b.markup(r.reference)}" if r.reference else "")
        + r"}\vspace{0.3\cvunit}"
        for r in p.references
    )


RENDER = renderers(
    summary=_summary,
    interests=_interests,
    news=_news,
    education=_education,
    experience=_experience,
    volunteer=_volunteer,
    projects=_projects,
    publications=_publications,
    awards=_awards,
    service=_service,
    teaching=_teaching,
    skills=_skills,
    languages=_languages,
    references=_references,
)


MIN_DATE_COLUMN = r"""\AtBeginDocument{\ifdim\cvdatewidth<0.15\linewidth
  \setlength{\cvdatewidth}{0.15\linewidth}\fi}"""
"""The date column holds the heading bars too: as moderncv's, never narrower than 15 % of the
line (a document whose dates are only years would otherwise have stubs)."""


def build(profile: Profile, options: Options) -> Document:
    doc = compose(profile, options, LOOK, RENDER, TITLES)
    if options.date_position == "left":  # after the date column is sized (compose)
        doc.preamble.append(NoEscape(MIN_DATE_COLUMN))
    return _replace_header(doc, profile.person, header(profile.person))


def _replace_header(doc: Document, person: Person, latex: str) -> Document:
    """compose() writes the shared header; this layout has its own."""
    shared = b.header(person, centered=LOOK.centered, name_size=LOOK.name_size)
    for i, item in enumerate(doc.data):
        if item == shared:
            doc.data[i] = NoEscape(latex)
            return doc
    raise LayoutError("compose() no longer writes the shared header this layout replaces")
