"""The workshop report as plain content, then written out as HTML or Markdown.

``report_sections`` reads the model through the same rules the notebooks use and returns
sections of paragraphs, bullet lists and tables of plain text. The writers escape every piece
of user text for their format, so a name such as ``<script>`` is shown, never run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gaptools.charts import steps
from gaptools.charts.svg import CHART_STYLE
from gaptools.core.model import Workshop
from gaptools.core.quarter import day_text, planned_quarter
from gaptools.export.markup import md_document, md_escape, md_table, render
from gaptools.steps.bet import bet_name, card_gaps, explore_line
from gaptools.steps.contested import lens_spread
from gaptools.steps.ownership import findings, unowned
from gaptools.steps.portfolio import diagnose
from gaptools.steps.prioritise import rank, stability_word
from gaptools.steps.readiness import flags, not_ready
from gaptools.steps.value import is_deploy_ready, value_sentence, value_status
from gaptools.steps.voting import result
from gaptools.summaries.status import missing


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    table: tuple[list[str], list[list[str]]] | None = None
    charts: list[str] = field(default_factory=list)  # inline SVG, user text already escaped


def report_sections(workshop: Workshop, charts: bool = False) -> list[Section]:
    """The report's content; with ``charts``, each step's SVG charts as well (for HTML)."""
    meta = workshop.meta
    quarter = planned_quarter(meta)
    portfolio = diagnose(workshop)
    spread = lens_spread(workshop)
    date = meta.date
    ready = sum(is_deploy_ready(i.value, date) for i in workshop.initiatives)
    ranking = rank(workshop)
    sections = [
        Section(
            "The workshop",
            [
                f"{meta.team or 'Team not named'}"
                + (f", {meta.organisation}" if meta.organisation else "")
                + f". Workshop on {day_text(date)}, planning {quarter.label} ({quarter.span}).",
                f"Facilitated by {meta.facilitator or 'nobody named'}; "
                f"{len(meta.participants)} participants.",
            ],
            bullets=[p.name + (f" ({p.role})" if p.role else "") for p in meta.participants],
        ),
        Section(
            "1 · Portfolio and pilot purgatory",
            [portfolio.summary, portfolio.ratio_text] if portfolio.total else [portfolio.summary],
            table=(["Stage", "Initiatives"], [[k, str(v)] for k, v in portfolio.by_stage.items()]),
            charts=[steps.portfolio_charts(portfolio)] if charts else [],
        ),
        Section(
            "2 · What success means",
            [spread.summary],
            table=(
                ["Leader", "Definition", "Lens"],
                [[d.participant, d.sentence, d.lens.label] for d in workshop.success_definitions],
            ),
            charts=[steps.lens_chart(spread)] if charts and spread.definitions else [],
        ),
        Section(
            "3 · Value: metric, magnitude, date",
            [f"{ready} of {len(workshop.initiatives)} initiatives are deploy-ready."],
            table=(
                ["Initiative", "Status", "Value"],
                [
                    [i.name, value_status(i.value, date), value_sentence(i.value)]
                    for i in workshop.initiatives
                ],
            ),
        ),
        Section(
            "4 · Ownership",
            [f"{len(unowned(workshop))} initiatives have no single named accountable owner."],
            bullets=[
                f"{f.severity}: {f.initiative or f.subject}: {f.message}"
                for f in findings(workshop)
            ],
            charts=[steps.load_charts(workshop)] if charts else [],
        ),
        Section(
            "5 · Readiness and governance",
            [f"{len(not_ready(workshop))} initiatives have a checklist group not started."],
            bullets=[f"{f.initiative}: {f.message}" for f in flags(workshop)],
        ),
        Section(
            "6 · Priorities against capacity",
            [
                "No capacity set."
                if ranking.capacity is None
                else f"{len(ranking.above)} initiatives fit in {ranking.capacity:g} "
                f"person-weeks (using {ranking.used:g})."
            ],
            table=(
                ["#", "Initiative", "Score", "Effort", "Line", "Stability"],
                [
                    [
                        str(n),
                        s.name,
                        f"{s.score:.0f}",
                        f"{s.effort:g}",
                        "" if s.above is None else ("above" if s.above else "below"),
                        ""
                        if s.stability is None
                        else f"{s.stability:.0%} {stability_word(s.stability)}",
                    ]
                    for n, s in enumerate(ranking.ranked, start=1)
                ],
            ),
            charts=[steps.value_effort(ranking, workshop)] if charts and ranking.ranked else [],
        ),
        _bet_section(workshop, charts),
        Section(
            "Still missing", bullets=missing(workshop) or ["Nothing: the workshop is complete."]
        ),
    ]
    return sections


def _bet_section(workshop: Workshop, charts: bool) -> Section:
    section = _bet_card(workshop)
    if charts:
        outcome = result(workshop)
        section.charts = [steps.gut_chart(workshop)] if workshop.gut_checks else []
        section.charts += [steps.dots_chart(outcome)] if outcome else []
    return section


def _bet_card(workshop: Workshop) -> Section:
    bet = workshop.bet
    name = bet_name(workshop)
    if bet.no_bet_yet:
        return Section(
            "7 · The bet",
            ["No bet yet. What the team will explore instead:"],
            bullets=[explore_line(item) for item in bet.explore_next],
        )
    if not name:
        return Section("7 · The bet", ["No bet chosen yet."])
    initiative = workshop.initiative(name)
    sentence = value_sentence(initiative.value) if initiative else ""
    owner = initiative.ownership.accountable if initiative else ""
    rows = [
        ["Bet", name],
        ["Value", sentence],
        ["Accountable", owner or "missing"],
        ["First cycle ends", day_text(bet.first_cycle_end) if bet.first_cycle_end else "missing"],
        ["Debriefs", ", ".join(day_text(d) for d in bet.debrief_dates) or "missing"],
        ["Kill criteria", bet.kill_criteria or "missing"],
        ["Stopped or paused", ", ".join(bet.stopped) or "missing"],
        ["Readiness gaps to close", ", ".join(bet.readiness_gaps) or "none listed"],
        [
            "Decided by",
            f"{bet.decided_by or 'missing'} on "
            f"{day_text(bet.decided_on) if bet.decided_on else 'missing'}",
        ],
    ]
    gaps = card_gaps(workshop)
    return Section(
        "7 · The bet",
        ["The commitment card is complete." if not gaps else "The commitment card still lacks:"],
        bullets=gaps,
        table=(["Item", "Commitment"], rows),
    )


def to_html(workshop: Workshop) -> bytes:
    title = f"AI workshop report · {workshop.meta.team or 'team'}"
    return render(
        "report.html.j2",
        title=title,
        sections=report_sections(workshop, charts=True),
        chart_style=CHART_STYLE,
    )


def to_markdown(workshop: Workshop) -> bytes:
    lines = [f"# {md_escape('AI workshop report · ' + (workshop.meta.team or 'team'))}", ""]
    for section in report_sections(workshop):
        lines += [f"## {md_escape(section.title)}", ""]
        lines += [md_escape(p) + "\n" for p in section.paragraphs]
        if section.bullets:
            lines += [f"- {md_escape(b)}" for b in section.bullets] + [""]
        if section.table and section.table[1]:
            lines += md_table(*section.table)
    return md_document(lines)
