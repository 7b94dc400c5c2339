"""The one-page bet canvas as content: what each shape shows, and what it says is missing.

Every export draws this one object, so these tests pin what reaches the page: the three
shapes (no bet chosen, "no bet yet", a chosen bet), each box marked missing exactly when its
part of the commitment card lacks something, in words, and never a box left blank.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaptools.core.model import (
    AutonomyLevel,
    Cycle,
    ExploreItem,
    RegulatoryTier,
    Risk,
    RiskKind,
    Stage,
    Workshop,
)
from gaptools.core.quarter import day_text, planned_quarter
from gaptools.files import store
from gaptools.steps import bet as bet_rules
from gaptools.steps import prioritise
from gaptools.steps.bet import CARD_NEEDS, card_gaps, card_parts
from gaptools.steps.commitments import is_complete, not_written
from gaptools.steps.prioritise import rank
from gaptools.steps.pulse import pulse_view
from gaptools.steps.readiness import HIGH_RISK, MEDIUM_RISK
from gaptools.steps.registry import new_workshop, steps
from gaptools.steps.value import value_sentence
from gaptools.summaries import canvas as canvas_module
from gaptools.summaries.canvas import (
    COMMITMENTS,
    GUARDRAIL,
    LEAD_MEASURES,
    MOST_ITEMS,
    PULSE,
    TOP_RISKS,
    BetCanvas,
    Box,
    bet_canvas,
    keep_together,
)
from tests.support import BET, DAY, commit, example_workshop

PART_BOX = {
    "owner": "Accountable owner",
    "cycle": "First pilot cycle",
    "debriefs": "Debriefs",
    "kill": "Kill criteria",
    "stopped": "Stopped or paused to free capacity",
    "readiness": "Readiness gaps to close",
    "decision": "Decision",
}
BET_BOXES = [*PART_BOX.values()]
BET_BOXES.insert(6, "Top risks")  # risks inform the bet but are no part of the card
BET_BOXES[7:7] = [LEAD_MEASURES, GUARDRAIL]  # from the value (step 3); optional for the card
CHANGE_BOXES = [PULSE, COMMITMENTS]  # step 8, in the band under the grid, on every shape
BET_BOXES += CHANGE_BOXES


@pytest.fixture
def committed(example: Workshop) -> Workshop:
    return commit(example)


def box(canvas: BetCanvas, title: str) -> Box:
    [found] = [b for b in canvas.boxes if b.title == title]
    return found


def missing_titles(canvas: BetCanvas) -> list[str]:
    return [b.title for b in canvas.boxes if b.missing]


def quarter_label(workshop: Workshop) -> str:
    return planned_quarter(workshop.meta).label


# -- no bet chosen ---------------------------------------------------------------------------


def test_no_bet_chosen_shows_front_runners_and_card_needs(example: Workshop) -> None:
    """Before step 7: the ranking's front-runners, what the card will need, no decision."""
    canvas = bet_canvas(example)
    assert canvas.headline == "No bet chosen yet"
    assert quarter_label(example) in canvas.kicker
    assert [b.title for b in canvas.boxes] == [
        "Front-runners from step 6",
        "What the commitment card needs",
        "Decision",
        *CHANGE_BOXES,
    ]
    above = rank(example).above
    assert above, "the example's capacity puts some initiatives above the line"
    assert box(canvas, "Front-runners from step 6").lines == above[:5]
    assert box(canvas, "What the commitment card needs").lines == CARD_NEEDS
    assert missing_titles(canvas) == ["Decision"]
    assert all(line.startswith("Missing: ") for line in box(canvas, "Decision").lines)


def test_no_bet_chosen_without_capacity_lists_the_top_of_the_ranking(example: Workshop) -> None:
    """With no capacity there is no line; the front-runners are then simply the top five."""
    example.settings.capacity_weeks = None
    ranked = [s.name for s in rank(example).ranked]
    assert len(ranked) > 5
    assert box(bet_canvas(example), "Front-runners from step 6").lines == ranked[:5]


def test_no_bet_chosen_with_nothing_ranked_says_so(example: Workshop) -> None:
    """An empty portfolio still fills the box, with words rather than a blank."""
    example.initiatives = []
    assert box(bet_canvas(example), "Front-runners from step 6").lines == ["Nothing ranked yet"]


@pytest.mark.parametrize("empty", [False, True])
def test_no_bet_chosen_says_the_card_is_not_started(example: Workshop, empty: bool) -> None:
    """The only gap is the choice itself, and the verdict said "✗ 1 item still missing":
    nearly done, of an empty workshop whose report lists ten things missing. It says the
    card is not started; what it lacks stays listed."""
    workshop = new_workshop(team="") if empty else example
    canvas = bet_canvas(workshop)
    assert canvas.missing == card_gaps(workshop) == ["no bet chosen yet (step 7)"]
    assert not canvas.complete
    assert canvas.verdict == "✗ Commitment card not started"
    assert "item" not in canvas.verdict


def test_a_bet_that_left_the_portfolio_keeps_its_name_and_says_why(committed: Workshop) -> None:
    """Renamed or removed after the decision: the page names the old bet, asks for a new
    choice in a box marked missing, and still shows who decided."""
    committed.bet.initiative = "Teleportation pilot"
    canvas = bet_canvas(committed)
    assert canvas.headline == "Teleportation pilot"
    assert "no longer in the portfolio" in canvas.sentence
    choice = box(canvas, "The choice")
    assert choice.missing
    assert any("Teleportation pilot" in line for line in choice.lines)
    decision = box(canvas, "Decision")
    assert not decision.missing
    assert any(committed.bet.decided_by in line for line in decision.lines)
    assert not canvas.complete


def test_a_killed_bet_is_not_a_complete_commitment(committed: Workshop) -> None:
    """Killing the chosen initiative in step 1 reopens the card, whatever else is filled."""
    committed.initiative(BET).stage = Stage.KILLED
    canvas = bet_canvas(committed)
    assert not canvas.complete
    assert any("killed" in gap for gap in canvas.missing)


def test_a_bet_killed_since_it_was_chosen_says_so_at_the_top(committed: Workshop) -> None:
    """Its value sentence under "The bet for Q1 2027" read as the live bet, the kill only
    one of the items missing. The page now opens with what happened and what comes next."""
    live = bet_canvas(committed)
    committed.initiative(BET).stage = Stage.KILLED
    canvas = bet_canvas(committed)
    [why] = bet_rules.card(committed).parts["choice"]
    assert canvas.kicker == live.kicker + " · killed since it was chosen"
    assert canvas.sentence == why[0].upper() + why[1:] + "."
    assert "decide again in step 7" in canvas.sentence
    assert canvas.sentence != live.sentence
    assert canvas.headline == live.headline == BET


def test_last_quarters_bet_under_a_later_quarter_says_whose_quarter_it_was(
    committed: Workshop,
) -> None:
    """A quarter on, chosen in step 0: last quarter's card stood under "The bet for Q2 2027"."""
    from gaptools.core.model import QuarterRef

    assert bet_canvas(committed).kicker == "The bet for Q1 2027"
    committed.meta.planned_quarter = QuarterRef(fiscal_year=2027, number=2)
    canvas = bet_canvas(committed)
    assert canvas.kicker == "The bet for Q1 2027 · Q2 2027 not decided yet"
    assert any("for Q2 2027, decide again in step 7" in gap for gap in canvas.missing)


def test_a_bet_killed_by_its_debrief_says_why(committed: Workshop) -> None:
    """The mailed canvas said the bet was killed and to decide again, not why."""
    from gaptools.core.model import Cycle, CycleDecision

    bet = committed.initiative(BET)
    day = committed.bet.decided_on + dt.timedelta(days=40)
    bet.cycles.append(
        Cycle(
            start=committed.bet.decided_on,
            learned="the claim forms vary too much for one template",
            decision=CycleDecision.KILL,
            decided_on=day,
        )
    )
    canvas = bet_canvas(committed)
    assert canvas.sentence.endswith(" The claim forms vary too much for one template.")
    bet.cycles[-1].why = "no path to the 16-minute target this quarter"
    assert bet_canvas(committed).sentence.endswith(" No path to the 16-minute target this quarter.")


def test_many_items_are_capped_with_a_count(committed: Workshop) -> None:
    """Fifty paused initiatives would push the canvas past one page: the box shows a few and
    says how many more."""
    names = [i.name for i in committed.initiatives if i.name != BET]
    committed.bet.stopped = names
    lines = box(bet_canvas(committed), "Stopped or paused to free capacity").lines
    assert len(lines) == MOST_ITEMS
    assert lines[-1] == f"…and {len(names) - MOST_ITEMS + 1} more"
    assert lines[:-1] == names[: MOST_ITEMS - 1]


# -- no bet yet ------------------------------------------------------------------------------


@pytest.fixture
def no_bet_yet(committed: Workshop) -> Workshop:
    """An honest 'no bet yet', decided, with two dated things to explore."""
    committed.bet.no_bet_yet = True
    committed.bet.explore_next = [
        ExploreItem(question="Measure the intake baseline", by=DAY + dt.timedelta(weeks=2)),
        ExploreItem(question="Ask legal about customer photos", by=DAY + dt.timedelta(weeks=4)),
    ]
    return committed


def test_no_bet_yet_shows_what_to_explore_and_the_decision(no_bet_yet: Workshop) -> None:
    """Complete 'no bet yet': each question with its date, who decided, nothing missing."""
    canvas = bet_canvas(no_bet_yet)
    assert canvas.headline == "No bet yet"
    assert quarter_label(no_bet_yet) in canvas.kicker
    assert "no bet yet" in canvas.kicker.lower()
    assert [b.title for b in canvas.boxes] == [
        "What we will explore instead",
        "Decision",
        *CHANGE_BOXES,
    ]
    explore = box(canvas, "What we will explore instead")
    assert not explore.missing
    for item, line in zip(no_bet_yet.bet.explore_next, explore.lines, strict=True):
        assert item.question in line
        assert day_text(item.by) in line
    decision = box(canvas, "Decision")
    assert "Dana Whitfield" in decision.lines[0]
    assert day_text(DAY) in decision.lines[0]
    options = no_bet_yet.bet.options_considered
    assert options
    assert decision.lines[1] == "Options considered: " + ", ".join(options)
    assert canvas.complete
    assert canvas.verdict == "✓ Exploration plan complete"  # not a "commitment": no bet yet


def test_no_bet_yet_with_undated_items_says_what_is_missing(no_bet_yet: Workshop) -> None:
    """An undated question stays on the page, marked as lacking a date, and the box is missing."""
    no_bet_yet.bet.explore_next.append(ExploreItem(question="Count claims with photos"))
    canvas = bet_canvas(no_bet_yet)
    explore = box(canvas, "What we will explore instead")
    assert explore.missing
    for item in no_bet_yet.bet.explore_next:
        assert any(item.question in line for line in explore.lines)
    assert any("Count claims with photos" in ln and "no date" in ln for ln in explore.lines)
    missing = [line for line in explore.lines if line.startswith("Missing: ")]
    assert missing == [f"Missing: {gap}" for gap in card_parts(no_bet_yet)["explore"]]
    assert "date" in missing[0]
    assert missing_titles(canvas) == ["What we will explore instead"]
    assert not canvas.complete


def test_no_bet_yet_with_nothing_to_explore(no_bet_yet: Workshop) -> None:
    """No questions at all: the box says, in words, that they are still to be listed."""
    no_bet_yet.bet.explore_next = []
    no_bet_yet.bet.decided_by = ""
    canvas = bet_canvas(no_bet_yet)
    explore = box(canvas, "What we will explore instead")
    assert explore.missing
    assert explore.lines == [f"Missing: {gap}" for gap in card_parts(no_bet_yet)["explore"]]
    assert "explore" in explore.lines[0]
    assert missing_titles(canvas) == ["What we will explore instead", "Decision"]
    assert "2 items still missing" in canvas.verdict


# -- a chosen bet ----------------------------------------------------------------------------


def test_chosen_bet_shows_every_part(committed: Workshop) -> None:
    """A complete card: the eight boxes in order, filled from what the team wrote."""
    canvas = bet_canvas(committed)
    bet, initiative = committed.bet, committed.initiative(BET)
    assert canvas.headline == BET
    assert canvas.kicker == f"The bet for {quarter_label(committed)}"
    assert canvas.sentence == value_sentence(initiative.value)
    assert [b.title for b in canvas.boxes] == BET_BOXES
    owner = box(canvas, "Accountable owner").lines
    assert owner[0] == initiative.ownership.accountable
    accountable = [f for f, letter in initiative.ownership.raci.items() if letter == "A"]
    assert len(accountable) == 1
    assert owner[1:] == [f"Function: {accountable[0]}"]
    cycle = box(canvas, "First pilot cycle").lines
    assert day_text(DAY) in cycle[0]
    assert day_text(bet.first_cycle_end) in cycle[0]
    assert cycle[1] == "6 weeks"
    assert box(canvas, "Debriefs").lines == [day_text(d) for d in bet.debrief_dates]
    assert box(canvas, "Kill criteria").lines == [bet.kill_criteria]
    assert box(canvas, "Stopped or paused to free capacity").lines == bet.stopped
    assert box(canvas, "Readiness gaps to close").lines == bet.readiness_gaps
    decision = box(canvas, "Decision").lines
    assert "Dana Whitfield" in decision[0]
    others = [option for option in bet.options_considered if option != BET]
    assert others
    assert decision[1] == "Chosen over: " + ", ".join(others)


def test_two_accountable_functions_mark_the_owner_box(committed: Workshop) -> None:
    """The page mailed to the CEO names one function as accountable only when step 4's map
    holds one A: with a second, the box says so instead of naming the first of them."""
    initiative = committed.initiative(BET)
    functions = committed.settings.function_names()
    second = next(f for f in functions if initiative.ownership.raci.get(f) != "A")
    initiative.ownership.raci[second] = "A"
    canvas = bet_canvas(committed)
    assert missing_titles(canvas) == ["Accountable owner"]
    (line,) = box(canvas, "Accountable owner").lines
    assert line.startswith("Missing: 2 functions are accountable for the bet")
    assert second in line


def test_the_decision_names_what_the_bet_was_chosen_over(committed: Workshop) -> None:
    """The headline names the bet; the decision box lists the others weighed against it,
    the bet itself however it was spelt among them left out. With 'no bet yet', every
    option weighed is listed."""
    committed.bet.options_considered = [f"  {BET.upper()} ", "Fraud signal analytics"]
    assert box(bet_canvas(committed), "Decision").lines[1:] == [
        "Chosen over: Fraud signal analytics"
    ]
    committed.bet.options_considered = [BET]
    assert box(bet_canvas(committed), "Decision").lines[1:] == []


def test_complete_card_is_complete_everywhere(committed: Workshop) -> None:
    """Every part done: complete, a ✓ verdict, no box missing, nothing in the missing list."""
    canvas = bet_canvas(committed)
    assert card_gaps(committed) == []
    assert canvas.complete
    assert canvas.verdict.startswith("✓")
    assert missing_titles(canvas) == []
    assert canvas.missing == []
    assert not any(line.startswith("Missing") for b in canvas.boxes for line in b.lines)


def test_half_week_cycle_is_shown_to_one_decimal(committed: Workshop) -> None:
    """A cycle of 31 days is 4.4 weeks; whole weeks drop the decimal."""
    committed.bet.first_cycle_end = DAY + dt.timedelta(days=31)
    assert box(bet_canvas(committed), "First pilot cycle").lines[1] == f"{31 / 7:.1f} weeks"


def test_debriefs_are_shown_in_date_order(committed: Workshop) -> None:
    committed.bet.debrief_dates.reverse()
    dates = sorted(committed.bet.debrief_dates)
    assert box(bet_canvas(committed), "Debriefs").lines == [day_text(d) for d in dates]


def test_stopping_the_bet_itself_is_not_shown_as_freed_capacity(committed: Workshop) -> None:
    """Only the other initiatives count; the bet listed as stopped is left off the box."""
    committed.bet.stopped = [BET.upper(), "GenAI workbench"]
    assert box(bet_canvas(committed), "Stopped or paused to free capacity").lines == [
        "GenAI workbench"
    ]


def _break(workshop: Workshop, part: str) -> None:
    bet = workshop.bet
    if part == "owner":
        workshop.initiative(BET).ownership.accountable = ""
    elif part == "cycle":
        bet.first_cycle_end = DAY + dt.timedelta(weeks=7)
    elif part == "debriefs":
        bet.debrief_dates = []
    elif part == "kill":
        bet.kill_criteria = ""
    elif part == "stopped":
        bet.stopped = [BET]
    elif part == "readiness":
        bet.readiness_gaps = []
    elif part == "decision":
        bet.decided_on = None


@pytest.mark.parametrize("part", list(PART_BOX))
def test_each_missing_part_marks_exactly_its_box(committed: Workshop, part: str) -> None:
    """One part broken: only its box is missing, and it says what is missing in words."""
    _break(committed, part)
    gaps = card_parts(committed)[part]
    assert gaps
    canvas = bet_canvas(committed)
    assert missing_titles(canvas) == [PART_BOX[part]]
    assert box(canvas, PART_BOX[part]).lines == [f"Missing: {gap}" for gap in gaps]
    assert canvas.missing == gaps
    assert not canvas.complete
    expected = f"{len(gaps)} item{'s' if len(gaps) != 1 else ''} still missing"
    assert canvas.verdict == f"✗ {expected}"


def test_value_still_to_explore_marks_the_sentence_not_a_box(committed: Workshop) -> None:
    """The value has no box: an unready value shows in the sentence and the missing list."""
    value = committed.initiative(BET).value
    value.baseline = None
    canvas = bet_canvas(committed)
    assert missing_titles(canvas) == []
    assert canvas.sentence.startswith(value_sentence(value))
    assert canvas.sentence.endswith("still to explore: the first cycle must produce the baseline.")
    assert canvas.missing == card_parts(committed)["value"]
    assert any("no baseline" in gap for gap in canvas.missing)
    assert not canvas.complete


def test_readiness_box_shows_step_five_when_nothing_is_chosen(committed: Workshop) -> None:
    """Missing readiness gaps still show what step 5 has open, so the team can pick."""
    committed.bet.readiness_gaps = []
    [line] = box(bet_canvas(committed), "Readiness gaps to close").lines
    assert line.startswith("Missing: ")
    assert "Monitoring" in line  # in progress in the example's checklist


# -- top risks -------------------------------------------------------------------------------

RISKS = [  # (kind, likelihood, impact, mitigation)
    (RiskKind.BIAS, 1, 2, "Quarterly fairness review"),
    (RiskKind.DATA_LEAKAGE, 5, 5, ""),
    (RiskKind.REGULATORY, 2, 3, "Legal sign-off"),
    (RiskKind.SECURITY_VULNERABILITIES, 4, 4, "Pen test before launch"),
    (RiskKind.HALLUCINATION, 3, 3, ""),
]


def test_top_risks_sorted_by_score_and_capped(committed: Workshop) -> None:
    """The three highest likelihood × impact, highest first, each with its mitigation or the
    plain words that it has none; the rest are left off."""
    risks = [Risk(kind=k, likelihood=li, impact=im, mitigation=m) for k, li, im, m in RISKS]
    random.Random(7).shuffle(risks)
    committed.initiative(BET).readiness.risks = risks
    lines = box(bet_canvas(committed), "Top risks").lines
    expected = sorted(risks, key=lambda r: r.likelihood * r.impact, reverse=True)[:TOP_RISKS]
    assert len(lines) == TOP_RISKS == 3
    for risk, line in zip(expected, lines, strict=True):
        score = risk.likelihood * risk.impact
        level = "high" if score >= HIGH_RISK else "medium" if score >= MEDIUM_RISK else "low"
        assert line.startswith(risk.kind.label)
        assert f"risk {score} of 25 ({level})" in line
        assert (risk.mitigation or "NO mitigation yet") in line


def test_a_page_short_of_room_drops_a_mitigated_risk_before_an_unmitigated_one(
    committed: Workshop,
) -> None:
    """The PDF's "Top risks" kept "Biased outputs … mitigation" and dropped "Data leakage …
    NO mitigation yet", lower by a point: the CEO's page read safer than the bet is."""
    committed.initiative(BET).readiness.risks = [
        Risk(kind=RiskKind.BIAS, likelihood=4, impact=4, mitigation="Monthly fairness review"),
        Risk(kind=RiskKind.HALLUCINATION, likelihood=3, impact=4, mitigation="Citations shown"),
        Risk(kind=RiskKind.DATA_LEAKAGE, likelihood=3, impact=3),
    ]
    risks = box(bet_canvas(committed), "Top risks")
    limits = len(risks.lines) - 3  # the agent's limits and the tier, kept before the risks
    first, second = risks.shorter
    assert [line.split(":")[0] for line in first[limits:-1]] == [
        RiskKind.BIAS.label,
        RiskKind.DATA_LEAKAGE.label,
    ]
    assert first[-1] == "and 1 more risk in step 5"
    assert [line.split(":")[0] for line in second[limits:-1]] == [RiskKind.DATA_LEAKAGE.label]
    assert "NO mitigation yet" in second[limits]


def test_top_risks_with_no_risks_logged(committed: Workshop) -> None:
    """No risks: the box says none were logged rather than staying blank; it is never missing."""
    committed.initiative(BET).readiness.risks = []
    risks = box(bet_canvas(committed), "Top risks")
    assert risks.lines == ["None logged in step 5"]
    assert not risks.missing


def test_example_bet_flags_its_unmitigated_risk(committed: Workshop) -> None:
    """The example's data-leakage risk has no mitigation, and the canvas says so."""
    lines = box(bet_canvas(committed), "Top risks").lines
    unmitigated = [r for r in committed.initiative(BET).readiness.risks if not r.mitigation]
    assert unmitigated
    for risk in unmitigated:
        assert any(ln.startswith(risk.kind.label) and "NO mitigation yet" in ln for ln in lines)


def test_an_agent_without_a_way_back_is_on_the_canvas_however_complete_the_card(
    committed: Workshop,
) -> None:
    """A bet that acts fully on its own with no escalation path and no failure recovery, in a
    high regulatory tier, was "✓ Complete commitment … Nothing missing" on the page the CEO
    reads, while step 5 said it must not ship: its risks box says so, and the footer asks."""
    bet = committed.initiative(BET)
    bet.readiness.risks = [r for r in bet.readiness.risks if r.mitigation]  # none flagged
    before = bet_canvas(committed)
    assert before.complete
    assert before.questions == []
    bet.agentic = True
    bet.readiness.autonomy.level = AutonomyLevel.FULLY_AUTONOMOUS
    bet.readiness.regulatory_tier = RegulatoryTier.HIGH
    canvas = bet_canvas(committed)
    assert canvas.complete  # the card is complete: what it commits to is all there
    lines = box(canvas, "Top risks").lines
    assert "Agent: acts fully on its own · NO escalation path · NO failure recovery" in lines
    assert "Regulatory tier: High risk" in lines
    # No escalation path and no failure recovery: two things, the tier being no flag.
    assert canvas.questions == ["step 5 flags 2 things to settle before the bet ships (Top risks)"]

    bet.readiness.autonomy.escalation_path = "Claims handler on duty"
    bet.readiness.autonomy.failure_recovery = "Daily sample re-checked by hand"
    lines = box(bet_canvas(committed), "Top risks").lines
    assert "Agent: acts fully on its own · escalation and recovery set" in lines


def test_a_prohibited_use_and_an_unset_autonomy_are_on_the_canvas(committed: Workshop) -> None:
    bet = committed.initiative(BET)
    bet.agentic = True
    bet.readiness.regulatory_tier = RegulatoryTier.PROHIBITED
    lines = box(bet_canvas(committed), "Top risks").lines
    assert "Agent: how far it may act on its own is not set" in lines
    assert "Regulatory tier: Prohibited practice" in lines


# -- invariants over many bets ---------------------------------------------------------------


_example = cache(example_workshop)  # loaded once for all the bets drawn below


CHOICES = [None, BET, "Renewal pricing agent", "Customer support assistant", "Unknown thing"]
CYCLE_DAYS = [None, -1, 0, 14, 42, 60]


@st.composite
def workshops(draw: st.DrawFn) -> Workshop:
    """The example with a bet in any state: chosen or not, each part filled in or not."""
    workshop = _example().model_copy(deep=True)
    bet = workshop.bet
    bet.initiative = draw(st.sampled_from(CHOICES))
    bet.no_bet_yet = draw(st.booleans())
    if draw(st.booleans()):
        bet.decided_by = "Dana Whitfield"
    if draw(st.booleans()):
        bet.decided_on = DAY
    bet.options_considered = draw(st.lists(st.sampled_from([BET, "GenAI workbench"]), max_size=2))
    days = draw(st.sampled_from(CYCLE_DAYS))
    bet.first_cycle_end = None if days is None else DAY + dt.timedelta(days=days)
    bet.debrief_dates = [DAY + dt.timedelta(weeks=w) for w in draw(st.sets(st.integers(1, 6)))]
    bet.kill_criteria = draw(st.sampled_from(["", "Stop if intake time is not down"]))
    bet.stopped = draw(st.lists(st.sampled_from([BET, "GenAI workbench", "Fraud"]), max_size=2))
    bet.readiness_gaps = draw(st.lists(st.sampled_from(["Monitoring", "Evaluation"]), max_size=2))
    bet.explore_next = [
        ExploreItem(question=f"Question {n}", by=DAY + dt.timedelta(weeks=n) if dated else None)
        for n, dated in enumerate(draw(st.lists(st.booleans(), max_size=3)))
    ]
    if draw(st.booleans()):
        _clear_owner(workshop)
    return workshop


def _clear_owner(workshop: Workshop) -> None:
    initiative = workshop.initiative(workshop.bet.initiative or "")
    if initiative is not None:
        initiative.ownership.accountable = ""


PROPERTIES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(workshops())
def test_canvas_never_has_an_empty_box(workshop: Workshop) -> None:
    """Whatever state the bet is in, every box has at least one line with words on it."""
    for b in bet_canvas(workshop).boxes:
        assert b.lines, b.title
        assert all(line.strip() for line in b.lines), b.title


@PROPERTIES
@given(workshops())
def test_canvas_agrees_with_the_card(workshop: Workshop) -> None:
    """The canvas's missing list, verdict and missing boxes all come from the card's parts."""
    canvas = bet_canvas(workshop)
    parts = card_parts(workshop)
    gaps = card_gaps(workshop)
    assert gaps == [gap for part in parts.values() for gap in part]
    assert canvas.missing == gaps
    assert canvas.complete is (not gaps)
    assert canvas.verdict.startswith("✓" if not gaps else "✗")
    if gaps and canvas.headline != "No bet chosen yet":  # whose card is not started
        assert str(len(gaps)) in canvas.verdict
    if set(parts) == set(PART_BOX) | {"value"}:
        for part, title in PART_BOX.items():
            assert box(canvas, title).missing is bool(parts[part]), part
    for b in canvas.boxes:
        if b.missing:
            assert any(line.startswith("Missing: ") for line in b.lines), b.title


@pytest.mark.parametrize(
    ("field", "title"),
    [("stopped", PART_BOX["stopped"]), ("readiness_gaps", PART_BOX["readiness"])],
)
def test_blank_entry_leaves_no_blank_box(committed: Workshop, field: str, title: str) -> None:
    """A hand-edited file may hold an empty entry; the box should still say something."""
    setattr(committed.bet, field, ["  "])
    committed = store.revalidate(committed)
    assert all(line.strip() for line in box(bet_canvas(committed), title).lines)


# -- worked out once, and only what the page shows --------------------------------------------


def _shapes(example: Workshop) -> dict[str, Workshop]:
    """The example in each shape the canvas has."""
    nothing = example.model_copy(deep=True)
    unlined = example.model_copy(deep=True)
    unlined.settings.capacity_weeks = None
    chosen = commit(example.model_copy(deep=True))
    waiting = commit(example.model_copy(deep=True))
    waiting.bet.no_bet_yet = True
    gone = commit(example.model_copy(deep=True))
    gone.bet.initiative = "Teleportation pilot"
    killed = commit(example.model_copy(deep=True))
    killed.initiative(BET).stage = Stage.KILLED
    return {
        "nothing chosen": nothing,
        "no capacity": unlined,
        "chosen": chosen,
        "no bet yet": waiting,
        "gone": gone,
        "killed": killed,
    }


def test_the_canvas_never_runs_the_stability_simulation(
    example: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The canvas needs what is above the line, never how stable it is."""

    def refuse(*_: object) -> None:
        raise AssertionError("the canvas ran the stability simulation")

    monkeypatch.setattr(prioritise, "_stability", refuse)
    for shape, workshop in _shapes(example).items():
        assert bet_canvas(workshop).boxes, shape


def test_the_canvas_works_the_card_out_once(
    example: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One call to the card per canvas, and no going back to the bet rules piece by piece."""
    calls: list[str] = []
    real = canvas_module.commitment_card

    def counted(workshop: Workshop) -> bet_rules.Card:
        calls.append(workshop.meta.team)
        return real(workshop)

    def refuse(*_: object) -> None:
        raise AssertionError("the canvas asked the bet rules again")

    monkeypatch.setattr(canvas_module, "commitment_card", counted)
    for name in ("card_parts", "card_gaps", "bet_name", "bet_complete"):
        monkeypatch.setattr(bet_rules, name, refuse)
    for shape, workshop in _shapes(example).items():
        calls.clear()
        bet_canvas(workshop)
        assert len(calls) == 1, shape


def test_every_box_is_filled_by_one_step(example: Workshop) -> None:
    """Each box of the page is claimed by exactly one step of the registry."""
    claims = [title for step in steps() for title in step.canvas]
    assert len(claims) == len(set(claims))
    titles = {b.title for w in _shapes(example).values() for b in bet_canvas(w).boxes}
    assert titles <= set(claims), titles - set(claims)


def test_the_card_object_is_what_the_canvas_shows(committed: Workshop) -> None:
    card = bet_rules.card(committed)
    canvas = bet_canvas(committed)
    assert card.shape == bet_rules.CHOSEN
    assert card.initiative is committed.initiative(BET)
    assert canvas.missing == card.gaps
    assert canvas.complete is card.complete is card.bet_complete is True
    assert box(canvas, "Stopped or paused to free capacity").lines == card.stopped


# -- lead measures, guardrail, phrases held together ------------------------------------------


def test_chosen_bet_shows_the_lead_measures_and_the_guardrail(committed: Workshop) -> None:
    value = committed.initiative(BET).value
    canvas = bet_canvas(committed)
    assert value.lead_measures
    assert value.guardrail
    assert box(canvas, LEAD_MEASURES).lines == value.lead_measures
    assert box(canvas, GUARDRAIL).lines == [f"{value.guardrail} (must not get worse)"]
    assert not box(canvas, LEAD_MEASURES).missing


def test_no_lead_measure_or_guardrail_says_so_in_words(committed: Workshop) -> None:
    workshop = committed.model_copy(deep=True)
    workshop.initiative(BET).value.lead_measures = []
    workshop.initiative(BET).value.guardrail = ""
    canvas = bet_canvas(workshop)
    assert box(canvas, LEAD_MEASURES).lines == ["None named yet (step 3)"]
    assert box(canvas, GUARDRAIL).lines == ["None named yet (step 3)"]


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("Move churn from 14% to 8% (−6 percentage points)", "(−6\u00a0percentage\u00a0points)"),
        ("Debrief on 31 Mar 2027 at noon", "31\u00a0Mar\u00a02027"),
        ("risk 20 of 25 (high) · NO mitigation", "(high)"),
    ],
)
def test_keep_together_holds_short_phrases(text: str, held: str) -> None:
    kept = keep_together(text)
    assert held in kept
    assert kept.replace("\u00a0", " ") == text


def test_keep_together_leaves_a_long_bracket_breakable() -> None:
    text = "(" + "word " * 20 + ")"
    assert keep_together(text) == text


# -- leading the change (step 8) ------------------------------------------------------------------


def test_the_band_shows_the_pulse_shares_the_room_may_see(example: Workshop) -> None:
    view = pulse_view(example)
    assert view.shown
    pulse_box = box(bet_canvas(example), PULSE)
    assert pulse_box.band
    # what the shares count, said: "4 or 5 of 5: hopeful 45%" left it to a guess
    # one line: the sentence's start and its figures were two bullets
    [line] = pulse_box.lines
    assert line.startswith(
        f"{len(example.pulse.answers)} anonymous answers; the share rating 4 or 5 (of 5 points): "
    )
    for distribution in view.distributions:
        share = sum(distribution.counts[3:]) / sum(distribution.counts)
        assert f"{distribution.question.tag} {share:.0%}" in line


def test_too_few_answers_show_nothing_but_the_count(example: Workshop) -> None:
    example.pulse.answers = example.pulse.answers[:2]
    assert box(bet_canvas(example), PULSE).lines == ["Too few answers to show (2 of 3 needed)"]


def test_a_pulse_nobody_answered_says_it_was_not_taken(example: Workshop) -> None:
    """A leader working alone sent "Too few answers to show (0 of 3 needed)" to the CEO, a
    failure notice for a step a room of one cannot take."""
    example.pulse.answers = []
    assert box(bet_canvas(example), PULSE).lines == ["No pulse taken (step 8)"]


def test_an_answer_sealed_until_its_batch_counts_on_the_canvas(example: Workshop) -> None:
    """A solo leader's one answer: step 8 said '1 so far, 3 needed', the canvas '0 of 3'."""
    import datetime as dt

    from gaptools.steps import pulse

    example.pulse.answers = []
    pulse.open_pulse(example)
    pulse.answer(example, pulse.Given(4, 3, 2), dt.date(2026, 11, 18))
    view = pulse_view(example)
    assert (view.answers, view.waiting) == (0, 1)
    assert view.summary.startswith("Too few answers to show: 1 so far, 3 needed")
    assert box(bet_canvas(example), PULSE).lines == ["Too few answers to show (1 of 3 needed)"]


def test_the_band_counts_complete_commitments_and_their_learning_time(example: Workshop) -> None:
    complete = [c for c in example.commitments if is_complete(c)]
    assert 0 < len(complete) < len(example.commitments)
    lines = box(bet_canvas(example), COMMITMENTS).lines
    listed = len(example.meta.participants)
    written = listed - len(not_written(example))
    assert 0 < written < listed
    assert lines[0] == (
        f"{written} of {listed} leaders have written a commitment; "
        f"{len(complete)} of the {len(example.commitments)} are complete."
    )
    hours = sorted({c.hours_per_month for c in complete})
    assert f"{hours[0]:g}" in lines[1]
    assert day_text(min(c.hours_from for c in complete)) in lines[1]
    example.commitments = []
    assert box(bet_canvas(example), COMMITMENTS).lines == ["None written yet (step 8)"]


def test_the_debriefs_are_the_first_cycles_as_logged(committed: Workshop) -> None:
    """Once step 9 logs the bet's first cycle, its debrief dates are the ones that count."""
    bet = committed.bet
    card_dates = [day_text(d) for d in sorted(bet.debrief_dates)]
    assert box(bet_canvas(committed), "Debriefs").lines == card_dates
    initiative = committed.initiative(BET)
    moved = [DAY + dt.timedelta(days=16), DAY + dt.timedelta(days=30)]
    initiative.cycles = [Cycle(start=DAY, debriefs=list(reversed(moved)))]
    assert box(bet_canvas(committed), "Debriefs").lines == [day_text(d) for d in moved]


def test_a_value_due_more_than_a_year_out_is_a_question_on_the_page(committed: Workshop) -> None:
    """A value due in 2099 printed "✓ Complete commitment" and "Nothing missing" with no word
    of step 3's warning: the page asks it, without counting it as missing."""
    from gaptools.steps.value import FAR_DATE

    assert bet_canvas(committed).questions == []
    initiative = committed.initiative(committed.bet.initiative)
    initiative.value.due = dt.date(2099, 12, 31)
    canvas = bet_canvas(committed)
    assert canvas.complete
    assert canvas.questions == [f"the bet's value: {FAR_DATE}"]


def test_a_debrief_more_than_a_week_after_the_cycle_ends_is_a_question(
    committed: Workshop,
) -> None:
    """A debrief dated a month after the first cycle ends was printed as if it looked back
    on the cycle when it ended: the call to scale or kill then waits a month, unasked."""
    end = committed.bet.first_cycle_end
    assert end is not None
    week_later, late = end + dt.timedelta(days=7), end + dt.timedelta(days=8)
    committed.bet.debrief_dates = [end, week_later]
    assert bet_canvas(committed).questions == []
    committed.bet.debrief_dates = [end, late]
    canvas = bet_canvas(committed)
    assert canvas.complete
    assert canvas.questions == [
        f"a debrief more than a week after the first cycle ends ({day_text(end)}): "
        f"{day_text(late)}; the call to scale, iterate, pivot or kill waits for it"
    ]


def test_a_bets_value_due_before_its_first_cycle_ends_is_a_question(committed: Workshop) -> None:
    """The value chosen again from last quarter's workshop, due before the new cycle even
    started: after the workshop's day, so the card was complete and said nothing."""
    value = committed.initiative(BET).value
    end = committed.bet.first_cycle_end
    assert end is not None
    value.due = end
    assert bet_canvas(committed).questions == []
    value.due = end - dt.timedelta(days=1)
    canvas = bet_canvas(committed)
    assert canvas.complete
    assert canvas.questions == [
        f"the bet's value is due {day_text(value.due)}, before its first cycle ends "
        f"({day_text(end)}): nothing the bet does can show by then; give the date its work "
        "should reach the target, with a baseline measured afresh"
    ]
    start = committed.meta.date + dt.timedelta(days=20)
    committed.bet.first_cycle_start = start
    committed.bet.first_cycle_end = start + dt.timedelta(days=35)
    value.due = start - dt.timedelta(days=1)
    [asked] = bet_canvas(committed).questions
    assert f"before its first cycle starts ({day_text(start)})" in asked


def test_a_debrief_moved_in_the_learning_log_is_judged_by_the_logged_cycle(
    committed: Workshop,
) -> None:
    """Once step 9 logs the cycle, its own end and debriefs are the ones the card reads."""
    initiative = committed.initiative(committed.bet.initiative)
    start = bet_rules.cycle_start(committed)
    logged_end = start + dt.timedelta(days=21)
    initiative.cycles = [
        Cycle(start=start, end=logged_end, debriefs=[logged_end + dt.timedelta(days=10)])
    ]
    [question] = bet_canvas(committed).questions
    assert f"first cycle ends ({day_text(logged_end)})" in question
    assert day_text(logged_end + dt.timedelta(days=10)) in question


def test_an_unnamed_team_is_not_called_team_in_a_title() -> None:
    """A workshop with no team name was titled "Bet canvas · team": the title leaves the
    team out, as the page itself says "Team not named"."""
    workshop = example_workshop()
    workshop.meta.team = ""
    assert bet_canvas(workshop).title == f"Bet canvas · {planned_quarter(workshop.meta).label}"


def test_a_leader_working_alone_reads_their_own_commitment_and_name(example: Workshop) -> None:
    """A leader preparing their bet alone sent the CEO "The one leader's commitment is
    complete" and "Facilitated by Sam Patel · 1 leader in the room": nothing of what they
    committed to, and a room that never met. Alone, the band gives their own statement, and
    the foot says who prepared it."""
    from gaptools.core.model import Participant

    [mine] = [c for c in example.commitments if is_complete(c)][:1]
    example.commitments = [mine]
    example.meta.participants = [Participant(name=mine.leader)]
    example.meta.facilitator = mine.leader
    canvas = bet_canvas(example)
    lines = box(canvas, COMMITMENTS).lines
    assert lines[0] == f"{mine.leader}: {' '.join(mine.statement.split())}"
    assert lines[1].startswith(f"Learning time {mine.hours_per_month:g} h a month, from")
    assert canvas.footer == f"Prepared by {mine.leader}, working alone"
    # Their own one answer to the pulse, never to be shown, is no box of its own either.
    example.pulse.answers = example.pulse.answers[:1]
    titles = [b.title for b in bet_canvas(example).boxes]
    assert COMMITMENTS in titles
    assert PULSE not in titles
    example.meta.participants.append(Participant(name="Ana Lima"))
    canvas = bet_canvas(example)
    assert box(canvas, COMMITMENTS).lines[0].startswith("1 of 2 leaders has written")
    assert canvas.footer == f"Facilitated by {mine.leader} · 2 leaders in the room"


def test_a_complete_card_asks_what_makes_room_for_a_bet_below_the_line(
    committed: Workshop,
) -> None:
    """The bet ranked 7th, below step 6's capacity line, and the canvas said "✓ Complete
    commitment" without a word of it: a CFO asked what it displaces."""
    committed.settings.capacity_weeks = 1.0
    where = prioritise.below_the_line(prioritise.rank(committed, stability=False), BET)
    assert where.startswith("ranks ")
    canvas = bet_canvas(committed)
    assert canvas.complete
    assert f"what makes room for the bet, which {where}" in canvas.questions
    from gaptools.export import export

    html = export(committed, "html", "bet").decode("utf-8")
    assert f"Worth asking: what makes room for the bet, which {where}." in html


def test_a_long_name_in_the_decision_box_is_shortened_before_the_day() -> None:
    """A decider with a long name, in a box the page had little room for: its line was cut
    at its end, "Decided by Maximiliane-Anneliese Müller-Lüdenscheidt von Hohenzollern-S
    on…", and the CEO lost the day of the decision. The page tries forms with the name
    shortened, each keeping the day, before it cuts a line."""
    from tests.support import complete_bet

    workshop = complete_bet()
    name = "Maximiliane-Anneliese Müller-Lüdenscheidt von Hohenzollern-Sigmaringen"
    workshop.bet.decided_by = name
    decision = box(bet_canvas(workshop), "Decision")
    day = f" on {day_text(workshop.bet.decided_on)}"
    firsts = [decision.lines[0], *(form[0] for form in decision.shorter)]
    assert all(line.startswith("Decided by Maximiliane") for line in firsts)
    assert all(line.endswith(day) for line in firsts)
    assert len(firsts[-1]) < len(f"Decided by {name}{day}") - 30
    lengths = [sum(map(len, form)) for form in (decision.lines, *decision.shorter)]
    assert lengths == sorted(lengths, reverse=True)  # longest first, as the page tries them


def test_the_learning_time_line_holds_for_every_leader_it_counts(example: Workshop) -> None:
    """ "Learning time 2–4 h a month each, from 4 Jan 2027", where two of the leaders it
    counted start on 1 Feb: the line gives the range of their starts."""
    complete = [c for c in example.commitments if is_complete(c)]
    starts = sorted({c.hours_from for c in complete if c.hours_from})
    assert len(complete) > 1
    complete[-1].hours_from = starts[0] + dt.timedelta(days=28)
    starts = sorted(c.hours_from for c in complete if c.hours_from)
    [line] = [x for x in box(bet_canvas(example), COMMITMENTS).lines if x.startswith("Learning")]
    assert line.endswith(f"each, starting between {day_text(starts[0])} and {day_text(starts[-1])}")
    hours = sorted(c.hours_per_month or 0 for c in complete)
    assert f" {hours[0]:g}" in line
    assert f"{hours[-1]:g} h a month" in line
