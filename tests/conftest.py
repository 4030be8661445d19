"""Shared fixtures: real TeX, real PDFs read back with pdftotext, golden .tex files.

Tests that run pdfLaTeX carry the ``tex`` mark, so ``pytest -m "not tex"`` runs the others in
seconds. The marks are given here, from :data:`TEX` (whole modules or single tests), not in the
test files; a new test that compiles goes into :data:`TEX`. The list cannot silently go stale:
every test *without* the mark runs with a ``pdflatex`` first on ``PATH`` that refuses to run, so
a test that compiles (in this process or in a subprocess) and is not listed fails at teardown
with "runs pdfLaTeX but is not marked tex". To rebuild the list from nothing: empty it, run
``CVBUILDER_RAN_TEX=/tmp/ran pytest`` and read the test ids in ``/tmp/ran``. (A listed test
that does not need TeX only costs time; ``tests/test_markers.py`` checks every entry names a
test that exists.)
"""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = ROOT.parent / "shared" / "samples"

ALL = "*"
TEX: dict[str, str | set[str]] = {
    # test module: ALL, or its tests (by name, or name[parameters] for one case) that compile
    "test_apply": ALL,
    "test_ats": ALL,
    "test_outputs_build": {"test_watch_rebuilds_every_requested_format"},
    "test_outputs_markdown": {"test_the_same_publications_in_the_same_order_as_the_pdf"},
    "test_every_layout": ALL,
    "test_helper": {
        "test_a_build_through_the_helper_is_the_build_a_new_process_makes",
        "test_a_profile_error_comes_back_with_its_message_and_exit_code",
        "test_a_helper_whose_code_changed_is_never_used",
        "test_a_dead_helper_is_never_waited_for",
        "test_a_killed_build_leaves_the_last_good_pdf",
    },
    "test_formats": {
        "test_a_new_output_folder_uses_the_format_another_build_made",
        "test_an_unwritable_store_falls_back_to_the_output_folder",
        "test_a_format_removed_before_tex_starts_is_not_needed",
        "test_concurrent_builds_into_new_folders_share_one_good_store",
        "test_every_layout_makes_the_same_pdf_with_and_without_its_format",
        "test_a_new_output_folder_sets_page_n_of_m_in_one_pass",
        "test_a_format_maker_killed_midway_leaves_no_broken_format",
    },
    "test_layouts_engineering_harvard": {
        "test_one_page_of_the_paper_asked_for_without_overfull_lines",
        "test_name_first_and_no_ligature_code_points",
        "test_dates_extract_as_printed",
        "test_no_page_ends_with_a_heading",
        "test_one_reading_order",
    },
    "test_layouts_classic_modern": {
        "test_budgeted_documents_fit_one_page_on_the_paper_asked_for",
        "test_no_overfull_lines",
        "test_the_whole_name_is_the_first_line",
        "test_no_ligature_code_points",
        "test_no_page_ends_with_a_heading",
        "test_dates_keep_their_line_in_the_text_layer",
        "test_a_contact_line_that_wraps_drops_the_separator_at_the_break",
    },
    "test_languages": ALL,
    "test_scripts": ALL,
    "test_bibtex": {
        "test_entries_without_authors_are_the_owners_and_build",
        "test_every_sample_entry_reaches_the_pdf",
        "test_greek_and_math_from_bibtex_reach_the_pdf",
    },
    "test_blocks": {
        "test_every_special_character_prints_literally",
        "test_ligatures_extract_as_letters",
        "test_links_keep_percent_hash_tilde_and_underscore",
        "test_unicode_scripts_become_real_superscripts_and_subscripts",
    },
    "test_budget": {
        "test_a_one_page_resume_fits_and_is_full_when_entries_were_left_out",
        "test_the_current_position_stays_under_max_pages_1",
        "test_no_section_disappears_while_another_keeps_older_entries",
        "test_inflated_resume_fits_one_page_and_says_what_it_left_out",
        "test_priority_protects_entries",
        "test_tightening_alone_is_enough_when_little_is_over",
        "test_the_cv_is_never_trimmed",
        "test_a_budget_that_cannot_hold_fails_loudly_and_keeps_the_old_pdf",
        "test_tightening_stays_within_the_layout_bounds",
    },
    "test_build": {
        "test_cv_has_every_publication_title_and_section",
        "test_resume_is_one_page_with_the_selected_publications",
        "test_name_first_and_metadata",
        "test_no_overfull_boxes_and_tex_written_next_to_pdf",
        "test_a_failed_build_keeps_the_previous_pdf",
        "test_an_entry_taller_than_a_page_is_named_in_a_warning",
        "test_lines_longer_than_texs_buffer_are_broken_at_spaces",
    },
    "test_cache": {
        "test_unchanged_rebuild_runs_no_tex",
        "test_a_changed_profile_recompiles_only_what_changed",
        "test_a_changed_option_recompiles",
        "test_a_changed_layout_or_tex_installation_misses_the_cache",
        "test_a_tampered_or_missing_pdf_is_rebuilt",
        "test_format_is_built_once_and_a_broken_one_is_replaced",
        "test_an_unchanged_answer_is_stamped_and_any_touch_sends_it_back_to_the_hashes",
        "test_the_console_entry_answers_unchanged_builds_before_loading_anything",
    },
    "test_cli": {
        "test_build_writes_pdf_and_tex_and_reports_pages",
        "test_init_writes_a_starter_that_builds",
        "test_build_tailored_by_tags_is_named_apart_and_lists_omissions",
        "test_build_set_and_max_pages",
        "test_png_quiet_verbose_and_grouped_warnings",
        "test_colours_only_on_a_terminal",
    },
    "test_hostile": {
        "test_broken_profiles_never_crash_any_command[bom]",
        "test_broken_profiles_never_crash_any_command[tex injection]",
        "test_broken_profiles_never_crash_any_command[locale emoji]",
        "test_tags_that_match_nothing_warn",
    },
    "test_jsonresume": {"test_the_imported_sample_builds_as_is"},
    "test_photo": {
        "test_a_photo_is_printed_and_the_name_stays_the_first_line",
        "test_a_changed_photo_rebuilds",
    },
    "test_publish": {
        "test_the_cache_never_answers_with_a_pdf_another_build_wrote",
        "test_a_build_killed_between_two_renames_is_reported_by_the_next",
        "test_png_pages_replace_only_what_cvbuilder_wrote",
        "test_png_into_a_read_only_folder_is_one_clean_message",
    },
    "test_registry": {"test_a_third_party_layout_builds_a_pdf"},
    "test_safety": {
        "test_any_text_prints_literally_or_is_refused_by_name",
        "test_markup_fields_escape_everything_but_the_markup",
        "test_hostile_strings_everywhere_print_as_text_and_do_nothing",
        "test_tex_itself_cannot_read_write_or_run_outside_its_folder",
        "test_shell_escape_is_off",
        "test_a_runaway_compile_is_killed_and_reported",
        "test_very_long_words_still_compile_and_wrap",
        "test_output_folder_is_created_and_nothing_is_written_elsewhere",
        "test_two_builds_into_one_folder_at_once_both_finish_complete",
        "test_a_killed_build_leaves_the_previous_pdf_and_its_leftovers_are_cleaned",
        "test_five_thousand_publications_build_in_bounded_memory",
    },
    "test_watch": ALL,
    "test_wheel": ALL,
    "test_wild_bib": {"test_real_pdfs_hold_every_title_and_the_owner_in_bold"},
    "test_wild_jsonresume": {"test_wild_files_compile_and_name_every_employer"},
}
"""The tests that run pdfLaTeX: through ``build``, the ``build`` command, ``compile_to`` or
``run_tex``, directly or in a subprocess, or through a module-scoped fixture that builds."""


def needs_tex(item: pytest.Item) -> bool:
    names = TEX.get(item.path.stem, set())
    test = getattr(item, "originalname", None) or item.name.partition("[")[0]
    return names == ALL or test in names or item.name in names


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite tests/golden/*.tex from the layouts."
    )


@pytest.hookimpl(tryfirst=True)  # before -m deselects by mark
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if needs_tex(item):
            item.add_marker(pytest.mark.tex)


_NO_TEX = Path(tempfile.gettempdir()) / f"cvbuilder-no-tex-{os.getpid()}"
"""Holds the refusing ``pdflatex`` and the list of tests that ran it (this pytest run only)."""
_RAN_TEX = _NO_TEX / "ran-tex.txt"


def pytest_configure(config: pytest.Config) -> None:
    _NO_TEX.mkdir(exist_ok=True)
    for engine in ("pdflatex", "xelatex"):
        script = _NO_TEX / engine
        script.write_text(
            "#!/bin/sh\n"
            f'echo "${{PYTEST_CURRENT_TEST% (*}}" >> "{_RAN_TEX}"\n'
            f'echo "{engine} refused: this test is not marked tex (see tests/conftest.py)" >&2\n'
            "exit 1\n"
        )
        script.chmod(0o755)


def pytest_unconfigure(config: pytest.Config) -> None:
    keep = os.environ.get("CVBUILDER_RAN_TEX")  # to redo TEX: empty it, run all, read this file
    if keep and _RAN_TEX.exists():
        shutil.copyfile(_RAN_TEX, keep)
    shutil.rmtree(_NO_TEX, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Unmarked tests (setup, call and teardown) find the refusing ``pdflatex`` first."""
    if item.get_closest_marker("tex"):
        yield
        return
    path = os.environ.get("PATH", "")
    os.environ["PATH"] = f"{_NO_TEX}{os.pathsep}{path}"
    try:
        yield
    finally:
        os.environ["PATH"] = path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """An unmarked test that ran the refusing ``pdflatex`` fails at teardown, saying why (even
    if it passed: it would never exercise the real TeX)."""
    outcome = yield
    report = outcome.get_result()
    if call.when != "teardown" or item.get_closest_marker("tex") or not _RAN_TEX.exists():
        return
    if item.nodeid in _RAN_TEX.read_text("utf-8").splitlines():
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} runs pdfLaTeX but is not marked tex: add it to TEX in tests/conftest.py"
        )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"sample data not found at {SAMPLES} (only in the project's workspace)")
    return SAMPLES


def made_formats(store: Path, count: int = 1, timeout: float = 180) -> list[Path]:
    """The formats a build left to be made in the background (``cvbuilder.tex.later``), once
    ``count`` of them are in ``store`` and no background work is left there."""
    deadline = time.monotonic() + timeout
    while True:
        made = sorted(store.glob("cvfmt-*.fmt"))
        busy = [p for p in (store / "work").glob("*") if p.is_dir()]
        if len(made) >= count and not busy:
            return made
        if time.monotonic() > deadline:
            raise AssertionError(f"{store}: {len(made)} of {count} formats after {timeout} s")
        time.sleep(0.1)


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
    """One precompiled-format cache for the whole run, instead of one per output folder; and
    no resident helper (tests of the command line run it in a process of its own each time;
    tests/test_helper.py turns it on where it is tested)."""
    os.environ["CVBUILDER_FORMAT_CACHE"] = str(tmp_path_factory.mktemp("formats"))
    os.environ["CVBUILDER_SERVER"] = "0"
    xdg = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))  # not ~/.cache
    yield
    os.environ.pop("CVBUILDER_FORMAT_CACHE", None)
    os.environ.pop("CVBUILDER_SERVER", None)
    if xdg is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = xdg


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents must not depend on the caller's environment unless a test sets it."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def source_copy(target: Path) -> Path:
    """A copy of cvbuilder's source (package and layouts folder), to change and run apart."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("cvbuilder", "layouts"):
        shutil.copytree(ROOT / folder, target / folder, ignore=ignore)
    return target


# --- side effects ----------------------------------------------------------------------------


class SideEffect(AssertionError):
    """Code that must be pure read a file, started a process, used the network or the clock."""


_OS_EFFECTS = ("open", "listdir", "scandir", "stat", "lstat", "system", "popen", "fork",
               "forkpty", "execv", "execve", "execvp", "execvpe", "posix_spawn", "posix_spawnp",
               "spawnv", "spawnve")  # fmt: skip
_CLOCKS = ("time", "time_ns", "perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns",
           "process_time", "process_time_ns", "thread_time", "thread_time_ns")  # fmt: skip
_CLOCK_WITHOUT_ARGS = ("localtime", "gmtime", "ctime", "asctime")  # read the clock when bare


@contextmanager
def forbid_side_effects(*modules: ModuleType) -> Iterator[list[str]]:
    """Inside, file I/O (``open``, ``pathlib``, ``os.open``, listing and ``stat``), processes
    (``subprocess``, ``os.system``, ``fork``/``exec``/``spawn``), sockets and clocks (``time``,
    ``datetime.now``/``today``) raise :class:`SideEffect`; an attempt the code catches is
    still reported when the block ends. Names that ``modules`` imported from ``time`` or
    ``datetime`` (``from time import time``) are covered too. Imports keep working."""
    seen: list[str] = []

    def refuse(what: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            shown = ", ".join(repr(a)[:60] for a in args)
            seen.append(f"{what}({shown})")
            raise SideEffect(f"{what}({shown}) during a build that must be pure")

        return refused

    def clock_if_bare(what: str, real: Any) -> Any:
        def maybe(*args: Any, **kwargs: Any) -> Any:
            if args or kwargs:
                return real(*args, **kwargs)
            return refuse(what)()

        return maybe

    class Datetime(datetime.datetime):
        now = classmethod(lambda cls, tz=None: refuse("datetime.now")())  # type: ignore[assignment]
        today = classmethod(lambda cls: refuse("datetime.today")())  # type: ignore[assignment]
        utcnow = classmethod(lambda cls: refuse("datetime.utcnow")())  # type: ignore[assignment]

    class Date(datetime.date):
        today = classmethod(lambda cls: refuse("date.today")())  # type: ignore[assignment]

    replaced: dict[int, Any] = {}
    with pytest.MonkeyPatch.context() as mp:

        def patch(target: Any, name: str, new: Any) -> None:
            old = getattr(target, name, None)
            if old is None:
                return
            replaced[id(old)] = new
            mp.setattr(target, name, new)

        patch(__import__("builtins"), "open", refuse("open"))
        patch(io, "open", refuse("io.open"))
        patch(io, "open_code", refuse("io.open_code"))
        for name in _OS_EFFECTS:
            patch(os, name, refuse(f"os.{name}"))
        patch(subprocess, "Popen", refuse("subprocess.Popen"))
        patch(socket, "socket", refuse("socket.socket"))
        patch(socket, "create_connection", refuse("socket.create_connection"))
        for name in _CLOCKS:
            patch(time, name, refuse(f"time.{name}"))
        for name in _CLOCK_WITHOUT_ARGS:
            patch(time, name, clock_if_bare(f"time.{name}", getattr(time, name)))
        strftime = time.strftime
        patch(time, "strftime", lambda fmt, *t: strftime(fmt, *t) if t else refuse("strftime")())
        patch(datetime, "datetime", Datetime)
        patch(datetime, "date", Date)
        for module in modules:  # from time import time; from datetime import datetime
            for name, value in list(vars(module).items()):
                if id(value) in replaced and not isinstance(value, ModuleType):
                    mp.setattr(module, name, replaced[id(value)])
        try:
            yield seen
        finally:
            mp.undo()
    if seen:
        raise SideEffect("side effects during a build that must be pure: " + "; ".join(seen))
