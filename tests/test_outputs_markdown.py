"""Markdown: the homepage's structure from the profile, rendered by a CommonMark parser as
exactly the profile's text (hostile or not), with the PDF's selection, order and numbering."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from cvbuilder.build import build
from cvbuilder.load.profile import load
from cvbuilder.outputs import build_page, render
from cvbuilder.outputs.markdown import escape
from cvbuilder.select.variants import resolve
from tests.conftest import ROOT, flat, pdf_text
from tests.test_safety import HOSTILE, profile_yaml

PROFILE = load(ROOT / "profile.yaml")
HOMEPAGE = ROOT.parent / "shared" / "homepage.txt"


def rendered(markdown: str) -> str:
    """The text a reader sees: CommonMark → HTML → text."""
    out = MarkdownIt("commonmark").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", " ", out))


def md(variant: str, profile=PROFILE) -> str:  # type: ignore[no-untyped-def]
    return render(profile, resolve(profile)[variant], "md").decode("utf-8")


@pytest.mark.parametrize("variant", ["cv", "homepage"])
def test_every_publication_title_reads_as_written(variant: str) -> None:
    text = flat(rendered(md(variant)))
    for pub in PROFILE.publications:
        assert flat(pub.title) in text, pub.title


def test_the_homepage_variant_has_the_homepages_sections_in_its_order() -> None:
    page = md("homepage")
    headings = re.findall(r"^## (.+)$", page, re.M)
    assert headings == ["Summary", "Research Interests", "News", "Education",
                        "Research and Work Experience", "Selected Publications",
                        "Professional Service", "Honors and Awards", "Teaching"]  # fmt: skip
    news = re.findall(r"^- \*\*(\w{3} \d{4})\*\*: ", page, re.M)
    assert len(news) == len(PROFILE.news) == 13 and news[0] == "Jan 2025"
    assert page.count("**Z. Tang**") >= len(PROFILE.publications)  # the owner in bold
    assert "*\\* equal contribution; † corresponding author" in page  # the legend


def test_the_seed_homepage_has_these_sections_in_this_order() -> None:
    if not HOMEPAGE.is_file():
        pytest.skip(f"the seed homepage is not at {HOMEPAGE} (only in the project's workspace)")
    seed = HOMEPAGE.read_text("utf-8")
    marks = ["News", "Educations", "Work & Research Experience", "Selected Publications",
             "Professional Activities", "Honors and Awards", "Teaching"]  # fmt: skip
    at = [seed.find(m) for m in marks]
    assert all(i >= 0 for i in at) and at == sorted(at)
    ours = [m.split()[-1] for m in re.findall(r"^## (.+)$", md("homepage"), re.M)][2:]
    assert ours == ["News", "Education", "Experience", "Publications", "Service", "Awards",
                    "Teaching"]  # fmt: skip


def test_cv_numbers_publications_as_the_pdf_does() -> None:
    page = md("cv")
    labels = re.findall(r"^- \\\[(\w+)\\\] ", page, re.M)
    assert labels[:2] == ["C14", "C13"] and len(labels) == len(PROFILE.publications)
    assert "### Conference Papers" in page


@pytest.mark.parametrize("value", [*HOSTILE, "<img src=x onerror=alert(1)>", "{{ site.x }} {% x %}",
                                   "*not* _em_ [a](https://x.org) `c` # h", "1. not a list",
                                   "- not an item", "&amp; &lt; \\* x"])  # fmt: skip
def test_hostile_text_renders_literally(tmp_path: Path, value: str) -> None:
    values = dict.fromkeys(["name", "position", "degree", "institution", "title", "venue",
                            "author", "award", "skill"], "x")  # fmt: skip
    values.update(title=value, name=value, award=value)
    path = tmp_path / "p.yaml"
    path.write_text(profile_yaml(values), encoding="utf-8")
    page = md("cv", load(path))
    out = MarkdownIt("commonmark").render(page)
    assert "<img" not in out and "<script" not in out
    assert "{{" not in page and "{%" not in page  # Liquid and Hugo see no template
    assert " ".join(value.split()) in flat(rendered(page))


def test_escape_keeps_ordinary_text_readable() -> None:
    assert escape("Z. Tang, Prof. Bo Li (HKUST)") == "Z. Tang, Prof. Bo Li (HKUST)"
    assert escape("C++ and C#") == "C++ and C\\#"


def test_front_matter_for_a_static_site() -> None:
    variant = resolve(PROFILE)["homepage"].model_copy(
        update={"front_matter": {"layout": "page", "permalink": "/cv/"}}
    )
    text = render(PROFILE, variant, "md").decode()
    assert text.startswith("---\n")
    head = yaml.safe_load(text.split("---\n")[1])
    assert head == {"layout": "page", "permalink": "/cv/", "title": "Zhenheng Tang"}
    assert not md("homepage").startswith("---")


def test_the_same_publications_in_the_same_order_as_the_pdf(tmp_path: Path) -> None:
    """What the PDF shows and what the Markdown shows come from one selection: the résumé's
    selected papers, in the same order."""
    (result,) = build(PROFILE, ["resume"], tmp_path)
    pdf = flat(pdf_text(result.pdf, ""))
    page = build_page(PROFILE, resolve(PROFILE)["resume"])
    (section,) = [s for s in page.sections if s.id == "publications"]
    titles = [flat("".join(r.text for r in e.title)).rstrip(".") for g in section.groups
              for e in g.entries]  # fmt: skip
    assert titles and all(t in pdf for t in titles)
    assert [pdf.find(t) for t in titles] == sorted(pdf.find(t) for t in titles)
    shown = [t for t in (flat(p.title) for p in PROFILE.publications) if t in pdf]
    assert sorted(shown) == sorted(titles)
