"""The bet canvas drawn on one landscape page: the PDF with fpdf2, the PNG with matplotlib.

The page is laid out in inches from the paper size, and text is wrapped to the room each box
has and cut with an ellipsis when it would overflow, so a long kill criterion never spills off
the page. Both drawings share the geometry (``grid``, the positions below) and the wrapping
(``fit``), measured in the same font (DejaVu Sans), so the PDF and the PNG show the same
content in the same places. A non-breaking space is never a place to wrap, so a phrase such as
"(−6 percentage points)" stays on one line. The PDF is drawn without matplotlib, which keeps a
cold ``gaptools export --format pdf`` quick. Output is reproducible: no creation date in the
PDF, no software tag in the PNG. The PDF keeps its text as text (searchable, copyable,
readable by a PDF text extractor).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import math
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING

from gaptools.charts import PALETTE
from gaptools.core.model import Workshop
from gaptools.core.text import typed_lines
from gaptools.export.glyphs import boxed, is_right_to_left, right_to_left, undrawn_in_warnings
from gaptools.summaries.canvas import (
    BetCanvas,
    Box,
    and_more,
    band_boxes,
    bet_canvas,
    columns,
    for_page,
    grid_boxes,
    items_in,
    keep_together,
)

if TYPE_CHECKING:
    from fpdf import FPDF
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

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
        left_out = sum(map(items_in, lines[max_lines - 1 :]))
        kept = fit(lines[: max_lines - 1], width, max_lines - 1, measure) if max_lines > 1 else []
        return [*kept, cut(and_more(left_out), width, measure)]
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
    """Greedy word wrap by measured width; a word wider than the line is broken. A line typed
    as a line of its own ("Stop if:\n1) …\n2) …") starts a new line, as the HTML shows it.

    Every measure here sums each character's advance, so a line is as wide as its words and
    the spaces between them: each word is measured once, not the whole line again for every
    word added to it, which made a report's long cells cost the square of their length."""
    typed = typed_lines(text)
    if len(typed) > 1:
        return [part for line in typed for part in wrap(line, width, measure)]
    lines: list[str] = []
    current, used = "", 0.0
    space = measure(" ")
    for word in _pieces(words(text), width, measure):
        size = measure(word)
        while size > width and len(word) > 1:
            room = width - used - space
            if current and measure(word[:4]) <= room:
                # Begun on the line it follows: a bullet left alone on its line, then cut
                # to "•…" in a full box, showed none of a long unbroken measure.
                head = _longest_prefix(word, room, measure)
                lines.append(f"{current} {head}")
            else:
                head = _longest_prefix(word, width, measure)
                lines.extend([current, head] if current else [head])
            current, used = "", 0.0
            word = word[len(head) :]
            size = measure(word)
        if not current:
            current, used = word, size
        elif used + space + size <= width:
            current, used = f"{current} {word}", used + space + size
        else:
            lines.append(current)
            current, used = word, size
    return [*lines, current] if current or not lines else lines


_BREAKS = re.compile(r"[^\S\u00a0\u202f\u2007]+")  # any space but a non-breaking one


def words(text: str) -> list[str]:
    """The pieces a line may be broken between: split at spaces, never at a non-breaking
    one (so "(−6 percentage points)", held by ``keep_together``, moves as one word)."""
    return [word for word in _BREAKS.split(text) if word.strip()]


def hyphen_parts(word: str) -> list[str]:
    """A word cut after each hyphen inside it, where a line too narrow for it breaks it."""
    return re.split(r"(?<=[^-]-)(?=[^-])", word)


def _pieces(held: list[str], width: float, measure: Measure) -> Iterator[str]:
    """Each word as it is, but a phrase held together that no line could hold as its own
    words, so only a word wider than the line is ever broken inside."""
    for word in held:
        if measure(word) > width and len(parts := word.split()) > 1:
            yield from parts
        else:
            yield word


def ellipsis(line: str, width: float, measure: Measure = len) -> str:
    """The line with "…" at its end, shortened until both fit."""
    while line and measure(line.rstrip() + "…") > width:
        line = line[:-1]
    return line.rstrip() + "…"


def cut(line: str, width: float, measure: Measure = len) -> str:
    return line if measure(line) <= width else ellipsis(line, width, measure)


def _longest_prefix(word: str, width: float, measure: Measure) -> str:
    """The longest start of ``word`` that fits, ending after its last hyphen where it has one:
    "Venkataraman-Subramanian" broke as "Venkataraman-Subramani" and "an"."""
    size = 1
    while size < len(word) and measure(word[: size + 1]) <= width:
        size += 1
    head = word[:size]
    hyphen = head.rfind("-", 1, len(head) - 1) if size < len(word) else -1
    return head[: hyphen + 1] if hyphen > 0 else head


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


@cache
def font_file(bold: bool = False) -> str:
    """DejaVu Sans's file, regular or bold, looked up once.

    Matplotlib looks a font up again for every size of it a page uses, scoring each font it
    knows; text given the file is drawn in the same font without any of that."""
    from matplotlib.font_manager import FontProperties, findfont

    return findfont(FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal"))


@cache
def _charmap(bold: bool) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(font_file(bold)).get_charmap())


def drawable(text: str, bold: bool = False) -> str:
    """``text`` with each character the page's font lacks as "□", as the PDF prints it
    (matplotlib drew its own box with the character's code in it); those are noted."""
    return text if text.isascii() else boxed(text, _charmap(bold))


@cache
def shapes_text() -> bool:
    """Whether matplotlib sets text through libraqm, which writes Arabic and Hebrew right to
    left with their letters joined: the PNG then prints them as written, and only the PDF
    needs the note that it does not (``glyphs.right_to_left``)."""
    from matplotlib import ft2font

    return bool(getattr(ft2font, "__libraqm_version__", ""))


LEFT_TO_RIGHT_MARK = "\u200e"


def left_to_right_lines(text: str) -> str:
    """Each line that holds right-to-left letters starts with a left-to-right mark: the page
    is laid out left to right, and a line whose first letter is Arabic was set as a
    right-to-left one ("فاطمة الزهراء •", its bullet after the name)."""
    if text.isascii():
        return text
    return "\n".join(
        LEFT_TO_RIGHT_MARK + line if any(is_right_to_left(c) for c in line) else line
        for line in text.split("\n")
    )


def page_font(bold: bool = False) -> FontProperties:
    """DejaVu Sans, by its file (``font_file``)."""
    from matplotlib.font_manager import FontProperties

    weight = "bold" if bold else "normal"
    return FontProperties(family="DejaVu Sans", weight=weight, fname=font_file(bold))


def lines_for(height_inches: float, size: float) -> int:
    return max(int(height_inches * 72 / (size * LINE_HEIGHT)), 1)


#: Points below a box's body size tried before any of its text is cut: a kill criterion cut
#: mid-sentence ("…or if a…") is the line the page exists to carry.
SHRINK = (0, 1, 2)


def body_fitted(
    fit: Callable[[list[str], float, int, float], list[str]],
    items: list[str],
    inches: float,
    height: float,
    size: float,
    shorter: Sequence[list[str]] = (),
) -> tuple[list[str], float]:
    """A box's body and its type size: the box's own size when the text fits, else the
    largest a point or two smaller at which it does; else the same for each ``shorter`` form
    of the text in turn (which says what it leaves out); else the last at the smallest size,
    cut with "…"."""
    for form in (items, *shorter):
        whole = _letters(form)
        for smaller in SHRINK:
            body = fit(form, inches, lines_for(height, size - smaller), size - smaller)
            if _letters(body) == whole:
                return body, size - smaller
    room = lines_for(height, size - smaller)
    if room > 1:
        # Cut even so: its last line says where the whole text is, since a cut kill
        # criterion ("…or if handlers override more…") read as the whole contract. With one
        # line for several items, that line is the first item's start, not "…and 2 more":
        # a leader's own commitment, cut so, left the box with nothing of it.
        kept = form if room > 2 or len(form) == 1 else form[:1]
        body = fit(kept, inches, room - 1, size - smaller)
        return [*body, IN_THE_REPORT], size - smaller
    return body, size - smaller


#: What a box cut on the page says: the report holds the text whole.
IN_THE_REPORT = "(in full in the report)"


#: The bet's name on the page: as large as it fits on one line, else smaller, else on two
#: lines; only a name longer than two lines of the smallest size is cut. Two lines of 19
#: points fill the room one line of 30 had, above the value sentence.
HEADLINE_SIZES = ((HEADLINE, 1), (26, 1), (22, 1), (19, 2), (17, 2))
HEADLINE_SPACING = 1.12


def headline_fitted(fit: Fit, headline: str, inches: float) -> tuple[list[str], float]:
    """The headline's lines and type size: the name is what a reader of the page must not
    lose, and a name of 80 characters is an ordinary programme's."""
    whole = _letters([headline])
    for size, most in HEADLINE_SIZES:
        lines = fit([headline], inches, most, size, True)
        if _letters(lines) == whole:
            break
    return lines, size


#: The value sentence's lines at most: a metric of 200 characters (the longest a file holds)
#: with its numbers, date and change fits in four on letter paper.
SENTENCE_LINES = 4


def sentence_fitted(fit: Fit, sentence: str, inches: float) -> list[str]:
    """The value sentence's lines, as many as it needs up to ``SENTENCE_LINES``. Cut at two,
    a long metric pushed the date and the change off the page, though metric, magnitude and
    date are the sentence's whole point. Each line more costs the boxes below one line."""
    return fit([sentence], inches, SENTENCE_LINES, SENTENCE)


def _letters(lines: list[str]) -> str:
    return "".join("".join(line.split()) for line in lines)


Place = tuple[float, float, float, float]
Sizes = tuple[float, float]

MARGIN = 0.45
BOX_GAP = 0.18
BOX_PAD = 0.14
#: Inches kept under a box's body: its last line carries its own leading under the letters,
#: so the white there matches ``BOX_PAD`` above the title.
BODY_END = 0.10


#: The band's height in inches: a title and two lines, as the room's counts need; a title and
#: five lines at most, for the text a band holds alone (a leader's own commitment).
BAND, BAND_MOST = 0.98, 1.6
BAND_SIZES = (TITLE - 2, BODY - 2)


Fit = Callable[..., list[str]]  # a renderer's ``fit``: (lines, inches, max_lines, size, bold)


def layout(
    boxes: list[Box], width: float, height: float, fit: Fit, sentence_lines: int = 2
) -> list[tuple[Box, Place, Sizes]]:
    """Each box with its place and its type sizes: the grid's boxes, then the band's, a row
    of short boxes across the page under the grid. ``fit`` is the renderer's own, so each row
    of the grid is as tall as its text needs in the type it is printed in (``row_heights``);
    a value sentence on one line leaves the grid the second line's room."""
    main, band = grid_boxes(boxes), band_boxes(boxes)
    top, bottom = grid_top(sentence_lines), height - MARGIN - 0.7
    sizes = box_sizes(len(main))

    def needs(box_w: float) -> list[float]:
        # At the smallest size ``body_fitted`` may set a body in: what it needs to be whole.
        smallest = (sizes[0], sizes[1] - SHRINK[-1])
        return [text_height(box, box_w, smallest, fit) for box in main]

    band_h = 0.0
    if band:
        spare = bottom - BAND - BOX_GAP - top - grid_need(len(main), width, needs)
        band_h = band_height(band, width, fit, spare)
        bottom -= band_h + BOX_GAP
    placed = [
        (b, at, sizes)
        for b, at in zip(main, grid(len(main), width, top, bottom, needs=needs), strict=True)
    ]
    if band:
        row = grid(len(band), width, bottom + BOX_GAP, bottom + BOX_GAP + band_h, len(band))
        placed += [(b, at, BAND_SIZES) for b, at in zip(band, row, strict=True)]
    return placed


def band_height(band: list[Box], width: float, fit: Fit, spare: float) -> float:
    """The band's height: two lines, or what its text needs to be whole (in the smallest
    type ``body_fitted`` may set it in) where the grid leaves ``spare`` inches unused. A band
    of counts needs two lines; a leader working alone has their own statement there, and
    cut to one line it told the CEO nothing of it. The grid's boxes come first: they are
    the commitment card."""
    box_w = _box_width(width, len(band))
    smallest = (BAND_SIZES[0], BAND_SIZES[1] - SHRINK[-1])
    wanted = max(text_height(box, box_w, smallest, fit) for box in band)
    return max(BAND, min(wanted, BAND + max(spare, 0.0), BAND_MOST))


def grid_need(count: int, width: float, needs: Callable[[float], list[float]]) -> float:
    """The inches a grid of ``count`` boxes needs for all its text, gaps included."""
    if not count:
        return 0.0
    across = columns(count) or 1
    wanted = needs(_box_width(width, across))
    rows = [max(wanted[n : n + across]) for n in range(0, count, across)]
    return sum(rows) + BOX_GAP * (len(rows) - 1)


def _box_width(width: float, across: int) -> float:
    return (width - 2 * MARGIN - BOX_GAP * (across - 1)) / across


def grid(
    count: int,
    width: float,
    top: float,
    bottom: float,
    across: int | None = None,
    needs: Callable[[float], list[float]] | None = None,
) -> list[Place]:
    """Each box's (x, y, width, height) in inches from the page's top-left corner, between
    ``top`` and ``bottom``; with ``needs`` (each box's height for its text, given the boxes'
    width), rows as tall as ``row_heights`` makes them, else all alike."""
    across = across or columns(count) or 1
    down = max(math.ceil(count / across), 1)
    box_w = _box_width(width, across)
    room = bottom - top - BOX_GAP * (down - 1)
    heights = [room / down] * down
    if needs is not None:
        wanted = needs(box_w)
        rows = [wanted[n : n + across] for n in range(0, count, across)]
        heights = row_heights([max(row) for row in rows], room)
    tops = list(itertools.accumulate((h + BOX_GAP for h in heights[:-1]), initial=top))
    return [
        (MARGIN + (n % across) * (box_w + BOX_GAP), tops[n // across], box_w, heights[n // across])
        for n in range(count)
    ]


def row_heights(needs: list[float], room: float) -> list[float]:
    """Each row's height in ``room``: alike when every row's text fits an even share (the
    page looks as it always did); else each row gets what its text needs up to a fair share,
    and the room the others leave is shared among the rest. A row that needs little must
    not leave a crowded one to cut its text ("…every drafted field before…") while it has
    room to spare."""
    even = room / len(needs)
    if all(need <= even for need in needs):
        return [even] * len(needs)
    left, rows = room, len(needs)
    for need in sorted(needs):
        if need > left / rows:
            cap = left / rows
            return [min(need, cap) for need in needs]
        left, rows = left - need, rows - 1
    return [need + left / len(needs) for need in needs]  # all fit: the rest shared alike


#: Lines no box could hold: asking ``fit`` for this many gives a text's every line.
ALL_LINES = 999


def text_height(box: Box, box_w: float, sizes: Sizes, fit: Fit) -> float:
    """The inches a box needs for its title and its whole body at its own type sizes."""
    title_size, body_size = sizes
    inner = box_w - 2 * BOX_PAD
    title = fit([box_title(box)], inner, 3, title_size, True)
    body = fit(box_items(box), inner, ALL_LINES, body_size)
    # A hair over, so that ``lines_for`` of exactly this height counts the last line in.
    lines = len(body) * body_size * LINE_HEIGHT / 72
    return body_top(len(title), title_size) + lines + BODY_END + 1e-6


def body_top(title_lines: int, title_size: float) -> float:
    """From a box's top to its body's, in inches: the padding, the title and a gap."""
    return BOX_PAD + title_lines * title_size * 1.2 / 72 + 0.1


def box_sizes(count: int) -> Sizes:
    """Title and body type sizes: a little smaller when five boxes share a row."""
    return (TITLE, BODY) if columns(count) <= 4 else (TITLE - 1.5, BODY - 1.5)


def box_body(
    fit: Fit, box: Box, box_w: float, box_h: float, title_lines: int, sizes: Sizes
) -> tuple[float, list[str], float]:
    """Where a box's body starts under its title, its lines and their type size: the PNG and
    the PDF set a box's body alike."""
    title_size, body_size = sizes
    used = body_top(title_lines, title_size)
    room = box_h - used - BODY_END
    body, size = body_fitted(
        fit, box_items(box), box_w - 2 * BOX_PAD, room, body_size, box_shorter(box)
    )
    return used, body, size


def box_items(box: Box) -> list[str]:
    return _bulleted(box.lines)


def box_shorter(box: Box) -> list[list[str]]:
    """The box's shorter forms (``Box.shorter``), as its body is set."""
    return [_bulleted(list(form)) for form in box.shorter]


def _bulleted(lines: list[str]) -> list[str]:
    return [f"• {line}" for line in lines] if len(lines) > 1 else lines


def box_title(box: Box) -> str:
    return ("✗ " if box.missing else "") + box.title


def grid_top(sentence_lines: int) -> float:
    """The grid starts just under the team's line, which sits under the value sentence: a
    sentence on one line leaves the boxes a line more."""
    return team_top(sentence_lines) + SMALL * 1.2 / 72 + GRID_GAP


GRID_GAP = 0.06  # inches between the team's line and the boxes


def team_top(sentence_lines: int) -> float:
    """The team's line sits right under the value sentence, one line or two."""
    return MARGIN + 1.0 + sentence_lines * SENTENCE * LINE_HEIGHT / 72 + 0.08


def footer_words(canvas: BetCanvas) -> str:
    if canvas.missing:
        return "Still missing: " + "; ".join(canvas.missing)
    asked = f" Worth asking: {'; '.join(canvas.questions)}." if canvas.questions else ""
    return canvas.done + asked


def canvas_figure(canvas: BetCanvas, paper: str = "a4") -> Figure:
    from matplotlib.figure import Figure

    canvas = for_page(canvas)  # a fixed page: lines too long for a box are cut
    width, height = PAPERS[paper]
    figure = Figure(figsize=(width, height), dpi=100)
    figure.set_facecolor("white")
    page = _Page(figure, width, height)
    page.boxes(canvas.boxes, page.header(canvas))
    page.footer(canvas)
    return figure


class _Page:
    """Places text in inches from the top-left corner of the page."""

    margin = MARGIN

    def __init__(self, figure: Figure, width: float, height: float) -> None:
        self.figure, self.width, self.height = figure, width, height
        self.inner = width - 2 * self.margin

    def text(self, x: float, y: float, text: str, size: float, **style) -> None:
        if shapes_text():
            text = left_to_right_lines(text)
        else:
            right_to_left(text)
        self.figure.text(
            x / self.width,
            1 - y / self.height,
            drawable(text, style.get("fontweight") == "bold"),
            fontsize=size,
            va="top",
            parse_math=False,  # "$5m" is money, not mathematics
            fontproperties=page_font(style.get("fontweight") == "bold"),
            **style,
        )

    @staticmethod
    def fit(lines: list[str], inches: float, max_lines: int, size: float, bold=False) -> list[str]:
        lines = [keep_together(line) for line in lines]
        return fit(lines, inches * 72, max_lines, measure_points(size, bold))

    def header(self, canvas: BetCanvas) -> int:
        """The kicker, verdict, bet, value sentence and team; how many lines the sentence took."""
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
        headline, size = headline_fitted(self.fit, canvas.headline, self.inner)
        self.text(
            m, m + 0.35, "\n".join(headline), size, fontweight="bold", linespacing=HEADLINE_SPACING
        )
        sentence = sentence_fitted(self.fit, canvas.sentence, self.inner)
        self.text(m, m + 1.0, "\n".join(sentence), SENTENCE, linespacing=LINE_HEIGHT)
        [team] = self.fit([canvas.team], self.inner, 1, SMALL)
        self.text(m, team_top(len(sentence)), team, SMALL, color="#333333")
        return len(sentence)

    def boxes(self, boxes: list[Box], sentence_lines: int = 2) -> None:
        from matplotlib.patches import FancyBboxPatch

        for box, (x, y, box_w, box_h), sizes in layout(
            boxes, self.width, self.height, self.fit, sentence_lines
        ):
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
            pad, title_size = BOX_PAD, sizes[0]
            title = box_title(box)
            title_lines = self.fit([title], box_w - 2 * pad, 3, title_size, bold=True)
            self.text(
                x + pad,
                y + pad,
                "\n".join(title_lines),
                title_size,
                fontweight="bold",
                linespacing=1.15,
            )
            used, body, size = box_body(self.fit, box, box_w, box_h, len(title_lines), sizes)
            self.text(x + pad, y + used, "\n".join(body), size, linespacing=LINE_HEIGHT)

    def footer(self, canvas: BetCanvas) -> None:
        m = self.margin
        y = self.height - m - 0.55
        missing = self.fit([footer_words(canvas)], self.inner, 2, SMALL, bold=True)
        self.text(m, y, "\n".join(missing), SMALL, fontweight="bold", linespacing=1.25)
        below = y + len(missing) * SMALL * 1.25 / 72 + 0.08
        [footer] = self.fit([canvas.footer], self.inner - 1.0, 1, SMALL - 1)
        self.text(m, below, footer, SMALL - 1, color="#333333")
        self.text(self.width - m, below, "gaptools", SMALL - 1, color="#333333", ha="right")


#: zlib's level for the PNG: 3 packs this page (mostly white, with anti-aliased text) as
#: small as the default 6 does, in a third of the time.
PNG_COMPRESSION = 3


def drawing_settings() -> contextlib.AbstractContextManager:
    """Matplotlib's settings while the page is drawn: glyphs unhinted, so a line is as wide
    as the font's outlines, which is what ``fit`` measures and what the PDF shows. Hinting
    snaps glyphs to the pixel grid: at 150 dpi it changes no letter a reader sees, but it
    moves a line's width by up to 1.5% and makes the page a third slower to draw."""
    from matplotlib import rc_context

    return rc_context({"text.hinting": "no_hinting"})


def figure_png(figure: Figure) -> bytes:
    """The figure drawn at ``PNG_DPI`` by Agg (which it keeps from then on), as an RGB PNG
    with no software tag.

    ``savefig`` would write RGBA: the page is opaque white, so the alpha channel carries
    nothing but costs a quarter more pixels and most of the encoding time (the bet canvas's
    PNG export is timed from a cold start). The pixels are those ``savefig`` draws with
    ``drawing_settings``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    figure.set_dpi(PNG_DPI)
    canvas = FigureCanvasAgg(figure)
    with warnings.catch_warnings(record=True) as warned, drawing_settings():
        # A glyph DejaVu Sans lacks (an emoji) prints as a box rather than failing the export;
        # whoever exports is told which (``glyphs``).
        warnings.simplefilter("always", UserWarning)
        canvas.draw()
    undrawn_in_warnings(str(w.message) for w in warned)
    rgba = canvas.buffer_rgba()
    image = Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw", "RGBA", 0, 1)
    if image.getextrema()[3] == (255, 255):  # opaque, as the white page always is
        image = image.convert("RGB")
    buffer = io.BytesIO()
    # Named, so Pillow loads its PNG writer alone rather than every format it knows.
    buffer.name = "canvas.png"
    image.save(buffer, dpi=(PNG_DPI, PNG_DPI), compress_level=PNG_COMPRESSION)
    return buffer.getvalue()


def to_pdf(workshop: Workshop, paper: str = "a4") -> bytes:
    from gaptools.export.pdf import finish, printed_text

    canvas = bet_canvas(workshop)
    return finish(canvas_pdf(canvas, workshop.meta.date, paper, printed_text(workshop)))


def canvas_pdf(canvas: BetCanvas, day: dt.date, paper: str, text: str) -> FPDF:
    """The canvas on one PDF page, laid out as ``canvas_figure`` lays out the PNG; ``text``
    is what the page may print besides our own words, for the choice of font files."""
    from gaptools.export.pdf import document

    canvas = for_page(canvas)  # a fixed page: lines too long for a box are cut
    width, height = PAPERS[paper]
    size = (width * 72, height * 72)
    document = document(day, text, orientation="P", unit="pt", format=size)
    document.set_title(canvas.title)
    document.set_auto_page_break(False)
    document.set_margin(0)
    document.add_page()
    page = _PdfPage(document, width, height)
    page.boxes(canvas.boxes, page.header(canvas))
    page.footer(canvas)
    return document


ASCENT = 0.93  # DejaVu Sans: from the top of a line to its baseline, in ems
GREY = "#333333"


class _PdfPage:
    """The PNG's layout (``_Page``) drawn with fpdf2, in points from the top-left corner."""

    def __init__(self, document: FPDF, width: float, height: float) -> None:
        self.document, self.width, self.height = document, width, height
        self.inner = width - 2 * MARGIN

    def measure(self, size: float, bold: bool = False) -> Measure:
        """With 2% to spare, as the PNG measures (``measure_points``)."""
        from gaptools.export.pdf import measure

        width = measure(self.document, size, bold)
        return lambda text: width(text) * 1.02

    def fit(self, lines: list[str], inches: float, max_lines: int, size: float, bold=False):
        lines = [keep_together(line) for line in lines]
        return fit(lines, inches * 72, max_lines, self.measure(size, bold))

    def text(
        self,
        x: float,
        y: float,
        lines: list[str],
        size: float,
        bold: bool = False,
        colour: str = "#000000",
        spacing: float = LINE_HEIGHT,
        right: bool = False,
    ) -> None:
        """Lines set from the top at (x, y) inches; ``right`` aligns them to end at x."""
        from gaptools.export.pdf import hex_colour

        document = self.document
        document.set_font(style="B" if bold else "", size=size)
        document.set_text_color(*hex_colour(colour))
        for n, line in enumerate(lines):
            left = x * 72 - (document.get_string_width(line) if right else 0)
            document.text(left, y * 72 + ASCENT * size + n * size * spacing, line)

    def panel(self, x, y, w, h, fill: str, edge: str, dashed: bool, line: float) -> None:
        """A rounded box, in inches; dashed (and so not by colour alone) when incomplete."""
        from gaptools.export.pdf import hex_colour

        document = self.document
        document.set_fill_color(*hex_colour(fill))
        document.set_draw_color(*hex_colour(edge))
        document.set_line_width(line)
        document.set_dash_pattern(dash=6, gap=3.5) if dashed else document.set_dash_pattern()
        document.rect(
            x * 72, y * 72, w * 72, h * 72, style="DF", round_corners=True, corner_radius=6
        )
        document.set_dash_pattern()

    def header(self, canvas: BetCanvas) -> int:
        """The kicker, verdict, bet, value sentence and team; how many lines the sentence took."""
        m = MARGIN
        kicker = f"{canvas.kicker} · {canvas.when}".upper()
        self.text(m, m, [kicker], SMALL + 1, bold=True, colour=GREY)
        size = SMALL + 2
        pad = 0.4 * size / 72
        verdict_w = self.measure(size, True)(canvas.verdict) / 72
        right = self.width - m
        self.panel(
            right - verdict_w - pad,
            m - 0.05 - pad,
            verdict_w + 2 * pad,
            size * 1.2 / 72 + 2 * pad,
            "#E3F1EB" if canvas.complete else MISSING_FILL,
            PALETTE["green"] if canvas.complete else PALETTE["vermillion"],
            dashed=not canvas.complete,
            line=1.5,
        )
        self.text(right, m - 0.05, [canvas.verdict], size, bold=True, right=True)
        headline, size = headline_fitted(self.fit, canvas.headline, self.inner)
        self.text(m, m + 0.35, headline, size, bold=True, spacing=HEADLINE_SPACING)
        sentence = sentence_fitted(self.fit, canvas.sentence, self.inner)
        self.text(m, m + 1.0, sentence, SENTENCE)
        team = self.fit([canvas.team], self.inner, 1, SMALL)
        self.text(m, team_top(len(sentence)), team, SMALL, colour=GREY)
        return len(sentence)

    def boxes(self, boxes: list[Box], sentence_lines: int = 2) -> None:
        for box, (x, y, box_w, box_h), sizes in layout(
            boxes, self.width, self.height, self.fit, sentence_lines
        ):
            self.panel(
                x,
                y,
                box_w,
                box_h,
                MISSING_FILL if box.missing else "#FFFFFF",
                PALETTE["vermillion"] if box.missing else "#000000",
                dashed=box.missing,
                line=2 if box.missing else 1.2,
            )
            pad, title_size = BOX_PAD, sizes[0]
            title_lines = self.fit([box_title(box)], box_w - 2 * pad, 3, title_size, bold=True)
            self.text(x + pad, y + pad, title_lines, title_size, bold=True, spacing=1.15)
            used, body, size = box_body(self.fit, box, box_w, box_h, len(title_lines), sizes)
            self.text(x + pad, y + used, body, size)

    def footer(self, canvas: BetCanvas) -> None:
        m = MARGIN
        y = self.height - m - 0.55
        missing = self.fit([footer_words(canvas)], self.inner, 2, SMALL, bold=True)
        self.text(m, y, missing, SMALL, bold=True, spacing=1.25)
        below = y + len(missing) * SMALL * 1.25 / 72 + 0.08
        footer = self.fit([canvas.footer], self.inner - 1.0, 1, SMALL - 1)
        self.text(m, below, footer, SMALL - 1, colour=GREY)
        self.text(self.width - m, below, ["gaptools"], SMALL - 1, colour=GREY, right=True)


def to_png(workshop: Workshop, paper: str = "a4") -> bytes:
    canvas = bet_canvas(workshop)
    return figure_png(canvas_figure(canvas, paper))
