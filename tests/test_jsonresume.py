"""JSON Resume: the official sample and older files in, valid documents out, round trips."""

import json

import jsonschema
import pytest

from cvbuilder.build import build
from cvbuilder.jsonresume import Report, from_profile, to_profile, usable
from cvbuilder.loader import load
from cvbuilder.model import Profile

from .conftest import DATA, ROOT, flat, pdf_text


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
