"""Load ``profile.yaml`` into a validated Profile, reporting every problem at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cvbuilder.load.messages import MESSAGES, error_message, validation_problems
from cvbuilder.load.positions import Loc, Marks, Positions
from cvbuilder.load.references import merge_bibliography, resolve_photo
from cvbuilder.load.yaml_reader import parse_yaml, read_text, read_yaml
from cvbuilder.problems import Problem, ProfileError, format_path, sort_problems
from cvbuilder.schema.model import Profile
from cvbuilder.select.variants import check_variants

__all__ = [  # what tests and older callers import from here
    "MESSAGES",
    "Loc",
    "Marks",
    "Positions",
    "Source",
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

    Notes that are not errors (e.g. an ambiguous owner in a BibTeX entry, characters no font
    has) go to ``warnings``. With ``engine``, text must be settable by that engine (see
    :mod:`cvbuilder.tex.engines`); texts in several languages are read in the profile's
    default language (see :class:`Source` for the others)."""
    return Source(path, warnings, engine).profile()


class Source:
    """A profile read once and validated per language: a text field may give its text in
    several languages, so a German variant sees another profile than an English one."""

    def __init__(
        self, path: str | Path, warnings: list[Problem] | None = None, engine: Any = None
    ) -> None:
        self.path = Path(path)
        self.notes: list[Problem] = [] if warnings is None else warnings
        self.engine = engine
        data, positions, problems = read_yaml(read_text(self.path), str(self.path))
        problems += merge_bibliography(data, self.path.parent, positions, self.notes)
        problems += resolve_photo(data, self.path.parent, positions)
        self.data, self.positions, self.problems = data, positions, problems
        default = data.get("default_language") if isinstance(data, dict) else None
        self.default_language = default if isinstance(default, str) else "en"
        self._profiles: dict[str | None, Profile] = {}

    def profile(self, language: str | None = None) -> Profile:
        """The profile in ``language`` (the default language when None)."""
        if language == self.default_language:
            language = None
        if language not in self._profiles:
            self._profiles[language] = self._validate(language)
        return self._profiles[language]

    def _validate(self, language: str | None) -> Profile:
        context: dict[str, Any] = {
            "language": language or self.default_language,
            "default_language": self.default_language,
        }
        if self.engine is not None:
            context["engine"] = self.engine
        problems = list(self.problems) if language is None else []
        profile = None
        try:
            profile = Profile.model_validate(self.data, context=context)
        except ValidationError as exc:
            problems += validation_problems(exc, self.positions, Profile)
        if language is None:
            problems += [self.positions.problem(loc, msg)
                         for loc, msg in check_variants(self.data, self.positions.raw)]  # fmt: skip
            self.notes.extend(self._dropped(context.get("dropped", [])))
        if problems or profile is None:
            raise ProfileError(sort_problems(problems, str(self.path)))
        if language is not None or context.get("untranslated"):
            self.notes.extend(self._untranslated(context, language))
        return profile

    def _dropped(self, dropped: list[tuple[str, list[str]]]) -> list[Problem]:
        from cvbuilder.schema.charset import describe

        found = dict(dropped)
        if not found:  # (walking a 5,000-publication profile costs a tenth of a second)
            return []
        return [
            self.positions.problem(
                loc, f"left out {describe(found[value])}: no font cvbuilder uses has it"
            )
            for loc, value in _leaves(self.data)
            if isinstance(value, str) and value in found
        ]

    def _untranslated(self, context: dict[str, Any], language: str | None) -> list[Problem]:
        ids = set(context.get("untranslated", []))
        locs = [loc for loc, value in _nodes(self.data) if id(value) in ids]
        if not locs:
            return []
        wanted = context["language"]
        first = self.positions.problem(locs[0], "")
        where = ", ".join(format_path(loc) for loc in locs[:8])
        more = f" and {len(locs) - 8} more" if len(locs) > 8 else ""
        return [
            Problem(first.file, first.line, first.col, f"language {wanted}",
                    f"{len(locs)} text(s) have no {wanted} version and use "
                    f"{self.default_language} or their only language: {where}{more}")
        ]  # fmt: skip


def _nodes(data: Any, loc: Loc = ()) -> list[tuple[Loc, Any]]:
    """Every value of a raw profile with its location, containers included."""
    out: list[tuple[Loc, Any]] = [(loc, data)]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _nodes(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _nodes(value, (*loc, i))
    return out


def _leaves(data: Any) -> list[tuple[Loc, Any]]:
    return [(loc, v) for loc, v in _nodes(data) if not isinstance(v, dict | list)]
