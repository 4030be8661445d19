"""One profile in several languages: texts per language, locales for headings and dates,
``--language`` and variants with a ``language``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cvbuilder.cli.commands import main
from cvbuilder.load.profile import Source
from cvbuilder.problems import ProfileError

from .conftest import flat, pdf_text

PROFILE = {
    "person": {"name": "Ada Muster", "position": {"en": "Researcher", "de": "Forscherin"}},
    "summary": {"en": "Works on *systems*.", "de": "Arbeitet an *Systemen*."},
    "education": [{"degree": "PhD", "field": "Computer Science", "institution": "ETH Zürich",
                   "start": "2020-09", "end": "present"}],
    "awards": [{"year": 2023, "title": {"en": "Best Paper Award", "zh-Hans": "最佳论文奖"}}],
    "variants": {"cv-de": {"layout": "academic", "language": "de"}},
}  # fmt: skip


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_texts_are_read_in_the_language_asked_for(tmp_path: Path) -> None:
    notes: list = []
    source = Source(write(tmp_path, PROFILE), notes)
    assert source.profile().person.position == "Researcher"
    assert not notes  # the default language: every text has it
    german = source.profile("de")
    assert german.person.position == "Forscherin" and german.summary == "Arbeitet an *Systemen*."
    assert german.awards[0].title == "Best Paper Award"  # no German: the default language's
    (note,) = [str(n) for n in notes]  # one note, grouped, with the fields
    assert "language de" in note and "awards[0].title" in note
    assert re.search(r"profile.yaml:\d+:\d+: language de: 1 text", note)


def test_a_text_without_the_language_or_the_default_is_an_error(tmp_path: Path) -> None:
    data = {"person": {"name": {"de": "Ada", "fr": "Ada"}}}
    with pytest.raises(ProfileError) as info:
        Source(write(tmp_path, data)).profile()
    assert "person.name: no text in en or en (the default_language); has de, fr" in str(info.value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"en": "x", "english": "x"}, "'english' is not a language tag"),
        ({}, "no text in any language"),
        ({"english": "x"}, "must be text, not a mapping"),
    ],
)
def test_wrong_language_mappings_are_named(tmp_path: Path, value: dict, message: str) -> None:
    with pytest.raises(ProfileError) as info:
        Source(write(tmp_path, {"person": {"name": "A", "position": value}})).profile()
    assert re.search(r"profile.yaml:\d+:\d+: person.position: ", str(info.value))
    assert message in str(info.value)


def test_a_german_variant_has_german_headings_dates_and_texts(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(write(tmp_path, PROFILE)), "-o",
                                       str(tmp_path / "out")])  # fmt: skip
    assert result.exit_code == 0, result.output
    english = flat(pdf_text(tmp_path / "out" / "cv.pdf"))
    german = flat(pdf_text(tmp_path / "out" / "cv-de.pdf"))
    assert "Researcher" in english and "Education" in english and "Sep 2020 – Present" in english
    assert "Forscherin" in german and "Ausbildung" in german and "Sept. 2020 – heute" in german
    assert "Informatik" not in german  # content stays as written: only fixed words translate
    assert "PhD in Computer Science" in german  # "in" is also German


def test_language_option_builds_chinese_with_xelatex(tmp_path: Path) -> None:
    path = write(tmp_path, PROFILE)
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out"),
                                       "--language", "zh-Hans", "-v", "cv", "-v", "resume"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "XeLaTeX" in result.output
    cv = flat(pdf_text(tmp_path / "out" / "cv-zh-Hans.pdf"))
    assert "教育背景" in cv and "2020年9月" in cv and "至今" in cv and "最佳论文奖" in cv
    resume = flat(pdf_text(tmp_path / "out" / "resume-zh-Hans.pdf"))
    assert resume.startswith("Ada Muster") and "最佳论文奖" in resume
    assert not (tmp_path / "out" / "cv.pdf").exists()  # only what was asked for
    assert "language zh-Hans" in result.output  # the untranslated texts are listed once


def test_a_profile_overrides_locale_strings(tmp_path: Path) -> None:
    data = {**PROFILE, "locale": {"date": {"present": {"en": "now", "de": "jetzt"}}}}
    result = CliRunner().invoke(main, ["build", str(write(tmp_path, data)), "-o",
                                       str(tmp_path / "out")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Sep 2020 – now" in flat(pdf_text(tmp_path / "out" / "cv.pdf"))
    assert "Sept. 2020 – jetzt" in flat(pdf_text(tmp_path / "out" / "cv-de.pdf"))


def test_unknown_language_falls_back_to_english_with_a_warning(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(write(tmp_path, PROFILE)), "-o",
                                       str(tmp_path / "out"), "-l", "tlh", "-v", "cv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "no locale for 'tlh'" in result.output
    assert "Education" in flat(pdf_text(tmp_path / "out" / "cv-tlh.pdf"))


def test_a_bad_language_tag_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(write(tmp_path, PROFILE)), "-o",
                                       str(tmp_path / "out"), "-l", "not a tag"])  # fmt: skip
    assert result.exit_code == 2 and "not a language tag" in result.output


def test_locales_command_lists_languages_and_keys() -> None:
    result = CliRunner().invoke(main, ["locales"])
    assert result.exit_code == 0 and "zh-Hans    简体中文" in result.output
    assert len(result.output.splitlines()) >= 12
    keys = CliRunner().invoke(main, ["locales", "--keys"]).output
    assert "date.present" in keys and "Present" in keys


def test_engines_command_says_which_variant_needs_xelatex(tmp_path: Path) -> None:
    data = {**PROFILE, "variants": {"cv-zh": {"layout": "academic", "language": "zh-Hans"}}}
    path = write(tmp_path, data)
    result = CliRunner().invoke(main, ["engines", str(path)])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(None, 1) for line in result.output.splitlines())
    assert lines["cv"].startswith("pdfLaTeX") and lines["cv-zh"].startswith("XeLaTeX for")
    needed = CliRunner().invoke(main, ["engines", str(path), "--needed"])
    assert needed.output == "xelatex\n"
    latin = write(tmp_path, {"person": {"name": "Zoë Ångström"}})  # make cv installs no XeLaTeX
    assert CliRunner().invoke(main, ["engines", str(latin), "--needed"]).output == ""


def test_json_resume_carries_the_language(tmp_path: Path) -> None:
    resume = {"basics": {"name": "Ada"}, "meta": {"language": "de"}}
    (tmp_path / "r.json").write_text(json.dumps(resume))
    result = CliRunner().invoke(main, ["import", "jsonresume", str(tmp_path / "r.json"), "-o",
                                       str(tmp_path / "p.yaml")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((tmp_path / "p.yaml").read_text())["default_language"] == "de"
    path = write(tmp_path, PROFILE)
    out = CliRunner().invoke(main, ["export", "jsonresume", str(path), "-l", "de"]).output
    document = json.loads(out[out.index("{") :])
    assert document["meta"]["language"] == "de" and document["basics"]["label"] == "Forscherin"


def test_page_x_of_y_when_the_locale_asks_for_it(tmp_path: Path) -> None:
    data = {"person": {"name": "Ada"}, "interests": ["x"],
            "locale": {"date": {"page": "Page {page} of {pages}"}}}  # fmt: skip
    result = CliRunner().invoke(main, ["build", str(write(tmp_path, data)), "-o",
                                       str(tmp_path / "out"), "-v", "cv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Page 1 of 1" in flat(pdf_text(tmp_path / "out" / "cv.pdf"))


def test_validate_lists_what_each_variant_language_lacks(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(write(tmp_path, PROFILE))])
    assert result.exit_code == 0, result.output
    assert "language de: 1 text(s) have no de version" in result.output
    assert "awards[0].title" in result.output


@pytest.mark.parametrize(("name", "language"), [("resume.ru.json", "ru"), ("cv.pt-BR.json", "pt-BR"),
                                                ("my.cv.json", None), ("resume.json", None)])  # fmt: skip
def test_a_json_resume_file_per_language_gives_the_language(
    tmp_path: Path, name: str, language: str | None
) -> None:
    (tmp_path / name).write_text(json.dumps({"basics": {"name": "Ada"}}))
    result = CliRunner().invoke(main, ["import", "jsonresume", str(tmp_path / name), "-o",
                                       str(tmp_path / "p.yaml")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((tmp_path / "p.yaml").read_text()).get("default_language") == language
