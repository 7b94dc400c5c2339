"""The roll-up's files: XLSX with no formula cell, HTML with no script from user text, JSON
in the promised shape."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gaptools.export.rollup import find_workshops, rollup, to_csv, write_rollup
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
    assert "'" + HOSTILE in values
    teams = book["Teams"]
    assert [c.value for c in teams[1]][:2] == ["team", "organisation"]
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
    assert "once the team has exported its report" in " ".join(page.split())


def test_json_shape(result: Rollup, tmp_path: Path) -> None:
    out = write_rollup(result, "json", tmp_path / "rollup.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"teams", "totals", "duplicates", "skipped"}
    assert len(data["teams"]) == 2
    assert data["totals"]["teams"] == 2
    assert {d["score"] for d in data["duplicates"]}
    assert all(d["score"] >= 85 for d in data["duplicates"])
    assert "teams_without_bet" in data["totals"]


def test_never_written_over_a_rolled_up_workshop(result: Rollup) -> None:
    from gaptools.core.errors import WorkshopError

    target = Path(result.teams[0]["file"])
    before = target.read_bytes()
    with pytest.raises(WorkshopError):
        write_rollup(result, "json", target)
    assert target.read_bytes() == before
