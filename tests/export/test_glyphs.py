"""Characters the printed pages cannot draw are named to whoever exports, not only boxed."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaptools.cli import main
from gaptools.core.model import Workshop
from gaptools.export import export
from gaptools.export.glyphs import noting_undrawn, undrawn_note
from gaptools.export.page import shapes_text
from gaptools.files import store
from tests.support import complete_bet, written

NAME = "理赔受理助手 🚀"
UNDRAWN = {"理", "赔", "受", "助", "手", "🚀"}


@pytest.fixture(scope="module")
def foreign() -> Workshop:
    """A complete bet named in Chinese, with an emoji: text DejaVu Sans has no glyph for."""
    workshop = complete_bet()
    bet = workshop.initiative(workshop.bet.initiative or "")
    assert bet is not None
    bet.name = NAME
    workshop.bet.initiative = NAME
    return store.revalidate(workshop)


@pytest.mark.parametrize(("fmt", "canvas"), [("pdf", "bet"), ("png", "bet"), ("pdf", "report")])
def test_a_page_names_what_it_printed_as_boxes(foreign: Workshop, fmt: str, canvas: str) -> None:
    with noting_undrawn() as undrawn:
        export(foreign, fmt, canvas)
    assert undrawn == UNDRAWN


@pytest.mark.parametrize(("fmt", "canvas"), [("html", "bet"), ("md", "report"), ("xlsx", None)])
def test_text_exports_draw_nothing_and_note_nothing(
    foreign: Workshop, fmt: str, canvas: str | None
) -> None:
    with noting_undrawn() as undrawn:
        export(foreign, fmt, canvas)
    assert undrawn == set()


def test_a_latin_page_notes_nothing() -> None:
    with noting_undrawn() as undrawn:
        export(complete_bet(), "pdf", "bet")
    assert undrawn == set()


def test_the_command_says_what_printed_as_boxes_and_still_succeeds(
    foreign: Workshop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = written(foreign, tmp_path / "w.json")
    assert main(["export", str(path), "--format", "png", "-o", str(tmp_path / "w.png")]) == 0
    err = capsys.readouterr().err
    assert f"note: {undrawn_note(UNDRAWN)}" in err
    assert "6 characters (" in err
    assert all(c in err for c in UNDRAWN)
    assert main(["export", str(path), "--format", "html", "-o", str(tmp_path / "w.html")]) == 0
    assert "note:" not in capsys.readouterr().err


ARABIC = "توقع احتياطي المطالبات"


@pytest.mark.parametrize(("fmt", "canvas"), [("pdf", "bet"), ("png", "bet"), ("pdf", "report")])
def test_right_to_left_text_is_named_as_printed_left_to_right(fmt: str, canvas: str) -> None:
    """An Arabic name printed reversed and unjoined in the PDFs, and the export said nothing
    (it named Chinese and emoji only): the note now says how such text prints."""
    workshop = complete_bet()
    bet = workshop.initiative(workshop.bet.initiative or "")
    assert bet is not None
    bet.name = ARABIC
    workshop.bet.initiative = ARABIC
    with noting_undrawn() as undrawn:
        export(store.revalidate(workshop), fmt, canvas)
    if fmt == "png" and shapes_text():  # matplotlib with libraqm writes it as it is read
        assert not undrawn
        return
    note = undrawn_note(undrawn)
    assert "right-to-left" in note
    assert "□" not in note  # drawn, if not as a reader reads it


def test_the_png_sets_right_to_left_names_in_a_left_to_right_page() -> None:
    """The PNG wrote Arabic as it is read, but the note said it printed reversed; and a line
    whose first letter was Arabic was set right to left, its bullet after the name and the
    team after the organisation. Each such line now starts with a left-to-right mark."""
    from gaptools.export.page import LEFT_TO_RIGHT_MARK, canvas_figure, left_to_right_lines
    from gaptools.summaries.canvas import bet_canvas

    assert left_to_right_lines("Plain\n• " + ARABIC) == f"Plain\n{LEFT_TO_RIGHT_MARK}• {ARABIC}"
    if not shapes_text():
        pytest.skip("this matplotlib sets text without libraqm: the note covers it")
    workshop = complete_bet()
    workshop.meta.team = ARABIC
    drawn = [t.get_text() for t in canvas_figure(bet_canvas(workshop)).texts]
    with_arabic = [line for text in drawn for line in text.split("\n") if ARABIC in line]
    assert with_arabic
    assert all(line.startswith(LEFT_TO_RIGHT_MARK) for line in with_arabic)


def test_the_png_prints_a_character_its_font_lacks_as_the_pdf_does(foreign: Workshop) -> None:
    """The PNG drew matplotlib's own box with the character's code in it where the PDF
    prints "□", as the README says both do."""
    from gaptools.export.page import canvas_figure
    from gaptools.summaries.canvas import bet_canvas

    figure = canvas_figure(bet_canvas(foreign))
    [headline] = [t.get_text() for t in figure.texts if t.get_text().endswith("□")]
    assert headline == "".join("□" if c in UNDRAWN else c for c in NAME)


def test_a_chart_label_in_the_pdf_report_prints_a_missing_character_as_a_box() -> None:
    """ "客户支持助手 (Customer support assistant)" printed as "(Customer suppo…" in the PDF
    report's charts: the chart's text dropped what the font lacks, where the page's text
    prints "□". Both print "□" now, and both are named in the note."""
    import datetime as dt
    import io

    from pypdf import PdfReader

    from gaptools.charts.svg import Bar, bar_chart
    from gaptools.export.pdf import document, finish
    from gaptools.export.report_pdf import _chart

    fragment = bar_chart("How long pilots have run", [Bar("客户 support", 12, "12 weeks")], "-")
    pdf = document(dt.date(2026, 11, 18))
    pdf.add_page()
    with noting_undrawn() as undrawn:
        _chart(pdf, fragment)
    text = PdfReader(io.BytesIO(finish(pdf))).pages[0].extract_text()
    assert "□□ support" in text
    assert undrawn == {"客", "户"}
