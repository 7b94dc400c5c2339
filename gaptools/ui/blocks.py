"""Long views in blocks: a table of every initiative, twenty rows at a time.

A table of two hundred initiatives redrawn whole after every change is sent whole by the
kernel and laid out whole by the browser, as soon as any part of it is on screen: tens of
milliseconds a person typing feels. Cut into blocks, each its own HTML view, a change sends
only the blocks whose HTML changed, and the browser lays out only the blocks on screen
(each carries the class ``gaptools-long``). The blocks' tables share fixed column widths,
so their columns line up as one table's would.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import ipywidgets as widgets

from gaptools.ui.styles import shared_layout, shared_style

#: Rows in one block: small enough that a block is a few milliseconds of layout, large
#: enough that 200 initiatives are ten views and their headings, not two hundred.
BLOCK_ROWS = 20


def turned_heading(label: str, title: str) -> str:
    """A column heading set upright over a narrow column of one symbol or letter each, so
    eight or ten such columns fit a projector's width with nothing cut; ``title`` is what
    hovering it says."""
    return (
        f"<th class='gaptools-narrow' title='{html.escape(title)}'>"
        f"<div class='gaptools-turned'>{html.escape(label)}</div></th>"
    )


def table_blocks(
    head: str, rows: Sequence[str], widths: Sequence[str], before: str = "", kind: str = ""
) -> list[str]:
    """The HTML of each block: ``before`` (a summary) with the headings, then the rows.

    ``head`` is the heading row's cells, ``rows`` each one ``<tr>``, ``widths`` one CSS
    width per column (the same in every block, which is what lines them up; a column left
    ``""`` shares what the others leave); ``kind`` a class every block's table carries.
    """
    columns = "".join(f"<col style='width:{w}'>" if w else "<col>" for w in widths)
    classes = f"gaptools-table gaptools-block {kind}".strip()
    table = f"<table class='{classes}' style='min-width:{narrowest(widths)}em'"
    frame = f"<colgroup>{columns}</colgroup>"
    # The headings on show are a table of their own, which a screen reader would read as one
    # more table and leave every block's cells with no column: it skips that table, and each
    # block carries the headings again, in a row of no height whose words only it reads.
    shown = f"{table} aria-hidden='true'>{frame}<thead><tr>{head}</tr></thead></table>"
    heard = f"<thead><tr class='{HEARD}'>{heard_headings(head)}</tr></thead>"
    blocks = [before + shown]
    for start in range(0, len(rows), BLOCK_ROWS):
        chunk = "".join(rows[start : start + BLOCK_ROWS])
        blocks.append(f"{table}>{frame}{heard}<tbody>{chunk}</tbody></table>")
    return blocks


#: The class of a block's heading row written for screen readers alone (``kit.STYLE``).
HEARD = "gaptools-heard"
_HEADING = re.compile(r"<th(?P<attributes>[^>]*)>(?P<body>.*?)</th>", re.DOTALL)
_TITLE = re.compile(r"""title=(['"])(?P<title>.*?)\1""")
_TAG = re.compile(r"<[^>]+>")


def heard_headings(head: str) -> str:
    """``head``'s headings as a screen reader should hear them: a heading's title where it
    has one (an upright letter's column, "Business sponsor" for "B"), else its words; both
    are taken as written, already escaped."""
    cells = []
    for found in _HEADING.finditer(head):
        titled = _TITLE.search(found.group("attributes"))
        words = titled.group("title") if titled else _TAG.sub("", found.group("body")).strip()
        cells.append(f"<th scope='col'><span class='gaptools-sr-only'>{words}</span></th>")
    return "".join(cells)


#: What a column of no set width keeps at the least (the initiative's name): on a narrow
#: screen, or zoomed in, it had none, and names ran down one letter a line.
SHARING_COLUMN = 9.0


def narrowest(widths: Sequence[str]) -> float:
    """The least width in ems a table of ``widths`` takes: the widths set in ems, and
    ``SHARING_COLUMN`` for each that shares the rest or is a share of the table. Narrower
    than that, its box scrolls sideways (``kit.STYLE``), its heading with its rows."""
    return sum(float(w[:-2]) if w.endswith("em") else SHARING_COLUMN for w in widths)


class Blocks:
    """A VBox of HTML views, one per block, each given its new HTML after a change.

    A view whose HTML is unchanged sends nothing (the widget compares values); views are
    added or dropped only when the number of blocks changes. All views share one layout and
    one style, so ten blocks are eleven widget models, not thirty. An empty block is not
    shown, nor the box when every block is empty (a list with nothing in it).
    """

    def __init__(self, parts: Sequence[str]) -> None:
        self._layout = shared_layout()
        self._views: list[widgets.HTML] = []
        self._grow(parts)
        # Made with its views, classes and display: each set afterwards is a message.
        self.widget = widgets.VBox(
            self._views,
            layout=widgets.Layout(display=None if any(parts) else "none"),
            _dom_classes=("gaptools-blocks",),
        )

    def _grow(self, parts: Sequence[str]) -> None:
        """A view for each part that has none yet, made showing it."""
        while len(self._views) < len(parts):
            part = parts[len(self._views)]
            classes = ("gaptools-long",) if part else ("gaptools-long", "gaptools-empty")
            view = widgets.HTML(
                part, layout=self._layout, style=shared_style(widgets.HTML), _dom_classes=classes
            )
            self._views.append(view)

    def show(self, parts: Sequence[str]) -> None:
        self._grow(parts)
        for view, part in zip(self._views, parts, strict=False):  # views kept for later
            view.value = part
            # Either sends only a change: a class already there is not added again.
            if part:
                view.remove_class("gaptools-empty")
            else:
                view.add_class("gaptools-empty")
        if len(self.widget.children) != len(parts):
            self.widget.children = tuple(self._views[: len(parts)])
        self.widget.layout.display = None if any(parts) else "none"


def scrolling(blocks: widgets.VBox) -> widgets.VBox:
    """Blocks shown in a box of their own height that scrolls: a list that can run to
    hundreds of lines (the ownership findings, the readiness flags) keeps its height while
    it changes, so what stands below it is not moved, laid out and painted again."""
    blocks.add_class("gaptools-scrolls")
    return blocks
