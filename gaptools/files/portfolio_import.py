"""Step 1: bringing a team's spreadsheet of AI initiatives into the workshop.

Good rows are imported even when others are not; every skipped row is reported with its row
number and the reason. An initiative already in the workshop (same name, ignoring case and
spaces) is updated with the cells the sheet fills in, never duplicated. Columns the workshop
does not know are kept with the initiative as notes, so nothing the team typed is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gaptools.core.errors import WorkshopError, located_problems
from gaptools.core.model import (
    MAX_LEAD_MEASURES,
    Category,
    Initiative,
    Stage,
    StallReason,
    Workshop,
    name_key,
)
from gaptools.core.numbers import typed_unit
from gaptools.core.quarter import day_text
from gaptools.core.text import listed, shorten, some_of
from gaptools.files.columns import (
    FIELD_LABELS,
    FIELDS,
    IGNORE,
    ColumnPlan,
    NoNameColumn,
    Words,
    closest_fields,
    column_names,
    plan_columns,
    stage_for,
    stage_words,
)
from gaptools.files.sheets import (
    UNSAVED_FORMULA,
    DateOrder,
    Row,
    Sheet,
    Unsaved,
    choice_key,
    date_cell,
    date_order,
    header_key,
    one_locale,
    period_end,
    read_number,
    text_cell,
)

FIELD_COLUMN = {".".join(path): key for key, (path, _) in FIELDS.items()}


@dataclass
class ImportReport:
    source: str
    plan: ColumnPlan = field(default_factory=ColumnPlan)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # updated -> what changed
    unchanged: list[str] = field(default_factory=list)  # in the sheet, and already as it says
    skipped: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    stage_words: dict[str, str] = field(default_factory=dict)  # word as written -> stage
    unknown_stages: list[str] = field(default_factory=list)  # words read as no stage, once each
    repeated: list[str] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)
    date_orders: dict[str, DateOrder] = field(default_factory=dict)  # heading -> its order
    titles: tuple[int, ...] = ()  # the sheet's title rows, above its column names
    hidden: tuple[int, ...] = ()  # rows hidden in the workbook, left out
    hidden_columns: tuple[str, ...] = ()  # columns hidden in the workbook, read
    headings: tuple[int, ...] = ()  # rows of several cells above the column names, left out
    names_rows: tuple[int, ...] = ()  # the two rows the column names run over, if two
    sheet: str = ""  # the workbook's sheet read, when sheets before it were passed over
    passed: tuple[str, ...] = ()  # those sheets
    counted_in: dict[str, EffortUnit] = field(default_factory=dict)  # effort not in weeks
    absent: list[str] = field(default_factory=list)  # in the workshop, not in the sheet again

    @property
    def imported(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)

    @property
    def reads_stages(self) -> bool:
        """Whether a column of the sheet gives the stage. With none, every initiative came in
        as an idea, a live one and a stopped one alike, without a word."""
        return "stage" in self.plan.fields.values()

    @property
    def unknown_columns(self) -> list[str]:
        return self.plan.notes

    def _hidden_columns_read(self) -> list[str]:
        """The hidden columns that came in, as a field or a note. A column hidden on purpose
        (an old budget, a column 'do not use') was read without a word."""
        read = [h for h in self.hidden_columns if h not in self.plan.ignored]
        if not read:
            return []
        names = listed([f"'{h}'" for h in read])
        column, are, them = ("Column", "is", "it") if len(read) == 1 else ("Columns", "are", "them")
        return [
            f"{column} {names} {are} hidden in the workbook and read like the others: to leave "
            f'{them} out, map {them} to {IGNORE} (--map "{read[0]}={IGNORE}").'
        ]

    def lines(self) -> list[str]:
        """The report as a person reads it: what came in, how each column and word was read,
        what did not come in and why."""
        same = f", {len(self.unchanged)} unchanged" if self.unchanged else ""
        lines = [
            f"Imported {self.imported} row{'s' if self.imported != 1 else ''} from "
            f"{self.source}: {len(self.added)} added, {len(self.updated)} updated{same}."
        ]
        if self.updated:
            lines.append(
                "Updated (already in the workshop): "
                + ", ".join(
                    f"{name} ({', '.join(self.changed[name])})" if self.changed.get(name) else name
                    for name in self.updated
                )
                + "."
            )
        if self.added and not self.reads_stages:
            lines.append(
                "No column gives the stage, so each new initiative's stage is left for the room "
                "to choose (step 1): say which column holds it, if the sheet has one."
            )
        if self.passed:
            before = (
                f"the sheet before it, '{self.passed[0]}', has"
                if len(self.passed) == 1
                else f"the sheets before it, {listed([repr(t) for t in self.passed])}, have"
            )
            lines.append(f"Read the sheet '{self.sheet}': {before} no column of names.")
        lines += _rows_left_out(self.titles, "above the column names {} a title", "holds", "hold")
        lines += _rows_left_out(
            self.headings, "above the column names {} headings or notes", "holds", "hold"
        )
        if self.names_rows:
            lines.append(
                f"Rows {listed([str(n) for n in self.names_rows])} hold the column names "
                "together: a heading over several columns, the names of its columns under it."
            )
        lines += _rows_left_out(
            self.hidden, "{} hidden in the workbook", "is", "are", ", as hidden rows are"
        )
        lines.extend(self.plan.lines())
        lines += self._hidden_columns_read()
        lines.extend(
            f"'{header}' counts {unit.word}s: turned into weeks at {unit.weeks:.2g} weeks a "
            f"{unit.word}, as step 6 counts effort."
            for header, unit in self.counted_in.items()
        )
        lines.extend(
            f"A second column '{h}' is left out: only the first of that name is read."
            for h in self.repeated
        )
        lines.extend(
            f"The column '{h}' is left out: its name has no letter or digit to match a field by."
            for h in self.unnamed
        )
        read_as = [f"'{w}' as {s}" for w, s in self.stage_words.items() if choice_key(w) != s]
        if read_as:
            lines.append("Stages read: " + ", ".join(read_as) + ".")
        lines.extend(
            _date_order_line(h, o)
            for h, o in self.date_orders.items()
            if o.month_first or (o.shown_by and o.either)
        )
        lines.extend(_date_order_line(h, o) for h, o in self.date_orders.items() if o.unsure)
        if self.absent:
            lines.append(
                f"Not in this sheet, left as they are in the workshop ({len(self.absent)}): "
                f"{some_of(self.absent, ABSENT_NAMED)}."
            )
        lines.extend(f"Skipped row {number}: {reason}" for number, reason in self.skipped)
        lines.extend(f"Row {number}: {note}" for number, note in self.warnings)
        return lines


def _rows_left_out(
    numbers: tuple[int, ...], what: str, one: str, many: str, why: str = ""
) -> list[str]:
    """ "Rows 1 and 2 above the column names hold a title: left out.", or nothing."""
    if not numbers:
        return []
    rows, verb = ("Row", one) if len(numbers) == 1 else ("Rows", many)
    said = what.format(verb)
    return [f"{rows} {listed([str(n) for n in numbers])} {said}: left out{why}."]


def _date_order_line(header: str, order: DateOrder) -> str:
    """How a column's slashed dates were read: always when month first; day first when one
    of them reads both ways round (a date such as '3/9/2025' read as 3 September was read
    without a word); and when nothing shows the order, with how to say it."""
    if order.shown_by:
        where = f" in '{order.shown_in}'" if order.shown_in else ""
        first = "month" if order.month_first else "day"
        said = f"Dates in '{header}' read {first} first, as '{order.shown_by}'{where} shows"
        if order.either:
            read = date_cell(order.either, order.month_first)
            said += f" ('{order.either}' as {read.day} {read:%B %Y})"
        return said + "."
    day = date_cell(order.unsure)
    return (
        f"Dates in '{header}' read day first ('{order.unsure}' as {day.day} {day:%B %Y}): "
        "nothing in the column shows which comes first. If the sheet means month first, write "
        "the dates as YYYY-MM-DD and import again."
    )


def tracker_score(
    folder: Path | None, mapping: dict[str, str] | None = None
) -> Callable[[list[str]], int]:
    """How well a row reads as a tracker's column names, as ``merge_sheet`` reads them: the
    fields its cells name, or 0 without a column of names. The row of column names under a
    title or group headings, and the tracker behind a cover sheet, score best. A column the
    person named as the name (``mapping``) counts too: told "--map Vorhaben=name", the import
    still read the cover sheet before it and said it had no column 'Vorhaben'."""
    names = column_names(folder)
    named = {header_key(h) for h, wanted in (mapping or {}).items() if wanted == "name"}

    def score(headers: list[str]) -> int:
        present = [h for h in headers if h]
        plan = plan_columns(present, names)
        if plan.column("name") is not None:
            return len(plan.fields)
        return 1 if named.intersection(header_key(h) for h in present) else 0

    return score


def planned(
    sheet: Sheet, source: str, mapping: dict[str, str] | None = None, folder: Path | None = None
) -> ColumnPlan:
    """How the sheet's columns are read, refused (``NoNameColumn``) with no column of names.
    The command line asks before it locks the workshop: a refused sheet then changes nothing
    in its folder, not even by the lock file a first save leaves."""
    names = column_names(folder)
    plan = plan_columns(sheet.headers, names, mapping)
    if plan.column("name") is None:
        where = f"{source}, sheet '{sheet.title}'" if sheet.title else source
        raise NoNameColumn(where, sheet.headers, plan, closest_fields(sheet.headers, names))
    return plan


def merge_sheet(
    workshop: Workshop,
    sheet: Sheet,
    source: str,
    mapping: dict[str, str] | None = None,
    folder: Path | None = None,
) -> ImportReport:
    """Add or update ``workshop``'s initiatives from ``sheet``; refuses a sheet with no usable
    row. ``mapping`` is the person's header -> field choices; ``folder`` holds the team's own
    word lists (beside the workshop). The caller validates and saves the whole workshop once."""
    plan = planned(sheet, source, mapping, folder)
    report = ImportReport(
        source=source,
        plan=plan,
        repeated=list(sheet.repeated),
        unnamed=list(sheet.unnamed),
        titles=sheet.titles,
        hidden=sheet.hidden,
        hidden_columns=sheet.hidden_columns,
        headings=sheet.headings,
        names_rows=sheet.names_rows,
        sheet=sheet.title if sheet.passed else "",
        passed=sheet.passed,
    )
    report.date_orders = one_locale(
        {
            header: date_order(row.cells.get(header_key(header)) for row in sheet.rows)
            for header, wanted in plan.fields.items()
            if FIELDS[wanted][1] == "date"
        }
    )
    functions = set(workshop.settings.function_names())
    reader = _RowReader(plan, stage_words(folder), sheet.decimal_comma, report, functions)
    first_row: dict[str, int] = {}
    positions = {name_key(i.name): n for n, i in enumerate(workshop.initiatives)}
    known_ids = {
        (header, value): i.name
        for i in workshop.initiatives
        for header, value in i.notes.items()
        if header_key(header) in _ID_HEADERS and value
    }
    for row in sheet.rows:
        try:
            changes, notes, warnings = reader.read(row)
            key = name_key(changes[("name",)])
            if key in first_row:
                raise ValueError(
                    f"'{changes[('name',)]}' already appears on row {first_row[key]}; "
                    "only the first is imported"
                )
            if key not in positions and (same := _same_id(known_ids, notes)) is not None:
                # Renamed in step 1, or in the sheet: the ID the tracker keeps says which
                # initiative it is, which a second one of another name would only stand beside.
                holder, said = same
                warnings.append(
                    f"'{changes[('name',)]}' has the {said} of '{holder}': updated as "
                    f"'{holder}', the workshop's name (rename it in step 1 if the sheet's is right)"
                )
                changes[("name",)] = holder
                key = name_key(holder)
                if key in first_row:
                    raise ValueError(f"'{holder}' already appears on row {first_row[key]}")
            if key in positions:  # an update: the stage it has stays, which is what to say
                warnings = [_stage_kept(w, workshop.initiatives[positions[key]]) for w in warnings]
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
    if report.updated or report.unchanged:  # the tracker again: say what it no longer lists
        report.absent = [i.name for i in workshop.initiatives if name_key(i.name) not in first_row]
    return report


@dataclass(frozen=True)
class EffortUnit:
    """What an effort column counts in, by its heading, when not weeks."""

    word: str  # "month"
    weeks: float  # weeks in one of them


#: An effort column counted in another unit, by its heading: "Est. effort (FTE-months)" was
#: read as weeks, a quarter of the effort it says, which moved the capacity line. German and
#: French sheets count in "PT" (Personentage), "Tage", "PM", "j/h" (jours-homme), "mois": 120
#: person-days came in as 120 weeks.
EFFORT_UNITS = (
    (
        re.compile(r"\b(?:months?|mths?|mos|monate?|personenmonate?|pm|mm|mois)\b", re.I),
        EffortUnit("month", 52 / 12),
    ),
    (
        re.compile(r"\b(?:days?|tage?|personentage?|pt|md|jours?|j/h|jh|jours?-homme)\b", re.I),
        EffortUnit("working day", 1 / 5),
    ),
)


def effort_unit(header: str) -> EffortUnit | None:
    """The unit an effort column's heading names, other than weeks; None for weeks or none."""
    if re.search(r"\b(?:weeks?|wks?|wochen|personenwochen|pw|semaines?)\b", header, re.I):
        return None
    return next((unit for pattern, unit in EFFORT_UNITS if pattern.search(header)), None)


RACI_LETTERS = ("R", "A", "C", "I")
ABSENT_NAMED = 8  # initiatives named in the report as no longer in a sheet imported again

# The columns a PMO keys its rows by, which outlive a rename.
_ID_HEADERS = {header_key(h) for h in ("ID", "Ref", "Reference", "Key", "Project ID", "Code")}


def _same_id(known: dict[tuple[str, str], str], notes: dict[str, str]) -> tuple[str, str] | None:
    """The initiative already in the workshop with the ID a new row keeps as a note, and the
    ID in words ("ID 'AI-003'"); None when there is none."""
    for header, value in notes.items():
        holder = known.get((header, value))
        if holder is not None:
            return holder, f"{header} '{value}'"
    return None


class _RowReader:
    """Reads one row's cells by the plan, collecting what the report must say about it."""

    def __init__(
        self,
        plan: ColumnPlan,
        words: Words,
        decimal_comma: bool,
        report: ImportReport,
        functions: set[str],
    ) -> None:
        self.columns = [(h, header_key(h), f) for h, f in plan.fields.items()]
        self.month_first = {plan.fields[h] for h, o in report.date_orders.items() if o.month_first}
        self.notes = [(h, header_key(h), plan.note_names.get(h, h)) for h in plan.notes]
        self.letters = [(h, header_key(h), f) for h, f in plan.letters.items()]
        self.functions = functions  # the workshop's, whose letters a sheet may give
        self.words = words
        self.decimal_comma = decimal_comma
        self.report = report

    def read(self, row: Row) -> tuple[dict[tuple[str, ...], Any], dict[str, str], list[str]]:
        changes: dict[tuple[str, ...], Any] = {}
        warnings: list[str] = []
        unread: dict[str, str] = {}
        units: set[str] = set()  # written on the baseline or target ("60%", "£1,200")
        for header, key, wanted in self.columns:
            path, kind = FIELDS[wanted]
            raw = row.cells.get(key)
            try:
                value = self._cell(raw, kind, (wanted, header), warnings)
            except ValueError as error:
                # One unreadable cell should not cost the whole initiative: the cell is kept
                # as a note, as typed, and the report says so.
                if isinstance(raw, Unsaved):  # nothing to keep
                    warnings.append(f"{column_words(wanted, header)}: {error}")
                    continue
                unread[header] = text_cell(raw)
                if kind == "stall_reason":  # a reason all the same: "Reason not given" it is not
                    warnings.append(f"{column_words(wanted, header)}: {error}; {_READ_AS_OTHER}")
                    changes[path] = _OTHER_REASON
                    continue
                warnings.append(f"{column_words(wanted, header)}: {error}; kept as a note instead")
                continue
            if kind == "category" and value is None and text_cell(raw):
                warnings.append(
                    f"category '{text_cell(raw)}' is not one we know; filed under Other"
                )
                value = Category.OTHER
            if kind == "stage" and value is None:
                # No surer than an unknown word: the room chooses (an existing stage stays).
                warnings.append(f"no stage given, {_ROOM_CHOOSES}")
                value = _UNKNOWN_STAGE
            if value is not None and value != "":
                changes[path] = value
            if path in _AMOUNTS and value is not None and (unit := typed_unit(raw)):
                units.add(unit)
        if len(units) == 1 and not changes.get(_UNIT):
            # "60%" under Baseline with no unit column: the unit was typed on the number. It
            # fills an initiative's unit only where it has none (``_apply``).
            changes[_UNIT] = _TypedUnit(units.pop())
        if ("name",) not in changes:
            raise ValueError("no name")
        if _TOTAL_ROW.fullmatch(changes[("name",)].strip()):
            raise ValueError(
                f"'{changes[('name',)]}' looks like the sheet's total row, not an initiative"
            )
        notes = {
            name: text_cell(row.cells.get(k))
            for _, k, name in self.notes
            if text_cell(row.cells.get(k))
        }
        for header, key, function in self.letters:
            letter = " ".join(text_cell(row.cells.get(key)).split()).upper()
            if letter in RACI_LETTERS and function in self.functions:
                changes[("ownership", "raci", function)] = letter
            elif letter:
                why = (
                    f"the workshop has no function '{function}'"
                    if function not in self.functions
                    else f"'{letter}' is not one of R, A, C or I"
                )
                warnings.append(f"'{header}': {why}; kept as a note instead")
                unread[header] = text_cell(row.cells.get(key))
        return changes, notes | unread, warnings

    def _lines(self, raw: Any, column: tuple[str, str], warnings: list[str]) -> list[str] | None:
        """A short list in one cell, one item a line or between semicolons, as the CSV export
        writes it: step 3's lead measures. Beyond the five step 3 holds, the rest is said."""
        items = [" ".join(part.split()) for part in re.split(r"[;\n]", text_cell(raw))]
        items = [item for item in items if item]
        if len(items) > MAX_LEAD_MEASURES:
            left = "; ".join(items[MAX_LEAD_MEASURES:])
            warnings.append(
                f"{column_words(*column)}: the first {MAX_LEAD_MEASURES} read (step 3 holds "
                f"{MAX_LEAD_MEASURES}); left out: {shorten(left, 80)}"
            )
        return items[:MAX_LEAD_MEASURES] or None

    def _cell(self, raw: Any, kind: str, column: tuple[str, str], warnings: list[str]) -> Any:
        wanted, header = column
        if isinstance(raw, Unsaved):
            raise ValueError(UNSAVED_FORMULA)
        if kind == "text":
            return text_cell(raw)
        if kind == "line":
            # A line break typed into a cell (Alt+Enter) is layout, not content, in a one-line
            # field such as a name: it becomes a space instead of making the row unusable.
            return " ".join(text_cell(raw).split())
        if kind == "lines":
            return self._lines(raw, column, warnings)
        if kind == "date":
            try:
                return date_cell(raw, month_first=wanted in self.month_first)
            except ValueError:
                ended = period_end(raw)
                if ended is None:
                    raise
                day, period = ended
                warnings.append(
                    f"{column_words(wanted, header)}: '{text_cell(raw).strip()}' read as "
                    f"{day_text(day)}, the end of {period}"
                )
                return day
        if kind in ("number", "weeks"):
            reading = read_number(raw, self.decimal_comma, weeks=kind == "weeks")
            if reading.note:
                warnings.append(f"{column_words(wanted, header)}: {reading.note}")
            counted = effort_unit(header) if kind == "weeks" else None
            if counted is None or reading.number is None:
                return reading.number
            self.report.counted_in[header] = counted
            return round(reading.number * counted.weeks, 1)
        text = " ".join(text_cell(raw).split())
        if not text:
            return None
        if kind == "stage":
            return self._stage(text, warnings)
        if kind == "stall_reason":
            if choice_key(text) in _NO_REASON:
                return None
            reason = _STALL_REASONS.get(choice_key(text))
            if reason is None:
                raise ValueError(f"'{text}' is none of the reasons step 1 lists")
            return reason
        return _CATEGORIES.get(choice_key(text))

    def _stage(self, text: str, warnings: list[str]) -> Any:
        stage = stage_for(text, self.words)
        if stage is None:
            warnings.append(f"stage '{text}' is not a word we know, {_ROOM_CHOOSES}")
            if text not in self.report.unknown_stages:
                self.report.unknown_stages.append(text)
            return _UNKNOWN_STAGE
        self.report.stage_words.setdefault(text, stage.value)
        return stage


_CATEGORIES = {choice_key(c.value): c for c in Category}
#: A stall reason by its code, as the toolkit's own CSV writes it, or by the words step 1
#: shows ("Stuck in governance review").
_STALL_REASONS = {
    choice_key(words): reason for reason in StallReason for words in (reason.value, reason.label)
}
#: What a PMO writes in a blocker column for "nothing to say": no reason, and no note.
_NO_REASON = {
    choice_key(words)
    for words in (
        *("-", "none", "n/a", "nil", "no", "nothing", "no blocker", "no blockers"),
        *("tbd", "tbc", "unknown", "not known"),
    )
}
_AMOUNTS = {("value", "baseline"), ("value", "target")}
_UNIT = ("value", "unit")


class _TypedUnit(str):
    """A unit read off a number ("%" of "60%"), not from a unit column."""


# The names a PMO gives the row that adds the others up.
#: A sheet's total row by its name: "Total", "Grand total:", "Sub-total", "TOTAL (8 initiatives)",
#: "Total: 12", "Sum 8 projects", and as German and French sheets write it ("Summe (6
#: Vorhaben)", "Gesamt", "Total général", "Somme"); not an initiative whose name starts with
#: the word ("Total rewards chatbot").
_TOTAL_ROW = re.compile(
    r"(?:grand\s*|sub\s*-?\s*|zwischen)?"
    r"(?:totals?(?:\s+g[ée]n[ée]ral)?|sum|overall|summe|gesamt(?:summe)?|insgesamt|somme)\s*"
    r"(?:\(.*\)|[:=–—-].*|[\d\s.,]*(?:initiatives?|projects?|items?|rows?|vorhaben"
    r"|projekte|initiativen|projets)?)",
    re.IGNORECASE,
)
_UNKNOWN_STAGE = object()  # an unknown word: no stage for a new initiative, none changed
# A PMO's own words for why a pilot stalled ("Waiting for data access"): the reason is Other,
# unless the room gave one already, and the words are kept as a note. Dropped, they made the
# initiative one of those with "Reason not given".
_OTHER_REASON = object()
_READ_AS_OTHER = (
    f"read as '{StallReason.OTHER.label}' (unless step 1 gave a reason already), the words "
    "kept as a note"
)
_ROOM_CHOOSES = "so the stage is left for the room to choose (step 1)"


def _stage_kept(warning: str, initiative: Initiative) -> str:
    """A stage warning of a row updating ``initiative``: its stage stays, where "left for the
    room to choose" said it would be cleared."""
    if initiative.stage is None:
        return warning
    kept = f"so its stage stays {initiative.stage.label} (change it in step 1 if need be)"
    return warning.replace(_ROOM_CHOOSES, kept)


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
    if existing is None and not report.reads_stages:
        data["stage"] = None  # the room chooses: no sheet said it is an idea
    stage = changes.get(("stage",))
    if isinstance(stage, Stage) and stage is not Stage.STALLED:
        # The sheet says it moved on: a stall reason it had no longer holds ("Production ·
        # Stuck in governance review"), unless the sheet gives one all the same.
        data["stall_reason"] = None
    for path, value in changes.items():
        if existing and path == ("name",):
            continue
        if value is _UNKNOWN_STAGE:
            if existing is None:
                data["stage"] = None
            continue
        if isinstance(value, _TypedUnit) and data.get("value", {}).get("unit"):
            continue  # a unit already given stands
        if value is _OTHER_REASON:
            data["stall_reason"] = data.get("stall_reason") or StallReason.OTHER
            continue
        target = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = value
    # A column now read as a field, or left out, no longer belongs among the notes.
    done_with = {*report.plan.fields, *report.plan.ignored, *report.plan.ours}
    kept = {k: v for k, v in data.get("notes", {}).items() if k not in done_with}
    data["notes"] = {**kept, **notes}
    try:
        initiative = Initiative.model_validate(data)
    except ValidationError as error:
        headers = {wanted: header for header, wanted in report.plan.fields.items()}
        reasons = [
            f"{_column_for(where, headers)}: {what}"
            for where, what in located_problems(error.errors())
        ]
        raise ValueError("; ".join(reasons)) from None
    if existing is None:
        positions[key] = len(workshop.initiatives)
        workshop.initiatives.append(initiative)
        report.added.append(initiative.name)
    elif initiative == existing:
        report.unchanged.append(initiative.name)
    else:
        workshop.initiatives[positions[key]] = initiative
        report.updated.append(initiative.name)
        report.changed[initiative.name] = what_changed(existing, initiative)


def what_changed(before: Initiative, after: Initiative) -> list[str]:
    """The fields an import changed, as the column menus name them ("stage", "sponsor"), and
    "notes": "36 updated" named every row of a sheet of which two had moved."""
    old, new = before.model_dump(), after.model_dump()
    changed = [
        FIELD_LABELS[key].lower()
        for key, (path, _) in FIELDS.items()
        if _at(old, path) != _at(new, path)
    ]
    if before.stage != after.stage:  # the move a PMO most wants to see: from what, to what
        moved = " → ".join(
            s.label.lower() if s else "not given" for s in (before.stage, after.stage)
        )
        changed = [f"stage {moved}" if c == "stage" else c for c in changed]
    if old["ownership"]["raci"] != new["ownership"]["raci"]:
        changed.append("responsibility map")
    if old["notes"] != new["notes"]:
        changed.append("notes")
    return changed


def _at(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _column_for(field_path: str, headers: dict[str, str]) -> str:
    wanted = FIELD_COLUMN.get(field_path, field_path)
    return column_words(wanted, headers.get(wanted, wanted))


def column_words(wanted: str, header: str) -> str:
    """A field as the report names it: by the key ``--map`` takes, and by the sheet's own
    heading when that differs, so a PMO finds the column it wrote."""
    return wanted if header == wanted else f"{wanted} ('{header}')"
