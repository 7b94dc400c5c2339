"""Which column is which: the usual names, the team's own list, and the person's choices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gaptools.core.errors import WorkshopError
from gaptools.core.model import Stage
from gaptools.core.resources import load_json
from gaptools.files import columns
from gaptools.files.columns import (
    BY_CHOICE,
    BY_LIST,
    BY_NAME,
    BY_TEAM_LIST,
    FIELDS,
    NoNameColumn,
    closest_fields,
    column_names,
    parse_mapping,
    plan_columns,
    remember,
    stage_for,
    stage_words,
)

SHIPPED = load_json(columns.COLUMN_NAMES)["fields"]
SHIPPED_STAGES = load_json(columns.STAGE_WORDS)["stages"]


def test_the_shipped_lists_cover_every_field_and_stage() -> None:
    assert set(SHIPPED) == set(FIELDS)
    assert set(SHIPPED_STAGES) == {s.value for s in Stage}


def test_no_header_or_word_means_two_things() -> None:
    """A name listed under two fields would be read as whichever came last: a silent guess."""
    for lists in (SHIPPED, SHIPPED_STAGES):
        seen: dict[str, str] = {}
        for target, words in lists.items():
            for word in words:
                key = columns.header_key(word)
                assert seen.setdefault(key, target) == target, (word, seen[key], target)


@pytest.mark.parametrize(
    ("field", "written"),
    [(field, word) for field, words in SHIPPED.items() for word in words],
)
def test_every_usual_name_is_read_in_any_case_or_punctuation(field: str, written: str) -> None:
    names = column_names()
    for variant in (written, written.upper(), f"  {written.title()}. ", written.replace(" ", "_")):
        plan = plan_columns([variant], names)
        assert plan.fields == {variant: field}, variant


@pytest.mark.parametrize(
    ("stage", "written"),
    [(stage, word) for stage, words in SHIPPED_STAGES.items() for word in words],
)
def test_every_usual_stage_word_is_read(stage: str, written: str) -> None:
    words = stage_words()
    assert stage_for(written, words) is Stage(stage)
    assert stage_for(written.upper().replace(" ", "-"), words) is Stage(stage)


def test_a_pmo_sheets_go_live_and_weeks_headers_and_work_in_flight() -> None:
    """As a PMO sheet tried out wrote them: weeks are "wks", and work under way is "in
    flight" or "WIP" (a pilot: running, not yet live). A go-live date is when the system
    ships, not when its metric must have moved: read as the value's date, it pre-filled step
    3's sentence from a delivery plan and gave a live system a value date in the past. It is
    kept as a note, beside the initiative, for step 3."""
    headers = ["Project", "Go-live target", "Est. effort (wks)", "Target date"]
    plan = plan_columns(headers, column_names())
    assert plan.fields == {
        "Project": "name",
        "Est. effort (wks)": "effort_weeks",
        "Target date": "due",
    }
    assert plan.notes == ["Go-live target"]
    # said in the words of the column menus, not the field's key ("'Go-live' as due")
    assert "'Target date' as target date of the value (a usual name)" in plan.lines()[0]
    for header in ("Go-live", "Go-live date", "Launch date", "Target launch"):
        assert plan_columns(["Project", header], column_names()).notes == [header]
    for written in ("In flight", "WIP"):
        assert stage_for(written, stage_words()) is Stage.PILOT


def test_how_each_column_was_read_is_said() -> None:
    plan = plan_columns(["Name", "Status", "Workstream"], column_names(), {"Workstream": "area"})
    assert plan.how == {"Name": BY_NAME, "Status": BY_LIST, "Workstream": BY_CHOICE}
    assert plan.lines() == [
        "Columns read: 'Name' as name, 'Status' as stage (a usual name), 'Workstream' as"
        " business area (your choice)."
    ]


def test_the_first_column_for_a_field_wins_and_the_second_is_kept_as_a_note() -> None:
    plan = plan_columns(["Owner", "Accountable"], column_names())
    assert plan.fields == {"Owner": "accountable"}
    assert plan.notes == ["Accountable"]
    assert plan.lines()[-2] == (
        "'Accountable' could also be the accountable owner, which 'Owner' already is; kept as"
        " a note."
    )


def test_a_choice_takes_the_field_from_a_usual_name() -> None:
    """--map "Workstream=name" on a sheet that also has a 'Project' column: the person's
    choice is the name; 'Project' is kept, and the report says why."""
    plan = plan_columns(["Project", "Workstream"], column_names(), {"workstream": "name"})
    assert plan.fields == {"Workstream": "name"}
    assert plan.notes == ["Project"]


def test_a_column_can_be_left_out_or_kept_as_a_note() -> None:
    plan = plan_columns(
        ["Name", "ID", "Status"], column_names(), {"ID": "ignore", "Status": "note"}
    )
    assert plan.ignored == ["ID"]
    assert plan.notes == ["Status"]
    assert "Left out: 'ID'." in plan.lines()


def test_parse_mapping_reads_what_people_type() -> None:
    assert parse_mapping(["Workstream=name", " Lead = accountable ", "a=b=Stage"]) == {
        "Workstream": "name",
        "Lead": "accountable",
        "a=b": "stage",
    }


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Workstream", 'write it as "HEADER=field"'),
        ("=name", 'write it as "HEADER=field"'),
        ("Workstream=nom", "'nom' is not a field; choose one of name, description"),
    ],
)
def test_parse_mapping_refuses_in_words(typed: str, said: str) -> None:
    with pytest.raises(WorkshopError, match=said):
        parse_mapping([typed])


def test_a_choice_for_a_header_the_sheet_lacks_lists_the_headers() -> None:
    with pytest.raises(WorkshopError) as refused:
        plan_columns(["Initiative", "Phase"], column_names(), {"Workstrem": "name"})
    assert refused.value.problems == [
        "--map \"Workstrem=name\": the sheet has no column 'Workstrem' (its columns:"
        " 'Initiative', 'Phase')"
    ]


def test_two_columns_chosen_for_one_field_are_refused() -> None:
    with pytest.raises(WorkshopError, match="more than one column is chosen as name"):
        plan_columns(["A", "B"], column_names(), {"A": "name", "B": "name"})


def test_closest_fields_are_hints_for_near_names() -> None:
    closest = closest_fields(["Initative", "Project title", "Risk log ref"], column_names())
    assert closest == {"Initative": "name", "Project title": "name", "Risk log ref": None}


def test_no_name_column_names_every_header_and_a_way_out() -> None:
    headers = ["Workstream", "Phase", "Lead"]
    plan = plan_columns(headers, column_names())
    error = NoNameColumn("p.csv", headers, plan, closest_fields(headers, column_names()))
    assert error.problems[:4] == [
        "p.csv: no column can be the initiatives' names; the columns found are:",
        "  'Workstream': not recognised",
        "  'Phase': read as stage",
        "  'Lead': read as accountable",
    ]
    assert '--map "Workstream=name"' in error.problems[4]
    assert error.example == "Workstream"


# -- the team's own lists ----------------------------------------------------------------------


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_teams_column_names_add_to_the_usual_ones(tmp_path: Path) -> None:
    write_json(tmp_path / "column_names.json", {"fields": {"name": ["Workstream"]}})
    plan = plan_columns(["Workstream", "Status"], column_names(tmp_path))
    assert plan.fields == {"Workstream": "name", "Status": "stage"}
    assert plan.how["Workstream"] == BY_TEAM_LIST


def test_a_teams_stage_words_add_to_the_usual_ones(tmp_path: Path) -> None:
    write_json(tmp_path / "stage_words.json", {"stages": {"pilot": ["Gate 2"]}})
    assert stage_for("gate 2", stage_words(tmp_path)) is Stage.PILOT
    assert stage_for("gate 2", stage_words()) is None


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{", "not valid JSON"),
        ('{"fields": []}', 'expected {"fields": {...}}'),
        ('{"fields": {"nme": ["x"]}}', "fields.nme: not one of"),
        ('{"fields": {"name": "Workstream"}}', "fields.name: expected a list of words"),
    ],
)
def test_a_mistake_in_the_teams_list_is_named(tmp_path: Path, content: str, said: str) -> None:
    (tmp_path / "column_names.json").write_text(content, encoding="utf-8")
    with pytest.raises(WorkshopError) as refused:
        column_names(tmp_path)
    assert said in refused.value.render()
    assert "column_names.json" in refused.value.render()


def test_remembered_choices_are_read_next_time(tmp_path: Path) -> None:
    remember(tmp_path, {"Workstream": "name", "Phase gate": "stage", "ID": "ignore"})
    remember(tmp_path, {"Workstream": "name"})
    saved = json.loads((tmp_path / "column_names.json").read_text(encoding="utf-8"))
    assert saved == {"fields": {"name": ["Workstream"], "stage": ["Phase gate"]}}
    plan = plan_columns(["Workstream", "Phase gate", "ID"], column_names(tmp_path))
    assert plan.fields == {"Workstream": "name", "Phase gate": "stage"}
    assert plan.notes == ["ID"]


def test_usual_names_are_not_remembered(tmp_path: Path) -> None:
    """Only what gaptools could not know is learnt; the team's file stays short."""
    remember(tmp_path, {"Workstream": "name", "Phase": "stage", "Lead": "accountable"})
    saved = json.loads((tmp_path / "column_names.json").read_text(encoding="utf-8"))
    assert saved == {"fields": {"name": ["Workstream"]}}


def test_a_usual_name_chosen_over_another_is_remembered_and_wins_next_time(
    tmp_path: Path,
) -> None:
    """A sheet with both 'Status' (On track, At risk…) and 'Phase' (PoC, BAU…): the person
    chose 'Phase' as the stage and was told it was remembered, but a usual name was never
    written down, so the next sheet took 'Status' again. A usual name chosen over another
    column that claims the same field is remembered, and the team's own name wins."""
    headers = ["Initiative", "Status", "Phase"]
    assert plan_columns(headers, column_names()).fields["Status"] == "stage"
    assert remember(tmp_path, {"Phase": "stage", "Status": "note"}, headers)
    plan = plan_columns(headers, column_names(tmp_path))
    assert plan.fields == {"Initiative": "name", "Phase": "stage"}
    assert plan.notes == ["Status"]
    assert not remember(tmp_path / "elsewhere", {"Phase": "stage"}, ["Initiative", "Phase"])


def test_notes_is_not_mistaken_for_units() -> None:
    assert closest_fields(["Notes"], column_names()) == {"Notes": None}


def test_a_choice_that_confirms_the_usual_reading_is_said_as_the_usual_reading() -> None:
    """The notebook's menus come preselected; keeping a preselection is not a choice."""
    plan = plan_columns(
        ["Workstream", "Phase"], column_names(), {"Workstream": "name", "Phase": "stage"}
    )
    assert plan.fields == {"Workstream": "name", "Phase": "stage"}
    assert plan.how == {"Workstream": BY_CHOICE, "Phase": BY_LIST}


def test_the_suggestion_gives_each_field_to_one_column_only() -> None:
    headers = ["Workstream", "Owner", "Lead", "Notes"]
    plan = plan_columns(headers, column_names())
    error = NoNameColumn("p.csv", headers, plan, closest_fields(headers, column_names()))
    assert error.suggestion() == {
        "Workstream": "note",
        "Owner": "accountable",
        "Lead": "note",
        "Notes": "note",
    }


@pytest.mark.parametrize(
    ("written", "stage"),
    [
        ("Scoping", "idea"),
        ("Ideation", "idea"),
        ("Approved", "idea"),
        ("UAT", "pilot"),
        ("Build", "pilot"),
        ("Delivered", "production"),
        ("Complete", "production"),
        ("De-prioritised", "stalled"),
        ("Live - hypercare", "production"),
        ("Pilot (extended)", "pilot"),
        ("In Flight – Phase 2", "pilot"),
        ("On hold: budget", "stalled"),
        ("Closed – benefits realised", "production"),  # was read as killed
        ("Closed - delivered", "production"),
        ("Closed (cancelled)", "killed"),
        ("Live - paused", "stalled"),
    ],
)
def test_the_stage_words_a_pmo_writes_are_read(written: str, stage: str) -> None:
    """Eleven of twelve stages of a PMO's tracker were 'not a word we know' ('Scoping',
    'UAT', 'Delivered', 'Live - hypercare'…), each left for the room to set by hand: the
    usual words cover them, and a known word qualified after it is read as that word, or as
    its qualifier where that is a stage word too ('Closed – benefits realised')."""
    assert stage_for(written, stage_words()) == Stage(stage)


def test_a_qualified_word_is_not_read_from_what_qualifies_it() -> None:
    assert stage_for("Phase 2 - live", stage_words()) is None
    assert stage_for("Gardening", stage_words()) is None
