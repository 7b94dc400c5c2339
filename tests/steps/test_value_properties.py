"""Step 3's rules never raise, whatever a file, an import or a typo puts in a value.

The model refuses NaN and infinity, but the rules are public functions that notebooks, the
exports and later steps call; ``Value.model_construct`` skips validation so that every odd
number really reaches them.
"""

from __future__ import annotations

import datetime as dt
import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaptools.core.model import (
    EARLIEST_DAY,
    LATEST_DAY,
    Initiative,
    Meta,
    Settings,
    Stage,
    Value,
    Workshop,
)
from gaptools.core.resources import data_file
from gaptools.steps.value import (
    DEPLOY_READY,
    EXPLORE,
    is_number,
    magnitude,
    value_counts,
    value_gaps,
    value_sentence,
    value_status,
    value_verdict,
    value_warnings,
)

WORKSHOP = dt.date(2026, 11, 18)

PROPERTIES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ODD_NUMBERS = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    1e300,
    -1e300,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    5e-324,
    -5e-324,
    1e-300,
    math.nan,
    math.inf,
    -math.inf,
    999.999,
    999_999.5,
    999_999_999.0,
]

numbers = st.one_of(
    st.none(),
    st.sampled_from(ODD_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e6, max_value=1e6),
)
# Any date the model keeps: outside these years it refuses the date itself.
model_days = st.dates(min_value=EARLIEST_DAY, max_value=LATEST_DAY)
dates = st.one_of(
    st.none(),
    st.sampled_from(
        [
            WORKSHOP,
            WORKSHOP - dt.timedelta(days=1),
            WORKSHOP + dt.timedelta(days=1),
            WORKSHOP + dt.timedelta(days=365),
            WORKSHOP + dt.timedelta(days=366),
            EARLIEST_DAY,
            LATEST_DAY,
        ]
    ),
    model_days,
)
texts = st.one_of(
    st.sampled_from(
        ["", " ", "\t\n", "Productivity", "AI transformation", "%", "GBP", "£", "CHF", "🚀📈"]
    ),
    st.text(max_size=40),
    # very long text, built by repetition because drawing 2,000 characters one by one is slow
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=4), st.just(600)),
)


@st.composite
def values(draw: st.DrawFn) -> Value:
    return Value.model_construct(
        metric=draw(texts),
        unit=draw(texts),
        baseline=draw(numbers),
        target=draw(numbers),
        due=draw(dates),
        measured_by=draw(texts),
        lead_measures=draw(st.lists(texts, max_size=3)),
        guardrail=draw(texts),
    )


def finite(number: float | None) -> bool:
    return number is not None and math.isfinite(number)


@PROPERTIES
@given(value=values(), workshop=st.one_of(st.just(WORKSHOP), model_days))
def test_the_rules_never_raise(value: Value, workshop: dt.date) -> None:
    """Every rule answers with plain strings, whatever the value holds."""
    gaps = value_gaps(value, workshop)
    status = value_status(value, workshop)
    warnings = value_warnings(value, workshop)
    sentence = value_sentence(value)
    moved = magnitude(value)
    assert all(isinstance(text, str) and text for text in [*gaps, *warnings])
    assert status in {DEPLOY_READY, EXPLORE}
    assert isinstance(sentence, str)
    assert moved is None or moved.direction in {"increase", "decrease", "none"}


@PROPERTIES
@given(value=values(), workshop=st.one_of(st.just(WORKSHOP), model_days))
def test_deploy_ready_exactly_when_nothing_is_missing(value: Value, workshop: dt.date) -> None:
    assert (value_status(value, workshop) == DEPLOY_READY) == (value_gaps(value, workshop) == [])


@PROPERTIES
@given(
    value=values(),
    broken=st.sampled_from([math.nan, math.inf, -math.inf]),
    which=st.sampled_from(["baseline", "target"]),
)
def test_nan_or_infinity_is_never_deploy_ready(value: Value, broken: float, which: str) -> None:
    """However complete the rest, a baseline or target that is not a number blocks."""
    odd = value.model_copy(update={which: broken, "metric": "Claims handled"})
    odd = odd.model_copy(update={"due": WORKSHOP + dt.timedelta(days=30)})
    assert value_status(odd, WORKSHOP) == EXPLORE
    assert value_gaps(odd, WORKSHOP)
    assert magnitude(odd) is None


@PROPERTIES
@given(value=values())
def test_the_sentence_keeps_its_shape(value: Value) -> None:
    """ "Move … from … to … by …" whenever anything of the value is given; with nothing,
    words that say so (a row of ellipses read as a template left unfilled)."""
    sentence = value_sentence(value)
    given = [value.metric.strip(), value.due, is_number(value.baseline), is_number(value.target)]
    if not any(given):
        assert sentence == "No value defined yet"
        return
    assert sentence.startswith("Move ")
    assert " by " in sentence
    assert " from " in sentence


@PROPERTIES
@given(
    baseline=numbers,
    target=numbers,
    unit=st.sampled_from(["", "%", "GBP", "$", "minutes", "CHF"]),
    due=dates,
)
def test_the_sentence_never_shows_nan_or_inf(
    baseline: float | None, target: float | None, unit: str, due: dt.date | None
) -> None:
    """With a plain metric, any 'nan' or 'inf' in the sentence would come from a number."""
    value = Value.model_construct(
        metric="Claims handled", unit=unit, baseline=baseline, target=target, due=due
    )
    sentence = value_sentence(value).casefold()
    assert "nan" not in sentence
    assert "inf" not in sentence


@PROPERTIES
@given(baseline=numbers, target=numbers)
def test_magnitude_agrees_with_the_numbers(baseline: float | None, target: float | None) -> None:
    """Direction follows the sign of target - baseline; a percentage only from a positive
    baseline to a target that is not negative; nothing when a number is missing or broken."""
    moved = magnitude(Value.model_construct(baseline=baseline, target=target))
    if not (finite(baseline) and finite(target)):
        assert moved is None
        return
    assert baseline is not None
    assert target is not None
    if not math.isfinite(target - baseline):
        return  # the difference itself overflows (1e308 - -1e308): nothing useful to say
    assert moved is not None
    expected = "increase" if target > baseline else "decrease" if target < baseline else "none"
    assert moved.direction == expected
    assert moved.absolute == target - baseline
    if baseline <= 0 or target < 0:
        assert moved.relative is None
    elif moved.relative is not None:
        assert math.isfinite(moved.relative)
        assert math.isclose(moved.relative, (target - baseline) / baseline, rel_tol=1e-9)
        if moved.relative != 0:  # a change too small to show in a float has no sign left
            assert (moved.relative > 0) == (moved.direction == "increase")


# -- the honest verdicts -------------------------------------------------------------------------
def _vague_words() -> tuple[list[str], list[str]]:
    lists = json.loads(data_file("vague_metrics.json").read_text(encoding="utf-8"))
    return lists["words"], lists["filler"]


VAGUE_WORDS, FILLER_WORDS = _vague_words()
blank_units = st.sampled_from(["", " ", "\t", "  \n "])
vague_metrics = st.builds(
    lambda filler, words, case: case(" ".join([*filler, *words])),
    st.lists(st.sampled_from(FILLER_WORDS), max_size=2),
    st.lists(st.sampled_from(VAGUE_WORDS), min_size=1, max_size=3),
    st.sampled_from([str, str.capitalize, str.upper, str.title]),
)


@PROPERTIES
@given(value=values(), metric=vague_metrics, unit=blank_units)
def test_a_vague_only_metric_with_no_unit_is_always_explore(
    value: Value, metric: str, unit: str
) -> None:
    """Whatever the numbers and the date, hope words without a unit are not measurable."""
    vague = value.model_copy(update={"metric": metric, "unit": unit})
    assert value_status(vague, WORKSHOP) == EXPLORE
    assert any("is not measurable yet" in gap for gap in value_gaps(vague, WORKSHOP))
    assert not any("vague" in warning for warning in value_warnings(vague, WORKSHOP))


@PROPERTIES
@given(
    value=values(),
    stage=st.sampled_from([Stage.PRODUCTION, Stage.KILLED]),
    workshop=st.one_of(st.just(WORKSHOP), model_days),
)
def test_out_of_play_is_never_explore(value: Value, stage: Stage, workshop: dt.date) -> None:
    initiative = Initiative.model_construct(name="x", stage=stage, value=value)
    assert value_verdict(initiative, workshop) not in {EXPLORE, DEPLOY_READY}
    counted = Workshop.model_construct(
        meta=Meta(date=workshop), initiatives=[initiative], settings=Settings()
    )
    counts = value_counts(counted)
    assert (counts.deploy_ready, counts.explore) == ([], [])
