"""Finding widgets in a form the way a person scans it: every widget, depth first."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets


def all_widgets(widget: widgets.Widget) -> list[widgets.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found.extend(all_widgets(child))
    return found


def by_label(root: widgets.Widget, label: str, kind: type | None = None) -> widgets.Widget:
    """The one widget a person would find by its label: its description, or the tooltip of a
    table cell whose column header names it."""
    found = [
        w
        for w in all_widgets(root)
        if label in (getattr(w, "description", None), getattr(w, "tooltip", None))
        and (kind is None or isinstance(w, kind))
    ]
    assert len(found) == 1, f"{len(found)} widgets labelled {label!r}"
    return found[0]


def pick(form: Any, position: int) -> None:
    """Choose the initiative at that position in the list, as a person picks it by name."""
    form.picker.widget.value = form.session.workshop.initiatives[position].id


def picked(form: Any) -> int:
    """The position of the initiative the form's picker shows."""
    ids = [i.id for i in form.session.workshop.initiatives]
    return ids.index(form.picker.widget.value)
