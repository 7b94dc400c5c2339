from __future__ import annotations

from pathlib import Path

import pytest

from gaptools.core.resources import data_file
from gaptools.files import store
from gaptools.ui.session import WorkshopSession


@pytest.fixture
def workshop_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the example workshop, in a private workshop folder."""
    monkeypatch.setenv("GAPTOOLS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    path = tmp_path / "workshop.json"
    path.write_bytes(data_file("example_workshop.json").read_bytes())
    return path


@pytest.fixture
def session(workshop_path: Path) -> WorkshopSession:
    return WorkshopSession(workshop_path, store.load(workshop_path))
