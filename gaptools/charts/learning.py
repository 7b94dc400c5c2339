"""Step 9's charts: the timeline of learning cycles and the execution-maturity radar."""

from __future__ import annotations

import datetime as dt

from gaptools.core.model import Workshop
from gaptools.steps.maturity import MaturityView


def timeline_chart(workshop: Workshop, as_of: dt.date) -> str:
    return ""


def radar_chart(view: MaturityView) -> str:
    return ""
