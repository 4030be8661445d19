"""JSON Resume sections that need more than a field mapping: basics, publications."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cvbuilder.formats.jsonresume.dates import PRESENT_WORDS, ReadDate, read_date
from cvbuilder.formats.jsonresume.keys import _LOCATION_KEYS, KINDS, _key
from cvbuilder.formats.jsonresume.networks import (
    _DOMAIN,
    _NETWORK_HOSTS,
    _SCHEME,
    NETWORKS,
    _host,
    _network_key,
    web_address,
)
from cvbuilder.formats.jsonresume.reader import _Reader
from cvbuilder.formats.jsonresume.report import UNKNOWN, Report, _describe, _empty
from cvbuilder.formats.jsonresume.text import _LETTER, in_script, latin_part, unprintable


def _name(r: _Reader, basics: dict[str, Any]) -> str:
    """The person's name as the documents can print it: as written (any script cvbuilder's
    fonts have), else its Latin part, else 'Unknown' with a note naming the characters."""
    from cvbuilder.schema.charset import printable_text

    raw = r.text(basics, "name", "basics", "name")
    if not raw:
        r.report.note("basics.name", f"missing; the profile says '{UNKNOWN}'")
        return UNKNOWN
    try:
        if not printable_text(raw)[1]:
            return raw  # any script a font of the documents has (XeLaTeX sets CJK, Cyrillic)
        why = in_script(raw) or f"{_describe(raw)}: no font of the documents has it"
    except ValueError as exc:
        why = in_script(raw) or f"{_describe(raw)}: {exc}"
    part = latin_part(raw, name=True)
    if part:
        r.report.note("basics.name", f"{why}; kept {part!r}")
        return part
    r.report.note("basics.name", f"{why}; the profile says '{UNKNOWN}': write the name in "
                                 "Latin letters as person.name")  # fmt: skip
    return UNKNOWN


def _social(r: _Reader, p: dict[str, Any], path: str) -> dict[str, Any] | None:
    """One ``basics.profiles`` entry → a profile link: a missing, bare or scheme-less URL is
    made from the user name where the network is known, and a missing network is named after
    the site of its URL. What still lacks a network or URL is kept only if the profile allows
    it (a user name alone)."""
    from cvbuilder.schema.model import SocialProfile

    required = {k for k, f in SocialProfile.model_fields.items() if f.is_required()}
    net, user = r.text(p, "network", path), r.text(p, "username", path)
    url = r.text(p, "url", path, "url")
    if user and (_SCHEME.match(user) or _DOMAIN.match(user)) and "/" in user:
        url, user = url or web_address(user), None  # a URL written as the user name
    network = NETWORKS.get(_network_key(net or ""))
    if url and network and network.bare(url):
        url = None  # 'https://www.linkedin.com/in/' without the user
    if not url and user:
        made = network.url(user) if network else None
        if not made and "url" not in required and (net or "network" not in required):
            return {k: v for k, v in [("network", net), ("username", user)] if v}  # as text
        if not made:
            why = (f"{user!r} does not look like a {network.name} user name" if network
                   else f"no web address is known for the network {net!r}" if net
                   else "no network is named")  # fmt: skip
            r.report.note(path, f"{why}, so no link can be made; left out")
            return None
        url = made
    if url and not net:
        net = _NETWORK_HOSTS.get(_host(url)) or _host(url) or None
    if not (net and url):
        r.report.note(path, "needs a network and a url; left out")
        return None
    return {"network": net, "url": url, **({"username": user} if user else {})}


def _person(r: _Reader, basics: dict[str, Any]) -> dict[str, Any]:
    """``basics`` → ``person``: the name, contacts, location and profiles; the summary stays
    in ``basics`` for the caller."""
    person: dict[str, Any] = {"name": _name(r, basics)}
    for src, dst in [("label", "position"), ("email", "email"), ("phone", "phone"),
                     ("url", "homepage")]:  # fmt: skip
        value = r.text(basics, src, "basics", KINDS.get(dst, "text"))
        if value:
            person[dst] = value
    location = basics.pop("location", None)
    if isinstance(location, dict):
        where = "basics.location"
        location = {_LOCATION_KEYS.get(_key(k), k) if isinstance(k, str) else k: v
                    for k, v in location.items()}  # fmt: skip
        city, region = r.text(location, "city", where), r.text(location, "region", where)
        country = r.text(location, "country", where)
        code = r.text(location, "countryCode", where)
        parts = [p for p in (city, region, country or code) if p]
        for part in [p for p in parts if unprintable(p)]:  # keep the parts that print
            if len(parts) > 1:
                r.report.note(where, f"{in_script(part) or repr(part)}; left out of the place")
                parts.remove(part)
        if parts:
            person["location"] = ", ".join(parts)
        r.rest(where, location)
    elif not _empty(location):
        place = r.as_text(location, "basics.location")  # 0.x files: a plain string
        if place:
            person["location"] = place
    profiles = []
    for path, p, extra in r.objects(basics.pop("profiles", None), "basics.profiles"):
        social = _social(r, p, path)
        if social:
            r.rest(path, p)
            profiles.append({**social, **extra})
    if profiles:
        person["profiles"] = profiles
    return person


def _authors(
    r: _Reader, names: list[str], owner: Any, path: str
) -> tuple[list[dict[str, Any]], bool]:
    """Author texts (markers such as ``*`` allowed) → authors with the owner marked, and
    whether the list ends in 'et al.'."""
    from cvbuilder.formats.bibtex.names import Name, _mark_owner
    from cvbuilder.schema.model import Author

    if len(names) == 1:  # one text: 'A; B', BibTeX's 'Last, First and Last, First', 'A, B and C'
        text = names[0]
        bibtex = " and " in text and "," in text and ";" not in text
        names = re.split(r"\s*;\s*" if ";" in text else r"\s+and\s+" if bibtex
                         else r"\s*,\s*|\s+and\s+|\s*&\s*", text)  # fmt: skip
    authors, et_al = [], False
    for i, one in enumerate(names):
        if one.strip().lower() in ("et al.", "et al", "others", "…", "...", ""):
            et_al |= bool(one.strip())
            continue
        author = Author._from_string(one)
        name = r.printable(author["name"], f"{path}[{i}]")
        if name:
            authors.append({**author, "name": name})
    if isinstance(owner, str) and owner != UNKNOWN and authors:
        for note in _mark_owner(authors, [Name.parse(owner)]):
            r.report.note(path, note)
        if not any(a.get("owner") for a in authors):
            r.report.note(path, f"the profile's owner ({owner}) is not among the authors")
    return authors, et_al


def _publications(
    r: _Reader,
    entries: Callable[..., list[tuple[str, dict[str, Any]]]],
    owner: Any,
    report: Report,
) -> list[dict[str, Any]]:
    """``publications`` → publications; without authors (JSON Resume has none), the owner is
    listed."""
    from cvbuilder.formats.bibtex.pubtype import _infer_type
    from cvbuilder.schema.model import Publication

    needs_year = Publication.model_fields["year"].is_required()  # work in progress has none
    publications = []
    for path, entry in entries("publications", ("name", "title", "Untitled"),
                               [("publisher", "venue"), ("url", "url"), ("summary", "summary"),
                                ("authors", "authors"), ("releaseDate", "released")]):  # fmt: skip
        written = entry.pop("released", None)
        read = read_date(written) if written else ReadDate(None)
        if read.note:
            report.note(f"{path}.releaseDate", read.note)
        m = re.match(r"^(\d{4})(?:-(\d{2}))?", read.value or "")
        if m:
            entry.setdefault("year", int(m[1]))
            if m[2]:
                entry.setdefault("month", int(m[2]))
        elif written and _LETTER.search(written) and written.lower() not in PRESENT_WORDS:
            entry.setdefault("note", written)  # 'submitted', 'in press'
        if "url" in entry:
            links = entry.get("links")
            entry["links"] = {
                "paper": entry.pop("url"),
                **(links if isinstance(links, dict) else {}),
            }
        venue = entry.get("venue")
        entry.setdefault("type", _infer_type("misc", venue if isinstance(venue, str) else "", {}))
        names = entry.get("authors")
        if names and all(isinstance(a, str) for a in names):
            entry["authors"], et_al = _authors(r, names, owner, f"{path}.authors")
            if et_al:
                entry.setdefault("et_al", True)
        if not entry.get("authors"):
            entry["authors"] = [
                {"name": owner if isinstance(owner, str) else UNKNOWN, "owner": True}
            ]
            report.note(path, "JSON Resume has no authors: the profile's owner is listed")
        if "year" not in entry and needs_year:
            report.note(f"{path}.releaseDate", "no year, which a publication needs: left out")
            continue
        publications.append(entry)
    return publications
