"""Two notebooks on one workshop: a row edits the entry it shows, wherever that entry went.

Each test opens two forms on the same file, as a leader and the facilitator would, removes an
entry in one and then edits a row of the other that was drawn before the removal.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import ipywidgets as widgets

from gaptools.files import store
from gaptools.ui.contested import ContestedForm
from gaptools.ui.portfolio import PortfolioForm
from gaptools.ui.readiness import ReadinessForm
from gaptools.ui.session import WorkshopSession
from gaptools.ui.start import StartForm
from tests.support import by_label, pick, refused, row_of, saved, session_on, status_line

Form = TypeVar("Form")


def two_notebooks(kind: Callable[[WorkshopSession], Form], path: Path) -> tuple[Form, Form]:
    """The same form opened twice on one file: a leader's notebook and the facilitator's."""
    return kind(session_on(path)), kind(session_on(path))


def test_an_edit_lands_on_its_own_definition_after_another_was_removed(
    workshop_path: Path,
) -> None:
    leader, facilitator = two_notebooks(ContestedForm, workshop_path)
    definitions = saved(workshop_path)["success_definitions"]
    first, third = definitions[0], definitions[2]
    stale_third = row_of(facilitator.widget, third["participant"])

    leader.remove(first["id"])
    by_label(stale_third, "Success means").value = "A sharper sentence."

    after = {d["id"]: d for d in saved(workshop_path)["success_definitions"]}
    assert first["id"] not in after
    assert after[third["id"]]["sentence"] == "A sharper sentence."
    others = [d for d in definitions[1:] if d["id"] != third["id"]]
    assert all(after[d["id"]] == d for d in others)
    assert f"{third['participant']}'s definition" in status_line(facilitator)


def test_removing_names_the_initiative_that_went(workshop_path: Path) -> None:
    """A remove pressed on a stale row removes that row's initiative, and says so."""
    leader, facilitator = two_notebooks(PortfolioForm, workshop_path)
    initiatives = saved(workshop_path)["initiatives"]
    leader.remove(initiatives[0]["id"])
    stale_third = row_of(facilitator.rows, initiatives[2]["name"], "Name")
    by_label(stale_third, "Remove", widgets.Button).click()  # asks first
    by_label(stale_third, "Remove", widgets.Button).click()
    names = [i["name"] for i in saved(workshop_path)["initiatives"]]
    assert initiatives[0]["name"] not in names
    assert initiatives[2]["name"] not in names
    assert initiatives[1]["name"] in names
    assert f"removed {initiatives[2]['name']}" in status_line(facilitator)


def test_a_remove_button_names_its_row_and_follows_a_rename_made_elsewhere(
    workshop_path: Path,
) -> None:
    """ "Remove" alone told neither a screen reader nor a hovering mouse which row went: its
    title names the row's initiative, as renamed in another notebook."""
    leader, facilitator = two_notebooks(PortfolioForm, workshop_path)
    third = saved(workshop_path)["initiatives"][2]
    remove = by_label(row_of(facilitator.rows, third["name"], "Name"), "Remove", widgets.Button)
    assert remove.tooltip == f"Remove {third['name']}"

    by_label(row_of(leader.rows, third["name"], "Name"), "Name").value = "Claims triage v2"
    facilitator.session.poll()

    assert remove.tooltip == "Remove Claims triage v2"
    assert remove.description == "Remove"  # the word on the button stays short


def test_an_edit_to_a_removed_initiative_is_refused_not_moved(workshop_path: Path) -> None:
    leader, facilitator = two_notebooks(PortfolioForm, workshop_path)
    initiatives = saved(workshop_path)["initiatives"]
    leader.remove(initiatives[1]["id"])
    stale_second = row_of(facilitator.rows, initiatives[1]["name"], "Name")
    with refused(facilitator, workshop_path, "removed meanwhile"):
        by_label(stale_second, "Sponsor").value = "Someone new"


def test_a_participant_edit_follows_the_participant(workshop_path: Path) -> None:
    leader, facilitator = two_notebooks(StartForm, workshop_path)
    people = saved(workshop_path)["meta"]["participants"]
    leader.remove(people[0]["id"])
    stale_fourth = row_of(facilitator.participant_rows, people[3]["name"], "Name")
    by_label(stale_fourth, "Role").value = "Chief Data Officer"
    after = {p["id"]: p for p in saved(workshop_path)["meta"]["participants"]}
    assert after[people[3]["id"]]["role"] == "Chief Data Officer"
    assert people[0]["id"] not in after


def test_a_risk_edit_follows_the_risk(workshop_path: Path) -> None:
    leader, facilitator = two_notebooks(ReadinessForm, workshop_path)
    position = next(
        n
        for n, i in enumerate(saved(workshop_path)["initiatives"])
        if len(i["readiness"]["risks"]) > 1
    )
    pick(leader, position)
    pick(facilitator, position)
    first, second = saved(workshop_path)["initiatives"][position]["readiness"]["risks"][:2]
    leader.remove_risk(first["id"])
    stale_second = row_of(facilitator.risk_rows, second["kind"], "Risk")
    by_label(stale_second, "Owner").value = "Aisha Karimi"
    risks = saved(workshop_path)["initiatives"][position]["readiness"]["risks"]
    assert [r["id"] for r in risks][0] == second["id"]
    assert risks[0]["owner"] == "Aisha Karimi"


def test_an_entry_added_elsewhere_keeps_the_rows_on_screen(workshop_path: Path) -> None:
    """Rows already drawn stay the same widgets, so text being typed in them is not wiped."""
    facilitator = PortfolioForm(session_on(workshop_path))
    before = list(facilitator.rows.children)
    leader = PortfolioForm(session_on(workshop_path))
    leader.new_name.value = "Supplier risk radar"
    leader.add()
    assert facilitator.session.poll()
    after = list(facilitator.rows.children)
    assert len(after) == len(before) + 1
    assert all(a is b for a, b in zip(after, before, strict=False))


def test_an_initiative_removed_under_a_picker_form_takes_no_typed_edit_with_it(
    workshop_path: Path, monkeypatch
) -> None:
    """A leader typing a lead measure for an initiative the facilitator removed saw the form
    move to the first initiative with the typed text still in the box (both had none), and
    Enter saved it into that other initiative. The fields now show the new initiative again
    in the browser, even where its value is the same, and the form says what happened."""
    from gaptools.ui.value import ValueForm
    from tests.support import recording

    leader, facilitator = two_notebooks(ValueForm, workshop_path)
    initiatives = saved(workshop_path)["initiatives"]
    gone = next(i for i in initiatives[1:] if not i["value"]["lead_measures"][1:])
    first = initiatives[0]
    assert not first["value"]["lead_measures"][1:], "both have no second lead measure"
    leader.picker.choose(gone["id"])
    PortfolioForm(session_on(workshop_path)).remove(gone["id"])
    sent = recording(monkeypatch)
    assert leader.session.poll()
    second = by_label(leader.widget, "Lead measure 2")
    assert second.value == ""
    assert (second, ["value"]) in sent  # the browser's typed text is replaced
    said = status_line(leader)
    assert f"{gone['name']} was removed" in said
    assert first["name"] in said


def test_a_value_saved_here_and_then_replaced_elsewhere_is_said(workshop_path: Path) -> None:
    """Two leaders saved one baseline within a second: both read "Saved", and the one whose
    number was replaced saw the other's in the box beside their own "Saved". The form now
    says that its value was changed elsewhere after it saved it, and an undo here is not
    taken for such a change."""
    from gaptools.ui.value import ValueForm

    leader, facilitator = two_notebooks(ValueForm, workshop_path)
    facilitator.picker.choose(leader.picker.selected)
    by_label(leader.widget, "Baseline (today)").value = "82"
    by_label(facilitator.widget, "Baseline (today)").value = "80"
    assert leader.session.poll()
    said = status_line(leader)
    name = leader.picker.current_name(leader.session.workshop)
    # A warning, not a refusal: the leader's save went through, and was then overwritten.
    assert f"⚠ Baseline (today) of {name} was changed elsewhere after you saved it" in said
    assert by_label(leader.widget, "Baseline (today)").value == "80"
    by_label(leader.widget, "Target").value = "70"
    leader.form.undo_button.click()
    assert "changed elsewhere" not in status_line(leader)


def test_a_definition_saved_here_and_answered_again_from_a_phone_is_said(
    workshop_path: Path,
) -> None:
    """The facilitator corrected Tom's sentence; Tom then answered again from his phone. The
    row showed his new sentence under "Saved": a phone's answer replaced the entry with a new
    one, so the form never learnt that its value had changed. An answer given again is the
    same entry changed, and the bar says so."""
    from gaptools.core.model import Lens
    from gaptools.steps.contested import record_definition

    form = ContestedForm(session_on(workshop_path))
    before = saved(workshop_path)["success_definitions"]
    tom = next(d for d in before if d["participant"] == "Tom Okafor")
    by_label(row_of(form.widget, "Tom Okafor"), "Success means").value = "Corrected here."
    store.edit(
        workshop_path,
        lambda w: record_definition(w, "tom okafor", "From my phone.", Lens.CUSTOMER),
    )
    assert form.session.poll()
    after = saved(workshop_path)["success_definitions"]
    assert [d["id"] for d in after] == [d["id"] for d in before]  # the same entry, in place
    assert next(d for d in after if d["id"] == tom["id"])["sentence"] == "From my phone."
    assert by_label(row_of(form.widget, "Tom Okafor"), "Success means").value == ("From my phone.")
    assert "was changed elsewhere after you saved it" in status_line(form)


def test_a_value_saved_here_and_shown_tidied_is_not_said_to_have_changed(
    workshop_path: Path,
) -> None:
    """A number typed "1000" is shown "1,000" once saved: that is this page's own value, and
    a change elsewhere to another field says nothing about it."""
    from gaptools.ui.value import ValueForm

    leader, facilitator = two_notebooks(ValueForm, workshop_path)
    facilitator.picker.choose(leader.picker.selected)
    by_label(leader.widget, "Baseline (today)").value = "1000"
    assert by_label(leader.widget, "Baseline (today)").value == "1,000"
    by_label(facilitator.widget, "Unit").value = "claims"
    assert leader.session.poll()
    assert "changed elsewhere" not in status_line(leader)


def test_a_value_typed_twice_here_and_shown_tidied_is_not_said_to_have_changed(
    workshop_path: Path,
) -> None:
    """A leader alone typed a baseline twice, each shown tidied once saved ("1000" as
    "1,000", as "60%" is shown "60"), and the second save was taken for someone else's
    change to the first ("was changed elsewhere after you saved it"). A value this page
    saves again replaces the one it saved before; nobody else was there."""
    from gaptools.ui.value import ValueForm

    form = ValueForm(session_on(workshop_path))
    baseline = by_label(form.widget, "Baseline (today)")
    for typed, shown in (("1000", "1,000"), ("1200", "1,200"), ("60", "60"), ("1500", "1,500")):
        baseline.value = typed
        assert baseline.value == shown
        assert "changed elsewhere" not in status_line(form), typed
    assert not form.session.poll()
    assert "changed elsewhere" not in status_line(form)


def test_a_refused_value_does_not_hide_a_change_made_elsewhere(workshop_path: Path) -> None:
    """Saved "100", then "abc" refused: a value saved elsewhere afterwards still says so."""
    from gaptools.ui.value import ValueForm

    leader, facilitator = two_notebooks(ValueForm, workshop_path)
    facilitator.picker.choose(leader.picker.selected)
    baseline = by_label(leader.widget, "Baseline (today)")
    baseline.value = "100"
    baseline.value = "abc"
    assert "'abc' is not a number" in status_line(leader)
    by_label(facilitator.widget, "Baseline (today)").value = "200"
    assert leader.session.poll()
    name = leader.picker.current_name(leader.session.workshop)
    said = status_line(leader)
    assert f"Baseline (today) of {name} was changed elsewhere after you saved it" in said


def test_a_letter_for_a_function_removed_elsewhere_is_refused_in_plain_words(
    workshop_path: Path,
) -> None:
    """Refused as "(whole file) the ownership of … names 'Operations', which is not one of
    the workshop's functions (settings.functions)": now in words a leader can act on."""
    from gaptools.ui.ownership import OwnershipForm
    from tests.support import labelled

    leader, facilitator = two_notebooks(OwnershipForm, workshop_path)
    function = saved(workshop_path)["settings"]["functions"][-1]
    facilitator.remove_function(function["id"])
    [cell, *_] = [c for c in labelled(leader.widget, function["name"], widgets.Dropdown)]
    with refused(leader, workshop_path, f"the function '{function['name']}' was removed"):
        cell.value = "R"
    said = status_line(leader)
    assert "(whole file)" not in said
    assert "settings.functions" not in said
