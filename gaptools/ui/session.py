"""The open workshop as the forms see it: every accepted change is validated and saved at once.

A session holds the model, its file and a short undo history. It imports no widgets, so the
saving, refusing and undoing that every form relies on is tested in plain Python.

Several notebooks (and leaders' kernels, and the command line) may have the same workshop
open. So every change goes through ``store.edit``, which builds on the file as it is now,
and the undo history holds this session's own changes rather than whole workshops: an undo
takes back this session's last change on top of the file as it is now, leaving everyone
else's work alone, and refuses when someone has changed the same part since.

Views follow the file: ``poll`` picks up a save made elsewhere, and inside a running Jupyter
kernel (JupyterLab or Voilà: both run an asyncio loop) one background task polls every open
session twice a second, so an open form redraws without a click.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gaptools.core import changes
from gaptools.core.errors import WorkshopError
from gaptools.core.model import Workshop
from gaptools.files import home, store
from gaptools.steps import secret
from gaptools.steps.renames import renames_undone
from gaptools.ui import idle

Edit = Callable[[Workshop], object]
Listener = Callable[[Workshop], None]
Announce = Callable[["Outcome"], None]

UNDO_DEPTH = 50
POLL_SECONDS = 0.5
# How often an open page hears that its kernel is there: a page whose kernel has stopped
# looks the same as before, and what is typed into it goes nowhere (``kit.Liveness``).
BEAT_SECONDS = 5.0
# A page nobody has changed anything on for this long stops beating: each beat is a message
# a server counts as activity (unless told otherwise, as ``gaptools lab`` tells it), and a
# hub would never find a forgotten page's server idle. The page then says it hears nothing.
BEAT_WHILE_USED_SECONDS = 4 * 60 * 60
CHANGED_ELSEWHERE = (
    "changed elsewhere since (another notebook, a phone in the room or the command line)"
)
CANNOT = "cannot be undone:"

_log = logging.getLogger(__name__)


SECTIONS = frozenset({"meta", "settings", "voting", "bet"})


#: The words a change is saved under that say it happened, as the attempt a refusal names.
ATTEMPTS = {
    "added": "adding",
    "removed": "removing",
    "opened": "opening",
    "closed": "closing",
    "reset": "resetting",
    "revealed": "revealing",
    "published": "publishing",
    "started": "starting",
}


def attempted(what: str) -> str:
    """A change's label as the attempt it was, for a refusal: "Not saved · added HR chatbot"
    and "Not saved · pulse closed" said both that it happened and that it did not. "added X"
    reads "adding X"; "pulse closed" reads "closing the pulse"."""
    words = what.split(" ")
    done = next((n for n, word in enumerate(words) if word in ATTEMPTS), None)
    if done is None:
        return what
    doing, subject, rest = ATTEMPTS[words[done]], " ".join(words[:done]), words[done + 1 :]
    if subject and not any(c.isdigit() for c in subject):  # "cycle 2 of …" takes no article
        subject = f"the {subject}"
    return " ".join(part for part in (doing, subject, *rest) if part)


@dataclass(frozen=True)
class Outcome:
    """What happened to one change: saved, or refused with the reasons (field, message)."""

    ok: bool
    what: str
    # The server's own time and zone: on a hub that is often UTC, far from the room's.
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    problems: tuple[tuple[str, str], ...] = ()

    def message(self) -> str:
        if self.ok:
            return f"Saved {self.at:%H:%M:%S %Z} · {self.what}"
        reasons = "; ".join(self._reason(where, text) for where, text in self.problems)
        if self.what == "undo":  # "Not saved · undo" read as if an undo were a thing to save
            return f"Nothing undone: {reasons}"
        return f"Not saved · {attempted(self.what)}: {reasons}"

    def _reason(self, where: str, text: str) -> str:
        """Name the field when the change's own label does not already say which it is."""
        if where == "(whole file)":  # a rule over the whole workshop: its words say what
            return text
        field = where.rsplit(".", 1)[-1].split("[", 1)[0].replace("_", " ")
        whole_section = where in SECTIONS  # a rule over a whole section says what it is about
        if not field or whole_section or field.casefold() in self.what.casefold():
            return text
        return f"{field} {text}"


@dataclass(frozen=True)
class _Done:
    """One change this session made: what it was called and exactly what it changed."""

    what: str
    changes: tuple[changes.Change, ...]
    # It published anonymous answers, which an undo leaves (``secret.undoable``).
    published: bool = False
    # Why Undo leaves it whole, when it does (a ballot: cast again to change it).
    kept: str = ""

    def touches(self, parts: set[str]) -> bool:
        return any(change.path[:1] and change.path[0] in parts for change in self.changes)

    def named(self, conflict: changes.Conflict) -> str:
        """The part a refused undo found changed, in the form's own words ("Capacity
        (person-weeks)") when this change set that one value alone; else as the file's path
        reads ("capacity weeks", "'Fraud signal analytics'")."""
        only = self.changes[0] if len(self.changes) == 1 else None
        if isinstance(only, changes.Replaced) and only.path == conflict.at and self.what:
            return f"'{self.what}'"
        return conflict.where


#: A notebook remembers only its own changes since it opened: in Voila every step's page is
#: a notebook opened afresh, so coming back to a step finds nothing to take back.
NOTHING_TO_UNDO = (
    "no change made to this workshop from this notebook since it was opened here (a page "
    "opened again starts afresh): "
    "correct the value in its field instead"
)
NOTHING_LEFT_TO_UNDO = (
    "nothing left to take back of this notebook's changes: correct the value in its field"
)


class WorkshopSession:
    def __init__(self, path: Path, workshop: Workshop) -> None:
        self.path = Path(path)
        self.workshop = workshop
        self._history: list[_Done] = []
        self._listeners: list[Listener] = []
        # What the last undo took back (the change's label), until this session's next change:
        # the report of an import must not go on saying what an undo has taken away.
        self.undone = ""
        self.undone_kept_published = False  # and whether it left anonymous answers published
        self._stamp = store.stamp(self.path)
        # While the views redraw after this session's own change: what it did, and the file
        # before it as a workshop once a view asks (``before_own_change``).
        self._own: list[Any] | None = None
        self._changed_here = False  # some change made in this notebook (``undo``'s words)
        # Opened as the workshop every notebook opens (not a file given by path): told when
        # step 0 opens another one, since this page goes on editing its own.
        self.follows_chosen = False
        self.chosen_elsewhere: Path | None = None
        self._on_chosen_elsewhere: list[Callable[[Path | None], None]] = []
        self._on_beat: list[Callable[[], None]] = []
        self.used_at = time.monotonic()  # opened, or last changed from this page
        _follow(self)

    @classmethod
    def open(cls, path: Path | str | None = None) -> WorkshopSession:
        """The given workshop, or the one every notebook has open (the example at first)."""
        chosen = Path(path) if path is not None else home.current_workshop()
        session = cls(chosen, store.load(chosen))
        session.follows_chosen = path is None
        idle.set_aside_once_the_cell_has_run()
        return session

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with the workshop after every change, undo, switch or save
        picked up from elsewhere."""
        self._listeners.append(listener)

    @idle.between_changes
    def update(
        self, edit: Edit, what: str, announce: Announce | None = None, kept: str = ""
    ) -> Outcome:
        """Apply ``edit`` to the workshop as saved now, validate it whole and save it, as one
        transaction (``store.edit``); a refused edit changes nothing.

        ``edit`` may be called on a workshop that differs from ``self.workshop`` (another
        notebook saved meanwhile), so it should find what it changes by id or name.

        ``announce`` hears the outcome as soon as it is known, before the views redraw: the
        person sees "Saved" (or why not) without waiting for every summary of a large
        workshop to be recomputed.

        ``kept`` says why Undo is not to take this change back, where it is not: Undo then
        refuses with those words rather than undoing it.
        """
        self._get_ready_for_the_next_change()
        self.used_at = time.monotonic()
        try:
            done = store.edit(self.path, edit, what)
        except WorkshopError as error:
            outcome = Outcome(False, what, problems=self._problems(error))
            if announce is not None:
                announce(outcome)
            self.poll()
            return outcome
        if done.changed:
            self._remember(what, () if kept else done.changes, kept)
            self._changed_here = True
        self.undone = ""
        outcome = Outcome(True, what)
        if announce is not None:
            announce(outcome)
        self._own = [done, None]
        try:
            self._show(done.workshop, done.stamp)
        finally:
            self._own = None
        return outcome

    def _remember(self, what: str, found: tuple[changes.Change, ...], kept: str = "") -> None:
        """Keep a change to take back, but the anonymous answers it published. What this
        notebook changed before in the parts those answers are in is let go with them: a
        ballot's name taken off the list of who voted would leave its revealed ballot."""
        undoable = tuple(secret.undoable(found))
        history = self._history
        if len(undoable) < len(found):
            kept = {id(change) for change in undoable}
            parts = {change.path[0] for change in found if id(change) not in kept}
            history = [done for done in history if not done.touches(parts)]
        done = _Done(what, undoable, published=len(undoable) < len(found), kept=kept)
        self._history = [*history[-(UNDO_DEPTH - 1) :], done]

    def before_own_change(self) -> Workshop | None:
        """While the views redraw after this session's own change: the workshop as the file
        held it just before that change (someone else's saves included), so a view can tell
        a value this change set (a unit typed with its number) from one changed elsewhere.
        Validated only when a view asks, which a change that surprises no view never does."""
        if self._own is None:
            return None
        done, known = self._own
        if known is None:
            known = self._own[1] = Workshop.model_validate(done.before)
        return known

    @idle.between_changes
    def undo(self) -> Outcome:
        """Take back this session's last change on top of the file as it is now.

        Refused, with nothing changed, when a part it touched has been changed elsewhere
        since: that change is then let go (taking it back would undo someone else's), and the
        next undo takes back the one before it. Refused too, with the change kept for a later
        try, when taking it back would break a rule (the reason is given).
        """
        self.used_at = time.monotonic()
        if not self._history:
            said = NOTHING_LEFT_TO_UNDO if self._changed_here else NOTHING_TO_UNDO
            if self.undone:
                # Pressed twice: "Nothing undone" took the place of what the first press had
                # done, and read as if Undo had not worked.
                said = f"'{self.undone}' is undone already; {said}"
            return Outcome(False, "undo", problems=(("", said),))
        last = self._history[-1]
        if not last.changes:
            self._history.pop()
            while self._history and not self._history[-1].changes:
                # Kept too (the ballots before it): "Undo now takes back 'ballot of …'" named
                # what the next press would only refuse again.
                self._history.pop()
            reason = f"'{last.what}' {last.kept or secret.KEPT_FOR_GOOD}{self._next_undo()}"
            return Outcome(False, "undo", problems=(("", reason),))

        def revert(workshop: Workshop) -> Workshop:
            data = changes.undo(workshop.model_dump(mode="json"), last.changes)
            reverted = Workshop.model_validate(data)
            if lost := secret.lost_by_undo(workshop, reverted):
                raise ValueError(lost)
            renames_undone(workshop, reverted)
            return reverted

        self._get_ready_for_the_next_change()
        try:
            done = store.edit(self.path, revert, "undo")
        except changes.Conflict as conflict:
            self._history.pop()
            self.poll()
            reason = f"{last.named(conflict)} {CHANGED_ELSEWHERE}{self._next_undo()}"
            return Outcome(False, "undo", problems=(("", reason),))
        except store.Refused as refused:
            self.poll()
            reasons = "; ".join(text for _, text in refused.located)
            return Outcome(False, "undo", problems=(("", f"'{last.what}' {CANNOT} {reasons}"),))
        except WorkshopError as error:
            self.poll()
            return Outcome(False, "undo", problems=_problems(error))
        self._history.pop()
        self.undone = last.what
        self.undone_kept_published = last.published
        self._show(done.workshop, done.stamp)
        if last.published:
            return Outcome(True, f"undone: {last.what}; {secret.PUBLISHED_STAY}")
        return Outcome(True, f"undone: {last.what}")

    def _next_undo(self) -> str:
        """What the next press of Undo takes back, after one let go."""
        if self._history:
            return f"; Undo now takes back '{self._history[-1].what}'"
        return "; nothing else to undo here"

    @idle.between_changes
    def switch(self, path: Path | str) -> None:
        """Open another workshop here and make it the one every notebook opens."""
        workshop = store.load(path)
        self.path = Path(path)
        self._history.clear()
        self._changed_here = False
        home.set_current(self.path)
        self.follows_chosen = True
        self.follow_chosen(self.path.resolve())
        self._show(workshop, store.stamp(self.path))

    def on_beat(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` every ``BEAT_SECONDS`` while this kernel runs its loop."""
        self._on_beat.append(listener)

    def beat(self) -> None:
        if time.monotonic() - self.used_at > BEAT_WHILE_USED_SECONDS:
            return
        for listener in list(self._on_beat):
            listener()

    def on_chosen_elsewhere(self, listener: Callable[[Path | None], None]) -> None:
        """Call ``listener`` with the workshop step 0 has opened since, when it is not this
        page's (None once it is this page's again)."""
        self._on_chosen_elsewhere.append(listener)

    def follow_chosen(self, chosen: Path | None) -> None:
        """Hear which workshop every notebook now opens (``home.chosen_workshop``): a page
        left open on the one before went on saving there, with "✓ Saved", while the room
        worked in the new one."""
        if not self.follows_chosen:
            return
        elsewhere = chosen if chosen is not None and chosen != self.path.resolve() else None
        if elsewhere == self.chosen_elsewhere:
            return
        self.chosen_elsewhere = elsewhere
        for listener in list(self._on_chosen_elsewhere):
            listener(elsewhere)

    def poll(self) -> bool:
        """Pick up a save made elsewhere; True when the workshop shown here changed.

        Cheap when nothing was saved (one ``stat``). Listeners hear only of real changes, not
        of a save that left the content as it was. A file that cannot be read just now (being
        repaired by hand, say) is skipped: the views keep showing the last good version.
        """
        try:
            return self._catch_up()
        except WorkshopError:
            return False

    def latest(self) -> Workshop:
        """The workshop as last saved by any notebook: what an export must draw from.

        Unlike ``poll``, a file that cannot be read is reported (``WorkshopError``).
        """
        self._catch_up()
        return self.workshop

    def notify(self) -> None:
        """Re-show the current workshop in every view, e.g. after a form picks another item."""
        self._notify()

    def _catch_up(self, loaded: dict[tuple[Path, store.Stamp], Workshop] | None = None) -> bool:
        """``loaded`` lets sessions on one file share a single read of each version."""
        seen = store.stamp(self.path)
        if seen is None or seen == self._stamp:
            return False
        with idle.held():  # a save made elsewhere is read and shown: a change here too
            key = (self.path, seen)
            if loaded is not None and key in loaded:
                workshop = loaded[key]
            else:  # stamp first, then read: a save in between is caught on the next poll
                workshop = store.load(self.path)
                if loaded is not None:
                    loaded[key] = workshop
            self._stamp = seen
            if workshop == self.workshop:
                return False
            self.workshop = workshop
            self._notify()
            return True

    def _get_ready_for_the_next_change(self) -> None:
        """Once the kernel is idle, validate the workshop the next change will start from
        (``store.prepare``), so that change does not wait for it."""
        path = self.path
        idle.later(("ready", path), lambda: store.prepare(path))

    def _show(self, workshop: Workshop, stamp: store.Stamp | None) -> None:
        self.workshop = workshop
        self._stamp = stamp
        self._notify()

    def _notify(self) -> None:
        """Every view hears of the change even if one of them fails to draw it; the first
        failure is raised afterwards, so it is not hidden either."""
        failure: Exception | None = None
        for listener in list(self._listeners):
            try:
                listener(self.workshop)
            except Exception as error:
                failure = failure or error
        if failure is not None:
            raise failure

    def _problems(self, error: WorkshopError) -> tuple[tuple[str, str], ...]:
        """Why a change was refused. The file itself gone or damaged is said with its name
        and the way out, where "Not saved · Metric: no such file" named neither."""
        if isinstance(error, store.Damaged) or not self.path.exists():
            said = "; ".join(error.problems)
            return (("", f"{self.path.name}: {said} (step 0 says how to go on)"),)
        return _problems(error)


def _problems(error: WorkshopError) -> tuple[tuple[str, str], ...]:
    if isinstance(error, store.Refused):
        return error.located
    return tuple(("", problem) for problem in error.problems)


# -- Following the file from a running kernel ---------------------------------------------------
#
# One task per event loop polls every open session. Sessions are held weakly, so a form that
# is gone does not keep its session (or the task) alive; the task ends once none is left and
# starts again with the next session. Nothing it does may raise into the kernel.

_followed: weakref.WeakSet[WorkshopSession] = weakref.WeakSet()
_watcher: asyncio.Task[None] | None = None


def watching() -> asyncio.Task[None] | None:
    """The task that follows the open sessions' files, while there is one."""
    return _watcher if _watcher is not None and not _watcher.done() else None


def _follow(session: WorkshopSession) -> None:
    """Follow ``session``'s file when an asyncio loop runs here (ipykernel, Voilà); in plain
    Python, a script or a test there is no loop and nothing starts."""
    global _watcher
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    _followed.add(session)
    running = watching()
    if running is not None and running.get_loop() is loop:
        return
    _watcher = loop.create_task(_watch(), name="gaptools: follow workshop files")


async def _watch() -> None:
    beaten = time.monotonic()
    while _followed:
        await asyncio.sleep(POLL_SECONDS)
        _poll_all()
        if time.monotonic() - beaten >= BEAT_SECONDS:
            beaten = time.monotonic()
            _beat_all()


def _beat_all() -> None:
    """Tell every open page that its kernel is there; a failure is logged, never raised."""
    for session in list(_followed):
        try:
            session.beat()
        except Exception:
            _log.debug("the beat of %s failed", session.path, exc_info=True)


def _poll_all() -> None:
    """One tick: each open session picks up saves made elsewhere, the sessions on one file
    sharing one read of it (views only read the workshop they are shown). An unreadable file
    or a failing view is logged, never raised: the kernel must not see an error from a
    background task."""
    loaded: dict[tuple[Path, store.Stamp], Workshop] = {}
    sessions = list(_followed)
    try:
        chosen = home.chosen_workshop() if any(s.follows_chosen for s in sessions) else None
    except Exception:
        _log.debug("reading which workshop is chosen failed", exc_info=True)
        chosen = None
    for session in sessions:
        try:
            session._catch_up(loaded)
            if chosen is not None:
                session.follow_chosen(chosen)
        except Exception:
            _log.debug("following %s failed", session.path, exc_info=True)
