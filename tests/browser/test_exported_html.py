"""The exported report opened in a real browser: the bet sentence shows, user text never runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import expect

from gaptools.core.model import Workshop
from gaptools.export import export
from gaptools.files import store
from gaptools.steps.value import value_sentence

BET = "Claims intake copilot"


def test_report_shows_the_bet_and_runs_no_user_script(page, tmp_path: Path) -> None:
    workshop: Workshop = store.load(Path(__file__).parents[2] / "data" / "example_workshop.json")
    workshop.bet.initiative = BET
    workshop.bet.decided_by = "Dana Whitfield"
    workshop.bet.decided_on = dt.date(2026, 11, 18)
    for initiative, name in zip(
        workshop.initiatives[1:],
        ["<script>window.pwned = 1; alert('x')</script>", "<img src=x onerror=alert(2)>"],
        strict=False,
    ):
        initiative.name = name
    workshop = store.revalidate(workshop)
    report = tmp_path / "report.html"
    report.write_bytes(export(workshop, "html"))

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(report.as_uri())
    sentence = value_sentence(workshop.initiative(BET).value)
    expect(page.get_by_text(sentence).first).to_be_visible()
    expect(page.get_by_text("<script>window.pwned = 1; alert('x')</script>").first).to_be_visible()
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_canvas_keeps_the_change_in_brackets_on_one_line(page, tmp_path: Path) -> None:
    """On a narrow window the sentence wraps, but "(−6 percentage points)" never inside."""
    from tests.support import commit

    workshop: Workshop = store.load(Path(__file__).parents[2] / "data" / "example_workshop.json")
    workshop = commit(workshop)
    value = workshop.initiative(BET).value
    value.metric, value.unit, value.baseline, value.target = "Customer churn rate", "%", 14, 8
    workshop = store.revalidate(workshop)
    canvas = tmp_path / "bet.html"
    canvas.write_bytes(export(workshop, "html", "bet"))
    phrase = "(−6 percentage points)"
    assert phrase in value_sentence(workshop.initiative(BET).value)
    page.goto(canvas.as_uri())
    held = page.locator(".bet-canvas .sentence .nowrap", has_text=phrase)
    expect(held).to_have_count(1)
    natural = held.evaluate("span => span.getBoundingClientRect().width")
    sentence = page.locator(".bet-canvas .sentence")
    whole = 0
    for width in range(260, 720, 20):
        page.set_viewport_size({"width": width, "height": 900})
        if sentence.evaluate("p => p.clientWidth") >= natural:
            assert held.evaluate(LINES) == 1, width
            whole += 1
        else:  # a phone too narrow for the phrase: it wraps inside the page, not off it
            assert sentence.evaluate("p => p.scrollWidth <= p.clientWidth"), width
    assert whole > 15
    page.set_viewport_size({"width": 320, "height": 900})
    assert sentence.evaluate("p => p.getClientRects()[0].height") > 40  # it did wrap


# How many lines an element's text runs over.
LINES = """(e) => { const range = document.createRange(); range.selectNodeContents(e);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.bottom))).size; }"""

# Each box whose content runs out of it, with how far.
OVERRUN = """(boxes) => boxes.filter((b) => b.scrollWidth > b.clientWidth + 1)
  .map((b) => [b.querySelector('.box-title').textContent, b.scrollWidth - b.clientWidth])"""


def test_a_kept_phrase_longer_than_its_box_wraps_inside_the_box(page, tmp_path: Path) -> None:
    """On a tablet held upright, "(Business sponsor and Compliance/legal):" was kept on one
    line, ran across the owner box's border into the next box, and the grid stood wider
    than the page."""
    from tests.support import commit

    workshop = commit(store.load(Path(__file__).parents[2] / "data" / "example_workshop.json"))
    marks = workshop.initiative(BET).ownership.raci
    marks["Business sponsor"] = marks["Compliance/legal"] = "A"
    marks["Product"] = "R"
    workshop = store.revalidate(workshop)
    canvas = tmp_path / "bet.html"
    canvas.write_bytes(export(workshop, "html", "bet"))
    page.goto(canvas.as_uri())
    phrase = page.locator(".bet-canvas .box .nowrap", has_text="Compliance/legal")
    expect(phrase.first).to_be_visible()
    boxes = page.locator(".bet-canvas .box")
    for width in (768, 1024, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        assert boxes.evaluate_all(OVERRUN) == [], width
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_report_shows_the_responsibility_map_and_readiness(page, tmp_path: Path) -> None:
    workshop: Workshop = store.load(Path(__file__).parents[2] / "data" / "example_workshop.json")
    report = tmp_path / "report.html"
    report.write_bytes(export(workshop, "html"))
    page.goto(report.as_uri())
    for caption in ("Responsibility map", "Readiness"):
        expect(page.get_by_role("heading", name=caption, exact=True)).to_be_visible()
    first = workshop.initiatives[0]
    raci = page.locator("table", has=page.locator("th", has_text="Accountable person"))
    expect(raci.locator("tbody tr")).to_have_count(len(workshop.initiatives))
    expect(raci.locator("tbody tr").first.locator("td").first).to_have_text(first.name)


def test_canvas_reads_on_a_phone_and_keeps_its_columns_on_a_laptop(page, tmp_path: Path) -> None:
    """A CEO opening the mailed canvas on a phone saw five columns a few letters wide, each
    word broken letter by letter; the boxes now take as many columns as fit, one on a phone,
    and the laptop keeps the page's five."""
    from gaptools.summaries.canvas import columns as page_columns
    from tests.support import commit

    workshop = commit(store.load(Path(__file__).parents[2] / "data" / "example_workshop.json"))
    canvas = tmp_path / "bet.html"
    canvas.write_bytes(export(workshop, "html", "bet"))
    boxes = page.locator(".bet-canvas .boxes:not(.band) > .box")

    def columns() -> int:
        return len({round(box["x"]) for box in boxes.evaluate_all(LEFTS)})

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(canvas.as_uri())
    expect(boxes.first).to_be_visible()
    assert columns() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The badge, wrapped under the name, sat on the value sentence with no room between.
    badge = page.locator(".bet-canvas .verdict").bounding_box()
    sentence = page.locator(".bet-canvas .sentence").bounding_box()
    assert sentence["y"] - (badge["y"] + badge["height"]) >= 6
    page.set_viewport_size({"width": 1366, "height": 768})
    assert columns() == page_columns(boxes.count())  # the printed page's own grid
    page.set_viewport_size({"width": 480, "height": 700})  # on small paper (A5), upright
    page.emulate_media(media="print")
    assert columns() == page_columns(boxes.count())


# Each element's left edge, as ``getBoundingClientRect`` gives it.
LEFTS = "(els) => els.map((e) => ({x: e.getBoundingClientRect().left}))"


def test_the_report_never_scrolls_sideways_on_a_phone(page, tmp_path: Path) -> None:
    """The report's tables made the whole page 1,100 px wide on a 390 px phone, every line
    of text running off its side; a wide table now scrolls in its own box."""
    workshop = store.load(Path(__file__).parents[2] / "data" / "example_workshop.json")
    report = tmp_path / "report.html"
    report.write_bytes(export(workshop, "html"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(report.as_uri())
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('table')].map(t => t.scrollWidth))"
    )
    assert widest > 390  # there is a table wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.emulate_media(media="print")  # on paper a table is printed whole, not cut at a box
    kinds = page.evaluate(
        "[...document.querySelectorAll('.wide')].map(b => getComputedStyle(b).overflowX)"
    )
    assert kinds
    assert set(kinds) == {"visible"}


SCROLLS = "(e) => e.scrollWidth > e.clientWidth"


def test_the_reports_charts_are_readable_on_a_phone(page, tmp_path: Path) -> None:
    """Scaled to a 360 px phone, every chart's names were 5 to 6 px high while the text
    around them was 15: a drawing now keeps a readable width and scrolls in its own box,
    and the page still never scrolls sideways. On paper it fits the page."""
    workshop = store.load(Path(__file__).parents[2] / "data" / "example_workshop.json")
    report = tmp_path / "report.html"
    report.write_bytes(export(workshop, "html"))
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(report.as_uri())
    drawn = (
        "[...document.querySelectorAll('.gaptools-chart svg')].map(s => "
        "s.getBoundingClientRect().width / s.viewBox.baseVal.width "
        "* parseFloat(s.getAttribute('font-size')))"
    )
    sizes = page.evaluate(drawn)
    assert len(sizes) >= 5
    assert min(sizes) >= 7.5  # the smallest drawing's names; most are over 9
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # A drawing cut at the screen's edge ("Pilot" with no count) gave no sign that it went
    # on: its box casts a shadow at the edge it scrolls towards, as a wide table's does.
    boxes = page.locator(".gaptools-chart")
    cut = [n for n in range(boxes.count()) if boxes.nth(n).evaluate(SCROLLS)]
    assert cut
    for n in cut:
        shading = boxes.nth(n).evaluate("(e) => getComputedStyle(e).backgroundImage")
        assert shading.count("radial-gradient") == 2
        assert "local" in boxes.nth(n).evaluate("(e) => getComputedStyle(e).backgroundAttachment")
    page.emulate_media(media="print")
    widths = page.evaluate(
        "[...document.querySelectorAll('.gaptools-chart svg')]"
        ".map(s => getComputedStyle(s).minWidth)"
    )
    assert set(widths) == {"0px"}


def test_an_incomplete_canvas_prints_on_one_sheet(page, tmp_path: Path) -> None:
    """Printed from the browser, a canvas with eight items still missing ran onto a second
    sheet, its list of what is missing alone on it; the PDF export keeps to one page, and so
    does the printed canvas now, on A4 and on Letter."""
    from gaptools.files.home import example_workshop as shipped_example

    workshop = shipped_example(after=True)
    bet = workshop.bet
    bet.first_cycle_end, bet.debrief_dates, bet.kill_criteria = None, [], ""
    bet.stopped, bet.readiness_gaps = [], []
    initiative = workshop.initiative(bet.initiative or "")
    initiative.value.target, initiative.value.due = None, None
    initiative.value.lead_measures, initiative.value.guardrail = [], ""
    initiative.ownership.accountable = ""
    workshop = store.revalidate(workshop)
    for paper in ("a4", "letter"):
        assert printed_sheets(page, tmp_path / f"bet-{paper}.html", workshop, paper) == 1, paper


def printed_sheets(page, path: Path, workshop: Workshop, paper: str) -> int:
    """How many sheets the HTML canvas of ``workshop``, written to ``path``, prints on."""
    import io

    from pypdf import PdfReader

    path.write_bytes(export(workshop, "html", "bet", paper=paper))
    page.goto(path.as_uri())
    return len(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages)


def test_a_card_written_out_at_length_prints_on_one_sheet(page, tmp_path: Path) -> None:
    """Every initiative among the options considered, or kill criteria of 700 letters, ran
    the printed canvas onto a second sheet, its second row of boxes alone there: the canvas
    now prints in a smaller type where its text needs it."""
    from gaptools.files.home import example_workshop as shipped_example

    long_options = shipped_example(after=True)
    long_options.bet.options_considered = [i.name for i in long_options.initiatives]
    long_kill = shipped_example(after=True)
    long_kill.bet.kill_criteria = " ".join(
        ["Stop if intake time in the pilot team is not below 16 minutes by the debrief."] * 9
    )
    for name, workshop in (("options", long_options), ("kill", long_kill)):
        for paper in ("a4", "letter"):
            path = tmp_path / f"{name}-{paper}.html"
            sheets = printed_sheets(page, path, store.revalidate(workshop), paper)
            assert sheets == 1, (name, paper)


def test_the_rollup_page_keeps_each_day_on_one_line(page, tmp_path: Path) -> None:
    """In a window a little narrower than the table, "2026-11-18" broke after "2026-11-"."""
    from gaptools.export.rollup import rollup_sources, to_html
    from tests.support import another_team, example_workshop, written

    (tmp_path / "teams").mkdir()
    for team in ("Claims operations", "Pricing and underwriting", "Customer service"):
        written(another_team(example_workshop(), team), tmp_path / "teams" / f"{team}.json")
    page_file = tmp_path / "rollup.html"
    page_file.write_bytes(to_html(rollup_sources([tmp_path / "teams"])))
    page.set_viewport_size({"width": 900, "height": 700})
    page.goto(page_file.as_uri())
    day = example_workshop().meta.date.isoformat()
    cells = page.locator("td", has_text=day)
    expect(cells).to_have_count(3)
    for cell in cells.all():
        lines = cell.evaluate(
            "td => { const r = document.createRange(); r.selectNodeContents(td); "
            "return r.getClientRects().length; }"
        )
        assert lines == 1, cell.inner_text()


def test_a_map_of_many_columns_is_whole_on_a_laptop(page, tmp_path: Path) -> None:
    """On a 1366 px laptop the responsibility map scrolled in the text's 930 px column,
    "Accountable person" out of sight, a third of the screen unused on either side. A table
    of many columns takes the window's width; the page still never scrolls sideways."""
    workshop = store.load(Path(__file__).parents[2] / "data" / "example_workshop.json")
    report = tmp_path / "report.html"
    report.write_bytes(export(workshop, "html"))
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(report.as_uri())
    box = page.locator(".wide", has_text="Accountable person").first
    assert not box.evaluate(SCROLLS)
    heading = page.get_by_role("columnheader", name="Accountable person").first
    edge = heading.bounding_box()
    assert edge["x"] + edge["width"] <= 1366
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    text = page.locator("h2").first.bounding_box()
    assert box.bounding_box()["width"] > text["width"]  # wider than the text's column
