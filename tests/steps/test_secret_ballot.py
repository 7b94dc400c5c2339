"""Secret ballots stay secret from anyone who can read the workshop's folder.

The reader here copies every file in the folder (the workshop, its ``.bak``, a save's
temporary file, the lock, anything else) just before and just after every rename a save
makes, then tries what a curious colleague would: compare any two versions it saw and, when
exactly one name joined the list of who has voted while exactly one ballot appeared, pair
them; or read a ballot with a name on it, or a version holding a single voter and a single
ballot. It must pair nobody with their ballot.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from gaptools.core.model import Workshop
from gaptools.steps.voting import cast, open_voting, result, reveal, set_mode
from gaptools.ui.session import WorkshopSession
from tests.steps.test_voting import BROKER, CALL, CLAIMS, DANA, FRAUD, PRIYA, TOM
from tests.support import look_around_renames, written

LENA = "Lena Vogel"

Dots = tuple[tuple[str, int], ...]


def _dots(ballot: dict[str, Any]) -> Dots:
    return tuple(sorted(ballot.get("dots", {}).items()))


@dataclass
class Reader:
    """Someone in the group who can read the folder, looking at it around every save."""

    folder: Path
    versions: list[tuple[list[str], list[dict[str, Any]]]] = field(default_factory=list)
    other_files: dict[str, bytes] = field(default_factory=dict)
    looks: int = 0

    def look(self) -> None:
        """Copy every file in the folder; keep each distinct workshop version once."""
        self.looks += 1
        for entry in sorted(self.folder.iterdir()):
            if not entry.is_file():
                continue
            raw = entry.read_bytes()
            voting = _voting_in(raw)
            if voting is None:
                self.other_files[entry.name] = raw
                continue
            version = (list(voting.get("voted", [])), list(voting.get("ballots", [])))
            if version not in self.versions:
                self.versions.append(version)

    def links(self) -> set[tuple[str, Dots]]:
        """Every (voter, dots) pair this reader can claim from what it saw."""
        found: set[tuple[str, Dots]] = set()
        for voted, ballots in self.versions:
            found |= {(b["voter"], _dots(b)) for b in ballots if b.get("voter")}
            if len(voted) == 1 and len(ballots) == 1:
                found.add((voted[0], _dots(ballots[0])))
        # Files seen in one look may be older or newer than each other: try both ways.
        for voted_before, ballots_before in self.versions:
            for voted_after, ballots_after in self.versions:
                joined = set(voted_after) - set(voted_before)
                appeared = Counter(map(_dots, ballots_after)) - Counter(map(_dots, ballots_before))
                if len(joined) == 1 and sum(appeared.values()) == 1:
                    found.add((joined.pop(), next(iter(appeared))))
        return found


def _voting_in(raw: bytes) -> dict[str, Any] | None:
    """The voting part of a file that holds a workshop, else None."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    voting = data.get("voting") if isinstance(data, dict) else None
    return voting if isinstance(voting, dict) else None


@pytest.fixture
def reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Reader:
    """A reader that looks at the folder just before and just after every rename: a save's
    temporary file, the new version and the backup are all seen."""
    folder = tmp_path / "shared"
    folder.mkdir()
    spy = Reader(folder)
    look_around_renames(monkeypatch, spy.look)
    return spy


@pytest.fixture
def shared(reader: Reader, example: Workshop) -> Path:
    return written(example, reader.folder / "team.json")


def _update(session: WorkshopSession, change: Callable[[Workshop], object], what: str) -> None:
    outcome = session.update(change, what)
    assert outcome.ok, outcome.message()


Votes = list[tuple[str, dict[str, int]]]

# Four leaders vote at the facilitator's screen, with two forms open on it (two sessions).
ONCE: Votes = [
    (DANA, {FRAUD: 2, BROKER: 1}),
    (PRIYA, {BROKER: 1}),
    (TOM, {CALL: 2, CLAIMS: 1}),
    (LENA, {CLAIMS: 2}),
]
# The same, and Priya changes her mind: her last ballot is the one that counts.
VOTES: Votes = [*ONCE[:3], (PRIYA, {FRAUD: 1, CLAIMS: 1}), ONCE[3]]


def _vote_anonymously(shared: Path, votes: Votes = VOTES) -> WorkshopSession:
    facilitator = WorkshopSession.open(shared)
    second_form = WorkshopSession.open(shared)
    _update(facilitator, lambda w: set_mode(w, "anonymous"), "mode")
    _update(facilitator, open_voting, "open")
    for turn, (voter, dots) in enumerate(votes):
        session = (facilitator, second_form)[turn % 2]
        _update(session, lambda w, v=voter, d=dots: cast(w, v, d), f"ballot of {voter}")
    _update(facilitator, reveal, "reveal")
    return facilitator


@pytest.mark.parametrize("votes", [ONCE, VOTES], ids=["once each", "one changes her mind"])
def test_no_reader_of_the_folder_links_a_ballot_to_its_voter(
    shared: Path, reader: Reader, votes: Votes
) -> None:
    _vote_anonymously(shared, votes)
    assert reader.looks >= 2 * (len(ONCE) + 3)  # around every save
    assert len(reader.versions) >= len(ONCE)  # it saw the names arrive one by one
    cast_by = {(voter, tuple(sorted(dots.items()))) for voter, dots in votes}
    linked = reader.links() & cast_by
    assert not linked, f"linked {len(linked)} of {len(cast_by)} ballots to their voters"


def test_no_side_file_holds_a_name_or_a_ballot(shared: Path, reader: Reader) -> None:
    _vote_anonymously(shared)
    for name, raw in reader.other_files.items():
        text = raw.decode("utf-8", "replace")
        for word in (DANA, PRIYA, TOM, LENA, FRAUD, BROKER, CALL, CLAIMS):
            assert word not in text, f"{name} holds {word}"


def test_until_the_reveal_the_folder_holds_who_voted_and_no_ballot(
    shared: Path, reader: Reader
) -> None:
    """The facilitator sees who has voted as they vote; the ballots appear in one write."""
    _vote_anonymously(shared)
    everyone = [DANA, LENA, PRIYA, TOM]
    assert everyone in [voted for voted, ballots in reader.versions if not ballots]
    [(voted, ballots)] = [(voted, ballots) for voted, ballots in reader.versions if ballots]
    assert voted == everyone
    assert all(b["voter"] == "" and not b.get("receipt") for b in ballots)
    assert [_dots(b) for b in ballots] == sorted(_dots(b) for b in ballots)


def test_the_revealed_tally_is_the_ballots_cast(shared: Path) -> None:
    """Priya's second ballot replaced her first: four ballots, each voter's last one."""
    facilitator = _vote_anonymously(shared)
    outcome = result(facilitator.latest())
    assert outcome is not None
    assert outcome.ballots == 4
    assert outcome.tally == [(CLAIMS, 4), (FRAUD, 3), (CALL, 2), (BROKER, 1)]


def test_a_leaders_own_notebook_cannot_cast_an_anonymous_ballot(shared: Path) -> None:
    """Another kernel does not hold the sealed box: its ballot is refused in words that say
    where to vote, and the file is not touched."""
    facilitator = WorkshopSession.open(shared)
    _update(facilitator, lambda w: set_mode(w, "anonymous"), "mode")
    _update(facilitator, open_voting, "open")
    before = shared.read_bytes()
    script = (
        "import sys\n"
        "from gaptools.steps.voting import cast\n"
        "from gaptools.ui.session import WorkshopSession\n"
        "s = WorkshopSession.open(sys.argv[1])\n"
        f"print(s.update(lambda w: cast(w, {DANA!r}, {{{FRAUD!r}: 1}}), 'ballot').message())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(shared)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.startswith("Not saved")
    from gaptools.steps.voting import ANONYMOUS_ELSEWHERE

    assert ANONYMOUS_ELSEWHERE in done.stdout
    assert "pass the laptop" in done.stdout
    assert shared.read_bytes() == before


def test_a_restarted_screen_says_the_ballots_are_lost(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ballots held by a screen whose kernel restarted are gone: the reveal says so and the
    vote is reset and cast again, never revealed short."""
    from gaptools.steps import secret
    from gaptools.steps.voting import BOX_LOST, reset

    facilitator = WorkshopSession.open(shared)
    _update(facilitator, lambda w: set_mode(w, "anonymous"), "mode")
    _update(facilitator, open_voting, "open")
    _update(facilitator, lambda w: cast(w, DANA, {FRAUD: 1}), "ballot")
    _update(facilitator, lambda w: cast(w, TOM, {CALL: 1}), "ballot")
    monkeypatch.setattr(secret, "_boxes", {})  # what a restarted kernel holds
    for step in (reveal, open_voting):
        refused = facilitator.update(step, step.__name__)
        assert not refused.ok
        assert BOX_LOST in refused.message()
    _update(facilitator, reset, "reset")
    _update(facilitator, lambda w: set_mode(w, "anonymous"), "mode")
    _update(facilitator, open_voting, "open")
    _update(facilitator, lambda w: cast(w, DANA, {FRAUD: 1}), "ballot")
    _update(facilitator, lambda w: cast(w, TOM, {CALL: 1}), "ballot")
    _update(facilitator, lambda w: cast(w, PRIYA, {CLAIMS: 1}), "ballot")
    _update(facilitator, reveal, "reveal")
    outcome = result(facilitator.latest())
    assert outcome is not None
    assert outcome.ballots == 3


def test_named_voting_still_saves_each_ballot_with_its_voter(shared: Path) -> None:
    session = WorkshopSession.open(shared)
    _update(session, lambda w: set_mode(w, "named"), "mode")
    _update(session, open_voting, "open")
    _update(session, lambda w: cast(w, DANA, {FRAUD: 2}), "ballot")
    voting = json.loads(shared.read_text("utf-8"))["voting"]
    assert [(b["voter"], b["dots"]) for b in voting["ballots"]] == [(DANA, {FRAUD: 2})]
    assert voting["voted"] == [DANA]
    assert not voting.get("box")


# the sealed box itself, which the pulse of step 8 uses too


def test_a_sealed_box_keeps_one_answer_per_author_and_publishes_in_canonical_order() -> None:
    from gaptools.steps import secret

    box = secret.open_box()
    assert secret.held_here(box.id) is box
    box.put("tom", 3)
    box.put("dana", 5)
    box.put("tom", 1)  # a changed answer replaces the first
    box.put("nobody", 4)  # not on the list of who answered: never published
    assert len(box) == 3
    assert box.published(["dana", "tom"], order=lambda n: n) == [1, 5]
    assert box.published(["tom", "dana"], order=lambda n: -n) == [5, 1]
    assert box.holds("dana")  # kept after publishing, so an undone reveal loses nothing
    secret.discard(box.id)
    assert secret.held_here(box.id) is None
    assert secret.held_here("") is None


def test_an_undone_reveal_cannot_single_out_a_latecomers_ballot(
    shared: Path, reader: Reader
) -> None:
    """Revealed with three ballots, undone ("Lena is on her way"), and revealed again with
    Lena's: the two files showed Lena's ballot alone. A reveal with anonymous ballots is not
    taken back by an undo, so the latecomer's ballot is never added to a revealed set."""
    facilitator = _vote_anonymously(shared, ONCE[:3])
    undone = facilitator.undo()
    assert facilitator.workshop.voting.phase == "revealed"
    assert len(facilitator.workshop.voting.ballots) == 3
    lena, dots = ONCE[3]
    late = facilitator.update(lambda w: cast(w, lena, dots), f"ballot of {lena}")
    if late.ok:
        _update(facilitator, reveal, "reveal")
    assert not late.ok, undone.message()
    linked = reader.links() & {(lena, tuple(sorted(dots.items())))}
    assert not linked


def test_a_reset_after_the_reveal_can_still_be_undone(shared: Path) -> None:
    """Only publishing is kept for good: a vote reset by mistake after its reveal comes back
    with the same ballots, which tells nobody anything new."""
    from gaptools.steps.voting import reset

    facilitator = _vote_anonymously(shared, ONCE)
    revealed = list(facilitator.workshop.voting.ballots)
    _update(facilitator, reset, "reset")
    assert facilitator.workshop.voting.ballots == []
    assert facilitator.undo().ok
    assert facilitator.workshop.voting.phase == "revealed"
    assert facilitator.workshop.voting.ballots == revealed
