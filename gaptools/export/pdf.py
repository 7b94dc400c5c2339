"""PDF documents written with fpdf2: the one-page bet canvas and the multi-page report.

fpdf2 is pure Python (with fontTools and Pillow, both wheels on every platform), so it installs
from the package index alone, on a laptop, a JupyterHub or Binder, with no system library. It
is light to import next to matplotlib's PDF backend, which keeps a cold ``gaptools export
--format pdf`` quick. Text stays text (searchable, copyable, read by a PDF text extractor),
set in DejaVu Sans, the font matplotlib ships and the HTML asks for first, so every canvas
format measures the same glyphs (``fonts`` says which of its files: most pages are set in a
cut of it, far quicker to read).

Output is reproducible: the creation date is the workshop's date (midnight UTC), never the
clock, and the file identifier is a hash of the content, so the same workshop gives the same
bytes every time.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import warnings
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from gaptools.charts import (
    DOT_RADIUS,
    DOTS,
    DOTS_OPACITY,
    HATCH_OPACITY,
    PALETTE,
    STRIPE,
    STRIPES,
)
from gaptools.export.fonts import BOLD, OBLIQUE, REGULAR, face_file, needs_whole
from gaptools.export.glyphs import MISSING, boxed, right_to_left

if TYPE_CHECKING:
    from fpdf import FPDF

    from gaptools.core.model import Workshop

FAMILY = "DejaVu"
CREATOR = "gaptools"
STYLES = {REGULAR: "", BOLD: "B", OBLIQUE: "I"}  # how fpdf2 names each face of FAMILY


def document(day: dt.date, text: str = "", faces: Sequence[str] = (REGULAR, BOLD), **page) -> FPDF:
    """A new PDF dated ``day`` (the workshop's date, not the clock), with ``faces`` added:
    cut to the common scripts, or whole where ``text`` (all the page will print, besides our
    own words) needs a letter only the whole font has (``fonts.needs_whole``)."""
    whole = needs_whole(text, faces)
    return _document_class()(
        day, [(STYLES[face], face_file(face, whole)) for face in faces], **page
    )


@cache
def _document_class() -> type[FPDF]:
    from fpdf import FPDF

    class Document(FPDF):
        def __init__(self, day: dt.date, faces: list[tuple[str, Path]], **page) -> None:
            super().__init__(**page)
            # Noon in the zone of the machine making it (a hub set to the team's, as the
            # README says): a viewer shows it in its own zone, and within eleven hours of
            # that one it is still the workshop's day (midnight UTC showed the day before
            # west of Greenwich, and noon UTC the day after in New Zealand).
            self.set_creation_date(dt.datetime.combine(day, dt.time(12)).astimezone())
            self.set_creator(CREATOR)
            self.set_producer(CREATOR)
            for style, path in faces:
                self.add_font(FAMILY, style, str(path))
            self.set_font(FAMILY, size=11)
            self.footer_text = ""  # on every page, with "page n of N", when given

        def normalize_text(self, text: str) -> str:
            """A character DejaVu Sans lacks (an emoji) prints as "□", as it does on the PNG,
            rather than vanishing from the page."""
            right_to_left(text)
            cmap = getattr(self.current_font, "cmap", None)
            if cmap:
                text = boxed(text, cmap)
            return super().normalize_text(text)

        def footer(self) -> None:
            if not self.footer_text:
                return
            self.set_y(-12)
            self.set_font(FAMILY, "", 8)
            self.set_text_color(60, 60, 60)
            self.cell(0, 5, self._footer_fitted(), align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

        def _footer_fitted(self) -> str:
            """The footer in the room the page number leaves it: a long team name is cut
            with "…" before its " · " and what follows (the date), never run under "Page n of
            N". Worked out once, for the widest page number a report has."""
            fitted = getattr(self, "_fitted", None)
            if fitted is None or fitted[0] != self.footer_text:
                room = self.epw - self.get_string_width("Page 999 of 999") - 4
                head, dot, tail = self.footer_text.rpartition(" · ")
                if not dot:
                    head, tail = tail, ""
                ending = f"… · {tail}" if dot else "…"
                text = self.footer_text
                while head and self.get_string_width(text) > room:
                    head = head[:-1].rstrip()
                    text = head + ending
                fitted = self._fitted = (self.footer_text, text)
            return fitted[1]

    return Document


def printed_text(workshop: Workshop) -> str:
    """All of the workshop a page may print (names, targets, notes…), which, with our own
    words, is all it prints: what the font files are chosen for."""
    return workshop.model_dump_json()


def finish(document: FPDF) -> bytes:
    """The document's bytes. A glyph DejaVu Sans lacks (an emoji) is left out with fpdf2's
    log message silenced, rather than failing the export."""
    log = logging.getLogger("fpdf")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return bytes(document.output())
    finally:
        log.setLevel(level)


def measure(document: FPDF, size: float, bold: bool = False) -> Callable[[str], float]:
    """A line's width, in the document's units, in our font at ``size`` (set as a side
    effect): the font's advance widths summed, as fpdf2 sets unshaped text, with a character
    the font lacks counted as ``MISSING``, which is what prints. One lookup per character,
    where ``get_string_width`` does far more: the report measures tens of thousands of words.
    Each text is summed once for each measure made: a table makes one per weight and size,
    and its words come back for every row's wrap and every cell that names the same
    initiative or function."""
    document.set_font(FAMILY, "B" if bold else "", size)
    font = document.current_font
    widths, cmap = font.cw, getattr(font, "cmap", {})
    missing = widths[ord(MISSING)]
    scale = size * 0.001 / document.k
    known: dict[str, float] = {}

    def width(text: str) -> float:
        found = known.get(text)
        if found is None:
            found = known[text] = (
                sum(widths[ord(c)] if ord(c) in cmap else missing for c in text) * scale
            )
        return found

    return width


def hex_colour(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


_FONT_FAMILY = re.compile(r"font-family=(['\"])[^'\"]*\1")
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_TEXT_WITHOUT_FILL = re.compile(r"<text(?![^>]*\sfill=)")
_DEFS = re.compile(r"<defs>.*?</defs>", re.S)
_PATTERNED = re.compile(r"<rect ([^>]*?)fill=(['\"])url\(#(hatch|dots|running)-[^)]*\)\2([^>]*?)/>")
_ATTRIBUTE = re.compile(r"([\w-]+)=(['\"])(.*?)\2")
_VIEWBOX = re.compile(r"viewBox=['\"]\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)\s+([\d.]+)")


def printable_svg(svg: str) -> str:
    """A chart's inline SVG as fpdf2 draws it: in our font, with the hover titles fpdf2 does
    not draw left out, and the hatching and dots (patterns, which it does not support) drawn
    as lines and dots in each bar; every bar also says its meaning in words."""
    svg = _TITLE.sub("", _DEFS.sub("", svg))
    svg = _PATTERNED.sub(_drawn_pattern, svg)
    svg = _FONT_FAMILY.sub(f"font-family='{FAMILY}'", svg)
    # A text with no fill of its own would print in whatever colour fpdf2 last filled with
    # (a bar's), faint on white: on paper, chart text is black unless it says otherwise.
    svg = _TEXT_WITHOUT_FILL.sub("<text fill='black'", svg)
    svg = svg.replace("width='100%'", "", 1)
    head = f"<svg xmlns='http://www.w3.org/2000/svg' font-family='{FAMILY}' "
    if "font-family=" in svg.split(">", 1)[0]:
        head = "<svg xmlns='http://www.w3.org/2000/svg' "
    return svg.replace("<svg ", head, 1)


def _drawn_pattern(found: re.Match[str]) -> str:
    """A bar filled with a pattern, as lines or dots drawn in it: fpdf2 draws no patterns,
    and a shade in their place left the legend's "hatched: still running" a plain bar."""
    attributes = {k: v for k, _, v in _ATTRIBUTE.findall(found.group(1) + found.group(4))}
    x, y = float(attributes.get("x", 0)), float(attributes.get("y", 0))
    width, height = float(attributes.get("width", 0)), float(attributes.get("height", 0))
    kind = found.group(3)
    if kind == "dots":
        marks = [
            f"<circle cx='{x + dx:.1f}' cy='{y + dy:.1f}' r='{DOT_RADIUS}' fill='black' "
            f"fill-opacity='{DOTS_OPACITY}'/>"
            for dx in _steps(DOTS / 2, width, DOTS)
            for dy in _steps(DOTS / 2, height, DOTS)
        ]
    else:
        colour, opacity = (PALETTE["blue"], 1) if kind == "running" else ("black", HATCH_OPACITY)
        marks = [
            f"<line x1='{a:.1f}' y1='{b:.1f}' x2='{c:.1f}' y2='{d:.1f}' stroke='{colour}' "
            f"stroke-opacity='{opacity}' stroke-width='{STRIPE}'/>"
            for a, b, c, d in _stripes(x, y, width, height)
        ]
    ground = "white" if kind == "running" else "none"
    outline = attributes.get("stroke", "none")
    return (
        f"<rect x='{x}' y='{y}' width='{width}' height='{height}' fill='{ground}'/>"
        + "".join(marks)
        + f"<rect x='{x}' y='{y}' width='{width}' height='{height}' fill='none' "
        f"stroke='{outline}'/>"
    )


def _steps(start: float, length: float, step: float) -> list[float]:
    return [start + n * step for n in range(int(max(length - start, 0) // step) + 1)]


def _stripes(x: float, y: float, width: float, height: float) -> list[tuple[float, ...]]:
    """Lines at 45°, ``STRIPES`` apart, cut to the rectangle: where the line x − y = c
    crosses it, for each c from its bottom-left corner to its top-right one."""
    step = STRIPES * 2**0.5
    segments = []
    c = x - (y + height) + step / 2
    while c < x + width - y:
        left, right = max(x, y + c), min(x + width, y + height + c)
        if right > left:
            segments.append((left, left - c, right, right - c))
        c += step
    return segments


def drawable_svg(document: FPDF, svg: str) -> str:
    """``svg`` with each character the page's font lacks as "□", as the page's own text
    prints it (fpdf2 draws an SVG's text without ``normalize_text`` and left such characters
    out: "客户支持助手 (Customer support…" read "(Customer suppo…"); they are noted too."""
    return boxed(svg, document.fonts[FAMILY.lower()].cmap)


def svg_size(svg: str) -> tuple[float, float]:
    match = _VIEWBOX.search(svg)
    return (float(match.group(1)), float(match.group(2))) if match else (760.0, 400.0)
