"""Profile markup (``**bold**``, ``*italic*``, ``[label](https://…)``) as text runs, parsed
the way the PDF parses it (markdown-it, emphasis and links only), so every output agrees."""

from __future__ import annotations

from collections.abc import Iterable

from cvbuilder.outputs.model import Inline, Run

_MARKUP = ("*", "_", "[")
_MD = None


def text(value: str, bold: bool = False, italic: bool = False, link: str | None = None) -> Inline:
    """Plain text as one run (nothing in it is markup)."""
    return (Run(value, bold, italic, link),) if value else ()


def markup(value: str) -> Inline:
    """Markup → runs; text with no markup characters is one run."""
    global _MD
    if not any(c in value for c in _MARKUP):
        return text(value)
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("zero").enable(["emphasis", "link"])
    out: list[Run] = []
    bold = italic = 0
    link: list[str] = []
    for tok in _MD.parseInline(value)[0].children or []:
        kind = tok.type
        if kind in ("strong_open", "strong_close"):
            bold += 1 if kind.endswith("open") else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind.endswith("open") else -1
        elif kind == "link_open":
            link.append(str(tok.attrs.get("href", "")))
        elif kind == "link_close":
            link.pop()
        elif tok.content:
            out.append(Run(tok.content, bold > 0, italic > 0, link[-1] if link else None))
    return tuple(out)


def join(parts: Iterable[Inline], sep: str) -> Inline:
    """Inline pieces joined by ``sep`` (empty pieces skipped)."""
    out: list[Run] = []
    for part in parts:
        if not part:
            continue
        if out and sep:
            out.append(Run(sep))
        out.extend(part)
    return tuple(out)
