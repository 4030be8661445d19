"""The LaTeX document every layout starts from: preamble (static part dumped into a format),
engine pieces, margins, colours, PDF metadata and the page footer."""

from __future__ import annotations

from pylatex import Document, NoEscape

from cvbuilder.render.latex.escape import esc, join
from cvbuilder.schema.model import Person
from cvbuilder.tex.engines import DEFAULT as DEFAULT_ENGINE
from cvbuilder.tex.engines import DUMP_MARK, Engine

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
