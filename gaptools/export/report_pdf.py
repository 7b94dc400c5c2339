"""The workshop report as a multi-page PDF: the same sections, tables and charts as the HTML
report (``report.report_sections``), with the workshop's name and "Page n of N" in the footer.

Drawn with fpdf2 (see ``export.pdf``): the charts are the report's own inline SVG, so the PDF
shows what the room saw; text is set in DejaVu Sans and stays searchable.
"""

from __future__ import annotations

import html
import io
import re
from typing import TYPE_CHECKING

from gaptools.core.model import Workshop
from gaptools.core.quarter import day_text
from gaptools.core.text import typed_lines
from gaptools.export.report import Section, Table, report_sections, report_title

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from fpdf import FPDF

PAPER = {"a4": "A4", "letter": "Letter"}
ACCENT = (0, 114, 178)  # the report's blue (#0072B2)
HEADER_FILL = (232, 241, 250)
CHART_WIDTH = 170  # mm, at most; narrower on letter paper
_CHART_PARTS = re.compile(
    r"<h4>(?P<title>.*?)</h4>|(?P<svg><svg.*?</svg>)|<p[^>]*>(?P<note>.*?)</p>"
    r"|<ul class='gaptools-chart-key'>(?P<key>.*?)</ul>",
    re.S,
)
_TAGS = re.compile(r"<[^>]+>")


def footer(workshop: Workshop) -> str:
    meta = workshop.meta
    return f"{meta.team or 'Team not named'} · workshop of {day_text(meta.date)}"


def to_pdf(workshop: Workshop, paper: str = "a4") -> bytes:
    from gaptools.export.fonts import FACES
    from gaptools.export.pdf import FAMILY, document, finish, printed_text

    # The report's charts may ask for slanted text (step 9's "no start date yet"): it adds
    # the oblique face, which the one-page canvas never reads.
    pdf = document(
        workshop.meta.date,
        printed_text(workshop),
        FACES,
        orientation="P",
        unit="mm",
        format=PAPER[paper],
    )
    pdf.set_title(report_title(workshop))
    pdf.footer_text = footer(workshop)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 20)
    pdf.multi_cell(0, 9, report_title(workshop), new_x="LMARGIN", new_y="NEXT", align="L")
    for section in report_sections(workshop, charts=True):
        _section(pdf, section)
    return finish(pdf)


def _section(pdf: FPDF, section: Section) -> None:
    from gaptools.export.pdf import FAMILY

    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 14)
    pdf.set_text_color(0, 0, 0)
    pdf.multi_cell(0, 7, section.title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    _text(pdf, section.paragraphs)
    _text(pdf, [f"• {bullet}" for bullet in section.bullets], indent=4)
    for chart in section.charts:
        _chart(pdf, chart)
    if section.table and section.table[1]:
        _table(pdf, Table("", *section.table))
    for table in section.tables:
        if table.rows:
            _table(pdf, table)


def _text(pdf: FPDF, lines: list[str], indent: float = 0, size: float = 10.5) -> None:
    """Paragraphs (or bullets), each wrapped to the page with our own wrap and set line by
    line: fpdf2's multi_cell is slow for the hundreds of findings of a large portfolio."""
    from gaptools.export.page import wrap
    from gaptools.export.pdf import FAMILY
    from gaptools.export.pdf import measure as text_width

    measure = text_width(pdf, size)
    pdf.set_text_color(0, 0, 0)
    step = size * 0.3528 * 1.35
    for paragraph in lines:
        for line in wrap(paragraph, pdf.epw - indent, measure):
            if pdf.will_page_break(step):
                pdf.add_page()
                pdf.set_font(FAMILY, "", size)
            y = pdf.get_y()
            pdf.text(pdf.l_margin + indent, y + size * 0.3528 * 0.95, line)
            pdf.set_xy(pdf.l_margin, y + step)
        pdf.ln(1)


def _chart(pdf: FPDF, fragment: str) -> None:
    """One report chart (its title, its SVG and its notes) drawn from the HTML fragment."""
    from gaptools.export.pdf import FAMILY, drawable_svg, printable_svg, svg_size

    parts = list(_CHART_PARTS.finditer(fragment))
    width = min(CHART_WIDTH, pdf.epw)
    svgs = {
        n: drawable_svg(pdf, printable_svg(p.group("svg")))
        for n, p in enumerate(parts)
        if p.group("svg")
    }
    heights = {n: _drawn_height(svg_size(svg), width) for n, svg in svgs.items()}
    for n, part in enumerate(parts):
        if part.group("title") is not None:
            # The title goes with its chart: a title alone at the foot of a page, its chart
            # on the next, read as a section with nothing in it.
            chart = heights.get(n + 1, 42)
            if pdf.will_page_break(8 + min(chart, pdf.eph - 8)):
                pdf.add_page()
            pdf.ln(2)
            pdf.set_font(FAMILY, "B", 11.5)
            pdf.multi_cell(
                0, 6, _plain(part.group("title")), new_x="LMARGIN", new_y="NEXT", align="L"
            )
        elif n in svgs:
            if pdf.will_page_break(heights[n]):
                pdf.add_page()
            image = io.BytesIO(svgs[n].encode("utf-8"))
            pdf.image(image, x=pdf.l_margin, w=width, h=heights[n])
        elif part.group("key") is not None:  # the names of numbered points, one paragraph
            entries = re.findall(r"<li>(.*?)</li>", part.group("key"), re.S)
            _text(pdf, ["Key: " + " · ".join(_plain(entry) for entry in entries)], size=9)
        else:
            _text(pdf, [_plain(part.group("note"))], size=9)


def _drawn_height(size: tuple[float, float], width: float) -> float:
    """A chart's height on the page, drawn ``width`` wide."""
    width_px, height_px = size
    return width * height_px / width_px


def _plain(markup: str) -> str:
    return html.unescape(_TAGS.sub("", markup)).strip()


def _table(pdf: FPDF, table: Table) -> None:
    """A table with its header row repeated on each page, every cell's lines kept (one a
    line) and wrapped to its column. Drawn cell by cell with our own wrap (fpdf2's table
    takes several seconds for the report of 200 initiatives)."""
    from gaptools.export.pdf import FAMILY, measure

    turned = _turned(table)
    size, widths = _fitted(pdf, table, 7.5 if len(table.headers) > 6 else 9, turned)
    bold = measure(pdf, size, bold=True)
    header = _wrapped([[h] for h in table.headers], widths, bold, turned)
    regular = measure(pdf, size, bold=False)
    rows = [_wrapped(cells, widths, regular) for cells in table_cells(table)]
    line = size * 0.3528 * 1.3  # points to mm, with leading
    header_height = max(
        [_height(header, line, turned)]
        + [bold(h) + 2 * PAD for h, side in zip(table.headers, turned, strict=True) if side]
    )
    # The caption, the header and the first row (or as much of it as a third of a page)
    # start on one page: a caption is never left alone at the foot of one.
    first = min(_height(rows[0], line), 90) if rows else 0
    if pdf.will_page_break((7 if table.caption else 0) + header_height + first):
        pdf.add_page()
    if table.caption:
        pdf.ln(1)
        pdf.set_font(FAMILY, "B", 11.5)
        pdf.multi_cell(0, 6, table.caption, new_x="LMARGIN", new_y="NEXT", align="L")
    _row(pdf, header, widths, size, line, bold=True, turned=turned, height=header_height)
    for row in rows:
        if pdf.will_page_break(_height(row, line)):
            pdf.add_page()
            _row(pdf, header, widths, size, line, bold=True, turned=turned, height=header_height)
        _row(pdf, row, widths, size, line, bold=False)
    pdf.set_x(pdf.l_margin)
    pdf.ln(3)


PAD = 1.2  # mm inside each cell
SLACK = 2 * PAD + 0.05  # a column as wide as its text, and a hair more against rounding


def _wrapped(
    cells: list[list[str]],
    widths: list[float],
    measure: Callable[[str], float],
    turned: Sequence[bool] = (),
) -> list[list[str]]:
    """Each cell's lines wrapped to its column, in the font as it will print (``measure``,
    made once for the whole table); a ``turned`` heading stays one line, drawn upwards."""
    from gaptools.export.page import wrap

    out = []
    for n, (lines, width) in enumerate(zip(cells, widths, strict=True)):
        if n < len(turned) and turned[n]:
            out.append(lines)
            continue
        room = width - 2 * PAD
        out.append([part for line in lines for part in wrap(line, room, measure)] or [""])
    return out


def _height(row: list[list[str]], line: float, turned: Sequence[bool] = ()) -> float:
    lines = [len(c) for n, c in enumerate(row) if not (n < len(turned) and turned[n])]
    return max(lines, default=1) * line + 2 * PAD


def _turned(table: Table) -> list[bool]:
    """The columns whose heading is drawn turned upwards: under each, a letter or two in
    every row (the responsibility map's functions), when a table has several. Across, a
    dozen functions' headings broke mid-word ("Produc|t") beside long names."""
    cells = table_cells(table)
    short = [
        len(heading) > 3 and all(len(" ".join(row[n]).strip()) <= 2 for row in cells)
        for n, heading in enumerate(table.headers)
    ]
    return short if sum(short) >= TURNED_FROM else [False] * len(short)


TURNED_FROM = 4  # columns of letters that make a map of a table


def _row(
    pdf: FPDF,
    row: list[list[str]],
    widths: list[float],
    size: float,
    line: float,
    bold: bool,
    turned: Sequence[bool] = (),
    height: float | None = None,
) -> None:
    from gaptools.export.pdf import FAMILY

    height = height or _height(row, line)
    x, y = pdf.l_margin, pdf.get_y()
    pdf.set_draw_color(153, 153, 153)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(*HEADER_FILL)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FAMILY, "B" if bold else "", size)
    ascent = size * 0.3528 * 0.95
    for n, (cell, width) in enumerate(zip(row, widths, strict=True)):
        pdf.rect(x, y, width, height, style="DF" if bold else "D")
        if n < len(turned) and turned[n]:
            # Upwards from the cell's foot, its baseline a letter's height in from the left.
            foot_x, foot_y = x + PAD + ascent, y + height - PAD
            with pdf.rotation(90, foot_x, foot_y):
                pdf.text(foot_x, foot_y, cell[0])
        else:
            for k, text in enumerate(cell):
                if text:
                    pdf.text(x + PAD, y + PAD + ascent + k * line, text)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def _fitted(
    pdf: FPDF, table: Table, size: float, turned: Sequence[bool] = ()
) -> tuple[float, list[float]]:
    """The type size and column widths: smaller type, down to 6 pt, before any word of a wide
    table (the responsibility map's functions) is cut in two."""
    while True:
        widths, whole_words = _widths(pdf, table, size, turned)
        if whole_words or size <= 6:
            return size, widths
        size -= 0.5


def _widths(
    pdf: FPDF, table: Table, size: float, turned: Sequence[bool] = ()
) -> tuple[list[float], bool]:
    """Columns as wide as their content asks, on the page's width: each at least as wide as
    its longest word (so "Compliance/legal" is not cut in two) where the page allows, and the
    rest shared in proportion to how much more each column's longest line would take. A
    ``turned`` heading asks only a line's height across."""
    from gaptools.export.page import hyphen_parts, words
    from gaptools.export.pdf import measure as text_width

    headings = [[""] if n < len(turned) and turned[n] else [h] for n, h in enumerate(table.headers)]
    columns = list(zip(*(headings, *table_cells(table)), strict=True))
    measure = text_width(pdf, size, bold=True)
    across = size * 0.3528 * 1.3 + SLACK  # a turned heading's line
    least, most = [], []
    for n, cells in enumerate(columns):
        if n < len(turned) and turned[n]:
            widest = max((measure(" ".join(cell)) for cell in cells), default=0) + SLACK
            least.append(max(across, widest))
            most.append(max(across, widest))
            continue
        lines = [line for cell in cells for line in cell]
        # A word is as wide as its widest part between hyphens, where a wrap may break it
        # ("Venkataraman-Subramanian"): whole, a long name's column took the page's width
        # from the others, and the map's headings broke mid-word ("Produc/t").
        parts = (part for line in lines for w in words(line) for part in hyphen_parts(w))
        least.append(max(map(measure, parts), default=0) + SLACK)
        most.append(max((measure(line) for line in lines), default=0) + SLACK)
    room = pdf.epw
    if sum(least) >= room:  # even the words do not fit: share by them
        return [room * width / sum(least) for width in least], False
    extra = [m - n for m, n in zip(most, least, strict=True)]
    spare = room - sum(least)
    if sum(extra) <= spare:  # everything fits on one line: widen in proportion
        return [room * m / sum(most) for m in most], True
    return [n + spare * e / sum(extra) for n, e in zip(least, extra, strict=True)], True


def table_cells(table: Table) -> list[list[list[str]]]:
    """Each row's cells as lists of lines; a line typed in a cell ("Stop if:\n1) …") stays a
    line of its own."""
    return [[_lines(c) if isinstance(c, str) else list(c) for c in row] for row in table.rows]


def _lines(cell: str) -> list[str]:
    return typed_lines(cell) or [""]
