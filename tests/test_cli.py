"""The command line as a user meets it: exit codes, messages, no tracebacks."""

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from cvbuilder.cli.commands import main

from .conftest import DATA, pdf_pages, pdf_text

BROKEN = (
    "person:\n  name: Ada\n  emial: a@b.org\n"
    "education:\n  - degree: PhD\n    institution: X\n    start: 2024\n    end: 2020\n"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cvbuilder.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )


def test_validate_names_file_line_and_field_without_traceback(tmp_path):
    (tmp_path / "profile.yaml").write_text(BROKEN)
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "profile.yaml:3:3: person.emial: unknown field 'emial'; did you mean 'email'?",
        "profile.yaml:8:10: education[0].end: ends (2020) before it starts (2024)",
        "2 problems found.",
    ]
    assert "Traceback" not in result.stderr


def test_validate_ok():
    result = CliRunner().invoke(main, ["validate", str(DATA / "full.yaml")])
    assert result.exit_code == 0 and "OK (3 publications)" in result.output


def test_build_writes_pdf_and_tex_and_reports_pages(tmp_path):
    result = CliRunner().invoke(
        main,
        ["build", str(DATA / "full.yaml"), "--variant", "resume", "--out", str(tmp_path / "out")],
    )
    assert result.exit_code == 0, result.output
    assert "resume.pdf  resume  1 page  " in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".cvbuilder",
        "resume.log",
        "resume.pdf",
        "resume.tex",
    ]


def test_build_unknown_variant_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(
        main, ["build", str(DATA / "full.yaml"), "--variant", "poster", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "no variant named 'poster'; available: cv, resume" in result.output


def test_build_broken_profile_exits_2_and_writes_nothing(tmp_path):
    (tmp_path / "profile.yaml").write_text(BROKEN)
    result = run("build", cwd=tmp_path)
    assert result.returncode == 2 and "education[0].end" in result.stderr
    assert not (tmp_path / "build").exists()


def test_missing_tex_gets_the_install_command(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cvbuilder.cli",
            "build",
            str(DATA / "minimal.yaml"),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": "/nonexistent"},
    )
    assert result.returncode == 1
    assert "pdflatex was not found; install TeX Live with:" in result.stderr
    assert "apt-get install" in result.stderr and "Traceback" not in result.stderr


def test_layouts_lists_names_and_descriptions():
    result = CliRunner().invoke(main, ["layouts"])
    names = [line.split()[0] for line in result.output.splitlines()]
    assert result.exit_code == 0 and names == [
        "academic",
        "classic",
        "engineering",
        "harvard",
        "modern",
        "resume",
    ]


def test_init_writes_a_starter_that_builds(tmp_path, monkeypatch):
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["init"]).exit_code == 0
    again = runner.invoke(main, ["init"])
    assert again.exit_code == 1 and "already exists" in again.output
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert pdf_pages(tmp_path / "build" / "cv.pdf") == 1
    assert "Sketch of the Analytical Engine" in pdf_text(tmp_path / "build" / "resume.pdf")


def test_schema_is_json_schema_of_the_profile():
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert schema["title"] == "Profile" and "publications" in schema["properties"]
    assert schema["additionalProperties"] is False


def test_help_is_fast_to_import():
    code = (
        "import sys, cvbuilder.cli.commands; "
        "print(sorted(m for m in ('pylatex', 'pydantic', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_import_bibtex_writes_yaml_and_a_summary(tmp_path):
    bib = tmp_path / "in.bib"
    bib.write_text(
        "@article{a, title={One}, author={Tang, Zhenheng and Li, Bo}, journal={ICML}, year=2024}\n"
        "@article{b, author={Li, Bo}, year=2020}\n"
    )
    out = tmp_path / "pubs.yaml"
    result = run("import", "bibtex", str(bib), "--owner", "Zhenheng Tang", "-o", str(out))
    assert result.returncode == 2  # one entry could not be read, and that is said
    assert result.stderr.splitlines() == [
        f"error: {bib}:2:1: b: no title; entry skipped",
        f"{bib}: 2 entries read, 1 written to {out}, 1 with the owner marked, 1 could not be read",
    ]
    assert out.read_text().startswith(
        "publications:\n- id: a\n  title: One\n  authors:\n  - {name: Zhenheng Tang, owner: true}\n"
    )


def test_export_bibtex_round_trips_through_import(tmp_path):
    bib = tmp_path / "out.bib"
    result = run("export", "bibtex", str(DATA / "full.yaml"), "-o", str(bib))
    assert result.returncode == 0 and "wrote 3 entries" in result.stderr
    (tmp_path / "p.yaml").write_text(
        "person: {name: Émilie du Châtelet, name_variants: [É. du Châtelet]}\n"
        "bibliography: [out.bib]\n"
    )
    from cvbuilder.load.profile import load

    again = {p.id: p for p in load(tmp_path / "p.yaml").publications}
    original = {p.id: p for p in load(DATA / "full.yaml").publications}
    assert again == original


def test_build_tailored_by_tags_is_named_apart_and_lists_omissions(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(DATA / "full.yaml"),
            "--variant",
            "cv",
            "--tags",
            "fire,writing",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (out / "cv-fire-writing.pdf").exists() and not (out / "cv.pdf").exists()
    text = pdf_text(out / "cv-fire-writing.pdf")
    assert "Principes mathématiques" in text and "Institutions de Physique" not in text


def test_build_set_and_max_pages(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(DATA / "full.yaml"), "-v", "cv", "--max-pages", "1",
                                       "--set", "options.font_size=10", "--set", "max_items.news=1",
                                       "--set", "skills.title=Toolbox", "--set", "teaching.max_items=0",
                                       "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "cv.pdf  academic  1 page" in result.output
    assert pdf_pages(out / "cv.pdf") == 1
    tex = (out / "cv.tex").read_text()
    assert r"\documentclass[10pt" in tex and r"\cvsection{Toolbox}" in tex
    assert "Physics for Beginners" not in tex and "Paper accepted" in tex


def test_bad_set_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(DATA / "full.yaml"),
            "--set",
            "options.font_size=8",
            "--set",
            "nonsense",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2
    assert "--set: nonsense: expected KEY=VALUE" in result.output
    assert "command line: options.font_size: must be at least 10, not 8" in result.output


def test_png_quiet_verbose_and_grouped_warnings(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text((DATA / "full.yaml").read_text() + "bibliography: [dup.bib]\n")
    (tmp_path / "dup.bib").write_text(
        "@book{again, title={Institutions de Physique}, author={du Châtelet, Émilie},"
        " publisher={Chez Prault}, year=1740}\n"
    )
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["build", str(profile), "-v", "cv", "--png", "--verbose", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.png")) == ["cv-1.png", "cv-2.png"]
    lines = result.output.splitlines()
    status = next(i for i, line in enumerate(lines) if "cv.pdf  academic  2 pages" in line)
    warning = next(i for i, line in enumerate(lines) if line == "1 warning(s):")
    assert status < warning  # warnings come after the status lines, grouped
    assert "again: same title, year, type and venue as publications[0]" in lines[warning + 1]
    assert any("2 PNG page(s): cv-1.png, cv-2.png" in line for line in lines)  # --verbose
    quiet = runner.invoke(
        main, ["build", str(profile), "-v", "cv", "-q", "--out", str(tmp_path / "q")]
    )
    assert quiet.exit_code == 0 and quiet.output == ""


def test_colours_only_on_a_terminal(tmp_path):
    out = tmp_path / "out"
    plain = CliRunner().invoke(
        main, ["build", str(DATA / "minimal.yaml"), "-v", "cv", "--out", str(out)]
    )
    assert "\x1b[" not in plain.output
    coloured = CliRunner().invoke(
        main, ["build", str(DATA / "minimal.yaml"), "-v", "cv", "--out", str(out)], color=True
    )
    assert "\x1b[" in coloured.output
