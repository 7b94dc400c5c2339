"""The learning log at the facilitator's screen: a cycle logged on an initiative, killed, and
the velocity figures following; the form read at 1366×768."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gaptools.core.model import Workshop
from gaptools.files import store
from gaptools.files.home import CURRENT_FILE, EXAMPLE_COPY
from gaptools.files.store import atomic_write, backup_path
from tests.browser.conftest import LabServer, labelled, open_and_run, wait_for_file
from tests.browser.test_layout import OVERFLOWS
from tests.support import example_workshop, part_of, restored

NOTEBOOK = "notebooks/09_learning_velocity.ipynb"
INITIATIVE = "Customer support assistant"


@pytest.fixture
def no_cycle_yet(lab: LabServer) -> Iterator[Path]:
    """The workshop every notebook opens, with no learning cycle and no maturity rating, put
    back as it was afterwards."""
    path = lab.home / EXAMPLE_COPY
    current = lab.home / CURRENT_FILE
    with restored(path, backup_path(path), current):
        workshop: Workshop = example_workshop()
        for initiative in workshop.initiatives:
            initiative.cycles = []
        workshop.maturity.mode = "named"
        workshop.maturity.ratings = []
        workshop.maturity.sealed = []
        workshop.maturity.key = ""
        store.save(workshop, path)
        atomic_write(current, json.dumps({"path": str(path.resolve())}).encode())
        yield path


def _cycles(raw: bytes) -> list[dict]:
    for initiative in part_of(raw, "initiatives", default=[]):
        if initiative.get("name") == INITIATIVE:
            return initiative.get("cycles", [])
    return []


def _open_form(page, lab: LabServer, showing: str):
    """The form of notebook 09 at a facilitator's laptop size, once it shows ``showing``."""
    page.set_viewport_size({"width": 1366, "height": 768})
    open_and_run(page, lab, NOTEBOOK)
    form = page.locator(".gaptools-form").first
    form.wait_for(timeout=120_000)
    expect(form.get_by_text(showing)).to_be_visible(timeout=60_000)
    return form


def test_a_killed_cycle_moves_the_velocity(
    page, lab: LabServer, no_cycle_yet: Path, screenshot_dir
) -> None:
    path = no_cycle_yet
    form = _open_form(page, lab, "No learning cycle logged yet.")

    picker = labelled(page, "Initiative", ".widget-dropdown", "select")
    picker.select_option(label=f"{INITIATIVE} · 0 cycles")
    expect(form.get_by_text("No cycle logged for this initiative yet.")).to_be_visible()
    form.get_by_role("button", name="Add a cycle").click()
    expect(form.get_by_text("1 cycle logged, 0 decided", exact=False)).to_be_visible(timeout=30_000)
    wait_for_file(path, lambda raw: len(_cycles(raw)) == 1)

    belief = labelled(page, "What we believe", ".widget-textarea", "textarea")
    belief.fill("Suggested answers cut the time to first reply")
    belief.press("Tab")
    learned = labelled(page, "What we learned", ".widget-textarea", "textarea")
    learned.fill("Tom forgot to load the knowledge base")
    learned.press("Tab")
    expect(form.get_by_text("'forgot to' points at people", exact=False)).to_be_visible(
        timeout=30_000
    )
    raw = wait_for_file(path, lambda raw: _cycles(raw)[0].get("learned", "").startswith("Tom"))
    assert _cycles(raw)[0]["belief"].startswith("Suggested answers")

    decision = labelled(page, "Decision", ".widget-dropdown", "select")
    decision.select_option(label="✕ Kill")
    expect(form.get_by_text("1 cycle logged, 1 decided", exact=False)).to_be_visible(timeout=30_000)
    expect(form.get_by_text("1 kill and 0 pivots", exact=False)).to_be_visible()
    raw = wait_for_file(path, lambda raw: _cycles(raw)[0].get("decision") == "kill")
    assert _cycles(raw)[0]["decided_on"]

    assert form.evaluate(OVERFLOWS) == []
    for part, seen in {
        "log": form.get_by_text("The learning log", exact=True),
        "debrief": form.get_by_text("When it ends: the debrief", exact=False),
        "velocity": form.get_by_text("How fast we learn", exact=True),
        "timeline": form.locator(".gaptools-timeline"),
        "maturity": form.get_by_text("Execution maturity", exact=True),
    }.items():
        seen.first.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / f"09_learning_velocity_{part}_1366.png"))


def test_a_named_rating_draws_the_radar(
    page, lab: LabServer, no_cycle_yet: Path, screenshot_dir
) -> None:
    path = no_cycle_yet
    form = _open_form(page, lab, "No maturity rating yet.")
    rater = labelled(page, "Rated by", ".widget-inline-hbox", "input")
    rater.fill("Dana Whitfield")
    rater.press("Tab")
    scales = form.locator(".gaptools-maturity .gaptools-across")
    expect(scales).to_have_count(6)
    for n, score in enumerate((2, 3, 4, 2, 3, 4)):
        scales.nth(n).get_by_role("radio", name=str(score), exact=True).check()
    form.get_by_role("button", name="Save my rating").click()
    expect(form.get_by_text("Your rating is saved", exact=False)).to_be_visible(timeout=30_000)
    raw = wait_for_file(path, lambda raw: len(part_of(raw, "maturity", "ratings", default=[])))
    [rating] = part_of(raw, "maturity", "ratings")
    assert rating["rater"] == "Dana Whitfield"
    radar = form.locator(".gaptools-radar")
    expect(radar).to_be_visible(timeout=30_000)
    form.get_by_role("button", name="Make the radar PNG (slides)").click()
    expect(form.get_by_role("link", name="Radar as PNG")).to_be_visible(timeout=30_000)
    expect(form.locator(".gaptools-maturity .gaptools-across input:checked")).to_have_count(0)
    assert form.evaluate(OVERFLOWS) == []
    radar.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "09_learning_velocity_radar_1366.png"))
    scales.first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "09_learning_velocity_rating_1366.png"))
