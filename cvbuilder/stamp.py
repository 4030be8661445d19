"""The quickest answer to an unchanged ``cvbuilder build``: file identities instead of hashes.

The build cache (:mod:`cvbuilder.cache`) proves a build unchanged by hashing the profile, its
inputs and every PDF. When it has, the answer and the *identity* of every file it depends on are
kept in ``DIR/.cvbuilder/stamp.json``: device-independent inode, size, modification time and
change time (``ctime``, which every write and every ``touch`` moves and no program can set
back), for the inputs, the outputs, the cache's own state file, cvbuilder's code and layouts
(files and folders) and the TeX binary, with the command line, folder and environment. The
next identical command whose files all still have those identities prints the same answer
without importing more than ``os`` and ``json`` (``pathlib`` alone costs more than the check).

The identities are taken *before* the hashes are checked, so a file written while they are
checked has another change time and the stamp no longer matches. Any build rewrites the state
file, which is in the stamp, so a build in between makes the next command check by hash again.
"""

from __future__ import annotations

import contextlib
import json
import os

from cvbuilder import code

_FILE = os.path.join(".cvbuilder", "stamp.json")
_OPTIONS = {"-o": "out", "--out": "out", "-v": "variant", "--variant": "variant"}
_ENV = ("SOURCE_DATE_EPOCH", "PATH", "PYTHONPATH")


def _out_dir(argv: list[str]) -> str | None:
    """The output folder of a ``build`` command line (the fast path's shapes only)."""
    if not argv or argv[0] != "build":
        return None
    out, args = "build", iter(argv[1:])
    for arg in args:
        if arg in _OPTIONS:
            value = next(args, None)
            if value is None:
                return None
            if _OPTIONS[arg] == "out":
                out = value
    return out


def _identity(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("CVBUILDER_") or k in _ENV}


def _tex() -> list[str]:
    """The pdfLaTeX binary, found as ``shutil.which`` would (importing shutil costs more)."""
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        path = os.path.join(folder or ".", "pdflatex")
        if os.access(path, os.X_OK):
            return [os.path.realpath(path)]
    return []


def answer(argv: list[str]) -> bool:
    """Print the stamped answer when ``argv`` and every file are as they were; else False."""
    out = _out_dir(argv)
    if out is None:
        return False
    try:
        with open(os.path.join(out, _FILE), "rb") as f:
            data = json.loads(f.read())
        if data["argv"] != argv or data["cwd"] != os.getcwd() or data["env"] != _env():
            return False
        files = data["files"]
        if any(_identity(path) != seen for path, seen in files.items()):
            return False
        lines = [(str(text), bool(err)) for text, err in data["lines"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    from cvbuilder.printable import echo

    for text, err in lines:
        echo(text, err)
    return True


def taken(argv: list[str], out: str, state: dict) -> dict | None:  # type: ignore[type-arg]
    """The identities of everything an unchanged answer depends on, before it is checked;
    ``state`` is the build cache's state (which inputs and outputs it names)."""
    try:
        inputs = list(state["inputs"])
        outputs = [os.path.join(out, str(d.get("file") or f"{d['name']}.pdf"))
                   for d in state["documents"].values()]  # fmt: skip
    except (KeyError, TypeError, AttributeError):
        return None
    paths = [
        *inputs,
        *outputs,
        os.path.join(out, ".cvbuilder", "state.json"),
        *code.paths(),
        *_tex(),
    ]
    return {"argv": argv, "cwd": os.getcwd(), "env": _env(),
            "files": {p: _identity(p) for p in paths}}  # fmt: skip


def write(out: str, stamp: dict, lines: list[tuple[str, bool]]) -> None:  # type: ignore[type-arg]
    """Keep the answer (replaced in one rename; nothing is lost if it cannot be written)."""
    path = os.path.join(out, _FILE)
    tmp = f"{path}.{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({**stamp, "lines": lines}, f)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
