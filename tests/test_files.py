"""Inputs that are not regular files, outputs that are devices, pipes or folders."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cvbuilder.files import FileProblem, check_output, read_input, write_output


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.fixture
def sock(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


def test_read_input_refuses_what_is_not_a_regular_file_without_blocking(tmp_path, fifo, sock):
    started = time.monotonic()
    for path, kind in [(fifo, "named pipe"), (Path("/dev/zero"), "device"), (tmp_path, "folder"),
                       (sock, "socket")]:  # fmt: skip
        with pytest.raises(FileProblem, match=kind):
            read_input(path)
    assert time.monotonic() - started < 5  # a FIFO with no writer must not block


def test_read_input_caps_the_size_and_follows_links(tmp_path):
    big = tmp_path / "big.bib"
    with big.open("wb") as handle:
        handle.truncate(33 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(FileProblem, match="33 MiB; the limit is 32 MiB"):
        read_input(big)
    real = tmp_path / "real.txt"
    real.write_text("hello")
    (tmp_path / "link.txt").symlink_to(real)
    assert read_input(tmp_path / "link.txt") == b"hello"
    with pytest.raises(FileProblem, match="no such file"):
        read_input(tmp_path / "missing")


def test_write_output_replaces_a_regular_file_atomically_keeping_its_mode(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o640)
    write_output(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no .tmp left behind


def test_write_output_writes_through_a_symlink_to_its_target(tmp_path):
    real = tmp_path / "docs" / "cv.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "cv.json"
    link.symlink_to(real)
    write_output(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_write_output_writes_through_devices_and_pipes(fifo):
    write_output("/dev/null", "discarded")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # wait until the reader has the pipe open
        try:
            write_output(fifo, "through the pipe")
            break
        except FileProblem:
            time.sleep(0.01)
    reader.join(10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_write_output_refuses_pipes_nobody_reads_folders_and_sockets(tmp_path, fifo, sock):
    with pytest.raises(FileProblem, match="no process is reading"):
        write_output(fifo, "x")
    for path, words in [(tmp_path, "is a folder"), (Path("/"), "is a folder"),
                        (Path("."), "is a folder"), (sock, "is a socket"),
                        (tmp_path / "nofolder" / "x.json", "does not exist")]:  # fmt: skip
        with pytest.raises(FileProblem, match=words):
            check_output(path)
        with pytest.raises(FileProblem, match=words):
            write_output(path, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "s.sock"]


def test_export_to_dev_null_as_root_keeps_the_device():
    """The report that started this: a rename over /dev/null broke it for the whole machine."""
    profile = Path(__file__).resolve().parent / "data" / "minimal.yaml"
    for what in ("jsonresume", "bibtex"):
        done = subprocess.run(
            [sys.executable, "-m", "cvbuilder.cli", "export", what, str(profile), "-o", "/dev/null"],
            capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert [p for p in Path("/dev").iterdir() if p.name.startswith(".null")] == []


def test_dev_stdout_redirected_to_a_file_keeps_the_shells_order(tmp_path):
    """``(echo first; cvbuilder export … -o /dev/stdout; echo last) > out``: the output goes
    through the descriptor the shell gave, not a new one at another offset."""
    profile = Path(__file__).resolve().parent / "data" / "full.yaml"
    out = tmp_path / "out.txt"
    with out.open("wb") as handle:
        handle.write(b"first\n")
        handle.flush()
        for target in ("/dev/stdout", "-"):
            subprocess.run(
                [sys.executable, "-m", "cvbuilder.cli", "export", "jsonresume", str(profile),
                 "-o", target],
                stdout=handle, stderr=subprocess.DEVNULL, check=True,
            )  # fmt: skip
        handle.seek(0, 2)
        handle.write(b"last\n")
    text = out.read_text()
    assert text.startswith("first\n{") and text.endswith("}\nlast\n")
    assert text.count('"$schema"') == 2
