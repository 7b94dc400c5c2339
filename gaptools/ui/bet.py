"""Step 7 form: gut check, dot vote, the facilitator's decision and the commitment card."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from gaptools.charts.steps import dots_chart, gut_chart
from gaptools.core.model import ExploreItem, Workshop
from gaptools.files.sheets import date_cell
from gaptools.steps.bet import bet_complete, bet_name, card_gaps, decide
from gaptools.steps.prioritise import rank
from gaptools.steps.readiness import gaps as readiness_gaps
from gaptools.steps.value import value_sentence
from gaptools.steps.voting import (
    cast,
    open_voting,
    record_gut_check,
    reset,
    result,
    reveal,
    set_limits,
    set_mode,
)
from gaptools.ui.kit import LABEL_STYLE, WIDE, Form, at, button, heading, keep_options
from gaptools.ui.session import WorkshopSession

NO_BET = "__no_bet__"
EXPLORE_ROWS = 3


def show(path: str | None = None) -> widgets.VBox:
    return BetForm(WorkshopSession.open(path)).widget


class BetForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session)
        self.receipts: dict[str, str] = {}  # leader -> anonymous receipt, in memory only
        f = self.form
        self.widget = f.layout(
            *self._gut_section(),
            *self._setup_section(),
            *self._ballot_section(),
            heading("Results"),
            f.live(_results_html),
            *self._decision_section(),
            *self._card_section(),
        )

    # -- actions shared by the buttons ----------------------------------------------------
    def act(self, edit: Callable[[Workshop], object], what: str) -> bool:
        outcome = self.session.update(edit, what)
        self.form.status.show(outcome)
        return outcome.ok

    # -- gut check ---------------------------------------------------------------------------
    def _gut_section(self) -> list[widgets.Widget]:
        self.gut_leader = _leader_box(self.session, "Leader")
        self.gut_pick = widgets.Dropdown(
            description="Would bet on",
            options=_initiative_names(self.session.workshop),
            style=LABEL_STYLE,
            layout=WIDE,
        )
        self.gut_instant = widgets.Checkbox(description="Named it at once", value=True)
        record = button("Record gut check", "check")
        record.on_click(lambda _: self.record_gut())
        return [
            heading(
                "Gut check",
                "Ask each leader: which one initiative would you bet your bonus on? Note "
                "whether they could name it at once.",
            ),
            widgets.HBox([self.gut_leader, self.gut_instant]),
            widgets.HBox([self.gut_pick, record]),
            self.form.live(_gut_html),
        ]

    def record_gut(self) -> None:
        who, pick, instantly = self.gut_leader.value, self.gut_pick.value, self.gut_instant.value
        if self.act(
            lambda w: record_gut_check(w, who, pick or "", instantly), f"gut check of {who}"
        ):
            self.gut_leader.value = ""

    # -- setting up the vote ------------------------------------------------------------------
    def _setup_section(self) -> list[widgets.Widget]:
        f = self.form
        self.mode = f.bind(
            widgets.ToggleButtons(
                options=[("— choose", ""), ("Named", "named"), ("Anonymous", "anonymous")],
                description="Voting is",
                style=LABEL_STYLE,
            ),
            "voting mode",
            lambda w: w.voting.mode or "",
            lambda w, v: set_mode(w, v) if v else None,
        )
        dots = f.whole_number(
            "Dots per leader",
            lambda w: w.voting.dots_per_leader,
            lambda w, v: set_limits(w, v, w.voting.max_per_initiative),
        )
        most = f.whole_number(
            "Most on one",
            lambda w: w.voting.max_per_initiative,
            lambda w, v: set_limits(w, w.voting.dots_per_leader, v),
        )
        opener = button("Open the vote", "play")
        opener.on_click(lambda _: self.act(open_voting, "vote opened"))
        revealer = button("Reveal the votes", "eye")
        revealer.on_click(lambda _: self.act(reveal, "votes revealed"))
        resetter = button("Reset the vote", "trash")
        resetter.on_click(lambda _: self.reset_vote())
        return [
            heading(
                "Dot vote: set up (facilitator)",
                "Choose named or anonymous before opening; ballots stay hidden until you "
                "reveal them. You see who has voted, not how.",
            ),
            self.mode,
            widgets.HBox([dots, most]),
            widgets.HBox([opener, revealer, resetter]),
            f.live(_phase_html),
        ]

    def reset_vote(self) -> None:
        if self.act(reset, "vote reset"):
            self.receipts.clear()

    # -- one leader's ballot ---------------------------------------------------------------
    def _ballot_section(self) -> list[widgets.Widget]:
        self.voter = _leader_box(self.session, "Voter")
        self.dot_boxes = self.form.rebuilt(
            lambda w: (tuple(_initiative_names(w)), w.voting.max_per_initiative), self._dot_rows
        )
        caster = button("Cast my ballot", "check-square")
        caster.on_click(lambda _: self.cast_ballot())
        self.thanks = widgets.HTML()
        return [
            heading(
                "Dot vote: my ballot",
                "One leader at a time at this screen (or each in their own notebook on a "
                "shared server). Voting again replaces your ballot.",
            ),
            self.voter,
            self.dot_boxes,
            caster,
            self.thanks,
        ]

    def _dot_rows(self, workshop: Workshop) -> list[widgets.Widget]:
        most = workshop.voting.max_per_initiative
        above = set(rank(workshop, stability=False).above)
        rows = []
        for name in _initiative_names(workshop):
            mark = " (above the line)" if name in above else ""
            rows.append(
                widgets.Dropdown(
                    description=f"{name}{mark}",
                    options=list(range(0, most + 1)),
                    value=0,
                    style={"description_width": "24em"},
                    layout=widgets.Layout(width="32em"),
                )
            )
        return rows

    def cast_ballot(self) -> None:
        voter = self.voter.value.strip()
        dots = {
            box.description.removesuffix(" (above the line)"): box.value
            for box in self.dot_boxes.children
            if isinstance(box, widgets.Dropdown) and box.value
        }
        receipts: list[str] = []

        def edit(workshop: Workshop) -> None:
            receipts.append(cast(workshop, voter, dots, self.receipts.get(voter.casefold(), "")))

        if self.act(edit, f"ballot of {voter or '(no name)'}"):
            if receipts[-1]:
                self.receipts[voter.casefold()] = receipts[-1]
            self.thanks.value = (
                f"<p>✓ Thank you, {html.escape(voter)}: your ballot is in. It stays hidden "
                "until the facilitator reveals the votes.</p>"
            )
            self.voter.value = ""
            for box in self.dot_boxes.children:
                if isinstance(box, widgets.Dropdown):
                    box.value = 0

    # -- the decision --------------------------------------------------------------------------
    def _decision_section(self) -> list[widgets.Widget]:
        self.choice = widgets.Dropdown(
            description="Our bet",
            options=_bet_options(self.session.workshop),
            style=LABEL_STYLE,
            layout=WIDE,
        )
        self.session.subscribe(lambda w: keep_options(self.choice, _bet_options(w)))
        self.decider = widgets.Text(
            description="Decided by",
            placeholder="who makes the call",
            style=LABEL_STYLE,
            layout=WIDE,
        )
        confirm = button("Confirm the decision", "gavel")
        confirm.on_click(lambda _: self.confirm())
        return [
            heading(
                "The decision (facilitator)",
                "One bet for the quarter, or an honest 'no bet yet'. The options considered "
                "are recorded with it.",
            ),
            self.choice,
            self.decider,
            confirm,
        ]

    def confirm(self) -> None:
        chosen = None if self.choice.value == NO_BET else self.choice.value
        decider = self.decider.value

        def edit(workshop: Workshop) -> None:
            decided = result(workshop)
            options = [n for n, _ in decided.tally] if decided else []
            options += [g.initiative for g in workshop.gut_checks if g.initiative not in options]
            decide(workshop, chosen, decider, workshop.meta.date, options)

        self.act(edit, "decision")

    # -- the commitment card ---------------------------------------------------------------
    def _card_section(self) -> list[widgets.Widget]:
        f = self.form
        cycle_end = f.date(
            "First cycle ends",
            lambda w: w.bet.first_cycle_end,
            lambda w, v: setattr(w.bet, "first_cycle_end", v),
        )
        debriefs = f.text(
            "Debrief dates",
            lambda w: ", ".join(d.isoformat() for d in w.bet.debrief_dates),
            lambda w, v: setattr(w.bet, "debrief_dates", _dates(v)),
            "e.g. 2026-12-09, 2026-12-23",
        )
        kill = f.bind(
            widgets.Textarea(
                description="Kill criteria",
                placeholder="what result, by what date, makes us stop",
                continuous_update=False,
                style=LABEL_STYLE,
                layout=widgets.Layout(width="48em", height="4em"),
            ),
            "kill criteria",
            lambda w: w.bet.kill_criteria,
            lambda w, v: setattr(w.bet, "kill_criteria", v),
        )
        stopped = self._pick_many("Stopped or paused", _initiative_names, "stopped")
        gaps = self._pick_many("Readiness gaps", _gap_options, "readiness_gaps")
        explore = [self._explore_row(n) for n in range(EXPLORE_ROWS)]
        return [
            heading("The commitment card", "It turns complete when everything is there."),
            f.live(_card_html),
            cycle_end,
            debriefs,
            kill,
            stopped,
            gaps,
            heading("If there is no bet yet", "What will the team find out instead, and by when?"),
            *explore,
        ]

    def _pick_many(
        self, label: str, options: Callable[[Workshop], list[str]], field: str
    ) -> widgets.SelectMultiple:
        """A multi-select over a list on the bet whose choices follow the workshop."""
        box = widgets.SelectMultiple(
            description=label,
            options=options(self.session.workshop),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="36em", height="9em"),
        )
        return self.form.bind(
            box,
            label.lower(),
            lambda w: tuple(n for n in getattr(w.bet, field) if n in options(w)),
            lambda w, v: setattr(w.bet, field, list(v)),
            prepare=lambda w: keep_options(box, options(w)),
        )

    def _explore_row(self, index: int) -> widgets.HBox:
        f = self.form

        def item(workshop: Workshop) -> ExploreItem | None:
            return at(workshop.bet.explore_next, index)

        def write(field: str) -> Callable[[Workshop, object], None]:
            def apply(workshop: Workshop, value: object) -> None:
                items = list(workshop.bet.explore_next)
                while len(items) <= index:
                    items.append(ExploreItem(question="(to be worded)"))
                setattr(items[index], field, value)
                workshop.bet.explore_next = [i for i in items if i.question.strip()]

            return apply

        question = f.bind(
            widgets.Text(
                continuous_update=False,
                placeholder="what to find out",
                layout=widgets.Layout(width="30em"),
            ),
            f"explore item {index + 1}",
            lambda w: i.question if (i := item(w)) else "",
            write("question"),
        )
        by = f.bind(
            widgets.DatePicker(layout=widgets.Layout(width="12em")),
            f"date of explore item {index + 1}",
            lambda w: i.by if (i := item(w)) else None,
            write("by"),
        )
        return widgets.HBox([question, by])


# -- helpers -----------------------------------------------------------------------------------
def _leader_box(session: WorkshopSession, label: str) -> widgets.Combobox:
    box = widgets.Combobox(
        description=label,
        placeholder="pick or type a name",
        options=[p.name for p in session.workshop.meta.participants],
        ensure_option=False,
        style=LABEL_STYLE,
        layout=WIDE,
    )
    session.subscribe(lambda w: setattr(box, "options", [p.name for p in w.meta.participants]))
    return box


def _initiative_names(workshop: Workshop) -> list[str]:
    return [i.name for i in workshop.live_initiatives()]


def _bet_options(workshop: Workshop) -> list[tuple[str, str]]:
    return [("No bet yet", NO_BET)] + [(n, n) for n in _initiative_names(workshop)]


def _gap_options(workshop: Workshop) -> list[str]:
    name = bet_name(workshop)
    initiative = workshop.initiative(name) if name else None
    listed = readiness_gaps(initiative) if initiative else []
    return listed + [g for g in workshop.bet.readiness_gaps if g not in listed]


def _dates(text: str) -> list:
    parts = [p for p in text.replace(";", ",").split(",") if p.strip()]
    return [date_cell(p) for p in parts]


def _gut_html(workshop: Workshop) -> str:
    if not workshop.gut_checks:
        return "<p>No gut checks yet.</p>"
    instant = sum(g.instantly for g in workshop.gut_checks)
    total = len(workshop.gut_checks)
    return (
        f"<p><b>{instant} of {total} leaders named their bet at once.</b> "
        + ("Hesitation is information: if nobody can name one, that is your wake-up call.</p>")
        + gut_chart(workshop)
    )


def _phase_html(workshop: Workshop) -> str:
    voting = workshop.voting
    words = {
        "setup": "Not open yet.",
        "open": "Open: ballots are hidden.",
        "revealed": "Revealed.",
    }[voting.phase]
    who = ", ".join(html.escape(v) for v in voting.voted) or "nobody yet"
    mode = voting.mode or "not chosen"
    return (
        f"<p><b>{words}</b> Mode: {mode}. {voting.dots_per_leader} dots each, at most "
        f"{voting.max_per_initiative} on one. <b>{len(voting.voted)} voted:</b> {who}.</p>"
    )


def _results_html(workshop: Workshop) -> str:
    outcome = result(workshop)
    if outcome is None:
        return "<p>Hidden until the facilitator reveals the votes.</p>"
    notes = "".join(f"<li>{html.escape(d)}</li>" for d in outcome.disagreements)
    return (
        dots_chart(outcome)
        + f"<p>The leader holds {outcome.concentration:.0%} of the dots; spread "
        f"{outcome.spread:.2f} (0 = all on one, 1 = evenly spread).</p>"
        + (f"<p><b>Where gut and dots disagree:</b></p><ul>{notes}</ul>" if notes else "")
    )


def _card_html(workshop: Workshop) -> str:
    bet = workshop.bet
    gaps = card_gaps(workshop)
    if bet.no_bet_yet:
        items = "".join(
            f"<li>{html.escape(i.question)} — by {i.by.isoformat() if i.by else '?'}</li>"
            for i in bet.explore_next
        )
        head = "<p style='font-size:1.3em'><b>No bet yet.</b> What we will explore instead:</p>"
        body = f"<ul>{items}</ul>" if items else "<p>Nothing listed yet.</p>"
    elif bet_name(workshop):
        initiative = workshop.initiative(bet_name(workshop))
        badge = "✓ complete" if bet_complete(workshop) else "◌ incomplete"
        sentence = value_sentence(initiative.value) if initiative else ""
        owner = initiative.ownership.accountable if initiative else ""
        head = (
            f"<p style='font-size:1.3em'><b>{badge}</b> · Our bet: "
            f"<b>{html.escape(bet_name(workshop) or '')}</b></p>"
        )
        body = (
            f"<p><i>{html.escape(sentence)}</i><br>Accountable: {html.escape(owner or '—')}"
            f" · decided by {html.escape(bet.decided_by or '—')}"
            f" on {bet.decided_on.isoformat() if bet.decided_on else '—'}</p>"
        )
    else:
        return "<p>No decision yet: confirm a bet (or 'no bet yet') above.</p>"
    missing = "".join(f"<li>✗ {html.escape(g)}</li>" for g in gaps)
    return head + body + (f"<p><b>Still missing:</b></p><ul>{missing}</ul>" if missing else "")
