"""Load ``profile.yaml`` into a validated Profile, reporting every problem at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cvbuilder.load.messages import MESSAGES, error_message, validation_problems
from cvbuilder.load.positions import Loc, Marks, Positions
from cvbuilder.load.references import merge_bibliography, resolve_photo
from cvbuilder.load.yaml_reader import parse_yaml, read_text, read_yaml
from cvbuilder.problems import Problem, ProfileError, sort_problems
from cvbuilder.schema.model import Profile
from cvbuilder.select.variants import check_variants

__all__ = [  # what tests and older callers import from here
    "MESSAGES",
    "Loc",
    "Marks",
    "Positions",
    "error_message",
    "load",
    "parse_yaml",
    "read_text",
    "read_yaml",
    "validation_problems",
]


def load(path: str | Path, warnings: list[Problem] | None = None, engine: Any = None) -> Profile:
    """Load, validate and cross-check a profile; every problem is reported at once, sorted by
    line: duplicate keys, files, fields and variants alike, each with file, line, column and
    field path, in words a person understands.

    Notes that are not errors (e.g. an ambiguous owner in a BibTeX entry) go to ``warnings``.
    Text is checked against the characters ``engine`` can set (the default engine's when
    none is given; see :mod:`cvbuilder.tex.engines`)."""
    path = Path(path)
    data, positions, problems = read_yaml(read_text(path), str(path))
    notes: list[Problem] = [] if warnings is None else warnings
    problems += merge_bibliography(data, path.parent, positions, notes)
    problems += resolve_photo(data, path.parent, positions)
    profile = None
    try:
        profile = Profile.model_validate(data, context={"engine": engine or _default_engine()})
    except ValidationError as exc:
        problems += validation_problems(exc, positions, Profile)
    problems += [positions.problem(loc, msg) for loc, msg in check_variants(data, positions.raw)]
    if problems or profile is None:
        raise ProfileError(sort_problems(problems, str(path)))
    return profile


def _default_engine() -> Any:
    from cvbuilder.tex.engines import DEFAULT

    return DEFAULT
