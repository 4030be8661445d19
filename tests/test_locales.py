"""Locales: one YAML file per language, English as the fallback, a profile's own strings on top."""

from __future__ import annotations

import re

import pytest

from cvbuilder import locales

EN = locales.get("en")


@pytest.mark.parametrize("tag", sorted(locales.available()))
def test_every_locale_has_the_reference_shape(tag: str) -> None:
    """Each file has every key, lists of the same length and no placeholder the code does not
    fill (a {typo} would stop a build with a KeyError)."""
    loc = locales.get(tag)
    assert loc.missing == ()
    assert loc.language == tag
    for key, english in EN.strings.items():
        value = loc.strings[key]
        if isinstance(english, list):
            assert isinstance(value, list) and len(value) == len(english), key
        elif isinstance(english, str) and key not in ("hyphenation", "cjk"):
            allowed = set(re.findall(r"\{(\w+)\}", english)) | locales._EXTRA_FIELDS.get(key, set())
            used = set(re.findall(r"\{(\w+)\}", value))
            assert used <= allowed, (key, used - allowed)
    assert loc.month_year(2024, 9) and loc("date.range", start="a", end="b")
    assert loc.long_date(2026, 11, 27) and loc("letter.salutation", name="X")


def test_at_least_twelve_languages_and_their_own_names() -> None:
    found = locales.available()
    wanted = {"en", "zh-Hans", "zh-Hant", "ja", "ko", "de", "fr", "es", "pt", "it", "ru", "nl"}
    assert wanted <= set(found)
    assert found["de"] == "Deutsch" and found["zh-Hans"] == "简体中文"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en", "Sep 2024"), ("de", "Sept. 2024"), ("zh-Hans", "2024年9月"), ("ja", "2024年9月"),
     ("ko", "2024년 9월"), ("fr", "sept. 2024")],
)  # fmt: skip
def test_dates_follow_the_locale_convention(tag: str, expected: str) -> None:
    assert locales.get(tag).month_year(2024, 9) == expected


LETTER_KEYS = ["date.long", "date.months_day", "documents.letter", "letter.salutation",
               "letter.salutation_generic", "letter.closing", "letter.subject"]  # fmt: skip


@pytest.mark.parametrize("tag", sorted(locales.available()))
def test_every_locale_has_its_own_words_for_a_cover_letter(tag: str) -> None:
    own = locales._read(tag)
    assert [k for k in LETTER_KEYS if k not in own] == []
    assert len(own["date.months_day"]) == 12
    assert {"{day}", "{year}"} <= set(re.findall(r"\{\w+\}", own["date.long"]))
    assert "{name}" in own["letter.salutation"] and "{role}" in own["letter.subject"]
    assert "{" not in own["letter.salutation_generic"] + own["letter.closing"]


LONG_DATES = {"en": "November 27, 2026", "de": "27. November 2026", "zh-Hans": "2026年11月27日",
              "ja": "2026年11月27日", "ko": "2026년 11월 27일", "fr": "27 novembre 2026",
              "ru": "27 ноября 2026\u00a0г."}  # fmt: skip


@pytest.mark.parametrize(("tag", "expected"), sorted(LONG_DATES.items()))
def test_long_dates_follow_the_locale_convention(tag: str, expected: str) -> None:
    assert locales.get(tag).long_date(2026, 11, 27) == expected


@pytest.mark.parametrize("tag", sorted(locales.available()))
def test_long_dates_are_the_cldr_ones(tag: str) -> None:
    """As Babel formats them, but for the no-break space the files have for CLDR's narrow one."""
    from datetime import date

    dates = pytest.importorskip("babel.dates")
    loc = locales.get(tag)
    for year, month, day in [(2026, 11, 27), (2026, 3, 7), (2025, 5, 1)]:
        expected = dates.format_date(date(year, month, day), "long", locale=tag.replace("-", "_"))
        assert loc.long_date(year, month, day) == expected.replace("\u202f", "\u00a0")


def test_a_salutation_names_the_recipient() -> None:
    assert EN("letter.salutation", name="Dr. Ada Lovelace") == "Dear Dr. Ada Lovelace,"
    assert locales.get("de")("letter.salutation", name="Erika Muster") == "Guten Tag Erika Muster,"
    assert locales.get("ja")("letter.salutation", name="山田太郎") == "山田太郎様"
    assert EN("letter.subject", role="Research Scientist") == "Application for Research Scientist"


def test_lookup_falls_back_along_the_tag_and_then_to_english() -> None:
    assert locales.get("de-AT").strings["sections.education"] == "Ausbildung" or (
        locales.get("de-AT").strings == locales.get("de").strings
    )
    assert locales.get("zh-Hans-HK").strings == locales.get("zh-Hans").strings
    unknown = locales.get("tlh")
    assert unknown.unknown_language and unknown("date.present") == "Present"


def test_a_locale_file_that_lacks_a_key_falls_back_to_english(monkeypatch) -> None:
    def fake(tag: str) -> dict:
        data = dict(real(tag))
        if tag == "de":
            del data["date.present"]
        return data

    real = locales._read.__wrapped__
    monkeypatch.setattr(locales, "_read", fake)
    loc = locales.get("de")
    assert loc.missing == ("date.present",)
    assert loc("date.present") == "Present"  # English, never the key name


def test_overrides_take_dotted_or_nested_keys_and_texts_in_several_languages() -> None:
    flat, problems = locales.overrides(
        {"date": {"present": {"en": "now", "de": "jetzt"}}, "sections.news": "Updates"}, "de"
    )
    assert problems == []
    assert flat == {"date.present": "jetzt", "sections.news": "Updates"}
    assert locales.get("de", flat)("date.present") == "jetzt"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sections": {"newz": "x"}}, "did you mean 'sections.news'"),
        ({"date": {"month_year": "{month} {yaer}"}}, "unknown placeholder {yaer}"),
        ({"date": {"long": "{day} {monthday} {year}"}}, "unknown placeholder {monthday}"),
        ({"letter": {"salutation": "Hi {recipient},"}}, "unknown placeholder {recipient}"),
        ({"letter": {"subject": "{role} at {employer}"}}, "unknown placeholder {employer}"),
        ({"date": {"range": "{start} { {end}"}}, "must be doubled"),
        ({"date": {"months": ["Jan"]}}, "list of 12 strings"),
        ({"date": {"present": 3}}, "must be text"),
    ],
)
def test_wrong_overrides_are_named(data: dict, message: str) -> None:
    _, problems = locales.overrides(data)
    assert len(problems) == 1 and message in problems[0]


def test_numeric_month_templates_are_allowed() -> None:
    flat, problems = locales.overrides({"date": {"month_year": "{mm}/{year}"}})
    assert problems == [] and locales.get("en", flat).month_year(2024, 9) == "09/2024"


def test_every_placeholder_of_a_long_date_and_a_letter_may_be_overridden() -> None:
    flat, problems = locales.overrides(
        {"date": {"long": "{dd}.{mm}.{year} ({day} {m} {month} {month_full} {month_day})"},
         "letter": {"salutation": "Hello {name},", "subject": "{role} at {company}"}}
    )  # fmt: skip
    assert problems == []
    loc = locales.get("en", flat)
    assert loc.long_date(2026, 3, 7) == "07.03.2026 (7 3 Mar March March)"
    assert loc("letter.subject", role="Engineer", company="ACME") == "Engineer at ACME"


def test_the_current_locale_is_per_context() -> None:
    assert locales.current().language == "en"
    with locales.using(locales.get("de")):
        assert locales.current().language == "de"
    assert locales.current().language == "en"
