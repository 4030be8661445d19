"""Run TeX safely: pdfLaTeX in a private folder, no shell escape, paranoid file access.

The finished PDF is moved into place with an atomic rename, so a failed or killed
build never replaces a good PDF. TeX failures come back as the few log lines that
matter, not the whole log.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import cache as _cache

INSTALL_HINT = (
    "sudo apt-get install --no-install-recommends texlive-latex-base texlive-latex-recommended "
    "texlive-latex-extra texlive-fonts-recommended latexmk poppler-utils"
)
TIMEOUT = float(os.environ.get("CVBUILDER_TEX_TIMEOUT", "120"))


class TexMissing(Exception):
    """No TeX installation (pdflatex) on PATH."""

    def __init__(self, program: str):
        super().__init__(f"{program} was not found; install TeX Live with:\n  {INSTALL_HINT}")


class TexError(Exception):
    """pdfLaTeX failed; the message holds the relevant log lines."""


@dataclass
class Compiled:
    name: str
    pdf: Path
    pages: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    log: str = ""
    runs: int = 1
    omitted: list[str] = field(default_factory=list)
    layout: str = ""
    reused: bool = False  # the PDF already in place is this document (nothing was compiled)
    source: str = ""  # hash of the LaTeX source and what else decides the PDF


def tex_env() -> dict[str, str]:
    """Environment for TeX: no reading or writing outside the work folder, fixed dates."""
    env = dict(os.environ)
    env.update(openin_any="p", openout_any="p", shell_escape="f", TEXMFOUTPUT="")
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    env["FORCE_SOURCE_DATE"] = "1"
    return env


def _require(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise TexMissing(program)
    return path


def log_excerpt(log: str, context: int = 3) -> str:
    """The ``!`` error lines (or ``file:line:`` errors) with a little context."""
    lines = log.splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("!") or re.match(r"^[^:\s]+\.tex:\d+: ", line):
            out.extend(lines[i : i + context + 1])
            out.append("")
    return "\n".join(out).strip() or "\n".join(lines[-15:])


def log_warnings(log: str) -> list[str]:
    return [
        m.group(0)
        for m in re.finditer(r"^(Overfull|Underfull) \\[hv]box.*$", log, re.M)
        if m.group(1) == "Overfull"
    ]


def _engine(cmd: list[str], workdir: Path, timeout: float, what: str) -> int:
    """Run one TeX process in its own session, killed with its children after ``timeout``."""
    proc = subprocess.Popen(
        cmd,
        cwd=workdir,
        env=tex_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise TexError(f"{what}: TeX ran longer than {timeout:.0f} s and was stopped") from None


_RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed|There were undefined references")


def run_tex(
    tex: str, name: str, workdir: Path, timeout: float = TIMEOUT, fmt: Path | None = None
) -> tuple[Path, str]:
    """Compile ``tex`` inside ``workdir`` (which must be private to this build).

    One pdfLaTeX pass; a second only when the log asks for it (cvbuilder's documents have no
    cross-references, so they never do). ``fmt`` is a precompiled preamble (see
    :func:`format_for`)."""
    pdflatex = _require("pdflatex")
    (workdir / f"{name}.tex").write_text(tex, encoding="utf-8")
    options = []
    if fmt is not None:
        local = workdir / fmt.name
        try:
            os.link(fmt, local)
        except OSError:
            shutil.copyfile(fmt, local)
        options = [f"-fmt={fmt.stem}"]
    cmd = [pdflatex, *options, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
           "-file-line-error", f"{name}.tex"]  # fmt: skip
    log_path, pdf = workdir / f"{name}.log", workdir / f"{name}.pdf"
    log = ""
    for _ in range(3):
        code = _engine(cmd, workdir, timeout, name)
        log = log_path.read_text("utf-8", errors="replace") if log_path.exists() else ""
        if code != 0 or not pdf.exists():
            if fmt is not None and "preloaded format=" not in log:  # the format did not load
                fmt.unlink(missing_ok=True)
                (workdir / fmt.name).unlink(missing_ok=True)
                return run_tex(tex, name, workdir, timeout)
            raise TexError(f"{name}: pdfLaTeX failed:\n{log_excerpt(log)}")
        if not _RERUN.search(log):
            break
    return pdf, log


def format_for(tex: str, cache: Path, timeout: float = TIMEOUT) -> Path | None:
    """The precompiled format for this document's static preamble (built once, then reused).

    The preamble up to ``\\csname endofdump\\endcsname`` is dumped with mylatexformat; the key is
    a hash of that text and of the TeX installation. ``None`` when formats are switched off
    (``CVBUILDER_NO_FORMAT=1``) or cannot be built; the document then compiles without one."""
    from .blocks import DUMP_MARK

    if os.environ.get("CVBUILDER_NO_FORMAT") or DUMP_MARK not in tex:
        return None
    static = tex[: tex.index(DUMP_MARK)]
    key = hashlib.sha256((static + _cache.tex_fingerprint()).encode()).hexdigest()[:20]
    target = cache / f"cvfmt-{key}.fmt"
    if target.exists():
        return target
    pdflatex = _require("pdflatex")
    cache.mkdir(parents=True, exist_ok=True)
    clean_stale(cache)
    work = Path(tempfile.mkdtemp(prefix=f".fmt-{os.getpid()}-", dir=cache))
    try:
        (work / "source.tex").write_text(tex, encoding="utf-8")
        cmd = [pdflatex, "-ini", f"-jobname={target.stem}", "-interaction=nonstopmode",
               "-no-shell-escape", "&pdflatex", "mylatexformat.ltx", "source.tex"]  # fmt: skip
        _engine(cmd, work, timeout, "format")
        built = work / target.name
        if not built.exists():
            return None
        os.replace(built, target)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


def page_count(log: str) -> int:
    m = re.search(r"Output written on .*?\((\d+) pages?", log)
    return int(m.group(1)) if m else 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out_dir: Path) -> None:
    """Remove work folders left by builds that were killed (their process is gone)."""
    for folder in out_dir.glob(".*-*-*"):
        parts = folder.name.split("-")
        owner = int(parts[-2]) if len(parts) >= 3 and parts[-2].isdigit() else None
        if owner is not None and folder.is_dir() and not _alive(owner):
            shutil.rmtree(folder, ignore_errors=True)


def compile_to(
    tex: str, name: str, out_dir: Path, files: dict[str, Path] | None = None
) -> Compiled:
    """Compile into a fresh private folder under ``out_dir``; nothing in ``out_dir`` changes yet.

    ``files`` (name → source) are copied next to the .tex first: TeX may read only its folder."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    clean_stale(out_dir)
    work = Path(tempfile.mkdtemp(prefix=f".{name}-{os.getpid()}-", dir=out_dir))
    try:
        for target, source in (files or {}).items():
            shutil.copyfile(source, work / target)
        cache = Path(os.environ.get("CVBUILDER_FORMAT_CACHE") or out_dir / ".cache")
        pdf, log = run_tex(tex, name, work, fmt=format_for(tex, cache))
    except BaseException:
        failed = out_dir / "failed"
        failed.mkdir(exist_ok=True)
        for suffix in (".tex", ".log"):
            if (work / f"{name}{suffix}").exists():
                os.replace(work / f"{name}{suffix}", failed / f"{name}{suffix}")
        shutil.rmtree(work, ignore_errors=True)
        raise
    seconds = time.perf_counter() - started
    return Compiled(name, pdf, page_count(log), seconds, log_warnings(log), log)


def publish(result: Compiled, out_dir: Path) -> Path:
    """Move a compiled PDF, its .tex and .log into ``out_dir`` with atomic renames."""
    if not result.reused:
        work = result.pdf.parent
        target = out_dir / f"{result.name}.pdf"
        for suffix in (".tex", ".log"):
            os.replace(work / f"{result.name}{suffix}", out_dir / f"{result.name}{suffix}")
        os.replace(result.pdf, target)
        shutil.rmtree(work, ignore_errors=True)
        result.pdf = target
    failed = out_dir / "failed"
    for suffix in (".tex", ".log"):  # the failure these kept is fixed now
        (failed / f"{result.name}{suffix}").unlink(missing_ok=True)
    if failed.is_dir() and not any(failed.iterdir()):
        failed.rmdir()
    return result.pdf


def discard(result: Compiled) -> None:
    if not result.reused:
        shutil.rmtree(result.pdf.parent, ignore_errors=True)
