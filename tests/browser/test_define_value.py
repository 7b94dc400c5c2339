"""An explore initiative gets its value: the badge turns deploy-ready, the file follows."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import LabServer, labelled, open_and_run, wait_for_file
from tests.support import part_of

NOTEBOOK = "notebooks/03_define_value.ipynb"
CHOSEN = "Renewal pricing agent"


def _value(raw: bytes) -> dict:
    initiatives = part_of(raw, "initiatives", default=[])
    return next((i["value"] for i in initiatives if i["name"] == CHOSEN), {})


def test_filling_the_value_makes_it_deploy_ready(page, lab: LabServer, screenshot_dir):
    open_and_run(page, lab, NOTEBOOK)
    picker = labelled(page, "Initiative", ".widget-dropdown", "select")
    workshop = lab.home / "example-workshop.json"
    before = _value(wait_for_file(workshop, lambda raw: bool(_value(raw))))
    assert before["baseline"] is None  # it starts as exploration

    picker.select_option(label=f"◌ {CHOSEN}")
    expect(page.get_by_text("◌ explore").first).to_be_visible()
    labelled(page, "Metric").fill("Renewal retention rate")
    labelled(page, "Metric").press("Enter")
    labelled(page, "Unit").fill("%")
    labelled(page, "Unit").press("Enter")
    labelled(page, "Baseline (today)").fill("82")
    labelled(page, "Baseline (today)").press("Enter")
    labelled(page, "Target").fill("86")
    labelled(page, "Target").press("Enter")
    due = labelled(page, "By (date)", ".widget-datepicker", "input")
    due.fill("2027-09-30")
    due.press("Tab")

    sentence = "Move renewal retention rate from 82% to 86% by 30 Sep 2027"
    expect(page.get_by_text(sentence).first).to_be_visible(timeout=30_000)
    verdict = page.locator("p", has=page.locator(".gaptools-badge")).first
    expect(verdict).to_contain_text("✓ deploy-ready")

    saved = _value(wait_for_file(workshop, lambda raw: _value(raw).get("due") == "2027-09-30"))
    assert saved["metric"] == "Renewal retention rate"
    assert saved["unit"] == "%"
    assert (saved["baseline"], saved["target"]) == (82.0, 86.0)

    labelled(page, "Baseline (today)").fill("eighty")
    labelled(page, "Baseline (today)").press("Enter")
    expect(page.locator(".gaptools-status")).to_contain_text("'eighty' is not a number")
    assert _value(workshop.read_bytes())["baseline"] == 82.0

    verdict.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "03_define_value.png"), full_page=False)
