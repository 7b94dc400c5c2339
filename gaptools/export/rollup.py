"""Finding many teams' workshops, rolling them up, and writing the roll-up.

``find_workshops`` searches files and folders (recursively) for workshop files and lists
everything it passes over with the reason: a save's backup, lock or temporary file, JSON that
is not a workshop, a file too large, a loop of symbolic links. (A team's data export is its
workshop, byte for byte: it is rolled up, and counted once beside the team's own file.)
``rollup`` loads each found workshop with ``files.store.load`` (safe, size-limited), one at a
time, and hands it to the rules in ``summaries.rollup``. (The finding and loading live here
because the layers keep ``summaries`` and ``files`` apart; ``export`` may use both.)

The writers give JSON (``{"teams", "totals", "duplicates", "skipped", "notes"}``), CSV and XLSX (one
row per team; a text cell a spreadsheet would run is neutralised, ``table.safe`` in the CSV and
``table.guard`` in the workbook, so a team named ``=cmd|...`` stays text)
and HTML in the team report's style (jinja2, autoescaped), each team linking to its own report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gaptools.charts.svg import SCROLL_SHADOW
from gaptools.core.errors import WorkshopError
from gaptools.core.model import Stage, StallReason
from gaptools.core.numbers import percent
from gaptools.core.text import plural, some_of
from gaptools.export import output_format
from gaptools.export.markup import render
from gaptools.export.table import dress, iso_day, safe
from gaptools.files import store
from gaptools.files.home import (
    EXPORT_ENDING,
    NOT_WORKSHOPS,
    REPLACES_A_WORKSHOP,
    SNIFF_BYTES,
    holds_a_workshop,
    looks_like_workshop,
)
from gaptools.files.reading import read_start
from gaptools.steps.bet import ENDED
from gaptools.steps.maturity import dimensions
from gaptools.steps.portfolio import NO_REASON_LABEL, NOT_GIVEN, NOT_GIVEN_LABEL
from gaptools.steps.pulse import QUESTIONS
from gaptools.summaries.rollup import (
    DUPLICATE_THRESHOLD,
    Rollup,
    gather,
    score_label,
    skipped_by_reason,
    skipped_in_order,
    team_label,
    unreadable,
)

#: Where every format lists the files counted that the office should look at (two teams
#: sharing one workshop id): the HTML section, the XLSX sheet, the notebook's heading.
NOTES_TITLE = "Notes on the files"
SKIPPED_TITLE = "Files not rolled up"
SUFFIX = {"html": ".html", "xlsx": ".xlsx", "csv": ".csv", "json": ".json"}
REPORT_ENDING = "-report.html"  # ``gaptools export W --format html`` writes ``W-report.html``

Skipped = dict[str, Any]


# -- finding ---------------------------------------------------------------------------------


def find_workshops(sources: Iterable[Path | str]) -> tuple[list[Path], list[Skipped]]:
    """The workshop files in ``sources`` (files, or folders searched recursively), in a stable
    order, and what was passed over with the reason. Nothing here is fatal: a folder that
    cannot be read, a link loop or a missing source is one more line in the second list."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    seen_files: set[tuple[int, int]] = set()
    seen_folders: set[tuple[int, int]] = set()
    for source in sources:
        path = Path(source)
        try:
            info = os.stat(path)
        except OSError as error:
            skipped.append(_skip(path, _os_reason(error, "no such file or folder")))
            continue
        if stat.S_ISDIR(info.st_mode):
            _search(path, found, skipped, seen_files, seen_folders)
        elif _first_time(info, seen_files):
            _file(path, info, found, skipped)
    return found, skipped


#: What the roll-up reads, for whoever pointed it at something else (a folder of sheets).
WHAT_IT_READS = "teams' workshop files end in .json"


def _file(path: Path, info: os.stat_result, found: list[Path], skipped: list[Skipped]) -> None:
    """A file named on purpose, judged as a folder's file is, so it gets the same reason
    (a settings file named alone read "schema_version: must be a whole number"); a file of
    another kind, which a folder passes over quietly, is said to be no workshop."""
    reason = _not_a_workshop(path, info)
    if reason is None:
        found.append(path)
    elif isinstance(reason, Unreadable):
        skipped.append(_skip(path, reason.why, damaged=True))
    else:
        skipped.append(_skip(path, reason or f"not a workshop file: {WHAT_IT_READS}"))


def _search(
    folder: Path,
    found: list[Path],
    skipped: list[Skipped],
    seen_files: set[tuple[int, int]],
    seen_folders: set[tuple[int, int]],
) -> None:
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            info = os.stat(current)
        except OSError as error:
            skipped.append(_skip(current, _os_reason(error, "cannot be searched")))
            continue
        if not _first_time(info, seen_folders):
            again = (
                "a symbolic link back to a folder already searched"
                if current.is_symlink()
                else "a folder already searched (named again, or inside a folder named)"
            )
            skipped.append(_skip(current, again))
            continue
        try:
            # A team's file comes before its data export (the same workshop, byte for byte
            # when it was made): the first found is the one counted, and the file is newer.
            entries = sorted(os.scandir(current), key=lambda e: (_is_export(e.name), e.name))
        except OSError as error:
            skipped.append(_skip(current, _os_reason(error, "the folder cannot be read")))
            continue
        folders = []
        for entry in entries:
            path = Path(entry.path)
            try:
                entry_info = os.stat(path)  # follows links; a loop raises ELOOP
            except OSError as error:
                skipped.append(_skip(path, _os_reason(error, "cannot be read")))
                continue
            if stat.S_ISDIR(entry_info.st_mode):
                folders.append(path)
                continue
            reason = _not_a_workshop(path, entry_info)
            if reason == "":
                continue  # not JSON nor a side file: a report, a sheet; not listed
            if isinstance(reason, Unreadable):
                skipped.append(_skip(path, reason.why, damaged=True))
            elif reason is not None:
                skipped.append(_skip(path, reason))
            elif _first_time(entry_info, seen_files):
                found.append(path)
            else:
                skipped.append(_skip(path, "the same file as one already found (a link)"))
        stack.extend(reversed(folders))


@dataclass(frozen=True)
class Unreadable:
    """Why a file that may be a team's workshop could not be read: damaged, not passed over."""

    why: str


def _not_a_workshop(path: Path, info: os.stat_result) -> str | Unreadable | None:
    """Why a file in a searched folder is not rolled up; "" for a file of another kind that is
    passed over quietly; None for a workshop."""
    name = path.name
    if name.endswith(".bak"):
        return "a backup kept by saves, not a workshop"
    if store.is_side_file(path):
        return "a lock or temporary file kept by saves"
    if not name.lower().endswith(".json"):
        return ""
    if name.startswith("."):
        return "a hidden file"
    if name in NOT_WORKSHOPS:
        return "a gaptools settings file, not a workshop"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_size > store.MAX_FILE_BYTES:
        return f"the file is too large (more than {store.MAX_FILE_BYTES:,} bytes) to be a workshop"
    if not looks_like_workshop(path.resolve()):
        head = _head(path)
        damage = _not_json(path, info, head)
        if not damage:
            return "JSON that is not a workshop file (no schema_version)"
        # Damage counts against the teams only where the file may have been a workshop:
        # empty, not text, or with a workshop's first keys in it; an editor's settings with
        # a comment in them are other JSON, named for what is wrong, and no more.
        return Unreadable(damage) if _may_be_a_workshop(head) else f"not a workshop: {damage}"
    return None


def _head(path: Path) -> bytes | None:
    """A file's first bytes, read once for every look at them; None where it cannot be read."""
    try:
        return read_start(path, SNIFF_BYTES, "workshop file")
    except (OSError, WorkshopError):
        return None


def _may_be_a_workshop(head: bytes | None) -> bool:
    if head is None or not _starts_as_text(head):
        return True
    text = head.decode("utf-8", errors="ignore")
    return not text.strip("\x00 \t\r\n") or '"schema_version"' in text or '"meta"' in text


def _is_export(name: str) -> bool:
    return name.endswith(EXPORT_ENDING)


def _not_json(path: Path, info: os.stat_result, head: bytes | None) -> str:
    """Why a small file is not JSON at all ("" when it is, or is too large to read here): a
    damaged workshop is named for what is wrong with it, in the words ``gaptools validate``
    uses for the same file."""
    if info.st_size > SNIFF_BYTES and (head is None or _starts_as_text(head)):
        return ""  # large JSON of another kind: not read whole to find out
    try:
        store.load(path)
    except store.Damaged as error:
        return "; ".join(error.problems)
    except WorkshopError:
        return ""
    return ""


def _starts_as_text(head: bytes) -> bool:
    """Whether a file's first bytes may be UTF-8 text, as a workshop's are: a workshop saved
    as UTF-16 by an editor is damaged, not another kind of JSON."""
    return not head.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in head


def _first_time(info: os.stat_result, seen: set[tuple[int, int]]) -> bool:
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _os_reason(error: OSError, fallback: str) -> str:
    import errno

    if error.errno == errno.ELOOP:
        return "a loop of symbolic links that never reaches a file"
    if error.errno == errno.ENOENT:
        return fallback if fallback.startswith("no such") else "no such file (a broken link)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"{fallback}: {error.strerror or error}"


def _skip(path: Path, reason: str, damaged: bool = False) -> Skipped:
    return unreadable(str(path), reason) if damaged else {"file": str(path), "reason": reason}


# -- rolling up ------------------------------------------------------------------------------


def rollup(
    paths: Sequence[Path | str],
    as_of: dt.date | None = None,
    threshold: int = DUPLICATE_THRESHOLD,
    skipped: Iterable[Skipped] = (),
    search: bool = True,
) -> Rollup:
    """The roll-up of ``paths``, loaded one at a time with the safe loader; ``skipped`` (from
    ``find_workshops``) is carried into the result's list."""
    return gather(paths, store.load, as_of, threshold, skipped, search)


def rollup_sources(
    sources: Iterable[Path | str],
    as_of: dt.date | None = None,
    threshold: int = DUPLICATE_THRESHOLD,
    search: bool = True,
) -> Rollup:
    """``find_workshops`` then ``rollup``: what the command and the notebook call; without
    ``search``, the same ideas in several teams are left for ``search_duplicates``."""
    paths, skipped = find_workshops(sources)
    return rollup(paths, as_of, threshold, skipped, search)


# -- writing ---------------------------------------------------------------------------------

#: The columns of the CSV, the XLSX and the notebook's table, in order, each with its heading
#: as people read it (the JSON keeps the keys): who and when, then every key of the team's
#: own ``gaptools status`` and the roll-up's own facts, each beside its step's other figures.
#: A status key added later needs a heading here (a test says so).
HEADINGS: dict[str, str] = {
    "team": "Team",
    "organisation": "Organisation",
    "date": "Workshop date",
    "as_of": "Figures as of",
    "quarter": "Quarter planned",
    "file": "Workshop file",
    "participants": "Participants",
    "survey_responses": "Survey answers",
    "initiatives": "Initiatives",
    "by_stage": "Initiatives by stage",
    "in_play": "In play",
    "deploy_ready": "Deploy-ready",
    "explore": "To explore",
    "deploy_ready_share": "Deploy-ready share",
    "contested": "Success contested",
    "definitions": "Definitions of success",
    "unowned": "No named owner",
    "ownership_findings": "Ownership findings",
    # Counted at the team's workshop, as ``status`` counts them: the page says "as of" the
    # roll-up's day, and a pilot a year old read as the 9 weeks it was then.
    "in_purgatory": "Pilots stuck at the workshop",
    "stalled_by_reason": "Stalled initiatives, by reason",
    "not_ready": "A readiness group not started",
    "high_risks_unmitigated": "High risks without mitigation",
    "above_line": "Above the line",
    "bet": "Bet",
    "bet_complete": "Card complete",
    "no_bet_yet": "No bet yet, by choice",
    "bet_ended": "Bet killed since it was chosen",
    "votes": "Votes cast",
    "gut_checks": "Gut checks",
    "first_cycle_start": "First cycle starts",
    "first_cycle_end": "First cycle ends",
    "cycles": "Learning cycles",
    "median_cycle_days": "Median cycle (days)",
    "debriefed_share": "Ended cycles debriefed",
    "kills_this_quarter": "Kills this quarter",
    "decisions_this_quarter": "Decisions this quarter",
    "maturity_raters": "Maturity raters",
    "maturity_medians": "Maturity medians",
    "pulse_responses": "Pulse answers",
    "pulse_favourable": "Pulse: 4 or 5",
    "commitments_complete": "Commitments complete",
    "missing": "Still missing",
}
COLUMNS = tuple(HEADINGS)


def column_heading(column: str) -> str:
    """A column's heading, as the sheets and the notebook's table show it."""
    return HEADINGS[column]


def _shown(value: Any) -> Any:
    """A value as one table cell: numbers stay numbers, mappings become "key: value" text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _cell(value: Any) -> Any:
    """A value as one spreadsheet cell: any text through ``safe``, so a spreadsheet never
    reads it as a formula (a page shows it as it is)."""
    shown = _shown(value)
    return safe(shown) if isinstance(shown, str) else shown


def team_table(result: Rollup, sheet: bool = True) -> tuple[list[str], list[list[Any]]]:
    """The teams as the spreadsheet (``sheet``) or the notebook's table shows them, under the
    columns' keys (``column_heading`` gives the words); stages and stall reasons by their labels and
    the pulse in per cent, as people read them (``--format json`` keeps the codes and the
    fractions). A team is named as everywhere else the roll-up names it (``team_label``):
    one with no name yet by its file, two of one name with their files."""
    cell = _cell if sheet else _shown
    return list(COLUMNS), [[cell(_table_value(row, c)) for c in COLUMNS] for row in result.teams]


def _table_value(row: dict[str, Any], column: str) -> Any:
    if column == "stalled_by_reason":
        return _stalled(row) if row.get(column) else None
    if column == "by_stage":
        return _stages(row) if row.get(column) else None
    if column == "pulse_favourable":
        return _pulse(row) if row.get(column) else None
    if column == "maturity_medians":
        return maturity_text(row[column]) if row.get(column) else None
    if column == "team":
        return team_label(row)  # a team with no name yet is known by its file, as on screen
    if column == "bet" and not row.get("bet") and row.get("no_bet_yet"):
        return NO_BET_YET_BY_CHOICE  # an honest outcome, not a decision still to take
    if column == "bet" and row.get("bet") and row.get("bet_ended"):
        return f"{row['bet']} ({ENDED})"  # it read as the team's live bet
    return row.get(column)


NO_BET_YET_BY_CHOICE = "no bet yet, by choice"


def count_columns() -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    """Number columns for the counts a team's text cells hold ("Idea: 3; Pilot: 5"), one per
    stage, stall reason, maturity dimension and pulse question, which the workbook and the CSV
    add after every other column: an office could not total the pilots across teams without
    splitting text. A figure a team does not show (its pulse under its minimum) is blank,
    never 0."""

    def part(key: str, code: str, zero: Any) -> Callable[[dict[str, Any]], Any]:
        return lambda row: (row.get(key) or {}).get(code, zero)

    stages = [(s.value, s.label) for s in Stage] + [(NOT_GIVEN, NOT_GIVEN_LABEL)]
    reasons = [(r.value, r.label) for r in StallReason] + [("unknown", NO_REASON_LABEL)]
    return [
        *((f"Stage: {label}", part("by_stage", code, 0)) for code, label in stages),
        *((f"Stalled: {label}", part("stalled_by_reason", code, 0)) for code, label in reasons),
        *((f"Maturity: {d.label}", part("maturity_medians", d.code, None)) for d in dimensions()),
        *((f"{PULSE_SHARE}{q.tag}", part("pulse_favourable", q.key, None)) for q in QUESTIONS),
    ]


PULSE_SHARE = "Pulse 4 or 5: "  # a count column of a share, shown in per cent


def to_json(result: Rollup, indent: int | None = 2) -> bytes:
    return json.dumps(result.as_json(), ensure_ascii=False, indent=indent).encode("utf-8")


def to_csv(result: Rollup) -> bytes:
    headers, rows = team_table(result)
    counts = count_columns()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column_heading(h) for h in headers] + [h for h, _ in counts])
    for row, team in zip(rows, result.teams, strict=True):
        writer.writerow(row + [value(team) for _, value in counts])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(result: Rollup) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Teams"
    headers, rows = team_table(result, sheet=False)  # text as typed: ``table.guard`` marks it
    counts = count_columns()
    _write_sheet(
        sheet,
        [column_heading(h) for h in headers] + [h for h, _ in counts],
        [
            row + [value(team) for _, value in counts]
            for row, team in zip(rows, result.teams, strict=True)
        ],
    )
    headings = [*headers, *(h for h, _ in counts)]
    for share, header in enumerate(headings, start=1):  # numbers a formula can use, in per cent
        if header.endswith("_share") or header.startswith(PULSE_SHARE):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=share, max_col=share):
                cell.number_format = "0%"
    _write_totals(book.create_sheet(TOTALS_TITLE), result.totals)
    duplicates = book.create_sheet("Same idea")
    _write_sheet(duplicates, *_duplicate_table(result))
    _write_sheet(book.create_sheet("Initiatives in play"), *_in_play_table(result))
    across = book.create_sheet("Accountable across teams")
    _write_sheet(across, *_across_table(result))
    skipped = book.create_sheet("Skipped")
    _write_sheet(
        skipped,
        ["file", "reason", "could not be read"],
        [
            [s["file"], s["reason"], "yes" if s.get("unreadable") else ""]
            for s in skipped_in_order(result.skipped)
        ],
    )
    notes = book.create_sheet(NOTES_TITLE)
    _write_sheet(notes, ["file", "note"], [[n["file"], n["note"]] for n in result.notes])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


#: The workbook's sheet of the figures across the teams, which the report opens with.
TOTALS_TITLE = "Across the teams"


def _write_totals(sheet: Any, totals: dict[str, Any]) -> None:
    """The totals and medians, headed and worded as the report gives them: a count or a share
    as a number a formula can use, the rest (medians, reasons) as the report's words. The
    workbook had the teams alone, and an office working in Excel added them up again."""
    rows = [
        [total_heading(key), value if _a_number(value) else total_text(key, value)]
        for key, value in totals.items()
    ]
    _write_sheet(sheet, ["figure", "across the teams"], rows)
    for heading, cell in sheet.iter_rows(min_row=2):
        if heading.value == total_heading("deploy_ready_share"):
            cell.number_format = "0%"


def _a_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _write_sheet(sheet: Any, headers: list[str], rows: list[list[Any]]) -> None:
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            day = iso_day(cell.value)
            if day is not None:
                cell.value, cell.number_format = day, "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # text, whatever it starts with
    dress(sheet, [headers, *rows])


def _holders(side: list[dict[str, str]]) -> str:
    return "; ".join(f"{team_label(h)} ({h['file']})" for h in side)


def _teams_of(side: list[dict[str, str]]) -> str:
    """The teams holding one side of a pair, as the page's other tables name them: the files
    are in the spreadsheet, and on a page they made an idea of eight teams a paragraph."""
    return ", ".join(team_label(h) for h in side)


#: Pairs of alike initiatives the page shows, closest first; the spreadsheet has every one.
#: Past this the page is a printout of many pages that no committee reads.
PAGE_PAIRS = 40


def _in_play_table(result: Rollup) -> tuple[list[str], list[list[Any]]]:
    """Every counted team's initiatives in play, a row each, to filter: the stuck pilots,
    those with no deploy-ready value, those with nobody accountable."""
    headers = [
        "team",
        "initiative",
        "stage",
        "weeks in pilot at the workshop",
        "stuck at the workshop",
        "stall reason",
        "accountable person",
        "deploy-ready value",
        "file",
    ]
    rows = [
        [
            row["team"],
            row["initiative"],
            row["stage"],
            row["weeks_in_pilot"],
            "yes" if row["stuck"] else "no",
            row["stall_reason"],
            row["accountable"],
            "yes" if row["deploy_ready"] else "no",
            row["file"],
        ]
        for row in result.in_play
    ]
    return headers, rows


def _duplicate_table(result: Rollup) -> tuple[list[str], list[list[Any]]]:
    headers = ["score", "same name", "initiative", "its teams", "looks like", "their teams"]
    rows = [
        [
            d["score"],
            "yes" if d["same_name"] else "no",
            d["first"][0]["name"],
            _holders(d["first"]),
            d["second"][0]["name"],
            _holders(d["second"]),
        ]
        for d in result.duplicates
    ]
    return headers, rows


def _across_table(result: Rollup) -> tuple[list[str], list[list[Any]]]:
    rows = [
        ["person", a["name"], len(a["teams"]), "; ".join(a["teams"])]
        for a in result.accountable_people
    ] + [
        ["function", a["name"], len(a["teams"]), "; ".join(a["teams"])]
        for a in result.accountable_functions
    ]
    return ["kind", "accountable", "teams", "which"], rows


def report_link(row: dict[str, Any], out: Path | None) -> str:
    """The relative link from the roll-up page at ``out`` to the team's report,
    ``<stem>-report.html`` beside its workshop file; "" where the team has not exported it,
    or for a page with no place of its own (a download), where no such link could work."""
    workshop = Path(row["file"])
    target = workshop.with_name(workshop.stem + REPORT_ENDING)
    if out is None or not target.is_file():
        return ""
    base = out.parent.resolve()
    try:
        relative = Path(os.path.relpath(target.resolve(), base)).as_posix()
    except ValueError:  # another drive on Windows
        return target.resolve().as_uri()
    # Percent-encoded and starting with "./", so a file named "javascript:..." stays a path.
    return "./" + quote(relative) if not relative.startswith("../") else quote(relative)


def headline(result: Rollup) -> list[str]:
    """Where the organisation stands, in three sentences (``standing``, the notebook's
    totals), and what is missing from them (``file_warnings``, said in the notebook where the
    roll-up ends): the page opens with both, so a team whose file could not be read is not
    lost at its foot."""
    return standing(result.totals) + file_warnings(result)


def standing(totals: dict[str, Any]) -> list[str]:
    """The three sentences of where the organisation stands."""
    share = totals.get("deploy_ready_share")
    return [
        f"{plural(totals.get('teams', 0), 'team')}: {totals.get('with_bet', 0)} with a bet, "
        f"{totals.get('bet_complete', 0)} with a complete commitment card.",
        f"{plural(totals.get('in_play', 0), 'initiative')} in play, "
        f"{totals.get('deploy_ready', 0)} with a deploy-ready value"
        + (f" ({percent(share)})" if share is not None else "")
        + ".",
        f"{totals.get('unowned', 0)} with no named accountable person; "
        f"{plural(totals.get('in_purgatory', 0), 'pilot')} stuck, as of each workshop.",
    ]


def unreadable_files(result: Rollup) -> list[dict[str, str]]:
    """The files passed over that may be teams' workshops but could not be read, each with
    its reason: what the office must see first."""
    return [skipped for skipped in result.skipped if skipped.get("unreadable")]


def file_warnings(result: Rollup) -> list[str]:
    """What the office must look at before trusting the figures: files that may be teams'
    workshops but could not be read, and notes on which files count."""
    lines = []
    unreadable = [s["file"] for s in unreadable_files(result)]
    if unreadable:
        named = some_of(unreadable, UNREADABLE_NAMED)
        lines.append(
            f"Not counted: {plural(len(unreadable), 'file')} that may be a team's workshop "
            f"could not be read ({named}); see “{SKIPPED_TITLE}” for why."
        )
    if result.notes:
        lines.append(
            f"{plural(len(result.notes), 'note')} on the files to read: see “{NOTES_TITLE}”."
        )
    return lines


UNREADABLE_NAMED = 3  # files named in the headline; the rest are counted
SKIPPED_NAMED = 3  # files named for a reason many share (saves' backups); the rest counted


def skipped_lines(result: Rollup) -> list[tuple[str, str]]:
    """The files passed over as the page and the command list them, ``(files, why)``: one
    line per reason, in ``skipped_by_reason``'s order, a file by its name, many by their
    count and the first few."""
    return [
        (
            files[0]
            if len(files) == 1
            else f"{plural(len(files), 'file')}: {some_of(files, SKIPPED_NAMED)}",
            reason,
        )
        for reason, files in skipped_by_reason(result.skipped)
    ]


def total_heading(key: str) -> str:
    """A total's heading, in the words the team table uses for the same figure."""
    return TOTAL_HEADINGS.get(key) or HEADINGS.get(key) or key.replace("_", " ").capitalize()


#: The totals' own figures, beside those named as the team table names them (``HEADINGS``).
TOTAL_HEADINGS = {
    "teams": "Teams",
    "with_bet": "Teams with a bet",
    "bet_complete": "Teams with a complete card",
    "medians": "Medians per team",
    "maturity_medians": "Maturity medians across teams",
}


def total_text(key: str, value: Any) -> str:
    """A total as people read it: shares in per cent, stall reasons and maturity dimensions
    by their labels, medians under the team table's headings."""
    if key == "deploy_ready_share":
        return "—" if value is None else percent(value)
    if key == "stalled_by_reason":
        return _stalled({"stalled_by_reason": value})
    if key.endswith("maturity_medians") and isinstance(value, dict):
        return maturity_text(value)
    if key == "medians" and isinstance(value, dict):
        shown = {
            HEADINGS.get(k, k): (percent(v) if k.endswith("share") and v is not None else v)
            for k, v in value.items()
        }
        return _display(shown)
    return _display(value)


def maturity_text(medians: dict[str, Any] | None) -> str:
    """Maturity medians by their dimensions' names, as step 9 shows them, not their codes."""
    if not medians:
        return "—"
    labels = {d.code: d.label for d in dimensions()}
    return "; ".join(f"{labels.get(k, k)}: {_display(v)}" for k, v in medians.items())


def _ready(row: dict[str, Any]) -> str:
    share = row.get("deploy_ready_share")
    return f"{row.get('deploy_ready', 0)}" + (f" ({percent(share)})" if share is not None else "")


def _stalled(row: dict[str, Any]) -> str:
    reasons = row.get("stalled_by_reason") or {}
    labels = {reason.value: reason.label for reason in StallReason} | {"unknown": NO_REASON_LABEL}
    return "; ".join(f"{labels.get(k, k)}: {n}" for k, n in reasons.items()) or "—"


def _stages(row: dict[str, Any]) -> str:
    labels = {stage.value: stage.label for stage in Stage}
    return "; ".join(f"{labels.get(k, k)}: {n}" for k, n in row["by_stage"].items())


def _pulse(row: dict[str, Any]) -> str:
    shares = row.get("pulse_favourable")
    if not shares:
        return "—"
    tags = {q.key: q.tag for q in QUESTIONS}
    return " · ".join(f"{tags.get(k, k)} {percent(v)}" for k, v in shares.items())


#: The page's table: the figures a committee reads, each with its heading; the XLSX and CSV
#: keep every column (``COLUMNS``), the page keeps to what fits a screen.
PAGE_COLUMNS: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = (
    ("Quarter", lambda r: _display(r.get("quarter"))),
    (HEADINGS["date"], lambda r: _display(r.get("date"))),
    ("In play", lambda r: _display(r.get("in_play"))),
    ("Deploy-ready", _ready),
    ("No named owner", lambda r: _display(r.get("unowned"))),
    (HEADINGS["in_purgatory"], lambda r: _display(r.get("in_purgatory"))),
    ("Stalled initiatives, by reason", _stalled),
    ("Bet", lambda r: _display(_table_value(r, "bet"))),
    ("Card complete", lambda r: _display(r.get("bet_complete"))),
    ("First cycle ends", lambda r: _display(r.get("first_cycle_end"))),
    ("Kills this quarter", lambda r: _display(r.get("kills_this_quarter"))),
    (HEADINGS["pulse_favourable"], _pulse),
)


#: The page's columns that hold a day: kept on one line ("2026-11-18" broke after "2026-11-").
DAY_HEADINGS = frozenset({HEADINGS["date"], "First cycle ends"})

#: What a dash in the page's table means, said once beside it: a reader cannot tell "none"
#: from "not shown", and a hidden pulse is not an unhappy team. The second sentence only
#: under a table with the pulse's column.
DASH_NOTE = (
    "A dash (—) means there is nothing to show: no stalled initiative, no bet or no cycle yet."
)
PULSE_DASH_NOTE = (
    "Under “Pulse: 4 or 5” it means the team has fewer pulse answers than its own minimum "
    "(or none yet), so its pulse is not shown, to keep the answers anonymous."
)


def dash_note(columns: Iterable[str]) -> str:
    """What a dash means under a table with these column headings."""
    pulse = HEADINGS["pulse_favourable"] in columns
    return f"{DASH_NOTE} {PULSE_DASH_NOTE}" if pulse else DASH_NOTE


def this_quarter_note(as_of: dt.date) -> str:
    """Which quarter "this quarter" is: the day of the roll-up's, not the one teams plan."""
    return (
        f"“Kills this quarter” and “Decisions this quarter” count the quarter holding "
        f"{as_of.isoformat()}, the day of the roll-up, by each team's own fiscal year; the "
        "quarter each team plans is under “Quarter”."
    )


def to_html(result: Rollup, out: Path | None = None) -> bytes:
    totals = result.totals
    teams = [
        {
            "label": team_label(row),
            "link": report_link(row, out),
            "cells": [cell(row) for _, cell in PAGE_COLUMNS],
        }
        for row in result.teams
    ]
    return render(
        "rollup.html.j2",
        title="Roll-up of the teams' workshops",
        as_of=result.as_of.isoformat(),
        headline=headline(result),
        columns=[heading for heading, _ in PAGE_COLUMNS],
        day_columns=[n for n, (heading, _) in enumerate(PAGE_COLUMNS) if heading in DAY_HEADINGS],
        teams=teams,
        dash_note=dash_note(heading for heading, _ in PAGE_COLUMNS),
        scroll_shadow=SCROLL_SHADOW,
        quarter_note=this_quarter_note(result.as_of),
        linked=any(team["link"] for team in teams),
        totals=[(total_heading(k), total_text(k, v)) for k, v in totals.items()],
        without_bet=[t for t in result.without_bet if t not in result.by_choice],
        by_choice=result.by_choice,
        duplicates=[
            {
                "score": score_label(d),
                "first": d["first"][0]["name"],
                "first_teams": _teams_of(d["first"]),
                "second": d["second"][0]["name"],
                "second_teams": _teams_of(d["second"]),
            }
            for d in result.duplicates[:PAGE_PAIRS]
        ],
        more_pairs=max(0, len(result.duplicates) - PAGE_PAIRS),
        threshold=result.threshold,
        people=result.accountable_people,
        functions=result.accountable_functions,
        skipped=skipped_lines(result),
        notes=result.notes,
        notes_title=NOTES_TITLE,
        skipped_title=SKIPPED_TITLE,
    )


def _display(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_display(v)}" for k, v in value.items()) or "—"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "—"
    return str(value)


def write_rollup(result: Rollup, fmt: str, out: Path) -> Path:
    """Write the roll-up to ``out`` atomically; never over a workshop that was rolled up."""
    rolled = {Path(r["file"]).resolve() for r in result.teams}
    if out.resolve() in rolled:
        raise WorkshopError("is a workshop in the roll-up; choose another output name", out)
    store.refuse_unsafe_output(out)
    if holds_a_workshop(out):
        raise WorkshopError(REPLACES_A_WORKSHOP, out)
    try:
        output_format(fmt, out, tuple(SUFFIX))
    except ValueError as mismatch:
        raise WorkshopError(str(mismatch), out) from None
    store.atomic_write(out, rollup_bytes(result, fmt, out))
    return out


def rollup_bytes(result: Rollup, fmt: str, out: Path | None = None) -> bytes:
    """The roll-up in ``fmt``; the HTML page links teams' reports relative to ``out``, and
    links none when it is written nowhere in particular (a download, a pipe)."""
    return {
        "json": to_json,
        "csv": to_csv,
        "xlsx": to_xlsx,
        "html": lambda r: to_html(r, out),
    }[fmt](result)
