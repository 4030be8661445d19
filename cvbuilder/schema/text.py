"""Constrained field types (text, markup, URL, email, DOI, arXiv id, tag) and length caps."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo

from cvbuilder import locales
from cvbuilder.problems import shown
from cvbuilder.schema import charset


def check_text(value: str, info: ValidationInfo | None = None) -> str:
    """Normalised text with the characters no engine's fonts have (emoji) dropped; each drop is
    noted in the validation context (``context["dropped"]``: (original, characters)) for the
    loader to report by field. Control characters are an error. With ``context={"engine": e}``
    (anything with ``typesettable`` and ``label``), text must be settable by that engine."""
    if value.isascii() and not charset.ASCII_CONTROL.search(value):
        return value  # the common case, checked in C
    context = info.context if info is not None and info.context is not None else {}
    engine = context.get("engine")
    if engine is not None:
        return charset.check_text(value, engine.typesettable, engine.label)
    text, dropped = charset.printable_text(value)
    if dropped:
        context.setdefault("dropped", []).append((value, dropped))
        if not text.strip():
            raise ValueError(
                f"has only characters no installed font can print ({charset.describe(dropped)})"
            )
    return text


def pick_language(value: Any, info: ValidationInfo) -> Any:
    """A text field may be a mapping of language to text (``{en: …, zh-Hans: …}``): the text of
    the language being built (``context["language"]``), else of the profile's default language
    (``context["default_language"]``), else the only one. A mapping that lacks the language
    being built is noted in ``context["untranslated"]`` (by identity) for the loader to report."""
    if not isinstance(value, dict) or (not any(locales.is_tag(k) for k in value) and value):
        return value  # not meant as languages (a ': ' in a value): the type's own message
    bad = [k for k in value if not locales.is_tag(k)]
    if bad:
        raise ValueError(
            f"{shown(bad[0])} is not a language tag; a text in several languages maps tags such "
            "as en, de, zh-Hans to text"
        )
    if not value:
        raise ValueError("no text in any language")
    context = info.context or {}
    language = context.get("language") or locales.REFERENCE
    default = context.get("default_language") or locales.REFERENCE
    found = locales.pick(language, value)
    if found is None:
        context.setdefault("untranslated", []).append(id(value))
        found = locales.pick(default, value) or (next(iter(value)) if len(value) == 1 else None)
    if found is None:
        have = ", ".join(map(str, value))
        raise ValueError(f"no text in {language} or {default} (the default_language); has {have}")
    return value[found]


_MULTI = BeforeValidator(pick_language, json_schema_input_type=str | dict[str, str])


def _text(value: str, info: ValidationInfo) -> str:
    return check_text(value, info)


_URL = re.compile(r"^(https?://[^\s]+|mailto:[^\s@]+@[^\s@]+)$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
_DOI = re.compile(r"^(10\.\d{4,9}/\S+|10/[A-Za-z0-9]+)$")  # short DOIs (10/f5xswg) resolve too
_DOI_PREFIX = re.compile(r"^(?:doi\s*:\s*|(?:https?://)?(?:dx\.)?doi\.org/)", re.IGNORECASE)
_ARXIV = re.compile(r"^(\d{4}\.\d{4,5}(v\d+)?|[a-z\-]+(\.[A-Z]{2})?/\d{7}(v\d+)?)$")


def _url(value: str, info: ValidationInfo) -> str:
    value = check_text(value, info)
    if not _URL.match(value):
        raise ValueError(f"{value!r} is not a web address; start it with https:// or http://")
    return value


def _email(value: str, info: ValidationInfo) -> str:
    value = check_text(value, info)
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address")
    return value


def bare_doi(value: str) -> str | None:
    """The DOI in ``value`` as written in the wild (``doi: 10.1038/x``, ``DOI:10…``,
    ``https://dx.doi.org/10…``, ``http://doi.org/…``, a short DOI ``10/f5xswg``), bare; or
    ``None`` when it holds no DOI."""
    value = _DOI_PREFIX.sub("", value.strip()).strip()
    return value if _DOI.match(value) else None


def _doi(value: str, info: ValidationInfo) -> str:
    doi = bare_doi(check_text(value, info))
    if doi is None:
        raise ValueError(f"{value!r} is not a DOI (expected 10.NNNN/…)")
    return doi


def _arxiv(value: str, info: ValidationInfo) -> str:
    value = check_text(str(value), info).removeprefix("arXiv:").removeprefix("arxiv:")
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

LANGUAGE = locales.TAG_PATTERN
TAG = r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$"
PUBLICATION_ID = r"^[^\s,{}\\\x00-\x1f\x7f]+$"
"""Any key BibTeX accepts (``2019A&A...623A..62G``, ``doi:10.1198/x``): no space, comma, brace
or backslash. Ids are never written into LaTeX."""
SECTION_ID = r"^[a-z][a-z0-9_]*$"
VARIANT_NAME = r"^[a-z0-9][a-z0-9_-]*$"
PATTERN_HINTS: dict[str, str] = {
    LANGUAGE: "a language is a BCP 47 tag such as en, de, pt-BR or zh-Hans",
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

# Every string a person writes is a Text (checked for characters pdfLaTeX can print, later
# escaped so it prints literally); a Markup may also use **bold**, *italic* and [links](https://…).
Text = Annotated[str, Field(min_length=1, max_length=MAX_LINE), _MULTI, AfterValidator(_text)]
"""Plain text: printed exactly as written."""
Markup = Annotated[
    str, Field(min_length=1, max_length=MAX_PARAGRAPH), _MULTI, AfterValidator(_text)
]
"""Text with tiny inline markup: **bold**, *italic*, [label](https://…)."""
LongText = Annotated[
    str, Field(min_length=1, max_length=MAX_PARAGRAPH), _MULTI, AfterValidator(_text)
]
"""A paragraph printed as written (an abstract)."""
Url = Annotated[
    str, Field(max_length=MAX_URL, examples=["https://example.org"]), AfterValidator(_url)
]
Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]  # RFC 5321's limit
Tag = Annotated[str, Field(pattern=TAG, max_length=100, examples=["systems"])]
Photo = Annotated[str, Field(max_length=4096), AfterValidator(_image)]
"""A photo's file name: PNG, JPEG or PDF."""
Arxiv = Annotated[str, Field(max_length=100), AfterValidator(_arxiv)]
"""An arXiv identifier, bare (``arXiv:`` and the abs/pdf address removed)."""
Doi = Annotated[str, Field(max_length=MAX_URL), AfterValidator(_doi)]
"""A DOI, bare (``doi:`` and the doi.org address removed)."""
LanguageTag = Annotated[str, Field(pattern=LANGUAGE, max_length=35, examples=["en", "zh-Hans"])]
"""A BCP 47 language tag."""
