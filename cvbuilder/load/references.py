"""BibTeX files merged into the publications, and the photo and .bib files checked."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cvbuilder.files import FileProblem, check_input
from cvbuilder.load.positions import Loc, Positions
from cvbuilder.problems import Problem, shown


def _file_problem(positions: Positions, loc: Loc, name: str, path: Path) -> Problem | None:
    """One problem naming the field when ``path`` is not a readable regular file of sane size
    (a FIFO or /dev/zero would hang or fill memory), else None."""
    try:
        check_input(path)
    except FileProblem as exc:
        reason = str(exc).removeprefix(f"{path}: ")
        if reason == "no such file" and name != str(path):
            reason += f" (looked for {path})"
        return positions.problem(
            loc, f"{shown(name)}{' ' if reason.startswith('is ') else ': '}{reason}"
        )
    except ValueError:  # a NUL character, which no file name can hold
        return positions.problem(loc, f"{shown(name)} is not a usable file name")
    return None


def _owner_names(data: dict[str, Any]) -> list[str]:
    person = data.get("person")
    if not isinstance(person, dict):
        return []
    variants = person.get("name_variants")
    names = [person.get("name"), *(variants if isinstance(variants, list) else [])]
    return [n for n in names if isinstance(n, str)]


def merge_bibliography(
    data: dict[str, Any], base: Path, positions: Positions, warnings: list[Problem]
) -> list[Problem]:
    """Add the entries of ``bibliography:`` files to ``publications`` (in place).

    A YAML publication with the same ``id`` overrides or extends its BibTeX entry. An entry
    that cannot be read is left out with a warning naming its line, never failing the build
    after saying it was skipped. The same key
    in two files: the same work is kept once, another work under a new key; the same work
    under two keys (:class:`_Works`) is kept once. Each of these is a warning."""
    files = data.get("bibliography")
    yaml_pubs = data.get("publications")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return []  # the schema reports the shape
    if yaml_pubs is None:
        yaml_pubs = []
    if not isinstance(yaml_pubs, list):
        return []
    from cvbuilder.formats.bibtex import read_bib_file

    problems: list[Problem] = []
    by_id = {p["id"]: i for i, p in enumerate(yaml_pubs) if isinstance(_get(p, "id"), str)}
    seen: dict[str, tuple[str, int, Any]] = {}
    merged = list(yaml_pubs)
    works = _Works()
    for i, pub in enumerate(yaml_pubs):
        line = positions.at(("publications", i))[1]
        works.add(pub, f"publications[{i}] ({positions.filename}:{line})")
    for i, name in enumerate(files):
        path = base / name
        trouble = _file_problem(positions, ("bibliography", i), name, path)
        if trouble is not None:
            problems.append(trouble)
            continue
        try:
            entries, report = read_bib_file(path, _owner_names(data))
        except (OSError, FileProblem) as exc:
            problems.append(positions.problem(("bibliography", i), f"{shown(name)}: {exc}"))
            continue
        warnings.extend([*report.errors, *report.notes])  # what it skipped, the build goes on
        for pub, line in entries:
            key = pub["id"]
            where = (str(path), line, None, key)
            if key in seen:
                file, first, title = seen[key]
                if title == _title_key(pub):
                    message = f"duplicate key {key!r} (also {file}:{first}): same work, kept once"
                    warnings.append(Problem(*where, message))
                    continue
                key = _free_key(key, seen)
                message = (f"duplicate key {pub['id']!r} (also {file}:{first}) names another "
                           f"work; kept as {key!r}")  # fmt: skip
                warnings.append(Problem(*where, message))
                pub = {**pub, "id": key}
            seen[key] = (str(path), line, _title_key(pub))
            same = works.find(pub) if key not in by_id else None
            if same is not None:
                message = f"{same}; left out (give both the same id to merge them instead)"
                warnings.append(Problem(*where, message))
                continue
            works.add(pub, f"{key!r} ({path}:{line})")
            if key in by_id:
                override = merged[by_id[key]]
                links = _extend(pub.get("links", {}), override.get("links"))
                extras = _extend(pub.get("bibtex", {}), override.get("bibtex"))
                merged[by_id[key]] = {**pub, **override, "links": links, "bibtex": extras}
            else:
                positions.origins[("publications", len(merged))] = (str(path), line)
                merged.append(pub)
    data["publications"] = merged
    return problems


def _free_key(key: str, taken: Mapping[str, Any]) -> str:
    """``key-2``, ``key-3`` …: the first that is not taken."""
    n = 2
    while f"{key}-{n}" in taken:
        n += 1
    return f"{key}-{n}"


def _get(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


def _extend(base: dict[str, Any], override: Any) -> Any:
    """A YAML mapping extends the BibTeX one; anything else stays for the schema to report."""
    if override is None:
        return base
    return {**base, **override} if isinstance(override, dict) else override


def resolve_photo(data: dict[str, Any], base: Path, positions: Positions) -> list[Problem]:
    """Make ``person.photo`` absolute and check it is a readable file (its type the schema
    checks); TeX gets a copy in its own folder, never the path."""
    person = data.get("person")
    if not isinstance(person, dict) or not isinstance(person.get("photo"), str):
        return []
    trouble = _file_problem(positions, ("person", "photo"), person["photo"], base / person["photo"])
    if trouble is not None:
        del person["photo"]  # one problem for the field, not a second about its file type
        return [trouble]
    person["photo"] = str((base / person["photo"]).resolve())
    return []


def _title_key(pub: Any) -> tuple[str, Any, Any, str] | None:
    """Same paper: same title (ignoring case, accents and punctuation), year, type and venue. A
    conference paper and its journal or LIPIcs version, a data catalogue and its paper, differ
    in venue (or type) and both stay."""
    if not isinstance(pub, dict) or not isinstance(pub.get("title"), str):
        return None
    year, type_, venue = pub.get("year"), pub.get("type"), pub.get("venue")
    return (
        _plain(pub["title"]),
        year if isinstance(year, (int, str)) else None,
        type_ if isinstance(type_, str) else None,
        _plain(venue) if isinstance(venue, str) else "",
    )


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w+#]+", " ", text).split())


def _doi_key(pub: Any) -> tuple[str, Any] | None:
    """Same paper by DOI (and type: a preprint may carry its journal version's DOI)."""
    from cvbuilder.schema.text import bare_doi

    links = pub.get("links") if isinstance(pub, dict) else None
    doi = links.get("doi") if isinstance(links, dict) else None
    doi = bare_doi(doi) if isinstance(doi, str) else None
    return (doi.lower(), pub.get("type")) if doi else None


class _Works:
    """The works seen so far, by title key and by DOI, with where each was first seen."""

    def __init__(self) -> None:
        self.titles: dict[Any, str] = {}
        self.dois: dict[Any, str] = {}

    def add(self, pub: Any, where: str) -> None:
        if _title_key(pub) is not None:
            self.titles.setdefault(_title_key(pub), where)
        doi = _doi_key(pub)
        if doi is not None:
            self.dois.setdefault(doi, where)

    def find(self, pub: Any) -> str | None:
        """How ``pub`` is a work already seen (``same title, … as X``), or ``None``."""
        if _title_key(pub) in self.titles:
            return f"same title, year, type and venue as {self.titles[_title_key(pub)]}"
        doi = _doi_key(pub)
        if doi in self.dois:
            return f"same DOI and type as {self.dois[doi]}"
        return None
