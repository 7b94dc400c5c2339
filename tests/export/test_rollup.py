"""The roll-up's files: XLSX with no formula cell, HTML with no script from user text, JSON
in the promised shape."""

from __future__ import annotations

import csv
import html
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gaptools.export.rollup import find_workshops, rollup, team_table, to_csv, write_rollup
from gaptools.files.home import example_workshop
from gaptools.summaries.rollup import Rollup
from tests.support import another_team, written

HOSTILE = "=cmd|' /C calc'!A0"
SCRIPT = "<script>alert('team')</script>"


@pytest.fixture
def result(tmp_path: Path) -> Rollup:
    one = another_team(example_workshop(after=True), HOSTILE)
    one.meta.organisation = "+SUM(A1:A2)"
    one.initiatives[0].name = "@risky name"
    two = another_team(example_workshop(), SCRIPT)
    two.meta.organisation = '"><img src=x onerror=alert(1)>'
    two.initiatives[0].ownership.accountable = "<script>alert('owner')</script>"
    (tmp_path / "teams").mkdir()
    written(one, tmp_path / "teams" / "one.json")
    written(two, tmp_path / "teams" / "javascript:alert(1).json")
    paths, skipped = find_workshops([tmp_path / "teams"])
    return rollup(paths, skipped=skipped)


def test_xlsx_has_no_formula_and_the_hostile_name_is_text(result: Rollup, tmp_path: Path) -> None:
    out = write_rollup(result, "xlsx", tmp_path / "rollup.xlsx")
    book = load_workbook(io.BytesIO(out.read_bytes()))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
    assert HOSTILE in values  # as typed, marked as text where a spreadsheet would run it
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.quotePrefix, (sheet.title, cell.value)
                    assert cell.data_type == "s", (sheet.title, cell.value)
    teams = book["Teams"]
    assert [c.value for c in teams[1]][:2] == ["Team", "Organisation"]
    assert teams.max_row == 3
    for sheet in book.worksheets:  # a header read back names one column, spaces aside
        headers = [str(c.value).strip().casefold() for c in sheet[1]]
        assert len(headers) == len(set(headers)), (sheet.title, headers)


def test_csv_neutralises_formula_cells(result: Rollup) -> None:
    text = to_csv(result).decode("utf-8-sig")
    assert "'" + HOSTILE in text
    assert "'+SUM(A1:A2)" in text


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0
        self.handlers: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "a":
            self.links += [value or "" for name, value in attrs if name == "href"]
        assert tag != "img"


def test_html_runs_nothing_from_user_text(result: Rollup, tmp_path: Path) -> None:
    for team in result.teams:  # each team has exported its report beside its file
        file = Path(team["file"])
        file.with_name(file.stem + "-report.html").write_text("<p>report</p>")
    out = write_rollup(result, "html", tmp_path / "rollup.html")
    page = out.read_text(encoding="utf-8")
    parser = _Scripts()
    parser.feed(page)
    assert parser.scripts == 0
    assert parser.handlers == []
    assert "&lt;script&gt;" in page
    assert len(parser.links) == 2
    assert all(not link.lower().startswith("javascript:") for link in parser.links)
    assert "./teams/one-report.html" in parser.links
    assert "where the team has exported it" in " ".join(page.split())


def test_a_team_links_to_its_report_only_where_there_is_one(result: Rollup, tmp_path: Path) -> None:
    """Ten of eleven team names linked to reports never exported, and the notebook's
    download linked to files relative to the kernel's folder: dead links in a mailed page."""
    from gaptools.export.rollup import to_html

    one = next(Path(t["file"]) for t in result.teams if t["file"].endswith("one.json"))
    one.with_name("one-report.html").write_text("<p>report</p>")
    parser = _Scripts()
    parser.feed(write_rollup(result, "html", tmp_path / "rollup.html").read_text("utf-8"))
    assert parser.links == ["./teams/one-report.html"]
    downloaded = _Scripts()
    downloaded.feed(to_html(result).decode("utf-8"))  # a page with no folder of its own
    assert downloaded.links == []


def test_json_shape(result: Rollup, tmp_path: Path) -> None:
    out = write_rollup(result, "json", tmp_path / "rollup.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"teams", "totals", "duplicates", "skipped", "notes"}
    assert len(data["teams"]) == 2
    assert data["totals"]["teams"] == 2
    assert {d["score"] for d in data["duplicates"]}
    assert all(d["score"] >= 85 or d["same_name"] for d in data["duplicates"])
    assert "teams_without_bet" in data["totals"]


def test_never_written_over_a_rolled_up_workshop(result: Rollup) -> None:
    from gaptools.core.errors import WorkshopError

    target = Path(result.teams[0]["file"])
    before = target.read_bytes()
    with pytest.raises(WorkshopError):
        write_rollup(result, "json", target)
    assert target.read_bytes() == before


def test_xlsx_reads_shares_in_per_cent(result: Rollup, tmp_path: Path) -> None:
    """The deploy-ready share stays a number a formula can use, shown in per cent; the pulse's
    favourable shares read in per cent too, by their questions' short names, not as
    fractions by their keys."""
    from gaptools.steps.pulse import QUESTIONS

    book = load_workbook(io.BytesIO(write_rollup(result, "xlsx", tmp_path / "r.xlsx").read_bytes()))
    teams = book["Teams"]
    headers = [c.value for c in teams[1]]
    for row, team in zip(teams.iter_rows(min_row=2), result.teams, strict=True):
        share = row[headers.index("Deploy-ready share")]
        assert share.value == team["deploy_ready_share"]
        assert share.number_format == "0%"
        pulse = row[headers.index("Pulse: 4 or 5")].value
        favourable = team["pulse_favourable"]
        assert favourable, "the example's pulse meets its minimum"
        tags = {q.key: q.tag for q in QUESTIONS}
        for key, fraction in favourable.items():
            assert f"{tags[key]} {round(fraction * 100)}%" in pulse
        assert all(k not in pulse for k in favourable if k != tags[k])


def test_one_team_is_one_team_and_the_page_opens_as_the_notebook_does(tmp_path: Path) -> None:
    """'1 teams; ... 1 pilots stuck' on the page, beside the notebook's own words: both now
    come from one place."""
    from gaptools.export.rollup import headline

    team = another_team(example_workshop(), "Solo")
    stuck = [i for i in team.initiatives if i.stage.value == "pilot"]
    team.initiatives = [stuck[0]]
    path = written(team, tmp_path / "solo.json")
    result = rollup([path])
    page = write_rollup(result, "html", tmp_path / "r.html").read_text(encoding="utf-8")
    lines = headline(result)
    assert lines[0].startswith("1 team:")
    assert lines[1].startswith("1 initiative in play")
    assert lines[2].endswith(f"{result.totals['in_purgatory']} pilot stuck, as of each workshop.")
    assert result.totals["in_purgatory"] == 1
    for line in lines:
        assert f"<p>{html.escape(line, quote=False)}</p>" in page


def test_teams_sharing_one_workshop_id_are_noted_in_every_format(tmp_path: Path) -> None:
    """Two teams who filled in copies of one file are both counted; the page, the workbook
    and the JSON each say, once per team, that they share one workshop id."""
    from gaptools.steps.registry import new_workshop

    template = new_workshop()
    for team in ("HR leadership", "Legal leadership"):
        filled = template.model_copy(deep=True)
        filled.meta.team = team
        (tmp_path / "teams" / team).mkdir(parents=True)
        written(filled, tmp_path / "teams" / team / "workshop.json")
    paths, skipped = find_workshops([tmp_path / "teams"])
    result = rollup(paths, skipped=skipped)
    assert len(result.teams) == 2
    page = write_rollup(result, "html", tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h2>Notes on the files</h2>" in page
    assert page.count("shares one workshop id with") == 2
    assert "Files not rolled up" not in page
    book = load_workbook(write_rollup(result, "xlsx", tmp_path / "r.xlsx"))
    notes = [[c.value for c in row] for row in book["Notes on the files"].iter_rows(min_row=2)]
    assert [Path(file).parent.name for file, _ in notes] == ["HR leadership", "Legal leadership"]
    assert all("shares one workshop id with" in note for _, note in notes)
    data = json.loads(write_rollup(result, "json", tmp_path / "r.json").read_text("utf-8"))
    assert len(data["notes"]) == 2
    assert data["skipped"] == []


def test_a_dash_in_the_page_is_said_once_and_a_hidden_pulse_is_not_unhappy(
    tmp_path: Path,
) -> None:
    """A team whose pulse is below its own minimum shows a dash under 'Pulse: 4 or 5'; the
    page says in words, once, beside the table, what a dash means."""
    team = another_team(example_workshop(after=True), "Few answers")
    team.settings.pulse_minimum = len(team.pulse.answers) + 1
    path = written(team, tmp_path / "few.json")
    result = rollup([path])
    assert result.teams[0]["pulse_favourable"] is None
    page = write_rollup(result, "html", tmp_path / "r.html").read_text(encoding="utf-8")
    row = page[page.index("<tbody>") : page.index("</tbody>")]
    assert row.rstrip().endswith("<td>—</td></tr>")  # the pulse, the last column
    words = " ".join(page.split())
    assert words.count("A dash (—) means") == 1
    assert "Under “Pulse: 4 or 5” it means the team has fewer pulse answers than its own" in words


def test_the_teams_sheet_holds_every_status_key_under_words(result: Rollup, tmp_path: Path) -> None:
    """README: one row per team with the figures of its own ``gaptools status``, the same
    keys. The CSV and the XLSX hold a column for every key of a team's row (its status and
    the roll-up's own facts), each headed in words, not by the JSON's key."""
    from gaptools.export.rollup import COLUMNS, column_heading
    from gaptools.summaries.status import summary

    keys = set(summary(example_workshop(after=True))) | set(result.teams[0])
    assert keys <= set(COLUMNS)
    text = to_csv(result).decode("utf-8-sig")
    headers = next(csv.reader(io.StringIO(text)))
    assert headers[: len(COLUMNS)] == [column_heading(c) for c in COLUMNS]
    assert {"Participants", "Votes cast", "Pulse answers", "Learning cycles"} <= set(headers)
    assert {"Median cycle (days)", "Commitments complete", "Still missing"} <= set(headers)
    assert all("_" not in h and h[0].isupper() for h in headers), headers
    book = load_workbook(io.BytesIO(write_rollup(result, "xlsx", tmp_path / "r.xlsx").read_bytes()))
    assert [c.value for c in book["Teams"][1]] == headers
    row = dict(zip(headers, [c.value for c in book["Teams"][2]], strict=True))
    team = result.teams[0]
    assert row["Votes cast"] == team["votes"]
    assert row["Participants"] == team["participants"]
    assert row["Initiatives by stage"].startswith("Idea: ")  # stages by their labels


def test_totals_and_maturity_are_in_the_words_of_the_team_table(
    result: Rollup, tmp_path: Path
) -> None:
    """The page's totals read "in purgatory", "unowned", "deploy ready share" and maturity
    codes ("governance: 1.5") beside a team table headed "Pilots stuck" and "No named owner"."""
    from bs4 import BeautifulSoup

    from gaptools.export.rollup import HEADINGS
    from gaptools.steps.maturity import dimensions

    page = BeautifulSoup(to_html_bytes(result, tmp_path), "html.parser")
    section = next(s for s in page.find_all("section") if s.h2.text == "Totals and medians")
    names = [th.get_text(" ", strip=True) for th in section.find_all("th")]
    for key in ("in_purgatory", "unowned", "deploy_ready_share", "in_play"):
        assert HEADINGS[key] in names
        assert key.replace("_", " ") not in names
    text = section.get_text(" ", strip=True)
    labels = [d.label for d in dimensions()]
    assert all(label in text for label in labels)
    assert "governance:" not in text
    assert "in purgatory" not in text
    headers, rows = team_table(result)
    medians = [row[headers.index("maturity_medians")] for row in rows]
    assert any(cell and labels[0] in cell for cell in medians)


def to_html_bytes(result: Rollup, tmp_path: Path) -> str:
    return write_rollup(result, "html", tmp_path / "r.html").read_text(encoding="utf-8")


def test_the_sheets_open_ready_to_read(result: Rollup, tmp_path: Path) -> None:
    """Every column was Excel's default width, with no heading kept in view and no filter,
    on a sheet of some forty columns."""
    book = load_workbook(write_rollup(result, "xlsx", tmp_path / "r.xlsx"))
    teams = book["Teams"]
    assert teams.max_column > 40
    assert teams.freeze_panes == "B2"  # the team's name in view as the 64 columns scroll
    assert teams.auto_filter.ref == teams.dimensions
    assert all(cell.font.bold for cell in teams[1])
    widths = {
        teams.cell(row=1, column=c).value: teams.column_dimensions[letter].width
        for c, letter in enumerate((cell.column_letter for cell in teams[1]), start=1)
    }
    longest = max(
        len(str(cell.value or "")) for cell in next(teams.iter_cols(min_col=2, max_col=2))
    )
    assert widths["Organisation"] >= min(longest, 58)
    assert book["Skipped"].freeze_panes == "A2"


def test_the_page_shows_the_closest_pairs_and_says_where_the_rest_are(tmp_path: Path) -> None:
    """174 pairs, each listing every team with its file path, made the page 28 printed
    pages for eleven teams."""
    from bs4 import BeautifulSoup

    from gaptools.export.rollup import PAGE_PAIRS, to_html

    def side(n: int) -> list[dict[str, str]]:
        return [{"team": f"Team {n}", "file": f"/srv/t{n}/workshop.json", "name": f"Idea {n}"}]

    pairs = [
        {
            "score": 100 - k / 10,
            "same_text": False,
            "names_only": False,
            "same_name": False,
            "first": side(k),
            "second": side(k + 1),
        }
        for k in range(PAGE_PAIRS + 7)
    ]
    page = BeautifulSoup(to_html(Rollup(duplicates=pairs)), "html.parser")
    section = next(s for s in page.find_all("section") if "same idea" in s.h2.text)
    assert len(section.find_all("tr")) == PAGE_PAIRS + 1  # and the heading row
    assert "And 7 more pairs" in section.get_text(" ", strip=True)
    assert "/srv/" not in section.get_text()
    assert "Team 0" in section.get_text()


def test_the_page_says_which_quarter_this_quarter_is(result: Rollup, tmp_path: Path) -> None:
    """ "Kills this quarter" never said which quarter: the roll-up's day's, while the teams'
    own table column "Quarter" shows the quarter each plans."""
    import datetime as dt

    result.as_of = dt.date(2026, 12, 2)
    page = " ".join(to_html_bytes(result, tmp_path).split())
    assert "count the quarter holding 2026-12-02, the day of the roll-up" in page


def test_a_team_with_no_bet_by_choice_is_said_apart(tmp_path: Path) -> None:
    """A team that chose "no bet yet" and said what it will explore was listed with the
    teams that had not decided, in the report and the notebook: the brief calls it an honest
    outcome. The JSON keeps every team without a bet, and names those by choice."""
    from gaptools.core.model import ExploreItem
    from gaptools.ui.rollup import RollupForm

    chose = another_team(example_workshop(), "Sales")
    chose.bet.no_bet_yet = True
    chose.bet.explore_next = [ExploreItem(question="Measure today's win rate")]
    folder = tmp_path / "teams"
    folder.mkdir()
    written(chose, folder / "sales.json")
    written(another_team(example_workshop(), "Finance"), folder / "finance.json")
    paths, skipped = find_workshops([folder])
    result = rollup(paths, skipped=skipped)
    assert sorted(result.without_bet) == ["Finance", "Sales"]
    assert result.by_choice == ["Sales"]
    assert result.as_json()["totals"]["teams_no_bet_yet_by_choice"] == ["Sales"]
    page = html.unescape(write_rollup(result, "html", tmp_path / "r.html").read_text("utf-8"))
    assert "Teams without a bet yet: <bdi>Finance</bdi>." in page
    assert "No bet yet by choice, with what they will explore instead: <bdi>Sales</bdi>." in page
    form = RollupForm(str(folder))
    form.roll_up()
    said = form.without_bet.value
    assert said.index("Finance") < said.index("No bet yet by choice") < said.index("Sales")


def test_the_workbook_holds_the_totals_the_report_opens_with(result: Rollup) -> None:
    """Its sheets were the teams and the lists: an office working in Excel added the totals
    up again. The totals' sheet has every figure of the report's, counts as numbers."""
    from gaptools.export.rollup import TOTALS_TITLE, to_xlsx

    book = load_workbook(io.BytesIO(to_xlsx(result)))
    assert book.sheetnames[:2] == ["Teams", TOTALS_TITLE]
    rows = {r[0]: r[1] for r in book[TOTALS_TITLE].iter_rows(min_row=2, values_only=True)}
    teams = book["Teams"].max_row - 1
    assert rows["Teams"] == teams == len(result.teams)
    headers = next(book["Teams"].iter_rows(max_row=1, values_only=True))
    column = headers.index("In play")
    counted = sum(r[column] for r in book["Teams"].iter_rows(min_row=2, values_only=True))
    assert rows["In play"] == counted
    assert isinstance(rows["Medians per team"], str)


def test_every_heading_of_the_rollups_tables_says_what_it_heads(
    result: Rollup, tmp_path: Path
) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(
        write_rollup(result, "html", tmp_path / "rollup.html").read_text("utf-8"), "html.parser"
    )
    assert page.select("thead th")
    assert {th.get("scope") for th in page.select("thead th")} == {"col"}
    assert {th.get("scope") for th in page.select("tbody th, table > tr > th")} <= {"row"}


def test_one_name_in_two_teams_is_listed_in_every_format(tmp_path: Path) -> None:
    """ "Claims Copilot" in one team and "claims co-pilot" in another, each described its own
    way, scored under the threshold and were listed nowhere: the duplicated pilot an office
    rolls up to find."""
    from bs4 import BeautifulSoup

    from gaptools.export.rollup import to_html

    paths = []
    for team, name, description in (
        ("North", "Claims Copilot", "Reads incoming claim forms and fills in the claim record."),
        ("South", "claims co-pilot", "A copilot for claim handlers in the app"),
    ):
        workshop = another_team(example_workshop(), team)
        workshop.initiatives[-1].name = name
        workshop.initiatives[-1].description = description
        paths.append(written(workshop, tmp_path / f"{team}.json"))
    result = rollup(paths)
    [pair] = [d for d in result.duplicates if not d["same_text"]]
    assert pair["same_name"]
    assert pair["score"] < result.threshold
    page = BeautifulSoup(to_html(result), "html.parser")
    section = next(s for s in page.find_all("section") if "same idea" in s.h2.text)
    row = next(r for r in section.find_all("tr") if "Claims Copilot" in r.get_text())
    assert f"{pair['score']:g} (same name)" in row.get_text(" ", strip=True)
    book = load_workbook(io.BytesIO(write_rollup(result, "xlsx", tmp_path / "r.xlsx").read_bytes()))
    sheet = book["Same idea"]
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, (c.value for c in r), strict=True)) for r in sheet.iter_rows(2)]
    [found] = [r for r in rows if "Claims Copilot" in (r["initiative"], r["looks like"])]
    assert found["same name"] == "yes"


def test_the_roll_up_rounds_a_half_share_up_in_every_sentence_and_cell() -> None:
    """One team in eight deploy-ready read 12% on the roll-up's page and 13% in the team's own
    report: every share goes through ``numbers.percent``."""
    from gaptools.export.rollup import PAGE_COLUMNS, standing, total_text

    totals = {"teams": 8, "in_play": 8, "deploy_ready": 1, "deploy_ready_share": 0.125}
    assert "(13%)" in standing(totals)[1]
    assert total_text("deploy_ready_share", 0.125) == "13%"
    assert "13%" in total_text("medians", {"deploy_ready_share": 0.125})
    row = {"deploy_ready": 1, "deploy_ready_share": 0.125, "pulse_favourable": {"feeling": 0.125}}
    cells = {heading: text(row) for heading, text in PAGE_COLUMNS}
    assert cells["Deploy-ready"] == "1 (13%)"
    assert cells["Pulse: 4 or 5"].endswith("13%")


def test_the_pilots_stuck_are_said_to_be_counted_at_each_teams_workshop(tmp_path: Path) -> None:
    """A team's workshop of February counted a pilot then nine weeks old, a year old on the
    page headed "as of" December: the column now says when it counts, and each team's
    workshop date stands in the table beside it, on the page as in the spreadsheet."""
    from bs4 import BeautifulSoup

    from gaptools.export.rollup import to_html

    team = another_team(example_workshop(), "Finance")
    team.meta.date = team.meta.date.replace(year=team.meta.date.year - 1)
    result = rollup([written(team, tmp_path / "finance.json")])
    page = BeautifulSoup(to_html(result), "html.parser")
    table = next(t for t in page.find_all("table") if "Quarter" in t.get_text())
    headings = [th.get_text(" ", strip=True) for th in table.find_all("th")]
    assert "Pilots stuck at the workshop" in headings
    cells = [
        td.get_text(strip=True) for td in table.find("tbody").find("tr").find_all(["td", "th"])
    ]
    assert cells[headings.index("Workshop date")] == team.meta.date.isoformat()
    book = load_workbook(io.BytesIO(write_rollup(result, "xlsx", tmp_path / "r.xlsx").read_bytes()))
    assert "Pilots stuck at the workshop" in [c.value for c in book["Teams"][1]]


def test_a_team_with_no_definition_of_success_is_not_said_to_agree(tmp_path: Path) -> None:
    """ "Success contested: no" stood for a team that had written no definition at all, which
    reads as a room that agreed."""
    team = another_team(example_workshop(), "Digital")
    team.success_definitions = []
    result = rollup([written(team, tmp_path / "digital.json")])
    [row] = result.teams
    assert row["definitions"] == 0
    assert row["contested"] is None
    book = load_workbook(io.BytesIO(write_rollup(result, "xlsx", tmp_path / "r.xlsx").read_bytes()))
    sheet = book["Teams"]
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(2, headers.index("Success contested") + 1).value in (None, "", "—")


def test_a_team_of_one_voice_is_not_said_to_agree(tmp_path: Path) -> None:
    """One leader's definition was "Success contested: no", read as a room that agreed."""
    team = another_team(example_workshop(), "Digital")
    team.success_definitions = team.success_definitions[:1]
    [row] = rollup([written(team, tmp_path / "digital.json")]).teams
    assert row["definitions"] == 1
    assert row["contested"] is None


def test_every_share_shows_in_per_cent_and_long_text_wraps_in_the_workbook(
    tmp_path: Path,
) -> None:
    """ "Ended cycles debriefed" read 0.666667 beside "Deploy-ready share" at 55%, and a
    reason 241 characters long was cut at the column's edge, with the way to restore the file
    at its end."""
    team = written(another_team(example_workshop(after=True), "Claims"), tmp_path / "c.json")
    damaged = tmp_path / "legal.json"
    damaged.write_bytes(team.read_bytes()[:500])
    team.with_name("legal.json.bak").write_bytes(team.read_bytes())
    paths, skipped = find_workshops([tmp_path])
    result = rollup(paths, skipped=skipped)
    book = load_workbook(io.BytesIO(write_rollup(result, "xlsx", tmp_path / "r.xlsx").read_bytes()))
    teams = book["Teams"]
    headers = [c.value for c in teams[1]]
    for heading in ("Deploy-ready share", "Ended cycles debriefed"):
        cell = teams.cell(2, headers.index(heading) + 1)
        assert isinstance(cell.value, float), heading
        assert cell.number_format == "0%", heading
    reasons = book["Skipped"]
    [long] = [r[1] for r in reasons.iter_rows(min_row=2) if "legal.json.bak" in str(r[1].value)]
    assert len(long.value) > reasons.column_dimensions["B"].width
    assert long.alignment.wrap_text


def test_the_skipped_sheet_lists_a_damaged_team_file_first(tmp_path: Path) -> None:
    """The spreadsheet's Skipped rows were in the order the files were found, so a damaged
    team file came third, after two backups; the page and the notebook list it first."""
    from gaptools.summaries.rollup import skipped_by_reason

    team = written(another_team(example_workshop(), "Claims"), tmp_path / "a-claims.json")
    for name in ("a-claims.json.bak", "b-pricing.json.bak"):
        (tmp_path / name).write_bytes(team.read_bytes())
    (tmp_path / "z-legal.json").write_bytes(team.read_bytes()[:500])
    paths, skipped = find_workshops([tmp_path])
    result = rollup(paths, skipped=skipped)
    assert result.skipped[0]["file"] != str(tmp_path / "z-legal.json")  # found last
    book = load_workbook(io.BytesIO(write_rollup(result, "xlsx", tmp_path / "r.xlsx").read_bytes()))
    rows = [[c.value for c in row] for row in book["Skipped"].iter_rows(min_row=2)]
    assert rows[0][0] == str(tmp_path / "z-legal.json")
    assert rows[0][2] == "yes"
    in_page_order = [file for _, files in skipped_by_reason(result.skipped) for file in files]
    assert [row[0] for row in rows] == in_page_order


def test_a_team_with_no_bet_yet_by_choice_says_so_in_the_table(tmp_path: Path) -> None:
    """In the table an honest "no bet yet" read "—", as a team that had not decided."""
    from bs4 import BeautifulSoup

    from gaptools.core.model import ExploreItem
    from gaptools.export.rollup import NO_BET_YET_BY_CHOICE, to_html

    chose = another_team(example_workshop(after=True), "Chose")
    chose.bet.initiative = None
    chose.bet.no_bet_yet = True
    chose.bet.explore_next = [ExploreItem(question="Measure the handle-time baseline")]
    undecided = another_team(example_workshop(), "Undecided")
    result = rollup([written(chose, tmp_path / "c.json"), written(undecided, tmp_path / "u.json")])
    assert result.by_choice == ["Chose"]
    page = BeautifulSoup(to_html(result), "html.parser")
    table = next(t for t in page.find_all("table") if "Quarter" in t.get_text())
    headings = [th.get_text(strip=True) for th in table.find_all("th")]
    bets = {
        cells[0].get_text(strip=True): cells[headings.index("Bet")].get_text(strip=True)
        for cells in (r.find_all(["td", "th"]) for r in table.find("tbody").find_all("tr"))
    }
    assert bets == {"Chose": NO_BET_YET_BY_CHOICE, "Undecided": "—"}
    book = load_workbook(io.BytesIO(write_rollup(result, "xlsx", tmp_path / "r.xlsx").read_bytes()))
    sheet = book["Teams"]
    column = [c.value for c in sheet[1]].index("Bet")
    assert [r[column].value for r in sheet.iter_rows(min_row=2)] == [NO_BET_YET_BY_CHOICE, None]


def test_the_workbook_names_the_initiatives_behind_the_totals(tmp_path: Path) -> None:
    """ "Pilots stuck 8", "No named owner 12": the office had to open each team's report to
    learn which. The workbook lists every initiative in play, by team, with what the totals
    count of it, so a filter answers "which pilots are stuck, and who owns them"."""
    from gaptools.steps.ownership import accountable_person
    from gaptools.steps.portfolio import diagnose
    from gaptools.steps.value import is_deploy_ready

    teams = [another_team(example_workshop(), name) for name in ("North", "South")]
    result = rollup([written(t, tmp_path / f"{t.meta.team}.json") for t in teams])
    book = load_workbook(io.BytesIO(write_rollup(result, "xlsx", tmp_path / "r.xlsx").read_bytes()))
    sheet = book["Initiatives in play"]
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, (c.value for c in r), strict=True)) for r in sheet.iter_rows(2)]
    for team in teams:
        mine = [r for r in rows if r["team"] == team.meta.team]
        assert [r["initiative"] for r in mine] == [i.name for i in team.in_play()]
        stuck = diagnose(team).in_purgatory
        assert sorted(
            r["initiative"] for r in mine if r["stuck at the workshop"] == "yes"
        ) == sorted(stuck)
        by_name = {r["initiative"]: r for r in mine}
        for initiative in team.in_play():
            row = by_name[initiative.name]
            assert (row["accountable person"] or "") == accountable_person(initiative)
            ready = is_deploy_ready(initiative.value, team.meta.date)
            assert row["deploy-ready value"] == ("yes" if ready else "no")
    assert sum(r["stuck at the workshop"] == "yes" for r in rows) == result.totals["in_purgatory"]
    assert sum(not r["accountable person"] for r in rows) == result.totals["unowned"]
    assert sum(r["deploy-ready value"] == "yes" for r in rows) == result.totals["deploy_ready"]


def test_the_counts_inside_a_teams_text_cells_are_also_numbers_to_sum(tmp_path: Path) -> None:
    """ "Idea: 3; Pilot: 5; …" in one cell: an office could not total the pilots across teams
    without splitting the text. The workbook and the CSV add a number column for each stage,
    each stall reason, each maturity dimension and each pulse question, after the text ones."""
    from gaptools.core.model import Stage
    from gaptools.steps.maturity import maturity_view
    from gaptools.steps.portfolio import diagnose
    from gaptools.steps.pulse import QUESTIONS, pulse_view

    teams = [another_team(example_workshop(after=True), n) for n in ("North", "South")]
    result = rollup([written(t, tmp_path / f"{t.meta.team}.json") for t in teams])
    book = load_workbook(io.BytesIO(write_rollup(result, "xlsx", tmp_path / "r.xlsx").read_bytes()))
    sheet = book["Teams"]
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, (c.value for c in r), strict=True)) for r in sheet.iter_rows(2)]
    assert headers.index("Initiatives by stage") < headers.index("Stage: Pilot")  # text first
    for team, row in zip(teams, rows, strict=True):
        stages = diagnose(team).by_stage
        assert row["Stage: Pilot"] == stages.get(Stage.PILOT.value, 0)
        assert row["Stage: Idea"] == stages.get(Stage.IDEA.value, 0)
        view = maturity_view(team)
        for reading in view.readings:
            assert row[f"Maturity: {reading.dimension.label}"] == reading.median
        pulse = pulse_view(team)
        for question, distribution in zip(QUESTIONS, pulse.distributions, strict=True):
            cell = sheet.cell(
                rows.index(row) + 2, headers.index(f"Pulse 4 or 5: {question.tag}") + 1
            )
            assert cell.value == pytest.approx(distribution.favourable, abs=1e-4)
            assert cell.number_format == "0%"
    assert sum(r["Stage: Pilot"] for r in rows) == sum(
        diagnose(t).by_stage.get(Stage.PILOT.value, 0) for t in teams
    )
    text = to_csv(result).decode("utf-8-sig")
    [header, *lines] = list(csv.reader(io.StringIO(text)))
    assert header == headers


def test_right_to_left_team_names_in_a_list_keep_their_order(tmp_path: Path) -> None:
    """Two right-to-left team names joined by a comma in an English sentence ran together as
    one right-to-left run, and read in reverse order; each is set apart for direction."""
    from bs4 import BeautifulSoup

    names = ["فريق المطالبات", "צוות החיתום"]
    for n, name in enumerate(names):
        written(another_team(example_workshop(), name), tmp_path / f"t{n}.json")
    page = to_html_bytes(rollup(sorted(tmp_path.glob("t*.json"))), tmp_path)
    soup = BeautifulSoup(page, "html.parser")
    [without] = [p for p in soup.find_all("p") if p.get_text().startswith("Teams without a bet")]
    isolated = [b.get_text() for b in without.find_all("bdi")]
    assert sorted(isolated) == sorted(names)
    assert without.get_text() == f"Teams without a bet yet: {', '.join(isolated)}."
    people = [td for td in soup.find_all("td") if td.find("bdi")]
    assert people
    assert all(
        "; ".join(b.get_text() for b in td.find_all("bdi")) == td.get_text() for td in people
    )
