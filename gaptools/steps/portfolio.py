"""Step 1: the portfolio as it is, and how stuck it is ("pilot purgatory").

A pilot is in purgatory when it has run longer than the threshold (a quarter, 12 weeks, by
default) and still has no production decision: it is neither in production, nor stalled or
killed by an explicit call. The figures here feed the notebook, the CLI and the canvas alike.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field

from gaptools.core.model import (
    Category,
    Cycle,
    CycleDecision,
    Initiative,
    Stage,
    StallReason,
    Workshop,
    name_key,
    renaming,
)
from gaptools.core.quarter import day_text
from gaptools.core.text import listed, plural, some_of
from gaptools.steps.bet import last_decided

DAYS_PER_WEEK = 7

#: The ``by_stage`` key (and funnel bar) for initiatives whose stage nobody has given yet; it
#: appears only when some initiative has none, so the counts always add up to the total.
NOT_GIVEN = "not_given"
NOT_GIVEN_LABEL = "Stage not given"
#: The same for a stalled initiative nobody has said why about: its own bar, never "Other",
#: which is a reason someone chose.
NO_REASON_LABEL = "Reason not given"


def rename_initiative(workshop: Workshop, initiative: Initiative, new: str) -> None:
    """A new name for ``initiative``, followed wherever the workshop names it: the bet, what
    it was chosen over, what was stopped for it, the gut checks and the ballots in the file.
    They name it as people write it, so a corrected spelling would otherwise leave the
    finished card pointing at an initiative no longer in the portfolio.

    An earlier decision, since replaced, keeps the names it was made under: it is a record.
    While an anonymous vote is open its ballots wait, unread, in the memory of the screen
    that opened it, under the names they were cast for, so no initiative is renamed then."""
    voting = workshop.voting
    if voting.mode == "anonymous" and voting.phase == "open" and voting.box:
        raise ValueError(
            "an anonymous vote is open, and its ballots, held at the facilitator's screen, "
            f"name '{initiative.name}' as it is: rename it after the reveal"
        )
    follow_initiative(workshop, initiative.name, new)
    initiative.name = new


def set_category(workshop: Workshop, initiative: Initiative, chosen: object) -> None:
    """``initiative``'s category as chosen in step 1. An agentic workflow acts on its own, so
    that category marks it agentic (``Initiative``'s rule); the mark goes with the category
    when another is chosen: "Invoice matching", filed under Agentic workflow by mistake and
    moved to Process automation, stayed agentic, and steps 4, 5 and 7 asked for the gates of
    an agent. Step 4's Agentic box marks any initiative again."""
    category = Category(chosen)
    if initiative.category is Category.AGENTIC_WORKFLOW and category is not initiative.category:
        initiative.agentic = False
    initiative.category = category


def follow_initiative(workshop: Workshop, old_name: str, new: str) -> None:
    """Everything that names the initiative ``old_name`` names it ``new``
    (``rename_initiative``; a merge does it to a leader's copy made before a rename)."""
    follow = renaming(old_name, new)
    voting = workshop.voting
    bet = workshop.bet
    if bet.initiative is not None:
        bet.initiative = follow(bet.initiative)
    bet.options_considered = [follow(name) for name in bet.options_considered]
    bet.stopped = [follow(name) for name in bet.stopped]
    for check in workshop.gut_checks:
        check.initiative = follow(check.initiative)
    for ballot in voting.ballots:
        dots: dict[str, int] = {}
        for name, count in ballot.dots.items():
            dots[follow(name)] = dots.get(follow(name), 0) + count
        ballot.dots = dots


def what_removing_loses(workshop: Workshop, initiative: Initiative) -> str:
    """What goes with ``initiative`` if it is removed, said before it is: what it holds, and
    where the commitment card names it (which goes on naming it, as a record)."""
    held = [
        part
        for part, there in (
            ("its value", initiative.value.metric or initiative.value.target is not None),
            ("its owners", initiative.ownership.accountable or initiative.ownership.raci),
            ("its readiness", initiative.readiness.checklist or initiative.readiness.risks),
            ("its estimates", initiative.priority.value is not None or initiative.effort_weeks),
            ("its learning log", initiative.cycles),
        )
        if there
    ]
    words = f"Remove {initiative.name}" + (f" and {listed(held)}?" if held else "?")
    key = name_key(initiative.name)
    bet = workshop.bet
    named = [
        role
        for role, names in (
            ("as the bet", [bet.initiative or ""]),
            ("as stopped to free capacity", bet.stopped),
            ("as an option considered", bet.options_considered),
        )
        if any(name_key(n) == key for n in names)
    ]
    if named:
        words += f" The commitment card names it {listed(named)}."
    return words + " Undo brings it back only from this notebook, while it stays open."


def pilot_age_weeks(initiative: Initiative, on: dt.date) -> float | None:
    """Weeks from the start date to ``on``; None when it has not started (or starts later)."""
    if initiative.started is None or initiative.started > on:
        return None
    return (on - initiative.started).days / DAYS_PER_WEEK


def in_purgatory(initiative: Initiative, on: dt.date, threshold_weeks: float) -> bool:
    """A pilot older than the threshold that nobody has yet moved to production or stopped:
    one the learning log last decided to scale or kill has had its decision, though its stage
    still says pilot (``logged_decision``)."""
    if initiative.stage is not Stage.PILOT or logged_decision(initiative) is not None:
        return False
    age = pilot_age_weeks(initiative, on)
    return age is not None and age > threshold_weeks


#: What the learning log can decide of a pilot that ends it being one.
ENDING_A_PILOT = (CycleDecision.SCALE, CycleDecision.KILL)


def logged_decision(initiative: Initiative) -> Cycle | None:
    """The learning log's last decided cycle, when it decided to scale or to kill: step 1
    counted a pilot decided so in step 9 as stuck "without a decision"."""
    last = last_decided(initiative)
    return last if last is not None and last.decision in ENDING_A_PILOT else None


def _decided(name: str, cycle: Cycle) -> str:
    """ "Claims intake copilot (scale on 23 Dec 2026)": a pilot as the log decided it."""
    decision = cycle.decision.value if cycle.decision else ""
    on = f" on {day_text(cycle.decided_on)}" if cycle.decided_on else ""
    return f"{name} ({decision}{on})"


def stalled_without_reason(workshop: Workshop) -> list[str]:
    """Stalled initiatives nobody has said why about. The stall-reason chart shows them apart
    (``NO_REASON_LABEL``); the missing list asks for the reason."""
    return [i.name for i in workshop.initiatives if i.stage is Stage.STALLED and not i.stall_reason]


def listing_gaps(workshop: Workshop) -> list[str]:
    """What step 1 lacks before anything else: the initiatives themselves. It is the
    first line of the missing list after the set-up's, whichever step the reader is in."""
    return [] if workshop.initiatives else ["no initiatives yet: list them in step 1"]


def stall_gaps(unexplained: list[str]) -> list[str]:
    """What step 1 still lacks, for the workshop's 'missing' list."""
    if not unexplained:
        return []
    count = len(unexplained)
    return [
        f"{plural(count, 'stalled initiative has', 'stalled initiatives have')} no reason "
        "given (step 1)"
    ]


def without_stage(workshop: Workshop) -> list[str]:
    """Initiatives with no stage yet: an import met a stage word it did not know and left the
    choice to the room."""
    return [i.name for i in workshop.initiatives if i.stage is None]


def stage_gaps(unstaged: list[str]) -> list[str]:
    """What step 1 still lacks when some initiatives have no stage, for the 'missing' list."""
    if not unstaged:
        return []
    count = len(unstaged)
    return [
        f"{plural(count, 'initiative has', 'initiatives have')} no stage yet: choose one (step 1)"
    ]


def reason_label(key: str) -> str:
    """The words for a ``stall_reasons`` key: a reason's label, or "Reason not given"."""
    return NO_REASON_LABEL if key == NOT_GIVEN else StallReason(key).label


def stage_label(key: str) -> str:
    """The words for a ``by_stage`` key: a stage's label, or "Stage not given"."""
    return NOT_GIVEN_LABEL if key == NOT_GIVEN else Stage(key).label


@dataclass(frozen=True)
class PilotAge:
    name: str
    weeks: float
    stuck: bool


@dataclass(frozen=True)
class Diagnosis:
    """Everything the portfolio step shows, computed once per change."""

    total: int
    by_stage: dict[str, int]
    by_category: dict[str, int]
    pilots: int
    in_production: int
    pilot_to_production: float | None
    pilot_ages: list[PilotAge]
    median_pilot_weeks: float | None
    in_purgatory: list[str]
    stall_reasons: dict[str, int]
    threshold_weeks: int
    without_reason: list[str]  # stalled initiatives with no reason given
    without_stage: list[str] = field(default_factory=list)  # no stage given yet
    without_start: list[str] = field(default_factory=list)  # pilots of unknown age
    decided_in_log: list[str] = field(default_factory=list)  # "name (scale on …)", still pilots

    @property
    def summary(self) -> str:
        """The sentence a facilitator reads out."""
        if not self.total:
            return "No initiatives yet: list them or import a spreadsheet."
        if not self.pilots:
            return "No pilots running at the moment."
        stuck = len(self.in_purgatory)
        noun = "pilot has" if self.pilots == 1 else "pilots have"
        threshold = (
            "longer than a quarter"
            if self.threshold_weeks == 12
            else f"longer than {self.threshold_weeks} weeks"
        )
        said = f"{stuck} of {self.pilots} {noun} run {threshold} without a decision"
        return f"{said}{self._unknown_ages}."

    @property
    def decided_sentence(self) -> str:
        """The pilots step 9 has decided, which step 1 still calls pilots: not stuck, but
        their stage is behind the log."""
        if not self.decided_in_log:
            return ""
        return (
            "Decided in the learning log (step 9), still pilots here: "
            f"{some_of(self.decided_in_log, NAMED_UNDATED)}. Set their stage in the table."
        )

    @property
    def _unknown_ages(self) -> str:
        """The pilots with no start date, which no count of age can include."""
        count = len(self.without_start)
        if not count:
            return ""
        have, run = ("has", "it has") if count == 1 else ("have", "they have")
        return (
            f"; {count} {have} no start date, so how long {run} run is unknown: "
            f"{some_of(self.without_start, NAMED_UNDATED)}"
        )

    @property
    def ratio_text(self) -> str:
        if self.pilot_to_production is None:
            return f"{plural(self.pilots, 'pilot')} and nothing in production yet."
        ratio = f"{self.pilot_to_production:.1f}".removesuffix(".0")
        return (
            f"{ratio} {'pilot' if ratio == '1' else 'pilots'} for every initiative in "
            f"production ({plural(self.pilots, 'pilot')}, {self.in_production} in production)."
        )


#: Undated pilots named in step 1's sentence; a sheet with no start column has all of them.
NAMED_UNDATED = 5


def diagnose(workshop: Workshop) -> Diagnosis:
    on = workshop.meta.date
    threshold = workshop.settings.purgatory_weeks
    initiatives = workshop.initiatives
    stages = Counter(i.stage for i in initiatives)
    categories = Counter(i.category for i in initiatives)
    pilots = [i for i in initiatives if i.stage is Stage.PILOT]
    ages = [
        PilotAge(i.name, age, in_purgatory(i, on, threshold))
        for i in pilots
        if (age := pilot_age_weeks(i, on)) is not None
    ]
    ages.sort(key=lambda a: a.weeks, reverse=True)
    production = stages[Stage.PRODUCTION]
    reasons = Counter(
        i.stall_reason.value if i.stall_reason else NOT_GIVEN
        for i in initiatives
        if i.stage is Stage.STALLED
    )
    return Diagnosis(
        total=len(initiatives),
        by_stage={
            **{stage.value: stages[stage] for stage in Stage},
            **({NOT_GIVEN: stages[None]} if stages[None] else {}),
        },
        by_category={category.value: categories[category] for category in Category},
        pilots=len(pilots),
        in_production=production,
        pilot_to_production=len(pilots) / production if production else None,
        pilot_ages=ages,
        median_pilot_weeks=statistics.median(a.weeks for a in ages) if ages else None,
        in_purgatory=[a.name for a in ages if a.stuck],
        stall_reasons=dict(reasons.most_common()),
        threshold_weeks=threshold,
        without_reason=stalled_without_reason(workshop),
        without_stage=without_stage(workshop),
        without_start=[i.name for i in pilots if i.started is None],
        decided_in_log=[_decided(i.name, cycle) for i in pilots if (cycle := logged_decision(i))],
    )
