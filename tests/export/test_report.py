"""The HTML and Markdown reports, parsed and rendered by real readers, with hostile names."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from gaptools.cli import main
from gaptools.core.model import Stage, Value, Workshop
from gaptools.core.text import plural
from gaptools.export import export
from gaptools.export.markup import md_escape, md_lines
from gaptools.export.report import RENDERERS, report_sections
from gaptools.files import store
from gaptools.steps import prioritise
from gaptools.steps.registry import step, steps
from gaptools.steps.value import value_gaps, value_lacks, value_sentence, value_verdict
from gaptools.summaries.canvas import bet_canvas
from gaptools.summaries.status import summary
from tests.export.test_table import (  # noqa: F401  (fixtures)
    AREAS,
    HOSTILE,
    KEPT,
    NO_STAGE,
    hostile,
    kept,
)
from tests.support import commit, example_workshop, shipped, table_rows


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
    """Each step's section is headed as the notebooks and step 0's list name it: the report
    had headings of its own ("4 · Ownership" for "4 · One accountable owner")."""
    page = parsed(export(example, "html"))
    text = " ".join(page.text)
    headings = [s.heading for s in steps() if s.report and s.number]
    assert "4 · One accountable owner" in headings
    for title in [*headings, "Still missing"]:
        assert title in text
    assert "5 of 6 pilots have run longer than a quarter without a decision." in text
    assert "No bet chosen yet." in text


UNLOGGED = re.compile(r"Scored as low risk because step 5 logged no risk for them: ([^.]*)\.")


def test_the_report_names_the_scores_that_count_an_unlogged_risk_as_low(
    example: Workshop,
) -> None:
    """The ranked ones (in play, with a value estimate and an effort) whose risk register is
    empty, worked out from the model itself; a reader of either report learns which they are."""
    in_play = {Stage.IDEA, Stage.PILOT, Stage.STALLED, None}
    expected = {
        i.name
        for i in example.initiatives
        if i.stage in in_play
        and i.priority.value is not None
        and i.effort_weeks is not None
        and not i.readiness.risks
    }
    assert expected
    for text in (" ".join(parsed(export(example, "html")).text), export(example, "md").decode()):
        found = UNLOGGED.search(text)
        assert found
        assert set(found.group(1).split(", ")) == expected


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
        ("2) second", "2\\) second"),
        ("12.", "12\\."),
        ("5.4 weeks", "5.4 weeks"),  # no list starts so: left as written
        ("*star*", "\\*star\\*"),
        ("two\nlines", "two lines"),
        ("=====", "\\====="),
        ("Harrow & Vale", "Harrow & Vale"),  # pasted into a mail, "&amp;" read as written
        ("Q&A bot, AT&T", "Q&A bot, AT&T"),
        ("&copy; &#169; &#x27;", "&amp;copy; &amp;\\#169; &amp;\\#x27;"),  # shown, not made
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped
    rendered = MarkdownIt().render(md_escape(text))
    assert rendered.startswith("<p>")  # never a list, a heading or markup
    if "&" in text:  # the renderer shows what was typed
        assert rendered == f"<p>{text.replace('&', '&amp;')}</p>\n"


@pytest.mark.parametrize(
    "typed",
    [
        "Stop if:\n1) intake is not faster;\n2) handlers correct a third",
        "Heading?\n=====\n---\n# not one\n- nor a list\n> nor a quote",
        "ends with a backslash \\\nand goes on",
    ],
)
def test_md_lines_breaks_where_the_person_did_and_nowhere_makes_markup(typed: str) -> None:
    """A text typed on several lines is one paragraph of as many lines, each shown as typed:
    a line of "=" under another would have made it a heading."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(MarkdownIt().render(md_lines(typed)), "html.parser")
    assert [tag.name for tag in page.find_all(True)] == ["p"] + ["br"] * typed.count("\n")
    assert [line.strip() for line in page.p.get_text().splitlines()] == typed.splitlines()


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

    value = report_of(mixed)[step("03_define_value").heading]
    # An explore cell says why under the word, as step 3 does.
    status = {row[0]: row[1] if isinstance(row[1], str) else row[1][0] for row in value["rows"][1:]}
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
    """The call in short first, then one section per step that has one, in workshop order,
    then what is still missing."""
    named = [s.report for s in steps() if s.report]
    assert set(named) == set(RENDERERS)
    titles = [section.title for section in report_sections(example)]
    assert len(titles) == len(named) + 2
    assert titles[:2] == ["In short", "The workshop"]
    assert titles[-1] == "Still missing"
    numbered = [int(t.split(" · ")[0]) for t in titles[2:-1]]
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


# -- areas, kept notes and a stage not given --------------------------------------------------


class Tables(HTMLParser):
    """Every table under an h3 caption, each cell as the lines a reader sees (split at <br>)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[list[str]]]] = {}
        self.caption: str | None = None
        self.in_caption = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h3":
            self.caption, self.in_caption = "", True
        elif tag == "tr" and self.caption is not None:
            self.tables.setdefault(self.caption, []).append([])
        elif tag in {"td", "th"} and self.caption is not None:
            self.cell = [""]
            self.tables[self.caption][-1].append(self.cell)
        elif tag == "br" and self.cell is not None:
            self.cell.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3":
            self.in_caption = False
        elif tag in {"td", "th"}:
            self.cell = None
        elif tag == "table":
            self.caption = None

    def handle_data(self, data: str) -> None:
        if self.in_caption and self.caption is not None:
            self.caption += data
        elif self.cell is not None:
            self.cell[-1] += data


def note_lines(index: int) -> list[str]:
    return [f"{header}: {text}" for header, text in KEPT.get(index, {}).items()]


def test_html_portfolio_lists_each_initiative_with_area_stage_and_kept_notes(
    kept: Workshop,  # noqa: F811
) -> None:
    document = export(kept, "html")
    page = parsed(document)
    assert "script" not in page.tags
    assert page.handlers == []
    reader = Tables()
    reader.feed(document.decode("utf-8"))
    [header, *rows] = reader.tables["Initiatives"]
    assert [c[0] for c in header] == ["Initiative", "What it does", "Stage", "Area", "Notes"]
    assert len(rows) == len(kept.initiatives)
    for index, (initiative, row) in enumerate(zip(kept.initiatives, rows, strict=True)):
        name, does, stage, area, notes = row
        assert name == [initiative.name]
        # What each name stands for, for a reader who was not in the room.
        assert " ".join(does) == " ".join(initiative.description.split())
        assert area == [AREAS.get(index, "")]  # shown as typed: a report runs no formulas
        assert notes == (note_lines(index) or [""])
        expected = "Stage not given" if index == NO_STAGE else initiative.stage.label
        assert stage == [expected]
    assert "<script>alert('n')</script> check with legal" in notes_text(reader)


def notes_text(reader: Tables) -> str:
    return " ".join(line for row in reader.tables["Initiatives"] for c in row for line in c)


def test_html_report_with_a_stage_not_given_counts_it_and_says_what_is_missing(
    kept: Workshop,  # noqa: F811
) -> None:
    unstaged = sum(i.stage is None for i in kept.initiatives)
    portfolio = report_of(kept)[step("01_portfolio").heading]
    counts = {row[0]: row[1] for row in portfolio["rows"] if len(row) == 2}
    assert counts["Stage not given"] == str(unstaged)
    staged = [i for i in kept.initiatives if i.stage is not None]
    assert sum(int(n) for s, n in counts.items() if s in {x.label for x in Stage}) == len(staged)
    missing = " ".join(parsed(export(kept, "html")).text)
    noun = "initiative has" if unstaged == 1 else "initiatives have"
    assert f"{unstaged} {noun} no stage yet: choose one (step 1)" in missing


def test_markdown_portfolio_shows_areas_and_kept_notes_safely(kept: Workshop) -> None:  # noqa: F811
    source = export(kept, "md").decode("utf-8")
    assert "### Initiatives" in source
    rendered = MarkdownIt("commonmark").enable("table").render(source)
    page = parsed(rendered.encode("utf-8"))
    assert "script" not in page.tags
    assert page.handlers == []
    text = " ".join(page.text)
    assert "; ".join(note_lines(0)) in text
    assert "; ".join(note_lines(2)) in text
    assert "Stage not given" in text
    for area in AREAS.values():
        assert area in text


def test_no_area_or_notes_columns_when_nobody_has_any(example: Workshop) -> None:
    for initiative in example.initiatives:
        initiative.area = ""
        initiative.notes = {}
        initiative.description = ""
    reader = Tables()
    reader.feed(export(example, "html").decode("utf-8"))
    [header, *rows] = reader.tables["Initiatives"]
    assert [c[0] for c in header] == ["Initiative", "Stage"]
    assert len(rows) == len(example.initiatives)


@pytest.mark.parametrize(
    ("fmt", "canvas"),
    [
        ("pdf", "bet"),
        ("png", "bet"),
        ("html", "bet"),
        ("md", "bet"),
        ("html", "report"),
        ("md", "report"),
        ("json", None),
        ("csv", None),
        ("xlsx", None),
    ],
)
def test_every_format_exports_a_workshop_with_a_stage_not_given(
    kept: Workshop,  # noqa: F811
    fmt: str,
    canvas: str | None,
) -> None:
    assert export(kept, fmt, canvas)


def test_status_names_the_initiatives_with_no_stage(kept: Workshop) -> None:  # noqa: F811
    unstaged = sum(i.stage is None for i in kept.initiatives)
    facts = summary(kept)
    assert facts["by_stage"]["not_given"] == unstaged
    assert sum(facts["by_stage"].values()) == facts["initiatives"] == len(kept.initiatives)
    noun = "initiative has" if unstaged == 1 else "initiatives have"
    assert f"{unstaged} {noun} no stage yet: choose one (step 1)" in facts["missing"]


@pytest.mark.parametrize(("fmt", "canvas"), [("pdf", "bet"), ("html", "bet"), ("md", "report")])
def test_a_bet_with_no_stage_given_still_exports(
    kept: Workshop,  # noqa: F811
    fmt: str,
    canvas: str,
) -> None:
    unstaged = kept.initiatives[NO_STAGE]
    assert unstaged.stage is None
    assert export(commit(kept, unstaged.name), fmt, canvas)


# -- the responsibility map and the readiness table --------------------------------------------


class CaptionedTables(HTMLParser):
    """Each table under an h3 caption, as rows of cell texts (the header row first)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.caption: list[str] | None = None
        self.current: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.last_caption = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h3":
            self.caption = []
        elif tag == "table":
            self.current = []
        elif tag == "tr" and self.current is not None:
            self.current.append([])
        elif tag in {"td", "th"}:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self.caption is not None:
            self.last_caption = "".join(self.caption).strip()
            self.caption = None
        elif tag in {"td", "th"} and self.cell is not None and self.current is not None:
            self.current[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table" and self.current is not None:
            if self.last_caption:
                self.tables[self.last_caption] = self.current
            self.current, self.last_caption = None, ""

    def handle_data(self, data: str) -> None:
        if self.caption is not None:
            self.caption.append(data)
        if self.cell is not None:
            self.cell.append(data)


def report_tables(workshop: Workshop) -> dict[str, list[list[str]]]:
    parser = CaptionedTables()
    parser.feed(export(workshop, "html").decode("utf-8"))
    return parser.tables


def test_html_report_has_the_responsibility_map(example: Workshop) -> None:
    """Initiatives × the workshop's functions, each letter as step 4 recorded it, and the
    accountable person."""
    from gaptools.export.report import NO_LETTER

    functions = example.settings.function_names()
    [header, *rows] = report_tables(example)["Responsibility map"]
    assert header == ["Initiative", *functions, "Accountable person"]
    assert [row[0] for row in rows] == [i.name for i in example.initiatives]
    assert any(letter in {"R", "A", "C", "I"} for row in rows for letter in row[1:-1])
    for initiative, row in zip(example.initiatives, rows, strict=True):
        raci = initiative.ownership.raci
        assert row[1:-1] == [raci.get(f) or NO_LETTER for f in functions]
        assert row[-1] == (initiative.ownership.accountable.strip() or "nobody named")


def test_html_report_has_the_readiness_table(example: Workshop) -> None:
    """Per initiative: share done, weakest link, regulatory tier and high risks; the share
    done as the rule says (in progress counts half, as in the groups), from the raw file."""
    from gaptools.core.numbers import percent
    from gaptools.steps.readiness import groups, readiness, risk_level, tier_duties
    from tests.steps.test_readiness import reference_share

    labels = dict(groups())
    [header, *rows] = report_tables(example)["Readiness"]
    assert header == ["Initiative", "Share done", "Weakest link", "Regulatory tier", "High risks"]
    assert len(rows) == len(example.initiatives)
    raw = shipped()["initiatives"]
    for initiative, row, plain in zip(example.initiatives, rows, raw, strict=True):
        score = readiness(initiative)
        tier = initiative.readiness.regulatory_tier
        high = sum(risk_level(r) == "high" for r in initiative.readiness.risks)
        assert row[0] == initiative.name
        assert row[1] == percent(reference_share(plain.get("readiness", {}).get("checklist", {})))
        if score.weakest:
            assert row[2].startswith(labels[score.weakest])
        assert row[3] == (tier_duties(tier)["label"] if tier else "not set")
        assert row[4] == str(high)
    assert any(row[3] != "not set" for row in rows)  # the example sets tiers


def test_markdown_report_has_both_tables(example: Workshop) -> None:
    text = export(example, "md").decode("utf-8")
    assert "### Responsibility map" in text
    assert "### Readiness" in text
    functions = example.settings.function_names()
    assert "| Initiative | " + " | ".join(md_escape(f) for f in functions) in text


def test_report_tables_escape_hostile_names(hostile: Workshop) -> None:  # noqa: F811
    page = parsed(export(hostile, "html"))
    assert "script" not in page.tags
    tables = report_tables(hostile)
    names = [row[0] for row in tables["Responsibility map"][1:]]
    assert names == [i.name for i in hostile.initiatives]


#: The report's table rows as they were first written, as loops in the template.
ROWS_AS_LOOPS = (
    "{% for row in rows %}<tr>{% for cell in row %}<td>{% if cell is string %}{{ cell }}"
    "{% else %}{% for line in cell %}{% if not loop.first %}<br>{% endif %}{{ line }}"
    "{% endfor %}{% endif %}</td>{% endfor %}</tr>\n{% endfor %}"
)


def test_table_rows_are_written_as_the_template_loops_wrote_them() -> None:
    """The ``rows`` filter gives the markup the template's loops gave, every cell escaped."""
    from jinja2 import Environment

    from gaptools.export.markup import rows_html

    rows = [
        ["<script>alert(1)</script>", "a & b", ["line 'one'", '"two" <b>', ""]],
        ["", [], ["only"]],
        ["Ünïcödé – ✓", "1 < 2", "x\ny"],
    ]
    loops = Environment(autoescape=True).from_string(ROWS_AS_LOOPS).render(rows=rows)
    assert str(rows_html(rows)) == loops
    assert "<script>" not in loops
    assert str(rows_html([])) == ""


@pytest.mark.parametrize("seed", range(3))
def test_repeated_cells_are_written_as_the_template_loops_wrote_them(seed: int) -> None:
    """Cells drawn from a few texts, so most repeat one another, in rows, and lines of
    lists, as the report's tables have them: each escaped as the loops escaped it."""
    import random

    from jinja2 import Environment

    from gaptools.export.markup import rows_html

    rng = random.Random(seed)
    texts = ["–", "0%", "<b>", "<", "a & b", "it's", '"q"', "", "Ünïcödé", "x\ny", "A", "A > C"]
    rows = [
        [
            rng.choice(texts) if rng.random() < 0.7 else rng.sample(texts, rng.randint(0, 3))
            for _ in range(rng.randint(0, 6))
        ]
        for _ in range(200)
    ]
    loops = Environment(autoescape=True).from_string(ROWS_AS_LOOPS).render(rows=rows)
    assert str(rows_html(rows)) == loops


def test_the_report_scores_each_initiative_s_readiness_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The ranking, the readiness table and the missing list read one score per initiative."""
    from gaptools.files.synthetic import synthetic_workshop
    from gaptools.steps import readiness

    workshop = synthetic_workshop(60)
    scored = []
    real = readiness.readiness

    def counted(initiative):
        scored.append(initiative.id)
        return real(initiative)

    monkeypatch.setattr(readiness, "readiness", counted)
    # ``rank`` scores with ``readiness`` when given no scorer: that default counts too.
    monkeypatch.setattr(prioritise.rank, "__defaults__", (True, counted))
    report_sections(workshop, charts=True)
    assert sorted(scored) == sorted(i.id for i in workshop.initiatives)


def test_a_count_of_one_takes_the_singular() -> None:
    """'1 pilots and nothing in production yet', '1 participants', '1 initiatives fit',
    '1 of 2 initiatives have' on a small team's workshop: a count of one agrees with its
    noun and its verb, on screen and in the report."""
    import datetime as dt

    from gaptools.core.model import Initiative, Meta, Participant, Priority, Settings
    from gaptools.ui.prioritise import _ranking_blocks
    from gaptools.ui.readiness import _flags_head

    workshop = Workshop(
        meta=Meta(date=dt.date(2026, 12, 8), participants=[Participant(name="Sam Patel")]),
        initiatives=[
            Initiative(name="Invoice matching", stage=Stage.PILOT, effort_weeks=4),
            Initiative(name="Dispatcher copilot", stage=Stage.IDEA, effort_weeks=10),
        ],
        settings=Settings(capacity_weeks=5),
    )
    for initiative in workshop.initiatives:
        initiative.priority = Priority(value=3, confidence=50)
    from gaptools.steps.readiness import checklist_items

    workshop.initiatives[1].readiness.checklist = {
        item.key: "in_progress" for item in checklist_items()
    }
    said = " ".join(
        [
            " ".join(parsed(export(workshop, "html", "report")).text),
            _flags_head(workshop, []),
            " ".join(_ranking_blocks(prioritise.rank(workshop))),
        ]
    )
    said = " ".join(re.sub(r"<[^>]+>", " ", said).split())
    for wrong in re.findall(r"\b1 (?:pilots|participants|initiatives)\b", said):
        raise AssertionError(wrong)
    assert "1 pilot and nothing in production yet." in said
    assert "1 participant." in said
    assert "1 initiative fits in 5 person-weeks" in said
    assert "1 waits below the line" in said
    assert "1 of 2 initiatives has a group of the checklist not even started." in said
    assert "1 initiative has a checklist group not started." in said


def test_a_replaced_bet_is_in_the_report_with_what_its_card_committed(
    example: Workshop,
) -> None:
    """A bet changed at a follow-up vanished from the report: the record kept it, the CEO's
    copy did not say the call had changed, from what, or when."""
    import datetime as dt

    from gaptools.steps.bet import decide

    first = "Claims intake copilot"
    decide(example, first, "Dana Whitfield", example.meta.date, [first])
    example.bet.kill_criteria = "Stop if intake time is not below 16 minutes"
    example.bet.first_cycle_start = dt.date(2027, 1, 4)
    example.bet.first_cycle_end = dt.date(2027, 2, 12)
    decide(example, "Fraud signal analytics", "Dana Whitfield", dt.date(2027, 1, 12), [first])
    html = " ".join(" ".join(parsed(export(example, "html", "report")).text).split())
    markdown = " ".join(export(example, "md", "report").decode("utf-8").split())
    for said in (html, markdown):
        assert "Earlier decisions, replaced" in said
        assert "Stop if intake time is not below 16 minutes" in said
        assert "12 Jan 2027" in said
        # The cycle its card planned, from the start it set: the end alone hid its length.
        assert "4 Jan 2027 → 12 Feb 2027" in said
    assert "Earlier decisions" not in export(commit(example_workshop()), "md", "report").decode()


def test_calls_changed_on_the_day_they_were_made_are_counted_not_listed(
    example: Workshop,
) -> None:
    """A leader trying out calls in one sitting (Route, Invoice, Route, no bet, Route) left the
    CEO's report four rows "replaced", the bet in force among them twice."""
    import datetime as dt

    from gaptools.steps.bet import decide

    first, second = "Claims intake copilot", "Fraud signal analytics"
    decide(example, first, "Dana Whitfield", example.meta.date, [first])
    later = dt.date(2027, 1, 12)
    decide(example, second, "Dana Whitfield", later, [first])  # stood a day: a record
    # The next day, three calls in one sitting: the first replaces a call that stood, the
    # next two replace calls made that day.
    for call in (first, second, first):
        decide(example, call, "Dana Whitfield", later + dt.timedelta(days=1), [first])
    for said in (
        " ".join(" ".join(parsed(export(example, "html", "report")).text).split()),
        " ".join(export(example, "md", "report").decode("utf-8").split()),
    ):
        caption = "Earlier decisions, replaced (2 calls changed on the day they were made"
        assert caption in said
        assert said.count("Dana Whitfield on 18 Nov 2026") == 1  # the first call
        assert said.count("Dana Whitfield on 12 Jan 2027") == 1  # the call that stood a day
        assert said.count("Dana Whitfield on 13 Jan 2027") == 1  # the call in force, alone


def test_the_learning_figures_say_the_day_they_were_read_on(example: Workshop) -> None:
    """The log's figures (kills this quarter, cycles past their date) are those of the day of
    export, which a report read months later must say; a log with no cycle has no figure."""
    import datetime as dt

    from gaptools.core.quarter import day_text

    before = dt.date.today()
    html = " ".join(" ".join(parsed(export(example, "html", "report")).text).split())
    markdown = export(example, "md", "report").decode("utf-8")
    days = {before, dt.date.today()}  # the day may turn while the report is made
    assert any(f"As of {day_text(day)}: 5 cycles logged" in html for day in days)
    assert any(f"As of {day_text(day)}: 5 cycles logged" in markdown for day in days)
    for initiative in example.initiatives:
        initiative.cycles = []
    assert "As of" not in export(example, "md", "report").decode("utf-8")


def test_the_learning_log_keeps_every_part_of_a_cycle(example: Workshop) -> None:
    """'How we will test it', 'What we will measure' and 'What we observed' were typed in step
    9 and saved, yet no report showed them. (A cycle with no start date yet also stopped the
    PDF report: its chart's slanted "no start date yet" had no font.)"""
    from pypdf import PdfReader

    from gaptools.core.model import Cycle

    cycle = Cycle(
        belief="Carriers' invoices match themselves",
        test="Run it on the two largest carriers for five weeks",
        measure="Share of invoices matched without a clerk",
        success="Seven in ten matched by week five",
        observed="Six in ten matched; credit notes never did",
        learned="Credit notes need their own rule",
    )
    example.initiatives[0].cycles = [cycle]
    html = " ".join(" ".join(parsed(export(example, "html", "report")).text).split())
    markdown = " ".join(export(example, "md", "report").decode("utf-8").split())
    pdf = PdfReader(io.BytesIO(export(example, "pdf", "report")))
    printed = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    for said in (cycle.test, cycle.measure, cycle.observed):
        assert said in html
        assert md_escape(said) in markdown
        assert said in printed


def test_the_bets_debriefs_agree_on_the_canvas_in_the_report_and_the_workbook() -> None:
    """Debriefs moved on the card after step 9 had logged the first cycle: the canvas showed
    the log's dates, the report and the workbook the card's. All read one rule now, and the
    card is judged on the dates it shows."""
    import datetime as dt

    from gaptools.core.quarter import day_text
    from gaptools.export.table import sheets
    from gaptools.files.home import example_workshop as shipped_example

    workshop = shipped_example(after=True)
    bet = workshop.initiative(workshop.bet.initiative)
    assert bet.cycles, "the finished example has logged the bet's first cycle"
    day = workshop.meta.date
    workshop.bet.debrief_dates = [day + dt.timedelta(days=n) for n in (28, 14)]
    canvas = next(b for b in bet_canvas(workshop).boxes if b.title == "Debriefs").lines
    section = report_of(workshop)[step("07_single_bet").heading]
    reported = {row[0]: row[1] for row in section["rows"]}["Debriefs"]
    [(_, _, rows)] = [(t, h, r) for t, h, r in sheets(workshop) if t == "Bet"]
    sheet = [value for item, value in rows if item == "Debrief"]
    logged = sorted(bet.cycles[0].debriefs)
    assert canvas == [day_text(d) for d in logged]
    assert reported == ", ".join(canvas)
    assert sheet == [d.isoformat() for d in logged]


def test_a_report_of_an_unnamed_team_is_titled_without_a_stand_in() -> None:
    """ "AI workshop report · team" was the title of a workshop with no team name, in the
    HTML, the Markdown and the PDF."""
    from gaptools.export.report import report_title
    from tests.support import example_workshop

    workshop = example_workshop()
    workshop.meta.team = ""
    assert report_title(workshop) == "AI workshop report"
    assert "<title>AI workshop report</title>" in export(workshop, "html").decode("utf-8")
    assert export(workshop, "md").decode("utf-8").startswith("# AI workshop report\n")


def test_an_empty_portfolios_report_claims_nothing_it_has_not_checked() -> None:
    """A new workshop's report said "Every initiative in play names its accountable person."
    with no initiative at all: with nothing in play it says so."""
    from gaptools.steps.registry import new_workshop

    sections = report_of(new_workshop("Claims"))
    ownership = sections[step("04_ownership").heading]
    readiness = sections[step("05_readiness_governance").heading]
    said = " ".join(ownership["paragraphs"] + readiness["paragraphs"])
    assert "Every initiative" not in said
    assert "0 initiatives" not in said
    assert said.count("No initiative in play yet") == 2


def test_the_stability_column_is_explained_beside_it(example: Workshop) -> None:
    """ "85% on the edge" and "1% stays below" stood in the report with no word of what they
    measure, for a reader who was not in the room."""
    from gaptools.steps.prioritise import DRAWS

    section = report_of(example)[step("06_prioritise").heading]
    said = " ".join(section["paragraphs"])
    assert "Stability: how often each initiative stays on its side of the line" in said
    assert f"{DRAWS:,} times" in said
    assert f"±{example.settings.uncertainty:.0%}" in said


def test_each_stability_figure_is_of_the_word_beside_it(example: Workshop) -> None:
    """ "0% stays below" read as never below, of an initiative below the line in every run:
    the figure was the share of runs above the line, whatever the word. Each cell's figure
    is now the share of runs in which it does what its word says."""
    from decimal import ROUND_HALF_UP, Decimal

    from gaptools.steps.prioritise import DRAWS, rank

    def per_cent(runs: int) -> str:  # of DRAWS runs, a half rounded up as people round
        return f"{(Decimal(runs) * 100 / DRAWS).quantize(Decimal(1), ROUND_HALF_UP)}%"

    section = report_of(example)[step("06_prioritise").heading]
    cells = {row[1]: row[5] for row in section["rows"][1:]}  # under the headings
    shares = {s.name: s.stability for s in rank(example, stability=True).ranked}
    words = {"stays above": 0, "stays below": 0, "on the edge": 0}
    for name, share in shares.items():
        above = round(share * DRAWS)  # runs above the line
        if share >= 0.9:
            words["stays above"] += 1
            assert cells[name] == f"stays above ({per_cent(above)} of runs)"
        elif share <= 0.1:
            words["stays below"] += 1
            assert cells[name] == f"stays below ({per_cent(DRAWS - above)} of runs)"
        else:
            words["on the edge"] += 1
            assert cells[name] == f"on the edge ({per_cent(above)} above)"
    assert all(words.values()), words  # the example has each kind


class ScrollBoxes(HTMLParser):
    """Each box that may scroll sideways (``.wide``) and whether it holds a table."""

    def __init__(self) -> None:
        super().__init__()
        self.boxes: list[dict[str, str | None]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "div" and "wide" in (found.get("class") or "").split():
            self.boxes.append(found)
        if tag == "table" and self.boxes and "table" not in self.boxes[-1]:
            self.boxes[-1]["table"] = "yes"


def test_every_table_of_the_report_scrolls_in_a_box_the_keyboard_can_reach(
    example: Workshop,
) -> None:
    """On a phone a wide table scrolls in its own box: a box nobody can focus could be
    scrolled with a mouse or a finger only. Each is named for its table."""
    document = export(example, "html")
    found = ScrollBoxes()
    found.feed(document.decode("utf-8"))
    assert len(found.boxes) == document.count(b"<table")
    for box in found.boxes:
        assert box.get("table") == "yes"
        assert (box.get("tabindex"), box.get("role")) == ("0", "region")
        assert box.get("aria-label")


def test_the_markdown_report_says_how_the_room_leaned(example: Workshop) -> None:
    """The Markdown report's step 7 said only "No bet chosen yet.": the gut check and the
    revealed dots were charts, which Markdown does not carry."""
    from gaptools.files.home import example_workshop as shipped_example
    from gaptools.steps.voting import gut_tally, result

    after = shipped_example(after=True)
    tokens = MarkdownIt().enable("table").parse(export(after, "md", "report").decode("utf-8"))
    row: list[str] = []
    rows: list[list[str]] = []
    inside = False
    for token in tokens:
        inside = {"tr_open": True, "tr_close": False}.get(token.type, inside)
        if token.type == "inline" and inside:
            row.append(token.content)
        if token.type == "tr_close":
            rows.append(row)
            row = []
    gut, outcome = gut_tally(after), result(after)
    assert outcome is not None
    for name, who in gut.picks:
        assert [name, str(len(who)), md_escape(", ".join(who))] in rows
    for name, dots in outcome.tally:
        assert [name, str(dots)] in rows
    text = export(after, "md", "report").decode("utf-8")
    assert f"Gut check: {gut.summary}" in text


def test_every_heading_of_the_reports_tables_says_what_it_heads(example: Workshop) -> None:
    """A screen reader reading a cell of the report's tables found no heading to name it:
    the headings carried no scope."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(export(example, "html"), "html.parser")
    headings = page.select("thead th")
    assert len(headings) > 20
    assert {th.get("scope") for th in headings} == {"col"}


@pytest.mark.parametrize("shape", ["no bet yet", "card incomplete"])
def test_the_bet_cards_list_follows_the_line_that_introduces_it(shape: str) -> None:
    """ "No bet yet. What the team will explore instead:" was followed by "Gut check: 4 of 8
    leaders…" and only then by the list: the gut check's line went between them."""
    from bs4 import BeautifulSoup

    from gaptools.core.model import ExploreItem
    from gaptools.files.home import example_workshop as shipped_example
    from gaptools.steps.voting import gut_tally

    example = shipped_example(after=True)  # the example once the room has voted
    assert gut_tally(example).total
    if shape == "no bet yet":
        example.bet.no_bet_yet = True
        example.bet.explore_next = [ExploreItem(question="Measure the handle-time baseline")]
        introduced = "What the team will explore instead:"
    else:
        example.bet.kill_criteria = ""
        introduced = "The commitment card still lacks:"
    page = BeautifulSoup(export(store.revalidate(example), "html"), "html.parser")
    [said] = [p for p in page.find_all("p") if p.get_text().endswith(introduced)]
    following = said.find_next_sibling()
    assert following is not None
    assert following.name == "ul", following
    assert page.find(string=re.compile("^Gut check:"))


def test_a_half_per_cent_rounds_up_in_every_format(example: Workshop) -> None:
    """Five leaders of eight on one lens hold 62.5%, which read "62%" (a format string rounds
    a half to the even digit), and one of eight "12%", where a spreadsheet and a reader say
    63% and 13%. Every format reads one rounding now."""
    from bs4 import BeautifulSoup

    from gaptools.core.model import Lens, SuccessDefinition
    from gaptools.steps.contested import lens_spread

    lenses = [Lens.COST] * 5 + [Lens.REVENUE, Lens.RISK_COMPLIANCE, Lens.CUSTOMER]
    example.success_definitions = [
        SuccessDefinition(participant=f"Leader {n}", sentence="Faster claims", lens=lens)
        for n, lens in enumerate(lenses)
    ]
    workshop = store.revalidate(example)
    assert "63% of 8 definitions" in lens_spread(workshop).summary
    page = BeautifulSoup(export(workshop, "html"), "html.parser").get_text(" ")
    assert "63% of 8 definitions" in page
    assert "1 (13%)" in page  # the lens chart's labels
    assert "5 (63%)" in page
    assert "(12%)" not in page
    assert "62% of" not in page
    markdown = export(workshop, "md").decode("utf-8")
    assert "63% of 8 definitions" in markdown


def test_readiness_gaps_the_card_misses_read_missing_in_the_report() -> None:
    """The canvas called the card incomplete for its readiness gaps ("✗ Missing") while the
    report's commitment table said "none listed" for the same row."""
    from gaptools.steps.bet import card
    from tests.support import complete_bet

    workshop = complete_bet()
    workshop.bet.readiness_gaps = []
    assert card(workshop).parts["readiness"]
    text = parsed(export(workshop, "html", "report")).text
    row = text.index("Readiness gaps to close")
    assert [t for t in text[row + 1 : row + 4] if t.strip()][0] == "missing"


def test_the_report_opens_with_the_call(example: Workshop) -> None:
    """A reader of the mailed report found the bet in its seventh section, page 7 of 16 and
    seventeen screens down on a phone, under the list of participants: it opens with the call
    as the canvas states it, and what the card still lacks."""
    from gaptools.core.quarter import planned_quarter
    from gaptools.steps.bet import card_gaps
    from tests.support import complete_bet

    workshop = complete_bet()
    [first, *_] = report_sections(workshop)
    name = workshop.bet.initiative
    assert first.title == "In short"
    assert first.paragraphs[0].endswith(f": {name}.")
    assert first.paragraphs[1] == value_sentence(workshop.initiative(name).value)
    assert first.paragraphs[2] == "Nothing missing: the commitment card is complete."
    [before, *_] = report_sections(example)
    assert before.paragraphs == [
        f"No bet chosen yet for {planned_quarter(example.meta).label}: step 7 records the call."
    ]
    workshop.bet.kill_criteria = ""
    [lacking, *_] = report_sections(workshop)
    gaps = card_gaps(workshop)
    assert lacking.paragraphs[-1] == f"{plural(len(gaps), 'item')} still missing:"
    assert lacking.bullets == gaps
    workshop.bet.kill_criteria = "Stop if intake time is not below 16 minutes by 23 Dec."
    text = " ".join(parsed(export(workshop, "html", "report")).text)
    assert text.index("In short") < text.index(value_sentence(workshop.initiative(name).value))
    assert text.index("In short") < text.index("The workshop")


def test_the_capacity_reads_with_thousands_separators(example: Workshop) -> None:
    """ "11 initiatives fit in 100000 person-weeks (using 10097.5)": the report's one number
    written without the separators every other number has."""
    example.settings.capacity_weeks = 100_000
    [section] = [s for s in report_sections(example) if "Prioritise" in s.title]
    assert "fit in 100,000 person-weeks (using " in section.paragraphs[0]


def test_the_ranked_table_says_what_effort_is_counted_in(example: Workshop) -> None:
    """The ranking's "Effort" stood without a unit, beside a workbook in weeks and a text in
    person-weeks; a PMO's months would read the same."""
    rows = report_of(example)[step("06_prioritise").heading]["rows"]
    assert ["#", "Initiative", "Score", "Effort (weeks)", "Line", "Stability"] in rows


def test_the_value_table_says_who_measures_each_value_and_how_it_is_led_and_guarded() -> None:
    """A CFO reading the report could not see who measures each value, its lead measures or
    its guardrail: only the bet's own showed, on the canvas."""
    from gaptools.files.home import example_workshop as shipped_example

    workshop = shipped_example(after=True)
    given = next(i for i in workshop.initiatives if i.value.lead_measures)
    given.value.measured_by = "Finance <FP&A> & claims"
    bare = next(i for i in workshop.initiatives if i is not given)
    bare.value.measured_by, bare.value.lead_measures, bare.value.guardrail = "", [], ""
    leads = "; ".join(given.value.lead_measures)
    wanted = [
        value_sentence(given.value),
        "Measured by: Finance <FP&A> & claims",
        f"Lead measures: {leads}",
        *([f"Guardrail: {given.value.guardrail}"] if given.value.guardrail else []),
    ]
    cells = [cell for row in table_rows(export(workshop, "html").decode("utf-8")) for cell in row]
    assert "".join(wanted) in cells  # its lines, one under another
    assert value_sentence(bare.value) in cells
    markdown = export(workshop, "md").decode("utf-8")
    assert md_escape("Measured by: Finance <FP&A> & claims") in markdown
    assert md_escape(f"Lead measures: {leads}") in markdown
    from pypdf import PdfReader

    printed = PdfReader(io.BytesIO(export(workshop, "pdf", "report"))).pages
    text = " ".join(" ".join(page.extract_text() for page in printed).split())
    assert "Measured by: Finance <FP&A> & claims" in text


def test_the_value_table_says_why_a_value_is_still_to_explore() -> None:
    """The report said "explore" beside a value with no baseline and beside a vague one,
    where step 3 said why: "no baseline: measure it first". The report goes to those who
    were not there."""
    from gaptools.files.home import example_workshop as shipped_example

    workshop = shipped_example()
    date = workshop.meta.date
    explored = [i for i in workshop.initiatives if value_verdict(i, date) == "explore"]
    assert explored
    html_cells = [
        cell for row in table_rows(export(workshop, "html").decode("utf-8")) for cell in row
    ]
    markdown = export(workshop, "md").decode("utf-8")
    for initiative in explored:
        reasons = [why for _, why in value_lacks(initiative.value, date)]
        assert reasons
        assert "".join(["explore", *reasons]) in html_cells
        assert all(md_escape(why) in markdown for why in reasons)


# -- findings said of many -----------------------------------------------------------------------


def _bullets(workshop: Workshop, key: str) -> list[str]:
    [section] = [s for s in report_sections(workshop) if s.title == step(key).heading]
    return section.bullets


def test_a_finding_said_of_several_initiatives_is_one_bullet_naming_them(
    example: Workshop,
) -> None:
    """A portfolio of a thousand had 1,549 ownership bullets, "no person named as accountable"
    once for each of hundreds of initiatives: nine PDF pages nobody would read."""
    from gaptools.steps.ownership import findings, not_a_person

    for initiative in example.in_play()[:3]:
        initiative.ownership.accountable = ""
    message = not_a_person("")
    named = [f.initiative for f in findings(example) if f.message == message]
    assert len(named) >= 3
    bullets = _bullets(example, "04_ownership")
    [bullet] = [b for b in bullets if message in b]
    assert bullet.startswith(f"error: {plural(len(named), 'initiative')}: {message} (")
    for name in named:
        assert bullet.count(name) == 1
    markdown = export(example, "md").decode("utf-8")
    assert markdown.count(md_escape(message)) == 1


def test_a_finding_said_of_one_initiative_names_it_first(example: Workshop) -> None:
    from collections import Counter

    from gaptools.steps.ownership import findings

    found = [f for f in findings(example) if f.initiative]
    said = Counter(f.message for f in found)
    once = [f for f in found if said[f.message] == 1]
    assert once
    bullets = _bullets(example, "04_ownership")
    for f in once:
        assert f"{f.severity}: {f.initiative}: {f.message}" in bullets


def test_a_persons_load_is_not_named_twice(example: Workshop) -> None:
    """ "warning: Sofia Marin: Sofia Marin (person) is accountable for 104 initiatives"."""
    from gaptools.steps.ownership import overload_findings

    example.settings.overload_threshold = 1
    [first, *_] = overload_findings(example)
    [bullet] = [b for b in _bullets(example, "04_ownership") if first.message in b]
    assert bullet == f"warning: {first.message}"
    assert bullet.count(first.subject) == 1


def test_a_cycle_flag_said_of_several_cycles_is_one_bullet(example: Workshop) -> None:
    """The example's reserve forecast ran a cycle with no debrief; a copy of it ran another."""
    from gaptools.steps.learning import logged

    [entry] = [e for e in logged(example) if e.initiative.name == "Claims reserve forecast"]
    copy = entry.initiative.model_copy(deep=True)
    copy.name, copy.id = "Claims reserve forecast (Europe)", "copy-of-the-forecast"
    example.initiatives.append(copy)
    labels = [e.label for e in logged(example) if e.initiative.name.startswith("Claims reserve")]
    assert len(labels) == 2
    [bullet] = [b for b in _bullets(example, "09_learning_velocity") if "debrief" in b]
    assert bullet == f"2 cycles: ended without a debrief ({', '.join(labels)})"


def test_a_markdown_cell_of_sentences_reads_as_sentences() -> None:
    """The learning log's belief and test, one cell in Markdown, read "… as long as the
    answer is right.; Test: …": a line that ends a sentence takes no semicolon too."""
    from gaptools.files.home import example_workshop

    text = export(example_workshop(after=True), "md").decode("utf-8")
    assert ".; " not in text
    log = text.split("### The learning log", 1)[1].split("\n\n", 2)[1]
    beliefs = [row.split(" | ")[1] for row in log.splitlines()[2:]]
    assert beliefs
    assert all(" Test: " in cell and ".; Test" not in cell for cell in beliefs if "Test:" in cell)


def test_a_value_due_more_than_a_year_out_is_asked_about_in_the_report(
    example: Workshop,
) -> None:
    """Step 3 asks of a value due more than twelve months out for a nearer milestone; the
    report showed "Claims reserve forecast … by 31 Jan 2028" as deploy-ready with no word of
    it. Its status says deploy-ready, and asks."""
    from html import escape

    from gaptools.steps.value import FAR_DATE, is_far, value_verdict

    [value] = [s for s in report_sections(example) if s.title == step("03_define_value").heading]
    status = {row[0]: row[1] for row in value.table[1]}
    date = example.meta.date
    assert escape(FAR_DATE, quote=False) in export(example, "html").decode("utf-8")
    far = [i.name for i in example.initiatives if is_far(i.value, date)]
    ready = [i.name for i in example.initiatives if value_verdict(i, date) == "deploy-ready"]
    assert set(far) & set(ready)
    for name in ready:
        lines = [status[name]] if isinstance(status[name], str) else status[name]
        assert lines[0] == "deploy-ready"
        asked = [line for line in lines[1:] if line.startswith("Worth asking: ")]
        assert asked == ([f"Worth asking: {FAR_DATE}"] if name in far else [])
