"""The locale's words in LaTeX: headings, labels and lists in the language of the document being
rendered (see :mod:`cvbuilder.locales`), escaped like any other text."""

from __future__ import annotations

from cvbuilder.present import degree as degree  # re-exported: layouts use b.degree
from cvbuilder.present import heading as heading
from cvbuilder.present import names as names
from cvbuilder.present import t as t
from cvbuilder.render.latex.escape import esc, href


def labelled(key: str, **latex: str) -> str:
    """The locale's template ``key`` with its fields filled by LaTeX (``\\emph{…}``): the
    template's own words are escaped, the fields are not."""
    out = esc(t(key, **{name: f"CVFIELD{name}CVFIELD" for name in latex}))
    for name, value in latex.items():  # (letters: the escaping leaves them as they are)
        out = out.replace(f"CVFIELD{name}CVFIELD", value)
    return out


def link(url: str) -> str:
    """``[link]`` (in the locale's words), clickable."""
    return href(url, f"[{esc(t('labels.link'))}]")
