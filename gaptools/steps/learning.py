"""Step 9: the learning log and how fast the team learns from it.

The teams that get AI out of pilots learn fastest: short cycles, a debrief at the end of each,
a decision on the date they set (scale, iterate, pivot or kill), and permission to kill
without blame. So each initiative keeps a log of cycles written as tests: what we believe, how
we will test it, what we will measure, what result proves us right (written *before* the cycle
starts), kill criteria as a state and a date; then what we observed, what we learned and what
we decided, about the system rather than the people.

Velocity is read from the log: days from start to decision, their median, the share of ended
cycles that were debriefed, the share decided by their kill date, the kills and pivots of the
quarter, and cycles longer than six weeks. A portfolio of more than five initiatives in play
with no kill for a quarter gets a warning: nothing stopped is itself a signal.

"Now" is a parameter (``as_of``) everywhere, so every figure can be checked on a fixed day.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass, field
from functools import cache, lru_cache

from gaptools.core.model import Cycle, CycleDecision, Initiative, Stage, Workshop, find
from gaptools.core.numbers import percent, with_unit
from gaptools.core.quarter import Quarter, day_text, quarter_of
from gaptools.core.resources import load_json
from gaptools.core.text import listed, plural, shorten, shorten_apart, some_of
from gaptools.steps.bet import bet_cycle, cycle_start, decision_start, last_decided

LONG_CYCLE_DAYS = 42  # six weeks
QUIET_PORTFOLIO = 5  # more initiatives in play than this, and no kill for a quarter: a warning
QUIET_DAYS = 91  # a quarter
NOTHING_STOPPED = (
    "more than five initiatives are in play and nothing was killed in the last three months: "
    "nothing stopped is itself a signal"
)


class LearningError(ValueError):
    """A change to the log the rules do not allow, in plain words."""


# -- one cycle ---------------------------------------------------------------------------------


def days_to_decision(cycle: Cycle) -> int | None:
    """Days from the start to the decision, once both are logged."""
    if cycle.start is None or cycle.decided_on is None:
        return None
    return (cycle.decided_on - cycle.start).days


def decided_on(cycle: Cycle, as_of: dt.date) -> dt.date | None:
    """The day of the cycle's decision, once that day has come: a decision typed for a day
    still to come is not yet taken, so the figures of ``as_of`` read the cycle as running."""
    day = cycle.decided_on
    return day if cycle.decision is not None and day is not None and day <= as_of else None


def running_word(cycle: Cycle, as_of: dt.date) -> str:
    """What an undecided cycle is doing, in one word (the timeline has room for one): past its
    kill date with no decision, it is overdue, which "running" hid in the log's list and on
    its timeline. Before its start it is planned: a cycle set for January read "running" in
    December."""
    if cycle.start is not None and as_of < cycle.start:
        return "planned"
    if cycle.kill_by is not None and as_of > cycle.kill_by:
        return "overdue"
    return "running"


def length(cycle: Cycle, as_of: dt.date) -> int | None:
    """How long the cycle runs: to its decision when decided, else to the later of its planned
    end and today (a cycle past its end without a decision is still running)."""
    if cycle.start is None:
        return None
    if (decided := decided_on(cycle, as_of)) is not None:
        return (decided - cycle.start).days
    ends = [d for d in (cycle.end, as_of) if d is not None]
    return (max(ends) - cycle.start).days


def is_long(cycle: Cycle, as_of: dt.date) -> bool:
    days = length(cycle, as_of)
    return days is not None and days > LONG_CYCLE_DAYS


def has_ended(cycle: Cycle, as_of: dt.date) -> bool:
    """Decided, or past its planned end."""
    return decided_on(cycle, as_of) is not None or (cycle.end is not None and cycle.end <= as_of)


def was_debriefed(cycle: Cycle, as_of: dt.date) -> bool:
    """A debrief was held: one of its debrief dates has come (by the decision, if decided) and
    something from it is written. A date in the calendar is only a plan; a date that passed
    with nothing written is a debrief that was skipped, which is what the share must show."""
    until = decided_on(cycle, as_of) or as_of
    return any(day <= until for day in cycle.debriefs) and debrief_written(cycle)


def debrief_written(cycle: Cycle) -> bool:
    """Something a debrief leaves behind is written: what we observed, learned, or why."""
    return any(text.strip() for text in (cycle.observed, cycle.learned, cycle.why))


def skipped_debrief(cycle: Cycle, as_of: dt.date) -> dt.date | None:
    """The last debrief date of an undecided cycle that has passed with nothing written. A
    date before the cycle started is a date typed wrong, not a debrief (``_impossible_dates``)."""
    if decided_on(cycle, as_of) is not None or debrief_written(cycle):
        return None
    start = cycle.start or dt.date.min
    return max((day for day in cycle.debriefs if start <= day < as_of), default=None)


def decided_by_kill_date(cycle: Cycle) -> bool | None:
    """Whether the decision came by the kill date; None when either is missing."""
    if cycle.decided_on is None or cycle.kill_by is None:
        return None
    return cycle.decided_on <= cycle.kill_by


def criterion_written_late(cycle: Cycle) -> bool:
    """The result that proves us right was written after the cycle ended (its planned end or
    its decision, whichever came first): it was fitted to what happened rather than tested."""
    ends = [day for day in (cycle.decided_on, cycle.end) if day is not None]
    return cycle.success_written is not None and bool(ends) and cycle.success_written > min(ends)


def kill_sentence(cycle: Cycle) -> str:
    """Kill criteria as a state and a date: "If by 23 Dec 2026 …, we stop."."""
    state = cycle.kill_if.strip().rstrip(".")
    if not state:
        return ""
    day = cycle.kill_by
    # The card asks for the date in the words: said there, it is not said again.
    dated = day is not None and (day_text(day) in state or day.isoformat() in state)
    if re.match(r"(if|stop|we|kill)\b", state, re.IGNORECASE):  # already a whole sentence
        when = " (by when?)" if day is None else f" (judged on {day_text(day)})"
        return f"{state[0].upper()}{state[1:]}{'' if dated else when}."
    if state[:2] != state[:2].upper():  # "Handling time …" reads on after "If by …"
        state = state[0].lower() + state[1:]
    if day is None:
        return f"If {state}, we stop (by when?)."
    if dated:
        return f"If {state}, we stop."
    return f"If by {day_text(day)} {state}, we stop."


def cycle_flags(cycle: Cycle, as_of: dt.date) -> list[str]:
    """What to question about one cycle, in plain words; none of it blocks. Dates that cannot
    all be true come first: the other flags are read from those dates."""
    flags = _impossible_dates(cycle, as_of)
    if cycle.start and not cycle.success.strip():
        flags.append("no result that proves us right: write it before the cycle starts")
    if criterion_written_late(cycle):
        flags.append(
            "the result that proves us right was written after the cycle ended: "
            "it no longer tests anything"
        )
    if bool(cycle.kill_if.strip()) != (cycle.kill_by is not None):
        flags.append("kill criteria need both a state and a date")
    flags += [f"{lack}: {how}" for lack, how in unplanned(cycle)]
    if is_long(cycle, as_of):
        flags.append(f"longer than six weeks ({length(cycle, as_of)} days): cut it shorter")
    if cycle.kill_by and decided_on(cycle, as_of) is None and as_of > cycle.kill_by:
        flags.append(f"past its kill date ({day_text(cycle.kill_by)}) with no decision")
    if cycle.decision is not None and cycle.decided_on is None:
        flags.append("a decision with no date")
    if decided_by_kill_date(cycle) is False and cycle.decided_on and cycle.kill_by:
        flags.append(
            f"decided on {day_text(cycle.decided_on)}, after its kill date "
            f"({day_text(cycle.kill_by)})"
        )
    if has_ended(cycle, as_of) and not was_debriefed(cycle, as_of):
        flags.append("ended without a debrief")
    elif cycle.decision is not None and not (cycle.learned.strip() or cycle.why.strip()):
        # "Iterate" chosen with nothing learned and no reason: "Nothing to question".
        flags.append(
            f"decided to {cycle.decision.value} with nothing learned and no reason written: "
            "write what we learned and why we decided so"
        )
    elif (skipped := skipped_debrief(cycle, as_of)) is not None:
        flags.append(
            f"the debrief of {day_text(skipped)} has passed and nothing is written from it: "
            "write what we observed and learned"
        )
    return flags


def unplanned(cycle: Cycle) -> list[tuple[str, str]]:
    """What a started cycle, still to be decided, lacks of its plan: it is a test, so what we
    believe and how the cycle tests it; a cycle of six weeks at most needs its end, and a test
    its kill criteria. A next cycle logged after an "iterate" with neither was never
    questioned, while the card it follows had both; one started from the card, whose belief
    and test no card holds, was "Nothing to question"."""
    if cycle.start is None or cycle.decision is not None:
        return []
    lacks = []
    if not cycle.belief.strip():
        lacks.append(("no belief", "write what we believe this cycle will show"))
    if not cycle.test.strip():
        lacks.append(("no test", "write how the cycle tests that belief"))
    if cycle.end is None:
        lacks.append(("no planned end", "say when it ends, six weeks at most"))
    if not cycle.kill_if.strip() and cycle.kill_by is None:
        lacks.append(("no kill criteria", "write the state that makes us stop, and its date"))
    return lacks


def decided_before_start(cycle: Cycle) -> bool:
    days = days_to_decision(cycle)
    return days is not None and days < 0


def _impossible_dates(cycle: Cycle, as_of: dt.date) -> list[str]:
    """Dates that cannot all be true: they are flagged, and ``counts_in_velocity`` keeps the
    cycle's days out of the median, which they would otherwise pull by however far they are
    wrong."""
    flags = []
    start = cycle.start
    if start is not None and cycle.end is not None and cycle.end < start:
        flags.append(
            f"it ends ({day_text(cycle.end)}) before it starts ({day_text(start)}): "
            "check both dates"
        )
    if decided_before_start(cycle):
        flags.append(
            f"decided ({day_text(cycle.decided_on)}) before it started ({day_text(start)}): "
            "check both dates; its days are left out of the median"
        )
    if cycle.decided_on is not None and cycle.decided_on > as_of:
        flags.append(
            f"decided on a day still to come ({day_text(cycle.decided_on)}): "
            "until then the figures read it as running"
        )
    early = [day_text(day) for day in cycle.debriefs if start is not None and day < start]
    if early:
        flags.append(
            f"debrief dates before it starts ({day_text(start)}): {', '.join(early)}: "
            "check the year"
        )
    return flags


# -- the log's velocity --------------------------------------------------------------------------


@dataclass(frozen=True)
class Logged:
    initiative: Initiative
    number: int  # 1 for an initiative's first cycle
    cycle: Cycle

    @property
    def label(self) -> str:
        return f"{self.initiative.name} · cycle {self.number}"


@dataclass(frozen=True)
class Velocity:
    cycles: int
    decided: int
    median_days: float | None  # start to decision, over decided cycles
    debriefed_share: float | None  # of ended cycles
    on_time_share: float | None  # decided by the kill date, of decided cycles with one
    kills_this_quarter: int
    pivots_this_quarter: int
    quarter: Quarter
    long: list[Logged] = field(default_factory=list)
    warning: str = ""
    left_out: int = 0  # decided cycles the median leaves out: decided before they started

    @property
    def summary(self) -> str:
        if not self.cycles:
            return "No learning cycle logged yet."
        parts = [f"{plural(self.cycles, 'cycle')} logged, {self.decided} decided"]
        if self.median_days is not None:
            parts.append(f"median {self.median_days:g} days from start to decision{self._of()}")
        if self.debriefed_share is not None:
            parts.append(f"{percent(self.debriefed_share)} of ended cycles debriefed")
        if self.on_time_share is not None:
            parts.append(f"{percent(self.on_time_share)} decided by their kill date")
        parts.append(
            f"{plural(self.kills_this_quarter, 'kill')} and "
            f"{plural(self.pivots_this_quarter, 'pivot')} in {self.quarter.label}"
        )
        return "; ".join(parts) + "."

    def _of(self) -> str:
        """Which decided cycles the median counts, when not all: one decided a year before
        it started (a date typed wrong) was left out of "7 decided; median 36.5 days"
        without a word."""
        if not self.left_out:
            return ""
        one = self.left_out == 1
        return (
            f" (of {self.decided - self.left_out}: {self.left_out} decided before "
            f"{'it' if one else 'they'} started left out, {'its' if one else 'their'} dates "
            "to check in step 9)"
        )


def logged(workshop: Workshop) -> list[Logged]:
    """Every cycle with its initiative and number, in portfolio order."""
    return [
        Logged(initiative, n, cycle)
        for initiative in workshop.initiatives
        for n, cycle in enumerate(initiative.cycles, start=1)
    ]


def velocity(workshop: Workshop, as_of: dt.date) -> Velocity:
    entries = logged(workshop)
    cycles = [e.cycle for e in entries]
    decided = [c for c in cycles if c.start is not None and decided_on(c, as_of) is not None]
    believed = [c for c in decided if counts_in_velocity(c, as_of)]
    ended = [c for c in cycles if has_ended(c, as_of)]
    timed = [ok for c in decided if (ok := decided_by_kill_date(c)) is not None]
    quarter = quarter_of(as_of, workshop.meta.fiscal_year_start_month)
    return Velocity(
        cycles=len(cycles),
        decided=len(decided),
        # A float whatever the count: statistics.median gives an int for an odd count of
        # ints, and status --json then wrote 32 for one workshop and 35.0 for the next.
        median_days=float(statistics.median(days_to_decision(c) or 0 for c in believed))
        if believed
        else None,
        debriefed_share=sum(was_debriefed(c, as_of) for c in ended) / len(ended) if ended else None,
        on_time_share=sum(timed) / len(timed) if timed else None,
        kills_this_quarter=_decided_in(cycles, CycleDecision.KILL, quarter, as_of),
        pivots_this_quarter=_decided_in(cycles, CycleDecision.PIVOT, quarter, as_of),
        quarter=quarter,
        long=[e for e in entries if is_long(e.cycle, as_of)],
        warning=nothing_stopped(workshop) if quiet_portfolio(workshop, as_of) else "",
        left_out=sum(decided_before_start(c) for c in decided),
    )


def counts_in_velocity(cycle: Cycle, as_of: dt.date) -> bool:
    """A decided cycle whose days to decision can be believed: decided by ``as_of``, not
    before it started."""
    return (
        decided_on(cycle, as_of) is not None
        and cycle.start is not None
        and not decided_before_start(cycle)
    )


def _decided_in(
    cycles: list[Cycle], decision: CycleDecision, quarter: Quarter, as_of: dt.date
) -> int:
    return sum(c.decision is decision and decided_in(c, quarter, as_of) for c in cycles)


def decided_in(cycle: Cycle, quarter: Quarter, as_of: dt.date) -> bool:
    """Decided in ``quarter`` by ``as_of``: a decision typed for a day still to come is not
    yet taken, whatever the quarter it names."""
    day = decided_on(cycle, as_of)
    return day is not None and quarter.start <= day <= quarter.end


def quiet_portfolio(workshop: Workshop, as_of: dt.date) -> bool:
    """More than five initiatives in play and no cycle killed in the last three months (91
    days up to ``as_of``, not a calendar quarter: a kill on the last day of one counts)."""
    if len(workshop.in_play()) <= QUIET_PORTFOLIO:
        return False
    since = as_of - dt.timedelta(days=QUIET_DAYS)
    kills = [
        day
        for initiative in workshop.initiatives
        for c in initiative.cycles
        if c.decision is CycleDecision.KILL and (day := decided_on(c, as_of)) is not None
    ]
    return not any(day >= since for day in kills)


#: Decisions after which the bet runs another cycle (a kill ends it, a scale leaves pilots).
GOES_ON = (CycleDecision.ITERATE, CycleDecision.PIVOT)


#: Cycles or initiatives a line of the missing list names; it counts the rest ("and 25
#: more"). A portfolio of 1,000 read 33 names on one line of ``gaptools status``.
GAPS_NAMED = 8


def learning_gaps(workshop: Workshop, as_of: dt.date) -> list[str]:
    """The missing list's lines for the log: a bet with no cycle, or none after one that
    decided to go on, cycles past their kill date undecided, debriefs skipped, and the
    quiet-portfolio warning."""
    gaps = []
    bet = workshop.initiative(workshop.bet.initiative or "")
    if bet is not None and not bet.cycles:
        gaps.append(f"the bet '{bet.name}' has no learning cycle logged yet (step 9)")
    elif bet is not None and (last := bet.cycles[-1]).decision in GOES_ON:
        day = decided_on(last, as_of)
        if day is not None and last.decision is not None:
            gaps.append(
                f"the bet '{bet.name}' goes on ({last.decision.value} on {day_text(day)}) "
                "with no next cycle logged: write it as a test before it starts (step 9)"
            )
    elif bet is not None and (differ := card_differences(workshop, last)):
        gaps.append(f"the bet's cycle {len(bet.cycles)}: {differ[0]} (step 9)")
    elif bet is not None and (lacks := unplanned(last)):
        number = len(bet.cycles)
        gaps.append(f"the bet's cycle {number} has {listed([lack for lack, _ in lacks])} (step 9)")
    overdue = past_kill_date(workshop, as_of)
    if overdue:
        gaps.append(
            f"{plural(len(overdue), 'cycle')} past the kill date with no decision: "
            + some_of([e.label for e in overdue], GAPS_NAMED)
            + " (step 9)"
        )
    skipped = [e for e in logged(workshop) if skipped_debrief(e.cycle, as_of) is not None]
    if skipped:
        gaps.append(
            f"{plural(len(skipped), 'cycle')} with a debrief passed and nothing written: "
            + some_of([e.label for e in skipped], GAPS_NAMED)
            + " (step 9)"
        )
    killed = [i.name for i in still_in_play_after_a_kill(workshop)]
    if killed:
        gaps.append(
            "killed in the learning log but still in play in step 1: "
            f"{some_of(killed, GAPS_NAMED)} "
            "(mark them killed, or log why they go on) (step 9)"
        )
    scaled = [i.name for i in still_a_pilot_after_scaling(workshop)]
    if scaled:
        gaps.append(
            "scaled in the learning log but still pilots in step 1: "
            f"{some_of(scaled, GAPS_NAMED)} (mark them in production, or log why not) (step 9)"
        )
    if quiet_portfolio(workshop, as_of):
        gaps.append(f"{nothing_stopped(workshop)} (step 9)")
    return gaps


def nothing_stopped(workshop: Workshop) -> str:
    """The quiet portfolio's warning, and the initiatives step 1 marks killed that the log
    cannot date: two pilots killed in step 1 in January left "nothing was killed in the last
    three months" said of a quarter that killed two."""
    undated = killed_unlogged(workshop)
    if not undated:
        return NOTHING_STOPPED
    marked = plural(len(undated), "initiative is", "initiatives are")
    return (
        "more than five initiatives are in play and the learning log shows nothing killed in the "
        f"last three months, but {marked} marked killed in step 1 with no kill logged, on no "
        "day it knows: log each decision in step 9 for it to count"
    )


def past_kill_date(workshop: Workshop, as_of: dt.date) -> list[Logged]:
    """The cycles past their kill date on ``as_of`` with no decision."""
    return [
        e
        for e in logged(workshop)
        if e.cycle.kill_by and e.cycle.decision is None and as_of > e.cycle.kill_by
    ]


def still_in_play_after_a_kill(workshop: Workshop) -> list[Initiative]:
    """Initiatives whose last decided cycle was a kill, but which step 1 still has in play."""
    return [
        initiative
        for initiative in workshop.in_play()
        if (last := last_decided(initiative)) is not None and last.decision is CycleDecision.KILL
    ]


def still_a_pilot_after_scaling(workshop: Workshop) -> list[Initiative]:
    """Pilots whose last decided cycle was to scale, which step 1 still calls pilots: step 1
    then counted a pilot the log had scaled among those stuck "without a decision"."""
    return [
        initiative
        for initiative in workshop.initiatives
        if initiative.stage is Stage.PILOT
        and (last := last_decided(initiative)) is not None
        and last.decision is CycleDecision.SCALE
    ]


def killed_unlogged(workshop: Workshop) -> list[Initiative]:
    """Initiatives step 1 marks killed with no kill in the log: killed, but on no day the log
    knows, so the three months' kills cannot count them."""
    return [
        initiative
        for initiative in workshop.initiatives
        if initiative.stage is Stage.KILLED
        and not any(c.decision is CycleDecision.KILL for c in initiative.cycles)
    ]


# -- blameless writing -------------------------------------------------------------------------


@cache
def _blame_pattern() -> tuple[re.Pattern[str], str]:
    """Any of the phrases, as whole words in any case. The look ahead at the phrases' first
    letters matches nothing the phrases would not: it spares each word the others start,
    most of them, a try of every phrase (the report of a thousand debriefs read them in
    half the time)."""
    data = load_json("blame_phrases.json")
    words = sorted(data["phrases"], key=len, reverse=True)
    firsts = "".join(sorted({re.escape(w[0]) for w in words if w}))
    pattern = rf"\b(?=[{firsts}])(" + "|".join(re.escape(w) for w in words) + r")\b"
    return re.compile(pattern, re.IGNORECASE), data["suggestion"]


def blame_suggestions(text: str, names: list[str]) -> list[str]:
    """Suggestions for writing ``text`` about the system, not the people: one for each blaming
    phrase (from ``data/blame_phrases.json``) and each participant named in it. Never a
    refusal: the team decides."""
    if not text.strip():
        return []  # most cycles have no debrief yet: nothing to read, for every participant
    pattern, suggestion = _blame_pattern()
    normal = text.replace("’", "'")
    found = []
    for phrase in dict.fromkeys(m.group(0).casefold() for m in pattern.finditer(normal)):
        found.append(f"'{phrase}' points at people: {suggestion}")
    if _anyone_named(normal, tuple(names)):
        for name in names:
            named = _name_pattern(name)
            if named is not None and named.search(normal):
                found.append(
                    f"'{name}' is named: a log the whole team reads is about what happened, "
                    "not who; name the role or the step instead"
                )
    return found


def _anyone_named(text: str, names: tuple[str, ...]) -> bool:
    """Whether any participant's name or first name is in ``text``: one search for them all,
    where the report read every cycle of a thousand initiatives once per participant. Most
    debriefs name nobody; one that does is then read name by name."""
    pattern = _names_pattern(names)
    return pattern is not None and pattern.search(text) is not None


@lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = dict.fromkeys(part for name in names for part in _name_parts(name))
    return _whole_words(list(parts))


@lru_cache(maxsize=256)
def _name_pattern(name: str) -> re.Pattern[str] | None:
    """The full name, or the first name alone, as a whole word in any case; compiled once
    per name."""
    return _whole_words(_name_parts(name))


def _name_parts(name: str) -> list[str]:
    return [part for part in (name, *name.split()[:1]) if part]


def _whole_words(parts: list[str]) -> re.Pattern[str] | None:
    if not parts:
        return None
    return re.compile("|".join(rf"\b{re.escape(part)}\b" for part in parts), re.IGNORECASE)


def cycle_blame(workshop: Workshop, cycle: Cycle, names: list[str] | None = None) -> list[str]:
    """Blame in what the debrief wrote: what was observed too, where "their fault" went
    unquestioned while the same words under what was learned were flagged. ``names``, the
    workshop's ``blame_names`` where a caller reads many cycles: worked out once."""
    text = f"{cycle.observed}\n{cycle.learned}\n{cycle.why}"
    return blame_suggestions(text, blame_names(workshop) if names is None else names)


def blame_names(workshop: Workshop) -> list[str]:
    """Whom a debrief should not name: the leaders in the room, and the people accountable
    for initiatives ("Mark's team was too slow" went unremarked, Mark being step 4's)."""
    names = [p.name for p in workshop.meta.participants]
    names += [i.ownership.accountable for i in workshop.initiatives]
    return list(dict.fromkeys(name.strip() for name in names if name.strip()))


def blame_flag(workshop: Workshop, cycle: Cycle) -> list[str]:
    """What to question of a debrief that points at people: the cycle's questions said
    "Nothing to question" under the suggestions to write it otherwise."""
    found = cycle_blame(workshop, cycle)
    if not found:
        return []
    return [
        f"the debrief points at people ({plural(len(found), 'suggestion')} under what it "
        "says): write what happened in the system, not who"
    ]


# -- edits the form makes ------------------------------------------------------------------------


def add_cycle(workshop: Workshop, initiative_id: str, today: dt.date) -> str:
    """A new cycle of the initiative, starting today (the dates can be changed). Refused
    while its last cycle is still blank: Add pressed twice made two empty cycles, and the
    log counted them ("3 cycles logged")."""
    initiative = find(workshop.initiatives, initiative_id)
    if initiative.cycles and is_blank(initiative.cycles[-1]):
        number = len(initiative.cycles)
        raise LearningError(
            f"cycle {number} of '{initiative.name}' is still blank: write it before adding "
            "another (or remove it)"
        )
    cycle = Cycle(start=today)
    initiative.cycles.append(cycle)
    return cycle.id


def card_differences(workshop: Workshop, cycle: Cycle) -> list[str]:
    """Where the bet's first cycle, started from the commitment card, and the card now say
    different things, until the cycle is decided: the card's kill criteria or its end
    changed in step 7 after the cycle was started left the log on the old ones, the canvas
    on the new, and step 9 found "Nothing to question"."""
    bet = workshop.bet
    if cycle.decision is not None or not bet.initiative:  # asked of every cycle of the log
        return []
    initiative = workshop.initiative(bet.initiative)
    if initiative is None:
        return []
    first = bet_cycle(workshop, initiative)
    if first is None or first.id != cycle.id:
        return []
    differ = []
    card_kill, log_kill = " ".join(bet.kill_criteria.split()), " ".join(cycle.kill_if.split())
    if card_kill and log_kill and card_kill != log_kill:
        card_said, log_said = shorten_apart(card_kill, log_kill, 80)
        differ.append(f"kill criteria (the card: '{card_said}'; this cycle: '{log_said}')")
    if bet.first_cycle_end and cycle.end and bet.first_cycle_end != cycle.end:
        differ.append(
            f"the end (the card: {day_text(bet.first_cycle_end)}; this cycle: "
            f"{day_text(cycle.end)})"
        )
    if not differ:
        return []
    return [
        f"the commitment card and this cycle, started from it, now differ on {listed(differ)}: "
        "agree which holds and write it in both (moved once the cycle runs, a kill criterion "
        "no longer tests anything)"
    ]


def is_blank(cycle: Cycle) -> bool:
    """Nothing written in the cycle but the dates a new one starts with."""
    dates = {"id", "start"}
    fresh = Cycle(id=cycle.id, start=cycle.start)
    return cycle.model_dump(exclude=dates) == fresh.model_dump(exclude=dates)


def first_cycle_from_card(workshop: Workshop) -> str:
    """The bet's first cycle, from its commitment card (step 7): the dates, the debriefs, the
    kill criteria and the metric, so nothing is typed twice. Refused when there is no bet or
    it already has a cycle."""
    bet = workshop.bet
    initiative = workshop.initiative(bet.initiative or "")
    if initiative is None:
        raise LearningError("choose the bet in step 7 first: its card starts the first cycle")
    if bet_cycle(workshop, initiative) is not None:
        raise LearningError(f"'{initiative.name}' already has its first cycle in the log")
    value = initiative.value
    unit = f" ({value.unit})" if value.unit else ""
    measure = shorten(f"{value.metric}{unit}", 200)
    cycle = Cycle(
        measure=measure,
        start=cycle_start(workshop),
        end=bet.first_cycle_end,
        debriefs=sorted(bet.debrief_dates),
        kill_if=bet.kill_criteria,
        kill_by=bet.first_cycle_end,
        # The value was written in step 3, before the cycle: the criterion dates from the
        # decision that wrote the card.
        success_written=decision_start(workshop) if value.target is not None else None,
        success=_target_sentence(initiative),
    )
    initiative.cycles.append(cycle)
    return cycle.id


def _target_sentence(initiative: Initiative) -> str:
    value = initiative.value
    if not value.metric or value.target is None:
        return ""
    return f"{value.metric} reaches {with_unit(value.target, value.unit)} in the pilot"


def decide(cycle: Cycle, decision: CycleDecision | None, on: dt.date | None) -> None:
    cycle.decision = decision
    cycle.decided_on = on if decision is not None else None


def write_success(cycle: Cycle, text: str, today: dt.date) -> None:
    """The result that proves us right, stamped with the day it was written."""
    cycle.success = text
    cycle.success_written = today if text.strip() else None
