"""Widget styles shared by every widget that looks the same.

A widget made without a style makes one of its own: one more widget model in the kernel,
and one more message to the browser as a form opens. A page of the ownership map has some
three hundred cells, every one of them styled alike. A style is only read by the widgets
that hold it (nothing in gaptools changes one after it is made), so one per look serves
them all, in every form of the kernel.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import ipywidgets as widgets

#: The look of a labelled field: its label in a column of this width, fields aligned.
LABEL_WIDTH = "14em"


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
    return style_class(**dict(look))
