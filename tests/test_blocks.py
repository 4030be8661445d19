"""Escaping and building blocks, checked by compiling real LaTeX and reading the PDF back."""

from pathlib import Path

import pytest

from cvbuilder.render.latex import blocks as b
from cvbuilder.schema.model import Person
from cvbuilder.tex.compile import run_tex

from .conftest import flat, pdf_text

NASTY = [
    r"\ { } $ & # ^ _ % ~",
    r"\end{document} \input{/etc/passwd} \write18{rm -rf /}",
    "^^5c and a trailing backslash \\",
    "quotes ' \" `` '' ,, << >> -- --- <> |",
    "unbalanced { braces } } {",
    "Ünïcödé – “quoted” ‘single’ …",
]


def compile_body(tmp_path: Path, body: str) -> str:
    doc = b.document(Person(name="Test Person"), kind="Test", font_size=11, margins=2)
    b.add(doc, body)
    pdf, _ = run_tex(doc.dumps(), "t", tmp_path)
    return pdf_text(pdf)


def test_every_special_character_prints_literally(tmp_path):
    body = r"\par ".join(b.esc(f"Start {s} end") for s in NASTY)
    text = compile_body(tmp_path, body)
    for s in NASTY:
        assert flat(f"Start {s} end".replace("…", "...")) in flat(text), s
    assert "root:" not in text


def test_markup_bold_italic_links_and_the_rest_escaped():
    assert b.markup("a **b** *c*") == r"a \textbf{b} \emph{c}"
    assert b.markup("[x](https://a.org/p_1%20#f)") == r"\href{https://a.org/p_1\%20\#f}{x}"
    assert b.markup("[x](javascript:alert(1))") == "{[}x{]}(javascript:alert(1))"
    assert b.markup(r"100% \textbf{no}") == r"100\% \textbackslash{}textbf\{no\}"


def test_links_keep_percent_hash_tilde_and_underscore(tmp_path):
    from pypdf import PdfReader

    url = "https://example.org/~user/a_b%20c?q=1&r=2#frag"
    body = b.href(url, "link") + r" \textbf{" + b.href(url, "inside") + "}"
    doc = b.document(Person(name="T"), kind="Test", font_size=11, margins=2)
    b.add(doc, body)
    pdf, _ = run_tex(doc.dumps(), "t", tmp_path)
    uris = [
        a.get_object()["/A"]["/URI"]
        for page in PdfReader(pdf).pages
        for a in page.get("/Annots", [])
    ]
    assert uris == [url, url]


def test_only_safe_schemes_are_clickable():
    assert b.href("javascript:alert(1)", "x") == "x"
    assert b.href("file:///etc/passwd", "x") == "x"
    assert b.href("doi:10.1/2", "x") == r"\href{https://doi.org/10.1/2}{x}"


@pytest.mark.parametrize(
    ("years", "text"),
    [
        ([2022, 2023, 2024, 2025], "2022–2025"),
        ([2023, 2025], "2023, 2025"),
        ([2022, 2023], "2022, 2023"),
        ([2025, 2021, 2022, 2023], "2021–2023, 2025"),
        ([], ""),
    ],
)
def test_years_compact(years, text):
    assert b.years_compact(years) == text


def test_ligatures_extract_as_letters(tmp_path):
    text = compile_body(tmp_path, b.esc("office affluent fluffy find"))
    assert "office affluent fluffy find" in text
    assert not any("\ufb00" <= ch <= "\ufb06" for ch in text)


def test_unicode_scripts_become_real_superscripts_and_subscripts(tmp_path):
    """The BibTeX reader writes `N$_2$H$^+$` as "N₂H⁺": printed raised and lowered, extracted
    as plain characters, and never as a literal ^ or _."""
    tex = b.esc("N₂H⁺ at 10 km s⁻¹ in Al₂O₃, AC⁰")
    assert r"N\textsubscript{2}H\textsuperscript{+}" in tex
    assert r"s\textsuperscript{\textminus{}1}" in tex
    text = flat(compile_body(tmp_path, tex))
    assert "N2H+ at 10 km s−1 in Al2O3, AC0" in text
    assert "^" not in text and "_" not in text


def test_mailto_and_raw_percent_are_encoded():
    assert b.href("mailto:a#b?c%d@x.org", "l") == r"\href{mailto:a\%23b\%3Fc\%25d@x.org}{l}"
    assert b.encode_url("https://x.org/a%zz%20b#f") == "https://x.org/a%25zz%20b#f"
