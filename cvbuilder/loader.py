"""Read ``profile.yaml`` into a validated :class:`~cvbuilder.model.Profile`.

The one place that turns YAML and validation failures into :class:`Problem` lines
with file, line, column and field path. PyYAML composes nodes (which keep their
marks) and constructs plain data; timestamps stay strings so dates are parsed by
our own rules, and a duplicate key is an error instead of silently losing data.
"""

from __future__ import annotations

import difflib
import gc
import re
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .problems import Problem, ProfileError, format_path

Loc = tuple[str | int, ...]
Marks = dict[Loc, tuple[int, int]]

MAX_NODES = 200_000  # expanded through aliases; a billion-laughs document stops here


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loading (libyaml's C parser when available: 10× faster) without the timestamp
    resolver: dates are parsed by cvbuilder.dates."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _walk(node: yaml.Node, loc: Loc, marks: Marks, problems: list[str], budget: list[int]) -> None:
    """Record the position of every value and key; report duplicate keys and alias bombs."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge(node)
    marks.setdefault(loc, _mark(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key == "<<":
                continue
            if key in seen:
                first = seen[key]
                line, col = _mark(key_node)
                problems.append(
                    (
                        line,
                        col,
                        format_path((*loc, key)),
                        f"duplicate key {key!r} (first defined on line {_mark(first)[0]}); "
                        "remove one of them",
                    )
                )
            else:
                seen[key] = key_node
            marks.setdefault((*loc, key, "__key__"), _mark(key_node))
            _walk(value_node, (*loc, key), marks, problems, budget)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*loc, i), marks, problems, budget)


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


def parse_yaml(text: str, filename: str) -> tuple[Any, Marks]:
    """YAML text → (data, marks); raises :class:`ProfileError` with positions on failure."""

    def fail(line: int | None, col: int | None, message: str) -> ProfileError:
        return ProfileError([Problem(filename, line, col, "", message)])

    if text.startswith("\ufeff"):
        text = text[1:]
    loader = _Loader(text)
    gc.disable()  # tens of thousands of short-lived nodes: collecting them midway costs more
    try:
        node = loader.get_single_node()
        if node is None:
            raise fail(1, 1, "the file is empty; start with 'person:' (see 'cvbuilder init')")
        marks: Marks = {}
        dupes: list[tuple[int, int, str, str]] = []
        try:
            _walk(node, (), marks, dupes, [MAX_NODES])  # type: ignore[arg-type]
        except _TooLarge as exc:
            line, col = _mark(exc.node)
            raise fail(
                line,
                col,
                f"the document expands to more than {MAX_NODES} values "
                "(aliases nested too deeply?); refusing to load it",
            ) from None
        if dupes:
            raise ProfileError([Problem(filename, *d) for d in dupes])  # type: ignore[misc]
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        lines = text.splitlines()
        if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]:
            msg += " (tabs cannot indent YAML; use spaces)"
        raise fail(
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            f"YAML syntax error: {msg}",
        ) from None
    except yaml.YAMLError as exc:
        raise fail(None, None, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
        gc.enable()
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise fail(1, 1, f"the top level must be a mapping of sections (person:, …), not {kind}")
    return data, marks


def read_text(path: Path) -> str:
    """Read a profile file as UTF-8, with one clear message for every way that fails."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProfileError([Problem(name, None, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise ProfileError([Problem(name, None, None, "", "is a folder, not a file")]) from None
    except PermissionError:
        raise ProfileError([Problem(name, None, None, "", "permission denied")]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ProfileError(
            [
                Problem(
                    name,
                    line,
                    col,
                    "",
                    f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                )
            ]
        ) from None


@dataclass
class Positions:
    """Where each value came from: a line in the YAML, or (for BibTeX entries) a .bib line."""

    filename: str
    marks: Marks
    origins: dict[Loc, tuple[str, int]] = field(default_factory=dict)

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


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` (for 'did you mean' hints)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            if field is None:
                return None
            current = field.annotation
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


def error_message(err: Any, root: type[BaseModel]) -> str:
    kind, msg = err["type"], err["msg"]
    loc = tuple(err["loc"])
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        known = sorted(model.model_fields) if model else []
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        msg = f"unknown field {loc[-1]!r}"
        if hint:
            return f"{msg}; did you mean {hint[0]!r}?"
        return f"{msg}; allowed: {', '.join(known)}" if known else msg
    if kind == "missing":
        return "required field is missing"
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if kind == "enum" and "expected" in err.get("ctx", {}):
        msg = f"must be one of {err['ctx']['expected']}"
    return msg


def validation_problems(
    exc: ValidationError, positions: Positions, root: type[BaseModel]
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into one :class:`Problem` per error, with positions."""
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        message = error_message({**err, "loc": loc}, root)
        problems.append(positions.problem(loc, message, key=err["type"] == "extra_forbidden"))
    return problems


def _owner_names(data: dict[str, Any]) -> list[str]:
    person = data.get("person")
    if not isinstance(person, dict):
        return []
    names = [person.get("name"), *(person.get("name_variants") or [])]
    return [n for n in names if isinstance(n, str)]


def _merge_bibliography(
    data: dict[str, Any], base: Path, positions: Positions, warnings: list[Problem]
) -> list[Problem]:
    """Add the entries of ``bibliography:`` files to ``publications`` (in place).

    A YAML publication with the same ``id`` overrides or extends its BibTeX entry; the same key
    twice, or the same title and year under two keys, is reported instead of doubled."""
    files = data.get("bibliography")
    yaml_pubs = data.get("publications")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return []  # the schema reports the shape
    if yaml_pubs is None:
        yaml_pubs = []
    if not isinstance(yaml_pubs, list):
        return []
    from .bibtex import read_bib_file

    problems: list[Problem] = []
    by_id = {p["id"]: i for i, p in enumerate(yaml_pubs) if isinstance(p, dict) and "id" in p}
    seen: dict[str, tuple[str, int]] = {}
    merged = list(yaml_pubs)
    titles: dict[Any, str] = {}
    for i, pub in enumerate(yaml_pubs):
        line = positions.at(("publications", i))[1]
        titles.setdefault(_title_key(pub), f"publications[{i}] ({positions.filename}:{line})")
    for i, name in enumerate(files):
        path = base / name
        loc: Loc = ("bibliography", i)
        try:
            entries, report = read_bib_file(path, _owner_names(data))
        except FileNotFoundError:
            problems.append(positions.problem(loc, f"no such file: {path}"))
            continue
        except IsADirectoryError:
            problems.append(positions.problem(loc, f"{path} is a folder, not a .bib file"))
            continue
        except PermissionError:
            problems.append(positions.problem(loc, f"{path}: permission denied"))
            continue
        problems.extend(report.errors)
        warnings.extend(report.notes)
        for pub, line in entries:
            key = pub["id"]
            if key in seen:
                file, first = seen[key]
                problems.append(
                    Problem(
                        str(path), line, None, key, f"duplicate key {key!r} (also {file}:{first})"
                    )
                )
                continue
            seen[key] = (str(path), line)
            same = titles.get(_title_key(pub)) if key not in by_id else None
            if same is not None:
                message = (
                    f"same title, year and type as {same}; left out "
                    "(give both the same id to merge them instead)"
                )
                warnings.append(Problem(str(path), line, None, key, message))
                continue
            titles.setdefault(_title_key(pub), f"{key!r} ({path}:{line})")
            if key in by_id:
                override = merged[by_id[key]]
                links = {**pub.get("links", {}), **(override.get("links") or {})}
                extras = {**pub.get("bibtex", {}), **(override.get("bibtex") or {})}
                merged[by_id[key]] = {**pub, **override, "links": links, "bibtex": extras}
            else:
                positions.origins[("publications", len(merged))] = (str(path), line)
                merged.append(pub)
    data["publications"] = merged
    return problems


def _resolve_photo(data: dict[str, Any], base: Path, positions: Positions) -> list[Problem]:
    """Make ``person.photo`` absolute and check it is a readable file (its type the schema
    checks); TeX gets a copy in its own folder, never the path."""
    person = data.get("person")
    if not isinstance(person, dict) or not isinstance(person.get("photo"), str):
        return []
    loc: Loc = ("person", "photo")
    path = (base / person["photo"]).resolve()
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except FileNotFoundError:
        return [positions.problem(loc, f"no such file: {path}")]
    except IsADirectoryError:
        return [positions.problem(loc, f"{path} is a folder, not an image")]
    except PermissionError:
        return [positions.problem(loc, f"{path}: permission denied")]
    person["photo"] = str(path)
    return []


def _title_key(pub: Any) -> tuple[str, Any, Any] | None:
    """Same paper: same title (ignoring case, accents and punctuation), year and type."""
    if not isinstance(pub, dict) or not isinstance(pub.get("title"), str):
        return None
    text = unicodedata.normalize("NFKC", pub["title"]).casefold()
    text = " ".join(re.sub(r"[^\w+#]+", " ", text).split())
    return text, pub.get("year"), pub.get("type")


def load(path: str | Path, warnings: list[Problem] | None = None) -> Profile:
    """Load, validate and cross-check a profile; every problem is reported at once.

    Notes that are not errors (e.g. an ambiguous owner in a BibTeX entry) go to ``warnings``."""
    from .model import Profile
    from .variants import check_variants

    path = Path(path)
    data, marks = parse_yaml(read_text(path), str(path))
    positions = Positions(str(path), marks)
    notes: list[Problem] = [] if warnings is None else warnings
    problems = _merge_bibliography(data, path.parent, positions, notes)
    problems += _resolve_photo(data, path.parent, positions)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(problems + validation_problems(exc, positions, Profile)) from None
    problems += [positions.problem(loc, msg) for loc, msg in check_variants(profile)]
    if problems:
        raise ProfileError(problems)
    return profile


if typing.TYPE_CHECKING:
    from .model import Profile
