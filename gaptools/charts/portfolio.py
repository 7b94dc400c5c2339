"""Step 1 charts: the stage funnel, how long pilots have run, and why work stalled."""

from __future__ import annotations

from matplotlib.figure import Figure

from gaptools.charts import (
    BASE_FONT,
    PALETTE,
    labels,
    new_figure,
    room_for_bar_labels,
    say_empty,
    style_axes,
)
from gaptools.charts.steps import MAX_PILOT_BARS, STAGE_COLOURS, STAGE_PATTERNS
from gaptools.core.text import plural
from gaptools.steps.portfolio import Diagnosis, reason_label, stage_label

MPL_HATCH = {"hatch": "//", "dots": "..", "": ""}
NAME_ROOM = 240  # pixels for a pilot's name beside its bar, a third of the figure


def stage_funnel(diagnosis: Diagnosis) -> Figure:
    """Initiatives per stage, idea to production, then the stalled and the killed, and those
    with no stage given yet when there are any."""
    figure = new_figure(7.5, 3.6)
    axes = figure.add_subplot()
    keys = list(diagnosis.by_stage)  # idea to killed, then "not given" when there are any
    counts = list(diagnosis.by_stage.values())
    positions = range(len(keys))[::-1]
    bars = axes.barh(
        list(positions),
        counts,
        color=[STAGE_COLOURS[key] for key in keys],
        edgecolor="black",
        hatch=[MPL_HATCH[STAGE_PATTERNS.get(key, "")] for key in keys],
    )
    texts = axes.bar_label(bars, labels=[str(c) for c in counts], padding=4, fontsize=BASE_FONT)
    axes.set_yticks(list(positions), [stage_label(key) for key in keys])
    axes.set_xlabel("initiatives")
    axes.set_xlim(0, max([*counts, 1]) * 1.15)
    style_axes(axes, f"{plural(diagnosis.total, 'initiative')} by stage")
    room_for_bar_labels(figure, axes, bars, texts)
    return figure


def pilot_ages(diagnosis: Diagnosis) -> Figure:
    """Each pilot's age in weeks against the purgatory line; stuck pilots hatched and named."""
    shown = diagnosis.pilot_ages[:MAX_PILOT_BARS]
    figure = new_figure(7.5, max(2.4, 0.42 * len(shown) + 1.4))
    axes = figure.add_subplot()
    if not shown:
        return say_empty(figure, axes, "No running pilot has a start date.")
    positions = list(range(len(shown)))[::-1]
    bars = axes.barh(
        positions,
        [a.weeks for a in shown],
        color=[PALETTE["vermillion"] if a.stuck else PALETTE["sky"] for a in shown],
        edgecolor="black",
        hatch=["//" if a.stuck else "" for a in shown],
    )
    texts = axes.bar_label(
        bars,
        labels=[f"{a.weeks:.0f} wk" + (" · stuck" if a.stuck else "") for a in shown],
        padding=4,
        fontsize=BASE_FONT - 1,
    )
    names = labels.fit_apart([a.name for a in shown], NAME_ROOM, BASE_FONT * figure.dpi / 72, 34)
    axes.set_yticks(positions, names)
    threshold = diagnosis.threshold_weeks
    axes.axvline(threshold, color="black", linestyle="--", linewidth=1.5)
    longest = max(a.weeks for a in shown)
    axes.set_xlim(0, max(longest, threshold) * 1.3)
    axes.set_xlabel(f"weeks since the pilot started\n(dashed line: stuck after {threshold} weeks)")
    more = len(diagnosis.pilot_ages) - len(shown)
    title = "How long pilots have run" + (f" (oldest {len(shown)}; {more} more)" if more else "")
    style_axes(axes, title)
    room_for_bar_labels(figure, axes, bars, texts)
    return figure


def stall_reasons(diagnosis: Diagnosis) -> Figure:
    """Why stalled initiatives stopped, most common first."""
    reasons = list(diagnosis.stall_reasons.items())
    figure = new_figure(7.5, max(2.2, 0.5 * len(reasons) + 1.3))
    axes = figure.add_subplot()
    if not reasons:
        return say_empty(figure, axes, "Nothing is stalled.")
    positions = list(range(len(reasons)))[::-1]
    bars = axes.barh(
        positions, [n for _, n in reasons], color=PALETTE["vermillion"], edgecolor="black"
    )
    texts = axes.bar_label(bars, padding=4, fontsize=BASE_FONT)
    axes.set_yticks(positions, [reason_label(r) for r, _ in reasons])
    axes.set_xlim(0, max(n for _, n in reasons) * 1.3)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_xlabel("stalled initiatives")
    style_axes(axes, "Why work stalled")
    room_for_bar_labels(figure, axes, bars, texts)
    return figure
