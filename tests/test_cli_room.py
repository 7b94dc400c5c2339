"""``gaptools room`` as a facilitator types it in a terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gaptools.files import store


def _room(*args: str, typed: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gaptools", "room", *args],
        input=typed,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_room_opens_asks_counts_and_closes(workshop_file: Path) -> None:
    before = workshop_file.read_bytes()
    done = _room(str(workshop_file), typed="ask pulse\ncount\nquit\n")
    assert done.returncode == 0, done.stderr
    participants = len(store.load(workshop_file).meta.participants)
    assert "Go to http://127.0.0.1:" in done.stdout
    assert "Asked: How do you feel about AI and your work?" in done.stdout
    assert f"0 of {participants} have answered." in done.stdout
    assert done.stdout.rstrip().endswith("The room is closed.")
    assert workshop_file.read_bytes() == before  # asking and counting write nothing


def test_the_network_needs_to_be_asked_for(workshop_file: Path) -> None:
    done = _room(str(workshop_file), "--host", "192.0.2.7", typed="quit\n")
    assert done.returncode == 1
    assert "add --allow-network" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_a_missing_workshop_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    done = _room(str(missing), typed="quit\n")
    assert done.returncode == 1
    assert "nowhere.json" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
