"""Every command over a corpus of broken and hostile inputs: never a traceback, and exit codes
only 0 (success), 1 (build failure) or 2 (usage or profile error).

The corpus holds one case per class of input that once broke cvbuilder (issue 10), plus
hypothesis-generated YAML, JSON and BibTeX. Commands run in-process through click's runner
(fast); a few run as real processes, where the console entry point or a signal matters.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvbuilder.cli.commands import main

from .conftest import DATA, ROOT

FULL = (DATA / "full.yaml").read_text("utf-8")
MINIMAL = "person:\n  name: Ada Lovelace\n"


def run(args: list[str], env: dict[str, str] | None = None, input: str | None = None):  # type: ignore[no-untyped-def]
    """Run a command in-process and check the promise: no traceback, exit 0, 1 or 2."""
    result = CliRunner().invoke(main, args, env=env, input=input, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"{args}: {type(result.exception).__name__}\n{trace}")
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output, (args, result.output)
    return result


# --- profiles: one per class ------------------------------------------------------------------
PROFILES: dict[str, str | bytes] = {
    "self-referential alias": "person: &p {name: X, self: *p}\n",
    "recursive list alias": "person: {name: X}\nnews: &n [*n]\n",
    "5000-digit integer": f"person:\n  name: X\n  phone: {'9' * 5000}\n",
    "5000-digit year": f"person: {{name: X}}\npublications:\n  - {{title: T, year: {'2' * 5000}}}\n",
    "float year": "person: {name: X}\npublications:\n  - {title: T, year: .nan}\n",
    "huge float": "person: {name: X}\nawards:\n  - {title: T, year: 1e999}\n",
    "duplicate key and more": "person:\n  name: X\n  name: Y\n  emial: a@b.c\neducation: 3\n",
    "tab": "person:\n\tname: X\n",
    "bom": "\ufeffperson:\n  name: X\n",
    "non-utf8": b"person:\n  name: \xff\xfe\n",
    "empty": "",
    "comments only": "# nothing\n",
    "top-level list": "- a\n- b\n",
    "scalar": "just text\n",
    "alias bomb": "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
    + "".join(
        f"{c}: &{c} [{','.join(['*' + p] * 10)}]\n"
        for p, c in zip("abcdefg", "bcdefgh", strict=True)
    )
    + "person: {name: X}\n",
    "unclosed bracket": "person:\n  name: X\nnews:\n  - [a, b\n  - c\n",
    "colon in value": "person:\n  name: X\n  position: Lead: ML systems\n",
    "authors as a string": "person: {name: X}\npublications:\n  - title: T\n    authors: E. Markovic, J. Doe\n",
    "phone as a number": "person:\n  name: X\n  phone: 12345\n",
    "year as text": "person: {name: X}\npublications:\n  - {title: T, year: '20x4'}\n",
    "enum typo": "person: {name: X}\npublications:\n  - {title: T, year: 2024, type: confrence}\n",
    "section typo": "person: {name: X}\nvariants:\n  cv: {sections: [educaton]}\n",
    "unknown layout": "person: {name: X}\nvariants:\n  cv: {layout: ../../etc}\n",
    "bad layout options": "person: {name: X}\nvariants:\n  cv: {options: {font_size: 99}}\n",
    "options not a mapping": "person: {name: X}\nvariants:\n  cv: {options: 3}\n",
    "keys that are not text": "person: {name: X}\n1: x\n[a]: b\n? {k: v}\n: c\nnull: d\n",
    "null lists": "person: {name: X}\npublications:\nnews: null\n",
    "control characters": 'person: {name: "X\\e[31m"}\n"\\e]0;pwned\\a": 1\n',
    "long title": f"person: {{name: X}}\npublications:\n  - {{title: '{'word ' * 50000}', year: 2020}}\n",
    "tex injection": "person:\n  name: '\\input{/etc/passwd} \\write18{touch /tmp/x} ^^5c'\n",
    "deep nesting": "person: {name: X}\nextra: " + "[" * 5000 + "]" * 5000 + "\n",
    "dates reversed": "person: {name: X}\neducation:\n  - {degree: D, institution: I, start: 2024, end: 2020}\n",
    # languages and locales
    "language mapping of lists": "person: {name: {en: [a], de: {x: 1}}}\n",
    "language mapping empty": "person: {name: {}}\n",
    "language mapping half tags": "person: {name: {en: A, 'not a tag': B}}\n",
    "language mapping only others": "person: {name: {de: A, fr: B}}\n",
    "language mapping numbers": "person: {name: {en: 5, de: null}}\n",
    "locale not a mapping": "person: {name: X}\nlocale: 5\n",
    "locale hostile values": "person: {name: X}\nlocale: {date: {present: [1], page: '{0}{'}, months: x}}\n",
    "locale tex injection": "person: {name: X}\nlocale: {date: {present: '\\input{/etc/passwd}'}}\n",
    "locale emoji": "person: {name: X}\nlocale: {sections: {summary: '\U0001f600'}}\nsummary: s\n",
    "variant bad language": "person: {name: X}\nvariants: {cv: {language: '../../etc'}}\n",
    "variant bad engine": "person: {name: X}\nvariants: {cv: {engine: lualatex}}\n",
    "default language bad": "person: {name: X}\ndefault_language: [en]\n",
    "only emoji name": "person: {name: '\U0001f4e7\U0001f4a1'}\n",
    "forced pdflatex on chinese": "person: {name: 张伟}\nvariants: {resume: {engine: pdflatex}}\n",
}


def _special_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    sock = tmp_path / "sock.yaml"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(40 * 1024 * 1024)
    return {"fifo": fifo, "socket": sock, "folder": tmp_path, "zero": Path("/dev/zero"),
            "urandom": Path("/dev/urandom"), "big": big, "missing": tmp_path / "nope.yaml"}  # fmt: skip


@pytest.mark.parametrize("case", sorted(PROFILES))
def test_broken_profiles_never_crash_any_command(case, tmp_path):
    profile = tmp_path / "profile.yaml"
    data = PROFILES[case]
    profile.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    out = tmp_path / "out"
    for args in (
        ["validate", str(profile)],
        ["export", "bibtex", str(profile), "-o", str(tmp_path / "x.bib")],
        ["export", "jsonresume", str(profile)],
    ):
        run(args)
    result = run(["build", str(profile), "--out", str(out), "-v", "resume"])
    if result.exit_code == 2:
        assert result.output.strip().endswith(("problem found.", "problems found."))
        assert not out.exists() or not any(out.glob("*.pdf"))  # a bad profile writes nothing


def test_profiles_bibliographies_and_photos_that_are_not_regular_files(tmp_path):
    specials = _special_files(tmp_path)
    for name, path in specials.items():
        result = run(["validate", str(path)])
        assert result.exit_code == 2, (name, result.output)
        for field in ("bibliography: [{}]", "person: {{name: X, photo: {}}}"):
            profile = tmp_path / "p.yaml"
            body = field.format(json.dumps(str(path)))
            profile.write_text(
                body + "\n" if field.startswith("person") else f"person: {{name: X}}\n{body}\n"
            )
            result = run(["validate", str(profile)])
            assert result.exit_code == 2, (name, field, result.output)
            assert len(result.output.strip().splitlines()) == 2, result.output  # one problem


# --- command lines and environment ------------------------------------------------------------
@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(FULL, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "extra",
    [
        ["--set", "layout=../../x"],
        ["--set", "sections=[nosuch]"],
        ["--set", "options=3"],
        ["--set", "=x"],
        ["--set", "max_items.awards=x", "--set", "a.b.c=1", "--set", "tags=5"],
        ["--set", "options.font_size=1e999"],
        ["--variant", "nosuch"],
        ["--max-pages", "0"],
        ["--out", "/dev/null"],
        ["--out", "/proc/no-such-folder/out"],
    ],
)
def test_bad_command_lines_are_exit_2(extra, profile, tmp_path):
    out = ["--out", str(tmp_path / "o")] if "--out" not in extra else []
    result = run(["build", str(profile), *out, *extra])
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize(
    "env",
    [
        {"SOURCE_DATE_EPOCH": "abc"},
        {"SOURCE_DATE_EPOCH": "99999999999999"},
        {"SOURCE_DATE_EPOCH": "-5"},
        {"CVBUILDER_JOBS": "abc"},
        {"CVBUILDER_JOBS": "0"},
        {"CVBUILDER_TEX_TIMEOUT": "abc"},
        {"CVBUILDER_TEX_TIMEOUT": "nan"},
    ],
)
def test_bad_environment_is_exit_2_naming_the_variable(env, profile, tmp_path):
    result = run(["build", str(profile), "--out", str(tmp_path / "o")], env=env)
    assert result.exit_code == 2 and next(iter(env)) in result.output


@pytest.mark.parametrize("target", ["/", ".", "{tmp}", "{tmp}/missing/x.out", "{sock}"])
def test_outputs_that_cannot_be_files_are_refused(target, profile, tmp_path):
    sock = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))
    path = target.format(tmp=tmp_path, sock=sock)
    before = sorted(os.listdir(tmp_path))
    for args in (
        ["export", "bibtex", str(profile), "-o", path],
        ["export", "jsonresume", str(profile), "-o", path],
        [
            "import",
            "bibtex",
            str(DATA.parent.parent / "tests" / "data" / "minimal.yaml"),
            "-o",
            path,
        ],
        ["init", path, "--force"],
    ):
        assert run(args).exit_code == 2, args
    assert sorted(os.listdir(tmp_path)) == before  # nothing written, no .tmp left


def test_tags_that_match_nothing_warn(profile, tmp_path):
    result = run(
        ["build", str(profile), "--out", str(tmp_path / "o"), "--tags", "nosuchtag", "-v", "cv"]
    )
    assert "tag 'nosuchtag' matches nothing" in result.output


def test_watch_usage_errors_exit_2_instead_of_watching(profile, tmp_path):
    cli = [sys.executable, "-m", "cvbuilder.cli", "watch"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["/nonexistent/p.yaml"], [str(profile), "--variant", "nosuch"]):
        done = subprocess.run([*cli, *args, "--out", str(tmp_path / "o")], capture_output=True,
                              text=True, timeout=60, env=env)  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr


# --- JSON Resume and BibTeX inputs ------------------------------------------------------------
JSON_CASES: dict[str, str | bytes] = {
    "cjk-only name": '{"basics": {"name": "山田 太郎"}}',
    "basics as a list": '{"basics": ["a"]}',
    "basics as a string": '{"basics": "me"}',
    "profiles as strings": '{"basics": {"name": "A B", "profiles": ["x", "y"]}}',
    "numbers for strings": '{"basics": {"name": 5, "email": 7}, "work": [{"name": 1, "startDate": 2020}]}',
    "deep nesting": "[" * 100000 + "]" * 100000,
    "bom": "\ufeff" + '{"basics": {"name": "A B"}}',
    "not json": "{basics: ",
    "a list": "[1, 2]",
    "null": "null",
    "invalid utf-8": b'{"basics": {"name": "\xff"}}',
}


@pytest.mark.parametrize("case", sorted(JSON_CASES))
def test_json_resume_inputs_never_crash(case, tmp_path):
    path = tmp_path / "resume.json"
    data = JSON_CASES[case]
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    result = run(["import", "jsonresume", str(path), "-o", str(tmp_path / "out.yaml")])
    if case == "bom":
        assert result.exit_code == 0, result.output


BIB_CASES = {
    "crossref to itself": "@inproceedings{a, title={T}, author={A B}, year=2020, crossref={a}}",
    "crossref cycle": "@inproceedings{a, title={T}, author={A B}, year=2020, crossref={b}}\n"
    "@inproceedings{b, title={U}, author={A B}, year=2020, crossref={a}}",
    "string doubling": '@string{a0 = "xxxxxxxxxx"}\n'
    + "".join(f"@string{{a{i + 1} = a{i} # a{i}}}\n" for i in range(40))
    + "@article{k, title = a40, author={A B}, year=2020, journal={J}}",
    "5000-digit year": f"@article{{k, title={{T}}, author={{A B}}, year={'1' * 5000}, journal={{J}}}}",
    "deep braces": "@article{k, title={" + "{" * 10000 + "}" * 10000 + "}, year=2020}",
    "garbage": "@@@{{{,,,}}}%%%\x00\x01",
}


@pytest.mark.parametrize("case", sorted(BIB_CASES))
def test_bibtex_inputs_never_crash(case, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB_CASES[case], encoding="utf-8")
    run(["import", "bibtex", str(bib), "-o", str(tmp_path / "out.yaml")])
    profile = tmp_path / "profile.yaml"
    profile.write_text("person: {name: A B}\nbibliography: [refs.bib]\n")
    run(["validate", str(profile)])


# --- generated inputs -------------------------------------------------------------------------
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))  # fmt: skip
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                    st.dates().map(str))  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
keys = st.sampled_from(["person", "publications", "education", "experience", "awards", "news",
                        "service", "teaching", "skills", "variants", "bibliography", "updated",
                        "summary", "extra_sections", "interests", "name", "title"])  # fmt: skip


@SETTINGS
@given(st.dictionaries(keys, values, max_size=5))
def test_generated_profiles(tmp_path_factory, document):
    folder = tmp_path_factory.mktemp("gen")
    profile = folder / "profile.yaml"
    profile.write_text(yaml.safe_dump(document, allow_unicode=True))
    run(["validate", str(profile)])
    run(["export", "jsonresume", str(profile)])


@SETTINGS
@given(st.data())
def test_mutated_real_profiles(tmp_path_factory, data):
    lines = FULL.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        how = data.draw(st.sampled_from(["cut", "dup", "edit", "indent"]))
        if how == "cut":
            del lines[i]
        elif how == "dup":
            lines.insert(i, lines[i])
        elif how == "indent":
            lines[i] = data.draw(st.sampled_from([" ", "\t", "- ", "", "  "])) + lines[i].lstrip()
        else:
            pos = data.draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + data.draw(st.text(max_size=5)) + lines[i][pos:]
    folder = tmp_path_factory.mktemp("mut")
    profile = folder / "profile.yaml"
    profile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run(["validate", str(profile)])
    run(["export", "bibtex", str(profile)])


@SETTINGS
@given(values)
def test_generated_json_resume(tmp_path_factory, document):
    folder = tmp_path_factory.mktemp("json")
    path = folder / "r.json"
    path.write_text(json.dumps({"basics": document, "work": [document]}))
    run(["import", "jsonresume", str(path)])
    path.write_text(json.dumps(document))
    run(["import", "jsonresume", str(path)])


BIB_PIECES = [*'@{}"=#,%\\ \nabkt0123', "title", "author", "crossref", "@string", "@article",
              "year", " and ", "$^*$"]  # fmt: skip


@SETTINGS
@given(st.lists(st.sampled_from(BIB_PIECES), max_size=80).map("".join))
def test_generated_bibtex(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("bib")
    bib = folder / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    run(["import", "bibtex", str(bib)])
