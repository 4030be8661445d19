"""Command line: thin click commands; heavy modules are imported only inside them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

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
        from .terminal import printable

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
        from .terminal import printable

        return printable(self.message)


def _say(text: str, err: bool = True) -> None:
    """Print a line that carries text from a user's file, its control characters escaped."""
    from .terminal import printable

    click.echo(printable(text), err=err)


def _check_environment() -> None:
    from .settings import problems

    found = problems()
    if found:
        raise UsageProblems(found)


def _load(path: Path, term: Any = None):  # type: ignore[no-untyped-def]
    from .loader import load
    from .problems import ProfileError
    from .terminal import Terminal

    own = term is None
    term = term or Terminal()
    warnings: list = []  # type: ignore[type-arg]
    from .files import FileProblem

    try:
        return load(path, warnings)
    except ProfileError as exc:
        raise ProfileProblems(exc.problems) from None
    except FileProblem as exc:
        raise ProfileProblems([str(exc)]) from None
    finally:
        for warning in warnings:
            term.warn(str(warning))
        if own:
            term.finish()


def _write(text: str, out: Path | None) -> None:
    """Write to ``out`` (stdout for none or ``-``): atomically over a regular file, through to a
    device or pipe, refused for a folder or socket (see :mod:`cvbuilder.files`)."""
    from .files import FileProblem, write_output

    try:
        write_output(out, text)
    except FileProblem as exc:
        raise UsageProblems([str(exc)]) from None


def _check_targets(*paths: Path | None) -> None:
    """Refuse unusable output paths before any work, all of them at once."""
    from .files import FileProblem, check_output

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
    from .terminal import Terminal

    term = Terminal(quiet, verbose)
    try:
        run_build_once(profile, variants, tags, max_pages, sets, out, png, term)
    finally:
        term.finish()


def run_build_once(
    profile: Path,
    variants: tuple[str, ...] = (),
    tags: str | None = None,
    max_pages: int | None = None,
    sets: tuple[str, ...] = (),
    out: Path = Path("build"),
    png: bool = False,
    term: Any = None,
) -> list[Path]:
    """One build, as ``cvbuilder build`` does it; returns the input files it read."""
    from .cache import fresh, hashes, load, request_key
    from .terminal import Terminal

    term = term or Terminal()
    _check_environment()
    _check_out_dir(out)
    choices = {"variants": variants, "tags": tags, "max_pages": max_pages, "sets": sets}
    key = request_key(profile, choices)
    unchanged = fresh(out, key)
    if unchanged is not None:  # nothing that matters changed: not even the profile is loaded
        term.detail(f"{out}/.cvbuilder/state.json: inputs, code, TeX unchanged; nothing compiled")
        for doc in unchanged:
            pdf = out / f"{doc['name']}.pdf"
            term.status(str(pdf), doc.get("layout", ""), doc["pages"], "unchanged", False)
            _report_omitted(term, doc["name"], doc.get("omitted", []))
        if png:
            _pngs([out / f"{doc['name']}.pdf" for doc in unchanged], out, term)
        return [Path(p) for p in load(out).get("inputs", {})]

    from .build import build as run_build
    from .build import select, tailor, unmatched_tags
    from .compile import TexError, TexMissing
    from .files import FileProblem
    from .problems import ProfileError

    before = hashes([profile])  # taken before reading: an edit during the build is not trusted
    data = _load(profile, term)
    term.detail(f"{profile}: {len(data.publications)} publications, "
                f"{len(data.bibliography)} .bib file(s)")  # fmt: skip
    inputs = [profile, *(profile.parent / b for b in data.bibliography)]
    inputs += [Path(data.person.photo)] if data.person.photo else []
    tag_list = [t.strip() for t in (tags or "").split(",") if t.strip()]
    try:
        jobs = select(data, list(variants), str(profile))
    except ProfileError as exc:
        raise UsageProblems(exc.problems) from None
    if tag_list or max_pages or sets:
        problems: list = []  # type: ignore[type-arg]
        tailored = []
        for job in jobs:
            try:
                tailored.append(tailor(job, tag_list, max_pages, list(sets), data))
            except ProfileError as exc:
                problems += [p for p in exc.problems if p not in problems]
        if problems:
            raise UsageProblems(problems)
        jobs = tailored
    for tag in unmatched_tags(data, tag_list):
        term.warn(f"--tags: tag {tag!r} matches nothing in {profile}")
    notes: list[str] = []
    try:
        results = run_build(data, jobs, out, key, {**hashes(inputs[1:]), **before}, notes)
    except (TexMissing, TexError) as exc:
        raise BuildFailed(str(exc)) from None
    except FileProblem as exc:
        raise UsageProblems([str(exc)]) from None
    except OSError as exc:
        raise BuildFailed(f"cannot write to {out}: {exc.strerror}") from None
    finally:
        for note in notes:
            term.warn(note)
    for r in results:
        runs = f"  ({r.runs} TeX runs to fit the page budget)" if r.runs > 1 else ""
        state = "unchanged" if r.reused else f"{r.seconds:.2f} s{runs}"
        term.status(str(r.pdf), r.layout, r.pages, state, not r.reused)
        term.detail(f"{r.name}: {'reused' if r.reused else f'{r.runs} TeX run(s)'}; "
                    f"LaTeX source in {out / (r.name + '.tex')}")  # fmt: skip
        _report_omitted(term, r.name, r.omitted)
        for w in r.warnings:
            term.warn(f"{r.name}: {w}")
    if png:
        _pngs([r.pdf for r in results], out, term)
    return inputs


def _check_out_dir(out: Path) -> None:
    """The output folder must be a folder that can be written, or be creatable (it is created
    only by a build that gets as far as writing)."""
    import os

    if out.exists() and not out.is_dir():
        raise UsageProblems([f"{out}: --out must be a folder, and this is not one"])
    existing = out.absolute()
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise UsageProblems([f"{out}: cannot be created, {existing} is not a folder"])
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageProblems([f"{out}: {existing} is not writable"])


def _report_omitted(term: Any, name: str, omitted: list[str]) -> None:
    if omitted:
        listed = "".join(f"\n    - {item}" for item in omitted)
        term.warn(
            f"{name}: left out {len(omitted)} entries to fit the page budget:{listed}",
            important=True,
        )


def _pngs(pdfs: list[Path], out: Path, term: Any) -> None:
    """A PNG of every page next to each PDF (pdftoppm), made in a private folder and moved into
    place; PNG pages of an earlier build that this one no longer has are removed only if they
    are still exactly what cvbuilder wrote."""
    from .files import FileProblem
    from .pngs import PngError, render

    try:
        for pdf in pdfs:
            written = render(pdf, out)
            term.detail(f"{len(written)} PNG page(s): {', '.join(p.name for p in written)}")
    except PngError as exc:
        raise BuildFailed(str(exc)) from None
    except FileProblem as exc:
        raise UsageProblems([str(exc)]) from None


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

    from .terminal import Terminal

    term = Terminal(quiet, verbose)
    _check_environment()
    if not profile.is_file():
        raise UsageProblems([f"{profile}: no such file to watch"])
    first = True

    def once() -> set[Path]:
        """Build; a problem is reported and watching goes on (the next save may fix it), except
        a wrong command line on the first build, which no save can fix."""
        try:
            inputs = run_build_once(profile, variants, out=out, term=term)
        except UsageProblems:
            if first:
                raise
            return _keep_watching(sys.exc_info()[1])
        except click.ClickException as exc:
            return _keep_watching(exc)
        except Exception as exc:  # a bug must not end a session the user relies on
            return _keep_watching(
                click.ClickException(f"internal error: {type(exc).__name__}: {exc}")
            )
        finally:
            term.finish()
        return {p.resolve() for p in inputs}

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
    from .registry import describe

    for name, description in describe().items():
        click.echo(f"{name:12} {description}")


@main.command()
@click.argument("path", default="profile.yaml", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: Path, force: bool) -> None:
    """Write a commented starter profile that builds as is."""
    import json
    from importlib.resources import files

    from .model import Profile

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

    from .model import Profile

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
    from .bibtex import read_bib_file, to_yaml
    from .files import FileProblem

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

    from .files import FileProblem
    from .jsonresume import load_json, to_profile, usable

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

    from .jsonresume import from_profile

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
    from .bibtex import export as to_bibtex

    _check_targets(output)
    data = _load(profile)
    _write(to_bibtex(data.publications), output)
    if output:
        click.echo(f"wrote {len(data.publications)} entries to {output}", err=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
