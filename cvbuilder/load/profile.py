"""Read ``profile.yaml`` into a validated :class:`~cvbuilder.schema.model.Profile`.

The one place that turns YAML and validation failures into :class:`Problem` lines
with file, line, column and field path, in words a person understands, all at once.
PyYAML composes nodes (which keep their marks) and constructs plain data; timestamps
stay strings so dates are parsed by our own rules, and a duplicate key is an error
instead of silently losing data.
"""

from __future__ import annotations

import gc
import re
import types
import typing
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from cvbuilder.files import FileProblem, check_input, read_input
from cvbuilder.problems import (
    Problem,
    ProfileError,
    clip,
    format_path,
    kind,
    shown,
    sort_problems,
    unknown,
)

Loc = tuple[Any, ...]
Marks = dict[Loc, tuple[int, int]]

MAX_NODES = 200_000  # expanded through aliases; a billion-laughs document stops here
MAX_DEPTH = 64  # a profile nests about 6 levels; deeper data only risks Python's recursion limit
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loading (libyaml's C parser when available: 10× faster) without the timestamp
    resolver: dates are parsed by cvbuilder.schema.dates."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int | str:
        """An integer of more digits than Python converts (4,300) stays text: the schema then
        says what is wrong with it instead of a ``ValueError`` escaping."""
        try:
            return super().construct_yaml_int(node)
        except (ValueError, IndexError):  # IndexError: an empty '!!int'
            return str(node.value)


def _checked(construct: Any) -> Any:
    """A scalar constructor whose ``ValueError`` (``!!float abc``, ``!!bool maybe``) becomes a
    YAML error at the value instead of escaping as a traceback."""

    def checked(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            tag = node.tag.rsplit(":", 1)[-1]
            problem = f"{shown(node.value)} cannot be read as {tag}; remove the '!!{tag}'"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None

    return checked


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)  # dates.py
for _tag in ("float", "bool"):
    _tag = f"tag:yaml.org,2002:{_tag}"
    _Loader.add_constructor(_tag, _checked(yaml.SafeLoader.yaml_constructors[_tag]))
_C_PARSER = "CParser" in {c.__name__ for c in _Loader.__mro__}  # its offsets count UTF-8 bytes


@dataclass
class Positions:
    """Where each value came from: a line in the YAML, or (for BibTeX entries) a .bib line.

    ``raw`` keeps the text of values YAML did not read as text (``12345``, ``yes``,
    ``1.0e+999``), keyed by location (a key's own text under ``(*loc, "__key__")``), so a
    message can quote what the person wrote."""

    filename: str
    marks: Marks = field(default_factory=dict)
    origins: dict[Loc, tuple[str, int]] = field(default_factory=dict)
    raw: dict[Loc, str] = field(default_factory=dict)

    def at(self, loc: Loc, key: bool = False) -> tuple[str, int | None, int | None]:
        if key and (*loc, "__key__") in self.marks:
            return (self.filename, *self.marks[(*loc, "__key__")])
        while loc and loc not in self.marks and loc not in self.origins:
            loc = loc[:-1]
        if loc in self.origins:
            file, line = self.origins[loc]
            return file, line, None
        return (self.filename, *self.marks.get(loc, (None, None)))

    def problem(self, loc: Loc, message: str, key: bool = False) -> Problem:
        return Problem(*self.at(loc, key), format_path(loc), message)


# --- YAML -----------------------------------------------------------------------------------


class _Unusable(Exception):
    """The document cannot become data (a key that is a list, data containing itself)."""

    def __init__(self, node: yaml.Node, message: str):
        super().__init__(message)
        self.node = node
        self.message = message


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_TOO_LARGE = (
    f"the document expands to more than {MAX_NODES:,} values (aliases nested too deeply?); "
    "refusing to load it"
)


def _walk(root: yaml.Node, loader: Any, positions: Positions, problems: list[Problem]) -> None:
    """Record the position of every value and key and report duplicate keys; refuse alias
    bombs, data that contains itself and absurd nesting before anything recurses over it.

    Iterative over mappings and lists (scalars, most nodes, are recorded on the way), with the
    collections being visited in ``open_``: an alias to one of them is a cycle."""
    marks, raw = positions.marks, positions.raw
    budget = MAX_NODES
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, Loc, bool]] = [(root, (), False)]
    while stack:
        node, loc, leaving = stack.pop()
        if leaving:
            open_.discard(id(node))
            continue
        if id(node) in open_:
            raise _Unusable(node, "this mapping or list contains an alias (*name) to itself; "
                            "data cannot contain itself")  # fmt: skip
        if len(loc) > MAX_DEPTH:
            raise _Unusable(node, f"nested more than {MAX_DEPTH} levels deep; a profile needs "
                            "fewer than 10")  # fmt: skip
        marks.setdefault(loc, _mark(node))
        if isinstance(node, yaml.ScalarNode):  # only the root
            continue
        open_.add(id(node))
        stack.append((node, loc, True))
        if isinstance(node, yaml.SequenceNode):
            children: Any = (((*loc, i), item) for i, item in enumerate(node.value))
        else:
            children = _entries(node, loc, loader, positions, problems)
        for where, child in children:
            budget -= 1
            if budget < 0:
                raise _Unusable(child, _TOO_LARGE)
            if isinstance(child, yaml.ScalarNode):
                mark = child.start_mark
                marks.setdefault(where, (mark.line + 1, mark.column + 1))
                if child.tag != _STR:
                    raw.setdefault(where, child.value)
            else:
                stack.append((child, where, False))


def _entries(
    node: yaml.MappingNode, loc: Loc, loader: Any, positions: Positions, problems: list[Problem]
) -> list[tuple[Loc, yaml.Node]]:
    """The values of a mapping with their locations; a key given twice is a problem."""
    seen: dict[Any, yaml.Node] = {}
    out = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Unusable(key_node, "a key must be a name, not a list or mapping")
        if key_node.tag == _MERGE:
            out.append(((*loc, "<<"), value_node))  # walked for the budget, not recorded
            continue
        if key_node.tag == _STR:
            key = key_node.value
        else:
            key = loader.construct_object(key_node)
            positions.raw[(*loc, key, "__key__")] = key_node.value
        if key in seen:
            line, col = _mark(key_node)
            message = (
                f"duplicate key {shown(key)} (first defined on line {_mark(seen[key])[0]}); "
                "remove one of them"
            )
            problems.append(
                Problem(positions.filename, line, col, format_path((*loc, key)), message)
            )
        else:
            seen[key] = key_node
        positions.marks.setdefault((*loc, key, "__key__"), _mark(key_node))
        out.append(((*loc, key), value_node))
    return out


# What to say about a YAML syntax error, by the parser's own words (libyaml's or PyYAML's).
_YAML_ADVICE: tuple[tuple[str, str], ...] = (
    ("maximum nesting depth", "nested more than 1,000 levels deep"),
    ("mapping values are not allowed", "{colon}"),
    ("scanning a quoted scalar", "the quote {char} opened here is never closed"),
    ("parsing a flow (sequence|mapping)", "the {char} opened here is never closed with "
     "{closer} (an item that contains ',', ':', '#', '[' or '{{' needs quotes)"),
    ("scanning a simple key", "this line has no ':' after its key; write 'key: value' (a value "
     "continued from the line above must be indented further)"),
    ("expected key|expected <block end>", "{key}"),
    ("expected '-' indicator", "list entries must each start with '- ', lined up with the "
     "entries above"),
    ("cannot start any token", "{start}"),
    ("undefined alias", "'*' starts an alias to an anchor (&name) that is not defined; put a "
     "value that starts with '*' in quotes"),
    ("scanning an alias|scanning an anchor", "'&' and '*' start anchors and aliases; put a "
     "value that starts with '&' or '*' in quotes"),
    ("constructor for the tag|scanning a tag", "'!' starts a YAML tag; put a value that starts "
     "with '!' in quotes"),
    ("another document", "a profile is one YAML document; remove this '---' line and what "
     "follows, or merge the two"),
    ("directive", "a line cannot start with '%'; put a value that starts with '%' in quotes"),
    ("block scalar", "after '|' or '>' the text starts on the next line, indented"),
    ("duplicate anchor", "this anchor name is already used above; give it another name"),
    ("unhashable key", "a key must be a name, not a list or mapping"),
    ("expected node content", "a value is missing here"),
    ("found unexpected ':'", "a ':' that ends a key needs a space after it (key: value); "
     "put a value that contains ':' in quotes"),
)  # fmt: skip
_YAML_CASES = {
    "colon": "a ': ' inside a value starts a new key; put the whole value in quotes, e.g. "
    'title: "Part 1: Basics"',
    "colon-indent": "this line is indented more than the key above it; keys of one mapping line up",
    "key": "this line does not line up with the keys above it; check its indentation",
    "key-quote": "text follows a closing quote; put the whole value in quotes, e.g. "
    "name: 'Ada \"the Countess\" Lovelace'",
    "start-tab": "a tab cannot indent YAML; use spaces",
    "start": 'a value cannot start with {char}; put the value in quotes, e.g. "{bare}…"',
    "tab": " (tabs cannot indent YAML; use spaces)",
    "comment": " (' #' starts a comment, which hides the rest of the line; put a value that "
    "contains ' #' in quotes)",
}
_CLOSERS = {"[": "']'", "{": "'}'"}
# Errors about something opened and never closed point where it was opened, not at the end.
_OPENED = re.compile(
    r"while (parsing a flow (sequence|mapping)|scanning a quoted scalar|scanning a simple key)"
)


def _syntax_problem(
    exc: yaml.MarkedYAMLError, lines: list[str]
) -> tuple[int | None, int | None, str]:
    """(line, column, message) for a YAML syntax error: where the problem starts, with advice
    for the usual causes (the parser's own words when there is none)."""
    words = f"{exc.context or ''} {exc.problem or ''}".strip()
    opened = exc.context_mark is not None and _OPENED.search(words)
    mark = exc.context_mark if opened else (exc.problem_mark or exc.context_mark)
    if mark is None:
        return None, None, f"YAML syntax error: {words}"
    row, column = mark.line, mark.column
    while row > 0 and not (lines[row].strip() if row < len(lines) else ""):
        row -= 1  # at the end of the file: the last line with text is where to look
        column = len(lines[row]) if row < len(lines) else 0
    line = lines[row] if row < len(lines) else ""
    message = next((_advice(text, line, column) for rx, text in _YAML_ADVICE
                    if re.search(rx, words)), words)  # fmt: skip
    if "\t" in line and "tab" not in message:
        message += _YAML_CASES["tab"]
    if re.search(r"(^|\s)#", line) and not line.lstrip().startswith("#"):
        message += _YAML_CASES["comment"]
    return row + 1, column + 1, f"YAML syntax error: {message}"


def _advice(template: str, line: str, column: int) -> str:
    """Fill an advice template with the character at the error and the case that applies."""
    char = line[column : column + 1]
    shown_char = repr(char) if char else "this"
    quote_before = line[:column].rstrip().endswith(("'", '"'))
    cases = {
        "colon": _colon_case(line, column),
        "key": "key-quote" if quote_before else "key",
        "start": "start-tab" if char == "\t" else "start",
    }
    texts = {k: _YAML_CASES[v].format(char=shown_char, bare=char) for k, v in cases.items()}
    return template.format(**texts, char=shown_char, closer=_CLOSERS.get(char, "its bracket"))


def _colon_case(line: str, column: int) -> str:
    """A ': ' the parser refuses is either inside a value (quote it) or, when it is the line's
    first, ends a key indented deeper than its neighbours."""
    return "colon-indent" if line.find(":") == column else "colon"


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> tuple[int, int, str]:
    """A character YAML does not allow (a control character, U+FFFE …), at its line."""
    offset = exc.position
    if _C_PARSER:  # libyaml counts UTF-8 bytes
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
    before = text[:offset]
    cp = exc.character if isinstance(exc.character, int) else ord(exc.character)
    name = unicodedata.name(chr(cp), "a control character")
    line, col = before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
    return line, col, f"the character U+{cp:04X} ({name}) is not allowed in YAML; remove it"


def read_yaml(text: str, filename: str) -> tuple[Any, Positions, list[Problem]]:
    """YAML text → (data, positions, duplicate-key problems).

    Raises :class:`ProfileError` when the text cannot become data at all (a syntax error, an
    alias bomb, data that contains itself) or is not a mapping."""
    positions = Positions(filename)

    def fail(line: int | None, col: int | None, message: str) -> ProfileError:
        return ProfileError([Problem(filename, line, col, "", message)])

    if text.startswith("\ufeff"):
        text = text[1:]
    loader = _Loader(text)
    problems: list[Problem] = []
    gc.disable()  # tens of thousands of short-lived nodes: collecting them midway costs more
    try:
        node = loader.get_single_node()
        if node is None:
            raise fail(1, 1, _EMPTY if not text.strip() else _ONLY_COMMENTS)
        _walk(node, loader, positions, problems)
        data = loader.construct_document(node)
    except _Unusable as exc:
        raise fail(*_mark(exc.node), exc.message) from None
    except yaml.MarkedYAMLError as exc:
        raise fail(*_syntax_problem(exc, text.splitlines())) from None
    except yaml.reader.ReaderError as exc:
        raise fail(*_reader_problem(exc, text)) from None
    except yaml.YAMLError as exc:
        raise fail(None, None, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
        gc.enable()
    if data is None:
        raise fail(1, 1, _EMPTY)
    if not isinstance(data, dict):
        raise fail(
            1, 1, f"the top level must be a mapping of sections (person:, …), not {kind(data)}"
        )
    return data, positions, problems


_EMPTY = "the file is empty; start with 'person:' (see 'cvbuilder init')"
_ONLY_COMMENTS = "the file holds only comments; start with 'person:' (see 'cvbuilder init')"


def parse_yaml(text: str, filename: str) -> tuple[Any, Marks]:
    """YAML text → (data, marks); raises :class:`ProfileError` with positions on failure,
    duplicate keys included."""
    data, positions, duplicates = read_yaml(text, filename)
    if duplicates:
        raise ProfileError(duplicates)
    return data, positions.marks


def read_text(path: Path) -> str:
    """Read a profile file as UTF-8, with one clear message for every way that fails (a
    folder, a pipe or device, a file too large, bytes that are not UTF-8)."""
    name = str(path)
    try:
        raw = read_input(path)
    except FileProblem as exc:
        message = str(exc).removeprefix(f"{path}: ")
        raise ProfileError([Problem(name, None, None, "", message)]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        raise ProfileError([Problem(name, line, col, "", message)]) from None


# --- validation errors in words ----------------------------------------------------------------


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
        from cvbuilder.schema.model import PATTERN_HINTS

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


# --- bibliography and photo -------------------------------------------------------------------


def _file_problem(positions: Positions, loc: Loc, name: str, path: Path) -> Problem | None:
    """One problem naming the field when ``path`` is not a readable regular file of sane size
    (a FIFO or /dev/zero would hang or fill memory), else None."""
    try:
        check_input(path)
    except FileProblem as exc:
        reason = str(exc).removeprefix(f"{path}: ")
        if reason == "no such file" and name != str(path):
            reason += f" (looked for {path})"
        return positions.problem(
            loc, f"{shown(name)}{' ' if reason.startswith('is ') else ': '}{reason}"
        )
    except ValueError:  # a NUL character, which no file name can hold
        return positions.problem(loc, f"{shown(name)} is not a usable file name")
    return None


def _owner_names(data: dict[str, Any]) -> list[str]:
    person = data.get("person")
    if not isinstance(person, dict):
        return []
    variants = person.get("name_variants")
    names = [person.get("name"), *(variants if isinstance(variants, list) else [])]
    return [n for n in names if isinstance(n, str)]


def _merge_bibliography(
    data: dict[str, Any], base: Path, positions: Positions, warnings: list[Problem]
) -> list[Problem]:
    """Add the entries of ``bibliography:`` files to ``publications`` (in place).

    A YAML publication with the same ``id`` overrides or extends its BibTeX entry. An entry
    that cannot be read is left out with a warning naming its line, never failing the build
    after saying it was skipped. The same key
    in two files: the same work is kept once, another work under a new key; the same work
    under two keys (:func:`_same_work`) is kept once. Each of these is a warning."""
    files = data.get("bibliography")
    yaml_pubs = data.get("publications")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return []  # the schema reports the shape
    if yaml_pubs is None:
        yaml_pubs = []
    if not isinstance(yaml_pubs, list):
        return []
    from cvbuilder.formats.bibtex import read_bib_file

    problems: list[Problem] = []
    by_id = {p["id"]: i for i, p in enumerate(yaml_pubs) if isinstance(_get(p, "id"), str)}
    seen: dict[str, tuple[str, int, Any]] = {}
    merged = list(yaml_pubs)
    works = _Works()
    for i, pub in enumerate(yaml_pubs):
        line = positions.at(("publications", i))[1]
        works.add(pub, f"publications[{i}] ({positions.filename}:{line})")
    for i, name in enumerate(files):
        path = base / name
        trouble = _file_problem(positions, ("bibliography", i), name, path)
        if trouble is not None:
            problems.append(trouble)
            continue
        try:
            entries, report = read_bib_file(path, _owner_names(data))
        except (OSError, FileProblem) as exc:
            problems.append(positions.problem(("bibliography", i), f"{shown(name)}: {exc}"))
            continue
        warnings.extend([*report.errors, *report.notes])  # what it skipped, the build goes on
        for pub, line in entries:
            key = pub["id"]
            where = (str(path), line, None, key)
            if key in seen:
                file, first, title = seen[key]
                if title == _title_key(pub):
                    message = f"duplicate key {key!r} (also {file}:{first}): same work, kept once"
                    warnings.append(Problem(*where, message))
                    continue
                key = _free_key(key, seen)
                message = (f"duplicate key {pub['id']!r} (also {file}:{first}) names another "
                           f"work; kept as {key!r}")  # fmt: skip
                warnings.append(Problem(*where, message))
                pub = {**pub, "id": key}
            seen[key] = (str(path), line, _title_key(pub))
            same = works.find(pub) if key not in by_id else None
            if same is not None:
                message = f"{same}; left out (give both the same id to merge them instead)"
                warnings.append(Problem(*where, message))
                continue
            works.add(pub, f"{key!r} ({path}:{line})")
            if key in by_id:
                override = merged[by_id[key]]
                links = _extend(pub.get("links", {}), override.get("links"))
                extras = _extend(pub.get("bibtex", {}), override.get("bibtex"))
                merged[by_id[key]] = {**pub, **override, "links": links, "bibtex": extras}
            else:
                positions.origins[("publications", len(merged))] = (str(path), line)
                merged.append(pub)
    data["publications"] = merged
    return problems


def _free_key(key: str, taken: Mapping[str, Any]) -> str:
    """``key-2``, ``key-3`` …: the first that is not taken."""
    n = 2
    while f"{key}-{n}" in taken:
        n += 1
    return f"{key}-{n}"


def _get(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


def _extend(base: dict[str, Any], override: Any) -> Any:
    """A YAML mapping extends the BibTeX one; anything else stays for the schema to report."""
    if override is None:
        return base
    return {**base, **override} if isinstance(override, dict) else override


def _resolve_photo(data: dict[str, Any], base: Path, positions: Positions) -> list[Problem]:
    """Make ``person.photo`` absolute and check it is a readable file (its type the schema
    checks); TeX gets a copy in its own folder, never the path."""
    person = data.get("person")
    if not isinstance(person, dict) or not isinstance(person.get("photo"), str):
        return []
    trouble = _file_problem(positions, ("person", "photo"), person["photo"], base / person["photo"])
    if trouble is not None:
        del person["photo"]  # one problem for the field, not a second about its file type
        return [trouble]
    person["photo"] = str((base / person["photo"]).resolve())
    return []


def _title_key(pub: Any) -> tuple[str, Any, Any, str] | None:
    """Same paper: same title (ignoring case, accents and punctuation), year, type and venue. A
    conference paper and its journal or LIPIcs version, a data catalogue and its paper, differ
    in venue (or type) and both stay."""
    if not isinstance(pub, dict) or not isinstance(pub.get("title"), str):
        return None
    year, type_, venue = pub.get("year"), pub.get("type"), pub.get("venue")
    return (
        _plain(pub["title"]),
        year if isinstance(year, (int, str)) else None,
        type_ if isinstance(type_, str) else None,
        _plain(venue) if isinstance(venue, str) else "",
    )


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w+#]+", " ", text).split())


def _doi_key(pub: Any) -> tuple[str, Any] | None:
    """Same paper by DOI (and type: a preprint may carry its journal version's DOI)."""
    from cvbuilder.schema.model import bare_doi

    links = pub.get("links") if isinstance(pub, dict) else None
    doi = links.get("doi") if isinstance(links, dict) else None
    doi = bare_doi(doi) if isinstance(doi, str) else None
    return (doi.lower(), pub.get("type")) if doi else None


class _Works:
    """The works seen so far, by title key and by DOI, with where each was first seen."""

    def __init__(self) -> None:
        self.titles: dict[Any, str] = {}
        self.dois: dict[Any, str] = {}

    def add(self, pub: Any, where: str) -> None:
        if _title_key(pub) is not None:
            self.titles.setdefault(_title_key(pub), where)
        doi = _doi_key(pub)
        if doi is not None:
            self.dois.setdefault(doi, where)

    def find(self, pub: Any) -> str | None:
        """How ``pub`` is a work already seen (``same title, … as X``), or ``None``."""
        if _title_key(pub) in self.titles:
            return f"same title, year, type and venue as {self.titles[_title_key(pub)]}"
        doi = _doi_key(pub)
        if doi in self.dois:
            return f"same DOI and type as {self.dois[doi]}"
        return None


# --- the whole profile --------------------------------------------------------------------------


def load(path: str | Path, warnings: list[Problem] | None = None) -> Profile:
    """Load, validate and cross-check a profile; every problem is reported at once, sorted by
    line: duplicate keys, files, fields and variants alike.

    Notes that are not errors (e.g. an ambiguous owner in a BibTeX entry) go to ``warnings``."""
    from cvbuilder.schema.model import Profile
    from cvbuilder.select.variants import check_variants

    path = Path(path)
    data, positions, problems = read_yaml(read_text(path), str(path))
    notes: list[Problem] = [] if warnings is None else warnings
    problems += _merge_bibliography(data, path.parent, positions, notes)
    problems += _resolve_photo(data, path.parent, positions)
    profile = None
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        problems += validation_problems(exc, positions, Profile)
    problems += [positions.problem(loc, msg) for loc, msg in check_variants(data, positions.raw)]
    if problems or profile is None:
        raise ProfileError(sort_problems(problems, str(path)))
    return profile


if typing.TYPE_CHECKING:
    from cvbuilder.schema.model import Profile
