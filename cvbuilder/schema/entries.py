"""The base model and the profile's sections other than publications, as Pydantic models."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from cvbuilder.schema.dates import Date, PartialDate
from cvbuilder.schema.fielddocs import document
from cvbuilder.schema.text import SECTION_ID, Email, Markup, Photo, Tag, Text, Url


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, json_schema_extra=document
    )


class Entry(Strict):
    """Anything a variant can filter: by tags, and (for page budgets) by priority."""

    tags: list[Tag] = Field(default=[], description="Labels used by variant filters.")
    priority: int = Field(
        default=0, description="Higher stays longer when a page budget has to drop items."
    )
    _relevance: int = PrivateAttr(default=0)
    """How well the entry fits a job (set by ``cvbuilder apply``, see
    :mod:`cvbuilder.apply.tailor`): inside its priority and section, the more relevant entry
    stays longer under a page budget and ``max_items``. Not part of the profile's schema."""


class Dated(Entry):
    """An entry with a start and an end; ``end`` may be ``present``."""

    start: Date | None = None
    end: Date | None = None

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: PartialDate | None, info: ValidationInfo) -> Any:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise ValueError(f"ends ({end}) before it starts ({start})")
        return end


class SocialProfile(Strict):
    network: Text | None = Field(default=None, description="Google Scholar, GitHub, ORCID, …")
    url: Url | None = None
    username: Text | None = None

    @model_validator(mode="after")
    def _something_to_show(self) -> SocialProfile:
        if not (self.url or self.username):
            raise ValueError("a profile needs a url or a username")
        return self


class Person(Strict):
    name: Text = Field(description="Full name as it should head the document.")
    name_native: Text | None = Field(
        default=None,
        description="The name in its own script, printed beside the name.",
        examples=["张伟"],
    )
    position: Text | None = Field(default=None, examples=["Postdoctoral Researcher"])
    affiliation: Text | None = None
    location: Text | None = None
    email: Email | None = None
    phone: Text | None = None
    homepage: Url | None = None
    profiles: list[SocialProfile] = []
    name_variants: list[Text] = Field(
        default=[], description="Other spellings of the name in author lists, e.g. 'Z. Tang'."
    )
    photo: Photo | None = Field(
        default=None,
        json_schema_extra={"pattern": r"(?i)\.(png|jpe?g|pdf)$"},
        description="A photo (PNG, JPEG or PDF), relative to the profile; printed in the header.",
        examples=["photo.jpg"],
    )


class NewsItem(Entry):
    date: Date
    text: Markup


class Education(Dated):
    degree: Text = Field(examples=["PhD"])
    field: Text | None = Field(default=None, examples=["Computer Science"])
    institution: Text
    location: Text | None = None
    advisors: list[Text] = []
    co_advisors: list[Text] = []
    thesis: Text | None = None
    score: Text | None = None
    courses: list[Text] = []
    url: Url | None = None
    highlights: list[Markup] = []


class Experience(Dated):
    role: Text
    organization: Text
    location: Text | None = None
    url: Url | None = None
    summary: Markup | None = None
    advisors: list[Text] = []
    highlights: list[Markup] = []


class Project(Dated):
    name: Text
    description: Markup | None = None
    highlights: list[Markup] = []
    keywords: list[Text] = []
    roles: list[Text] = []
    entity: Text | None = None
    kind: Text | None = None
    url: Url | None = None


class Certificate(Entry):
    name: Text
    date: Date | None = None
    issuer: Text | None = None
    url: Url | None = None


class Language(Entry):
    language: Text
    fluency: Text | None = None


class Reference(Entry):
    name: Text
    reference: Markup | None = None


class ServiceVenue(Strict):
    name: Text = Field(examples=["NeurIPS"])
    full_name: Text | None = None
    years: list[Annotated[int, Field(ge=1000, le=9999)]] = []


class ServiceGroup(Entry):
    """One role (e.g. program committee member) within one area, listing venues and years."""

    role: Text = Field(examples=["Program committee member (reviewer)"])
    area: Text | None = Field(default=None, examples=["Machine Learning"])
    venues: list[ServiceVenue] = Field(min_length=1)


class Award(Entry):
    year: int | None = Field(default=None, ge=1000, le=9999)
    term: Text | None = Field(
        default=None, description="Shown instead of the year, e.g. '2023/24 Fall'."
    )
    title: Text
    issuer: Text | None = None
    date: Date | None = None
    summary: Markup | None = None
    url: Url | None = None


class Teaching(Entry):
    term: Text = Field(examples=["2023 Spring"])
    code: Text | None = Field(default=None, examples=["COMP7940"])
    title: Text
    institution: Text | None = None
    role: Text | None = Field(default=None, examples=["Teaching Assistant"])


class SkillGroup(Entry):
    category: Text
    level: Text | None = None
    items: list[Text] = []


class ExtraItem(Entry):
    date: Date | None = None
    title: Text | None = None
    text: Markup | None = None
    url: Url | None = None


class ExtraSection(Strict):
    id: Annotated[str, Field(pattern=SECTION_ID, max_length=100)]
    title: Text
    items: list[ExtraItem] = Field(min_length=1)
