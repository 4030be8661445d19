"""Command line: thin click commands; heavy modules are imported only inside them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

PROFILE = click.argument("profile", default="profile.yaml", type=click.Path(path_type=Path))


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


def _load(path: Path):  # type: ignore[no-untyped-def]
    from .loader import load
    from .problems import ProfileError

    try:
        return load(path)
    except ProfileError as exc:
        raise ProfileProblems(exc.problems) from None


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
    "--out",
    "-o",
    "out",
    default="build",
    type=click.Path(path_type=Path),
    show_default=True,
    help="Output folder.",
)
def build(profile: Path, variants: tuple[str, ...], out: Path) -> None:
    """Build DIR/<variant>.pdf (and .tex) for each variant."""
    from .build import build as run_build
    from .build import select
    from .compile import TexError, TexMissing
    from .problems import ProfileError

    data = _load(profile)
    try:
        names = select(data, list(variants), str(profile))
    except ProfileError as exc:
        raise ProfileProblems(exc.problems) from None
    try:
        results = run_build(data, names, out)
    except TexMissing as exc:
        raise BuildFailed(str(exc)) from None
    except TexError as exc:
        raise BuildFailed(str(exc)) from None
    except OSError as exc:
        raise BuildFailed(f"cannot write to {out}: {exc.strerror}") from None
    for r in results:
        pages = f"{r.pages} page{'s' if r.pages != 1 else ''}"
        click.echo(f"{r.pdf}  {pages}  {r.seconds:.2f} s")
        for w in r.warnings:
            click.echo(f"  warning: {w}", err=True)


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
    from importlib.resources import files

    if path.exists() and not force:
        raise click.ClickException(f"{path} already exists (use --force to overwrite)")
    path.write_text(files("cvbuilder").joinpath("starter.yaml").read_text("utf-8"), "utf-8")
    click.echo(f"wrote {path}; edit it, then run: cvbuilder build {path}")


@main.command()
def schema() -> None:
    """Print the profile's JSON Schema (for editors)."""
    import json

    from .model import Profile

    click.echo(json.dumps(Profile.model_json_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
