"""TeX engines: what cvbuilder needs to know of one to compile with it.

An engine names its binary, the format it builds its own format on, the characters its fonts
can set, and the preamble pieces that differ between engines (fonts, text-layer settings).
pdfLaTeX is the only engine today; another is one more :class:`Engine` in :data:`ENGINES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cvbuilder.schema.charset import typesettable as _pdftex_typesettable

_DEBS = ("texlive-latex-base texlive-latex-recommended texlive-latex-extra "
         "texlive-fonts-recommended poppler-utils")  # fmt: skip


DUMP_MARK = r"\csname endofdump\endcsname"
"""Ends the static part of a preamble, which is dumped into a precompiled format once per
preamble and TeX installation (see :func:`cvbuilder.tex.compile.format_for`)."""


@dataclass(frozen=True)
class Engine:
    name: str
    label: str  # how people write its name ("pdfLaTeX"), for messages
    binary: str  # the program run for every document
    base_format: str  # what its own precompiled format is dumped from ("&pdflatex")
    typesettable: Callable[[str], bool]  # can this engine set the character with its fonts?
    fonts: str  # preamble: the font packages
    text_layer: str  # preamble: settings that make the PDF's text layer clean and reproducible
    install: str  # the command that installs it (Debian)


PDFLATEX = Engine(
    name="pdflatex",
    label="pdfLaTeX",
    binary="pdflatex",
    base_format="&pdflatex",
    typesettable=_pdftex_typesettable,
    fonts="\\usepackage{charter}\n",
    # ToUnicode maps (ligatures back to letters, real spaces), no dates or IDs in the PDF.
    text_layer=r"""\input{glyphtounicode}
\pdfgentounicode=1 \pdfinterwordspaceon
\pdfglyphtounicode{ff}{0066 0066}\pdfglyphtounicode{fi}{0066 0069}
\pdfglyphtounicode{fl}{0066 006C}\pdfglyphtounicode{ffi}{0066 0066 0069}
\pdfglyphtounicode{ffl}{0066 0066 006C}
\pdfinfoomitdate=1 \pdftrailerid{} \pdfsuppressptexinfo=-1
""",
    install=f"sudo apt-get install --no-install-recommends {_DEBS}",
)

ENGINES: dict[str, Engine] = {PDFLATEX.name: PDFLATEX}
DEFAULT = PDFLATEX
