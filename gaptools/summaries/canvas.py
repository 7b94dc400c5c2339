"""The one-page bet canvas as plain content: what goes in each box, and what is still missing.

Every format (PDF, PNG, HTML, Markdown and the notebook preview) draws this one object, so
they cannot disagree. A box whose part of the commitment card is incomplete carries the plain
words of what is missing instead of a blank, taken from ``bet.card_parts``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gaptools.core.model import Initiative, Workshop
from gaptools.core.quarter import day_text, planned_quarter
from gaptools.core.text import plural, shorten
from gaptools.steps.bet import (
    CARD_NEEDS,
    EXPLORE_FIRST,
    bet_name,
    card_parts,
    explore_line,
    stopped_others,
)
from gaptools.steps.prioritise import rank
from gaptools.steps.readiness import gaps as readiness_gaps
from gaptools.steps.readiness import risk_level, risk_score
from gaptools.steps.value import is_deploy_ready, value_sentence

TOP_RISKS = 3
LONGEST_LINE = 280  # characters; beyond this a box line is cut with "…" in every format
MOST_ITEMS = 6  # items in one box; beyond this the box says how many more


def clip(text: str, limit: int = LONGEST_LINE) -> str:
    """One page has room for a sentence, not an essay: the report keeps the whole text."""
    return shorten(text, limit)


@dataclass(frozen=True)
class Box:
    title: str
    lines: list[str]
    missing: bool = False  # lines then say what is missing, in words


@dataclass(frozen=True)
class BetCanvas:
    kicker: str  # "The bet for Q1 2027", "No bet yet"
    headline: str  # the initiative, or what stands in for it
    sentence: str  # the value sentence, or what the team does instead
    complete: bool
    verdict: str  # "✓ Complete commitment" or "✗ 3 items still missing"
    boxes: list[Box]
    missing: list[str]
    team: str
    when: str
    footer: str
    title: str = field(default="")


def bet_canvas(workshop: Workshop) -> BetCanvas:
    meta = workshop.meta
    quarter = planned_quarter(meta)
    parts = card_parts(workshop)
    gaps = [gap for part in parts.values() for gap in part]
    team = meta.team or "Team not named"
    if meta.organisation:
        team += f" · {meta.organisation}"
    done = "✓ Exploration plan complete" if workshop.bet.no_bet_yet else "✓ Complete commitment"
    common = {
        "complete": not gaps,
        "verdict": done if not gaps else f"✗ {plural(len(gaps), 'item')} still missing",
        "missing": gaps,
        "team": team,
        "when": f"Workshop of {day_text(meta.date)}",
        "footer": f"Facilitated by {meta.facilitator or 'nobody named'} · "
        f"{plural(len(meta.participants), 'leader')} in the room",
        "title": f"Bet canvas · {meta.team or 'team'} · {quarter.label}",
    }
    if workshop.bet.no_bet_yet:
        return BetCanvas(
            kicker=f"{quarter.label}: no bet yet",
            headline="No bet yet",
            sentence="The team chose not to commit this quarter. "
            "It will find out these things first, then decide.",
            boxes=[_explore_box(workshop, parts), _decision_box(workshop, parts)],
            **common,
        )
    name = bet_name(workshop)
    initiative = workshop.initiative(name) if name else None
    if name and initiative is None:
        return BetCanvas(
            kicker=f"The bet for {quarter.label}",
            headline=clip(name, 120),
            sentence="This initiative is no longer in the portfolio (renamed or removed in "
            "step 1): choose the bet again in step 7.",
            boxes=[
                _box("The choice", [], parts["choice"]),
                _decision_box(workshop, {}),
            ],
            **common,
        )
    if initiative is None:
        return BetCanvas(
            kicker=f"The bet for {quarter.label}",
            headline="No bet chosen yet",
            sentence="Step 7 runs the gut check and the vote and records the decision; "
            "this page fills in as it does.",
            boxes=[
                _candidates_box(workshop),
                Box("What the commitment card needs", CARD_NEEDS),
                _decision_box(workshop, {"decision": gaps}),
            ],
            **common,
        )
    return BetCanvas(
        kicker=f"The bet for {quarter.label}",
        headline=clip(initiative.name, 120),
        sentence=clip(_value_line(workshop, initiative)),
        boxes=_bet_boxes(workshop, initiative, parts),
        **common,
    )


def _value_line(workshop: Workshop, initiative: Initiative) -> str:
    value = initiative.value
    if is_deploy_ready(value, workshop.meta.date):
        return value_sentence(value)
    if not value.metric:
        return f"Value not defined yet (step 3): {EXPLORE_FIRST}."
    return f"{value_sentence(value)} — still to explore: {EXPLORE_FIRST}."


def _bet_boxes(
    workshop: Workshop, initiative: Initiative, parts: dict[str, list[str]]
) -> list[Box]:
    bet = workshop.bet
    start = workshop.meta.date
    cycle = (
        [f"{day_text(start)} → {day_text(bet.first_cycle_end)}", _weeks(start, bet.first_cycle_end)]
        if bet.first_cycle_end
        else []
    )
    stopped = stopped_others(workshop)
    open_items = readiness_gaps(initiative)
    readiness = bet.readiness_gaps or (
        ["None open in step 5"] if not open_items else ["Step 5 shows: " + ", ".join(open_items)]
    )
    owner = initiative.ownership.accountable
    functions = [f for f, letter in initiative.ownership.raci.items() if letter == "A"]
    return [
        _box(
            "Accountable owner",
            [owner, *(f"Function: {f}" for f in functions[:1])] if owner else [],
            parts["owner"],
        ),
        _box("First pilot cycle", cycle, parts["cycle"]),
        _box("Debriefs", [day_text(d) for d in sorted(bet.debrief_dates)], parts["debriefs"]),
        _box("Kill criteria", [bet.kill_criteria] if bet.kill_criteria else [], parts["kill"]),
        _box("Stopped or paused to free capacity", stopped, parts["stopped"]),
        _box("Readiness gaps to close", readiness, parts["readiness"]),
        _box("Top risks", _top_risks(initiative), []),
        _decision_box(workshop, parts),
    ]


def _box(title: str, lines: list[str], gaps: list[str]) -> Box:
    if gaps:
        return Box(title, [clip(f"Missing: {gap}") for gap in gaps], missing=True)
    return Box(title, capped([clip(line) for line in lines]))


def capped(lines: list[str], most: int = MOST_ITEMS) -> list[str]:
    """At most ``most`` items in a box, the last saying how many more there are, so every
    format of the canvas stays on one page."""
    if len(lines) <= most:
        return lines
    return [*lines[: most - 1], f"…and {len(lines) - most + 1} more"]


def _weeks(start, end) -> str:
    weeks = (end - start).days / 7
    if weeks == int(weeks):
        return plural(int(weeks), "week")
    return f"{weeks:.1f} weeks"


def _top_risks(initiative: Initiative) -> list[str]:
    risks = sorted(initiative.readiness.risks, key=risk_score, reverse=True)[:TOP_RISKS]
    if not risks:
        return ["None logged in step 5"]
    return [
        f"{r.kind.label}: risk {risk_score(r)} of 25 ({risk_level(r)}) · "
        + (f"mitigation: {r.mitigation}" if r.mitigation else "NO mitigation yet")
        for r in risks
    ]


def _decision_box(workshop: Workshop, parts: dict[str, list[str]]) -> Box:
    bet = workshop.bet
    lines = []
    if bet.decided_by and bet.decided_on:
        lines.append(f"Decided by {bet.decided_by} on {day_text(bet.decided_on)}")
    if bet.options_considered:
        lines.append("Options considered: " + ", ".join(bet.options_considered))
    return _box("Decision", lines or ["Not recorded yet"], parts.get("decision", []))


def _explore_box(workshop: Workshop, parts: dict[str, list[str]]) -> Box:
    lines = [explore_line(item) for item in workshop.bet.explore_next]
    gaps = parts.get("explore", [])
    if gaps and lines:  # some items lack a date: show them, with the words of what is missing
        lines += [f"Missing: {gap}" for gap in gaps]
        return Box("What we will explore instead", capped([clip(line) for line in lines]), True)
    return _box("What we will explore instead", lines, gaps)


def _candidates_box(workshop: Workshop) -> Box:
    ranking = rank(workshop)
    above = [s.name for s in ranking.ranked if s.above][:5]
    if not above:
        above = [s.name for s in ranking.ranked][:5]
    return Box(
        "Front-runners from step 6",
        above or ["Nothing ranked yet"],
    )
