"""Where precompiled formats live, and how the store stays small.

A format depends only on the static preamble and the TeX installation, not on the output
folder, so it is kept per user: ``$CVBUILDER_FORMAT_CACHE``, else ``$XDG_CACHE_HOME/cvbuilder/
formats``, else ``~/.cache/cvbuilder/formats`` (the output folder's ``.cvbuilder/formats`` when
none of these can be written). A build into a new folder then finds the format another build
made. Each use marks a format as used (its modification time); after a new one is stored, the
least recently used are removed until the store is under :data:`MAX_BYTES`. Removing is safe
while other builds run: a build compiles with its own hard link (or copy) of the format, made
before TeX starts, and a format that vanished before that is simply not used.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

MAX_BYTES = 256 * 1024 * 1024
"""About thirty formats of the size cvbuilder's preambles make (7 MB each)."""


def user_cache() -> Path | None:
    """The per-user format store, or None when it cannot be created and written."""
    chosen = os.environ.get("CVBUILDER_FORMAT_CACHE")
    if chosen:
        folder = Path(chosen)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or ""
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
        folder = root / "cvbuilder" / "formats"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


def store(fallback: Path) -> Path:
    """Where formats are kept: the user's store, else ``fallback`` (in the output folder)."""
    return user_cache() or fallback


def stored(fmt: Path) -> bool:
    """Whether the store has ``fmt``; if so it is marked as just used."""
    if not fmt.exists():
        return False
    used(fmt)
    return True


def used(fmt: Path) -> None:
    """Mark ``fmt`` as just used (least recently used formats are removed first)."""
    with contextlib.suppress(OSError):
        os.utime(fmt)


def evict(folder: Path, keep: Path | None = None, limit: int = MAX_BYTES) -> list[Path]:
    """Remove the least recently used formats of ``folder`` until it holds at most ``limit``
    bytes; ``keep`` (the one just made) stays. The formats removed, oldest first."""
    found = []
    for path in folder.glob("cvfmt-*.fmt"):
        with contextlib.suppress(OSError):
            info = path.stat()
            found.append((info.st_mtime, info.st_size, path))
    total = sum(size for _, size, _ in found)
    removed = []
    for _, size, path in sorted(found):
        if total <= limit:
            break
        if path == keep:
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
            total -= size
    return removed


_PAGES = "pages.json"


def page_hint(name: str) -> int | None:
    """How many pages document ``name`` had in the user's last build anywhere: a new output
    folder then sets "Page 1 of N" in one TeX pass when the count is right (a wrong one only
    costs the second pass it would have taken anyway: LaTeX asks for it)."""
    folder = user_cache()
    try:
        pages = json.loads((folder / _PAGES).read_text()).get(name) if folder else None
    except (OSError, ValueError, AttributeError):
        return None
    return pages if isinstance(pages, int) and pages > 0 else None


def remember_pages(counts: dict[str, int]) -> None:
    """Record the page counts of documents just built (replaced in one rename)."""
    folder = user_cache()
    if folder is None or not counts:
        return
    path = folder / _PAGES
    try:
        known = json.loads(path.read_text())
        known = known if isinstance(known, dict) else {}
    except (OSError, ValueError):
        known = {}
    merged = {**known, **counts}
    if merged == known:
        return
    tmp = path.with_name(f".{_PAGES}.{os.getpid()}")
    with contextlib.suppress(OSError):
        tmp.write_text(json.dumps(merged, sort_keys=True))
        os.replace(tmp, path)
