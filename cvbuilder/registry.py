"""Layouts, keyed by name: every ``*.py`` file in ``layouts/`` is one layout.

In a source checkout the folder is ``<repo>/layouts``; an installed wheel carries
the same files as ``cvbuilder/layouts``. Either way they are importable as
``cvbuilder.layouts.<name>``. Adding a layout means adding a file.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

PACKAGE = "cvbuilder.layouts"


@cache
def layouts_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "layouts", here.parent / "layouts"):
        if (candidate / "__init__.py").is_file():
            return candidate
    raise RuntimeError(f"cvbuilder is installed without its layouts folder (looked in {here})")


def _ensure_package() -> None:
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


def names() -> list[str]:
    return sorted(p.stem for p in layouts_dir().glob("*.py") if not p.name.startswith("_"))


def describe() -> dict[str, str]:
    """Name → first line of the module docstring, read without importing PyLaTeX."""
    out = {}
    for name in names():
        doc = ast.get_docstring(ast.parse((layouts_dir() / f"{name}.py").read_text("utf-8")))
        out[name] = (doc or "").strip().splitlines()[0] if doc else ""
    return out


def get(name: str) -> ModuleType:
    """The layout module ``name``; ``KeyError`` when there is none."""
    if name not in names():
        raise KeyError(name)
    _ensure_package()
    return importlib.import_module(f"{PACKAGE}.{name}")
