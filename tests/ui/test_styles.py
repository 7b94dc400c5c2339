"""One style per look, shared by every widget that looks that way: a style a widget made for
itself was one more widget model, and one more message, as a form opened."""

from __future__ import annotations

import ipywidgets as widgets

from gaptools.steps.registry import new_workshop
from gaptools.ui.fields import Field
from gaptools.ui.styles import LABEL_WIDTH, labelled, shared_style


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
    assert not inline.description
    # A checkbox's label follows the box: it keeps the default look, not the label column.
    assert flag.style is shared_style(widgets.Checkbox)
    assert flag.description == "Agentic"
