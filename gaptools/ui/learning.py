"""Step 9 form: the learning log, how fast the team learns, and the execution-maturity rating.

The rules live in ``steps.learning`` and ``steps.maturity``; this only binds them. A cycle is
written as a test before it starts (what we believe, how we test it, what we measure, what
result proves us right: stamped with the day it was written) and debriefed when it ends (what
we observed and learned, the decision and why). Words that point at people get a gentle
suggestion, never a refusal.

Maturity ratings are named or anonymous, chosen before the first. An anonymous rating is
sealed for the screen that collects them and published in batches (as the step 8 pulse), so
the form never keeps or shows a rating once given: its inputs are cleared after saving.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from gaptools.charts.learning import SHAPES, radar_chart, radar_png, timeline_chart
from gaptools.core.model import Cycle, CycleDecision, Initiative, Workshop
from gaptools.core.quarter import day_text
from gaptools.core.text import plural
from gaptools.files.sheets import typed_dates
from gaptools.steps import learning, maturity
from gaptools.steps.bet import bet_cycle
from gaptools.steps.registry import notebook_url, step
from gaptools.steps.start import only_leader
from gaptools.ui.collecting import Collector, Sealed
from gaptools.ui.fields import Field, enum_options
from gaptools.ui.kit import (
    BAR,
    PHONES_COUNTED,
    WIDE,
    Form,
    InitiativePicker,
    bullet_list,
    button,
    choices_across,
    download_link,
    entry,
    heading,
    keep_options,
    opened,
    own_wide,
    pressed_again,
    thanks_html,
)
from gaptools.ui.session import WorkshopSession
from gaptools.ui.styles import WHOLE, labelled

STEP = "09_learning_velocity"

NO_CYCLE = "choose or add a cycle first"
SAVED_NAMED = (
    "✓ Your rating is saved, and the form is clear for the next leader. To change yours, pick "
    "your name again: your scores come back."
)
OWN_RATING = "{}'s saved rating is shown: change any score and save again to replace it."
#: A leader's rating from a round before this one (a quarter ago, say): saving keeps it.
EARLIER_RATING = (
    "{}'s rating of {} is shown: save to rate again for this round; that one is kept, so the "
    "room sees what has moved since."
)
SAVED_SEALED = "✓ Thank you: your rating is sealed."
SAVED_ALREADY = (
    "✓ That rating is saved already; the form is clear for the next one. Nothing more was saved."
)
#: Said at a leader's own notebook, where one person rates: its ratings count as one.
REPLACES = "Another rating sent from this notebook replaces it: one notebook, one rating."
NOT_DECIDED = ""
FROM_CARD = "Start the first cycle from the commitment card"

TEST_FIELDS = [
    Field("What we believe", "belief", "long", placeholder="e.g. the copilot halves intake time"),
    Field(
        "How we will test it",
        "test",
        "long",
        placeholder="e.g. 20 handlers use it on real claims for 4 weeks",
    ),
    Field("What we will measure", "measure", placeholder="e.g. minutes per claim intake"),
]
KILL_FIELDS = [
    Field(
        "Kill criteria: the state",
        "kill_if",
        "long",
        placeholder="e.g. intake time is not below 16 minutes",
    ),
    Field("Kill criteria: judged on", "kill_by", "date"),
]
DATE_FIELDS = [
    Field("Cycle starts", "start", "date"),
    Field("Cycle ends (planned)", "end", "date"),
]
OBSERVED_FIELDS = [
    Field("What we observed", "observed", "long", placeholder="the numbers and what we saw"),
]
LEARNED_FIELDS = [
    Field(
        "What we learned",
        "learned",
        "long",
        placeholder="about the system: the data, the steps, the set-up, not the people",
    ),
]
DECIDED_FIELDS = [Field("Decided on", "decided_on", "date")]
WHY_FIELDS = [
    Field("Why we decided so", "why", "long", placeholder="what in the result led to it"),
]
LEARNING_STYLE = """<style>
.gaptools-maturity .widget-toggle-buttons { flex-wrap: wrap; height: auto; }
.gaptools-maturity .widget-toggle-buttons .widget-toggle-button { margin: 2px 4px 2px 0;
  min-width: 3.2em; }
.gaptools-question { font-weight: bold; margin: 0.8em 0 0.1em; }
.gaptools-level { margin: 0.1em 0 0.4em; font-style: italic; min-height: 1.3em; }
.gaptools-suggestion { margin: 0.1em 0 0.5em; padding: 0.2em 0.6em;
  border-left: 4px solid #0072b2; background: #eef5fb; }
.gaptools-thanks { font-size: 1.2em; font-weight: bold; color: #005a8c; }
.gaptools-kill { font-size: 1.1em; margin: 0.2em 0 0.5em; }
</style>"""


RATING_RULES = Sealed(
    open_here=maturity.open_collecting,
    key=lambda w: w.maturity.key,
    held_here=maturity.collects_here,
    waiting=lambda w: len(w.maturity.sealed),
    publish=maturity.publish,
    what="anonymous ratings",
)


def show(path: str | None = None) -> widgets.Widget:
    return opened(lambda session: LearningForm(session).widget, path)


def today() -> dt.date:
    """The form's "now": the day the notebook runs (tests may fix it)."""
    return dt.date.today()


class LearningForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session, STEP)
        self._relabelling = False
        f = self.form
        bet = _bet(session.workshop)
        start = bet.id if bet is not None else None
        self.picker = InitiativePicker(
            session, _initiative_label, start, say=self.form.removed_elsewhere
        )
        initiative = self.picker.current(session.workshop)
        self.selected: str | None = (
            initiative.cycles[-1].id if initiative and initiative.cycles else None
        )
        self.widget = f.layout(
            widgets.HTML(LEARNING_STYLE),
            *self._log_section(),
            *self._velocity_section(),
            *self._maturity_section(),
        )

    def _cycle_shown(self, workshop: Workshop) -> str | None:
        """The cycle the log's fields are about: another one shown (added, picked) is not a
        change made elsewhere to what this page saved on the last."""
        found = self.current(workshop)
        return found.id if found is not None else None

    # -- actions shared by the buttons ----------------------------------------------------
    def act(self, edit: Callable[[Workshop], object], what: str) -> bool:
        return self.form.act(edit, what)

    # -- a) the learning log ---------------------------------------------------------------
    def _log_section(self) -> list[widgets.Widget]:
        f = self.form
        self.cycle_picker = widgets.Dropdown(
            description="Cycle shown",
            options=_cycle_options(self.picker.current(self.session.workshop)),
            value=self.selected,
            style=labelled(widgets.Dropdown),
            layout=own_wide(),  # hidden while the initiative has no cycle
        )
        self.cycle_picker.observe(self._picked, names="value")
        # Before any field is bound: a new initiative picked chooses its cycle first, and the
        # fields then show that cycle.
        self.session.subscribe(self._follow_picker)
        adder = button("Add a cycle", "plus")
        adder.on_click(lambda _: self.add_cycle())
        self.from_card = button(FROM_CARD, "id-card-o")
        self.from_card.on_click(lambda _: self.first_from_card())
        self.session.subscribe(self._follow_card_button)
        self._follow_card_button(self.session.workshop)

        chosen, subject = self.current, self._subject
        test = f.fields(TEST_FIELDS, chosen, subject, NO_CYCLE)
        success = widgets.Textarea(
            description="What result proves us right",
            placeholder="written before the cycle starts, e.g. intake under 16 minutes",
            continuous_update=False,
            style=labelled(widgets.Textarea),
            layout=widgets.Layout(width="48em", max_width=WHOLE, height="4em"),
        )
        f.bind(
            success,
            lambda: f"What result proves us right of {self._subject(self.session.workshop)}",
            lambda w: found.success if (found := self.current(w)) else success.value,
            lambda w, v: learning.write_success(self._writable(w), v, today()),
            shows=self._cycle_shown,
        )
        kill = f.fields(KILL_FIELDS, chosen, subject, NO_CYCLE)
        dates = f.fields(DATE_FIELDS, chosen, subject, NO_CYCLE)
        debriefs = widgets.Text(
            description="Debrief dates",
            placeholder="comma-separated, e.g. 2026-12-09, 2026-12-23",
            continuous_update=False,
            style=labelled(widgets.Text),
            layout=WIDE,
        )
        f.bind(
            debriefs,
            lambda: f"Debrief dates of {self._subject(self.session.workshop)}",
            lambda w: (
                ", ".join(d.isoformat() for d in found.debriefs)
                if (found := self.current(w))
                else debriefs.value
            ),
            lambda w, v: setattr(self._writable(w), "debriefs", sorted(set(typed_dates(v)))),
            shows=self._cycle_shown,
        )
        observed = f.fields(OBSERVED_FIELDS, chosen, subject, NO_CYCLE)
        learned = f.fields(LEARNED_FIELDS, chosen, subject, NO_CYCLE)
        self.decision = widgets.Dropdown(
            description="Decision",
            options=[("— not decided yet", NOT_DECIDED), *_decision_options()],
            style=labelled(widgets.Dropdown),
            layout=WIDE,
        )
        f.bind(
            self.decision,
            lambda: f"Decision of {self._subject(self.session.workshop)}",
            lambda w: (
                (found.decision.value if found.decision else NOT_DECIDED)
                if (found := self.current(w))
                else self.decision.value
            ),
            self._write_decision,
            shows=self._cycle_shown,
        )
        decided = f.fields(DECIDED_FIELDS, chosen, subject, NO_CYCLE)
        why = f.fields(WHY_FIELDS, chosen, subject, NO_CYCLE)
        remover = f.naming(
            lambda words: button("Remove this cycle", "trash", words),
            lambda w: f"Remove {self._subject(w)}" if self.current(w) else None,
        )
        remover.on_click(lambda _: self.remove_cycle())
        self.editor = widgets.VBox(
            [
                f.live(self._editing_html),
                widgets.HTML("<p><b>Before it starts: the test</b></p>"),
                *test,
                success,
                f.live(self._success_html),
                *kill,
                f.live(self._kill_html),
                *dates,
                debriefs,
                widgets.HTML(
                    "<p><b>When it ends: the debrief</b> (about the system, not the people)</p>"
                ),
                *observed,
                f.live(lambda w: self._blame_html(w, "observed")),
                *learned,
                f.live(lambda w: self._blame_html(w, "learned")),
                self.decision,
                f.live(self._after_a_kill_html),
                *decided,
                *why,
                f.live(lambda w: self._blame_html(w, "why")),
                f.live(self._flags_html),
                widgets.HBox([remover]),
            ]
        )
        self._follow_editor(self.session.workshop)
        self.session.subscribe(self._follow_editor)
        return [
            heading(
                "The learning log",
                "Each cycle is a test written before it starts (what we believe, how we test "
                "it, what we measure, what result proves us right, and what makes us stop, by "
                "when) and debriefed when it ends: what we observed, what we learned, and the "
                "decision: scale, iterate, pivot or kill.",
            ),
            self.picker.widget,
            f.live(self._cycles_html),
            widgets.HBox([adder, self.from_card], _dom_classes=BAR),
            self.cycle_picker,
            self.editor,
        ]

    def current(self, workshop: Workshop) -> Cycle | None:
        """The cycle the editor shows, or None."""
        initiative = self.picker.current(workshop)
        if initiative is None or self.selected is None:
            return None
        return entry(initiative.cycles, self.selected)

    def _writable(self, workshop: Workshop) -> Cycle:
        found = self.current(workshop)
        if found is None:
            raise ValueError(NO_CYCLE)
        return found

    def _subject(self, workshop: Workshop) -> str:
        initiative = self.picker.current(workshop)
        found = self.current(workshop)
        if initiative is None or found is None:
            return "a removed cycle"
        return f"{initiative.name} · cycle {initiative.cycles.index(found) + 1}"

    def choose(self, cycle_id: str | None) -> None:
        self.selected = cycle_id
        self.session.notify()

    def _picked(self, change: dict[str, Any]) -> None:
        if not self._relabelling and change["new"] != self.selected:
            self.choose(change["new"])

    def _follow_picker(self, workshop: Workshop) -> None:
        initiative = self.picker.current(workshop)
        ids = [c.id for c in initiative.cycles] if initiative else []
        if self.selected not in ids:
            self.selected = ids[-1] if ids else None
        self._relabelling = True  # new labels or choices, not a new pick
        try:
            keep_options(self.cycle_picker, _cycle_options(initiative))
            if self.cycle_picker.value != self.selected:
                self.cycle_picker.value = self.selected
        finally:
            self._relabelling = False

    def _follow_editor(self, workshop: Workshop) -> None:
        shown = self.current(workshop) is not None
        self.editor.layout.display = None if shown else "none"
        self.cycle_picker.layout.display = None if shown else "none"

    def _follow_card_button(self, workshop: Workshop) -> None:
        """Offered for the bet until the log holds its first cycle: its card holds it."""
        initiative = self.picker.current(workshop)
        bet = _bet(workshop)
        offered = (
            initiative is not None and bet is initiative and bet_cycle(workshop, initiative) is None
        )
        self.from_card.layout.display = None if offered else "none"

    def add_cycle(self) -> None:
        initiative = self.picker.current(self.session.workshop)
        if initiative is None:
            self.form.status.note("Not saved: choose an initiative first", ok=False)
            return
        initiative_id, made = initiative.id, {}

        def add(workshop: Workshop) -> None:
            made["id"] = learning.add_cycle(workshop, initiative_id, today())

        number = len(initiative.cycles) + 1
        if self.act(add, f"cycle {number} of {initiative.name} added"):
            self.choose(made["id"])

    def first_from_card(self) -> None:
        workshop = self.session.workshop
        bet = _bet(workshop)
        first = bet_cycle(workshop, bet) if bet is not None else None
        if bet is not None and first is not None:
            # Pressed again (a double-click): "Not saved · … already has its first cycle"
            # read as a failure of the press that had just started it.
            self.picker.choose(bet.id)
            self.choose(first.id)
            self.form.status.note(f"{bet.name}'s first cycle is in the log already: shown below")
            return
        made: dict[str, str] = {}

        def add(workshop: Workshop) -> None:
            made["id"] = learning.first_cycle_from_card(workshop)

        if self.act(add, "first cycle started from the commitment card"):
            bet = _bet(self.session.workshop)
            if bet is not None and bet.id != self.picker.selected:
                self.picker.choose(bet.id)
            self.choose(made["id"])

    def remove_cycle(self) -> None:
        initiative = self.picker.current(self.session.workshop)
        cycle_id = self.selected
        if initiative is None or cycle_id is None:
            return
        initiative_id = initiative.id
        number = {c.id: n for n, c in enumerate(initiative.cycles, 1)}

        def cycles(workshop: Workshop) -> list[Cycle]:
            found = entry(workshop.initiatives, initiative_id)
            return found.cycles if found else []

        def name(cycle: Cycle) -> str:
            return f"{initiative.name} · cycle {number.get(cycle.id, '?')}"

        self.form.remove_entry(cycles, cycle_id, name)

    def _write_decision(self, workshop: Workshop, value: str) -> None:
        cycle = self._writable(workshop)
        if not value:
            learning.decide(cycle, None, None)
            return
        learning.decide(cycle, CycleDecision(value), cycle.decided_on or today())

    # -- live views of the log -------------------------------------------------------------
    def _cycles_html(self, workshop: Workshop) -> str:
        initiative = self.picker.current(workshop)
        if initiative is None:
            return "<p>No initiative yet: list them in step 1.</p>"
        if not initiative.cycles:
            hint = (
                f" It is the bet: '{FROM_CARD}' copies the dates, the debriefs and the kill "
                "criteria from its commitment card."
                if initiative is _bet(workshop)
                else ""
            )
            return f"<p>No cycle logged for this initiative yet.{html.escape(hint)}</p>"
        rows = []
        for n, cycle in enumerate(initiative.cycles, 1):
            mark = (
                " style='background:#eef5fb;font-weight:bold'" if cycle.id == self.selected else ""
            )
            days = learning.days_to_decision(cycle)
            rows.append(
                f"<tr{mark}><td>cycle {n}</td><td>{html.escape(_dates_text(cycle))}</td>"
                f"<td>{html.escape(_decision_text(cycle))}</td>"
                f"<td>{'' if days is None else days}</td></tr>"
            )
        return (
            "<table class='gaptools-table'><thead><tr><th>Cycle</th><th>Dates</th>"
            "<th>Decision</th><th>Days to decide</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def _editing_html(self, workshop: Workshop) -> str:
        if self.current(workshop) is None:
            return ""
        subject = html.escape(self._subject(workshop))
        return f"<p style='font-size:1.2em'><b>Editing {subject}</b></p>"

    def _success_html(self, workshop: Workshop) -> str:
        cycle = self.current(workshop)
        if cycle is None or cycle.success_written is None:
            return ""
        late = " (after the cycle ended)" if learning.criterion_written_late(cycle) else ""
        return f"<p>Written down on {day_text(cycle.success_written)}{late}.</p>"

    def _kill_html(self, workshop: Workshop) -> str:
        cycle = self.current(workshop)
        sentence = learning.kill_sentence(cycle) if cycle else ""
        if not sentence:
            return ""
        return f"<p class='gaptools-kill'>Kill criteria: <b>{html.escape(sentence)}</b></p>"

    def _blame_html(self, workshop: Workshop, part: str) -> str:
        cycle = self.current(workshop)
        if cycle is None:
            return ""
        found = learning.blame_suggestions(getattr(cycle, part), learning.blame_names(workshop))
        if not found:
            return ""
        lines = "".join(f"<li>{html.escape(s)}</li>" for s in found)
        return (
            "<div class='gaptools-suggestion'><b>A suggestion</b> (saved as written; the "
            f"team decides):<ul>{lines}</ul></div>"
        )

    def _after_a_kill_html(self, workshop: Workshop) -> str:
        """Where the team goes once the bet's last cycle is killed: the form said "Nothing to
        question" and "Next: step 10", and nothing said the team had no bet left."""
        initiative, cycle = self.picker.current(workshop), self.current(workshop)
        if initiative is None or cycle is None or initiative is not _bet(workshop):
            return ""
        if cycle is not initiative.cycles[-1] or cycle.decision is not CycleDecision.KILL:
            return ""
        choose, portfolio = (html.escape(notebook_url(step(n))) for n in (7, 1))
        name = html.escape(initiative.name)
        return (
            "<p class='gaptools-said refused'><b>The bet is killed.</b> Step 7 still shows "
            f"{name} as the call, with the kill among what its card lacks: decide the next bet "
            f"in <a href='{choose}'>step 7</a> (another initiative, or an honest 'no bet yet' "
            f"with what to explore), and mark {name} killed in <a href='{portfolio}'>step 1</a> "
            "once its work stops.</p>"
        )

    def _flags_html(self, workshop: Workshop) -> str:
        cycle = self.current(workshop)
        if cycle is None:
            return ""
        flags = (
            learning.card_differences(workshop, cycle)
            + learning.cycle_flags(cycle, today())
            + learning.blame_flag(workshop, cycle)
        )
        return "<p><b>What to question about this cycle</b></p>" + bullet_list(
            flags, "Nothing to question"
        )

    # -- b) how fast we learn ----------------------------------------------------------------
    def _velocity_section(self) -> list[widgets.Widget]:
        return [
            heading(
                "How fast we learn",
                "Read from the log: days from start to decision, how many ended cycles were "
                "debriefed, how many were decided by their kill date, and what was stopped.",
            ),
            self.form.live(_velocity_html),
        ]

    # -- c) execution maturity ---------------------------------------------------------------
    def _maturity_section(self) -> list[widgets.Widget]:
        f = self.form
        self.mode = f.bind(
            choices_across(
                [("Named", "named"), ("Anonymous", "anonymous")],
                description="Ratings are",
                style=labelled(widgets.RadioButtons),
            ),
            "rating mode",
            lambda w: w.maturity.mode,
            maturity.set_mode,
        )
        self.collector = Collector(
            f,
            RATING_RULES,
            "Collect anonymous ratings here",
            "Take the ratings over at this screen",
        )
        self.take_over = self.collector.take_over
        self.collecting = widgets.VBox(
            [
                widgets.HBox(self.collector.buttons(), _dom_classes=BAR),
                f.live(_collecting_html),
            ]
        )
        self.rater = widgets.Combobox(
            description="Rated by",
            placeholder="pick or type your name",
            options=_participants(self.session.workshop),
            value=only_leader(self.session.workshop.meta),
            ensure_option=False,
            style=labelled(widgets.Combobox),
            layout=own_wide(),  # hidden while the ratings are anonymous
        )
        self.session.subscribe(lambda w: keep_options(self.rater, _participants(w)))
        self.rater.observe(lambda _: self._show_own_rating(), names="value")
        self.scales: dict[str, widgets.RadioButtons] = {}
        self.levels: dict[str, widgets.HTML] = {}
        rows: list[widgets.Widget] = []
        for d in maturity.dimensions():
            scale = choices_across(
                [(str(n), n) for n in range(1, 6)],
                "\n".join(f"{n}: {text}" for n, text in enumerate(d.levels, 1)),
            )
            level = widgets.HTML()
            level.add_class("gaptools-level")
            scale.observe(
                lambda change, d=d, level=level: self._show_level(d, level), names="value"
            )
            self._show_level(d, level, scale)
            self.scales[d.code] = scale
            self.levels[d.code] = level
            rows.append(
                widgets.VBox(
                    [
                        widgets.HTML(
                            f"<p class='gaptools-question'>{html.escape(d.label)}: "
                            f"<span style='font-weight:normal'>{html.escape(d.question)}</span>"
                            "</p>"
                        ),
                        scale,
                        level,
                    ]
                )
            )
        self.saver = button("Save my rating", "check")
        self.saver.on_click(lambda _: self.save_rating())
        self.thanks = widgets.HTML()
        self.card = widgets.VBox([self.rater, *rows, widgets.HBox([self.saver]), self.thanks])
        self.card.add_class("gaptools-maturity")
        self._follow_mode(self.session.workshop)
        self.session.subscribe(self._follow_mode)
        return [
            heading(
                "Execution maturity",
                "Each leader rates six dimensions from 1 (just starting) to 5 (routine); "
                "hover over the numbers, or pick one, to read what each level means. The room sees "
                "the median of each dimension, the range of ratings, and where leaders differ.",
            ),
            self.mode,
            widgets.HTML(
                "<p>Named or anonymous is chosen before the first rating. Anonymous ratings "
                "are sealed for the screen that collects them and shown only in batches of "
                "at least the pulse minimum (step 8), with no name kept.</p>"
            ),
            self.collecting,
            self.card,
            heading("What the room sees"),
            f.live(self._room_html),
            self._png_section(),
        ]

    def _show_level(
        self, d: maturity.Dimension, level: widgets.HTML, scale: widgets.RadioButtons | None = None
    ) -> None:
        picked = (scale or self.scales[d.code]).value
        level.value = (
            f"{picked} — {html.escape(d.levels[picked - 1])}"
            if picked
            else "Not rated yet: pick 1 to 5."
        )
        thanks = getattr(self, "thanks", None)  # the thank-you goes once a new rating starts
        if picked and thanks is not None and thanks.value:
            thanks.value = ""

    def _show_own_rating(self) -> None:
        """A leader who names themselves sees the rating they saved, to change one score
        without giving all six again from memory; scores already picked are never replaced."""
        if any(scale.value is not None for scale in self.scales.values()):
            return
        own = maturity.named_rating(self.session.workshop, self.rater.value)
        if own is None:
            return
        for code, scale in self.scales.items():
            scale.value = own.scores.get(code)
        current = maturity.this_round(self.session.workshop, today())
        said = (
            OWN_RATING.format(own.rater)
            if own.day is None or any(r.id == own.id for r in current)
            else EARLIER_RATING.format(own.rater, day_text(own.day))
        )
        self.thanks.value = thanks_html(said)

    def _follow_mode(self, workshop: Workshop) -> None:
        anonymous = workshop.maturity.mode == "anonymous"
        self.collecting.layout.display = None if anonymous else "none"
        self.rater.layout.display = "none" if anonymous else None
        if not anonymous or maturity.collects_here(workshop) or not workshop.maturity.key:
            self.take_over.layout.display = "none"

    def open_collecting(self, take_over: bool = False) -> None:
        self.collector.open(take_over)

    def save_rating(self) -> None:
        if pressed_again([s.value for s in self.scales.values()], self.thanks):
            self.thanks.value = thanks_html(SAVED_ALREADY)
            return
        anonymous = self.session.workshop.maturity.mode == "anonymous"
        rater = "" if anonymous else self.rater.value
        scores = {code: s.value for code, s in self.scales.items() if s.value is not None}
        what = (
            "maturity rating"
            if anonymous
            else f"maturity rating of {' '.join(rater.split()) or '(no name)'}"
        )
        outcome = self.session.update(
            lambda w: maturity.rate(w, rater, scores, today()), what or "maturity rating"
        )
        self.form.status.show(outcome)
        if not outcome.ok:
            reasons = "; ".join(text for _, text in outcome.problems) or outcome.message()
            self.thanks.value = (
                f"<p class='gaptools-refusal'>✗ Not saved: {html.escape(reasons)}</p>"
            )
            return
        for scale in self.scales.values():
            scale.value = None
        self.rater.value = only_leader(self.session.workshop.meta)
        words = SAVED_SEALED if anonymous else SAVED_NAMED
        if anonymous and not maturity.collects_here(self.session.workshop):
            words += (
                " Another rating sent from this notebook replaces it: one notebook, one rating."
            )
        self.thanks.value = thanks_html(words)

    def _room_html(self, workshop: Workshop) -> str:
        view = maturity.maturity_view(workshop)
        waiting = ""
        if view.waiting:
            waiting = (
                f"<p>{html.escape(plural(view.waiting, 'rating'))} sealed, waiting for a batch "
                f"of {workshop.settings.pulse_minimum}.</p>"
            )
        if not view.shown:
            return f"<p><b>{html.escape(view.summary)}</b></p>{waiting}"
        # The summary names the weakest already: a paragraph of its own said it twice.
        parts = [
            radar_chart(view),
            f"<p><b>{html.escape(view.summary)}</b> The weakest is the place to start.</p>",
            waiting,
        ]
        if view.questions:
            items = "".join(
                f"<li><b>{html.escape(r.dimension.label)}</b> ({r.low} to {r.high}): "
                f"{html.escape(r.dimension.question)} Why do we see it so differently?</li>"
                for r in view.questions
            )
            parts.append(f"<p><b>Questions for the room</b></p><ul>{items}</ul>")
        return "".join(parts)

    def _png_section(self) -> widgets.HBox:
        """The radar as a PNG for slides, drawn on request: matplotlib takes a moment, which a
        rating should not wait for. A link drawn before the ratings changed is taken away."""
        maker = button("Make the radar PNG (slides)", "image")
        self.png_link = widgets.HTML()
        drawn: dict[str, object] = {}

        def make(_: object) -> None:
            view = maturity.maturity_view(self.session.latest())
            if not view.shown:
                self.png_link.value = "<p>No rating to draw yet.</p>"
                return
            drawn["ratings"] = self.session.workshop.maturity.ratings
            self.png_link.value = download_link(
                "execution_maturity_radar.png", radar_png(view), "image/png", "Radar as PNG"
            )

        def follow(workshop: Workshop) -> None:
            if drawn and drawn.get("ratings") != workshop.maturity.ratings:
                drawn.clear()
                self.png_link.value = ""

        maker.on_click(make)
        self.session.subscribe(follow)
        return widgets.HBox([maker, self.png_link], _dom_classes=BAR)


# -- helpers -----------------------------------------------------------------------------------
def _initiative_label(initiative: Initiative, workshop: Workshop) -> str:
    bet = " (the bet)" if initiative is _bet_of(workshop) else ""
    return f"{initiative.name}{bet} · {plural(len(initiative.cycles), 'cycle')}"


_last_bet: dict[str, Any] = {}


def _bet_of(workshop: Workshop) -> Initiative | None:
    """``_bet``, looked up once for all the picker's labels: finding it by name for each of
    200 initiatives took 200 × 200 name comparisons after every change."""
    seen = (workshop.bet.initiative, len(workshop.initiatives))
    if _last_bet.get("workshop") is not workshop or _last_bet.get("seen") != seen:
        _last_bet.update(workshop=workshop, seen=seen, bet=_bet(workshop))
    return _last_bet["bet"]


def _bet(workshop: Workshop) -> Initiative | None:
    """The initiative the bet names (step 7 keeps its name), or None."""
    return workshop.initiative(workshop.bet.initiative or "")


def _cycle_options(initiative: Initiative | None) -> list[tuple[str, str | None]]:
    if initiative is None or not initiative.cycles:
        return [("— no cycle yet", None)]
    now = today()
    return [
        (f"cycle {n} · {_started(c)} · {_state(c, now)}", c.id)
        for n, c in enumerate(initiative.cycles, 1)
    ]


def _state(cycle: Cycle, now: dt.date) -> str:
    if cycle.decision is not None and learning.decided_on(cycle, now) is not None:
        return cycle.decision.label
    return learning.running_word(cycle, now)


def _decision_options() -> list[tuple[str, str]]:
    return [(f"{SHAPES[CycleDecision(v)]} {label}", v) for label, v in enum_options(CycleDecision)]


def _dates_text(cycle: Cycle) -> str:
    start = day_text(cycle.start) if cycle.start else "no start"
    end = day_text(cycle.end) if cycle.end else "no end"
    return f"{start} → {end}"


def _started(cycle: Cycle) -> str:
    return f"from {day_text(cycle.start)}" if cycle.start else "no start date"


def _decision_text(cycle: Cycle) -> str:
    if cycle.decision is None:
        return "not decided yet"
    on = f" on {day_text(cycle.decided_on)}" if cycle.decided_on else ""
    return f"{cycle.decision.label}{on}"


def _participants(workshop: Workshop) -> list[str]:
    return [p.name for p in workshop.meta.participants]


def _velocity_html(workshop: Workshop) -> str:
    now = today()
    velocity = learning.velocity(workshop, now)
    parts = [f"<p style='font-size:1.15em'><b>{html.escape(velocity.summary)}</b></p>"]
    if velocity.warning:
        parts.append(f"<p class='gaptools-refusal'>⚠ {html.escape(velocity.warning)}.</p>")
    if velocity.long:
        names = ", ".join(e.label for e in velocity.long)
        parts.append(f"<p>Longer than six weeks: {html.escape(names)}: cut them shorter.</p>")
    parts.append(timeline_chart(workshop, now))
    return "".join(parts)


def _collecting_html(workshop: Workshop) -> str:
    m = workshop.maturity
    counts = (
        f"{plural(len(m.sealed), 'rating')} sealed, waiting for a batch of "
        f"{workshop.settings.pulse_minimum}; {len(m.ratings)} published."
    )
    if not m.key:
        where = f"Not collecting at a screen yet: {maturity.NOT_OPEN}."
        return f"<p><b>{html.escape(where)}</b> {html.escape(counts)} {PHONES_COUNTED}</p>"
    elif maturity.collects_here(workshop):
        where = "Collected at this screen: keep it running until everyone has rated."
    else:
        where = (
            "Collected at another screen: a rating given here is sealed for it. If that "
            "screen has restarted, take the ratings over here (those waiting there are lost)."
        )
    return f"<p><b>{html.escape(where)}</b> {html.escape(counts)}</p>"
