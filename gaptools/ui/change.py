"""Step 8 form: the anonymous pulse (set up, answered, shown) and the leaders' commitments.

The rules live in ``steps.pulse`` and ``steps.commitments``; this only binds them. An answer
is sealed before it is saved and published in batches (see ``steps.pulse``), so the form never
keeps or shows an answer once given: its inputs are cleared and only a thank-you stays.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from gaptools.charts.pulse import pulse_chart
from gaptools.core.model import Augmentation, Commitment, Workshop
from gaptools.core.numbers import percent
from gaptools.core.text import plural
from gaptools.files.sheets import HOURS_A_MONTH
from gaptools.steps import commitments, pulse
from gaptools.steps.start import only_leader
from gaptools.ui.collecting import Collector, Sealed
from gaptools.ui.fields import Field
from gaptools.ui.kit import (
    BAR,
    PHONES_COUNTED,
    WIDE,
    Column,
    Form,
    Grid,
    alone_note,
    bullet_list,
    button,
    choices_across,
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

STEP = "08_lead_the_change"

THANKS = "✓ Thank you: your answer is sealed."
#: Said at the top of the form to a leader working alone: the pulse is a room's.
ALONE = (
    "Working alone: the pulse needs at least three people answering, so take it with your "
    "team, or send them the pre-workshop survey (notebook 00b); one answer of yours is never "
    "shown. Write your own commitment under Leaders' commitments."
)
SENT_ALREADY = (
    "✓ Your answer is sealed already; the form is empty again for the next answer. "
    "Nothing more was sent."
)
#: Said at a leader's own notebook, where one person answers: its answers count as one.
REPLACES = "Another answer sent from this notebook replaces it: one notebook, one answer."
RATHER_NOT_SAY = "Rather not say"
KEPT = (
    "What is kept: your three answers, your concern if you write one, your group if you pick "
    "one, and the day. No name, no email, no time of day. Your answer is sealed the moment "
    "you send it; the room sees answers only in batches of at least the minimum, so that no "
    "answer can be told apart."
)
PRIVATE_NOTE = (
    "Pass the laptop: only the answer card shows. Each person answers, sends, and passes "
    "the laptop on; the card is cleared after every answer."
)
EXAMPLE_GRID = Grid(
    [
        Column("Task AI takes on", "minmax(8em, 3fr)"),
        Column("Off which role", "minmax(7em, 2fr)"),
        Column("What they do instead", "minmax(8em, 3fr)"),
        Column("", "7em"),
    ]
)
EXAMPLE_FIELDS = [
    Field("Task AI takes on", "task", inline=True, placeholder="e.g. drafts claim summaries"),
    Field("Off which role", "role", inline=True, placeholder="e.g. claims handlers"),
    Field(
        "What they do instead",
        "instead",
        inline=True,
        placeholder="e.g. spend the time on complex claims",
    ),
]
COMMITMENT_FIELDS = [
    Field("Statement", "statement", "long", placeholder=commitments.PROMPT, width="48em"),
]
TIME_FIELDS = [
    Field(
        "Hours per month",
        "hours_per_month",
        "number",
        placeholder="e.g. 4 a person",  # "per person, e.g. 4 hours" was cut in its box
        unit=HOURS_A_MONTH,
    ),
    Field("Learning time from", "hours_from", "date"),
]
STORY_FIELDS = [
    Field("What I tried", "tried", "long", placeholder="what you tried with AI yourself"),
    Field("What was hard", "hard", "long", placeholder="what was hard, or surprised you"),
]
# The answer card grows on the shared screen, and its scale buttons wrap rather than scroll.
CHANGE_STYLE = """<style>
.gaptools-answer .widget-toggle-buttons { flex-wrap: wrap; height: auto; }
.gaptools-answer .widget-toggle-buttons .widget-toggle-button { margin: 2px 4px 2px 0; }
.gaptools-answer .gaptools-question { font-weight: bold; margin: 0.6em 0 0.2em; }
.gaptools-private .gaptools-answer, .gaptools-private .gaptools-answer .widget-label,
.gaptools-private .gaptools-answer button, .gaptools-private .gaptools-answer textarea,
.gaptools-private .gaptools-answer select,
.gaptools-private .gaptools-answer .widget-html-content { font-size: 20px; }
.gaptools-private .gaptools-answer .widget-toggle-button { height: 2.2em; }
.gaptools-thanks { font-size: 1.2em; font-weight: bold; color: #005a8c; }
</style>"""


PULSE_RULES = Sealed(
    open_here=pulse.open_pulse,
    key=lambda w: w.pulse.key,
    held_here=pulse.collects_here,
    waiting=lambda w: len(w.pulse.sealed),
    publish=pulse.publish,
    what="pulse answers",
)


def show(path: str | None = None) -> widgets.Widget:
    return opened(lambda session: ChangeForm(session).widget, path)


class ChangeForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session, STEP)
        self._relabelling = False
        self.selected: str | None = (
            session.workshop.commitments[0].id if session.workshop.commitments else None
        )
        f = self.form
        self.private = widgets.ToggleButton(
            value=False,
            description="Pass the laptop (private mode)",
            icon="user-secret",
            tooltip="Show only the answer card, for one person at a time",
            layout=widgets.Layout(width="auto"),
        )
        self.private_note = widgets.HTML(f"<p>{html.escape(PRIVATE_NOTE)}</p>")
        self.setup = widgets.VBox(self._setup_section())
        self.card = widgets.VBox(self._answer_section())
        self.card.add_class("gaptools-answer")
        self.room = widgets.VBox(self._room_section())
        self.leaders = widgets.VBox(self._commitment_section())
        self.widget = f.layout(
            widgets.HTML(CHANGE_STYLE),
            f.live(alone_note(ALONE)),
            widgets.HBox([self.private], layout=widgets.Layout(margin="0.6em 0 0")),
            self.private_note,
            self.setup,
            self.card,
            self.room,
            self.leaders,
        )
        self.ending = [
            w
            for w in self.widget.children
            if isinstance(w, widgets.HTML) and "gaptools-next" in w.value
        ]
        self.private.observe(lambda _: self._follow_mode(), names="value")
        self._follow_mode()

    # -- actions shared by the buttons ----------------------------------------------------
    def act(self, edit: Callable[[Workshop], object], what: str) -> bool:
        return self.form.act(edit, what)

    # -- the pulse: set up -----------------------------------------------------------------
    def _setup_section(self) -> list[widgets.Widget]:
        f = self.form
        self.collector = Collector(
            f, PULSE_RULES, "Open the pulse", "Take the pulse over at this screen"
        )
        closer = button("Close the pulse", "stop")
        closer.on_click(lambda _: self.close_pulse())
        self.close_anyway = button("Close anyway (discard the waiting answers)", "trash")
        self.close_anyway.on_click(lambda _: self.close_pulse(force=True))
        self.close_anyway.layout.display = "none"
        self.take_over = self.collector.take_over
        minimum = f.whole_number(
            "Minimum answers",
            lambda w: w.settings.pulse_minimum,
            lambda w, v: setattr(w.settings, "pulse_minimum", v),
        )
        concerns = f.whole_number(
            "Concerns shown from",
            lambda w: w.settings.concerns_minimum,
            lambda w, v: setattr(w.settings, "concerns_minimum", v),
        )
        groups = f.text(
            "Groups (optional)",
            lambda w: ", ".join(w.pulse.groups),
            lambda w, v: setattr(w.pulse, "groups", _names(v)),
            "comma-separated, e.g. Operations, Claims, IT",
        )
        self.session.subscribe(self._follow_waiting)
        return [
            heading(
                "The pulse: set up (facilitator)",
                "Open the pulse here; people then answer at this screen (pass the laptop) "
                "or in their own notebooks. This screen collects the answers: keep it running "
                "until the pulse is closed.",
            ),
            widgets.HTML(f"<p>{html.escape(KEPT)}</p>"),
            widgets.HBox(
                [self.collector.opener, closer, self.close_anyway, self.take_over],
                _dom_classes=BAR,
            ),
            f.live(_state_html),
            widgets.HTML(
                "<p>Minimum answers: keep it at 3 or more; 5 suits a larger group. Concerns, in "
                "people's own words, are shown only from a larger number of answers (5 by "
                "default). Groups (a function, a site) are optional: a group under the minimum "
                "is never shown apart.</p>"
            ),
            minimum,
            concerns,
            groups,
        ]

    def open_pulse(self, take_over: bool = False) -> None:
        self.collector.open(take_over)

    def close_pulse(self, force: bool = False) -> None:
        what = "pulse closed, waiting answers discarded" if force else "pulse closed"
        ok = self.act(lambda w: pulse.close_pulse(w, force=force), what)
        waiting = bool(self.session.workshop.pulse.sealed)
        self.close_anyway.layout.display = None if not ok and waiting else "none"

    def _follow_waiting(self, workshop: Workshop) -> None:
        if not workshop.pulse.sealed:
            self.close_anyway.layout.display = "none"

    # -- your answer ----------------------------------------------------------------------
    def _answer_section(self) -> list[widgets.Widget]:
        self.scales: dict[str, widgets.RadioButtons] = {}
        parts: list[widgets.Widget] = []
        for question in pulse.QUESTIONS:
            scale = choices_across(
                [(f"{n} {label}", n) for n, label in enumerate(question.labels, 1)],
                question.text,
            )
            scale.observe(lambda _: self._clear_thanks(), names="value")
            self.scales[question.key] = scale
            parts += [
                widgets.HTML(f"<p class='gaptools-question'>{html.escape(question.text)}</p>"),
                scale,
            ]
        self.concern = widgets.Textarea(
            description="Concern (optional)",
            placeholder=f"{pulse.CONCERN_QUESTION}: up to {pulse.CONCERN_LIMIT} characters",
            style=labelled(widgets.Textarea),
            layout=widgets.Layout(width="48em", max_width=WHOLE, height="5em"),
        )
        self.group = widgets.Dropdown(
            description="My group",
            options=_group_options(self.session.workshop),
            value="",
            style=labelled(widgets.Dropdown),
            layout=own_wide(),  # hidden while there are no groups
        )
        self.sender = button("Send my answer", "paper-plane")
        self.sender.on_click(lambda _: self.send())
        self.thanks = widgets.HTML()
        self._follow_answer(self.session.workshop)
        self.session.subscribe(self._follow_answer)
        return [
            heading(
                "Your answer", "Anonymous: nobody, the facilitator included, sees who said what."
            ),
            self.form.live(_where_html),
            *parts,
            self.concern,
            self.group,
            widgets.HBox([self.sender]),
            self.thanks,
            self.form.live(_count_html),
        ]

    def _follow_answer(self, workshop: Workshop) -> None:
        self.sender.disabled = not pulse.is_open(workshop)
        keep_options(self.group, _group_options(workshop))
        self.group.layout.display = None if workshop.pulse.groups else "none"

    def _clear_thanks(self) -> None:
        if self.thanks.value and any(s.value is not None for s in self.scales.values()):
            self.thanks.value = ""

    def send(self) -> None:
        blank = [scale.value for scale in self.scales.values()] + [self.concern.value.strip()]
        if pressed_again(blank, self.thanks):  # an anonymous answer cannot be looked up
            self.thanks.value = thanks_html(SENT_ALREADY)
            return
        given = pulse.Given(
            feeling=self.scales["feeling"].value,
            clarity=self.scales["clarity"].value,
            time_to_learn=self.scales["time_to_learn"].value,
            concern=self.concern.value,
            group=self.group.value or "",
        )
        outcome = self.session.update(
            lambda w: pulse.answer(w, given, dt.date.today()), "pulse answer"
        )
        self.form.status.show(outcome)
        if not outcome.ok:
            reasons = "; ".join(text for _, text in outcome.problems) or outcome.message()
            self.thanks.value = (
                f"<p class='gaptools-refusal'>✗ Not sent: {html.escape(reasons)}</p>"
            )
            return
        for scale in self.scales.values():
            scale.value = None
        self.concern.value = ""
        self.group.value = ""
        again = "" if pulse.collects_here(self.session.workshop) else f" {REPLACES}"
        self.thanks.value = thanks_html(THANKS + again)

    # -- what the room sees ---------------------------------------------------------------
    def _room_section(self) -> list[widgets.Widget]:
        return [
            heading(
                "What the room sees",
                "Shown only from the minimum number of answers; concerns from a larger number, "
                "in an order that says nothing about who wrote them.",
            ),
            self.form.live(_room_html),
        ]

    # -- private mode ----------------------------------------------------------------------
    def _follow_mode(self) -> None:
        private = self.private.value
        hidden = "none" if private else None
        for part in (self.setup, self.room, self.leaders, self.form.undo_button, *self.ending):
            part.layout.display = hidden
        self.private_note.layout.display = None if private else "none"
        if private:
            self.widget.add_class("gaptools-private")
            # The last change saved named whose it was ("… of Sam Patel's commitment"): the
            # next person handed the laptop sees nothing of it.
            self.form.status.note("Private mode: answer, send, and pass the laptop on.")
        else:
            self.widget.remove_class("gaptools-private")

    # -- the leaders' commitments ----------------------------------------------------------
    def _commitment_section(self) -> list[widgets.Widget]:
        f = self.form
        self.leader = widgets.Combobox(
            description="Leader",
            placeholder="pick or type a name",
            options=_participants(self.session.workshop),
            value=only_leader(self.session.workshop.meta),
            ensure_option=False,
            style=labelled(widgets.Combobox),
            layout=WIDE,
        )
        self.session.subscribe(lambda w: setattr(self.leader, "options", _participants(w)))
        starter = button("Start or open their commitment", "pencil")
        starter.on_click(lambda _: self.start_commitment())
        self.picker = widgets.Dropdown(
            description="Showing",
            options=_commitment_options(self.session.workshop),
            value=self.selected,
            style=labelled(widgets.Dropdown),
            layout=WIDE,
        )
        self.picker.observe(self._picked, names="value")
        self.session.subscribe(self._follow_picker)

        def chosen(workshop: Workshop) -> Commitment | None:
            return self.current(workshop)

        def subject(workshop: Workshop) -> str:
            found = self.current(workshop)
            return f"{found.leader}'s commitment" if found else "a removed commitment"

        missing = "choose or start a leader's commitment first"
        statement = f.fields(COMMITMENT_FIELDS, chosen, subject, missing)
        statement[0].layout.height = "7em"  # a few sentences, read back to the room
        hours = f.fields(TIME_FIELDS, chosen, subject, missing)
        story = f.fields(STORY_FIELDS, chosen, subject, missing)
        examples = f.rebuilt(
            lambda w: (self.selected, tuple(e.id for e in self._examples(w))),
            self._example_rows,
        )
        adder = button("Add an example", "plus")
        adder.on_click(lambda _: self.add_example())
        self.editor = widgets.VBox(
            [
                f.live(self._editing_html),
                *statement,
                widgets.HTML(
                    "<p><b>Augmentation examples</b>: at least two, each a task AI takes "
                    "off a named role, and what the people in that role do instead.</p>"
                ),
                examples,
                widgets.HBox([adder]),
                widgets.HTML(
                    "<p><b>Learning time</b>: hours per person per month, and from when "
                    "(a training budget is not time).</p>"
                ),
                *hours,
                widgets.HTML(
                    "<p><b>Your own learning story</b>: what you tried, what was hard.</p>"
                ),
                *story,
                f.live(self._gaps_html),
            ]
        )
        self._follow_editor(self.session.workshop)
        self.session.subscribe(self._follow_editor)
        return [
            heading(
                "Leaders' commitments",
                "Each leader says what they don't know, shows concretely what changes for "
                "whom, carves out time to learn, and tells their own learning story.",
            ),
            self.leader,
            widgets.HBox([starter]),
            self.picker,
            self.editor,
            heading("All leaders"),
            f.live(_overview_html),
        ]

    def current(self, workshop: Workshop) -> Commitment | None:
        return entry(workshop.commitments, self.selected) if self.selected else None

    def choose(self, commitment_id: str | None) -> None:
        self.selected = commitment_id
        self.session.notify()

    def _picked(self, change: dict[str, Any]) -> None:
        if not self._relabelling and change["new"] != self.selected:
            self.choose(change["new"])

    def _follow_picker(self, workshop: Workshop) -> None:
        ids = [c.id for c in workshop.commitments]
        if self.selected not in ids:
            self.selected = ids[0] if ids else None
        self._relabelling = True  # new labels or choices, not a new pick
        try:
            keep_options(self.picker, _commitment_options(workshop))
            if self.picker.value != self.selected:
                self.picker.value = self.selected
        finally:
            self._relabelling = False

    def _follow_editor(self, workshop: Workshop) -> None:
        self.editor.layout.display = None if self.current(workshop) else "none"

    def start_commitment(self) -> None:
        name = self.leader.value
        found = commitments.find_commitment(self.session.workshop, name)
        if found is not None:
            self.choose(found.id)
            self.form.status.note(f"Showing {found.leader}'s commitment")
            self.leader.value = only_leader(self.session.workshop.meta)
            return
        made: dict[str, str] = {}

        def add(workshop: Workshop) -> None:
            made["id"] = commitments.add_commitment(workshop, name)

        if self.act(add, f"commitment of {' '.join(name.split()) or '(no name)'}"):
            self.leader.value = only_leader(self.session.workshop.meta)
            self.choose(made["id"])

    def _examples(self, workshop: Workshop) -> list[Augmentation]:
        found = self.current(workshop)
        return found.examples if found else []

    def _example_rows(self, workshop: Workshop) -> list[widgets.Widget]:
        commitment_id = self.selected
        if self.current(workshop) is None:
            return []
        rows = [
            self.form.entry_row(
                lambda w: _examples_of(w, commitment_id),
                example.id,
                EXAMPLE_FIELDS,
                _example_name,
                grid=EXAMPLE_GRID,
            )
            for example in self._examples(workshop)
        ]
        if not rows:
            return [widgets.HTML("<p>No examples yet.</p>")]
        return [EXAMPLE_GRID.header(), *rows]

    def add_example(self) -> None:
        commitment_id = self.selected

        def add(workshop: Workshop) -> None:
            found = entry(workshop.commitments, commitment_id) if commitment_id else None
            if found is None:
                raise ValueError("choose or start a leader's commitment first")
            found.examples.append(Augmentation())

        self.act(add, "augmentation example added")

    def _editing_html(self, workshop: Workshop) -> str:
        found = self.current(workshop)
        if found is None:
            return ""
        return f"<p style='font-size:1.2em'>Commitment of <b>{html.escape(found.leader)}</b></p>"

    def _gaps_html(self, workshop: Workshop) -> str:
        found = self.current(workshop)
        if found is None:
            return ""
        return "<p><b>What this commitment still lacks</b></p>" + bullet_list(
            commitments.gaps(found), "Complete"
        )


# -- helpers -----------------------------------------------------------------------------------
def _names(text: str) -> list[str]:
    return [" ".join(part.split()) for part in text.split(",") if part.strip()]


def _participants(workshop: Workshop) -> list[str]:
    return [p.name for p in workshop.meta.participants]


def _group_options(workshop: Workshop) -> list[tuple[str, str]]:
    return [(RATHER_NOT_SAY, "")] + [(g, g) for g in workshop.pulse.groups]


def _commitment_options(workshop: Workshop) -> list[tuple[str, str | None]]:
    if not workshop.commitments:
        return [("— none yet", None)]
    return [
        (f"{'✓' if commitments.is_complete(c) else '◌'} {c.leader}", c.id)
        for c in workshop.commitments
    ]


def _examples_of(workshop: Workshop, commitment_id: str | None) -> list[Augmentation]:
    found = entry(workshop.commitments, commitment_id) if commitment_id else None
    return found.examples if found else []


def _example_name(example: Augmentation) -> str:
    return "an empty example" if not example.task.strip() else f"example '{example.task}'"


def _state_html(workshop: Workshop) -> str:
    p = workshop.pulse
    waiting = len(p.sealed)
    minimum = workshop.settings.pulse_minimum
    counted = pulse.sealed_here(workshop) if waiting else 0
    replaced = (
        f" (from {plural(counted, 'notebook')}: a second answer from one replaces its first)"
        if pulse.collects_here(workshop) and counted < waiting
        else ""
    )
    counts = (
        f"{plural(waiting, 'answer')} sealed{replaced}, waiting for a batch of {minimum}; "
        f"{len(p.answers)} published."
    )
    if not pulse.is_open(workshop):  # never opened, or closed since: either way, not open
        return f"<p><b>The pulse is not open here.</b> {html.escape(counts)} {PHONES_COUNTED}</p>"
    if pulse.collects_here(workshop):
        where = "Open: collected at this screen."
    else:
        where = (
            "Open: collected at another screen: your answer is sealed for it. If that screen "
            "has restarted, open the pulse again here (answers waiting for it are lost)."
        )
    return f"<p><b>{html.escape(where)}</b> {html.escape(counts)}</p>"


def _where_html(workshop: Workshop) -> str:
    if not pulse.is_open(workshop):
        # This is step 8 itself: the button is on this page, above.
        return (
            "<p><b>Not open yet:</b> the facilitator opens it with 'Open the pulse' above; "
            "answers may then be given here or from any leader's notebook.</p>"
        )
    if pulse.collects_here(workshop):
        return "<p>The pulse is open: collected at this screen.</p>"
    return "<p>The pulse is open: collected at another screen: your answer is sealed for it.</p>"


def _count_html(workshop: Workshop) -> str:
    given = pulse.responses(workshop)
    return f"<p>{html.escape(plural(given, 'answer'))} given so far.</p>"


def _room_html(workshop: Workshop) -> str:
    view = pulse.pulse_view(workshop)
    if not view.shown:
        return f"<p><b>{html.escape(view.summary)}</b></p>"
    parts = [pulse_chart(view), f"<p><b>{html.escape(view.summary)}</b></p>"]
    if view.groups or view.hidden_groups:
        parts.append(_groups_table(view))
    if view.concerns:
        items = "".join(f"<li>{html.escape(c)}</li>" for c in view.concerns)
        parts.append(f"<p><b>Concerns, in people's own words</b></p><ul>{items}</ul>")
    elif view.concerns_note:
        parts.append(f"<p>{html.escape(view.concerns_note)}</p>")
    return "".join(parts)


def _groups_table(view: pulse.PulseView) -> str:
    heads = "".join(f"<th>{html.escape(q.short)}: 4 or 5</th>" for q in pulse.QUESTIONS)
    rows = "".join(
        f"<tr><td style='white-space:nowrap'>{html.escape(g.group)}</td><td>{g.answers}</td>"
        + "".join(f"<td>{percent(d.favourable)}</td>" for d in g.distributions)
        + "</tr>"
        for g in view.groups
    )
    table = (
        "<table class='gaptools-table'><thead><tr><th>Group</th><th>Answers</th>"
        f"{heads}</tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    hidden = ""
    if view.hidden_groups:
        names = ", ".join(view.hidden_groups)
        hidden = (
            f"<p>Not shown apart (too few answers to keep them apart): {html.escape(names)}.</p>"
        )
    return "<p><b>By group</b></p>" + table + hidden


def _overview_html(workshop: Workshop) -> str:
    if not workshop.commitments:
        return f"<p>{html.escape(commitments.summary(workshop))}</p>"
    rows = []
    for c in workshop.commitments:
        found = commitments.gaps(c)
        missing = "; ".join(found) if found else "—"
        rows.append(
            f"<tr><td style='white-space:nowrap'>{html.escape(c.leader)}</td>"
            f"<td style='white-space:nowrap'>{'✓ yes' if not found else '◌ no'}</td>"
            f"<td>{html.escape(missing)}</td></tr>"
        )
    return (
        f"<p>{html.escape(commitments.summary(workshop))}</p>"
        "<table class='gaptools-table'><thead><tr><th>Leader</th><th>Complete</th>"
        f"<th>What is missing</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
