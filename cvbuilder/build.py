"""Profile → LaTeX → PDFs. Everything is generated and compiled first; outputs are
written only when every requested document compiled (Pelican's rule)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cache, registry, settings
from .compile import Compiled, TexError, compile_to, discard
from .model import Profile, Variant
from .problems import Problem, ProfileError
from .variants import apply, options_for, resolve


@dataclass(frozen=True)
class Job:
    """One document to write: ``out_dir/<name>.pdf`` made from ``variant``."""

    name: str
    variant: Variant


def last_updated(profile: Profile) -> str | None:
    """The 'last updated' date: the profile's, else ``SOURCE_DATE_EPOCH``'s; never the clock."""
    if profile.updated:
        return profile.updated.display()
    epoch = settings.source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%b %Y")
    return None


def prepare(profile: Profile, variant: Variant) -> tuple[Any, Profile, Any]:
    """(layout module, profile filtered for the variant, validated layout options)."""
    options = options_for(profile, variant, last_updated(profile))
    return registry.get(variant.layout), apply(profile, variant, options.sections), options


def render_variant(profile: Profile, variant: Variant) -> str:
    """The ``.tex`` source of one variant (before any page-budget trimming)."""
    layout, filtered, options = prepare(profile, variant)
    return layout.build(filtered, options).dumps()


def render(profile: Profile, name: str) -> str:
    return render_variant(profile, resolve(profile)[name])


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
    from .blocks import PHOTO

    if not profile.person.photo:
        return {}
    path = Path(profile.person.photo)
    return {f"{PHOTO}.{path.suffix.lower().lstrip('.')}": path}


def make(profile: Profile, job: Job, out_dir: Path) -> Compiled:
    """Compile one job; with a page budget, fit it (see :mod:`cvbuilder.budget`). A document
    whose LaTeX is the same as last time, with its PDF untouched, is not compiled again."""
    from .cache import previous_document

    started = time.perf_counter()
    layout, filtered, options = prepare(profile, job.variant)
    tex = layout.build(filtered, options).dumps()
    files = attachments(profile)
    source = hashlib.sha256(f"{tex}\0{job.variant.max_pages}\0{cache.tex_fingerprint()}".encode())
    for path in files.values():
        source.update(path.read_bytes())
    previous = previous_document(out_dir, job.name, source.hexdigest())
    if previous is not None:
        result = Compiled(job.name, out_dir / f"{job.name}.pdf", previous["pages"], 0.0, runs=0,
                          omitted=previous.get("omitted", []), reused=True,
                          digest=previous["pdf"])  # fmt: skip
    elif job.variant.max_pages is None:
        result = compile_to(tex, job.name, out_dir, files)
    else:
        from .budget import fit

        fitted = fit(
            filtered,
            options,
            getattr(layout, "TIGHTEST", {}),
            job.variant.max_pages,
            # The first attempt is the document already rendered above: do not render it twice.
            lambda p, o: compile_to(
                tex if (p is filtered and o is options) else layout.build(p, o).dumps(),
                job.name,
                out_dir,
                files,
            ),
        )
        result = fitted.result
        result.runs, result.omitted = fitted.runs, fitted.omitted
    if not result.reused:
        result.warnings = name_tall_entries(result.warnings, tex, filtered)
    result.seconds = time.perf_counter() - started
    result.source, result.layout = source.hexdigest(), job.variant.layout or ""
    return result


_TALL = re.compile(r"^Overfull \\vbox \(([\d.]+)pt too high\) (?:detected at line (\d+))?")
_MARK = re.compile(r"\\cvmark\{([a-z_]+):(\d+)\}")


def name_tall_entries(warnings: list[str], tex: str, profile: Profile) -> list[str]:
    """TeX's "Overfull \\vbox … detected at line N" for an entry taller than a page (5,000
    authors) becomes a warning naming that entry; the page-output echoes of it are dropped."""
    from .budget import describe

    lines = tex.splitlines()
    named: list[str] = []
    out: list[str] = []
    for warning in warnings:
        m = _TALL.match(warning)
        if m is None:
            out.append(warning)
            continue
        if m[2] is None:  # "has occurred while \output is active": the same overflow again
            continue
        marks = [_MARK.findall(line) for line in lines[: int(m[2])]]
        last = next((found[-1] for found in reversed(marks) if found), None)
        if last is None or last[1] == "end" or not last[1].isdigit():
            out.append(warning)
            continue
        try:
            what = describe(profile, last[0], int(last[1]))
        except (KeyError, IndexError, AttributeError):
            what = f"{last[0]}[{last[1]}]"
        named.append(
            f"{what}: this entry is taller than a page ({float(m[1]):.0f} pt too tall) and runs "
            "off it; shorten it (for a long author list: options.max_authors)"
        )
    return out + list(dict.fromkeys(named))


_PER_SECTION = {"max_items": "max_items", "title": "titles"}


def tailor(
    job: Job, tags: list[str], max_pages: int | None, sets: list[str], profile: Profile
) -> Job:
    """A job changed from the command line: ``--tags`` (output renamed so the untailored
    document stays), ``--max-pages`` and ``--set KEY=VALUE`` (a dotted path into the variant,
    or ``SECTION.max_items`` / ``SECTION.title``)."""
    import yaml
    from pydantic import ValidationError

    from .loader import error_message
    from .problems import format_path
    from .variants import check_variants

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
    from .budget import BudgetError
    from .cache import record
    from .compile import check_outputs, interrupted, private_dir, publish_all

    variants = resolve(profile)
    jobs = [j if isinstance(j, Job) else Job(j, variants[j]) for j in jobs]
    out_dir.mkdir(parents=True, exist_ok=True)
    check_outputs([job.name for job in jobs], out_dir)  # before any work: nothing half-done
    private_dir(out_dir).mkdir(exist_ok=True)
    if notes is not None:
        notes.extend(interrupted(out_dir))
    results: list[Compiled] = []
    errors: list[str] = []
    try:
        with ThreadPoolExecutor(max_workers=settings.jobs()) as pool:  # documents in parallel
            futures = [(job, pool.submit(make, profile, job, out_dir)) for job in jobs]
            for job, future in futures:
                try:
                    results.append(future.result())
                except TexError as exc:
                    failed = out_dir / "failed"
                    errors.append(f"{exc}\n(the failing .tex and .log are in {failed})")
                except BudgetError as exc:
                    errors.append(f"{job.name}: {exc}")
        if errors:
            raise TexError("\n\n".join(errors))
        publish_all(results, out_dir)
    finally:
        for r in results:
            discard(r)  # what was not published goes with its work folder
    documents = [
        {"name": r.name, "layout": r.layout, "source": r.source, "pages": r.pages,
         "omitted": r.omitted, "pdf": r.digest}
        for r in results
    ]  # fmt: skip
    record(out_dir, documents, key, inputs)
    return results
