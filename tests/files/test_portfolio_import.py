"""Importing a team's portfolio sheet: what fills the model, what is kept, what is refused.

Sheets are built as bytes in each test (CSV text, or XLSX written with openpyxl) and read with
``read_sheet``, so the whole path from file to model is exercised.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Sequence
from typing import Any

import pytest
from openpyxl import Workbook

from gaptools.core.errors import WorkshopError
from gaptools.core.model import (
    Category,
    Initiative,
    Meta,
    Ownership,
    Stage,
    StallReason,
    Value,
    Workshop,
)
from gaptools.files import store
from gaptools.files.columns import NoNameColumn
from gaptools.files.portfolio_import import ImportReport, merge_sheet, tracker_score
from gaptools.files.sheets import Sheet, read_sheet
from gaptools.steps.portfolio import stalled_without_reason
from tests.support import workbook_bytes

HEADER = "name,description,category,stage,sponsor,started,target,effort_weeks"


def existing() -> Workshop:
    """A small workshop with one initiative a sheet may update."""
    return Workshop(
        meta=Meta(date=dt.date(2026, 11, 18)),
        initiatives=[
            Initiative(
                name="Claims intake copilot",
                description="Drafts the first claim summary",
                category=Category.INTERNAL_COPILOT,
                stage=Stage.PILOT,
                started=dt.date(2026, 3, 2),
                sponsor="Dana Whitfield",
                effort_weeks=6,
                value=Value(metric="Handling time", unit="minutes", baseline=42, target=30),
                ownership=Ownership(accountable="Priya Raman"),
                notes={"Region": "UK"},
            ),
            Initiative(name="Broker email triage", stage=Stage.PRODUCTION),
        ],
    )


def csv(text: str, encoding: str = "utf-8") -> Sheet:
    return read_sheet(text.encode(encoding), "portfolio.csv")


def xlsx(rows: Sequence[Sequence[Any]]) -> Sheet:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return read_sheet(buffer.getvalue(), "portfolio.xlsx")


def names(workshop: Workshop) -> list[str]:
    return [i.name for i in workshop.initiatives]


# -- recognised columns ----------------------------------------------------------------------


def test_who_measures_the_lead_measures_and_the_guardrail_are_read() -> None:
    """Step 3's other fields, as a PMO heads them and as the CSV export writes them (lead
    measures between semicolons, or one a line in a cell)."""
    workshop = existing()
    sheet = csv(
        "Project,Data source,Leading indicators,Counter metric\n"
        'Invoice matching,Finance ops,"Invoices touched weekly; Exceptions raised\nQueue age",'
        "Supplier complaints\n"
        "Claims triage,,,\n"
    )
    report = merge_sheet(workshop, sheet, "portfolio.csv")
    assert report.added == ["Invoice matching", "Claims triage"]
    item = workshop.initiative("Invoice matching")
    assert item is not None
    assert item.value.measured_by == "Finance ops"
    assert item.value.lead_measures == ["Invoices touched weekly", "Exceptions raised", "Queue age"]
    assert item.value.guardrail == "Supplier complaints"
    assert item.notes == {}
    blank = workshop.initiative("Claims triage")
    assert blank is not None
    assert (blank.value.measured_by, blank.value.lead_measures) == ("", [])


def test_lead_measures_beyond_five_are_named_and_left_out() -> None:
    workshop = existing()
    many = "; ".join(f"Measure {n}" for n in range(1, 8))
    report = merge_sheet(workshop, csv(f"name,lead_measures\nNew one,{many}\n"), "p.csv")
    item = workshop.initiative("New one")
    assert item is not None
    assert item.value.lead_measures == [f"Measure {n}" for n in range(1, 6)]
    said = " ".join(report.lines())
    assert "the first 5 read" in said
    assert "Measure 6; Measure 7" in said


def test_every_recognised_column_fills_the_model() -> None:
    """Header spellings differ from the brief's (case, spaces, underscores) and still match."""
    workshop = existing()
    sheet = csv(
        "Name,Description,Category,STAGE,Sponsor,Accountable,Started,Metric,Unit,"
        "Baseline,Target,Due,Effort Weeks\n"
        "Invoice matching,Matches invoices to orders,Process Automation,Pilot,Head of Finance,"
        'Ana Ruiz,01/06/2026,Invoices matched untouched,%,"1,200",75,2027-06-30,8\n'
    )
    report = merge_sheet(workshop, sheet, "portfolio.csv")
    assert report.added == ["Invoice matching"]
    item = workshop.initiative("Invoice matching")
    assert item is not None
    assert item.description == "Matches invoices to orders"
    assert item.category is Category.PROCESS_AUTOMATION
    assert item.stage is Stage.PILOT
    assert item.sponsor == "Head of Finance"
    assert item.ownership.accountable == "Ana Ruiz"
    assert item.started == dt.date(2026, 6, 1)  # DD/MM/YYYY: 1 June
    assert item.value.metric == "Invoices matched untouched"
    assert item.value.unit == "%"
    assert item.value.baseline == 1200.0
    assert item.value.target == 75.0
    assert item.value.due == dt.date(2027, 6, 30)
    assert item.effort_weeks == 8.0
    assert item.notes == {}
    assert report.unknown_columns == []


@pytest.mark.parametrize(
    ("written", "category"),
    [
        ("Internal Copilot", Category.INTERNAL_COPILOT),
        ("internal copilot", Category.INTERNAL_COPILOT),
        ("PROCESS_AUTOMATION", Category.PROCESS_AUTOMATION),
        ("customer-support", Category.CUSTOMER_SUPPORT),
        ("  Agentic   Workflow ", Category.AGENTIC_WORKFLOW),
        ("productivity_platform", Category.PRODUCTIVITY_PLATFORM),
        ("Recommendation", Category.RECOMMENDATION),
        ("ANALYTICS", Category.ANALYTICS),
        ("", Category.OTHER),
    ],
)
def test_categories_in_any_case_or_spacing(written: str, category: Category) -> None:
    workshop = existing()
    report = merge_sheet(workshop, csv(f"name,category\nNew one,{written}\n"), "p.csv")
    assert workshop.initiative("New one").category is category
    assert report.warnings == []


@pytest.mark.parametrize(
    ("written", "stage"),
    [
        ("pilot", Stage.PILOT),
        ("PILOT", Stage.PILOT),
        ("Production", Stage.PRODUCTION),
        (" stalled ", Stage.STALLED),
        ("Killed", Stage.KILLED),
        ("iDeA", Stage.IDEA),
        ("", None),  # a blank is left for the room to choose
    ],
)
def test_stages_in_any_case(written: str, stage: Stage | None) -> None:
    workshop = existing()
    merge_sheet(workshop, csv(f"name,stage\nNew one,{written}\n"), "p.csv")
    assert workshop.initiative("New one").stage is stage


@pytest.mark.parametrize(
    ("header", "written", "reason"),
    [
        ("stall_reason", "governance_review", StallReason.GOVERNANCE_REVIEW),  # as exported
        ("Why it stalled", "Stuck in governance review", StallReason.GOVERNANCE_REVIEW),
        ("Blocker", "no owner", StallReason.NO_OWNER),
        ("Reason stalled", "NO CAPACITY", StallReason.NO_CAPACITY),
    ],
)
def test_why_a_pilot_stalled_is_read(header: str, written: str, reason: StallReason) -> None:
    """The toolkit's own CSV, imported into a new quarter's file, lost every stall reason
    ("3 stalled initiatives have no reason given"): its column was kept as a note."""
    workshop = existing()
    report = merge_sheet(workshop, csv(f"name,stage,{header}\nNew one,stalled,{written}\n"), "p")
    assert workshop.initiative("New one").stall_reason is reason
    assert report.plan.fields[header] == "stall_reason"


def test_a_stall_reason_that_is_none_of_ours_is_other_with_its_words_kept() -> None:
    """A PMO's blocker "Waiting for data access" was dropped to a note, and every export then
    counted the pilot under "Reason not given"."""
    workshop = existing()
    sheet = "name,stage,Blocker\nNew one,stalled,Waiting for data access\nQuiet,stalled,\n"
    report = merge_sheet(workshop, csv(sheet), "p")
    found = workshop.initiative("New one")
    assert found.stall_reason is StallReason.OTHER
    assert found.notes["Blocker"] == "Waiting for data access"
    assert workshop.initiative("Quiet").stall_reason is None  # nothing written: none given
    [(_, warning)] = report.warnings
    assert "'Waiting for data access' is none of the reasons step 1 lists" in warning
    assert "read as 'Other'" in warning
    assert stalled_without_reason(workshop).count("Quiet") == 1
    assert "New one" not in stalled_without_reason(workshop)


@pytest.mark.parametrize("nothing", ["None", "n/a", "-", "—", "TBD", "No blockers", "?"])
def test_a_blocker_column_saying_nothing_gives_no_reason_and_no_note(nothing: str) -> None:
    """ "None" under Blocker was read as Other, and kept as a note saying "None"."""
    workshop = existing()
    report = merge_sheet(workshop, csv(f"name,stage,Blocker\nNew one,pilot,{nothing}\n"), "p")
    found = workshop.initiative("New one")
    assert found.stall_reason is None
    assert "Blocker" not in found.notes
    assert report.warnings == []


def test_a_pmos_blocker_words_leave_a_reason_the_room_gave_as_it_is() -> None:
    workshop = existing()
    merge_sheet(workshop, csv("name,stage,Blocker\nNew one,stalled,No capacity\n"), "p")
    merge_sheet(workshop, csv("name,stage,Blocker\nNew one,stalled,Budget freeze\n"), "p")
    found = workshop.initiative("New one")
    assert found.stall_reason is StallReason.NO_CAPACITY
    assert found.notes["Blocker"] == "Budget freeze"


def test_an_unknown_category_is_filed_under_other_with_a_warning() -> None:
    """The row is still useful; the person is told what happened to the category."""
    workshop = existing()
    report = merge_sheet(workshop, csv("name,category\nNew one,Robotics\n"), "p.csv")
    assert workshop.initiative("New one").category is Category.OTHER
    assert report.added == ["New one"]
    assert len(report.warnings) == 1
    number, warning = report.warnings[0]
    assert number == 2
    assert "Robotics" in warning
    assert "Other" in warning


def test_unknown_columns_are_kept_as_notes_and_listed() -> None:
    """Nothing the team typed is lost, even in columns the workshop does not use."""
    workshop = existing()
    sheet = csv(
        "name,Region,Budget Owner,stage\n"
        "New one,EMEA,Finance,pilot\n"
        "Another,,,idea\n"  # empty unknown cells add no notes
    )
    report = merge_sheet(workshop, sheet, "p.csv")
    assert report.unknown_columns == ["Region", "Budget Owner"]
    assert workshop.initiative("New one").notes == {"Region": "EMEA", "Budget Owner": "Finance"}
    assert workshop.initiative("Another").notes == {}


def test_an_excel_date_kept_as_a_note_reads_as_a_date() -> None:
    """Excel keeps a date as a date and time: a note said "2025-03-01 00:00:00"."""
    workshop = existing()
    sheet = xlsx(
        [
            ["Project", "Steering date", "Review at"],
            ["New one", dt.datetime(2025, 3, 1), dt.datetime(2025, 3, 1, 14, 30)],
        ]
    )
    merge_sheet(workshop, sheet, "portfolio.xlsx")
    notes = workshop.initiative("New one").notes
    assert notes == {"Steering date": "2025-03-01", "Review at": "2025-03-01 14:30"}


def test_the_first_row_may_start_with_a_bom_and_use_semicolons() -> None:
    """A European Excel "CSV UTF-8" export: BOM, ';' and a decimal comma."""
    workshop = existing()
    data = "name;stage;baseline;target\nCafé bot;Pilot;12,5;1.200,50\n".encode("utf-8-sig")
    merge_sheet(workshop, read_sheet(data, "p.csv"), "p.csv")
    item = workshop.initiative("Café bot")
    assert item.value.baseline == 12.5
    assert item.value.target == 1200.5


def test_windows_1252_names_import_intact() -> None:
    workshop = existing()
    merge_sheet(workshop, csv("name,sponsor\nCafé bot,Zoë Brûlé\n", encoding="cp1252"), "p.csv")
    assert workshop.initiative("Café bot").sponsor == "Zoë Brûlé"


def test_xlsx_import_with_date_and_number_cells() -> None:
    workshop = existing()
    sheet = xlsx(
        [
            ["Name", "Stage", "Category", "Started", "Due", "Baseline", "Target", "Effort_Weeks"],
            ["Search", "Production", "ANALYTICS", dt.datetime(2026, 4, 20), None, 1200, 900.5, 3],
            [],
            ["Notes bot", "idea", None, "02/03/2026", dt.datetime(2027, 3, 31), None, None, 2.5],
        ]
    )
    report = merge_sheet(workshop, sheet, "portfolio.xlsx")
    assert report.added == ["Search", "Notes bot"]
    search = workshop.initiative("Search")
    assert search.stage is Stage.PRODUCTION
    assert search.category is Category.ANALYTICS
    assert search.started == dt.date(2026, 4, 20)
    assert type(search.started) is dt.date
    assert search.value.baseline == 1200.0
    assert search.value.target == 900.5
    assert search.effort_weeks == 3.0
    notes = workshop.initiative("Notes bot")
    assert notes.started == dt.date(2026, 3, 2)
    assert notes.value.due == dt.date(2027, 3, 31)
    assert notes.effort_weeks == 2.5


# -- skipped rows ----------------------------------------------------------------------------


def test_unusable_rows_are_skipped_with_their_number_and_reason() -> None:
    """Each refusal points at the row as the spreadsheet numbers it, and says why. A cell
    that cannot be read costs only that cell: it is kept as a note and named; a value the
    model refuses, or no name, costs the row."""
    long_text = "x" * 5001
    workshop = existing()
    sheet = csv(
        f"{HEADER}\n"
        "Good one,,,pilot,,,,\n"  # row 2
        ",Something without a name,,pilot,,,,\n"  # row 3
        "Beta test,,,Gate 2,,,,\n"  # row 4: a stage word nobody taught us
        "Vague target,,,pilot,,,lots,\n"  # row 5
        "Negative effort,,,pilot,,,,-3\n"  # row 6
        "Bad date,,,pilot,,31/02/2026,,\n"  # row 7
        "\n"  # row 8, blank
        f"Too long,{long_text},,pilot,,,,\n"  # row 9
        "Good two,,,idea,,,,\n"  # row 10
    )
    report = merge_sheet(workshop, sheet, "p.csv")
    assert report.added == ["Good one", "Beta test", "Vague target", "Bad date", "Good two"]
    reasons = dict(report.skipped)
    assert sorted(reasons) == [3, 6, 9]
    assert reasons[3] == "no name"
    assert reasons[6].startswith("effort_weeks:")
    assert "at least 0" in reasons[6]
    assert reasons[9].startswith("description:")
    assert "too long" in reasons[9]
    warned = dict(report.warnings)
    assert "'Gate 2'" in warned[4]
    assert "left for the room to choose" in warned[4]
    assert workshop.initiative("Beta test").stage is None
    assert warned[5].startswith("target: 'lots' is not a number")  # the heading is the key
    assert workshop.initiative("Vague target").notes == {"target": "lots"}
    assert workshop.initiative("Vague target").value.target is None
    assert warned[7].startswith("started:")
    assert "31/02/2026" in warned[7]
    assert workshop.initiative("Bad date").notes == {"started": "31/02/2026"}
    assert names(workshop) == [
        "Claims intake copilot",
        "Broker email triage",
        "Good one",
        "Beta test",
        "Vague target",
        "Bad date",
        "Good two",
    ]


def test_a_refused_row_names_the_column_as_the_sheet_heads_it() -> None:
    """'Skipped row 2: effort_weeks: must be at least 0' sent a PMO looking for a column
    their sheet does not have: the refusal names their heading beside the key, as a cell kept
    as a note already did."""
    workshop = existing()
    sheet = csv("Project,Est. effort (wks),Target date\nAlpha,-2,2027-03-01\nBeta,4,soon\n")
    report = merge_sheet(workshop, sheet, "p.csv")
    assert report.skipped == [(2, "effort_weeks ('Est. effort (wks)'): must be at least 0")]
    [(row, warning)] = report.warnings
    assert row == 3
    assert warning.startswith("due ('Target date'): 'soon' is not a date")


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("x" * 121 + ",idea,", "name"),
        ("Long sponsor,idea," + "s" * 201, "sponsor"),
    ],
)
def test_too_long_names_and_sponsors_are_skipped(row: str, column: str) -> None:
    workshop = existing()
    report = merge_sheet(workshop, csv(f"name,stage,sponsor\nFine,idea,\n{row}\n"), "p.csv")
    assert report.added == ["Fine"]
    [(number, reason)] = report.skipped
    assert number == 3
    assert reason.startswith(f"{column}:")
    assert "too long" in reason


def test_a_name_repeated_in_the_sheet_keeps_the_first() -> None:
    """The second row would silently overwrite the first; refuse it and say where the first is."""
    workshop = existing()
    sheet = csv("name,stage\nAlpha,pilot\nBeta,idea\n  ALPHA ,production\n")
    report = merge_sheet(workshop, sheet, "p.csv")
    assert report.added == ["Alpha", "Beta"]
    [(number, reason)] = report.skipped
    assert number == 4
    assert "row 2" in reason
    assert "ALPHA" in reason
    assert workshop.initiative("alpha").stage is Stage.PILOT


def test_a_column_of_row_numbers_is_said_to_be_left_out_for_its_name() -> None:
    report = merge_sheet(existing(), csv("#,name,stage\n1,Alpha,pilot\n"), "p.csv")
    said = report.lines()
    assert not any("second column" in line for line in said)
    assert (
        "The column '#' is left out: its name has no letter or digit to match a field by." in said
    )


def test_warnings_of_skipped_rows_are_not_reported() -> None:
    """A row that is not imported should not also warn about its category."""
    workshop = existing()
    report = merge_sheet(workshop, csv("name,category,stage\n,Robotics,pilot\nB,,idea\n"), "p.csv")
    assert [n for n, _ in report.skipped] == [2]
    assert report.warnings == []


# -- updating what is already there ----------------------------------------------------------


def test_an_existing_initiative_is_updated_not_duplicated() -> None:
    """Same name in another case: one initiative, with the filled cells changed."""
    workshop = existing()
    sheet = csv(
        "name,stage,sponsor,description,target,Region,accountable\n"
        "  CLAIMS INTAKE copilot ,Production,,New description,25,EMEA,\n"
    )
    report = merge_sheet(workshop, sheet, "p.csv")
    assert report.updated == ["Claims intake copilot"]
    assert report.added == []
    assert names(workshop) == ["Claims intake copilot", "Broker email triage"]
    item = workshop.initiatives[0]
    assert item.stage is Stage.PRODUCTION
    assert item.description == "New description"
    assert item.value.target == 25.0
    # Empty cells keep what the workshop already had.
    assert item.sponsor == "Dana Whitfield"
    assert item.ownership.accountable == "Priya Raman"
    assert item.value.baseline == 42.0
    assert item.value.metric == "Handling time"
    assert item.started == dt.date(2026, 3, 2)
    assert item.effort_weeks == 6.0
    assert item.category is Category.INTERNAL_COPILOT
    # New notes are added to the old ones, a column of the same name replaces its note.
    assert item.notes == {"Region": "EMEA"}


def test_an_update_refused_by_the_model_leaves_the_initiative_as_it_was() -> None:
    workshop = existing()
    before = workshop.initiatives[0].model_copy(deep=True)
    sheet = csv("name,effort_weeks\nclaims intake copilot,-1\nFresh,2\n")
    report = merge_sheet(workshop, sheet, "p.csv")
    assert [n for n, _ in report.skipped] == [2]
    assert workshop.initiatives[0] == before
    assert report.updated == []


def test_no_usable_row_is_an_error_naming_every_row() -> None:
    workshop = existing()
    before = workshop.model_copy(deep=True)
    sheet = csv("name,effort_weeks\n,3\nA,-3\n")
    with pytest.raises(WorkshopError) as refused:
        merge_sheet(workshop, sheet, "p.csv")
    problems = "\n".join(refused.value.problems)
    assert "no usable row" in problems
    assert "row 2: no name" in problems
    assert "row 3: effort_weeks: must be at least 0" in problems
    assert workshop == before


def test_a_header_only_sheet_is_an_error() -> None:
    with pytest.raises(WorkshopError, match="no usable row"):
        merge_sheet(existing(), csv("name,stage\n"), "p.csv")


def test_a_sheet_without_a_name_column_is_an_error() -> None:
    with pytest.raises(WorkshopError, match="no column can be the initiatives' names"):
        merge_sheet(existing(), csv("workstream,stage\nA,pilot\n"), "p.csv")


# -- a large sheet ---------------------------------------------------------------------------

STAGES = ["idea", "Pilot", "PRODUCTION", "stalled", "killed"]
ROWS = 1000


def test_a_thousand_row_csv_imports_completely() -> None:
    lines = ["Name,Stage,Category,Started,Baseline,Target,Effort Weeks,Owner Team"]
    lines += [
        f"Initiative {n:04d},{STAGES[n % 5]},analytics,{1 + n % 28:02d}/03/2026,"
        f'"1,{n % 1000:03d}",{n + 1},{n % 20},Team {n % 7}'
        for n in range(ROWS)
    ]
    workshop = existing()
    started = time.perf_counter()
    report = merge_sheet(workshop, csv("\n".join(lines) + "\n"), "big.csv")
    checked = store.revalidate(workshop)
    elapsed = time.perf_counter() - started
    assert len(report.added) == ROWS
    assert report.skipped == []
    assert len(checked.initiatives) == ROWS + 2
    last = checked.initiative("Initiative 0999")
    assert last.stage is Stage.KILLED  # 999 % 5 == 4
    assert last.started == dt.date(2026, 3, 20)  # 1 + 999 % 28 = 20
    assert last.value.baseline == 1999.0  # "1,999"
    assert last.notes == {"Owner Team": "Team 5"}  # 999 % 7 == 5
    assert elapsed < 10, f"1,000 rows took {elapsed:.1f} s"


def test_a_thousand_row_xlsx_imports_completely() -> None:
    rows: list[list[Any]] = [["name", "stage", "started", "baseline", "target", "effort_weeks"]]
    rows += [
        [f"Initiative {n:04d}", STAGES[n % 5], dt.datetime(2026, 1, 1 + n % 28), n, n + 1.5, 2]
        for n in range(ROWS)
    ]
    sheet = xlsx(rows)
    workshop = existing()
    started = time.perf_counter()
    report = merge_sheet(workshop, sheet, "big.xlsx")
    elapsed = time.perf_counter() - started
    assert len(report.added) == ROWS
    assert report.skipped == []
    assert len(workshop.initiatives) == ROWS + 2
    last = workshop.initiative("Initiative 0999")
    assert last.started == dt.date(2026, 1, 20)
    assert last.value.target == 1000.5
    assert elapsed < 10, f"1,000 rows took {elapsed:.1f} s"


# -- the report ------------------------------------------------------------------------------


def test_report_lines_say_what_came_in_and_what_did_not() -> None:
    workshop = existing()
    sheet = csv(
        "name,stage,category,Region\n"
        "New one,pilot,Robotics,EMEA\n"
        "claims intake copilot,production,,\n"
        ",idea,,\n"
    )
    report = merge_sheet(workshop, sheet, "portfolio.csv")
    assert report.lines() == [
        "Imported 2 rows from portfolio.csv: 1 added, 1 updated.",
        "Updated (already in the workshop): Claims intake copilot (stage pilot → production).",
        "Columns read: 'name' as name, 'stage' as stage, 'category' as category.",
        "Kept as notes, shown with each initiative: 'Region'.",
        "Not in this sheet, left as they are in the workshop (1): Broker email triage.",
        "Skipped row 4: no name",
        "Row 2: category 'Robotics' is not one we know; filed under Other",
    ]


def test_a_sheet_of_new_ideas_alone_says_nothing_of_what_it_does_not_list() -> None:
    """The line for what a tracker no longer lists is for the tracker imported again: a sheet
    that only adds has nothing to say of the rest of the portfolio."""
    workshop = existing()
    report = merge_sheet(workshop, csv("name,stage\nBrand new idea,idea\n"), "ideas.csv")
    assert report.absent == []
    assert not any(line.startswith("Not in this sheet") for line in report.lines())


def test_a_sheet_written_month_first_is_read_so_in_every_column() -> None:
    """An American sheet's '04/05/2027' was 4 May without a word, beside '03/25/2027' kept as
    a note: a column whose dates show the month first is read so. A sheet is written in one
    place, so a column whose dates could be either is read as another column shows: its
    kick-off '03/04/2025' was 3 April while 'Target date' showed the month first."""
    workshop = existing()
    sheet = csv(
        "Project,Target date,Kick-off\nAlpha,03/25/2027,01/02/2026\nBeta,04/05/2027,02/01/2026\n"
    )
    report = merge_sheet(workshop, sheet, "p.csv")
    assert not report.warnings
    assert workshop.initiative("Alpha").value.due == dt.date(2027, 3, 25)
    assert workshop.initiative("Beta").value.due == dt.date(2027, 4, 5)
    assert workshop.initiative("Alpha").started == dt.date(2026, 1, 2)
    assert workshop.initiative("Beta").started == dt.date(2026, 2, 1)
    lines = report.lines()
    assert (
        "Dates in 'Target date' read month first, as '03/25/2027' shows ('04/05/2027' as "
        "5 April 2027)." in lines
    )
    assert (
        "Dates in 'Kick-off' read month first, as '03/25/2027' in 'Target date' shows "
        "('01/02/2026' as 2 January 2026)." in lines
    )
    assert not any("YYYY-MM-DD" in line for line in lines)


def test_a_column_that_could_be_either_follows_one_that_shows_the_day_first() -> None:
    """Read day first as another column shows, and said so with how its date was read: a
    PMO's '3/9/2025' became 3 September without a word."""
    workshop = existing()
    sheet = csv("Project,Target date,Kick-off\nAlpha,25/03/2027,01/02/2026\n")
    report = merge_sheet(workshop, sheet, "p.csv")
    assert workshop.initiative("Alpha").started == dt.date(2026, 2, 1)
    assert [line for line in report.lines() if line.startswith("Dates in")] == [
        "Dates in 'Kick-off' read day first, as '25/03/2027' in 'Target date' shows "
        "('01/02/2026' as 1 February 2026)."
    ]


def test_a_column_whose_dates_read_one_way_only_needs_no_word() -> None:
    workshop = existing()
    report = merge_sheet(workshop, csv("Project,Kick-off\nAlpha,25/03/2027\n"), "p.csv")
    assert not any(line.startswith("Dates in") for line in report.lines())


@pytest.mark.parametrize("name", ["Total rewards chatbot", "Summarise claims", "Overall CX score"])
def test_an_initiative_named_with_a_totals_word_is_imported(name: str) -> None:
    workshop = existing()
    report = merge_sheet(workshop, csv(f"Project,Stage\n{name},pilot\n"), "p.csv")
    assert report.added == [name]


def test_a_column_that_could_be_either_is_said_when_nothing_shows_the_order() -> None:
    workshop = existing()
    sheet = csv("Project,Kick-off\nAlpha,01/02/2026\n")
    [doubt] = [line for line in merge_sheet(workshop, sheet, "p.csv").lines() if "Dates" in line]
    assert "read day first ('01/02/2026' as 1 February 2026)" in doubt
    assert "YYYY-MM-DD" in doubt


@pytest.mark.parametrize(
    "total",
    [
        "TOTAL",
        "Grand total:",
        "Sub-total",
        "totals",
        "TOTAL (8 initiatives)",  # came in as an initiative with no stage and no owner
        "Total: 8",
        "Sum 12 projects",
        "Sub total – Claims",
        # German and French sheets: they came in as initiatives, with only a note of no stage.
        "Summe (6 Vorhaben)",
        "Summe: 1 Vorhaben",
        "Gesamt",
        "Zwischensumme",
        "Total général",
        "Somme",
    ],
)
def test_the_sheets_total_row_is_not_an_initiative(total: str) -> None:
    """A PMO sheet's last row adds the others up: it came in as an initiative called 'TOTAL'."""
    workshop = existing()
    sheet = csv(f"Project,Benefit (£k)\nAlpha,120\nBeta,80\n\n{total},200\n")
    report = merge_sheet(workshop, sheet, "p.csv")
    assert report.added == ["Alpha", "Beta"]
    assert report.skipped == [(5, f"'{total}' looks like the sheet's total row, not an initiative")]
    assert workshop.initiative(total) is None


def test_an_initiative_named_with_the_word_total_is_kept() -> None:
    workshop = existing()
    sheet = csv("name\nTotal loss triage\nSum insured checker\nGesamtkosten-Prognose\n")
    report = merge_sheet(workshop, sheet, "p.csv")
    assert report.added == ["Total loss triage", "Sum insured checker", "Gesamtkosten-Prognose"]


def test_a_title_above_the_column_names_is_looked_past() -> None:
    """A PMO sheet opens with a title in one cell: read as the column names, it was the only
    column, and the advice to map it imported the real names row as an initiative."""
    workshop = existing()
    sheet = csv(
        "AI Portfolio – Q4 2026 review,,\n,,\nAs of 30 Nov,,\n"
        "Project Name,Phase,Exec Sponsor\nAlpha,Live,Ann\nBeta,PoC,Bob\n"
    )
    assert sheet.headers == ["Project Name", "Phase", "Exec Sponsor"]
    assert sheet.titles == (1, 3)
    report = merge_sheet(workshop, sheet, "p.csv")
    assert report.added == ["Alpha", "Beta"]
    assert workshop.initiative("Alpha").sponsor == "Ann"
    assert "Rows 1 and 3 above the column names hold a title: left out." in report.lines()
    book = xlsx([["AI Portfolio"], [], ["Project", "Status"], ["Gamma", "Live"]])
    assert (book.headers, book.titles, [r.number for r in book.rows]) == (
        ["Project", "Status"],
        (1,),
        [4],
    )


def test_a_sheet_of_one_column_keeps_its_first_row_as_the_name() -> None:
    sheet = csv("Initiative\nAlpha\nBeta\n")
    assert (sheet.headers, sheet.titles) == (["Initiative"], ())
    assert merge_sheet(existing(), sheet, "p.csv").added == ["Alpha", "Beta"]


def test_report_of_one_row_is_singular() -> None:
    report = ImportReport(source="p.csv", added=["A"])
    assert report.lines()[0] == "Imported 1 row from p.csv: 1 added, 0 updated."
    assert report.imported == 1


def test_line_breaks_typed_into_one_line_cells_become_spaces() -> None:
    """Alt+Enter inside a name or sponsor cell is layout: the row still imports, on one line;
    a description keeps its lines, and a header typed over two lines is still one header."""
    workshop = existing()
    sheet = xlsx(
        [
            ["Name", "Sponsor", "Description", "Business\nunit"],
            ["Supplier\nrisk radar", "Tom\tOkafor", "Reads contracts.\nFlags risk.", "Ops"],
        ]
    )
    report = merge_sheet(workshop, sheet, "portfolio.xlsx")
    assert report.skipped == []
    added = workshop.initiative("Supplier risk radar")
    assert added is not None
    assert added.sponsor == "Tom Okafor"
    assert added.description == "Reads contracts.\nFlags risk."
    assert added.area == "Ops"
    assert added.notes == {}


def test_a_note_column_read_as_a_field_or_left_out_next_time_leaves_the_notes() -> None:
    """Imported once with 'Region' and 'Risk ref' kept as notes, then again with 'Region' read
    as the area and 'Risk ref' left out: neither stays behind as a note."""
    workshop = existing()
    sheet = csv("name,Region,Risk ref,Comment\nNew one,EMEA,R-7,check data\n")
    merge_sheet(workshop, sheet, "p.csv")
    assert workshop.initiative("New one").notes == {
        "Region": "EMEA",
        "Risk ref": "R-7",
        "Comment": "check data",
    }
    merge_sheet(workshop, sheet, "p.csv", {"Region": "area", "Risk ref": "ignore"})
    again = workshop.initiative("New one")
    assert again.area == "EMEA"
    assert again.notes == {"Comment": "check data"}


def test_hidden_rows_are_named_in_the_report() -> None:
    book = Workbook()
    sheet = book.active
    for row in [["Project", "Stage"], ["Alpha", "pilot"], ["Old bot", "production"]]:
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    workshop = existing()
    report = merge_sheet(workshop, read_sheet(buffer.getvalue(), "p.xlsx"), "p.xlsx")
    assert workshop.initiative("Old bot") is None
    assert "Row 3 is hidden in the workbook: left out, as hidden rows are." in report.lines()


def test_hidden_columns_read_are_named_in_the_report_with_how_to_leave_them_out() -> None:
    rows = [["Project", "Budget (old)", "Do not use"], ["Alpha", "120k", "x"]]
    read = read_sheet(workbook_bytes(rows, hidden_columns=("B", "C")), "p.xlsx")
    lines = merge_sheet(existing(), read, "p.xlsx").lines()
    assert (
        "Columns 'Budget (old)' and 'Do not use' are hidden in the workbook and read like the "
        'others: to leave them out, map them to ignore (--map "Budget (old)=ignore").'
    ) in lines
    # Left out by the person's choice, a hidden column is no longer said to be read.
    lines = merge_sheet(existing(), read, "p.xlsx", {"Do not use": "ignore"}).lines()
    assert any(line.startswith("Column 'Budget (old)' is hidden in the workbook") for line in lines)
    assert not any("'Do not use' is hidden" in line for line in lines)


def test_a_workbook_whose_first_sheet_is_a_cover_is_read_from_its_tracker() -> None:
    """A workbook of a cover sheet ('Prepared by | Enterprise PMO'), the tracker and a list of
    look-ups was refused ('no column can be the initiatives' names'), with menus offering the
    cover's cells: the first sheet with a column of names is read, and the report says so."""
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["AI portfolio tracker"])
    cover.append(["Prepared by", "Enterprise PMO"])
    tracker = book.create_sheet("Tracker")
    for row in [["Project", "Stage"], ["Alpha", "pilot"], ["Beta", "idea"]]:
        tracker.append(row)
    book.create_sheet("Lookups").append(["Stage", "Meaning"])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = read_sheet(buffer.getvalue(), "p.xlsx", tracker_score(None))
    assert (sheet.title, sheet.passed) == ("Tracker", ("Cover",))
    workshop = existing()
    report = merge_sheet(workshop, sheet, "p.xlsx")
    assert report.added == ["Alpha", "Beta"]
    assert "Read the sheet 'Tracker': the sheet before it, 'Cover', has no column of names." in (
        report.lines()
    )
    alone = read_sheet(buffer.getvalue(), "p.xlsx")
    assert (alone.title, alone.passed) == ("Cover", ())  # asked for nothing: the first sheet


def test_a_workbook_with_no_column_of_names_is_refused_naming_the_sheet_read() -> None:
    book = Workbook()
    book.active.title = "Cover"
    book.active.append(["Prepared by", "Enterprise PMO"])
    book.create_sheet("Notes").append(["Owner", "Date"])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = read_sheet(buffer.getvalue(), "p.xlsx", tracker_score(None))
    with pytest.raises(NoNameColumn, match="p.xlsx, sheet 'Cover': no column"):
        merge_sheet(existing(), sheet, "p.xlsx")


def test_a_blank_stage_is_left_for_the_room_and_said() -> None:
    """Five rows of a 300-row tracker with an empty Phase came in as ideas without a word,
    where an unknown word is left for the room and said: a blank is no surer than that. A
    group heading typed in the name column ('Claims portfolio') is named by it too."""
    workshop = existing()
    report = merge_sheet(workshop, csv("Project,Phase\nAlpha,PoC\nClaims portfolio,\n"), "p.csv")
    assert workshop.initiative("Alpha").stage == Stage.PILOT
    assert workshop.initiative("Claims portfolio").stage is None
    assert report.warnings == [
        (3, "no stage given, so the stage is left for the room to choose (step 1)")
    ]
    merge_sheet(workshop, csv("Project,Phase\nAlpha,\n"), "p.csv")
    assert workshop.initiative("Alpha").stage == Stage.PILOT  # a blank changes no stage


@pytest.mark.parametrize("stage", ["Amber - In flight", ""])
def test_an_unread_stage_on_a_row_updating_an_initiative_says_its_stage_stays(stage: str) -> None:
    """'Beta' was live; the sheet's next export said "Amber - In flight": the import said the
    stage "is left for the room to choose (step 1)", but Beta stayed in production."""
    workshop = existing()
    merge_sheet(workshop, csv("Project,Phase\nBeta,Live\n"), "p.csv")
    report = merge_sheet(workshop, csv(f"Project,Phase\nBeta,{stage}\n"), "p.csv")
    assert workshop.initiative("Beta").stage == Stage.PRODUCTION
    [(row, said)] = report.warnings
    assert "left for the room" not in said
    assert said.endswith(
        f"so its stage stays {Stage.PRODUCTION.label} (change it in step 1 if need be)"
    )


def test_group_headings_above_the_column_names_are_looked_past() -> None:
    """A tracker with a title, then group headings over its columns ('Initiative' over ID,
    name and description; 'Ownership'; 'Status'…), then its column names: the headings were
    read as the column names, 13 initiatives came in named 'ID', 'AI-001'…, and the real
    names were lost. The row whose names read as the most fields is the header."""
    data = workbook_bytes(
        [
            ["AI portfolio tracker – Q3"],
            ["Initiative", None, None, "Ownership", None, "Status", "Value"],
            ["ID", "Initiative", "Description", "Exec Sponsor", "Owner", "Phase", "Go-live"],
            ["AI-001", "Claims triage", "Sorts claims", "COO", "Ana Ruiz", "PoC", "2027-03-31"],
            ["AI-002", "Broker copilot", "Drafts replies", "CDO", "Kim Lee", "Live", None],
        ]
    )
    sheet = read_sheet(data, "tracker.xlsx", tracker_score(None))
    workshop = existing()
    report = merge_sheet(workshop, sheet, "tracker.xlsx")
    assert report.added == ["Claims triage", "Broker copilot"]
    assert workshop.initiative("Broker copilot").stage == Stage.PRODUCTION
    lines = report.lines()
    assert "Row 1 above the column names holds a title: left out." in lines
    assert "Row 2 above the column names holds headings or notes: left out." in lines


def test_names_under_a_group_heading_in_the_next_row_are_read_with_the_row_above() -> None:
    """A PMO's CSV with 'Wertbeitrag' over four columns, whose names ('Kennzahl',
    'Ausgangswert', 'Zielwert', 'Zieldatum') stood in the row below, blank under the rest: the
    metric, baseline, target and date came in as nothing, 'Wertbeitrag' as a note, and the
    row of names was skipped as a row with no name."""
    sheet = read_sheet(
        (
            "Initiative;Status;Verantwortlich;Wertbeitrag;;;;Kostenstelle\n"
            ";;;Kennzahl;Ausgangswert;Zielwert;Zieldatum;\n"
            "Qualitätsprüfung;Pilotphase;Jürgen Müller;Ausschussquote;12,5;8;30.09.2027;K-1\n"
        ).encode(),
        "portfolio.csv",
        tracker_score(None),
    )
    workshop = existing()
    report = merge_sheet(workshop, sheet, "portfolio.csv")
    value = workshop.initiative("Qualitätsprüfung").value
    assert (value.metric, value.baseline, value.target) == ("Ausschussquote", 12.5, 8.0)
    assert value.due == dt.date(2027, 9, 30)
    assert report.skipped == []
    assert report.unknown_columns == ["Kostenstelle"]
    assert (
        "Rows 1 and 2 hold the column names together: a heading over several columns, the names"
        " of its columns under it."
    ) in report.lines()


def test_a_column_named_only_in_the_row_of_group_headings_is_read() -> None:
    """'Initiative' over 'Name' and 'Description', 'Value' over three columns, and 'Owner'
    merged down two rows in Excel but written once: the row under the groups names more
    columns, and taken alone it lost the owner."""
    data = workbook_bytes(
        [
            ["Initiative", None, "Value", None, None, "Owner"],
            ["Name", "Description", "Metric", "Baseline", "Target", None],
            ["Claims triage", "Sorts claims", "Handling time", 40, 25, "Ana Ruiz"],
        ]
    )
    sheet = read_sheet(data, "tracker.xlsx", tracker_score(None))
    assert sheet.headers == ["Name", "Description", "Metric", "Baseline", "Target", "Owner"]
    workshop = existing()
    merge_sheet(workshop, sheet, "tracker.xlsx")
    assert workshop.initiative("Claims triage").ownership.accountable == "Ana Ruiz"


def test_an_initiative_under_the_names_is_not_read_as_more_names() -> None:
    """The row after the names completes them only when it names columns: an initiative whose
    cells sit under a blank-headed column is an initiative."""
    sheet = read_sheet(
        b"Initiative,Stage,\nClaims triage,Pilot,Owner\n", "p.csv", tracker_score(None)
    )
    assert sheet.headers == ["Initiative", "Stage"]
    assert [r.number for r in sheet.rows] == [2]


def test_a_line_of_notes_over_the_column_names_is_looked_past() -> None:
    """A title, then 'As at | 30/09/2025 | | Owner | Enterprise PMO', a blank row and the
    column names: the import was refused ('no column can be the initiatives' names')."""
    data = workbook_bytes(
        [
            ["AI portfolio"],
            ["As at", dt.date(2025, 9, 30), None, "Owner", "Enterprise PMO"],
            [],
            ["Initiative", "Status", "Owner"],
            ["Claims triage", "Pilot", "Ana Ruiz"],
        ]
    )
    sheet = read_sheet(data, "tracker.xlsx", tracker_score(None))
    assert sheet.headers == ["Initiative", "Status", "Owner"]
    assert merge_sheet(existing(), sheet, "tracker.xlsx").added == ["Claims triage"]


def test_without_a_score_the_sheet_is_read_as_it_starts() -> None:
    data = workbook_bytes([["Name", "Stage"], ["Alpha", "pilot"]])
    assert read_sheet(data, "p.xlsx").headers == ["Name", "Stage"]


def test_a_renamed_initiative_with_the_same_id_is_updated_under_the_workshops_name() -> None:
    """Next month's tracker renamed 'Broker email copilot' to 'Broker e-mail copilot' under
    the same ID: both stood in the portfolio, in production, without a word; later the report
    said so, and to undo (which the command line has not) and rename. The ID says which
    initiative it is: the row updates it, under the name the room knows, and says so."""
    workshop = existing()
    merge_sheet(workshop, csv("ID,Initiative,Stage\nAI-003,Broker email copilot,PoC\n"), "a.csv")
    count = len(workshop.initiatives)
    report = merge_sheet(
        workshop, csv("ID,Initiative,Stage\nAI-003,Broker e-mail copilot,Live\n"), "b.csv"
    )
    assert (report.added, report.updated) == ([], ["Broker email copilot"])
    assert len(workshop.initiatives) == count
    assert workshop.initiative("Broker email copilot").stage is Stage.PRODUCTION
    assert report.warnings == [
        (
            2,
            "'Broker e-mail copilot' has the ID 'AI-003' of 'Broker email copilot': updated as "
            "'Broker email copilot', the workshop's name (rename it in step 1 if the sheet's "
            "is right)",
        )
    ]


def test_an_initiative_renamed_in_step_1_is_found_by_its_id_again() -> None:
    """The room renamed 'Claims triage copilot' in step 1, as the README advises; the PMO's
    sheet imported again added the old name beside it."""
    workshop = existing()
    sheet = "Ref,Initiative,Stage\nAI-001,Claims triage copilot,PoC\n"
    merge_sheet(workshop, csv(sheet), "a.csv")
    workshop.initiative("Claims triage copilot").name = "Motor claims triage copilot"
    report = merge_sheet(workshop, csv(sheet.replace("PoC", "Live")), "a.csv")
    assert report.updated == ["Motor claims triage copilot"]
    assert workshop.initiative("Claims triage copilot") is None
    assert workshop.initiative("Motor claims triage copilot").stage is Stage.PRODUCTION


def test_a_percentage_typed_under_baseline_gives_a_new_initiative_its_unit() -> None:
    """ "60%" and "85%" with no unit column: the unit is %, so the sentence says points. An
    initiative that has a unit keeps it."""
    from gaptools.steps.value import value_sentence

    workshop = existing()
    merge_sheet(
        workshop,
        csv(
            "name,metric,baseline,target\n"
            "Invoice matching,Invoices matched automatically,60%,85%\n"
            "Claims intake copilot,Handling time,40%,30%\n"
        ),
        "p.csv",
    )
    matching = workshop.initiative("Invoice matching").value
    assert (matching.unit, matching.baseline, matching.target) == ("%", 60, 85)
    assert value_sentence(matching).endswith("(+25 percentage points)")
    assert workshop.initiative("Claims intake copilot").value.unit == "minutes"


def test_an_amount_written_with_its_size_is_imported() -> None:
    """A PMO's "£1.2m" under Baseline was kept as a note, with "not a number"; it is the
    number, and its pound sign the unit of an initiative that has none."""
    workshop = existing()
    report = merge_sheet(
        workshop,
        csv("name,metric,baseline,target\nFraud signals,Losses stopped,£1.2m,£1.8m\n"),
        "p.csv",
    )
    fraud = workshop.initiative("Fraud signals")
    assert (fraud.value.unit, fraud.value.baseline, fraud.value.target) == ("£", 1.2e6, 1.8e6)
    assert report.warnings == []
    assert "baseline" not in fraud.notes


@pytest.mark.parametrize(
    ("header", "typed", "weeks", "said"),
    [
        ("Est. effort (FTE-months)", "6", 26.0, "turned into weeks at 4.3 weeks a month"),
        ("Effort (person-days)", "15", 3.0, "turned into weeks at 0.2 weeks a working day"),
        ("Effort, months", "1-2", 6.5, "turned into weeks at 4.3 weeks a month"),
        # As German and French sheets count: 120 Personentage came in as 120 weeks.
        ("Aufwand (PT)", "120", 24.0, "turned into weeks at 0.2 weeks a working day"),
        ("Aufwand (Tage)", "10", 2.0, "turned into weeks at 0.2 weeks a working day"),
        ("Charge (j/h)", "45", 9.0, "turned into weeks at 0.2 weeks a working day"),
        ("Aufwand (PM)", "3", 13.0, "turned into weeks at 4.3 weeks a month"),
        ("Charge (mois)", "3", 13.0, "turned into weeks at 4.3 weeks a month"),
    ],
)
def test_an_effort_column_counted_in_months_or_days_is_turned_into_weeks(
    header: str, typed: str, weeks: float, said: str
) -> None:
    """'Est. effort (FTE-months)' mapped to effort was taken as weeks: 6 months became 6
    weeks, a quarter of the effort, which moved the capacity line and so the bet."""
    workshop = existing()
    sheet = csv(f'Project,"{header}"\nAlpha,{typed}\n')
    report = merge_sheet(workshop, sheet, "p.csv", {header: "effort_weeks"})
    assert workshop.initiative("Alpha").effort_weeks == weeks
    assert any(f"'{header}' counts" in line and said in line for line in report.lines())


@pytest.mark.parametrize(
    "header",
    ["Effort (weeks)", "Effort weeks, not months", "Effort", "Aufwand (PW)", "Charge (semaines)"],
)
def test_an_effort_column_in_weeks_is_read_as_it_is(header: str) -> None:
    workshop = existing()
    report = merge_sheet(
        workshop, csv(f'Project,"{header}"\nAlpha,6\n'), "p.csv", {header: "effort_weeks"}
    )
    assert workshop.initiative("Alpha").effort_weeks == 6
    assert not any("turned into weeks" in line for line in report.lines())


@pytest.mark.parametrize(
    ("written", "day", "period"),
    [
        ("Q3 2026", dt.date(2026, 9, 30), "calendar Q3 2026"),
        ("2027 Q1", dt.date(2027, 3, 31), "calendar Q1 2027"),
        ("H1 2027", dt.date(2027, 6, 30), "H1 2027"),
        ("Sep-26", dt.date(2026, 9, 30), "September 2026"),
        ("Feb 2028", dt.date(2028, 2, 29), "February 2028"),
        ("2027", dt.date(2027, 12, 31), "2027"),
        ("end of Q2 2027", dt.date(2027, 6, 30), "calendar Q2 2027"),
    ],
)
def test_a_go_live_written_as_a_period_is_read_as_its_last_day(
    written: str, day: dt.date, period: str
) -> None:
    """'Q3 2026', 'H1 2027' and 'Sep-26', the commonest ways a PMO writes a go-live, were
    each refused as no date and kept as a note, on 15 rows of one sheet."""
    workshop = existing()
    sheet = csv(f"Project,Go-live\nAlpha,{written}\n")
    report = merge_sheet(workshop, sheet, "p.csv", {"Go-live": "due"})
    assert workshop.initiative("Alpha").value.due == day
    assert any(
        f"'{written}' read as" in line and f"the end of {period}" in line for line in report.lines()
    )


@pytest.mark.parametrize("written", ["TBC", "Q2", "Q5 2026", "soon"])
def test_a_period_that_names_no_day_stays_a_note(written: str) -> None:
    workshop = existing()
    report = merge_sheet(
        workshop, csv(f"Project,Go-live\nAlpha,{written}\n"), "p.csv", {"Go-live": "due"}
    )
    assert workshop.initiative("Alpha").value.due is None
    assert workshop.initiative("Alpha").notes["Go-live"] == written
    assert any("kept as a note instead" in line for line in report.lines())


def test_importing_an_edited_sheet_says_what_changed_and_what_did_not() -> None:
    """An edited tracker imported again said "3 added, 36 updated" and named every row,
    though two had moved: what moved is named with its fields, the rest counted unchanged."""
    workshop = existing()
    first = "Project,Stage,Sponsor\nAlpha,PoC,COO\nBeta,idea,CFO\nGamma,idea,CIO\n"
    merge_sheet(workshop, csv(first), "p.csv")
    edited = "Project,Stage,Sponsor\nAlpha,Live,COO\nBeta,idea,CEO\nGamma,idea,CIO\nDelta,idea,\n"
    report = merge_sheet(workshop, csv(edited), "p.csv")
    assert (report.added, report.updated, report.unchanged) == (
        ["Delta"],
        ["Alpha", "Beta"],
        ["Gamma"],
    )
    lines = report.lines()
    assert lines[0] == "Imported 4 rows from p.csv: 1 added, 2 updated, 1 unchanged."
    # A stage is said from what to what: a PMO re-importing wants to see the move.
    assert lines[1] == (
        "Updated (already in the workshop): Alpha (stage pilot → production), Beta (sponsor)."
    )


def test_a_pmos_own_score_and_confidence_columns_stay_notes() -> None:
    """Only gaptools' own export has its figures left out on import: a PMO's 'Score' and
    'Confidence' are theirs, kept as notes as any other column."""
    workshop = existing()
    sheet = csv("Project,Score,Confidence,Stability\nAlpha,8,High,ok\n")
    report = merge_sheet(workshop, sheet, "p.csv")
    assert workshop.initiative("Alpha").notes == {
        "Score": "8",
        "Confidence": "High",
        "Stability": "ok",
    }
    assert not any("gaptools works them out" in line for line in report.lines())


def formula_book(cached: str | None) -> bytes:
    """A workbook with a formula for Alpha's effort, with its result saved (as Excel saves
    it) or not (as a program such as openpyxl writes it)."""
    import zipfile

    book = Workbook()
    sheet = book.active
    sheet.append(["Project", "Effort"])
    sheet.append(["Alpha", "=2*3"])
    buffer = io.BytesIO()
    book.save(buffer)
    if cached is None:
        return buffer.getvalue()
    source, out = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = data.replace(b"<v />", f"<v>{cached}</v>".encode())
            target.writestr(item, data)
    return out.getvalue()


def test_a_formula_with_no_saved_result_is_said_not_dropped_silently() -> None:
    """A sheet written by a script held formulas with no result: their efforts and dates came
    in empty, with no word."""
    workshop = existing()
    sheet = read_sheet(formula_book(None), "p.xlsx")
    report = merge_sheet(workshop, sheet, "p.xlsx", {"Effort": "effort_weeks"})
    assert workshop.initiative("Alpha").effort_weeks is None
    assert workshop.initiative("Alpha").notes == {}
    [(row, said)] = report.warnings
    assert row == 2
    assert "a formula whose result the file does not hold" in said
    assert "open the file in Excel, save it, and import it again" in said


def test_a_formula_saved_with_its_result_is_read() -> None:
    workshop = existing()
    sheet = read_sheet(formula_book("6"), "p.xlsx")
    report = merge_sheet(workshop, sheet, "p.xlsx", {"Effort": "effort_weeks"})
    assert workshop.initiative("Alpha").effort_weeks == 6
    assert report.warnings == []


def test_a_german_sheet_is_read_in_its_own_words() -> None:
    """A Munich PMO's sheet, as German Excel saves it: no header and no status word was
    known, so nothing could be read without a --map for each column."""
    sheet = csv(
        "Vorhaben;Status;Verantwortlich;Startdatum;Kennzahl;Ausgangswert;Zielwert;Zieldatum\n"
        "Qualitätsprüfung;Pilotphase;Jürgen Müller;15.03.2026;Ausschussquote;12,5 %;8 %;"
        "30.09.2027\n"
        "Wartungsvorhersage;In Betrieb;Björn Schäfer;03.02.2026;Stillstände;14;7;31.12.2027\n"
        "Angebots-Copilot;Pausiert;Sören Köhler;01.04.2026;;;;\n"
        "Lieferantenrisiko;Eingestellt;Sören Köhler;12.01.2026;;;;\n"
        "Dokumentensuche;Idee;;;;;;\n",
        "cp1252",
    )
    workshop = existing()
    merge_sheet(workshop, sheet, "portfolio.csv")
    read = {n: workshop.initiative(n) for n in ("Qualitätsprüfung", "Wartungsvorhersage")}
    stages = {
        n: workshop.initiative(n).stage
        for n in ("Angebots-Copilot", "Lieferantenrisiko", "Dokumentensuche")
    }
    assert [read[n].stage for n in read] == [Stage.PILOT, Stage.PRODUCTION]
    assert stages == {
        "Angebots-Copilot": Stage.STALLED,
        "Lieferantenrisiko": Stage.KILLED,
        "Dokumentensuche": Stage.IDEA,
    }
    quality = read["Qualitätsprüfung"]
    assert quality.ownership.accountable == "Jürgen Müller"
    assert quality.started == dt.date(2026, 3, 15)
    assert (quality.value.metric, quality.value.baseline, quality.value.target) == (
        "Ausschussquote",
        12.5,
        8,
    )
    assert quality.value.due == dt.date(2027, 9, 30)


def test_a_french_sheet_is_read_in_its_own_words() -> None:
    sheet = csv(
        "\ufeffInitiative;Statut;Responsable;Date de début;Indicateur;Valeur initiale;"
        "Valeur cible;Échéance\n"
        "Contrôle qualité;Pilote;Amélie Lefèvre;03/02/2026;Taux de rebut;12,5;8;30/09/2027\n"
        "Maintenance prédictive;En production;Jérôme Gauthier;01/12/2025;;;;\n"
        "Assistant devis;Idée;Chloé Mercier;;;;;\n"
        "Analyse fournisseurs;En pause;;;;;;\n"
        "Traduction;Abandonné;;;;;;\n"
    )
    workshop = existing()
    merge_sheet(workshop, sheet, "portefeuille.csv")
    got = {
        n: workshop.initiative(n).stage
        for n in (
            "Contrôle qualité",
            "Maintenance prédictive",
            "Assistant devis",
            "Analyse fournisseurs",
            "Traduction",
        )
    }
    assert list(got.values()) == [
        Stage.PILOT,
        Stage.PRODUCTION,
        Stage.IDEA,
        Stage.STALLED,
        Stage.KILLED,
    ]
    control = workshop.initiative("Contrôle qualité")
    assert control.ownership.accountable == "Amélie Lefèvre"
    assert control.started == dt.date(2026, 2, 3)
    assert (control.value.metric, control.value.baseline, control.value.target) == (
        "Taux de rebut",
        12.5,
        8,
    )


@pytest.mark.parametrize(
    ("header", "weeks"), [("Aufwand (PT)", 24.0), ("Charge (j/h)", 24.0), ("Effort (days)", 24.0)]
)
def test_an_effort_column_named_with_its_unit_is_read_without_a_map(
    header: str, weeks: float
) -> None:
    """'Aufwand (PT)' and 'Effort (days)' were kept as notes; mapped by hand to effort, PT
    (person-days) was taken as weeks."""
    workshop = existing()
    merge_sheet(workshop, csv(f'Project,"{header}"\nAlpha,120\n'), "p.csv")
    assert workshop.initiative("Alpha").effort_weeks == weeks


def test_a_sheet_with_no_stage_column_leaves_each_stage_to_the_room() -> None:
    """A French sheet whose 'Statut' was not read brought every initiative in as an idea, the
    live one and the abandoned one too, and the report said nothing of it."""
    workshop = existing()
    report = merge_sheet(
        workshop, csv("Project,Etat du projet\nAlpha,Live\nBeta,Abandoned\n"), "p.csv"
    )
    assert [workshop.initiative(n).stage for n in ("Alpha", "Beta")] == [None, None]
    assert any(
        line.startswith("No column gives the stage, so each new initiative's stage is left")
        for line in report.lines()
    )
    # An initiative already in the workshop keeps its stage.
    report = merge_sheet(workshop, csv("Project\nClaims intake copilot\n"), "p.csv")
    assert workshop.initiative("Claims intake copilot").stage is Stage.PILOT
    assert not any(line.startswith("No column gives the stage") for line in report.lines())


def test_a_stage_moved_on_by_the_sheet_takes_its_stall_reason_away() -> None:
    """Imported as live, an initiative stalled in governance review read "Production · Stuck
    in governance review" in step 1."""
    workshop = existing()
    merge_sheet(workshop, csv("Project,Status,Blocker\nAlpha,On hold,governance review\n"), "p.csv")
    assert workshop.initiative("Alpha").stall_reason is StallReason.GOVERNANCE_REVIEW
    merge_sheet(workshop, csv("Project,Status\nAlpha,Live\n"), "p.csv")
    assert workshop.initiative("Alpha").stage is Stage.PRODUCTION
    assert workshop.initiative("Alpha").stall_reason is None
    merge_sheet(workshop, csv("Project,Status,Blocker\nAlpha,On hold,no capacity\n"), "p.csv")
    assert workshop.initiative("Alpha").stall_reason is StallReason.NO_CAPACITY


def test_a_percentage_and_an_amount_read_as_the_workbook_shows_them() -> None:
    """Excel keeps "12,5 %" as 0.125: a scrap rate of 12.5% came in as 0.125 with no unit
    ("Move scrap rate from 0.12 to 0.08"), where the same sheet as CSV read 12.5 and "%"; a
    cell formatted '#,##0 "€"' lost its €."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Vorhaben", "Kennzahl", "Ausgangswert", "Zielwert"])
    sheet.append(["Qualitätsprüfung", "Ausschussquote", 0.125, 0.07])
    sheet.append(["Wartungsvorhersage", "Stillstandskosten", 2500000, 1250000.5])
    for cell in ("C2", "D2"):
        sheet[cell].number_format = "0.0 %"
    for cell in ("C3", "D3"):
        sheet[cell].number_format = '#,##0.00 "€"'
    buffer = io.BytesIO()
    book.save(buffer)
    workshop = existing()
    merge_sheet(workshop, read_sheet(buffer.getvalue(), "p.xlsx"), "p.xlsx")
    rate = workshop.initiative("Qualitätsprüfung").value
    cost = workshop.initiative("Wartungsvorhersage").value
    assert (rate.unit, rate.baseline, rate.target) == ("%", 12.5, 7)
    assert (cost.unit, cost.baseline, cost.target) == ("€", 2500000, 1250000.5)


def test_a_column_named_as_the_name_finds_the_tracker_behind_a_cover_sheet() -> None:
    """A Munich workbook opens on a cover sheet: told "--map Vorhabenstitel=name", the import
    still read the cover and said it had no column 'Vorhabenstitel'."""
    book = Workbook()
    cover = book.active
    cover.title = "Deckblatt"
    cover.append(["Stand:", "01.12.2026"])
    cover.append(["Erstellt von:", "PMO"])
    tracker = book.create_sheet("Portfolio")
    tracker.append(["Vorhabenstitel", "Phase"])
    tracker.append(["Qualitätsprüfung", "Pilot"])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    assert read_sheet(data, "p.xlsx", tracker_score(None)).title == "Deckblatt"
    sheet = read_sheet(data, "p.xlsx", tracker_score(None, {"Vorhabenstitel": "name"}))
    assert sheet.title == "Portfolio"
    workshop = existing()
    merge_sheet(workshop, sheet, "p.xlsx", {"Vorhabenstitel": "name"})
    assert workshop.initiative("Qualitätsprüfung").stage is Stage.PILOT
