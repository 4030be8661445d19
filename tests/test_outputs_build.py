"""``build --format`` and a variant's ``formats``: every output written after every document is
made, unchanged ones left alone, the cache aware of them, and ``watch`` rebuilding them all."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

from click.testing import CliRunner

from cvbuilder.cli.commands import main
from tests.conftest import DATA, ROOT
from tests.test_watch import lines_of, wait_for

PROFILE = "person: {name: Ada Lovelace}\nsummary: Notes on the Analytical Engine.\n"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_md_only_writes_no_pdf_and_answers_from_the_cache_when_unchanged(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    out = tmp_path / "out"
    first = run("build", str(profile), "--format", "md", "-o", str(out))
    assert f"{out}/cv.md  academic  written" in first
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == ["cv.md", "resume.md"]
    assert "Notes on the Analytical Engine." in (out / "cv.md").read_text("utf-8")
    again = run("build", str(profile), "--format", "md", "-o", str(out))
    assert f"{out}/cv.md  academic  unchanged" in again
    (out / "resume.md").unlink()  # a lost output is made again
    third = run("build", str(profile), "--format", "md", "-o", str(out))
    assert f"{out}/resume.md  resume  written" in third and (out / "resume.md").is_file()


def test_an_output_path_taken_by_a_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    out = tmp_path / "out"
    (out / "resume.md").mkdir(parents=True)
    result = CliRunner().invoke(main, ["build", str(profile), "--format", "md", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "resume.md" in result.output and "Traceback" not in result.output
    assert not (out / "cv.md").exists()  # nothing half-done


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--format", "pdf,xls"])
    assert result.exit_code == 2
    assert "xls: choose from pdf, md, html, txt, docx" in result.output


def test_a_variants_formats_and_a_bad_one_in_the_profile(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(PROFILE + "variants:\n  site: {layout: academic, formats: [md, rtf]}\n")
    result = CliRunner().invoke(main, ["validate", str(profile)])
    assert result.exit_code == 2
    assert "variants.site.formats[1]" in result.output


def test_watch_rebuilds_every_requested_format(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text((DATA / "full.yaml").read_text())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cvbuilder.cli", "watch", "profile.yaml", "-v", "cv",
         "--format", "pdf,md"],
        cwd=tmp_path, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    sink: queue.Queue = queue.Queue()  # type: ignore[type-arg]
    threading.Thread(target=lines_of, args=(proc.stdout, sink), daemon=True).start()
    try:
        wait_for(sink, "watching")
        assert (tmp_path / "build" / "cv.md").is_file() and (
            tmp_path / "build" / "cv.pdf"
        ).is_file()
        profile.write_text(profile.read_text().replace("Physics for Beginners", "Physics Revised"))
        wait_for(sink, "build/cv.md")
        assert "Physics Revised" in (tmp_path / "build" / "cv.md").read_text("utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_profiles_theme_reaches_word_and_html_as_it_reaches_the_pdf(tmp_path: Path) -> None:
    import io

    from docx import Document
    from docx.shared import Inches

    from cvbuilder.load.profile import load
    from cvbuilder.outputs import render
    from cvbuilder.select.variants import resolve

    path = tmp_path / "profile.yaml"
    path.write_text(PROFILE + "theme: {paper: letter, margins: 1.2}\n", encoding="utf-8")
    profile = load(path)
    cv = resolve(profile)["cv"]
    word = Document(io.BytesIO(render(profile, cv, "docx")))
    assert word.sections[0].page_width == Inches(8.5)
    assert "@page { size: letter; margin: 1.2cm; }" in render(profile, cv, "html").decode()


def test_all_four_formats_of_every_variant_of_the_repository_profile(tmp_path: Path) -> None:
    """The issue's check: `build --format md,html,txt,docx` writes all four for cv, resume and
    homepage (and cv-zh), and the cv and homepage files hold every publication title."""
    import html
    import re

    from docx import Document

    from cvbuilder.load.profile import load

    out = tmp_path / "out"
    run("build", str(ROOT / "profile.yaml"), "--format", "md,html,txt,docx", "-o", str(out))
    names = {p.name for p in out.iterdir() if p.is_file()}
    for variant in ("cv", "resume", "homepage", "cv-zh"):
        assert {f"{variant}.{ext}" for ext in ("md", "html", "txt", "docx")} <= names
    assert not any(name.endswith(".pdf") for name in names)

    def words(text: str) -> str:
        return " ".join(text.split())

    def readable(path: Path) -> str:
        if path.suffix == ".docx":
            return words("\n".join(p.text for p in Document(str(path)).paragraphs))
        text = path.read_text("utf-8")
        if path.suffix == ".html":
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        if path.suffix == ".md":
            text = re.sub(r"\\(.)", r"\1", text.replace("**", "").replace("*", ""))
        return words(text)

    titles = [words(p.title) for p in load(ROOT / "profile.yaml").publications]
    for variant in ("cv", "homepage"):
        for ext in ("md", "html", "txt", "docx"):
            text = readable(out / f"{variant}.{ext}")
            missing = [t for t in titles if t not in text]
            assert missing == [], (variant, ext, missing)
