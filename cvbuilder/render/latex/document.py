"""The LaTeX document every layout starts from: preamble (static part dumped into a format),
engine pieces, margins, colours, PDF metadata and the page footer."""

from __future__ import annotations

from pylatex import Document, NoEscape

from cvbuilder import locales
from cvbuilder.render.latex.escape import esc, join
from cvbuilder.schema.model import Person
from cvbuilder.tex.engines import DUMP_MARK, Engine
from cvbuilder.tex.engines import current as current_engine

# --- document and preamble --------------------------------------------------------------

# The preamble has a static part (packages, macros), which cvbuilder dumps into a precompiled
# format once per TeX installation (see compile.py), and a dynamic part after \endofdump.
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
    engine: Engine | None = None,
) -> Document:
    """A PyLaTeX document with the shared preamble, PDF metadata and page style set, for the
    engine and locale being rendered for (see :func:`cvbuilder.tex.engines.current` and
    :func:`cvbuilder.locales.current`)."""
    engine = engine or current_engine()
    locale = locales.current()
    doc = Document(
        documentclass="article",
        document_options=[f"{font_size}pt", "a4paper"],
        lmodern=False,
        textcomp=False,
        fontenc="T1" if engine.name == "pdflatex" else None,  # XeLaTeX: fontspec's Unicode
        inputenc="utf8" if engine.name == "pdflatex" else None,
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
            rf"\AtBeginDocument{{\settowidth{{\cvdatewidth}}{{\small {_widest_dates()}\enspace}}}}"
            "\n"
            + _language(locale, engine)
            + rf"\hypersetup{{pdftitle={{{esc(person.name)} — {esc(kind)}}},"
            rf"pdfauthor={{{esc(person.name)}}}}}"
        )
    )
    page = esc(locale("date.page", page="\x00", pages="\x01"))
    page = page.replace("\x00", r"\thepage{}").replace("\x01", r"\pageref*{LastPage}")
    if page_numbers and "LastPage" in page:  # "Page 2 of 5": TeX runs a second pass for it
        doc.preamble.append(NoEscape(r"\usepackage{lastpage}"))
    foot = join([esc(footer) if footer else None, page if page_numbers else None], r"\quad{}")
    doc.preamble.append(
        NoEscape(
            r"\makeatletter\def\ps@cv{\let\@oddhead\@empty\let\@evenhead\@empty"
            r"\def\@oddfoot{\hfil{\footnotesize\color{gray}" + foot + r"}\hfil}"
            r"\let\@evenfoot\@oddfoot}\makeatother\pagestyle{cv}"
        )
    )
    return doc


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
