"""The portfolio notebook in a real browser: adding an initiative, importing a PMO's sheet."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from gaptools.files.store import backup_path
from tests.browser.conftest import LabServer, labelled, open_and_run, wait_for_file
from tests.support import part_of, restored

NOTEBOOK = "notebooks/01_portfolio.ipynb"


def _names(raw: bytes) -> list[str]:
    return [i["name"] for i in part_of(raw, "initiatives", default=[])]


def test_adding_a_pilot_updates_the_diagnosis_and_the_file(page, lab: LabServer, screenshot_dir):
    open_and_run(page, lab, NOTEBOOK)
    name = labelled(page, "Name")
    workshop = lab.home / "example-workshop.json"
    before = wait_for_file(workshop, lambda raw: len(_names(raw)) > 0)
    pilots = [i for i in json.loads(before)["initiatives"] if i["stage"] == "pilot"]
    stuck_before = page.get_by_text(f"of {len(pilots)} pilots have run longer than a quarter")
    expect(stuck_before).to_be_visible(timeout=60_000)

    name.fill("Supplier risk radar")
    labelled(page, "Stage", ".widget-dropdown", "select").select_option(label="Pilot")
    page.get_by_role("button", name="Add initiative").click()

    after = wait_for_file(workshop, lambda raw: "Supplier risk radar" in _names(raw))
    added = [i for i in json.loads(after)["initiatives"] if i["name"] == "Supplier risk radar"]
    assert added[0]["stage"] == "pilot"
    assert len(_names(after)) == len(_names(before)) + 1
    expected = f"of {len(pilots) + 1} pilots have run longer than a quarter"
    expect(page.get_by_text(expected)).to_be_visible(timeout=30_000)
    expect(page.locator(".gaptools-status")).to_contain_text("added Supplier risk radar")
    # Said under the button too, where the person is looking: on screen without scrolling.
    said = page.locator(".gaptools-said")
    expect(said).to_contain_text("✓ Added Supplier risk radar")
    expect(said).to_be_in_viewport()

    page.get_by_text("How long pilots have run (weeks)").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "01_portfolio.png"), full_page=False)


PMO_SHEET = (
    "Initiative,Status,Business unit,Notes\n"
    "Browser triage bot,Live,Claims,Go-live moved twice <b>not bold</b>\n"
)


def test_the_details_view_shows_a_kept_note_after_a_pmo_import(page, lab: LabServer):
    """A PMO's own headers come in by path; the column nobody maps is kept and shown."""
    workshop = lab.home / "example-workshop.json"
    sheet = lab.home / "pmo-portfolio.csv"
    sheet.write_text(PMO_SHEET, encoding="utf-8")
    with restored(workshop, backup_path(workshop)):
        open_and_run(page, lab, NOTEBOOK)
        labelled(page, "Or a file path").fill(str(sheet))
        page.get_by_role("button", name="Import from path").click()
        after = wait_for_file(workshop, lambda raw: "Browser triage bot" in _names(raw))
        [added] = [i for i in json.loads(after)["initiatives"] if i["name"] == "Browser triage bot"]
        assert (added["stage"], added["area"]) == ("production", "Claims")

        picker = labelled(page, "Initiative", ".widget-dropdown", "select")
        picker.select_option(label="Browser triage bot")
        expect(labelled(page, "Area (business unit)")).to_have_value("Claims", timeout=30_000)
        kept = page.locator(".gaptools-table", has_text="Kept from the imported sheet")
        expect(kept).to_contain_text("Go-live moved twice <b>not bold</b>", timeout=30_000)
        expect(kept.locator("th", has_text="Notes")).to_be_visible()


def test_removing_an_initiative_asks_first_under_its_row(page, lab: LabServer, screenshot_dir):
    """One click removed an initiative with everything it held; Undo could bring it back only
    from the notebook it was removed in, while that stayed open. A double-click then removed
    it before its question could be read: it only asks."""
    workshop = lab.home / "example-workshop.json"
    with restored(workshop, backup_path(workshop)):
        open_and_run(page, lab, NOTEBOOK)
        before = wait_for_file(workshop, lambda raw: len(_names(raw)) > 0)
        name = _names(before)[0]
        remove = page.locator(f'button[title="Remove {name}"]')
        remove.scroll_into_view_if_needed()
        remove.dblclick()
        asked = page.locator(".gaptools-confirm").filter(has_text=f"Remove {name}")
        expect(asked).to_be_visible(timeout=30_000)
        page.wait_for_timeout(1_500)  # what the double-click's second press did, saved
        expect(asked).to_be_visible()
        expect(asked).to_contain_text("Press Remove again to remove it.")
        expect(asked).to_be_in_viewport()
        page.screenshot(path=str(screenshot_dir / "layout" / "01_remove_asks.png"))
        assert name in _names(workshop.read_bytes())
        # A person reads the question before pressing again: a second press within a
        # double-click's time (``Confirmation.DOUBLE_CLICK``) is the same click twice.
        page.wait_for_timeout(1_000)
        remove.click()
        wait_for_file(workshop, lambda raw: name not in _names(raw))
        expect(page.locator(".gaptools-status")).to_contain_text(f"removed {name}")
