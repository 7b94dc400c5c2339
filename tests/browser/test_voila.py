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
