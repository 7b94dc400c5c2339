"""Reading the spreadsheets teams bring: CSV from any Excel, XLSX, and the cells in them.

XLSX files are written with openpyxl inside each test, so the cases are visible here rather
than hidden in binary fixtures.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Sequence
from typing import Any

import pytest
from openpyxl import Workbook

from gaptools.core.errors import WorkshopError
from gaptools.core.numbers import plain
from gaptools.files import sheets
from gaptools.files.sheets import date_cell, header_key, number_cell, read_number, read_sheet
from tests.support import workbook_bytes


def xlsx(rows: Sequence[Sequence[Any]]) -> bytes:
    """A workbook whose first sheet holds ``rows`` (an empty row stays an empty row)."""
    book = Workbook()
    sheet = book.active
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def numbered(sheet: sheets.Sheet) -> list[tuple[int, dict[str, Any]]]:
    return [(row.number, row.cells) for row in sheet.rows]


# -- header names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("name", "name"),
        ("Name", "name"),
        ("  NAME ", "name"),
        ("Effort Weeks", "effortweeks"),
        ("effort_weeks", "effortweeks"),
        ("EFFORT-WEEKS", "effortweeks"),
        ("effort  _ weeks", "effortweeks"),
        ("Due", "due"),
    ],
)
def test_header_key_ignores_case_spaces_and_underscores(header: str, key: str) -> None:
    """People type headers many ways; they must still land in the same column."""
    assert header_key(header) == key


def test_header_key_keeps_different_words_apart() -> None:
    assert header_key("Sponsor") != header_key("Accountable")


# -- CSV -------------------------------------------------------------------------------------


def test_plain_csv() -> None:
    sheet = read_sheet(b"name,stage\nTriage,pilot\nSearch,idea\n", "p.csv")
    assert sheet.headers == ["name", "stage"]
    assert numbered(sheet) == [
        (2, {"name": "Triage", "stage": "pilot"}),
        (3, {"name": "Search", "stage": "idea"}),
    ]


def test_headers_are_kept_as_written_and_cells_keyed_by_normalised_name() -> None:
    sheet = read_sheet(b"Name,Effort Weeks\nTriage,4\n", "p.csv")
    assert sheet.headers == ["Name", "Effort Weeks"]
    assert numbered(sheet) == [(2, {"name": "Triage", "effortweeks": "4"})]


def test_utf8_byte_order_mark_is_not_part_of_the_first_header() -> None:
    """Excel's "CSV UTF-8" starts with a BOM; left in, 'name' would not be found."""
    data = "name,sponsor\nCafé bot,Zoë\n".encode("utf-8-sig")
    sheet = read_sheet(data, "p.csv")
    assert sheet.headers == ["name", "sponsor"]
    assert numbered(sheet) == [(2, {"name": "Café bot", "sponsor": "Zoë"})]


def test_windows_1252_text() -> None:
    """Excel's plain "CSV" on Windows writes cp1252: é is the single byte 0xE9."""
    data = "name,sponsor\nCafé – assistant,Zoë\n".encode("cp1252")
    assert b"\xe9" in data
    sheet = read_sheet(data, "p.csv")
    assert numbered(sheet) == [(2, {"name": "Café – assistant", "sponsor": "Zoë"})]


def test_utf16_unicode_text() -> None:
    """Excel's "Unicode text" is UTF-16 with tabs."""
    data = "name\tsponsor\nCafé bot\tZoë\n".encode("utf-16")
    sheet = read_sheet(data, "p.txt")
    assert sheet.headers == ["name", "sponsor"]
    assert numbered(sheet) == [(2, {"name": "Café bot", "sponsor": "Zoë"})]


def test_semicolon_delimiter() -> None:
    """European Excel writes ';' because ',' is the decimal mark."""
    sheet = read_sheet(b"name;baseline;target\nTriage;12,5;1.200,50\n", "p.csv")
    assert sheet.headers == ["name", "baseline", "target"]
    assert numbered(sheet) == [(2, {"name": "Triage", "baseline": "12,5", "target": "1.200,50"})]


def test_tab_delimiter() -> None:
    sheet = read_sheet(b"name\tstage\nTriage, phase 2\tpilot\n", "p.tsv")
    assert numbered(sheet) == [(2, {"name": "Triage, phase 2", "stage": "pilot"})]


def test_crlf_line_ends() -> None:
    """No stray carriage return may end up in the last column."""
    sheet = read_sheet(b"name,stage\r\nTriage,pilot\r\nSearch,idea\r\n", "p.csv")
    assert sheet.headers == ["name", "stage"]
    assert numbered(sheet) == [
        (2, {"name": "Triage", "stage": "pilot"}),
        (3, {"name": "Search", "stage": "idea"}),
    ]


def test_blank_rows_are_skipped_but_row_numbers_stay_as_shown() -> None:
    """A problem on "row 5" must be on row 5 when the person opens the file."""
    data = b"name,stage\r\nTriage,pilot\r\n\r\n,\r\nSearch,idea\r\n  ,  \r\nLast,idea\r\n"
    sheet = read_sheet(data, "p.csv")
    assert [row.number for row in sheet.rows] == [2, 5, 7]
    assert [row.cells["name"] for row in sheet.rows] == ["Triage", "Search", "Last"]


def test_blank_rows_above_the_header_are_skipped() -> None:
    sheet = read_sheet(b"\n\nname,stage\nTriage,pilot\n", "p.csv")
    assert sheet.headers == ["name", "stage"]
    assert numbered(sheet) == [(4, {"name": "Triage", "stage": "pilot"})]


def test_blank_rows_above_a_semicolon_header_are_skipped() -> None:
    """The delimiter must be read from the header, not from a blank line above it."""
    sheet = read_sheet(b"\r\nname;stage\r\nTriage;pilot\r\n", "p.csv")
    assert sheet.headers == ["name", "stage"]
    assert numbered(sheet) == [(3, {"name": "Triage", "stage": "pilot"})]


def test_quoted_fields_with_commas_quotes_and_line_breaks() -> None:
    """A description typed with Alt+Enter in Excel is one cell, and one spreadsheet row."""
    data = b'name,description\n"Triage, claims","First line\nsecond, line"\n"Search ""v2""",plain\n'
    sheet = read_sheet(data, "p.csv")
    assert numbered(sheet) == [
        (2, {"name": "Triage, claims", "description": "First line\nsecond, line"}),
        (3, {"name": 'Search "v2"', "description": "plain"}),
    ]


def test_short_rows_leave_missing_cells_out() -> None:
    sheet = read_sheet(b"name,stage,sponsor\nTriage\n", "p.csv")
    assert numbered(sheet) == [(2, {"name": "Triage"})]


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(WorkshopError, match="empty"):
        read_sheet(b"", "p.csv")


def test_a_file_of_blank_lines_is_refused() -> None:
    with pytest.raises(WorkshopError, match="empty"):
        read_sheet(b"\n\n , \n", "p.csv")


def test_a_header_only_file_has_no_rows() -> None:
    sheet = read_sheet(b"name,stage\n", "p.csv")
    assert sheet.headers == ["name", "stage"]
    assert sheet.rows == []


@pytest.mark.parametrize("filename", ["portfolio.ods", "portfolio.xls", "portfolio.json", "p"])
def test_an_unknown_suffix_is_refused_with_the_fix(filename: str) -> None:
    with pytest.raises(WorkshopError, match=r"\.csv or \.xlsx"):
        read_sheet(b"name\nTriage\n", filename)


def test_the_suffix_is_matched_ignoring_case() -> None:
    assert read_sheet(b"name\nTriage\n", "PORTFOLIO.CSV").rows[0].cells == {"name": "Triage"}


def test_a_too_large_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A huge upload must be refused before it is parsed, not after filling memory."""
    monkeypatch.setattr(sheets, "MAX_SHEET_BYTES", 100)
    data = b"name\n" + b"x" * 200 + b"\n"
    with pytest.raises(WorkshopError, match="too large"):
        read_sheet(data, "p.csv")
    assert read_sheet(b"name\nTriage\n", "p.csv").rows  # a small one still reads


def test_more_rows_than_the_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit allows exactly MAX_ROWS rows and refuses one more."""
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    five = "name\n" + "".join(f"Item {n}\n" for n in range(5))
    assert len(read_sheet(five.encode(), "p.csv").rows) == 5
    six = five + "Item 5\n"
    with pytest.raises(WorkshopError, match="more than 5 rows"):
        read_sheet(six.encode(), "p.csv")


def test_blank_rows_do_not_count_towards_the_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_ROWS", 2)
    sheet = read_sheet(b"name\nA\n\n\n\nB\n", "p.csv")
    assert [row.number for row in sheet.rows] == [2, 6]


# -- XLSX ------------------------------------------------------------------------------------


def test_xlsx_cells_keep_their_types() -> None:
    """Excel date cells arrive as dates and numeric cells as numbers, not as text."""
    data = xlsx(
        [
            ["Name", "Started", "Baseline", "Effort Weeks", "Stage"],
            ["Triage", dt.datetime(2026, 3, 2), 1200, 4.5, "Pilot"],
            ["Search", dt.date(2026, 4, 20), 0.125, 3, "idea"],
        ]
    )
    sheet = read_sheet(data, "portfolio.xlsx")
    assert sheet.headers == ["Name", "Started", "Baseline", "Effort Weeks", "Stage"]
    first, second = sheet.rows
    assert first.number == 2
    assert first.cells["name"] == "Triage"
    assert date_cell(first.cells["started"]) == dt.date(2026, 3, 2)
    assert first.cells["baseline"] == 1200
    assert first.cells["effortweeks"] == 4.5
    assert second.number == 3
    assert date_cell(second.cells["started"]) == dt.date(2026, 4, 20)
    assert second.cells["baseline"] == pytest.approx(0.125)


def test_xlsx_blank_rows_are_skipped_but_numbered_as_shown() -> None:
    data = xlsx(
        [
            [],
            ["name", "stage"],
            ["Triage", "pilot"],
            [],
            [None, None],
            ["Search", "idea"],
        ]
    )
    sheet = read_sheet(data, "p.xlsx")
    assert sheet.headers == ["name", "stage"]
    assert [(row.number, row.cells["name"]) for row in sheet.rows] == [(3, "Triage"), (6, "Search")]


def test_xlsx_text_with_spaces_only_counts_as_blank() -> None:
    data = xlsx([["name", "stage"], ["  ", " "], ["Triage", "pilot"]])
    assert [row.number for row in read_sheet(data, "p.xlsx").rows] == [3]


def test_xlsx_header_only() -> None:
    sheet = read_sheet(xlsx([["name", "stage"]]), "p.xlsx")
    assert sheet.headers == ["name", "stage"]
    assert sheet.rows == []


def test_an_empty_workbook_is_refused() -> None:
    with pytest.raises(WorkshopError, match="empty"):
        read_sheet(xlsx([]), "p.xlsx")


@pytest.mark.parametrize(
    "data",
    [
        b"name,stage\nTriage,pilot\n",  # a CSV renamed to .xlsx
        b"",
        b"PK\x03\x04 truncated",
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(data: bytes) -> None:
    with pytest.raises(WorkshopError, match="not a readable Excel workbook"):
        read_sheet(data, "portfolio.xlsx")


def test_a_cut_short_workbook_is_refused() -> None:
    """A half-copied download is a damaged zip; it must be a clear refusal, not a crash."""
    whole = xlsx([["name"], ["Triage"]])
    with pytest.raises(WorkshopError, match="not a readable Excel workbook"):
        read_sheet(whole[: len(whole) // 2], "portfolio.xlsx")


def damaged(part: str) -> bytes:
    """A real workbook whose ``part`` was overwritten, as a failed sync or bad tool leaves it."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["name"], ["Triage"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            target.writestr(name, b"<not xml" if name == part else source.read(name))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "part", ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]
)
def test_a_damaged_workbook_is_refused(part: str) -> None:
    """A zip that opens but holds broken XML is still "not readable", never a crash."""
    with pytest.raises(WorkshopError, match="not a readable Excel workbook"):
        read_sheet(damaged(part), "portfolio.xlsx")


def test_a_workbook_file_is_still_checked_for_size(monkeypatch: pytest.MonkeyPatch) -> None:
    data = xlsx([["name"], ["Triage"]])
    monkeypatch.setattr(sheets, "MAX_SHEET_BYTES", len(data) - 1)
    with pytest.raises(WorkshopError, match="too large"):
        read_sheet(data, "p.xlsx")


# -- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2026-03-02", dt.date(2026, 3, 2)),
        ("  2026-03-02 ", dt.date(2026, 3, 2)),
        ("02/03/2026", dt.date(2026, 3, 2)),  # day first: 2 March, not 3 February
        ("31/12/2026", dt.date(2026, 12, 31)),
        ("29/02/2028", dt.date(2028, 2, 29)),  # a leap day
        (dt.datetime(2026, 3, 2, 0, 0), dt.date(2026, 3, 2)),  # an Excel date cell
        (dt.datetime(2026, 3, 2, 17, 45), dt.date(2026, 3, 2)),
        (dt.date(2026, 3, 2), dt.date(2026, 3, 2)),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_date_cells(raw: Any, day: dt.date | None) -> None:
    parsed = date_cell(raw)
    assert parsed == day
    assert parsed is None or type(parsed) is dt.date


@pytest.mark.parametrize(
    "raw", ["31/02/2026", "2026-02-30", "29/02/2026", "13/13/2026", "next Tuesday", "2026"]
)
def test_impossible_or_unreadable_dates_are_refused(raw: str) -> None:
    """31 February must never become 3 March or 2 February."""
    with pytest.raises(ValueError, match="not a date"):
        date_cell(raw)


@pytest.mark.parametrize(
    ("column", "month_first", "shown_by", "unsure"),
    [
        (["25/03/2027", "04/05/2027"], False, "25/03/2027", ""),  # Europe: a day past the 12th
        (["04/05/2027", "03/25/2027"], True, "03/25/2027", ""),  # the United States
        (["04/05/2027", "05/04/2027", ""], False, "", "04/05/2027"),  # nothing settles it
        (["25/03/2027", "03/25/2027"], False, "25/03/2027", ""),  # both: day first
        (["01/01/2027", "2027-03-04", dt.datetime(2027, 3, 4), None], False, "", ""),
    ],
)
def test_a_columns_date_order_is_what_its_dates_show(
    column: list[Any], month_first: bool, shown_by: str, unsure: str
) -> None:
    order = sheets.date_order(column)
    assert (order.month_first, order.shown_by, order.unsure) == (month_first, shown_by, unsure)


def test_a_month_first_column_reads_month_first_and_refuses_a_day_first_date() -> None:
    assert date_cell("03/25/2027", month_first=True) == dt.date(2027, 3, 25)
    assert date_cell("04/05/2027", month_first=True) == dt.date(2027, 4, 5)
    assert date_cell("2027-04-05", month_first=True) == dt.date(2027, 4, 5)
    assert date_cell("5 Apr 2027", month_first=True) == dt.date(2027, 4, 5)
    with pytest.raises(ValueError, match=r"not a date \(write YYYY-MM-DD or MM/DD/YYYY\)"):
        date_cell("25/03/2027", month_first=True)  # never turned into another date


# -- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("1,200", 1200.0),
        ("1,200,000", 1_200_000.0),
        ("1,200.50", 1200.5),
        ("1.200.000", 1_200_000.0),
        ("1.200,50", 1200.5),
        ("0.125", 0.125),
        ("0,125", 0.125),
        ("12,5", 12.5),
        ("1 200", 1200.0),
        ("1\u00a0200", 1200.0),  # a no-break space, as French Excel writes it
        ("35%", 35.0),
        ("£1,200", 1200.0),
        ("€40", 40.0),
        ("-40", -40.0),
        ("  7 ", 7.0),
        (7, 7.0),
        (12.5, 12.5),
        (0, 0.0),
        (None, None),
        ("", None),
        ("  ", None),
    ],
)
def test_number_cells(raw: Any, number: float | None) -> None:
    parsed = number_cell(raw)
    if number is None:
        assert parsed is None
    else:
        assert parsed == pytest.approx(number)
        assert isinstance(parsed, float)


@pytest.mark.parametrize(
    "raw",
    [True, False, math.nan, math.inf, -math.inf, "nan", "NaN", "inf", "lots", "12 weeks", "1,2,3"],
)
def test_not_numbers_are_refused(raw: Any) -> None:
    """True is not 1, and NaN or infinity would poison every score computed from it."""
    with pytest.raises(ValueError, match="number"):
        number_cell(raw)


# -- caps: files far larger than a portfolio are refused in words, not read --------------------
#
# The real bombs (millions of cells or rows, a 400 MB cell) are measured in ``make bench``;
# here each cap is lowered so a small file shows its message.

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def crafted(
    sheet_data: str, shared: Sequence[str] = (), extra: dict[str, bytes] | None = None
) -> bytes:
    """A real workbook whose first sheet's rows are ``sheet_data`` (XML written by hand, as a
    hostile file would be), with ``shared`` as its shared texts and ``extra`` parts added."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["name"]])))
    parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1:XFD1048576"/>'
        f"<sheetData>{sheet_data}</sheetData></worksheet>"
    ).encode()
    if shared:
        items = "".join(f"<si><t>{text}</t></si>" for text in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{items}</sst>'.encode()
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_TYPE}"/>'
            "</Types>".encode(),
        )
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def text_row(number: int, *texts: str) -> str:
    cells = "".join(
        f'<c r="{column}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
        for column, text in zip("ABCDEFGHIJ", texts, strict=False)
    )
    return f'<row r="{number}">{cells}</row>'


def refusal(data: bytes, filename: str = "portfolio.xlsx") -> str:
    with pytest.raises(WorkshopError) as caught:
        read_sheet(data, filename)
    (problem,) = caught.value.problems
    return problem


def test_a_crafted_workbook_reads_within_its_extent() -> None:
    """The declared dimension (A1:XFD1048576 here) is not trusted: openpyxl is asked for the
    rows and columns that hold values only, so nothing is padded to 16,384 columns."""
    data = crafted(text_row(1, "name", "stage") + text_row(3, "Triage", "pilot"))
    sheet = read_sheet(data, "p.xlsx")
    assert numbered(sheet) == [(3, {"name": "Triage", "stage": "pilot"})]


def test_shared_texts_are_read() -> None:
    data = crafted(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c></row>',
        shared=["name", "Triage"],
    )
    assert read_sheet(data, "p.xlsx").rows[0].cells == {"name": "Triage"}


def test_an_xlsx_row_past_the_last_allowed_row_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 2.5-million-row sheet used to take 102 s; the scan stops at the first row too far."""
    monkeypatch.setattr(sheets, "MAX_SHEET_ROWS", 5)
    rows = "".join(text_row(n, f"Item {n}") for n in range(1, 7))
    problem = refusal(crafted(rows))
    assert problem.startswith("sheet 'Sheet', row 6: the sheet goes on past row 5,")
    assert read_sheet(crafted(rows[: rows.index('<row r="6"')]), "p.xlsx").rows


def test_an_empty_row_far_down_is_refused_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows without values still cost time to read, so their number is capped as well."""
    monkeypatch.setattr(sheets, "MAX_SHEET_ROWS", 5)
    problem = refusal(crafted(text_row(1, "name") + '<row r="1000000"/>'))
    assert problem.startswith("sheet 'Sheet', row 1,000,000: the sheet goes on past row 5,")


def test_an_xlsx_value_past_the_last_allowed_column_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sheets, "MAX_COLUMNS", 3)
    problem = refusal(crafted(text_row(1, "name", "a", "b") + text_row(2, "x", "y", "z", "w")))
    assert problem.startswith("sheet 'Sheet', row 2: a cell in column 4 lies beyond the 3 columns")


def test_empty_cells_past_the_last_column_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Excel writes formatted empty cells; only values count towards the column cap."""
    monkeypatch.setattr(sheets, "MAX_COLUMNS", 3)
    row = (
        text_row(1, "name")
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>T</t></is></c><c r="XFD2" s="1"/></row>'
    )
    assert read_sheet(crafted(row), "p.xlsx").rows[0].cells == {"name": "T"}


def test_a_row_of_more_cells_than_any_spreadsheet_holds_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 226 KB file with 2 million cells in one row used to take 57 s and 1.9 GB."""
    monkeypatch.setattr(sheets, "XLSX_COLUMNS", 50)
    row = '<row r="1">' + '<c s="1"/>' * 51 + "</row>"
    problem = refusal(crafted(row))
    assert problem.startswith("sheet 'Sheet', row 1: the row holds more than 50 cells")


def test_a_sheet_of_too_many_cells_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_CELLS", 10)
    rows = "".join(f'<row r="{n}"><c/><c/><c/></row>' for n in range(1, 5))
    problem = refusal(crafted(rows))
    assert problem.startswith("sheet 'Sheet', row 4: the sheet holds more than 10 cells")


def test_an_xlsx_cell_too_long_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 394 KB file with one 400 MB cell used to take 1.45 GB and end in a MemoryError."""
    monkeypatch.setattr(sheets, "MAX_CELL_CHARS", 20)
    problem = refusal(crafted(text_row(1, "name") + text_row(2, "x" * 21)))
    assert problem.startswith("sheet 'Sheet', row 2: a cell holds more than 20 characters")
    assert read_sheet(crafted(text_row(1, "name") + text_row(2, "x" * 20)), "p.xlsx").rows


def test_a_shared_text_too_long_is_refused_before_it_is_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sheets, "MAX_CELL_CHARS", 20)
    data = crafted('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared=["name", "y" * 21])
    assert refusal(data).startswith("the workbook holds a text of more than 20 characters")


def test_a_workbook_that_unpacks_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = crafted(text_row(1, "name"))
    monkeypatch.setattr(sheets, "MAX_UNCOMPRESSED_BYTES", 1000)
    assert refusal(data).startswith("the workbook unpacks to more than 1,000 bytes")


def test_a_part_openpyxl_parses_whole_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_PART_BYTES", 50_000)  # above every other part's size
    styles = b"<styleSheet>" + b" " * 50_000 + b"</styleSheet>"
    problem = refusal(crafted(text_row(1, "name"), extra={"xl/styles.xml": styles}))
    assert problem.startswith("the workbook's part 'xl/styles.xml' unpacks to")


def test_a_document_type_declaration_is_refused() -> None:
    """Entity expansion is how XML bombs work; a workbook never declares a document type."""
    sheet = (
        f'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]><worksheet xmlns="{MAIN}">'
        "<sheetData/></worksheet>"
    ).encode()
    problem = refusal(crafted("", extra={"xl/worksheets/sheet1.xml": sheet}))
    assert "not a readable Excel workbook" in problem


def test_a_csv_row_past_the_last_allowed_row_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blank lines cost no initiative but still time: their row numbers are capped."""
    monkeypatch.setattr(sheets, "MAX_SHEET_ROWS", 5)
    problem = refusal(b"name\n" + b"\n" * 10 + b"x\n", "p.csv")
    assert problem.startswith("row 6: the sheet goes on past row 5,")


def test_a_csv_value_past_the_last_allowed_column_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sheets, "MAX_COLUMNS", 3)
    problem = refusal(b"name,a,b\nx,,,,,,y\n", "p.csv")
    assert problem.startswith("row 2: a cell in column 7 lies beyond the 3 columns")
    assert read_sheet(b"name,a,b\nx,,,,,,\n", "p.csv").rows  # empty trailing cells are fine


def test_a_csv_cell_too_long_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_CELL_CHARS", 20)
    problem = refusal(b"name\n" + b"x" * 21 + b"\n", "p.csv")
    assert problem.startswith("row 2: a cell holds more than 20 characters")


def test_the_caps_are_documented_and_sensible() -> None:
    assert sheets.MAX_ROWS < sheets.MAX_SHEET_ROWS <= 20_000
    assert sheets.MAX_COLUMNS <= 200
    assert sheets.MAX_CELL_CHARS <= 10_000
    assert sheets.MAX_UNCOMPRESSED_BYTES <= 100 * 1024 * 1024


def with_second_sheet(sheet_xml: str) -> bytes:
    """A workbook whose first sheet is a small table and whose second is ``sheet_xml``."""
    book = Workbook()
    book.active.append(["name"])
    book.active.append(["Triage"])
    book.create_sheet("Lookup")
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet2.xml":
                data = f'<worksheet xmlns="{MAIN}">{sheet_xml}</worksheet>'.encode()
            target.writestr(name, data)
    return target_buffer.getvalue()


def test_a_second_sheet_is_only_scanned_when_openpyxl_would_parse_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """openpyxl parses every sheet without a declared dimension when the workbook opens: such
    a sheet is held to the caps; one with a dimension is never parsed, so it may be large."""
    monkeypatch.setattr(sheets, "MAX_SHEET_ROWS", 5)
    rows = "<sheetData>" + "".join(text_row(n, "x") for n in range(1, 10)) + "</sheetData>"
    problem = refusal(with_second_sheet(rows))
    assert problem.startswith("sheet 'Lookup', row 6: the sheet goes on past row 5,")
    declared = with_second_sheet('<dimension ref="A1:A9"/>' + rows)
    assert read_sheet(declared, "p.xlsx").rows[0].cells == {"name": "Triage"}


def test_a_csv_cell_past_the_csv_modules_own_limit_is_refused_alike() -> None:
    """Python's csv module stops at 131,072 characters with its own wording; ours is used."""
    problem = refusal(b"name\n" + b"x" * 200_000 + b"\n", "p.csv")
    assert problem.startswith("row 2: a cell holds more than 10,000 characters")


# -- numbers and dates as people write them --------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "number", "note"),
    [
        ("10-12", 11, "'10-12' read as 11, the middle of the range"),
        ("10 – 12", 11, "'10 – 12' read as 11, the middle of the range"),
        ("6 to 9", 7.5, "'6 to 9' read as 7.5, the middle of the range"),
        ("~6", 6, "'~6' read as 6"),
        ("c. 6", 6, "'c. 6' read as 6"),
        ("approx. 4", 4, "'approx. 4' read as 4"),
        ("6", 6, ""),
        ("-3", -3, ""),
    ],
)
def test_estimates_and_ranges_say_how_they_were_read(typed: str, number: float, note: str) -> None:
    assert sheets.read_number(typed) == sheets.Reading(number, note)


@pytest.mark.parametrize("typed", ["6 wks", "6 weeks", "6 week", "6w", "6 Wk.", "~6 weeks"])
def test_efforts_may_carry_their_unit(typed: str) -> None:
    assert sheets.read_number(typed, weeks=True).number == 6
    with pytest.raises(ValueError, match="is not a number"):
        sheets.read_number(typed)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("£1.2m", 1_200_000),
        ("1.2m", 1_200_000),
        ("900k", 900_000),
        ("£0.9m", 900_000),
        ("$2bn", 2_000_000_000),
        ("1.2M", 1_200_000),
        ("900K", 900_000),
        ("2B", 2_000_000_000),
        ("1.5mn", 1_500_000),
        ("£ 1.2 m", 1_200_000),
        ("-£1.5m", -1_500_000),
        ("€40k", 40_000),
        ("1,200k", 1_200_000),
        ("1.1m", 1_100_000),  # not 1,100,000.0000000002
        ("12 thousand", 12_000),
        ("1.2 million", 1_200_000),
        ("1.2 Million", 1_200_000),
        ("3 billion", 3_000_000_000),
        ("£1,200,000", 1_200_000),
    ],
)
def test_amounts_may_carry_their_size(typed: str, number: float) -> None:
    """A budget line says "£1.2m" and "900k"; the box took "£1,200,000" and refused those."""
    assert sheets.read_number(typed) == sheets.Reading(number)


@pytest.mark.parametrize(
    ("typed", "number"),
    [("40 €", 40), ("1 200 €", 1200), ("1.2m€", 1_200_000), ("900k £", 900_000)],
)
def test_a_currency_written_after_the_amount_is_read(typed: str, number: float) -> None:
    """ "40 €", as much of Europe writes an amount, was "not a number"."""
    assert sheets.read_number(typed) == sheets.Reading(number)


def test_a_sized_estimate_says_how_it_was_read() -> None:
    assert sheets.read_number("~£1.2m") == sheets.Reading(1_200_000, "'~£1.2m' read as 1200000")


@pytest.mark.parametrize("typed", ["1.2mm", "1.2m%", "1-2m", "1.2q", "m", "£k", "1.2 mil"])
def test_an_unclear_size_is_refused_with_what_would_work(typed: str) -> None:
    """ "mm" is millions to a banker and millimetres to an engineer; "1-2m" could be 1 to 2
    million or 1 to 2,000,000 pounds: the leader is told what to type instead."""
    with pytest.raises(ValueError, match=r"is not a number: type it as 1200000, 1\.2m or £1\.2m"):
        sheets.read_number(typed)


@pytest.mark.parametrize(
    "typed", ["4 hours", "4 h", "4 hrs", "4h/month", "4 hours a month", "4 hrs per month", "4 Hr."]
)
def test_hours_a_month_may_carry_their_unit(typed: str) -> None:
    """A leader's learning time was refused as "'4 hours' is not a number"."""
    assert sheets.read_number(typed, unit=sheets.HOURS_A_MONTH) == sheets.Reading(4)


@pytest.mark.parametrize("typed", ["4 hours a week", "4 hours a day", "4 weeks", "4m"])
def test_hours_over_another_period_are_refused(typed: str) -> None:
    """4 hours a week is not 4 hours a month: the leader is asked, not misread."""
    with pytest.raises(ValueError, match="is not a number: type it as 4 or 4 hours a month"):
        sheets.read_number(typed, unit=sheets.HOURS_A_MONTH)


def test_a_count_of_weeks_takes_no_size() -> None:
    """In an effort, "2m" could be two months: it is refused, not read as two million weeks."""
    with pytest.raises(ValueError, match="type it as 16 or 16 weeks"):
        sheets.read_number("2m", weeks=True)


@pytest.mark.parametrize("number", [1_200_000, 900_000, 2.5e9, -3_400_000, 7e12, 1234])
def test_a_number_as_shown_reads_back(number: float) -> None:
    """A box shows "1.2 million" for the number it keeps: typed back, it is the same number."""
    assert sheets.read_number(plain(number).replace("−", "-")).number == pytest.approx(number)


@pytest.mark.parametrize(
    ("typed", "comma_sheet", "number"),
    [
        ("1,5", True, 1.5),
        ("1,500", True, 1.5),
        ("1.500", True, 1500),
        ("1.200,5", True, 1200.5),
        ("1,5", False, 1.5),
        ("1,500", False, 1500),
        ("1.500", False, 1.5),
    ],
)
def test_a_semicolon_sheet_writes_decimal_commas(
    typed: str, comma_sheet: bool, number: float
) -> None:
    assert sheets.read_number(typed, decimal_comma=comma_sheet).number == number


def test_a_backwards_range_is_refused() -> None:
    with pytest.raises(ValueError, match="runs backwards"):
        sheets.read_number("12-10")


def test_only_a_semicolon_csv_is_a_decimal_comma_sheet() -> None:
    assert read_sheet(b"a;b\n1;2\n", "p.csv").decimal_comma
    assert not read_sheet(b"a,b\n1,2\n", "p.csv").decimal_comma
    assert not read_sheet(xlsx([["a"], [1]]), "p.xlsx").decimal_comma


@pytest.mark.parametrize(
    "typed", ["03/02/2026", "3/2/2026", "03.02.2026", "03-02-2026", "3 Feb 2026", "3-Feb-26"]
)
def test_dates_as_europe_writes_them(typed: str) -> None:
    assert date_cell(typed) == dt.date(2026, 2, 3)


def test_headers_match_ignoring_punctuation() -> None:
    assert header_key("Est. effort (weeks)") == header_key("est_effort_weeks") == "esteffortweeks"


def test_a_repeated_header_is_read_once_and_named() -> None:
    sheet = read_sheet(b"Name,Owner,owner\nA,Ana,Ben\n", "p.csv")
    assert sheet.headers == ["Name", "Owner"]
    assert sheet.repeated == ("owner",)
    assert sheet.rows[0].cells == {"name": "A", "owner": "Ana"}


def test_rows_hidden_in_the_workbook_are_left_out_and_named() -> None:
    """A PMO hid two archived rows ('ARCHIVED – do not report'), one of them in production:
    both came in as initiatives without a word. A hidden row is left out, and the sheet says
    which rows it left out."""
    book = Workbook()
    sheet = book.active
    for row in [
        ["Project", "Stage"],
        ["Alpha", "pilot"],
        ["Old bot", "production"],
        ["Beta", "idea"],
    ]:
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    read = read_sheet(buffer.getvalue(), "p.xlsx")
    assert [row.cells["project"] for row in read.rows] == ["Alpha", "Beta"]
    assert read.hidden == (3,)


def test_columns_hidden_in_the_workbook_are_read_and_named() -> None:
    """A PMO hid 'Budget (old)' and 'Sponsor (2025)': both were read as fields or notes
    without a word. A hidden column is read like the others, and the sheet names it."""
    rows = [
        ["Project", "Budget (old)", "Stage", "Sponsor (2025)"],
        ["Alpha", "120k", "pilot", "Ana"],
    ]
    read = read_sheet(workbook_bytes(rows, hidden_columns=("B", "D")), "p.xlsx")
    assert read.rows[0].cells["budgetold"] == "120k"
    assert read.hidden_columns == ("Budget (old)", "Sponsor (2025)")
    assert read_sheet(b"Project,Stage\nA,pilot\n", "p.csv").hidden_columns == ()


def test_a_cell_merged_down_several_rows_is_read_on_each() -> None:
    """A PMO merged one sponsor's cell over the three initiatives they sponsor: Excel keeps the
    value in the first row only, and the other two came in with no sponsor and no word. A
    title merged across the columns stays the single title it is."""
    book = Workbook()
    sheet = book.active
    for row in [
        ["AI portfolio, Q3", None, None],
        ["Project", "Sponsor", "Stage"],
        ["Alpha", "Chief Operating Officer", "pilot"],
        ["Beta", None, "idea"],
        ["Gamma", None, "PoC"],
        ["Delta", "CFO", None],
        ["Epsilon", None, None],
    ]:
        sheet.append(row)
    sheet.merge_cells("A1:C1")
    sheet.merge_cells("B3:B5")
    sheet.merge_cells("C6:C7")  # an empty merge stays empty
    buffer = io.BytesIO()
    book.save(buffer)
    read = read_sheet(buffer.getvalue(), "p.xlsx")
    assert [(row.cells["project"], row.cells["sponsor"] or "") for row in read.rows] == [
        ("Alpha", "Chief Operating Officer"),
        ("Beta", "Chief Operating Officer"),
        ("Gamma", "Chief Operating Officer"),
        ("Delta", "CFO"),
        ("Epsilon", ""),
    ]
    assert [row.cells["stage"] or "" for row in read.rows] == ["pilot", "idea", "PoC", "", ""]


@pytest.mark.parametrize(
    ("value", "shown_as", "text"),
    [
        (0.25, "0%", "25%"),
        (0.125, "0.0%", "12.5%"),
        (450, '"$"#,##0', "$450"),
        (1200.5, "[$€-407] #,##0.00", "€1,200.50"),
        (1500, "#,##0 [$£-809]", "1,500 £"),
        (0.25, "General", "0.25"),
    ],
)
def test_a_cell_kept_as_text_reads_as_excel_shows_it(value: float, shown_as: str, text: str):
    """'Benefit realised %' formatted as 25% was kept as the note '0.25', and '$450' as
    '450': a number kept as text reads as the sheet shows it, and still counts as its value."""
    book = Workbook()
    book.active.append(["Name", "Share"])
    book.active.append(["Alpha", value])
    book.active["B2"].number_format = shown_as
    buffer = io.BytesIO()
    book.save(buffer)
    [row] = read_sheet(buffer.getvalue(), "p.xlsx").rows
    assert sheets.text_cell(row.cells["share"]) == text
    assert row.cells["share"] == value


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("2027-04-05", "2027-04-05"),
        ("5 Apr 2027", "2027-04-05"),
        ("30/04/2027", "2027-04-30"),
        ("04/30/2027", "2027-04-30"),
        ("30.04.2027", "2027-04-30"),
        ("05/05/2027", "2027-05-05"),  # both ways the same day
        ("Jan 13, 2027", "2027-01-13"),  # as a calendar invitation writes it
        ("January 13 2027", "2027-01-13"),
        ("13 January, 2027", "2027-01-13"),
    ],
)
def test_a_typed_date_is_read_the_one_way_it_can_be(typed: str, read: str) -> None:
    from gaptools.files.sheets import typed_date

    assert typed_date(typed).isoformat() == read


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("04/05/2027", "'04/05/2027' could be 5 Apr 2027 or 4 May 2027: write it as YYYY-MM-DD"),
        ("31/31/2027", "'31/31/2027' is not a date"),
        ("next Tuesday", "'next Tuesday' is not a date"),
        ("13 Jan", "'13 Jan' has no year: write it with its year, or as YYYY-MM-DD"),
    ],
)
def test_a_typed_date_that_is_not_one_date_is_refused_in_words(typed: str, said: str) -> None:
    from gaptools.files.sheets import typed_date, typed_dates

    with pytest.raises(ValueError, match=re.escape(said)):
        typed_date(typed)
    with pytest.raises(ValueError, match=re.escape(said)):
        typed_dates(f"2027-04-01; {typed}")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("22/01/2027, 12/02/2027", ["2027-01-22", "2027-02-12"]),  # the day comes first
        ("01/22/2027; 12/02/2027", ["2027-01-22", "2027-12-02"]),  # the month comes first
        ("12/02/2027, 2027-03-01", None),  # nothing in the box settles it
        ("12/02/2027, 30/04/2027, 04/30/2027", None),  # the others disagree
        # "Jan 13, 2027, Jan 27, 2027" read "Jan 13" and "2027": a comma before a year is
        # the date's own.
        ("Jan 13, 2027, Jan 27, 2027", ["2027-01-13", "2027-01-27"]),
        ("2026-12-09, 2027-01-13", ["2026-12-09", "2027-01-13"]),
    ],
)
def test_dates_typed_in_one_box_show_each_other_s_order(typed: str, read: list[str] | None) -> None:
    """ "22/01/2027, 12/02/2027" was refused for its second date, which the first shows to be
    written day first: a box of dates is read as a sheet's column is."""
    from gaptools.files.sheets import typed_dates

    if read is None:
        with pytest.raises(ValueError, match="could be 12 Feb 2027 or 2 Dec 2027"):
            typed_dates(typed)
    else:
        assert [d.isoformat() for d in typed_dates(typed)] == read


def test_a_header_of_no_letter_is_named_as_such_not_as_repeated() -> None:
    """A PMO's '#' column of row numbers was said to be 'a second column' though the sheet
    had one '#': its name has nothing to match a field by, which is what the reader says."""
    sheet = read_sheet(b"#,Name,Owner\n1,A,Ana\n", "p.csv")
    assert (sheet.repeated, sheet.unnamed) == ((), ("#",))
    assert sheet.rows[0].cells == {"name": "A", "owner": "Ana"}


@pytest.mark.parametrize(
    ("typed", "decimal_comma", "number", "instead"),
    [("2.000", False, 2, "2000"), ("£1.250", False, 1.25, "1250"), ("2,000", True, 2, "2000")],
)
def test_a_mark_before_three_digits_read_as_decimal_says_so(
    typed: str, decimal_comma: bool, number: float, instead: str
) -> None:
    """A PMO's '2.000' budget (two thousand, as much of Europe writes it) came in as 2
    without a word; the sheet's decimal mark settles it, and the import now says so."""
    reading = read_number(typed, decimal_comma)
    assert reading.number == number
    assert f"type {instead} if it separates thousands" in reading.note


@pytest.mark.parametrize(
    ("typed", "decimal_comma"), [("2.000", True), ("2,000", False), ("1.5", False), ("12", False)]
)
def test_a_number_read_one_way_only_has_no_note(typed: str, decimal_comma: bool) -> None:
    assert read_number(typed, decimal_comma).note == ""
