"""Step 3: deploy-ready only with a metric, two different numbers and a future date."""

from __future__ import annotations

import datetime as dt

import pytest

from gaptools.core.model import Value
from gaptools.steps.value import is_deploy_ready, value_gaps

WORKSHOP = dt.date(2026, 11, 18)


def ready(**changes: object) -> Value:
    """A deploy-ready value (average handle time 420 -> 360 s by 31 Mar 2027), then changed."""
    fields: dict[str, object] = {
        "metric": "Average handle time",
        "unit": "seconds",
        "baseline": 420,
        "target": 360,
        "due": dt.date(2027, 3, 31),
    }
    fields.update(changes)
    return Value(**fields)


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
