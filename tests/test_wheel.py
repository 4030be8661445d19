"""The layouts/ folder must ship inside the wheel: build it, install it elsewhere, build a PDF."""

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from .conftest import DATA, ROOT, pdf_pages

NAMES = ("academic", "classic", "engineering", "harvard", "modern", "resume")


def test_wheel_carries_layouts_and_builds_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = dist.glob("cvbuilder-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {
        "cvbuilder/layouts/academic.py",
        "cvbuilder/layouts/resume.py",
        "cvbuilder/layouts/__init__.py",
        "cvbuilder/starter.yaml",
    } <= set(names)
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    declared = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[cvbuilder.layouts]\nacademic = cvbuilder.layouts.academic\n" in declared

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(
        subprocess.check_output(
            [
                str(venv / "bin" / "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            text=True,
        ).strip()
    )
    # Dependencies come from the test environment; cvbuilder itself only from the wheel.
    deps = Path(sysconfig.get_paths()["purelib"])
    (site / "deps.pth").write_text(str(deps) + "\n")
    zipfile.ZipFile(wheel).extractall(site)

    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "me.yaml").write_text((DATA / "full.yaml").read_text())
    code = (
        "import sys, cvbuilder, cvbuilder.cli.commands as c; print(cvbuilder.__file__, file=sys.stderr); "
        "from importlib.metadata import entry_points as e; from cvbuilder import registry as r; "
        "print(sorted((p.name, p.value) for p in e(group='cvbuilder.layouts')), "
        "[r.get(n).__file__ for n in r.names()], file=sys.stderr); "
        "sys.argv = ['cvbuilder', 'build', 'me.yaml', '--out', 'out']; c.main()"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-I", "-c", code],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(str(site)), "cvbuilder was not imported from the wheel"
    layouts = [str(site / "cvbuilder" / "layouts" / f"{n}.py") for n in NAMES]
    assert result.stderr.splitlines()[1] == str(
        [(n, f"cvbuilder.layouts.{n}") for n in NAMES]
    ) + " " + str(layouts), "the wheel's entry points name its own layouts"
    assert pdf_pages(work / "out" / "cv.pdf") == 2
    assert pdf_pages(work / "out" / "resume.pdf") == 1
