"""``cvbuilder watch`` driven by real file changes."""

import os
import queue
import subprocess
import sys
import threading
import time

from .conftest import DATA, ROOT, pdf_text


def lines_of(stream, sink: queue.Queue) -> None:
    for line in stream:
        sink.put(line.rstrip("\n"))


def wait_for(sink: queue.Queue, pattern: str, timeout: float = 60) -> list[str]:
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = sink.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if pattern in line:
            return seen
    raise AssertionError(f"{pattern!r} not seen; got {seen}")


def test_watch_rebuilds_on_save_and_keeps_the_last_good_pdf(tmp_path):
    profile = tmp_path / "profile.yaml"
    profile.write_text((DATA / "full.yaml").read_text())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cvbuilder.cli", "watch", "profile.yaml", "-v", "cv"],
        cwd=tmp_path, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    sink: queue.Queue = queue.Queue()
    threading.Thread(target=lines_of, args=(proc.stdout, sink), daemon=True).start()
    try:
        wait_for(sink, "watching")
        profile.write_text(profile.read_text().replace("Physics for Beginners", "Physics Revised"))
        wait_for(sink, "build/cv.pdf")
        assert "Physics Revised" in pdf_text(tmp_path / "build" / "cv.pdf")
        good = (tmp_path / "build" / "cv.pdf").read_bytes()

        profile.write_text(profile.read_text().replace("end: present", "end: 1700"))
        seen = wait_for(sink, "previous PDFs are unchanged")
        assert any("experience[0].end: ends (1700) before it starts (1745)" in s for s in seen)
        assert (tmp_path / "build" / "cv.pdf").read_bytes() == good
        assert proc.poll() is None  # still watching

        text = profile.read_text().replace("end: 1700", "end: present")
        for broken in ("person: [\n" + text, text + "\nperson:\n  name: Twice\n", "\t" + text):
            profile.write_text(broken)  # syntax error, duplicate key, tab: any class of error
            wait_for(sink, "previous PDFs are unchanged")
            assert proc.poll() is None, "watch ended on a profile error"
        profile.write_text(text)
        wait_for(sink, "build/cv.pdf")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
