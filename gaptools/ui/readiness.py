"""Step 5 form: the production checklist, the risk register and the limits of agents."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from gaptools.core.model import (
    AutonomyLevel,
    ChecklistState,
    Initiative,
    RegulatoryTier,
    Risk,
    RiskKind,
    Workshop,
)
from gaptools.steps.readiness import (
    checklist_items,
    flags,
    groups,
    not_ready,
    readiness,
    risk_level,
    state,
    tier_duties,
)
from gaptools.ui.kit import Form, InitiativePicker, at, button, heading
from gaptools.ui.session import WorkshopSession

STATES = [(s.label, s.value) for s in ChecklistState]
SYMBOLS = {
    ChecklistState.DONE: "✓",
    ChecklistState.IN_PROGRESS: "◐",
    ChecklistState.NOT_STARTED: "✗",
    ChecklistState.NOT_APPLICABLE: "–",
}
TIERS = [("— not assessed", "")] + [(t.label, t.value) for t in RegulatoryTier]
LEVELS = [("— not set", "")] + [(a.label, a.value) for a in AutonomyLevel]
KINDS = [(k.label, k.value) for k in RiskKind]
SCALE = [(str(n), n) for n in range(1, 6)]


def show(path: str | None = None) -> widgets.VBox:
    return ReadinessForm(WorkshopSession.open(path)).widget


class ReadinessForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session)
        f = self.form
        self.picker = InitiativePicker(session, _picker_label)
        pick = self.picker
        self.checklist = [self._state_box(item) for item in checklist_items()]
        self.tier = f.choice(
            "Regulatory tier",
            TIERS,
            lambda w: (
                t.value if (i := pick.current(w)) and (t := i.readiness.regulatory_tier) else ""
            ),
            lambda w, v: setattr(pick.chosen(w).readiness, "regulatory_tier", v or None),
        )
        self.autonomy = [
            f.choice(
                "Autonomy level",
                LEVELS,
                lambda w: (
                    lv.value
                    if (i := pick.current(w)) and (lv := i.readiness.autonomy.level)
                    else ""
                ),
                lambda w, v: setattr(pick.chosen(w).readiness.autonomy, "level", v or None),
            ),
            self._autonomy_text("Human oversight point", "oversight_point"),
            self._autonomy_text("Escalation path", "escalation_path"),
            self._autonomy_text("Failure recovery", "failure_recovery"),
        ]
        self.new_risk = button("Add a risk", "plus")
        self.new_risk.on_click(lambda _: self.add_risk())
        self.risk_rows = f.rebuilt(
            lambda w: (pick.selected, len(i.readiness.risks) if (i := pick.current(w)) else 0),
            self._risk_rows,
        )
        self.widget = f.layout(
            heading("Findings"),
            f.live(_flags_html),
            heading("Readiness at a glance", _legend()),
            f.live(_overview_html),
            heading("Check one initiative", "Pick it, then mark each item of the checklist."),
            pick.widget,
            f.live(lambda w: _detail_html(pick.current(w))),
            *self.checklist,
            heading("Regulatory tier"),
            self.tier,
            f.live(lambda w: _tier_html(pick.current(w))),
            heading(
                "Autonomy boundaries",
                "For agentic initiatives: how far may it act alone, who watches, who takes over.",
            ),
            *self.autonomy,
            heading("Risk register", "Likelihood and impact from 1 (low) to 5 (high)."),
            self.risk_rows,
            self.new_risk,
            heading("All risks: likelihood × impact"),
            f.live(_matrix_html),
        )

    def _state_box(self, item) -> widgets.Dropdown:
        pick = self.picker

        def write(workshop: Workshop, code: str) -> None:
            checklist = dict(pick.chosen(workshop).readiness.checklist)
            checklist[item.key] = code
            pick.chosen(workshop).readiness.checklist = checklist

        box = self.form.choice(
            item.label,
            STATES,
            lambda w: state(i, item.key).value if (i := pick.current(w)) else "not_started",
            write,
        )
        box.tooltip = item.help
        return box

    def _autonomy_text(self, label: str, field: str) -> widgets.Text:
        pick = self.picker
        return self.form.text(
            label,
            lambda w: getattr(i.readiness.autonomy, field) if (i := pick.current(w)) else "",
            lambda w, v: setattr(pick.chosen(w).readiness.autonomy, field, v),
        )

    # -- risks -----------------------------------------------------------------------------
    def _risk_rows(self, workshop: Workshop) -> list[widgets.Widget]:
        chosen = self.picker.current(workshop)
        count = len(chosen.readiness.risks) if chosen else 0
        if not count:
            return [widgets.HTML("<p>No risks recorded for this initiative.</p>")]
        header = widgets.HTML(
            "<div style='display:flex;gap:4px;font-weight:bold'>"
            "<span style='width:14em'>Risk</span><span style='width:5em'>Likelihood</span>"
            "<span style='width:5em'>Impact</span><span style='width:22em'>Mitigation</span>"
            "<span style='width:11em'>Owner</span></div>"
        )
        return [header, *(self._risk_row(n) for n in range(count))]

    def _risk_row(self, index: int) -> widgets.HBox:
        pick, f = self.picker, self.form

        def risk(workshop: Workshop) -> Risk | None:
            chosen = pick.current(workshop)
            return at(chosen.readiness.risks, index) if chosen else None

        def setter(field: str) -> Callable[[Workshop, object], None]:
            return lambda w, v: setattr(pick.chosen(w).readiness.risks[index], field, v)

        def width(size: str) -> widgets.Layout:
            return widgets.Layout(width=size)

        kind = f.bind(
            widgets.Dropdown(options=KINDS, layout=width("14em")),
            f"risk {index + 1}",
            lambda w: r.kind.value if (r := risk(w)) else RiskKind.HALLUCINATION.value,
            setter("kind"),
        )
        likelihood = f.bind(
            widgets.Dropdown(options=SCALE, layout=width("5em")),
            f"likelihood of risk {index + 1}",
            lambda w: r.likelihood if (r := risk(w)) else 1,
            setter("likelihood"),
        )
        impact = f.bind(
            widgets.Dropdown(options=SCALE, layout=width("5em")),
            f"impact of risk {index + 1}",
            lambda w: r.impact if (r := risk(w)) else 1,
            setter("impact"),
        )
        mitigation = f.bind(
            widgets.Text(
                continuous_update=False, placeholder="what reduces it", layout=width("22em")
            ),
            f"mitigation of risk {index + 1}",
            lambda w: r.mitigation if (r := risk(w)) else "",
            setter("mitigation"),
        )
        owner = f.bind(
            widgets.Text(continuous_update=False, placeholder="who", layout=width("11em")),
            f"owner of risk {index + 1}",
            lambda w: r.owner if (r := risk(w)) else "",
            setter("owner"),
        )
        remove = button("Remove", "trash")
        remove.on_click(lambda _: self.remove_risk(index))
        return widgets.HBox([kind, likelihood, impact, mitigation, owner, remove])

    def add_risk(self) -> None:
        def add(workshop: Workshop) -> None:
            chosen = self.picker.chosen(workshop)
            chosen.readiness.risks.append(Risk(kind=RiskKind.HALLUCINATION, likelihood=3, impact=3))

        self.form.status.show(self.session.update(add, "added a risk"))

    def remove_risk(self, index: int) -> None:
        def drop(workshop: Workshop) -> None:
            del self.picker.chosen(workshop).readiness.risks[index]

        self.form.status.show(self.session.update(drop, f"removed risk {index + 1}"))


def _picker_label(initiative: Initiative, workshop: Workshop) -> str:
    score = readiness(initiative)
    return f"{initiative.name} · {score.share_done:.0%} done"


def _legend() -> str:
    return "✓ done · ◐ in progress · ✗ not started · – not applicable. Weakest group in bold."


def _flags_html(workshop: Workshop) -> str:
    blocked = not_ready(workshop)
    found, live = flags(workshop), workshop.live_initiatives()
    parts = [
        f"<p style='font-size:1.25em'><b>{len(blocked)} of {len(live)} initiatives "
        "have a group of the checklist not even started.</b></p>"
    ]
    if found:
        items = "".join(
            f"<li><b>! {html.escape(f.initiative)}</b>: {html.escape(f.message)} "
            f"<small>[{f.rule}]</small></li>"
            for f in found
        )
        parts.append(f"<ul class='gaptools-gaps'>{items}</ul>")
    else:
        parts.append("<p>✓ No high risk without mitigation, and every agent has limits.</p>")
    return "".join(parts)


def _overview_html(workshop: Workshop) -> str:
    items = checklist_items()
    if not workshop.initiatives:
        return "<p>No initiatives yet.</p>"
    labels = dict(groups())
    head = "".join(
        f"<th title='{html.escape(i.help)}' style='font-size:0.8em'>{html.escape(i.label)}</th>"
        for i in items
    )
    rows = []
    for initiative in workshop.live_initiatives():
        score = readiness(initiative)
        cells = "".join(
            f"<td style='text-align:center'>{SYMBOLS[state(initiative, i.key)]}</td>" for i in items
        )
        weakest = labels.get(score.weakest or "", "—")
        rows.append(
            f"<tr><td>{html.escape(initiative.name)}</td>{cells}"
            f"<td>{score.share_done:.0%}</td><td><b>{html.escape(weakest)}</b> "
            f"{score.weakest_score:.0%}</td></tr>"
        )
    return (
        "<table class='gaptools-table'><thead><tr><th>Initiative</th>"
        f"{head}<th>Done</th><th>Weakest link</th></tr></thead><tbody>{''.join(rows)}"
        "</tbody></table>"
    )


def _detail_html(initiative: Initiative | None) -> str:
    if initiative is None:
        return "<p>No initiatives yet: add them in step 1.</p>"
    score = readiness(initiative)
    labels = dict(groups())
    by_group = " · ".join(f"{labels[g]} {v:.0%}" for g, v in score.groups.items())
    weakest = labels.get(score.weakest or "", "—")
    return (
        f"<p style='font-size:1.15em'><b>{score.share_done:.0%} done.</b> {by_group}. "
        f"Weakest link: <b>{html.escape(weakest)}</b>"
        + (
            " — not started, so it cannot go to production yet."
            if score.weakest_not_started
            else "."
        )
        + "</p>"
    )


def _tier_html(initiative: Initiative | None) -> str:
    if initiative is None or initiative.readiness.regulatory_tier is None:
        return "<p>Not assessed. Ask counsel which tier the use falls in.</p>"
    tier = tier_duties(initiative.readiness.regulatory_tier)
    duties = "".join(
        f"<li>{html.escape(d['duty'])}"
        + (f" <small>(from {html.escape(d['from'])})</small>" if d.get("from") else "")
        + "</li>"
        for d in tier["duties"]
    )
    label, summary = html.escape(tier["label"]), html.escape(tier["summary"])
    return f"<p><b>{label}</b>: {summary}</p><ul>{duties}</ul>"


def _matrix_html(workshop: Workshop) -> str:
    cells: dict[tuple[int, int], list[str]] = {}
    for initiative in workshop.live_initiatives():
        for risk in initiative.readiness.risks:
            mark = "" if risk.mitigation.strip() else " (no mitigation)"
            cells.setdefault((risk.likelihood, risk.impact), []).append(
                f"{initiative.name}: {risk.kind.label}{mark}"
            )
    if not cells:
        return "<p>No risks recorded yet.</p>"
    shade = {"high": "#D55E00", "medium": "#E69F00", "low": "#F0F0F0"}
    rows = []
    for likelihood in range(5, 0, -1):
        tds = []
        for impact in range(1, 6):
            level = risk_level(Risk(kind=RiskKind.BIAS, likelihood=likelihood, impact=impact))
            entries = "<br>".join(html.escape(e) for e in cells.get((likelihood, impact), []))
            tds.append(
                f"<td style='background:{shade[level]}20;border:1px solid #999;vertical-align:top;"
                f"width:11em;font-size:0.85em'><small>{level} · {likelihood * impact}</small>"
                f"<br>{entries}</td>"
            )
        rows.append(f"<tr><th>{likelihood}</th>{''.join(tds)}</tr>")
    impacts = "".join(f"<th>{n}</th>" for n in range(1, 6))
    return (
        "<table class='gaptools-table'><caption>Rows: likelihood · columns: impact</caption>"
        f"{''.join(rows)}<tr><th></th>{impacts}</tr></table>"
    )
