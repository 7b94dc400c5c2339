"""Charts drawn from the model, the same in the notebook and in every export.

Figures are built with matplotlib's object API (no pyplot, so no global state and no GUI
backend). They are made for a projector: large type, the Okabe–Ito colour-blind-safe palette,
and every meaning carried by text or pattern as well as by colour.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported only when a figure is drawn, not for the palette
    from matplotlib.figure import Figure

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#7F7F7F",
    "black": "#000000",
}

BASE_FONT = 13


def new_figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    figure.set_facecolor("white")
    return figure


def style_axes(axes, title: str = "") -> None:
    """Projector styling: big labels, a bold title from the figure's left edge (so long tick
    labels cannot push it off the right one), no chart junk."""
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=BASE_FONT)
    axes.xaxis.label.set_fontsize(BASE_FONT)
    axes.yaxis.label.set_fontsize(BASE_FONT)
    if title:
        axes.get_figure().suptitle(
            title, x=0.015, ha="left", fontsize=BASE_FONT + 3, fontweight="bold"
        )


def room_for_bar_labels(figure: Figure, axes, bars, texts, tries: int = 3) -> None:
    """Widens the value axis of horizontal ``bars`` until each of their ``texts`` (from
    ``bar_label``) ends inside the figure, measured as drawn: the layout moves the axes as
    the tick labels change, so this measures, stretches and measures again."""
    for _ in range(tries):
        figure.draw_without_rendering()
        edge = figure.bbox.x1 - 4  # pixels
        width = axes.bbox.width
        high = axes.get_xlim()[1]  # the axis starts at 0
        needed = high
        for bar, text in zip(bars, texts, strict=True):
            extent = text.get_window_extent()
            if extent.x1 <= edge or bar.get_width() <= 0:
                continue
            tail = extent.x1 - axes.transData.transform((bar.get_width(), 0))[0]
            free = edge - axes.bbox.x0 - tail  # pixels the bar itself may take
            if free > width * 0.25:
                needed = max(needed, bar.get_width() * width / free)
        if needed <= high:
            return
        axes.set_xlim(0, needed * 1.02)


def say_empty(figure: Figure, axes, text: str) -> Figure:
    """A chart with nothing to plot says so in words instead of showing empty axes."""
    axes.text(
        0.5, 0.5, text, ha="center", va="center", fontsize=BASE_FONT, transform=axes.transAxes
    )
    axes.set_axis_off()
    return figure


def png_bytes(figure: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes; identical input gives identical bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def svg_text(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


#: The patterns' geometry, in a chart's units: stripes ``STRIPE`` wide every ``STRIPES`` at
#: 45°, dots of ``DOT_RADIUS`` every ``DOTS``. The PDF, whose renderer draws no patterns,
#: draws its lines and dots with the same (``export.pdf``).
STRIPES, STRIPE, DOTS, DOT_RADIUS = 7, 2.5, 6, 1.2
HATCH_OPACITY, DOTS_OPACITY = 0.45, 0.55
