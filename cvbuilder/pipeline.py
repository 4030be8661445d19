"""One build request in, a report out: the cache check, loading, choosing the documents,
compiling, publishing and the PNG pages. The command line only prints the report.

Errors come out as :class:`~cvbuilder.problems.ProfileError` (the profile is wrong),
:class:`~cvbuilder.problems.UsageError` (the command line, environment or an output path is
wrong) or :class:`~cvbuilder.problems.BuildError` (TeX or a tool failed): never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from cvbuilder.request import BuildRequest, Document, Report


def check_environment() -> None:
    from cvbuilder.problems import UsageError
    from cvbuilder.settings import problems

    found = problems()
    if found:
        raise UsageError(found)


def check_out_dir(out: Path) -> None:
    """The output folder must be a folder that can be written, or be creatable (it is created
    only by a build that gets as far as writing)."""
    from cvbuilder.problems import UsageError

    if out.exists() and not out.is_dir():
        raise UsageError([f"{out}: --out must be a folder, and this is not one"])
    existing = out.absolute()
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError([f"{out}: cannot be created, {existing} is not a folder"])
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError([f"{out}: {existing} is not writable"])


def unchanged(request: BuildRequest, report: Report) -> bool:
    """Answer from the build cache when nothing that matters changed (the profile is not even
    loaded): fill ``report`` and return True."""
    from cvbuilder.cache import fresh, load

    documents = fresh(request.out, request.key())
    if documents is None:
        return False
    report.details.append(
        f"{request.out}/.cvbuilder/state.json: inputs, code, TeX unchanged; nothing compiled"
    )
    from cvbuilder.cache import output_file

    for doc in documents:
        pdf = request.out / output_file(doc)
        report.documents.append(Document(doc["name"], pdf, doc.get("layout", ""), doc["pages"],
                                         "unchanged", False))  # fmt: skip
        report.omitted(doc["name"], doc.get("omitted", []))
    report.inputs = [Path(p) for p in load(request.out).get("inputs", {})]
    return True


def run(request: BuildRequest, report: Report | None = None) -> Report:
    """Build what ``request`` asks for; the report says what was written and warned."""
    report = report if report is not None else Report()
    helper = os.environ.get("CVBUILDER_HELPER")
    if helper:
        report.details.append(f"built by the resident helper (pid {helper})")
    check_environment()
    check_out_dir(request.out)
    if not unchanged(request, report):
        _build(request, report)
    if request.png:
        _pngs([d.pdf for d in report.documents], request.out, report)
    return report


def _build(request: BuildRequest, report: Report) -> None:
    from cvbuilder import registry
    from cvbuilder.build import build, select, tailor, unmatched_tags
    from cvbuilder.cache import hashes
    from cvbuilder.files import FileProblem
    from cvbuilder.load.profile import Source
    from cvbuilder.problems import BuildError, ProfileError, UsageError
    from cvbuilder.tex.compile import TexError, TexMissing

    profile, out = request.profile, request.out
    before = hashes([profile])  # taken before reading: an edit during the build is not trusted
    warnings: list = []  # type: ignore[type-arg]
    source = None
    try:  # an unreadable profile or .bib file is a ProfileError from the loader itself
        source = Source(profile, warnings)
        data = source.profile()
    finally:
        for warning in warnings:
            report.warn(str(warning))
        warnings.clear()
    report.details.append(f"{profile}: {len(data.publications)} publications, "
                          f"{len(data.bibliography)} .bib file(s)")  # fmt: skip
    inputs = [profile, *(profile.parent / b for b in data.bibliography)]
    inputs += [Path(data.person.photo)] if data.person.photo else []
    report.inputs = list(inputs)
    inputs += registry.files()  # layouts of other packages too: an edit there rebuilds
    try:
        jobs = select(data, list(request.variants), str(profile))
    except ProfileError as exc:
        raise UsageError(exc.problems) from None
    tags = request.tag_list()
    if tags or request.max_pages or request.sets:
        problems: list = []  # type: ignore[type-arg]
        tailored = []
        for job in jobs:
            try:
                tailored.append(tailor(job, tags, request.max_pages, list(request.sets), data))
            except ProfileError as exc:
                problems += [p for p in exc.problems if p not in problems]
        if problems:
            raise UsageError(problems)
        jobs = tailored
    if request.formats:
        from dataclasses import replace

        jobs = [replace(job, only=tuple(request.formats)) for job in jobs]
    jobs = _in_languages(jobs, request.language, source, data, report)
    for tag in unmatched_tags(data, tags):
        report.warn(f"--tags: tag {tag!r} matches nothing in {profile}")
    notes: list[str] = []
    try:
        results = build(data, jobs, out, request.key(), {**hashes(inputs[1:]), **before}, notes)
    except (TexMissing, TexError) as exc:
        raise BuildError(str(exc)) from None
    except FileProblem as exc:
        raise UsageError([str(exc)]) from None
    except OSError as exc:
        raise BuildError(f"cannot write to {out}: {exc.strerror}") from None
    finally:
        for note in notes:
            report.warn(note)
    for r in results:
        if r.pages == 0:  # Markdown, HTML, plain text, Word
            state = "unchanged" if r.reused else "written"
            report.documents.append(Document(r.name, r.pdf, r.layout, 0, state, not r.reused))
            continue
        runs = f"  ({r.runs} TeX runs to fit the page budget)" if r.runs > 1 else ""
        state = "unchanged" if r.reused else f"{r.seconds:.2f} s{runs}"
        if r.engine == "xelatex":
            from cvbuilder.schema.charset import describe

            why = f" for {describe(r.why, 3)}" if r.why else ""
            state += f", XeLaTeX{why}"
        report.documents.append(Document(r.name, r.pdf, r.layout, r.pages, state, not r.reused))
        report.details.append(f"{r.name}: {'reused' if r.reused else f'{r.runs} TeX run(s)'}; "
                              f"LaTeX source in {out / (r.name + '.tex')}")  # fmt: skip
        report.omitted(r.name, r.omitted)
        for w in r.warnings:
            report.warn(f"{r.name}: {w}")


def _in_languages(jobs: list, language: str | None, source: Any, data: Any, report: Report) -> list:  # type: ignore[type-arg]
    """Each job with the profile in its language: ``--language`` renames the outputs
    (``cv-de.pdf``) so the documents in the default language stay."""
    from dataclasses import replace

    from cvbuilder import locales
    from cvbuilder.problems import UsageError

    if language is not None and not locales.is_tag(language):
        raise UsageError([f"--language {language!r}: not a language tag (e.g. de, zh-Hans)"])
    out = []
    warnings: list = []  # type: ignore[type-arg]
    source.notes = warnings
    try:
        for job in jobs:
            if language is not None:
                variant = job.variant.model_copy(update={"language": language})
                job = replace(job, name=f"{job.name}-{language}", variant=variant)
            tag = job.variant.language or data.default_language
            found = locales.get(tag)
            if found.unknown_language:
                report.warn(f"{job.name}: no locale for {tag!r}; headings and dates in English "
                            f"(`cvbuilder locales` lists them)")  # fmt: skip
            elif found.missing:
                report.warn(f"{job.name}: locale {tag} has no {', '.join(found.missing)}; "
                            "English is used there")  # fmt: skip
            out.append(replace(job, profile=source.profile(job.variant.language)))
    finally:
        for warning in dict.fromkeys(map(str, warnings)):
            report.warn(warning)
    return out


def _pngs(pdfs: list[Path], out: Path, report: Report) -> None:
    """A PNG of every page next to each PDF (see :mod:`cvbuilder.tex.pngs`)."""
    from cvbuilder.files import FileProblem
    from cvbuilder.problems import BuildError, UsageError
    from cvbuilder.tex.pngs import PngError, render

    try:
        for pdf in pdfs:
            written = render(pdf, out)
            report.details.append(
                f"{len(written)} PNG page(s): {', '.join(p.name for p in written)}"
            )
    except PngError as exc:
        raise BuildError(str(exc)) from None
    except FileProblem as exc:
        raise UsageError([str(exc)]) from None
