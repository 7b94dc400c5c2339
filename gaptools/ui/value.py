"""Step 3 form: each initiative's value as metric, magnitude and date, with a live verdict."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from gaptools.core.model import Initiative, Workshop
from gaptools.core.numbers import typed_unit
from gaptools.core.quarter import planned_quarter
from gaptools.files.sheets import number_cell
from gaptools.steps.value import (
    DEPLOY_READY,
    EXPLORE,
    check_size,
    set_amount,
    value_counts,
    value_gaps,
    value_sentence,
    value_verdict,
    value_warnings,
)
from gaptools.ui.blocks import table_blocks
from gaptools.ui.fields import Field
from gaptools.ui.kit import CHOOSE, Form, InitiativePicker, RowMemo, heading, opened
from gaptools.ui.session import WorkshopSession

STEP = "03_define_value"

BADGES = {
    DEPLOY_READY: ("✓ deploy-ready", "#009E73"),
    EXPLORE: ("◌ explore", "#E69F00"),
    "in production": ("● in production", "#0072B2"),
    "killed": ("– killed", "#777777"),
}


#: The overview's columns: the name, a badge ("✓ deploy-ready" fits), and the value with its
#: reasons taking the rest.
OVERVIEW_WIDTHS = ("30%", "11em", "")


def show(path: str | None = None) -> widgets.Widget:
    return opened(lambda session: ValueForm(session).widget, path)


def amount(which: str) -> Callable[[Workshop, Initiative, Any], None]:
    """How the baseline or the target box writes: the unit typed on the number ("60%")
    goes with it (``value.set_amount``), where a bare number box would drop it."""

    def apply(_: Workshop, initiative: Initiative, typed: Any) -> None:
        check_size(initiative.value.unit, typed)
        set_amount(initiative.value, which, number_cell(typed), typed_unit(typed))

    return apply


#: The amount boxes' hint: a budget's "£1.2m" is read as well as "1,200".
AMOUNT_HINT = "e.g. 1,200 or £1.2m"

VALUE_FIELDS = [
    Field("Metric", "value.metric", placeholder="what number moves?"),
    Field("Unit", "value.unit", placeholder="e.g. minutes, %, GBP"),
    Field("Baseline (today)", "value.baseline", "number", AMOUNT_HINT, apply=amount("baseline")),
    Field("Target", "value.target", "number", AMOUNT_HINT, apply=amount("target")),
    Field("By (date)", "value.due", "date"),
    Field("Who measures it", "value.measured_by"),
    Field("Lead measure 1", "value.lead_measures.0", placeholder="moved weekly"),
    Field("Lead measure 2", "value.lead_measures.1", placeholder="optional"),
    Field("Guardrail", "value.guardrail", placeholder="a metric that must not get worse"),
]


class ValueForm:
    """One editor that follows the chosen initiative, above an overview of all of them."""

    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session, STEP)
        self._rows = RowMemo(_overview_row)
        self._labels = RowMemo(_picker_label)
        self.picker = InitiativePicker(
            session,
            lambda i, w: self._labels.one(i.id, (i.name, i.stage, i.value, w.meta.date), (i, w)),
            start=_first_to_explore(session.workshop),
            say=self.form.removed_elsewhere,
        )
        f = self.form
        # Each change names its initiative ("Target of Invoice matching GenAI"): an Undo said
        # "undone: Target" while another initiative was on screen, and took back the other's.
        self.fields = f.fields(
            VALUE_FIELDS, self.picker.current, subject=self.picker.current_name, missing=CHOOSE
        )
        self.widget = f.layout(
            heading(
                "Define the value",
                "Pick an initiative, then answer: what metric moves, from what, to what, by when?",
            ),
            self.picker.widget,
            f.live(lambda w: _verdict_html(self.picker.current(w), w)),
            *self.fields,
            heading("All initiatives"),
            f.blocks(self._overview),
        )

    def _overview(self, workshop: Workshop) -> list[str]:
        """Every initiative's verdict, in blocks; a change redraws only the rows it touched."""
        if not workshop.initiatives:
            return ["<p>No initiatives yet.</p>"]
        date = workshop.meta.date
        rows = self._rows.rows(
            (i.id, (i.name, i.stage, i.value, date), (i, date)) for i in workshop.initiatives
        )
        return _overview_blocks(workshop, rows)


def _first_to_explore(workshop: Workshop) -> str | None:
    """Open on the first initiative in play that still needs its value worked out."""
    first = next(iter(value_counts(workshop).explore), None)
    found = workshop.initiative(first) if first else None
    return found.id if found else None


def _picker_label(initiative: Initiative, workshop: Workshop) -> str:
    """The verdict's mark and the name: it reads the name, stage, value and date."""
    return f"{_mark(value_verdict(initiative, workshop.meta.date))} {initiative.name}"


def _mark(status: str) -> str:
    """The badge's symbol alone, for the picker: ✓, ◌, ● or –."""
    return BADGES[status][0].split()[0]


def _has_value(initiative: Initiative) -> bool:
    value = initiative.value
    return bool(value.metric.strip() or value.baseline is not None or value.target is not None)


def _badge(status: str) -> str:
    """The status in a rounded frame of its colour; the frame's shape is in the form's
    stylesheet, so the overview's 200 badges do not each carry it to the page."""
    text, colour = BADGES[status]
    return f"<span class='gaptools-badge' style='border-color:{colour}'>{text}</span>"


def _verdict_html(initiative: Initiative | None, workshop: Workshop) -> str:
    """The badge and the value sentence; what is still to explore only for an initiative in
    play. One in production shows the value it was given, one killed nothing to explore."""
    if initiative is None:
        return "<p>No initiatives yet: add them in step 1.</p>"
    date = workshop.meta.date
    status = value_verdict(initiative, date)
    in_play = status in (DEPLOY_READY, EXPLORE)
    if in_play or _has_value(initiative):
        sentence = f"<i>{html.escape(value_sentence(initiative.value))}</i>"
    elif status == "killed":
        sentence = "<i>Stopped on purpose: nothing to explore.</i>"
    else:
        sentence = "<i>Running, with no value written down: give it one to show what it earns.</i>"
    parts = [f"<p style='font-size:1.25em'>{_badge(status)} {sentence}</p>"]
    gaps = value_gaps(initiative.value, date) if status == EXPLORE else []
    if gaps:
        items = "".join(f"<li>{html.escape(g)}</li>" for g in gaps)
        parts.append(f"<p><b>Still to explore:</b></p><ul>{items}</ul>")
    quarter = planned_quarter(workshop.meta)
    warnings = value_warnings(initiative.value, date, quarter) if status != "killed" else []
    if warnings:
        items = "".join(f"<li>{html.escape(w)}</li>" for w in warnings)
        parts.append(f"<p><b>Worth asking:</b></p><ul>{items}</ul>")
    return "".join(parts)


def _overview_blocks(workshop: Workshop, rows: list[str]) -> list[str]:
    summary = (
        f"<p><b>{html.escape(value_counts(workshop).summary)}</b> "
        "Exploring is honest work: the reasons say what to find out.</p>"
    )
    head = "<th>Initiative</th><th>Status</th><th>Value</th>"
    return table_blocks(head, rows, OVERVIEW_WIDTHS, before=summary)


def _overview_row(initiative: Initiative, date: dt.date) -> str:
    """One row: it reads the initiative's name, stage and value, and the workshop's date."""
    verdict = value_verdict(initiative, date)
    gaps = value_gaps(initiative.value, date) if verdict == EXPLORE else []
    reasons = f"<br><small>{html.escape('; '.join(gaps))}</small>" if gaps else ""
    return (
        f"<tr><td>{html.escape(initiative.name)}</td><td>{_badge(verdict)}</td>"
        f"<td>{html.escape(value_sentence(initiative.value))}{reasons}</td></tr>"
    )
