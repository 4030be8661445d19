"""The console entry point. ``cvbuilder build`` with nothing changed is answered here from the
build cache, before click, pydantic or PyLaTeX are imported; everything else goes to the
click application in :mod:`cvbuilder.cli`."""

from __future__ import annotations

import sys
from pathlib import Path


def _simple_build(argv: list[str]) -> tuple[Path, tuple[str, ...], Path] | None:
    """(profile, variants, out) for ``build [PROFILE] [-v NAME]... [-o DIR]``; None otherwise."""
    if not argv or argv[0] != "build":
        return None
    profile, variants, out = None, [], "build"
    args = iter(argv[1:])
    for arg in args:
        if arg in ("--variant", "-v", "--out", "-o"):
            value = next(args, None)
            if value is None:
                return None
            if arg in ("--variant", "-v"):
                variants.append(value)
            else:
                out = value
        elif arg.startswith("-") or profile is not None:
            return None  # any other option: the full command line parser decides
        else:
            profile = arg
    return Path(profile or "profile.yaml"), tuple(variants), Path(out)


def entry() -> None:
    request = _simple_build(sys.argv[1:])
    if request is not None:
        from .cache import fresh, request_key

        profile, variants, out = request
        choices = {"variants": variants, "tags": None, "max_pages": None, "sets": ()}
        unchanged = fresh(out, request_key(profile, choices))
        if unchanged is not None:
            colour = sys.stdout.isatty()
            for doc in unchanged:
                pdf = str(out / f"{doc['name']}.pdf")
                pages = f"{doc['pages']} page{'s' if doc['pages'] != 1 else ''}"
                if colour:
                    pdf, pages = f"\x1b[34m{pdf}\x1b[0m", f"\x1b[1m{pages}\x1b[0m"
                print(f"{pdf}  {doc.get('layout', '')}  {pages}  unchanged")
            warnings = [
                f"{doc['name']}: left out {len(doc['omitted'])} entries to fit the page budget:"
                + "".join(f"\n    - {item}" for item in doc["omitted"])
                for doc in unchanged
                if doc.get("omitted")
            ]
            if warnings:  # as cvbuilder.terminal prints them
                print(f"{len(warnings)} warning(s):", file=sys.stderr)
                for text in warnings:
                    print(f"  {text}", file=sys.stderr)
            return
    from .cli import main

    main()
