"""A workshop that cannot be opened (gone, damaged): every page says so in words, and step 0
still works, with the previous version one press away. Each step stopped on a traceback
(in Voilà: "There was an error when executing cell"), with no way out on screen."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

from gaptools.files import home, store
from gaptools.steps.registry import steps
from gaptools.ui import (
    bet,
    change,
    contested,
    export,
    learning,
    ownership,
    portfolio,
    prioritise,
    readiness,
    room,
    start,
    survey,
    value,
)
from tests.support import all_widgets, by_label, shown

PAGES = [
    bet.show,
    change.show,
    contested.show,
    export.show,
    learning.show,
    ownership.show,
    portfolio.show,
    prioritise.show,
    readiness.show,
    survey.show,
    value.show,
    lambda: room.show("pulse"),
]


@pytest.fixture
def damaged(workshop_path: Path) -> Path:
    """The chosen workshop, cut in half after one save (so its .bak is the version before)."""
    store.save(store.load(workshop_path), workshop_path)
    home.set_current(workshop_path)
    whole = workshop_path.read_bytes()
    workshop_path.write_bytes(whole[: len(whole) // 2])
    return workshop_path


@pytest.mark.parametrize("page", PAGES)
def test_every_step_says_why_it_shows_no_form(damaged: Path, page) -> None:
    before = damaged.read_bytes()
    said = shown(page())
    assert "This page cannot open its workshop." in said
    assert damaged.name in said
    assert "cut short" in said
    assert steps()[0].key in said  # the way on: step 0's notebook, linked
    assert damaged.read_bytes() == before


def test_a_moved_workshop_is_said_not_replaced_by_the_example(workshop_path: Path) -> None:
    home.set_current(workshop_path)
    moved = workshop_path.rename(workshop_path.with_name("archive.json"))
    said = shown(value.show())
    assert "is not there any more" in said
    assert str(workshop_path.resolve()) in said
    moved.rename(workshop_path)
    assert "cannot open" not in shown(value.show())


def test_step_0_opens_the_example_copy_says_why_and_puts_the_previous_version_back(
    damaged: Path,
) -> None:
    page = start.show()
    said = shown(page)
    assert f"Your workshop {damaged.name} cannot be opened." in said
    assert "nothing typed here reaches" in said
    assert "copy it over" not in said  # what the button below does, asked of a terminal
    example_team = store.load(home.example_copy()).meta.team
    assert by_label(page, "Team", widgets.Text).value == example_team
    restore = _restore_button(page)
    assert restore.layout.display is None  # offered: the .bak can be read
    previous = store.backup_path(damaged).read_bytes()

    restore.click()

    assert damaged.read_bytes() == previous
    assert home.current_workshop() == damaged.resolve()
    assert by_label(page, "Team", widgets.Text).value == store.load(damaged).meta.team
    assert _box_of(page, restore).layout.display == "none"
    assert "Went back to the previous version of" in shown(page)
    assert damaged.with_name(damaged.name + store.DAMAGED_ENDING).is_file()


def test_step_0_offers_no_previous_version_it_cannot_read(workshop_path: Path) -> None:
    home.set_current(workshop_path)
    workshop_path.unlink()
    page = start.show()
    assert _restore_button(page).layout.display == "none"
    assert "not there any more" in shown(page)


def _restore_button(page: widgets.Widget) -> widgets.Button:
    return next(
        w
        for w in all_widgets(page)
        if isinstance(w, widgets.Button) and w.description == "Go back to the previous version"
    )


def _box_of(page: widgets.Widget, child: widgets.Widget) -> widgets.Box:
    return next(w for w in all_widgets(page) if isinstance(w, widgets.Box) and child in w.children)
