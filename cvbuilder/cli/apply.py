"""``cvbuilder apply JOB.yaml…``: the application kit's command (see :mod:`cvbuilder.apply`)."""

from __future__ import annotations

from pathlib import Path

import click

from cvbuilder.cli.common import (
    QUIET,
    VERBOSE,
    BuildFailed,
    UsageProblems,
    _as_click_errors,
    _say,
)

DEFAULT_OUT = Path("build/jobs")


@click.command(name="apply")
@click.argument("jobs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--profile",
    "-p",
    default="profile.yaml",
    type=click.Path(path_type=Path),
    show_default=True,
    help="The profile to apply with.",
)
@click.option(
    "--out",
    "-o",
    default=str(DEFAULT_OUT),
    type=click.Path(path_type=Path),
    show_default=True,
    help="Output folder: each job writes DIR/<job id>/.",
)
@QUIET
@VERBOSE
def apply_(jobs: tuple[Path, ...], profile: Path, out: Path, quiet: bool, verbose: bool) -> None:
    """Build a tailored résumé, a cover letter and a keyword report for each job file.

    Writes DIR/<job id>/resume.pdf, cover-letter.pdf (and statements), their .tex, and
    keywords.txt: one line per keyword, keyword<TAB>found|profile-only|missing<TAB>detail."""
    from cvbuilder.apply.run import PartlyFailed, apply
    from cvbuilder.load.profile import Source
    from cvbuilder.pipeline import check_environment, check_out_dir
    from cvbuilder.request import Document, Printer, Report

    report = Report()
    apps = []
    failure = None
    try:
        with _as_click_errors():
            check_environment()
            check_out_dir(out)
            missing = [f"{j}: no such job file" for j in jobs if not j.exists()]
            if missing:
                raise UsageProblems(missing)
            warnings: list = []  # type: ignore[type-arg]
            try:
                source = Source(profile, warnings)
                apps = apply(source, list(jobs), out, report.warn)
            except PartlyFailed as exc:
                apps, failure = exc.done, str(exc)
            finally:
                for warning in dict.fromkeys(map(str, warnings)):
                    report.warn(warning)
        for app in apps:
            for r in app.results:
                state = "unchanged" if r.reused else f"{r.seconds:.2f} s"
                report.documents.append(Document(r.name, r.pdf, r.layout, r.pages, state,
                                                 not r.reused))  # fmt: skip
                report.omitted(f"{app.id}/{r.name}", r.omitted)
                for w in r.warnings:
                    report.warn(f"{app.id}/{r.name}: {w}")
    finally:
        Printer(quiet, verbose, click.echo).print(report)
    for app in apps:
        if not quiet:
            for k in app.keywords:
                detail = f"  {k.detail}" if k.detail else ""
                _say(f"  {k.status:<12}  {k.keyword}{detail}", err=False)
        _say(app.summary, err=False)
    if failure is not None:
        raise BuildFailed(failure)
