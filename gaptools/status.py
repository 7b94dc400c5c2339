"""The one-look summary of a workshop that ``gaptools status`` prints and scripts rely on.

The keys of ``summary`` are an interface: once added they stay. Each step adds its counts.
"""

from __future__ import annotations

from typing import Any

from gaptools.bet import bet_complete, bet_name, card_gaps
from gaptools.contested import lens_spread
from gaptools.model import Stage, Workshop
from gaptools.ownership import findings, unowned
from gaptools.portfolio import diagnose
from gaptools.prioritise import rank
from gaptools.quarter import planned_quarter
from gaptools.readiness import high_risks_unmitigated, not_ready
from gaptools.start import setup_gaps
from gaptools.value import is_deploy_ready


def summary(workshop: Workshop) -> dict[str, Any]:
    meta = workshop.meta
    ready = sum(is_deploy_ready(i.value, meta.date) for i in workshop.initiatives)
    portfolio = diagnose(workshop)
    return {
        "team": meta.team,
        "quarter": planned_quarter(meta).label,
        "initiatives": len(workshop.initiatives),
        "deploy_ready": ready,
        "explore": len(workshop.initiatives) - ready,
        "participants": len(meta.participants),
        "bet": bet_name(workshop),
        "bet_complete": bet_complete(workshop),
        "missing": missing(workshop),
        "in_purgatory": len(portfolio.in_purgatory),
        "by_stage": portfolio.by_stage,
        "contested": lens_spread(workshop).contested,
        "unowned": len(unowned(workshop)),
        "ownership_findings": len(findings(workshop)),
        "not_ready": len(not_ready(workshop)),
        "high_risks_unmitigated": high_risks_unmitigated(workshop),
        "above_line": rank(workshop, stability=False).above,
        "votes": len(workshop.voting.ballots),
    }


def missing(workshop: Workshop) -> list[str]:
    """What the workshop still lacks, step by step, in plain words."""
    gaps = setup_gaps(workshop)
    stalled_unexplained = [
        i.name for i in workshop.initiatives if i.stage is Stage.STALLED and not i.stall_reason
    ]
    if stalled_unexplained:
        gaps.append(f"{len(stalled_unexplained)} stalled initiatives have no reason given (step 1)")
    spread = lens_spread(workshop)
    if not spread.definitions:
        gaps.append("no definitions of success from the leaders yet (step 2)")
    elif spread.missing:
        noun = "leader has" if len(spread.missing) == 1 else "leaders have"
        gaps.append(f"{len(spread.missing)} {noun} not defined success yet (step 2)")
    explore = [i for i in workshop.initiatives if not is_deploy_ready(i.value, workshop.meta.date)]
    if explore:
        noun = "initiative has" if len(explore) == 1 else "initiatives have"
        gaps.append(f"{len(explore)} {noun} no deploy-ready value yet (step 3)")
    owners = unowned(workshop)
    if owners:
        noun = "initiative has" if len(owners) == 1 else "initiatives have"
        gaps.append(f"{len(owners)} {noun} no single named accountable owner (step 4)")
    risky = high_risks_unmitigated(workshop)
    if risky:
        noun = "high risk has" if risky == 1 else "high risks have"
        gaps.append(f"{risky} {noun} no mitigation (step 5)")
    ranking = rank(workshop, stability=False)
    if ranking.capacity is None:
        gaps.append("no engineering capacity set for the quarter (step 6)")
    if ranking.to_estimate:
        noun = "candidate needs" if len(ranking.to_estimate) == 1 else "candidates need"
        gaps.append(f"{len(ranking.to_estimate)} {noun} value and effort estimates (step 6)")
    gaps.extend(card_gaps(workshop))
    return gaps


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
