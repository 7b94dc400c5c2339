"""JSON, CSV and XLSX exports read back with real readers, with hostile text inside."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from gaptools.cli import main
from gaptools.core.model import SCHEMA_VERSION, Stage, Workshop
from gaptools.export import export
from gaptools.export.table import WIDE_SHEET, safe
from gaptools.files import store

HOSTILE = [
    "<script>alert('x')</script> assistant",
    '=HYPERLINK("http://evil.example","click")',
    "+1 cost saver",
    "-2 risk",
    "@SUM(A1:A2)",
    "Émoji 🚀 copilot",
    "مساعد المطالبات",  # right-to-left text
    "<img src=x onerror=alert(1)> finder",
]


@pytest.fixture
def hostile(example: Workshop) -> Workshop:
    """The example with its first initiatives renamed to text an attacker might type."""
    for initiative, name in zip(example.initiatives, HOSTILE, strict=False):
        initiative.name = name
        initiative.description = name
    return store.revalidate(example)


def test_csv_round_trips_through_pandas(hostile: Workshop) -> None:
    frame = pd.read_csv(io.BytesIO(export(hostile, "csv")), encoding="utf-8-sig")
    assert len(frame) == len(hostile.initiatives)
    names = list(frame["name"])
    # Safe text comes back as typed; formula-like text comes back with its apostrophe.
    assert "Émoji 🚀 copilot" in names
    assert "مساعد المطالبات" in names
    assert "<script>alert('x')</script> assistant" in names
    assert '\'=HYPERLINK("http://evil.example","click")' in names
    assert "'+1 cost saver" in names
    assert "'@SUM(A1:A2)" in names
    assert not [n for n in names if str(n)[:1] in {"=", "+", "-", "@"}]


def test_csv_carries_every_step(example: Workshop) -> None:
    frame = pd.read_csv(io.BytesIO(export(example, "csv")), encoding="utf-8-sig")
    for column in (
        "stage",
        "in_purgatory",
        "value_status",
        "accountable",
        "raci: Product",
        "weakest_link",
        "score",
        "above_line",
        "bet",
    ):
        assert column in frame.columns
    row = frame[frame["name"] == "Claims intake copilot"].iloc[0]
    assert row["value_status"] == "deploy-ready"
    assert row["in_purgatory"] == "yes"  # a pilot since 2 Mar 2026: 37 weeks by 18 Nov
    assert row["raci: Product"] == "A"


def test_the_readiness_done_column_counts_in_progress_as_half(example: Workshop) -> None:
    """The share done step 5 shows, from the raw file: in progress counts half, as in the
    groups, so no initiative's share reads below its weakest group."""
    from tests.steps.test_readiness import reference_share
    from tests.support import shipped

    frame = pd.read_csv(io.BytesIO(export(example, "csv")), encoding="utf-8-sig")
    for raw, done in zip(shipped()["initiatives"], frame["readiness_done"], strict=True):
        states = raw.get("readiness", {}).get("checklist", {})
        assert done == round(reference_share(states), 2), raw["name"]


def test_the_room_of_one_voice_is_not_yet_comparable_in_the_workbook(
    example: Workshop, tmp_path: Path
) -> None:
    """One definition was exported as "aligned"; it is one view, not yet a room's."""
    example.success_definitions = example.success_definitions[:1]
    book = load_workbook(io.BytesIO(export(store.revalidate(example), "xlsx")))
    rows = [[c.value for c in row] for row in book["Success"].iter_rows()]
    [room] = [row for row in rows if row[0] == "(room)"]
    assert room[2] == "not yet comparable"
    assert room[1].startswith("1 definition so far: success as ")


def test_only_a_pilot_has_a_pilot_age(example: Workshop) -> None:
    """A production initiative started 98 weeks ago read "Pilot age (weeks): 98": the age
    is the pilot's, so it is given for initiatives in pilot alone, the ones step 1 ages."""
    frame = pd.read_csv(io.BytesIO(export(example, "csv")), encoding="utf-8-sig")
    stages = {i.name: i.stage for i in example.initiatives}
    aged = set(frame.loc[frame["pilot_age_weeks"].notna(), "name"])
    started = {i.name for i in example.initiatives if i.started is not None}
    assert aged == {n for n in started if stages[n] is Stage.PILOT}
    assert any(stages[n] is Stage.PRODUCTION for n in started)  # one that now shows none


def test_xlsx_has_a_sheet_per_step_and_no_formulas(hostile: Workshop, tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    path.write_bytes(export(hostile, "xlsx"))
    book = load_workbook(path)  # formulas kept as formulas: any would show up here
    from gaptools.export.report import answer_tables

    assert book.sheetnames == [
        "Start",
        "Initiatives",
        "Success",
        "Ownership findings",
        "Risks",
        "Bet",
        *(table.caption for table in answer_tables(hostile)),
    ]
    for sheet in book.worksheets:
        # The headings kept in view, and on a wide sheet the names in its first column.
        assert sheet.freeze_panes == ("B2" if sheet.max_column > WIDE_SHEET else "A2")
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None)
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
    names = [c.value for c in book["Initiatives"]["A"][1:]]
    assert "Émoji 🚀 copilot" in names
    assert '=HYPERLINK("http://evil.example","click")' in names  # as typed, marked as text
    marked = [c for c in book["Initiatives"]["A"][1:] if str(c.value).startswith(("=", "+"))]
    assert marked
    assert all(c.quotePrefix and c.data_type == "s" for c in marked)
    widths = [d.width for d in book["Initiatives"].column_dimensions.values()]
    assert widths
    assert all(8 <= w <= 60 for w in widths)


def test_json_export_is_the_workshop_itself(example: Workshop) -> None:
    assert store.parse(export(example, "json")) == example
    assert json.loads(export(example, "json"))["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+x", "'+x"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (-5, -5),
        (3.5, 3.5),
    ],
)
def test_safe_neutralises_only_what_a_spreadsheet_would_run(text, cell) -> None:
    assert safe(text) == cell


def test_cli_export_writes_beside_the_workshop(workshop_file: Path, capsys) -> None:
    assert main(["export", str(workshop_file), "--format", "csv"]) == 0
    out = workshop_file.with_name("w-export.csv")
    assert out.is_file()
    assert f"Wrote {out}" in capsys.readouterr().out


def test_cli_export_refuses_bad_input_and_writes_nothing(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1, "meta": ')
    assert main(["export", str(broken), "--format", "xlsx"]) == 1
    assert "not valid JSON" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.json"]


def test_cli_export_to_a_missing_folder_fails_cleanly(workshop_file: Path, capsys) -> None:
    target = workshop_file.parent / "missing" / "out.csv"
    assert main(["export", str(workshop_file), "--format", "csv", "-o", str(target)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not target.parent.exists()


def test_cli_export_unknown_format_is_a_usage_error(workshop_file: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["export", str(workshop_file), "--format", "docx"])
    assert stopped.value.code == 2


def test_value_status_names_the_stage_of_initiatives_out_of_play(example: Workshop) -> None:
    """Only initiatives in play are deploy-ready or explore; the others say why they are
    neither, so a count of the column agrees with status."""
    frame = pd.read_csv(io.BytesIO(export(example, "csv")), encoding="utf-8-sig")
    by_stage = {s: set(frame[frame["stage"] == s]["value_status"]) for s in set(frame["stage"])}
    assert by_stage["Production"] == {"in production"}
    assert by_stage["Killed"] == {"killed"}
    for stage in ("Idea", "Pilot", "Stalled"):
        assert by_stage[stage] <= {"deploy-ready", "explore"}


# -- the area and the columns an import kept as notes ------------------------------------------

#: Notes as an import keeps them, with text and a header an attacker might write.
KEPT = {
    0: {"Notes": "<script>alert('n')</script> check with legal", "Risk log ref": "R-12"},
    2: {"=cmd|' /C calc'!A0": '=HYPERLINK("http://evil.example","x")', "Notes": "second"},
}
AREAS = {0: "Claims", 1: "@Finance", 2: "Claims"}
NO_STAGE = 3  # the initiative whose stage word an import did not know
#: The columns the table had before areas and notes, by name (scripts rely on them).
BEFORE_RACI = [
    "name",
    "description",
    "category",
    "stage",
    "started",
    "sponsor",
    "stall_reason",
    "pilot_age_weeks",
    "in_purgatory",
    "metric",
    "unit",
    "baseline",
    "target",
    "due",
    "measured_by",
    "lead_measures",
    "guardrail",
    "value_status",
    "value_sentence",
    "value_gaps",
    "accountable",
]
AFTER_RACI = [
    "ownership_findings",
    "readiness_done",
    "weakest_link",
    "high_risks",
    "regulatory_tier",
    "value_estimate",
    "confidence",
    "effort_weeks",
    "score",
    "above_line",
    "stability",
    "bet",
]


@pytest.fixture
def kept(example: Workshop) -> Workshop:
    """The example with areas, kept notes and one initiative with no stage given."""
    for index, notes in KEPT.items():
        example.initiatives[index].notes = dict(notes)
    for index, initiative in enumerate(example.initiatives):
        initiative.area = AREAS.get(index, "")  # only the areas this test chose
    example.initiatives[NO_STAGE].stage = None
    return store.revalidate(example)


def kept_headers() -> list[str]:
    """The note headers in first-seen order, worked out from KEPT itself."""
    seen: list[str] = []
    for index in sorted(KEPT):
        seen += [h for h in KEPT[index] if h not in seen]
    return seen


def csv_rows(workshop: Workshop) -> tuple[list[str], list[dict[str, str]]]:
    text = export(workshop, "csv").decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def test_csv_has_the_area_after_the_category_and_each_kept_column_last(kept: Workshop) -> None:
    headers, rows = csv_rows(kept)
    assert headers[headers.index("category") + 1] == "area"
    notes = [f"note: {h}" for h in kept_headers()]
    assert headers[-len(notes) :] == notes
    # Every column there was keeps its name and its order: scripts read them.
    raci = [f"raci: {f}" for f in kept.settings.function_names()]
    assert [h for h in headers[: -len(notes)] if h != "area"] == [
        *BEFORE_RACI,
        *raci,
        *AFTER_RACI,
    ]
    assert len(rows) == len(kept.initiatives)
    for index, initiative in enumerate(kept.initiatives):
        row = rows[index]
        assert row["name"] == initiative.name
        assert row["area"] == safe(AREAS.get(index, ""))
        for header in kept_headers():
            assert row[f"note: {header}"] == safe(KEPT.get(index, {}).get(header, ""))


def test_csv_kept_text_and_headers_are_neutralised(kept: Workshop) -> None:
    headers, rows = csv_rows(kept)
    assert "note: =cmd|' /C calc'!A0" in headers
    assert rows[2]["note: =cmd|' /C calc'!A0"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0]["note: Notes"] == "<script>alert('n')</script> check with legal"
    assert rows[1]["area"] == "'@Finance"
    for cell in [*headers, *(v for row in rows for v in row.values())]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_shows_no_stage_as_an_empty_cell(kept: Workshop) -> None:
    _, rows = csv_rows(kept)
    assert rows[NO_STAGE]["stage"] == ""
    assert rows[NO_STAGE]["in_purgatory"] == "no"
    given = [r["stage"] for n, r in enumerate(rows) if n != NO_STAGE]
    assert all(given)


def test_xlsx_initiatives_sheet_carries_area_notes_and_no_stage(
    kept: Workshop, tmp_path: Path
) -> None:
    from gaptools.export.table import heading

    path = tmp_path / "w.xlsx"
    path.write_bytes(export(kept, "xlsx"))
    sheet = load_workbook(path)["Initiatives"]
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    headers, rows = table[0], table[1:]
    csv_headers, _ = csv_rows(kept)
    assert headers == [heading(h) for h in csv_headers]
    headers = csv_headers  # found below by field name, as in the CSV
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"Initiatives!{cell.coordinate} is a formula"
    column = {h: n for n, h in enumerate(headers)}
    assert rows[0][column["note: Risk log ref"]] == "R-12"
    assert rows[2][column["note: =cmd|' /C calc'!A0"]] == '=HYPERLINK("http://evil.example","x")'
    assert rows[1][column["area"]] == "@Finance"  # as typed: the workbook marks it as text
    assert rows[NO_STAGE][column["stage"]] in ("", None)  # openpyxl reads an empty cell as None
    # A cell with no note for that initiative is empty, not another initiative's note.
    assert rows[1][column["note: Notes"]] in ("", None)


def test_without_notes_there_are_no_note_columns(example: Workshop) -> None:
    headers, _ = csv_rows(example)
    assert not [h for h in headers if h.startswith("note: ")]
    assert "area" in headers


def test_a_workbook_holds_days_as_dates_and_shares_in_per_cent(example: Workshop) -> None:
    """Dates were text ('2026-03-02') that sorted as words, and shares bare fractions (0.2):
    in the workbook a day is a date and a share a number shown in per cent; the CSV keeps the
    ISO text for scripts."""
    import datetime as dt

    from gaptools.export.cells import Share
    from gaptools.export.table import sheets

    book = load_workbook(io.BytesIO(export(example, "xlsx")))
    tables = {title: (headers, rows) for title, headers, rows in sheets(example)}
    for title, (headers, rows) in tables.items():
        sheet = book[title]
        for written, row in zip(sheet.iter_rows(min_row=2), rows, strict=True):
            for header, cell, value in zip(headers, written, row, strict=True):
                if isinstance(value, str) and len(value) == 10 and value[4] == "-":
                    assert cell.value == dt.datetime.fromisoformat(value), (title, header)
                    assert cell.number_format == "yyyy-mm-dd"
                if isinstance(value, Share):
                    assert cell.value == pytest.approx(value)
                    assert cell.number_format == "0%"
    started = [r[tables["Initiatives"][0].index("started")] for r in tables["Initiatives"][1]]
    assert any(started), "the example has start dates to check"
    text = export(example, "csv").decode("utf-8-sig")
    assert next(s for s in started if s) in text


def test_the_rollup_workbook_holds_its_dates_as_dates(tmp_path: Path, example: Workshop) -> None:
    import datetime as dt

    from gaptools.export.rollup import rollup, to_xlsx
    from tests.support import another_team, written

    result = rollup([written(another_team(example, "Claims"), tmp_path / "team.json")])
    teams = load_workbook(io.BytesIO(to_xlsx(result)))["Teams"]
    headers = [c.value for c in teams[1]]
    day = teams.cell(row=2, column=headers.index("Workshop date") + 1)
    assert day.value == dt.datetime.combine(example.meta.date, dt.time())
    assert day.number_format == "yyyy-mm-dd"


def test_the_bet_sheet_leads_with_the_value_and_its_owner() -> None:
    """The workbook's "Bet" sheet lacked the value sentence and the accountable owner that head
    the canvas; lines typed in the kill criteria were one run-on line in its cell."""
    from gaptools.export.table import sheets
    from gaptools.steps.value import value_sentence
    from tests.support import complete_bet

    workshop = complete_bet()
    workshop.bet.kill_criteria = "Stop if:\n1) intake is not faster;\n2) handlers correct a third"
    bet = workshop.initiative(workshop.bet.initiative)
    [rows] = [r for title, _, r in sheets(workshop) if title == "Bet"]
    items = {row[0]: row[1] for row in rows}
    assert items["Value"] == value_sentence(bet.value)
    assert items["Accountable"] == bet.ownership.accountable
    book = load_workbook(io.BytesIO(export(workshop, "xlsx")))
    [kill] = [row[1] for row in book["Bet"].iter_rows() if row[0].value == "Kill criteria"]
    assert kill.value == workshop.bet.kill_criteria
    assert kill.alignment.wrap_text


def test_the_bet_sheet_of_no_bet_yet_lists_what_the_team_explores_instead() -> None:
    """An honest "no bet yet" had its plan on the canvas and in the report, but its Bet sheet
    said "no bet yet" above eight empty rows: the things to explore, with their dates, were
    not there."""
    import datetime as dt

    from gaptools.core.model import ExploreItem
    from gaptools.core.quarter import day_text
    from gaptools.steps.bet import decide
    from tests.support import example_workshop

    workshop = example_workshop()
    decide(workshop, None, "Dana Whitfield", workshop.meta.date, [])
    by = workshop.meta.date + dt.timedelta(weeks=4)
    workshop.bet.explore_next = [
        ExploreItem(question="Measure the handle-time baseline", by=by),
        ExploreItem(question="Ask legal about consent"),
    ]
    book = load_workbook(io.BytesIO(export(store.revalidate(workshop), "xlsx")))
    rows = [(a.value, b.value) for a, b, *_ in book["Bet"].iter_rows(min_row=2)]
    assert ("Bet", "no bet yet") in rows
    explored = [value for item, value in rows if item == "To explore"]
    assert explored == [
        f"Measure the handle-time baseline (by {day_text(by)})",
        "Ask legal about consent (no date yet)",
    ]


def test_lines_typed_in_a_cell_stay_lines_in_the_html() -> None:
    """The HTML report kept the line breaks of "Stop if:\\n1) …" but showed one run-on line."""
    from bs4 import BeautifulSoup

    from tests.support import complete_bet

    workshop = complete_bet()
    workshop.bet.kill_criteria = "Stop if:\n1) intake is not faster;\n2) handlers correct a third"
    page = BeautifulSoup(export(workshop, "html"), "html.parser")
    assert any(td.get_text() == workshop.bet.kill_criteria for td in page.find_all("td"))
    assert "td { white-space: pre-line; }" in page.style.get_text()
    canvas = BeautifulSoup(export(workshop, "html", "bet"), "html.parser")
    assert any("white-space: pre-line" in style.get_text() for style in canvas.find_all("style"))


def test_the_workbook_is_headed_in_words_and_the_csv_by_field_names(kept: Workshop) -> None:
    """The workbook a PMO opens was headed `pilot_age_weeks`, `value_estimate` and `raci:
    Business sponsor`: its headings are words now, each the CSV's field name said plainly
    (the CSV keeps the names, for scripts), and no two alike."""
    from gaptools.export.table import heading

    book = load_workbook(io.BytesIO(export(kept, "xlsx")))
    headers = [c.value for c in book["Initiatives"][1]]
    keys, _ = csv_rows(kept)
    assert headers == [heading(k) for k in keys]
    assert len(set(headers)) == len(headers)
    assert not [h for h in headers if "_" in h or h.startswith(("raci: ", "note: "))]
    assert "Pilot age (weeks)" in headers
    assert "Business sponsor (R/A/C/I)" in headers
    assert "Risk log ref (from the import)" in headers
    # A confidence of 70 stood as "Confidence" beside stability set as 87%: its heading
    # says it is counted in per cent.
    assert "Confidence (%)" in headers
    assert [c.value for c in book["Success"][1]] == ["Leader", "Definition", "Lens"]


def read_sheet(book, title: str) -> list[list[str]]:
    """A sheet's rows under its heading, each cell as the text a reader sees."""
    rows = book[title].iter_rows(min_row=2)
    return [["" if cell.value is None else str(cell.value) for cell in row] for row in rows]


def test_the_workbook_holds_the_pulse_commitments_and_learning_log(example: Workshop) -> None:
    """The workbook held no pulse, commitments, learning log or maturity ratings: a PMO
    tracking cycles copied them out of the report. Each is a sheet now, holding what the
    report's table holds (a count as a number, a cell's lines as lines), headed as written;
    a cell of figures (dates, shares) holds them as values, a column for each."""
    from gaptools.export.cells import Figure, parts
    from gaptools.export.report import answer_tables

    tables = answer_tables(example)
    captions = [table.caption for table in tables]
    asked = {"The pulse", "The leaders' commitments", "The learning log"}
    assert asked | {"Execution maturity (1 to 5)"} <= set(captions)
    book = load_workbook(io.BytesIO(export(example, "xlsx")))
    assert book.sheetnames[6:] == captions
    for table in tables:
        headers = [part for header in table.headers for part in parts(header)]
        assert [cell.value for cell in book[table.caption][1]] == headers
        sheet = read_sheet(book, table.caption)
        for column, header in enumerate(table.headers):
            cells = [row[column] for row in table.rows]
            if any(isinstance(cell, Figure) for cell in cells):
                continue  # held as values: see the test of figures below
            at = sum(len(parts(h)) for h in table.headers[:column])
            lines = ["\n".join(c) if isinstance(c, list) else c for c in cells]
            assert [row[at] for row in sheet] == lines, (table.caption, header)
    [count] = [row[1] for row in book["The pulse"].iter_rows(min_row=2, max_row=2)]
    assert isinstance(count.value, int)


def test_the_workbook_shows_no_pulse_answer_the_report_keeps_back(example: Workshop) -> None:
    """Below the pulse's minimum the report shows no answer and no concern: nor does the
    workbook, though its sheets come from the same answers."""
    answers = example.pulse.answers
    assert len(answers) > example.settings.pulse_minimum
    example.pulse.answers = answers[: example.settings.pulse_minimum - 1]
    book = load_workbook(io.BytesIO(export(store.revalidate(example), "xlsx")))
    assert not {"The pulse", "The pulse by group", "Concerns, in shuffled order"} & set(
        book.sheetnames
    )
    text = " ".join(
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    )
    for answer in answers:
        if answer.concern:
            assert answer.concern not in text


def test_the_workbook_keeps_text_as_typed_and_marks_it_as_text(example: Workshop) -> None:
    """'-10% cost' read "'-10% cost" in the workbook: the CSV's apostrophe had become part of
    the value, and names no longer matched the JSON's. Excel's own quote prefix marks it."""
    example.initiatives[0].description = "-10% cost per claim"
    example.initiatives[1].area = "+44 20 7946 0000"
    book = load_workbook(io.BytesIO(export(example, "xlsx")))
    sheet = book["Initiatives"]
    headers = [c.value for c in sheet[1]]
    first = {h: c for h, c in zip(headers, sheet[2], strict=True)}
    second = {h: c for h, c in zip(headers, sheet[3], strict=True)}
    from gaptools.export.table import heading

    described, area = first[heading("description")], second[heading("area")]
    assert described.value == "-10% cost per claim"
    assert area.value == "+44 20 7946 0000"
    assert described.quotePrefix
    assert area.quotePrefix
    assert first[heading("name")].quotePrefix is False  # plain text is left alone


#: A share, a day or a list of days, written as text.
FIGURE_AS_TEXT = re.compile(r"[\d.]+%|(\d{4}-\d\d-\d\d|\d{1,2} \w{3} \d{4})([ ,→–]+.*)?|\d+–\d+")


def test_the_workbook_holds_shares_and_dates_a_pmo_can_sort_and_sum() -> None:
    """The pulse's shares ("45%"), the bet's debriefs ("2026-12-09, 2026-12-23"), a cycle's
    dates and decision day, the leaders' learning hours and the maturity range ("2–3") were
    text in the workbook: nothing sorted as a date or summed as a number."""
    import datetime as dt

    from gaptools.files.home import example_workshop as shipped_example
    from gaptools.steps.bet import card

    example = shipped_example(after=True)  # the finished example: a bet with its debriefs
    book = load_workbook(io.BytesIO(export(example, "xlsx")))

    def column(title: str, heading: str) -> list:
        sheet = book[title]
        at = [cell.value for cell in sheet[1]].index(heading)
        return [row[at] for row in sheet.iter_rows(min_row=2)]

    shares = column("The pulse", "4 or 5")
    assert all(isinstance(c.value, float) and c.number_format == "0%" for c in shares)
    by_group = book["The pulse by group"]
    for row in by_group.iter_rows(min_row=2, min_col=3):
        assert all(isinstance(c.value, int | float) and c.number_format == "0%" for c in row)
    debriefs = [b for a, b in book["Bet"].iter_rows(min_row=2) if a.value == "Debrief"]
    assert [c.value.date() for c in debriefs] == card(example).debriefs != []
    assert all(
        isinstance(c.value, dt.datetime) and c.number_format == "yyyy-mm-dd" for c in debriefs
    )
    for heading in ("Starts", "Ends", "Debrief 1", "Debrief 2", "Decided on"):
        days = [c for c in column("The learning log", heading) if c.value is not None]
        assert days, heading
        assert all(isinstance(c.value, dt.datetime) for c in days), heading
        assert all(c.number_format == "yyyy-mm-dd" for c in days), heading
    hours = column("The leaders' commitments", "Learning hours per person per month")
    assert all(isinstance(c.value, int | float) for c in hours)
    lowest = column("Execution maturity (1 to 5)", "Lowest")
    highest = column("Execution maturity (1 to 5)", "Highest")
    assert all(isinstance(c.value, int) for c in lowest + highest)
    text = [
        (sheet.title, cell.coordinate)
        for sheet in book
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str) and FIGURE_AS_TEXT.fullmatch(cell.value)
    ]
    assert not text, "a number or a date written as text"


def test_the_maturity_sheet_holds_the_round_before_beside_this_one() -> None:
    """The report's text said "Operational maturity 2 → 4", but the workbook held only this
    round's medians: the round before's are a column beside them now, as numbers."""
    from gaptools.core.quarter import day_text
    from gaptools.steps.maturity import maturity_view
    from tests.charts.test_learning import DAY, two_rounds

    workshop = two_rounds()
    view = maturity_view(workshop)
    sheet = load_workbook(io.BytesIO(export(workshop, "xlsx")))["Execution maturity (1 to 5)"]
    headings = [cell.value for cell in sheet[1]]
    before = f"Median of the round before ({day_text(DAY)})"
    assert headings[:3] == ["Dimension", "Median", before]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[1] for row in rows] == [r.median for r in view.readings]
    assert [row[2] for row in rows] == [
        view.earlier_medians[r.dimension.code] for r in view.readings
    ]
    assert any(row[1] != row[2] for row in rows)


def test_who_measures_each_value_its_lead_measures_and_guardrail_come_back_in(
    example: Workshop,
) -> None:
    """The CSV and the workbook carry step 3's every field, and the import reads them back:
    who measures each value, its lead measures and its guardrail were in the JSON alone."""
    from gaptools.files.portfolio_import import merge_sheet
    from gaptools.files.sheets import read_sheet

    example.initiatives[0].value.lead_measures = ["Weekly use; by team", "Queue age"]
    example.initiatives[0].value.measured_by = "=Finance ops"  # a formula it must not become
    given = [i for i in example.initiatives if i.value.measured_by or i.value.lead_measures]
    assert len(given) >= 2
    rows = list(csv.DictReader(io.StringIO(export(example, "csv").decode("utf-8-sig"))))
    first = rows[0]
    assert first["measured_by"] == safe("=Finance ops")
    assert first["lead_measures"] == "Weekly use; by team; Queue age"
    book = load_workbook(io.BytesIO(export(example, "xlsx")))
    headers, values = [[c.value for c in row] for row in book["Initiatives"].iter_rows(max_row=2)]
    cells = dict(zip(headers, values, strict=True))
    assert cells["Measured by"] == "=Finance ops"  # as text, not a formula
    assert cells["Lead measures"] == "Weekly use; by team; Queue age"
    fresh = example.model_copy(deep=True)
    fresh.initiatives = []
    merge_sheet(fresh, read_sheet(export(example, "csv"), "back.csv"), "back.csv")
    for initiative in example.initiatives[1:]:
        back = fresh.initiative(initiative.name)
        assert back is not None
        assert back.value.measured_by == initiative.value.measured_by
        assert back.value.lead_measures == [m for m in initiative.value.lead_measures if m]
        assert back.value.guardrail == initiative.value.guardrail


def test_each_share_in_the_workbook_reads_as_the_report_says_it() -> None:
    """The report said "44% on the edge" and the workbook held 0.43 (43% in Excel) for the
    same initiative: its share was rounded to two places with Python's ``round``, which
    takes 0.435 (stored as 0.43499…) down. Each share is rounded as the report rounds."""
    from gaptools.core.numbers import percent
    from gaptools.files.home import example_workshop
    from gaptools.steps.prioritise import rank
    from gaptools.steps.readiness import readiness

    workshop = example_workshop(after=True)
    book = load_workbook(io.BytesIO(export(workshop, "xlsx")))
    sheet = book["Initiatives"]
    headers = [c.value for c in sheet[1]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    ranked = {s.name: s.stability for s in rank(workshop).ranked}
    done = {i.name: readiness(i).share_done for i in workshop.initiatives}
    for column, shares in (("Stability", ranked), ("Readiness done", done)):
        held = {name: rows[name][headers.index(column)] for name in shares}
        assert {n: percent(v) for n, v in held.items()} == {
            n: percent(v) for n, v in shares.items()
        }
    # The example has a share that Python's ``round`` takes the other way.
    assert any(percent(round(v, 2)) != percent(v) for v in ranked.values())
