"""A facilitator opens the start notebook, runs it, types a team name: the file changes."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from gaptools.files.store import backup_path
from tests.browser.conftest import LabServer, labelled, open_and_run, wait_for_file
from tests.support import part_of, restored

NOTEBOOK = "notebooks/00_start_here.ipynb"


def _team(raw: bytes) -> str | None:
    return part_of(raw, "meta", "team")


def test_typing_a_team_name_in_jupyterlab_saves_the_workshop(page, lab: LabServer, screenshot_dir):
    open_and_run(page, lab, NOTEBOOK)
    team = labelled(page, "Team")
    workshop = lab.home / "example-workshop.json"
    before = wait_for_file(workshop, lambda raw: _team(raw) is not None)
    assert _team(before) == "Claims and Customer Operations leadership"

    team.fill("Risk and Finance leadership")
    team.press("Enter")

    after = wait_for_file(workshop, lambda raw: _team(raw) == "Risk and Finance leadership")
    assert after != before
    expect(page.locator(".gaptools-status")).to_contain_text("Saved", timeout=30_000)
    assert (lab.home / "example-workshop.json.bak").read_bytes() == before

    assert page.get_by_text("official Jupyter news").count() == 0

    # The README's picture: the example's own team again, from "About the session" down (the
    # line above it shows where this run keeps its files, a test's folder).
    team.fill("Claims and Customer Operations leadership")
    team.press("Enter")
    wait_for_file(workshop, lambda raw: _team(raw) == "Claims and Customer Operations leadership")
    heading = page.get_by_role("heading", name="About the session")
    heading.evaluate("element => element.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(screenshot_dir / "00_start_here.png"), full_page=False)


def test_voila_serves_the_start_form_without_code(page, lab: LabServer):
    page.goto(lab.address(f"/voila/render/{NOTEBOOK}"))
    organisation = labelled(page, "Organisation")
    assert page.locator("text=start.show()").count() == 0

    organisation.fill("Northwind Cooperative")
    organisation.press("Tab")

    workshop = lab.home / "example-workshop.json"
    saved = wait_for_file(workshop, lambda raw: b'"organisation": "Northwind Cooperative"' in raw)
    assert json.loads(saved)["meta"]["organisation"] == "Northwind Cooperative"


def test_enter_adds_the_participant_typed_in_voila(page, lab: LabServer):
    """Name, Tab, role, Enter: the leader is listed and saved, as with the button. Only a
    browser sends the key's own message, so only a browser shows that it is heard."""
    workshop = lab.home / "example-workshop.json"
    page.goto(lab.address(f"/voila/render/{NOTEBOOK}"))
    name = page.get_by_label("New participant's name")
    name.wait_for()
    wait_for_file(workshop, lambda raw: _team(raw) is not None)
    with restored(workshop, backup_path(workshop)):
        name.fill("Noor Haddad")
        name.press("Tab")
        page.keyboard.type("Chief People Officer")
        page.keyboard.press("Enter")

        def added(raw: bytes) -> bool:
            people = part_of(raw, "meta", "participants", default=[])
            return any(p["name"] == "Noor Haddad" for p in people)

        people = json.loads(wait_for_file(workshop, added))["meta"]["participants"]
        assert people[-1]["role"] == "Chief People Officer"
        expect(name).to_have_value("")
        page.wait_for_function(  # listed in a row of its own
            "() => [...document.querySelectorAll('input')].some(e => e.value === 'Noor Haddad')"
        )


def test_the_open_list_in_voila_offers_only_workshops(page, lab: LabServer):
    """An export and a JSON that is not a workshop, beside the workshops, are not offered."""
    workshop = lab.home / "example-workshop.json"
    wait_for_file(workshop, lambda raw: _team(raw) is not None)
    strays = [lab.home / "example-workshop-export.json", lab.home / "notes.json"]
    strays[0].write_bytes(workshop.read_bytes())
    strays[1].write_text('{"agenda": "coffee first"}', encoding="utf-8")
    try:
        page.goto(lab.address(f"/voila/render/{NOTEBOOK}"))
        files = labelled(page, "Open", ".widget-dropdown", "select")
        offered = files.locator("option").all_inner_texts()
        assert "example-workshop.json" in offered
        assert not {p.name for p in strays} & set(offered)
    finally:
        for stray in strays:
            stray.unlink(missing_ok=True)


def test_an_agenda_item_moved_with_the_keyboard_keeps_the_focus_in_voila(page, lab: LabServer):
    """Enter on "Move 'Break' up" moved it and left the focus nowhere (on the page itself):
    moving an item three places meant finding its arrow three times."""
    workshop = lab.home / "example-workshop.json"
    page.goto(lab.address(f"/voila/render/{NOTEBOOK}"))
    arrow = page.get_by_role("button", name="Move 'Break' up")
    arrow.wait_for()
    wait_for_file(workshop, lambda raw: _team(raw) is not None)

    def place(raw: bytes) -> int:
        titles = [i["title"] for i in part_of(raw, "meta", "agenda", default=[])]
        return titles.index("Break") if "Break" in titles else -1

    with restored(workshop, backup_path(workshop)):
        start = place(workshop.read_bytes())
        arrow.focus()
        page.keyboard.press("Enter")
        wait_for_file(workshop, lambda raw: place(raw) == start - 1)
        # The list is drawn again in its new order first, then the status line, then the
        # focus comes back: the arrow had the focus before the redraw too.
        expect(page.locator(".gaptools-status").first).to_contain_text("moved 'Break' up")
        expect(arrow).to_be_focused()
        page.keyboard.press("Enter")  # the same arrow again, without looking for it
        wait_for_file(workshop, lambda raw: place(raw) == start - 2)
