"""Format-neutral presentation: the decisions every output makes the same way, whatever it is
written in (LaTeX today; Markdown, HTML, plain text and Word later). Which authors are listed
and where the list is cut, how a venue reads, how a publication list is summed up, which role
markers need a legend, how years compact. Returns plain text and data; never markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from cvbuilder import locales
from cvbuilder.schema.model import Author, Publication, PubType


def t(key: str, **fields: Any) -> str:
    """The current locale's string ``key`` (plain text: every output escapes it its own way)."""
    return locales.current()(key, **fields)


def heading(key_or_text: str) -> str:
    """A heading given as a locale key (``sections.news``) or as literal text."""
    locale = locales.current()
    return locale(key_or_text) if key_or_text in locale.strings else key_or_text


def names(items: Sequence[str]) -> str:
    """Items joined with the locale's list separator."""
    return t("list.separator").join(items)


def degree(e: Any) -> str:
    """``PhD in Computer Science`` in the locale's words."""
    return t("labels.degree_field", degree=e.degree, field=e.field) if e.field else e.degree


def short_url(url: str) -> str:
    """A homepage as a contact line shows it: ``https://www.x.org/`` → ``x.org``."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def profile_label(p: Any) -> str:
    """A social profile as a contact line shows it: ``GitHub: name``, else its address."""
    return ": ".join(x for x in (p.network, p.username) if x) or p.url or ""


MARKERS: dict[str, str] = {"equal": "*", "corresponding": "†", "lead": "‡"}
"""Author role → its marker, in legend order (what the legend says is the locale's
``markers.<role>``)."""

TYPE_PREFIX: dict[PubType, str] = {
    PubType.conference: "C", PubType.journal: "J", PubType.workshop: "W",
    PubType.preprint: "P", PubType.blog: "B", PubType.thesis: "T", PubType.book: "Bk",
    PubType.chapter: "Ch", PubType.patent: "Pa", PubType.report: "R", PubType.talk: "Tk",
    PubType.other: "O",
}  # fmt: skip
"""Publication type → the numbering prefix (``C`` in ``[C12]``), the same in every language."""


def type_title(kind: PubType) -> tuple[str, str]:
    """(group heading in the current locale, numbering prefix) of a publication type."""
    return locales.current().list(f"publications.types.{kind.value}")[0], TYPE_PREFIX[kind]


def legend_text(role: str) -> str:
    """What the legend says of an author role, in the current locale."""
    return locales.current()(f"markers.{role}")


@dataclass(frozen=True)
class AuthorList:
    """The authors as printed: ``head``, then (when cut) ``…`` and the owner, then et al."""

    head: list[Author]
    owner_after_gap: Author | None
    et_al: bool


def author_list(
    items: Sequence[Author], limit: int | None = None, et_al: bool = False
) -> AuthorList:
    """``A, B, C`` — or, past ``limit``, ``A, B, …, Z. Tang, et al.``: the owner always stays."""
    people = list(items)
    if limit is None or len(people) <= limit:
        return AuthorList(people, None, et_al)
    owner = next((i for i, a in enumerate(people) if a.owner), None)
    if owner is None or owner < limit:
        return AuthorList(people[:limit], None, True)
    return AuthorList(people[: max(limit - 1, 1)], people[owner], True)


def markers(a: Author) -> list[str]:
    """The roles an author has, in legend order."""
    return [m for m in MARKERS if getattr(a, m)]


def used_markers(pubs: Iterable[Publication]) -> list[str]:
    """The roles any author of ``pubs`` has: only those get a legend entry."""
    seen = {m for p in pubs for a in p.authors for m in MARKERS if getattr(a, m)}
    return [m for m in MARKERS if m in seen]


def venue_text(p: Publication, *, short_only: bool = False) -> str:
    """``International Conference on … (ICLR 2025)``; the year added only when not already there.

    The short name is left out when the full name already says it (``arXiv preprint`` /
    ``arXiv 2025``), so nothing prints twice."""
    full, short = p.venue, p.venue_short
    if full and short:
        stem = short.replace(str(p.year), "").strip(" '-").lower()
        if short_only:
            full = None
        elif stem and (stem in full.lower() or full.lower() in stem):
            short = None
    text = " ".join(x for x in [full, f"({short})" if full and short else short] if x)
    if p.year is not None and str(p.year) not in text:
        text = ", ".join(x for x in [text, str(p.year)] if x)
    return text


def summary(pubs: Sequence[Publication]) -> str:
    """``28 publications: 14 conference papers, 1 journal article, …`` in the usual order."""
    locale = locales.current()
    counts = {t: sum(p.type == t for p in pubs) for t in PubType}
    parts = [
        f"{n} {locale.plural(f'publications.types.{t.value}', n, index=1)}"
        for t, n in counts.items()
        if n
    ]
    head = locale.plural("publications.count", len(pubs)).format(n=len(pubs))
    return locale("publications.summary", count=head, parts=locale("list.separator").join(parts))


_LINKS = ("paper", "pdf", "arxiv", "doi", "code", "slides", "video", "project")


def links(p: Publication) -> list[tuple[str, str]]:
    """(label in the current locale, URL) of a publication's links, in the order every output
    lists them."""
    found = p.links
    urls = {
        "paper": found.paper,
        "pdf": found.pdf,
        "arxiv": f"https://arxiv.org/abs/{found.arxiv}" if found.arxiv else None,
        "doi": f"https://doi.org/{found.doi}" if found.doi else None,
        "code": found.code,
        "slides": found.slides,
        "video": found.video,
        "project": found.project,
    }
    locale = locales.current()
    return [(locale(f"labels.{key}"), url) for key in _LINKS if (url := urls[key])]


def years_compact(years: Iterable[int]) -> str:
    """``[2022, 2023, 2024, 2025]`` → ``2022–2025``; ``[2023, 2025]`` → ``2023, 2025``."""
    ys = sorted(set(years))
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def publication_groups(
    pubs: Sequence[Publication], group: str = "type", numbering: str = "descending"
) -> list[tuple[str, list[tuple[int, Publication, str]]]]:
    """The publication list as a CV numbers it: ``(heading, [(index, publication, label)])``.
    Grouped by ``type`` (``[C14]``…``[C1]`` per type), by ``year`` or not at all (``none``:
    numbered through the whole list); ``numbering`` ``descending``, ``ascending`` or ``none``
    (label ``""``). A single group has no heading."""
    items = list(enumerate(pubs))
    found: list[tuple[str, str, list[tuple[int, Publication]]]] = []  # (heading, prefix, items)
    if group == "type":
        order = list(PubType)
        ordered = sorted(items, key=lambda x: order.index(x[1].type))
        for kind, members in groupby(ordered, key=lambda x: x[1].type):
            found.append((*type_title(kind), list(members)))
    elif group == "year":
        found = [(str(y) if y is not None else locales.current()("date.forthcoming"), "", list(g))
                 for y, g in groupby(items, key=lambda x: x[1].year)]  # fmt: skip
    else:
        found = [("", "", items)]
    per_group, total, count, out = group == "type", len(items), 0, []
    for heading, prefix, members in found:
        n = len(members) if per_group else total
        labelled_items = []
        for i, (index, pub) in enumerate(members, start=0 if per_group else count):
            number = {"descending": n - i, "ascending": i + 1}.get(numbering)
            labelled_items.append((index, pub, f"{prefix}{number}" if number else ""))
        count += len(members)
        out.append((heading if len(found) > 1 else "", labelled_items))
    return out
