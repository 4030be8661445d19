"""Finding layouts: cvbuilder's own folder, and other distributions through the entry-point
group ``cvbuilder.layouts`` (a throwaway distribution: a ``*.dist-info`` folder with
``entry_points.txt`` and a package beside it, on ``sys.path``, which is what
``importlib.metadata`` reads for any installed distribution)."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cvbuilder import registry
from cvbuilder.build import build
from cvbuilder.layout import LayoutError
from cvbuilder.load.profile import load
from cvbuilder.problems import ProfileError

from .conftest import DATA, ROOT, flat, pdf_pages, pdf_text, source_copy

RESUME = (ROOT / "layouts" / "resume.py").read_text(encoding="utf-8")
MARK = "Typeset by a third-party layout."


def third_party_source() -> str:
    """``layouts/resume.py`` copied unchanged into another package, plus a visible line."""
    return (
        RESUME.replace('"""One-page résumé', '"""Third-party one-page résumé', 1)
        + "\n\nfrom pylatex import NoEscape as _NoEscape\n\n_build = build\n\n\n"
        "def build(profile, options):\n"
        "    doc = _build(profile, options)\n"
        f"    doc.append(_NoEscape({MARK!r}))\n"
        "    return doc\n"
    )


def install(site: Path, dist: str, entries: dict[str, str], modules: dict[str, str]) -> None:
    """A distribution as an installer leaves it: its modules and its ``.dist-info``."""
    info = site / f"{dist}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    lines = "".join(f"{name} = {value}\n" for name, value in entries.items())
    (info / "entry_points.txt").write_text(f"[cvbuilder.layouts]\n{lines}")
    for module, text in modules.items():
        path = site.joinpath(*module.split(".")).with_suffix(".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        for folder in path.relative_to(site).parents:
            if folder != Path("."):
                (site / folder / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A folder on ``sys.path`` to install throwaway distributions into."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    registry.refresh()
    before = set(sys.modules)
    yield folder
    for name in set(sys.modules) - before:
        if name.split(".")[0] in {p.name for p in folder.iterdir()}:
            del sys.modules[name]
    registry.refresh()


@pytest.fixture
def third_party(site):
    install(site, "mylayouts", {"thirdparty": "mylayouts.resume_copy"},
            {"mylayouts.resume_copy": third_party_source()})  # fmt: skip
    registry.refresh()
    return site


def test_a_third_party_layout_builds_a_pdf(third_party, tmp_path):
    assert registry.names() == [
        "academic",
        "classic",
        "engineering",
        "harvard",
        "modern",
        "resume",
        "thirdparty",
    ]
    text = (DATA / "full.yaml").read_text(encoding="utf-8")
    assert "\nvariants:" not in text
    profile = tmp_path / "profile.yaml"
    profile.write_text(text + "\nvariants:\n  mine:\n    layout: thirdparty\n    max_pages: 1\n")
    (result,) = build(load(profile), ["mine"], tmp_path / "out")
    assert result.layout == "thirdparty" and pdf_pages(tmp_path / "out" / "mine.pdf") == 1
    assert MARK in flat(pdf_text(tmp_path / "out" / "mine.pdf"))
    module = registry.get("thirdparty")
    assert module.__name__ == "mylayouts.resume_copy" and module.__file__.startswith(
        str(third_party)
    )


def test_listing_reads_entry_points_without_importing_layouts(third_party):
    code = (
        "import sys; from cvbuilder import registry; d = registry.describe(); "
        "print(d['thirdparty']); print(sorted(d)); "
        "print([m for m in ('pylatex', 'pydantic', 'mylayouts') if m in sys.modules])"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(third_party), str(ROOT)])}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.splitlines()  # fmt: skip
    assert out == [
        "Third-party one-page résumé for job applications: contacts, summary, experience, "
        "selected work.",
        "['academic', 'classic', 'engineering', 'harvard', 'modern', 'resume', 'thirdparty']",
        "[]",
    ]


def test_a_file_added_to_the_layouts_folder_is_a_layout_without_declaring_it(tmp_path):
    src = source_copy(tmp_path / "src")
    (src / "layouts" / "compact.py").write_text(
        RESUME.replace('"""One-page résumé', '"""Compact résumé', 1), encoding="utf-8"
    )
    code = (
        "from cvbuilder import registry; print(registry.describe()['compact']); "
        "m = registry.get('compact'); print(m.__name__, m.__file__)"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Compact résumé for job applications: contacts, summary, experience, selected work.",
        f"cvbuilder.layouts.compact {src / 'layouts' / 'compact.py'}",
    ]


def test_the_declared_entry_points_are_the_files_of_the_layouts_folder():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]
    files = {p.stem for p in (ROOT / "layouts").glob("*.py") if not p.name.startswith("_")}
    assert declared["cvbuilder.layouts"] == {n: f"cvbuilder.layouts.{n}" for n in sorted(files)}
    for name, found in registry.sources().items():  # declared and scanned: one source each
        assert [s.module for s in found] == [f"cvbuilder.layouts.{name}"]


def test_two_distributions_offering_one_name_is_a_one_line_error(site):
    install(site, "rival", {"resume": "rival.resume"}, {"rival.resume": RESUME})
    registry.refresh()
    assert registry.names() == ["academic", "classic", "engineering", "harvard", "modern", "resume"]
    with pytest.raises(LayoutError) as info:
        registry.get("resume")
    assert str(info.value) == (
        "layout 'resume' cannot be used: 2 modules offer it: cvbuilder.layouts.resume "
        "(layouts/resume.py) and rival.resume (entry point resume = rival.resume of rival 1.0); "
        "uninstall one or rename its entry point"
    )
    assert registry.describe()["resume"].startswith("(unusable: 2 modules offer it")
    registry.get("academic")  # the others stay usable


@pytest.mark.parametrize(
    ("entry", "modules", "message"),
    [
        ("gone.layout", {}, "cannot be imported: ModuleNotFoundError: No module named 'gone'"),
        ("broken.layout", {"broken.layout": "import nothing_here\n"},
         "cannot be imported: ModuleNotFoundError: No module named 'nothing_here'"),
        ("broken.layout", {"broken.layout": "def build(:\n"}, "cannot be imported: SyntaxError"),
        ("broken.layout:build", {"broken.layout": RESUME}, "must name a module, not an object"),
        ("broken.layout", {"broken.layout": '"""Half a layout."""\nTIGHTEST = {}\n'},
         "does not keep the layout contract: no Options"),
    ],
)  # fmt: skip
def test_an_unusable_entry_point_is_a_layout_error_naming_it(site, entry, modules, message):
    install(site, "broken", {"mine": entry}, modules)
    registry.refresh()
    with pytest.raises(LayoutError) as info:
        registry.get("mine")
    text = str(info.value)
    assert text.startswith("layout 'mine' ") and message in text and "\n" not in text, text
    assert entry in text or "broken.layout" in text
    with pytest.raises(KeyError):
        registry.get("nothing")


def test_a_profile_naming_a_broken_layout_reports_it_as_a_problem(site, tmp_path):
    install(site, "broken", {"mine": "broken.layout"},
            {"broken.layout": '"""Half a layout."""\n'})  # fmt: skip
    registry.refresh()
    profile = tmp_path / "profile.yaml"
    profile.write_text("person: {name: A}\nvariants:\n  x: {layout: mine}\n", encoding="utf-8")
    with pytest.raises(ProfileError) as info:  # a LayoutError, or a problem of the profile
        load(profile)
    assert "layout 'mine' (broken.layout) does not keep the layout contract" in str(info.value)
    assert len(str(info.value).splitlines()) == 1
