"""Reading and writing workshop files so that nothing is ever lost.

Saves are atomic: the new content goes to a temporary file in the same folder, is flushed and
fsynced, and only then replaces the old file with ``os.replace``. A killed process therefore
leaves either the old file or the new one, never half of one. The version being replaced is
kept beside it as ``<name>.bak`` for recovery. Loading never writes, so a file that cannot be
read stays exactly as it was.

A workshop is changed in one way only: ``edit``. It holds the file's lock, reads the file as
it is now, applies one change, validates the whole workshop, saves it and says exactly what
changed. Forms, ``gaptools import-portfolio`` and every later command that writes go through
it, so two writers never overwrite each other and an undo can take back one change alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gaptools.core import changes
from gaptools.core.errors import WorkshopError, located_problems, validation_problems
from gaptools.core.migrate import upgrade
from gaptools.core.model import Workshop

MAX_FILE_BYTES = 50 * 1024 * 1024

Change = Callable[[Workshop], object]
Stamp = tuple[int, int, int]


class Refused(WorkshopError):
    """A change the workshop's rules do not allow. ``located`` pairs each reason with the
    field it concerns (``"meta.team"``, or ``""`` for the workshop as a whole), so a form can
    name the field in its own words; ``problems`` reads ``field: reason`` as loading does."""

    def __init__(self, located: Sequence[tuple[str, str]], path: Path | str | None = None) -> None:
        self.located = tuple(located)
        super().__init__([f"{where}: {text}" if where else text for where, text in located], path)


@dataclass(frozen=True)
class Edited:
    """What one ``edit`` did: the workshop as saved, the file's data before and after (plain
    JSON, as ``model_dump(mode="json")``) and the changes between them, which is all that an
    undo of this edit needs. No changes means nothing was written."""

    workshop: Workshop
    before: dict[str, Any]
    after: dict[str, Any]
    changes: tuple[changes.Change, ...]
    stamp: Stamp | None

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def load(path: Path | str) -> Workshop:
    """The workshop in ``path``, validated; a ``WorkshopError`` says what is wrong and where."""
    path = Path(path)
    try:
        return parse(_read(path))
    except WorkshopError as error:
        raise WorkshopError(error.problems, path) from None


def parse(raw: bytes) -> Workshop:
    """A workshop from the bytes of a file, migrated to the current schema and validated."""
    if not raw.strip():
        raise WorkshopError("the file is empty (an earlier version may be in the .bak file)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise WorkshopError(f"the file is not UTF-8 text (byte {error.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise WorkshopError(
            f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
            " (the file may be cut short or edited by hand)"
        ) from None
    except RecursionError:
        raise WorkshopError("the file is nested far too deeply to be a workshop") from None
    if not isinstance(data, dict):
        raise WorkshopError(f"the file must hold one workshop object, found a {_kind(data)}")
    data = upgrade(data)
    try:
        return Workshop.model_validate(data)
    except ValidationError as error:
        raise WorkshopError(validation_problems(error.errors())) from None


def revalidate(workshop: Workshop, path: Path | str | None = None) -> Workshop:
    """Check a workshop changed in memory as a whole, as loading would, before it is saved."""
    try:
        return Workshop.model_validate(workshop.model_dump(warnings=False))
    except ValidationError as error:
        raise WorkshopError(validation_problems(error.errors()), path) from None


def dumps(workshop: Workshop) -> str:
    return workshop.model_dump_json(indent=2) + "\n"


def save(workshop: Workshop, path: Path | str) -> None:
    """Write ``workshop`` atomically, keeping the version it replaces as ``.bak``.

    This replaces whatever the file holds now: to change a workshop, use ``edit``.
    """
    atomic_write(Path(path), dumps(workshop).encode("utf-8"), keep_backup=True)


def create(workshop: Workshop, path: Path | str) -> Path:
    """Write a new workshop file; an existing file is never replaced by this."""
    path = Path(path)
    if path.exists():
        raise WorkshopError("already exists; choose another name or open it instead", path)
    if not path.parent.is_dir():
        raise WorkshopError(f"the folder {path.parent} does not exist", path)
    atomic_write(path, dumps(workshop).encode("utf-8"), keep_backup=False)
    return path


def edit(path: Path | str, change: Change, what: str = "") -> Edited:
    """Apply ``change`` to the workshop in ``path`` as one transaction, and say what changed.

    Under the file's lock: read and parse the file as it is now (never a copy held in
    memory, so a save made meanwhile by another notebook or command is built on, not lost),
    call ``change(workshop)``, validate the whole workshop, and save it atomically (the
    replaced version stays as ``.bak``). ``change`` edits the workshop it is given in place,
    or returns a replacement ``Workshop`` (any other return value is ignored).

    A change that breaks a rule raises ``Refused`` naming the field; a ``WorkshopError`` the
    change raises itself (a ``changes.Conflict``, a sheet with no usable row …) passes
    through as it is. Either way, and when the file cannot be read, nothing is written: the
    file stays byte-identical. A change that changes nothing writes nothing either.
    ``what`` says what the change is, for messages.
    """
    path = Path(path)
    if not path.is_file():
        load(path)  # the reason it cannot be read, without leaving a lock file behind
    with locked(path):
        current = load(path)
        before = current.model_dump(mode="json")
        result = _applied(change, current, path, what)
        after = result.model_dump(mode="json")
        found = tuple(changes.diff(before, after))
        if found:
            save(result, path)
        return Edited(result, before, after, found, stamp(path))


def _applied(change: Change, workshop: Workshop, path: Path, what: str) -> Workshop:
    """The changed workshop, validated as a whole as loading would; else ``Refused``."""
    try:
        returned = change(workshop)
        candidate = returned if isinstance(returned, Workshop) else workshop
        # Through pydantic's own (compiled) dump and validation: every rule that spans
        # fields is checked, and nothing of the object the change touched is kept.
        return Workshop.model_validate(candidate.model_dump(warnings=False))
    except ValidationError as error:
        raise Refused(located_problems(error.errors()), path) from None
    except WorkshopError:
        raise
    except (ValueError, TypeError) as error:
        raise Refused([("", str(error) or f"{what or 'the change'} is not valid")], path) from None


def stamp(path: Path | str) -> Stamp | None:
    """What identifies one saved version of a file cheaply: a save replaces the file (a new
    inode) and changes its time and usually its size. None when it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside ``path`` (``.<name>.lock``) for a read-change-write.

    Locks are advisory and POSIX only; where they are unavailable the saves stay atomic and
    only simultaneous edits from two processes could race.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    lock_file = path.with_name(f".{path.name}.lock")
    try:
        handle = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)


def atomic_write(path: Path, data: bytes, keep_backup: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step; on any failure the old file is untouched."""
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise WorkshopError(f"cannot write here: {error.strerror}", path) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if keep_backup and path.is_file():
            _keep_previous(path)
        os.replace(temporary, path)
        _sync_folder(folder)
    except OSError as error:
        raise WorkshopError(f"cannot save: {error.strerror or error}", path) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _keep_previous(path: Path) -> None:
    """Point ``.bak`` at the current version: a hard link costs nothing and is atomic."""
    backup = backup_path(path)
    staging = backup.with_name(f".{backup.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(staging)
    try:
        try:
            os.link(path, staging)
        except OSError:
            shutil.copy2(path, staging)
        os.replace(staging, backup)
    except OSError:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staging)
        raise


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; some platforms cannot open folders.
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _read(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise WorkshopError("is a folder, not a workshop file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise WorkshopError(f"the file is too large ({size:,} bytes) to be a workshop")
        return path.read_bytes()
    except FileNotFoundError:
        raise WorkshopError("no such file") from None
    except PermissionError:
        raise WorkshopError("permission denied: the file cannot be read") from None


def _kind(value: object) -> str:
    return {list: "list", str: "text", int: "number", float: "number"}.get(type(value), "value")
