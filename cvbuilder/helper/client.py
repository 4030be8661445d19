"""The command's side: hand a build to a running helper, or leave one for the next build."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys

from cvbuilder.helper import _paths, address, enabled, identity


def run(argv: list[str]) -> int | None:
    """Have a running helper build ``argv``; its exit code, or None when no helper answered
    (none running, stale, or it died): the caller then builds in its own process."""
    if not enabled():
        return None
    try:
        ident = identity()
        path = address(ident)
        if path is None:
            return None
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(path)
    except OSError:
        return None
    with client:
        mask = os.umask(0o22)
        os.umask(mask)
        out = sys.stdout
        request = {"id": ident, "argv": argv, "cwd": os.getcwd(), "env": dict(os.environ),
                   "umask": mask, "encoding": getattr(out, "encoding", None) or "utf-8",
                   "errors": getattr(out, "errors", None) or "strict"}  # fmt: skip
        try:
            data = json.dumps(request).encode() + b"\n"
            socket.send_fds(client, [data[:65536]], [0, 1, 2])
            if len(data) > 65536:
                client.sendall(data[65536:])
            answers = client.makefile("rb")
            first = json.loads(answers.readline() or b"{}")
        except (OSError, ValueError):
            return None
        if "pid" not in first:
            return None
        return _wait(answers, first["pid"])


def _wait(answers, pid: int) -> int | None:  # type: ignore[no-untyped-def]
    """The child's exit code; Ctrl-C and termination are passed on to it."""
    import signal

    stopped = []

    def forward(signum: int, _frame: object) -> None:
        stopped.append(signum)
        with contextlib.suppress(OSError):
            os.kill(pid, signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    while True:
        try:
            line = answers.readline()
            break
        except InterruptedError:
            continue
        except OSError:
            line = b""
            break
    try:
        return int(json.loads(line)["exit"])
    except (ValueError, KeyError, TypeError):
        # The child died without an answer: interrupted, it stays so; else build here.
        return 128 + stopped[0] if stopped else None


def start(argv0: str = "") -> None:
    """Leave a helper running for the next build (detached; nothing if one is running)."""
    if not enabled():
        return
    import subprocess

    paths = _paths()
    ident = identity(paths)
    path = address(ident)
    if path is None:
        return
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
        return  # one is running
    except OSError:
        pass
    finally:
        probe.close()
    code = (
        "import sys, json; sys.path[:] = json.loads(sys.argv[1]); "
        "from cvbuilder.helper.serve import serve; serve(sys.argv[2], sys.argv[3])"
    )
    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-c", code, json.dumps(paths), path, ident],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            cwd="/",
        )


def listening(folder: str) -> list[int]:
    """The process ids of the helpers answering on sockets in ``folder`` (a helper's lock file
    holds its pid): what to stop."""
    import glob

    found = []
    for lock in sorted(glob.glob(os.path.join(folder, "helper-*.sock.lock"))):
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(lock.removesuffix(".lock"))
            with open(lock) as f:
                found.append(int(f.read()))
        except (OSError, ValueError):
            continue
        finally:
            probe.close()
    return found
