"""Step 6: one explainable score per initiative, the quarter's capacity, and the line.

The score, from 0 to 100, is a weighted average of five parts, each scaled from 0 to 1:

- **value**: the team's estimate from 1 (minor) to 5 (major), as (value − 1) / 4;
- **confidence**: how sure the team is, 0–100%, 50% when not given; *capped at 50% when the
  value has no measured baseline*, because an unmeasured starting point is a guess;
- **readiness**: step 5's share done (done counts 1, in progress ½), as the form shows it;
- **low risk**: 1 − (highest likelihood × impact) / 25, so 1 when no risk is recorded, and the
  initiative is marked as such (``Scored.no_risks``): a risk nobody logged is not a low one;
- **low effort**: 1 − effort / the largest effort among the candidates.

``score = 100 × Σ weightₖ × partₖ / Σ weightₖ``. The weights (0–10 each) are the workshop's to
edit; each initiative's breakdown shows how many points each part contributed. It borrows the
idea of reach-impact-confidence-effort scores, but as a sum so every part can be read alone.

Candidates are the initiatives that could take capacity next quarter: the ones in play (ideas,
pilots and stalled ones, as ``Workshop.in_play`` decides). They need a value estimate and an
effort in person-weeks. Ranked by score, they fill the capacity in order; the first that does
not fit draws the line, and everything after it waits. Stability re-runs the ranking a few
thousand times with effort and value moved at random within the stated uncertainty and reports
how often each stays above the line; it is worked out only where it is shown (``rank(workshop,
stability=False)`` everywhere else), since the line itself does not depend on it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gaptools.core.model import Initiative, Weights, Workshop, name_key
from gaptools.core.numbers import percent, plain
from gaptools.core.text import as_sentence, listed, plural, some_of
from gaptools.steps.readiness import Scorer, readiness
from gaptools.steps.value import is_number

DEFAULT_CONFIDENCE = 50
NO_BASELINE_CAP = 50
DRAWS = 2000
SEED = 20261118
PARTS = ("value", "confidence", "readiness", "risk", "effort")
#: 1.1 + 2.2 weeks must fit in 3.3 weeks, whatever binary floating point says.
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Scored:
    name: str
    score: float
    parts: dict[str, float]  # part -> 0..1
    points: dict[str, float]  # part -> points contributed to the score
    effort: float
    confidence_capped: bool
    no_risks: bool = False  # scored as low risk only because step 5 logged none
    above: bool | None = None  # None when no capacity is set
    stability: float | None = None  # share of draws above the line


@dataclass(frozen=True)
class Ranking:
    ranked: list[Scored]
    to_estimate: list[tuple[str, str]]  # (name, what is missing)
    capacity: float | None
    used: float  # person-weeks taken by what is above the line

    @property
    def above(self) -> list[str]:
        return [s.name for s in self.ranked if s.above]

    @property
    def below(self) -> list[str]:
        return [s.name for s in self.ranked if s.above is False]


def candidates(workshop: Workshop) -> list[Initiative]:
    """The initiatives in play: production ones already hold their capacity, killed ones none."""
    return workshop.in_play()


VALUE_NEEDED = "a value estimate (1–5)"
EFFORT_NEEDED = "an effort in person-weeks"


def missing_estimates(initiative: Initiative) -> str:
    missing = []
    if initiative.priority.value is None:
        missing.append(VALUE_NEEDED)
    if initiative.effort_weeks is None:
        missing.append(EFFORT_NEEDED)
    return " and ".join(missing)


def confidence(initiative: Initiative) -> tuple[float, bool]:
    """The confidence used, 0..1, and whether the missing baseline capped it."""
    given = initiative.priority.confidence
    percent = DEFAULT_CONFIDENCE if given is None else given
    capped = not is_number(initiative.value.baseline) and percent > NO_BASELINE_CAP
    return (min(percent, NO_BASELINE_CAP) if capped else percent) / 100, capped


def risk_part(initiative: Initiative) -> float:
    worst = max((r.likelihood * r.impact for r in initiative.readiness.risks), default=0)
    return 1 - worst / 25


def rank(workshop: Workshop, stability: bool = True, readiness_of: Scorer = readiness) -> Ranking:
    """The candidates ranked and cut at the capacity line. ``readiness_of`` gives each one's
    readiness: a caller that has them already passes its reader of them."""
    gaps = [(i, missing_estimates(i)) for i in candidates(workshop)]
    ready = [i for i, missing in gaps if not missing]
    to_estimate = [(i.name, missing) for i, missing in gaps if missing]
    weights = workshop.settings.weights
    largest = max((float(i.effort_weeks) for i in ready), default=0.0)
    progress = {i.name: readiness_of(i).share_done for i in ready}
    scored = [_score(i, weights, largest, progress[i.name]) for i in ready]
    # Scores equal on paper can differ in the last bits of a float; round so ties tie.
    scored.sort(key=lambda s: (-round(s.score, 9), s.effort, s.name.casefold()))
    capacity = workshop.settings.capacity_weeks
    if capacity is None or not scored:
        return Ranking(scored, to_estimate, capacity, 0.0)
    placed, used = _cut(scored, capacity)
    if stability:
        shares = _stability(
            ready, placed, weights, capacity, workshop.settings.uncertainty, progress
        )
        placed = [_with(s, stability=shares[s.name]) for s in placed]
    return Ranking(placed, to_estimate, capacity, used)


def without_risks(ranking: Ranking) -> list[str]:
    """The ranked initiatives that score as low risk because no risk was logged for them."""
    return [s.name for s in ranking.ranked if s.no_risks]


def estimate_gaps(ranking: Ranking) -> list[str]:
    """What step 6 still lacks, for the workshop's 'missing' list."""
    gaps = []
    if ranking.capacity is None:
        gaps.append("no engineering capacity set for the quarter (step 6)")
    if ranking.to_estimate:
        # What each lacks, counted: "33 candidates need value and effort estimates" was said
        # of 33 whose effort the portfolio sheet had already given.
        needs = [what for _, what in ranking.to_estimate]
        counts = [
            (n, kind)
            for kind in (VALUE_NEEDED, EFFORT_NEEDED)
            if (n := sum(kind in w for w in needs))
        ]
        count = plural(len(needs), "candidate needs", "candidates need")
        if len(counts) == 1:
            gaps.append(f"{count} {counts[0][1]} (step 6)")
        else:
            each = " and ".join(f"{n} {kind}" for n, kind in counts)
            gaps.append(f"{count} estimates: {each} (step 6)")
    return gaps


#: Said when every weight is 0: each score is then 0, and the order is effort's alone.
NOTHING_WEIGHED = (
    "with every weight at 0 every score is 0 and the list is in order of effort alone: give "
    "at least one part a weight"
)


def weight_gaps(weights: Weights) -> list[str]:
    """A missing-list line when no part of the score counts (a file edited by hand)."""
    if any(getattr(weights, part) for part in PARTS):
        return []
    return [f"{NOTHING_WEIGHED} (step 6)"]


def weighing(part: str) -> Callable[[Workshop, Weights, int], None]:
    """Sets ``part``'s weight, refusing to set the last weight above 0 to 0: the slider's
    every position then ranked, by scores that were all 0, with no word why."""

    def weigh(workshop: Workshop, weights: Weights, value: int) -> None:
        others = any(getattr(weights, other) for other in PARTS if other != part)
        if not value and not others:
            raise ValueError(f"this is the last weight above 0, and {NOTHING_WEIGHED}")
        setattr(weights, part, value)

    return weigh


def where_the_line_falls(ranking: Ranking) -> str:
    """Which initiative the line stops at, and why: "1 initiative fits in 12 person-weeks
    (using 6)" left a leader asking why a 4-week one below did not take the 6 free. The
    ranking fills the capacity in score order and stops at the first that does not fit, so
    nothing jumps a better-scored one. "" with no line or nothing below it."""
    first = next((s for s in ranking.ranked if s.above is False), None)
    if first is None or ranking.capacity is None:
        return ""
    left = max(ranking.capacity - ranking.used, 0.0)
    said = (
        f"The line falls at {first.name}: it needs {plain(first.effort)} person-weeks and "
        f"{plain(left)} are left."
    )
    smaller = [s.name for s in ranking.ranked if s.above is False and s.effort <= left + TOLERANCE]
    if smaller:
        more = f" and {plural(len(smaller) - 1, 'other')}" if len(smaller) > 1 else ""
        said += (
            f" {smaller[0]}{more} below would fit in what is left, but the line takes "
            "initiatives in score order and stops at the first that does not fit, so none "
            "jumps a better-scored one; the room may still choose to take a smaller one."
        )
    return said


#: Names a sentence on the line's move gives before "and N more".
MOVED_NAMED = 3


def line_moves(before: Ranking | None, after: Ranking) -> str:
    """What a change did to the line, from the ranking ``before`` it: the ranking stands
    above the weights and estimates of a long portfolio, out of sight of a change made
    there, which said only "Saved". "" where there was no line before or is none now."""
    if before is None or before.capacity is None or after.capacity is None:
        return ""
    was = set(before.above)
    rose = [n for n in after.above if n not in was]
    fell = [n for n in after.below if n in was]
    if not rose and not fell:
        fits = plural(len(after.above), "initiative fits", "initiatives fit")
        return f"The line holds: the same {fits} above it."
    said = []
    if rose:
        verb = "fits" if len(rose) == 1 else "fit"
        said.append(f"{_few(rose)} now {verb} above the line")
    if fell:
        verb = "falls" if len(fell) == 1 else "fall"
        said.append(f"{_few(fell)} now {verb} below {'it' if rose else 'the line'}")
    return as_sentence("; ".join(said))


def _few(names: list[str]) -> str:
    """ "a, b and c", or "a, b, c and 4 more": a weight can move half a long portfolio."""
    return listed(names) if len(names) <= MOVED_NAMED else some_of(names, MOVED_NAMED)


def below_the_line(ranking: Ranking, name: str) -> str:
    """Where ``name`` stands in step 6 when it is below the capacity line: a bet chosen
    from below it is the room's call to make, but the card said "Complete" and a CFO asked
    what it displaces. "" when it is above the line, unranked, or there is no line."""
    key = name_key(name)
    found = next((n for n, s in enumerate(ranking.ranked, 1) if name_key(s.name) == key), None)
    if found is None or ranking.ranked[found - 1].above is not False:
        return ""
    weeks = f"{ranking.capacity:g} week{'' if ranking.capacity == 1 else 's'}"
    return f"ranks {found} of {len(ranking.ranked)} in step 6, below the capacity line of {weeks}"


FRONT_RUNNERS = 5


def front_runners(ranking: Ranking, count: int = FRONT_RUNNERS) -> list[str]:
    """The few a bet is most likely chosen from: the first above the line or, with no capacity
    set (no line), the top of the ranking."""
    above = ranking.above[:count]
    return above or [s.name for s in ranking.ranked][:count]


def _score(initiative: Initiative, weights: Weights, largest: float, progress: float) -> Scored:
    sure, capped = confidence(initiative)
    effort = float(initiative.effort_weeks or 0.0)
    parts = {
        "value": (initiative.priority.value - 1) / 4,
        "confidence": sure,
        "readiness": progress,
        "risk": risk_part(initiative),
        "effort": 1 - effort / largest if largest else 1.0,
    }
    total = sum(getattr(weights, p) for p in PARTS)
    points = {p: (100 * getattr(weights, p) * parts[p] / total if total else 0.0) for p in PARTS}
    return Scored(
        name=initiative.name,
        score=sum(points.values()),
        parts=parts,
        points=points,
        effort=effort,
        confidence_capped=capped,
        no_risks=not initiative.readiness.risks,
    )


def _cut(scored: list[Scored], capacity: float) -> tuple[list[Scored], float]:
    used, open_line, placed = 0.0, True, []
    for item in scored:
        fits = open_line and used + item.effort <= capacity + TOLERANCE
        if fits:
            used += item.effort
        else:
            open_line = False
        placed.append(_with(item, above=fits))
    return placed, used


def _with(item: Scored, **changes: object) -> Scored:
    return Scored(**{**item.__dict__, **changes})


def _stability(
    ready: list[Initiative],
    placed: list[Scored],
    weights: Weights,
    capacity: float,
    uncertainty: float,
    progress: dict[str, float],
) -> dict[str, float]:
    """Share of random draws (effort and value moved within ±uncertainty) above the line.

    The draws and their rankings do not depend on the capacity, so they are kept for the
    last two sets of estimates and weights (``_ranked_draws``): moving the capacity, or a
    change that touches neither, only draws the line again, with the same result as drawing
    anew."""
    order = {s.name: n for n, s in enumerate(placed)}
    items = sorted(ready, key=lambda i: order[i.name])
    fixed = tuple(
        weights.confidence * confidence(i)[0]
        + weights.readiness * progress[i.name]
        + weights.risk * risk_part(i)
        for i in items
    )
    reach = _ranked_draws(
        tuple(float(i.effort_weeks) for i in items),
        tuple(float(i.priority.value) for i in items),
        fixed,
        (weights.value, weights.effort, sum(getattr(weights, p) for p in PARTS) or 1),
        uncertainty,
    )
    shares = (reach <= capacity + TOLERANCE).mean(axis=0)
    return {item.name: float(share) for item, share in zip(items, shares, strict=True)}


@functools.lru_cache(maxsize=2)
def _ranked_draws(
    effort_weeks: tuple[float, ...],
    values: tuple[float, ...],
    fixed: tuple[float, ...],
    weighting: tuple[float, float, float],
    uncertainty: float,
) -> Any:
    """For each draw and initiative, the effort used down the draw's ranking up to and
    including that initiative: it is above the line of a draw when that fits the capacity.
    A pure function of its arguments, hence kept (two sets: a weight tried back and forth).
    numpy is imported here, where the draws are made: status, the canvas and the line never
    need it."""
    import numpy as np

    value_weight, effort_weight, total = weighting
    rng = np.random.default_rng(SEED)
    count = len(effort_weeks)
    effort = np.array(effort_weeks)
    value = np.array(values)
    spread = rng.uniform(1 - uncertainty, 1 + uncertainty, size=(DRAWS, count))
    efforts = effort * spread
    drawn = np.clip(value + rng.uniform(-4, 4, size=(DRAWS, count)) * uncertainty, 1, 5)
    largest = efforts.max(axis=1, keepdims=True)
    low_effort = np.where(largest > 0, 1 - efforts / np.where(largest > 0, largest, 1), 1.0)
    scores = (value_weight * (drawn - 1) / 4 + np.array(fixed) + effort_weight * low_effort) / total
    flat = _descending(scores)
    used = np.cumsum(efforts.ravel()[flat], axis=1)
    reach = np.empty_like(used)
    np.put(reach, flat, used)
    reach.flags.writeable = False  # shared by every later call with the same estimates
    return reach


def _descending(scores: Any) -> Any:
    """Each row's column indices by score, highest first, equal scores in column order (what
    a stable sort of the negated scores gives), as indices into the flattened rows: numpy
    reads and writes the elements they pick faster than ``take_along_axis`` and
    ``put_along_axis`` do.

    A row without two equal scores has only one such order, which numpy's default sort finds
    several times faster than the stable one; that is run only when some row has a tie (or a
    score that is not a number, which sorts last)."""
    import numpy as np

    negated = -scores
    rows, columns = negated.shape
    starts = np.arange(rows)[:, None] * columns
    flat = np.argsort(negated, axis=1) + starts
    ordered = negated.ravel()[flat]
    if np.isnan(ordered).any() or (ordered[:, 1:] == ordered[:, :-1]).any():
        flat = np.argsort(negated, axis=1, kind="stable") + starts
    return flat


def stability_word(share: float | None) -> str:
    if share is None:
        return ""
    if share >= STAYS:
        return "stays above"
    if share <= STAYS_BELOW:
        return "stays below"
    return "on the edge"


STAYS = 0.9  # at least this share of draws above the line reads as staying above it
STAYS_BELOW = 0.1  # at most this share reads as staying below


def stability_text(share: float | None) -> str:
    """The stability of one initiative as a reader takes it in, the number about the word
    beside it: "0% stays below" read as never below, of one below the line in every run."""
    word = stability_word(share)
    if share is None:
        return word
    if word == "stays below":
        return f"{word} ({percent(1 - share)} of runs)"
    if word == "stays above":
        return f"{word} ({percent(share)} of runs)"
    return f"{word} ({percent(share)} above)"


def stability_meaning(uncertainty: float) -> str:
    """What the stability column says, for a reader who was not in the room."""
    return (
        f"Stability: how often each initiative stays on its side of the line when the ranking "
        f"is run {DRAWS:,} times with its value and effort moved at random within "
        f"±{percent(uncertainty)}. Above the line in {percent(STAYS)} or more of the runs, it "
        f"stays above; in {percent(STAYS_BELOW)} or fewer, it stays below; anything else is on "
        "the edge: a better estimate of those is cheaper than a wrong bet."
    )
