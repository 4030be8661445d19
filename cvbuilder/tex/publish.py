"""Publishing compiled documents: the .tex and .log, then the PDFs, moved into place with the
rules of :mod:`cvbuilder.files`, a journal so a kill between two renames is reported, and the
work folders removed."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

from cvbuilder import cache as _cache
from cvbuilder.files import check_output, place
from cvbuilder.tex.compile import Compiled
from cvbuilder.tex.workdir import _alive, _me, _ours, private_dir


def outputs(name: str, out_dir: Path) -> list[Path]:
    """The files a build writes for document ``name``, the PDF last."""
    return [out_dir / f"{name}{suffix}" for suffix in (".tex", ".log", ".pdf")]


def check_outputs(names: list[str], out_dir: Path) -> None:
    """Refuse, before compiling, output names taken by folders, sockets and the like."""
    for name in names:
        for path in outputs(name, out_dir):
            check_output(path)


JOURNAL = "publishing.json"
"""Written before the first rename of a build and removed after the last: if it is still there,
a build was killed while publishing, and it says which documents it had already replaced."""


def publish_all(results: list[Compiled], out_dir: Path) -> None:
    """Move every compiled document into place: each .tex and .log, then the PDFs one after
    another with atomic renames. A journal records the set, so a kill between two renames is
    reported by the next build (see :func:`interrupted`)."""
    journal = private_dir(out_dir) / JOURNAL
    fresh = [r for r in results if not r.reused]
    if fresh:
        owner = _me().replace(".", " ")
        state = {"owner": owner, "documents": {r.name: r.digest for r in fresh}}
        tmp = journal.with_name(f".{JOURNAL}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(tmp, journal)
    for r in fresh:
        assert r.work is not None
        for source, target in zip(outputs(r.name, r.work), outputs(r.name, out_dir), strict=True):
            if source.suffix != ".pdf":
                place(source, target)
    for r in fresh:
        target = out_dir / f"{r.name}.pdf"
        place(r.pdf, target)
        r.pdf = target
        discard(r)
    if fresh:
        journal.unlink(missing_ok=True)
    for r in results:
        _forget_failure(out_dir, r.name)


def _forget_failure(out_dir: Path, name: str) -> None:
    """The failure ``failed/`` kept for ``name`` is fixed now; an emptied ``failed/`` goes."""
    failed = out_dir / "failed"
    for suffix in (".tex", ".log"):
        (failed / f"{name}{suffix}").unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        if failed.is_dir() and not any(failed.iterdir()):
            failed.rmdir()


def interrupted(out_dir: Path) -> list[str]:
    """If a build into ``out_dir`` was killed while publishing, say which PDFs it had replaced
    and which are older (and forget the journal: this build is about to replace them all)."""
    journal = private_dir(out_dir) / JOURNAL
    try:
        state = json.loads(journal.read_text("utf-8"))
        owner, documents = state["owner"], dict(state["documents"])
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if _alive(str(owner)):
        return []  # a build is publishing right now
    new, old = [], []
    for name, digest in documents.items():
        on_disk = _cache.file_hash(out_dir / f"{name}.pdf")
        (new if on_disk == digest else old).append(f"{name}.pdf")
    journal.unlink(missing_ok=True)
    if not old:
        return []
    return [
        f"{out_dir}: an earlier build was stopped while replacing its PDFs: "
        f"{', '.join(new) or 'none'} replaced, {', '.join(old)} not (checked again now)"
    ]


def discard(result: Compiled) -> None:
    """Remove the document's work folder (only ever a folder :func:`new_workdir` made)."""
    work, result.work = result.work, None
    if work is not None and _ours(work):
        shutil.rmtree(work, ignore_errors=True)
