"""The bet canvas on one landscape page: text that fits its room, and PDF/PNG read back.

The wrapping helpers are checked as properties (any text, any width); the rendered files are
read with real readers (pypdf, Pillow) and the figure is measured with matplotlib's own
renderer. Renders are slow, so each distinct page is drawn once per module.
"""

from __future__ import annotations

import functools
import io
import itertools
import os
import struct
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontManager, FontProperties
from matplotlib.text import Text
from matplotlib.textpath import TextPath
from matplotlib.transforms import BboxBase
from PIL import Image
from pypdf import PdfReader

from gaptools.core.model import Commitment, ExploreItem, Workshop
from gaptools.export.page import (
    BODY,
    IN_THE_REPORT,
    PAPERS,
    PNG_DPI,
    SENTENCE,
    SMALL,
    TITLE,
    canvas_figure,
    cut,
    drawing_settings,
    ellipsis,
    figure_png,
    fit,
    font_file,
    measure_points,
    page_font,
    to_pdf,
    to_png,
    words,
    wrap,
)
from gaptools.files import store
from gaptools.steps.value import value_sentence
from gaptools.summaries.canvas import GUARDRAIL, LEAD_MEASURES, BetCanvas, bet_canvas, keep_together
from tests.support import BET, DAY, commit, complete_bet, example_workshop

# Paper in points, from the sizes as printed on the paper: A4 is 297 × 210 mm, Letter 11 × 8.5 in.
POINTS = {"a4": (297 / 25.4 * 72, 210 / 25.4 * 72), "letter": (11 * 72, 8.5 * 72)}

PROPERTIES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text without the two characters the checks below read as markers.
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="…§"), max_size=80)
ITEMS = st.lists(TEXT, max_size=12)


# What ``str.splitlines`` breaks a text at: a line typed on its own starts a line of its own.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def content(lines: list[str]) -> str:
    """What a reader would read, whitespace aside."""
    return "".join("".join(line.split()) for line in lines)


def normalised(text: str) -> str:
    return " ".join(text.split())


def kept(text: str) -> str:
    """The text as wrap joins it: spaces collapsed, non-breaking spaces kept."""
    return " ".join(words(text))


# -- wrap and fit, as properties -------------------------------------------------------------


@PROPERTIES
@given(TEXT, st.integers(3, 60))
def test_wrap_keeps_every_line_within_the_width(text: str, width: int) -> None:
    """Greedy wrap never overflows, and loses nothing but whitespace."""
    lines = wrap(text, width)
    assert lines
    assert all(len(line) <= width for line in lines)
    assert content(lines) == content([text])


WORD = st.text(st.characters(exclude_categories=("Cs", "Z", "Cc")), min_size=1, max_size=12)
SPACE = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0"])


@PROPERTIES
@given(st.lists(st.tuples(WORD, SPACE), max_size=20), st.integers(12, 60))
def test_wrap_breaks_only_words_wider_than_the_line(
    words: list[tuple[str, str]], width: int
) -> None:
    """When every word fits on a line, the words come back whole and in order."""
    text = "".join(word + space for word, space in words)
    assume(all(len(word) <= width for word in kept(text).split(" ")))
    assert " ".join(wrap(text, width)) == kept(text)


def test_a_word_wider_than_the_line_breaks_after_a_hyphen() -> None:
    """A long double-barrelled name broke mid-syllable on the canvas ("…-Subramani" / "an");
    a word wider than its line breaks after its last hyphen that fits, where it has one."""
    name = "Venkataraman-Subramanian-Krishnamurthy"
    assert wrap(name, 26) == ["Venkataraman-Subramanian-", "Krishnamurthy"]
    assert wrap(name, 20) == ["Venkataraman-", "Subramanian-", "Krishnamurthy"]
    assert wrap("Abcdefghijklmnop", 10) == ["Abcdefghij", "klmnop"]  # no hyphen: as before
    assert wrap("-Abcdefghijklmnop", 10) == ["-Abcdefghi", "jklmnop"]


def test_a_word_wider_than_the_line_begins_on_the_line_it_follows() -> None:
    """A bullet was left alone on its line before a long unbroken measure, and a full box
    cut it to "•…": none of the measure showed."""
    measure = "SharedDriveCopilotAdoptionAcrossAllClaimsHandlingTeamsWeekly"
    lines = wrap(f"• {measure}", 30)
    assert lines[0] == f"• {measure[:28]}"
    assert "".join(line.removeprefix("• ") for line in lines) == measure
    assert fit([f"• {measure}", "• Queue age"], 30, 2)[0].startswith("• Shared")
    assert wrap(f"Owner: {measure}", 9)[0] == "Owner:"  # too little room left: a new line


def test_wrap_measures_each_word_on_its_own_however_long_the_text() -> None:
    """Measuring the whole line again for every word added to it read the square of a long
    cell's length (the PDF report of 200 initiatives wraps thousands of them). Every measure
    sums characters' advances, so a line is its words and spaces, each measured once."""
    read = 0

    def counted(text: str) -> float:
        nonlocal read
        read += len(text)
        return len(text)

    paragraph = " ".join(f"word{n % 10}" for n in range(2000))
    lines = wrap(paragraph, 120, counted)
    assert lines == wrap(paragraph, 120)
    assert " ".join(lines) == paragraph
    assert all(len(line) <= 120 < len(line) + 6 for line in lines[:-1])
    assert read <= 3 * len(paragraph)


@pytest.mark.parametrize("width", range(22, 60))
def test_wrap_never_breaks_a_held_phrase(width: int) -> None:
    """ "(−6 percentage points)" and a date, held by keep_together, stay on one line."""
    text = keep_together("Move churn from 14% to 8% by 31 Mar 2027 (−6 percentage points) now")
    lines = wrap(text, width)
    assert any("(−6\u00a0percentage\u00a0points)" in line for line in lines)
    assert not any(line.endswith(("(−6", "percentage")) for line in lines)
    assert not any(line.startswith(("percentage", "points)")) for line in lines)


@pytest.mark.parametrize("width", range(len("First-contact"), 20))
def test_a_held_phrase_wider_than_the_line_breaks_at_its_spaces(width: int) -> None:
    """The letter page's guardrail read "(must not get worse" with ")" alone on the next
    line: a held phrase that no line can hold is broken between its words, as any text is,
    never inside one while its words would fit."""
    text = keep_together("First-contact resolution rate (must not get worse)")
    lines = wrap(text, width)
    assert all(len(line) <= width for line in lines)
    assert " ".join(" ".join(lines).split()) == " ".join(text.split())  # every word, whole
    assert not any(line == ")" for line in lines)


@PROPERTIES
@given(ITEMS, st.integers(3, 60), st.integers(1, 15))
def test_fit_never_exceeds_max_lines_or_width(items: list[str], width: int, most: int) -> None:
    lines = fit(items, width, most)
    assert len(lines) <= most
    assert all(len(line) <= width for line in lines)


@PROPERTIES
@given(ITEMS, st.integers(3, 60), st.integers(1, 15))
def test_fit_cuts_only_with_an_ellipsis(items: list[str], width: int, most: int) -> None:
    """Either everything is still there, or a "…" shows that something was cut."""
    lines = fit(items, width, most)
    assert content(lines) == content(items) or "…" in "".join(lines)


# A line as typed: something on it, and no break inside it. Drawn as such rather than
# filtered out of any text, which rejected most lists drawn and could fail Hypothesis's
# check that too few examples pass their filters.
TYPED_LINE = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters=LINE_BREAKS),
    min_size=1,
    max_size=30,
).filter(str.strip)


@PROPERTIES
@given(st.lists(TYPED_LINE, min_size=2, max_size=5), st.integers(3, 60))
def test_typed_lines_start_lines_of_their_own(typed: list[str], width: int) -> None:
    """ "Stop if:\n1) …\n2) …" ran on as one paragraph on the PNG and PDF: each line typed
    is wrapped on its own, so every line the page sets comes from one typed line."""
    lines = wrap("\n".join(typed), width)
    own = [wrap(line, width) for line in typed]
    assert lines == [part for parts in own for part in parts]


@PROPERTIES
@given(st.data(), st.integers(3, 60), st.integers(1, 15))
def test_fit_loses_nothing_when_it_fits(data: st.DataObject, width: int, most: int) -> None:
    """Items short enough for one line each, no more items than lines: shown as written. (An
    item typed on several lines takes as many: ``test_typed_lines_start_lines_of_their_own``.)"""
    one_line = st.characters(exclude_categories=("Cs",), exclude_characters=LINE_BREAKS)
    short = st.text(one_line, max_size=width)
    items = data.draw(st.lists(short, max_size=most))
    assert fit(items, width, most) == [kept(item) for item in items]


@PROPERTIES
@given(st.data(), st.integers(4, 60), st.integers(1, 15))
def test_fit_keeps_a_line_for_every_item(data: st.DataObject, width: int, most: int) -> None:
    """With no more items than lines, a long first item never pushes a later one off."""
    texts = data.draw(st.lists(TEXT, min_size=1, max_size=min(most, 9)))
    items = [f"§{n} {text}" for n, text in enumerate(texts)]
    lines = fit(items, width, most)
    starts = [line[:2] for line in lines if line.startswith("§")]
    assert starts == [f"§{n}" for n in range(len(items))]


@PROPERTIES
@given(st.data(), st.integers(12, 60), st.integers(1, 6))
def test_fit_says_how_many_items_were_left_out(data: st.DataObject, width: int, most: int) -> None:
    """More items than lines: the last line counts the ones that did not make it."""
    items = data.draw(st.lists(TEXT, min_size=most + 1, max_size=12))
    lines = fit(items, width, most)
    assert len(lines) == most
    assert lines[-1] == f"…and {len(items) - (most - 1)} more"


@pytest.mark.parametrize("most", [2, 3, 4])
def test_fit_counts_the_items_a_box_had_left_out_already(most: int) -> None:
    """A box of the canvas ends "…and 7 more" when it has more items than any format shows;
    cut again on a page, that line counted as one item: twelve stopped read as six."""
    items = [f"Initiative {n}" for n in range(5)] + ["• …and 7 more"]
    lines = fit(items, 40, most)
    assert lines[-1] == f"…and {5 - (most - 1) + 7} more"


@pytest.mark.parametrize("paper", list(PAPERS))
def test_the_pdf_counts_every_initiative_stopped(paper: str) -> None:
    from gaptools.files.home import example_workshop as shipped_example

    workshop = shipped_example(after=True)
    stopped = [i.name for i in workshop.initiatives if i.name != workshop.bet.initiative]
    workshop.bet.stopped = stopped
    printed = page_text(to_pdf(store.revalidate(workshop), paper))
    box = printed.partition("Stopped or paused to free capacity")[2].partition("…and")[0]
    shown = box.count("•")  # each name shown, whole or cut
    assert 0 < shown < len(stopped)
    assert f"…and {len(stopped) - shown} more" in printed


@PROPERTIES
@given(TEXT, st.integers(1, 60))
def test_ellipsis_and_cut_stay_within_the_width(line: str, width: int) -> None:
    shortened = ellipsis(line, width)
    assert len(shortened) <= width
    assert shortened.endswith("…")
    assert line.startswith(shortened[:-1])
    assert cut(line, width) == (line if len(line) <= width else shortened)


LATIN = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzWM0123456789 .,;-"), max_size=200)


@settings(max_examples=100, deadline=None)
@given(st.lists(LATIN, max_size=6), st.floats(40, 400), st.integers(1, 10), st.booleans())
def test_fit_in_points_of_the_real_font(
    items: list[str], width: float, most: int, bold: bool
) -> None:
    """Measured in points of DejaVu Sans, as on the page, lines still fit their room."""
    measure = measure_points(12.5, bold)
    lines = fit(items, width, most, measure)
    assert len(lines) <= most
    assert all(measure(line) <= width for line in lines)
    assert content(lines) == content(items) or "…" in "".join(lines)


def test_measure_points_scales_with_size_and_weight() -> None:
    """Twice the size is twice as wide; bold is wider than regular."""
    text = "Claims intake copilot"
    assert measure_points(20)(text) == pytest.approx(2 * measure_points(10)(text))
    assert measure_points(12, bold=True)(text) > measure_points(12)(text)


# -- workshops to draw -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def committed() -> Workshop:
    """The example with a complete card on the Claims intake copilot."""
    return complete_bet()


LONG_NAME = "Q" * 120  # the longest name the model takes, without a space to break at
LONG_WORD = "W" * 200


@pytest.fixture(scope="module")
def overlong() -> Workshop:
    """Far more text than any box has room for: 3,000 characters of kill criteria and words
    with no space to break at."""
    workshop = commit(example_workshop())
    sentence = "Stop the pilot if intake time is not below sixteen minutes by the first debrief. "
    workshop.bet.kill_criteria = (sentence * 40)[:3000]
    assert len(workshop.bet.kill_criteria) == 3000
    workshop.bet.stopped = [LONG_WORD]
    workshop.initiative(BET).name = LONG_NAME
    workshop.bet.initiative = LONG_NAME
    return store.revalidate(workshop)


HOSTILE_NAME = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def hostile() -> Workshop:
    """Names an attacker, an emoji lover and right-to-left writers might type."""
    workshop = commit(example_workshop())
    workshop.initiative(BET).name = HOSTILE_NAME
    workshop.bet.initiative = HOSTILE_NAME
    workshop.initiative(HOSTILE_NAME).ownership.accountable = "Priya 🚀 Raman"
    workshop.meta.team = "צוות התביעות"  # Hebrew
    workshop.bet.kill_criteria = "أوقف التجربة إذا لم ينخفض الوقت"  # Arabic
    workshop.bet.stopped = ["GenAI workbench 🧪", "<img src=x onerror=alert(2)>"]
    return store.revalidate(workshop)


@pytest.fixture(scope="module")
def pdfs(committed: Workshop) -> dict[str, bytes]:
    return {paper: to_pdf(committed, paper) for paper in PAPERS}


@pytest.fixture(scope="module")
def pngs(committed: Workshop) -> dict[str, bytes]:
    return {paper: to_png(committed, paper) for paper in PAPERS}


def read_pdf(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_text(pdf: bytes) -> str:
    return normalised(" ".join(page.extract_text() for page in read_pdf(pdf).pages))


# -- PDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", list(PAPERS))
def test_pdf_is_one_page_of_the_paper_size(pdfs: dict[str, bytes], paper: str) -> None:
    """One landscape page, exactly the paper's size in points."""
    [page] = read_pdf(pdfs[paper]).pages
    width, height = POINTS[paper]
    assert float(page.mediabox.width) == pytest.approx(width, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(height, abs=0.01)


def test_letter_differs_from_a4(pdfs: dict[str, bytes], pngs: dict[str, bytes]) -> None:
    assert pdfs["a4"] != pdfs["letter"]
    assert pngs["a4"] != pngs["letter"]
    a4, letter = (read_pdf(pdfs[p]).pages[0].mediabox for p in ("a4", "letter"))
    assert (a4.width, a4.height) != (letter.width, letter.height)


def test_pdf_text_is_searchable(pdfs: dict[str, bytes], committed: Workshop) -> None:
    """The headline and the value sentence come back out of the PDF as text."""
    text = page_text(pdfs["a4"])
    assert normalised(BET) in text
    assert normalised(value_sentence(committed.initiative(BET).value)) in text
    assert normalised(committed.bet.kill_criteria) in text


def test_pdf_is_dated_by_the_workshop_not_the_clock(
    pdfs: dict[str, bytes], committed: Workshop
) -> None:
    """The creation date is the workshop's date, so exporting later gives the same bytes; at
    noon in the zone of the machine making it, which a viewer within eleven hours of that
    zone shows as that same day (at midnight UTC, New York showed the evening before; at
    noon UTC, Auckland the day after)."""
    import datetime as dt
    import time
    from zoneinfo import ZoneInfo

    for pdf in pdfs.values():
        stamp = read_pdf(pdf).metadata.creation_date
        assert stamp is not None
        assert stamp.astimezone().date() == committed.meta.date
    for zone, near in [("UTC", "America/New_York"), ("Pacific/Auckland", "Australia/Sydney")]:
        with pytest.MonkeyPatch.context() as local:
            local.setenv("TZ", zone)
            time.tzset()
            try:
                stamp = read_pdf(to_pdf(committed, "a4")).metadata.creation_date
            finally:
                local.undo()
                time.tzset()
        assert stamp is not None
        for seen in (zone, near):
            assert stamp.astimezone(ZoneInfo(seen)).date() == committed.meta.date
        assert abs(stamp.utcoffset() or dt.timedelta()) <= dt.timedelta(hours=14)


def test_pdf_has_the_lead_measures_and_the_guardrail(
    pdfs: dict[str, bytes], committed: Workshop
) -> None:
    value = committed.initiative(BET).value
    assert value.lead_measures
    assert value.guardrail
    for pdf in pdfs.values():
        text = page_text(pdf)
        assert normalised(LEAD_MEASURES) in text
        assert normalised(GUARDRAIL) in text
        for measure in value.lead_measures:
            assert normalised(measure) in text
        assert normalised(value.guardrail) in text


def test_pdf_never_splits_the_change_in_brackets() -> None:
    """ "(−6 percentage points)" comes out of the PDF on one line, whatever the paper."""
    workshop = commit(example_workshop())
    value = workshop.initiative(BET).value
    value.metric, value.unit, value.baseline, value.target = "Customer churn rate", "%", 14, 8
    workshop = store.revalidate(workshop)
    phrase = "(−6 percentage points)"
    assert phrase in value_sentence(workshop.initiative(BET).value)
    for paper in PAPERS:
        lines = [
            " ".join(line.split())
            for page in read_pdf(to_pdf(workshop, paper)).pages
            for line in page.extract_text().splitlines()
        ]
        assert any(phrase in line for line in lines), lines[:6]


#: A metric as long as a file may hold one (200 characters), in the words a programme uses.
LONGEST_METRIC = (
    "share of first-notice-of-loss claims across motor, home, travel, pet, marine, commercial "
    "property and liability lines registered without manual re-keying by a claims handler, "
    "in the intake work queues"
)


@pytest.mark.parametrize("paper", list(PAPERS))
def test_a_long_metric_keeps_the_date_and_the_change_on_the_pdf_and_png(paper: str) -> None:
    """Cut at two lines, a metric of 145 characters pushed "by 31 Mar 2027 (+35
    percentage points)" off the canvas under a "Complete commitment" badge: the date and the
    magnitude are what the sentence is for."""
    assert len(LONGEST_METRIC) == 200
    workshop = commit(example_workshop())
    workshop.initiative(BET).value.metric = LONGEST_METRIC
    workshop = store.revalidate(workshop)
    sentence = value_sentence(workshop.initiative(BET).value)
    ending = sentence[sentence.index(" by ") :]
    assert normalised(ending) in page_text(to_pdf(workshop, paper))
    [drawn] = [
        t
        for t in visible(canvas_figure(bet_canvas(workshop), paper))
        if "re-keying" in t.get_text()
    ]
    assert normalised(ending) in normalised(drawn.get_text())
    assert "…" not in drawn.get_text()


TYPED_ON_LINES = "Stop if:\n1) intake is not faster;\n2) handlers correct a third"


def test_lines_typed_in_the_kill_criteria_stay_lines_on_the_pdf_and_png() -> None:
    """Kill criteria typed as a list ("Stop if:\n1) …\n2) …") ran on as one paragraph on the
    page for the CEO: "Stop if: 1) intake is not faster; 2) handlers…". Each typed line now
    starts a line of its own, as the HTML shows it."""
    workshop = commit(example_workshop())
    workshop.bet.kill_criteria = TYPED_ON_LINES
    workshop = store.revalidate(workshop)
    pdf_lines = [
        " ".join(line.split())
        for line in read_pdf(to_pdf(workshop)).pages[0].extract_text().splitlines()
    ]
    [drawn] = [t for t in visible(canvas_figure(bet_canvas(workshop))) if "Stop if" in t.get_text()]
    for lines in (pdf_lines, drawn.get_text().splitlines()):
        assert "Stop if:" in lines
        assert any(line.startswith("1) intake") for line in lines)
        assert any(line.startswith("2) handlers") for line in lines)


def test_pdf_is_reproducible(pdfs: dict[str, bytes], committed: Workshop) -> None:
    assert to_pdf(committed, "a4") == pdfs["a4"]


def test_cli_pdf_is_reproducible_across_hash_seeds(committed: Workshop, tmp_path: Path) -> None:
    """Two runs of ``gaptools export`` in fresh interpreters with different hash seeds write
    the same bytes (no set or dict order leaks into font subsets or object order)."""
    path = tmp_path / "w.json"
    store.save(committed, path)
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"bet-{seed}.pdf"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "gaptools", "export", str(path), "--format", "pdf", "-o", out],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith(b"%PDF")
    assert len(read_pdf(outputs[0]).pages) == 1


# -- PNG ------------------------------------------------------------------------------------


def ihdr_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG header, read by hand."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.mark.parametrize("paper", list(PAPERS))
def test_png_is_the_paper_at_png_dpi(pngs: dict[str, bytes], paper: str) -> None:
    width, height = (points / 72 * PNG_DPI for points in POINTS[paper])
    image = Image.open(io.BytesIO(pngs[paper]))
    assert image.size == ihdr_size(pngs[paper])
    assert abs(image.size[0] - width) <= 1
    assert abs(image.size[1] - height) <= 1
    assert image.width > image.height  # landscape


def test_png_has_no_software_tag(pngs: dict[str, bytes]) -> None:
    for png in pngs.values():
        assert "Software" not in Image.open(io.BytesIO(png)).info
        assert b"Software" not in png


def test_png_is_reproducible(pngs: dict[str, bytes], committed: Workshop) -> None:
    assert to_png(committed, "a4") == pngs["a4"]


# -- text that does not fit ------------------------------------------------------------------


@pytest.fixture(scope="module")
def overlong_pdf(overlong: Workshop) -> bytes:
    return to_pdf(overlong)


def test_overlong_text_stays_on_one_page(overlong_pdf: bytes) -> None:
    assert len(read_pdf(overlong_pdf).pages) == 1


def drawn(canvas: BetCanvas, paper: str = "a4") -> Figure:
    """The canvas's figure, laid out by the Agg renderer so that extents are real."""
    figure = canvas_figure(canvas, paper)
    FigureCanvasAgg(figure)
    figure.canvas.draw()
    return figure


def body_texts(figure: Figure) -> list[list[Text]]:
    """For each box (a patch), the text artists anchored inside it: its title and body."""
    renderer = figure.canvas.get_renderer()
    per_box = []
    for patch in figure.patches:
        area = patch.get_window_extent(renderer)
        inside = [
            t
            for t in figure.texts
            if area.contains(*figure.transFigure.transform(t.get_position()))
        ]
        per_box.append(inside)
    return per_box


@pytest.fixture(scope="module")
def overlong_figure(overlong: Workshop) -> tuple[BetCanvas, Figure]:
    canvas = bet_canvas(overlong)
    return canvas, drawn(canvas)


def test_overlong_text_is_cut_with_an_ellipsis(
    overlong: Workshop, overlong_figure: tuple[BetCanvas, Figure]
) -> None:
    """The kill criteria, the unbroken stopped item and the headline end in "…"; a box cut
    says, on its last line, that the report holds its text whole: a kill criterion cut at
    "…or if handlers override more…" read as the whole contract."""
    canvas, figure = overlong_figure
    assert len(figure.patches) == len(canvas.boxes)
    shown = dict(zip([b.title for b in canvas.boxes], body_texts(figure), strict=True))
    for title, full in [
        ("Kill criteria", overlong.bet.kill_criteria),
        ("Stopped or paused to free capacity", LONG_WORD),
    ]:
        [body] = [t.get_text() for t in shown[title] if t.get_fontweight() != "bold"]
        text, said = body.rsplit("\n", 1)
        assert text.endswith("…"), title
        assert said == IN_THE_REPORT, title
        assert len(content([text])) < len(full)
    headlines = [t.get_text() for t in figure.texts if t.get_text().startswith("QQQ")]
    assert headlines
    assert all(h.endswith("…") and len(h) < len(LONG_NAME) for h in headlines)


# -- every shape drawn inside the page -------------------------------------------------------


def _no_bet_yet() -> Workshop:
    workshop = example_workshop()
    workshop.bet.no_bet_yet = True
    workshop.bet.explore_next = [
        ExploreItem(question="Measure the intake baseline " * 6, by=DAY),
        ExploreItem(question="Ask legal about customer photos"),
    ]
    return workshop


def _nothing_filled() -> Workshop:
    workshop = example_workshop()
    workshop.bet.initiative = "Customer support assistant"  # no owner, no baseline
    return workshop


LONG_BET = "Customer onboarding document verification and KYC automation for retail and SME banking"


def _long_bet_name() -> Workshop:
    """An ordinary name of 87 characters, as a programme is named in a portfolio."""
    workshop = commit(example_workshop())
    workshop.initiative(BET).name = LONG_BET
    workshop.bet.initiative = LONG_BET
    return store.revalidate(workshop)


SHAPES = {
    "long bet name": _long_bet_name,
    "no bet chosen": example_workshop,
    "no bet yet": _no_bet_yet,
    "bet with every part missing": _nothing_filled,
    "complete bet": lambda: commit(example_workshop()),
}


@pytest.fixture(
    scope="module",
    params=[(s, p) for s in SHAPES for p in PAPERS],
    ids=[f"{s}-{p}" for s in SHAPES for p in PAPERS],
)
def figure(request: pytest.FixtureRequest) -> Figure:
    shape, paper = request.param
    return drawn(bet_canvas(SHAPES[shape]()), paper)


def visible(figure: Figure) -> list[Text]:
    return [t for t in figure.texts if t.get_text().strip()]


def within(inner: BboxBase, outer: BboxBase, slack: float = 0.5) -> bool:
    """Whether ``inner`` lies in ``outer``, in pixels, allowing half a pixel of rounding."""
    return (
        outer.x0 - slack <= inner.x0
        and inner.x1 <= outer.x1 + slack
        and outer.y0 - slack <= inner.y0
        and inner.y1 <= outer.y1 + slack
    )


def assert_inside_page(figure: Figure) -> None:
    renderer = figure.canvas.get_renderer()
    page = figure.bbox
    for text in visible(figure):
        extent = text.get_window_extent(renderer)
        assert within(extent, page), text.get_text()


def assert_inside_boxes(figure: Figure) -> None:
    """Each box holds its title and its body, both drawn wholly within the box's border."""
    renderer = figure.canvas.get_renderer()
    for patch, texts in zip(figure.patches, body_texts(figure), strict=True):
        area = patch.get_window_extent(renderer)
        assert len(texts) == 2  # title and body
        for text in texts:
            extent = text.get_window_extent(renderer)
            assert within(extent, area), text.get_text()


def test_every_text_lies_inside_the_page(figure: Figure) -> None:
    assert_inside_page(figure)


def test_box_text_lies_inside_its_box(figure: Figure) -> None:
    assert_inside_boxes(figure)


def test_no_two_texts_overlap(figure: Figure) -> None:
    """Header, box and footer text never run into one another."""
    renderer = figure.canvas.get_renderer()
    extents = [(t.get_text(), t.get_window_extent(renderer)) for t in visible(figure)]
    for (a, ea), (b, eb) in itertools.combinations(extents, 2):
        assert not ea.overlaps(eb), (a[:40], b[:40])


def test_overlong_figure_stays_inside_its_boxes(
    overlong_figure: tuple[BetCanvas, Figure],
) -> None:
    """Even 3,000 characters of kill criteria stay within the page and their box."""
    _, figure = overlong_figure
    assert_inside_page(figure)
    assert_inside_boxes(figure)


# -- hostile names ---------------------------------------------------------------------------


def test_hostile_names_render(hostile: Workshop) -> None:
    """Markup, emoji and right-to-left text are drawn as text, without raising."""
    pdf = to_pdf(hostile)
    png = to_png(hostile)
    assert len(read_pdf(pdf).pages) == 1
    assert HOSTILE_NAME in page_text(pdf)
    assert Image.open(io.BytesIO(png)).size == ihdr_size(png)


def test_dollar_signs_are_money_not_mathematics() -> None:
    """Matplotlib reads $…$ as mathematics by default: "$5m" must print as typed, and an
    unbalanced "$\\frac{1}{$" must not stop the export."""
    workshop = commit(example_workshop())
    workshop.bet.kill_criteria = "Stop if savings stay under $5m by March, not $3m"
    workshop.bet.stopped = ["$\\frac{1}{$ pilot", "GenAI workbench"]
    workshop = store.revalidate(workshop)
    text = normalised(page_text(to_pdf(workshop)))
    assert "$5m" in text
    assert "$3m" in text
    assert to_png(workshop).startswith(b"\x89PNG")


def test_png_is_what_matplotlib_draws_without_the_alpha_channel(committed: Workshop) -> None:
    """The PNG holds the very pixels ``savefig`` draws for the page (with the page's text
    settings), as RGB: the page is opaque white, so the alpha channel ``savefig`` writes
    carries nothing."""
    png = Image.open(io.BytesIO(to_png(committed)))
    buffer = io.BytesIO()
    with drawing_settings():
        canvas_figure(bet_canvas(committed)).savefig(buffer, format="png", dpi=PNG_DPI)
    drawn = Image.open(buffer)
    assert drawn.mode == "RGBA"
    assert drawn.getextrema()[3] == (255, 255)
    assert png.mode == "RGB"
    assert png.size == drawn.size
    assert png.tobytes() == drawn.convert("RGB").tobytes()
    assert png.info["dpi"] == pytest.approx((PNG_DPI, PNG_DPI), abs=0.1)


@pytest.mark.parametrize("shape", ["hostile", "overlong", *SHAPES])
@pytest.mark.parametrize("paper", list(PAPERS))
def test_every_page_png_is_what_matplotlib_draws(
    shape: str, paper: str, hostile: Workshop, overlong: Workshop
) -> None:
    """Drawn with the text laid out once a line, any page (emoji, right-to-left names, text
    cut short) has the pixels ``savefig`` draws with matplotlib's own Agg."""
    workshop = {"hostile": hostile, "overlong": overlong}.get(shape) or SHAPES[shape]()
    canvas = bet_canvas(workshop)
    png = Image.open(io.BytesIO(figure_png(canvas_figure(canvas, paper))))
    buffer = io.BytesIO()
    with warnings.catch_warnings(), drawing_settings():
        warnings.simplefilter("ignore", UserWarning)  # the emoji DejaVu Sans lacks
        canvas_figure(canvas, paper).savefig(buffer, format="png", dpi=PNG_DPI)
    assert png.tobytes() == Image.open(buffer).convert("RGB").tobytes()


@pytest.mark.parametrize(
    ("size", "bold"), [(SMALL, False), (BODY, False), (TITLE, True), (SENTENCE, False)]
)
def test_a_line_on_the_png_is_as_wide_as_its_letters_outlines(size: float, bold: bool) -> None:
    """What ``fit`` measures is the font's outlines; the PNG draws a line that wide (to a
    pixel or two of anti-aliasing), as the PDF does, rather than snapped to the pixel grid,
    which made step 3's sentence 16 px narrower at 17 pt."""
    line = "Move average claim intake handling time from 38 to 24 minutes"
    figure = Figure(figsize=(14, 1))
    figure.text(0.02, 0.5, line, fontproperties=page_font(bold), fontsize=size, va="center")
    pixels = np.asarray(Image.open(io.BytesIO(figure_png(figure))).convert("L"))
    inked = np.flatnonzero((pixels < 255).any(axis=0))
    outlines = TextPath((0, 0), line, size=size, prop=page_font(bold)).get_extents().width
    assert inked[-1] - inked[0] + 1 == pytest.approx(outlines * PNG_DPI / 72, abs=3)


def test_the_page_looks_its_font_up_once_a_weight(
    committed: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Matplotlib scores every font it knows to find one for each size a page uses; the page
    names DejaVu Sans's file, so the font is looked up once regular and once bold."""
    looked_up = []
    find = FontManager._findfont_cached.__wrapped__

    def counted(self: FontManager, prop: FontProperties, *rest: object) -> object:
        if FontProperties._from_any(prop).get_file() is None:  # a file is taken as it is
            looked_up.append(prop)
        return find(self, prop, *rest)

    monkeypatch.setattr(FontManager, "_findfont_cached", functools.lru_cache(1024)(counted))
    font_file.cache_clear()
    to_png(committed)
    assert len(looked_up) == 2


@pytest.mark.parametrize("paper", list(PAPERS))
def test_before_a_bet_the_cards_needs_are_shown_whole(paper: str) -> None:
    """The page's own guidance was cut ('The readiness gaps to close this…', 'The decision:
    who decided, and…') on the canvas every workshop shows first: every item now fits, on the
    PNG and in the PDF, on either paper."""
    from gaptools.steps.bet import CARD_NEEDS

    workshop = store.revalidate(example_workshop())
    assert workshop.bet.initiative is None
    figure = canvas_figure(bet_canvas(workshop), paper)
    drawn = normalised(" ".join(t.get_text() for t in visible(figure)))
    printed = page_text(to_pdf(workshop, paper))
    for need in CARD_NEEDS:
        assert normalised(need) in drawn, need
        assert normalised(need) in printed, need


KILL = (
    "Stop if intake time in the pilot team is not below 16 minutes by the 23 Dec debrief, or "
    "if handlers still correct over a third of the drafted fields."
)


@pytest.mark.parametrize("paper", list(PAPERS))
def test_a_kill_criterion_that_overflows_its_box_is_set_smaller_not_cut(paper: str) -> None:
    """The finished example's kill criterion was cut mid-sentence ('…or if a…') on the page
    for the CEO: a body that overflows at its box's size is set a point or two smaller first,
    and only text that overflows even then is cut."""
    from gaptools.export.page import PAPERS as PAPER_INCHES
    from gaptools.export.page import SHRINK, _Page, body_fitted, layout
    from gaptools.files.home import example_workshop as shipped_example

    workshop = shipped_example(after=True)
    workshop.bet.kill_criteria = KILL
    canvas = bet_canvas(workshop)
    [(_, _, sizes)] = [
        placed
        for placed in layout(canvas.boxes, *PAPER_INCHES[paper], _Page.fit)
        if placed[0].title == "Kill criteria"
    ]
    figure = canvas_figure(canvas, paper)
    drawn = [t for t in visible(figure) if normalised(KILL)[:30] in normalised(t.get_text())]
    assert len(drawn) == 1
    assert normalised(drawn[0].get_text()) == normalised(KILL)  # whole
    assert drawn[0].get_fontsize() in {sizes[1] - n for n in SHRINK}
    assert normalised(KILL) in page_text(to_pdf(workshop, paper))
    cut, size = body_fitted(lambda lines, *_: ["…"], [KILL], 1.0, 1.0, 10)
    assert (cut, size) == (["…", IN_THE_REPORT], 10 - SHRINK[-1])  # still cut at the smallest


@pytest.mark.parametrize("paper", ["a4"])
def test_the_finished_example_is_shown_whole(paper: str) -> None:
    """The finished example's top risks ('…every drafted field before…') and decision
    ('…Customer support…') were cut on the page for the CEO while the row above them had room
    to spare: each row of boxes is as tall as its text needs, the room left shared out, and
    the decision lists what the bet was chosen over, so on A4 every box's text is on the PNG
    and in the PDF whole. (Letter is narrower, and its decision still ends in "…".)"""
    from gaptools.files.home import example_workshop as shipped_example

    workshop = shipped_example(after=True)
    canvas = bet_canvas(workshop)
    drawn = normalised(" ".join(t.get_text() for t in visible(canvas_figure(canvas, paper))))
    printed = normalised(page_text(to_pdf(workshop, paper)))
    assert "…" not in drawn + printed
    for box in canvas.boxes:
        for line in box.lines:
            assert normalised(line) in drawn, (box.title, line)
            assert normalised(line) in printed, (box.title, line)


def test_rows_share_the_page_as_their_text_needs() -> None:
    """Rows that all fit an even share stay even; otherwise a row gets what it needs up to a
    fair share, and what the others leave is shared out among the rest."""
    from gaptools.export.page import row_heights

    assert row_heights([1.0, 1.5], 4.0) == [2.0, 2.0]
    assert row_heights([1.6, 2.2], 4.0) == pytest.approx([1.7, 2.3])
    assert row_heights([1.5, 3.0], 4.0) == pytest.approx([1.5, 2.5])
    assert row_heights([3.0, 3.0], 4.0) == pytest.approx([2.0, 2.0])
    assert row_heights([0.5, 3.0, 3.0], 4.5) == pytest.approx([0.5, 2.0, 2.0])


@pytest.mark.parametrize("paper", list(PAPERS))
def test_a_long_bet_name_is_shown_whole(paper: str) -> None:
    """The bet's 87-character name was cut to "Customer onboarding document…" on Letter, and
    nowhere else on the page for the CEO: a name too long for the headline's line is set
    smaller, then on two lines, and only a name longer than that is cut."""
    from gaptools.export.page import HEADLINE

    workshop = _long_bet_name()
    figure = canvas_figure(bet_canvas(workshop), paper)
    [headline] = [t for t in visible(figure) if t.get_text().startswith("Customer onb")]
    assert normalised(headline.get_text()) == normalised(LONG_BET)
    assert headline.get_fontsize() < HEADLINE
    assert normalised(LONG_BET) in page_text(to_pdf(workshop, paper))


@pytest.mark.parametrize("paper", list(PAPERS))
def test_a_long_list_of_options_says_how_many_it_leaves_out(paper: str) -> None:
    """On Letter the decision read "Chosen over: Fraud signal analytics, Claims reserve
    forecast, Customer support assistant,…", two options gone without a word: a list too
    long for its box names the first options and how many more there were."""
    from gaptools.files.home import example_workshop as shipped_example

    workshop = shipped_example(after=True)
    chosen = workshop.bet.initiative
    others = [i.name for i in workshop.live_initiatives() if i.name != chosen][:9]
    workshop.bet.options_considered = [chosen, *others]
    workshop = store.revalidate(workshop)
    figure = canvas_figure(bet_canvas(workshop), paper)
    [decision] = [t.get_text() for t in visible(figure) if "Chosen over" in t.get_text()]
    said = normalised(decision)
    assert "…" not in said
    assert normalised(f"Chosen over: {others[0]}") in said
    shown = sum(normalised(name) in said for name in others)
    assert shown < len(others)
    assert f"and {len(others) - shown} more" in said
    printed = normalised(page_text(to_pdf(workshop, paper)))
    assert f"and {len(others) - shown} more" in printed


@pytest.mark.parametrize("paper", list(PAPERS))
def test_long_options_with_no_bet_yet_say_how_many_are_left_out(paper: str) -> None:
    """With no bet, options of long names were cut at the page's longest line mid-name
    ("…Réserve prévisionnelle — Évalua…"), with no word of the five after it."""
    workshop = _no_bet_yet()
    names = [f"{i.name}: {i.description}"[:90] for i in workshop.initiatives[:8]]
    workshop.bet.options_considered = names
    workshop.bet.decided_by, workshop.bet.decided_on = "Dana Whitfield", DAY
    printed = normalised(page_text(to_pdf(store.revalidate(workshop), paper)))
    said = printed.partition("Options considered:")[2]
    shown = sum(normalised(name) in said for name in names)
    assert 0 < shown < len(names)
    assert f"and {len(names) - shown} more" in said


def test_the_footer_asks_once_and_what_may_stop_the_bet_first() -> None:
    """With two questions the footer said "Worth asking:" twice and, on Letter paper, cut the
    second: step 5's flags, which it now puts first."""
    import datetime as dt

    from gaptools.core.model import AutonomyLevel
    from gaptools.export.page import footer_words
    from gaptools.summaries.canvas import bet_canvas
    from tests.support import BET, commit, example_workshop

    workshop = commit(example_workshop())
    bet = workshop.initiative(BET)
    bet.agentic = True
    bet.readiness.autonomy.level = AutonomyLevel.FULLY_AUTONOMOUS
    bet.value.due = workshop.meta.date + dt.timedelta(days=500)
    said = footer_words(bet_canvas(workshop))
    assert said.count("Worth asking:") == 1
    assert said.index("step 5 flags") < said.index("the bet's value")


def working_alone(longer_than: int) -> tuple[Workshop, Commitment]:
    """The finished example as one leader's, working alone with a complete commitment whose
    statement is longer than ``longer_than`` characters; a room of one takes no pulse."""
    from gaptools.core.model import Participant
    from gaptools.files.home import example_workshop as shipped_example
    from gaptools.steps.commitments import is_complete

    workshop = shipped_example(after=True)
    mine = next(
        c for c in workshop.commitments if is_complete(c) and len(c.statement) > longer_than
    )
    workshop.commitments = [mine]
    workshop.meta.participants = [Participant(name=mine.leader)]
    workshop.meta.facilitator = ""
    workshop.bet.decided_by = mine.leader
    workshop.pulse.answers = []
    return workshop, mine


@pytest.mark.parametrize("paper", ["a4"])
def test_a_leader_working_alone_has_their_whole_commitment_on_the_page(paper: str) -> None:
    """A leader working alone sent the CEO "Priya Raman: I don't know yet how the intake
    copilot will change a claims…": the band under the grid held two lines, so the statement
    it carries alone was cut to one, in small type, beside "No pulse taken". Alone, with no
    pulse, the commitment has the band to itself, and the band grows to what its text needs
    from room the grid leaves: the statement is whole on the PNG and in the PDF."""
    workshop, mine = working_alone(longer_than=250)
    statement = normalised(mine.statement)
    figure = canvas_figure(bet_canvas(workshop), paper)
    drawn = normalised(" ".join(t.get_text() for t in visible(figure)))
    printed = normalised(page_text(to_pdf(workshop, paper)))
    assert statement in drawn
    assert statement in printed
    assert "…" not in drawn + printed


def test_the_band_grows_only_into_room_the_grid_leaves() -> None:
    """The boxes of the grid are the commitment card: the band takes what they leave, never
    more, and never less than its two lines."""
    from gaptools.export.page import BAND, BAND_MOST, Box, _Page, band_height

    long = Box("Leaders' commitments", ["word " * 400, "Learning time 4 h a month"], band=True)
    short = Box("Leaders' commitments", ["5 of 8 leaders have written a commitment"], band=True)
    width = 11.69
    assert band_height([short], width, _Page.fit, spare=2.0) == BAND
    assert band_height([long], width, _Page.fit, spare=0.0) == BAND
    assert band_height([long], width, _Page.fit, spare=-1.0) == BAND
    assert band_height([long], width, _Page.fit, spare=0.2) == pytest.approx(BAND + 0.2)
    assert band_height([long], width, _Page.fit, spare=5.0) == BAND_MOST


@pytest.mark.parametrize("paper", list(PAPERS))
def test_a_commitment_cut_to_a_line_keeps_its_start(paper: str) -> None:
    """A leader working alone stopped two initiatives of long names for the bet: the grid
    took the room the band grows into, the band kept one line for its two items, and that
    line read "…and 2 more": nothing of the commitment it carries alone. Cut to one line,
    it keeps the statement's start, and says where the whole is."""
    workshop, mine = working_alone(longer_than=150)
    stopped = [i for i in workshop.initiatives if i.name != workshop.bet.initiative][:2]
    stopped[1].name = "Agentic supplier onboarding assistant for procurement, vendor risk and "
    stopped[1].name += "contract checks (EU)"
    workshop.bet.stopped = [i.name for i in stopped]
    workshop.bet.readiness_gaps = ["Reliability controls", "Monitoring", "Feedback loops"]
    figure = canvas_figure(bet_canvas(workshop), paper)
    drawn = normalised(" ".join(t.get_text() for t in visible(figure)))
    printed = normalised(page_text(to_pdf(workshop, paper)))
    start = " ".join(normalised(mine.statement).split()[:6])
    for page in (drawn, printed):
        band = page.split("Leaders' commitments", 1)[1]
        assert start in band
        assert "more" not in band.split(start)[0]  # not "…and 2 more" before it
