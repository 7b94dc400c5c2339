"""The one-page bet canvas as HTML (prints on one landscape page) and as Markdown.

Both draw ``canvas.bet_canvas``, the same content as the PDF and PNG pages; the notebook's
preview is this HTML.
"""

from __future__ import annotations

import math

from gaptools.core.model import Workshop
from gaptools.export.markup import md_document, md_escape, md_lines, render
from gaptools.summaries.canvas import (
    BetCanvas,
    Box,
    band_boxes,
    bet_canvas,
    columns,
    grid_boxes,
    keep_together,
)

PAGE_SIZES = {"a4": "A4 landscape", "letter": "letter landscape"}


def canvas_html(canvas: BetCanvas, paper: str = "a4", standalone: bool = True) -> str:
    """The canvas as HTML; ``standalone`` False gives the fragment the notebook shows."""
    return render(
        "bet.html.j2",
        canvas=canvas,
        page_size=PAGE_SIZES[paper],
        print_size=print_size(canvas, paper),
        standalone=standalone,
        grid=grid_boxes(canvas.boxes),
        band=band_boxes(canvas.boxes),
        columns=columns(len(grid_boxes(canvas.boxes))) or 1,
    ).decode("utf-8")


#: The printed page's text area in points: the paper, landscape, less its 10 mm margins.
PRINTED = {
    "a4": ((297 - 20) * 72 / 25.4, (210 - 20) * 72 / 25.4),
    "letter": ((279.4 - 20) * 72 / 25.4, (215.9 - 20) * 72 / 25.4),
}
#: Type sizes the printed canvas is tried at, in points, the largest that fits taken.
PRINT_SIZES = (9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0)
CHAR_EMS = 0.6  # a letter's width, generously: an estimate that wraps early fits for sure
LINE_EMS = 1.35  # the canvas's line height
FILLED = 0.98  # of the page's height the estimate may fill; it runs 7-20% over the real one


def print_size(canvas: BetCanvas, paper: str) -> float:
    """The type size at which the canvas prints on one sheet, as the HTML promises: in 9 pt,
    a card with its options, stops or kill criteria written out at length ran onto a second
    sheet, the second row of boxes alone on it. The text is measured as a generous count of
    letters per line, the same way for each box the page sets side by side."""
    width, height = PRINTED[paper]
    for size in PRINT_SIZES:
        if _printed_height(canvas, width, size) <= height * FILLED:
            return size
    return PRINT_SIZES[-1]


def _lines(text: str, width: float, size: float) -> int:
    """How many lines ``text`` takes in a column ``width`` points wide, at ``size``."""
    per_line = max(1, int(width / (CHAR_EMS * size)))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _boxes_height(boxes: list[Box], per_row: int, width: float, size: float) -> float:
    """The rows of ``boxes``, ``per_row`` to a row, each as tall as its tallest box."""
    gap = 0.7 * size
    inner = (width - (per_row - 1) * gap) / per_row - (1.6 + 1.1) * size - 3
    rows = [boxes[n : n + per_row] for n in range(0, len(boxes), per_row)]
    tallest = [
        max(
            (_lines(box.title, inner, 1.05 * size) * 1.05 + 0.4 + 1.2) * size * LINE_EMS
            + sum((_lines(line, inner, size) * LINE_EMS + 0.3) * size for line in box.lines)
            for box in row
        )
        for row in rows
    ]
    return sum(tallest) + gap * len(rows)


def _printed_height(canvas: BetCanvas, width: float, size: float) -> float:
    """The canvas's height in points, printed at ``size``: its head, its boxes, its foot."""
    head = (
        (1 + 0.3) * size * LINE_EMS  # the kicker
        + _lines(canvas.headline, width - 14 * size, 2 * size) * 2 * size * 1.25
        + _lines(canvas.sentence, width, 1.35 * size) * 1.35 * size * LINE_EMS
        + (1 + 0.8) * size * LINE_EMS  # the team's line
    )
    grid = grid_boxes(canvas.boxes)
    band = band_boxes(canvas.boxes)
    boxes = _boxes_height(grid, columns(len(grid)) or 1, width, size)
    if band:
        boxes += _boxes_height(band, len(band), width, 0.92 * size)
    foot = [*canvas.missing, *canvas.questions] or [canvas.done]
    half = (width - 2 * size) / 2  # printed in two columns
    foot_lines = math.ceil(sum(_lines(line, half, size) for line in foot) / 2) + 3
    return head + boxes + foot_lines * size * LINE_EMS + 2 * size


def to_html(workshop: Workshop, paper: str = "a4") -> bytes:
    return canvas_html(bet_canvas(workshop), paper).encode("utf-8")


def to_markdown(workshop: Workshop, paper: str = "a4") -> bytes:
    canvas = bet_canvas(workshop)
    lines = [
        f"# {md_escape(canvas.headline)}",
        "",
        f"**{md_escape(canvas.kicker)}** · {md_escape(canvas.verdict)}",
        "",
        f"> {md_escape(keep_together(canvas.sentence))}",
        "",
        md_escape(f"{canvas.team} · {canvas.when}"),
        "",
    ]
    for box in canvas.boxes:
        lines += [f"## {md_escape(('✗ ' if box.missing else '') + box.title)}", ""]
        lines += [f"- {md_lines(keep_together(line), '  ')}" for line in box.lines] + [""]
    lines += ["## Still missing", ""]
    lines += [f"- {md_escape(gap)}" for gap in canvas.missing] or [md_escape(canvas.done)]
    if canvas.questions:
        lines += ["", "## Worth asking", ""]
        lines += [f"- {md_escape(question)}" for question in canvas.questions]
    lines += ["", md_escape(canvas.footer)]
    return md_document(lines)
