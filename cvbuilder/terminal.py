"""What the command line prints: one status line per document, then the warnings, grouped.

``--quiet`` prints errors only; ``--verbose`` adds details. Colours only on a terminal (click
strips them elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import click


@dataclass
class Terminal:
    quiet: bool = False
    verbose: bool = False
    warnings: list[str] = field(default_factory=list)

    def status(self, pdf: str, layout: str, pages: int, state: str, fresh: bool) -> None:
        if self.quiet:
            return
        count = click.style(f"{pages} page{'s' if pages != 1 else ''}", bold=True)
        colour = "green" if fresh else "blue"
        click.echo(f"{click.style(pdf, fg=colour)}  {layout}  {count}  {state}")

    def detail(self, text: str) -> None:
        if self.verbose and not self.quiet:
            click.echo(click.style(f"  {text}", dim=True), err=True)

    def warn(self, text: str) -> None:
        self.warnings.append(text)

    def finish(self) -> None:
        """The warnings of the whole run, after the status lines."""
        if self.quiet or not self.warnings:
            self.warnings.clear()
            return
        click.echo(click.style(f"{len(self.warnings)} warning(s):", fg="yellow"), err=True)
        for text in self.warnings:
            click.echo(f"  {text}", err=True)
        self.warnings.clear()
