"""The bet canvas drawn on one landscape page with matplotlib, for PDF and PNG.

The page is laid out in inches from the paper size, and text is wrapped to the room each box
has and cut with an ellipsis when it would overflow, so a long kill criterion never spills off
the page. Output is reproducible: no creation date in the PDF, no software tag in the PNG.
The PDF keeps its text as text (searchable, copyable, readable by a PDF text extractor).
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from gaptools.charts import PALETTE
from gaptools.core.model import Workshop
from gaptools.summaries.canvas import BetCanvas, Box, bet_canvas

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MM = 1 / 25.4
PAPERS = {"a4": (297 * MM, 210 * MM), "letter": (11.0, 8.5)}  # landscape, inches
PNG_DPI = 150
LINE_HEIGHT = 1.3
MISSING_FILL = "#FBE3D6"  # a pale vermillion; the dashed border and "✗" carry the meaning too

HEADLINE, SENTENCE, TITLE, BODY, SMALL = 30, 17, 13.5, 12.5, 11


Measure = Callable[[str], float]


def fit(lines: list[str], width: float, max_lines: int, measure: Measure = len) -> list[str]:
    """Wrap each item to ``width`` within ``max_lines`` lines in all.

    ``measure`` gives a line's width in the same unit as ``width`` (characters by default;
    points of the real font on the page). Every item keeps at least its first line, so a
    second risk is never pushed off the box by a long first one; spare lines are shared out in
    turn; whatever is cut ends with "…". With more items than lines, the last line says how
    many were left out."""
    max_lines = max(max_lines, 1)
    pieces = [wrap(line, width, measure) for line in lines]
    if sum(map(len, pieces)) <= max_lines:
        return [part for piece in pieces for part in piece]
    if len(pieces) > max_lines:
        left_out = len(pieces) - (max_lines - 1)
        kept = fit(lines[: max_lines - 1], width, max_lines - 1, measure) if max_lines > 1 else []
        return [*kept, cut(f"…and {left_out} more", width, measure)]
    share = [1] * len(pieces)
    spare = max_lines - len(pieces)
    while spare:
        for n, piece in enumerate(pieces):
            if spare and share[n] < len(piece):
                share[n] += 1
                spare -= 1
    out = []
    for piece, kept_lines in zip(pieces, share, strict=True):
        kept = piece[:kept_lines]
        if len(piece) > kept_lines:
            kept[-1] = ellipsis(kept[-1], width, measure)
        out += kept
    return out


def wrap(text: str, width: float, measure: Measure = len) -> list[str]:
    """Greedy word wrap by measured width; a word wider than the line is broken."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while measure(word) > width and len(word) > 1:
            head = _longest_prefix(word, width, measure)
            if current:
                lines.append(current)
                current = ""
            lines.append(head)
            word = word[len(head) :]
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    return [*lines, current] if current or not lines else lines


def ellipsis(line: str, width: float, measure: Measure = len) -> str:
    """The line with "…" at its end, shortened until both fit."""
    while line and measure(line.rstrip() + "…") > width:
        line = line[:-1]
    return line.rstrip() + "…"


def cut(line: str, width: float, measure: Measure = len) -> str:
    return line if measure(line) <= width else ellipsis(line, width, measure)


def _longest_prefix(word: str, width: float, measure: Measure) -> str:
    size = 1
    while size < len(word) and measure(word[: size + 1]) <= width:
        size += 1
    return word[:size]


def measure_points(size: float, bold: bool = False) -> Measure:
    """A line's width in points in DejaVu Sans at ``size``, from cached per-character advances
    (2% added for kerning and hinting, so a measured line never quite touches the edge)."""

    def measure(text: str) -> float:
        return sum(_advance(c, bold) for c in text) * size * 1.02

    return measure


@cache
def _advance(character: str, bold: bool) -> float:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(family="DejaVu Sans", size=1, weight="bold" if bold else "normal")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return text_to_path.get_text_width_height_descent(character, font, ismath=False)[0]


def lines_for(height_inches: float, size: float) -> int:
    return max(int(height_inches * 72 / (size * LINE_HEIGHT)), 1)


def canvas_figure(canvas: BetCanvas, paper: str = "a4") -> Figure:
    from matplotlib.figure import Figure

    width, height = PAPERS[paper]
    figure = Figure(figsize=(width, height), dpi=100)
    figure.set_facecolor("white")
    page = _Page(figure, width, height)
    page.header(canvas)
    page.boxes(canvas.boxes)
    page.footer(canvas)
    return figure


class _Page:
    """Places text in inches from the top-left corner of the page."""

    margin = 0.45

    def __init__(self, figure: Figure, width: float, height: float) -> None:
        self.figure, self.width, self.height = figure, width, height
        self.inner = width - 2 * self.margin

    def text(self, x: float, y: float, text: str, size: float, **style) -> None:
        self.figure.text(
            x / self.width,
            1 - y / self.height,
            text,
            fontsize=size,
            va="top",
            parse_math=False,  # "$5m" is money, not mathematics
            family="DejaVu Sans",
            **style,
        )

    @staticmethod
    def fit(lines: list[str], inches: float, max_lines: int, size: float, bold=False) -> list[str]:
        return fit(lines, inches * 72, max_lines, measure_points(size, bold))

    def header(self, canvas: BetCanvas) -> None:
        m = self.margin
        kicker = f"{canvas.kicker} · {canvas.when}".upper()
        self.text(m, m, kicker, SMALL + 1, color="#333333", fontweight="bold")
        self.text(
            self.width - m,
            m - 0.05,
            canvas.verdict,
            SMALL + 2,
            ha="right",
            fontweight="bold",
            bbox={
                "boxstyle": "round,pad=0.4",
                "facecolor": "#E3F1EB" if canvas.complete else MISSING_FILL,
                "edgecolor": PALETTE["green"] if canvas.complete else PALETTE["vermillion"],
                "linestyle": "-" if canvas.complete else "--",
                "linewidth": 1.5,
            },
        )
        [headline] = self.fit([canvas.headline], self.inner, 1, HEADLINE, bold=True)
        self.text(m, m + 0.35, headline, HEADLINE, fontweight="bold")
        sentence = self.fit([canvas.sentence], self.inner, 2, SENTENCE)
        self.text(m, m + 1.0, "\n".join(sentence), SENTENCE, linespacing=LINE_HEIGHT)
        [team] = self.fit([canvas.team], self.inner, 1, SMALL)
        self.text(m, m + 1.72, team, SMALL, color="#333333")

    def boxes(self, boxes: list[Box]) -> None:
        from matplotlib.patches import FancyBboxPatch

        top, bottom = self.margin + 2.05, self.height - self.margin - 0.7
        columns = min(4, len(boxes))
        rows = math.ceil(len(boxes) / columns)
        gap = 0.18
        box_w = (self.inner - gap * (columns - 1)) / columns
        box_h = (bottom - top - gap * (rows - 1)) / rows
        for n, box in enumerate(boxes):
            x = self.margin + (n % columns) * (box_w + gap)
            y = top + (n // columns) * (box_h + gap)
            self.figure.patches.append(
                FancyBboxPatch(
                    (x / self.width, 1 - (y + box_h) / self.height),
                    box_w / self.width,
                    box_h / self.height,
                    boxstyle="round,pad=0,rounding_size=0.008",
                    transform=self.figure.transFigure,
                    facecolor=MISSING_FILL if box.missing else "white",
                    edgecolor=PALETTE["vermillion"] if box.missing else "black",
                    linestyle="--" if box.missing else "-",
                    linewidth=2 if box.missing else 1.2,
                )
            )
            pad = 0.14
            title = ("✗ " if box.missing else "") + box.title
            title_lines = self.fit([title], box_w - 2 * pad, 2, TITLE, bold=True)
            self.text(
                x + pad,
                y + pad,
                "\n".join(title_lines),
                TITLE,
                fontweight="bold",
                linespacing=1.15,
            )
            used = pad + len(title_lines) * TITLE * 1.2 / 72 + 0.1
            room = lines_for(box_h - used - pad, BODY)
            items = [f"• {line}" for line in box.lines] if len(box.lines) > 1 else box.lines
            body = self.fit(items, box_w - 2 * pad, room, BODY)
            self.text(x + pad, y + used, "\n".join(body), BODY, linespacing=LINE_HEIGHT)

    def footer(self, canvas: BetCanvas) -> None:
        m = self.margin
        y = self.height - m - 0.55
        if canvas.missing:
            words = "Still missing: " + "; ".join(canvas.missing)
        else:
            words = "Nothing missing: the commitment card is complete."
        missing = self.fit([words], self.inner, 2, SMALL, bold=True)
        self.text(m, y, "\n".join(missing), SMALL, fontweight="bold", linespacing=1.25)
        below = y + len(missing) * SMALL * 1.25 / 72 + 0.08
        [footer] = self.fit([canvas.footer], self.inner - 1.0, 1, SMALL - 1)
        self.text(m, below, footer, SMALL - 1, color="#333333")
        self.text(self.width - m, below, "gaptools", SMALL - 1, color="#333333", ha="right")


def _save(figure: Figure, fmt: str, title: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "pdf":
        metadata = {"CreationDate": None, "Title": title, "Creator": "gaptools"}
    else:
        metadata = {"Software": None}
    with warnings.catch_warnings():
        # A glyph DejaVu Sans lacks (an emoji) prints as a box rather than failing the export.
        warnings.simplefilter("ignore", UserWarning)
        figure.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=metadata)
    return buffer.getvalue()


def to_pdf(workshop: Workshop, paper: str = "a4") -> bytes:
    canvas = bet_canvas(workshop)
    return _save(canvas_figure(canvas, paper), "pdf", canvas.title)


def to_png(workshop: Workshop, paper: str = "a4") -> bytes:
    canvas = bet_canvas(workshop)
    return _save(canvas_figure(canvas, paper), "png", canvas.title)
