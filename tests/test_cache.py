"""The build cache: unchanged inputs skip TeX; any change that matters triggers a rebuild."""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvbuilder import cache
from cvbuilder.cli.commands import main
from cvbuilder.tex.compile import format_for, run_tex

from .conftest import DATA, pdf_text


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    (tmp_path / "profile.yaml").write_text((DATA / "full.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(*args: str) -> dict[str, str]:
    """Run ``cvbuilder build`` and return {document: 'unchanged' or 'compiled'}."""
    result = CliRunner().invoke(main, ["build", *args])
    assert result.exit_code == 0, result.output
    return states(result.output)


def states(output: str) -> dict[str, str]:
    found = {}
    for line in output.splitlines():
        m = re.match(r"build/(\S+)\.pdf\s+\S+\s+\d+ pages?\s+(.*)$", line)
        if m:
            found[m[1]] = "unchanged" if m[2] == "unchanged" else "compiled"
    return found


def test_unchanged_rebuild_runs_no_tex(workdir):
    assert build() == {"cv": "compiled", "resume": "compiled"}
    before = {p.name: p.stat().st_mtime_ns for p in (workdir / "build").glob("*.pdf")}
    assert build() == {"cv": "unchanged", "resume": "unchanged"}
    assert {p.name: p.stat().st_mtime_ns for p in (workdir / "build").glob("*.pdf")} == before


def test_a_changed_profile_recompiles_only_what_changed(workdir):
    build()
    profile = workdir / "profile.yaml"
    profile.write_text(profile.read_text().replace("Physics for Beginners", "Physics for All"))
    assert build() == {"cv": "compiled", "resume": "unchanged"}  # teaching is not on the résumé
    assert "Physics for All" in pdf_text(workdir / "build" / "cv.pdf")


def test_a_changed_option_recompiles(workdir):
    build()
    assert build("--set", "options.font_size=12", "-v", "cv") == {"cv": "compiled"}
    assert r"\documentclass[12pt" in (workdir / "build" / "cv.tex").read_text()


def test_a_changed_layout_or_tex_installation_misses_the_cache(workdir):
    """For real: a copy of cvbuilder whose layout file is edited, then a new pdfLaTeX on PATH."""
    import os
    import subprocess
    import sys

    from .conftest import source_copy

    src = source_copy(workdir / "src")
    env = {**os.environ, "PYTHONPATH": str(src)}

    def run(*args: str) -> str:
        result = subprocess.run([sys.executable, *args], cwd=workdir, env=env,
                                capture_output=True, text=True)  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert run("-c", "import cvbuilder; print(cvbuilder.__file__)").startswith(str(src))
    assert states(run("-m", "cvbuilder", "build")) == {"cv": "compiled", "resume": "compiled"}
    assert states(run("-m", "cvbuilder", "build")) == {"cv": "unchanged", "resume": "unchanged"}
    resume = src / "layouts" / "resume.py"  # a layout change that shows in the résumé only
    resume.write_text(
        resume.read_text(encoding="utf-8")
        + "\n\n_build = build\n\n\ndef build(profile, options):\n"
        "    doc = _build(profile, options)\n    doc.append('Edited layout.')\n    return doc\n",
        encoding="utf-8",
    )
    assert states(run("-m", "cvbuilder", "build")) == {"cv": "unchanged", "resume": "compiled"}
    assert "Edited layout." in pdf_text(workdir / "build" / "resume.pdf")

    tex = workdir / "texlive-2099"  # the same TeX behind another pdflatex: a new installation
    tex.mkdir()
    (tex / "pdflatex").write_text(f'#!/bin/sh\nexec {shutil.which("pdflatex")} "$@"\n')
    (tex / "pdflatex").chmod(0o755)
    env["PATH"] = f"{tex}{os.pathsep}{env['PATH']}"
    assert states(run("-m", "cvbuilder", "build")) == {"cv": "compiled", "resume": "compiled"}


def test_code_fingerprint_follows_layout_files(tmp_path):
    (tmp_path / "academic.py").write_text("A = 1\n")
    first = cache.code_fingerprint([tmp_path])
    (tmp_path / "academic.py").write_text("A = 2\n")
    assert cache.code_fingerprint([tmp_path]) != first


def test_a_tampered_or_missing_pdf_is_rebuilt(workdir):
    build()
    (workdir / "build" / "cv.pdf").write_bytes(b"%PDF-1.5 broken")
    (workdir / "build" / "resume.pdf").unlink()
    assert build() == {"cv": "compiled", "resume": "compiled"}
    assert pdf_text(workdir / "build" / "cv.pdf").startswith("Émilie du Châtelet")


def test_format_is_built_once_and_a_broken_one_is_replaced(tmp_path, monkeypatch):
    monkeypatch.delenv("CVBUILDER_FORMAT_CACHE", raising=False)
    tex = (
        "\\documentclass{article}\n\\usepackage{xcolor}\n\\csname endofdump\\endcsname\n"
        "\\begin{document}\\textcolor{red}{Formatted}\\end{document}\n"
    )
    fmt = format_for(tex, tmp_path / "cache")
    assert fmt is not None and fmt.exists()
    assert format_for(tex, tmp_path / "cache") == fmt  # cached
    (tmp_path / "a").mkdir()
    pdf, log = run_tex(tex, "t", tmp_path / "a", fmt=fmt)
    assert "Formatted" in pdf_text(pdf) and f"preloaded format={fmt.stem}" in log
    fmt.write_bytes(b"not a format")
    (tmp_path / "b").mkdir()
    pdf, _ = run_tex(tex, "t", tmp_path / "b", fmt=fmt)
    assert "Formatted" in pdf_text(pdf) and not fmt.exists()


def test_the_console_entry_answers_unchanged_builds_before_loading_anything(tmp_path):
    import os
    import subprocess
    import sys

    import yaml

    from .test_budget import inflated

    big = inflated(3).model_dump(mode="json", exclude_defaults=True)
    (tmp_path / "profile.yaml").write_text(yaml.safe_dump(big, allow_unicode=True))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}

    def run() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cvbuilder", "build", "-v", "resume"],
                              cwd=tmp_path, env=env, capture_output=True, text=True)  # fmt: skip

    first = run()
    assert first.returncode == 0, first.stderr
    second = run()
    assert second.stdout == "build/resume.pdf  resume  1 page  unchanged\n"
    assert "left out" in second.stderr and second.stderr.startswith("1 warning(s):")
    check = (
        "import sys, cvbuilder.cli.fast; print('pydantic' in sys.modules, 'click' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", check], env=env, capture_output=True,
                          text=True).stdout.strip() == "False False"  # fmt: skip


def test_an_unchanged_answer_is_stamped_and_any_touch_sends_it_back_to_the_hashes(tmp_path):
    """After the hashes proved a build unchanged, the same command answers from file identities
    alone (stamp.json: no pathlib, no hashing); a file written or merely touched since — its
    contents and even its modification time unchanged — sends it back to the hashes, and a
    PDF edited in place is rebuilt."""
    import os
    import subprocess
    import sys

    (tmp_path / "profile.yaml").write_text((DATA / "full.yaml").read_text())
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}

    def run(*extra: str, **more: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-X", "importtime", "-m", "cvbuilder", "build",
                               "-v", "cv", *extra], cwd=tmp_path, env={**env, **more},
                              capture_output=True, text=True)  # fmt: skip

    def hashed(result: subprocess.CompletedProcess[str]) -> bool:
        return "| cvbuilder.cache" in result.stderr  # the build cache was imported

    assert run().returncode == 0
    checked = run()
    assert hashed(checked) and checked.stdout == "build/cv.pdf  academic  2 pages  unchanged\n"
    stamped = run()
    assert not hashed(stamped) and "| pathlib" not in stamped.stderr
    assert stamped.stdout == checked.stdout and stamped.returncode == 0
    profile = tmp_path / "profile.yaml"
    info = profile.stat()
    profile.write_text(profile.read_text())  # same bytes, then the same modification time
    os.utime(profile, ns=(info.st_atime_ns, info.st_mtime_ns))
    again = run()
    assert hashed(again) and again.stdout == checked.stdout
    assert not hashed(run())  # stamped again
    pdf = tmp_path / "build" / "cv.pdf"
    info, data = pdf.stat(), bytearray(pdf.read_bytes())
    data[-10] ^= 1  # one bit, same size, same modification time
    pdf.write_bytes(bytes(data))
    os.utime(pdf, ns=(info.st_atime_ns, info.st_mtime_ns))
    rebuilt = run()
    assert "unchanged" not in rebuilt.stdout and rebuilt.returncode == 0
    assert hashed(run()) and not hashed(run())
    assert hashed(run(SOURCE_DATE_EPOCH="86400"))  # another environment: not this stamp
