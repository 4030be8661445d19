"""Links in fields: web addresses (also escaped or in ``\\url``), and DOIs."""

from __future__ import annotations

import re

from cvbuilder.formats.bibtex.common import _short

# A link as the profile accepts it (a subset of the model's rule, so an import validates).
_LINK = re.compile(r"^(https?://\S+|mailto:[^\s@]+@[^\s@]+)$", re.IGNORECASE)
_WRAPPED = re.compile(r"^\\(?:url|href)\s*\{((?:[^{}]|\{\})*)\}")
_LINK_ESCAPES = re.compile(
    r"\\text(backslash|braceleft|braceright)(?:\{\}|(?![A-Za-z]))|\\~(?:\{\})?|\\([_%#&${}])"
)
_LINK_CHARS = {"backslash": "\\", "braceleft": "{", "braceright": "}"}


def _unescape_link(value: str) -> str:
    """Undo LaTeX escapes in a link (``a\\_b`` → ``a_b``), the export's included."""
    return _LINK_ESCAPES.sub(lambda m: _LINK_CHARS[m[1]] if m[1] else m[2] or "~", value)


def _url(value: str) -> str | None:
    """A web address, also when written as ``\\url{…}`` or ``\\href{…}{…}`` or escaped."""
    value = value.strip()
    m = _WRAPPED.match(value)
    if m:
        value = m.group(1).strip()
    value = _unescape_link(value)
    return value if _LINK.match(value) else None


def _doi_link(value: str, links: dict[str, str], notes: list[str]) -> bool:
    """Put a ``doi`` field into ``links``: the bare DOI (``doi:``, ``https://dx.doi.org/`` and
    the like taken off; short DOIs ``10/abc`` too), or, for a web address that is no DOI, the
    paper's link with a note. False when it is neither (then it is kept as written)."""
    from cvbuilder.schema.model import bare_doi

    value = _unescape_link(value)
    doi = bare_doi(value)
    if doi:
        links["doi"] = doi
        return True
    url = _url(value) or _url("https://" + value.strip())
    free = [t for t in ("paper", "project") if links.get(t, url) == url]
    if url and "." in url.split("/")[2] and free:
        links[free[0]] = url
        notes.append(f"doi {_short(value)!r} is a web address, not a DOI: linked as the "
                     f"{free[0]}")  # fmt: skip
        return True
    notes.append(f"doi {_short(value)!r} is not a DOI; kept as written")
    return False
