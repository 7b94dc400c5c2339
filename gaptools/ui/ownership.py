"""Step 4 form: the responsibility map, its findings, a heatmap and who carries the load."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from gaptools.charts.steps import load_charts
from gaptools.core.model import Workshop
from gaptools.steps.ownership import (
    ERROR,
    Finding,
    add_function,
    findings,
    letters,
    remove_function,
    rename_function,
    unowned,
)
from gaptools.ui.kit import Form, at, button, heading
from gaptools.ui.session import WorkshopSession

LETTERS = [("", ""), ("R", "R"), ("A", "A"), ("C", "C"), ("I", "I")]
# Letters are always printed in the cell; the colours only help the eye.
CELL_COLOURS = {"A": "#0072B2", "R": "#56B4E9", "C": "#F0E442", "I": "#DDDDDD", "": "#FFFFFF"}
CELL_TEXT = {"A": "white"}
NAME_WIDTH = "15em"
CELL_WIDTH = "5.2em"


def show(path: str | None = None) -> widgets.VBox:
    return OwnershipForm(WorkshopSession.open(path)).widget


class OwnershipForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session)
        f = self.form
        self.new_function = widgets.Text(
            placeholder="e.g. Data protection", layout=widgets.Layout(width="16em")
        )
        add = button("Add function", "plus")
        add.on_click(lambda _: self.add_function())
        self.grid = f.rebuilt(
            lambda w: (len(w.initiatives), tuple(w.settings.functions)), self._grid
        )
        self.widget = f.layout(
            heading("Findings", "Fix the errors first; warnings are questions for the room."),
            f.live(_findings_html),
            heading(
                "Who owns what",
                "One letter per function: R does the work, A answers for the outcome (exactly "
                "one), C is consulted, I is informed. Name the accountable person too.",
            ),
            self.grid,
            heading("Map at a glance"),
            f.live(_heatmap_html),
            heading("Load"),
            f.whole_number(
                "Overloaded above",
                lambda w: w.settings.overload_threshold,
                lambda w, v: setattr(w.settings, "overload_threshold", v),
            ),
            f.live(load_charts),
            heading("Functions", "Rename, add or remove the columns to match your organisation."),
            f.rows(lambda w: len(w.settings.functions), self._function_row, "No functions."),
            widgets.HBox([self.new_function, add]),
        )

    # -- the grid --------------------------------------------------------------------------
    def _grid(self, workshop: Workshop) -> list[widgets.Widget]:
        functions = list(workshop.settings.functions)
        header = widgets.HTML(
            "<div style='display:flex;gap:4px;font-weight:bold;align-items:flex-end'>"
            f"<span style='width:{NAME_WIDTH}'>Initiative</span>"
            "<span style='width:13em'>Accountable person</span>"
            "<span style='width:6.5em'>Sensitive data</span>"
            "<span style='width:5.5em'>Agentic</span>"
            + "".join(
                f"<span style='width:{CELL_WIDTH};font-size:0.85em;line-height:1.1'>"
                f"{html.escape(fn)}</span>"
                for fn in functions
            )
            + "</div>"
        )
        rows = [self._grid_row(i, functions) for i in range(len(workshop.initiatives))]
        return [header, *rows] if rows else [widgets.HTML("<p>No initiatives yet.</p>")]

    def _grid_row(self, index: int, functions: list[str]) -> widgets.HBox:
        f = self.form

        def initiative(workshop: Workshop):
            return at(workshop.initiatives, index)

        name = f.live(lambda w: html.escape(i.name) if (i := initiative(w)) else "")
        name.layout.width = NAME_WIDTH
        person = f.bind(
            widgets.Text(
                continuous_update=False, placeholder="name", layout=widgets.Layout(width="13em")
            ),
            f"accountable person for initiative {index + 1}",
            lambda w: i.ownership.accountable if (i := initiative(w)) else "",
            lambda w, v: setattr(w.initiatives[index].ownership, "accountable", v),
        )
        sensitive = f.bind(
            widgets.Checkbox(indent=False, layout=widgets.Layout(width="6.5em")),
            f"sensitive data flag of initiative {index + 1}",
            lambda w: bool(i and i.ownership.sensitive_data) if (i := initiative(w)) else False,
            lambda w, v: setattr(w.initiatives[index].ownership, "sensitive_data", v),
        )
        agentic = f.bind(
            widgets.Checkbox(indent=False, layout=widgets.Layout(width="5.5em")),
            f"agentic flag of initiative {index + 1}",
            lambda w: bool(i.agentic) if (i := initiative(w)) else False,
            lambda w, v: setattr(w.initiatives[index], "agentic", v),
        )
        cells = [self._cell(index, function, initiative) for function in functions]
        return widgets.HBox([name, person, sensitive, agentic, *cells])

    def _cell(self, index: int, function: str, initiative: Callable) -> widgets.Dropdown:
        def write(workshop: Workshop, letter: str) -> None:
            raci = dict(workshop.initiatives[index].ownership.raci)
            if letter:
                raci[function] = letter
            else:
                raci.pop(function, None)
            workshop.initiatives[index].ownership.raci = raci

        return self.form.bind(
            widgets.Dropdown(options=LETTERS, layout=widgets.Layout(width=CELL_WIDTH)),
            f"{function} for initiative {index + 1}",
            lambda w: i.ownership.raci.get(function, "") if (i := initiative(w)) else "",
            write,
        )

    # -- functions -------------------------------------------------------------------------
    def _function_row(self, index: int) -> widgets.HBox:
        def current(workshop: Workshop) -> str:
            return at(workshop.settings.functions, index) or ""

        def rename(workshop: Workshop, new: str) -> None:
            rename_function(workshop, workshop.settings.functions[index], new)

        box = self.form.bind(
            widgets.Text(continuous_update=False, layout=widgets.Layout(width="16em")),
            f"function {index + 1}",
            current,
            rename,
        )
        remove = button("Remove", "trash")
        remove.on_click(lambda _: self.remove_function(index))
        return widgets.HBox([box, remove])

    def add_function(self) -> None:
        name = self.new_function.value
        outcome = self.session.update(lambda w: add_function(w, name), f"added function {name}")
        self.form.status.show(outcome)
        if outcome.ok:
            self.new_function.value = ""

    def remove_function(self, index: int) -> None:
        name = self.session.workshop.settings.functions[index]
        self.form.status.show(
            self.session.update(lambda w: remove_function(w, name), f"removed function {name}")
        )


# -- live views --------------------------------------------------------------------------------
def _findings_html(workshop: Workshop) -> str:
    found = findings(workshop)
    owners, live = unowned(workshop), workshop.live_initiatives()
    head = (
        f"<p style='font-size:1.25em'><b>{len(owners)} of {len(live)} active "
        f"initiatives have no single named accountable owner.</b></p>"
    )
    if not found:
        return head + "<p>✓ No findings: every initiative has one named owner.</p>"
    items = "".join(_finding_item(f) for f in found)
    return head + f"<ul class='gaptools-gaps'>{items}</ul>"


def _finding_item(finding: Finding) -> str:
    mark = "✗ error" if finding.severity == ERROR else "! warning"
    where = finding.initiative or finding.subject
    return (
        f"<li><b>{mark}</b> · <b>{html.escape(where)}</b>: {html.escape(finding.message)} "
        f"<small>[{finding.rule}]</small></li>"
    )


def _heatmap_html(workshop: Workshop) -> str:
    functions = workshop.settings.functions
    if not workshop.initiatives:
        return "<p>No initiatives yet.</p>"
    head = "".join(f"<th style='font-size:0.85em'>{html.escape(f)}</th>" for f in functions)
    body = []
    for initiative in workshop.initiatives:
        marks = letters(initiative, functions)
        cells = "".join(_heat_cell(marks.get(f, "")) for f in functions)
        person = html.escape(initiative.ownership.accountable or "—")
        body.append(f"<tr><td>{html.escape(initiative.name)}</td><td>{person}</td>{cells}</tr>")
    return (
        "<table class='gaptools-table gaptools-heatmap'><thead><tr><th>Initiative</th>"
        f"<th>Accountable</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _heat_cell(letter: str) -> str:
    colour = CELL_COLOURS[letter]
    text = CELL_TEXT.get(letter, "black")
    return (
        f"<td style='background:{colour};color:{text};text-align:center;font-weight:bold;"
        f"min-width:2.2em'>{letter or '·'}</td>"
    )
