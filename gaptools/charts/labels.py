"""Chart labels that never overlap: each text's box is estimated from the font's own widths and
a label goes to the first place around its point that is free; a point with no free place for
its name is numbered, and the chart's key says which name the number stands for.

Pure geometry in pixels with y growing downwards (as in SVG), so the inline SVG charts and the
matplotlib slide charts place their labels the same way, and nothing here imports matplotlib
or reads a font file: the advance widths of DejaVu Sans (the first font the charts ask for, and
the one matplotlib draws with) are written out below. Helvetica and Arial, which a browser uses
when DejaVu Sans is not installed, are narrower, so a box estimated here holds the text drawn
in any of them.
"""

from __future__ import annotations

import html
import itertools
import math
import os
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import accumulate

FAMILY = "DejaVu Sans, Helvetica, Arial, sans-serif"


def svg_open(width: float, height: float, title: str, font_size: float) -> str:
    """A chart's ``<svg>`` tag, scaled to its box. A group named by the chart's title, not an
    image: a screen reader then reads the counts, names and notes the chart draws, where an
    image named by its heading alone kept them from it ("Dots from 8 ballots, image")."""
    return (
        f"<svg viewBox='0 0 {width} {height}' width='100%' role='group' "
        f"aria-label='{html.escape(title)}' font-family='{FAMILY}' font-size='{font_size}'>"
    )


UNITS = 2048  # DejaVu Sans's units per em
ASCENT, DESCENT = 1901 / UNITS, 483 / UNITS  # its hhea ascent and descent, as parts of an em
GAP = 2.0  # free room kept between a label and anything else

# Advance widths of DejaVu Sans 2.37 (matplotlib's bundled DejaVuSans.ttf) in font units, read
# with fontTools' hmtx table, from each block's first code point on; "-" has no glyph.
_ADVANCES = {
    0x0020: (
        "651 821 942 1716 1303 1946 1597 563 799 799 1024 1716 651 739 651 690 1303 1303 1303 "
        "1303 1303 1303 1303 1303 1303 1303 690 690 1716 1716 1716 1087 2048 1401 1405 1430 1577 "
        "1294 1178 1587 1540 604 604 1343 1141 1767 1532 1612 1235 1612 1423 1300 1251 1499 1401 "
        "2025 1403 1251 1403 799 690 799 1716 1024 1024 1255 1300 1126 1300 1260 721 1300 1298 "
        "569 569 1186 569 1995 1298 1253 1300 1300 842 1067 803 1298 1212 1675 1212 1212 1075 "
        "1303 690 1303 1716 - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - 651 "
        "821 1303 1303 1303 1303 690 1024 1024 2048 965 1253 1716 739 2048 1024 1024 1716 821 821 "
        "1024 1303 1303 651 1024 821 965 1253 1985 1985 1985 1087 1401 1401 1401 1401 1401 1401 "
        "1995 1430 1294 1294 1294 1294 604 604 604 604 1587 1532 1612 1612 1612 1612 1612 1716 "
        "1612 1499 1499 1499 1499 1251 1239 1290 1255 1255 1255 1255 1255 1255 2011 1126 1260 "
        "1260 1260 1260 569 569 569 569 1253 1298 1253 1253 1253 1253 1253 1716 1253 1298 1298 "
        "1298 1298 1212 1300 1212 1401 1255 1401 1255 1401 1255 1430 1126 1430 1126 1430 1126 "
        "1430 1126 1577 1300 1587 1300 1294 1260 1294 1260 1294 1260 1294 1260 1294 1260 1587 "
        "1300 1587 1300 1587 1300 1587 1300 1540 1298 1876 1423 604 569 604 569 604 569 604 569 "
        "604 569 1208 1138 604 569 1343 1186 1186 1141 569 1141 569 1141 768 1141 700 1151 582 "
        "1532 1298 1532 1298 1532 1298 1666 1532 1298 1612 1253 1612 1253 1612 1253 2191 2095 "
        "1423 842 1423 842 1423 842 1300 1067 1300 1067 1300 1067 1300 1067 1251 803 1251 803 "
        "1251 803 1499 1298 1499 1298 1499 1298 1499 1298 1499 1298 1499 1298 2025 1675 1251 1212 "
        "1251 1403 1075 1403 1075 1403 1075 721 1300 1505 1405 1300 1405 1300 1440 1430 1126 1587 "
        "1677 1405 1300 1253 1294 1612 1258 1178 721 1587 1406 2015 724 604 1527 1186 569 1212 "
        "1995 1532 1298 1612 1870 1253 1943 1555 1335 1300 1423 1300 1067 1294 688 803 1251 803 "
        "1251 1757 1298 1565 1476 1523 1496 1403 1075 1364 1364 1183 1075 1303 1364 1183 1045 "
        "1300 604 1008 940 605 2912 2660 2364 1711 1611 935 1907 1892 1633 1401 1255 604 569 1612 "
        "1253 1499 1298 1499 1298 1499 1298 1499 1298 1499 1298 1260 1401 1255 1401 1255 1995 "
        "2011 1587 1300 1587 1300 1343 1186 1612 1253 1612 1253 1364 1183 569 2912 2660 2364 1587 "
        "1300 2279 1397 1532 1298 1401 1255 1995 2011 1612 1253 1401 1255 1401 1255 1294 1260 "
        "1294 1260 604 569 604 569 1612 1253 1612 1253 1423 842 1423 842 1499 1298 1499 1298 1300 "
        "1067 1251 803 1284 1068 1540 1298 1506 1716 1430 1250 1403 1075 1401 1255 1294 1260 1612 "
        "1253 1612 1253 1612 1253 1612 1253 1251 1212 972 1726 977 569 2044 2044 1401 1430 1126 "
        "1141 1251 1067 1075 1235 981 1405 1499 1401 1294 1260 604 569 1600 1300 1423 842 1251 "
        "1212 "
    ),
    0x2010: (
        "739 739 1303 1024 2048 2048 1024 1024 651 651 651 651 1061 1061 1061 1061 1024 1024 1208 "
        "1208 685 1367 2048 651 "
    ),
    0x2030: ("2748 3554 465 765 1065 465 765 1065 694 819 819 "),
}


class _Widths(dict[str, int]):
    """Advances by character; one the table lacks is worked out (``_not_in_table``) when
    first met and kept, so a text is measured by looking each character up, with no test."""

    def __missing__(self, char: str) -> int:
        self[char] = units = _not_in_table(char)
        return units


@cache
def _widths() -> _Widths:
    table = _Widths()
    for first, run in _ADVANCES.items():
        for offset, units in enumerate(run.split()):
            if units != "-":
                table[chr(first + offset)] = int(units)
    return table


def text_width(text: str, size: float) -> float:
    """The width of one line of ``text`` at ``size`` pixels, kerning aside (which only ever
    tightens it). A character the table lacks counts a full em, a combining mark nothing."""
    return sum(map(_widths().__getitem__, text)) * size / UNITS


def _advances(text: str) -> list[int]:
    """Each character's advance in font units: integers, so a sum of them is exact."""
    return list(map(_widths().__getitem__, text))


def _not_in_table(char: str) -> int:
    return 0 if unicodedata.combining(char) else UNITS


def text_height(size: float) -> float:
    return (ASCENT + DESCENT) * size


def fit(text: str, room: float, size: float, limit: int = 0) -> str:
    """``text`` on one line, at most ``limit`` characters (when given) and ``room`` pixels wide,
    ending with "…" when cut."""
    text = " ".join(text.split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    if text_width(text, size) <= room:
        return text
    # The longest start that fits with "…" after it, found from running sums of the advances
    # rather than by measuring each shorter start again: a long name is cut in one pass.
    cut = text.removesuffix("…")
    sums = list(accumulate(_advances(cut), initial=0))
    [mark] = _advances("…")
    end = len(cut)
    while end and (sums[len(cut[:end].rstrip())] + mark) * size / UNITS > room:
        end -= 1
    return cut[:end].rstrip() + "…"


def fit_apart(texts: Sequence[str], room: float, size: float, limit: int = 0) -> list[str]:
    """Each text as ``fit`` cuts it, except names that differ only where ``fit`` cuts them
    ("Claims intake copilot (UK)" and "… (EU)" both read "Claims intake copil…", two bars a
    reader cannot tell apart): those are cut before the word where they differ, which is
    kept, "Claims intake… (UK)"."""
    fitted = [fit(text, room, size, limit) for text in texts]
    wholes: dict[str, set[str]] = {}
    for text, cut in zip(texts, fitted, strict=True):
        wholes.setdefault(cut, set()).add(" ".join(text.split()))
    for n, text in enumerate(texts):
        group = wholes[fitted[n]]
        if len(group) > 1:
            differs = len(os.path.commonprefix(sorted(group)))
            fitted[n] = _fit_keeping_end(" ".join(text.split()), differs, room, size, limit)
    return fitted


def _fit_keeping_end(text: str, differs: int, room: float, size: float, limit: int) -> str:
    """``text`` cut before the word holding its character ``differs``; that word and the
    rest are kept, within two thirds of the room (cut at their own end beyond that)."""
    start = text.rfind(" ", 0, differs) + 1
    head, tail = text[:start].rstrip(), text[start:]
    if not head:
        return fit(text, room, size, limit)
    tail = fit(tail, room * 2 / 3, size, limit * 2 // 3)
    head_room = room - text_width(f"… {tail}", size)
    head_limit = limit - len(tail) - 2 if limit else 0
    if head_room <= 0 or (limit and head_limit < 1):
        return fit(f"… {tail}", room, size, limit)
    head = fit(head, head_room, size, head_limit).removesuffix("…").rstrip()
    return f"{head}… {tail}"


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def meets(self, other: Box, gap: float = 0.0) -> bool:
        return (
            self.left < other.right + gap
            and other.left < self.right + gap
            and self.top < other.bottom + gap
            and other.top < self.bottom + gap
        )

    def within(self, frame: Box) -> bool:
        return (
            self.left >= frame.left
            and self.right <= frame.right
            and self.top >= frame.top
            and self.bottom <= frame.bottom
        )


@dataclass(frozen=True)
class Label:
    """Where one point's text goes: ``x`` and ``baseline`` as SVG's ``text-anchor`` (start,
    middle or end; matplotlib's left, center or right) reads them."""

    text: str
    x: float
    baseline: float
    anchor: str
    box: Box
    numbered: bool  # the text is the point's number in the key, not its name
    leader: tuple[float, float, float, float] | None  # a line from point to label set apart
    shared: bool = False  # the number of an earlier point at the same spot, drawn once


def place(
    spots: Sequence[tuple[float, float]],
    names: Sequence[str],
    size: float,
    radius: float,
    frame: Box,
    blocked: Sequence[Box] = (),
) -> list[Label | None]:
    """See ``_place``; the same chart asked again (a form redrawn after a change that moved
    no point, such as a weight) is answered from a small cache."""
    spots = tuple((float(x), float(y)) for x, y in spots)
    return list(_place(spots, tuple(names), size, radius, frame, tuple(blocked)))


@lru_cache(maxsize=16)
def _place(
    spots: tuple[tuple[float, float], ...],
    names: tuple[str, ...],
    size: float,
    radius: float,
    frame: Box,
    blocked: tuple[Box, ...],
) -> tuple[Label | None, ...]:
    """A label for each point at ``spots`` (its centre), in order, so the first points get
    the best places: its name where a place is free, else its number (1, 2, … in order) for
    the chart's key. Points at the same spot that all need a number share one, drawn once
    (``shared`` for all but the first). ``None`` for a point with no free place even for a
    number, which takes a crowd far thicker than any workshop's.

    A place is free when its box stays inside ``frame`` and, with ``GAP`` to spare, meets no
    other label, no point (a circle of ``radius``, its stroke included), no leader line and
    nothing ``blocked``. Places are tried right of the point, left, above, below and at the
    four corners, then the same moved further out step by step with a thin leader line back
    to the point, which must itself run clear of other points and labels; only a number with
    nowhere else to go may have its leader cross them (its text still overlaps nothing)."""
    placer = _Placer(size, text_height(size), radius, frame, Taken(list(blocked), []))
    dots = [Box(x - radius, y - radius, x + radius, y + radius) for x, y in spots]
    for dot in dots:
        placer.taken.add(dot)
    at = [(round(x, 1), round(y, 1)) for x, y in spots]
    later = Counter(at)  # points still to come at each spot, this one included
    widest = str(len(spots))  # the widest number a point could need
    placed: list[Label | None] = []
    numbered: dict[tuple[float, float], Label] = {}  # by spot: one number for all there
    for (x, y), spot, name, dot in zip(spots, at, names, dots, strict=True):
        later[spot] -= 1
        # While more points are to come at this spot, its name must leave a place next to it
        # free for their number, or names all round would wall the spot in.
        room = later[spot] > 0 and spot not in numbered
        label = placer.first_free(name, x, y, dot, 2, room=widest if room else "")
        if label is None and spot in numbered:
            label = replace(numbered[spot], shared=True, leader=None)
        elif label is None:
            number = str(len(numbered) + 1)
            label = placer.first_free(number, x, y, dot, 12, numbered=True, else_crossing=True)
            if label is not None:
                numbered[spot] = label
        if label is not None and not label.shared:
            placer.take(label)
        placed.append(label)
    return tuple(placed)


#: The most points a chart names. Past it a chart of a large portfolio named hundreds of
#: points by number, in a key no reader searches and that made a slide thousands of pixels
#: tall; the rest are drawn bare, and the chart says how many it names.
MOST_NAMED = 30


@dataclass(frozen=True)
class Named:
    """The labels of a chart's points, by the points' own indices."""

    labels: list[Label | None]  # None: in the key by where it is, or left bare
    key: list[tuple[str, int]]  # as ``key``, by the points' indices
    bare: int  # points left unnamed, beyond ``MOST_NAMED``


def name_points(
    spots: Sequence[tuple[float, float]],
    names: Sequence[str],
    order: Sequence[int],
    first: Sequence[bool],
    size: float,
    radius: float,
    frame: Box,
) -> Named:
    """``place`` for the points at ``order`` (the best places go first), naming at most
    ``MOST_NAMED``: those marked ``first`` (above the line) before the others, each in
    ``order``. The points left bare still keep labels off themselves."""
    ranked = sorted(order, key=lambda n: not first[n])  # stable: ``order`` within each
    chosen = set(ranked[:MOST_NAMED])
    named = [n for n in order if n in chosen]
    bare = [
        Box(x - radius, y - radius, x + radius, y + radius)
        for n, (x, y) in enumerate(spots)
        if n not in chosen
    ]
    placed = place([spots[n] for n in named], [names[n] for n in named], size, radius, frame, bare)
    by_point: list[Label | None] = [None] * len(spots)
    for n, label in zip(named, placed, strict=True):
        by_point[n] = label
    entries = [(number, named[n]) for number, n in key(placed)]
    return Named(by_point, entries, len(spots) - len(named))


Segment = tuple[float, float, float, float]
Sides = tuple[float, float, float, float]  # left, top, right, bottom


CELL = 48.0  # px: the side of the squares the taken boxes are filed under, to look up fast


class Taken:
    """What is in the way: points, labels and their leader lines. Boxes, and leader lines by
    the box they span, are filed under the squares of a coarse grid they touch, so a candidate
    place is checked against its neighbours only: a chart of a thousand points would otherwise
    compare every place with every box and every leader, seconds per chart."""

    def __init__(self, boxes: list[Box], leaders: list[Segment]) -> None:
        self.boxes: list[Box] = []
        self.leaders: list[Segment] = []
        self._cells: dict[tuple[int, int], list[Box]] = {}
        # The same boxes as (left, top, right + GAP, bottom + GAP), the sums ``Box.meets``
        # makes, worked out once: ``room_at`` compares thousands of places with them. Filed
        # by column, then row, since ``room`` looks a column up once for all its rows; latest
        # first, since a place next to a point is most often taken by a label, and labels
        # are taken after all the points, so ``room`` finds what is in the way sooner.
        self._grown: dict[int, dict[int, list[Sides]]] = {}
        self._leader_cells: dict[tuple[int, int], list[Segment]] = {}
        for box in boxes:
            self.add(box)
        for leader in leaders:
            self.add_leader(leader)

    def add(self, box: Box) -> None:
        self.boxes.append(box)
        grown = (box.left, box.top, box.right + GAP, box.bottom + GAP)
        for column, row in _cells(box):
            self._cells.setdefault((column, row), []).append(box)
            self._grown.setdefault(column, {}).setdefault(row, []).insert(0, grown)

    def remove_last(self) -> None:
        box = self.boxes.pop()
        for column, row in _cells(box):
            self._cells[column, row].pop()
            del self._grown[column][row][0]

    def add_leader(self, leader: Segment) -> None:
        self.leaders.append(leader)
        for cell in _cells(_span(leader)):
            self._leader_cells.setdefault(cell, []).append(leader)

    def near(self, box: Box) -> Iterator[Box]:
        """The taken boxes filed under the squares ``box`` touches; one filed under several
        may come more than once, which no question asked of them minds."""
        cells = self._cells
        for cell in _cells(box):
            yield from cells.get(cell, ())

    def leaders_near(self, box: Box) -> Iterator[Segment]:
        """The leader lines filed under the squares ``box`` touches (as ``near``): any line
        that passes within ``GAP`` of the box, or crosses a line inside it, is among them."""
        cells = self._leader_cells
        for cell in _cells(box):
            yield from cells.get(cell, ())

    def free(self, box: Box, leader: Segment | None, own: Box) -> bool:
        """``box`` meets nothing taken, crosses no leader, and its own ``leader`` (if any)
        runs clear of every box but its point's ``own``."""
        return self.room_at(box) and (leader is None or self.clear(leader, own))

    def room_at(self, box: Box) -> bool:
        """``box`` meets nothing taken and crosses no leader."""
        return self.room(box.left, box.top, box.right, box.bottom)

    def room(self, left: float, top: float, right: float, bottom: float) -> bool:
        """``room_at`` for the box with these sides. Most places tried in a crowded chart are
        taken, so the search stops at the first box in the way (the test is
        ``Box.meets(other, GAP)``, written out on the sums kept by ``add``); only a place
        that no box takes is made a ``Box`` and checked against the leaders."""
        grown_right, grown_bottom = right + GAP, bottom + GAP
        rows = range(int((top - GAP) // CELL), int(grown_bottom // CELL) + 1)
        grown = self._grown
        for i in range(int((left - GAP) // CELL), int(grown_right // CELL) + 1):
            column = grown.get(i)
            if column is None:
                continue
            for j in rows:
                for other_left, other_top, other_right, other_bottom in column.get(j, ()):
                    if (
                        left < other_right
                        and other_left < grown_right
                        and top < other_bottom
                        and other_top < grown_bottom
                    ):
                        return False
        box = Box(left, top, right, bottom)
        return not any(_crosses(segment, box) for segment in self.leaders_near(box))

    def clear(self, leader: Segment, own: Box) -> bool:
        """A leader line runs clear of every box but its point's ``own``, and of every other
        leader. The boxes filed where the line starts, by its point, are tried first: in a
        crowd the points that overlap this one are what a leader most often crosses."""
        span = _span(leader)
        start = self._cells.get((int(leader[0] // CELL), int(leader[1] // CELL)), [])
        return not any(
            other is not own and _crosses(leader, other)
            for other in itertools.chain(start, self.near(span))
        ) and not any(_cut(leader, other) for other in self.leaders_near(span))


def _span(segment: Segment) -> Box:
    """The box a segment spans."""
    x1, y1, x2, y2 = segment
    return Box(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _cells(box: Box) -> list[tuple[int, int]]:
    """The grid squares a box touches, grown by ``GAP`` so that near misses are found."""
    left, right = int((box.left - GAP) // CELL), int((box.right + GAP) // CELL)
    top, bottom = int((box.top - GAP) // CELL), int((box.bottom + GAP) // CELL)
    return [(i, j) for i in range(left, right + 1) for j in range(top, bottom + 1)]


@dataclass(frozen=True)
class _Placer:
    size: float
    height: float
    radius: float
    frame: Box
    taken: Taken

    def take(self, label: Label) -> None:
        self.taken.add(label.box)
        if label.leader:
            self.taken.add_leader(label.leader)

    def first_free(
        self,
        text: str,
        x: float,
        y: float,
        own: Box,
        steps: int,
        numbered: bool = False,
        crossing: bool = False,
        room: str = "",
        else_crossing: bool = False,
    ) -> Label | None:
        """The first free place for ``text`` around (x, y); with ``room``, only one that
        leaves a place right by the point free for that text too. ``else_crossing``: when no
        place is free, the first one whose only fault is a leader crossing something, which is
        what asking again with ``crossing`` gives, found in the same search."""
        width = text_width(text, self.size) + 1  # a pixel for rounding in the renderer
        near = self.radius + GAP + 1
        # Named once, as locals: the loop below runs for tens of thousands of places.
        taken = self.taken
        room_for = taken.room
        frame = self.frame
        frame_left, frame_top, frame_right, frame_bottom = (
            frame.left,
            frame.top,
            frame.right,
            frame.bottom,
        )
        fallback: Label | None = None
        for (left, top, right, bottom), anchor, apart in _places(
            x, y, width, self.height, near, steps
        ):
            # ``Box.within(frame)`` and ``Taken.room_at``, before any box is made.
            if not (
                left >= frame_left
                and right <= frame_right
                and top >= frame_top
                and bottom <= frame_bottom
            ) or not room_for(left, top, right, bottom):
                continue
            box = Box(left, top, right, bottom)
            leader = _leader(x, y, self.radius, box) if apart else None
            if leader is not None and not crossing and not taken.clear(leader, own):
                if else_crossing and fallback is None and not room:
                    fallback = self._label(text, anchor, box, numbered, leader)
                continue
            if room:
                taken.add(box)  # tried in place, then taken back
                try:
                    walled_in = self.first_free(room, x, y, own, 0) is None
                finally:
                    taken.remove_last()
                if walled_in:
                    continue
            return self._label(text, anchor, box, numbered, leader)
        return fallback

    def _label(
        self, text: str, anchor: str, box: Box, numbered: bool, leader: Segment | None
    ) -> Label:
        at = {"start": box.left, "middle": (box.left + box.right) / 2, "end": box.right}
        baseline = round(box.top + ASCENT * self.size, 1)
        return Label(text, round(at[anchor], 1), baseline, anchor, box, numbered, leader)


def _crosses(segment: Segment, box: Box) -> bool:
    """Whether the segment passes through the box (grown by ``GAP``): Liang and Barsky's
    clipping, which keeps the part of the segment inside the box, if any."""
    x1, y1, x2, y2 = segment
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for step, room in (
        (-dx, x1 - (box.left - GAP)),
        (dx, box.right + GAP - x1),
        (-dy, y1 - (box.top - GAP)),
        (dy, box.bottom + GAP - y1),
    ):
        if step == 0:
            if room < 0:
                return False
            continue
        t = room / step
        if step < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _cut(a: Segment, b: Segment) -> bool:
    """Whether two segments cross."""

    def turn(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)

    ax1, ay1, ax2, ay2 = a
    bx1, by1, bx2, by2 = b
    return (
        turn(ax1, ay1, ax2, ay2, bx1, by1) * turn(ax1, ay1, ax2, ay2, bx2, by2) < 0
        and turn(bx1, by1, bx2, by2, ax1, ay1) * turn(bx1, by1, bx2, by2, ax2, ay2) < 0
    )


def _places(
    x: float, y: float, width: float, height: float, near: float, steps: int
) -> Iterator[tuple[Sides, str, bool]]:
    """Boxes around the point at (x, y), nearest first, as their sides (left, top, right,
    bottom: most are ruled out before a ``Box`` is worth making), each with its anchor and
    whether it is set apart from the point (and so needs a leader)."""
    corner = near * 0.7
    for step in range(steps + 1):
        far = step * (height + GAP)
        wide = step * (width / 2 + GAP) if step else 0.0
        rows = [0.0] if not step else [-far, far]
        for shift in rows:  # right and left, level with the point or a step up or down
            middle = y - height / 2 + shift
            yield (x + near, middle, x + near + width, middle + height), "start", bool(step)
            yield (x - near - width, middle, x - near, middle + height), "end", bool(step)
        top = y - near - far - height  # above and below, centred and to either side
        bottom = y + near + far
        for line in (top, bottom):
            yield (x - width / 2, line, x + width / 2, line + height), "middle", bool(step)
            if step:
                for side in (-wide, wide):
                    left = x - width / 2 + side
                    yield (left, line, left + width, line + height), "middle", True
        if not step:  # the four corners
            for dx, dy in ((1, -1), (1, 1), (-1, -1), (-1, 1)):
                left = x + corner if dx > 0 else x - corner - width
                upper = y - corner - height if dy < 0 else y + corner
                anchor = "start" if dx > 0 else "end"
                yield (left, upper, left + width, upper + height), anchor, False


def _leader(x: float, y: float, radius: float, box: Box) -> Segment:
    """From the circle's edge to the nearest point of the label's box."""
    to_x = min(max(x, box.left), box.right)
    to_y = min(max(y, box.top), box.bottom)
    length = math.hypot(to_x - x, to_y - y) or 1.0
    from_x = x + (to_x - x) / length * radius
    from_y = y + (to_y - y) / length * radius
    return (round(from_x, 1), round(from_y, 1), round(to_x, 1), round(to_y, 1))


def key(placed: Sequence[Label | None]) -> list[tuple[str, int]]:
    """The chart key's entries in order, as (number, the point's index): the numbered points
    by number, then any point with no place even for a number ("" for its number)."""
    numbered = [(label.text, n) for n, label in enumerate(placed) if label and label.numbered]
    lost = [("", n) for n, label in enumerate(placed) if label is None]
    return sorted(numbered, key=lambda entry: (int(entry[0]), entry[1])) + lost
