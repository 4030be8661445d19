"""Variants: named documents made from one profile (layout, sections, filters, options).

Two exist without configuration, ``cv`` and ``resume``; a profile's ``variants:``
may change any of their fields or add more.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from cvbuilder import registry
from cvbuilder.load.messages import error_message
from cvbuilder.problems import LayoutError, shown, unknown
from cvbuilder.schema.dates import PartialDate
from cvbuilder.schema.model import SECTIONS, Entry, Profile, Variant
from cvbuilder.schema.sections import BY_NAME, DATED, ORDER

DEFAULTS: dict[str, dict[str, Any]] = {
    "cv": {"layout": "academic", "max_items": {"news": 5}},  # news: the latest only
    "resume": {
        "layout": "resume",
        "sections": list(ORDER["resume"]),
        # locale keys (see cvbuilder.locales): "Selected Publications" in the document's language
        "titles": {
            "publications": "headings.selected_publications",
            "awards": "headings.selected_awards",
        },
        "selected_only": True,
        "max_items": {"awards": 6},
        "max_pages": 1,
    },
}

Loc = tuple[str | int, ...]
_DATED = DATED
"""How to date an entry of each dated section (see :mod:`cvbuilder.schema.sections`)."""


def resolve(profile: Profile) -> dict[str, Variant]:
    """Defaults merged with the profile's own variants (field by field)."""
    return _merged(profile.variants)


def _merged(variants: dict[str, Variant]) -> dict[str, Variant]:
    out = {name: Variant.model_validate(spec) for name, spec in DEFAULTS.items()}
    for name, variant in variants.items():
        base = DEFAULTS.get(name, {})
        out[name] = Variant.model_validate({**base, **variant.model_dump(exclude_unset=True)})
    return out


def check_variants(
    data: dict[str, Any], raw: Mapping[Loc, str] | None = None
) -> list[tuple[Loc, str]]:
    """Cross-field problems the schema alone cannot see: layouts, section names, options.

    Works on the raw profile mapping, so these problems are reported together with every field
    error of the rest of the profile: each variant that validates on its own is checked (the
    schema reports the others). ``raw`` is the YAML text of values by location, for messages
    (see :class:`cvbuilder.load.positions.Positions`)."""
    specs = data.get("variants")
    own: dict[str, Variant] = {}
    for name, spec in (specs if isinstance(specs, dict) else {}).items():
        if not isinstance(name, str):
            continue  # the schema says why
        try:
            own[name] = Variant.model_validate(spec)
        except ValidationError:
            continue
    extra = extra_section_ids(data)
    known = [*SECTIONS, *extra]
    available = registry.names()
    problems: list[tuple[Loc, str]] = []
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    problems += _theme_problems(theme)
    seen: set[Loc] = set()
    for name, variant in _merged(own).items():
        here: Loc = ("variants", name)
        if variant.layout is None:
            problems.append((here, f"variant {shown(name)} needs a layout: {', '.join(available)}"))
            continue
        for field in ("sections", "titles", "max_items"):
            for i, section in enumerate(getattr(variant, field) or []):
                if section not in known:
                    loc = (*here, field, i) if field == "sections" else (*here, field, section)
                    problems.append((loc, unknown("section", section, known, "known")))
        if variant.layout not in available:
            problems.append(
                ((*here, "layout"), unknown("layout", variant.layout, available, "available"))
            )
            continue
        try:
            _options(variant, extra, None, theme)
        except LayoutError as exc:
            problems.append(((*here, "layout"), exc.message))
            continue
        except ValidationError as exc:
            layout = registry.get(variant.layout)
            for err in exc.errors():
                key = err["loc"][0] if err["loc"] else None
                own = key in variant.options or key not in theme
                loc = (*here, "options", *err["loc"]) if own else ("theme", *err["loc"])
                if loc in seen:
                    continue
                seen.add(loc)
                problems.append((loc, error_message(err, layout.Options, (raw or {}).get(loc))))
    return problems


def _theme_problems(theme: Mapping[str, Any]) -> list[tuple[Loc, str]]:
    """A theme key no layout has (a typo): named, with the options that exist."""
    known: set[str] = {"margin_cm"}
    for name in registry.names():
        try:
            known |= set(registry.get(name).Options.model_fields)
        except LayoutError:
            continue
    known -= {"sections", "titles", "last_updated"}
    return [(("theme", key), unknown("option", str(key), sorted(known), "known"))
            for key in theme if key not in known]  # fmt: skip


def extra_section_ids(data: dict[str, Any]) -> list[str]:
    """The ids of a raw profile mapping's extra sections (the schema checks them)."""
    extra = data.get("extra_sections")
    ids = [s.get("id") for s in extra if isinstance(s, dict)] if isinstance(extra, list) else []
    return [i for i in ids if isinstance(i, str)]


def options_for(profile: Profile, variant: Variant, last_updated: str | None = None) -> Any:
    """The layout's validated ``Options`` for this variant (sections and titles included)."""
    extra = [s.id for s in profile.extra_sections]
    return _options(variant, extra, last_updated, profile.theme)


def _options(
    variant: Variant,
    extra_sections: list[str],
    last_updated: str | None = None,
    theme: Mapping[str, Any] | None = None,
) -> Any:
    """The options of the variant's layout: the profile's theme (the keys this layout has),
    then the variant's own options."""
    layout = registry.get(variant.layout)
    sections = variant.sections or list(layout.DEFAULT_SECTIONS)
    if variant.sections is None:
        sections = [*sections, *extra_sections]
    fields = layout.Options.model_fields
    themed = {k: v for k, v in (theme or {}).items() if k in fields or k == "margin_cm"}
    return layout.Options.model_validate(
        {
            **themed,
            **variant.options,
            "sections": sections,
            "titles": variant.titles,
            "last_updated": last_updated,
        }
    )


def entry_year(section: str, entry: Any) -> int | None:
    """The year an entry ended (or happened); ``present`` counts as ongoing (9999)."""
    value = _DATED[section](entry) if section in _DATED else None
    if isinstance(value, PartialDate):
        return value.year
    return value[0] if isinstance(value, tuple) else value


def _sort_key(section: str, entry: Any) -> Any:
    value = _DATED[section](entry)
    if value is None:
        return (0,)
    return (1, value.sort_key if isinstance(value, PartialDate) else value)


def _since(section: str, entry: Any, since: int) -> Any:
    """The entry as seen from ``since``: ``None`` when it ended before; a service group keeps
    only the years from ``since`` on (its venues with none left go)."""
    if section == "service":
        venues = [v.model_copy(update={"years": [y for y in v.years if y >= since]})
                  for v in entry.venues if not v.years or max(v.years) >= since]  # fmt: skip
        return entry.model_copy(update={"venues": venues}) if venues else None
    year = entry_year(section, entry)
    return None if year is not None and year < since else entry


def _keep(section: str, entry: Any, variant: Variant) -> bool:
    tags = set(getattr(entry, "tags", ()))
    if tags & set(variant.exclude_tags):
        return False
    if not variant.tags:
        return True
    return bool(tags & set(variant.tags)) or (not tags and section in variant.keep_untagged)


def _most_important(items: list[Any], n: int) -> list[Any]:
    """The ``n`` entries of highest priority, then relevance to a job (see
    :mod:`cvbuilder.apply.tailor`), newest first among equals; in their order."""
    if not any(e.priority or e._relevance for e in items):
        return items[:n]
    best = sorted(range(len(items)), key=lambda i: (-items[i].priority, -items[i]._relevance))[:n]
    return [items[i] for i in sorted(best)]


def apply(profile: Profile, variant: Variant, sections: list[str]) -> Profile:
    """The profile as this variant sees it: only its sections, filtered, newest first."""
    updates: dict[str, Any] = {}
    for section in SECTIONS:
        value = getattr(profile, section)
        if section not in sections:
            updates[section] = [] if isinstance(value, list) else None
            continue
        if not isinstance(value, list) or not value or not isinstance(value[0], Entry):
            continue
        items = [e for e in value if _keep(section, e, variant)]
        if variant.since is not None and section in _DATED:
            items = [e for e in (_since(section, e, variant.since) for e in items) if e]
        if section == "publications" and variant.selected_only:
            items = [p for p in items if p.selected]
        if section in _DATED and BY_NAME[section].sorted:
            items.sort(key=lambda e, s=section: _sort_key(s, e), reverse=True)
        if section in variant.max_items:
            items = _most_important(items, variant.max_items[section])
        updates[section] = items
    extra = [s for s in profile.extra_sections if s.id in sections]
    if variant.since is not None:  # dated items of extra sections follow the same rule
        since = variant.since
        extra = [
            x.model_copy(update={"items": kept})
            for x in extra
            if (kept := [i for i in x.items if i.date is None or i.date.year >= since])
        ]
    updates["extra_sections"] = extra
    return profile.model_copy(update=updates)
