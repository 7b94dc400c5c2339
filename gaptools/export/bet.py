"""The one-page bet canvas as HTML (prints on one landscape page) and as Markdown.

Both draw ``canvas.bet_canvas``, the same content as the PDF and PNG pages; the notebook's
preview is this HTML.
"""

from __future__ import annotations

from gaptools.core.model import Workshop
from gaptools.export.markup import md_document, md_escape, md_lines, render
from gaptools.summaries.canvas import (
    BetCanvas,
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
        standalone=standalone,
        grid=grid_boxes(canvas.boxes),
        band=band_boxes(canvas.boxes),
        columns=columns(len(grid_boxes(canvas.boxes))) or 1,
    ).decode("utf-8")


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
