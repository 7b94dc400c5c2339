"""What a kernel leaves for when it is idle: the cycle collector, paused through a change
and run afterwards, and the next change's copy of the workshop."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

from gaptools.core.model import Workshop
from gaptools.files import store
from gaptools.ui import idle
from gaptools.ui.session import WorkshopSession
from tests.support import session_on


class Node:
    """An object in a cycle: only the collector frees it."""

    def __init__(self) -> None:
        self.itself = self


def leaving_a_cycle(gone: list[weakref.ref[Node]], team: str) -> Callable[[Workshop], None]:
    """A change that also leaves garbage in a cycle behind, as validating a workshop may."""

    def change(workshop: Workshop) -> None:
        gone.append(weakref.ref(Node()))
        workshop.meta.team = team

    return change


def test_no_collection_runs_in_the_middle_of_a_change(session: WorkshopSession) -> None:
    seen: list[bool] = []

    def change(workshop: Workshop) -> None:
        seen.append(gc.isenabled())
        workshop.meta.team = "Finance leadership"

    assert session.update(change, "Team").ok
    assert seen == [False]
    assert gc.isenabled()  # no loop runs here (a script, a test): at once afterwards


def test_in_a_kernel_the_collection_waits_until_it_is_idle(
    session: WorkshopSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idle, "IDLE_SECONDS", 0.05)
    gone: list[weakref.ref[Node]] = []

    async def scenario() -> None:
        assert session.update(leaving_a_cycle(gone, "One"), "Team").ok
        assert not gc.isenabled()
        assert idle.pending()
        assert gone[0]() is not None  # not collected while a person may still be waiting
        await asyncio.sleep(0.2)
        assert gc.isenabled()
        assert gone[0]() is None

    asyncio.run(scenario())


def test_changes_in_quick_succession_are_collected_once_they_pause(
    session: WorkshopSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idle, "IDLE_SECONDS", 0.05)
    full: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    async def scenario() -> None:
        for team in ("One", "Two", "Three"):
            assert session.update(lambda w, t=team: setattr(w.meta, "team", t), "Team").ok
            await asyncio.sleep(0.01)  # the kernel answers the next message at once
        assert not full
        await asyncio.sleep(0.2)
        assert gc.isenabled()

    gc.callbacks.append(count)
    try:
        asyncio.run(scenario())
    finally:
        gc.callbacks.remove(count)
    assert full == [1]


def test_changes_that_never_pause_are_still_collected(
    session: WorkshopSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idle, "LONGEST_PAUSE_SECONDS", 0.0)
    gone: list[weakref.ref[Node]] = []

    async def scenario() -> None:
        assert session.update(leaving_a_cycle(gone, "One"), "Team").ok
        assert gc.isenabled()
        assert not idle.pending()
        assert gone[0]() is None

    asyncio.run(scenario())


def test_a_refused_change_and_an_undo_are_held_too(session: WorkshopSession) -> None:
    seen: list[bool] = []

    def refused(workshop: Workshop) -> None:
        seen.append(gc.isenabled())
        workshop.meta.team = "x" * 500

    assert not session.update(refused, "Team").ok
    assert session.update(lambda w: setattr(w.meta, "team", "One"), "Team").ok
    session.subscribe(lambda _: seen.append(gc.isenabled()))
    assert session.undo().ok
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_save_picked_up_from_elsewhere_is_held_too(workshop_path: Path) -> None:
    here, there = session_on(workshop_path), session_on(workshop_path)
    seen: list[bool] = []
    here.subscribe(lambda _: seen.append(gc.isenabled()))
    assert there.update(lambda w: setattr(w.meta, "team", "From there"), "Team").ok
    assert here.poll()
    assert seen == [False]
    assert gc.isenabled()


def test_a_failure_inside_lets_the_collector_run_again() -> None:
    with pytest.raises(RuntimeError), idle.held():
        raise RuntimeError("a view failed to draw")
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off(session: WorkshopSession) -> None:
    gc.disable()
    try:
        assert session.update(lambda w: setattr(w.meta, "team", "One"), "Team").ok
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_loop_that_ended_before_it_was_idle_does_not_keep_the_collector_off(
    session: WorkshopSession,
) -> None:
    async def scenario() -> None:
        assert session.update(lambda w: setattr(w.meta, "team", "One"), "Team").ok

    asyncio.run(scenario())  # ends well within IDLE_SECONDS: the collection never comes
    assert not gc.isenabled()
    with idle.held():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert not idle.pending()
    assert store.load(session.path).meta.team == "One"


def test_in_a_kernel_the_next_changes_copy_is_ready_once_it_is_idle(
    session: WorkshopSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idle, "IDLE_SECONDS", 0.05)
    key = os.path.abspath(session.path)

    async def scenario() -> None:
        assert session.update(lambda w: setattr(w.meta, "team", "One"), "Team").ok
        assert key not in store._spares  # not while the person waits for "Saved"
        await asyncio.sleep(0.2)
        assert key in store._spares
        assert session.update(lambda w: setattr(w.meta, "team", "Two"), "Team").ok
        assert key not in store._spares  # the change started from it
        await asyncio.sleep(0.2)
        assert session.undo().ok
        assert store.load(session.path).meta.team == "One"

    asyncio.run(scenario())


def test_a_script_does_no_work_ahead_of_time(session: WorkshopSession) -> None:
    assert session.update(lambda w: setattr(w.meta, "team", "One"), "Team").ok
    assert os.path.abspath(session.path) not in store._spares
    assert not idle.pending()


def test_work_left_for_later_that_fails_is_logged_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(idle, "IDLE_SECONDS", 0.01)
    done: list[str] = []

    def failing() -> None:
        raise OSError("the folder went away")

    async def scenario() -> None:
        with idle.held():
            idle.later("first", failing)
            idle.later("second", lambda: done.append("second"))
        await asyncio.sleep(0.1)

    with caplog.at_level(logging.DEBUG, logger=idle.__name__):
        asyncio.run(scenario())
    assert done == ["second"]
    assert gc.isenabled()
    assert "failed" in caplog.text
