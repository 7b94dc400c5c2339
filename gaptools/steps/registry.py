"""The workshop's steps, in order: the one list everything else derives from.

The agenda of a new workshop, ``status`` with its keys and its ``missing`` list, the report's
sections, the start notebook's progress and each notebook's "Next" link all read this list, so
a step that does not exist appears nowhere. Adding a step is one rules module, one form, one
notebook and one entry in ``STEPS``.

Each entry says, for its step: its number, notebook and title; the agenda line it gets in a
facilitated session and on the self-paced path; what it still lacks, in plain words; the keys
it adds to ``status --json`` and how they are computed; the report's renderer for its
section; and the canvas boxes its figures fill.

This module imports the step modules; they never import it, so the list stays at the top of
the rules layer with no cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import ValidationError

from gaptools.core.errors import WorkshopError, validation_problems
from gaptools.core.model import AgendaItem, Initiative, Meta, Workshop, new_id
from gaptools.core.quarter import planned_quarter
from gaptools.steps import (
    bet,
    commitments,
    contested,
    learning,
    maturity,
    ownership,
    portfolio,
    prioritise,
    pulse,
    readiness,
    start,
    value,
)

FACILITATED = "facilitated"
SELF_PACED = "self_paced"
KINDS = (FACILITATED, SELF_PACED)


class Figures:
    """What several steps' status keys and missing lines share, each worked out at most once
    per look at the workshop.

    The ranking is drawn without its stability simulation: status, the missing list and the
    canvas need only the line. A view that shows stability (the report) asks for it, and its
    ranking and its other figures then share one ranking and one readiness per initiative."""

    def __init__(
        self,
        workshop: Workshop,
        stability: bool = False,
        as_of: dt.date | None = None,
    ) -> None:
        self.workshop = workshop
        self.stability = stability
        self.as_of = as_of or dt.date.today()  # "now" for the learning log
        # Each initiative's readiness, by the object scored (kept with it, so an id is never
        # mistaken for another's): the not-ready count and the ranking both read it.
        self._readiness: dict[int, tuple[Initiative, readiness.ReadinessScore]] = {}

    def readiness_of(self, initiative: Initiative) -> readiness.ReadinessScore:
        """The initiative's readiness, scored once however many figures read it."""
        known = self._readiness.get(id(initiative))
        if known is None or known[0] is not initiative:
            known = (initiative, readiness.readiness(initiative))
            self._readiness[id(initiative)] = known
        return known[1]

    @cached_property
    def diagnosis(self) -> portfolio.Diagnosis:
        return portfolio.diagnose(self.workshop)

    @cached_property
    def spread(self) -> contested.Spread:
        return contested.lens_spread(self.workshop)

    @cached_property
    def values(self) -> value.ValueCounts:
        return value.value_counts(self.workshop)

    @cached_property
    def unowned(self) -> list[str]:
        return ownership.unowned(self.workshop)

    @cached_property
    def findings(self) -> list[ownership.Finding]:
        return ownership.findings(self.workshop)

    @cached_property
    def not_ready(self) -> list[str]:
        return readiness.not_ready(self.workshop, self.readiness_of)

    @cached_property
    def risky(self) -> int:
        return readiness.high_risks_unmitigated(self.workshop)

    @cached_property
    def ranking(self) -> prioritise.Ranking:
        return prioritise.rank(
            self.workshop, stability=self.stability, readiness_of=self.readiness_of
        )

    @cached_property
    def card(self) -> bet.Card:
        return bet.card(self.workshop)

    @cached_property
    def pulse_view(self) -> pulse.PulseView:
        return pulse.pulse_view(self.workshop)

    @cached_property
    def velocity(self) -> learning.Velocity:
        return learning.velocity(self.workshop, self.as_of)

    @cached_property
    def maturity_view(self) -> maturity.MaturityView:
        return maturity.maturity_view(self.workshop)


def figures_of(looked: Workshop | Figures) -> Figures:
    """The figures of a workshop, or the ones already worked out, so callers can share them."""
    return looked if isinstance(looked, Figures) else Figures(looked)


@dataclass(frozen=True)
class AgendaLine:
    """A step's line in the suggested agenda: its wording for that kind of session and its
    default minutes."""

    title: str
    minutes: int


def _nothing(_: Figures) -> list[str]:
    return []


def _no_facts(_: Figures) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Step:
    """One step of the workshop and everything the rest of the package reads about it, so a
    new step is added in one place and shows up everywhere at once."""

    number: int
    key: str  # the notebook's name, "03_define_value"
    title: str  # as the notebook's heading names the step
    agenda: dict[str, AgendaLine]  # by kind of session
    lacks: Callable[[Figures], list[str]] = _nothing
    status_keys: tuple[str, ...] = ()
    facts: Callable[[Figures], dict[str, Any]] = _no_facts
    report: str | None = None  # the report's renderer for this step's section
    canvas: tuple[str, ...] = ()  # the canvas boxes its figures fill
    # It looks at each initiative: with none listed it has nothing to look at, which is
    # not the same as having nothing missing (``Progress.waiting``).
    reads_initiatives: bool = False
    # What the step's own checks still flag that the workshop does not lack (findings to
    # resolve, readiness not begun, a canvas waiting for its card): step 0's list shows it
    # where nothing is missing, so "nothing missing" is not read as "nothing to do here".
    flags: Callable[[Figures], list[str]] = _nothing

    @property
    def heading(self) -> str:
        """The step as every list of steps and the report name it: "3 · Define value: …"."""
        return f"{self.number} · {self.title}"

    def minutes(self, kind: str = FACILITATED) -> int:
        """The default time-box for this kind of session."""
        return self.agenda[kind].minutes

    def missing(self, looked: Workshop | Figures) -> list[str]:
        """What this step still lacks, in plain words."""
        return self.lacks(figures_of(looked))

    def status(self, looked: Workshop | Figures) -> dict[str, Any]:
        """The keys this step adds to ``status --json``."""
        return self.facts(figures_of(looked))


# -- what each step adds to status and to the missing list ------------------------------------


def _start_facts(f: Figures) -> dict[str, Any]:
    meta = f.workshop.meta
    return {
        "team": meta.team,
        "organisation": meta.organisation,
        "quarter": planned_quarter(meta).label,
        "participants": len(meta.participants),
        "survey_responses": f.workshop.survey.responses,
    }


def _portfolio_facts(f: Figures) -> dict[str, Any]:
    return {
        "initiatives": len(f.workshop.initiatives),
        "in_purgatory": len(f.diagnosis.in_purgatory),
        "by_stage": f.diagnosis.by_stage,
    }


def _value_facts(f: Figures) -> dict[str, Any]:
    return {
        "deploy_ready": len(f.values.deploy_ready),
        "explore": len(f.values.explore),
        "in_play": f.values.in_play,
    }


def _ownership_facts(f: Figures) -> dict[str, Any]:
    return {"unowned": len(f.unowned), "ownership_findings": len(f.findings)}


def _readiness_facts(f: Figures) -> dict[str, Any]:
    return {"not_ready": len(f.not_ready), "high_risks_unmitigated": f.risky}


def _bet_facts(f: Figures) -> dict[str, Any]:
    return {
        "bet": f.card.name,
        "bet_complete": f.card.bet_complete,
        # Anonymous ballots stay sealed until the reveal; who voted here does not.
        "votes": f.workshop.voting.ballots_cast,
        "gut_checks": len(f.workshop.gut_checks),
        # Added later: "no bet yet" chosen on purpose, which "bet": null alone did not tell
        # from a decision not taken yet.
        "no_bet_yet": f.card.shape == bet.NO_BET_YET,
        # Added later: a bet killed since it was chosen (in step 1, or by the learning log)
        # still read "bet": its name, and a roll-up counted it as a team's live bet.
        "bet_ended": f.card.ended,
    }


def _change_facts(f: Figures) -> dict[str, Any]:
    return {
        # Every answer given, sealed ones waiting for their batch included: a count says
        # nothing about who answered what.
        "pulse_responses": pulse.responses(f.workshop),
        "commitments_complete": commitments.complete_count(f.workshop),
    }


def _learning_facts(f: Figures) -> dict[str, Any]:
    return {
        "cycles": f.velocity.cycles,
        "median_cycle_days": f.velocity.median_days,
        "kills_this_quarter": f.velocity.kills_this_quarter,
        "maturity_raters": maturity.raters(f.workshop),
        # Added later, so after the step's first keys: the share of ended cycles debriefed
        # (a fraction; None before any cycle has ended).
        "debriefed_share": f.velocity.debriefed_share,
    }


def _lines(facilitated: tuple[str, int], self_paced: tuple[str, int]) -> dict[str, AgendaLine]:
    return {FACILITATED: AgendaLine(*facilitated), SELF_PACED: AgendaLine(*self_paced)}


STEPS: tuple[Step, ...] = (
    Step(
        0,
        "00_start_here",
        "Start here",
        _lines(("Welcome, purpose and ground rules", 10), ("Set up your workshop", 10)),
        lacks=lambda f: start.setup_gaps(f.workshop, f.as_of),
        status_keys=("team", "organisation", "quarter", "participants", "survey_responses"),
        facts=_start_facts,
        report="workshop",
    ),
    Step(
        1,
        "01_portfolio",
        "The portfolio and pilot purgatory",
        _lines(
            ("Portfolio and pilot purgatory", 20),
            ("List your initiatives and read the diagnosis", 30),
        ),
        lacks=lambda f: (
            portfolio.listing_gaps(f.workshop)
            + portfolio.stage_gaps(f.diagnosis.without_stage)
            + portfolio.stall_gaps(f.diagnosis.without_reason)
        ),
        status_keys=("initiatives", "in_purgatory", "by_stage"),
        facts=_portfolio_facts,
        report="portfolio",
    ),
    Step(
        2,
        "02_contested_value",
        "What would AI success look like for us?",
        _lines(("What would success look like?", 15), ("Collect definitions of success", 20)),
        lacks=lambda f: contested.definition_gaps(f.spread),
        flags=lambda f: contested.comparable_flags(f.spread),
        status_keys=("contested", "definitions"),
        facts=lambda f: {
            # With one view or none, neither: "false" read as agreed (the roll-up said null).
            "contested": f.spread.contested if f.spread.comparable else None,
            "definitions": len(f.workshop.success_definitions),
        },
        report="success",
    ),
    Step(
        3,
        "03_define_value",
        "Define value: metric, magnitude, date",
        _lines(
            ("Define value: metric, magnitude, date", 30),
            ("Write each value as metric, magnitude, date", 45),
        ),
        lacks=lambda f: value.explore_gaps(f.values),
        status_keys=("deploy_ready", "explore", "in_play"),
        facts=_value_facts,
        reads_initiatives=True,
        report="value",
        canvas=("The value sentence under the bet", "Lead measures (weekly)", "Guardrail"),
    ),
    Step(
        4,
        "04_ownership",
        "One accountable owner",
        _lines(("One accountable owner", 20), ("Map who owns what", 30)),
        lacks=lambda f: ownership.owner_gaps(f.unowned),
        flags=lambda f: ownership.finding_flags(f.findings),
        status_keys=("unowned", "ownership_findings"),
        facts=_ownership_facts,
        reads_initiatives=True,
        report="ownership",
        canvas=("Accountable owner",),
    ),
    Step(
        5,
        "05_readiness_governance",
        "Readiness and governance",
        _lines(("Readiness and governance", 15), ("Check readiness and risk", 30)),
        lacks=lambda f: readiness.risk_gaps(f.risky),
        flags=lambda f: readiness.not_ready_flags(f.not_ready),
        status_keys=("not_ready", "high_risks_unmitigated"),
        facts=_readiness_facts,
        reads_initiatives=True,
        report="readiness",
        canvas=("Readiness gaps to close", "Top risks"),
    ),
    Step(
        6,
        "06_prioritise",
        "Prioritise against real capacity",
        _lines(("Prioritise against capacity", 20), ("Score and draw the capacity line", 30)),
        lacks=lambda f: (
            prioritise.estimate_gaps(f.ranking)
            + prioritise.weight_gaps(f.workshop.settings.weights)
        ),
        status_keys=("above_line",),
        facts=lambda f: {"above_line": f.ranking.above},
        reads_initiatives=True,
        report="priorities",
        canvas=("Front-runners from step 6",),
    ),
    Step(
        7,
        "07_single_bet",
        "The single bet",
        _lines(("The single bet", 20), ("Choose and commit to one bet", 30)),
        lacks=lambda f: [g if "step 7" in g else f"{g} (step 7)" for g in f.card.gaps],
        status_keys=("bet", "bet_complete", "votes", "gut_checks", "no_bet_yet", "bet_ended"),
        facts=_bet_facts,
        report="bet",
        canvas=(
            "The choice",
            "What the commitment card needs",
            "First pilot cycle",
            "Debriefs",
            "Kill criteria",
            "Stopped or paused to free capacity",
            "What we will explore instead",
            "Decision",
        ),
    ),
    Step(
        8,
        "08_lead_the_change",
        "Lead the change",
        _lines(
            ("Lead the change: the pulse and our commitments", 15),
            ("Take the pulse and write your commitment", 30),
        ),
        lacks=lambda f: pulse.pulse_gaps(f.workshop) + commitments.commitment_gaps(f.workshop),
        status_keys=("pulse_responses", "commitments_complete"),
        facts=_change_facts,
        report="change",
        canvas=("The room's pulse", "Leaders' commitments"),
    ),
    Step(
        9,
        "09_learning_velocity",
        "Learning velocity and execution maturity",
        _lines(
            ("Learning velocity and execution maturity", 15),
            ("Start the learning log and rate execution maturity", 30),
        ),
        lacks=lambda f: (
            learning.learning_gaps(f.workshop, f.as_of) + maturity.maturity_gaps(f.workshop)
        ),
        status_keys=(
            "cycles",
            "median_cycle_days",
            "kills_this_quarter",
            "maturity_raters",
            "debriefed_share",
        ),
        facts=_learning_facts,
        report="learning",
    ),
    Step(
        10,
        "10_export",
        "Export the canvas",
        _lines(
            ("Export the canvas and agree who sends it to whom", 10),
            ("Export the canvas and send it", 15),
        ),
        flags=lambda f: [] if f.card.complete else [bet.CANVAS_WAITS],
    ),
)


@dataclass(frozen=True)
class Companion:
    """A notebook that serves the workshop without being one of its steps (it has no agenda
    line, no status keys): it sits beside the step it goes with and leads to ``leads_to``."""

    key: str
    title: str
    beside: str  # the step it goes with
    leads_to: str | None  # the step a person goes on to from it, if any


COMPANIONS: tuple[Companion, ...] = (
    Companion(
        "00b_survey", "The pre-workshop survey", beside="00_start_here", leads_to="01_portfolio"
    ),
    # The transformation office's view of many teams: after their workshops, not one of them.
    Companion("11_rollup", "The roll-up of many teams", beside="10_export", leads_to=None),
)


def companion(key: str) -> Companion:
    for each in COMPANIONS:
        if each.key == key:
            return each
    raise KeyError(f"there is no companion notebook {key!r}")


#: The facilitated session pauses once, after this step.
BREAK_AFTER = "04_ownership"
BREAK = {FACILITATED: AgendaLine("Break", 10)}
BREAK_KEY = "break"


# -- finding steps ------------------------------------------------------------------------------


def steps() -> tuple[Step, ...]:
    """Every step that exists, in workshop order."""
    return STEPS


def step(which: int | str) -> Step:
    """A step by its number (3) or its notebook's name ("03_define_value")."""
    for candidate in STEPS:
        if which in (candidate.number, candidate.key):
            return candidate
    raise KeyError(f"there is no step {which!r}")


def next_step(key: str) -> Step | None:
    """The step after the one with this notebook name; None after the last."""
    position = STEPS.index(step(key))
    return STEPS[position + 1] if position + 1 < len(STEPS) else None


def notebook_url(which: Step) -> str:
    """The step's notebook, relative to the other notebooks: a link from one form to the next
    works the same in JupyterLab and under Voilà."""
    return f"{which.key}.ipynb"


# -- what derives from the list -----------------------------------------------------------------


def default_agenda(kind: str = FACILITATED) -> list[AgendaItem]:
    """The suggested running order for a kind of session: one item per step, and the break."""
    if kind not in KINDS:
        raise KeyError(f"no agenda for '{kind}': choose one of {', '.join(KINDS)}")
    items = []
    for each in STEPS:
        line = each.agenda[kind]
        items.append(AgendaItem(step=each.key, title=line.title, minutes=line.minutes))
        if each.key == BREAK_AFTER and kind in BREAK:
            pause = BREAK[kind]
            items.append(AgendaItem(step=BREAK_KEY, title=pause.title, minutes=pause.minutes))
    return items


def new_workshop(team: str = "", date: dt.date | None = None) -> Workshop:
    """An empty workshop dated today with the facilitated agenda, ready to fill in; a team
    name the model refuses (too long) is a ``WorkshopError`` in words, which step 0's Create
    shows (the model's own error went unhandled there, and the button seemed to do nothing)."""
    try:
        meta = Meta(
            workshop_id=new_id(), team=team, date=date or dt.date.today(), agenda=default_agenda()
        )
    except ValidationError as error:
        raise WorkshopError(validation_problems(error.errors())) from None
    return Workshop(meta=meta)


def missing(looked: Workshop | Figures) -> list[str]:
    """What the workshop still lacks, step by step in workshop order, in plain words."""
    figures = figures_of(looked)
    return [gap for each in STEPS for gap in each.missing(figures)]


def status_facts(looked: Workshop | Figures) -> dict[str, Any]:
    """Every step's status keys, in workshop order."""
    figures = figures_of(looked)
    facts: dict[str, Any] = {}
    for each in STEPS:
        facts.update(each.status(figures))
    return facts


@dataclass(frozen=True)
class Progress:
    """A step's line in the start notebook's checklist. ``waiting``: the step looks at each
    initiative and none is listed yet, so that it lacks nothing says nothing about it;
    ``flags``: what it still asks to look at, though the workshop lacks none of it."""

    step: Step
    missing: list[str]
    waiting: bool = False
    flags: list[str] = field(default_factory=list)  # ``Step.flags``: to look at, not lacking

    @property
    def done(self) -> bool:
        return not self.missing and not self.waiting and not self.flags


def progress(looked: Workshop | Figures) -> list[Progress]:
    """Each step with what it still lacks, for the start notebook's checklist."""
    figures = figures_of(looked)
    return [_progress(each, figures, _waiting(each, figures)) for each in STEPS]


def flagged(looked: Workshop | Figures) -> list[tuple[Step, str]]:
    """What each step asks to look at, as ``progress`` flags it, without working out again
    what each lacks: status has its missing list already."""
    figures = figures_of(looked)
    return [
        (each, flag)
        for each in STEPS
        if not _waiting(each, figures)
        for flag in each.flags(figures)
    ]


def _waiting(step: Step, figures: Figures) -> bool:
    """The step looks at each initiative and none is listed yet."""
    return step.reads_initiatives and not figures.workshop.initiatives


def _progress(step: Step, figures: Figures, waiting: bool) -> Progress:
    """A step waiting for the initiatives flags nothing either: it has nothing to look at."""
    flags = [] if waiting else step.flags(figures)
    return Progress(step, step.missing(figures), waiting, flags)
