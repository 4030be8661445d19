"""The non-PDF outputs of a build: made with the PDFs (before anything is written) and written
after them, each file atomically (or through, for a device or pipe: :mod:`cvbuilder.files`). A
file whose bytes would not change is left alone and reported as unchanged."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cvbuilder.files import check_output, write_output
from cvbuilder.tex.compile import Compiled


@dataclass
class Made:
    """One output made and not yet written: ``result`` says where it goes and whether the file
    already holds these bytes."""

    result: Compiled
    data: bytes


def paths(jobs: list[Any], out_dir: Path) -> list[Path]:
    return [out_dir / f"{job.name}.{fmt}" for job in jobs for fmt in job.formats if fmt != "pdf"]


def check(jobs: list[Any], out_dir: Path) -> None:
    """Refuse, before any work, output paths taken by folders, sockets and the like."""
    for path in paths(jobs, out_dir):
        check_output(path)


def make(profile: Any, job: Any, fmt: str, out_dir: Path) -> Made:
    """One output, made but not written."""
    from cvbuilder.outputs import render

    started = time.perf_counter()
    data = render(job.profile or profile, job.variant, fmt)
    path = out_dir / f"{job.name}.{fmt}"
    digest = hashlib.sha256(data).hexdigest()
    result = Compiled(f"{job.name}.{fmt}", path, 0, 0.0, runs=0, layout=job.variant.layout or "",
                      digest=digest, engine=fmt, reused=_same(path, data))  # fmt: skip
    result.seconds = time.perf_counter() - started
    return Made(result, data)


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.read_bytes() == data
    except OSError:
        return False


def publish(made: list[Made]) -> None:
    """Write every output made (the unchanged ones are already in place)."""
    for item in made:
        if not item.result.reused:
            write_output(item.result.pdf, item.data)
