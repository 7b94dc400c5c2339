"""The room lowers the quarter's capacity: an initiative drops below the line, the file follows."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import LabServer, labelled, open_and_run, wait_for_file
from tests.support import part_of

NOTEBOOK = "notebooks/06_prioritise.ipynb"


def _capacity(raw: bytes) -> float | None:
    return part_of(raw, "settings", "capacity_weeks")


def test_lowering_capacity_moves_the_line(page, lab: LabServer, screenshot_dir):
    open_and_run(page, lab, NOTEBOOK)
    capacity = labelled(page, "Capacity (person-weeks)")
    workshop = lab.home / "example-workshop.json"
    wait_for_file(workshop, lambda raw: _capacity(raw) == 40)
    # At 40 weeks four candidates fit (8 + 10 + 11 + 7 = 36); the fifth (5 more) does not.
    expect(page.get_by_text("4 initiatives fit in 40 person-weeks")).to_be_visible(timeout=60_000)
    row = page.locator("tr", has_text="Subrogation recovery finder").first
    expect(row).to_contain_text("above")

    capacity.fill("30")
    capacity.press("Enter")

    wait_for_file(workshop, lambda raw: _capacity(raw) == 30)
    # At 30 weeks the first three fit (29); the subrogation finder's 7 weeks would make 36.
    expect(page.get_by_text("3 initiatives fit in 30 person-weeks")).to_be_visible(timeout=30_000)
    expect(row).to_contain_text("below")
    expect(page.locator(".gaptools-status")).to_contain_text("Saved")

    page.get_by_text("The line", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "06_prioritise.png"), full_page=False)


def test_a_weight_slider_shows_where_the_keyboard_is(page, lab: LabServer) -> None:
    """A slider's handle took the focus with no ring (its dot only turned blue): a keyboard
    user moving the weights could not see which one the arrow keys would move."""
    open_and_run(page, lab, NOTEBOOK)
    handle = page.locator(".gaptools-form .noUi-handle").first
    expect(handle).to_be_attached(timeout=60_000)
    handle.scroll_into_view_if_needed()
    page.keyboard.press("Escape")  # the keyboard is in use: focus shows as it does for a key
    handle.focus()
    ring = handle.evaluate(
        "(e) => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]"
    )
    assert ring == ["solid", "3px"]
