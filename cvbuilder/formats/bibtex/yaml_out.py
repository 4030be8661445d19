"""Imported publications → YAML in the profile's own format."""

from __future__ import annotations

from typing import Any


def to_yaml(publications: list[dict[str, Any]]) -> str:
    """``publications:`` as YAML in the profile's own format (plain strings where possible)."""
    import yaml

    def compact(pub: dict[str, Any]) -> dict[str, Any]:
        authors = [a["name"] if set(a) == {"name"} else a for a in pub["authors"]]
        return {**pub, "authors": authors}

    class Dumper(yaml.SafeDumper):
        pass

    def flow_authors(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
        flow = set(data) <= {"name", "owner", "equal", "corresponding", "lead"}
        return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow or None)

    Dumper.add_representer(dict, flow_authors)
    body = yaml.dump(
        {"publications": [compact(p) for p in publications]},
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return body
