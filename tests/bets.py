"""A complete commitment card on the example workshop, shared by the tests of the card, the
canvas, the exports and the export form (one definition, so they all mean the same card)."""

from __future__ import annotations

import datetime as dt

from gaptools.core.model import Workshop

DAY = dt.date(2026, 11, 18)  # the example's workshop date
BET = "Claims intake copilot"  # deploy-ready value, Priya Raman accountable, open readiness items
KILL = "Intake time not below 16 minutes by the first debrief"


def commit(workshop: Workshop, initiative: str = BET) -> Workshop:
    """Fill in every part of the commitment card for ``initiative``."""
    bet = workshop.bet
    bet.initiative = initiative
    bet.decided_by = "Dana Whitfield"
    bet.decided_on = DAY
    bet.options_considered = [BET, "Fraud signal analytics"]
    bet.first_cycle_end = DAY + dt.timedelta(weeks=6)
    bet.debrief_dates = [DAY + dt.timedelta(weeks=3), DAY + dt.timedelta(weeks=6)]
    bet.kill_criteria = KILL
    bet.stopped = ["GenAI workbench"]
    bet.readiness_gaps = ["Monitoring", "Evaluation"]
    return workshop
