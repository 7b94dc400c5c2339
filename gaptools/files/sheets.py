"""Reading the spreadsheets people actually bring: CSV from any Excel, or XLSX.

Handles what real exports contain: a UTF-8 byte-order mark, Windows-1252 text, UTF-16 "Unicode
text", ``;`` or tab instead of ``,``, CRLF line ends, blank rows, Excel date cells, dates
written ``YYYY-MM-DD`` or ``DD/MM/YYYY``, and numbers with thousands separators. Each row keeps
its spreadsheet row number, so every problem can be reported where the person will look.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gaptools.core.errors import WorkshopError

MAX_SHEET_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict[str, Any]  # normalised header -> raw cell value


@dataclass(frozen=True)
class Sheet:
    headers: list[str]  # as written in the file
    rows: list[Row]


def header_key(text: str) -> str:
    """Headers match ignoring case, spaces, underscores, hyphens: 'Effort Weeks' = effort_weeks."""
    return re.sub(r"[\s_\-]+", "", str(text)).casefold()


def read_sheet(data: bytes, filename: str) -> Sheet:
    """A sheet from a file's bytes; its suffix says whether it is CSV or XLSX."""
    if len(data) > MAX_SHEET_BYTES:
        raise WorkshopError(f"the file is too large ({len(data):,} bytes) for a portfolio sheet")
    suffix = Path(filename).suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        rows = _xlsx_rows(data)
    elif suffix in {".csv", ".txt", ".tsv"}:
        rows = _csv_rows(data)
    else:
        raise WorkshopError(f"cannot read '{suffix or filename}' files: use .csv or .xlsx")
    return _to_sheet(rows)


def read_sheet_file(path: Path | str) -> Sheet:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise WorkshopError("no such file", path) from None
    except IsADirectoryError:
        raise WorkshopError("is a folder, not a spreadsheet", path) from None
    except PermissionError:
        raise WorkshopError("permission denied: the file cannot be read", path) from None
    try:
        return read_sheet(data, path.name)
    except WorkshopError as error:
        raise WorkshopError(error.problems, path) from None


def _to_sheet(rows: Iterator[tuple[int, list[Any]]]) -> Sheet:
    header: list[Any] | None = None
    parsed: list[Row] = []
    for number, values in rows:
        if header is None:
            if _blank(values):
                continue
            header = [str(v).strip() if v is not None else "" for v in values]
            keys = [header_key(h) for h in header]
            continue
        if _blank(values):
            continue
        if len(parsed) >= MAX_ROWS:
            raise WorkshopError(f"the sheet has more than {MAX_ROWS:,} rows")
        cells = {k: v for k, v in zip(keys, values, strict=False) if k}
        parsed.append(Row(number=number, cells=cells))
    if header is None:
        raise WorkshopError("the sheet is empty: the first row should hold the column names")
    return Sheet(headers=[h for h in header if h], rows=parsed)


def _blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = decode_text(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise WorkshopError(f"the CSV cannot be read near row {reader.line_num}: {error}") from None


def decode_text(data: bytes) -> str:
    """Text from any of the encodings spreadsheet programs write."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    # A damaged workbook can fail in the zip layer, the XML parser or openpyxl itself, on
    # opening or only when a row is reached; all of them mean the same thing to the user.
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001
        raise WorkshopError(f"not a readable Excel workbook ({_short(error)})") from None
    try:
        sheet = book.worksheets[0]
        rows = [list(values) for values in sheet.iter_rows(values_only=True)]
    except Exception as error:  # noqa: BLE001
        raise WorkshopError(f"the Excel workbook is damaged ({_short(error)})") from None
    finally:
        book.close()
    yield from enumerate(rows, start=1)


def _short(error: Exception) -> str:
    return (str(error) or type(error).__name__)[:120]


# -- cells -----------------------------------------------------------------------------------


def text_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def date_cell(value: Any) -> dt.date | None:
    """A date from an Excel date cell or from ``YYYY-MM-DD`` / ``DD/MM/YYYY`` text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (write YYYY-MM-DD or DD/MM/YYYY)")


_GROUPED = [
    # 1,200,000 and 1,200.50: commas group thousands.
    (re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?"), ",", "."),
    # 1.200.000 and 1.200,50: dots group thousands (two groups, or a decimal comma after).
    (re.compile(r"[+-]?[1-9]\d{0,2}((\.\d{3}){2,}(,\d+)?|(\.\d{3})+,\d+)"), ".", ","),
    # 1 200 000 and 1'200.50: spaces or apostrophes group thousands.
    (re.compile(r"[+-]?[1-9]\d{0,2}([ ']\d{3})+([.,]\d+)?"), " '", ","),
]


def number_cell(value: Any) -> float | None:
    """A number from a numeric cell or text such as ``1,200,000``, ``1.200,5`` or ``35%``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    number = float(value) if isinstance(value, int | float) else _parse_number(str(value))
    if not math.isfinite(number):
        raise ValueError(f"'{value}' is not an ordinary number")
    return number


def _parse_number(raw: str) -> float:
    text = raw.strip().replace("\u00a0", " ").removesuffix("%").strip()
    text = re.sub(r"^([+-]?)[£$€]\s*", r"\1", text)
    for pattern, grouping, decimal in _GROUPED:
        if pattern.fullmatch(text):
            for mark in grouping:
                text = text.replace(mark, "")
            text = text.replace(decimal, ".")
            break
    else:
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # 12,5: a decimal comma
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"'{raw.strip()}' is not a number") from None


def choice_key(text: str) -> str:
    """Choices match like headers: 'Internal copilot', 'internal_copilot', 'INTERNAL-COPILOT'."""
    return header_key(text)
