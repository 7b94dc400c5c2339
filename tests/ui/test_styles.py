"""One layout and one style per look, shared by every widget that looks that way (each a
widget made for itself was one more model, and one more message, as a form opened), and
fixed once made, so that changing one widget's look cannot change all of theirs."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from gaptools.steps.registry import new_workshop
from gaptools.ui.fields import Field
from gaptools.ui.styles import (
    INLINE,
    LABEL_WIDTH,
    SharedLookChanged,
    labelled,
    shared_layout,
    shared_style,
)


def test_widgets_that_look_alike_share_one_style() -> None:
    assert shared_style(widgets.Text) is shared_style(widgets.Text)
    assert shared_style(widgets.Text) is shared_style(widgets.Textarea)  # both TextStyle
    assert shared_style(widgets.Dropdown) is shared_style(widgets.IntText)
    assert shared_style(widgets.Text) is not shared_style(widgets.Dropdown)
    assert isinstance(shared_style(widgets.Checkbox), type(widgets.Checkbox().style))


def test_a_look_of_its_own_is_another_style() -> None:
    plain, wide = shared_style(widgets.Dropdown), labelled(widgets.Dropdown)
    assert wide is not plain
    assert wide.description_width == LABEL_WIDTH
    assert plain.description_width == ""
    assert labelled(widgets.Dropdown) is wide


def test_fields_share_the_style_of_their_look() -> None:
    workshop = new_workshop()
    labelled_text = [Field("Metric", "m").widget(workshop), Field("Unit", "u").widget(workshop)]
    inline = Field("Sponsor", "s", inline=True).widget(workshop)
    flag = Field("Agentic", "a", "flag").widget(workshop)
    assert labelled_text[0].style is labelled_text[1].style is labelled(widgets.Text)
    assert inline.style is shared_style(widgets.Text)
    assert inline.tooltip == "Sponsor"
    # A screen reader names a field by its label, never by its title: it has one, shown only
    # to screen readers (INLINE), as its column's heading labels it on screen. Steps 01 and 04
    # had 96 and 185 fields no screen reader could name.
    assert inline.description == "Sponsor"
    assert INLINE in inline._dom_classes
    # A checkbox's label follows the box: it keeps the default look, not the label column.
    assert flag.style is shared_style(widgets.Checkbox)
    assert flag.description == "Agentic"


def test_a_shared_look_cannot_be_changed() -> None:
    """Hiding or resizing one widget through a layout many share would do it to them all."""
    layout = shared_layout(width="36em")
    with pytest.raises(SharedLookChanged, match="give the widget a layout or style of its own"):
        layout.display = "none"
    with pytest.raises(SharedLookChanged):
        shared_style(widgets.Button).button_color = "red"
    assert layout.display is None
    assert shared_style(widgets.Button).button_color is None


def test_a_shared_look_is_still_a_layout_to_the_browser() -> None:
    layout = shared_layout(width="auto", grid_area="name")
    assert isinstance(layout, widgets.Layout)
    assert layout.get_state()["_model_name"] == "LayoutModel"
    assert (layout.width, layout.grid_area) == ("auto", "name")
    assert widgets.Text(layout=layout).layout is layout


def test_a_layout_of_its_own_still_changes() -> None:
    own = widgets.Layout(width="36em")
    own.display = "none"
    assert own.display == "none"
