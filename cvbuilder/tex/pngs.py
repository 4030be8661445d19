"""``--png``: a picture of every page next to the PDF, written like every other output.

pdftoppm renders into a private work folder; the pages are then moved into place with the
rules of :mod:`cvbuilder.files`. Pages an earlier build wrote that this one no longer has
(a document that shrank) are removed only when ``DIR/.cvbuilder/pngs.json`` says cvbuilder
wrote them and they are still byte for byte what it wrote: a user's own ``cv-3.png`` stays.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from cvbuilder.files import FileProblem, check_output, place, read_input
from cvbuilder.settings import tex_timeout
from cvbuilder.tex.workdir import new_workdir, private_dir

RESOLUTION = 80


class PngError(Exception):
    """pdftoppm is missing or failed."""


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(read_input(path)).hexdigest()
    except FileProblem:
        return None


def _load(record: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads(read_input(record))
    except (FileProblem, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def render(pdf: Path, out: Path) -> list[Path]:
    """Write ``out/<stem>-<page>.png`` for every page of ``pdf``; return the files written."""
    program = shutil.which("pdftoppm")
    if program is None:
        raise PngError("--png needs pdftoppm (Debian: apt-get install poppler-utils)")
    work = new_workdir(private_dir(out), "png")
    try:
        cmd = [program, "-png", "-r", str(RESOLUTION), str(pdf.resolve()), pdf.stem]
        try:
            done = subprocess.run(
                cmd, cwd=work, capture_output=True, timeout=tex_timeout(), check=False
            )
        except subprocess.TimeoutExpired:
            raise PngError(f"{pdf}: pdftoppm ran too long and was stopped") from None
        if done.returncode != 0:
            why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
            raise PngError(f"{pdf}: pdftoppm failed: {why[0]}")
        pages = sorted(p for p in work.glob(f"{pdf.stem}-*.png"))
        for page in pages:
            check_output(out / page.name)  # all refused before any is moved
        record_path = private_dir(out) / "pngs.json"
        record = _load(record_path)
        earlier = record.get(pdf.stem, {})
        written: dict[str, str] = {}
        for page in pages:
            written[page.name] = hashlib.sha256(page.read_bytes()).hexdigest()
            place(page, out / page.name)
        for name, digest in earlier.items() if isinstance(earlier, dict) else ():
            stale = out / Path(str(name)).name
            if name not in written and stale.is_file() and _digest(stale) == digest:
                stale.unlink()
        record[pdf.stem] = written
        tmp = record_path.with_name(f".pngs-{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record, indent=1), encoding="utf-8")
        os.replace(tmp, record_path)
        return [out / name for name in written]
    finally:
        shutil.rmtree(work, ignore_errors=True)
