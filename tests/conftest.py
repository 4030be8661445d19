"""Shared fixtures: real TeX, real PDFs read back with pdftotext, golden .tex files."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = ROOT.parent / "shared" / "samples"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite tests/golden/*.tex from the layouts."
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"sample data not found at {SAMPLES} (only in the project's workspace)")
    return SAMPLES


def pdf_text(pdf: Path, mode: str = "raw") -> str:
    """Text of a PDF by pdftotext; ``raw`` is content-stream order (what a parser reads)."""
    args = ["pdftotext", "-enc", "UTF-8", *([f"-{mode}"] if mode else []), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    """Whitespace-insensitive form for 'is this string in the PDF' checks."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


@pytest.fixture
def write_profile(tmp_path: Path):  # type: ignore[no-untyped-def]
    def write(text: str, name: str = "profile.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True, scope="session")
def _shared_format_cache(tmp_path_factory: pytest.TempPathFactory):
    """One precompiled-format cache for the whole run, instead of one per output folder."""
    os.environ["CVBUILDER_FORMAT_CACHE"] = str(tmp_path_factory.mktemp("formats"))
    yield
    os.environ.pop("CVBUILDER_FORMAT_CACHE", None)


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents must not depend on the caller's environment unless a test sets it."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
