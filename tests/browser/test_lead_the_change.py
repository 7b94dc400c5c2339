"""The pulse at the facilitator's screen: opened, answered by three people passing the laptop,
shown to the room only once the third answer is in; and the form read at 1366×768."""

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
from gaptools.steps import pulse
from tests.browser.conftest import LabServer, open_and_run, wait_for_file
from tests.browser.test_layout import OVERFLOWS
from tests.support import example_workshop, part_of, restored

NOTEBOOK = "notebooks/08_lead_the_change.ipynb"
PRIVATE = "Pass the laptop (private mode)"
THANKS = "✓ Thank you: your answer is sealed."


@pytest.fixture
def no_pulse_yet(lab: LabServer) -> Iterator[Path]:
    """The workshop every notebook opens, with no pulse answer and a closed pulse, put back
    as it was afterwards."""
    path = lab.home / EXAMPLE_COPY
    current = lab.home / CURRENT_FILE
    with restored(path, backup_path(path), current):
        workshop: Workshop = example_workshop()
        workshop.pulse.answers = []
        workshop.pulse.sealed = []
        workshop.pulse.key = ""
        store.save(workshop, path)
        atomic_write(current, json.dumps({"path": str(path.resolve())}).encode())
        yield path


def _pulse(raw: bytes) -> dict:
    return part_of(raw, "pulse", default={})


def _answer(form, scores: tuple[int, int, int], concern: str) -> None:
    for question, score in zip(pulse.QUESTIONS, scores, strict=True):
        words = f"{score} {question.labels[score - 1]}"
        # Radio buttons: a screen reader says which answer is chosen, as toggles never did.
        choice = form.locator(".gaptools-answer .gaptools-across").get_by_role(
            "radio", name=words, exact=True
        )
        choice.check()
        expect(choice).to_be_checked()
    form.locator(".gaptools-answer textarea").fill(concern)
    form.get_by_role("button", name="Send my answer").click()
    expect(form.get_by_text(THANKS)).to_be_visible(timeout=30_000)


def _cleared(form) -> None:
    """Nothing of the last answer is left on the card for the next person."""
    expect(form.locator(".gaptools-answer .gaptools-across input:checked")).to_have_count(0)
    expect(form.locator(".gaptools-answer textarea")).to_have_value("")


def test_three_answers_passing_the_laptop(page, lab: LabServer, no_pulse_yet: Path, screenshot_dir):
    path = no_pulse_yet
    page.set_viewport_size({"width": 1366, "height": 768})
    open_and_run(page, lab, NOTEBOOK)
    form = page.locator(".gaptools-form").first
    form.wait_for(timeout=120_000)
    form.get_by_role("button", name="Open the pulse").click()
    expect(form.get_by_text("Open: collected at this screen.", exact=True)).to_be_visible(
        timeout=30_000
    )
    expect(form.get_by_text("Too few answers to show: 0 so far, 3 needed")).to_be_visible()
    too_few = form.get_by_text("Too few answers to show: 2 so far, 3 needed", exact=False)
    shown = form.get_by_text("How the room answered: 3 answers")
    private = form.get_by_role("button", name=PRIVATE)

    private.click()
    expect(form.get_by_text("The pulse: set up (facilitator)", exact=True)).to_be_hidden()
    expect(form.get_by_text("Leaders' commitments", exact=True)).to_be_hidden()
    expect(form.get_by_text("What the room sees", exact=True)).to_be_hidden()
    for n, scores in enumerate([(4, 3, 2), (5, 2, 2)], 1):
        _answer(form, scores, f"Concern number {n}")
        _cleared(form)
        expect(form.get_by_text(f"{n} answer{'s' if n > 1 else ''} given so far")).to_be_visible()
        raw = wait_for_file(path, lambda raw, n=n: len(_pulse(raw).get("sealed", [])) == n)
        assert _pulse(raw)["answers"] == []
        assert b"Concern number" not in raw
    page.screenshot(path=str(screenshot_dir / "08_lead_the_change_private_1366.png"))

    private.click()  # the facilitator looks: nothing to show yet
    expect(too_few).to_be_visible()
    expect(shown).to_have_count(0)
    private.click()
    _answer(form, (2, 4, 1), "Concern number 3")
    _cleared(form)
    raw = wait_for_file(path, lambda raw: len(_pulse(raw).get("answers", [])) == 3)
    assert _pulse(raw)["sealed"] == []
    private.click()
    expect(shown).to_be_visible(timeout=30_000)
    expect(form.get_by_text("3 answers: 67% feel hopeful or excited", exact=False)).to_be_visible()
    expect(form.get_by_text("The pulse: set up (facilitator)", exact=True)).to_be_visible()

    assert form.evaluate(OVERFLOWS) == []
    for part, seen in {
        "setup": form.get_by_text("The pulse: set up (facilitator)", exact=True),
        "answer": form.get_by_text("Your answer", exact=True),
        "room": shown,
        "leaders": form.get_by_text("Leaders' commitments", exact=True),
        "examples": form.get_by_text("Augmentation examples", exact=True),
        "overview": form.get_by_text("All leaders", exact=True),
    }.items():
        seen.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / f"08_lead_the_change_{part}_1366.png"))


def test_pass_the_laptop_works_under_voila(page, lab: LabServer, no_pulse_yet: Path) -> None:
    """Private mode hides and shows parts of the form with widgets alone: it works where
    there is no JupyterLab around the form."""
    page.goto(lab.address(f"/voila/render/{NOTEBOOK}"))
    form = page.locator(".gaptools-form").first
    expect(form).to_be_attached(timeout=120_000)
    form.get_by_role("button", name="Open the pulse").click()
    expect(form.get_by_text("Open: collected at this screen.", exact=True)).to_be_visible(
        timeout=30_000
    )
    private = form.get_by_role("button", name=PRIVATE)
    private.click()
    expect(form.get_by_text("Leaders' commitments", exact=True)).to_be_hidden()
    _answer(form, (3, 4, 5), "A concern typed in Voilà")
    _cleared(form)
    raw = wait_for_file(no_pulse_yet, lambda raw: len(_pulse(raw).get("sealed", [])) == 1)
    assert b"typed in Vo" not in raw
    private.click()
    expect(form.get_by_text("Leaders' commitments", exact=True)).to_be_visible()
