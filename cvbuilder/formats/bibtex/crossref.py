"""Crossref: fields inherited from parent entries; volumes that are only parents left out."""

from __future__ import annotations

from dataclasses import dataclass

from cvbuilder.formats.bibtex.authors import _authors
from cvbuilder.formats.bibtex.common import _short
from cvbuilder.formats.bibtex.names import Name

MAX_CROSSREF = 8
"""Parents followed through ``crossref`` (BibTeX itself follows one)."""


@dataclass
class _Keys:
    """The evaluated fields of a file's entries by key. Keys that differ in case are different
    entries; a ``crossref`` finds its parent by the exact key, else ignoring case (as BibTeX)."""

    fields: dict[str, dict[str, str]]

    def __post_init__(self) -> None:
        self.folded = {}
        for key in self.fields:
            self.folded.setdefault(key.lower(), key)

    def find(self, target: str) -> str | None:
        target = target.strip()
        return target if target in self.fields else self.folded.get(target.lower())


def _inherit(key: str, keys: _Keys) -> tuple[dict[str, str], str | None]:
    """An entry's fields completed from its crossref chain, nearest parent first (a parent's
    title becomes the booktitle), and a note when the chain is broken, loops or is too long."""
    fields = dict(keys.fields[key])
    chain = [key]
    target = fields.get("crossref", "").strip()
    while target:
        parent = keys.find(target)
        if parent is None:
            return fields, f"crossref {_short(target)!r} not found in this file"
        if parent == key and len(chain) == 1:
            return fields, "crossref points to the entry itself; ignored"
        if parent in chain:
            loop = " → ".join(_short(k, 30) for k in [*chain, parent])
            return fields, f"crossref cycle ({loop}); followed up to the cycle"
        if len(chain) > MAX_CROSSREF:
            return fields, f"crossref chain longer than {MAX_CROSSREF}; stopped at {target!r}"
        chain.append(parent)
        for name, value in keys.fields[parent].items():
            into = "booktitle" if name == "title" else name
            if into not in fields and name not in ("crossref", "author"):
                fields[into] = value
        target = keys.fields[parent].get("crossref", "").strip()
    return fields, None


# Entry types of volumes that hold other works: a personal list has them as crossref parents.
_CONTAINERS = {"proceedings", "mvproceedings", "collection", "mvcollection", "mvbook",
               "periodical", "mvreference", "reference"}  # fmt: skip


def _names_owner(fields: dict[str, str], owners: list[Name]) -> bool:
    people = " and ".join(fields.get(k, "") for k in ("author", "editor") if fields.get(k))
    return any(Name.parse(a["name"]).matches(o) for a in _authors(people)[0] for o in owners)


def _container(entry_type: str, parent: bool, fields: dict[str, str], owners: list[Name]) -> str:
    """Why an entry is a volume of other people's works and no publication, or ''."""
    kind = entry_type.lower()
    if (kind not in _CONTAINERS and kind != "book") or _names_owner(fields, owners):
        return ""
    if parent:
        return f"@{kind} that other entries cite (crossref): not listed as a publication"
    if kind in _CONTAINERS and owners:
        return f"@{kind} that does not name the owner: a volume, not listed as a publication"
    return ""
