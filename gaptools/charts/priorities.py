"""Step 6's slide chart: value against effort as a PNG, its labels placed as in the forms.

The same points and the same placement as the inline SVG (``labels.place``), worked out in
the figure's pixels before anything is drawn: no label overlaps another, covers a point or
leaves the picture, and a point with no free place for its name is numbered in a key drawn
under the chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from gaptools.charts import BASE_FONT, PALETTE, labels, new_figure, say_empty, style_axes
from gaptools.charts.steps import VALUE_EFFORT, value_effort_points
from gaptools.charts.svg import Point, name_points, notes
from gaptools.core.model import Workshop
from gaptools.steps.prioritise import Ranking

DPI = 100
WIDTH = 750  # pixels, as the other slide charts (7.5 inches at 100 dpi)
LEFT, TOP, RIGHT, BOTTOM = 75, 55, 190, 62  # around the plot; RIGHT is room for labels
PLOT_HEIGHT = 330
LABEL_POINTS = BASE_FONT - 2
RADIUS = 7  # a point's radius in pixels, its stroke
STROKE_POINTS = 2.0
KEY_LINE = 1.4  # line spacing of the key
KEY_LEFT = 20


def _pixels(points: float) -> float:
    return points * DPI / 72


def value_effort(ranking: Ranking, workshop: Workshop) -> Figure:
    """Step 6: value against effort, filled points above the capacity line."""
    title, x_label, y_label, y_range = VALUE_EFFORT
    points = value_effort_points(ranking, workshop)
    return scatter_figure(title, points, x_label, y_label, y_range)


def scatter_figure(
    title: str, points: Sequence[Point], x_label: str, y_label: str, y_range: tuple[float, float]
) -> Figure:
    """As ``svg.scatter_svg``: the points named as there, filled vs hollow for the
    highlighted ones."""
    if not points:
        figure = new_figure(WIDTH / DPI, 2.4)
        return say_empty(figure, figure.add_subplot(), "Nothing yet.")
    plot_width = WIDTH - LEFT - RIGHT
    x_max = max((p.x for p in points), default=0) * 1.1 or 1
    y_low, y_high = y_range
    y_span = y_high - y_low or 1
    spots = [
        (
            LEFT + p.x / x_max * plot_width,
            TOP + (y_high - p.y) / y_span * PLOT_HEIGHT,
        )
        for p in points
    ]
    size = _pixels(LABEL_POINTS)
    radius = RADIUS + _pixels(STROKE_POINTS) / 2
    names = labels.fit_apart([p.label for p in points], 220, size, 28)
    frame = labels.Box(LEFT + 2, TOP, WIDTH - 2, TOP + PLOT_HEIGHT - 2)
    named = name_points(points, spots, names, size, radius, frame)
    placed = named.labels
    legend = notes(named)
    key = [
        f"{number} = {labels.fit(points[n].label, WIDTH - 2 * KEY_LEFT - 40, size)}"
        if number
        else f"{labels.fit(points[n].label, WIDTH - 160, size)} (at {points[n].x:g}, "
        f"{points[n].y:g})"
        for number, n in named.key
    ]
    columns, rows, column_width = _key_shape(key, size)
    legend_top = TOP + PLOT_HEIGHT + BOTTOM
    key_top = legend_top + size * (0.4 + KEY_LINE * len(legend))
    height = math.ceil(key_top + rows * size * KEY_LINE + (size if rows else 0))

    figure = new_figure(WIDTH / DPI, height / DPI)
    figure.set_layout_engine("none")  # the plot stays where the labels were placed

    def at(x: float, y: float) -> tuple[float, float]:  # pixels from the top left
        return x / WIDTH, 1 - y / height

    axes = figure.add_axes(
        (LEFT / WIDTH, 1 - (TOP + PLOT_HEIGHT) / height, plot_width / WIDTH, PLOT_HEIGHT / height)
    )
    axes.set_xlim(0, x_max)
    axes.set_ylim(y_low, y_high)
    axes.scatter(
        [p.x for p in points],
        [p.y for p in points],
        s=(2 * RADIUS * 72 / DPI) ** 2,
        facecolors=[PALETTE["blue"] if p.highlighted else "white" for p in points],
        edgecolors=PALETTE["blue"],
        linewidths=STROKE_POINTS,
        zorder=3,
        clip_on=False,
    )
    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    style_axes(axes, title)
    for n, label in enumerate(placed):
        if label is None or label.shared:  # a shared number is drawn once, for the first
            continue
        if label.leader:
            x1, y1, x2, y2 = label.leader
            (fx1, fy1), (fx2, fy2) = at(x1, y1), at(x2, y2)
            figure.add_artist(Line2D([fx1, fx2], [fy1, fy2], color=PALETTE["grey"], linewidth=0.8))
        figure.text(
            *at(label.x, label.baseline),
            label.text,
            ha={"start": "left", "middle": "center", "end": "right"}[label.anchor],
            va="baseline",
            fontsize=LABEL_POINTS,
            fontfamily="DejaVu Sans",
            gid=f"point-{n}",
        )
    figure.text(
        *at(LEFT, legend_top),
        "\n".join(labels.fit(line, WIDTH - LEFT - 10, size) for line in legend),
        va="top",
        fontsize=LABEL_POINTS,
        linespacing=KEY_LINE,
    )
    for column in range(columns):
        lines = key[column * rows : (column + 1) * rows]
        if lines:
            figure.text(
                *at(KEY_LEFT + column * column_width, key_top),
                "\n".join(lines),
                va="top",
                fontsize=LABEL_POINTS,
                fontfamily="DejaVu Sans",
                linespacing=KEY_LINE,
                gid="key",
            )
    return figure


def _key_shape(key: list[str], size: float) -> tuple[int, int, float]:
    """Columns, rows and a column's width for the key's entries across the figure."""
    if not key:
        return 0, 0, 0.0
    column_width = max(labels.text_width(entry, size) for entry in key) + 3 * size
    columns = max(1, min(len(key), int((WIDTH - 2 * KEY_LEFT) // column_width)))
    return columns, math.ceil(len(key) / columns), column_width
