"""Live bar charts drawn in HTML: instant to redraw on every edit, crisp on a projector.

Matplotlib takes a few hundred milliseconds per chart here, too slow to follow each keystroke,
so the forms draw their live charts as HTML and offer matplotlib's PNGs (``gaptools.charts``)
for slides and exports. Meaning never rests on colour alone: every bar carries its number and
words, and highlighted bars are also hatched.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from gaptools.charts import PALETTE

HATCH = "repeating-linear-gradient(45deg, rgba(0,0,0,.35) 0 2px, transparent 2px 7px)"
DOTS = "radial-gradient(rgba(0,0,0,.45) 1px, transparent 1.5px) 0 0 / 6px 6px"


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
    """Horizontal bars, longest scale first; ``line`` draws a dashed marker (value, caption)."""
    if not bars:
        return f"<div class='gaptools-chart'><h4>{html.escape(title)}</h4><p>{empty}</p></div>"
    top = max([b.value for b in bars] + ([line[0]] if line else []) + [1]) * 1.15
    rows = "".join(_row(bar, top, line) for bar in bars)
    caption = ""
    if line:
        caption = f"<p class='gaptools-chart-note'>┆ dashed line: {html.escape(line[1])}</p>"
    if note:
        caption += f"<p class='gaptools-chart-note'>{html.escape(note)}</p>"
    return (
        f"<div class='gaptools-chart' role='img' aria-label='{html.escape(title)}'>"
        f"<h4>{html.escape(title)}</h4>{rows}{caption}</div>"
    )


def _row(bar: Bar, top: float, line: tuple[float, str] | None) -> str:
    width = max(bar.value / top * 100, 0.5)
    background = bar.colour
    if bar.pattern == "hatch":
        background = f"{HATCH}, {bar.colour}"
    elif bar.pattern == "dots":
        background = f"{DOTS}, {bar.colour}"
    marker = ""
    if line:
        marker = f"<span class='gaptools-line' style='left:{line[0] / top * 100:.2f}%'></span>"
    return (
        "<div class='gaptools-bar-row'>"
        f"<span class='gaptools-bar-label' title='{html.escape(bar.label)}'>"
        f"{html.escape(bar.label)}</span>"
        "<span class='gaptools-bar-track'>"
        f"<span class='gaptools-bar' style='width:{width:.2f}%;background:{background}'></span>"
        f"<span class='gaptools-bar-text'>{html.escape(bar.text)}</span>{marker}</span></div>"
    )


CHART_STYLE = """
.gaptools-chart { margin: 0.6em 0 1em; max-width: 46em; }
.gaptools-chart h4 { margin: 0 0 0.4em; font-size: 1.15em; }
.gaptools-bar-row { display: flex; align-items: center; margin: 3px 0; }
.gaptools-bar-label { width: 17em; text-align: right; padding-right: 0.6em; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.gaptools-bar-track { position: relative; flex: 1; display: flex; align-items: center;
  height: 1.6em; }
.gaptools-bar { display: inline-block; height: 100%; border: 1px solid #000;
  box-sizing: border-box; }
.gaptools-bar-text { padding-left: 0.4em; white-space: nowrap; }
.gaptools-line { position: absolute; top: -3px; bottom: -3px; border-left: 2px dashed #000; }
.gaptools-chart-note { margin: 0.3em 0 0 17.6em; font-size: 0.9em; }
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
            f"font-size='13'>{html.escape(_shorten(p.label, 28))}</text>"
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
    legend = (
        "<p class='gaptools-chart-note' style='margin-left:0'>● filled: above the line · "
        "○ hollow: waits below</p>"
    )
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


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
