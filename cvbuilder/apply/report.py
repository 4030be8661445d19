"""The keyword report: for each keyword of the posting, whether the résumé's PDF says it (read
back from its text layer, as an applicant tracking system would), only the profile does (and
which entry, and why it is not in the résumé), or nothing does."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cvbuilder.apply.keywords import Matcher
from cvbuilder.apply.tailor import Where
from cvbuilder.problems import BuildError
from cvbuilder.schema.model import Profile
from cvbuilder.select.budget import describe

FOUND, PROFILE_ONLY, MISSING = "found", "profile-only", "missing"


@dataclass(frozen=True)
class Keyword:
    keyword: str
    status: str  # FOUND, PROFILE_ONLY or MISSING
    detail: str

    def line(self) -> str:
        """``keyword<TAB>status<TAB>detail``: one line of ``keywords.txt``."""
        return "\t".join(" ".join(x.split()) for x in (self.keyword, self.status, self.detail))


def pdf_text(pdf: Path) -> str:
    """The text layer of ``pdf``, in reading order (pdftotext, as the ATS tests read it)."""
    program = shutil.which("pdftotext")
    if program is None:
        raise BuildError("the keyword report reads the résumé with pdftotext "
                         "(Debian: apt-get install poppler-utils)")  # fmt: skip
    try:
        done = subprocess.run([program, "-q", "-enc", "UTF-8", str(pdf), "-"],
                              capture_output=True, timeout=120, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        raise BuildError(f"{pdf}: pdftotext ran too long and was stopped") from None
    if done.returncode != 0:
        raise BuildError(f"{pdf}: pdftotext could not read it")
    return done.stdout.decode("utf-8", "replace")


@dataclass(frozen=True)
class Shown:
    """What the résumé was made of: its sections, and the entries of the tailored profile its
    filters kept (before the page budget), as (section, index)."""

    sections: frozenset[str]
    kept: frozenset[tuple[str, int]]
    omitted: tuple[str, ...]  # what the page budget left out, as the build describes it


def classify(
    keywords: Sequence[str], text: str, profile: Profile, matcher: Matcher, shown: Shown
) -> list[Keyword]:
    """Each keyword against the résumé's ``text`` and the ``profile`` it was made from."""
    in_pdf = matcher.index(text)
    where = Where(profile, matcher)
    out = []
    for keyword in dict.fromkeys(keywords):
        seen = in_pdf.where(keyword)
        if seen is not None:
            same = " ".join(seen.split()).casefold() == keyword.casefold()
            out.append(Keyword(keyword, FOUND, "" if same else f"as {seen}"))
            continue
        holders = where.holders(keyword)
        if not holders:
            out.append(Keyword(keyword, MISSING, "not in the profile"))
            continue
        holders.sort(key=lambda h: h[0] not in shown.sections)  # the résumé's sections first
        out.append(Keyword(keyword, PROFILE_ONLY, _why(profile, holders, shown)))
    return out


def _why(profile: Profile, holders: list[tuple[str, int | None]], shown: Shown) -> str:
    """The entry that has the keyword, and why the résumé does not show it."""
    section, index = holders[0]
    more = f" (and {len(holders) - 1} more)" if len(holders) > 1 else ""
    name = section if index is None else _clip(describe(profile, section, index))
    if section not in shown.sections:
        why = f"the résumé has no {section} section"
    elif index is None:
        why = "not printed in the résumé"
    elif (section, index) not in shown.kept:
        why = "left out by the résumé's filters (tags, since, max_items)"
    elif any(o.split(" — ")[0] == describe(profile, section, index) for o in shown.omitted):
        why = "left out by the page budget"
    else:
        why = "in the résumé's source, not in its text layer"
    return f"{name}{more}: {why}"


def _clip(text: str, size: int = 90) -> str:
    text = " ".join(text.replace("**", "").replace("*", "").split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def summary(
    job_id: str, pages: Sequence[tuple[str, int]], report: Sequence[Keyword], target: str = "résumé"
) -> str:
    """``acme-ml: résumé 1 page, letter 1 page, 14/18 keywords in the résumé, 2 only in the
    profile, 2 missing: Go, Terraform``; ``target`` is the document the keywords were checked in."""
    parts = [f"{name} {n} page{'s' if n != 1 else ''}" for name, n in pages]
    if report:
        found = sum(k.status == FOUND for k in report)
        only = sum(k.status == PROFILE_ONLY for k in report)
        missing = [k.keyword for k in report if k.status == MISSING]
        parts.append(f"{found}/{len(report)} keywords in the {target}")
        parts.append(f"{only} only in the profile")
        parts.append(f"{len(missing)} missing" + (f": {', '.join(missing)}" if missing else ""))
    else:
        parts.append("no keywords (give keywords: or a posting:)")
    return f"{job_id}: {', '.join(parts)}"
