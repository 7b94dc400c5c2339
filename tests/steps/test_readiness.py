"""Step 5's rules: the production checklist, the risk register, agents' limits and tiers.

Expected figures come from hand-built initiatives, from the data files read as raw JSON, or
from ``reference_not_ready`` / ``reference_unmitigated`` below: plain re-statements of the
brief's rules over the raw workshop shape that never call ``gaptools.steps.readiness``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pydantic import ValidationError

from gaptools.core.model import (
    Autonomy,
    AutonomyLevel,
    ChecklistState,
    Initiative,
    Meta,
    Readiness,
    RegulatoryTier,
    Risk,
    RiskKind,
    Stage,
    Workshop,
)
from gaptools.steps import readiness as readiness_module
from gaptools.steps.readiness import (
    checklist_items,
    flags,
    flags_in_groups,
    gaps,
    groups,
    high_risks_unmitigated,
    initiative_flags,
    not_ready,
    readiness,
    risk_level,
    risk_score,
    state,
    tier_duties,
)
from gaptools.summaries.status import missing, summary
from tests.support import shipped

DONE, DOING, TODO, NA = (
    ChecklistState.DONE,
    ChecklistState.IN_PROGRESS,
    ChecklistState.NOT_STARTED,
    ChecklistState.NOT_APPLICABLE,
)
CREDIT = {"done": 1.0, "in_progress": 0.5, "not_started": 0.0}


CHECKLIST = shipped("readiness.json")
TIERS = shipped("regulatory_tiers.json")
KEYS = [item["key"] for item in CHECKLIST["items"]]
GROUP_OF = {item["key"]: item["group"] for item in CHECKLIST["items"]}


def reference_groups(states: dict[str, str]) -> dict[str, float]:
    """Each group's credit over its applicable items (done 1, in progress ½), from raw states."""
    credit: dict[str, list[float]] = {}
    for key in KEYS:
        code = states.get(key, "not_started")
        if code != "n_a":
            credit.setdefault(GROUP_OF[key], []).append(CREDIT[code])
    return {group: sum(values) / len(values) for group, values in credit.items()}


def reference_share(states: dict[str, str]) -> float:
    """The share done, counted as the groups count it: done 1, in progress ½, n/a left out."""
    applying = [states.get(key, "not_started") for key in KEYS]
    applying = [code for code in applying if code != "n_a"]
    return sum(CREDIT[code] for code in applying) / len(applying) if applying else 1.0


def item_named(key: str) -> dict[str, Any]:
    return next(item for item in CHECKLIST["items"] if item["key"] == key)


# -- hand-built initiatives ----------------------------------------------------------------------
def initiative(
    checklist: dict[str, ChecklistState] | None = None,
    *,
    name: str = "Claims copilot",
    risks: list[Risk] | None = None,
    agentic: bool = False,
    autonomy: Autonomy | None = None,
    tier: RegulatoryTier | None = None,
    stage: Stage = Stage.PILOT,
) -> Initiative:
    return Initiative(
        name=name,
        stage=stage,
        agentic=agentic,
        readiness=Readiness(
            checklist=checklist or {},
            risks=risks or [],
            autonomy=autonomy or Autonomy(),
            regulatory_tier=tier,
        ),
    )


def workshop(*initiatives: Initiative) -> Workshop:
    return Workshop(meta=Meta(date=dt.date(2026, 11, 18)), initiatives=list(initiatives))


def every(state_: ChecklistState, **overrides: ChecklistState) -> dict[str, ChecklistState]:
    """The whole checklist in one state, with a few items changed."""
    return {key: overrides.get(key, state_) for key in KEYS}


def risk(
    likelihood: int, impact: int, mitigation: str = "", kind: RiskKind = RiskKind.BIAS
) -> Risk:
    return Risk(kind=kind, likelihood=likelihood, impact=impact, mitigation=mitigation)


def rules(item: Initiative) -> list[str]:
    return [f.rule for f in initiative_flags(item)]


# -- the checklist comes from the data file -----------------------------------------------------
def test_the_checklist_is_the_ten_items_of_the_data_file_in_its_order() -> None:
    """Keys are stored in workshop files, so they must be exactly the data file's."""
    assert len(KEYS) == 10
    assert set(KEYS) == {
        "governance",
        "observability",
        "monitoring",
        "security_review",
        "evaluation",
        "prompt_management",
        "operational_support",
        "feedback_loops",
        "compliance_readiness",
        "reliability_controls",
    }
    assert [i.key for i in checklist_items()] == KEYS
    assert [(i.label, i.group, i.help) for i in checklist_items()] == [
        (i["label"], i["group"], i["help"]) for i in CHECKLIST["items"]
    ]


def test_the_groups_are_the_data_files_three() -> None:
    assert groups() == [(g["key"], g["label"]) for g in CHECKLIST["groups"]]
    assert [key for key, _ in groups()] == ["govern", "build", "run"]
    assert set(GROUP_OF.values()) == {"govern", "build", "run"}


def test_editing_the_data_file_regroups_the_checklist(monkeypatch: pytest.MonkeyPatch) -> None:
    """The grouping is data, not code: a different file gives different groups and items."""
    custom = {
        "groups": [{"key": "safe", "label": "Safe"}, {"key": "ship", "label": "Ship"}],
        "items": [
            {"key": "governance", "label": "Gov", "group": "safe", "help": ""},
            {"key": "evaluation", "label": "Eval", "group": "ship", "help": ""},
            {"key": "monitoring", "label": "Mon", "group": "ship", "help": ""},
        ],
    }
    real = readiness_module.load_json
    monkeypatch.setattr(
        readiness_module,
        "load_json",
        lambda name: custom if name == "readiness.json" else real(name),
    )
    item = initiative({"governance": DONE, "evaluation": DOING})
    score = readiness(item)
    assert score.groups == {"safe": 1.0, "ship": 0.25}
    assert score.weakest == "ship"
    assert score.share_done == pytest.approx(1.5 / 3)
    assert gaps(item) == ["Eval", "Mon"]


# -- share done and groups ----------------------------------------------------------------------
def test_unassessed_items_count_as_not_started() -> None:
    item = initiative({})
    assert all(state(item, key) is TODO for key in KEYS)
    score = readiness(item)
    assert score.share_done == 0
    assert score.groups == {"govern": 0, "build": 0, "run": 0}
    assert score.weakest in {"govern", "build", "run"}
    assert score.weakest_score == 0
    assert score.weakest_not_started


def test_an_unassessed_initiative_gets_the_score_worked_out_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Most initiatives of a large portfolio are not assessed yet: they share one score, worked
    out when the checklist is read, each with its groups in a mapping of its own."""
    first = readiness(initiative({}))

    def scored_again(*_: object) -> None:
        raise AssertionError("an unassessed initiative was scored item by item")

    monkeypatch.setattr(readiness_module, "_scored", scored_again)
    second = readiness(initiative({}))
    assert second == first
    assert second.groups is not first.groups
    second.groups["govern"] = 1.0
    assert readiness(initiative({})).groups["govern"] == 0


def test_share_done_leaves_out_not_applicable_items() -> None:
    """3 done, 4 n/a, 3 never assessed: 3 of the 6 that apply are done."""
    item = initiative(
        {
            "governance": DONE,
            "evaluation": DONE,
            "observability": DONE,
            "prompt_management": NA,
            "reliability_controls": NA,
            "feedback_loops": NA,
            "compliance_readiness": NA,
        }
    )
    assert readiness(item).share_done == pytest.approx(3 / 6)


def test_share_done_counts_in_progress_as_half() -> None:
    """2 done, 2 in progress, 6 not started: (2 + 1)/10."""
    item = initiative(
        every(TODO, governance=DONE, evaluation=DONE, monitoring=DOING, observability=DOING)
    )
    assert readiness(item).share_done == pytest.approx(0.3)


def test_the_share_done_is_never_below_the_weakest_group() -> None:
    """Govern done, in progress, in progress; build in progress, n/a, not started; run done,
    in progress, in progress, not started. Counting only what is done gave 22% overall beside
    groups of 67%, 25% and 50%; counted as the groups count, it is their blend."""
    states = {
        "governance": "done",
        "security_review": "in_progress",
        "compliance_readiness": "in_progress",
        "evaluation": "in_progress",
        "prompt_management": "n_a",
        "reliability_controls": "not_started",
        "observability": "done",
        "monitoring": "in_progress",
        "operational_support": "in_progress",
        "feedback_loops": "not_started",
    }
    score = readiness(initiative({k: ChecklistState(v) for k, v in states.items()}))
    assert score.groups == pytest.approx(reference_groups(states))
    assert score.share_done == pytest.approx(reference_share(states))
    assert min(score.groups.values()) <= score.share_done <= max(score.groups.values())


def test_every_example_share_done_follows_the_groups_rule(example: Workshop) -> None:
    """Worked out from the raw file, the rule the groups follow: in progress counts half."""
    for item, raw in zip(example.initiatives, shipped()["initiatives"], strict=True):
        states = raw.get("readiness", {}).get("checklist", {})
        score = readiness(item)
        assert score.share_done == pytest.approx(reference_share(states)), item.name
        assert score.groups == pytest.approx(reference_groups(states)), item.name


def test_each_group_is_scored_on_its_own_items() -> None:
    """Govern: done, done, in progress → 2.5/3. Build: n/a, in progress, not started → 0.5/2.
    Run: all four done → 1."""
    item = initiative(
        {
            "governance": DONE,
            "security_review": DONE,
            "compliance_readiness": DOING,
            "evaluation": NA,
            "prompt_management": DOING,
            "reliability_controls": TODO,
            "observability": DONE,
            "monitoring": DONE,
            "operational_support": DONE,
            "feedback_loops": DONE,
        }
    )
    score = readiness(item)
    assert score.groups == pytest.approx({"govern": 2.5 / 3, "build": 0.25, "run": 1.0})
    assert score.weakest == "build"
    assert score.weakest_score == pytest.approx(0.25)
    assert not score.weakest_not_started
    assert score.share_done == pytest.approx(7 / 9)  # 6 done and 2 halves of the 9 that apply


def test_the_weakest_link_is_the_lowest_group_however_good_the_rest() -> None:
    """Everything done but the run group untouched: 60% done, yet it cannot ship."""
    run = [key for key in KEYS if GROUP_OF[key] == "run"]
    item = initiative(every(DONE, **dict.fromkeys(run, TODO)))
    score = readiness(item)
    assert score.share_done == pytest.approx(6 / 10)
    assert score.weakest == "run"
    assert score.weakest_score == 0
    assert score.weakest_not_started


def test_with_every_group_done_none_is_the_weakest_link() -> None:
    """A checklist done throughout read "Weakest link: Govern 100%", naming a group that
    blocks nothing. With every group done there is none; with one item short there is."""
    from gaptools.export.report import _readiness_table
    from gaptools.steps.readiness import ALL_DONE
    from gaptools.steps.registry import Figures
    from gaptools.ui.readiness import _detail_html

    item = initiative(every(DONE))
    score = readiness(item)
    assert score.share_done == 1
    assert score.weakest is None
    assert score.all_done
    assert not score.weakest_not_started
    assert f"Weakest link: <b>{ALL_DONE}</b>" in _detail_html(item)
    from tests.support import example_workshop

    workshop = example_workshop()
    workshop.initiatives = [item]
    [row] = _readiness_table(Figures(workshop)).rows
    assert ALL_DONE in row
    short = initiative(every(DONE, monitoring=DOING))
    assert readiness(short).weakest == "run"
    assert not readiness(short).all_done
    assert not readiness(initiative({})).all_done  # nothing assessed: every group to do


def test_a_weakest_group_in_progress_is_not_not_started() -> None:
    """Run has one item in progress: weakest, at 1/8, but started."""
    item = initiative(
        every(
            DONE,
            observability=DOING,
            monitoring=TODO,
            operational_support=TODO,
            feedback_loops=TODO,
        )
    )
    score = readiness(item)
    assert score.weakest == "run"
    assert score.weakest_score == pytest.approx(0.5 / 4)
    assert not score.weakest_not_started


def test_a_group_that_is_all_not_applicable_does_not_count() -> None:
    """Build does not apply; govern is the lowest of the other two."""
    build = [key for key in KEYS if GROUP_OF[key] == "build"]
    item = initiative(every(DONE, governance=DOING, **dict.fromkeys(build, NA)))
    score = readiness(item)
    assert set(score.groups) == {"govern", "run"}
    assert score.weakest == "govern"
    assert score.weakest_score == pytest.approx(2.5 / 3)


def test_all_items_not_applicable() -> None:
    """Nothing applies, so nothing blocks it: no weakest group, not counted as not ready."""
    item = initiative(every(NA))
    score = readiness(item)
    assert score.groups == {}
    assert score.weakest is None
    assert score.share_done == 1.0
    assert not score.weakest_not_started
    assert gaps(item) == []
    assert not_ready(workshop(item)) == []


def test_all_done_is_ready() -> None:
    item = initiative(every(DONE))
    score = readiness(item)
    assert score.share_done == score.weakest_score == 1.0
    assert gaps(item) == []


def test_gaps_are_the_items_not_done_in_checklist_order() -> None:
    """In progress and not started are gaps; done and n/a are not; order is the data file's."""
    item = initiative(
        {
            "reliability_controls": DOING,
            "governance": DONE,
            "monitoring": NA,
            "feedback_loops": TODO,
        }
    )
    expected = [item_named(key)["label"] for key in KEYS if key not in {"governance", "monitoring"}]
    assert gaps(item) == expected
    assert "Reliability controls" in gaps(item)
    assert "Governance" not in gaps(item)
    assert "Monitoring" not in gaps(item)


# -- risks ---------------------------------------------------------------------------------------
def brief_level(score: int) -> str:
    """The brief's rule, restated: 15 or more high, 8–14 medium, below 8 low."""
    return "high" if score >= 15 else "medium" if score >= 8 else "low"


@pytest.mark.parametrize("likelihood", range(1, 6))
@pytest.mark.parametrize("impact", range(1, 6))
def test_every_cell_of_the_risk_matrix(likelihood: int, impact: int) -> None:
    item = risk(likelihood, impact)
    assert risk_score(item) == likelihood * impact
    assert risk_level(item) == brief_level(likelihood * impact)


@pytest.mark.parametrize(
    ("likelihood", "impact", "level"),
    [
        (3, 5, "high"),
        (5, 3, "high"),
        (4, 4, "high"),
        (5, 5, "high"),
        (2, 4, "medium"),
        (3, 4, "medium"),
        (2, 3, "low"),
        (1, 1, "low"),
    ],
)
def test_risk_level_boundaries(likelihood: int, impact: int, level: str) -> None:
    """3×5 = 15 is the first high score; 2×4 = 8 the first medium; 6 is the highest low."""
    assert risk_level(risk(likelihood, impact)) == level


@pytest.mark.parametrize(("likelihood", "impact"), [(2, 7), (7, 2), (0, 3), (3, 0), (6, 1)])
def test_likelihood_and_impact_stay_between_1_and_5(likelihood: int, impact: int) -> None:
    """2×7 = 14 cannot be recorded: each scale runs from 1 to 5."""
    with pytest.raises(ValidationError):
        risk(likelihood, impact)


def test_a_high_risk_without_mitigation_is_flagged() -> None:
    item = initiative(risks=[risk(3, 5, kind=RiskKind.DATA_LEAKAGE)])
    [flag] = initiative_flags(item)
    assert flag.rule == "high-risk-unmitigated"
    assert flag.initiative == "Claims copilot"
    assert "Data leakage" in flag.message
    assert "15" in flag.message


@pytest.mark.parametrize("blank", ["", "   ", "\t\n "])
def test_a_blank_mitigation_counts_as_none(blank: str) -> None:
    """Spaces are not a mitigation, whether typed into the model or set afterwards."""
    typed = initiative(risks=[risk(4, 4, blank)])
    assert rules(typed) == ["high-risk-unmitigated"]
    later = initiative(risks=[risk(4, 4, "pending")])
    later.readiness.risks[0].mitigation = blank
    assert rules(later) == ["high-risk-unmitigated"]


def test_a_mitigated_high_risk_is_not_flagged() -> None:
    item = initiative(risks=[risk(5, 5, "Human review of every output")])
    assert initiative_flags(item) == []


def test_an_unmitigated_medium_or_low_risk_is_not_flagged() -> None:
    item = initiative(risks=[risk(2, 4), risk(3, 4), risk(1, 2)])
    assert initiative_flags(item) == []


def test_each_unmitigated_high_risk_is_flagged_once() -> None:
    item = initiative(risks=[risk(3, 5), risk(5, 5, "reviewed"), risk(4, 4), risk(2, 4)])
    assert rules(item) == ["high-risk-unmitigated", "high-risk-unmitigated"]
    assert high_risks_unmitigated(workshop(item)) == 2


# -- agents --------------------------------------------------------------------------------------
def test_an_agent_with_no_autonomy_level_is_flagged() -> None:
    item = initiative(agentic=True)
    [flag] = initiative_flags(item)
    assert flag.rule == "autonomy-unset"


ACTING = [
    AutonomyLevel.ACTS_WITH_APPROVAL,
    AutonomyLevel.ACTS_WITHIN_LIMITS,
    AutonomyLevel.FULLY_AUTONOMOUS,
]
WAY_BACK = {"escalation_path": "Duty manager, within 1 hour", "failure_recovery": "Roll back"}


@pytest.mark.parametrize("level", ACTING)
def test_an_agent_that_acts_without_escalation_is_flagged(level: AutonomyLevel) -> None:
    """Not only a fully autonomous one: any agent that acts needs someone to hand over to."""
    item = initiative(
        agentic=True,
        autonomy=Autonomy(level=level, oversight_point="weekly review", failure_recovery="Undo"),
    )
    [flag] = initiative_flags(item)
    assert flag.rule == "agent-no-escalation"
    assert "no escalation path" in flag.message
    assert "who it hands over to" in flag.message
    assert "weekly review" in flag.message


@pytest.mark.parametrize("level", ACTING)
def test_an_agent_that_acts_without_failure_recovery_is_flagged(level: AutonomyLevel) -> None:
    item = initiative(agentic=True, autonomy=Autonomy(level=level, escalation_path="Duty manager"))
    [flag] = initiative_flags(item)
    assert flag.rule == "agent-no-recovery"
    assert "no failure recovery" in flag.message


def test_missing_both_is_two_findings_naming_the_level() -> None:
    item = initiative(agentic=True, autonomy=Autonomy(level=AutonomyLevel.ACTS_WITHIN_LIMITS))
    found = initiative_flags(item)
    assert [f.rule for f in found] == ["agent-no-escalation", "agent-no-recovery"]
    assert all(f.message.startswith("acts within limits, but has no ") for f in found)


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_way_back_counts_as_none(blank: str) -> None:
    item = initiative(
        agentic=True,
        autonomy=Autonomy.model_construct(
            level=AutonomyLevel.FULLY_AUTONOMOUS,
            oversight_point="",
            escalation_path=blank,
            failure_recovery=blank,
        ),
    )
    assert rules(item) == ["agent-no-escalation", "agent-no-recovery"]


@pytest.mark.parametrize("level", ACTING)
def test_an_agent_with_a_way_back_is_not_flagged(level: AutonomyLevel) -> None:
    item = initiative(agentic=True, autonomy=Autonomy(level=level, **WAY_BACK))
    assert initiative_flags(item) == []


def test_an_agent_that_only_suggests_needs_no_way_back() -> None:
    """Every action is a person's: there is nothing for the agent to hand over or undo."""
    item = initiative(agentic=True, autonomy=Autonomy(level=AutonomyLevel.SUGGESTS))
    assert initiative_flags(item) == []


@pytest.mark.parametrize("level", [None, *AutonomyLevel])
def test_a_non_agentic_initiative_is_never_flagged_for_autonomy(
    level: AutonomyLevel | None,
) -> None:
    item = initiative(agentic=False, autonomy=Autonomy(level=level))
    assert initiative_flags(item) == []


# -- tiers ---------------------------------------------------------------------------------------
def test_a_prohibited_tier_is_flagged() -> None:
    [flag] = initiative_flags(initiative(tier=RegulatoryTier.PROHIBITED))
    assert flag.rule == "prohibited-use"


@pytest.mark.parametrize(
    "tier", [None, RegulatoryTier.HIGH, RegulatoryTier.LIMITED, RegulatoryTier.MINIMAL]
)
def test_other_tiers_are_not_flagged(tier: RegulatoryTier | None) -> None:
    assert initiative_flags(initiative(tier=tier)) == []


@pytest.mark.parametrize("tier", list(RegulatoryTier))
def test_tier_duties_come_from_the_data_file(tier: RegulatoryTier) -> None:
    expected = TIERS["tiers"][tier.value]
    duties = tier_duties(tier)
    assert duties["label"] == expected["label"]
    assert duties["summary"] == expected["summary"]
    assert [(d["duty"], d["from"]) for d in duties["duties"]] == [
        (d["duty"], d["from"]) for d in expected["duties"]
    ]


def test_tier_dates_are_the_data_files() -> None:
    """Spot-check the dates as written in the JSON: bans first, high-risk duties later."""
    assert set(TIERS["tiers"]) == {t.value for t in RegulatoryTier}
    prohibited = {d["from"] for d in tier_duties(RegulatoryTier.PROHIBITED)["duties"]}
    high = {d["from"] for d in tier_duties(RegulatoryTier.HIGH)["duties"]}
    minimal = {d["from"] for d in tier_duties(RegulatoryTier.MINIMAL)["duties"]}
    assert prohibited == {d["from"] for d in TIERS["tiers"]["prohibited"]["duties"]}
    assert high == {d["from"] for d in TIERS["tiers"]["high"]["duties"]}
    assert minimal == {None}
    assert len(tier_duties(RegulatoryTier.HIGH)["duties"]) == len(TIERS["tiers"]["high"]["duties"])


def test_no_tier_has_no_duties() -> None:
    assert tier_duties(None) == {}


# -- the workshop as a whole ---------------------------------------------------------------------
def test_killed_initiatives_are_ignored() -> None:
    """A stopped initiative takes no capacity and needs no fixing."""
    dead = initiative(
        {},
        name="Stopped agent",
        stage=Stage.KILLED,
        agentic=True,
        risks=[risk(5, 5)],
        tier=RegulatoryTier.PROHIBITED,
        autonomy=Autonomy(level=AutonomyLevel.FULLY_AUTONOMOUS),
    )
    alive = initiative(every(DONE), name="Healthy")
    w = workshop(dead, alive)
    assert flags(w) == []
    assert not_ready(w) == []
    assert high_risks_unmitigated(w) == 0
    dead.stage = Stage.STALLED
    assert {f.rule for f in flags(w)} == {
        "high-risk-unmitigated",
        "agent-no-escalation",
        "agent-no-recovery",
        "prohibited-use",
    }
    assert not_ready(w) == ["Stopped agent"]
    assert high_risks_unmitigated(w) == 1


def test_not_ready_lists_only_those_whose_weakest_group_has_not_started() -> None:
    blocked = initiative({}, name="Blocked")
    started = initiative(
        every(TODO, governance=DOING, evaluation=DOING, monitoring=DONE), name="Started"
    )
    w = workshop(blocked, started, initiative(every(DONE), name="Ready"))
    assert not_ready(w) == ["Blocked"]


def test_flags_cover_every_initiative_in_order() -> None:
    w = workshop(
        initiative(name="One", risks=[risk(5, 4)]),
        initiative(name="Two", agentic=True),
        initiative(name="Three", tier=RegulatoryTier.PROHIBITED),
    )
    assert [(f.initiative, f.rule) for f in flags(w)] == [
        ("One", "high-risk-unmitigated"),
        ("Two", "autonomy-unset"),
        ("Three", "prohibited-use"),
    ]


@pytest.mark.parametrize("size", [1, 7, 20, 500])
def test_flags_in_groups_are_the_flags_in_order_a_run_of_initiatives_each(size: int) -> None:
    from gaptools.files.synthetic import synthetic_workshop

    w = synthetic_workshop(45)
    groups = flags_in_groups(w, size)
    live = w.live_initiatives()

    assert [f for group in groups for f in group] == flags(w)
    assert len(groups) == -(-len(live) // size)
    for n, group in enumerate(groups):
        assert group == [f for i in live[n * size : (n + 1) * size] for f in initiative_flags(i)]


# -- status on the example -----------------------------------------------------------------------
def reference_not_ready(raw_workshop: dict[str, Any]) -> list[str]:
    """Live initiatives with a group whose applicable items have no credit at all."""
    names = []
    for item in raw_workshop["initiatives"]:
        if item.get("stage") == "killed":
            continue
        states = item.get("readiness", {}).get("checklist", {})
        if any(share == 0 for share in reference_groups(states).values()):
            names.append(item["name"])
    return names


def reference_unmitigated(raw_workshop: dict[str, Any]) -> int:
    return sum(
        1
        for item in raw_workshop["initiatives"]
        if item.get("stage") != "killed"
        for r in item.get("readiness", {}).get("risks", [])
        if r["likelihood"] * r["impact"] >= 15 and not r.get("mitigation", "").strip()
    )


def test_example_status_counts(example: Workshop) -> None:
    """Worked out from the raw file: customer support (4×4) and small claims (3×5) have no
    mitigation; fraud signals' 3×5 bias risk is mitigated."""
    facts = summary(example)
    raw_example = shipped()
    assert facts["not_ready"] == len(reference_not_ready(raw_example))
    assert not_ready(example) == reference_not_ready(raw_example)
    assert facts["high_risks_unmitigated"] == reference_unmitigated(raw_example) == 2
    assert json.loads(json.dumps(facts)) == facts


def test_example_missing_names_the_unmitigated_risks(example: Workshop) -> None:
    assert "2 high risks have no mitigation (step 5)" in missing(example)


def test_one_unmitigated_risk_is_singular(example: Workshop) -> None:
    support = example.initiative("Customer support assistant")
    assert support is not None
    support.readiness.risks[0].mitigation = "Agents approve every reply"
    gaps_ = missing(example)
    assert "1 high risk has no mitigation (step 5)" in gaps_
    assert not any("high risks have" in gap for gap in gaps_)


def test_no_step_5_line_once_every_high_risk_is_mitigated(example: Workshop) -> None:
    for item in example.initiatives:
        for r in item.readiness.risks:
            r.mitigation = r.mitigation or "Reviewed weekly"
    assert summary(example)["high_risks_unmitigated"] == 0
    assert not any("(step 5)" in gap for gap in missing(example))


def test_top_risks_are_the_highest_first() -> None:
    risks = [
        Risk(kind=RiskKind.BIAS, likelihood=1, impact=2),
        Risk(kind=RiskKind.DATA_LEAKAGE, likelihood=5, impact=5),
        Risk(kind=RiskKind.REGULATORY, likelihood=2, impact=3),
    ]
    initiative = Initiative(name="x", readiness=Readiness(risks=risks))
    top = readiness_module.top_risks(initiative, 2)
    assert [r.kind for r in top] == [RiskKind.DATA_LEAKAGE, RiskKind.REGULATORY]
    assert readiness_module.top_risks(Initiative(name="y"), 3) == []


def test_risk_gaps_count_in_words() -> None:
    assert readiness_module.risk_gaps(0) == []
    assert readiness_module.risk_gaps(1) == ["1 high risk has no mitigation (step 5)"]
    assert readiness_module.risk_gaps(3) == ["3 high risks have no mitigation (step 5)"]
