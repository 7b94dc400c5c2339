"""The HTML report carries each step's charts as inline SVG: one per chart the workshop has
data for, naming its initiatives, self-contained, and with hostile names kept as text."""

from __future__ import annotations

from markdown_it import MarkdownIt

from gaptools.core.model import Stage, Workshop
from gaptools.export import export
from gaptools.files import store
from gaptools.steps.prioritise import rank
from gaptools.steps.voting import cast, open_voting, record_gut_check, reveal, set_mode
from tests.charts.test_steps import voted  # noqa: F401  (fixture)
from tests.export.test_report import Page
from tests.export.test_table import HOSTILE, hostile  # noqa: F401  (fixture)


class Report(Page):
    """Page, plus each SVG's label and the text drawn inside the SVGs."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[str] = []
        self.depth = 0
        self.drawn: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        if tag == "svg":
            self.depth += 1
            self.charts.append(dict(attrs).get("aria-label") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        super().handle_data(data)
        if self.depth:
            self.drawn.append(data)

    @property
    def svg_text(self) -> str:
        return " ".join(self.drawn)


def report(workshop: Workshop) -> Report:
    page = Report()
    page.feed(export(workshop, "html").decode("utf-8"))
    page.close()
    return page


def expected_charts(workshop: Workshop) -> list[str]:
    """A word from the title of each chart the workshop has data for, in report order."""
    on = workshop.meta.date
    live = workshop.live_initiatives()
    functions = workshop.settings.function_names()
    wanted = [
        ("by stage", bool(workshop.initiatives)),
        (
            "pilots",
            any(i.stage is Stage.PILOT and i.started and i.started <= on for i in live),
        ),
        ("stalled", any(i.stage is Stage.STALLED for i in live)),
        ("lens", bool(workshop.success_definitions)),
        ("per person", any(i.ownership.accountable.strip() for i in live)),
        ("per function", any(i.ownership.raci.get(f) == "A" for i in live for f in functions)),
        ("effort", bool(rank(workshop, stability=False).ranked)),
        ("Gut check", bool(workshop.gut_checks)),
        ("Dots", workshop.voting.phase == "revealed"),
        ("room answered", len(workshop.pulse.answers) >= workshop.settings.pulse_minimum),
        ("Learning cycles", any(i.cycles for i in workshop.initiatives)),
        ("Execution maturity", bool(workshop.maturity.ratings)),
    ]
    return [word for word, present in wanted if present]


def assert_charts(page: Report, workshop: Workshop) -> None:
    expected = expected_charts(workshop)
    assert len(page.charts) == len(expected), (page.charts, expected)
    for label, word in zip(page.charts, expected, strict=True):
        assert word in label


def test_example_report_has_one_svg_per_chart(example: Workshop) -> None:
    page = report(example)
    assert_charts(page, example)
    assert len(page.charts) >= 5  # the example has data for most steps


def test_report_adds_the_gut_check_and_dots_once_voted(voted: Workshop) -> None:  # noqa: F811
    page = report(voted)
    assert_charts(page, voted)
    assert any("Gut check" in label for label in page.charts)
    assert any("Dots" in label for label in page.charts)


def test_no_definitions_no_lens_chart(example: Workshop) -> None:
    with_lens = len(report(example).charts)
    example.success_definitions = []
    page = report(example)
    assert_charts(page, example)
    assert len(page.charts) == with_lens - 1
    assert not any("lens" in label for label in page.charts)


def test_chart_text_names_the_portfolio(example: Workshop) -> None:
    """The pilots' ages and the value-vs-effort scatter name their initiatives in full."""
    drawn = report(example).svg_text
    pilots = [i.name for i in example.initiatives if i.stage is Stage.PILOT and i.started]
    ranked = [s.name for s in rank(example, stability=False).ranked]
    assert pilots
    assert ranked
    for name in pilots + ranked:
        assert name in drawn
    for person in {i.ownership.accountable for i in example.live_initiatives()} - {""}:
        assert person in drawn


def test_hostile_names_in_charts_stay_text(hostile: Workshop) -> None:  # noqa: F811
    """Names reach the SVG as labels, tooltips and voters; none becomes an element."""
    set_mode(hostile, "named")
    open_voting(hostile)
    intruder = "<img src=x onerror=alert(9)>"
    record_gut_check(hostile, intruder, HOSTILE[0], instantly=True)
    cast(hostile, intruder, {HOSTILE[0]: 2, HOSTILE[7]: 1})
    reveal(hostile)
    hostile = store.revalidate(hostile)
    page = report(hostile)
    drawn = page.svg_text
    pilots = [i.name for i in hostile.initiatives if i.stage is Stage.PILOT and i.started]
    for name in [*set(pilots) & set(HOSTILE), HOSTILE[0], HOSTILE[7], intruder]:
        assert name in drawn
    assert "script" not in page.tags
    assert "img" not in page.tags
    assert page.handlers == []
    assert_charts(page, hostile)


def test_report_fetches_nothing(example: Workshop) -> None:
    """Self-contained: no src, no external href; patterns are referenced within the SVG."""
    page = report(example)
    assert page.sources == []
    assert not {"script", "img", "link", "iframe", "image", "use"} & set(page.tags)


def test_markdown_report_has_no_svg(voted: Workshop) -> None:  # noqa: F811
    source = export(voted, "md").decode("utf-8")
    assert "<svg" not in source
    page = Page()
    page.feed(MarkdownIt("commonmark").enable("table").render(source))
    assert "svg" not in page.tags


def test_every_chart_lets_a_screen_reader_read_what_it_draws() -> None:
    """Each chart was an image named by its heading: a screen reader said "Dots from 8
    ballots, image" and none of the counts, names and notes drawn in it, some of which the
    report says nowhere else. Each is a group named by its heading now, its text readable."""
    from bs4 import BeautifulSoup

    from gaptools.files.home import example_workshop

    page = BeautifulSoup(export(example_workshop(after=True), "html"), "html.parser")
    charts = page.select("div.gaptools-chart")
    kinds = {kind for chart in charts for kind in chart["class"]}
    assert {"gaptools-pulse-chart", "gaptools-timeline", "gaptools-radar"} <= kinds
    assert len(charts) >= 6  # and the steps' bars and the priorities' scatter
    for chart in charts:
        svg = chart.find("svg")
        assert svg["role"] == "group"
        assert svg["aria-label"] == chart.find("h4").get_text()
        assert svg.find_all("text")
        assert not chart.find_all(attrs={"aria-hidden": "true"})
