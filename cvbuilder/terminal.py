"""What the command line prints: one status line per document, then the warnings, grouped.

``--quiet`` prints errors only; ``--verbose`` adds details. Colours only on a terminal (click
strips them elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import click

from .problems import printable as _printable


def printable(text: str) -> str:
    """``text`` with control characters escaped (see :func:`cvbuilder.problems.printable`), line
    by line: cvbuilder's own multi-line messages keep their newlines."""
    return "\n".join(_printable(line) for line in text.split("\n"))


@dataclass
class Terminal:
    quiet: bool = False
    verbose: bool = False
    warnings: list[str] = field(default_factory=list)
    important: list[str] = field(default_factory=list)  # printed even with --quiet

    def status(self, pdf: str, layout: str, pages: int, state: str, fresh: bool) -> None:
        if self.quiet:
            return
        count = click.style(f"{pages} page{'s' if pages != 1 else ''}", bold=True)
        colour = "green" if fresh else "blue"
        click.echo(f"{click.style(printable(pdf), fg=colour)}  {layout}  {count}  {state}")

    def detail(self, text: str) -> None:
        if self.verbose and not self.quiet:
            click.echo(click.style(f"  {printable(text)}", dim=True), err=True)

    def warn(self, text: str, important: bool = False) -> None:
        """A warning for the end of the run; ``important`` ones (entries a page budget left
        out: data the reader will not see) are printed even with ``--quiet``."""
        self.warnings.append(text)
        if important:
            self.important.append(text)

    def finish(self) -> None:
        """The warnings of the whole run, after the status lines."""
        if self.quiet:
            self.warnings[:] = self.important
        self.important.clear()
        if not self.warnings:
            return
        click.echo(click.style(f"{len(self.warnings)} warning(s):", fg="yellow"), err=True)
        for text in self.warnings:
            click.echo(f"  {printable(text)}", err=True)
        self.warnings.clear()
