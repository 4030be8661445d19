"""The resident helper (cvbuilder.helper): a build it serves is the build a new process makes,
and a stale, dead or interrupted helper never serves a wrong PDF."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, pdf_text

SERVED = "built by the resident helper"


class Helper:
    """Commands run as a user would (a new process each), with the helper switched on."""

    def __init__(self, tmp: Path, code: Path = ROOT) -> None:
        self.tmp = tmp
        # A short folder of its own: a socket's path must fit in 108 bytes (a longer one would
        # make the helper listen in the next place, shared with other tests).
        run = Path(tempfile.mkdtemp(prefix="cvh-", dir="/tmp"))
        self.env = {**os.environ, "PYTHONPATH": str(code), "CVBUILDER_SERVER": "1",
                    "XDG_RUNTIME_DIR": str(run), "CVBUILDER_SERVER_IDLE": "120"}  # fmt: skip
        self.run_dir = run / "cvbuilder"
        (tmp / "profile.yaml").write_text((DATA / "full.yaml").read_text())

    def cli(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "cvbuilder", *args], cwd=self.tmp,
                              env={**self.env, **env}, capture_output=True, text=True,
                              timeout=300)  # fmt: skip

    def pid(self) -> int | None:
        """The running helper's process id, once it answers on its socket (None: none)."""
        from cvbuilder.helper.client import listening

        return next(iter(listening(str(self.run_dir))), None)

    def started(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while (pid := self.pid()) is None:
            assert time.monotonic() < deadline, "no helper was started"
            time.sleep(0.05)
        return pid


def _alive(pid: int) -> bool:
    """Running (a zombie nobody reaps, as in a container without an init, is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _gone(pid: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.fixture
def helper(tmp_path):
    h = Helper(tmp_path)
    yield h
    if (pid := h.pid()) is not None:
        os.kill(pid, signal.SIGTERM)
    shutil.rmtree(h.run_dir.parent, ignore_errors=True)


def test_a_build_through_the_helper_is_the_build_a_new_process_makes(helper):
    first = helper.cli("build", "-v", "cv", "-o", "one", "--verbose")
    assert first.returncode == 0, first.stderr
    assert SERVED not in first.stderr  # nothing was running: this process built, then left one
    helper.started()
    second = helper.cli("build", "-v", "cv", "-o", "two", "--verbose")
    assert second.returncode == 0, second.stderr
    assert SERVED in second.stderr and "two/cv.pdf" in second.stdout
    one, two = helper.tmp / "one" / "cv.pdf", helper.tmp / "two" / "cv.pdf"
    assert one.read_bytes() == two.read_bytes()
    # The child runs in the client's environment, not the helper's.
    bad = helper.cli("build", "-v", "cv", "-o", "three", CVBUILDER_TEX_TIMEOUT="soon")
    assert bad.returncode == 2 and "CVBUILDER_TEX_TIMEOUT" in bad.stderr
    assert "Traceback" not in bad.stderr and not (helper.tmp / "three").exists()


def test_a_profile_error_comes_back_with_its_message_and_exit_code(helper):
    assert helper.cli("build", "-v", "cv", "-o", "one").returncode == 0
    helper.started()
    (helper.tmp / "broken.yaml").write_text("person:\n  name: A\npublications: 3\n")
    result = helper.cli("build", "broken.yaml", "-o", "two")
    assert result.returncode == 2  # a profile error, as without the helper
    assert "broken.yaml:3:15: publications:" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("edited", ["cvbuilder/present.py", "cvbuilder/locales/en.yaml"])
def test_a_helper_whose_code_changed_is_never_used(tmp_path, edited):
    """A module every build imports, or a data file of the package (a locale's words)."""
    code = tmp_path / "code"
    shutil.copytree(ROOT / "cvbuilder", code / "cvbuilder",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copytree(ROOT / "layouts", code / "layouts",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    helper = Helper(tmp_path, code)
    assert helper.cli("build", "-v", "cv", "-o", "one").returncode == 0
    pid = helper.started()
    module = code / edited
    module.write_text(module.read_text() + "\n# an edit\n")
    result = helper.cli("build", "-v", "cv", "-o", "two", "--verbose")
    assert result.returncode == 0, result.stderr
    assert SERVED not in result.stderr  # refused: this process built it
    assert _gone(pid)  # and the stale helper is gone
    assert (tmp_path / "two" / "cv.pdf").read_bytes() == (tmp_path / "one" / "cv.pdf").read_bytes()
    new = helper.started()  # the build left a fresh one
    os.kill(new, signal.SIGTERM)
    shutil.rmtree(helper.run_dir.parent, ignore_errors=True)


def test_a_dead_helper_is_never_waited_for(helper):
    assert helper.cli("build", "-v", "cv", "-o", "one").returncode == 0
    pid = helper.started()
    os.kill(pid, signal.SIGKILL)  # its socket file stays behind
    assert _gone(pid)
    assert list(helper.run_dir.glob("helper-*.sock"))
    result = helper.cli("build", "-v", "cv", "-o", "two", "--verbose")
    assert result.returncode == 0 and SERVED not in result.stderr
    assert helper.started() != pid


def test_a_killed_build_leaves_the_last_good_pdf(helper):
    assert helper.cli("build", "-v", "cv", "-o", "out").returncode == 0
    helper.started()
    pdf = helper.tmp / "out" / "cv.pdf"
    good = pdf.read_bytes()
    profile = helper.tmp / "profile.yaml"
    profile.write_text(profile.read_text().replace("name: Émilie du Châtelet", "name: Adaline", 1))
    for delay in (0.05, 0.15, 0.3):
        proc = subprocess.Popen([sys.executable, "-m", "cvbuilder", "build", "-v", "cv", "-o",
                                 "out"], cwd=helper.tmp, env=helper.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(delay)
        proc.kill()  # the client dies; its child in the helper stops with it
        proc.wait()
        time.sleep(0.5)
        now = pdf.read_bytes()
        assert now == good or "Adaline" in pdf_text(pdf)  # the old PDF, or the whole new one
    assert sorted(p.name for p in (helper.tmp / "out").iterdir()
                  if p.suffix not in (".tex", ".log")) == [
        ".cvbuilder", "cv.pdf"]  # fmt: skip
    result = helper.cli("build", "-v", "cv", "-o", "out")
    assert result.returncode == 0 and "Adaline" in pdf_text(pdf)


def test_the_socket_lives_only_in_a_folder_nobody_else_can_enter(tmp_path, monkeypatch):
    from cvbuilder import helper

    open_to_all = tmp_path / "run" / "cvbuilder"
    open_to_all.mkdir(parents=True)
    open_to_all.chmod(0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = helper.address()
    assert path is not None and not path.startswith(str(open_to_all))
    assert os.stat(os.path.dirname(path)).st_mode & 0o077 == 0
