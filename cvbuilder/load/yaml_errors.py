"""YAML syntax errors and characters YAML does not allow, in plain words at their line."""

from __future__ import annotations

import re
import unicodedata

import yaml

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


def syntax_problem(
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


def reader_problem(
    exc: yaml.reader.ReaderError, text: str, byte_offsets: bool
) -> tuple[int, int, str]:
    """A character YAML does not allow (a control character, U+FFFE …), at its line;
    ``byte_offsets`` when the parser counted UTF-8 bytes (libyaml's does)."""
    offset = exc.position
    if byte_offsets:  # libyaml counts UTF-8 bytes
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
    before = text[:offset]
    cp = exc.character if isinstance(exc.character, int) else ord(exc.character)
    name = unicodedata.name(chr(cp), "a control character")
    line, col = before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
    return line, col, f"the character U+{cp:04X} ({name}) is not allowed in YAML; remove it"
