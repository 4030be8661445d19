"""Publications: authors with their roles, types, links and the publication entry itself."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from cvbuilder.schema.entries import Entry, Strict
from cvbuilder.schema.text import PUBLICATION_ID, Arxiv, Doi, LongText, Text, Url


class Author(Strict):
    """One author of a publication; the roles are the markers (``*``, corresponding, lead)."""

    name: Text
    owner: bool = Field(default=False, description="This author is the profile's person.")
    equal: bool = Field(default=False, description="Equal contribution (*).")
    corresponding: bool = Field(default=False, description="Corresponding author.")
    lead: bool = Field(default=False, description="Project lead.")

    @classmethod
    def _from_string(cls, value: Any) -> Any:
        """``"Z. Tang*💡📧"`` → name plus roles, so author lists copied from a homepage work."""
        if not isinstance(value, str):
            return value
        name, roles = value.strip(), {}
        while name and name[-1] in ROLE_SUFFIXES:
            roles[ROLE_SUFFIXES[name[-1]]] = True
            name = name[:-1].rstrip()
        return {"name": name, **roles}


ROLE_SUFFIXES = {
    "*": "equal",
    "\U0001f4e7": "corresponding",
    "\u2709": "corresponding",
    "\U0001f4a1": "lead",
}
"""Markers accepted at the end of an author string: *, 📧 or ✉ (corresponding), 💡 (lead)."""


AuthorEntry = Annotated[
    Author, BeforeValidator(Author._from_string, json_schema_input_type=str | Author)
]


class PubType(StrEnum):
    conference = "conference"
    journal = "journal"
    workshop = "workshop"
    preprint = "preprint"
    blog = "blog"
    thesis = "thesis"
    book = "book"
    chapter = "chapter"
    patent = "patent"
    report = "report"
    talk = "talk"
    other = "other"


class PubLinks(Strict):
    paper: Url | None = None
    pdf: Url | None = None
    code: Url | None = None
    arxiv: Arxiv | None = Field(default=None, examples=["2401.17644"])
    doi: Doi | None = Field(default=None, examples=["10.1145/3673038.3673142"])
    slides: Url | None = None
    video: Url | None = None
    project: Url | None = None


class Publication(Entry):
    id: Annotated[str, Field(pattern=PUBLICATION_ID, max_length=200)] | None = Field(
        default=None, description="Citation key; BibTeX entries with the same key merge into this."
    )
    title: Text
    authors: list[AuthorEntry] = Field(
        default=[], description="Empty for a work of the owner's alone without an author line."
    )
    et_al: bool = Field(default=False, description="The author list is incomplete (et al.).")
    venue: Text | None = Field(
        default=None, examples=["International Conference on Learning Representations"]
    )
    venue_short: Text | None = Field(default=None, examples=["ICLR 2025"])
    year: int | None = Field(
        default=None, ge=1000, le=9999, description="Empty for work in progress (see note)."
    )
    month: int | None = Field(default=None, ge=1, le=12)
    type: PubType
    note: Text | None = Field(default=None, examples=["Spotlight", "Oral"])
    summary: LongText | None = None
    links: PubLinks = PubLinks()
    selected: bool = Field(default=False, description="Show on the résumé's selected list.")
    bibtex: dict[str, str] = Field(
        default={},
        description="Other BibTeX fields (pages, abstract, …), kept for export; not printed.",
    )
