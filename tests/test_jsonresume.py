"""JSON Resume: the official sample and older files in, valid documents out, round trips."""

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvbuilder.build import build
from cvbuilder.jsonresume import Report, from_profile, to_profile, usable
from cvbuilder.loader import load
from cvbuilder.model import Profile

from .conftest import DATA, ROOT, SAMPLES, flat, pdf_text


@pytest.fixture
def schema(samples):
    return json.loads((samples / "jsonresume-schema.json").read_text())


@pytest.fixture
def sample(samples):
    return json.loads((samples / "jsonresume-sample.json").read_text())


def imported(document: dict) -> tuple[Profile, Report]:
    data, report = to_profile(document)
    return Profile.model_validate(usable(data, report)), report


def test_the_official_sample_maps_every_section_and_reports_the_rest(sample):
    profile, report = imported(sample)
    assert profile.person.name == "Richard Hendriks" and profile.person.position == "Programmer"
    assert profile.person.location == "San Francisco, California, US"
    assert [p.network for p in profile.person.profiles] == ["Twitter", "SoundCloud"]
    assert (
        profile.experience[0].organization == "Pied Piper"
        and len(profile.experience[0].highlights) == 3
    )
    assert profile.volunteer[0].organization == "CoderDojo"
    assert profile.education[0].score == "4.0" and profile.education[0].courses
    assert profile.awards[0].issuer == "Techcrunch" and profile.awards[0].year == 2014
    assert profile.publications[0].title == "Video compression for 3d media"
    assert profile.publications[0].authors[0].owner
    assert [s.category for s in profile.skills] == ["Web Development", "Compression"]
    assert profile.languages[0].fluency == "Native speaker"
    assert profile.interests == ["Wildlife: Ferrets, Unicorns"]
    assert profile.references[0].name == "Erlich Bachman"
    assert (
        profile.projects[0].name == "Miss Direction" and profile.projects[0].kind == "application"
    )
    assert report.unplaced == [
        "basics.location.address: no place in the profile for '2712 Broadway St'; left out",
        "basics.location.postalCode: no place in the profile for 'CA 94115'; left out",
        "work[0].description: no place in the profile for 'Awesome compression company'; left out",
        "publications[0]: JSON Resume has no authors: the profile's owner is listed",
        "meta.canonical: no place in the profile for "
        "'https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/sample.resume.json'; left out",
        "meta.version: no place in the profile for 'v1.0.0'; left out",
    ]


def test_the_imported_sample_builds_as_is(sample, tmp_path):
    profile, _ = imported(sample)
    results = build(profile, ["cv", "resume"], tmp_path)
    assert [r.warnings for r in results] == [[], []]  # no overfull lines
    text = flat(pdf_text(tmp_path / "cv.pdf"))
    for needle in ["Richard Hendriks", "Pied Piper", "CoderDojo", "Miss Direction",
                   "Digital Compression Pioneer Award", "Erlich Bachman", "Native speaker"]:  # fmt: skip
        assert needle in text


def test_older_key_names_partial_dates_and_empty_strings():
    old = {
        "basics": {"name": "Ada", "website": "https://ada.example.org", "picture": "ada.png",
                   "email": "", "location": {"city": "London", "countryCode": ""},
                   "profiles": [{"network": "GitHub", "username": "ada"}]},
        "work": [{"company": "Engines Ltd", "position": "Analyst", "website": "https://e.example.org",
                  "startDate": "1842", "endDate": "1843-07"}],
        "education": [{"institution": "Home", "gpa": "4.0", "startDate": "", "area": "Math"}],
        "awards": [{"title": "Prize", "date": "1840-01-05T10:00:00", "awarder": "Society"}],
        "skills": [{"name": "", "keywords": ["Notes"]}],
        "unknownSection": [1],
    }  # fmt: skip
    profile, report = imported(old)
    assert profile.person.homepage == "https://ada.example.org" and profile.person.email is None
    assert profile.person.profiles[0].url == "https://github.com/ada"
    work = profile.experience[0]
    assert (work.organization, work.url, str(work.start), str(work.end)) == (
        "Engines Ltd", "https://e.example.org", "1842", "1843-07")  # fmt: skip
    assert profile.education[0].score == "4.0" and profile.education[0].degree == "Math"
    assert profile.awards[0].year == 1840 and str(profile.awards[0].date) == "1840-01-05"
    assert profile.skills[0].category == "Skills"
    assert "basics.image: no place in the profile for 'ada.png'; left out" in report.unplaced
    assert "unknownSection: not a JSON Resume section; left out" in report.unplaced


def test_values_the_profile_refuses_are_dropped_and_reported():
    profile, report = imported({"basics": {"name": "Ada", "email": "not-an-email", "label": "唐"},
                                "work": [{"name": "X", "position": "Dev", "url": "ftp://x"}]})  # fmt: skip
    assert profile.person.email is None and profile.person.position is None
    assert profile.experience[0].url is None
    assert any(
        u.startswith("person.email: 'not-an-email' is not an email address")
        for u in report.unplaced
    )


@pytest.mark.parametrize("path", [ROOT / "profile.yaml", DATA / "full.yaml", DATA / "minimal.yaml"])
def test_export_is_valid_and_round_trips(schema, path):
    profile = load(path)
    document = from_profile(profile)
    jsonschema.validate(document, schema)
    again, report = imported(json.loads(json.dumps(document)))
    assert again == profile
    assert not [u for u in report.unplaced if "no place" in u]


def test_the_sample_survives_import_export_import(sample, schema):
    profile, _ = imported(sample)
    document = from_profile(profile)
    jsonschema.validate(document, schema)
    assert document["basics"]["name"] == "Richard Hendriks"
    assert document["work"][0]["name"] == "Pied Piper"
    assert imported(document)[0] == profile


# --- any JSON value: a report, never an exception, and a profile that builds ---------------


def profile_of(document: object) -> tuple[Profile, list[str]]:
    data, report = to_profile(document)
    return Profile.model_validate(usable(data, report)), report.unplaced


@pytest.mark.parametrize(
    ("document", "unplaced"),
    [
        ({"basics": {"name": "山田 太郎"}}, [
            "basics.name: '山田 太郎': characters '山' (U+5C71 CJK UNIFIED IDEOGRAPH-5C71), '田' "
            "(U+7530 CJK UNIFIED IDEOGRAPH-7530), '太' (U+592A CJK UNIFIED IDEOGRAPH-592A), '郎' "
            "(U+90CE CJK UNIFIED IDEOGRAPH-90CE) cannot be typeset by pdfLaTeX; remove or replace "
            "with plain text; the profile says 'Unknown'"]),
        ({"basics": ["Ada"]}, ["basics: expected an object, not a list; left out",
                               "basics.name: missing; the profile says 'Unknown'"]),
        ({"basics": "Ada"}, ["basics: expected an object, not text; left out",
                             "basics.name: missing; the profile says 'Unknown'"]),
        ([1, 2], ["$: a JSON Resume document is an object, not a list; left out"]),
        (3.5, ["$: a JSON Resume document is an object, not a number; left out"]),
        ("resume", ["$: a JSON Resume document is an object, not text; left out"]),
        (None, ["$: a JSON Resume document is an object, not null; left out"]),
    ],
)  # fmt: skip
def test_documents_of_the_wrong_shape(document, unplaced):
    profile, report = profile_of(document)
    assert profile.person.name == "Unknown" and report == unplaced


def test_values_of_the_wrong_kind_are_reported_by_json_path_and_the_rest_imported():
    document = {
        "basics": {"name": "Ada", "email": True, "phone": 5551234, "location": "London",
                   "profiles": ["https://github.com/ada", {"network": "GitHub", "username": 7},
                                {"network": ["x"], "url": "https://x.org"}]},
        "work": [{}, {"name": "Engines", "position": None, "startDate": 1842, "endDate": [1843],
                      "highlights": "one", "summary": {"text": "x"}}, "a job", [1]],
        "education": {"institution": "Home"},
        "skills": [{"name": "Math", "keywords": ["Notes", 1, None, True, {"x": 1}, []]}],
        "awards": [{"title": "Prize", "date": 1840, "awarder": ["Society"]}],
        "publications": [{"name": "Notes", "releaseDate": "present"}],
        "interests": [{"name": 42, "keywords": "engines"}],
        "meta": "v1", "x-cvbuilder": [1],
    }  # fmt: skip
    profile, report = profile_of(document)
    assert (profile.person.name, profile.person.phone, profile.person.location) == (
        "Ada", "5551234", "London")  # fmt: skip
    assert [p.url for p in profile.person.profiles] == ["https://github.com/7"]
    (job,) = profile.experience
    assert (job.organization, job.role, str(job.start), job.highlights) == (
        "Engines", "Member", "1842", ["one"])  # fmt: skip
    assert profile.skills[0].items == ["Notes", "1"]
    assert (profile.awards[0].year, profile.awards[0].issuer) == (1840, None)
    assert profile.interests == ["42: engines"] and profile.publications == []
    assert report == [
        "x-cvbuilder: expected an object, not a list; left out",
        "basics.email: expected text, not true; left out",
        "basics.profiles[0]: expected an object, not text; left out",
        "basics.profiles[2].network: expected text, not a list of 1; left out",
        "basics.profiles[2]: needs a network and a url; left out",
        "work[1].endDate: a list of 1 is not a date; left out",
        "work[1].summary: expected text, not an object ('text'); left out",
        "work[2]: expected an object, not text; left out",
        "work[3]: expected an object, not a list; left out",
        "education: expected a list, not an object; left out",
        "awards[0].awarder: expected text, not a list of 1; left out",
        "publications[0]: JSON Resume has no authors: the profile's owner is listed",
        "publications[0].releaseDate: missing; a publication needs a year: left out",
        "skills[0].keywords[3]: expected text, not true; left out",
        "skills[0].keywords[4]: expected text, not an object ('x'); left out",
        "meta: no place in the profile for 'v1'; left out",
    ]


def test_refused_required_values_take_their_entry_and_nothing_else():
    document = {"basics": {"name": "Ada", "x-cvbuilder": {"name": ["x"]}},
                "work": [{"name": "\x00", "position": "Dev"}, {"name": "Ok", "position": "Dev"}],
                "x-cvbuilder": {"news": [{"date": "2020", "text": "\x07"}, {"date": "2021", "text": "Fine"}]}}  # fmt: skip
    profile, report = profile_of(document)
    assert profile.person.name == "Unknown"
    assert [j.organization for j in profile.experience] == ["Ok"]
    assert [n.text for n in profile.news] == ["Fine"]
    assert report[0] == "person.name: Input should be a valid string; the profile says 'Unknown'"
    assert report[1].startswith("news[0].text: character '\\x07'") and report[1].endswith(
        "; left out"
    )
    assert report[2].startswith("experience[0].organization: character '\\x00'")
    assert report[3:] == ["news[0]: needs text; left out",  # the profile's order
                          "experience[0]: needs organization; left out"]  # fmt: skip


# --- load_json --------------------------------------------------------------------------


def test_load_json_accepts_a_bom_and_refuses_what_is_not_json(tmp_path):
    import os
    import time

    from cvbuilder.files import FileProblem
    from cvbuilder.jsonresume import load_json

    def load(content: bytes | str, name: str = "r.json") -> object:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return load_json(path)

    def problem(content: bytes | str) -> str:
        with pytest.raises(FileProblem) as info:
            load(content)
        return str(info.value).replace(str(tmp_path) + "/", "")

    assert load('\ufeff{"basics": {"name": "Ada"}}') == {"basics": {"name": "Ada"}}
    assert load("[" + "9" * 5000 + "]") == ["9" * 5000]  # kept as text, not a ValueError
    assert problem('{\n  "basics": }') == "r.json:2:13: not valid JSON: Expecting value"
    assert problem("") == "r.json:1:1: not valid JSON: Expecting value"
    assert problem('{"a":\n [NaN]}') == "r.json:2:3: not valid JSON: NaN is no JSON value"
    assert problem(b'{"a":\n "\xff"}') == "r.json:2:3: not valid JSON: byte 0xff is not UTF-8"
    started = time.monotonic()
    assert problem("[" * 100_000 + "]" * 100_000) == "r.json:1:201: nested deeper than 200 levels"
    assert (
        problem('{"a": ' * 300 + "1" + "}" * 300) == "r.json:1:1201: nested deeper than 200 levels"
    )
    assert time.monotonic() - started < 5
    assert load('["[[[[", "\\"[["]') == ["[[[[", '"[[']  # brackets in strings are no nesting
    os.mkfifo(tmp_path / "pipe.json")
    with pytest.raises(FileProblem, match="named pipe"):
        load_json(tmp_path / "pipe.json")
    with pytest.raises(FileProblem, match="folder"):
        load_json(tmp_path)


# --- generated JSON: never an exception, always a valid profile ---------------------------


KEYS = ["basics", "name", "label", "email", "url", "location", "city", "profiles", "network",
        "username", "work", "position", "startDate", "endDate", "highlights", "summary",
        "education", "institution", "courses", "score", "awards", "date", "title", "skills",
        "keywords", "publications", "releaseDate", "interests", "meta", "projects", "roles",
        "x-cvbuilder", "person", "news", "year", "authors"]  # fmt: skip
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
           | st.text(max_size=12) | st.sampled_from(["2020", "2020-05", "present", "山田", "a@b.c",
                                                      "https://x.org", "\x00", ""]))  # fmt: skip
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=30,
)
JSON_SETTINGS = settings(max_examples=200, derandomize=True, deadline=None,
                         suppress_health_check=list(HealthCheck))  # fmt: skip


def imports_cleanly(document: object) -> None:
    data, report = to_profile(document)
    Profile.model_validate(usable(data, report))
    assert all(isinstance(u, str) for u in report.unplaced)


@JSON_SETTINGS
@given(JSON)
def test_any_json_value_imports_to_a_valid_profile(document):
    imports_cleanly(document)
    imports_cleanly({"basics": document, "work": [document], "publications": document})


def paths(value: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += paths(item, (*prefix, i))
    return out


@JSON_SETTINGS
@given(st.data())
def test_mutated_real_json_resumes_import_to_a_valid_profile(data):
    import copy

    files = sorted(SAMPLES.glob("*.json")) if SAMPLES.is_dir() else []
    if not files:
        pytest.skip(f"sample data not found at {SAMPLES} (only in the project's workspace)")
    document = json.loads(data.draw(st.sampled_from(files)).read_text("utf-8"))
    for _ in range(data.draw(st.integers(1, 5))):
        document = copy.deepcopy(document)
        where = data.draw(st.sampled_from(paths(document)))
        if not where:
            document = data.draw(JSON)
            continue
        parent = document
        for part in where[:-1]:
            parent = parent[part]
        if data.draw(st.booleans()):
            parent[where[-1]] = data.draw(JSON)
        else:
            del parent[where[-1]]
    imports_cleanly(document)
