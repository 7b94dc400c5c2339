"""The next quarter's workshop, started from the last one's file.

A team comes back every quarter. What it has built still stands: the portfolio as it is now
(stages, values, owners, readiness, risks and learning logs), its leaders, functions and
weights, each leader's definition of success, and the decision record, which takes
last quarter's call with its card. What belonged to last quarter's session starts afresh and
stays in last quarter's file: the gut checks, the vote, the pulse's answers, the leaders'
commitments (carried, they read as this quarter's, complete, with learning time "from" a day
long past), the survey's responses, the quarter's capacity and the agenda's times. The
maturity ratings carry over as the round before this quarter's, which step 9 compares with
and never shows as this quarter's. Carried in one file instead, last quarter's bet read as this
quarter's, and its pulse answers were pooled with the new ones.

The new file is a workshop of its own, with an id of its own: a roll-up does not take it for
a leader's copy of the last one, to be merged into it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gaptools.core.model import Bet, Maturity, Pulse, Survey, Voting, Workshop, new_id
from gaptools.core.quarter import day_text, planned_quarter
from gaptools.core.text import plural
from gaptools.steps.bet import call_text, decided, into_the_record
from gaptools.steps.learning import past_kill_date
from gaptools.steps.maturity import first_day, rounds
from gaptools.steps.registry import default_agenda


@dataclass(frozen=True)
class Carried:
    """What the new quarter's file took from the last one, and what stayed behind."""

    quarter: str  # the quarter the new file plans ("Q2 2027")
    kept: list[str]  # in words, each part carried over that held something
    left: list[str]  # in words, each part left behind that held something
    call: str  # last quarter's call, as the decision record now holds it; "" when none

    def lines(self, source: str) -> list[str]:
        lines = [f"It plans {self.quarter}, from {source}."]
        if self.kept:
            lines.append(f"Kept: {'; '.join(self.kept)}.")
        if self.call:
            lines.append(f"Last quarter's call ({self.call}) is in the decision record (step 7).")
        if self.left:
            lines.append(f"Left in {source}: {'; '.join(self.left)}.")
        return lines


def next_session_day(last: Workshop, today: dt.date) -> dt.date:
    """The day first offered for the next quarter's session: today, or the first day of the
    quarter ``last`` plans when that is later. Today, on the session's own day, plans the
    same quarter again, which "Start the next quarter" refuses."""
    return max(today, planned_quarter(last.meta).start)


def next_quarter(last: Workshop, day: dt.date) -> tuple[Workshop, Carried]:
    """A new workshop for the session on ``day``, which plans the quarter after it, from the
    last one's ``last`` (left as it was). Refused (``ValueError``) when ``day`` plans no later
    quarter than the last session did."""
    before = planned_quarter(last.meta)
    workshop = last.model_copy(deep=True)
    meta = workshop.meta
    meta.workshop_id, meta.date, meta.planned_quarter = new_id(), day, None
    meta.follows = last.meta.identity()  # one team across quarters, if it renames itself
    quarter = planned_quarter(meta)
    if quarter.start <= before.start:
        if day <= last.meta.date:
            # Pressed again on the new quarter's own page, "the last one planned Q2 2027"
            # read as if the page were still last quarter's.
            raise ValueError(
                f"this workshop's own session, on {day_text(last.meta.date)}, plans "
                f"{before.label}: the next quarter's session comes after it; give its date"
            )
        raise ValueError(
            f"a session on {day_text(day)} plans {quarter.label}, and the last one, on "
            f"{day_text(last.meta.date)}, planned {before.label}: give the new session's "
            "date, after that quarter has begun"
        )
    meta.agenda = default_agenda()
    call = _into_the_record(workshop, day) if decided(last) else ""
    workshop.settings.capacity_weeks = None
    left = _left_behind(last)
    workshop.gut_checks = []
    workshop.commitments = []
    workshop.voting = Voting(
        dots_per_leader=last.voting.dots_per_leader,
        max_per_initiative=last.voting.max_per_initiative,
    )
    workshop.pulse = Pulse(groups=list(last.pulse.groups))
    # Last quarter's published ratings stay, as the round this quarter's is compared with.
    workshop.maturity = Maturity(mode=last.maturity.mode, ratings=list(last.maturity.ratings))
    workshop.survey = Survey()
    return workshop, Carried(quarter.label, _kept(last, day), left, call)


def _into_the_record(workshop: Workshop, day: dt.date) -> str:
    """Last quarter's call, with its card, moved to the decision record as replaced on the
    new session's day; the bet is left to be decided."""
    earlier = into_the_record(workshop.bet, day)
    workshop.bet = Bet(earlier=workshop.bet.earlier)
    return call_text(earlier.initiative)


def _kept(last: Workshop, day: dt.date) -> list[str]:
    cycles = sum(len(i.cycles) for i in last.initiatives)
    parts = [
        (len(last.initiatives), plural(len(last.initiatives), "initiative") + " as they stand"),
        (cycles, plural(cycles, "learning cycle") + _undecided(last, day)),
        (len(last.meta.participants), plural(len(last.meta.participants), "leader")),
        (len(last.success_definitions), "each leader's definition of success (step 2)"),
        (len(last.maturity.ratings), _ratings_kept(last)),
        (1, "the functions, weights and settings"),
    ]
    return [words for count, words in parts if count]


def _undecided(last: Workshop, day: dt.date) -> str:
    """The cycles past their kill date with no decision, to decide in the new file: written
    in last quarter's afterwards, a decision stays there (it is another workshop)."""
    overdue = past_kill_date(last, day)
    if not overdue:
        return ""
    which = "it" if len(overdue) == 1 else "them"
    return (
        f" ({len(overdue)} past the kill date with no decision: decide {which} in step 9 of "
        "this file)"
    )


def _ratings_kept(last: Workshop) -> str:
    """The ratings kept, and the round this quarter's are compared with: its last. "11
    maturity ratings, as the round … compared with" counted two rounds of one quarter, where
    step 9 compares with the 3 of the last."""
    kept = plural(len(last.maturity.ratings), "maturity rating")
    found = rounds(last.maturity.ratings)
    if len(found) < 2:  # one round: it is the one compared with
        return f"{kept}, as the round this quarter's is compared with (step 9)"
    day = first_day(found[-1])
    when = f" of {day_text(day)}" if day else ""
    return (
        f"{kept}; this quarter's are compared with the last round, its "
        f"{plural(len(found[-1]), 'rating')}{when} (step 9)"
    )


def _left_behind(last: Workshop) -> list[str]:
    parts = [
        (len(last.gut_checks), plural(len(last.gut_checks), "gut check")),
        (last.voting.ballots_cast, plural(last.voting.ballots_cast, "ballot")),
        (len(last.pulse.answers), plural(len(last.pulse.answers), "pulse answer")),
        (
            len(last.commitments),
            plural(len(last.commitments), "leader's commitment", "leaders' commitments"),
        ),
        (last.survey.responses, plural(last.survey.responses, "survey response")),
        (last.settings.capacity_weeks is not None, "the quarter's capacity (set it in step 6)"),
    ]
    return [words for count, words in parts if count]
