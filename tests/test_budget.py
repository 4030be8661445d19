"""The page budget: a résumé that must fit one page, whatever the profile holds."""

import re
import subprocess
from pathlib import Path

import pytest

from cvbuilder.build import Job, build, tailor
from cvbuilder.load.profile import load
from cvbuilder.schema.model import Profile
from cvbuilder.select import budget
from cvbuilder.select.budget import MAX_RUNS, Measure, drop_order, tightened
from cvbuilder.select.ranking import FILL, Sizes, choose
from cvbuilder.select.variants import resolve
from cvbuilder.tex.compile import Compiled, TexError

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
    for papers in range(10, len(profile.publications) + 1):  # the first count a page cannot hold
        variant = resolve(profile)["resume"].model_copy(
            update={"selected_only": False, "max_items": {"publications": papers, "awards": 6}}
        )
        (result,) = build(profile, [Job("resume", variant)], tmp_path / str(papers))
        if result.runs > 1:
            break
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
    margin = next(k for k in layout.TIGHTEST if k.startswith("margin"))  # margins, margin_cm
    bound = (layout.TIGHTEST["font_size"], layout.TIGHTEST[margin], layout.TIGHTEST["spacing"])
    options = options_for(profile, resolve(profile)["resume"])
    start = (options.font_size, getattr(options, margin), options.spacing)
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
        value = (tight.font_size, getattr(tight, margin), tight.spacing)
        assert all(low <= v <= high for low, v, high in zip(bound, value, start, strict=True))
    half = tightened(options, layout.TIGHTEST, 0.5)
    assert getattr(half, margin) == 1.25 and half.spacing == 0.7
    assert MAX_RUNS <= 8


# --- filling the page again, and the rule of what goes first ---------------------------------


def inflated_all(factor: int = 3) -> Profile:
    """The project's profile with ``factor`` copies of every job, paper and award, each copy
    titled apart and dated 5 years earlier than the one before (a copy of the current job has
    ended); every paper selected."""
    from dataclasses import replace

    from cvbuilder.schema.dates import PartialDate

    profile = load(ROOT / "profile.yaml")

    def back(date: PartialDate | None, k: int) -> PartialDate | None:
        if date is None or not k:
            return date
        if date.present:
            return PartialDate(year=2024 - 5 * k)
        return replace(date, year=date.year - 5 * k)

    jobs = [
        e.model_copy(
            update={
                "role": f"{e.role} {k}" if k else e.role,
                "start": back(e.start, k),
                "end": back(e.end, k),
                "highlights": [f"Led project {k} on systems for {e.organization}."],
            }
        )
        for k in range(factor)
        for e in profile.experience
    ]
    pubs = [
        p.model_copy(
            update={
                "id": f"{p.id}-{k}",
                "title": f"{p.title} (part {k})",
                "year": p.year - 5 * k if p.year else None,
                "selected": True,
            }
        )
        for k in range(factor)
        for p in profile.publications
    ]
    awards = [
        a.model_copy(update={"title": f"{a.title} {k}", "year": a.year - 5 * k})
        for k in range(factor)
        for a in profile.awards
    ]
    return profile.model_copy(update={"experience": jobs, "publications": pubs, "awards": awards})


def budgeted(profile: Profile, job: Job, out: Path) -> tuple[Compiled, budget.Fitted | None]:
    """Build one document; the result and what the page budget reported (None: no budget)."""
    seen: list[budget.Fitted] = []
    fit = budget.fit

    def recording(*args, **kwargs):
        seen.append(fit(*args, **kwargs))
        return seen[-1]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(budget, "fit", recording)  # observed, not changed
        (result,) = build(profile, [job], out)
    return result, (seen[0] if seen else None)


def pdf_fill(pdf: Path, tex: str) -> tuple[float, float]:
    """How far down the text area of the last page the lowest line reaches (0 to 1), from
    pdftotext's word boxes and the geometry the .tex asks for (margins, the foot included in the
    body, words in the foot not counted); and the same for the lowest line of any page (more
    than 1: past the text area)."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    geometry = re.search(r"\\geometry\{([^}]*)\}", tex)
    assert geometry, "the .tex no longer sets its page this way"
    cm = 72 / 2.54  # PDF points per cm
    margin = float(re.search(r"margin=([\d.]+)cm", geometry[1])[1]) * cm
    foot = re.search(r"footskip=([\d.]+)cm", geometry[1])
    foot = float(foot[1]) * cm if foot and "includefoot" in geometry[1] else 0.0
    shares = []
    for page in boxes.split("<page ")[1:]:
        paper = float(re.match(r'width="[\d.]+" height="([\d.]+)"', page)[1])
        text_height = paper - 2 * margin - foot
        words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)
        lowest = max(float(y) for top, y in words if float(top) < margin + text_height)
        shares.append((lowest - margin) / text_height)
    return shares[-1], max(shares)


def shown(profile: Profile, pdf: Path) -> dict[str, list[int]]:
    """Which entries of each section that may go the PDF shows (by their names)."""
    from cvbuilder.schema.sections import BY_NAME, DROPPABLE

    text = flat(pdf_text(pdf))
    return {
        s: [
            i
            for i, e in enumerate(getattr(profile, s))
            if flat(getattr(e, BY_NAME[s].label)) in text
        ]
        for s in DROPPABLE
    }


FULL_CASES = {
    "repository": lambda: load(ROOT / "profile.yaml"),
    "every-paper": lambda: load(ROOT / "profile.yaml"),
    "inflated": lambda: inflated_all(4),
}


@pytest.mark.parametrize("case", FULL_CASES)
def test_a_one_page_resume_fits_and_is_full_when_entries_were_left_out(case, tmp_path):
    profile = FULL_CASES[case]()
    variant = resolve(profile)["resume"]
    if case == "every-paper":
        variant = variant.model_copy(update={"selected_only": False, "max_items": {}})
    result, fitted = budgeted(profile, Job("resume", variant), tmp_path)
    assert fitted is not None and result.pages == 1 == pdf_pages(tmp_path / "resume.pdf")
    assert fitted.runs == result.runs <= MAX_RUNS
    assert fitted.fill == Measure.from_log(result.log, result.pages).fill
    last, lowest = pdf_fill(tmp_path / "resume.pdf", (tmp_path / "resume.tex").read_text())
    assert lowest <= 1.0  # nothing below the text area
    assert abs(last - fitted.fill) < 0.03, (last, fitted.fill)
    if case != "repository":
        assert result.omitted, "the case is meant to need leaving entries out"
    if result.omitted:
        assert fitted.fill >= FILL and last >= FILL, (fitted.fill, last)
        assert result.runs <= 5


@pytest.mark.parametrize("variant", ["resume", "cv"])
def test_the_current_position_stays_under_max_pages_1(variant, tmp_path):
    """Papers marked more important than jobs still do not push out the current one."""
    profile = inflated(4)
    pubs = [p.model_copy(update={"priority": 1}) for p in profile.publications]
    profile = profile.model_copy(update={"publications": pubs})
    current = profile.experience[0]
    assert current.end is not None and current.end.present
    job = tailor(Job(variant, resolve(profile)[variant]), [], 1, ["selected_only=false"], profile)
    result, fitted = budgeted(profile, job, tmp_path)
    assert result.pages == 1 and fitted is not None
    text = flat(pdf_text(tmp_path / f"{job.name}.pdf"))
    assert flat(current.role) in text
    assert not any(item.startswith(f"experience: {current.role}") for item in result.omitted)
    # the finished jobs (priority 0) went before the papers (priority 1): some papers stay
    assert any(flat(p.title) in text for p in pubs)
    assert fitted.fill >= FILL


def small_profile(summary_words: int) -> Profile:
    """Short entries in every section a résumé shows, one old certificate and one old project,
    and a summary long enough to leave room for only some of them."""
    words = ["we", "study", "how", "large", "models", "learn", "fast", "and", "at", "low", "cost"]
    data = {
        "person": {"name": "Rae Budget"},
        "summary": " ".join(words[k % len(words)] for k in range(summary_words)),
        "education": [{"degree": "PhD", "institution": "Uni", "start": 2008, "end": 2012}],
        "experience": [
            {"role": "Staff Scientist", "organization": "Lab", "start": 2021, "end": "present",
             "highlights": ["Leads the training team."]},
            {"role": "Engineer", "organization": "Co", "start": 2016, "end": 2020},
            {"role": "Intern", "organization": "Start", "start": 2013, "end": 2014},
        ],
        "publications": [
            {"title": f"Paper on topic {'ABCDEFGHIJKL'[k]}", "authors": [{"name": "Rae Budget", "owner": True}],
             "venue": "Conf", "year": 2013 + k, "selected": True, "type": "conference"}
            for k in range(12)
        ],
        "awards": [{"title": f"Prize {k}", "year": 2014 + 3 * k} for k in range(4)],
        "projects": [{"name": "Old Toolkit", "start": 2015, "end": 2016}],
        "certificates": [{"name": "Old Certificate", "date": 2012}],
        "skills": [{"category": "Tools", "items": ["Python"]}],
    }  # fmt: skip
    return Profile.model_validate(data)


def ongoing(entry: object) -> bool:
    return bool(getattr(getattr(entry, "end", None), "present", False))


def test_no_section_disappears_while_another_keeps_older_entries(tmp_path):
    """Ever longer summaries leave ever less room: at each length the rule holds, until the
    room is down to the newest entry of each section and a whole section goes."""
    from cvbuilder.select.ranking import year

    emptied: list[str] = []
    for words in range(600, 1200, 150):  # (a summary holds at most 6,000 characters)
        profile = small_profile(words)
        out = tmp_path / str(words)
        try:
            result, fitted = budgeted(profile, Job("resume", resolve(profile)["resume"]), out)
        except TexError:  # the summary alone no longer fits: the loop went too far
            break
        assert result.pages == 1 and fitted is not None
        if not result.omitted:
            continue
        assert fitted.fill >= FILL, (words, fitted.fill)
        kept = shown(profile, out / "resume.pdf")
        assert kept["experience"][:1] == [0], "the current position stays"
        for section, indices in kept.items():
            items = getattr(profile, section)
            gone = [year(section, items[i]) for i in range(len(items)) if i not in indices]
            if gone and indices:  # no hole: what a section keeps is newer than what it lost
                assert max(gone) <= min(year(section, items[i]) for i in indices), section
            if items and not indices:
                emptied.append(section)
                newest = max(year(section, e) for e in items)
                for other, others in kept.items():
                    entries = getattr(profile, other)
                    finished = [i for i in others if not ongoing(entries[i])]
                    newest_first = sorted(
                        range(len(entries)), key=lambda i, o=other: -year(o, entries[i])
                    )
                    for i in finished:  # each is its section's newest, and newer than the lost
                        assert i == newest_first[0] and year(other, entries[i]) >= newest, (
                            words, section, other, others)  # fmt: skip
        if emptied:
            break
    assert emptied[:1] == ["certificates"], "the oldest single entry goes first"


def rule_profile(current_priority: int = 0) -> Profile:
    """Three papers (the newest long), two awards, a current and a past job."""
    return Profile.model_validate(
        {
            "person": {"name": "Rae Budget"},
            "experience": [
                {"role": "Now", "organization": "A", "start": 2022, "end": "present",
                 "priority": current_priority},
                {"role": "Before", "organization": "B", "start": 2015, "end": 2021},
            ],
            "publications": [
                {"title": f"Paper {y}", "authors": ["X"], "venue": "V", "year": y, "priority": 1,
                 "type": "journal"}
                for y in (2024, 2023, 2022)
            ],
            "awards": [{"title": f"Prize {y}", "year": y} for y in (2021, 2020)],
        }
    )  # fmt: skip


def test_an_ongoing_entry_goes_after_every_finished_one():
    order = drop_order(rule_profile())
    assert order[-1] == ("experience", 0)  # after the papers, though they have priority 1
    assert order[:2] == [("awards", 1), ("experience", 1)]  # the longest tails, older first
    assert drop_order(rule_profile(current_priority=-1))[0] == ("experience", 0)  # if asked


def chosen(room: int, enough: int = 0, **heights: int) -> set[str]:
    """What :func:`choose` keeps of :func:`rule_profile` when ``room`` is left beside the parts
    that always stay, and the page should be filled ``enough`` beyond them; heights in sp by
    name (``p2024``, ``a2021``, ``now``, ``before``): each section's heading 5, an entry 10."""
    profile = rule_profile()
    names = {"now": ("experience", 0), "before": ("experience", 1)}
    names |= {f"p{p.year}": ("publications", i) for i, p in enumerate(profile.publications)}
    names |= {f"a{a.year}": ("awards", i) for i, a in enumerate(profile.awards)}
    sizes = Sizes(line=10)
    sizes.entries = {item: heights.get(name, 10) for name, item in names.items()}
    sizes.heads = dict.fromkeys(["experience", "publications", "awards"], 5)
    order = drop_order(profile)
    keep, _ = choose(order, {names["now"]}, sizes, 100, [], 100 + room, 100 + enough)
    return {name for name, item in names.items() if item in keep}


def test_the_page_is_filled_most_important_first_with_what_fits_but_no_hole():
    # Most important first: the current job (15 with its heading), the papers (priority 1),
    # newest first: 2024 (5 + 40); the 2023 paper (20) does not fit in the 18 left, so no older
    # paper may stay (no hole), though the 2022 one (3) would fit; the 2021 prize (5 + 10) does.
    assert chosen(78, p2024=40, p2023=20, p2022=3) == {"now", "p2024", "a2021"}
    # A smaller entry of another section still fills the page: the 2020 prize (3) fits.
    assert chosen(78, p2024=40, p2023=20, p2022=3, a2020=3) == {"now", "p2024", "a2021", "a2020"}
    assert len(chosen(1000)) == 7  # room for all: everything


def test_no_section_is_emptied_for_older_entries_unless_the_page_would_stay_empty():
    # The 2024 paper (5 + 70) cannot fit beside the current job: publications would be empty,
    # so nothing ranked below it stays (the prizes, the past job) ...
    assert chosen(80, p2024=70) == {"now"}
    # ... unless that leaves the page less full than asked: then whatever fits after it stays,
    # the older papers too (the build says the 2024 one was too long for the space left).
    assert chosen(80, enough=50, p2024=70) == {"now", "p2023", "p2022", "a2021", "before", "a2020"}
    # The current job too long for the page: nothing finished stays, unless asked to fill.
    assert chosen(60, now=60) == set()
    assert chosen(60, enough=50, now=60) == {"p2024", "p2023", "p2022", "a2021", "a2020"}


def test_what_did_not_fit_though_the_rule_keeps_it_says_so():
    from cvbuilder.select.budget import _omitted

    profile = rule_profile()
    order = drop_order(profile)
    omit = {("publications", 0), ("experience", 1)}  # the 2024 paper did not fit, prizes stay
    assert _omitted(profile, order, omit, {("experience", 0)}) == [
        "experience: Before (2021)",  # below the prizes: left out by the rule, nothing to say
        "publications: Paper 2024 (2024) — did not fit the space left",
    ]
