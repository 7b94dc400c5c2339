"""Reading the spreadsheets people actually bring: CSV from any Excel, or XLSX.

Handles what real exports contain: a UTF-8 byte-order mark, Windows-1252 text, UTF-16 "Unicode
text", ``;`` or tab instead of ``,``, CRLF line ends, blank rows, Excel date cells, dates
written ``YYYY-MM-DD`` or ``DD/MM/YYYY``, and numbers with thousands separators. Each row keeps
its spreadsheet row number, so every problem can be reported where the person will look.

A sheet is small: a team's list of initiatives. Anything far larger is refused in a sentence
before it can take minutes or gigabytes. An XLSX file is a zip of XML that a few hundred
kilobytes can unpack into gigabytes, and openpyxl holds a whole row, and every shared text,
in memory; so the zip's declared sizes are checked first (``zipfile`` never unpacks more than
a member declares), then the shared texts and the sheet are scanned with a streaming XML parser
that stops at the first cap exceeded, and only then does openpyxl read the rows, bounded to the
extent the scan found.
"""

from __future__ import annotations

import calendar
import contextlib
import csv
import dataclasses
import datetime as dt
import functools
import io
import itertools
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.parsers import expat

from gaptools.core.errors import WorkshopError
from gaptools.core.model import QuarterRef
from gaptools.core.numbers import percent
from gaptools.core.quarter import Quarter, day_text, quarter_from_ref
from gaptools.core.text import GUARDED, header_key
from gaptools.files.reading import read_regular

MAX_SHEET_BYTES = 20 * 1024 * 1024  # the file as stored
MAX_ROWS = 10_000  # rows with something in them, below the header
MAX_SHEET_ROWS = 20_000  # the last row number used, counting the header and blank rows
MAX_COLUMNS = 200  # the last column holding a value
MAX_CELL_CHARS = 10_000  # characters in one cell
# Cells an XLSX sheet may hold, empty or not: 10,000 initiatives in 20 columns. openpyxl reads
# some 25,000 cells a second, so this bounds the time any accepted sheet takes to seconds.
MAX_CELLS = 200_000
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # an XLSX file's members, unpacked, all together
MAX_PART_BYTES = 10 * 1024 * 1024  # an XLSX member openpyxl parses whole (styles, workbook ...)
XLSX_COLUMNS = 16_384  # column XFD: no spreadsheet row can hold more cells than this


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict[str, Any]  # normalised header -> raw cell value


@dataclass(frozen=True)
class Sheet:
    headers: list[str]  # as written in the file, each once (a repeated header is read once)
    rows: list[Row]
    decimal_comma: bool = False  # a ';' CSV comes from a locale that writes 1,5 for 1.5
    repeated: tuple[str, ...] = ()  # headers written twice: only the first column is read
    unnamed: tuple[str, ...] = ()  # headers of no letter or digit ('#'): nothing to match by
    titles: tuple[int, ...] = ()  # rows above the column names holding one cell: a title
    headings: tuple[int, ...] = ()  # rows of several cells above the column names, looked past
    names_rows: tuple[int, ...] = ()  # the two rows the column names run over, if two
    hidden: tuple[int, ...] = ()  # rows hidden in the workbook, left out
    hidden_columns: tuple[str, ...] = ()  # headers of columns hidden in the workbook, read
    title: str = ""  # the workbook's sheet read ("" for a CSV file)
    passed: tuple[str, ...] = ()  # the workbook's sheets before it, passed over


def read_sheet(data: bytes, filename: str, score: Score | None = None) -> Sheet:
    """A sheet from a file's bytes; its suffix says whether it is CSV or XLSX.

    ``score`` rates a row as the column names (0: not them): the column names are then the
    best of the first rows (group headings or a line of notes may sit above them), and of a
    workbook the first worksheet where any row scores (a tracker behind a cover sheet)."""
    if len(data) > MAX_SHEET_BYTES:
        raise WorkshopError(
            f"the file is too large ({len(data):,} bytes) for a sheet of initiatives or"
            " survey answers"
        )
    suffix = Path(filename).suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _workbook_sheet(data, score)
    if suffix in {".csv", ".txt", ".tsv"}:
        text = decode_text(data)
        delimiter = _delimiter(text)
        rows = list(_csv_rows(text, delimiter))
        names = _header_row(rows, score) if score else _Names()
        return _to_sheet(iter(rows), decimal_comma=delimiter == ";", names=names)
    raise WorkshopError(f"cannot read '{suffix or filename}' files: use .csv or .xlsx")


Score = Callable[[list[str]], int]


def _workbook_sheet(data: bytes, score: Score | None) -> Sheet:
    """The first worksheet with a row that ``score`` rates (the first one when there is no
    ``score``, or when none does), from its best row of column names."""
    titles: list[str] = []
    first: tuple[str, list[tuple[int, list[Any]]], Hidden] | None = None
    with contextlib.closing(_xlsx_sheets(data)) as worksheets:
        for title, rows, hidden in worksheets:
            titles.append(title)
            if rows is None:
                continue  # a sheet past a cap is not the tracker
            first = first or (title, rows, hidden)
            names = _header_row(rows, score) if score else _Names(score=1)
            if names.score > 0:
                sheet = _to_sheet(iter(rows), hidden=hidden, names=names)
                return dataclasses.replace(sheet, title=title, passed=tuple(titles[:-1]))
    assert first is not None  # the first sheet is read, or refused in words
    title, rows, hidden = first
    return dataclasses.replace(_to_sheet(iter(rows), hidden=hidden), title=title)


@dataclass(frozen=True)
class Hidden:
    """What a worksheet hides: rows (numbered) and columns (numbered from 1)."""

    rows: frozenset[int] = frozenset()
    columns: frozenset[int] = frozenset()


@dataclass(frozen=True)
class _Names:
    """Where the column names are: ``skip`` rows of several cells (past any title) looked past
    before them, ``score`` as ``Score`` rates them, and over how many rows they run (1, or 2:
    a heading over several columns with the names of its columns under it)."""

    skip: int = 0
    score: int = 0
    rows: int = 1


def _header_row(rows: list[tuple[int, list[Any]]], score: Score) -> _Names:
    """Which of the first rows with several cells (past any title) are the column names: the
    first of the best, none looked past when no row scores; and whether the row above or
    below completes it (``_completed``)."""
    ahead, _ = _past_titles(iter(rows))
    candidates: list[tuple[int, list[str]]] = []
    for number, values in ahead:
        if _blank(values):
            continue
        candidates.append((number, [_header_text(v) for v in values]))
        if len(candidates) > TITLE_ROWS:
            break
    scores = [score(headers) for _, headers in candidates]
    best = max(scores, default=0)
    if best <= 0:
        return _Names()
    at = scores.index(best)
    for upper in (at, at - 1):
        pair = candidates[upper : upper + 2] if upper >= 0 else []
        if len(pair) == 2 and pair[1][0] == pair[0][0] + 1:
            both = _completed(pair[0][1], pair[1][1])
            if both is not None and score(both) > best:
                return _Names(upper, score(both), 2)
    return _Names(at, best)


def _completed(upper: list[str], lower: list[str]) -> list[str] | None:
    """The column names of two rows read as one: each column's lower name, else the one above
    it. A PMO's sheet often groups its columns under a heading ('Value' over 'Metric',
    'Baseline', 'Target'): the heading's row alone lost the names under it, and the row of
    names read as an initiative with no name. None when ``lower`` is not such a row: where
    both rows hold different words, the upper one must head a group (the cell after it blank
    above, named below), as a merged heading does; a row of an initiative's values under the
    names does not."""
    width = max(len(upper), len(lower))
    upper = upper + [""] * (width - len(upper))
    lower = lower + [""] * (width - len(lower))
    for n, (above, below) in enumerate(zip(upper, lower, strict=True)):
        if above and below and above != below and not _heads_a_group(upper, lower, n):
            return None
    return [below or above for above, below in zip(upper, lower, strict=True)]


def _heads_a_group(upper: list[str], lower: list[str], n: int) -> bool:
    return n + 1 < len(upper) and not upper[n + 1] and bool(lower[n + 1])


def _header_text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def read_sheet_file(path: Path | str, score: Score | None = None) -> Sheet:
    """A sheet from a file on disk; only a regular file of at most ``MAX_SHEET_BYTES`` is read
    (a pipe or a device would hang or fill memory)."""
    path = Path(path)
    data = read_regular(path, MAX_SHEET_BYTES, "spreadsheet")
    try:
        return read_sheet(data, path.name, score)
    except WorkshopError as error:
        raise WorkshopError(error.problems, path) from None


def _to_sheet(
    rows: Iterator[tuple[int, list[Any]]],
    decimal_comma: bool = False,
    hidden: Hidden = Hidden(),
    names: _Names = _Names(),
) -> Sheet:
    """The sheet ``rows`` hold. ``hidden.rows`` are rows hidden in a workbook: someone hid
    them so that they would not be reported (archived, cancelled), so they are left out, and
    named. A hidden column is read like the others (hiding one is as often a matter of the
    screen's width) and named, so that one kept out of sight on purpose can be left out.
    ``names`` says how many rows of several cells past the title to look past before the
    column names, and over how many rows these run (``_header_row``)."""
    header: list[str] | None = None
    left_out: list[int] = []
    spread: tuple[int, ...] = ()
    headings: list[int] = []
    upper: tuple[int, list[str]] | None = None
    keys: list[str] = []
    parsed: list[Row] = []
    rows, titles = _past_titles(rows)
    for number, values in rows:
        if header is None:
            if _blank(values):
                continue
            if len(headings) < names.skip:
                headings.append(number)
                continue
            header = [_header_text(v) for v in values]
            if names.rows == 2 and upper is None:
                upper, header = (number, header), None
                continue
            if upper is not None:
                header = _completed(upper[1], header) or header
                spread = (upper[0], number)
            keys = _first_of_each(header)
            continue
        if _blank(values):
            continue
        if number in hidden.rows:
            left_out.append(number)
            continue
        if len(parsed) >= MAX_ROWS:
            raise WorkshopError(
                f"the sheet has more than {MAX_ROWS:,} rows (row {number:,} is one too many)"
            )
        cells = {k: v for k, v in zip(keys, values, strict=False) if k}
        parsed.append(Row(number=number, cells=cells))
    if header is None:
        raise WorkshopError("the sheet is empty: the first row should hold the column names")
    kept = [h for h, k in zip(header, keys, strict=True) if k]
    repeated = tuple(h for h, k in zip(header, keys, strict=True) if header_key(h) and not k)
    return Sheet(
        headers=kept,
        rows=parsed,
        decimal_comma=decimal_comma,
        repeated=repeated,
        unnamed=tuple(h for h in header if h and not header_key(h)),
        titles=titles,
        headings=tuple(headings),
        names_rows=spread,
        hidden=tuple(left_out),
        hidden_columns=tuple(
            h
            for n, (h, k) in enumerate(zip(header, keys, strict=True), 1)
            if k and n in hidden.columns
        ),
    )


TITLE_ROWS = 5  # at most this many title rows are looked past


def _past_titles(
    rows: Iterator[tuple[int, list[Any]]],
) -> tuple[Iterator[tuple[int, list[Any]]], tuple[int, ...]]:
    """The rows from the column names on, and the numbers of the title rows above them.

    A PMO's sheet often opens with a title ("AI portfolio – Q4 review") in one cell above the
    column names: read as the names, it made the title the only column. Rows of a single
    cell are titles when a row of several cells follows within ``TITLE_ROWS``; a sheet of one
    column has no such row, and its first row stays its column name."""
    ahead: list[tuple[int, list[Any]]] = []
    titles: list[int] = []
    for number, values in rows:
        filled = sum(not _blank([v]) for v in values)
        if filled > 1:
            return itertools.chain([(number, values)], rows), tuple(titles)
        ahead.append((number, values))
        if filled:
            titles.append(number)
            if len(titles) > TITLE_ROWS:
                break
    return itertools.chain(ahead, rows), ()


def _first_of_each(header: list[str]) -> list[str]:
    """Each column's key; '' for a blank header and for a header met before, so that the
    first column of a name is the one read (a later one would silently overwrite it)."""
    seen: set[str] = set()
    keys = []
    for text in header:
        key = header_key(text)
        keys.append(key if key and key not in seen else "")
        seen.add(key)
    return keys


def _blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _delimiter(text: str) -> str:
    """The separator the header row uses most. Lazily: splitting the whole text into lines
    would hold millions of them at once."""
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    return max([",", ";", "\t"], key=first_line.count)


def unguarded(cell: str) -> str:
    """A CSV cell without the apostrophe that kept a spreadsheet from running it."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in GUARDED else cell


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    unguarded_rows = ([unguarded(cell) for cell in row] for row in reader)
    try:
        yield from _capped(enumerate(unguarded_rows, start=1), "")
    except csv.Error as error:
        if "field larger than field limit" in str(error):  # the csv module's own cap
            raise WorkshopError(_too_long(_where("", reader.line_num))) from None
        raise WorkshopError(f"the CSV cannot be read near row {reader.line_num}: {error}") from None


def _capped(rows: Iterator[tuple[int, list[Any]]], sheet: str) -> Iterator[tuple[int, list[Any]]]:
    """The rows, refusing the first that goes past a cap, named by its row number."""
    for number, values in rows:
        where = _where(sheet, number)
        if number > MAX_SHEET_ROWS:
            raise WorkshopError(_too_far_down(where))
        for column, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            if column > MAX_COLUMNS:
                raise WorkshopError(_too_far_right(where, column))
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise WorkshopError(_too_long(where))
        yield number, values


def _where(sheet: str, row: int) -> str:
    return f"sheet '{sheet}', row {row:,}" if sheet else f"row {row:,}"


def _too_far_down(where: str) -> str:
    return (
        f"{where}: the sheet goes on past row {MAX_SHEET_ROWS:,}, further than a sheet"
        f" of initiatives or answers may (at most {MAX_ROWS:,} rows); delete what lies below"
        " the table"
    )


def _too_far_right(where: str, column: int) -> str:
    return (
        f"{where}: a cell in column {column:,} lies beyond the {MAX_COLUMNS} columns a"
        " sheet of initiatives or answers may use; delete what lies right of the table"
    )


def _too_long(where: str) -> str:
    return f"{where}: a cell holds more than {MAX_CELL_CHARS:,} characters, more than a cell may"


def decode_text(data: bytes) -> str:
    """Text from any of the encodings spreadsheet programs write."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _xlsx_sheets(
    data: bytes,
) -> Iterator[tuple[str, list[tuple[int, list[Any]]] | None, Hidden]]:
    """Each worksheet in turn, from one opening of the workbook: its title, its rows
    (numbered) and what it hides (openpyxl's read-only sheets do not say which rows or
    columns are hidden; the scan of its XML does). The first sheet past a cap is refused in
    words; a later one comes with no rows."""
    from openpyxl import load_workbook

    # A damaged workbook can fail in the zip layer, the XML parser or openpyxl itself, on
    # opening or only when a row is reached; all of them mean the same thing to the user.
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        _check_sizes(archive, _looks_streamed)
        manifest = _manifest(archive)
        sheets = _worksheets(archive, manifest)
        shared = _shared_texts(manifest)
        _check_sizes(archive, {*sheets.values(), shared}.__contains__)
        _scan_shared_texts(archive, shared)
        extents = _scan_worksheets(archive, sheets)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except WorkshopError:
        raise
    except Exception as error:  # noqa: BLE001
        raise WorkshopError(f"not a readable Excel workbook ({_short(error)})") from None
    try:
        for index, sheet in enumerate(book.worksheets):
            try:
                rows, hidden = _worksheet_rows(archive, sheet, extents, index)
            except WorkshopError:
                if index == 0:
                    raise
                yield sheet.title, None, Hidden()
                continue
            yield sheet.title, rows, hidden
    finally:
        book.close()


def _worksheet_rows(
    archive: zipfile.ZipFile, sheet: Any, extents: dict[str, _Extent], index: int
) -> tuple[list[tuple[int, list[Any]]], Hidden]:
    try:
        # Only the first sheet was scanned whole (``_scan_worksheets``).
        extent = (extents.get(sheet.title) if index == 0 else None) or _scan_sheet(
            archive.open(sheet._worksheet_path), sheet.title, whole=True
        )
        rows = []
        if extent.rows:
            cells = sheet.iter_rows(max_row=extent.rows, max_col=extent.columns)
            rows = [[_as_shown(cell) for cell in row] for row in cells]
            _mark_unsaved(rows, extent.unsaved)
            _fill_merged(rows, extent.merged_down)
    except WorkshopError:
        raise
    except Exception as error:  # noqa: BLE001
        raise WorkshopError(f"the Excel workbook is damaged ({_short(error)})") from None
    hidden = Hidden(extent.hidden, extent.hidden_columns)
    return list(_capped(enumerate(rows, start=1), sheet.title)), hidden


class Unsaved(str):
    """A formula's cell with no result in the file: blank to whatever reads it as text, and
    said so by an import that reads it as a field."""


UNSAVED = Unsaved("")
#: What an import says of an ``Unsaved`` cell it needed.
UNSAVED_FORMULA = (
    "a formula whose result the file does not hold (a program wrote it and no spreadsheet "
    "has saved it since): open the file in Excel, save it, and import it again"
)


def _mark_unsaved(rows: list[list[Any]], cells: Iterable[tuple[int, int]]) -> None:
    for row, column in cells:
        if row <= len(rows) and column <= len(rows[row - 1]) and rows[row - 1][column - 1] is None:
            rows[row - 1][column - 1] = UNSAVED


def _fill_merged(rows: list[list[Any]], merged: Iterable[tuple[int, int, int]]) -> None:
    """Each cell merged down with the one above it holds that cell's value, as the sheet
    shows it: a sponsor merged over three initiatives sponsors all three, where only the
    first had one."""
    for column, start, end in merged:
        if start > len(rows) or column > len(rows[start - 1]):
            continue
        value = rows[start - 1][column - 1]
        for row in rows[start : min(end, len(rows))]:
            if column <= len(row) and row[column - 1] in (None, ""):
                row[column - 1] = value


# -- XLSX caps, checked before openpyxl reads anything -----------------------------------------


def _manifest(archive: zipfile.ZipFile) -> Any:
    """The workbook's list of parts, read as openpyxl reads it."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import ARC_CONTENT_TYPES
    from openpyxl.xml.functions import fromstring

    return Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))


def _worksheets(archive: zipfile.ZipFile, manifest: Any) -> dict[str, str]:
    """Title -> part of each worksheet openpyxl will open, in its order (charts excluded)."""
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser

    parser = WorkbookParser(archive, _find_workbook_part(manifest).PartName[1:])
    parser.parse()
    names = set(archive.namelist())
    return {
        sheet.name: relation.target
        for sheet, relation in parser.find_sheets()
        if relation.target in names and "chartsheet" not in relation.Type
    }


def _shared_texts(manifest: Any) -> str:
    """The part holding the workbook's shared texts, found as openpyxl finds it; or ''."""
    from openpyxl.xml.constants import SHARED_STRINGS

    part = manifest.find(SHARED_STRINGS)
    return part.PartName.lstrip("/") if part is not None else ""


def _scan_worksheets(archive: zipfile.ZipFile, sheets: dict[str, str]) -> dict[str, _Extent]:
    """Scan the worksheets openpyxl will open; the first one is read, so it is scanned whole.
    Opening any sheet makes openpyxl look for its declared dimension, parsing the whole sheet
    when there is none; so the others are scanned whole only then."""
    extents: dict[str, _Extent] = {}
    for title, part in sheets.items():
        extents[title] = _scan_sheet(archive.open(part), title, whole=not extents)
    return extents


def _looks_streamed(name: str) -> bool:
    """Before the workbook says which parts are sheets: what may be one, or the texts."""
    return name.startswith("xl/worksheets/") or name.endswith("sharedStrings.xml")


def _check_sizes(archive: zipfile.ZipFile, streamed: Callable[[str], bool]) -> None:
    """Refuse a zip that declares more unpacked bytes than any sheet of initiatives or answers
    needs.

    ``zipfile`` never yields more bytes than a member declares (it stops there and the CRC
    check fails), so the declared sizes are a true bound. Worksheets and shared texts are
    scanned as a stream; every other XML part is parsed whole by openpyxl, so each is capped
    on its own. This runs twice: before the workbook's own list of parts is read (by name),
    and after (by that list), so no part escapes the cap by its name alone."""
    total = 0
    for member in archive.infolist():
        total += member.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise WorkshopError(
                f"the workbook unpacks to more than {MAX_UNCOMPRESSED_BYTES:,} bytes,"
                " far more than a sheet of initiatives or answers needs"
            )
        is_xml = member.filename.endswith((".xml", ".rels"))
        if is_xml and not streamed(member.filename) and member.file_size > MAX_PART_BYTES:
            raise WorkshopError(
                f"the workbook's part '{member.filename}' unpacks to {member.file_size:,}"
                " bytes, far more than a sheet of initiatives or answers needs"
            )


def _scan_shared_texts(archive: zipfile.ZipFile, part: str) -> None:
    """Refuse a shared text (where Excel keeps most cell texts) longer than a cell may be,
    before openpyxl loads them all into memory."""
    if not part:
        return
    state = {"depth": 0, "chars": 0}

    def start(name: str, _attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "si":
            state["depth"], state["chars"] = 1, 0

    def end(name: str) -> None:
        if name.rpartition(" ")[2] == "si":
            state["depth"] = 0

    def text(data: str) -> None:
        if state["depth"]:
            state["chars"] += len(data)
            if state["chars"] > MAX_CELL_CHARS:
                raise WorkshopError(
                    f"the workbook holds a text of more than {MAX_CELL_CHARS:,} characters,"
                    " more than a cell may"
                )

    _stream(archive.open(part), start, end, text)


@dataclass(frozen=True)
class _Extent:
    rows: int  # the last row holding a value
    columns: int  # the last column holding a value
    hidden: frozenset[int] = frozenset()  # rows hidden in the sheet
    hidden_columns: frozenset[int] = frozenset()  # columns hidden in the sheet, from 1
    # Cells merged over several rows, as (first column, first row, last row): Excel shows
    # the first row's value over all of them, and keeps it in the first row alone.
    merged_down: tuple[tuple[int, int, int], ...] = ()
    # Formulas whose result the file does not hold, as (row, column): written by a program
    # and never opened and saved in a spreadsheet, so there is nothing to read.
    unsaved: tuple[tuple[int, int], ...] = ()


class _SheetScan:
    """Walks a worksheet's XML as a stream, refusing the first row past a cap, and finds the
    extent openpyxl then needs to read (it would otherwise pad every row to the sheet's
    declared width and fill in every missing row up to the last one)."""

    def __init__(self, title: str, whole: bool) -> None:
        self.title = title
        self.whole = whole  # else stop at a declared dimension, all openpyxl looks for
        self.in_data = False
        self.row = 0
        self.cells_in_row = 0
        self.cells = 0
        self.column = 0
        self.in_cell = False
        self.has_value = False
        self.chars = 0
        self.last_row = 0
        self.last_column = 0
        self.hidden: list[int] = []
        self.hidden_columns: set[int] = set()
        self.merged_down: list[tuple[int, int, int]] = []
        self.unsaved: list[tuple[int, int]] = []
        self.in_value = False  # inside the cell's <v>, its value as last saved
        self.value_chars = 0
        self.formula = False  # the cell holds a formula
        self.text_result = False  # and its result is text, which may be empty

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "mergeCell":
            self._merged(attributes.get("ref", ""))
        elif local == "col" and attributes.get("hidden") in {"1", "true"}:
            self._hidden_columns(attributes.get("min", ""), attributes.get("max", ""))
        elif local == "sheetData":
            self.in_data = True
        elif local == "dimension" and not (self.whole or self.in_data):
            raise _Enough
        elif local == "row":
            self._start_row(attributes.get("r"))
            if attributes.get("hidden") in {"1", "true"}:
                self.hidden.append(self.row)
        elif local == "c":
            self._start_cell(attributes.get("r"))
            self.formula, self.text_result = False, attributes.get("t") == "str"
        elif local == "f" and self.in_cell:
            self.formula = True
        elif local in {"v", "is"} and self.in_cell:
            self.has_value = True
            self.in_value = local == "v"

    def end(self, name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == "v":
            self.in_value = False
        if self.in_cell and local == "c":
            self.in_cell = False
            unsaved = self.formula and not self.value_chars and not self.text_result
            if unsaved and len(self.unsaved) < MAX_SHEET_ROWS:
                self.unsaved.append((self.row, self.column))
            if self.has_value:
                if self.column > MAX_COLUMNS:
                    raise WorkshopError(_too_far_right(self._where(), self.column))
                self.last_row = max(self.last_row, self.row)
                self.last_column = max(self.last_column, self.column)

    def text(self, data: str) -> None:
        if self.in_cell:
            self.chars += len(data)
            self.value_chars += len(data) if self.in_value else 0
            if self.chars > MAX_CELL_CHARS:
                raise WorkshopError(_too_long(self._where()))

    def _start_row(self, reference: str | None) -> None:
        self.row = _index(reference) if reference else self.row + 1
        self.cells_in_row = 0
        self.column = 0
        if self.row > MAX_SHEET_ROWS:
            raise WorkshopError(_too_far_down(self._where()))

    def _start_cell(self, reference: str | None) -> None:
        self.cells_in_row += 1
        self.cells += 1
        if self.cells_in_row > XLSX_COLUMNS:
            raise WorkshopError(
                f"{self._where()}: the row holds more than {XLSX_COLUMNS:,} cells,"
                " more than any spreadsheet row can"
            )
        if self.cells > MAX_CELLS:
            raise WorkshopError(
                f"{self._where()}: the sheet holds more than {MAX_CELLS:,} cells,"
                " more than a sheet of initiatives or answers may"
            )
        self.column = _column(reference) if reference else self.column + 1
        self.in_cell, self.has_value, self.chars = True, False, 0
        self.in_value, self.value_chars = False, 0

    def _where(self) -> str:
        return _where(self.title, self.row)

    def _merged(self, reference: str) -> None:
        """A merged range ("C31:D33") that spans rows; one within a row (a title across the
        columns) is left as Excel keeps it."""
        first, _, last = reference.partition(":")
        top, bottom = _REFERENCE.fullmatch(first), _REFERENCE.fullmatch(last)
        if top is None or bottom is None or len(self.merged_down) >= MAX_SHEET_ROWS:
            return
        start, end = _index(top.group(2)), _index(bottom.group(2))
        if end > start:
            self.merged_down.append((_column(first), start, min(end, MAX_SHEET_ROWS)))

    def _hidden_columns(self, first: str, last: str) -> None:
        """Columns ``first`` to ``last`` (numbers, from a ``<col>``) are hidden; only those
        that can hold a value read are kept."""
        if first.isdigit() and last.isdigit():
            self.hidden_columns.update(range(int(first), min(int(last), MAX_COLUMNS) + 1))


class _Enough(Exception):
    """Stops a scan that has seen all it needs."""


def _scan_sheet(stream: Any, title: str, whole: bool) -> _Extent:
    scan = _SheetScan(title, whole)
    try:
        _stream(stream, scan.start, scan.end, scan.text)
    except _Enough:
        stream.close()
    return _Extent(
        rows=scan.last_row,
        columns=scan.last_column,
        hidden=frozenset(scan.hidden),
        hidden_columns=frozenset(scan.hidden_columns),
        merged_down=tuple(scan.merged_down),
        unsaved=tuple(scan.unsaved),
    )


def _stream(stream: Any, start: Any, end: Any, text: Any) -> None:
    """Feed XML to expat in small chunks, calling back per element; a handler raises to
    stop. Document type declarations (never in a real workbook, the way to entity bombs)
    are refused."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True  # text in fewer, larger pieces: fewer calls back
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = _no_doctype
    with stream:
        while chunk := stream.read(1 << 16):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _no_doctype(*_: Any) -> None:
    raise WorkshopError("not a readable Excel workbook (it declares a document type)")


_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")


def _column(reference: str) -> int:
    """The column number of a cell reference such as ``AB12``."""
    found = _REFERENCE.fullmatch(reference)
    if found is None:
        raise WorkshopError(f"not a readable Excel workbook (a cell is named '{reference[:20]}')")
    number = 0
    for letter in found.group(1).upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _index(reference: str) -> int:
    """A row number as written in the sheet."""
    if not reference.isdigit() or len(reference) > 7:
        raise WorkshopError(f"not a readable Excel workbook (a row is numbered '{reference[:20]}')")
    return int(reference)


def _short(error: Exception) -> str:
    return (str(error) or type(error).__name__)[:120]


# -- cells -----------------------------------------------------------------------------------


class Shown(float):
    """A number as Excel shows it (``text``: "25%", "$450"), still the number for sums."""

    text: str

    def __new__(cls, value: float, text: str) -> Shown:
        number = super().__new__(cls, value)
        number.text = text
        return number


_CURRENCY = re.compile(r'\[\$([^\]-]+)[^\]]*\]|"([^"0#]+)"|([$£€¥])')


def _as_shown(cell: Any) -> Any:
    """A cell's value; a number formatted as a share or an amount, as a ``Shown``."""
    value = getattr(cell, "value", None)
    form = (getattr(cell, "number_format", "") or "General").split(";")[0]  # positive numbers
    if isinstance(value, bool) or not isinstance(value, int | float) or form == "General":
        return value
    decimals = form.split(".", 1)[1] if "." in form else ""
    places = min(sum(c in "0#" for c in decimals), 10)
    if "%" in form:
        return Shown(value, percent(value, places))  # Excel rounds a half up, too
    symbol = _CURRENCY.search(form)
    if symbol is None:
        return value
    mark = next(group for group in symbol.groups() if group)
    amount = f"{value:,.{places}f}"
    digits = min((form.find(c) for c in "0#" if c in form), default=len(form))
    return Shown(value, f"{mark}{amount}" if symbol.start() < digits else f"{amount} {mark}")


def text_cell(value: Any) -> str:
    """A cell as the text a person reads in it: Excel keeps a date as a date and time, and a
    date kept as a note reads "2025-03-01", not "2025-03-01 00:00:00"; a share or an amount
    reads as the sheet shows it ("25%", "$450")."""
    if value is None:
        return ""
    if isinstance(value, Shown):
        return value.text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time()
        return value.date().isoformat() if midnight else value.isoformat(" ", "minutes")
    return str(value).strip()


DATE_PATTERNS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d %B %Y",
    # Month first, named, as calendar invitations write them ("Jan 13, 2027"): no doubt.
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d %b, %Y",
    "%d %B, %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)


_USUAL_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})|(\d{1,2})/(\d{1,2})/(\d{4})")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass(frozen=True)
class DateOrder:
    """Which comes first in a column's slashed dates, and the date that shows it. Europe
    writes the day first and the United States the month; a date past the 12th settles it
    ('25/03/2027' or '03/25/2027'). When none does, the day comes first and ``unsure`` keeps
    a date that could be read either way, for the report to say how it was read."""

    month_first: bool = False
    shown_by: str = ""
    unsure: str = ""
    shown_in: str = ""  # the other column whose date showed the order, when not this one
    either: str = ""  # a date of the column that reads both ways round, however it was read


def one_locale(orders: dict[str, DateOrder]) -> dict[str, DateOrder]:
    """The columns' date orders, where a column that could be read either way takes the
    order another column shows: a sheet is written in one place, so '03/04/2025' under
    'Start' is 4 March when '03/31/2026' under 'Launch' shows the month first. Columns that
    show different orders are each left as they are."""
    month = [(h, o) for h, o in orders.items() if o.month_first]
    day = [(h, o) for h, o in orders.items() if o.shown_by and not o.month_first]
    if bool(month) == bool(day):
        return orders
    header, proof = (month or day)[0]
    return {
        h: DateOrder(proof.month_first, proof.shown_by, shown_in=header, either=o.either)
        if o.unsure
        else o
        for h, o in orders.items()
    }


def date_order(values: Iterable[Any]) -> DateOrder:
    day_first = month_first = unsure = ""
    for value in values:
        if not isinstance(value, str):
            continue  # an Excel date cell knows its own day and month
        text = " ".join(value.split())
        slashed = _SLASHED.fullmatch(text)
        if not slashed:
            continue
        first, second = int(slashed[1]), int(slashed[2])
        if first > 12 >= second:
            day_first = day_first or text
        elif second > 12 >= first:
            month_first = month_first or text
        elif first != second:
            unsure = unsure or text
    if month_first and not day_first:
        return DateOrder(month_first=True, shown_by=month_first, either=unsure)
    if day_first:  # with both, the day comes first and a month-first date is refused
        return DateOrder(shown_by=day_first, either=unsure)
    return DateOrder(unsure=unsure, either=unsure)


def date_cell(value: Any, month_first: bool = False) -> dt.date | None:
    """A date from an Excel date cell or from text as Europe writes it (``YYYY-MM-DD``,
    ``DD/MM/YYYY``, ``3 Feb 2026``), or month first in a column that ``date_order`` found
    written so. Read day first, a month-first sheet would put most dates past the 12th out of
    range: those are refused, never turned."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = " ".join(str(value).split())
    usual = _USUAL_DATE.fullmatch(text)  # strptime is slow, and most dates are written so
    if usual:
        with contextlib.suppress(ValueError):
            if usual.group(1):
                return dt.date(*map(int, usual.group(1, 2, 3)))
            day, month = usual.group(5, 4) if month_first else usual.group(4, 5)
            return dt.date(int(usual.group(6)), int(month), int(day))
    for pattern in () if month_first and usual else DATE_PATTERNS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if _without_year(text):
        raise ValueError(f"'{text}' has no year: write it with its year, or as YYYY-MM-DD")
    written = "MM/DD/YYYY" if month_first else "DD/MM/YYYY"
    raise ValueError(f"'{text}' is not a date (write YYYY-MM-DD or {written})")


_QUARTER = re.compile(
    r"(?:end\s+of\s+|by\s+)?(?:Q([1-4])[\s/-]*(?:CY)?(\d{4}|'?\d{2})|(\d{4})[\s/-]*Q([1-4]))", re.I
)
_HALF = re.compile(r"(?:end\s+of\s+|by\s+)?H([12])[\s/-]*(\d{4}|'?\d{2})", re.I)
_MONTH_PATTERNS = ("%b-%y", "%b %y", "%b-%Y", "%b %Y", "%B %Y", "%B-%Y", "%m/%Y", "%Y-%m")


def period_end(value: Any) -> tuple[dt.date, str] | None:
    """The last day of a period a PMO writes for a date ("Q3 2026", "H1 2027", "Sep-26",
    "2027"), and the period in words; None for anything else. A go-live of "Q3 2026" was
    refused as no date, on 15 rows of one sheet."""
    text = " ".join(str(value).split()) if isinstance(value, str) else ""
    if found := _QUARTER.fullmatch(text):
        number, year = (found.group(1), found.group(2)) if found.group(1) else found.group(4, 3)
        quarter = _calendar_quarter(_full_year(year), int(number))
        return quarter.end, f"calendar {quarter.label}"
    if found := _HALF.fullmatch(text):
        year = _full_year(found.group(2))
        return _calendar_quarter(year, 2 * int(found.group(1))).end, f"H{found.group(1)} {year}"
    if re.fullmatch(r"\d{4}", text) and 1900 < int(text) < 2101:
        return dt.date(int(text), 12, 31), text
    for pattern in _MONTH_PATTERNS:
        with contextlib.suppress(ValueError):
            month = dt.datetime.strptime(text, pattern).date()
            last = calendar.monthrange(month.year, month.month)[1]
            return month.replace(day=last), f"{month:%B %Y}"
    return None


def _calendar_quarter(year: int, number: int) -> Quarter:
    return quarter_from_ref(QuarterRef(fiscal_year=year, number=number))


def _full_year(written: str) -> int:
    digits = written.lstrip("'")
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def _without_year(text: str) -> bool:
    """A day and a month's name with no year ("13 Jan", "Jan 27"): said so, rather than
    refused as no date at all."""
    for pattern in ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y"):
        with contextlib.suppress(ValueError):
            dt.datetime.strptime(f"{text.rstrip(',')} 2000", pattern)
            return True
    return False


#: What parts the dates typed in one box: a semicolon, or a comma, unless a year follows it
#: ("Jan 13, 2027" is one date; "2026-12-09, 2027-01-13" two).
_DATES_APART = re.compile(r";|,(?!\s*\d{4}(?![-/.\d]))")


def typed_dates(text: str) -> list[dt.date]:
    """The dates a person typed in a form's box, separated by commas or semicolons. A date
    that reads both ways round is read the way the others in the box show, when they all
    show the same ("22/01/2027" beside "12/02/2027": day first); else it is refused."""
    parts = [part for part in _DATES_APART.split(text) if part.strip()]
    shown = {order.month_first for order in (date_order([p]) for p in parts) if order.shown_by}
    month_first = shown.pop() if len(shown) == 1 else None
    return [typed_date(part, month_first) for part in parts]


def typed_date(text: str, month_first: bool | None = None) -> dt.date:
    """A date typed in a form, read as a sheet's column of one is (``date_order``,
    ``date_cell``): in whichever order of day and month makes a date ("30/04/2027",
    "04/30/2027"). Where both orders do ("04/05/2027"), it is refused with both readings: the
    same form shows its date pickers month first in a browser set to the United States, and
    a debrief typed for 5 April was kept as 4 May. ``month_first``, when given, is the order
    the dates typed with it show, and settles one that reads both ways."""
    text = " ".join(text.split())
    order = date_order([text])
    if order.unsure and month_first is not None:  # the order other dates typed with it show
        order = DateOrder(month_first=month_first)
    elif order.unsure:
        readings = sorted(d for d in (date_cell(text), date_cell(text, True)) if d is not None)
        one, other = readings
        raise ValueError(
            f"'{text}' could be {day_text(one)} or {day_text(other)}: write it as YYYY-MM-DD "
            f"({one.isoformat()} or {other.isoformat()})"
        )
    found = date_cell(text, order.month_first)
    if found is None:
        raise ValueError("a date is empty")
    return found


_GROUPED = [
    # 1,200,000 and 1,200.50: commas group thousands.
    (re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?"), ",", "."),
    # 1.200.000 and 1.200,50: dots group thousands (two groups, or a decimal comma after).
    (re.compile(r"[+-]?[1-9]\d{0,2}((\.\d{3}){2,}(,\d+)?|(\.\d{3})+,\d+)"), ".", ","),
    # 1 200 000 and 1'200.50: spaces or apostrophes group thousands.
    (re.compile(r"[+-]?[1-9]\d{0,2}([ ']\d{3})+([.,]\d+)?"), " '", ","),
]
# Where a decimal comma is the custom (a ';' sheet): 1.200 and 1.200,5 group by dots, 1,5.
_GROUPED_DECIMAL_COMMA = [
    (re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?"), ".", ","),
    (re.compile(r"[+-]?\d+,\d+"), "", ","),
    _GROUPED[2],
]
# "~6", "c. 6", "approx. 6", "about 6", "≈6": an estimate, read as the number.
_ROUGHLY = re.compile(r"^(?:~|≈|±|c\.|ca\.|circa|approx\.?|approximately|about|around)\s*", re.I)
# "10-12", "10 – 12", "10 to 12": a range, read as its midpoint.
_RANGE = re.compile(r"^(\d[\d.,' ]*?)\s*(?:-|–|—|to)\s*(\d[\d.,' ]*)$", re.I)
_PLAIN_NUMBER = re.compile(r"-?\d{1,15}(\.\d{1,15})?")
_PLAIN_WHOLE = re.compile(r"-?\d{1,15}")


@dataclass(frozen=True)
class Unit:
    """A unit a count may be typed with after it ("16 weeks", "4 hrs a month"), so a box or
    a column that holds one kind of count takes it as people write it. ``per`` is the period
    the count is over: it may follow ("a month", "/month"), and no other may, since 4 hours a
    week is not 4 hours a month. ``example`` is what a refusal suggests instead."""

    words: tuple[str, ...]
    example: str
    per: tuple[str, ...] = ()
    _said: re.Pattern[str] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        said = r"(?:(?:" + "|".join(self.words) + r")\.?)?"
        if self.per:
            said += r"(?:\s*(?:/|a|an|per|each|every)\s*(?:" + "|".join(self.per) + r"))?"
        object.__setattr__(self, "_said", re.compile(r"\s*" + said + r"$", re.I))

    def without(self, text: str) -> str:
        """``text`` without the unit written after its number: "4h/month" gives "4"."""
        return self._said.sub("", text, count=1)

    @property
    def examples(self) -> str:
        return f"{self.example.split()[0]} or {self.example}"


WEEK_WORDS = ("weeks", "week", "wks", "wk", "w")
WEEKS = Unit(WEEK_WORDS, "16 weeks")
HOURS_A_MONTH = Unit(("hours", "hour", "hrs", "hr", "h"), "4 hours a month", ("month", "mo"))
# "900k", "1.2m", "$2bn", "1.2 million": an amount written with its size, as a budget line is.
# Every word ``numbers.plain`` writes is here, so a number shown in a box reads back as itself.
SCALES = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "tn": 10**12,
    "trillion": 10**12,
}
_SCALED = re.compile(r"(.*\d)\s*(" + "|".join(SCALES) + r")", re.I)
#: What a refused number with no unit could have been typed as: most such numbers are amounts.
AMOUNT_EXAMPLES = "1200000, 1.2m or £1.2m"


@dataclass(frozen=True)
class Reading:
    """A number read from a cell, and how, when the cell said more than a number."""

    number: float | None
    note: str = ""  # e.g. "read as 11, the midpoint of 10-12"


def number_cell(value: Any, decimal_comma: bool = False) -> float | None:
    """A number from a numeric cell or text such as ``1,200,000``, ``1.200,5``, ``35%``,
    ``~6`` or ``10-12`` (its midpoint)."""
    return read_number(value, decimal_comma).number


def read_number(
    value: Any, decimal_comma: bool = False, weeks: bool = False, unit: Unit | None = None
) -> Reading:
    """Like ``number_cell``, saying how an estimate or a range was read, so an import report
    can show it; ``unit`` also accepts the unit written after the number ("6 wks", "4 h a
    month"), and ``weeks`` is ``unit=WEEKS``, as a sheet's effort column asks."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Reading(None)
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    if isinstance(value, Shown) and value.text.endswith("%"):
        # Excel keeps "12,5 %" as 0.125: the number the sheet shows, as "12.5%" typed is read.
        return Reading(_finite(round(float(value) * 100, 10), value))
    if isinstance(value, int | float):
        return Reading(_finite(float(value), value))
    return _read_text(str(value), decimal_comma, WEEKS if weeks else unit)


@functools.lru_cache(maxsize=4096)
def _read_text(value: str, decimal_comma: bool, unit: Unit | None) -> Reading:
    """A number from text; cached, since a sheet says "6 wks" or "~4" on many rows. A size
    ("1.2m") is read only where no unit is: in a count of weeks, "2m" could be two months."""
    plain = _PLAIN_WHOLE if decimal_comma else _PLAIN_NUMBER  # 1.500 is 1500 in a ';' sheet
    if plain.fullmatch(value):  # most cells: no need to look further
        return Reading(float(value), _decimal_mark_note(value, float(value), decimal_comma))
    raw = " ".join(value.replace("\u00a0", " ").split())
    text = unit.without(raw) if unit else raw
    text, rough = _ROUGHLY.sub("", text), bool(_ROUGHLY.match(text))
    span = _RANGE.match(text)
    read = functools.partial(_parse_number, decimal_comma=decimal_comma, scaled=unit is None)
    if span:
        low, high = (read(part) for part in span.groups())
        if low is None or high is None:
            raise _not_a_number(raw, unit)
        if high < low:
            raise ValueError(f"'{raw}' is a range that runs backwards")
        middle = _finite((low + high) / 2, raw)
        return Reading(middle, f"'{raw}' read as {_plain(middle)}, the middle of the range")
    number = read(text)
    if number is None:
        raise _not_a_number(raw, unit)
    number = _finite(number, raw)
    if rough:
        return Reading(number, f"'{raw}' read as {_plain(number)}")
    return Reading(number, _decimal_mark_note(raw, number, decimal_comma))


#: One mark before exactly three digits ("2.000", "2,000"): a decimal mark or a thousands one.
_THREE_AFTER_MARK = re.compile(r"[+-]?[£$€]?\d{1,3}([.,])\d{3}")


def _decimal_mark_note(raw: str, number: float, decimal_comma: bool) -> str:
    """What to say of "2.000" read as 2: the sheet's decimal mark settles it, but a PMO who
    meant two thousand learns it only here (a '2.000' budget came in as 2, without a word)."""
    found = _THREE_AFTER_MARK.fullmatch(raw)
    if found is None or (found.group(1) == ",") != decimal_comma:
        return ""
    mark = "comma" if decimal_comma else "point"
    return (
        f"'{raw}' read as {_plain(number)}, the {mark} taken as a decimal {mark}: type "
        f"{_plain(number * 1000)} if it separates thousands"
    )


def _not_a_number(raw: str, unit: Unit | None) -> ValueError:
    """The refusal, with what would have been read: a leader who typed "£1.2q" learns the
    forms that work instead of guessing again."""
    examples = unit.examples if unit else AMOUNT_EXAMPLES
    return ValueError(f"'{raw}' is not a number: type it as {examples}")


def _finite(number: float, raw: Any) -> float:
    if not math.isfinite(number):
        raise ValueError(f"'{raw}' is not an ordinary number")
    return number


def _plain(number: float) -> str:
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _parse_number(text: str, decimal_comma: bool, scaled: bool = True) -> float | None:
    """``text`` as a number, or None when it is not one. A size ("1.2m") multiplies as a
    decimal, so 1.1m is 1,100,000 and not 1,100,000.0000000002. A currency may follow the
    amount ("40 €", as much of Europe writes it) as it may lead it ("€40")."""
    text = _CURRENCY_AFTER.sub("", text.strip())
    size = _SCALED.fullmatch(text) if scaled else None
    text = size.group(1) if size is not None else text.removesuffix("%").strip()
    if (_PLAIN_WHOLE if decimal_comma else _PLAIN_NUMBER).fullmatch(text):
        return _sized(float(text), size)
    text = re.sub(r"^([+-]?)[£$€]\s*", r"\1", text)
    for pattern, grouping, decimal in _GROUPED_DECIMAL_COMMA if decimal_comma else _GROUPED:
        if pattern.fullmatch(text):
            for mark in grouping:
                text = text.replace(mark, "")
            text = text.replace(decimal, ".")
            break
    else:
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # 12,5: a decimal comma
    try:
        return _sized(float(text), size)
    except ValueError:
        return None


_CURRENCY_AFTER = re.compile(r"(?<=[\dkKmMbBnN])\s*[£$€]$")


def _sized(number: float, size: re.Match[str] | None) -> float:
    if size is None or not math.isfinite(number):
        return number
    return float(Decimal(repr(number)) * SCALES[size.group(2).casefold()])


def choice_key(text: str) -> str:
    """Choices match like headers: 'Internal copilot', 'internal_copilot', 'INTERNAL-COPILOT'."""
    return header_key(text)
