"""Fifty participants at once against a room on 127.0.0.1: every answer arrives, none twice.

Bounded in count and in time: fifty threads, each with a timeout on its connection, joined
with a timeout; nothing here measures speed (``make bench`` does)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from gaptools.files import store
from gaptools.room import Room
from tests.room.phone import Phone

PEOPLE = 50


def all_at_once(room: Room, act: Callable[[int, Phone], int]) -> list[int]:
    """Run ``act`` for every participant in a thread of their own, started together."""
    statuses = [0] * PEOPLE
    ready = threading.Barrier(PEOPLE, timeout=60)

    def one(number: int) -> None:
        phone = Phone(room)
        ready.wait()
        statuses[number] = act(number, phone)
        phone.close()

    threads = [threading.Thread(target=one, args=(n,), daemon=True) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(t.is_alive() for t in threads)
    return statuses


def test_fifty_named_answers_at_once_are_all_written_once(live_room: Room, room_file: Path) -> None:
    store.edit(room_file, lambda w: setattr(w.meta, "participants", []))  # takes any name
    live_room.open_question("definition")

    def define(number: int, phone: Phone) -> int:
        page = phone.scan()
        fields = {"name": f"Leader {number:02}", "sentence": f"Plan {number:02}", "lens": "cost"}
        return phone.answer(fields, page).status

    assert all_at_once(live_room, define) == [200] * PEOPLE
    saved = Counter((d.participant, d.sentence) for d in store.load(room_file).success_definitions)
    assert all(saved[(f"Leader {n:02}", f"Plan {n:02}")] == 1 for n in range(PEOPLE))
    assert live_room.counts().answered == PEOPLE


def test_fifty_anonymous_answers_at_once_are_all_published_once(
    live_room: Room, room_file: Path
) -> None:
    store.edit(room_file, lambda w: setattr(w.meta, "participants", []))  # no cap of 8
    before = len(store.load(room_file).pulse.answers)
    live_room.open_question("pulse")

    def feel(number: int, phone: Phone) -> int:
        page = phone.scan()
        fields = {
            "feeling": str(number % 5 + 1),
            "clarity": "3",
            "time_to_learn": "3",
            "concern": f"concern {number:02}",
        }
        return phone.answer(fields, page).status

    assert all_at_once(live_room, feel) == [200] * PEOPLE
    assert live_room.counts().answered == PEOPLE
    live_room.reveal()
    answers = store.load(room_file).pulse.answers
    assert len(answers) == before + PEOPLE
    concerns = Counter(a.concern for a in answers)
    assert all(concerns[f"concern {n:02}"] == 1 for n in range(PEOPLE))
