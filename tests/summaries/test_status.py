"""The status summary: its keys are an interface, and its counts must agree with step 3."""

from __future__ import annotations

import datetime as dt
import json

from gaptools.core.model import Initiative, Participant, Value, Workshop
from gaptools.steps.value import value_gaps
from gaptools.summaries.status import missing, render_text, summary

REQUIRED_KEYS = {
    "team",
    "quarter",
    "initiatives",
    "deploy_ready",
    "explore",
    "participants",
    "bet",
    "bet_complete",
    "missing",
}


def test_summary_has_the_promised_keys(example: Workshop) -> None:
    facts = summary(example)
    assert set(facts) >= REQUIRED_KEYS


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
    """Counted one initiative at a time with step 3's own rule, and by hand: 9 ready, 7 not."""
    ready = [i.name for i in example.initiatives if not value_gaps(i.value, example.meta.date)]
    facts = summary(example)
    assert facts["deploy_ready"] == len(ready) == 9
    assert facts["explore"] == len(example.initiatives) - len(ready) == 7
    assert facts["deploy_ready"] + facts["explore"] == facts["initiatives"]


def test_example_missing(example: Workshop) -> None:
    # Of the 15 initiatives not killed, 8 lack exactly one A with a named person: customer
    # support, fraud signals and small claims have two A; renewal pricing, subrogation,
    # complaints, meeting notes and sustainability have no letters at all.
    assert missing(example) == [
        "7 initiatives have no deploy-ready value yet (step 3)",
        "8 initiatives have no single named accountable owner (step 4)",
        # Customer support (hallucination 4 × 4) and small claims (security 3 × 5).
        "2 high risks have no mitigation (step 5)",
        "no bet chosen yet (step 7)",
    ]
    assert summary(example)["missing"] == missing(example)


def test_a_finished_workshop_misses_nothing() -> None:
    day = dt.date(2026, 11, 18)
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
        }
    )
    # The unvalued "Workbench" is the only thing left.
    assert missing(workshop) == ["1 initiative has no deploy-ready value yet (step 3)"]
    workshop.initiatives[1].value = Value(
        metric="Hours saved", baseline=0, target=100, due=dt.date(2027, 2, 1)
    )
    facts = summary(workshop)
    assert facts["missing"] == []
    assert facts["bet"] == "Agent assist"
    assert facts["bet_complete"] is True
    assert (facts["deploy_ready"], facts["explore"]) == (2, 0)
    text = render_text(workshop, facts)
    assert "Nothing missing." in text
    assert "Agent assist (card complete)" in text


def test_render_text_of_the_example(example: Workshop) -> None:
    text = render_text(example, summary(example))
    assert "Claims and Customer Operations leadership — Harbourline Mutual" in text
    assert "Workshop date: 2026-11-18" in text
    assert "Q1 2027 (1 Jan 2027 – 31 Mar 2027)" in text
    assert "16 (9 deploy-ready, 7 to explore)" in text
    assert "none yet" in text
    assert "Still missing:\n  - 7 initiatives have no deploy-ready value yet (step 3)" in text


def test_empty_workshop_text_names_the_missing_team() -> None:
    workshop = Workshop.model_validate({"meta": {"date": "2026-11-18"}})
    text = render_text(workshop, summary(workshop))
    assert "(not named)" in text
    assert "no team name: say whose workshop this is" in text


def test_participants_count(example: Workshop) -> None:
    example.meta.participants.append(Participant(name="New Leader"))
    example.initiatives.append(Initiative(name="Brand new idea"))
    facts = summary(example)
    assert (facts["participants"], facts["initiatives"], facts["explore"]) == (9, 17, 8)
