"""Step 5: what each initiative still lacks for production, and what could go wrong.

Readiness is read two ways. The share done says how far along the checklist is. The weakest
link says whether it can ship: the checklist's groups (govern, build, run) are scored
separately and the lowest one counts, because one missing group blocks production however
good the others are — the same minimum rule as Google's ML Test Score. Both are counted one
way (``CREDIT``): an item done counts 1, in progress ½, not started 0, and an item that does
not apply is left out. Items and groups come from ``data/readiness.json``; regulatory tiers
and their duties from ``data/regulatory_tiers.json``.

Risks are scored likelihood × impact (1–25): 15 or more is high, 8–14 medium, below 8 low.
A high risk with no mitigation is flagged. So is every agent that acts (anything above
"suggests only": acts with approval, acts within limits, fully autonomous) but has no way back:
no escalation path (``agent-no-escalation``: who it hands over to when it is unsure or wrong)
and no failure recovery (``agent-no-recovery``: how what it got wrong is undone) are two
separate findings. An agent that only suggests leaves every action to a person, so it needs
neither.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from gaptools.core.model import (
    AutonomyLevel,
    ChecklistState,
    Initiative,
    RegulatoryTier,
    Risk,
    Workshop,
)
from gaptools.core.resources import load_json
from gaptools.core.text import plural
from gaptools.steps import in_runs

HIGH_RISK = 15
MEDIUM_RISK = 8
#: What an item counts for, in the share done and in every group alike. In progress is half:
#: counted as nothing, a group under way would read as "not started" and be flagged as such;
#: counted as done, "done" would mean begun. Counted one way, the share done is the groups'
#: blend (each weighed by its items), so it never reads below the weakest group, and the
#: number step 6 ranks on is the one the form shows.
CREDIT = {ChecklistState.DONE: 1.0, ChecklistState.IN_PROGRESS: 0.5, ChecklistState.NOT_STARTED: 0}


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    group: str
    help: str


def checklist_items() -> list[Item]:
    return list(_checklist().items)


def groups() -> list[tuple[str, str]]:
    return list(_checklist().groups)


@dataclass(frozen=True)
class _Checklist:
    """The checklist as read from the data file, and the score of an initiative nobody has
    assessed yet (``untouched``): the same for every one of them, which in a large portfolio
    is most of them, so it is worked out once."""

    data: object  # the data file's content these were read from
    items: tuple[Item, ...]
    groups: tuple[tuple[str, str], ...]
    untouched: ReadinessScore


_read: list[_Checklist] = []


def _checklist() -> _Checklist:
    """The checklist as read from the data file, read again only when the file's content
    is another (every initiative's readiness is scored against the same one)."""
    data = load_json("readiness.json")
    if not _read or _read[0].data is not data:
        items = tuple(Item(**item) for item in data["items"])
        found = tuple((g["key"], g["label"]) for g in data["groups"])
        _read[:] = [_Checklist(data, items, found, _scored(items, found, {}))]
    return _read[0]


def state(initiative: Initiative, item: str) -> ChecklistState:
    """An item nobody has assessed counts as not started."""
    return initiative.readiness.checklist.get(item, ChecklistState.NOT_STARTED)


@dataclass(frozen=True)
class ReadinessScore:
    """One initiative's readiness, every figure counted by ``CREDIT``: the form, the report,
    the exports, status and step 6 all read these, so they can never disagree."""

    share_done: float  # (done + half of in progress) / applicable items, 0..1
    groups: dict[str, float]  # group -> (done + half of in progress) / its applicable items
    weakest: str | None  # the group that blocks production most; None if none does
    weakest_score: float

    @property
    def all_done(self) -> bool:
        """Every group that applies is done: none is a weakest link."""
        return bool(self.groups) and self.weakest is None

    @property
    def weakest_not_started(self) -> bool:
        return self.weakest is not None and self.weakest_score == 0


#: What stands for the weakest link where every group is done.
ALL_DONE = "none: every group done"


def weakest_name(score: ReadinessScore, none: str) -> str:
    """The weakest link as a reader sees it: its group's name, ``ALL_DONE`` where every group
    is done, else ``none`` (no item applies), as the step and the report each say that."""
    if score.weakest:
        return dict(_checklist().groups).get(score.weakest, score.weakest)
    return ALL_DONE if score.all_done else none


def readiness(initiative: Initiative) -> ReadinessScore:
    """The initiative's score against the checklist. Status and the report score every
    initiative: one nobody has assessed gets a copy of the score worked out once for all of
    them (its groups a mapping of its own, as every score's are)."""
    checklist = initiative.readiness.checklist
    read = _checklist()
    if not checklist:
        return replace(read.untouched, groups=dict(read.untouched.groups))
    return _scored(read.items, read.groups, checklist)


def _scored(
    items: tuple[Item, ...],
    groups: tuple[tuple[str, str], ...],
    checklist: Mapping[str, ChecklistState],
) -> ReadinessScore:
    """The share done and each group's share, from one pass adding the same ``CREDIT`` (in
    checklist order, as ``sum`` would); the states are named once here, since reading an
    enum's member costs more than a local name."""
    not_started, not_applicable = ChecklistState.NOT_STARTED, ChecklistState.NOT_APPLICABLE
    applicable, credit = 0, 0.0
    by_group: dict[str, list[float]] = {}
    for item in items:
        known = checklist.get(item.key, not_started)
        if known is not_applicable:
            continue
        applicable += 1
        credit += CREDIT[known]
        by_group.setdefault(item.group, []).append(CREDIT[known])
    per_group = {
        key: sum(by_group[key]) / len(by_group[key]) for key, _ in groups if key in by_group
    }
    weakest = min(per_group, key=per_group.__getitem__) if per_group else None
    if weakest is not None and per_group[weakest] >= 1:
        weakest = None  # every group done: "Weakest link: Govern 100%" named one all the same
    return ReadinessScore(
        share_done=credit / applicable if applicable else 1.0,
        groups=per_group,
        weakest=weakest,
        weakest_score=per_group[weakest] if weakest else 1.0,
    )


def gaps(initiative: Initiative) -> list[str]:
    """Checklist items not done yet, by label, in checklist order."""
    return [
        item.label
        for item in _checklist().items
        if state(initiative, item.key) in {ChecklistState.NOT_STARTED, ChecklistState.IN_PROGRESS}
    ]


def risk_score(risk: Risk) -> int:
    return risk.likelihood * risk.impact


def risk_level(risk: Risk) -> str:
    score = risk_score(risk)
    return "high" if score >= HIGH_RISK else "medium" if score >= MEDIUM_RISK else "low"


@dataclass(frozen=True)
class Flag:
    rule: str
    initiative: str
    message: str


def unmitigated(risk: Risk) -> str:
    """Why a risk is flagged, in words; "" when it is not: a high risk with no mitigation."""
    if risk_level(risk) != "high" or risk.mitigation.strip():
        return ""
    return (
        f"{risk.kind.label} is a high risk ({risk.likelihood} × {risk.impact} = "
        f"{risk_score(risk)}) with no mitigation"
    )


def initiative_flags(initiative: Initiative) -> list[Flag]:
    flags = [
        Flag("high-risk-unmitigated", initiative.name, said)
        for risk in initiative.readiness.risks
        if (said := unmitigated(risk))
    ]
    if initiative.agentic:
        autonomy = initiative.readiness.autonomy
        if autonomy.level is None:
            flags.append(
                Flag(
                    "autonomy-unset",
                    initiative.name,
                    "agentic, but nobody has said how far it may act on its own",
                )
            )
        else:
            flags.extend(agent_flags(initiative))
    if initiative.readiness.regulatory_tier is RegulatoryTier.PROHIBITED:
        flags.append(Flag("prohibited-use", initiative.name, "its use falls in a prohibited tier"))
    return flags


#: What each level that acts lets the agent do, in the words a finding opens with.
ACTING = {
    AutonomyLevel.ACTS_WITH_APPROVAL: "acts once a person approves",
    AutonomyLevel.ACTS_WITHIN_LIMITS: "acts within limits",
    AutonomyLevel.FULLY_AUTONOMOUS: "acts fully on its own",
}


def agent_flags(initiative: Initiative) -> list[Flag]:
    """Every agent that acts needs a way back: an escalation path and a failure recovery,
    each flagged on its own when missing."""
    autonomy = initiative.readiness.autonomy
    how = ACTING.get(autonomy.level) if autonomy.level and initiative.agentic else None
    if how is None:
        return []
    oversight = autonomy.oversight_point.strip()
    said = f"{how} ({oversight})" if oversight else how
    found = []
    if not autonomy.escalation_path.strip():
        found.append(
            Flag(
                "agent-no-escalation",
                initiative.name,
                f"{said}, but has no escalation path: say who it hands over to when it is "
                "unsure or wrong",
            )
        )
    if not autonomy.failure_recovery.strip():
        found.append(
            Flag(
                "agent-no-recovery",
                initiative.name,
                f"{said}, but has no failure recovery: say how what it got wrong is found "
                "and put right",
            )
        )
    return found


def flags(workshop: Workshop) -> list[Flag]:
    return [f for i in workshop.live_initiatives() for f in initiative_flags(i)]


def flags_in_groups(workshop: Workshop, initiatives: int) -> list[list[Flag]]:
    """The flags of ``flags``, in its order: those of each run of ``initiatives``
    initiatives together (see ``in_runs``)."""
    return in_runs(workshop, initiatives, initiative_flags)


#: How a caller has an initiative scored: ``readiness`` itself, or a reader of the scores
#: it already worked out (``registry.Figures.readiness_of``), so none is scored twice.
Scorer = Callable[[Initiative], ReadinessScore]


def not_ready_flags(names: list[str]) -> list[str]:
    """``not_ready`` as step 0's list flags it: "not started" is an honest answer as well as
    the one nobody has given yet, so it is something to look at, not something missing."""
    if not names:
        return []
    return [f"{plural(len(names), 'initiative')} with a readiness group not even started"]


def not_ready(workshop: Workshop, readiness_of: Scorer = readiness) -> list[str]:
    """Live initiatives whose weakest link has not even started."""
    return [i.name for i in workshop.live_initiatives() if readiness_of(i).weakest_not_started]


def high_risks_unmitigated(workshop: Workshop) -> int:
    """High risks with no mitigation on initiatives not killed: one in production still runs."""
    return sum(f.rule == "high-risk-unmitigated" for f in flags(workshop))


def risk_gaps(unmitigated: int) -> list[str]:
    """What step 5 still lacks, for the workshop's 'missing' list."""
    if not unmitigated:
        return []
    return [f"{plural(unmitigated, 'high risk has', 'high risks have')} no mitigation (step 5)"]


def top_risks(initiative: Initiative, count: int) -> list[Risk]:
    """The initiative's ``count`` highest risks by likelihood × impact, highest first."""
    return sorted(initiative.readiness.risks, key=risk_score, reverse=True)[:count]


def tier_duties(tier: RegulatoryTier | None) -> dict:
    """The tier's label, summary and dated duties, as kept in the data file."""
    if tier is None:
        return {}
    return load_json("regulatory_tiers.json")["tiers"][tier.value]
