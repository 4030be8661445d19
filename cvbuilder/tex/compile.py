"""Run TeX safely: the engine in a private folder, no shell escape, paranoid file access.

The finished PDF is moved into place with an atomic rename, so a failed or killed
build never replaces a good PDF. TeX failures come back as the few log lines that
matter, not the whole log.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from cvbuilder import cache as _cache
from cvbuilder import settings
from cvbuilder.files import FileProblem, place
from cvbuilder.tex import formats, lastpage
from cvbuilder.tex.engines import DEFAULT as DEFAULT_ENGINE
from cvbuilder.tex.engines import DUMP_MARK, FONTS, Engine
from cvbuilder.tex.texlog import log_excerpt, log_warnings, page_count
from cvbuilder.tex.texlog import lost_characters as lost_characters  # re-exported
from cvbuilder.tex.workdir import new_workdir, private_dir


class TexMissing(Exception):
    """The engine's program is not on PATH; the message says how to install it."""

    def __init__(self, engine: Engine):
        super().__init__(
            f"{engine.binary} was not found; install TeX Live with:\n  {engine.install}"
        )


class TexError(Exception):
    """TeX failed; the message holds the relevant log lines."""


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
    digest: str = ""  # sha256 of the PDF this build made (what the cache may later trust)
    work: Path | None = None  # the private work folder while the document is not published
    engine: str = "pdflatex"
    why: list[str] = field(default_factory=list)  # characters that made it XeLaTeX
    fill: float | None = None  # with a page budget: how full the last page is (0 to 1)
    later: FormatWanted | None = None  # the format to make after publishing (none was cached)


@dataclass(frozen=True)
class FormatWanted:
    """A format no store had: made in the background once the build has published."""

    tex: str  # the document's source; only its static preamble is dumped
    cache: Path
    engine: str


def tex_env() -> dict[str, str]:
    """Environment for TeX: no reading or writing outside the work folder, fixed dates."""
    env = dict(os.environ)
    env.update(openin_any="p", openout_any="p", shell_escape="f", TEXMFOUTPUT="")
    env["OSFONTDIR"] = str(FONTS)  # XeLaTeX finds cvbuilder's Charter by file name
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    env["FORCE_SOURCE_DATE"] = "1"
    return env


def _require(engine: Engine) -> str:
    path = shutil.which(engine.binary)
    if path is None:
        raise TexMissing(engine)
    return path


@functools.cache
def _guard() -> tuple[str, ...]:
    """A prefix that makes TeX die with cvbuilder (parent-death signal) and caps its CPU time,
    so a ``kill -9`` of cvbuilder never leaves a pdfLaTeX running without a limit."""
    prefix: list[str] = []
    setpriv, prlimit = shutil.which("setpriv"), shutil.which("prlimit")
    if setpriv:
        prefix += [setpriv, "--pdeathsig", "KILL", "--"]
    if prlimit:
        seconds = max(1, math.ceil(settings.tex_timeout()))
        prefix += [prlimit, f"--cpu={seconds}:{seconds + 1}", "--"]
    return tuple(prefix)


def _engine(cmd: list[str], workdir: Path, timeout: float, what: str) -> int:
    """Run one TeX process in its own session, killed with its children after ``timeout``
    (and by the kernel when this process dies first, see :func:`_guard`)."""
    proc = subprocess.Popen(
        [*_guard(), *cmd],
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
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise


_RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed|There were undefined references")


def run_tex(
    tex: str,
    name: str,
    workdir: Path,
    timeout: float | None = None,
    fmt: Path | None = None,
    engine: Engine = DEFAULT_ENGINE,
) -> tuple[Path, str]:
    """Compile ``tex`` inside ``workdir`` (which must be private to this build).

    One pdfLaTeX pass; a second only when the log asks for it (cvbuilder's documents have no
    cross-references, so they never do). ``fmt`` is a precompiled preamble (see
    :func:`format_for`)."""
    timeout = settings.tex_timeout() if timeout is None else timeout
    binary = _require(engine)
    (workdir / f"{name}.tex").write_text(tex, encoding="utf-8")
    options = []
    if fmt is not None:
        local = workdir / fmt.name
        try:  # this build's own link: another build evicting the format cannot take it away
            os.link(fmt, local)
        except FileNotFoundError:
            return run_tex(tex, name, workdir, timeout, engine=engine)  # evicted meanwhile
        except OSError:
            try:
                shutil.copyfile(fmt, local)
            except FileNotFoundError:
                return run_tex(tex, name, workdir, timeout, engine=engine)
        options = [f"-fmt={fmt.stem}"]
    cmd = [binary, *options, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
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
                return run_tex(tex, name, workdir, timeout, engine=engine)
            raise TexError(f"{name}: {engine.binary} failed:\n{log_excerpt(log)}")
        if not _RERUN.search(log):
            break
    return pdf, log


def format_target(tex: str, cache: Path, engine: Engine) -> Path | None:
    """Where the format for ``tex``'s static preamble is stored (it may not exist yet);
    ``None`` when formats are off (``CVBUILDER_NO_FORMAT=1``) or the engine cannot dump one."""
    if os.environ.get("CVBUILDER_NO_FORMAT") or DUMP_MARK not in tex or not engine.dumps_formats:
        return None
    static = tex[: tex.index(DUMP_MARK)]
    fingerprint = _cache.tex_fingerprint(engine.binary)
    key = hashlib.sha256((static + fingerprint).encode()).hexdigest()[:20]
    return cache / f"cvfmt-{key}.fmt"


def format_for(
    tex: str,
    cache: Path,
    work_parent: Path | None = None,
    timeout: float | None = None,
    engine: Engine = DEFAULT_ENGINE,
) -> Path | None:
    """The precompiled format for this document's static preamble (built once, then reused).

    The preamble up to ``\\csname endofdump\\endcsname`` is dumped with mylatexformat; the key is
    a hash of that text and of the TeX installation. ``None`` when formats are switched off
    (``CVBUILDER_NO_FORMAT=1``) or cannot be built; the document then compiles without one."""
    target = format_target(tex, cache, engine)
    if target is None:
        return None
    if formats.stored(target):
        return target
    binary = _require(engine)
    timeout = settings.tex_timeout() if timeout is None else timeout
    cache.mkdir(parents=True, exist_ok=True)
    work = new_workdir(work_parent or cache, "format")
    try:
        (work / "source.tex").write_text(tex, encoding="utf-8")
        cmd = [binary, "-ini", f"-jobname={target.stem}", "-interaction=nonstopmode",
               "-no-shell-escape", engine.base_format, "mylatexformat.ltx",
               "source.tex"]  # fmt: skip
        _engine(cmd, work, timeout, "format")
        built = work / target.name
        if not built.exists():
            return None
        try:  # one rename: a concurrent build never reads half a format
            os.replace(built, target)
        except OSError:  # the cache is on another file system: copy next to it, then rename
            tmp = target.with_name(f".{work.name}.fmt")
            shutil.copyfile(built, tmp)
            os.replace(tmp, target)
        formats.evict(cache, keep=target)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


def compile_to(
    tex: str,
    name: str,
    out_dir: Path,
    files: dict[str, Path] | None = None,
    engine: Engine = DEFAULT_ENGINE,
    pages: int | None = None,
) -> Compiled:
    """Compile into a fresh private work folder; nothing in ``out_dir`` changes yet.

    ``files`` (name → source) are copied next to the .tex first: TeX may read only its folder.
    ``pages``: how many pages the document had last time; a footer "Page 2 of N" then needs no
    second TeX pass unless the count changed (it is given to LaTeX as last run's .aux would)."""
    started = time.perf_counter()
    private = private_dir(out_dir)
    work = new_workdir(private, name)
    try:
        for target, source in (files or {}).items():
            shutil.copyfile(source, work / target)
        if pages and "{LastPage}" in tex:
            (work / f"{name}.aux").write_text(lastpage.aux(pages, engine.name), encoding="ascii")
        cache = formats.store(private / "formats")
        target = format_target(tex, cache, engine)
        fmt = target if target is not None and formats.stored(target) else None
        # No format yet: compile without it (the same PDF, see engines.BEFORE_DUMP) rather
        # than wait for one; the build makes it in the background after publishing.
        pdf, log = run_tex(tex, name, work, fmt=fmt, engine=engine)
        digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    except BaseException:
        _keep_failure(out_dir, work, name)
        shutil.rmtree(work, ignore_errors=True)
        raise
    seconds = time.perf_counter() - started
    return Compiled(
        name,
        pdf,
        page_count(log),
        seconds,
        log_warnings(log),
        log,
        digest=digest,
        work=work,
        engine=engine.name,
        later=FormatWanted(tex, cache, engine.name) if target and not fmt else None,
    )


def _keep_failure(out_dir: Path, work: Path, name: str) -> None:
    """Keep the failing .tex and .log in ``out_dir/failed/`` for the user to look at."""
    failed = out_dir / "failed"
    try:
        failed.mkdir(exist_ok=True)
        for suffix in (".tex", ".log"):
            if (work / f"{name}{suffix}").exists():
                place(work / f"{name}{suffix}", failed / f"{name}{suffix}")
    except (OSError, FileProblem):
        pass
