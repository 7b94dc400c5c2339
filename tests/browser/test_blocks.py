"""Long views in blocks, at 200 initiatives on a facilitator's laptop (1366 x 768): the
blocks of a table line up as one table, no heading is cut, the ownership findings keep their
height in a box that scrolls while the map below stays where it was, and a list sent in
blocks (the findings, the flags) shows no seam where one block ends."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LabServer, open_and_run
from tests.browser.test_large import large  # noqa: F401  (a fixture)

#: Each table in blocks, found by a heading of its own.
TABLES = {
    "03_define_value": "Status",
    "04_ownership": "Accountable",
    "05_readiness_governance": "Weakest link",
    "06_prioritise": "Stability",
}

#: For the blocks holding the heading ``arg``: the right edge of each heading of the first
#: block and of each cell of the first row of the second block; and the cells of the first
#: two blocks with a word too wide for them (set to overflow rather than break, to tell).
EDGES = """(heading) => {
  const box = [...document.querySelectorAll('.gaptools-blocks')]
    .find((b) => [...b.querySelectorAll('th')].some((th) => th.textContent === heading));
  const tables = [...box.querySelectorAll('table')];
  const right = (cells) => [...cells].map((c) => Math.round(c.getBoundingClientRect().right));
  const edges = {
    heads: right(tables[0].querySelectorAll('th')),
    cells: right(tables[1].querySelector('tbody tr').querySelectorAll('td')),
  };
  // Headings a screen reader alone reads (a row of no height) are clipped on purpose.
  const cells = tables.slice(0, 2).flatMap((t) => [...t.querySelectorAll('th, td')])
    .filter((c) => !c.closest('.gaptools-heard'));
  const tooWide = (cell) => {
    const text = document.createRange();
    text.selectNodeContents(cell);
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.max(...[...text.getClientRects()].map((line) => line.width)) > room + 0.5;
  };
  cells.forEach((c) => { c.style.overflowWrap = 'normal'; });
  edges.cut = cells.filter(tooWide).map((c) => c.textContent);
  cells.forEach((c) => { c.style.overflowWrap = ''; });
  return edges;
}"""


@pytest.mark.parametrize("notebook", sorted(TABLES))
def test_the_blocks_of_a_table_line_up_as_one_table(
    page,
    lab: LabServer,
    large: Path,  # noqa: F811
    notebook: str,
    screenshot_dir: Path,
) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    open_and_run(page, lab, f"notebooks/{notebook}.ipynb")
    heading = page.locator(".gaptools-blocks th", has_text=TABLES[notebook]).first
    expect(heading).to_be_visible(timeout=120_000)
    heading.scroll_into_view_if_needed()

    found = page.evaluate(EDGES, TABLES[notebook])

    page.screenshot(path=str(screenshot_dir / f"blocks_{notebook}.png"))
    assert found["heads"] == found["cells"], found
    assert found["cut"] == [], found


#: For the blocks holding the heading ``arg``: per table of rows, its column headings as a
#: screen reader finds them, its cells in the first row, and how far that row sits below the
#: table's top; and whether the table of headings on show is left out for screen readers.
HEARD = """(heading) => {
  const box = [...document.querySelectorAll('.gaptools-blocks')]
    .find((b) => [...b.querySelectorAll('th')].some((th) => th.textContent === heading));
  const tables = [...box.querySelectorAll('table')];
  return {
    shownHidden: tables[0].getAttribute('aria-hidden') === 'true',
    blocks: tables.slice(1).map((t) => ({
      headings: [...t.querySelectorAll('thead th')].map((th) => th.textContent),
      cells: t.querySelector('tbody tr').querySelectorAll('td').length,
      gap: t.querySelector('tbody tr').getBoundingClientRect().top - t.getBoundingClientRect().top,
    })),
  };
}"""


def test_each_block_of_rows_has_its_headings_for_a_screen_reader(
    page,
    lab: LabServer,
    large: Path,  # noqa: F811
) -> None:
    """Step 6's ranking at 200 initiatives: its headings were a table of their own, so a
    screen reader read every block's cells with no column. Each block now has its own, in a
    row that takes no room, and the table of headings on show is not read twice."""
    page.set_viewport_size({"width": 1366, "height": 768})
    open_and_run(page, lab, "notebooks/06_prioritise.ipynb")
    heading = page.locator(".gaptools-blocks th", has_text=TABLES["06_prioritise"]).first
    expect(heading).to_be_visible(timeout=120_000)
    found = page.evaluate(HEARD, TABLES["06_prioritise"])
    assert found["shownHidden"]
    assert len(found["blocks"]) >= 2
    for block in found["blocks"]:
        assert len(block["headings"]) == block["cells"]
        assert all(block["headings"])
        assert TABLES["06_prioritise"] in block["headings"]
        assert abs(block["gap"]) <= 1
    readers = page.get_by_role("columnheader", name=TABLES["06_prioritise"])
    assert readers.count() == len(found["blocks"])


LIST = ".gaptools-blocks.gaptools-scrolls"


#: In the list holding the first item of its second block: the gap between the first two items
#: of a block and between the last item of the first block and the first of the second, once
#: that boundary is scrolled into view (items off screen are not laid out).
SEAM = """async (list) => {
  const parts = [...list.querySelectorAll('ul')].filter((ul) => ul.querySelector('li'));
  if (parts.length < 2) return null;
  const last = parts[0].lastElementChild, first = parts[1].firstElementChild;
  last.scrollIntoView({block: 'center'});
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const items = parts[0].children;
  const at = (e) => e.getBoundingClientRect();
  return {
    within: at(items[1]).top - at(items[0]).bottom,
    across: at(first).top - at(last).bottom,
    blocks: parts.length,
  };
}"""


def test_the_findings_scroll_and_the_map_below_stays_put(
    page,
    lab: LabServer,
    large: Path,  # noqa: F811
    screenshot_dir: Path,
) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    open_and_run(page, lab, "notebooks/04_ownership.ipynb")
    listed = page.locator(LIST).first
    expect(listed).to_be_visible(timeout=120_000)
    expect(listed.locator("li").first).to_be_visible(timeout=60_000)
    sizes = listed.evaluate("(e) => [e.clientHeight, e.scrollHeight]")
    assert sizes[1] > sizes[0] * 2, f"{sizes}: the list of 200 initiatives' findings is short"
    assert sizes[0] < 768 / 2, f"{sizes}: the box takes most of the screen"
    seam = listed.evaluate(SEAM)
    assert seam is not None, "the findings of 200 initiatives are in a single block"
    assert abs(seam["across"] - seam["within"]) <= 1, f"{seam}: a seam shows between blocks"

    grid = page.locator(".gaptools-grid").first

    def gap() -> float:
        """How far the map stands below the top of the list, wherever the page is scrolled."""
        return grid.bounding_box()["y"] - listed.bounding_box()["y"]

    height, below = listed.bounding_box()["height"], gap()
    person = page.locator("input[placeholder='name']").nth(1)
    person.scroll_into_view_if_needed()
    count = page.locator(f"{LIST} li").count()
    person.fill("" if person.input_value() else "Named Person")
    person.press("Enter")
    expect(page.locator(f"{LIST} li")).not_to_have_count(count, timeout=30_000)

    assert listed.bounding_box()["height"] == height
    assert gap() == below
    listed.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "blocks_findings.png"))


def test_the_flags_run_on_across_their_blocks(
    page,
    lab: LabServer,
    large: Path,  # noqa: F811
) -> None:
    """Step 5's flags, like step 4's findings, are sent a block of initiatives at a time; on
    the page they read as one list, with no wider gap where one block ends."""
    page.set_viewport_size({"width": 1366, "height": 768})
    open_and_run(page, lab, "notebooks/05_readiness_governance.ipynb")
    listed = page.locator(LIST).first
    expect(listed.locator("li").first).to_be_visible(timeout=120_000)
    seam = listed.evaluate(SEAM)
    assert seam is not None, "the flags of 200 initiatives are in a single block"
    assert abs(seam["across"] - seam["within"]) <= 1, f"{seam}: a seam shows between blocks"
