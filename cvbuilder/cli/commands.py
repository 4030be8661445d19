"""Command line: thin click commands; heavy modules are imported only inside them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cvbuilder.cli.apply import apply_
from cvbuilder.cli.common import (
    FORMAT,
    PROFILE,
    QUIET,
    VERBOSE,
    UsageProblems,
    _as_click_errors,
    _check_targets,
    _load,
    _say,
    _write,
)
from cvbuilder.cli.convert import export, import_


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cvbuilder")
def main() -> None:
    """Build an academic CV and a résumé (PDF) from one YAML profile."""


@main.command()
@PROFILE
@click.option(
    "--variant",
    "-v",
    "variants",
    multiple=True,
    help="Variant to build (repeatable); default: all.",
)
@click.option(
    "--tags",
    help="Comma-separated tags: keep entries with one of them; writes <variant>-<tags>.pdf.",
)
@click.option("--max-pages", type=click.IntRange(min=1), help="Page budget for the variant(s).")
@click.option(
    "--language",
    "-l",
    metavar="TAG",
    help="Build in this language (BCP 47: de, zh-Hans, ...); writes <variant>-<TAG>.pdf.",
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="KEY=VALUE",
    help="Change a variant field, e.g. options.font_size=11 or max_items.awards=3 (repeatable).",
)
@click.option(
    "--out",
    "-o",
    "out",
    default="build",
    type=click.Path(path_type=Path),
    show_default=True,
    help="Output folder.",
)
@click.option("--png", is_flag=True, help="Also write a PNG of every page next to each PDF.")
@FORMAT
@QUIET
@VERBOSE
def build(
    profile: Path,
    variants: tuple[str, ...],
    tags: str | None,
    max_pages: int | None,
    language: str | None,
    sets: tuple[str, ...],
    out: Path,
    png: bool,
    formats: tuple[str, ...],
    quiet: bool,
    verbose: bool,
) -> None:
    """Build DIR/<variant>.pdf (and .tex) for each variant, and .md, .html, .txt, .docx when
    asked (--format, or the variant's formats)."""
    from cvbuilder.pipeline import run
    from cvbuilder.request import BuildRequest, Printer, Report

    request = BuildRequest(profile, variants, tags, max_pages, sets, out, png, language, formats)
    report = Report()
    try:
        with _as_click_errors():
            run(request, report)
    finally:
        Printer(quiet, verbose, click.echo).print(report)


@main.command()
@PROFILE
@click.option("--variant", "-v", "variants", multiple=True, help="Variant to build (repeatable).")
@click.option("--out", "-o", default="build", type=click.Path(path_type=Path), show_default=True)
@FORMAT
@QUIET
@VERBOSE
def watch(
    profile: Path,
    variants: tuple[str, ...],
    out: Path,
    formats: tuple[str, ...],
    quiet: bool,
    verbose: bool,
) -> None:
    """Rebuild whenever the profile or its .bib files are saved (Ctrl-C to stop).

    Errors are shown and the last good PDFs stay; unchanged documents are not recompiled."""
    from watchfiles import watch as watch_files

    from cvbuilder.pipeline import check_environment, run
    from cvbuilder.request import BuildRequest, Printer, Report

    printer = Printer(quiet, verbose, click.echo)
    request = BuildRequest(profile, variants, out=out, formats=formats)
    with _as_click_errors():
        check_environment()
    if not profile.is_file():
        raise UsageProblems([f"{profile}: no such file to watch"])
    first = True

    def once() -> set[Path]:
        """Build; a problem is reported and watching goes on (the next save may fix it), except
        a wrong command line on the first build, which no save can fix."""
        report = Report()
        try:
            with _as_click_errors():
                run(request, report)
        except UsageProblems as exc:
            if first:
                raise
            return _keep_watching(exc)
        except click.ClickException as exc:
            return _keep_watching(exc)
        except Exception as exc:  # a bug must not end a session the user relies on
            return _keep_watching(
                click.ClickException(f"internal error: {type(exc).__name__}: {exc}")
            )
        finally:
            printer.print(report)
        return {p.resolve() for p in report.inputs}

    watched = once() or {profile.resolve()}
    first = False
    announced: set[Path] = set()
    while True:  # the folders change when the profile names another .bib folder
        folders = {p.parent for p in watched if p.parent.is_dir()}
        for changes in watch_files(
            *folders, debounce=20, step=10, yield_on_timeout=True, rust_timeout=300
        ):
            if announced != watched:  # the watcher runs: say so only now, so no save is missed
                click.echo(f"watching {', '.join(sorted(str(p) for p in watched))}", err=True)
                announced = set(watched)
            if any(Path(path).resolve() in watched for _, path in changes):
                watched = once() or watched
                if {p.parent for p in watched if p.parent.is_dir()} != folders:
                    break


def _keep_watching(exc: BaseException | None) -> set[Path]:
    if isinstance(exc, click.ClickException):
        exc.show()
    click.echo("(the previous PDFs are unchanged; fix the problem and save again)", err=True)
    return set()


@main.command()
@PROFILE
def validate(profile: Path) -> None:
    """Check a profile; print every problem as FILE:LINE:COL: field: message (and, for each
    variant's language, the texts that have no version in it)."""
    data = _load(profile, all_languages=True)
    _say(f"{profile}: OK ({len(data.publications)} publications)", err=False)


@main.command()
def layouts() -> None:
    """List the available layouts."""
    from cvbuilder.registry import describe

    for name, description in describe().items():
        click.echo(f"{name:12} {description}")


@main.command()
@PROFILE
@click.option("--needed", is_flag=True, help="Print only engines beyond pdfLaTeX (for scripts).")
def engines(profile: Path, needed: bool) -> None:
    """Show the TeX engine each variant is built with, and why."""
    from cvbuilder.build import render_job
    from cvbuilder.load.profile import Source
    from cvbuilder.schema.charset import describe
    from cvbuilder.select.variants import resolve
    from cvbuilder.tex.engines import missing

    with _as_click_errors():
        source = Source(profile)
        data = source.profile()
        chosen = {}
        for name, variant in resolve(data).items():
            chosen[name] = render_job(source.profile(variant.language), variant, name)
    if needed:
        for engine in sorted({r.engine.name for r in chosen.values()} - {"pdflatex"}):
            click.echo(engine)
        return
    for name, r in chosen.items():
        why = f" for {describe(r.why, 3)}" if r.why else ""
        lacking = missing(r.engine)
        note = f"  (not installed: {lacking})" if lacking else ""
        click.echo(f"{name:16} {r.engine.label}{why}{note}")


@main.command()
@click.option("--keys", is_flag=True, help="List every string a locale has, with its English.")
def locales(keys: bool) -> None:
    """List the languages documents can be built in (a variant's `language:`, --language)."""
    from cvbuilder import locales as found

    if keys:
        english = found.get()
        for key in found.key_names():
            click.echo(f"{key:40} {english.strings[key]}")
        return
    for tag, name in found.available().items():
        missing = found.get(tag).missing
        note = f"  (English for {len(missing)} string(s))" if missing else ""
        click.echo(f"{tag:10} {name}{note}")


@main.command()
@click.argument("path", default="profile.yaml", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: Path, force: bool) -> None:
    """Write a commented starter profile that builds as is."""
    import json
    from importlib.resources import files

    from cvbuilder.schema.model import Profile

    _check_targets(path)
    if path.exists() and not force:
        raise click.ClickException(f"{path} already exists (use --force to overwrite)")
    schema_path = path.with_name(f"{path.stem}.schema.json") if _is_file_target(path) else None
    _check_targets(schema_path)
    starter = files("cvbuilder").joinpath("starter.yaml").read_text("utf-8")
    header = f"# yaml-language-server: $schema=./{schema_path.name}\n" if schema_path else ""
    _write(header + starter, path)
    if schema_path is None:  # a device or pipe: a schema file beside it makes no sense
        click.echo(f"wrote the starter profile to {path}")
        return
    schema = json.dumps(Profile.model_json_schema(), indent=2, ensure_ascii=False)
    _write(schema + "\n", schema_path)
    click.echo(f"wrote {path} and {schema_path.name} (editors validate and complete with it);")
    click.echo(f"edit {path}, then run: cvbuilder build {path}")


def _is_file_target(path: Path) -> bool:
    """True when writing ``path`` makes or replaces a regular file (not a device or pipe)."""
    import stat

    try:
        return stat.S_ISREG(path.stat().st_mode) and not str(path.absolute()).startswith("/dev/")
    except OSError:
        return True


@main.command()
def schema() -> None:
    """Print the profile's JSON Schema (for editors)."""
    import json

    from cvbuilder.schema.model import Profile

    click.echo(json.dumps(Profile.model_json_schema(), indent=2, ensure_ascii=False))


main.add_command(apply_)
main.add_command(import_)
main.add_command(export)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
