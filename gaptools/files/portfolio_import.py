"""Step 1: bringing a team's spreadsheet of AI initiatives into the workshop.

Good rows are imported even when others are not; every skipped row is reported with its row
number and the reason. An initiative already in the workshop (same name, ignoring case and
spaces) is updated with the cells the sheet fills in, never duplicated. Columns the workshop
does not know are kept with the initiative as notes, so nothing the team typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from gaptools.core.errors import WorkshopError, located_problems
from gaptools.core.model import Category, Initiative, Stage, Workshop, name_key
from gaptools.files.sheets import (
    Row,
    Sheet,
    choice_key,
    date_cell,
    header_key,
    number_cell,
    text_cell,
)

# Normalised header -> where the value goes in an initiative, and how the cell is read.
COLUMNS: dict[str, tuple[tuple[str, ...], str]] = {
    "name": (("name",), "line"),
    "description": (("description",), "text"),
    "category": (("category",), "category"),
    "stage": (("stage",), "stage"),
    "sponsor": (("sponsor",), "line"),
    "accountable": (("ownership", "accountable"), "line"),
    "started": (("started",), "date"),
    "metric": (("value", "metric"), "line"),
    "unit": (("value", "unit"), "line"),
    "baseline": (("value", "baseline"), "number"),
    "target": (("value", "target"), "number"),
    "due": (("value", "due"), "date"),
    "effortweeks": (("effort_weeks",), "number"),
}
LABELS = {"effortweeks": "effort_weeks"}
FIELD_COLUMN = {".".join(path): LABELS.get(key, key) for key, (path, _) in COLUMNS.items()}


@dataclass
class ImportReport:
    source: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return len(self.added) + len(self.updated)

    def lines(self) -> list[str]:
        """The report as a person reads it: what came in, what did not and why."""
        lines = [
            f"Imported {self.imported} row{'s' if self.imported != 1 else ''} from "
            f"{self.source}: {len(self.added)} added, {len(self.updated)} updated."
        ]
        if self.updated:
            lines.append("Updated (already in the workshop): " + ", ".join(self.updated) + ".")
        lines.extend(f"Skipped row {number}: {reason}" for number, reason in self.skipped)
        lines.extend(f"Row {number}: {note}" for number, note in self.warnings)
        if self.unknown_columns:
            lines.append(
                "Columns kept as notes (not used by the workshop): "
                + ", ".join(self.unknown_columns)
                + "."
            )
        return lines


def merge_sheet(workshop: Workshop, sheet: Sheet, source: str) -> ImportReport:
    """Add or update ``workshop``'s initiatives from ``sheet``; refuses a sheet with no usable
    row. The caller validates and saves the whole workshop once."""
    report = ImportReport(source=source)
    if "name" not in {header_key(h) for h in sheet.headers}:
        raise WorkshopError(f"{source}: no 'name' column; the first row must hold column names")
    report.unknown_columns = [h for h in sheet.headers if header_key(h) not in COLUMNS]
    first_row: dict[str, int] = {}
    positions = {name_key(i.name): n for n, i in enumerate(workshop.initiatives)}
    for row in sheet.rows:
        try:
            changes, notes, warnings = _read_row(row, sheet.headers)
            key = name_key(changes[("name",)])
            if key in first_row:
                raise ValueError(
                    f"'{changes[('name',)]}' already appears on row {first_row[key]}; "
                    "only the first is imported"
                )
            _apply(workshop, positions, changes, notes, report)
        except ValueError as error:
            report.skipped.append((row.number, str(error)))
            continue
        first_row[key] = row.number
        report.warnings.extend((row.number, w) for w in warnings)
    if not report.imported:
        problems = [f"{source}: no usable row, so nothing was imported"]
        problems += [f"{source}: row {n}: {reason}" for n, reason in report.skipped]
        raise WorkshopError(problems)
    return report


def _read_row(
    row: Row, headers: list[str]
) -> tuple[dict[tuple[str, ...], Any], dict[str, str], list[str]]:
    changes: dict[tuple[str, ...], Any] = {}
    warnings: list[str] = []
    for key, (path, kind) in COLUMNS.items():
        raw = row.cells.get(key)
        try:
            value = _read_cell(raw, kind)
        except ValueError as error:
            raise ValueError(f"{LABELS.get(key, key)}: {error}") from None
        if kind == "category" and value is None and text_cell(raw):
            warnings.append(f"category '{text_cell(raw)}' is not one we know; filed under Other")
            value = Category.OTHER
        if value is not None and value != "":
            changes[path] = value
    if ("name",) not in changes:
        raise ValueError("no name")
    notes = {
        " ".join(h.split()): text_cell(row.cells.get(header_key(h)))
        for h in headers
        if header_key(h) not in COLUMNS and text_cell(row.cells.get(header_key(h)))
    }
    return changes, notes, warnings


def _read_cell(raw: Any, kind: str) -> Any:
    if kind == "text":
        return text_cell(raw)
    if kind == "line":
        # A line break typed into a cell (Alt+Enter) is layout, not content, in a one-line
        # field such as a name: it becomes a space instead of making the row unusable.
        return " ".join(text_cell(raw).split())
    if kind == "date":
        return date_cell(raw)
    if kind == "number":
        return number_cell(raw)
    text = text_cell(raw)
    if not text:
        return None
    if kind == "stage":
        stage = _match(Stage, text)
        if stage is None:
            names = ", ".join(s.value for s in Stage)
            raise ValueError(f"'{text}' is not one of {names}")
        return stage
    return _match(Category, text)


def _match(kind: type[Stage] | type[Category], text: str) -> Any:
    wanted = choice_key(text)
    return next((c for c in kind if choice_key(c.value) == wanted), None)


def _apply(
    workshop: Workshop,
    positions: dict[str, int],
    changes: dict[tuple[str, ...], Any],
    notes: dict[str, str],
    report: ImportReport,
) -> None:
    key = name_key(changes[("name",)])
    existing = workshop.initiatives[positions[key]] if key in positions else None
    data = existing.model_dump() if existing else {"name": changes[("name",)]}
    for path, value in changes.items():
        if existing and path == ("name",):
            continue
        target = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = value
    data["notes"] = {**data.get("notes", {}), **notes}
    try:
        initiative = Initiative.model_validate(data)
    except ValidationError as error:
        reasons = [
            f"{_column_for(where)}: {what}" for where, what in located_problems(error.errors())
        ]
        raise ValueError("; ".join(reasons)) from None
    if existing is None:
        positions[key] = len(workshop.initiatives)
        workshop.initiatives.append(initiative)
        report.added.append(initiative.name)
    else:
        workshop.initiatives[positions[key]] = initiative
        report.updated.append(initiative.name)


def _column_for(field_path: str) -> str:
    return FIELD_COLUMN.get(field_path, field_path)
