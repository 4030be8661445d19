"""Reading inputs and writing outputs without surprises.

Inputs (profiles, ``.bib`` files, photos, JSON Resume files) must be regular files under a
size cap: a FIFO would block forever and ``/dev/zero`` would fill memory. Outputs are written
atomically next to a regular-file target, written *through* to character devices and pipes
(``-o /dev/null``: renaming over a device breaks it for the whole machine when run as root),
and refused for folders, sockets and other special files.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

MAX_INPUT = 32 * 1024 * 1024  # no real profile, .bib or photo comes near this


class FileProblem(Exception):
    """An input or output path that cannot be used; the message says why, in words."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_input(path: Path | str, limit: int = MAX_INPUT) -> bytes:
    """The bytes of a regular file (symlinks resolved) of at most ``limit`` bytes.

    Raises :class:`FileProblem` with a message such as ``'x.bib' is a named pipe, not a
    file``; never blocks on a FIFO and never reads more than ``limit + 1`` bytes."""
    path = Path(path)
    check_input(path, limit)  # names sockets, folders and devices before trying to open them
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FileProblem(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(f"{path}: is {_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise FileProblem(f"{path}: is {_size(info.st_size)}; the limit is {_size(limit)}")
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError as exc:
                raise FileProblem(f"{path}: cannot be read ({exc.strerror})") from None
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # the file grew while being read
                raise FileProblem(f"{path}: is larger than the limit of {_size(limit)}")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def check_input(path: Path | str, limit: int = MAX_INPUT) -> None:
    """Raise :class:`FileProblem` unless ``path`` is a readable regular file under ``limit``."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such file") from None
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(f"{path}: is {_kind(info.st_mode)}, not a regular file")
    if info.st_size > limit:
        raise FileProblem(f"{path}: is {_size(info.st_size)}; the limit is {_size(limit)}")
    if not os.access(path, os.R_OK):
        raise FileProblem(f"{path}: cannot be read (permission denied)")


def _target(path: Path) -> tuple[Path, os.stat_result | None]:
    """Where writing ``path`` lands (a symlink's target) and what is there now."""
    try:
        info = path.stat()  # follows symlinks: /dev/stdout → the real thing
    except FileNotFoundError:
        return (path.resolve() if path.is_symlink() else path), None
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be written ({exc.strerror})") from None
    return (path.resolve() if path.is_symlink() else path), info


def _through(path: Path, info: os.stat_result | None) -> bool:
    """True for targets written through instead of replaced: devices, pipes, /dev and /proc."""
    if info is None:
        return False
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return True
    return stat.S_ISREG(info.st_mode) and str(path.absolute()).startswith(("/dev/", "/proc/"))


def check_output(path: Path | str) -> None:
    """Raise :class:`FileProblem` unless :func:`write_output` or :func:`place` can write ``path``
    (checked before any work is done, so a refused target costs nothing)."""
    path = Path(path)
    target, info = _target(path)
    if info is not None and not (stat.S_ISREG(info.st_mode) or _through(path, info)):
        raise FileProblem(f"{path}: is {_kind(info.st_mode)}; give a file name to write")
    if info is None and (str(path).endswith(("/", os.sep)) or path.name in ("", ".", "..")):
        raise FileProblem(f"{path}: is a folder name; give a file name to write")
    if info is None and not target.parent.is_dir():
        raise FileProblem(f"{path}: the folder {target.parent} does not exist")


_STANDARD = {"-": 1, "/dev/stdout": 1, "/dev/stderr": 2}
_FD_PREFIXES = ("/dev/fd/", "/proc/self/fd/")


def _own_descriptor(path: Path | str | None) -> int | None:
    """The descriptor ``path`` names in this process (``-``, ``/dev/stdout``, ``/dev/fd/3``):
    written directly, since opening it anew would write at another offset than the shell's."""
    if path is None:
        return 1
    text = str(path)
    if text in _STANDARD:
        return _STANDARD[text]
    for prefix in _FD_PREFIXES:
        if text.startswith(prefix) and text[len(prefix) :].isdigit():
            return int(text[len(prefix) :])
    return None


def _write_all(fd: int, raw: bytes) -> None:
    view = memoryview(raw)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise FileProblem(f"cannot write the output ({exc.strerror})") from None


def _write_through(path: Path, raw: bytes) -> None:
    """Write into a device or pipe that stays what it is; a pipe nobody reads is an error."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise FileProblem(f"{path}: is a named pipe that no process is reading") from None
        raise FileProblem(f"{path}: cannot be written ({exc.strerror})") from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be written ({exc.strerror})") from None
    finally:
        os.close(fd)


def write_output(path: Path | str | None, data: str | bytes) -> None:
    """Write ``data`` to ``path`` (``None`` or ``-``: standard output).

    A regular file (or a new name) is replaced atomically by a temporary file made next to it,
    which never outlives the call. A character device or a pipe (``/dev/null``,
    ``/dev/stdout``) is written through. A folder, socket or other special file is refused
    with :class:`FileProblem`; so is a path whose folder does not exist."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    own = _own_descriptor(path)
    if own is not None:  # standard output or another descriptor this process already has
        stream = {1: sys.stdout, 2: sys.stderr}.get(own)
        if stream is None:
            _write_all(own, raw)
            return
        try:
            stream.flush()
            stream.buffer.write(raw)
            stream.buffer.flush()
        except OSError as exc:
            raise FileProblem(f"cannot write the output ({exc.strerror})") from None
        return
    path = Path(path)
    check_output(path)
    target, info = _target(path)
    if _through(path, info):
        _write_through(path, raw)
        return
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be written ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        _finish(Path(tmp), target, info)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise FileProblem(f"{path}: cannot be written ({exc.strerror})") from None
        raise


def _finish(tmp: Path, target: Path, info: os.stat_result | None) -> None:
    """Give ``tmp`` the mode the target had (or a new file's), then rename it over the target."""
    if info is not None:
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)


def place(source: Path, path: Path) -> None:
    """Move the finished file ``source`` to ``path`` with the rules of :func:`write_output`:
    renamed over a regular file (a symlink's target for a symlink), written through to a
    device or pipe, refused for anything else. ``source`` is gone afterwards."""
    check_output(path)
    target, info = _target(path)
    if _through(path, info):
        _write_through(path, source.read_bytes())
        source.unlink()
        return
    try:
        _finish(source, target, info)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise FileProblem(f"{path}: cannot be written ({exc.strerror})") from None
        write_output(target, source.read_bytes())  # another file system: copy, then rename
        source.unlink()
