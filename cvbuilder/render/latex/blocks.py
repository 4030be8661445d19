"""Shared LaTeX building blocks for every layout: header, sections, dated entries,
publications and the section renderers layouts share.

Escaping lives in :mod:`cvbuilder.render.latex.escape` and the document and preamble in
:mod:`cvbuilder.render.latex.document`; both are re-exported here, so a layout needs one import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pylatex import Document

from cvbuilder import present
from cvbuilder.present import type_title as type_title  # re-exported for layouts
from cvbuilder.present import years_compact as years_compact
from cvbuilder.render.latex.document import DUMP_MARK as DUMP_MARK
from cvbuilder.render.latex.document import add as add
from cvbuilder.render.latex.document import document as document
from cvbuilder.render.latex.document import size_date_column as size_date_column
from cvbuilder.render.latex.escape import encode_url as encode_url
from cvbuilder.render.latex.escape import esc as esc
from cvbuilder.render.latex.escape import href as href
from cvbuilder.render.latex.escape import join as join
from cvbuilder.render.latex.escape import markup as markup
from cvbuilder.render.latex.publications import author as author
from cvbuilder.render.latex.publications import authors as authors
from cvbuilder.render.latex.publications import legend as legend
from cvbuilder.render.latex.publications import pub_links as pub_links
from cvbuilder.render.latex.publications import publication as publication
from cvbuilder.render.latex.publications import publication_groups as publication_groups
from cvbuilder.render.latex.publications import publication_summary as publication_summary
from cvbuilder.render.latex.publications import sentence as sentence
from cvbuilder.render.latex.publications import venue as venue
from cvbuilder.render.latex.words import degree as degree
from cvbuilder.render.latex.words import heading as heading
from cvbuilder.render.latex.words import labelled as labelled
from cvbuilder.render.latex.words import link as link
from cvbuilder.render.latex.words import names as names
from cvbuilder.render.latex.words import t as t
from cvbuilder.schema import sections
from cvbuilder.schema.dates import PartialDate, span
from cvbuilder.schema.model import ExtraSection, Person, Profile

# --- header and sections -----------------------------------------------------------------


def contact_items(person: Person) -> list[str]:
    items = [esc(person.location) if person.location else None]
    if person.email:
        items.append(href("mailto:" + person.email, esc(person.email)))
    if person.phone:
        items.append(esc(person.phone))
    if person.homepage:
        items.append(href(person.homepage, esc(present.short_url(person.homepage))))
    for p in person.profiles:
        label = esc(present.profile_label(p))
        items.append(href(p.url, label) if p.url else label)
    return [i for i in items if i]


def header(person: Person, *, centered: bool = False, name_size: str = r"\huge") -> str:
    """Name (always the first line of text), position/affiliation, then contact links."""
    lines = [rf"{{{name_size}\bfseries {esc(person.name)}}}"]
    if person.name_native:  # beside the name, after it: extraction still starts with the name
        lines[0] += rf"\enspace{{\LARGE\bfseries {esc(person.name_native)}}}"
    role = join(
        [
            esc(person.position) if person.position else None,
            esc(person.affiliation) if person.affiliation else None,
        ]
    )
    if role:
        lines.append(rf"{{\large {role}}}")
    contacts = contact_items(person)
    if contacts:
        items = [rf"\mbox{{{c}}}" for c in contacts]  # an item never breaks inside
        lines.append(r"{\small " + r"\hspace{0.5em}\textbar\hspace{0.5em}".join(items) + "}")
    align = r"\centering" if centered else r"\raggedright"
    text = r"{" + align + " " + r"\par\vspace{0.4ex}".join(lines) + r"\par}"
    if person.photo:  # text first, so extraction still starts with the name
        suffix = person.photo.rsplit(".", 1)[-1].lower()
        text = (
            r"\noindent\begin{minipage}[t]{\dimexpr\linewidth-3cm\relax}\vspace{0pt}" + text
            + r"\end{minipage}\hfill\begin{minipage}[t]{2.6cm}\vspace{0pt}\raggedleft"
            + rf"\includegraphics[width=2.6cm,height=3.2cm,keepaspectratio]{{{PHOTO}.{suffix}}}"
            + r"\end{minipage}\par"
        )  # fmt: skip
    return text + r"\vspace{0.8\cvunit}"


PHOTO = "photo"
"""The name the photo has next to the .tex while it compiles (see compile.compile_to)."""


def mark(section: str, index: int | str) -> str:
    """Records where entry ``index`` of ``section`` starts (for the page budget)."""
    return rf"\cvmark{{{section}:{index}}}"


def section(title: str) -> str:
    return rf"\cvsection{{{esc(title)}}}"


def subsection(title: str) -> str:
    return rf"\cvsubsection{{{esc(title)}}}"


def dated_entry(
    title: str,
    when: str,
    subtitle: str | None = None,
    details: Sequence[str] = (),
    bullets: Sequence[str] = (),
    mark: str = "",
    gap: float = 0.8,
) -> str:
    """Dates in the left column, the bold title beside them, subtitle and details below it.
    Arguments are LaTeX."""
    out = [rf"\par\addvspace{{{gap:g}\cvunit}}{mark}\cvline{{\textbf{{{title}}}}}{{{when}}}"]
    if subtitle or details or bullets:
        out.append(r"\begin{cvdetails}")
        if subtitle:
            out.append(rf"\cvmuted{{{subtitle}}}\par")
        out.extend(rf"{{\small\cvmuted{{{d}}}}}\par" for d in details)
        if bullets:
            out.append(
                r"\begin{itemize}[leftmargin=\dimexpr\cvdatewidth+1.2em\relax,topsep=0.2\cvunit]"
            )
            out.extend(rf"\item {b}" for b in bullets)
            out.append(r"\end{itemize}")
        out.append(r"\end{cvdetails}")
    return "\n".join(out)


def award_when(a: Any) -> str:
    """An award's date column: its term as written, else its year, else nothing."""
    return esc(a.term or (str(a.year) if a.year is not None else ""))


def when(start: PartialDate | None, end: PartialDate | None) -> str:
    return esc(span(start, end))


def extra_section(section: ExtraSection) -> str:
    """A free-form section: one line per item, dated items with the date flush right."""
    rows = []
    for item in section.items:
        text = join(
            [
                rf"\textbf{{{esc(item.title)}}}" if item.title else None,
                markup(item.text) if item.text else None,
            ],
            ". ",
        )
        if item.url:
            text += r"\enspace" + link(item.url)
        rows.append(rf"\cvline{{{text}}}{{{esc(item.date.display()) if item.date else ''}}}")
    return "\n".join(rows)


def jobs(items: Sequence[Any], section: str, advisors: str | None = "labels.advisors") -> str:
    """Experience-like entries (work, volunteering): role and organisation on one line, dates,
    then summary, advisors (unless ``advisors`` is None) and highlights."""
    out = []
    for i, e in enumerate(items):
        details = [esc(t(advisors, names=names(e.advisors)))] if e.advisors and advisors else []
        if e.summary:
            details.insert(0, markup(e.summary))
        org = esc(join([e.organization, e.location]))
        title = esc(e.role) + (rf"\textmd{{, \cvmuted{{{org}}}}}" if org else "")
        if e.url:
            title += r"\textmd{\enspace" + link(e.url) + "}"
        bullets = [markup(h) for h in e.highlights]
        out.append(dated_entry(title, when(e.start, e.end), None, details, bullets,
                               mark=mark(section, i)))  # fmt: skip
    return "\n".join(out)


def projects(profile: Profile) -> str:
    out = []
    for i, p in enumerate(profile.projects):
        sub = esc(join([names(p.roles), p.entity, p.kind]))
        if p.url:
            sub = join([sub, link(p.url)], r"\enspace")
        details = [markup(p.description)] if p.description else []
        if p.keywords:
            details.append(esc(names(p.keywords)))
        bullets = [markup(h) for h in p.highlights]
        out.append(dated_entry(esc(p.name), when(p.start, p.end), sub or None, details, bullets,
                               mark=mark("projects", i)))  # fmt: skip
    return "\n".join(out)


def certificates(profile: Profile) -> str:
    rows = []
    for i, c in enumerate(profile.certificates):
        text = esc(join([c.name, c.issuer]))
        if c.url:
            text += r"\enspace" + link(c.url)
        rows.append(rf"{mark('certificates', i)}\cvline{{{text}}}{{{when(c.date, None)}}}")
    return "\n".join(rows)


def languages(profile: Profile) -> str:
    items = [esc(join([x.language, f"({x.fluency})" if x.fluency else None], " "))
             for x in profile.languages]  # fmt: skip
    return esc(t("list.separator")).join(items) + r"\par" if items else ""


def references(profile: Profile) -> str:
    rows = [
        rf"\noindent\textbf{{{esc(r.name)}}}" + (f": {markup(r.reference)}" if r.reference else "")
        for r in profile.references
    ]
    rows = [row + r"\par" for row in rows]
    return r"\vspace{0.3\cvunit}".join(rows)


TITLES: dict[str, str] = {name: f"sections.{name}" for name in sections.NAMES}
"""Section headings as locale keys; a layout may override some (key or text), a variant any."""


SHARED: dict[str, Callable[[Profile, Any], str]] = {
    "summary": lambda p, o: summary(p),
    "skills": lambda p, o: skills(p),
    "volunteer": lambda p, o: jobs(p.volunteer, "volunteer"),
    "projects": lambda p, o: projects(p),
    "certificates": lambda p, o: certificates(p),
    "languages": lambda p, o: languages(p),
    "references": lambda p, o: references(p),
}
"""Section renderers every layout can use as they are."""


def summary(profile: Profile) -> str:
    return markup(profile.summary) + r"\par" if profile.summary else ""


def skills(profile: Profile) -> str:
    return "\n".join(
        rf"\noindent\textbf{{{esc(join([s.category, f'({s.level})' if s.level else None], ' '))}:}}"
        rf" {esc(', '.join(s.items))}\par"
        for s in profile.skills
    )


Renderer = Callable[[Profile, Any], str]


def add_sections(
    doc: Document,
    profile: Profile,
    options: Any,
    render: Mapping[str, Renderer],
    titles: Mapping[str, str],
) -> None:
    """Append each section of ``options.sections`` in order; empty sections are left out."""
    extras = {s.id: s for s in profile.extra_sections}
    for name in options.sections:
        if name in extras:
            body, title = extra_section(extras[name]), extras[name].title
        else:
            body, title = render[name](profile, options), heading(titles[name])
        if body:
            title = heading(options.titles[name]) if name in options.titles else title
            add(doc, section(title) + "\n" + body + mark(name, "end"))
    add(doc, r"\par" + mark("doc", "end"))
