"""The locale's words in LaTeX: headings, labels and lists in the language of the document being
rendered (see :mod:`cvbuilder.locales`), escaped like any other text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cvbuilder import locales
from cvbuilder.render.latex.escape import esc, href


def t(key: str, **fields: Any) -> str:
    """The current locale's string ``key`` (plain text: escape it)."""
    return locales.current()(key, **fields)


def heading(key_or_text: str) -> str:
    """A heading given as a locale key (``sections.news``) or as literal text."""
    locale = locales.current()
    return locale(key_or_text) if key_or_text in locale.strings else key_or_text


def names(items: Sequence[str]) -> str:
    """Items joined with the locale's list separator (plain text)."""
    return t("list.separator").join(items)


def labelled(key: str, **latex: str) -> str:
    """The locale's template ``key`` with its fields filled by LaTeX (``\\emph{…}``): the
    template's own words are escaped, the fields are not."""
    out = esc(t(key, **{name: f"CVFIELD{name}CVFIELD" for name in latex}))
    for name, value in latex.items():  # (letters: the escaping leaves them as they are)
        out = out.replace(f"CVFIELD{name}CVFIELD", value)
    return out


def degree(e: Any) -> str:
    """``PhD in Computer Science`` in the locale's words (plain text)."""
    return t("labels.degree_field", degree=e.degree, field=e.field) if e.field else e.degree


def link(url: str) -> str:
    """``[link]`` (in the locale's words), clickable."""
    return href(url, f"[{esc(t('labels.link'))}]")
