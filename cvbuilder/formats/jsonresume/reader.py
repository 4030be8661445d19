"""Reading a JSON Resume document value by value, reporting by JSON path what does not fit."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cvbuilder.formats.jsonresume.dates import read_date
from cvbuilder.formats.jsonresume.json import _ranges
from cvbuilder.formats.jsonresume.keys import (
    _SPELLINGS,
    ALIAS_RENAMES,
    EXTRA,
    LIST_KEYS,
    OLD_KEYS,
    RENAMES,
    SECTION_ALIASES,
    STANDARD,
    THEME_KEYS,
    URL_KEYS,
    Items,
    _as_list,
    _key,
)
from cvbuilder.formats.jsonresume.networks import _SCHEME, _host, _is_web, web_address
from cvbuilder.formats.jsonresume.report import (
    Report,
    _characters,
    _clean,
    _describe,
    _empty,
    _kind,
    _number,
)
from cvbuilder.formats.jsonresume.text import (
    from_html,
    in_script,
    latin_part,
    printable,
    unprintable,
)


class _Reader:
    """One JSON Resume document → profile data: every value is taken through a method that
    checks its kind and reports, by JSON path, what does not fit, was repaired or is left
    over."""

    def __init__(self, doc: dict[str, Any], report: Report):
        self.doc, self.report = doc, report
        self.html: list[str] = []  # paths of text read as HTML
        self.sources: dict[str, list[str]] = {}  # section → its keys in the document
        for key in doc:
            section = SECTION_ALIASES.get(_key(key)) if isinstance(key, str) else None
            if section:
                self.sources.setdefault(section, []).append(key)
        for section, keys in self.sources.items():
            keys.sort(key=lambda k: k != section)  # the standard key first

    # -- objects and keys --

    def section(self, name: str) -> Items:
        for key in self.sources.get(name, []):
            value = self.doc.pop(key)
            if key != name and not _empty(value):
                self.report.note(key, f"not a JSON Resume section; read as '{name}'")
            yield from self.objects(value, key, name, alias=key != name)

    def objects(
        self, value: Any, path: str, section: str | None = None, alias: bool = False
    ) -> Items:
        """A list of objects → (path, object with its keys read, its x-cvbuilder data), one at
        a time so the report follows the document's order; renamed keys are noted after."""
        if _empty(value):
            return
        if not isinstance(value, list):
            self.report.note(path, f"expected a list, not {_kind(value)}; left out")
            return
        renamed: dict[tuple[str, str], list[int]] = {}
        for i, item in enumerate(value):
            where = f"{path}[{i}]"
            if _empty(_clean(item)):  # nothing but empty values: a theme's placeholder
                continue
            if not isinstance(item, dict):
                self.report.note(where, f"expected an object, not {_kind(item)}; left out")
                continue
            item = dict(item)
            for key in [k for k in item if k in THEME_KEYS]:
                if not _empty(item.pop(key)):
                    renamed.setdefault((key, ""), []).append(i)
            if section:
                item = self.keys(
                    item,
                    where,
                    section,
                    alias,
                    lambda src, dst, i=i: renamed.setdefault((src, dst), []).append(i),
                )
            yield where, item, self.extra(item, where)
        for (src, dst), numbers in renamed.items():
            read = "read as its profile field" if src == dst else f"read as {dst!r}"
            what = f"not standard; {read}" if dst else "a theme's display setting; left out"
            self.report.note(f"{path}[{_ranges(numbers, 100)}].{src}", what)

    def keys(
        self,
        item: dict[str, Any],
        where: str,
        section: str,
        alias: bool,
        seen: Callable[[str, str], None],
    ) -> dict[str, Any]:
        """The object with its keys as the standard spells them: spelling variants ('Start
        Date'), the web address among its candidates, and non-standard names (RENAMES)."""
        spellings = _SPELLINGS.get(section, {})
        out: dict[str, Any] = {}
        for k, v in item.items():
            key = spellings.get(_key(k), k) if isinstance(k, str) else k
            out[key if key not in out else k] = v
        self.web_address(out, where)
        renames = {**RENAMES.get(section, {}), **(ALIAS_RENAMES.get(section, {}) if alias else {})}
        for src, target in renames.items():
            if src not in out:
                continue
            dst, prefix = target if isinstance(target, tuple) else (target, "")
            value = out[src]
            if _empty(value):
                out.pop(src)
                continue
            if dst in LIST_KEYS:
                joined = _as_list(out.get(dst) if dst != src else None) + _as_list(value, prefix)
                out.pop(src)
                out[dst] = joined
            elif src == dst:
                pass
            elif _empty(out.get(dst)):
                out[dst] = out.pop(src)
            else:
                continue  # the standard key wins; this one is reported as having no place
            if src not in OLD_KEYS and (src not in STANDARD[section] or src != dst):
                seen(src, dst)
        return out

    def web_address(self, item: dict[str, Any], where: str) -> None:
        """Put the best of an object's web addresses (url, website, websiteLink, …) under
        'url': one with a scheme beats a bare domain; others naming the same site go."""
        found = [k for k in URL_KEYS if k in item and not _empty(item[k])]
        if not found or found == ["url"]:
            return
        web = [k for k in found if isinstance(item[k], str) and _is_web(item[k])]
        web.sort(key=lambda k: not _SCHEME.match(item[k].strip()))
        best = web[0] if web else "url" if "url" in found else found[0]
        value = item.pop(best)
        for k in found:
            if k == best:
                continue
            other = item.pop(k)
            texts = isinstance(other, str) and isinstance(value, str)
            same = texts and (
                other.strip().lower() == value.strip().lower()
                or (_is_web(other) and _host(other) == _host(value))
            )
            if not same:
                self.report.note(
                    f"{where}.{k}",
                    f"no place in the profile for {_describe(other)}; "
                    f"left out (the web address is {_describe(value)})",
                )
        item["url"] = value

    def extra(self, item: dict[str, Any], path: str) -> dict[str, Any]:
        """The ``x-cvbuilder`` data an export left on ``item`` (removed from it)."""
        value = item.pop(EXTRA, None)
        if _empty(value):
            return {}
        if not isinstance(value, dict):
            where = f"{path}.{EXTRA}" if path else EXTRA
            self.report.note(where, f"expected an object, not {_kind(value)}; left out")
            return {}
        return _clean(value)

    # -- text --

    def read(self, value: Any, path: str, kind: str = "text") -> tuple[str | None, list[str]]:
        """A value as text of ``kind`` (see KINDS), and the items of lists it held as HTML."""
        if isinstance(value, str):
            text = value.strip()
        elif _empty(value):
            return None, []
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and _number(value):
            text = _number(value) or ""
        else:
            self.report.note(path, f"expected text, not {_describe(value)}; left out")
            return None, []
        if not text:
            return None, []
        if kind == "url":
            return web_address(text), []
        if kind == "raw":
            return text, []
        items: list[str] = []
        read = from_html(text, markup=kind == "markup")
        if read:
            text, items, lost = read
            self.html.append(path)
            if lost:
                shown = ", ".join(lost[:3]) + (", …" if len(lost) > 3 else "")
                self.report.note(path, f"links left out (plain text has none): {shown}")
            if kind != "markup":  # one line: breaks and list items run on
                text, items = "; ".join(t for t in [text.replace("\n", " "), *items] if t), []
        text = self.printable(text, path)
        items = [t for t in (self.printable(i, path) for i in items) if t]
        if kind == "text" and unprintable(text):
            part = latin_part(text)
            if part:
                why = in_script(text) or f"{_describe(text)}: no font cvbuilder uses has " + (
                    _characters(unprintable(text)))  # fmt: skip
                self.report.note(path, f"{why}; kept {part!r}")
                text = part
        return text or None, items

    def printable(self, text: str, path: str) -> str:
        fixed = printable(text)
        if fixed.dropped:
            them = "it" if len(fixed.dropped) == 1 else "them"
            why = f"no font of the documents has {them}; the rest of the text is kept"
            self.report.note(path, f"left out {_characters(fixed.dropped)}: {why}")
        if fixed.unaccented:
            self.report.note(path, f"{_characters(fixed.unaccented)} written without accent: "
                                   "no font of the documents has such a letter")  # fmt: skip
        return fixed.text

    def as_text(self, value: Any, path: str, kind: str = "text") -> str | None:
        """A value as text; items of an HTML list are appended as '• item' lines."""
        text, items = self.read(value, path, kind)
        if items:
            text = "\n".join([*([text] if text else []), *(f"• {i}" for i in items)])
        return text

    def text(self, item: dict[str, Any], key: str, path: str, kind: str = "text") -> str | None:
        return self.as_text(item.pop(key, None), f"{path}.{key}", kind)

    def paragraph(self, item: dict[str, Any], key: str, path: str) -> tuple[str | None, list[str]]:
        """A markup paragraph and, apart, the items of lists written in it as HTML."""
        return self.read(item.pop(key, None), f"{path}.{key}", "markup")

    def texts(self, item: dict[str, Any], key: str, path: str, kind: str = "text") -> list[str]:
        """A list of texts; a single text counts as a list of one, and an HTML list in an
        entry adds entries."""
        value, where = item.pop(key, None), f"{path}.{key}"
        values = value if isinstance(value, list) else [value]
        out: list[str] = []
        for i, v in enumerate(values):
            text, items = self.read(v, f"{where}[{i}]" if isinstance(value, list) else where, kind)
            out.extend(t for t in [text, *items] if t)
        return out

    def names(self, item: dict[str, Any], key: str, path: str) -> list[str]:
        """People as a list, or as one text 'A, B and C'."""
        out = []
        for text in self.texts(item, key, path):
            out.extend(n for n in re.split(r"\s*(?:;|,|&|\band\b)\s*", text) if n.strip())
        return out

    # -- dates --

    def date(self, item: dict[str, Any], key: str, path: str, end: bool = False) -> str | None:
        raw = item.pop(key, None)
        if _empty(raw):
            return None
        read = read_date(raw, end)
        if read.note:
            self.report.note(f"{path}.{key}", read.note)
        return read.value

    def span(self, item: dict[str, Any], path: str) -> dict[str, str]:
        """startDate and endDate → start and end. JSON Resume's rule: a start without an end
        (no endDate, an empty one, null) is ongoing, so the end is 'present'. A lone
        non-standard ``date`` is the entry's date (start and end)."""
        missing_end = _empty(item.get("endDate"))
        out = {
            k: v
            for k, v in [
                ("start", self.date(item, "startDate", path)),
                ("end", self.date(item, "endDate", path, end=True)),
            ]
            if v
        }
        if "start" in out and "end" not in out and missing_end:
            out["end"] = "present"
        if not out and not _empty(item.get("date")):
            value = self.date(item, "date", path)
            if value:
                out = {"start": value, "end": value}
                self.report.note(f"{path}.date", "not standard; read as the entry's date")
        return out

    def rest(self, path: str, item: dict[str, Any]) -> None:
        for key, value in item.items():
            if not _empty(value):
                self.report.note(
                    f"{path}.{key}", f"no place in the profile for {_describe(value)}; left out"
                )
