"""The workshop as tables: one CSV of initiatives with every step's columns, and an Excel
workbook with one sheet per step.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, so user text starting that way is prefixed with an apostrophe ("formula
injection"), and so is a header made from user text. Numbers stay numbers.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

from gaptools.core.model import Stage, Workshop, answerer_label
from gaptools.core.numbers import half_up
from gaptools.core.text import GUARDED
from gaptools.export.cells import Figure, Share, parts
from gaptools.files.columns import HEADINGS, NOTE_PREFIX, NOTE_SUFFIX, RACI_PREFIX, RACI_SUFFIX
from gaptools.steps.bet import card, cycle_start
from gaptools.steps.contested import lens_spread
from gaptools.steps.ownership import findings, letters
from gaptools.steps.portfolio import in_purgatory, pilot_age_weeks
from gaptools.steps.prioritise import rank
from gaptools.steps.readiness import groups, readiness, risk_level, risk_score
from gaptools.steps.value import value_gaps, value_sentence, value_verdict

Row = list[Any]


def safe(value: Any) -> Any:
    """A CSV cell a spreadsheet will show, never run. (A workbook keeps the text as typed and
    marks it as text instead: ``guard``.)"""
    if isinstance(value, str) and value.startswith(GUARDED):
        return "'" + value
    return value


def note_headers(workshop: Workshop) -> list[str]:
    """The headers of the columns an import kept as notes, in the order first met."""
    return list(dict.fromkeys(h for i in workshop.initiatives for h in i.notes))


def initiative_table(workshop: Workshop) -> tuple[list[str], list[Row]]:
    """One row per initiative with the columns of every step, then one ``note: <header>``
    column per column an import kept as notes, last, since their number varies from one
    workshop to the next. Column names, once added, stay: scripts read them."""
    functions = workshop.settings.function_names()
    date = workshop.meta.date
    ranking = {s.name: s for s in rank(workshop).ranked}  # the table shows stability
    per_initiative = {}
    for finding in findings(workshop):
        per_initiative[finding.initiative] = per_initiative.get(finding.initiative, 0) + 1
    labels = dict(groups())
    chosen = card(workshop).name
    kept = note_headers(workshop)
    headers = [
        "name",
        "description",
        "category",
        "area",
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
        *[f"{RACI_PREFIX}{f}" for f in functions],
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
        *[f"{NOTE_PREFIX}{header}" for header in kept],
    ]
    rows = []
    for i in workshop.initiatives:
        age = pilot_age_weeks(i, date) if i.stage is Stage.PILOT else None  # a pilot's age
        score = readiness(i)
        placed = ranking.get(i.name)
        marks = letters(i, functions)
        rows.append(
            [
                i.name,
                i.description,
                i.category.label,
                i.area,
                i.stage.label if i.stage else "",
                i.started.isoformat() if i.started else "",
                i.sponsor,
                i.stall_reason.label if i.stall_reason else "",
                round(age, 1) if age is not None else "",
                "yes" if in_purgatory(i, date, workshop.settings.purgatory_weeks) else "no",
                i.value.metric,
                i.value.unit,
                i.value.baseline if i.value.baseline is not None else "",
                i.value.target if i.value.target is not None else "",
                i.value.due.isoformat() if i.value.due else "",
                i.value.measured_by,
                "; ".join(m for m in i.value.lead_measures if m.strip()),
                i.value.guardrail,
                value_verdict(i, date),
                value_sentence(i.value),
                "; ".join(value_gaps(i.value, date)),
                i.ownership.accountable,
                *[marks.get(f, "") for f in functions],
                per_initiative.get(i.name, 0),
                Share(half_up(score.share_done, 2)),
                labels.get(score.weakest or "", ""),
                sum(risk_level(r) == "high" for r in i.readiness.risks),
                i.readiness.regulatory_tier.label if i.readiness.regulatory_tier else "",
                i.priority.value or "",
                i.priority.confidence if i.priority.confidence is not None else "",
                i.effort_weeks if i.effort_weeks is not None else "",
                round(placed.score, 1) if placed else "",
                "" if not placed or placed.above is None else ("yes" if placed.above else "no"),
                Share(half_up(placed.stability, 2))
                if placed and placed.stability is not None
                else "",
                "yes" if chosen and i.name == chosen else "",
                *[i.notes.get(header, "") for header in kept],
            ]
        )
    return headers, rows


def to_csv(workshop: Workshop) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows accents and emoji correctly."""
    headers, rows = initiative_table(workshop)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([safe(h) for h in headers])
    writer.writerows([safe(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def sheets(workshop: Workshop) -> list[tuple[str, list[str], list[Row]]]:
    """(title, headers, rows) for each step's sheet."""
    meta = workshop.meta
    spread = lens_spread(workshop)
    headers, rows = initiative_table(workshop)
    start = [
        ["Organisation", meta.organisation],
        ["Team", meta.team],
        ["Date", meta.date.isoformat()],
        ["Facilitator", meta.facilitator],
        *[["Participant", f"{p.name} ({p.role})" if p.role else p.name] for p in meta.participants],
    ]
    success = [
        [answerer_label(d.participant), d.sentence, d.lens.label]
        for d in workshop.success_definitions
    ]
    success.append(["(room)", spread.summary, spread.verdict])
    risks = [
        [
            i.name,
            r.kind.label,
            r.likelihood,
            r.impact,
            risk_score(r),
            risk_level(r),
            r.mitigation,
            r.owner,
        ]
        for i in workshop.initiatives
        for r in i.readiness.risks
    ]
    owners = [[f.severity, f.rule, f.initiative, f.subject, f.message] for f in findings(workshop)]
    bet = workshop.bet
    commitment = card(workshop)
    chosen = commitment.initiative
    card_rows = [
        ["Bet", commitment.name or ("no bet yet" if bet.no_bet_yet else "")],
        ["Value", value_sentence(chosen.value) if chosen else ""],
        ["Accountable", chosen.ownership.accountable if chosen else ""],
        ["Decided by", bet.decided_by],
        ["Decided on", bet.decided_on.isoformat() if bet.decided_on else ""],
        ["First cycle starts", cycle_start(workshop).isoformat() if commitment.initiative else ""],
        ["First cycle ends", bet.first_cycle_end.isoformat() if bet.first_cycle_end else ""],
        # A row per debrief, each a date a PMO can sort and filter by.
        *([["Debrief", d.isoformat()] for d in commitment.debriefs] or [["Debrief", ""]]),
        ["Kill criteria", bet.kill_criteria],
        ["Stopped or paused", ", ".join(bet.stopped)],
        ["Readiness gaps", ", ".join(bet.readiness_gaps)],
        # "No bet yet" is a plan too: what the team finds out first, and by when.
        *[["To explore", line] for line in commitment.explore],
        *[["Still missing", gap] for gap in commitment.gaps],
    ]
    return [
        ("Start", ["field", "value"], start),
        ("Initiatives", headers, rows),
        ("Success", ["leader", "definition", "lens"], success),
        ("Ownership findings", ["severity", "rule", "initiative", "subject", "message"], owners),
        (
            "Risks",
            ["initiative", "risk", "likelihood", "impact", "score", "level", "mitigation", "owner"],
            risks,
        ),
        ("Bet", ["item", "value"], card_rows),
        *_answer_sheets(workshop),
    ]


SHEET_TITLE = 31  # the longest name a worksheet may have
_FIGURE = re.compile(r"\d{1,9}(\.\d{1,6})?")  # a count, as the report prints it


def _answer_sheets(workshop: Workshop) -> list[tuple[str, list[str], list[Row]]]:
    """The pulse, the commitments, the learning log and the maturity ratings, as the report
    publishes them (so no anonymous answer appears here that the report does not show), a
    sheet each; a cell of several lines (a cycle's learning) keeps them as lines, and a cell
    of several values (a cycle's dates) is a column for each."""
    from gaptools.export.report import answer_tables

    return [
        (
            table.caption[:SHEET_TITLE],
            [part for header in table.headers for part in parts(header)],
            [_cells(table.headers, row) for row in table.rows],
        )
        for table in answer_tables(workshop)
    ]


def _cells(headers: list[str], row: list[Any]) -> Row:
    """A report row as a workbook holds it: each cell as ``_joined`` reads it, spread over
    as many columns as its heading has parts."""
    out: Row = []
    for header, cell in zip(headers, row, strict=True):
        if isinstance(cell, Figure):
            values = ["" if value is None else value for value in cell.values]
        else:
            values = [_joined(cell)]
        out += [*values, *[""] * (len(parts(header)) - len(values))]
    return out


def _joined(cell: str | list[str]) -> Any:
    """A report cell as a workbook holds it: its lines as lines, and a count as a number,
    which sorts and sums, rather than the text the report prints."""
    if not isinstance(cell, str):
        return "\n".join(cell)
    if _FIGURE.fullmatch(cell):
        return float(cell) if "." in cell else int(cell)
    return cell


def to_xlsx(workshop: Workshop) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets(workshop):
        sheet = book.create_sheet(title)
        sheet.append([heading(h) for h in headers])
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
            for cell, value in zip(sheet[sheet.max_row], row, strict=False):
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(value, Share):
                    cell.number_format = "0%"
                elif isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")  # lines typed
        dress(sheet, [[heading(h) for h in headers], *rows])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def heading(key: str) -> str:
    """A column's heading in the workbook, where people read it: a field name said plainly,
    a function's letters and a kept column named for what they are."""
    if key.startswith(RACI_PREFIX):
        return f"{key.removeprefix(RACI_PREFIX)}{RACI_SUFFIX}"
    if key.startswith(NOTE_PREFIX):
        return f"{key.removeprefix(NOTE_PREFIX)}{NOTE_SUFFIX}"
    if key in HEADINGS:
        return HEADINGS[key]
    # A field name ("likelihood") said as a word; a heading written in words, from the
    # report's tables ("What AI takes off whom"), as it is written.
    return key.replace("_", " ").capitalize() if key.islower() else key


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _xlsx_value(value: object) -> object:
    """A cell as a spreadsheet reads it: a day as a date, anything else as it is (``dress``
    guards the text)."""
    day = iso_day(value)
    return value if day is None else day


def iso_day(value: object) -> dt.date | None:
    """The day an ISO date cell holds, for a workbook to hold it as a date (it sorts and
    filters as one; a CSV keeps the ISO text); None for anything else."""
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    return None


WIDE_SHEET = 8  # columns: wider, a sheet keeps its first column in view as it scrolls


def dress(sheet: Any, rows: Iterable[Row]) -> None:
    """A sheet as people open it in Excel: its headings bold and kept in view, a filter on
    them, and each column as wide as its longest text (within reason), read from ``rows``
    (the headings first)."""
    from openpyxl.styles import Font

    guard(sheet)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # The headings stay in view; on a wide sheet (a team or an initiative per row, forty
    # columns and more) the first column too, or the names scroll out of sight.
    sheet.freeze_panes = "B2" if sheet.max_column > WIDE_SHEET else "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    for column, width in _widths(rows).items():
        sheet.column_dimensions[column].width = width
    _wrap_long(sheet)


def _wrap_long(sheet: Any) -> None:
    """Text longer than its column is wide wraps within its cell, top-aligned: cut at the
    column's edge, a reason a file was skipped lost the way to restore it, and "Still
    missing" showed a quarter of its list."""
    from openpyxl.styles import Alignment

    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) > WIDEST_COLUMN - 2:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def guard(sheet: Any) -> None:
    """Text a spreadsheet would run (``GUARDED``) kept as it was typed, stored as text and
    marked with Excel's own quote prefix, which it shows and runs as text. A leading
    apostrophe, as a CSV needs, became part of the value in a workbook: "-10% cost" read
    "'-10% cost", and a name no longer matched the same name in the JSON."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(GUARDED):
                cell.data_type = "s"
                cell.quotePrefix = True


def _widths(rows: Iterable[Row]) -> dict[str, float]:
    from openpyxl.utils import get_column_letter

    longest: dict[int, int] = {}
    for row in rows:
        for index, value in enumerate(row, start=1):
            longest[index] = max(longest.get(index, 0), len(str(value)))
    return {get_column_letter(i): min(max(n + 2, 8), WIDEST_COLUMN) for i, n in longest.items()}


WIDEST_COLUMN = 60  # characters: wider, a column of long text pushes the rest off the screen
