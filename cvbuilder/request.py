"""A build request and its report, and the one printer for both: shared by the click command
line and the fast path in :mod:`cvbuilder.cli.fast`, so they cannot drift apart (the cache key is
made from :meth:`BuildRequest.choices` by both). Only the standard library is imported here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

DEFAULT_PROFILE = Path("profile.yaml")
DEFAULT_OUT = Path("build")


class BuildRequest:
    """What ``cvbuilder build`` was asked for. (Plain classes here, not dataclasses: importing
    ``dataclasses`` alone costs the fast path a tenth of its time.)"""

    __slots__ = ("formats", "language", "max_pages", "out", "png", "profile", "sets", "tags",
                 "variants")  # fmt: skip

    def __init__(
        self,
        profile: Path = DEFAULT_PROFILE,
        variants: tuple[str, ...] = (),
        tags: str | None = None,
        max_pages: int | None = None,
        sets: tuple[str, ...] = (),
        out: Path = DEFAULT_OUT,
        png: bool = False,
        language: str | None = None,
        formats: tuple[str, ...] = (),
    ) -> None:
        self.profile, self.variants, self.tags, self.max_pages = profile, variants, tags, max_pages
        self.sets, self.out, self.png, self.language = sets, out, png, language
        self.formats = formats  # empty: each variant's own formats

    def choices(self) -> dict[str, Any]:
        """The command-line choices that decide what is written (part of the cache key)."""
        return {"variants": list(self.variants), "tags": self.tags,
                "max_pages": self.max_pages, "sets": list(self.sets),
                "language": self.language, "formats": list(self.formats)}  # fmt: skip

    def key(self) -> str:
        from cvbuilder.cache import request_key

        return request_key(self.profile, self.choices())

    def tag_list(self) -> list[str]:
        return [t.strip() for t in (self.tags or "").split(",") if t.strip()]


_FAST_OPTIONS = {"--variant": "variants", "-v": "variants", "--out": "out", "-o": "out"}
_FAST_FLAGS = {"--quiet": "quiet", "-q": "quiet"}


def fast_request(argv: list[str]) -> tuple[BuildRequest, bool] | None:
    """(request, quiet) for ``build [PROFILE] [-v NAME]... [-o DIR] [-q]``, the only shapes the
    fast path answers; ``None`` for anything else (click then parses the command line)."""
    if not argv or argv[0] != "build":
        return None
    profile, variants, out, quiet = None, [], DEFAULT_OUT, False
    args = iter(argv[1:])
    for arg in args:
        if arg in _FAST_OPTIONS:
            value = next(args, None)
            if value is None or value.startswith("-"):
                return None
            if _FAST_OPTIONS[arg] == "variants":
                variants.append(value)
            else:
                out = Path(value)
        elif arg in _FAST_FLAGS:
            quiet = True
        elif arg.startswith("-") or profile is not None:
            return None
        else:
            profile = arg
    return BuildRequest(
        Path(profile) if profile else DEFAULT_PROFILE, tuple(variants), out=out
    ), quiet


class Document:
    """One document of a build, as the status line shows it: ``state`` is "0.52 s",
    "unchanged", …; ``fresh`` says this build compiled it."""

    __slots__ = ("fresh", "layout", "name", "pages", "pdf", "state")

    def __init__(
        self, name: str, pdf: Path, layout: str, pages: int, state: str, fresh: bool
    ) -> None:
        self.name, self.pdf, self.layout, self.pages = name, pdf, layout, pages
        self.state, self.fresh = state, fresh


class Report:
    """What a build did, for the printer: documents, warnings (text, important), details."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self.warnings: list[tuple[str, bool]] = []
        self.details: list[str] = []
        self.inputs: list[Path] = []

    def warn(self, text: str, important: bool = False) -> None:
        self.warnings.append((text, important))

    def omitted(self, name: str, items: list[str]) -> None:
        """Entries a page budget left out: data the reader will not see, so always shown."""
        if items:
            listed = "".join(f"\n    - {item}" for item in items)
            self.warn(
                f"{name}: left out {len(items)} entries to fit the page budget:{listed}", True
            )


from cvbuilder.printable import STYLE as _STYLE  # noqa: E402
from cvbuilder.printable import echo as _echo  # noqa: E402
from cvbuilder.printable import printable_lines as printable  # noqa: E402


class Printer:
    """Status lines on stdout, details and warnings on stderr, coloured where the stream is a
    terminal. ``quiet`` prints errors and important warnings only; ``verbose`` adds details.
    ``echo`` is ``click.echo`` in the click application and a plain print on the fast path."""

    def __init__(
        self, quiet: bool = False, verbose: bool = False, echo: Callable[..., None] = _echo
    ) -> None:
        self.quiet, self.verbose, self.echo = quiet, verbose, echo

    def print(self, report: Report) -> None:
        for doc in report.documents if not self.quiet else ():
            pages = _paint(f"{doc.pages} page{'s' if doc.pages != 1 else ''}", "bold")
            pdf = _paint(printable(str(doc.pdf)), "green" if doc.fresh else "blue")
            if doc.pages:
                self.echo(f"{pdf}  {doc.layout}  {pages}  {doc.state}")
            else:  # Markdown, HTML, …: no pages
                self.echo(f"{pdf}  {doc.layout}  {doc.state}")
        if self.verbose and not self.quiet:
            for text in report.details:
                self.echo(_paint(f"  {printable(text)}", "dim"), err=True)
        shown = [t for t, important in report.warnings if important or not self.quiet]
        if shown:
            self.echo(_paint(f"{len(shown)} warning(s):", "yellow"), err=True)
            for text in shown:
                self.echo(f"  {printable(text)}", err=True)


def _paint(text: str, style: str) -> str:
    return f"\x1b[{_STYLE[style]}m{text}\x1b[0m"
