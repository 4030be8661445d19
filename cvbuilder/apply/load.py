"""Read job files: every problem of every file at once, located like the profile's, and the
checks that need the profile (documents it can build, a layout that exists, placeholders with
nothing to fill them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cvbuilder import registry
from cvbuilder.apply.job import LETTER, LETTER_FILE, Job, fields_of, posting_path
from cvbuilder.load.messages import validation_problems
from cvbuilder.load.positions import Positions
from cvbuilder.load.references import _file_problem
from cvbuilder.load.yaml_reader import read_text, read_yaml
from cvbuilder.problems import Problem, ProfileError, shown, sort_problems, unknown
from cvbuilder.schema.dates import parse_date
from cvbuilder.schema.model import Profile
from cvbuilder.select.variants import resolve


@dataclass
class JobFile:
    """A validated job file: its id (the output folder), the posting's text and the files it
    names, made absolute."""

    path: Path
    id: str
    job: Job
    posting: str
    signature: Path | None
    positions: Positions

    @property
    def language(self) -> str | None:
        return self.job.language


def load_jobs(paths: list[Path], profile: Profile) -> list[JobFile]:
    """Every job file, or one :class:`ProfileError` with the problems of all of them; two files
    with the same id would write the same folder, which is a problem too."""
    problems: list[Problem] = []
    jobs: list[JobFile] = []
    for path in paths:
        try:
            jobs.append(load_job(path, profile))
        except ProfileError as exc:
            problems += exc.problems  # type: ignore[arg-type]
    seen: dict[str, JobFile] = {}
    for job in jobs:
        if job.id in seen:
            first = seen[job.id].path
            problems.append(job.positions.problem(
                ("id",), f"job id {job.id!r} is also {first}'s; both would write the same "
                "folder (set id: in one of them)"))  # fmt: skip
        seen.setdefault(job.id, job)
    if problems:
        raise ProfileError(problems)
    return jobs


def load_job(path: Path, profile: Profile) -> JobFile:
    """One job file, validated in its language and checked against ``profile``."""
    data, positions, problems = read_yaml(read_text(path), str(path))
    posting = _posting(data, path.parent, positions, problems)
    signature = _signature(data, path.parent, positions, problems)
    language = data.get("language") if isinstance(data.get("language"), str) else None
    context = {"language": language or profile.default_language,
               "default_language": profile.default_language}  # fmt: skip
    job = None
    try:
        job = Job.model_validate(data, context=context)
    except ValidationError as exc:
        problems += validation_problems(exc, positions, Job)
    problems += [positions.problem(loc, message) for loc, message in _cross(data, profile)]
    if problems or job is None:
        raise ProfileError(sort_problems(problems, str(path)))
    return JobFile(path, job.id or _stem(path), job, posting, signature, positions)


def _stem(path: Path) -> str:
    """The file name as an id: ``jobs/Acme ML.yaml`` → ``acme-ml``."""
    import re

    stem = re.sub(r"[^a-z0-9_-]+", "-", path.stem.lower()).strip("-")
    return stem or "job"


def _posting(
    data: dict[str, Any], base: Path, positions: Positions, problems: list[Problem]
) -> str:
    value = data.get("posting")
    if not isinstance(value, str):
        return ""
    path = posting_path(value, base)
    if path is None:
        return value
    trouble = _file_problem(positions, ("posting",), value, path)
    if trouble is None:
        try:
            text = read_text(path)
        except ProfileError as exc:
            problems += exc.problems  # type: ignore[arg-type]
            text = ""
        data["posting"] = text
        return text
    problems.append(trouble)
    del data["posting"]
    return ""


def _signature(
    data: dict[str, Any], base: Path, positions: Positions, problems: list[Problem]
) -> Path | None:
    letter = data.get("letter")
    value = letter.get("signature") if isinstance(letter, dict) else None
    if not isinstance(value, str):
        return None
    import re

    if not re.search(r"(?i)\.(png|jpe?g|pdf)$", value):
        message = f"{shown(value)}: a signature must be a PNG, JPEG or PDF file"
        problems.append(positions.problem(("letter", "signature"), message))
    else:
        trouble = _file_problem(positions, ("letter", "signature"), value, base / value)
        if trouble is None:
            return (base / value).resolve()
        problems.append(trouble)
    del letter["signature"]  # one problem for the field
    return None


def _cross(data: dict[str, Any], profile: Profile) -> list[tuple[tuple[Any, ...], str]]:
    """Problems between fields and with the profile, on the raw mapping: reported together with
    every schema problem (each check skips values the schema refuses; it says why)."""
    out: list[tuple[tuple[Any, ...], str]] = []
    letter = data.get("letter")
    statements = data.get("statements") if isinstance(data.get("statements"), dict) else {}
    documents = data.get("documents", ["resume", LETTER] if letter else ["resume"])
    variants = resolve(profile)
    for name in statements:  # a statement's id names its PDF: it must not be another's
        if name in variants or name in (LETTER, LETTER_FILE):
            taken = "a variant of the profile" if name in variants else "the letter's"
            out.append((("statements", name), f"{name!r} is {taken} name; give the statement "
                        "another id (e.g. research-statement)"))  # fmt: skip
    known = [*variants, LETTER, *map(str, statements)]
    for i, name in enumerate(documents if isinstance(documents, list) else []):
        if name == LETTER and not isinstance(letter, dict):
            out.append((("documents", i), "the letter needs a letter: block with its body"))
        elif isinstance(name, str) and name not in known:
            out.append((("documents", i), unknown("document", name, known, "known")))
    layout = data.get("layout")
    if isinstance(layout, str) and layout not in registry.names():
        out.append((("layout",), unknown("layout", layout, registry.names(), "available")))
    try:
        day = parse_date(data["date"]) if "date" in data else None
    except ValueError:
        day = None
    if day is not None and not day.day:
        out.append((("date",), f"{day}: a letter's date needs a day, e.g. 2026-11-27"))
    if isinstance(letter, dict):
        recipient = data.get("recipient")
        out += _empty_placeholders(letter, recipient if isinstance(recipient, dict) else {})
    return out


def _empty_placeholders(
    letter: dict[str, Any], recipient: dict[str, Any]
) -> list[tuple[tuple[Any, ...], str]]:
    """A placeholder whose value the job file does not give (``{recipient.name}`` and no
    recipient name) would print nothing: a problem, not a silent gap."""
    texts = [(("letter", f), letter.get(f)) for f in ("body", "subject", "salutation", "closing")]
    out = []
    for loc, value in texts:
        for text in _texts(value):
            try:
                fields = fields_of(text)
            except ValueError:
                continue  # the schema says why
            for field in dict.fromkeys(fields):
                owner, _, attribute = field.partition(".")
                given = recipient.get(attribute) or (
                    attribute == "organization" and recipient.get("organisation")
                )
                if owner == "recipient" and attribute and not given:
                    out.append((loc, f"{{{field}}} needs recipient.{attribute} in the job file"))
    return out


def _texts(value: Any) -> list[str]:
    """The strings of a text field as written: one, a list, or one per language."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str)]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
