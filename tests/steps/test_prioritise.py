"""Step 6's rules: the documented score, the capacity line and how stable it is.

Expected scores are written out by hand from the formula in ``gaptools.steps.prioritise``'s
docstring; for the example workshop they come from ``reference_ranking`` below, the same
formula restated over the raw JSON that never calls ``gaptools.steps.prioritise``. The browser-free
form tests reuse it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gaptools.core.model import (
    ChecklistState,
    Initiative,
    Meta,
    Priority,
    Readiness,
    Risk,
    RiskKind,
    Settings,
    Stage,
    Value,
    Weights,
    Workshop,
)
from gaptools.files.synthetic import synthetic_workshop
from gaptools.steps import prioritise
from gaptools.steps.prioritise import (
    DRAWS,
    FRONT_RUNNERS,
    PARTS,
    SEED,
    TOLERANCE,
    below_the_line,
    candidates,
    confidence,
    estimate_gaps,
    front_runners,
    line_moves,
    missing_estimates,
    rank,
    risk_part,
    stability_word,
    weighing,
    weight_gaps,
    without_risks,
)
from gaptools.summaries.status import missing, summary
from tests.support import shipped

DONE, DOING, NA = ChecklistState.DONE, ChecklistState.IN_PROGRESS, ChecklistState.NOT_APPLICABLE
ONLY_VALUE = Weights(value=1, confidence=0, readiness=0, risk=0, effort=0)


# -- an independent statement of the documented formula, over the raw JSON shape ----------------
CHECKLIST_KEYS = [item["key"] for item in shipped("readiness.json")["items"]]
CREDIT = {"done": 1.0, "in_progress": 0.5, "not_started": 0.0}
DEFAULT_WEIGHTS = {"value": 3, "confidence": 2, "readiness": 1, "risk": 1, "effort": 2}


def reference_parts(item: dict[str, Any], largest: float) -> dict[str, float]:
    """The five parts of the docstring, each 0..1."""
    priority = item.get("priority", {})
    percent = 50 if priority.get("confidence") is None else priority["confidence"]
    if item.get("value", {}).get("baseline") is None:
        percent = min(percent, 50)
    states = item.get("readiness", {}).get("checklist", {})
    applying = [states.get(k, "not_started") for k in CHECKLIST_KEYS]
    applying = [s for s in applying if s != "n_a"]
    progress = sum(CREDIT[s] for s in applying) / len(applying) if applying else 1.0
    risks = item.get("readiness", {}).get("risks", [])
    worst = max((r["likelihood"] * r["impact"] for r in risks), default=0)
    return {
        "value": (priority["value"] - 1) / 4,
        "confidence": percent / 100,
        "readiness": progress,
        "risk": 1 - worst / 25,
        "effort": 1 - item["effort_weeks"] / largest if largest else 1.0,
    }


def reference_ranking(
    raw: dict[str, Any],
) -> tuple[list[tuple[str, float, float]], list[str], float | None]:
    """(name, score, effort) best first; the names above the line; the capacity."""
    settings = raw.get("settings", {})
    weights = {**DEFAULT_WEIGHTS, **settings.get("weights", {})}
    pool = [
        i
        for i in raw["initiatives"]
        if i.get("stage", "idea") in {"idea", "pilot", "stalled"}
        and i.get("priority", {}).get("value") is not None
        and i.get("effort_weeks") is not None
    ]
    largest = max((i["effort_weeks"] for i in pool), default=0.0)
    total = sum(weights.values())
    rows = []
    for item in pool:
        parts = reference_parts(item, largest)
        score = 100 * sum(weights[k] * parts[k] for k in parts) / total if total else 0.0
        rows.append((item["name"], score, float(item["effort_weeks"])))
    rows.sort(key=lambda r: (-round(r[1], 9), r[2], r[0].casefold()))
    capacity = settings.get("capacity_weeks")
    above: list[str] = []
    if capacity is not None:
        used = 0.0
        for name, _, effort in rows:
            if used + effort > capacity + 1e-9:
                break
            used += effort
            above.append(name)
    return rows, above, capacity


# -- hand-built workshops ------------------------------------------------------------------------
def initiative(
    name: str,
    value: int | None = 3,
    effort: float | None = 5.0,
    *,
    sure: int | None = None,
    baseline: float | None = 10.0,
    stage: Stage = Stage.PILOT,
    checklist: dict[str, ChecklistState] | None = None,
    risks: list[Risk] | None = None,
) -> Initiative:
    return Initiative(
        name=name,
        stage=stage,
        effort_weeks=effort,
        value=Value(metric="Cases per week", baseline=baseline, target=None),
        priority=Priority(value=value, confidence=sure),
        readiness=Readiness(checklist=checklist or {}, risks=risks or []),
    )


def workshop(
    *initiatives: Initiative,
    capacity: float | None = None,
    weights: Weights | None = None,
    uncertainty: float = 0.3,
) -> Workshop:
    return Workshop(
        meta=Meta(date=dt.date(2026, 11, 18)),
        settings=Settings(
            capacity_weeks=capacity, weights=weights or Weights(), uncertainty=uncertainty
        ),
        initiatives=list(initiatives),
    )


def by_name(w: Workshop, stability: bool = False) -> dict[str, Any]:
    return {s.name: s for s in rank(w, stability=stability).ranked}


# Six of the ten items apply (4 n/a): 2 done, 2 in progress, 2 never assessed → (2 + 1)/6 = 0.5
HALF_READY = {
    "governance": DONE,
    "security_review": DONE,
    "evaluation": DOING,
    "monitoring": DOING,
    "prompt_management": NA,
    "reliability_controls": NA,
    "feedback_loops": NA,
    "compliance_readiness": NA,
}


def hand_built() -> Workshop:
    copilot = initiative(
        "Claims copilot",
        value=4,
        effort=10,
        sure=70,
        baseline=18,
        checklist=HALF_READY,
        risks=[
            Risk(kind=RiskKind.HALLUCINATION, likelihood=4, impact=4),
            Risk(kind=RiskKind.BIAS, likelihood=2, impact=3, mitigation="audit"),
        ],
    )
    platform = initiative("Data platform", value=2, effort=20, baseline=3)
    agent = initiative(
        "Pricing agent",
        value=5,
        effort=5,
        sure=90,
        baseline=None,
        checklist=dict.fromkeys(CHECKLIST_KEYS, DONE),
        risks=[Risk(kind=RiskKind.REGULATORY, likelihood=3, impact=5, mitigation="limits")],
    )
    return workshop(copilot, platform, agent)


# -- the documented score ------------------------------------------------------------------------
def test_a_hand_computed_score() -> None:
    """Claims copilot, default weights 3, 2, 1, 1, 2 (sum 9):
    value 4 → (4 − 1)/4 = 0.75; confidence 70 with a baseline → 0.70;
    readiness (2 + ½ + ½)/6 = 0.5; risk: worst 4 × 4 = 16 → 1 − 16/25 = 0.36;
    effort 10 of the largest 20 → 1 − 10/20 = 0.5.
    score = 100 × (3×0.75 + 2×0.7 + 1×0.5 + 1×0.36 + 2×0.5)/9 = 100 × 5.51/9 = 61.22…"""
    scored = by_name(hand_built())["Claims copilot"]
    assert scored.parts == pytest.approx(
        {"value": 0.75, "confidence": 0.7, "readiness": 0.5, "risk": 0.36, "effort": 0.5}
    )
    assert scored.score == pytest.approx(100 * 5.51 / 9)
    assert scored.points == pytest.approx(
        {
            "value": 100 * 3 * 0.75 / 9,  # 25.0
            "confidence": 100 * 2 * 0.7 / 9,  # 15.56
            "readiness": 100 * 1 * 0.5 / 9,  # 5.56
            "risk": 100 * 1 * 0.36 / 9,  # 4.0
            "effort": 100 * 2 * 0.5 / 9,  # 11.11
        }
    )
    assert sum(scored.points.values()) == pytest.approx(scored.score)
    assert not scored.confidence_capped


def test_the_largest_effort_scores_zero_for_effort() -> None:
    """Data platform: value 2 → 0.25; no confidence given → 50% → 0.5; nothing assessed → 0;
    no risk → 1; the largest effort → 0.
    score = 100 × (3×0.25 + 2×0.5 + 0 + 1×1 + 0)/9 = 100 × 2.75/9 = 30.56"""
    scored = by_name(hand_built())["Data platform"]
    assert scored.parts == pytest.approx(
        {"value": 0.25, "confidence": 0.5, "readiness": 0.0, "risk": 1.0, "effort": 0.0}
    )
    assert scored.score == pytest.approx(100 * 2.75 / 9)


def test_no_baseline_caps_a_high_confidence() -> None:
    """Pricing agent: value 5 → 1; 90% without a baseline → capped at 0.5; all done → 1;
    worst 3 × 5 = 15 → 0.4 (mitigated or not, the risk is still there); 1 − 5/20 = 0.75.
    score = 100 × (3×1 + 2×0.5 + 1 + 0.4 + 2×0.75)/9 = 100 × 6.9/9 = 76.67"""
    scored = by_name(hand_built())["Pricing agent"]
    assert scored.parts == pytest.approx(
        {"value": 1.0, "confidence": 0.5, "readiness": 1.0, "risk": 0.4, "effort": 0.75}
    )
    assert scored.score == pytest.approx(100 * 6.9 / 9)
    assert scored.confidence_capped


def test_only_a_score_without_any_logged_risk_is_marked_as_such() -> None:
    """Data platform logs no risk and gets the full low-risk part, so it is marked; the
    copilot's and the agent's risks are logged, mitigated or not, so theirs are not."""
    ranking = rank(hand_built(), stability=False)
    marked = {s.name: s.no_risks for s in ranking.ranked}
    assert marked == {"Claims copilot": False, "Data platform": True, "Pricing agent": False}
    assert without_risks(ranking) == ["Data platform"]


def test_the_hand_built_order() -> None:
    """76.67 > 61.22 > 30.56."""
    ranked = rank(hand_built()).ranked
    assert [s.name for s in ranked] == ["Pricing agent", "Claims copilot", "Data platform"]


@pytest.mark.parametrize(
    ("given", "baseline", "used", "capped"),
    [
        (80, None, 0.5, True),
        (40, None, 0.4, False),
        (50, None, 0.5, False),
        (100, None, 0.5, True),
        (80, 12.0, 0.8, False),
        (0, 12.0, 0.0, False),
        (None, None, 0.5, False),
        (None, 12.0, 0.5, False),
    ],
)
def test_confidence_used(
    given: int | None, baseline: float | None, used: float, capped: bool
) -> None:
    """Without a measured baseline the confidence used is at most 50%; 50% when not given."""
    item = initiative("One", sure=given, baseline=baseline)
    assert confidence(item) == (pytest.approx(used), capped)
    scored = by_name(workshop(item))["One"]
    assert scored.parts["confidence"] == pytest.approx(used)
    assert scored.confidence_capped is capped


def test_a_zero_baseline_is_a_baseline() -> None:
    """Zero complaints today is a measurement, not a missing one."""
    item = initiative("One", sure=80, baseline=0.0)
    assert confidence(item) == (pytest.approx(0.8), False)


def test_risk_part_uses_the_worst_risk() -> None:
    risks = [
        Risk(kind=RiskKind.BIAS, likelihood=2, impact=2),
        Risk(kind=RiskKind.BIAS, likelihood=5, impact=4, mitigation="done"),
    ]
    assert risk_part(initiative("One", risks=risks)) == pytest.approx(1 - 20 / 25)
    assert risk_part(initiative("One")) == 1.0


def test_a_zero_weight_drops_its_part() -> None:
    """Claims copilot with confidence weighted 0: 100 × (2.25 + 0.5 + 0.36 + 1.0)/7 = 58.71,
    and its confidence no longer moves the score."""
    weights = Weights(value=3, confidence=0, readiness=1, risk=1, effort=2)
    w = hand_built()
    w.settings.weights = weights
    scored = by_name(w)["Claims copilot"]
    assert scored.score == pytest.approx(100 * 4.11 / 7)
    assert scored.points["confidence"] == 0
    w.initiatives[0].priority.confidence = 10
    assert by_name(w)["Claims copilot"].score == pytest.approx(100 * 4.11 / 7)


def test_all_weights_zero_scores_zero_without_error() -> None:
    w = hand_built()
    w.settings.weights = Weights(value=0, confidence=0, readiness=0, risk=0, effort=0)
    w.settings.capacity_weeks = 30
    ranking = rank(w)
    assert [s.score for s in ranking.ranked] == [0, 0, 0]
    assert all(p == 0 for s in ranking.ranked for p in s.points.values())
    # All tied: smaller effort first (5, 10, 20); 5 + 10 fit in 30, 20 more does not.
    assert ranking.above == ["Pricing agent", "Claims copilot"]
    assert all(0 <= s.stability <= 1 for s in ranking.ranked)


def test_weights_all_at_0_are_in_the_missing_list() -> None:
    """A file whose weights are all 0 (edited by hand) ranks by effort alone: said, with
    the step, until one part counts again."""
    w = hand_built()
    assert weight_gaps(w.settings.weights) == []
    w.settings.weights = Weights(value=0, confidence=0, readiness=0, risk=0, effort=0)
    [gap] = weight_gaps(w.settings.weights)
    assert gap.startswith("with every weight at 0")
    assert gap.endswith("(step 6)")
    assert gap in missing(w)
    w.settings.weights.risk = 1
    assert weight_gaps(w.settings.weights) == []


def test_weighing_refuses_only_the_last_weight_above_0() -> None:
    w = hand_built()
    weights = w.settings.weights = Weights(value=0, confidence=0, readiness=0, risk=2, effort=0)
    weighing("value")(w, weights, 0)  # already 0, and risk still counts
    weighing("risk")(w, weights, 5)
    assert weights.risk == 5
    with pytest.raises(ValueError, match="every weight at 0"):
        weighing("risk")(w, weights, 0)
    assert weights.risk == 5
    weighing("effort")(w, weights, 1)
    weighing("risk")(w, weights, 0)
    assert (weights.risk, weights.effort) == (0, 1)


def test_scores_stay_between_0_and_100() -> None:
    best = initiative(
        "Best", value=5, effort=0, sure=100, checklist=dict.fromkeys(CHECKLIST_KEYS, DONE)
    )
    worst = initiative(
        "Worst",
        value=1,
        effort=40,
        sure=0,
        risks=[Risk(kind=RiskKind.BIAS, likelihood=5, impact=5)],
    )
    scores = by_name(workshop(best, worst))
    assert scores["Best"].score == pytest.approx(100)
    assert scores["Worst"].score == pytest.approx(0)


# -- who is ranked -------------------------------------------------------------------------------
def test_candidates_are_ideas_pilots_and_stalled() -> None:
    items = [initiative(stage.value, stage=stage) for stage in Stage]
    w = workshop(*items)
    assert [i.name for i in candidates(w)] == ["idea", "pilot", "stalled"]
    assert {s.name for s in rank(w).ranked} == {"idea", "pilot", "stalled"}


def test_missing_estimates_are_listed_in_words() -> None:
    w = workshop(
        initiative("No value", value=None),
        initiative("Ready"),
        initiative("No effort", effort=None),
        initiative("Neither", value=None, effort=None),
        initiative("In production", value=None, stage=Stage.PRODUCTION),
    )
    ranking = rank(w)
    assert ranking.to_estimate == [
        ("No value", "a value estimate (1–5)"),
        ("No effort", "an effort in person-weeks"),
        ("Neither", "a value estimate (1–5) and an effort in person-weeks"),
    ]
    assert [s.name for s in ranking.ranked] == ["Ready"]
    assert missing_estimates(w.initiatives[1]) == ""


# -- the line ------------------------------------------------------------------------------------
def line_workshop(capacity: float | None) -> Workshop:
    """Scored on value alone: Big (5) 6 weeks, Middle (4) 5 weeks, Small (3) 4 weeks."""
    return workshop(
        initiative("Small", value=3, effort=4),
        initiative("Big", value=5, effort=6),
        initiative("Middle", value=4, effort=5),
        capacity=capacity,
        weights=ONLY_VALUE,
    )


def test_the_line_is_a_prefix_in_score_order() -> None:
    """Big (6) fits in 10; Middle would make 11, so the line falls there; Small (4) would
    still fit in what is left, but it waits below, behind Middle."""
    ranking = rank(line_workshop(10))
    assert [s.name for s in ranking.ranked] == ["Big", "Middle", "Small"]
    assert [s.above for s in ranking.ranked] == [True, False, False]
    assert ranking.above == ["Big"]
    assert ranking.below == ["Middle", "Small"]
    assert ranking.used == 6
    assert ranking.capacity == 10


def test_where_the_line_falls_is_said_with_why_a_smaller_one_waits() -> None:
    """ "1 initiative fits in 10 person-weeks (using 6)" left a leader asking why Small, of 4
    weeks, did not take the 4 free: the line stops at the first that does not fit."""
    assert prioritise.where_the_line_falls(rank(line_workshop(10))) == (
        "The line falls at Middle: it needs 5 person-weeks and 4 are left. Small below would "
        "fit in what is left, but the line takes initiatives in score order and stops at the "
        "first that does not fit, so none jumps a better-scored one; the room may still "
        "choose to take a smaller one."
    )
    assert prioritise.where_the_line_falls(rank(line_workshop(11))) == (
        "The line falls at Small: it needs 4 person-weeks and 0 are left."
    )
    assert prioritise.where_the_line_falls(rank(line_workshop(15))) == ""
    assert prioritise.where_the_line_falls(rank(line_workshop(None))) == ""


def test_capacity_exactly_used_fits() -> None:
    """6 + 5 = 11 in 11: both fit; Small waits."""
    ranking = rank(line_workshop(11))
    assert ranking.above == ["Big", "Middle"]
    assert ranking.used == 11


def test_capacity_for_everything() -> None:
    ranking = rank(line_workshop(15))
    assert ranking.above == ["Big", "Middle", "Small"]
    assert ranking.below == []
    assert ranking.used == 15


def test_zero_capacity_puts_everything_below() -> None:
    ranking = rank(line_workshop(0))
    assert ranking.above == []
    assert ranking.below == ["Big", "Middle", "Small"]
    assert ranking.used == 0


def test_capacity_exactly_used_with_decimal_efforts() -> None:
    """1.1 + 2.2 person-weeks exactly fill a capacity of 3.3: both fit, as a person adds."""
    w = workshop(
        initiative("First", value=5, effort=1.1),
        initiative("Second", value=4, effort=2.2),
        capacity=3.3,
        weights=ONLY_VALUE,
    )
    assert rank(w, stability=False).above == ["First", "Second"]


def test_no_capacity_draws_no_line() -> None:
    ranking = rank(line_workshop(None))
    assert [s.above for s in ranking.ranked] == [None, None, None]
    assert [s.stability for s in ranking.ranked] == [None, None, None]
    assert ranking.above == []
    assert ranking.below == []
    assert ranking.capacity is None


def test_ties_go_to_the_smaller_effort_then_the_name() -> None:
    w = workshop(
        initiative("zeta", value=4, effort=5),
        initiative("Banana", value=4, effort=3),
        initiative("apple", value=4, effort=3),
        initiative("Cherry", value=4, effort=8),
        weights=ONLY_VALUE,
    )
    assert [s.name for s in rank(w).ranked] == ["apple", "Banana", "zeta", "Cherry"]


def test_equal_scores_reached_by_different_parts_still_tie() -> None:
    """Default weights, largest effort 20, nothing assessed, no risks:
    Bold agent: 3×1 + 2×0.3 + 0 + 1 + 2×(1 − 20/20) = 4.6
    Modest recs: 3×0.5 + 2×0.5 + 0 + 1 + 2×(1 − 9/20) = 4.6
    Both 100 × 4.6/9 = 51.11, a tie, so the smaller effort (9 weeks) comes first. The same
    pair is in the example workshop (renewal pricing agent, next-best-offer)."""
    w = workshop(
        initiative("Bold agent", value=5, effort=20, sure=30, baseline=None, stage=Stage.IDEA),
        initiative("Modest recs", value=3, effort=9, sure=50, baseline=2.1),
    )
    ranked = rank(w).ranked
    assert [s.score for s in ranked] == pytest.approx([100 * 4.6 / 9] * 2)
    assert [s.name for s in ranked] == ["Modest recs", "Bold agent"]


# -- stability -----------------------------------------------------------------------------------
def test_stability_is_reproducible(example: Workshop) -> None:
    first = [(s.name, s.stability) for s in rank(example).ranked]
    second = [(s.name, s.stability) for s in rank(example).ranked]
    assert first == second
    assert all(s is not None and 0 <= s <= 1 for _, s in first)
    assert len({s for _, s in first}) > 2  # it does measure something


def stability_drawn_afresh(w: Workshop) -> dict[str, float]:
    """The stability restated in one piece, every draw made anew: what the kept draws must
    give, to the last bit."""
    import numpy as np

    placed = rank(w, stability=False).ranked
    by = {i.name: i for i in w.initiatives}
    items = [by[s.name] for s in placed]
    weights, uncertainty = w.settings.weights, w.settings.uncertainty
    progress = {i.name: prioritise.readiness(i).share_done for i in items}
    rng = np.random.default_rng(SEED)
    effort = np.array([float(i.effort_weeks) for i in items])
    value = np.array([float(i.priority.value) for i in items])
    fixed = np.array(
        [
            weights.confidence * confidence(i)[0]
            + weights.readiness * progress[i.name]
            + weights.risk * risk_part(i)
            for i in items
        ]
    )
    total = sum(getattr(weights, p) for p in PARTS) or 1
    efforts = effort * rng.uniform(1 - uncertainty, 1 + uncertainty, size=(DRAWS, len(items)))
    values = np.clip(value + rng.uniform(-4, 4, size=(DRAWS, len(items))) * uncertainty, 1, 5)
    largest = efforts.max(axis=1, keepdims=True)
    low_effort = np.where(largest > 0, 1 - efforts / np.where(largest > 0, largest, 1), 1.0)
    scores = (weights.value * (values - 1) / 4 + fixed + weights.effort * low_effort) / total
    ranks = np.argsort(-scores, axis=1, kind="stable")
    used = np.cumsum(np.take_along_axis(efforts, ranks, axis=1), axis=1)
    above = np.zeros_like(scores, dtype=bool)
    capacity = w.settings.capacity_weeks
    np.put_along_axis(above, ranks, used <= capacity + TOLERANCE, axis=1)
    return {i.name: float(share) for i, share in zip(items, above.mean(axis=0), strict=True)}


def test_moving_the_capacity_draws_only_the_line_again() -> None:
    """The draws do not depend on the capacity: they are kept, and the shares are exactly
    those of draws made anew."""
    w = synthetic_workshop(40)
    w.settings.capacity_weeks = 30
    prioritise._ranked_draws.cache_clear()
    rank(w)
    for capacity in (45, 30, 12.5):
        w.settings.capacity_weeks = capacity
        shares = {s.name: s.stability for s in rank(w).ranked}
        assert shares == stability_drawn_afresh(w)
    assert prioritise._ranked_draws.cache_info().misses == 1


def test_a_changed_estimate_or_weight_is_drawn_anew() -> None:
    w = synthetic_workshop(40)
    w.settings.capacity_weeks = 30
    prioritise._ranked_draws.cache_clear()
    rank(w)
    next(i for i in w.in_play() if i.effort_weeks).effort_weeks = 1
    w.settings.weights.value = 9
    w.settings.uncertainty = 0.1
    shares = {s.name: s.stability for s in rank(w).ranked}

    assert shares == stability_drawn_afresh(w)
    assert prioritise._ranked_draws.cache_info().misses == 2


def test_draws_tied_at_the_top_of_the_value_scale_rank_as_the_stable_sort_does() -> None:
    """Scored on value alone with the estimates as unsure as they can be, a drawn value is
    often held at 5 (or 1), so many initiatives tie in a draw, wherever they stand in the
    ranking: each draw ranks the tied ones in the ranking's order (a stable sort), and the
    shares are exactly those of draws made afresh with the stable sort."""
    w = workshop(
        *(initiative(f"I{n:02}", value=5 - n % 3, effort=1 + n % 7) for n in range(40)),
        capacity=60,
        weights=ONLY_VALUE,
        uncertainty=1,
    )
    prioritise._ranked_draws.cache_clear()
    shares = {s.name: s.stability for s in rank(w).ranked}
    assert shares == stability_drawn_afresh(w)
    assert 0 < shares["I00"] < 1  # the draws move the line


@pytest.mark.parametrize("seed", range(3))
def test_each_draw_is_ranked_as_the_stable_sort_ranks_it(seed: int) -> None:
    """Scores without ties, with one tie a draw, with many (a few values only), with equal
    zeros of either sign and with scores that are not numbers: the order of a stable sort of
    the negated scores."""
    import numpy as np

    rng = np.random.default_rng(seed)
    shape = (50, int(rng.integers(2, 60)))
    starts = np.arange(shape[0])[:, None] * shape[1]
    tied_once = rng.uniform(0, 1, size=shape)
    tied_once[:, -1] = tied_once[:, 0]
    for scores in (
        rng.uniform(0, 1, size=shape),
        tied_once,
        rng.integers(0, 4, size=shape).astype(float),
        rng.choice([0.0, -0.0, 0.5], size=shape),
        np.where(rng.uniform(size=shape) < 0.1, np.nan, rng.uniform(size=shape)),
    ):
        stable = np.argsort(-scores, axis=1, kind="stable") + starts
        assert np.array_equal(prioritise._descending(scores), stable)


def test_stability_follows_the_line_on_the_example(example: Workshop) -> None:
    """What is clearly above stays above more often than what is clearly below."""
    ranked = rank(example).ranked
    top, bottom = ranked[0], ranked[-1]
    assert top.above
    assert not bottom.above
    assert top.stability > 0.9
    assert bottom.stability < 0.1


def test_room_for_everything_even_at_the_top_of_the_range() -> None:
    """Total 15 weeks, at most 15 × 1.3 = 19.5 in any draw; capacity 20 fits them all."""
    w = line_workshop(20)
    w.settings.weights = Weights()
    assert [s.stability for s in rank(w).ranked] == [1.0, 1.0, 1.0]


def test_too_big_even_at_the_bottom_of_the_range() -> None:
    """30 weeks shrink at most to 30 × 0.7 = 21 > 20: never above the line."""
    w = workshop(
        initiative("Huge", value=5, effort=30, sure=90),
        initiative("Small", value=2, effort=3),
        capacity=20,
    )
    scored = by_name(w, stability=True)
    assert scored["Huge"].stability == 0.0
    assert scored["Huge"].above is False


def test_no_uncertainty_reproduces_the_line(example: Workshop) -> None:
    example.settings.uncertainty = 0
    ranked = rank(example).ranked
    assert any(s.above for s in ranked)
    assert any(not s.above for s in ranked)
    assert [s.stability for s in ranked] == [1.0 if s.above else 0.0 for s in ranked]


def test_more_uncertainty_blurs_the_edge(example: Workshop) -> None:
    """An item just below the line gets some draws above it once estimates may move."""
    example.settings.uncertainty = 0.5
    first_below = next(s for s in rank(example).ranked if s.above is False)
    assert 0 < first_below.stability < 1


@pytest.mark.parametrize(
    ("share", "word"),
    [
        (None, ""),
        (1.0, "stays above"),
        (0.9, "stays above"),
        (0.89, "on the edge"),
        (0.5, "on the edge"),
        (0.11, "on the edge"),
        (0.1, "stays below"),
        (0.0, "stays below"),
    ],
)
def test_stability_words(share: float | None, word: str) -> None:
    assert stability_word(share) == word


# -- the example and status ----------------------------------------------------------------------
def test_example_scores_follow_the_documented_formula(example: Workshop) -> None:
    expected, _, _ = reference_ranking(shipped())
    scores = {s.name: s.score for s in rank(example, stability=False).ranked}
    assert scores == pytest.approx({name: score for name, score, _ in expected})


def test_example_above_line(example: Workshop) -> None:
    """Capacity 40: fraud signals 8, claims intake 10, claims reserve 11, subrogation 7 = 36;
    complaints (5) would make 41, so the line falls there and meeting notes (2) waits too."""
    raw = shipped()
    expected_rows, expected_above, capacity = reference_ranking(raw)
    above = summary(example)["above_line"]
    assert above == expected_above
    assert above == [
        "Fraud signal analytics",
        "Claims intake copilot",
        "Claims reserve forecast",
        "Subrogation recovery finder",
    ]
    effort = {name: e for name, _, e in expected_rows}
    assert sum(effort[name] for name in above) <= capacity == 40
    assert rank(example).used == 36


def test_example_has_no_step_6_gaps(example: Workshop) -> None:
    """Capacity is set and every candidate is estimated."""
    assert not any("(step 6)" in gap for gap in missing(example))


def test_missing_names_an_unset_capacity(example: Workshop) -> None:
    example.settings.capacity_weeks = None
    assert "no engineering capacity set for the quarter (step 6)" in missing(example)
    assert summary(example)["above_line"] == []


def test_missing_counts_candidates_to_estimate(example: Workshop) -> None:
    subrogation = example.initiative("Subrogation recovery finder")
    meeting = example.initiative("Meeting notes copilot")
    assert subrogation is not None
    assert meeting is not None
    subrogation.priority.value = None
    assert "1 candidate needs a value estimate (1–5) (step 6)" in missing(example)
    meeting.effort_weeks = None
    assert (
        "2 candidates need estimates: 1 a value estimate (1–5) and 1 an effort in person-weeks "
        "(step 6)"
    ) in missing(example)


def test_a_large_workshop_ranks() -> None:
    """200 initiatives with a capacity: every candidate is either ranked or to estimate."""
    big = synthetic_workshop(200)
    big.settings.capacity_weeks = 120
    ranking = rank(big)
    pool = candidates(big)
    assert len(ranking.ranked) + len(ranking.to_estimate) == len(pool) > 50
    assert all(0 <= s.score <= 100 for s in ranking.ranked)
    assert all(s.stability is not None and 0 <= s.stability <= 1 for s in ranking.ranked)
    assert 0 < ranking.used <= 120
    scores = [s.score for s in ranking.ranked]
    assert scores == sorted(scores, reverse=True)


# -- the figures other views share ---------------------------------------------------------------


def test_candidates_are_the_initiatives_in_play() -> None:
    w = workshop(*(initiative(s.value, stage=s) for s in Stage))
    assert candidates(w) == w.in_play()
    assert [i.name for i in candidates(w)] == ["idea", "pilot", "stalled"]


def test_front_runners_are_the_first_above_the_line() -> None:
    """Capacity 12 fits the three 4-week ones of the five, whatever their order."""
    w = workshop(*(initiative(f"i{n}", value=5 - n, effort=4) for n in range(5)), capacity=12)
    ranking = rank(w, stability=False)
    assert front_runners(ranking) == ranking.above
    assert len(front_runners(ranking)) == 3
    assert front_runners(ranking, count=2) == ranking.above[:2]


def test_front_runners_without_a_line_are_the_top_of_the_ranking() -> None:
    w = workshop(*(initiative(f"i{n}", value=1 + n % 5) for n in range(7)))
    ranking = rank(w, stability=False)
    assert front_runners(ranking) == [s.name for s in ranking.ranked][:FRONT_RUNNERS]
    assert front_runners(rank(workshop(), stability=False)) == []


def test_estimate_gaps() -> None:
    """What each candidate lacks is counted: "33 candidates need value and effort estimates"
    was said of 33 whose effort the portfolio sheet had already given."""
    nothing_set = workshop(initiative("a", value=None), initiative("b", effort=None))
    assert estimate_gaps(rank(nothing_set, stability=False)) == [
        "no engineering capacity set for the quarter (step 6)",
        "2 candidates need estimates: 1 a value estimate (1–5) and 1 an effort in person-weeks "
        "(step 6)",
    ]
    one = workshop(initiative("a", value=None), initiative("b"), capacity=10)
    assert estimate_gaps(rank(one, stability=False)) == [
        "1 candidate needs a value estimate (1–5) (step 6)"
    ]
    both = workshop(initiative("a", value=None, effort=None), capacity=10)
    assert estimate_gaps(rank(both, stability=False)) == [
        "1 candidate needs estimates: 1 a value estimate (1–5) and 1 an effort in "
        "person-weeks (step 6)"
    ]
    assert estimate_gaps(rank(workshop(initiative("a"), capacity=10), stability=False)) == []


def test_a_bet_below_the_capacity_line_says_where_it_ranks() -> None:
    """A bet chosen from below step 6's line is the room's call, but the complete card said
    nothing of it, and a CFO asked what it displaces."""
    from gaptools.files.home import example_workshop as shipped_example

    workshop = shipped_example(after=True)
    bet = workshop.bet.initiative or ""
    ranking = rank(workshop, stability=False)
    names = [s.name for s in ranking.ranked]
    assert bet in names
    assert below_the_line(ranking, bet) == ""  # the example's bet is above its line
    workshop.settings.capacity_weeks = 1.0  # nothing fits: every candidate below it
    ranking = rank(workshop, stability=False)
    said = below_the_line(ranking, bet)
    assert said == (
        f"ranks {names.index(bet) + 1} of {len(names)} in step 6, below the capacity line of 1 week"
    )
    workshop.settings.capacity_weeks = None  # no line: nothing to say
    assert below_the_line(rank(workshop, stability=False), bet) == ""


# -- what a change did to the line -----------------------------------------------------------------
def three_of_five_weeks(capacity: float = 10) -> Workshop:
    """Equal efforts, values 5, 3 and 1: the line takes them in that order, two to ten weeks."""
    return workshop(
        initiative("Alpha", value=5),
        initiative("Bravo", value=3),
        initiative("Charlie", value=1),
        capacity=capacity,
    )


def moves(before: Workshop, after: Workshop) -> str:
    return line_moves(rank(before, stability=False), rank(after, stability=False))


def test_a_change_that_moves_nothing_across_says_the_line_holds() -> None:
    base = three_of_five_weeks()
    assert rank(base, stability=False).above == ["Alpha", "Bravo"]
    assert (
        moves(base, three_of_five_weeks(11))
        == "The line holds: the same 2 initiatives fit above it."
    )


def test_more_capacity_says_what_now_fits_and_less_what_falls() -> None:
    assert moves(three_of_five_weeks(), three_of_five_weeks(15)) == (
        "Charlie now fits above the line."
    )
    assert moves(three_of_five_weeks(), three_of_five_weeks(5)) == (
        "Bravo now falls below the line."
    )


def test_two_that_swap_places_are_both_named() -> None:
    base = three_of_five_weeks()
    swapped = base.model_copy(deep=True)
    bravo, charlie = swapped.initiatives[1], swapped.initiatives[2]
    bravo.priority.value, charlie.priority.value = 1, 4
    assert rank(swapped, stability=False).above == ["Alpha", "Charlie"]
    assert moves(base, swapped) == ("Charlie now fits above the line; Bravo now falls below it.")


def test_a_long_move_names_three_and_counts_the_rest() -> None:
    names = [f"Idea {n}" for n in range(1, 8)]
    none_fit = workshop(*(initiative(n, effort=5) for n in names), capacity=4)
    all_fit = none_fit.model_copy(
        update={"settings": none_fit.settings.model_copy(update={"capacity_weeks": 35.0})}
    )
    risen = rank(all_fit, stability=False).above
    assert len(risen) == 7
    assert moves(none_fit, all_fit) == (
        f"{risen[0]}, {risen[1]}, {risen[2]} and 4 more now fit above the line."
    )


def test_no_line_before_or_after_says_nothing() -> None:
    assert line_moves(None, rank(three_of_five_weeks(), stability=False)) == ""
    no_line = rank(three_of_five_weeks(), stability=False)
    no_capacity = workshop(initiative("Alpha"), capacity=None)
    assert line_moves(no_line, rank(no_capacity, stability=False)) == ""
    assert line_moves(rank(no_capacity, stability=False), no_line) == ""
