"""Step 7: the commitment card is complete only with everything the brief lists."""

from __future__ import annotations

import datetime as dt

import pytest

from gaptools.core.model import ExploreItem, Stage, StallReason, Workshop
from gaptools.core.quarter import day_text
from gaptools.steps.bet import (
    CHOSEN,
    GONE,
    NO_BET_YET,
    NOTHING_CHOSEN,
    Decision,
    bet_complete,
    bet_name,
    card,
    card_gaps,
    card_notes,
    card_parts,
    cycle_start,
    explore_line,
    options_considered,
)
from gaptools.steps.voting import cast, open_voting, record_gut_check, reveal, set_mode
from gaptools.summaries.canvas import bet_canvas

# The example's workshop is on 18 Nov 2026; "Call centre agent assist" has a deploy-ready
# value (420 -> 360 seconds by 31 Mar 2027) and Sofia Marin as its accountable owner.
DAY = dt.date(2026, 11, 18)
READY = "Call centre agent assist"


@pytest.fixture
def committed(example: Workshop) -> Workshop:
    """The example with a complete commitment card on a deploy-ready, owned initiative."""
    bet = example.bet
    bet.initiative = READY
    bet.decided_by = "Dana Whitfield"
    bet.decided_on = DAY
    bet.first_cycle_end = DAY + dt.timedelta(weeks=6)
    bet.debrief_dates = [DAY + dt.timedelta(weeks=3), DAY + dt.timedelta(weeks=6)]
    bet.kill_criteria = "Handle time not down 20 seconds by the first debrief"
    bet.stopped = ["GenAI workbench"]
    bet.readiness_gaps = ["Monitoring", "Evaluation"]
    return example


def test_example_has_no_bet(example: Workshop) -> None:
    assert card_gaps(example) == ["no bet chosen yet (step 7)"]
    assert bet_name(example) is None
    assert not bet_complete(example)


def test_complete_card(committed: Workshop) -> None:
    assert card_gaps(committed) == []
    assert bet_name(committed) == READY
    assert bet_complete(committed)


def test_bet_name_uses_the_portfolio_spelling(committed: Workshop) -> None:
    committed.bet.initiative = "  call CENTRE agent assist "
    assert bet_name(committed) == READY
    assert bet_complete(committed)


def test_bet_not_in_portfolio(committed: Workshop) -> None:
    committed.bet.initiative = "Teleportation pilot"
    assert card_gaps(committed) == ["the bet 'Teleportation pilot' is not in the portfolio"]
    assert not bet_complete(committed)


def test_a_bet_killed_in_the_learning_log_is_no_commitment(committed: Workshop) -> None:
    """A kill decided on the bet's cycle in step 9 left step 7, the canvas and status saying
    "✓ Complete commitment … Nothing missing" about a bet the team had stopped."""
    from gaptools.core.model import Cycle, CycleDecision

    bet = committed.initiative(READY)
    assert bet is not None
    killed_on = DAY + dt.timedelta(weeks=7)
    bet.cycles = [Cycle(start=DAY, end=DAY + dt.timedelta(weeks=6))]
    bet.cycles[0].decision, bet.cycles[0].decided_on = CycleDecision.KILL, killed_on
    [gap] = card_gaps(committed)
    assert gap == (
        f"the bet '{READY}' was killed in the learning log on {day_text(killed_on)}; decide "
        "again in step 7 (another bet, or no bet yet)"
    )
    assert not bet_complete(committed)
    # A kill before the bet was decided is earlier work, not the end of this bet.
    bet.cycles[0].start, bet.cycles[0].decided_on = (
        DAY - dt.timedelta(weeks=8),
        DAY - dt.timedelta(days=1),
    )
    assert bet_complete(committed)
    # Nor is a kill the team went on from: the last decision is what it made of the bet.
    bet.cycles[0].start, bet.cycles[0].decided_on = DAY, killed_on
    bet.cycles.append(Cycle(start=killed_on, decision=CycleDecision.ITERATE, decided_on=killed_on))
    assert card_gaps(committed) == []


def test_a_bet_decided_again_later_needs_a_value_still_to_come(committed: Workshop) -> None:
    """Chosen again for the next quarter at a follow-up in April, the bet's card read "Move
    … by 31 Mar 2027" as deploy-ready, with no word that the date had passed."""
    bet = committed.initiative(READY)
    assert bet is not None
    assert bet.value.due is not None
    later = bet.value.due + dt.timedelta(days=7)
    committed.bet.decided_on = later
    committed.bet.first_cycle_end = later + dt.timedelta(weeks=6)
    committed.bet.debrief_dates = [later + dt.timedelta(weeks=3), later + dt.timedelta(weeks=6)]
    gaps = card_gaps(committed)
    assert "bet value: the date has passed: pick one after the workshop" in gaps
    assert not bet_complete(committed)


def test_no_bet_yet_is_an_honest_outcome(example: Workshop) -> None:
    """'No bet yet' asks what to explore and by when, and who decided; it is not a bet."""
    example.bet.no_bet_yet = True
    example.bet.initiative = READY
    assert card_gaps(example) == [
        "with no bet yet, list what to explore instead",
        "the decision is not recorded: who decided, and when",
    ]
    example.bet.decided_by, example.bet.decided_on = "Dana Whitfield", DAY
    example.bet.explore_next = [ExploreItem(question="Measure the handle-time baseline")]
    assert card_gaps(example) == ["with no bet yet, give each thing to explore a date"]
    example.bet.explore_next[0].by = DAY + dt.timedelta(weeks=4)
    assert card_gaps(example) == []
    assert bet_name(example) is None
    assert not bet_complete(example)


def test_first_cycle_longer_than_six_weeks(committed: Workshop) -> None:
    """Six weeks is 42 days: day 42 is fine, day 43 is too long."""
    committed.bet.first_cycle_end = DAY + dt.timedelta(days=43)
    assert card_gaps(committed) == [
        f"the first pilot cycle runs 43 days, {day_text(DAY)} → "
        f"{day_text(DAY + dt.timedelta(days=43))}, longer than 6 weeks: end it by "
        f"{day_text(DAY + dt.timedelta(days=42))}"
    ]
    committed.bet.first_cycle_end = DAY + dt.timedelta(days=42)
    assert card_gaps(committed) == []


def test_first_cycle_must_end_after_the_workshop(committed: Workshop) -> None:
    committed.bet.first_cycle_end = DAY
    assert card_gaps(committed) == [
        f"the first pilot cycle ends by the day it starts ({day_text(DAY)})"
    ]


def test_a_decision_changed_later_starts_its_cycle_that_day(committed: Workshop) -> None:
    """A bet changed at a follow-up eight weeks on was measured from the workshop: a 39-day
    cycle read as "longer than 6 weeks", and one ending before the decision passed."""
    later = DAY + dt.timedelta(weeks=8)
    committed.bet.decided_on = later
    committed.bet.debrief_dates = [later + dt.timedelta(weeks=2), later + dt.timedelta(days=35)]
    assert cycle_start(committed) == later
    committed.bet.first_cycle_end = later + dt.timedelta(days=39)
    assert card_gaps(committed) == []
    committed.bet.first_cycle_end = later - dt.timedelta(days=10)
    assert card_gaps(committed) == [
        f"the first pilot cycle ends by the day it starts ({day_text(later)})"
    ]
    canvas = bet_canvas(committed)
    [cycle] = [box for box in canvas.boxes if box.title == "First pilot cycle"]
    assert cycle.missing
    committed.bet.first_cycle_end = later + dt.timedelta(days=35)
    [cycle] = [box for box in bet_canvas(committed).boxes if box.title == "First pilot cycle"]
    assert cycle.lines[0].startswith(day_text(later))
    assert cycle.lines[1] == "5 weeks"


def test_a_cycle_that_starts_with_the_quarter_counts_its_weeks_from_then(
    committed: Workshop,
) -> None:
    """A workshop on 2 Dec planning the next quarter: its first cycle ending 12 Feb was
    "longer than 6 weeks from 2 Dec 2026", and no field could say it starts in January.
    The card's own start counts the six weeks; the canvas shows it."""
    from gaptools.steps.bet import cycle_window

    january = dt.date(2027, 1, 4)
    committed.bet.first_cycle_end = dt.date(2027, 2, 12)  # 39 days after 4 Jan
    [gap] = card_gaps(committed)
    days = (committed.bet.first_cycle_end - DAY).days  # from the decision, not 4 Jan
    assert gap.startswith(f"the first pilot cycle runs {days} days, {day_text(DAY)} → 12 Feb")
    assert cycle_window(committed).startswith(
        f"The first cycle starts on {day_text(DAY)}, the day of the decision, and may end on "
        f"{day_text(DAY + dt.timedelta(days=42))} at the latest."
    )
    # "A workshop held before the quarter it plans may start it with the quarter: set the
    # day it starts, by …" was read twice over: it says what to do, and by when.
    from gaptools.steps.bet import latest_start

    assert cycle_window(committed).endswith(
        "To start it later, when the quarter begins, set its start: "
        f"{day_text(latest_start(committed))} at the latest."
    )
    committed.bet.first_cycle_start = january
    committed.bet.debrief_dates = [dt.date(2027, 1, 22), dt.date(2027, 2, 12)]
    assert cycle_start(committed) == january
    assert card_gaps(committed) == []
    assert cycle_window(committed).startswith(
        f"The first cycle starts on {day_text(january)}, as set on the card, and may end on "
        f"{day_text(january + dt.timedelta(days=42))} at the latest."
    )
    [cycle] = [box for box in bet_canvas(committed).boxes if box.title == "First pilot cycle"]
    assert cycle.lines == [f"{day_text(january)} → {day_text(dt.date(2027, 2, 12))}", "5.6 weeks"]


def test_a_cycle_cannot_start_before_the_bet_was_decided(committed: Workshop) -> None:
    committed.bet.first_cycle_start = DAY - dt.timedelta(days=1)
    assert card_gaps(committed) == [
        f"the first pilot cycle starts ({day_text(DAY - dt.timedelta(days=1))}) before the bet "
        f"was decided ({day_text(DAY)})"
    ]


def test_a_cycle_put_off_past_the_quarter_s_first_two_weeks_is_a_gap(committed: Workshop) -> None:
    """A start date with no limit would let any six weeks pass as the first: 3 Jan 2028 was
    accepted for a bet on Q1 2027. It may wait for the quarter, and two weeks into it."""
    from gaptools.steps.bet import latest_start

    quarter_begins = dt.date(2027, 1, 1)  # the example plans Q1 2027
    assert latest_start(committed) == quarter_begins + dt.timedelta(weeks=2)
    committed.bet.first_cycle_start = dt.date(2027, 1, 15)
    committed.bet.first_cycle_end = dt.date(2027, 2, 19)
    committed.bet.debrief_dates = [dt.date(2027, 2, 19)]
    assert card_gaps(committed) == []
    committed.bet.first_cycle_start = dt.date(2028, 1, 3)
    committed.bet.first_cycle_end = dt.date(2028, 2, 11)
    committed.bet.debrief_dates = [dt.date(2028, 2, 11)]
    assert card_gaps(committed) == [
        f"the first pilot cycle would start on {day_text(dt.date(2028, 1, 3))}: start it by "
        f"{day_text(dt.date(2027, 1, 15))}, within two weeks of the quarter's start or of the "
        "decision"
    ]
    committed.bet.decided_on = dt.date(2027, 2, 1)  # a call made in the quarter itself
    assert latest_start(committed) == dt.date(2027, 2, 15)


def test_the_log_still_finds_a_cycle_begun_before_the_card_s_start(committed: Workshop) -> None:
    """The card says January; the team began on the day it decided and logged that: the
    log's cycle is still the bet's first, found from the decision, not from the card."""
    from gaptools.core.model import Cycle
    from gaptools.steps.bet import bet_cycle

    committed.bet.first_cycle_start = dt.date(2027, 1, 4)
    initiative = committed.initiative(READY)
    initiative.cycles = [Cycle(measure="Handle time", start=DAY + dt.timedelta(days=1))]
    assert bet_cycle(committed, initiative) is initiative.cycles[0]


def test_first_cycle_needs_an_end(committed: Workshop) -> None:
    committed.bet.first_cycle_end = None
    assert card_gaps(committed) == ["no end date for the first pilot cycle"]


def test_each_missing_part_is_named(committed: Workshop) -> None:
    committed.bet.debrief_dates = []
    committed.bet.kill_criteria = ""
    committed.bet.readiness_gaps = []
    # Agent assist's checklist is all done, so there are no readiness gaps to list.
    assert card_gaps(committed) == [
        "no debrief dates",
        "no kill criteria: say what result by what date makes the team stop",
    ]
    assert not bet_complete(committed)


def test_a_debrief_date_before_the_cycle_starts_is_a_gap(committed: Workshop) -> None:
    """A debrief typed in the wrong year, or a date before the decision, cannot look back on
    the cycle: the card names it; one on the decision day itself is the cycle's first day."""
    wrong = DAY - dt.timedelta(days=17)
    committed.bet.debrief_dates = [wrong, DAY + dt.timedelta(weeks=6)]
    assert card_gaps(committed) == [
        f"debrief dates before the first cycle starts ({day_text(DAY)}): {day_text(wrong)}"
    ]
    assert not bet_complete(committed)
    committed.bet.debrief_dates = [DAY, DAY + dt.timedelta(weeks=6)]
    assert card_gaps(committed) == []


def test_a_logged_debrief_is_measured_from_its_own_cycles_start(committed: Workshop) -> None:
    """Once the log holds the bet's first cycle, its dates are the card's: a debrief before
    that cycle's own start (a week after the decision) is the one named."""
    from gaptools.core.model import Cycle

    start = DAY + dt.timedelta(weeks=1)
    early, late = DAY + dt.timedelta(days=3), DAY + dt.timedelta(weeks=4)
    committed.initiative(READY).cycles = [Cycle(start=start, debriefs=[early, late])]
    assert card_gaps(committed) == [
        f"debrief dates before the first cycle starts ({day_text(start)}): {day_text(early)}"
    ]


def test_open_readiness_items_must_be_listed(committed: Workshop) -> None:
    """Step 5's open items for the bet are named, so the card can carry them."""
    committed.bet.initiative = "Claims intake copilot"
    committed.bet.readiness_gaps = []
    # Its checklist: governance, monitoring, evaluation, compliance and feedback loops are in
    # progress; prompt management, operational support and reliability not started.
    assert card_gaps(committed) == [
        "no readiness gaps listed to close this quarter (step 5 shows: Governance, "
        "Compliance readiness, Evaluation, Prompt management, Reliability controls, "
        "Monitoring, Operational support, Feedback loops)"
    ]


def test_the_decision_must_be_recorded(committed: Workshop) -> None:
    committed.bet.decided_by = ""
    assert card_gaps(committed) == ["the decision is not recorded: who decided, and when"]


def test_stopping_the_bet_itself_frees_nothing(committed: Workshop) -> None:
    """Capacity comes from stopping something else, however the bet's name is typed."""
    committed.bet.stopped = ["call centre  agent ASSIST"]
    assert card_gaps(committed) == ["nothing stopped or paused to free capacity"]
    committed.bet.stopped = []
    assert card_gaps(committed) == ["nothing stopped or paused to free capacity"]


def test_bet_on_an_unready_unowned_initiative(committed: Workshop) -> None:
    """The card repeats the value's gaps and asks for the accountable owner."""
    # "Customer support assistant" has no baseline and nobody accountable.
    committed.bet.initiative = "Customer support assistant"
    assert card_gaps(committed) == [
        "bet value: no baseline: measure it first",
        "the value is still to explore: the first cycle must produce the baseline",
        "no named accountable owner for the bet",
    ]
    assert bet_name(committed) == "Customer support assistant"
    assert not bet_complete(committed)


def test_one_accountable_owner_means_one_function_holding_the_a(committed: Workshop) -> None:
    """A second A for the bet in step 4's map: two functions answer for it, so nobody does,
    and the card is not complete until one A is left; the named person still stands."""
    initiative = committed.initiative(READY)
    functions = committed.settings.function_names()
    holding = [f for f in functions if initiative.ownership.raci.get(f) == "A"]
    other = next(f for f in functions if initiative.ownership.raci.get(f) != "A")
    initiative.ownership.raci[other] = "A"
    both = " and ".join(f for f in functions if f in {*holding, other})
    assert card_gaps(committed) == [
        f"2 functions are accountable for the bet in step 4 ({both}): keep one A"
    ]
    assert not bet_complete(committed)
    initiative.ownership.raci[other] = "R"
    assert card_gaps(committed) == []


def test_a_bet_on_a_vague_metric_owes_a_countable_metric_not_its_numbers(
    committed: Workshop,
) -> None:
    """ "Efficiency", 100 to 120 by a date: the card told the team to find the baseline and
    the target it had. What the first cycle owes is a metric that can be counted."""
    value = committed.initiative(READY).value
    value.metric, value.unit = "Efficiency", ""
    assert card_gaps(committed) == [
        "bet value: 'Efficiency' is not measurable yet: say what is counted, and in what unit",
        "the value is still to explore: the first cycle must produce a metric that can be counted",
    ]
    assert card(committed).to_explore == (
        "the first cycle must produce a metric that can be counted"
    )


# the card as one object


def test_the_card_of_each_shape(committed: Workshop) -> None:
    """Nothing chosen, 'no bet yet', a bet that left the portfolio, a chosen bet: each shape
    carries the name, the initiative and the parts the views lay out."""
    chosen = card(committed)
    assert (chosen.shape, chosen.name) == (CHOSEN, READY)
    assert chosen.initiative is committed.initiative(READY)
    assert chosen.value_ready
    assert chosen.stopped == ["GenAI workbench"]
    assert chosen.decision == Decision("Dana Whitfield", DAY, [])
    assert chosen.complete
    assert chosen.bet_complete

    committed.bet.initiative = "Teleportation pilot"
    gone = card(committed)
    assert (gone.shape, gone.name, gone.initiative) == (GONE, "Teleportation pilot", None)
    assert not gone.bet_complete

    committed.bet.initiative = None
    nothing = card(committed)
    assert (nothing.shape, nothing.name) == (NOTHING_CHOSEN, None)
    assert nothing.gaps == ["no bet chosen yet (step 7)"]

    committed.bet.no_bet_yet = True
    committed.bet.explore_next = [ExploreItem(question="Measure intake", by=DAY)]
    waiting = card(committed)
    assert (waiting.shape, waiting.name) == (NO_BET_YET, None)
    assert waiting.explore == [explore_line(item) for item in committed.bet.explore_next]
    assert waiting.complete
    assert not waiting.bet_complete  # an honest 'no bet yet' is complete, but it is no bet


def test_the_card_agrees_with_its_parts(committed: Workshop) -> None:
    committed.bet.kill_criteria = ""
    committed.initiative(READY).value.baseline = None
    built = card(committed)
    assert built.gaps == card_gaps(committed)
    assert built.parts == card_parts(committed)
    assert not built.value_ready
    assert bet_complete(committed) is built.bet_complete is False


# the options considered


FRAUD = "Fraud signal analytics"
BROKER = "Broker email triage"


def test_options_considered_before_any_vote_are_the_gut_picks(example: Workshop) -> None:
    record_gut_check(example, "Dana Whitfield", BROKER, instantly=True)
    record_gut_check(example, "Priya Raman", READY, instantly=True)
    record_gut_check(example, "Tom Okafor", READY, instantly=False)
    assert options_considered(example) == [READY, BROKER]


def test_options_considered_with_no_vote_or_gut_check_are_step_six_front_runners(
    example: Workshop,
) -> None:
    """A leader deciding alone recorded "Options considered: Mortgage document checker", the
    bet alone: what was weighed then is the front of step 6's ranking."""
    from gaptools.steps.prioritise import front_runners, rank

    assert not example.gut_checks
    assert options_considered(example) == front_runners(rank(example, stability=False))
    assert len(options_considered(example)) > 1


def test_options_considered_list_the_dots_then_the_gut_picks_once(example: Workshop) -> None:
    """Two leaders naming the same initiative do not list it twice."""
    set_mode(example, "named")
    open_voting(example)
    cast(example, "Dana Whitfield", {FRAUD: 2, BROKER: 1})
    cast(example, "Priya Raman", {BROKER: 1})
    record_gut_check(example, "Dana Whitfield", READY, instantly=True)
    record_gut_check(example, "Priya Raman", READY, instantly=True)
    record_gut_check(example, "Tom Okafor", FRAUD, instantly=True)
    assert options_considered(example) == [READY, FRAUD]  # ballots still hidden
    reveal(example)
    assert options_considered(example) == [BROKER, FRAUD, READY]


def test_what_the_card_may_stop_is_every_live_initiative_but_the_bet(example: Workshop) -> None:
    """Stopping the bet frees nothing for it: it is not offered, and if listed it does not
    count as something stopped."""
    from gaptools.steps.bet import stoppable, stopped_others

    live = [i.name for i in example.live_initiatives()]
    example.bet.initiative = live[0].upper()  # however the name is written
    assert stoppable(example) == live[1:]
    example.bet.stopped = [live[0], live[1]]
    assert stopped_others(example) == [live[1]]


def test_a_blank_thing_to_explore_is_no_thing_to_explore(example: Workshop) -> None:
    """Saved blank (before Add refused it, or emptied in its row), it counted as something to
    explore and printed on the canvas as a bare date."""
    workshop = example
    workshop.bet.no_bet_yet = True
    workshop.bet.explore_next = [ExploreItem(question=" ", by=dt.date(2027, 1, 31))]
    found = card(workshop)
    assert found.explore == []
    assert "with no bet yet, list what to explore instead" in found.parts["explore"]
    workshop.bet.explore_next.append(ExploreItem(question="Find a sponsor", by=None))
    found = card(workshop)
    assert found.explore == ["Find a sponsor (no date yet)"]
    assert found.parts["explore"] == [
        "with no bet yet, say what each thing to explore is, or remove it"
    ]


@pytest.fixture
def paused(committed: Workshop) -> Workshop:
    """The committed card, with what it stopped paused in step 1 too."""
    committed.initiative("GenAI workbench").stage = Stage.STALLED
    return committed


def test_a_complete_card_says_nothing_more(paused: Workshop) -> None:
    assert card_notes(paused) == []


def test_kill_criteria_with_no_figure_are_questioned_not_refused(paused: Workshop) -> None:
    """ "If it doesn't work out" completed the card, though nobody can ever say it happened."""
    paused.bet.kill_criteria = "If it doesn't work out or the team loses confidence"
    [note] = card_notes(paused)
    assert note.startswith("the kill criteria name no figure: a threshold and a day")
    assert bet_complete(paused)  # the brief's card: kill criteria given


def test_an_initiative_stopped_for_the_bet_but_still_going_is_said(paused: Workshop) -> None:
    """Ticked as stopped to free capacity, 'Meeting notes copilot' was still a pilot in step
    1, its purgatory count and the report: the card said one thing, the portfolio another."""
    going = paused.initiative("Meeting notes copilot")
    going.stage = Stage.PILOT
    paused.bet.stopped = ["GenAI workbench", going.name]
    assert card_notes(paused) == [
        "'Meeting notes copilot' is stopped or paused on the card but still a pilot in step 1: "
        "set its stage there (stalled for a pause, killed for a stop), so the portfolio says "
        "so too"
    ]
    going.stage = Stage.STALLED
    assert card_notes(paused) == []


def test_a_stalled_bet_is_said_with_its_reason(paused: Workshop) -> None:
    bet = paused.initiative(READY)
    bet.stage, bet.stall_reason = Stage.STALLED, StallReason.GOVERNANCE_REVIEW
    assert card_notes(paused) == [
        "the bet is stalled in step 1 (stuck in governance review): say what unblocks it, and "
        "move its stage on in step 1 when it does"
    ]
