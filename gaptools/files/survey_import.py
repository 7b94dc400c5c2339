"""Reading a pre-workshop survey export, from Microsoft Forms or Google Forms, into plain
response records.

Microsoft Forms exports an XLSX (sometimes saved again as CSV) with its own columns ``ID``,
``Start time``, ``Completion time``, ``Email``, ``Name`` and sometimes ``Last modified time``,
in any order (a response edited after it was sent keeps its ID and gets a later last-modified
time: ``Response.edited``); Google Forms exports a CSV with ``Timestamp`` and, when the form
collects it, ``Email Address``. The tool is told by those columns. Every other column is a
question, found by its text among the survey's questions (``header_key``, as a portfolio
sheet's headers are: case, spacing and punctuation ignored), or, failing that, with the number
Forms adds to a repeated title taken off ("Title2", "Title 2", "Title.1"), or, failing that,
for a question answered in words, as the one question it is close to, with a word changed in
the form (said in the report).
Columns the survey does not know are listed, not read.

Nothing here interprets an answer (a scale's label, a choice's text): each cell is kept as the
text the form wrote, split into its parts for a multi-choice question, so the step that stores
the answers decides what they mean. Rows that cannot be used are reported with the row number a
spreadsheet shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from gaptools.core.errors import WorkshopError
from gaptools.core.model import Workshop
from gaptools.core.text import plural, some_of
from gaptools.files.reading import read_regular
from gaptools.files.sheets import (
    MAX_SHEET_BYTES,
    UNSAVED_FORMULA,
    Row,
    Sheet,
    Unsaved,
    date_cell,
    date_order,
    header_key,
    read_sheet,
    text_cell,
)
from gaptools.steps.survey import (
    RETAKE,
    Response,
    SurveyQuestion,
    kept_in_the_open,
    question_key,
    questions,
)

MICROSOFT = "microsoft"
GOOGLE = "google"

# The columns each tool writes around the answers, by their header keys (case, spaces and
# punctuation ignored).
_MS_ID = "id"
_MS_EMAIL = "email"
_MS_NAME = "name"
_MS_DONE = "completiontime"
_MS_MODIFIED = "lastmodifiedtime"
_MS_COLUMNS = frozenset({_MS_ID, "starttime", _MS_DONE, _MS_EMAIL, _MS_NAME, _MS_MODIFIED})
_G_TIME = "timestamp"
_G_EMAIL = "emailaddress"
_G_COLUMNS = frozenset({_G_TIME, _G_EMAIL})

_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".txt"}
# The number Forms adds to a title met before: "Title2" and "Title 2" (Microsoft), "Title.1"
# (Google). Tried only when the header as written matches no question.
_GOOGLE_REPEAT = re.compile(r"(?P<base>.*\S)\.(?P<number>\d+)")
_TRAILING_DIGITS = re.compile(r"\d+$")
_NAME_QUESTION = "name"
#: What people type in a name question to give no name: two who wrote "Anonymous" would
#: otherwise be one person, the second's answers replacing the first's.
NO_NAME = frozenset(
    {"anonymous", "anon", "anonym", "-", "–", "—", ".", "x", "n/a", "na", "none", "no name"}
    | {"prefer not to say", "rather not say", "not given", "nobody"}
)
_SPLIT = {MICROSOFT: ";", GOOGLE: ", "}


@dataclass
class SurveySheet:
    tool: str  # "microsoft" | "google"
    responses: list[Response] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # row number, reason
    matched: dict[str, str] = field(default_factory=dict)  # header -> question id
    ignored: list[str] = field(default_factory=list)  # headers neither question nor metadata
    headers: list[str] = field(default_factory=list)  # every header, as written
    reworded: list[str] = field(default_factory=list)  # headers read as a question worded so
    notes: list[str] = field(default_factory=list)  # how the file was read, beyond its columns

    def absent(self, asked: list[SurveyQuestion]) -> list[tuple[int, SurveyQuestion]]:
        """The survey's questions no column of the file holds, numbered as
        ``survey-questions`` prints them: a question dropped from the form, or reworded."""
        found = set(self.matched.values())
        return [(n, q) for n, q in enumerate(asked, start=1) if q.id not in found]

    def asks_the_pulse(self, asked: list[SurveyQuestion]) -> bool:
        """Whether every pulse question has its column, so that a pulse answer can be read
        (``steps.survey.apply``'s ``pulse_asked``)."""
        return not any(q.step == PULSE_STEP and q.required for _, q in self.absent(asked))

    def column_lines(self, asked: list[SurveyQuestion]) -> list[str]:
        """The columns not read and the questions not found, a line each, as the command
        prints them (the notebook lists the same under the same headings)."""
        lines = []
        if self.ignored:
            lines.append(f"{not_read_heading(len(self.ignored))}: {'; '.join(self.ignored)}")
        absent = self.absent(asked)
        if absent:
            listed = "; ".join(f"{n}. {q.text}" for n, q in absent)
            lines.append(f"{absent_heading(len(absent))}: {listed}")
        return lines + self.warning_lines(asked)

    def warning_lines(self, asked: list[SurveyQuestion]) -> list[str]:
        """What the facilitator must know of how the file was read, beyond its columns."""
        number = {q.id: n for n, q in enumerate(asked, start=1)}
        text = {q.id: q.text for q in asked}
        lines = [
            f"Column '{header}' read as question {number[self.matched[header]]} "
            f"('{text[self.matched[header]]}'), its wording changed in the form"
            for header in self.reworded
            if self.matched.get(header) in number
        ]
        lines += self.needed_lines(asked)
        lines += self.notes
        unnamed = sum(r.name_not_taken for r in self.responses)
        recorded = sum(bool(r.name) for r in self.responses)
        if _NAME_QUESTION not in self.matched.values() and recorded:
            named = plural(recorded, "response is", "responses are")
            lines.append(
                f"The name question (1) is not in the file, so {named} "
                "named by the name the form recorded (the form tells each respondent it records "
                "it). If a column not read is that question reworded, write its heading as the "
                f"question reads here: {RETAKE}."
            )
        elif unnamed:
            lines.append(
                f"{plural(unnamed, 'response leaves', 'responses leave')} the name question "
                "empty (or say no name there): kept without a name, as the question promises, "
                "although the form recorded who sent them. To collect no names at all, untick "
                "Record name in the form's settings."
            )
        return lines

    def needed_lines(self, asked: list[SurveyQuestion]) -> list[str]:
        """What missing questions that every answer of their kind needs have cost, a line per
        kind: one pulse question reworded in the form left every pulse answer unreadable. How
        to read them is said only where a column was not read, which may be one reworded."""
        by_step: dict[int, list[tuple[int, SurveyQuestion]]] = {}
        for n, q in self.absent(asked):
            if q.required:
                by_step.setdefault(q.step, []).append((n, q))
        lines = []
        for step, missing in by_step.items():
            what = _NEEDED_BY.get(step, "answer")
            if len(missing) == 1:
                [(n, q)] = missing
                line = f"Question {n} ('{q.text}') is needed for every {what}: without its column"
            else:
                numbers = ", ".join(str(n) for n, _ in missing[:-1]) + f" and {missing[-1][0]}"
                line = f"Questions {numbers} are needed for every {what}: without their columns"
            line += " none could be read."
            if step == PULSE_STEP:
                # Nor marked read (``asks_the_pulse``): importing the export again, corrected,
                # reads them, where taking the import back first was needed.
                line += (
                    " No row's pulse is marked read: with the column added (or its heading "
                    "written as the question reads here), import the export again."
                )
            elif self.ignored:
                line += (
                    " If a column not read is one of them reworded, write its heading as the "
                    f"question reads here: {RETAKE}."
                )
            lines.append(line)
        return lines


PULSE_STEP = 8
#: What a required question is needed for, by the step its answers go to.
_NEEDED_BY = {PULSE_STEP: "pulse answer", 9: "maturity rating (a rating needs all six dimensions)"}


def not_read_heading(count: int) -> str:
    return (
        f"{plural(count, 'column')} not read (not a question of this survey: was its text "
        "changed in the form?)"
    )


def absent_heading(count: int) -> str:
    return f"{plural(count, 'question')} of the survey not in the file"


def read_survey(path: Path, workshop: Workshop | None = None) -> SurveySheet:
    """The responses in a survey export at ``path``, matched against the survey's questions
    for ``workshop`` (its initiatives are the gut check's choices). Refuses, naming the file, a
    file that is not CSV or XLSX, one whose columns hold no survey question, and one with
    neither Microsoft's nor Google's own columns."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise WorkshopError(
            f"cannot read '{suffix or path.name}' files: a survey export is an .xlsx file "
            "(Microsoft Forms) or a .csv file (Google Forms, or Microsoft Forms saved as CSV)",
            path,
        )
    data = read_regular(path, MAX_SHEET_BYTES, "survey export")
    try:
        sheet = read_sheet(data, path.name)
    except WorkshopError as error:
        raise WorkshopError(error.problems, path) from None
    return survey_from_sheet(sheet, questions(workshop), path)


def survey_from_sheet(sheet: Sheet, asked: list[SurveyQuestion], path: Path) -> SurveySheet:
    """The responses in an already read ``sheet`` for the questions ``asked``."""
    keys = {header_key(h) for h in sheet.headers}
    tool = _tool(keys)
    metadata = _MS_COLUMNS if tool == MICROSOFT else _G_COLUMNS
    candidates = [h for h in sheet.headers if tool is None or header_key(h) not in metadata]
    reworded: list[str] = []
    matched = _match(candidates, asked, reworded)
    if not matched:
        raise WorkshopError(
            "no column is a question of the survey (compare the headings with its questions, "
            "as notebook 00b lists them or `gaptools survey-questions` prints them);"
            f" columns found: {_listed(sheet.headers)}",
            path,
        )
    if tool is None:
        raise WorkshopError(
            "not a Microsoft Forms or Google Forms export: neither Microsoft's 'ID' and "
            "'Start time' or 'Completion time' columns nor Google's 'Timestamp' column is there;"
            f" columns found: {_listed(sheet.headers)}",
            path,
        )
    result = SurveySheet(
        tool=tool,
        matched=matched,
        reworded=reworded,
        headers=list(sheet.headers),
        ignored=[h for h in candidates if h not in matched]
        + list(sheet.repeated)
        + list(sheet.unnamed),
    )
    result.problems += [
        (n, "hidden in the workbook: left out, as hidden rows are") for n in sheet.hidden
    ]
    by_id = {q.id: q for q in asked}
    columns = [(h, header_key(h), by_id[q]) for h, q in matched.items()]
    first_seen: dict[str, int] = {}
    places: dict[tuple[str, str], list[object]] = {}
    for row in sheet.rows:
        try:
            response = _response(tool, row, columns, result.problems)
        except ValueError as error:
            result.problems.append((row.number, str(error)))
            continue
        if tool == GOOGLE:
            response = _google_key(response, row, places)
        if response.key in first_seen:
            result.problems.append((row.number, _again(tool, first_seen[response.key])))
            continue
        first_seen[response.key] = row.number
        result.responses.append(response)
    _in_the_order_sent(result, sheet, _MS_DONE if tool == MICROSOFT else _G_TIME)
    return result


def _in_the_order_sent(result: SurveySheet, sheet: Sheet, column: str) -> None:
    """The responses in the order they were sent, by their time column, where every row's
    time reads: a person's later response replaces their earlier one, and an export sorted
    newest first (or re-sorted in Excel) kept the older answer. Said when it changes the
    order; left in the file's order when any time does not read."""
    rows = {row.number: row.cells.get(column) for row in sheet.rows}
    cells = [rows.get(r.row) for r in result.responses]
    written = [_SENT.match(c) if isinstance(c, str) else None for c in cells]
    order = date_order(found[1] for found in written if found)
    sent = [_sent_at(c, found, order.month_first) for c, found in zip(cells, written, strict=True)]
    if len(result.responses) < 2 or any(time is None for time in sent):
        return
    ordered = [r for _, r in sorted(zip(sent, result.responses, strict=True), key=lambda p: p[0])]
    if ordered != result.responses:
        result.responses = ordered
        result.notes.append(
            "Responses read in the order they were sent (by their time), not the file's "
            "order: a person's later response replaces their earlier one."
        )


#: A sending time as the forms write it: "2026/11/20 4:10:00 PM GMT+1", "20/11/2026 16:10:00".
_SENT = re.compile(r"^\s*(\S+)\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?(?:\s+\S+)?\s*$")


def _sent_at(
    cell: Any, found: re.Match[str] | None, month_first: bool | None
) -> dt.datetime | None:
    """A response's sending time (``found``: its text as ``_SENT`` read it), or None where it
    does not read. Time zones are ignored: one form writes one zone."""
    if isinstance(cell, dt.datetime):
        return cell.replace(tzinfo=None)
    if found is None:
        return None
    try:
        day = date_cell(found[1], month_first)
    except ValueError:
        return None
    hour, minute, second = int(found[2]), int(found[3]), int(found[4] or 0)
    if found[5]:
        hour = hour % 12 + (12 if found[5].lower() == "pm" else 0)
    if day is None or hour > 23 or minute > 59 or second > 59:
        return None
    return dt.datetime.combine(day, dt.time(hour, minute, second))


def _tool(keys: set[str]) -> str | None:
    if _MS_ID in keys and keys & {"starttime", "completiontime"}:
        return MICROSOFT
    if _G_TIME in keys:
        return GOOGLE
    return None


def _match(headers: list[str], asked: list[SurveyQuestion], reworded: list[str]) -> dict[str, str]:
    """Header -> question id. A header matches a question by its text; failing that, by its
    text without the number Forms adds to a repeated title. Questions that share a title take
    their columns in order: the unnumbered one first, then by number. A further column of a
    title already taken (the same question twice in the form) is read as that question too."""
    groups: dict[str, list[str]] = {}
    for question in asked:
        groups.setdefault(header_key(question.text), []).append(question.id)
    taken: dict[str, int] = {}
    matched: dict[str, str] = {}

    def take(header: str, key: str) -> None:
        ids = groups[key]
        index = taken.get(key, 0)
        matched[header] = ids[min(index, len(ids) - 1)]
        taken[key] = index + 1

    numbered: list[tuple[str, int, int, str]] = []
    for position, header in enumerate(headers):
        key = header_key(header)
        if key in groups:
            take(header, key)
            continue
        for base, number in _unnumbered(header):
            if base in groups:
                numbered.append((base, number, position, header))
                break
    for base, _, _, header in sorted(numbered):
        take(header, base)
    # A word changed in a scale's question may turn it round ("How unclear…"), and its
    # answers would be read the wrong way up: only the questions answered in words are
    # matched so, and a scale question only with its words as written.
    worded = {header_key(q.text) for q in asked if q.kind != "scale"}
    free = {key: ids for key, ids in groups.items() if key in worded}
    for header, key in _reworded([h for h in headers if h not in matched], free, taken):
        take(header, key)
        reworded.append(header)
    return {h: matched[h] for h in headers if h in matched}  # in the file's column order


#: How alike a column's heading must be to a question not found (out of 100) to be read as
#: it: a word changed or added in the form. No two questions of the survey come near this.
#: Questions answered in words only (not a scale).
REWORDED = 85


def _reworded(
    headers: list[str], groups: dict[str, list[str]], taken: dict[str, int]
) -> list[tuple[str, str]]:
    """Columns whose heading is a question not yet found with a word changed in the form,
    each paired with that question's key: the closest, when only one comes near."""
    from rapidfuzz import fuzz, process

    free = [key for key in groups if key not in taken]
    found = []
    for header in headers:
        close = process.extract(header_key(header), free, scorer=fuzz.ratio, limit=2)
        if close and close[0][1] >= REWORDED and (len(close) == 1 or close[1][1] < REWORDED):
            found.append((header, close[0][0]))
            free.remove(close[0][0])
    return found


def _unnumbered(header: str) -> list[tuple[str, int]]:
    """The question keys ``header`` may be with a repeat number taken off, and the number.
    The shortest number first: "Rate 1" asked twice gives "Rate 12", not "Rate" and 12."""
    found = []
    google = _GOOGLE_REPEAT.fullmatch(header)
    if google:
        found.append((header_key(google.group("base")), int(google.group("number"))))
    digits = _TRAILING_DIGITS.search(header)
    if digits:
        for length in range(1, len(digits.group()) + 1):
            base = header[:-length].rstrip()
            if base:
                found.append((header_key(base), int(header[-length:])))
    return found


def _response(
    tool: str,
    row: Row,
    columns: list[tuple[str, str, SurveyQuestion]],
    problems: list[tuple[int, str]],
) -> Response:
    """One row's response; what it leaves unread is added to ``problems``."""
    answers: dict[str, tuple[str, ...]] = {}
    raw: dict[str, str] = {}
    first: dict[str, str] = {}  # question id -> the column read for it
    for header, key, question in columns:
        cell = row.cells.get(key)
        if isinstance(cell, Unsaved) and not question.anonymous:  # it went without a word
            problems.append((row.number, f"'{header}' holds {UNSAVED_FORMULA}"))
        text = text_cell(cell)
        if not text:
            continue
        if question.id in answers:  # the same question in two columns: the first filled counts
            if text != raw[question.id] and not question.anonymous:
                # Said, where it went without a word; never of a pulse cell, whose row is
                # never named.
                problems.append(
                    (
                        row.number,
                        f"'{question.text}' is answered in two columns: '{first[question.id]}' "
                        f"is read, '{header}' left out",
                    )
                )
            continue
        first[question.id] = header
        raw[question.id] = text
        answers[question.id] = _parts(text, question, tool)
    if not answers:
        raise ValueError("no answer to any survey question, so the row is left out")
    typed_name = _given_name(" ".join(answers.get(_NAME_QUESTION, ())))
    if tool == MICROSOFT:
        ident = text_cell(row.cells.get(_MS_ID))
        if not ident:
            raise ValueError("the ID cell is empty, so the response cannot be told apart")
        # The survey's name question promises that leaving it empty answers anonymously, so
        # where it was asked it decides, whatever name the form recorded beside it (Microsoft
        # Forms records one unless "Record name" is unticked, and tells each respondent so);
        # a form that does not ask it names people by the name it recorded, and the import
        # says so (``warning_lines``).
        form_name = _given_name(text_cell(row.cells.get(_MS_NAME)))
        asked = any(question.id == _NAME_QUESTION for _, _, question in columns)
        return Response(
            key=f"ms:{ident}",
            row=row.number,
            name=typed_name if asked else form_name,
            answers=answers,
            edited=_edited(row),
            name_not_taken=asked and not typed_name and bool(form_name),
        )
    email = text_cell(row.cells.get(_G_EMAIL))
    asked = {question.id: question for _, _, question in columns}
    shown = {q: text for q, text in raw.items() if kept_in_the_open(asked[q], bool(typed_name))}
    return Response(
        # What the row says where the workshop shows it, without the address or the pulse: the
        # row's digest is in the workshop beside its answers, so anything else drawn into it
        # could be found by trying (an address guessed from the participant list, a pulse of
        # 125 possible answers) and tie that to the row's name.
        key="g:" + _content_hash("", "", shown),  # numbered by ``_google_key``
        row=row.number,
        name=typed_name,
        answers=answers,
        # The keys earlier releases gave the row, known so that a row imported then is known:
        # its time, address and answers; then all its answers (numbered by ``_google_key``).
        aliases=(
            "g:" + _content_hash(_stamp(row), email, raw),
            "g:" + _content_hash("", "", raw),
        ),
    )


def _stamp(row: Row) -> str:
    return " ".join(text_cell(row.cells.get(_G_TIME)).split())


def _google_key(
    response: Response, row: Row, places: dict[tuple[str, str], list[object]]
) -> Response:
    """A Google row's identity: what it shows, and which of the rows that show the same it
    is, in the file's order. Not its time as written: Excel re-saving the export writes every
    time anew ("09/11/2026 09:00" for "2026/11/09 9:00:31 AM GMT"), and every row then came
    in a second time. Rows are told apart by their times and all their answers (held here
    only), so two that differ only in their pulse are two; the same time and answers twice
    is one row."""
    stamp = _stamp(row)
    *older, whole = response.aliases
    return replace(
        response,
        key=_numbered(places, "shown", response.key, (stamp, whole)),
        aliases=(*older, _numbered(places, "whole", whole, stamp)),
    )


def _numbered(
    places: dict[tuple[str, str], list[object]], kind: str, key: str, identity: object
) -> str:
    """``key`` (of this ``kind``), with the place of ``identity`` among the rows under it
    after the first."""
    seen = places.setdefault((kind, key), [])
    if identity not in seen:
        seen.append(identity)
    place = seen.index(identity)
    return f"{key}#{place}" if place else key


def _given_name(text: str) -> str:
    """The name in a cell on one line, or "" for one of the words people type to give none."""
    name = _one_line(text)
    return "" if name.casefold().strip(" .") in NO_NAME or name.strip() in NO_NAME else name


def _edited(row: Row) -> str:
    """When a Microsoft response was changed after it was sent, as the export writes it; ""
    for one never changed (its last change is when it was completed, or the cell is empty).
    An edited response keeps its ID, so this is what tells a later export's version apart."""
    modified = " ".join(text_cell(row.cells.get(_MS_MODIFIED)).split())
    completed = " ".join(text_cell(row.cells.get(_MS_DONE)).split())
    return "" if modified == completed else modified


def _content_hash(stamp: str, email: str, raw: dict[str, str]) -> str:
    """What a Google row says, so that the same row in a later export of the same form has
    the same key (with ``stamp`` "": its key since; with its time: its key before, kept as an
    alias so a row imported then is known). The cells as written are hashed (not their
    parts), so the key does not depend on the choices a workshop offers."""
    content = json.dumps([stamp, email, sorted(raw.items())], ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _parts(text: str, question: SurveyQuestion, tool: str) -> tuple[str, ...]:
    """A cell's answer: one part, or for a multi-choice question the choices ticked. Forms
    joins them with ';' (Microsoft, with one after the last) or ', ' (Google); a choice whose
    own text holds the separator is kept whole when the question lists it."""
    if not question.many:
        return (text,)
    separator = _SPLIT[tool]
    pieces = [p.strip() for p in text.split(separator)]
    known = {question_key(o) for o in question.options}
    parts: list[str] = []
    start = 0
    while start < len(pieces):
        end = next(
            (
                stop
                for stop in range(len(pieces), start + 1, -1)
                if question_key(separator.join(pieces[start:stop])) in known
            ),
            start + 1,
        )
        part = separator.join(pieces[start:end]).strip()
        if part:
            parts.append(part)
        start = end
    return tuple(parts) or (text,)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _again(tool: str, first: int) -> str:
    if tool == MICROSOFT:
        return f"the same response ID as row {first}, so it is read once"
    return f"the same time and answers as row {first}, so it is read once"


def _listed(headers: list[str], limit: int = 30) -> str:
    if not headers:
        return "none"
    return some_of([f"'{_one_line(h)[:80]}'" for h in headers], limit)
