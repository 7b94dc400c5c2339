"""Inline SVG charts: user text stays text, long labels are shortened, bars are to scale, and
meaning is carried by pattern and words as well as colour."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from gaptools.charts.svg import Bar, Point, bar_chart, scatter_svg

HOSTILE_LABEL = "<script>alert(1)</script>"
HOSTILE_TEXT = "<img src=x onerror=alert(2)>"
HOSTILE_TITLE = "Risks & <b onmouseover=alert(3)>'quotes'</b>"


def tree(markup: str) -> ET.Element:
    """The chart markup read as XML: proves it is well formed and gives its structure."""
    return ET.fromstring(f"<root>{markup}</root>")


@dataclass(frozen=True)
class Row:
    title: str  # the tooltip: full label and value text
    label: str  # the label as drawn, maybe shortened
    value: str
    rects: list[ET.Element]


def rows(markup: str) -> list[Row]:
    found = []
    for group in tree(markup).iter("g"):
        texts = group.findall("text")
        found.append(
            Row(
                group.findtext("title") or "",
                texts[0].text or "",
                texts[-1].text or "",
                group.findall("rect"),
            )
        )
    return found


def test_user_text_is_escaped_everywhere() -> None:
    """Labels, value texts and titles may hold markup; the SVG must show it, not run it."""
    markup = bar_chart(HOSTILE_TITLE, [Bar(HOSTILE_LABEL, 3, HOSTILE_TEXT)], "none")
    root = tree(markup)
    tags = {element.tag for element in root.iter()}
    assert not tags & {"script", "img", "b"}
    assert not [name for e in root.iter() for name in e.attrib if name.startswith("on")]
    assert root.findtext("div/h4") == HOSTILE_TITLE
    assert root.find("div/svg").get("aria-label") == HOSTILE_TITLE
    [row] = rows(markup)
    assert row.label == HOSTILE_LABEL
    assert row.value == HOSTILE_TEXT
    assert row.title == f"{HOSTILE_LABEL}: {HOSTILE_TEXT}"


def test_a_value_never_stands_on_the_dashed_line() -> None:
    """Step 1's pilots: "9 wk" ended just short of the line at 12 weeks, which ran through
    its text. A value the line would cross starts after the line; others stay by their bar."""
    bars = [Bar("Old pilot", 30, "30 wk · stuck"), Bar("Young pilot", 9, "9 wk")]
    markup = bar_chart("Ages", bars, "none", line=(12, "stuck after 12 weeks"))
    root = tree(markup)
    [line] = root.iter("line")
    crossing = float(line.get("x1"))
    old, young = (group.findall("text")[-1] for group in root.iter("g"))
    assert float(young.get("x")) >= crossing + 6
    young_rect = [g for g in root.iter("g")][1].find("rect")
    bar_end = float(young_rect.get("x")) + float(young_rect.get("width"))
    assert bar_end < crossing  # the bar itself ends before the line
    old_rect = [g for g in root.iter("g")][0].find("rect")
    old_end = float(old_rect.get("x")) + float(old_rect.get("width"))
    assert float(old.get("x")) == pytest.approx(old_end + 6, abs=0.1)
    assert young.text == "9 wk"


def test_long_labels_are_shortened_but_the_tooltip_keeps_them_whole() -> None:
    """A long name would run into the bars; the tooltip still names it in full."""
    long = "Next-best-offer recommendations for every renewing household"
    short = "Claims copilot"
    [first, second] = rows(bar_chart("Ages", [Bar(long, 5, "5"), Bar(short, 3, "3")], "none"))
    assert first.label.endswith("…")
    assert len(first.label) < len(long)
    assert long.startswith(first.label.removesuffix("…"))
    assert first.title == f"{long}: 5"
    assert second.label == short


def test_long_names_that_differ_at_their_end_stay_apart() -> None:
    """Two pilots named alike but for their market were both drawn "Claims intake copilot…":
    two bars nobody could tell apart. Such names are cut before the word where they differ,
    which is kept; a name that fits, or one that only repeats another, is as it was."""
    uk, eu = (f"Claims intake copilot for the {market} market" for market in ("UK", "EU"))
    bars = [Bar(uk, 5, "5"), Bar(eu, 4, "4"), Bar(eu, 3, "3"), Bar("Fraud signals", 2, "2")]
    drawn = [row.label for row in rows(bar_chart("Ages", bars, "none"))]
    assert drawn[0] != drawn[1]
    assert drawn[0].endswith("UK market")
    assert drawn[1].endswith("EU market")
    assert drawn[1] == drawn[2]
    assert drawn[3] == "Fraud signals"
    for label in drawn[:2]:
        head = label.split("…")[0]
        assert head
        assert uk.startswith(head)


@pytest.mark.parametrize("pattern", ["hatch", "dots"])
def test_patterned_bars_are_overlaid_with_a_defined_pattern(pattern: str) -> None:
    """Highlighted bars differ by more than colour: a second rect fills with the pattern."""
    bars = [Bar("Stalled", 4, "4", pattern=pattern), Bar("Idea", 2, "2")]
    markup = bar_chart("Stages", bars, "none")
    patterned, plain = rows(markup)
    assert len(patterned.rects) == 2
    fill = patterned.rects[1].get("fill")
    assert fill.startswith(f"url(#{pattern}-")
    pattern_ids = {p.get("id") for p in tree(markup).iter("pattern")}
    assert fill.removeprefix("url(#").removesuffix(")") in pattern_ids
    assert patterned.rects[0].get("width") == patterned.rects[1].get("width")
    assert len(plain.rects) == 1
    assert not plain.rects[0].get("fill").startswith("url(")


def test_bar_widths_are_proportional_to_values() -> None:
    values = [1.0, 2.0, 4.0, 7.5]
    markup = bar_chart("Scale", [Bar(f"b{v}", v, f"{v}") for v in values], "none")
    widths = [float(row.rects[0].get("width")) for row in rows(markup)]
    unit = widths[-1] / values[-1]
    # Widths are written to one decimal place: allow for that rounding (and the unit's).
    assert widths == pytest.approx([v * unit for v in values], abs=0.11)
    assert widths == sorted(widths)


def test_dashed_line_sits_where_a_bar_of_that_value_would_end() -> None:
    """The marker is on the same scale as the bars, and its caption says what it means."""
    markup = bar_chart(
        "Pilot ages", [Bar("old", 30, "30"), Bar("at the line", 12, "12")], "none", (12, "stuck")
    )
    [line] = tree(markup).iter("line")
    assert line.get("stroke-dasharray")
    assert line.get("x1") == line.get("x2")
    at_line = rows(markup)[1].rects[0]
    end = float(at_line.get("x")) + float(at_line.get("width"))
    assert float(line.get("x1")) == pytest.approx(end, abs=0.15)
    notes = [p.text for p in tree(markup).iter("p")]
    assert any("stuck" in note for note in notes)


def test_no_line_without_one_and_the_note_is_shown() -> None:
    markup = bar_chart("Ages", [Bar("a", 1, "1")], "none", note="…and 3 more pilots")
    assert list(tree(markup).iter("line")) == []
    assert [p.text for p in tree(markup).iter("p")] == ["…and 3 more pilots"]


def test_a_line_beyond_every_bar_stays_inside_the_drawing() -> None:
    """The scale stretches to the line, so the marker is never drawn off the chart."""
    markup = bar_chart("Load", [Bar("a", 1, "1")], "none", line=(10, "limit"))
    width = float(tree(markup).find("div/svg").get("viewBox").split()[2])
    [line] = tree(markup).iter("line")
    assert float(line.get("x1")) < width


def test_no_bars_says_the_empty_text_and_draws_nothing() -> None:
    markup = bar_chart("Why work stalled", [], "Nothing is <stalled>.")
    root = tree(markup)
    assert root.find("div/svg") is None
    assert root.findtext("div/h4") == "Why work stalled"
    assert root.findtext("div/p") == "Nothing is <stalled>."


def test_scatter_fills_only_highlighted_points_and_names_every_one() -> None:
    points = [
        Point(HOSTILE_LABEL, 4, 5, True),
        Point("Waits below", 10, 2, False),
        Point("A very long initiative name that will not fit", 6, 3, True),
    ]
    root = tree(scatter_svg("Value against effort", points, "effort", "value", (0.5, 5.5)))
    circles = list(root.iter("circle"))
    filled = {c.findtext("title"): c.get("fill") != "white" for c in circles}
    assert filled == {p.label: p.highlighted for p in points}
    assert not {e.tag for e in root.iter()} & {"script", "img"}
    names = [t.text for t in root.iter("text")]
    assert HOSTILE_LABEL in names
    assert any(n and n.endswith("…") for n in names)


def test_a_point_above_the_line_is_drawn_over_those_waiting_at_its_spot() -> None:
    """The bet shared its scores with two copies waiting below, drawn after it: its spot
    showed a hollow circle, "waits below". Hollow points are drawn first, filled ones last."""
    points = [
        Point("Claims intake copilot", 4, 5, True),
        Point("Claims intake copilot - region 1", 4, 5, False),
        Point("Claims intake copilot - region 2", 4, 5, False),
        Point("Elsewhere", 8, 2, False),
    ]
    circles = list(tree(scatter_svg("t", points, "x", "y", (0.5, 5.5))).iter("circle"))
    spot = [c for c in circles if c.findtext("title").startswith("Claims")]
    assert spot[-1].get("fill") != "white"
    assert [c.get("fill") != "white" for c in spot[:-1]] == [False, False]


def test_scatter_places_higher_value_higher_and_more_effort_further_right() -> None:
    points = [Point("small", 1, 2, False), Point("big", 9, 5, True)]
    small, big = tree(scatter_svg("t", points, "x", "y", (0.5, 5.5))).iter("circle")
    assert float(big.get("cx")) > float(small.get("cx"))
    assert float(big.get("cy")) < float(small.get("cy"))  # SVG's y grows downwards


def test_empty_scatter_says_so() -> None:
    root = tree(scatter_svg("Value against effort", [], "x", "y", (0.5, 5.5)))
    assert root.find("div/svg") is None
    assert root.findtext("div/p")
