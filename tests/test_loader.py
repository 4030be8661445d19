"""The loader's promise: every problem at once, each as FILE:LINE:COL: path: message."""

from pathlib import Path

import pytest

from cvbuilder.loader import load
from cvbuilder.problems import ProfileError


def problems(path: Path) -> list[str]:
    with pytest.raises(ProfileError) as info:
        load(path)
    return [str(p).replace(str(path.parent) + "/", "") for p in info.value.problems]


def test_every_problem_is_reported_with_its_position(write_profile):
    path = write_profile(
        "person:\n"
        "  name: Ada\n"
        "  adress: London\n"
        "education:\n"
        "  - degree: BA\n"
        "    institution: X\n"
        "    start: 2020-09\n"
        "  - degree: PhD\n"
        "    institution: Y\n"
        "    start: 2021-09\n"
        "    end: 2019-06\n"
        "publications:\n"
        "  - title: T\n"
        "    authors: [A]\n"
        "    year: 2020\n"
        "    type: poem\n"
    )
    assert problems(path) == [
        "profile.yaml:3:3: person.adress: unknown field 'adress'; allowed: affiliation, "
        "email, homepage, location, name, name_variants, phone, photo, position, profiles",
        "profile.yaml:11:10: education[1].end: ends (2019-06) before it starts (2021-09)",
        "profile.yaml:16:11: publications[0].type: must be one of 'conference', 'journal', "
        "'workshop', 'preprint', 'blog', 'thesis', 'book', 'chapter', 'patent', 'report', "
        "'talk' or 'other'",
    ]


def test_did_you_mean(write_profile):
    path = write_profile("person:\n  name: Ada\n  postion: Professor\n")
    assert problems(path) == [
        "profile.yaml:3:3: person.postion: unknown field 'postion'; did you mean 'position'?"
    ]


def test_missing_field_points_at_its_parent(write_profile):
    path = write_profile("person:\n  name: Ada\nawards:\n  - year: 2020\n")
    assert problems(path) == ["profile.yaml:4:5: awards[0].title: required field is missing"]


def test_bad_date(write_profile):
    path = write_profile("person: {name: A}\nnews:\n  - date: 2024-13\n    text: x\n")
    assert problems(path) == ["profile.yaml:3:11: news[0].date: '2024-13': month must be 01-12"]


def test_yaml_syntax_error_has_a_position(write_profile):
    path = write_profile("person:\n  name: [Ada\n")
    (msg,) = problems(path)
    assert msg.startswith("profile.yaml:3:1: YAML syntax error:")


def test_tabs_get_a_hint(write_profile):
    path = write_profile("person:\n\tname: Ada\n")
    (msg,) = problems(path)
    assert msg.startswith("profile.yaml:2:1: YAML syntax error") and "tabs" in msg


def test_duplicate_keys_are_errors_with_both_lines(write_profile):
    path = write_profile("person:\n  name: Ada\n  name: Grace\n")
    assert problems(path) == [
        "profile.yaml:3:3: person.name: duplicate key 'name' (first defined on line 2); "
        "remove one of them"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "profile.yaml:1:1: the file is empty; start with 'person:' (see 'cvbuilder init')"),
        (
            b"- a\n- b\n",
            "profile.yaml:1:1: the top level must be a mapping of sections (person:, …), not list",
        ),
        (
            b"person:\n  name: Ad\xe9\n",
            "profile.yaml:2:11: not UTF-8 (byte 0xe9); save the file as UTF-8",
        ),
    ],
)
def test_unusable_files(tmp_path, content, expected):
    path = tmp_path / "profile.yaml"
    path.write_bytes(content)
    assert problems(path) == [expected]


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "profile.yaml"
    path.write_bytes("\ufeffperson:\n  name: Ada\n".encode())
    assert load(path).person.name == "Ada"


def test_alias_bomb_is_refused_quickly(write_profile):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = write_profile("\n".join(lines) + "\nperson: {name: A}\n")
    (msg,) = problems(path)
    assert "expands to more than" in msg


def test_dates_stay_dates_not_timestamps(write_profile):
    path = write_profile("person: {name: A}\nnews:\n  - {date: 2024-05-01, text: x}\n")
    assert str(load(path).news[0].date) == "2024-05-01"


def test_variant_problems_point_into_the_variant(write_profile):
    path = write_profile(
        "person: {name: A}\n"
        "variants:\n"
        "  short:\n"
        "    layout: nope\n"
        "  resume:\n"
        "    sections: [education, hobbies]\n"
        "    options: {font_size: 8}\n"
    )
    assert problems(path) == [
        "profile.yaml:6:27: variants.resume.sections[1]: unknown section 'hobbies'; known: "
        "summary, interests, news, education, experience, volunteer, projects, publications, "
        "awards, certificates, service, teaching, skills, languages, references",
        "profile.yaml:7:26: variants.resume.options.font_size: Input should be greater than "
        "or equal to 10",
        "profile.yaml:4:13: variants.short.layout: unknown layout 'nope'; available: "
        "academic, resume",
    ]


def test_new_variant_needs_a_layout(write_profile):
    path = write_profile("person: {name: A}\nvariants:\n  short:\n    selected_only: true\n")
    assert problems(path) == [
        "profile.yaml:4:5: variants.short: variant 'short' needs a layout: academic, resume"
    ]


def test_missing_file_and_folder(tmp_path):
    assert problems(tmp_path / "profile.yaml") == ["profile.yaml: no such file"]
    (tmp_path / "dir.yaml").mkdir()
    assert problems(tmp_path / "dir.yaml") == ["dir.yaml: is a folder, not a file"]
