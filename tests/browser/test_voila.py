"""Every notebook also works for executives: served by Voilà, code hidden, form shown."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import REPO, LabServer
from tests.test_example import unphrased_run_instructions

NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
READ_ONLY = "11_rollup.ipynb"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_renders_its_form_under_voila(page, lab: LabServer, notebook: str) -> None:
    page.goto(lab.address(f"/voila/render/notebooks/{notebook}"))
    form = page.locator(".gaptools-form").first
    expect(form).to_be_attached(timeout=120_000)
    if notebook != READ_ONLY:  # the roll-up reads many workshops and edits none
        expect(page.locator(".gaptools-status").first).to_contain_text("Editing")
    body = page.locator("body").inner_text()
    assert "Traceback" not in body
    assert ".show()" not in body  # the code cell is hidden
    # Nothing to run here: any instruction to run a cell says it is for JupyterLab.
    lines = body.replace("\n", "\n\n")
    assert unphrased_run_instructions(lines) == []
    assert "Shift + Enter" not in body  # JupyterLab's line, hidden here: no cell to run
    assert page.evaluate(UNNAMED) == []
    assert page.evaluate(UNNAMED_BUTTONS) == []


#: Every field on show that a screen reader could not name: by a label's words or an
#: aria-label, never by a title (Chromium named a table's fields by their empty labels, and
#: steps 01 and 04 had 96 and 185 fields it read only as "combo box, R").
UNNAMED = """() => [...document.querySelectorAll(
    '.gaptools-form input, .gaptools-form select, .gaptools-form textarea')]
  .filter(e => e.offsetParent !== null && e.type !== 'hidden' && e.type !== 'file')
  .filter(e => !([...(e.labels || [])].map(l => l.textContent.trim()).join('')
                 || e.getAttribute('aria-label')))
  .map(e => e.outerHTML.slice(0, 120))"""


#: Every button on show with no words of its own: Chromium names such a button by its icon's
#: glyph (a private-use character), not by its title; step 0's agenda had three a line.
UNNAMED_BUTTONS = """() => [...document.querySelectorAll('.gaptools-form button')]
  .filter(e => e.offsetParent !== null)
  .filter(e => !/[A-Za-z0-9]/.test(e.textContent) && !e.getAttribute('aria-label'))
  .map(e => e.outerHTML.slice(0, 120))"""


def test_an_icon_alone_shows_where_its_words_are_out_of_sight(page, lab: LabServer) -> None:
    """Step 0's agenda arrows and bin: named for a screen reader, drawn as an icon in a box
    no wider than before, and the words nowhere to be seen."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(lab.address("/voila/render/notebooks/00_start_here.ipynb"))
    up = page.get_by_role("button", name=re.compile(r"Move '.+' up$")).first
    expect(up).to_be_visible(timeout=120_000)
    box = up.bounding_box()
    assert box is not None
    assert box["width"] <= 40
    colour = up.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgba(0, 0, 0, 0)"
    icon = up.locator("i")
    assert icon.evaluate("e => getComputedStyle(e).color") != colour


def test_the_keyboard_focus_is_plain_to_see(page, lab: LabServer) -> None:
    """A field reached with Tab was marked only by its border turning a faint blue."""
    page.goto(lab.address("/voila/render/notebooks/03_define_value.ipynb"))
    expect(page.locator(".gaptools-form").first).to_be_attached(timeout=120_000)
    page.locator(".gaptools-form select").first.focus()
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] == "solid"
    assert outline[1] >= 2


def test_an_icon_alone_keeps_its_words_unseen_in_high_contrast(page, lab: LabServer) -> None:
    """A high contrast mode gives all text its own colour, which showed the clipped words."""
    page.emulate_media(forced_colors="active")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(lab.address("/voila/render/notebooks/00_start_here.ipynb"))
    up = page.get_by_role("button", name=re.compile(r"Move '.+' up$")).first
    expect(up).to_be_visible(timeout=120_000)
    assert up.evaluate("e => getComputedStyle(e).color") == "rgba(0, 0, 0, 0)"
    assert up.locator("i").evaluate("e => getComputedStyle(e).color") != "rgba(0, 0, 0, 0)"


def test_a_page_whose_kernel_has_stopped_says_so(page, lab: LabServer) -> None:
    """Step 3 served by Voilà, its kernel then stopped (as a server restart or a crash does):
    the form looked as before, "✓ Saved" in its bar, while what was typed went nowhere."""
    before = _kernels(lab)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(lab.address("/voila/render/notebooks/03_define_value.ipynb"))
    expect(page.locator(".gaptools-status").first).to_contain_text("Editing", timeout=120_000)
    lost = page.locator(".gaptools-lost").first
    expect(lost).to_be_hidden()
    for kernel in _kernels(lab) - before:
        _request(lab, f"/api/kernels/{kernel}", "DELETE")
    expect(lost).to_be_visible(timeout=90_000)
    expect(lost).to_contain_text("heard nothing from its server")
    assert lost.bounding_box()["width"] <= 1366


def _kernels(lab: LabServer) -> set[str]:
    return {k["id"] for k in json.loads(_request(lab, "/api/kernels", "GET"))}


def _request(lab: LabServer, path: str, method: str) -> bytes:
    request = urllib.request.Request(
        f"{lab.url}{path}", method=method, headers={"Authorization": f"token {lab.token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.read()
