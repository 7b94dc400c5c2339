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
import errno
import json
import os
import shutil
import stat
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from gaptools.core.errors import WorkshopError, located_problems, validation_problems
from gaptools.core.migrate import upgrade
from gaptools.core.model import Workshop
from gaptools.files import validator_cache
from gaptools.files.reading import read_regular

if TYPE_CHECKING:
    # Imported where a workshop is edited (and ``tempfile`` where one is written): loading
    # one, which is all most commands do, needs neither.
    from gaptools.core import changes

MAX_FILE_BYTES = 50 * 1024 * 1024
# A temporary file of a save is this old only when the save that wrote it is gone.
STALE_TEMPORARY_SECONDS = 60.0

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
    if is_side_file(path) and not path.name.endswith(".bak"):
        # Read as a workshop, an empty lock file was "empty (an earlier version may be in
        # the .bak file)": a damaged workshop, which it never was.
        raise WorkshopError(
            "a file gaptools keeps beside a workshop while saving it, not a workshop: open "
            "the workshop file beside it",
            path,
        )
    with _naming(path), _pointing_to_backup(path):
        return _parsed(path, _read(path))[0]


class Damaged(WorkshopError):
    """The file's bytes are not a JSON document at all (empty, not UTF-8, cut short): the
    damage a save's backup is kept for, rather than a value a person typed wrong."""


BACKUP_HINT = "an earlier version is in"  # the start of the line that points to the .bak


@contextlib.contextmanager
def _pointing_to_backup(path: Path) -> Iterator[None]:
    """A damaged file with its backup beside it says where the earlier version is."""
    try:
        yield
    except Damaged as error:
        backup = backup_path(path)
        if ".bak" not in " ".join(error.problems) and backup.is_file():
            raise Damaged(
                [
                    *error.problems,
                    f"{BACKUP_HINT} {backup.name}: copy it over {path.name} to go back to it",
                ]
            ) from None
        raise


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    """Every problem met inside names ``path`` as the file it is about."""
    try:
        yield
    except WorkshopError as error:
        named = Damaged if isinstance(error, Damaged) else WorkshopError
        raise named(error.problems, path) from None


def parse(raw: bytes) -> Workshop:
    """A workshop from the bytes of a file, migrated to the current schema and validated."""
    data = document(raw)
    if not isinstance(data, dict):
        raise WorkshopError(f"the file must hold one workshop object, found a {_kind(data)}")
    data = upgrade(data)
    validator_cache.ready(atomic_write)
    try:
        return Workshop.model_validate(data)
    except ValidationError as error:
        raise WorkshopError(validation_problems(error.errors(), data)) from None


def revalidate(workshop: Workshop, path: Path | str | None = None) -> Workshop:
    """Check a workshop changed in memory as a whole, as loading would, before it is saved."""
    try:
        return Workshop.model_validate(workshop.model_dump(warnings=False))
    except ValidationError as error:
        raise WorkshopError(validation_problems(error.errors()), path) from None


def dumps(workshop: Workshop) -> str:
    return workshop.model_dump_json(indent=2) + "\n"


def save(workshop: Workshop, path: Path | str) -> bytes:
    """Write ``workshop`` atomically, keeping the version it replaces as ``.bak``; the bytes
    written are returned.

    This replaces whatever the file holds now: to change a workshop, use ``edit``. Temporary
    files left by a save that crashed are removed first (see ``_remove_stale_temporaries``).
    """
    path = Path(path)
    refuse_unsafe_output(path)
    _remove_stale_temporaries(path)
    payload = dumps(workshop).encode("utf-8")
    atomic_write(path, payload, keep_backup=True)
    return payload


def create(workshop: Workshop, path: Path | str) -> Path:
    """Write a new workshop file; an existing file is never replaced by this."""
    path = Path(path)
    if path.suffix.casefold() != ".json":
        # 'new q2.csv' wrote JSON under a name step 0's Open menu and the roll-up never list.
        raise WorkshopError(
            f"a workshop file's name ends in .json, as step 0 and the roll-up look for it: "
            f"name it {path.stem or path.name}.json",
            path,
        )
    if os.path.lexists(path):
        raise WorkshopError("already exists; choose another name or open it instead", path)
    refuse_unsafe_output(path)
    if not path.parent.is_dir():
        raise WorkshopError(f"the folder {path.parent} does not exist", path)
    atomic_write(path, dumps(workshop).encode("utf-8"), keep_backup=False)
    return path


DAMAGED_ENDING = ".damaged"


def restore_backup(path: Path | str) -> Path | None:
    """Put the previous version (``.bak``) back as the workshop, for a file that cannot be
    read or has gone: what a facilitator with no terminal needs instead of "copy it over".
    The backup is read and checked whole first, so one that cannot be read either changes
    nothing, and so does a file that can be read again by the time the lock is held. What
    stood in its place is kept as ``<name>.damaged`` (moved, so its mode goes with it), never
    lost: where it was kept is returned (None when the file had gone)."""
    path = Path(path)
    backup = backup_path(path)
    with _naming(backup):
        raw = _read(backup)
        parse(raw)
    aside = None
    with locked(path):
        if os.path.lexists(path):
            _refuse_if_readable(path)  # another page put it back, or the room went on in it
            aside = _set_aside_name(path)
            os.replace(path, aside)  # by name: its mode and group go with it
        atomic_write(path, raw)
    return aside


class ReadableAgain(WorkshopError):
    """A restore refused because the workshop can be read again: open it instead."""


def _refuse_if_readable(path: Path) -> None:
    try:
        load(path)
    except WorkshopError:
        return
    raise ReadableAgain(
        "can be read again (put back or repaired meanwhile): nothing was changed", path
    )


def _set_aside_name(path: Path) -> Path:
    """``<name>.damaged``, or ``<name>.damaged-2`` and on where one is kept already."""
    aside = path.with_name(path.name + DAMAGED_ENDING)
    number = 1
    while os.path.lexists(aside):
        number += 1
        aside = path.with_name(f"{path.name}{DAMAGED_ENDING}-{number}")
    return aside


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
    from gaptools.core import changes

    path = Path(path)
    if not path.is_file():
        load(path)  # the reason it cannot be read, without leaving a lock file behind
    with locked(path):
        current, before = _current(path)
        result = _applied(change, current, path, what)
        after = result.model_dump(mode="json")
        found = tuple(changes.diff(before, after))
        if found:
            _remember(path, save(result, path), after)
        return Edited(result, before, after, found, stamp(path))


# What this process last wrote to, or read for an edit of, a few workshops: the bytes and
# the plain JSON data they hold. A form's edits follow one another on a file nobody else
# saved meanwhile; the next edit, or another notebook catching up, then needs neither to
# decode those bytes again nor to dump the workshop to know what it was. The bytes
# themselves are compared, not a time or a size, so a save made elsewhere is always read
# afresh. The data is never changed in place: ``Edited.before`` of one edit is the very
# ``after`` of the edit before it.
_remembered: dict[str, tuple[bytes, dict[str, Any]]] = {}
REMEMBERED_FILES = 4  # a kernel edits the workshop it has open, and seldom more


def _parsed(path: Path, raw: bytes) -> tuple[Workshop, dict[str, Any] | None]:
    """The workshop ``raw`` holds, as a new object of its own, and its JSON data when known."""
    known = _remembered.get(os.path.abspath(path))
    if known is not None and known[0] == raw:
        # Validating the data again gives the caller a workshop no one else holds, exactly
        # as parsing the bytes would; it is cheaper than copying a kept workshop.
        return Workshop.model_validate(known[1]), known[1]
    return parse(raw), None


def _current(path: Path) -> tuple[Workshop, dict[str, Any]]:
    """The workshop in ``path`` now, for a change to edit, and its JSON data."""
    with _naming(path):
        raw = _read(path)
        spare = _spares.pop(os.path.abspath(path), None)
        if spare is not None and spare[0] == raw:
            return spare[1], spare[2]
        workshop, data = _parsed(path, raw)
    if data is None:
        data = workshop.model_dump(mode="json")
        _remember(path, raw, data)
    return workshop, data


def _remember(path: Path, raw: bytes, data: dict[str, Any]) -> None:
    key = os.path.abspath(path)
    _remembered.pop(key, None)
    _remembered[key] = (raw, data)
    while len(_remembered) > REMEMBERED_FILES:
        forgotten = next(iter(_remembered))
        del _remembered[forgotten]
        _spares.pop(forgotten, None)


# The workshop the next edit of a file will start from, validated ahead of time by
# ``prepare`` with the bytes it stands for. Each is handed to one edit only (taken out as it
# is handed), and only while the file still holds those bytes.
_spares: dict[str, tuple[bytes, Workshop, dict[str, Any]]] = {}


def prepare(path: Path | str) -> None:
    """Validate now the workshop the next ``edit`` of ``path`` will start from, when this
    process knows what the file holds (it saved it or read it for an edit last).

    A kernel calls this while it is idle after a change: the next change then starts at
    once, rather than waiting for a copy of the workshop no one else holds, which is most of
    a change's reading. If anyone saves the file meanwhile, the copy is simply not used.
    """
    key = os.path.abspath(path)
    known = _remembered.get(key)
    if known is None or key in _spares:
        return
    raw, data = known
    _spares[key] = (raw, Workshop.model_validate(data), data)


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


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


_held = threading.local()


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside ``path`` (``.<name>.lock``) for a read-change-write.

    Every user who may write the workshop can take the lock: the lock file gets the
    workshop's group and write permissions (``_open_lock``). When the lock cannot be taken
    the change is refused in words; it never goes ahead unlocked, since two writers could
    then overwrite each other. Locks are advisory; without ``flock`` (Windows) saves stay
    atomic and only simultaneous edits from two processes could race.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path = Path(path)
    refuse_unsafe_output(path)
    handle = _open_lock(path)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError as error:
            raise _lock_refused(path, error) from None
        held = _held_locks()
        key = os.path.abspath(path)
        held.append(key)
        try:
            yield
        finally:
            held.remove(key)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def _held_locks() -> list[str]:
    """The workshops whose lock this thread holds now (a save under its own lock knows that
    every temporary file of that workshop belongs to a save that is gone)."""
    if not hasattr(_held, "paths"):
        _held.paths = []
    return _held.paths


def _open_lock(path: Path) -> int:
    """A descriptor on the lock file of ``path``, which is created when missing.

    An existing lock file that this user may not write (made by a colleague whose group
    cannot write it) is opened for reading: ``flock`` works on either. Links and special
    files are refused rather than followed or blocked on.
    """
    lock_file = lock_path(path)
    try:
        try:
            handle = _open_lock_file(lock_file)
        except PermissionError:
            # A colleague may have created it an instant ago, before giving it the mode
            # that lets the group in (``_share_lock``): look once more before refusing.
            time.sleep(LOCK_RETRY_SECONDS)
            handle = _open_lock_file(lock_file)
    except OSError as error:
        raise _lock_refused(path, error) from None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise _lock_refused(path, OSError(0, f"{lock_file.name} is not a regular file"))
    _share_lock(handle, path)
    return handle


LOCK_RETRY_SECONDS = 0.2


def _open_lock_file(lock_file: Path) -> int:
    flags = os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(lock_file, flags | os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        try:
            return os.open(lock_file, flags | os.O_RDWR)
        except PermissionError:
            return os.open(lock_file, flags | os.O_RDONLY)


def _share_lock(handle: int, path: Path) -> None:
    """Give a lock file this user owns the workshop's group, and let each class of users who
    may write the workshop write the lock too. Readers never need the lock, so it is not
    readable more widely than that. Best effort: a lock owned by someone else is left as is."""
    try:
        lock = os.fstat(handle)
        if lock.st_uid != os.geteuid():
            return
        info = os.lstat(path)
        wanted = 0o600 | _writers_bits(info.st_mode)
        if lock.st_gid != info.st_gid:
            os.fchown(handle, -1, info.st_gid)
        if stat.S_IMODE(lock.st_mode) != wanted:
            os.fchmod(handle, wanted)
    except OSError:
        pass


def _writers_bits(mode: int) -> int:
    """Read and write for the group and for others, each where ``mode`` lets them write."""
    return (0o060 if mode & stat.S_IWGRP else 0) | (0o006 if mode & stat.S_IWOTH else 0)


def _lock_refused(path: Path, error: OSError) -> WorkshopError:
    lock = lock_path(path)
    name = lock.name
    if error.errno == errno.ELOOP:
        reason = f"{name} is a symbolic link"
    else:
        reason = error.strerror or str(error)
    if not os.path.lexists(lock):  # nothing to remove: the folder itself refuses new files
        return WorkshopError(
            f"nothing was changed: the folder {path.parent} does not let you create files "
            f"({reason}), and a save needs its lock file {name} there; save the workshop in a "
            "folder you can write to, or ask for write access to this one",
            path,
        )
    return WorkshopError(
        f"nothing was changed: the lock file {name} cannot be used ({reason}); let the "
        "workshop's group read and write it, or remove it when nobody is saving",
        path,
    )


SIDE_FILE_PROBLEM = (
    "is a backup, lock or temporary file kept beside a workshop; write to another name"
)


def output_problem(path: Path) -> str | None:
    """Why nothing may be written at ``path``, in words; None when a save may replace it.

    A save replaces the name it is given and nothing else: never what a symbolic link planted
    in a shared folder points at, never a device or a pipe, never a workshop's recovery copy,
    lock or temporary file.
    """
    if is_side_file(path):
        return SIDE_FILE_PROBLEM
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot write here: {error.strerror or error}"
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link; links are never written through, give the file's own name"
    if stat.S_ISDIR(info.st_mode):
        return "is a folder; give a file name"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a device or a pipe); give a regular file's name"
    if not os.access(path, os.W_OK):
        # Its folder may still let a save rename a new file over it: a file made read-only
        # to keep it as it is was changed all the same.
        return _unwritable(path, info)
    return None


def _unwritable(path: Path, info: os.stat_result) -> str:
    """Why a file may not be written, by its cause: each has another way out."""
    with contextlib.suppress(OSError, AttributeError):
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "cannot write here: the disk or share it is on is read-only"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return (
            "is read-only for you, so nothing is saved to it: it belongs to another user; ask "
            "them, or an administrator, for write access"
        )
    return "is read-only for you, so nothing is saved to it (chmod u+w makes it writable)"


def refuse_unsafe_output(path: Path) -> None:
    problem = output_problem(path)
    if problem:
        raise WorkshopError(problem, path)


def is_side_file(path: Path) -> bool:
    """A workshop's backup (``W.json.bak``), lock (``.W.json.lock``) or temporary file
    (``.W.json.*.tmp``): kept beside it by saves, never a target of its own."""
    name = path.name
    hidden = name.startswith(".") and len(name) > 1
    return name.endswith(".bak") or (hidden and name.endswith((".lock", ".tmp")))


def _remove_stale_temporaries(path: Path) -> None:
    """Remove the temporary files a crashed save of ``path`` left beside it (``.W.json.*.tmp``).

    Only this workshop's own, only regular files, and only ones no save is writing now: under
    the workshop's lock every one is stale (saves write under it); otherwise only those
    untouched for ``STALE_TEMPORARY_SECONDS``. A file that cannot be removed is left.
    """
    prefix, folder = f".{path.name}.", path.parent
    under_lock = os.path.abspath(path) in _held_locks()
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    for name in names:
        candidate = folder / name
        with contextlib.suppress(OSError):
            info = os.lstat(candidate)
            if stat.S_ISREG(info.st_mode) and (under_lock or info.st_mtime < cutoff):
                os.unlink(candidate)


def atomic_write(path: Path, data: bytes, keep_backup: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step; on any failure the old file is untouched.

    The new file keeps the mode and group of the one it replaces (a ``0664`` or ``0600``
    workshop stays so), and a new file gets the mode the umask gives, as any program's would;
    the folder's setgid bit gives it the folder's group. A link, a device, a pipe, a side
    file or a file its user may not write at ``path`` is refused (``output_problem``), never
    written through or over.
    """
    import tempfile

    refuse_unsafe_output(path)
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise WorkshopError(f"cannot write here: {error.strerror}", path) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            _take_mode(stream.fileno(), path)
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


def _take_mode(handle: int, path: Path) -> None:
    """Give the temporary file the mode and group its final name should have.

    It is created ``0600`` and only gets the final mode once written in full, so nobody can
    open it earlier than they could open the file it becomes. The group is best effort: a
    user outside the old file's group leaves the folder's group.
    """
    try:
        previous = os.lstat(path)
    except FileNotFoundError:
        os.fchmod(handle, 0o666 & ~_umask())
        return
    if previous.st_gid != os.fstat(handle).st_gid:
        with contextlib.suppress(OSError):
            os.fchown(handle, -1, previous.st_gid)
    os.fchmod(handle, stat.S_IMODE(previous.st_mode) & 0o777)


def _umask() -> int:
    """This process's umask, read without changing it where the system says it (Linux)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _keep_previous(path: Path) -> None:
    """Point ``.bak`` at the current version: a hard link costs nothing, is atomic and keeps
    the file's mode and group, since it is the same file."""
    backup = backup_path(path)
    if _same_file(path, backup):
        # A save that failed after this step already made it; renaming a link over its own
        # file does nothing and would leave the staging name behind.
        return
    staging = backup.with_name(f".{backup.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(staging)
    try:
        try:
            os.link(path, staging)
        except OSError:
            shutil.copy2(path, staging)
            _copy_group(path, staging)
        os.replace(staging, backup)
    except OSError:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staging)
        raise


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samestat(os.lstat(one), os.lstat(other))
    except OSError:
        return False


def _copy_group(source: Path, copy: Path) -> None:
    """A copied backup keeps the group too (``copy2`` keeps the mode); best effort."""
    with contextlib.suppress(OSError):
        os.chown(copy, -1, os.lstat(source).st_gid, follow_symlinks=False)


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; some platforms cannot open folders.
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _read(path: Path) -> bytes:
    """The file's bytes; a pipe, a device, a folder or a link loop is refused, not read."""
    return read_regular(path, MAX_FILE_BYTES, "workshop file")


# No value in a workshop needs more digits than this; Python itself refuses to convert
# integers of more than 4,300 digits, with a traceback rather than a sentence.
MAX_INTEGER_DIGITS = 30


class _Unreadable(ValueError):
    """Raised while decoding JSON, for a file that is valid JSON but not a workshop."""


@dataclass(frozen=True)
class _HugeNumber:
    """Stands for an integer too long to convert, until its key is known to name it."""

    digits: int


# Every digit as "0" and every other byte as a space, so that a run of digits longer than any
# workshop number (in a value or in a string) is found by a plain substring search.
_DIGITS_AS_ZEROS = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))
_LONG_DIGITS = b"0" * (MAX_INTEGER_DIGITS + 1)


def _decoded(text: str, raw: bytes) -> Any:
    """The JSON value in ``text`` (decoded from ``raw``), refusing a key written twice and
    an integer too long to be a workshop value, as ``_json_object`` says. Only a file with a
    long run of digits somewhere can hold such an integer; any other needs only its keys
    counted, and is decoded nearly as fast as plain ``json.loads`` does."""
    if _LONG_DIGITS not in raw.translate(_DIGITS_AS_ZEROS):
        return json.loads(text, object_pairs_hook=_unique_keys)
    return json.loads(text, parse_int=_whole_number, object_pairs_hook=_json_object)


def document(raw: bytes) -> Any:
    """The JSON value a file's bytes hold; ``Damaged`` says, in words, why they hold none.
    Everything that reads a file as a workshop (a command, the roll-up's search) says the
    same of the same bytes."""
    if not raw.strip():
        raise Damaged("the file is empty (an earlier version may be in the .bak file)")
    if not raw.strip(b"\x00 \t\r\n"):
        raise Damaged(
            "the file holds only zero bytes, as a save cut off by a crash leaves it (an "
            "earlier version may be in the .bak file)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Damaged(f"the file is not UTF-8 text (byte {error.start})") from None
    try:
        return _decoded(text, raw)
    except _Unreadable as refusal:
        raise WorkshopError(str(refusal)) from None
    except json.JSONDecodeError as error:
        raise Damaged(
            f"not valid JSON at line {error.lineno}, column {error.colno}: "
            + _json_words(error, text)
        ) from None
    except RecursionError:
        raise WorkshopError("the file is nested far too deeply to be a workshop") from None


#: The JSON reader's messages, as a person who opens the file in an editor needs them.
_JSON_WORDS = {
    "Expecting value": "a value is missing",
    "Expecting ',' delimiter": "a comma is missing",
    "Expecting ':' delimiter": "a colon is missing after a name",
    "Expecting property name enclosed in double quotes": (
        "a name not in double quotes, or a comma before a closing brace"
    ),
    "Unterminated string starting at": "a text in quotes is never closed",
    "Invalid control character at": "a line break or tab inside a text in quotes",
    "Extra data": "more follows the end of the workshop's data",
    "Invalid \\escape": "a backslash that starts no escape JSON knows",
}


def _json_words(error: json.JSONDecodeError, text: str) -> str:
    """What is wrong where the reader stopped; a file that ends before its data does (a
    workshop's ends with its closing brace) was cut short, whatever the reader met first;
    one that does not even begin as JSON does is another kind of file (a CSV, a web page)."""
    if not text.lstrip().startswith(("{", "[")):
        return (
            "it does not begin with '{' as a workshop file does: it is another kind of file "
            "(a spreadsheet saved as CSV, a web page, a text?)"
        )
    if not text.rstrip().endswith(("}", "]")):
        return "the file ends before its data does (it was cut short)"
    said = _JSON_WORDS.get(error.msg, error.msg)
    return f"{said} (the file may have been edited by hand)"


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict; a key written twice is refused (see ``_json_object``)."""
    data = dict(pairs)
    if len(data) != len(pairs):
        _refuse_repeated_key(pairs)
    return data


def _refuse_repeated_key(pairs: list[tuple[str, Any]]) -> None:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _Unreadable(f"the key {key!r} appears twice in the same object; keep only one")
        seen.add(key)


def _whole_number(text: str) -> int | _HugeNumber:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_INTEGER_DIGITS else _HugeNumber(digits)


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing what plain ``json.loads`` would let through: a key
    written twice (the first value would be silently lost at the next save) and an integer
    far too long to be a workshop value (named here, where its key is known)."""
    data = _unique_keys(pairs)
    for key, value in pairs:
        huge = _huge_in(value)
        if huge is not None:
            raise _Unreadable(
                f"{key}: a number of {huge.digits:,} digits is far too long to be a workshop value"
            )
    return data


def _huge_in(value: Any) -> _HugeNumber | None:
    """The over-long integer in ``value`` itself or in its lists (objects inside were already
    checked when they were decoded)."""
    if isinstance(value, _HugeNumber):
        return value
    if isinstance(value, list):
        for item in value:
            found = _huge_in(item)
            if found is not None:
                return found
    return None


def _kind(value: object) -> str:
    return {list: "list", str: "text", int: "number", float: "number"}.get(type(value), "value")
