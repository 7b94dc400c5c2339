"""Step 3: is an initiative's value deploy-ready, or still something to explore?

Deploy-ready means the team can say what metric moves, from what, to what, by when: the
metric is named and measurable, baseline and target are ordinary numbers that differ, and the
date falls after the workshop. A metric made only of hope words ("productivity", "AI
transformation", the list in ``data/vague_metrics.json``) with no unit is not measurable: nobody
could say what was counted. Anything less is honest exploration, and each gap is named in plain
words. Warnings (a far-off date, no lead measure, no guardrail) never block: they are what a
good facilitator would ask next. The shape is the "from X to Y by when" goal form.

The counts (``value_counts``) cover only the initiatives in play — ideas, pilots and stalled
ones, as ``Workshop.in_play`` decides: "deploy-ready or explore?" asks whether an initiative is
ready to be taken to production. One in production has been deployed, and a killed one was
stopped on purpose, so neither is ready nor still to explore. Status, the report, the table
export, the canvas and the form all count through ``value_counts`` and label each initiative
with ``value_verdict``, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from gaptools.core.model import IN_PLAY, Initiative, Stage, Value, Workshop
from gaptools.core.numbers import (
    Magnitude,
    Scale,
    format_change,
    format_quantity,
    shared_scale,
    trailing_unit,
    unit_agrees,
)
from gaptools.core.quarter import Quarter, day_text
from gaptools.core.resources import load_json
from gaptools.core.text import plural

DEPLOY_READY = "deploy-ready"
EXPLORE = "explore"


def set_amount(value: Value, which: str, number: float | None, unit: str = "") -> None:
    """The baseline or the target (``which``), as typed: ``unit`` is what was written on the
    number ("%" of "60%", "£" of "£1,200"; see ``numbers.typed_unit``). It becomes the
    value's unit when it has none yet, so "60%" to "85%" reads as percentage points, not as
    a change of 42%; one that contradicts the unit already given is refused, not dropped."""
    given = value.unit.strip()
    if unit and not given:
        value.unit = unit
    elif unit and not unit_agrees(given, unit):
        raise ValueError(
            f"the number is typed in {unit}, but the unit is '{given}': type the number "
            "alone, or change the unit first"
        )
    setattr(value, which, number)


#: Units whose own short form is the letter a budget writes millions with ("m" itself too):
#: "45m" in minutes, months, metres or miles is not 45 million of them.
M_UNITS = ("min", "month", "metre", "meter", "mile")
_SIZED_IN_M = re.compile(r"\s*[£$€]?\s*(\d[\d,.]*)\s*m\s*$", re.I)


def check_size(unit: str, typed: object) -> None:
    """Refuse "45m" where the value's unit is minutes (or months, metres, miles): the number
    reader takes "m" for a million, as in "£1.2m", and stored 45,000,000 minutes."""
    found = _SIZED_IN_M.fullmatch(str(typed or ""))
    words = unit.strip().casefold()
    if found and (words == "m" or words.startswith(M_UNITS)):
        number = found.group(1)
        raise ValueError(
            f"'{str(typed).strip()}' reads as {number} million, but the unit is '{unit.strip()}': "
            f"type {number}"
        )


METRIC, BASELINE, TARGET, DATE = (
    "a metric that can be counted",
    "the baseline",
    "the target",
    "a date to reach it by",
)


def value_lacks(value: Value, workshop_date: dt.date) -> list[tuple[str, str]]:
    """Each reason the value is not deploy-ready yet, with the part it leaves owing (one of
    ``METRIC``, ``BASELINE``, ``TARGET``, ``DATE``): step 3 says the reason, and the card
    of a bet on it says what its first cycle must produce."""
    lacks = []
    if not value.metric.strip():
        lacks.append((METRIC, "no metric: name the number that should move"))
    elif not is_measurable(value):
        phrase = _metric_phrase(value.metric)
        said = (
            "a share of what? Say what is counted"
            if value.unit.strip()
            else "say what is counted, and in what unit"
        )
        lacks.append((METRIC, f"'{phrase}' is not measurable yet: {said}"))
    if not is_number(value.baseline):
        lacks.append((BASELINE, "no baseline: measure it first"))
    if not is_number(value.target):
        lacks.append((TARGET, "no target: say how far it should move"))
    if is_number(value.baseline) and is_number(value.target) and value.baseline == value.target:
        lacks.append((TARGET, "target equals baseline: nothing would move"))
    if value.due is None:
        lacks.append((DATE, "no date: say by when"))
    elif value.due <= workshop_date:
        lacks.append((DATE, "the date has passed: pick one after the workshop"))
    return lacks


def value_gaps(value: Value, workshop_date: dt.date) -> list[str]:
    """Why the value is not deploy-ready yet; empty when it is."""
    return [why for _, why in value_lacks(value, workshop_date)]


def is_measurable(value: Value) -> bool:
    """A metric is measurable unless it is made only of vague words and has no unit: with a
    unit ("productivity" in orders per picker-hour) the room has said what is counted. A bare
    per cent says no more: "productivity" with a baseline typed "about 10%" took "%" as its
    unit, and the vague metric passed."""
    return not (is_vague(value.metric) and not _counts_something(value.unit))


#: Units that say how a number is written, not what is counted.
BARE_UNITS = frozenset({"", "%", "percent", "per cent", "pct", "percentage"})


def _counts_something(unit: str) -> bool:
    return " ".join(unit.casefold().split()) not in BARE_UNITS


def is_deploy_ready(value: Value, workshop_date: dt.date) -> bool:
    return not value_gaps(value, workshop_date)


def value_status(value: Value, workshop_date: dt.date) -> str:
    return DEPLOY_READY if is_deploy_ready(value, workshop_date) else EXPLORE


@dataclass(frozen=True)
class ValueCounts:
    """Which initiatives in play are deploy-ready and which are still to explore, by name in
    portfolio order."""

    deploy_ready: list[str]
    explore: list[str]

    @property
    def in_play(self) -> int:
        return len(self.deploy_ready) + len(self.explore)

    @property
    def summary(self) -> str:
        """The sentence the form and the report read out."""
        if not self.in_play:
            return "No initiatives in play (ideas, pilots or stalled ones) yet."
        return (
            f"{len(self.deploy_ready)} of the {plural(self.in_play, 'initiative')} in play "
            f"{'is' if len(self.deploy_ready) == 1 else 'are'} deploy-ready; "
            f"{len(self.explore)} still to explore."
        )


def value_counts(workshop: Workshop) -> ValueCounts:
    """Deploy-ready and explore over the initiatives in play, the one count every view shows."""
    ready: list[str] = []
    explore: list[str] = []
    for initiative in workshop.in_play():
        ready_now = is_deploy_ready(initiative.value, workshop.meta.date)
        (ready if ready_now else explore).append(initiative.name)
    return ValueCounts(deploy_ready=ready, explore=explore)


def explore_gaps(counts: ValueCounts) -> list[str]:
    """What step 3 still lacks, for the workshop's 'missing' list."""
    if not counts.explore:
        return []
    return [
        f"{plural(len(counts.explore), 'initiative has', 'initiatives have')} no deploy-ready "
        "value yet (step 3)"
    ]


#: What an initiative out of play is called where one in play says deploy-ready or explore.
OUT_OF_PLAY_WORDS = {Stage.PRODUCTION: "in production", Stage.KILLED: "killed"}


def value_verdict(initiative: Initiative, workshop_date: dt.date) -> str:
    """'deploy-ready' or 'explore' for an initiative in play; for one out of play, its stage,
    because the counts leave it out and a table beside them must not disagree."""
    if initiative.stage not in IN_PLAY and initiative.stage is not None:
        return OUT_OF_PLAY_WORDS.get(initiative.stage, initiative.stage.label.lower())
    return value_status(initiative.value, workshop_date)


def value_warnings(
    value: Value, workshop_date: dt.date, quarter: Quarter | None = None
) -> list[str]:
    """Questions worth asking even of a deploy-ready value; they never block. (A vague metric
    with no unit is a gap, not a warning: see ``value_gaps``.) ``quarter`` is the one the
    workshop plans, where a value carried over from an earlier quarter may be due before it."""
    warnings = date_warnings(value, workshop_date, quarter)
    if not any(m.strip() for m in value.lead_measures):
        warnings.append("no lead measure: name one thing the team can move every week")
    if not value.guardrail.strip():
        warnings.append("no guardrail: name a metric that must not get worse")
    return warnings


def date_warnings(
    value: Value, workshop_date: dt.date, quarter: Quarter | None = None
) -> list[str]:
    """What to ask of a value's date: due before the quarter it plans, or more than a year
    out. The report asks them beside the verdict, which reads "deploy-ready" all the same."""
    warnings = []
    if quarter is not None and (early := before_the_quarter(value, workshop_date, quarter)):
        warnings.append(early)
    if is_far(value, workshop_date):
        warnings.append(FAR_DATE)
    return warnings


FAR_DATE = (
    "the date is more than 12 months away: add a nearer milestone the quarter can show, as a "
    "lead measure"
)


def before_the_quarter(value: Value, workshop_date: dt.date, quarter: Quarter) -> str | None:
    """What to ask of a value due after the workshop but before the quarter it plans starts: a
    date carried over from last quarter's workshop, still "after the workshop", by which the
    quarter's work cannot have moved anything."""
    if value.due is None or not workshop_date < value.due < quarter.start:
        return None
    return (
        f"the date ({day_text(value.due)}) is before {quarter.label} starts "
        f"({day_text(quarter.start)}), the quarter this workshop plans: a value carried over "
        "from an earlier quarter needs a new date, and a baseline measured afresh"
    )


def is_far(value: Value, workshop_date: dt.date) -> bool:
    """Due more than a year after the workshop: a date nobody in the room will be held to."""
    return value.due is not None and value.due > one_year_after(workshop_date)


def one_year_after(day: dt.date) -> dt.date:
    """The same day next year (28 February when there is no 29th)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def is_vague(metric: str) -> bool:
    """A metric made only of hope words ('AI productivity', 'better engagement')."""
    words = re.findall(r"[a-zA-Z]+", metric.casefold())
    if not words:
        return False
    lists = load_json("vague_metrics.json")
    vague, filler = set(lists["words"]), set(lists["filler"])
    meaningful = [w for w in words if w not in filler]
    return bool(meaningful) and all(w in vague for w in meaningful)


def is_number(number: float | None) -> bool:
    return number is not None and math.isfinite(number)


def magnitude(value: Value) -> Magnitude | None:
    if not (is_number(value.baseline) and is_number(value.target)):
        return None
    baseline, target = float(value.baseline), float(value.target)
    change = target - baseline
    if not math.isfinite(change):
        return None
    direction = "increase" if change > 0 else "decrease" if change < 0 else "none"
    relative = change / baseline if baseline > 0 and target >= 0 else None
    if relative is not None and not math.isfinite(relative):
        relative = None
    return Magnitude(absolute=change, relative=relative, direction=direction)


NO_VALUE = "No value defined yet"


def value_sentence(value: Value) -> str:
    """'Move <metric> from <baseline> to <target> <unit> by <date> (<change>)'; missing
    pieces show as '…' so the sentence itself says what is still to be decided; with none of
    metric, baseline, target and date, it says there is no value yet (a row of '…' read as a
    template left unfilled)."""
    given = (value.metric.strip(), value.due, is_number(value.baseline), is_number(value.target))
    if not any(given):
        return NO_VALUE
    metric = _metric_phrase(value.metric) or "…"
    unit = value.unit.strip()
    scale = shared_scale(*(n for n in (value.baseline, value.target) if is_number(n)))
    baseline = _amount(value.baseline, unit, scale)
    target = _amount(value.target, unit, scale)
    trailing = trailing_unit(unit) if is_number(value.target) else ""
    due = day_text(value.due) if value.due else "…"
    sentence = f"Move {metric} from {baseline} to {target}{trailing} by {due}"
    moved = magnitude(value)
    if moved is not None and moved.direction != "none":
        sentence += f" ({format_change(moved, unit)})"
    return sentence


def _metric_phrase(metric: str) -> str:
    """The metric as the sentence's words: its first letter lowered when the metric is
    written in sentence case ('Average handle time'). A German metric capitalises its nouns
    wherever they stand ('Lieferausfälle pro Jahr'), and a one-word metric could be either
    ('Ausschussquote', 'Churn'): those keep the case they were written in, as 'NPS' does."""
    text = " ".join(metric.split())
    words = text.split(" ")
    sentence_case = len(words) > 1 and all(_not_capitalised(w) for w in words[1:])
    if sentence_case and len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def _not_capitalised(word: str) -> bool:
    """A word that sentence case leaves as it is: lower case, an acronym, or no letter first."""
    return not word[0].isalpha() or word[0].islower() or word.isupper()


def _amount(number: float | None, unit: str, scale: Scale | None) -> str:
    return format_quantity(number, unit, scale) if is_number(number) else "…"
