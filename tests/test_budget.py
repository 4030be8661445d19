"""The page budget: a résumé that must fit one page, whatever the profile holds."""

import re

import pytest

from cvbuilder.build import Job, build
from cvbuilder.load.profile import load
from cvbuilder.schema.model import Profile
from cvbuilder.select.budget import MAX_RUNS, drop_order, tightened
from cvbuilder.select.variants import resolve
from cvbuilder.tex.compile import TexError

from .conftest import DATA, ROOT, flat, pdf_pages, pdf_text


def inflated(factor: int = 3) -> Profile:
    """The project's profile with ``factor`` times as many publications (all selected)."""
    profile = load(ROOT / "profile.yaml")
    pubs = [
        p.model_copy(
            update={"id": f"{p.id}-{k}", "title": f"{p.title} (copy {k})", "selected": True}
        )
        for k in range(factor)
        for p in profile.publications
    ]
    return profile.model_copy(update={"publications": pubs})


@pytest.fixture(scope="module")
def inflated_resume(tmp_path_factory):
    """The inflated résumé built once, with the LaTeX of every TeX run the budget made."""
    from cvbuilder import build as build_module

    out = tmp_path_factory.mktemp("inflated")
    sources: list[str] = []
    compile_to = build_module.compile_to

    def recording(tex, *args, **kwargs):
        sources.append(tex)
        return compile_to(tex, *args, **kwargs)

    profile = inflated(3)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build_module, "compile_to", recording)  # observed, not changed
        (result,) = build(profile, ["resume"], out)
    return profile, result, out, sources


def test_inflated_resume_fits_one_page_and_says_what_it_left_out(inflated_resume):
    profile, result, tmp_path, _ = inflated_resume
    assert pdf_pages(tmp_path / "resume.pdf") == 1 == result.pages
    assert 3 <= result.runs <= 4  # default, tightest, then one or two runs after dropping
    assert result.omitted
    text = flat(pdf_text(tmp_path / "resume.pdf"))
    for item in result.omitted:
        _, _, rest = item.partition(": ")
        title = rest.rsplit(" (", 1)[0]
        assert flat(title) not in text, item
    kept = [p for p in profile.publications if flat(p.title) in text]
    assert kept, "something must be left on the page"
    # Oldest first inside each section, and the long tail of publications goes before the jobs.
    dropped = [p for p in profile.publications if flat(p.title) not in text]
    assert min(p.year for p in kept) >= max(p.year for p in dropped)
    assert all(flat(e.organization) in text for e in profile.experience[:3])


def test_priority_protects_entries(tmp_path):
    profile = inflated(3)
    oldest = min(profile.publications, key=lambda p: p.year)
    pubs = [
        p.model_copy(update={"priority": 5}) if p.id == oldest.id else p
        for p in profile.publications
    ]
    (result,) = build(profile.model_copy(update={"publications": pubs}), ["resume"], tmp_path)
    assert result.omitted and flat(oldest.title) in flat(pdf_text(tmp_path / "resume.pdf"))


def test_tightening_alone_is_enough_when_little_is_over(tmp_path):
    profile = load(ROOT / "profile.yaml")
    variant = resolve(profile)["resume"].model_copy(
        update={"selected_only": False, "max_items": {"publications": 12, "awards": 6}}
    )
    (result,) = build(profile, [Job("resume", variant)], tmp_path)
    assert result.pages == 1 and result.omitted == [] and 2 <= result.runs <= 3


def test_the_cv_is_never_trimmed(tmp_path):
    (result,) = build(inflated(3), ["cv"], tmp_path)
    assert result.pages > 5 and result.runs == 1 and result.omitted == []


def test_a_budget_that_cannot_hold_fails_loudly_and_keeps_the_old_pdf(tmp_path):
    profile = load(DATA / "full.yaml")
    long = profile.model_copy(update={"summary": "A very long summary. " * 600})
    build(profile, ["resume"], tmp_path)
    before = (tmp_path / "resume.pdf").read_bytes()
    with pytest.raises(TexError) as info:
        build(long, ["resume"], tmp_path)
    message = str(info.value)
    assert re.match(
        r"resume: does not fit 1 page: still \d pages after tightening the layout "
        r"and leaving out 5 of 5 entries that may be left out \(3 TeX runs\)",
        message,
    )
    assert (tmp_path / "resume.pdf").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".cvbuilder"]


def test_drop_order_is_priority_then_age():
    profile = load(DATA / "full.yaml")
    order = drop_order(profile)
    assert order[0] == ("publications", 1)  # the oldest paper: the longest tail goes first
    pubs = [i for s, i in order if s == "publications"]
    assert [profile.publications[i].year for i in pubs] == [1738, 1740, 1759]
    assert order.index(("experience", 1)) > order.index(("publications", 1))
    assert ("education", 0) not in order and all(s != "skills" for s, _ in order)


def settings(tex: str) -> tuple[int, float, float]:
    """(font size in pt, margin in cm, spacing) as the .tex sets them."""
    font = re.search(r"\\documentclass\[(\d+)pt", tex)
    margin = re.search(r"\\geometry\{margin=([\d.]+)cm", tex)
    spacing = re.search(r"\\setlength\{\\cvunit\}\{([\d.]+)ex\}", tex)
    assert font and margin and spacing, "the .tex no longer states its settings this way"
    return int(font[1]), float(margin[1]), float(spacing[1])


def test_tightening_stays_within_the_layout_bounds(inflated_resume):
    from cvbuilder import registry
    from cvbuilder.select.variants import options_for

    profile, result, out, sources = inflated_resume
    layout = registry.get("resume")
    bound = (layout.TIGHTEST["font_size"], layout.TIGHTEST["margin_cm"], layout.TIGHTEST["spacing"])
    options = options_for(profile, resolve(profile)["resume"])
    start = (options.font_size, options.margin_cm, options.spacing)
    used = [settings(tex) for tex in sources]
    assert len(used) == result.runs >= 3 and used[0] == start
    for run in used:  # every TeX run of the budget, not just the one published
        assert all(
            low <= value <= high for low, value, high in zip(bound, run, start, strict=True)
        ), run
        assert run[0] >= 10  # never a font below 10 pt
    assert bound in used  # it did tighten, as far as allowed and no further
    assert settings((out / "resume.tex").read_text()) in used
    for t in (-1.0, 0.0, 0.3, 1.0, 2.5):  # and the arithmetic, even asked for more
        tight = tightened(options, layout.TIGHTEST, t)
        value = (tight.font_size, tight.margin_cm, tight.spacing)
        assert all(low <= v <= high for low, v, high in zip(bound, value, start, strict=True))
    half = tightened(options, layout.TIGHTEST, 0.5)
    assert half.margin_cm == 1.25 and half.spacing == 0.7
    assert MAX_RUNS <= 6
