"""Widgets bound to the workshop: the pieces every step's form is built from.

A bound widget shows ``read(workshop)`` and, when the person commits a value (Enter, Tab or
a click away: ``continuous_update=False``), calls ``write(workshop, value)`` through the
session, which validates and saves it. A refused value puts the saved one back and the
status line says why. Every bound widget also follows undo and changes made elsewhere.

A refused value stays in the widget, as typed, with the reason right beside it (a small
message under the field, or under its table row) as well as in the status line; the next
good save of that field clears the message. Tables are ``Grid``s: one layout shared by the
headings and every row, so a heading stands over its column by construction.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import html
import itertools
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import ipywidgets as widgets
import traitlets

from gaptools.charts.svg import CHART_STYLE, SCROLL_SHADOW
from gaptools.core.errors import WorkshopError, input_problem
from gaptools.core.model import Entry, EntryT, Initiative, Workshop, find
from gaptools.core.quarter import day_text
from gaptools.core.text import as_sentence
from gaptools.steps import secret
from gaptools.steps.registry import Step, next_step, notebook_url, step
from gaptools.steps.start import working_alone
from gaptools.ui import channel
from gaptools.ui.blocks import Blocks, scrolling
from gaptools.ui.fields import Field
from gaptools.ui.session import BEAT_SECONDS, Outcome, WorkshopSession
from gaptools.ui.styles import WHOLE, labelled, named_inline, shared_layout, shared_style

T = TypeVar("T")
W = TypeVar("W", bound=widgets.ValueWidget)
Read = Callable[[Workshop], Any]
Write = Callable[[Workshop, Any], None]

_WIDE_LOOK = {"width": "36em", "max_width": WHOLE}
#: The width of a wide field, shared: it cannot be changed (``styles.shared_layout``).
WIDE = shared_layout(**_WIDE_LOOK)
#: The class of a button shown as its icon alone (``icon_button``).
ICON_ONLY = "gaptools-icon-only"
#: The initiative picker's: a long name and its marks ("(the bet) · 2 cycles") were cut.
PICKER = shared_layout(width="52em", max_width=WHOLE)
#: The classes of a row of controls that wraps where the form is narrow (``STYLE``).
BAR = ("gaptools-bar",)
HEAD = ("gaptools-head",)
#: The layout of what a narrow row must not squeeze: a unit beside its field.
UNSHRUNK = shared_layout(flex="none")


def own_wide() -> widgets.Layout:
    """As wide as ``WIDE``, for one widget alone: one that is shown and hidden."""
    return widgets.Layout(**_WIDE_LOOK)


CHOOSE = "choose an initiative first"

#: Seconds without a beat before a page says it has lost its kernel: several beats, so a
#: kernel busy for a moment (an export, a roll-up) is not taken for one that has stopped.
LOST_AFTER = round(6 * BEAT_SECONDS)

STYLE = (
    """
<style>
.gaptools-form { font-size: 15px; max-width: 62em; min-width: 0; }
/* A step read across, as a table (the portfolio, the map, the ranking, the roll-up), takes the
   page's width: on a projector's 1366 pixels its columns kept to 62em and broke their words
   ("Confi-dence") beside a blank third of the screen. Its sentences, its status bar and its
   scrolled lists keep to a reading width. */
.gaptools-form.gaptools-wide { max-width: none; container: gaptools-form / inline-size; }
.gaptools-form.gaptools-wide .widget-html-content :is(p, ul),
.gaptools-form.gaptools-wide > .gaptools-bar,
.gaptools-form.gaptools-wide .gaptools-blocks.gaptools-scrolls { max-width: 62em; }
.gaptools-form .widget-label, .gaptools-form input, .gaptools-form select,
.gaptools-form button, .gaptools-form .widget-html-content { font-size: 15px; }
/* Nothing in a form scrolls sideways: rows are laid out to fit, and what is wider wraps. */
.gaptools-form .jupyter-widget-box, .gaptools-form .widget-box { overflow: visible; }
.gaptools-form .widget-html-content { white-space: normal; overflow-wrap: break-word; }
.gaptools-form h3 { margin: 1.2em 0 0.3em; }
/* A long field label wraps in its place instead of being cut. */
.gaptools-form .widget-inline-hbox .widget-label { white-space: normal;
  overflow-wrap: break-word; }
.gaptools-bar { flex-wrap: wrap; align-items: center; gap: 4px 8px; }
/* The status bar, its Undo and the lost-kernel warning stay at the top of the screen while
   the form scrolls under them: a change made far down a form (a weight, a guardrail, a row of
   two hundred) said "Saved", or that nothing was saved, a screen or more above, out of sight
   on a laptop and a tablet. */
.gaptools-form > .gaptools-head { position: sticky; top: 0; z-index: 5; overflow: visible;
  background: var(--jp-layout-color0, #fff); padding-bottom: 2px;
  box-shadow: 0 -12px 0 var(--jp-layout-color0, #fff); }  /* over a scroller's padding */
/* It stays in sight of the page's own scroller only if nothing between scrolls or clips: the
   form and the output holding it (in JupyterLab and Voilà alike) let it through. A form never
   scrolls sideways as a whole (its wide tables scroll in their own boxes). */
.gaptools-form, .jp-OutputArea-output:has(> .gaptools-form),
.jp-OutputArea-child:has(> .jp-OutputArea-output > .gaptools-form),
.jp-OutputArea:has(> .jp-OutputArea-child > .jp-OutputArea-output > .gaptools-form) {
  overflow: visible; }
/* A field reached with Tab or Shift+Tab comes into view below the bar, not under it. */
.gaptools-form :is(input, select, textarea, button, a, summary, .noUi-handle, [tabindex],
  [contenteditable]) {
  scroll-margin-top: 9em; }
/* On a phone, or a laptop at 200% zoom, the bar would hold a third of the screen still: it
   scrolls with the form there. A form wider than a phone (a risk register's row, a ballot)
   scrolls sideways in its own box, as it did, and the page's words stay put. */
@media (max-width: 600px), (max-height: 500px) {
  .gaptools-form > .gaptools-head { position: static; box-shadow: none; }
  .gaptools-form { overflow-x: auto; }
}
/* On a phone a row of fields or buttons wraps, and a slider or a ballot's menu goes under its
   label: beside a label of 14em, a weight's track was 38 pixels long under a 28-pixel handle. */
@media (max-width: 600px) {
  .gaptools-form .widget-hbox { flex-wrap: wrap; }
  .gaptools-form .widget-slider, .gaptools-dots .widget-inline-hbox { flex-wrap: wrap;
    height: auto; }
  .gaptools-form .widget-slider > .widget-label,
  .gaptools-dots .widget-inline-hbox > .widget-label { flex: 0 0 100%; max-width: none;
    width: 100% !important; text-align: left; }
}
/* A field in a table row: its column's heading labels it on screen; its own label is there
   for screen readers alone. */
.gaptools-form .gaptools-inline > .widget-label,
.gaptools-form .gaptools-inline .widget-label-basic > span { position: absolute; width: 1px;
  height: 1px; margin: 0; padding: 0; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
/* A button shown as its icon alone (``icon_button``): its words name it for a screen reader,
   out of sight, where an icon-only button's glyph named it. */
.gaptools-form button.gaptools-icon-only { width: 34px; padding: 0 10px; text-align: left;
  overflow: hidden; text-overflow: clip; white-space: nowrap; color: transparent; }
.gaptools-form button.gaptools-icon-only i { color: var(--jp-ui-font-color1, #000); }
/* High contrast modes give text their own colour: the words stay unseen, the icon takes it. */
.gaptools-form button.gaptools-icon-only { forced-color-adjust: none; }
.gaptools-form button.gaptools-icon-only i { forced-color-adjust: auto; }
/* Where the keyboard is: a focused field's own mark is a faint border (the widgets' style
   takes the outline away, hence "important"). */
.gaptools-form input:focus-visible, .gaptools-form select:focus-visible,
.gaptools-form textarea:focus-visible, .gaptools-form button:focus-visible,
.gaptools-form .noUi-handle:focus-visible, .gaptools-form .widget-readout:focus-visible {
  outline: 3px solid #0072b2 !important; outline-offset: 1px; }
/* The chosen one of a row of toggles (named or anonymous, a pulse answer, a rating) was a
   grey a shade darker than the others (1.6:1): now it is filled and bold, so it reads across
   a room and in greyscale; the focus ring sits inside, where the row does not cut it. */
.gaptools-form .widget-toggle-button.mod-active { background: #0072b2; color: #fff;
  font-weight: bold; box-shadow: inset 0 -3px 0 #003f63; }
.gaptools-form .widget-toggle-button:focus-visible { outline-offset: -4px !important; }
.gaptools-form .widget-toggle-button.mod-active:focus-visible { outline-color: #fff !important; }
/* On a tablet or a phone (a finger, not a mouse): fields, menus and buttons a finger can hit,
   where the widgets' 28px were under any guideline's 44; and a slider only its handle moves,
   made larger: a page swiped up or down with a finger starting on a weight's track set the
   weight where the finger landed, and saved it, out of sight of what it moved. */
@media (pointer: coarse) {
  .gaptools-form { --jp-widgets-inline-height: 40px; --jp-widgets-slider-handle-size: 28px; }
  /* The widgets space text by the same height: sentences keep their desktop spacing. */
  .gaptools-form .widget-html-content { line-height: 28px; }
  .gaptools-form .noUi-target { touch-action: pan-y; }
  .gaptools-form .noUi-base { pointer-events: none; }
  .gaptools-form .noUi-handle { pointer-events: auto; }
  .gaptools-form input[type="checkbox"], .gaptools-form input[type="radio"] {
    width: 20px; height: 20px; }
  .gaptools-form select { min-height: var(--jp-widgets-inline-height); }
  .gaptools-explain summary { padding: 8px 0; }
}
/* The notebooks' "In JupyterLab, show it first" line: Voilà shows no cell to run. (Only
   there: in JupyterLab this style, once one notebook shows a form, reaches every tab.) */
body[data-voila] .gaptools-lab-only { display: none; }
/* Shown only when the kernel has not been heard from for a while (``Liveness``): every beat
   draws the message anew, hidden, and starts its wait again. */
.gaptools-form .gaptools-alive { margin: 0; }
.gaptools-lost { max-height: 0; overflow: hidden; visibility: hidden;
  animation: gaptools-lost 0.01s linear """
    + f"{LOST_AFTER}s"
    + """ forwards; }
@keyframes gaptools-lost { to { max-height: 20em; visibility: visible; } }
.gaptools-lost p { margin: 0.3em 0; padding: 0.4em 0.8em; line-height: 1.35;
  background: #fdf0e6; border: 2px solid #d55e00; border-radius: 4px; font-weight: bold; }
.gaptools-status, .gaptools-said { padding: 0.4em 0.8em; border-radius: 4px;
  border: 1px solid #999; line-height: 1.35; white-space: normal; overflow-wrap: anywhere; }
.gaptools-status.ok, .gaptools-said.ok { background: #e8f1fa; border-color: #0072b2; }
.gaptools-status.refused, .gaptools-said.refused { background: #fdf0e6; border-color: #d55e00;
  font-weight: bold; }
.gaptools-form .gaptools-refusal { height: auto; line-height: 1.3; white-space: normal;
  overflow: visible; overflow-wrap: anywhere; width: auto; max-width: 100%;
  color: #8a3300; background: #fdf0e6; border-left: 4px solid #d55e00;
  padding: 0.15em 0.6em; margin: 0 2px 0.3em; font-weight: bold; }
.gaptools-grid { column-gap: 6px; row-gap: 2px; align-items: center; }
.gaptools-grid > * { min-width: 0; }
.gaptools-grid-row > .gaptools-refusal,
.gaptools-grid-row > .gaptools-confirm { grid-column: 1 / -1; }
.gaptools-grid-head { align-items: end; border-bottom: 2px solid #666; }
.gaptools-grid-head .widget-html-content, .gaptools-grid-row .widget-html-content {
  line-height: 1.25; }
/* A heading's word longer than its column (at 200% zoom, "Engineering") breaks inside it
   rather than running under the next heading. */
.gaptools-grid-head b { display: block; font-size: 0.9em; hyphens: auto;
  overflow-wrap: anywhere; }
.gaptools-grid-head b.gaptools-second-line { background: #e8f1fa; border-top: 1px solid #0072b2;
  padding: 1px 4px; margin-top: 6px; font-weight: normal; }
.gaptools-grid-row { border-bottom: 1px solid #ddd; padding: 2px 0; }
.gaptools-name { font-weight: bold; }
/* A name longer than its column, or one long word, wraps inside it rather than running under
   the fields beside it. */
.gaptools-grid .gaptools-name .widget-html-content { overflow-wrap: anywhere; }
.gaptools-badge { border: 2px solid; padding: 1px 8px; border-radius: 10px;
  font-weight: bold; }
.gaptools-gaps li { margin: 0.15em 0; }
/* Long lists and tables, in blocks: what is off screen is not laid out again after every
   change (a block of twenty rows stands in at 40em until first shown). Each item of a list
   is skipped on its own; its bullet is drawn inside it, where it is not cut. */
.gaptools-form .gaptools-long { content-visibility: auto; contain-intrinsic-size: auto 40em; }
.gaptools-form .gaptools-blocks > .gaptools-long:first-child,
.gaptools-form .gaptools-scrolls > .gaptools-long { content-visibility: visible; }
.gaptools-gaps { list-style: none; padding-left: 1.6em; }
.gaptools-gaps > li { padding-left: 1.1em; text-indent: -1.1em; content-visibility: auto;
  contain-intrinsic-size: auto 1.5em; }
.gaptools-gaps > li::before { content: "•"; display: inline-block; width: 1.1em;
  text-indent: 0; }
/* A list that can run to hundreds of lines: ten or so at a time in a box of its own that
   scrolls, so a line more or less does not move what stands below it. */
.gaptools-form .gaptools-blocks.gaptools-scrolls { max-height: 19em; overflow-y: auto;
  contain: content; border: 1px solid #ccc; border-radius: 4px; padding: 0.2em 0.6em; }
.gaptools-scrolls .gaptools-gaps { margin: 0; }
/* Its items spaced by padding, not margins: margins of the last item of one block and the
   first of the next do not collapse, and the seam between blocks would show. */
.gaptools-scrolls .gaptools-gaps > li { margin: 0; padding-top: 0.075em;
  padding-bottom: 0.075em; }
.gaptools-form a { color: #0072b2; text-decoration: underline; }
.gaptools-table { border-collapse: collapse; margin: 0.4em 0; max-width: 100%; }
/* A table in blocks: each block's columns as wide as the others', with no gap between. */
.gaptools-table.gaptools-block { table-layout: fixed; width: 100%; margin: 0; }
.gaptools-form .gaptools-blocks { margin: 0.4em 0; overflow-x: auto; }
/* A table wider than the screen (step 6's ranking on a tablet held upright) scrolls in its
   box: a shadow at the edge it scrolls towards says there is more, where its last columns
   were cut ("abov", "belo") with nothing to show they went on. Each shadow is covered by the
   page's colour once that edge is reached. */
.gaptools-form .gaptools-blocks:not(.gaptools-scrolls) {
  background:"""
    + SCROLL_SHADOW
    + """; }
.gaptools-form .gaptools-blocks > .widget-html { margin-top: 0; margin-bottom: 0; flex: none;
  min-width: fit-content; }
.gaptools-form .gaptools-blocks > .gaptools-empty { display: none; }
/* A row of radio buttons (``choices_across``): across, wrapping where the form is narrow. */
.gaptools-form .gaptools-across .widget-radio-box { flex-direction: row; flex-wrap: wrap;
  gap: 0.1em 1.4em; }
.gaptools-form .gaptools-across .widget-radio-box label { margin: 0; white-space: nowrap; }
/* What each term means (``explained``), opened on a tap or a click. */
.gaptools-explain { margin: 0.4em 0; }
.gaptools-explain summary { cursor: pointer; color: #0072b2; text-decoration: underline; }
.gaptools-explain ul { margin: 0.3em 0 0; }
.gaptools-explain li { margin: 0.15em 0; }
/* The files an upload holds, apart from the buttons beside them (it touched Import). */
.gaptools-chosen { margin: 0 0.6em; }
/* A sentence in a block wraps to the box's visible width (its container's), though its block
   is as wide as the table in it: at 200% zoom step 6's headline ran past the box, to be read
   by scrolling sideways. */
.gaptools-form .gaptools-blocks { container-type: inline-size; }
.gaptools-form .gaptools-blocks .widget-html-content :is(p, ul) {
  max-width: min(62em, calc(100cqw - 0.5em)); }
.gaptools-table thead th { vertical-align: bottom; }
/* A block's headings for screen readers (``blocks.table_blocks``): cells of the table, in a
   row of no height, their words out of sight. */
.gaptools-table tr.gaptools-heard th { height: 0; padding: 0; border: 0; line-height: 0;
  position: relative; }
.gaptools-sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.gaptools-table th, .gaptools-table td { border-bottom: 1px solid #ccc; padding: 4px 6px;
  text-align: left; vertical-align: top; }
.gaptools-turned { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
  font-size: 0.85em; text-align: left; margin: 0 auto; }
.gaptools-table th.gaptools-narrow, .gaptools-table td.gaptools-narrow { padding: 4px 2px;
  text-align: center; }
.gaptools-table th.gaptools-narrow { vertical-align: bottom; }
"""
    + CHART_STYLE
    + """
</style>
"""
)


@dataclass(frozen=True)
class Column:
    """One column of a ``Grid``: its heading, and its width as a CSS grid track.

    Widths are fixed ("6.6em") or shares with a floor ("minmax(8em, 2fr)"), never "auto", so
    the headings and every row, laid out apart, come out the same. ``area`` names the place
    of the column in a grid whose rows take more than one line.
    """

    label: str
    width: str = "minmax(0, 1fr)"
    area: str = ""
    note: str = ""


#: Boxes a person types in, whose text reaches the kernel only with Enter or a click away.
TYPED = (widgets.Text, widgets.Textarea)
#: Fields set by a choice, not typed: nothing of the person's to keep once refused.
CHOSEN = (
    widgets.IntSlider,
    widgets.FloatSlider,
    widgets.Dropdown,
    widgets.ToggleButtons,
    widgets.RadioButtons,
    widgets.Checkbox,
    widgets.ToggleButton,
)


@dataclass(frozen=True)
class OneLine:
    """A grid on two lines, on one where its form is at least ``from_em`` wide (a step read
    as a table takes a projector's whole page: ``gaptools-wide``): every column side by
    side, in ``tracks``, one for each column in order."""

    tracks: tuple[str, ...]
    from_em: float


class Grid:
    """A table's layout, shared by its headings and every one of its rows.

    Each row is an ``HBox`` laid out as a CSS grid with the same tracks (and, for a row on
    two lines, the same named areas) as the headings, so a heading cannot stand over another
    column than its own. Columns shrink to fit the form; ``lines`` puts secondary fields on
    a second line of the row instead of letting the row scroll sideways, and ``one_line``
    puts them back beside the others where the form is wide enough.
    """

    _ids = itertools.count(1)

    def __init__(
        self,
        columns: Sequence[Column],
        lines: Sequence[str] = (),
        tracks: Sequence[str] = (),
        one_line: OneLine | None = None,
    ) -> None:
        self.columns = list(columns)
        self.key = f"gaptools-grid-id-{next(Grid._ids)}"
        self.tracks = " ".join(tracks or [c.width for c in self.columns])
        self.areas = " ".join(f'"{line}"' for line in lines) or None
        self._first_line = set(lines[0].split()) if lines else set()
        self._layouts: dict[str, widgets.Layout] = {}
        self.one_line = one_line if lines else None

    def _one_line_style(self) -> str:
        """The stylesheet that lays the rows out on one line in a wide enough form: the
        rows' own tracks and areas are their layout's, which a rule must override."""
        if self.one_line is None:
            return ""
        areas = " ".join(c.area for c in self.columns)
        grid = f".gaptools-grid.{self.key}"
        return (
            f"<style>@container gaptools-form (min-width: {self.one_line.from_em}em) {{ "
            f"{grid} {{ grid-template-columns: {' '.join(self.one_line.tracks)} !important; "
            f'grid-template-areas: "{areas}" !important; }} '
            f"{grid} b.gaptools-second-line {{ background: none; border-top: 0; padding: 0; "
            "margin-top: 0; font-weight: bold; } }</style>"
        )

    def layout(self, index: int) -> widgets.Layout:
        """The layout a cell of column ``index`` is made with: its place in the row, filling
        the column whatever the widget's own width. One layout serves the column in every
        row (and the columns with no area of their own share one), so a cell made with it
        costs no widget model of its own and nothing sent after it is made: a page of the
        ownership map is some three hundred cells, and each was two messages more."""
        column = self.columns[index]
        area = column.area if self.areas else ""
        if area not in self._layouts:
            self._layouts[area] = shared_layout(
                width="auto", min_width="0", max_width="100%", grid_area=area or None
            )
        return self._layouts[area]

    def layouts(self, start: int = 0) -> list[widgets.Layout]:
        """The ``layout`` of each column from ``start`` on, in order."""
        return [self.layout(index) for index in range(start, len(self.columns))]

    @functools.cached_property
    def _row_layout(self) -> widgets.Layout:
        """The tracks (and areas) of the headings and of every row: one layout for all."""
        return shared_layout(
            display="grid",
            grid_template_columns=self.tracks,
            grid_template_areas=self.areas,
            width="100%",
            overflow="visible",
        )

    def _box(self, cells: Sequence[widgets.Widget], kind: str) -> widgets.HBox:
        # Classes and layout given at creation travel with the box's first message: each
        # one added afterwards would be a message of its own, and a page has forty rows.
        return widgets.HBox(
            list(cells), layout=self._row_layout, _dom_classes=("gaptools-grid", kind, self.key)
        )

    def _place(self, cell: widgets.Widget, index: int) -> widgets.Widget:
        """A cell made with another layout takes its column's: one message, and the layout
        it was made with (perhaps shared with widgets outside the grid) is left as it was."""
        layout = self.layout(index)
        if cell.layout is not layout:
            cell.layout = layout
        return cell

    def header(self) -> widgets.HBox:
        """The headings, each in the place of its column; long ones wrap in their cell. The
        headings of a row's second line stand in a band of their own: right under the first
        line's, they read as sub-headings of them otherwise."""
        cells = []
        for index, column in enumerate(self.columns):
            title = f" title='{html.escape(column.note)}'" if column.note else ""
            below = self._first_line and column.area not in self._first_line
            band = " class='gaptools-second-line'" if below else ""
            words = html.escape(column.label).replace("/", "/<wbr>")  # "Compliance/legal"
            look = {"layout": self.layout(index), "style": shared_style(widgets.HTML)}
            style = self._one_line_style() if index == 0 else ""
            cells.append(widgets.HTML(f"{style}<b{title}{band}>{words}</b>", **look))
        return self._box(cells, "gaptools-grid-head")

    def row(
        self, cells: Sequence[widgets.Widget], below: Sequence[widgets.Widget] = ()
    ) -> widgets.HBox:
        """One row: a cell per column, in the columns' order, each best made with its
        column's ``layout``; ``below`` spans the whole row under it (the refusal messages of
        its fields: the stylesheet spans them across)."""
        if len(cells) != len(self.columns):
            raise ValueError(f"{len(cells)} cells for {len(self.columns)} columns")
        placed = [self._place(cell, index) for index, cell in enumerate(cells)]
        return self._box([*placed, *below], "gaptools-grid-row")


class Confirmation:
    """A second press asked for before something is removed that Undo may not bring back:
    an initiative removed here could be undone only from this notebook while it stayed
    open, and took its value, owners, readiness and estimates with it at one click."""

    #: Seconds within which a second press is the same click twice (a double-click), not an
    #: answer to the question: a double-click removed without the question being read.
    DOUBLE_CLICK = 0.6

    def __init__(self, remove: widgets.Button, act: Callable[[], object]) -> None:
        self.button = remove
        self.act = act
        self.words = widgets.HTML()
        keep = button("Keep it", "undo")
        keep.on_click(lambda _: self.reset())
        self.widget = widgets.HBox(
            [self.words, keep],
            layout=widgets.Layout(display="none"),
            _dom_classes=("gaptools-confirm",),
        )
        self.armed = False
        self.asked_at = 0.0  # when the question was put (``time.monotonic``)

    def ask(self, words: str | None) -> None:
        """The first press says what would go; the second, while it is said, removes."""
        now = time.monotonic()
        if self.armed and words is not None and now - self.asked_at < self.DOUBLE_CLICK:
            return
        if self.armed or words is None:
            self.reset()
            if words is not None:
                self.act()
            return
        self.armed, self.asked_at = True, now
        # An alert: a screen reader heard nothing of what a second press would remove.
        self.words.value = (
            f"<p role='alert'>⚠ {html.escape(words)} Press <b>Remove</b> again to remove it.</p>"
        )
        self.button.button_style = "danger"
        self.widget.layout.display = None

    def reset(self) -> None:
        self.armed = False
        self.button.button_style = ""
        self.words.value = ""
        self.widget.layout.display = "none"


def target_words(
    target: Callable[[Workshop], EntryT | None], words: Callable[[Workshop, EntryT], str]
) -> Callable[[Workshop], str | None]:
    """``words`` about the entry ``target`` finds, or None once it is gone."""

    def said(workshop: Workshop) -> str | None:
        found = target(workshop)
        return words(workshop, found) if found is not None else None

    return said


class RowMemo:
    """The rows of a summary table, each drawn again only when what it shows has changed.

    A table of 200 initiatives is redrawn after every change, though a change touches one
    of them: each row is kept with what it shows (the parts of the entry it reads, compared
    by value) and reused while they are equal. Only the rows of the latest table are kept.
    """

    def __init__(self, draw: Callable[..., str]) -> None:
        self.draw = draw
        self._kept: dict[str, tuple[tuple[Any, ...], str]] = {}

    def rows(self, rows: Iterable[tuple[str, tuple[Any, ...], tuple[Any, ...]]]) -> list[str]:
        """The rows, in order, for ``(key, shows, args)``: a row is ``draw(*args)``, drawn
        again only when ``shows`` differs from the last time (``shows`` must hold all that
        the row reads)."""
        kept: dict[str, tuple[tuple[Any, ...], str]] = {}
        texts = []
        for key, shows, args in rows:
            known = self._kept.get(key)
            text = known[1] if known is not None and known[0] == shows else self.draw(*args)
            kept[key] = (shows, text)
            texts.append(text)
        self._kept = kept
        return texts

    def one(self, key: str, shows: tuple[Any, ...], args: tuple[Any, ...]) -> str:
        """One piece on its own (a menu label), kept by ``key`` like a row of ``table``."""
        known = self._kept.get(key)
        if known is not None and known[0] == shows:
            return known[1]
        text = self.draw(*args)
        self._kept[key] = (shows, text)
        return text


class PerChange(Generic[T]):
    """What a form works out from the workshop (a ranking, the findings) once per change,
    however many of its views read it: kept with the workshop object it came from, since
    every change and every save made elsewhere brings a new one."""

    def __init__(self, work: Callable[[Workshop], T]) -> None:
        self.work = work
        self._kept: tuple[Workshop, T] | None = None

    def __call__(self, workshop: Workshop) -> T:
        if self._kept is None or self._kept[0] is not workshop:
            self._kept = (workshop, self.work(workshop))
        return self._kept[1]


class Grouped(PerChange[list[list[T]]]):
    """A long list worked out once per change in groups (the findings or the flags of each
    block of twenty initiatives), which ``Form.listed`` shows a group per block."""

    def all(self, workshop: Workshop) -> list[T]:
        """Every item, in order: what a headline counts."""
        return [item for group in self(workshop) for item in group]


class Liveness:
    """What a page says when its kernel has stopped answering: nothing it does reaches the
    file then, yet the form looked the same and "✓ Saved" stayed in its bar while a room
    typed on. The kernel redraws this every beat (``WorkshopSession.on_beat``); the browser
    shows it only once a beat is overdue (the page's style), which needs no kernel at all."""

    def __init__(self, session: WorkshopSession) -> None:
        self.beats = 0
        self.widget = widgets.HTML(self._drawn(), _dom_classes=("gaptools-alive",))
        session.on_beat(self.beat)

    def beat(self) -> None:
        self.beats += 1
        self.widget.value = self._drawn()

    def _drawn(self) -> str:
        # A value unlike the last, so the browser draws it anew and its wait starts again.
        return f"<div class='gaptools-lost' role='alert' data-beat='{self.beats}'>{LOST}</div>"


LOST = (
    f"<p>✗ This page has heard nothing from its server for {LOST_AFTER} seconds: what you "
    "type now may not be saved. If this stays, the page has lost its kernel (stopped, "
    "restarted, or the server closed): reload the page, and in JupyterLab run the notebook "
    "again (Run → Run All Cells).</p>"
)


class StatusLine:
    """One line that says whether the last change was saved, and if not, why not."""

    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.widget = widgets.HTML(
            value=status_html("ok", f"Editing {session.path.name}"),
            # It takes the room the Undo button beside it leaves, and wraps a long message.
            layout=widgets.Layout(flex="1 1 24em", min_width="0"),
        )
        self.last: Outcome | None = None
        self._said = ("ok", f"Editing {session.path.name}")
        self._elsewhere = ""  # kept under every message while step 0 has another workshop
        session.on_chosen_elsewhere(self._chosen_elsewhere)

    def show(self, outcome: Outcome, after: str = "") -> None:
        """``outcome`` in words; ``after`` adds to it (what an undo put back)."""
        self.last = outcome
        mark, kind = ("✓", "ok") if outcome.ok else ("✗", "refused")
        self._say(kind, f"{mark} {outcome.message()}{after}")

    def note(self, text: str, ok: bool = True, warn: bool = False) -> None:
        """``text`` in the status line: done (✓), refused (✗), or, ``warn``, something to
        look at though nothing failed (⚠, as loud as a refusal)."""
        mark, kind = ("✓", "ok") if ok else ("⚠" if warn else "✗", "refused")
        self._say(kind, f"{mark} {text}")

    def _say(self, kind: str, text: str) -> None:
        self._said = (kind, text)
        self.widget.value = status_html(kind, text, self._elsewhere)

    def _chosen_elsewhere(self, chosen: Path | None) -> None:
        here = self.session.path.name
        self._elsewhere = (
            f"⚠ Step 0 has opened {chosen.name} since: this page still edits {here}. Run "
            f"this page again (in Voilà: reload it) to work on {chosen.name}."
            if chosen is not None
            else ""
        )
        self._say(*self._said)


SHOWN_AT_MOST = 60  # characters of a value an undo names; a longer one is cut with "…"


def shown_value(widget: widgets.ValueWidget) -> str:
    """A field's value as the field shows it: a menu's label, a tick box's state, a date as
    the page writes dates, a text quoted (or "empty")."""
    value = widget.value
    if isinstance(widget, widgets.Checkbox):
        return "ticked" if value else "not ticked"
    if hasattr(widget, "label") and isinstance(widget.label, str):
        text = widget.label.strip() or "empty"  # a menu's blank choice: "(back to )" said nothing
    elif isinstance(value, dt.date):
        return day_text(value)
    elif value in (None, "") or isinstance(value, tuple | list) and not value:
        return "empty"
    elif isinstance(value, str):
        text = f"'{value}'"
    elif isinstance(value, tuple | list):
        # Boxes ticked in a list, as their names: "(back to ('Monitoring',))" was Python's.
        labels = getattr(widget, "label", None)
        text = ", ".join(map(str, labels if isinstance(labels, tuple | list) else value))
    else:
        return str(value)
    return text if len(text) <= SHOWN_AT_MOST else text[: SHOWN_AT_MOST - 1].rstrip() + "…"


def status_html(kind: str, text: str, warning: str = "") -> str:
    """A status line ("ok" or "refused"), a ``warning`` kept under it in bold."""
    # Said aloud by a screen reader as it changes: a refusal at once, a save politely.
    role = "status" if kind == "ok" else "alert"  # the warning is read with each message
    below = f"<br><b>{html.escape(warning)}</b>" if warning else ""
    return f'<div class="gaptools-status {kind}" role="{role}">{html.escape(text)}{below}</div>'


#: Rows shown at once in a long table. Every row is tens of widgets and a kernel sends each
#: widget to the browser as a message of its own: two hundred rows at once are thousands of
#: messages, more than the kernel's outgoing queue keeps (a thousand), and the form never
#: appears. Twenty rows keep every step's form of two hundred initiatives well under a
#: thousand widgets (the ownership map's page, the largest, is under eight hundred), and a
#: workshop of the usual ten to twenty initiatives still fits on one page.
PAGE_ROWS = 20


class Pager:
    """Which rows of a long list are on screen, with Previous and Next; shown only when the
    list is longer than a page."""

    def __init__(self, noun: str, size: int = PAGE_ROWS) -> None:
        self.noun, self.size, self.page = noun, size, 0
        self.previous = button("Previous", "chevron-left")
        self.next = button("Next", "chevron-right")
        self.where = widgets.HTML()
        self.widget = widgets.HBox([self.previous, self.where, self.next])
        self.widget.add_class("gaptools-pager")
        self.on_turn: Callable[[], None] = lambda: None
        self.previous.on_click(lambda _: self.turn(-1))
        self.next.on_click(lambda _: self.turn(1))

    def needed(self, keys: Sequence[object]) -> bool:
        return len(keys) > self.size

    def window(self, keys: Sequence[str]) -> list[str]:
        """The keys of the page on screen (all of them when they fit one page)."""
        if not self.needed(keys):
            return list(keys)
        pages = -(-len(keys) // self.size)
        self.page = min(self.page, pages - 1)
        start = self.page * self.size
        shown = list(keys[start : start + self.size])
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page == pages - 1
        self.where.value = (
            f"<p style='margin:0 1em'>{html.escape(self.noun)} {start + 1}–"
            f"{start + len(shown)} of {len(keys)}</p>"
        )
        return shown

    def turn(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self.on_turn()


class Form:
    """A step's form: the session, its status line, and helpers that bind widgets to it."""

    def __init__(self, session: WorkshopSession, step: str | None = None) -> None:
        channel.deepen()  # before the form's first widget: its messages must all arrive
        self.session = session
        self.step = step
        self.status = StatusLine(session)
        self.liveness = Liveness(session)
        self.undo_button = button("Undo last change", "undo")
        self.undo_button.on_click(lambda _: self._undo())
        # Values this page saved, by widget, until they change: one changed elsewhere since
        # is said (two people saving one field both read "Saved"); one undone here is not.
        self._mine: dict[int, tuple[widgets.Widget, Any]] = {}  # by id: the widget, its value
        self._messages: dict[int, tuple[widgets.Widget, widgets.Label]] = {}
        self._placed: set[int] = set()
        self._bound: dict[int, widgets.Widget] = {}
        # Where a bound widget's message goes once there is one: the box holding the widget,
        # and whether the message spans the box's foot (a grid row) or follows the widget.
        self._places: dict[int, tuple[widgets.Widget, widgets.Box, bool]] = {}
        self._rebuilders: dict[int, Callable[[Workshop], None]] = {}
        #: What this page's own last change did out of sight of its field, said after
        #: "Saved" (step 6: the line, which stands far above its weights and estimates); a
        #: step sets it to read what its views worked out as they redrew, "" for nothing.
        self.effect: Callable[[], str] = str

    def _after(self, outcome: Outcome, read_as: str = "") -> str:
        """What follows the status line's "Saved" once the views have redrawn: how the value
        was read (``read_as``) and what the change did out of sight (``effect``)."""
        effect = self.effect() if outcome.ok else ""
        return (f": {read_as}" if read_as else "") + (f". {effect}" if effect else "")

    def _undo(self) -> None:
        """Take back this page's last change, saying what the field it touched shows again:
        "undone: Effort (weeks) of GenAI workbench" left the room asking what it was."""
        self._mine.clear()
        before = {key: widget.value for key, widget in self._bound.items()}
        outcome = self.session.undo()
        back = [w for key, w in self._bound.items() if key in before and w.value != before[key]]
        again = f" (back to {shown_value(back[0])})" if outcome.ok and len(back) == 1 else ""
        self.status.show(outcome, again + self._after(outcome))

    def act(self, edit: Callable[[Workshop], object], what: str) -> bool:
        """Save one change a button makes, and say so (or why not) in the status line."""
        outcome = self.session.update(edit, what, announce=self.status.show)
        if after := self._after(outcome):
            self.status.show(outcome, after)
        return outcome.ok

    def bind(
        self,
        widget: widgets.ValueWidget,
        label: str | Callable[[], str],
        read: Read,
        write: Write,
        prepare: Callable[[Workshop], None] | None = None,
        shows: Callable[[Workshop], Any] | None = None,
        explain: Callable[[Any], str] | None = None,
    ) -> Any:
        """Keep ``widget`` and the model in step; returns the widget for layout.

        ``explain`` says how a saved value was read when it is more than the box shows
        ("'6-10' read as 8, the middle of the range"), after the status line's "Saved".

        ``prepare`` runs before each refresh (a dropdown updating its options) and, like the
        refresh itself, does not count as the person changing the value.

        ``shows`` names the entry the widget is about (a picked initiative): when it becomes
        another, a text box is redrawn even if its value is the same, so text typed there for
        the entry that went is not taken as an edit of the one now shown.

        A refused value typed in a box stays there as the person typed it (a slider, a menu
        or a tick box goes back to what is saved), with the reason in the
        widget's message (``message_of``) and in the status line; the widget follows the
        model again once the person changes it, or once the saved value it would replace
        changes (someone else's edit, an undo, another initiative picked).
        """
        guard = {"quiet": False}
        self._bound[id(widget)] = widget
        if "description" in widget.keys and widget.description and not widget.tooltip:
            # ipywidgets writes a missing tooltip into the label's title: hovered, a slider's,
            # a date box's or a number box's label would say "null". (A box has no label in
            # the browser, and a tooltip with no label there stops it being drawn at all.)
            widget.tooltip = widget.description

        held: dict[str, Any] = {}  # while refused: the saved value the typed one would replace
        shown = [shows(self.session.workshop) if shows else None]
        key = id(widget)  # in ``_mine`` while the value shown is the one this page saved

        def refresh(workshop: Workshop) -> None:
            guard["quiet"] = True
            try:
                if prepare is not None:
                    prepare(workshop)
                value = read(workshop)
                now = shows(workshop) if shows else None
                moved, shown[0] = now != shown[0], now
                mine = self._mine.pop(key, None) if value != widget.value or moved else None
                if mine is not None and mine[0] is widget and not moved and value != mine[1]:
                    before = self.session.before_own_change()
                    if before is not None and read(before) == mine[1]:
                        # This page's own change set it (a unit typed with its number): the
                        # value is still this page's to keep track of.
                        self._mine[key] = (widget, value)
                    else:
                        what = label() if callable(label) else label
                        self.status.note(
                            f"{what} was changed elsewhere after you saved it",
                            ok=False,
                            warn=True,  # this page's save went through: no ✗ for it
                        )
                if held:
                    if value == held["saved"] and not moved:
                        return  # keep what the person typed, refused, until they change it
                    held.clear()
                    self._say(widget, "")
                if widget.value != value:
                    widget.value = value
                elif moved and now is not None and isinstance(widget, TYPED):
                    # The same value sent again changes nothing in the browser: a different
                    # one first makes it redraw the box, dropping text typed for the entry
                    # that went. (A menu or a tick box sends its change at once: no typing.)
                    widget.value = value + "\u200b"
                    widget.value = value
            finally:
                guard["quiet"] = False

        def committed(change: dict[str, Any]) -> None:
            if guard["quiet"]:
                return
            what = label() if callable(label) else label
            held.clear()
            held["saved"] = read(self.session.workshop)
            # What this page saved here before is replaced by what it saves now: the refresh
            # this save makes must not take the new value for a change made elsewhere.
            previous = self._mine.pop(key, None)
            outcome = self.session.update(
                lambda w: write(w, change["new"]), what, announce=self.status.show
            )
            if outcome.ok:
                held.clear()
                self._say(widget, "")
                self._mine[key] = (widget, read(self.session.workshop))  # as saved, shown
                read_as = explain(change["new"]) if explain is not None else ""
                if after := self._after(outcome, read_as):
                    self.status.show(outcome, after)
            else:
                held["saved"] = read(self.session.workshop)
                self._say(widget, refusal_text(outcome))
                if previous is not None:  # nothing saved: what this page saved before stands
                    self._mine[key] = previous
                if isinstance(widget, CHOSEN):
                    # Nothing typed to keep: a slider or a menu goes back to what is saved.
                    # Left on the refused 0, five weights read 0 while the file ranked by one.
                    guard["quiet"] = True
                    try:
                        widget.value = held["saved"]
                    finally:
                        guard["quiet"] = False

        refresh(self.session.workshop)
        widget.observe(committed, names="value")
        self.session.subscribe(refresh)
        return widget

    def bound(
        self,
        make: Callable[..., W],
        label: str | Callable[[], str],
        read: Read,
        write: Write,
        shows: Callable[[Workshop], Any] | None = None,
        **made: Any,
    ) -> W:
        """``make(**made)``, made already holding what ``read`` gives, then ``bind``-ed: a
        value set after the widget is made is one more message to the browser per field.
        ``shows`` is ``bind``'s."""
        widget = make(value=read(self.session.workshop), **named_inline(made))
        return self.bind(widget, label, read, write, shows=shows)

    def removed_elsewhere(self, text: str) -> None:
        """Say in the status line that what the form showed went, and what it shows now."""
        self.status.note(text, ok=False)

    def message_of(self, widget: widgets.Widget) -> widgets.Label:
        """The small message shown beside ``widget`` when a value typed there is refused
        (hidden while there is nothing to say).

        It is made the first time it is asked for, not with the field: a hidden message is
        three widget models, and a page of the ownership map has over two hundred fields,
        each model one message from the kernel to the browser. Made late, it goes where
        the field was laid out (right after it, or under its table row)."""
        known = self._messages.get(id(widget))
        if known is not None and known[0] is widget:
            return known[1]
        # A Label, not an HTML view: rows are found by their one HTML cell (the name), and
        # a message is plain text anyway.
        message = widgets.Label(layout=widgets.Layout(display="none"))
        message.add_class("gaptools-refusal")
        self._messages[id(widget)] = (widget, message)
        self._put(widget, message)
        return message

    def _say(self, widget: widgets.Widget, text: str) -> None:
        """Show ``text`` in the widget's message; nothing to clear makes no message."""
        known = self._messages.get(id(widget))
        if text or (known is not None and known[0] is widget):
            show_message(self.message_of(widget), text)

    def _put(self, widget: widgets.Widget, message: widgets.Label) -> None:
        """Place a message made after its widget was laid out (else ``place_messages`` will)."""
        place = self._places.get(id(widget))
        if place is None or place[0] is not widget:
            return
        _, box, below = place
        children = list(box.children)
        if below:
            children.append(message)
        else:
            at = next((n for n, child in enumerate(children) if child is widget), None)
            if at is None:
                return
            children.insert(at + 1, message)
        self._placed.add(id(message))
        box.children = children

    def _is_bound(self, widget: widgets.Widget) -> bool:
        return self._bound.get(id(widget)) is widget

    def place_messages(self, box: widgets.Widget) -> widgets.Widget:
        """Put each bound widget's message right after it in whatever box holds it (under
        a field in a column, beside it in a line); messages already placed stay put, and a
        field with no message yet has its place kept for when it gets one."""
        children = list(getattr(box, "children", ()))
        if not children:
            return box
        arranged: list[widgets.Widget] = []
        for child in children:
            arranged.append(child)
            if self._is_bound(child):
                self._places.setdefault(id(child), (child, box, False))
            found = self._messages.get(id(child))
            if found is not None and found[0] is child and id(found[1]) not in self._placed:
                self._placed.add(id(found[1]))
                arranged.append(found[1])
            self.place_messages(child)
        if len(arranged) != len(children):
            box.children = arranged
        return box

    def grid_row(
        self, grid: Grid, cells: Sequence[widgets.Widget], under: Sequence[widgets.Widget] = ()
    ) -> widgets.HBox:
        """A row of ``grid`` whose fields' refusals show on a line of their own under it,
        after anything else ``under`` it."""
        below = list(under)
        for cell in cells:
            found = self._messages.get(id(cell))
            if found is not None and found[0] is cell and id(found[1]) not in self._placed:
                self._placed.add(id(found[1]))
                below.append(found[1])
        row = grid.row(cells, below)
        for cell in cells:
            if self._is_bound(cell):
                self._places.setdefault(id(cell), (cell, row, True))
        return row

    def text(self, label: str, read: Read, write: Write, placeholder: str = "") -> widgets.Text:
        box = widgets.Text(
            description=label,
            placeholder=placeholder,
            continuous_update=False,
            style=labelled(widgets.Text),
            layout=WIDE,
        )
        return self.bind(box, label, read, write)

    def whole_number(self, label: str, read: Read, write: Write) -> widgets.IntText:
        box = widgets.IntText(
            description=label,
            continuous_update=False,
            style=labelled(widgets.IntText),
            layout=widgets.Layout(width="18em"),
        )
        return self.bind(box, label, read, write)

    def choice(
        self,
        label: str,
        options: Sequence[tuple[str, Any]] | Callable[[Workshop], Sequence[tuple[str, Any]]],
        read: Read,
        write: Write,
        tooltip: str = "",
        shows: Callable[[Workshop], Any] | None = None,
    ) -> widgets.Dropdown:
        """A dropdown; ``options`` may depend on the workshop and then follow its changes.
        ``shows`` names the entry it is about, when a picker chooses it (``bind``)."""
        listed = options if callable(options) else (lambda _: options)
        workshop = self.session.workshop
        menu = widgets.Dropdown(
            description=label,
            options=list(listed(workshop)),
            value=read(workshop),  # made holding it: set afterwards, one more message
            tooltip=tooltip,
            style=labelled(widgets.Dropdown),
            layout=WIDE,
        )

        keep = lambda w: keep_options(menu, listed(w))  # noqa: E731
        return self.bind(menu, label, read, write, prepare=keep, shows=shows)

    def live(self, render: Callable[[Workshop], str], **made: Any) -> widgets.HTML:
        """An HTML view recomputed from the model after every change (summaries, checks); a
        table or list of every initiative is shown in ``blocks`` instead. ``made`` is what
        else the view is made with (its layout, its classes)."""
        made.setdefault("style", shared_style(widgets.HTML))
        view = widgets.HTML(value=render(self.session.workshop), **made)
        self.session.subscribe(lambda w: setattr(view, "value", render(w)))
        return view

    def blocks(self, render: Callable[[Workshop], Sequence[str]]) -> widgets.VBox:
        """A long view in blocks (``blocks.table_blocks``), recomputed after every change:
        only the blocks whose HTML changed are sent, and only those on screen laid out."""
        view = Blocks(render(self.session.workshop))
        self.session.subscribe(lambda w: view.show(render(w)))
        return view.widget

    def listed(self, groups: Grouped[T], item: Callable[[T], str]) -> widgets.VBox:
        """A list of hundreds of lines in a box that scrolls (``blocks.scrolling``), a group
        of ``groups`` per block: a change sends only the groups it changed. ``item`` is the
        HTML of one line; a group with none is not shown."""

        def block(group: list[T]) -> str:
            lines = "".join(map(item, group))
            return f"<ul class='gaptools-gaps'>{lines}</ul>" if lines else ""

        return scrolling(self.blocks(lambda w: [block(g) for g in groups(w)]))

    def rows(
        self,
        entries: Callable[[Workshop], Sequence[Entry]],
        row: Callable[[str], widgets.Widget],
        empty: str,
        noun: str = "Rows",
        head: widgets.Widget | None = None,
    ) -> widgets.VBox:
        """One row per list entry (participants, initiatives…), bound to the entry's id.

        A row edits the entry it was built for wherever that entry now stands, so an edit
        never lands on a neighbour after someone else removed a row. Only adding, removing or
        reordering entries rebuilds the list; edits keep the focus where it is. ``head`` (a
        table's column headings) stands over the rows, under the pager of a long list.
        """

        made: dict[str, widgets.Widget] = {}
        pager = Pager(noun)

        def shape(workshop: Workshop) -> tuple[tuple[str, ...], int]:
            ids = tuple(entry.id for entry in entries(workshop))
            return ids, pager.page if pager.needed(ids) else 0

        def build(workshop: Workshop) -> list[widgets.Widget]:
            # Rows already on screen are kept as they are, so an entry added or removed
            # elsewhere never wipes what someone is typing in another row.
            ids = [entry.id for entry in entries(workshop)]
            for gone in set(made) - set(ids):
                del made[gone]
            shown = pager.window(ids)
            built = [made.get(key) or made.setdefault(key, row(key)) for key in shown]
            heads = [head] if head is not None else []
            if not built:
                return [*heads, widgets.HTML(f"<p>{html.escape(empty)}</p>")]
            return [pager.widget] * pager.needed(ids) + heads + built

        box = self.rebuilt(shape, build)
        pager.on_turn = lambda: self.refresh(box)
        return box

    def field(
        self,
        spec: Field,
        target: Callable[[Workshop], Any],
        subject: Callable[[Workshop], str] | None = None,
        missing: str | None = None,
        layout: widgets.Layout | None = None,
    ) -> widgets.ValueWidget:
        """A widget for ``spec`` on whatever ``target`` picks in the workshop (the chosen
        initiative, the meta data, one row's entry). ``subject`` names that entry in the
        status line ("Stage of Claims intake copilot") when the label alone would not;
        ``missing`` is the refusal when there is no entry to write to; ``layout`` is its
        place in a table row (``Grid.layout``)."""
        found = target(self.session.workshop)
        saved = None if found is None else spec.shown(spec.get(found))
        widget = spec.widget(self.session.workshop, saved, layout)

        found_id = [getattr(found, "id", None)]  # what ``read`` found last, for ``shows``

        def read(workshop: Workshop) -> Any:
            found = target(workshop)
            found_id[0] = getattr(found, "id", None)
            if found is None:  # removed elsewhere: the row is about to go, leave it be
                return widget.value
            return spec.shown(spec.get(found))

        def write(workshop: Workshop, value: Any) -> None:
            found = target(workshop)
            if found is None:
                raise ValueError(missing or spec.missing)
            spec.write(workshop, found, value)

        def label() -> str:
            if subject is None:
                return spec.label
            return f"{spec.label} of {subject(self.session.workshop)}"

        prepare = None
        choices = spec.options if callable(spec.options) else spec.suggest
        if choices is not None:  # a menu's choices, or a box's suggestions, follow the file
            prepare = lambda w: keep_options(widget, choices(w))  # noqa: E731

        def shows(_: Workshop) -> Any:  # a refresh reads first: no second look-up
            return found_id[0]

        return self.bind(
            widget, label, read, write, prepare=prepare, shows=shows, explain=spec.reading
        )

    def fields(
        self,
        specs: Sequence[Field],
        target: Callable[[Workshop], Any],
        subject: Callable[[Workshop], str] | None = None,
        missing: str | None = None,
        layouts: Sequence[widgets.Layout] = (),
    ) -> list[widgets.ValueWidget]:
        """A ``field`` for each spec; the first ones take ``layouts`` in order, if given."""
        return [
            self.field(spec, target, subject, missing, layouts[n] if n < len(layouts) else None)
            for n, spec in enumerate(specs)
        ]

    def entry_row(
        self,
        entries: Callable[[Workshop], list[EntryT]],
        entry_id: str,
        specs: Sequence[Field],
        name: Callable[[EntryT], str],
        lead: Sequence[widgets.Widget] = (),
        grid: Grid | None = None,
        confirm: Callable[[Workshop, EntryT], str] | None = None,
        removed: Callable[[Outcome], None] | None = None,
    ) -> widgets.HBox:
        """A table row for one entry: its declared fields and a Remove button, all bound to
        the entry's id (``name`` words it in the status line: "risk 'Data leakage'").
        ``removed`` is told what a removal did (the row, and anything said in it, go).

        With a ``grid`` (a column per cell, the Remove button's last) the row takes the
        grid's layout, shared with its headings; refusals show on a line under the row.
        With ``confirm`` (and a grid), Remove first says under the row what would go, in
        ``confirm``'s words, and removes on a second press (``Confirmation``).
        """

        def target(workshop: Workshop) -> EntryT | None:
            return entry(entries(workshop), entry_id)

        def subject(workshop: Workshop) -> str:
            found = target(workshop)
            return name(found) if found is not None else "an entry removed meanwhile"

        def removes(workshop: Workshop) -> str | None:
            found = target(workshop)
            return f"Remove {name(found)}" if found is not None else None

        # In a grid, each cell is made with its column's layout (``Grid.layout``).
        places = grid.layouts(len(lead)) if grid is not None else []
        cells = self.fields(specs, target, subject, layouts=places)
        remove = self.naming(
            lambda words: button("Remove", "trash", words, places[-1] if places else None),
            removes,
        )

        def remove_it() -> None:
            outcome = self.remove_entry(entries, entry_id, name)
            if removed is not None:
                removed(outcome)

        if confirm is not None and grid is not None:
            asked = Confirmation(remove, remove_it)
            ask = target_words(target, confirm)
            remove.on_click(lambda _: asked.ask(ask(self.session.workshop)))
            return self.grid_row(grid, [*lead, *cells, remove], (asked.widget,))
        remove.on_click(lambda _: remove_it())
        if grid is not None:
            return self.grid_row(grid, [*lead, *cells, remove])
        return self.place_messages(widgets.HBox([*lead, *cells, remove]))

    def naming(
        self,
        make: Callable[[str], widgets.Button],
        words: Callable[[Workshop], str | None],
        icon_only: bool = False,
    ) -> widgets.Button:
        """A button made by ``make`` with ``words`` saying what it acts on ("Remove risk 'Data
        leakage'"): its title (which a screen reader reads as the button's description), and
        for an ``icon_only`` button, made with those words as its name, its hidden name too.
        They follow the entry's renames made anywhere: "Remove" alone tells nobody which of
        twenty rows goes. ``words`` is None once the entry is gone (its row goes, or its
        editor is hidden): the button is left as it is."""
        button = make(words(self.session.workshop) or "")
        traits = ("tooltip", "description") if icon_only else ("tooltip",)

        def follow(workshop: Workshop) -> None:
            said = words(workshop)
            stale = [t for t in traits if said is not None and getattr(button, t) != said]
            with button.hold_sync():
                for trait in stale:
                    setattr(button, trait, said)

        self.session.subscribe(follow)
        return button

    def name_cell(self, name: Callable[[Workshop], str], layout: widgets.Layout) -> widgets.HTML:
        """A row's first column: the entry's name, following renames made anywhere."""
        # Made with its place and class: each set afterwards is one more message per row.
        return self.live(
            lambda w: html.escape(name(w)), layout=layout, _dom_classes=("gaptools-name",)
        )

    def remove_entry(
        self,
        entries: Callable[[Workshop], list[EntryT]],
        entry_id: str,
        name: Callable[[EntryT], str],
    ) -> Outcome:
        """Remove the entry with that id wherever it now stands; says which one went."""

        def drop(workshop: Workshop) -> None:
            listed = entries(workshop)
            listed.remove(find(listed, entry_id))

        gone = entry(entries(self.session.workshop), entry_id)
        outcome = self.session.update(drop, f"removed {name(gone)}" if gone else "remove")
        self.status.show(outcome)
        return outcome

    def rebuilt(
        self,
        shape: Callable[[Workshop], Any],
        build: Callable[[Workshop], list[widgets.Widget]],
    ) -> widgets.VBox:
        """A box whose children are rebuilt only when ``shape(workshop)`` changes."""
        box = widgets.VBox()
        shown: dict[str, Any] = {}

        def follow(workshop: Workshop) -> None:
            current = shape(workshop)
            if shown.get("shape", object()) == current:
                return
            shown["shape"] = current
            box.children = build(workshop)
            self.place_messages(box)

        follow(self.session.workshop)
        self.session.subscribe(follow)
        self._rebuilders[id(box)] = follow
        return box

    def refresh(self, box: widgets.VBox) -> None:
        """Rebuild a ``rebuilt`` box now (its shape depends on more than the workshop: the
        page of a long table, say)."""
        self._rebuilders[id(box)](self.session.workshop)

    def layout(self, *children: widgets.Widget, wide: bool = False) -> widgets.VBox:
        """The whole form with the status bar on top; styled for a projector. A ``wide``
        form, read across as a table, takes the page's width (``gaptools-wide``)."""
        # Layouts and classes go with each box's first message, not one message after.
        bar = widgets.HBox(
            [self.status.widget, self.undo_button],
            layout=widgets.Layout(overflow="visible"),
            _dom_classes=BAR,  # wraps: the Undo button goes under a long status
        )
        # The bar and the lost-kernel warning stay in sight as the form scrolls (``HEAD``).
        head = widgets.VBox([bar, self.liveness.widget], _dom_classes=HEAD)
        ending = [widgets.HTML(next_link(self.step))] if self.step else []
        form = widgets.VBox(
            [widgets.HTML(STYLE), head, *children, *ending],
            _dom_classes=("gaptools-form", *(["gaptools-wide"] if wide else [])),
        )
        self.place_messages(form)
        return form


class InitiativePicker:
    """A dropdown that chooses which initiative an editor shows, by the initiative's id.

    Its labels may carry a live mark (✓/◌); when only the labels change, the choice stays.
    Picking another initiative re-shows every bound widget for it; an initiative removed
    elsewhere leaves the choice to the first one still there.
    """

    def __init__(
        self,
        session: WorkshopSession,
        label: Callable[[Any, Workshop], str],
        start: str | None = None,
        say: Callable[[str], None] | None = None,
    ) -> None:
        self.session = session
        self.label = label
        self.say = say  # where the form says that the initiative it showed was removed
        initiatives = session.workshop.initiatives
        self.selected = start or (initiatives[0].id if initiatives else None)
        self._names = {i.id: i.name for i in initiatives}
        self.widget = widgets.Dropdown(
            description="Initiative",
            options=self._choices(session.workshop),
            value=self.selected,
            style=labelled(widgets.Dropdown),
            layout=PICKER,
        )
        self._relabelling = False
        self.widget.observe(self._picked, names="value")
        session.subscribe(self._follow)

    def current(self, workshop: Workshop) -> Any:
        """The chosen initiative in ``workshop``, or None."""
        return next((i for i in workshop.initiatives if i.id == self.selected), None)

    def current_name(self, workshop: Workshop) -> str:
        """The chosen initiative's name, as a change to it is named in the status line."""
        initiative = self.current(workshop)
        return initiative.name if initiative is not None else "no initiative"

    def chosen(self, workshop: Workshop) -> Any:
        """Like ``current`` but refuses to edit nothing, for writers."""
        initiative = self.current(workshop)
        if initiative is None:
            raise ValueError(CHOOSE)
        return initiative

    def choose(self, initiative_id: str | None) -> None:
        self.selected = initiative_id
        self.session.notify()

    def _picked(self, change: dict[str, Any]) -> None:
        if not self._relabelling:
            self.choose(change["new"])

    def _choices(self, workshop: Workshop) -> list[tuple[str, str]]:
        return [(self.label(i, workshop), i.id) for i in workshop.initiatives]

    def _follow(self, workshop: Workshop) -> None:
        wanted = self._choices(workshop)
        ids = [key for _, key in wanted]
        if self.selected not in ids:
            gone = self._names.get(self.selected or "")
            self.selected = ids[0] if ids else None
            if gone and self.say is not None:
                now = workshop.initiatives[0].name if ids else "no initiative"
                self.say(
                    f"{gone} was removed (in another notebook or from the command line): "
                    f"the form shows {now} now"
                )
        self._names = {i.id: i.name for i in workshop.initiatives}
        if list(self.widget.options) == wanted and self.widget.value == self.selected:
            return
        self._relabelling = True  # new labels for the same choices, not a new pick
        try:
            with self.widget.hold_sync():  # the new labels and the choice: one message
                self.widget.options = wanted
                self.widget.value = self.selected
        finally:
            self._relabelling = False


def refusal_text(outcome: Outcome) -> str:
    """Why a value was refused, for the message beside the field (no need to name it)."""
    reasons = "; ".join(text for _, text in outcome.problems) or outcome.message()
    return f"✗ Not saved: {reasons}"


def beside(outcome: Outcome, done: str) -> str:
    """What a button did, said under it: the status line sits at the top of a long form, off
    the screen of someone who just pressed a button at its foot."""
    if outcome.ok:  # looks like the status line, but is not it: there is one status line
        return said_done(done)
    return f"<div class='gaptools-said refused'>✗ {html.escape(outcome.message())}</div>"


def said_warning(text: str) -> str:
    """Something to look at, said under a button that did what it was asked (``beside``)."""
    return f"<div class='gaptools-said refused'>⚠ {html.escape(text)}</div>"


def thanks_html(words: str) -> str:
    """``words`` said under a send button once an answer is in (``pressed_again`` reads it)."""
    return f"<p class='gaptools-thanks'>{html.escape(words)}</p>"


def pressed_again(values: Iterable[object], thanks: widgets.HTML) -> bool:
    """Whether a send button was pressed again on the form its last press emptied: every
    value blank and its thanks still shown. "✗ Not sent: choose an answer" then took the
    place of the thanks, and read as if the answer had failed."""
    return all(value in (None, "") for value in values) and "gaptools-thanks" in thanks.value


def alone_note(words: str) -> Callable[[Workshop], str]:
    """``words`` for a leader working alone (the one participant listed), at the top of a
    step written for a room; nothing for a room."""

    def note(workshop: Workshop) -> str:
        return f"<p>{html.escape(words)}</p>" if working_alone(workshop.meta) else ""

    return note


def unexpected(error: Exception) -> str:
    """A failure no rule turned into a sentence, as a form says it: what the input caused,
    in words, with the file it names, else that it is a fault of the page's, with what to do
    ("TypeError: …" alone left an executive with a line of Python)."""
    problem = input_problem(error)
    if problem is not None:
        name = getattr(error, "filename", None)
        return f"{Path(name).name if name else 'the file'} {problem}"
    return (
        f"something went wrong in gaptools ({type(error).__name__}: {error}); reload the page "
        "and try again, and if it happens again, report it with what you did"
    )


def said_done(done: str) -> str:
    """``done`` said under a button, as ``beside`` says a change that was saved."""
    return f"<div class='gaptools-said ok'>✓ {html.escape(done)}</div>"


#: Said where a form counts what the workshop file holds, beside a room's panel: what phones
#: send anonymously reaches the file only at the reveal.
PHONES_COUNTED = (
    "Answers sent from phones through the room are not counted here until the reveal: the "
    "room's panel below counts them."
)


def said_until_undone(session: WorkshopSession, report: widgets.HTML) -> Callable[[str], None]:
    """Tie ``report`` to the change it reports (call the result with the change's label once
    it is saved): when that change is undone, the report says so instead of what the change
    did ("✓ Import … 13 added" stayed under a workshop the undo had emptied)."""
    reported = [""]

    def follow(_: Workshop) -> None:
        if reported[0] and session.undone == reported[0]:
            left = (
                as_sentence(secret.PUBLISHED_STAY)
                if session.undone_kept_published
                else "Nothing of it is left in the workshop."
            )
            report.value = (
                f"<p><b>↶ Undone: the {html.escape(reported[0])}.</b> {html.escape(left)}</p>"
            )
            reported[0] = ""

    session.subscribe(follow)
    return lambda what: reported.__setitem__(0, what)


def show_message(message: widgets.Label, text: str) -> None:
    """Show ``text`` in a field's message, or hide the message when there is nothing to say."""
    if message.value != text:
        message.value = text
    message.layout.display = "block" if text else "none"


_TICK = shared_layout(width="auto", margin="0 1.5em 0 0")  # every box of every list


#: More ticks than a checklist's box may show at once: the count is said above it.
SCROLLED_TICKS = 12


class CheckList(widgets.VBox):
    """Several choices as a row of ticked boxes, for a list a person builds up.

    A multi-select box dropped every earlier pick at a plain click, and nothing on the page
    said to hold Ctrl; a box to tick cannot lose the others. Bound like any field: ``value``
    is the tuple of ticked options, in the options' order, and ``options`` may change."""

    value = traitlets.Tuple()
    options = traitlets.List()
    description = traitlets.Unicode("")

    def __init__(self, description: str, options: Sequence[str] = (), empty: str = "") -> None:
        self._syncing = False
        look = shared_style(widgets.HTML)
        self._empty = widgets.HTML(f"<i>{html.escape(empty)}</i>", style=look)  # nothing to tick
        # A long portfolio's names scroll inside the list rather than lengthen the page; its
        # frame and the count above it say there is more to scroll to (a list of 54 showed
        # 16, with no scroll bar drawn, and read as complete).
        self._ticks = widgets.Box(
            layout=widgets.Layout(
                flex_flow="row wrap",
                width="100%",
                max_height="9em",
                overflow="auto",
                border="1px solid #c8c8c8",
                padding="0.1em 0.4em",
            )
        )
        self._label = widgets.HTML(style=look)
        # The class goes with the box's first message, not in one more after it.
        super().__init__(
            [self._label, self._ticks],
            description=description,
            _dom_classes=("gaptools-checklist",),
        )
        self.options = list(options)  # draws the boxes, once
        if not self.options:  # no change to observe: the empty list's note is drawn here
            self._draw()

    @traitlets.observe("options")
    def _options_changed(self, _: Any) -> None:
        self.value = tuple(v for v in self.value if v in self.options)
        self._draw()

    @traitlets.observe("value")
    def _value_changed(self, _: Any) -> None:
        self._syncing = True  # the boxes follow the value; they do not set it meanwhile
        try:
            for tick in self._ticks.children:
                if isinstance(tick, widgets.Checkbox):
                    tick.value = tick.description in self.value
        finally:
            self._syncing = False

    def _draw(self) -> None:
        label = f"<b>{html.escape(self.description)}</b>"
        if len(self.options) > SCROLLED_TICKS:
            # Not "scroll to see them all": how many the box shows depends on the screen.
            label += f" <small>({len(self.options)} to choose from)</small>"
        self._label.value = label
        ticks = []
        for option in self.options:
            tick = widgets.Checkbox(
                value=option in self.value,
                description=option,
                indent=False,
                layout=_TICK,
                style=shared_style(widgets.Checkbox),
            )
            tick.observe(self._ticked, names="value")
            ticks.append(tick)
        self._ticks.children = ticks or [self._empty]

    def _ticked(self, _: Any) -> None:
        if self._syncing:
            return
        ticked = {t.description for t in self._ticks.children if t is not self._empty and t.value}
        self.value = tuple(o for o in self.options if o in ticked)


def keep_options(menu: widgets.Widget, options: Sequence[Any]) -> None:
    """Give a menu new choices only when they differ, keeping its selection where it is
    still offered: ipywidgets selects the first choice whenever the choices change, so a
    pick nobody had saved yet ("Our bet", a rater) fell back to "— choose" when anyone added
    an initiative elsewhere."""
    wanted = list(options)
    if list(menu.options) == wanted:
        return
    picked = menu.value
    menu.options = wanted
    if picked in offered(wanted) and menu.value != picked:
        menu.value = picked


def offered(options: Sequence[Any]) -> list[Any]:
    """The values a menu's ``options`` offer: each (label, value) pair's value, or the option."""
    return [option[1] if isinstance(option, tuple) else option for option in options]


def entry(entries: Sequence[EntryT], entry_id: str) -> EntryT | None:
    """The entry a row is bound to, or None once someone has removed it.

    After a change every row of a table looks its entry up in the same list (200 rows of 6
    fields: 1,200 lookups), so the list's positions by id are kept for the last list seen
    and each answer is checked against the list itself: a stale index is rebuilt, never
    trusted.
    """
    for fresh in (False, True):
        where = _positions(entries, fresh).get(entry_id)
        if where is not None and where < len(entries) and entries[where].id == entry_id:
            return entries[where]
    return None


_last_index: dict[str, Any] = {}


def _positions(entries: Sequence[Entry], fresh: bool = False) -> dict[str, int]:
    """Where each id stands in ``entries``, computed once per list object (again when
    ``fresh``: the list may have changed in place since)."""
    if fresh or _last_index.get("list") is not entries:
        _last_index["list"] = entries
        _last_index["ids"] = {e.id: n for n, e in enumerate(entries)}
    return _last_index["ids"]


def identity(find: Callable[[Workshop], Any]) -> Callable[[Workshop], str | None]:
    """The id of what ``find`` finds, None once it is gone: a widget's ``shows`` (``bind``),
    so a value saved on an entry removed elsewhere is not said to be "changed elsewhere"."""
    return lambda workshop: getattr(find(workshop), "id", None)


def initiative_lookup(
    initiative_id: str,
) -> tuple[Callable[[Workshop], Initiative | None], Callable[[Workshop], str]]:
    """Find one initiative by id, and name it for the status line (or say it is gone)."""

    def initiative(workshop: Workshop) -> Initiative | None:
        return entry(workshop.initiatives, initiative_id)

    def subject(workshop: Workshop) -> str:
        found = initiative(workshop)
        return found.name if found else "a removed initiative"

    return initiative, subject


def opened(
    build: Callable[[WorkshopSession], widgets.Widget], path: str | None = None
) -> widgets.Widget:
    """``build``'s form on the open workshop (or ``path``). Where that workshop cannot be
    opened (moved, renamed, deleted, damaged), a plain account of why, and the way on
    through step 0, takes the form's place: a notebook stopped on a traceback, and a
    Voilà page on "There was an error when executing cell", with no way out on screen."""
    try:
        session = WorkshopSession.open(path)
    except WorkshopError as error:
        return cannot_open(error)
    return build(session)


def cannot_open(error: WorkshopError) -> widgets.VBox:
    """Why this page shows no form, and where to go: step 0 says the same and offers the
    previous version, another workshop or a new one. With the forms' style, so the page
    looks as the steps do (and Voilà hides what is JupyterLab's alone)."""
    start = step(0)
    said = "<br>".join(html.escape(line) for line in error.render().splitlines())
    explained = widgets.HTML(
        "<div class='gaptools-unopened' role='alert'>"
        f"<p style='font-size:1.2em'><b>✗ This page cannot open its workshop.</b><br>{said}</p>"
        f"<p>Open <a href='{html.escape(notebook_url(start))}'>step "
        f"{html.escape(start.heading)}</a>: it says the same, and lets you go back to the "
        "workshop's previous version where one was kept, open another or create one. Then run "
        "this page again (in Voilà: reload it).</p></div>"
    )
    return widgets.VBox([widgets.HTML(STYLE), explained], _dom_classes=("gaptools-form",))


def next_link(key: str) -> str:
    """Where to go after this step, from the step registry (the last step says so)."""
    following = next_step(key)
    if following is None:
        return (
            "<p class='gaptools-next'>This is the last step: once the canvas says nothing is "
            "missing, it is ready to send.</p>"
        )
    return link_on_to(following)


def link_on_to(following: Step) -> str:
    """The "Next" link to ``following``'s notebook, as every step ends."""
    url = html.escape(notebook_url(following))
    return (
        f"<p class='gaptools-next' style='font-size:1.2em;margin-top:1.5em'>"
        f"<b>Next:</b> <a href='{url}'>step {html.escape(following.heading)} →</a></p>"
    )


def button(
    description: str,
    icon: str = "",
    tooltip: str = "",
    layout: widgets.Layout | None = None,
    classes: tuple[str, ...] = (),
) -> widgets.Button:
    """A button sized to its words, so no label is cut off on a projector: in a row it keeps
    that size (``flex: none``), and the fields beside it give way when the row is narrow.
    ``layout``, when given, is its place in a table (``Grid.layout``) instead; ``classes``
    are given as it is made (a class added afterwards is one more message)."""
    layout = layout or widgets.Layout(width="auto", flex="none")
    style = shared_style(widgets.Button)
    return widgets.Button(
        description=description,
        icon=icon,
        tooltip=tooltip,
        layout=layout,
        style=style,
        _dom_classes=classes,
    )


#: How long Enter waits for its box's value before acting on the value the kernel has. The
#: page sends the value right behind the key's own message, so this is only ever waited out
#: when Enter was pressed on a value already sent (pressed a second time, say).
ENTER_WAIT_SECONDS = 0.5


def on_enter(action: Callable[[], object], *boxes: widgets.Text) -> None:
    """Enter in any of ``boxes`` does what the button beside them does, as in any web form.

    The page tells the kernel of Enter in a message of its own (what ipywidgets' deprecated
    ``on_submit`` reads), sent *before* the value Enter commits; a box that sends its value
    as it is typed may still hold back the last keys, which the page sends once the kernel has
    answered for the ones before. So the boxes send their value on Enter or on leaving them
    (``continuous_update=False``), and the key waits for that value before it acts. A value
    sent on leaving the box, with no Enter before it, does nothing: a person who clicks
    elsewhere has not asked for anything. Nor has Enter in boxes all empty: pressed twice, it
    said "✓ Created" and then "✗ Type a name first"."""
    for box in boxes:
        _Enter(action, box, boxes)


class _Enter:
    """One box's Enter, waiting for the value that follows it (see ``on_enter``)."""

    def __init__(
        self, action: Callable[[], object], box: widgets.Text, group: Sequence[widgets.Text]
    ) -> None:
        self.action = action
        self.group = group  # the boxes the action reads
        self.waiting = False
        self.timer: Any = None  # the wait's end, while it waits under an event loop
        box.continuous_update = False
        box.on_msg(self.pressed)
        box.observe(lambda _: self.act(), "value")

    def pressed(self, _box: widgets.Widget, content: dict[str, Any], _buffers: object) -> None:
        if content.get("event") != "submit":
            return
        self.waiting = True
        self.timer = _later(ENTER_WAIT_SECONDS, self.act)
        if self.timer is None:  # no event loop (a script, a test): the value is there
            self.act()

    def act(self) -> None:
        if not self.waiting:
            return
        self.waiting = False
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if any(str(box.value).strip() for box in self.group):
            self.action()


def _later(seconds: float, then: Callable[[], object]) -> Any:
    """``then`` run in ``seconds`` by the kernel's event loop; None where none runs."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop.call_later(seconds, then)


def icon_button(name: str, icon: str) -> widgets.Button:
    """A button shown as its icon alone, named by ``name`` for a screen reader (and by its
    title for the mouse). A button with no words was named by its icon's glyph, a character
    with no meaning, since a title does not name what has content; the words are there, out
    of sight (``ICON_ONLY`` in ``STYLE``)."""
    # Its width is the class's (the icon's), not its words'.
    return button(name, icon, name, widgets.Layout(flex="none"), (ICON_ONLY,))


def download_link(filename: str, data: bytes, mime: str, text: str) -> str:
    """A link that downloads ``data``; a data URI works in JupyterLab, Voilà and on a hub."""
    import base64

    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<a download="{html.escape(filename)}" href="data:{mime};base64,{encoded}" '
        f'style="margin-right:1.2em">⬇ {html.escape(text)}</a>'
    )


def choices_across(
    options: Sequence[tuple[str, Any]],
    hint: str = "",
    description: str = "",
    value: Any = None,
    style: widgets.Widget | dict[str, str] | None = None,
) -> widgets.RadioButtons:
    """A row of choices, one of which a person picks (a pulse answer, a rating, how the vote
    is held, the paper): radio buttons, which a screen reader names as chosen or not. Toggle
    buttons showed the choice by their colour alone, and said nothing of it to a screen
    reader. ``hint``: what the choices mean, shown on hover; ``description``: the label
    beside them, styled by ``style``."""
    return widgets.RadioButtons(
        options=list(options),
        value=value,
        description=description,
        tooltip=hint or description or None,
        layout=widgets.Layout(width="auto", max_width=WHOLE),
        _dom_classes=("gaptools-across",),
        **({"style": style} if style is not None else {}),
    )


def file_upload(accept: str, what: str, multiple: bool = False) -> widgets.FileUpload:
    """An upload button that says, on hover, what to choose: with no tooltip its title read
    "null" (ipywidgets writes the missing one)."""
    return widgets.FileUpload(accept=accept, multiple=multiple, tooltip=f"Choose {what}")


def chosen_files(upload: widgets.FileUpload) -> widgets.HTML:
    """The names of the files ``upload`` holds, kept up to date: its button says only how
    many ('Upload (1)'), which leaves a person unsure they picked the right export."""
    said = widgets.HTML()

    def follow(_: object = None) -> None:
        names = [str(f["name"]) for f in upload.value]
        chosen = html.escape(", ".join(names))
        said.value = f"<span class='gaptools-chosen'>Chosen: {chosen}</span>" if names else ""

    upload.observe(follow, "value")
    return said


def explained(summary: str, terms: Sequence[tuple[str, str]]) -> widgets.HTML:
    """What each term means, under a line that opens it (``<details>``, which needs no
    script). What a hovered title said never reached a tablet or a projector's audience."""
    said = "".join(
        f"<li><b>{html.escape(term)}</b>: {html.escape(meaning)}</li>" for term, meaning in terms
    )
    return widgets.HTML(
        f"<details class='gaptools-explain'><summary>{html.escape(summary)}</summary>"
        f"<ul>{said}</ul></details>"
    )


def heading(text: str, note: str = "") -> widgets.HTML:
    body = f"<h3>{html.escape(text)}</h3>"
    if note:
        body += f"<p>{html.escape(note)}</p>"
    return widgets.HTML(body)


def bullet_list(items: Sequence[str], empty: str) -> str:
    if not items:
        return f"<p>✓ {html.escape(empty)}</p>"
    lines = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    return f'<ul class="gaptools-gaps">{lines}</ul>'


def clock(moment: dt.time) -> str:
    return moment.strftime("%H:%M")
