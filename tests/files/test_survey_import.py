"""Reading survey exports: Microsoft Forms (XLSX, or saved as CSV) and Google Forms (CSV).

Each test writes an export in the tool's own shape (its metadata columns, its date cells or
timestamp text, its encoding) with the survey's own question texts as headers, and checks the
response records ``read_survey`` gives back.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from gaptools.core.errors import WorkshopError
from gaptools.core.model import Workshop
from gaptools.files import survey_import
from gaptools.files.survey_import import SurveySheet, read_survey
from gaptools.steps.survey import questions

Q = {q.id: q for q in questions()}
TEXT = {key: q.text for key, q in Q.items()}
MS_META = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[dict[str, Any]]) -> Path:
    """An XLSX as Microsoft Forms writes it: one sheet, headers in row 1, a row per response."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(h) for h in header])
    book.save(path)
    return path


def write_csv(path: Path, header: Sequence[str], rows: Sequence[dict[str, Any]]) -> Path:
    """A CSV as Google Forms (or Excel's "CSV UTF-8") writes it: UTF-8 with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in header])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def ms_row(
    ident: int, email: str | None, form_name: str | None, /, **answers: Any
) -> dict[str, Any]:
    """A Microsoft Forms row; ``form_name`` is the form's own Name column, ``answers`` are
    keyed by question id (``name`` being the survey's own name question)."""
    start = dt.datetime(2026, 11, 20, 9, 0) + dt.timedelta(minutes=7 * ident)
    row: dict[str, Any] = {
        "ID": ident,
        "Start time": start,
        "Completion time": start + dt.timedelta(minutes=4, seconds=12),
        "Last modified time": None,
        "Email": email,
        "Name": form_name,
    }
    return row | {TEXT[key]: value for key, value in answers.items()}


def g_row(stamp: str, email: str | None = None, /, **answers: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"Timestamp": stamp, "Email Address": email}
    return row | {TEXT[key]: value for key, value in answers.items()}


def shuffled(items: Sequence[str], seed: int) -> list[str]:
    order = list(items)
    random.Random(seed).shuffle(order)
    return order


def by_row(sheet: SurveySheet) -> dict[int, Any]:
    return {r.row: r for r in sheet.responses}


# -- Microsoft Forms -------------------------------------------------------------------------


def ms_export(path: Path, extra: Sequence[dict[str, Any]] = (), seed: int = 1) -> Path:
    """Four responses: named, anonymous by the word, anonymous by an empty email (naming itself
    in the survey's name question), and one that answered nothing; metadata and questions in a
    shuffled order, dates as date cells, an unknown column."""
    rows = [
        ms_row(
            1,
            "amara.okafor@example.com",
            "Amara Okafor",
            name="Amara Okafor",
            success="Cut claim handling time by a third",
            lens="Cost",
            gut_bet="Claims intake copilot",
            gut_instant="Yes",
            pulse_feeling="4 - Hopeful",
            pulse_clarity="Clear",
            pulse_time_to_learn=2,
            maturity_operational=3,
        ),
        ms_row(
            2,
            "anonymous",
            "anonymous",
            pulse_feeling="1 - Worried",
            pulse_concern="Will my team still be needed?",
            pulse_clarity=1,
        ),
        ms_row(3, None, None, name="Jonas Berg", success="Happier customers", lens="Customer"),
        ms_row(4, "li.wei@example.com", "Li Wei"),
        *extra,
    ]
    questions_used = [TEXT[k] for k in Q if k != "maturity_delivery"]
    header = shuffled([*MS_META, *questions_used, "Department"], seed)
    for row in rows:
        row["Department"] = "Claims"
    return write_xlsx(path, header, rows)


def test_microsoft_xlsx_gives_one_record_per_response(tmp_path: Path) -> None:
    sheet = read_survey(ms_export(tmp_path / "Survey(1-4).xlsx"), None)

    assert sheet.tool == "microsoft"
    rows = by_row(sheet)
    assert sorted(rows) == [2, 3, 4]
    named = rows[2]
    assert named.key == "ms:1"
    assert named.name == "Amara Okafor"
    assert not named.anonymous
    assert named.answers == {
        "name": ("Amara Okafor",),
        "success": ("Cut claim handling time by a third",),
        "lens": ("Cost",),
        "gut_bet": ("Claims intake copilot",),
        "gut_instant": ("Yes",),
        "pulse_feeling": ("4 - Hopeful",),  # Likert label kept as written
        "pulse_clarity": ("Clear",),
        "pulse_time_to_learn": ("2",),  # a number cell, as text
        "maturity_operational": ("3",),
    }


def test_microsoft_anonymous_rows_and_the_name_question(tmp_path: Path) -> None:
    rows = by_row(read_survey(ms_export(tmp_path / "survey.xlsx"), None))

    by_word = rows[3]
    assert by_word.key == "ms:2"
    assert by_word.anonymous
    assert by_word.name == ""  # Forms writes "anonymous" in the Name column too
    assert "name" not in by_word.answers
    assert by_word.answers["pulse_concern"] == ("Will my team still be needed?",)

    by_empty_email = rows[4]
    assert not by_empty_email.anonymous  # a name typed in the name question is given
    assert by_empty_email.name == "Jonas Berg"  # typed into the survey's own name question
    assert by_empty_email.answers["name"] == ("Jonas Berg",)


def test_a_row_with_no_answer_is_reported_by_its_row_number(tmp_path: Path) -> None:
    sheet = read_survey(ms_export(tmp_path / "survey.xlsx"), None)

    assert [n for n, _ in sheet.problems] == [5]
    assert "no answer" in sheet.problems[0][1]
    assert "ms:4" not in {r.key for r in sheet.responses}


def test_microsoft_columns_matched_and_ignored(tmp_path: Path) -> None:
    sheet = read_survey(ms_export(tmp_path / "survey.xlsx"), None)

    assert set(sheet.matched.values()) == {k for k in Q if k != "maturity_delivery"}
    assert all(Q[qid].text == header for header, qid in sheet.matched.items())
    assert sheet.ignored == ["Department"]  # the form's own columns are neither
    assert set(MS_META) <= set(sheet.headers)


def test_column_order_does_not_change_what_is_read(tmp_path: Path) -> None:
    first = read_survey(ms_export(tmp_path / "a.xlsx", seed=1), None)
    second = read_survey(ms_export(tmp_path / "b.xlsx", seed=7), None)

    assert first.responses == second.responses
    assert first.problems == second.problems


def test_microsoft_export_saved_as_csv(tmp_path: Path) -> None:
    header = [*MS_META, TEXT["success"], TEXT["lens"]]
    rows = [
        ms_row(11, "a@example.com", "Ada Lind", success="Fewer errors", lens="Risk and compliance"),
        ms_row(12, "", "", success="More revenue per client", lens="Revenue"),
    ]
    for row in rows:  # a CSV holds the dates as text
        for column in ("Start time", "Completion time"):
            row[column] = row[column].strftime("%m/%d/%y %H:%M:%S")
    sheet = read_survey(write_csv(tmp_path / "survey.csv", header, rows), None)

    assert sheet.tool == "microsoft"
    assert [(r.key, r.row, r.name, r.anonymous) for r in sheet.responses] == [
        ("ms:11", 2, "Ada Lind", False),
        ("ms:12", 3, "", True),
    ]


def test_the_same_microsoft_rows_as_xlsx_or_csv_have_the_same_keys(tmp_path: Path) -> None:
    header = [*MS_META, TEXT["success"]]
    rows = [ms_row(n, None, None, success=f"Answer {n}") for n in (1, 2, 10)]
    from_xlsx = read_survey(write_xlsx(tmp_path / "s.xlsx", header, rows), None)
    from_csv = read_survey(write_csv(tmp_path / "s.csv", header, rows), None)

    assert [r.key for r in from_xlsx.responses] == ["ms:1", "ms:2", "ms:10"]
    assert from_csv.responses == from_xlsx.responses


def test_microsoft_csv_saved_by_an_older_excel_in_windows_1252(tmp_path: Path) -> None:
    header = [*MS_META, TEXT["success"]]
    row = ms_row(1, "renee@example.com", "Renée Müller", success="Coût réduit de 20 %")
    path = write_csv(tmp_path / "s.csv", header, [row])
    path.write_bytes(path.read_bytes().decode("utf-8-sig").encode("cp1252"))
    sheet = read_survey(path, None)

    assert sheet.responses[0].name == "Renée Müller"
    assert sheet.responses[0].answers == {"success": ("Coût réduit de 20 %",)}


def test_microsoft_row_without_an_id_is_reported(tmp_path: Path) -> None:
    header = [*MS_META, TEXT["success"]]
    rows = [ms_row(1, None, None, success="One"), ms_row(2, None, None, success="Two")]
    rows[1]["ID"] = None
    sheet = read_survey(write_xlsx(tmp_path / "s.xlsx", header, rows), None)

    assert [r.key for r in sheet.responses] == ["ms:1"]
    assert sheet.problems[0][0] == 3
    assert "ID" in sheet.problems[0][1]


def test_the_same_microsoft_id_twice_is_read_once(tmp_path: Path) -> None:
    header = [*MS_META, TEXT["success"]]
    rows = [ms_row(5, None, None, success="One"), ms_row(5, None, None, success="Two")]
    sheet = read_survey(write_xlsx(tmp_path / "s.xlsx", header, rows), None)

    assert [r.answers["success"] for r in sheet.responses] == [("One",)]
    assert sheet.problems == [(3, "the same response ID as row 2, so it is read once")]


# -- Google Forms ----------------------------------------------------------------------------

G_QUESTIONS = ["name", "success", "lens", "pulse_feeling", "pulse_clarity", "maturity_delivery"]


def g_export(path: Path, extra: Sequence[dict[str, Any]] = (), seed: int = 3) -> Path:
    rows = [
        g_row(
            "2026/11/20 9:14:03 AM GMT+1",
            "amara.okafor@example.com",
            name="Amara Okafor",
            success="Claims settled in a day",
            lens="Customer",
            pulse_feeling="Hopeful",
            pulse_clarity="3",
            maturity_delivery="2",
        ),
        g_row(
            "2026/11/20 9:20:41 AM GMT+1",
            "",
            success="Zoë’s team saves €2m — with no new hires",
            lens="Cost",
            pulse_feeling="2 - Uneasy",
        ),
        g_row("2026/11/20 10:02:17 AM GMT+1", "", pulse_feeling="5", pulse_clarity="5"),
        *extra,
    ]
    header = ["Timestamp", *shuffled(["Email Address", *(TEXT[k] for k in G_QUESTIONS)], seed)]
    return write_csv(path, header, rows)


def test_google_csv_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = g_export(tmp_path / "AI survey (Responses) - Form responses 1.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    sheet = read_survey(path, None)

    assert sheet.tool == "google"
    assert sheet.problems == []
    assert sheet.ignored == []
    rows = by_row(sheet)
    assert sorted(rows) == [2, 3, 4]
    assert rows[2].name == "Amara Okafor"
    assert not rows[2].anonymous
    assert rows[2].answers == {
        "name": ("Amara Okafor",),
        "success": ("Claims settled in a day",),
        "lens": ("Customer",),
        "pulse_feeling": ("Hopeful",),
        "pulse_clarity": ("3",),
        "maturity_delivery": ("2",),
    }
    assert rows[3].anonymous
    assert rows[3].name == ""
    assert rows[3].answers["success"] == ("Zoë’s team saves €2m — with no new hires",)
    assert rows[3].answers["pulse_feeling"] == ("2 - Uneasy",)
    for response in sheet.responses:
        assert re.fullmatch(r"g:[0-9a-f]{64}", response.key)
    assert len({r.key for r in sheet.responses}) == 3


def test_google_without_an_email_column_is_anonymous(tmp_path: Path) -> None:
    header = ["Timestamp", TEXT["name"], TEXT["pulse_feeling"]]
    rows = [
        g_row("2026/11/20 9:14:03 AM GMT+1", name="Ada Lind", pulse_feeling="3"),
        g_row("2026/11/20 9:15:00 AM GMT+1", pulse_feeling="4"),
    ]
    sheet = read_survey(write_csv(tmp_path / "s.csv", header, rows), None)

    # Anonymous is no name given: an email the form did not collect adds nothing to it.
    assert [(r.name, r.anonymous) for r in sheet.responses] == [("Ada Lind", False), ("", True)]


def test_google_identical_rows_are_read_once(tmp_path: Path) -> None:
    header = ["Timestamp", TEXT["pulse_feeling"]]
    row = g_row("2026/11/20 9:14:03 AM GMT+1", pulse_feeling="3")
    sheet = read_survey(write_csv(tmp_path / "s.csv", header, [row, dict(row)]), None)

    assert len(sheet.responses) == 1
    assert sheet.problems == [(3, "the same time and answers as row 2, so it is read once")]


def test_google_row_numbers_count_records_not_lines(tmp_path: Path) -> None:
    """A cell with line breaks is one row in a spreadsheet, and the numbers say so."""
    header = ["Timestamp", TEXT["pulse_concern"]]
    rows = [
        g_row("2026/11/20 9:14:03 AM GMT+1", pulse_concern="First line\nsecond line"),
        g_row("2026/11/20 9:15:03 AM GMT+1", pulse_concern="Short"),
    ]
    sheet = read_survey(write_csv(tmp_path / "s.csv", header, rows), None)

    assert [r.row for r in sheet.responses] == [2, 3]
    assert sheet.responses[0].answers["pulse_concern"] == ("First line\nsecond line",)


# -- Headers as people and tools write them -------------------------------------------------


@pytest.mark.parametrize(
    ("tool", "suffix", "repeat"),
    [
        ("microsoft", ".xlsx", "{}2"),
        ("microsoft", ".xlsx", "{} 2"),
        ("microsoft", ".csv", "{}3"),
        ("google", ".csv", "{}.1"),
    ],
)
def test_a_repeated_title_with_its_number_is_recognised(
    tmp_path: Path, tool: str, suffix: str, repeat: str
) -> None:
    """The facilitator deleted a question and added it again: Forms numbers the new column."""
    title = repeat.format(TEXT["success"])
    if tool == "microsoft":
        header = [*MS_META, title, TEXT["lens"]]
        row = ms_row(1, None, None, lens="Cost") | {title: "Faster claims"}
    else:
        header = ["Timestamp", title, TEXT["lens"]]
        row = g_row("2026/11/20 9:14:03 AM GMT+1", lens="Cost") | {title: "Faster claims"}
    writer = write_xlsx if suffix == ".xlsx" else write_csv
    sheet = read_survey(writer(tmp_path / f"s{suffix}", header, [row]), None)

    assert sheet.tool == tool
    assert sheet.matched[title] == "success"
    assert sheet.responses[0].answers["success"] == ("Faster claims",)


def test_a_title_and_its_numbered_repeat_are_one_question(tmp_path: Path) -> None:
    """Both columns of a question asked twice are read; a row's answer is the first filled."""
    again = TEXT["success"] + ".1"
    header = ["Timestamp", again, TEXT["success"]]
    rows = [
        {"Timestamp": "2026/11/20 9:14:03 AM GMT+1", TEXT["success"]: "Old column", again: ""},
        {"Timestamp": "2026/11/20 9:15:03 AM GMT+1", TEXT["success"]: "", again: "New column"},
    ]
    sheet = read_survey(write_csv(tmp_path / "s.csv", header, rows), None)

    assert sheet.matched == {again: "success", TEXT["success"]: "success"}
    assert [r.answers["success"] for r in sheet.responses] == [("Old column",), ("New column",)]


def test_a_row_answering_one_question_in_both_its_columns_says_which_is_left_out(
    tmp_path: Path,
) -> None:
    """A second column of the success question ('…2', as Forms numbers a repeated title)
    held another answer, which went without a word."""
    again = TEXT["success"] + "2"
    header = [*MS_META, TEXT["success"], again, TEXT["lens"]]
    rows = [
        ms_row(1, None, None, success="First", lens="Cost") | {again: "other"},
        ms_row(2, None, None, success="Same", lens="Cost") | {again: "Same"},
    ]
    sheet = read_survey(write_xlsx(tmp_path / "s.xlsx", header, rows), None)
    assert [r.answers["success"] for r in sheet.responses] == [("First",), ("Same",)]
    assert sheet.problems == [
        (
            2,
            f"'{TEXT['success']}' is answered in two columns: '{TEXT['success']}' is read, "
            f"'{again}' left out",
        )
    ]


def test_a_formula_with_no_saved_result_is_said_not_dropped(tmp_path: Path) -> None:
    """A definition written as =HYPERLINK(…) by a script, with no result saved, went without
    a word: "Added: 3 definitions", and the leader's was missing."""
    header = [*MS_META, TEXT["success"], TEXT["lens"]]
    rows = [
        ms_row(1, None, None, lens="Cost") | {TEXT["success"]: '=HYPERLINK("x","Our vision")'},
        ms_row(2, None, None, success="Faster", lens="Cost"),
    ]
    sheet = read_survey(write_xlsx(tmp_path / "s.xlsx", header, rows), None)
    assert sheet.problems == [
        (
            2,
            f"'{TEXT['success']}' holds a formula whose result the file does not hold (a "
            "program wrote it and no spreadsheet has saved it since): open the file in Excel, "
            "save it, and import it again",
        )
    ]


@pytest.mark.parametrize(
    ("later", "earlier"),
    [
        ("2026/11/20 4:10:00 PM GMT", "2026/11/12 9:00:00 AM GMT"),
        ("20/11/2026 16:10:00", "12/11/2026 09:00:00"),  # re-saved by Excel, day first
    ],
)
def test_a_later_response_is_read_after_an_earlier_one_below_it(
    tmp_path: Path, later: str, earlier: str
) -> None:
    """Tom answered on the 12th, then again on the 20th; the export, sorted newest first,
    had the 20th in row 2, and the answer of the 12th (row 3) replaced it."""
    header = ["Timestamp", TEXT["name"], TEXT["success"], TEXT["lens"]]
    rows = [
        g_row(later, name="Tom Okafor", success="New answer", lens="Cost"),
        g_row(earlier, name="Tom Okafor", success="Old answer", lens="Cost"),
    ]
    sheet = read_survey(write_csv(tmp_path / "s.csv", header, rows), None)
    assert [r.row for r in sheet.responses] == [3, 2]
    assert any("in the order they were sent" in line for line in sheet.warning_lines([]))


def test_responses_in_the_order_sent_or_with_a_time_that_does_not_read_keep_the_files_order(
    tmp_path: Path,
) -> None:
    header = ["Timestamp", TEXT["success"], TEXT["lens"]]
    rows = [
        g_row("2026/11/12 9:00:00 AM GMT", success="First", lens="Cost"),
        g_row("2026/11/20 4:10:00 PM GMT", success="Second", lens="Cost"),
    ]
    sheet = read_survey(write_csv(tmp_path / "s.csv", header, rows), None)
    assert [r.row for r in sheet.responses] == [2, 3]
    assert sheet.notes == []
    rows[0]["Timestamp"] = "soon"
    rows.reverse()
    sheet = read_survey(write_csv(tmp_path / "t.csv", header, rows), None)
    assert [r.row for r in sheet.responses] == [2, 3]


def test_case_spacing_and_a_required_star_are_ignored(tmp_path: Path) -> None:
    written = {
        "success": "  " + TEXT["success"].upper().replace(" ", "  ") + " *",
        "lens": TEXT["lens"].lower() + "*",
    }
    header = ["Timestamp", written["lens"], written["success"]]
    row = {
        "Timestamp": "2026/11/20 9:14:03 AM GMT+1",
        written["success"]: "Faster claims",
        written["lens"]: "Cost",
    }
    sheet = read_survey(write_csv(tmp_path / "s.csv", header, [row]), None)

    assert sorted(sheet.matched.values()) == ["lens", "success"]
    assert sheet.responses[0].answers == {"success": ("Faster claims",), "lens": ("Cost",)}


def test_questions_alike_take_their_numbered_columns_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two questions sharing a title (a form asking "Why?" twice) get the unnumbered column
    first, then the numbered one, wherever they stand."""
    asked = questions()
    twin = dataclasses.replace(Q["success"], id="success_again")
    monkeypatch.setattr(survey_import, "questions", lambda workshop=None: [*asked, twin])
    header = [*MS_META, TEXT["success"] + "2", TEXT["success"]]
    row = ms_row(1, None, None, success="First") | {TEXT["success"] + "2": "Second"}
    sheet = read_survey(write_xlsx(tmp_path / "s.xlsx", header, [row]), None)

    assert sheet.responses[0].answers == {"success": ("First",), "success_again": ("Second",)}


# -- Multi-choice cells ----------------------------------------------------------------------


@pytest.fixture
def many_lens(monkeypatch: pytest.MonkeyPatch) -> tuple[str, ...]:
    """The lens question as a multi-choice one, with a choice whose text holds ', '."""
    lens = Q["lens"]
    options = (*lens.options, ", ".join(lens.options[:2]))
    many = dataclasses.replace(lens, many=True, options=options)
    asked = [many if q.id == "lens" else q for q in questions()]
    monkeypatch.setattr(survey_import, "questions", lambda workshop=None: asked)
    return options


def test_microsoft_multi_choice_cell_splits_on_semicolons(
    tmp_path: Path, many_lens: tuple[str, ...]
) -> None:
    header = [*MS_META, TEXT["lens"], TEXT["success"]]
    value = f"{many_lens[0]};{many_lens[3]};"  # Forms ends the list with a ';'
    rows = [ms_row(1, None, None, lens=value, success="Both; really")]
    sheet = read_survey(write_xlsx(tmp_path / "s.xlsx", header, rows), None)

    answers = sheet.responses[0].answers
    assert answers["lens"] == (many_lens[0], many_lens[3])
    assert answers["success"] == ("Both; really",)  # a text answer is never split


def test_google_multi_choice_cell_splits_on_comma_space(
    tmp_path: Path, many_lens: tuple[str, ...]
) -> None:
    header = ["Timestamp", TEXT["lens"]]
    rows = [
        g_row("2026/11/20 9:14:03 AM GMT+1", lens=f"{many_lens[4]}, {many_lens[1]}"),
        g_row("2026/11/20 9:15:03 AM GMT+1", lens=f"{many_lens[-1]}, {many_lens[5]}"),
    ]
    sheet = read_survey(write_csv(tmp_path / "s.csv", header, rows), None)

    assert [r.answers["lens"] for r in sheet.responses] == [
        (many_lens[4], many_lens[1]),
        (many_lens[-1], many_lens[5]),  # the choice with ', ' in it stays whole
    ]


# -- A later export --------------------------------------------------------------------------


def test_a_later_google_export_keeps_the_keys_of_earlier_rows(tmp_path: Path) -> None:
    first = read_survey(g_export(tmp_path / "first.csv"), None)
    more = [
        g_row("2026/11/21 8:01:55 AM GMT+1", "ravi@example.com", name="Ravi", lens="Revenue"),
        g_row("2026/11/21 8:30:12 AM GMT+1", "", pulse_feeling="3 - Unsure", pulse_clarity="2"),
    ]
    later = read_survey(g_export(tmp_path / "later.csv", extra=more, seed=11), None)

    old = {r.row: r.key for r in first.responses}
    new = {r.row: r.key for r in later.responses}
    assert [new[row] for row in sorted(old)] == [old[row] for row in sorted(old)]
    assert len(set(new.values()) - set(old.values())) == 2
    assert read_survey(tmp_path / "first.csv", None).responses == first.responses


def test_a_later_microsoft_export_keeps_the_keys_of_earlier_rows(tmp_path: Path) -> None:
    first = read_survey(ms_export(tmp_path / "Survey(1-4).xlsx"), None)
    more = [
        ms_row(5, "ravi@example.com", "Ravi Rao", lens="Revenue"),
        ms_row(6, "anonymous", "anonymous", pulse_feeling="5 - Excited"),
    ]
    later = read_survey(ms_export(tmp_path / "Survey(1-6).xlsx", extra=more), None)

    assert later.responses[: len(first.responses)] == first.responses
    assert [r.key for r in later.responses[len(first.responses) :]] == ["ms:5", "ms:6"]


def test_keys_do_not_depend_on_the_workshop(tmp_path: Path, example: Workshop) -> None:
    """The gut check offers the workshop's initiatives; what a row is stays the same."""
    path = g_export(tmp_path / "s.csv")
    assert [r.key for r in read_survey(path, example).responses] == [
        r.key for r in read_survey(path, None).responses
    ]


# -- Refusals --------------------------------------------------------------------------------


def test_a_file_with_no_survey_question_is_refused_with_its_headers(tmp_path: Path) -> None:
    header = ["Timestamp", "Email Address", "Favourite colour", "Team"]
    rows = [{"Timestamp": "2026/11/20 9:14:03 AM GMT+1", "Favourite colour": "Blue"}]
    path = write_csv(tmp_path / "other.csv", header, rows)

    with pytest.raises(WorkshopError) as caught:
        read_survey(path, None)
    message = str(caught.value)
    assert str(path) in message
    for name in header:
        assert f"'{name}'" in message


def test_a_workbook_with_no_survey_question_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "budget.xlsx", ["Initiative", "Cost"], [{"Initiative": "X"}])

    with pytest.raises(WorkshopError, match=r"budget\.xlsx.*'Initiative', 'Cost'"):
        read_survey(path, None)


def test_questions_without_either_tools_columns_are_refused(tmp_path: Path) -> None:
    header = ["Respondent", TEXT["success"]]
    path = write_csv(tmp_path / "typed.csv", header, [{TEXT["success"]: "Faster claims"}])

    with pytest.raises(WorkshopError, match="not a Microsoft Forms or Google Forms export"):
        read_survey(path, None)


@pytest.mark.parametrize("name", ["survey.json", "survey.xls", "survey"])
def test_a_file_that_is_not_csv_or_xlsx_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("{}")

    with pytest.raises(WorkshopError) as caught:
        read_survey(path, None)
    assert str(path) in str(caught.value)
    assert ".xlsx" in str(caught.value)


def test_a_damaged_workbook_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")

    with pytest.raises(WorkshopError, match=r"survey\.xlsx: not a readable Excel workbook"):
        read_survey(path, None)


# -- a response edited in Microsoft Forms after an import ------------------------------------


def edited_later(row: dict[str, Any], minutes: int = 90, **answers: Any) -> dict[str, Any]:
    """``row`` as a later export shows it once its author changed it in the form: the same
    ID, a later last-modified time, the new answers."""
    changed = row | {TEXT[key]: value for key, value in answers.items()}
    changed["Last modified time"] = row["Completion time"] + dt.timedelta(minutes=minutes)
    return changed


def test_an_edited_microsoft_response_is_read_again_by_name_and_once(
    tmp_path: Path, example: Workshop
) -> None:
    from gaptools.steps.survey import apply

    example.success_definitions = []
    example.pulse.answers = []
    example.settings.pulse_minimum = 1
    first = read_survey(ms_export(tmp_path / "Survey(1-4).xlsx"), example)
    apply(example, first.responses, dt.date(2026, 11, 21))
    definitions = [(d.participant, d.sentence) for d in example.success_definitions]
    pulses = len(example.pulse.answers)

    # Amara rewrites her definition; the anonymous row 2 changes its pulse; Jonas's row, with
    # a last-modified time equal to its completion time, was never edited.
    amara = edited_later(
        ms_row(1, "amara.okafor@example.com", "Amara Okafor", name="Amara Okafor"),
        success="Fewer reopened claims",
        lens="Cost",
    )
    anonymous = edited_later(ms_row(2, "anonymous", "anonymous"), pulse_feeling="5 - Excited")
    jonas = ms_row(3, None, None, name="Jonas Berg", success="Happier customers", lens="Customer")
    jonas["Last modified time"] = jonas["Completion time"]
    header = [*MS_META, *(TEXT[k] for k in ("name", "success", "lens", "pulse_feeling"))]
    later_file = write_xlsx(tmp_path / "Survey(1-3).xlsx", header, [amara, anonymous, jonas])
    later = read_survey(later_file, example)
    assert [r.edited != "" for r in later.responses] == [True, True, False]

    report = apply(example, later.responses, dt.date(2026, 11, 22))

    assert (report.already, report.updated, report.edited_anonymous) == (3, 1, 1)
    now = [(d.participant, d.sentence) for d in example.success_definitions]
    assert now == [
        ("Amara Okafor", "Fewer reopened claims") if who == "Amara Okafor" else (who, text)
        for who, text in definitions
    ]
    assert len(example.pulse.answers) == pulses, "a pulse answer is never added twice"
    words = " ".join(report.lines())
    assert "1 named response was edited in the form since the last import" in words
    assert "1 anonymous response was edited" in words

    again = apply(example, later.responses, dt.date(2026, 11, 23))
    assert (again.already, again.updated, again.edited_anonymous) == (3, 0, 0)
    # Three responses, two of them edited: counted three times, not five.
    assert example.survey.responses == 3
    # A file from before schema 9 kept the edited versions among the responses: read again,
    # they move to where edits are kept.
    example.survey.imported = sorted({*example.survey.imported, *example.survey.edits_imported})
    example.survey.edits_imported = []
    assert example.survey.responses == 5
    apply(example, later.responses, dt.date(2026, 11, 24))
    assert example.survey.responses == 3
    assert [(d.participant, d.sentence) for d in example.success_definitions] == now


@pytest.mark.parametrize(
    "typed", ["Anonymous", "anonymous", "anon", "-", "n/a", "N/A", "none", "Prefer not to say", "—"]
)
def test_a_name_typed_to_stay_anonymous_is_no_name(tmp_path: Path, typed: str) -> None:
    """Two leaders who typed 'Anonymous' in the optional name question became one person:
    the second's answers replaced the first's. What people type to give no name is no name."""
    header = ["Timestamp", TEXT["name"], TEXT["pulse_feeling"]]
    rows = [
        g_row("2026/11/20 9:14:03 AM GMT+1", name=typed, pulse_feeling="3"),
        g_row("2026/11/20 9:15:00 AM GMT+1", name="Ada Lind", pulse_feeling="4"),
    ]
    sheet = read_survey(write_csv(tmp_path / "s.csv", header, rows), None)

    assert [r.name for r in sheet.responses] == ["", "Ada Lind"]


def test_a_hidden_response_is_left_out_and_said(tmp_path: Path) -> None:
    path = g_export(tmp_path / "s.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.active.row_dimensions[3].hidden = True
    book.save(tmp_path / "s.xlsx")
    sheet = read_survey(tmp_path / "s.xlsx", None)
    assert sorted(by_row(sheet)) == [2, 4]
    assert (3, "hidden in the workbook: left out, as hidden rows are") in sheet.problems


@pytest.mark.parametrize("typed", [None, "Anonymous", "prefer not to say"])
def test_the_name_question_decides_over_the_name_the_form_recorded(
    tmp_path: Path, typed: str | None
) -> None:
    """A form that records names (Microsoft's default inside an organisation) stored the
    answers of a leader who left the name question empty, or wrote "Anonymous" there, under
    the name it recorded: the question promises that empty means anonymous."""
    header = [*MS_META, TEXT["name"], TEXT["success"], TEXT["lens"]]
    row = ms_row(1, "sofia.marin@example.com", "Sofia Marin", success="Fewer hand-offs")
    row |= {TEXT["name"]: typed, TEXT["lens"]: "Cost"}
    sheet = read_survey(write_xlsx(tmp_path / "named.xlsx", header, [row]), None)
    [response] = sheet.responses
    assert (response.name, response.anonymous, response.name_not_taken) == ("", True, True)
    said = " ".join(sheet.column_lines(questions()))
    assert "1 response leaves the name question empty" in said
    assert "Sofia Marin" not in said


def test_without_the_name_question_the_recorded_name_is_taken_and_said(
    tmp_path: Path,
) -> None:
    """A form without the survey's name question names people as the form recorded them (it
    told them so); the import now says so, and how to read a reworded name question."""
    header = [*MS_META, "Name (optional)", TEXT["success"], TEXT["lens"]]
    row = ms_row(1, "sofia.marin@example.com", "Sofia Marin", success="Fewer hand-offs")
    row[TEXT["lens"]] = "Cost"
    sheet = read_survey(write_xlsx(tmp_path / "n.xlsx", header, [row]), None)
    [response] = sheet.responses
    assert (response.name, response.name_not_taken) == ("Sofia Marin", False)
    said = " ".join(sheet.column_lines(questions()))
    assert "The name question (1) is not in the file, so 1 response is named by the name" in said


def test_a_heading_with_its_punctuation_or_a_word_changed_is_read_as_its_question(
    tmp_path: Path,
) -> None:
    """A comma added, a "?" lost, ":" written " -", a word changed: each heading was a
    column not read, and its answers were lost for good once the rows were marked imported.
    A scale's question is read only with its words as written: "How unclear…" is one word
    away from the clarity question, and its answers would be read the wrong way up."""
    changed = {
        "success": TEXT["success"].replace(":", ",").replace("this year", "in this year"),
        "pulse_clarity": TEXT["pulse_clarity"].rstrip("?"),
        "maturity_operational": TEXT["maturity_operational"].replace(":", " -", 1),
    }
    turned = {
        "pulse_time_to_learn": "Do you have no time to learn?",
        "pulse_feeling": TEXT["pulse_feeling"].replace("How do you feel", "How do you not feel"),
    }
    header = [*MS_META, *changed.values(), *turned.values()]
    row = ms_row(1, None, None) | {
        changed["success"]: "Fewer hand-offs",
        changed["pulse_clarity"]: "4",
        changed["maturity_operational"]: "2",
        **{text: "3" for text in turned.values()},
    }
    sheet = read_survey(write_xlsx(tmp_path / "reworded.xlsx", header, [row]), None)
    assert sheet.matched == {text: key for key, text in changed.items()}
    assert sorted(sheet.ignored) == sorted(turned.values())
    said = " ".join(sheet.column_lines(questions()))
    assert f"Column '{changed['success']}' read as question 2" in said
    assert f"('{TEXT['success']}'), its wording changed in the form" in said


def test_a_missing_maturity_question_is_said_to_cost_every_rating(tmp_path: Path) -> None:
    """The warning for a missing maturity question said it cost "every pulse answer"."""
    header = [*MS_META, TEXT["success"], "Delivery at scale: how do we do?"]
    row = ms_row(1, None, None, success="Fewer hand-offs")
    sheet = read_survey(write_xlsx(tmp_path / "m.xlsx", header, [row]), None)
    lines = sheet.column_lines(questions())
    numbers = [n for n, q in enumerate(questions(), start=1) if q.id.startswith("maturity_")]
    listed = ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
    # One line for the six, not six alike; the way to read a reworded one, as a column was
    # not read.
    [line] = [line for line in lines if "every maturity rating" in line]
    assert line.startswith(f"Questions {listed} are needed for every maturity rating (a rating")
    assert "take this import back" in line
    assert not any("every pulse answer" in line for line in lines if "maturity" in line)


def _resaved_by_excel(path: Path, into: Path) -> Path:
    """``path`` as Excel writes it back after opening it: every time in its own format, to
    the minute, and the text in Windows-1252."""
    text = path.read_bytes().decode("utf-8-sig")

    def excel_time(found: re.Match[str]) -> str:
        when = dt.datetime.strptime(found.group(0), "%Y/%m/%d %I:%M:%S %p GMT+1")
        return when.strftime("%d/%m/%Y %H:%M")

    text = re.sub(r"\d{4}/\d\d/\d\d \d+:\d\d:\d\d [AP]M GMT\+1", excel_time, text)
    into.write_bytes(text.encode("cp1252"))
    return into


def test_a_google_export_resaved_by_excel_is_the_same_responses(
    tmp_path: Path, example: Workshop
) -> None:
    """Every row of a Google export Excel had re-saved came in a second time, pulse answers
    included: a row was known by its time as written, and Excel writes every time anew."""
    from gaptools.steps.survey import apply

    twin = g_row("2026/11/20 11:40:00 AM GMT+1", "", pulse_feeling="5", pulse_clarity="5")
    original = g_export(tmp_path / "responses.csv", extra=[twin])
    example.settings.pulse_minimum = 1
    first = apply(example, read_survey(original, example).responses, dt.date(2026, 11, 21))
    assert first.responses == 4  # two who answered alike, at other times, are two
    before = example.model_dump()
    resaved = read_survey(_resaved_by_excel(original, tmp_path / "resaved.csv"), example)
    again = apply(example, resaved.responses, dt.date(2026, 11, 22))
    assert (again.responses, again.already, again.pulse) == (4, 4, 0)
    assert example.model_dump() == before


def test_rows_imported_under_their_earlier_keys_are_known(
    tmp_path: Path, example: Workshop
) -> None:
    """A workshop that imported a Google export before its rows were known by what they say
    (their time was in their key then) takes the same export again as already imported."""
    from gaptools.steps.survey import apply, digest

    path = g_export(tmp_path / "responses.csv")
    sheet = read_survey(path, example)
    example.survey.imported = sorted(digest(r.aliases[0]) for r in sheet.responses)
    example.survey.pulse_imported = list(example.survey.imported)
    before = example.model_dump()
    report = apply(example, sheet.responses, dt.date(2026, 11, 22))
    assert report.already == len(sheet.responses) == 3
    assert len(example.survey.imported) == 3  # each row once, under its key from now on
    resaved = read_survey(_resaved_by_excel(path, tmp_path / "resaved.csv"), example)
    assert apply(example, resaved.responses, dt.date(2026, 11, 23)).already == 3
    assert example.model_dump()["pulse"] == before["pulse"]
    assert example.success_definitions == Workshop.model_validate(before).success_definitions


def test_a_google_rows_key_holds_nothing_of_its_sender(tmp_path: Path) -> None:
    """A Google row's key was a digest of the sender's address and its answers: with the
    answers in the workshop and the address guessed from the participant list, anyone who
    can read the workshop found which digest was whose."""
    header = ["Timestamp", "Email Address", TEXT["success"], TEXT["lens"]]
    keys = []
    for email in ("priya.raman@example.com", "sofia.marin@example.com", ""):
        row = g_row("2026/11/20 9:14:03 AM GMT+1", email, success="Claims in days", lens="Cost")
        path = write_csv(tmp_path / f"{email or 'none'}.csv", header, [row])
        [response] = read_survey(path, None).responses
        keys.append(response.key)
    assert len(set(keys)) == 1


def _stored(workshop: Workshop) -> set[str]:
    """Every digest of a row the workshop keeps."""
    survey = workshop.survey
    return {*survey.imported, *survey.pulse_imported, *survey.ratings_imported}


def test_a_google_rows_digest_holds_nothing_of_its_pulse(tmp_path: Path, example: Workshop) -> None:
    """A Google row's digest was drawn from all its cells: with the named answers in the
    workshop, trying the pulse's 125 answers found each named leader's pulse, and the
    concern from the published list, even for answers kept back. Two exports that differ
    only in the pulse (and an anonymous row's rating) now leave the same digests."""
    from gaptools.steps.survey import apply

    def imported(name: str, pulse: dict[str, str], rating: str) -> set[str]:
        rows = [
            g_row(
                "2026/11/20 9:14:03 AM GMT+1",
                "",
                name="Marcus Lee",
                success="Fewer leaks",
                lens="Risk and compliance",
                **pulse,
            ),
            g_row(
                "2026/11/20 9:16:03 AM GMT+1",
                "",
                success="Faster claims",
                lens="Cost",
                maturity_delivery=rating,
                **pulse,
            ),
        ]
        header = ["Timestamp", "Email Address", *(TEXT[k] for k in G_QUESTIONS)]
        path = write_csv(tmp_path / f"{name}.csv", header, rows)
        workshop = example.model_copy(deep=True)
        apply(workshop, read_survey(path, workshop).responses, dt.date(2026, 11, 21))
        return _stored(workshop)

    calm = {"pulse_feeling": "5", "pulse_clarity": "4", "pulse_concern": ""}
    worried = {"pulse_feeling": "1", "pulse_clarity": "1", "pulse_concern": "I fear for my job"}
    first = imported("calm", calm, "2")
    assert first  # the rows are remembered, so importing again adds nothing
    assert imported("worried", worried, "4") == first


def test_google_rows_alike_but_in_their_pulse_are_two(tmp_path: Path) -> None:
    """Sent in the same second, two rows that differ only in what the digest leaves out are
    two responses, not one read twice."""
    stamp = "2026/11/20 10:02:17 AM GMT+1"
    rows = [g_row(stamp, "", pulse_feeling="5"), g_row(stamp, "", pulse_feeling="1")]
    header = ["Timestamp", TEXT["pulse_feeling"]]
    sheet = read_survey(write_csv(tmp_path / "same-second.csv", header, rows), None)
    assert sheet.problems == []
    assert len({r.key for r in sheet.responses}) == 2


def test_rows_imported_under_keys_drawn_from_their_pulse_are_known(
    tmp_path: Path, example: Workshop
) -> None:
    """A workshop that imported a Google export while a row's key was drawn from all its
    answers takes the export again as imported, and from then on keeps digests that hold
    nothing of the pulse."""
    from gaptools.steps.survey import apply, digest

    path = g_export(tmp_path / "responses.csv")
    sheet = read_survey(path, example)
    earlier = {digest(r.aliases[1]) for r in sheet.responses}
    assert earlier.isdisjoint(digest(r.key) for r in sheet.responses)
    example.survey.imported = sorted(earlier)
    example.survey.pulse_imported = sorted(earlier)
    before = example.model_dump()
    report = apply(example, sheet.responses, dt.date(2026, 11, 22))
    assert report.already == len(sheet.responses) == 3
    assert report.pulse == 0
    assert example.model_dump()["pulse"] == before["pulse"]
    assert _stored(example) == {digest(r.key) for r in sheet.responses}
