import pytest

from cvbuilder.load.profile import load
from cvbuilder.schema.model import Profile
from cvbuilder.select.variants import apply, check_variants, options_for, resolve

from .conftest import DATA


def profile_with(**variants) -> Profile:
    data = load(DATA / "full.yaml").model_dump(exclude_unset=True, mode="json")
    data["variants"] = variants
    return Profile.model_validate(data)


def view(profile: Profile, name: str) -> Profile:
    variant = resolve(profile)[name]
    return apply(profile, variant, options_for(profile, variant).sections)


def test_defaults_exist_without_configuration():
    variants = resolve(load(DATA / "minimal.yaml"))
    assert {n: v.layout for n, v in variants.items()} == {"cv": "academic", "resume": "resume"}


def test_cv_keeps_everything_newest_first():
    cv = view(load(DATA / "full.yaml"), "cv")
    assert [p.year for p in cv.publications] == [1759, 1740, 1738]
    assert [e.role for e in cv.experience] == ["Translator", "Researcher"]
    assert len(cv.awards) == 2 and cv.extra_sections[0].id == "talks"


def test_resume_default_keeps_selected_publications_and_its_sections():
    resume = view(load(DATA / "full.yaml"), "resume")
    assert [p.id for p in resume.publications] == ["chatelet1740"]
    assert resume.news == [] and resume.service == [] and resume.teaching == []
    assert resume.extra_sections == []


def test_a_profile_can_change_a_default_field_by_field():
    profile = profile_with(resume={"selected_only": False, "max_items": {"publications": 2}})
    resume = view(profile, "resume")
    assert [p.year for p in resume.publications] == [1759, 1740]
    assert resolve(profile)["resume"].layout == "resume"


def test_tags_keep_matching_and_untagged_entries_and_exclude_wins():
    profile = profile_with(
        fire={"layout": "academic", "tags": ["fire", "writing"], "exclude_tags": ["physics"]}
    )
    fire = view(profile, "fire")
    assert [p.id for p in fire.publications] == ["chatelet1759"]
    assert [e.role for e in fire.experience] == ["Translator"]
    assert len(fire.awards) == 2  # untagged entries stay


def test_sections_order_and_titles_reach_the_layout_options():
    profile = profile_with(
        short={
            "layout": "resume",
            "sections": ["skills", "education"],
            "titles": {"skills": "Toolbox"},
        }
    )
    options = options_for(profile, resolve(profile)["short"])
    assert options.sections == ["skills", "education"]
    assert options.titles == {"skills": "Toolbox"}
    short = view(profile, "short")
    assert short.publications == [] and short.summary is None and len(short.skills) == 1


def test_since_leaves_out_older_entries_but_keeps_ongoing_ones():
    since = view(profile_with(old={"layout": "academic", "since": 1745}), "old")
    assert [p.year for p in since.publications] == [1759]
    assert [e.role for e in since.experience] == ["Translator"]  # present counts as ongoing
    assert [a.year for a in since.awards] == [1746]


def test_keep_untagged_decides_which_untagged_entries_survive_a_tag_filter():
    strict = view(
        profile_with(x={"layout": "academic", "tags": ["fire"], "keep_untagged": []}), "x"
    )
    assert [p.id for p in strict.publications] == ["chatelet1738"]
    assert strict.awards == [] and strict.teaching == []


def test_variants_are_checked_on_the_raw_profile_even_when_other_fields_fail():
    data = {
        "person": {"nme": "A"},
        "publications": "broken",
        "extra_sections": [{"id": "talks"}],
        "variants": {
            "short": {"layout": "acadmic"},
            "resume": {"sections": ["educaton", "talks"], "titles": {"skils": "S"}},
            "bad": {"since": "soon"},  # the schema reports it; not checked again here
            "x": {"layout": "academic", "options": {"font_size": "big"}},
        },
    }
    assert check_variants(data, {("variants", "x", "options", "font_size"): "big"}) == [
        (
            ("variants", "resume", "sections", 0),
            "unknown section 'educaton'; did you mean 'education'?",
        ),
        (
            ("variants", "resume", "titles", "skils"),
            "unknown section 'skils'; did you mean 'skills'?",
        ),
        (("variants", "short", "layout"), "unknown layout 'acadmic'; did you mean 'academic'?"),
        (
            ("variants", "x", "options", "font_size"),
            "must be a font size in points such as 11, not big",
        ),
    ]


def test_a_profile_without_usable_variants_has_only_the_defaults_checked():
    assert check_variants({"variants": "nonsense"}) == []
    assert check_variants({"variants": {1: {"layout": "x"}}}) == []


SINCE_PROFILE = """
person: {name: Ada Lovelace}
news: [{date: 2005-03, text: Old news}, {date: 2023-01, text: New news}]
education:
  - {degree: Old degree, institution: U, start: 2001, end: 2005}
  - {degree: New degree, institution: U, start: 2021, end: 2023}
experience: [{role: Old job, organization: O, start: 2003, end: 2005}, {role: New job, organization: O, start: 2022, end: present}]
volunteer: [{role: Old help, organization: O, start: 2004, end: 2005}, {role: New help, organization: O, start: 2022}]
projects: [{name: Old project, start: 2004, end: 2005}, {name: New project, start: 2022, end: 2023}]
publications: [{title: Old paper, year: 2005, type: journal}, {title: New paper, year: 2023, type: journal}]
awards: [{title: Old award, year: 2005}, {title: New award, year: 2023}]
certificates: [{name: Old certificate, date: 2005-06}, {name: New certificate, date: 2023-06}]
teaching: [{term: 2010 Spring, title: Old course}, {term: 2023/24 Fall, title: New course}]
service:
  - role: Reviewer
    venues: [{name: OldConf, years: [2005, 2006]}, {name: NewConf, years: [2019, 2021, 2023]}]
extra_sections:
  - id: talks
    title: Talks
    items: [{date: 2005, title: Old talk}, {date: 2023, title: New talk}]
"""
DATED = ["news", "education", "experience", "volunteer", "projects", "publications", "awards",
         "certificates", "teaching"]  # fmt: skip


@pytest.mark.parametrize("section", DATED)
def test_since_drops_what_ended_before_and_sorts_newest_first(section, write_profile):
    from cvbuilder.schema.model import Variant
    from cvbuilder.select.variants import SECTIONS, apply

    profile = load(write_profile(SINCE_PROFILE))
    entries = apply(profile, Variant(layout="academic"), list(SECTIONS)).model_dump()[section]
    assert len(entries) == 2 and "New" in str(entries[0])  # newest first, even as written
    since = apply(profile, Variant(layout="academic", since=2020), list(SECTIONS))
    kept = since.model_dump()[section]
    assert len(kept) == 1 and "New" in str(kept[0]) and "Old" not in str(kept)


def test_since_keeps_only_the_recent_years_of_service_and_dated_extra_items(write_profile):
    from cvbuilder.schema.model import Variant
    from cvbuilder.select.variants import SECTIONS, apply

    profile = load(write_profile(SINCE_PROFILE))
    since = apply(profile, Variant(layout="academic", since=2020), [*SECTIONS, "talks"])
    venues = since.service[0].venues
    assert [(v.name, v.years) for v in venues] == [("NewConf", [2021, 2023])]
    assert [i.title for i in since.extra_sections[0].items] == ["New talk"]
