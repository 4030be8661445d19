"""Plain text: every line within 80 display columns (CJK counted double) unless it is one long
unbreakable token, no markup left, the PDF's sections, order, publications and labels, and
hostile text written as it is."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise
from pathlib import Path

import pytest

from cvbuilder.load.profile import load
from cvbuilder.outputs import build_page, render
from cvbuilder.outputs.model import Entry, Group, Page, Run, Section, plain
from cvbuilder.outputs.text import width, wrap, write
from cvbuilder.render.variant import render_job
from cvbuilder.select.variants import resolve
from tests.conftest import DATA, ROOT, flat
from tests.test_safety import hostile_profile

PROFILE = load(ROOT / "profile.yaml")
FULL = load(DATA / "full.yaml")
CASES = [(PROFILE, "cv"), (PROFILE, "resume"), (PROFILE, "cv-zh"), (FULL, "cv"), (FULL, "resume")]
IDS = ["cv", "resume", "cv-zh", "full-cv", "full-resume"]


def txt(variant: str, profile=PROFILE) -> str:  # type: ignore[no-untyped-def]
    return render(profile, resolve(profile)[variant], "txt").decode("utf-8")


def columns(line: str) -> int:
    """Display width, computed here independently of the writer: wide/full-width count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in line)


def too_wide(text: str) -> list[str]:
    """Lines over 80 columns that are not a single unbreakable token."""
    return [x for x in text.splitlines() if columns(x) > 80 and len(x.split()) != 1]


@pytest.mark.parametrize(("profile", "variant"), CASES, ids=IDS)
def test_lines_fit_80_columns_and_the_file_is_clean(profile, variant: str) -> None:  # type: ignore[no-untyped-def]
    text = txt(variant, profile)
    assert too_wide(text) == []
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\t" not in text and "\r" not in text
    assert [x for x in text.splitlines() if x != x.rstrip()] == []
    assert "\n\n\n" not in text


def test_the_chinese_variant_counts_wide_characters_twice() -> None:
    text = txt("cv-zh")
    assert "个人简介\n========\n" in text  # a rule as wide as the heading, 2 columns a character
    assert "发表论文" in text and too_wide(text) == []
    assert max(columns(x) for x in text.splitlines()) > 70  # lines do get filled
    assert width("中文ab") == 6 and width("e\u0301") == 1


@pytest.mark.parametrize("variant", ["cv", "resume"])
def test_every_publication_title_is_in_the_text(variant: str) -> None:
    text = flat(txt(variant))
    page = build_page(PROFILE, resolve(PROFILE)[variant])
    shown = [flat(plain(e.title)) for s in page.sections if s.id == "publications"
             for g in s.groups for e in g.entries]  # fmt: skip
    on_page = [p for p in PROFILE.publications if any(flat(p.title) in x for x in shown)]
    assert len(on_page) == len(shown) > 0
    if variant == "cv":
        assert on_page == PROFILE.publications
    for pub in on_page:
        assert flat(pub.title) in text, pub.title


@pytest.mark.parametrize(("profile", "variant"), CASES, ids=IDS)
def test_no_markup_is_left(profile, variant: str) -> None:  # type: ignore[no-untyped-def]
    text = txt(variant, profile)
    for mark in ("**", "](", "\\textbf", "\\emph", "\\item", "&amp;", "&nbsp;"):
        assert mark not in text, mark
    assert re.search(r"</?[A-Za-z][^>]*>", text) is None
    assert re.search(r"(^|\s)_\w|\w_(\s|$)", text) is None  # no _emphasis_


def test_full_profile_reads_plainly() -> None:
    text = txt("cv", FULL)
    lines = text.splitlines()
    assert lines[:2] == ["Émilie du Châtelet", "Natural Philosopher, Académie des Sciences"]
    assert {"Email: emilie@example.org", "Phone: +33 1 23 45 67 89", "example.org/~emilie",
            "GitHub: github.com/example"} <= set(lines)  # fmt: skip
    assert "Works on energy and physics; see the notes (https://example.org/notes_1#top)." in lines
    assert "      arXiv: https://arxiv.org/abs/1234.56789" in lines
    assert "      code: https://example.org/code?x=1&y=2" in lines
    assert "                     - Translated Principia into French" in lines  # a highlight
    assert "Sep 1730 – Jun 1735  PhD in Physics" in lines  # the date column
    assert lines[-1] == "Last updated Jun 2024"


@pytest.mark.parametrize("variant", ["cv", "resume", "cv-zh"])
def test_sections_come_in_the_pages_order(variant: str) -> None:
    text = txt(variant)
    lines = text.splitlines()
    headings = [a for a, b in pairwise(lines) if b and set(b) == {"="}]
    page = build_page(PROFILE, resolve(PROFILE)[variant])
    assert headings == [s.title.upper() for s in page.sections]
    assert len(headings) >= 5


@pytest.mark.parametrize("variant", ["cv", "cv-zh", "resume"])
def test_publication_labels_are_the_pdfs(variant: str) -> None:
    """The labels in the text are those of the LaTeX the PDF is made from, in its order."""
    ours = re.findall(r"^\[(\w+)\] +\S", txt(variant), re.M)
    tex = render_job(PROFILE, resolve(PROFILE)[variant], variant).tex
    assert ours == re.findall(r"\\item\[\{\[(\w+)\]\}\]", tex)
    if variant == "resume":  # one unnumbered list, as the résumé layout prints it
        assert ours == [] and "\n  Z. Tang, " in txt(variant)
    else:
        assert ours[:2] == ["C14", "C13"] and len(ours) == len(PROFILE.publications)


def test_long_urls_and_unspaced_cjk_wrap_without_breaking() -> None:
    url = "https://example.org/" + "a-b" * 40
    cjk = "这是一个没有空格的很长的中文句子，" * 8
    entry = Entry((Run(cjk),), "2024年1月", "", ((Run("see " + url),),), ((Run(cjk),),),
                  (("code", url),))  # fmt: skip
    page = Page("名字 Name", "zh-Hans", "简历", "academic",
                sections=(Section("x", "标题", ((Run(cjk),),), (Group(entries=(entry,)),)),))  # fmt: skip
    text = write(page, None).decode()
    lines = text.splitlines()
    assert too_wide(text) == []
    assert sum(url in x for x in lines) == 2  # never broken, once as a line, once as a link
    assert [x.strip() for x in lines if columns(x) > 80] == [url, url]
    assert not any(x.lstrip().startswith(("，", "。")) for x in lines)  # no line starts with ，
    assert flat(text).replace(" ", "").count(cjk.replace(" ", "")) == 3
    assert wrap("aaa bbb ccc", "", "  ", limit=7) == ["aaa bbb", "  ccc"]
    assert wrap("[C1] " + url, "", "     ")[1:] == ["     " + url]


def test_hostile_text_is_written_as_it_is(tmp_path: Path) -> None:
    profile, values = hostile_profile(
        tmp_path, award="<b>not bold</b> **nor this** [x](https://x.org)"
    )
    for variant in ("cv", "resume"):
        text = render(profile, resolve(profile)[variant], "txt").decode()
        assert too_wide(text) == [] and text.splitlines()[0] == values["name"]
        text = flat(text)
        for field, value in values.items():
            if variant == "cv" or field in ("name", "degree", "institution"):
                assert flat(value) in text, (variant, field)
