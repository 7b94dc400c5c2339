"""The ownership form driven as a facilitator would, without a browser.

Expected findings and loads are worked out from the raw example file with the reference rules
in ``tests.test_ownership``, never with ``gaptools.steps.ownership``. A row of the grid is
found by the initiative's name in its name cell, and its cells by their labels: "Accountable
person", "Sensitive data", "Agentic" and one letter menu per function, named after it.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from gaptools.core.model import Stage
from gaptools.files import store
from gaptools.ui.ownership import LETTERS, OwnershipForm
from gaptools.ui.session import WorkshopSession
from tests.steps.test_ownership import (
    IN_PLAY_STAGES,
    key,
    reference_findings,
    reference_unowned,
)
from tests.support import (
    all_widgets,
    by_label,
    labelled,
    press_enter,
    refused,
    row_of,
    saved,
    saved_initiative,
    scrolled,
    session_on,
    status_line,
    view,
)


def function_names(data: dict[str, Any]) -> list[str]:
    return [f["name"] for f in data["settings"]["functions"]]


def findings_html(form: OwnershipForm) -> str:
    """The headline, the count and the list of findings, as the page shows them in turn."""
    head = view(form.widget, "play have no named accountable person").value
    return head + "".join(block.value for block in scrolled(form.widget).children)


def load_html(form: OwnershipForm) -> str:
    return view(form.widget, "Accountable for, per person").value


def header(form: OwnershipForm) -> str:
    """The grid's column headings, each a cell of the grid's heading row."""
    [head] = [w for w in form.grid.children if "gaptools-grid-head" in w._dom_classes]
    return "".join(cell.value for cell in head.children)


def row(form: OwnershipForm, name: str) -> widgets.HBox:
    """The grid row of the initiative called ``name``, found by its name cell."""
    return row_of(form.grid, name)


def cell(form: OwnershipForm, name: str, function: str) -> widgets.Dropdown:
    """The letter ``function`` has for the initiative: its column header is the tooltip."""
    return by_label(row(form, name), function, widgets.Dropdown)


def items_about(view: str, name: str) -> list[str]:
    """The findings list entries about one initiative (or person, or function)."""
    return [li for li in view.split("<li ")[1:] if f"<b>{html.escape(name)}</b>:" in li]


def function_boxes(form: OwnershipForm) -> list[widgets.Text]:
    """The text boxes of the functions list, top to bottom."""
    return labelled(form.widget, "Function", widgets.Text)


def function_box(form: OwnershipForm, name: str) -> widgets.Text:
    """The text box of the function called ``name``."""
    return by_label(row_of(form.widget, name, "Function"), "Function", widgets.Text)


def remove_function(form: OwnershipForm, name: str) -> widgets.Button:
    """The Remove button beside the function called ``name``."""
    return by_label(row_of(form.widget, name, "Function"), "Remove", widgets.Button)


def letter_columns(form: OwnershipForm, name: str) -> list[str]:
    """The functions the initiative's row has a letter menu for, left to right."""
    return [w.tooltip for w in row(form, name).children if isinstance(w, widgets.Dropdown)]


@pytest.fixture
def form(session: WorkshopSession) -> OwnershipForm:
    return OwnershipForm(session)


# -- findings ----------------------------------------------------------------------------------
def test_the_findings_list_shows_the_example_findings(
    form: OwnershipForm, workshop_path: Path
) -> None:
    raw = saved(workshop_path)
    expected = reference_findings(raw)
    in_play = [i for i in raw["initiatives"] if i["stage"] in IN_PLAY_STAGES]
    view = findings_html(form)
    assert f"{len(reference_unowned(raw))} of the {len(in_play)} initiatives in play" in view
    assert view.count("<li ") == len(expected)
    for rule, _, where, _ in expected:
        if where:
            found = items_about(view, where)
            assert any(f'data-rule="{rule}"' in li for li in found), (rule, where)
    assert 'data-rule="overloaded"' in view
    assert "Policy document summariser" not in view  # killed


def test_a_load_finding_names_its_person_once(form: OwnershipForm) -> None:
    """ "! warning · Sofia Marin: Sofia Marin (person) is accountable for 5 initiatives"."""
    from gaptools.steps.ownership import overload_findings

    load = overload_findings(form.session.workshop)
    assert load
    view = findings_html(form)
    for finding in load:
        assert f"<b>! warning</b> · {html.escape(finding.message)}</li>" in view


def test_the_accountable_box_suggests_the_participants(
    form: OwnershipForm, workshop_path: Path
) -> None:
    """A typo ("Sam Patell") was a new person, splitting one owner's load in two. The box
    suggests the participants as it is typed in; a name that is none of them is still
    taken. A participant added in step 0 is suggested in every row."""
    listed = [p["name"] for p in saved(workshop_path)["meta"]["participants"]]
    box = by_label(row(form, "Subrogation recovery finder"), "Accountable person")
    assert isinstance(box, widgets.Combobox)
    assert not box.ensure_option
    assert list(box.options) == sorted(listed, key=str.casefold)

    box.value = "Noor Haddad"
    owner = saved_initiative(workshop_path, "Subrogation recovery finder")["ownership"]
    assert owner["accountable"] == "Noor Haddad"

    from gaptools.core.model import Participant

    added = Participant(name="Noor Haddad")
    assert form.session.update(lambda w: w.meta.participants.append(added), "participant").ok
    other = by_label(row(form, "Complaints classification"), "Accountable person")
    assert "Noor Haddad" in other.options


def test_naming_an_owner_clears_the_initiative_findings(
    form: OwnershipForm, workshop_path: Path
) -> None:
    """The step's whole point: one person, one A, one R, and the errors go."""
    chosen = "Subrogation recovery finder"
    raw = saved(workshop_path)
    assert chosen in reference_unowned(raw)
    assert items_about(findings_html(form), chosen)

    by_label(row(form, chosen), "Accountable person").value = "Marcus Lee"
    cell(form, chosen, "Product").value = "A"
    cell(form, chosen, "Data science").value = "R"

    on_disk = saved_initiative(workshop_path, chosen)["ownership"]
    assert on_disk["accountable"] == "Marcus Lee"
    assert on_disk["raci"] == {"Product": "A", "Data science": "R"}
    view = findings_html(form)
    assert items_about(view, chosen) == []
    before = len(reference_unowned(raw))
    in_play = sum(i["stage"] in IN_PLAY_STAGES for i in raw["initiatives"])
    assert f"{before - 1} of the {in_play} initiatives in play" in view
    assert "Saved" in status_line(form)


def test_naming_a_person_alone_owns_it_and_asks_which_function(
    form: OwnershipForm, workshop_path: Path
) -> None:
    """A named person is an owner: the count drops at once, and the missing A becomes a
    question (a warning) instead of an error."""
    chosen = "Subrogation recovery finder"
    raw = saved(workshop_path)
    before = len(reference_unowned(raw))
    in_play = sum(i["stage"] in IN_PLAY_STAGES for i in raw["initiatives"])
    by_label(row(form, chosen), "Accountable person").value = "Dana Okafor"
    view = findings_html(form)
    assert f"{before - 1} of the {in_play} initiatives in play" in view
    [item] = [li for li in items_about(view, chosen) if 'data-rule="one-accountable"' in li]
    assert "! warning" in item
    assert (
        "Dana Okafor is accountable, but no function is marked A: which function answers for it?"
        in html.unescape(item)
    )
    assert not any('data-rule="accountable-person"' in li for li in items_about(view, chosen))


def test_a_production_initiative_with_nobody_is_not_counted_but_still_found(
    form: OwnershipForm, workshop_path: Path
) -> None:
    """The count covers initiatives in play; a running system still gets its finding."""
    chosen = "Call centre agent assist"
    raw = saved(workshop_path)
    assert next(i for i in raw["initiatives"] if i["name"] == chosen)["stage"] == "production"
    before = findings_html(form)
    by_label(row(form, chosen), "Accountable person").value = ""
    view = findings_html(form)
    in_play = sum(i["stage"] in IN_PLAY_STAGES for i in raw["initiatives"])
    assert f"{len(reference_unowned(raw))} of the {in_play} initiatives in play" in before
    assert f"{len(reference_unowned(raw))} of the {in_play} initiatives in play" in view
    assert any('data-rule="accountable-person"' in li for li in items_about(view, chosen))


def test_two_accountable_functions_show_up(form: OwnershipForm, workshop_path: Path) -> None:
    chosen = "Claims intake copilot"
    assert items_about(findings_html(form), chosen) == []
    cell(form, chosen, "Engineering").value = "A"
    assert saved_initiative(workshop_path, chosen)["ownership"]["raci"]["Engineering"] == "A"
    [item] = items_about(findings_html(form), chosen)
    assert 'data-rule="one-accountable"' in item
    assert "Product and Engineering" in item
    # The rule's name is for the record, not for the room: no "[one-accountable]".
    assert "[" not in re.sub(r"<[^>]*>", "", item)


def test_ticking_agentic_asks_for_the_gates(form: OwnershipForm, workshop_path: Path) -> None:
    """GenAI workbench consults Security but only informs Compliance/legal."""
    chosen = "GenAI workbench"
    assert items_about(findings_html(form), chosen) == []
    by_label(row(form, chosen), "Agentic").value = True
    assert saved_initiative(workshop_path, chosen)["agentic"] is True
    [item] = items_about(findings_html(form), chosen)
    assert 'data-rule="gates-consulted"' in item
    assert "Compliance/legal must at least be consulted" in item
    assert "agentic" in item


def test_ticking_sensitive_data_asks_for_the_gates(
    form: OwnershipForm, workshop_path: Path
) -> None:
    chosen = "Next-best-offer recommendations"  # neither gate at the table yet
    by_label(row(form, chosen), "Sensitive data").value = True
    assert saved_initiative(workshop_path, chosen)["ownership"]["sensitive_data"] is True
    items = items_about(findings_html(form), chosen)
    assert len(items) == 2
    assert all('data-rule="gates-consulted"' in li and "sensitive data" in li for li in items)


# -- functions ---------------------------------------------------------------------------------
def test_renaming_a_function_renames_the_column_everywhere(
    form: OwnershipForm, workshop_path: Path
) -> None:
    before = saved(workshop_path)
    boxes = function_boxes(form)
    assert [b.value for b in boxes] == function_names(before)
    function_box(form, "Security").value = "Information security"

    after = saved(workshop_path)
    assert function_names(after) == [
        "Information security" if f == "Security" else f for f in function_names(before)
    ]
    for old, new in zip(before["initiatives"], after["initiatives"], strict=True):
        raci = old["ownership"]["raci"]
        expected = {("Information security" if f == "Security" else f): v for f, v in raci.items()}
        assert new["ownership"]["raci"] == expected
    headings = header(form)
    assert "Information security" in headings
    assert ">Security<" not in headings
    moved = cell(form, "Claims intake copilot", "Information security")
    assert moved.value == "C"


def test_a_duplicate_function_name_is_refused(form: OwnershipForm, workshop_path: Path) -> None:
    box = function_box(form, "Operations")
    with refused(form, workshop_path, "Not saved", "already a function"):
        box.value = " product "
    assert box.value == " product "  # kept as typed, with the reason beside it
    assert "already a function" in form.form.message_of(box).value
    box.value = "Operations and support"
    assert form.form.message_of(box).value == ""
    assert "Operations and support" in function_names(saved(workshop_path))


def test_adding_a_function_adds_a_column(form: OwnershipForm, workshop_path: Path) -> None:
    count = len(function_names(saved(workshop_path)))
    form.new_function.value = "Data protection"
    by_label(form.widget, "Add function", widgets.Button).click()
    functions = function_names(saved(workshop_path))
    assert functions[-1] == "Data protection"
    assert len(functions) == count + 1
    assert letter_columns(form, "Claims intake copilot") == functions
    assert "Data protection" in header(form)
    assert form.new_function.value == ""
    assert [b.value for b in function_boxes(form)] == functions


def test_adding_a_duplicate_function_changes_nothing(
    form: OwnershipForm, workshop_path: Path
) -> None:
    form.new_function.value = " SECURITY"
    with refused(form, workshop_path, "Not saved"):
        press_enter(form.new_function)  # as the button does


def test_removing_a_function_drops_its_column_and_letters(
    form: OwnershipForm, workshop_path: Path
) -> None:
    functions = function_names(saved(workshop_path))
    remove_function(form, "Platform").click()
    after = saved(workshop_path)
    assert function_names(after) == [f for f in functions if f != "Platform"]
    assert all("Platform" not in i["ownership"]["raci"] for i in after["initiatives"])
    assert letter_columns(form, "Claims intake copilot") == function_names(after)
    assert len(function_names(after)) == len(functions) - 1
    assert "Platform" not in header(form)


def test_remove_function_method(form: OwnershipForm, workshop_path: Path) -> None:
    functions = function_names(saved(workshop_path))
    form.remove_function(saved(workshop_path)["settings"]["functions"][0]["id"])
    assert function_names(saved(workshop_path)) == functions[1:]


# -- load and undo -----------------------------------------------------------------------------
def _expected_overloaded(raw: dict[str, Any], limit: int) -> int:
    people: Counter[str] = Counter()
    teams: Counter[str] = Counter()
    for item in raw["initiatives"]:
        if item["stage"] == "killed":
            continue
        if item["ownership"]["accountable"].strip():
            people[key(item["ownership"]["accountable"])] += 1
        teams.update(f for f, v in item["ownership"]["raci"].items() if v == "A")
    return sum(n > limit for n in (*people.values(), *teams.values()))


def test_the_threshold_moves_the_overloaded_marks(form: OwnershipForm, workshop_path: Path) -> None:
    raw = saved(workshop_path)
    assert load_html(form).count("· overloaded</text>") == _expected_overloaded(raw, 3)
    box = by_label(form.widget, "Overloaded above", widgets.IntText)
    assert box.value == 3
    box.value = 1
    assert saved(workshop_path)["settings"]["overload_threshold"] == 1
    marks = load_html(form).count("· overloaded</text>")
    assert marks == _expected_overloaded(raw, 1)
    assert marks > _expected_overloaded(raw, 3)
    assert findings_html(form).count('data-rule="overloaded"') == marks


def test_undo_puts_a_letter_back(form: OwnershipForm, workshop_path: Path) -> None:
    chosen = "Claims intake copilot"
    menu = cell(form, chosen, "Engineering")
    assert menu.value == "R"
    menu.value = ""
    assert "Engineering" not in saved_initiative(workshop_path, chosen)["ownership"]["raci"]
    form.form.undo_button.click()
    assert saved_initiative(workshop_path, chosen)["ownership"]["raci"]["Engineering"] == "R"
    assert menu.value == "R"


def test_undo_brings_back_a_removed_function_and_its_letters(
    form: OwnershipForm, workshop_path: Path
) -> None:
    before = saved(workshop_path)
    remove_function(form, "Security").click()
    assert "Security" not in function_names(saved(workshop_path))
    form.form.undo_button.click()
    after = saved(workshop_path)
    assert function_names(after) == function_names(before)
    assert [i["ownership"] for i in after["initiatives"]] == [
        i["ownership"] for i in before["initiatives"]
    ]
    assert cell(form, "Claims intake copilot", "Security").value == "C"


def test_undo_reverts_a_rename(form: OwnershipForm, workshop_path: Path) -> None:
    before = saved(workshop_path)
    box = function_box(form, function_names(before)[0])
    box.value = "Sponsor"
    assert function_names(saved(workshop_path))[0] == "Sponsor"
    form.form.undo_button.click()
    assert function_names(saved(workshop_path)) == function_names(before)
    assert box.value == function_names(before)[0]
    assert "Sponsor</b>" not in header(form)


def test_the_letter_menus_share_one_style(session: WorkshopSession) -> None:
    """One style model for every menu of the map, not one each: 160 fewer messages a page."""
    form = OwnershipForm(session)
    menus = [
        w
        for w in all_widgets(form.grid)
        if isinstance(w, widgets.Dropdown) and w.options == tuple(LETTERS)
    ]
    assert len(menus) > 1
    assert len({id(menu.style) for menu in menus}) == 1


def test_with_nothing_to_find_the_list_is_not_shown_and_the_headline_says_so(
    workshop_path: Path,
) -> None:
    """Every initiative stopped: nothing in play, no finding; the empty box would be a
    bordered blank under the '✓ No findings' line."""
    workshop = store.load(workshop_path)
    for initiative in workshop.initiatives:
        initiative.stage = Stage.KILLED
    store.save(workshop, workshop_path)
    form = OwnershipForm(session_on(workshop_path))

    head = view(form.widget, "No initiative in play").value
    assert "✓" not in head  # nothing to check is not a pass
    listed = scrolled(form.widget)
    assert listed.layout.display == "none"
    assert all("gaptools-empty" in block._dom_classes for block in listed.children)


def test_the_headline_agrees_with_its_count(form: OwnershipForm) -> None:
    """One unowned initiative "has" no named person; many "have"."""
    from gaptools.steps.ownership import unowned

    def all_but_one_owned(workshop: Any) -> None:
        for initiative in workshop.in_play()[1:]:
            initiative.ownership.accountable = initiative.ownership.accountable or "Dana"
        workshop.in_play()[0].ownership.accountable = ""

    form.session.update(all_but_one_owned, "owners")
    assert len(unowned(form.session.workshop)) == 1
    in_play = len(form.session.workshop.in_play())
    assert (
        f"1 of the {in_play} initiatives in play has no named accountable person."
        in view(form.widget, "no named accountable person").value
    )


def test_the_headline_says_plainly_when_every_initiative_is_owned(form: OwnershipForm) -> None:
    """ "0 of the 3 initiatives in play have no named accountable person" made a leader read
    it twice: with none unowned, it says that all of them name one."""

    def all_owned(workshop: Any) -> None:
        for initiative in workshop.in_play():
            initiative.ownership.accountable = initiative.ownership.accountable or "Dana"

    form.session.update(all_owned, "owners")
    in_play = len(form.session.workshop.in_play())
    head = view(form.widget, "in play").value
    assert f"All {in_play} initiatives in play name an accountable person." in head
    assert "0 of the" not in head


def test_a_new_workshop_has_nothing_to_pass(tmp_path: Path) -> None:
    """With no initiative yet, the headline says so, not "every initiative has an owner"."""
    from gaptools.steps.registry import new_workshop

    path = tmp_path / "new.json"
    store.save(new_workshop("Claims leadership"), path)
    head = view(OwnershipForm(session_on(path)).widget, "No initiative in play").value
    assert "step 1" in head
    assert "✓" not in head


def test_a_letter_on_an_initiative_removed_elsewhere_is_not_called_changed(
    form: OwnershipForm, workshop_path: Path
) -> None:
    """A leader set Security to R on an initiative that another notebook then removed: the bar
    said "Security for a removed initiative was changed elsewhere after you saved it", of a
    letter nobody changed. The row goes, without that."""
    name = "Subrogation recovery finder"
    cell(form, name, "Security").value = "R"
    assert "Saved" in status_line(form)
    other = session_on(workshop_path)
    assert other.update(lambda w: w.initiatives.remove(w.initiative(name)), "removed").ok
    assert form.session.poll()
    assert "changed elsewhere" not in status_line(form)
    assert "Saved" in status_line(form)


def test_undoing_a_first_letter_says_the_cell_is_empty_again(form: OwnershipForm) -> None:
    """Undo of a letter set in an empty cell said "undone: Platform for Claims intake copilot
    (back to )": the blank choice has no label to say."""
    chosen = "Claims intake copilot"
    menu = cell(form, chosen, "Engineering")
    menu.value = ""
    menu.value = "A"
    form.form.undo_button.click()
    assert menu.value == ""
    assert "(back to empty)</div>" in status_line(form)
