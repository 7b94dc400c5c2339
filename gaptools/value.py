"""Step 3: is an initiative's value deploy-ready, or still something to explore?

Deploy-ready means the team can say what metric moves, from what, to what, by when: the
metric is named, baseline and target are numbers that differ, and the date falls after the
workshop. Anything less is honest exploration, and each gap is named in plain words.
"""

from __future__ import annotations

import datetime as dt
import math

from gaptools.model import Value


def value_gaps(value: Value, workshop_date: dt.date) -> list[str]:
    """Why the value is not deploy-ready yet; empty when it is."""
    gaps = []
    if not value.metric:
        gaps.append("no metric: name the number that should move")
    if not _is_number(value.baseline):
        gaps.append("no baseline: measure it first")
    if not _is_number(value.target):
        gaps.append("no target: say how far it should move")
    if _is_number(value.baseline) and _is_number(value.target) and value.baseline == value.target:
        gaps.append("target equals baseline: nothing would move")
    if value.due is None:
        gaps.append("no date: say by when")
    elif value.due <= workshop_date:
        gaps.append("the date has passed: pick one after the workshop")
    return gaps


def is_deploy_ready(value: Value, workshop_date: dt.date) -> bool:
    return not value_gaps(value, workshop_date)


def _is_number(number: float | None) -> bool:
    return number is not None and math.isfinite(number)
