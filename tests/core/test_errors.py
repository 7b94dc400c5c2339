"""Problems read as 'field: what is wrong', in words a facilitator can act on."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from gaptools.core.errors import WorkshopError, field_path, validation_problems
from gaptools.core.model import Workshop
from tests.support import shipped


@pytest.fixture
def raw() -> dict[str, Any]:
    """The example as plain JSON data, to break in one place at a time."""
    return shipped()


def problems_for(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        Workshop.model_validate(data)
    return validation_problems(caught.value.errors())


@pytest.mark.parametrize(
    ("loc", "text"),
    [
        (("meta", "participants", 2, "name"), "meta.participants[2].name"),
        (("meta", "date"), "meta.date"),
        (("initiatives", 0), "initiatives[0]"),
        ((0, "name"), "[0].name"),
        (("settings",), "settings"),
        ((), "(whole file)"),
    ],
)
def test_field_path(loc: tuple[Any, ...], text: str) -> None:
    """Locations read like the paths people see in a JSON editor."""
    assert field_path(loc) == text


def test_bad_date_is_named_with_the_format_to_use(raw: dict[str, Any]) -> None:
    raw["meta"]["date"] = "18/11/2026"
    assert problems_for(raw) == ["meta.date: is not a date; write it as YYYY-MM-DD"]


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        # The year read is said: a date box saves "202" as the year is typed, and shows the
        # date in the browser's order, so "(YYYY-MM-DD)" told the person nothing they typed.
        (
            "0003-06-30",
            "is before 1900-01-01 (the year read as 3): write the year in full, with its four "
            "figures",
        ),
        (
            "0202-01-08",
            "is before 1900-01-01 (the year read as 202): write the year in full, with its "
            "four figures",
        ),
        ("2927-01-08", "is after 2100-12-31: check the year"),
    ],
)
def test_a_date_in_a_year_nobody_meant_is_refused(
    raw: dict[str, Any], day: str, problem: str
) -> None:
    """A year typed in part (a date box saves every date it can make as one is typed) or a
    digit too many: never a plan, and the charts' time axes cannot draw year 3."""
    raw["initiatives"][0]["value"]["due"] = day
    raw["initiatives"][2]["cycles"][0]["kill_by"] = day
    assert problems_for(raw) == [
        f"initiatives[0].value.due: {problem}",
        f"initiatives[2].cycles[0].kill_by: {problem}",
    ]


def test_the_first_and_last_dates_the_model_keeps(raw: dict[str, Any]) -> None:
    from gaptools.core.model import EARLIEST_DAY, LATEST_DAY

    for day in (EARLIEST_DAY, LATEST_DAY):
        raw["meta"]["date"] = day.isoformat()
        assert Workshop.model_validate(raw).meta.date == day


def test_missing_field(raw: dict[str, Any]) -> None:
    del raw["meta"]["date"]
    assert problems_for(raw) == ["meta.date: is required but missing"]


def test_unknown_field(raw: dict[str, Any]) -> None:
    raw["initiatives"][2]["colour"] = "red"
    assert problems_for(raw) == ["initiatives[2].colour: is not a known field (check the spelling)"]


def test_negative_effort_says_the_bound(raw: dict[str, Any]) -> None:
    raw["initiatives"][1]["effort_weeks"] = -3
    (problem,) = problems_for(raw)
    # The bound of a decimal field may be printed as 0 or 0.0; either reads fine.
    assert re.fullmatch(r"initiatives\[1\]\.effort_weeks: must be at least 0(\.0)?", problem)


def test_text_too_long_says_the_limit(raw: dict[str, Any]) -> None:
    raw["meta"]["team"] = "t" * 201
    assert problems_for(raw) == ["meta.team: is too long (at most 200 characters)"]


def test_empty_name(raw: dict[str, Any]) -> None:
    raw["meta"]["participants"][3]["name"] = "  "
    assert problems_for(raw) == ["meta.participants[3].name: cannot be empty"]


def test_not_a_number(raw: dict[str, Any]) -> None:
    raw["initiatives"][0]["value"]["baseline"] = "eighteen"
    assert problems_for(raw) == ["initiatives[0].value.baseline: must be a number"]


def test_not_a_whole_number(raw: dict[str, Any]) -> None:
    raw["settings"]["purgatory_weeks"] = "twelve"
    assert problems_for(raw) == ["settings.purgatory_weeks: must be a whole number"]


def test_unknown_enum_code_lists_the_choices(raw: dict[str, Any]) -> None:
    raw["initiatives"][0]["stage"] = "zombie"
    (problem,) = problems_for(raw)
    assert problem.startswith("initiatives[0].stage: must be one of: ")
    for code in ("idea", "pilot", "production", "stalled", "killed"):
        assert code in problem


def test_duplicate_initiatives_message_has_no_pydantic_prefix(raw: dict[str, Any]) -> None:
    """The 'Value error, ' prefix is pydantic's jargon and must not reach people."""
    raw["initiatives"][1]["name"] = "CLAIMS intake copilot"
    (problem,) = problems_for(raw)
    assert "Value error" not in problem
    assert "two initiatives are called 'CLAIMS intake copilot'" in problem


def test_several_problems_give_one_line_each(raw: dict[str, Any]) -> None:
    raw["meta"]["date"] = "soon"
    raw["initiatives"][0]["effort_weeks"] = "lots"
    problems = problems_for(raw)
    assert len(problems) == 2
    assert {p.split(":")[0] for p in problems} == {"meta.date", "initiatives[0].effort_weeks"}


def test_workshop_error_renders_one_line_per_problem_with_the_file() -> None:
    error = WorkshopError(["meta.date: is required but missing", "bet: odd"], Path("w.json"))
    assert error.render() == "w.json: meta.date: is required but missing\nw.json: bet: odd"
    assert str(error) == error.render()


def test_workshop_error_accepts_a_single_problem_without_a_file() -> None:
    error = WorkshopError("the file is empty")
    assert error.problems == ["the file is empty"]
    assert error.path is None
    assert error.render() == "the file is empty"


def test_problems_do_not_mutate_the_input(raw: dict[str, Any]) -> None:
    """Reporting problems must never change the data that was checked."""
    raw["meta"]["date"] = "soon"
    before = copy.deepcopy(raw)
    problems_for(raw)
    assert raw == before


def test_a_hidden_character_is_named_and_the_text_never_quoted(raw: dict[str, Any]) -> None:
    """The rule is a pattern checked in pydantic's compiled validator; its refusal reads as
    the character found, in the words ``text.refuse_hidden_characters`` uses."""
    raw["meta"]["team"] = "  Secret plan\x1b[2J  "
    (problem,) = problems_for(raw)
    assert problem.startswith("meta.team: contains a control character (ESC, U+001B)")
    assert "Secret" not in problem
    assert "pattern" not in problem


def test_another_pattern_keeps_its_own_message(raw: dict[str, Any]) -> None:
    raw["initiatives"][0]["id"] = "not an id!"
    (problem,) = problems_for(raw)
    assert problem.startswith("initiatives[0].id: ")
    assert "hidden" not in problem
    assert "control character" not in problem


def test_an_entry_written_as_text_names_the_fields_it_takes() -> None:
    """ "explore_next": ["Ask legal"] was refused as "input should be a valid dictionary or
    instance of ExploreItem": a class of the code, and no word of what to write."""
    import json

    from gaptools.core.model import ExploreItem
    from gaptools.files import store
    from gaptools.files.home import example_workshop

    data = json.loads(example_workshop().model_dump_json())
    data["bet"]["explore_next"] = ["Ask legal"]
    with pytest.raises(WorkshopError) as refused:
        store.parse(json.dumps(data).encode())
    [problem] = refused.value.problems
    assert problem.startswith("bet.explore_next[0]: must be an entry written {")
    fields = [name for name in ExploreItem.model_fields if name != "id"]
    assert all(f'"{name}": …' in problem for name in fields)
    assert "ExploreItem" not in problem
    assert "(found 'Ask legal')" in problem
