"""A workshop of two hundred initiatives in a real browser: the long tables of steps 1, 4 and 6
appear (a page at a time) instead of "Error displaying widget: model not found", and the
pager turns the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gaptools.files import store
from gaptools.files.home import CURRENT_FILE
from gaptools.files.store import atomic_write
from gaptools.files.synthetic import synthetic_workshop
from gaptools.ui.kit import PAGE_ROWS
from tests.browser.conftest import LabServer, open_and_run
from tests.support import restored

COUNT = 200


@pytest.fixture
def large(lab: LabServer) -> Iterator[Path]:
    path = lab.home / "large-workshop.json"
    current = lab.home / CURRENT_FILE
    with restored(current):
        store.save(synthetic_workshop(COUNT), path)
        atomic_write(current, json.dumps({"path": str(path.resolve())}).encode())
        yield path


@pytest.mark.parametrize("notebook", ["01_portfolio", "04_ownership", "06_prioritise"])
def test_a_long_table_appears_a_page_at_a_time(
    page, lab: LabServer, large: Path, notebook: str
) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    workshop = store.load(large)
    # Step 6 lists only what is still to rank: the ideas, pilots and stalled initiatives.
    listed = workshop.in_play() if notebook == "06_prioritise" else workshop.initiatives
    names, count = [i.name for i in listed], len(listed)
    open_and_run(page, lab, f"notebooks/{notebook}.ipynb")
    form = page.locator(".gaptools-form").first
    expect(form).to_be_visible(timeout=120_000)
    pager = form.locator(".gaptools-pager").first
    expect(pager).to_contain_text(f"Initiatives 1–{PAGE_ROWS} of {count}", timeout=60_000)
    assert "model not found" not in page.locator("body").inner_text()
    pager.get_by_role("button", name="Next").click()
    expect(pager).to_contain_text(f"Initiatives {PAGE_ROWS + 1}–{2 * PAGE_ROWS} of {count}")
    page.wait_for_function(
        SHOWN,
        arg=[names[PAGE_ROWS], names[0]],
        timeout=30_000,
    )


#: The table shows the first name of the second page (in a field or as text) and no longer
#: the first page's first name.
SHOWN = """([wanted, gone]) => {
  const form = document.querySelector('.gaptools-form');
  const values = [...form.querySelectorAll('input')].map((i) => i.value);
  const names = [...form.querySelectorAll('.gaptools-grid-row, .widget-hbox')]
    .map((row) => row.innerText);
  const has = (name) => values.includes(name) || names.some((t) => t.split('\\n').includes(name));
  return has(wanted) && !has(gone);
}"""
