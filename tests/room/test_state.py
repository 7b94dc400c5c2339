"""The room's memory: participants, one-time forms, names, counts and the anonymous pen."""

from __future__ import annotations

import pytest

from gaptools.room.limits import Limits
from gaptools.room.questions import Kind, Question
from gaptools.room.state import (
    ALREADY_WRITTEN,
    NAME_TAKEN,
    NOT_OPEN,
    STALE,
    USED,
    Pen,
    RoomState,
    StateError,
)

LEADERS = tuple(f"Leader {n}" for n in range(1, 9))


def question(kind: Kind = Kind.DEFINITION, anonymous: bool = False, qid: str = "q1") -> Question:
    return Question(kind=kind, anonymous=anonymous, id=qid, leaders=LEADERS)


def test_every_participant_gets_an_id_nobody_can_guess_and_the_room_has_a_ceiling() -> None:
    state = RoomState(Limits(participants=3))
    ids = {state.join().id for _ in range(3)}
    assert len(ids) == 3
    assert all(len(i) >= 32 for i in ids)
    for participant_id in ids:
        state.participant(participant_id)  # each device comes back: all three are in
    with pytest.raises(StateError) as full:
        state.join()
    assert full.value.status == 503


def test_a_device_that_keeps_no_cookie_cannot_fill_the_room() -> None:
    state = RoomState(Limits(participants=3))
    kept = state.join()
    state.participant(kept.id)
    for _ in range(100):  # a browser joining anew on every page it loads
        state.join()
    assert state.participant(kept.id) is kept
    assert state.counts().joined == 1


def test_a_form_counts_once_and_only_for_the_question_it_was_shown_for() -> None:
    state = RoomState()
    person = state.join()
    state.open(question())
    form = state.new_form(person)
    assert state.use_form(person, form, "q1").id == "q1"
    with pytest.raises(StateError, match=USED.split(":")[0]):
        state.use_form(person, form, "q1")
    other = state.new_form(person)
    with pytest.raises(StateError, match=STALE.split(":")[0]):
        state.use_form(person, other, "an-earlier-question")


def test_a_form_shown_to_one_participant_cannot_be_sent_by_another() -> None:
    state = RoomState()
    one, two = state.join(), state.join()
    state.open(question())
    form = state.new_form(one)
    with pytest.raises(StateError):
        state.use_form(two, form, "q1")
    state.use_form(one, form, "q1")


def test_forms_die_with_their_question_and_are_bounded_per_participant() -> None:
    state = RoomState(Limits(forms_per_participant=2))
    person = state.join()
    state.open(question())
    first, second, third = (state.new_form(person) for _ in range(3))
    with pytest.raises(StateError):
        state.use_form(person, first, "q1")  # the oldest was dropped
    state.use_form(person, third, "q1")
    state.close()
    with pytest.raises(StateError, match=NOT_OPEN.split(":")[0]):
        state.use_form(person, second, "q1")


def test_a_name_belongs_to_one_participant_in_the_room() -> None:
    state = RoomState()
    ana, intruder = state.join(), state.join()
    state.claim_name(ana, "Ana Lopez")
    with pytest.raises(StateError, match=NAME_TAKEN.split(":")[0]):
        state.claim_name(intruder, "  ana   LOPEZ ")
    state.claim_name(ana, "Ana López")  # she may correct her own name, which frees the old one
    state.claim_name(intruder, "Ana Lopez")


def test_counts_say_how_many_answered_and_nothing_of_what() -> None:
    state = RoomState()
    people = [state.join() for _ in range(3)]
    for person in people:
        state.participant(person.id)
    # Devices, not people: a leader who rejoined from another browser is counted again.
    assert state.counts().summary == (
        "No question open. 3 phones or browsers have joined since the room opened (a "
        "leader's new browser counts again)."
    )
    asked = question()
    state.open(asked)
    state.answered(people[0], asked)
    state.answered(people[0], asked)
    counts = state.counts()
    assert (counts.answered, counts.joined, counts.expected) == (1, 3, 8)
    assert counts.summary == "1 of 8 have answered."


def answering(state: RoomState, asked: Question, names: tuple[str, ...]) -> None:
    """Each of ``names`` answers ``asked`` anonymously from a phone of their own."""
    for name in names:
        person = state.join()
        state.claim_name(person, name)
        state.hold(person, asked.id, "an answer")


def test_an_anonymous_vote_counts_ballots_held() -> None:
    """During a vote the panel said "3 anonymous answers held": the room casts ballots."""
    state = RoomState()
    asked = question(Kind.VOTE, anonymous=True)
    state.open(asked)
    answering(state, asked, LEADERS[:3])
    assert state.counts().summary.endswith("3 anonymous ballots held until the reveal.")


def test_counts_name_the_few_leaders_still_to_answer_an_anonymous_question() -> None:
    """Who has answered, never what: a leader's name answered under from someone else's
    browser shows as answered while its leader is still in the room, or away."""
    state = RoomState()
    asked = question(Kind.PULSE, anonymous=True)
    state.open(asked)
    answering(state, asked, LEADERS[:4])
    assert (
        state.counts().summary == "4 of 8 have answered. 4 anonymous answers held until the reveal."
    )
    answering(state, asked, LEADERS[4:6])
    assert state.counts().not_yet == LEADERS[6:]
    assert state.counts().summary.startswith("6 of 8 have answered. Not yet: Leader 7, Leader 8.")
    nameless = state.join()
    with pytest.raises(StateError, match="write your name"):
        state.hold(nameless, asked.id, "an answer")


def test_an_anonymous_answer_replaces_the_earlier_one_until_it_is_written() -> None:
    pen: Pen[str] = Pen()
    assert pen.put("p1", "first") is False
    assert pen.put("p1", "second") is True
    pen.put("p2", "other")
    assert pen.release(3) == []  # fewer than the minimum: nothing leaves
    pen.put("p3", "third")
    assert sorted(pen.release(3)) == ["other", "second", "third"]
    assert pen.answered == 3
    assert pen.waiting == 0
    with pytest.raises(StateError, match=ALREADY_WRITTEN.split(":")[0]):
        pen.put("p1", "too late")


def test_a_batch_whose_write_failed_is_held_again_under_nobody() -> None:
    pen: Pen[str] = Pen()
    for person in ("p1", "p2", "p3"):
        pen.put(person, f"answer of {person}")
    batch = pen.release(3)
    pen.take_back(batch)
    assert pen.waiting == 3
    assert not pen.holds("p1")  # nobody can replace an answer of a released batch
    assert sorted(pen.release(3)) == sorted(batch)


def test_anonymous_counts_include_held_and_written_answers() -> None:
    state = RoomState()
    people = [state.join() for _ in range(4)]
    state.open(question(Kind.PULSE, anonymous=True))
    for person in people[:3]:
        state.pen.put(person.id, "x")
    state.pen.release(3)
    state.pen.put(people[3].id, "y")
    counts = state.counts()
    assert (counts.answered, counts.waiting, counts.anonymous) == (4, 1, True)
    assert state.has_answered(people[0])
    assert state.has_answered(people[3])


def test_opening_a_question_forgets_what_the_last_one_held() -> None:
    state = RoomState()
    person = state.join()
    state.open(question(Kind.PULSE, anonymous=True))
    state.pen.put(person.id, "held")
    assert state.open(question(qid="q2")) == ["held"]
    assert state.counts().answered == 0
    assert not state.has_answered(person)


def test_the_facilitator_frees_a_name_for_a_leaders_new_phone() -> None:
    """A leader whose phone lost the room's cookie was refused under their own name for every
    later question ('ask the facilitator'), and the facilitator had no way to help short of
    closing the room: a freed name may be taken by the next phone that writes it."""
    state = RoomState()
    old_phone, new_phone = state.join(), state.join()
    state.claim_name(old_phone, "Dana Whitfield")
    assert state.claimed_names() == ["Dana Whitfield"]
    with pytest.raises(StateError, match="ask the facilitator to free it"):
        state.claim_name(new_phone, "Dana Whitfield")
    assert state.free_name("dana whitfield") == "Dana Whitfield"
    assert state.claimed_names() == []
    assert state.claim_name(new_phone, "Dana Whitfield") == "Dana Whitfield"
    assert not state.free_name("Nobody Here")
