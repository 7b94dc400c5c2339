"""Step 0: a new workshop, its agenda and the running order of the session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gaptools.core.model import AgendaItem, Meta, Workshop
from gaptools.core.resources import load_json


def default_agenda(kind: str = "facilitated") -> list[AgendaItem]:
    """The suggested running order: a 3-hour facilitated session or a self-paced path."""
    return [AgendaItem.model_validate(item) for item in load_json("agenda.json")[kind]]


def new_workshop(team: str = "", date: dt.date | None = None) -> Workshop:
    """An empty workshop dated today with the facilitated agenda, ready to fill in."""
    meta = Meta(team=team, date=date or dt.date.today(), agenda=default_agenda())
    return Workshop(meta=meta)


@dataclass(frozen=True)
class Slot:
    item: AgendaItem
    starts: dt.time
    ends: dt.time


def schedule(meta: Meta) -> list[Slot]:
    """Clock times for each agenda item, from the session's start time."""
    clock = dt.datetime.combine(meta.date, meta.start_time)
    slots = []
    for item in meta.agenda:
        ends = clock + dt.timedelta(minutes=item.minutes)
        slots.append(Slot(item=item, starts=clock.time(), ends=ends.time()))
        clock = ends
    return slots


def total_minutes(meta: Meta) -> int:
    return sum(item.minutes for item in meta.agenda)


def duration_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def setup_gaps(workshop: Workshop) -> list[str]:
    """What the start step still lacks, in the words a facilitator would use."""
    meta = workshop.meta
    gaps = []
    if not meta.team:
        gaps.append("no team name: say whose workshop this is")
    if not meta.facilitator:
        gaps.append("no facilitator named")
    if len(meta.participants) < 2:
        gaps.append("fewer than two participants: list the leaders in the room")
    if not workshop.initiatives:
        gaps.append("no initiatives yet: list them in step 1")
    return gaps
