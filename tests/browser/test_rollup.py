"""The office's roll-up in a real browser: a folder typed, the teams' table sorted, one team's
own report made and downloaded, at a facilitator's 1366×768."""

from __future__ import annotations

import base64
from pathlib import Path

from playwright.sync_api import expect

from gaptools.core.text import plural
from tests.browser.conftest import LabServer, labelled, open_and_run
from tests.browser.test_layout import OVERFLOWS, _extra
from tests.support import another_team, example_workshop, written

NOTEBOOK = "notebooks/11_rollup.ipynb"
#: Teams as an office finds them: nested folders, one team's name with markup in it.
TEAMS = {
    "claims/claims.json": "Claims operations",
    "pricing/pricing.json": "Pricing & underwriting <EMEA>",
    "service.json": "Customer service",
}


def _teams(folder: Path) -> Path:
    for relative, team in TEAMS.items():
        workshop = another_team(example_workshop(), team)
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        written(workshop, path)
    (folder / "notes.json").write_text('{"not": "a workshop"}')
    return folder


def test_the_office_rolls_up_a_folder_and_opens_a_teams_report(
    page, lab: LabServer, tmp_path: Path, screenshot_dir
) -> None:
    shared = _teams(tmp_path / "shared")
    page.set_viewport_size({"width": 1366, "height": 768})
    open_and_run(page, lab, NOTEBOOK)
    form = page.locator(".gaptools-form").first
    form.wait_for(timeout=120_000)

    folder = labelled(page, "Folder")
    folder.fill(str(shared))
    folder.press("Enter")
    form.get_by_role("button", name="Roll up").click()
    expect(form.get_by_text(f"✓ Rolled up {plural(len(TEAMS), 'team')} from")).to_be_visible(
        timeout=60_000
    )
    table = form.locator(".gaptools-rollup-table table").first
    expect(table.locator("tbody tr")).to_have_count(len(TEAMS))
    # the name with markup is shown as the text typed, never as markup
    expect(table.get_by_text(TEAMS["pricing/pricing.json"], exact=True)).to_be_visible()
    expect(form.get_by_text("notes.json", exact=False).first).to_be_attached()

    labelled(page, "Sort by", ".widget-dropdown", "select").select_option(label="Team")
    first_cells = table.locator("tbody tr td:first-child")
    expect(first_cells).to_have_text(sorted(TEAMS.values()))
    form.get_by_role("button", name="Ascending").click()
    expect(first_cells).to_have_text(sorted(TEAMS.values(), reverse=True))

    labelled(page, "Team", ".widget-dropdown", "select").select_option(label="Customer service")
    form.get_by_role("button", name="Make its report").click()
    link = form.get_by_role("link", name="Customer service: report (HTML)")
    expect(link).to_be_visible(timeout=60_000)
    assert link.get_attribute("download") == "Customer-service-report.html"  # named for the team
    report = base64.b64decode(link.get_attribute("href").split(",", 1)[1]).decode("utf-8")
    assert "Customer service" in report
    expect(form.get_by_role("link", name="Roll-up report (HTML)")).to_be_attached()
    expect(form.get_by_role("link", name="Roll-up (Excel)")).to_be_attached()

    assert form.evaluate(OVERFLOWS) == []
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "11_rollup_1366.png"))


def test_the_teams_table_takes_the_width_voila_gives_it(
    page, lab: LabServer, tmp_path: Path, screenshot_dir
) -> None:
    """At 1366×768 in Voilà the table kept to the forms' reading width, 930 pixels: "Stalled
    initiatives, by reason" wrapped to seven lines, three teams filled a screen and a third of
    it stayed blank. A table is read across, not as prose."""
    shared = _teams(tmp_path / "shared")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(lab.address("/voila/render/notebooks/11_rollup.ipynb"))
    form = page.locator(".gaptools-form").first
    form.wait_for(timeout=120_000)
    folder = labelled(page, "Folder")
    folder.fill(str(shared))
    form.get_by_role("button", name="Roll up").click()
    expect(form.get_by_text(f"✓ Rolled up {plural(len(TEAMS), 'team')} from")).to_be_visible(
        timeout=60_000
    )
    table = form.locator(".gaptools-rollup-table table").first
    table.scroll_into_view_if_needed()
    width = table.bounding_box()["width"]
    assert width > 1150, width
    reasons = table.locator("tbody tr").first.locator("td").nth(6)
    assert reasons.bounding_box()["height"] < 80  # three reasons, not seven lines
    assert form.evaluate(OVERFLOWS) == []
    page.screenshot(path=str(_extra(screenshot_dir) / "11_rollup_voila_1366.png"))
    # Every column: squeezed into the form, "Still missing" was 105 pixels wide and each
    # team's row 726 pixels tall. The table keeps its columns readable and scrolls instead.
    form.get_by_text("Every column", exact=True).click()
    missing = form.locator(".gaptools-rollup-wide th", has_text="Still missing").first
    missing.wait_for(timeout=30_000)
    headings = form.locator(".gaptools-rollup-wide thead th").all_inner_texts()
    column = headings.index("Still missing")
    row = form.locator(".gaptools-rollup-wide tbody tr").first
    assert row.locator("td").nth(column).inner_text().strip()  # the example lacks something
    assert missing.bounding_box()["width"] > 250, missing.bounding_box()
    assert row.bounding_box()["height"] < 300, row.bounding_box()
    box = form.locator(".gaptools-rollup-wide").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # it scrolls, in its own box
    scrolled = [found for found in form.evaluate(OVERFLOWS) if "gaptools-rollup-wide" not in found]
    assert scrolled == []  # and nothing else does
    page.screenshot(path=str(_extra(screenshot_dir) / "11_rollup_voila_every_column.png"))
