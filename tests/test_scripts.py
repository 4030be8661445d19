"""Every script from one profile: pdfLaTeX when its fonts can set the text, XeLaTeX (chosen
automatically, said in the status line) when not; the text layer gives the characters back."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cvbuilder.pipeline import run
from cvbuilder.problems import BuildError, ProfileError
from cvbuilder.request import BuildRequest, Report
from cvbuilder.tex import engines

from .conftest import ROOT, flat, pdf_text

# (name, a title, the engine that must be chosen)
SCRIPTS = {
    "latin": ("Zoë Ångström-Łukasiewicz", "Études: Müller, Dvořák, Ærøskøbing, œuvre, Straße",
              "pdflatex"),
    "greek": ("Αλέξανδρος Παπαδόπουλος", "Ομοσπονδιακή μάθηση σε δίκτυα", "xelatex"),
    "cyrillic": ("Иван Петров", "Федеративное обучение на краю сети", "xelatex"),
    "zh-Hans": ("张伟", "联邦学习中的通信压缩", "xelatex"),
    "zh-Hant": ("陳大文", "聯邦學習與邊緣運算", "xelatex"),
    "ja": ("山田太郎", "分散深層学習のための通信圧縮", "xelatex"),
    "ko": ("김민준", "연합 학습의 통신 효율", "xelatex"),
}  # fmt: skip
LIGATURES = {chr(cp) for cp in range(0xFB00, 0xFB07)}


def build(tmp_path: Path, data: dict, **request: object) -> tuple[Report, Path]:
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = Report()
    run(BuildRequest(path, out=tmp_path / "out", **request), report)  # type: ignore[arg-type]
    return report, tmp_path / "out"


def profile(name: str, title: str, **person: str) -> dict:
    return {
        "person": {"name": name, **person},
        "education": [{"degree": "PhD", "institution": title, "start": "2020-09",
                       "end": "present"}],
        "publications": [{"title": title, "venue": "Official fine office coffee",
                          "authors": [name, "B. Author"], "year": 2024, "type": "conference",
                          "selected": True}],
    }  # fmt: skip


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_script_builds_and_reads_back(tmp_path: Path, script: str) -> None:
    name, title, engine = SCRIPTS[script]
    report, _out = build(tmp_path, profile(name, title))
    for doc in report.documents:
        assert ("XeLaTeX" in doc.state) == (engine == "xelatex"), doc.state
        # NFC: pdfLaTeX builds ř from r and a caron, which extracts decomposed (canonically
        # equal); XeLaTeX's Charter has the composed letter.
        text = unicodedata.normalize("NFC", pdf_text(doc.pdf))
        assert flat(text).startswith(flat(name)), text[:80]  # the name is the first text
        assert flat(title) in flat(text)
        assert not LIGATURES & set(text), "ligature code points in the text layer"
        assert "fine office" in flat(text)
    assert not report.warnings, report.warnings


def test_an_english_cv_with_the_name_in_chinese_beside_it(tmp_path: Path) -> None:
    report, _out = build(tmp_path, profile("Wei Zhang", "Communication", name_native="张伟"))
    cv = next(d for d in report.documents if d.name == "cv")
    assert "XeLaTeX for '张'" in cv.state
    first = pdf_text(cv.pdf).splitlines()[0]
    assert flat(first) == "Wei Zhang 张伟"


def test_xelatex_keeps_the_latin_look(tmp_path: Path) -> None:
    """The repository's CV under both engines: the same font (Charter) and the words of the
    first page in the same places (within a point; only the fi ligature is not used)."""
    data = yaml.safe_load((ROOT / "profile.yaml").read_text("utf-8"))
    words = {}
    for engine in ("pdflatex", "xelatex"):
        data["variants"] = {"cv": {"engine": engine}}
        folder = tmp_path / engine
        folder.mkdir()
        _report, out = build(folder, data, variants=("cv",))
        fonts = subprocess.run(["pdffonts", str(out / "cv.pdf")], capture_output=True, text=True)
        assert "Charter" in fonts.stdout, fonts.stdout
        bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(out / "cv.pdf"),
                               "-"], capture_output=True, text=True).stdout  # fmt: skip
        words[engine] = [
            (w.split(">", 1)[1].split("<")[0], float(w.split('xMin="')[1].split('"')[0]),
             float(w.split('yMin="')[1].split('"')[0]))
            for w in bbox.split("<word ")[1:60]
        ]  # fmt: skip
    for (a, ax, ay), (b, bx, by) in zip(words["pdflatex"], words["xelatex"], strict=True):
        assert a == b
        assert abs(ax - bx) < 3 and abs(ay - by) < 1.5, (a, ax, bx, ay, by)


def test_a_variant_that_forces_pdflatex_on_chinese_names_the_field(tmp_path: Path) -> None:
    data = profile("张伟", "Communication")
    data["variants"] = {"cv": {"engine": "pdflatex"}}
    with pytest.raises(ProfileError) as info:
        build(tmp_path, data, variants=("cv",))
    message = str(info.value)
    assert "person.name" in message and "U+5F20" in message and "pdfLaTeX" in message


def test_a_character_no_font_has_is_reported_not_a_blank(tmp_path: Path) -> None:
    """XeLaTeX drops a glyph its font lacks without an error: the log's 'Missing character'
    becomes a warning naming the field."""
    data = profile("Wei Zhang", "Communication")
    data["locale"] = {"date": {"present": "now \U0001f642"}}
    report, _out = build(tmp_path, data, variants=("cv",))
    assert any("U+1F642" in w and "locale" in w for w, _ in report.warnings), report.warnings


def test_a_missing_xelatex_says_what_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(
        engines, "missing", lambda e: f"{e.label} needs xelatex; install with:\n  {e.install}"
    )
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "cv.pdf").write_bytes(b"%PDF-1.5 previous")
    with pytest.raises(BuildError) as info:
        build(tmp_path, profile("张伟", "Communication"), variants=("cv",))
    assert "apt-get install --no-install-recommends texlive-xetex" in str(info.value)
    assert (tmp_path / "out" / "cv.pdf").read_bytes() == b"%PDF-1.5 previous"


def test_a_font_xelatex_lacks_falls_back_to_charter_and_says_so(tmp_path: Path) -> None:
    data = profile("张伟", "Communication")
    data["variants"] = {"m": {"layout": "modern"}}  # Helvetica by default: pdfLaTeX only
    report, out = build(tmp_path, data, variants=("m",))
    assert any("helvetica is not available under XeLaTeX" in w for w, _ in report.warnings)
    assert flat(pdf_text(out / "m.pdf")).startswith("张伟")


@pytest.mark.parametrize("engine", [engines.PDFLATEX, engines.XELATEX], ids=lambda e: e.name)
def test_every_math_symbol_reads_back_as_itself_under_the_engine_that_sets_it(
    tmp_path: Path, engine: engines.Engine
) -> None:
    """Each symbol of charset.MATH between letters, one per line: pdfLaTeX's must extract as
    themselves (those that cannot are in MATH_NOT_TEXT and go to XeLaTeX), and under XeLaTeX
    every one does, MATH_NOT_TEXT included (set as text in DejaVu Sans or Serif)."""
    import re

    from cvbuilder.render.latex.escape import esc
    from cvbuilder.schema.charset import MATH, MATH_NOT_TEXT
    from cvbuilder.tex.compile import run_tex

    chars = [chr(cp) for cp in MATH if engine is engines.XELATEX or chr(cp) not in MATH_NOT_TEXT]
    with engines.using(engine):
        body = "\n".join(f"BEGIN{ord(c):04X} {esc('a' + c + 'b')} END\\par" for c in chars)
    preamble = (r"\usepackage[T1]{fontenc}\usepackage[utf8]{inputenc}\usepackage{charter}"
                r"\input{glyphtounicode}\pdfgentounicode=1"
                if engine is engines.PDFLATEX else engine.fonts)  # fmt: skip
    tex = (rf"\documentclass{{article}}{preamble}"
           rf"\begin{{document}}\raggedright {body}\end{{document}}")  # fmt: skip
    pdf, _log = run_tex(tex, "math", tmp_path, engine=engine)
    text = pdf_text(pdf, "")
    wrong = []
    for c in chars:
        found = re.search(rf"BEGIN{ord(c):04X} (.*?) END", text, re.S)
        got = unicodedata.normalize("NFKC", "".join(found.group(1).split())) if found else None
        if got != unicodedata.normalize("NFKC", f"a{c}b"):
            wrong.append((c, got))
    assert wrong == []


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_text_without_special_characters_is_its_own_latex(text):
    """The shortcut in escape._escape (plain ASCII returns as it is) changes no output."""
    from cvbuilder.render.latex.escape import _ESCAPE_RX, _escape, _replace

    assert _escape(text) == _ESCAPE_RX.sub(_replace, text)
