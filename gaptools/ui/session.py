"""The open workshop as the forms see it: every accepted change is validated and saved at once.

A session holds the model, its file and a short undo history. It imports no widgets, so the
saving, refusing and undoing that every form relies on is tested in plain Python. Several
notebooks may have the same workshop open: before each change the session re-reads the file
if another notebook saved it meanwhile, so one tab never overwrites another's edits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from gaptools.core.errors import WorkshopError, located_problems
from gaptools.core.model import Workshop
from gaptools.files import home, store

Edit = Callable[[Workshop], None]
Listener = Callable[[Workshop], None]

UNDO_DEPTH = 50


@dataclass(frozen=True)
class Outcome:
    """What happened to one change: saved, or refused with the reasons (field, message)."""

    ok: bool
    what: str
    at: dt.datetime = field(default_factory=dt.datetime.now)
    problems: tuple[tuple[str, str], ...] = ()

    def message(self) -> str:
        if self.ok:
            return f"Saved {self.at:%H:%M:%S} · {self.what}"
        reasons = "; ".join(self._reason(where, text) for where, text in self.problems)
        return f"Not saved · {self.what}: {reasons}"

    def _reason(self, where: str, text: str) -> str:
        """Name the field when the change's own label does not already say which it is."""
        field = where.rsplit(".", 1)[-1].split("[", 1)[0].replace("_", " ")
        if not field or field == "(whole file)" or field.casefold() in self.what.casefold():
            return text
        return f"{field} {text}"


class WorkshopSession:
    def __init__(self, path: Path, workshop: Workshop) -> None:
        self.path = Path(path)
        self.workshop = workshop
        self._history: list[Workshop] = []
        self._listeners: list[Listener] = []
        self._stamp = _stamp(self.path)

    @classmethod
    def open(cls, path: Path | str | None = None) -> WorkshopSession:
        """The given workshop, or the one every notebook has open (the example at first)."""
        chosen = Path(path) if path is not None else home.current_workshop()
        return cls(chosen, store.load(chosen))

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with the workshop after every change, undo or switch."""
        self._listeners.append(listener)

    def update(self, edit: Edit, what: str) -> Outcome:
        """Apply ``edit`` to a copy, validate the whole workshop, save it; else change nothing.

        The read-change-write runs under a lock on the workshop file, so leaders voting from
        their own notebooks at the same moment each see the other's ballot before adding theirs.
        """
        with store.locked(self.path):
            return self._update(edit, what)

    def _update(self, edit: Edit, what: str) -> Outcome:
        try:
            self._catch_up()
        except WorkshopError as error:
            return Outcome(False, what, problems=tuple(("", p) for p in error.problems))
        # A copy through pydantic's own (compiled) dump and validation: several times faster
        # than copy.deepcopy on a large workshop, and just as independent of the original.
        candidate = Workshop.model_validate(self.workshop.model_dump())
        try:
            edit(candidate)
            accepted = Workshop.model_validate(candidate.model_dump(warnings=False))
        except ValidationError as error:
            return Outcome(False, what, problems=tuple(located_problems(error.errors())))
        except WorkshopError as error:
            return Outcome(False, what, problems=tuple(("", p) for p in error.problems))
        except (ValueError, TypeError) as error:
            return Outcome(False, what, problems=(("", str(error)),))
        return self._commit(accepted, what, remember=True)

    def undo(self) -> Outcome:
        if not self._history:
            return Outcome(False, "undo", problems=(("", "nothing to undo"),))
        previous = self._history.pop()
        return self._commit(previous, "undo", remember=False)

    def switch(self, path: Path | str) -> None:
        """Open another workshop here and make it the one every notebook opens."""
        workshop = store.load(path)
        self.path = Path(path)
        self.workshop = workshop
        self._history.clear()
        self._stamp = _stamp(self.path)
        home.set_current(self.path)
        self._notify()

    def _commit(self, workshop: Workshop, what: str, remember: bool) -> Outcome:
        try:
            store.save(workshop, self.path)
        except WorkshopError as error:
            return Outcome(False, what, problems=tuple(("", p) for p in error.problems))
        if remember:
            self._history = [*self._history[-(UNDO_DEPTH - 1) :], self.workshop]
        self.workshop = workshop
        self._stamp = _stamp(self.path)
        self._notify()
        return Outcome(True, what)

    def _catch_up(self) -> None:
        """Pick up a save made by another notebook. A file that became unreadable meanwhile
        is refused rather than overwritten, so whoever broke it can still recover it."""
        stamp = _stamp(self.path)
        if stamp == self._stamp or stamp is None:
            return
        self.workshop = store.load(self.path)
        self._stamp = stamp
        self._notify()

    def latest(self) -> Workshop:
        """The workshop as last saved by any notebook: what an export must draw from."""
        with store.locked(self.path):
            self._catch_up()
        return self.workshop

    def notify(self) -> None:
        """Re-show the current workshop in every view, e.g. after a form picks another item."""
        self._notify()

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self.workshop)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)
