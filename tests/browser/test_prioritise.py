"""The room lowers the quarter's capacity: an initiative drops below the line, the file follows."""

from __future__ import annotations

import pytest
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


def test_on_a_tablet_a_swipe_over_a_weight_leaves_it_and_its_handle_still_moves(
    browser, lab: LabServer, shared_workshop
) -> None:
    """A COO on a tablet swiped the page up with a finger landing on a weight's track: the
    weight jumped to where the finger landed and was saved, far from the ranking it moved.
    The track no longer takes a finger; the handle, larger, still does, and the fields are
    tall enough to tap."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        page.goto(lab.address("/voila/render/notebooks/06_prioritise.ipynb"))
        weight = page.locator(".widget-label").get_by_text("Low effort", exact=True)
        slider = page.locator(".gaptools-form .widget-slider").filter(has=weight)
        handle, readout = slider.locator(".noUi-handle"), slider.locator(".widget-readout")
        expect(handle).to_be_visible(timeout=120_000)
        slider.evaluate("(e) => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(300)
        before, shown = shared_workshop.read_bytes(), readout.inner_text()
        track = slider.locator(".noUi-target").bounding_box()
        knob = handle.bounding_box()
        assert knob["width"] >= 24
        assert knob["height"] >= 24
        session = context.new_cdp_session(page)

        def swipe(x: float, y: float, to_x: float, to_y: float) -> None:
            session.send(
                "Input.dispatchTouchEvent",
                {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]},
            )
            for k in range(1, 13):
                at = {"x": x + (to_x - x) * k / 12, "y": y + (to_y - y) * k / 12}
                session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [at]})
                page.wait_for_timeout(30)
            session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

        # A finger scrolling the page up, landing on the track away from the handle.
        middle, third = track["x"] + track["width"] / 2, track["width"] / 3
        away = 1 if knob["x"] < middle else -1  # towards the emptier side of the track
        x, y = middle + away * third, track["y"] + track["height"] / 2
        swipe(x, y, x, y - 250)
        page.wait_for_timeout(1500)
        assert readout.inner_text() == shown
        assert shared_workshop.read_bytes() == before

        # A finger on the handle, moving it along the track.
        knob = handle.bounding_box()
        x, y = knob["x"] + knob["width"] / 2, knob["y"] + knob["height"] / 2
        swipe(x, y, x + away * third, y)
        expect(readout).not_to_have_text(shown)
        wait_for_file(shared_workshop, lambda raw: raw != before)
        height = labelled(page, "Capacity (person-weeks)").bounding_box()["height"]
        assert height >= 36
    finally:
        context.close()


def low_effort_handle(page, lab: LabServer, where: str):
    """The handle of the last weight, far down step 6, opened on a laptop in ``where``."""
    page.set_viewport_size({"width": 1366, "height": 768})
    if where == "lab":
        open_and_run(page, lab, NOTEBOOK)
    else:
        page.goto(lab.address(f"/voila/render/{NOTEBOOK}"))
    weight = page.locator(".widget-label").get_by_text("Low effort", exact=True)
    handle = (
        page.locator(".gaptools-form .widget-slider").filter(has=weight).locator(".noUi-handle")
    )
    expect(handle).to_be_visible(timeout=120_000)
    return handle


@pytest.mark.parametrize("where", ["voila", "lab"])
def test_the_status_bar_stays_in_sight_of_a_change_far_down_the_form(
    page, lab: LabServer, shared_workshop, where: str
) -> None:
    """A weight moved half a screen below the form's top said "✓ Saved" (and offered Undo)
    a screen and more above it, out of sight on a laptop and a tablet."""
    handle = low_effort_handle(page, lab, where)
    handle.evaluate("(e) => e.scrollIntoView({block: 'center'})")
    handle.focus()
    page.keyboard.press("ArrowRight")
    status = page.locator(".gaptools-status").first
    expect(status).to_contain_text("Saved")
    expect(status).to_contain_text("Low effort")
    bar = page.locator(".gaptools-bar").first.bounding_box()
    assert 0 <= bar["y"] < 768 / 4
    undo = page.get_by_role("button", name="Undo last change").first
    assert undo.bounding_box()["y"] >= 0
    undo.click()  # in sight, and not covered: it takes the click
    expect(status).to_contain_text("undone: Low effort")


def test_a_ranking_wider_than_a_tablet_shows_it_goes_on(page, lab: LabServer) -> None:
    """On a tablet held upright the ranking's last columns were cut ("abov", "belo") with
    nothing to show the table went on: its box now casts a shadow at the edge it scrolls to."""
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(lab.address(f"/voila/render/{NOTEBOOK}"))
    box = page.locator(".gaptools-form .gaptools-blocks", has_text="Stability").first
    expect(box).to_be_visible(timeout=120_000)
    assert box.evaluate("(e) => e.scrollWidth > e.clientWidth")
    shading = box.evaluate("(e) => getComputedStyle(e).backgroundImage")
    assert shading.count("radial-gradient") == 2
    assert "local" in box.evaluate("(e) => getComputedStyle(e).backgroundAttachment")


# Does the focused element lie under the form's bar, which stays at the top of the screen?
UNDER_THE_BAR = """
(head) => {
  const focused = document.activeElement;
  if (!focused || head.contains(focused)) return null;
  const at = focused.getBoundingClientRect(), bar = head.getBoundingClientRect();
  return at.top < bar.bottom - 1 && at.bottom > bar.top + 1 ? focused.outerHTML.slice(0, 80) : null;
}
"""
# Scrolls the page until the focused element sits just below the bar: the one before it, a
# line above, is then under the bar, on the screen though out of sight.
JUST_BELOW_THE_BAR = """
(head) => {
  const focused = document.activeElement;
  let scroller = focused.parentElement;
  while (scroller && !(scroller.scrollHeight > scroller.clientHeight
         && ['auto', 'scroll'].includes(getComputedStyle(scroller).overflowY)))
    scroller = scroller.parentElement;
  scroller = scroller || document.scrollingElement;
  const bar = head.getBoundingClientRect().bottom;
  scroller.scrollBy(0, focused.getBoundingClientRect().top - bar - 4);
}
"""


@pytest.mark.parametrize("where", ["voila", "lab"])
def test_a_field_reached_with_shift_tab_comes_into_view_below_the_bar(
    page, lab: LabServer, shared_workshop, where: str
) -> None:
    """Going back up a form with Shift+Tab focused fields under the bar that stays at the
    top of the screen, and left them there: the keyboard's user could not see where they
    were."""
    handle = low_effort_handle(page, lab, where)
    handle.focus()
    head = page.locator(".gaptools-head").first
    hidden = []
    for _ in range(6):
        head.evaluate(JUST_BELOW_THE_BAR)
        page.wait_for_timeout(150)
        page.keyboard.press("Shift+Tab")
        page.wait_for_timeout(150)
        hidden.append(head.evaluate(UNDER_THE_BAR))
    assert [h for h in hidden if h] == []
