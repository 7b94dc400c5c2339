"""`gaptools survey-questions` and `gaptools import-survey`, end to end through the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from gaptools.cli import main
from gaptools.core.model import Workshop
from gaptools.files import store
from gaptools.files.store import backup_path
from gaptools.steps.survey import questions
from tests.files.test_survey_import import TEXT, ms_row, write_csv, write_xlsx
from tests.support import written

STAMPS = [
    "2026/11/20 9:14:03 AM GMT+1",
    "2026/11/20 9:20:41 AM GMT+1",
    "2026/11/20 10:02:17 AM GMT+1",
]


@pytest.fixture
def workshop_file(tmp_path: Path, example: Workshop) -> Path:
    example.pulse.answers = []
    example.success_definitions = []
    return written(example, tmp_path / "team.json")


def google(path: Path, rows: list[dict[str, str]]) -> Path:
    header = [
        "Timestamp",
        *(
            TEXT[k]
            for k in (
                "success",
                "lens",
                "pulse_feeling",
                "pulse_clarity",
                "pulse_time_to_learn",
                "pulse_concern",
            )
        ),
    ]
    return write_csv(path, header, rows)


def g(stamp: str, **answers: str) -> dict[str, str]:
    return {"Timestamp": stamp} | {TEXT[key]: value for key, value in answers.items()}


ROWS = [
    g(
        STAMPS[0],
        success="Claims settled in days",
        lens="Cost",
        pulse_feeling="4 - Hopeful",
        pulse_clarity="2",
        pulse_time_to_learn="Little time",
        pulse_concern="first worry",
    ),
    g(
        STAMPS[1],
        success="Fewer complaints",
        lens="Customer",
        pulse_feeling="2",
        pulse_clarity="1",
        pulse_time_to_learn="1",
        pulse_concern="second worry",
    ),
    g(STAMPS[2], pulse_feeling="5", pulse_clarity="3", pulse_time_to_learn="3"),
]


def without_question(path: Path, dropped: str) -> Path:
    """The Google export of ``ROWS`` without the column of the question ``dropped``: a
    question deleted or reworded in the form."""
    rows = [{k: v for k, v in row.items() if k != dropped} for row in ROWS]
    header = [h for h in rows[0] if h != dropped] + [TEXT["pulse_concern"]]
    return write_csv(path, list(dict.fromkeys(header)), rows)


def test_survey_questions_as_json_are_the_questions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["survey-questions", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == [q.as_json() for q in questions()]
    assert {"id", "text", "kind", "options", "required", "step"} <= set(printed[0])


def test_survey_questions_offer_the_workshops_initiatives(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["survey-questions", "--format", "csv", str(workshop_file)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    bet = next(r for r in rows if r["id"] == "gut_bet")
    names = [i.name for i in store.load(workshop_file).in_play()]
    assert bet["options"].split(" | ") == names
    assert main(["survey-questions", str(workshop_file)]) == 0
    text = capsys.readouterr().out
    assert "anonymous" in text.lower()
    assert all(q.text in text for q in questions())


def test_import_adds_answers_and_keeps_the_pulse_nameless(
    workshop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = google(tmp_path / "responses.csv", ROWS)
    assert main(["import-survey", str(source), "--into", str(workshop_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 responses read: 3 new, 0 imported before.")
    saved = store.load(workshop_file)
    assert sorted(d.sentence for d in saved.success_definitions) == [
        "Claims settled in days",
        "Fewer complaints",
    ]
    assert [a.feeling for a in saved.pulse.answers] == [2, 4, 5]
    for path in (workshop_file, backup_path(workshop_file)):
        raw = path.read_text(encoding="utf-8")
        for stamp in STAMPS:
            assert stamp not in raw
            assert stamp.split()[1] not in raw  # not even the time of day
    status = json.loads(_run(capsys, "status", str(workshop_file), "--json"))
    assert status["survey_responses"] == 3
    assert status["definitions"] == 2


def test_a_question_missing_from_the_export_is_named(
    workshop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A column dropped from the form: the command names the question, as the notebook does,
    rather than only counting pulse answers it could not read."""
    dropped = TEXT["pulse_time_to_learn"]
    source = without_question(tmp_path / "responses.csv", dropped)
    assert main(["import-survey", str(source), "--into", str(workshop_file)]) == 0
    out = capsys.readouterr().out
    asked = questions(store.load(workshop_file))
    number = next(n for n, q in enumerate(asked, start=1) if q.text == dropped)
    [line] = [line for line in out.splitlines() if "of the survey not in the file" in line]
    assert f"{number}. {dropped}" in line


def test_an_export_missing_a_pulse_question_leaves_the_pulse_for_the_corrected_one(
    workshop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Question 7 was reworded in the form: no pulse answer could be read, yet every row was
    marked read, so the export corrected and imported again added no pulse either."""
    partial = without_question(tmp_path / "partial.csv", TEXT["pulse_time_to_learn"])
    assert main(["import-survey", str(partial), "--into", str(workshop_file)]) == 0
    out = capsys.readouterr().out
    assert "No row's pulse is marked read" in out
    assert "could not be read" not in out  # nothing was tried, so nothing failed
    assert store.load(workshop_file).pulse.answers == []
    corrected = google(tmp_path / "corrected.csv", ROWS)
    assert main(["import-survey", str(corrected), "--into", str(workshop_file)]) == 0
    assert sorted(a.feeling for a in store.load(workshop_file).pulse.answers) == [2, 4, 5]


def test_importing_again_adds_nothing_and_a_later_export_only_its_new_rows(
    workshop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = google(tmp_path / "responses.csv", ROWS)
    assert main(["import-survey", str(source), "--into", str(workshop_file)]) == 0
    first = store.load(workshop_file)
    capsys.readouterr()
    assert main(["import-survey", str(source), "--into", str(workshop_file)]) == 0
    assert capsys.readouterr().out.startswith("3 responses read: 0 new, 3 imported before.")
    assert store.load(workshop_file) == first
    later = [
        *ROWS,
        g("2026/11/21 8:00:00 AM GMT+1", success="Staff trust the tools", lens="Employee"),
        g("2026/11/21 8:30:00 AM GMT+1", success="Audit-ready models", lens="Risk and compliance"),
    ]
    more = google(tmp_path / "responses-later.csv", later)
    assert main(["import-survey", str(more), "--into", str(workshop_file)]) == 0
    assert capsys.readouterr().out.startswith("5 responses read: 2 new, 3 imported before.")
    assert len(store.load(workshop_file).success_definitions) == 4


def test_a_microsoft_export_with_named_rows(
    workshop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = ["ID", "Start time", "Completion time", "Email", "Name", TEXT["success"], TEXT["lens"]]
    rows = [
        ms_row(1, "dana@example.com", "Dana Whitfield", success="Faster claims", lens="Cost"),
        ms_row(2, "anonymous", "anonymous", success="Less rework", lens="Cost"),
    ]
    source = write_xlsx(tmp_path / "forms.xlsx", header, rows)
    assert main(["import-survey", str(source), "--into", str(workshop_file)]) == 0
    saved = store.load(workshop_file)
    assert sorted(d.participant for d in saved.success_definitions) == ["", "Dana Whitfield"]
    assert "dana@example.com" not in workshop_file.read_text(encoding="utf-8")


def test_a_file_with_no_known_question_changes_nothing(
    workshop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = workshop_file.read_bytes()
    source = write_csv(
        tmp_path / "other.csv",
        ["Timestamp", "Favourite colour"],
        [{"Timestamp": STAMPS[0], "Favourite colour": "Blue"}],
    )
    assert main(["import-survey", str(source), "--into", str(workshop_file)]) == 1
    err = capsys.readouterr().err
    assert "other.csv" in err
    assert "Favourite colour" in err
    assert "Traceback" not in err
    assert workshop_file.read_bytes() == before
    assert not backup_path(workshop_file).exists()


def test_a_missing_workshop_or_source_is_exit_1(tmp_path: Path, workshop_file: Path) -> None:
    source = google(tmp_path / "responses.csv", ROWS)
    assert main(["import-survey", str(source), "--into", str(tmp_path / "none.json")]) == 1
    assert main(["import-survey", str(tmp_path / "none.csv"), "--into", str(workshop_file)]) == 1


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_the_survey_as_csv_says_yes_and_no(capsys: pytest.CaptureFixture[str]) -> None:
    """A sheet read 'True' and 'False', as Python writes them."""
    assert main(["survey-questions", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    asked = {q.id: q for q in questions()}
    for row in rows:
        question = asked[row["id"]]
        assert row["required"] == ("yes" if question.required else "no")
        assert row["anonymous"] == ("yes" if question.anonymous else "no")


def test_survey_instructions_say_where_a_leader_who_wants_a_name_writes_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """'Turn on anonymous responses' read as if nobody could be named, beside a question
    asking for a name: the text says which question takes the name, for which steps."""
    assert main(["survey-questions"]) == 0
    printed = capsys.readouterr().out
    asked = questions()
    number = next(n for n, q in enumerate(asked, start=1) if q.id == "name")
    assert f"\n{number}. {asked[number - 1].text}" in printed
    instructions = " ".join(printed.split(f"\n{number}. ")[0].split())
    assert f"writes their name in question {number}" in instructions
    named_steps = {q.step for q in asked if not q.anonymous and q.id != "name"}
    pulse_step = {q.step for q in asked if q.anonymous}
    listed = instructions.split("to steps ")[1].split(" named")[0]
    said = {int(n) for n in re.findall(r"\d+", listed)}
    assert said == named_steps
    assert not said & pulse_step
    assert "The pulse is never named." in instructions
