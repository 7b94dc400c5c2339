"""Widgets bound to the workshop: the pieces every step's form is built from.

A bound widget shows ``read(workshop)`` and, when the person commits a value (Enter, Tab or
a click away: ``continuous_update=False``), calls ``write(workshop, value)`` through the
session, which validates and saves it. A refused value puts the saved one back and the
status line says why. Every bound widget also follows undo and changes made elsewhere.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from gaptools.charts.svg import CHART_STYLE
from gaptools.core.model import Workshop
from gaptools.ui.session import Outcome, WorkshopSession

Read = Callable[[Workshop], Any]
Write = Callable[[Workshop, Any], None]

LABEL_STYLE = {"description_width": "12em"}
WIDE = widgets.Layout(width="36em")

STYLE = (
    """
<style>
.gaptools-form { font-size: 15px; max-width: 62em; }
.gaptools-form .widget-label, .gaptools-form input, .gaptools-form select,
.gaptools-form button, .gaptools-form .widget-html-content { font-size: 15px; }
.gaptools-form h3 { margin: 1.2em 0 0.3em; }
.gaptools-status { padding: 0.4em 0.8em; border-radius: 4px; border: 1px solid #999; }
.gaptools-status.ok { background: #e8f1fa; border-color: #0072b2; }
.gaptools-status.refused { background: #fdf0e6; border-color: #d55e00; font-weight: bold; }
.gaptools-gaps li { margin: 0.15em 0; }
.gaptools-table { border-collapse: collapse; margin: 0.4em 0; }
.gaptools-table th, .gaptools-table td { border-bottom: 1px solid #ccc; padding: 4px 8px;
  text-align: left; vertical-align: top; }
"""
    + CHART_STYLE
    + """
</style>
"""
)


class StatusLine:
    """One line that says whether the last change was saved, and if not, why not."""

    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.widget = widgets.HTML(value=self._render("ok", f"Editing {session.path.name}"))
        self.last: Outcome | None = None

    def show(self, outcome: Outcome) -> None:
        self.last = outcome
        mark, kind = ("✓", "ok") if outcome.ok else ("✗", "refused")
        self.widget.value = self._render(kind, f"{mark} {outcome.message()}")

    def note(self, text: str, ok: bool = True) -> None:
        mark, kind = ("✓", "ok") if ok else ("✗", "refused")
        self.widget.value = self._render(kind, f"{mark} {text}")

    @staticmethod
    def _render(kind: str, text: str) -> str:
        return f'<div class="gaptools-status {kind}">{html.escape(text)}</div>'


class Form:
    """A step's form: the session, its status line, and helpers that bind widgets to it."""

    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.status = StatusLine(session)
        self.undo_button = button("Undo last change", "undo")
        self.undo_button.on_click(lambda _: self.status.show(self.session.undo()))

    def bind(
        self,
        widget: widgets.ValueWidget,
        label: str,
        read: Read,
        write: Write,
        prepare: Callable[[Workshop], None] | None = None,
    ) -> Any:
        """Keep ``widget`` and the model in step; returns the widget for layout.

        ``prepare`` runs before each refresh (a dropdown updating its options) and, like the
        refresh itself, does not count as the person changing the value.
        """
        guard = {"quiet": False}

        def refresh(workshop: Workshop) -> None:
            guard["quiet"] = True
            try:
                if prepare is not None:
                    prepare(workshop)
                value = read(workshop)
                if widget.value != value:
                    widget.value = value
            finally:
                guard["quiet"] = False

        def committed(change: dict[str, Any]) -> None:
            if guard["quiet"]:
                return
            outcome = self.session.update(lambda w: write(w, change["new"]), label)
            self.status.show(outcome)
            if not outcome.ok:
                refresh(self.session.workshop)

        refresh(self.session.workshop)
        widget.observe(committed, names="value")
        self.session.subscribe(refresh)
        return widget

    def text(self, label: str, read: Read, write: Write, placeholder: str = "") -> widgets.Text:
        box = widgets.Text(
            description=label,
            placeholder=placeholder,
            continuous_update=False,
            style=LABEL_STYLE,
            layout=WIDE,
        )
        return self.bind(box, label, read, write)

    def whole_number(self, label: str, read: Read, write: Write) -> widgets.IntText:
        box = widgets.IntText(
            description=label,
            continuous_update=False,
            style=LABEL_STYLE,
            layout=widgets.Layout(width="18em"),
        )
        return self.bind(box, label, read, write)

    def date(self, label: str, read: Read, write: Write) -> widgets.DatePicker:
        picker = widgets.DatePicker(
            description=label, style=LABEL_STYLE, layout=widgets.Layout(width="24em")
        )
        return self.bind(picker, label, read, write)

    def time(self, label: str, read: Read, write: Write) -> widgets.TimePicker:
        picker = widgets.TimePicker(
            description=label, style=LABEL_STYLE, step=60, layout=widgets.Layout(width="24em")
        )
        return self.bind(picker, label, read, write)

    def choice(
        self,
        label: str,
        options: Sequence[tuple[str, Any]] | Callable[[Workshop], Sequence[tuple[str, Any]]],
        read: Read,
        write: Write,
    ) -> widgets.Dropdown:
        """A dropdown; ``options`` may depend on the workshop and then follow its changes."""
        listed = options if callable(options) else (lambda _: options)
        menu = widgets.Dropdown(
            description=label,
            options=list(listed(self.session.workshop)),
            style=LABEL_STYLE,
            layout=WIDE,
        )

        return self.bind(menu, label, read, write, prepare=lambda w: keep_options(menu, listed(w)))

    def live(self, render: Callable[[Workshop], str]) -> widgets.HTML:
        """An HTML view recomputed from the model after every change (summaries, checks)."""
        view = widgets.HTML(value=render(self.session.workshop))
        self.session.subscribe(lambda w: setattr(view, "value", render(w)))
        return view

    def rows(
        self, count: Callable[[Workshop], int], row: Callable[[int], widgets.Widget], empty: str
    ) -> widgets.VBox:
        """One row per list entry (participants, initiatives…), rebuilt when the count changes.

        Rows bind by position, so edits to an entry keep focus; only adding or removing
        entries (or undoing that, or opening another workshop) rebuilds the list.
        """

        def build(workshop: Workshop) -> list[widgets.Widget]:
            built = [row(i) for i in range(count(workshop))]
            return built or [widgets.HTML(f"<p>{html.escape(empty)}</p>")]

        return self.rebuilt(count, build)

    def rebuilt(
        self,
        shape: Callable[[Workshop], Any],
        build: Callable[[Workshop], list[widgets.Widget]],
    ) -> widgets.VBox:
        """A box whose children are rebuilt only when ``shape(workshop)`` changes."""
        box = widgets.VBox()
        shown: dict[str, Any] = {}

        def follow(workshop: Workshop) -> None:
            current = shape(workshop)
            if shown.get("shape", object()) == current:
                return
            shown["shape"] = current
            box.children = build(workshop)

        follow(self.session.workshop)
        self.session.subscribe(follow)
        return box

    def layout(self, *children: widgets.Widget) -> widgets.VBox:
        """The whole form with the status bar on top; styled for a projector."""
        bar = widgets.HBox([self.status.widget, self.undo_button])
        form = widgets.VBox([widgets.HTML(STYLE), bar, *children])
        form.add_class("gaptools-form")
        return form


class InitiativePicker:
    """A dropdown that chooses which initiative an editor shows.

    Its labels may carry a live mark (✓/◌); when only the labels change, the choice stays.
    Picking another initiative re-shows every bound widget for it.
    """

    def __init__(
        self,
        session: WorkshopSession,
        label: Callable[[Any, Workshop], str],
        start: int = 0,
    ) -> None:
        self.session = session
        self.label = label
        self.selected = start if session.workshop.initiatives else -1
        self.widget = widgets.Dropdown(
            description="Initiative",
            options=self._choices(session.workshop),
            value=self.selected if self.selected >= 0 else None,
            style=LABEL_STYLE,
            layout=WIDE,
        )
        self._relabelling = False
        self.widget.observe(self._picked, names="value")
        session.subscribe(self._follow)

    def current(self, workshop: Workshop) -> Any:
        """The chosen initiative in ``workshop``, or None."""
        if 0 <= self.selected < len(workshop.initiatives):
            return workshop.initiatives[self.selected]
        return None

    def chosen(self, workshop: Workshop) -> Any:
        """Like ``current`` but refuses to edit nothing, for writers."""
        initiative = self.current(workshop)
        if initiative is None:
            raise ValueError("choose an initiative first")
        return initiative

    def choose(self, index: int | None) -> None:
        self.selected = -1 if index is None else index
        self.session.notify()

    def _picked(self, change: dict[str, Any]) -> None:
        if not self._relabelling:
            self.choose(change["new"])

    def _choices(self, workshop: Workshop) -> list[tuple[str, int]]:
        return [(self.label(i, workshop), n) for n, i in enumerate(workshop.initiatives)]

    def _follow(self, workshop: Workshop) -> None:
        wanted = self._choices(workshop)
        if list(self.widget.options) == wanted:
            return
        self._relabelling = True  # new labels for the same choices, not a new pick
        try:
            self.widget.options = wanted
            if 0 <= self.selected < len(wanted):
                self.widget.value = self.selected
        finally:
            self._relabelling = False


def keep_options(menu: widgets.Widget, options: Sequence[Any]) -> None:
    """Give a menu new choices only when they differ, so its selection is not reset."""
    wanted = list(options)
    if list(menu.options) != wanted:
        menu.options = wanted


def at(items: Sequence[Any], index: int) -> Any:
    """The entry a row is bound to, or None once the list has become shorter than the row."""
    return items[index] if 0 <= index < len(items) else None


def button(description: str, icon: str = "") -> widgets.Button:
    """A button sized to its words, so no label is cut off on a projector."""
    return widgets.Button(description=description, icon=icon, layout=widgets.Layout(width="auto"))


def download_link(filename: str, data: bytes, mime: str, text: str) -> str:
    """A link that downloads ``data``; a data URI works in JupyterLab, Voilà and on a hub."""
    import base64

    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<a download="{html.escape(filename)}" href="data:{mime};base64,{encoded}" '
        f'style="margin-right:1.2em">⬇ {html.escape(text)}</a>'
    )


def heading(text: str, note: str = "") -> widgets.HTML:
    body = f"<h3>{html.escape(text)}</h3>"
    if note:
        body += f"<p>{html.escape(note)}</p>"
    return widgets.HTML(body)


def bullet_list(items: Sequence[str], empty: str) -> str:
    if not items:
        return f"<p>✓ {html.escape(empty)}</p>"
    lines = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    return f'<ul class="gaptools-gaps">{lines}</ul>'


def clock(moment: dt.time) -> str:
    return moment.strftime("%H:%M")
