"""Shared fixtures: every test works in its own folder, never in a real user's workshops.

The fixtures live here, where pytest finds them; what they do is in ``tests.support``."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaptools.core.model import Workshop
from tests import support


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the workshop folder at a temporary one, so no test reads or writes a real one."""
    home = tmp_path / "home"
    monkeypatch.setenv("GAPTOOLS_HOME", str(home))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)  # one sender per kernel here
    return home


@pytest.fixture
def example() -> Workshop:
    """The shipped example workshop, freshly loaded (tests may change it freely)."""
    return support.example_workshop()


@pytest.fixture
def workshop_file(tmp_path: Path, example: Workshop) -> Path:
    """A private copy of the example workshop, written the way the toolkit writes files."""
    return support.written(example, tmp_path / "w.json")


@pytest.fixture
def no_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file where the user's cache folder would go: nothing can be kept there."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text(support.NOT_A_FOLDER)
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    return blocked
