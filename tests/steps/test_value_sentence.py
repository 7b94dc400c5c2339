"""Step 3: how far a value moves, the one sentence that says it, its status and its warnings.

Every expected sentence is written out by hand from the numbers in the test, in the form
"Move <metric> from <baseline> to <target> <unit> by <date> (<change>)".
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gaptools.core.model import Value
from gaptools.core.resources import data_file
from gaptools.steps.value import (
    DEPLOY_READY,
    EXPLORE,
    is_vague,
    magnitude,
    value_gaps,
    value_sentence,
    value_status,
    value_warnings,
)
from tests import support

WORKSHOP = dt.date(2026, 11, 18)
MINUS = "\u2212"

FAR = (
    "the date is more than 12 months away: add a nearer milestone the quarter can show, as a "
    "lead measure"
)
NO_LEAD = "no lead measure: name one thing the team can move every week"
NO_GUARDRAIL = "no guardrail: name a metric that must not get worse"


def handle_time(**changes: object) -> Value:
    """Average handle time 420 -> 360 s by 31 Mar 2027, with a lead measure and a guardrail."""
    measured: dict[str, object] = {
        "lead_measures": ["Share of calls with assist opened"],
        "guardrail": "Customer satisfaction after the call",
    }
    return support.handle_time(**{**measured, **changes})


# -- magnitude ------------------------------------------------------------------------------


def test_an_increase() -> None:
    """1.2 m -> 1.8 m: +600,000, +50 %."""
    moved = magnitude(Value(baseline=1_200_000, target=1_800_000))
    assert moved is not None
    assert moved.absolute == pytest.approx(600_000)
    assert moved.relative == pytest.approx(0.5)
    assert moved.direction == "increase"


def test_lower_is_better_is_a_decrease() -> None:
    """Handle time 420 -> 360 s: -60 s, and -60 / 420 = -1/7 of the baseline."""
    moved = magnitude(handle_time())
    assert moved is not None
    assert moved.absolute == pytest.approx(-60)
    assert moved.relative == pytest.approx(-1 / 7)
    assert moved.direction == "decrease"


def test_down_to_zero_is_minus_one_hundred_percent() -> None:
    moved = magnitude(Value(baseline=40, target=0))
    assert moved is not None
    assert moved.relative == pytest.approx(-1.0)
    assert moved.direction == "decrease"


@pytest.mark.parametrize(("target", "direction"), [(5, "increase"), (-5, "decrease")])
def test_from_zero_there_is_no_relative_change(target: float, direction: str) -> None:
    """0 incidents -> 5: no percentage (and no division by zero), but the amount is known."""
    moved = magnitude(Value(baseline=0, target=target))
    assert moved is not None
    assert moved.relative is None
    assert moved.absolute == pytest.approx(target)
    assert moved.direction == direction


def test_a_negative_baseline_has_no_relative_change() -> None:
    """Net promoter score -10 -> 20: +30 points; '-300 %' would be nonsense."""
    moved = magnitude(Value(baseline=-10, target=20))
    assert moved is not None
    assert moved.relative is None
    assert moved.absolute == pytest.approx(30)
    assert moved.direction == "increase"


def test_negative_to_more_negative_is_a_decrease() -> None:
    moved = magnitude(Value(baseline=-2.5, target=-4))
    assert moved is not None
    assert moved.absolute == pytest.approx(-1.5)
    assert moved.relative is None
    assert moved.direction == "decrease"


def test_a_negative_target_from_a_positive_baseline() -> None:
    """Margin 5 -> -3 (a deliberate loss leader): -8; a percentage across zero misleads."""
    moved = magnitude(Value(baseline=5, target=-3))
    assert moved is not None
    assert moved.absolute == pytest.approx(-8)
    assert moved.relative is None
    assert moved.direction == "decrease"


@pytest.mark.parametrize("number", [0, 7.5, -3])
def test_equal_numbers_do_not_move(number: float) -> None:
    moved = magnitude(Value(baseline=number, target=number))
    assert moved is not None
    assert moved.absolute == 0
    assert moved.direction == "none"


@pytest.mark.parametrize(("baseline", "target"), [(None, 5), (5, None), (None, None)])
def test_no_magnitude_without_both_numbers(baseline: float | None, target: float | None) -> None:
    assert magnitude(Value(baseline=baseline, target=target)) is None


# -- the sentence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "sentence"),
    [
        (
            handle_time(),
            # -60 / 420 = -14.29 % -> whole percent with a typographic minus
            f"Move average handle time from 420 to 360 seconds by 31 Mar 2027 ({MINUS}14%)",
        ),
        (
            Value(
                metric="Average claim intake handling time",
                unit="minutes",
                baseline=18,
                target=12,
                due=dt.date(2027, 3, 31),
            ),
            # -6 / 18 = -33.3 %
            f"Move average claim intake handling time from 18 to 12 minutes by 31 Mar 2027 "
            f"({MINUS}33%)",
        ),
        (
            Value(
                metric="Pull requests merged per engineer per week",
                unit="PRs",
                baseline=3.1,
                target=3.8,
                due=dt.date(2027, 3, 31),
            ),
            # +0.7 / 3.1 = +22.6 %
            "Move pull requests merged per engineer per week from 3.1 to 3.8 PRs by 31 Mar 2027 "
            "(+23%)",
        ),
        (
            Value(
                metric="Claims handled per month",
                unit="claims",
                baseline=10_000,
                target=12_500,
                due=dt.date(2027, 6, 1),
            ),
            # +2,500 / 10,000 = +25 %
            "Move claims handled per month from 10,000 to 12,500 claims by 1 Jun 2027 (+25%)",
        ),
        (
            Value(
                metric="Net promoter score",
                unit="points",
                baseline=-10,
                target=20,
                due=dt.date(2027, 12, 31),
            ),
            # no percentage from a negative baseline: the absolute +30 points instead
            f"Move net promoter score from {MINUS}10 to 20 points by 31 Dec 2027 (+30 points)",
        ),
        (
            Value(metric="Security incidents", baseline=0, target=5, due=dt.date(2027, 1, 9)),
            "Move security incidents from 0 to 5 by 9 Jan 2027 (+5)",
        ),
        (
            Value(metric="Weekly active users", baseline=1, target=50, due=dt.date(2027, 2, 1)),
            # 49 times more than the baseline: "×50" rather than "+4,900%"
            "Move weekly active users from 1 to 50 by 1 Feb 2027 (×50)",
        ),
    ],
)
def test_the_sentence(value: Value, sentence: str) -> None:
    assert value_sentence(value) == sentence


def test_a_percentage_moves_in_percentage_points() -> None:
    """35 % -> 70 % is +35 percentage points; '+100%' would confuse the room."""
    value = Value(
        metric="Broker emails routed without manual touch",
        unit="%",
        baseline=35,
        target=70,
        due=dt.date(2027, 6, 30),
    )
    assert value_sentence(value) == (
        "Move broker emails routed without manual touch from 35% to 70% by 30 Jun 2027 "
        "(+35 percentage points)"
    )


def test_a_falling_percentage() -> None:
    """Forecast error 9.5 % -> 6 %: -3.5 points."""
    value = Value(metric="Reserve forecast error", unit="%", baseline=9.5, target=6)
    assert value_sentence(value) == (
        f"Move reserve forecast error from 9.5% to 6% by … ({MINUS}3.5 percentage points)"
    )


@pytest.mark.parametrize(
    ("unit", "baseline_text", "target_text"),
    [
        ("GBP", "£1.2 million", "£1.8 million"),
        ("£", "£1.2 million", "£1.8 million"),
        ("USD", "$1.2 million", "$1.8 million"),
        ("usd", "$1.2 million", "$1.8 million"),
        ("EUR", "€1.2 million", "€1.8 million"),
    ],
)
def test_currencies_go_in_front(unit: str, baseline_text: str, target_text: str) -> None:
    """1.2 m -> 1.8 m is +50 %; the currency is a symbol on each number, not a trailing word."""
    value = Value(
        metric="Fraud losses stopped before payout",
        unit=unit,
        baseline=1_200_000,
        target=1_800_000,
        due=dt.date(2027, 9, 30),
    )
    assert value_sentence(value) == (
        f"Move fraud losses stopped before payout from {baseline_text} to {target_text} "
        "by 30 Sep 2027 (+50%)"
    )


@pytest.mark.parametrize(
    ("unit", "written"),
    [
        ("£ per year", "from £1.2 million to £0.9 million per year"),
        ("GBP per year", "from £1.2 million to £0.9 million per year"),
        ("GBP", "from £1.2 million to £0.9 million by"),
        ("", "from 1.2 million to 0.9 million by"),
    ],
)
def test_the_numbers_read_in_one_style(unit: str, written: str) -> None:
    """A CEO heard "from 1.2 million to 900,000 £ per year": two styles of number, and the
    pound sign after both."""
    value = Value(
        metric="Cost of claims handling",
        unit=unit,
        baseline=1_200_000,
        target=900_000,
        due=dt.date(2027, 6, 30),
    )
    assert written in value_sentence(value)
    assert value_sentence(value).endswith(f"by 30 Jun 2027 ({MINUS}25%)")


def test_a_cost_per_claim_reads_as_said() -> None:
    value = Value(metric="Cost per claim", unit="$ per claim", baseline=4.5, target=3.2)
    assert value_sentence(value) == (
        f"Move cost per claim from $4.5 to $3.2 per claim by … ({MINUS}29%)"
    )


def test_a_currency_from_zero_shows_the_amount() -> None:
    value = Value(metric="Recovered value", unit="GBP", baseline=0, target=250_000)
    assert value_sentence(value) == "Move recovered value from £0 to £250,000 by … (+£250,000)"


def test_missing_pieces_show_as_an_ellipsis() -> None:
    # With nothing given the sentence was only ellipses, which read as a broken template in
    # the exported report: it says so in words.
    assert value_sentence(Value()) == "No value defined yet"
    assert value_sentence(Value(unit="hours")) == "No value defined yet"
    assert value_sentence(Value(metric="Renewal retention")) == (
        "Move renewal retention from … to … by …"
    )


def test_no_baseline_still_shows_target_unit_and_date() -> None:
    """The sentence says exactly what is still to be decided: here, where we are today."""
    value = Value(
        metric="Customer satisfaction", unit="CSAT points", target=4.4, due=dt.date(2027, 6, 30)
    )
    assert value_sentence(value) == (
        "Move customer satisfaction from … to 4.4 CSAT points by 30 Jun 2027"
    )


def test_no_target_leaves_the_unit_out() -> None:
    """'to … seconds' would read as if a number had been lost; the unit waits for the target."""
    value = Value(metric="Average handle time", unit="seconds", baseline=420)
    assert value_sentence(value) == "Move average handle time from 420 to … by …"


def test_no_bracket_when_nothing_moves() -> None:
    value = handle_time(target=420)
    assert (
        value_sentence(value) == "Move average handle time from 420 to 420 seconds by 31 Mar 2027"
    )


def test_acronyms_and_lower_case_metrics_keep_their_case() -> None:
    """Only a capitalised word is lowered; 'AI' or 'NPS' must survive into the sentence."""
    assert value_sentence(Value(metric="NPS")).startswith("Move NPS from")
    assert value_sentence(Value(metric="AI-assisted claims")).startswith(
        "Move AI-assisted claims from"
    )
    assert value_sentence(Value(metric="claims handled")).startswith("Move claims handled from")


@pytest.mark.parametrize(
    "metric", ["Ausschussquote", "Lieferausfälle pro Jahr", "Tickets pro Monat", "Churn"]
)
def test_a_metric_not_in_sentence_case_keeps_its_capital(metric: str) -> None:
    """A German PMO's 'Ausschussquote' read "Move ausschussquote from 12.5% …": German
    writes every noun with a capital, wherever it stands in a sentence."""
    assert value_sentence(Value(metric=metric)).startswith(f"Move {metric} from")


@pytest.mark.parametrize(
    ("metric", "phrase"),
    [
        ("Cost per claim", "cost per claim"),
        ("Customer NPS", "customer NPS"),
        ("Claims closed in Q3", "claims closed in Q3"),
        ("Time to resolve (days)", "time to resolve (days)"),
    ],
)
def test_a_metric_in_sentence_case_reads_as_part_of_the_sentence(metric: str, phrase: str) -> None:
    assert value_sentence(Value(metric=metric)).startswith(f"Move {phrase} from")


def test_extra_spaces_in_the_metric_are_tidied() -> None:
    assert value_sentence(Value(metric="  Average   handle time ")).startswith(
        "Move average handle time from"
    )


# -- status ---------------------------------------------------------------------------------


def test_status_of_a_complete_value_is_deploy_ready() -> None:
    assert value_status(handle_time(), WORKSHOP) == DEPLOY_READY == "deploy-ready"


@pytest.mark.parametrize(
    "changes",
    [
        {"metric": ""},
        {"baseline": None},
        {"target": None},
        {"target": 420},
        {"due": None},
        {"due": WORKSHOP},
        {"due": dt.date(2020, 1, 1)},
    ],
)
def test_status_of_an_incomplete_value_is_explore(changes: dict[str, object]) -> None:
    assert value_status(handle_time(**changes), WORKSHOP) == EXPLORE == "explore"


def test_status_with_a_negative_baseline_can_be_ready() -> None:
    """Net promoter score -10 -> 20 is as measurable as anything else."""
    value = handle_time(metric="Net promoter score", unit="points", baseline=-10, target=20)
    assert value_status(value, WORKSHOP) == DEPLOY_READY


# -- warnings -------------------------------------------------------------------------------


def test_a_complete_value_has_no_warnings() -> None:
    assert value_warnings(handle_time(), WORKSHOP) == []


@pytest.mark.parametrize(
    ("metric", "phrase"),
    [
        ("Productivity", "Productivity"),
        ("AI transformation", "AI transformation"),
        ("Better employee engagement", "better employee engagement"),
        (" innovation ", "innovation"),
    ],
)
def test_a_vague_metric_without_a_unit_is_a_gap_not_a_warning(metric: str, phrase: str) -> None:
    """A metric made only of hope words, with no unit, cannot be measured: it keeps an otherwise
    complete value from being deploy-ready, and names the metric as the sentence writes it."""
    value = handle_time(metric=metric, unit="")
    assert value_gaps(value, WORKSHOP) == [
        f"'{phrase}' is not measurable yet: say what is counted, and in what unit"
    ]
    assert value_status(value, WORKSHOP) == EXPLORE
    assert value_warnings(value, WORKSHOP) == []  # said once, as the gap


@pytest.mark.parametrize("metric", ["Productivity", "AI transformation"])
def test_a_vague_metric_with_a_unit_is_fine(metric: str) -> None:
    """'Productivity' in 'claims per handler per day' has been made measurable."""
    value = handle_time(metric=metric, unit="claims per handler per day")
    assert value_warnings(value, WORKSHOP) == []
    assert value_gaps(value, WORKSHOP) == []
    assert value_status(value, WORKSHOP) == DEPLOY_READY


@pytest.mark.parametrize(
    "metric", ["claims handled", "AI productivity per claims handler", "Average handle time"]
)
def test_a_concrete_word_makes_a_metric_measurable(metric: str) -> None:
    assert not is_vague(metric)
    assert value_warnings(handle_time(metric=metric, unit=""), WORKSHOP) == []


def test_every_listed_word_on_its_own_is_vague() -> None:
    """The word list is a data file a facilitator may edit; each of its words is vague alone,
    and the filler words alone are not a metric at all, so they are not flagged as vague."""
    lists = json.loads(data_file("vague_metrics.json").read_text(encoding="utf-8"))
    assert lists["words"]
    for word in lists["words"]:
        assert is_vague(word), word
        assert is_vague(f"AI {word.capitalize()}"), word
    assert not is_vague("the")
    assert not is_vague("")
    assert not is_vague("   ")


def test_a_date_365_days_away_is_not_too_far() -> None:
    """18 Nov 2026 + 365 days = 18 Nov 2027: twelve months, not more."""
    assert value_warnings(handle_time(due=dt.date(2027, 11, 18)), WORKSHOP) == []


def test_a_date_366_days_away_is_too_far() -> None:
    assert value_warnings(handle_time(due=dt.date(2027, 11, 19)), WORKSHOP) == [FAR]


def test_a_far_date_warns_but_does_not_block() -> None:
    value = handle_time(due=dt.date(2028, 6, 30))
    assert value_status(value, WORKSHOP) == DEPLOY_READY
    assert value_warnings(value, WORKSHOP) == [FAR]


@pytest.mark.parametrize("leads", [[], [""], ["  "]])
def test_no_lead_measure(leads: list[str]) -> None:
    assert value_warnings(handle_time(lead_measures=leads), WORKSHOP) == [NO_LEAD]


@pytest.mark.parametrize("guardrail", ["", "   "])
def test_no_guardrail(guardrail: str) -> None:
    assert value_warnings(handle_time(guardrail=guardrail), WORKSHOP) == [NO_GUARDRAIL]


def test_all_warnings_together_in_order() -> None:
    value = Value(metric="Productivity", due=dt.date(2028, 1, 31))
    assert value_warnings(value, WORKSHOP) == [FAR, NO_LEAD, NO_GUARDRAIL]


def test_no_date_no_date_warning() -> None:
    """A missing date is a gap, not a far-away date."""
    assert FAR not in value_warnings(handle_time(due=None), WORKSHOP)
