"""A job file (``jobs/<id>.yaml``): the posting, the letter and what to build, validated as
strictly as the profile, with the same ``file:line:col: field: message`` problems."""

# ruff: noqa: RUF012  (pydantic copies field defaults)

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, AliasChoices, BeforeValidator, Field, ValidationInfo

from cvbuilder.schema.dates import Date
from cvbuilder.schema.entries import Strict
from cvbuilder.schema.text import VARIANT_NAME, LanguageTag, Markup, Tag, Text, pick_language

LETTER = "letter"
"""The name of the cover letter in ``documents:``; it is written as ``cover-letter.pdf``."""
LETTER_FILE = "cover-letter"

PLACEHOLDERS = ("company", "role", "recipient.name", "recipient.title",
                "recipient.organization", "name")  # fmt: skip
"""What a letter may fill in: ``{company}``, ``{role}``, ``{recipient.name}``, … (``{name}`` is
the applicant's); ``{{`` and ``}}`` print a brace."""

MAX_POSTING = 200_000
"""A job ad is a few thousand characters; this bounds a pasted web page."""


def fields_of(text: str) -> list[str]:
    """The placeholders of ``text``; ValueError for a lone brace."""
    try:
        return [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError:
        raise ValueError("a lone { or }: write {{ or }} for a brace") from None


def _placeholders(text: str) -> str:
    unknown = [f for f in fields_of(text) if f not in PLACEHOLDERS]
    if unknown:
        known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        raise ValueError(f"unknown placeholder {{{unknown[0]}}}; known: {known}")
    return text


def _paragraphs(value: Any, info: ValidationInfo) -> Any:
    """A text with blank lines between paragraphs (a YAML ``|`` block), or a list of them."""
    if isinstance(value, dict):
        value = pick_language(value, info)
    if isinstance(value, str):
        value = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", value) if p.strip()]
    return value


Template = Annotated[Text, AfterValidator(_placeholders)]
Paragraph = Annotated[Markup, AfterValidator(_placeholders)]
Paragraphs = Annotated[list[Paragraph], BeforeValidator(_paragraphs), Field(min_length=1)]


class Recipient(Strict):
    name: Text | None = Field(default=None, examples=["Dr. Jane Doe"])
    title: Text | None = Field(default=None, examples=["Hiring Manager"])
    organization: Text | None = Field(
        default=None, validation_alias=AliasChoices("organization", "organisation")
    )
    address: list[Text] = Field(default=[], description="Address lines, in order.")


class Letter(Strict):
    """The cover letter; every part but the body has a default in the document's language."""

    body: Paragraphs = Field(description="Paragraphs separated by blank lines; **bold**, "
                             "*italic*, [links](https://…) and placeholders.")  # fmt: skip
    subject: Template | None = Field(
        default=None, description="Default: 'Application for {role}' in the document's language."
    )
    salutation: Template | None = Field(
        default=None, description="Default: 'Dear {recipient.name},' or a general salutation."
    )
    closing: Template | None = Field(default=None, description="Default: 'Sincerely,'.")
    signature: str | None = Field(
        default=None,
        max_length=4096,
        json_schema_extra={"pattern": r"(?i)\.(png|jpe?g|pdf)$"},
        description="An image of the signature (PNG, JPEG or PDF), relative to the job file.",
    )
    max_pages: int = Field(default=1, ge=1, le=10)


class Section(Strict):
    heading: Text | None = None
    body: Paragraphs


class Statement(Strict):
    """A research or teaching statement: a title, sections with optional headings."""

    title: Text = Field(examples=["Research Statement"])
    sections: list[Section] = Field(min_length=1)
    max_pages: int | None = Field(default=None, ge=1, le=50)


class Job(Strict):
    """One application: the posting and what to send."""

    id: Annotated[str, Field(pattern=VARIANT_NAME, max_length=64)] | None = Field(
        default=None, description="Names the output folder; default: the file name."
    )
    company: Text
    role: Text
    posting: Annotated[str, Field(max_length=MAX_POSTING)] | None = Field(
        default=None,
        description="The job ad as plain text, or the name of a text file beside the job file.",
    )
    keywords: list[Text] = Field(
        default=[], description="Keywords to check; default: extracted from the posting."
    )
    synonyms: dict[Text, list[Text]] = Field(
        default={}, examples=[{"Kubernetes": ["k8s"]}], description="Terms that count as one."
    )
    tags: list[Tag] = Field(default=[], description="Entries with these tags rank first.")
    recipient: Recipient = Recipient()
    date: Date | None = Field(
        default=None, description="The letter's date (YYYY-MM-DD); default SOURCE_DATE_EPOCH."
    )
    language: LanguageTag | None = None
    layout: str | None = Field(default=None, description="Default: the résumé variant's.")
    letter: Letter | None = None
    statements: dict[Annotated[str, Field(pattern=VARIANT_NAME, max_length=64)], Statement] = {}
    documents: list[Annotated[str, Field(pattern=VARIANT_NAME, max_length=64)]] | None = Field(
        default=None,
        min_length=1,
        description="What to build: variants of the profile (resume, cv, …), letter, and "
        "statements by id. Default: resume, and the letter when there is one.",
    )

    @property
    def wanted(self) -> list[str]:
        """The documents to build, defaults applied."""
        if self.documents is not None:
            return list(self.documents)
        return ["resume", LETTER] if self.letter is not None else ["resume"]


def posting_path(value: str, base: Path) -> Path | None:
    """The file ``posting:`` names, when it is one line that looks like a file name."""
    if "\n" in value or not re.fullmatch(r"[^\s]+\.(txt|md|text)", value.strip(), re.I):
        return None
    return base / value.strip()
