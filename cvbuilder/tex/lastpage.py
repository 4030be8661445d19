"""A footer "Page 1 of N" in one TeX pass: the .aux a pass of an N-page document writes
(hyperref, lastpage) is given to the first pass, so "of N" is right at once and LaTeX sees no
label change when N is right; when it is not, LaTeX asks for the second pass it would have
taken anyway. N comes from the last build (of the folder, or of the user, see
:func:`cvbuilder.tex.formats.page_hint`)."""

from __future__ import annotations

_AUX = r"""\relax
\providecommand\hyper@newdestlabel[2]{}
\providecommand\HyperFirstAtBeginDocument{\AtBeginDocument}
\HyperFirstAtBeginDocument{\ifx\hyper@anchor\@undefined
\global\let\oldnewlabel\newlabel
\gdef\newlabel#1#2{\newlabelxx{#1}#2}
\gdef\newlabelxx#1#2#3#4#5#6{\oldnewlabel{#1}{{#2}{#3}}}
\AtEndDocument{\ifx\hyper@anchor\@undefined
\let\newlabel\oldnewlabel
\fi}
\fi}
\global\let\hyper@last\relax
\gdef\HyperFirstAtBeginDocument#1{#1}
%(driver)s\newlabel{LastPage}{{}{%(n)d}{}{page.%(n)d}{}}
\xdef\lastpage@lastpage{%(n)d}
\xdef\lastpage@lastpageHy{%(n)d}
\gdef \@abspage@last{%(n)d}
"""


_DRIVER = {
    "pdflatex": "\\providecommand\\HyField@AuxAddToFields[1]{}\n"
    "\\providecommand\\HyField@AuxAddToCoFields[2]{}\n",
    # hyperref's XeTeX driver sets the page labels from the .aux: without them it asks for a
    # second pass ("Rerun to get /PageLabels entry")
    "xelatex": "\\providecommand*\\HyPL@Entry[1]{}\n\\HyPL@Entry{0<</S/D>>}\n",
}


def aux(pages: int, engine: str = "pdflatex") -> str:
    return _AUX % {"n": pages, "driver": _DRIVER.get(engine, "")}
