"""``gaptools rollup``: exit codes, folder recursion, outputs."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from gaptools.cli import main
from gaptools.files.home import example_workshop
from gaptools.steps.registry import new_workshop
from tests.support import another_team, written


def _folder(root: Path) -> list[Path]:
    (root / "a" / "b").mkdir(parents=True)
    one = another_team(example_workshop(), "One")
    two = another_team(example_workshop(after=True), "Two")
    (root / "a" / "notes.json").write_text("[1, 2]")
    return [written(one, root / "a" / "one.json"), written(two, root / "a" / "b" / "two.json")]


def test_json_is_printed_and_folders_are_searched_recursively(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _folder(tmp_path)
    assert main(["rollup", str(tmp_path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert sorted(t["team"] for t in data["teams"]) == ["One", "Two"]
    assert [Path(s["file"]).name for s in data["skipped"]] == ["notes.json"]
    assert "notes.json" in captured.err  # skipped files are listed, exit still 0


def test_default_output_is_rollup_html_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = _folder(tmp_path / "teams")
    monkeypatch.chdir(tmp_path)
    assert main(["rollup", *map(str, paths)]) == 0
    assert (tmp_path / "rollup.html").is_file()
    for fmt in ("xlsx", "csv", "json"):
        out = tmp_path / f"out.{fmt}"
        assert main(["rollup", str(tmp_path / "teams"), "--format", fmt, "-o", str(out)]) == 0
        assert out.stat().st_size > 0
    assert "Wrote" in capsys.readouterr().out


def test_no_workshop_at_all_exits_1_naming_the_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "other.json").write_text("{}")
    assert main(["rollup", str(tmp_path), str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert "no team's workshop to roll up in" in err
    assert "passed over, for the reasons above" in err
    assert str(tmp_path / "missing") in err
    assert "Traceback" not in err


def test_an_output_nothing_may_be_written_to_is_refused_before_any_file_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o nodir/r.html` listed every skipped file of 200 teams, then said the folder did not
    exist: nothing is read until the output can be written."""
    from gaptools.export import rollup as rollup_export

    _folder(tmp_path / "teams")
    read: list[object] = []
    monkeypatch.setattr(rollup_export, "rollup_sources", lambda *a, **k: read.append(a))
    out = tmp_path / "nodir" / "r.html"
    assert main(["rollup", str(tmp_path / "teams"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"{out}: the folder {out.parent} does not exist"
    assert read == []


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["rollup"])
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        main(["rollup", str(tmp_path), "--format", "pdf"])
    assert raised.value.code == 2


def test_the_closing_line_counts_in_words_that_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one, _ = _folder(tmp_path)
    out = tmp_path / "r.csv"
    assert main(["rollup", str(one), "--format", "csv", "-o", str(out)]) == 0
    assert f"Wrote {out} (1 team, 0 files skipped)" in capsys.readouterr().out
    assert main(["rollup", str(tmp_path), "--format", "csv", "-o", str(out)]) == 0
    assert f"Wrote {out} (2 teams, 1 file skipped)" in capsys.readouterr().out


def test_the_teams_current_file_counts_and_an_old_copy_is_said_to_be_older(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy from before the vote, kept in ``archive/`` (first by name), once hid the team's
    current file and put the team among those without a bet."""
    team = another_team(example_workshop(after=True), "Claims")
    (tmp_path / "claims").mkdir()
    (tmp_path / "archive").mkdir()
    current = written(team, tmp_path / "claims" / "workshop.json")
    team.bet.initiative = None
    stale = written(team, tmp_path / "archive" / "copy.json")
    week_ago = (dt.datetime.now() - dt.timedelta(days=7)).timestamp()
    os.utime(stale, (week_ago, week_ago))
    assert main(["rollup", str(tmp_path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [t["file"] for t in data["teams"]] == [str(current)]
    assert data["totals"]["teams_without_bet"] == []
    assert f"{stale}: skipped: an older copy of {current}" in captured.err


def test_two_teams_sharing_one_workshop_id_are_both_counted_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = new_workshop()
    for team in ("hr", "legal"):
        filled = template.model_copy(deep=True)
        filled.meta.team = team.upper()
        (tmp_path / team).mkdir()
        written(filled, tmp_path / team / "workshop.json")
    assert main(["rollup", str(tmp_path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert sorted(t["team"] for t in json.loads(captured.out)["teams"]) == ["HR", "LEGAL"]
    assert "skipped" not in captured.err
    hr = tmp_path / "hr" / "workshop.json"
    assert f"{hr}: note: counted as a team of its own, but it shares one workshop id" in (
        captured.err
    )


def test_the_output_name_chooses_the_format_when_none_is_given(tmp_path: Path) -> None:
    """``-o q1.xlsx`` with no ``--format`` wrote an HTML page under an Excel name: Excel
    called the file corrupt. The name's ending now chooses the format."""
    import csv

    from openpyxl import load_workbook

    _folder(tmp_path / "teams")
    sheet, table = tmp_path / "q1.xlsx", tmp_path / "q1.CSV"
    assert main(["rollup", str(tmp_path / "teams"), "-o", str(sheet)]) == 0
    assert main(["rollup", str(tmp_path / "teams"), "-o", str(table)]) == 0
    teams = [row[0].value for row in load_workbook(sheet).worksheets[0].iter_rows(min_row=2)]
    assert sorted(teams) == ["One", "Two"]
    rows = list(csv.DictReader(table.read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(r["Team"] for r in rows) == ["One", "Two"]


@pytest.mark.parametrize(
    "options",
    [
        ["--format", "xlsx", "-o", "x.html"],
        ["--format", "html", "-o", "x.csv"],
        ["-o", "x.pdf"],
        ["-o", "r.txt"],
    ],
    ids=["xlsx-as-html", "html-as-csv", "pdf", "txt"],
)
def test_an_output_name_that_contradicts_the_format_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    _folder(tmp_path / "teams")
    out = Path(options[-1])
    options[-1] = str(tmp_path / out)
    # --format against the name is a usage error, 2; a name of no format the roll-up writes,
    # bad input, 1.
    code = 2 if "--format" in options else 1
    assert main(["rollup", str(tmp_path / "teams"), *options]) == code
    err = capsys.readouterr().err
    assert "skipped" not in err
    assert "note:" not in err
    assert str(tmp_path / out) in err
    assert "Traceback" not in err
    assert not (tmp_path / out).exists()


def test_a_name_of_another_kind_of_file_is_written_in_the_format_asked_for(
    tmp_path: Path,
) -> None:
    """``-o r.txt`` alone wrote an HTML page into a text file; with ``--format`` the person
    has said what they want in it."""
    _folder(tmp_path / "teams")
    out = tmp_path / "teams.txt"
    assert main(["rollup", str(tmp_path / "teams"), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8-sig").startswith("Team,")


def test_the_closing_line_tells_a_file_that_could_not_be_read_from_files_passed_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "2 files skipped" lumped a team's damaged file in with the backup beside it."""
    one, _ = _folder(tmp_path)
    (tmp_path / "a" / "one.json.bak").write_bytes(one.read_bytes())
    (tmp_path / "a" / "legal.json").write_bytes(one.read_bytes()[:5000])
    out = tmp_path / "r.csv"
    assert main(["rollup", str(tmp_path), "-o", str(out)]) == 0
    said = capsys.readouterr()
    assert f"Wrote {out} (2 teams, 2 files skipped, 1 file that could not be read)" in said.out
    assert "legal.json: skipped: not valid JSON" in said.err


def test_a_team_planning_a_quarter_that_has_ended_is_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A team still planning last quarter counted among the teams "with a bet", with no word
    that its plan was for a quarter already over."""
    from gaptools.steps.start import quarter_gaps

    old = another_team(example_workshop(after=True), "Risk")
    old.meta.date = dt.date(2026, 6, 10)
    old.meta.planned_quarter = None
    path = written(old, tmp_path / "risk.json")
    [gap] = quarter_gaps(old.meta, dt.date.today())
    assert main(["rollup", str(path), "--format", "json", "-o", str(tmp_path / "r.json")]) == 0
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["notes"] == [{"file": str(path), "note": f"Risk: counted, but {gap}"}]
    assert f"{path}: note: Risk: counted, but the quarter this workshop plans" in (
        capsys.readouterr().err
    )


def test_saves_backups_and_locks_are_counted_not_listed_and_a_damaged_team_comes_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """22 of the 29 lines the command printed were the saves' own backups and locks, and the
    one team whose file was cut short was 25th of 28 rows on the page."""
    from bs4 import BeautifulSoup

    paths = _folder(tmp_path / "teams")
    for n in range(6):
        team = written(another_team(example_workshop(), f"T{n}"), tmp_path / "teams" / f"t{n}.json")
        team.with_name(f"t{n}.json.bak").write_bytes(team.read_bytes())
    damaged = tmp_path / "teams" / "zz-people.json"
    damaged.write_bytes(paths[0].read_bytes()[:500])
    out = tmp_path / "rollup.html"
    assert main(["rollup", str(tmp_path / "teams"), "-o", str(out)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(f"{damaged}: skipped:")
    [backups] = [line for line in lines if "a backup kept by saves" in line]
    assert backups.startswith("6 files skipped: a backup kept by saves")
    assert backups.endswith("and 3 more")
    page = BeautifulSoup(out.read_text("utf-8"), "html.parser")
    section = next(s for s in page.find_all("section") if "not rolled up" in s.h2.text)
    rows = [r.get_text(" ", strip=True) for r in section.find_all("tr")[1:]]
    assert rows[0].startswith(str(damaged))
    assert rows[-1].startswith("6 files:")
    assert len(rows) == 3  # the damaged file, notes.json, the backups


def test_a_file_or_folder_named_on_purpose_gets_the_reason_a_folder_would_give(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Named alone, a settings file read "schema_version: must be a whole number, found None"
    and a damaged team's file was followed by "no workshop file found in" it; a folder of
    sheets had no word on what the roll-up reads; a folder named twice was "a symbolic link"."""
    one, _ = _folder(tmp_path / "teams")
    notes = tmp_path / "teams" / "a" / "notes.json"
    assert main(["rollup", str(notes)]) == 1
    err = capsys.readouterr().err
    assert f"{notes}: skipped: JSON that is not a workshop file" in err
    assert "schema_version" not in err.replace("(no schema_version)", "")
    damaged = tmp_path / "legal.json"
    damaged.write_bytes(one.read_bytes()[:500])
    assert main(["rollup", str(damaged)]) == 1
    err = capsys.readouterr().err
    assert f"{damaged}: skipped: not valid JSON" in err
    assert "no workshop file found" not in err
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    (sheets / "portfolio.csv").write_text("name,stage\nClaims copilot,pilot\n")
    assert main(["rollup", str(sheets)]) == 1
    assert "teams' workshop files end in .json" in capsys.readouterr().err
    assert main(["rollup", str(sheets / "portfolio.csv")]) == 1
    assert "not a workshop file: teams' workshop files end in .json" in capsys.readouterr().err
    teams = tmp_path / "teams"
    assert main(["rollup", str(teams), str(teams / "a"), "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert f"{teams / 'a'}: skipped: a folder already searched" in err
    assert "symbolic link" not in err
