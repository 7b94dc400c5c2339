"""Finding widgets in a form the way a person scans it: every widget, depth first."""

from __future__ import annotations

import ipywidgets as widgets


def all_widgets(widget: widgets.Widget) -> list[widgets.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found.extend(all_widgets(child))
    return found
