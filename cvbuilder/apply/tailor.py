"""Tailoring: rank the profile's entries for one job, and find where a keyword is.

An entry's relevance is what it shares with the job: each of the job's tags it carries counts
:data:`TAG_WEIGHT`; each posting keyword its text contains (whole words, stemmed, synonyms:
see :mod:`cvbuilder.apply.keywords`) counts one, unless most entries contain it
(:data:`COMMON`); a publication marked ``selected`` counts :data:`SELECTED_WEIGHT` (a tailored
résumé draws on every publication, not only those).

Relevance ranks entries inside their section: under the page budget a section gives up its
least relevant entry first instead of its oldest, and ``max_items`` keeps the most relevant.
Which section gives is still the budget's rule (:mod:`cvbuilder.select.ranking`): the section
with the most entries left, so a résumé keeps its career history while its papers are chosen
for the job; the user's own ``priority`` still comes first. The document shows what stays in
its usual order. Nothing is added, reworded or invented: only which entries stay changes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from cvbuilder.apply.keywords import Matcher
from cvbuilder.schema.model import SECTIONS, Profile
from cvbuilder.schema.sections import DROPPABLE

TAG_WEIGHT = 3
"""A tag the job asks for outweighs any two keywords: the user chose it."""

SELECTED_WEIGHT = 2
"""A publication marked ``selected``: the résumé's usual choice, still outranked by papers
that match three of the posting's keywords."""

_NOT_TEXT = frozenset({"url", "links", "homepage", "photo", "tags", "id", "doi", "arxiv",
                       "email", "priority", "bibliography", "selected"})  # fmt: skip
"""Fields whose values are not prose a reader or an ATS would match (addresses, ids)."""

COMMON = 0.5
"""A keyword found in more than this share of the entries ranks nothing: "learning" in a
machine-learning profile says nothing about which entry fits the job better."""

Item = tuple[str, int]


def text_of(value: Any) -> str:
    """Every piece of readable text of an entry (or any part of a profile), one per line."""
    return "\n".join(_strings(value.model_dump() if hasattr(value, "model_dump") else value))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_TEXT:
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def entries(profile: Profile) -> Iterator[tuple[str, int, Any]]:
    """(section, index, entry) of every entry a page budget may leave out."""
    for section in DROPPABLE:
        for i, entry in enumerate(getattr(profile, section)):
            yield section, i, entry


def relevance(
    profile: Profile, tags: Sequence[str], keywords: Sequence[str], matcher: Matcher
) -> dict[Item, int]:
    """Each droppable entry's relevance to the job (0 for none)."""
    wanted = set(tags)
    indexed = [
        (section, i, entry, matcher.index(text_of(entry))) for section, i, entry in entries(profile)
    ]
    hits = {
        k: {(s, i) for s, i, _, found in indexed if found.has(k)} for k in dict.fromkeys(keywords)
    }
    telling = [k for k, where in hits.items() if len(where) <= len(indexed) * COMMON]
    out = {}
    for section, i, entry, _ in indexed:
        score = TAG_WEIGHT * len(wanted & set(entry.tags))
        score += sum(1 for k in telling if (section, i) in hits[k])
        out[(section, i)] = score + (SELECTED_WEIGHT if getattr(entry, "selected", False) else 0)
    return out


def ranked(
    profile: Profile, tags: Sequence[str], keywords: Sequence[str], matcher: Matcher
) -> list[tuple[Item, int]]:
    """Droppable entries, most relevant first (ties: the profile's order)."""
    scores = relevance(profile, tags, keywords, matcher)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def tailor(
    profile: Profile, tags: Sequence[str], keywords: Sequence[str], matcher: Matcher
) -> Profile:
    """The profile with each entry's relevance set (see the module's docstring)."""
    scores = relevance(profile, tags, keywords, matcher)
    updates = {}
    for section in DROPPABLE:
        items = []
        for i, entry in enumerate(getattr(profile, section)):
            copy = entry.model_copy()
            copy._relevance = scores[(section, i)]
            items.append(copy)
        updates[section] = items
    return profile.model_copy(update=updates)


class Where:
    """The profile's text indexed once per entry, to say where it mentions a keyword."""

    def __init__(self, profile: Profile, matcher: Matcher) -> None:
        self.parts: list[tuple[str, int | None, Any]] = []
        for section in ("person", *SECTIONS):
            value = getattr(profile, section)
            if section in DROPPABLE:
                self.parts += [(section, i, matcher.index(text_of(e))) for i, e in enumerate(value)]
            elif value:
                self.parts.append((section, None, matcher.index(text_of(value))))
        for extra in profile.extra_sections:
            self.parts.append((extra.id, None, matcher.index(text_of(extra))))

    def holders(self, keyword: str) -> list[tuple[str, int | None]]:
        """(section, index) of each entry that says ``keyword``; index ``None`` for the person,
        the summary, skills and the other parts that are not droppable entries."""
        return [(section, i) for section, i, found in self.parts if found.has(keyword)]
