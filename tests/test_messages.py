"""Messages a person understands: every pydantic error type in plain words, naming the field
with file:line:col, and nothing a terminal would act on."""

import pytest
from pydantic import ValidationError

from cvbuilder.load.profile import MESSAGES, load
from cvbuilder.problems import Problem, ProfileError, printable, shown
from cvbuilder.schema.model import Profile

P = "person: {name: A}\n"
PYDANTIC_WORDING = ("Input should be", "For further information", "type=", "Value error,")


def problems(path) -> list[str]:
    with pytest.raises(ProfileError) as info:
        load(path)
    return [str(p).replace(str(path.parent) + "/", "") for p in info.value.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a string where a list is expected: generic for any list field
        (P + "publications:\n  - title: T\n    authors: E. Markovic, J. Doe\n    year: 2020\n"
         "    type: book\n",
         "4:14: publications[0].authors: must be a list: one name per line starting with '- '"),
        (P + "interests: a, b\n",
         "2:12: interests: must be a list: one interest per line starting with '- '"),
        (P + "interests:\n",
         "2:11: interests: is empty; list one interest per line starting with '- ', or remove "
         "the line"),
        (P + "education:\n  degree: PhD\n  institution: X\n",
         "3:3: education: must be a list: start each entry with '- ' (as in '- degree: …')"),
        # a number or true/false where text is expected: quote it
        ("person: {name: A, phone: 12345}\n",
         "1:26: person.phone: must be text; put it in quotes: phone: \"12345\""),
        ("person: {name: A, position: yes}\n",
         "1:29: person.position: must be text; put it in quotes: position: \"yes\""),
        (P + "interests: [2024]\n",
         "2:13: interests[0]: must be text; put it in quotes: - \"2024\""),
        (P + "interests:\n  - Part 1: basics\n",
         "3:5: interests[0]: must be text, not a mapping: a ': ' inside a value starts one, so "
         "put the value in quotes"),
        ("person: {name: A, position: [a]}\n",
         "1:29: person.position: must be text, not a list: a value that starts with '[' or '- ' "
         "is one, so put it in quotes"),
        ("person: {name: A, position: ''}\n",
         "1:29: person.position: is empty; write a value or remove the line"),
        # numbers
        (P + "publications: [{title: T, authors: [A], year: '20x4', type: book}]\n",
         "2:47: publications[0].year: must be a year such as 2024, not '20x4'"),
        (P + "awards: [{year: 2020.5, title: T}]\n",
         "2:17: awards[0].year: must be a year such as 2024, not 2020.5"),
        (P + "awards: [{year: .nan, title: T}]\n",
         "2:17: awards[0].year: must be a year such as 2024, not .nan"),
        (P + "awards: [{year: 99, title: T}]\n", "2:17: awards[0].year: must be at least 1000, not 99"),
        (P + "awards: [{year: 12345, title: T}]\n",
         "2:17: awards[0].year: must be at most 9999, not 12345"),
        (P + "awards: [{year: " + "9" * 5000 + ", title: T}]\n",
         "2:17: awards[0].year: must be a year such as 2024, not " + "9" * 60 + "… (5,000 "
         "characters)"),
        (P + "service: [{role: R, venues: [{name: N, years: [twenty]}]}]\n",
         "2:48: service[0].venues[0].years[0]: must be a year such as 2024, not 'twenty'"),
        (P + "awards: [{year: 2020, title: T, priority: high}]\n",
         "2:43: awards[0].priority: must be a whole number such as 3, not 'high'"),
        # choices, with did-you-mean
        (P + "publications: [{title: T, authors: [A], year: 2020, type: confrence}]\n",
         "2:59: publications[0].type: unknown value 'confrence'; did you mean 'conference'?"),
        (P + "publications: [{title: T, authors: [A], year: 2020, type: poem}]\n",
         "2:59: publications[0].type: unknown value 'poem'; choose one of: conference, journal, "
         "workshop, preprint, blog, thesis, book, chapter, patent, report, talk, other"),
        (P + "variants: {x: {layout: academic, options: {numbering: downwards}}}\n",
         "2:55: variants.x.options.numbering: unknown value 'downwards'; choose one of: "
         "descending, ascending, none"),
        (P + "variants: {x: {layout: academic, options: {group_publications: no}}}\n",
         "2:64: variants.x.options.group_publications: unknown value 'no'; did you mean 'none'?"),
        (P + "variants: {x: {layout: academic, sections: [educaton]}}\n",
         "2:45: variants.x.sections[0]: unknown section 'educaton'; did you mean 'education'?"),
        (P + "variants: {x: {layout: acadmic}}\n",
         "2:24: variants.x.layout: unknown layout 'acadmic'; did you mean 'academic'?"),
        # true/false, mappings, required fields, unknown keys
        (P + "variants: {x: {layout: academic, selected_only: maybe}}\n",
         "2:49: variants.x.selected_only: must be true or false, not 'maybe'"),
        ("person: Ada\n",
         "1:9: person: must be a mapping of fields (key: value lines indented below it), not text"),
        ("person:\n",
         "1:8: person: is empty; write its fields on the lines below it, indented, or remove the "
         "line"),
        ("person: [Ada]\n",
         "1:9: person: must be a mapping of fields (key: value), not a list; remove the '- '"),
        (P + "publications: [{title: T, authors: [1], year: 2020, type: book}]\n",
         "2:37: publications[0].authors[0]: must be a name, or a mapping such as {name: Z. Tang, "
         "owner: true}, not a number"),
        ("person: {position: X}\n", "1:9: person.name: required field is missing"),
        ("person: {name: A, emial: x}\n",
         "1:19: person.emial: unknown field 'emial'; did you mean 'email'?"),
        ("person: {name: A, 1: x}\n",
         "1:19: person: key 1 is read as a number, not as a field name; allowed: affiliation, "
         "email, homepage, location, name, name_native, name_variants, phone, photo, position, "
         "profiles"),
        (P + "null: x\n",
         "2:1: key null is read as an empty value, not as a field name; allowed: awards, "
         "bibliography, certificates, default_language, education, experience, extra_sections, "
         "interests, languages, locale, news, person, projects, publications, references, "
         "service, skills, summary, teaching, theme, updated, variants, volunteer"),
        # lengths, patterns, list sizes
        (P + "summary: " + "x" * 250_000 + "\n",
         "2:10: summary: is 250,000 characters long; at most 6,000 are allowed"),
        (P + "interests: [" + "x" * 3000 + "]\n",
         "2:13: interests[0]: is 3,000 characters long; at most 2,000 are allowed"),
        (P + "awards: [{year: 2020, title: T, tags: [a b]}]\n",
         "2:40: awards[0].tags[0]: a tag may contain only letters, digits and _ . + - (starting "
         "with a letter or digit), e.g. 'systems', not 'a b'"),
        (P + "variants: {Short: {layout: resume}}\n",
         "2:12: variants.Short: a variant name may contain only a-z, 0-9, _ and - (it names the "
         "PDF file), e.g. 'resume-short', not 'Short'"),
        # validators
        (P + "news: [{date: 2024-13, text: x}]\n", "2:15: news[0].date: '2024-13': month must be 01-12"),
        (P + "news: [{date: 1.0e+999, text: x}]\n",
         "2:15: news[0].date: must be a date such as 2024, 2024-09, 2024-09-01 or present"),
        ("person: {name: A, email: nope}\n", "1:26: person.email: 'nope' is not an email address"),
    ],
)  # fmt: skip
def test_plain_messages(write_profile, text, expected):
    path = write_profile(text)
    assert problems(path) == [f"profile.yaml:{expected}"]


def test_a_comma_that_split_a_value_inside_braces_gets_a_hint(write_profile):
    path = write_profile(
        P + "publications: [{title: T, authors: E. Markovic, J. Doe, year: 2020, type: book}]\n"
    )
    assert problems(path) == [
        "profile.yaml:2:36: publications[0].authors: must be a list: one name per line starting "
        "with '- '",
        "profile.yaml:2:49: publications[0].J. Doe: unknown field 'J. Doe'; allowed: authors, "
        "bibtex, et_al, id, links, month, note, priority, selected, summary, tags, title, type, "
        "venue, venue_short, year (a ',' inside { } ends a value: put a value that contains ',' "
        "in quotes)",
    ]


BROKEN = {
    "person": {"position": 5, "phone": None, "email": "", "profiles": "x", "emial": 1, 3: "x",
               "affiliation": ""},
    "summary": "x" * 7000,
    "interests": "a, b",
    "news": [{"date": 1.5, "text": ["x"]}, {"date": "2024-13", "text": "x"}],
    "education": {"degree": "PhD"},
    "experience": [{"role": True, "organization": "X", "start": 2024, "end": 2020}],
    "publications": [
        {"title": "T", "authors": "A, B", "year": "20x4", "type": "confrence", "month": 13,
         "id": "a b", "tags": ["a b"], "links": {"doi": "x", "pdf": "ftp://x"}, "selected": "?"},
        {"title": "T", "authors": [], "year": float("inf"), "type": True, "links": "x"},
        {"title": "T", "authors": [1, None], "year": 2020.5, "type": "book", "bibtex": [],
         "selected": [True]},
    ],
    "service": [{"role": "R", "venues": []}, {"role": "R", "venues": [{"name": "N",
                                                                      "years": ["x"]}]}],
    "awards": [{"year": "9" * 5000, "title": "T", "priority": "high", "url": "example.org"},
               {"year": 2020, "title": "T", "priority": [1], "tags": "x"}],
    "extra_sections": [{"id": "Talks", "title": "T", "items": []}],
    "updated": float("nan"),
    "variants": {"Bad": {}, "x": {"since": 5, "max_pages": 0, "titles": "x", "max_items": []}},
}  # fmt: skip


def test_every_error_type_has_plain_words():
    with pytest.raises(ValidationError) as info:
        Profile.model_validate(BROKEN)
    from cvbuilder.load.profile import Positions, validation_problems

    found = {err["type"] for err in info.value.errors()}
    assert found - set(MESSAGES) == set()  # no error type falls back to a generic message
    assert len(found) >= 22
    for problem in validation_problems(info.value, Positions("p.yaml"), Profile):
        assert_plain(str(problem))


def test_every_error_type_of_layout_options_has_plain_words():
    from cvbuilder.load.profile import error_message
    from cvbuilder.registry import get

    options = get("academic").Options
    bad = {"font_size": [11], "margins": "wide", "spacing": 9, "numbering": "down",
           "publication_summary": "maybe", "max_authors": 0, "nope": 1, "titles": "x"}  # fmt: skip
    with pytest.raises(ValidationError) as info:
        options.model_validate(bad)
    found = {err["type"] for err in info.value.errors()}
    assert {"literal_error", "float_parsing", "int_type", "extra_forbidden"} <= found
    assert found - set(MESSAGES) == set()
    for err in info.value.errors():
        assert_plain(error_message(err, options))


def assert_plain(text: str) -> None:
    assert not any(w in text for w in PYDANTIC_WORDING), text
    assert "\n" not in text and len(text) < 600, text


def test_problem_lines_escape_control_characters():
    problem = Problem("a\x1b[2J.yaml", 1, 2, "person.\x9bname", "bad 'x\x1b]0;title\x07'\nnext")
    assert str(problem) == (
        "a\\x1b[2J.yaml:1:2: person.\\x9bname: bad 'x\\x1b]0;title\\x07'\\nnext"
    )
    assert printable("\u202eevil\u2028") == "\\u202eevil\\u2028"
    assert printable("Ünïcödé – fine") == "Ünïcödé – fine"


def test_control_characters_from_a_profile_never_reach_the_terminal(write_profile):
    path = write_profile(
        'person: {name: A, "\\e[31mred": x, "\\e]0;t\\a": y}\n'
        'bibliography: ["\\e[2J.bib"]\n'
        'interests: ["\\e[1mbold"]\n'
    )
    lines = problems(path)
    assert len(lines) == 4
    assert all("\x1b" not in line and "\x07" not in line for line in lines), lines
    assert "\\x1b[31mred" in lines[0] and "\\x1b]0;t\\x07" in lines[1]
    assert "'\\x1b[2J.bib': no such file" in lines[2]
    assert "'\\x1b' (U+001B" in lines[3]


def test_shown_values_are_short():
    assert shown("x" * 100) == "'" + "x" * 59 + "… (100 characters)"
    assert shown(10**5000) == "a number of more than 60 digits"
    assert shown(None) == "nothing" and shown(True) == "true" and shown([1]) == "a list"
