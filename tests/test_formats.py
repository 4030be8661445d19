"""The per-user store of precompiled formats: found from any output folder, kept small, and
safe when builds run at once or a format disappears."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cvbuilder.build import build
from cvbuilder.load.profile import load
from cvbuilder.tex import formats
from cvbuilder.tex.compile import run_tex
from tests.conftest import DATA, ROOT, made_formats, pdf_text


def test_a_new_output_folder_uses_the_format_another_build_made(tmp_path, monkeypatch):
    monkeypatch.delenv("CVBUILDER_FORMAT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    profile = load(DATA / "full.yaml")
    (first,) = build(profile, ["cv"], tmp_path / "one")
    assert "preloaded format=cvfmt" not in first.log  # it did not wait for the format
    store = tmp_path / "xdg" / "cvbuilder" / "formats"
    made = made_formats(store)
    assert len(made) == 1
    (second,) = build(profile, ["cv"], tmp_path / "two")
    assert f"preloaded format={made[0].stem}" in second.log
    assert sorted(store.glob("cvfmt-*.fmt")) == made  # nothing built again
    assert not (tmp_path / "two" / ".cvbuilder" / "formats").exists()
    assert second.pdf.read_bytes() == first.pdf.read_bytes()  # the format changes no byte


def test_an_unwritable_store_falls_back_to_the_output_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CVBUILDER_FORMAT_CACHE")
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert formats.user_cache() is None
    build(load(DATA / "full.yaml"), ["cv"], tmp_path / "out")
    assert made_formats(tmp_path / "out" / ".cvbuilder" / "formats")


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


def test_concurrent_builds_into_new_folders_share_one_good_store(tmp_path, monkeypatch):
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
    made_formats(store)  # the background work is over
    assert [p.name for p in store.iterdir() if not p.name.startswith("cvfmt-")
            and p.name not in ("pages.json", "work")] == []  # fmt: skip
    monkeypatch.setenv("CVBUILDER_FORMAT_CACHE", str(store))
    (after,) = build(load(profile), ["cv"], tmp_path / "after")
    assert "preloaded format=cvfmt-" in after.log


def test_every_layout_makes_the_same_pdf_with_and_without_its_format(tmp_path, monkeypatch):
    """A build never waits for a format: it compiles without one and the format is made
    afterwards. That is only right if both give the same bytes (engines.BEFORE_DUMP)."""
    from cvbuilder import registry
    from cvbuilder.render.variant import render_variant
    from cvbuilder.schema.model import Variant
    from cvbuilder.tex.compile import compile_to, format_for

    profile = load(DATA / "full.yaml")
    for name in registry.names():
        tex = render_variant(profile, Variant(layout=name))
        fmt = format_for(tex, tmp_path / "store")
        assert fmt is not None, name
        monkeypatch.setenv("CVBUILDER_FORMAT_CACHE", str(tmp_path / "store"))
        with_format = compile_to(tex, name, tmp_path / f"with-{name}")
        assert f"preloaded format={fmt.stem}" in with_format.log
        monkeypatch.setenv("CVBUILDER_NO_FORMAT", "1")
        without = compile_to(tex, name, tmp_path / f"without-{name}")
        monkeypatch.delenv("CVBUILDER_NO_FORMAT")
        assert "preloaded format=cvfmt" not in without.log
        assert with_format.pdf.read_bytes() == without.pdf.read_bytes(), name


@pytest.mark.parametrize("engine", ["pdflatex", "xelatex"])
def test_a_new_output_folder_sets_page_n_of_m_in_one_pass(tmp_path, monkeypatch, engine):
    """The page count of the user's last build of a document is the hint for a new folder:
    one TeX pass when it is right, two (LaTeX asks) when it is not, and the same PDF."""
    from cvbuilder.build import Job
    from cvbuilder.schema.model import Variant
    from cvbuilder.tex import compile as tex_compile

    monkeypatch.setenv("CVBUILDER_FORMAT_CACHE", str(tmp_path / "store"))
    passes: list[str] = []
    engine_run = tex_compile._engine
    monkeypatch.setattr(tex_compile, "_engine", lambda *a: passes.append(a[3]) or engine_run(*a))
    profile = load(DATA / "full.yaml")
    job = Job("cv", Variant(layout="academic", engine=engine))
    (first,) = build(profile, [job], tmp_path / "one")
    assert first.engine == engine
    assert "Page 1 of" in pdf_text(first.pdf) and passes == ["cv", "cv"]  # nothing known yet
    passes.clear()
    (second,) = build(profile, [job], tmp_path / "two")
    assert passes == ["cv"]
    assert second.pdf.read_bytes() == first.pdf.read_bytes()
    formats.remember_pages({"cv": first.pages + 1})  # a wrong hint costs the second pass
    passes.clear()
    (third,) = build(profile, [job], tmp_path / "three")
    assert passes == ["cv", "cv"] and third.pdf.read_bytes() == first.pdf.read_bytes()


def test_a_format_maker_killed_midway_leaves_no_broken_format(tmp_path, monkeypatch):
    """The background process that makes a format, killed at any moment, leaves either no
    format or a whole one (it is renamed into the store only when complete); the next build
    compiles without it and leaves another maker."""
    import signal
    import time

    from cvbuilder.render.variant import render_variant
    from cvbuilder.schema.model import Variant
    from cvbuilder.tex import later
    from cvbuilder.tex.compile import FormatWanted

    store = tmp_path / "store"
    store.mkdir()
    monkeypatch.setenv("CVBUILDER_FORMAT_CACHE", str(store))
    profile = load(DATA / "full.yaml")
    tex = render_variant(profile, Variant(layout="academic"))
    for delay in (0.05, 0.3, 0.6):
        (proc,) = later.start([FormatWanted(tex, store, "pdflatex")])
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)  # its pdfLaTeX dies with it (parent-death signal)
        proc.wait()
        for fmt in store.glob("cvfmt-*.fmt"):  # a whole format, or none
            work = tmp_path / f"check-{delay}"
            work.mkdir()
            _, log = run_tex(tex, "cv", work, fmt=fmt)
            assert f"preloaded format={fmt.stem}" in log
        for fmt in store.glob("cvfmt-*.fmt"):
            fmt.unlink()  # the next round starts from nothing again
    (result,) = build(profile, ["cv"], tmp_path / "out")
    assert "Page 1 of" in pdf_text(result.pdf)
    assert made_formats(store)  # the build left a maker that finished
