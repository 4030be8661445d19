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


def test_the_current_locale_is_per_context() -> None:
    assert locales.current().language == "en"
    with locales.using(locales.get("de")):
        assert locales.current().language == "de"
    assert locales.current().language == "en"
