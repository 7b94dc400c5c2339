"""Step 8: the anonymous pulse: how people feel about AI and their work, and what the room may see.

People read their leaders for signals about their own future; a pulse asks them, in secret,
how they feel about what AI means for their work, how clear the leaders have been about what
changes for them, and whether they have time to learn, with an optional concern in their own
words.

Secret means secret against anyone who can read the workshop's folder at any moment, even
one who reads every save. So an answer never reaches the file in the clear on its own:

* The screen that opens the pulse (the facilitator's) keeps a private key in its memory and
  writes only the public key to the file (``secret``). Every answer, from that screen in
  "pass the laptop" mode or from a leader's own notebook, is padded to one size and sealed
  to that key before it is saved: a reader sees that *an* answer arrived, never what it says.
* The collecting screen opens the sealed answers and publishes them only in batches of at
  least the minimum group (``settings.pulse_minimum``, 3 by default), in one write that
  removes the sealed ones: the published list is sorted by what the answers say, and each
  gets a fresh random id, so neither order nor id follows who answered, or when.
* One sender's answers count as one, its last (``secret.seal_answer``): a batch is
  published only when it holds the minimum of senders, so nobody can fill a batch around
  someone else's answer by answering twice. On a JupyterHub a sender is a person, whichever
  of their notebooks or pages answers; elsewhere, a notebook's kernel.
* An answer keeps no name, email or time, only the day. A group (a function, say) is kept
  with an answer only when at least the minimum of that group are published in the same batch,
  and the rest of the batch is not left a smaller group (``suppressed``, as the views judge
  groups): comparing the file with its copy from before a batch shows that batch alone, so a
  group large in the file could still be a group of one in it.

The views apply the same minimum: nothing is shown below it; the concerns only from
``settings.concerns_minimum`` answers (5), in an order shuffled from their content; and when
answers are grouped, a group under the minimum is hidden and so is the next-smallest one, so
that subtracting the shown groups from the whole never gives away a hidden one.

The price: sealed answers are lost if the collecting screen's kernel ends before it publishes
them (the file then says so, and the pulse is opened again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from gaptools.core.model import PulseAnswer, SealedAnswer, Workshop, name_key, new_id
from gaptools.core.numbers import percent
from gaptools.core.text import plural
from gaptools.steps import secret
from gaptools.steps.start import working_alone

SEALED_SIZE = 4096  # bytes every sealed answer is padded to, whatever it says
CONCERN_LIMIT = 500  # characters
FAVOURABLE = (4, 5)
NO_GROUP = "Group not given"


@dataclass(frozen=True)
class Question:
    key: str  # the answer's field
    text: str  # as people read it, here and in the survey
    short: str  # for a chart's row or a table's column
    labels: tuple[str, str, str, str, str]  # what 1 to 5 mean
    favourable: str  # what a 4 or 5 says, for a summary
    tag: str  # what a 4 or 5 says, in a few words


QUESTIONS: tuple[Question, ...] = (
    Question(
        "feeling",
        "How do you feel about what AI means for your work?",
        "How I feel about AI and my work",
        ("Worried", "Uneasy", "Unsure", "Hopeful", "Excited"),
        "feel hopeful or excited about what AI means for their work",
        "hopeful",
    ),
    Question(
        "clarity",
        "How clear have your leaders been about what changes for you?",
        "How clear leaders have been",
        ("Not clear at all", "Unclear", "Partly clear", "Clear", "Very clear"),
        "find the leaders clear about what changes for them",
        "leaders clear",
    ),
    Question(
        "time_to_learn",
        "Do you have time to learn?",
        "Time to learn",
        ("No time at all", "Little time", "Some time", "Enough time", "Plenty of time"),
        "have enough time to learn",
        "time to learn",
    ),
)
CONCERN_QUESTION = "Anything that worries you? (optional, in your own words)"

#: How the pulse opens, for a screen that already says it is not open.
HOW_IT_OPENS = (
    "the facilitator opens it in step 8 ('Open the pulse'), and then answers may be given "
    "from any notebook"
)
NOT_OPEN = f"the pulse is not open: {HOW_IT_OPENS}"
COLLECTED_ELSEWHERE = (
    "the pulse is collected by another screen: answers given here are sealed for that screen "
    "and published from there"
)
OPEN_ELSEWHERE = (
    "the pulse is already open and collected at another screen (or at this one before its "
    "notebook restarted): answer here, or take the pulse over at this screen, which discards "
    "the answers waiting for the other one"
)
KEY_LOST = (
    "the pulse was opened by a screen that is not this one (or whose notebook has restarted): "
    "only that screen can publish its answers"
)


def waiting_on_close(count: int, minimum: int) -> str:
    """Why the pulse does not close yet, in one sentence: "1 answer: answers are still
    waiting…" read as a count and a second thought."""
    waiting = plural(count, "answer is", "answers are")
    lost = "it" if count == 1 else "they"
    return (
        f"{waiting} still waiting to be published (fewer than the minimum of {minimum} so far): "
        f"{lost} would be lost if the pulse closed now; wait for more, or close anyway"
    )


class PulseError(ValueError):
    """An answer or a change to the pulse that the rules do not allow, in plain words."""


@dataclass(frozen=True)
class Given:
    """An answer as a person gives it, before it is sealed."""

    feeling: int
    clarity: int
    time_to_learn: int
    concern: str = ""
    group: str = ""


# -- collecting -----------------------------------------------------------------------------


def open_pulse(workshop: Workshop, take_over: bool = False) -> None:
    """Start collecting at this screen.

    A pulse open at another screen is refused unless ``take_over`` (the facilitator's notebook
    restarted, say): taking over discards the answers sealed for the other screen, which
    nobody here can read, so those people answer again."""
    pulse = workshop.pulse
    if secret.key_held_here(pulse.key):
        return
    if pulse.key and not take_over:
        waiting = f" ({plural(len(pulse.sealed), 'answer')} waiting there)" if pulse.sealed else ""
        raise PulseError(f"{OPEN_ELSEWHERE}{waiting}")
    pulse.sealed = []
    pulse.key = secret.open_key()


def close_pulse(workshop: Workshop, force: bool = False) -> None:
    """Stop collecting. Refused while answers wait that the minimum has not yet let out,
    unless ``force``: closing then discards them (they can never be shown)."""
    pulse = workshop.pulse
    if pulse.sealed and not force:
        minimum = workshop.settings.pulse_minimum
        raise PulseError(waiting_on_close(len(pulse.sealed), minimum))
    secret.forget_key(pulse.key)
    pulse.key = ""
    pulse.sealed = []


def is_open(workshop: Workshop) -> bool:
    return bool(workshop.pulse.key)


def collects_here(workshop: Workshop) -> bool:
    """Whether this process holds the pulse's key: it publishes what others seal."""
    return secret.key_held_here(workshop.pulse.key)


def answer(workshop: Workshop, given: Given, today: dt.date) -> None:
    """Seal ``given`` for the collecting screen and add it to the file; where the key is held
    (the facilitator's screen), publish at once if the batch is now big enough."""
    pulse = workshop.pulse
    if not pulse.key:
        raise PulseError(NOT_OPEN)
    fields = {**asdict(checked(workshop, given)), "day": today.isoformat()}
    pulse.sealed.append(SealedAnswer(data=secret.seal_answer(pulse.key, fields, SEALED_SIZE)))
    if collects_here(workshop):
        publish(workshop)


def checked(workshop: Workshop, given: Given) -> Given:
    """``given`` tidied and checked against the scale and the pulse's groups."""
    for question in QUESTIONS:
        score = getattr(given, question.key)
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
            raise PulseError(f"choose an answer from 1 to 5 for '{question.text}'")
    concern = given.concern.strip()
    if len(concern) > CONCERN_LIMIT:
        raise PulseError(
            f"the concern is {len(concern)} characters long: keep it under {CONCERN_LIMIT}"
        )
    group = _known_group(workshop, given.group)
    return Given(given.feeling, given.clarity, given.time_to_learn, concern, group)


def _known_group(workshop: Workshop, group: str) -> str:
    group = " ".join(group.split())
    if not group:
        return ""
    for known in workshop.pulse.groups:
        if name_key(known) == name_key(group):
            return known
    raise PulseError(f"'{group}' is not one of the pulse's groups")


@dataclass(frozen=True)
class Published:
    count: int
    damaged: int = 0


def publish(workshop: Workshop, joined: Sequence[PulseAnswer] = ()) -> Published:
    """Open the sealed answers and publish them, with ``joined`` (answers that reach this
    screen already anonymous: the room's phones), if together they are at least the
    minimum; else leave them sealed. Only the collecting screen can open them
    (``collects_here``); answers sealed for another screen wait for it."""
    pulse = workshop.pulse
    if not pulse.sealed and not joined:
        return Published(0)
    if pulse.sealed and not collects_here(workshop) and not joined:
        raise PulseError(KEY_LOST)
    opened, damaged = _opened(workshop) if collects_here(workshop) else ([], 0)
    batch = [*opened, *joined]
    if len(batch) < workshop.settings.pulse_minimum:
        return Published(0, 0)
    if opened or damaged:
        pulse.sealed = []
    add_published(workshop, batch)
    return Published(len(batch), damaged)


def sealed_here(workshop: Workshop) -> int:
    """How many of the answers sealed for this screen would count in a batch: those that open,
    each notebook's last (a leader who answered twice counts once); none where this screen
    does not collect the pulse."""
    if not workshop.pulse.sealed or not collects_here(workshop):
        return 0
    return len(_opened(workshop)[0])


def _opened(workshop: Workshop) -> tuple[list[PulseAnswer], int]:
    """The sealed answers, opened, and how many could not be read."""
    sealed = [s.data for s in workshop.pulse.sealed]
    return secret.opened_as(PulseAnswer.model_validate, workshop.pulse.key, sealed)


def add_published(
    workshop: Workshop, batch: Sequence[PulseAnswer], published_before: bool = False
) -> None:
    """Add ``batch`` to the published answers, each with a fresh id and a group only where
    ``suppressed`` would show that group of the batch, all in canonical order (what they say,
    nothing else).

    Also the way in for answers that arrive already anonymous, in a batch (a survey export).
    Answers ``published_before`` in a copy of the workshop (a merge) keep the ids they were
    published with there, so that merging that copy again knows them."""
    pulse = workshop.pulse
    # Judged on the batch alone: the file before and after a batch shows which answers it
    # added, so a group kept in it must hold the minimum there, and so must what is left.
    dropped = suppressed(group_sizes(batch), workshop.settings.pulse_minimum)
    day = secret.batch_day(a.day for a in batch)
    fresh = [
        a.model_copy(
            update={
                "id": a.id if published_before else new_id(),
                "group": "" if (a.group or NO_GROUP) in dropped else a.group,
                "day": day,
            }
        )
        for a in batch
    ]
    pulse.answers = sorted([*pulse.answers, *fresh], key=_canonical)


def _canonical(answer: PulseAnswer) -> tuple[object, ...]:
    return (
        answer.feeling,
        answer.clarity,
        answer.time_to_learn,
        answer.group,
        answer.concern,
        answer.day or dt.date.min,
        answer.id,
    )


def responses(workshop: Workshop) -> int:
    """Every answer given so far: published, and sealed ones waiting for their batch."""
    return len(workshop.pulse.answers) + len(workshop.pulse.sealed)


def given_on(workshop: Workshop, day: dt.date) -> int:
    """Answers published with ``day`` as theirs: a room started again, or a survey imported,
    the same day adds its answers to these, and nothing anonymous can tell who gave which,
    so a leader who answers twice counts twice (said where the pulse is asked again)."""
    return sum(answer.day == day for answer in workshop.pulse.answers)


def twice_warning(earlier: int, where: str) -> str:
    """What to say when the pulse is taken again beside ``earlier`` answers (``given_on``)."""
    return (
        f"the pulse already holds {plural(earlier, 'answer')} {where}: anyone who gave one "
        "then counts twice if they answer again (only a second answer within one room, or "
        "one export, replaces the first)"
    )


# -- what the room sees ------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    question: Question
    counts: tuple[int, int, int, int, int]  # answers of 1 to 5

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def favourable(self) -> float:
        """The share answering 4 or 5."""
        return (self.counts[3] + self.counts[4]) / self.total if self.total else 0.0

    @property
    def mean(self) -> float:
        return sum((n + 1) * c for n, c in enumerate(self.counts)) / self.total if self.total else 0


@dataclass(frozen=True)
class GroupView:
    group: str
    answers: int
    distributions: list[Distribution]


@dataclass(frozen=True)
class PulseView:
    answers: int  # published
    waiting: int  # sealed, not yet published
    minimum: int
    concerns_minimum: int
    distributions: list[Distribution] = field(default_factory=list)  # empty when hidden
    concerns: list[str] = field(default_factory=list)
    groups: list[GroupView] = field(default_factory=list)
    hidden_groups: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return bool(self.distributions)

    @property
    def given(self) -> int:
        """Every answer given: a leader who answered counts theirs, published or sealed."""
        return self.answers + self.waiting

    @property
    def summary(self) -> str:
        if not self.shown:
            return too_few(self.given, self.minimum)
        shares = "; ".join(
            f"{percent(d.favourable)} {d.question.favourable}" for d in self.distributions
        )
        return f"{plural(self.answers, 'answer')}: {shares}."

    @property
    def concerns_note(self) -> str:
        """Why concerns are not listed, when they are not."""
        if self.concerns or not self.shown:
            return ""
        if self.answers < self.concerns_minimum:
            return (
                f"Concerns are shown from {self.concerns_minimum} answers "
                f"({self.answers} so far), so that none can be told apart."
            )
        return "Nobody wrote a concern."


def too_few(given: int, minimum: int) -> str:
    return (
        f"Too few answers to show: {given} so far, {minimum} needed, so that no answer can "
        "be told apart."
    )


def pulse_view(workshop: Workshop) -> PulseView:
    pulse = workshop.pulse
    settings = workshop.settings
    answers = pulse.answers
    view = PulseView(
        len(answers), len(pulse.sealed), settings.pulse_minimum, settings.concerns_minimum
    )
    if len(answers) < settings.pulse_minimum:
        return view
    grouped = pulse.groups or any(a.group for a in answers)
    hidden = suppressed(group_sizes(answers), settings.pulse_minimum) if grouped else set()
    groups = [
        GroupView(name, size, distributions(a for a in answers if (a.group or NO_GROUP) == name))
        for name, size in sorted(group_sizes(answers).items())
        if grouped and name not in hidden
    ]
    return PulseView(
        view.answers,
        view.waiting,
        view.minimum,
        view.concerns_minimum,
        distributions(answers),
        shuffled_concerns(answers) if len(answers) >= settings.concerns_minimum else [],
        groups,
        sorted(hidden),
    )


def distributions(answers: Iterable[PulseAnswer]) -> list[Distribution]:
    chosen = list(answers)
    return [Distribution(q, _counts(getattr(a, q.key) for a in chosen)) for q in QUESTIONS]


def _counts(scores: Iterable[int]) -> tuple[int, int, int, int, int]:
    tally = Counter(scores)
    return (tally[1], tally[2], tally[3], tally[4], tally[5])


def group_sizes(answers: Iterable[PulseAnswer]) -> dict[str, int]:
    return dict(Counter(a.group or NO_GROUP for a in answers))


def suppressed(sizes: dict[str, int], minimum: int) -> set[str]:
    """The groups to hide: every group under ``minimum``, and, when any is hidden, the
    smallest of the rest too, so the whole minus the shown groups never gives one hidden
    group away. A group of none is neither shown nor counted."""
    present = {g: n for g, n in sizes.items() if n > 0}
    hidden = {g for g, n in present.items() if n < minimum}
    rest = sorted((n, g) for g, n in present.items() if g not in hidden)
    if hidden and rest:
        hidden.add(rest[0][1])
    return hidden


def shuffled_concerns(answers: Sequence[PulseAnswer]) -> list[str]:
    """The concerns in an order drawn from their own content: never the order people answered,
    and the same on every page and in every export of the same answers."""
    concerns = sorted(a.concern for a in answers if a.concern)
    seed = hashlib.sha256("\x1f".join(concerns).encode("utf-8")).digest()
    random.Random(seed).shuffle(concerns)
    return concerns


# -- what is missing ---------------------------------------------------------------------------


def pulse_gaps(workshop: Workshop) -> list[str]:
    given = responses(workshop)
    minimum = workshop.settings.pulse_minimum
    if given == 0:
        # A leader working alone cannot be the minimum of a pulse: their team can, by survey.
        alone = working_alone(workshop.meta)
        how = "; working alone, send your team the survey, 00b_survey" if alone else ""
        return [
            f"no pulse yet: ask how people feel about what AI means for their work (step 8{how})"
        ]
    if len(workshop.pulse.answers) < minimum:
        return [
            f"{plural(given, 'pulse answer')} so far: at least {minimum} are needed before "
            "the room's view can be shown (step 8)"
        ]
    return []
