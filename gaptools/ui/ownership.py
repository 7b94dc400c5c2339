"""Step 4 form: the responsibility map, its findings, a heatmap and who carries the load."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable

import ipywidgets as widgets

from gaptools.charts.steps import load_charts
from gaptools.core.model import Initiative, Workshop
from gaptools.core.text import plural
from gaptools.steps.ownership import (
    ERROR,
    Finding,
    add_function,
    findings_in_groups,
    letters,
    people,
    remove_function,
    rename_function,
    unowned,
)
from gaptools.ui.blocks import BLOCK_ROWS, table_blocks, turned_heading
from gaptools.ui.fields import Field
from gaptools.ui.kit import (
    Column,
    Form,
    Grid,
    Grouped,
    OneLine,
    Pager,
    RowMemo,
    button,
    entry,
    heading,
    identity,
    initiative_lookup,
    on_enter,
    opened,
)
from gaptools.ui.session import WorkshopSession
from gaptools.ui.styles import named_inline, shared_style

STEP = "04_ownership"

LETTERS = [("", ""), ("R", "R"), ("A", "A"), ("C", "C"), ("I", "I")]
# Letters are always printed in the cell; the colours only help the eye.
CELL_COLOURS = {"A": "#0072B2", "R": "#56B4E9", "C": "#F0E442", "I": "#DDDDDD", "": "#FFFFFF"}
CELL_TEXT = {"A": "white"}
# A letter menu never narrower than this ("R" and its arrow, in large type).
LETTER_TRACK = "minmax(3.4em, 1fr)"


def show(path: str | None = None) -> widgets.Widget:
    return opened(lambda session: OwnershipForm(session).widget, path)


ROW_FIELDS = [
    Field(
        "Accountable person",
        "ownership.accountable",
        placeholder="name",
        inline=True,
        suggest=people,
    ),
    Field("Sensitive data", "ownership.sensitive_data", "flag", inline=True),
    Field("Agentic", "agentic", "flag", inline=True),
]
FIXED = ["Initiative", *(f.label for f in ROW_FIELDS)]


def raci_grid(functions: list[str]) -> Grid:
    """The map's layout for these functions: each initiative on two lines, its owner and
    flags on the first and one letter menu per function on the second, under the function's
    name. Every function gets an equal share of the full width, so eight (or more) names
    read in full, wrapped in their heading, at 1280 pixels; nothing scrolls sideways."""
    tracks = max(len(functions), len(FIXED))
    name_span = max(1, (tracks - 2) // 2)
    person_span = tracks - 2 - name_span
    first = ["name"] * name_span + ["person"] * person_span + ["sensitive", "agentic"]
    second = [f"f{n}" for n in range(len(functions))] + ["."] * (tracks - len(functions))
    areas = ["name", "person", "sensitive", "agentic"]
    columns = [Column(label, area=area) for label, area in zip(FIXED, areas, strict=True)]
    columns += [Column(fn, area=f"f{n}", note=fn) for n, fn in enumerate(functions)]
    # On a projector's whole page, one line, where an initiative's name and every function's
    # heading still read whole: each function's column as wide as its longest word.
    fixed = ("minmax(12em, 2fr)", "minmax(8em, 1.2fr)", "5.4em", "4.6em")
    floors = [_heading_width(fn) for fn in functions]
    letters = [f"minmax({floor:.1f}em, 1fr)" for floor in floors]
    gaps = GAP_EM * (len(FIXED) + len(functions) - 1)
    one_line = OneLine((*fixed, *letters), 30 + sum(floors) + gaps)
    lines = [" ".join(first), " ".join(second)]
    return Grid(columns, lines=lines, tracks=[LETTER_TRACK] * tracks, one_line=one_line)


#: Between two columns of a grid (``kit.STYLE``'s 6px), in ems of the form's type.
GAP_EM = 0.4


def _heading_width(function: str) -> float:
    """The ems a function's column needs for its heading's longest word in the headings'
    bold type (0.56em a letter, and the cell's edges; a slash stays with the word before it,
    where the heading breaks): "Engineering" 6.5em, "Product" 4.2em; never less than a letter
    menu needs."""
    longest = max((len(word) for word in re.findall(r"[^\s/]+/?", function)), default=0)
    return max(3.4, 0.56 * longest + 0.3)


class OwnershipForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session, STEP)
        self._heat_rows = RowMemo(_heat_row)
        # The findings a block of the list at a time, worked out once per change.
        self._found = Grouped(lambda w: findings_in_groups(w, BLOCK_ROWS))
        f = self.form
        self.new_function = widgets.Text(
            placeholder="e.g. Data protection",
            layout=widgets.Layout(width="16em"),
            **named_inline({"tooltip": "New function"}),
        )
        add = button("Add function", "plus")
        add.on_click(lambda _: self.add_function())
        on_enter(self.add_function, self.new_function)
        self.pager = Pager("Initiatives")
        self.grid = f.rebuilt(
            lambda w: (
                tuple(i.id for i in w.initiatives),
                tuple(w.settings.function_names()),
                self.pager.page,
            ),
            self._grid,
        )
        self.pager.on_turn = lambda: f.refresh(self.grid)
        self.widget = f.layout(
            heading("Findings", "Fix the errors first; warnings are questions for the room."),
            f.live(lambda w: _findings_head(w, self._found.all(w))),
            f.listed(self._found, _finding_item),
            heading(
                "Who owns what",
                "Each initiative: its accountable person and flags, then one letter per "
                "function (on a narrower screen, on a second line, under the shaded names). "
                "R does the work, A answers for the outcome (exactly one), C is consulted, I "
                "is informed.",
            ),
            self.grid,
            heading("Map at a glance"),
            f.blocks(lambda w: _heatmap(w, self._heat_rows)),
            heading("Load"),
            f.field(Field("Overloaded above", "overload_threshold", "whole"), lambda w: w.settings),
            f.live(load_charts),
            heading("Functions", "Rename, add or remove the columns to match your organisation."),
            f.rows(lambda w: w.settings.functions, self._function_row, "No functions."),
            widgets.HBox([self.new_function, add]),
            wide=True,
        )

    # -- the grid --------------------------------------------------------------------------
    def _grid(self, workshop: Workshop) -> list[widgets.Widget]:
        functions = workshop.settings.function_names()
        grid = raci_grid(functions)
        ids = [i.id for i in workshop.initiatives]
        rows = [self._grid_row(grid, key, functions) for key in self.pager.window(ids)]
        if not rows:
            return [widgets.HTML("<p>No initiatives yet.</p>")]
        return [self.pager.widget] * self.pager.needed(ids) + [grid.header(), *rows]

    def _grid_row(self, grid: Grid, initiative_id: str, functions: list[str]) -> widgets.HBox:
        f = self.form
        initiative, subject = initiative_lookup(initiative_id)
        name_place, *field_places = grid.layouts()
        name = f.name_cell(lambda w: i.name if (i := initiative(w)) else "", name_place)
        person, sensitive, agentic = f.fields(ROW_FIELDS, initiative, subject, layouts=field_places)
        letter_places = field_places[len(ROW_FIELDS) :]
        cells = [
            self._cell(initiative, subject, function, place)
            for function, place in zip(functions, letter_places, strict=True)
        ]
        return f.grid_row(grid, [name, person, sensitive, agentic, *cells])

    def _cell(
        self,
        initiative: Callable[[Workshop], Initiative | None],
        subject: Callable[[Workshop], str],
        function: str,
        layout: widgets.Layout,
    ) -> widgets.Dropdown:
        def write(workshop: Workshop, letter: str) -> None:
            found = initiative(workshop)
            if found is None:
                raise ValueError("that initiative was removed meanwhile: nothing changed")
            if function not in workshop.settings.function_names():
                raise ValueError(
                    f"the function '{function}' was removed meanwhile (in another notebook or "
                    "from the command line): nothing changed"
                )
            raci = dict(found.ownership.raci)
            if letter:
                raci[function] = letter
            else:
                raci.pop(function, None)
            found.ownership.raci = raci

        def read(workshop: Workshop) -> str:
            found = initiative(workshop)
            return found.ownership.raci.get(function, "") if found else ""

        return self.form.bound(
            widgets.Dropdown,
            lambda: f"{function} for {subject(self.session.workshop)}",
            read,
            write,
            shows=identity(initiative),
            options=LETTERS,
            tooltip=function,
            layout=layout,
            style=shared_style(widgets.Dropdown),
        )

    # -- functions -------------------------------------------------------------------------
    def _function_row(self, function_id: str) -> widgets.HBox:
        def current(workshop: Workshop) -> str:
            found = entry(workshop.settings.functions, function_id)
            return found.name if found else ""

        box = self.form.bound(
            widgets.Text,
            lambda: f"function {current(self.session.workshop)}",
            current,
            lambda w, new: rename_function(w, function_id, new),
            continuous_update=False,
            tooltip="Function",
            layout=widgets.Layout(width="16em"),
        )

        def removes(workshop: Workshop) -> str | None:
            found = entry(workshop.settings.functions, function_id)
            return f"Remove the function '{found.name}' and its letters" if found else None

        remove = self.form.naming(lambda words: button("Remove", "trash", words), removes)
        remove.on_click(lambda _: self.remove_function(function_id))
        return widgets.HBox([box, remove])

    def add_function(self) -> None:
        name = self.new_function.value
        outcome = self.session.update(lambda w: add_function(w, name), f"added function {name}")
        self.form.status.show(outcome)
        if outcome.ok:
            self.new_function.value = ""

    def remove_function(self, function_id: str) -> None:
        found = entry(self.session.workshop.settings.functions, function_id)
        what = f"removed function {found.name}" if found else "remove function"
        self.form.status.show(self.session.update(lambda w: remove_function(w, function_id), what))


# -- live views --------------------------------------------------------------------------------
def _findings_head(workshop: Workshop, found: list[Finding]) -> str:
    owners, in_play = unowned(workshop), workshop.in_play()
    if not in_play and not found:  # "every initiative has an owner" would be said of none
        return (
            "<p style='font-size:1.25em'><b>No initiative in play.</b> The ideas, pilots and "
            "stalled work listed in step 1 are mapped here.</p>"
        )
    verb = "has" if len(owners) == 1 else "have"
    if not owners and in_play:  # "0 of the 3 … have no named person" read as a double negative
        every = "The one initiative" if len(in_play) == 1 else f"All {len(in_play)} initiatives"
        said = f"{every} in play {'names' if len(in_play) == 1 else 'name'} an accountable person."
    else:
        said = (
            f"{len(owners)} of the {plural(len(in_play), 'initiative')} in play {verb} no "
            "named accountable person."
        )
    head = f"<p style='font-size:1.25em'><b>{said}</b></p>"
    if not found:
        return head + "<p>✓ No findings: every initiative has one named owner.</p>"
    return head + _count_line(found)


def _count_line(found: list[Finding]) -> str:
    """How many findings of each kind: the list below shows ten or so at a time and
    scrolls, so a finding more or less does not move the map under it."""
    errors = sum(1 for f in found if f.severity == ERROR)
    return (
        f"<p>{plural(len(found), 'finding')}: {plural(errors, 'error')}, "
        f"{plural(len(found) - errors, 'warning')}.</p>"
    )


def _finding_item(finding: Finding) -> str:
    """A finding about a person's or a function's load names them itself: "Sofia Marin:
    Sofia Marin (person) is accountable for…" said it twice."""
    mark = "✗ error" if finding.severity == ERROR else "! warning"
    where = f"<b>{html.escape(finding.initiative)}</b>: " if finding.initiative else ""
    return (
        f'<li data-rule="{finding.rule}"><b>{mark}</b> · {where}{html.escape(finding.message)}</li>'
    )


def _heatmap(workshop: Workshop, memo: RowMemo) -> list[str]:
    """The map at a glance, in blocks; ``memo`` keeps the rows a change did not touch."""
    functions = workshop.settings.function_names()
    if not workshop.initiatives:
        return ["<p>No initiatives yet.</p>"]
    head = "".join(turned_heading(f, f) for f in functions)
    rows = memo.rows(
        (i.id, (i.name, i.ownership, functions), (i, functions)) for i in workshop.initiatives
    )
    widths = ["", "11em"] + ["2.4em"] * len(functions)
    return table_blocks(
        f"<th>Initiative</th><th>Accountable</th>{head}",
        rows,
        widths,
        before=HEAT_STYLE,
        kind="gaptools-heatmap",
    )


def _heat_row(initiative: Initiative, functions: list[str]) -> str:
    """One initiative's line of the map: it reads the name and the ownership."""
    marks = letters(initiative, functions)
    cells = "".join(_heat_cell(marks.get(f, "")) for f in functions)
    person = html.escape(initiative.ownership.accountable or "—")
    return f"<tr><td>{html.escape(initiative.name)}</td><td>{person}</td>{cells}</tr>"


@functools.cache
def _heat_cell(letter: str) -> str:
    """One cell of the map, its look set by a short class: a map of 200 initiatives has
    1,600 cells, and a block of 160 is sent to the page again after a change to one."""
    return f"<td class=h{letter or '0'}>{letter or '·'}</td>"


HEAT_STYLE = (
    "<style>.gaptools-heatmap td[class^=h] { font-weight: bold; min-width: 2.2em; "
    "padding: 4px 2px; text-align: center; }"
    + "".join(
        f" .gaptools-heatmap td.h{letter or '0'} {{ background: {colour}; "
        f"color: {CELL_TEXT.get(letter, 'black')}; }}"
        for letter, colour in CELL_COLOURS.items()
    )
    + "</style>"
)
