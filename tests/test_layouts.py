"""Golden .tex per layout × profile (refresh with ``pytest --update-golden``) and the contract."""

import builtins
import datetime
import os
import sys
import time
import types
from pathlib import Path

import pytest

from cvbuilder import layout, registry
from cvbuilder.build import render, render_variant
from cvbuilder.layout import Layout, LayoutError, check
from cvbuilder.load.profile import load
from cvbuilder.render.latex import blocks
from cvbuilder.schema.model import SECTIONS, Variant
from cvbuilder.select.variants import apply, options_for, resolve

from .conftest import DATA, ROOT, SideEffect, forbid_side_effects

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


def pure_build(module, profile, options) -> str:
    """The layout's .tex, built twice with file I/O, processes, sockets and clocks forbidden
    (also where the layout's or cvbuilder's modules imported a clock by name)."""
    own = [m for name, m in sys.modules.items() if name.split(".")[0] == "cvbuilder"]
    with forbid_side_effects(module, *own):
        first = module.build(profile, options).dumps()
        second = module.build(profile, options).dumps()
    assert first == second, "the same input must give the same .tex"
    return first


def filtered_full(layout_name: str):
    profile = load(PROFILES["full"])
    variant = variant_for(profile, layout_name)
    options = options_for(profile, variant)
    return apply(profile, variant, options.sections), options


@pytest.mark.parametrize("layout", registry.names())
def test_layout_does_no_io_no_subprocess_no_clock(layout):
    module = registry.get(layout)
    profile, options = filtered_full(layout)
    assert r"\begin{document}" in pure_build(module, profile, options)


EFFECTS = {
    "open": "open(__file__).close()",
    "open, caught": "try:\n        open(__file__)\n    except Exception:\n        pass",
    "pathlib": "Path(__file__).read_text()",
    "exists": "Path(__file__).exists()",
    "os.open": "os.close(os.open(__file__, os.O_RDONLY))",
    "listdir": "os.listdir('.')",
    "subprocess": "subprocess.run(['true'])",
    "os.system": "os.system('true')",
    "socket": "socket.create_connection(('127.0.0.1', 9), timeout=0.1)",
    "time.time": "time.time()",
    "perf_counter": "time.perf_counter()",
    "localtime": "time.localtime()",
    "strftime": "time.strftime('%Y')",
    "datetime.now": "datetime.datetime.now()",
    "date.today": "datetime.date.today()",
    "from datetime import datetime": "from_datetime.today()",
    "from time import time": "from_time()",
}


def layout_doing(effect: str):
    """The résumé layout, copied, with ``effect`` run at the start of ``build``."""
    source = (ROOT / "layouts" / "resume.py").read_text(encoding="utf-8")
    source += (
        "\n\nimport datetime, os, socket, subprocess, time\n"
        "from datetime import datetime as from_datetime\n"
        "from pathlib import Path\n"
        "from time import time as from_time\n"
        "_pure_build = build\n\n\n"
        f"def build(profile, options):\n    {effect}\n    return _pure_build(profile, options)\n"
    )
    module = types.ModuleType("impure_layout")
    module.__file__ = str(ROOT / "layouts" / "resume.py")
    exec(compile(source, "impure_layout.py", "exec"), module.__dict__)
    return module


@pytest.mark.parametrize("effect", sorted(EFFECTS))
def test_the_purity_check_catches_io_processes_and_clocks(effect):
    module = layout_doing(EFFECTS[effect])
    profile, options = filtered_full("resume")
    assert pure_build(layout_doing("pass"), profile, options)  # the copy itself is pure
    before = (builtins.open, os.stat, time.time, datetime.datetime, module.from_time)
    with pytest.raises(SideEffect):
        pure_build(module, profile, options)
    assert (builtins.open, os.stat, time.time, datetime.datetime, module.from_time) == before


def test_every_layout_declares_its_contract():
    for name in registry.names():
        module = registry.get(name)  # checked against the contract on the way
        assert check(module, name) is module and isinstance(module, Layout)
        assert registry.describe()[name], f"{name} needs a one-line docstring"
        assert set(module.DEFAULT_SECTIONS) <= set(module.RENDER)


def layout_module(source: str, name: str = "bad_layout") -> types.ModuleType:
    module = types.ModuleType(name)
    exec(source, module.__dict__)
    return module


GOOD = (ROOT / "layouts" / "resume.py").read_text(encoding="utf-8")
BROKEN = {
    "no docstring": (GOOD.replace('"""One-page', "# One-page", 1), "no docstring"),
    "no Options": (GOOD + "\ndel Options\n", "no Options"),
    "Options of the wrong kind": (GOOD + "\nOptions = dict\n", "Options is <class 'dict'>"),
    "Options without defaults": (
        GOOD + "\nclass Options(Options):\n    width: int\n",
        "Options needs a default for every field (width)",
    ),
    "no build": (GOOD + "\ndel build\n", "no build(profile, options)"),
    "build with one argument": (
        GOOD + "\n_b = build\ndef build(profile):\n    return _b(profile, Options())\n",
        "build must take two arguments",
    ),
    "no DEFAULT_SECTIONS": (GOOD + "\ndel DEFAULT_SECTIONS\n", "no DEFAULT_SECTIONS"),
    "an unknown default section": (
        GOOD + "\nDEFAULT_SECTIONS = ('summary', 'hobbies')\n",
        "DEFAULT_SECTIONS names 'hobbies', which is no section",
    ),
    "DEFAULT_SECTIONS as a string": (
        GOOD + "\nDEFAULT_SECTIONS = 'summary'\n",
        "DEFAULT_SECTIONS is 'summary', not a tuple",
    ),
    "no TIGHTEST": (GOOD + "\ndel TIGHTEST\n", "no TIGHTEST"),
    "TIGHTEST below what Options allows": (
        GOOD + "\nTIGHTEST = {'font_size': 8}\n",
        "TIGHTEST['font_size'] = 8 is not an allowed value of font_size",
    ),
    "TIGHTEST naming no option": (
        GOOD + "\nTIGHTEST = {'leading': 0.9}\n",
        "TIGHTEST['leading']: Options has no option 'leading'",
    ),
    "TIGHTEST on a text option": (
        GOOD + "\nTIGHTEST = {'last_updated': 1}\n",
        "TIGHTEST['last_updated']: option 'last_updated' is not a number",
    ),
    "a section it cannot render": (
        GOOD + "\nRENDER = dict(RENDER)\ndel RENDER['teaching']\n",
        "build fails on an empty profile with every section: KeyError: 'teaching'",
    ),
    "build returning LaTeX text": (
        GOOD
        + "\n_b = build\ndef build(profile, options):\n    return _b(profile, options).dumps()\n",
        "build returns '\\\\documentclass",
    ),
    "a document without position reports": (
        GOOD
        + "\nfrom pylatex import Document as _D\ndef build(profile, options):\n    return _D()\n",
        "does not report positions for the page budget",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_contract_check_names_the_module_and_what_is_wrong(case):
    source, expected = BROKEN[case]
    module = layout_module(source)
    with pytest.raises(LayoutError) as info:
        check(module, "mine")
    message = str(info.value)
    assert message.startswith("layout 'mine' (bad_layout) does not keep the layout contract: ")
    assert expected in message and "\n" not in message, message


def test_the_contract_check_reports_every_problem_at_once():
    module = layout_module('"""Doc."""\nOptions = 1\n')
    with pytest.raises(LayoutError) as info:
        check(module)
    assert str(info.value) == (
        "layout bad_layout does not keep the layout contract: Options is 1, not a subclass of "
        "cvbuilder.layout.LayoutOptions; no build(profile, options); no DEFAULT_SECTIONS (the "
        "sections of a variant that names none); no TIGHTEST (how far the page budget may "
        "tighten options, e.g. {'spacing': 0.5})"
    )


def test_the_shared_renderers_cover_every_section_or_say_which():
    own = {s: (lambda p, o: "") for s in SECTIONS if s not in blocks.SHARED}
    assert set(layout.renderers(**own)) == set(SECTIONS)
    with pytest.raises(LayoutError, match="sections that do not exist: hobbies"):
        layout.renderers(**own, hobbies=lambda p, o: "")
    with pytest.raises(LayoutError, match="no renderer for the sections interests, news, "):
        layout.renderers()


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


def test_undated_awards_and_works_and_profiles_without_a_link_render(write_profile):
    """Real files have them: an award without a year, a work in preparation, a user name with
    no web address. Nothing prints "None", and the user name prints as text."""
    profile = load(write_profile(
        "person:\n  name: Ada Lovelace\n  profiles: [{network: Keybase, username: ada}]\n"
        "awards: [{title: Best Poster}]\n"
        "publications: [{title: Notes in Preparation, type: preprint},"
        " {title: Sketch of the Engine, type: journal, year: 1843}]\n"
        "variants: {cv: {options: {group_publications: year}}}\n"
    ))  # fmt: skip
    for variant in ("cv", "resume"):
        tex = render(profile, variant)
        assert "None" not in tex
        assert "Keybase: ada" in tex
    assert r"\cvsubsection{Forthcoming}" in render(profile, "cv")
