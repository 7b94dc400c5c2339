"""A room on a private copy of the example workshop, stopped after each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gaptools.room import Room
from gaptools.room.limits import Limits


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The workshop's own folder: the secrecy tests read every file in it."""
    path = tmp_path / "team"
    path.mkdir()
    return path


@pytest.fixture
def room_file(folder: Path, workshop_file: Path) -> Path:
    return workshop_file.replace(folder / "workshop.json")


@pytest.fixture
def room(room_file: Path) -> Iterator[Room]:
    """A room that is not listening: for driving it as the server would, without the web."""
    room = Room(room_file)
    yield room
    room.stop()


@pytest.fixture
def live_room(room_file: Path) -> Iterator[Room]:
    """A room listening on 127.0.0.1, on a free port."""
    room = Room(room_file, limits=Limits()).start()
    yield room
    room.stop()
