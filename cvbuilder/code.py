"""Where cvbuilder's own code lives: the package and its layouts folder. Standard library only,
because the fast path (:mod:`cvbuilder.stamp`), the build cache's code key
(:mod:`cvbuilder.cache`) and the resident helper's staleness check all walk it."""

from __future__ import annotations

import os

PACKAGE = os.path.dirname(os.path.abspath(__file__))


def roots() -> list[str]:
    """The package, and the layouts folder (inside it in a wheel, beside it in a checkout)."""
    layouts = (os.path.join(PACKAGE, "layouts"), os.path.join(os.path.dirname(PACKAGE), "layouts"))
    return [PACKAGE, *(p for p in layouts if os.path.isdir(p))]


def paths() -> list[str]:
    """Every folder and file of the code (bytecode caches left out), in a stable order."""
    found = []
    for root in roots():
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            found.append(folder)
            found += [os.path.join(folder, f) for f in sorted(files)]
    return found
