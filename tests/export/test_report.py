"""The HTML and Markdown reports, parsed and rendered by real readers, with hostile names."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from gaptools.cli import main
from gaptools.core.model import Stage, Value, Workshop
from gaptools.export import export
from gaptools.export.markup import md_escape
from gaptools.export.report import RENDERERS, report_sections
from gaptools.steps import prioritise
from gaptools.steps.registry import steps
from gaptools.steps.value import value_gaps
from gaptools.summaries.canvas import bet_canvas
from gaptools.summaries.status import summary
from tests.export.test_table import HOSTILE, hostile  # noqa: F401  (fixture)
from tests.support import commit


class Page(HTMLParser):
    """Collects what a browser would execute or load, and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.sources: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in {"src", "href"} and value:
                self.sources.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(document: bytes) -> Page:
    page = Page()
    page.feed(document.decode("utf-8"))
    return page


def test_html_report_shows_every_initiative_and_runs_nothing(hostile: Workshop) -> None:  # noqa: F811
    page = parsed(export(hostile, "html"))
    text = " ".join(page.text)
    for initiative in hostile.initiatives:
        assert initiative.name in text
    assert "script" not in page.tags
    assert "img" not in page.tags
    assert page.handlers == []
    assert page.sources == []  # self-contained: nothing fetched from anywhere


def test_html_report_covers_each_step(example: Workshop) -> None:
    text = " ".join(parsed(export(example, "html")).text)
    for title in (
        "1 · Portfolio and pilot purgatory",
        "3 · Value: metric, magnitude, date",
        "4 · Ownership",
        "6 · Priorities against capacity",
        "7 · The bet",
        "Still missing",
    ):
        assert title in text
    assert "5 of 6 pilots have run longer than a quarter without a decision." in text
    assert "No bet chosen yet." in text


def test_markdown_renders_safely(hostile: Workshop) -> None:  # noqa: F811
    source = export(hostile, "md").decode("utf-8")
    rendered = MarkdownIt("commonmark").enable("table").render(source)
    page = parsed(rendered.encode("utf-8"))
    assert "script" not in page.tags
    assert "img" not in page.tags
    assert page.handlers == []
    text = " ".join(page.text)
    for name in HOSTILE:
        assert " ".join(name.split()) in text
    assert "table" in page.tags  # the value table survived the escaping


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("a | b", "a \\| b"),
        ("# title", "\\# title"),
        ("1. first", "1\\. first"),
        ("*star*", "\\*star\\*"),
        ("two\nlines", "two lines"),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


def test_cli_writes_html_beside_the_workshop(workshop_file: Path) -> None:
    assert main(["export", str(workshop_file), "--format", "html"]) == 0
    out = workshop_file.with_name("w-report.html")
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")


# -- one count, every view -----------------------------------------------------------------------


class Sections(HTMLParser):
    """The report's sections as a reader sees them: heading, paragraphs, table rows."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, dict[str, list]] = {}
        self.current: dict[str, list] | None = None
        self.tag = ""
        self.row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag = tag
        if tag == "h2":
            self.current = {"title": [], "paragraphs": [], "rows": []}
        elif tag == "tr":
            self.row = []
        elif tag in {"td", "th"} and self.row is not None:
            self.row.append("")
        elif tag == "p" and self.current is not None:
            self.current["paragraphs"].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self.current is not None:
            self.sections["".join(self.current["title"])] = self.current
        elif tag == "tr" and self.row is not None and self.current is not None:
            self.current["rows"].append(self.row)
            self.row = None
        self.tag = ""

    def handle_data(self, data: str) -> None:
        if self.current is None:
            return
        if self.tag == "h2":
            self.current["title"].append(data)
        elif self.row is not None and self.tag in {"td", "th"}:
            self.row[-1] += data
        elif self.tag == "p":
            self.current["paragraphs"][-1] += data


def report_of(workshop: Workshop) -> dict[str, dict[str, list]]:
    reader = Sections()
    reader.feed(export(workshop, "html").decode("utf-8"))
    return reader.sections


@pytest.fixture
def mixed(example: Workshop) -> Workshop:
    """The example with an unready value on a production initiative too (the killed
    summariser already has one): both must be left out of every count."""
    example.initiative("Broker email triage").value = Value()
    return example


def test_one_deploy_ready_count_in_status_report_table_and_canvas(mixed: Workshop) -> None:
    date = mixed.meta.date
    playing = [i for i in mixed.initiatives if i.stage in {Stage.IDEA, Stage.PILOT, Stage.STALLED}]
    ready = {i.name for i in playing if not value_gaps(i.value, date)}
    explore = {i.name for i in playing} - ready
    out_of_play = [i for i in mixed.initiatives if i not in playing]
    assert ready
    assert explore
    assert {i.stage for i in out_of_play} == {Stage.PRODUCTION, Stage.KILLED}
    assert any(value_gaps(i.value, date) for i in out_of_play if i.stage is Stage.PRODUCTION)
    assert any(value_gaps(i.value, date) for i in out_of_play if i.stage is Stage.KILLED)

    facts = summary(mixed)
    assert (facts["deploy_ready"], facts["explore"]) == (len(ready), len(explore))
    assert f"{len(explore)} initiatives have no deploy-ready value yet (step 3)" in facts["missing"]

    value = report_of(mixed)["3 · Value: metric, magnitude, date"]
    status = {row[0]: row[1] for row in value["rows"][1:]}
    assert {n for n, s in status.items() if s == "deploy-ready"} == ready
    assert {n for n, s in status.items() if s == "explore"} == explore
    assert value["paragraphs"][0].startswith(
        f"{len(ready)} of the {len(playing)} initiatives in play are deploy-ready"
    )

    table = pd.read_csv(io.BytesIO(export(mixed, "csv")), encoding="utf-8-sig")
    verdicts = dict(zip(table["name"], table["value_status"], strict=True))
    assert {n for n, s in verdicts.items() if s == "deploy-ready"} == ready
    assert {n for n, s in verdicts.items() if s == "explore"} == explore

    for initiative in playing:
        sentence = bet_canvas(commit(mixed.model_copy(deep=True), initiative.name)).sentence
        unready = "still to explore" in sentence or "Value not defined yet" in sentence
        assert unready is (initiative.name in explore), initiative.name


def test_sections_follow_the_registry(example: Workshop) -> None:
    """One section per step that has one, in workshop order, then what is still missing."""
    named = [s.report for s in steps() if s.report]
    assert set(named) == set(RENDERERS)
    titles = [section.title for section in report_sections(example)]
    assert len(titles) == len(named) + 1
    assert titles[0] == "The workshop"
    assert titles[-1] == "Still missing"
    numbered = [int(t.split(" · ")[0]) for t in titles[1:-1]]
    assert numbered == [s.number for s in steps() if s.report and s.number]
    assert list(report_of(example)) == titles


def test_the_report_draws_the_stability_simulation_once(
    example: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report shows stability; the missing list shares that one ranking."""
    calls: list[int] = []
    real = prioritise._stability

    def counted(*args: object) -> dict[str, float]:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(prioritise, "_stability", counted)
    report_sections(example, charts=True)
    assert len(calls) == 1
