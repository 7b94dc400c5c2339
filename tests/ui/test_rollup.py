"""The roll-up form: many teams' workshops in one view, without a browser or a kernel."""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gaptools.core.model import Stage
from gaptools.export.rollup import DASH_NOTE, column_heading, team_table
from gaptools.files.synthetic import varied_teams
from gaptools.ui import rollup as rollup_ui
from gaptools.ui.rollup import RollupForm
from tests.support import another_team, example_workshop, press_enter, table_rows, written


def two_teams(folder: Path, first: str = "Alpha claims", second: str = "Zulu pricing") -> Path:
    """``folder`` holding two teams' workshops (the example under two names), one nested."""
    for name, path in ((first, folder / "a.json"), (second, folder / "team-b" / "b.json")):
        workshop = another_team(example_workshop(), name)
        path.parent.mkdir(parents=True, exist_ok=True)
        written(workshop, path)
    return folder


def team_order(form: RollupForm) -> list[str]:
    return list(form.frame()["Team"])


def links(text: str) -> dict[str, str]:
    """The download links in ``text``: file name to href."""
    return dict(re.findall(r'<a download="([^"]+)" href="([^"]+)"', text))


def test_rolls_up_a_folder_of_two_workshops(tmp_path: Path, private_home: Path) -> None:
    form = RollupForm(str(two_teams(tmp_path / "shared")))
    press_enter(form.folder)  # as Roll up does
    assert form.result is not None
    assert "Rolled up 2 teams" in form.message.value
    assert form.results.layout.display is None
    assert sorted(team_order(form)) == ["Alpha claims", "Zulu pricing"]
    assert "Alpha claims" in form.table.value
    assert "Zulu pricing" in form.table.value
    assert "2 teams" in form.totals.value
    # The same example twice: its initiatives are the same idea in both teams, with a score.
    assert "100" in form.duplicates.value
    assert "Alpha claims" in form.duplicates.value


def test_sorting_changes_the_order(tmp_path: Path, private_home: Path) -> None:
    form = RollupForm(str(two_teams(tmp_path / "shared")))
    form.roll_up()
    form.sort_by.value = "team"
    form.ascending.value = True
    assert team_order(form) == ["Alpha claims", "Zulu pricing"]
    shown_first = form.table.value
    assert shown_first.index("Alpha claims") < shown_first.index("Zulu pricing")
    form.ascending.value = False
    assert team_order(form) == ["Zulu pricing", "Alpha claims"]
    assert form.table.value.index("Zulu pricing") < form.table.value.index("Alpha claims")
    assert form.ascending.description == "Descending"


def test_a_team_name_with_a_script_is_escaped(tmp_path: Path, private_home: Path) -> None:
    hostile = "<script>alert(1)</script>"
    form = RollupForm(str(two_teams(tmp_path / "shared", first=hostile)))
    form.roll_up()
    assert form.result is not None
    for part in (form.table, form.duplicates, form.without_bet, form.across, form.message):
        assert "<script>" not in part.value
    assert html.escape(hostile) in form.table.value
    name = f"rollup-{form.result.as_of.isoformat()}.html"
    report = base64.b64decode(links(form.downloads.value)[name].split(",", 1)[1])
    assert b"<script>alert" not in report


def test_download_links_are_data_uris(tmp_path: Path, private_home: Path) -> None:
    form = RollupForm(str(two_teams(tmp_path / "shared")))
    form.roll_up()
    found = links(form.downloads.value)
    assert len(found) == 2
    for name, href in found.items():
        assert href.startswith("data:")
        data = base64.b64decode(href.split(",", 1)[1])
        if name.endswith(".xlsx"):
            book = load_workbook(io.BytesIO(data))
            teams = [row[0] for row in book["Teams"].iter_rows(min_row=2, values_only=True)]
            assert sorted(teams) == ["Alpha claims", "Zulu pricing"]
        else:
            assert name.endswith(".html")
            assert b"Alpha claims" in data


def test_a_folder_with_no_workshop_says_so(tmp_path: Path, private_home: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    form = RollupForm(str(empty))
    form.roll_up()
    assert "No team's workshop in" in form.message.value
    assert "not a workshop" in form.message.value  # the passed-over file, with its reason
    assert "✗" not in form.message.value  # nothing went wrong: no team saves here yet
    assert form.results.layout.display == "none"
    assert "Traceback" not in form.message.value


def test_a_folder_whose_one_workshop_is_damaged_says_so_first(
    tmp_path: Path, private_home: Path
) -> None:
    """It said "No workshop found … save or copy them into this folder", the damage only
    further down, under "Passed over"."""
    ops = tmp_path / "ops"
    ops.mkdir()
    whole = written(another_team(example_workshop(), "Ops"), ops / "ops.json").read_bytes()
    (ops / "ops.json").write_bytes(whole[: len(whole) // 2])
    (ops / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    form = RollupForm(str(ops))
    form.roll_up()
    said = html.unescape(form.message.value)
    assert said.startswith("<p>✗ No team's workshop could be read in")
    assert "No workshop found" not in said
    damaged = said.split("Also passed over")[0]
    assert str(ops / "ops.json") in damaged
    assert "cut short" in damaged
    assert "notes.json" not in damaged
    assert "notes.json" in said.split("Also passed over")[1]


def test_a_folder_given_as_jupyterlab_copies_its_path_is_found(
    tmp_path: Path, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JupyterLab's Copy Path gives 'shared' from the server's root; the notebook runs in
    notebooks/ below it, and the form said "There is no folder shared"."""
    root = tmp_path / "root"
    (root / "notebooks").mkdir(parents=True)
    two_teams(root / "shared")
    monkeypatch.chdir(root / "notebooks")
    for typed in ("shared", "/shared", "'shared'", f'"{root / "shared"}"'):
        form = RollupForm(typed)
        form.roll_up()
        assert form.message.value.startswith("<p>✓ Rolled up 2 teams from"), typed
        assert str(root / "shared") in form.message.value
    form = RollupForm("shred")
    form.roll_up()
    assert "There is no folder" in form.message.value
    assert f"nor in a folder above {root / 'notebooks'}." in html.unescape(form.message.value)


@pytest.mark.parametrize("typed", ["", "   "])
def test_no_folder_typed_says_so(typed: str, private_home: Path) -> None:
    form = RollupForm(typed)
    form.roll_up()
    assert "Type the folder" in form.message.value


def test_a_missing_folder_says_so(tmp_path: Path, private_home: Path) -> None:
    form = RollupForm(str(tmp_path / "nowhere"))
    form.roll_up()
    assert "There is no folder" in form.message.value


def test_one_teams_file_typed_is_rolled_up_with_the_way_to_its_folder(
    tmp_path: Path, private_home: Path
) -> None:
    """JupyterLab's Copy Path on a team's file gave "✗ … is a file, not a folder", where the
    command line rolls up the same path."""
    for folder in ("finance", "claims"):
        (tmp_path / folder).mkdir()
    team = written(another_team(example_workshop(), "Finance"), tmp_path / "finance" / "f.json")
    written(another_team(example_workshop(), "Claims"), tmp_path / "claims" / "c.json")
    form = RollupForm(str(team))
    form.roll_up()
    said = html.unescape(form.message.value)
    assert said.startswith("<p>✓ Rolled up 1 team from")
    assert f"type its folder, <code>{team.parent}</code>." in said
    assert [row["file"] for row in form.result.teams] == [str(team)]
    a_file = tmp_path / "a.txt"
    a_file.write_text("x", encoding="utf-8")
    form.folder.value = str(a_file)
    form.roll_up()
    assert "✓" not in form.message.value


def test_show_defaults_to_the_workshop_folder(private_home: Path) -> None:
    widget = rollup_ui.show()
    assert widget is not None
    form = RollupForm()
    assert Path(form.folder.value) == private_home
    form.roll_up()
    assert "No workshop found" in form.message.value  # a fresh folder: said, not raised


def test_on_a_hub_the_default_is_the_folder_of_every_users_workshops(
    tmp_path: Path, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "office")
    two_teams(private_home / "facilitator-1")
    form = RollupForm()
    assert Path(form.folder.value) == private_home
    form.roll_up()
    assert sorted(team_order(form)) == ["Alpha claims", "Zulu pricing"]


def test_the_chart_is_drawn_in_the_table_order_and_names_stay_text(
    tmp_path: Path, private_home: Path
) -> None:
    form = RollupForm(str(two_teams(tmp_path / "shared", first="$\\alpha$ <b>team</b>")))
    form.roll_up()
    assert form.chart.value == ""
    form.draw_chart()
    assert form.chart.value.startswith("<img")
    assert "data:image/png;base64," in form.chart.value
    drawn = form.chart.value
    form.sort_by.value = "team"
    form.ascending.value = not form.ascending.value
    assert form.chart.value.startswith("<img")
    assert form.chart.value != drawn  # redrawn in the new order


def test_the_table_names_teams_as_the_rest_of_the_page_does(
    tmp_path: Path, private_home: Path
) -> None:
    """A name a spreadsheet would run stays as it is on screen (the apostrophe that keeps it
    text belongs to the CSV and XLSX only), and an unnamed team is its folder and file, as in
    the team menu, the list of teams without a bet and the alike initiatives."""
    shared = two_teams(tmp_path / "shared", first='=HYPERLINK("x")', second="")
    form = RollupForm(str(shared))
    form.roll_up()
    assert form.result is not None
    rows = table_rows(form.table.value)[1:]
    teams = [row[0] for row in rows]
    assert sorted(teams) == sorted(['=HYPERLINK("x")', "team-b/b.json"])
    assert "'=HYPERLINK" not in form.table.value
    assert "team-b/b.json" in [label for label, _ in form.team_pick.options]
    assert "(team-b/b.json)" in form.duplicates.value
    _, sheet = team_table(form.result)
    # The sheets name an unnamed team by its file too: a blank Team cell named nobody.
    assert sorted(row[0] for row in sheet) == sorted(['\'=HYPERLINK("x")', "team-b/b.json"])


def test_a_teams_own_report_is_made_from_its_file(tmp_path: Path, private_home: Path) -> None:
    from gaptools.export import export
    from gaptools.files import store

    form = RollupForm(str(two_teams(tmp_path / "shared")))
    form.roll_up()
    assert [label for label, _ in form.team_pick.options] == ["Alpha claims", "Zulu pricing"]
    form.team_pick.value = str(tmp_path / "shared" / "team-b" / "b.json")
    form.team_report()
    found = links(form.report_link.value)
    assert list(found) == ["Zulu-pricing-report.html"]  # named for the team, not its file
    data = base64.b64decode(found["Zulu-pricing-report.html"].split(",", 1)[1])
    assert data == export(store.load(form.team_pick.value), "html", "report")
    assert "Zulu pricing" in data.decode("utf-8")
    form.team_pick.value = str(tmp_path / "shared" / "a.json")
    assert form.report_link.value == ""  # a link never stays under another team's name


def test_a_teams_file_gone_since_the_roll_up_is_said_in_words(
    tmp_path: Path, private_home: Path
) -> None:
    form = RollupForm(str(two_teams(tmp_path / "shared")))
    form.roll_up()
    gone = tmp_path / "shared" / "a.json"
    form.team_pick.value = str(gone)
    gone.unlink()
    form.team_report()
    assert form.report_link.value.startswith("<p>✗")
    assert "a.json" in form.report_link.value
    assert "Traceback" not in form.report_link.value


def test_files_passed_over_for_one_reason_are_counted(tmp_path: Path, private_home: Path) -> None:
    shared = two_teams(tmp_path / "shared")
    for user in range(5):  # every user's pointer to the open workshop, as on a hub
        folder = shared / f"user-{user}"
        folder.mkdir()
        (folder / "current.json").write_text('{"path": "w.json"}')
    (shared / "notes.json").write_text('{"any": "json"}')
    form = RollupForm(str(shared))
    form.roll_up()
    shown = form.skipped.value
    assert "5 files: a gaptools settings file, not a workshop" in shown
    assert shown.count("current.json") == rollup_ui.SKIPPED_SHOWN
    assert f"and {5 - rollup_ui.SKIPPED_SHOWN} more" in shown
    assert "notes.json</code>: JSON that is not a workshop file" in shown
    # the rare reason comes first, where it is not lost under the common one
    assert shown.index("notes.json") < shown.index("current.json")


def test_the_table_keeps_to_a_committees_columns_unless_every_one_is_asked(
    tmp_path: Path, private_home: Path
) -> None:
    form = RollupForm(str(two_teams(tmp_path / "shared")))
    form.roll_up()
    headers = re.findall(r"<th>([^<]*)</th>", form.table.value)
    assert headers == [column_heading(h) for h in rollup_ui.SHOWN]
    assert headers[:3] == ["Team", "Workshop date", "In play"]  # words, not the JSON's keys
    assert [value for _, value in form.sort_by.options] == list(rollup_ui.SHOWN)
    assert "%" in form.table.value  # the deploy-ready share as people read it
    stalled = [i.stall_reason for i in example_workshop().initiatives if i.stage is Stage.STALLED]
    assert stalled
    for reason in stalled:  # stall reasons by their labels, not their codes
        assert html.escape(reason.label) in form.table.value
        assert reason.value not in form.table.value
    form.sort_by.value = "unowned"
    form.every_column.value = True
    every = re.findall(r"<th>([^<]*)</th>", form.table.value)
    assert "Workshop file" in every
    assert "Maturity medians" in every
    assert len(every) > len(headers)
    assert form.sort_by.value == "unowned"  # the sort chosen stays while its column is shown
    form.sort_by.value = "file"
    form.every_column.value = False
    assert form.sort_by.value == "team"  # a hidden column is no longer offered


def test_the_alike_score_can_be_changed_without_reading_the_teams_again(
    tmp_path: Path, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gaptools.summaries.rollup import duplicates

    shared = tmp_path / "shared"
    shared.mkdir()
    for workshop in varied_teams(3, 8, reworded=0.4):
        written(workshop, shared / f"{workshop.meta.team}.json")
    form = RollupForm(str(shared))
    form.roll_up()
    assert form.result is not None
    strict = duplicates(form.result.ideas, 95)
    loose = duplicates(form.result.ideas, 60)
    assert len(loose) > len(strict)
    monkeypatch.setattr(rollup_ui, "rollup_sources", None)  # the files are not read again
    form.threshold.value = 60
    assert form.result.duplicates == loose
    assert form.duplicates.value.count("<tr>") == len(loose) + 1
    form.threshold.value = 95
    assert form.result.duplicates == strict
    page = base64.b64decode(links(form.downloads.value)[f"rollup-{form.result.as_of}.html"][22:])
    assert "score 95 or more" in " ".join(page.decode("utf-8").split())  # the download follows


def test_teams_are_in_the_order_people_count() -> None:
    names = ["Team 10", "team 2", "Team 1", "Alpha"]
    assert sorted(names, key=rollup_ui.natural_key) == ["Alpha", "Team 1", "team 2", "Team 10"]
    # An accent does not send a team to the end of the list, after W; nor does an emoji
    # before the name ("🚀 Digital Lab ✨" came after "Procurement").
    for in_order in (
        ["Epargne", "Équipe Crédit & Prêts", "Finance", "Wealth Management"],
        ["Claims", "🚀 Digital Lab ✨", "Procurement", "*Urgent* Ops"],
    ):
        assert sorted(reversed(in_order), key=rollup_ui.natural_key) == in_order
    many = [f"Team {n}" for n in range(rollup_ui.LIST_LINES + 2, 0, -1)]
    shown = rollup_ui._list_html(many, "")
    assert shown.startswith(f"<p>{len(many)} teams: Team 1, Team 2, Team 3,")
    few = rollup_ui._list_html(["Team 10", "Team 9"], "")
    assert few == "<ul><li>Team 9</li><li>Team 10</li></ul>"


def test_an_old_copy_and_teams_sharing_an_id_are_said_in_words(
    tmp_path: Path, private_home: Path
) -> None:
    """The form shows the roll-up's one rule for copies: the team's file changed last counts,
    the older copy is passed over saying so, and two teams of one id each get a note."""
    import os

    from gaptools.steps.registry import new_workshop

    shared = tmp_path / "shared"
    team = another_team(example_workshop(), "Claims")
    (shared / "archive").mkdir(parents=True)
    (shared / "claims").mkdir()
    current = written(team, shared / "claims" / "workshop.json")
    team.initiatives = team.initiatives[:-1]  # as it stood before the last one was added
    old = written(team, shared / "archive" / "old.json")
    os.utime(old, (current.stat().st_mtime - 3600,) * 2)
    template = new_workshop()
    for name in ("HR", "Legal"):
        filled = template.model_copy(deep=True)
        filled.meta.team = name
        (shared / name).mkdir()
        written(filled, shared / name / "workshop.json")
    form = RollupForm(str(shared))
    form.roll_up()
    assert sorted(team_order(form)) == ["Claims", "HR", "Legal"]
    assert f"{html.escape(str(old))}</code>: an older copy of {html.escape(str(current))}" in (
        form.skipped.value
    )
    assert form.notes.value.startswith("<h3>Notes on the files</h3>")
    assert form.notes.value.count("shares one workshop id") == 2
    form.folder.value = str(shared / "claims")
    form.roll_up()
    assert form.notes.value == ""


def test_two_teams_of_one_name_are_told_apart_everywhere(
    tmp_path: Path, private_home: Path
) -> None:
    """Two regions' "Operations leadership" were two identical lines in the table, the
    lists and the menu of reports, and both reports downloaded as workshop-report.html."""
    folder = two_teams(tmp_path / "shared", "Operations leadership", "Operations leadership")
    form = RollupForm(str(folder))
    form.roll_up()
    labels = [label for label, _ in form.team_pick.options]
    assert labels == [
        "Operations leadership (shared/a.json)",
        "Operations leadership (team-b/b.json)",
    ]
    assert sorted(team_order(form)) == labels
    assert all(label in form.without_bet.value for label in labels)
    # The same initiatives in both: each side of a pair named apart too.
    assert all(html.escape(label) in form.duplicates.value for label in labels)
    form.team_pick.value = str(folder / "team-b" / "b.json")
    form.team_report()
    assert list(links(form.report_link.value)) == ["Operations-leadership-team-b-b-report.html"]


def test_a_file_that_could_not_be_read_is_said_as_the_roll_up_ends(
    tmp_path: Path, private_home: Path
) -> None:
    """A team's damaged file was named only below the table, the chart and the totals."""
    folder = two_teams(tmp_path / "shared")
    damaged = folder / "legal.json"
    damaged.write_bytes((folder / "a.json").read_bytes()[:3000])
    form = RollupForm(str(folder))
    form.roll_up()
    said = form.message.value
    assert said.startswith("<p>✓ Rolled up 2 teams")
    assert f"⚠ Not counted: 1 file that may be a team's workshop could not be read ({damaged})" in (
        html.unescape(said)
    )
    assert "Not counted" not in form.totals.value  # said once, where the roll-up ends


def test_the_table_keeps_each_day_on_one_line(tmp_path: Path, private_home: Path) -> None:
    """At 1366×768 the narrow columns broke "2026-12-23" after its first hyphen; a day's
    hyphens are now ones no line breaks at, and a day not given is a dash."""
    form = RollupForm(str(two_teams(tmp_path / "shared")))
    form.roll_up()
    form.every_column.value = True  # the workshop's date is among every column
    cells = re.findall(r"<td>([^<]*)</td>", form.table.value)
    day = example_workshop().meta.date.isoformat()
    assert day.replace("-", "\u2011") in cells
    assert day not in cells
    assert "nan" not in cells
    # The first cycle, which the example's workshop has not set, is a dash, as the HTML page
    # shows it, with what a dash means under the table: blank cells read as data missing.
    assert "—" in cells
    assert "" not in cells
    assert html.escape(DASH_NOTE) in form.table.value


def test_the_note_under_the_table_explains_only_the_columns_shown(
    tmp_path: Path, private_home: Path
) -> None:
    """Under the table of a committee's columns, the note explained a dash under "Pulse: 4 or
    5", a column that table does not have."""
    form = RollupForm(str(two_teams(tmp_path / "shared")))
    form.roll_up()
    pulse = column_heading("pulse_favourable")
    assert html.escape(pulse) not in form.table.value.split("</table>")[0]
    assert html.escape(pulse) not in form.table.value
    form.every_column.value = True
    assert html.escape(pulse) in form.table.value.split("</table>")[0]
    assert html.escape(f"Under “{pulse}”") in form.table.value.split("</table>")[1]
