"""User-facing problems, ``file:line:col: dotted.path: message``, reported all at once."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cvbuilder.printable import printable as printable  # re-exported


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    col: int | None
    path: str
    message: str

    def __str__(self) -> str:
        """One terminal line, whatever the file, field and message contain."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return printable(text)


class ProfileError(Exception):
    """A profile that cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem] | list[str]):
        self.problems = problems  # a plain string for problems that have no file position
        super().__init__("\n".join(map(str, problems)))


class LayoutError(ProfileError):
    """A layout that cannot be used: its module does not import, does not keep the layout
    contract, or two distributions offer the same name. The message is one line; as a
    :class:`~cvbuilder.problems.ProfileError` every command reports it like a profile problem."""

    def __init__(self, message: str) -> None:
        self.message = " ".join(message.split())
        super().__init__([self.message])

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.message,))


class UsageError(ProfileError):
    """The command line, the environment or an output path is wrong (exit 2, like a profile
    problem; ``watch`` stops on these, since no save of the profile can fix them)."""


class BuildError(Exception):
    """The profile is fine but the build failed: TeX, a page budget, a tool, a write (exit 1)."""


def format_path(loc: tuple[Any, ...]) -> str:
    """``('education', 1, 'end')`` → ``education[1].end``."""
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def sort_problems(problems: Iterable[Problem], main: str) -> list[Problem]:
    """The main file's problems by line after those of other files (``.bib`` files, in the
    order they were first reported, each by line): the order a person fixes them in."""
    problems = list(problems)
    rank = {f: i for i, f in reversed(list(enumerate(p.file for p in problems)))}
    rank[main] = len(problems)
    return sorted(problems, key=lambda p: (rank[p.file], p.line or 0, p.col or 0))


MAX_SHOWN = 60  # characters of a value quoted in a message; the rest is elided


def shown(value: Any) -> str:
    """A value as a message quotes it: short, quoted if text, never a 4,000-digit number."""
    if isinstance(value, str):
        return clip(repr(value[: MAX_SHOWN + 1]), value)
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) and abs(value) >= 10**MAX_SHOWN:
        return f"a number of more than {MAX_SHOWN} digits"  # str() refuses 4,300+ digits
    if isinstance(value, (int, float)):
        return str(value)
    return kind(value)


def clip(text: str, original: str | None = None) -> str:
    """``text`` cut to :data:`MAX_SHOWN` characters, saying how long the ``original`` was."""
    original = text if original is None else original
    if len(original) <= MAX_SHOWN:
        return text
    return f"{text[:MAX_SHOWN]}… ({len(original):,} characters)"


def kind(value: Any, mapping: str = "a mapping", none: str = "nothing") -> str:
    """What a value is, in words: ``a list``, ``a mapping``, ``a number`` … (JSON says
    ``an object`` and ``null``: pass those words)."""
    if value is None:
        return none
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return mapping
    if isinstance(value, (list, tuple, set)):
        return "a list"
    return "a value of another kind"


def unknown(what: str, value: Any, choices: Iterable[str], label: str = "allowed") -> str:
    """``unknown section 'educaton'; did you mean 'education'?`` (or the list of choices)."""
    choices = list(choices)
    text = f"unknown {what} {shown(value)}"
    close = isinstance(value, str) and len(value) <= MAX_SHOWN
    hint = difflib.get_close_matches(value, choices, n=1) if close else []
    if hint:
        return f"{text}; did you mean {hint[0]!r}?"
    return f"{text}; {label}: {', '.join(choices)}" if choices else text
