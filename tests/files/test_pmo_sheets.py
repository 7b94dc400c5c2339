"""Portfolios as PMOs keep them: their own headers, their own stage words, their own numbers,
saved by Windows Excel as CSV (cp1252, CRLF, ';' or ','), as UTF-8 with a BOM, as UTF-16
"Unicode text", or as XLSX with real date cells. Each sheet is written here, from one table,
so every expectation below is derived from that table.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import Workbook

from gaptools.core.model import Meta, Stage, Workshop
from gaptools.files.portfolio_import import merge_sheet
from gaptools.files.sheets import Sheet, read_sheet

HEADERS = [
    "Initiative",
    "Project owner",
    "Status",
    "Start date",
    "Business unit",
    "Est. effort (weeks)",
    "Notes",
]
# name, owner, status word, start, business unit, effort as typed, note
ROWS: list[tuple[str, str, str, dt.date, str, str, str]] = [
    ("Route optimiser", "Ana Souza", "Pilot", dt.date(2025, 10, 6), "Network", "10-12", ""),
    ("Dock scheduling", "Ben Ode", "Proof of concept", dt.date(2026, 1, 12), "Hubs", "~6", ""),
    ("Invoice & POD matching", "Chen Li", "PoC", dt.date(2025, 11, 3), "Finance", "6 wks", ""),
    ("Demand forecasting", "Dara Kim", "MVP", dt.date(2026, 4, 20), "Planning", "8", "Needs GPU"),
    ("Customs docs reader", "Eli Park", "Live", dt.date(2024, 9, 2), "Trade", "4", ""),
    ("Driver copilot", "Fay Lund", "Scaling", dt.date(2025, 2, 3), "Fleet", "5", "EU only"),
    ("Claims triage", "Gus Hale", "On hold", dt.date(2025, 6, 9), "Finance", "3", ""),
    ("Yard camera AI", "Hana Sato", "Cancelled", dt.date(2025, 3, 3), "Hubs", "2", ""),
    ("Tender writer", "Ana Souza", "Backlog", dt.date(2026, 9, 1), "Sales", "1,5", ""),
]
EXPECTED_STAGE = {
    "Pilot": Stage.PILOT,
    "Proof of concept": Stage.PILOT,
    "PoC": Stage.PILOT,
    "MVP": Stage.PILOT,
    "Live": Stage.PRODUCTION,
    "Scaling": Stage.PRODUCTION,
    "On hold": Stage.STALLED,
    "Cancelled": Stage.KILLED,
    "Backlog": Stage.IDEA,
}
EXPECTED_EFFORT = {"10-12": 11.0, "~6": 6.0, "6 wks": 6.0, "1,5": 1.5}


def effort(typed: str) -> float:
    return EXPECTED_EFFORT.get(typed, float(typed) if typed.isdigit() else float("nan"))


def csv_text(delimiter: str) -> str:
    """As Excel writes it: day-first dates, CRLF, fields quoted only where needed. In a ','
    sheet Excel quotes "1,5"; in a ';' sheet it need not."""
    lines = [delimiter.join(HEADERS)]
    for name, owner, status, start, unit, typed, note in ROWS:
        cells = [name, owner, status, start.strftime("%d/%m/%Y"), unit, typed, note]
        lines.append(delimiter.join(f'"{c}"' if delimiter in c else c for c in cells))
    return "\r\n".join(lines) + "\r\n"


def windows_csv_semicolon() -> Sheet:
    return read_sheet(csv_text(";").encode("cp1252"), "portfolio.csv")


def windows_csv_comma() -> Sheet:
    return read_sheet(csv_text(",").encode("cp1252"), "portfolio.csv")


def utf8_bom_csv() -> Sheet:
    return read_sheet(csv_text(",").encode("utf-8-sig"), "portfolio.csv")


def utf16_text() -> Sheet:
    return read_sheet(csv_text("\t").encode("utf-16"), "portfolio.txt")


def xlsx_with_dates() -> Sheet:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for name, owner, status, start, unit, typed, note in ROWS:
        number: Any = int(typed) if typed.isdigit() else typed
        sheet.append([name, owner, status, start, unit, number, note or None])
    buffer = io.BytesIO()
    book.save(buffer)
    return read_sheet(buffer.getvalue(), "portfolio.xlsx")


SHEETS: dict[str, Callable[[], Sheet]] = {
    "cp1252 ';' CSV": windows_csv_semicolon,
    "cp1252 ',' CSV": windows_csv_comma,
    "UTF-8 BOM CSV": utf8_bom_csv,
    "UTF-16 text": utf16_text,
    "XLSX with date cells": xlsx_with_dates,
}


def fresh() -> Workshop:
    return Workshop(meta=Meta(date=dt.date(2026, 11, 18)))


@pytest.mark.parametrize("kind", list(SHEETS))
def test_every_row_comes_in_with_its_fields(kind: str) -> None:
    workshop = fresh()
    report = merge_sheet(workshop, SHEETS[kind](), "portfolio")
    assert report.skipped == []
    assert [i.name for i in workshop.initiatives] == [row[0] for row in ROWS]
    for name, owner, status, start, unit, typed, note in ROWS:
        initiative = workshop.initiative(name)
        assert initiative.ownership.accountable == owner
        assert initiative.stage is EXPECTED_STAGE[status], status
        assert initiative.started == start
        assert initiative.area == unit
        assert initiative.effort_weeks == effort(typed), typed
        assert initiative.notes == ({"Notes": note} if note else {})


@pytest.mark.parametrize("kind", list(SHEETS))
def test_the_report_says_how_every_column_and_word_was_read(kind: str) -> None:
    report = merge_sheet(fresh(), SHEETS[kind](), "portfolio")
    lines = report.lines()
    assert lines[0] == f"Imported {len(ROWS)} rows from portfolio: {len(ROWS)} added, 0 updated."
    assert lines[1] == (
        "Columns read: 'Initiative' as name (a usual name), 'Project owner' as accountable"
        " owner (a usual name), 'Status' as stage (a usual name), 'Start date' as start date"
        " (a usual name), 'Business unit' as business area (a usual name), 'Est. effort"
        " (weeks)' as effort in weeks (a usual name)."
    )
    assert lines[2] == "Kept as notes, shown with each initiative: 'Notes'."
    words = [status for _, _, status, *_ in ROWS if status.casefold() != EXPECTED_STAGE[status]]
    assert (
        lines[3]
        == "Stages read: " + ", ".join(f"'{w}' as {EXPECTED_STAGE[w].value}" for w in words) + "."
    )
    # A reading names the column as the sheet heads it, so a PMO finds it.
    COLUMN = "effort_weeks ('Est. effort (weeks)')"  # noqa: N806
    for number, row in enumerate(ROWS, start=2):
        typed = row[5]
        said = [text for n, text in report.warnings if n == number]
        if typed in ("10-12",):
            assert said == [f"{COLUMN}: '{typed}' read as 11, the middle of the range"]
        elif typed.startswith("~"):
            assert said == [f"{COLUMN}: '{typed}' read as {typed[1:]}"]
        else:
            assert said == []


def test_the_diagnosis_sees_the_pilots_the_sheet_holds() -> None:
    """The reproduction: with the stages read, pilots older than a quarter are stuck."""
    from gaptools.steps.portfolio import diagnose

    workshop = fresh()
    merge_sheet(workshop, windows_csv_semicolon(), "portfolio.csv")
    limit = workshop.settings.purgatory_weeks
    expected = [
        name
        for name, _, status, start, *_ in ROWS
        if EXPECTED_STAGE[status] is Stage.PILOT and (workshop.meta.date - start).days / 7 > limit
    ]
    assert expected  # the table holds old pilots, or this test proves nothing
    assert sorted(diagnose(workshop).in_purgatory) == sorted(expected)


def test_an_unknown_stage_word_keeps_the_row_and_names_the_word() -> None:
    workshop = fresh()
    sheet = read_sheet(b"Initiative,Status\r\nGate review bot,Gate 2\r\nB,Live\r\n", "p.csv")
    report = merge_sheet(workshop, sheet, "p.csv")
    assert workshop.initiative("Gate review bot").stage is None
    assert report.warnings == [
        (
            2,
            "stage 'Gate 2' is not a word we know, so the stage is left for the room to choose"
            " (step 1)",
        )
    ]


def test_an_unknown_stage_word_leaves_an_existing_stage_alone() -> None:
    workshop = fresh()
    merge_sheet(workshop, read_sheet(b"Initiative,Status\nA,Live\n", "p.csv"), "p.csv")
    merge_sheet(workshop, read_sheet(b"Initiative,Status\nA,Gate 2\n", "p.csv"), "p.csv")
    assert workshop.initiative("A").stage is Stage.PRODUCTION


def test_a_decimal_comma_in_a_semicolon_sheet() -> None:
    """';' is what Excel writes where the comma is the decimal mark: 1,500 is one and a half."""
    workshop = fresh()
    sheet = read_sheet("Name;Effort;Baseline\r\nA;1,500;1.200\r\n".encode("cp1252"), "p.csv")
    merge_sheet(workshop, sheet, "p.csv")
    assert workshop.initiative("A").effort_weeks == 1.5
    assert workshop.initiative("A").value.baseline == 1200


def test_a_comma_sheet_reads_1500_as_thousands() -> None:
    workshop = fresh()
    merge_sheet(workshop, read_sheet(b'Name,Baseline\nA,"1,500"\n', "p.csv"), "p.csv")
    assert workshop.initiative("A").value.baseline == 1500
