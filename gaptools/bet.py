"""Step 7: the commitment card for the single bet, and what it still lacks."""

from __future__ import annotations

import datetime as dt

from gaptools.model import Workshop, name_key
from gaptools.readiness import gaps as readiness_gaps
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
        return _no_bet_gaps(workshop)
    if not bet.initiative:
        return ["no bet chosen yet (step 7)"]
    initiative = workshop.initiative(bet.initiative)
    if initiative is None:
        return [f"the bet '{bet.initiative}' is not in the portfolio"]
    gaps = [f"bet value: {gap}" for gap in value_gaps(initiative.value, workshop.meta.date)]
    if gaps:
        gaps.append(
            "the value is still to explore: the first cycle must produce the baseline "
            "and the target"
        )
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
    open_items = readiness_gaps(initiative)
    if open_items and not bet.readiness_gaps:
        gaps.append(
            "no readiness gaps listed to close this quarter (step 5 shows: "
            + ", ".join(open_items)
            + ")"
        )
    gaps.extend(_decision_gaps(workshop))
    return gaps


def _no_bet_gaps(workshop: Workshop) -> list[str]:
    """'No bet yet' is honest, and complete once it says what to explore and by when."""
    gaps = []
    if not workshop.bet.explore_next:
        gaps.append("no bet yet: list what to explore instead")
    elif any(item.by is None for item in workshop.bet.explore_next):
        gaps.append("no bet yet: give each thing to explore a date")
    return gaps + _decision_gaps(workshop)


def _decision_gaps(workshop: Workshop) -> list[str]:
    bet = workshop.bet
    if not bet.decided_by or bet.decided_on is None:
        return ["the decision is not recorded: who decided, and when"]
    return []


def decide(
    workshop: Workshop,
    initiative: str | None,
    decided_by: str,
    decided_on: dt.date,
    options: list[str],
) -> None:
    """Record the facilitator's call: one bet, or None for an honest 'no bet yet'."""
    bet = workshop.bet
    if initiative is not None:
        found = workshop.initiative(initiative)
        if found is None:
            raise ValueError(f"'{initiative}' is not in the portfolio")
        initiative = found.name
    bet.initiative = initiative
    bet.no_bet_yet = initiative is None
    bet.decided_by = decided_by
    bet.decided_on = decided_on
    bet.options_considered = options


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
