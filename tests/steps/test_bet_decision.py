"""Step 7: the facilitator's decision, and the card rules that status reports to scripts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gaptools.cli import main
from gaptools.core.model import Bet, ChecklistState, ExploreItem, Workshop
from gaptools.core.quarter import day_text
from gaptools.files import store
from gaptools.steps import registry
from gaptools.steps.bet import (
    CARD_FIELDS,
    bet_complete,
    bet_name,
    card,
    card_gaps,
    decide,
    decided,
    decision_day,
    earlier_cycle_text,
    earlier_line,
    earlier_outcome,
)
from gaptools.steps.start import setup_gaps
from gaptools.summaries.status import summary
from tests.steps.test_ownership import reference_unowned
from tests.support import shipped

# The example workshop is on 18 Nov 2026. "Call centre agent assist" is deploy-ready, owned
# by Sofia Marin, and its readiness checklist is all done; "Renewal pricing agent" has no
# baseline, target or date and nobody accountable.
DAY = dt.date(2026, 11, 18)
READY = "Call centre agent assist"
EXPLORE = "Renewal pricing agent"
FACILITATOR = "Dana Whitfield"
OPTIONS = [READY, "Fraud signal analytics"]
# It has no baseline, target or date: the first cycle owes all three.
EXPLORE_LINE = (
    "the value is still to explore: the first cycle must produce the baseline, the target "
    "and a date to reach it by"
)
# What the example lacks outside step 7, whatever the bet (see tests/summaries/test_status.py).
# The step 4 count is the initiatives in play naming no accountable person, by the reference.
OTHER_STEPS = [
    "6 initiatives have no deploy-ready value yet (step 3)",
    f"{len(reference_unowned(shipped()))} initiatives have no named accountable person (step 4)",
    "2 high risks have no mitigation (step 5)",
]


def commit(workshop: Workshop, initiative: str) -> Workshop:
    """Decide on ``initiative`` and fill every commitment the card asks for."""
    decide(workshop, initiative, FACILITATOR, DAY, list(OPTIONS))
    bet = workshop.bet
    bet.first_cycle_end = DAY + dt.timedelta(weeks=5)
    bet.debrief_dates = [DAY + dt.timedelta(weeks=2), DAY + dt.timedelta(weeks=5)]
    bet.kill_criteria = "Handle time not down 20 seconds by the second debrief"
    bet.stopped = ["GenAI workbench"]
    return workshop


@pytest.fixture
def committed(example: Workshop) -> Workshop:
    """A complete card on the deploy-ready, owned, production-ready initiative."""
    return commit(example, READY)


@pytest.fixture
def no_bet(example: Workshop) -> Workshop:
    decide(example, None, FACILITATOR, DAY, list(OPTIONS))
    return example


# decide()


def test_decide_records_the_call(example: Workshop) -> None:
    """Who decided, when, and among what: the record the canvas prints."""
    decide(example, "  call CENTRE   agent assist ", FACILITATOR, DAY, list(OPTIONS))
    bet = example.bet
    assert bet.initiative == READY  # the portfolio's spelling
    assert bet.no_bet_yet is False
    assert bet.decided_by == FACILITATOR
    assert bet.decided_on == DAY
    assert bet.options_considered == OPTIONS
    assert bet_name(example) == READY


def test_decide_none_is_no_bet_yet(example: Workshop) -> None:
    decide(example, None, FACILITATOR, DAY, list(OPTIONS))
    assert example.bet.no_bet_yet is True
    assert example.bet.initiative is None
    assert example.bet.decided_by == FACILITATOR
    assert example.bet.decided_on == DAY
    assert example.bet.options_considered == OPTIONS
    assert bet_name(example) is None


def test_changing_the_call_both_ways(example: Workshop) -> None:
    """A bet then 'no bet yet' leaves no bet; deciding again on one clears 'no bet yet'."""
    decide(example, READY, FACILITATOR, DAY, [])
    decide(example, None, FACILITATOR, DAY, [])
    assert bet_name(example) is None
    assert example.bet.no_bet_yet is True
    decide(example, EXPLORE, "Priya Raman", DAY + dt.timedelta(days=1), [EXPLORE])
    assert example.bet.no_bet_yet is False
    assert bet_name(example) == EXPLORE
    assert example.bet.decided_by == "Priya Raman"


def test_decide_refuses_an_unknown_initiative(example: Workshop) -> None:
    """A bet on something not in the portfolio is refused, and the earlier call stands."""
    decide(example, READY, FACILITATOR, DAY, list(OPTIONS))
    before = example.bet.model_dump()
    with pytest.raises(ValueError, match="'Teleportation pilot' is not in the portfolio"):
        decide(example, "Teleportation pilot", "Priya Raman", DAY, [])
    assert example.bet.model_dump() == before


# the decision record: a change keeps the earlier call


LATER = DAY + dt.timedelta(days=12)


def test_a_first_decision_leaves_the_record_empty(example: Workshop) -> None:
    assert not decided(example)
    decide(example, READY, FACILITATOR, DAY, list(OPTIONS))
    assert decided(example)
    assert example.bet.earlier == []


def test_a_changed_decision_moves_the_earlier_one_into_the_record(committed: Workshop) -> None:
    before = committed.bet.model_dump(exclude={"earlier"})
    decide(committed, EXPLORE, "Priya Raman", LATER, [EXPLORE, READY])
    bet = committed.bet
    assert (bet.initiative, bet.decided_by, bet.decided_on) == (EXPLORE, "Priya Raman", LATER)
    assert bet.options_considered == [EXPLORE, READY]
    [earlier] = bet.earlier
    assert earlier.initiative == READY
    assert earlier.decided_by == FACILITATOR
    assert earlier.decided_on == DAY
    assert earlier.options_considered == OPTIONS
    assert earlier.replaced_on == LATER
    assert earlier_line(earlier).startswith(
        f"{READY}: decided by {FACILITATOR} on 18 Nov 2026 "
        f"(options: {', '.join(OPTIONS)}); replaced on 30 Nov 2026; its first cycle was to run "
    )
    # The card written for the earlier bet goes with it, nothing erased; the new bet's card
    # starts empty, rather than showing the old one's dates and kill criteria as its own.
    for key in CARD_FIELDS:
        assert getattr(earlier, key) == getattr(Bet.model_validate(before), key)
        assert getattr(bet, key) == getattr(Bet(), key)
    assert "first pilot cycle" in " ".join(card_gaps(committed))
    assert not card(committed).bet_complete


def test_a_replaced_call_says_what_the_learning_log_decided(committed: Workshop) -> None:
    """Killed in the log, then replaced in April, the earlier call read "replaced on 7 Apr
    2027; its first cycle was to run …", with no word of the kill: the record lost why the
    call changed."""
    from gaptools.core.model import Cycle, CycleDecision
    from gaptools.export.report import report_sections

    killed_on = LATER - dt.timedelta(days=3)
    ready = committed.initiative(READY)
    assert ready is not None
    ready.cycles = [Cycle(start=DAY, decision=CycleDecision.KILL, decided_on=killed_on)]
    decide(committed, EXPLORE, "Priya Raman", LATER, [EXPLORE])
    [earlier] = committed.bet.earlier
    said = f"kill on {day_text(killed_on)}"
    assert earlier_outcome(committed, earlier) == said
    assert earlier_line(earlier, committed).endswith(f"; the learning log decided: {said}")
    [table] = [
        t for s in report_sections(committed) for t in s.tables if t.caption.startswith("Earlier")
    ]
    assert table.rows[0][-1] == said
    # A decision after the call was replaced is the next call's business.
    ready.cycles[0].decided_on = LATER + dt.timedelta(days=1)
    assert earlier_outcome(committed, earlier) == ""


def test_a_replaced_call_keeps_the_cycle_its_card_planned_from_its_start(
    committed: Workshop,
) -> None:
    """A card that set its first cycle's start (a workshop held before its quarter) was
    recorded with its end only: the record said when the cycle was to end, not when it was
    to start, so a six-week cycle read as one of ten."""
    start = committed.bet.decided_on + dt.timedelta(days=21)
    end = start + dt.timedelta(weeks=6)
    committed.bet.first_cycle_start, committed.bet.first_cycle_end = start, end
    decide(committed, EXPLORE, "Priya Raman", LATER, [EXPLORE, READY])
    [earlier] = committed.bet.earlier
    planned = f"{day_text(start)} → {day_text(end)}"
    assert earlier_cycle_text(earlier) == planned
    assert f"; its first cycle was to run {planned}" in earlier_line(earlier)
    # Without a start of its own, the cycle ran from the day of the decision, as the card's.
    earlier.first_cycle_start = None
    assert earlier_cycle_text(earlier) == f"{day_text(earlier.decided_on)} → {day_text(end)}"
    earlier.first_cycle_end = None
    assert earlier_cycle_text(earlier) == ""


def test_a_call_changed_and_back_the_same_day_finds_its_card(committed: Workshop) -> None:
    """Changing one's mind and back in the room loses nothing written; the same call made
    again on a later day starts a card of its own."""
    card_before = {key: getattr(committed.bet, key) for key in CARD_FIELDS}
    decide(committed, EXPLORE, FACILITATOR, LATER, [])
    decide(committed, READY, FACILITATOR, LATER, [])
    assert {key: getattr(committed.bet, key) for key in CARD_FIELDS} == card_before
    decide(committed, EXPLORE, FACILITATOR, LATER, [])
    decide(committed, READY, FACILITATOR, LATER + dt.timedelta(days=30), [])
    assert committed.bet.kill_criteria == ""


def test_a_bet_decided_for_an_earlier_quarter_is_no_plan_for_the_next(
    committed: Workshop,
) -> None:
    """Decided on 18 Nov 2026 (Q4) for Q1 2027. On 2 Apr 2027 the facilitator chose Q2 2027
    to plan, and the card still read "✓ complete" with dates all past. It now asks for the
    call again; made again on the same bet, it is a new decision with a card of its own, and
    the one it replaces keeps its card on record."""
    from gaptools.core.model import QuarterRef

    assert bet_complete(committed)
    committed.meta.planned_quarter = QuarterRef(fiscal_year=2027, number=2)
    gap = (
        "the bet was decided on 18 Nov 2026, for Q1 2027 at the latest: for Q2 2027, "
        "decide again in step 7 (the same bet or another)"
    )
    assert gap in card_gaps(committed)
    assert not bet_complete(committed)
    kill = committed.bet.kill_criteria
    later = dt.date(2027, 4, 2)
    decide(committed, READY, FACILITATOR, later, [READY])
    bet = committed.bet
    assert (bet.initiative, bet.decided_on) == (READY, later)
    assert gap not in card_gaps(committed)
    assert bet.kill_criteria == ""
    assert bet.first_cycle_end is None
    [earlier] = bet.earlier
    assert (earlier.initiative, earlier.decided_on, earlier.kill_criteria) == (READY, DAY, kill)
    # Confirmed again the same quarter, it is the same call: nothing moves.
    decide(committed, READY, FACILITATOR, later + dt.timedelta(days=1), [READY])
    assert (len(bet.earlier), bet.decided_on) == (1, later)


def test_a_bet_decided_after_the_planned_quarter_ended_says_so(committed: Workshop) -> None:
    """A new bet on 2 Apr 2027 while the workshop still plans Q1 2027 (over on 31 Mar): its
    card is for a quarter already gone, until the quarter is chosen again."""
    from gaptools.core.model import QuarterRef

    decide(committed, "Fraud signal analytics", FACILITATOR, dt.date(2027, 4, 2), OPTIONS)
    assert (
        "the bet was decided on 2 Apr 2027, after the quarter planned (Q1 2027) ended on "
        "31 Mar 2027: choose the quarter to plan in step 0"
    ) in card_gaps(committed)
    committed.meta.planned_quarter = QuarterRef(fiscal_year=2027, number=2)
    assert not any(gap.startswith("the bet was decided on") for gap in card_gaps(committed))


def test_the_record_keeps_every_change_in_order(example: Workshop) -> None:
    decide(example, READY, FACILITATOR, DAY, [])
    decide(example, None, FACILITATOR, DAY + dt.timedelta(days=1), [])
    decide(example, EXPLORE, "Priya Raman", LATER, [])
    assert [e.initiative for e in example.bet.earlier] == [READY, None]
    assert earlier_line(example.bet.earlier[1]).startswith("No bet yet: decided by")
    assert [e.replaced_on for e in example.bet.earlier] == [DAY + dt.timedelta(days=1), LATER]


def test_confirming_the_same_call_again_changes_nothing(committed: Workshop) -> None:
    """The form's inputs start from the recorded decision: confirming them as they are is
    not a new decision, whatever the date or the options are now."""
    before = committed.bet.model_dump()
    decide(committed, READY.upper(), FACILITATOR, LATER, [])
    assert committed.bet.model_dump() == before
    decide(committed, READY, "", LATER, ["Something else"])  # nobody named: the decider stays
    assert committed.bet.model_dump() == before


def test_confirming_the_same_call_fills_in_what_it_lacked(example: Workshop) -> None:
    decide(example, None, "", DAY, [])
    assert not decided(example)  # 'no bet yet' with nobody named is not a decision yet
    decide(example, None, FACILITATOR, LATER, list(OPTIONS))
    assert decided(example)
    bet = example.bet
    assert (bet.decided_by, bet.decided_on, bet.options_considered) == (
        FACILITATOR,
        DAY,
        OPTIONS,
    )
    assert bet.earlier == []
    decide(example, None, "Priya Raman", LATER, [])  # a correction of who decided
    assert example.bet.decided_by == "Priya Raman"
    assert example.bet.earlier == []


def test_a_refused_change_keeps_the_record_as_it_was(committed: Workshop) -> None:
    before = committed.bet.model_dump()
    with pytest.raises(ValueError, match="not in the portfolio"):
        decide(committed, "Teleportation pilot", "Priya Raman", LATER, [])
    assert committed.bet.model_dump() == before


def test_the_record_survives_the_file_and_leaves_the_card_alone(
    committed: Workshop, tmp_path: Path
) -> None:
    gaps, facts = card_gaps(committed), summary(committed)
    decide(committed, None, FACILITATOR, LATER, [])
    decide(committed, READY, FACILITATOR, LATER, list(OPTIONS))
    assert card_gaps(committed) == gaps
    assert summary(committed) == facts
    path = tmp_path / "record.json"
    store.save(committed, path)
    loaded = store.load(path)
    assert [e.initiative for e in loaded.bet.earlier] == [READY, None]
    assert loaded.bet.earlier == committed.bet.earlier


def test_a_record_entry_needs_its_own_id(committed: Workshop) -> None:
    decide(committed, EXPLORE, FACILITATOR, LATER, [])
    decide(committed, READY, FACILITATOR, LATER, [])
    data = committed.model_dump(mode="json")
    data["bet"]["earlier"][1]["id"] = data["bet"]["earlier"][0]["id"]
    with pytest.raises(ValueError, match="two earlier decisions share the id"):
        Workshop.model_validate(data)


def test_the_decision_day_is_the_workshop_or_later(example: Workshop) -> None:
    assert decision_day(example, DAY - dt.timedelta(days=30)) == DAY
    assert decision_day(example, LATER) == LATER


# the card


def test_complete_card_after_decide(committed: Workshop) -> None:
    assert card_gaps(committed) == []
    assert bet_complete(committed)


def test_bet_on_an_explore_initiative(example: Workshop) -> None:
    """Choosing an unready initiative is allowed; the card says what the first cycle must do."""
    commit(example, EXPLORE)
    example.bet.readiness_gaps = ["Governance", "Evaluation"]
    assert card_gaps(example) == [
        "bet value: no baseline: measure it first",
        "bet value: no target: say how far it should move",
        "bet value: no date: say by when",
        EXPLORE_LINE,
        "no named accountable owner for the bet",
    ]
    assert bet_name(example) == EXPLORE
    assert not bet_complete(example)


def test_explore_line_goes_once_the_value_is_ready(example: Workshop) -> None:
    commit(example, EXPLORE)
    example.bet.readiness_gaps = ["Governance"]
    initiative = example.initiative(EXPLORE)
    assert initiative is not None
    initiative.value.baseline = 12.0
    initiative.value.target = 18.0
    initiative.value.due = DAY + dt.timedelta(days=90)
    initiative.ownership.accountable = "Marcus Lee"
    assert EXPLORE_LINE not in card_gaps(example)
    assert card_gaps(example) == []


def test_no_explore_line_for_a_deploy_ready_bet(committed: Workshop) -> None:
    committed.bet.kill_criteria = ""
    assert EXPLORE_LINE not in card_gaps(committed)


def test_readiness_gaps_needed_only_when_step_5_shows_open_items(committed: Workshop) -> None:
    """All done: nothing to list. Items in progress or not started: the card must list gaps."""
    initiative = committed.initiative(READY)
    assert initiative is not None
    assert set(initiative.readiness.checklist.values()) == {ChecklistState.DONE}
    assert committed.bet.readiness_gaps == []
    assert card_gaps(committed) == []
    initiative.readiness.checklist["feedback_loops"] = ChecklistState.NOT_STARTED
    assert card_gaps(committed) == [
        "no readiness gaps listed to close this quarter (step 5 shows: Feedback loops)"
    ]


def test_open_readiness_items_are_named_in_checklist_order(committed: Workshop) -> None:
    initiative = committed.initiative(READY)
    assert initiative is not None
    initiative.readiness.checklist["monitoring"] = ChecklistState.IN_PROGRESS
    initiative.readiness.checklist["evaluation"] = ChecklistState.NOT_STARTED
    initiative.readiness.checklist["governance"] = ChecklistState.NOT_APPLICABLE
    assert card_gaps(committed) == [
        "no readiness gaps listed to close this quarter (step 5 shows: Evaluation, Monitoring)"
    ]
    assert not bet_complete(committed)
    committed.bet.readiness_gaps = ["Monitoring", "Evaluation"]
    assert card_gaps(committed) == []
    assert bet_complete(committed)


def test_not_applicable_items_need_no_gaps(committed: Workshop) -> None:
    initiative = committed.initiative(READY)
    assert initiative is not None
    for key in ("monitoring", "evaluation", "observability"):
        initiative.readiness.checklist[key] = ChecklistState.NOT_APPLICABLE
    assert card_gaps(committed) == []


@pytest.mark.parametrize(
    ("decided_by", "decided_on"),
    [("", DAY), (FACILITATOR, None), ("", None)],
)
def test_the_decision_record_needs_who_and_when(
    committed: Workshop, decided_by: str, decided_on: dt.date | None
) -> None:
    committed.bet.decided_by = decided_by
    committed.bet.decided_on = decided_on
    assert card_gaps(committed) == ["the decision is not recorded: who decided, and when"]
    assert not bet_complete(committed)


# no bet yet


def test_no_bet_yet_needs_a_list_to_explore(no_bet: Workshop) -> None:
    assert card_gaps(no_bet) == ["with no bet yet, list what to explore instead"]


def test_no_bet_yet_needs_every_item_dated(no_bet: Workshop) -> None:
    no_bet.bet.explore_next = [
        ExploreItem(question="Measure the claims backlog", by=DAY + dt.timedelta(weeks=4)),
        ExploreItem(question="Ask brokers what slows them down"),
    ]
    assert card_gaps(no_bet) == ["with no bet yet, give each thing to explore a date"]


def test_no_bet_yet_complete(no_bet: Workshop) -> None:
    """An honest 'no bet yet' with dated questions and a recorded decision lacks nothing."""
    no_bet.bet.explore_next = [
        ExploreItem(question="Measure the claims backlog", by=DAY + dt.timedelta(weeks=4)),
    ]
    assert card_gaps(no_bet) == []
    assert bet_name(no_bet) is None
    assert not bet_complete(no_bet)  # there is no bet to be complete


def test_no_bet_yet_without_a_decision_record(example: Workshop) -> None:
    decide(example, None, "", DAY, [])
    assert card_gaps(example) == [
        "with no bet yet, list what to explore instead",
        "the decision is not recorded: who decided, and when",
    ]


def test_no_bet_yet_ignores_the_card_of_an_earlier_bet(committed: Workshop) -> None:
    """Switching to 'no bet yet' asks what to explore, not for the old bet's commitments."""
    committed.bet.kill_criteria = ""
    decide(committed, None, FACILITATOR, DAY, [])
    assert card_gaps(committed) == ["with no bet yet, list what to explore instead"]


# status


def later_steps(workshop: Workshop, as_of: dt.date = DAY) -> list[str]:
    """What the steps after the bet still lack (step 8 on), which these tests leave alone,
    read on the workshop's day unless ``as_of`` says otherwise."""
    figures = registry.Figures(workshop, as_of=as_of)
    return [gap for each in registry.steps() if each.number > 7 for gap in each.missing(figures)]


def test_status_for_a_complete_card(committed: Workshop) -> None:
    facts = summary(committed, as_of=DAY)
    assert facts["bet"] == READY
    assert facts["bet_complete"] is True
    assert facts["missing"] == OTHER_STEPS + later_steps(committed)


def test_status_for_an_incomplete_card(committed: Workshop) -> None:
    committed.bet.debrief_dates = []
    committed.bet.stopped = []
    facts = summary(committed, as_of=DAY)
    assert facts["bet"] == READY
    assert facts["bet_complete"] is False
    assert facts["missing"] == [
        *OTHER_STEPS,
        "no debrief dates (step 7)",  # named with its step, as every other line of the list
        "nothing stopped or paused to free capacity (step 7)",
        *later_steps(committed),
    ]


def test_status_for_no_bet_yet(no_bet: Workshop) -> None:
    facts = summary(no_bet, as_of=DAY)
    assert facts["bet"] is None
    assert facts["bet_complete"] is False
    assert facts["missing"] == [
        *OTHER_STEPS,
        "with no bet yet, list what to explore instead (step 7)",
        *later_steps(no_bet),
    ]
    no_bet.bet.explore_next = [
        ExploreItem(question="Measure the claims backlog", by=DAY + dt.timedelta(weeks=4)),
    ]
    assert registry.missing(registry.Figures(no_bet, as_of=DAY)) == (
        OTHER_STEPS + later_steps(no_bet)
    )
    assert summary(no_bet, as_of=DAY)["bet"] is None


def test_status_json_from_the_saved_file(
    committed: Workshop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scripts read `status --json`: the decided bet survives the file and shows complete."""
    path = tmp_path / "bet.json"
    store.save(committed, path)
    before = dt.date.today()
    assert main(["status", str(path), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["bet"] == READY
    assert facts["bet_complete"] is True
    # The command reads the workshop on the day it runs: either, when run across midnight.
    assert facts["missing"] in [
        [*setup_gaps(committed, day), *OTHER_STEPS, *later_steps(committed, day)]
        for day in (before, dt.date.today())
    ]
    assert facts["votes"] == 0
