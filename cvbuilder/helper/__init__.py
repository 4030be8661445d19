"""The resident helper: ``cvbuilder build`` without paying for Python's imports every time.

Importing cvbuilder (pydantic models, PyLaTeX, the layouts) costs more than a TeX pass. After a
build, the command leaves a helper process that has imported all of it and waits on a Unix
socket; the next ``cvbuilder build`` (a small client, see :func:`run`) hands it its command
line, folder, environment, umask and terminal (the file descriptors themselves), and the helper
forks a child that runs the ordinary command in that state and reports its exit code. The child
is a fresh copy of a process that only imported modules, so it builds exactly what a new
process would; the PDF guarantees are the build's own (compile everything, then publish with
one rename).

What can never happen:

* **Stale code.** The helper records every file it imported, every file of the package and
  the layouts folder, with size and modification time, and checks them before each request:
  after an edit, an upgrade or a new layout it refuses, exits, and the client builds in its
  own process. (Which layouts exist, entry points included, is looked up by each build.)
* **A crashed or killed helper.** The client gets no answer (no socket, refused, or the
  connection closes without an exit code) and builds in its own process; a child killed
  mid-build publishes nothing, like any killed build.
* **Someone else's helper.** The socket lives in a folder only the user can enter, and the
  helper serves only its own user (``SO_PEERCRED``) and only the interpreter, ``sys.path`` and
  cvbuilder it was started for (the socket's name and the request say which).
* **A forgotten process.** It exits after :data:`IDLE` seconds without a request
  (``CVBUILDER_SERVER_IDLE``); ``CVBUILDER_SERVER=0`` turns it off (no helper is started or used).

Modules: this one (where the helper lives), :mod:`.client` (the command's side, standard
library only) and :mod:`.serve` (the helper).
"""

from __future__ import annotations

import json
import os
import sys

IDLE = 600.0
"""Seconds a helper waits for a request before it exits."""

_VERSION = 1


def enabled() -> bool:
    return os.environ.get("CVBUILDER_SERVER", "1").strip().lower() not in ("0", "off", "no",
                                                                         "false")  # fmt: skip


def _paths() -> list[str]:
    return [os.path.abspath(p) for p in sys.path]


def identity(paths: list[str] | None = None) -> str:
    """Which interpreter, module path and cvbuilder a helper serves."""
    here = os.path.dirname(os.path.abspath(__file__))
    return json.dumps([_VERSION, sys.executable, sys.version, here, paths or _paths()])


def _folders() -> list[str]:
    """Where a socket may live, best first."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    base = os.environ.get("XDG_CACHE_HOME", "")
    found = [os.path.join(runtime, "cvbuilder")] if os.path.isabs(runtime) else []
    home = base if os.path.isabs(base) else os.path.join(os.path.expanduser("~"), ".cache")
    return [*found, os.path.join(home, "cvbuilder", "run"), f"/tmp/cvbuilder-{os.getuid()}"]


def _private(folder: str) -> bool:
    """The folder exists (created if need be) and only this user can enter it."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return False
    mine = info.st_uid == os.getuid() and info.st_mode & 0o077 == 0
    return mine and os.path.isdir(folder) and not os.path.islink(folder)


def address(ident: str | None = None) -> str | None:
    """The socket of the helper for this interpreter and cvbuilder, in the first private folder
    where its path fits a socket address (108 bytes); None when there is no such place."""
    import zlib

    name = f"helper-{zlib.crc32((ident or identity()).encode()):08x}.sock"
    for folder in _folders():
        path = os.path.join(folder, name)
        if len(path.encode()) < 100 and _private(folder):
            return path
    return None
