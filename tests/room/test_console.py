"""``gaptools room`` from a terminal: lines typed by the facilitator, phones answering."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from gaptools.files import store
from gaptools.room import console
from gaptools.room.questions import TITLES, Kind
from gaptools.room.room import Room
from tests.room.phone import Phone

PULSE = {"feeling": "4", "clarity": "3", "time_to_learn": "2"}


def _lines_answered_by_phones(answers: int):
    """The facilitator's lines; once the pulse is asked, ``answers`` phones answer it."""
    yield "ask pulse"
    phones_answer(answers)
    yield "count"
    yield "reveal"
    yield "quit"
    yield "count"  # never read: the room closed at "quit"


_rooms: list[Room] = []


def phones_answer(count: int) -> None:
    """``count`` phones join the room the command opened last and answer its pulse."""
    room = _rooms[-1]
    for _ in range(count):
        phone = Phone(room)
        phone.join_by_code(room.code)
        phone.answer(PULSE)
        phone.close()


def typed(room_file: Path, lines: Iterable[str]) -> list[str]:
    """What the terminal said to ``lines``; the rooms it opened are kept in ``_rooms``, so
    that the lines (a generator) can have phones answer the room just opened."""
    said: list[str] = []
    started = Room.start

    def keep(self: Room) -> Room:
        _rooms.append(self)
        return started(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Room, "start", keep)
        assert console.run(room_file, "127.0.0.1", 0, False, lines, said.append) == 0
    return said


def test_the_facilitator_drives_the_room_by_lines(room_file: Path) -> None:
    workshop = store.load(room_file)
    workshop.pulse.answers = []
    store.save(workshop, room_file)
    said = typed(room_file, _lines_answered_by_phones(3))
    text = "\n".join(said)
    room = _rooms[-1]
    assert f"type the code {room.code}" in text
    assert "Asked: How do you feel about AI and your work?" in text
    expected = len(workshop.meta.participants)
    assert f"3 of {expected} have answered." in text
    assert "Revealed" in text
    assert said[-1] == "The room is closed."
    assert len(store.load(room_file).pulse.answers) == 3
    assert not room.running


def test_a_pulse_asked_again_the_same_day_warns_that_answers_count_twice(room_file: Path) -> None:
    """The room was started again after its reveal; the same three leaders answered again and
    the file held six answers from three people. Nothing anonymous says whose to take out, so
    the facilitator is told as the pulse is asked."""
    workshop = store.load(room_file)
    workshop.pulse.answers = []
    store.save(workshop, room_file)

    def asked_twice_here():  # after its own reveal, a room's leaders cannot answer again
        yield "ask pulse"
        phones_answer(3)
        yield "reveal"
        yield "ask pulse"
        yield "quit"

    first = "\n".join(typed(room_file, asked_twice_here()))
    assert first.count("Asked: ") == 2
    assert "counts twice" not in first
    again = "\n".join(typed(room_file, _lines_answered_by_phones(3)))
    assert "Note: the pulse already holds 3 answers given today" in again
    assert "counts twice if they answer again" in again


def test_close_with_no_question_open_says_so(room_file: Path) -> None:
    """ "The question is closed." was said with none open, where reveal said "no question is
    open"; the command's help named neither discard nor free."""
    said = typed(room_file, ["close", "quit"])
    assert "Not done: no question is open" in said
    assert "The question is closed." not in said
    from gaptools.cli import build_parser

    room = build_parser()._subparsers._group_actions[0].choices["room"]  # noqa: SLF001
    assert "discard" in room.description
    assert "free NAME" in room.description


def test_what_the_room_cannot_do_is_said_and_it_goes_on(room_file: Path) -> None:
    said: list[str] = []
    lines = ["ask everything", "reveal", "dance", "", "count"]
    assert console.run(room_file, "127.0.0.1", 0, False, lines, said.append) == 0
    text = "\n".join(said)
    assert text.count("Not done:") == 2
    assert "'dance' is not something the room does." in text
    assert "No question open." in text
    assert "Traceback" not in text


def test_held_answers_are_discarded_only_when_typed(room_file: Path) -> None:
    """Asking again would lose what is held: refused in words; ``discard`` lets it go."""

    def lines():
        yield "ask pulse"
        phones_answer(1)
        yield "ask definition"
        yield "discard"
        yield "ask definition"

    said = typed(room_file, lines())
    assert said[2:5] == [
        "Not done: 1 anonymous answer is held, not shown yet: reveal them first, or discard "
        "them (lost for good)",
        "The question is closed; 1 held answer discarded, unseen.",
        f"Asked: {TITLES[Kind.DEFINITION]}",
    ]
    assert said[-1] == "The room is closed."


def test_another_address_needs_the_facilitators_word(room_file: Path) -> None:
    said: list[str] = []
    assert console.run(room_file, "192.0.2.7", 0, False, [], said.append) == 1
    assert "add --allow-network" in said[0]
    assert store.load(room_file)  # nothing changed, nothing broken


def test_quit_is_refused_while_answers_are_held(room_file: Path) -> None:
    """'quit' dropped three held answers on one word ('The room is closed. 3 anonymous
    answers were not revealed, and not kept.') where the panel refuses to close: it is
    refused in the same words until they are revealed or discarded, and 'count' says how
    many are held, as the panel does."""

    def lines():
        yield "ask pulse"
        phones_answer(2)
        yield "count"
        yield "quit"
        yield "discard"
        yield "quit"
        yield "count"  # never read: the room closed at the second "quit"

    said = typed(room_file, lines())
    assert said[2].endswith("2 anonymous answers held until the reveal.")
    assert said[3].startswith("Not done: 2 anonymous answers are held, not shown yet")
    assert said[4] == "The question is closed; 2 held answers discarded, unseen."
    assert said[5:] == ["The room is closed."]


def test_a_name_is_freed_from_the_terminal(room_file: Path) -> None:
    def lines():
        yield "ask definition"
        room = _rooms[-1]
        room.state.claim_name(room.state.join(), "Dana Whitfield")
        yield "free dana whitfield"
        yield "free Nobody"

    said = typed(room_file, lines())
    assert "Dana Whitfield may now answer from a new phone." in said
    assert "Not done: nobody in the room answers as 'Nobody'" in said


def test_the_terminal_chooses_how_the_vote_and_ratings_work(room_file: Path) -> None:
    """A facilitator with only a terminal was told to choose the vote's mode in step 7's form,
    which they do not have open: the mode is typed after the question's name instead."""
    workshop = store.load(room_file)
    workshop.voting = type(workshop.voting)()
    workshop.maturity = type(workshop.maturity)()
    store.save(workshop, room_file)
    lines = [
        "ask vote",
        "ask vote secretly",
        "ask pulse named",
        "ask vote anonymous",
        "close",
        "ask maturity named",
    ]
    said: list[str] = []
    assert console.run(room_file, "127.0.0.1", 0, False, lines, said.append) == 0
    first, wrong_word, not_for_pulse, vote, closed, ratings = said[1:7]
    assert "type 'ask vote named' or 'ask vote anonymous'" in first
    assert "'secretly'" in wrong_word
    assert "named or anonymous" in wrong_word
    assert "only the vote and the maturity ratings" in not_for_pulse
    assert vote == f"Asked: {TITLES[Kind.VOTE]} (anonymous)"
    assert closed == "The question is closed."
    assert ratings == f"Asked: {TITLES[Kind.MATURITY]} (named)"
    saved = store.load(room_file)
    assert saved.voting.mode == "anonymous"
    assert saved.maturity.mode == "named"


def test_the_terminal_says_where_a_vote_is_reset(room_file: Path) -> None:
    """'Reset the vote before changing how it works' sent the facilitator looking for a reset
    the terminal does not have: it is step 7's form."""
    store.edit(room_file, lambda w: setattr(w, "voting", type(w.voting)()))
    leader = store.load(room_file).meta.participants[0].name

    def lines():
        yield "ask vote named"
        phone = Phone(_rooms[-1])
        assert phone.answer({"name": leader, "dots-0": "1"}).status == 200
        phone.close()
        yield "ask vote anonymous"

    said = typed(room_file, lines())
    assert said[2] == (
        "Not done: ballots have been cast: reset the vote in step 7's form before changing "
        "how it works"
    )
    assert store.load(room_file).voting.mode == "named"


def test_a_name_is_freed_as_phones_match_it(room_file: Path) -> None:
    """Phones took 'dana' as Dana Whitfield, but 'free dana' said nobody answers as 'dana'."""

    def lines():
        yield "ask definition"
        room = _rooms[-1]
        room.state.claim_name(room.state.join(), "Dana Whitfield")
        yield "free dana"

    said = typed(room_file, lines())
    assert "Dana Whitfield may now answer from a new phone." in said
