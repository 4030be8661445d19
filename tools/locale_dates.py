"""Write date.long and date.months_day into cvbuilder/locales/*.yaml from CLDR (via Babel).

A cover letter is dated with its day, and every language orders and spells such a date its own
way ("November 27, 2026", "27. November 2026", "2026年11月27日"); several (Russian, Polish,
Greek) also inflect the month there ("27 ноября", not the stand-alone "ноябрь" of month-year
dates). CLDR has both, so they are taken from it rather than written by hand: the long date
pattern becomes a template (``d. MMMM y`` → ``{day}. {month_day} {year}``) and the format-context
wide month names its ``MMMM`` uses become ``date.months_day``. Each file gets those two keys and
a comment saying where they come from; every other line is left as it is (so is a trailing
comment on either key). A pattern field with no placeholder stops the script.

A development tool (it needs Babel, which cvbuilder does not). From the repository root:

    python tools/locale_dates.py [--check]     (--check: only say which files would change)
"""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

import babel
import yaml
from babel.core import get_cldr_version
from babel.dates import format_date, get_date_format, get_month_names, tokenize_pattern

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "cvbuilder" / "locales"
WIDTH = 100
COMMENT_COLUMN = 38  # where en.yaml's trailing comments start
FIELDS = {("d", 1): "day", ("d", 2): "dd", ("M", 1): "m", ("M", 2): "mm", ("L", 1): "m",
          ("L", 2): "mm", ("M", 4): "month_day", ("y", 1): "year", ("y", 4): "year"}  # fmt: skip
"""CLDR pattern fields → cvbuilder placeholders (see Locale.long_date)."""
SPACES = {"\u202f": "\u00a0"}
"""CLDR's narrow no-break space is not in every font TeX uses; a no-break space is."""
HEAD = "# date.long and date.months_day come from"
EXAMPLE = date(2026, 11, 27)


def template(pattern: str) -> tuple[str, bool]:
    """The cvbuilder template of a CLDR date pattern, and whether a space was replaced."""
    out, replaced = [], False
    for kind, value in tokenize_pattern(pattern):
        if kind == "chars":
            replaced |= any(c in SPACES for c in value)
            text = "".join(SPACES.get(c, c) for c in value)
            out.append(text.replace("{", "{{").replace("}", "}}"))
        elif value in FIELDS:
            out.append("{" + FIELDS[value] + "}")
        else:
            raise SystemExit(f"{pattern!r}: no placeholder for {value[0] * value[1]}")
    return "".join(out), replaced


def shown(text: str) -> str:
    """``text`` with invisible spaces written out (``<U+202F>``), for a comment."""
    return "".join(f"<U+{ord(c):04X}>" if c != " " and c.isspace() else c for c in text)


def quoted(text: str) -> str:
    """A YAML double-quoted scalar, spaces other than U+0020 escaped (``\\u00a0``)."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(
        f"\\u{ord(c):04x}" if c != " " and unicodedata.category(c) in ("Zs", "Cf") else c
        for c in text
    ) + '"'  # fmt: skip


def plain(item: str) -> str:
    """An item of a YAML flow list, quoted only where it has to be."""
    try:
        return item if yaml.safe_load(f"[{item}]") == [item] else quoted(item)
    except yaml.YAMLError:
        return quoted(item)


def flow(key: str, items: list[str]) -> list[str]:
    """``  key: [a, b, …]``, wrapped at WIDTH with the items aligned, as the files have it."""
    head = f"  {key}: ["
    rows: list[str] = []
    row: list[str] = []
    for n, item in enumerate(items):
        text = plain(item) + ("]" if n == len(items) - 1 else ",")
        start = " " * len(head) if rows else head
        if row and len(start + " ".join([*row, text])) > WIDTH:
            rows.append(start + " ".join(row))
            row = []
        row.append(text)
    rows.append((" " * len(head) if rows else head) + " ".join(row))
    return rows


def _entry(lines: list[str], key: str, section: str = "date") -> tuple[int, int]:
    """Where ``section.key`` (with its continuation lines) is: [start, end), start = end if not
    found (then end is where the section ends)."""
    top = lines.index(f"{section}:")
    end = next((i for i in range(top + 1, len(lines)) if not lines[i].startswith("  ")), len(lines))
    for i in range(top + 1, end):
        if lines[i].startswith(f"  {key}:"):
            j = i + 1
            while j < end and lines[j].startswith("   "):
                j += 1
            return i, j
    return end, end


def _with_comment(rows: list[str], old: list[str]) -> list[str]:
    found = re.search(r"\s+(#.*)$", old[-1]) if old else None
    if found:
        last = rows[-1]
        pad = COMMENT_COLUMN - len(last) if len(last) < COMMENT_COLUMN else 2
        rows = [*rows[:-1], last + " " * pad + found.group(1)]
    return rows


def _put(lines: list[str], key: str, rows: list[str], after: str) -> None:
    start, end = _entry(lines, key)
    old = lines[start:end]
    del lines[start:end]
    _, at = _entry(lines, after)
    lines[at:at] = _with_comment(rows, old)


def comment(tag: str, pattern: str, replaced: bool, differ: bool) -> list[str]:
    loc = tag.replace("-", "_")
    example = shown(format_date(EXAMPLE, "long", locale=loc))
    uses = "MMMM" in pattern
    out = [
        f"{HEAD} CLDR {get_cldr_version()} via Babel {babel.__version__} (tools/locale_dates.py):",
        f'#   long is the long date pattern "{shown(pattern)}" ("{example}");',
        "#   months_day are the format names "
        + ("that pattern uses" if uses else "(the pattern numbers the month)")
        + (", which differ from months_full." if differ else "."),
    ]
    if replaced:
        out.append(
            "#   In long, CLDR's narrow no-break space (U+202F) is a no-break space (U+00A0)."
        )
    return out


def _header(lines: list[str], block: list[str]) -> None:
    start = next((i for i, line in enumerate(lines) if line.startswith(HEAD)), None)
    if start is not None:
        end = start + 1
        while end < len(lines) and lines[end].startswith("#   "):
            end += 1
        del lines[start:end]
    at = next((i for i, line in enumerate(lines) if line.startswith("# Every other string")), None)
    if at is None:
        at = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    lines[at:at] = block


def rewrite(path: Path) -> str:
    tag = path.stem
    loc = tag.replace("-", "_")
    pattern = get_date_format("long", locale=loc).pattern
    long, replaced = template(pattern)
    names = get_month_names("wide", context="format", locale=loc)
    months = [str(names[m]) for m in range(1, 13)]
    text = path.read_text("utf-8")
    lines = text.split("\n")
    current = yaml.safe_load(text)
    differ = months != current["date"]["months_full"]
    _header(lines, comment(tag, pattern, replaced, differ))
    _put(lines, "months_day", flow("months_day", months), after="months_full")
    _put(lines, "long", [f"  long: {quoted(long)}"], after="month_year")
    new = "\n".join(lines)
    written = yaml.safe_load(new)["date"]
    assert written["long"] == long and written["months_day"] == months, tag
    return new


def main() -> int:
    check = "--check" in sys.argv[1:]
    changed = []
    for path in sorted(LOCALES.glob("*.yaml")):
        new = rewrite(path)
        if new != path.read_text("utf-8"):
            changed.append(path.name)
            if not check:
                path.write_text(new, "utf-8")
    print(("would change: " if check else "changed: ") + (", ".join(changed) or "nothing"))
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
