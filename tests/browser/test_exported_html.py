"""The exported report opened in a real browser: the bet sentence shows, user text never runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import expect

from gaptools.core.model import Workshop
from gaptools.export import export
from gaptools.files import store
from gaptools.steps.value import value_sentence

BET = "Claims intake copilot"


def test_report_shows_the_bet_and_runs_no_user_script(page, tmp_path: Path) -> None:
    workshop: Workshop = store.load(Path(__file__).parents[2] / "data" / "example_workshop.json")
    workshop.bet.initiative = BET
    workshop.bet.decided_by = "Dana Whitfield"
    workshop.bet.decided_on = dt.date(2026, 11, 18)
    for initiative, name in zip(
        workshop.initiatives[1:],
        ["<script>window.pwned = 1; alert('x')</script>", "<img src=x onerror=alert(2)>"],
        strict=False,
    ):
        initiative.name = name
    workshop = store.revalidate(workshop)
    report = tmp_path / "report.html"
    report.write_bytes(export(workshop, "html"))

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(report.as_uri())
    sentence = value_sentence(workshop.initiative(BET).value)
    expect(page.get_by_text(sentence).first).to_be_visible()
    expect(page.get_by_text("<script>window.pwned = 1; alert('x')</script>").first).to_be_visible()
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.evaluate("typeof window.pwned") == "undefined"
