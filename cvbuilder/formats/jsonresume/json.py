"""Reading JSON and JSONC safely: bounded nesting, no NaN, comments skipped with a note."""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path
from typing import Any

MAX_DEPTH = 200
"""Deepest JSON nesting read: no résumé comes near, and ``json.loads`` recurses (100,000
nested brackets raise RecursionError), so depth is checked before it runs."""


class JSONProblem(ValueError):
    """Text that is not JSON this module reads; ``line`` and ``col`` (1-based) say where."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(f"{line}:{col}: {message}")
        self.line, self.col, self.message = line, col, message


class Document(dict):  # type: ignore[type-arg]
    """A JSON object read from a file, with ``notes`` on what reading it repaired (comments);
    :func:`to_profile` reports them, so a caller needs nothing extra to pass them on."""

    notes: list[str]


# Strings (skipped), brackets (counted), and the non-JSON constants json.loads accepts.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|NaN|-?Infinity', re.DOTALL)
# Strings (kept) and comments (blanked): what JSONC editors (VS Code) allow in .json files.
_COMMENTS = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|//[^\n]*|/\*.*?\*/', re.DOTALL)


def _where(text: str, pos: int) -> tuple[int, int]:
    return text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)


def _check(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and NaN/Infinity, in one pass without recursion."""
    depth = 0
    for m in _TOKENS.finditer(text):
        token = m[0]
        if token[0] == '"':
            continue
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise JSONProblem(
                    *_where(text, m.start()), f"nested deeper than {MAX_DEPTH} levels"
                )
        elif token in "]}":
            depth -= 1
        else:
            raise JSONProblem(*_where(text, m.start()), f"not valid JSON: {token} is no JSON value")


def _int(digits: str) -> int | str:
    """A JSON integer; thousands of digits stay text (Python refuses to convert them)."""
    return int(digits) if len(digits) <= 1000 else digits


def parse_json(text: str) -> Any:
    """JSON text → its value; :class:`JSONProblem` for anything that is not JSON or is nested
    deeper than :data:`MAX_DEPTH`."""
    _check(text)
    try:
        return json.loads(text, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise JSONProblem(exc.lineno, exc.colno, f"not valid JSON: {exc.msg}") from None


def _without_comments(text: str) -> tuple[str, list[int]]:
    """``//`` and ``/* */`` comments outside strings blanked out (newlines kept, so positions
    stay), and the lines they start on. A ``//`` inside a string (``https://``) is text."""
    lines: list[int] = []

    def blank(m: re.Match[str]) -> str:
        if m[0][0] == '"':
            return m[0]
        lines.append(text.count("\n", 0, m.start()) + 1)
        return re.sub(r"[^\n]", " ", m[0])

    return _COMMENTS.sub(blank, text), lines


def _ranges(numbers: list[int], most: int = 8) -> str:
    """[17, 18, 19, 33] → '17-19, 33' for a report line, at most ``most`` runs."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    shown = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs[:most])
    return shown + (", …" if len(runs) > most else "")


def load_json(path: Path) -> Any:
    """The value of a JSON file: UTF-8, a byte-order mark allowed.

    A file that is JSON only once its ``//`` or ``/* */`` comments are skipped (JSONC, which
    editors accept in ``.json`` files) is read without them; the result is then a
    :class:`Document` whose note says so. Raises :class:`cvbuilder.files.FileProblem`, one
    line naming the file: from :func:`cvbuilder.files.read_input` (no regular file, too big),
    or ``{path}:{line}:{col}: not valid JSON: {msg}`` (also for bytes that are not UTF-8, and
    NaN or Infinity), or ``{path}:{line}:{col}: nested deeper than 200 levels``."""
    from cvbuilder.files import FileProblem, read_input

    raw = read_input(path).removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - raw.rfind(b"\n", 0, exc.start)
        byte = raw[exc.start]
        raise FileProblem(
            f"{path}:{line}:{col}: not valid JSON: byte 0x{byte:02x} is not UTF-8"
        ) from None
    try:
        return parse_json(text)
    except JSONProblem as exc:
        problem = exc
    bare, comments = _without_comments(text)
    if comments:
        try:
            value = parse_json(bare)
        except JSONProblem:
            pass
        else:
            if isinstance(value, dict):
                value = Document(value)
                lines = f"line{'s' if len(comments) > 1 else ''} {_ranges(comments)}"
                value.notes = [f"$: comments on {lines} skipped (JSON has none)"]
            return value
    raise FileProblem(f"{path}:{problem}") from None
