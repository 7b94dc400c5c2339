"""The planned quarter: the one after the workshop, in the organisation's own fiscal calendar.

Expected values are worked out by hand in the comments: a fiscal year is named by the
calendar year in which it ends, and a January start gives plain calendar years.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gaptools.core.model import Meta, QuarterRef
from gaptools.core.quarter import (
    following,
    planned_quarter,
    quarter_choices,
    quarter_from_ref,
    quarter_of,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "fy_start", "fiscal_year", "number", "start", "end"),
    [
        # January start: calendar quarters, the fiscal year is the calendar year.
        (D(2026, 1, 1), 1, 2026, 1, D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 3, 31), 1, 2026, 1, D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 4, 1), 1, 2026, 2, D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 11, 18), 1, 2026, 4, D(2026, 10, 1), D(2026, 12, 31)),
        (D(2026, 12, 31), 1, 2026, 4, D(2026, 10, 1), D(2026, 12, 31)),
        # April start: FY2027 runs 1 Apr 2026 - 31 Mar 2027 (named for the year it ends).
        (D(2026, 4, 1), 4, 2027, 1, D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 5, 10), 4, 2027, 1, D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 11, 18), 4, 2027, 3, D(2026, 10, 1), D(2026, 12, 31)),
        (D(2027, 2, 15), 4, 2027, 4, D(2027, 1, 1), D(2027, 3, 31)),
        (D(2027, 3, 31), 4, 2027, 4, D(2027, 1, 1), D(2027, 3, 31)),
        # October start: FY2027 runs 1 Oct 2026 - 30 Sep 2027.
        (D(2026, 9, 30), 10, 2026, 4, D(2026, 7, 1), D(2026, 9, 30)),
        (D(2026, 10, 1), 10, 2027, 1, D(2026, 10, 1), D(2026, 12, 31)),
        (D(2026, 11, 18), 10, 2027, 1, D(2026, 10, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), 10, 2027, 2, D(2027, 1, 1), D(2027, 3, 31)),
        # February start: FY2027 runs 1 Feb 2026 - 31 Jan 2027; its Q4 spans New Year.
        (D(2027, 1, 15), 2, 2027, 4, D(2026, 11, 1), D(2027, 1, 31)),
        (D(2026, 12, 1), 2, 2027, 4, D(2026, 11, 1), D(2027, 1, 31)),
        # December start: FY2028 runs 1 Dec 2027 - 30 Nov 2028; Q1 ends on leap day.
        (D(2027, 12, 5), 12, 2028, 1, D(2027, 12, 1), D(2028, 2, 29)),
        (D(2028, 2, 29), 12, 2028, 1, D(2027, 12, 1), D(2028, 2, 29)),
    ],
)
def test_quarter_of(
    day: dt.date,
    fy_start: int,
    fiscal_year: int,
    number: int,
    start: dt.date,
    end: dt.date,
) -> None:
    """Every day belongs to exactly the fiscal quarter worked out by hand."""
    quarter = quarter_of(day, fy_start)
    assert (quarter.fiscal_year, quarter.number) == (fiscal_year, number)
    assert (quarter.start, quarter.end) == (start, end)
    assert quarter.start <= day <= quarter.end


@pytest.mark.parametrize("fy_start", range(1, 13))
def test_quarters_tile_the_calendar(fy_start: int) -> None:
    """Walking forward, each quarter starts the day after the previous one ends, 3 months long."""
    quarter = quarter_of(D(2025, 6, 15), fy_start)
    for _ in range(12):
        nxt = following(quarter, fy_start)
        assert nxt.start == quarter.end + dt.timedelta(days=1)
        assert nxt.start.day == 1
        months = (nxt.end.year - nxt.start.year) * 12 + nxt.end.month - nxt.start.month
        assert months == 2
        quarter = nxt


def test_following_crosses_the_fiscal_year() -> None:
    """After Q4 comes Q1 of the next fiscal year; negative steps go back."""
    q4 = quarter_of(D(2026, 11, 18), 1)  # Q4 2026
    q1 = following(q4, 1)
    assert (q1.fiscal_year, q1.number, q1.start) == (2027, 1, D(2027, 1, 1))
    back = following(q1, 1, steps=-2)  # Q1 2027 -> Q4 2026 -> Q3 2026
    assert (back.fiscal_year, back.number, back.start) == (2026, 3, D(2026, 7, 1))
    far = following(q4, 1, steps=5)  # Q4 2026 + 5 = Q1 2028
    assert (far.fiscal_year, far.number) == (2028, 1)


def test_following_in_an_april_year() -> None:
    """Q4 FY2027 (Jan-Mar 2027) is followed by Q1 FY2028 (Apr-Jun 2027)."""
    q4 = quarter_of(D(2027, 2, 15), 4)
    nxt = following(q4, 4)
    assert (nxt.fiscal_year, nxt.number) == (2028, 1)
    assert (nxt.start, nxt.end) == (D(2027, 4, 1), D(2027, 6, 30))


@pytest.mark.parametrize(
    ("day", "fy_start", "label", "start", "end"),
    [
        # 18 Nov 2026 is in Q4 2026, so the coming quarter is Q1 2027.
        (D(2026, 11, 18), 1, "Q1 2027", D(2027, 1, 1), D(2027, 3, 31)),
        # 31 Dec 2026 is still Q4 2026: the next day starts the planned quarter.
        (D(2026, 12, 31), 1, "Q1 2027", D(2027, 1, 1), D(2027, 3, 31)),
        # 1 Jan 2027 is Q1 2027 itself, so the plan is Q2 2027.
        (D(2027, 1, 1), 1, "Q2 2027", D(2027, 4, 1), D(2027, 6, 30)),
        # April start: 15 Feb 2027 is Q4 FY2027; the next is Q1 FY2028.
        (D(2027, 2, 15), 4, "Q1 FY2028", D(2027, 4, 1), D(2027, 6, 30)),
        # April start: 18 Nov 2026 is Q3 FY2027; the next is Q4 FY2027.
        (D(2026, 11, 18), 4, "Q4 FY2027", D(2027, 1, 1), D(2027, 3, 31)),
        # October start: 18 Nov 2026 is Q1 FY2027; the next is Q2 FY2027.
        (D(2026, 11, 18), 10, "Q2 FY2027", D(2027, 1, 1), D(2027, 3, 31)),
        # October start: 30 Sep 2026 is Q4 FY2026; the next is Q1 FY2027.
        (D(2026, 9, 30), 10, "Q1 FY2027", D(2026, 10, 1), D(2026, 12, 31)),
    ],
)
def test_planned_quarter_is_the_coming_one(
    day: dt.date, fy_start: int, label: str, start: dt.date, end: dt.date
) -> None:
    """By default the workshop plans the quarter after the one it is held in."""
    quarter = planned_quarter(Meta(date=day, fiscal_year_start_month=fy_start))
    assert quarter.label == label
    assert (quarter.start, quarter.end) == (start, end)


def test_planned_quarter_override_wins() -> None:
    """A facilitator may choose another quarter; April start Q3 FY2027 is Oct-Dec 2026."""
    meta = Meta(
        date=D(2026, 5, 1),
        fiscal_year_start_month=4,
        planned_quarter=QuarterRef(fiscal_year=2027, number=3),
    )
    quarter = planned_quarter(meta)
    assert quarter.label == "Q3 FY2027"
    assert (quarter.start, quarter.end) == (D(2026, 10, 1), D(2026, 12, 31))


def test_planned_quarter_override_in_calendar_years() -> None:
    meta = Meta(date=D(2026, 11, 18), planned_quarter=QuarterRef(fiscal_year=2027, number=2))
    quarter = planned_quarter(meta)
    assert quarter.label == "Q2 2027"
    assert quarter.start == D(2027, 4, 1)


def test_labels_distinguish_calendar_and_fiscal_years() -> None:
    """A January year is written plainly; any other start carries the FY prefix."""
    assert quarter_of(D(2027, 2, 15), 1).label == "Q1 2027"
    assert quarter_of(D(2027, 2, 15), 4).label == "Q4 FY2027"
    assert quarter_of(D(2027, 2, 15), 7).label == "Q3 FY2027"


def test_span_names_first_and_last_day() -> None:
    """Q1 2027 runs from 1 January to 31 March."""
    assert quarter_of(D(2027, 2, 15), 1).span == "1 Jan 2027 – 31 Mar 2027"


def test_quarter_choices_start_with_the_current_quarter() -> None:
    """The picker offers the current quarter and the next four, in order."""
    choices = quarter_choices(Meta(date=D(2026, 11, 18)))
    # Q4 2026, then Q1..Q4 2027.
    assert [q.label for q in choices] == ["Q4 2026", "Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027"]


def test_quarter_choices_in_an_october_year() -> None:
    # 30 Sep 2026 with an October start is Q4 FY2026; then Q1 and Q2 of FY2027.
    choices = quarter_choices(Meta(date=D(2026, 9, 30), fiscal_year_start_month=10), count=3)
    assert [q.label for q in choices] == ["Q4 FY2026", "Q1 FY2027", "Q2 FY2027"]
    assert choices[1].start == D(2026, 10, 1)


def test_default_planned_quarter_is_the_second_choice() -> None:
    """The default plan must be one of the offered choices: the one after the current."""
    meta = Meta(date=D(2027, 2, 15), fiscal_year_start_month=4)
    # Q4 FY2027 now, so the plan is Q1 FY2028 and it is offered second.
    assert quarter_choices(meta)[1].label == "Q1 FY2028"
    assert planned_quarter(meta).label == "Q1 FY2028"


def test_ref_round_trips_through_the_model() -> None:
    """A chosen quarter is stored as a reference and rebuilt to the same dates."""
    quarter = quarter_of(D(2026, 11, 18), 10)  # Q1 FY2027: Oct-Dec 2026
    ref = quarter.ref()
    assert (ref.fiscal_year, ref.number) == (2027, 1)
    rebuilt = quarter_from_ref(ref, 10)
    assert (rebuilt.start, rebuilt.end) == (D(2026, 10, 1), D(2026, 12, 31))
