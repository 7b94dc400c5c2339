"""The step 2 form driven as a facilitator would, without a browser.

The example room: eight leaders, cost 2 (Dana Whitfield, Ben Adeyemi), risk and compliance 2
(Marcus Lee, Lena Fischer), and revenue, customer, employee, strategic 1 each: contested.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from gaptools.steps.contested import definition_of
from gaptools.ui.contested import ContestedForm
from gaptools.ui.session import WorkshopSession
from tests.support import (
    by_label,
    edited,
    name_of,
    refused,
    row_of,
    rows_with,
    saved,
    session_on,
    shown,
    status_line,
)

LEADERS = [
    "Dana Whitfield",
    "Priya Raman",
    "Tom Okafor",
    "Marcus Lee",
    "Aisha Karimi",
    "Sofia Marin",
    "Ben Adeyemi",
    "Lena Fischer",
]
START = (
    "Contested: no lens has a majority. The largest, ‘cost’ and ‘risk and compliance’, "
    "hold 25% of 8 definitions each."
)


@pytest.fixture
def form(session: WorkshopSession) -> ContestedForm:
    return ContestedForm(session)


@pytest.fixture
def empty_room(workshop_path: Path) -> ContestedForm:
    """The example with no definitions recorded yet, as at the start of step 2."""
    edited(workshop_path, lambda data: data.__setitem__("success_definitions", []))
    return ContestedForm(session_on(workshop_path))


def rows(form: ContestedForm) -> list[widgets.HBox]:
    """The rows of the definitions table, top to bottom."""
    return rows_with(form.widget, "Success means")


def row_of_leader(form: ContestedForm, leader: str) -> widgets.HBox:
    """The row of ``leader``'s definition, found by the name it shows."""
    return row_of(form.widget, leader)


def not_heard_from(form: ContestedForm) -> list[str]:
    """The names after 'Not heard from yet:', or none when the line is gone."""
    found = [
        line
        for line in shown(form.widget).split("<p>")
        if line.startswith("<b>Not heard from yet:</b>")
    ]
    if not found:
        return []
    [line] = found
    names = line.removeprefix("<b>Not heard from yet:</b> ").split(".</p>")[0]
    return names.split(", ")


def saved_definitions(path: Path) -> list[dict[str, Any]]:
    return saved(path)["success_definitions"]


def record(form: ContestedForm, who: str, sentence: str, lens: str) -> None:
    form.who.value = who
    form.sentence.value = sentence
    form.lens.value = lens
    form.add_button.click()


def test_the_form_shows_the_room(form: ContestedForm) -> None:
    assert START in shown(form.widget)
    assert len(rows(form)) == 8
    assert "Not heard from yet" not in shown(form.widget)
    assert list(form.who.options) == LEADERS


def test_recording_a_definition_saves_it_and_updates_the_summary(
    form: ContestedForm, workshop_path: Path
) -> None:
    """A ninth voice for cost: 3 of 9 = 33 %, and cost now leads alone."""
    record(form, "Ravi Patel", "Claims cost less to handle every quarter.", "cost")
    latest = saved_definitions(workshop_path)[-1]
    assert latest.pop("id") not in {d["id"] for d in saved_definitions(workshop_path)[:-1]}
    assert latest == {
        "participant": "Ravi Patel",
        "sentence": "Claims cost less to handle every quarter.",
        "lens": "cost",
    }
    assert len(saved_definitions(workshop_path)) == 9
    assert (
        "Contested: no lens has a majority. The largest, ‘cost’, holds 33% of 9 definitions."
        in shown(form.widget)
    )
    assert START not in shown(form.widget)
    assert len(rows(form)) == 9
    assert "Saved" in status_line(form)
    assert form.who.value == ""
    assert form.sentence.value == ""


def test_recording_again_replaces_and_says_so(form: ContestedForm, workshop_path: Path) -> None:
    """Dana moves from cost to revenue: revenue 2, risk 2, cost 1 …; still 8 definitions."""
    record(form, "dana WHITFIELD", "Brokers bring us more business.", "revenue")
    definitions = saved_definitions(workshop_path)
    assert len(definitions) == 8
    assert definitions[0]["sentence"] == "Brokers bring us more business."
    assert definitions[0]["lens"] == "revenue"
    assert "Replaced" in status_line(form)
    assert "earlier definition" in status_line(form)
    tied = "The largest, ‘revenue’ and ‘risk and compliance’, hold 25% of 8 definitions each."
    assert tied in shown(form.widget)
    assert len(rows(form)) == 8
    dana = row_of_leader(form, "Dana Whitfield")
    assert [name_of(row) for row in rows(form)] == LEADERS  # replaced where it stood
    assert by_label(dana, "Success means").value == "Brokers bring us more business."
    assert by_label(dana, "Lens").value == "revenue"


@pytest.mark.parametrize("sentence", ["", "   "])
def test_an_empty_sentence_is_refused_and_changes_nothing(
    form: ContestedForm, workshop_path: Path, sentence: str
) -> None:
    with refused(form, workshop_path, "Not saved", "cannot be empty"):
        record(form, "Ravi Patel", sentence, "cost")
    assert form.who.value == "Ravi Patel"  # kept, so the facilitator only adds the sentence
    assert START in shown(form.widget)
    assert len(rows(form)) == 8


def test_the_refusal_says_it_is_the_sentence_that_is_missing(form: ContestedForm) -> None:
    """'cannot be empty' alone does not say whether the name or the sentence is missing."""
    record(form, "Ravi Patel", "", "cost")
    assert "sentence" in status_line(form).lower()


def test_an_empty_name_is_refused(form: ContestedForm, workshop_path: Path) -> None:
    with refused(form, workshop_path, "Not saved"):
        record(form, "  ", "Faster claims.", "cost")


def test_removing_a_row_saves(form: ContestedForm, workshop_path: Path) -> None:
    """Without Dana, cost has 1: risk and compliance (2 of 7 = 29 %) leads alone."""
    by_label(row_of_leader(form, "Dana Whitfield"), "Remove", widgets.Button).click()
    assert [d["participant"] for d in saved_definitions(workshop_path)] == LEADERS[1:]
    assert len(rows(form)) == 7
    assert (
        "Contested: no lens has a majority. The largest, ‘risk and compliance’, holds 29% of 7 "
        "definitions." in shown(form.widget)
    )
    assert not_heard_from(form) == ["Dana Whitfield"]


def test_editing_a_rows_lens_saves(form: ContestedForm, workshop_path: Path) -> None:
    """Priya moves from employee to cost: cost 3 of 8 = 37.5 %, shown as 38 %."""
    by_label(row_of_leader(form, "Priya Raman"), "Lens").value = "cost"
    assert saved_definitions(workshop_path)[1]["lens"] == "cost"
    assert (
        "Contested: no lens has a majority. The largest, ‘cost’, holds 38% of 8 definitions."
        in shown(form.widget)
    )


def test_editing_a_rows_sentence_saves(form: ContestedForm, workshop_path: Path) -> None:
    by_label(
        row_of_leader(form, "Tom Okafor"), "Success means"
    ).value = "Brokers renew with us first."
    assert saved_definitions(workshop_path)[2]["sentence"] == "Brokers renew with us first."


def test_emptying_a_rows_sentence_is_refused_and_kept_to_correct(
    form: ContestedForm, workshop_path: Path
) -> None:
    """The file keeps the saved sentence; the box keeps what was typed, with the reason
    beside it, until the person corrects it."""
    text = by_label(row_of_leader(form, "Tom Okafor"), "Success means")
    with refused(form, workshop_path, "Not saved"):
        text.value = "  "
    assert text.value == "  "
    assert "Not saved" in form.form.message_of(text).value


def test_not_heard_from_shrinks_as_leaders_answer(
    empty_room: ContestedForm, workshop_path: Path
) -> None:
    form = empty_room
    assert "No definitions of success yet: ask each leader for one sentence." in shown(form.widget)
    assert not_heard_from(form) == LEADERS
    record(form, "Tom Okafor", "Brokers choose us first.", "revenue")
    assert not_heard_from(form) == [n for n in LEADERS if n != "Tom Okafor"]
    assert "Aligned" not in shown(form.widget)  # one voice is not a room that agrees
    assert (
        "1 definition so far: success as ‘revenue’. Ask at least one other leader (or your "
        "team) to write theirs: alignment needs two views." in shown(form.widget)
    )
    assert "Spread: 0.00" not in shown(form.widget)  # 0 would read as everyone agreeing
    record(form, "  priya raman ", "Handlers judge, machines type.", "employee")
    assert not_heard_from(form) == [n for n in LEADERS if n not in {"Tom Okafor", "Priya Raman"}]
    for leader in LEADERS:
        record(form, leader, f"{leader} has a view.", "customer")
    assert not_heard_from(form) == []
    assert "Not heard from yet" not in shown(form.widget)
    assert len(saved_definitions(workshop_path)) == 8


def test_undo_brings_a_removed_definition_back(form: ContestedForm, workshop_path: Path) -> None:
    before = saved_definitions(workshop_path)
    first = saved_definitions(workshop_path)[0]["participant"]
    by_label(row_of_leader(form, first), "Remove", widgets.Button).click()
    assert len(saved_definitions(workshop_path)) == 7
    form.form.undo_button.click()
    assert saved_definitions(workshop_path) == before
    assert len(rows(form)) == 8
    assert START in shown(form.widget)


def test_a_definition_replaced_elsewhere_after_it_was_recorded_here_is_said(
    form: ContestedForm, workshop_path: Path
) -> None:
    """A recorded Aisha's definition; two seconds later B recorded one for Aisha too. The file
    kept B's, both pages said it was saved, and A never learnt its sentence was gone. A's
    page now says so; its own later edit of the row is not taken for one made elsewhere."""
    record(form, "Aisha Karimi", "Aisha from A's notebook.", "cost")
    form.sentence.value = "typed for the next leader"
    elsewhere = ContestedForm(session_on(workshop_path))
    record(elsewhere, "Aisha Karimi", "Aisha from B's notebook.", "risk_compliance")
    assert form.session.poll()
    said = status_line(form)
    assert "Aisha Karimi's definition was replaced elsewhere after you recorded it" in said
    assert "Aisha from B's notebook." in said
    assert form.sentence.value == "typed for the next leader"
    record(form, "Sofia Marin", "Sofia here.", "customer")
    by_label(row_of_leader(form, "Sofia Marin"), "Success means").value = "Sofia, edited here."
    assert "replaced elsewhere" not in status_line(form)


def test_a_leaders_name_spelt_nearly_as_listed_is_said(
    form: ContestedForm, workshop_path: Path
) -> None:
    """ "Helen Brant" for Helen Brandt was saved as someone else: a definition from nobody
    listed, while "Not heard from yet" still named her. It is saved as typed (a name not on
    the list may be right) and the bar asks whether the listed leader was meant."""
    record(form, "Lena Fisher", "Fewer claims reopened.", "cost")
    said = status_line(form)
    assert (
        "'Lena Fisher' is not on the list of leaders (step 0): did you mean Lena Fischer?" in said
    )
    # Said under the button too, where the person is: the bar is off their screen.
    under = html.unescape(form.said.value)
    assert "⚠ 'Lena Fisher' is not on the list of leaders" in under
    # Recorded again under her name, the sentence replaced what she had written before.
    if definition_of(form.session.workshop, "Lena Fischer") is not None:
        what_to_do = "has a definition already, which recording it again under the listed"
    else:
        what_to_do = "and record it under the listed name"
    assert "If it was Lena Fischer's, remove the row of 'Lena Fisher' below" in under
    assert what_to_do in under
    record(form, "Lena Fischer", "Fewer claims reopened.", "cost")
    assert "did you mean" not in status_line(form)
    assert "did you mean" not in html.unescape(form.said.value)


def test_a_blank_definition_is_refused_under_the_button(
    form: ContestedForm, workshop_path: Path
) -> None:
    """Refused in the bar at the top alone, a blank sentence looked as if nothing happened."""
    record(form, "Dana Whitfield", "   ", "cost")
    said = html.unescape(form.said.value)
    assert said.startswith("<div class='gaptools-said refused'>✗ ")
    assert "Not saved" in said
    record(form, "Dana Whitfield", "Fewer claims reopened.", "cost")
    assert "Dana Whitfield" in html.unescape(form.said.value)
    assert "✓" in form.said.value


def test_a_leader_working_alone_is_the_leader_and_their_first_name_is_them(
    workshop_path: Path,
) -> None:
    """A COO working alone recorded a definition as "Maria": the page said "Not heard from
    yet: Maria Keller", and with the same sentence recorded as Maria Keller, "Aligned: 100% of
    2 definitions". The Leader box starts from the one leader listed, and a first name only
    one leader has is that leader."""

    def alone(data: dict[str, Any]) -> None:
        data["meta"]["participants"] = [{"name": "Maria Keller"}]
        data["meta"]["facilitator"] = "Maria Keller"
        data["success_definitions"] = []

    edited(workshop_path, alone)
    form = ContestedForm(session_on(workshop_path))
    assert form.who.value == "Maria Keller"
    form.who.value = "Maria"
    form.sentence.value = "Fuel cost down a tenth by September"
    form.record()
    assert [d["participant"] for d in saved(workshop_path)["success_definitions"]] == [
        "Maria Keller"
    ]
    assert "Not heard from yet" not in shown(form.widget)
    assert form.who.value == "Maria Keller"  # ready for a second thought, still hers
