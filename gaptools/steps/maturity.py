"""Step 9: how mature the organisation is at executing AI, as its leaders rate it.

Any organisation can buy the same models; what differs is how well it carries work through.
Each leader rates six
dimensions (operational maturity, execution discipline, governance readiness,
cross-functional coordination, prioritisation quality, scalable delivery) from 1 to 5 against
a short description of each level (``data/maturity.json``). The room sees
the median of each dimension with the range of ratings, the dimensions where leaders differ by
2 or more (questions for the room: they are not seeing the same organisation), and the weakest
dimension.

Ratings are named or anonymous, chosen before the first. An anonymous rating is kept exactly
as a pulse answer is (``steps.pulse``): sealed to the key of the screen that collects them,
published in batches of at least the pulse minimum, sorted by what they say, with no rater.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from gaptools.core.model import (
    MaturityRating,
    SealedAnswer,
    Workshop,
    name_key,
    new_id,
    replace_or_add,
)
from gaptools.core.quarter import day_text
from gaptools.core.resources import load_json
from gaptools.core.text import plural
from gaptools.steps import secret

SPREAD = 2  # ratings this far apart make a question for the room
#: Ratings given within this many days of a round's first rating belong to that round: a
#: survey sent before the workshop and the workshop itself are one round; the same leaders
#: rating again next quarter are the next one, shown beside it.
ROUND_DAYS = 42
SEALED_SIZE = 512  # bytes every sealed rating is padded to

NOT_OPEN = (
    "anonymous ratings are collected by the screen where the facilitator opened them "
    "('Collect anonymous ratings here'); open them there first"
)
CHANGE_MODE = "ratings have been given: named or anonymous is chosen before the first one"


class MaturityError(ValueError):
    """A rating or a change the rules do not allow, in plain words."""


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str
    question: str
    levels: tuple[str, str, str, str, str]


@cache
def dimensions() -> tuple[Dimension, ...]:
    data = load_json("maturity.json")
    return tuple(
        Dimension(d["code"], d["label"], d["question"], tuple(d["levels"]))  # type: ignore[arg-type]
        for d in data["dimensions"]
    )


def sources() -> list[str]:
    return list(load_json("maturity.json")["sources"])


# -- rating ---------------------------------------------------------------------------------------


def checked_scores(scores: dict[str, int]) -> dict[str, int]:
    """All six dimensions rated 1 to 5, and nothing else."""
    codes = [d.code for d in dimensions()]
    unknown = [code for code in scores if code not in codes]
    if unknown:
        raise MaturityError(f"'{unknown[0]}' is not one of the six dimensions")
    missing = [d.label for d in dimensions() if d.code not in scores]
    if missing:
        raise MaturityError(f"rate every dimension: {', '.join(missing)} not rated yet")
    for d in dimensions():
        score = scores[d.code]
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise MaturityError(f"rate {d.label} from 1 to 5")
    return {code: scores[code] for code in codes}


def set_mode(workshop: Workshop, mode: str) -> None:
    maturity = workshop.maturity
    if mode not in {"named", "anonymous"}:
        raise MaturityError("choose named or anonymous ratings")
    if mode != maturity.mode and (_rounds_of(workshop)[1] or maturity.sealed):
        # This quarter's ratings only: a quarter's file started from the last one keeps its
        # ratings to compare with, and refused a new mode though none had been given.
        raise MaturityError(CHANGE_MODE)
    maturity.mode = mode  # type: ignore[assignment]


def open_collecting(workshop: Workshop, take_over: bool = False) -> None:
    """Collect anonymous ratings at this screen (as ``pulse.open_pulse``)."""
    maturity = workshop.maturity
    if secret.key_held_here(maturity.key):
        return
    if maturity.key and not take_over:
        raise MaturityError(
            "anonymous ratings are already collected at another screen: rate here, or take "
            "them over at this screen (the ratings waiting there are discarded)"
        )
    maturity.sealed = []
    maturity.key = secret.open_key()


def collects_here(workshop: Workshop) -> bool:
    return secret.key_held_here(workshop.maturity.key)


def rate(workshop: Workshop, rater: str, scores: dict[str, int], today: dt.date) -> None:
    """Record a rating. Named: ``rater``'s earlier rating is replaced. Anonymous: no name is
    kept; the rating is sealed for the collecting screen and published in a batch."""
    cleaned = checked_scores(scores)
    maturity = workshop.maturity
    if maturity.mode == "named":
        rater = workshop.as_listed(rater)
        if not rater:
            raise MaturityError("say who is rating")
        key = name_key(rater)
        joined = {r.id for r in this_round(workshop, today)}
        rating = MaturityRating(rater=rater, scores=cleaned, day=today)
        replace_or_add(
            maturity.ratings, lambda r: r.id in joined and name_key(r.rater) == key, rating
        )
        return
    if not maturity.key:
        raise MaturityError(NOT_OPEN)
    fields = {"scores": cleaned, "day": today.isoformat()}
    maturity.sealed.append(SealedAnswer(data=secret.seal_answer(maturity.key, fields, SEALED_SIZE)))
    if collects_here(workshop):
        publish(workshop)


def named_rating(workshop: Workshop, rater: str) -> MaturityRating | None:
    """``rater``'s own last rating, however their name is typed; None when anonymous or
    unrated."""
    if workshop.maturity.mode != "named" or not rater.strip():
        return None
    key = name_key(workshop.as_listed(rater))
    own = [r for r in workshop.maturity.ratings if name_key(r.rater) == key]
    return max(own, key=lambda r: r.day or dt.date.min, default=None)


def rounds(ratings: Sequence[MaturityRating]) -> list[list[MaturityRating]]:
    """The ratings by round, oldest first: each round holds the ratings given within
    ``ROUND_DAYS`` of its first. A rating with no day (a file from before ratings carried
    one) belongs to the first."""
    found: list[list[MaturityRating]] = []
    first: dt.date | None = None  # the day the last round began, once one of it has a day
    for rating in sorted(ratings, key=lambda r: r.day or dt.date.min):
        if found and (
            rating.day is None or first is None or (rating.day - first).days <= ROUND_DAYS
        ):
            found[-1].append(rating)
            first = first or rating.day
        else:
            found.append([rating])
            first = rating.day
    return found


def first_day(ratings: Sequence[MaturityRating]) -> dt.date | None:
    """The day a round began: its first rating that carries one."""
    return min((r.day for r in ratings if r.day is not None), default=None)


def this_round(workshop: Workshop, today: dt.date) -> list[MaturityRating]:
    """The ratings of the round a rating given ``today`` joins: the last round's, while it is
    open, else none (``today`` begins a new one). A leader's rating replaces only their own
    of it; one from a round before is kept, to compare."""
    found = rounds(workshop.maturity.ratings)
    if not found:
        return []
    first = first_day(found[-1])
    return found[-1] if first is None or (today - first).days <= ROUND_DAYS else []


def publish(workshop: Workshop, joined: Sequence[MaturityRating] = ()) -> int:
    """Publish the sealed ratings, with ``joined`` (ratings that reach this screen already
    anonymous: the room's phones), once together they are at least the pulse minimum.
    Ratings sealed for another screen wait for it."""
    maturity = workshop.maturity
    opened, damaged = _opened(workshop) if maturity.sealed and collects_here(workshop) else ([], 0)
    batch = [*opened, *joined]
    if not batch or len(batch) < workshop.settings.pulse_minimum:
        return 0
    if opened or damaged:
        maturity.sealed = []
    add_anonymous(workshop, [r.model_copy(update={"id": new_id()}) for r in batch])
    return len(batch)


def sealed_here(workshop: Workshop) -> int:
    """How many of the ratings sealed for this screen would count in a batch: those that open,
    each notebook's last; none where this screen does not collect them."""
    if not workshop.maturity.sealed or not collects_here(workshop):
        return 0
    return len(_opened(workshop)[0])


def _opened(workshop: Workshop) -> tuple[list[MaturityRating], int]:
    """The sealed ratings, opened (one notebook's count as one, its last), and how many could
    not be read."""
    maturity = workshop.maturity
    sealed = [s.data for s in maturity.sealed]
    return secret.opened_as(MaturityRating.model_validate, maturity.key, sealed)


def add_anonymous(workshop: Workshop, ratings: list[MaturityRating]) -> None:
    """Add ratings that carry no rater, with the others in an order of what they say, so
    where a rating stands in the file says nothing of when, or from whom, it came."""
    day = secret.batch_day(r.day for r in ratings)  # as a pulse batch's: one day for all
    every = [*workshop.maturity.ratings, *(r.model_copy(update={"day": day}) for r in ratings)]
    workshop.maturity.ratings = sorted(every, key=_canonical)


def _canonical(rating: MaturityRating) -> tuple[object, ...]:
    return (rating.rater, sorted(rating.scores.items()), rating.day or dt.date.min, rating.id)


def raters(workshop: Workshop) -> int:
    """The ratings of this quarter's last round, as ``maturity_view`` shows it: published,
    and sealed ones waiting for their batch; not a round before it (an earlier quarter's, or
    this quarter's first, which three leaders rating again at a debrief counted twice: 11
    raters of 8 leaders)."""
    _, current = _rounds_of(workshop)
    return (len(current[-1]) if current else 0) + len(workshop.maturity.sealed)


# -- what the room sees ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One dimension as the room rated it."""

    dimension: Dimension
    scores: tuple[int, ...]  # sorted

    @property
    def median(self) -> float:
        return float(statistics.median(self.scores))

    @property
    def low(self) -> int:
        return self.scores[0]

    @property
    def high(self) -> int:
        return self.scores[-1]

    @property
    def spread(self) -> int:
        return self.high - self.low


@dataclass(frozen=True)
class MaturityView:
    """The last round of ratings, and the round before it (``earlier``) where there is one."""

    ratings: int
    waiting: int
    readings: list[Reading]
    earlier: list[Reading] = field(default_factory=list)
    earlier_day: dt.date | None = None  # the first day of the round before
    earlier_ratings: int = 0
    day: dt.date | None = None  # the first day of the last round

    @property
    def earlier_medians(self) -> dict[str, float]:
        """The round before's median of each dimension, by its code; empty with no round
        before. The radar draws them as a second outline and the workbook beside this round's."""
        return {r.dimension.code: r.median for r in self.earlier}

    @property
    def moved(self) -> list[tuple[Reading, float]]:
        """Each dimension whose median moved since the round before, with that median."""
        before = self.earlier_medians
        return [
            (r, before[r.dimension.code])
            for r in self.readings
            if r.dimension.code in before and before[r.dimension.code] != r.median
        ]

    @property
    def shown(self) -> bool:
        return bool(self.readings)

    @property
    def questions(self) -> list[Reading]:
        """Dimensions where leaders differ by ``SPREAD`` or more."""
        return [r for r in self.readings if r.spread >= SPREAD]

    @property
    def weakest(self) -> list[Reading]:
        """The dimensions with the lowest median (several when tied)."""
        if not self.readings:
            return []
        lowest = min(r.median for r in self.readings)
        return [r for r in self.readings if r.median == lowest]

    @property
    def summary(self) -> str:
        if not self.shown and self.earlier_ratings:
            # The session's date moved past the ratings' round: "No maturity rating yet"
            # read as ratings lost.
            return f"No maturity rating this round yet. The round before: {self.round_before}."
        if not self.shown:
            return "No maturity rating yet."
        weakest = " and ".join(r.dimension.label for r in self.weakest)
        text = (
            f"{plural(self.ratings, 'rating')}. Weakest: {weakest} "
            f"(median {self.weakest[0].median:g} of 5)."
        )
        if self.questions:
            text += " Leaders differ by 2 or more on " + ", ".join(
                f"{r.dimension.label} ({r.low}–{r.high})" for r in self.questions
            )
            text += ": a question for the room."
        if self.earlier:
            text += f" {self.since}"
        return text

    @property
    def round_before(self) -> str:
        """The round before, as a reader needs it: how many rated, and from when."""
        count = plural(self.earlier_ratings, "rating")
        return f"{count} of {day_text(self.earlier_day)}" if self.earlier_day else count

    @property
    def since(self) -> str:
        """How the medians moved since the round before, in a sentence that says how many
        rated each time: one leader's new rating is not yet the room's."""
        when = f"the {self.round_before} ({self.ratings} so far this round)"
        if not self.moved:
            return f"Since {when}, no median has moved."
        changes = ", ".join(
            f"{r.dimension.label} {before:g} → {r.median:g}" for r, before in self.moved
        )
        return f"Since {when}: {changes}."


def maturity_view(workshop: Workshop) -> MaturityView:
    """The last round of this quarter's ratings, and the round before it. A round that began
    more than ``ROUND_DAYS`` before the workshop's session is an earlier quarter's, carried
    into the next quarter's file to compare with: never shown as this quarter's."""
    found, current = _rounds_of(workshop)
    last = current[-1] if current else []
    earlier = _round_before(found, last)
    return MaturityView(
        len(last),
        len(workshop.maturity.sealed),
        _readings(last),
        _readings(earlier),
        first_day(earlier),
        len(earlier),
        first_day(last),
    )


def _rounds_of(
    workshop: Workshop,
) -> tuple[list[list[MaturityRating]], list[list[MaturityRating]]]:
    """Every round of ratings, and this quarter's: those not begun more than ``ROUND_DAYS``
    before the workshop's session (an earlier quarter's, carried over to compare with)."""
    found = rounds(workshop.maturity.ratings)
    date = workshop.meta.date
    current = [
        r for r in found if (began := first_day(r)) is None or (date - began).days <= ROUND_DAYS
    ]
    return found, current


def _round_before(
    found: list[list[MaturityRating]], last: list[MaturityRating]
) -> list[MaturityRating]:
    """The round before ``last`` (the last of all when ``last`` is none yet), or none."""
    at = next((n for n, r in enumerate(found) if r is last), len(found))
    return found[at - 1] if at > 0 else []


def _readings(ratings: Sequence[MaturityRating]) -> list[Reading]:
    readings = [
        Reading(d, tuple(sorted(r.scores[d.code] for r in ratings if d.code in r.scores)))
        for d in dimensions()
    ]
    return [r for r in readings if r.scores]


def maturity_gaps(workshop: Workshop) -> list[str]:
    if raters(workshop) == 0 and (view := maturity_view(workshop)).earlier_ratings:
        return [
            "no leader has rated execution maturity this round yet; the round before: "
            f"{view.round_before}, more than {ROUND_DAYS // 7} weeks before the session "
            "(step 9)"
        ]
    if raters(workshop) == 0:
        return ["no leader has rated execution maturity yet (step 9)"]
    return []
