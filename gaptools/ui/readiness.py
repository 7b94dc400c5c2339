"""Step 5 form: the production checklist, the risk register and the limits of agents."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import ipywidgets as widgets

from gaptools.core.errors import WorkshopError
from gaptools.core.model import (
    AutonomyLevel,
    ChecklistState,
    Initiative,
    RegulatoryTier,
    Risk,
    RiskKind,
    Stage,
    Workshop,
)
from gaptools.core.numbers import percent
from gaptools.core.quarter import day_text
from gaptools.core.text import plural
from gaptools.steps.readiness import (
    Flag,
    checklist_items,
    flags_in_groups,
    groups,
    initiative_flags,
    not_ready,
    readiness,
    risk_level,
    state,
    tier_duties,
    unmitigated,
    weakest_name,
)
from gaptools.ui.blocks import BLOCK_ROWS, table_blocks, turned_heading
from gaptools.ui.fields import Field
from gaptools.ui.kit import (
    CHOOSE,
    Column,
    Form,
    Grid,
    Grouped,
    InitiativePicker,
    RowMemo,
    beside,
    button,
    entry,
    explained,
    heading,
    opened,
    said_done,
)
from gaptools.ui.session import WorkshopSession
from gaptools.ui.styles import named_inline, shared_style

STEP = "05_readiness_governance"

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
TIER = Field("Regulatory tier", "readiness.regulatory_tier", "choice", options=TIERS)
AUTONOMY_FIELDS = [
    Field("Autonomy level", "readiness.autonomy.level", "choice", options=LEVELS),
    Field("Human oversight point", "readiness.autonomy.oversight_point"),
    Field("Escalation path", "readiness.autonomy.escalation_path"),
    Field("Failure recovery", "readiness.autonomy.failure_recovery"),
]
RISK_FIELDS = [
    Field("Risk", "kind", "choice", options=KINDS, inline=True),
    Field("Likelihood", "likelihood", "choice", options=SCALE, inline=True),
    Field("Impact", "impact", "choice", options=SCALE, inline=True),
    Field("Mitigation", "mitigation", placeholder="what reduces it", inline=True),
    Field("Owner", "owner", placeholder="who", inline=True),
]
# The narrowest the columns go (41em and the gaps) fits a form at 200% zoom on a laptop.
RISK_GRID = Grid(
    [
        Column("Risk", "minmax(8.5em, 1.5fr)"),
        Column("Likelihood", "6.4em"),
        Column("Impact", "5.4em"),
        Column("Mitigation", "minmax(7.5em, 2fr)"),
        Column("Owner", "minmax(6em, 1fr)"),
        Column("", "7.2em"),
    ]
)


def show(path: str | None = None) -> widgets.Widget:
    return opened(lambda session: ReadinessForm(session).widget, path)


class ReadinessForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session, STEP)
        self._rows = RowMemo(_overview_row)
        # The flags a block of the list at a time, worked out once per change.
        self._flags = Grouped(lambda w: flags_in_groups(w, BLOCK_ROWS))
        f = self.form
        self._labels = RowMemo(_picker_label)
        self.picker = InitiativePicker(
            session,
            lambda i, _: self._labels.one(i.id, _label_shows(i), (i,)),
            say=self.form.removed_elsewhere,
        )
        pick = self.picker
        self.checklist = [self._state_box(item) for item in checklist_items()]
        self.tier = f.field(TIER, pick.current, missing=CHOOSE)
        self.autonomy = f.fields(AUTONOMY_FIELDS, pick.current, missing=CHOOSE)
        # A new risk is added as chosen, never as a stand-in: an unrated "Hallucination, 3 × 3"
        # left by the button reached the canvas as a medium risk nobody had named.
        self.new_kind, self.new_likelihood, self.new_impact = (
            widgets.Dropdown(
                options=[(unchosen, ""), *options],
                value="",
                layout=RISK_GRID.layout(column),
                style=shared_style(widgets.Dropdown),
                **named_inline({"tooltip": RISK_GRID.columns[column].label}),
            )
            for column, unchosen, options in (
                (0, "— choose", KINDS),
                (1, "—", SCALE),
                (2, "—", SCALE),
            )
        )
        self.new_risk = button("Add risk", "plus", layout=RISK_GRID.layout(5))
        self.new_risk.on_click(lambda _: self.add_risk())
        self.risk_added = widgets.HTML()  # what the button did, where the person is looking
        # Set when a risk was just added and nothing chosen since: a double click's second
        # click then changes nothing, instead of saying under the thanks that nothing is chosen.
        self._just_added = False
        for box in (self.new_kind, self.new_likelihood, self.new_impact):
            box.observe(lambda _: setattr(self, "_just_added", False), "value")
        self.risk_rows = f.rebuilt(
            lambda w: (
                pick.selected,
                tuple(r.id for r in i.readiness.risks) if (i := pick.current(w)) else (),
            ),
            self._risk_rows,
        )
        self.widget = f.layout(
            heading("Findings"),
            f.live(lambda w: _flags_head(w, self._flags.all(w))),
            f.listed(self._flags, _flag_item),
            heading("Readiness at a glance", _legend()),
            f.blocks(lambda w: _overview(w, self._rows)),
            heading("Check one initiative", "Pick it, then mark each item of the checklist."),
            pick.widget,
            f.live(lambda w: _detail_html(pick.current(w))),
            *self.checklist,
            explained(
                "What each item of the checklist means",
                [(i.label, i.help) for i in checklist_items()],
            ),
            heading("Regulatory tier"),
            self.tier,
            f.live(lambda w: _tier_html(pick.current(w))),
            heading(
                "Autonomy boundaries",
                "For agentic initiatives: how far may it act alone, who watches, who takes over.",
            ),
            *self.autonomy,
            f.live(lambda w: _autonomy_html(pick.current(w))),
            heading("Risk register", "Likelihood and impact from 1 (low) to 5 (high)."),
            self.risk_rows,
            widgets.HTML(f"<p>{NEW_RISK}</p>"),
            RISK_GRID.row(
                [
                    self.new_kind,
                    self.new_likelihood,
                    self.new_impact,
                    *(
                        widgets.HTML(layout=RISK_GRID.layout(n), style=shared_style(widgets.HTML))
                        for n in (3, 4)
                    ),
                    self.new_risk,
                ]
            ),
            self.risk_added,
            heading("All risks: likelihood × impact"),
            f.live(_matrix_html),
        )

    def _state_box(self, item) -> widgets.Dropdown:
        pick = self.picker

        def write(workshop: Workshop, code: str) -> None:
            checklist = dict(pick.chosen(workshop).readiness.checklist)
            checklist[item.key] = code
            pick.chosen(workshop).readiness.checklist = checklist

        return self.form.choice(
            item.label,
            STATES,
            lambda w: state(i, item.key).value if (i := pick.current(w)) else "not_started",
            write,
            tooltip=item.help,
            shows=lambda w: i.id if (i := pick.current(w)) else None,
        )

    # -- risks -----------------------------------------------------------------------------
    def _risk_rows(self, workshop: Workshop) -> list[widgets.Widget]:
        chosen = self.picker.current(workshop)
        if chosen is None or not chosen.readiness.risks:
            return [widgets.HTML("<p>No risks recorded for this initiative.</p>")]
        rows = [self._risk_row(chosen.id, r.id) for r in chosen.readiness.risks]
        return [RISK_GRID.header(), *rows]

    def _risk_row(self, initiative_id: str, risk_id: str) -> widgets.HBox:
        """A row bound to one risk of one initiative, whichever initiative is picked later,
        with its flag on a line under it while it is a high risk with no mitigation: the
        findings that say so are at the top of the form, far above the row being edited."""
        risks = _risks_of(initiative_id)
        row = self.form.entry_row(risks, risk_id, RISK_FIELDS, _risk_name, grid=RISK_GRID)
        flag = widgets.HTML(
            layout=widgets.Layout(display="none"), _dom_classes=("gaptools-refusal",)
        )

        def follow(workshop: Workshop) -> None:
            risk = entry(risks(workshop), risk_id)
            said = unmitigated(risk) if risk is not None else ""
            text = f"⚠ {html.escape(said)}: say what reduces it." if said else ""
            if flag.value != text:
                flag.value = text
            shown = None if text else "none"
            if flag.layout.display != shown:
                flag.layout.display = shown

        follow(self.session.workshop)
        self.session.subscribe(follow)
        row.children = (*row.children, flag)
        return row

    def add_risk(self) -> None:
        kind, likelihood, impact = (
            self.new_kind.value,
            self.new_likelihood.value,
            self.new_impact.value,
        )
        # Named, since it stays when another initiative is picked: "above" was that one's.
        picked = self.picker.current(self.session.workshop)
        where = f" to {picked.name}'s register" if picked is not None else ""
        if self._just_added:
            # Pressed again with nothing chosen: the risk is in; say what adds the next one.
            self.risk_added.value = said_done(
                f"Added{where}: its last row. Choose the next risk's kind, likelihood and "
                "impact to add another."
            )
            return

        def add(workshop: Workshop) -> None:
            if "" in (kind, likelihood, impact):
                raise WorkshopError(UNRATED)
            chosen = self.picker.chosen(workshop)
            risk = Risk(kind=RiskKind(kind), likelihood=likelihood, impact=impact)
            chosen.readiness.risks.append(risk)

        outcome = self.session.update(add, "added a risk")
        self.form.status.show(outcome)
        self.risk_added.value = beside(outcome, f"Added{where}: its last row.")
        if outcome.ok:
            for box in (self.new_kind, self.new_likelihood, self.new_impact):
                box.value = ""
            self._just_added = True

    def remove_risk(self, risk_id: str, initiative_id: str | None = None) -> None:
        owner = initiative_id or self.picker.selected or ""
        self.form.remove_entry(_risks_of(owner), risk_id, _risk_name)


NEW_RISK = "A new risk: choose what it is, its likelihood and its impact, then add it."
UNRATED = (
    "choose the risk, its likelihood and its impact first: an unrated risk would count in the "
    "scores as one somebody rated"
)


def _risks_of(initiative_id: str) -> Callable[[Workshop], list[Risk]]:
    """The risk register of one initiative, found by its id each time it is needed."""

    def risks(workshop: Workshop) -> list[Risk]:
        initiative = entry(workshop.initiatives, initiative_id)
        return initiative.readiness.risks if initiative else []

    return risks


def _risk_name(risk: Risk) -> str:
    return f"risk '{risk.kind.label}'"


def _risk_ids(initiative: Initiative | None) -> tuple[str, ...]:
    return tuple(r.id for r in initiative.readiness.risks) if initiative else ()


def _label_shows(initiative: Initiative) -> tuple[object, ...]:
    """What a picker label reads, as values: the name and the checklist's states."""
    return initiative.name, tuple(initiative.readiness.checklist.items())


def _picker_label(initiative: Initiative) -> str:
    """The name and the share of the checklist done: it reads the name and the checklist."""
    score = readiness(initiative)
    return f"{initiative.name} · {percent(score.share_done)} done"


def _legend() -> str:
    return (
        "✓ done · ◐ in progress (counts half) · ✗ not started · – not applicable. "
        "Weakest group in bold."
    )


def _flags_head(workshop: Workshop, found: list[Flag]) -> str:
    blocked = not_ready(workshop)
    live = workshop.live_initiatives()
    if not live and not found:  # "no high risk" would be said of none
        return (
            "<p style='font-size:1.25em'><b>No initiative to check.</b> Each one listed in "
            "step 1 is checked here.</p>"
        )
    head = (
        f"<p style='font-size:1.25em'><b>{len(blocked)} of {plural(len(live), 'initiative')} "
        f"{'has' if len(blocked) == 1 else 'have'} a group of the checklist not even "
        "started.</b></p>"
    )
    if not found:
        return head + "<p>✓ No high risk without mitigation, and every agent has limits.</p>"
    return head + f"<p>{plural(len(found), 'flag')} to settle before anything ships.</p>"


def _flag_item(flag: Flag) -> str:
    return (
        f'<li data-rule="{flag.rule}"><b>! {html.escape(flag.initiative)}</b>: '
        f"{html.escape(flag.message)}</li>"
    )


def _overview(workshop: Workshop, memo: RowMemo) -> list[str]:
    """Readiness at a glance, in blocks; ``memo`` keeps the rows a change did not touch."""
    items = checklist_items()
    if not workshop.initiatives:
        return ["<p>No initiatives yet.</p>"]
    head = "".join(turned_heading(i.label, i.help) for i in items)
    rows = memo.rows(
        (i.id, (i.name, i.readiness.checklist), (i, items)) for i in workshop.live_initiatives()
    )
    widths = ["", *["2.2em"] * len(items), "4em", "8.5em"]
    return table_blocks(
        f"<th>Initiative</th>{head}<th>Done</th><th>Weakest link</th>", rows, widths
    )


def _overview_row(initiative: Initiative, items: list) -> str:
    """One initiative's line: it reads only the name and the checklist."""
    score = readiness(initiative)
    cells = "".join(
        f"<td class='gaptools-narrow'>{SYMBOLS[state(initiative, i.key)]}</td>" for i in items
    )
    weakest = html.escape(weakest_name(score, "—"))
    if score.weakest:
        weakest = f"<b>{weakest}</b> {percent(score.weakest_score)}"
    return (
        f"<tr><td>{html.escape(initiative.name)}</td>{cells}"
        f"<td>{percent(score.share_done)}</td><td>{weakest}</td></tr>"
    )


def _detail_html(initiative: Initiative | None) -> str:
    if initiative is None:
        return "<p>No initiatives yet: add them in step 1.</p>"
    score = readiness(initiative)
    labels = dict(groups())
    by_group = " · ".join(f"{labels[g]} {percent(v)}" for g, v in score.groups.items())
    weakest = weakest_name(score, "—")
    return (
        f"<p style='font-size:1.15em'><b>{percent(score.share_done)} done.</b> {by_group}. "
        f"Weakest link: <b>{html.escape(weakest)}</b>"
        + _not_started_note(initiative, score.weakest_not_started)
        + "</p>"
    )


def _not_started_note(initiative: Initiative, not_started: bool) -> str:
    if not not_started:
        return "."
    if initiative.stage is Stage.PRODUCTION:
        return " — not started, though it is already live: the first gap to close."
    return " — not started, so it cannot go to production yet."


#: The rules of step 5 about an agent's autonomy: said under its fields as well as in the
#: findings at the top, where a leader filling the fields in did not see them.
AGENT_RULES = ("autonomy-", "agent-")


def _autonomy_html(initiative: Initiative | None) -> str:
    if initiative is None:
        return ""
    flags = [f.message for f in initiative_flags(initiative) if f.rule.startswith(AGENT_RULES)]
    if not flags:
        return ""
    lines = "".join(f"<li>⚠ {html.escape(message)}</li>" for message in flags)
    return f'<ul class="gaptools-gaps">{lines}</ul>'


def _tier_html(initiative: Initiative | None) -> str:
    if initiative is None or initiative.readiness.regulatory_tier is None:
        return "<p>Not assessed. Ask counsel which tier the use falls in.</p>"
    tier = tier_duties(initiative.readiness.regulatory_tier)
    duties = "".join(
        f"<li>{html.escape(d['duty'])}"
        + (f" <small>(from {_from_day(d['from'])})</small>" if d.get("from") else "")
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


def _from_day(written: str) -> str:
    """A duty's start as the page writes dates ("from 2 Aug 2026", not "2026-08-02")."""
    try:
        return day_text(dt.date.fromisoformat(written))
    except ValueError:
        return html.escape(written)
