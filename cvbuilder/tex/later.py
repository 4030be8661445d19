"""Formats made after the build: a build that finds no format for its preamble compiles without
one (the PDF is the same bytes) and leaves a background process to make it, so the next build
loads it and the user never waits for it.

    python -m cvbuilder.tex.later ENGINE STORE SOURCE.tex   (what :func:`start` runs)

The process is detached (its own session, no terminal), writes nothing but the format (stored
with one rename, see :func:`cvbuilder.tex.compile.format_for`) and removes its source file.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from cvbuilder.tex.compile import FormatWanted


def start(wanted: Iterable[FormatWanted]) -> list[subprocess.Popen[bytes]]:
    """Start one background process per distinct format; the processes (for tests to wait on)."""
    from cvbuilder.tex.compile import _format_target
    from cvbuilder.tex.engines import ENGINES

    procs, seen = [], set()
    for item in wanted:
        target = _format_target(item.tex, item.cache, ENGINES[item.engine])
        if target is None or target in seen or target.exists():
            continue
        seen.add(target)
        try:
            item.cache.mkdir(parents=True, exist_ok=True)
            fd, source = tempfile.mkstemp(prefix=".source-", suffix=".tex", dir=item.cache)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(item.tex)
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", __name__, item.engine, str(item.cache), source],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        except OSError:  # a full disk or a missing interpreter: the next build tries again
            continue
    return procs


def main(argv: list[str]) -> int:
    from cvbuilder.tex.compile import format_for
    from cvbuilder.tex.engines import ENGINES

    engine, cache, source = ENGINES[argv[0]], Path(argv[1]), Path(argv[2])
    try:
        tex = source.read_text(encoding="utf-8")
    except OSError:
        return 1
    finally:
        with contextlib.suppress(OSError):
            source.unlink()
    try:
        return 0 if format_for(tex, cache, engine=engine) else 1
    except Exception:  # nobody to tell: the next build compiles without it
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
