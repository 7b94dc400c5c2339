"""The start form, driven as a person would, without a browser: widgets talk to the model."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import ipywidgets as widgets
import pytest

from gaptools.files import home
from gaptools.steps import registry
from gaptools.ui import start
from gaptools.ui.session import WorkshopSession
from tests.ui.widgets import all_widgets


def _field(form: start.StartForm, kind: type, description: str):
    matches = [
        w for w in all_widgets(form.widget) if isinstance(w, kind) and w.description == description
    ]
    assert len(matches) == 1, f"expected one {kind.__name__} labelled {description!r}"
    return matches[0]


@pytest.fixture
def form(session: WorkshopSession) -> start.StartForm:
    return start.build(session)


def _saved(path: Path) -> dict:
    return json.loads(path.read_text())


def test_fields_show_the_workshop(form: start.StartForm):
    assert _field(form, widgets.Text, "Team").value == "Claims and Customer Operations leadership"
    assert _field(form, widgets.DatePicker, "Workshop date").value == dt.date(2026, 11, 18)
    assert _field(form, widgets.Dropdown, "Fiscal year starts in").value == 1
    assert _field(form, widgets.Dropdown, "Quarter to plan").value == "coming"


def test_typing_a_team_saves_it(form: start.StartForm, workshop_path: Path):
    _field(form, widgets.Text, "Team").value = "Group Finance"
    assert _saved(workshop_path)["meta"]["team"] == "Group Finance"
    assert "Saved" in form.form.status.widget.value


def test_a_bad_value_is_explained_and_put_back(form: start.StartForm, workshop_path: Path):
    before = workshop_path.read_bytes()
    minutes = [w for w in all_widgets(form.widget) if isinstance(w, widgets.IntText)][0]
    minutes.value = 900
    assert workshop_path.read_bytes() == before
    assert minutes.value == 10
    assert "Not saved" in form.form.status.widget.value
    assert "must be at most 600" in form.form.status.widget.value


def test_clearing_the_date_is_refused(form: start.StartForm, workshop_path: Path):
    picker = _field(form, widgets.DatePicker, "Workshop date")
    picker.value = None
    assert picker.value == dt.date(2026, 11, 18)
    assert _saved(workshop_path)["meta"]["date"] == "2026-11-18"


def test_fiscal_year_changes_the_quarter_choices(form: start.StartForm, workshop_path: Path):
    quarter = _field(form, widgets.Dropdown, "Quarter to plan")
    _field(form, widgets.Dropdown, "Fiscal year starts in").value = 4
    # A year from April: 18 Nov 2026 falls in Q3 FY2027 (Oct–Dec), so Q4 FY2027 comes next.
    assert quarter.options[0][0] == "The coming quarter (Q4 FY2027)"
    quarter.value = "2027-Q3"
    assert _saved(workshop_path)["meta"]["planned_quarter"] == {"fiscal_year": 2027, "number": 3}


def test_adding_and_removing_participants(form: start.StartForm, workshop_path: Path):
    form.new_participant.value = "Noor Haddad"
    form.new_role.value = "Chief People Officer"
    form.add()
    people = _saved(workshop_path)["meta"]["participants"]
    assert {k: people[-1][k] for k in ("name", "role")} == {
        "name": "Noor Haddad",
        "role": "Chief People Officer",
    }
    assert people[-1]["id"] not in {p["id"] for p in people[:-1]}
    assert len(form.participant_rows.children) == 9
    assert form.new_participant.value == ""

    form.remove(people[0]["id"])
    names = [p["name"] for p in _saved(workshop_path)["meta"]["participants"]]
    assert "Dana Whitfield" not in names
    assert len(form.participant_rows.children) == 8
    first_row_name = form.participant_rows.children[0].children[0]
    assert first_row_name.value == names[0]


def test_an_empty_participant_is_refused(form: start.StartForm, workshop_path: Path):
    before = workshop_path.read_bytes()
    form.new_participant.value = "   "
    form.add()
    assert workshop_path.read_bytes() == before
    assert "cannot be empty" in form.form.status.widget.value


def test_undo_button_puts_fields_back(form: start.StartForm, workshop_path: Path):
    team = _field(form, widgets.Text, "Team")
    team.value = "Temporary"
    form.form.undo_button.click()
    assert team.value == "Claims and Customer Operations leadership"
    assert _saved(workshop_path)["meta"]["team"] == team.value


def test_agenda_minutes_move_the_clock(form: start.StartForm):
    minutes = [w for w in all_widgets(form.widget) if isinstance(w, widgets.IntText)]
    minutes[0].value = 25
    html = " ".join(w.value for w in all_widgets(form.widget) if isinstance(w, widgets.HTML))
    # The first item now runs 09:00–09:25 and the 3-hour day grows by 15 minutes.
    assert "09:00–09:25" in html
    assert "Total: 3 h 15 min" in html
    assert "ending at 12:15" in html


def test_create_a_new_workshop_and_switch_to_it(form: start.StartForm):
    form.new_name.value = "Retail leadership Q1"
    form.create()
    created = home.workshops_home() / "Retail-leadership-Q1.json"
    assert created.is_file()
    assert form.session.path == created
    assert _field(form, widgets.Text, "Team").value == "Retail leadership Q1"
    assert home.current_workshop() == created.resolve()
    assert len(form.participant_rows.children) == 1  # the "no participants yet" note

    form.new_name.value = "Retail leadership Q1"
    form.create()
    assert "already exists" in form.form.status.widget.value


def test_open_selected_switches_back(form: start.StartForm, workshop_path: Path):
    form.new_name.value = "Second"
    form.create()
    form.files.options = [("workshop.json", str(workshop_path))]
    form.files.value = str(workshop_path)
    form.open_selected()
    assert form.session.path == workshop_path
    assert _field(form, widgets.Text, "Team").value == "Claims and Customer Operations leadership"


def test_show_opens_the_example_copy_when_none_was_chosen(workshop_path: Path):
    shown = start.show()
    assert isinstance(shown, widgets.VBox)
    assert home.current_workshop().name == "example-workshop.json"


def test_agenda_items_move_and_go(form: start.StartForm, workshop_path: Path) -> None:
    agenda = _saved(workshop_path)["meta"]["agenda"]
    second, third = agenda[1], agenda[2]
    form.move_agenda_item(third["id"], -1)
    moved = [i["id"] for i in _saved(workshop_path)["meta"]["agenda"]]
    assert moved[1:3] == [third["id"], second["id"]]
    form.remove_agenda_item(second["id"])
    after = _saved(workshop_path)["meta"]["agenda"]
    assert second["id"] not in [i["id"] for i in after]
    assert len(after) == len(agenda) - 1
    assert f"removed '{second['title']}' from the agenda" in html.unescape(
        form.form.status.widget.value
    )


def test_the_progress_lists_every_step_that_exists(form: start.StartForm) -> None:
    view = next(
        w.value
        for w in all_widgets(form.widget)
        if isinstance(w, widgets.HTML)
        and "gaptools-table" in w.value
        and "00_start_here" in w.value
    )
    for stage in registry.steps():
        assert f"href='{registry.notebook_url(stage)}'" in view
    assert "08_lead_the_change" not in view
