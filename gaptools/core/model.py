"""The workshop document: one validated model that every step, the CLI and every export read.

Each step of the workshop owns one part of it: the metadata and agenda (step 0), the
initiatives with their value, ownership and readiness (steps 1, 3, 4, 5), the room's
definitions of success (step 2) and the bet (step 7). Later steps add their own sections;
a section that changes shape bumps ``SCHEMA_VERSION`` and registers a migration in
``gaptools.core.migrate`` so that older files keep loading.

This module imports only pydantic and the core's text rules so that the CLI, the rules and
the tests stay light.
"""

# Annotations here are objects, not text (no ``from __future__ import annotations``): pydantic
# would compile each of the model's field annotations back from text when the module loads,
# a noticeable share of every command's start-up.
import datetime as dt
import hashlib
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from gaptools.core.text import hidden_characters_pattern

SCHEMA_VERSION = 10

EntryT = TypeVar("EntryT", bound="Entry")


def _empty_list() -> list[Any]:
    """A new empty list for a field's default. Defaults come from plain functions because
    pydantic reads each factory's signature when it builds the model, and a builtin's (``list``,
    a model class) is parsed from text, slowly: a noticeable part of every command's start-up."""
    return []


def _empty_dict() -> dict[Any, Any]:
    """A new empty mapping for a field's default (see ``_empty_list``)."""
    return {}


PartT = TypeVar("PartT", bound=BaseModel)


def _fresh(model: type[PartT]) -> Callable[[], PartT]:
    """A factory of ``model()`` for a field's default (see ``_empty_list``), kept in this
    module under its name (``new_Weights``): the model's schema names its functions, to be
    kept between processes (``files.validator_cache``), and one made here is found by it."""

    def make() -> PartT:
        return model()

    make.__qualname__ = make.__name__ = f"new_{model.__name__}"
    globals()[make.__name__] = make
    return make


# Names and short fields are printed on one line by the CLI, in tables and on the canvas: a
# control character there could rewrite a terminal, a bidi override disguise the name.
# Descriptions and sentences may span lines and hold tabs, but nothing else hidden. Both
# rules are patterns checked by pydantic's compiled validator, thousands of strings a file,
# far faster than a Python call for each; ``errors`` turns a refusal back into words naming
# the character (``text.hidden_character_problem``), and the JSON Schema shows the pattern.
ONE_LINE = hidden_characters_pattern("")
SEVERAL_LINES = hidden_characters_pattern("\n\t")

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120, pattern=ONE_LINE)
]
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200, pattern=ONE_LINE)
]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=5000, pattern=SEVERAL_LINES)
]
SENTENCE_LIMIT = 1000  # characters of a definition of success: one sentence, not an essay
Sentence = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=SENTENCE_LIMIT, pattern=SEVERAL_LINES
    ),
]


def _not_a_number(value: object) -> object:
    # Pydantic would read 0 as 1 Jan 1970; in a workshop file a number there is a mistake.
    if isinstance(value, int | float):
        raise ValueError("is not a date; write it as YYYY-MM-DD")
    return value


def _not_seconds(value: object) -> object:
    # Pydantic would read 32400 as 09:00, seconds since midnight: a number is a mistake here too.
    if isinstance(value, int | float):
        raise ValueError("is not a time of day; write it as HH:MM")
    return value


def _not_true_false(value: object) -> object:
    # true/false would silently become 1 or 0.
    if isinstance(value, bool):
        raise ValueError("must be a number, not true or false")
    return value


# A browser's date box sends every date it can make while a year is typed (0002, 0020,
# 0202, then 2027), and pydantic reads year 3 as readily as 2027: a date outside these years
# is a slip, never a plan, and it would also break the charts' time axes.
EARLIEST_DAY, LATEST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
# The bounds come first, so pydantic's compiled validator checks them, not a Python call.
Day = Annotated[dt.date, Field(ge=EARLIEST_DAY, le=LATEST_DAY), BeforeValidator(_not_a_number)]
ClockTime = Annotated[dt.time, BeforeValidator(_not_seconds)]
Number = Annotated[float, BeforeValidator(_not_true_false)]
Whole = Annotated[int, BeforeValidator(_not_true_false)]


class Labelled(StrEnum):
    """A stored code with the words a person reads; codes stay stable, labels may improve."""

    @property
    def label(self) -> str:
        special = LABELS.get(f"{type(self).__name__}.{self.value}")
        return special or self.value.replace("_", " ").capitalize()


class Category(Labelled):
    INTERNAL_COPILOT = "internal_copilot"
    PROCESS_AUTOMATION = "process_automation"
    CUSTOMER_SUPPORT = "customer_support"
    ANALYTICS = "analytics"
    AGENTIC_WORKFLOW = "agentic_workflow"
    PRODUCTIVITY_PLATFORM = "productivity_platform"
    RECOMMENDATION = "recommendation"
    OTHER = "other"


class Stage(Labelled):
    IDEA = "idea"
    PILOT = "pilot"
    PRODUCTION = "production"
    STALLED = "stalled"
    KILLED = "killed"


class StallReason(Labelled):
    WAITING_FOR_LANDSCAPE = "waiting_for_landscape"
    NO_OWNER = "no_owner"
    NO_METRIC = "no_metric"
    GOVERNANCE_REVIEW = "governance_review"
    NO_CAPACITY = "no_capacity"
    OTHER = "other"


class Lens(Labelled):
    REVENUE = "revenue"
    COST = "cost"
    RISK_COMPLIANCE = "risk_compliance"
    CUSTOMER = "customer"
    EMPLOYEE = "employee"
    STRATEGIC = "strategic"


class ChecklistState(Labelled):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    NOT_APPLICABLE = "n_a"


class RiskKind(Labelled):
    HALLUCINATION = "hallucination"
    DATA_LEAKAGE = "data_leakage"
    COMPLIANCE_EXPOSURE = "compliance_exposure"
    INTELLECTUAL_PROPERTY = "intellectual_property"
    BIAS = "bias"
    SECURITY_VULNERABILITIES = "security_vulnerabilities"
    REGULATORY = "regulatory"


class AutonomyLevel(Labelled):
    SUGGESTS = "suggests"
    ACTS_WITH_APPROVAL = "acts_with_approval"
    ACTS_WITHIN_LIMITS = "acts_within_limits"
    FULLY_AUTONOMOUS = "fully_autonomous"


class RegulatoryTier(Labelled):
    PROHIBITED = "prohibited"
    HIGH = "high"
    LIMITED = "limited"
    MINIMAL = "minimal"


# Where the stored code does not read well on its own.
LABELS = {
    "StallReason.waiting_for_landscape": "Waiting for the landscape to settle",
    "StallReason.governance_review": "Stuck in governance review",
    "StallReason.no_capacity": "No capacity",
    "Category.agentic_workflow": "Agentic workflow",
    "Lens.risk_compliance": "Risk and compliance",
    "ChecklistState.n_a": "Not applicable",
    "Stage.production": "Production",
    "RiskKind.data_leakage": "Data leakage",
    "RiskKind.intellectual_property": "Intellectual property",
    "RiskKind.bias": "Biased outputs",
    "RiskKind.regulatory": "Regulatory implications",
    "AutonomyLevel.suggests": "Suggests; a person decides",
    "AutonomyLevel.acts_with_approval": "Acts after a person approves",
    "AutonomyLevel.acts_within_limits": "Acts within limits; a person reviews after",
    "AutonomyLevel.fully_autonomous": "Fully autonomous",
}

RaciLetter = Literal["R", "A", "C", "I"]

DEFAULT_FUNCTIONS = [
    "Business sponsor",
    "Product",
    "Engineering",
    "Data science",
    "Platform",
    "Security",
    "Compliance/legal",
    "Operations",
]


class CycleDecision(Labelled):
    """What a learning cycle ended in."""

    SCALE = "scale"
    ITERATE = "iterate"
    PIVOT = "pivot"
    KILL = "kill"


class Part(BaseModel):
    """Shared rules: unknown keys are refused (a typo should not vanish), NaN is refused."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        allow_inf_nan=False,
        use_enum_values=False,
        # Validators are built when first used: loading a file builds the workshop's alone,
        # not one more for each of its parts, which nothing loading a file ever uses.
        defer_build=True,
    )


EntryId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]


def new_id() -> str:
    """A random key for a new entry: random rather than counted, so that two people adding
    entries at the same moment, or in copies merged later, never pick the same one."""
    return secrets.token_hex(6)


class Entry(Part):
    """A list entry that forms edit or remove: addressed by its id, never by its position,
    so an edit still lands on the right entry after someone else added or removed one."""

    id: EntryId = Field(default_factory=new_id)


class Participant(Entry):
    name: Name
    role: ShortText = ""


class AgendaItem(Entry):
    step: ShortText
    title: ShortText
    minutes: Whole = Field(ge=0, le=600)


class QuarterRef(Part):
    """A fiscal quarter, named by the fiscal year in which it ends."""

    fiscal_year: Whole = Field(ge=2000, le=2100)
    number: Whole = Field(ge=1, le=4)


class Meta(Part):
    workshop_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{0,32}$")] = Field(
        default="",
        description="Shared by every copy of one workshop, so their answers can be merged",
    )
    follows: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{0,32}$")] = Field(
        default="",
        description=(
            "The id of last quarter's workshop this one was started from: one team across "
            "quarters, whatever it is called in each"
        ),
    )
    organisation: ShortText = ""
    team: ShortText = ""
    date: Day
    facilitator: ShortText = ""
    participants: list[Participant] = Field(default_factory=_empty_list, max_length=200)
    fiscal_year_start_month: Whole = Field(default=1, ge=1, le=12)
    planned_quarter: QuarterRef | None = Field(
        default=None, description="None plans the quarter after the workshop date."
    )
    start_time: ClockTime = dt.time(9, 0)
    agenda: list[AgendaItem] = Field(default_factory=_empty_list, max_length=50)

    def identity(self) -> str:
        """The workshop's id; a file from before ids were given is known by its organisation,
        team and date, which its copies share too."""
        if self.workshop_id:
            return self.workshop_id
        seed = "\x1f".join((self.organisation, self.team, self.date.isoformat()))
        return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]

    @model_validator(mode="after")
    def _participants_unique(self) -> Self:
        _refuse_duplicates([p.name for p in self.participants], "participants")
        return self


MAX_LEAD_MEASURES = 5  # a few measures moved weekly; more is a dashboard, not a bet


class Value(Part):
    """Step 3: how the team will know the initiative worked (metric, magnitude, date)."""

    metric: ShortText = ""
    unit: ShortText = ""
    baseline: Number | None = None
    target: Number | None = None
    due: Day | None = None
    measured_by: ShortText = ""
    lead_measures: list[ShortText] = Field(
        default_factory=_empty_list, max_length=MAX_LEAD_MEASURES
    )
    guardrail: ShortText = ""


class Ownership(Part):
    """Step 4: who is accountable, and each function's letter in the responsibility map."""

    accountable: ShortText = Field(default="", description="The one person accountable.")
    raci: dict[ShortText, RaciLetter] = Field(default_factory=_empty_dict)
    sensitive_data: bool = False


class Risk(Entry):
    kind: RiskKind
    likelihood: Whole = Field(ge=1, le=5)
    impact: Whole = Field(ge=1, le=5)
    mitigation: LongText = ""
    owner: ShortText = ""


class Autonomy(Part):
    """Step 5, agentic initiatives: how far the system may act on its own, and the way back."""

    level: AutonomyLevel | None = None
    oversight_point: ShortText = ""
    escalation_path: ShortText = ""
    failure_recovery: ShortText = ""


class Readiness(Part):
    """Step 5: the production checklist, the risk register and the regulatory tier."""

    checklist: dict[ShortText, ChecklistState] = Field(default_factory=_empty_dict)
    risks: list[Risk] = Field(default_factory=_empty_list, max_length=50)
    autonomy: Autonomy = Field(default_factory=_fresh(Autonomy))
    regulatory_tier: RegulatoryTier | None = None


class Priority(Part):
    """Step 6: the team's estimates; effort lives on the initiative (``effort_weeks``)."""

    value: Whole | None = Field(default=None, ge=1, le=5, description="1 (minor) to 5 (major)")
    confidence: Whole | None = Field(
        default=None, ge=0, le=100, description="How sure the team is, in percent"
    )


class Cycle(Entry):
    """Step 9: one learning cycle of an initiative, written as a test before it starts and
    debriefed when it ends.

    ``success_written`` is the day the result that proves us right was written down (the form
    sets it): a criterion written after the cycle ended is flagged. Kill criteria are a state
    and a date: "if by ``kill_by`` ``kill_if``, we stop"."""

    belief: LongText = Field(default="", description="What we believe")
    test: LongText = Field(default="", description="How we will test it")
    measure: ShortText = Field(default="", description="What we will measure")
    success: LongText = Field(default="", description="What result proves us right")
    success_written: Day | None = None
    kill_if: LongText = Field(default="", description="The state that makes us stop")
    kill_by: Day | None = Field(default=None, description="The date by which we judge it")
    start: Day | None = None
    end: Day | None = Field(default=None, description="When the cycle is planned to end")
    debriefs: list[Day] = Field(default_factory=_empty_list, max_length=20)
    observed: LongText = Field(default="", description="What we observed")
    learned: LongText = Field(default="", description="What we learned")
    decision: CycleDecision | None = None
    decided_on: Day | None = None
    why: LongText = Field(default="", description="Why we decided so")


class Initiative(Entry):
    name: Name
    description: LongText = ""
    category: Category = Category.OTHER
    stage: Stage | None = Field(
        default=Stage.IDEA,
        description="None when nobody has said yet (an import met a word it did not know).",
    )
    area: ShortText = Field(default="", description="The business unit or department.")
    started: Day | None = None
    sponsor: ShortText = ""
    stall_reason: StallReason | None = None
    agentic: bool = False
    effort_weeks: Number | None = Field(default=None, ge=0, le=10_000)
    value: Value = Field(default_factory=_fresh(Value))
    ownership: Ownership = Field(default_factory=_fresh(Ownership))
    readiness: Readiness = Field(default_factory=_fresh(Readiness))
    priority: Priority = Field(default_factory=_fresh(Priority))
    cycles: list[Cycle] = Field(default_factory=_empty_list, max_length=100)
    notes: dict[ShortText, LongText] = Field(
        default_factory=_empty_dict,
        description="Columns an import did not recognise, kept as found.",
    )

    @model_validator(mode="after")
    def _agentic_workflows_act(self) -> Self:
        """An agentic workflow acts on its own, whichever way it came in (step 1's menu, an
        import's category column, a file): the gates and checks for agents apply to it, and
        step 4's box says so."""
        if self.category is Category.AGENTIC_WORKFLOW:
            self.agentic = True
        return self


#: Who gave a definition or a gut check: "" for an anonymous survey response.
Answerer = Annotated[ShortText, Field(description="The leader's name; empty when anonymous")]
ANONYMOUS = "anonymous (survey)"


def answerer_label(name: str) -> str:
    """How a definition's or gut check's author is shown: their name, or that it came from an
    anonymous survey response."""
    return name or ANONYMOUS


class SuccessDefinition(Entry):
    """Step 2: one leader's sentence for what AI success would look like this year."""

    participant: Answerer = ""
    sentence: Sentence
    lens: Lens


class GutCheck(Entry):
    """Step 7: the one initiative a leader would bet their bonus on, and whether at once."""

    participant: Answerer = ""
    initiative: Name
    instantly: bool = True


class Ballot(Entry):
    """Dots on initiatives. A named ballot carries its voter. An anonymous ballot carries
    neither name nor receipt: it reaches the file only at the reveal, with all the others
    (``receipt`` is kept so that files saved before ballots were sealed still load)."""

    voter: ShortText = ""
    receipt: ShortText = ""
    dots: dict[Name, Whole] = Field(default_factory=_empty_dict)


class Voting(Part):
    """Step 7: dot voting, chosen named or anonymous before it opens, hidden until revealed."""

    mode: Literal["named", "anonymous"] | None = None
    dots_per_leader: Whole = Field(default=3, ge=1, le=20)
    max_per_initiative: Whole = Field(default=2, ge=1, le=20)
    phase: Literal["setup", "open", "revealed"] = "setup"
    voted: list[Name] = Field(
        default_factory=_empty_list, description="Who has voted (the facilitator sees who, not how)"
    )
    ballots: list[Ballot] = Field(default_factory=_empty_list, max_length=500)
    box: ShortText = Field(
        default="",
        description=(
            "The random id of the sealed box that holds an anonymous vote's ballots in the "
            "memory of the screen that opened it, until the reveal (never the ballots)"
        ),
    )

    @property
    def ballots_cast(self) -> int:
        """Ballots cast as the file knows them: the names on the list of who voted (at the
        screen that holds the box, or named), or the ballots revealed when more, as ballots
        from phones carry no name. Status reads it without the rules of the vote."""
        return max(len(self.voted), len(self.ballots))

    @model_validator(mode="after")
    def _ballots_only_once_open(self) -> Self:
        """A vote in set-up holds no ballots: going back to set-up (an undo of opening it, say)
        would otherwise keep ballots that were cast under rules that may then change."""
        if self.phase == "setup" and (self.ballots or self.voted):
            raise ValueError(
                "the vote already has ballots, so it cannot go back to set-up; "
                "start a new vote to clear them"
            )
        return self


class ExploreItem(Entry):
    """What a team with no bet yet will find out instead, and by when."""

    question: ShortText
    by: Day | None = None


# The commitment card's parts, as the bet holds them and as the decision record keeps them
# for a call replaced (one declaration for both).
Names = Annotated[list[ShortText], Field(default_factory=_empty_list, max_length=50)]
DebriefDays = Annotated[list[Day], Field(default_factory=_empty_list, max_length=20)]
Gaps = Annotated[list[ShortText], Field(default_factory=_empty_list, max_length=20)]
ToExplore = Annotated[list[ExploreItem], Field(default_factory=_empty_list, max_length=20)]


class EarlierDecision(Entry):
    """A decision the room made and later changed, kept as it was: what was decided (no
    initiative: an honest "no bet yet"), by whom, when, among what, and when it was replaced;
    with the commitment card written for it (since schema 7; its first cycle's start since
    schema 8), which the new call does not inherit."""

    initiative: ShortText | None = None
    decided_by: ShortText = ""
    decided_on: Day | None = None
    options_considered: Names
    replaced_on: Day | None = None
    first_cycle_start: Day | None = None
    first_cycle_end: Day | None = None
    debrief_dates: DebriefDays
    kill_criteria: LongText = ""
    stopped: Names
    readiness_gaps: Gaps
    explore_next: ToExplore


class Bet(Part):
    """Step 7: the one initiative the team commits to for the planned quarter.

    ``earlier`` is the decision record: every decision since replaced, oldest first."""

    initiative: ShortText | None = None
    no_bet_yet: bool = False
    decided_by: ShortText = ""
    decided_on: Day | None = None
    options_considered: Names
    first_cycle_start: Day | None = Field(
        default=None,
        description=(
            "When the first pilot cycle starts, where that is later than the decision (the "
            "first week of the quarter planned, say); the day of the decision when not given"
        ),
    )
    first_cycle_end: Day | None = None
    debrief_dates: DebriefDays
    kill_criteria: LongText = ""
    stopped: Names
    readiness_gaps: Gaps
    explore_next: ToExplore
    earlier: list[EarlierDecision] = Field(
        default_factory=_empty_list,
        max_length=200,
        description="The decision record: earlier decisions, since replaced, oldest first",
    )

    @field_validator("options_considered", "stopped", "readiness_gaps")
    @classmethod
    def _no_blank_entries(cls, entries: list[str]) -> list[str]:
        """A blank line in a hand-edited file names nothing, so it must not count as a
        stopped initiative or a gap to close (the card would look complete)."""
        return [entry for entry in entries if entry]

    @field_validator("earlier")
    @classmethod
    def _earlier_ids_unique(cls, entries: list[EarlierDecision]) -> list[EarlierDecision]:
        _refuse_duplicate_ids(entries, "earlier decisions")
        return entries


#: A pulse score: 1 (the first words of its scale) to 5 (the last).
Score = Annotated[Whole, Field(ge=1, le=5)]
#: An answer sealed for the screen collecting the pulse: base64 of a fixed-size ciphertext.
Sealed = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/=]{1,8000}$")]


class PulseAnswer(Entry):
    """One person's anonymous pulse answer, published with others: no name, no time finer
    than the day, and an id drawn at random when it was published (see ``steps.pulse``)."""

    feeling: Score = Field(description="How they feel about what AI means for their work")
    clarity: Score = Field(description="How clear the leaders have been about what changes")
    time_to_learn: Score = Field(description="Whether they have time to learn")
    concern: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=500, pattern=SEVERAL_LINES)
    ] = ""
    group: ShortText = Field(default="", description="Kept only for a group large enough")
    day: Day | None = None


class SealedAnswer(Entry):
    """An answer on its way: readable only by the screen that opened the pulse, and the same
    size whatever it says."""

    data: Sealed


class Pulse(Part):
    """Step 8: the anonymous pulse. ``key`` is the public key of the screen collecting it
    ("" while closed); ``sealed`` the answers waiting to be published in a batch."""

    key: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/=]{0,64}$")] = ""
    groups: list[ShortText] = Field(
        default_factory=_empty_list,
        max_length=30,
        description="Groups people may say they belong to",
    )
    sealed: list[SealedAnswer] = Field(default_factory=_empty_list, max_length=1000)
    answers: list[PulseAnswer] = Field(default_factory=_empty_list, max_length=5000)

    @field_validator("groups")
    @classmethod
    def _groups_unique(cls, groups: list[str]) -> list[str]:
        kept = [g for g in groups if g]
        _refuse_duplicates(kept, "pulse groups")
        return kept


class MaturityRating(Entry):
    """One leader's rating of the six dimensions of execution maturity, 1 to 5 each; an
    anonymous rating carries no rater and reaches the file only in a batch (``steps.pulse``'s
    rule, applied by ``steps.maturity``)."""

    rater: ShortText = ""
    scores: dict[ShortText, Score] = Field(default_factory=_empty_dict)
    day: Day | None = None


class Maturity(Part):
    """Step 9: the execution-maturity ratings, named or anonymous (chosen before any rating)."""

    mode: Literal["named", "anonymous"] = "named"
    key: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/=]{0,64}$")] = ""
    sealed: list[SealedAnswer] = Field(default_factory=_empty_list, max_length=1000)
    ratings: list[MaturityRating] = Field(default_factory=_empty_list, max_length=5000)


class Augmentation(Entry):
    """A concrete example of AI augmenting work: a task it takes off a named role, and what
    the people in that role will do instead."""

    task: ShortText = ""
    role: ShortText = ""
    instead: ShortText = ""


class Commitment(Entry):
    """Step 8: one leader's commitment to lead the change, in their own words."""

    leader: Name
    statement: LongText = Field(default="", description="Acknowledges what is uncertain")
    examples: list[Augmentation] = Field(default_factory=_empty_list, max_length=10)
    hours_per_month: Number | None = Field(
        default=None, ge=0, le=160, description="Learning time per person per month, in hours"
    )
    hours_from: Day | None = Field(default=None, description="When the learning time starts")
    tried: LongText = Field(default="", description="What the leader tried with AI themselves")
    hard: LongText = Field(default="", description="What was hard about it")


class Weights(Part):
    """How much each part of the priority score counts (0 leaves it out)."""

    value: Whole = Field(default=3, ge=0, le=10)
    confidence: Whole = Field(default=2, ge=0, le=10)
    readiness: Whole = Field(default=1, ge=0, le=10)
    risk: Whole = Field(default=1, ge=0, le=10)
    effort: Whole = Field(default=2, ge=0, le=10)


class Function(Entry):
    """A column of the responsibility map (business sponsor, security …)."""

    name: Name


def default_functions() -> list[Function]:
    return [Function(name=name) for name in DEFAULT_FUNCTIONS]


class Settings(Part):
    purgatory_weeks: Whole = Field(default=12, ge=1, le=260)
    overload_threshold: Whole = Field(default=3, ge=1, le=50)
    pulse_minimum: Whole = Field(
        default=3, ge=3, le=50, description="Fewest pulse answers a view may show"
    )
    concerns_minimum: Whole = Field(
        default=5, ge=3, le=50, description="Fewest pulse answers before concerns are shown"
    )
    weights: Weights = Field(default_factory=_fresh(Weights))
    capacity_weeks: Number | None = Field(
        default=None, ge=0, le=100_000, description="Engineering capacity for the quarter"
    )
    uncertainty: Number = Field(
        default=0.3, ge=0, le=1, description="How far estimates may be off, as a share"
    )
    functions: list[Function] = Field(
        default_factory=default_functions, min_length=1, max_length=30
    )

    @field_validator("functions", mode="before")
    @classmethod
    def _names_become_functions(cls, functions: object) -> object:
        """A plain name (a hand-edited file, a script) is a function whose id follows from
        its name, so that every notebook reading the file gives it the same id."""
        if not isinstance(functions, list):
            return functions
        return [
            {"id": "f-" + hashlib.sha256(f.encode("utf-8")).hexdigest()[:10], "name": f}
            if isinstance(f, str)
            else f
            for f in functions
        ]

    @model_validator(mode="after")
    def _functions_unique(self) -> Self:
        _refuse_duplicates([f.name for f in self.functions], "functions")
        _refuse_duplicate_ids(self.functions, "functions")
        return self

    def function_names(self) -> list[str]:
        """The map's columns in order; ownership letters are kept under these names."""
        return [function.name for function in self.functions]


#: A digest of a survey row's identity: 16 hexadecimal digits, nothing of the row itself.
Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]


class Survey(Part):
    """The pre-workshop survey's responses already imported, by a digest of each row's
    identity in its export (sorted, so the list says nothing about order), the rows whose
    pulse answers have been added (they wait for a batch of the pulse minimum), and, since
    schema 9, the versions of responses edited in the form since they were first imported
    (apart, so that ``imported`` counts each response once) and the rows whose anonymous
    maturity ratings have been added (they wait for a batch too)."""

    imported: list[Digest] = Field(default_factory=_empty_list, max_length=20_000)
    pulse_imported: list[Digest] = Field(default_factory=_empty_list, max_length=20_000)
    edits_imported: list[Digest] = Field(default_factory=_empty_list, max_length=20_000)
    ratings_imported: list[Digest] = Field(default_factory=_empty_list, max_length=20_000)

    @property
    def responses(self) -> int:
        """How many responses the survey brought, each once however often it was edited."""
        return len(self.imported)


class Workshop(Part):
    schema_version: int = SCHEMA_VERSION
    meta: Meta
    settings: Settings = Field(default_factory=_fresh(Settings))
    initiatives: list[Initiative] = Field(default_factory=_empty_list, max_length=5000)
    # A survey of a whole organisation may bring thousands of answers.
    success_definitions: list[SuccessDefinition] = Field(
        default_factory=_empty_list, max_length=5000
    )
    gut_checks: list[GutCheck] = Field(default_factory=_empty_list, max_length=5000)
    voting: Voting = Field(default_factory=_fresh(Voting))
    bet: Bet = Field(default_factory=_fresh(Bet))
    pulse: Pulse = Field(default_factory=_fresh(Pulse))
    commitments: list[Commitment] = Field(default_factory=_empty_list, max_length=200)
    maturity: Maturity = Field(default_factory=_fresh(Maturity))
    survey: Survey = Field(default_factory=_fresh(Survey))

    @model_validator(mode="after")
    def _ids_unique(self) -> Self:
        lists: dict[str, Sequence[Entry]] = {
            "participants": self.meta.participants,
            "agenda items": self.meta.agenda,
            "initiatives": self.initiatives,
            "success definitions": self.success_definitions,
            "gut checks": self.gut_checks,
            "ballots": self.voting.ballots,
            "explore items": self.bet.explore_next,
            "pulse answers": self.pulse.answers,
            "sealed pulse answers": self.pulse.sealed,
            "commitments": self.commitments,
            "maturity ratings": self.maturity.ratings,
            "sealed maturity ratings": self.maturity.sealed,
        }
        for where, entries in lists.items():
            _refuse_duplicate_ids(entries, where)
        for initiative in self.initiatives:
            _refuse_duplicate_ids(initiative.readiness.risks, f"risks of '{initiative.name}'")
            _refuse_duplicate_ids(initiative.cycles, f"cycles of '{initiative.name}'")
        for commitment in self.commitments:
            _refuse_duplicate_ids(commitment.examples, f"examples of {commitment.leader}")
        return self

    @model_validator(mode="after")
    def _one_commitment_per_leader(self) -> Self:
        seen: set[str] = set()
        for commitment in self.commitments:
            key = name_key(commitment.leader)
            if key in seen:
                raise ValueError(
                    f"{commitment.leader} has two commitments: each leader writes one "
                    "(case and spaces are ignored when comparing names)"
                )
            seen.add(key)
        return self

    @model_validator(mode="after")
    def _initiatives_unique(self) -> Self:
        _refuse_duplicates([i.name for i in self.initiatives], "initiatives")
        return self

    @model_validator(mode="after")
    def _letters_for_known_functions(self) -> Self:
        known = set(self.settings.function_names())
        for initiative in self.initiatives:
            unknown = [f for f in initiative.ownership.raci if f not in known]
            if unknown:
                raise ValueError(
                    f"the ownership of '{initiative.name}' names "
                    f"{', '.join(repr(f) for f in unknown)}, which is not one of the "
                    "workshop's functions (settings.functions)"
                )
        return self

    def live_initiatives(self) -> list[Initiative]:
        """Initiatives still in play: a killed one was stopped on purpose and needs no owner,
        readiness or vote."""
        return [i for i in self.initiatives if i.stage is not Stage.KILLED]

    def in_play(self) -> list[Initiative]:
        """Initiatives still to be decided: ideas, pilots and stalled ones, and any whose stage
        nobody has given yet. Production ones have been decided (they still need an owner and
        readiness); killed ones are out."""
        return [i for i in self.initiatives if i.stage in IN_PLAY]

    def initiative(self, name: str) -> Initiative | None:
        """The initiative of that name, compared as people compare names. The name as written
        is looked for first: the card names its bet as the initiative spells it, and the
        report asked once for each of 312 cycles, comparing 1,000 names each time."""
        exact = next((i for i in self.initiatives if i.name == name), None)
        if exact is not None:  # names differ as people compare them, so it is the one
            return exact
        key = name_key(name)
        return next((i for i in self.initiatives if name_key(i.name) == key), None)

    def as_listed(self, name: str) -> str:
        """A leader's name as the participant list spells it, when it is one of them
        ("priya raman" typed on a phone is "Priya Raman", "Maria" is Maria Keller when she
        is the only Maria: ``as_listed``); else as typed, spaces tidied. A form took "Maria"
        as a second leader beside Maria Keller, and counted one person's view twice."""
        tidy = " ".join(name.split())
        return as_listed(tidy, [p.name for p in self.meta.participants]) or tidy


#: A role written after a name: "Ben Adeyemi (CDO)", "Ben Adeyemi - CDO", "Ben Adeyemi, CDO";
#: a hyphen inside a name ("Anne-Marie") has no space around it.
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
    # Typed without its accents on a keyboard that has none ("Jose Alvarez" for José Álvarez):
    # counted as a tenth leader beside him. Only where one listed name is written so.
    for candidate in candidates:
        bare = [n for n in by_key.values() if person_key(n) == person_key(candidate)]
        if len(bare) == 1:
            return bare[0]
    for key_of in (name_key, person_key):  # a first name as typed, then without accents
        for candidate in candidates:
            if len(candidate.split()) == 1:
                key = key_of(candidate)
                first = [n for n in by_key.values() if key_of(n.split()[0]) == key]
                if len(first) == 1:
                    return first[0]
    return None


#: None is a stage nobody has given yet: in play until the room says otherwise.
IN_PLAY: frozenset[Stage | None] = frozenset({Stage.IDEA, Stage.PILOT, Stage.STALLED, None})


def find(entries: list[EntryT], entry_id: str) -> EntryT:
    """The entry with that id; a ValueError in plain words when someone removed it."""
    for entry in entries:
        if entry.id == entry_id:
            return entry
    raise ValueError("that entry was removed meanwhile (in another notebook?): nothing changed")


def replace_or_add(entries: list[EntryT], same: Callable[[EntryT], bool], new: EntryT) -> bool:
    """Put ``new`` in the place of the first entry it replaces (``same``), keeping that
    entry's id, or at the end; True when it replaced one. A leader's answer given again is
    the same entry changed, so a form showing it follows it and says it was changed
    elsewhere: with a new id it vanished from under the form, which said nothing."""
    for index, existing in enumerate(entries):
        if same(existing):
            entries[index] = new.model_copy(update={"id": existing.id})
            return True
    entries.append(new)
    return False


def position(entries: list[EntryT], entry_id: str) -> int:
    """Where the entry with that id stands now, for removing or moving it."""
    return entries.index(find(entries, entry_id))


def name_key(name: str) -> str:
    """Names are the same when they differ only in case or surrounding spaces."""
    return " ".join(name.split()).casefold()


def person_key(name: str) -> str:
    """A name without accents, case or extra spaces: "Zoe Angstrom" typed where the list, or
    another team's file, has "Zoë Ångström". Looser than ``name_key``, so used only to find a
    person named otherwise, never to tell two entries apart."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return name_key(bare)


def renaming(old: str, new: str) -> Callable[[str], str]:
    """A name as it reads after ``old`` became ``new``: ``new`` for any spelling of ``old``
    (``name_key``), any other name as it was. Each rename follows its references with it."""
    key = name_key(old)
    return lambda name: new if name_key(name) == key else name


def _refuse_duplicate_ids(entries: Sequence[Entry], where: str) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise ValueError(f"two {where} share the id '{entry.id}': each entry needs its own id")
        seen.add(entry.id)


def _refuse_duplicates(names: list[str], where: str) -> None:
    seen: dict[str, str] = {}
    for name in names:
        key = name_key(name)
        if key in seen:
            raise ValueError(
                f"two {where} are called '{name}': no two may share a name "
                "(case and spaces are ignored when comparing)"
            )
        seen[key] = name
