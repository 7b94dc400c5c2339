"""The one-look summary of a workshop that ``gaptools status`` prints and scripts rely on.

The keys of ``summary`` are an interface: once added they stay. Each step adds its counts.
"""

from __future__ import annotations

from collections.abc import Sized
from dataclasses import dataclass
from typing import Any

from gaptools.core.model import Stage, Workshop
from gaptools.core.quarter import planned_quarter
from gaptools.steps.bet import bet_complete, bet_name, card_gaps
from gaptools.steps.contested import Spread, lens_spread
from gaptools.steps.ownership import findings, unowned
from gaptools.steps.portfolio import diagnose
from gaptools.steps.prioritise import Ranking, rank
from gaptools.steps.readiness import high_risks_unmitigated, not_ready
from gaptools.steps.start import setup_gaps
from gaptools.steps.value import is_deploy_ready


@dataclass(frozen=True)
class _Derived:
    """What several keys and the 'missing' list share, computed once per summary."""

    spread: Spread
    ranking: Ranking
    owners: list[str]
    risky: int
    card: list[str]


def _derive(workshop: Workshop) -> _Derived:
    return _Derived(
        spread=lens_spread(workshop),
        ranking=rank(workshop, stability=False),
        owners=unowned(workshop),
        risky=high_risks_unmitigated(workshop),
        card=card_gaps(workshop),
    )


def summary(workshop: Workshop) -> dict[str, Any]:
    meta = workshop.meta
    ready = sum(is_deploy_ready(i.value, meta.date) for i in workshop.initiatives)
    portfolio = diagnose(workshop)
    derived = _derive(workshop)
    return {
        "team": meta.team,
        "quarter": planned_quarter(meta).label,
        "initiatives": len(workshop.initiatives),
        "deploy_ready": ready,
        "explore": len(workshop.initiatives) - ready,
        "participants": len(meta.participants),
        "bet": bet_name(workshop),
        "bet_complete": bet_complete(workshop),
        "missing": _missing(workshop, derived),
        "in_purgatory": len(portfolio.in_purgatory),
        "by_stage": portfolio.by_stage,
        "contested": derived.spread.contested,
        "unowned": len(derived.owners),
        "ownership_findings": len(findings(workshop)),
        "not_ready": len(not_ready(workshop)),
        "high_risks_unmitigated": derived.risky,
        "above_line": derived.ranking.above,
        "votes": len(workshop.voting.ballots),
    }


def missing(workshop: Workshop) -> list[str]:
    """What the workshop still lacks, step by step, in plain words."""
    return _missing(workshop, _derive(workshop))


def _missing(workshop: Workshop, derived: _Derived) -> list[str]:
    gaps = setup_gaps(workshop)
    stalled = [i for i in workshop.initiatives if i.stage is Stage.STALLED and not i.stall_reason]
    if stalled:
        gaps.append(f"{len(stalled)} stalled initiatives have no reason given (step 1)")
    spread = derived.spread
    if not spread.definitions:
        gaps.append("no definitions of success from the leaders yet (step 2)")
    elif spread.missing:
        gaps.append(
            f"{_count(spread.missing, 'leader has', 'leaders have')} not defined "
            "success yet (step 2)"
        )
    explore = [i for i in workshop.initiatives if not is_deploy_ready(i.value, workshop.meta.date)]
    if explore:
        gaps.append(
            f"{_count(explore, 'initiative has', 'initiatives have')} no deploy-ready "
            "value yet (step 3)"
        )
    if derived.owners:
        gaps.append(
            f"{_count(derived.owners, 'initiative has', 'initiatives have')} no single "
            "named accountable owner (step 4)"
        )
    if derived.risky:
        gaps.append(
            f"{_count(derived.risky, 'high risk has', 'high risks have')} no mitigation (step 5)"
        )
    if derived.ranking.capacity is None:
        gaps.append("no engineering capacity set for the quarter (step 6)")
    if derived.ranking.to_estimate:
        gaps.append(
            f"{_count(derived.ranking.to_estimate, 'candidate needs', 'candidates need')}"
            " value and effort estimates (step 6)"
        )
    return gaps + derived.card


def _count(items: Sized | int, one: str, many: str) -> str:
    """'1 initiative has' / '3 initiatives have'."""
    number = items if isinstance(items, int) else len(items)
    return f"{number} {one if number == 1 else many}"


def render_text(workshop: Workshop, facts: dict[str, Any]) -> str:
    """The same summary for a person reading a terminal."""
    meta = workshop.meta
    quarter = planned_quarter(meta)
    lines = [
        f"Team:          {facts['team'] or '(not named)'}"
        + (f" — {meta.organisation}" if meta.organisation else ""),
        f"Workshop date: {meta.date.isoformat()}",
        f"Planning:      {quarter.label} ({quarter.span})",
        f"Participants:  {facts['participants']}",
        f"Initiatives:   {facts['initiatives']} "
        f"({facts['deploy_ready']} deploy-ready, {facts['explore']} to explore)",
        f"Pilots stuck:  {facts['in_purgatory']} longer than "
        f"{workshop.settings.purgatory_weeks} weeks without a decision",
        f"Above line:    {', '.join(facts['above_line']) or 'nothing yet'}",
        f"Bet:           {facts['bet'] or 'none yet'}"
        + (" (card complete)" if facts["bet_complete"] else ""),
    ]
    owned = findings(workshop)
    if owned:
        lines.append(f"Ownership findings ({len(owned)}):")
        lines.extend(
            f"  {f.severity:7} {f.rule:17} {f.initiative or f.subject}: {f.message}" for f in owned
        )
    if facts["missing"]:
        lines.append("Still missing:")
        lines.extend(f"  - {gap}" for gap in facts["missing"])
    else:
        lines.append("Nothing missing.")
    return "\n".join(lines)
