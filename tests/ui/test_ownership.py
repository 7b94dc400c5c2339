"""The ownership form driven as a facilitator would, without a browser.

Expected findings and loads are worked out from the raw example file with the reference rules
in ``tests.test_ownership``, never with ``gaptools.steps.ownership``. Rows of the grid are
[name, accountable person, sensitive data, agentic, one dropdown per function].
"""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from gaptools.ui.ownership import OwnershipForm
from gaptools.ui.session import WorkshopSession
from tests.steps.test_ownership import key, reference_findings, reference_unowned
from tests.ui.widgets import all_widgets

FIRST_CELL = 4  # name, person, sensitive, agentic come before the letters


def saved(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def function_names(data: dict[str, Any]) -> list[str]:
    return [f["name"] for f in data["settings"]["functions"]]


def saved_initiative(path: Path, name: str) -> dict[str, Any]:
    return next(i for i in saved(path)["initiatives"] if i["name"] == name)


def html_view(form: OwnershipForm, marker: str) -> str:
    [view] = [
        w for w in all_widgets(form.widget) if isinstance(w, widgets.HTML) and marker in w.value
    ]
    return view.value


def findings_html(form: OwnershipForm) -> str:
    return html_view(form, "active initiatives have no single named accountable owner")


def load_html(form: OwnershipForm) -> str:
    return html_view(form, "Accountable for, per person")


def index_of(path: Path, name: str) -> int:
    return [i["name"] for i in saved(path)["initiatives"]].index(name)


def row(form: OwnershipForm, index: int) -> widgets.HBox:
    return form.grid.children[1 + index]


def cell(form: OwnershipForm, path: Path, name: str, function: str) -> widgets.Dropdown:
    functions = function_names(saved(path))
    menu = row(form, index_of(path, name)).children[FIRST_CELL + functions.index(function)]
    assert isinstance(menu, widgets.Dropdown)
    return menu


def items_about(view: str, name: str) -> list[str]:
    """The findings list entries about one initiative (or person, or function)."""
    return [li for li in view.split("<li>")[1:] if f"<b>{html.escape(name)}</b>:" in li]


def function_boxes(form: OwnershipForm) -> list[widgets.Text]:
    """The text boxes of the functions list: each sits beside its Remove button."""
    return [
        box.children[0]
        for box in all_widgets(form.widget)
        if isinstance(box, widgets.HBox)
        and len(box.children) == 2
        and isinstance(box.children[1], widgets.Button)
        and box.children[1].description == "Remove"
    ]


def remove_buttons(form: OwnershipForm) -> list[widgets.Button]:
    return [
        w
        for w in all_widgets(form.widget)
        if isinstance(w, widgets.Button) and w.description == "Remove"
    ]


def status(form: OwnershipForm) -> str:
    return form.form.status.widget.value


@pytest.fixture
def form(session: WorkshopSession) -> OwnershipForm:
    return OwnershipForm(session)


# -- findings ----------------------------------------------------------------------------------
def test_the_findings_list_shows_the_example_findings(
    form: OwnershipForm, workshop_path: Path
) -> None:
    raw = saved(workshop_path)
    expected = reference_findings(raw)
    live = [i for i in raw["initiatives"] if i["stage"] != "killed"]
    view = findings_html(form)
    assert f"{len(reference_unowned(raw))} of {len(live)} active initiatives" in view
    assert view.count("<li>") == len(expected)
    for rule, _, where, _ in expected:
        if where:
            assert any(f"[{rule}]" in li for li in items_about(view, where)), (rule, where)
    assert "[overloaded]" in view
    assert "Policy document summariser" not in view  # killed


def test_naming_an_owner_clears_the_initiative_findings(
    form: OwnershipForm, workshop_path: Path
) -> None:
    """The step's whole point: one person, one A, one R, and the errors go."""
    chosen = "Subrogation recovery finder"
    raw = saved(workshop_path)
    assert chosen in reference_unowned(raw)
    assert items_about(findings_html(form), chosen)

    row(form, index_of(workshop_path, chosen)).children[1].value = "Marcus Lee"
    cell(form, workshop_path, chosen, "Product").value = "A"
    cell(form, workshop_path, chosen, "Data science").value = "R"

    on_disk = saved_initiative(workshop_path, chosen)["ownership"]
    assert on_disk["accountable"] == "Marcus Lee"
    assert on_disk["raci"] == {"Product": "A", "Data science": "R"}
    view = findings_html(form)
    assert items_about(view, chosen) == []
    before = len(reference_unowned(raw))
    live = sum(i["stage"] != "killed" for i in raw["initiatives"])
    assert f"{before - 1} of {live} active initiatives" in view
    assert "Saved" in status(form)


def test_two_accountable_functions_show_up(form: OwnershipForm, workshop_path: Path) -> None:
    chosen = "Claims intake copilot"
    assert items_about(findings_html(form), chosen) == []
    cell(form, workshop_path, chosen, "Engineering").value = "A"
    assert saved_initiative(workshop_path, chosen)["ownership"]["raci"]["Engineering"] == "A"
    [item] = items_about(findings_html(form), chosen)
    assert "[one-accountable]" in item
    assert "Product and Engineering" in item


def test_ticking_agentic_asks_for_the_gates(form: OwnershipForm, workshop_path: Path) -> None:
    """GenAI workbench consults Security but only informs Compliance/legal."""
    chosen = "GenAI workbench"
    assert items_about(findings_html(form), chosen) == []
    row(form, index_of(workshop_path, chosen)).children[3].value = True
    assert saved_initiative(workshop_path, chosen)["agentic"] is True
    [item] = items_about(findings_html(form), chosen)
    assert "[gates-consulted]" in item
    assert "Compliance/legal must at least be consulted" in item
    assert "agentic" in item


def test_ticking_sensitive_data_asks_for_the_gates(
    form: OwnershipForm, workshop_path: Path
) -> None:
    chosen = "Next-best-offer recommendations"  # neither gate at the table yet
    row(form, index_of(workshop_path, chosen)).children[2].value = True
    assert saved_initiative(workshop_path, chosen)["ownership"]["sensitive_data"] is True
    items = items_about(findings_html(form), chosen)
    assert len(items) == 2
    assert all("[gates-consulted]" in li and "sensitive data" in li for li in items)


# -- functions ---------------------------------------------------------------------------------
def test_renaming_a_function_renames_the_column_everywhere(
    form: OwnershipForm, workshop_path: Path
) -> None:
    before = saved(workshop_path)
    boxes = function_boxes(form)
    assert [b.value for b in boxes] == function_names(before)
    boxes[function_names(before).index("Security")].value = "Information security"

    after = saved(workshop_path)
    assert function_names(after) == [
        "Information security" if f == "Security" else f for f in function_names(before)
    ]
    for old, new in zip(before["initiatives"], after["initiatives"], strict=True):
        raci = old["ownership"]["raci"]
        expected = {("Information security" if f == "Security" else f): v for f, v in raci.items()}
        assert new["ownership"]["raci"] == expected
    header = form.grid.children[0].value
    assert "Information security" in header
    assert ">Security<" not in header
    moved = cell(form, workshop_path, "Claims intake copilot", "Information security")
    assert moved.value == "C"


def test_a_duplicate_function_name_is_refused(form: OwnershipForm, workshop_path: Path) -> None:
    before = workshop_path.read_bytes()
    box = function_boxes(form)[-1]
    assert box.value == "Operations"
    box.value = " product "
    assert workshop_path.read_bytes() == before
    assert "Not saved" in status(form)
    assert "already a function" in status(form)
    assert box.value == "Operations"


def test_adding_a_function_adds_a_column(form: OwnershipForm, workshop_path: Path) -> None:
    count = len(function_names(saved(workshop_path)))
    form.new_function.value = "Data protection"
    [add] = [
        w
        for w in all_widgets(form.widget)
        if isinstance(w, widgets.Button) and w.description == "Add function"
    ]
    add.click()
    assert function_names(saved(workshop_path))[-1] == "Data protection"
    assert len(row(form, 0).children) == FIRST_CELL + count + 1
    assert "Data protection" in form.grid.children[0].value
    assert form.new_function.value == ""
    assert function_boxes(form)[-1].value == "Data protection"


def test_adding_a_duplicate_function_changes_nothing(
    form: OwnershipForm, workshop_path: Path
) -> None:
    before = workshop_path.read_bytes()
    form.new_function.value = " SECURITY"
    form.add_function()
    assert workshop_path.read_bytes() == before
    assert "Not saved" in status(form)


def test_removing_a_function_drops_its_column_and_letters(
    form: OwnershipForm, workshop_path: Path
) -> None:
    functions = function_names(saved(workshop_path))
    remove_buttons(form)[functions.index("Platform")].click()
    after = saved(workshop_path)
    assert function_names(after) == [f for f in functions if f != "Platform"]
    assert all("Platform" not in i["ownership"]["raci"] for i in after["initiatives"])
    assert len(row(form, 0).children) == FIRST_CELL + len(functions) - 1
    assert "Platform" not in form.grid.children[0].value


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
    [box] = [
        w
        for w in all_widgets(form.widget)
        if isinstance(w, widgets.IntText) and w.description == "Overloaded above"
    ]
    assert box.value == 3
    box.value = 1
    assert saved(workshop_path)["settings"]["overload_threshold"] == 1
    marks = load_html(form).count("· overloaded</text>")
    assert marks == _expected_overloaded(raw, 1)
    assert marks > _expected_overloaded(raw, 3)
    assert findings_html(form).count("[overloaded]") == marks


def test_undo_puts_a_letter_back(form: OwnershipForm, workshop_path: Path) -> None:
    chosen = "Claims intake copilot"
    menu = cell(form, workshop_path, chosen, "Engineering")
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
    remove_buttons(form)[function_names(before).index("Security")].click()
    assert "Security" not in function_names(saved(workshop_path))
    form.form.undo_button.click()
    after = saved(workshop_path)
    assert function_names(after) == function_names(before)
    assert [i["ownership"] for i in after["initiatives"]] == [
        i["ownership"] for i in before["initiatives"]
    ]
    assert cell(form, workshop_path, "Claims intake copilot", "Security").value == "C"


def test_undo_reverts_a_rename(form: OwnershipForm, workshop_path: Path) -> None:
    before = saved(workshop_path)
    box = function_boxes(form)[0]
    box.value = "Sponsor"
    assert function_names(saved(workshop_path))[0] == "Sponsor"
    form.form.undo_button.click()
    assert function_names(saved(workshop_path)) == function_names(before)
    assert box.value == function_names(before)[0]
    assert "Sponsor</span>" not in form.grid.children[0].value
