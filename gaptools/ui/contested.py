"""Step 2 form: each leader's one-sentence definition of AI success, and how spread they are."""

from __future__ import annotations

import html

import ipywidgets as widgets

from gaptools.charts.steps import lens_chart
from gaptools.core.model import Lens, Workshop
from gaptools.steps.contested import Spread, lens_spread, record_definition
from gaptools.ui.kit import LABEL_STYLE, WIDE, Form, at, button, heading
from gaptools.ui.session import WorkshopSession

LENSES = [(lens.label, lens.value) for lens in Lens]


def show(path: str | None = None) -> widgets.VBox:
    return ContestedForm(WorkshopSession.open(path)).widget


class ContestedForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session)
        self.who = widgets.Combobox(
            description="Leader",
            placeholder="pick or type a name",
            options=self._names(session.workshop),
            ensure_option=False,
            style=LABEL_STYLE,
            layout=WIDE,
        )
        session.subscribe(lambda w: setattr(self.who, "options", self._names(w)))
        self.sentence = widgets.Textarea(
            description="Success means…",
            placeholder="One sentence: what would AI success look like for us this year?",
            style=LABEL_STYLE,
            layout=widgets.Layout(width="48em", height="4.5em"),
        )
        self.lens = widgets.Dropdown(
            description="Lens", options=LENSES, style=LABEL_STYLE, layout=WIDE
        )
        self.add_button = button("Record this definition", "check")
        self.add_button.on_click(lambda _: self.record())
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
            heading("All definitions"),
            self.form.rows(
                lambda w: len(w.success_definitions), self._row, "No definitions recorded yet."
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
        if outcome.ok:
            if replaced[-1]:
                self.form.status.note(f"Replaced {who.strip()}'s earlier definition.")
            self.who.value = ""
            self.sentence.value = ""

    def _row(self, index: int) -> widgets.HBox:
        f = self.form

        def get(workshop: Workshop, field: str, default: str) -> str:
            entry = at(workshop.success_definitions, index)
            return getattr(entry, field) if entry else default

        sentence = f.bind(
            widgets.Text(continuous_update=False, layout=widgets.Layout(width="40em")),
            f"definition {index + 1}",
            lambda w: get(w, "sentence", ""),
            lambda w, v: setattr(w.success_definitions[index], "sentence", v),
        )
        lens = f.bind(
            widgets.Dropdown(options=LENSES, layout=widgets.Layout(width="13em")),
            f"lens of definition {index + 1}",
            lambda w: getattr(get(w, "lens", Lens.STRATEGIC), "value", Lens.STRATEGIC.value),
            lambda w, v: setattr(w.success_definitions[index], "lens", v),
        )
        who = f.live(lambda w: f"<b>{html.escape(get(w, 'participant', ''))}</b>")
        who.layout.width = "12em"
        remove = button("Remove", "trash")
        remove.on_click(lambda _: self.remove(index))
        return widgets.HBox([who, sentence, lens, remove])

    def remove(self, index: int) -> None:
        def drop(workshop: Workshop) -> None:
            del workshop.success_definitions[index]

        self.form.status.show(self.session.update(drop, f"removed definition {index + 1}"))


def _spread_html(spread: Spread) -> str:
    parts = [f"<p style='font-size:1.35em'><b>{html.escape(spread.summary)}</b></p>"]
    if spread.definitions:
        parts.append(
            f"<p>Spread: {spread.entropy:.2f} on a scale from 0 (everyone sees success the same "
            "way) to 1 (evenly split across all six lenses). Hatched bars lead.</p>"
        )
        parts.append(lens_chart(spread))
    if spread.missing:
        names = ", ".join(html.escape(n) for n in spread.missing)
        parts.append(f"<p><b>Not heard from yet:</b> {names}.</p>")
    return "".join(parts)
