"""Publishing a build: only what this build made is trusted, published or removed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvbuilder import build as build_module
from cvbuilder.cache import fresh, previous_document, request_key
from cvbuilder.cli.commands import main
from cvbuilder.load.profile import load
from cvbuilder.tex import publish as publish_module

from .conftest import DATA, ROOT, pdf_text


def test_the_cache_never_answers_with_a_pdf_another_build_wrote(tmp_path, monkeypatch):
    """A concurrent build replaces cv.pdf between this build's publish and its record: the
    record must hold the hash of what *this* build made, so the next build compiles again."""
    out = tmp_path / "out"
    real_publish = publish_module.publish_all

    def publish_then_other_build_writes(results, out_dir):  # type: ignore[no-untyped-def]
        real_publish(results, out_dir)
        (out_dir / "cv.pdf").write_bytes(b"%PDF-1.5 another profile's CV")

    monkeypatch.setattr(publish_module, "publish_all", publish_then_other_build_writes)
    key = request_key(DATA / "full.yaml", {"x": 1})
    build_module.build(load(DATA / "full.yaml"), ["cv"], out, key)
    assert fresh(out, key) is None
    state = json.loads((out / ".cvbuilder" / "state.json").read_text())
    assert previous_document(out, "cv", state["documents"]["cv"]["source"]) is None


def test_a_build_killed_between_two_renames_is_reported_by_the_next(tmp_path, monkeypatch):
    profile = tmp_path / "me.yaml"
    profile.write_text((DATA / "full.yaml").read_text())
    out = tmp_path / "build"
    assert CliRunner().invoke(main, ["build", str(profile), "--out", str(out)]).exit_code == 0
    old_resume = (out / "resume.pdf").read_bytes()
    profile.write_text(
        profile.read_text().replace("name: Émilie du Châtelet", "name: Émilie Changed")
    )
    real_place = publish_module.place

    def die_before_the_second_pdf(source: Path, target: Path) -> None:
        if target.name == "resume.pdf":
            raise KeyboardInterrupt  # stands for kill -9: nothing after this line runs
        real_place(source, target)

    monkeypatch.setattr(publish_module, "place", die_before_the_second_pdf)
    with pytest.raises(KeyboardInterrupt):
        build_module.build(load(profile), ["cv", "resume"], out)
    monkeypatch.setattr(publish_module, "place", real_place)
    assert "Émilie Changed" in pdf_text(out / "cv.pdf")
    assert (out / "resume.pdf").read_bytes() == old_resume
    journal = out / ".cvbuilder" / "publishing.json"
    state = json.loads(journal.read_text())
    state["owner"] = "999999999 1"  # the killed process
    journal.write_text(json.dumps(state))
    result = CliRunner().invoke(main, ["build", str(profile), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "stopped while replacing its PDFs: cv.pdf replaced, resume.pdf not" in result.output
    assert not journal.exists()
    assert "Émilie Changed" in pdf_text(out / "resume.pdf")


def test_an_output_name_taken_by_a_folder_is_refused_before_anything_is_compiled(tmp_path):
    out = tmp_path / "build"
    (out / "resume.pdf").mkdir(parents=True)
    result = CliRunner().invoke(main, ["build", str(DATA / "minimal.yaml"), "--out", str(out)])
    assert result.exit_code == 2
    assert "resume.pdf: is a folder; give a file name to write" in result.output
    assert not (out / "cv.pdf").exists()  # all or nothing
    assert "Traceback" not in result.output


def test_tex_dies_with_a_killed_cvbuilder():
    """The guard prefix (parent-death signal, CPU limit) on a stand-in for pdfLaTeX."""
    code = (
        "import subprocess, sys, time\n"
        "from cvbuilder.tex.compile import _guard\n"
        "p = subprocess.Popen([*_guard(), 'sleep', '300'])\n"
        "print(p.pid, flush=True)\n"
        "time.sleep(300)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    child = int(parent.stdout.readline())
    time.sleep(0.5)  # let the guard set the signal up (a few ms after the child starts)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        state = (
            Path(f"/proc/{child}/stat").read_text().split(")")[-1].split()[0]
            if Path(f"/proc/{child}").exists()
            else "gone"
        )
        if state in ("Z", "X", "gone"):
            break
        time.sleep(0.05)
    assert state in ("Z", "X", "gone"), "the child outlived the killed build"


def test_png_pages_replace_only_what_cvbuilder_wrote(tmp_path):
    out = tmp_path / "build"
    out.mkdir()
    (out / "cv-7.png").write_bytes(b"the user's own picture")
    args = ["build", str(DATA / "full.yaml"), "-v", "cv", "--out", str(out), "--png"]
    assert CliRunner().invoke(main, args).exit_code == 0
    pages = sorted(p.name for p in out.glob("cv-*.png"))
    assert pages == ["cv-1.png", "cv-2.png", "cv-7.png"]
    (out / ".cvbuilder" / "pngs.json").write_text(
        json.dumps({"cv": {"cv-5.png": "0" * 64, "cv-9.png": _sha(b"old page")}})
    )
    (out / "cv-9.png").write_bytes(b"old page")  # written by cvbuilder, now stale
    (out / "cv-5.png").write_bytes(b"edited by the user")  # recorded, but changed since
    assert CliRunner().invoke(main, args).exit_code == 0
    assert sorted(p.name for p in out.glob("cv-*.png")) == [
        "cv-1.png", "cv-2.png", "cv-5.png", "cv-7.png",
    ]  # fmt: skip
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_png_into_a_read_only_folder_is_one_clean_message(tmp_path):
    out = tmp_path / "build"
    args = ["build", str(DATA / "minimal.yaml"), "-v", "cv", "--out", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    (out / "cv-1.png").mkdir()  # a name the PNG needs is taken by a folder
    result = CliRunner().invoke(main, [*args, "--png"])
    assert result.exit_code == 2 and "cv-1.png: is a folder" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
