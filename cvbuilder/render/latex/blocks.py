"""Shared LaTeX building blocks for every layout: escaping, preamble, header, entries.

Everything a profile says reaches LaTeX through :func:`esc`, :func:`markup` or
:func:`href`; layouts never paste raw profile strings into LaTeX.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from pylatex import Document, NoEscape
from pylatex.utils import _latex_special_chars

from cvbuilder import present
from cvbuilder.present import TYPE_TITLES as TYPE_TITLES  # re-exported for layouts
from cvbuilder.present import years_compact as years_compact
from cvbuilder.schema.charset import MATH, SUBSCRIPTS, SUPERSCRIPTS
from cvbuilder.schema.dates import PartialDate, span
from cvbuilder.schema.model import Author, ExtraSection, Person, Profile, Publication
from cvbuilder.tex.engines import DEFAULT as DEFAULT_ENGINE
from cvbuilder.tex.engines import Engine

# PyLaTeX's table, plus characters that T1 fonts would turn into something else:
# ^ and ~ as ASCII (not accents), < > as themselves (not ¡ ¿), and ligature
# breakers so `` '' ,, << >> -- never become quotes, guillemets or dashes.
_ESCAPES = {
    **_latex_special_chars,
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "`": r"\textasciigrave{}",
    "'": r"\textquotesingle{}",
    '"': r"\textquotedbl{}",
    ",,": ",{},",
    "\n": " ",
    "…": "...",  # T1 has no ellipsis glyph; \textellipsis would extract as ". . ."
    **{chr(cp): rf"\ensuremath{{{cmd}}}" for cp, cmd in MATH.items()},
}
_SCRIPTS = {"sup": (SUPERSCRIPTS, r"\textsuperscript"), "sub": (SUBSCRIPTS, r"\textsubscript")}
_ESCAPE_RX = re.compile(
    "|".join(
        [
            *(f"(?P<{k}>[{''.join(map(re.escape, t))}]+)" for k, (t, _) in _SCRIPTS.items()),
            *map(re.escape, sorted(_ESCAPES, key=len, reverse=True)),
        ]
    )
)


_LONG_WORD = re.compile(r"\S{40,}")


def esc(text: str) -> str:
    """Plain profile text → LaTeX that prints exactly that text.

    A run of 40 or more characters without a space (a pasted URL, a hash) may break every 20
    characters, so it wraps instead of running off the page."""
    out, pos = [], 0
    for match in _LONG_WORD.finditer(text):
        out.append(_escape(text[pos : match.start()]))
        word = match.group()
        out.append(
            r"\allowbreak{}".join(_escape(word[i : i + 20]) for i in range(0, len(word), 20))
        )
        pos = match.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


def _escape(text: str) -> str:
    return _ESCAPE_RX.sub(_replace, text)


def _replace(m: re.Match[str]) -> str:
    """A special character's LaTeX, or a run of ²/₂-style characters as a real script."""
    kind = m.lastgroup
    if kind is None:
        return _ESCAPES[m.group()]
    table, command = _SCRIPTS[kind]
    base = "".join(table[ch] for ch in m.group()).replace("\u2212", r"\textminus{}")
    return f"{command}{{{base}}}"


_SAFE_SCHEMES = ("http://", "https://", "mailto:")


_RAW_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def encode_url(url: str) -> str:
    """The URL with everything a PDF viewer or TeX could misread percent-encoded, keeping its
    meaning: a raw ``%`` becomes ``%25``; in a ``mailto:`` address ``#``, ``?`` and ``%`` are
    part of the address (``a#b@x.org``), so they are encoded too."""
    if url.lower().startswith("mailto:"):
        return "mailto:" + quote(url[7:], safe="@!$&'*+,;=-._~")
    return quote(_RAW_PERCENT.sub("%25", url), safe="/:?&=+$,;@!*()'-._~%#[]")


def href(url: str, label: str) -> str:
    r"""A link; ``label`` is LaTeX already. Only http(s), mailto and doi links are clickable."""
    if url.lower().startswith("doi:"):
        url = "https://doi.org/" + url[4:]
    if not url.lower().startswith(_SAFE_SCHEMES):
        return label
    safe = encode_url(url).replace("\\", "%5C").replace("%", r"\%").replace("#", r"\#")
    return rf"\href{{{safe}}}{{{label}}}"


_MD = None
_MARKUP_CHARS = re.compile(r"[*_\[]")


def markup(text: str) -> str:
    """Tiny inline markup (**bold**, *italic*, [label](https://…)) → LaTeX; the rest is escaped."""
    global _MD
    if not _MARKUP_CHARS.search(text):
        return esc(text)  # nothing to parse: skip markdown-it (and its import)
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("zero").enable(["emphasis", "link"])
    out: list[str] = []
    link_stack: list[tuple[int, str]] = []
    for tok in _MD.parseInline(text)[0].children or []:
        if tok.type == "text":
            out.append(esc(tok.content))
        elif tok.type == "strong_open":
            out.append(r"\textbf{")
        elif tok.type == "em_open":
            out.append(r"\emph{")
        elif tok.type in ("strong_close", "em_close"):
            out.append("}")
        elif tok.type == "link_open":
            link_stack.append((len(out), str(tok.attrs.get("href", ""))))
        elif tok.type == "link_close":
            start, url = link_stack.pop()
            out[start:] = [href(url, "".join(out[start:]))]
        else:
            out.append(esc(tok.content))
    return "".join(out)


def join(parts: Iterable[str | None], sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


# --- document and preamble --------------------------------------------------------------

# The preamble has a static part (packages, macros), which cvbuilder dumps into a precompiled
# format once per TeX installation (see compile.py), and a dynamic part after \endofdump.
DUMP_MARK = r"\csname endofdump\endcsname"
_PREAMBLE_START = r"""
\usepackage{geometry}
\usepackage{graphicx}
"""  # then the engine's fonts
_PREAMBLE_MIDDLE = r"""\usepackage[hyphens]{url}
\usepackage{xcolor}
\usepackage{enumitem}
\newcommand{\cvkeeplines}{\interlinepenalty=9999 }% split an entry only if taller than a page
\setlist{nosep,before=\cvkeeplines}
\usepackage[pdfusetitle=false,bookmarks=false,colorlinks=true,allcolors=accent,
  pdfcreator={cvbuilder},pdfproducer={cvbuilder}]{hyperref}
"""  # then the engine's text-layer settings
_PREAMBLE_END = r"""\hyphenpenalty=10000 \exhyphenpenalty=10000 \sloppy
\AtBeginDocument{\raggedright}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0pt}
\newlength{\cvunit}% every vertical gap is a multiple of this
\newlength{\cvsecskip}
\newcommand{\cvsection}[1]{\par\addvspace{\cvsecskip}{\large\bfseries\color{accent}#1}\par
  \vspace{-0.4ex}{\color{accent}\rule{\linewidth}{0.5pt}}\par\nopagebreak\vspace{0.3\cvunit}}
\newcommand{\cvsubsection}[1]{\par\addvspace{0.6\cvunit}{\bfseries #1}\par\nopagebreak}
% Dates sit right-aligned in a left column, half an em from the entry that hangs beside them:
% no gap wide enough to read as a column, so text extraction (ATS) gets "date title" per line.
\newlength{\cvdatewidth}\newlength{\cvright}
\AtBeginDocument{\settowidth{\cvdatewidth}{\small Sep 0000 -- Sep 0000\enspace}}
\newcommand{\cvline}[2]{\par\noindent\hangindent=\cvdatewidth\hangafter=1
  \settowidth{\cvright}{\small #2\enspace}%
  \ifdim\cvright>\cvdatewidth{\small #2}\enspace\else\makebox[\cvdatewidth][r]{\small #2\enspace}\fi
  #1\par}
\newenvironment{cvdetails}{\par\leftskip=\cvdatewidth\relax}{\par}
\newcommand{\legend}[1]{\par{\footnotesize\itshape #1}\par\vspace{0.3\cvunit}}
% Positions for the page budget: where each entry starts (page, y in sp), read from the log.
\newcommand{\cvmark}[1]{\pdfsavepos\write-1{CVMARK #1 \thepage\space\the\pdflastypos}}
\AtBeginDocument{\immediate\write-1{CVGEOM \number\dimexpr\paperheight-1in-\voffset-\topmargin
  -\headheight-\headsep\relax\space\number\textheight\space\number\baselineskip}}
"""


def document(
    person: Person,
    *,
    kind: str,
    font_size: int,
    margin_cm: float,
    accent: str = "1F3A5F",
    spacing: float = 1.0,
    section_skip: float = 1.6,
    page_numbers: bool = True,
    footer: str | None = None,
    engine: Engine = DEFAULT_ENGINE,
) -> Document:
    """A PyLaTeX document with the shared preamble, PDF metadata and page style set."""
    doc = Document(
        documentclass="article",
        document_options=[f"{font_size}pt", "a4paper"],
        lmodern=False,
        textcomp=False,
        page_numbers=False,
        indent=None,
    )
    # PyLaTeX opens the body with \pagestyle{empty}; the page style is set in the preamble.
    doc.data = [c for c in doc.data if getattr(c, "latex_name", "") != "pagestyle"]
    preamble = _PREAMBLE_START + engine.fonts + _PREAMBLE_MIDDLE + engine.text_layer + _PREAMBLE_END
    doc.preamble.append(NoEscape(preamble))
    doc.preamble.append(NoEscape(DUMP_MARK))
    doc.preamble.append(
        NoEscape(
            rf"\geometry{{margin={margin_cm:g}cm,includefoot,footskip=0.8cm}}"
            rf"\definecolor{{accent}}{{HTML}}{{{accent}}}"
            rf"\setlength{{\cvunit}}{{{spacing:g}ex}}\setlength{{\cvsecskip}}{{{section_skip:g}\cvunit}}"
            "\n"
            rf"\hypersetup{{pdftitle={{{esc(person.name)} — {kind}}},"
            rf"pdfauthor={{{esc(person.name)}}}}}"
        )
    )
    foot = join(
        [esc(footer) if footer else None, r"\thepage" if page_numbers else None], r"\quad{}"
    )
    doc.preamble.append(
        NoEscape(
            r"\makeatletter\def\ps@cv{\let\@oddhead\@empty\let\@evenhead\@empty"
            r"\def\@oddfoot{\hfil{\footnotesize\color{gray}" + foot + r"}\hfil}"
            r"\let\@evenfoot\@oddfoot}\makeatother\pagestyle{cv}"
        )
    )
    return doc


def add(doc: Document, latex: str) -> None:
    doc.append(NoEscape(latex))


# --- header and sections -----------------------------------------------------------------


def contact_items(person: Person) -> list[str]:
    items = [esc(person.location) if person.location else None]
    if person.email:
        items.append(href("mailto:" + person.email, esc(person.email)))
    if person.phone:
        items.append(esc(person.phone))
    if person.homepage:
        shown = re.sub(r"^https?://(www\.)?", "", person.homepage).rstrip("/")
        items.append(href(person.homepage, esc(shown)))
    for p in person.profiles:
        label = esc(join([p.network, p.username], ": ") or p.url or "")
        items.append(href(p.url, label) if p.url else label)
    return [i for i in items if i]


def header(person: Person, *, centered: bool = False, name_size: str = r"\huge") -> str:
    """Name (always the first line of text), position/affiliation, then contact links."""
    lines = [rf"{{{name_size}\bfseries {esc(person.name)}}}"]
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
            out.append(rf"{subtitle}\par")
        out.extend(rf"{{\small {d}}}\par" for d in details)
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


# --- publications -------------------------------------------------------------------------

_MARKS = {"equal": "*", "corresponding": r"\textdagger{}", "lead": r"\textdaggerdbl{}"}
"""Role markers in LaTeX (the roles, their order and their legend come from :mod:`present`)."""


def publication_summary(pubs: Sequence[Publication]) -> str:
    """The publication count line (see :func:`cvbuilder.present.summary`)."""
    return rf"\par\noindent{{\small {present.summary(pubs)}}}\par\vspace{{0.3\cvunit}}"


def author(a: Author) -> str:
    name = esc(a.name).replace(" ", "~")  # never break inside a name
    marks = "".join(_MARKS[m] for m in present.markers(a))
    name = rf"\textbf{{{name}}}" if a.owner else name
    return name + marks  # not raised: a superscript makes text extraction split "Tang* ,"


def authors(items: Sequence[Author], limit: int | None = None, et_al: bool = False) -> str:
    """The author list as :func:`cvbuilder.present.author_list` cuts it."""
    cut = present.author_list(items, limit, et_al)
    text = ", ".join(author(a) for a in cut.head)
    if cut.owner_after_gap is not None:
        text += r", \ldots, " + author(cut.owner_after_gap)
    return text + (", et al." if cut.et_al else "")


def legend(pubs: Sequence[Publication], owner_bold: bool = True) -> str:
    parts = [rf"{_MARKS[m]} {present.MARKERS[m][1]}" for m in present.used_markers(pubs)]
    if not parts:
        return ""
    return rf"\legend{{{'; '.join(parts)}.}}"


def sentence(latex: str) -> str:
    """End with a period unless the text already ends with . ? or !."""
    return latex if not latex or latex.rstrip("}").endswith((".", "?", "!")) else latex + "."


def venue(p: Publication, *, short_only: bool = False) -> str:
    """The venue as :func:`cvbuilder.present.venue_text` words it, in italics."""
    text = present.venue_text(p, short_only=short_only)
    return rf"\emph{{{esc(text)}}}" if text else ""


def pub_links(p: Publication) -> str:
    return r"\,".join(href(url, f"[{label}]") for label, url in present.links(p))


def publication(
    p: Publication, *, short_venue: bool = False, max_authors: int | None = None
) -> str:
    """``Authors. Title. Venue (SHORT), year. Note. [links]`` as one LaTeX paragraph body."""
    parts = [
        sentence(authors(p.authors, max_authors, p.et_al)),
        sentence(esc(p.title)),
        sentence(venue(p, short_only=short_venue)),
    ]
    if p.note:
        parts.append(rf"\textbf{{{esc(p.note)}}}.")
    links = pub_links(p)
    if links:
        parts.append(links)
    return " ".join(parts)


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
            text += r"\enspace" + href(item.url, "[link]")
        rows.append(rf"\cvline{{{text}}}{{{esc(item.date.display()) if item.date else ''}}}")
    return "\n".join(rows)


def jobs(items: Sequence[Any], section: str, advisors_label: str = "Advisors: ") -> str:
    """Experience-like entries (work, volunteering): role, organisation, dates, highlights."""
    out = []
    for i, e in enumerate(items):
        details = [advisors_label + esc(", ".join(e.advisors))] if e.advisors else []
        if e.summary:
            details.insert(0, markup(e.summary))
        org = esc(join([e.organization, e.location]))
        if e.url:
            org += r"\enspace" + href(e.url, "[link]")
        bullets = [markup(h) for h in e.highlights]
        out.append(dated_entry(esc(e.role), when(e.start, e.end), org, details, bullets,
                               mark=mark(section, i)))  # fmt: skip
    return "\n".join(out)


def projects(profile: Profile) -> str:
    out = []
    for i, p in enumerate(profile.projects):
        sub = esc(join([", ".join(p.roles), p.entity, p.kind]))
        if p.url:
            sub = join([sub, href(p.url, "[link]")], r"\enspace")
        details = [markup(p.description)] if p.description else []
        if p.keywords:
            details.append(esc(", ".join(p.keywords)))
        bullets = [markup(h) for h in p.highlights]
        out.append(dated_entry(esc(p.name), when(p.start, p.end), sub or None, details, bullets,
                               mark=mark("projects", i)))  # fmt: skip
    return "\n".join(out)


def certificates(profile: Profile) -> str:
    rows = []
    for i, c in enumerate(profile.certificates):
        text = esc(join([c.name, c.issuer]))
        if c.url:
            text += r"\enspace" + href(c.url, "[link]")
        rows.append(rf"{mark('certificates', i)}\cvline{{{text}}}{{{when(c.date, None)}}}")
    return "\n".join(rows)


def languages(profile: Profile) -> str:
    items = [esc(join([x.language, f"({x.fluency})" if x.fluency else None], " "))
             for x in profile.languages]  # fmt: skip
    return ", ".join(items) + r"\par" if items else ""


def references(profile: Profile) -> str:
    rows = [
        rf"\noindent\textbf{{{esc(r.name)}}}" + (f": {markup(r.reference)}" if r.reference else "")
        for r in profile.references
    ]
    rows = [row + r"\par" for row in rows]
    return r"\vspace{0.3\cvunit}".join(rows)


TITLES: dict[str, str] = {
    "summary": "Summary",
    "interests": "Research Interests",
    "news": "News",
    "education": "Education",
    "experience": "Experience",
    "volunteer": "Volunteering",
    "projects": "Projects",
    "publications": "Publications",
    "awards": "Awards",
    "certificates": "Certificates",
    "service": "Service",
    "teaching": "Teaching",
    "skills": "Skills",
    "languages": "Languages",
    "references": "References",
}
"""Section headings; a layout may override some, a variant's ``titles`` any."""

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
            body, title = render[name](profile, options), titles[name]
        if body:
            add(doc, section(options.titles.get(name, title)) + "\n" + body + mark(name, "end"))
    add(doc, r"\par" + mark("doc", "end"))
