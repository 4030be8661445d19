"""Dropping what the profile schema refuses from an imported profile, saying so."""

from __future__ import annotations

from typing import Any

from cvbuilder.formats.jsonresume.report import UNKNOWN, Report
from cvbuilder.formats.jsonresume.text import in_script


def usable(data: dict[str, Any], report: Report) -> dict[str, Any]:
    """Remove what the profile schema refuses (a malformed email, an unprintable character),
    saying so, until the rest validates: an imported profile builds as it is.

    A refused optional value goes; a refused required one takes its list entry with it (an
    author without a name, a job without an organization); a person without a usable name is
    called 'Unknown'. Never raises."""
    from pydantic import ValidationError

    from cvbuilder.schema.model import Profile

    for _ in range(12):  # each round removes what the last one left invalid: a name, then …
        try:
            Profile.model_validate(data)
            return data
        except ValidationError as exc:
            errors = exc.errors()
        if not _remove(data, errors, report):
            break
    report.note("$", f"could not be made valid; only the name '{UNKNOWN}' is kept")
    return {"person": {"name": UNKNOWN}}


_Loc = tuple[Any, ...]


def _existing(data: Any, loc: tuple[Any, ...]) -> _Loc:
    """The longest part of an error location that exists in ``data`` (pydantic adds steps
    of its own, such as union members)."""
    path: list[Any] = []
    here = data
    for part in loc:
        inside = isinstance(here, dict) and isinstance(part, str) and part in here
        if inside or (isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here)):
            here = here[part]
            path.append(part)
    return tuple(path)


def _remove(data: dict[str, Any], errors: list[dict[str, Any]], report: Report) -> bool:
    """Remove what each error points at (or name the person 'Unknown'); whether anything
    changed."""
    from cvbuilder.problems import format_path

    targets: dict[_Loc, str] = {}
    for err in errors:
        path = _existing(data, tuple(err["loc"]))
        message = err["msg"].removeprefix("Value error, ")
        value = _at(data, path)
        if "cannot be typeset" in message and isinstance(value, str):
            message = in_script(value) or message
        if err["type"] == "missing":  # a required value: its list entry goes instead
            field_name = format_path(tuple(err["loc"][len(path) :])) or "a value"
            message = f"needs {field_name}"
            items = [i for i, p in enumerate(path) if isinstance(p, int)]
            path = path[: items[-1] + 1] if items else path[:1]
        targets.setdefault(path, message)
    paths = [p for p in targets if not any(p[:n] in targets for n in range(1, len(p)))]
    for path in sorted(paths, key=_order, reverse=True):  # later list entries first
        if path in _NAMELESS:
            person = data.get("person")
            data["person"] = {**(person if isinstance(person, dict) else {}), "name": UNKNOWN}
        else:
            container = data
            for part in path[:-1]:
                container = container[part]
            del container[path[-1]]
    for path in paths:  # in the order of the errors: the profile's order
        if path in _NAMELESS:
            report.note("person.name", f"{targets[path]}; the profile says '{UNKNOWN}'")
        else:
            report.note(format_path(path), f"{targets[path]}; left out")
    return bool(paths)


def _at(data: Any, path: _Loc) -> Any:
    for part in path:
        data = data[part]
    return data


_NAMELESS = {(), ("person",), ("person", "name")}  # fixed by naming the person 'Unknown'


def _order(path: _Loc) -> tuple[tuple[int, Any], ...]:
    """Sort key for paths mixing keys and indices: later list entries are removed first."""
    return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in path)
