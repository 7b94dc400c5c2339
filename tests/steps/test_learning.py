"""Step 9's learning log: every velocity figure, worked out by hand on a small log."""

from __future__ import annotations

import datetime as dt
import re
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaptools.core.model import (
    Cycle,
    CycleDecision,
    Initiative,
    Meta,
    Participant,
    Stage,
    Workshop,
)
from gaptools.core.resources import load_json
from gaptools.steps import learning
from gaptools.steps.learning import LearningError, cycle_flags, velocity
from tests.support import commit, example_workshop

DAY = dt.date(2026, 11, 18)
NOW = dt.date(2026, 11, 30)  # in Q4 2026 (calendar fiscal year)
KILL, PIVOT, ITERATE, SCALE = (
    CycleDecision.KILL,
    CycleDecision.PIVOT,
    CycleDecision.ITERATE,
    CycleDecision.SCALE,
)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def log() -> Workshop:
    """Four cycles on two initiatives, worked out by hand below:

    A1: 2026-09-01 → decided iterate 2026-10-06 (35 days), debrief 10-06 written, kill by 10-10
    A2: 2026-10-07 → decided kill 2026-11-20 (44 days: long), no debrief, kill by 11-15 (late)
    B1: 2026-10-01 → decided pivot 2026-11-10 (40 days), debrief 11-05 written, kill by 11-10
    B2: 2026-11-12 → running, planned end 2026-12-20, no decision (38 days planned)
    """
    a = Initiative(
        name="Claims triage",
        stage=Stage.PILOT,
        cycles=[
            Cycle(
                start=d("2026-09-01"),
                end=d("2026-10-06"),
                debriefs=[d("2026-10-06")],
                observed="78% routed right",
                kill_by=d("2026-10-10"),
                kill_if="triage accuracy is under 80%",
                success="80% routed right",
                success_written=d("2026-08-30"),
                decision=ITERATE,
                decided_on=d("2026-10-06"),
            ),
            Cycle(
                start=d("2026-10-07"),
                end=d("2026-11-10"),
                kill_by=d("2026-11-15"),
                kill_if="routing errors are not halved",
                success="errors halved",
                success_written=d("2026-10-06"),
                decision=KILL,
                decided_on=d("2026-11-20"),
            ),
        ],
    )
    b = Initiative(
        name="Broker inbox",
        stage=Stage.PILOT,
        cycles=[
            Cycle(
                start=d("2026-10-01"),
                end=d("2026-11-05"),
                debriefs=[d("2026-11-05")],
                learned="brokers read the inbox on their phones",
                kill_by=d("2026-11-10"),
                kill_if="brokers do not use it weekly",
                success="half the brokers weekly",
                success_written=d("2026-09-28"),
                decision=PIVOT,
                decided_on=d("2026-11-10"),
            ),
            Cycle(
                start=d("2026-11-12"),
                end=d("2026-12-20"),
                belief="brokers read the summary first",
                test="two brokers' teams use it for five weeks",
                success="x",
                kill_if="",
                debriefs=[],
            ),
        ],
    )
    return Workshop(meta=Meta(date=DAY), initiatives=[a, b])


def test_days_to_decision_and_the_median() -> None:
    workshop = log()
    days = [learning.days_to_decision(e.cycle) for e in learning.logged(workshop)]
    assert days == [35, 44, 40, None]
    assert velocity(workshop, NOW).median_days == 40  # of 35, 40, 44


def test_the_share_of_ended_cycles_that_were_debriefed() -> None:
    """A1, A2 and B1 have ended (decided); A1 and B1 had a debrief by their decision."""
    assert velocity(log(), NOW).debriefed_share == pytest.approx(2 / 3)


def test_a_debrief_date_that_passed_with_nothing_written_is_not_a_debrief() -> None:
    """A1's debrief date came, but nothing was observed, learned or decided-why: the debrief
    was skipped, so only B1 of the three ended cycles counts, and A1 says so."""
    workshop = log()
    first = workshop.initiatives[0].cycles[0]
    first.observed = " "
    assert velocity(workshop, NOW).debriefed_share == pytest.approx(1 / 3)
    assert "ended without a debrief" in cycle_flags(first, NOW)
    first.why = "routing held up; the tail of odd claims needs rules first"
    assert velocity(workshop, NOW).debriefed_share == pytest.approx(2 / 3)


def test_written_words_without_a_debrief_date_are_not_a_debrief_either() -> None:
    """A2 has what was learned but no debrief in the calendar: nothing says one was held."""
    workshop = log()
    second = workshop.initiatives[0].cycles[1]
    second.learned = "the errors came from one form"
    assert velocity(workshop, NOW).debriefed_share == pytest.approx(2 / 3)


def test_a_running_cycle_whose_debrief_passed_unwritten_is_flagged() -> None:
    """B2 runs to 12-20 with a debrief on 12-04: from the day after, and until something is
    written, the flag names that debrief; on the day itself it is not yet late."""
    workshop = log()
    running = workshop.initiatives[1].cycles[1]
    running.debriefs = [d("2026-11-20"), d("2026-12-04")]
    late = "the debrief of 4 Dec 2026 has passed and nothing is written from it"
    assert not any(late in f for f in cycle_flags(running, d("2026-12-04")))
    assert any(late in f for f in cycle_flags(running, d("2026-12-05")))
    assert any("20 Nov 2026" in f for f in cycle_flags(running, d("2026-11-21")))
    assert "1 cycle with a debrief passed and nothing written: Broker inbox · cycle 2 (step 9)" in (
        learning.learning_gaps(workshop, d("2026-12-05"))
    )
    running.observed = "brokers opened 40% of the summaries"
    assert not any("debrief" in f for f in cycle_flags(running, d("2026-12-05")))
    assert not any("debrief" in g for g in learning.learning_gaps(workshop, d("2026-12-05")))


def test_dates_that_cannot_all_be_true_are_flagged_and_kept_out_of_the_median() -> None:
    """B1 decided on 2026-09-20, before its start on 10-01: -11 days is not a cycle length.
    The median is then of A1's 35 and A2's 44 alone, and B1 is still one of 3 decided."""
    workshop = log()
    broker = workshop.initiatives[1].cycles[0]
    broker.decided_on = d("2026-09-20")
    v = velocity(workshop, NOW)
    assert v.median_days == statistics.median([35, 44])
    assert v.decided == 3
    # Said where the median is said: status read "3 decided; median 39.5 days", of two.
    assert (
        "3 decided; median 39.5 days from start to decision (of 2: 1 decided before it "
        "started left out, its dates to check in step 9)" in v.summary
    )
    assert any("before it started (1 Oct 2026)" in f for f in cycle_flags(broker, NOW))
    running = workshop.initiatives[1].cycles[1]
    running.end = d("2026-11-01")  # before its start on 11-12
    assert any("before it starts (12 Nov 2026)" in f for f in cycle_flags(running, NOW))


def test_a_decision_dated_after_today_counts_from_its_day() -> None:
    """A2's kill typed for 2026-12-15: on 11-30 it is no kill of Q4 yet, nor in the median
    (of 35 and 40); on 12-15 it is both, and the flag has gone."""
    workshop = log()
    killed = workshop.initiatives[0].cycles[1]
    killed.decided_on = d("2026-12-15")
    early = velocity(workshop, NOW)
    assert (early.kills_this_quarter, early.median_days) == (0, statistics.median([35, 40]))
    assert any("a day still to come (15 Dec 2026)" in f for f in cycle_flags(killed, NOW))
    assert (early.decided, early.on_time_share) == (2, 1.0)  # A1 and B1, both on time
    on_the_day = velocity(workshop, d("2026-12-15"))
    assert (on_the_day.kills_this_quarter, on_the_day.median_days) == (1, 40)
    assert (on_the_day.decided, on_the_day.on_time_share) == (3, pytest.approx(2 / 3))
    assert not any("still to come" in f for f in cycle_flags(killed, d("2026-12-15")))


def test_a_running_cycle_decided_ahead_is_still_running() -> None:
    """B2 runs to 12-20, its debrief on 12-18; "scale" typed ahead for 12-18. On 11-30 it
    had read as ended, undebriefed, and cut the share debriefed from 2 of 3 to 2 of 4."""
    workshop = log()
    running = workshop.initiatives[1].cycles[1]
    running.debriefs = [d("2026-12-18")]
    running.decision, running.decided_on = SCALE, d("2026-12-18")
    v = velocity(workshop, NOW)
    assert v.debriefed_share == pytest.approx(2 / 3)
    assert v.decided == 3
    assert not learning.has_ended(running, NOW)
    assert "ended without a debrief" not in cycle_flags(running, NOW)


def test_a_debrief_dated_before_the_cycle_is_a_date_to_check_not_a_skipped_debrief() -> None:
    """B2 starts on 11-12; a debrief typed as 2025-11-20 (the year wrong) is named as a date
    to check, not as a debrief passed with nothing written."""
    workshop = log()
    running = workshop.initiatives[1].cycles[1]
    running.debriefs = [d("2025-11-20"), d("2026-12-18")]
    flags = cycle_flags(running, NOW)
    assert flags[0] == ("debrief dates before it starts (12 Nov 2026): 20 Nov 2025: check the year")
    assert not any("has passed and nothing is written" in f for f in flags)
    assert learning.skipped_debrief(running, NOW) is None


def test_the_share_decided_by_the_kill_date() -> None:
    """A1 (10-06 ≤ 10-10) and B1 (11-10 ≤ 11-10) on time; A2 (11-20 > 11-15) late."""
    assert velocity(log(), NOW).on_time_share == pytest.approx(2 / 3)


def test_kills_and_pivots_of_the_quarter() -> None:
    v = velocity(log(), NOW)
    assert (v.kills_this_quarter, v.pivots_this_quarter) == (1, 1)
    assert v.quarter.label == "Q4 2026"
    later = velocity(log(), d("2027-01-05"))  # Q1 2027: nothing decided in it yet
    assert (later.kills_this_quarter, later.pivots_this_quarter) == (0, 0)


def test_cycles_longer_than_six_weeks_are_flagged() -> None:
    """A2 ran 44 days; B2 is planned to 2026-12-20, 38 days, but on 2026-12-25 it has run 43."""
    assert [e.label for e in velocity(log(), NOW).long] == ["Claims triage · cycle 2"]
    assert [e.label for e in velocity(log(), d("2026-12-25")).long] == [
        "Claims triage · cycle 2",
        "Broker inbox · cycle 2",
    ]


def test_the_summary_says_every_figure() -> None:
    assert velocity(log(), NOW).summary == (
        "4 cycles logged, 3 decided; median 40 days from start to decision; 67% of ended "
        "cycles debriefed; 67% decided by their kill date; 1 kill and 1 pivot in Q4 2026."
    )
    assert velocity(Workshop(meta=Meta(date=DAY)), NOW).summary == "No learning cycle logged yet."


def test_a_large_portfolio_with_no_kill_for_a_quarter_is_warned() -> None:
    workshop = log()
    workshop.initiatives += [Initiative(name=f"Idea {n}", stage=Stage.IDEA) for n in range(4)]
    assert len(workshop.in_play()) == 6
    assert velocity(workshop, NOW).warning == ""  # the kill of 2026-11-20 is recent
    # Three months (91 days) after the kill it still counts: a kill on 6 Jan is one of the
    # last three months on 7 Apr. The day after, they have passed without one.
    assert velocity(workshop, d("2027-02-20")).warning == learning.NOTHING_STOPPED
    assert velocity(workshop, d("2027-02-19")).warning == ""
    workshop.initiatives = workshop.initiatives[:5]
    assert velocity(workshop, d("2027-03-30")).warning == ""  # five in play: no warning


def test_kills_made_in_step_1_with_no_day_are_named_beside_the_quiet_log() -> None:
    """Two pilots marked killed in step 1 in January, and the warning said "nothing was
    killed in the last three months": step 1 keeps no day, so the log cannot count them."""
    workshop = log()
    workshop.initiatives += [Initiative(name=f"Idea {n}", stage=Stage.IDEA) for n in range(4)]
    workshop.initiatives += [Initiative(name=f"Stopped {n}", stage=Stage.KILLED) for n in range(2)]
    warning = velocity(workshop, d("2027-02-20")).warning
    assert warning.startswith("more than five initiatives are in play and the learning log shows")
    assert "but 2 initiatives are marked killed in step 1 with no kill logged" in warning
    assert f"{warning} (step 9)" in learning.learning_gaps(workshop, d("2027-02-20"))


def test_a_pilot_scaled_in_the_log_but_still_a_pilot_in_step_1_is_named() -> None:
    """A pilot the log scaled in February was counted in step 1 among pilots stuck "without a
    decision", and nothing asked for its stage to follow, as a kill's does."""
    workshop = log()
    pilot = workshop.initiatives[0]
    pilot.stage = Stage.PILOT
    pilot.cycles[-1].decision = CycleDecision.SCALE
    assert learning.still_a_pilot_after_scaling(workshop) == [pilot]
    gap = f"scaled in the learning log but still pilots in step 1: {pilot.name}"
    assert any(line.startswith(gap) for line in learning.learning_gaps(workshop, NOW))
    pilot.stage = Stage.PRODUCTION
    assert not any("still pilots" in line for line in learning.learning_gaps(workshop, NOW))


def test_flags_of_one_cycle() -> None:
    a1, a2, b1, b2 = (e.cycle for e in learning.logged(log()))
    # A1 was debriefed (what we observed), and decided with nothing learned and no reason.
    assert cycle_flags(a1, NOW) == [
        "decided to iterate with nothing learned and no reason written: write what we learned "
        "and why we decided so"
    ]
    a1.why = "accuracy is close: one more cycle on the routing rules"
    assert cycle_flags(a1, NOW) == []
    assert cycle_flags(b1, NOW) == []
    assert cycle_flags(a2, NOW) == [
        "longer than six weeks (44 days): cut it shorter",
        "decided on 20 Nov 2026, after its kill date (15 Nov 2026)",
        "ended without a debrief",
    ]
    # B2 is running with a criterion and an end, and no kill criteria: the step asks every
    # current cycle for them, written before it starts.
    assert cycle_flags(b2, NOW) == [
        "no kill criteria: write the state that makes us stop, and its date"
    ]
    b2.kill_if = "fewer than 10 brokers"
    assert cycle_flags(b2, NOW) == ["kill criteria need both a state and a date"]
    b2.kill_by, b2.end = d("2026-12-20"), None
    assert cycle_flags(b2, NOW) == ["no planned end: say when it ends, six weeks at most"]


def test_the_bets_next_cycle_with_no_end_and_no_kill_criteria_is_missing_them() -> None:
    """After an "iterate" debrief, the bet's cycle 2 with no end and no kill criteria: the
    canvas still said "✓ Complete commitment", and the log questioned only its criterion."""
    first = Cycle(
        start=d("2026-11-01"),
        end=d("2026-12-10"),
        kill_if="x",
        kill_by=d("2026-12-10"),
        success="y",
        debriefs=[d("2026-12-10")],
        observed="z",
        decision=ITERATE,
        decided_on=d("2026-12-10"),
    )
    second = Cycle(start=d("2026-12-11"), belief="b", test="t", success="y")
    bet = Initiative(name="Q", cycles=[first, second])
    workshop = Workshop(meta=Meta(date=DAY), initiatives=[bet])
    workshop.bet.initiative = bet.name
    gaps = learning.learning_gaps(workshop, d("2026-12-12"))
    assert gaps == ["the bet's cycle 2 has no planned end and no kill criteria (step 9)"]
    second.end, second.kill_if, second.kill_by = d("2027-01-15"), "x", d("2027-01-15")
    assert learning.learning_gaps(workshop, d("2026-12-12")) == []


def test_a_criterion_written_after_the_cycle_ended_is_flagged() -> None:
    cycle = Cycle(
        start=d("2026-10-01"),
        end=d("2026-10-30"),
        success="handling time under 16 minutes",
        success_written=d("2026-11-02"),
        debriefs=[d("2026-10-30")],
    )
    assert learning.criterion_written_late(cycle)
    assert "written after the cycle ended" in " ".join(cycle_flags(cycle, NOW))
    cycle.success_written = d("2026-10-30")
    assert not learning.criterion_written_late(cycle)
    # Decided late, on 11-05: the cycle still ended on its planned end, 10-30.
    cycle.decision, cycle.decided_on, cycle.success_written = (
        ITERATE,
        d("2026-11-05"),
        d("2026-11-01"),
    )
    assert learning.criterion_written_late(cycle)


def test_a_cycle_past_its_kill_date_without_a_decision() -> None:
    cycle = Cycle(start=d("2026-11-01"), kill_if="x", kill_by=d("2026-11-20"), success="y")
    assert "past its kill date (20 Nov 2026) with no decision" in cycle_flags(cycle, NOW)
    workshop = Workshop(meta=Meta(date=DAY), initiatives=[Initiative(name="Q", cycles=[cycle])])
    assert learning.learning_gaps(workshop, NOW) == [
        "1 cycle past the kill date with no decision: Q · cycle 1 (step 9)"
    ]


def test_kill_criteria_read_as_a_state_and_a_date() -> None:
    cycle = Cycle(kill_if="the handling time has not fallen below 16 minutes", kill_by=DAY)
    assert learning.kill_sentence(cycle) == (
        "If by 18 Nov 2026 the handling time has not fallen below 16 minutes, we stop."
    )
    cycle.kill_if = "Stop if handlers still correct a third of the drafts"
    assert learning.kill_sentence(cycle) == (
        "Stop if handlers still correct a third of the drafts (judged on 18 Nov 2026)."
    )
    assert learning.kill_sentence(Cycle()) == ""
    cycle.kill_if = "Handling time is still above 16 minutes"
    assert learning.kill_sentence(cycle) == (
        "If by 18 Nov 2026 handling time is still above 16 minutes, we stop."
    )
    cycle.kill_if = "NPS falls below 30"  # an acronym keeps its capitals
    assert learning.kill_sentence(cycle) == "If by 18 Nov 2026 NPS falls below 30, we stop."


@pytest.mark.parametrize("written", ["18 Nov 2026", "2026-11-18"])
def test_a_date_the_criteria_already_give_is_not_said_twice(written: str) -> None:
    """The card's hint asks for the date in the words; the cycle takes them with that date."""
    cycle = Cycle(kill_if=f"false positives not below 10% by {written}", kill_by=DAY)
    assert learning.kill_sentence(cycle) == (
        f"If false positives not below 10% by {written}, we stop."
    )
    cycle.kill_if = f"Stop if false positives are not below 10% by {written}"
    assert learning.kill_sentence(cycle) == f"{cycle.kill_if}."


@pytest.mark.parametrize(
    ("text", "hits"),
    [
        ("The intake form had no field for photos, so the model guessed.", []),
        ("Ops failed to send the data on time.", ["'failed to' points at people"]),
        ("We SHOULD HAVE tested it; whose fault was it?", ["'should have'", "'fault'"]),
        ("Priya did not share the logs.", ["'Priya Raman' is named"]),
        ("The defaults were wrong.", []),
    ],
)
def test_blaming_words_get_a_suggestion(text: str, hits: list[str]) -> None:
    found = learning.blame_suggestions(text, ["Priya Raman", "Tom Okafor"])
    assert len(found) == len(hits)
    for suggestion, hit in zip(found, hits, strict=True):
        assert suggestion.startswith(hit)


def _plain_blame_pattern() -> re.Pattern[str]:
    """The phrases as one alternation of whole words, with nothing to make it quicker."""
    phrases = sorted(load_json("blame_phrases.json")["phrases"], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, phrases)) + r")\b", re.IGNORECASE)


@given(
    st.lists(
        st.one_of(
            st.sampled_from(load_json("blame_phrases.json")["phrases"]),
            st.sampled_from(["ſ", "K", "ı", "İ", "_", "-", "'", " ", "\n", "é", "x", "9"]),
            st.text(alphabet="abcdefghilmnorstuy FBSD", max_size=8),
        ),
        max_size=12,
    ).map("".join),
    st.sampled_from([str, str.upper, str.title, str.swapcase]),
)
def test_blaming_phrases_are_found_as_by_the_plain_alternation(text: str, case) -> None:
    """The pattern that skips words no phrase starts finds what the plain one finds."""
    written = case(text)
    pattern, _ = learning._blame_pattern()
    found = [m.group(0) for m in pattern.finditer(written)]
    assert found == [m.group(0) for m in _plain_blame_pattern().finditer(written)]


def test_the_form_never_blocks_a_blaming_phrase() -> None:
    workshop = log()
    workshop.meta.participants = [Participant(name="Tom Okafor")]
    cycle = workshop.initiatives[0].cycles[0]
    cycle.why = "Tom forgot to book the debrief."
    assert len(learning.cycle_blame(workshop, cycle)) == 2
    Workshop.model_validate(workshop.model_dump())  # still a valid workshop


def test_blame_in_what_was_observed_is_questioned_too() -> None:
    """ "Tom's team failed to label the data" under what was observed was not questioned, the
    same words under what was learned were."""
    workshop = log()
    workshop.meta.participants = [Participant(name="Tom Okafor")]
    cycle = workshop.initiatives[0].cycles[0]
    cycle.observed = cycle.learned = cycle.why = ""
    assert learning.cycle_blame(workshop, cycle) == []
    cycle.observed = "Tom forgot to book the debrief."
    observed = learning.cycle_blame(workshop, cycle)
    cycle.observed, cycle.learned = "", "Tom forgot to book the debrief."
    assert observed == learning.cycle_blame(workshop, cycle) != []


def test_a_cycle_run_before_the_bet_was_decided_is_not_its_first_cycle() -> None:
    """Bet on again at a follow-up, an initiative piloted last quarter showed that pilot's
    debriefs on its new card, and its card could not start its first cycle in the log."""
    from gaptools.steps.bet import bet_cycle, debriefs

    workshop = log()
    triage = workshop.initiatives[0]
    [earlier] = [c for c in triage.cycles if c.start is not None][:1]
    bet = workshop.bet
    bet.initiative, bet.decided_on = triage.name, earlier.start + dt.timedelta(weeks=20)
    bet.first_cycle_end = bet.decided_on + dt.timedelta(weeks=5)
    bet.debrief_dates = [bet.decided_on + dt.timedelta(weeks=2), bet.first_cycle_end]
    assert bet_cycle(workshop, triage) is None
    assert debriefs(workshop, triage) == bet.debrief_dates
    made = learning.first_cycle_from_card(workshop)
    assert bet_cycle(workshop, triage).id == made
    assert bet_cycle(workshop, triage).start == bet.decided_on


def test_a_card_changed_after_its_cycle_started_is_questioned() -> None:
    """The card's kill criteria and end changed in step 7 after step 9 started the cycle from
    it: the canvas showed the new ones, the log the old, and step 9 "Nothing to question"."""
    workshop = log()
    triage = workshop.initiatives[0]
    triage.cycles = []
    bet = workshop.bet
    bet.initiative, bet.decided_on = "Claims triage", DAY
    bet.first_cycle_end = d("2026-12-30")
    bet.kill_criteria = "Stop if accuracy is under 85% by 30 Dec"
    learning.first_cycle_from_card(workshop)
    (cycle,) = triage.cycles
    assert learning.card_differences(workshop, cycle) == []
    bet.kill_criteria, bet.first_cycle_end = (
        "Stop if accuracy is under 80% by 23 Dec",
        d("2026-12-23"),
    )
    [said] = learning.card_differences(workshop, cycle)
    assert "now differ on kill criteria" in said
    assert "'Stop if accuracy is under 80% by 23 Dec'" in said
    assert "'Stop if accuracy is under 85% by 30 Dec'" in said
    assert "the end (the card: 23 Dec 2026; this cycle: 30 Dec 2026)" in said
    assert any(
        gap.startswith("the bet's cycle 1: the commitment card and this cycle")
        for gap in learning.learning_gaps(workshop, DAY)
    )
    cycle.decision, cycle.decided_on = CycleDecision.KILL, d("2026-12-20")
    assert learning.card_differences(workshop, cycle) == []  # decided: a record now


def test_kill_criteria_alike_for_long_are_quoted_where_they_differ() -> None:
    """The card's kill criteria and its cycle's, alike for their first 90 characters, were
    both quoted cut at 80, the same: the reader could not see what to agree on."""
    import re

    workshop = log()
    triage = workshop.initiatives[0]
    triage.cycles = []
    bet = workshop.bet
    bet.initiative, bet.decided_on = "Claims triage", DAY
    shared = "Stop if intake time in the pilot team is not below 16 minutes by the 23 Dec debrief"
    bet.kill_criteria = f"{shared}, or if any complaint reaches the ombudsman"
    learning.first_cycle_from_card(workshop)
    (cycle,) = triage.cycles
    bet.kill_criteria = f"{shared}, or if two complaints reach the ombudsman"
    [said] = learning.card_differences(workshop, cycle)
    card, log_ = re.search(r"the card: '(.+?)'; this cycle: '(.+?)'", said).groups()
    assert card != log_
    assert "two complaints" in card
    assert "any complaint" in log_


def test_the_first_cycle_comes_from_the_commitment_card() -> None:
    workshop = log()
    triage = workshop.initiatives[0]
    triage.cycles = []
    triage.value.metric, triage.value.unit, triage.value.target = "Routing accuracy", "%", 90
    bet = workshop.bet
    bet.initiative, bet.decided_on = "Claims triage", DAY
    bet.first_cycle_end = d("2026-12-30")
    bet.debrief_dates = [d("2026-12-30"), d("2026-12-09")]
    bet.kill_criteria = "Stop if accuracy is under 85% at the 30 Dec debrief"
    made = learning.first_cycle_from_card(workshop)
    (cycle,) = triage.cycles
    assert cycle.id == made
    assert (cycle.start, cycle.end, cycle.kill_by) == (DAY, d("2026-12-30"), d("2026-12-30"))
    assert cycle.debriefs == [d("2026-12-09"), d("2026-12-30")]
    assert cycle.kill_if == bet.kill_criteria
    assert cycle.measure == "Routing accuracy (%)"
    assert cycle.success == "Routing accuracy reaches 90% in the pilot"  # as step 3 writes it
    assert cycle.success_written == DAY  # written with the value, before the cycle
    with pytest.raises(LearningError, match="already has its first cycle"):
        learning.first_cycle_from_card(workshop)
    workshop.bet.initiative = None
    with pytest.raises(LearningError, match="choose the bet in step 7 first"):
        learning.first_cycle_from_card(workshop)


def test_writing_the_criterion_stamps_the_day() -> None:
    cycle = Cycle()
    learning.write_success(cycle, "under 16 minutes", NOW)
    assert cycle.success_written == NOW
    learning.write_success(cycle, "  ", NOW)
    assert cycle.success_written is None


def test_the_bet_without_a_cycle_is_missing() -> None:
    workshop = log()
    workshop.initiatives[1].cycles = []
    workshop.bet.initiative = "Broker inbox"
    assert "the bet 'Broker inbox' has no learning cycle logged yet (step 9)" in (
        learning.learning_gaps(workshop, NOW)
    )


days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))


@given(start=days, gap=st.integers(min_value=0, max_value=400), later=st.integers(0, 400))
def test_length_is_the_days_between_start_and_decision_or_the_later_of_end_and_now(
    start: dt.date, gap: int, later: int
) -> None:
    end = start + dt.timedelta(days=gap)
    now = start + dt.timedelta(days=later)
    running = Cycle(start=start, end=end)
    assert learning.length(running, now) == max(gap, later)
    assert learning.is_long(running, now) is (max(gap, later) > 42)
    decided = Cycle(start=start, end=end, decision=KILL, decided_on=end)
    assert learning.length(decided, now) == learning.days_to_decision(decided) == gap


@given(start=days, span=st.integers(0, 200), kill=st.integers(-50, 250))
def test_on_time_means_decided_no_later_than_the_kill_date(
    start: dt.date, span: int, kill: int
) -> None:
    cycle = Cycle(
        start=start,
        decision=SCALE,
        decided_on=start + dt.timedelta(days=span),
        kill_by=start + dt.timedelta(days=kill),
    )
    assert learning.decided_by_kill_date(cycle) is (span <= kill)


@given(day=days)
def test_a_decision_counts_in_the_quarter_that_holds_its_day(day: dt.date) -> None:
    cycle = Cycle(start=day - dt.timedelta(days=10), decision=KILL, decided_on=day)
    workshop = Workshop(meta=Meta(date=DAY), initiatives=[Initiative(name="X", cycles=[cycle])])
    assert velocity(workshop, day).kills_this_quarter == 1
    quarter_start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    assert velocity(workshop, quarter_start - dt.timedelta(days=1)).kills_this_quarter == 0


def test_a_kill_in_the_log_asks_for_the_stage_in_step_1() -> None:
    workshop = log()  # Claims triage's last decided cycle is a kill; it is still a pilot
    assert [i.name for i in learning.still_in_play_after_a_kill(workshop)] == ["Claims triage"]
    assert (
        "killed in the learning log but still in play in step 1: Claims triage "
        "(mark them killed, or log why they go on) (step 9)"
    ) in learning.learning_gaps(workshop, NOW)
    workshop.initiatives[0].stage = Stage.KILLED
    assert learning.still_in_play_after_a_kill(workshop) == []


def test_a_long_list_of_kills_in_the_log_names_some_and_counts_the_rest() -> None:
    """33 names on one line of ``gaptools status`` for a portfolio of 1,000."""
    workshop = log()
    killing = workshop.initiatives[0]
    many = [killing.model_copy(update={"name": f"Triage {n}"}) for n in range(12)]
    workshop.initiatives = many
    names = [i.name for i in learning.still_in_play_after_a_kill(workshop)]
    assert len(names) == 12 > learning.GAPS_NAMED
    shown = ", ".join(names[: learning.GAPS_NAMED])
    more = len(names) - learning.GAPS_NAMED
    assert (
        f"killed in the learning log but still in play in step 1: {shown} and {more} more "
        "(mark them killed, or log why they go on) (step 9)"
    ) in learning.learning_gaps(workshop, NOW)


def test_an_undecided_cycle_past_its_kill_date_is_overdue_not_running() -> None:
    """The log's list and its timeline said "running" six days past a kill date."""
    cycle = Cycle(start=d("2026-11-01"), kill_if="x", kill_by=d("2026-11-20"), success="y")
    assert learning.running_word(cycle, d("2026-11-20")) == "running"
    assert learning.running_word(cycle, d("2026-11-21")) == "overdue"


def test_a_cycle_before_its_start_is_planned_not_running() -> None:
    """A first cycle set for 4 January read "cycle 1 · from 4 Jan 2027 · running" on 3
    December, in the log's list, on its timeline and in the report."""
    cycle = Cycle(start=d("2027-01-04"), end=d("2027-02-12"), kill_by=d("2027-02-12"))
    assert learning.running_word(cycle, d("2026-12-03")) == "planned"
    assert learning.running_word(cycle, d("2027-01-04")) == "running"


@pytest.mark.parametrize("decision", [CycleDecision.ITERATE, CycleDecision.PIVOT])
def test_a_bet_that_goes_on_asks_for_its_next_cycle(decision: CycleDecision) -> None:
    """Decided "iterate" in January and nothing logged since, status said nothing in
    February: the guide's "every pilot has a current cycle" went unchecked."""
    workshop = log()
    bet = workshop.initiatives[0]
    workshop.bet.initiative = bet.name
    last = bet.cycles[-1]
    last.decision, last.decided_on = decision, d("2027-01-06")
    [gap] = [g for g in learning.learning_gaps(workshop, d("2027-02-20")) if "next cycle" in g]
    assert gap == (
        f"the bet '{bet.name}' goes on ({decision.value} on 6 Jan 2027) with no next cycle "
        "logged: write it as a test before it starts (step 9)"
    )
    bet.cycles.append(Cycle(belief="Drafting the forms first halves the corrections"))
    assert not [g for g in learning.learning_gaps(workshop, d("2027-02-20")) if "next cycle" in g]


def test_a_cycle_started_from_the_card_asks_for_its_belief_and_test() -> None:
    """Started from the commitment card, the bet's cycle has the card's dates, kill criteria
    and target, but no card holds what the team believes or how the cycle tests it: step 9
    said "Nothing to question" of a cycle that was no test yet."""
    workshop = commit(example_workshop())
    cycle_id = learning.first_cycle_from_card(workshop)
    bet = workshop.initiative(workshop.bet.initiative or "")
    assert bet is not None
    [cycle] = [c for c in bet.cycles if c.id == cycle_id]
    as_of = workshop.meta.date
    assert cycle_flags(cycle, as_of) == [
        "no belief: write what we believe this cycle will show",
        "no test: write how the cycle tests that belief",
    ]
    number = len(bet.cycles)
    assert learning.learning_gaps(workshop, as_of) == [
        f"the bet's cycle {number} has no belief and no test (step 9)"
    ]
    cycle.belief = "handlers accept most drafted fields unchanged"
    assert [f for f in cycle_flags(cycle, as_of) if f.startswith("no ")] == [
        "no test: write how the cycle tests that belief"
    ]
    cycle.test = "one claims team drafts every intake with it for six weeks"
    assert cycle_flags(cycle, as_of) == []
    assert learning.learning_gaps(workshop, as_of) == []
