"""Step 1's slide charts: real PNGs, the same bytes every time, words when there is no data."""

from __future__ import annotations

import struct

import pytest
from matplotlib.figure import Figure

from gaptools.charts import png_bytes, svg_text
from gaptools.charts import portfolio as charts
from gaptools.core.model import Workshop
from gaptools.steps.portfolio import diagnose
from gaptools.steps.registry import new_workshop

DRAWINGS = [charts.stage_funnel, charts.pilot_ages, charts.stall_reasons]


def _size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG header, read as any image viewer would."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


@pytest.mark.parametrize("draw", DRAWINGS, ids=lambda d: d.__name__)
def test_each_chart_is_a_png_750_pixels_wide(example: Workshop, draw) -> None:
    # Figures are 7.5 inches wide at 100 dpi.
    width, height = _size(png_bytes(draw(diagnose(example))))
    assert width == 750
    assert height > 150


@pytest.mark.parametrize("draw", DRAWINGS, ids=lambda d: d.__name__)
def test_the_same_workshop_gives_the_same_bytes(example: Workshop, draw) -> None:
    diagnosis = diagnose(example)
    assert png_bytes(draw(diagnosis)) == png_bytes(draw(diagnosis))


def _texts(figure: Figure) -> str:
    return " ".join(t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text")))


def test_pilot_chart_names_the_stuck_pilots_and_the_line(example: Workshop) -> None:
    text = _texts(charts.pilot_ages(diagnose(example)))
    # The example's oldest pilot started 2 Mar 2026: 261 days before 18 Nov 2026, 37 weeks.
    assert "Claims intake copilot" in text
    assert "37 wk · stuck" in text
    assert "stuck after 12 weeks" in text


def test_funnel_labels_every_stage_with_its_count(example: Workshop) -> None:
    text = _texts(charts.stage_funnel(diagnose(example)))
    for stage in ("Idea", "Pilot", "Production", "Stalled", "Killed"):
        assert stage in text
    assert "16 initiatives by stage" in text


def test_empty_workshop_says_so_in_words() -> None:
    diagnosis = diagnose(new_workshop())
    assert "No running pilot has a start date." in _texts(charts.pilot_ages(diagnosis))
    assert "Nothing is stalled." in _texts(charts.stall_reasons(diagnosis))
    assert _size(png_bytes(charts.stage_funnel(diagnosis)))[0] == 750


def test_svg_has_no_date_so_exports_are_reproducible(example: Workshop) -> None:
    svg = svg_text(charts.stage_funnel(diagnose(example)))
    assert "<dc:date>" not in svg
    assert svg.startswith("<?xml")


def test_funnel_shows_stage_not_given_only_when_some_initiative_has_none(
    example: Workshop,
) -> None:
    assert "Stage not given" not in _texts(charts.stage_funnel(diagnose(example)))
    example.initiatives[0].stage = None
    example.initiatives[1].stage = None
    unstaged = sum(i.stage is None for i in example.initiatives)
    figure = charts.stage_funnel(diagnose(example))
    [axes] = figure.axes
    at = {round(tick.get_position()[1]): tick.get_text() for tick in axes.get_yticklabels()}
    bars = {at[round(bar.get_y() + bar.get_height() / 2)]: bar for bar in axes.patches}
    assert bars["Stage not given"].get_width() == unstaged
    assert bars["Stage not given"].get_hatch()  # not told apart by colour alone
    assert sum(p.get_width() for p in axes.patches) == len(example.initiatives)
    assert _size(png_bytes(figure))[0] == 750
