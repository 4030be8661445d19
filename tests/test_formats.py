"""The per-user store of precompiled formats: found from any output folder, kept small, and
safe when builds run at once or a format disappears."""

from __future__ import annotations

import os
import subprocess
import sys

from cvbuilder.build import build
from cvbuilder.load.profile import load
from cvbuilder.tex import formats
from cvbuilder.tex.compile import run_tex
from tests.conftest import DATA, ROOT, pdf_text


def test_a_new_output_folder_uses_the_format_another_build_made(tmp_path, monkeypatch):
    monkeypatch.delenv("CVBUILDER_FORMAT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    profile = load(DATA / "full.yaml")
    build(profile, ["cv"], tmp_path / "one")
    store = tmp_path / "xdg" / "cvbuilder" / "formats"
    made = sorted(store.glob("cvfmt-*.fmt"))
    assert len(made) == 1
    (second,) = build(profile, ["cv"], tmp_path / "two")
    assert f"preloaded format={made[0].stem}" in second.log
    assert sorted(store.glob("cvfmt-*.fmt")) == made  # nothing built again
    assert not (tmp_path / "two" / ".cvbuilder" / "formats").exists()


def test_an_unwritable_store_falls_back_to_the_output_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CVBUILDER_FORMAT_CACHE")
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert formats.user_cache() is None
    build(load(DATA / "full.yaml"), ["cv"], tmp_path / "out")
    assert list((tmp_path / "out" / ".cvbuilder" / "formats").glob("cvfmt-*.fmt"))


def test_the_least_recently_used_formats_go_first_and_nothing_else(tmp_path):
    for i in range(5):
        path = tmp_path / f"cvfmt-{i}.fmt"
        path.write_bytes(b"x" * 100)
        os.utime(path, (1000 + i, 1000 + i))
    (tmp_path / "notes.txt").write_bytes(b"y" * 1000)  # not ours: never touched
    formats.used(tmp_path / "cvfmt-0.fmt")  # just used: now the newest
    removed = formats.evict(tmp_path, keep=tmp_path / "cvfmt-1.fmt", limit=250)
    assert [p.name for p in removed] == ["cvfmt-2.fmt", "cvfmt-3.fmt", "cvfmt-4.fmt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cvfmt-0.fmt", "cvfmt-1.fmt",
                                                          "notes.txt"]  # fmt: skip


def test_a_format_removed_before_tex_starts_is_not_needed(tmp_path):
    tex = "\\documentclass{article}\\begin{document}Without it\\end{document}\n"
    pdf, log = run_tex(tex, "t", tmp_path, fmt=tmp_path / "cvfmt-gone.fmt")
    assert "Without it" in pdf_text(pdf) and "preloaded format=cvfmt" not in log


def test_concurrent_builds_into_new_folders_share_one_good_store(tmp_path):
    """Four builds at once, empty store: all succeed, and the store holds only whole formats
    that the next build loads."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    env.pop("CVBUILDER_FORMAT_CACHE", None)
    profile = tmp_path / "profile.yaml"
    profile.write_text((DATA / "full.yaml").read_text())
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cvbuilder.cli",
                "build",
                str(profile),
                "-v",
                "cv",
                "-o",
                str(tmp_path / f"out{i}"),
                "-q",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for i in range(4)
    ]
    for proc in procs:
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, out
    store = tmp_path / "xdg" / "cvbuilder" / "formats"
    assert [p.name for p in store.iterdir() if not p.name.startswith("cvfmt-")] == []
    (after,) = build(load(profile), ["cv"], tmp_path / "after")
    assert "preloaded format=cvfmt-" in after.log
