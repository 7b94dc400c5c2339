"""Fields declared, not hand-built: a label, where the value lives in the model, and its kind.

A form lists its fields as data (``Field("Metric", "value.metric")``) and ``Form.field`` binds
each one to whatever entry the form is showing. Reading, writing and converting between the
widget and the model live here once, instead of a getter and a setter per form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

import ipywidgets as widgets

from gaptools.core.model import Workshop
from gaptools.core.numbers import plain
from gaptools.files.sheets import Unit, read_number
from gaptools.ui.styles import WHOLE, labelled, named_inline, shared_style

Kind = Literal["text", "long", "number", "whole", "slider", "date", "time", "choice", "flag"]
Options = Sequence[tuple[str, Any]] | Callable[[Workshop], Sequence[tuple[str, Any]]]

REMOVED = "it was removed meanwhile (in another notebook?): nothing changed"
WIDTHS = {"text": "36em", "number": "24em", "whole": "18em", "date": "24em", "time": "24em"}


@dataclass(frozen=True)
class Field:
    """One editable value of an entry.

    ``path`` is dotted from the entry ("value.metric", "ownership.accountable"); a number as
    the last part addresses a slot of a list of texts ("value.lead_measures.0"), where a
    cleared slot closes up. ``inline`` fields sit in a table row: the label becomes the
    tooltip (for the mouse and for screen readers) instead of taking room on the left.
    ``none`` is the menu value that stands for "not set" (stored as None); ``bounds`` are a
    slider's lowest value, highest value and step.
    """

    label: str
    path: str
    kind: Kind = "text"
    placeholder: str = ""
    options: Options | None = None
    width: str | None = None
    inline: bool = False
    missing: str = REMOVED
    none: Any = ""
    bounds: tuple[int, int, int] = (0, 10, 1)
    #: The unit a number may be typed with, as people write one: with ``WEEKS``, "16 weeks"
    #: and "8 wks" read as 16 and 8; with ``HOURS_A_MONTH``, "4h/month" reads as 4.
    unit: Unit | None = None
    #: Names a text box suggests as it is typed in (any other text is still taken), so one
    #: person is not written two ways.
    suggest: Callable[[Workshop], Sequence[str]] | None = None
    #: Writes the value in place of ``put`` where more than the field follows it (a name the
    #: rest of the workshop refers to, the unit a number is typed with): given the workshop,
    #: the entry and the value as the widget holds it (as typed).
    apply: Callable[[Workshop, Any, Any], None] | None = None

    # -- the widget ------------------------------------------------------------------
    def widget(
        self, workshop: Workshop, value: Any = None, layout: widgets.Layout | None = None
    ) -> widgets.ValueWidget:
        """The widget for this field, holding ``value`` (as ``shown`` gives it) from the
        start: a value set afterwards would be one more message to the browser per field.
        ``layout``, when given, is the field's place in a table (``Grid.layout``), in place
        of its own. Its style is shared with every field that looks the same."""
        kind, made = self._made(workshop)
        made["layout"] = layout or self._own_layout()
        if value is not None:
            made["value"] = value
        if self.inline:
            made.update(named_inline({"tooltip": self.label}), style=shared_style(kind))
        else:  # a checkbox's label reads after the box, at its own width
            look = shared_style(kind) if kind is widgets.Checkbox else labelled(kind)
            made.update(description=self.label, style=look)
        return kind(**made)

    def _own_layout(self) -> widgets.Layout:
        """The field's width when it stands on its own line (a long text, three lines tall)."""
        if self.kind == "long":
            return widgets.Layout(width=self.width or "48em", max_width=WHOLE, height="4em")
        return widgets.Layout(width=self.width or WIDTHS.get(self.kind, "36em"), max_width=WHOLE)

    def _number_hint(self) -> str:
        """A count with its unit, as it is typed ("e.g. 8 weeks"): "e.g. 18 or 1,200" beside
        an effort in weeks read as an amount."""
        return f"e.g. {self.unit.example}" if self.unit else "e.g. 18 or 1,200"

    def _made(self, workshop: Workshop) -> tuple[type[widgets.ValueWidget], dict[str, Any]]:
        """The widget's class for this kind of field, and what it is made with."""
        if self.kind in ("text", "number"):
            # The default hint fits the narrowest number field (a laptop at 1366 px).
            hint = self.placeholder or (self._number_hint() if self.kind == "number" else "")
            made = {"placeholder": hint, "continuous_update": False}
            if self.suggest is not None:
                named = tuple(self.suggest(workshop))
                return widgets.Combobox, {**made, "options": named, "ensure_option": False}
            return widgets.Text, made
        if self.kind == "long":
            return widgets.Textarea, {"placeholder": self.placeholder, "continuous_update": False}
        if self.kind == "whole":
            return widgets.IntText, {"continuous_update": False}
        if self.kind == "slider":
            low, high, step = self.bounds
            return widgets.IntSlider, {
                "min": low,
                "max": high,
                "step": step,
                "continuous_update": False,
            }
        if self.kind == "date":
            return widgets.DatePicker, {}
        if self.kind == "time":
            return widgets.TimePicker, {"step": 60}
        if self.kind == "flag":
            return widgets.Checkbox, {"indent": False}
        return widgets.Dropdown, {"options": list(self.choices(workshop))}

    def choices(self, workshop: Workshop) -> Sequence[tuple[str, Any]]:
        if self.options is None:
            return []
        return self.options(workshop) if callable(self.options) else self.options

    # -- between widget and model ------------------------------------------------------
    def shown(self, value: Any) -> Any:
        """The model's value as the widget shows it (a number as text, an enum as its code)."""
        if self.kind == "number":
            return "" if value is None else plain(value).replace("−", "-")
        if self.kind == "choice":
            return (
                value.value if isinstance(value, Enum) else (self.none if value is None else value)
            )
        if self.kind in ("text", "long"):
            return "" if value is None else value
        if self.kind == "whole":
            return 0 if value is None else value
        if self.kind == "flag":
            return bool(value)
        return value

    def stored(self, value: Any) -> Any:
        """The widget's value as the model keeps it; a typo in a number is explained."""
        if self.kind == "number":
            return read_number(value, unit=self.unit).number
        if self.kind == "choice" and value == self.none:
            return None
        return value

    # -- where the value lives -----------------------------------------------------------
    def get(self, entry: Any) -> Any:
        *parents, last = self.path.split(".")
        holder = _walk(entry, parents)
        if last.isdigit():
            items = list(holder)
            return items[int(last)] if int(last) < len(items) else ""
        return getattr(holder, last)

    def reading(self, value: Any) -> str:
        """How a number typed as an estimate or a range was read ("'6-10' read as 8, the
        middle of the range"), for the status line: the box shows only the number kept."""
        if self.kind != "number":
            return ""
        try:
            return read_number(value, unit=self.unit).note
        except ValueError:
            return ""

    def write(self, workshop: Workshop, entry: Any, typed: Any) -> None:
        """Store the widget's value in ``entry``, and wherever ``apply`` says it follows."""
        if self.apply is not None:
            self.apply(workshop, entry, typed)
        else:
            self.put(entry, self.stored(typed))

    def put(self, entry: Any, value: Any) -> None:
        *parents, last = self.path.split(".")
        holder = _walk(entry, parents[:-1] if last.isdigit() else parents)
        if last.isdigit():
            name = parents[-1]
            items = list(getattr(holder, name))
            items.extend([""] * (int(last) + 1 - len(items)))
            items[int(last)] = value
            setattr(holder, name, [item for item in items if str(item).strip()])
            return
        setattr(holder, last, value)


def _walk(entry: Any, parts: list[str]) -> Any:
    for part in parts:
        entry = getattr(entry, part)
    return entry


def enum_options(kind: type[Enum]) -> list[tuple[str, str]]:
    """A menu of an enum's labels, keeping the stored codes as values."""
    return [(member.label, member.value) for member in kind]  # type: ignore[attr-defined]
