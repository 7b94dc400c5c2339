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

from gaptools.charts import PALETTE
from gaptools.core.text import shorten


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    colour: str = PALETTE["blue"]
    pattern: str = ""  # "", "hatch" or "dots"


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
    height = len(bars) * ROW + 2 * PAD
    key = hashlib.sha1(f"{title}{len(bars)}".encode()).hexdigest()[:8]
    rows = "".join(_row(n, bar, top, key) for n, bar in enumerate(bars))
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
        f"<svg viewBox='0 0 {WIDTH} {height}' width='100%' role='img' "
        f"aria-label='{html.escape(title)}' font-family='DejaVu Sans, Helvetica, Arial, "
        f"sans-serif' font-size='14'>{_patterns(key)}{rows}{marker}</svg>{caption}</div>"
    )


WIDTH, LABEL_WIDTH, TEXT_ROOM, ROW, BAR, PAD = 760, 240, 150, 30, 20, 4


def _bar_x(value: float, top: float) -> float:
    return LABEL_WIDTH + value / top * (WIDTH - LABEL_WIDTH - TEXT_ROOM)


def _patterns(key: str) -> str:
    """Hatching and dots drawn over a bar, so highlighted bars differ by more than colour."""
    return (
        f"<defs><pattern id='hatch-{key}' width='7' height='7' patternUnits='userSpaceOnUse' "
        "patternTransform='rotate(45)'><rect width='2.5' height='7' fill='black' "
        f"fill-opacity='0.45'/></pattern><pattern id='dots-{key}' width='6' height='6' "
        "patternUnits='userSpaceOnUse'><circle cx='3' cy='3' r='1.2' fill='black' "
        "fill-opacity='0.55'/></pattern></defs>"
    )


def _row(index: int, bar: Bar, top: float, key: str) -> str:
    y = PAD + index * ROW
    width = max(_bar_x(bar.value, top) - LABEL_WIDTH, 1.5)
    middle = y + ROW / 2 + 5
    rect = (
        f"<rect x='{LABEL_WIDTH}' y='{y + (ROW - BAR) / 2}' width='{width:.1f}' height='{BAR}' "
        f"fill='{bar.colour}' stroke='black'/>"
    )
    if bar.pattern in {"hatch", "dots"}:
        rect += rect.replace(f"fill='{bar.colour}'", f"fill='url(#{bar.pattern}-{key})'")
    return (
        f"<g><title>{html.escape(bar.label)}: {html.escape(bar.text)}</title>"
        f"<text x='{LABEL_WIDTH - 8}' y='{middle}' text-anchor='end'>"
        f"{html.escape(shorten(bar.label, 30))}</text>{rect}"
        f"<text x='{LABEL_WIDTH + width + 6:.1f}' y='{middle}'>{html.escape(bar.text)}</text></g>"
    )


CHART_STYLE = """
.gaptools-chart { margin: 0.6em 0 1em; max-width: 46em; }
.gaptools-chart h4 { margin: 0 0 0.4em; font-size: 1.15em; }
.gaptools-chart svg { display: block; overflow: visible; }
.gaptools-chart-note { margin: 0.3em 0 0 0; font-size: 0.9em; }
"""


@dataclass(frozen=True)
class Point:
    label: str
    x: float
    y: float
    highlighted: bool  # drawn filled and named "above the line"; others hollow


def scatter_svg(
    title: str, points: Sequence[Point], x_label: str, y_label: str, y_range: tuple[float, float]
) -> str:
    """A labelled scatter as inline SVG: every point carries its name; filled vs hollow
    (not colour alone) tells the highlighted ones apart."""
    if not points:
        return f"<div class='gaptools-chart'><h4>{html.escape(title)}</h4><p>Nothing yet.</p></div>"
    width, height, left, bottom, top, right = 760, 420, 60, 50, 20, 170
    x_max = max(p.x for p in points) * 1.1 or 1
    y_low, y_high = y_range

    def sx(x: float) -> float:
        return left + x / x_max * (width - left - right)

    def sy(y: float) -> float:
        return height - bottom - (y - y_low) / (y_high - y_low or 1) * (height - bottom - top)

    marks = []
    for p in points:
        fill = PALETTE["blue"] if p.highlighted else "white"
        marks.append(
            f"<circle cx='{sx(p.x):.1f}' cy='{sy(p.y):.1f}' r='7' fill='{fill}' "
            f"stroke='{PALETTE['blue']}' stroke-width='2.5'><title>{html.escape(p.label)}"
            f"</title></circle><text x='{sx(p.x) + 10:.1f}' y='{sy(p.y) + 5:.1f}' "
            f"font-size='13'>{html.escape(shorten(p.label, 28))}</text>"
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
        f"<text x='{left - 8}' y='{sy(v) + 4:.1f}' text-anchor='end' font-size='12'>{v:g}</text>"
        for v in _ticks(y_low, y_high)
    ) + "".join(
        f"<text x='{sx(v):.1f}' y='{height - bottom + 18}' text-anchor='middle' "
        f"font-size='12'>{v:g}</text>"
        for v in _ticks(0, x_max)
    )
    legend = "<p class='gaptools-chart-note' >● filled: above the line · ○ hollow: waits below</p>"
    return (
        f"<div class='gaptools-chart' style='max-width:{width}px'><h4>{html.escape(title)}</h4>"
        f"<svg viewBox='0 0 {width} {height}' width='100%' role='img' "
        f"aria-label='{html.escape(title)}'>{axes}{ticks}{''.join(marks)}</svg>{legend}</div>"
    )


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    step = (high - low) / count if high > low else 1
    magnitude = 10 ** int(f"{step:e}".split("e")[1])
    step = max(round(step / magnitude), 1) * magnitude
    first = (low // step) * step
    return [round(first + k * step, 6) for k in range(count + 2) if low <= first + k * step <= high]
