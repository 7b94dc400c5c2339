"""What one edit changed in a workshop, and how to take back exactly that and nothing more.

Several notebooks, a leader's kernel and the command line may all write one workshop file.
To undo one of them without undoing the others, an edit is remembered as the parts it
changed rather than as a copy of the whole workshop: ``diff`` lists those parts, and
``undo`` puts each one back on top of the file *as it is now*, refusing with a ``Conflict``
when a part it would put back has been changed by someone else since.

Both work on plain JSON data (dicts, lists, strings, numbers, booleans, None), such as
``Workshop.model_dump(mode="json")``, so this module needs neither pydantic nor the model.

A list whose entries are all objects carrying an ``"id"`` (initiatives, participants,
ballots …) is compared as a keyed collection: entries are matched by id, so adding, removing
or reordering entries elsewhere in the list never shifts what a change points at. A change
inside such an entry is addressed by the entry's id (``ById``), never by its position. Any
other list, and every scalar, is a single value that is replaced as a whole.

Values compare as Python compares them (``1 == 1.0``); each field of a workshop has one type,
so no change is missed by that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gaptools.core.errors import WorkshopError

LABEL_KEYS = ("name", "title", "participant", "question", "voter")


class _Missing:
    """Stands for "no such key": a key added by a change had no old value, and vice versa."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class ById:
    """One step of a path: the entry of a keyed list with this id, wherever it now stands.

    ``label`` is the entry's name as people read it, for messages; it is not part of the
    address, so renaming an entry does not change which entry a path means.
    """

    id: Any
    label: str = field(default="", compare=False)


Key = str | ById
Path = tuple[Key, ...]


@dataclass(frozen=True)
class Replaced:
    """A value set from ``old`` to ``new``; either may be ``MISSING`` (a key added or removed)."""

    path: Path
    old: Any
    new: Any


@dataclass(frozen=True)
class Added:
    """An entry added to the keyed list at ``path``, just after the entry ``after`` (None:
    at the start)."""

    path: Path
    entry: dict[str, Any]
    after: Any = None

    @property
    def id(self) -> Any:
        return self.entry["id"]


@dataclass(frozen=True)
class Removed:
    """An entry removed from the keyed list at ``path``. ``preceding`` are the ids of the
    entries that stood before it, in order: it goes back just after the nearest of them that is
    still there (at the start if none is), so it returns to its place among the entries kept.
    """

    path: Path
    entry: dict[str, Any]
    preceding: tuple[Any, ...] = ()

    @property
    def id(self) -> Any:
        return self.entry["id"]


@dataclass(frozen=True)
class Reordered:
    """The entries of the keyed list at ``path`` that were kept, in their old and new order."""

    path: Path
    old: tuple[Any, ...]
    new: tuple[Any, ...]


Change = Replaced | Added | Removed | Reordered


class Conflict(WorkshopError):
    """A part that a change touched no longer holds what the change left there.

    ``where`` names that part as a person reads it ("guardrail of 'Fraud signal analytics'");
    ``at`` is its path.
    """

    def __init__(self, at: Path, where: str) -> None:
        self.at = at
        self.where = where
        super().__init__(f"{where}: changed since")


# -- finding what changed ---------------------------------------------------------------------


def diff(before: Any, after: Any) -> list[Change]:
    """The changes that turn ``before`` into ``after``, in an order ``undo`` can reverse."""
    found: list[Change] = []
    _diff(before, after, (), found)
    return found


def _diff(old: Any, new: Any, path: Path, found: list[Change]) -> None:
    if type(old) is type(new) and old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        _diff_objects(old, new, path, found)
    elif isinstance(old, list) and isinstance(new, list) and keyed(old) and keyed(new):
        _diff_entries(old, new, path, found)
    else:
        found.append(Replaced(path, old, new))


def _diff_objects(old: dict, new: dict, path: Path, found: list[Change]) -> None:
    for key, value in old.items():
        if key in new:
            _diff(value, new[key], (*path, key), found)
        else:
            found.append(Replaced((*path, key), value, MISSING))
    found.extend(
        Replaced((*path, key), MISSING, value) for key, value in new.items() if key not in old
    )


def _diff_entries(old: list, new: list, path: Path, found: list[Change]) -> None:
    """Removed, changed, reordered, added: taken back in reverse, the added entries go first,
    then the order, then the edits, and the removed entries return among the kept ones."""
    old_ids = [entry["id"] for entry in old]
    new_ids = [entry["id"] for entry in new]
    old_by_id = dict(zip(old_ids, old, strict=True))
    new_by_id = dict(zip(new_ids, new, strict=True))
    ids = tuple(old_ids)
    found.extend(
        Removed(path, entry, ids[:index])
        for index, entry in enumerate(old)
        if entry["id"] not in new_by_id
    )
    for entry in old:
        if entry["id"] in new_by_id:
            later = new_by_id[entry["id"]]
            _diff(entry, later, (*path, ById(entry["id"], label(later))), found)
    kept_old = tuple(i for i in old_ids if i in new_by_id)
    kept_new = tuple(i for i in new_ids if i in old_by_id)
    if kept_old != kept_new:
        found.append(Reordered(path, kept_old, kept_new))
    found.extend(
        Added(path, entry, new_ids[index - 1] if index else None)
        for index, entry in enumerate(new)
        if entry["id"] not in old_by_id
    )


def keyed(items: Sequence[Any]) -> bool:
    """Whether a list is a keyed collection: every entry an object with its own ``"id"``."""
    try:
        ids = [entry["id"] for entry in items if isinstance(entry, dict)]
        return len(ids) == len(items) and len(set(ids)) == len(ids)
    except (KeyError, TypeError):  # an entry without an id, or an id that is not a key
        return False


def label(entry: dict[str, Any]) -> str:
    """What people call an entry (its name, title, participant …); "" when nothing in it
    reads as a name (a risk, an anonymous ballot)."""
    for key in LABEL_KEYS:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


#: Fields whose own names read as jargon in a sentence ("voted changed elsewhere since").
PLAIN_NAMES = {"voted": "the list of who has voted", "sealed": "the sealed answers"}
#: An entry with no name of its own, as a person calls one ("an entry of sealed" was said of
#: a pulse answer published since).
PLAIN_ENTRIES = {"sealed": "a sealed answer"}


def describe(path: Path) -> str:
    """A path as a person reads it: "team", "guardrail of 'Fraud signal analytics'",
    "'Fraud signal analytics'", "an entry of ballots"."""
    if not path:
        return "the workshop"
    *owner, last = path
    if isinstance(last, ById):
        if last.label:
            return f"'{last.label}'"
        plain = PLAIN_ENTRIES.get(owner[-1], "") if owner else ""
        return plain or f"an entry of {describe(tuple(owner))}"
    name = PLAIN_NAMES.get(last, last.replace("_", " "))
    entries = [n for n, key in enumerate(owner) if isinstance(key, ById)]
    return f"{name} of {describe(path[: entries[-1] + 1])}" if entries else name


def where(change: Change) -> str:
    """The part a change touched, as a person reads it."""
    if isinstance(change, Added | Removed):
        return describe((*change.path, ById(change.id, label(change.entry))))
    if isinstance(change, Reordered):
        return f"the order of {describe(change.path)}"
    return describe(change.path)


# -- taking a change back ---------------------------------------------------------------------


def undo(current: Any, changes: Iterable[Change]) -> Any:
    """``current`` with ``changes`` taken back; everything else in it is left as it is.

    Raises ``Conflict`` naming the first part that no longer holds the value the change left
    there (changed or removed since). ``current`` itself is never modified: the parts that
    change are copied, the rest is shared with the result.
    """
    draft = _Draft(current)
    for change in reversed(list(changes)):
        _take_back(draft, change)
    return draft.root


def _take_back(draft: _Draft, change: Change) -> None:
    if isinstance(change, Replaced):
        _put_back(draft, change)
    elif isinstance(change, Added):
        entries = draft.entries(change.path, change)
        at = _position(entries, change.id)
        if at is None or entries[at] != change.entry:
            raise Conflict(change.path, where(change))
        del entries[at]
    elif isinstance(change, Removed):
        entries = draft.entries(change.path, change)
        if _position(entries, change.id) is not None:
            raise Conflict(change.path, where(change))
        entries.insert(_place(entries, change.preceding), _copy(change.entry))
    else:
        _restore_order(draft, change)


def _put_back(draft: _Draft, change: Replaced) -> None:
    if not change.path:
        if not _holds(draft.root, change.new):
            raise Conflict(change.path, where(change))
        draft.root = _copy(change.old)
        return
    parent = draft.container(change.path[:-1], change)
    key = change.path[-1]
    if not isinstance(parent, dict) or isinstance(key, ById):
        raise Conflict(change.path, where(change))
    if not _holds(parent.get(key, MISSING), change.new):
        raise Conflict(change.path, where(change))
    if change.old is MISSING:
        del parent[key]
    else:
        parent[key] = _copy(change.old)


def _restore_order(draft: _Draft, change: Reordered) -> None:
    """Put the entries the change reordered back in their old order, in the places they hold
    now; entries added since stay where they are. Refused if they were reordered since."""
    entries = draft.entries(change.path, change)
    moved = set(change.old)
    slots = [n for n, entry in enumerate(entries) if entry["id"] in moved]
    present = [entries[n]["id"] for n in slots]
    still = set(present)
    if present != [i for i in change.new if i in still]:
        raise Conflict(change.path, where(change))
    by_id = {entries[n]["id"]: entries[n] for n in slots}
    for slot, entry_id in zip(slots, [i for i in change.old if i in by_id], strict=True):
        entries[slot] = by_id[entry_id]


def _place(entries: list, preceding: tuple[Any, ...]) -> int:
    """Just after the nearest of ``preceding`` still in ``entries``; the start if none is."""
    at = {entry["id"]: n for n, entry in enumerate(entries)}
    for entry_id in reversed(preceding):
        if entry_id in at:
            return at[entry_id] + 1
    return 0


def _holds(value: Any, expected: Any) -> bool:
    if value is MISSING or expected is MISSING:
        return value is expected
    return type(value) is type(expected) and value == expected


def _position(entries: list, entry_id: Any) -> int | None:
    return next((n for n, entry in enumerate(entries) if entry.get("id") == entry_id), None)


def _copy(value: Any) -> Any:
    """A private copy of plain JSON data, so the result never shares a part a caller may
    change (the values kept in a change are reused by every undo of it)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


class _Draft:
    """The result being built: containers are copied the first time a change writes into
    them, so the untouched rest is shared with the original and the original never changes."""

    def __init__(self, root: Any) -> None:
        self.root = root
        # The containers copied here, by id(); holding them keeps those ids from being reused.
        self._own: dict[int, Any] = {}

    def container(self, path: Path, change: Change) -> Any:
        """The container at ``path``, ready to be written; refused when it is not there."""
        self.root = self._writable(self.root)
        node = self.root
        for depth, key in enumerate(path):
            if isinstance(key, ById):
                at = _position(node, key.id) if isinstance(node, list) and keyed(node) else None
            else:
                at = key if isinstance(node, dict) and key in node else None
            if at is None:
                gone = path[: depth + 1]
                raise Conflict(gone, describe(gone) if isinstance(key, ById) else where(change))
            node[at] = self._writable(node[at])
            node = node[at]
        return node

    def entries(self, path: Path, change: Change) -> list:
        entries = self.container(path, change)
        if not isinstance(entries, list) or not keyed(entries):
            raise Conflict(path, where(change))
        return entries

    def _writable(self, node: Any) -> Any:
        if not isinstance(node, dict | list) or id(node) in self._own:
            return node
        copied = dict(node) if isinstance(node, dict) else list(node)
        self._own[id(copied)] = copied
        return copied
