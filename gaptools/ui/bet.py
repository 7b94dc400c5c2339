"""Step 7 form: gut check, dot vote, the facilitator's decision and the commitment card."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from gaptools.charts.steps import dots_chart, gut_chart
from gaptools.core.model import ExploreItem, Initiative, Workshop
from gaptools.core.numbers import percent
from gaptools.core.quarter import day_text, planned_quarter
from gaptools.core.text import as_sentence
from gaptools.files.sheets import typed_dates
from gaptools.room import Kind, RoomError
from gaptools.steps.bet import (
    NO_BET_YET,
    add_to_explore,
    call_text,
    card,
    card_notes,
    cycle_window,
    debriefs_elsewhere,
    decide,
    decided,
    decision_day,
    earlier_line,
    for_an_earlier_quarter,
    options_considered,
    same_call,
    stoppable,
)
from gaptools.steps.prioritise import rank
from gaptools.steps.readiness import initiative_flags
from gaptools.steps.start import misspelt_leader, only_leader
from gaptools.steps.value import value_sentence
from gaptools.steps.voting import (
    ANONYMOUS_ELSEWHERE,
    BALLOTS_NOT_HERE,
    RESTART_WARNING,
    Result,
    ballots_not_here,
    can_vote_here,
    cast,
    gut_tally,
    open_voting,
    record_gut_check,
    reset,
    result,
    reveal,
    set_limits,
    set_mode,
)
from gaptools.ui.fields import Field
from gaptools.ui.kit import (
    WIDE,
    CheckList,
    Form,
    RowMemo,
    alone_note,
    beside,
    button,
    choices_across,
    heading,
    keep_options,
    offered,
    on_enter,
    opened,
    said_warning,
)
from gaptools.ui.room import current_room
from gaptools.ui.session import WorkshopSession
from gaptools.ui.styles import labelled, named_inline, shared_layout, shared_style

STEP = "07_single_bet"

NO_BET = "__no_bet__"
DOT_MENU = shared_layout(width="32em")  # each initiative's menu on the dot ballot
#: Why Undo leaves a ballot: at a screen leaders vote at in turn, the next leader's Undo took
#: back the last one's ballot without a word (and an anonymous one stayed sealed, its leader
#: off the list of who voted); a leader changes their ballot by casting it again.
BALLOT_KEPT = (
    "is not taken back by Undo, which at a shared screen would take the last leader's ballot: "
    "to change a ballot, its leader casts it again, which replaces it"
)
ABOVE = " (above the line)"  # after the name of an initiative above the line, on the ballot
KILL_HINT = "what result, by what date, makes us stop"
CARD_FIELDS = [
    Field("First cycle starts", "first_cycle_start", "date"),
    Field("First cycle ends", "first_cycle_end", "date"),
    Field(
        "Kill criteria",
        "kill_criteria",
        "long",
        placeholder="what result, by what date, makes us stop",
    ),
]
# A long initiative name wraps onto a second line of its ballot row instead of being cut.
DOTS_STYLE = """<style>
.gaptools-dots .widget-inline-hbox { height: auto; min-height: var(--jp-widgets-inline-height);
  max-width: calc(100% - 4px); }
.gaptools-dots .widget-label { white-space: normal; overflow: visible; height: auto;
  line-height: 1.25; padding: 0.3em 0; }
</style>"""
EXPLORE_FIELDS = [
    Field("What to find out", "question", inline=True, width="30em"),
    Field("By", "by", "date", inline=True, width="12em"),
]


def show(path: str | None = None) -> widgets.Widget:
    return opened(lambda session: BetForm(session).widget, path)


class BetForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session, STEP)
        self._results = RowMemo(_outcome_html)
        # Before the sections' own listeners: the menus must have followed a rename before
        # the decision's inputs are compared with the file (``_follow_decision``).
        self._names_by_id = {i.id: i.name for i in session.workshop.initiatives}
        session.subscribe(self._follow_portfolio)
        f = self.form
        self.widget = f.layout(
            f.live(alone_note(ALONE)),
            *self._gut_section(),
            *self._setup_section(),
            *self._ballot_section(),
            heading("Results"),
            f.live(self._results_html),
            *self._decision_section(),
            *self._card_section(),
        )

    def _results_html(self, workshop: Workshop) -> str:
        """The revealed tally; its chart of every initiative is drawn again only when the
        outcome differs from the last one shown (a reveal after a reopen shows the same)."""
        outcome = result(workshop)
        if outcome is None:
            return HIDDEN
        return self._results.one("outcome", (outcome,), (outcome,))

    # -- actions shared by the buttons ----------------------------------------------------
    def act(self, edit: Callable[[Workshop], object], what: str) -> bool:
        return self.form.act(edit, what)

    # -- gut check ---------------------------------------------------------------------------
    def _gut_section(self) -> list[widgets.Widget]:
        self.gut_leader = _leader_box(self.session, "Leader")
        self.gut_pick = widgets.Dropdown(
            description="Would bet on",
            options=_initiative_names(self.session.workshop),
            style=labelled(widgets.Dropdown),
            layout=WIDE,
        )
        self.gut_instant = widgets.Checkbox(description="Named it at once", value=True)
        record = button("Record gut check", "check")
        record.on_click(lambda _: self.record_gut())
        self.gut_said = widgets.HTML()
        return [
            heading(
                "Gut check",
                "Ask each leader: which one initiative would you bet your bonus on? Note "
                "whether they could name it at once.",
            ),
            widgets.HBox([self.gut_leader, self.gut_instant]),
            widgets.HBox([self.gut_pick, record]),
            self.gut_said,
            self.form.live(_gut_html),
        ]

    def _follow_portfolio(self, workshop: Workshop) -> None:
        """The menus that pick an initiative by name offer the portfolio as it is now, and a
        pick not yet saved follows its initiative's rename made elsewhere (it fell back to
        "— choose", and Confirm then said to choose the bet)."""
        before = {name: key for key, name in self._names_by_id.items()}
        self._names_by_id = {i.id: i.name for i in workshop.initiatives}
        for menu, options in (
            (self.gut_pick, _initiative_names(workshop)),
            (self.choice, _bet_options(workshop)),
        ):
            picked = menu.value
            keep_options(menu, options)
            renamed = self._names_by_id.get(before.get(picked, ""), picked)
            if renamed != picked and renamed in offered(options):
                menu.value = renamed
                if menu is self.choice and self._filled[0] == picked:
                    self._filled = (renamed, self._filled[1])

    def record_gut(self) -> None:
        who, pick, instantly = self.gut_leader.value, self.gut_pick.value, self.gut_instant.value
        named = " ".join(who.split()) or "(no name)"
        outcome = self.session.update(
            lambda w: record_gut_check(w, who, pick or "", instantly),
            f"gut check of {named}",
            announce=self.form.status.show,
        )
        # Said under the button too: the status line is at the top of the form.
        self.gut_said.value = beside(outcome, f"Recorded {named}'s gut check.")
        if outcome.ok:
            self.gut_leader.value = only_leader(self.session.workshop.meta)
            self.gut_said.value += self._say_if_misspelt(who)

    def _say_if_misspelt(self, who: str) -> str:
        """A leader's name saved as typed, close to a listed one's: said, not guessed, in the
        status line and (returned) under the button. A warning: the save went through."""
        misspelt = misspelt_leader(self.session.workshop, who)
        if not misspelt:
            return ""
        self.form.status.note(misspelt + ".", ok=False, warn=True)
        return said_warning(misspelt + ".")

    # -- setting up the vote ------------------------------------------------------------------
    def _setup_section(self) -> list[widgets.Widget]:
        f = self.form
        self.mode = f.bind(
            choices_across(
                [("Named", "named"), ("Anonymous", "anonymous")],
                description="Voting is",
                style=labelled(widgets.RadioButtons),
            ),
            "voting mode",
            lambda w: w.voting.mode or None,
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
        revealer.on_click(lambda _: self.reveal_votes())
        resetter = button("Reset the vote", "trash")
        resetter.on_click(lambda _: self.reset_vote())
        return [
            heading(
                "Dot vote: set up (facilitator)",
                "Choose named or anonymous before opening; ballots stay hidden until you "
                "reveal them. You see who has voted, not how.",
            ),
            self.mode,
            f.live(_mode_html),
            widgets.HBox([dots, most]),
            widgets.HBox([opener, revealer, resetter]),
            f.live(_phase_html),
        ]

    def reset_vote(self) -> None:
        self.act(reset, "vote reset")

    def reveal_votes(self) -> None:
        """Through the room when it has the vote open in this kernel: the ballots phones sent
        are held there, and a reveal of the file's ballots alone would leave them out (or be
        refused as too few)."""
        room = current_room()
        if room is None or room.counts().question != Kind.VOTE.value:
            self.act(reveal, "votes revealed")
            return
        try:
            room.reveal()
        except RoomError as error:
            self.form.status.note(f"Not revealed: {error}", ok=False)
            return
        self.form.status.note("Votes revealed, with the ballots sent from phones")

    # -- one leader's ballot ---------------------------------------------------------------
    def _ballot_section(self) -> list[widgets.Widget]:
        self.voter = _leader_box(self.session, "Voter")
        self.thanks = widgets.HTML()
        self._dot_menus: dict[str, widgets.Dropdown] = {}  # by initiative id
        self.dot_boxes = self.form.rebuilt(
            lambda w: (tuple(_initiative_names(w)), w.voting.max_per_initiative), self._dot_rows
        )
        self.dot_boxes.add_class("gaptools-dots")
        caster = button("Cast my ballot", "check-square")
        caster.on_click(lambda _: self.cast_ballot())
        self._offer_ballot(caster, self.session.workshop)
        self.session.subscribe(lambda w: self._offer_ballot(caster, w))
        self.session.subscribe(self._forget_thanks)
        return [
            heading(
                "Dot vote: my ballot",
                "One leader at a time at this screen (in a named vote, also each in their own "
                "notebook on a shared server). Voting again replaces your ballot.",
            ),
            widgets.HTML(DOTS_STYLE),
            self.form.live(_where_to_vote_html),
            self.voter,
            self.dot_boxes,
            widgets.HBox([caster]),
            self.thanks,
        ]

    def _forget_thanks(self, workshop: Workshop) -> None:
        """ "Your ballot stays hidden until the reveal" stops being true at the reveal, or
        once the vote is set up again."""
        if workshop.voting.phase != "open" and self.thanks.value:
            self.thanks.value = ""

    def _offer_ballot(self, caster: widgets.Button, workshop: Workshop) -> None:
        """An anonymous ballot is not offered where its secrecy cannot be kept."""
        caster.disabled = not can_vote_here(workshop)

    def _dot_rows(self, workshop: Workshop) -> list[widgets.Widget]:
        """A menu of dots per initiative. The menus of initiatives still there are kept, dots
        and all: drawn anew whenever an initiative was added, renamed or removed elsewhere,
        or the limits changed, they all went back to 0 while a leader was choosing, and
        "Cast" then said to place at least one dot. Dots that cannot stay are said."""
        most = workshop.voting.max_per_initiative
        ranking = rank(workshop, stability=False)
        above = set(ranking.above)
        # In step 6's order, those above the line first: a ballot of 55 menus in the
        # portfolio's order sent each leader hunting for the few the room had discussed.
        order = {scored.name: n for n, scored in enumerate(ranking.ranked)}
        live = sorted(workshop.live_initiatives(), key=lambda i: order.get(i.name, len(order)))
        # One layout and style for every menu: a ballot of 200 initiatives has 200 menus.
        look = {
            "style": shared_style(widgets.Dropdown, description_width="24em"),
            "layout": DOT_MENU,
        }
        counts = list(range(0, most + 1))
        menus: dict[str, widgets.Dropdown] = {}
        lost: list[str] = []
        for initiative in live:
            name = initiative.name
            description = f"{name}{ABOVE if name in above else ''}"
            menu = self._dot_menus.pop(initiative.id, None)
            if menu is None:
                menu = widgets.Dropdown(description=description, options=counts, value=0, **look)
            else:
                chosen = menu.value
                if menu.description != description:
                    menu.description = description
                keep_options(menu, counts)
                if chosen > most:
                    menu.value = most
                    lost.append(f"{chosen} dots on {name} are now {most}, the most on one")
            menus[initiative.id] = menu
        for gone in self._dot_menus.values():
            if gone.value:
                lost.append(
                    f"{gone.value} on {gone.description.removesuffix(ABOVE)} went: "
                    "it is no longer in the portfolio"
                )
        self._dot_menus = menus
        if lost:
            self.thanks.value = (
                f"<p>✗ Your ballot changed before you cast it: {html.escape('; '.join(lost))}.</p>"
            )
        return list(menus.values())

    def cast_ballot(self) -> None:
        voter = self.voter.value.strip()
        dots = {
            box.description.removesuffix(ABOVE): box.value
            for box in self.dot_boxes.children
            if isinstance(box, widgets.Dropdown) and box.value
        }
        what = f"ballot of {voter or '(no name)'}"
        outcome = self.session.update(
            lambda w: cast(w, voter, dots), what, self.form.status.show, kept=BALLOT_KEPT
        )
        if not outcome.ok:  # said under the button too: the status line is a screen above
            self.thanks.value = beside(outcome, "")
        else:
            self.thanks.value = (
                f"<p>✓ Thank you, {html.escape(voter)}: your ballot is in. It stays hidden "
                "until the facilitator reveals the votes.</p>"
            )
            self.voter.value = only_leader(self.session.workshop.meta)
            self.thanks.value += self._say_if_misspelt(voter)
            for box in self.dot_boxes.children:
                if isinstance(box, widgets.Dropdown):
                    box.value = 0

    # -- the decision --------------------------------------------------------------------------
    def _decision_section(self) -> list[widgets.Widget]:
        """What is decided, read from the file; the inputs only while nothing is decided, or
        after "Change the decision". They start from the recorded call, so confirming them
        as they are never erases it."""
        workshop = self.session.workshop
        self.changing = False
        self.recorded = widgets.HTML(_decision_html(workshop))
        self.choice = widgets.Dropdown(
            description="Our bet",
            options=_bet_options(workshop),
            style=labelled(widgets.Dropdown),
            layout=WIDE,
        )
        self.decider = widgets.Text(
            description="Decided by",
            placeholder="who makes the call",
            style=labelled(widgets.Text),
            layout=WIDE,
        )
        self._filled: tuple[str, str] = ("", "")
        confirm = button("Confirm the decision", "gavel")
        confirm.on_click(lambda _: self.confirm())
        self.keep_button = button("Keep the decision", "times")
        self.keep_button.on_click(lambda _: self.keep_decision())
        self.change_button = button("Change the decision", "pencil")
        self.change_button.on_click(lambda _: self.change_decision())
        self.confirm_row = widgets.HBox([confirm, self.keep_button])
        self.change_row = widgets.HBox([self.change_button])
        self.decision_box = widgets.VBox()
        self._follow_decision(workshop)
        self.session.subscribe(self._follow_decision)
        return [
            heading(
                "The decision (facilitator)",
                "One bet for the quarter, or an honest 'no bet yet'. The options considered "
                "are recorded with it; a changed decision keeps the earlier one on record, "
                "with its card, and the new bet's card starts empty.",
            ),
            self.decision_box,
        ]

    @property
    def deciding(self) -> bool:
        """Whether the inputs for deciding are on screen."""
        return self.choice in self.decision_box.children

    def _follow_decision(self, workshop: Workshop) -> None:
        """Show the decision as the file has it now, wherever it was made."""
        self.recorded.value = _decision_html(workshop)
        if not decided(workshop):
            self.changing = False
        # The menu's choices follow the portfolio in ``_follow_portfolio``, heard first.
        untouched = (self.choice.value, self.decider.value) == self._filled
        if untouched or not self.deciding:
            self._fill(workshop)  # inputs nobody has changed follow the file
        self.keep_button.layout.display = None if decided(workshop) else "none"
        if self.changing or not decided(workshop):
            shown = [self.recorded, self.choice, self.decider, self.confirm_row]
        else:
            shown = [self.recorded, self.change_row]
        if list(self.decision_box.children) != shown:
            self.decision_box.children = shown

    def _fill(self, workshop: Workshop) -> None:
        """Start the inputs from the recorded call."""
        bet = workshop.bet
        picked = NO_BET if bet.no_bet_yet else (bet.initiative or "")
        values = [value for _, value in self.choice.options]
        self.choice.value = picked if picked in values else ""
        self.decider.value = bet.decided_by
        self._filled = (self.choice.value, self.decider.value)

    def change_decision(self) -> None:
        self.changing = True
        self._fill(self.session.workshop)
        self._follow_decision(self.session.workshop)

    def keep_decision(self) -> None:
        self.changing = False
        self._fill(self.session.workshop)
        self._follow_decision(self.session.workshop)

    def confirm(self) -> None:
        picked = self.choice.value
        decider = self.decider.value.strip()
        chosen = None if picked == NO_BET else picked
        before = self.session.workshop
        if not picked:
            what = "decision"
        elif same_call(before, chosen) and not for_an_earlier_quarter(before):
            what = f"decision confirmed: {call_text(chosen)}"
        elif same_call(before, chosen):
            what = (
                f"decision made again for {planned_quarter(before.meta).label}: "
                f"{call_text(chosen)}; the earlier one is kept on record, with its card"
            )
        elif decided(before) or before.bet.no_bet_yet:
            what = (
                f"decision changed to {call_text(chosen)}; the earlier one is kept on record, "
                "with the card written for it"
            )
        else:
            what = f"decision: {call_text(chosen)}"

        def edit(workshop: Workshop) -> None:
            if not picked:
                raise ValueError("choose the bet, or 'No bet yet'")
            if not decider and not (same_call(workshop, chosen) and workshop.bet.decided_by):
                raise ValueError("say who decided (Decided by)")
            options = options_considered(workshop)
            decide(workshop, chosen, decider, decision_day(workshop), options)

        if self.act(edit, what):
            self.changing = False
            self._fill(self.session.workshop)
            self._follow_decision(self.session.workshop)

    # -- the commitment card ---------------------------------------------------------------
    def _card_section(self) -> list[widgets.Widget]:
        f = self.form
        cycle_start, cycle_end, kill = f.fields(CARD_FIELDS, lambda w: w.bet)
        debriefs = f.text(
            "Debrief dates",
            lambda w: ", ".join(d.isoformat() for d in w.bet.debrief_dates),
            lambda w, v: setattr(w.bet, "debrief_dates", typed_dates(v)),
            "e.g. 2026-12-09, 2026-12-23",
        )
        stopped = self._pick_many(
            "Stopped or paused",
            stoppable,
            "stopped",
            "No other initiative in play to stop or pause.",
        )
        gaps = self._pick_many(
            "Readiness gaps",
            _gap_options,
            "readiness_gaps",
            "None to choose: the bet's open checklist items (step 5) are listed here once a "
            "bet is chosen.",
        )
        explore = f.rows(
            lambda w: w.bet.explore_next, self._explore_row, "Nothing listed to explore yet."
        )
        self.new_question = widgets.Text(
            placeholder="what to find out",
            layout=widgets.Layout(width="30em"),
            **named_inline({"tooltip": "What to find out"}),
        )
        self.new_by = widgets.DatePicker(
            layout=widgets.Layout(width="12em"), **named_inline({"tooltip": "Find out by"})
        )
        add = button("Add", "plus")
        add.on_click(lambda _: self.add_explore())
        on_enter(self.add_explore, self.new_question)
        return [
            heading("The commitment card", "It turns complete when everything is there."),
            f.live(_card_html),
            f.live(_cycle_window_html),
            cycle_start,
            cycle_end,
            debriefs,
            f.live(_debriefs_elsewhere),
            kill,
            stopped,
            gaps,
            heading("If there is no bet yet", "What will the team find out instead, and by when?"),
            explore,
            widgets.HBox([self.new_question, self.new_by, add]),
        ]

    def _pick_many(
        self, label: str, options: Callable[[Workshop], list[str]], field: str, empty: str
    ) -> CheckList:
        """Boxes to tick over a list on the bet, whose choices follow the workshop."""
        box = CheckList(label, options(self.session.workshop), empty)
        return self.form.bind(
            box,
            label.lower(),
            lambda w: tuple(n for n in getattr(w.bet, field) if n in options(w)),
            lambda w, v: setattr(w.bet, field, list(v)),
            prepare=lambda w: keep_options(box, options(w)),
        )

    def _explore_row(self, item_id: str) -> widgets.HBox:
        return self.form.entry_row(_explore_items, item_id, EXPLORE_FIELDS, _question)

    def add_explore(self) -> None:
        question, by = self.new_question.value, self.new_by.value
        if self.act(
            lambda w: add_to_explore(w, question, by),
            f"to explore: {question.strip() or '(nothing)'}",
        ):
            self.new_question.value = ""
            self.new_by.value = None

    def remove_explore(self, item_id: str) -> None:
        self.form.remove_entry(_explore_items, item_id, _question)


# -- helpers -----------------------------------------------------------------------------------
def _leader_box(session: WorkshopSession, label: str) -> widgets.Combobox:
    box = widgets.Combobox(
        description=label,
        placeholder="pick or type a name",
        options=[p.name for p in session.workshop.meta.participants],
        value=only_leader(session.workshop.meta),
        ensure_option=False,
        style=labelled(widgets.Combobox),
        layout=WIDE,
    )
    session.subscribe(lambda w: setattr(box, "options", [p.name for p in w.meta.participants]))
    return box


def _explore_items(workshop: Workshop) -> list[ExploreItem]:
    return workshop.bet.explore_next


def _question(item: ExploreItem) -> str:
    return f"'{item.question}'"


def _initiative_names(workshop: Workshop) -> list[str]:
    return [i.name for i in workshop.live_initiatives()]


NAMED_NOTE = (
    "Each ballot is saved in the workshop file with its leader's name as it is cast, here or "
    "from a leader's own notebook; the tally stays hidden until you reveal it."
)


def _mode_html(workshop: Workshop) -> str:
    """What the chosen way of voting means (both, before one is chosen): the page said
    'Anonymous: …' with Named chosen."""
    mode = workshop.voting.mode
    said = [
        ("Named", NAMED_NOTE, mode != "anonymous"),
        ("Anonymous", RESTART_WARNING, mode != "named"),
    ]
    return "".join(
        f"<p><b>{way}:</b> {html.escape(note)}</p>" for way, note, shown in said if shown
    )


def _bet_options(workshop: Workshop) -> list[tuple[str, str]]:
    """The calls the facilitator can make; nothing is picked until they choose one."""
    names = _initiative_names(workshop)
    current = workshop.initiative(workshop.bet.initiative or "")
    if current is not None and current.name not in names:  # a bet killed since stays offered
        names.append(current.name)
    return [("— choose", ""), ("No bet yet", NO_BET)] + [(n, n) for n in names]


def _decision_html(workshop: Workshop) -> str:
    """The decision as recorded: the call, who made it and when, what was weighed, and the
    earlier decisions it replaced."""
    bet = workshop.bet
    if decided(workshop):
        call = "No bet yet" if bet.no_bet_yet else (bet.initiative or "")
        who = html.escape(bet.decided_by or "— (not recorded)")
        when = day_text(bet.decided_on) if bet.decided_on else "— (not recorded)"
        options = ", ".join(bet.options_considered) or "none recorded"
        text = (
            f"<p style='font-size:1.3em'>Decided: <b>{html.escape(call)}</b></p>"
            f"<p>Decided by <b>{who}</b> on <b>{when}</b><br>"
            f"Options considered: {html.escape(options)}</p>"
        )
    elif bet.no_bet_yet:
        text = (
            "<p><b>'No bet yet' is chosen, but not who decided and when.</b> Say who made "
            "the call and confirm it.</p>"
        )
    else:
        text = "<p><b>No decision yet.</b> Choose the bet, or 'No bet yet', and confirm.</p>"
    if bet.earlier:
        lines = "".join(
            f"<li>{html.escape(earlier_line(e, workshop))}</li>" for e in reversed(bet.earlier)
        )
        text += f"<p><b>Earlier decisions</b> (latest first):</p><ul>{lines}</ul>"
    return f"<div class='gaptools-decision'>{text}</div>"


def _gap_options(workshop: Workshop) -> list[str]:
    """What step 5 shows open for the bet, and whatever the card already lists."""
    listed = card(workshop).open_readiness
    return listed + [g for g in workshop.bet.readiness_gaps if g not in listed]


#: Said at the top of the form to a leader working alone (the one participant listed): the
#: vote's set-up and ballot, and the room's "(facilitator)" headings, are not for them.
ALONE = (
    "Working alone: record your gut check if you like, skip the dot vote (it needs a room), "
    "and make your call under The decision below; then fill in the card."
)


def _gut_html(workshop: Workshop) -> str:
    tally = gut_tally(workshop)
    if not tally.total:
        return f"<p>{html.escape(tally.summary)}</p>"
    return (
        f"<p><b>{html.escape(tally.summary)}</b> "
        "Hesitation is information: if nobody can name one, belief is spread too thin.</p>"
        + gut_chart(workshop)
    )


def _where_to_vote_html(workshop: Workshop) -> str:
    """Says where to vote instead when this notebook cannot keep an anonymous ballot secret."""
    if can_vote_here(workshop):
        return ""
    said = f"<p><b>Not here:</b> {html.escape(as_sentence(ANONYMOUS_ELSEWHERE))}"
    if workshop.voting.ballots_cast:  # the phase's line says what was lost, and the way on
        return said + "</p>"
    # The facilitator who reloaded the page that opened the vote, before anyone voted, met
    # only this and a greyed "Cast my ballot" on their own laptop.
    return said + " " + html.escape(NONE_CAST_YET) + "</p>"


NONE_CAST_YET = (
    "If this is the screen that opened the vote, opened again (reloaded, or its notebook "
    "restarted): no ballot has been cast, so nothing is lost; press Reset the vote, then "
    "Open the vote."
)


def _phase_html(workshop: Workshop) -> str:
    voting = workshop.voting
    words = {
        "setup": "Not open yet.",
        "open": "Open: ballots are hidden.",
        "revealed": "Revealed.",
    }[voting.phase]
    cast = voting.ballots_cast
    phones = cast - len(voting.voted)  # ballots the room revealed: they carry no name
    named = [html.escape(v) for v in voting.voted]
    who = ", ".join(named + ([f"{phones} from phones"] if phones else [])) or "nobody yet"
    mode = voting.mode or "not chosen"
    # While an anonymous vote is open, ballots from phones are counted in the room's panel
    # alone: "0 voted" above "4 of 5 have voted" read as a contradiction on one screen.
    held_by_room = voting.mode == "anonymous" and voting.phase == "open"
    where = " at this screen" if held_by_room else ""
    held = (
        " Ballots sent from phones are counted in the room's panel until the reveal."
        if held_by_room
        else ""
    )
    lost = f"<p><b>⚠ {html.escape(BALLOTS_NOT_HERE)}</b></p>" if ballots_not_here(workshop) else ""
    return (
        f"<p><b>{words}</b> Mode: {mode}. {voting.dots_per_leader} dots each, at most "
        f"{voting.max_per_initiative} on one. <b>{cast} voted{where}:</b> {who}.{held}</p>{lost}"
    )


HIDDEN = "<p>Hidden until the facilitator reveals the votes.</p>"


def _outcome_html(outcome: Result) -> str:
    """The chart of the dots, how concentrated they are, and where gut and dots disagree."""
    notes = "".join(f"<li>{html.escape(d)}</li>" for d in outcome.disagreements)
    # The spread is over the initiatives that got dots: 42 dots on 4 of 55 read "spread 1.00
    # (1 = evenly spread)", as if the room had not made up its mind.
    got = len(outcome.tally)
    among = f"{got} initiative{'s' if got != 1 else ''} got dots, spread {outcome.spread:.2f}"
    return (
        dots_chart(outcome) + f"<p>{html.escape(_front_runner(outcome))}; {among} among "
        "them (0 = all on one, 1 = evenly among them).</p>"
        + (f"<p><b>Where gut and dots disagree:</b></p><ul>{notes}</ul>" if notes else "")
    )


def _front_runner(outcome: Result) -> str:
    """How much the most dotted initiative holds, named ("the leader" read as a person, in a
    room of leaders), and a tie said as one."""
    tied = outcome.front_runners
    if not tied:
        return "No dots were placed"
    share = percent(outcome.concentration)
    if len(tied) > 1:
        return f"{len(tied)} initiatives tie for the most dots, {share} each"
    return f"{tied[0]} holds {share} of the dots"


def _card_html(workshop: Workshop) -> str:
    commitment = card(workshop)
    if commitment.shape == NO_BET_YET:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in commitment.explore)
        head = "<p style='font-size:1.3em'><b>No bet yet.</b> What we will explore instead:</p>"
        body = f"<ul>{items}</ul>" if items else "<p>Nothing listed yet.</p>"
    elif commitment.name:
        initiative = commitment.initiative
        badge = "✓ complete" if commitment.complete else "◌ incomplete"
        sentence = value_sentence(initiative.value) if initiative else ""
        owner = initiative.ownership.accountable if initiative else ""
        decision = commitment.decision
        head = (
            f"<p style='font-size:1.3em'><b>{badge}</b> · Our bet: "
            f"<b>{html.escape(commitment.name)}</b></p>"
        )
        body = (
            f"<p><i>{html.escape(sentence)}</i><br>Accountable: {html.escape(owner or '—')}"
            f" · decided by {html.escape(decision.decided_by or '—')}"
            f" on {day_text(decision.decided_on) if decision.decided_on else '—'}</p>"
        )
    else:
        return "<p>No decision yet: confirm a bet (or 'no bet yet') above.</p>"
    missing = "".join(f"<li>✗ {html.escape(g)}</li>" for g in commitment.gaps)
    return (
        head
        + body
        + (f"<p><b>Still missing:</b></p><ul>{missing}</ul>" if missing else "")
        + _flags_html(commitment.initiative if commitment.name else None)
        + _notes_html(workshop)
    )


def _notes_html(workshop: Workshop) -> str:
    """What a complete card may still hide (``card_notes``): worth a word before it is
    mailed, though the card needs none of it to be complete."""
    notes = card_notes(workshop)
    if not notes:
        return ""
    items = "".join(f"<li>⚠ {html.escape(note)}</li>" for note in notes)
    return f"<p><b>Worth a second look:</b></p><ul>{items}</ul>"


def _flags_html(initiative: Initiative | None) -> str:
    """What step 5 flags about the bet: no part of the card, which commits to a plan, but what
    must be settled before the bet ships; the canvas says so too."""
    found = initiative_flags(initiative) if initiative is not None else []
    if not found:
        return ""
    items = "".join(f"<li>⚠ {html.escape(f.message)}</li>" for f in found)
    return f"<p><b>Step 5 flags, to settle before it ships:</b></p><ul>{items}</ul>"


def _cycle_window_html(workshop: Workshop) -> str:
    said = cycle_window(workshop)
    return f"<p>{html.escape(said)}</p>" if said else ""


def _debriefs_elsewhere(workshop: Workshop) -> str:
    logged = debriefs_elsewhere(workshop)
    if not logged:
        return ""
    days = ", ".join(day_text(d) for d in logged)
    return (
        f"<p>⚠ The learning log (step 9) holds this bet's first cycle, "
        f"with debriefs on {html.escape(days)}: the canvas and the report show those. Move a "
        "debrief in step 9.</p>"
    )
