"""Step 0: the session's running order, its clock times, and what the set-up still lacks.

The suggested agenda of a new workshop is built by ``gaptools.steps.registry`` from the list of
steps, so it names exactly the steps that exist; this module works on whatever agenda the
workshop holds, including items the facilitator added, removed or moved.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from gaptools.core.model import AgendaItem, Meta, Workshop, name_key, position


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


def agenda_ends(meta: Meta) -> dt.time | None:
    """When the session ends by the agenda; None when there is no agenda."""
    slots = schedule(meta)
    return slots[-1].ends if slots else None


def duration_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def remove_agenda_item(meta: Meta, item_id: str) -> AgendaItem:
    """Take one item off the agenda (the later ones move up); returns it, for the message."""
    return meta.agenda.pop(position(meta.agenda, item_id))


def move_agenda_item(meta: Meta, item_id: str, by: int) -> None:
    """Move one item ``by`` places (negative: earlier), stopping at either end."""
    index = position(meta.agenda, item_id)
    item = meta.agenda.pop(index)
    meta.agenda.insert(max(0, min(len(meta.agenda), index + by)), item)


NO_PARTICIPANTS = "no participants: list the leaders in the room, or yourself if working alone"


def setup_gaps(workshop: Workshop) -> list[str]:
    """What the start step still lacks, in the words a facilitator would use."""
    meta = workshop.meta
    gaps = []
    if not meta.team:
        gaps.append("no team name: say whose workshop this is")
    if not meta.facilitator:
        gaps.append("no facilitator named")
    if not meta.participants:  # one is a leader working through the steps alone
        gaps.append(NO_PARTICIPANTS)
    return gaps


# A role written after a name: "Priya Shah (CUO)", "Tom Becker - COO", "Ana Ruiz, CFO"; a
# hyphen inside a name ("Anne-Marie") has no space around it.
_ROLE_AFTER = re.compile(r"\s*\([^()]*\)\s*$|\s+[-–—|/]\s.*$|\s*,\s.*$")


def as_listed(name: str, listed: Iterable[str]) -> str | None:
    """The participant ``name`` stands for, spelt as the list spells it: the same name in any
    case or spacing, the name with a role added after it, or a first name alone that only
    one listed leader has ('Marcus' for Marcus Lee); None when it is no listed leader's.
    A survey export and a phone in the room both meet names typed by hand."""
    by_key = {name_key(n): n for n in listed if n.strip()}
    candidates = (name, _ROLE_AFTER.sub("", name))
    for candidate in candidates:
        if name_key(candidate) in by_key:
            return by_key[name_key(candidate)]
    for candidate in candidates:
        if len(candidate.split()) == 1:
            key = name_key(candidate)
            first = [n for n in by_key.values() if name_key(n.split()[0]) == key]
            if len(first) == 1:
                return first[0]
    return None
