"""Job files: validated as strictly as the profile, every problem with file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvbuilder.apply.load import load_job, load_jobs
from cvbuilder.load.profile import load
from cvbuilder.problems import ProfileError

ROOT = Path(__file__).resolve().parent.parent
PROFILE = """\
person: {name: Grace Hopper}
experience:
  - {role: Engineer, organization: Navy, start: 1944, end: 1946, tags: [systems]}
"""


@pytest.fixture
def profile(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "profile.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    return load(path)


def job(tmp_path: Path, text: str, name: str = "acme.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
company: Acme
role: Engineer
letter:
  body: |
    I apply for {role} at {company}.

    Second paragraph, {{literal braces}}.
"""


def problems(path: Path, profile) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ProfileError) as info:
        load_job(path, profile)
    return [str(p) for p in info.value.problems]


def test_a_good_job_file_gives_its_id_paragraphs_and_defaults(tmp_path: Path, profile) -> None:  # type: ignore[no-untyped-def]
    loaded = load_job(job(tmp_path, GOOD, "Acme ML.yaml"), profile)
    assert loaded.id == "acme-ml"
    assert loaded.job.wanted == ["resume", "letter"]
    assert loaded.job.letter is not None
    assert loaded.job.letter.body == [
        "I apply for {role} at {company}.",
        "Second paragraph, {{literal braces}}.",
    ]
    assert loaded.posting == ""


def test_an_unknown_placeholder_is_named_with_its_line(tmp_path: Path, profile) -> None:  # type: ignore[no-untyped-def]
    text = GOOD.replace("{company}.", "{compnay}.")
    found = problems(job(tmp_path, text), profile)
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'acme.yaml'}:4:")
    assert "letter.body[0]: unknown placeholder {compnay}; known: {company}, {role}" in found[0]


def test_a_lone_brace_and_an_empty_recipient_placeholder_are_problems(
    tmp_path: Path,
    profile,  # type: ignore[no-untyped-def]
) -> None:
    text = GOOD + "  subject: 'About {role'\n  salutation: 'Dear {recipient.name},'\n"
    found = problems(job(tmp_path, text), profile)
    assert any("letter.subject: a lone { or }" in p for p in found), found
    assert any(
        "letter.salutation: {recipient.name} needs recipient.name in the job file" in p
        for p in found
    ), found


def test_every_problem_at_once_with_positions(tmp_path: Path, profile) -> None:  # type: ignore[no-untyped-def]
    text = """\
company: Acme
rol: Engineer
date: 2026-11
layout: fancy
documents: [resume, letter, cover]
tags: [Not A Tag]
"""
    found = problems(job(tmp_path, text), profile)
    text_of = "\n".join(found)
    assert ":2:1: rol: unknown field" in text_of
    assert "role: required field is missing" in text_of
    assert "tags[0]" in text_of
    # cross-field checks come only once the file validates: fix the schema errors first
    fixed = (
        "company: Acme\nrole: R\ndate: 2026-11\nlayout: fancy\ndocuments: [resume, letter, cv2]\n"
    )
    found = problems(job(tmp_path, fixed), profile)
    text_of = "\n".join(found)
    assert ":3:7: date: 2026-11: a letter's date needs a day" in text_of
    assert ":4:9: layout: unknown layout 'fancy'" in text_of
    assert "documents[1]: the letter needs a letter: block with its body" in text_of
    assert "documents[2]: unknown document 'cv2'" in text_of


def test_posting_from_a_file_beside_the_job_and_a_missing_one(tmp_path: Path, profile) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "ad.txt").write_text("We use PyTorch.\n", encoding="utf-8")
    loaded = load_job(job(tmp_path, "company: A\nrole: R\nposting: ad.txt\n"), profile)
    assert loaded.posting == "We use PyTorch.\n"
    found = problems(job(tmp_path, "company: A\nrole: R\nposting: gone.txt\n"), profile)
    assert len(found) == 1 and ":3:10: posting: 'gone.txt': no such file" in found[0], found
    inline = load_job(job(tmp_path, "company: A\nrole: R\nposting: We use Go.\n"), profile)
    assert inline.posting == "We use Go."


def test_a_signature_is_checked_like_the_photo(tmp_path: Path, profile) -> None:  # type: ignore[no-untyped-def]
    found = problems(job(tmp_path, GOOD + "  signature: sig.png\n"), profile)
    assert len(found) == 1 and "letter.signature: 'sig.png': no such file" in found[0], found
    found = problems(job(tmp_path, GOOD + "  signature: sig.gif\n"), profile)
    assert "a signature must be a PNG, JPEG or PDF file" in found[0], found
    (tmp_path / "sig.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    loaded = load_job(job(tmp_path, GOOD + "  signature: sig.png\n"), profile)
    assert loaded.signature == (tmp_path / "sig.png").resolve()


def test_two_job_files_with_one_id_are_refused(tmp_path: Path, profile) -> None:  # type: ignore[no-untyped-def]
    a = job(tmp_path, GOOD, "a.yaml")
    b = job(tmp_path, "id: a\n" + GOOD, "b.yaml")
    with pytest.raises(ProfileError) as info:
        load_jobs([a, b], profile)
    assert any("job id 'a' is also" in str(p) for p in info.value.problems)


def test_the_example_job_file_validates_against_the_repository_profile() -> None:
    loaded = load_job(ROOT / "jobs" / "example.yaml", load(ROOT / "profile.yaml"))
    assert loaded.id == "example"
    assert "fictional" in loaded.job.company.lower()
    assert loaded.posting and loaded.job.letter is not None


def test_a_statement_may_not_take_a_variants_or_the_letters_name(tmp_path: Path, profile) -> None:  # type: ignore[no-untyped-def]
    text = (
        GOOD
        + """statements:
  resume: {title: A, sections: [{body: x}]}
  cover-letter: {title: B, sections: [{body: y}]}
"""
    )
    found = problems(job(tmp_path, text), profile)
    assert any("statements.resume: 'resume' is a variant of the profile name" in p for p in found)
    assert any("statements.cover-letter: 'cover-letter' is the letter's name" in p for p in found)
