"""Step 8's pulse chart: one stacked bar per question, its counts written on it, drawn only
when the room may see the answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET

from gaptools.charts.pulse import pulse_chart
from gaptools.core.model import PulseAnswer, Workshop
from gaptools.steps import pulse
from gaptools.steps.pulse import Distribution, PulseView, Question, pulse_view
from gaptools.steps.registry import new_workshop

DAY = dt.date(2026, 11, 18)


def room(*scores: tuple[int, int, int]) -> Workshop:
    workshop = new_workshop("Claims")
    pulse.add_published(
        workshop,
        [PulseAnswer(feeling=f, clarity=c, time_to_learn=t, day=DAY) for f, c, t in scores],
    )
    return workshop


def parsed(markup: str) -> ET.Element:
    """The chart read as XML: proof that it is well formed."""
    return ET.fromstring(f"<root>{markup}</root>")


def texts(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter("text")]


def test_nothing_is_drawn_below_the_minimum() -> None:
    assert pulse_chart(pulse_view(room((4, 4, 4), (2, 2, 2)))) == ""
    assert pulse_chart(pulse_view(new_workshop("Claims"))) == ""


def test_each_question_is_a_bar_of_counts_with_its_favourable_share() -> None:
    workshop = room((4, 3, 1), (5, 3, 1), (2, 4, 1), (4, 5, 2), (1, 3, 5), (4, 3, 1), (3, 1, 1))
    root = parsed(pulse_chart(pulse_view(workshop)))
    [div] = root.findall("div")
    assert div.findtext("h4") == "How the room answered: 7 answers"
    rows = list(div.iter("g"))
    assert len(rows) == len(pulse.QUESTIONS)
    feeling, clarity, time = rows
    assert (
        feeling.findtext("title") == "How I feel about AI and my work: 1: 1, 2: 1, 3: 1, 4: 3, 5: 1"
    )
    said = texts(feeling)
    assert said[0] == "How I feel about AI and my work"
    assert "4 or 5: 57%" in said
    assert "1 = Worried" in said
    assert "5 = Excited" in said
    # one part per answer given, each with its count written on it, left to right 1 to 5
    parts = [r.findtext("title") for r in feeling.findall("rect")]
    assert parts == ["1 Worried: 1", "2 Uneasy: 1", "3 Unsure: 1", "4 Hopeful: 3", "5 Excited: 1"]
    assert [t for t in said if t.isdigit()] == ["1", "1", "1", "3", "1"]
    assert "Answers 1 to 5 — 1: 1 · 2: 1 · 3: 1 · 4: 3 · 5: 1" in said
    assert "4 or 5: 29%" in texts(clarity)
    assert [r.findtext("title") for r in time.findall("rect")] == [
        "1 No time at all: 5",
        "2 Little time: 1",
        "5 Plenty of time: 1",
    ]
    widths = [float(r.get("width")) for r in time.findall("rect")]
    assert widths[0] == max(widths)
    assert abs(sum(widths) - 590) < 1


def test_colours_run_from_one_end_of_the_scale_to_the_other() -> None:
    root = parsed(pulse_chart(pulse_view(room((1, 1, 1), (3, 3, 3), (5, 5, 5)))))
    fills = [r.get("fill") for r in next(root.iter("g")).findall("rect")]
    assert len(set(fills)) == 3
    assert fills[0] != fills[-1]


def test_every_count_is_also_written_under_its_bar() -> None:
    """A part too narrow for its number, and which part is which, never rest on colour."""
    workshop = room(*([(4, 4, 4)] * 60), (1, 1, 1))
    root = parsed(pulse_chart(pulse_view(workshop)))
    said = texts(next(root.iter("g")))
    assert "Answers 1 to 5 — 1: 1 · 2: 0 · 3: 0 · 4: 60 · 5: 0" in said
    assert [t for t in said if t.isdigit()] == ["60"]  # "1" does not fit its sliver


def test_text_is_escaped() -> None:
    view = pulse_view(room((4, 4, 4), (2, 2, 2), (3, 3, 3)))
    odd = Question("feeling", "<b>?", "Fish & <chips>", ("<1>", "2", "3", "4", "5 & more"), "", "")
    first = dataclasses.replace(view.distributions[0], question=odd)
    markup = pulse_chart(dataclasses.replace(view, distributions=[first]))
    root = parsed(markup)
    assert "<chips>" not in markup
    assert texts(root)[0] == "Fish & <chips>"
    assert "5 = 5 & more" in texts(root)


def test_the_same_answers_draw_the_same_chart() -> None:
    one = room((4, 3, 1), (5, 3, 1), (2, 4, 1))
    other = room((2, 4, 1), (4, 3, 1), (5, 3, 1))
    assert pulse_chart(pulse_view(one)) == pulse_chart(pulse_view(other))


def test_a_view_with_no_distributions_is_hidden() -> None:
    view = PulseView(answers=5, waiting=0, minimum=3, concerns_minimum=5)
    assert pulse_chart(view) == ""
    assert isinstance(Distribution(pulse.QUESTIONS[0], (0, 0, 0, 0, 0)).favourable, float)


def _luminance(colour: str) -> float:
    """WCAG's relative luminance of a colour written "#RRGGBB", "white" or "black"."""
    colour = {"white": "#FFFFFF", "black": "#000000"}.get(colour, colour)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_answers_count_reads_on_its_colour() -> None:
    """White on vermilion, the colour of the most worried answers, was 3.9:1, under the
    4.5:1 that text needs on a projector as anywhere."""
    from gaptools.charts.pulse import SCALE

    for fill, ink in SCALE:
        light, dark = sorted((_luminance(fill), _luminance(ink)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (fill, ink)
