"""The format-neutral document every non-PDF output is written from: the same sections,
entries, author lists, numbering and markers as the PDF, as plain data (text runs, never
markup). A writer (Markdown, HTML, plain text, Word) only decides how each part looks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """A piece of text with its emphasis; ``link`` makes it a link."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


Inline = tuple[Run, ...]
"""A line of text made of runs."""


def plain(inline: Inline) -> str:
    """The text of ``inline`` without emphasis or link targets."""
    return "".join(r.text for r in inline)


@dataclass(frozen=True)
class Entry:
    """One item of a section: an education, a job, a publication, a news item …"""

    title: Inline
    date: str = ""
    number: str = ""  # a publication's label, "C12" (writers add brackets)
    lines: tuple[Inline, ...] = ()  # under the title: organisation, authors, venue, advisors
    bullets: tuple[Inline, ...] = ()  # highlights
    links: tuple[tuple[str, str], ...] = ()  # (label, URL): paper, code, …


@dataclass(frozen=True)
class Group:
    """Entries under an optional subheading (publications by type, service by role)."""

    heading: str = ""
    entries: tuple[Entry, ...] = ()
    numbered: bool = False  # entries carry numbers: an ordered list


@dataclass(frozen=True)
class Section:
    id: str  # the section's name in the profile: "publications", or an extra section's id
    title: str  # in the document's language
    paragraphs: tuple[Inline, ...] = ()  # the summary; a publication summary; the legend
    groups: tuple[Group, ...] = ()
    compact: bool = False  # one line per entry (news, awards, skills): a list, not blocks


@dataclass(frozen=True)
class Contact:
    kind: str  # location, email, phone, homepage, profile
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Page:
    """The whole document."""

    name: str
    language: str  # BCP 47
    kind: str  # "Curriculum Vitae", in the document's language
    layout: str
    name_native: str | None = None
    headline: str = ""  # position, affiliation
    contacts: tuple[Contact, ...] = ()
    sections: tuple[Section, ...] = ()
    updated: str | None = None  # "Last updated Sep 2025"
    accent: str = "1F3A5F"  # the layout's accent colour, hex
    font: str = "charter"
    centered: bool = False
    person: dict[str, object] = field(default_factory=dict)  # schema.org Person (JSON-LD)
    options: dict[str, object] = field(default_factory=dict)
    """The layout's options as the PDF uses them (theme and variant merged): paper, margins,
    font_size, date_position …"""
