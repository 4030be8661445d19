"""Text from a user's file made safe to print on a terminal (standard library only, no regex:
the fast path prints with it)."""

from __future__ import annotations

import sys

# Characters a terminal acts on instead of printing: C0 and C1 controls (ESC starts colour and
# cursor sequences, CR rewrites the line), line separators, and the bidi controls that reorder
# what is shown. A profile or .bib file must not be able to send them through a message.
_CODES = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0x200E, 0x200F,
          *range(0x202A, 0x202F), *range(0x2066, 0x206A)]  # fmt: skip
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TABLE = {cp: _NAMED.get(chr(cp)) or (f"\\x{cp:02x}" if cp <= 0xFF else f"\\u{cp:04x}")
          for cp in _CODES}  # fmt: skip


def printable(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\n``)."""
    return text.translate(_TABLE)


def printable_lines(text: str) -> str:
    """The same line by line: cvbuilder's own multi-line messages keep their newlines."""
    return "\n".join(printable(line) for line in text.split("\n"))


STYLE = {"green": "32", "blue": "34", "yellow": "33", "bold": "1", "dim": "2"}
_COLOURS = [f"\x1b[{code}m" for code in [*STYLE.values(), "0"]]


def echo(text: str, err: bool = False) -> None:
    """Print a line; colours only when the stream is a terminal (click's rule)."""
    stream = sys.stderr if err else sys.stdout
    if not stream.isatty():
        for code in _COLOURS:
            text = text.replace(code, "")
    print(text, file=stream, flush=True)
