"""Step 0: the session's running order, its clock times, and what the set-up still lacks.

The suggested agenda of a new workshop is built by ``gaptools.steps.registry`` from the list of
steps, so it names exactly the steps that exist; this module works on whatever agenda the
workshop holds, including items the facilitator added, removed or moved.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from gaptools.core.model import (
    AgendaItem,
    Meta,
    Participant,
    Workshop,
    as_listed,
    name_key,
    position,
    renaming,
)
from gaptools.core.quarter import day_text, planned_quarter, quarter_from_ref, quarter_of


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


def setup_gaps(workshop: Workshop, as_of: dt.date | None = None) -> list[str]:
    """What the start step still lacks, in the words a facilitator would use; ``as_of`` is
    "now" (today unless given), for a quarter that is over."""
    meta = workshop.meta
    gaps = []
    if not meta.team:
        gaps.append("no team name: say whose workshop this is")
    if not meta.facilitator:
        gaps.append("no facilitator named")
    if not meta.participants:  # one is a leader working through the steps alone
        gaps.append(NO_PARTICIPANTS)
    return gaps + quarter_gaps(meta, as_of or dt.date.today())


def quarter_gaps(meta: Meta, as_of: dt.date) -> list[str]:
    """A planned quarter that is already over: before the workshop (a quarter chosen by hand,
    or the date moved since), or by now, when the file is opened again months on and still
    reads as this quarter's plan."""
    quarter = planned_quarter(meta)
    named = f"{quarter.label} ({quarter.span})"
    if quarter.end < meta.date:
        return [
            f"the quarter to plan, {named}, ended before the workshop date: "
            "choose the quarter again in step 0"
        ]
    if quarter.end < as_of:
        return [
            f"the quarter this workshop plans, {named}, ended on {day_text(quarter.end)}: "
            "for the next quarter, choose it in step 0, and its bet in step 7"
        ]
    return []


def set_fiscal_year_start(meta: Meta, month: int) -> None:
    """A new first month of the fiscal year, keeping the months of the quarter already chosen
    to plan: a chosen quarter is kept as a fiscal year and a number, which under another first
    month would name other months, even ones already past. Where the new quarters fall
    across the old one (a first month not three apart), the one sharing two of its months:
    the quarter holding its second month. Changed back, the first month finds the same
    quarter again."""
    chosen = meta.planned_quarter
    if chosen is not None:
        months = quarter_from_ref(chosen, meta.fiscal_year_start_month)
        second = (months.start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        meta.planned_quarter = quarter_of(second, month).ref()
    meta.fiscal_year_start_month = month


def rename_participant(workshop: Workshop, participant: Participant, new: str) -> None:
    """A new name for a leader, followed wherever the workshop names them: their definition
    of success, gut check, named ballot and place on the list of who has voted, named
    maturity rating and commitment, and where the workshop, an initiative, its value, a risk
    or the bet's decision names them as facilitator, sponsor, accountable owner, who
    measures, risk owner or decider. Those name the leader as the list spelt them, so a
    typo corrected here would otherwise leave each of them with nobody on the list, and
    the owner's load split between two spellings.

    While an anonymous vote is open, a leader who has voted is not renamed: their ballot
    waits, unread, at the facilitator's screen under the name they voted as."""
    old = name_key(participant.name)
    voting = workshop.voting
    if (
        name_key(new) != old  # the held ballot is filed by the name as compared: still found
        and voting.mode == "anonymous"
        and voting.phase == "open"
        and any(name_key(v) == old for v in voting.voted)
    ):
        raise ValueError(
            f"{participant.name} has voted in the anonymous vote that is open, and the ballot "
            "waits at the facilitator's screen under that name: rename them after the reveal"
        )
    follow_participant(workshop, participant.name, new)
    participant.name = new


def follow_participant(workshop: Workshop, old_name: str, new: str) -> None:
    """Everything that names the leader ``old_name`` names them ``new`` (``rename_participant``;
    a merge does it to a leader's copy made before a rename, so both name one person)."""
    follow = renaming(old_name, new)
    voting = workshop.voting
    workshop.meta.facilitator = follow(workshop.meta.facilitator)
    for definition in workshop.success_definitions:
        definition.participant = follow(definition.participant)
    for check in workshop.gut_checks:
        check.participant = follow(check.participant)
    for ballot in voting.ballots:
        ballot.voter = follow(ballot.voter)
    voting.voted = sorted((follow(v) for v in voting.voted), key=str.casefold)
    for rating in workshop.maturity.ratings:
        rating.rater = follow(rating.rater)
    for commitment in workshop.commitments:
        commitment.leader = follow(commitment.leader)
    for initiative in workshop.initiatives:
        initiative.sponsor = follow(initiative.sponsor)
        initiative.ownership.accountable = follow(initiative.ownership.accountable)
        initiative.value.measured_by = follow(initiative.value.measured_by)
        for risk in initiative.readiness.risks:
            risk.owner = follow(risk.owner)
    workshop.bet.decided_by = follow(workshop.bet.decided_by)


def working_alone(meta: Meta) -> bool:
    """One leader listed: how a leader works through the steps alone (the README asks them to
    list themselves as the one participant). Steps 7 and 8 and the canvas then speak to that
    one person, not to a room."""
    return len(meta.participants) == 1


def only_leader(meta: Meta) -> str:
    """The one leader listed, whom a form asking "which leader?" starts from when the leader
    works alone (it started empty, for a name typed by hand); "" with several, or none."""
    return meta.participants[0].name if working_alone(meta) else ""


def misspelt_leader(workshop: Workshop, name: str) -> str:
    """What to say of a leader's name saved as typed that is not on the list but nearly is
    one listed leader's ("Helen Brant" for Helen Brandt): it counted as another person, a
    definition from nobody listed while "Not heard from yet" still named her. "" otherwise."""
    listed = [p.name for p in workshop.meta.participants]
    if not name.strip() or as_listed(name, listed) is not None:
        return ""
    close = nearly_listed(name, listed)
    if close is None:
        return ""
    return (
        f"'{' '.join(name.split())}' is not on the list of leaders (step 0): did you mean "
        f"{close}? As typed, it counts as someone else"
    )


def nearly_listed(name: str, listed: Sequence[str]) -> str | None:
    """The one listed name ``name`` is nearly, as a typo makes it ("Priya Ramen")."""
    keys = {name_key(n): n for n in listed}
    close = difflib.get_close_matches(name_key(name), list(keys), n=1, cutoff=0.8)
    return keys[close[0]] if close else None
