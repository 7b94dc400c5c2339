"""Step 1 rules: pilot age, pilot purgatory and the portfolio figures, on hand-built workshops.

Every expected value below is derived by hand from day counts (written in the comments), never
by calling the function under test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from gaptools.core.model import (
    Category,
    Cycle,
    CycleDecision,
    Initiative,
    Meta,
    Settings,
    Stage,
    StallReason,
    Workshop,
)
from gaptools.core.quarter import day_text
from gaptools.files.home import example_workshop
from gaptools.steps.portfolio import (
    NOT_GIVEN,
    diagnose,
    in_purgatory,
    listing_gaps,
    pilot_age_weeks,
    reason_label,
    stage_gaps,
    stage_label,
    stall_gaps,
    stalled_without_reason,
    what_removing_loses,
    without_stage,
)

ON = dt.date(2026, 11, 18)


def days_before(days: int) -> dt.date:
    return ON - dt.timedelta(days=days)


def pilot(name: str, days: int | None, **extra: object) -> Initiative:
    """A pilot that started ``days`` before the workshop (None: no start date)."""
    started = None if days is None else days_before(days)
    return Initiative(name=name, stage=Stage.PILOT, started=started, **extra)


def workshop(*initiatives: Initiative, weeks: int = 12) -> Workshop:
    return Workshop(
        meta=Meta(date=ON),
        settings=Settings(purgatory_weeks=weeks),
        initiatives=list(initiatives),
    )


# -- pilot age -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "weeks"),
    [
        (0, 0.0),  # started on the workshop day
        (7, 1.0),
        (84, 12.0),  # exactly a quarter
        (85, 85 / 7),  # a day more than a quarter: 12 weeks and 1 day
        (261, 261 / 7),  # 2 March 2026 to 18 November 2026
    ],
)
def test_pilot_age_is_counted_in_weeks_from_the_start(days: int, weeks: float) -> None:
    """The age shown on the chart is days elapsed / 7, not rounded."""
    assert pilot_age_weeks(pilot("P", days), ON) == pytest.approx(weeks)


def test_pilot_age_of_a_known_date() -> None:
    """2 March 2026 to 18 November 2026 is 261 days (29+30+31+30+31+31+30+31+18)."""
    item = Initiative(name="P", stage=Stage.PILOT, started=dt.date(2026, 3, 2))
    assert pilot_age_weeks(item, ON) == pytest.approx(261 / 7)


def test_no_start_date_has_no_age() -> None:
    """An undated pilot cannot be judged old or young, so it has no age at all."""
    assert pilot_age_weeks(pilot("P", None), ON) is None


def test_a_start_after_the_workshop_has_no_age() -> None:
    """A pilot planned to start later has not run yet: no negative ages on the chart."""
    item = Initiative(name="P", stage=Stage.PILOT, started=ON + dt.timedelta(days=10))
    assert pilot_age_weeks(item, ON) is None


# -- in purgatory ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "stuck"),
    [
        (83, False),  # 11 weeks 6 days
        (84, False),  # exactly 12 weeks: not *older* than the threshold
        (85, True),  # 12 weeks and a day
        (400, True),
    ],
)
def test_purgatory_is_older_than_the_threshold(days: int, stuck: bool) -> None:
    """Older *than* a quarter: exactly 12 weeks is still within the quarter."""
    assert in_purgatory(pilot("P", days), ON, 12) is stuck


@pytest.mark.parametrize("stage", [Stage.IDEA, Stage.PRODUCTION, Stage.STALLED, Stage.KILLED])
def test_only_pilots_can_be_in_purgatory(stage: Stage) -> None:
    """Production, stalled and killed are decisions; an idea has not started piloting."""
    item = Initiative(name="P", stage=stage, started=days_before(400))
    assert in_purgatory(item, ON, 12) is False


def test_an_undated_pilot_is_not_in_purgatory() -> None:
    assert in_purgatory(pilot("P", None), ON, 12) is False


def test_the_threshold_is_a_parameter() -> None:
    """50 days is 7 weeks 1 day: stuck after 6 weeks, not after 8."""
    item = pilot("P", 50)
    assert in_purgatory(item, ON, 6) is True
    assert in_purgatory(item, ON, 8) is False


def test_diagnose_uses_the_threshold_from_the_settings() -> None:
    """The facilitator's "stuck after" setting, not a hard-coded 12, decides."""
    items = [pilot("Fifty days", 50), pilot("Ten days", 10)]
    assert diagnose(workshop(*items, weeks=12)).in_purgatory == []
    assert diagnose(workshop(*items, weeks=6)).in_purgatory == ["Fifty days"]
    assert diagnose(workshop(*items, weeks=1)).in_purgatory == ["Fifty days", "Ten days"]


# -- the portfolio figures -------------------------------------------------------------------


def test_counts_by_stage_list_every_stage_even_empty_ones() -> None:
    """The funnel shows every stage, so a zero must be there rather than missing."""
    figures = diagnose(
        workshop(
            pilot("A", 10),
            pilot("B", 20),
            Initiative(name="C", stage=Stage.PRODUCTION),
            Initiative(name="D"),  # an idea by default
        )
    )
    assert figures.by_stage == {"idea": 1, "pilot": 2, "production": 1, "stalled": 0, "killed": 0}
    assert figures.total == 4


def test_counts_by_category_list_every_category() -> None:
    figures = diagnose(
        workshop(
            Initiative(name="A", category=Category.ANALYTICS),
            Initiative(name="B", category=Category.ANALYTICS),
            Initiative(name="C", category=Category.INTERNAL_COPILOT),
            Initiative(name="D"),  # other by default
        )
    )
    assert figures.by_category == {
        "internal_copilot": 1,
        "process_automation": 0,
        "customer_support": 0,
        "analytics": 2,
        "agentic_workflow": 0,
        "productivity_platform": 0,
        "recommendation": 0,
        "other": 1,
    }


def test_pilot_to_production_ratio_counts_undated_pilots_too() -> None:
    """3 pilots (one with no start date) for 2 in production: 1.5 pilots per production."""
    figures = diagnose(
        workshop(
            pilot("A", 10),
            pilot("B", 200),
            pilot("C", None),
            Initiative(name="D", stage=Stage.PRODUCTION),
            Initiative(name="E", stage=Stage.PRODUCTION),
            Initiative(name="F", stage=Stage.KILLED),
        )
    )
    assert figures.pilots == 3
    assert figures.in_production == 2
    assert figures.pilot_to_production == pytest.approx(1.5)
    assert figures.ratio_text == (
        "1.5 pilots for every initiative in production (3 pilots, 2 in production)."
    )


@pytest.mark.parametrize(
    ("pilots", "live", "said"),
    [
        (1, 1, "1 pilot for every initiative in production (1 pilot, 1 in production)."),
        (4, 2, "2 pilots for every initiative in production (4 pilots, 2 in production)."),
        (1, 4, "0.2 pilots for every initiative in production (1 pilot, 4 in production)."),
    ],
)
def test_the_ratio_reads_as_a_sentence(pilots: int, live: int, said: str) -> None:
    """A leader alone read "1.0 pilots for every initiative in production (1 pilots, …)"."""
    figures = diagnose(
        workshop(
            *(pilot(f"P{n}", 10) for n in range(pilots)),
            *(Initiative(name=f"L{n}", stage=Stage.PRODUCTION) for n in range(live)),
        )
    )
    assert figures.ratio_text == said


def test_no_ratio_when_nothing_is_in_production() -> None:
    """Dividing by zero production would be infinite; the ratio is simply not there."""
    figures = diagnose(workshop(pilot("A", 10), pilot("B", 100)))
    assert figures.pilot_to_production is None
    assert figures.ratio_text == "2 pilots and nothing in production yet."


def test_median_pilot_age_of_an_odd_count() -> None:
    """7, 14 and 35 days are 1, 2 and 5 weeks: the middle one is 2."""
    figures = diagnose(workshop(pilot("A", 7), pilot("B", 35), pilot("C", 14)))
    assert figures.median_pilot_weeks == pytest.approx(2.0)


def test_median_pilot_age_of_an_even_count() -> None:
    """7, 14, 28 and 70 days are 1, 2, 4 and 10 weeks: the median is (2 + 4) / 2 = 3."""
    figures = diagnose(workshop(pilot("A", 70), pilot("B", 7), pilot("C", 28), pilot("D", 14)))
    assert figures.median_pilot_weeks == pytest.approx(3.0)


def test_median_ignores_undated_pilots_and_other_stages() -> None:
    """Only dated pilots have an age: 14 days is the only one, so 2 weeks."""
    figures = diagnose(
        workshop(
            pilot("A", 14),
            pilot("B", None),
            Initiative(name="C", stage=Stage.PRODUCTION, started=days_before(700)),
        )
    )
    assert figures.median_pilot_weeks == pytest.approx(2.0)
    assert [a.name for a in figures.pilot_ages] == ["A"]


def test_no_median_without_dated_pilots() -> None:
    assert diagnose(workshop(pilot("A", None))).median_pilot_weeks is None


def test_stall_reasons_are_counted_and_a_missing_reason_apart_from_other() -> None:
    """Stalled with no reason given is counted on its own, never as "Other", which is a
    reason someone chose; a reason on a non-stalled initiative is ignored."""
    stalled = Stage.STALLED
    figures = diagnose(
        workshop(
            Initiative(name="A", stage=stalled, stall_reason=StallReason.NO_OWNER),
            Initiative(name="B", stage=stalled, stall_reason=StallReason.NO_OWNER),
            Initiative(name="C", stage=stalled, stall_reason=StallReason.GOVERNANCE_REVIEW),
            Initiative(name="D", stage=stalled),  # no reason given
            Initiative(name="E", stage=stalled, stall_reason=StallReason.OTHER),
            Initiative(name="F", stage=stalled),  # no reason given
            Initiative(name="G", stage=Stage.PILOT, stall_reason=StallReason.NO_CAPACITY),
        )
    )
    assert figures.stall_reasons == {
        NOT_GIVEN: 2,
        "no_owner": 2,
        "governance_review": 1,
        "other": 1,
    }
    assert [reason_label(key) for key in figures.stall_reasons] == [
        StallReason.NO_OWNER.label,
        "Reason not given",
        StallReason.GOVERNANCE_REVIEW.label,
        StallReason.OTHER.label,
    ]


def test_the_summary_sentence_counts_stuck_pilots() -> None:
    """11 pilots: 7 older than 12 weeks (85 to 300 days), 4 not (84 days or fewer)."""
    old = [pilot(f"Old {n}", days) for n, days in enumerate([85, 90, 100, 120, 150, 200, 300])]
    young = [pilot(f"Young {n}", days) for n, days in enumerate([84, 60, 30, 1])]
    others = [
        Initiative(name="Live", stage=Stage.PRODUCTION, started=days_before(500)),
        Initiative(name="Parked", stage=Stage.STALLED, started=days_before(500)),
    ]
    figures = diagnose(workshop(*old, *young, *others))
    assert figures.summary == "7 of 11 pilots have run longer than a quarter without a decision."
    assert sorted(figures.in_purgatory) == sorted(i.name for i in old)


def test_the_summary_names_another_threshold_in_weeks() -> None:
    """With 6 weeks (42 days), a 50-day pilot is stuck and a 40-day one is not."""
    figures = diagnose(workshop(pilot("A", 50), pilot("B", 40), weeks=6))
    assert figures.summary == "1 of 2 pilots have run longer than 6 weeks without a decision."


def test_the_summary_of_a_single_pilot_is_singular() -> None:
    figures = diagnose(workshop(pilot("A", 100)))
    assert figures.summary == "1 of 1 pilot has run longer than a quarter without a decision."


def test_the_summary_names_the_pilots_whose_age_is_unknown() -> None:
    """A pilot whose start date an import could not read dropped out of every count, so
    "1 of 2 pilots" left the third unsaid: how long it has run is exactly what step 1 asks."""
    figures = diagnose(workshop(pilot("A", 100), pilot("B", 10), pilot("Credit memo", None)))
    assert figures.summary == (
        "1 of 3 pilots have run longer than a quarter without a decision; "
        "1 has no start date, so how long it has run is unknown: Credit memo."
    )
    assert figures.without_start == ["Credit memo"]
    two = diagnose(workshop(pilot("A", None), pilot("B", None)))
    assert two.summary.endswith("2 have no start date, so how long they have run is unknown: A, B.")


def test_a_sheet_with_no_start_dates_keeps_the_sentence_a_line_long() -> None:
    """Imported without a start column, every pilot is undated: the sentence named all of
    them, in the large type step 1 reads out."""
    figures = diagnose(workshop(*(pilot(f"P{n}", None) for n in range(1, 41))))
    assert figures.summary.endswith(
        "40 have no start date, so how long they have run is unknown: "
        "P1, P2, P3, P4, P5 and 35 more."
    )
    assert len(figures.without_start) == 40


def test_the_summary_with_no_pilots() -> None:
    figures = diagnose(workshop(Initiative(name="A", stage=Stage.PRODUCTION)))
    assert figures.summary == "No pilots running at the moment."
    assert figures.in_purgatory == []


def test_an_empty_workshop() -> None:
    """A new workshop must diagnose cleanly: zeros, no ratio, no median, an invitation."""
    figures = diagnose(workshop())
    assert figures.total == 0
    assert figures.pilots == 0
    assert set(figures.by_stage.values()) == {0}
    assert set(figures.by_stage) == {"idea", "pilot", "production", "stalled", "killed"}
    assert set(figures.by_category.values()) == {0}
    assert figures.pilot_to_production is None
    assert figures.median_pilot_weeks is None
    assert figures.in_purgatory == []
    assert figures.stall_reasons == {}
    assert figures.summary == "No initiatives yet: list them or import a spreadsheet."


def test_stuck_pilots_are_flagged_in_the_ages() -> None:
    """The age chart colours stuck pilots: 100 days is stuck, 30 days is not."""
    figures = diagnose(workshop(pilot("Young", 30), pilot("Old", 100)))
    flags = {a.name: (a.weeks, a.stuck) for a in figures.pilot_ages}
    assert flags == {"Young": (pytest.approx(30 / 7), False), "Old": (pytest.approx(100 / 7), True)}


# -- duplicate names -------------------------------------------------------------------------


@pytest.mark.parametrize("second", ["Claims bot", "claims BOT", "  Claims bot  ", "CLAIMS BOT "])
def test_duplicate_initiative_names_are_refused(second: str) -> None:
    """Two rows for one initiative would split its votes and owners; the message names it."""
    with pytest.raises(ValidationError) as refused:
        workshop(Initiative(name="Claims bot"), Initiative(name=second))
    message = str(refused.value)
    assert "claims bot" in message.lower()
    assert "two initiatives" in message


def test_duplicates_are_refused_when_loading_a_file_too() -> None:
    data = {
        "meta": {"date": "2026-11-18"},
        "initiatives": [{"name": "Triage"}, {"name": " triage "}],
    }
    with pytest.raises(ValidationError, match="(?i)triage"):
        Workshop.model_validate(data)


def test_similar_but_different_names_are_accepted() -> None:
    """Only case and surrounding spaces are ignored; a real difference is a new initiative."""
    accepted = workshop(Initiative(name="Claims bot"), Initiative(name="Claims bot 2"))
    assert [i.name for i in accepted.initiatives] == ["Claims bot", "Claims bot 2"]


# -- stalled without a reason ----------------------------------------------------------------


def test_stalled_without_a_reason_is_named_once_for_every_view() -> None:
    """Two stalled with no reason, one with a reason, a pilot with a stray reason: the two."""
    w = workshop(
        Initiative(name="Quiet", stage=Stage.STALLED),
        Initiative(name="Known", stage=Stage.STALLED, stall_reason=StallReason.NO_OWNER),
        Initiative(name="Silent", stage=Stage.STALLED),
        pilot("Busy", 10, stall_reason=StallReason.NO_CAPACITY),
    )
    assert stalled_without_reason(w) == ["Quiet", "Silent"]
    assert diagnose(w).without_reason == ["Quiet", "Silent"]
    assert stall_gaps(["Quiet", "Silent"]) == [
        "2 stalled initiatives have no reason given (step 1)"
    ]
    assert stall_gaps(["Quiet"]) == ["1 stalled initiative has no reason given (step 1)"]
    assert stall_gaps([]) == []


def test_with_no_initiative_listed_step_1_asks_for_them() -> None:
    """The missing line belongs to step 1, where they are listed, not to the set-up."""
    assert listing_gaps(workshop()) == ["no initiatives yet: list them in step 1"]
    assert listing_gaps(workshop(Initiative(name="Quiet"))) == []


# -- a stage nobody has given yet --------------------------------------------------------------


def test_no_stage_is_counted_apart_so_the_counts_add_up() -> None:
    items = [
        pilot("A", 10),
        Initiative(name="B", stage=None),
        Initiative(name="C", stage=None),
        Initiative(name="D"),  # an idea by default
    ]
    figures = diagnose(workshop(*items))
    assert figures.by_stage == {
        "idea": 1,
        "pilot": 1,
        "production": 0,
        "stalled": 0,
        "killed": 0,
        NOT_GIVEN: 2,
    }
    assert sum(figures.by_stage.values()) == figures.total == len(items)
    assert figures.without_stage == ["B", "C"]


def test_no_not_given_key_when_every_stage_is_given() -> None:
    figures = diagnose(workshop(pilot("A", 10), Initiative(name="B", stage=Stage.KILLED)))
    assert NOT_GIVEN not in figures.by_stage
    assert figures.without_stage == []


def test_an_initiative_with_no_stage_is_no_pilot_and_never_in_purgatory() -> None:
    """Even with a start date long ago: nobody has said it is a pilot."""
    unstaged = Initiative(name="Old", stage=None, started=days_before(400))
    figures = diagnose(workshop(unstaged))
    assert figures.pilots == 0
    assert figures.pilot_ages == []
    assert not in_purgatory(unstaged, ON, 12)
    assert figures.in_purgatory == []


def test_an_initiative_with_no_stage_is_still_in_play() -> None:
    item = Initiative(name="B", stage=None)
    assert workshop(item).in_play() == [item]


def test_without_stage_names_them_in_portfolio_order() -> None:
    items = [
        Initiative(name="Z", stage=None),
        Initiative(name="Y"),
        Initiative(name="X", stage=None),
    ]
    assert without_stage(workshop(*items)) == ["Z", "X"]


@pytest.mark.parametrize(
    ("names", "gaps"),
    [
        ([], []),
        (["A"], ["1 initiative has no stage yet: choose one (step 1)"]),
        (["A", "B", "C"], ["3 initiatives have no stage yet: choose one (step 1)"]),
    ],
)
def test_stage_gaps_say_how_many_have_no_stage(names: list[str], gaps: list[str]) -> None:
    assert stage_gaps(names) == gaps


def test_stage_label_names_every_key_of_by_stage() -> None:
    assert stage_label(NOT_GIVEN) == "Stage not given"
    for stage in Stage:
        assert stage_label(stage.value) == stage.label


# -- a rename follows the initiative -----------------------------------------------------------


def _committed_with_votes() -> Workshop:
    """The example with a complete card for the claims intake copilot, chosen over the fraud
    analytics and stopping the workbench, two gut checks and a revealed named vote."""
    from gaptools.core.model import Ballot, GutCheck
    from tests.support import complete_bet

    workshop = complete_bet()
    workshop.gut_checks = [
        GutCheck(participant="Dana Whitfield", initiative="Claims intake copilot"),
        GutCheck(participant="Priya Raman", initiative="Fraud signal analytics"),
    ]
    workshop.voting.mode, workshop.voting.phase = "named", "revealed"
    workshop.voting.voted = ["Dana Whitfield", "Priya Raman"]
    workshop.voting.ballots = [
        Ballot(voter="Dana Whitfield", dots={"Claims intake copilot": 2, "GenAI workbench": 1}),
        Ballot(voter="Priya Raman", dots={"claims intake  COPILOT": 1}),
    ]
    return workshop


def test_a_renamed_initiative_keeps_its_bet_card_votes_and_gut_checks() -> None:
    """A name corrected in step 1 ("…copilot" to "…assistant") lost the finished card: the
    bet named an initiative no longer in the portfolio, and choosing it again started an
    empty card. Everything that names the initiative now follows it, as typed elsewhere."""
    from gaptools.files import store
    from gaptools.steps.bet import card_gaps
    from gaptools.steps.portfolio import rename_initiative
    from gaptools.steps.voting import gut_tally

    workshop = _committed_with_votes()
    before = card_gaps(workshop)
    rename_initiative(
        workshop, workshop.initiative("Claims intake copilot"), "Claims intake assistant"
    )
    workshop = store.revalidate(workshop)

    bet = workshop.bet
    assert bet.initiative == "Claims intake assistant"
    assert bet.options_considered == ["Claims intake assistant", "Fraud signal analytics"]
    assert bet.stopped == ["GenAI workbench"]
    assert card_gaps(workshop) == before == []
    assert [g.initiative for g in workshop.gut_checks] == [
        "Claims intake assistant",
        "Fraud signal analytics",
    ]
    assert gut_tally(workshop).picks[0][0] == "Claims intake assistant"
    assert [b.dots for b in workshop.voting.ballots] == [
        {"Claims intake assistant": 2, "GenAI workbench": 1},
        {"Claims intake assistant": 1},
    ]
    assert workshop.initiative("Claims intake copilot") is None


def test_a_rename_of_what_was_stopped_follows_it_and_the_record_keeps_its_old_name() -> None:
    """The card's list of what was stopped follows a rename; an earlier decision, replaced,
    is kept as it was made, under the names of the day."""
    from gaptools.core.model import EarlierDecision
    from gaptools.steps.portfolio import rename_initiative

    workshop = _committed_with_votes()
    workshop.bet.earlier = [
        EarlierDecision(initiative="GenAI workbench", stopped=["GenAI workbench"])
    ]
    rename_initiative(workshop, workshop.initiative("GenAI workbench"), "GenAI sandbox")
    assert workshop.bet.stopped == ["GenAI sandbox"]
    assert workshop.voting.ballots[0].dots == {"Claims intake copilot": 2, "GenAI sandbox": 1}
    assert workshop.bet.earlier[0].initiative == "GenAI workbench"
    assert workshop.bet.earlier[0].stopped == ["GenAI workbench"]


def test_an_initiative_is_not_renamed_while_an_anonymous_vote_holds_its_ballots() -> None:
    """Ballots of an anonymous vote wait, unseen, in the memory of the facilitator's screen,
    under the names they were cast for: a rename then would lose their dots at the reveal."""
    from gaptools.steps.portfolio import rename_initiative

    workshop = _committed_with_votes()
    workshop.voting.mode, workshop.voting.phase, workshop.voting.box = "anonymous", "open", "b0x"
    workshop.voting.ballots = []
    initiative = workshop.initiative("GenAI workbench")
    with pytest.raises(ValueError, match="anonymous vote is open"):
        rename_initiative(workshop, initiative, "GenAI sandbox")
    assert initiative.name == "GenAI workbench"


def test_removing_says_what_goes_with_the_initiative_and_where_the_card_names_it() -> None:
    workshop = example_workshop(after=True)
    bet = workshop.initiative(workshop.bet.initiative)
    said = what_removing_loses(workshop, bet)
    assert said.startswith(f"Remove {bet.name} and its value, its owners")
    assert "its learning log" in said  # the bet has cycles
    assert "The commitment card names it as the bet" in said
    assert said.endswith("Undo brings it back only from this notebook, while it stays open.")
    bare = Initiative(name="Bare idea")
    workshop.initiatives.append(bare)
    said = what_removing_loses(workshop, bare)
    assert said.startswith("Remove Bare idea? Undo")
    assert "commitment card" not in said


@pytest.mark.parametrize(
    ("decision", "stuck"),
    [
        (CycleDecision.SCALE, False),
        (CycleDecision.KILL, False),
        (CycleDecision.ITERATE, True),
        (CycleDecision.PIVOT, True),
    ],
)
def test_a_pilot_the_log_decided_to_scale_or_kill_is_not_stuck(
    decision: CycleDecision, stuck: bool
) -> None:
    """Step 9 logged "scale" for one pilot and "kill" for another; step 1 still said "5 of 5
    pilots have run longer than a quarter without a decision", naming both. To iterate or to
    pivot is no production decision: the pilot goes on, and stays counted."""
    decided_on = days_before(10)
    cycle = Cycle(start=days_before(60), end=days_before(12), decision=decision)
    cycle.decided_on = decided_on
    old = pilot("Claims intake copilot", 200, cycles=[cycle])
    other = pilot("Fraud triage", 200)
    figures = diagnose(workshop(old, other))
    assert in_purgatory(old, ON, 12) is stuck
    assert ("Claims intake copilot" in figures.in_purgatory) is stuck
    assert "Fraud triage" in figures.in_purgatory
    if stuck:
        assert figures.decided_sentence == ""
        return
    assert figures.summary.startswith("1 of 2 pilots have run longer than a quarter")
    assert figures.decided_sentence == (
        "Decided in the learning log (step 9), still pilots here: Claims intake copilot "
        f"({decision.value} on {day_text(decided_on)}). Set their stage in the table."
    )
