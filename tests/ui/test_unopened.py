"""A workshop that cannot be opened (gone, damaged): every page says so in words, and step 0
still works, with the previous version one press away. Each step stopped on a traceback
(in Voilà: "There was an error when executing cell"), with no way out on screen."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

from gaptools.files import home, store
from gaptools.steps.registry import steps
from gaptools.ui import start, value
from tests.support import all_widgets, by_label, press_enter, shown
from tests.ui.pages import STEP_PAGES


@pytest.fixture
def damaged(workshop_path: Path) -> Path:
    """The chosen workshop, cut in half after one save (so its .bak is the version before)."""
    store.save(store.load(workshop_path), workshop_path)
    home.set_current(workshop_path)
    whole = workshop_path.read_bytes()
    workshop_path.write_bytes(whole[: len(whole) // 2])
    return workshop_path


@pytest.mark.parametrize("page", STEP_PAGES)
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


def test_a_stale_page_opens_the_workshop_put_back_meanwhile_and_puts_nothing_over_it(
    damaged: Path,
) -> None:
    first, second = start.show(), start.show()
    _restore_button(first).click()
    store.edit(damaged, lambda w: setattr(w.meta, "team", "Went on in it"), "Team")
    went_on = damaged.read_bytes()
    _restore_button(second).click()
    assert damaged.read_bytes() == went_on
    assert "can be read again: opened it, nothing put back" in shown(second)


def test_a_renamed_workshop_is_pointed_to_not_brought_back_from_its_old_backup(
    workshop_path: Path,
) -> None:
    here = home.workshops_home() / "acme.json"
    store.save(store.load(workshop_path), here)
    store.save(store.load(here), here)  # a .bak under the old name
    home.set_current(here)
    renamed = here.rename(here.with_name("acme-q1.json"))
    page = start.show()
    said = shown(page)
    assert "acme-q1.json holds the same workshop (renamed?)" in said
    assert _restore_button(page).layout.display == "none"
    assert not here.exists()
    assert renamed.is_file()


def test_a_deleted_example_copy_comes_back_fresh_without_a_word(private_home: Path) -> None:
    copy = home.current_workshop()
    copy.unlink()
    page = start.show()
    assert "cannot be opened" not in shown(page)
    assert copy.is_file()


def test_a_damaged_example_copy_still_leaves_ways_out(private_home: Path) -> None:
    """It gave "open step 0 … it says the same" on step 0 itself."""
    copy = home.current_workshop()
    store.save(store.load(copy), copy)
    other = home.workshops_home() / "Claims.json"
    store.save(store.load(copy), other)
    copy.write_bytes(copy.read_bytes()[:100])
    page = start.show()
    said = shown(page)
    assert "nor the example copy in its place" in said
    restore = _restore_button(page)
    assert restore.layout.display is None
    opener = next(
        w
        for w in all_widgets(page)
        if isinstance(w, widgets.Button) and w.description == "Open workshop"
    )
    menu = next(w for w in all_widgets(page) if isinstance(w, widgets.Dropdown))
    menu.value = str(other)
    opener.click()
    assert home.current_workshop() == other.resolve()
    assert "Opened Claims.json: run this page again" in shown(page)


def test_the_rescue_page_creates_a_workshop_on_enter(private_home: Path) -> None:
    """Its New workshop box, as step 0's: Enter does what Create does."""
    copy = home.current_workshop()
    store.save(store.load(copy), copy)
    copy.write_bytes(copy.read_bytes()[:100])
    page = start.show()
    box = next(
        w
        for w in all_widgets(page)
        if isinstance(w, widgets.Text) and w.description == "New workshop"
    )
    box.value = "Claims rescue"
    press_enter(box)
    assert home.current_workshop() == (home.workshops_home() / "Claims-rescue.json").resolve()
