"""The start form, driven as a person would, without a browser: widgets talk to the model."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import ipywidgets as widgets
import pytest

from gaptools.core.model import Workshop
from gaptools.files import home, store
from gaptools.steps import registry
from gaptools.ui import start
from gaptools.ui.session import WorkshopSession
from tests.support import (
    all_widgets,
    by_label,
    press_enter,
    refused,
    row_of,
    rows_with,
    saved,
    session_on,
    shown,
    status_line,
    table_rows,
    uploaded,
    view,
)

JSON = "application/json"


@pytest.fixture
def form(session: WorkshopSession) -> start.StartForm:
    return start.build(session)


def first_minutes(form: start.StartForm, path: Path) -> widgets.IntText:
    """The minutes of the first agenda item, in the row that shows its title."""
    first = saved(path)["meta"]["agenda"][0]["title"]
    return by_label(row_of(form.widget, first), "Minutes", widgets.IntText)


def test_fields_show_the_workshop(form: start.StartForm):
    assert (
        by_label(form.widget, "Team", widgets.Text).value
        == "Claims and Customer Operations leadership"
    )
    assert by_label(form.widget, "Workshop date", widgets.DatePicker).value == dt.date(2026, 11, 18)
    assert by_label(form.widget, "Fiscal year starts in", widgets.Dropdown).value == 1
    assert by_label(form.widget, "Quarter to plan", widgets.Dropdown).value == "coming"


def test_typing_a_team_saves_it(form: start.StartForm, workshop_path: Path):
    by_label(form.widget, "Team", widgets.Text).value = "Group Finance"
    assert saved(workshop_path)["meta"]["team"] == "Group Finance"
    assert "Saved" in status_line(form)


def test_a_bad_value_is_explained_beside_it(form: start.StartForm, workshop_path: Path):
    minutes = first_minutes(form, workshop_path)
    with refused(form, workshop_path, "Not saved", "must be at most 600"):
        minutes.value = 900
    assert minutes.value == 900
    assert "must be at most 600" in form.form.message_of(minutes).value


def test_clearing_the_date_is_refused(form: start.StartForm, workshop_path: Path):
    picker = by_label(form.widget, "Workshop date", widgets.DatePicker)
    picker.value = None
    assert saved(workshop_path)["meta"]["date"] == "2026-11-18"
    assert "Not saved" in form.form.message_of(picker).value


def test_fiscal_year_changes_the_quarter_choices(form: start.StartForm, workshop_path: Path):
    quarter = by_label(form.widget, "Quarter to plan", widgets.Dropdown)
    by_label(form.widget, "Fiscal year starts in", widgets.Dropdown).value = 4
    # A year from April: 18 Nov 2026 falls in Q3 FY2027 (Oct–Dec), so Q4 FY2027 comes next.
    assert quarter.options[0][0] == "The coming quarter (Q4 FY2027)"
    quarter.value = "2027-Q3"
    assert saved(workshop_path)["meta"]["planned_quarter"] == {"fiscal_year": 2027, "number": 3}


def test_a_new_fiscal_year_start_keeps_the_months_of_the_quarter_chosen(
    form: start.StartForm, workshop_path: Path
):
    """Q2 2027 is April to June 2027. With a year from April, those months are Q1 FY2028;
    from July, Q4 FY2027; from February (quarters Feb–Apr, May–Jul…), the quarter holding
    1 April was February to April, a quarter already begun, and back in January the plan
    was Q1, already over; the quarter sharing two of its months, May to July (Q2 FY2028),
    finds Q2 2027 again when the year is changed back."""
    quarter = by_label(form.widget, "Quarter to plan", widgets.Dropdown)
    quarter.value = "2027-Q2"
    month = by_label(form.widget, "Fiscal year starts in", widgets.Dropdown)
    for first, chosen, label in [
        (4, {"fiscal_year": 2028, "number": 1}, "Q1 FY2028 (1 Apr 2027 – 30 Jun 2027)"),
        (7, {"fiscal_year": 2027, "number": 4}, "Q4 FY2027 (1 Apr 2027 – 30 Jun 2027)"),
        (1, {"fiscal_year": 2027, "number": 2}, "Q2 2027 (1 Apr 2027 – 30 Jun 2027)"),
        (2, {"fiscal_year": 2028, "number": 2}, "Q2 FY2028 (1 May 2027 – 31 Jul 2027)"),
        (1, {"fiscal_year": 2027, "number": 2}, "Q2 2027 (1 Apr 2027 – 30 Jun 2027)"),
    ]:
        month.value = first
        assert saved(workshop_path)["meta"]["planned_quarter"] == chosen
        assert quarter.label == label


def test_a_quarter_that_is_over_is_said_under_the_choice(form: start.StartForm):
    """The warning stood only at the foot of the page, two screens below the choice."""
    from gaptools.core.model import QuarterRef
    from gaptools.core.quarter import following, quarter_of
    from tests.support import view

    note = view(form.widget, "The workshop falls in")
    ahead = following(quarter_of(dt.date.today()), 1).ref()  # whatever day the test runs on
    assert form.session.update(lambda w: setattr(w.meta, "planned_quarter", ahead), "q").ok
    assert "ended" not in note.value
    # Q3 2026 (1 Jul – 30 Sep), before the workshop of 18 Nov: chosen, then the date moved.
    past = QuarterRef(fiscal_year=2026, number=3)
    assert form.session.update(lambda w: setattr(w.meta, "planned_quarter", past), "q").ok
    assert "ended before the workshop date: choose the quarter again" in note.value


def test_a_quarter_planned_on_in_the_same_file_points_to_the_next_quarter(
    form: start.StartForm,
) -> None:
    """A quarter on, chosen in the same file: last quarter's votes and pulse answers counted
    again for the new one, with nothing said."""
    from gaptools.core.model import QuarterRef
    from gaptools.steps.bet import decide

    note = view(form.widget, "The workshop falls in")
    workshop = form.session.workshop
    name, day = workshop.initiatives[0].name, workshop.meta.date
    assert form.session.update(lambda w: decide(w, name, "Dana Whitfield", day, []), "bet").ok
    assert "decided for an earlier quarter" not in note.value
    later = QuarterRef(fiscal_year=2027, number=2)  # the example plans Q1 2027
    assert form.session.update(lambda w: setattr(w.meta, "planned_quarter", later), "q").ok
    assert "decided for an earlier quarter" in note.value
    assert "Start the next quarter from this workshop" in note.value


def test_adding_and_removing_participants(form: start.StartForm, workshop_path: Path):
    form.new_participant.value = "Noor Haddad"
    form.new_role.value = "Chief People Officer"
    form.add()
    people = saved(workshop_path)["meta"]["participants"]
    assert {k: people[-1][k] for k in ("name", "role")} == {
        "name": "Noor Haddad",
        "role": "Chief People Officer",
    }
    assert people[-1]["id"] not in {p["id"] for p in people[:-1]}
    assert len(form.participant_rows.children) == 9
    assert form.new_participant.value == ""

    form.remove(people[0]["id"])
    names = [p["name"] for p in saved(workshop_path)["meta"]["participants"]]
    assert "Dana Whitfield" not in names
    assert len(form.participant_rows.children) == 8
    rows = rows_with(form.participant_rows, "Name")
    assert [by_label(row, "Name").value for row in rows] == names


def test_a_name_corrected_in_the_list_keeps_the_leader_s_answers(
    form: start.StartForm, workshop_path: Path
):
    """Tom Okafor's commitment and definition of success follow his corrected name, so
    step 8 still finds his commitment and step 2 his sentence."""
    row = row_of(form.participant_rows, "Tom Okafor", "Name")
    by_label(row, "Name").value = "Tomas Okafor"
    after = saved(workshop_path)
    assert "Tomas Okafor" in [p["name"] for p in after["meta"]["participants"]]
    assert "Tomas Okafor" in [c["leader"] for c in after["commitments"]]
    assert "Tomas Okafor" in [d["participant"] for d in after["success_definitions"]]
    assert "Tom Okafor" not in json.dumps(after)


@pytest.mark.parametrize(
    ("typed", "reason"), [("   ", "Not saved"), ("dana whitfield", "two participants are called")]
)
def test_a_participant_refused_is_said_under_the_add_button(
    form: start.StartForm, workshop_path: Path, typed: str, reason: str
) -> None:
    """A blank or repeated name was refused in the bar at the top alone, off the screen of a
    facilitator at the foot of the list."""
    form.new_participant.value = typed
    form.add()
    said = form.participant_said.value
    assert "gaptools-said refused" in said
    assert reason in said
    form.new_participant.value = "Noor Haddad"
    form.add()
    count = len(saved(workshop_path)["meta"]["participants"])
    assert f"✓ Added Noor Haddad: {count} leaders listed." in form.participant_said.value


def test_enter_in_either_participant_box_adds_the_leader(
    form: start.StartForm, workshop_path: Path
):
    """Enter did nothing: a facilitator typing names one after another pressed it and saw no
    one added. It adds as the button does; a role not typed yet is typed in the leader's row."""
    form.new_participant.value = "Noor Haddad"
    form.new_role.value = "Chief People Officer"
    press_enter(form.new_role)
    form.new_participant.value = "Ravi Menon"
    press_enter(form.new_participant)
    people = saved(workshop_path)["meta"]["participants"]
    assert [(p["name"], p["role"]) for p in people[-2:]] == [
        ("Noor Haddad", "Chief People Officer"),
        ("Ravi Menon", ""),
    ]
    assert form.new_participant.value == form.new_role.value == ""
    assert "Ravi Menon" in [
        by_label(r, "Name").value for r in rows_with(form.participant_rows, "Name")
    ]


def test_an_empty_participant_is_refused(form: start.StartForm, workshop_path: Path):
    form.new_participant.value = "   "
    with refused(form, workshop_path, "Not saved · new participant: name cannot be empty"):
        form.add()


def test_undo_button_puts_fields_back(form: start.StartForm, workshop_path: Path):
    team = by_label(form.widget, "Team", widgets.Text)
    team.value = "Temporary"
    form.form.undo_button.click()
    assert team.value == "Claims and Customer Operations leadership"
    assert saved(workshop_path)["meta"]["team"] == team.value


def test_agenda_minutes_move_the_clock(form: start.StartForm, workshop_path: Path):
    minutes = sum(item.minutes for item in form.session.workshop.meta.agenda)
    first_minutes(form, workshop_path).value = 25
    html = shown(form.widget)
    # The first item now runs 09:00–09:25 and the day grows by 15 minutes.
    longer = minutes + 15
    assert "09:00–09:25" in html
    assert f"Total: {longer // 60} h {longer % 60} min" in html
    assert f"ending at {9 + longer // 60}:{longer % 60:02d}" in html


def test_a_leader_alone_can_take_the_self_paced_agenda(
    form: start.StartForm, workshop_path: Path
) -> None:
    """The self-paced path was in the notebook's text alone: a leader working alone kept the
    room's 3-hour agenda with its break and "Who is in the room". A button beside the
    suggested agenda takes the self-paced one, and the other takes the room's back."""
    buttons = {b.description: b for b in all_widgets(form.widget) if isinstance(b, widgets.Button)}
    buttons["Use the self-paced agenda"].click()
    expected = registry.default_agenda(registry.SELF_PACED)
    agenda = saved(workshop_path)["meta"]["agenda"]
    assert [(i["title"], i["minutes"]) for i in agenda] == [(i.title, i.minutes) for i in expected]
    buttons["Use the suggested agenda"].click()
    assert len(saved(workshop_path)["meta"]["agenda"]) == len(registry.default_agenda())


def test_create_a_new_workshop_and_switch_to_it(form: start.StartForm):
    form.new_name.value = "Retail leadership Q1"
    form.create()
    created = home.workshops_home() / "Retail-leadership-Q1.json"
    assert created.is_file()
    assert form.session.path == created
    assert by_label(form.widget, "Team", widgets.Text).value == "Retail leadership Q1"
    assert home.current_workshop() == created.resolve()
    assert len(form.participant_rows.children) == 1  # the "no participants yet" note

    form.new_name.value = "Retail leadership Q1"
    press_enter(form.new_name)  # as Create does: a leader pressed Enter and nothing happened
    assert "already exists" in status_line(form)


def test_create_pressed_again_says_the_workshop_is_made(form: start.StartForm) -> None:
    """The box emptied by the first press made the second say "✗ Type a name for the new
    workshop first", in place of the success."""
    form.new_name.value = "Logistics leadership"
    form.create()
    form.create()
    assert "✓ Logistics-leadership.json is created and open" in status_line(form)
    assert "Type a name" not in status_line(form)
    form.session.switch(home.example_copy())  # another workshop open: the refusal as before
    form.create()
    assert "Type a name for the new workshop first" in status_line(form)


def test_a_team_name_too_long_for_a_new_workshop_is_said_and_nothing_made(
    form: start.StartForm, workshop_path: Path
) -> None:
    """Create seemed to do nothing: the model's refusal went unhandled in the button."""
    before = sorted(p.name for p in home.workshops_home().iterdir())
    form.new_name.value = "Claims " * 40
    form.create()
    assert "Not created · team: is too long (at most 200 characters)" in status_line(form)
    assert sorted(p.name for p in home.workshops_home().iterdir()) == before
    assert form.session.path == workshop_path


def test_the_next_quarter_starts_from_this_workshop(
    form: start.StartForm, workshop_path: Path
) -> None:
    """A facilitator back for the next quarter had to start a blank file, or change the
    quarter in this one, where last quarter's bet then read as the new quarter's."""
    before = workshop_path.read_bytes()
    last = store.load(workshop_path)
    form.next_date.value = dt.date(2027, 3, 10)
    form.next_button.click()
    said = status_line(form)
    # One line in the bar that stays in sight: seven there hid the fields checked next.
    assert f"Created and opened {form.session.path.name}" in said
    assert "It plans" not in said
    assert "Kept:" not in said
    under = html.unescape(form.next_said.value)
    assert f"It plans Q2 2027, from {workshop_path.name}." in under
    assert "Kept: " in under
    assert f"Left in {workshop_path.name}: " in under
    assert form.session.path != workshop_path
    assert form.session.path.parent == home.workshops_home()
    assert "Q2-2027" in form.session.path.name
    assert workshop_path.read_bytes() == before  # last quarter's file is left as it was
    new = store.load(form.session.path)
    assert new.initiatives == last.initiatives
    assert new.meta.date == dt.date(2027, 3, 10)
    assert by_label(form.widget, "Team", widgets.Text).value == last.meta.team


def test_the_day_offered_for_the_next_session_starts_the_next_quarter(
    form: start.StartForm, workshop_path: Path
) -> None:
    """ "Next session on" offered today: on the workshop's own day, the day that plans the
    same quarter again, which the button refuses. It offers the first day of the quarter
    this workshop plans (today, once that has begun), and follows the quarter planned."""
    from gaptools.core.quarter import planned_quarter

    last = store.load(workshop_path)
    start_of = planned_quarter(last.meta).start
    assert form.next_date.value == max(dt.date.today(), start_of)
    later = start_of.replace(year=start_of.year + 1)

    def plan_later(w: Workshop) -> None:
        w.meta.date = later - dt.timedelta(days=30)

    assert form.session.update(plan_later, "date").ok
    assert form.next_date.value == max(
        dt.date.today(), planned_quarter(form.session.workshop.meta).start
    )
    picked = form.next_date.value + dt.timedelta(days=40)
    form.next_date.value = picked
    assert form.session.update(lambda w: setattr(w.meta, "date", last.meta.date), "date").ok
    assert form.next_date.value == picked  # a day picked by hand is left as it is
    form.next_date.value = max(dt.date.today(), start_of)
    form.next_button.click()
    assert "Created and opened" in status_line(form)


def test_a_next_quarter_started_already_is_pointed_to(
    form: start.StartForm, workshop_path: Path
) -> None:
    """Pressed again from last quarter's file, the button said "…already exists; open it, or
    pick another name", where it has no name to pick."""
    form.next_date.value = dt.date(2027, 3, 10)
    form.next_button.click()
    made = form.session.path
    form.session.switch(workshop_path)
    before = sorted(p.name for p in home.workshops_home().iterdir())
    form.next_button.click()
    said = status_line(form)
    assert f"Not created · Q2 2027's workshop, {made.name}, is there already" in said
    assert "choose it in Open above" in said
    assert "pick another name" not in said
    assert sorted(p.name for p in home.workshops_home().iterdir()) == before


def test_the_open_menu_shows_what_tells_long_file_names_apart(
    form: start.StartForm, workshop_path: Path
) -> None:
    """Each quarter's file of a team read 'Claims-and-Customer-Operations-leadershi…' in the
    menu, cut before the 'Q2-2027' that tells them apart."""
    form.next_date.value = dt.date(2027, 3, 10)
    form.next_button.click()
    form.next_date.value = dt.date(2027, 6, 10)
    form.next_button.click()
    labels = [label for label, _ in form.files.options]
    quarters = [label for label in labels if "Q2-2027" in label or "Q3-2027" in label]
    assert len(quarters) == 2
    assert all(len(label) <= start.FILE_LABEL for label in labels)


def test_file_labels_keep_names_whole_that_would_read_alike() -> None:
    long = "A" * 30 + "{}" + "B" * 30 + ".json"
    names = [long.format("x"), long.format("y")]
    assert start.file_labels(names) == names  # cut, they would be one and the same
    assert start.file_labels(["short.json"]) == ["short.json"]


def test_a_next_session_in_the_same_quarter_is_refused_in_words(
    form: start.StartForm, workshop_path: Path
) -> None:
    before = sorted(p.name for p in home.workshops_home().iterdir())
    form.next_date.value = store.load(workshop_path).meta.date + dt.timedelta(days=1)
    form.next_button.click()
    assert "Not created · a session on" in status_line(form)
    assert form.session.path == workshop_path
    assert sorted(p.name for p in home.workshops_home().iterdir()) == before


def test_open_selected_switches_back(form: start.StartForm, workshop_path: Path):
    form.new_name.value = "Second"
    form.create()
    form.files.options = [("workshop.json", str(workshop_path))]
    form.files.value = str(workshop_path)
    form.open_selected()
    assert form.session.path == workshop_path
    assert (
        by_label(form.widget, "Team", widgets.Text).value
        == "Claims and Customer Operations leadership"
    )


def test_show_opens_the_example_copy_when_none_was_chosen(workshop_path: Path):
    widget = start.show()
    assert isinstance(widget, widgets.VBox)
    assert home.current_workshop().name == "example-workshop.json"


def test_agenda_items_move_and_go(form: start.StartForm, workshop_path: Path) -> None:
    agenda = saved(workshop_path)["meta"]["agenda"]
    second, third = agenda[1], agenda[2]
    form.move_agenda_item(third["id"], -1)
    moved = [i["id"] for i in saved(workshop_path)["meta"]["agenda"]]
    assert moved[1:3] == [third["id"], second["id"]]
    form.remove_agenda_item(second["id"])
    after = saved(workshop_path)["meta"]["agenda"]
    assert second["id"] not in [i["id"] for i in after]
    assert len(after) == len(agenda) - 1
    assert f"removed '{second['title']}' from the agenda" in status_line(form)


def test_each_agenda_button_names_the_item_it_moves_or_removes(
    form: start.StartForm, workshop_path: Path
) -> None:
    """A screen reader going down the agenda heard "Move up" on every line and not what
    would move; each arrow and bin now names its own item, by name and title alike, and
    follows a change of title saved elsewhere."""
    from gaptools.ui.kit import ICON_ONLY
    from tests.support import all_widgets

    def names() -> set[str]:
        buttons = [
            w
            for w in all_widgets(form.widget)
            if isinstance(w, widgets.Button) and ICON_ONLY in w._dom_classes
        ]
        assert all(b.description == b.tooltip for b in buttons)
        return {b.description for b in buttons}

    agenda = saved(workshop_path)["meta"]["agenda"]
    for item in agenda:
        title = f"'{item['title']}'"
        assert {f"Move {title} up", f"Move {title} down", f"Remove {title} from the agenda"} <= (
            names()
        )

    def retitle(workshop: Workshop) -> None:
        workshop.meta.agenda[1].title = "Coffee and the pilots"

    assert session_on(workshop_path).update(retitle, "retitle").ok
    form.session.poll()
    assert "Move 'Coffee and the pilots' up" in names()
    assert not any(f"'{agenda[1]['title']}'" in name for name in names())


def test_the_progress_lists_every_step_that_exists(form: start.StartForm) -> None:
    progress = view(form.widget, "00_start_here").value
    assert "gaptools-table" in progress
    for stage in registry.steps():
        assert f"href='{registry.notebook_url(stage)}'" in progress
    assert "11_rollup" not in progress


def test_a_new_workshop_passes_no_step_it_has_not_reached(tmp_path: Path) -> None:
    """With no initiative listed, steps 3 to 6 have nothing to check: they wait for step 1
    rather than showing "nothing missing", and step 1 asks for the initiatives."""
    path = tmp_path / "new.json"
    store.save(registry.new_workshop("Claims leadership"), path)
    table = view(start.build(session_on(path)).widget, "00_start_here").value
    lines = {int(step.split(" · ")[0]): note for step, note in table_rows(table)}
    assert lines[1] == "◌ no initiatives yet: list them in step 1"
    assert [n for n, note in lines.items() if "waits for the initiatives of step 1" in note] == [
        3,
        4,
        5,
    ]
    assert "capacity" in lines[6]  # a step that lacks something says so first
    # Step 10 lacks nothing of its own, but its canvas has no card yet: nothing is ticked.
    assert lines[10] == "◌ the canvas waits for a complete commitment card (step 7)"
    assert [n for n, note in lines.items() if "✓" in note] == []


def test_the_open_list_offers_only_workshops(form: start.StartForm) -> None:
    """Exports, backups, the team's word lists and the pointer to the open workshop sit in
    the same folder; only workshops are offered to open."""
    form.new_name.value = "Claims Q1"
    form.create()
    created = form.session.path
    folder = home.workshops_home()
    (folder / "Claims-Q1-export.json").write_bytes(created.read_bytes())
    (folder / "column_names.json").write_text('{"Initiative": "name"}', encoding="utf-8")
    (folder / "notes.json").write_text('{"agenda": "coffee first"}', encoding="utf-8")
    form.new_name.value = "Claims Q2"
    form.create()  # refreshes the list, as the person sees it after creating
    offered = [label for label, _ in form.files.options]
    assert sorted(offered) == ["Claims-Q1.json", "Claims-Q2.json"]
    assert form.files.value == str(form.session.path)


def test_create_from_the_example(form: start.StartForm) -> None:
    form.new_name.value = "Try it"
    form.from_example.value = True
    form.create()
    assert form.session.path.name == "Try-it.json"
    created, example = form.session.workshop, home.example_workshop()
    # The example's content, as a new workshop of its own (copies of it share its new id).
    assert created.meta.workshop_id not in ("", example.meta.workshop_id)
    created.meta.workshop_id = example.meta.workshop_id
    assert created == example


def test_leaders_copies_are_merged_from_an_upload(form: start.StartForm, workshop_path: Path):
    from gaptools.core.model import Lens, SuccessDefinition
    from gaptools.files import store

    copy = store.load(workshop_path)
    copy.success_definitions.append(
        SuccessDefinition(participant="New Leader", sentence="Fewer handoffs", lens=Lens.COST)
    )
    form.copies.value = uploaded("new-leader.json", store.dumps(copy).encode("utf-8"), JSON)
    form.merge_copies()
    assert "Added: 1 definition." in form.merge_report.value
    assert "New Leader" in {d["participant"] for d in saved(workshop_path)["success_definitions"]}
    form.form.undo_button.click()  # the merge is one change, undone as one
    assert "New Leader" not in {
        d["participant"] for d in saved(workshop_path)["success_definitions"]
    }


def test_a_copy_of_another_workshop_is_refused_in_words(form: start.StartForm, workshop_path: Path):
    from gaptools.files import store

    stranger = store.load(workshop_path)
    stranger.meta.workshop_id = "feedfacefeedface"
    before = workshop_path.read_bytes()
    form.copies.value = uploaded("stranger.json", store.dumps(stranger).encode("utf-8"), JSON)
    form.merge_copies()
    assert "stranger.json is not a copy of this workshop" in form.merge_report.value
    assert workshop_path.read_bytes() == before
    form.copies.value = uploaded("broken.json", b"{nope", JSON)
    form.merge_copies()
    assert "Nothing merged" in form.merge_report.value


def test_a_leader_opens_the_facilitators_shared_workshop_by_its_path(
    form: start.StartForm, tmp_path: Path
) -> None:
    """On a hub with one shared folder, each person's list offers only their own folder: a
    leader could reach the facilitator's workshop only by editing a notebook's code. Step 0
    now opens it by the path the facilitator's step 0 shows, for every notebook."""
    shared = tmp_path / "srv" / "team" / "fac" / "workshop.json"
    shared.parent.mkdir(parents=True)
    facilitators = store.load(form.session.path)
    facilitators.meta.team = "Shared team"
    store.save(facilitators, shared)
    form.shared.value = f"  '{shared}' "  # as pasted, quotes and all
    press_enter(form.shared)  # as the button does
    assert form.session.path == shared
    assert "every notebook of yours opens it now" in status_line(form)
    assert home.current_workshop() == shared.resolve()
    assert by_label(form.widget, "Team", widgets.Text).value == "Shared team"


@pytest.mark.parametrize(
    ("typed", "said"),
    [("", "Type the path"), ("/no/such/workshop.json", "Cannot open /no/such/workshop.json")],
)
def test_a_shared_path_that_cannot_be_opened_is_refused_in_words(
    form: start.StartForm, typed: str, said: str
) -> None:
    before = form.session.path
    form.shared.value = typed
    form.open_shared()
    assert said in status_line(form)
    assert form.session.path == before
