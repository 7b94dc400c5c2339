"""Every notebook also works for executives: served by Voilà, code hidden, form shown."""

from __future__ import annotations

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
    assert "Shift + Enter" not in body or "In JupyterLab" in body
    assert page.evaluate(UNNAMED) == []


#: Every field on show that a screen reader could not name: by a label's words or an
#: aria-label, never by a title (Chromium named a table's fields by their empty labels, and
#: steps 01 and 04 had 96 and 185 fields it read only as "combo box, R").
UNNAMED = """() => [...document.querySelectorAll(
    '.gaptools-form input, .gaptools-form select, .gaptools-form textarea')]
  .filter(e => e.offsetParent !== null && e.type !== 'hidden' && e.type !== 'file')
  .filter(e => !([...(e.labels || [])].map(l => l.textContent.trim()).join('')
                 || e.getAttribute('aria-label')))
  .map(e => e.outerHTML.slice(0, 120))"""


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
