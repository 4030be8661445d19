"""Publications → BibTeX that the import reads back to exactly the same data."""

from __future__ import annotations

import contextlib
import functools
import json
import re
import unicodedata
from typing import Any

from cvbuilder.formats.bibtex.authors import _authors, _braced_list
from cvbuilder.formats.bibtex.common import _MONTH_MACROS, ANNOTATIONS, EXTRA
from cvbuilder.formats.bibtex.latex import _latex_to_text
from cvbuilder.formats.bibtex.names import Name
from cvbuilder.formats.bibtex.read import read_bib

_ENTRY_TYPES = {
    "conference": "inproceedings",
    "workshop": "inproceedings",
    "journal": "article",
    "thesis": "phdthesis",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "patent": "patent",
}
_VENUE_KEY = {
    "inproceedings": "booktitle",
    "article": "journal",
    "phdthesis": "school",
    "techreport": "institution",
    "book": "publisher",
    "incollection": "booktitle",
    "misc": "howpublished",
    "patent": "howpublished",
}
_LINK_KEYS = {
    "paper": "url",
    "pdf": "pdf",
    "code": "code",
    "arxiv": "arxiv",
    "doi": "doi",
    "slides": "slides",
    "video": "video",
    "project": "website",
}
_ROLES = ("owner", "equal", "corresponding", "lead")
# Characters LaTeX (or BibTeX) treats specially, as commands in braces that read back as them:
# a brace or backslash in text can then neither unbalance nor end a field.
_TEXT_CHARS = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "$": r"{\$}",
    "%": r"{\%}",
    "&": r"{\&}",
    "#": r"{\#}",
    "_": r"{\_}",
    "^": r"{\textasciicircum}",
    "~": r"{\textasciitilde}",
    '"': '{"}',
}
_NAME_CHARS = {"*": "{*}", "†": r"{\dag}", "‡": r"{\ddag}"}  # else read as author markers
_LIGATURES = {"--", "``", "''", "?`", "!`"}  # LaTeX joins these; {} keeps them apart
_LINK_ESCAPED = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_+:.-]*$")


def _balanced(text: str) -> bool:
    depth = 0
    for m in re.finditer(r"[{}]", text):
        depth += 1 if m[0] == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def _safe(value: str) -> bool:
    """True when ``{value}`` is one field value to BibTeX, to bibtexparser (which ignores
    braces after a backslash) and to this package: braces balanced either way, no backslash
    before the closing brace, no line that starts an entry."""
    return (
        _balanced(value)
        and _balanced(re.sub(r"\\[{}]", "", value))
        and not value.endswith("\\")
        and not re.search(r"\n\s*@", value)
    )


@functools.cache
def _latex_char(ch: str) -> str:
    """One character as LaTeX that reads back as it (pylatexenc's name for it, in braces),
    or the character itself."""
    if ch in _TEXT_CHARS:
        return _TEXT_CHARS[ch]
    if ch.isascii():
        return ch
    from pylatexenc.latexencode import unicode_to_latex

    code = unicode_to_latex(
        ch, replacement_latex_protection="braces-all", unknown_char_warning=False
    )
    return code if _safe(code) and _latex_to_text(code) == ch else ch


def _latex(text: str, name: bool = False) -> str:
    """Unicode text → LaTeX that :func:`_latex_to_text` reads back as the same text; in a
    name, also the characters the import would take for author markers."""
    out: list[str] = []
    prev = ""
    for ch in " ".join(text.split()):
        if prev + ch in _LIGATURES:
            out.append("{}")
        out.append((_NAME_CHARS.get(ch) if name else None) or _latex_char(ch))
        prev = ch
    return "".join(out)


def _read_name(raw: str) -> str | None:
    """What the import makes of one written author: the name, or ``None`` for anything else
    (several people, 'others', a marker)."""
    authors, et_al = _authors(raw)
    return authors[0]["name"] if len(authors) == 1 and len(authors[0]) == 1 and not et_al else None


def _bib_name(name: str) -> str:
    """One author: ``Last, First`` when that reads back as ``name``, else the whole name in
    braces (one last name that no ``and`` or comma can split)."""
    parts = Name.parse(name)
    order = (parts.last, parts.jr, parts.first) if parts.jr else (parts.last, parts.first)
    plain = ", ".join(_latex(p, name=True) for p in order if p)
    lone_and = re.search(r"(?i)(?:^|\s)and(?:\s|$)", plain)  # other tools split there
    if not lone_and and _read_name(plain) == name:
        return plain
    braced = _latex(name, True)
    return "{{" + braced + "}}" if _braced_list(braced) else "{" + braced + "}"


def _annotations(authors: list[Any]) -> str:
    """Owner and roles as biblatex data annotations: ``1=owner,equal; 3=corresponding``."""
    marks = [(i, [r for r in _ROLES if getattr(a, r)]) for i, a in enumerate(authors, start=1)]
    return "; ".join(f"{i}={','.join(roles)}" for i, roles in marks if roles)


def _fields(pub: Any, etype: str) -> list[tuple[str, str]]:
    """A publication's standard BibTeX fields: (name, value written inside braces)."""
    authors = [_bib_name(a.name) for a in pub.authors] + (["others"] if pub.et_al else [])
    fields = [("title", "{" + _latex(pub.title) + "}")]  # inner braces keep its capitals
    if authors:
        fields.append(("author", " and ".join(authors)))
        fields.append((ANNOTATIONS, _annotations(pub.authors)))  # its absence means "guess"
    if pub.venue:
        fields.append((_VENUE_KEY[etype], _latex(pub.venue)))
    if pub.venue_short:
        fields.append(("abbr", _latex(pub.venue_short)))
    if pub.year:
        fields.append(("year", str(pub.year)))
    if pub.month:
        fields.append(("month", _MONTH_MACROS[pub.month - 1]))
    fields.append(("pubtype", pub.type.value))
    if pub.note:
        fields.append(("note", _latex(pub.note)))
    for target, key in _LINK_KEYS.items():
        value = getattr(pub.links, target)
        if value:
            fields.append((key, re.sub(r"[\\{}]", lambda m: _LINK_ESCAPED[m[0]], value)))
    if pub.selected:
        fields.append(("selected", "true"))
    keywords = pub.bibtex.get("keywords", "")  # the file's own, which gave the tags
    if not keywords or not _safe(keywords):
        keywords = ", ".join(pub.tags)
    if keywords:
        fields.append(("keywords", keywords))
    taken = {k for k, _ in fields} | {"crossref", EXTRA}
    fields.extend(
        (k, v)
        for k, v in pub.bibtex.items()
        if k.lower() not in taken and _FIELD_NAME.match(k) and _safe(v)
    )
    return fields


def _format(etype: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{etype}{{{key},\n{body}\n}}\n"


def _json(data: dict[str, Any]) -> str:
    """JSON that BibTeX holds safely: ASCII, and braces inside strings as ``\\u`` escapes, so
    the only braces are the JSON's own, balanced."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return re.sub(
        r'"(?:[^"\\]|\\.)*"',
        lambda m: m[0].replace("{", "\\u007b").replace("}", "\\u007d"),
        text,
    )


def _difference(pub: Any, key: str, text: str) -> dict[str, Any]:
    """What reading ``text`` back gets wrong about ``pub``: the values to set (``None``:
    remove). A publication without id gets its citation key."""
    from pydantic import ValidationError

    from cvbuilder.schema.model import Publication

    want = pub.model_dump(mode="json", exclude_defaults=True)
    want.setdefault("id", key)
    back, _ = read_bib(text, "export", [])
    got: dict[str, Any] = back[0][0] if len(back) == 1 else {}
    with contextlib.suppress(ValidationError):  # then compared as read
        got = Publication.model_validate(got).model_dump(mode="json", exclude_defaults=True)
    diff = {k: v for k, v in want.items() if got.get(k) != v}
    diff.update({k: None for k in got if k not in want})
    return diff


def _entry(pub: Any, key: str) -> str:
    """One publication as an entry that reads back exactly: standard fields, plus
    ``x-cvbuilder`` with whatever they do not carry (a summary, a priority, …)."""
    etype = _ENTRY_TYPES.get(pub.type.value, "misc")
    fields = _fields(pub, etype)
    text = _format(etype, key, fields)
    diff = _difference(pub, key, text)
    return _format(etype, key, [*fields, (EXTRA, _json(diff))]) if diff else text


# Letters that Unicode does not decompose into an ASCII letter and an accent.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d",
                          "ð": "d", "þ": "th", "ı": "i", "ħ": "h"})  # fmt: skip


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    return re.sub(r"[^a-z0-9]", "", text)


def _keys(publications: list[Any]) -> list[str]:
    """Citation keys: each publication's id, else ``lastnameYEARword`` in ASCII; unique
    regardless of case (as BibTeX compares them), a clash getting a letter."""
    reserved = {p.id.lower() for p in publications if p.id}
    used: set[str] = set()
    keys = []
    for pub in publications:
        word = next((w for w in map(_ascii, pub.title.split()) if w), "")
        last = Name.parse(pub.authors[0].name).last if pub.authors else ""
        base = pub.id or f"{_ascii(last)}{pub.year or ''}{word}" or "entry"
        key, n = base, 0
        while key.lower() in used or (key != pub.id and key.lower() in reserved):
            n += 1
            key = base + (chr(ord("a") + n - 1) if n <= 26 else str(n))
        used.add(key.lower())
        keys.append(key)
    return keys


def export(publications: list[Any]) -> str:
    """Publications → BibTeX that :func:`read_bib` reads back to exactly the same data.

    No value can end its field or start an entry: text is LaTeX with every special character
    as a command, links escape only ``\\ { }``, and raw ``bibtex`` values that would unbalance
    the file go into ``x-cvbuilder``. The owner and the roles are biblatex annotations
    (``author+an = {1=owner; 2=equal,corresponding}``), never markers in a name; keys are
    ASCII and unique."""
    keys = _keys(publications)
    return "\n".join(_entry(pub, key) for pub, key in zip(publications, keys, strict=True))
