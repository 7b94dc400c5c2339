"""Fixtures of the form tests; what they do is in ``tests.support``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gaptools.ui import idle
from gaptools.ui.session import WorkshopSession
from tests import support


@pytest.fixture
def workshop_path(tmp_path: Path, private_home: Path) -> Path:
    """A private copy of the example workshop file, byte for byte; ``private_home`` has
    already pointed the workshop folder at a private one."""
    return support.example_copy(tmp_path / "workshop.json")


@pytest.fixture
def session(workshop_path: Path) -> WorkshopSession:
    return support.session_on(workshop_path)


@pytest.fixture(autouse=True)
def idle_settled() -> Iterator[None]:
    """A change made in a test's event loop leaves work waiting for an idle moment that
    never comes once the loop has ended: it is done as the test ends."""
    yield
    idle.settle()


@pytest.fixture(autouse=True)
def presses_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test's two presses of Remove come a moment apart, as a person's answer to its
    question does; the test of a double-click puts the real interval back."""
    from gaptools.ui import kit

    monkeypatch.setattr(kit.Confirmation, "DOUBLE_CLICK", 0.0)
