"""The room votes, the facilitator reveals and decides, the card is filled until complete."""

from __future__ import annotations

import datetime as dt
import json
import re

from playwright.sync_api import expect

from gaptools.core.model import ExploreItem, Initiative, Stage, Workshop
from gaptools.files import store
from gaptools.steps.bet import decide
from tests.browser.conftest import LabServer, labelled, open_and_run, wait_for_file
from tests.browser.harness import FOR_SCREEN_READERS
from tests.support import part_of

NOTEBOOK = "notebooks/07_single_bet.ipynb"
BET = "Claims intake copilot"
OTHER = "Fraud signal analytics"
DAY = dt.date(2026, 11, 18)
LONG = "Customer onboarding document verification with a human reviewer in the loop"


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
    named = page.get_by_role("radio", name="Named", exact=True)
    named.check()
    expect(named).to_be_checked()  # said to a screen reader, as a toggle's colour was not
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
    stopped = page.locator(".gaptools-checklist", has_text="Stopped or paused")
    stopped.get_by_label("Meeting notes copilot", exact=True).check()
    gaps = page.locator(".gaptools-checklist", has_text="Readiness gaps")
    gaps.get_by_label("Monitoring", exact=True).check()
    wait_for_file(workshop, lambda raw: _bet(raw).get("readiness_gaps") == ["Monitoring"])
    gaps.get_by_label("Evaluation", exact=True).check()  # a second tick keeps the first

    saved = wait_for_file(workshop, lambda raw: len(_bet(raw).get("readiness_gaps", [])) == 2)
    expect(page.get_by_text("✓ complete")).to_be_visible(timeout=30_000)
    bet = json.loads(saved)["bet"]
    assert bet["first_cycle_end"] == "2026-12-23"
    assert bet["debrief_dates"] == ["2026-12-09", "2026-12-23"]
    assert bet["stopped"] == ["Meeting notes copilot"]
    assert bet["readiness_gaps"] == ["Evaluation", "Monitoring"]  # in the checklist's order
    assert bet["decided_by"] == "Dana Whitfield"
    ballots = json.loads(saved)["voting"]["ballots"]
    assert sorted(b["voter"] for b in ballots) == ["Dana Whitfield", "Priya Raman"]

    page.get_by_text("The commitment card", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "07_single_bet.png"), full_page=False)


# Everything a person scrolls sideways inside the form, and every control that sticks out of
# it, at the resolution of a common laptop or projector.
OVERFLOW_JS = (
    """
(form) => {
  const edge = form.getBoundingClientRect().right + 1;
  const found = [];
  for (const el of [form, ...form.querySelectorAll('*')]) {
    if (el.matches('"""
    + FOR_SCREEN_READERS
    + """')) continue;  // clipped on purpose
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const scrolls = ['auto', 'scroll'].includes(style.overflowX);
    if (scrolls && el.scrollWidth > el.clientWidth + 1) {
      found.push('scrolls sideways: ' + el.tagName + '.' + el.className + ' in '
        + el.parentElement.className + ' ' + el.scrollWidth + '>' + el.clientWidth);
    }
    const label = el.classList.contains('widget-label');
    const cut = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    if (label && el.textContent && cut) {
      found.push('clipped: ' + el.textContent);
    }
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > edge) {
      found.push('sticks out: ' + el.tagName + '.' + el.className + ' '
        + (el.textContent || '').slice(0, 40));
    }
  }
  return found.slice(0, 10);
}
"""
)


def test_a_reopened_notebook_shows_the_decision_and_keeps_it(
    page, lab: LabServer, shared_bet, screenshot_dir
):
    """The reported bug: reopened after the decision, step 7 said 'No bet yet' above the
    complete card, and confirming then erased the bet. Checked at 1366×768."""
    path, _ = shared_bet

    def history(workshop: Workshop) -> None:
        """A change and a change back, something to explore and a long name: what must fit."""
        decide(workshop, OTHER, "Priya Raman", DAY, [])
        decide(workshop, BET, "Dana Whitfield", DAY, [BET, OTHER])
        workshop.initiatives.append(Initiative(name=LONG, stage=Stage.PILOT))
        workshop.bet.explore_next.append(
            ExploreItem(question="Measure how long a broker waits for a claims answer", by=DAY)
        )

    store.edit(path, history, "history")
    page.set_viewport_size({"width": 1366, "height": 768})
    open_and_run(page, lab, NOTEBOOK)
    decided = page.get_by_text(f"Decided: {BET}")
    decided.wait_for(timeout=120_000)
    decided.scroll_into_view_if_needed()
    expect(page.get_by_text("Decided by Dana Whitfield on 18 Nov 2026").first).to_be_visible()
    expect(page.get_by_text("✓ complete")).to_be_visible()
    assert page.locator(".widget-dropdown", has_text="Our bet").count() == 0

    page.get_by_role("button", name="Change the decision").click()
    choice = labelled(page, "Our bet", ".widget-dropdown", "select")
    expect(choice).to_have_value(BET)
    expect(labelled(page, "Decided by")).to_have_value("Dana Whitfield")
    before = _bet(path.read_bytes())
    page.get_by_role("button", name="Confirm the decision").click()
    expect(page.get_by_text(f"decision confirmed: {BET}")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Change the decision")).to_be_visible()
    assert _bet(path.read_bytes()) == before

    form = page.locator(".gaptools-form").first
    expect(page.get_by_text(f"{OTHER}: decided by Priya Raman on 18 Nov 2026")).to_be_visible()
    assert form.evaluate(OVERFLOW_JS) == []
    shots = {
        "ballot": page.locator("label.widget-label", has_text=LONG),
        "decision": page.get_by_text("Earlier decisions", exact=True),
        "explore": page.get_by_text("If there is no bet yet", exact=True),
    }
    for part, seen in shots.items():
        seen.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / f"07_single_bet_{part}_1366.png"))
