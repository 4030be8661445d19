"""The LaTeX document every layout starts from: preamble (static part dumped into a format),
engine pieces, margins, colours, PDF metadata and the page footer."""

from __future__ import annotations

from pylatex import Document, NoEscape

from cvbuilder import locales
from cvbuilder.options import FONTS, default_paper
from cvbuilder.render.latex.escape import esc, join
from cvbuilder.schema.model import Person
from cvbuilder.tex.engines import AFTER_DUMP, BEFORE_DUMP, DUMP_MARK, Engine
from cvbuilder.tex.engines import current as current_engine

# --- document and preamble --------------------------------------------------------------

# The preamble has a static part (packages, macros), which cvbuilder dumps into a precompiled
# format once per TeX installation (see compile.py), and a dynamic part after \endofdump.
_PREAMBLE_START = r"""
\usepackage{geometry}
\usepackage{graphicx}
"""  # then the engine's fonts
_PREAMBLE_MIDDLE = r"""\usepackage[hyphens]{url}
\usepackage{microtype}
\usepackage{xcolor}
\definecolor{cvmuted}{HTML}{555555}% secondary text: organisations, advisors, venues, dates
\usepackage{enumitem}
\usepackage{needspace}
\newcommand{\cvkeeplines}{\interlinepenalty=9999 }% split an entry only if taller than a page
\setlist{nosep,before=\cvkeeplines,beginpenalty=10000}
\usepackage[pdfusetitle=false,bookmarks=false,colorlinks=true,allcolors=accent,
  pdfcreator={cvbuilder},pdfproducer={cvbuilder}]{hyperref}
"""
_PREAMBLE_END = r"""\hyphenpenalty=10000 \exhyphenpenalty=10000 \sloppy
\AtBeginDocument{\raggedright}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0pt}
\newlength{\cvunit}% every vertical gap is a multiple of this
\newlength{\cvsecskip}
% A heading keeps its rule 2 pt under it and its first entry with it (\nobreak, and no break
% before a list: LaTeX's default invites one right after a heading).
\makeatletter
\newcommand{\cvkeepnext}{\par\nobreak\@afterheading}% what follows starts on this page
% A heading starts a new page unless it and about three lines of its first entry fit.
\newcommand{\cvsection}[1]{\par\addvspace{\cvsecskip}\Needspace{5\baselineskip}{\large\bfseries\color{accent}#1}\par
  \nobreak\nointerlineskip\vspace{2pt}{\color{accent}\rule{\linewidth}{0.5pt}}\par\nobreak
  \vspace{0.4\cvunit}\cvkeepnext}
\newcommand{\cvsubsection}[1]{\par\addvspace{0.6\cvunit}\Needspace{3\baselineskip}%
  {\bfseries #1}\cvkeepnext}
\@beginparpenalty=10000
\makeatother
\newcommand{\cvmuted}[1]{{\color{cvmuted}#1}}
\newcommand{\cvtight}[1]{\kern-0.03em\raisebox{0.08ex}{\scalebox{0.78}{#1}}\kern-0.02em\relax}% C++
% Dates sit right-aligned in a left column, half an em from the entry that hangs beside them:
% no gap wide enough to read as a column, so text extraction (ATS) gets "date title" per line.
\newlength{\cvdatewidth}\newlength{\cvright}
\newcommand{\cvline}[2]{\par\noindent\hangindent=\cvdatewidth\hangafter=1
  \settowidth{\cvright}{\small #2\enspace}%
  \ifdim\cvright>\cvdatewidth{\small\cvmuted{#2}}\enspace
  \else\makebox[\cvdatewidth][r]{\small\cvmuted{#2}\enspace}\fi
  #1\par}
% The date column is as wide as the widest date the document prints (at most 30 % of the line).
\newcommand{\cvdatesample}[1]{\settowidth{\cvright}{\small #1\enspace}%
  \ifdim\cvright>\cvdatewidth\setlength{\cvdatewidth}{\cvright}\fi
  \ifdim\cvdatewidth>0.3\linewidth\setlength{\cvdatewidth}{0.3\linewidth}\fi}
% Or dates a quad after the title line (date_position: right): no column at all. Not flush
% right: pdftotext's layout analysis (and an ATS built like it) reads a flush-right date beside
% lines of the same size as a column of its own, after the lines below it.
\newcommand{\cvdatesright}{\renewcommand{\cvline}[2]{\par\noindent ##1%
  \if\relax\detokenize{##2}\relax\else\quad\mbox{\small\cvmuted{##2}}\fi\par}%
  \renewcommand{\cvdatesample}[1]{}}
\newenvironment{cvdetails}{\par\leftskip=\cvdatewidth\relax}{\par}
\newcommand{\legend}[1]{\par{\footnotesize\itshape #1}\par\vspace{0.3\cvunit}}
% Positions for the page budget: where each entry starts (page, y in sp), read from the log.
% (in vertical mode: no break at the mark, so a heading keeps the entry the mark starts)
\newcommand{\cvmark}[1]{\ifvmode\vskip0pt\fi\pdfsavepos
  \write-1{CVMARK #1 \thepage\space\the\pdflastypos}\ifvmode\nobreak\fi}
\AtBeginDocument{\immediate\write-1{CVGEOM \number\dimexpr\paperheight-1in-\voffset-\topmargin
  -\headheight-\headsep\relax\space\number\textheight\space\number\baselineskip}}
"""


def document(
    person: Person,
    *,
    kind: str,
    font_size: int,
    margins: float,
    accent: str = "1F3A5F",
    spacing: float = 1.0,
    section_skip: float = 1.6,
    page_numbers: bool = True,
    footer: str | None = None,
    paper: str | None = None,
    font: str = "charter",
    date_position: str = "left",
    section_style: str | None = None,
    engine: Engine | None = None,
) -> Document:
    """A PyLaTeX document with the shared preamble, PDF metadata and page style set, for the
    engine and locale being rendered for (see :func:`cvbuilder.tex.engines.current` and
    :func:`cvbuilder.locales.current`)."""
    engine = engine or current_engine()
    locale = locales.current()
    doc = Document(
        documentclass="article",
        document_options=[f"{font_size}pt", f"{paper or default_paper(locale.language)}paper"],
        lmodern=False,
        textcomp=False,
        fontenc="T1" if engine.name == "pdflatex" else None,  # XeLaTeX: fontspec's Unicode
        inputenc="utf8" if engine.name == "pdflatex" else None,
        page_numbers=False,
        indent=None,
    )
    # PyLaTeX opens the body with \pagestyle{empty}; the page style is set in the preamble.
    doc.data = [c for c in doc.data if getattr(c, "latex_name", "") != "pagestyle"]
    fonts = FONTS.get(font, {}).get(engine.name, engine.fonts) or engine.fonts
    preamble = _PREAMBLE_START + fonts + _PREAMBLE_MIDDLE + engine.unicode_map + _PREAMBLE_END
    doc.preamble.append(NoEscape(preamble))
    doc.preamble.append(NoEscape(BEFORE_DUMP))  # the same PDF with or without the format
    doc.preamble.append(NoEscape(DUMP_MARK))
    doc.preamble.append(NoEscape(AFTER_DUMP))
    # After the dump: pdfTeX keeps its real-space switch and PDF-writer settings out of a
    # format, so a PDF made with the format would differ from one made without it.
    doc.preamble.append(NoEscape(engine.text_layer))
    doc.preamble.append(
        NoEscape(
            rf"\geometry{{margin={margins:g}cm,includefoot,footskip=0.8cm}}"
            rf"\definecolor{{accent}}{{HTML}}{{{accent}}}"
            rf"\setlength{{\cvunit}}{{{spacing:g}ex}}\setlength{{\cvsecskip}}{{{section_skip:g}\cvunit}}"
            r"\ifdim\cvsecskip<1.2ex\setlength{\cvsecskip}{1.2ex}\fi"  # never squeezed under
            "\n"
            + (r"\cvdatesright" + "\n" if date_position == "right" else "")
            + (section_style + "\n" if section_style else "")
            + rf"\AtBeginDocument{{\cvdatesample{{{_widest_dates()}}}}}"  # compose: real dates
            "\n"
            + _language(locale, engine)
            + rf"\hypersetup{{pdftitle={{{esc(person.name)} — {esc(kind)}}},"
            rf"pdfauthor={{{esc(person.name)}}}}}"
        )
    )
    for item in page_style(footer, page_numbers):
        doc.preamble.append(NoEscape(item))
    return doc


def page_style(footer: str | None, page_numbers: bool) -> list[str]:
    """Preamble items for the foot of every page: ``footer`` (text) and the page number in the
    locale's words; later items redefine earlier ones, so a prose document can replace the
    layout's footer."""
    page = esc(locales.current()("date.page", page="CVPAGE", pages="CVPAGES"))
    page = page.replace("CVPAGES", r"\pageref*{LastPage}").replace("CVPAGE", r"\thepage{}")
    out = []
    if page_numbers and "LastPage" in page:  # "Page 2 of 5": TeX runs a second pass for it
        out.append(r"\usepackage{lastpage}")
    foot = join([esc(footer) if footer else None, page if page_numbers else None], r" · ")
    out.append(
        r"\makeatletter\def\ps@cv{\let\@oddhead\@empty\let\@evenhead\@empty"
        r"\def\@oddfoot{\hfil{\footnotesize\color{gray}" + foot + r"}\hfil}"
        r"\let\@evenfoot\@oddfoot}\makeatother\pagestyle{cv}"
    )
    return out


def size_date_column(doc: Document) -> None:
    """Size the date column from every date the body prints (``\\cvline``'s second argument),
    measured by TeX, instead of from a sample that real dates may overflow."""
    body = "".join(str(item) for item in doc.data)
    dates = dict.fromkeys(_second_arguments(body, "\\cvline{"))
    if dates:
        samples = "".join(rf"\cvdatesample{{{d}}}" for d in dates if d)
        doc.preamble.append(
            NoEscape(rf"\AtBeginDocument{{\setlength{{\cvdatewidth}}{{0pt}}{samples}}}")
        )


def _second_arguments(latex: str, command: str) -> list[str]:
    """The second brace-delimited argument of every ``command{…}{…}`` in ``latex``."""
    out, start = [], 0
    while (i := latex.find(command, start)) >= 0:
        j = _group_end(latex, i + len(command) - 1)
        if j + 1 < len(latex) and latex[j + 1] == "{":
            k = _group_end(latex, j + 1)
            out.append(latex[j + 2 : k])
            start = k
        else:
            start = j
    return out


def _group_end(latex: str, open_at: int) -> int:
    """Index of the brace that closes the group opened at ``open_at`` (escaped braces skipped)."""
    depth, i = 0, open_at
    while i < len(latex):
        ch = latex[i]
        if ch == "\\":
            i += 2
            continue
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0:
            return i
        i += 1
    return len(latex) - 1


def _widest_dates() -> str:
    """The widest date range of the locale, which sets the width of the date column."""
    locale = locales.current()
    dates = [locale.month_year(2000, m) for m in range(1, 13)]
    month = max(dates, key=lambda d: (len(d), d == dates[8]))  # ties: September
    return esc(locale("date.range", start=month, end=month))


_CJK_FONTS = {"SC": "SC", "TC": "TC", "JP": "JP", "KR": "KR"}
"""The glyph sets of Noto Serif CJK (Han characters differ in shape between them)."""


def _language(locale: locales.Locale, engine: Engine) -> str:
    """Hyphenation patterns of the language (when TeX has them) and, under XeLaTeX, the CJK
    glyph set of the language (Chinese simplified unless the locale says otherwise)."""
    out = ""
    patterns = locale.strings.get("hyphenation")
    if patterns and str(patterns).isalpha():
        name = rf"l@{patterns}"
        out += rf"\ifcsname {name}\endcsname\language=\csname {name}\endcsname\fi" + "\n"
    if engine.name == "xelatex":
        region = _CJK_FONTS.get(str(locale.cjk or ""), "SC")
        out += (rf"\setCJKmainfont{{Noto Serif CJK {region}}}[ItalicFont=*,"
                r"ItalicFeatures={FakeSlant=0.2}]" + "\n")  # fmt: skip
    return out


def add(doc: Document, latex: str) -> None:
    doc.append(NoEscape(latex))
