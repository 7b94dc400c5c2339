"""Step 2: how spread the room's definitions of success are, and when to call it contested.

Counts, shares and entropies below are worked out by hand from the lenses each test lists.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from pydantic import ValidationError

from gaptools.core.model import Lens, Meta, Participant, SuccessDefinition, Workshop
from gaptools.steps.contested import (
    definition_gaps,
    lens_spread,
    normalised_entropy,
    record_definition,
)
from gaptools.summaries.status import missing, summary

ALL_LENSES = ["revenue", "cost", "risk_compliance", "customer", "employee", "strategic"]
NONE_YET = "no definitions of success from the leaders yet (step 2)"


def room(*lenses: str, participants: list[str] | None = None) -> Workshop:
    """A workshop whose leaders L1, L2 … chose these lenses, in order."""
    names = participants if participants is not None else [f"L{n}" for n in range(len(lenses))]
    return Workshop(
        meta=Meta(date=dt.date(2026, 11, 18), participants=[Participant(name=n) for n in names]),
        success_definitions=[
            SuccessDefinition(participant=f"L{n}", sentence=f"Success {n}.", lens=Lens(lens))
            for n, lens in enumerate(lenses)
        ],
    )


# -- counts, majority, leaders --------------------------------------------------------------


def test_every_lens_is_counted_including_zeros() -> None:
    spread = lens_spread(room("cost", "cost", "revenue"))
    assert spread.counts == {
        "revenue": 1,
        "cost": 2,
        "risk_compliance": 0,
        "customer": 0,
        "employee": 0,
        "strategic": 0,
    }
    assert list(spread.counts) == ALL_LENSES
    assert spread.definitions == 3


def test_no_definitions_counts_zero_everywhere() -> None:
    spread = lens_spread(room())
    assert spread.counts == dict.fromkeys(ALL_LENSES, 0)
    assert spread.definitions == 0
    assert spread.leading == []


@pytest.mark.parametrize(
    ("lenses", "contested"),
    [
        # 4 of 8 is half, not a majority
        (["cost"] * 4 + ["revenue"] * 4, True),
        (["cost"] * 4 + ["revenue", "customer", "employee", "strategic"], True),
        # 5 of 8 is a majority
        (["cost"] * 5 + ["revenue"] * 3, False),
        # one voice is neither contested nor aligned: see the summary tests
        (["strategic"], False),
        # 1 of 2 is half
        (["cost", "revenue"], True),
        # 2 of 3 is a majority
        (["employee", "employee", "customer"], False),
        # all different
        (ALL_LENSES, True),
        # everyone on one lens
        (["risk_compliance"] * 6, False),
    ],
)
def test_contested_when_no_lens_has_a_strict_majority(lenses: list[str], contested: bool) -> None:
    assert lens_spread(room(*lenses)).contested is contested


def test_an_empty_room_is_not_contested() -> None:
    """With nothing said there is no disagreement yet; the summary asks for sentences."""
    assert lens_spread(room()).contested is False


def test_the_leading_lens() -> None:
    assert lens_spread(room("cost", "revenue", "cost")).leading == ["cost"]


def test_ties_lead_together_in_lens_order() -> None:
    """Customer and revenue both have 2: both lead, listed as the lenses are listed."""
    spread = lens_spread(room("customer", "revenue", "customer", "revenue", "employee"))
    assert spread.leading == ["revenue", "customer"]


def test_example_room(example: Workshop) -> None:
    """The example's eight leaders: cost 2, risk 2, the other four 1 each."""
    spread = lens_spread(example)
    assert spread.definitions == 8
    assert spread.leading == ["cost", "risk_compliance"]
    assert spread.contested is True
    assert spread.missing == []


# -- entropy --------------------------------------------------------------------------------


def test_entropy_is_zero_when_everyone_agrees() -> None:
    assert normalised_entropy([5, 0, 0, 0, 0, 0], 6) == 0
    # -0.0 == 0, yet it printed as "Spread: -0.00" under one definition
    assert f"{normalised_entropy([1, 0, 0, 0, 0, 0], 6):.2f}" == "0.00"
    assert lens_spread(room("cost", "cost", "cost")).entropy == 0


def test_entropy_is_one_for_an_even_split_over_all_lenses() -> None:
    assert normalised_entropy([2, 2, 2, 2, 2, 2], 6) == pytest.approx(1.0)
    assert lens_spread(room(*ALL_LENSES)).entropy == pytest.approx(1.0)


def test_entropy_in_the_middle() -> None:
    """Shares 3/4 and 1/4 of six lenses:
    H = -(3/4 ln 3/4 + 1/4 ln 1/4) = 3/4 ln 4 - 3/4 ln 3 + 1/4 ln 4 = ln 4 - 3/4 ln 3
      = 1.386294 - 0.823959 = 0.562335;  divided by ln 6 = 1.791759 gives 0.313845."""
    expected = (math.log(4) - 0.75 * math.log(3)) / math.log(6)
    assert expected == pytest.approx(0.313845, abs=1e-6)
    assert normalised_entropy([3, 1, 0, 0, 0, 0], 6) == pytest.approx(expected)
    assert lens_spread(room("cost", "cost", "cost", "revenue")).entropy == pytest.approx(expected)


def test_entropy_of_the_example_room() -> None:
    """Shares 2/8, 2/8 and four of 1/8: H = 2·(1/4)·ln 4 + 4·(1/8)·ln 8 = ln 2 + 1.5 ln 2
    = 2.5 ln 2 = 1.732868; divided by ln 6 gives 0.967132."""
    assert normalised_entropy([1, 2, 2, 1, 1, 1], 6) == pytest.approx(0.967132, abs=1e-6)


def test_entropy_with_no_data_is_zero() -> None:
    assert normalised_entropy([], 6) == 0
    assert normalised_entropy([0, 0, 0, 0, 0, 0], 6) == 0
    assert lens_spread(room()).entropy == 0


def test_entropy_does_not_depend_on_order_or_scale() -> None:
    assert normalised_entropy([3, 1], 6) == pytest.approx(normalised_entropy([0, 1, 0, 3], 6))
    assert normalised_entropy([3, 1], 6) == pytest.approx(normalised_entropy([30, 10], 6))


# -- who has not answered -------------------------------------------------------------------


def test_missing_participants_in_meeting_order() -> None:
    workshop = room("cost", participants=["Ana", "L0", "Bo"])
    assert lens_spread(workshop).missing == ["Ana", "Bo"]


def test_missing_participants_ignore_case_and_spaces() -> None:
    """'  dana   WHITFIELD ' answered for Dana Whitfield."""
    workshop = Workshop(
        meta=Meta(
            date=dt.date(2026, 11, 18),
            participants=[Participant(name="Dana Whitfield"), Participant(name="Tom Okafor")],
        ),
        success_definitions=[
            SuccessDefinition(participant="  dana   WHITFIELD ", sentence="Faster.", lens="cost")
        ],
    )
    assert lens_spread(workshop).missing == ["Tom Okafor"]


# -- summary --------------------------------------------------------------------------------


def test_summary_with_nothing_yet() -> None:
    assert lens_spread(room()).summary == (
        "No definitions of success yet: ask each leader for one sentence."
    )


def test_summary_of_a_contested_room() -> None:
    """Cost 3 of 8 = 37.5 %, shown as a whole percent (38 %)."""
    spread = lens_spread(room("cost", "cost", "cost", "revenue", "revenue", *ALL_LENSES[2:5]))
    assert spread.summary == (
        "Contested: no lens has a majority. The largest, ‘cost’, holds 38% of 8 definitions."
    )


def test_summary_of_a_contested_room_names_every_leader_of_a_tie() -> None:
    spread = lens_spread(room("cost", "risk_compliance", "cost", "risk_compliance"))
    assert spread.summary == (
        "Contested: no lens has a majority. The largest, ‘cost’ and ‘risk and compliance’, "
        "hold 50% of 4 definitions each."
    )


def test_summary_of_an_aligned_room() -> None:
    """Customer 3 of 4 = 75 %."""
    spread = lens_spread(room("customer", "customer", "strategic", "customer"))
    assert spread.summary == "Aligned: 75% of 4 definitions see success as ‘customer’."


ASK_ANOTHER = (
    "Ask at least one other leader (or your team) to write theirs: alignment needs two views."
)


def test_one_definition_is_not_yet_comparable() -> None:
    """A leader working alone wrote one: "Aligned: 100% of 1 definition" passed one voice off
    as a room that agrees."""
    spread = lens_spread(room("cost", participants=["L0"]))
    assert spread.summary == f"1 definition so far: success as ‘cost’. {ASK_ANOTHER}"
    assert "Aligned" not in spread.summary
    assert not spread.comparable
    assert not spread.contested
    assert spread.verdict == "not yet comparable"


def test_definitions_all_from_one_leader_are_not_yet_comparable() -> None:
    """A merged copy can hold two of one leader's: still one view, however many lenses."""
    workshop = room("cost", "revenue")
    for definition in workshop.success_definitions:
        definition.participant = "Ana Ruiz"
    spread = lens_spread(workshop)
    assert spread.voices == 1
    assert not spread.contested
    assert spread.summary == (
        f"2 definitions so far, all from one leader: success as ‘revenue’ and ‘cost’. {ASK_ANOTHER}"
    )


def test_two_leaders_are_comparable() -> None:
    """Two views can agree: revenue 2 of 2 is a majority."""
    spread = lens_spread(room("revenue", "revenue"))
    assert spread.comparable
    assert spread.verdict == "aligned"
    assert spread.summary == "Aligned: 100% of 2 definitions see success as ‘revenue’."


def test_anonymous_survey_answers_are_a_voice_each() -> None:
    """Survey answers carry no name; each came from someone of their own."""
    workshop = room("cost", "cost")
    for definition in workshop.success_definitions:
        definition.participant = ""
    assert lens_spread(workshop).voices == 2
    assert lens_spread(workshop).verdict == "aligned"


def test_one_voice_is_flagged_in_the_start_checklist_not_missing() -> None:
    """Working alone lacks nothing, yet the checklist asks for a second view."""
    from gaptools.steps.registry import progress

    workshop = room("cost", participants=["L0"])
    [step2] = [p for p in progress(workshop) if p.step.number == 2]
    assert step2.missing == []
    assert step2.flags == ["1 definition of success so far: alignment needs two views"]
    assert [p for p in progress(room("cost", "revenue")) if p.step.number == 2][0].flags == []


def test_status_and_report_say_one_voice_in_the_same_words() -> None:
    from gaptools.export.report import report_sections
    from gaptools.summaries.status import render_text

    workshop = room("cost", participants=["L0"])
    said = f"1 definition so far: success as ‘cost’. {ASK_ANOTHER}"
    assert f"Success:       {said}" in render_text(workshop, summary(workshop)).splitlines()
    assert summary(workshop)["contested"] is None  # one view: "false" read as agreed
    assert [said] in [s.paragraphs for s in report_sections(workshop)]


# -- recording ------------------------------------------------------------------------------


def test_record_appends_a_new_leader() -> None:
    workshop = room("cost")
    replaced = record_definition(workshop, "Priya Raman", "Handlers judge.", Lens.EMPLOYEE)
    assert replaced is False
    assert [(d.participant, d.sentence, d.lens) for d in workshop.success_definitions] == [
        ("L0", "Success 0.", Lens.COST),
        ("Priya Raman", "Handlers judge.", Lens.EMPLOYEE),
    ]


def test_record_again_replaces_ignoring_case_and_spaces() -> None:
    workshop = room("cost", "revenue")
    record_definition(workshop, "Priya Raman", "First thought.", Lens.EMPLOYEE)
    replaced = record_definition(workshop, "  priya  RAMAN ", "Second thought.", Lens.CUSTOMER)
    assert replaced is True
    assert len(workshop.success_definitions) == 3
    last = workshop.success_definitions[2]
    assert (last.sentence, last.lens) == ("Second thought.", Lens.CUSTOMER)
    assert [d.sentence for d in workshop.success_definitions[:2]] == ["Success 0.", "Success 1."]


def test_replacing_keeps_the_leaders_place() -> None:
    workshop = room("cost", "revenue", "customer")
    assert record_definition(workshop, "l1", "Changed my mind.", Lens.RISK_COMPLIANCE)
    assert [d.lens for d in workshop.success_definitions] == [
        Lens.COST,
        Lens.RISK_COMPLIANCE,
        Lens.CUSTOMER,
    ]


@pytest.mark.parametrize("sentence", ["", "   ", "\n\t"])
def test_an_empty_sentence_is_refused(sentence: str) -> None:
    workshop = room("cost")
    with pytest.raises(ValidationError):
        record_definition(workshop, "Priya Raman", sentence, Lens.COST)
    assert len(workshop.success_definitions) == 1


def test_an_empty_name_is_refused() -> None:
    workshop = room("cost")
    with pytest.raises(ValueError, match="say whose definition this is"):
        record_definition(workshop, "  ", "A sentence.", Lens.COST)
    assert len(workshop.success_definitions) == 1


def test_a_sentence_of_more_than_1000_characters_is_refused() -> None:
    with pytest.raises(ValidationError):
        SuccessDefinition(participant="Ana", sentence="x" * 1001, lens=Lens.COST)


# -- status ---------------------------------------------------------------------------------


def test_status_reports_contested() -> None:
    assert summary(room("cost", "revenue"))["contested"] is True
    assert summary(room("cost", "cost", "revenue"))["contested"] is False
    assert summary(room())["contested"] is None  # nobody yet: neither, as the roll-up says


def test_status_of_the_example_is_contested(example: Workshop) -> None:
    assert summary(example)["contested"] is True


def test_missing_says_when_no_leader_has_defined_success(example: Workshop) -> None:
    example.success_definitions = []
    assert NONE_YET in missing(example)
    assert summary(example)["contested"] is None


def test_missing_counts_one_leader(example: Workshop) -> None:
    del example.success_definitions[3]
    gaps = missing(example)
    assert "1 leader has not defined success yet (step 2)" in gaps
    assert NONE_YET not in gaps


def test_missing_counts_several_leaders(example: Workshop) -> None:
    del example.success_definitions[:3]
    gaps = missing(example)
    assert "3 leaders have not defined success yet (step 2)" in gaps


def test_missing_says_nothing_about_step_2_when_everyone_answered(example: Workshop) -> None:
    assert not [gap for gap in missing(example) if "(step 2)" in gap]


def test_the_step_2_line_comes_before_step_3(example: Workshop) -> None:
    """'missing' reads in workshop order."""
    example.success_definitions = []
    gaps = missing(example)
    assert gaps.index(NONE_YET) < gaps.index(
        "6 initiatives have no deploy-ready value yet (step 3)"
    )


def test_definition_gaps() -> None:
    assert definition_gaps(lens_spread(room())) == [
        "no definitions of success from the leaders yet (step 2)"
    ]
    assert definition_gaps(lens_spread(room("cost", participants=["L0", "B"]))) == [
        "1 leader has not defined success yet (step 2)"
    ]
    assert definition_gaps(lens_spread(room("cost", "revenue"))) == []
