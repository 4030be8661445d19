"""What the command line prints: one status line per document, then the warnings, grouped.

``--quiet`` prints errors only; ``--verbose`` adds details. Colours only on a terminal (click
strips them elsewhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import click

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    r"""``text`` with control characters shown as ``\x1b``-style escapes: a profile or .bib file
    must not move the cursor, recolour the terminal or reorder a line (bidi overrides).
    Newlines stay: cvbuilder's own multi-line messages use them."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text)  # fmt: skip


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
