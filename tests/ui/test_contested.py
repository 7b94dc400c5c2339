"""The step 2 form driven as a facilitator would, without a browser.

The example room: eight leaders, cost 2 (Dana Whitfield, Ben Adeyemi), risk and compliance 2
(Marcus Lee, Lena Fischer), and revenue, customer, employee, strategic 1 each: contested.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from gaptools.files import store
from gaptools.ui.contested import ContestedForm
from gaptools.ui.session import WorkshopSession
from tests.ui.widgets import all_widgets

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
    "holds 25% of 8 definitions."
)


@pytest.fixture
def form(session: WorkshopSession) -> ContestedForm:
    return ContestedForm(session)


@pytest.fixture
def empty_room(workshop_path: Path) -> ContestedForm:
    """The example with no definitions recorded yet, as at the start of step 2."""
    data = json.loads(workshop_path.read_text(encoding="utf-8"))
    data["success_definitions"] = []
    workshop_path.write_text(json.dumps(data), encoding="utf-8")
    return ContestedForm(WorkshopSession(workshop_path, store.load(workshop_path)))


def shown(form: ContestedForm) -> str:
    """All the text of the form's HTML views (summary, chart, status), unescaped."""
    return html.unescape(
        "\n".join(w.value for w in all_widgets(form.widget) if isinstance(w, widgets.HTML))
    )


def status_line(form: ContestedForm) -> str:
    return html.unescape(form.form.status.widget.value)


def rows(form: ContestedForm) -> list[widgets.HBox]:
    box = form.widget.children[-2]  # the last is the link to the next step
    return [row for row in box.children if isinstance(row, widgets.HBox)]


def row_of(form: ContestedForm, leader: str) -> widgets.HBox:
    [row] = [r for r in rows(form) if html.unescape(r.children[0].value) == f"<b>{leader}</b>"]
    return row


def not_heard_from(form: ContestedForm) -> list[str]:
    """The names after 'Not heard from yet:', or none when the line is gone."""
    found = [
        line for line in shown(form).split("<p>") if line.startswith("<b>Not heard from yet:</b>")
    ]
    if not found:
        return []
    [line] = found
    names = line.removeprefix("<b>Not heard from yet:</b> ").split(".</p>")[0]
    return names.split(", ")


def saved(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["success_definitions"]


def record(form: ContestedForm, who: str, sentence: str, lens: str) -> None:
    form.who.value = who
    form.sentence.value = sentence
    form.lens.value = lens
    form.add_button.click()


def test_the_form_shows_the_room(form: ContestedForm) -> None:
    assert START in shown(form)
    assert len(rows(form)) == 8
    assert "Not heard from yet" not in shown(form)
    assert list(form.who.options) == LEADERS


def test_recording_a_definition_saves_it_and_updates_the_summary(
    form: ContestedForm, workshop_path: Path
) -> None:
    """A ninth voice for cost: 3 of 9 = 33 %, and cost now leads alone."""
    record(form, "Ravi Patel", "Claims cost less to handle every quarter.", "cost")
    latest = saved(workshop_path)[-1]
    assert latest.pop("id") not in {d["id"] for d in saved(workshop_path)[:-1]}
    assert latest == {
        "participant": "Ravi Patel",
        "sentence": "Claims cost less to handle every quarter.",
        "lens": "cost",
    }
    assert len(saved(workshop_path)) == 9
    assert (
        "Contested: no lens has a majority. The largest, ‘cost’, holds 33% of 9 definitions."
        in shown(form)
    )
    assert START not in shown(form)
    assert len(rows(form)) == 9
    assert "Saved" in status_line(form)
    assert form.who.value == ""
    assert form.sentence.value == ""


def test_recording_again_replaces_and_says_so(form: ContestedForm, workshop_path: Path) -> None:
    """Dana moves from cost to revenue: revenue 2, risk 2, cost 1 …; still 8 definitions."""
    record(form, "dana WHITFIELD", "Brokers bring us more business.", "revenue")
    definitions = saved(workshop_path)
    assert len(definitions) == 8
    assert definitions[0]["sentence"] == "Brokers bring us more business."
    assert definitions[0]["lens"] == "revenue"
    assert "Replaced" in status_line(form)
    assert "earlier definition" in status_line(form)
    assert "The largest, ‘revenue’ and ‘risk and compliance’, holds 25% of 8 definitions." in shown(
        form
    )
    assert len(rows(form)) == 8
    assert rows(form)[0].children[1].value == "Brokers bring us more business."
    assert rows(form)[0].children[2].value == "revenue"


@pytest.mark.parametrize("sentence", ["", "   "])
def test_an_empty_sentence_is_refused_and_changes_nothing(
    form: ContestedForm, workshop_path: Path, sentence: str
) -> None:
    before = workshop_path.read_bytes()
    record(form, "Ravi Patel", sentence, "cost")
    assert workshop_path.read_bytes() == before
    assert "Not saved" in status_line(form)
    assert "cannot be empty" in status_line(form)
    assert form.who.value == "Ravi Patel"  # kept, so the facilitator only adds the sentence
    assert START in shown(form)
    assert len(rows(form)) == 8


def test_the_refusal_says_it_is_the_sentence_that_is_missing(form: ContestedForm) -> None:
    """'cannot be empty' alone does not say whether the name or the sentence is missing."""
    record(form, "Ravi Patel", "", "cost")
    assert "sentence" in status_line(form).lower()


def test_an_empty_name_is_refused(form: ContestedForm, workshop_path: Path) -> None:
    before = workshop_path.read_bytes()
    record(form, "  ", "Faster claims.", "cost")
    assert workshop_path.read_bytes() == before
    assert "Not saved" in status_line(form)


def test_removing_a_row_saves(form: ContestedForm, workshop_path: Path) -> None:
    """Without Dana, cost has 1: risk and compliance (2 of 7 = 29 %) leads alone."""
    [remove] = [
        w
        for w in row_of(form, "Dana Whitfield").children
        if isinstance(w, widgets.Button) and w.description == "Remove"
    ]
    remove.click()
    assert [d["participant"] for d in saved(workshop_path)] == LEADERS[1:]
    assert len(rows(form)) == 7
    assert (
        "Contested: no lens has a majority. The largest, ‘risk and compliance’, holds 29% of 7 "
        "definitions." in shown(form)
    )
    assert not_heard_from(form) == ["Dana Whitfield"]


def test_editing_a_rows_lens_saves(form: ContestedForm, workshop_path: Path) -> None:
    """Priya moves from employee to cost: cost 3 of 8 = 37.5 %, shown as 38 %."""
    [menu] = [w for w in row_of(form, "Priya Raman").children if isinstance(w, widgets.Dropdown)]
    menu.value = "cost"
    assert saved(workshop_path)[1]["lens"] == "cost"
    assert (
        "Contested: no lens has a majority. The largest, ‘cost’, holds 38% of 8 definitions."
        in shown(form)
    )


def test_editing_a_rows_sentence_saves(form: ContestedForm, workshop_path: Path) -> None:
    [text] = [w for w in row_of(form, "Tom Okafor").children if isinstance(w, widgets.Text)]
    text.value = "Brokers renew with us first."
    assert saved(workshop_path)[2]["sentence"] == "Brokers renew with us first."


def test_emptying_a_rows_sentence_is_refused_and_put_back(
    form: ContestedForm, workshop_path: Path
) -> None:
    before = workshop_path.read_bytes()
    [text] = [w for w in row_of(form, "Tom Okafor").children if isinstance(w, widgets.Text)]
    text.value = "  "
    assert workshop_path.read_bytes() == before
    assert text.value == "Brokers choose us because we answer faster than anyone else."
    assert "Not saved" in status_line(form)


def test_not_heard_from_shrinks_as_leaders_answer(
    empty_room: ContestedForm, workshop_path: Path
) -> None:
    form = empty_room
    assert "No definitions of success yet: ask each leader for one sentence." in shown(form)
    assert not_heard_from(form) == LEADERS
    record(form, "Tom Okafor", "Brokers choose us first.", "revenue")
    assert not_heard_from(form) == [n for n in LEADERS if n != "Tom Okafor"]
    assert "Aligned: 100% of 1" in shown(form)
    assert "Aligned: 100% of 1 definition sees success as ‘revenue’." in shown(form)
    record(form, "  priya raman ", "Handlers judge, machines type.", "employee")
    assert not_heard_from(form) == [n for n in LEADERS if n not in {"Tom Okafor", "Priya Raman"}]
    for leader in LEADERS:
        record(form, leader, f"{leader} has a view.", "customer")
    assert not_heard_from(form) == []
    assert "Not heard from yet" not in shown(form)
    assert len(saved(workshop_path)) == 8


def test_undo_brings_a_removed_definition_back(form: ContestedForm, workshop_path: Path) -> None:
    before = saved(workshop_path)
    rows(form)[0].children[-1].click()
    assert len(saved(workshop_path)) == 7
    form.form.undo_button.click()
    assert saved(workshop_path) == before
    assert len(rows(form)) == 8
    assert START in shown(form)
