"""Pulse answers stay secret from anyone who can read the workshop's folder at any moment.

Three leaders answer the pulse from their own notebooks (sessions that do not hold the
pulse's key, as another process would not), each right after saving something under their
own name, so a reader watching the folder knows exactly when each of them acted. The reader
copies every file in the folder just before and just after every rename a save makes.

If that reader could tell whose answer is whose, what it saw would differ depending on who
gave which answer. So the same session is played once for every way of handing the three
answers to the three leaders, and what the reader saw of the pulse (random ids and sealed
bytes aside, which are fresh every time) must be the same every time, while no other part of
any file ever holds a word of an answer.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from gaptools.core.model import Commitment, Meta, Participant, Workshop
from gaptools.steps import pulse
from gaptools.steps.pulse import Given
from gaptools.ui.session import WorkshopSession
from tests.support import elsewhere, look_around_renames, written

DAY = dt.date(2026, 11, 18)
LEADERS = ["Dana Whitfield", "Priya Raman", "Tom Okafor"]
ANSWERS = [
    Given(1, 2, 1, "I fear my team will be cut"),
    Given(4, 2, 2, "Nobody has said what changes"),
    Given(5, 4, 1, ""),
]
CONCERNS = [g.concern for g in ANSWERS if g.concern]


@dataclass
class Reader:
    """Someone who can read the folder, looking at it around every save."""

    folder: Path
    seen: list[tuple[str, Any]] = field(default_factory=list)

    def look(self) -> None:
        files = [e for e in self.folder.iterdir() if e.is_file()]
        self.seen += sorted(
            (_masked(e.name, e.read_bytes()) for e in files), key=lambda m: json.dumps(m)
        )


def _masked(name: str, raw: bytes) -> tuple[str, Any]:
    """What a file tells about the pulse once the bytes that are fresh random on every run
    (ids, the key, sealed answers) are set aside; a save's temporary file is named at
    random, so only its kind is kept."""
    kind = "temporary" if name.endswith(".tmp") else name
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return (kind, raw.decode("latin-1"))
    if not isinstance(data, dict) or "pulse" not in data:
        return (kind, _without_ids(data))
    found = data["pulse"]
    rest = _without_ids({k: v for k, v in data.items() if k != "pulse"})
    return (
        kind,
        {
            "open": bool(found["key"]),
            "sealed": [len(s["data"]) for s in found["sealed"]],
            "answers": [{k: v for k, v in a.items() if k != "id"} for a in found["answers"]],
            "rest": rest,
        },
    )


def _without_ids(data: Any) -> Any:
    """Entry ids are drawn at random on every run."""
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [_without_ids(v) for v in data]
    return data


def _ok(session: WorkshopSession, edit: Callable[[Workshop], object], what: str) -> None:
    outcome = session.update(edit, what)
    assert outcome.ok, outcome.message()


def _play(folder: Path, monkeypatch: pytest.MonkeyPatch, order: tuple[int, ...]) -> Reader:
    """Leader n gives answer ``order[n]``; the facilitator's screen publishes the batch."""
    folder.mkdir()
    meta = Meta(date=DAY, participants=[Participant(name=n) for n in LEADERS])
    path = written(Workshop(meta=meta), folder / "team.json")
    reader = Reader(folder)
    look_around_renames(monkeypatch, reader.look)
    facilitator = WorkshopSession.open(path)
    _ok(facilitator, pulse.open_pulse, "pulse opened")
    for leader, given in zip(LEADERS, (ANSWERS[n] for n in order), strict=True):
        with elsewhere():
            notebook = WorkshopSession.open(path)
            _ok(
                notebook,
                lambda w, who=leader: w.commitments.append(Commitment(leader=who)),
                f"commitment of {leader}",
            )
            _ok(notebook, lambda w, g=given: pulse.answer(w, g, DAY), "pulse answer")
    facilitator.poll()
    _ok(facilitator, pulse.publish, "pulse answers published")
    monkeypatch.undo()
    return reader


def _names_removed(seen: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The reader's record with the leaders' named edits set aside: they follow the fixed
    order in which the leaders acted, which the reader knows anyway."""
    text = json.dumps(seen, sort_keys=True)
    for leader in LEADERS:
        text = text.replace(leader, "LEADER")
    return json.loads(text)


def test_what_the_folder_shows_is_the_same_whoever_gave_which_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = [
        _play(tmp_path / f"run{n}", monkeypatch, order)
        for n, order in enumerate(itertools.permutations(range(3)))
    ]
    first = _names_removed(runs[0].seen)
    assert len(first) > 20  # the reader looked around every save
    for run in runs[1:]:
        assert _names_removed(run.seen) == first
    # The three answers were published, in the end, and are all there.
    final = next(view for kind, view in reversed(first) if kind == "team.json")
    assert sorted(a["concern"] for a in final["answers"] if a["concern"]) == sorted(CONCERNS)


def test_no_word_of_an_answer_is_in_the_folder_before_the_batch_is_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = _play(tmp_path / "run", monkeypatch, (0, 1, 2))
    published = False
    for _, view in reader.seen:
        text = json.dumps(view)
        holds = [c for c in CONCERNS if c in text]
        if isinstance(view, dict) and len(view.get("answers", [])) >= 3:
            published = True
        if not published:
            assert holds == []
        if isinstance(view, dict) and "rest" in view:
            assert not any(c in json.dumps(view["rest"]) for c in CONCERNS)
    assert published


def test_an_answer_sealed_in_another_process_is_published_by_the_collecting_screen(
    tmp_path: Path,
) -> None:
    """A real second process (a leader's kernel) seals its answer through the shared file;
    only the screen that opened the pulse can open it."""
    path = written(Workshop(meta=Meta(date=DAY)), tmp_path / "team.json")
    facilitator = WorkshopSession.open(path)
    _ok(facilitator, pulse.open_pulse, "pulse opened")
    script = (
        "import datetime as dt, sys\n"
        "from gaptools.steps import pulse\n"
        "from gaptools.ui.session import WorkshopSession\n"
        "s = WorkshopSession.open(sys.argv[1])\n"
        "assert not pulse.collects_here(s.workshop)\n"
        "n = int(sys.argv[2])\n"
        "o = s.update(lambda w: pulse.answer(w, pulse.Given(n, n, n, f'worry number {n}'),"
        " dt.date(2026, 11, 18)), 'pulse answer')\n"
        "assert o.ok, o.message()\n"
    )
    for n in (2, 3, 4):  # three leaders, each in a kernel of their own
        subprocess.run([sys.executable, "-c", script, str(path), str(n)], check=True, timeout=120)
    assert "worry number" not in path.read_text(encoding="utf-8")
    facilitator.poll()
    assert len(facilitator.workshop.pulse.sealed) == 3
    _ok(facilitator, pulse.publish, "pulse answers published")
    assert [a.concern for a in facilitator.workshop.pulse.answers] == [
        f"worry number {n}" for n in (2, 3, 4)
    ]
