"""Every registered layout, built from the repository's profile and the fictional example, on
A4 and Letter: no overfull lines, the paper asked for, no page that ends with a heading, and a
résumé-kind layout on one page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from cvbuilder import registry
from cvbuilder.build import Job, build
from cvbuilder.load.profile import load
from cvbuilder.select.variants import resolve

from .conftest import ROOT, flat

PROFILES = {"tang": ROOT / "profile.yaml", "example": ROOT / "docs" / "example.yaml"}
PAPER = {"a4": (595, 842), "letter": (612, 792)}


def kind(layout: str) -> str:
    look = getattr(registry.get(layout), "LOOK", None)
    return "cv" if getattr(look, "kind", "") == "documents.cv" else "resume"


def headings(tex: str) -> set[str]:
    """The section and group headings of a document, as text (from its LaTeX)."""
    found = re.findall(r"\\cv(?:sub)?section\{((?:[^{}]|\{[^{}]*\})*)\}", tex)
    return {flat(re.sub(r"\\[a-zA-Z]+|[{}]", "", h)) for h in found}


@pytest.mark.parametrize("paper", sorted(PAPER))
@pytest.mark.parametrize("name", sorted(PROFILES))
@pytest.mark.parametrize("layout", registry.names())
def test_every_layout_builds_clean(layout: str, name: str, paper: str, tmp_path: Path) -> None:
    profile = load(PROFILES[name])
    which = kind(layout)
    base = resolve(profile)[which]
    options = {**base.options, "paper": paper}
    variant = base.model_copy(update={"layout": layout, "options": options})
    (result,) = build(profile, [Job(which, variant)], tmp_path)
    assert not [w for w in result.warnings if w.startswith("Overfull")], result.warnings
    pdf = tmp_path / f"{which}.pdf"
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == PAPER[paper]
    if which == "resume":
        assert len(reader.pages) == 1
    titles = headings((tmp_path / f"{which}.tex").read_text("utf-8"))
    for page in range(1, len(reader.pages) + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page),
                               str(pdf), "-"], capture_output=True, text=True).stdout  # fmt: skip
        lines = [flat(line) for line in text.splitlines() if line.strip()]
        body = [line for line in lines if "·" not in line and not line.isdigit()]  # no footer
        assert body and body[-1] not in titles, (page, body[-1])


@pytest.mark.parametrize("layout", [n for n in registry.names() if kind(n) == "resume"])
def test_a_one_page_layout_is_full_when_the_budget_left_entries_out(
    layout: str, tmp_path: Path
) -> None:
    """The repository's résumé with every paper and award offered: more than a page, so the
    budget leaves entries out, and then fills the page again to at least 85 %."""
    profile = load(PROFILES["tang"])
    base = resolve(profile)["resume"]
    variant = base.model_copy(
        update={"layout": layout, "selected_only": False, "max_items": {}, "options": {}}
    )
    (result,) = build(profile, [Job("resume", variant)], tmp_path)
    assert result.pages == 1 and result.omitted
    too_tall = any("did not fit" in item for item in result.omitted)
    assert result.fill is not None and (result.fill >= 0.85 or too_tall), result.fill
