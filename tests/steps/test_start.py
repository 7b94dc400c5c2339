"""Step 0: the agenda adds up to the session, and the clock times follow from it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gaptools.core.model import AgendaItem, Meta, Participant, Workshop
from gaptools.core.resources import data_file
from gaptools.steps.start import (
    default_agenda,
    duration_text,
    new_workshop,
    schedule,
    setup_gaps,
    total_minutes,
)

DAY = dt.date(2026, 11, 18)


def agenda_file() -> dict[str, list[dict[str, object]]]:
    return json.loads(data_file("agenda.json").read_text(encoding="utf-8"))


def test_facilitated_agenda_is_three_hours() -> None:
    """The brief's facilitated session is 3 hours; the data file must add up to it."""
    raw = agenda_file()["facilitated"]
    assert sum(int(item["minutes"]) for item in raw) == 180
    agenda = default_agenda()
    assert [(a.step, a.title, a.minutes) for a in agenda] == [
        (i["step"], i["title"], i["minutes"]) for i in raw
    ]


def test_facilitated_agenda_covers_every_step_in_order() -> None:
    """Each numbered notebook has a time-box, in workshop order."""
    steps = [a.step for a in default_agenda() if a.step != "break"]
    assert steps == [
        "00_start_here",
        "01_portfolio",
        "02_contested_value",
        "03_define_value",
        "04_ownership",
        "05_readiness_governance",
        "06_prioritise",
        "07_single_bet",
        "08_lead_the_change",
        "09_learning_velocity",
        "10_export",
    ]


def test_self_paced_agenda_matches_its_data() -> None:
    raw = agenda_file()["self_paced"]
    assert [a.minutes for a in default_agenda("self_paced")] == [i["minutes"] for i in raw]


def test_unknown_agenda_kind_is_refused() -> None:
    with pytest.raises(KeyError):
        default_agenda("weekend_retreat")


def test_new_workshop() -> None:
    """A new workshop carries the team, the date and the 3-hour agenda, and nothing else."""
    workshop = new_workshop(team="Claims", date=DAY)
    assert workshop.meta.team == "Claims"
    assert workshop.meta.date == DAY
    assert total_minutes(workshop.meta) == 180
    assert workshop.initiatives == []


def test_new_workshop_defaults_to_today() -> None:
    before = dt.date.today()
    workshop = new_workshop()
    assert before <= workshop.meta.date <= dt.date.today()


def test_schedule_gives_clock_times() -> None:
    """Items follow one another from the start time: 9:00-9:10, 9:10-9:30, 9:30-9:45."""
    meta = Meta(
        date=DAY,
        agenda=[
            AgendaItem(step="a", title="A", minutes=10),
            AgendaItem(step="b", title="B", minutes=20),
            AgendaItem(step="c", title="C", minutes=15),
        ],
    )
    slots = schedule(meta)
    assert [(s.starts, s.ends) for s in slots] == [
        (dt.time(9, 0), dt.time(9, 10)),
        (dt.time(9, 10), dt.time(9, 30)),
        (dt.time(9, 30), dt.time(9, 45)),
    ]
    assert [s.item.step for s in slots] == ["a", "b", "c"]


def test_default_schedule_from_an_afternoon_start() -> None:
    """180 minutes from 13:30 ends at 16:30."""
    meta = Meta(date=DAY, start_time=dt.time(13, 30), agenda=default_agenda())
    slots = schedule(meta)
    assert slots[0].starts == dt.time(13, 30)
    assert slots[-1].ends == dt.time(16, 30)
    for earlier, later in zip(slots, slots[1:], strict=False):
        assert earlier.ends == later.starts


def test_empty_agenda_has_no_slots() -> None:
    meta = Meta(date=DAY)
    assert schedule(meta) == []
    assert total_minutes(meta) == 0


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 min"),
        (45, "45 min"),
        (60, "1 h"),
        (65, "1 h 05 min"),
        (75, "1 h 15 min"),
        (180, "3 h"),
        (195, "3 h 15 min"),
    ],
)
def test_duration_text(minutes: int, text: str) -> None:
    assert duration_text(minutes) == text


def test_example_has_no_setup_gaps(example: Workshop) -> None:
    """The example names its team, facilitator, eight leaders and sixteen initiatives."""
    assert setup_gaps(example) == []


def test_empty_workshop_lists_every_setup_gap() -> None:
    gaps = setup_gaps(new_workshop(date=DAY))
    assert gaps == [
        "no team name: say whose workshop this is",
        "no facilitator named",
        "fewer than two participants: list the leaders in the room",
        "no initiatives yet: list them in step 1",
    ]


def test_one_participant_is_too_few(example: Workshop) -> None:
    example.meta.participants = [Participant(name="Dana Whitfield")]
    assert setup_gaps(example) == ["fewer than two participants: list the leaders in the room"]
    example.meta.participants.append(Participant(name="Priya Raman"))
    assert setup_gaps(example) == []
