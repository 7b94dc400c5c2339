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
    form = _rolled_up(page, shared, len(TEAMS))
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


#: An office's folder: a dozen teams, one with a long name, each with stalled initiatives whose
#: reasons wrap, so that each row is tall and the table is taller than the window.
MANY = [
    *(f"Team {n}" for n in range(1, 12)),
    "Group-wide Enterprise Architecture, Data Platforms and Shared Services (EMEA and APAC)",
]
BOX = ".gaptools-rollup-table"
#: The lowest point of the page a person sees an element in: the bottom of the nearest area
#: that scrolls it (JupyterLab's notebook, above its status bar), else of the window.
SEEN_DOWN_TO = """
(el) => {
  for (let up = el.parentElement; up; up = up.parentElement) {
    const style = getComputedStyle(up);
    if (/(auto|scroll)/.test(style.overflowY) && up.scrollHeight > up.clientHeight) {
      return Math.min(up.getBoundingClientRect().bottom, window.innerHeight);
    }
  }
  return window.innerHeight;
}
"""


def test_a_tall_wide_table_scrolls_in_a_box_on_the_screen_with_its_headings_and_teams(
    page, lab: LabServer, tmp_path: Path, screenshot_dir
) -> None:
    """In JupyterLab at 1366×768, beside the file browser, a dozen teams' table ran 1,500
    pixels down and its last column past the right edge: the sideways scroll bar was at the
    table's foot, a screen or more below, so "Kills this quarter" looked cut off. Scrolled
    right in the wide table, no row said which team it was."""
    shared = tmp_path / "shared"
    for n, team in enumerate(MANY):
        written(another_team(example_workshop(), team), _made(shared / f"team-{n}.json"))
    page.set_viewport_size({"width": 1366, "height": 768})
    open_and_run(page, lab, NOTEBOOK)
    if not page.locator("#filebrowser").is_visible():  # as JupyterLab opens: files beside
        page.locator(".jp-SideBar.jp-mod-left [data-id='filebrowser']").click()
    expect(page.locator("#filebrowser")).to_be_visible()
    form = _rolled_up(page, shared, len(MANY))
    box = form.locator(BOX).first
    expect(box.locator("tbody tr")).to_have_count(len(MANY))
    box.evaluate("b => b.scrollIntoView({block: 'start'})")
    shown = box.bounding_box()
    assert shown["y"] >= 0
    # its scroll bars are on the screen: within the notebook's own scrolling area
    assert shown["y"] + shown["height"] <= box.evaluate(SEEN_DOWN_TO), shown
    assert box.evaluate("b => b.scrollHeight > b.clientHeight")  # the rows scroll inside it
    box.evaluate("b => { b.scrollTop = b.scrollHeight; }")
    heading = box.locator("thead th").first.bounding_box()
    assert abs(heading["y"] - box.bounding_box()["y"]) <= 2, heading  # the headings stay
    page.screenshot(path=str(_extra(screenshot_dir) / "11_rollup_many_teams_1366.png"))

    form.get_by_text("Every column", exact=True).click()
    wide = form.locator(".gaptools-rollup-wide").first
    wide.wait_for(timeout=30_000)
    wide.evaluate("b => b.scrollIntoView({block: 'start'})")
    assert wide.evaluate("b => b.scrollWidth > b.clientWidth")
    wide.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    seen = wide.bounding_box()
    last = wide.locator("thead th").last.bounding_box()
    assert last["x"] + last["width"] <= seen["x"] + seen["width"] + 1, (last, seen)
    team = wide.locator("tbody tr").first.locator("td").first
    assert team.inner_text().strip() in MANY
    where = team.bounding_box()
    assert abs(where["x"] - seen["x"]) <= 2, (where, seen)  # the team column stays in view
    assert wide.evaluate(
        "(b, cell) => document.elementFromPoint(cell.x + 5, cell.y + 5)?.closest('td') "
        "=== b.querySelector('tbody tr td')",
        where,
    )  # and is drawn over the columns scrolled beneath it
    page.screenshot(path=str(_extra(screenshot_dir) / "11_rollup_many_teams_scrolled.png"))


def _made(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _rolled_up(page, folder: Path, teams: int):
    """The roll-up form once ``folder`` is typed and rolled up, as the office does."""
    form = page.locator(".gaptools-form").first
    form.wait_for(timeout=120_000)
    labelled(page, "Folder").fill(str(folder))
    form.get_by_role("button", name="Roll up").click()
    expect(form.get_by_text(f"✓ Rolled up {plural(teams, 'team')} from")).to_be_visible(
        timeout=60_000
    )
    return form
