"""What the room holds in memory: who has joined, the question open now, the forms that may
still be sent, who has answered, and the anonymous answers waiting to be written.

Plain Python with one lock, so that the server's threads and the facilitator's notebook can
all ask at once. Nothing here writes a file or knows about the web: the room (``room.Room``)
decides what goes to the workshop and when.

Anonymous answers are held by participant only so that a participant's second answer
replaces their first. Once written in a batch they are out of reach for good: the room keeps
no link between a participant and what was written (``release``), so a published anonymous
answer can no longer be changed, by anyone.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from gaptools.core.model import name_key
from gaptools.core.text import plural
from gaptools.room.codes import new_secret
from gaptools.room.limits import Limits
from gaptools.room.questions import Answer, Kind, Question

T = TypeVar("T")

FULL = "the room is full: ask the facilitator to make room"
NOT_OPEN = "this question is closed: wait for the facilitator to open the next one"
STALE = "this form belongs to a question that has closed: here is the one open now"
USED = "this form was already sent: your answer is counted once"
UNKNOWN_FORM = "this form cannot be sent any more (it is too old): here it is again"


NAME_TAKEN = (
    "someone else in the room is answering under that name: write your own name, or, if it "
    "is yours and you have changed phone or browser, ask the facilitator to free it"
)


def held_as(name: str) -> str:
    """What an anonymous answer given under a leader's name is held under: the name as the
    workshop compares names, never the name as typed."""
    return f"name:{name_key(name)}"


def name_kept(name: str) -> str:
    return (
        f"this phone has answered anonymously as {name}, so it answers as {name} only: if "
        "that is not your name, ask the facilitator to free it"
    )


NAME_FIRST = (
    "write your name as the facilitator listed it: it counts you once, so that nobody can "
    "answer twice from a second browser, and is not kept with your answer"
)
ALREADY_WRITTEN = (
    "your answer has already been counted together with others, so nobody can tell which "
    "one is yours; it can no longer be changed"
)


class StateError(ValueError):
    """What the room cannot take, in plain words; ``status`` is the HTTP answer to give."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Participant:
    id: str
    name: str = ""  # given with their first named answer, then theirs alone in this room
    forms: OrderedDict[str, str] = field(default_factory=OrderedDict)  # secret -> question id
    seen: bool = False  # their device has sent their id back: it keeps it


#: The facilitator's count names who is still to answer once they are this few: the ones to
#: wait for, without a roll call while most of the room is still reading.
NOT_YET_NAMED = 3


@dataclass(frozen=True)
class Counts:
    """What the facilitator's screen shows while a question is open: never what was said."""

    question: str  # the open question's kind, "" when none is open
    anonymous: bool
    answered: int
    joined: int
    expected: int  # participants listed in the workshop (0: not listed)
    waiting: int  # anonymous answers held, not yet written (fewer than the minimum)
    # The leaders listed who have not answered yet: who answered, never what, as the
    # facilitator sees who has voted. A leader's name taken by someone else's second
    # browser shows here as answered while its leader is still to answer, or absent.
    not_yet: tuple[str, ...] = ()
    # An anonymous question asked again after a reveal, whose leaders still to answer and
    # answers held are fewer than the minimum written together: what they send cannot be
    # shown. The minimum, else 0.
    short_of: int = 0
    # Names another phone or browser was refused, as taken here: to free if theirs.
    refused: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        if not self.question:
            # A leader who opened the room again in another browser is counted again.
            joined = plural(self.joined, "phone or browser has", "phones or browsers have")
            # "19 have joined" of a room of six read as a miscount: say what is counted.
            return (
                f"No question open. {joined} joined since the room opened (a leader's new "
                f"browser counts again).{self._refused_words()}"
            )
        out_of = self.expected or self.joined
        verb = "voted" if self.question == "vote" else "answered"
        said = f"{self.answered} of {out_of} have {verb}."
        if self.answered and 0 < len(self.not_yet) <= NOT_YET_NAMED:
            said += f" Not yet: {', '.join(self.not_yet)}."
        if self.waiting:
            held = "anonymous ballot" if self.question == "vote" else "anonymous answer"
            said += f" {plural(self.waiting, held)} held until the reveal."
        if self.short_of:
            said += (
                f" Fewer than {self.short_of} can still answer, the fewest written together: "
                "what they send cannot be shown; ask them at the next pulse instead."
            )
        return said + self._refused_words()

    def _refused_words(self) -> str:
        if not self.refused:
            return ""
        names = ", ".join(self.refused)
        return (
            f" Refused on a second phone or browser, as taken already: {names}. If it is "
            "theirs, free the name (Free the name in the panel; free and the name in a "
            "terminal)."
        )


class Pen(Generic[T]):
    """Anonymous answers waiting to be written: one per participant, replaced by a later one,
    until a batch takes them (after which the participant is only known to have answered)."""

    def __init__(self, written: frozenset[str] = frozenset()) -> None:
        self._held: dict[str, T] = {}
        self._released: set[str] = set(written)  # counted in an earlier batch, maybe asked before

    def put(self, participant: str, answer: T) -> bool:
        """Hold ``answer``; True when it replaced the participant's earlier one."""
        if participant in self._released:
            raise StateError(ALREADY_WRITTEN, 409)
        replaced = participant in self._held
        self._held[participant] = answer
        return replaced

    def release(self, minimum: int) -> list[T]:
        """Every held answer, if there are at least ``minimum``, for one write; else none."""
        if len(self._held) < max(minimum, 1):
            return []
        batch = list(self._held.values())
        self._released.update(self._held)
        self._held = {}
        return batch

    def holders(self) -> frozenset[str]:
        """Who has an answer held (never which answer)."""
        return frozenset(self._held)

    def take_back(self, batch: list[T]) -> None:
        """A batch whose write failed: hold it again, under no one (it was released), so it
        goes with the next batch and nobody can replace one of its answers."""
        for answer in batch:
            self._held[f"unwritten-{new_secret()}"] = answer

    @property
    def waiting(self) -> int:
        return len(self._held)

    def holds(self, participant: str) -> bool:
        """Whether the participant's answer is still held here (and so may be replaced)."""
        return participant in self._held

    @property
    def answered(self) -> int:
        return len(self._held) + len(self._released)

    def has_answered(self, participant: str) -> bool:
        return participant in self._held or participant in self._released

    @property
    def written(self) -> frozenset[str]:
        """The participants whose answers were written, in a batch (never which answer)."""
        return frozenset(self._released)


class RoomState:
    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._lock = threading.RLock()
        self._participants: dict[str, Participant] = {}
        self._names: dict[str, str] = {}  # name key -> participant id
        self.question: Question | None = None
        self._answered: set[str] = set()  # named answers to the open question
        self.pen: Pen[Answer] = Pen()
        # By what is asked (``Question.asking``): who has had an anonymous answer written in
        # this room, so that asking it again (for a latecomer) takes no second answer from the
        # same phone.
        self._written: dict[tuple[Kind, str], frozenset[str]] = {}
        # Whose held anonymous answers the last question let go unwritten, to tell them once.
        self._dropped: set[str] = set()
        self._freed: dict[str, str] = {}  # participant id -> the name let go from that phone
        # Names refused to another phone since the one answering under them took them: the
        # leader on a second browser, told to ask the facilitator, who was never told.
        self._refused: dict[str, str] = {}  # name key -> the name as its holder gave it

    # -- participants ---------------------------------------------------------------------------

    def join(self) -> Participant:
        """A new participant. A full room first forgets the oldest one whose device never
        came back with its id (a browser that keeps no cookie joins anew on every page, and
        must not fill the room); a room full of people who did is full."""
        with self._lock:
            if len(self._participants) >= self.limits.participants:
                unseen = next((p for p in self._participants.values() if not p.seen), None)
                if unseen is None:
                    raise StateError(FULL, 503)
                self._forget(unseen)
            participant = Participant(new_secret())
            self._participants[participant.id] = participant
            return participant

    def _forget(self, participant: Participant) -> None:
        del self._participants[participant.id]
        if participant.name:
            self._names.pop(name_key(participant.name), None)

    def participant(self, participant_id: str) -> Participant | None:
        """The participant whose device sent ``participant_id`` back (which shows it keeps
        it: from now on they count as joined)."""
        with self._lock:
            found = self._participants.get(participant_id) if participant_id else None
            if found is not None:
                found.seen = True
            return found

    @property
    def joined(self) -> int:
        """Participants whose device has come back at least once with its id."""
        return sum(p.seen for p in self._participants.values())

    def claim_name(self, participant: Participant, name: str) -> str:
        """``name`` for this participant's answers. A name is one participant's in this room:
        nobody else can answer under it, so nobody can replace another's answer. A phone that
        gave an anonymous answer under its name keeps it: answering again under another name,
        one phone would count as two people in a batch."""
        key = name_key(name)
        with self._lock:
            holder = self._names.get(key)
            if holder is not None and holder != participant.id:
                self._refused[key] = self._participants[holder].name or name
                raise StateError(NAME_TAKEN, 409)
            if participant.name and name_key(participant.name) != key:
                if self._answered_anonymously(participant):
                    raise StateError(name_kept(participant.name), 409)
                self._names.pop(name_key(participant.name), None)
            self._names[key] = participant.id
            participant.name = name
            return name

    def _answered_anonymously(self, participant: Participant) -> bool:
        """Whether an anonymous answer is held or was written under the participant's name
        in this room, for any question."""
        key = held_as(participant.name)
        return self.pen.has_answered(key) or any(key in kept for kept in self._written.values())

    def claimed_names(self) -> list[str]:
        """The names participants answer under in this room, for the facilitator to free."""
        with self._lock:
            held = (self._participants.get(holder) for holder in self._names.values())
            return sorted((p.name for p in held if p is not None), key=str.casefold)

    def count_in(self, name: str) -> None:
        """A leader added to the workshop's list while the question is open is counted among
        those to answer: the count read "7 of 6 have answered"."""
        with self._lock:
            question = self.question
            if question is not None and question.leaders and name not in question.leaders:
                self.question = replace(question, leaders=(*question.leaders, name))

    def was_dropped(self, participant: Participant) -> bool:
        """Whether ``participant``'s anonymous answer was still held when the last question
        closed, and so was let go unwritten: said once, on their next page. A phone that
        had shown "held until the results" then showed only "Waiting for the next question"."""
        with self._lock:
            keys = {participant.id, held_as(participant.name)}  # held by phone, or by name
            dropped = bool(keys & self._dropped)
            self._dropped -= keys
            return dropped

    def holds_for(self, name: str) -> bool:
        """Whether an anonymous answer to the open question is held under the leader ``name``
        (as taken): a phone that answers under the name next replaces it."""
        with self._lock:
            return self.pen.holds(held_as(name))

    def free_name(self, name: str) -> str:
        """Let the next phone that writes ``name`` answer under it: its leader's phone lost
        the room's cookie, or they moved to a laptop. The name as it was taken; "" when
        nobody answers under it."""
        with self._lock:
            holder = self._names.pop(name_key(name), None)
            self._refused.pop(name_key(name), None)
            participant = self._participants.get(holder or "")
            if participant is None:
                return ""
            freed, participant.name = participant.name, ""
            self._freed[participant.id] = freed
            return freed

    def was_freed(self, participant: Participant) -> str:
        """The name the facilitator let go from ``participant``'s phone, said once, on its
        next page; "" when none was. The phone had asked for a name again with no word why,
        then refused its own as "someone else's" once the new phone took it."""
        with self._lock:
            return self._freed.pop(participant.id, "")

    # -- the open question ----------------------------------------------------------------------

    def open(self, question: Question) -> list[Answer]:
        """Make ``question`` the open one; what the previous one still held is returned (and
        forgotten), so the room can say how many answers it could not write."""
        with self._lock:
            left = self.close()
            self.question = question
            if question.anonymous:
                self.pen = Pen(self._written.get(question.asking, frozenset()))
            return left

    def close(self) -> list[Answer]:
        with self._lock:
            self._dropped = set()
            if self.question is not None and self.question.anonymous:
                asked = self.question.asking  # before the held go: they were not written
                self._written[asked] = self._written.get(asked, frozenset()) | self.pen.written
                self._dropped = set(self.pen.holders())
            left = self.pen.release(0)
            self.question = None
            self._answered = set()
            self.pen = Pen()
            for participant in self._participants.values():
                participant.forms.clear()
            return left

    def new_form(self, participant: Participant) -> str:
        """A one-time secret for the form shown to ``participant`` for the open question."""
        with self._lock:
            if self.question is None:
                raise StateError(NOT_OPEN, 409)
            secret = new_secret()
            participant.forms[secret] = self.question.id
            while len(participant.forms) > self.limits.forms_per_participant:
                participant.forms.popitem(last=False)
            return secret

    def use_form(self, participant: Participant, secret: str, question_id: str) -> Question:
        """Spend the form's secret: a form counts once, for the question it was shown for."""
        with self._lock:
            question = self.question
            if question is None:
                raise StateError(NOT_OPEN, 409)
            if question_id != question.id:
                raise StateError(STALE, 409)
            if participant.forms.get(secret) != question.id:
                raise StateError(USED if secret else UNKNOWN_FORM, 409)
            del participant.forms[secret]
            return question

    def give_back(self, participant: Participant, secret: str, question: Question) -> None:
        """The form of an answer refused: nothing was counted, so the same form may be sent
        again, fixed (a reload resends it, and must not be told it was counted)."""
        with self._lock:
            if secret and self.question is not None and self.question.id == question.id:
                participant.forms[secret] = question.id

    def answered(self, participant: Participant, question: Question) -> None:
        with self._lock:
            if self.question is not None and self.question.id == question.id:
                self._answered.add(participant.id)

    def has_answered(self, participant: Participant) -> bool:
        with self._lock:
            return participant.id in self._answered or self.pen.has_answered(self._key(participant))

    def _key(self, participant: Participant) -> str:
        """Who an anonymous answer is held under: where the workshop lists its leaders, the
        leader's name as listed, which one phone at a time may answer under (``claim_name``),
        so that a second browser is not a second person; else the phone."""
        question = self.question
        if question is not None and question.expected and participant.name:
            return held_as(participant.name)
        return participant.id

    # -- anonymous answers, always under the lock -------------------------------------------------

    def hold(self, participant: Participant, question_id: str, answer: Answer) -> bool:
        """Hold an anonymous answer for the question still open; True when it replaced the
        participant's earlier one."""
        with self._lock:
            question = self.question
            if question is None or question.id != question_id:
                raise StateError("this question closed before your answer arrived", 409)
            if question.expected and not participant.name:
                raise StateError(NAME_FIRST, 400)
            return self.pen.put(self._key(participant), answer)

    def release(self, minimum: int) -> list[Answer]:
        with self._lock:
            return self.pen.release(minimum)

    def take_back(self, batch: list[Answer]) -> None:
        with self._lock:
            self.pen.take_back(batch)

    def holds(self, participant: Participant) -> bool:
        with self._lock:
            return self.pen.holds(self._key(participant))

    @property
    def held(self) -> int:
        with self._lock:
            return self.pen.waiting

    def counts(self) -> Counts:
        with self._lock:
            question = self.question
            refused = tuple(self._refused.values())
            if question is None:
                return Counts("", False, 0, self.joined, 0, 0, refused=refused)
            answered = self.pen.answered if question.anonymous else len(self._answered)
            not_yet = tuple(n for n in question.leaders if not self._has_answered_as(n, question))
            # After a reveal (some answers written), too few left to make a batch.
            written = answered - self.pen.waiting
            short = (
                question.anonymous
                and question.expected > 0
                and written > 0
                and 0 < self.pen.waiting + len(not_yet) < question.minimum
            )
            return Counts(
                question.kind.value,
                question.anonymous,
                answered,
                self.joined,
                question.expected,
                self.pen.waiting,
                not_yet,
                question.minimum if short else 0,
                refused,
            )

    def _has_answered_as(self, name: str, question: Question) -> bool:
        """Whether the leader ``name`` (as listed) has answered the open question, by name."""
        if question.anonymous:
            return self.pen.has_answered(held_as(name))
        holder = self._participants.get(self._names.get(name_key(name), ""))
        return holder is not None and holder.id in self._answered
