"""A facilitator adds an initiative in the portfolio notebook: the diagnosis and the file follow."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.conftest import LabServer, labelled, open_and_run, wait_for_file
from tests.support import part_of

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

    page.get_by_text("How long pilots have run (weeks)").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "01_portfolio.png"), full_page=False)
