"""Layouts by name, found through the entry-point group ``cvbuilder.layouts``.

A distribution offers a layout with an entry point whose value names a module laid out like a
file in ``layouts/`` (it keeps the contract of :class:`cvbuilder.layout.Layout`)::

    [project.entry-points."cvbuilder.layouts"]
    thirdparty = "mypkg.mylayout"

cvbuilder declares its own layouts the same way (``pyproject.toml``). On top of that the
folder of its own layouts is scanned: every ``*.py`` there not starting with ``_`` is the layout
of its file name, module ``cvbuilder.layouts.<name>``, declared or not. So adding a layout to
this repository means adding a file (declaring it too keeps the metadata complete), and a source
checkout installed editable works even when its installed metadata is older than the folder.
In a source checkout the folder is ``<repo>/layouts``; an installed wheel carries the same
files as ``cvbuilder/layouts``.

Listing (:func:`names`, :func:`describe`) reads metadata and source text only: no layout, no
PyLaTeX and no pydantic is imported. :func:`get` imports a layout and checks it against the
contract the first time it is asked for; whatever is wrong comes out as one
:class:`LayoutError` line naming the layout, its module and the problem.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
import threading
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from cvbuilder.problems import LayoutError

if TYPE_CHECKING:
    from cvbuilder.layout import Layout

GROUP = "cvbuilder.layouts"
"""The entry-point group layouts are declared in."""
PACKAGE = "cvbuilder.layouts"
"""The package of cvbuilder's own layouts (the layouts folder)."""


@dataclass(frozen=True)
class Source:
    """Where a layout comes from."""

    name: str
    module: str
    """The entry point's value: the module to import."""
    origin: str
    """For messages: the file in the layouts folder, or the entry point and its distribution."""


@cache
def layouts_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "layouts", here.parent / "layouts"):
        if (candidate / "__init__.py").is_file():
            return candidate
    raise RuntimeError(f"cvbuilder is installed without its layouts folder (looked in {here})")


@cache
def _sources() -> dict[str, tuple[Source, ...]]:
    """Name → the distinct modules offering it (more than one is a clash :func:`get` reports)."""
    found: dict[str, dict[str, Source]] = {}
    folder = layouts_dir()
    for path in sorted(folder.glob("*.py")):
        if not path.name.startswith("_"):
            module = f"{PACKAGE}.{path.stem}"
            origin = f"{folder.name}/{path.name}"
            found.setdefault(path.stem, {})[module] = Source(path.stem, module, origin)
    for ep in sorted(entry_points(group=GROUP), key=lambda e: (e.name, e.value)):
        dist = f"{ep.dist.name} {ep.dist.version}" if ep.dist else "an unnamed distribution"
        origin = f"entry point {ep.name} = {ep.value} of {dist}"
        found.setdefault(ep.name, {}).setdefault(ep.value, Source(ep.name, ep.value, origin))
    return {name: tuple(by_module.values()) for name, by_module in sorted(found.items())}


def refresh() -> None:
    """Look for layouts again (after installing one while running; tests use this)."""
    _sources.cache_clear()
    with _lock:
        _checked.clear()


def names() -> list[str]:
    return list(_sources())


def sources() -> dict[str, tuple[Source, ...]]:
    return dict(_sources())


def describe() -> dict[str, str]:
    """Name → first line of the layout's docstring, read from its source without importing it
    (a layout that cannot be read says why instead)."""
    out = {}
    for name, found in _sources().items():
        if len(found) > 1:
            out[name] = "(unusable: " + _clash(name, found) + ")"
            continue
        path = module_file(found[0].module)
        if path is None or path.suffix != ".py":
            out[name] = f"(unusable: module {found[0].module} not found)"
            continue
        try:
            doc = ast.get_docstring(ast.parse(path.read_text("utf-8")))
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError) as exc:
            out[name] = f"(unusable: {path}: {type(exc).__name__})"
            continue
        out[name] = doc.strip().splitlines()[0] if doc and doc.strip() else ""
    return out


def module_file(module: str) -> Path | None:
    """The source file of ``module`` without importing it (nor, usually, its packages): looked
    up on ``sys.path`` as the import system would for plain packages, else by its import spec."""
    if module.startswith(PACKAGE + "."):
        return layouts_dir() / f"{module.removeprefix(PACKAGE + '.')}.py"
    parts = module.split(".")
    if not all(p.isidentifier() for p in parts):
        return None
    for entry in sys.path:
        base = Path(entry or ".").joinpath(*parts)
        for path in (base.with_name(base.name + ".py"), base / "__init__.py"):
            if path.is_file():
                return path
    try:  # a namespace package, a zip, a custom finder (editable installs): ask the importer
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    return Path(spec.origin) if spec and spec.origin and spec.has_location else None


def files() -> list[Path]:
    """The source file of every layout found (what a build cache should fingerprint)."""
    out = []
    for found in _sources().values():
        for source in found:
            path = module_file(source.module)
            if path is not None:
                out.append(path)
    return sorted(set(out))


_lock = threading.Lock()
_checked: dict[str, Layout] = {}


def get(name: str) -> Layout:
    """The layout ``name``, imported and checked against the contract; ``KeyError`` when no
    layout has that name, :class:`LayoutError` when the one that has cannot be used."""
    with _lock:
        if name in _checked:
            return _checked[name]
    found = _sources().get(name)
    if not found:
        raise KeyError(name)
    if len(found) > 1:
        raise LayoutError(f"layout {name!r} cannot be used: {_clash(name, found)}")
    source = found[0]
    module = _import(source)
    from cvbuilder.layout import check

    layout = check(module, name)
    with _lock:
        _checked[name] = layout
    return layout


def _clash(name: str, found: tuple[Source, ...]) -> str:
    offers = " and ".join(f"{s.module} ({s.origin})" for s in found)
    return f"{len(found)} modules offer it: {offers}; uninstall one or rename its entry point"


def _import(source: Source) -> ModuleType:
    where = f"layout {source.name!r} ({source.origin})"
    if ":" in source.module:
        raise LayoutError(f"{where}: the entry point must name a module, not an object in one")
    if source.module.startswith(PACKAGE + "."):
        _ensure_package()
    try:
        return importlib.import_module(source.module)
    except LayoutError as exc:
        raise LayoutError(f"{where} cannot be imported: {exc.message}") from exc
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        raise LayoutError(f"{where} cannot be imported: {error}") from exc


def _ensure_package() -> None:
    """Make the layouts folder importable as ``cvbuilder.layouts`` (in a source checkout it is
    not inside the ``cvbuilder`` package)."""
    with _lock:
        if PACKAGE in sys.modules:
            return
        folder = layouts_dir()
        spec = importlib.util.spec_from_file_location(
            PACKAGE, folder / "__init__.py", submodule_search_locations=[str(folder)]
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = module
        spec.loader.exec_module(module)
