"""The portfolio form driven as a facilitator would, without a browser.

The example workshop (18 Nov 2026, "stuck after" 12 weeks = 84 days) has six pilots that have
run 261, 191, 107, 212, 135 and 65 days: five are stuck. Expected sentences below follow from
those day counts, not from the diagnosis code.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import ipywidgets as widgets
import pytest
from openpyxl import Workbook

from gaptools.ui.portfolio import PortfolioForm
from gaptools.ui.session import WorkshopSession
from tests.support import (
    by_label,
    refused,
    row_of,
    rows_with,
    saved,
    saved_names,
    shown,
    status_line,
)

START = "5 of 6 pilots have run longer than a quarter without a decision."

SHEET = (
    "name,stage,started,sponsor\n"
    "Underwriting copilot,pilot,05/01/2026,Lena Fischer\n"  # new: 317 days, stuck
    "next-best-offer RECOMMENDATIONS,Production,,\n"  # the 65-day pilot, now in production
)
# The 5 stuck pilots stay, the 65-day one leaves, the 317-day one joins: 6 of 6.
AFTER_SHEET = "6 of 6 pilots have run longer than a quarter without a decision."


def row_names(form: PortfolioForm) -> list[str]:
    """The names in the table, top to bottom."""
    return [by_label(row, "Name").value for row in rows_with(form.rows, "Name")]


def row_named(form: PortfolioForm, name: str) -> widgets.HBox:
    return row_of(form.rows, name, "Name")


def threshold_box(form: PortfolioForm) -> widgets.IntText:
    return by_label(form.widget, "Stuck after (weeks)", widgets.IntText)


def upload(form: PortfolioForm, name: str, content: bytes, kind: str = "text/csv") -> None:
    """Set the upload as ipywidgets 8 does after a browser upload: a tuple of dicts."""
    form.upload.value = (
        {
            "name": name,
            "type": kind,
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime(2026, 11, 18, 9, 30, tzinfo=dt.UTC),
        },
    )


@pytest.fixture
def form(session: WorkshopSession) -> PortfolioForm:
    return PortfolioForm(session)


def test_the_diagnosis_shows_the_summary_sentence(form: PortfolioForm) -> None:
    assert START in shown(form.widget)
    assert len(form.rows.children) == 16


def test_adding_an_initiative_saves_it_and_updates_the_diagnosis(
    form: PortfolioForm, workshop_path: Path
) -> None:
    """A new pilot with no start date counts as a pilot but cannot be stuck: 5 of 7."""
    form.new_name.value = "Underwriting copilot"
    form.new_description.value = "Drafts the referral note"
    form.new_stage.value = "pilot"
    form.new_category.value = "internal_copilot"
    form.add()
    added = saved(workshop_path)["initiatives"][-1]
    assert added["name"] == "Underwriting copilot"
    assert added["stage"] == "pilot"
    assert added["description"] == "Drafts the referral note"
    assert "5 of 7 pilots have run longer than a quarter without a decision." in shown(form.widget)
    assert START not in shown(form.widget)
    assert len(form.rows.children) == 17
    assert row_names(form) == saved_names(workshop_path)  # the new one last
    assert "Saved" in status_line(form)
    assert form.new_name.value == ""  # ready for the next one


def test_the_add_button_adds(form: PortfolioForm, workshop_path: Path) -> None:
    form.new_name.value = "Clicked in"
    form.add_button.click()
    assert saved_names(workshop_path)[-1] == "Clicked in"


@pytest.mark.parametrize("typed", ["Claims intake copilot", "  claims INTAKE copilot "])
def test_a_duplicate_name_is_refused_and_nothing_changes(
    form: PortfolioForm, workshop_path: Path, typed: str
) -> None:
    form.new_name.value = typed
    form.new_stage.value = "pilot"
    with refused(form, workshop_path, "Not saved"):
        form.add()
    assert "claims intake copilot" in status_line(form).lower()
    assert len(form.rows.children) == 16
    assert START in shown(form.widget)


def test_an_empty_name_is_refused(form: PortfolioForm, workshop_path: Path) -> None:
    form.new_name.value = "   "
    with refused(form, workshop_path, "Not saved"):
        form.add()


def test_editing_a_stage_saves_and_updates_the_diagnosis(
    form: PortfolioForm, workshop_path: Path
) -> None:
    """The 261-day pilot goes to production: 4 of the 5 remaining pilots are stuck."""
    by_label(row_named(form, "Claims intake copilot"), "Stage").value = "production"
    item = next(i for i in saved(workshop_path)["initiatives"] if i["name"].startswith("Claims in"))
    assert item["stage"] == "production"
    assert "4 of 5 pilots have run longer than a quarter without a decision." in shown(form.widget)


def test_renaming_to_a_duplicate_is_refused_and_put_back(
    form: PortfolioForm, workshop_path: Path
) -> None:
    name_box = by_label(row_named(form, "GenAI workbench"), "Name")
    with refused(form, workshop_path):
        name_box.value = "BROKER email triage"
    assert name_box.value == "GenAI workbench"
    assert "broker email triage" in status_line(form).lower()


def test_removing_a_row_saves(form: PortfolioForm, workshop_path: Path) -> None:
    """Removing the 261-day pilot leaves 4 stuck of 5."""
    by_label(row_named(form, "Claims intake copilot"), "Remove", widgets.Button).click()
    names = saved_names(workshop_path)
    assert "Claims intake copilot" not in names
    assert len(names) == 15
    assert "Claims intake copilot" not in row_names(form)
    assert len(form.rows.children) == 15
    assert "4 of 5 pilots have run longer than a quarter without a decision." in shown(form.widget)


def test_changing_the_threshold_changes_the_summary(
    form: PortfolioForm, workshop_path: Path
) -> None:
    """20 weeks is 140 days: only the 261, 212 and 191-day pilots are over it."""
    threshold_box(form).value = 20
    assert saved(workshop_path)["settings"]["purgatory_weeks"] == 20
    assert "3 of 6 pilots have run longer than 20 weeks without a decision." in shown(form.widget)
    assert START not in shown(form.widget)


def test_a_threshold_of_zero_is_refused(form: PortfolioForm, workshop_path: Path) -> None:
    before = workshop_path.read_bytes()
    box = threshold_box(form)
    box.value = 0
    assert workshop_path.read_bytes() == before
    assert box.value == 12
    assert START in shown(form.widget)


def test_import_from_a_path(form: PortfolioForm, workshop_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "portfolio.csv"
    source.write_text(SHEET, encoding="utf-8")
    form.path_box.value = str(source)
    form.path_button.click()
    data = saved(workshop_path)
    assert len(data["initiatives"]) == 17
    new = next(i for i in data["initiatives"] if i["name"] == "Underwriting copilot")
    assert new["started"] == "2026-01-05"
    assert new["sponsor"] == "Lena Fischer"
    updated = next(i for i in data["initiatives"] if i["name"] == "Next-best-offer recommendations")
    assert updated["stage"] == "production"
    assert "Imported 2 rows from portfolio.csv: 1 added, 1 updated." in form.report.value
    assert "✓" in form.report.value
    assert AFTER_SHEET in shown(form.widget)
    assert len(form.rows.children) == 17


def test_import_from_an_upload(form: PortfolioForm, workshop_path: Path) -> None:
    upload(form, "portfolio.csv", SHEET.encode("utf-8"))
    form.upload_button.click()
    assert len(saved(workshop_path)["initiatives"]) == 17
    assert "Imported 2 rows from portfolio.csv: 1 added, 1 updated." in form.report.value
    assert AFTER_SHEET in shown(form.widget)


def test_import_an_uploaded_workbook(form: PortfolioForm, workshop_path: Path) -> None:
    book = Workbook()
    book.active.append(["Name", "Stage", "Started"])
    book.active.append(["Underwriting copilot", "Pilot", dt.datetime(2026, 1, 5)])
    buffer = io.BytesIO()
    book.save(buffer)
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    upload(form, "portfolio.xlsx", buffer.getvalue(), kind)
    form.import_upload()
    added = saved(workshop_path)["initiatives"][-1]
    assert added["name"] == "Underwriting copilot"
    assert added["started"] == "2026-01-05"
    assert "6 of 7 pilots have run longer than a quarter without a decision." in shown(form.widget)


def test_import_without_a_file_says_what_to_do(form: PortfolioForm, workshop_path: Path) -> None:
    before = workshop_path.read_bytes()
    form.import_upload()
    assert "✗" in form.report.value
    assert "Upload" in form.report.value
    form.import_path("  ")
    assert "path" in form.report.value
    assert workshop_path.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("portfolio.xlsx", b"not a workbook", "not a readable Excel workbook"),
        ("portfolio.csv", b"name,stage\n,pilot\nBeta,beta\n", "no usable row"),
        ("portfolio.csv", b"title\nA\n", "no &#x27;name&#x27; column"),
        ("portfolio.ods", b"name\nA\n", ".csv or .xlsx"),
        ("portfolio.csv", b"", "empty"),
    ],
)
def test_a_bad_upload_shows_the_problems_and_changes_nothing(
    form: PortfolioForm, workshop_path: Path, name: str, content: bytes, problem: str
) -> None:
    before = workshop_path.read_bytes()
    upload(form, name, content)
    form.import_upload()
    assert workshop_path.read_bytes() == before
    assert "✗" in form.report.value
    assert problem in form.report.value
    assert len(form.rows.children) == 16
    assert START in shown(form.widget)


def test_the_report_names_skipped_rows(form: PortfolioForm, workshop_path: Path) -> None:
    upload(form, "p.csv", b"name,stage\nGood,idea\n,pilot\nBad,beta\n")
    form.import_upload()
    assert "Skipped row 3: no name" in form.report.value
    assert "Skipped row 4: stage:" in form.report.value
    assert saved_names(workshop_path)[-1] == "Good"


def test_a_missing_path_shows_the_problem(
    form: PortfolioForm, workshop_path: Path, tmp_path: Path
) -> None:
    before = workshop_path.read_bytes()
    form.import_path(str(tmp_path / "nowhere.csv"))
    assert "no such file" in form.report.value
    assert workshop_path.read_bytes() == before


def test_undo_after_an_import_restores_the_file(form: PortfolioForm, workshop_path: Path) -> None:
    before = saved(workshop_path)
    upload(form, "portfolio.csv", SHEET.encode("utf-8"))
    form.import_upload()
    assert saved(workshop_path) != before
    form.form.undo_button.click()
    assert saved(workshop_path) == before
    assert len(form.rows.children) == 16
    assert START in shown(form.widget)
    assert "Next-best-offer recommendations" in row_names(form)


def test_slide_charts_are_offered_as_png_downloads(form: PortfolioForm) -> None:
    """Links with data URIs work in JupyterLab, Voilà and on a hub alike."""
    import base64
    import re

    assert form.downloads.value == ""
    form.make_pngs()
    links = re.findall(
        r'<a download="([^"]+)" href="data:image/png;base64,([^"]+)"', form.downloads.value
    )
    assert [name for name, _ in links] == [
        "portfolio-stages.png",
        "pilot-ages.png",
        "stall-reasons.png",
    ]
    for _, encoded in links:
        assert base64.b64decode(encoded)[:8] == b"\x89PNG\r\n\x1a\n"
