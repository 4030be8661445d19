"""Locales: every word a document prints that is not the person's own text.

One YAML file per language in this folder (``de.yaml``, ``zh-Hans.yaml``; ``en.yaml`` is the
reference and names every key). A locale that lacks a key falls back to English and says so,
never to a key name; a profile's ``locale:`` overrides any string. The locale of the document
being rendered is set with :func:`using` and read with :func:`current`, so dates and headings
need no extra argument through every building block (a context variable: each thread that
renders has its own).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from cvbuilder.current import Current

REFERENCE = "en"
TAG_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
"""A BCP 47 tag as written in profiles: a language, then subtags (``zh-Hans``, ``pt-BR``)."""
_TAG = re.compile(TAG_PATTERN)


def is_tag(value: object) -> bool:
    """A well-formed BCP 47 language tag (``en``, ``zh-Hans``, ``pt-BR``)."""
    return isinstance(value, str) and bool(_TAG.match(value))


def fallbacks(tag: str) -> list[str]:
    """RFC 4647 lookup order: ``zh-Hans-HK`` → ``zh-Hans-HK``, ``zh-Hans``, ``zh``."""
    parts = tag.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def pick(tag: str, candidates: Mapping[str, Any] | list[str]) -> str | None:
    """The candidate key that best serves ``tag`` (case-insensitive), or None."""
    by_lower = {c.lower(): c for c in candidates}
    for t in fallbacks(tag):
        if t.lower() in by_lower:
            return by_lower[t.lower()]
    return None


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


@functools.cache
def _files() -> dict[str, Any]:
    return {
        f.name.removesuffix(".yaml"): f
        for f in resources.files(__name__).iterdir()
        if f.name.endswith(".yaml")
    }


@functools.cache
def _read(tag: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return _flatten(yaml.load(_files()[tag].read_text(encoding="utf-8"), Loader=loader) or {})


def available() -> dict[str, str]:
    """Tag → the language's own name, for every locale the package has."""
    return {tag: str(_read(tag).get("name", tag)) for tag in sorted(_files())}


def key_names() -> list[str]:
    """Every key a locale may set (the reference locale's), dotted: ``sections.news``."""
    return list(_read(REFERENCE))


@dataclass(frozen=True)
class Locale:
    """The strings of one language, with English where it has none (listed in ``missing``)."""

    language: str
    strings: Mapping[str, Any]
    missing: tuple[str, ...] = ()
    unknown_language: bool = False  # no file for this language: everything is English
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, key: str, **fields: Any) -> str:
        """The string ``key`` with its ``{fields}`` filled in."""
        text = self.strings[key]
        return text.format(**fields) if fields else text

    def list(self, key: str) -> list[str]:
        return list(self.strings[key])

    @property
    def cjk(self) -> str | None:
        return self.strings.get("cjk")

    def _month(self, year: int, month: int) -> dict[str, Any]:
        return {
            "year": year,
            "m": month,
            "mm": f"{month:02d}",
            "month": self.strings["date.months"][month - 1],
            "month_full": self.strings["date.months_full"][month - 1],
        }

    def month_year(self, year: int, month: int) -> str:
        return self("date.month_year", **self._month(year, month))

    def long_date(self, year: int, month: int, day: int) -> str:
        """A date with its day, as the language writes it in full: ``November 27, 2026``,
        ``27. November 2026``, ``27 ноября 2026 г.`` (a letter's date)."""
        month_day = self.strings["date.months_day"][month - 1]
        fields = self._month(year, month)
        return self("date.long", **fields, day=day, dd=f"{day:02d}", month_day=month_day)

    def plural(self, key: str, n: int, index: int = 0) -> str:
        """The ``[one, other]`` form of ``key`` (``index`` skips leading items)."""
        forms = self.strings[key]
        return forms[index + (0 if n == 1 else 1)]


def get(language: str = REFERENCE, overrides: Mapping[str, Any] | None = None) -> Locale:
    """The locale for ``language`` (looked up as BCP 47: ``de-AT`` finds ``de``), with a
    profile's ``overrides`` (dotted keys) on top."""
    reference = _read(REFERENCE)
    found = pick(language, list(_files()))
    own = _read(found) if found else {}
    strings = {k: own.get(k, v) for k, v in reference.items()}
    missing = tuple(k for k in reference if k not in own) if found else ()
    strings.update(overrides or {})
    return Locale(language, strings, missing, unknown_language=found is None)


_CURRENT: Current[Locale] = Current("locale", lambda: get(REFERENCE))
current = _CURRENT.get
"""The locale of the document being rendered (English outside :func:`using`)."""
using = _CURRENT.using


_EXTRA_FIELDS = {
    "date.month_year": {"m", "mm", "month_full"},
    "date.long": {"day", "dd", "m", "mm", "month", "month_full", "month_day", "year"},
    "date.page": {"pages"},
    "letter.salutation": {"name"},
    "letter.subject": {"role", "company"},
}
"""Placeholders a template may use beyond those the English one shows."""


def overrides(
    data: Mapping[str, Any], language: str = REFERENCE, default: str = REFERENCE
) -> tuple[dict[str, Any], list[str]]:
    """A profile's ``locale:`` as dotted keys, each value in ``language`` where it is given
    in several (``{present: {en: now, de: jetzt}}``), and a problem per wrong key or value."""
    from cvbuilder.problems import unknown

    reference = _read(REFERENCE)
    flat: dict[str, Any] = {}
    problems: list[str] = []

    def walk(node: Mapping[str, Any], prefix: str) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            if name not in reference and isinstance(value, Mapping):
                walk(value, name + ".")
                continue
            if name not in reference:
                problems.append(unknown("locale key", name, list(reference), "known"))
                continue
            if isinstance(value, Mapping) and value and all(is_tag(k) for k in value):
                found = pick(language, value) or pick(default, value)
                value = value[found] if found else next(iter(value.values()))
            problem = _check(name, reference[name], value)
            if problem:
                problems.append(f"{name}: {problem}")
            else:
                flat[name] = value

    walk(data, "")
    return flat, problems


def _check(key: str, reference: Any, value: Any) -> str | None:
    if isinstance(reference, list):
        if not (isinstance(value, list) and len(value) == len(reference)
                and all(isinstance(v, str) for v in value)):  # fmt: skip
            return f"must be a list of {len(reference)} strings"
        return None
    if reference is None or not isinstance(reference, str):
        return None if value is None or isinstance(value, str) else "must be text"
    if not isinstance(value, str):
        return "must be text"
    allowed = set(re.findall(r"\{(\w+)\}", reference)) | _EXTRA_FIELDS.get(key, set())
    try:
        value.format(**dict.fromkeys(allowed, ""))
    except KeyError as exc:
        shown = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none"
        return f"unknown placeholder {{{exc.args[0]}}}; allowed here: {shown}"
    except (ValueError, IndexError):
        return "a { or } that is not a placeholder must be doubled: {{ }}"
    return None
