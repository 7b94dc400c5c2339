"""Step 7: the commitment card for the single bet, and what it still lacks.

``card`` works the card out once, as one plain object: which shape it has (nothing chosen
yet, an honest "no bet yet", a bet that left the portfolio, a chosen bet), the initiative,
what each part still lacks, and the decision. The canvas, status, the report and the form
only lay it out, so they cannot disagree about what is missing.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from gaptools.core.model import (
    Bet,
    Cycle,
    CycleDecision,
    EarlierDecision,
    ExploreItem,
    Initiative,
    Meta,
    Stage,
    Workshop,
    name_key,
)
from gaptools.core.quarter import Quarter, day_text, following, planned_quarter, quarter_of
from gaptools.core.text import listed, shorten
from gaptools.steps.ownership import accountable_functions, is_owned
from gaptools.steps.readiness import gaps as readiness_gaps
from gaptools.steps.value import value_lacks

MAX_FIRST_CYCLE = dt.timedelta(weeks=6)

# What a complete card holds, in the words the canvas shows before a bet is chosen.
CARD_NEEDS = [
    "A deploy-ready value: metric, baseline, target and date",
    "One named accountable owner",
    f"A first pilot cycle of at most {MAX_FIRST_CYCLE.days // 7} weeks, with its end date",
    "Debrief dates",
    "Kill criteria: what result by what date makes the team stop",
    "Something stopped or paused to free capacity",
    "This quarter's readiness gaps",
    "The decision: who, and when",
]


# Step 10 exports the card: step 0's list flags it until the card is complete.
CANVAS_WAITS = "the canvas waits for a complete commitment card (step 7)"


def bet_name(workshop: Workshop) -> str | None:
    """The chosen initiative's name as written in the portfolio, or None."""
    chosen = workshop.bet.initiative
    if not chosen or workshop.bet.no_bet_yet:
        return None
    initiative = workshop.initiative(chosen)
    return initiative.name if initiative else chosen


#: How a bet killed since it was chosen (``Card.ended``) is said beside its name.
ENDED = "killed since it was chosen"

# The card's shapes.
NOTHING_CHOSEN = "nothing chosen"
NO_BET_YET = "no bet yet"
GONE = "not in the portfolio"
CHOSEN = "chosen"


@dataclass(frozen=True)
class Decision:
    """Who made the call, when, and what else the room weighed."""

    decided_by: str
    decided_on: dt.date | None
    options: list[str]


@dataclass(frozen=True)
class Card:
    """The commitment card as plain content, worked out once.

    ``parts`` says what each part still lacks (an empty list: that part is done): ``choice``,
    ``value``, ``owner``, ``cycle``, ``debriefs``, ``kill``, ``stopped``, ``readiness`` and
    ``decision`` for a chosen bet; ``explore`` and ``decision`` for "no bet yet"; ``choice``
    alone before a bet is chosen or when it left the portfolio."""

    shape: str
    name: str | None  # the bet as the portfolio spells it (as recorded, when it has left)
    parts: dict[str, list[str]]
    decision: Decision
    initiative: Initiative | None = None
    value_ready: bool = False
    stopped: list[str] = field(default_factory=list)  # others stopped to free capacity
    open_readiness: list[str] = field(default_factory=list)  # what step 5 shows open
    explore: list[str] = field(default_factory=list)  # "no bet yet": what to find out, by when
    debriefs: list[dt.date] = field(default_factory=list)  # ``debriefs``: the ones that count
    to_explore: str = ""  # a value still to explore: what the first cycle must produce

    @property
    def gaps(self) -> list[str]:
        """Everything still missing, part by part."""
        return [gap for part in self.parts.values() for gap in part]

    @property
    def ended(self) -> bool:
        """A chosen bet killed since (in step 1, or by the learning log): no commitment any
        more, whatever else its card holds (``_ended``)."""
        return self.shape == CHOSEN and bool(self.parts.get("choice"))

    @property
    def complete(self) -> bool:
        """Nothing missing: a complete commitment, or a complete exploration plan."""
        return not self.gaps

    @property
    def bet_complete(self) -> bool:
        """A chosen bet with nothing missing (an honest 'no bet yet' is no bet)."""
        return self.shape == CHOSEN and self.complete


def card(workshop: Workshop) -> Card:
    """The commitment card, with every part judged once."""
    bet = workshop.bet
    decision = Decision(bet.decided_by, bet.decided_on, list(bet.options_considered))
    if bet.no_bet_yet:
        parts = {"explore": _explore_gaps(workshop), "decision": _decision_gaps(workshop)}
        explore = [explore_line(item) for item in bet.explore_next if item.question.strip()]
        return Card(NO_BET_YET, None, parts, decision, explore=explore)
    if not bet.initiative:
        return Card(NOTHING_CHOSEN, None, {"choice": ["no bet chosen yet (step 7)"]}, decision)
    initiative = workshop.initiative(bet.initiative)
    if initiative is None:
        gone = [f"the bet '{bet.initiative}' is not in the portfolio"]
        return Card(GONE, bet.initiative, {"choice": gone}, decision)
    return _chosen(workshop, initiative, decision)


def _chosen(workshop: Workshop, initiative: Initiative, decision: Decision) -> Card:
    bet = workshop.bet
    # Due after the bet was decided: a bet chosen again at a later follow-up keeps no value
    # whose date passed meanwhile as deploy-ready.
    lacks = value_lacks(initiative.value, max(workshop.meta.date, decision_start(workshop)))
    value = [f"bet value: {why}" for _, why in lacks]
    ready = not value
    to_explore = "" if ready else explore_first(lacks)
    if value:
        value.append(f"the value is still to explore: {to_explore}")
    others = stopped_others(workshop)
    open_items = readiness_gaps(initiative)
    parts = {
        **({"choice": [ended]} if (ended := _ended(workshop, initiative)) else {}),
        "value": value,
        "owner": _owner_gaps(workshop, initiative),
        "cycle": _cycle_gaps(workshop),
        "debriefs": _debrief_gaps(workshop, initiative),
        "kill": []
        if bet.kill_criteria
        else ["no kill criteria: say what result by what date makes the team stop"],
        "stopped": [] if others else ["nothing stopped or paused to free capacity"],
        "readiness": [
            "no readiness gaps listed to close this quarter (step 5 shows: "
            + ", ".join(open_items)
            + ")"
        ]
        if open_items and not bet.readiness_gaps
        else [],
        "decision": _decision_gaps(workshop),
    }
    return Card(
        CHOSEN,
        initiative.name,
        parts,
        decision,
        initiative=initiative,
        value_ready=ready,
        to_explore=to_explore,
        stopped=others,
        open_readiness=open_items,
        debriefs=debriefs(workshop, initiative),
    )


#: What a team whose bet was killed does next, where the card says so.
DECIDE_AGAIN = "decide again in step 7 (another bet, or no bet yet)"


def _ended(workshop: Workshop, initiative: Initiative) -> str:
    """Why the bet is no commitment any more, or "": killed in step 1, or by a cycle of the
    learning log decided since the bet was (a kill before it is earlier work)."""
    if initiative.stage is Stage.KILLED:
        return f"the bet '{initiative.name}' has since been killed; {DECIDE_AGAIN}"
    last = killing_cycle(workshop, initiative)
    if last is None:
        return ""
    on = f" on {day_text(last.decided_on)}" if last.decided_on else ""
    return f"the bet '{initiative.name}' was killed in the learning log{on}; {DECIDE_AGAIN}"


def killing_cycle(workshop: Workshop, initiative: Initiative) -> Cycle | None:
    """The learning log's cycle that killed the bet since it was chosen, if any: a kill
    decided before the bet was is earlier work."""
    last = last_decided(initiative)
    if last is None or last.decision is not CycleDecision.KILL:
        return None
    if last.decided_on is not None and last.decided_on < decision_start(workshop):
        return None
    return last


def last_decided(initiative: Initiative) -> Cycle | None:
    """The initiative's last decided cycle in the learning log: what the team last made of it."""
    decided = [c for c in initiative.cycles if c.decision is not None]
    return decided[-1] if decided else None


def explore_first(lacks: list[tuple[str, str]]) -> str:
    """What the first cycle of a bet whose value is still to explore must produce: the parts
    its value lacks (``value.value_lacks``), so a bet on a vague metric that already has its
    numbers is told to make the metric countable, not to find a baseline and a target it
    has. Asked only of a value that is not deploy-ready, which lacks at least one part."""
    owed = list(dict.fromkeys(part for part, _ in lacks))
    return f"the first cycle must produce {listed(owed)}"


def _owner_gaps(workshop: Workshop, initiative: Initiative) -> list[str]:
    """One named accountable owner: a person (``is_owned``), and step 4's map holding one A
    for the bet, since two functions that both answer for it leave the card's owner in doubt.
    A map with no A yet is step 4's finding, not the card's: the person named answers."""
    if not is_owned(initiative):
        return ["no named accountable owner for the bet"]
    holding = accountable_functions(initiative, workshop.settings.function_names())
    if len(holding) > 1:
        return [
            f"{len(holding)} functions are accountable for the bet in step 4 "
            f"({listed(holding)}): keep one A"
        ]
    return []


def _debrief_gaps(workshop: Workshop, initiative: Initiative) -> list[str]:
    """No debrief dates, or one before the cycle it debriefs has started (a date typed in the
    wrong year, or kept from a bet decided earlier): it cannot look back on the cycle. The
    cycle starts as ``cycle_start`` says, or on the day the log says once it holds it."""
    days = debriefs(workshop, initiative)
    if not days:
        return ["no debrief dates"]
    start, _ = first_cycle_dates(workshop, initiative)
    early = [day_text(day) for day in days if day < start]
    if early:
        return [
            f"debrief dates before the first cycle starts ({day_text(start)}): {', '.join(early)}"
        ]
    return []


#: Days a debrief may follow the end of the cycle it looks back on: the Monday after a cycle
#: ending on a Friday is the debrief at its end; a month later, the decision waits a month.
DEBRIEF_GRACE_DAYS = 7


def late_debriefs_question(workshop: Workshop, initiative: Initiative) -> str | None:
    """What to ask of debriefs more than ``DEBRIEF_GRACE_DAYS`` after the first cycle ends,
    as step 9 logs it once it runs, else as the card plans it; a question, not a gap: the
    card is complete, but its call to scale or kill waits for them."""
    _, end = first_cycle_dates(workshop, initiative)
    if end is None:
        return None
    limit = end + dt.timedelta(days=DEBRIEF_GRACE_DAYS)
    late = [day_text(day) for day in debriefs(workshop, initiative) if day > limit]
    if not late:
        return None
    which = "a debrief" if len(late) == 1 else "debriefs"
    return (
        f"{which} more than a week after the first cycle ends ({day_text(end)}): "
        f"{listed(late)}; the call to scale, iterate, pivot or kill waits for "
        + ("it" if len(late) == 1 else "them")
    )


def early_value_question(workshop: Workshop, initiative: Initiative) -> str | None:
    """What to ask of a bet whose value is due before its first cycle ends (as step 9 logs it
    once it runs, else as the card plans it): the value a team carried over from last
    quarter's workshop and chose again, still after the workshop's day, so the card is
    complete, but nothing the cycle does can show by then."""
    due = initiative.value.due
    if due is None or due <= workshop.meta.date:
        return None  # no date, or one passed: the value's own gap, said with the card's
    start, end = first_cycle_dates(workshop, initiative)
    if due < start:
        when = f"before its first cycle starts ({day_text(start)})"
    elif end is not None and due < end:
        when = f"before its first cycle ends ({day_text(end)})"
    else:
        return None
    return (
        f"the bet's value is due {day_text(due)}, {when}: nothing the bet does can show by "
        "then; give the date its work should reach the target, with a baseline measured afresh"
    )


def decision_start(workshop: Workshop) -> dt.date:
    """The day the bet was decided: the workshop's own day, or the follow-up's where the
    decision was changed."""
    return workshop.bet.decided_on or workshop.meta.date


def cycle_start(workshop: Workshop) -> dt.date:
    """The day the bet's first pilot cycle starts: the day the card gives, for a workshop
    held weeks before the quarter it plans, else the day the bet was decided. Its six weeks
    count from here; a start before the decision is the card's gap (``_cycle_gaps``)."""
    return workshop.bet.first_cycle_start or decision_start(workshop)


def cycle_window(workshop: Workshop) -> str:
    """When the first cycle starts and the latest it may end, said beside the card's dates, so
    the six weeks are counted before an end date is refused, not after. Nothing before a bet
    is chosen: there is no decision yet to count from, and 'no bet yet' has no cycle."""
    if bet_name(workshop) is None:
        return ""
    start = cycle_start(workshop)
    since = "as set on the card" if workshop.bet.first_cycle_start else "the day of the decision"
    latest = start + MAX_FIRST_CYCLE
    return (
        f"The first cycle starts on {day_text(start)}, {since}, and may end on "
        f"{day_text(latest)} at the latest. To start it later, when the quarter begins, set "
        f"its start: {day_text(latest_start(workshop))} at the latest."
    )


def decisions_that_stood(workshop: Workshop) -> tuple[list[EarlierDecision], str]:
    """The decision record as a reader needs it: the calls that stood past the day they were
    made, and a word on the changes of mind made within a day, which are left out. A leader
    trying out four calls in one sitting left the CEO's report four rows "replaced", the bet
    in force among them twice. The file keeps them all (a call taken back the same day gives
    its card back)."""
    stood = [e for e in workshop.bet.earlier if e.replaced_on != e.decided_on]
    passing = len(workshop.bet.earlier) - len(stood)
    if not passing:
        return stood, ""
    if passing == 1:
        return stood, "1 call changed on the day it was made is left out."
    return stood, f"{passing} calls changed on the day they were made are left out."


def first_cycle_dates(workshop: Workshop, initiative: Initiative) -> tuple[dt.date, dt.date | None]:
    """When the bet's first cycle starts and ends: as step 9 logs it once it runs, else as the
    card plans it (the end may not be set yet). The card's judgement of debriefs and of the
    value's date read them here."""
    logged = bet_cycle(workshop, initiative)
    start = (logged.start if logged else None) or cycle_start(workshop)
    return start, (logged.end if logged else None) or workshop.bet.first_cycle_end


def bet_cycle(workshop: Workshop, initiative: Initiative) -> Cycle | None:
    """The bet's first cycle in the learning log (step 9): the first logged since the bet was
    decided. A cycle run before (an initiative bet on again, a pilot tried last quarter) is
    earlier work, not the cycle this card commits to."""
    start = decision_start(workshop)
    return next((c for c in initiative.cycles if c.start is None or c.start >= start), None)


def debriefs(workshop: Workshop, initiative: Initiative) -> list[dt.date]:
    """The bet's debrief dates, in order: the card's (step 7) until the learning log holds
    the first cycle, then the log's (step 9), where a debrief moved once the cycle runs is
    moved. The canvas, the report, the spreadsheet and the card's own judgement all read
    them here, so no two of them show different dates."""
    logged = bet_cycle(workshop, initiative)
    return sorted((logged.debriefs if logged else []) or workshop.bet.debrief_dates)


def debriefs_elsewhere(workshop: Workshop) -> list[dt.date]:
    """The log's debriefs when they are not the card's: dates typed on the card then change
    nothing shown, which step 7 says beside them. Empty otherwise."""
    initiative = workshop.initiative(workshop.bet.initiative or "")
    if initiative is None or workshop.bet.no_bet_yet:
        return []
    shown = debriefs(workshop, initiative)
    return shown if shown != sorted(workshop.bet.debrief_dates) else []


def card_gaps(workshop: Workshop) -> list[str]:
    """Everything the commitment card needs before it counts as complete."""
    return card(workshop).gaps


_A_FIGURE = re.compile(r"\d")
#: The stages an initiative stopped or paused for the bet should have left, as said of it.
_STILL_GOING = {
    Stage.IDEA: "still an idea",
    Stage.PILOT: "still a pilot",
    Stage.PRODUCTION: "still in production",
    None: "still in play",
}


def card_notes(workshop: Workshop) -> list[str]:
    """What a complete card may still hide, said beside it but no part of it (the brief's
    card needs these parts, not their quality): kill criteria with no figure in them ("if it
    doesn't work out", which nobody ever triggers), an initiative stopped for the bet that
    step 1 still shows going, a bet that step 1 shows stalled, and a debrief long after the
    cycle it looks back on (which the canvas asks too)."""
    bet, notes = workshop.bet, []
    initiative = workshop.initiative(bet.initiative) if bet.initiative else None
    if bet.no_bet_yet or initiative is None:
        return []
    if initiative.stage is Stage.STALLED:
        why = f" ({initiative.stall_reason.label.lower()})" if initiative.stall_reason else ""
        notes.append(
            f"the bet is stalled in step 1{why}: say what unblocks it, and move its stage on "
            "in step 1 when it does"
        )
    if bet.kill_criteria.strip() and not _A_FIGURE.search(bet.kill_criteria):
        notes.append(
            'the kill criteria name no figure: a threshold and a day ("fewer than 60% of '
            'claims matched by 15 Jan") leave nothing to argue about at the debrief'
        )
    going = [
        (name, found.stage)
        for name in stopped_others(workshop)
        if (found := workshop.initiative(name)) is not None and found.stage in _STILL_GOING
    ]
    for name, stage in going:
        notes.append(
            f"'{name}' is stopped or paused on the card but {_STILL_GOING[stage]} in step 1: "
            "set its stage there (stalled for a pause, killed for a stop), so the portfolio "
            "says so too"
        )
    if late := late_debriefs_question(workshop, initiative):
        notes.append(late)
    if early := early_value_question(workshop, initiative):
        notes.append(early)
    return notes


def card_parts(workshop: Workshop) -> dict[str, list[str]]:
    """What each part of the card still lacks, by part (see ``Card``)."""
    return card(workshop).parts


def stopped_others(workshop: Workshop) -> list[str]:
    """What was stopped to free capacity: stopping the bet itself frees nothing for it."""
    return [s for s in workshop.bet.stopped if not _is_the_bet(workshop, s)]


def stoppable(workshop: Workshop) -> list[str]:
    """What the card may stop or pause for the bet: the live initiatives other than the bet."""
    return [i.name for i in workshop.live_initiatives() if not _is_the_bet(workshop, i.name)]


def _is_the_bet(workshop: Workshop, name: str) -> bool:
    return name_key(name) == name_key(workshop.bet.initiative or "")


def explore_line(item: ExploreItem) -> str:
    """One thing a team with no bet yet will find out, with its date, as the card says it."""
    return f"{item.question} ({f'by {day_text(item.by)}' if item.by else 'no date yet'})"


def _explore_gaps(workshop: Workshop) -> list[str]:
    """'No bet yet' is honest, and complete once it says what to explore and by when."""
    items = workshop.bet.explore_next
    if not any(item.question.strip() for item in items):
        return ["with no bet yet, list what to explore instead"]
    if not all(item.question.strip() for item in items):
        return ["with no bet yet, say what each thing to explore is, or remove it"]
    if any(item.by is None for item in items):
        return ["with no bet yet, give each thing to explore a date"]
    return []


def add_to_explore(workshop: Workshop, question: str, by: dt.date | None) -> None:
    """One thing a team with no bet yet will find out, and by when. Added with nothing to
    find out, it was saved as "(nothing)" and printed on the canvas as a bare date."""
    if not question.strip():
        raise ValueError("say what you will find out")
    workshop.bet.explore_next.append(ExploreItem(question=question.strip(), by=by))


def _decision_gaps(workshop: Workshop) -> list[str]:
    bet = workshop.bet
    if not bet.decided_by or bet.decided_on is None:
        return ["the decision is not recorded: who decided, and when"]
    return quarter_gaps(workshop)


def latest_quarter(decided_on: dt.date, fy_start_month: int) -> Quarter:
    """The last quarter a call made on ``decided_on`` can plan: the one after the quarter it
    was made in (a workshop plans the coming quarter, or the current one)."""
    return following(quarter_of(decided_on, fy_start_month), fy_start_month)


def for_an_earlier_quarter(workshop: Workshop) -> bool:
    """The call on record was made for a quarter before the one now planned: the next
    quarter's plan, chosen in step 0 a quarter on, found last quarter's bet "complete"."""
    return passed_quarter(workshop) is not None


def passed_quarter(workshop: Workshop) -> Quarter | None:
    """The last quarter the call on record can plan, when the quarter planned comes after."""
    return _passed(workshop.meta, workshop.bet.decided_on)


def _passed(meta: Meta, day: dt.date | None) -> Quarter | None:
    """The last quarter a call made on ``day`` can plan, when the quarter planned comes after."""
    if day is None:
        return None
    latest = latest_quarter(day, meta.fiscal_year_start_month)
    return latest if planned_quarter(meta).start > latest.end else None


def quarter_gaps(workshop: Workshop) -> list[str]:
    """A call that does not belong to the quarter planned: made for an earlier one, or made
    after the planned quarter was over."""
    meta, day = workshop.meta, workshop.bet.decided_on
    if day is None:
        return []
    planned = planned_quarter(meta)
    if (latest := passed_quarter(workshop)) is not None:
        return [
            f"the bet was decided on {day_text(day)}, for {latest.label} at the latest: for "
            f"{planned.label}, decide again in step 7 (the same bet or another)"
        ]
    if day > planned.end:
        return [
            f"the bet was decided on {day_text(day)}, after the quarter planned "
            f"({planned.label}) ended on {day_text(planned.end)}: choose the quarter to plan "
            "in step 0"
        ]
    return []


def decided(workshop: Workshop) -> bool:
    """The room has made its call: a bet is chosen, or an honest 'no bet yet' is recorded
    with who decided and when."""
    bet = workshop.bet
    if bet.no_bet_yet:
        return bool(bet.decided_by) and bet.decided_on is not None
    return bool(bet.initiative)


def decision_day(workshop: Workshop, today: dt.date | None = None) -> dt.date:
    """The date a decision made now carries: the workshop's day, or today once that is past
    (a change made at a follow-up is dated the day it was made)."""
    return max(workshop.meta.date, today or dt.date.today())


def decide(
    workshop: Workshop,
    initiative: str | None,
    decided_by: str,
    decided_on: dt.date,
    options: list[str],
) -> None:
    """Record the facilitator's call: one bet, or None for an honest 'no bet yet'.

    A different call than the one recorded replaces it, and the one it replaces moves to the
    decision record (``bet.earlier``) as it was, with the day it was replaced: nothing decided
    is ever erased. The same call confirmed again is no new decision: it keeps its date and
    options, fills in only what it still lacks, and takes a new name for who decided only
    when one is given (a correction). Unless it was made for an earlier quarter than the one
    now planned: then it is made anew for this one, with a card of its own to fill in."""
    bet = workshop.bet
    if initiative is not None:
        found = workshop.initiative(initiative)
        if found is None:
            raise ValueError(f"'{initiative}' is not in the portfolio")
        initiative = found.name
    renewed = same_call(workshop, initiative)
    if renewed and not for_an_earlier_quarter(workshop):
        bet.decided_by = decided_by or bet.decided_by
        bet.decided_on = bet.decided_on or decided_on
        bet.options_considered = bet.options_considered or options
        return
    if bet.no_bet_yet or bet.initiative:
        into_the_record(bet, decided_on)
    # A call renewed for a new quarter starts its card afresh; the old one is on record.
    given_back = {} if renewed else _card_given_back(workshop, initiative, decided_on)
    for name, value in given_back.items():
        setattr(bet, name, value)
    bet.initiative = initiative
    bet.no_bet_yet = initiative is None
    bet.decided_by = decided_by
    bet.decided_on = decided_on
    bet.options_considered = options


#: What the commitment card commits to for the call it was written for: a new call starts
#: its own, rather than showing the old one's dates, kill criteria and stops as its own.
CARD_FIELDS = (
    "first_cycle_start",
    "first_cycle_end",
    "debrief_dates",
    "kill_criteria",
    "stopped",
    "readiness_gaps",
    "explore_next",
)


def into_the_record(bet: Bet, replaced_on: dt.date) -> EarlierDecision:
    """The call recorded now moved, with its card (taken off the bet), into the decision
    record as replaced on ``replaced_on``: by a new call, or by the next quarter's session."""
    earlier = EarlierDecision(
        initiative=None if bet.no_bet_yet else bet.initiative,
        decided_by=bet.decided_by,
        decided_on=bet.decided_on,
        options_considered=list(bet.options_considered),
        replaced_on=replaced_on,
        **_card_taken_off(bet),
    )
    bet.earlier.append(earlier)
    return earlier


def _card_taken_off(bet: Bet) -> dict[str, Any]:
    """The card's commitments, taken off the bet (left empty) to go with the decision they
    were written for into the record."""
    taken = {name: getattr(bet, name) for name in CARD_FIELDS}
    for name in CARD_FIELDS:
        setattr(bet, name, Bet.model_fields[name].get_default(call_default_factory=True))
    return taken


def _card_given_back(workshop: Workshop, initiative: str | None, day: dt.date) -> dict[str, Any]:
    """The card of the same call replaced earlier the same day, if any: a room that changes
    its mind and back finds what it wrote. A call made again on a later day starts afresh,
    and so does last quarter's, moved to the record on the next quarter's first day: its
    kill criteria and stops were that quarter's."""
    for earlier in reversed(workshop.bet.earlier):
        if earlier.replaced_on != day:
            break
        if earlier.initiative == initiative and _passed(workshop.meta, earlier.decided_on) is None:
            return {name: copy.deepcopy(getattr(earlier, name)) for name in CARD_FIELDS}
    return {}


def same_call(workshop: Workshop, initiative: str | None) -> bool:
    """Whether ``initiative`` (None: 'no bet yet') is the call already recorded."""
    bet = workshop.bet
    if initiative is None:
        return bet.no_bet_yet
    return not bet.no_bet_yet and name_key(bet.initiative or "") == name_key(initiative)


def call_text(initiative: str | None) -> str:
    """A call as people read it: the bet's name, or 'No bet yet'."""
    return initiative or "No bet yet"


def earlier_cycle_text(earlier: EarlierDecision) -> str:
    """The first cycle a replaced call's card planned, from its start to its end, as the
    canvas shows the bet's own: its start counted as the current card's is (the day given,
    else the day of the decision). Empty where the card gave no end."""
    end = earlier.first_cycle_end
    if end is None:
        return ""
    start = earlier.first_cycle_start or earlier.decided_on
    return f"{day_text(start)} → {day_text(end)}" if start else f"to {day_text(end)}"


def earlier_outcome(workshop: Workshop, earlier: EarlierDecision) -> str:
    """How the replaced call's bet last fared in the learning log before it was replaced
    ("kill on 6 Jan 2027"), or "": the record said when a call was replaced, not that its
    cycle had been killed."""
    initiative = workshop.initiative(earlier.initiative or "")
    if initiative is None or earlier.decided_on is None:
        return ""
    until = earlier.replaced_on or dt.date.max
    decided = [
        (c.decided_on, c.decision.value)
        for c in initiative.cycles
        if c.decision is not None
        and c.decided_on is not None
        and earlier.decided_on <= c.decided_on <= until
    ]
    if not decided:
        return ""
    day, decision = max(decided)
    return f"{decision} on {day_text(day)}"


def replaced_text(earlier: EarlierDecision, workshop: Workshop | None = None) -> str:
    """The day a call left the bet and, when it was made for a quarter before the one the
    workshop plans (the next quarter's session moved it), which: "replaced on 13 Mar 2027"
    said nothing of a call that simply ran its quarter."""
    if earlier.replaced_on is None:
        return ""
    day = day_text(earlier.replaced_on)
    made_for = _passed(workshop.meta, earlier.decided_on) if workshop is not None else None
    return f"{day} (made for {made_for.label})" if made_for else day


def earlier_line(earlier: EarlierDecision, workshop: Workshop | None = None) -> str:
    """One decision of the record, in one line: what, by whom, when, among what, replaced,
    and (given the workshop) how its cycle ended."""
    who = earlier.decided_by or "nobody recorded"
    when = day_text(earlier.decided_on) if earlier.decided_on else "no date"
    line = f"{call_text(earlier.initiative)}: decided by {who} on {when}"
    if earlier.options_considered:
        line += f" (options: {', '.join(earlier.options_considered)})"
    if earlier.replaced_on:
        line += f"; replaced on {replaced_text(earlier, workshop)}"
    if earlier.first_cycle_end:
        line += f"; its first cycle was to run {earlier_cycle_text(earlier)}"
    if earlier.kill_criteria:
        line += f"; kill criteria: {shorten(earlier.kill_criteria, 120)}"
    if workshop is not None and (ended := earlier_outcome(workshop, earlier)):
        line += f"; the learning log decided: {ended}"
    return line


def bet_complete(workshop: Workshop) -> bool:
    return card(workshop).bet_complete


def options_considered(workshop: Workshop) -> list[str]:
    """What the room weighed before the decision, recorded with it: every initiative that got
    dots (most first, once the vote is revealed), then those named only in the gut check;
    with neither (a leader deciding alone, a room that skipped the vote), step 6's front
    runners, which is what was weighed then: the record read "Options considered" with the
    bet alone. The vote's and the ranking's rules are imported here: the card, which status
    reads, needs none of them."""
    from gaptools.steps.prioritise import front_runners, rank
    from gaptools.steps.voting import gut_tally, result

    outcome = result(workshop)
    options = [name for name, _ in outcome.tally] if outcome else []
    for name, _ in gut_tally(workshop).counts:
        if name not in options:
            options.append(name)
    return options or front_runners(rank(workshop, stability=False))


#: How long a first cycle may wait for the quarter it plans to begin (or, for a call made in
#: that quarter, after the decision): the first working week or two, not a later date that
#: would put the six weeks off.
START_GRACE = dt.timedelta(weeks=2)


def latest_start(workshop: Workshop) -> dt.date:
    """The last day the first cycle may start: two weeks into the quarter the workshop plans,
    or two weeks after the decision when that is later."""
    begins = max(decision_start(workshop), planned_quarter(workshop.meta).start)
    return begins + START_GRACE


def _cycle_gaps(workshop: Workshop) -> list[str]:
    end, start = workshop.bet.first_cycle_end, cycle_start(workshop)
    decided, latest = decision_start(workshop), latest_start(workshop)
    if start < decided:
        return [
            f"the first pilot cycle starts ({day_text(start)}) before the bet was decided "
            f"({day_text(decided)})"
        ]
    if start > latest:
        return [
            f"the first pilot cycle would start on {day_text(start)}: start it by "
            f"{day_text(latest)}, within two weeks of the quarter's start or of the decision"
        ]
    if end is None:
        return ["no end date for the first pilot cycle"]
    if end <= start:
        return [f"the first pilot cycle ends by the day it starts ({day_text(start)})"]
    if end - start > MAX_FIRST_CYCLE:
        # Said with its length and the end that would do: "longer than 6 weeks from 18 Nov"
        # left the reader to count, and to work out what to change.
        return [
            f"the first pilot cycle runs {(end - start).days} days, {day_text(start)} → "
            f"{day_text(end)}, longer than 6 weeks: end it by "
            f"{day_text(start + MAX_FIRST_CYCLE)}"
        ]
    return []
