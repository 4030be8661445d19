"""Formats made after the build: a build that finds no format for its preamble compiles without
one (the PDF is the same bytes) and leaves a background process to make it, so the next build
loads it and the user never waits for it.

    python -m cvbuilder.tex.later ENGINE STORE < SOURCE.tex   (what :func:`start` runs)

The process is detached (its own session, no terminal) and writes nothing but the format
(stored with one rename, see :func:`cvbuilder.tex.compile.format_for`).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from cvbuilder.tex.compile import FormatWanted


def start(wanted: Iterable[FormatWanted]) -> list[subprocess.Popen[bytes]]:
    """Start one background process per distinct format; the processes (for tests to wait on)."""
    from cvbuilder.tex.compile import format_target
    from cvbuilder.tex.engines import ENGINES

    procs, seen = [], set()
    for item in wanted:
        target = format_target(item.tex, item.cache, ENGINES[item.engine])
        if target is None or target in seen or target.exists():
            continue
        seen.add(target)
        try:
            item.cache.mkdir(parents=True, exist_ok=True)
            # The source goes in as standard input, from a file already removed: a maker killed
            # before reading it leaves nothing behind.
            with tempfile.TemporaryFile() as source:
                source.write(item.tex.encode("utf-8"))
                source.seek(0)
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", __name__, item.engine, str(item.cache)],
                        stdin=source,
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

    engine, cache = ENGINES[argv[0]], Path(argv[1])
    try:
        tex = sys.stdin.buffer.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return 1
    try:
        return 0 if format_for(tex, cache, engine=engine) else 1
    except Exception:  # nobody to tell: the next build compiles without it
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
