"""Step 3: is an initiative's value deploy-ready, or still something to explore?

Deploy-ready means the team can say what metric moves, from what, to what, by when: the
metric is named, baseline and target are ordinary numbers that differ, and the date falls
after the workshop. Anything less is honest exploration, and each gap is named in plain words.
Warnings (a vague metric, a far-off date, no lead measure, no guardrail) never block: they
are what a good facilitator would ask next. The shape is the "from X to Y by when" goal form.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from gaptools.core.model import Value
from gaptools.core.numbers import Magnitude, format_change, format_quantity
from gaptools.core.quarter import day_text
from gaptools.core.resources import load_json

DEPLOY_READY = "deploy-ready"
EXPLORE = "explore"


def value_gaps(value: Value, workshop_date: dt.date) -> list[str]:
    """Why the value is not deploy-ready yet; empty when it is."""
    gaps = []
    if not value.metric.strip():
        gaps.append("no metric: name the number that should move")
    if not is_number(value.baseline):
        gaps.append("no baseline: measure it first")
    if not is_number(value.target):
        gaps.append("no target: say how far it should move")
    if is_number(value.baseline) and is_number(value.target) and value.baseline == value.target:
        gaps.append("target equals baseline: nothing would move")
    if value.due is None:
        gaps.append("no date: say by when")
    elif value.due <= workshop_date:
        gaps.append("the date has passed: pick one after the workshop")
    return gaps


def is_deploy_ready(value: Value, workshop_date: dt.date) -> bool:
    return not value_gaps(value, workshop_date)


def value_status(value: Value, workshop_date: dt.date) -> str:
    return DEPLOY_READY if is_deploy_ready(value, workshop_date) else EXPLORE


def value_warnings(value: Value, workshop_date: dt.date) -> list[str]:
    """Questions worth asking even of a deploy-ready value; they never block."""
    warnings = []
    if is_vague(value.metric) and not value.unit.strip():
        warnings.append(
            f"'{value.metric.strip()}' is vague: name what is counted and give it a unit"
        )
    if value.due is not None and value.due > one_year_after(workshop_date):
        warnings.append("the date is more than 12 months away: set a nearer milestone too")
    if not any(m.strip() for m in value.lead_measures):
        warnings.append("no lead measure: name one thing the team can move every week")
    if not value.guardrail.strip():
        warnings.append("no guardrail: name a metric that must not get worse")
    return warnings


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


def value_sentence(value: Value) -> str:
    """'Move <metric> from <baseline> to <target> <unit> by <date> (<change>)'; missing
    pieces show as '…' so the sentence itself says what is still to be decided."""
    metric = _metric_phrase(value.metric) or "…"
    unit = value.unit.strip()
    baseline = format_quantity(value.baseline, unit) if is_number(value.baseline) else "…"
    target = format_quantity(value.target, unit) if is_number(value.target) else "…"
    trailing = f" {unit}" if unit and not _unit_is_prefix_or_symbol(unit) else ""
    if trailing and not is_number(value.target):
        trailing = ""
    due = day_text(value.due) if value.due else "…"
    sentence = f"Move {metric} from {baseline} to {target}{trailing} by {due}"
    moved = magnitude(value)
    if moved is not None and moved.direction != "none":
        sentence += f" ({format_change(moved, unit)})"
    return sentence


def _metric_phrase(metric: str) -> str:
    text = " ".join(metric.split())
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def _unit_is_prefix_or_symbol(unit: str) -> bool:
    from gaptools.core.numbers import CURRENCIES

    return unit == "%" or unit.upper() in CURRENCIES or unit in CURRENCIES.values()
