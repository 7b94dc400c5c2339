"""Charts as inline SVG: instant to redraw on every edit, crisp on a projector, and the same
markup in the forms and in the exported HTML report (no image files, nothing fetched).

Matplotlib takes a few hundred milliseconds per chart here, too slow to follow each keystroke,
so the forms and the HTML report draw SVG, and matplotlib draws the PNGs for slides and the
one-page PDF/PNG canvas. Meaning never rests on colour alone: every bar carries its number and
words, and highlighted bars are also hatched.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass

from gaptools.charts import (
    DOT_RADIUS,
    DOTS,
    DOTS_OPACITY,
    HATCH_OPACITY,
    PALETTE,
    STRIPE,
    STRIPES,
    labels,
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    colour: str = PALETTE["blue"]
    pattern: str = ""  # "", "hatch" or "dots"
    # Shorter forms of ``text``, longest first, tried before it is cut with "…": a list of
    # names cut in its first name said nothing of the others.
    shorter: tuple[str, ...] = ()


def bar_chart(
    title: str,
    bars: Sequence[Bar],
    empty: str,
    line: tuple[float, str] | None = None,
    note: str = "",
) -> str:
    """Horizontal bars as one inline SVG; ``line`` draws a dashed marker (value, caption).

    SVG rather than styled boxes so the chart prints (browsers drop background colours when
    printing) and lives in an exported file as it does in the form."""
    if not bars:
        return (
            f"<div class='gaptools-chart'><h4>{html.escape(title)}</h4>"
            f"<p>{html.escape(empty)}</p></div>"
        )
    top = max([b.value for b in bars] + ([line[0]] if line else []) + [1]) * 1.15
    for bar in bars:  # a value text wider than the room kept for it shortens the scale
        free = WIDTH - LABEL_WIDTH - 8 - labels.text_width(bar.text, 14)
        if bar.value > 0 and free > MIN_BAR:
            top = max(top, bar.value * (WIDTH - LABEL_WIDTH - TEXT_ROOM) / free)
    height = len(bars) * ROW + 2 * PAD
    key = hashlib.sha1(f"{title}{len(bars)}".encode()).hexdigest()[:8]
    crossing = _bar_x(line[0], top) if line else None
    names = labels.fit_apart([bar.label for bar in bars], LABEL_WIDTH - 12, 14, 30)
    rows = "".join(
        _row(n, bar, name, top, key, crossing)
        for n, (bar, name) in enumerate(zip(bars, names, strict=True))
    )
    marker = ""
    if line:
        x = _bar_x(line[0], top)
        marker = (
            f"<line x1='{x:.1f}' y1='2' x2='{x:.1f}' y2='{height - 2}' stroke='black' "
            "stroke-width='2' stroke-dasharray='6 4'/>"
        )
    caption = ""
    if line:
        caption = f"<p class='gaptools-chart-note'>┆ dashed line: {html.escape(line[1])}</p>"
    if note:
        caption += f"<p class='gaptools-chart-note'>{html.escape(note)}</p>"
    return (
        f"<div class='gaptools-chart'><h4>{html.escape(title)}</h4>"
        f"{labels.svg_open(WIDTH, height, title, 14)}"
        f"{_patterns(key)}{rows}{marker}</svg>{caption}</div>"
    )


WIDTH, LABEL_WIDTH, TEXT_ROOM, ROW, BAR, PAD = 760, 240, 150, 30, 20, 4
MIN_BAR = 60  # the longest bar is never shortened below this to make room for its text


def _bar_x(value: float, top: float) -> float:
    return LABEL_WIDTH + value / top * (WIDTH - LABEL_WIDTH - TEXT_ROOM)


def _patterns(key: str) -> str:
    """Hatching and dots drawn over a bar, so highlighted bars differ by more than colour."""
    return (
        f"<defs><pattern id='hatch-{key}' width='{STRIPES}' height='{STRIPES}' "
        "patternUnits='userSpaceOnUse' patternTransform='rotate(45)'>"
        f"<rect width='{STRIPE}' height='{STRIPES}' fill='black' "
        f"fill-opacity='{HATCH_OPACITY}'/></pattern>"
        f"<pattern id='dots-{key}' width='{DOTS}' height='{DOTS}' patternUnits='userSpaceOnUse'>"
        f"<circle cx='{DOTS / 2:g}' cy='{DOTS / 2:g}' r='{DOT_RADIUS}' fill='black' "
        f"fill-opacity='{DOTS_OPACITY}'/></pattern></defs>"
    )


def _value_x(bar: Bar, end: float, crossing: float | None) -> float:
    """Where a bar's value text starts: just after the bar, or just after the dashed line
    when the text would stand on it ("9 wk" beside a line at 12)."""
    start = end + 6
    if crossing is None:
        return start
    if start - GAP <= crossing <= start + labels.text_width(bar.text, 14) + GAP:
        return crossing + 6
    return start


GAP = 3  # room kept between the dashed line and a value's text


def _row(
    index: int, bar: Bar, name: str, top: float, key: str, crossing: float | None = None
) -> str:
    """One bar, ``name`` being its label as it fits (``labels.fit_apart``)."""
    y = PAD + index * ROW
    width = max(_bar_x(bar.value, top) - LABEL_WIDTH, 1.5)
    middle = y + ROW / 2 + 5
    text_x = _value_x(bar, LABEL_WIDTH + width, crossing)
    rect = (
        f"<rect x='{LABEL_WIDTH}' y='{y + (ROW - BAR) / 2}' width='{width:.1f}' height='{BAR}' "
        f"fill='{bar.colour}' stroke='black'/>"
    )
    if bar.pattern in {"hatch", "dots"}:
        rect += rect.replace(f"fill='{bar.colour}'", f"fill='url(#{bar.pattern}-{key})'")
    return (
        f"<g><title>{html.escape(bar.label)}: {html.escape(bar.text)}</title>"
        f"<text x='{LABEL_WIDTH - 8}' y='{middle}' text-anchor='end'>"
        f"{html.escape(name)}</text>{rect}"
        f"<text x='{text_x:.1f}' y='{middle}'>"
        f"{html.escape(_value_text(bar, WIDTH - text_x - 2))}</text></g>"
    )


#: The background of a box that scrolls sideways: a shadow at the edge it scrolls towards
#: says there is more, where its cut columns or bars ("abov", "Pilot" with no count) gave no
#: sign they went on. Each shadow is covered by the page's colour once that edge is reached.
SCROLL_SHADOW = """
    linear-gradient(to right, var(--jp-layout-color0, #fff) 30%, transparent) left / 2.5em 100%
      no-repeat local,
    linear-gradient(to left, var(--jp-layout-color0, #fff) 30%, transparent) right / 2.5em 100%
      no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, 0.3), transparent) left / 1em 100%
      no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, 0.3), transparent) right / 1em 100%
      no-repeat scroll"""


def _value_text(bar: Bar, room: float) -> str:
    """The bar's text, or the longest of its shorter forms that fits ``room``, else the
    shortest cut to fit."""
    forms = (bar.text, *bar.shorter)
    fitting = next((form for form in forms if labels.text_width(form, 14) <= room), None)
    return fitting if fitting is not None else labels.fit(forms[-1], room, 14)


CHART_STYLE = (
    """
.gaptools-chart { margin: 0.6em 0 1em; max-width: 46em; }
.gaptools-chart h4 { margin: 0 0 0.4em; font-size: 1.15em; }
.gaptools-chart svg { display: block; overflow: visible; }
/* On a phone a drawing keeps a width its names can be read at, and scrolls sideways in its own
   box: scaled to a 360 px screen, they were 5 to 6 px high. On paper it fits the page. */
.gaptools-chart { overflow-x: auto; background:"""
    + SCROLL_SHADOW
    + """; }
.gaptools-chart svg { min-width: 36em; }
@media print { .gaptools-chart svg { min-width: 0; } .gaptools-chart { background: none; } }
.gaptools-chart-note { margin: 0.3em 0 0 0; font-size: 0.9em; }
.gaptools-chart-key { margin: 0.3em 0 0 0; padding: 0; list-style: none; font-size: 0.9em;
  columns: 18em 3; column-gap: 1.5em; }
.gaptools-chart-key li { break-inside: avoid; }
"""
)


@dataclass(frozen=True)
class Point:
    label: str
    x: float
    y: float
    highlighted: bool  # drawn filled and named "above the line"; others hollow


def name_points(
    points: Sequence[Point],
    spots: Sequence[tuple[float, float]],
    names: Sequence[str],
    size: float,
    radius: float,
    frame: labels.Box,
) -> labels.Named:
    """The labels of a scatter's points, the same in the inline SVG and the slide PNG: the
    most valuable for the least effort get the best places, in an order no weight or
    capacity changes (so the placement of an unmoved chart is reused); past
    ``labels.MOST_NAMED`` points, those above the line are the ones named first."""
    order = sorted(range(len(points)), key=lambda n: (-points[n].y, points[n].x, points[n].label))
    first = [p.highlighted for p in points]
    return labels.name_points(spots, names, order, first, size, radius, frame)


LEGEND = "● filled: above the line · ○ hollow: waits below"


def notes(named: labels.Named) -> list[str]:
    """The lines under a scatter: its legend and, when only some points are named, which."""
    if not named.bare:
        return [LEGEND]
    total = len(named.labels)
    return [
        LEGEND,
        f"{total - named.bare} of {total:,} named, those above the line first; the ranking "
        "lists them all.",
    ]


SCATTER_SIZE = 760, 420  # the drawing's width and height
SCATTER_MARGINS = 60, 20, 170, 50  # left, top, right (room for labels), bottom
LABEL_FONT, LABEL_CHARS, LABEL_ROOM = 13, 28, 220  # a point's name: size, most characters, px
POINT_RADIUS, POINT_STROKE = 7, 2.5


def scatter_svg(
    title: str, points: Sequence[Point], x_label: str, y_label: str, y_range: tuple[float, float]
) -> str:
    """A labelled scatter as inline SVG: each point carries its name (the first
    ``labels.MOST_NAMED`` of a larger crowd, as ``name_points`` chooses; every one on hover);
    filled vs hollow (not colour alone) tells the highlighted ones apart.

    No two labels overlap, nor cover a point or leave the drawing: each goes where it is free
    (``labels.place``); a point with no free place for its name is numbered instead, and a
    key under the chart names it ("1 = Invoice & POD matching")."""
    if not points:
        return f"<div class='gaptools-chart'><h4>{html.escape(title)}</h4><p>Nothing yet.</p></div>"
    width, height = SCATTER_SIZE
    left, top, right, bottom = SCATTER_MARGINS
    x_max = max(p.x for p in points) * 1.1 or 1
    y_low, y_high = y_range

    def sx(x: float) -> float:
        return left + x / x_max * (width - left - right)

    def sy(y: float) -> float:
        return height - bottom - (y - y_low) / (y_high - y_low or 1) * (height - bottom - top)

    spots = [(round(sx(p.x), 1), round(sy(p.y), 1)) for p in points]
    names = labels.fit_apart([p.label for p in points], LABEL_ROOM, LABEL_FONT, LABEL_CHARS)
    # Labels stay right of the value axis, above the effort axis and inside the drawing.
    frame = labels.Box(left + 2, 0, width, height - bottom - 2)
    radius = POINT_RADIUS + POINT_STROKE / 2
    named = name_points(points, spots, names, LABEL_FONT, radius, frame)
    placed = named.labels
    marks = []
    # Hollow points first, filled ones over them: where a point above the line shares its spot
    # with points waiting below, the spot must not read "waits below".
    drawn = sorted(zip(points, spots, placed, strict=True), key=lambda one: one[0].highlighted)
    for p, (x, y), label in drawn:
        fill = PALETTE["blue"] if p.highlighted else "white"
        circle = (
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{POINT_RADIUS}' fill='{fill}' "
            f"stroke='{PALETTE['blue']}' stroke-width='{POINT_STROKE}'><title>"
            f"{html.escape(p.label)}</title></circle>"
        )
        if label is None or label.shared:  # named in the key: by the number drawn for the
            marks.append(circle)  # first point at its spot, or by where it is (no room at all)
            continue
        leader = ""
        if label.leader:
            x1, y1, x2, y2 = label.leader
            leader = (
                f"<line x1='{x1}' y1='{y1}' x2='{x2}' y2='{y2}' stroke='{PALETTE['grey']}' "
                "stroke-width='1'/>"
            )
        marks.append(
            # From its box's left edge: in a font narrower than DejaVu Sans it ends short of it.
            f"<g>{leader}{circle}<text x='{label.box.left:.1f}' y='{label.baseline}' "
            f"font-size='{LABEL_FONT}'>{html.escape(label.text)}</text></g>"
        )
    axes = (
        f"<line x1='{left}' y1='{height - bottom}' x2='{width - right}' y2='{height - bottom}' "
        "stroke='black'/>"
        f"<line x1='{left}' y1='{top}' x2='{left}' y2='{height - bottom}' stroke='black'/>"
        f"<text x='{(left + width - right) / 2}' y='{height - 12}' text-anchor='middle' "
        f"font-size='14'>{html.escape(x_label)}</text>"
        f"<text x='16' y='{(top + height - bottom) / 2}' text-anchor='middle' font-size='14' "
        f"transform='rotate(-90 16 {(top + height - bottom) / 2})'>{html.escape(y_label)}</text>"
    )
    ticks = "".join(
        f"<text x='{left - 11}' y='{sy(v) + 4:.1f}' text-anchor='end' font-size='12'>{v:g}</text>"
        for v in _ticks(y_low, y_high)
    ) + "".join(
        f"<text x='{sx(v):.1f}' y='{height - bottom + 21}' text-anchor='middle' "
        f"font-size='12'>{v:g}</text>"
        for v in _ticks(0, x_max)
    )
    legend = "".join(
        f"<p class='gaptools-chart-note'>{html.escape(line)}</p>" for line in notes(named)
    )
    key = [
        f"{number} = {html.escape(points[n].label)}"
        if number
        else f"{html.escape(points[n].label)} (at {points[n].x:g}, {points[n].y:g})"
        for number, n in named.key
    ]
    if key:
        legend += (
            "<ul class='gaptools-chart-key'>"
            + "".join(f"<li>{entry}</li>" for entry in key)
            + "</ul>"
        )
    return (
        f"<div class='gaptools-chart' style='max-width:{width}px'><h4>{html.escape(title)}</h4>"
        f"{labels.svg_open(width, height, title, LABEL_FONT)}"
        f"{axes}{ticks}{''.join(marks)}</svg>{legend}</div>"
    )


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    step = (high - low) / count if high > low else 1
    magnitude = 10 ** int(f"{step:e}".split("e")[1])
    step = max(round(step / magnitude), 1) * magnitude
    first = (low // step) * step
    return [round(first + k * step, 6) for k in range(count + 2) if low <= first + k * step <= high]
