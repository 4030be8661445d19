#!/usr/bin/env python3
"""cvbuilder's benchmark: every figure as seconds and as a ratio to a baseline measured in the
same run (one bare pdfLaTeX pass over the generated cv.tex), so that a noisy shared machine
still gives comparable numbers. Command rows are paired: each sample runs right after a bare
pass of its own, and the row's ratio is the median of those per-pair ratios (the machine's
speed drifts by a third within minutes, so a baseline taken once would not do).

    python bench/run.py [--repeat 5] [--json bench/results.json]
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = Path(sys.executable).parent / "cvbuilder"
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "cvbuilder"]
"""The command users type: the installed console script (``python -m cvbuilder`` without one)."""
SIZES = [10, 100, 1000, 5000]

PYTHON_SIDE = """
import statistics, sys, time
from pathlib import Path
from cvbuilder.build import render
from cvbuilder.load.profile import load
out = {}
for path in sys.argv[2:]:
    samples = []
    for _ in range(int(sys.argv[1])):
        started = time.perf_counter()
        profile = load(path)
        render(profile, "cv")
        render(profile, "resume")
        samples.append(time.perf_counter() - started)
    out[Path(path).stem] = statistics.median(samples)
print(repr(out))
"""


BIB_SIDE = """
import json, statistics, sys, time
from pathlib import Path
from cvbuilder.formats.bibtex import read_bib_file
from cvbuilder.load.profile import load
out = {}
for profile in sys.argv[2:]:
    bib = Path(profile).with_suffix(".bib")
    samples = []
    for _ in range(int(sys.argv[1])):
        started = time.perf_counter()
        entries, _ = read_bib_file(bib, [])
        data = load(profile)
        samples.append(time.perf_counter() - started)
    out[Path(profile).stem] = [statistics.median(samples), len(data.publications)]
print(json.dumps(out))
"""
WILD = ROOT / "tests" / "data" / "wild" / "bib"
BIG_BIBS = [
    "katyhuff__CV__cv.bib",
    "keflavich__cv__cv.bib",
    "Sumidu__calerovaldez.com__2026-07-07-pubs.bib",
]


XDG = Path(tempfile.gettempdir()) / f"cvbench-xdg-{os.getpid()}"
"""The per-user format store of the benchmark (XDG_CACHE_HOME): never the user's own."""
RUN = Path(tempfile.gettempdir()) / f"cvbench-run-{os.getpid()}"
"""Where the benchmark's resident helpers listen (XDG_RUNTIME_DIR): never the user's own."""


def env(**extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CVBUILDER_")}
    return {**clean, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(XDG),
            "XDG_RUNTIME_DIR": str(RUN), "CVBUILDER_SERVER_IDLE": "120", **extra}  # fmt: skip


def helpers(run: Path) -> list[int]:
    """The resident helpers listening in ``run`` (their process ids)."""
    from cvbuilder.helper.client import listening

    return listening(str(run / "cvbuilder"))


def settle(run: Path, store: Path | None = None, timeout: float = 120) -> None:
    """Wait until the background work of a build is over: its helper listens in ``run`` and
    the formats it left to make are in ``store``, so the next sample has the CPUs alone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [p for p in (store / "work").glob("*") if p.is_dir()] if store else []
        if helpers(run) and not busy:
            return
        time.sleep(0.05)


def stop_helpers(run: Path) -> None:
    for pid in helpers(run):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)


def timed(cmd: list[str], cwd: Path, environ: dict[str, str]) -> tuple[float, int]:
    """Wall seconds, and peak RSS in KiB of the process itself, for one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=environ, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return seconds, usage.ru_maxrss


def synthetic_profile(n: int) -> str:
    pubs = [
        {"title": f"Paper {i} on a topic with an ordinary title length", "year": 1990 + i % 35,
         "authors": ["A. Author", {"name": "Z. Tang", "owner": True}, "B. Other"],
         "venue": "Conference on Things", "type": ["conference", "journal", "preprint"][i % 3],
         "selected": i % 50 == 0}
        for i in range(n)
    ]  # fmt: skip
    return yaml.safe_dump({"person": {"name": "Z. Tang"}, "publications": pubs})


class Bench:
    def __init__(self, work: Path, repeat: int):
        self.work, self.n = work, repeat
        self.profile = work / "profile.yaml"
        self.rows: dict[str, dict] = {}
        self.baseline = 0.0
        self.paired = 0.0
        self.bare_cmd: list[str] = []

    def bare(self) -> float:
        """One bare pdfLaTeX pass now: each sample is paired with one, and its ratio is taken
        to that pass (this machine's speed drifts by a third within minutes)."""
        return timed(self.bare_cmd, self.work / "bare", env())[0]

    def median(self, cmd: list[str], environ: dict[str, str], setup=None) -> tuple[float, int]:
        """Median seconds and peak RSS of ``n`` samples; ``self.paired``: the median of each
        sample's ratio to the bare pass just before it."""
        samples, ratios, rss = [], [], 0
        for i in range(self.n):
            argv = setup(i) if setup else cmd
            base = self.bare()
            seconds, peak = timed(argv, self.work, environ)
            samples.append(seconds)
            ratios.append(seconds / base)
            rss = max(rss, peak)
        self.paired = statistics.median(ratios)
        return statistics.median(samples), rss

    def row(self, name: str, seconds: float, target: float | None = None,
            ratio: float | None = None, **extra) -> None:  # fmt: skip
        """A figure; ``ratio``: paired (see :meth:`median`), else to the run's baseline."""
        ratio = seconds / self.baseline if ratio is None else ratio
        met = None if target is None else ratio <= target
        self.rows[name] = {"seconds": round(seconds, 4), "ratio": round(ratio, 2),
                           "target": target, "met": met, **extra}  # fmt: skip

    def measure_baseline(self) -> None:
        """One bare pdfLaTeX pass over the generated cv.tex: no cvbuilder, no format."""
        build = [*CLI, "build", "profile.yaml", "--out", "seed"]
        subprocess.run(build, cwd=self.work, env=env(), check=True, capture_output=True)
        bare = self.work / "bare"
        bare.mkdir()
        shutil.copy(self.work / "seed" / "cv.tex", bare)
        self.bare_cmd = ["pdflatex", "-interaction=batchmode", "-no-shell-escape", "cv.tex"]
        self.bare()  # warm the file cache
        self.baseline = statistics.median(self.bare() for _ in range(self.n))

    def cold_builds(self) -> None:
        """A new output folder: the very first build on a machine (an empty format store), and
        one with the formats in the per-user store (any earlier build made them)."""

        def fresh_folder(tag: str):
            return lambda i: [*CLI, "build", "profile.yaml", "--out", f"cold-{tag}-{i}"]

        samples, ratios, rss = [], [], 0
        for i in range(self.n):  # each with an empty store and no helper: a new machine
            cmd = [*CLI, "build", "profile.yaml", "--out", f"cold-first-{i}"]
            xdg, run = self.work / f"x{i}", self.work / f"r{i}"
            base = self.bare()
            seconds, peak = timed(cmd, self.work, env(XDG_CACHE_HOME=str(xdg),
                                                      XDG_RUNTIME_DIR=str(run)))  # fmt: skip
            samples.append(seconds)
            ratios.append(seconds / base)
            rss = max(rss, peak)
            settle(run, xdg / "cvbuilder" / "formats")  # what it left behind, made
            stop_helpers(run)
        first = statistics.median(samples)
        self.row("very first build on a machine (no format anywhere)", first, 2.0,
                 statistics.median(ratios), peak_rss_mib=rss // 1024)  # fmt: skip
        timed([*CLI, "build", "profile.yaml", "--out", "warm"], self.work, env())
        settle(RUN, XDG / "cvbuilder" / "formats")
        warm, rss = self.median([], env(), fresh_folder("fmt"))
        self.row("both documents, new output folder, formats in the user cache", warm, 1.3,
                 self.paired, peak_rss_mib=rss // 1024)  # fmt: skip
        alone, _ = self.median([], env(CVBUILDER_SERVER="0"), fresh_folder("alone"))
        self.row("  the same without the resident helper (CVBUILDER_SERVER=0)", alone,
                 ratio=self.paired)  # fmt: skip
        plain, _ = self.median([], env(CVBUILDER_SERVER="0", CVBUILDER_NO_FORMAT="1"),
                               fresh_folder("plain"))  # fmt: skip
        self.row("  the same without helper and without a precompiled format", plain,
                 ratio=self.paired)  # fmt: skip
        one, _ = self.median([], {**env(), "CVBUILDER_JOBS": "1"}, fresh_folder("seq"))
        self.row("  the same, documents compiled one after the other", one, ratio=self.paired)

    def rebuilds(self) -> None:
        build = [*CLI, "build", "profile.yaml", "--out", "out"]
        timed(build, self.work, env())
        unchanged, _ = self.median(build, env())
        self.row("rebuild, nothing changed", unchanged, 0.15, self.paired)
        text = self.profile.read_text()

        def edit(old: str):
            def setup(i: int) -> list[str]:
                self.profile.write_text(text.replace(old, f"{old} {i}", 1))
                return build

            return setup

        both, _ = self.median([], env(), edit("Postdoctoral Researcher at The"))
        self.row("rebuild, one field changed (summary: both documents)", both, 1.1, self.paired)
        cv_only, _ = self.median([], env(), edit("Cloud Computing"))
        self.row("rebuild, one field changed (teaching: CV only)", cv_only, 1.1, self.paired)
        self.profile.write_text(text)
        watched = self.watch(text)
        self.row("watch, one field changed (summary: both documents)", watched, 1.1, self.paired)
        self.profile.write_text(text)

    def watch(self, text: str) -> float:
        """Save → 'build/…pdf' line printed, inside a running `cvbuilder watch`."""
        proc = subprocess.Popen([*CLI, "watch", "profile.yaml", "--out", "watched"],
                                cwd=self.work, env={**env(), "PYTHONUNBUFFERED": "1"}, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()

        def until(word: str, count: int = 1) -> None:
            seen = 0
            while seen < count:
                seen += word in lines.get(timeout=60)

        try:
            until("watching")
            samples, ratios = [], []
            for i in range(self.n):
                base = self.bare()
                started = time.perf_counter()
                old = "Postdoctoral Researcher at The"
                self.profile.write_text(text.replace(old, f"{old} {i}", 1))
                until(".pdf", 2)
                samples.append(time.perf_counter() - started)
                ratios.append(samples[-1] / base)
            self.paired = statistics.median(ratios)
            return statistics.median(samples)
        finally:
            proc.terminate()
            proc.wait()

    def command_line(self) -> None:
        seconds, _ = self.median([*CLI, "--help"], env())
        self.rows["cvbuilder --help"] = {"seconds": round(seconds, 4),
                                         "ratio": round(seconds / self.baseline, 2),
                                         "target": "0.15 s", "met": seconds <= 0.15}  # fmt: skip

    def python_side(self) -> None:
        """Load + validate + generate both .tex files in a warm process, per profile size."""
        paths = []
        for size in SIZES:
            path = self.work / f"pubs{size}.yaml"
            path.write_text(synthetic_profile(size))
            paths.append(str(path))
        cmd = [sys.executable, "-c", PYTHON_SIDE, str(self.n), *paths]
        out = subprocess.run(cmd, cwd=self.work, env=env(), check=True, capture_output=True,
                             text=True).stdout  # fmt: skip
        medians = ast.literal_eval(out.strip())
        for size in SIZES:
            seconds = medians[f"pubs{size}"]
            target = "0.3 s" if size == 1000 else None
            self.rows[f"Python side, {size} publications"] = {
                "seconds": round(seconds, 4), "ratio": round(seconds / self.baseline, 2),
                "target": target, "met": None if target is None else seconds <= 0.3,
                "ms_per_publication": round(seconds / size * 1000, 3),
            }  # fmt: skip

    def bibtex(self) -> None:
        """Import + validate of real personal .bib files (the issue's target: 300 entries in
        under 0.5 s), in a warm process, and `cvbuilder validate` end to end."""
        owners = json.loads((WILD.parent / "owners.json").read_text())
        profiles = []
        for name in BIG_BIBS:
            stem = name.split("__")[0]
            shutil.copy(WILD / name, self.work / f"{stem}.bib")
            profile = self.work / f"{stem}.yaml"
            person = {"name": owners[name]}
            profile.write_text(yaml.safe_dump({"person": person, "bibliography": [f"{stem}.bib"]}))
            profiles.append(profile)
        cmd = [sys.executable, "-c", BIB_SIDE, str(self.n), *map(str, profiles)]
        out = subprocess.run(cmd, cwd=self.work, env=env(), check=True, capture_output=True,
                             text=True).stdout  # fmt: skip
        for stem, (seconds, count) in json.loads(out).items():
            per300 = seconds / count * 300
            self.rows[f"import + validate {stem}.bib ({count} entries)"] = {
                "seconds": round(seconds, 4), "ratio": round(seconds / self.baseline, 2),
                "target": "0.5 s/300", "met": per300 <= 0.5,
                "ms_per_publication": round(seconds / count * 1000, 3),
            }  # fmt: skip
        cli, _ = self.median([*CLI, "validate", str(profiles[0])], env())
        self.row(f"cvbuilder validate {profiles[0].stem}.yaml (process, end to end)", cli,
                 ratio=self.paired)  # fmt: skip

    def engines(self, text: str) -> None:
        """The CV with pdfLaTeX (format cached), the same CV forced to XeLaTeX (same Latin text:
        the engine's own cost), and the CV in Chinese (XeLaTeX with CJK fonts), each a fresh
        output folder."""
        base = text[: text.index("\nvariants:")] if "\nvariants:" in text else text
        variants = {"cv-xe": "{layout: academic, engine: xelatex}",
                    "cv-zh": "{layout: academic, language: zh-Hans}"}  # fmt: skip
        (self.work / "engines.yaml").write_text(
            base + "\nvariants:\n" + "".join(f"  {k}: {v}\n" for k, v in variants.items())
        )
        cached = env()
        for name, label in [("cv", "cv, pdfLaTeX (format cached)"),
                            ("cv-xe", "cv, XeLaTeX (the same text)"),
                            ("cv-zh", "cv in Chinese (zh-Hans), XeLaTeX")]:  # fmt: skip

            def build(i: int, n: str = name) -> list[str]:
                return [*CLI, "build", "engines.yaml", "-v", n, "--out", f"engine-{n}-{i}"]

            if name == "cv":
                seconds, _ = self.median([], cached, build)
                self.row(label, seconds, ratio=self.paired)
                continue
            timed(build(-1), self.work, cached)  # its .tex, and its page count for the hint
            bare, samples, ratios = self.bare_xelatex(self.work / f"engine-{name}--1"), [], []
            for i in range(self.n):  # paired: a bare XeLaTeX pass, then the build
                base = bare()
                samples.append(timed(build(i), self.work, cached)[0])
                ratios.append(samples[-1] / base)
            seconds = statistics.median(samples)
            vs_bare = statistics.median(ratios)
            self.row(label, seconds, 1.5, vs_bare, vs_bare=round(vs_bare, 2))

    def bare_xelatex(self, folder: Path) -> Callable[[], float]:
        """One bare XeLaTeX pass over the .tex a build wrote into ``folder`` (cvbuilder's fonts
        found as the build finds them): the XeLaTeX rows' own baseline."""
        from cvbuilder.tex.engines import FONTS

        (tex,) = folder.glob("*.tex")
        bare = self.work / f"bare-{tex.stem}"
        bare.mkdir()
        shutil.copy(tex, bare)
        cmd = ["xelatex", "-interaction=batchmode", "-no-shell-escape", tex.name]
        xe_env = env(OSFONTDIR=str(FONTS))
        timed(cmd, bare, xe_env)  # warm the font caches
        return lambda: timed(cmd, bare, xe_env)[0]

    def many(self) -> None:
        """5,000 publications, both documents, each build into a new folder."""
        big = self.work / "pubs5000.yaml"
        big.write_text(synthetic_profile(5000))
        for label, extra in [("", {}), (" without the helper", {"CVBUILDER_SERVER": "0"})]:
            timed([*CLI, "build", big.name, "--out", "many-warm"], self.work, env(**extra))
            settle(RUN, XDG / "cvbuilder" / "formats")
            seconds, _ = self.median([], env(**extra), lambda i, t=label: [
                *CLI, "build", big.name, "--out", f"many{t.strip()}-{i}"])  # fmt: skip
            self.row(f"5,000 publications, both documents, new folder{label}", seconds,
                     4.0 if not label else None, self.paired)  # fmt: skip

    def report(self, path: Path) -> None:
        print(f"baseline: one bare pdflatex pass over cv.tex = {self.baseline:.3f} s "
              f"(median of {self.n})\n")  # fmt: skip
        print(f"{'measure':58} {'seconds':>8} {'ratio':>7} {'target':>8}  met")
        for name, r in self.rows.items():
            target = r["target"]
            shown = target if isinstance(target, str) else (f"≤{target}×" if target else "")
            met = {True: "yes", False: "NO", None: ""}[r["met"]]
            more = f"  peak RSS {r['peak_rss_mib']} MiB" if "peak_rss_mib" in r else ""
            more += f"  {r['ms_per_publication']} ms/pub" if "ms_per_publication" in r else ""
            more += "  (ratio to a bare XeLaTeX pass)" if "vs_bare" in r else ""
            print(f"{name:58} {r['seconds']:8.3f} {r['ratio']:6.2f}× {shown:>8}  {met}{more}")
        data = {
            "baseline": {"what": "one bare pdflatex pass over the generated cv.tex",
                         "seconds": round(self.baseline, 4)},
            "repeat": self.n, "cpus": os.cpu_count(), "rows": self.rows,
        }  # fmt: skip
        path.write_text(json.dumps(data, indent=2) + "\n")
        print(f"\nwritten to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="samples per figure (at least 5)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cvbench-"))
    try:
        bench = Bench(work, max(args.repeat, 5))
        text = (ROOT / "profile.yaml").read_text()
        # The figures are for the two default documents (cv, resume): the profile's other
        # variants (cv-zh, built with XeLaTeX) are measured apart, in engines().
        bench.profile.write_text(
            text[: text.index("\nvariants:")] if "\nvariants:" in text else text
        )
        bench.measure_baseline()
        bench.cold_builds()
        bench.rebuilds()
        bench.command_line()
        bench.python_side()
        bench.bibtex()
        bench.engines(text)
        bench.many()
        bench.report(args.json)
    finally:
        stop_helpers(RUN)
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(XDG, ignore_errors=True)
        shutil.rmtree(RUN, ignore_errors=True)


if __name__ == "__main__":
    main()
