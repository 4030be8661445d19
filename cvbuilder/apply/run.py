"""``cvbuilder apply``: each job file → ``DIR/<job id>/`` with the tailored résumé, the cover
letter, statements, their ``.tex`` and ``keywords.txt``. Jobs build in parallel; within a job
every document compiles before any is written (see :func:`cvbuilder.build.build`), and a
document whose LaTeX did not change is not compiled again."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from cvbuilder import settings
from cvbuilder.apply.job import LETTER, LETTER_FILE
from cvbuilder.apply.keywords import Matcher, extract
from cvbuilder.apply.load import JobFile, load_jobs
from cvbuilder.apply.report import Keyword, Shown, classify, pdf_text, summary
from cvbuilder.apply.tailor import tailor
from cvbuilder.build import Job, build
from cvbuilder.problems import BuildError
from cvbuilder.render.latex import prose
from cvbuilder.schema.model import Profile, Variant
from cvbuilder.select.variants import resolve
from cvbuilder.tex.compile import Compiled

NAMES = {"resume": "résumé", "cv": "CV", LETTER_FILE: "letter"}
"""How the summary line names the usual documents."""


@dataclass
class Application:
    """What one job file made."""

    id: str
    folder: Path
    results: list[Compiled] = field(default_factory=list)
    keywords: list[Keyword] = field(default_factory=list)
    summary: str = ""


class PartlyFailed(BuildError):
    """Some jobs failed (the message says which and why); ``done`` are the others, written."""

    def __init__(self, message: str, done: list[Application]) -> None:
        super().__init__(message)
        self.done = done


def apply(source: Any, paths: list[Path], out: Path, warn: Any) -> list[Application]:
    """Build every job of ``paths`` for the profile ``source`` (a
    :class:`~cvbuilder.load.profile.Source`) into ``out``; ``warn(text)`` hears what the user
    should. Problems in the job files are one :class:`ProfileError` before anything is built;
    a job whose documents fail is :class:`PartlyFailed`, raised after the others are written."""

    profile = source.profile()
    jobs = load_jobs(paths, profile)
    for job in jobs:  # each language validated once, before the threads
        source.profile(job.language)
    done: list[Application] = []
    failed: list[str] = []
    with ThreadPoolExecutor(max_workers=settings.jobs()) as pool:
        futures = [(job, pool.submit(one, source, job, out)) for job in jobs]
        for job, future in futures:
            try:
                done.append(future.result())
            except BuildError as exc:
                failed.append(f"{job.id} ({job.path}): {exc}")
    for job in jobs:
        if LETTER in job.job.wanted and job.job.date is None and _epoch_date() is None:
            warn(f"{job.path}: the letter has no date (set date: or SOURCE_DATE_EPOCH)")
        unknown = sorted(set(job.job.tags) - _tags(profile))
        if unknown:
            warn(f"{job.path}: tags: {', '.join(unknown)} match no entry of the profile")
    if failed:
        raise PartlyFailed("\n\n".join(failed), done)
    return done


def _tags(profile: Profile) -> set[str]:
    from cvbuilder.apply.tailor import entries

    return {t for _, _, e in entries(profile) for t in e.tags}


def one(source: Any, job: JobFile, out: Path) -> Application:
    """One job: tailor, build its documents, read the résumé back for the keyword report."""
    from cvbuilder.build import TexMissingParts
    from cvbuilder.files import FileProblem, write_output
    from cvbuilder.select.budget import BudgetError
    from cvbuilder.tex.compile import TexError, TexMissing

    spec = job.job
    profile = source.profile(job.language)
    language = spec.language or profile.default_language
    matcher = Matcher(language, spec.synonyms)
    keywords = list(spec.keywords)
    if not keywords:  # the company's own name is no skill to look for
        company = matcher.index(spec.company)
        keywords = [k for k in extract(job.posting, language) if not company.has(k)]
    tailored = tailor(profile, spec.tags, keywords, matcher)
    documents = plan(job, profile, tailored)
    folder = out / job.id
    try:
        results = build(profile, documents, folder)
    except (TexMissing, TexMissingParts, TexError, BudgetError) as exc:
        raise BuildError(str(exc)) from None
    except FileProblem as exc:
        raise BuildError(str(exc)) from None
    except OSError as exc:
        raise BuildError(f"cannot write to {folder}: {exc.strerror or exc}") from None
    app = Application(job.id, folder, results)
    resume = next((r for r in results if r.name in resolve(profile)), None)
    if resume is not None and keywords:
        variant = next(d.variant for d in documents if d.name == resume.name)
        shown = _shown(tailored, variant, resume.omitted)
        app.keywords = classify(keywords, pdf_text(resume.pdf), tailored, matcher, shown)
        try:
            write_output(folder / "keywords.txt", "".join(k.line() + "\n" for k in app.keywords))
        except FileProblem as exc:
            raise BuildError(str(exc)) from None
    pages = [(NAMES.get(r.name, r.name), r.pages) for r in results]
    target = NAMES.get(resume.name, resume.name) if resume is not None else "résumé"
    app.summary = summary(job.id, pages, app.keywords, target)
    return app


def _shown(tailored: Profile, variant: Variant, omitted: list[str]) -> Shown:
    """What the variant made of the tailored profile, for the keyword report."""
    from cvbuilder import locales
    from cvbuilder.render.variant import locale_for, prepare
    from cvbuilder.schema.sections import DROPPABLE

    with locales.using(locale_for(tailored, variant)):
        _, filtered, options = prepare(tailored, variant)
    kept = set()
    for section in DROPPABLE:
        ids = {id(e) for e in getattr(filtered, section)}
        kept |= {(section, i) for i, e in enumerate(getattr(tailored, section)) if id(e) in ids}
    return Shown(frozenset(options.sections), frozenset(kept), tuple(omitted))


def plan(job: JobFile, profile: Profile, tailored: Profile) -> list[Job]:
    """The documents of one job: profile variants from the tailored profile, the letter and
    statements in the same layout (the job's, else the first variant's, else the résumé's)."""
    spec = job.job
    variants = resolve(profile)
    asked = [variants[d] for d in spec.wanted if d in variants]
    layout = spec.layout or (asked[0] if asked else variants["resume"]).layout
    language = spec.language
    prose_variant = Variant(
        layout=layout, language=language or (asked[0].language if asked else None)
    )
    values = _values(job, profile)
    out = []
    for name in spec.wanted:
        if name in variants:
            own = profile.variants.get(name)
            chosen = own is not None and "selected_only" in own.model_fields_set
            variant = variants[name].model_copy(
                update={"layout": spec.layout or variants[name].layout,
                        "language": language or variants[name].language,
                        # every publication competes on relevance, unless the profile says not
                        "selected_only": variants[name].selected_only and chosen}
            )  # fmt: skip
            out.append(Job(name, variant, tailored))
        elif name == LETTER and spec.letter is not None:
            letter = spec.letter
            files = {}
            suffix = None
            if job.signature is not None:
                suffix = job.signature.suffix.lower().lstrip(".")
                files[f"{prose.SIGNATURE}.{suffix}"] = job.signature
            recipient = spec.recipient
            parts = prose.LetterParts(
                body=letter.body,
                values=values,
                recipient=[x for x in (recipient.name, recipient.title, recipient.organization,
                                       *recipient.address) if x],
                date=spec.date or _epoch_date(),
                subject=letter.subject,
                salutation=letter.salutation,
                closing=letter.closing,
                signature=suffix,
                max_pages=letter.max_pages,
            )  # fmt: skip
            compose = partial(_letter, parts=parts)
            out.append(Job(LETTER_FILE, prose_variant, profile, compose, files, letter.max_pages))
        else:
            statement = spec.statements[name]
            parts_s = prose.StatementParts(
                statement.title, [(s.heading, s.body) for s in statement.sections], values
            )
            compose = partial(_statement, parts=parts_s)
            out.append(Job(name, prose_variant, profile, compose, {}, statement.max_pages))
    return out


def _letter(layout: Any, profile: Profile, options: Any, parts: prose.LetterParts) -> Any:
    return prose.letter(layout, profile, options, parts)


def _statement(layout: Any, profile: Profile, options: Any, parts: prose.StatementParts) -> Any:
    return prose.statement(layout, profile, options, parts)


def _values(job: JobFile, profile: Profile) -> dict[str, str]:
    spec, recipient = job.job, job.job.recipient
    values = {"company": spec.company, "role": spec.role, "name": profile.person.name,
              "recipient.name": recipient.name, "recipient.title": recipient.title,
              "recipient.organization": recipient.organization}  # fmt: skip
    return {k: v for k, v in values.items() if v}


def _epoch_date() -> Any:
    """The letter's date when the job file gives none: ``SOURCE_DATE_EPOCH``'s day, never the
    clock (a rebuild tomorrow must not change the letter)."""
    from cvbuilder.schema.dates import PartialDate

    day = settings.source_time()
    return PartialDate(day.year, day.month, day.day) if day is not None else None
