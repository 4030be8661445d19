"""The HTML page's inline stylesheet: the layout's accent colour, font and header alignment, a
few touches per layout so the page looks like its PDF (academic, classic, engineering,
harvard, modern, resume), a narrow-screen fallback, and a print stylesheet (the paper size and
margins of the variant, black links, no entry or heading split from what follows it).

System fonts only (no web fonts: the page makes no request)."""

from __future__ import annotations

import re
from typing import Any

from cvbuilder.outputs.model import Page

FONTS = {
    "charter": "Charter, 'Bitstream Charter', XCharter, 'Charis SIL', 'Sitka Text', Cambria, "
    "'DejaVu Serif', serif",
    "palatino": "'Palatino Linotype', Palatino, 'URW Palladio L', 'TeX Gyre Pagella', P052, "
    "'Book Antiqua', 'DejaVu Serif', serif",
    "times": "'Times New Roman', Times, 'TeX Gyre Termes', 'Nimbus Roman', "
    "'Liberation Serif', 'DejaVu Serif', serif",
    "helvetica": "'Helvetica Neue', Helvetica, Arial, 'Nimbus Sans', 'Liberation Sans', "
    "'DejaVu Sans', sans-serif",
}

BASE = """\
:root { --accent: #%(accent)s; --ink: #1b1b1b; --muted: #555; --rule: #1b1b1b;
  --date: 10rem; --label: 3.4rem; --gap: 0.9rem; --font: %(font)s; color-scheme: light; }
* { box-sizing: border-box; }
html { background: #e8eaed; font-size: 16px; }
body { margin: 2rem auto; max-width: 52rem; padding: 3rem 3.4rem 2.5rem; background: #fff;
  color: var(--ink); font-family: var(--font); line-height: 1.38;
  box-shadow: 0 1px 3px rgba(0, 0, 0, .12), 0 6px 24px rgba(0, 0, 0, .08);
  -webkit-text-size-adjust: 100%%; text-size-adjust: 100%%; }
h1, h2, h3, p, ul, ol { margin: 0; padding: 0; }
a { color: var(--accent); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
header { margin-bottom: 1.1em; }
h1 { font-size: 2.15em; line-height: 1.15; font-weight: 700; }
h1 .native { font-weight: 400; }
.headline { font-size: 1.06em; margin-top: .15em; }
.contacts { list-style: none; display: flex; flex-wrap: wrap; font-size: .88em;
  margin-top: .3em; }
.contacts li + li::before { content: "|"; content: "|" / ""; color: #999; margin: 0 .55em; }
h2 { font-size: 1.08em; color: var(--accent); font-weight: 700; margin: 1.05em 0 .45em;
  padding-bottom: .12em; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1em; font-weight: 700; margin: .7em 0 .25em; }
.para { margin: .3em 0; }
.legend { margin: .2em 0 .35em; }
.entries, .compact { list-style: none; }
.entry { display: grid; grid-template-columns: minmax(var(--date), max-content) minmax(0, 1fr);
  column-gap: var(--gap); margin: .5em 0; }
.entry > .date, .entry > .label, .item > .date { grid-column: 1; grid-row: 1;
  text-align: right; color: var(--muted); font-size: .88em; padding-top: .12em;
  white-space: nowrap; }
.entry > .what, .item > .what { grid-column: 2; grid-row: 1; }
.line { color: var(--muted); }
.entries.numbered .line, .entries.pubs .line { color: inherit; }
.bullets { margin: .15em 0 0 1.15em; }
.bullets li { margin: .08em 0; }
.links { font-size: .9em; white-space: nowrap; }
.item { display: grid; grid-template-columns: minmax(var(--date), max-content) minmax(0, 1fr);
  column-gap: var(--gap); margin: .18em 0; }
.undated .item { display: block; padding-left: 1.2em; text-indent: -1.2em; }
.entries.pubs { list-style: disc; padding-left: 1.2em; }
.entries.pubs > .entry { display: list-item; margin: .35em 0; }
.entries.numbered .entry { margin: .35em 0; grid-template-columns: var(--label) minmax(0, 1fr); }
footer { margin-top: 2em; font-size: .85em; color: #888; text-align: center; }
.dates-right .entry, .dates-right .item { grid-template-columns: minmax(0, 1fr) auto; }
.dates-right .entry > .date, .dates-right .item > .date { grid-column: 2; padding-left: 1em; }
.dates-right .entry > .what, .dates-right .item > .what { grid-column: 1; }
.dates-right .entries.numbered .entry { grid-template-columns: auto minmax(0, 1fr); }
.dates-right .entries.numbered .entry > .label { grid-column: 1; }
.dates-right .entries.numbered .entry > .what { grid-column: 2; }
"""

CENTERED = """\
header { text-align: center; }
.contacts { justify-content: center; }
"""

LAYOUTS = {
    "academic": """\
h1 { font-size: 2.3em; }
.entries.numbered .line em, .entries.pubs .line em { color: var(--accent); }
""",
    "classic": """\
h1 { font-size: 2.7em; font-weight: 400; }
.headline { font-style: italic; color: var(--muted); font-size: 1.15em; }
h2 { display: grid; grid-template-columns: var(--date) minmax(0, 1fr); column-gap: var(--gap);
  align-items: center; border: 0; font-size: 1.3em; font-weight: 400; margin-top: .9em; }
h2::before { content: ""; height: .3em; background: var(--accent); }
h3 { color: var(--accent); font-weight: 400; font-size: 1.08em; }
h3, .para, .legend, .compact .item:not(:has(.date)) {
  margin-left: calc(var(--date) + var(--gap)); }
.compact .item:not(:has(.date)) { display: block; }
.entries.numbered .entry { grid-template-columns: minmax(var(--date), max-content) minmax(0, 1fr); }
.line { font-size: .95em; }
""",
    "engineering": """\
h1 { font-size: 2.5em; }
h2 { text-transform: uppercase; font-weight: 400; letter-spacing: .02em; font-size: 1.12em;
  margin-top: .8em; }
.entry { margin: .35em 0; }
.line { font-style: italic; font-size: .94em; color: inherit; }
.bullets { font-size: .95em; }
.entries.pubs .title, .entries.numbered .title { font-weight: 400; }
""",
    "harvard": """\
h1 { font-size: 2em; }
h2 { text-align: center; color: var(--ink); font-size: 1.05em; margin-top: 1em; }
h3 { font-style: italic; font-weight: 400; }
.line { color: inherit; }
.entry > .date, .item > .date { color: inherit; }
""",
    "modern": """\
:root { --ink: #333; --muted: #5d5d5d; }
h1 { font-size: 2.8em; font-weight: 700; letter-spacing: -.01em; }
h1 .given { font-weight: 300; color: var(--muted); }
.headline { color: var(--accent); font-size: .95em; margin-top: .3em; }
.contacts { color: var(--ink); font-size: .82em; }
.contacts a { color: inherit; }
h2 { display: flex; align-items: baseline; border: 0; color: var(--ink);
  font-size: 1.4em; margin: .9em 0 .35em; padding: 0; }
h2::after { content: ""; flex: 1; margin-left: .4em; border-bottom: 1.5px solid #999; }
h2 .lead { color: var(--accent); }
h3 { color: var(--muted); }
.entry > .date, .item > .date { font-style: italic; }
.entry .title strong { color: var(--ink); }
.line { font-size: .92em; }
.bullets { font-size: .92em; }
""",
    "resume": "h1 { font-size: 2.3em; }\n",
}

NARROW = """\
@media screen and (max-width: 40rem) {
  html { background: #fff; }
  body { margin: 0; padding: 1.2rem 1rem; box-shadow: none; }
  .entry, .item { display: block; }
  .entry > .date, .item > .date { display: block; text-align: left; padding: 0; }
  .entry > .label { float: left; margin-right: .5em; }
  h3, .para, .legend, .compact .item:not(:has(.date)) { margin-left: 0; }
}
"""

PRINT = """\
@page { size: %(paper)s; margin: %(margins)scm; }
@media print {
  html { background: none; font-size: %(size)spt; }
  body { margin: 0; padding: 0; max-width: none; box-shadow: none; }
  a, .contacts a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .entry, .item, .bullets li, header { break-inside: avoid; page-break-inside: avoid; }
  p { orphans: 3; widows: 3; }
  footer { margin-top: 1.2em; }
}
"""


def _defaults(layout: str) -> dict[str, Any]:
    """The layout's option defaults (paper, margins, font size, date position), or {}."""
    try:
        from cvbuilder import registry

        fields = registry.get(layout).Options.model_fields
    except Exception:  # an unknown or broken third-party layout: the base defaults
        return {}
    return {name: f.default for name, f in fields.items()}


def _option(options: dict[str, Any], layout: str, name: str) -> Any:
    return options[name] if name in options else _defaults(layout).get(name)


def date_place(page: Page, options: dict[str, Any]) -> str:
    """``left`` (a date column before the entries) or ``right`` (flush right of the title)."""
    place = _option(options, page.layout, "date_position")
    return "right" if place == "right" else "left"


def css(page: Page, options: dict[str, Any]) -> str:
    accent = page.accent.lstrip("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", accent):
        accent = "1F3A5F"
    out = [BASE % {"accent": accent, "font": FONTS.get(page.font, FONTS["charter"])}]
    if page.centered:
        out.append(CENTERED)
    out.append(LAYOUTS.get(page.layout, ""))
    out.append(NARROW)
    from cvbuilder.options import default_paper

    paper = _option(options, page.layout, "paper") or default_paper(page.language)
    margins = _option(options, page.layout, "margins")
    size = _option(options, page.layout, "font_size")
    out.append(
        PRINT
        % {
            "paper": "letter" if paper == "letter" else "A4",
            "margins": f"{float(margins):g}" if isinstance(margins, (int, float)) else "2",
            "size": int(size) if isinstance(size, int) and 8 <= size <= 14 else 11,
        }
    )
    return "".join(out)
