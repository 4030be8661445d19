"""The helper's side: import once, then fork a child per request that runs the command in the
client's folder, environment and terminal (see :mod:`cvbuilder.helper`)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys

from cvbuilder import code
from cvbuilder.helper import IDLE


def _snapshot() -> dict[str, tuple[int, int]]:
    """Every file the helper's code came from (its imports, and every file and folder of the
    package and the layouts: locale tables and new layouts too), with size and mtime."""
    files = {getattr(m, "__file__", None) for m in list(sys.modules.values())}
    found = {}
    for path in [*sorted(f for f in files if isinstance(f, str)), *code.paths()]:
        try:
            info = os.stat(path)
        except OSError:
            found[path] = (-1, -1)
            continue
        found[path] = (info.st_size, info.st_mtime_ns)
    return found


def _fresh(snapshot: dict[str, tuple[int, int]]) -> bool:
    for path, seen in snapshot.items():
        try:
            info = os.stat(path)
            now = (info.st_size, info.st_mtime_ns)
        except OSError:
            now = (-1, -1)
        if now != seen:
            return False
    return True


PRELOAD = ("cvbuilder.cli.commands", "cvbuilder.pipeline", "cvbuilder.build", "cvbuilder.outputs")


def _warm() -> None:
    """The Python side of a build once, on the starter profile (no TeX, nothing written), so
    first-use costs (validators, PyLaTeX, the locale tables) are paid before any request. What
    depends on the environment or the TeX installation is forgotten again: a request's child
    finds it out in the client's environment."""
    from cvbuilder import cache
    from cvbuilder.load.profile import load
    from cvbuilder.render.variant import render
    from cvbuilder.tex import compile as tex_compile
    from cvbuilder.tex import engines

    cache.own_code()  # the same for every child (the helper refuses when a file changed)
    with contextlib.suppress(Exception):  # a broken starter must not keep it from serving
        profile = load(os.path.join(code.PACKAGE, "starter.yaml"))
        for name in ("cv", "resume"):
            render(profile, name)
    for cached in (cache.tex_fingerprint, tex_compile._guard, engines.missing):
        cached.cache_clear()


def serve(path: str, ident: str, idle: float | None = None) -> None:
    """Import everything a build needs, then answer requests on ``path`` until idle or stale."""
    import fcntl
    import signal

    try:
        lock = os.open(path + ".lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.ftruncate(lock, 0)
        os.write(lock, f"{os.getpid()}\n".encode())  # who to stop: kill $(cat …lock)
    except OSError:
        return  # another helper is starting or running
    import importlib

    for module in PRELOAD:  # what a build imports, once
        importlib.import_module(module)
    from cvbuilder import registry

    for name in registry.names():  # the layouts themselves (imported, not run)
        try:
            registry.get(name)
        except Exception:  # a broken layout is reported by the build itself
            continue
    _warm()
    registry.refresh()  # which layouts exist is looked up again by each build
    if idle is None:
        try:
            idle = float(os.environ.get("CVBUILDER_SERVER_IDLE", IDLE))
        except ValueError:
            idle = IDLE
    snapshot = _snapshot()
    old = os.umask(0o077)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # a crashed helper's socket (we hold the lock)
        listener.bind(path)
    finally:
        os.umask(old)
    listener.listen(16)
    listener.settimeout(idle)
    mine = os.stat(path).st_ino
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    try:
        while True:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                break
            conn.settimeout(None)
            if not _answer(conn, listener, ident, snapshot):
                break
    finally:
        try:
            if os.stat(path).st_ino == mine:
                os.unlink(path)
        except OSError:
            pass
        os.close(lock)


def _answer(conn: socket.socket, listener: socket.socket, ident: str,
            snapshot: dict[str, tuple[int, int]]) -> bool:  # fmt: skip
    """Serve one request in a forked child; False when the helper must stop (stale code)."""
    import struct

    fds: list[int] = []
    try:
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        if struct.unpack("3i", creds)[1] != os.getuid():
            return True
        data, fds, _flags, _addr = socket.recv_fds(conn, 65536, 3)
        while not data.endswith(b"\n"):
            more = conn.recv(65536)
            if not more:
                return True
            data += more
        request = json.loads(data)
        if request.get("id") != ident or len(fds) != 3:
            conn.sendall(b'{"refused": "another installation"}\n')
            return True
        if not _fresh(snapshot):
            conn.sendall(b'{"refused": "stale"}\n')
            return False
        if os.fork() == 0:
            listener.close()
            _child(conn, fds, request)  # never returns
        return True
    except (OSError, ValueError):
        return True
    finally:
        for fd in fds:
            os.close(fd)
        conn.close()


def _child(conn: socket.socket, fds: list[int], request: dict) -> None:  # type: ignore[type-arg]
    """Become the command the client would have run, run it, report its exit code."""
    import io
    import signal
    import threading

    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        os.chdir(request["cwd"])
        os.umask(request["umask"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["CVBUILDER_HELPER"] = str(os.getppid())  # for --verbose
        sys.argv = ["cvbuilder", *request["argv"]]
        encoding, errors = request["encoding"], request["errors"]
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding=encoding)
        for name, fd in (("stdout", 1), ("stderr", 2)):
            tty = os.isatty(fd)
            stream = io.TextIOWrapper(io.FileIO(fd, "w", closefd=False), encoding=encoding,
                                      errors=errors if fd == 1 else "backslashreplace",
                                      line_buffering=tty, write_through=fd == 2)  # fmt: skip
            setattr(sys, name, stream)
        conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")

        def client_gone() -> None:  # the client was killed: stop, as a killed build would
            with contextlib.suppress(OSError):
                conn.recv(1)
            os.kill(os.getpid(), signal.SIGTERM)

        threading.Thread(target=client_gone, daemon=True).start()
        from cvbuilder.cli.commands import main

        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
        except KeyboardInterrupt:
            code = 130
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError):
                stream.flush()
        conn.sendall(json.dumps({"exit": code}).encode() + b"\n")
    except BaseException:  # no answer: the client builds in its own process instead
        os._exit(70)
    os._exit(code)
