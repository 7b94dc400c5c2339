"""Step 7: the commitment card for the single bet, and what it still lacks."""

from __future__ import annotations

import datetime as dt

from gaptools.model import Workshop, name_key
from gaptools.value import value_gaps

MAX_FIRST_CYCLE = dt.timedelta(weeks=6)


def bet_name(workshop: Workshop) -> str | None:
    """The chosen initiative's name as written in the portfolio, or None."""
    chosen = workshop.bet.initiative
    if not chosen or workshop.bet.no_bet_yet:
        return None
    initiative = workshop.initiative(chosen)
    return initiative.name if initiative else chosen


def card_gaps(workshop: Workshop) -> list[str]:
    """Everything the commitment card needs before it counts as complete."""
    bet = workshop.bet
    if bet.no_bet_yet:
        return []
    if not bet.initiative:
        return ["no bet chosen yet (step 7)"]
    initiative = workshop.initiative(bet.initiative)
    if initiative is None:
        return [f"the bet '{bet.initiative}' is not in the portfolio"]
    gaps = [f"bet value: {gap}" for gap in value_gaps(initiative.value, workshop.meta.date)]
    if not initiative.ownership.accountable:
        gaps.append("no named accountable owner for the bet")
    gaps.extend(_cycle_gaps(workshop))
    if not bet.debrief_dates:
        gaps.append("no debrief dates")
    if not bet.kill_criteria:
        gaps.append("no kill criteria: say what result by what date makes the team stop")
    others = [s for s in bet.stopped if name_key(s) != name_key(bet.initiative)]
    if not others:
        gaps.append("nothing stopped or paused to free capacity")
    if not bet.readiness_gaps:
        gaps.append("no readiness gaps listed to close this quarter")
    return gaps


def bet_complete(workshop: Workshop) -> bool:
    return bet_name(workshop) is not None and not card_gaps(workshop)


def _cycle_gaps(workshop: Workshop) -> list[str]:
    end = workshop.bet.first_cycle_end
    if end is None:
        return ["no end date for the first pilot cycle"]
    if end <= workshop.meta.date:
        return ["the first pilot cycle ends before it starts"]
    if end - workshop.meta.date > MAX_FIRST_CYCLE:
        return ["the first pilot cycle is longer than 6 weeks"]
    return []
