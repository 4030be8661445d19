"""Reading a .bib file or text: every entry to a publication, or into the report."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from cvbuilder.formats.bibtex.common import ANNOTATIONS, _short
from cvbuilder.formats.bibtex.crossref import _container, _inherit, _Keys
from cvbuilder.formats.bibtex.entries import entry_to_publication
from cvbuilder.formats.bibtex.macros import _evaluate, _Macros
from cvbuilder.formats.bibtex.names import Name, _read_annotations
from cvbuilder.formats.bibtex.parse import _entries, _parse
from cvbuilder.formats.bibtex.report import BibReport, _Findings, _owner_summary
from cvbuilder.problems import Problem

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?:\s|$)")


def read_bib(text: str, source: str, owners: list[str]) -> tuple[list[tuple[dict, int]], BibReport]:
    """Parse BibTeX text → [(publication data, line)], and a report of what happened.

    Never raises: every entry that cannot be used is an error in the report, with its line."""
    report = BibReport(source)
    owner_names = [Name.parse(o) for o in owners if o.strip()]
    library = _parse(text)
    lines = text.splitlines()

    def problem(line: int | None, key: str, message: str) -> Problem:
        return Problem(source, line, None, _short(key), message)

    macros = _Macros(budget=4 * len(text) + 1_000_000)
    for block in library.strings:
        why = macros.define(block.key, str(block.value))
        if why:
            line = getattr(block, "start_line", 0) + 1
            message = f"@string value {why}; entries using it are skipped"
            report.errors.append(problem(line, block.key, message))
    for i, line_text in enumerate(lines, start=1):
        if _CONFLICT.match(line_text):
            marker = _short(line_text.strip(), 30)
            report.notes.append(problem(i, "", f"git merge-conflict marker {marker!r} ignored; "
                                        "check the entries around it"))  # fmt: skip

    raw = _entries(library, report, problem, lines)
    evaluated: dict[str, dict[str, str]] = {}
    unusable: dict[str, str] = {}
    for entry, _, notes, key in raw:
        fields = _evaluate(entry, macros, notes)
        if isinstance(fields, str):
            unusable[key] = fields
            fields = {}
        evaluated[key] = fields

    keys = _Keys(evaluated)
    parents = {keys.find(f.get("crossref", "")) for f in evaluated.values()} - {None}
    findings = _Findings()
    out: list[tuple[dict, int]] = []
    guessed: list[tuple[dict, int]] = []  # the owner found by name, not by author+an
    for entry, line, notes, key in raw:
        report.read += 1
        if key in unusable:
            report.errors.append(problem(line, key, f"{unusable[key]}; entry skipped"))
            continue
        why = _container(entry.entry_type, key in parents, evaluated[key], owner_names)
        if why:
            report.notes.append(problem(line, key, why))
            continue
        fields, note = _inherit(key, keys)
        if note:
            notes.append(note)
        unknown: list[str] = []
        try:
            pub, more = entry_to_publication(entry.entry_type, key, fields, owner_names, unknown)
        except ValueError as exc:
            hint = next((f" ({n})" for n in notes if n.startswith("crossref")), "")
            report.errors.append(problem(line, key, f"{exc}{hint}; entry skipped"))
            continue
        findings.add(unknown, line, key)
        report.notes.extend(problem(line, key, n) for n in [*notes, *more])
        out.append((pub, line))
        said = fields.get(ANNOTATIONS)
        said = _read_annotations(said, len(pub["authors"])) if said is not None else None
        if not (said and said[1]):  # the file does not say who the owner is
            guessed.append((pub, line))
    report.notes.extend(findings.problems(problem))
    summary = _owner_summary(guessed, owner_names)
    if summary:
        report.notes.append(problem(None, "", summary))
    report.written = len(out)
    report.errors.sort(key=lambda p: p.line or 0)
    report.notes.sort(key=lambda p: p.line or 0)
    return out, report


def read_bib_file(path: Path, owners: list[str]) -> tuple[list[tuple[dict, int]], BibReport]:
    """Read a .bib file (UTF-8, or else Windows-1252 or Latin-1, with a note).

    Raises :class:`cvbuilder.files.FileProblem` for a path that is no readable regular file
    under the size limit; everything else is in the report."""
    from cvbuilder.files import read_input

    raw = read_input(path).removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    else:
        return read_bib(text, str(path), owners)
    try:  # Windows-1252 is Latin-1 with typographic quotes and dashes where Latin-1 has controls
        text, encoding = raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, encoding = raw.decode("latin-1"), "Latin-1"
    entries, report = read_bib(text, str(path), owners)
    message = f"not UTF-8 (byte 0x{raw[bad]:02x}); read as {encoding}"
    report.notes.insert(0, Problem(str(path), raw.count(b"\n", 0, bad) + 1, None, "", message))
    return entries, report
