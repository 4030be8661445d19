"""Pydantic validation errors in plain words, as problems at their place in the profile."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from cvbuilder.load.positions import Loc, Positions
from cvbuilder.problems import Problem, clip, format_path, kind, shown, unknown


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` (for 'did you mean' hints)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel):
            found = current.model_fields.get(part)
            if found is None:
                return None
            current = found.annotation
        elif isinstance(part, (int, str)):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[-1] if args else None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


_NUMBER_TYPES = ("int_type", "int_parsing", "int_parsing_size", "int_from_float",
                 "float_type", "float_parsing", "finite_number")  # fmt: skip
_BOOL_TYPES = ("bool_type", "bool_parsing")
_MAPPING_TYPES = ("dict_type", "model_type", "model_attributes_type")

# Every pydantic error type the profile and the layouts' options can produce, in words. The
# fields in braces are filled by error_message; {got} is ", not <the value as written>".
MESSAGES: dict[str, str] = {
    "missing": "required field is missing",
    "extra_forbidden": "{unknown}",
    "invalid_key": "{unknown}",
    "string_type": "{text}",
    "string_unicode": "must be text{got}",
    "string_too_short": "is empty; write a value or remove the line",
    "string_too_long": "is {length:,} characters long; at most {max_length:,} are allowed",
    "string_pattern_mismatch": "{pattern}{got}",
    **{t: "must be {number}{got}" for t in _NUMBER_TYPES},
    **{t: "must be true or false{got}" for t in _BOOL_TYPES},
    "list_type": "{list}",
    "too_short": "must list at least {min_length} {item}",
    "too_long": "may list at most {max_length} {item}s",
    **{t: "{mapping}" for t in _MAPPING_TYPES},
    "enum": "{choice}",
    "literal_error": "{choice}",
    "greater_than_equal": "must be at least {ge}{got}",
    "greater_than": "must be more than {gt}{got}",
    "less_than_equal": "must be at most {le}{got}",
    "less_than": "must be less than {lt}{got}",
    "value_error": "{reason}",
    "assertion_error": "{reason}",
    "recursion_loop": "refers to itself",
}
_FALLBACK = "cannot be used here{got}"

# (what the field needs, what was written) → message, for values of the wrong kind.
_WRONG_KIND: dict[tuple[str, str], str] = {
    ("text", "nothing"): "is empty; write a value or remove the line",
    ("text", "scalar"): "must be text; put it in quotes: {quoted}",
    ("text", "a mapping"): "must be text, not a mapping: a ': ' inside a value starts one, so "
    "put the value in quotes",
    ("text", "a list"): "must be text, not a list: a value that starts with '[' or '- ' is one, "
    "so put it in quotes",
    ("list", "nothing"): "is empty; list one {item} per line starting with '- ', or remove the "
    "line",
    ("list", "a mapping"): "must be a list: start each entry with '- ' (as in '- {first}: …')",
    ("list", "scalar"): "must be a list: one {item} per line starting with '- '",
    ("mapping", "nothing"): "is empty; write its fields on the lines below it, indented, or "
    "remove the line",
    ("mapping", "a list"): "must be a mapping of fields (key: value), not a list; remove the '- '",
    ("mapping", "scalar"): "must be a mapping of fields (key: value lines indented below it), "
    "not {kind}",
    ("author", "scalar"): "must be a name, or a mapping such as {{name: Z. Tang, owner: true}}, "
    "not {kind}",
}

# Field names whose numbers and list entries have a name of their own.
_NUMBERS = {"year": "a year such as 2024", "years": "a year such as 2024",
            "since": "a year such as 2024", "month": "a month number from 1 to 12",
            "font_size": "a font size in points such as 11"}  # fmt: skip
_ITEMS = {"authors": "name", "advisors": "name", "co_advisors": "name", "name_variants": "name",
          "tags": "tag", "exclude_tags": "tag", "years": "year", "sections": "section",
          "keep_untagged": "section", "bibliography": "file name", "venues": "venue",
          "profiles": "profile", "highlights": "point", "courses": "course",
          "interests": "interest"}  # fmt: skip


def error_message(err: Mapping[str, Any], root: type[BaseModel], raw: str | None = None) -> str:
    """One pydantic error in plain words (see :data:`MESSAGES`); ``raw`` is the value as
    written in the YAML when YAML did not read it as text (``12345``, ``yes``)."""
    kind_ = err["type"]
    loc = tuple(err["loc"])
    ctx = dict(err.get("ctx") or {})
    value = err.get("input")
    template = MESSAGES.get(kind_, _FALLBACK)
    name = next((p for p in reversed(loc) if isinstance(p, str) and p != "[key]"), "")
    fields: dict[str, Any] = {**ctx, "got": _got(value, raw), "item": _ITEMS.get(name, "entry")}
    if "{unknown}" in template:
        fields["unknown"] = _unknown_field(loc, value, raw, root, kind_ == "invalid_key")
    elif "{text}" in template and loc[-1:] == ("[key]",):
        fields["text"] = f"a name must be text{fields['got']}"
    elif "{text}" in template:
        fields["text"] = _wrong_kind("text", value, raw, loc, fields["item"])
    elif "{list}" in template:
        fields["list"] = _wrong_kind("list", value, raw, loc, fields["item"])
    elif "{mapping}" in template:
        needs = "author" if ctx.get("class_name") == "Author" else "mapping"
        fields["mapping"] = _wrong_kind(needs, value, raw, loc, fields["item"])
    elif "{choice}" in template:
        choices = re.findall(r"'((?:[^'\\]|\\.)*)'", str(ctx.get("expected", "")))
        fields["choice"] = unknown("value", raw or value, choices, "choose one of")
    elif "{pattern}" in template:
        from cvbuilder.schema.text import PATTERN_HINTS

        fields["pattern"] = PATTERN_HINTS.get(ctx.get("pattern", ""), "contains characters "
                                              "that are not allowed here")  # fmt: skip
    elif "{number}" in template:
        plain = "a number such as 1.5" if kind_.startswith("float") else "a whole number such as 3"
        fields["number"] = _NUMBERS.get(name, plain)
    elif "{reason}" in template:
        reason = ctx.get("error", err.get("msg", ""))
        fields["reason"] = str(reason).removeprefix("Value error, ").removeprefix(
            "Assertion failed, ")  # fmt: skip
    if "{length" in template:
        fields["length"] = len(value) if isinstance(value, str) else 0
    return template.format_map(_Fields(fields))


class _Fields(dict):  # type: ignore[type-arg]
    """Template fields; one pydantic did not provide reads as '…' rather than failing."""

    def __missing__(self, key: str) -> str:
        return "…"


def _got(value: Any, raw: str | None) -> str:
    """``, not '20x4'``: the value as written, when it says something."""
    if value is None:
        return " (it is empty)"
    if isinstance(value, (dict, list)):
        return f", not {kind(value)}"
    return f", not {clip(raw)}" if raw else f", not {shown(value)}"


def _wrong_kind(needs: str, value: Any, raw: str | None, loc: Loc, item: str) -> str:
    """A value of the wrong kind: what to write instead, by what was written."""
    written = kind(value)
    if written not in ("nothing", "a list", "a mapping"):
        written = "scalar"
    key = loc[-1] if loc else ""
    example = clip(raw or (value if isinstance(value, str) else shown(value)))
    quoted = f'- "{example}"' if isinstance(key, int) else f'{key}: "{example}"'
    first = next(iter(value), "…") if isinstance(value, dict) else "…"
    first = clip(first) if isinstance(first, str) else shown(first)
    template = _WRONG_KIND.get((needs, written), _WRONG_KIND[(needs, "scalar")])
    return template.format(quoted=quoted, kind=kind(value), first=first, item=item)


def _unknown_field(
    loc: Loc, value: Any, raw: str | None, root: type[BaseModel], bad_key: bool
) -> str:
    """``unknown field 'emial'; did you mean 'email'?``; a key YAML read as a number, true/false
    or null says so; a key with no value after a ',' in ``{…}`` hints at the split value."""
    model = _model_at(root, loc[:-1])
    known = sorted(model.model_fields) if model else []
    if bad_key:  # the input is the key itself
        read_as = "an empty value" if value is None else kind(value)
        allowed = f"; allowed: {', '.join(known)}" if known else ""
        written = clip(raw) if raw else shown(value)
        return f"key {written} is read as {read_as}, not as a field name{allowed}"
    message = unknown("field", loc[-1], known)
    if value is None and isinstance(loc[-1], str) and " " in loc[-1].strip():
        message += " (a ',' inside { } ends a value: put a value that contains ',' in quotes)"
    return message


def validation_problems(
    exc: ValidationError, positions: Positions, root: type[BaseModel]
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into one :class:`Problem` per error, with positions."""
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        on_key = err["type"] in ("extra_forbidden", "invalid_key") or loc[-1:] == ("[key]",)
        where = loc[:-1] if loc[-1:] == ("[key]",) else loc
        if err["type"] == "invalid_key":
            where = (*where[:-1], err["input"])  # pydantic writes a null or huge key as text
        about_key = err["type"] == "invalid_key" or loc[-1:] == ("[key]",)
        raw = positions.raw.get((*where, "__key__") if about_key else where)
        message = error_message({**err, "loc": loc}, root, raw)
        named = where[:-1] if err["type"] == "invalid_key" else where  # the key is in the message
        problems.append(Problem(*positions.at(where, on_key), format_path(named), message))
    return problems
