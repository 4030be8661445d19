"""The profile schema: strict Pydantic models (``extra="forbid"`` everywhere).

Every string a person writes is a :data:`Text` (checked for characters pdfLaTeX
can print, later escaped so it prints literally); a :data:`Markup` may also use
``**bold**``, ``*italic*`` and ``[links](https://…)``.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from cvbuilder.schema.charset import check_text
from cvbuilder.schema.dates import Date, PartialDate
from cvbuilder.schema.fielddocs import document


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, json_schema_extra=document
    )


def _text(value: str) -> str:
    return check_text(value)


_URL = re.compile(r"^(https?://[^\s]+|mailto:[^\s@]+@[^\s@]+)$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
_DOI = re.compile(r"^(10\.\d{4,9}/\S+|10/[A-Za-z0-9]+)$")  # short DOIs (10/f5xswg) resolve too
_DOI_PREFIX = re.compile(r"^(?:doi\s*:\s*|(?:https?://)?(?:dx\.)?doi\.org/)", re.IGNORECASE)
_ARXIV = re.compile(r"^(\d{4}\.\d{4,5}(v\d+)?|[a-z\-]+(\.[A-Z]{2})?/\d{7}(v\d+)?)$")


def _url(value: str) -> str:
    value = check_text(value)
    if not _URL.match(value):
        raise ValueError(f"{value!r} is not a web address; start it with https:// or http://")
    return value


def _email(value: str) -> str:
    value = check_text(value)
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address")
    return value


def bare_doi(value: str) -> str | None:
    """The DOI in ``value`` as written in the wild (``doi: 10.1038/x``, ``DOI:10…``,
    ``https://dx.doi.org/10…``, ``http://doi.org/…``, a short DOI ``10/f5xswg``), bare; or
    ``None`` when it holds no DOI."""
    value = _DOI_PREFIX.sub("", value.strip()).strip()
    return value if _DOI.match(value) else None


def _doi(value: str) -> str:
    doi = bare_doi(check_text(value))
    if doi is None:
        raise ValueError(f"{value!r} is not a DOI (expected 10.NNNN/…)")
    return doi


def _arxiv(value: str) -> str:
    value = check_text(str(value)).removeprefix("arXiv:").removeprefix("arxiv:")
    value = re.sub(r"^https?://arxiv\.org/(abs|pdf)/", "", value).removesuffix(".pdf")
    if not _ARXIV.match(value):
        raise ValueError(f"{value!r} is not an arXiv identifier (expected e.g. 2401.17644)")
    return value


def _image(value: str) -> str:
    if not re.search(r"(?i)\.(png|jpe?g|pdf)$", value):
        raise ValueError(f"{value!r}: a photo must be a PNG, JPEG or PDF file (.png, .jpg, .pdf)")
    return value


# Length caps. pdfTeX reads a paragraph as one input line into a buffer of 200,000 bytes
# (TeX Live's buf_size), and escaping can make one character 31 bytes (⇌ becomes
# \ensuremath{\rightleftharpoons}), plus \allowbreak{} every 20 characters of a long word. So
# a paragraph of 6,000 characters stays under 190,000 bytes whatever it contains, and a one-line
# field of 2,000 under 65,000. Real fields are far shorter: titles and names are under 300
# characters, a long summary or abstract is about 2,000 (tests/test_model.py checks the bound
# against the real escaping).
MAX_LINE = 2_000
MAX_PARAGRAPH = 6_000
MAX_URL = 2_000  # what browsers and servers handle; each character may become 12 bytes in TeX

TAG = r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$"
PUBLICATION_ID = r"^[^\s,{}\\\x00-\x1f\x7f]+$"
"""Any key BibTeX accepts (``2019A&A...623A..62G``, ``doi:10.1198/x``): no space, comma, brace
or backslash. Ids are never written into LaTeX."""
SECTION_ID = r"^[a-z][a-z0-9_]*$"
VARIANT_NAME = r"^[a-z0-9][a-z0-9_-]*$"
PATTERN_HINTS: dict[str, str] = {
    TAG: "a tag may contain only letters, digits and _ . + - (starting with a letter or "
    "digit), e.g. 'systems'",
    PUBLICATION_ID: "an id may not contain spaces, commas, braces or backslashes, e.g. "
    "'tang2024fusefl'",
    SECTION_ID: "a section id starts with a lowercase letter and contains only a-z, 0-9 and _, "
    "e.g. 'talks'",
    VARIANT_NAME: "a variant name may contain only a-z, 0-9, _ and - (it names the PDF file), "
    "e.g. 'resume-short'",
}
"""What each pattern allows, in words, for the message when a value does not match."""

Text = Annotated[str, Field(min_length=1, max_length=MAX_LINE), AfterValidator(_text)]
"""Plain text: printed exactly as written."""
Markup = Annotated[str, Field(min_length=1, max_length=MAX_PARAGRAPH), AfterValidator(_text)]
"""Text with tiny inline markup: **bold**, *italic*, [label](https://…)."""
LongText = Annotated[str, Field(min_length=1, max_length=MAX_PARAGRAPH), AfterValidator(_text)]
"""A paragraph printed as written (an abstract)."""
Url = Annotated[
    str, Field(max_length=MAX_URL, examples=["https://example.org"]), AfterValidator(_url)
]
Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]  # RFC 5321's limit
Tag = Annotated[str, Field(pattern=TAG, max_length=100, examples=["systems"])]


class Entry(Strict):
    """Anything a variant can filter: by tags, and (for page budgets) by priority."""

    tags: list[Tag] = Field(default=[], description="Labels used by variant filters.")
    priority: int = Field(
        default=0, description="Higher stays longer when a page budget has to drop items."
    )


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
    photo: Annotated[str, Field(max_length=4096), AfterValidator(_image)] | None = Field(
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
    arxiv: Annotated[str, Field(max_length=100), AfterValidator(_arxiv)] | None = Field(
        default=None, examples=["2401.17644"]
    )
    doi: Annotated[str, Field(max_length=MAX_URL), AfterValidator(_doi)] | None = Field(
        default=None, examples=["10.1145/3673038.3673142"]
    )
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


SECTIONS: tuple[str, ...] = (
    "summary",
    "interests",
    "news",
    "education",
    "experience",
    "volunteer",
    "projects",
    "publications",
    "awards",
    "certificates",
    "service",
    "teaching",
    "skills",
    "languages",
    "references",
)
"""Built-in section names, in the order an academic CV usually has them."""

CORE_SECTIONS: tuple[str, ...] = (
    "education", "experience", "volunteer", "awards", "certificates", "service", "teaching",
    "skills", "languages", "references",
)  # fmt: skip
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
        default={}, description="At most N items per section (newest first)."
    )
    max_pages: int | None = Field(
        default=None, ge=1, description="Page budget: tighten, then drop low-priority items."
    )
    options: dict[str, Any] = Field(default={}, description="Options of the layout.")


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
    updated: Date | None = Field(
        default=None, description="'Last updated' date printed on documents."
    )
    variants: dict[Annotated[str, Field(pattern=VARIANT_NAME, max_length=64)], Variant] = {}

    def section_names(self) -> list[str]:
        return [*SECTIONS, *(s.id for s in self.extra_sections)]
