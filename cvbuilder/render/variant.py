"""One variant → its LaTeX: the document's language (locale), the layout's options, the
filtered profile, and the engine its text needs (pdfLaTeX unless a character needs XeLaTeX).

Rendering sets the locale and the engine as the current ones (see :func:`cvbuilder.locales.using`
and :func:`cvbuilder.tex.engines.using`), so dates, headings and escaping follow them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pylatex import Document

from cvbuilder import locales, registry, settings
from cvbuilder.options import FONTS
from cvbuilder.problems import ProfileError
from cvbuilder.schema.charset import describe
from cvbuilder.schema.dates import PartialDate
from cvbuilder.schema.model import Profile, Variant
from cvbuilder.select.variants import apply, options_for, resolve
from cvbuilder.tex import engines


def last_updated(profile: Profile) -> str | None:
    """The 'last updated' date: the profile's, else ``SOURCE_DATE_EPOCH``'s; never the clock.
    In the current locale."""
    if profile.updated:
        return profile.updated.display()
    day = settings.source_time()
    return PartialDate(day.year, day.month).display() if day is not None else None


def locale_for(profile: Profile, variant: Variant) -> locales.Locale:
    """The variant's language (else the profile's), with the profile's own strings on top."""
    return locales.get(variant.language or profile.default_language, profile.locale)


def prepare(profile: Profile, variant: Variant) -> tuple[Any, Profile, Any]:
    """(layout module, profile filtered for the variant, validated layout options). Call it
    inside ``locales.using``: the 'last updated' date is in the document's language."""
    options = options_for(profile, variant, last_updated(profile))
    return registry.get(variant.layout), apply(profile, variant, options.sections), options


@dataclass
class Rendered:
    """One variant as LaTeX, for the engine its text needs."""

    layout: Any
    profile: Profile  # filtered for the variant
    options: Any
    locale: locales.Locale
    engine: engines.Engine
    tex: str
    why: list[str]  # the characters that made it XeLaTeX (empty when chosen or pdfLaTeX)
    notes: list[str] = field(default_factory=list)  # for the user: e.g. a font XeLaTeX lacks

    @contextlib.contextmanager
    def context(self) -> Iterator[None]:
        with locales.using(self.locale), engines.using(self.engine):
            yield

    def latex(self, profile: Profile, options: Any) -> str:
        with self.context():
            return latex(self.layout, profile, options)


Compose = Callable[[Any, Profile, Any], Document]
"""Builds another kind of document in a layout's design: (layout, profile, options) → document
(see :mod:`cvbuilder.render.latex.prose`)."""


def render_job(
    profile: Profile, variant: Variant, name: str = "", compose: Compose | None = None
) -> Rendered:
    """Render with pdfLaTeX, or with XeLaTeX when the text needs characters pdfLaTeX's fonts do
    not have (or the variant says so). A variant that forces pdfLaTeX on such text is a
    :class:`ProfileError` naming the field and the characters. ``compose`` makes a document
    other than the layout's own (a letter) with the variant's layout and options."""
    locale = locale_for(profile, variant)
    forced = engines.ENGINES[variant.engine] if variant.engine else None
    with locales.using(locale):
        layout, filtered, options = prepare(profile, variant)
        if compose is not None:
            layout = _Composed(layout, compose)
        engine = forced or engines.DEFAULT
        with engines.using(engine):
            tex = latex(layout, filtered, options)
        why = engines.needs_more(tex, engine)
        if why and forced is not None:
            raise ProfileError([
                f"variant {name or '?'}: {engine.label} cannot set {describe(why)} in "
                f"{field_with(filtered, why[0])}; leave engine out (XeLaTeX is chosen when the "
                "text needs it) or remove the characters"
            ])  # fmt: skip
        if why:
            engine = engines.XELATEX
            with engines.using(engine):
                tex = latex(layout, filtered, options)
    notes = []
    font = getattr(options, "font", "charter")
    if engine.name not in FONTS.get(font, {}):
        notes.append(f"the font {font} is not available under {engine.label}; Charter is used")
    return Rendered(layout, filtered, options, locale, engine, tex, why, notes)


class _Composed:
    """A layout whose ``build`` makes another kind of document in its design."""

    def __init__(self, layout: Any, compose: Compose) -> None:
        self.layout, self.compose = layout, compose
        self.TIGHTEST = layout.TIGHTEST

    def build(self, profile: Profile, options: Any) -> Document:
        return self.compose(self.layout, profile, options)


def field_with(profile: Profile, ch: str) -> str:
    """The first field of ``profile`` whose text contains ``ch`` (for a message)."""
    from cvbuilder.problems import format_path

    def walk(value: Any, loc: tuple[Any, ...]) -> tuple[Any, ...] | None:
        if isinstance(value, str):
            return loc if ch in value else None
        items = value.items() if isinstance(value, dict) else enumerate(value) \
            if isinstance(value, list) else ()  # fmt: skip
        for key, item in items:
            found = walk(item, (*loc, key))
            if found is not None:
                return found
        return None

    found = walk(profile.model_dump(exclude={"variants"}), ())
    return format_path(found) if found else "the locale's strings"


MAX_LINE = 8000
"""TeX reads its input a line at a time into a 200,000-byte buffer; a 5,000-author paper is one
line of the layout's output. Longer lines are broken at spaces, which TeX reads as spaces."""


def latex(layout: Any, profile: Profile, options: Any) -> str:
    """The layout's document as LaTeX source, no line longer than :data:`MAX_LINE`."""
    tex = layout.build(profile, options).dumps()
    if all(len(line) <= MAX_LINE for line in tex.splitlines()):
        return tex
    return "\n".join(_wrap(line) for line in tex.split("\n"))


def _wrap(line: str) -> str:
    out = []
    while len(line) > MAX_LINE:
        cut = line.rfind(" ", MAX_LINE // 2, MAX_LINE)
        if cut >= 0:
            out.append(line[:cut])
            line = line[cut + 1 :]
            continue
        brace = line.rfind("}", MAX_LINE // 2, MAX_LINE)  # after a group, "%" joins the lines
        if brace < 0:
            break  # nothing safe to cut at: leave the line whole
        out.append(line[: brace + 1] + "%")
        line = line[brace + 1 :]
    return "\n".join([*out, line])


def render_variant(profile: Profile, variant: Variant) -> str:
    """The ``.tex`` source of one variant (before any page-budget trimming)."""
    return render_job(profile, variant).tex


def render(profile: Profile, name: str) -> str:
    return render_variant(profile, resolve(profile)[name])
