"""Command line: thin click commands; heavy modules are imported only inside them."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

PROFILE = click.argument("profile", default="profile.yaml", type=click.Path(path_type=Path))
QUIET = click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
VERBOSE = click.option("--verbose", is_flag=True, help="Print what each step did.")


class ProfileProblems(click.ClickException):
    """Exit status 2: the profile (or the command line) is wrong; one line per problem."""

    exit_code = 2

    def __init__(self, problems: list) -> None:  # type: ignore[type-arg]
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        from cvbuilder.cli.request import printable

        for problem in self.problems:
            click.echo(printable(str(problem)).replace("\n", "\\n"), err=True)
        n = len(self.problems)
        click.echo(f"{n} problem{'s' if n != 1 else ''} found.", err=True)


class UsageProblems(ProfileProblems):
    """Exit status 2 for the command line or the environment (``watch`` stops on these, while
    it keeps watching through profile errors, which the next save may fix)."""


class BuildFailed(click.ClickException):
    exit_code = 1

    def format_message(self) -> str:
        from cvbuilder.cli.request import printable

        return printable(self.message)


def _say(text: str, err: bool = True) -> None:
    """Print a line that carries text from a user's file, its control characters escaped."""
    from cvbuilder.cli.request import printable

    click.echo(printable(text), err=err)


def _load(path: Path):  # type: ignore[no-untyped-def]
    """The validated profile for commands other than ``build``; warnings printed after."""
    from cvbuilder.cli.request import Printer, Report
    from cvbuilder.files import FileProblem
    from cvbuilder.load.profile import load
    from cvbuilder.problems import ProfileError

    report = Report()
    warnings: list = []  # type: ignore[type-arg]
    try:
        return load(path, warnings)
    except ProfileError as exc:
        raise ProfileProblems(exc.problems) from None
    except FileProblem as exc:
        raise ProfileProblems([str(exc)]) from None
    finally:
        for warning in warnings:
            report.warn(str(warning))
        Printer(echo=click.echo).print(report)


@contextlib.contextmanager
def _as_click_errors():  # type: ignore[no-untyped-def]
    """The pipeline's errors as click exceptions with their exit codes (2 or 1)."""
    from cvbuilder.problems import BuildError, ProfileError, UsageError

    try:
        yield
    except UsageError as exc:
        raise UsageProblems(exc.problems) from None
    except ProfileError as exc:
        raise ProfileProblems(exc.problems) from None
    except BuildError as exc:
        raise BuildFailed(str(exc)) from None


def _write(text: str, out: Path | None) -> None:
    """Write to ``out`` (stdout for none or ``-``): atomically over a regular file, through to a
    device or pipe, refused for a folder or socket (see :mod:`cvbuilder.files`)."""
    from cvbuilder.files import FileProblem, write_output

    try:
        write_output(out, text)
    except FileProblem as exc:
        raise UsageProblems([str(exc)]) from None


def _check_targets(*paths: Path | None) -> None:
    """Refuse unusable output paths before any work, all of them at once."""
    from cvbuilder.files import FileProblem, check_output

    found = []
    for path in paths:
        if path is not None and str(path) != "-":
            try:
                check_output(path)
            except FileProblem as exc:
                found.append(str(exc))
    if found:
        raise UsageProblems(found)


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
@QUIET
@VERBOSE
def build(
    profile: Path,
    variants: tuple[str, ...],
    tags: str | None,
    max_pages: int | None,
    sets: tuple[str, ...],
    out: Path,
    png: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Build DIR/<variant>.pdf (and .tex) for each variant."""
    from cvbuilder.cli.request import BuildRequest, Printer, Report
    from cvbuilder.pipeline import run

    request = BuildRequest(profile, variants, tags, max_pages, sets, out, png)
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
@QUIET
@VERBOSE
def watch(profile: Path, variants: tuple[str, ...], out: Path, quiet: bool, verbose: bool) -> None:
    """Rebuild whenever the profile or its .bib files are saved (Ctrl-C to stop).

    Errors are shown and the last good PDFs stay; unchanged documents are not recompiled."""
    from watchfiles import watch as watch_files

    from cvbuilder.cli.request import BuildRequest, Printer, Report
    from cvbuilder.pipeline import check_environment, run

    printer = Printer(quiet, verbose, click.echo)
    request = BuildRequest(profile, variants, out=out)
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
    """Check a profile; print every problem as FILE:LINE:COL: field: message."""
    data = _load(profile)
    _say(f"{profile}: OK ({len(data.publications)} publications)", err=False)


@main.command()
def layouts() -> None:
    """List the available layouts."""
    from cvbuilder.registry import describe

    for name, description in describe().items():
        click.echo(f"{name:12} {description}")


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


@main.group(name="import")
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
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    _write(text, output)
    for item in report.unplaced:
        _say(f"note: {jsonfile}: {item}")
    click.echo(
        f"{jsonfile}: imported{f' to {output}' if output else ''}; "
        f"{len(report.unplaced)} item(s) had no place (listed above)",
        err=True,
    )


@main.group()
def export() -> None:
    """Convert the profile into other formats."""


@export.command(name="jsonresume")
@PROFILE
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="JSON file (default: stdout)."
)
def export_jsonresume(profile: Path, output: Path | None) -> None:
    """Write the profile as JSON Resume (academic extras under 'x-cvbuilder' keys)."""
    import json

    from cvbuilder.formats.jsonresume import from_profile

    _check_targets(output)
    document = from_profile(_load(profile))
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
