"""The questions the room can ask, one at a time, and how a sent form becomes an answer.

A question is fixed when the facilitator opens it: its choices (the initiatives in play, the
lenses, the pulse's groups) and its rules (the dots) are copied from the workshop then, so a
form sent later is checked against what its sender saw. Every answer is checked here with the
step's own rules and the model's own text rules, before anything is held or written, and a
refusal says what to change in plain words.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from pydantic import TypeAdapter, ValidationError

from gaptools.core.errors import hidden_character_reason, plain_reason
from gaptools.core.model import Lens, Name, PulseAnswer, Sentence, Workshop
from gaptools.steps import maturity, pulse
from gaptools.steps.prioritise import rank


class Kind(StrEnum):
    DEFINITION = "definition"  # step 2
    GUT_CHECK = "gut_check"  # step 7
    VOTE = "vote"  # step 7
    PULSE = "pulse"  # step 8
    MATURITY = "maturity"  # step 9


TITLES = {
    Kind.DEFINITION: "What would AI success look like for us this year?",
    Kind.GUT_CHECK: "Which one initiative would you bet your bonus on?",
    Kind.VOTE: "Place your dots",
    Kind.PULSE: "How do you feel about AI and your work?",
    Kind.MATURITY: "How mature are we at executing AI?",
}


class AnswerError(ValueError):
    """A sent form the question's rules refuse, in words its sender can act on."""


@dataclass(frozen=True)
class Question:
    kind: Kind
    anonymous: bool
    id: str  # new at every opening, so a form from an earlier opening is not taken
    choices: tuple[str, ...] = ()  # initiatives (gut check, vote)
    dots: int = 0  # per participant (vote)
    per_choice: int = 0  # at most on one initiative (vote)
    groups: tuple[str, ...] = ()  # pulse groups one may say one belongs to
    leaders: tuple[str, ...] = ()  # as the workshop lists them: who answers, for "6 of 8"
    above: frozenset[str] = frozenset()  # initiatives above the capacity line (vote), marked
    box: str = ""  # an anonymous vote's sealed box: a vote reset and opened again has a new one
    minimum: int = 0  # anonymous answers written together at the least (the pulse's minimum)

    @property
    def asking(self) -> tuple[Kind, str]:
        """What is asked, whichever time it is asked: the kind, and for a vote its box, since
        a vote reset and opened again is a new vote, answered anew."""
        return self.kind, self.box

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    @property
    def expected(self) -> int:
        """How many are to answer: the leaders listed (0 when the workshop lists none)."""
        return len(self.leaders)


def is_anonymous(workshop: Workshop, kind: Kind, chosen: bool | None = None) -> bool:
    """Whether ``kind`` is asked anonymously: the pulse always, the vote and the ratings as
    ``chosen`` (when the facilitator chooses as it opens) or else as the workshop sets them."""
    if chosen is not None and kind in (Kind.VOTE, Kind.MATURITY):
        return chosen
    return {
        Kind.DEFINITION: False,
        Kind.GUT_CHECK: False,
        Kind.VOTE: workshop.voting.mode == "anonymous",
        Kind.PULSE: True,
        Kind.MATURITY: workshop.maturity.mode == "anonymous",
    }[kind]


def question_for(workshop: Workshop, kind: Kind | str) -> Question:
    """The question ``kind`` as the workshop sets it now (named or anonymous, choices, dots)."""
    kind = Kind(kind)
    return Question(
        kind=kind,
        anonymous=is_anonymous(workshop, kind),
        id=secrets.token_hex(8),
        choices=tuple(i.name for i in workshop.live_initiatives()),
        dots=workshop.voting.dots_per_leader,
        per_choice=workshop.voting.max_per_initiative,
        groups=tuple(workshop.pulse.groups),
        leaders=tuple(p.name for p in workshop.meta.participants),
        above=_above_the_line(workshop) if kind is Kind.VOTE else frozenset(),
        box=workshop.voting.box if kind is Kind.VOTE else "",
        minimum=workshop.settings.pulse_minimum,
    )


def _above_the_line(workshop: Workshop) -> frozenset[str]:
    """What step 6 funds, by its ranking: marked on the phone's ballot as on the notebook's."""
    return frozenset(rank(workshop, stability=False).above)


# -- answers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    sentence: str
    lens: Lens


@dataclass(frozen=True)
class GutPick:
    initiative: str
    instantly: bool


@dataclass(frozen=True)
class Dots:
    dots: tuple[tuple[str, int], ...]  # sorted by initiative: the same ballot compares equal

    def as_dict(self) -> dict[str, int]:
        return dict(self.dots)


@dataclass(frozen=True)
class Ratings:
    scores: tuple[tuple[str, int], ...]

    def as_dict(self) -> dict[str, int]:
        return dict(self.scores)


Answer = Definition | GutPick | Dots | pulse.Given | Ratings
Form = Mapping[str, str]

_NAME: TypeAdapter[str] = TypeAdapter(Name)
_SENTENCE: TypeAdapter[str] = TypeAdapter(Sentence)


def read_name(fields: Form) -> str:
    """The name a named answer is given under, checked as the workshop checks names."""
    name = " ".join(fields.get("name", "").split())
    if not name:
        raise AnswerError("write your name: this answer is given under it")
    return _checked(_NAME, name, "your name")


def read_answer(question: Question, fields: Form) -> Answer:
    readers = {
        Kind.DEFINITION: _definition,
        Kind.GUT_CHECK: _gut_pick,
        Kind.VOTE: _dots,
        Kind.PULSE: _pulse,
        Kind.MATURITY: _ratings,
    }
    return readers[question.kind](question, fields)


def _definition(question: Question, fields: Form) -> Definition:
    sentence = fields.get("sentence", "").strip()
    if not sentence:
        raise AnswerError("write one sentence: what would AI success look like for us?")
    sentence = _checked(_SENTENCE, sentence, "your sentence")
    try:
        lens = Lens(fields.get("lens", ""))
    except ValueError:
        raise AnswerError("choose the lens your sentence belongs to") from None
    return Definition(sentence, lens)


def _gut_pick(question: Question, fields: Form) -> GutPick:
    initiative = _choice(question, fields.get("initiative", ""))
    if initiative is None:
        raise AnswerError("choose the one initiative you would bet on")
    instantly = fields.get("instantly", "")
    if instantly not in {"yes", "no"}:
        raise AnswerError("say whether you could name it at once")
    return GutPick(initiative, instantly == "yes")


def _dots(question: Question, fields: Form) -> Dots:
    placed: dict[str, int] = {}
    for index, name in enumerate(question.choices):
        count = _whole(fields.get(f"dots-{index}", "0") or "0", f"the dots on {name}")
        if count > question.per_choice:
            raise AnswerError(f"at most {question.per_choice} dots on one initiative ({name})")
        if count:
            placed[name] = count
    total = sum(placed.values())
    if total > question.dots:
        raise AnswerError(f"{total} dots placed; each person has {question.dots}")
    if not total:
        raise AnswerError("place at least one dot")
    return Dots(tuple(sorted(placed.items())))


def _pulse(question: Question, fields: Form) -> pulse.Given:
    scores = {q.key: _score(fields.get(q.key, ""), q.text) for q in pulse.QUESTIONS}
    concern = fields.get("concern", "").strip()
    group = fields.get("group", "")
    if group and group not in question.groups:
        raise AnswerError("choose one of the groups listed, or none")
    given = pulse.Given(**scores, concern=concern, group=group)
    if len(concern) > pulse.CONCERN_LIMIT:
        raise AnswerError(
            f"the concern is {len(concern):,} characters long: keep it under {pulse.CONCERN_LIMIT}"
        )
    try:
        PulseAnswer(**{k: getattr(given, k) for k in (*scores, "concern", "group")})
    except ValidationError as error:
        raise AnswerError(f"the concern {_reason(error)}") from None
    return given


def _ratings(question: Question, fields: Form) -> Ratings:
    scores = {
        d.code: _score(fields.get(f"score-{d.code}", ""), d.label) for d in maturity.dimensions()
    }
    try:
        checked = maturity.checked_scores(scores)
    except maturity.MaturityError as error:
        raise AnswerError(str(error)) from None
    return Ratings(tuple(sorted(checked.items())))


def _choice(question: Question, sent: str) -> str | None:
    """The initiative a form names by its place in the list (never by a name it sends)."""
    try:
        index = int(sent)
    except ValueError:
        return None
    return question.choices[index] if 0 <= index < len(question.choices) else None


def _score(sent: str, what: str) -> int:
    if sent not in {"1", "2", "3", "4", "5"}:
        raise AnswerError(f"choose an answer from 1 to 5 for '{what}'")
    return int(sent)


def _whole(sent: str, what: str) -> int:
    if not sent.isdigit() or len(sent) > 3:
        raise AnswerError(f"{what} must be a whole number")
    return int(sent)


def _checked(adapter: TypeAdapter[str], text: str, what: str) -> str:
    try:
        return adapter.validate_python(text)
    except ValidationError as error:
        raise AnswerError(f"{what} {_reason(error)}") from None


def _reason(error: ValidationError) -> str:
    """The model's reason, in the words every form uses (``errors.plain_reason``), without
    echoing what was sent (it may be a secret answer): "string should have at most 1000
    characters" reached a phone in the validation library's words."""
    detail = error.errors(include_url=False)[0]
    hidden = hidden_character_reason(detail)  # names the character, never quotes the text
    if hidden is not None:
        return hidden
    detail.pop("input", None)
    return plain_reason(detail)
