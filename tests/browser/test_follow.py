"""Open forms follow the workshop file: a save made elsewhere (another notebook, a leader's
kernel, the command line) shows up in JupyterLab without anybody clicking anything.

The saves here are made by the test process with ``store.edit``, exactly as another kernel or
``gaptools import-portfolio`` makes them. The shared example copy is put back afterwards.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from gaptools.core.model import Initiative, Workshop
from gaptools.files import store
from tests.browser.conftest import LabServer, labelled, open_and_run
from tests.support import KILL

FOLLOWS = 15_000  # ms: far above the 2 s a form takes, so a busy machine does not fail it


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


def test_text_typed_for_an_initiative_removed_elsewhere_is_not_saved_into_another(
    page, lab: LabServer, shared_workshop: Path
) -> None:
    """A leader typed a lead measure for an initiative the facilitator then removed: the form
    moved to the first initiative with the typed text still in the box (both had no second
    lead measure), and Enter saved it there as "✓ Saved". The box now shows the first
    initiative's own (empty) value, and the status line says what went."""
    workshop = store.load(shared_workshop)
    first = workshop.initiatives[0]
    gone = next(i for i in workshop.initiatives[1:] if not i.value.lead_measures[1:])
    assert not first.value.lead_measures[1:]
    open_and_run(page, lab, "notebooks/03_define_value.ipynb")
    picker = labelled(page, "Initiative", ".widget-dropdown", "select")
    option = picker.locator("option", has_text=gone.name).first
    picker.select_option(label=option.inner_text())
    box = labelled(page, "Lead measure 2")
    box.fill("Cases reviewed per week")  # typed, not yet sent

    store.edit(shared_workshop, lambda w: w.initiatives.remove(w.initiative(gone.name)), "rm")
    expect(page.locator(".gaptools-status").first).to_contain_text(
        f"{gone.name} was removed", timeout=FOLLOWS
    )
    expect(box).to_have_value("")
    box.press("Enter")
    page.wait_for_timeout(1500)
    assert (
        store.load(shared_workshop).initiatives[0].value.lead_measures == first.value.lead_measures
    )
