"""The layout contract, checked when a layout is registered, and the parts layouts share.

A layout is a module: a file in ``layouts/`` or any module an entry point of the group
``cvbuilder.layouts`` names (see :mod:`cvbuilder.registry`). What it must provide is the
:class:`Layout` protocol; :func:`check` verifies it when the registry first hands the layout
out, so a module that lacks something fails with one :class:`LayoutError` line that names the
module and every problem, never with an ``AttributeError`` in the middle of a build.

Most layouts differ from each other only in some sections and in a few page settings:
:func:`renderers` gives the shared section renderers with the layout's own on top, :class:`Look`
holds the page settings and :func:`compose` makes the document, so a layout's ``build`` is one
line. A layout file imports only absolute names (``from cvbuilder.layout import …``), so it
works unchanged when copied into another package.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol, cast, runtime_checkable

from pydantic import ValidationError
from pylatex import Document

from cvbuilder.options import LayoutOptions
from cvbuilder.problems import LayoutError
from cvbuilder.render.latex import blocks as b
from cvbuilder.schema.model import SECTIONS, Person, Profile

__all__ = [
    "Layout",
    "LayoutError",
    "LayoutOptions",
    "Look",
    "Renderer",
    "check",
    "compose",
    "renderers",
]


@runtime_checkable
class Layout(Protocol):
    """What a layout module provides (a module satisfies this protocol by its globals).

    - a docstring whose first line describes the layout (``cvbuilder layouts`` shows it);
    - ``Options``: a subclass of :class:`LayoutOptions` with a default for every field (a
      variant's ``options:`` are validated against it);
    - ``build(profile, options) -> pylatex.Document``: the profile is already filtered for the
      variant, ``options.sections`` gives the order. It must render every section of
      :data:`cvbuilder.schema.model.SECTIONS` (a variant may ask for any), do no file I/O, start no
      process and read no clock. For the page budget the document must report positions: made
      by :func:`compose` (or ``blocks.document`` with ``blocks.add_sections``) it does;
    - ``DEFAULT_SECTIONS``: the sections, in order, of a variant that names none;
    - ``TIGHTEST``: option name → the furthest the page budget may move that option to make a
      document fit (``{"font_size": 10, "margins": 1.0, "spacing": 0.4}``); each value must be
      a value ``Options`` accepts.
    """

    Options: type[LayoutOptions]
    DEFAULT_SECTIONS: Sequence[str]
    TIGHTEST: Mapping[str, float]

    def build(self, profile: Profile, options: Any, /) -> Document: ...


def check(module: ModuleType, name: str | None = None) -> Layout:
    """``module`` as a :class:`Layout`; :class:`LayoutError` naming every problem if it is not.

    Besides the names and their types, the layout is built once from an empty profile with every
    section, which finds a section it cannot render and a document without position reports
    before any real build does."""
    problems = _static_problems(module)
    if not problems:
        problems = _build_problems(cast(Layout, module))
    if problems:
        who = f"layout {name!r} ({module.__name__})" if name else f"layout {module.__name__}"
        raise LayoutError(f"{who} does not keep the layout contract: {'; '.join(problems)}")
    return cast(Layout, module)


def _static_problems(module: ModuleType) -> list[str]:
    out = []
    if not (module.__doc__ or "").strip():
        out.append("no docstring (its first line is what `cvbuilder layouts` shows)")
    options = getattr(module, "Options", None)
    if options is None:
        out.append("no Options (a subclass of cvbuilder.layout.LayoutOptions)")
    elif not (isinstance(options, type) and issubclass(options, LayoutOptions)):
        out.append(f"Options is {_show(options)}, not a subclass of cvbuilder.layout.LayoutOptions")
        options = None
    else:
        try:
            options()
        except ValidationError as exc:
            fields = ", ".join(str(e["loc"][0]) for e in exc.errors() if e["loc"])
            out.append(f"Options needs a default for every field ({fields})")
        except Exception as exc:
            out.append(f"Options() fails: {_error(exc)}")
    build = getattr(module, "build", None)
    if build is None:
        out.append("no build(profile, options)")
    elif not callable(build):
        out.append(f"build is {_show(build)}, not a function")
    else:
        try:
            inspect.signature(build).bind(None, None)
        except TypeError:
            out.append("build must take two arguments: (profile, options)")
        except ValueError:
            pass  # no signature to inspect (a builtin): the trial build below tells
    out += _sections_problems(getattr(module, "DEFAULT_SECTIONS", None))
    out += _tightest_problems(getattr(module, "TIGHTEST", None), options)
    return out


def _sections_problems(sections: object) -> list[str]:
    if sections is None:
        return ["no DEFAULT_SECTIONS (the sections of a variant that names none)"]
    if not isinstance(sections, list | tuple) or not all(isinstance(s, str) for s in sections):
        return [f"DEFAULT_SECTIONS is {_show(sections)}, not a tuple of section names"]
    out = [
        f"DEFAULT_SECTIONS names {s!r}, which is no section (known: {', '.join(SECTIONS)})"
        for s in dict.fromkeys(sections)
        if s not in SECTIONS
    ]
    twice = sorted({s for s in sections if sections.count(s) > 1})
    if twice:
        out.append(f"DEFAULT_SECTIONS names {', '.join(map(repr, twice))} twice")
    return out


def _tightest_problems(tightest: object, options: type[LayoutOptions] | None) -> list[str]:
    if tightest is None:
        return ["no TIGHTEST (how far the page budget may tighten options, e.g. {'spacing': 0.5})"]
    if not isinstance(tightest, Mapping):
        return [f"TIGHTEST is {_show(tightest)}, not a mapping of option names to numbers"]
    out = []
    for key, bound in tightest.items():
        where = f"TIGHTEST[{key!r}]"
        if isinstance(bound, bool) or not isinstance(bound, int | float):
            out.append(f"{where} is {_show(bound)}, not a number")
        elif options is None:
            continue
        elif key not in options.model_fields:
            out.append(f"{where}: Options has no option {key!r}")
        elif isinstance(options.model_fields[key].default, bool) or not isinstance(
            options.model_fields[key].default, int | float
        ):
            out.append(f"{where}: option {key!r} is not a number")
        else:
            try:
                options.model_validate({key: bound})
            except ValidationError as exc:
                reason = "; ".join(e["msg"] for e in exc.errors())
                out.append(f"{where} = {bound!r} is not an allowed value of {key} ({reason})")
    return out


_PROBE = Profile(person=Person(name="Layout Check"))


def _build_problems(layout: Layout) -> list[str]:
    try:
        options = layout.Options(sections=list(SECTIONS))
    except Exception as exc:
        return [f"Options refuses the sections {', '.join(SECTIONS)}: {_error(exc)}"]
    try:
        doc = layout.build(_PROBE, options)
    except Exception as exc:
        return [f"build fails on an empty profile with every section: {_error(exc)}"]
    if not isinstance(doc, Document):
        return [f"build returns {_show(doc)}, not a pylatex.Document"]
    try:
        tex = doc.dumps()
    except Exception as exc:
        return [f"its document cannot be written as LaTeX: {_error(exc)}"]
    if "CVGEOM" not in tex:
        return [
            "its document does not report positions for the page budget (make it with "
            "cvbuilder.layout.compose, or cvbuilder.render.latex.blocks.document and add_sections)"
        ]
    return []


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _error(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())


# --- what layouts share -------------------------------------------------------------------

Renderer = Callable[[Profile, Any], str]
"""Renders one section's body as LaTeX (empty when the section has nothing)."""


def renderers(**own: Renderer) -> dict[str, Renderer]:
    """Section name → renderer: the shared ones of :data:`cvbuilder.render.latex.blocks.SHARED`
    (summary, skills, projects, …) with the layout's own on top. Every section needs one."""
    unknown = sorted(set(own) - set(SECTIONS))
    if unknown:
        raise LayoutError(f"renderers for sections that do not exist: {', '.join(unknown)}")
    table = {**b.SHARED, **own}
    missing = [s for s in SECTIONS if s not in table]
    if missing:
        raise LayoutError(f"no renderer for the sections {', '.join(missing)}")
    return table


@dataclass(frozen=True)
class Look:
    """A layout's page beyond its sections."""

    kind: str
    """What the document is, for the PDF title ("<name> — <kind>"): a locale key
    (``documents.cv``) or literal text."""
    centered: bool = False
    """Header centred (contacts below the name) rather than flush left."""
    name_size: str = r"\huge"
    section_skip: float = 1.6
    """Space above a section heading, in units of the entry gap (``\\cvunit``)."""
    page_numbers: bool = True
    footer: bool = False
    """The person's name, what the document is and "Last updated <date>" (when known) at the
    foot of each page, before the page number."""
    section_style: str | None = None
    """LaTeX that redefines ``\\cvsection`` (and ``\\cvsubsection``) for this layout's headings."""


def compose(
    profile: Profile,
    options: LayoutOptions,
    look: Look,
    render: Mapping[str, Renderer],
    titles: Mapping[str, str] = b.TITLES,
) -> Document:
    """The whole document: preamble and page style from ``look`` and ``options``, the header,
    then each section of ``options.sections`` rendered by ``render`` under its title."""
    footer = None
    if look.footer:
        updated = options.last_updated and b.t("date.last_updated", date=options.last_updated)
        footer = b.join([profile.person.name, b.heading(look.kind), updated], " · ")
    doc = b.document(
        profile.person,
        kind=b.heading(look.kind),
        font_size=options.font_size,
        margins=options.margins,
        accent=options.accent_color,
        spacing=options.spacing,
        section_skip=look.section_skip,
        page_numbers=look.page_numbers,
        footer=footer,
        paper=options.paper,
        font=options.font,
        date_position=options.date_position,
        section_style=look.section_style,
    )
    b.add(doc, b.header(profile.person, centered=look.centered, name_size=look.name_size))
    b.add_sections(doc, profile, options, render, titles)
    b.size_date_column(doc)
    return doc
