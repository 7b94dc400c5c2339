"""Step 9's charts: the timeline of learning cycles and the execution-maturity radar.

The timeline draws one row per logged cycle: a bar from its start to its decision (to its
planned end, or to today while it runs), the planned end and the kill date marked on it, the
debriefs as dots under it, and the decision at its end as a word and a shape (▲ scale,
● iterate, ◆ pivot, ✕ kill), never as a colour alone; a running cycle's bar is hatched and
says "running". A dashed line marks today.

The radar draws the median of each of the six dimensions as a polygon, each dimension's range
(lowest to highest rating) as a thick band on its axis, the levels 1 to 5 as rings, and the
dimension names outside; the weakest dimension and those where leaders differ by 2 or more are
named in words beside their label. ``radar_points`` places the polygon once, for the inline
SVG and the PNG slide alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import math
from collections.abc import Sequence

from gaptools.charts import BASE_FONT, PALETTE, STRIPE, STRIPES, labels, new_figure, png_bytes
from gaptools.core.model import CycleDecision, Workshop
from gaptools.core.quarter import day_text
from gaptools.core.text import plural
from gaptools.steps import learning
from gaptools.steps.maturity import SPREAD, MaturityView, Reading

# -- the timeline -----------------------------------------------------------------------------

WIDTH = 760
LABEL_WIDTH = 270  # the row's name, left of the plot
DECISION_WIDTH = 100  # the decision in words, right of the plot
PLOT_LEFT, PLOT_RIGHT = LABEL_WIDTH + 10, WIDTH - DECISION_WIDTH
TOP = 30  # room for "today" above the rows
ROW, BAR = 46, 18
AXIS = 40  # the date axis under the rows
FONT, SMALL = 15, 13

#: The decision as a word and a shape, drawn at the bar's end.
SHAPES = {
    CycleDecision.SCALE: "▲",
    CycleDecision.ITERATE: "●",
    CycleDecision.PIVOT: "◆",
    CycleDecision.KILL: "✕",
}


def timeline_chart(workshop: Workshop, as_of: dt.date) -> str:
    """Every logged cycle on one time axis, or "" when none is logged."""
    entries = learning.logged(workshop)
    if not entries:
        return ""
    days = [as_of]
    for e in entries:
        c = e.cycle
        days += [d for d in (c.start, c.end, c.kill_by, c.decided_on) if d is not None]
        days += c.debriefs
    first, last = min(days), max(days)
    if (last - first).days < 14:
        last = first + dt.timedelta(days=14)
    pad = dt.timedelta(days=max(2, (last - first).days // 30))
    low, high = first - pad, last + pad
    span = (high - low).days

    def x_of(day: dt.date) -> float:
        return PLOT_LEFT + (day - low).days / span * (PLOT_RIGHT - PLOT_LEFT)

    key = hashlib.sha1(f"timeline{len(entries)}{low}{high}".encode()).hexdigest()[:8]
    height = TOP + ROW * len(entries) + AXIS
    rows = "".join(_cycle_row(n, e, as_of, x_of, key) for n, e in enumerate(entries))
    bottom = TOP + ROW * len(entries)
    axis = _axis(low, high, x_of, bottom)
    today = x_of(as_of)
    today_line = (
        f"<g><title>Today: {day_text(as_of)}</title>"
        f"<line x1='{today:.1f}' y1='{TOP - 6}' x2='{today:.1f}' y2='{bottom}' stroke='black' "
        "stroke-width='2' stroke-dasharray='6 4'/>"
        f"<text x='{today:.1f}' y='{TOP - 10}' text-anchor='middle' font-size='{SMALL}' "
        f"font-weight='bold'>today</text></g>"
    )
    title = f"Learning cycles over time: {len(entries)} logged"
    legend = (
        "Bar: start to decision (hatched: still running, to its planned end or today) · "
        "│ planned end · ▼ kill date · ○ debrief · ┆ today. "
        "Decision at the bar's end: ▲ scale, ● iterate, ◆ pivot, ✕ kill."
    )
    return (
        f"<div class='gaptools-chart gaptools-timeline' style='max-width:{WIDTH}px'>"
        f"<h4>{html.escape(title)}</h4>"
        f"{labels.svg_open(WIDTH, height, title, FONT)}"
        f"{_hatch(key)}{axis}{rows}{today_line}</svg>"
        f"<p class='gaptools-chart-note'>{html.escape(legend)}</p></div>"
    )


def _hatch(key: str) -> str:
    return (
        f"<defs><pattern id='running-{key}' width='{STRIPES}' height='{STRIPES}' "
        "patternUnits='userSpaceOnUse' patternTransform='rotate(45)'>"
        f"<rect width='{STRIPES}' height='{STRIPES}' fill='white'/>"
        f"<rect width='{STRIPE}' height='{STRIPES}' fill='{PALETTE['blue']}'/></pattern></defs>"
    )


def _cycle_row(index: int, entry: learning.Logged, as_of: dt.date, x_of, key: str) -> str:
    cycle = entry.cycle
    top = TOP + index * ROW
    middle = top + ROW / 2
    bar_top = middle - BAR / 2
    name = labels.fit(entry.initiative.name, (LABEL_WIDTH - 6) / 1.1, FONT)  # bold
    parts = [  # the name on one line, "cycle n" under it, so neither is cut off
        f"<line x1='0' y1='{top + ROW}' x2='{WIDTH}' y2='{top + ROW}' stroke='#dddddd'/>",
        f"<text x='{LABEL_WIDTH - 4}' y='{middle - 3}' text-anchor='end' font-weight='bold'>"
        f"{html.escape(name)}</text>",
        f"<text x='{LABEL_WIDTH - 4}' y='{middle + 15}' text-anchor='end' "
        f"font-size='{SMALL}'>cycle {entry.number}</text>",
    ]
    # A decision typed for a day still to come is not yet taken (``learning.decided_on``).
    decided = learning.decided_on(cycle, as_of) is not None
    if decided and cycle.decision is not None:
        word = f"{SHAPES[cycle.decision]} {cycle.decision.label.lower()}"
    else:
        word = learning.running_word(cycle, as_of)
    details = [entry.label]
    if cycle.start is None:
        parts.append(
            f"<text x='{PLOT_LEFT}' y='{middle + 5}' font-size='{SMALL}' font-style='italic'>"
            "no start date yet</text>"
        )
        word = "" if cycle.decision is None else word
    else:
        ends = [cycle.decided_on] if decided else [cycle.end, as_of]
        until = max(d for d in (*ends, cycle.start) if d is not None)
        left, right = x_of(cycle.start), x_of(until)
        width = max(right - left, 3.0)
        fill = PALETTE["blue"] if decided else f"url(#running-{key})"
        parts.append(
            f"<rect x='{left:.1f}' y='{bar_top:.1f}' width='{width:.1f}' height='{BAR}' "
            f"fill='{fill}' stroke='black'/>"
        )
        details.append(f"started {day_text(cycle.start)}")
        if decided:
            details.append(f"decided {day_text(cycle.decided_on)}")  # type: ignore[arg-type]
            parts.append(_shape(cycle.decision, left + width, middle))  # type: ignore[arg-type]
    if cycle.end is not None:
        x = x_of(cycle.end)
        parts.append(
            f"<line x1='{x:.1f}' y1='{bar_top - 6:.1f}' x2='{x:.1f}' y2='{bar_top + BAR + 6:.1f}' "
            "stroke='black' stroke-width='3'/>"
        )
        details.append(f"planned end {day_text(cycle.end)}")
    if cycle.kill_by is not None:
        x = x_of(cycle.kill_by)
        y = bar_top - 2
        parts.append(
            f"<path d='M {x - 6:.1f} {y - 9:.1f} L {x + 6:.1f} {y - 9:.1f} L {x:.1f} {y:.1f} Z' "
            f"fill='{PALETTE['vermillion']}' stroke='black'/>"
        )
        details.append(f"kill date {day_text(cycle.kill_by)}")
    for day in cycle.debriefs:
        x = x_of(day)
        parts.append(
            f"<circle cx='{x:.1f}' cy='{bar_top + BAR + 7:.1f}' r='4.5' fill='white' "
            "stroke='black' stroke-width='2'/>"
        )
    if cycle.debriefs:
        details.append("debriefs " + ", ".join(day_text(d) for d in cycle.debriefs))
    details.append(f"decision: {word.lstrip('▲●◆✕ ') or 'none yet'}")
    if word:
        weight = "bold" if decided else "normal"
        parts.append(
            f"<text x='{PLOT_RIGHT + 12}' y='{middle + 5}' font-weight='{weight}'>"
            f"{html.escape(word)}</text>"
        )
    return (
        f"<g class='gaptools-cycle'><title>{html.escape('; '.join(details))}</title>"
        f"{''.join(parts)}</g>"
    )


def _shape(decision: CycleDecision, x: float, y: float) -> str:
    """The decision's shape at the end of its bar (its word stands right of the plot)."""
    ink = "stroke='black' stroke-width='1.5'"
    if decision is CycleDecision.SCALE:
        return (
            f"<path d='M {x:.1f} {y - 10:.1f} L {x + 9:.1f} {y + 7:.1f} L {x - 9:.1f} "
            f"{y + 7:.1f} Z' fill='{PALETTE['green']}' {ink}/>"
        )
    if decision is CycleDecision.ITERATE:
        return f"<circle cx='{x:.1f}' cy='{y:.1f}' r='8' fill='{PALETTE['sky']}' {ink}/>"
    if decision is CycleDecision.PIVOT:
        return (
            f"<path d='M {x:.1f} {y - 10:.1f} L {x + 9:.1f} {y:.1f} L {x:.1f} {y + 10:.1f} "
            f"L {x - 9:.1f} {y:.1f} Z' fill='{PALETTE['orange']}' {ink}/>"
        )
    return (
        f"<g stroke='black' stroke-width='4.5'><line x1='{x - 7:.1f}' y1='{y - 7:.1f}' "
        f"x2='{x + 7:.1f}' y2='{y + 7:.1f}'/><line x1='{x - 7:.1f}' y1='{y + 7:.1f}' "
        f"x2='{x + 7:.1f}' y2='{y - 7:.1f}'/></g>"
    )


def _axis(low: dt.date, high: dt.date, x_of, bottom: float) -> str:
    parts = [
        f"<line x1='{PLOT_LEFT}' y1='{bottom}' x2='{PLOT_RIGHT}' y2='{bottom}' stroke='black'/>"
    ]
    ticks = date_ticks(low, high)
    for day in ticks:
        x = x_of(day)
        parts.append(
            f"<line x1='{x:.1f}' y1='{TOP}' x2='{x:.1f}' y2='{bottom + 5}' stroke='#cccccc'/>"
            f"<text x='{x:.1f}' y='{bottom + 20}' text-anchor='middle' font-size='{SMALL}'>"
            f"{day.day} {day.strftime('%b')}</text>"
        )
    years = sorted({low.year, high.year})
    caption = "–".join(str(y) for y in years)
    parts.append(
        f"<text x='{PLOT_RIGHT + 12}' y='{bottom + 20}' font-size='{SMALL}'>{caption}</text>"
    )
    return "".join(parts)


def date_ticks(low: dt.date, high: dt.date, most: int = 6) -> list[dt.date]:
    """Dates to label between ``low`` and ``high``: Mondays every week or two for a short
    span, first days of months for a long one; never more than ``most``."""
    span = (high - low).days
    if span <= 7 * 2 * most:
        step = 7 if span <= 7 * most else 14
        day = low + dt.timedelta(days=(7 - low.weekday()) % 7)
        ticks = []
        while day <= high:
            ticks.append(day)
            day += dt.timedelta(days=step)
        return ticks[:most]
    months = (high.year - low.year) * 12 + high.month - low.month + 1
    every = max(1, math.ceil(months / most))
    ticks = []
    year, month = low.year, low.month
    for n in range(months + 1):
        if n % every == 0:
            day = dt.date(year, month, 1)
            if low <= day <= high:
                ticks.append(day)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return ticks[:most]


# -- the radar ---------------------------------------------------------------------------------

RADAR_WIDTH, RADAR_HEIGHT = 820, 560
RADIUS = 160
CENTRE = (RADAR_WIDTH / 2, 280.0)
LABEL_FONT, NOTE_FONT = 15, 13
LABEL_ROOM = 230  # px a dimension's label may take on a line
WEAKEST = "Weakest"
DIFFER = "Leaders differ"
EARLIER = PALETTE["grey"]  # the round before: lighter than this round's blue, and dashed


def angle(index: int, count: int) -> float:
    """The axis of dimension ``index`` in radians, clockwise from straight up."""
    return 2 * math.pi * index / count


def on_axis(index: int, count: int, distance: float, centre: tuple[float, float]):
    """The point ``distance`` out along axis ``index`` (y grows downwards, as in SVG)."""
    a = angle(index, count)
    return (centre[0] + distance * math.sin(a), centre[1] - distance * math.cos(a))


def radar_points(
    view: MaturityView, radius: float, centre: tuple[float, float]
) -> list[tuple[float, float]]:
    """The median polygon's vertices, one per dimension in the view's order: the first
    straight up from ``centre``, the others clockwise, each ``radius * median / 5`` out (y
    grows downwards, as in SVG and in the PNG's pixels)."""
    count = len(view.readings)
    return [on_axis(n, count, radius * r.median / 5, centre) for n, r in enumerate(view.readings)]


def earlier_points(view: MaturityView, radius: float, centre) -> list[tuple[float, float]]:
    """The round before's medians on this round's axes; empty unless it rated every one
    (an outline with a gap would read as a rating of 0)."""
    before = view.earlier_medians
    if not before or any(r.dimension.code not in before for r in view.readings):
        return []
    count = len(view.readings)
    medians = [before[r.dimension.code] for r in view.readings]
    return [on_axis(n, count, radius * m / 5, centre) for n, m in enumerate(medians)]


def rounds_key(view: MaturityView) -> str:
    """What the two outlines are, with each round's date and number of ratings, for the
    legend of the SVG and the PNG; "" with one round only."""
    if not view.earlier:
        return ""
    now = f" of {day_text(view.day)}" if view.day else ""
    then = f" of {day_text(view.earlier_day)}" if view.earlier_day else ""
    return (
        f"Solid blue outline: this round{now}, {plural(view.ratings, 'rating')}. Dashed grey "
        f"outline: the round before{then}, {plural(view.earlier_ratings, 'rating')}."
    )


def marks(view: MaturityView, reading: Reading) -> list[str]:
    """What is said in words beside a dimension's label."""
    said = []
    if reading in view.weakest:
        said.append(f"▼ {WEAKEST}")
    if reading.spread >= SPREAD:
        said.append(f"⇕ {DIFFER} ({reading.low}–{reading.high})")
    return said


def _label_lines(view: MaturityView, reading: Reading) -> list[tuple[str, bool]]:
    """The label's lines, each with whether it is bold: the name (wrapped), its median and
    range, then its marks."""
    lines = [(line, True) for line in wrap(reading.dimension.label, LABEL_ROOM, LABEL_FONT)]
    if len(reading.scores) == 1:  # "no spread" of one leader's rating said nothing true
        lines.append((f"rated {reading.scores[0]} · one rating", False))
    else:
        spread = f"range {reading.low}–{reading.high}" if reading.spread else "no spread"
        lines.append((f"median {reading.median:g} · {spread}", False))
    lines += [(m, True) for m in marks(view, reading)]
    return lines


def wrap(text: str, room: float, size: float) -> list[str]:
    """``text`` on as many lines as it takes, each at most ``room`` pixels wide."""
    lines: list[str] = []
    for word in text.split():
        if lines and labels.text_width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(labels.fit(word, room, size))
    return lines or [""]


def _label_place(index: int, count: int, lines: int, line: float, centre, radius: float):
    """Where a dimension's label block goes: its anchor, x and first baseline."""
    x, y = on_axis(index, count, radius + 16, centre)
    a = angle(index, count)
    s = math.sin(a)
    anchor = "middle" if abs(s) < 0.2 else ("start" if s > 0 else "end")
    c = math.cos(a)
    if c > 0.5:  # above the chart: the block ends just above the axis's tip
        first = y - (lines - 1) * line - 4
    elif c < -0.5:  # below: it starts just under it
        first = y + line
    else:
        first = y - (lines - 1) * line / 2 + line / 3
    return anchor, x, first


def radar_chart(view: MaturityView) -> str:
    """The radar as inline SVG, or "" while there is no rating to show."""
    if not view.shown:
        return ""
    count = len(view.readings)
    cx, cy = CENTRE
    parts = []
    for level in range(1, 6):  # the rings
        ring = [on_axis(n, count, RADIUS * level / 5, CENTRE) for n in range(count)]
        parts.append(
            f"<polygon points='{_points(ring)}' fill='none' stroke='#bbbbbb' "
            f"stroke-width='{1.5 if level == 5 else 1}'/>"
        )
        x, y = on_axis(0, count, RADIUS * level / 5, CENTRE)
        parts.append(
            f"<text x='{x + 12:.1f}' y='{y - 3:.1f}' font-size='{NOTE_FONT - 1}' "
            f"fill='#555555'>{level}</text>"
        )
    for n in range(count):  # the axes
        x, y = on_axis(n, count, RADIUS, CENTRE)
        parts.append(f"<line x1='{cx}' y1='{cy}' x2='{x:.1f}' y2='{y:.1f}' stroke='#bbbbbb'/>")
    for n, reading in enumerate(view.readings):  # each dimension's range, on its axis
        x1, y1 = on_axis(n, count, RADIUS * reading.low / 5, CENTRE)
        x2, y2 = on_axis(n, count, RADIUS * reading.high / 5, CENTRE)
        if reading.spread:
            parts.append(
                f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' "
                f"stroke='{PALETTE['orange']}' stroke-opacity='0.75' stroke-width='12' "
                "stroke-linecap='round'/>"
            )
    if before := earlier_points(view, RADIUS, CENTRE):
        parts.append(
            f"<polygon class='gaptools-earlier' points='{_points(before)}' fill='none' "
            f"stroke='{EARLIER}' stroke-width='2.5' stroke-dasharray='8 5'/>"
        )
    vertices = radar_points(view, RADIUS, CENTRE)
    parts.append(
        f"<polygon class='gaptools-median' points='{_points(vertices)}' "
        f"fill='{PALETTE['blue']}' fill-opacity='0.18' stroke='{PALETTE['blue']}' "
        "stroke-width='3'/>"
    )
    for (x, y), reading in zip(vertices, view.readings, strict=True):
        parts.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='5' fill='{PALETTE['blue']}' stroke='white'>"
            f"<title>{html.escape(reading.dimension.label)}: median {reading.median:g}, "
            f"range {reading.low}–{reading.high}</title></circle>"
        )
    line = LABEL_FONT * 1.25
    for n, reading in enumerate(view.readings):
        lines = _label_lines(view, reading)
        anchor, x, first = _label_place(n, count, len(lines), line, CENTRE, RADIUS)
        # A text per line, each anchored itself: the PDF's SVG drawing anchors the lines of
        # one text as a single run, and "Prioritisation quality" then ran across its axis.
        parts.extend(
            f"<text x='{x:.1f}' y='{first + k * line:.1f}' text-anchor='{anchor}'"
            + (" font-weight='bold'" if bold else f" font-size='{NOTE_FONT}'")
            + f">{html.escape(text)}</text>"
            for k, (text, bold) in enumerate(lines)
        )
    title = f"Execution maturity: median of {view.ratings} rating{'s' * (view.ratings != 1)}"
    legend = (
        "Blue outline: the median of each dimension (1 = just starting, 5 = routine; rings "
        "1 to 5). Thick orange band on an axis: from the lowest to the highest rating. "
        f"▼ {WEAKEST}: the lowest median. ⇕ {DIFFER}: ratings {SPREAD} or more apart."
    )
    legend = " ".join(filter(None, [legend, rounds_key(view)]))
    return (
        f"<div class='gaptools-chart gaptools-radar' style='max-width:{RADAR_WIDTH}px'>"
        f"<h4>{html.escape(title)}</h4>"
        f"{labels.svg_open(RADAR_WIDTH, RADAR_HEIGHT, title, LABEL_FONT)}{''.join(parts)}</svg>"
        f"<p class='gaptools-chart-note'>{html.escape(legend)}</p></div>"
    )


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def radar_png(view: MaturityView) -> bytes:
    """The radar as a PNG for slides: the same points (``radar_points``), drawn in the
    figure's pixels with matplotlib (imported only here)."""
    dpi = 100
    rounds = [line for line in wrap(rounds_key(view), RADAR_WIDTH - 32, NOTE_FONT) if line]
    height = RADAR_HEIGHT + 60 + len(rounds) * NOTE_FONT * 1.4  # room for the rounds' key
    figure = new_figure(RADAR_WIDTH / dpi, height / dpi)
    figure.set_layout_engine("none")
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, RADAR_WIDTH)
    axes.set_ylim(height, 0)  # pixels from the top, as in the SVG
    axes.set_axis_off()
    points = 72 / dpi  # a pixel in points

    def text(x, y, words, size, **kwargs):
        axes.text(x, y, words, fontsize=size * points, **kwargs)

    if not view.shown:
        text(RADAR_WIDTH / 2, RADAR_HEIGHT / 2, "No maturity rating yet.", 18, ha="center")
        return png_bytes(figure, dpi)
    count = len(view.readings)
    centre = (CENTRE[0], CENTRE[1] + 40)
    title = f"Execution maturity: median of {view.ratings} rating{'s' * (view.ratings != 1)}"
    text(16, 30, title, BASE_FONT * 1.6 + 2, fontweight="bold", va="baseline")
    for level in range(1, 6):
        ring = [on_axis(n, count, RADIUS * level / 5, centre) for n in range(count)]
        ring.append(ring[0])
        axes.plot(*zip(*ring, strict=True), color="#bbbbbb", linewidth=1)
        x, y = on_axis(0, count, RADIUS * level / 5, centre)
        text(x + 12, y - 3, str(level), NOTE_FONT - 1, color="#555555", va="baseline")
    for n in range(count):
        x, y = on_axis(n, count, RADIUS, centre)
        axes.plot([centre[0], x], [centre[1], y], color="#bbbbbb", linewidth=1)
    for n, reading in enumerate(view.readings):
        if reading.spread:
            x1, y1 = on_axis(n, count, RADIUS * reading.low / 5, centre)
            x2, y2 = on_axis(n, count, RADIUS * reading.high / 5, centre)
            axes.plot(
                [x1, x2],
                [y1, y2],
                color=PALETTE["orange"],
                alpha=0.75,
                linewidth=12 * points,
                solid_capstyle="round",
            )
    if before := earlier_points(view, RADIUS, centre):
        axes.plot(
            *zip(*before, before[0], strict=True),
            color=EARLIER,
            linewidth=2.5 * points,
            linestyle=(0, (8 / 2.5, 5 / 2.5)),
        )
    vertices = radar_points(view, RADIUS, centre)
    closed = [*vertices, vertices[0]]
    axes.fill(*zip(*closed, strict=True), color=PALETTE["blue"], alpha=0.18)
    axes.plot(*zip(*closed, strict=True), color=PALETTE["blue"], linewidth=3 * points)
    axes.plot(*zip(*vertices, strict=True), "o", color=PALETTE["blue"], markersize=7)
    line = LABEL_FONT * 1.25
    align = {"start": "left", "middle": "center", "end": "right"}
    for n, reading in enumerate(view.readings):
        lines = _label_lines(view, reading)
        anchor, x, first = _label_place(n, count, len(lines), line, centre, RADIUS)
        for k, (words, bold) in enumerate(lines):
            text(
                x,
                first + k * line,
                words,
                LABEL_FONT if bold else NOTE_FONT,
                ha=align[anchor],
                va="baseline",
                fontweight="bold" if bold else "normal",
            )
    keys = (
        "Blue: the median of each dimension (rings 1 to 5). Orange band: lowest to highest rating.",
        f"▼ {WEAKEST}: the lowest median. ⇕ {DIFFER}: ratings {SPREAD} or more apart.",
        *rounds,
    )
    for k, key in enumerate(keys):
        text(16, RADAR_HEIGHT + 26 + k * NOTE_FONT * 1.4, key, NOTE_FONT, va="baseline")
    return png_bytes(figure, dpi)
