"""The user's workshop folder and which workshop is open.

Notebooks never edit the shipped example under ``data/``: when nobody has chosen a workshop
they work on a copy of it in the workshop folder. The folder is ``$GAPTOOLS_HOME`` when set,
otherwise ``workshops/`` in the checkout (git-ignored), otherwise ``~/gaptools-workshops``.
On a JupyterHub each user gets a sub-folder named after ``$JUPYTERHUB_USER``, so people
sharing a disk never overwrite each other. The open workshop is remembered in
``current.json`` there, so every notebook (and every Voilà page load) opens the same one.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from gaptools.core.errors import WorkshopError
from gaptools.core.model import Workshop
from gaptools.core.resources import EXAMPLE_WORKSHOP, checkout_root, data_file, example_data
from gaptools.files import store
from gaptools.files.reading import read_regular, read_start
from gaptools.files.store import atomic_write

CURRENT_FILE = "current.json"
EXAMPLE_COPY = "example-workshop.json"


def workshops_home() -> Path:
    """The folder that holds this user's workshops (created on first use): ``$GAPTOOLS_HOME``,
    else ``workshops/`` in a checkout, else ``~/gaptools-workshops``; on a JupyterHub, a
    sub-folder named after the user.

    On a hub, a checkout is the server's install (``pip install -e`` in an image), shared by
    every user, often read-only to them and gone with the container: their workshops go to
    their own home instead, unless they already work in the checkout's folder."""
    configured = os.environ.get("GAPTOOLS_HOME")
    user = os.environ.get("JUPYTERHUB_USER")
    root = checkout_root()
    in_own_home = False
    if configured:
        base = Path(configured).expanduser()
    elif root is not None and (not user or _already_used(root / "workshops", user)):
        base = root / "workshops"
    else:
        base, in_own_home = Path.home() / "gaptools-workshops", True
    folder = base / safe_file_name(user) if user else base
    if in_own_home:
        _private(base)
        _private(folder)
    else:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


QUOTES = "\"'“”‘’"


def typed_folder(typed: str, here: Path | None = None) -> tuple[Path, list[Path]]:
    """The folder a person typed, and where it was looked for when it is not there. JupyterLab's
    "Copy Path" gives a path from the server's root ("shared", or "/shared"), while a notebook
    runs in its own folder below it; Windows' "Copy as path" adds quotes. A relative path is
    looked for in ``here`` (the notebook's folder) and then in each folder above it, the
    nearest first, short of the filesystem's root; a path from the root that does not exist
    is also looked for as one from a folder above ``here``."""
    text = typed.strip().strip(QUOTES).strip()
    path = Path(text).expanduser()
    here = (here or Path.cwd()).resolve()
    above = [here, *here.parents[:-1]]  # not the filesystem's root: "data" is not /data
    if path.is_absolute():
        if path.exists() or not text.startswith("/") or text.startswith("//"):
            return path, [path]
        tried = [path, *(folder / text.lstrip("/") for folder in above)]
    else:
        tried = [folder / path for folder in above]
    found = next((candidate for candidate in tried if candidate.exists()), None)
    return (found, tried) if found is not None else (tried[0], tried)


def _private(folder: Path) -> None:
    """Make ``folder``, in the user's own home, theirs alone. On a hub whose home folders
    others may read (Debian's default), another user read a leader's workshop, its pulse and
    its exports there; a folder made before, open to all, is closed too. (A configured
    ``$GAPTOOLS_HOME`` is a folder a team shares on purpose: its modes are left alone.)"""
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    if os.name == "posix" and folder.stat().st_mode & 0o077:
        folder.chmod(0o700)


def _already_used(base: Path, user: str) -> bool:
    """Whether ``user`` has opened a workshop in ``base`` before: it stays where it is."""
    return (base / safe_file_name(user) / CURRENT_FILE).is_file()


def safe_file_name(text: str) -> str:
    """A name usable as a file name on every platform, kept readable."""
    cleaned = re.sub(r"[^\w.-]+", "-", text.strip(), flags=re.UNICODE).strip(".-")
    return cleaned[:80] or "workshop"


class Gone(WorkshopError):
    """The workshop every notebook opens is no longer where it was chosen."""


def current_workshop() -> Path:
    """The open workshop; before any was chosen, a copy of the example.

    A chosen workshop that is no longer there (moved, renamed, deleted, a share not mounted)
    is said, not replaced: opening the example in its place let a room type into the wrong
    file without a word, and forgot the chosen one for good (raises ``Gone``)."""
    folder = workshops_home()
    remembered = _remembered(folder)
    if remembered is None:
        example = example_copy()
        set_current(example)
        return example
    if remembered.is_file():
        return remembered
    if remembered == (folder / EXAMPLE_COPY).resolve():
        return example_copy()  # the example copy deleted: nothing to lose, a fresh one
    raise Gone(
        "is not there any more (moved, renamed or deleted?): put it back, or open it again "
        "in step 0 (00_start_here)",
        remembered,
    )


def chosen_workshop() -> Path | None:
    """The workshop every notebook opens, as last chosen (there or not); None before any.
    Every open form asks twice a second, so the pointer is read again only once it changed."""
    pointer = workshops_home() / CURRENT_FILE
    try:
        info = os.stat(pointer)
        key = (str(pointer), info.st_mtime_ns, info.st_size, info.st_ino)
    except OSError:
        return None
    if _chosen_read[0] != key:
        _chosen_read[:] = [key, _remembered(pointer.parent)]
    return _chosen_read[1]


_chosen_read: list = [None, None]  # the pointer's stat when last read, and what it named


def example_copy() -> Path:
    """The copy of the example in the workshop folder, made on first use and never replaced:
    work done on it stays."""
    example = workshops_home() / EXAMPLE_COPY
    if not example.is_file():
        atomic_write(example, data_file(EXAMPLE_WORKSHOP).read_bytes())
    return example


def example_workshop(after: bool = False) -> Workshop:
    """The shipped example, validated as any workshop file is: as it stands at the start of
    the workshop, or (``after``) at its end, with the room's additions laid over it
    (``core.resources.example_data``)."""
    if not after:
        return store.load(data_file(EXAMPLE_WORKSHOP))
    return store.parse(json.dumps(example_data(after=True)).encode("utf-8"))


def set_current(path: Path | str) -> Path:
    path = Path(path).resolve()
    home = workshops_home()
    atomic_write(home / CURRENT_FILE, json.dumps({"path": str(path)}).encode("utf-8"))
    return path


def list_workshops() -> list[Path]:
    """The workshop files in the folder, newest first: what the start form offers to open.

    Only workshops: not the pointer to the open one, the team's word lists, exports
    (``team-export.json`` holds a copy of a workshop), a save's backup, lock or temporary
    file, a hidden file, a link or a pipe, nor any other JSON (see ``looks_like_workshop``).
    """
    home = workshops_home()
    files = [p for p in home.glob("*.json") if _offered(p)]
    return sorted(files, key=_modified, reverse=True)


#: The words a team taught the import (``files.columns``), kept in its workshops folder. Named
#: here, with the folder's other files, so that finding workshops does not import the reading
#: of spreadsheets: every export paid for it at start-up.
COLUMN_NAMES = "column_names.json"
STAGE_WORDS = "stage_words.json"
NOT_WORKSHOPS = frozenset({CURRENT_FILE, COLUMN_NAMES, STAGE_WORDS})
EXPORT_ENDING = "-export.json"  # ``gaptools export W --format json`` writes ``W-export.json``
SNIFF_BYTES = 4096


def _offered(path: Path) -> bool:
    name = path.name
    if name in NOT_WORKSHOPS or name.startswith(".") or store.is_side_file(path):
        return False
    return not name.endswith(EXPORT_ENDING) and looks_like_workshop(path)


def looks_like_workshop(path: Path) -> bool:
    """Whether ``path`` is a regular file whose first bytes open a JSON object holding a
    ``schema_version``, as every workshop file does near its top. Cheap: a few kilobytes
    are read, the file is not parsed, and a link, a pipe or a device is never opened."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # a link is not offered, even to a file
            return False
        head = read_start(path, SNIFF_BYTES, "workshop file")
    except (OSError, WorkshopError):
        return False
    text = head.decode("utf-8-sig", errors="ignore").lstrip()
    return text.startswith("{") and '"schema_version"' in text


def holds_a_workshop(path: Path) -> bool:
    """Whether writing at ``path`` would replace a workshop: another team's file, or a
    leader's copy with answers not merged yet. An earlier data export (``W-export.json``) is
    a workshop too, and the one an export or roll-up may replace."""
    return not path.name.endswith(EXPORT_ENDING) and looks_like_workshop(path)


#: What an export or a roll-up says when ``holds_a_workshop`` refuses its output.
REPLACES_A_WORKSHOP = "holds a workshop, which an export never replaces; choose another file name"


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed since it was listed
        return 0.0


def new_workshop_path(name: str) -> Path:
    """Where a workshop called ``name`` goes; refuses a name already in use, in any case:
    "Claims leadership" and "claims leadership" made two files beside each other on Linux
    (one file on a Mac or Windows), two workshops a room could not tell apart."""
    path = workshops_home() / f"{safe_file_name(name)}.json"
    if path.name.casefold() in {n.casefold() for n in NOT_WORKSHOPS}:
        raise WorkshopError(f"{path.name} is the name of a file gaptools keeps; pick another name")
    taken = taken_name(name)
    if taken is not None:
        raise WorkshopError(
            f"a workshop file called {taken.name} already exists; open it, or pick another name"
        )
    return path


def taken_name(name: str) -> Path | None:
    """The file already in the workshops' folder under the name a workshop called ``name``
    would get, in any case; None when it is free."""
    wanted = f"{safe_file_name(name)}.json".casefold()
    return next((p for p in workshops_home().iterdir() if p.name.casefold() == wanted), None)


POINTER_BYTES = 64 * 1024


def _remembered(home: Path) -> Path | None:
    """The workshop every notebook last had open; a pointer file that is not a small regular
    file (a pipe planted in a shared folder, say) is ignored rather than waited on."""
    try:
        raw = read_regular(home / CURRENT_FILE, POINTER_BYTES, "pointer to the open workshop")
        return Path(json.loads(raw.decode("utf-8"))["path"])
    except (WorkshopError, ValueError, KeyError, TypeError):
        return None
