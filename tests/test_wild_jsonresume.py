"""Real JSON Resume files (tests/data/wild/jsonresume, provenance in its README) import into
profiles that validate, load back from YAML, render, compile and survive export → import."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from cvbuilder.build import build, render
from cvbuilder.formats.jsonresume import from_profile, load_json, to_profile, usable
from cvbuilder.load.profile import load
from cvbuilder.render.latex.blocks import esc as _esc
from cvbuilder.schema.model import Profile
from cvbuilder.tex import engines

from .conftest import DATA, SAMPLES, flat, pdf_text

WILD = DATA / "wild" / "jsonresume"


def _files() -> list[Any]:
    wild = [pytest.param(p, id=p.name) for p in sorted(WILD.glob("*.json"))]
    if not SAMPLES.is_dir():
        reason = f"sample data not found at {SAMPLES} (only in the project's workspace)"
        return [
            *wild,
            pytest.param(None, id="shared-samples", marks=pytest.mark.skip(reason=reason)),
        ]
    return [*wild, *(pytest.param(p, id=p.name) for p in sorted(SAMPLES.glob("*.json")))]


@functools.cache
def wild(name: str) -> tuple[Profile, list[str]]:
    """A wild file's profile and notes, imported once per test run."""
    data, report = to_profile(load_json(WILD / name))
    data = usable(data, report)
    return Profile.model_validate(data), report.unplaced


def escaper(tex: str) -> Any:
    """``esc`` as the document's engine escapes (XeLaTeX wraps Cyrillic runs, for one)."""
    engine = engines.XELATEX if "fontspec" in tex else engines.PDFLATEX

    def esc(text: str) -> str:
        with engines.using(engine):
            return _esc(text)

    return esc


@pytest.mark.parametrize("path", _files())
def test_every_file_imports_loads_renders_and_round_trips(path: Path, tmp_path: Path) -> None:
    data, report = to_profile(load_json(path))
    data = usable(data, report)
    profile = Profile.model_validate(data)
    assert all(isinstance(u, str) for u in report.unplaced)

    written = tmp_path / "profile.yaml"
    written.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
    assert load(written) == profile

    tex = render(profile, "cv")
    esc = escaper(tex)
    for job in [*profile.experience, *profile.volunteer]:
        assert esc(job.role) in tex and esc(job.organization) in tex, job
    for school in profile.education:
        assert esc(school.institution) in tex

    document = json.loads(json.dumps(from_profile(profile)))
    again, second = to_profile(document)
    assert Profile.model_validate(usable(again, second)) == profile
    assert second.unplaced == []  # an export holds nothing the import has to explain


# --- what each class of real-world quirk becomes ---------------------------------------------


def test_a_start_without_an_end_is_ongoing() -> None:
    """No endDate, '', null, 'Present', 'now', 'current' all print '– present'."""
    for name, index in [("0bCdian__resume__resume.json", 0),  # no endDate
                        ("4lhc__4lhc.github.io__resume.json", 0),  # ""
                        ("A-Vaillant__vaillant.ai__resume.json", 0),  # null
                        ("Abdul-Mukit__abdul-mukit.github.io__resume.json", 0),  # "Present"
                        ("PragTob__pragtob.github.io__resume.json", 0)]:  # "now"  # fmt: skip
        job = wild(name)[0].experience[index]
        assert job.end is not None and job.end.present, (name, job)
    school = wild("56kyle__resume__resume.json")[0].education[0]
    assert str(school.start) == "2018-08-12" and str(school.end) == "present"
    pragtob = wild("PragTob__pragtob.github.io__resume.json")[0]
    assert [str(v.end) for v in pragtob.volunteer][:2] == ["present", "present"]  # "current"


def test_odd_dates_keep_what_is_unambiguous() -> None:
    pragtob, _ = wild("PragTob__pragtob.github.io__resume.json")
    assert (str(pragtob.experience[1].start), str(pragtob.experience[1].end)) == (
        "2024-06", "2025-06")  # MM/YYYY  # fmt: skip
    aafaaq, _ = wild("AafaaqAli__JsonResume__resume.json")
    assert str(aafaaq.experience[0].start) == "2023-09-28"  # 2023-9-28
    alkurdi, notes = wild("AbdulAlkurdi__abdulalkurdi.github.io__resume.json")
    assert [(str(j.start), str(j.end)) for j in alkurdi.experience] == [
        ("2016", "2024"), ("2015", "2016"), ("2011", "2015")]  # '16  # fmt: skip
    assert "education[2].end: ends (2010) before it starts (2011); left out" in notes
    haven, notes = wild("0xhaven__0xhaven.github.io__resume.json")
    assert str(haven.experience[0].end) == "2024-09"  # 2024-09-31
    assert "work[0].endDate: '2024-09-31' is no day of the calendar; kept 2024-09" in notes
    holliday, notes = wild("AHolliday__AHolliday.github.io__resume.json")
    job = holliday.experience[0]
    assert (str(job.start), str(job.end)) == ("2017-05", "present")
    assert ("work[0].startDate: '2017-05 - 2019-04, 2025-02' is not one date; kept the earliest "
            "date, 2017-05") in notes  # fmt: skip
    ambroise, notes = wild("ambroiseodt__ambroiseodt.github.io__resume.json")
    assert str(ambroise.experience[0].end) == "present"
    assert "work[0].endDate: '?' read as ongoing (present)" in notes
    andres, _ = wild("4ndresdev__4ndresdev.dev__resume.json")
    assert [(str(j.start), str(j.end)) for j in andres.experience] == [
        ("2022-05", "present"), ("2020-09", "2022-05"), ("2019-01", "2020-09")]  # May 2022  # fmt: skip


def test_profiles_get_their_link_from_the_user_name() -> None:
    links = {p.network: p.url for p in wild("4lhc__4lhc.github.io__resume.json")[0].person.profiles}
    assert links["LinkedIn"] == "https://www.linkedin.com/in/sreejith-sasidharan-2628b6155/"
    assert links["Google Scholar"].startswith("https://scholar.google.com/citations?user=89uw")
    six = wild("6stars__resume__resume.json")[0].person.profiles
    assert (six[0].network, six[0].url) == ("Twitter", "https://twitter.com/jstestabul")
    assert [p.url for p in wild("PragTob__pragtob.github.io__resume.json")[0].person.profiles] == [
        "https://bsky.app/profile/pragtob.bsky.social", "https://github.com/PragTob",
        "https://pragtob.wordpress.com"]  # scheme-less  # fmt: skip
    linkedin = wild("AafaaqAli__JsonResume__resume.json")[0].person.profiles[0]
    assert linkedin.url == "https://www.linkedin.com/in/aafaqali"  # the URL lacked the user
    _, notes = wild("AbdulAlkurdi__abdulalkurdi.github.io__resume.json")
    assert not any(n.startswith("basics.profiles[0]") for n in notes)  # kept: user name as text


def test_html_becomes_markup() -> None:
    pragtob, notes = wild("PragTob__pragtob.github.io__resume.json")
    assert (
        pragtob.volunteer[1]
        .highlights[0]
        .startswith("**[benchee](https://github.com/bencheeorg/benchee)** a powerful")
    )
    assert pragtob.volunteer[0].highlights[0] == (
        'In 2024 I keynoted Code BEAM EU with ["Going Staff"](https://www.youtube.com/watch?v=Pmfkbg-NXmU)'
    )
    assert pragtob.education[0].institution == (
        "Hasso Plattner Institute / Blekinge Institute of Technology (Erasmus)"
    )
    assert "<" not in yaml.safe_dump(pragtob.model_dump(mode="json"))
    assert any(u.endswith("HTML read as the profile's markup (**bold**, *italic*, [label](url))")
               for u in notes)  # fmt: skip


def test_non_standard_keys_go_to_their_obvious_place() -> None:
    andres, notes = wild("4ndresdev__4ndresdev.dev__resume.json")
    assert andres.experience[0].organization == "Beliveo"
    assert andres.experience[0].summary.startswith("At Beliveo") and andres.experience[0].highlights
    assert "experience: not a JSON Resume section; read as 'work'" in notes
    pragtob, _ = wild("PragTob__pragtob.github.io__resume.json")
    assert pragtob.volunteer[0].organization == "Conferences"  # from 'community'
    assert pragtob.education[0].thesis == (
        "Collaborative Learning in a Massive Open Online Course environment"
    )
    alkurdi, _ = wild("AbdulAlkurdi__abdulalkurdi.github.io__resume.json")
    assert [s.category for s in alkurdi.skills] == [
        "Machine Learning", "Development", "Data Management"]  # 'Technical skills'  # fmt: skip
    assert alkurdi.projects[0].description.startswith("Quantum computing")  # 'project highlights'
    gopal, _ = wild("86gopal__resume__resume.json")
    assert gopal.publications == []  # three placeholders of empty strings


def test_unprintable_characters_are_dropped_one_by_one() -> None:
    andres, notes = wild("4ndresdev__4ndresdev.dev__resume.json")
    assert andres.summary == (
        "Software Engineer / Full-Stack Developer / Passionate About Building Software / "
        "Focusing on Frontend (React js) and learning Next js"
    )
    assert notes[0].startswith("basics.summary: left out '🚀' (U+1F680 ROCKET), '⚙' (U+2699 GEAR)")


def test_names_in_other_scripts() -> None:
    """Chinese, Russian and Japanese résumés keep their names and texts (XeLaTeX sets them)."""
    chinese = wild("abramyangCN__resume__resume.zh.json")[0]
    assert chinese.person.name.startswith("Abraham Yang") and chinese.experience
    russian, notes = wild("angryflaren__angryflaren__resume.ru.json")
    assert (
        russian.person.name == "Матвей Жучков" and russian.person.email == "matthewzhv@outlook.com"
    )
    assert not any("Матвей" in n for n in notes)
    japanese = wild("riankawahara__riankawahara.github.io__resume.ja.json")[0]
    assert japanese.person.name != "Unknown"


def test_comments_are_skipped_with_a_note() -> None:
    profile, notes = wild("AOS55__AOS55.github.io__resume.json")
    assert profile.person.name == "Alexander Quessy" and profile.experience
    assert notes[0] == (
        "$: comments on lines 17-23, 33-35, 48-51, 53, 65-72, 76-85 skipped (JSON has none)"
    )


# --- real PDFs --------------------------------------------------------------------------------

COMPILED = [
    ("PragTob__pragtob.github.io__resume.json", ["cv", "resume"]),  # HTML, MM/YYYY, community
    ("4ndresdev__4ndresdev.dev__resume.json", ["cv", "resume"]),  # emoji, 'experience'
    ("AbdulAlkurdi__abdulalkurdi.github.io__resume.json", ["cv", "resume"]),  # 'YY, spaced keys
    ("abramyangCN__resume__resume.zh.json", ["cv", "resume"]),  # CJK: what is left
    ("AOS55__AOS55.github.io__resume.json", ["cv", "resume"]),  # comments
    ("AbdelMounhim__cv__resume.json", ["cv", "resume"]),  # French, many education entries
    # The one-page résumé of this file cannot hold: its summary, education courses and skills
    # are what a page budget never leaves out (a layout question, not an import one).
    ("0xhaven__0xhaven.github.io__resume.json", ["cv"]),  # impossible date, twelve jobs
]


@pytest.mark.parametrize(("name", "documents"), COMPILED)
def test_wild_files_compile_and_name_every_employer(
    name: str, documents: list[str], tmp_path: Path
) -> None:
    profile, _ = wild(name)
    build(profile, documents, tmp_path)
    for document in documents:
        text = flat(pdf_text(tmp_path / f"{document}.pdf"))
        assert flat(profile.person.name) in text
    cv = flat(pdf_text(tmp_path / "cv.pdf"))
    for job in profile.experience:
        assert flat(job.organization) in cv, job.organization
