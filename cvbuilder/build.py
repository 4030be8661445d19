"""Profile → LaTeX → PDFs. Everything is generated and compiled first; outputs are
written only when every requested document compiled (Pelican's rule)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from cvbuilder import cache, settings
from cvbuilder.files import FileProblem
from cvbuilder.problems import Problem, ProfileError
from cvbuilder.render.variant import Compose, field_with, render_job
from cvbuilder.render.variant import render as render  # re-exported: tests, bench
from cvbuilder.render.variant import render_variant as render_variant
from cvbuilder.schema.charset import describe
from cvbuilder.schema.model import Profile, Variant
from cvbuilder.select.tall import name_tall_entries
from cvbuilder.select.variants import resolve
from cvbuilder.tex import engines, formats
from cvbuilder.tex.compile import Compiled, TexError, compile_to, lost_characters
from cvbuilder.tex.publish import discard


@dataclass(frozen=True)
class Job:
    """One document to write: ``out_dir/<name>.pdf`` made from ``variant``; ``profile`` is the
    profile in the variant's language (None: the profile :func:`build` is given)."""

    name: str
    variant: Variant
    profile: Profile | None = None
    compose: Compose | None = None
    """Another kind of document in the variant's layout (a letter); see render_job."""
    files: Mapping[str, Path] = field(default_factory=dict)
    """More files beside the .tex (a signature image), by the name the document uses."""
    limit: int | None = None
    """Pages a prose document may have: more is an error that says by how many lines."""
    only: tuple[str, ...] | None = None
    """The formats to write (``build --format``); None: the variant's ``formats``."""

    @property
    def formats(self) -> tuple[str, ...]:
        return self.only if self.only is not None else tuple(self.variant.formats)


class TexMissingParts(TexError):
    """The engine a document needs is not (fully) installed; the message says how to install."""


def select(profile: Profile, wanted: list[str] | None, filename: str) -> list[Job]:
    variants = resolve(profile)
    unknown = [w for w in wanted or [] if w not in variants]
    if unknown:
        available = ", ".join(variants)
        raise ProfileError(
            [
                Problem(
                    filename,
                    None,
                    None,
                    "variants",
                    f"no variant named {u!r}; available: {available}",
                )
                for u in unknown
            ]
        )
    names = list(dict.fromkeys(wanted)) if wanted else list(variants)
    return [Job(name, variants[name]) for name in names]


def unmatched_tags(profile: Profile, tags: list[str]) -> list[str]:
    """The ``--tags`` that no entry of the profile carries (almost always a typo)."""
    used: set[str] = set()
    for section in profile.section_names():
        value = getattr(profile, section, None)
        for entry in value if isinstance(value, list) else ():
            used.update(getattr(entry, "tags", ()) or ())
    return [t for t in tags if t not in used]


def attachments(profile: Profile) -> dict[str, Path]:
    """Files a document needs beside its .tex: the photo, under the name the layout uses."""
    from cvbuilder.render.latex.blocks import PHOTO

    if not profile.person.photo:
        return {}
    path = Path(profile.person.photo)
    return {f"{PHOTO}.{path.suffix.lower().lstrip('.')}": path}


def make(profile: Profile, job: Job, out_dir: Path) -> Compiled:
    """Compile one job; with a page budget, fit it (see :mod:`cvbuilder.select.budget`). A document
    whose LaTeX is the same as last time, with its PDF untouched, is not compiled again."""
    from cvbuilder.cache import last_pages, previous_document

    started = time.perf_counter()
    profile = job.profile or profile
    r = render_job(profile, job.variant, job.name, job.compose)
    tex, filtered, options = r.tex, r.profile, r.options
    files = {**attachments(profile), **job.files}
    source = hashlib.sha256(
        f"{tex}\0{job.variant.max_pages}\0{cache.tex_fingerprint(r.engine.binary)}".encode()
    )
    for path in files.values():
        source.update(path.read_bytes())
    if job.variant.max_pages is not None:  # what a budget leaves out: priorities, relevance
        from cvbuilder.select.ranking import drop_order

        source.update(repr(drop_order(filtered)).encode())
    previous = previous_document(out_dir, job.name, source.hexdigest())
    if previous is not None:
        result = Compiled(job.name, out_dir / f"{job.name}.pdf", previous["pages"], 0.0, runs=0,
                          omitted=previous.get("omitted", []), reused=True,
                          digest=previous["pdf"], engine=r.engine.name)  # fmt: skip
    else:
        lacking = engines.missing(r.engine) if r.engine is not engines.DEFAULT else None
        if lacking:  # (a missing pdfLaTeX is reported by compile_to, with what to install)
            raise TexMissingParts(f"{job.name}: {lacking}")
        if job.variant.max_pages is None:
            hint = last_pages(out_dir, job.name) or formats.page_hint(job.name)
            result = compile_to(tex, job.name, out_dir, files, engine=r.engine, pages=hint)
            if job.limit is not None and result.pages > job.limit:
                from cvbuilder.select.budget import BudgetError, too_long

                discard(result)
                raise BudgetError(too_long(result, job.limit))
        else:
            from cvbuilder.select.budget import fit

            fitted = fit(
                filtered,
                options,
                r.layout.TIGHTEST,
                job.variant.max_pages,
                # The first attempt is the document already rendered: do not render it twice.
                lambda p, o: compile_to(
                    tex if (p is filtered and o is options) else r.latex(p, o),
                    job.name,
                    out_dir,
                    files,
                    engine=r.engine,
                ),
            )
            result = fitted.result
            result.runs, result.omitted = fitted.runs, fitted.omitted
            result.fill = fitted.fill
    if not result.reused:
        result.warnings = name_tall_entries(result.warnings, result.log, result.pages, filtered)
        result.warnings += [
            f"left out {describe(lost)} in {field_with(filtered, lost[0])}: no font has it"
            for lost in [lost_characters(result.log)]
            if lost
        ]
    result.why = r.why
    if not result.reused:
        result.warnings += r.notes
    result.seconds = time.perf_counter() - started
    result.source, result.layout = source.hexdigest(), job.variant.layout or ""
    return result


_PER_SECTION = {"max_items": "max_items", "title": "titles"}


def tailor(
    job: Job, tags: list[str], max_pages: int | None, sets: list[str], profile: Profile
) -> Job:
    """A job changed from the command line: ``--tags`` (output renamed so the untailored
    document stays), ``--max-pages`` and ``--set KEY=VALUE`` (a dotted path into the variant,
    or ``SECTION.max_items`` / ``SECTION.title``)."""
    import yaml
    from pydantic import ValidationError

    from cvbuilder.load.messages import error_message
    from cvbuilder.problems import format_path
    from cvbuilder.select.variants import check_variants

    data = job.variant.model_dump()
    name = job.name
    problems: list[Problem] = []
    if tags:
        data["tags"] = tags
        name = f"{name}-{'-'.join(tags)}"
    if max_pages is not None:
        data["max_pages"] = max_pages
    for item in sets:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            problems.append(Problem("--set", None, None, item, "expected KEY=VALUE"))
            continue
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        target = data
        parts = key.strip().split(".")
        if len(parts) == 2 and parts[0] in profile.section_names() and parts[1] in _PER_SECTION:
            parts = [_PER_SECTION[parts[1]], parts[0]]  # publications.max_items → max_items.…
        *parents, last = parts
        for part in parents:
            if not isinstance(target.get(part), dict):
                target[part] = {}
            target = target[part]
        target[last] = value

    variant = job.variant
    try:
        variant = Variant.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            where = format_path(err["loc"])
            problems.append(Problem("command line", None, None, where, error_message(err, Variant)))
    else:  # the same cross-checks as a profile's variants: layout, section names, options
        extra = [{"id": s.id} for s in profile.extra_sections]
        for loc, message in check_variants({"variants": {job.name: data}, "extra_sections": extra}):
            where = format_path(loc[2:])
            problems.append(Problem("command line", None, None, where, message))
    if problems:
        raise ProfileError(problems)
    return Job(name, variant)


def build(
    profile: Profile,
    jobs: list[Job | str],
    out_dir: Path,
    key: str = "",
    inputs: dict[str, str | None] | None = None,
    notes: list[str] | None = None,
) -> list[Compiled]:
    """Compile every job (in parallel), then publish all of them or none, and remember what
    was written (see :mod:`cvbuilder.cache`; ``key`` and ``inputs`` enable the fast path).
    ``notes`` receives what the user should hear about an earlier, interrupted build."""
    from cvbuilder.cache import record
    from cvbuilder.outputs import write as text_outputs
    from cvbuilder.select.budget import BudgetError
    from cvbuilder.tex import later
    from cvbuilder.tex.publish import check_outputs, interrupted, publish_all
    from cvbuilder.tex.workdir import private_dir

    variants = resolve(profile)
    jobs = [j if isinstance(j, Job) else Job(j, variants[j]) for j in jobs]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a path problem of the command line, not a failed build
        raise FileProblem(f"{out_dir}: cannot create the output folder ({exc.strerror})") from None
    check_outputs([job.name for job in jobs if "pdf" in job.formats], out_dir)  # before any work
    text_outputs.check(jobs, out_dir)  # Markdown, HTML, … too: nothing half-done
    private_dir(out_dir).mkdir(exist_ok=True)
    if notes is not None:
        notes.extend(interrupted(out_dir))
    results: list[Compiled] = []
    texts: list[text_outputs.Made] = []
    errors: list[str] = []
    try:
        with ThreadPoolExecutor(max_workers=settings.jobs()) as pool:  # documents in parallel
            futures = [(job, pool.submit(make, profile, job, out_dir))
                       for job in jobs if "pdf" in job.formats]  # fmt: skip
            texts = [text_outputs.make(profile, job, fmt, out_dir)
                     for job in jobs for fmt in job.formats if fmt != "pdf"]  # fmt: skip
            for job, future in futures:
                try:
                    results.append(future.result())
                except TexMissingParts as exc:
                    errors.append(str(exc))
                except TexError as exc:
                    failed = out_dir / "failed"
                    errors.append(f"{exc}\n(the failing .tex and .log are in {failed})")
                except BudgetError as exc:
                    errors.append(f"{job.name}: {exc}")
        if errors:
            raise TexError("\n\n".join(errors))
        publish_all(results, out_dir)
        text_outputs.publish(texts)
        later.start(r.later for r in results if r.later)  # formats none of the stores had
        formats.remember_pages({r.name: r.pages for r in results if r.pages and not r.reused})
        results += [item.result for item in texts]
    finally:
        for r in results:
            discard(r)  # what was not published goes with its work folder
    documents = [
        {"name": r.name, "layout": r.layout, "source": r.source, "pages": r.pages,
         "omitted": r.omitted, "pdf": r.digest, "file": r.pdf.name}
        for r in results
    ]  # fmt: skip
    record(out_dir, documents, key, inputs)
    return results
