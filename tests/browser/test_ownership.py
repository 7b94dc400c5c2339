"""A facilitator gives an unowned initiative its owner: its findings go, the file follows."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import LabServer, open_and_run, wait_for_file
from tests.support import part_of

NOTEBOOK = "notebooks/04_ownership.ipynb"
CHOSEN = "Subrogation recovery finder"


def _ownership(raw: bytes) -> dict:
    initiatives = part_of(raw, "initiatives", default=[])
    return next((i["ownership"] for i in initiatives if i["name"] == CHOSEN), {})


def test_naming_an_owner_clears_the_findings(page, lab: LabServer, screenshot_dir):
    open_and_run(page, lab, NOTEBOOK)
    workshop = lab.home / "example-workshop.json"
    wait_for_file(workshop, lambda raw: bool(_ownership(raw)) or b"initiatives" in raw)
    findings = page.locator(".gaptools-gaps").first
    expect(findings).to_contain_text(f"{CHOSEN}: no function is accountable", timeout=120_000)

    name_cell = page.locator(".widget-html", has_text=re.compile(f"^{CHOSEN}$"))
    row = page.locator(".widget-hbox", has=name_cell).first
    row.scroll_into_view_if_needed()
    person = row.locator("input[placeholder='name']")
    person.fill("Marcus Lee")
    person.press("Enter")
    # A letter menu has no caption: its function's name is its tooltip, the title of the menu.
    row.get_by_label("Product", exact=True).select_option("A")
    row.get_by_label("Data science", exact=True).select_option("R")

    saved = wait_for_file(
        workshop, lambda raw: _ownership(raw).get("raci", {}).get("Data science") == "R"
    )
    assert _ownership(saved)["accountable"] == "Marcus Lee"
    assert _ownership(saved)["raci"]["Product"] == "A"
    expect(findings).not_to_contain_text(CHOSEN, timeout=30_000)
    expect(page.locator(".gaptools-status")).to_contain_text("Saved")

    findings.scroll_into_view_if_needed()
    # The lines of a long list are drawn once they are on screen, a frame or more after it
    # scrolls there (content-visibility): the picture waits for the first of them.
    page.wait_for_function(DRAWN, arg=".gaptools-gaps li")
    page.screenshot(path=str(screenshot_dir / "04_ownership.png"), full_page=False)


DRAWN = """(selector) => document.querySelector(selector)
  .checkVisibility({contentVisibilityAuto: true})"""


def test_letters_typed_on_a_menu_choose_and_never_edit_the_notebook(page, lab: LabServer):
    """In JupyterLab a key pressed on a menu went to the notebook's shortcuts: "r", the way
    to choose R, turned the form's cell into a raw cell, and "d d" deleted it."""
    open_and_run(page, lab, NOTEBOOK)
    name_cell = page.locator(".widget-html", has_text=re.compile(f"^{CHOSEN}$"))
    row = page.locator(".widget-hbox", has=name_cell).first
    row.scroll_into_view_if_needed()
    menu = row.get_by_label("Security", exact=True)
    expect(menu).to_have_value("")
    cells = page.locator(".jp-Notebook .jp-Cell").count()
    menu.focus()
    page.keyboard.press("r")
    page.keyboard.press("d")
    page.keyboard.press("d")
    expect(menu).to_have_value("R")  # "d d" is no letter of the menu: R stays chosen
    assert page.locator(".jp-RawCell").count() == 0
    assert page.locator(".jp-Notebook .jp-Cell").count() == cells
    workshop = lab.home / "example-workshop.json"
    wait_for_file(workshop, lambda raw: _ownership(raw).get("raci", {}).get("Security") == "R")
    # "i" chose nothing (a first "i" of "interrupt the kernel"), and "0 0" asked to restart
    # the kernel, its button already focused for the next Enter.
    page.wait_for_timeout(1200)  # the menu's type-ahead forgets "r d d"
    page.keyboard.press("i")
    expect(menu).to_have_value("I")
    page.keyboard.press("0")
    page.keyboard.press("0")
    page.wait_for_timeout(500)
    assert page.locator(".jp-Dialog").count() == 0
    wait_for_file(workshop, lambda raw: _ownership(raw).get("raci", {}).get("Security") == "I")
    menu.select_option("")  # as the other tests found it
    wait_for_file(workshop, lambda raw: not _ownership(raw).get("raci", {}).get("Security"))
