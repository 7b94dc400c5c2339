"""The one-look summary of a workshop that ``gaptools status`` prints and scripts rely on.

The keys of ``summary`` are an interface: once added they stay. The first nine are the ones
every workshop has (``HEAD``); then each step adds its own, in workshop order, as the step
registry says. ``deploy_ready`` and ``explore`` count the initiatives in play (ideas, pilots,
stalled ones; ``in_play`` says how many), the same count the form, the report and the canvas
show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gaptools.core.model import Workshop
from gaptools.core.quarter import planned_quarter
from gaptools.core.text import listed, plural
from gaptools.steps import bet, commitments, ownership, registry

#: The keys every workshop has, first and in this order.
HEAD = (
    "team",
    "quarter",
    "initiatives",
    "deploy_ready",
    "explore",
    "participants",
    "bet",
    "bet_complete",
    "missing",
)

#: Ownership findings printed one per line; the rest are counted (``_findings_lines``).
FINDINGS_SHOWN = 10


def summary(
    workshop: Workshop, as_of: dt.date | None = None, figures: registry.Figures | None = None
) -> dict[str, Any]:
    """The summary as one JSON-ready object: ``HEAD`` first, then each step's keys in order.
    ``as_of`` is "now" for the learning log (today unless given). ``figures`` are the
    workshop's figures when the caller has them already (``render_text`` reads them too), so
    nothing is worked out twice."""
    if figures is None:
        figures = registry.Figures(workshop, as_of=as_of)
    facts = registry.status_facts(figures)
    facts["missing"] = registry.missing(figures)
    head = {key: facts[key] for key in HEAD}
    # Last, for it came last: the day the figures were read on (the learning log's, and a
    # quarter over), which a script comparing two runs needs to know.
    return (
        head
        | {key: fact for key, fact in facts.items() if key not in head}
        | {"as_of": figures.as_of.isoformat()}
    )


def missing(workshop: Workshop) -> list[str]:
    """What the workshop still lacks, step by step, in plain words."""
    return registry.missing(workshop)


def render_text(
    workshop: Workshop, facts: dict[str, Any], figures: registry.Figures | None = None
) -> str:
    """The same summary for a person reading a terminal; ``figures``, when given, are the
    ones ``summary`` worked out, read again rather than recomputed."""
    if figures is None:
        figures = registry.Figures(workshop)
    meta = workshop.meta
    quarter = planned_quarter(meta)
    lines = [
        f"Team:          {facts['team'] or '(not named)'}"
        + (f" — {meta.organisation}" if meta.organisation else ""),
        f"Workshop date: {meta.date.isoformat()}",
        f"As of:         {figures.as_of.isoformat()}",
        f"Planning:      {quarter.label} ({quarter.span})",
        f"Participants:  {facts['participants']}",
        *_survey_line(workshop),
        f"Initiatives:   {facts['initiatives']} ({facts['in_play']} in play: "
        f"{facts['deploy_ready']} deploy-ready, {facts['explore']} to explore)",
        f"Pilots stuck:  {facts['in_purgatory']} longer than "
        f"{workshop.settings.purgatory_weeks} weeks without a decision, at the workshop"
        + _undated(len(figures.diagnosis.without_start)),
        f"Success:       {figures.spread.summary}",
        f"Above line:    {', '.join(facts['above_line']) or 'nothing yet'}",
        f"Bet:           {_bet_line(workshop, facts, figures)}",
        f"Pulse:         {figures.pulse_view.summary}",
        f"Commitments:   {_commitments_line(workshop, facts)}",
        f"Learning:      {figures.velocity.summary}",
        f"Maturity:      {figures.maturity_view.summary}",
    ]
    lines.extend(_findings_lines(figures.findings))
    if facts["missing"]:
        lines.append("Still missing:")
        lines.extend(f"  - {gap}" for gap in facts["missing"])
    else:
        lines.append("Nothing missing.")
    # What step 0's list marks ◌ (readiness not begun, one view of success): status left it
    # out, so the terminal and the notebook disagreed on what was left to do.
    looks = [
        flag if "(step " in flag else f"{flag} (step {step.number})"  # not "(step 7) (step 10)"
        for step, flag in registry.flagged(figures)
    ]
    if looks:
        lines.append("To look at, though not missing:")
        lines.extend(f"  - {look}" for look in looks)
    return "\n".join(lines)


def _findings_lines(owned: list[ownership.Finding]) -> list[str]:
    """The ownership findings, errors first, as many as a screen holds beside the rest of the
    summary: all of them, one line each, buried the summary (1,549 lines for a portfolio of
    1,000). The rest are counted, with where each is listed."""
    if not owned:
        return []
    ordered = sorted(owned, key=lambda finding: finding.severity != "error")  # stable
    shown, rest = ordered[:FINDINGS_SHOWN], ordered[FINDINGS_SHOWN:]
    lines = [f"Ownership findings ({len(owned)}):"]
    lines.extend(
        f"  {f.severity:7} {f.rule:17} {f.initiative or f.subject}: {f.message}" for f in shown
    )
    if rest:
        errors = sum(finding.severity == "error" for finding in rest)
        kinds = [plural(errors, "error"), plural(len(rest) - errors, "warning")]
        counted = listed([kind for kind in kinds if not kind.startswith("0 ")])
        lines.append(
            f"  … and {len(rest)} more ({counted}): step 4 lists them all, as does the report "
            "(gaptools export --canvas report)"
        )
    return lines


def _survey_line(workshop: Workshop) -> list[str]:
    """The pre-workshop survey, once one is imported: only ``--json`` said it had been."""
    responses = workshop.survey.responses
    return [f"Survey:        {plural(responses, 'response')} imported"] if responses else []


def _undated(count: int) -> str:
    """The pilots no age can be counted for: "0 stuck" said nothing of twelve undated."""
    if not count:
        return ""
    return f"; {plural(count, 'pilot has', 'pilots have')} no start date, so no age (step 1)"


def _bet_line(workshop: Workshop, facts: dict[str, Any], figures: registry.Figures) -> str:
    """The bet, or why there is none: a team that chose "no bet yet" decided something, which
    "none yet" (step 7 not reached) hides; a bet killed since is said to be, beside its name."""
    if facts["bet"]:
        if figures.card.ended:
            return f"{facts['bet']} ({bet.ENDED}: decide again in step 7)"
        if facts["bet_complete"]:
            return f"{facts['bet']} (card complete)"
        gaps = len(figures.card.gaps)  # said, as a complete card is: the name alone read as done
        return f"{facts['bet']} (card incomplete: {plural(gaps, 'item')} missing, step 7)"
    if workshop.bet.no_bet_yet:
        return "no bet this quarter, by the team's choice (what to explore: step 7)"
    return "none yet"


def _commitments_line(workshop: Workshop, facts: dict[str, Any]) -> str:
    if not workshop.commitments:  # "0 of 0 complete" in a new quarter's file
        return "none written yet (step 8)"
    said = f"{facts['commitments_complete']} of {len(workshop.commitments)} complete"
    left = commitments.not_written_words(workshop)
    return f"{said}; {left}" if left else said
