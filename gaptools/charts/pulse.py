"""Step 8's chart: the distribution of each pulse question (placeholder until drawn)."""

from __future__ import annotations

from gaptools.steps.pulse import PulseView


def pulse_chart(view: PulseView) -> str:
    return ""
