"""``cvbuilder apply``: real PDFs, read back. The letter's parts, the tailoring, the keyword
report against the résumé's text layer, and that nothing outside the profile is printed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvbuilder import registry
from cvbuilder.apply.keywords import Matcher
from cvbuilder.apply.run import apply
from cvbuilder.cli.commands import main
from cvbuilder.load.profile import Source
from cvbuilder.problems import BuildError
from tests.conftest import ROOT, flat, pdf_pages, pdf_text

PROFILE = """\
person:
  name: Ada Example
  position: Research Engineer
  email: ada@example.org
summary: I build systems for training neural networks.
experience:
  - role: Research Engineer
    organization: Calculating Engines Ltd
    start: 2021-01
    end: present
    highlights: [Scaled distributed training of language models to 512 GPUs with PyTorch.]
  - role: Software Engineer
    organization: Loom Works
    start: 2017-01
    end: 2020-12
    highlights: [Wrote a billing service in Java and Oracle databases.]
skills:
  - {category: Languages, items: [Python, C++, CUDA]}
"""

JOB = """\
company: Acme & Co. {lab}
role: ML Engineer
date: 2026-11-27
recipient:
  name: Dr. Jane Roe
  title: Hiring Manager
  organization: Acme & Co.
  address: [1 Main Street, 12345 Springfield]
keywords: [PyTorch, distributed training, CUDA, Java, Kubernetes]
letter:
  subject: Application for {role}
  body: |
    I am writing about the **{role}** position at {company}.

    I have scaled *distributed training* to 512 GPUs.
  closing: Kind regards,
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path: Path, job: str, profile: str = PROFILE, **files: str):  # type: ignore[no-untyped-def]
    source = Source(write(tmp_path, "profile.yaml", profile))
    paths = [write(tmp_path, "acme.yaml", job)]
    paths += [write(tmp_path, name, text) for name, text in files.items()]
    warnings: list[str] = []
    return apply(source, paths, tmp_path / "out", warnings.append), warnings


def test_letter_has_every_part_in_order_on_one_page(tmp_path: Path) -> None:
    job = JOB.replace("{lab}", "100% *real* $lab\\")
    (app,), _ = run(tmp_path, job)
    letter = tmp_path / "out" / "acme" / "cover-letter.pdf"
    assert pdf_pages(letter) == 1
    text = flat(pdf_text(letter, ""))
    parts = ["Ada Example", "Research Engineer", "Dr. Jane Roe", "Hiring Manager", "Acme & Co.",
             "1 Main Street", "12345 Springfield", "November 27, 2026",
             "Application for ML Engineer", "Dear Dr. Jane Roe,",
             "I am writing about the ML Engineer position at Acme & Co. 100% *real* $lab\\.",
             "I have scaled distributed training to 512 GPUs.", "Kind regards,"]  # fmt: skip
    at = [text.find(p) for p in parts]
    assert all(i >= 0 for i in at), [p for p, i in zip(parts, at, strict=True) if i < 0]
    assert at == sorted(at), text
    assert text.rstrip().endswith("Ada Example")  # the signature name closes the letter
    from pypdf import PdfReader

    assert PdfReader(letter).metadata.title == "Ada Example — Cover Letter"
    assert app.summary.startswith("acme: résumé 1 page, letter 1 page, ")


def test_defaults_come_from_the_locale_and_the_date_from_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    job = "company: Acme\nrole: Engineer\nlanguage: de\nletter: {body: Guten Tag.}\n"
    run(tmp_path, job)
    text = flat(pdf_text(tmp_path / "out" / "acme" / "cover-letter.pdf", ""))
    for part in ("14. November 2023", "Bewerbung als Engineer", "Sehr geehrte Damen und Herren,",
                 "Mit freundlichen Grüßen"):  # fmt: skip
        assert part in text, (part, text)


@pytest.mark.parametrize("layout", registry.names())
def test_every_layout_pairs_a_letter_in_its_own_design(tmp_path: Path, layout: str) -> None:
    from pypdf import PdfReader

    run(tmp_path, JOB.replace("{lab}", "") + f"layout: {layout}\n")
    folder = tmp_path / "out" / "acme"

    def fonts(pdf: Path) -> set[str]:
        out = set()
        for page in PdfReader(pdf).pages:
            for font in page["/Resources"]["/Font"].values():
                out.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
        return out

    assert pdf_pages(folder / "cover-letter.pdf") == 1

    def families(pdf: Path) -> set[str]:  # CharterBT-Roman → CharterBT
        return {font.split("-")[0] for font in fonts(pdf)}

    letter, resume = families(folder / "cover-letter.pdf"), families(folder / "resume.pdf")
    assert letter <= resume, (layout, letter - resume)
    assert pdf_text(folder / "cover-letter.pdf", "").lstrip().startswith("Ada Example")
    tex = (folder / "cover-letter.tex").read_text("utf-8")
    own = (folder / "resume.tex").read_text("utf-8")
    accent = re.search(r"\\definecolor\{accent\}\{HTML\}\{(\w+)\}", own)
    assert accent and accent.group(0) in tex  # the same colours


def test_a_letter_too_long_fails_by_lines_and_keeps_the_last_good_one(tmp_path: Path) -> None:
    run(tmp_path, JOB.replace("{lab}", ""))
    letter = tmp_path / "out" / "acme" / "cover-letter.pdf"
    good = letter.read_bytes()
    long = JOB.replace("{lab}", "").replace(
        "    I have scaled", "\n".join(["    " + "Another sentence of the letter. " * 8 + "\n"] * 12)
        + "\n    I have scaled")  # fmt: skip
    with pytest.raises(BuildError, match=r"cover-letter: 2 pages: about \d+ lines? too long for "
                                         r"1 page; shorten it"):  # fmt: skip
        run(tmp_path, long)
    assert letter.read_bytes() == good


def test_a_statement_with_headings_and_a_page_limit(tmp_path: Path) -> None:
    job = (
        JOB.replace("{lab}", "")
        + """\
documents: [resume, letter, research]
statements:
  research:
    title: Research Statement
    max_pages: 1
    sections:
      - body: My research makes training fast.
      - heading: Past Work
        body: ['I scaled training at {company}.', A second paragraph.]
      - heading: Future Work
        body: Faster still.
"""
    )
    (app,), _ = run(tmp_path, job)
    statement = tmp_path / "out" / "acme" / "research.pdf"
    text = flat(pdf_text(statement, ""))
    parts = [
        "Ada Example",
        "Research Statement",
        "My research makes training fast.",
        "Past Work",
        "I scaled training at Acme & Co..",
        "Future Work",
        "Faster still.",
    ]
    at = [text.find(p) for p in parts]
    assert all(i >= 0 for i in at) and at == sorted(at), text
    assert "research 1 page" in app.summary
    paragraphs = ", ".join(['"' + "Faster still. " * 300 + '"'] * 4)
    too_long = job.replace("body: Faster still.", f"body: [{paragraphs}]")
    with pytest.raises(BuildError, match=r"research: \d pages: about \d+ lines too long"):
        run(tmp_path, too_long)


def test_tailoring_keeps_the_entries_the_posting_asks_for(tmp_path: Path) -> None:
    """Thirty projects, one page: the ones about the posting's keywords stay."""
    projects = "".join(
        f"  - name: {'Sparse attention kernels in CUDA' if i in (2, 7) else f'Garden planner {i}'}\n"
        f"    start: {2000 + i}\n"
        f"    highlights: [{'Wrote CUDA kernels for sparse attention.' if i in (2, 7) else 'Planned gardens. ' * 12}]\n"
        for i in range(30)
    )
    profile = PROFILE + "projects:\n" + projects
    job = "company: Acme\nrole: Engineer\nkeywords: [CUDA kernels, sparse attention]\n"
    resume_variant = "variants:\n  resume: {sections: [experience, projects], max_items: {}}\n"
    (app,), _ = run(tmp_path, job, profile + resume_variant)
    text = flat(pdf_text(tmp_path / "out" / "acme" / "resume.pdf", ""))
    assert text.count("Sparse attention kernels in CUDA") == 2
    (resume,) = app.results
    assert resume.omitted, "the test needs a page budget that leaves projects out"
    assert all("Garden planner" in o for o in resume.omitted if o.startswith("projects"))
    # untailored, the two oldest-but-relevant projects are not the ones kept
    plain = "company: Acme\nrole: Engineer\nkeywords: [Terraform]\n"
    (other,), _ = run(tmp_path / "plain" if (tmp_path / "plain").mkdir() is None else tmp_path,
                      plain, profile + resume_variant)  # fmt: skip
    assert any("Sparse attention kernels in CUDA (2002)" in o for o in other.results[0].omitted)


def test_the_keyword_report_agrees_with_the_pdf_text_layer(tmp_path: Path) -> None:
    (app,), _ = run(tmp_path, JOB.replace("{lab}", ""))
    folder = tmp_path / "out" / "acme"
    lines = (folder / "keywords.txt").read_text("utf-8").splitlines()
    rows = [line.split("\t") for line in lines]
    assert all(len(r) == 3 for r in rows), lines
    status = {k: s for k, s, _ in rows}
    assert list(status) == ["PyTorch", "distributed training", "CUDA", "Java", "Kubernetes"]
    pdf = Matcher("en").index(pdf_text(folder / "resume.pdf", ""))
    for keyword, state in status.items():
        assert (state == "found") == pdf.has(keyword), keyword
    assert status["Kubernetes"] == "missing"
    assert status["PyTorch"] == "found"
    assert app.summary.endswith("1 missing: Kubernetes")


def test_profile_only_names_the_entry_the_budget_left_out(tmp_path: Path) -> None:
    filler = "".join(
        f"  - {{title: Prize number {i}, year: {2000 + i}, priority: 5}}\n" for i in range(150)
    )
    profile = PROFILE + "awards:\n" + filler + "  - {title: Erlang award, year: 1990}\n"
    variant = "variants:\n  resume: {max_items: {}}\n"
    run(tmp_path, "company: A\nrole: R\nkeywords: [Erlang]\n", profile + variant)
    (row,) = [
        line.split("\t")
        for line in (tmp_path / "out" / "acme" / "keywords.txt").read_text("utf-8").splitlines()
    ]
    assert row[:2] == ["Erlang", "profile-only"], row
    assert row[2] == "awards: Erlang award (1990): left out by the page budget", row


def test_nothing_outside_the_profile_is_printed(tmp_path: Path) -> None:
    """Every word of the tailored résumé's text layer is a word of the profile, the locale's
    strings or a date; the posting's own words never appear."""
    from cvbuilder import locales

    posting = ("We want Kubernetes, Terraform and Go experts with Rust. PyTorch and CUDA. "
               "distributed training of language models. ") * 5  # fmt: skip
    job = f"company: Zyxwv Corp\nrole: Quux Wrangler\nposting: {posting}\n"
    run(tmp_path, job)
    text = pdf_text(tmp_path / "out" / "acme" / "resume.pdf", "")
    allowed = PROFILE + " ".join(map(str, locales.get("en").strings.values()))
    words = set(re.findall(r"[A-Za-z]{3,}", allowed.casefold()))
    printed = set(re.findall(r"[A-Za-z]{3,}", text.casefold()))
    assert printed - words == set()
    for foreign in ("kubernetes", "terraform", "rust", "zyxwv", "quux", "wrangler"):
        assert foreign not in printed


def test_a_failing_job_does_not_stop_the_others(tmp_path: Path) -> None:
    from cvbuilder.apply.run import PartlyFailed

    long = (
        "company: B\nrole: R\nletter: {body: ["
        + ", ".join(["'" + "Words. " * 400 + "'"] * 3)
        + "]}\n"
    )
    with pytest.raises(PartlyFailed, match=r"beta .*cover-letter: 2 pages") as info:
        run(tmp_path, JOB.replace("{lab}", ""), **{"beta.yaml": long})
    assert [a.id for a in info.value.done] == ["acme"]
    assert (tmp_path / "out" / "acme" / "cover-letter.pdf").is_file()
    assert not (tmp_path / "out" / "beta" / "cover-letter.pdf").exists()


def test_a_letter_without_a_date_says_so(tmp_path: Path) -> None:
    _, warnings = run(tmp_path, "company: A\nrole: R\nkeywords: [x]\nletter: {body: Hello.}\n")
    assert any("the letter has no date (set date: or SOURCE_DATE_EPOCH)" in w for w in warnings)


def test_many_jobs_in_parallel_and_unchanged_ones_from_the_cache(tmp_path: Path) -> None:
    second = JOB.replace("{lab}", "").replace("company: Acme & Co.", "company: Beta")
    apps, _ = run(tmp_path, JOB.replace("{lab}", ""), **{"beta.yaml": second})
    assert sorted(a.id for a in apps) == ["acme", "beta"]
    assert all(not r.reused for a in apps for r in a.results)
    again, _ = run(tmp_path, JOB.replace("{lab}", ""), **{"beta.yaml": second})
    assert all(r.reused for a in again for r in a.results)
    assert all((tmp_path / "out" / a.id / "keywords.txt").is_file() for a in again)


def test_the_command_line_prints_the_report_and_the_summary(tmp_path: Path) -> None:
    write(tmp_path, "profile.yaml", PROFILE)
    write(tmp_path, "acme.yaml", JOB.replace("{lab}", ""))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(tmp_path / "acme.yaml"), "--profile",
                                       str(tmp_path / "profile.yaml"), "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "found         PyTorch" in result.output
    assert "missing       Kubernetes  not in the profile" in result.output
    assert re.search(r"^acme: résumé 1 page, letter 1 page, 4/5 keywords in the résumé, "
                     r"0 only in the profile, 1 missing: Kubernetes$", result.output, re.M)  # fmt: skip
    bad = write(tmp_path, "bad.yaml", JOB.replace("{role}", "{rol}", 1))
    result = CliRunner().invoke(main, ["apply", str(bad), "-p", str(tmp_path / "profile.yaml"),
                                       "-o", str(out)])  # fmt: skip
    assert result.exit_code == 2
    assert "bad.yaml:11:" in result.output and "unknown placeholder {rol}" in result.output
    assert "Traceback" not in result.output


def test_the_example_job_builds_from_the_repository(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "jobs", tmp_path / "jobs")
    (app,) = apply(Source(ROOT / "profile.yaml"), [tmp_path / "jobs" / "example.yaml"],
                   tmp_path / "out", print)  # fmt: skip
    folder = tmp_path / "out" / "example"
    assert pdf_pages(folder / "resume.pdf") == 1 and pdf_pages(folder / "cover-letter.pdf") == 1
    assert app.keywords and (folder / "keywords.txt").is_file()
    assert {k.status for k in app.keywords} == {"found", "profile-only", "missing"}


def test_a_signature_image_and_text_that_needs_xelatex(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from tests.test_photo import png

    png(tmp_path / "sig.png", shade=40, size=16)
    job = (JOB.replace("{lab}", "").replace("Dr. Jane Roe", "王小明")
           + "  signature: sig.png\nlanguage: zh-Hans\n")  # fmt: skip
    (app,), _ = run(tmp_path, job)
    letter = tmp_path / "out" / "acme" / "cover-letter.pdf"
    assert next(r for r in app.results if r.name == "cover-letter").engine == "xelatex"
    text = flat(pdf_text(letter, ""))
    assert "尊敬的王小明：" in text and "2026年11月27日" in text, text
    (page,) = PdfReader(letter).pages
    objects = page["/Resources"].get("/XObject", {}).values()
    images = [o for o in objects if o.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1  # the signature (the profile has no photo)


def test_a_job_folder_taken_by_a_file_fails_that_job_with_one_line(tmp_path: Path) -> None:
    from cvbuilder.apply.run import PartlyFailed

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "acme").write_text("mine", encoding="utf-8")
    with pytest.raises(PartlyFailed, match=r"out/acme: cannot create the output folder"):
        run(tmp_path, JOB.replace("{lab}", ""))
    assert (tmp_path / "out" / "acme").read_text("utf-8") == "mine"  # never touched
