"""Options every layout understands (a variant's ``options:``, a profile's ``theme:``): paper,
font size, margins, spacing, accent colour, font and where dates go. A layout's ``Options``
subclasses :class:`LayoutOptions` and may change the defaults or add its own."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from cvbuilder.schema.model import Strict

COLORS: dict[str, str] = {
    "navy": "1F3A5F", "blue": "1F4E9A", "teal": "0F6E6E", "green": "2E6B30", "red": "A32020",
    "maroon": "7A1F2B", "purple": "5B2A86", "orange": "B3541E", "gray": "4D4D4D",
    "grey": "4D4D4D", "black": "000000",
}  # fmt: skip
"""Named accent colours (hex without '#'); any other colour is given as hex: '#0F6E6E'."""

FONTS: dict[str, dict[str, str]] = {
    "charter": {"pdflatex": "\\usepackage{charter}\n", "xelatex": ""},
    "palatino": {"pdflatex": "\\usepackage{mathpazo}\n"},  # URW Palladio
    "times": {"pdflatex": "\\usepackage{mathptmx}\n"},  # URW Nimbus Roman
    "helvetica": {"pdflatex": "\\usepackage[scaled=0.92]{helvet}\\renewcommand{\\familydefault}"
                  "{\\sfdefault}\n"},
}  # fmt: skip
"""Font → the preamble that selects it, per engine (all from texlive-fonts-recommended). Under
XeLaTeX only Charter is available (cvbuilder's own OpenType Charter): another font there falls
back to Charter, and the build says so."""

LETTER_REGIONS = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE"})
"""Where Letter paper is the norm; everywhere else A4."""


def default_paper(language: str) -> str:
    """Letter for a language tag with a Letter region (``en-US``), A4 otherwise."""
    region = next((p for p in language.split("-")[1:] if len(p) == 2), "")
    return "letter" if region.upper() in LETTER_REGIONS else "a4"


class LayoutOptions(Strict):
    """Base of each layout's ``Options``; ``sections`` and ``titles`` come from the variant."""

    sections: list[str] = Field(default=[], description="Filled from the variant.")
    titles: dict[str, str] = Field(default={}, description="Filled from the variant.")
    paper: Literal["a4", "letter"] | None = Field(
        default=None,
        examples=["letter"],
        description="Paper size; by default from the language: Letter for en-US, A4 otherwise.",
    )
    font_size: int = Field(default=11, ge=10, le=12, description="Body font size in pt.")
    margins: float = Field(
        default=2.0,
        ge=1.0,
        le=4.0,
        description="Page margins in cm (margin_cm is the older name).",
    )
    spacing: float = Field(
        default=1.0, ge=0.3, le=2.0, description="Scale of the vertical gaps between entries."
    )
    accent_color: str = Field(
        default="1F3A5F",  # navy
        examples=["teal", "#7A1F2B"],
        description=f"Headings and links: a name ({', '.join(COLORS)}) or a hex colour.",
    )
    font: Literal["charter", "palatino", "times", "helvetica"] = Field(
        default="charter", description="Body font (under XeLaTeX always Charter)."
    )
    date_position: Literal["left", "right"] = Field(
        default="left",
        description="Dates in a column left of the entries, or on the title line, after it.",
    )
    last_updated: str | None = Field(default=None, description="Filled from profile.updated.")

    @model_validator(mode="before")
    @classmethod
    def _older_names(cls, data: Any) -> Any:
        if isinstance(data, dict) and "margin_cm" in data and "margins" not in data:
            data = {**data, "margins": data["margin_cm"]}
            del data["margin_cm"]
        return data

    @field_validator("accent_color")
    @classmethod
    def _color(cls, value: str) -> str:
        if value.lower() in COLORS:
            return COLORS[value.lower()]
        if re.fullmatch(r"#?[0-9A-Fa-f]{6}", value):
            return value.lstrip("#").upper()
        raise ValueError(
            f"{value!r} is not a colour: use a name ({', '.join(COLORS)}) or hex such as #1F3A5F"
        )
