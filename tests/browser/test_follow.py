"""Open forms follow the workshop file: a save made elsewhere (another notebook, a leader's
kernel, the command line) shows up in JupyterLab without anybody clicking anything.

The saves here are made by the test process with ``store.edit``, exactly as another kernel or
``gaptools import-portfolio`` makes them. The shared example copy is put back afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gaptools.core.model import Initiative, Workshop
from gaptools.core.resources import EXAMPLE_WORKSHOP, data_file
from gaptools.files import store
from gaptools.files.home import CURRENT_FILE, EXAMPLE_COPY
from gaptools.files.store import atomic_write, backup_path
from tests.bets import KILL, commit
from tests.browser.conftest import LabServer, labelled, open_and_run

FOLLOWS = 15_000  # ms: far above the 2 s a form takes, so a busy machine does not fail it


@pytest.fixture
def shared_workshop(lab: LabServer) -> Iterator[Path]:
    """The example copy every notebook opens, holding a complete bet during the test; the
    files it touches are put back as they were afterwards (or removed)."""
    path = lab.home / EXAMPLE_COPY
    touched = [path, backup_path(path), lab.home / CURRENT_FILE]
    before = {p: p.read_bytes() if p.is_file() else None for p in touched}
    workshop = store.load(data_file(EXAMPLE_WORKSHOP))
    store.save(store.revalidate(commit(workshop)), path)
    atomic_write(lab.home / CURRENT_FILE, json.dumps({"path": str(path.resolve())}).encode())
    try:
        yield path
    finally:
        for p, content in before.items():
            if content is None:
                p.unlink(missing_ok=True)
            else:
                atomic_write(p, content)


def test_the_export_preview_follows_kill_criteria_saved_elsewhere(
    page, lab: LabServer, shared_workshop: Path
) -> None:
    open_and_run(page, lab, "notebooks/10_export.ipynb")
    preview = page.locator(".bet-canvas")
    expect(preview).to_contain_text(KILL, timeout=120_000)

    changed = "Claims intake above 15 minutes after six weeks"

    def kill_criteria(workshop: Workshop) -> None:
        workshop.bet.kill_criteria = changed

    store.edit(shared_workshop, kill_criteria, "Kill criteria")
    expect(preview).to_contain_text(changed, timeout=FOLLOWS)
    expect(preview).not_to_contain_text(KILL)


def test_the_value_picker_follows_an_initiative_added_elsewhere(
    page, lab: LabServer, shared_workshop: Path
) -> None:
    open_and_run(page, lab, "notebooks/03_define_value.ipynb")
    picker = labelled(page, "Initiative", ".widget-dropdown", "select")
    expect(picker.locator("option", has_text="Claims intake copilot")).to_have_count(1)

    added = "Subrogation recovery assistant"
    store.edit(shared_workshop, lambda w: w.initiatives.append(Initiative(name=added)), "add")
    expect(picker.locator("option", has_text=added)).to_have_count(1, timeout=FOLLOWS)


def test_the_preview_follows_the_file_under_voila(
    page, lab: LabServer, shared_workshop: Path
) -> None:
    """Executives see the same: Voilà runs the form in the same kind of kernel."""
    page.goto(lab.address("/voila/render/notebooks/10_export.ipynb"))
    preview = page.locator(".bet-canvas")
    expect(preview).to_contain_text(KILL, timeout=120_000)

    changed = "No fewer complaints by the second debrief"
    store.edit(shared_workshop, lambda w: setattr(w.bet, "kill_criteria", changed), "Kill")
    expect(preview).to_contain_text(changed, timeout=FOLLOWS)
