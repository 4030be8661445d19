"""Build cache: skip TeX, and even loading the profile, when nothing that matters changed.

``DIR/.cvbuilder/state.json`` records, for the last successful build into ``DIR``: a key for the
request (command-line choices, cvbuilder's own code, the TeX installation), the hash of every
input file (profile and .bib files), and for each document the hash of its LaTeX source and of
the PDF that build wrote (hashed before it was published, so a concurrent build's PDF is
never mistaken for it). An unchanged rebuild is answered from this file alone; a rebuild after
an edit recompiles only the documents whose LaTeX changed. Only the standard library is
imported here, so the unchanged case stays fast.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from cvbuilder import code
from cvbuilder.files import FileProblem, read_input

VERSION = 1


def state_path(out_dir: Path) -> Path:
    return out_dir / ".cvbuilder" / "state.json"


def file_hash(path: Path) -> str | None:
    """SHA-256 of a regular file; ``None`` for anything else (a FIFO must never block here)."""
    try:
        return hashlib.sha256(read_input(path)).hexdigest()
    except FileProblem:
        return None


def code_fingerprint(folders: list[Path] | None = None) -> str:
    """Hash of cvbuilder's own source (every subpackage) and the layouts folder: an edited
    module or layout invalidates the cache. Layouts of other packages are recorded as inputs
    by the build instead (see :mod:`cvbuilder.pipeline`), so this stays free of imports."""
    if folders is None:
        folders = [Path(root) for root in code.roots()]
    digest = hashlib.sha256()
    seen: set[Path] = set()
    for folder in folders:
        for path in sorted([*folder.rglob("*.py"), *folder.rglob("*.yaml")]):
            if path in seen or "__pycache__" in path.parts:
                continue
            seen.add(path)
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def own_code() -> str:
    """:func:`code_fingerprint` of the code this process runs, once per process: the code it
    has imported does not change while it runs (and the resident helper, whose children share
    this, refuses to serve once any of these files changed)."""
    return code_fingerprint()


@functools.cache
def tex_fingerprint(binary: str = "pdflatex") -> str:
    """Identifies the TeX installation: a new TeX Live invalidates formats and cached PDFs."""
    path = shutil.which(binary)
    if path is None:
        return "none"
    st = os.stat(os.path.realpath(path))
    return f"{os.path.realpath(path)}:{st.st_size}:{int(st.st_mtime)}"


def request_key(profile: Path, choices: dict[str, Any]) -> str:
    """Everything besides input files that decides what a build writes."""
    parts = {
        "version": VERSION,
        "profile": str(profile.resolve()),
        "choices": choices,
        "code": own_code(),
        "tex": tex_fingerprint(),
        "env": [os.environ.get(k, "") for k in ("SOURCE_DATE_EPOCH", "CVBUILDER_NO_FORMAT")],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def load(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads(read_input(state_path(out_dir)))
    except (FileProblem, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def fresh(out_dir: Path, key: str) -> list[dict[str, Any]] | None:
    """The documents of the last build if it is still exactly what this build would write:
    same request, same inputs, and every PDF on disk byte for byte the one that build made."""
    try:
        return _fresh(out_dir, key)
    except (TypeError, KeyError, AttributeError, ValueError):  # a state file edited by hand
        return None


def _fresh(out_dir: Path, key: str) -> list[dict[str, Any]] | None:
    state = load(out_dir)
    if not state or state.get("key") != key:
        return None
    for path, digest in state.get("inputs", {}).items():
        if file_hash(Path(path)) != digest:
            return None
    documents = state.get("documents", {})
    outputs = [documents.get(name) for name in state.get("outputs", [])]
    if not outputs or None in outputs:
        return None
    for doc in outputs:
        if not doc.get("pdf") or file_hash(out_dir / output_file(doc)) != doc["pdf"]:
            return None
    return outputs


def output_file(doc: dict[str, Any]) -> str:
    """The file a recorded document was written to (``cv.pdf``, ``homepage.md``); its record's
    ``pdf`` is that file's hash."""
    return str(doc.get("file") or f"{doc['name']}.pdf")


def previous_document(out_dir: Path, name: str, source: str) -> dict[str, Any] | None:
    """The last build's record of document ``name`` if its LaTeX source was ``source`` and its
    PDF is still the one that build wrote (so compiling again would give the same bytes)."""
    doc = load(out_dir).get("documents", {})
    doc = doc.get(name) if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or not doc.get("pdf") or doc.get("source") != source:
        return None
    return doc if file_hash(out_dir / f"{name}.pdf") == doc["pdf"] else None


def last_pages(out_dir: Path, name: str) -> int | None:
    """How many pages document ``name`` had when last built (a hint: "Page 2 of N")."""
    doc = load(out_dir).get("documents", {})
    doc = doc.get(name) if isinstance(doc, dict) else None
    pages = doc.get("pages") if isinstance(doc, dict) else None
    return pages if isinstance(pages, int) and pages > 0 else None


def hashes(paths: list[Path]) -> dict[str, str | None]:
    """Input file → hash, taken before the build reads them: an edit made while a build runs
    then makes the next build compile again instead of trusting a PDF of the older text."""
    return {str(p.resolve()): file_hash(p) for p in paths}


def record(
    out_dir: Path,
    documents: list[dict[str, Any]],
    key: str = "",
    inputs: dict[str, str | None] | None = None,
) -> None:
    """Remember what this build wrote (atomically; a concurrent build at worst makes the next
    one recompile). Each document carries ``pdf``, the hash of the bytes this build made, not of
    what is on disk now. Records of other documents in the folder are kept."""
    state = load(out_dir)
    known = state.get("documents", {})
    for doc in documents:
        known[doc["name"]] = dict(doc)
    state = {
        "key": key,
        "inputs": inputs or {},
        "outputs": [d["name"] for d in documents],
        "documents": known,
    }
    path = state_path(out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    import threading

    tmp = path.with_name(f".state-{os.getpid()}-{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(tmp, path)
