"""Step 7: the commitment card by part, so the canvas can mark exactly the box that lacks.

``card_parts`` names what each part of the card still lacks; ``card_gaps`` is the same list
flattened. Every test starts from the example with a complete card on "Claims intake copilot"
(deploy-ready value, Priya Raman accountable, open readiness items) and breaks one thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from gaptools.core.model import ChecklistState, ExploreItem, Workshop
from gaptools.steps.bet import card_gaps, card_parts
from gaptools.steps.ownership import is_owned
from gaptools.steps.readiness import checklist_items
from gaptools.steps.readiness import gaps as readiness_gaps
from gaptools.steps.value import value_gaps
from tests.support import BET, DAY, commit

BET_PARTS = ["value", "owner", "cycle", "debriefs", "kill", "stopped", "readiness", "decision"]


@pytest.fixture
def committed(example: Workshop) -> Workshop:
    return commit(example)


def flattened(parts: dict[str, list[str]]) -> list[str]:
    return [gap for gaps in parts.values() for gap in gaps]


def test_complete_card_has_every_part_done(committed: Workshop) -> None:
    """A chosen bet has the eight parts, and a complete card leaves each of them empty."""
    parts = card_parts(committed)
    assert list(parts) == BET_PARTS
    assert all(gaps == [] for gaps in parts.values())
    assert card_gaps(committed) == []


def test_no_bet_chosen_is_one_part(example: Workshop) -> None:
    """Before step 7 the card lacks only the choice; the other parts have nothing to judge."""
    assert example.bet.initiative is None
    parts = card_parts(example)
    assert list(parts) == ["choice"]
    assert len(parts["choice"]) == 1
    assert "no bet chosen" in parts["choice"][0]


def test_bet_not_in_portfolio_names_it(committed: Workshop) -> None:
    """A bet whose initiative was renamed away says which name it could not find."""
    committed.bet.initiative = "Teleportation pilot"
    parts = card_parts(committed)
    assert list(parts) == ["choice"]
    assert "'Teleportation pilot'" in parts["choice"][0]
    assert "not in the portfolio" in parts["choice"][0]


def test_no_bet_yet_has_explore_and_decision(committed: Workshop) -> None:
    """'No bet yet' wins over a named initiative: only what to explore and who decided count."""
    committed.bet.no_bet_yet = True
    parts = card_parts(committed)
    assert list(parts) == ["explore", "decision"]
    assert parts["explore"] == ["with no bet yet, list what to explore instead"]
    assert parts["decision"] == []


def test_no_bet_yet_with_undated_items(committed: Workshop) -> None:
    """One item without a date is enough to make the explore part incomplete."""
    committed.bet.no_bet_yet = True
    committed.bet.explore_next = [
        ExploreItem(question="Measure the intake baseline", by=DAY + dt.timedelta(weeks=2)),
        ExploreItem(question="Ask legal about photos"),
    ]
    assert card_parts(committed)["explore"] == [
        "with no bet yet, give each thing to explore a date"
    ]
    committed.bet.explore_next[1].by = DAY + dt.timedelta(weeks=4)
    assert card_parts(committed)["explore"] == []
    assert card_gaps(committed) == []


def _no_owner(w: Workshop) -> None:
    w.initiative(BET).ownership.accountable = ""


def _blank_owner(w: Workshop) -> None:
    """Spaces set past the model's stripping name nobody, as ``is_owned`` says."""
    w.initiative(BET).ownership.accountable = "   "


def _vague_metric(w: Workshop) -> None:
    """Hope words with no unit: not measurable, so the bet's value is not deploy-ready."""
    w.initiative(BET).value.metric = "Productivity"
    w.initiative(BET).value.unit = ""


def _no_cycle(w: Workshop) -> None:
    w.bet.first_cycle_end = None


def _no_debriefs(w: Workshop) -> None:
    w.bet.debrief_dates = []


def _no_kill(w: Workshop) -> None:
    w.bet.kill_criteria = ""


def _nothing_stopped(w: Workshop) -> None:
    w.bet.stopped = []


def _no_readiness(w: Workshop) -> None:
    w.bet.readiness_gaps = []


def _no_decider(w: Workshop) -> None:
    w.bet.decided_by = ""


def _no_decision_day(w: Workshop) -> None:
    w.bet.decided_on = None


def _no_baseline(w: Workshop) -> None:
    w.initiative(BET).value.baseline = None


BREAKS: list[tuple[str, Callable[[Workshop], None], str]] = [
    ("owner", _no_owner, "accountable owner"),
    ("owner", _blank_owner, "accountable owner"),
    ("cycle", _no_cycle, "no end date"),
    ("debriefs", _no_debriefs, "debrief"),
    ("kill", _no_kill, "kill criteria"),
    ("stopped", _nothing_stopped, "nothing stopped"),
    ("readiness", _no_readiness, "readiness gaps"),
    ("decision", _no_decider, "who decided"),
    ("decision", _no_decision_day, "who decided, and when"),
    ("value", _no_baseline, "no baseline"),
    ("value", _vague_metric, "'Productivity' is not measurable yet"),
]


@pytest.mark.parametrize(("part", "breaks", "words"), BREAKS, ids=[b[1].__name__ for b in BREAKS])
def test_each_missing_part_shows_only_in_its_part(
    committed: Workshop, part: str, breaks: Callable[[Workshop], None], words: str
) -> None:
    """Breaking one thing makes exactly that part incomplete, in words that name it."""
    breaks(committed)
    parts = card_parts(committed)
    assert [name for name, gaps in parts.items() if gaps] == [part]
    assert words in " ".join(parts[part])
    assert card_gaps(committed) == parts[part]


def test_value_part_lists_each_value_gap(committed: Workshop) -> None:
    """The value part repeats step 3's gaps, then says the first cycle must find them."""
    value = committed.initiative(BET).value
    value.baseline, value.due = None, None
    expected = value_gaps(value, DAY)
    assert len(expected) == 2
    gaps = card_parts(committed)["value"]
    assert gaps[:-1] == [f"bet value: {gap}" for gap in expected]
    assert "first cycle must produce the baseline" in gaps[-1]


def test_readiness_part_lists_step_five_items(committed: Workshop) -> None:
    """With nothing chosen to close, the part shows what step 5 still has open."""
    committed.bet.readiness_gaps = []
    open_items = readiness_gaps(committed.initiative(BET))
    assert open_items
    [gap] = card_parts(committed)["readiness"]
    assert ", ".join(open_items) in gap


def test_readiness_part_done_when_nothing_is_open(committed: Workshop) -> None:
    """An initiative with every checklist item done has no readiness gap to list."""
    initiative = committed.initiative(BET)
    initiative.readiness.checklist = {i.key: ChecklistState.DONE for i in checklist_items()}
    committed.bet.readiness_gaps = []
    assert readiness_gaps(initiative) == []
    assert card_parts(committed)["readiness"] == []


def test_stopping_the_bet_itself_frees_nothing(committed: Workshop) -> None:
    """Stopping the bet to make room for the bet is no capacity at all (names compared loosely)."""
    committed.bet.stopped = ["  claims INTAKE copilot "]
    assert card_parts(committed)["stopped"] == ["nothing stopped or paused to free capacity"]


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "ends by the day it starts"),
        (-3, "ends by the day it starts"),
        (43, "longer than 6 weeks"),
    ],
)
def test_cycle_part_judges_the_end_date(committed: Workshop, days: int, words: str) -> None:
    """The first cycle must end after the workshop and at most six weeks (42 days) later."""
    committed.bet.first_cycle_end = DAY + dt.timedelta(days=days)
    [gap] = card_parts(committed)["cycle"]
    assert words in gap


def test_everything_missing_is_counted_once(example: Workshop) -> None:
    """A bet chosen and nothing else: every part but value (deploy-ready) and owner lacks."""
    example.bet.initiative = BET
    parts = card_parts(example)
    assert [name for name, gaps in parts.items() if not gaps] == ["value", "owner"]
    assert card_gaps(example) == flattened(parts)


@pytest.mark.parametrize("shape", ["none", "unknown", "no_bet_yet", "partial", "complete"])
def test_card_gaps_is_card_parts_flattened(committed: Workshop, shape: str) -> None:
    """The card's one list and its parts never disagree, in every shape of bet."""
    bet = committed.bet
    if shape == "none":
        bet.initiative = None
    elif shape == "unknown":
        bet.initiative = "Nothing by that name"
    elif shape == "no_bet_yet":
        bet.no_bet_yet = True
        bet.decided_by = ""
    elif shape == "partial":
        bet.kill_criteria, bet.stopped = "", []
        committed.initiative(BET).value.target = None
    assert card_gaps(committed) == flattened(card_parts(committed))
    assert bool(card_gaps(committed)) is (shape != "complete")


def test_blank_stopped_entry_frees_nothing(committed: Workshop) -> None:
    """An empty name (from a hand-edited file) stops nothing: the part still lacks something."""
    raw = committed.model_dump(mode="json")
    raw["bet"]["stopped"] = ["", "   "]
    loaded = Workshop.model_validate(raw)
    assert loaded.bet.stopped == []
    assert card_parts(loaded)["stopped"] != []


def test_the_owner_part_asks_what_is_owned_asks(committed: Workshop) -> None:
    """One question, one answer: the card's owner part agrees with ``ownership.is_owned``,
    even when the map marks no function A (the ownership findings ask about that)."""
    initiative = committed.initiative(BET)
    initiative.ownership.raci = {}
    assert is_owned(initiative)
    assert card_parts(committed)["owner"] == []
    for person in ["", "  ", "Dana Okafor"]:
        initiative.ownership.accountable = person
        assert (card_parts(committed)["owner"] == []) == is_owned(initiative)
