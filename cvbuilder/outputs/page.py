"""A variant's filtered profile → the format-neutral :class:`~.model.Page`: the header, every
section of the variant in its order and under its heading, in the document's language."""

from __future__ import annotations

import re
from typing import Any

from cvbuilder import locales
from cvbuilder.outputs.model import Contact, Page, Section
from cvbuilder.outputs.sections import LISTS, PROSE, extra, section
from cvbuilder.present import heading, profile_label, short_url
from cvbuilder.schema.model import Person, Profile

TITLES = {name: f"sections.{name}" for name in PROSE | LISTS}


def contacts(person: Person) -> tuple[Contact, ...]:
    out = [Contact("location", person.location)] if person.location else []
    if person.email:
        out.append(Contact("email", person.email, "mailto:" + person.email))
    if person.phone:
        out.append(Contact("phone", person.phone, "tel:" + re.sub(r"[^\d+]", "", person.phone)))
    if person.homepage:
        out.append(Contact("homepage", short_url(person.homepage), person.homepage))
    for p in person.profiles:
        out.append(Contact("profile", profile_label(p), p.url))
    return tuple(out)


def schema_person(person: Person) -> dict[str, object]:
    """schema.org ``Person`` for the HTML page's JSON-LD: only what the profile says."""
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "Person",
                               "name": person.name}  # fmt: skip
    if person.position:
        data["jobTitle"] = person.position
    if person.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    if person.email:
        data["email"] = "mailto:" + person.email
    if person.homepage:
        data["url"] = person.homepage
    same = [p.url for p in person.profiles if p.url]
    if same:
        data["sameAs"] = same
    if person.location:
        data["address"] = person.location
    return data


class _Seen:
    """The layout's options, plus what the layout module itself says about its text."""

    def __init__(self, options: Any, **more: Any) -> None:
        self._options = options
        self.__dict__.update(more)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._options, name)


def page(profile: Profile, options: Any, layout: Any, layout_name: str) -> Page:
    """The page of ``profile`` (already filtered for the variant); call it inside the
    document's locale (:func:`cvbuilder.locales.using`)."""
    options = _Seen(options, short_venues=bool(getattr(layout, "SHORT_VENUES", False)))
    look = getattr(layout, "LOOK", None)
    kind = heading(look.kind if look is not None else "documents.cv")
    titles = {**TITLES, **getattr(layout, "TITLES", {})}
    extras = {x.id: x for x in profile.extra_sections}
    found: list[Section] = []
    for name in options.sections:
        if name in extras:
            found.append(extra(extras[name]))
            continue
        title = heading(options.titles.get(name) or titles[name])
        made = section(name, title, profile, options)
        if made is not None:
            found.append(made)
    person = profile.person
    updated = options.last_updated and locales.current()("date.last_updated",
                                                         date=options.last_updated)  # fmt: skip
    return Page(
        name=person.name,
        language=locales.current().language,
        kind=kind,
        layout=layout_name,
        name_native=person.name_native,
        headline=", ".join(x for x in (person.position, person.affiliation) if x),
        contacts=contacts(person),
        sections=tuple(found),
        updated=updated or None,
        accent=str(getattr(options, "accent_color", "1F3A5F")),
        font=str(getattr(options, "font", "charter")),
        centered=bool(look.centered) if look is not None else False,
        person=schema_person(person),
        options=options._options.model_dump(exclude={"sections", "titles", "last_updated"}),
    )
