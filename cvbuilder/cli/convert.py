"""``cvbuilder import …`` and ``cvbuilder export …``: BibTeX and JSON Resume in and out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cvbuilder.cli.common import (
    PROFILE,
    ProfileProblems,
    UsageProblems,
    _check_targets,
    _load,
    _say,
    _write,
)


@click.group(name="import")
def import_() -> None:
    """Convert other formats into the profile's format."""


@import_.command(name="bibtex")
@click.argument("bibfile", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--owner",
    "owners",
    multiple=True,
    metavar="NAME",
    help="The profile owner's name as it appears in author lists (repeatable).",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="YAML file (default: stdout)."
)
def import_bibtex(bibfile: Path, owners: tuple[str, ...], output: Path | None) -> None:
    """Read a .bib file and write its entries as a YAML 'publications:' list."""
    from cvbuilder.files import FileProblem
    from cvbuilder.formats.bibtex import read_bib_file, to_yaml

    _check_targets(output)
    try:
        entries, report = read_bib_file(bibfile, list(owners))
    except FileProblem as exc:
        raise UsageProblems([str(exc)]) from None
    _write(to_yaml([pub for pub, _ in entries]), output)
    for note in report.notes:
        _say(f"note: {note}")
    for error in report.errors:
        _say(f"error: {error}")
    owned = sum(any(a.get("owner") for a in pub["authors"]) for pub, _ in entries)
    click.echo(
        f"{bibfile}: {report.read} entries read, {report.written} written"
        + (f" to {output}" if output else "")
        + (f", {owned} with the owner marked" if owners else "")
        + (f", {len(report.errors)} could not be read" if report.errors else ""),
        err=True,
    )
    if report.errors:
        sys.exit(2)


@import_.command(name="jsonresume")
@click.argument("jsonfile", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="YAML file (default: stdout)."
)
def import_jsonresume(jsonfile: Path, output: Path | None) -> None:
    """Read a JSON Resume file and write a complete profile that builds as is."""
    import yaml

    from cvbuilder.files import FileProblem
    from cvbuilder.formats.jsonresume import load_json, to_profile, usable

    _check_targets(output)
    try:
        document = load_json(jsonfile)
    except FileProblem as exc:
        raise ProfileProblems([str(exc)]) from None
    data, report = to_profile(document)
    data = usable(data, report)
    language = _language_of(jsonfile)
    if language and "default_language" not in data:  # resume.de.json: one file per language
        data = {"default_language": language, **data}
        report.unplaced.append(f"no meta.language; the file name says {language!r}")
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    _write(text, output)
    for item in report.unplaced:
        _say(f"note: {jsonfile}: {item}")
    click.echo(
        f"{jsonfile}: imported{f' to {output}' if output else ''}; "
        f"{len(report.unplaced)} item(s) had no place (listed above)",
        err=True,
    )


def _language_of(path: Path) -> str | None:
    """The language a file name gives (``resume.zh.json``, ``cv.pt-BR.json``): a tag whose
    language cvbuilder has a locale for (so ``my.cv.json`` names none)."""
    from cvbuilder import locales

    parts = path.name.split(".")
    if len(parts) < 3 or not locales.is_tag(parts[-2]):
        return None
    known = {tag.split("-")[0].lower() for tag in locales.available()}
    return parts[-2] if parts[-2].split("-")[0].lower() in known else None


@click.group()
def export() -> None:
    """Convert the profile into other formats."""


@export.command(name="jsonresume")
@PROFILE
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="JSON file (default: stdout)."
)
@click.option("--language", "-l", metavar="TAG", help="Texts given in several languages: this one.")
def export_jsonresume(profile: Path, output: Path | None, language: str | None) -> None:
    """Write the profile as JSON Resume (academic extras under 'x-cvbuilder' keys)."""
    import json

    from cvbuilder.formats.jsonresume import from_profile

    _check_targets(output)
    document = from_profile(_load(profile, language), language)
    _write(json.dumps(document, indent=2, ensure_ascii=False) + "\n", output)
    if output:
        click.echo(f"wrote {output}", err=True)


@export.command(name="bibtex")
@PROFILE
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help=".bib file (default: stdout)."
)
def export_bibtex(profile: Path, output: Path | None) -> None:
    """Write the profile's publications as BibTeX (readable again by 'import bibtex')."""
    from cvbuilder.formats.bibtex import export as to_bibtex

    _check_targets(output)
    data = _load(profile)
    _write(to_bibtex(data.publications), output)
    if output:
        click.echo(f"wrote {len(data.publications)} entries to {output}", err=True)
