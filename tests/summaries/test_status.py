"""The status summary: its keys are an interface, and its counts must agree with the rules."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gaptools.core.model import CycleDecision, Initiative, Participant, Stage, Workshop
from gaptools.core.quarter import planned_quarter, quarter_of
from gaptools.steps import commitments, prioritise, registry
from gaptools.steps.bet import bet_complete, bet_name
from gaptools.steps.commitments import gaps
from gaptools.steps.contested import lens_spread
from gaptools.steps.maturity import dimensions
from gaptools.steps.ownership import findings, unowned
from gaptools.steps.portfolio import diagnose
from gaptools.steps.prioritise import rank
from gaptools.steps.readiness import high_risks_unmitigated, not_ready
from gaptools.steps.value import value_gaps
from gaptools.summaries.status import HEAD, missing, render_text, summary
from tests.support import example_workshop

# The keys promised from the start, in the order status prints them first.
PROMISED = [
    "team",
    "quarter",
    "initiatives",
    "deploy_ready",
    "explore",
    "participants",
    "bet",
    "bet_complete",
    "missing",
]
REQUIRED_KEYS = set(PROMISED)

# Every key status has ever printed, in the order it prints them; keys are only ever added.
CODES = [d.code for d in dimensions()]

KEYS_IN_ORDER = [
    *PROMISED,
    "organisation",  # added after the promised keys: the text output named it, the JSON not
    "survey_responses",
    "in_purgatory",
    "by_stage",
    "contested",
    "definitions",
    "in_play",
    "unowned",
    "ownership_findings",
    "not_ready",
    "high_risks_unmitigated",
    "above_line",
    "votes",
    "gut_checks",
    "no_bet_yet",  # added after the step's first keys
    "bet_ended",
    "pulse_responses",
    "commitments_complete",
    "cycles",
    "median_cycle_days",
    "kills_this_quarter",
    "maturity_raters",
    "debriefed_share",
    "as_of",
]


def test_summary_has_the_promised_keys(example: Workshop) -> None:
    facts = summary(example)
    assert set(facts) >= REQUIRED_KEYS
    assert list(HEAD) == [key for key in KEYS_IN_ORDER if key in REQUIRED_KEYS]


def test_the_day_read_on_and_the_share_debriefed_are_in_the_json(example: Workshop) -> None:
    """The figures move with the day they are read on; a script comparing two runs had
    neither that day nor the share of ended cycles debriefed (3 of the example's 4 on the
    workshop's day: the reserve forecast had none)."""
    facts = summary(example, as_of=example.meta.date)
    assert facts["as_of"] == "2026-11-18"
    assert facts["debriefed_share"] == 3 / 4


def test_summary_keys_keep_their_order(example: Workshop) -> None:
    """The promised keys first, then each step's own in workshop order."""
    assert list(summary(example)) == KEYS_IN_ORDER


def test_every_key_is_its_step_rule(example: Workshop) -> None:
    """Each figure is the step's own rule, worked out by that rule alone."""
    facts = summary(example)
    portfolio = diagnose(example)
    playing = example.in_play()
    ready = [i for i in playing if not value_gaps(i.value, example.meta.date)]
    assert facts["team"] == example.meta.team
    assert facts["organisation"] == example.meta.organisation
    assert facts["quarter"] == planned_quarter(example.meta).label
    assert facts["participants"] == len(example.meta.participants)
    assert facts["initiatives"] == len(example.initiatives)
    assert facts["in_purgatory"] == len(portfolio.in_purgatory)
    assert facts["by_stage"] == portfolio.by_stage
    assert facts["contested"] is lens_spread(example).contested
    assert facts["deploy_ready"] == len(ready)
    assert facts["explore"] == len(playing) - len(ready)
    assert facts["in_play"] == len(playing)
    assert facts["unowned"] == len(unowned(example))
    assert facts["ownership_findings"] == len(findings(example))
    assert facts["not_ready"] == len(not_ready(example))
    assert facts["high_risks_unmitigated"] == high_risks_unmitigated(example)
    assert facts["above_line"] == rank(example).above
    assert facts["bet"] == bet_name(example)
    assert facts["bet_complete"] is bet_complete(example)
    assert facts["votes"] == len(example.voting.voted)
    assert facts["survey_responses"] == len(example.survey.imported)
    assert facts["definitions"] == len(example.success_definitions)
    assert facts["gut_checks"] == len(example.gut_checks)
    assert facts["pulse_responses"] == len(example.pulse.answers) + len(example.pulse.sealed)
    assert facts["commitments_complete"] == sum(not gaps(c) for c in example.commitments)
    cycles = [c for i in example.initiatives for c in i.cycles]
    assert facts["cycles"] == len(cycles)
    decided = sorted((c.decided_on - c.start).days for c in cycles if c.decision and c.decided_on)
    middle = len(decided) // 2
    median = (
        (decided[middle] if len(decided) % 2 else (decided[middle - 1] + decided[middle]) / 2)
        if decided
        else None
    )
    assert facts["median_cycle_days"] == median
    assert facts["maturity_raters"] == len(example.maturity.ratings) + len(example.maturity.sealed)
    quarter = quarter_of(dt.date.today(), example.meta.fiscal_year_start_month)
    kills = [c for c in cycles if c.decision is CycleDecision.KILL and c.decided_on]
    in_quarter = [c for c in kills if quarter.start <= c.decided_on <= quarter.end]
    assert facts["kills_this_quarter"] == len(in_quarter)


def test_summary_is_plain_json(example: Workshop) -> None:
    """Scripts read it as JSON, so every value must survive a round trip."""
    facts = summary(example)
    assert json.loads(json.dumps(facts)) == facts


def test_example_counts(example: Workshop) -> None:
    """18 Nov 2026 plans Q1 2027; 16 initiatives, 8 leaders, no bet yet."""
    facts = summary(example)
    assert facts["team"] == "Claims and Customer Operations leadership"
    assert facts["quarter"] == "Q1 2027"
    assert facts["initiatives"] == 16
    assert facts["participants"] == 8
    assert facts["bet"] is None
    assert facts["bet_complete"] is False


def test_ready_counts_agree_with_value_gaps(example: Workshop) -> None:
    """Counted over the initiatives in play with step 3's own rule, and by hand: of the 12
    ideas, pilots and stalled ones, 6 are deploy-ready (claims intake, fraud signals,
    subrogation, complaints, small claims, reserve forecast) and 6 are not. The three in
    production and the killed summariser are neither."""
    in_play = {Stage.IDEA, Stage.PILOT, Stage.STALLED}
    playing = [i for i in example.initiatives if i.stage in in_play]
    ready = [i.name for i in playing if not value_gaps(i.value, example.meta.date)]
    facts = summary(example)
    assert facts["deploy_ready"] == len(ready) == 6
    assert facts["explore"] == len(playing) - len(ready) == 6
    assert facts["deploy_ready"] + facts["explore"] == facts["in_play"] == len(playing) == 12


def test_example_missing(example: Workshop) -> None:
    # Of the 12 initiatives in play, 6 name no accountable person: customer support (two A and
    # nobody named), renewal pricing, subrogation, complaints, meeting notes and sustainability
    # (no letters at all). Fraud signals and small claims have two A, but each names a person:
    # owned, with a finding about the letters. The three in production each name a person.
    # "Now" for the learning log is a fixed day, two weeks after the workshop.
    assert registry.missing(registry.Figures(example, as_of=dt.date(2026, 11, 30))) == [
        "6 initiatives have no deploy-ready value yet (step 3)",
        "6 initiatives have no named accountable person (step 4)",
        # Customer support (hallucination 4 × 4) and small claims (security 3 × 5).
        "2 high risks have no mitigation (step 5)",
        "no bet chosen yet (step 7)",
        # Tom promises that no job will change, has one example without a role, and says
        # what he tried but not what was hard; Aisha gives a training budget, not hours.
        "Tom Okafor's commitment lacks a statement that says what is uncertain, "
        "2 complete augmentation examples (1 so far) and what was hard (step 8)",
        "Aisha Karimi's commitment lacks learning hours (step 8)",
        # and three of the eight have written none: step 0 called step 8 done regardless
        "3 of the 8 leaders have written no commitment yet: Marcus Lee, Ben Adeyemi and "
        "Lena Fischer (step 8)",
    ]
    assert summary(example)["missing"] == missing(example)


def test_a_finished_workshop_misses_nothing() -> None:
    day = dt.date(2026, 11, 18)
    dana = {
        "leader": "Dana",
        "statement": "I don't know what changes for you; I commit to say it monthly.",
        "examples": [
            {"task": "Claim summaries", "role": "Handlers", "instead": "Call back"},
            {"task": "Triage", "role": "Intake team", "instead": "Hard cases"},
        ],
        "hours_per_month": 4,
        "hours_from": "2027-01-04",
        "tried": "Drafted my notes with an assistant.",
        "hard": "Checking its numbers.",
    }
    workshop = Workshop.model_validate(
        {
            "meta": {
                "team": "Claims",
                "date": day,
                "facilitator": "Jordan",
                "participants": [{"name": "Dana"}, {"name": "Priya"}],
            },
            "initiatives": [
                {
                    "name": "Agent assist",
                    "value": {
                        "metric": "Handle time",
                        "baseline": 420,
                        "target": 360,
                        "due": "2027-03-31",
                    },
                    "ownership": {
                        "accountable": "Sofia",
                        "raci": {"Product": "A", "Engineering": "R"},
                    },
                    "priority": {"value": 4, "confidence": 70},
                    "effort_weeks": 6,
                    "cycles": [
                        {
                            "start": "2026-11-18",
                            "end": "2026-12-30",
                            "debriefs": ["2026-12-09", "2026-12-30"],
                            "success": "Handle time under 380 s in the pilot team",
                            "kill_if": "handle time is not under 400 s",
                            "kill_by": "2026-12-30",
                            "decision": "iterate",
                            "decided_on": "2026-12-30",
                        }
                    ],
                },
                {"name": "Workbench", "stage": "killed"},
            ],
            "settings": {"capacity_weeks": 20},
            "success_definitions": [
                {"participant": "Dana", "sentence": "Claims settled in days.", "lens": "cost"},
                {
                    "participant": "Priya",
                    "sentence": "Handlers judge, not type.",
                    "lens": "employee",
                },
            ],
            "bet": {
                "initiative": "Agent assist",
                "decided_by": "Dana",
                "decided_on": "2026-11-18",
                "first_cycle_end": "2026-12-30",
                "debrief_dates": ["2026-12-09", "2026-12-30"],
                "kill_criteria": "No 20 s drop by 30 Dec",
                "stopped": ["Workbench"],
                "readiness_gaps": ["Monitoring"],
            },
            "pulse": {
                "answers": [
                    {"feeling": n, "clarity": n, "time_to_learn": n, "day": "2026-11-18"}
                    for n in (2, 4, 5)
                ]
            },
            "commitments": [dana, {**dana, "leader": "Priya"}],  # every leader's
            "maturity": {
                "ratings": [
                    {"rater": "Dana", "scores": dict.fromkeys(CODES, 3)},
                ]
            },
        }
    )
    # "Workbench" was killed: its missing value is nobody's gap. Read on the workshop's day:
    # a later day finds the quarter over, or a debrief passed with nothing written.
    figures = registry.Figures(workshop, as_of=day)
    facts = summary(workshop, figures=figures)
    assert facts["missing"] == []
    assert facts["bet"] == "Agent assist"
    assert facts["bet_complete"] is True
    assert (facts["deploy_ready"], facts["explore"], facts["in_play"]) == (1, 0, 1)
    text = render_text(workshop, facts, figures)
    assert "Nothing missing." in text
    assert "Agent assist (card complete)" in text
    assert "Pulse:         3 answers: 67% feel hopeful or excited" in text
    assert "Commitments:   2 of 2 complete" in text


def test_the_text_says_how_many_pilots_have_no_start_date(example: Workshop) -> None:
    """Right after a PMO's import, status said "Pilots stuck: 0" of twelve pilots with no
    start date, whose age no count can include; step 1 says so."""
    pilots = [i for i in example.initiatives if i.stage is Stage.PILOT]
    for pilot in pilots:
        pilot.started = None
    figures = registry.Figures(example, as_of=example.meta.date)
    text = render_text(example, summary(example, figures=figures), figures)
    line = next(line for line in text.splitlines() if line.startswith("Pilots stuck:"))
    assert line.endswith(f"; {len(pilots)} pilots have no start date, so no age (step 1)")
    dated = registry.Figures(example_workshop(), as_of=example.meta.date)
    assert "no start date" not in render_text(
        dated.workshop, summary(dated.workshop, figures=dated), dated
    )


def test_the_text_says_a_survey_was_imported(example: Workshop) -> None:
    """Only ``--json`` said how many survey responses came in."""
    figures = registry.Figures(example, as_of=example.meta.date)
    assert "Survey:" not in render_text(example, summary(example, figures=figures), figures)
    example.survey.imported = ["a" * 16, "b" * 16]
    text = render_text(example, summary(example, figures=figures), figures)
    assert "\nSurvey:        2 responses imported\n" in text


def test_render_text_of_the_example(example: Workshop) -> None:
    figures = registry.Figures(example, as_of=example.meta.date)
    text = render_text(example, summary(example, figures=figures), figures)
    assert "Claims and Customer Operations leadership — Harbourline Mutual" in text
    assert "Workshop date: 2026-11-18" in text
    assert "Q1 2027 (1 Jan 2027 – 31 Mar 2027)" in text
    assert "16 (12 in play: 6 deploy-ready, 6 to explore)" in text
    assert "none yet" in text
    assert "Still missing:\n  - 6 initiatives have no deploy-ready value yet (step 3)" in text


def test_the_text_says_the_day_it_is_read_on_and_a_quarter_that_is_over(
    example: Workshop,
) -> None:
    """The learning figures move with the day they are read on, so the text names it; read
    after the quarter it plans (Q1 2027), the workshop is said to plan a quarter that is
    over, as the first thing missing."""
    on_the_day = registry.Figures(example, as_of=example.meta.date)
    text = render_text(example, summary(example, figures=on_the_day), on_the_day)
    assert "As of:         2026-11-18" in text
    assert "ended on" not in text
    later = registry.Figures(example, as_of=dt.date(2027, 4, 1))
    facts = summary(example, figures=later)
    assert facts["missing"][0].startswith(
        "the quarter this workshop plans, Q1 2027 (1 Jan 2027 – 31 Mar 2027), ended on 31 Mar"
    )
    text = render_text(example, facts, later)
    assert "As of:         2027-04-01" in text
    assert "Still missing:\n  - the quarter this workshop plans, Q1 2027" in text


def test_empty_workshop_text_names_the_missing_team() -> None:
    workshop = Workshop.model_validate({"meta": {"date": "2026-11-18"}})
    text = render_text(workshop, summary(workshop))
    assert "(not named)" in text
    assert "no team name: say whose workshop this is" in text


def test_participants_count(example: Workshop) -> None:
    example.meta.participants.append(Participant(name="New Leader"))
    example.initiatives.append(Initiative(name="Brand new idea"))
    facts = summary(example)
    assert (facts["participants"], facts["initiatives"], facts["explore"]) == (9, 17, 7)


@pytest.mark.parametrize("stage", [Stage.PRODUCTION, Stage.KILLED])
def test_production_and_killed_initiatives_are_never_to_explore(
    example: Workshop, stage: Stage
) -> None:
    """Moving every unready initiative out of play clears step 3 from the missing list."""
    before = summary(example)
    for initiative in example.initiatives:
        if value_gaps(initiative.value, example.meta.date):
            initiative.stage = stage
    facts = summary(example)
    assert facts["explore"] == 0
    assert facts["deploy_ready"] == before["deploy_ready"]
    assert not [gap for gap in facts["missing"] if "(step 3)" in gap]


def test_status_never_runs_the_stability_simulation(
    example: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Status shows only the line, so the 2,000 draws are never made."""

    def refuse(*_: object) -> None:
        raise AssertionError("status ran the stability simulation")

    monkeypatch.setattr(prioritise, "_stability", refuse)
    assert summary(example)["above_line"]


def test_a_team_that_chose_no_bet_is_not_said_to_have_none_yet(example: Workshop) -> None:
    """ "Bet: none yet" stood for a team that chose "no bet yet" on purpose as for one that had
    not reached step 7; the canvas tells them apart, and so does the terminal."""
    assert "Bet:           none yet" in render_text(example, summary(example))
    example.bet.no_bet_yet = True
    said = render_text(example, summary(example))
    assert "Bet:           no bet this quarter, by the team's choice" in said


def test_the_median_cycle_is_a_number_of_one_kind() -> None:
    """status --json wrote 32 for one workshop and 35.0 for the next (an odd count of cycles
    gives statistics.median's int): it is always a float, as a reader of the JSON expects."""
    from gaptools.files.home import example_workshop as shipped_example

    workshop = shipped_example(after=True)
    median = summary(workshop)["median_cycle_days"]
    assert isinstance(median, float)
    decided = [c for i in workshop.initiatives for c in i.cycles if c.decision is not None]
    assert decided, "the finished example has decided cycles"
    for cycle in decided[1:]:
        cycle.decision = None  # one decided cycle: an odd count
    assert isinstance(summary(workshop)["median_cycle_days"], float)


def test_no_bet_yet_chosen_is_told_from_no_decision(example: Workshop) -> None:
    """Both read "bet": null, "bet_complete": false: a dashboard counted a team that chose to
    explore first with the teams that had not decided."""
    from gaptools.steps.bet import decide

    assert summary(example)["no_bet_yet"] is False
    decide(example, None, "Dana Whitfield", example.meta.date, [])
    facts = summary(example)
    assert facts["no_bet_yet"] is True
    assert facts["bet"] is None


def test_the_bet_line_says_a_bet_was_killed_since(example: Workshop) -> None:
    """Killed in the learning log, the bet's line read its name alone, as if it stood."""
    from gaptools.core.model import Cycle, CycleDecision
    from gaptools.summaries.status import render_text

    bet = example.in_play()[0]
    example.bet.initiative = bet.name
    example.bet.decided_on = example.meta.date
    bet.cycles = [
        Cycle(
            start=example.meta.date,
            decision=CycleDecision.KILL,
            decided_on=example.meta.date + dt.timedelta(days=30),
        )
    ]
    facts = summary(example)
    text = render_text(example, facts)
    [line] = [x for x in text.splitlines() if x.startswith("Bet:")]
    assert line.endswith(f"{bet.name} (killed since it was chosen: decide again in step 7)")
    # A script reading the JSON counted it as the team's live bet.
    assert (facts["bet"], facts["bet_ended"]) == (bet.name, True)
    bet.cycles = []
    assert summary(example)["bet_ended"] is False


def test_the_commitments_line_counts_the_leaders_who_have_written_none() -> None:
    workshop = example_workshop()
    left = commitments.not_written(workshop)
    assert 0 < len(left) < len(workshop.meta.participants)
    facts = summary(workshop)
    text = render_text(workshop, facts, registry.Figures(workshop))
    written = len(workshop.commitments)
    assert (
        f"Commitments:   {facts['commitments_complete']} of {written} complete; "
        f"{len(left)} of the {len(workshop.meta.participants)} leaders have written none yet"
    ) in text


def test_the_text_says_a_bets_card_is_incomplete_and_no_commitment_yet() -> None:
    """A complete card was marked "(card complete)" and an incomplete one not at all, which
    read as done; a new quarter's file said "Commitments: 0 of 0 complete"."""
    from gaptools.files.home import example_workshop as shipped_example

    workshop = shipped_example(after=True)
    workshop.bet.kill_criteria = ""
    workshop.commitments = []
    figures = registry.Figures(workshop, as_of=workshop.meta.date)
    facts = summary(workshop, figures=figures)
    text = render_text(workshop, facts, figures)
    count = len(figures.card.gaps)
    assert count >= 1
    items = "1 item" if count == 1 else f"{count} items"
    assert f"Bet:           {facts['bet']} (card incomplete: {items} missing, step 7)" in text
    assert "Commitments:   none written yet (step 8)" in text


def test_the_text_lists_what_step_0_asks_to_look_at(example: Workshop) -> None:
    """Step 0's list marked "5 initiatives with a readiness group not even started", and
    status said nothing of it: the terminal and the notebook disagreed on what was left."""
    flagged = [(flag, p.step.number) for p in registry.progress(example) for flag in p.flags]
    assert any("readiness group not even started" in flag for flag, _ in flagged)
    lines = render_text(example, summary(example)).splitlines()
    start = lines.index("To look at, though not missing:")
    listed = lines[start + 1 :]
    assert len(listed) == len(flagged)
    for line, (flag, number) in zip(listed, flagged, strict=True):
        assert line.startswith(f"  - {flag}")
        assert line.count("(step ") == 1  # its own step, or the one it names
        assert f"(step {number})" in line or "(step " in flag


def test_a_flag_that_names_its_step_is_not_given_a_second(example: Workshop) -> None:
    """Step 10's flag names step 7, where the card is made: status printed "the canvas
    waits for a complete commitment card (step 7) (step 10)"."""
    from gaptools.steps.bet import CANVAS_WAITS

    text = render_text(example, summary(example))
    assert f"{CANVAS_WAITS}\n" in text + "\n"
    assert ") (step" not in text
