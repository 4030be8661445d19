"""What every command shares: the profile argument, the click exceptions that carry exit codes
(2 for usage and profile problems, one line each; 1 for build failures), and safe output."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

PROFILE = click.argument("profile", default="profile.yaml", type=click.Path(path_type=Path))
QUIET = click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
VERBOSE = click.option("--verbose", is_flag=True, help="Print what each step did.")


def _formats(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    """``pdf,md,html`` → the formats, each known, in order, once."""
    from cvbuilder.outputs import FORMATS

    if value is None:
        return ()
    found = [f.strip().lower().lstrip(".") for f in value.split(",") if f.strip()]
    wrong = [f for f in found if f not in FORMATS]
    if wrong or not found:
        raise click.BadParameter(
            f"{', '.join(wrong) or 'nothing'}: choose from {', '.join(FORMATS)}"
        )
    return tuple(dict.fromkeys(found))


FORMAT = click.option(
    "--format",
    "formats",
    metavar="pdf,md,html,txt,docx",
    callback=_formats,
    help="Formats to write, comma-separated (default: each variant's formats, which default "
    "to pdf).",
)


class ProfileProblems(click.ClickException):
    """Exit status 2: the profile (or the command line) is wrong; one line per problem."""

    exit_code = 2

    def __init__(self, problems: list) -> None:  # type: ignore[type-arg]
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        from cvbuilder.request import printable

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
        from cvbuilder.request import printable

        return printable(self.message)


def _say(text: str, err: bool = True) -> None:
    """Print a line that carries text from a user's file, its control characters escaped."""
    from cvbuilder.request import printable

    click.echo(printable(text), err=err)


def _load(  # type: ignore[no-untyped-def]
    path: Path, language: str | None = None, all_languages: bool = False
):
    """The validated profile (in ``language``) for commands other than ``build``; warnings
    printed after. ``all_languages``: also validate it in every variant's language."""
    from cvbuilder.load.profile import Source
    from cvbuilder.problems import ProfileError
    from cvbuilder.request import Printer, Report

    report = Report()
    warnings: list = []  # type: ignore[type-arg]
    try:
        from cvbuilder.locales import is_tag

        if language is not None and not is_tag(language):
            raise UsageProblems([f"--language {language!r}: not a language tag (e.g. de, zh-Hans)"])
        source = Source(path, warnings)
        profile = source.profile(language)
        if all_languages:
            from cvbuilder.select.variants import resolve

            for variant in resolve(profile).values():
                source.profile(variant.language)
        return profile
    except ProfileError as exc:  # unreadable files included: the loader words them
        raise ProfileProblems(exc.problems) from None
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
