"""Step 2 form: each leader's one-sentence definition of AI success, and how spread they are."""

from __future__ import annotations

import html

import ipywidgets as widgets

from gaptools.charts.steps import lens_chart
from gaptools.core.model import Lens, SuccessDefinition, Workshop, answerer_label, name_key
from gaptools.core.text import shorten
from gaptools.steps.contested import Spread, definition_of, lens_spread, record_definition
from gaptools.steps.start import misspelt_leader, nearly_listed, only_leader
from gaptools.ui.fields import Field
from gaptools.ui.kit import WIDE, Form, beside, button, entry, heading, opened, said_warning
from gaptools.ui.session import WorkshopSession
from gaptools.ui.styles import WHOLE, labelled

STEP = "02_contested_value"

LENSES = [(lens.label, lens.value) for lens in Lens]
DEFINITION_FIELDS = [
    Field("Success means", "sentence", inline=True, width="40em"),
    Field("Lens", "lens", "choice", options=LENSES, inline=True, width="15em"),
]


def show(path: str | None = None) -> widgets.Widget:
    return opened(lambda session: ContestedForm(session).widget, path)


class ContestedForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session, STEP)
        self.who = widgets.Combobox(
            description="Leader",
            placeholder="pick or type a name",
            options=self._names(session.workshop),
            value=only_leader(session.workshop.meta),
            ensure_option=False,
            style=labelled(widgets.Combobox),
            layout=WIDE,
        )
        session.subscribe(lambda w: setattr(self.who, "options", self._names(w)))
        # Definitions recorded here, by leader, as saved: one replaced elsewhere since (another
        # notebook recording for the same leader) is said. Both pages said "Replaced … earlier
        # definition" or "Saved", and the first never learnt its sentence was gone.
        self._recorded: dict[str, tuple[str, str]] = {}
        session.subscribe(self._follow_recorded)
        self.sentence = widgets.Textarea(
            description="Success means…",
            placeholder="One sentence: what would AI success look like for us this year?",
            style=labelled(widgets.Textarea),
            layout=widgets.Layout(width="48em", max_width=WHOLE, height="4.5em"),
        )
        self.lens = widgets.Dropdown(
            description="Lens", options=LENSES, style=labelled(widgets.Dropdown), layout=WIDE
        )
        self.add_button = button("Record this definition", "check")
        self.add_button.on_click(lambda _: self.record())
        self.said = widgets.HTML()  # what the button did, where the person is looking
        self.widget = self.form.layout(
            heading("What the room said"),
            self.form.live(lambda w: _spread_html(lens_spread(w))),
            heading(
                "Add a leader's definition",
                "One per leader; recording again replaces that leader's sentence.",
            ),
            self.who,
            self.sentence,
            self.lens,
            self.add_button,
            self.said,
            heading("All definitions"),
            self.form.rows(
                lambda w: w.success_definitions, self._row, "No definitions recorded yet."
            ),
        )

    @staticmethod
    def _names(workshop: Workshop) -> list[str]:
        return [p.name for p in workshop.meta.participants]

    def record(self) -> None:
        who, sentence, lens = self.who.value, self.sentence.value, Lens(self.lens.value)
        replaced: list[bool] = []

        def edit(workshop: Workshop) -> None:
            replaced.append(record_definition(workshop, who, sentence, lens))

        outcome = self.session.update(edit, f"definition from {who.strip() or '(no name)'}")
        self.form.status.show(outcome)
        # Said under the button too: the status line is off the screen of a person at the
        # foot of the form, and a blank sentence or a misspelt name went unseen.
        named = " ".join(who.split())
        done = f"Recorded {named}'s definition."
        if outcome.ok and replaced[-1]:
            done = f"Replaced {named}'s earlier definition."
        self.said.value = beside(outcome, done)
        if outcome.ok:
            if replaced[-1]:
                self.form.status.note(done)
            saved = definition_of(self.session.workshop, who)
            if saved is not None:
                self._recorded[name_key(who)] = (saved.sentence, saved.lens)
            if misspelt := misspelt_leader(self.session.workshop, who):
                misspelt += _if_it_was_theirs(self.session.workshop, who)
                self.form.status.note(misspelt, ok=False, warn=True)
                self.said.value += said_warning(misspelt)
            self.who.value = only_leader(self.session.workshop.meta)
            self.sentence.value = ""

    def _follow_recorded(self, workshop: Workshop) -> None:
        """Say when a definition recorded here has been replaced elsewhere since; this page's
        own edits of it (in its row) are simply what it now recorded."""
        own = self.session.before_own_change() is not None
        for key, recorded in list(self._recorded.items()):
            now = definition_of(workshop, key)
            if now is None:  # removed: its row goes
                del self._recorded[key]
            elif (now.sentence, now.lens) != recorded:
                if own:
                    self._recorded[key] = (now.sentence, now.lens)
                    continue
                del self._recorded[key]
                self.form.status.note(
                    f"{now.participant}'s definition was replaced elsewhere after you recorded "
                    f"it; it now reads: {shorten(now.sentence, 120)}",
                    ok=False,
                )

    def _row(self, definition_id: str) -> widgets.HBox:
        who = self.form.live(
            lambda w: (
                f"<b>{html.escape(answerer_label(d.participant))}</b>"
                if (d := entry(w.success_definitions, definition_id))
                else ""
            )
        )
        who.layout.width = "12em"
        return self.form.entry_row(
            _definitions, definition_id, DEFINITION_FIELDS, _whose, lead=[who]
        )

    def remove(self, definition_id: str) -> None:
        self.form.remove_entry(_definitions, definition_id, _whose)


def _definitions(workshop: Workshop) -> list[SuccessDefinition]:
    return workshop.success_definitions


def _whose(definition: SuccessDefinition) -> str:
    return f"{answerer_label(definition.participant)}'s definition"


def _spread_html(spread: Spread) -> str:
    parts = [f"<p style='font-size:1.35em'><b>{html.escape(spread.summary)}</b></p>"]
    if spread.comparable:  # one voice's 0 would read as everyone seeing it the same way
        parts.append(
            f"<p>Spread: {spread.entropy:.2f} on a scale from 0 (everyone sees success the same "
            "way) to 1 (evenly split across all six lenses). Hatched bars lead.</p>"
        )
    if spread.definitions:
        parts.append(lens_chart(spread))
    if spread.missing:
        names = ", ".join(html.escape(n) for n in spread.missing)
        parts.append(f"<p><b>Not heard from yet:</b> {names}.</p>")
    return "".join(parts)


def _if_it_was_theirs(workshop: Workshop, typed: str) -> str:
    """What to do when the misspelt name was a listed leader's: recording the sentence again
    under the listed name replaces what that leader wrote before, and the misspelt row stays
    counted as another person's."""
    listed = nearly_listed(typed, [p.name for p in workshop.meta.participants])
    if listed is None:
        return "."
    row = f"remove the row of '{' '.join(typed.split())}' below"
    if definition_of(workshop, listed) is None:
        return f". If it was {listed}'s, {row} and record it under the listed name."
    return (
        f". If it was {listed}'s, {row}: {listed} has a definition already, which recording "
        "it again under the listed name would replace."
    )
