"""Chart labels never overlap: measured, not eyeballed.

Each label's box is worked out here independently of the drawing code: for the SVG from the
text's x, y, text-anchor and font-size and DejaVu Sans's own advance widths and ascent and
descent read with fontTools (the first font the charts ask for, and wider than the Helvetica
or Arial a browser falls back to); for the slide PNGs from matplotlib's renderer. No two boxes
may meet, none may cover a point or leave the drawing, and every point is named: by its label,
or by a number whose key entry below the chart names it."""

from __future__ import annotations

import io
import random
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from gaptools.charts import labels, png_bytes, portfolio, priorities, steps
from gaptools.charts.svg import Bar, Point, bar_chart, scatter_svg
from gaptools.core.model import Stage, Workshop
from gaptools.steps.portfolio import diagnose
from gaptools.steps.prioritise import rank

# Read from its bytes: a TTFont opened on the path keeps the file open until it is collected,
# which pytest then reports against whichever test is running.
FONT = TTFont(
    io.BytesIO((Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf").read_bytes())
)
UNITS = FONT["head"].unitsPerEm
CMAP = FONT.getBestCmap()
ASCENT = FONT["hhea"].ascent / UNITS
DESCENT = -FONT["hhea"].descent / UNITS
Y_RANGE = (0.5, 5.5)


def width(text: str, size: float) -> float:
    """Advance widths summed, as DejaVu Sans sets the text (a missing glyph is a wide em)."""
    hmtx = FONT["hmtx"]
    return size * sum(hmtx[CMAP[ord(c)]][0] / UNITS if ord(c) in CMAP else 1.0 for c in text)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    what: str

    def meets(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def inside(self, other: Box) -> bool:
        return (
            self.left >= other.left
            and self.right <= other.right
            and self.top >= other.top
            and self.bottom <= other.bottom
        )


def text_boxes(svg: ET.Element) -> list[Box]:
    """Every text drawn in the SVG, boxed from its attributes (font size inherited)."""
    found = []

    def walk(element: ET.Element, size: float) -> None:
        size = float(element.get("font-size", size))
        if element.tag == "text" and (element.text or "").strip():
            x, y, text = float(element.get("x")), float(element.get("y")), element.text
            wide = width(text, size)
            left = {"start": x, "middle": x - wide / 2, "end": x - wide}[
                element.get("text-anchor", "start")
            ]
            box = Box(left, y - ASCENT * size, left + wide, y + DESCENT * size, text)
            turn = element.get("transform")
            if turn:  # rotate(-90 cx cy): the axis title standing on its side
                angle, cx, cy = (float(n) for n in re.findall(r"-?[\d.]+", turn))
                assert angle == -90
                box = Box(
                    cx + (box.top - cy),
                    cy - (box.right - cx),
                    cx + (box.bottom - cy),
                    cy - (box.left - cx),
                    text,
                )
            found.append(box)
        for child in element:
            walk(child, size)

    walk(svg, 16)  # a browser's default size
    return found


def assert_apart(boxes: list[Box], frame: Box, points: list[Box] = ()) -> None:
    outside = [b.what for b in boxes if not b.inside(frame)]
    assert outside == [], f"outside the drawing {frame}: {outside}"
    overlaps = [(a.what, b.what) for a, b in combinations(boxes, 2) if a.meets(b)]
    assert overlaps == [], f"overlapping labels: {overlaps}"
    covered = [(b.what, p.what) for b in boxes for p in points if b.meets(p)]
    assert covered == [], f"labels over points: {covered}"


def names(shown: str, name: str) -> bool:
    """Does a label, maybe cut, stand for ``name``: its start, or its start and the words
    where it differs from a name alike ("Claims intake… UK market"), each cut at "…"."""
    at = 0
    for part in (piece.strip() for piece in shown.split("…")):
        found = name.find(part, at) if at else (0 if name.startswith(part) else -1)
        if found < 0:
            return False
        at = found + len(part)
    return True


def check_scatter(
    markup: str, points: list[Point], bare: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Asserts the scatter's texts are apart and inside, and every point is named but those
    ``bare``, which are neither labelled nor in the key; returns how each named point is
    named (its label, or "n = name" from the key)."""
    root = ET.fromstring(f"<root>{markup}</root>")
    svg = root.find("div/svg")
    frame = Box(*(float(n) for n in svg.get("viewBox").split()), "viewBox")
    frame = Box(frame.left, frame.top, frame.left + frame.right, frame.top + frame.bottom, "")
    circles = [
        Box(
            float(c.get("cx")) - float(c.get("r")) - 1.25,  # half the 2.5 stroke
            float(c.get("cy")) - float(c.get("r")) - 1.25,
            float(c.get("cx")) + float(c.get("r")) + 1.25,
            float(c.get("cy")) + float(c.get("r")) + 1.25,
            c.findtext("title"),
        )
        for c in svg.iter("circle")
    ]
    assert_apart(text_boxes(svg), frame, circles)
    key = dict(
        reversed((entry.text or "").split(" = ", 1)) for entry in root.iter("li")
    )  # name: number
    named = {}
    groups = {circle: group for group in svg.iter("g") for circle in group.iter("circle")}
    drawn = {t.text for t in svg.iter("text") if (t.text or "").isdigit()}
    for circle in svg.iter("circle"):
        name = circle.findtext("title")
        texts = groups[circle].findall("text") if circle in groups else []
        shown = texts[0].text or "" if texts else ""
        if name in bare:
            assert (shown, key.get(name)) == ("", None), name
            continue
        if shown and not shown.isdigit():
            assert names(shown, name), (shown, name)
            named[name] = shown
        else:  # its number is drawn, here or by the first point at the same spot
            assert key.get(name) in drawn, (name, key)
            assert not shown or shown == key[name]
            named[name] = f"{key[name]} = {name}"
    assert sorted(named) == sorted(p.label for p in points if p.label not in bare)
    return named


NAMES = [
    "Invoice & POD matching",
    "Demand forecasting",
    "Claims intake copilot for the contact centre",
    "Supplier risk early warning",
    "Next-best-offer recommendations",
    "Contract clause extraction",
    "Field service scheduling optimiser",
    "Churn propensity scoring",
    "Warehouse slotting",
    "HR policy chatbot for every employee",
]


def crowd(seed: int, count: int = 30) -> list[Point]:
    """Many points with long names, several sharing a value and an effort exactly."""
    rng = random.Random(seed)
    spots = [(rng.choice([1, 2, 3, 4, 6, 8, 12]), rng.randint(1, 5)) for _ in range(count // 2)]
    points = []
    for n in range(count):
        effort, value = spots[n % len(spots)] if n % 3 else rng.choice(spots)
        base = NAMES[n % len(NAMES)]
        points.append(Point(f"{base[:35].rstrip()} {n}", effort, value, n % 2 == 0))
    return points


REPRODUCTION = [
    Point("Invoice & POD matching", 4, 3, True),
    Point("Demand forecasting", 4.3, 3, True),
]


def test_two_nearby_points_have_labels_apart() -> None:
    """The room's screenshot: "Invoice & POD matching" ran into "Demand forecasting"."""
    named = check_scatter(scatter_svg("Value", REPRODUCTION, "x", "y", Y_RANGE), REPRODUCTION)
    assert named == {p.label: p.label for p in REPRODUCTION}  # room for both names


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_crowded_scatter_keeps_its_labels_apart(seed: int) -> None:
    points = crowd(seed)
    named = check_scatter(scatter_svg("Value", points, "effort", "value", Y_RANGE), points)
    assert sum(" = " not in how for how in named.values()) >= 10  # most still carry names


def test_every_point_on_one_spot_is_numbered_in_the_key() -> None:
    points = [Point(f"{NAMES[n % 10]} {n}", 5, 3, n % 2 == 0) for n in range(30)]
    named = check_scatter(scatter_svg("Value", points, "effort", "value", Y_RANGE), points)
    assert any(" = " in how for how in named.values())


def test_points_at_the_edges_keep_their_labels_inside() -> None:
    points = [
        Point("A long name at the top right corner", 10, 5.5, True),
        Point("A long name at the bottom right corner", 10, 0.5, False),
        Point("A long name at the origin of the axes", 0, 0.5, False),
        Point("A long name at the top left corner", 0, 5.5, True),
    ]
    check_scatter(scatter_svg("Value", points, "effort", "value", Y_RANGE), points)


def test_the_example_value_effort_chart(example: Workshop) -> None:
    ranking = rank(example, stability=False)
    points = steps.value_effort_points(ranking, example)
    check_scatter(steps.value_effort(ranking, example), points)


def portfolio_of(count: int, above: int) -> list[Point]:
    """A large portfolio's chart: ``count`` points on the 1–5 value scale, the first
    ``above`` of them above the line, spread over few efforts so many share a spot."""
    rng = random.Random(count)
    return [
        Point(
            f"{NAMES[n % len(NAMES)][:30].rstrip()} #{n}",
            rng.randint(1, 30),
            rng.randint(1, 5),
            n < above,
        )
        for n in range(count)
    ]


def left_bare(points: list[Point]) -> frozenset[str]:
    """Who a chart leaves unnamed, by its rule restated: at most 30 named, those above the
    line first, then by value (highest first), effort (lowest first) and name."""
    best = sorted(points, key=lambda p: (not p.highlighted, -p.y, p.x, p.label))
    return frozenset(p.label for p in best[30:])


@pytest.mark.parametrize(("count", "above"), [(31, 0), (200, 12), (1000, 45)])
def test_a_large_portfolio_names_the_points_above_the_line_first(count: int, above: int) -> None:
    """1,000 initiatives drew 171 numbers and hundreds of leader lines, with a key of 171 lines
    under the chart: no reader found a name in it. At most 30 are named; the rest are drawn
    bare (named on hover) and the chart says so."""
    points = portfolio_of(count, above)
    bare = left_bare(points)
    markup = scatter_svg("Value", points, "effort", "value", Y_RANGE)
    named = check_scatter(markup, points, bare)
    assert len(named) == 30
    if above <= 30:
        assert {p.label for p in points if p.highlighted} <= set(named)
    root = ET.fromstring(f"<root>{markup}</root>")
    assert len(root.findall("div/svg//circle")) == count  # every point still drawn
    assert {c.findtext("title") for c in root.iter("circle")} == {p.label for p in points}
    notes = [p.text for p in root.iter("p")]
    assert f"30 of {count:,} named, those above the line first" in " ".join(notes)


def test_a_crowd_of_thirty_is_named_whole() -> None:
    points = portfolio_of(30, 3)
    markup = scatter_svg("Value", points, "effort", "value", Y_RANGE)
    assert len(check_scatter(markup, points)) == 30
    assert " named, " not in markup


def test_the_slide_scatter_of_a_large_portfolio_stays_a_slide() -> None:
    """The slide PNG of 1,000 initiatives was 10,351 pixels tall, most of it a key of
    "name (at x, y)" lines."""
    points = portfolio_of(1000, 45)
    figure = priorities.scatter_figure("Value", points, "effort", "value", Y_RANGE)
    check_figure(figure, points, left_bare(points))
    # The tallest a chart of 30 named points can be: all on one spot, every one numbered in
    # the key, with the note's line on top.
    crowded = [Point(f"{NAMES[n % 10]} {n}", 5, 3, False) for n in range(30)]
    tallest = priorities.scatter_figure("Value", crowded, "effort", "value", Y_RANGE)
    line = priorities.KEY_LINE * priorities.LABEL_POINTS * 100 / 72  # one line, at 100 dpi
    assert figure.bbox.height <= tallest.bbox.height + line + 1
    said = " ".join(t.get_text() for t in figure.findobj(Text))
    assert "30 of 1,000 named, those above the line first; the ranking lists them all." in said


def test_long_bar_labels_stay_inside_the_drawing() -> None:
    bars = [Bar("W" * 40, 5, "5"), Bar("Next-best-offer recommendations for all", 3, "3")]
    svg = ET.fromstring(f"<root>{bar_chart('Wide', bars, 'none')}</root>").find("div/svg")
    x, y, w, h = (float(n) for n in svg.get("viewBox").split())
    assert_apart(text_boxes(svg), Box(x, y, x + w, y + h, "viewBox"))


def test_long_value_texts_stay_inside_the_drawing() -> None:
    """A gut check's voters are listed after its bar: the scale makes room for them."""
    voters = ", ".join(f"Participant number {n}" for n in range(6))
    bars = [Bar("Claims copilot", 6, f"6 · {voters}"), Bar("Fraud", 1, "1 · Ana")]
    svg = ET.fromstring(f"<root>{bar_chart('Gut', bars, 'none')}</root>").find("div/svg")
    x, y, w, h = (float(n) for n in svg.get("viewBox").split())
    assert_apart(text_boxes(svg), Box(x, y, x + w, y + h, "viewBox"))


def test_the_width_table_is_dejavu_sans() -> None:
    """The placement's own widths agree with the font file (kerning aside)."""
    for text in [*NAMES, "WWW…", "Ünïcödé – “quotes” · 1,234.5%", "ŁódźŞİĞ"]:
        assert labels.text_width(text, 13) == pytest.approx(width(text, 13), abs=0.01)


# The slide PNG: matplotlib's renderer measures each text as it is drawn.


def drawn_boxes(figure: Figure) -> tuple[list[Box], Box]:
    FigureCanvasAgg(figure)
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    height = figure.bbox.height
    hidden = set()  # labels of ticks outside the axis's limits, which are not drawn
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    hidden.update((id(tick.label1), id(tick.label2)))
    boxes = []
    for text in figure.findobj(Text):
        if not text.get_visible() or not text.get_text().strip() or id(text) in hidden:
            continue
        e = text.get_window_extent(renderer)
        boxes.append(Box(e.x0, height - e.y1, e.x1, height - e.y0, text.get_text()))
    return boxes, Box(0, 0, figure.bbox.width, height, "figure")


def check_figure(figure: Figure, points: list[Point], bare: frozenset[str] = frozenset()) -> None:
    boxes, frame = drawn_boxes(figure)
    [axes] = figure.axes
    [dots] = axes.collections
    height = figure.bbox.height
    radius = (dots.get_sizes()[0] ** 0.5 / 2 + dots.get_linewidths()[0] / 2) * figure.dpi / 72
    centres = axes.transData.transform(dots.get_offsets())
    markers = [
        Box(x - radius, height - y - radius, x + radius, height - y + radius, p.label)
        for (x, y), p in zip(centres, points, strict=True)
    ]
    assert_apart(boxes, frame, markers)
    texts = [t for t in figure.findobj(Text) if t.get_gid()]
    key = {}  # name: number
    for text in texts:
        if text.get_gid() == "key":
            for line in text.get_text().splitlines():
                number, _, name = line.partition(" = ")
                key[name] = number
    drawn = {t.get_text() for t in texts if t.get_gid().startswith("point-")}
    for n, point in enumerate(points):
        shown = [t.get_text() for t in texts if t.get_gid() == f"point-{n}"]
        if point.label in bare:
            assert (shown, key.get(point.label)) == ([], None), point.label
            continue
        if shown and not shown[0].isdigit():
            assert names(shown[0], point.label)
        else:
            assert key.get(point.label) in drawn, (point.label, key)
            assert shown in ([], [key[point.label]])


def test_the_slide_scatter_keeps_nearby_labels_apart() -> None:
    check_figure(priorities.scatter_figure("Value", REPRODUCTION, "x", "y", Y_RANGE), REPRODUCTION)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_slide_scatter_keeps_a_crowd_apart(seed: int) -> None:
    points = crowd(seed)
    check_figure(priorities.scatter_figure("Value", points, "effort", "value", Y_RANGE), points)


def test_the_slide_scatter_numbers_points_on_one_spot() -> None:
    points = [Point(f"{NAMES[n % 10]} {n}", 5, 3, n % 2 == 0) for n in range(30)]
    check_figure(priorities.scatter_figure("Value", points, "effort", "value", Y_RANGE), points)


def test_the_example_slide_scatter(example: Workshop) -> None:
    ranking = rank(example, stability=False)
    check_figure(
        priorities.value_effort(ranking, example), steps.value_effort_points(ranking, example)
    )


@pytest.mark.parametrize("draw", ["stage_funnel", "pilot_ages", "stall_reasons"])
def test_the_slide_bar_charts_keep_their_texts_apart(example: Workshop, draw: str) -> None:
    """Step 1's slide PNGs with many pilots, all with long names."""
    pilot = next(i for i in example.initiatives if i.stage is Stage.PILOT and i.started)
    example.initiatives += [
        pilot.model_copy(update={"name": f"{NAMES[n % 10]} with a much longer name {n}"})
        for n in range(25)
    ]
    figure = getattr(portfolio, draw)(diagnose(example))
    boxes, frame = drawn_boxes(figure)
    assert_apart(boxes, frame)


def test_the_slide_scatter_is_the_same_bytes_every_time(example: Workshop) -> None:
    ranking = rank(example, stability=False)
    draw = priorities.value_effort
    assert png_bytes(draw(ranking, example)) == png_bytes(draw(ranking, example))


def test_an_empty_slide_scatter_says_so() -> None:
    figure = priorities.scatter_figure("Value", [], "effort", "value", Y_RANGE)
    assert "Nothing yet." in [t.get_text() for t in figure.findobj(Text)]


# Shortening a label to its room: one pass over running sums, as cutting a letter at a time.


def fit_letter_by_letter(text: str, room: float, size: float, limit: int = 0) -> str:
    """``labels.fit`` as first written: measure, cut a letter, measure again."""
    text = " ".join(text.split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    if labels.text_width(text, size) <= room:
        return text
    cut = text.removesuffix("…")
    while cut and labels.text_width(cut.rstrip() + "…", size) > room:
        cut = cut[:-1]
    return cut.rstrip() + "…"


@pytest.mark.parametrize("seed", range(3))
def test_fit_cuts_where_cutting_letter_by_letter_does(seed: int) -> None:
    """Any text (spaces, combining marks, characters the table lacks, a "…" of its own), any
    room, size and limit: the same cut as measuring each shorter start in turn."""
    chance = random.Random(seed)
    letters = "abcdefghij WXYZ  é\u0301中🧪…\u00a0\t\n-–"
    for _ in range(2000):
        text = "".join(chance.choice(letters) for _ in range(chance.randint(0, 60)))
        room, size = chance.uniform(0, 400), chance.choice([11, 12.5, 13, 15])
        limit = chance.choice([0, 0, 10, 28])
        assert labels.fit(text, room, size, limit) == fit_letter_by_letter(text, room, size, limit)


@pytest.mark.parametrize("seed", range(3))
def test_fit_apart_keeps_apart_what_fit_would_merge(seed: int) -> None:
    """Names that ``fit`` would cut to one label come out different (given room for the word
    where they differ), each within its room and its limit; every other name is cut as
    ``fit`` cuts it."""
    chance = random.Random(seed)
    words = ["claims", "intake", "copilot", "for", "the", "market", "UK", "EU", "retail", "é中"]
    for _ in range(300):
        stem = " ".join(chance.choice(words) for _ in range(chance.randint(1, 6)))
        names = [f"{stem} {chance.choice(words)}{n}" for n in range(chance.randint(1, 4))]
        names += [chance.choice(names)]  # a name given twice
        room, size, limit = (
            chance.uniform(60, 300),
            chance.choice([11, 13, 14]),
            chance.choice([0, 28]),
        )
        fitted = labels.fit_apart(names, room, size, limit)
        plain = [labels.fit(name, room, size, limit) for name in names]
        for apart, cut in zip(fitted, plain, strict=True):
            assert labels.text_width(apart, size) <= room or apart == cut
            assert not limit or len(apart) <= limit
            merged = len({n for n, c in zip(names, plain, strict=True) if c == cut}) > 1
            if not merged:
                assert apart == cut
        for a, b in combinations(range(len(names)), 2):
            if names[a] == names[b]:
                assert fitted[a] == fitted[b]
            elif room >= 150:  # room for the last word, where these names differ
                assert fitted[a] != fitted[b], (names[a], names[b], fitted[a])


# The index of what is in the way: the grid finds what comparing with everything finds.


class Everything:
    """What is in the way kept in plain lists, each place compared with every box and every
    leader line: the reference ``labels.Taken``'s grid (and the order it looks in) must
    agree with, place for place."""

    def __init__(self, boxes: list[labels.Box], leaders: list[labels.Segment]) -> None:
        self.boxes = list(boxes)
        self.leaders = list(leaders)

    def add(self, box: labels.Box) -> None:
        self.boxes.append(box)

    def remove_last(self) -> None:
        self.boxes.pop()

    def add_leader(self, leader: labels.Segment) -> None:
        self.leaders.append(leader)

    def room(self, left: float, top: float, right: float, bottom: float) -> bool:
        box = labels.Box(left, top, right, bottom)
        return not any(box.meets(other, labels.GAP) for other in self.boxes) and not any(
            labels._crosses(leader, box) for leader in self.leaders
        )

    def clear(self, leader: labels.Segment, own: labels.Box) -> bool:
        return not any(
            other is not own and labels._crosses(leader, other) for other in self.boxes
        ) and not any(labels._cut(leader, other) for other in self.leaders)


def crowded_spots(seed: int, count: int) -> tuple[list[tuple[float, float]], list[str]]:
    """Half the points in a thick crowd, each at a spot of its own (some end with no place
    even for a number); most others on a coarse lattice, so several share a spot (as equal
    estimates do); a few anywhere, past the frame's edges too. Names of every length."""
    rng = random.Random(seed)
    lattice = [(60 + 22.5 * rng.randint(0, 24), 40 + 70 * rng.randint(0, 4)) for _ in range(40)]
    x, y = rng.uniform(150, 550), rng.uniform(100, 250)
    spots = []
    for n in range(count):
        if n % 2 == 0:
            spots.append((round(x + rng.uniform(-12, 12), 1), round(y + rng.uniform(-12, 12), 1)))
        elif rng.random() < 0.85:
            spots.append(rng.choice(lattice))
        else:
            spots.append((round(rng.uniform(-20, 780), 1), round(rng.uniform(-20, 440), 1)))
    names = [NAMES[rng.randrange(len(NAMES))][: rng.randint(1, 40)] for _ in range(count)]
    return spots, names


@pytest.mark.parametrize("seed", range(4))
def test_the_grid_places_every_label_where_comparing_with_everything_does(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    spots, names = crowded_spots(seed, 90)
    frame = labels.Box(62, 0, 760, 368)
    rng = random.Random(seed)
    blocked = tuple(
        labels.Box(left, top, left + rng.uniform(5, 120), top + rng.uniform(5, 60))
        for left, top in ((rng.uniform(0, 760), rng.uniform(0, 420)) for _ in range(12))
    )
    arguments = (tuple(spots), tuple(names), 13, 8.25, frame, blocked)
    placed = labels._place.__wrapped__(*arguments)
    monkeypatch.setattr(labels, "Taken", Everything)
    assert placed == labels._place.__wrapped__(*arguments)
    # Every way a point gets named: by name, set apart or not, by number, by a number
    # shared with the points at its spot; and a crowd too thick even for a number.
    kinds = {(label.numbered, label.leader is not None) for label in placed if label}
    assert kinds == {(False, False), (False, True), (True, False), (True, True)}
    assert any(label.shared for label in placed if label)
    assert None in placed


@pytest.mark.parametrize("seed", range(3))
def test_the_grid_finds_what_is_in_the_way_as_comparing_with_everything_does(seed: int) -> None:
    """Boxes and leader lines scattered sparsely (grid squares left empty between them) and
    thickly, taken and taken back: every place and every leader gets the same answer."""
    rng = random.Random(seed)

    def box(spread: float, size: float) -> labels.Box:
        left, top = rng.uniform(-50, spread), rng.uniform(-50, spread)
        return labels.Box(left, top, left + rng.uniform(0, size), top + rng.uniform(0, size))

    def segment() -> labels.Segment:
        x, y = rng.uniform(-50, 500), rng.uniform(-50, 500)
        return (x, y, x + rng.uniform(-150, 150), y + rng.choice([0, rng.uniform(-150, 150)]))

    boxes = [box(rng.choice([150, 800]), rng.choice([8, 40, 150])) for _ in range(60)]
    leaders = [segment() for _ in range(10)]
    grid, everything = labels.Taken(boxes, leaders), Everything(boxes, leaders)
    for _ in range(1500):
        if rng.random() < 0.05:
            added = box(800, 40)
            for taken in (grid, everything):
                taken.add(added)
            if rng.random() < 0.5:  # tried in place, then taken back
                for taken in (grid, everything):
                    taken.remove_last()
        place = box(rng.choice([150, 800]), rng.choice([8, 40, 250]))
        sides = (place.left, place.top, place.right, place.bottom)
        assert grid.room(*sides) == everything.room(*sides), place
        leader, own = segment(), rng.choice(everything.boxes)
        assert grid.clear(leader, own) == everything.clear(leader, own), (leader, own)


def widths_read_one_by_one(text: str, size: float) -> float:
    """``labels.text_width`` as first written: each character looked up in the table of
    advances by its code point, a missing one a full em and a combining mark nothing."""
    table = {}
    for first, run in labels._ADVANCES.items():
        for offset, units in enumerate(run.split()):
            if units != "-":
                table[first + offset] = int(units)
    units = [table.get(ord(c), 0 if unicodedata.combining(c) else labels.UNITS) for c in text]
    return sum(units) * size / labels.UNITS


def test_text_widths_are_the_table_s_advances_one_by_one() -> None:
    """Characters in the table, missing from it and combining, asked for again and again
    (the table keeps what it works out for a character it lacks)."""
    chance = random.Random(7)
    letters = "aW é\u0301中🧪…\u00a0-–\u2030\u2031\u0300\x7f"
    for _ in range(500):
        text = "".join(chance.choice(letters) for _ in range(chance.randint(0, 30)))
        size = chance.choice([11, 12.5, 13, 15])
        assert labels.text_width(text, size) == widths_read_one_by_one(text, size)
