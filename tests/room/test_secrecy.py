"""Secret means secret: after every anonymous answer, read every file in the workshop's folder
and everything the room put out (its counts, its logs, the process's output), and find no
answer there that could be tied to who sent it.

Answers below the minimum never appear; a batch appears all at once, with no name, fresh ids,
only the day, and in canonical order (what the answers say), never in the order they came.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

import pytest

from gaptools.core.model import PulseAnswer
from gaptools.files import store
from gaptools.room import Room, RoomError
from tests.room.phone import Phone

# Arrival order is deliberately not the canonical order (by feeling first).
FEELINGS = (5, 1, 4, 2, 3)


def every_file(folder: Path) -> bytes:
    """Every byte of every file in the folder: the workshop, its backup, its lock, any leftover."""
    found = b""
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            found += (Path(root) / name).read_bytes()
    return found


def room_output(
    room: Room, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> str:
    captured = capfd.readouterr()
    return f"{room.counts()!r} {room.counts().summary} {caplog.text} {captured.out} {captured.err}"


def pulse_answer(feeling: int, concern: str) -> dict[str, str]:
    return {"feeling": str(feeling), "clarity": "3", "time_to_learn": "2", "concern": concern}


def canonical(answer: dict[str, object]) -> tuple[object, ...]:
    return (
        answer["feeling"],
        answer["clarity"],
        answer["time_to_learn"],
        answer["group"],
        answer["concern"],
        answer["day"] or "",
        answer["id"],
    )


def test_pulse_answers_cannot_be_linked_to_who_sent_them(
    live_room: Room,
    room_file: Path,
    folder: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    before = room_file.read_bytes()
    live_room.open_question("pulse")
    concerns = [f"worry {secrets.token_hex(6)}" for _ in FEELINGS]
    phones = []
    for feeling, concern in zip(FEELINGS, concerns, strict=True):
        phone = Phone(live_room)
        phone.scan()
        assert phone.answer(pulse_answer(feeling, concern)).status == 200
        phones.append(phone)
        seen = every_file(folder).decode("utf-8") + room_output(live_room, caplog, capfd)
        assert not [c for c in concerns if c in seen]
        assert room_file.read_bytes() == before  # nothing is written while answers arrive

    live_room.reveal()
    text = room_file.read_text(encoding="utf-8")
    assert all(text.count(c) == 1 for c in concerns)
    published = [a for a in store.load(room_file).pulse.answers if a.concern in concerns]
    assert [a.feeling for a in published] == sorted(FEELINGS)  # canonical, not arrival
    saved = [a.model_dump(mode="json") for a in store.load(room_file).pulse.answers]
    assert saved == sorted(saved, key=canonical)
    assert set(PulseAnswer.model_fields) == {*saved[0]}  # no field beyond the answer's own
    everything = every_file(folder).decode("utf-8") + room_output(live_room, caplog, capfd)
    for phone in phones:
        for value in phone.cookies.values():
            assert value not in everything  # no participant's id or token anywhere
    assert "T" not in str(published[0].day)  # the day, never the time


def test_answers_below_the_minimum_never_appear(
    live_room: Room,
    folder: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    live_room.open_question("pulse")
    concerns = [f"alone {secrets.token_hex(6)}" for _ in range(2)]
    for concern in concerns:
        phone = Phone(live_room)
        phone.scan()
        phone.answer(pulse_answer(3, concern))
    with pytest.raises(RoomError, match="at least 3"):
        live_room.reveal()
    live_room.close_question(discard=True)
    live_room.stop()
    seen = every_file(folder).decode("utf-8") + room_output(live_room, caplog, capfd)
    assert not [c for c in concerns if c in seen]


def test_anonymous_ballots_appear_only_at_the_reveal_without_names_in_canonical_order(
    live_room: Room,
    room_file: Path,
    folder: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    question = live_room.open_question("vote", anonymous=True)
    opened = every_file(folder)
    arrivals = [{"dots-4": "2"}, {"dots-0": "1"}, {"dots-2": "2", "dots-0": "1"}]
    for ballot in arrivals:
        phone = Phone(live_room)
        phone.scan()
        assert phone.answer(ballot).status == 200
        assert every_file(folder) == opened  # not a byte changes while ballots arrive
        assert question.choices[4] not in room_output(live_room, caplog, capfd)
    live_room.reveal()
    ballots = store.load(room_file).voting.ballots
    assert all(b.voter == "" and b.receipt == "" for b in ballots)
    dots = [sorted(b.dots.items()) for b in ballots]
    arrived = [
        sorted({question.choices[int(k[5:])]: int(v) for k, v in b.items()}.items())
        for b in arrivals
    ]
    assert dots == sorted(arrived)
    assert dots != arrived  # the order of the dots, never the order of arrival
