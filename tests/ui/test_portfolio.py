"""The portfolio form driven as a facilitator would, without a browser.

The example workshop (18 Nov 2026, "stuck after" 12 weeks = 84 days) has six pilots that have
run 261, 191, 107, 212, 135 and 65 days: five are stuck. Expected sentences below follow from
those day counts, not from the diagnosis code.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
from pathlib import Path

import ipywidgets as widgets
import pytest
from openpyxl import Workbook

from gaptools.core.quarter import day_text
from gaptools.files import store
from gaptools.steps.portfolio import what_removing_loses
from gaptools.ui.portfolio import PortfolioForm
from gaptools.ui.session import WorkshopSession
from tests.support import (
    by_label,
    pick,
    press_enter,
    refused,
    row_of,
    rows_with,
    saved,
    saved_initiative,
    saved_names,
    shown,
    status_line,
    uploaded,
    view,
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


def table_rows(form: PortfolioForm) -> list[widgets.Widget]:
    """The table's rows, one per initiative on the page (not its headings or pager)."""
    return [c for c in form.rows.children if "gaptools-grid-row" in c._dom_classes]


def row_named(form: PortfolioForm, name: str) -> widgets.HBox:
    return row_of(form.rows, name, "Name")


def threshold_box(form: PortfolioForm) -> widgets.IntText:
    return by_label(form.widget, "Stuck after (weeks)", widgets.IntText)


def upload(form: PortfolioForm, name: str, content: bytes, kind: str = "text/csv") -> None:
    form.upload.value = uploaded(name, content, kind)


@pytest.fixture
def form(session: WorkshopSession) -> PortfolioForm:
    return PortfolioForm(session)


def test_the_diagnosis_shows_the_summary_sentence(form: PortfolioForm) -> None:
    assert START in shown(form.widget)
    assert len(table_rows(form)) == 16


def test_a_pilot_scaled_in_the_learning_log_is_said_to_be_decided(
    session: WorkshopSession,
) -> None:
    """After step 9 logged "scale" for a pilot, step 1 still named it "stuck without a
    decision"."""
    from gaptools.core.model import Cycle, CycleDecision, Stage, Workshop

    workshop = session.latest()
    scaled = next(i for i in workshop.initiatives if i.stage is Stage.PILOT)
    day = workshop.meta.date - dt.timedelta(days=3)

    def scale(changed: Workshop) -> None:
        found = changed.initiative(scaled.name)
        assert found is not None
        found.cycles.append(
            Cycle(start=day - dt.timedelta(days=40), end=day, decision=CycleDecision.SCALE)
        )
        found.cycles[-1].decided_on = day

    session.update(scale, "scaled")
    said = html.unescape(shown(PortfolioForm(session).widget))
    stuck = said.split("Stuck without a decision:", 1)[-1].split("</p>", 1)[0]
    assert scaled.name not in stuck
    assert "Decided in the learning log (step 9), still pilots here: " in said
    assert f"{scaled.name} (scale on {day_text(day)})" in said


def test_adding_an_initiative_saves_it_and_updates_the_diagnosis(
    form: PortfolioForm, workshop_path: Path
) -> None:
    """A new pilot with no start date counts as a pilot but cannot be stuck: 5 of 7, and
    the sentence says its age is unknown."""
    form.new_name.value = "Underwriting copilot"
    form.new_description.value = "Drafts the referral note"
    form.new_stage.value = "pilot"
    form.new_category.value = "internal_copilot"
    form.add()
    added = saved(workshop_path)["initiatives"][-1]
    assert added["name"] == "Underwriting copilot"
    assert added["stage"] == "pilot"
    assert added["description"] == "Drafts the referral note"
    assert (
        "5 of 7 pilots have run longer than a quarter without a decision; 1 has no start "
        "date, so how long it has run is unknown: Underwriting copilot."
    ) in shown(form.widget)
    assert START not in shown(form.widget)
    assert len(table_rows(form)) == 17
    assert row_names(form) == saved_names(workshop_path)  # the new one last
    assert "Saved" in status_line(form)
    assert form.new_name.value == ""  # ready for the next one


def test_an_agentic_workflow_comes_in_agentic(form: PortfolioForm, workshop_path: Path) -> None:
    """Step 4 then asks for a security or compliance function to consult, and step 5 how far
    it may act, as for any agent."""
    from gaptools.steps.ownership import initiative_findings

    form.new_name.value = "Procurement agent"
    form.new_category.value = "agentic_workflow"
    form.add()
    added = saved(workshop_path)["initiatives"][-1]
    assert added["agentic"] is True
    agent = form.session.workshop.initiatives[-1]
    functions = [f.name for f in form.session.workshop.settings.functions]
    found = initiative_findings(agent, functions)
    assert any("acts on its own (agentic)" in finding.message for finding in found)


def test_the_add_button_adds(form: PortfolioForm, workshop_path: Path) -> None:
    form.new_name.value = "Clicked in"
    form.add_button.click()
    assert saved_names(workshop_path)[-1] == "Clicked in"


def test_what_the_add_button_did_is_said_under_it(form: PortfolioForm, workshop_path: Path):
    """The only word after 'Add initiative' was in the status line at the top of the form,
    far off the screen of someone at the foot of it."""
    form.new_name.value = "Underwriting copilot"
    form.add()
    count = len(saved_names(workshop_path))
    assert f"✓ Added Underwriting copilot: {count} initiatives in the list above." in (
        form.added.value
    )
    # Pressed again, the emptied box said "name cannot be empty" in place of the success.
    form.add()
    said = html.unescape(form.added.value)
    assert "✓ Underwriting copilot is added. Type the next one's name" in said
    assert len(saved_names(workshop_path)) == count
    form.new_name.value = "Underwriting copilot"  # refused: a second of that name
    form.add()
    form.new_name.value = "  "
    form.add()
    assert "✗ Not saved · new initiative: name cannot be empty" in form.added.value


def test_each_new_initiative_starts_from_the_usual_category_and_stage(
    form: PortfolioForm, workshop_path: Path
) -> None:
    """The category and stage of the one before stayed: "Invoice matching GenAI" came in as
    an agentic workflow in pilot, unseen, and so agentic."""
    first_category, first_stage = form.new_category.value, form.new_stage.value
    form.new_name.value = "Route optimisation agent"
    form.new_category.value = "agentic_workflow"
    form.new_stage.value = "pilot"
    form.add()
    assert (form.new_category.value, form.new_stage.value) == (first_category, first_stage)
    form.new_name.value = "Invoice matching GenAI"
    form.add()
    added = saved(workshop_path)["initiatives"][-1]
    assert (added["category"], added["stage"], added["agentic"]) == (first_category, "idea", False)


def test_moving_an_initiative_out_of_agentic_workflow_takes_its_agentic_mark(
    form: PortfolioForm, workshop_path: Path
) -> None:
    """Moved to Process automation, it stayed agentic: steps 4, 5 and 7 asked for an agent's
    gates. Another category's change leaves a mark step 4 gave as it is."""
    form.new_name.value = "Invoice matching GenAI"
    form.new_category.value = "agentic_workflow"
    form.add()
    row = row_named(form, "Invoice matching GenAI")
    assert saved(workshop_path)["initiatives"][-1]["agentic"] is True
    by_label(row, "Category").value = "process_automation"
    assert saved(workshop_path)["initiatives"][-1]["agentic"] is False
    by_label(row, "Category").value = "agentic_workflow"
    assert saved(workshop_path)["initiatives"][-1]["agentic"] is True
    form.session.update(lambda w: setattr(w.initiatives[0], "agentic", True), "agentic")
    by_label(row_named(form, saved_names(workshop_path)[0]), "Category").value = "analytics"
    assert saved(workshop_path)["initiatives"][0]["agentic"] is True


@pytest.mark.parametrize("typed", ["Claims intake copilot", "  claims INTAKE copilot "])
def test_a_duplicate_name_is_refused_and_nothing_changes(
    form: PortfolioForm, workshop_path: Path, typed: str
) -> None:
    form.new_name.value = typed
    form.new_stage.value = "pilot"
    with refused(form, workshop_path, "Not saved"):
        form.add()
    assert "claims intake copilot" in status_line(form).lower()
    assert len(table_rows(form)) == 16
    assert START in shown(form.widget)


def test_an_empty_name_is_refused(form: PortfolioForm, workshop_path: Path) -> None:
    """The refusal names the field, and does not say "added" of what it did not add."""
    form.new_name.value = "   "
    with refused(form, workshop_path, "Not saved · new initiative: name cannot be empty"):
        form.add()
    assert "added" not in status_line(form)


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
    row = row_named(form, "GenAI workbench")
    name_box = by_label(row, "Name")
    with refused(form, workshop_path):
        name_box.value = "BROKER email triage"
    assert name_box.value == "BROKER email triage"  # what was typed stays, to be corrected
    assert "broker email triage" in status_line(form).lower()
    message = form.form.message_of(name_box)
    assert message.value.startswith("✗ Not saved")
    assert message.layout.display != "none"
    assert message in row.children  # under that very row


def test_a_name_corrected_in_the_table_keeps_the_bet_and_its_card(workshop_path: Path) -> None:
    """A leader corrected the bet's name in step 1: step 10 then said it was "no longer in
    the portfolio", and choosing it again in step 7 started an empty card. The card, the
    gut checks and the step 7 form follow the new name; the old one names nothing."""
    from gaptools.files import store
    from gaptools.steps.bet import bet_complete
    from gaptools.ui.bet import BetForm
    from tests.support import commit

    store.save(store.revalidate(commit(store.load(workshop_path))), workshop_path)
    assert bet_complete(store.load(workshop_path))
    form = PortfolioForm(WorkshopSession(workshop_path, store.load(workshop_path)))
    step7 = BetForm(WorkshopSession(workshop_path, store.load(workshop_path)))

    by_label(row_named(form, "Claims intake copilot"), "Name").value = "Claims intake assistant"

    after = saved(workshop_path)["bet"]
    assert after["initiative"] == "Claims intake assistant"
    assert "Claims intake assistant" in after["options_considered"]
    assert bet_complete(store.load(workshop_path))
    assert step7.session.poll()
    assert "Claims intake assistant" in shown(step7.widget)
    assert "no longer in the portfolio" not in shown(step7.widget)
    assert "not in the portfolio" not in shown(step7.widget)


def test_removing_a_row_asks_first_then_saves(form: PortfolioForm, workshop_path: Path) -> None:
    """Removing the 261-day pilot leaves 4 stuck of 5. One click removed an initiative with
    its value, owners, readiness and estimates, which Undo could bring back only from this
    notebook while it stayed open: the first press says what would go."""
    row = row_named(form, "Claims intake copilot")
    remove = by_label(row, "Remove", widgets.Button)
    remove.click()
    assert "Claims intake copilot" in saved_names(workshop_path)
    workshop = store.load(workshop_path)
    asked = what_removing_loses(workshop, workshop.initiative("Claims intake copilot"))
    assert asked in shown(row)
    assert "Press <b>Remove</b> again" in shown(row)
    assert "<p role='alert'>⚠" in shown(row)  # a screen reader heard nothing of it
    remove.click()
    names = saved_names(workshop_path)
    assert "Claims intake copilot" not in names
    assert len(names) == 15
    assert "Claims intake copilot" not in row_names(form)
    assert len(table_rows(form)) == 15
    assert "4 of 5 pilots have run longer than a quarter without a decision." in shown(form.widget)
    # Said under the table, where the person is: the row went, and the bar is at the top.
    assert "✓ Removed Claims intake copilot. Undo last change" in form.removed.value


def test_a_double_click_on_remove_only_asks(
    form: PortfolioForm, workshop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double-click removed the initiative at once, its question never read: two presses
    within a double-click's time are one."""
    from gaptools.ui import kit

    monkeypatch.setattr(kit.Confirmation, "DOUBLE_CLICK", 60.0)  # both presses inside it
    row = row_named(form, "Claims intake copilot")
    remove = by_label(row, "Remove", widgets.Button)
    remove.click()
    remove.click()
    assert "Claims intake copilot" in saved_names(workshop_path)
    assert "Press <b>Remove</b> again" in shown(row)
    monkeypatch.setattr(kit.Confirmation, "DOUBLE_CLICK", 0.0)  # a moment later: an answer
    remove.click()
    assert "Claims intake copilot" not in saved_names(workshop_path)


def test_keep_it_takes_back_the_question_and_removes_nothing(
    form: PortfolioForm, workshop_path: Path
) -> None:
    row = row_named(form, "Claims intake copilot")
    remove = by_label(row, "Remove", widgets.Button)
    remove.click()
    by_label(row, "Keep it", widgets.Button).click()
    assert "Press <b>Remove</b> again" not in shown(row)
    remove.click()  # asks again, rather than removing
    assert "Claims intake copilot" in saved_names(workshop_path)
    assert remove.button_style == "danger"


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
    assert box.value == 0
    assert "Not saved" in form.form.message_of(box).value
    assert START in shown(form.widget)
    box.value = 14
    assert form.form.message_of(box).value == ""
    assert saved(workshop_path)["settings"]["purgatory_weeks"] == 14


def test_enter_in_the_path_box_imports_as_the_button_does(
    form: PortfolioForm, workshop_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "portfolio.csv"
    source.write_text(SHEET, encoding="utf-8")
    form.path_box.value = str(source)
    press_enter(form.path_box)
    assert "Underwriting copilot" in [i["name"] for i in saved(workshop_path)["initiatives"]]
    assert "Imported 2 rows from portfolio.csv" in form.report.value


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
    assert len(table_rows(form)) == 17


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
        ("portfolio.csv", b"name,stage\n,pilot\n,idea\n", "no usable row"),
        ("portfolio.csv", b"Workstream\nA\n", "no column can be the initiatives"),
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
    assert len(table_rows(form)) == 16
    assert START in shown(form.widget)


def test_the_report_names_skipped_rows_and_unknown_stage_words(
    form: PortfolioForm, workshop_path: Path
) -> None:
    """A stage word nobody taught us no longer costs the row: its stage is left unset."""
    upload(form, "p.csv", b"name,stage\nGood,idea\n,pilot\nOdd one,Gate 2\n")
    form.import_upload()
    report = html.unescape(form.report.value)
    assert "Skipped row 3: no name" in report
    assert "Row 4: stage 'Gate 2' is not a word we know" in report
    assert saved_names(workshop_path)[-2:] == ["Good", "Odd one"]
    assert saved_initiative(workshop_path, "Odd one")["stage"] is None


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
    assert len(table_rows(form)) == 16
    assert START in shown(form.widget)
    assert "Next-best-offer recommendations" in row_names(form)
    # The report of the import said "✓ Import — Imported 13 rows … 13 added" after the undo.
    assert "added" not in form.report.value
    assert "Undone: the import of portfolio.csv" in html.unescape(form.report.value)


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


# -- stages not given yet ---------------------------------------------------------------------


def test_a_stage_not_given_yet_shows_choose_and_a_pick_saves(
    form: PortfolioForm, workshop_path: Path
) -> None:
    upload(form, "p.csv", b"Initiative,Status\nClaims triage bot,Gate 2\n")
    form.import_upload()
    assert saved_initiative(workshop_path, "Claims triage bot")["stage"] is None
    stage = by_label(row_named(form, "Claims triage bot"), "Stage", widgets.Dropdown)
    assert stage.value == ""
    assert stage.label == "— choose —"
    stage.value = "pilot"
    assert saved_initiative(workshop_path, "Claims triage bot")["stage"] == "pilot"
    assert "Saved" in status_line(form)


def test_the_add_form_keeps_a_real_stage(form: PortfolioForm) -> None:
    assert "— choose —" not in [label for label, _ in form.new_stage.options]
    assert form.new_stage.value == "idea"


# -- one initiative in detail -----------------------------------------------------------------

PMO_SHEET = (
    "Initiative,Status,Business unit,Notes\n"
    "Claims triage bot,Live,Claims,Go-live <b>moved</b> twice\n"
    "Quote helper,PoC,Sales,\n"
)


def test_the_details_view_shows_area_and_kept_notes(
    form: PortfolioForm, workshop_path: Path
) -> None:
    upload(form, "pmo.csv", PMO_SHEET.encode("utf-8"))
    form.import_upload()
    triage = saved_initiative(workshop_path, "Claims triage bot")
    assert (triage["stage"], triage["area"]) == ("production", "Claims")
    assert "Kept as notes, shown with each initiative: 'Notes'." in html.unescape(form.report.value)
    pick(form, saved_names(workshop_path).index("Claims triage bot"))
    assert by_label(form.details, "Area (business unit)").value == "Claims"
    notes = view(form.details, "Kept from the imported sheet")
    assert "<th>Notes</th>" in notes.value
    assert "Go-live &lt;b&gt;moved&lt;/b&gt; twice" in notes.value  # escaped, not markup
    pick(form, saved_names(workshop_path).index("Quote helper"))
    assert "No other columns kept for this initiative." in shown(form.details)
    assert by_label(form.details, "Area (business unit)").value == "Sales"


def test_editing_in_the_details_view_saves_to_the_picked_initiative(
    form: PortfolioForm, workshop_path: Path
) -> None:
    pick(form, 2)
    name = saved_names(workshop_path)[2]
    by_label(form.details, "Area (business unit)").value = "Contact centre"
    assert f"Area (business unit) of {name}" in status_line(form)
    by_label(form.details, "What it does").value = "Answers routine questions"
    edited = saved_initiative(workshop_path, name)
    assert edited["area"] == "Contact centre"
    assert edited["description"] == "Answers routine questions"


def test_the_details_view_follows_an_import(form: PortfolioForm, workshop_path: Path) -> None:
    """A live view: importing a note for the picked initiative shows it at once."""
    pick(form, 0)
    name = saved_names(workshop_path)[0]
    assert "No other columns kept for this initiative." in shown(form.details)
    upload(form, "p.csv", f"name,Risk owner\n{name},Ops desk\n".encode())
    form.import_upload()
    assert "Ops desk" in view(form.details, "Kept from the imported sheet").value


# -- column menus -----------------------------------------------------------------------------

UNNAMED = "Workstream,Phase,Lead\nClaims triage bot,Live,Ana Ruiz\nQuote helper,PoC,Tom Berg\n"


def import_unnamed(form: PortfolioForm, folder: Path, name: str = "ws.csv") -> None:
    source = folder / name
    source.write_text(UNNAMED, encoding="utf-8")
    form.import_path(str(source))


def test_a_sheet_with_no_name_column_is_refused_with_menus(
    form: PortfolioForm, workshop_path: Path, tmp_path: Path
) -> None:
    before = workshop_path.read_bytes()
    import_unnamed(form, tmp_path)
    assert workshop_path.read_bytes() == before
    report = html.unescape(form.report.value)
    assert "✗" in report
    assert "no column can be the initiatives' names" in report
    # The status line at the top speaks of the menus, not of the command line's --map.
    said = html.unescape(status_line(form))
    assert "no column can be the initiatives' names; choose below what each column holds" in said
    assert "--map" not in said
    assert list(form.column_menus) == ["Workstream", "Phase", "Lead"]
    assert [m.value for m in form.column_menus.values()] == ["note", "stage", "accountable"]
    menu = by_label(form.column_panel, "Workstream", widgets.Dropdown)
    labels = [label for label, _ in menu.options]
    assert labels[:3] == ["keep as a note", "leave out", "Name"]
    assert "Business area" in labels
    assert form.column_panel.layout.display != "none"


def test_choosing_the_name_column_imports_and_is_remembered(
    form: PortfolioForm, workshop_path: Path, tmp_path: Path
) -> None:
    import_unnamed(form, tmp_path)
    by_label(form.column_panel, "Workstream", widgets.Dropdown).value = "name"
    by_label(form.column_panel, "Import again with these columns", widgets.Button).click()
    triage = saved_initiative(workshop_path, "Claims triage bot")
    assert triage["stage"] == "production"
    assert triage["ownership"]["accountable"] == "Ana Ruiz"
    report = html.unescape(form.report.value)
    assert "✓" in report
    assert "Imported 2 rows from ws.csv: 2 added, 0 updated." in report
    assert "'Workstream' as name (your choice)" in report
    assert "Remembered in column_names.json" in report
    assert form.column_menus == {}
    assert form.column_panel.layout.display == "none"
    remembered = json.loads((workshop_path.parent / "column_names.json").read_text())
    assert "Workstream" in remembered["fields"]["name"]

    # The next sheet with these headers comes in without asking.
    second = tmp_path / "next.csv"
    second.write_text("Workstream,Phase,Lead\nFraud radar,Pilot,Kim Lee\n", encoding="utf-8")
    form.import_path(str(second))
    assert "Fraud radar" in saved_names(workshop_path)
    assert "'Workstream' as name (your column_names.json)" in html.unescape(form.report.value)
    assert form.column_menus == {}


def test_importing_again_updates_rather_than_doubles(
    form: PortfolioForm, workshop_path: Path, tmp_path: Path
) -> None:
    import_unnamed(form, tmp_path)
    form.column_menus["Workstream"].value = "name"
    form.import_again()
    count = len(saved_names(workshop_path))
    form.import_again()
    assert len(saved_names(workshop_path)) == count
    assert "0 added, 0 updated, 2 unchanged" in form.report.value  # the same sheet again


def test_kept_notes_get_menus_and_can_become_a_field(
    form: PortfolioForm, workshop_path: Path
) -> None:
    upload(form, "p.csv", b"name,Workstream\nQuote helper,Sales\n")
    form.import_upload()
    assert saved_initiative(workshop_path, "Quote helper")["notes"] == {"Workstream": "Sales"}
    assert [(h, m.value) for h, m in form.column_menus.items()] == [("Workstream", "note")]
    form.column_menus["Workstream"].value = "area"
    form.again_button.click()
    helper = saved_initiative(workshop_path, "Quote helper")
    assert helper["area"] == "Sales"
    assert "Remembered in column_names.json" in html.unescape(form.report.value)


def test_a_column_left_out_is_not_kept_and_not_remembered(
    form: PortfolioForm, workshop_path: Path, tmp_path: Path
) -> None:
    import_unnamed(form, tmp_path)
    form.column_menus["Workstream"].value = "name"
    form.column_menus["Lead"].value = "ignore"
    form.import_again()
    triage = saved_initiative(workshop_path, "Claims triage bot")
    assert triage["notes"] == {}
    assert triage["ownership"]["accountable"] in ("", None)
    assert "Left out: 'Lead'." in html.unescape(form.report.value)
    remembered = json.loads((workshop_path.parent / "column_names.json").read_text())
    assert "Lead" not in remembered["fields"].get("accountable", [])


def test_two_columns_chosen_as_one_field_are_refused(
    form: PortfolioForm, workshop_path: Path, tmp_path: Path
) -> None:
    import_unnamed(form, tmp_path)
    before = workshop_path.read_bytes()
    form.column_menus["Workstream"].value = "name"
    form.column_menus["Lead"].value = "name"
    form.import_again()
    assert workshop_path.read_bytes() == before
    assert "✗" in form.report.value
    assert "more than one column is chosen as name" in form.report.value
    assert list(form.column_menus) == ["Workstream", "Phase", "Lead"]  # still there to fix


def test_choosing_phase_over_status_is_remembered_and_nothing_else_is_claimed(
    form: PortfolioForm, workshop_path: Path, tmp_path: Path
) -> None:
    """'Remembered in column_names.json' was said while nothing was written: 'Phase' chosen
    as the stage over 'Status' is now remembered, and the claim is made only when it is."""
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("Initiative,Status,Phase\nClaims radar,On track,PoC\n", encoding="utf-8")
    form.import_path(str(sheet))
    assert "Remembered" not in form.report.value
    form.column_menus["Phase"].value = "stage"
    form.import_again()
    assert saved_initiative(workshop_path, "Claims radar")["stage"] == "pilot"
    assert "Remembered in column_names.json" in html.unescape(form.report.value)
    form.import_again()  # nothing new to learn
    assert "Remembered" not in form.report.value
    form.import_path(str(sheet))  # the next time, as chosen
    assert "'Phase' as stage" in html.unescape(form.report.value)


def test_a_stage_word_it_does_not_know_is_chosen_in_the_form_and_remembered(
    form: PortfolioForm, workshop_path: Path, tmp_path: Path
) -> None:
    """'Gate 3' and the like could only be fixed row by row, or in a file the person could
    not reach from Voilà: each unknown word gets a menu; the choice is applied at once by
    importing again, and kept in stage_words.json for the next sheet."""
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("Initiative,Status\nClaims radar,Gate 3\nFraud lens,Gate 3\n", "utf-8")
    form.import_path(str(sheet))
    assert list(form.stage_menus) == ["Gate 3"]
    assert form.stage_panel.layout.display != "none"
    form.stage_menus["Gate 3"].value = "pilot"
    form.stages_again_button.click()
    assert saved_initiative(workshop_path, "Claims radar")["stage"] == "pilot"
    assert saved_initiative(workshop_path, "Fraud lens")["stage"] == "pilot"
    assert "Remembered in stage_words.json" in html.unescape(form.report.value)
    assert form.stage_menus == {}
    assert form.stage_panel.layout.display == "none"
    kept = json.loads((workshop_path.parent / "stage_words.json").read_text(encoding="utf-8"))
    assert kept == {"stages": {"pilot": ["Gate 3"]}}


def test_the_template_downloads_and_the_chosen_file_is_named(form: PortfolioForm) -> None:
    """In Voilà the guide named 'data/templates/portfolio.csv', a file on the server with no
    way to fetch it, and 'Upload (1)' never said which file was chosen: the template is a
    download beside the import, and the chosen file's name is shown."""
    import base64

    from gaptools.core.resources import data_file

    [link] = re.findall(r'href="data:text/csv;base64,([^"]+)"', form.template.value)
    assert base64.b64decode(link) == data_file("templates/portfolio.csv").read_bytes()
    assert "Download the template" in form.template.value
    upload(form, "Q3 tracker.xlsx", b"not read yet")
    assert "Chosen: Q3 tracker.xlsx" in form.chosen.value
