"""Which quarter the workshop plans: by default the one after the workshop date.

Fiscal years are named by the calendar year in which they end (a year starting in April
2026 is FY2027), the most common convention; a January start gives plain calendar years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from gaptools.core.model import Meta, QuarterRef

MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]


@dataclass(frozen=True)
class Quarter:
    fiscal_year: int
    number: int
    start: dt.date
    end: dt.date
    calendar_aligned: bool

    @property
    def label(self) -> str:
        year = str(self.fiscal_year) if self.calendar_aligned else f"FY{self.fiscal_year}"
        return f"Q{self.number} {year}"

    @property
    def span(self) -> str:
        return f"{day_text(self.start)} – {day_text(self.end)}"

    def ref(self) -> QuarterRef:
        return QuarterRef(fiscal_year=self.fiscal_year, number=self.number)


def quarter_of(day: dt.date, fy_start_month: int = 1) -> Quarter:
    """The fiscal quarter that contains ``day``."""
    months_in = (day.month - fy_start_month) % 12
    number = months_in // 3 + 1
    fy_start_year = day.year if day.month >= fy_start_month else day.year - 1
    fiscal_year = fy_start_year + (1 if fy_start_month > 1 else 0)
    return _build(fiscal_year, number, fy_start_month)


def quarter_from_ref(ref: QuarterRef, fy_start_month: int = 1) -> Quarter:
    return _build(ref.fiscal_year, ref.number, fy_start_month)


def following(quarter: Quarter, fy_start_month: int, steps: int = 1) -> Quarter:
    """The quarter ``steps`` after ``quarter`` (negative steps go back)."""
    index = quarter.fiscal_year * 4 + (quarter.number - 1) + steps
    return _build(index // 4, index % 4 + 1, fy_start_month)


def planned_quarter(meta: Meta) -> Quarter:
    """The quarter the workshop commits to: the one chosen, else the coming one."""
    if meta.planned_quarter is not None:
        return quarter_from_ref(meta.planned_quarter, meta.fiscal_year_start_month)
    current = quarter_of(meta.date, meta.fiscal_year_start_month)
    return following(current, meta.fiscal_year_start_month)


def quarter_choices(meta: Meta, count: int = 5) -> list[Quarter]:
    """The quarters a facilitator may sensibly plan: the current one and the next few."""
    current = quarter_of(meta.date, meta.fiscal_year_start_month)
    return [following(current, meta.fiscal_year_start_month, k) for k in range(count)]


def _build(fiscal_year: int, number: int, fy_start_month: int) -> Quarter:
    fy_start_year = fiscal_year - (1 if fy_start_month > 1 else 0)
    first_month_index = (fy_start_month - 1) + (number - 1) * 3
    start = dt.date(fy_start_year + first_month_index // 12, first_month_index % 12 + 1, 1)
    after_index = first_month_index + 3
    after = dt.date(fy_start_year + after_index // 12, after_index % 12 + 1, 1)
    return Quarter(
        fiscal_year=fiscal_year,
        number=number,
        start=start,
        end=after - dt.timedelta(days=1),
        calendar_aligned=fy_start_month == 1,
    )


@lru_cache(maxsize=1024)
def day_text(day: dt.date) -> str:
    """A date as people write it on a card: 31 Mar 2027. Kept for the days met most (a large
    report writes thousands of dates, most of them the same few debriefs and ends)."""
    return f"{day.day} {day.strftime('%b %Y')}"
