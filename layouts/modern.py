"""Modern one-page résumé in the style of Awesome-CV: sans serif, one accent colour."""

from __future__ import annotations

import unicodedata
from typing import Literal

from pydantic import Field
from pylatex import Document, NoEscape

from cvbuilder.layout import LayoutError, LayoutOptions, Look, compose, renderers
from cvbuilder.render.latex import blocks as b
from cvbuilder.schema.model import Person, Profile
from cvbuilder.schema.sections import ORDER

DEFAULT_SECTIONS = ORDER["resume"]

TITLES = b.TITLES
"""Headings as locale keys (see cvbuilder.locales); a variant may change any."""

SHORT_VENUES = True
"""Publications give the venue's short name ("ICLR 2025"); Markdown, HTML, text and Word too."""

TIGHTEST = {"font_size": 10, "margins": 1.0, "spacing": 0.4}
"""The page budget may tighten the options this far, and no further."""

# Awesome-CV's greys: dark text, grey secondary text, light rules.
# A heading is bold, its first three letters in the accent colour (Awesome-CV's trick: the
# split of each heading the document prints is defined after the preamble as \modernhead:TITLE;
# a heading without one is all accent), then a grey rule to the end of the line. Like the
# shared headings: a new page unless the heading and its first lines fit (\Needspace), and
# never a break between a heading and what follows it (\cvkeepnext).
SECTION_STYLE = r"""\definecolor{moderndark}{HTML}{333333}
\definecolor{moderngrey}{HTML}{5D5D5D}
\definecolor{modernrule}{HTML}{999999}
\newcommand{\modernhead}[1]{\ifcsname modernhead:\detokenize{#1}\endcsname
  \csname modernhead:\detokenize{#1}\endcsname\else{\color{accent}#1}\fi}
\renewcommand{\cvsection}[1]{\par\addvspace{\cvsecskip}\Needspace{5\baselineskip}%
  {\noindent\fontsize{15}{18}\selectfont\bfseries\color{moderndark}\modernhead{#1}%
  \hspace{0.4em}{\color{modernrule}\leaders\hrule height 0.9pt\hfill\null}\par}%
  \nobreak\vspace{0.45\cvunit}\cvkeepnext}
\renewcommand{\cvsubsection}[1]{\par\addvspace{0.6\cvunit}\Needspace{3\baselineskip}%
  {\noindent\bfseries\color{moderngrey}#1\par}\cvkeepnext}
% Between two contacts; where the line breaks it disappears (a discretionary, breakable only
% where \exhyphenpenalty allows: in the contact line; no line breaks inside an item).
\newcommand{\modernsep}{\discretionary{}{}{\mbox{\hspace{0.8em}%
  {\color{modernrule}\textbar}\hspace{0.8em}}}}
% A label column as wide as its widest label (a skill category): label bold, flush right.
\newlength{\modernlabel}
\newcommand{\modernmeasure}[1]{\settowidth{\cvright}{\bfseries #1\quad}%
  \ifdim\cvright>\modernlabel\setlength{\modernlabel}{\cvright}\fi
  \ifdim\modernlabel>0.3\linewidth\setlength{\modernlabel}{0.3\linewidth}\fi}
\newcommand{\modernitem}[2]{\par\noindent\hangindent=\modernlabel\hangafter=1
  \settowidth{\cvright}{\bfseries #1\quad}%
  \ifdim\cvright>\modernlabel{\bfseries\color{moderndark}#1}\quad
  \else\makebox[\modernlabel][r]{\bfseries\color{moderndark}#1\quad}\fi #2\par}
"""

TRAILING_DATES = r"""\renewcommand{\cvline}[2]{\par\noindent #1\if\relax\detokenize{#2}\relax\else
  \quad\mbox{\small\itshape\color{moderngrey}#2}\fi\par}"""
r"""With ``date_position: right`` a date follows its line a quad after the text instead of flush
right: a date at the far right is a column of its own to text extraction, which then reads it
after the lines below (pdftotext's layout analysis, as an ATS would), while a quad keeps it in
its line. (Replaces the \cvline of \cvdatesright.)"""

LOOK = Look(
    kind="documents.resume",
    centered=True,
    section_skip=1.3,
    page_numbers=False,
    section_style=SECTION_STYLE,
)


class Options(LayoutOptions):
    font: Literal["charter", "palatino", "times", "helvetica"] = Field(
        default="helvetica", description="Body font (under XeLaTeX always Charter)."
    )
    date_position: Literal["left", "right"] = Field(
        default="right",
        description="Dates after the role and each line (right), or in a column left of them.",
    )
    accent_color: str = Field(
        default="DC3522",  # Awesome-CV's red
        examples=["teal", "#0395DE"],
        description="Heading initials, places and links: a colour name or hex.",
    )
    font_size: int = Field(default=11, ge=10, le=12, description="Body font size in pt.")
    margins: float = Field(default=1.4, ge=1.0, le=3.0, description="Page margins in cm.")
    max_authors: int = Field(
        default=6, ge=1, description="Longer author lists are cut, always keeping the owner."
    )
    roles: bool = Field(
        default=False, description="Author role markers (* equal contribution, …) and legend."
    )
    advisors: bool = Field(default=False, description="'Advised by' lines under positions.")


# --- header ---------------------------------------------------------------------------------


def header(person: Person) -> str:
    """The name centred, first names regular and grey, the last name bold (split at the last
    space; one word is all bold), position in the accent colour, then the contacts as text."""
    first, _, last = person.name.rpartition(" ")
    name = rf"{{\bfseries\color{{moderndark}}{b.esc(last)}}}"
    if first:
        name = rf"{{\color{{moderngrey}}{b.esc(first)}}} " + name
    if person.name_native:
        name += rf"\enspace{{\bfseries\color{{moderndark}}{b.esc(person.name_native)}}}"
    lines = [rf"{{\fontsize{{30}}{{36}}\selectfont {name}\par}}"]
    role = b.join([b.esc(x) for x in (person.position, person.affiliation) if x])
    if role:
        lines.append(rf"\vspace{{0.6ex}}{{\small\color{{accent}}{role}\par}}")
    contacts = b.contact_items(person)
    if contacts:
        items = r"\modernsep".join(rf"\mbox{{{c}}}" for c in contacts)
        dark = r"\color{moderndark}\hypersetup{urlcolor=moderndark}"  # links too, as Awesome-CV
        lines.append(rf"\vspace{{0.5ex}}{{\small\exhyphenpenalty=0{dark}{items}\par}}")
    text = r"{\centering " + "".join(lines) + "}"
    return _beside_photo(person, text) + r"\vspace{0.6\cvunit}"


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


def heading_initials(profile: Profile, options: Options) -> str:
    """For each heading the document may print: its first three letters in the accent colour,
    the rest dark. Only headings that start with three letters of a cased script (Latin,
    Greek, Cyrillic …) are split; others stay all accent."""
    extras = {s.id: s.title for s in profile.extra_sections}
    titles = {
        b.heading(options.titles[name])
        if name in options.titles
        else extras.get(name) or b.heading(TITLES[name])
        for name in options.sections
        if name in extras or name in TITLES
    }
    out = []
    for title in sorted(titles):
        head, tail = title[:3], title[3:]
        cased = all(c.isalpha() and c.lower() != c.upper() for c in head)
        if not cased or not tail or unicodedata.combining(tail[0]):
            continue
        out.append(
            rf"\expandafter\def\csname modernhead:\detokenize{{{b.esc(title)}}}\endcsname"
            rf"{{{{\color{{accent}}{b.esc(head)}}}{b.esc(tail)}}}"
        )
    return "\n".join(out)


# --- sections -------------------------------------------------------------------------------


def _summary(p: Profile, o: Options) -> str:
    return rf"{{\color{{moderndark}}{b.markup(p.summary)}\par}}" if p.summary else ""


def _interests(p: Profile, o: Options) -> str:
    return b.esc(b.names(p.interests)) + r"\par" if p.interests else ""


def _bullets(items: list[str]) -> str:
    if not items:
        return ""
    return (
        r"\begin{itemize}[leftmargin=\dimexpr\cvdatewidth+1.2em\relax,topsep=0.15\cvunit,"
        r"label={\color{moderngrey}\textbullet}]\small\color{moderndark}"
        + "".join(rf"\item {x}" for x in items)
        + r"\end{itemize}"
    )


def _entry(
    o: Options,
    mark: str,
    org: str,
    place: str,
    role: str,
    when: str,
    details: list[str],
    bullets: list[str],
) -> str:
    """Awesome-CV's entry: the organisation in bold with its place in the accent colour, then
    the role in grey with the dates after it (or the dates in the left column). Arguments are
    LaTeX; the two lines stay together."""
    head = rf"{{\bfseries\color{{moderndark}}{org}}}"
    if place:
        head += rf"\quad{{\small\itshape\color{{accent}}{place}}}"
    out = [rf"\par\addvspace{{0.7\cvunit}}{mark}"]
    if o.date_position == "right":
        dates = rf"\mbox{{\small\itshape\color{{moderngrey}}{when}}}" if when else ""
        second = b.join(
            [rf"{{\small\color{{moderngrey}}{role}}}" if role else "", dates], r"\quad "
        )
        out.append(rf"\noindent{head}\par" + (rf"\nobreak\noindent{second}\par" if second else ""))
    else:
        out.append(rf"\cvline{{{head}}}{{{when}}}")
        details = [role, *details] if role else details
    if details or bullets:
        out.append(r"\nobreak\begin{cvdetails}")
        out.extend(rf"{{\small\color{{moderngrey}}{d}\par}}" for d in details)
        out.append(_bullets(bullets))
        out.append(r"\end{cvdetails}")
    return "\n".join(out)


def _education(p: Profile, o: Options) -> str:
    out = []
    for i, e in enumerate(p.education):
        degree = b.esc(b.join([b.degree(e), e.score]))
        details = []
        if e.thesis:
            details.append(b.labelled("labels.thesis", title=r"\emph{" + b.esc(e.thesis) + "}"))
        if e.advisors and o.advisors:
            details.append(b.esc(b.t("labels.advised_by", names=b.names(e.advisors))))
        out.append(
            _entry(
                o,
                b.mark("education", i),
                b.esc(e.institution),
                b.esc(e.location or ""),
                degree,
                b.when(e.start, e.end),
                details,
                [b.markup(h) for h in e.highlights],
            )
        )
    return "\n".join(out)


def _jobs(items: list, section: str, o: Options) -> str:
    out = []
    for i, e in enumerate(items):
        org = b.esc(e.organization)
        if e.url:
            org += r"\textmd{\enspace" + b.link(e.url) + "}"
        details = [b.markup(e.summary)] if e.summary else []
        if e.advisors and o.advisors:
            details.append(b.esc(b.t("labels.advised_by", names=b.names(e.advisors))))
        out.append(
            _entry(
                o,
                b.mark(section, i),
                org,
                b.esc(e.location or ""),
                b.esc(e.role),
                b.when(e.start, e.end),
                details,
                [b.markup(h) for h in e.highlights],
            )
        )
    return "\n".join(out)


def _projects(p: Profile, o: Options) -> str:
    out = []
    for i, x in enumerate(p.projects):
        name = b.esc(x.name)
        if x.url:
            name += r"\textmd{\enspace" + b.link(x.url) + "}"
        details = [b.markup(x.description)] if x.description else []
        if x.keywords:
            details.append(b.esc(b.names(x.keywords)))
        role = b.esc(b.join([b.names(x.roles), x.entity, x.kind]))
        bullets = [b.markup(h) for h in x.highlights]
        out.append(
            _entry(
                o, b.mark("projects", i), name, "", role, b.when(x.start, x.end), details, bullets
            )
        )
    return "\n".join(out)


def _experience(p: Profile, o: Options) -> str:
    return _jobs(p.experience, "experience", o)


def _volunteer(p: Profile, o: Options) -> str:
    return _jobs(p.volunteer, "volunteer", o)


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
        rows.append(
            rf"\item {mark}{{\color{{moderndark}}{title}}} {{\small\color{{moderngrey}}"
            rf"{b.sentence(people)} {b.sentence(venue + note)}}}"
        )
    return (
        (b.legend(p.publications) if o.roles else "")
        + r"\begin{itemize}[leftmargin=1.2em,itemsep=0.3\cvunit,"
        + r"label={\color{moderngrey}\textbullet}]"
        + "\n".join(rows)
        + r"\end{itemize}"
    )


def _line(section: str, i: int, left: str, right: str) -> str:
    return rf"{b.mark(section, i)}\cvline{{{left}}}{{{right}}}"


def _awards(p: Profile, o: Options) -> str:
    rows = []
    for i, a in enumerate(p.awards):
        text = rf"{{\color{{moderndark}}{b.esc(a.title)}}}"
        if a.issuer:
            text += rf", {{\color{{moderngrey}}{b.esc(a.issuer)}}}"
        if a.url:
            text += r"\enspace" + b.link(a.url)
        rows.append(_line("awards", i, text, b.award_when(a)))
    return "\n".join(rows)


def _service(p: Profile, o: Options) -> str:
    rows = []
    for i, g in enumerate(p.service):
        names = b.esc(b.names([v.name for v in g.venues]))
        head = b.esc(b.join([g.role, g.area], ", "))
        rows.append(rf"\item {b.mark('service', i)}\textbf{{{head}:}} {names}")
    return (
        r"\begin{itemize}[leftmargin=1.2em,label={\color{moderngrey}\textbullet}]"
        + "\n".join(rows)
        + r"\end{itemize}"
    )


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


def _labelled(rows: list[tuple[str, str]]) -> str:
    """Label (bold, flush right in its own column) and text beside it, one row each."""
    if not rows:
        return ""
    labels = "".join(rf"\modernmeasure{{{label}}}" for label, _ in rows)
    return rf"\setlength{{\modernlabel}}{{0pt}}{labels}" + "\n".join(
        rf"\modernitem{{{label}}}{{{text}}}\vspace{{0.15\cvunit}}" for label, text in rows
    )


def _skills(p: Profile, o: Options) -> str:
    return _labelled(
        [
            (
                b.esc(s.category),
                rf"{{\color{{moderndark}}{b.esc(', '.join(s.items))}}}"
                + (rf" {{\color{{moderngrey}}({b.esc(s.level)})}}" if s.level else ""),
            )
            for s in p.skills
        ]
    )


def _languages(p: Profile, o: Options) -> str:
    return _labelled(
        [
            (b.esc(x.language), rf"{{\color{{moderngrey}}{b.esc(x.fluency or '')}}}")
            for x in p.languages
        ]
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
)


def build(profile: Profile, options: Options) -> Document:
    doc = compose(profile, options, LOOK, RENDER, TITLES)
    doc.preamble.append(NoEscape(heading_initials(profile, options)))
    if options.date_position == "right":
        doc.preamble.append(NoEscape(TRAILING_DATES))
    return _replace_header(doc, profile.person, header(profile.person))


def _replace_header(doc: Document, person: Person, latex: str) -> Document:
    """compose() writes the shared header; this layout has its own."""
    shared = b.header(person, centered=LOOK.centered, name_size=LOOK.name_size)
    for i, item in enumerate(doc.data):
        if item == shared:
            doc.data[i] = NoEscape(latex)
            return doc
    raise LayoutError("compose() no longer writes the shared header this layout replaces")
