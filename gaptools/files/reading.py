"""Reading the bytes of an input file without trusting what the name points at.

A name given for a workshop or a sheet may point at a named pipe (which blocks a reader until
someone writes to it), a device such as ``/dev/zero`` (which never ends), a folder, a socket or
a loop of symbolic links. Only regular files are read, and never more than the size limit plus
one byte, so a hostile or mistaken name gives one sentence instead of a hang, an exhausted
memory or a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gaptools.core.errors import WorkshopError

# Opening a pipe for reading blocks until a writer appears unless the open is non-blocking;
# a terminal device must not become the controlling terminal. Neither flag exists on Windows.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_OPEN_FLAGS |= getattr(os, "O_BINARY", 0)


def read_regular(path: Path | str, limit: int, what: str) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    ``what`` names the kind of file expected ("workshop file", "spreadsheet") in messages.
    At most ``limit + 1`` bytes are read, so a file that grows while being read is refused
    rather than read without end.
    """
    path = Path(path)
    with _regular_file(path, what) as (descriptor, info):
        _refuse_if_larger(info.st_size, limit, what, path)
        data = _read_up_to(descriptor, limit + 1)
    _refuse_if_larger(len(data), limit, what, path)
    return data


def read_start(path: Path | str, count: int, what: str) -> bytes:
    """The first ``count`` bytes (or fewer) of ``path`` if it is a regular file: enough to
    tell a workshop from other JSON without reading it."""
    with _regular_file(Path(path), what) as (descriptor, _):
        return _read_up_to(descriptor, count)


@contextmanager
def _regular_file(path: Path, what: str) -> Iterator[tuple[int, os.stat_result]]:
    """An open descriptor of ``path`` and its status, if it is a regular file. The name is
    checked before opening (so a device is not even opened) and the opened file again (so a
    name swapped in between is caught); any failure is one sentence naming the file."""
    try:
        _refuse_unless_regular(os.stat(path).st_mode, what, path)
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise WorkshopError(_os_problem(error), path) from None
    try:
        info = os.fstat(descriptor)
        _refuse_unless_regular(info.st_mode, what, path)
        yield descriptor, info
    except OSError as error:
        raise WorkshopError(_os_problem(error), path) from None
    finally:
        os.close(descriptor)


def _read_up_to(descriptor: int, count: int) -> bytes:
    """Up to ``count`` bytes: ``os.read`` may return less than asked before the end."""
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = os.read(descriptor, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _refuse_unless_regular(mode: int, what: str, path: Path) -> None:
    if stat.S_ISREG(mode):
        return
    raise WorkshopError(f"is {_kind(mode)}, not a {what}", path)


def _refuse_if_larger(size: int, limit: int, what: str, path: Path) -> None:
    if size > limit:
        raise WorkshopError(
            f"the file is too large (more than {limit:,} bytes) to be a {what}", path
        )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


_PROBLEMS = {
    errno.ENOENT: "no such file",
    errno.EACCES: "permission denied: the file cannot be read",
    errno.EPERM: "permission denied: the file cannot be read",
    errno.ELOOP: "the name is a loop of symbolic links that never reaches a file",
    errno.ENOTDIR: "no such file (a part of the path is not a folder)",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENXIO: "is a socket or a device that cannot be read as a file",
    errno.EISDIR: "is a folder, not a file",
}


def _os_problem(error: OSError) -> str:
    known = _PROBLEMS.get(error.errno or 0)
    if known:
        return known
    return f"the file cannot be read: {error.strerror or error}"
