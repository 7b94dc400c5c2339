"""Step 0: the clock times follow from the agenda, items can be removed and moved, and the
set-up says what it still lacks. (The suggested agenda comes from the step registry:
tests/steps/test_registry.py.)"""

from __future__ import annotations

import datetime as dt

import pytest

from gaptools.core.model import AgendaItem, Meta, Participant, QuarterRef, Workshop, as_listed
from gaptools.core.quarter import planned_quarter
from gaptools.steps.registry import default_agenda, new_workshop
from gaptools.steps.start import (
    agenda_ends,
    duration_text,
    move_agenda_item,
    quarter_gaps,
    remove_agenda_item,
    schedule,
    set_fiscal_year_start,
    setup_gaps,
    total_minutes,
)

DAY = dt.date(2026, 11, 18)


def three_items() -> Meta:
    return Meta(
        date=DAY,
        agenda=[
            AgendaItem(step="a", title="A", minutes=10),
            AgendaItem(step="b", title="B", minutes=20),
            AgendaItem(step="c", title="C", minutes=15),
        ],
    )


def test_schedule_gives_clock_times() -> None:
    """Items follow one another from the start time: 9:00-9:10, 9:10-9:30, 9:30-9:45."""
    meta = three_items()
    slots = schedule(meta)
    assert [(s.starts, s.ends) for s in slots] == [
        (dt.time(9, 0), dt.time(9, 10)),
        (dt.time(9, 10), dt.time(9, 30)),
        (dt.time(9, 30), dt.time(9, 45)),
    ]
    assert [s.item.step for s in slots] == ["a", "b", "c"]


def test_default_schedule_from_an_afternoon_start() -> None:
    """The agenda's minutes from 13:30 end that many minutes later."""
    meta = Meta(date=DAY, start_time=dt.time(13, 30), agenda=default_agenda())
    slots = schedule(meta)
    minutes = sum(item.minutes for item in meta.agenda)
    assert slots[0].starts == dt.time(13, 30)
    ends = dt.datetime.combine(DAY, dt.time(13, 30)) + dt.timedelta(minutes=minutes)
    assert slots[-1].ends == ends.time()
    for earlier, later in zip(slots, slots[1:], strict=False):
        assert earlier.ends == later.starts


def test_empty_agenda_has_no_slots() -> None:
    meta = Meta(date=DAY)
    assert schedule(meta) == []
    assert total_minutes(meta) == 0
    assert agenda_ends(meta) is None


def test_the_agenda_ends_when_its_last_slot_ends() -> None:
    """10 + 20 + 15 minutes from 9:00 end at 9:45, and the total says 45 minutes."""
    meta = three_items()
    assert agenda_ends(meta) == dt.time(9, 45) == schedule(meta)[-1].ends
    assert total_minutes(meta) == 45


def test_removing_an_item_moves_the_later_ones_up() -> None:
    meta = three_items()
    removed = remove_agenda_item(meta, meta.agenda[1].id)
    assert removed.step == "b"
    assert [item.step for item in meta.agenda] == ["a", "c"]
    assert [(s.starts, s.ends) for s in schedule(meta)] == [
        (dt.time(9, 0), dt.time(9, 10)),
        (dt.time(9, 10), dt.time(9, 25)),
    ]


def test_removing_an_item_removed_meanwhile_changes_nothing() -> None:
    meta = three_items()
    gone = remove_agenda_item(meta, meta.agenda[0].id)
    with pytest.raises(ValueError, match="removed meanwhile"):
        remove_agenda_item(meta, gone.id)
    assert [item.step for item in meta.agenda] == ["b", "c"]


@pytest.mark.parametrize(
    ("step", "by", "order"),
    [
        ("c", -1, ["a", "c", "b"]),
        ("a", 1, ["b", "a", "c"]),
        ("a", -1, ["a", "b", "c"]),  # already first
        ("c", 5, ["a", "b", "c"]),  # already last
        ("c", -2, ["c", "a", "b"]),
    ],
)
def test_moving_an_item(step: str, by: int, order: list[str]) -> None:
    meta = three_items()
    [item] = [i for i in meta.agenda if i.step == step]
    move_agenda_item(meta, item.id, by)
    assert [i.step for i in meta.agenda] == order


def test_an_agenda_item_is_found_by_id_not_position() -> None:
    """Someone else removed the first item; moving 'c' still moves 'c'."""
    meta = three_items()
    c = meta.agenda[2].id
    remove_agenda_item(meta, meta.agenda[0].id)
    move_agenda_item(meta, c, -1)
    assert [i.step for i in meta.agenda] == ["c", "b"]


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
    assert setup_gaps(example, DAY) == []


def test_empty_workshop_lists_every_setup_gap() -> None:
    gaps = setup_gaps(new_workshop(date=DAY), DAY)
    assert gaps == [
        "no team name: say whose workshop this is",
        "no facilitator named",
        "no participants: list the leaders in the room, or yourself if working alone",
    ]


def test_a_leader_working_alone_is_enough(example: Workshop) -> None:
    """A self-paced leader lists themselves: 'fewer than two participants' stayed missing on
    their workshop for good, with nothing they could do about it."""
    example.meta.participants = []
    assert setup_gaps(example, DAY) == [
        "no participants: list the leaders in the room, or yourself if working alone"
    ]
    example.meta.participants = [Participant(name="Dana Whitfield")]
    assert setup_gaps(example, DAY) == []


def test_a_planned_quarter_that_is_over_is_said_to_be(example: Workshop) -> None:
    """The example plans the coming quarter, Q1 2027 (Jan–Mar): nothing to say on its last
    day; from the next, the plan is for a quarter that is over."""
    assert quarter_gaps(example.meta, dt.date(2027, 3, 31)) == []
    assert quarter_gaps(example.meta, dt.date(2027, 4, 1)) == [
        "the quarter this workshop plans, Q1 2027 (1 Jan 2027 – 31 Mar 2027), ended on "
        "31 Mar 2027: for the next quarter, choose it in step 0, and its bet in step 7"
    ]
    assert quarter_gaps(example.meta, dt.date(2027, 4, 1))[0] in setup_gaps(
        example, dt.date(2027, 4, 1)
    )


def test_a_quarter_chosen_that_ended_before_the_workshop_is_said_to_be(example: Workshop) -> None:
    """Q3 2026 ended on 30 Sep, before the workshop of 18 Nov; Q4 2026, which holds the
    workshop, is a quarter a team may still plan."""
    example.meta.planned_quarter = QuarterRef(fiscal_year=2026, number=3)
    assert quarter_gaps(example.meta, DAY) == [
        "the quarter to plan, Q3 2026 (1 Jul 2026 – 30 Sep 2026), ended before the workshop "
        "date: choose the quarter again in step 0"
    ]
    example.meta.planned_quarter = QuarterRef(fiscal_year=2026, number=4)
    assert quarter_gaps(example.meta, DAY) == []


@pytest.mark.parametrize(
    ("month", "fiscal_year", "number"),
    [(1, 2027, 2), (4, 2028, 1), (7, 2027, 4), (10, 2027, 3), (2, 2028, 2), (5, 2028, 1)],
)
def test_a_new_fiscal_year_start_keeps_the_quarters_months(
    month: int, fiscal_year: int, number: int
) -> None:
    """Q2 2027 (1 Apr – 30 Jun 2027) under each first month. From April, July or October the
    quarters line up with it: the same months, named in the new year (a fiscal year is named
    by the year it ends in). From February or May they do not, and the quarter sharing two
    of its months is taken, May to July 2027: the second quarter of the year from February
    2027, the first of the year from May 2027. Back to January, it is Q2 2027 again."""
    meta = Meta(date=DAY, planned_quarter=QuarterRef(fiscal_year=2027, number=2))
    set_fiscal_year_start(meta, month)
    assert meta.fiscal_year_start_month == month
    assert meta.planned_quarter == QuarterRef(fiscal_year=fiscal_year, number=number)
    quarter = planned_quarter(meta)
    shared = {m for m in (4, 5, 6)} & {(quarter.start.month - 1 + k) % 12 + 1 for k in range(3)}
    assert len(shared) >= 2
    set_fiscal_year_start(meta, 1)
    assert meta.planned_quarter == QuarterRef(fiscal_year=2027, number=2)
    unchosen = Meta(date=DAY)
    set_fiscal_year_start(unchosen, month)
    assert unchosen.planned_quarter is None  # "the coming quarter" follows the new year


LEADERS = ["Dana Whitfield", "Marcus Lee", "Marcus Wu", "Priya Shah", "Tom Becker"]


@pytest.mark.parametrize(
    ("typed", "leader"),
    [
        ("dana  WHITFIELD ", "Dana Whitfield"),
        ("Priya Shah (CUO)", "Priya Shah"),
        ("Tom Becker - COO", "Tom Becker"),
        ("Priya, CUO", "Priya Shah"),
        ("Dana", "Dana Whitfield"),
        ("Marcus", None),  # two leaders are called Marcus
        ("Anne-Marie", None),
        ("Dana Whitfeld", None),
        ("", None),
    ],
)
def test_a_typed_name_is_read_as_the_listed_leader_it_stands_for(
    typed: str, leader: str | None
) -> None:
    assert as_listed(typed, LEADERS) == leader


# -- a participant renamed ---------------------------------------------------------------------


def test_a_leader_renamed_keeps_every_answer_they_gave(example: Workshop) -> None:
    """A typo corrected in step 0 ("Tom Okafor" to "Tomas Okafor") left the leader's
    definition, commitment, rating, gut check and ballot with nobody on the list, and the
    initiatives he sponsors and owns under the old spelling."""
    from gaptools.core.model import Ballot, GutCheck
    from gaptools.files import store
    from gaptools.steps.start import rename_participant

    workshop = example
    workshop.gut_checks = [GutCheck(participant="Tom Okafor", initiative="GenAI workbench")]
    workshop.voting.mode, workshop.voting.phase = "named", "revealed"
    workshop.voting.voted = ["Dana Whitfield", "Tom Okafor"]
    workshop.voting.ballots = [
        Ballot(voter="tom  okafor", dots={"GenAI workbench": 2}),
        Ballot(voter="Dana Whitfield", dots={"GenAI workbench": 1}),
    ]
    workshop.meta.facilitator = "Tom Okafor"
    workshop.initiatives[0].value.measured_by = "tom okafor"
    tom = next(p for p in workshop.meta.participants if p.name == "Tom Okafor")
    rename_participant(workshop, tom, "Tomas Okafor")
    assert workshop.meta.facilitator == "Tomas Okafor"
    assert workshop.initiatives[0].value.measured_by == "Tomas Okafor"
    workshop = store.revalidate(workshop)

    for names in (
        [d.participant for d in workshop.success_definitions],
        [c.leader for c in workshop.commitments],
        [r.rater for r in workshop.maturity.ratings],
    ):
        assert "Tomas Okafor" in names
        assert "Tom Okafor" not in names
    assert [g.participant for g in workshop.gut_checks] == ["Tomas Okafor"]
    assert [b.voter for b in workshop.voting.ballots] == ["Tomas Okafor", "Dana Whitfield"]
    assert workshop.voting.voted == ["Dana Whitfield", "Tomas Okafor"]
    # He sponsors two initiatives and answers for one: the owner's load counts him once.
    assert [i.sponsor for i in workshop.initiatives].count("Tomas Okafor") == 2
    assert [i.ownership.accountable for i in workshop.initiatives].count("Tomas Okafor") == 1
    assert "Tom Okafor" not in workshop.model_dump_json()


def test_a_leader_who_voted_anonymously_is_not_renamed_before_the_reveal(
    example: Workshop,
) -> None:
    from gaptools.steps.start import rename_participant

    voting = example.voting
    voting.mode, voting.phase, voting.box = "anonymous", "open", "b0x"
    voting.voted = ["Tom Okafor"]
    tom = next(p for p in example.meta.participants if p.name == "Tom Okafor")
    with pytest.raises(ValueError, match="rename them after the reveal"):
        rename_participant(example, tom, "Tomas Okafor")
    assert tom.name == "Tom Okafor"
    dana = next(p for p in example.meta.participants if p.name == "Dana Whitfield")
    rename_participant(example, dana, "Dana Whitfield-Ng")  # has not voted: free to rename
    assert dana.name == "Dana Whitfield-Ng"
    rename_participant(example, tom, "TOM  okafor")  # compared the same: the ballot is found
    assert voting.voted == ["TOM  okafor"]


def test_a_name_nearly_a_listed_leaders_is_named_as_a_likely_slip() -> None:
    from gaptools.files.home import example_workshop
    from gaptools.steps.start import misspelt_leader

    workshop = example_workshop()
    assert "did you mean Priya Raman?" in misspelt_leader(workshop, "Priya  Ramen")
    for fine in ("Priya Raman", "priya", "Zed Smith", "", "Marcus"):
        assert misspelt_leader(workshop, fine) == "", fine
