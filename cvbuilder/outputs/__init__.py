"""Outputs besides the PDF: Markdown, HTML, plain text and Word, all written from one
format-neutral page (:mod:`.page`) made from the variant's filtered profile, so they never
disagree with the PDF about what is shown, in which order, or how it is worded.

A writer is a module with ``SUFFIX`` and ``write(page, variant) -> bytes``; it is imported only
when its format is asked for."""

from __future__ import annotations

import importlib
from typing import Any

FORMATS: tuple[str, ...] = ("pdf", "md", "html", "txt", "docx")
"""Every format, by its file suffix."""

WRITERS: dict[str, str] = {
    "md": "cvbuilder.outputs.markdown",
    "html": "cvbuilder.outputs.html",
    "txt": "cvbuilder.outputs.text",
    "docx": "cvbuilder.outputs.word",
}


def build_page(profile: Any, variant: Any) -> Any:
    """The variant's :class:`~.model.Page`: its language, layout options and filtered profile,
    without a page budget (these outputs have no pages)."""
    from cvbuilder import locales
    from cvbuilder.outputs.page import page
    from cvbuilder.render.variant import locale_for, prepare

    with locales.using(locale_for(profile, variant)):
        layout, filtered, options = prepare(profile, variant)
        return page(filtered, options, layout, variant.layout or "")


def render(profile: Any, variant: Any, fmt: str) -> bytes:
    """The document of ``variant`` in format ``fmt`` (not ``pdf``)."""
    writer = importlib.import_module(WRITERS[fmt])
    return writer.write(build_page(profile, variant), variant)
