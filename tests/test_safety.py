"""Hostile and broken input: never a crash, never a leak, never lost data."""

import os
import re
import resource
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvbuilder.build import build
from cvbuilder.load.profile import load
from cvbuilder.problems import ProfileError
from cvbuilder.schema.charset import SUBSCRIPTS, SUPERSCRIPTS, typesettable
from cvbuilder.tex.compile import TexError, run_tex
from cvbuilder.tex.engines import PDFLATEX, XELATEX

from .conftest import DATA, ROOT, flat, pdf_pages, pdf_text

HOSTILE = [
    r"\input{/etc/passwd}",
    r"\write18{touch /tmp/cvbuilder-pwned}",
    r"\immediate\openout1=/tmp/cvbuilder-escaped \directlua{os.exit(1)}",
    "\\end{document} ^^5c trailing backslash \\",
    "{ unbalanced } } { $ & # ^ _ % ~ < > | -- ``quotes'' ,,",
]

# --- property tests: any text either prints exactly or is refused, naming field and character --

SPECIAL = st.sampled_from(list("\\{}$&#^_%~<>|\"'`-,.!?*[]()@:;/=+")) | st.sampled_from(
    ["--", "---", "``", "''", ",,", "<<", ">>", "^^", "\\\\", "\\end{document}", "  "]
)
ANY = st.characters(blacklist_categories=("Cs",))
PRINTABLE = ANY.filter(typesettable)
TEXT = st.lists(SPECIAL | ANY, min_size=1, max_size=25).map("".join).filter(lambda s: s.strip())
PRINTABLE_TEXT = (
    st.lists(SPECIAL | PRINTABLE, min_size=1, max_size=25).map("".join).filter(lambda s: s.strip())
)
FIELDS = ["name", "position", "degree", "institution", "title", "venue", "author", "award", "skill"]


def profile_yaml(values: dict[str, str]) -> str:
    data = {
        "person": {"name": values["name"], "position": values["position"]},
        "education": [{"degree": values["degree"], "institution": values["institution"], "start": 2020}],
        "publications": [
            {"title": values["title"], "venue": values["venue"], "authors": [values["author"]],
             "year": 2024, "type": "conference"}
        ],
        "awards": [{"year": 2023, "title": values["award"]}],
        "skills": [{"category": "Tools", "items": [values["skill"]]}],
    }  # fmt: skip
    return yaml.safe_dump(data, allow_unicode=True)


def printed(text: str) -> str:
    """What a text should read like in the PDF: NFC, stripped, with the documented mappings."""
    text = unicodedata.normalize("NFC", text).strip()
    text = text.replace("\xa0", " ").replace("\xad", "").replace("…", "...")
    scripts = {**SUPERSCRIPTS, **SUBSCRIPTS}  # set raised or lowered; extracted as the base
    return flat("".join(scripts.get(ch, ch) for ch in text))


@settings(max_examples=14, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.fixed_dictionaries({f: PRINTABLE_TEXT for f in FIELDS}))
def test_any_text_prints_literally_or_is_refused_by_name(tmp_path_factory, values):
    """At most 14 TeX compiles per run (derandomized: the same examples every run)."""
    folder = tmp_path_factory.mktemp("prop")
    path = folder / "profile.yaml"
    path.write_text(profile_yaml(values), encoding="utf-8")
    try:
        profile = load(path)
    except ProfileError as exc:
        if values["author"].strip(" *†‡") == "":  # only role markers: no name left
            assert "authors[0].name: is empty" in str(exc)
            return
        for problem in exc.problems:
            assert problem.line and problem.path, str(problem)
            assert re.search(r"U\+[0-9A-F]{4,}", problem.message), str(problem)
        bad = {
            ch
            for v in values.values()
            for ch in unicodedata.normalize("NFC", v)
            if not typesettable(ch) and ch != "\n"
        }
        assert bad, f"refused although every character is printable: {exc}"
        return
    build(profile, ["cv"], folder / "out")
    # NFC: pdfLaTeX sets letters its fonts lack as base + accent (Ā = A + ¯), which extract
    # decomposed, canonically equal to what was written
    text = flat(unicodedata.normalize("NFC", pdf_text(folder / "out" / "cv.pdf")))
    for field, value in values.items():
        if field == "author":
            continue  # author strings may carry role markers (* 📧 💡), checked elsewhere
        if set(value) & {*SUPERSCRIPTS, *SUBSCRIPTS}:  # raised text may extract with a space
            assert printed(value).replace(" ", "") in text.replace(" ", ""), (field, value)
        else:
            assert printed(value) in text, (field, value)


EXPECTED_PATH = {"name": "person.name", "position": "person.position",
                 "degree": "education[0].degree", "institution": "education[0].institution",
                 "title": "publications[0].title", "venue": "publications[0].venue",
                 "author": "publications[0].authors[0]", "award": "awards[0].title",
                 "skill": "skills[0].items[0]"}  # fmt: skip


@settings(max_examples=30, derandomize=True, deadline=None)
@given(TEXT, st.sampled_from(["\u0007", "\u001b", "\t"]), st.sampled_from(FIELDS))
def test_control_characters_are_refused_naming_field_and_character(
    tmp_path_factory, text, bad, field
):
    values = {f: "Plain text" for f in FIELDS}
    values[field] = "x" + text + bad + text + "x"
    path = tmp_path_factory.mktemp("refuse") / "profile.yaml"
    path.write_text(profile_yaml(values), encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load(path)
    messages = [str(p) for p in info.value.problems]
    assert any(f"U+{ord(bad):04X}" in m for m in messages), messages
    assert any(EXPECTED_PATH[field] in m for m in messages), messages


@settings(max_examples=30, derandomize=True, deadline=None)
@given(
    st.sampled_from(["📧", "\U0001f600", "\U0001f4a1", "\U000e0041"]),
    st.sampled_from([f for f in FIELDS if f != "author"]),  # in author names they are roles
)
def test_characters_no_font_has_are_left_out_naming_field_and_character(
    tmp_path_factory, bad, field
):
    """Emoji (the homepage's 📧 💡) and other characters no installed font has: left out
    with a warning that names the field, the line and the character; never a blank glyph."""
    values = {f: "Plain text" for f in FIELDS}
    values[field] = f"Some {bad}text"
    path = tmp_path_factory.mktemp("drop") / "profile.yaml"
    path.write_text(profile_yaml(values), encoding="utf-8")
    warnings: list = []
    profile = load(path, warnings)
    messages = [str(w) for w in warnings]
    assert any(f"U+{ord(bad):04X}" in m and EXPECTED_PATH[field] in m for m in messages), messages
    assert all(w.line for w in warnings)
    assert bad not in profile.model_dump_json()


def test_markup_fields_escape_everything_but_the_markup(tmp_path):
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump({
        "person": {"name": "A"},
        "summary": r"**bold** *it* [link](https://x.org/a_b%20c#d) 100% \textbf{raw} $x$ ^^5c",
    }))  # fmt: skip
    build(load(path), ["cv"], tmp_path / "out")
    text = flat(pdf_text(tmp_path / "out" / "cv.pdf"))
    assert r"bold it link 100% \textbf{raw} $x$ ^^5c" in text


def hostile_profile(folder: Path, **override: str):  # type: ignore[no-untyped-def]
    """(profile, values): every field of :data:`FIELDS` given a :data:`HOSTILE` string (or its
    ``override``), written to ``folder`` and loaded; for every output's hostile-text test."""
    values = {f: HOSTILE[i % len(HOSTILE)] for i, f in enumerate(FIELDS)}
    values.update(override)
    path = folder / "profile.yaml"
    path.write_text(profile_yaml(values), encoding="utf-8")
    return load(path), values


# --- TeX is sandboxed ---------------------------------------------------------------------


def test_hostile_strings_everywhere_print_as_text_and_do_nothing(tmp_path):
    Path("/tmp/cvbuilder-pwned").unlink(missing_ok=True)
    values = {f: HOSTILE[i % len(HOSTILE)] for i, f in enumerate(FIELDS)}
    path = tmp_path / "profile.yaml"
    path.write_text(profile_yaml(values), encoding="utf-8")
    build(load(path), ["cv", "resume"], tmp_path / "out")
    for pdf in ("cv.pdf", "resume.pdf"):
        text = flat(pdf_text(tmp_path / "out" / pdf))
        assert "root:" not in text
        for field, value in values.items():
            if field != "author" and (
                pdf == "cv.pdf" or field in ("name", "degree", "institution")
            ):
                assert printed(value) in text, (pdf, field)
    assert not Path("/tmp/cvbuilder-pwned").exists() and not Path("/tmp/cvbuilder-escaped").exists()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (r"\input{/etc/passwd}", "File `/etc/passwd.tex' not found"),
        (r"\input{../../../../../etc/passwd}", "not found"),
        (
            r"\immediate\openout5=/tmp/cvbuilder-escaped.txt\immediate\write5{x}",
            "I can't write on file",
        ),
        (r"\immediate\openout5=../escaped.tex\immediate\write5{x}", "I can't write on file"),
        (r"\directlua{os.execute('touch /tmp/cvbuilder-pwned')}", "Undefined control sequence"),
    ],
)
@pytest.mark.parametrize("engine", [PDFLATEX, XELATEX], ids=lambda e: e.name)
def test_tex_itself_cannot_read_write_or_run_outside_its_folder(tmp_path, body, error, engine):
    """Even LaTeX that escaped escaping could not reach the system: either engine refuses."""
    with pytest.raises(TexError) as info:
        run_tex(
            rf"\documentclass{{article}}\begin{{document}}{body}\end{{document}}",
            "t",
            tmp_path,
            engine=engine,
        )
    assert error in str(info.value)
    assert (
        not Path("/tmp/cvbuilder-escaped.txt").exists()
        and not (tmp_path.parent / "escaped.tex").exists()
    )


@pytest.mark.parametrize("engine", [PDFLATEX, XELATEX], ids=lambda e: e.name)
def test_shell_escape_is_off(tmp_path, engine):
    Path("/tmp/cvbuilder-pwned").unlink(missing_ok=True)
    run_tex(
        r"\documentclass{article}\begin{document}\immediate\write18{touch /tmp/cvbuilder-pwned}x\end{document}",
        "t",
        tmp_path,
        engine=engine,
    )
    assert not Path("/tmp/cvbuilder-pwned").exists()


def test_a_runaway_compile_is_killed_and_reported(tmp_path):
    started = time.monotonic()
    with pytest.raises(TexError) as info:
        run_tex(
            r"\documentclass{article}\begin{document}\def\x{\x}\x\end{document}",
            "t",
            tmp_path,
            timeout=2,
        )
    assert "TeX ran longer than 2 s and was stopped" in str(info.value)
    assert time.monotonic() - started < 10


def test_very_long_words_still_compile_and_wrap(tmp_path):
    word = "x" * 300
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump({"person": {"name": "A"}, "summary": word}))
    (result,) = build(load(path), ["cv"], tmp_path / "out")
    assert result.warnings == []  # no overfull box: the word wraps
    assert word in pdf_text(tmp_path / "out" / "cv.pdf").replace("\n", "")


# --- files, atomicity, concurrency ---------------------------------------------------------


def cli(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cvbuilder.cli", *args], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip


def test_output_folder_is_created_and_nothing_is_written_elsewhere(tmp_path):
    (tmp_path / "me.yaml").write_text((DATA / "full.yaml").read_text())
    proc = cli("build", "me.yaml", "--out", "deep/er/out", cwd=tmp_path)
    assert proc.wait() == 0, proc.stderr.read()
    files = sorted(
        str(p.relative_to(tmp_path))
        for p in tmp_path.rglob("*")
        if p.is_file() and ".cvbuilder" not in p.parts
    )
    private = tmp_path / "deep/er/out/.cvbuilder"
    assert sorted(p.name for p in private.iterdir()) == ["state.json", "work"]
    assert not any((private / "work").iterdir())  # every work folder went with its build
    assert files == [
        "deep/er/out/cv.log", "deep/er/out/cv.pdf", "deep/er/out/cv.tex",
        "deep/er/out/resume.log", "deep/er/out/resume.pdf", "deep/er/out/resume.tex", "me.yaml",
    ]  # fmt: skip


def test_two_builds_into_one_folder_at_once_both_finish_complete(tmp_path):
    (tmp_path / "me.yaml").write_text((DATA / "full.yaml").read_text())
    procs = [cli("build", "me.yaml", cwd=tmp_path) for _ in range(2)]
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert pdf_pages(tmp_path / "build" / "cv.pdf") == 2
    assert pdf_pages(tmp_path / "build" / "resume.pdf") == 1
    assert [p.name for p in (tmp_path / "build").iterdir() if p.name.startswith(".")] == [
        ".cvbuilder"
    ]


def test_a_killed_build_leaves_the_previous_pdf_and_its_leftovers_are_cleaned(tmp_path):
    (tmp_path / "me.yaml").write_text((DATA / "full.yaml").read_text())
    assert cli("build", "me.yaml", cwd=tmp_path).wait() == 0
    good = (tmp_path / "build" / "cv.pdf").read_bytes()
    # The user's own folders, named like the work folders of earlier versions: never touched.
    for name in (".backup-2023-01", ".cv-1-x", ".cv-999999-abc"):
        (tmp_path / "build" / name).mkdir()
        (tmp_path / "build" / name / "keep.txt").write_text("mine")
    profile = tmp_path / "me.yaml"  # a real change, so the next build really compiles
    profile.write_text(profile.read_text().replace("Physics for Beginners", "Physics Changed"))
    proc = cli("build", "me.yaml", cwd=tmp_path)
    work = tmp_path / "build" / ".cvbuilder" / "work"
    deadline = time.monotonic() + 30
    while not list(work.glob("cv.*")) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert list(work.glob("cv.*")), "the build never started compiling"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (tmp_path / "build" / "cv.pdf").read_bytes() == good
    assert list(work.glob("cv.*"))  # the killed build's leftovers …
    assert cli("build", "me.yaml", "-v", "cv", cwd=tmp_path).wait() == 0  # … go with the next
    assert not list(work.iterdir())
    hidden = sorted(p.name for p in (tmp_path / "build").iterdir() if p.name.startswith("."))
    assert hidden == [".backup-2023-01", ".cv-1-x", ".cv-999999-abc", ".cvbuilder"]
    assert all((tmp_path / "build" / n / "keep.txt").read_text() == "mine" for n in hidden[:3])
    assert "Physics Changed" in pdf_text(tmp_path / "build" / "cv.pdf")


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root reads every file; unreadable files need a normal user"
)
def test_unreadable_bibliography(tmp_path):
    (tmp_path / "a.bib").write_text("")
    (tmp_path / "a.bib").chmod(0)
    (tmp_path / "p.yaml").write_text("person: {name: A}\nbibliography: [a.bib]\n")
    with pytest.raises(ProfileError, match="permission denied"):
        load(tmp_path / "p.yaml")


# --- scale ---------------------------------------------------------------------------------


def test_five_thousand_publications_build_in_bounded_memory(tmp_path):
    pubs = [
        {"title": f"Paper {i} about a topic with a title of ordinary length", "year": 1990 + i % 35,
         "authors": ["A. Author", {"name": "Z. Tang", "owner": True}, "B. Other"],
         "venue": "Conference on Things", "type": ["conference", "journal", "preprint"][i % 3]}
        for i in range(5000)
    ]  # fmt: skip
    (tmp_path / "big.yaml").write_text(
        yaml.safe_dump({"person": {"name": "Z. Tang"}, "publications": pubs})
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = cli("build", "big.yaml", "-v", "cv", cwd=tmp_path)
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    peak_mib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    assert peak_mib < 600, f"peak RSS {peak_mib:.0f} MiB"
    assert pdf_pages(tmp_path / "build" / "cv.pdf") > 150
