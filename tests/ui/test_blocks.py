"""Long views in blocks: the table's HTML cut into blocks with the same columns, and the
views that show them, each sent again only when its block changed."""

from __future__ import annotations

import re

import pytest

from gaptools.ui.blocks import BLOCK_ROWS, Blocks, scrolling, table_blocks
from tests.support import recording

WIDTHS = ("", "4em", "10%")


def rows(count: int) -> list[str]:
    return [f"<tr><td>row {n}</td><td>{n}</td><td>x</td></tr>" for n in range(count)]


@pytest.mark.parametrize("count", [0, 1, BLOCK_ROWS, BLOCK_ROWS + 1, 3 * BLOCK_ROWS - 1])
def test_a_table_in_blocks_holds_every_row_once_in_order(count: int) -> None:
    blocks = table_blocks("<th>A</th><th>B</th><th>C</th>", rows(count), WIDTHS, before="<p>S</p>")

    assert len(blocks) == 1 + -(-count // BLOCK_ROWS)
    assert blocks[0].startswith("<p>S</p><table")
    assert "<thead><tr><th>A</th><th>B</th><th>C</th></tr></thead>" in blocks[0]
    assert "<tbody>" not in blocks[0]
    shown = re.findall(r"<td>row (\d+)</td>", "".join(blocks))
    assert shown == [str(n) for n in range(count)]
    assert all(block.count("<tr>") <= BLOCK_ROWS for block in blocks[1:])


def test_every_block_has_the_same_columns_so_they_line_up() -> None:
    blocks = table_blocks("<th>A</th><th>B</th><th>C</th>", rows(50), WIDTHS, kind="extra")

    columns = {re.search(r"<colgroup>.*?</colgroup>", b).group(0) for b in blocks}
    assert columns == {"<colgroup><col><col style='width:4em'><col style='width:10%'></colgroup>"}
    assert all("class='gaptools-table gaptools-block extra'" in b for b in blocks)


def test_every_block_carries_its_column_headings_for_a_screen_reader() -> None:
    """The headings on show were a table of their own: a screen reader read it as an empty
    table, and every block's cells had no column. The shown table is now skipped by it, and
    each block has a heading row of its own, with an upright letter's title as its words."""
    from gaptools.ui.blocks import HEARD, turned_heading

    head = "<th>Initiative</th>" + turned_heading("B", "Business sponsor") + "<th>Score</th>"
    blocks = table_blocks(head, rows(2 * BLOCK_ROWS + 1), WIDTHS, before="<p>S</p>")
    assert "aria-hidden='true'" in blocks[0]
    assert "<p>S</p>" in blocks[0].split("<table")[0]  # the summary is read
    for block in blocks[1:]:
        assert "aria-hidden" not in block
        heading = re.search(rf"<thead><tr class='{HEARD}'>(.*?)</tr></thead><tbody>", block)
        assert heading is not None
        words = re.findall(
            r"<th scope='col'><span class='gaptools-sr-only'>(.*?)</span>", heading.group(1)
        )
        assert words == ["Initiative", "Business sponsor", "Score"]


def test_a_block_view_is_sent_again_only_when_its_html_changed() -> None:
    parts = ["head", "one", "two"]
    view = Blocks(parts)
    changed: list[int] = []
    for n, child in enumerate(view.widget.children):
        child.observe(lambda _, n=n: changed.append(n), "value")

    view.show(["head", "one", "TWO"])

    assert changed == [2]
    assert [c.value for c in view.widget.children] == ["head", "one", "TWO"]


def test_blocks_come_and_go_with_the_rows_and_share_one_layout_and_style() -> None:
    view = Blocks(["head", "one"])
    first = view.widget.children

    view.show(["head", "one", "two", "three"])
    grown = view.widget.children
    view.show(["head"])

    assert grown[:2] == first
    assert [c.value for c in grown] == ["head", "one", "two", "three"]
    assert [c.value for c in view.widget.children] == ["head"]
    assert len({id(c.layout) for c in grown}) == 1
    assert len({id(c.style) for c in grown}) == 1
    assert all("gaptools-long" in c._dom_classes for c in grown)


@pytest.mark.parametrize("parts", [["head", "", "two"], ["", ""]])
def test_blocks_are_made_showing_their_parts(
    monkeypatch: pytest.MonkeyPatch, parts: list[str]
) -> None:
    """Each view is made with its HTML and classes, the box with its views and whether it is
    shown: each set afterwards was one more message to the browser as a form opened."""
    sent = recording(monkeypatch)
    view = Blocks(parts)
    assert sent == []
    assert [c.value for c in view.widget.children] == parts
    assert view.widget.layout.display == (None if any(parts) else "none")


def test_an_empty_block_is_not_shown_nor_a_box_of_empty_blocks() -> None:
    """A list with nothing in some parts (initiatives without findings), or in any."""
    view = Blocks(["<ul><li>a</li></ul>", "", "<ul><li>b</li></ul>"])
    empty = [("gaptools-empty" in c._dom_classes) for c in view.widget.children]
    assert empty == [False, True, False]
    assert view.widget.layout.display is None

    view.show(["", "", ""])
    assert all("gaptools-empty" in c._dom_classes for c in view.widget.children)
    assert view.widget.layout.display == "none"

    view.show(["", "<ul><li>c</li></ul>", ""])
    empty = [("gaptools-empty" in c._dom_classes) for c in view.widget.children]
    assert empty == [True, False, True]
    assert view.widget.layout.display is None
    assert scrolling(view.widget) is view.widget
