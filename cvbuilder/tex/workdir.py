"""Work folders: one private folder per document while it compiles, inside the only folder of
an output folder that cvbuilder owns (``DIR/.cvbuilder/``). Removed by a later build only when
the process named in the folder's name is gone."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

PRIVATE = ".cvbuilder"
"""The one folder inside an output folder that cvbuilder owns: work folders, formats, state."""
WORK = "work"
"""Work folders live only in ``DIR/.cvbuilder/work/``, named ``<what>.<pid>.<start>.<random>``
after the process that made them (pid and start time, so a reused pid is not mistaken for it):
a later build removes only folders there whose name says so and whose process is gone."""
_WORK_NAME = re.compile(r"^[A-Za-z0-9_-]+\.(\d+)\.(\d*)\.[A-Za-z0-9_]+$")


def _start_time(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot), to tell it from a reused pid."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat_line.rsplit(")", 1)[-1].split()[19]


def _alive(owner: str) -> bool:
    pid_text, _, started = owner.partition(" ")
    if not pid_text.isdigit() or len(pid_text) > 10:
        return False
    pid = int(pid_text)
    if Path("/proc/self/stat").exists():
        now = _start_time(pid)
        return now is not None and (now == started or not started)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def private_dir(out_dir: Path) -> Path:
    return out_dir / PRIVATE


def _me() -> str:
    return f"{os.getpid()}.{_start_time(os.getpid()) or ''}"


def new_workdir(parent: Path, name: str) -> Path:
    """A fresh work folder in ``parent/work``, named for this process (see :data:`WORK`)."""
    root = parent / WORK
    root.mkdir(parents=True, exist_ok=True)
    clean_stale(parent)
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", name)[:40] or "doc"
    return Path(tempfile.mkdtemp(prefix=f"{safe}.{_me()}.", dir=root))


def _ours(folder: Path) -> bool:
    """True for a real folder (not a link) in a ``work`` folder, named as :data:`WORK` says."""
    return (
        folder.parent.name == WORK
        and _WORK_NAME.match(folder.name) is not None
        and not folder.is_symlink()
        and folder.is_dir()
    )


def clean_stale(parent: Path) -> None:
    """Remove work folders left by killed builds: only folders in ``parent/work`` named for a
    process that no longer runs (see :data:`WORK`). Nothing else, ever."""
    try:
        folders = list((parent / WORK).iterdir())
    except OSError:
        return
    for folder in folders:
        m = _WORK_NAME.match(folder.name)
        if m and _ours(folder) and not _alive(f"{m[1]} {m[2]}"):
            shutil.rmtree(folder, ignore_errors=True)
