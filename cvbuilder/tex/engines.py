"""TeX engines: what cvbuilder needs to know of one to compile with it.

An engine names its binary, the format it builds its own format on, the characters its fonts
can set, and the preamble pieces that differ between engines (fonts, text-layer settings).
pdfLaTeX is the default (fastest, its format is cached); XeLaTeX sets what pdfLaTeX's fonts
cannot (Chinese, Japanese, Korean, Greek, Cyrillic) with the same Latin font, Charter.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cvbuilder.current import Current
from cvbuilder.schema.charset import printable as _any_printable
from cvbuilder.schema.charset import typesettable as _pdftex_typesettable

_DEBS = ("texlive-latex-base texlive-latex-recommended texlive-latex-extra "
         "texlive-fonts-recommended poppler-utils")  # fmt: skip


DUMP_MARK = r"\csname endofdump\endcsname"
"""Ends the static part of a preamble, which is dumped into a precompiled format once per
preamble and TeX installation (see :func:`cvbuilder.tex.compile.format_for`)."""

BEFORE_DUMP = (r"\ifcsname MYLATEX@fontpreloading\endcsname"
               r"\expandafter\let\csname MYLATEX@fontpreloading\endcsname\relax"
               r"\expandafter\def\csname cv@dumped\endcsname{}\fi%")  # fmt: skip
"""Just before :data:`DUMP_MARK`, run only while a format is being made: mylatexformat's font
preloading off (it would number the document's fonts differently, /F77 against /F66), and a
flag that the format keeps."""

AFTER_DUMP = r"\ifcsname cv@dumped\endcsname\color{black}\fi%"
"""Just after :data:`DUMP_MARK`, in a document compiled with a format: the colour node xcolor
leaves on the first page when it loads (a format cannot keep it), put back. With the two, a
PDF made with the format is the same bytes as one made without, so a build need never wait
for a format (tested for every layout)."""


@dataclass(frozen=True)
class Engine:
    name: str
    label: str  # how people write its name ("pdfLaTeX"), for messages
    binary: str  # the program run for every document
    base_format: str  # what its own precompiled format is dumped from ("&pdflatex")
    typesettable: Callable[[str], bool]  # can this engine set the character with its fonts?
    fonts: str  # preamble: the font packages
    text_layer: str  # preamble, after the dump: what makes the text layer clean and reproducible
    install: str  # the command that installs it (Debian)
    needs: tuple[str, ...] = ()  # TeX files it needs besides the binary (kpsewhich names)
    font_families: tuple[str, ...] = ()  # system font families it needs (fontconfig names)
    dumps_formats: bool = True  # can its preamble be dumped into a format (XeTeX: no)
    unicode_map: str = ""  # preamble, before the dump: glyph names → Unicode (a format keeps it)


PDFLATEX = Engine(
    name="pdflatex",
    label="pdfLaTeX",
    binary="pdflatex",
    base_format="&pdflatex",
    typesettable=_pdftex_typesettable,
    fonts="\\usepackage{charter}\n",
    # ToUnicode maps (ligatures back to letters), real spaces, no dates or IDs in the PDF. The
    # glyph table survives a format dump; the switches and PDF-writer settings do not, so they
    # come after it (a PDF made with the format is then the same as one made without).
    unicode_map=r"""\input{glyphtounicode}
\pdfglyphtounicode{ff}{0066 0066}\pdfglyphtounicode{fi}{0066 0069}
\pdfglyphtounicode{fl}{0066 006C}\pdfglyphtounicode{ffi}{0066 0066 0069}
\pdfglyphtounicode{ffl}{0066 0066 006C}
""",
    text_layer=r"""\pdfgentounicode=1 \pdfinterwordspaceon
\pdfinfoomitdate=1 \pdftrailerid{} \pdfsuppressptexinfo=-1
""",
    install=f"sudo apt-get install --no-install-recommends {_DEBS}",
)

FONTS = Path(__file__).parent / "fonts"
"""Charter as OpenType, converted from TeX Live's Type 1 Charter (see fonts/README.md)."""

_XE_DEBS = "texlive-xetex texlive-lang-cjk fonts-noto-cjk fonts-sil-charis fonts-dejavu-core"

XELATEX = Engine(
    name="xelatex",
    label="XeLaTeX",
    binary="xelatex",
    base_format="&xelatex",
    typesettable=_any_printable,
    # Charter for Latin text, as under pdfLaTeX (found through OSFONTDIR, see compile.tex_env).
    # xeCJK sets CJK text in Noto Serif CJK (the glyph set is the document's, see document.py).
    # The escaping wraps runs of other scripts (see tex/scripts.py): Cyrillic in Charis SIL
    # (drawn from Charter), Greek in DejaVu Serif, math symbols Charter lacks in DejaVu Sans,
    # anything else in Noto Serif CJK. Word spaces
    # as pdfLaTeX's (XeTeX reads no stretch from OpenType); the ligatures have no code point, so
    # the text layer reads "fi". Quotes and dashes stay Latin (xeCJK would make them wide).
    # Text is set as written: spaces between CJK characters kept (Korean has them), and no
    # space added between CJK and Latin text (so "2024年9月" extracts as written).
    fonts=r"""\usepackage{fontspec}
\newcommand\cvspaces[4]{\fontdimen2\font=#1\fontdimen6\font
  \fontdimen3\font=#2\fontdimen6\font \fontdimen4\font=#3\fontdimen6\font
  \fontdimen7\font=#4\fontdimen6\font}
\setmainfont{CharterCV}[Extension=.otf,UprightFont=*-Regular,BoldFont=*-Bold,
  ItalicFont=*-Italic,BoldItalicFont=*-BoldItalic,
  UprightFeatures={FontAdjustment={\cvspaces{0.278}{0.167}{0.067}{0.067}}},
  BoldFeatures={FontAdjustment={\cvspaces{0.291}{0.175}{0.07}{0.07}}},
  ItalicFeatures={FontAdjustment={\cvspaces{0.278}{0.167}{0.067}{0.067}}},
  BoldItalicFeatures={FontAdjustment={\cvspaces{0.293}{0.176}{0.07}{0.07}}}]
\usepackage{xeCJK}
\xeCJKsetup{CJKspace=true,CJKecglue={}}
\xeCJKDeclareCharClass{Default}{"2013,"2014,"2015,"2018,"2019,"201C,"201D,"2025,"2026,"00B7}
\newfontfamily\cvcyrfont{Charis SIL}
\newfontfamily\cvgrkfont{DejaVu Serif}[Scale=MatchLowercase]
\newfontfamily\cvaltfont{Noto Serif CJK SC}[ItalicFont=*,ItalicFeatures={FakeSlant=0.2}]
\newcommand{\cvcyr}[1]{{\cvcyrfont #1}}
\newcommand{\cvgrk}[1]{{\cvgrkfont #1}}
\newfontfamily\cvmathfont{DejaVu Sans}[Scale=MatchLowercase]
\newcommand{\cvmath}[1]{{\cvmathfont #1}}
\newcommand{\cvalt}[1]{{\cvaltfont #1}}
""",
    text_layer="\\tracinglostchars=2\n",  # a glyph no font has is logged: cvbuilder reports it
    install=f"sudo apt-get install --no-install-recommends {_XE_DEBS}",
    needs=("xeCJK.sty", "fontspec.sty"),
    font_families=("Noto Serif CJK SC", "Charis SIL", "DejaVu Serif", "DejaVu Sans"),
    dumps_formats=False,
)

ENGINES: dict[str, Engine] = {PDFLATEX.name: PDFLATEX, XELATEX.name: XELATEX}
DEFAULT = PDFLATEX

_CURRENT: Current[Engine] = Current("engine", lambda: DEFAULT)
current = _CURRENT.get
"""The engine the document being rendered is for (escaping and preamble differ)."""
using = _CURRENT.using


def needs_more(text: str, engine: Engine = DEFAULT) -> list[str]:
    """The characters of ``text`` (a document's LaTeX) ``engine`` cannot set, in order."""
    if text.isascii():
        return []
    return [ch for ch in dict.fromkeys(text) if not engine.typesettable(ch) and ch != "\n"]


@functools.cache
def missing(engine: Engine) -> str | None:
    """What of ``engine`` is not installed, with the command that installs it; None if all is."""
    import shutil
    import subprocess

    lacking = [engine.binary] if shutil.which(engine.binary) is None else []
    if not lacking and engine.needs:
        found = subprocess.run(["kpsewhich", *engine.needs], capture_output=True, text=True)
        names = {line.rsplit("/", 1)[-1] for line in found.stdout.splitlines()}
        lacking += [n for n in engine.needs if n not in names]
    for family in engine.font_families:
        fc = shutil.which("fc-list")
        listed = subprocess.run([fc, family], capture_output=True, text=True) if fc else None
        if listed is None or not listed.stdout.strip():
            lacking.append(f"the font {family}")
    if not lacking:
        return None
    return f"{engine.label} needs {', '.join(lacking)}; install with:\n  {engine.install}"
