"""Step 3: deploy-ready only with a metric, two different numbers and a future date."""

from __future__ import annotations

import datetime as dt

import pytest

from gaptools.core.model import Initiative, Meta, Stage, Value, Workshop
from gaptools.core.quarter import day_text, quarter_of
from gaptools.steps.value import (
    FAR_DATE,
    explore_gaps,
    is_deploy_ready,
    value_counts,
    value_gaps,
    value_verdict,
    value_warnings,
)
from tests.support import handle_time

WORKSHOP = dt.date(2026, 11, 18)

ready = handle_time  # a deploy-ready value, then changed


def test_complete_value_is_deploy_ready() -> None:
    assert value_gaps(ready(), WORKSHOP) == []
    assert is_deploy_ready(ready(), WORKSHOP)


@pytest.mark.parametrize(
    ("changes", "gap"),
    [
        ({"metric": ""}, "no metric: name the number that should move"),
        ({"metric": "   "}, "no metric: name the number that should move"),
        ({"baseline": None}, "no baseline: measure it first"),
        ({"target": None}, "no target: say how far it should move"),
        ({"target": 420}, "target equals baseline: nothing would move"),
        ({"due": None}, "no date: say by when"),
        ({"due": WORKSHOP}, "the date has passed: pick one after the workshop"),
        ({"due": dt.date(2026, 11, 17)}, "the date has passed: pick one after the workshop"),
        ({"due": dt.date(2025, 1, 1)}, "the date has passed: pick one after the workshop"),
    ],
)
def test_each_missing_piece_is_named(changes: dict[str, object], gap: str) -> None:
    """One thing missing gives exactly that one reason, and the value is to explore."""
    value = ready(**changes)
    assert value_gaps(value, WORKSHOP) == [gap]
    assert not is_deploy_ready(value, WORKSHOP)


def test_the_day_after_the_workshop_is_in_time() -> None:
    assert value_gaps(ready(due=dt.date(2026, 11, 19)), WORKSHOP) == []


def test_zero_is_a_real_baseline() -> None:
    """Zero incidents is a measured baseline, not a missing one."""
    assert value_gaps(ready(baseline=0, target=5), WORKSHOP) == []
    assert value_gaps(ready(baseline=5, target=0), WORKSHOP) == []


def test_decreasing_and_negative_targets_are_fine() -> None:
    assert value_gaps(ready(baseline=-2.5, target=-4), WORKSHOP) == []


def test_empty_value_lists_all_gaps_in_order() -> None:
    assert value_gaps(Value(), WORKSHOP) == [
        "no metric: name the number that should move",
        "no baseline: measure it first",
        "no target: say how far it should move",
        "no date: say by when",
    ]


def test_equal_numbers_are_not_also_reported_missing() -> None:
    gaps = value_gaps(ready(baseline=7.5, target=7.5, due=None), WORKSHOP)
    assert gaps == ["target equals baseline: nothing would move", "no date: say by when"]


# the counts every view shows: over the initiatives in play only


def portfolio(*stages_and_values: tuple[Stage, Value]) -> Workshop:
    return Workshop(
        meta=Meta(date=WORKSHOP),
        initiatives=[
            Initiative(name=f"{stage.value} {n}", stage=stage, value=value)
            for n, (stage, value) in enumerate(stages_and_values)
        ],
    )


def test_counts_cover_ideas_pilots_and_stalled_only() -> None:
    """By hand: the ready idea and stalled one count as deploy-ready, the unready pilot as
    explore; the production and killed ones, ready or not, count as neither."""
    workshop = portfolio(
        (Stage.IDEA, ready()),
        (Stage.PILOT, ready(baseline=None)),
        (Stage.STALLED, ready()),
        (Stage.PRODUCTION, ready()),
        (Stage.PRODUCTION, Value()),
        (Stage.KILLED, Value()),
    )
    counts = value_counts(workshop)
    assert counts.deploy_ready == ["idea 0", "stalled 2"]
    assert counts.explore == ["pilot 1"]
    assert counts.in_play == 3
    assert counts.summary == "2 of the 3 initiatives in play are deploy-ready; 1 still to explore."
    assert explore_gaps(counts) == ["1 initiative has no deploy-ready value yet (step 3)"]


def test_counts_and_gaps_with_nothing_in_play() -> None:
    counts = value_counts(portfolio((Stage.PRODUCTION, Value()), (Stage.KILLED, Value())))
    assert (counts.deploy_ready, counts.explore, counts.in_play) == ([], [], 0)
    assert explore_gaps(counts) == []
    assert "No initiatives in play" in counts.summary


def test_explore_gaps_count_in_the_plural() -> None:
    counts = value_counts(portfolio((Stage.IDEA, Value()), (Stage.PILOT, Value())))
    assert explore_gaps(counts) == ["2 initiatives have no deploy-ready value yet (step 3)"]
    assert counts.summary == "0 of the 2 initiatives in play are deploy-ready; 2 still to explore."


@pytest.mark.parametrize(
    ("stage", "value", "verdict"),
    [
        (Stage.IDEA, ready(), "deploy-ready"),
        (Stage.PILOT, Value(), "explore"),
        (Stage.STALLED, Value(), "explore"),
        (Stage.PRODUCTION, ready(), "in production"),
        (Stage.PRODUCTION, Value(), "in production"),
        (Stage.KILLED, Value(), "killed"),
    ],
)
def test_value_verdict(stage: Stage, value: Value, verdict: str) -> None:
    initiative = Initiative(name="x", stage=stage, value=value)
    assert value_verdict(initiative, WORKSHOP) == verdict


def test_verdicts_and_counts_agree_on_the_example(example: Workshop) -> None:
    counts = value_counts(example)
    verdicts = {i.name: value_verdict(i, example.meta.date) for i in example.initiatives}
    assert [n for n, v in verdicts.items() if v == "deploy-ready"] == counts.deploy_ready
    assert [n for n, v in verdicts.items() if v == "explore"] == counts.explore


# -- a vague metric with no unit is not measurable -----------------------------------------------
PRODUCTIVITY = "'Productivity' is not measurable yet: say what is counted, and in what unit"


def productivity(unit: str = "") -> Value:
    """Baseline 100, target 120, due after the workshop: complete but for what is counted."""
    return Value(
        metric="Productivity", unit=unit, baseline=100, target=120, due=dt.date(2027, 6, 30)
    )


def test_a_vague_metric_with_no_unit_is_explore() -> None:
    assert value_gaps(productivity(), WORKSHOP) == [PRODUCTIVITY]
    assert not is_deploy_ready(productivity(), WORKSHOP)


def test_a_vague_metric_with_a_unit_can_be_deploy_ready() -> None:
    """'Productivity' in orders per picker-hour says what is counted."""
    assert value_gaps(productivity("orders per picker-hour"), WORKSHOP) == []


def test_a_vague_metric_is_not_counted_deploy_ready() -> None:
    """The counts every view shows (status, report, table export, canvas) go through it."""
    workshop = portfolio(
        (Stage.PILOT, productivity()),
        (Stage.PILOT, productivity("orders per picker-hour")),
    )
    counts = value_counts(workshop)
    assert counts.explore == ["pilot 0"]
    assert counts.deploy_ready == ["pilot 1"]
    assert value_verdict(workshop.initiatives[0], WORKSHOP) == "explore"


def test_a_vague_metric_is_not_deploy_ready_in_status() -> None:
    from gaptools.summaries.status import summary

    workshop = portfolio((Stage.IDEA, productivity()), (Stage.STALLED, ready()))
    facts = summary(workshop)
    assert (facts["deploy_ready"], facts["explore"]) == (1, 1)
    assert "1 initiative has no deploy-ready value yet (step 3)" in facts["missing"]


# -- out of play is never explore ----------------------------------------------------------------
@pytest.mark.parametrize("stage", [Stage.PRODUCTION, Stage.KILLED])
@pytest.mark.parametrize("value", [Value(), productivity(), ready(baseline=None), ready()])
def test_out_of_play_is_never_explore_in_status(stage: Stage, value: Value) -> None:
    """Neither counted deploy-ready nor explore, in the counts and in `status`, whatever its
    value says; nothing in 'missing' asks to explore it."""
    from gaptools.summaries.status import summary

    workshop = portfolio((stage, value))
    assert value_verdict(workshop.initiatives[0], WORKSHOP) not in {"explore", "deploy-ready"}
    counts = value_counts(workshop)
    assert (counts.deploy_ready, counts.explore) == ([], [])
    facts = summary(workshop)
    assert (facts["deploy_ready"], facts["explore"]) == (0, 0)
    assert not any("step 3" in gap for gap in facts["missing"])


# -- a baseline or target typed with its unit --------------------------------------------------


def test_a_percentage_typed_gives_the_value_its_unit() -> None:
    """ "60%" then "85%" with no unit: the sentence read "+42%" where the team meant 25
    percentage points. The unit now says %, and the change is in points."""
    from gaptools.steps.value import set_amount, value_sentence

    value = handle_time(metric="Invoices matched automatically", unit="", baseline=None)
    set_amount(value, "baseline", 60, "%")
    set_amount(value, "target", 85, "%")
    assert (value.unit, value.baseline, value.target) == ("%", 60, 85)
    assert value_sentence(value).endswith("(+25 percentage points)")


@pytest.mark.parametrize(
    ("unit", "typed"),
    [
        ("GBP", "£"),
        ("£", "£"),
        ("%", "%"),
        ("percent", "%"),
        ("£k", "£"),
        ("£ per year", "£"),
        ("GBP per year", "£"),  # "£1.2m" in a cost a year was refused as not in GBP
    ],
)
def test_a_number_typed_in_the_unit_already_given_is_taken(unit: str, typed: str) -> None:
    from gaptools.steps.value import set_amount

    value = handle_time(unit=unit)
    set_amount(value, "target", 300, typed)
    assert (value.unit, value.target) == (unit, 300)


def test_a_number_typed_in_another_unit_is_refused_and_nothing_changes() -> None:
    from gaptools.steps.value import set_amount

    value = handle_time()  # seconds
    with pytest.raises(ValueError, match="typed in %, but the unit is 'seconds'"):
        set_amount(value, "target", 30, "%")
    assert (value.unit, value.target) == ("seconds", 360)
    set_amount(value, "target", 300)  # a bare number keeps the unit given
    assert (value.unit, value.target) == ("seconds", 300)


@pytest.mark.parametrize(
    ("unit", "typed", "refused"),
    [
        ("minutes", "45m", True),
        ("mins per claim", "45 M", True),
        ("months", "6m", True),
        ("m", "12m", True),
        ("GBP", "£1.2m", False),
        ("", "45m", False),
        ("minutes", "45", False),
        ("minutes", "1.2 million", False),
    ],
)
def test_a_time_or_length_written_with_its_letter_is_not_read_as_millions(
    unit: str, typed: str, refused: bool
) -> None:
    from gaptools.steps.value import check_size

    if refused:
        with pytest.raises(ValueError, match="million, but the unit is"):
            check_size(unit, typed)
    else:
        check_size(unit, typed)


def test_a_value_due_before_the_planned_quarter_is_worth_asking() -> None:
    """A workshop held in March for the next quarter, its value carried over from last
    quarter's, due 31 March: after the workshop, so deploy-ready, and nothing asked, though
    the quarter it plans had not begun by then."""
    held = dt.date(2027, 3, 10)
    quarter = quarter_of(dt.date(2027, 4, 1))
    carried = ready().model_copy(update={"due": quarter.start - dt.timedelta(days=1)})
    assert is_deploy_ready(carried, held)  # a question, never a gap
    [asked, *_] = value_warnings(carried, held, quarter)
    assert asked.startswith(
        f"the date ({day_text(carried.due)}) is before {quarter.label} starts "
        f"({day_text(quarter.start)})"
    )
    assert asked not in value_warnings(carried, held)  # no quarter given, none asked
    on_time = carried.model_copy(update={"due": quarter.start})
    assert not any(quarter.label in w for w in value_warnings(on_time, held, quarter))
    passed = carried.model_copy(update={"due": held})  # a gap already: not asked again
    assert not any(quarter.label in w for w in value_warnings(passed, held, quarter))
    assert FAR_DATE not in value_warnings(carried, held, quarter)


@pytest.mark.parametrize(
    ("unit", "measurable"),
    [("", False), ("%", False), (" Per  Cent ", False), ("pct", False), ("orders per hour", True)],
)
def test_a_bare_per_cent_does_not_make_a_vague_metric_measurable(
    unit: str, measurable: bool
) -> None:
    """A per cent says how a number is written, not what is counted: "productivity" in %
    passed as measurable, its unit read from a baseline typed "about 10%"."""
    from gaptools.steps.value import is_measurable

    assert is_measurable(Value(metric="Productivity", unit=unit)) is measurable
    assert is_measurable(Value(metric="Claims closed the same day", unit=unit))
