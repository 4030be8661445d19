"""Golden .tex per layout × profile (refresh with ``pytest --update-golden``) and the contract."""

import builtins
import subprocess
import time
from pathlib import Path

import pytest

from cvbuilder import registry
from cvbuilder.build import render_variant
from cvbuilder.loader import load
from cvbuilder.model import Variant
from cvbuilder.variants import apply, options_for, resolve

from .conftest import DATA, ROOT

GOLDEN = Path(__file__).parent / "golden"
PROFILES = {
    "minimal": DATA / "minimal.yaml",
    "full": DATA / "full.yaml",
    "tang": ROOT / "profile.yaml",
}


def variant_for(profile, layout: str) -> Variant:
    """The default variant that uses ``layout`` (so résumé filters apply), else a plain one."""
    for variant in resolve(profile).values():
        if variant.layout == layout:
            return variant
    return Variant(layout=layout)


@pytest.mark.parametrize("layout", registry.names())
@pytest.mark.parametrize("name", sorted(PROFILES))
def test_golden_tex(layout, name, update_golden):
    profile = load(PROFILES[name])
    tex = render_variant(profile, variant_for(profile, layout))
    golden = GOLDEN / f"{layout}-{name}.tex"
    if update_golden or not golden.exists():
        golden.write_text(tex, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"{golden.name} did not exist and was written; check it in")
    assert tex == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; if the change is intended run pytest --update-golden"
    )


@pytest.mark.parametrize("layout", registry.names())
def test_layout_does_no_io_no_subprocess_no_clock(layout, monkeypatch):
    profile = load(PROFILES["full"])
    variant = variant_for(profile, layout)
    options = options_for(profile, variant)
    filtered = apply(profile, variant, options.sections)
    module = registry.get(layout)

    def forbidden(*args, **kwargs):
        raise AssertionError("a layout must not do I/O, start processes or read the clock")

    for target, attr in [(builtins, "open"), (subprocess, "Popen"), (time, "time")]:
        monkeypatch.setattr(target, attr, forbidden)
    first = module.build(filtered, options).dumps()
    second = module.build(filtered, options).dumps()
    monkeypatch.undo()
    assert first == second


def test_every_layout_declares_its_contract():
    for name in registry.names():
        module = registry.get(name)
        assert callable(module.build) and module.Options.model_fields["sections"]
        assert registry.describe()[name], f"{name} needs a one-line docstring"


def academic_tex(**options) -> str:
    profile = load(ROOT / "profile.yaml")
    return render_variant(profile, Variant(layout="academic", options=options))


def labels(tex: str) -> list[str]:
    import re

    return re.findall(r"\\item\[\{\[([A-Za-z]*\d+)\]\}\]", tex)


def test_publication_numbering_counts_down_per_type_by_default():
    found = labels(academic_tex())
    assert found[:2] == ["C14", "C13"] and found[-1] == "B1" and len(found) == 28
    assert (
        "28 publications: 14 conference papers, 1 journal article, 4 workshop papers, "
        "7 preprints, 2 blog posts." in academic_tex()
    )


def test_group_by_year_numbers_through_and_ascending_counts_up():
    tex = academic_tex(group_publications="year", numbering="ascending", publication_summary=False)
    assert labels(tex) == [str(i) for i in range(1, 29)]
    assert r"\cvsubsection{2025}" in tex and "28 publications:" not in tex
    assert labels(academic_tex(group_publications="year")) == [str(i) for i in range(28, 0, -1)]
    assert labels(academic_tex(numbering="none")) == []


def test_max_authors_keeps_the_owner():
    tex = academic_tex(max_authors=3)
    stbllm = next(x for x in tex.splitlines() if "STBLLM" in x)  # owner is the 7th of 11 authors
    assert stbllm.count(",") >= 3
    assert r"P.~Dong, L.~Li, \ldots, \textbf{Z.~Tang}, et al." in stbllm
