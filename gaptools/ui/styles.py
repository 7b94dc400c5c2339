"""Layouts and styles shared by every widget that looks the same.

A widget made without a layout or a style makes one of its own: one more widget model in
the kernel, and one more message to the browser as a form opens. A page of the ownership
map has some three hundred cells, every one of them laid out and styled like the others in
its column, so one layout per column and one style per look serve them all.

A shared look is fixed once made: hiding one widget by its layout, or widening it, would
do the same to every widget holding that layout, in every form of the kernel (a menu
hidden while it has nothing to offer once hid every wide field of its step). So it refuses
the change; a widget that is shown and hidden, or resized, is made with a layout of its own.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import ipywidgets as widgets

#: The look of a labelled field: its label in a column of this width, fields aligned.
LABEL_WIDTH = "14em"
#: The most a widget may be wide: the form's width less the widget's own margins (2px each
#: side). At "100%" a wide field overflowed a narrow form (200% zoom) by its margins, and
#: the form showed a scroll bar for 4px.
WHOLE = "calc(100% - 4px)"


class SharedLookChanged(TypeError):
    """Raised where a shared layout or style would be changed."""


class _Fixed:
    """Once made, the widget's own properties (a layout's CSS, a style's colours and widths)
    refuse any change; what every widget has (its comm, its state lock) is left alone."""

    _look: frozenset[str] = frozenset()
    _made = False

    def __init__(self, **look: Any) -> None:
        super().__init__(**look)
        self._made = True

    def __setattr__(self, name: str, value: Any) -> None:
        if self._made and name in self._look:
            raise SharedLookChanged(
                f"{type(self).__name__}.{name}: this look is shared by many widgets; give "
                "the widget a layout or style of its own to change it"
            )
        super().__setattr__(name, value)


@cache
def _fixed_class(kind: type[widgets.Widget]) -> type[widgets.Widget]:
    own = frozenset(kind.class_traits()) - frozenset(widgets.Widget.class_traits())
    return type(f"Shared{kind.__name__}", (_Fixed, kind), {"_look": own})


def shared_layout(**look: Any) -> widgets.Layout:
    """A layout with ``look`` (CSS properties, as ``widgets.Layout`` takes them) for many
    widgets to share; it cannot be changed once made."""
    return _fixed_class(widgets.Layout)(**look)


def shared_style(kind: type[widgets.DOMWidget], **look: Any) -> widgets.Widget:
    """The style a widget of ``kind`` is made with, set to ``look`` (the default look when
    none is given); widgets whose style is of the same class share it."""
    style_class = kind.class_traits()["style"].klass
    return _style(style_class, tuple(sorted(look.items())))


def labelled(kind: type[widgets.DOMWidget]) -> widgets.Widget:
    """The style of a field with its label beside it (``LABEL_WIDTH``)."""
    return shared_style(kind, description_width=LABEL_WIDTH)


@cache
def _style(style_class: type[widgets.Widget], look: tuple[tuple[str, Any], ...]) -> widgets.Widget:
    return _fixed_class(style_class)(**dict(look))


#: A field in a table row: its label is written for screen readers and not shown on screen,
#: where the column's heading labels it (``kit.STYLE``).
INLINE = "gaptools-inline"


def named_inline(made: dict[str, Any]) -> dict[str, Any]:
    """What a widget is made with, given a label from its title when it has a title and no
    label: a field in a table row is named on screen by its column's heading, and a screen
    reader names a field by its label, never by its title. Given as it is made, for a change
    afterwards would be one more message to the browser per field."""
    if made.get("tooltip") and not made.get("description"):
        return {**made, "description": made["tooltip"], "_dom_classes": (INLINE,)}
    return made
