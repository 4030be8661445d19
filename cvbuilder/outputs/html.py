"""One self-contained, accessible HTML page: semantic headings (``h1`` name, ``h2`` per section,
``h3`` per group), ``lang`` set, inline CSS styled like the layout asked for with a print
stylesheet (:mod:`.html_style`), a schema.org ``Person`` as JSON-LD, and nothing external: no
scripts, no web fonts, no ``<link>``, a Content-Security-Policy that allows no request.

Every piece of profile text is escaped with :func:`html.escape`, and a link is written only for
``http``, ``https``, ``mailto`` and ``tel`` targets (anything else stays plain text), so no
profile can add markup, a script or a ``javascript:`` link."""

from __future__ import annotations

import json
import re
import unicodedata
from html import escape
from typing import Any

from cvbuilder.outputs.html_style import css, date_place
from cvbuilder.outputs.model import Entry, Group, Inline, Page, Section

SUFFIX = "html"

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)
"""Nothing may be fetched or run: styles only inline, images only ``data:`` (there are none)."""

_SAFE_URL = re.compile(r"(?:https?://|mailto:|tel:)[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


def e(text: str) -> str:
    """Text (or an attribute value) as HTML that shows exactly ``text``."""
    return escape(text, quote=True)


def href(url: str | None) -> str | None:
    """``url`` if it is a link target the page may carry (http, https, mailto, tel)."""
    return url if url and _SAFE_URL.fullmatch(url) else None


def link(body: str, url: str | None) -> str:
    target = href(url)
    return f'<a href="{e(target)}">{body}</a>' if target else body


def inline(runs: Inline) -> str:
    out = []
    for run in runs:
        body = e(run.text)
        if run.italic:
            body = f"<em>{body}</em>"
        if run.bold:
            body = f"<strong>{body}</strong>"
        out.append(link(body, run.link))
    return "".join(out)


def json_ld(data: dict[str, object]) -> str:
    """``data`` as JSON that no string in it can end the ``<script>`` element holding it."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for ch in "<>&\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


def _links(entry: Entry) -> str:
    items = [link(f"[{e(label)}]", url) for label, url in entry.links]
    return f'<span class="links">{" ".join(items)}</span>' if items else ""


def _date(entry: Entry) -> str:
    return f'<span class="date">{e(entry.date)}</span>' if entry.date else ""


def _label(entry: Entry) -> str:
    return f'<span class="label">[{e(entry.number)}]</span>' if entry.number else ""


def _block(entry: Entry, tag: str, attrs: str = "") -> str:
    """An entry as a block: date or label, title, lines, bullets, links."""
    body = [f'<p class="title">{inline(entry.title)}</p>']
    links = _links(entry)
    if entry.lines:
        last = len(entry.lines) - 1
        body += [
            f'<p class="line">{inline(x)}{" " + links if i == last and links else ""}</p>'
            for i, x in enumerate(entry.lines)
        ]
    elif links:
        body[0] = body[0][: -len("</p>")] + f" {links}</p>"
    if entry.bullets:
        body.append('<ul class="bullets">')
        body += [f"<li>{inline(b)}</li>" for b in entry.bullets]
        body.append("</ul>")
    head = _label(entry) or _date(entry)
    return f'<{tag} class="entry"{attrs}>{head}<div class="what">{"".join(body)}</div></{tag}>'


def _compact(entry: Entry) -> str:
    """An entry on one line: date, then everything else (news, awards, skills, service …)."""
    parts = [inline(entry.title), *(inline(x) for x in entry.lines)]
    text = ". ".join(p for p in parts if p)
    links = _links(entry)
    body = f'<span class="what">{text}{" " + links if links else ""}</span>'
    return f'<li class="item">{_date(entry)}{body}</li>'


def _group(group: Group, section: Section, index: str) -> list[str]:
    out = [f'<h3 id="{index}">{e(group.heading)}</h3>'] if group.heading else []
    if not group.entries:
        return out
    if section.compact:
        dated = any(x.date for x in group.entries)
        out.append(f'<ul class="compact{"" if dated else " undated"}">')
        out += [_compact(x) for x in group.entries]
        out.append("</ul>")
    elif group.numbered:
        out.append('<ol class="entries numbered">')
        out += [_block(x, "li") for x in group.entries]
        out.append("</ol>")
    elif section.id == "publications":
        out.append('<ul class="entries pubs">')
        out += [_block(x, "li") for x in group.entries]
        out.append("</ul>")
    else:
        out.append('<div class="entries">')
        out += [_block(x, "article") for x in group.entries]
        out.append("</div>")
    return out


def _lead(title: str, layout: str) -> str:
    """Awesome-CV's heading (modern): the first three letters of a cased script in the accent
    colour, or the whole heading when it has no such start (the text is unchanged)."""
    if layout != "modern":
        return e(title)
    head, tail = title[:3], title[3:]
    cased = all(c.isalpha() and c.lower() != c.upper() for c in head)
    if not cased or not tail or unicodedata.combining(tail[0]):
        return f'<span class="lead">{e(title)}</span>'
    return f'<span class="lead">{e(head)}</span>{e(tail)}'


def _section(section: Section, n: int, layout: str) -> list[str]:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", section.id).strip("-") or "section"
    ident = f"s{n}-{slug}"
    out = [f'<section class="{e("sec-" + slug)}" aria-labelledby="{ident}">',
           f'<h2 id="{ident}">{_lead(section.title, layout)}</h2>']  # fmt: skip
    cls = "legend" if section.id == "publications" else "para"
    out += [f'<p class="{cls}">{inline(p)}</p>' for p in section.paragraphs]
    for i, group in enumerate(section.groups):
        out += _group(group, section, f"{ident}-g{i}")
    out.append("</section>")
    return out


def _name(page: Page) -> str:
    name = e(page.name)
    if page.layout == "modern" and " " in page.name.strip():
        given, _, family = page.name.strip().rpartition(" ")
        name = f'<span class="given">{e(given)}</span> {e(family)}'
    if page.name_native:
        name += f' <span class="native">{e(page.name_native)}</span>'
    return f"<h1>{name}</h1>"


def _header(page: Page) -> list[str]:
    out = ["<header>", _name(page)]
    if page.headline:
        out.append(f'<p class="headline">{e(page.headline)}</p>')
    if page.contacts:
        out.append('<ul class="contacts">')
        out += [
            f'<li class="{e(c.kind)}">{link(e(c.text), c.url)}</li>'
            for c in page.contacts
            if c.text
        ]
        out.append("</ul>")
    out.append("</header>")
    return out


def write(page: Page, variant: Any) -> bytes:
    options = dict(page.options) or dict(getattr(variant, "options", None) or {})
    layout = page.layout or "academic"
    classes = (
        f"layout-{re.sub(r'[^a-z0-9-]+', '-', layout.lower())} dates-{date_place(page, options)}"
    )
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(page.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">',
        '<meta name="generator" content="cvbuilder">',
        f"<title>{e(page.name)} — {e(page.kind)}</title>",
        f"<style>\n{css(page, options)}</style>",
        f'<script type="application/ld+json">\n{json_ld(page.person)}\n</script>',
        "</head>",
        f'<body class="{e(classes)}">',
        *_header(page),
        "<main>",
    ]
    for n, section in enumerate(page.sections, 1):
        out += _section(section, n, layout)
    out.append("</main>")
    if page.updated:
        out.append(f'<footer><p class="updated">{e(page.updated)}</p></footer>')
    out += ["</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")
