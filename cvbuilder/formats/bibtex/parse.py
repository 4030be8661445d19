"""bibtexparser's blocks → entries with line and key: broken blocks repaired, duplicates."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from cvbuilder.formats.bibtex.common import _norm, _short
from cvbuilder.formats.bibtex.report import BibReport, _Problem


def _repair(raw: str) -> tuple[str | None, str]:
    """Close braces left open at the end of a field line (``title = {Unbalanced,``), and an
    entry left open before the next one; (the repaired text or ``None``, what was done)."""
    lines = raw.splitlines()
    changed = False
    for i, line in enumerate(lines):
        if not re.match(r"^\s*[A-Za-z_][\w-]*\s*=\s*\{", line):
            continue
        depth = line.count("{") - line.count("}")
        if depth > 0 and line.rstrip().endswith(","):
            lines[i] = line.rstrip()[:-1] + "}" * depth + ","
            changed = True
    if changed:
        return "\n".join(lines), "unbalanced braces repaired"
    last = raw.rstrip().rsplit("\n", 1)[-1]
    if raw.count("{") - raw.count("}") == 1 and last.count("{") == last.count("}"):
        return raw.rstrip() + "}", "entry not closed before the next one; '}' added"
    return None, ""


def _parse(text: str) -> Any:
    """bibtexparser, with its log chatter silenced: failures are reported through BibReport."""
    import logging

    import bibtexparser

    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        return bibtexparser.parse_string(text, parse_stack=[])  # raw values: see _Macros
    finally:
        logger.setLevel(level)


_Raw = tuple[Any, int, list[str], str]  # (bibtexparser entry, line, notes, key)


_COMMENTED = re.compile(r"\s*%[^@]*@")  # "%@grant{…": BibTeX would still read it; its writer not


def _raw_title(entry: Any) -> str:
    return _norm(next((str(f.value) for f in entry.fields if f.key.lower() == "title"), ""))


def _entries(library: Any, report: BibReport, problem: _Problem, lines: list[str]) -> list[_Raw]:
    """The library's entries with their line and key. The same key twice: the same work is kept
    once, another work is kept under a new key; keys that differ only in case, entries
    commented out with ``%`` and broken blocks are reported."""
    from bibtexparser import model

    first: dict[str, tuple[Any, int]] = {}
    out: list[_Raw] = []
    for block in library.blocks:
        line = getattr(block, "start_line", 0) + 1
        notes: list[str] = []
        raw = getattr(block, "raw", "") or ""
        if raw.lstrip().startswith("@") and _COMMENTED.match(lines[line - 1] if line <= len(lines)
                                                            else ""):  # fmt: skip
            key = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]*)", raw)
            report.notes.append(problem(line, key[1] if key else "", "commented out with '%'; "
                                        "skipped"))  # fmt: skip
            continue
        if isinstance(block, model.DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, model.String
        ):
            message = "@string defined again; the first definition is used"
            report.notes.append(problem(line, block.key, message))
            continue
        if isinstance(block, (model.DuplicateBlockKeyBlock, model.DuplicateFieldKeyBlock)):
            entry = block.ignore_error_block
            if not isinstance(entry, model.Entry):
                continue
        elif isinstance(block, model.Entry):
            entry = block
        elif isinstance(block, model.ParsingFailedBlock):
            entry = _repaired(block, line, report, problem, notes)
            if entry is None:
                continue
        else:
            continue
        counts = Counter(f.key.lower() for f in entry.fields)
        twice = sorted(name for name, n in counts.items() if n > 1)
        if twice:
            notes.append(f"field(s) {', '.join(twice)} given twice; the first value is used")
        key = entry.key
        if key in first:
            earlier, at = first[key]
            if _raw_title(earlier) == _raw_title(entry):
                report.read += 1
                message = f"duplicate key {_short(key)!r}: the same work as on line {at}; kept once"
                report.notes.append(problem(line, key, message))
                continue
            n = 2
            while f"{key}-{n}" in first:
                n += 1
            key = f"{key}-{n}"
            notes.append(f"duplicate key {_short(entry.key)!r} (line {at}) names another work; "
                         f"kept as {_short(key)!r}")  # fmt: skip
        first[key] = (entry, line)
        out.append((entry, line, notes, key))
    by_case: dict[str, tuple[str, int]] = {}
    for _, line, notes, key in out:
        other = by_case.setdefault(key.lower(), (key, line))
        if other[0] != key:
            notes.append(f"key {_short(key)!r} differs from {_short(other[0])!r} (line "
                         f"{other[1]}) only in case: both are kept, but BibTeX and LaTeX "
                         "citations may confuse them")  # fmt: skip
    return out


def _repaired(block: Any, line: int, report: BibReport, problem: _Problem, notes: list[str]) -> Any:
    """The entry of a block bibtexparser could not read, if repairing it is unambiguous;
    else ``None``, with the block reported (an unclosed @comment only as a note)."""
    kind = re.match(r"\s*@\s*(\w*)", block.raw)
    kind = kind.group(1).lower() if kind else ""
    if kind in ("comment", "preamble"):
        report.notes.append(problem(line, "", f"@{kind} not closed before the next entry; skipped"))
        return None
    if kind == "string":
        report.errors.append(
            problem(line, "", "@string could not be read (unbalanced braces or quotes?); skipped")
        )
        return None
    repaired, how = _repair(block.raw)
    again = _parse(repaired) if repaired else None
    if again is not None and len(again.entries) == 1 and not again.failed_blocks:
        notes.append(how)
        return again.entries[0]
    report.read += 1
    key = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]*)", block.raw)
    report.errors.append(problem(
        line, key.group(1) if key else "",
        "entry could not be read (unbalanced braces or quotes?) and could not be "
        "repaired unambiguously; entry skipped",
    ))  # fmt: skip
    return None
