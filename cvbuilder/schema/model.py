"""The whole profile and its variants; every schema name other code uses is importable here."""

# Pydantic copies field defaults, so `= []` is safe; ruff cannot see that Strict (imported) is
# a pydantic model.
# ruff: noqa: RUF012

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from cvbuilder import locales
from cvbuilder.schema import sections
from cvbuilder.schema.dates import Date
from cvbuilder.schema.entries import (
    Award,
    Certificate,
    Dated,
    Education,
    Entry,
    Experience,
    ExtraItem,
    ExtraSection,
    Language,
    NewsItem,
    Person,
    Project,
    Reference,
    ServiceGroup,
    ServiceVenue,
    SkillGroup,
    SocialProfile,
    Strict,
    Teaching,
)
from cvbuilder.schema.publications import (
    ROLE_SUFFIXES,
    Author,
    AuthorEntry,
    Publication,
    PubLinks,
    PubType,
)
from cvbuilder.schema.text import (
    MAX_LINE,
    MAX_PARAGRAPH,
    MAX_URL,
    PATTERN_HINTS,
    PUBLICATION_ID,
    SECTION_ID,
    TAG,
    VARIANT_NAME,
    Email,
    LanguageTag,
    LongText,
    Markup,
    Tag,
    Text,
    Url,
    bare_doi,
)

__all__ = [
    "CORE_SECTIONS",
    "MAX_LINE",
    "MAX_PARAGRAPH",
    "MAX_URL",
    "PATTERN_HINTS",
    "PUBLICATION_ID",
    "ROLE_SUFFIXES",
    "SECTIONS",
    "SECTION_ID",
    "TAG",
    "VARIANT_NAME",
    "Author",
    "AuthorEntry",
    "Award",
    "Certificate",
    "Dated",
    "Education",
    "Email",
    "Entry",
    "Experience",
    "ExtraItem",
    "ExtraSection",
    "Language",
    "LongText",
    "Markup",
    "NewsItem",
    "Person",
    "Profile",
    "Project",
    "PubLinks",
    "PubType",
    "Publication",
    "Reference",
    "ServiceGroup",
    "ServiceVenue",
    "SkillGroup",
    "SocialProfile",
    "Strict",
    "Tag",
    "Teaching",
    "Text",
    "Url",
    "Variant",
    "bare_doi",
]


SECTIONS: tuple[str, ...] = sections.NAMES
"""Built-in section names, in the order an academic CV usually has them (see
:mod:`cvbuilder.schema.sections`)."""

CORE_SECTIONS: tuple[str, ...] = sections.CORE
"""Sections whose untagged entries a tags filter keeps unless a variant says otherwise."""


class Variant(Strict):
    """A named document: layout, sections and their order, filters and layout options."""

    layout: str | None = Field(
        default=None, examples=["academic", "resume"], description="Required for new variants."
    )
    sections: list[str] | None = Field(
        default=None, description="Sections in order; omitted means the layout's default."
    )
    titles: dict[str, Text] = Field(default={}, description="Section heading overrides.")
    selected_only: bool = Field(default=False, description="Only publications marked selected.")
    tags: list[Tag] = Field(
        default=[], description="Keep only entries with one of these tags (see keep_untagged)."
    )
    exclude_tags: list[Tag] = Field(default=[], description="Drop entries with any of these.")
    keep_untagged: list[str] = Field(
        default=list(CORE_SECTIONS),
        description="Sections whose untagged entries survive a tags filter.",
    )
    since: int | None = Field(
        default=None, ge=1000, le=9999, description="Leave out entries that ended before this year."
    )
    max_items: dict[str, Annotated[int, Field(ge=0)]] = Field(
        default={},
        description="At most N items per section: the highest priority, then the newest.",
    )
    max_pages: int | None = Field(
        default=None, ge=1, description="Page budget: tighten, then drop low-priority items."
    )
    options: dict[str, Any] = Field(default={}, description="Options of the layout.")
    language: LanguageTag | None = Field(
        default=None,
        examples=["de", "zh-Hans"],
        description="Language of the document (BCP 47: en, de, zh-Hans, ...): headings, dates "
        "and every text given in several languages. Default: the profile's default_language.",
    )
    formats: list[Literal["pdf", "md", "html", "txt", "docx"]] = Field(
        default=["pdf"],
        min_length=1,
        examples=[["pdf", "html"]],
        description="What to write: pdf, md (Markdown for a homepage), html (one self-contained "
        "page), txt (plain text for job portals), docx (Word). `build --format` overrides it.",
    )
    front_matter: dict[str, Any] = Field(
        default={},
        examples=[{"layout": "page", "permalink": "/cv/"}],
        description="Markdown only: YAML front matter for a static-site generator (Jekyll, "
        "Hugo); its title is the name unless given.",
    )
    engine: Literal["pdflatex", "xelatex"] | None = Field(
        default=None,
        examples=["xelatex"],
        description="TeX engine; by default pdfLaTeX, or XeLaTeX when the text needs it.",
    )


class Profile(Strict):
    """The whole profile: one person, everything they would put on a CV."""

    person: Person
    summary: Markup | None = None
    interests: list[Text] = []
    news: list[NewsItem] = []
    education: list[Education] = []
    experience: list[Experience] = []
    volunteer: list[Experience] = []
    projects: list[Project] = []
    publications: list[Publication] = []
    service: list[ServiceGroup] = []
    awards: list[Award] = []
    certificates: list[Certificate] = []
    teaching: list[Teaching] = []
    skills: list[SkillGroup] = []
    languages: list[Language] = []
    references: list[Reference] = []
    extra_sections: list[ExtraSection] = []
    bibliography: list[Annotated[str, Field(min_length=1, max_length=4096)]] = Field(
        default=[],
        description=".bib files (relative to this file) whose entries join publications; a "
        "publication here with the same id overrides or extends the BibTeX entry.",
    )
    default_language: LanguageTag = Field(
        default="en",
        examples=["en"],
        description="The language of texts given in several languages when a variant asks "
        "for one they lack; also the language of variants that name none.",
    )
    locale: dict[str, Any] = Field(
        default={},
        examples=[{"date": {"present": "now"}, "sections": {"news": "Updates"}}],
        description="Overrides of the locale's strings by key, e.g. {date: {present: now}}; "
        "`cvbuilder locales --keys` lists the keys.",
    )
    theme: dict[str, Any] = Field(
        default={},
        examples=[{"paper": "letter", "accent_color": "teal", "font_size": 11}],
        description="Layout options for every variant (paper, font_size, margins, accent_color, "
        "font, date_position, ...); a variant's own options win; an option a layout does not "
        "have is not given to it.",
    )
    updated: Date | None = Field(
        default=None, description="'Last updated' date printed on documents."
    )
    variants: dict[Annotated[str, Field(pattern=VARIANT_NAME, max_length=64)], Variant] = {}

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        context = info.context or {}
        flat, problems = locales.overrides(
            value, context.get("language") or "en", context.get("default_language") or "en"
        )
        if problems:
            raise ValueError("; ".join(problems))
        return flat

    def section_names(self) -> list[str]:
        return [*SECTIONS, *(s.id for s in self.extra_sections)]
