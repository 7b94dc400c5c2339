"""Step 3 form: each initiative's value as metric, magnitude and date, with a live verdict."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from gaptools.core.model import Initiative, Workshop
from gaptools.core.numbers import plain
from gaptools.files.sheets import number_cell
from gaptools.steps.value import (
    DEPLOY_READY,
    is_deploy_ready,
    value_gaps,
    value_sentence,
    value_status,
    value_warnings,
)
from gaptools.ui.kit import Form, InitiativePicker, heading
from gaptools.ui.session import WorkshopSession

BADGES = {
    DEPLOY_READY: ("✓ deploy-ready", "#009E73"),
    "explore": ("◌ explore", "#E69F00"),
}


def show(path: str | None = None) -> widgets.VBox:
    return ValueForm(WorkshopSession.open(path)).widget


class ValueForm:
    """One editor that follows the chosen initiative, above an overview of all of them."""

    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session)
        self.picker = InitiativePicker(
            session,
            lambda i, w: f"{'✓' if is_deploy_ready(i.value, w.meta.date) else '◌'} {i.name}",
            start=_first_to_explore(session.workshop),
        )
        f = self.form
        self.fields = [
            f.text("Metric", self._read("metric"), self._write("metric"), "what number moves?"),
            f.text("Unit", self._read("unit"), self._write("unit"), "e.g. minutes, %, GBP"),
            self._number("Baseline (today)", "baseline"),
            self._number("Target", "target"),
            f.date("By (date)", self._read("due", None), self._write("due")),
            f.text("Who measures it", self._read("measured_by"), self._write("measured_by")),
            f.text("Lead measure 1", self._lead(0), self._write_lead(0), "moved weekly"),
            f.text("Lead measure 2", self._lead(1), self._write_lead(1), "optional"),
            f.text(
                "Guardrail",
                self._read("guardrail"),
                self._write("guardrail"),
                "a metric that must not get worse",
            ),
        ]
        self.widget = f.layout(
            heading(
                "Define the value",
                "Pick an initiative, then answer: what metric moves, from what, to what, by when?",
            ),
            self.picker.widget,
            f.live(lambda w: _verdict_html(self.picker.current(w), w)),
            *self.fields,
            heading("All initiatives"),
            f.live(_overview_html),
        )

    # -- reading and writing the chosen initiative's value --------------------------------
    def _read(self, field: str, default: object = "") -> Callable[[Workshop], object]:
        def read(workshop: Workshop) -> object:
            chosen = self.picker.current(workshop)
            return getattr(chosen.value, field) if chosen else default

        return read

    def _write(self, field: str) -> Callable[[Workshop, object], None]:
        def write(workshop: Workshop, value: object) -> None:
            setattr(self.picker.chosen(workshop).value, field, value)

        return write

    def _number(self, label: str, field: str) -> widgets.Text:
        """A text box, so that a typo can be explained instead of silently becoming 0."""

        def read(workshop: Workshop) -> str:
            chosen = self.picker.current(workshop)
            number = getattr(chosen.value, field) if chosen else None
            return "" if number is None else plain(number).replace("−", "-")

        def write(workshop: Workshop, text: str) -> None:
            self._write(field)(workshop, number_cell(text))

        return self.form.text(label, read, write, "a number, e.g. 18 or 1,200")

    def _lead(self, position: int) -> Callable[[Workshop], str]:
        def read(workshop: Workshop) -> str:
            chosen = self.picker.current(workshop)
            leads = chosen.value.lead_measures if chosen else []
            return leads[position] if position < len(leads) else ""

        return read

    def _write_lead(self, position: int) -> Callable[[Workshop, str], None]:
        def write(workshop: Workshop, text: str) -> None:
            chosen = self.picker.chosen(workshop)
            leads = list(chosen.value.lead_measures)
            leads.extend([""] * (position + 1 - len(leads)))
            leads[position] = text
            chosen.value.lead_measures = [m for m in leads if m.strip()]

        return write


def _first_to_explore(workshop: Workshop) -> int:
    date = workshop.meta.date
    for index, initiative in enumerate(workshop.initiatives):
        if not is_deploy_ready(initiative.value, date):
            return index
    return 0 if workshop.initiatives else -1


def _badge(status: str) -> str:
    text, colour = BADGES[status]
    return (
        f"<span class='gaptools-badge' style='border:2px solid {colour};padding:1px 8px;"
        f"border-radius:10px;font-weight:bold'>{text}</span>"
    )


def _verdict_html(initiative: Initiative | None, workshop: Workshop) -> str:
    if initiative is None:
        return "<p>No initiatives yet: add them in step 1.</p>"
    date = workshop.meta.date
    status = value_status(initiative.value, date)
    parts = [
        f"<p style='font-size:1.25em'>{_badge(status)} "
        f"<i>{html.escape(value_sentence(initiative.value))}</i></p>"
    ]
    gaps = value_gaps(initiative.value, date)
    if gaps:
        items = "".join(f"<li>{html.escape(g)}</li>" for g in gaps)
        parts.append(f"<p><b>Still to explore:</b></p><ul>{items}</ul>")
    warnings = value_warnings(initiative.value, date)
    if warnings:
        items = "".join(f"<li>{html.escape(w)}</li>" for w in warnings)
        parts.append(f"<p><b>Worth asking:</b></p><ul>{items}</ul>")
    return "".join(parts)


def _overview_html(workshop: Workshop) -> str:
    date = workshop.meta.date
    if not workshop.initiatives:
        return "<p>No initiatives yet.</p>"
    ready = sum(is_deploy_ready(i.value, date) for i in workshop.initiatives)
    rows = "".join(
        "<tr>"
        f"<td>{html.escape(i.name)}</td>"
        f"<td>{_badge(value_status(i.value, date))}</td>"
        f"<td>{html.escape(value_sentence(i.value))}"
        + (
            f"<br><small>{html.escape('; '.join(value_gaps(i.value, date)))}</small>"
            if not is_deploy_ready(i.value, date)
            else ""
        )
        + "</td></tr>"
        for i in workshop.initiatives
    )
    return (
        f"<p><b>{ready} of {len(workshop.initiatives)} initiatives are deploy-ready;</b> "
        "the rest are honest exploration.</p>"
        "<table class='gaptools-table'><thead><tr><th>Initiative</th><th>Status</th>"
        f"<th>Value</th></tr></thead><tbody>{rows}</tbody></table>"
    )
