"""YAML text → plain data with the position of every value, duplicate keys as problems."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import yaml

from cvbuilder.files import FileProblem, read_input
from cvbuilder.load.positions import Loc, Marks, Positions
from cvbuilder.load.yaml_errors import reader_problem, syntax_problem
from cvbuilder.problems import Problem, ProfileError, format_path, kind, shown

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


def _resolve(self: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """PyYAML's tag resolution without its path resolvers (none are registered): libyaml's
    composer calls it once per node, and the general version was a sixth of loading a large
    profile."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in self._implicit.get(value[:1], self._wildcard):
                if regexp.match(value):
                    return tag
        return self.DEFAULT_SCALAR_TAG  # type: ignore[no-any-return]
    if kind is yaml.SequenceNode:
        return self.DEFAULT_SEQUENCE_TAG  # type: ignore[no-any-return]
    return self.DEFAULT_MAPPING_TAG  # type: ignore[no-any-return]


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
if _Loader.yaml_path_resolvers:  # what _resolve leaves out
    raise RuntimeError("cvbuilder's YAML loader expects no path resolvers")
_Loader._wildcard = list(_Loader.yaml_implicit_resolvers.get(None, []))
_Loader._implicit = {
    first: [*resolvers, *_Loader._wildcard]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
    if first is not None
}
_Loader.resolve = _resolve
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)  # dates.py
for _tag in ("float", "bool"):
    _tag = f"tag:yaml.org,2002:{_tag}"
    _Loader.add_constructor(_tag, _checked(yaml.SafeLoader.yaml_constructors[_tag]))
_C_PARSER = "CParser" in {c.__name__ for c in _Loader.__mro__}  # its offsets count UTF-8 bytes


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


class _Unusual(Exception):
    """A node :func:`_construct` leaves to PyYAML's constructor."""


_PLAIN = (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode)
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


def _construct(node: yaml.Node, loader: Any, made: dict[int, Any]) -> Any:
    """Plain data from a node, as PyYAML's constructor makes it (the same objects for the same
    aliased node), but without its per-node generator machinery: five times faster on a
    large profile. Scalars other than strings go through the loader's own constructors; any
    tag or merge key it does not know raises :class:`_Unusual`. (Depth, cycles and size were
    checked by :func:`_walk` first.)"""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        if node.tag not in loader.yaml_constructors:
            raise _Unusual
        return loader.construct_object(node)
    if id(node) in made:
        return made[id(node)]
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        items: list[Any] = []
        made[id(node)] = items
        items.extend(_construct(child, loader, made) for child in node.value)
        return items
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        mapping: dict[Any, Any] = {}
        made[id(node)] = mapping
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE or not isinstance(key_node, yaml.ScalarNode):
                raise _Unusual
            key = _construct(key_node, loader, made)
            try:
                mapping[key] = _construct(value_node, loader, made)
            except TypeError:  # an unhashable key: PyYAML's message
                raise _Unusual from None
        return mapping
    raise _Unusual


def read_yaml(text: str, filename: str) -> tuple[Any, Positions, list[Problem]]:
    """YAML text → (data, positions, duplicate-key problems).

    PyYAML composes nodes (which keep their marks) and constructs plain data; timestamps stay
    strings so dates are parsed by our own rules, and a duplicate key is an error instead of
    silently losing data.

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
        try:
            data = _construct(node, loader, {})
        except _Unusual:  # merge keys, sets, binary, …: PyYAML's own constructor
            data = loader.construct_document(node)
    except _Unusable as exc:
        raise fail(*_mark(exc.node), exc.message) from None
    except yaml.MarkedYAMLError as exc:
        raise fail(*syntax_problem(exc, text.splitlines())) from None
    except yaml.reader.ReaderError as exc:
        raise fail(*reader_problem(exc, text, _C_PARSER)) from None
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
