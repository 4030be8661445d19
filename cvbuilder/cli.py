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
        for problem in self.problems:
            click.echo(str(problem), err=True)
        n = len(self.problems)
        click.echo(f"{n} problem{'s' if n != 1 else ''} found.", err=True)


class BuildFailed(click.ClickException):
    exit_code = 1


def _load(path: Path, term: Any = None):  # type: ignore[no-untyped-def]
    from .loader import load
    from .problems import ProfileError
    from .terminal import Terminal

    own = term is None
    term = term or Terminal()
    warnings: list = []  # type: ignore[type-arg]
    try:
        return load(path, warnings)
    except ProfileError as exc:
        raise ProfileProblems(exc.problems) from None
    finally:
        for warning in warnings:
            term.warn(str(warning))
        if own:
            term.finish()


def _write(text: str, out: Path | None) -> None:
    """Write to ``out`` atomically (or to stdout)."""
    if out is None:
        click.echo(text, nl=False)
        return
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        raise BuildFailed(f"cannot write {out}: {exc.strerror}") from None


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
    from .cache import fresh, load, request_key
    from .terminal import Terminal

    term = term or Terminal()
    choices = {"variants": variants, "tags": tags, "max_pages": max_pages, "sets": sets}
    key = request_key(profile, choices)
    unchanged = fresh(out, key)
    if unchanged is not None:  # nothing that matters changed: not even the profile is loaded
        term.detail(f"{out}/.cache/state.json: inputs, code and TeX unchanged; nothing compiled")
        for doc in unchanged:
            pdf = out / f"{doc['name']}.pdf"
            term.status(str(pdf), doc.get("layout", ""), doc["pages"], "unchanged", False)
            _report_omitted(term, doc["name"], doc.get("omitted", []))
            if png:
                _pngs(pdf, term)
        return [Path(p) for p in load(out).get("inputs", {})]

    from .build import build as run_build
    from .build import select, tailor
    from .compile import TexError, TexMissing
    from .problems import ProfileError

    data = _load(profile, term)
    term.detail(f"{profile}: {len(data.publications)} publications, "
                f"{len(data.bibliography)} .bib file(s)")  # fmt: skip
    inputs = [profile, *(profile.parent / b for b in data.bibliography)]
    inputs += [Path(data.person.photo)] if data.person.photo else []
    tag_list = [t.strip() for t in (tags or "").split(",") if t.strip()]
    try:
        jobs = select(data, list(variants), str(profile))
        if tag_list or max_pages or sets:
            jobs = [tailor(job, tag_list, max_pages, list(sets), data) for job in jobs]
    except ProfileError as exc:
        raise ProfileProblems(exc.problems) from None
    try:
        results = run_build(data, jobs, out, key, inputs)
    except (TexMissing, TexError) as exc:
        raise BuildFailed(str(exc)) from None
    except OSError as exc:
        raise BuildFailed(f"cannot write to {out}: {exc.strerror}") from None
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
            _pngs(r.pdf, term)
    return inputs


def _report_omitted(term: Any, name: str, omitted: list[str]) -> None:
    if omitted:
        listed = "".join(f"\n    - {item}" for item in omitted)
        term.warn(f"{name}: left out {len(omitted)} entries to fit the page budget:{listed}")


def _pngs(pdf: Path, term: Any) -> None:
    """A PNG of every page next to the PDF (pdftoppm), replacing those of earlier builds."""
    import shutil
    import subprocess

    if shutil.which("pdftoppm") is None:
        raise BuildFailed("--png needs pdftoppm (Debian: apt-get install poppler-utils)")
    for old in pdf.parent.glob(f"{pdf.stem}-*.png"):
        if old.stem.removeprefix(f"{pdf.stem}-").isdigit():
            old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(pdf.with_suffix(""))],
                   check=True)  # fmt: skip
    pages = sorted(pdf.parent.glob(f"{pdf.stem}-*.png"))
    term.detail(f"{len(pages)} PNG page(s): {', '.join(p.name for p in pages)}")


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

    def once() -> set[Path]:
        try:
            inputs = run_build_once(profile, variants, out=out, term=term)
        except click.ClickException as exc:
            exc.show()
            click.echo(
                "(the previous PDFs are unchanged; fix the problem and save again)", err=True
            )
            return set()
        finally:
            term.finish()
        return {p.resolve() for p in inputs}

    watched = once() or {profile.resolve()}
    folders = {p.parent for p in watched}
    ready = False
    for changes in watch_files(
        *folders, debounce=20, step=10, yield_on_timeout=True, rust_timeout=300
    ):
        if not ready:  # the watcher is running: say so only now, so no save is missed
            click.echo(f"watching {', '.join(sorted(str(p) for p in watched))}", err=True)
            ready = True
        if any(Path(path).resolve() in watched for _, path in changes):
            watched = once() or watched


@main.command()
@PROFILE
def validate(profile: Path) -> None:
    """Check a profile; print every problem as FILE:LINE:COL: field: message."""
    data = _load(profile)
    click.echo(f"{profile}: OK ({len(data.publications)} publications)")


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

    schema_path = path.with_name(f"{path.stem}.schema.json")
    if path.exists() and not force:
        raise click.ClickException(f"{path} already exists (use --force to overwrite)")
    starter = files("cvbuilder").joinpath("starter.yaml").read_text("utf-8")
    header = f"# yaml-language-server: $schema=./{schema_path.name}\n"
    schema = json.dumps(Profile.model_json_schema(), indent=2, ensure_ascii=False)
    _write(header + starter, path)
    _write(schema + "\n", schema_path)
    click.echo(f"wrote {path} and {schema_path.name} (editors validate and complete with it);")
    click.echo(f"edit {path}, then run: cvbuilder build {path}")


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

    entries, report = read_bib_file(bibfile, list(owners))
    _write(to_yaml([pub for pub, _ in entries]), output)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
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
    import json

    import yaml

    from .jsonresume import to_profile, usable

    try:
        document = json.loads(jsonfile.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProfileProblems([f"{jsonfile}: not valid JSON: {exc}"]) from None
    data, report = to_profile(document)
    data = usable(data, report)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    _write(text, output)
    for item in report.unplaced:
        click.echo(f"note: {jsonfile}: {item}", err=True)
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

    data = _load(profile)
    _write(to_bibtex(data.publications), output)
    if output:
        click.echo(f"wrote {len(data.publications)} entries to {output}", err=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
