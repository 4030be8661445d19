"""JSON Resume: the official sample and older files in, valid documents out, round trips."""

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvbuilder.build import build, render
from cvbuilder.formats.jsonresume import Report, from_profile, to_profile, usable
from cvbuilder.load.profile import load
from cvbuilder.schema.model import Profile, Publication

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
    profile, report = imported({"basics": {"name": "Ada", "email": "not-an-email", "label": "\x07"},
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
        ({"basics": {"name": "ᏣᎳᎩ"}}, [
            "basics.name: 'ᏣᎳᎩ' is written in Cherokee script, which no font cvbuilder uses has; "
            "the profile says 'Unknown': write the name in Latin letters as person.name"]),
        ({"basics": {"name": "🦄"}}, [
            "basics.name: left out '🦄' (U+1F984 UNICORN FACE): no font of the documents has it; "
            "the rest of the text is kept", "basics.name: missing; the profile says 'Unknown'"]),
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
    assert [(p.network, p.url) for p in profile.person.profiles] == [
        ("GitHub", "https://github.com/7"), ("x.org", "https://x.org")]  # fmt: skip
    (job,) = profile.experience
    assert (job.organization, job.role, str(job.start), job.highlights) == (
        "Engines", "Member", "1842", ["one"])  # fmt: skip
    assert profile.skills[0].items == ["Notes", "1"]
    assert (profile.awards[0].year, profile.awards[0].issuer) == (1840, None)
    needs_year = Publication.model_fields["year"].is_required()  # work in progress has none
    assert profile.interests == ["42: engines"]
    assert [p.title for p in profile.publications] == ([] if needs_year else ["Notes"])
    assert [u for u in report if "a publication needs" not in u] == [
        "x-cvbuilder: expected an object, not a list; left out",
        "basics.email: expected text, not true; left out",
        "basics.profiles[0]: expected an object, not text; left out",
        "basics.profiles[2].network: expected text, not a list of 1; left out",
        "work[1].endDate: a list of 1 is not a date; left out",
        "work[1].summary: expected text, not an object ('text'); left out",
        "work[2]: expected an object, not text; left out",
        "work[3]: expected an object, not a list; left out",
        "education: expected a list, not an object; left out",
        "awards[0].awarder: expected text, not a list of 1; left out",
        "publications[0].releaseDate: 'present' means ongoing, which only an end date can be; "
        "left out",
        "publications[0]: JSON Resume has no authors: the profile's owner is listed",
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
    from cvbuilder.formats.jsonresume import load_json

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
        "x-cvbuilder", "person", "news", "year", "authors", "experience", "community", "from",
        "to", "advisor", "thesis", "Technical skills", "website", "websiteLink"]  # fmt: skip
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
           | st.text(max_size=12) | st.sampled_from(["2020", "2020-05", "present", "山田", "a@b.c",
                                                      "https://x.org", "\x00", "", "now", "?",
                                                      "07/2025", "<b>x</b>", "🚀 x", "&amp;",
                                                      "<ul><li>a</li></ul>", "github.com/x"]))  # fmt: skip
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

    from cvbuilder.formats.jsonresume import load_json

    files = sorted(SAMPLES.glob("*.json")) if SAMPLES.is_dir() else []
    files += sorted((DATA / "wild" / "jsonresume").glob("*.json"))
    document = dict(load_json(data.draw(st.sampled_from(files))))
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


# --- what people write: one test per class of real-world quirk (tests/data/wild) -------------


def test_html_in_text_becomes_markup_and_lists_become_highlights():
    profile, report = imported({
        "basics": {"name": "Ada", "label": "<a href='https://e.org'>Analyst</a> &amp; writer",
                   "summary": "<p>I <strong>build</strong> engines.</p><ul><li>One</li><li>Two</li></ul>"},
        "work": [{"name": "Engines &amp; Co", "position": "Dev", "startDate": "2020",
                  "endDate": "2021",
                  "summary": "Did <em>things</em>:<ul><li>Gears <b>fast</b></li><li>See "
                             "<a href=\"https://e.org/a\">notes</a></li></ul>",
                  "highlights": ["<b>Bold</b> claim<br>continued", "a &lt; b, R&D, AT&T"]}],
        "references": [{"name": "Bo", "reference": "Great<br/>colleague&nbsp;indeed"}],
    })  # fmt: skip
    assert profile.person.position == "Analyst & writer"
    assert profile.summary == "I **build** engines.\n• One\n• Two"
    job = profile.experience[0]
    assert job.organization == "Engines & Co" and job.summary == "Did *things*:"
    assert job.highlights == ["Gears **fast**", "See [notes](https://e.org/a)",
                              "**Bold** claim\ncontinued", "a < b, R&D, AT&T"]  # fmt: skip
    assert profile.references[0].reference == "Great\ncolleague indeed"
    assert "basics.label: links left out (plain text has none): https://e.org" in report.unplaced


@pytest.mark.parametrize(
    ("written", "end", "value", "note"),
    [
        ("2024", False, "2024", None),
        ("2024-9-3", False, "2024-09-03", None),
        ("07/2025", False, "2025-07", None),
        ("7.2025", False, "2025-07", None),
        ("28/09/2023", False, "2023-09-28", None),
        ("09/28/2023", False, "2023-09-28", None),
        ("05/06/2023", False, "2023", "day and month could be either way round; kept the year 2023"),
        ("May 2022", False, "2022-05", None),
        ("Sept. 2019", False, "2019-09", None),
        ("2019 March", False, "2019-03", None),
        ("3 März 2019", False, "2019-03-03", None),
        ("June 5th, 2019", False, "2019-06-05", None),
        ("'16", False, "2016", None),
        ("’98", False, "1998", None),
        ("2014-06-01T10:00:00Z", False, "2014-06-01", None),
        ("2024-09-31", False, "2024-09", "is no day of the calendar; kept 2024-09"),
        ("2024-13", False, "2024", "has no month 13; kept the year 2024"),
        ("2017-05 - 2019-04, 2025-02", False, "2017-05", "not one date; kept the earliest date, 2017-05"),
        ("2017-05 - 2019-04", True, "2019-04", "not one date; kept the latest date, 2019-04"),
        ("Summer 2019", False, "2019", "not one date; kept the year, 2019"),
        ("Present", True, "present", None),
        ("now", True, "present", None),
        ("Current", True, "present", None),
        ("至今", True, "present", None),
        ("?", True, "present", "read as ongoing (present)"),
        ("now", False, None, "means ongoing, which only an end date can be; left out"),
        ("?", False, None, "is not a date; left out"),
        ("submitted", False, None, "is not a date; left out"),
        (1842, False, "1842", None),
        (True, False, None, "true is not a date; left out"),
    ],
)  # fmt: skip
def test_dates_as_people_write_them(written, end, value, note):
    from cvbuilder.formats.jsonresume import read_date

    read = read_date(written, end=end)
    assert read.value == value
    assert (read.note is None) if note is None else note in read.note


@pytest.mark.parametrize("end", [None, "", "  ", "Present", "present", "now", "current"])
@pytest.mark.parametrize("section", ["work", "volunteer", "education", "projects"])
def test_a_start_without_an_end_is_ongoing(section, end):
    item = {"name": "X", "organization": "X", "institution": "X", "position": "Dev",
            "startDate": "2020-01", **({} if end is None else {"endDate": end})}  # fmt: skip
    profile, _ = imported({"basics": {"name": "Ada"}, section: [item]})
    key = {"work": "experience"}.get(section, section)
    (entry,) = getattr(profile, key)
    assert str(entry.end) == "present"
    assert "present" in render(profile, "cv").lower()


def test_an_entry_with_no_dates_stays_undated_and_a_lone_date_is_its_date():
    profile, report = imported({"basics": {"name": "Ada"},
                                "work": [{"name": "X", "position": "Dev"}],
                                "volunteer": [{"organization": "Y", "date": "2023-09-24"}]})  # fmt: skip
    assert (profile.experience[0].start, profile.experience[0].end) == (None, None)
    assert str(profile.volunteer[0].start) == str(profile.volunteer[0].end) == "2023-09-24"
    assert "volunteer[0].date: not standard; read as the entry's date" in report.unplaced


@pytest.mark.parametrize(
    ("network", "username", "url", "expected"),
    [
        ("GitHub", "ada", None, ("GitHub", "https://github.com/ada")),
        ("github", "ada", "github.com/ada", ("github", "https://github.com/ada")),
        ("LinkedIn", "ada-l", "https://www.linkedin.com/in/", ("LinkedIn", "https://www.linkedin.com/in/ada-l")),
        ("LinkedIn", "https://www.linkedin.com/in/ada-l/", "", ("LinkedIn", "https://www.linkedin.com/in/ada-l/")),
        ("Twitter", "@ada", "", ("Twitter", "https://twitter.com/ada")),
        ("X", "ada", None, ("X", "https://x.com/ada")),
        ("GitLab", "ada", None, ("GitLab", "https://gitlab.com/ada")),
        ("ORCID", "0000-0002-1825-0097", None, ("ORCID", "https://orcid.org/0000-0002-1825-0097")),
        ("Google Scholar", "BQNVCjYAAAAJ", None,
         ("Google Scholar", "https://scholar.google.com/citations?user=BQNVCjYAAAAJ")),
        ("Stack Overflow", "9170029", None, ("Stack Overflow", "https://stackoverflow.com/users/9170029")),
        ("Mastodon", "@ada@fosstodon.org", None, ("Mastodon", "https://fosstodon.org/@ada")),
        ("Bitbucket", "ada", None, ("Bitbucket", "https://bitbucket.org/ada")),
        ("Medium", "@ada", None, ("Medium", "https://medium.com/@ada")),
        ("Kaggle", "ada", None, ("Kaggle", "https://www.kaggle.com/ada")),
        (None, "ada", "https://github.com/ada", ("GitHub", "https://github.com/ada")),
        (None, "ada", "https://ada.example.org", ("ada.example.org", "https://ada.example.org")),
        ("Blog", "ada", "ada.example.org", ("Blog", "https://ada.example.org")),
    ],
)  # fmt: skip
def test_profiles_get_a_link_from_the_user_name(network, username, url, expected):
    profile, report = imported({"basics": {"name": "Ada", "profiles": [
        {"network": network, "username": username, "url": url}]}})  # fmt: skip
    (social,) = profile.person.profiles
    assert (social.network, social.url) == expected, report.unplaced


@pytest.mark.parametrize(
    ("network", "username", "why"),
    [
        (None, "ada", "no network is named"),
        ("Myspace", "ada", "no web address is known for the network 'Myspace'"),
        ("Stack Overflow", "ada", "'ada' does not look like a Stack Overflow user name"),
        ("Mastodon", "ada", "'ada' does not look like a Mastodon user name"),
    ],
)
def test_a_user_name_that_cannot_become_a_link_is_kept_as_text(network, username, why):
    profile, report = imported({"basics": {"name": "Ada", "profiles": [
        {"network": network, "username": username}]}})  # fmt: skip
    [kept] = profile.person.profiles
    assert (kept.network, kept.url, kept.username) == (network, None, username), why
    assert report.unplaced == []


def test_non_standard_keys_go_to_their_obvious_place():
    profile, report = imported({
        "basics": {"name": "Ada Lovelace", "aboutMe": "About me.", "websiteLink": "https://a.org"},
        "experience": [{"company": "Engines", "title": "Analyst", "from": "May 2022",
                        "to": "Current", "description": "Analysed.",
                        "activities": ["Notes"], "technologies": ["Go", "Rust"]}],
        "community": [{"organization": "Meetup", "position": "Host", "startDate": "2012"}],
        "education": [{"institution": "Home", "studyType": "PhD", "advisor": "A. De Morgan and M. Somerville",
                       "thesis": "Notes", "Start Date": "1840"}],
        "Technical skills": [{"name": "Math", "keywords": ["Notes"]}],
        "project highlights": [{"name": "Engine", "summary": "A machine."}],
        "publications": [{"title": "Sketch", "authors": "L. F. Menabrea, A. Lovelace*",
                          "date": "1843", "link": "https://a.org/sketch"}],
    })  # fmt: skip
    assert profile.summary == "About me." and profile.person.homepage == "https://a.org"
    job = profile.experience[0]
    assert (job.organization, job.role, str(job.start), str(job.end), job.summary) == (
        "Engines", "Analyst", "2022-05", "present", "Analysed.")  # fmt: skip
    assert job.highlights == ["Notes", "Technologies: Go, Rust"]
    assert profile.volunteer[0].organization == "Meetup"
    school = profile.education[0]
    assert school.advisors == ["A. De Morgan", "M. Somerville"] and school.thesis == "Notes"
    assert str(school.start) == "1840"
    assert profile.skills[0].category == "Math" and profile.projects[0].description == "A machine."
    (paper,) = profile.publications
    assert (paper.title, paper.year, paper.links.paper) == ("Sketch", 1843, "https://a.org/sketch")
    assert [(a.name, a.owner, a.equal) for a in paper.authors] == [
        ("L. F. Menabrea", False, False), ("A. Lovelace", True, True)]  # fmt: skip
    for note in ["basics.aboutMe: not standard; read as 'summary'",
                 "experience: not a JSON Resume section; read as 'work'",
                 "experience[0].from: not standard; read as 'startDate'",
                 "experience[0].description: not standard; read as 'summary'",
                 "community: not a JSON Resume section; read as 'volunteer'",
                 "education[0].advisor: not standard; read as 'advisors'",
                 "education[0].thesis: not standard; read as its profile field",
                 "Technical skills: not a JSON Resume section; read as 'skills'",
                 "publications[0].authors: not standard; read as its profile field"]:  # fmt: skip
        assert note in report.unplaced
    assert not [u for u in report.unplaced if "no place" in u]


def test_characters_no_font_has_are_dropped_one_by_one():
    profile, report = imported({"basics": {"name": "Ada 🦄", "summary": "🚀Fast / ⚙ solid (⚛️ React)…"},
                                "work": [{"name": "Café", "position": "Dev ✨",
                                          "highlights": ["Shipped 🎉.", "Nguyễn’s ＡＰＩ"]}]})  # fmt: skip
    assert profile.person.name == "Ada" and profile.summary == "Fast / solid (React)..."
    assert profile.experience[0].role == "Dev"
    assert profile.experience[0].highlights == ["Shipped.", "Nguyễn’s API"]  # XeLaTeX has ễ
    assert report.unplaced[1] == (
        "basics.summary: left out '🚀' (U+1F680 ROCKET), '⚙' (U+2699 GEAR), '⚛' (U+269B ATOM "
        "SYMBOL), '\\ufe0f' (U+FE0F VARIATION SELECTOR-16): no font of the documents has them; "
        "the rest of the text is kept"
    )
    assert not [u for u in report.unplaced if "without accent" in u]


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Abraham Yang 杨杨", "Abraham Yang 杨杨"),  # XeLaTeX sets CJK, Greek, Cyrillic
        ("山田 太郎 (Taro Yamada)", "山田 太郎 (Taro Yamada)"),
        ("Zoë Ångström", "Zoë Ångström"),
        ("Γιώργος Παπαδόπουλος", "Γιώργος Παπαδόπουλος"),
        ("김민준", "김민준"),
        ("ᏣᎳᎩ Sequoyah", "Sequoyah"),  # Cherokee: no font cvbuilder uses has it
        ("ᏣᎳᎩ", "Unknown"),
    ],
)
def test_names_keep_what_a_font_can_print(written, name):
    profile, report = imported({"basics": {"name": written}})
    assert profile.person.name == name
    assert bool(report.unplaced) == (written != name)


def test_text_in_other_scripts_is_kept_as_written():
    profile, report = imported({"basics": {"name": "Ada"}, "work": [
        {"name": "Trajectry (前身为安永Fabernovel中国)", "position": "北京大学 (Peking University)"},
        {"name": "上海瑞杰", "position": "Dev"}]})  # fmt: skip
    assert [(j.organization, j.role) for j in profile.experience] == [
        ("Trajectry (前身为安永Fabernovel中国)", "北京大学 (Peking University)"),
        ("上海瑞杰", "Dev")]  # fmt: skip
    assert not report.unplaced


def test_single_and_ongoing_dates_survive_export_and_import(schema):
    profile = Profile.model_validate({
        "person": {"name": "Ada"},
        "experience": [{"role": "A", "organization": "B", "start": "2020-05"},
                       {"role": "A", "organization": "C", "end": "present"},
                       {"role": "A", "organization": "D", "start": "2019", "end": "present"}],
        "education": [{"degree": "PhD", "institution": "E", "start": "2018", "end": "2018"}],
    })  # fmt: skip
    document = from_profile(profile)
    jsonschema.validate(document, schema)
    assert document["work"][0]["endDate"] == "2020-05"  # other tools would say 'ongoing'
    assert "endDate" not in document["work"][2]
    assert imported(json.loads(json.dumps(document)))[0] == profile


def test_jsonc_comments_are_skipped_with_a_note(tmp_path):
    from cvbuilder.formats.jsonresume import load_json

    path = tmp_path / "r.json"
    path.write_text('{"basics": {"name": "Ada", // the name\n "url": "https://a.org" /* a\n'
                    'b */}}\n// end')  # fmt: skip
    document = load_json(path)
    data, report = to_profile(document)
    assert data["person"] == {"name": "Ada", "homepage": "https://a.org"}
    assert report.unplaced == ["$: comments on lines 1-2, 4 skipped (JSON has none)"]
