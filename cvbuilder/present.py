"""Format-neutral presentation: the decisions every output makes the same way, whatever it is
written in (LaTeX today; Markdown, HTML, plain text and Word later). Which authors are listed
and where the list is cut, how a venue reads, how a publication list is summed up, which role
markers need a legend, how years compact. Returns plain text and data; never markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cvbuilder.schema.model import Author, Publication, PubType

MARKERS: dict[str, tuple[str, str]] = {
    "equal": ("*", "equal contribution"),
    "corresponding": ("†", "corresponding author"),
    "lead": ("‡", "project lead"),
}
"""Author role → (marker, what the legend says), in legend order."""

TYPE_TITLES: dict[PubType, tuple[str, str]] = {
    PubType.conference: ("Conference Papers", "C"),
    PubType.journal: ("Journal Articles", "J"),
    PubType.workshop: ("Workshop Papers", "W"),
    PubType.preprint: ("Preprints", "P"),
    PubType.blog: ("Blog Posts", "B"),
    PubType.thesis: ("Theses", "T"),
    PubType.book: ("Books", "Bk"),
    PubType.chapter: ("Book Chapters", "Ch"),
    PubType.patent: ("Patents", "Pa"),
    PubType.report: ("Technical Reports", "R"),
    PubType.talk: ("Talks", "Tk"),
    PubType.other: ("Other", "O"),
}
"""Publication type → (group heading, numbering prefix such as ``C`` in ``[C12]``)."""

TYPE_NOUNS: dict[PubType, tuple[str, str]] = {
    PubType.conference: ("conference paper", "conference papers"),
    PubType.journal: ("journal article", "journal articles"),
    PubType.workshop: ("workshop paper", "workshop papers"),
    PubType.preprint: ("preprint", "preprints"),
    PubType.blog: ("blog post", "blog posts"),
    PubType.thesis: ("thesis", "theses"),
    PubType.book: ("book", "books"),
    PubType.chapter: ("book chapter", "book chapters"),
    PubType.patent: ("patent", "patents"),
    PubType.report: ("technical report", "technical reports"),
    PubType.talk: ("talk", "talks"),
    PubType.other: ("other", "other"),
}


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
    counts = {t: sum(p.type == t for p in pubs) for t in PubType}
    parts = [f"{n} {TYPE_NOUNS[t][n != 1]}" for t, n in counts.items() if n]
    head = f"{len(pubs)} publication{'s' if len(pubs) != 1 else ''}"
    return f"{head}: {', '.join(parts)}."


def links(p: Publication) -> list[tuple[str, str]]:
    """(label, URL) of a publication's links, in the order every output lists them."""
    found = p.links
    items = [
        ("paper", found.paper),
        ("PDF", found.pdf),
        ("arXiv", f"https://arxiv.org/abs/{found.arxiv}" if found.arxiv else None),
        ("DOI", f"https://doi.org/{found.doi}" if found.doi else None),
        ("code", found.code),
        ("slides", found.slides),
        ("video", found.video),
        ("project", found.project),
    ]
    return [(label, url) for label, url in items if url]


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
