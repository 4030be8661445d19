"""Each section of a filtered profile as format-neutral data (see :mod:`.model`), worded and
ordered as the PDF words and orders it (dates, headings, author lists, numbering, markers and
legend from :mod:`cvbuilder.present` and the current locale)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any

from cvbuilder import present
from cvbuilder.outputs.inline import join, markup, text
from cvbuilder.outputs.model import Entry, Group, Inline, Run, Section
from cvbuilder.present import names, t
from cvbuilder.schema.dates import span
from cvbuilder.schema.model import Author, ExtraSection, Profile, Publication


def _entry(title: Inline, date: str = "", lines: Sequence[Inline] = (),
           bullets: Sequence[str] = (), url: str | None = None) -> Entry:  # fmt: skip
    links = ((t("labels.link"), url),) if url else ()
    return Entry(title, date, "", tuple(x for x in lines if x), tuple(map(markup, bullets)), links)


def _one(entries: list[Entry], compact: bool = False) -> tuple[tuple[Group, ...], bool]:
    return ((Group(entries=tuple(entries)),) if entries else ()), compact


def summary(p: Profile, o: Any) -> tuple[tuple[Inline, ...], tuple[Group, ...], bool]:
    return ((markup(p.summary),) if p.summary else ()), (), False


def interests(p: Profile, o: Any) -> tuple[tuple[Inline, ...], tuple[Group, ...], bool]:
    return ((text(t("list.group_separator").join(p.interests)),) if p.interests else ()), (), False


def news(p: Profile, o: Any) -> tuple[tuple[Group, ...], bool]:
    return _one([Entry(markup(n.text), n.date.display()) for n in p.news], compact=True)


def education(p: Profile, o: Any) -> tuple[tuple[Group, ...], bool]:
    out = []
    for e in p.education:
        lines = [text(", ".join(x for x in (e.institution, e.location) if x), italic=True)]
        if e.score:
            lines.append(text(e.score))
        if e.advisors:
            lines.append(text(t("labels.advisors", names=names(e.advisors))))
        if e.co_advisors:
            lines.append(text(t("labels.co_advisors", names=names(e.co_advisors))))
        if e.thesis:
            before, _, after = t("labels.thesis", title="\0").partition("\0")
            lines.append((Run(before), Run(e.thesis, italic=True), Run(after)))
        title = text(present.degree(e), bold=True)
        out.append(_entry(title, span(e.start, e.end), lines, e.highlights, e.url))
    return _one(out)


def jobs(items: Sequence[Any], o: Any) -> tuple[tuple[Group, ...], bool]:
    out = []
    for e in items:
        org = ", ".join(x for x in (e.organization, e.location) if x)
        lines = [markup(e.summary)] if e.summary else []
        if e.advisors and getattr(o, "advisors", True):
            lines.append(text(t("labels.advisors", names=names(e.advisors))))
        title = join([text(e.role, bold=True), text(org)], ", ")
        out.append(_entry(title, span(e.start, e.end), lines, e.highlights, e.url))
    return _one(out)


def projects(p: Profile, o: Any) -> tuple[tuple[Group, ...], bool]:
    out = []
    for x in p.projects:
        lines = [text(", ".join(v for v in (names(x.roles), x.entity, x.kind) if v), italic=True)]
        lines.append(markup(x.description) if x.description else ())
        lines.append(text(names(x.keywords)) if x.keywords else ())
        out.append(_entry(text(x.name, bold=True), span(x.start, x.end), lines, x.highlights,
                          x.url))  # fmt: skip
    return _one(out)


def authors(items: Sequence[Author], limit: int | None, et_al: bool, roles: bool) -> Inline:
    """The author list as the PDF cuts it: the owner in bold, role markers after names."""
    cut = present.author_list(items, limit, et_al)
    sep = t("list.separator")

    def one(a: Author) -> Inline:
        marks = "".join(present.MARKERS[m] for m in present.markers(a)) if roles else ""
        return (Run(a.name, bold=a.owner), *((Run(marks),) if marks else ()))

    people = [one(a) for a in cut.head]
    if cut.owner_after_gap is not None:
        people += [text("…"), one(cut.owner_after_gap)]
    if cut.et_al:
        people.append(text(t("list.et_al")))
    return join(people, sep)


def publication(pub: Publication, o: Any, number: str = "") -> Entry:
    end = t("list.sentence_end")
    title = pub.title if pub.title.endswith((".", "?", "!", "。")) else pub.title + end
    venue = present.venue_text(pub, short_only=bool(getattr(o, "short_venues", False)))
    roles = getattr(o, "roles", True)
    people = authors(pub.authors, getattr(o, "max_authors", None), pub.et_al, roles)
    where = join([text(venue, italic=True), text(f"({pub.note})", bold=True) if pub.note
                  else ()], " ")  # fmt: skip
    lines = [(*x, Run(end)) if x and not _ends(x) else x for x in (people, where)]
    return Entry(text(title), "", number, tuple(x for x in lines if x), (),
                 tuple(present.links(pub)))  # fmt: skip


def _ends(line: Inline) -> bool:
    """The line already ends a sentence ("et al."): no second full stop."""
    return "".join(r.text for r in line).rstrip().endswith((".", "?", "!", "。"))


def publications(p: Profile, o: Any) -> tuple[tuple[Inline, ...], tuple[Group, ...], bool]:
    if not p.publications:
        return (), (), False
    paragraphs = []
    if getattr(o, "publication_summary", False):
        paragraphs.append(text(present.summary(p.publications)))
    roles = getattr(o, "roles", True)
    used = present.used_markers(p.publications) if roles else []
    if used:
        parts = [f"{present.MARKERS[m]} {present.legend_text(m)}" for m in used]
        legend = t("list.group_separator").join(parts) + t("list.sentence_end")
        paragraphs.append(text(legend, italic=True))
    # as the layout does: grouped and numbered where it has those options, else one list
    grouping = getattr(o, "group_publications", "none")
    numbering = getattr(o, "numbering", "none")
    groups = []
    for heading, items in present.publication_groups(p.publications, grouping, numbering):
        entries = tuple(publication(pub, o, number) for _, pub, number in items)
        groups.append(Group(heading, entries, numbered=numbering != "none"))
    return tuple(paragraphs), tuple(groups), False


def service(p: Profile, o: Any) -> tuple[tuple[Group, ...], bool]:
    groups = []
    for role, items in groupby(p.service, key=lambda g: g.role):
        entries = []
        for g in items:
            venues = "; ".join(
                " ".join(x for x in (v.name, f"({v.full_name})" if v.full_name else None,
                                     present.years_compact(v.years)) if x)
                for v in g.venues
            )  # fmt: skip
            head = text(f"{g.area}: ", italic=True) if g.area else ()
            entries.append(Entry((*head, *text(venues))))
        groups.append(Group(role, tuple(entries)))
    return tuple(groups), True


def awards(p: Profile, o: Any) -> tuple[tuple[Group, ...], bool]:
    out = []
    for a in p.awards:
        when = a.term or (str(a.year) if a.year is not None else "")
        lines = [markup(a.summary)] if a.summary else []
        out.append(_entry(text(", ".join(x for x in (a.title, a.issuer) if x)), when, lines,
                          (), a.url))  # fmt: skip
    return _one(out, compact=True)


def certificates(p: Profile, o: Any) -> tuple[tuple[Group, ...], bool]:
    out = [_entry(text(", ".join(x for x in (c.name, c.issuer) if x)), span(c.date, None), (),
                  (), c.url) for c in p.certificates]  # fmt: skip
    return _one(out, compact=True)


def teaching(p: Profile, o: Any) -> tuple[tuple[Group, ...], bool]:
    groups = []
    for (role, inst), items in groupby(p.teaching, key=lambda x: (x.role, x.institution)):
        head = ", ".join(x for x in (role, inst) if x)
        entries = tuple(Entry(text(" ".join(x for x in (c.code, c.title) if x)), c.term)
                        for c in items)  # fmt: skip
        groups.append(Group(head, entries))
    return tuple(groups), True


def skills(p: Profile, o: Any) -> tuple[tuple[Group, ...], bool]:
    out = []
    for s in p.skills:
        label = " ".join(x for x in (s.category, f"({s.level})" if s.level else None) if x)
        out.append(Entry((Run(f"{label}: ", bold=True), *text(", ".join(s.items)))))
    return _one(out, compact=True)


def languages(p: Profile, o: Any) -> tuple[tuple[Group, ...], bool]:
    out = [Entry(text(" ".join(x for x in (v.language, f"({v.fluency})" if v.fluency else None)
                               if x))) for v in p.languages]  # fmt: skip
    return _one(out, compact=True)


def references(p: Profile, o: Any) -> tuple[tuple[Group, ...], bool]:
    out = [Entry(text(r.name, bold=True), "", "", (markup(r.reference),) if r.reference else ())
           for r in p.references]  # fmt: skip
    return _one(out)


def extra(section: ExtraSection) -> Section:
    entries = []
    for item in section.items:
        title = join([text(item.title, bold=True) if item.title else (),
                      markup(item.text) if item.text else ()], ". ")  # fmt: skip
        date = item.date.display() if item.date else ""
        entries.append(_entry(title, date, url=item.url))
    return Section(section.id, section.title, (), (Group(entries=tuple(entries)),), True)


PROSE = {"summary": summary, "interests": interests, "publications": publications}
LISTS: dict[str, Callable[[Profile, Any], tuple[tuple[Group, ...], bool]]] = {
    "news": news, "education": education,
    "experience": lambda p, o: jobs(p.experience, o),
    "volunteer": lambda p, o: jobs(p.volunteer, o),
    "projects": projects, "service": service, "awards": awards, "certificates": certificates,
    "teaching": teaching, "skills": skills, "languages": languages, "references": references,
}  # fmt: skip


def section(name: str, title: str, p: Profile, o: Any) -> Section | None:
    """Section ``name`` of ``p`` under ``title``, or None when it has nothing to show."""
    if name in PROSE:
        paragraphs, groups, compact = PROSE[name](p, o)
    else:
        paragraphs = ()
        groups, compact = LISTS[name](p, o)
    if not paragraphs and not groups:
        return None
    return Section(name, title, paragraphs, groups, compact)
