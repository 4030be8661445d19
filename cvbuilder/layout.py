"""What every layout's ``Options`` shares: section order and heading overrides."""

from __future__ import annotations

from pydantic import Field

from .model import Strict


class LayoutOptions(Strict):
    """Base of each layout's ``Options``; ``sections`` and ``titles`` come from the variant."""

    sections: list[str] = Field(default=[], description="Filled from the variant.")
    titles: dict[str, str] = Field(default={}, description="Filled from the variant.")
    font_size: int = Field(default=11, ge=10, le=12, description="Body font size in pt.")
    margin_cm: float = Field(default=2.0, ge=1.0, le=4.0, description="Page margins in cm.")
    spacing: float = Field(
        default=1.0, ge=0.3, le=2.0, description="Scale of the vertical gaps between entries."
    )
    last_updated: str | None = Field(default=None, description="Filled from profile.updated.")
