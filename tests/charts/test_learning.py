"""Step 9's charts: the timeline of learning cycles and the execution-maturity radar, read back
as XML, with the radar's points worked out by hand."""

from __future__ import annotations

import datetime as dt
import io
import math
import xml.etree.ElementTree as ET

import pytest

from gaptools.charts.learning import (
    CENTRE,
    RADIUS,
    date_ticks,
    radar_chart,
    radar_png,
    radar_points,
    timeline_chart,
)
from gaptools.core.model import Cycle, CycleDecision, MaturityRating, Workshop
from gaptools.steps import maturity
from gaptools.steps.maturity import MaturityView, Reading, dimensions, maturity_view
from gaptools.steps.registry import new_workshop
from tests.support import example_workshop

DAY = dt.date(2026, 11, 30)


def parsed(markup: str) -> ET.Element:
    """The chart read as XML: proof that it is well formed."""
    return ET.fromstring(f"<root>{markup}</root>")


def said(markup: str) -> str:
    """Every piece of text the chart draws or writes, as a reader sees it."""
    return " ".join(" ".join(t.split()) for t in parsed(markup).itertext() if t.strip())


def no_cycles() -> Workshop:
    """The example workshop with no cycle logged, whatever it ships with."""
    workshop = example_workshop()
    for initiative in workshop.initiatives:
        initiative.cycles = []
    return workshop


def logged() -> Workshop:
    """Three cycles on two initiatives: one iterated, one running, one killed."""
    workshop = no_cycles()
    first, second = workshop.initiatives[0], workshop.initiatives[2]
    second.name = "Support <assistant> & co"
    first.cycles = [
        Cycle(
            start=dt.date(2026, 10, 1),
            end=dt.date(2026, 11, 12),
            kill_if="intake is not faster",
            kill_by=dt.date(2026, 11, 12),
            debriefs=[dt.date(2026, 10, 22), dt.date(2026, 11, 12)],
            decision=CycleDecision.ITERATE,
            decided_on=dt.date(2026, 11, 10),
        ),
        Cycle(start=dt.date(2026, 11, 14), end=dt.date(2026, 12, 20)),
    ]
    second.cycles = [
        Cycle(
            start=dt.date(2026, 9, 1),
            decision=CycleDecision.KILL,
            decided_on=dt.date(2026, 10, 5),
        )
    ]
    return workshop


# -- the timeline -------------------------------------------------------------------------------


def test_no_cycle_draws_nothing() -> None:
    assert timeline_chart(no_cycles(), DAY) == ""
    assert timeline_chart(new_workshop("Claims"), DAY) == ""


def test_one_row_per_cycle_with_its_name_and_number() -> None:
    markup = timeline_chart(logged(), DAY)
    root = parsed(markup)
    rows = [g for g in root.iter("g") if g.get("class") == "gaptools-cycle"]
    assert len(rows) == 3
    titles = [r.find("title").text for r in rows]  # type: ignore[union-attr]
    assert titles[0].startswith("Claims intake copilot · cycle 1")
    assert titles[1].startswith("Claims intake copilot · cycle 2")
    assert titles[2].startswith("Support <assistant> & co · cycle 1")
    drawn = [t.text for t in root.iter("text")]
    assert drawn.count("cycle 1") == 2
    assert drawn.count("cycle 2") == 1
    assert drawn.count("Claims intake copilot") == 2


def test_user_text_is_escaped() -> None:
    markup = timeline_chart(logged(), DAY)
    assert "<assistant>" not in markup
    assert "&lt;assistant&gt; &amp; co" in markup
    parsed(markup)


def test_decisions_are_words_and_shapes_and_today_is_marked() -> None:
    markup = timeline_chart(logged(), DAY)
    text = said(markup)
    for words in ("● iterate", "running", "✕ kill", "today"):
        assert words in text
    # the legend names every shape, so no meaning rests on colour
    assert "▲ scale, ● iterate, ◆ pivot, ✕ kill" in text
    assert "hatched: still running" in text
    assert "url(#running-" in markup  # the running cycle's bar is hatched
    # dates on the axis
    for tick in ("1 Oct", "1 Nov", "1 Dec"):
        assert tick in text


def test_a_cycle_with_no_start_says_so() -> None:
    workshop = no_cycles()
    workshop.initiatives[0].cycles = [Cycle()]
    assert "no start date yet" in said(timeline_chart(workshop, DAY))


def test_date_ticks_stay_few_and_in_range() -> None:
    low, high = dt.date(2026, 9, 1), dt.date(2027, 9, 1)
    ticks = date_ticks(low, high)
    assert 1 < len(ticks) <= 6
    assert all(low <= t <= high and t.day == 1 for t in ticks)
    short = date_ticks(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert all(t.weekday() == 0 for t in short)


# -- the radar ---------------------------------------------------------------------------------


def view_of(*medians: float) -> MaturityView:
    """A view whose dimensions have exactly these medians (one rating each)."""
    return MaturityView(
        ratings=1,
        waiting=0,
        readings=[Reading(d, (int(m),)) for d, m in zip(dimensions(), medians, strict=True)],
    )


def rated(*scores: tuple[int, ...]) -> MaturityView:
    workshop = new_workshop("Claims")
    codes = [d.code for d in dimensions()]
    workshop.maturity.ratings = [
        MaturityRating(rater=f"Leader {n}", scores=dict(zip(codes, s, strict=True)), day=DAY)
        for n, s in enumerate(scores)
    ]
    return maturity_view(workshop)


def test_all_fives_make_a_regular_hexagon_of_the_full_radius() -> None:
    points = radar_points(view_of(5, 5, 5, 5, 5, 5), 100, (200, 150))
    assert len(points) == 6
    assert points[0] == pytest.approx((200, 50))  # straight up
    for n, (x, y) in enumerate(points):
        assert math.hypot(x - 200, y - 150) == pytest.approx(100)
        a = math.radians(60 * n)
        assert (x, y) == pytest.approx((200 + 100 * math.sin(a), 150 - 100 * math.cos(a)))
    # clockwise on screen (y down): the second point is right of the first, and above centre
    assert points[1][0] > 200
    assert points[1][1] < 150
    # a regular hexagon: every side is as long as the radius
    sides = [math.dist(points[n], points[(n + 1) % 6]) for n in range(6)]
    assert sides == pytest.approx([100] * 6)


def test_points_lie_at_radius_times_median_over_five_along_each_axis() -> None:
    medians = (1, 2, 3, 4, 5, 2)
    points = radar_points(view_of(*medians), 200, (0, 0))
    expected = [
        (
            200 * m / 5 * math.sin(math.radians(60 * n)),
            -200 * m / 5 * math.cos(math.radians(60 * n)),
        )
        for n, m in enumerate(medians)
    ]
    for point, wanted in zip(points, expected, strict=True):
        assert point == pytest.approx(wanted)
    assert points[0] == pytest.approx((0, -40))  # 1 of 5, straight up
    assert points[3] == pytest.approx((0, 160))  # 4 of 5, straight down


def test_a_half_point_median_lies_between_the_rings() -> None:
    view = rated((2, 3, 3, 3, 3, 3), (3, 3, 3, 3, 3, 3))  # median 2.5 for the first
    assert view.readings[0].median == 2.5
    [first, *_] = radar_points(view, 100, (0, 0))
    assert first == pytest.approx((0, -50))


def test_the_radar_marks_the_weakest_and_where_leaders_differ_in_words() -> None:
    view = rated((1, 3, 3, 3, 3, 3), (2, 3, 5, 3, 4, 3), (2, 4, 2, 3, 4, 3))
    markup = radar_chart(view)
    text = said(markup)
    assert "Execution maturity: median of 3 ratings" in text
    for d in dimensions():
        assert d.label in text
    assert "▼ Weakest" in text
    assert "⇕ Leaders differ (2–5)" in text  # governance readiness: 2 to 5
    assert text.count("▼ Weakest") == 2  # one dimension, and the legend
    # the median polygon is drawn through radar_points
    root = parsed(markup)
    polygons = [p for p in root.iter() if p.tag.endswith("polygon")]
    median = [p for p in polygons if p.get("class") == "gaptools-median"]
    assert len(median) == 1
    assert len(polygons) == 6  # five rings and the median
    # a range band on each axis where ratings differ: four of six dimensions here
    bands = [e for e in root.iter() if e.tag.endswith("line") and e.get("stroke-width") == "12"]
    assert len(bands) == 4


def test_each_line_of_a_radar_label_is_anchored_itself() -> None:
    """In the PDF report the left-hand labels ran across the chart ("Prioritisation quality"
    over its own axis): the PDF's SVG drawing anchors a text's lines as one run, ignoring the
    anchor they inherit. Each line is a text of its own, with its own anchor and place."""
    view = rated((1, 3, 3, 3, 3, 3), (2, 3, 5, 3, 4, 3))
    root = parsed(radar_chart(view))
    texts = [e for e in root.iter() if e.tag.endswith("text")]
    assert not [e for e in root.iter() if e.tag.endswith("tspan")]
    labels = [t for t in texts if t.get("text-anchor")]
    assert {t.get("text-anchor") for t in labels} == {"start", "middle", "end"}
    assert all(t.get("x") and t.get("y") for t in labels)
    for d in dimensions():
        assert any(t.text == d.label for t in labels), d.label


def test_one_rating_is_said_as_one_not_as_no_spread() -> None:
    """A leader rating alone read "no spread" on every dimension, which means nothing of one
    rating: it says the rating, and that it is one."""
    text = said(radar_chart(rated((1, 3, 3, 3, 3, 3))))
    assert "no spread" not in text
    assert "rated 1 · one rating" in text
    assert "rated 3 · one rating" in text
    assert "no spread" in said(radar_chart(rated((3, 3, 3, 3, 3, 3), (3, 3, 3, 3, 3, 3))))


def test_no_rating_draws_no_radar() -> None:
    empty = maturity_view(new_workshop("Claims"))
    assert not empty.shown
    assert radar_chart(empty) == ""


def test_the_png_is_a_png() -> None:
    view = rated((1, 3, 3, 3, 3, 3), (2, 3, 5, 3, 4, 3))
    data = radar_png(view)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert radar_png(view) == data  # the same ratings give the same bytes


def test_the_sealed_ratings_are_not_drawn() -> None:
    workshop = new_workshop("Claims")
    maturity.set_mode(workshop, "anonymous")
    assert radar_chart(maturity_view(workshop)) == ""


def test_a_cycle_past_its_kill_date_is_drawn_overdue_and_one_decided_ahead_as_running() -> None:
    """On the timeline, "running" hid a cycle past its kill date; a decision typed for a day
    still to come was drawn as taken."""
    workshop = logged()
    running = workshop.initiatives[0].cycles[1]
    running.kill_by = DAY - dt.timedelta(days=1)
    assert "overdue" in said(timeline_chart(workshop, DAY))
    running.kill_by = None
    running.decision, running.decided_on = CycleDecision.SCALE, DAY + dt.timedelta(days=10)
    text = said(timeline_chart(workshop, DAY))
    assert text.count("▲ scale") == 1  # the legend's alone
    assert "running" in text


def two_rounds() -> Workshop:
    """Three leaders rated in the workshop, then two again ten weeks later."""
    workshop = new_workshop("Claims")
    codes = [d.code for d in dimensions()]
    later = DAY + dt.timedelta(weeks=10)
    given = [
        ("Ann", (1, 2, 1, 2, 3, 2), DAY),
        ("Bo", (2, 2, 2, 3, 3, 2), DAY),
        ("Cy", (3, 3, 2, 2, 3, 3), DAY),
        ("Ann", (3, 4, 3, 4, 4, 3), later),
        ("Bo", (4, 4, 4, 4, 4, 4), later),
    ]
    workshop.maturity.ratings = [
        MaturityRating(rater=who, scores=dict(zip(codes, s, strict=True)), day=day)
        for who, s, day in given
    ]
    return workshop


def test_the_radar_draws_the_round_before_as_a_second_outline() -> None:
    """A second round of ratings showed in the text ("2 → 4") but not on the radar: the round
    before is a dashed grey outline now, its key saying each round's date and count."""
    from gaptools.core.quarter import day_text

    view = maturity_view(two_rounds())
    svg = radar_chart(view)
    earlier = [e for e in parsed(svg).iter() if e.get("class") == "gaptools-earlier"]
    assert len(earlier) == 1
    assert earlier[0].get("stroke-dasharray")  # not by colour alone
    points = [tuple(map(float, p.split(","))) for p in earlier[0].get("points").split()]
    medians = [view.earlier_medians[r.dimension.code] for r in view.readings]
    centre_x, centre_y = CENTRE
    radii = [math.dist(p, (centre_x, centre_y)) for p in points]
    assert radii == pytest.approx([RADIUS * m / 5 for m in medians], abs=0.2)
    later = DAY + dt.timedelta(weeks=10)
    for words in (day_text(DAY), "3 ratings", day_text(later), "2 ratings"):
        assert words in svg, words
    one_round = radar_chart(maturity_view(new_workshop_rated()))
    assert "gaptools-earlier" not in one_round
    from PIL import Image

    def height(png: bytes) -> int:
        return Image.open(io.BytesIO(png)).height

    # The PNG's key has room for the two rounds' lines.
    assert height(radar_png(view)) > height(radar_png(maturity_view(new_workshop_rated())))


def new_workshop_rated() -> Workshop:
    workshop = two_rounds()
    workshop.maturity.ratings = workshop.maturity.ratings[:3]
    return workshop
