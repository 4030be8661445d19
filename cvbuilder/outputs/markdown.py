"""Markdown for a static-site homepage (Jekyll, Hugo, GitHub Pages): optional YAML front
matter, the header, then each section with ``##`` headings, news with dates, publications
grouped and numbered as in the PDF with the owner in bold and the marker legend, links.

Every piece of profile text is escaped, so it renders as the text it is under CommonMark (and
the Markdown dialects of static-site generators): ``*``, ``_``, ``[``, ``<`` … never become
markup, and raw HTML never reaches the page."""

from __future__ import annotations

import re
from typing import Any

from cvbuilder.outputs.model import Entry, Group, Inline, Page, Run, Section

SUFFIX = "md"

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_BRACES = {"{": "&#123;", "}": "&#125;"}
"""Braces as character references: Liquid (Jekyll) and Hugo shortcodes never see ``{{``."""
_LINE_START = re.compile(r"^(\s*)([-=+]|\d+[.)])(?=\s|$)")


def escape(text: str) -> str:
    """Text that CommonMark renders as itself (backslash escapes; no raw HTML, entities,
    emphasis, links, headings or list markers)."""
    text = _SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))
    text = re.sub(r"[{}]", lambda m: _BRACES[m[0]], text)
    return _LINE_START.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1], text)


def url(target: str) -> str:
    """A link target that cannot end the link early."""
    return re.sub(r"[\s()<>\\]", lambda m: f"%{ord(m[0]):02X}", target)


def inline(runs: Inline) -> str:
    out = []
    for run in runs:
        if not run.text:
            continue
        body = escape(run.text)
        if not body.strip():
            out.append(body)
            continue
        lead = body[: len(body) - len(body.lstrip())]
        body, trail = body.strip(), body[len(body.rstrip()) :]
        if body and run.italic:
            body = f"*{body}*"
        if body and run.bold:
            body = f"**{body}**"
        if body and run.link:
            body = f"[{body}]({url(run.link)})"
        out.append(lead + body + trail)
    return "".join(out)


def _links(entry: Entry) -> str:
    return " ".join(f"[\\[{escape(label)}\\]]({url(target)})" for label, target in entry.links)


def _entry(entry: Entry, section: Section) -> list[str]:
    head = inline(entry.title)
    if entry.number:
        head = f"\\[{escape(entry.number)}\\] {head}"
    if entry.date:
        head = (
            f"**{escape(entry.date)}**: {head}"
            if section.compact
            else f"{head} ({escape(entry.date)})"
        )
    rest = [inline(line) for line in entry.lines]
    links = _links(entry)
    if section.compact or section.id == "publications":
        text = " ".join(x for x in [head, *rest, links] if x)
        return [f"- {text}"]
    parts = [head, *(x for x in [*rest, links] if x)]
    # one item: a line each, joined by CommonMark's hard line break (a backslash at the end)
    out = [("- " if i == 0 else "  ") + x + ("\\" if i < len(parts) - 1 else "")
           for i, x in enumerate(parts)]  # fmt: skip
    out += [f"  - {inline(b)}" for b in entry.bullets]
    return out


def _group(group: Group, section: Section) -> list[str]:
    out = [f"### {escape(group.heading)}", ""] if group.heading else []
    for entry in group.entries:
        out += _entry(entry, section)
    return [*out, ""]


def _front_matter(page: Page, variant: Any) -> list[str]:
    data = dict(getattr(variant, "front_matter", None) or {})
    if not data:
        return []
    import yaml

    data.setdefault("title", page.name)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).strip()
    return ["---", text, "---", ""]


def write(page: Page, variant: Any) -> bytes:
    out = _front_matter(page, variant)
    name = escape(page.name) + (f" ({escape(page.name_native)})" if page.name_native else "")
    out += [f"# {name}", ""]
    if page.headline:
        out += [escape(page.headline), ""]
    if page.contacts:
        parts = [inline((Run(c.text, link=c.url),)) for c in page.contacts]
        out += [" · ".join(parts), ""]
    for section in page.sections:
        out += [f"## {escape(section.title)}", ""]
        for paragraph in section.paragraphs:
            out += [inline(paragraph), ""]
        for group in section.groups:
            out += _group(group, section)
    if page.updated:
        out += [f"*{escape(page.updated)}*", ""]
    text = "\n".join(out).rstrip() + "\n"
    return re.sub(r"\n{3,}", "\n\n", text).encode("utf-8")
