"""The room votes, the facilitator reveals and decides, the card is filled until complete."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from tests.browser.conftest import LabServer, labelled, open_and_run, wait_for_file
from tests.support import part_of

NOTEBOOK = "notebooks/07_single_bet.ipynb"
BET = "Claims intake copilot"


def _bet(raw: bytes) -> dict:
    return part_of(raw, "bet", default={})


def _dots(page, initiative: str, count: int) -> None:
    """The ballot's dropdown is the one whose label starts with the initiative's name."""
    caption = page.locator("label", has_text=re.compile(f"^{re.escape(initiative)}"))
    box = page.locator(".widget-dropdown", has=caption).first
    box.locator("select").select_option(label=str(count))


def _vote(page, voter: str, dots: dict[str, int]) -> None:
    name = labelled(page, "Voter", ".widget-inline-hbox", "input")
    name.fill(voter)
    name.press("Tab")
    for initiative, count in dots.items():
        _dots(page, initiative, count)
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.get_by_text(f"Thank you, {voter}")).to_be_visible(timeout=30_000)


def test_vote_reveal_decide_and_complete_the_card(page, lab: LabServer, screenshot_dir):
    open_and_run(page, lab, NOTEBOOK)
    workshop = lab.home / "example-workshop.json"
    page.locator(".widget-toggle-buttons").get_by_text("Named", exact=True).click()
    page.get_by_role("button", name="Open the vote").click()
    expect(page.get_by_text("Open: ballots are hidden.")).to_be_visible(timeout=30_000)

    _vote(page, "Dana Whitfield", {BET: 2, "Fraud signal analytics": 1})
    _vote(page, "Priya Raman", {BET: 2})
    hidden = page.get_by_text("Hidden until the facilitator reveals the votes.", exact=True)
    expect(hidden).to_be_visible()
    page.get_by_role("button", name="Reveal the votes").click()
    expect(page.get_by_text("Dots from 2 ballots")).to_be_visible(timeout=30_000)

    labelled(page, "Our bet", ".widget-dropdown", "select").select_option(label=BET)
    decider = labelled(page, "Decided by")
    decider.fill("Dana Whitfield")
    page.get_by_role("button", name="Confirm the decision").click()
    wait_for_file(workshop, lambda raw: _bet(raw).get("initiative") == BET)
    expect(page.get_by_text("◌ incomplete")).to_be_visible(timeout=30_000)

    end = labelled(page, "First cycle ends", ".widget-datepicker", "input")
    end.fill("2026-12-23")
    end.press("Tab")
    debriefs = labelled(page, "Debrief dates")
    debriefs.fill("2026-12-09, 2026-12-23")
    debriefs.press("Enter")
    kill = labelled(page, "Kill criteria", ".widget-textarea", "textarea")
    kill.fill("Intake time not below 16 minutes by 23 Dec")
    kill.press("Tab")
    labelled(page, "Stopped or paused", ".widget-select-multiple", "select").select_option(
        ["Meeting notes copilot"]
    )
    labelled(page, "Readiness gaps", ".widget-select-multiple", "select").select_option(
        ["Monitoring", "Evaluation"]
    )

    saved = wait_for_file(workshop, lambda raw: bool(_bet(raw).get("readiness_gaps")))
    expect(page.get_by_text("✓ complete")).to_be_visible(timeout=30_000)
    bet = json.loads(saved)["bet"]
    assert bet["first_cycle_end"] == "2026-12-23"
    assert bet["debrief_dates"] == ["2026-12-09", "2026-12-23"]
    assert bet["stopped"] == ["Meeting notes copilot"]
    assert bet["decided_by"] == "Dana Whitfield"
    ballots = json.loads(saved)["voting"]["ballots"]
    assert sorted(b["voter"] for b in ballots) == ["Dana Whitfield", "Priya Raman"]

    page.get_by_text("The commitment card", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "07_single_bet.png"), full_page=False)
