"""The workshop report as plain content, then written out as HTML or Markdown.

``report_sections`` reads the model through the same rules the notebooks use and returns
sections of paragraphs, bullet lists and tables of plain text, one per step in the order of
the step registry (each step names its renderer here), then what is still missing. The
writers escape every piece of user text for their format, so a name such as ``<script>`` is
shown, never run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from gaptools.charts import steps as step_charts
from gaptools.charts.learning import radar_chart, timeline_chart
from gaptools.charts.pulse import pulse_chart
from gaptools.charts.svg import CHART_STYLE, SCROLL_SHADOW
from gaptools.core.model import EarlierDecision, Initiative, Value, Workshop, answerer_label
from gaptools.core.numbers import percent, plain
from gaptools.core.quarter import Quarter, day_text, planned_quarter
from gaptools.core.text import plural
from gaptools.export.cells import Figure, Share, Split
from gaptools.export.markup import md_document, md_escape, md_lines, md_table, render
from gaptools.steps import registry
from gaptools.steps.bet import (
    NO_BET_YET,
    NOTHING_CHOSEN,
    call_text,
    cycle_start,
    decisions_that_stood,
    earlier_cycle_text,
    earlier_outcome,
    replaced_text,
)
from gaptools.steps.commitments import commitment_gaps, complete_examples, example_line, is_complete
from gaptools.steps.commitments import summary as commitment_summary
from gaptools.steps.learning import (
    blame_names,
    card_differences,
    cycle_blame,
    cycle_flags,
    days_to_decision,
    kill_sentence,
    logged,
)
from gaptools.steps.maturity import MaturityView
from gaptools.steps.ownership import letters, owner_gaps
from gaptools.steps.portfolio import NOT_GIVEN_LABEL, stage_label
from gaptools.steps.prioritise import (
    Ranking,
    stability_meaning,
    stability_text,
    where_the_line_falls,
    without_risks,
)
from gaptools.steps.pulse import QUESTIONS, PulseView
from gaptools.steps.readiness import flags, risk_level, tier_duties, weakest_name
from gaptools.steps.registry import Figures
from gaptools.steps.value import (
    DEPLOY_READY,
    EXPLORE,
    date_warnings,
    value_gaps,
    value_sentence,
    value_verdict,
)
from gaptools.steps.voting import gut_tally, result
from gaptools.summaries.canvas import bet_canvas

#: A table cell: one line of text, or several (each kept note on its own line).
Cell = str | list[str]


@dataclass
class Table:
    """A further table in a section, under its own caption."""

    caption: str
    headers: list[str]
    rows: list[list[Cell]]


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    table: tuple[list[str], list[list[Cell]]] | None = None
    charts: list[str] = field(default_factory=list)  # inline SVG, user text already escaped
    tables: list[Table] = field(default_factory=list)  # after ``table``


Renderer = Callable[[Figures, bool], Section]

#: A step's section is headed as the registry names the step (``Step.heading``), which
#: ``report_sections`` writes in: the renderers leave it to that one place.
STEP_HEADING = ""


def report_sections(workshop: Workshop, charts: bool = False) -> list[Section]:
    """The report's content; with ``charts``, each step's SVG charts as well (for HTML).

    The report shows the ranking's stability, so it ranks once with it and shares that
    ranking with the missing list."""
    figures = Figures(workshop, stability=True)
    sections = [
        _headed(RENDERERS[s.report](figures, charts), s) for s in registry.steps() if s.report
    ]
    gaps = registry.missing(figures) or ["Nothing: the workshop is complete."]
    return [_in_short(figures), *sections, Section("Still missing", bullets=gaps)]


IN_SHORT = "In short"


def _in_short(figures: Figures) -> Section:
    """The decision first, as the canvas states it: a reader of the mailed report found the
    bet in its seventh section, page 7 of 16 (seventeen screens down on a phone), under the
    list of participants and six steps."""
    card = figures.card
    quarter = planned_quarter(figures.workshop.meta).label
    if card.shape == NOTHING_CHOSEN:
        return Section(IN_SHORT, [f"No bet chosen yet for {quarter}: step 7 records the call."])
    canvas = bet_canvas(figures.workshop, card, whole=False)
    if card.shape == NO_BET_YET:
        paragraphs = [f"No bet yet for {quarter}, by choice."]
        if canvas.complete:
            paragraphs += [canvas.done, "What the team will explore instead:"]
            return Section(IN_SHORT, paragraphs, bullets=list(card.explore))
    else:
        paragraphs = [f"{canvas.kicker}: {canvas.headline}.", canvas.sentence]
    if canvas.complete:
        paragraphs.append(canvas.done)
        paragraphs += [f"Worth asking: {question}." for question in canvas.questions]
        return Section(IN_SHORT, paragraphs)
    paragraphs.append(f"{plural(len(canvas.missing), 'item')} still missing:")
    return Section(IN_SHORT, paragraphs, bullets=list(canvas.missing))


def _headed(section: Section, step: registry.Step) -> Section:
    return section if section.title else replace(section, title=step.heading)


def _workshop(figures: Figures, charts: bool) -> Section:
    meta = figures.workshop.meta
    quarter = planned_quarter(meta)
    return Section(
        "The workshop",
        [
            f"{meta.team or 'Team not named'}"
            + (f", {meta.organisation}" if meta.organisation else "")
            + f". Workshop on {day_text(meta.date)}, planning {quarter.label} ({quarter.span}).",
            f"Facilitated by {meta.facilitator or 'nobody named'}; "
            f"{plural(len(meta.participants), 'participant')}.",
        ],
        bullets=[p.name + (f" ({p.role})" if p.role else "") for p in meta.participants],
    )


def _portfolio(figures: Figures, charts: bool) -> Section:
    portfolio = figures.diagnosis
    return Section(
        STEP_HEADING,
        [portfolio.summary, portfolio.ratio_text] if portfolio.total else [portfolio.summary],
        table=(
            ["Stage", "Initiatives"],
            [[stage_label(k), str(v)] for k, v in portfolio.by_stage.items()],
        ),
        charts=[step_charts.portfolio_charts(portfolio)] if charts else [],
        tables=[_initiatives(figures.workshop)] if portfolio.total else [],
    )


def _initiatives(workshop: Workshop) -> Table:
    """Each initiative with what it does, its stage, its area and the columns an import kept
    as notes ("header: text", one a line), so nothing the team brought in is hidden, and a
    reader who was not in the room knows what each name stands for. The description, area
    and notes columns appear when some initiative has one."""
    initiatives = workshop.initiatives
    described = any(i.description for i in initiatives)
    areas = any(i.area for i in initiatives)
    notes = any(i.notes for i in initiatives)
    headers = [
        "Initiative",
        *(["What it does"] if described else []),
        "Stage",
        *(["Area"] if areas else []),
        *(["Notes"] if notes else []),
    ]
    rows: list[list[Cell]] = [
        [
            i.name,
            *([i.description] if described else []),
            i.stage.label if i.stage else NOT_GIVEN_LABEL,
            *([i.area] if areas else []),
            *([[f"{header}: {text}" for header, text in i.notes.items()]] if notes else []),
        ]
        for i in initiatives
    ]
    return Table("Initiatives", headers, rows)


def _success(figures: Figures, charts: bool) -> Section:
    spread = figures.spread
    return Section(
        STEP_HEADING,
        [spread.summary],
        table=(
            ["Leader", "Definition", "Lens"],
            [
                [answerer_label(d.participant), d.sentence, d.lens.label]
                for d in figures.workshop.success_definitions
            ],
        ),
        charts=[step_charts.lens_chart(spread)] if charts and spread.definitions else [],
    )


def _value(figures: Figures, charts: bool) -> Section:
    workshop = figures.workshop
    date, quarter = workshop.meta.date, planned_quarter(workshop.meta)
    return Section(
        STEP_HEADING,
        [figures.values.summary],
        table=(
            ["Initiative", "Status", "Value"],
            [
                [i.name, _verdict_cell(i, date, quarter), _value_cell(i.value)]
                for i in workshop.initiatives
            ],
        ),
    )


def _verdict_cell(initiative: Initiative, date: dt.date, quarter: Quarter) -> Cell:
    """Deploy-ready, or explore with why, as step 3 says it: the report goes to those who were
    not in the room, and "explore" alone did not say what was missing. A deploy-ready value
    due more than a year out (or before the quarter) is asked about as step 3 asks."""
    verdict = value_verdict(initiative, date)
    if verdict == DEPLOY_READY:
        asked = date_warnings(initiative.value, date, quarter)
        return [verdict, *(f"Worth asking: {question}" for question in asked)] if asked else verdict
    if verdict != EXPLORE:
        return verdict
    return [verdict, *value_gaps(initiative.value, date)]


def _value_cell(value: Value) -> Cell:
    """The value sentence, and who measures it, its lead measures and guardrail where step 3
    gave them: a CFO reading the report could not see who measures each value."""
    sentence = value_sentence(value)
    leads = [m for m in value.lead_measures if m.strip()]
    more = [
        f"{label}: {text}"
        for label, text in (
            ("Measured by", value.measured_by.strip()),
            ("Lead measures", "; ".join(leads)),
            ("Guardrail", value.guardrail.strip()),
        )
        if text
    ]
    return [sentence, *more] if more else sentence


def _ownership(figures: Figures, charts: bool) -> Section:
    return Section(
        STEP_HEADING,
        owner_gaps(figures.unowned)
        or [
            "Every initiative in play names its accountable person."
            if figures.workshop.in_play()
            else "No initiative in play yet: the map fills in from step 1's portfolio."
        ],
        bullets=by_message((f.initiative, f.message, f"{f.severity}: ") for f in figures.findings),
        charts=[step_charts.load_charts(figures.workshop)] if charts else [],
        tables=[_responsibility_map(figures.workshop)],
    )


def by_message(found: Iterable[tuple[str, str, str]], kind: str = "initiative") -> list[str]:
    """Findings, each (whom it concerns, what it says, a prefix such as "error: "), as the
    report's bullets: one per thing said, with how many it is said of and their names. A
    portfolio of a thousand had 1,549 ownership bullets, "no person named as accountable"
    hundreds of times over: nine PDF pages a CEO would not read. Said of one, a finding reads
    as before ("Name: what"); one that names its subject itself (a person's load) has no
    "whom" to add. The bullets keep the order in which each thing was first said."""
    said: dict[tuple[str, str], list[str]] = {}
    for whom, what, prefix in found:
        said.setdefault((prefix, what), []).append(whom)
    bullets = []
    for (prefix, what), whom in said.items():
        named = [w for w in whom if w]
        if len(named) > 1:
            bullets.append(f"{prefix}{plural(len(named), kind)}: {what} ({', '.join(named)})")
        else:
            bullets.append(f"{prefix}{named[0]}: {what}" if named else f"{prefix}{what}")
    return bullets


NO_LETTER = "–"


def _responsibility_map(workshop: Workshop) -> Table:
    """Initiatives × functions with their letters (R, A, C, I; "–" for none), and the person
    named accountable."""
    functions = workshop.settings.function_names()
    rows: list[list[Cell]] = [
        [i.name, *_letter_cells(i, functions), i.ownership.accountable.strip() or "nobody named"]
        for i in workshop.initiatives
    ]
    return Table("Responsibility map", ["Initiative", *functions, "Accountable person"], rows)


def _letter_cells(initiative: Initiative, functions: list[str]) -> list[str]:
    """One initiative's letters in the functions' order: its map read once, not once per
    function (a thousand initiatives by a dozen functions)."""
    given = letters(initiative, functions)
    return [given.get(f, NO_LETTER) for f in functions]


def _readiness(figures: Figures, charts: bool) -> Section:
    return Section(
        STEP_HEADING,
        [
            f"{plural(len(figures.not_ready), 'initiative has', 'initiatives have')} a "
            "checklist group not started."
            if figures.workshop.live_initiatives()
            else "No initiative in play yet: the checklist fills in from step 1's portfolio."
        ],
        bullets=by_message((f.initiative, f.message, "") for f in flags(figures.workshop)),
        tables=[_readiness_table(figures)],
    )


def _readiness_table(figures: Figures) -> Table:
    """Per initiative: the share of the checklist done, its weakest link (the group that
    blocks production most, with its progress), its regulatory tier and its high risks."""
    rows: list[list[Cell]] = []
    for i in figures.workshop.initiatives:
        score = figures.readiness_of(i)
        weakest = weakest_name(score, "nothing applies")
        if score.weakest:
            weakest += f" ({percent(score.weakest_score)})"
        tier = i.readiness.regulatory_tier
        high = sum(risk_level(r) == "high" for r in i.readiness.risks)
        rows.append(
            [
                i.name,
                percent(score.share_done),
                weakest,
                tier_duties(tier).get("label", tier.value) if tier else "not set",
                str(high),
            ]
        )
    headers = ["Initiative", "Share done", "Weakest link", "Regulatory tier", "High risks"]
    return Table("Readiness", headers, rows)


def _priorities(figures: Figures, charts: bool) -> Section:
    ranking = figures.ranking
    return Section(
        STEP_HEADING,
        [
            "No capacity set."
            if ranking.capacity is None
            else f"{plural(len(ranking.above), 'initiative fits', 'initiatives fit')} in "
            f"{plain(ranking.capacity)} "
            f"person-weeks (using {plain(ranking.used)}).",
            *filter(None, [where_the_line_falls(ranking)]),
            *(
                [stability_meaning(figures.workshop.settings.uncertainty)]
                if any(s.stability is not None for s in ranking.ranked)
                else []
            ),
            *_unlogged_risks(ranking),
        ],
        table=(
            ["#", "Initiative", "Score", "Effort (weeks)", "Line", "Stability"],
            [
                [
                    str(n),
                    s.name,
                    f"{s.score:.0f}",
                    f"{s.effort:g}",
                    "" if s.above is None else ("above" if s.above else "below"),
                    stability_text(s.stability),
                ]
                for n, s in enumerate(ranking.ranked, start=1)
            ],
        ),
        charts=[step_charts.value_effort(ranking, figures.workshop)]
        if charts and ranking.ranked
        else [],
    )


def _unlogged_risks(ranking: Ranking) -> list[str]:
    """The scores that count a risk nobody logged as low, said so the reader weighs them."""
    names = without_risks(ranking)
    if not names:
        return []
    return [f"Scored as low risk because step 5 logged no risk for them: {', '.join(names)}."]


def _bet(figures: Figures, charts: bool) -> Section:
    """The card, then the room's gut check and revealed dots: as charts where the report
    draws them, else as tables, so the Markdown report says how the room leaned too."""
    workshop = figures.workshop
    section = _bet_card(figures)
    outcome = result(workshop)
    gut = gut_tally(workshop)
    if gut.total:
        # First: the card's last line introduces its list ("still lacks:", "explore
        # instead:"), which a line after it parted from the list.
        section.paragraphs.insert(0, f"Gut check: {gut.summary}")
    if charts:
        section.charts = [step_charts.gut_chart(workshop)] if gut.total else []
        section.charts += [step_charts.dots_chart(outcome)] if outcome else []
        return section
    if gut.total:
        rows: list[list[Cell]] = [[name, str(len(who)), ", ".join(who)] for name, who in gut.picks]
        section.tables.append(Table(GUT_CAPTION, ["Initiative", "Leaders", "Who"], rows))
    if outcome:
        dots: list[list[Cell]] = [[name, str(count)] for name, count in outcome.tally]
        section.tables.append(Table(DOTS_CAPTION, ["Initiative", "Dots"], dots))
    return section


GUT_CAPTION = "Gut check: the bet each leader would make"
DOTS_CAPTION = "The dot vote, revealed"


def _bet_card(figures: Figures) -> Section:
    card = figures.card
    bet = figures.workshop.bet
    stood, passing = decisions_that_stood(figures.workshop)
    earlier = [_earlier_table(figures.workshop, stood, passing)] if stood else []
    if card.shape == NO_BET_YET:
        decision = card.decision
        who = (
            f" It was decided by {decision.decided_by} on {day_text(decision.decided_on)}."
            if decision.decided_by and decision.decided_on
            else ""
        )
        return Section(
            STEP_HEADING,
            [f"No bet yet.{who} What the team will explore instead:"],
            bullets=list(card.explore),
            tables=earlier,
        )
    if card.shape == NOTHING_CHOSEN or card.name is None:
        return Section(STEP_HEADING, ["No bet chosen yet."], tables=earlier)
    initiative = card.initiative
    sentence = value_sentence(initiative.value) if initiative else ""
    owner = initiative.ownership.accountable if initiative else ""
    decision = card.decision
    rows = [
        ["Bet", card.name],
        ["Value", sentence],
        ["Accountable", owner or "missing"],
        ["First cycle starts", day_text(cycle_start(figures.workshop))],
        ["First cycle ends", day_text(bet.first_cycle_end) if bet.first_cycle_end else "missing"],
        ["Debriefs", ", ".join(day_text(d) for d in card.debriefs) or "missing"],
        ["Kill criteria", bet.kill_criteria or "missing"],
        ["Stopped or paused", ", ".join(bet.stopped) or "missing"],
        # "none listed" sat under a card the canvas called incomplete for that very row.
        [
            "Readiness gaps to close",
            ", ".join(bet.readiness_gaps)
            or ("missing" if card.parts.get("readiness") else "none listed"),
        ],
        [
            "Decided by",
            f"{decision.decided_by or 'missing'} on "
            f"{day_text(decision.decided_on) if decision.decided_on else 'missing'}",
        ],
    ]
    return Section(
        STEP_HEADING,
        [
            "The commitment card is complete."
            if card.complete
            else "The commitment card still lacks:"
        ],
        bullets=card.gaps,
        table=(["Item", "Commitment"], rows),
        tables=earlier,
    )


def _earlier_table(workshop: Workshop, earlier: list[EarlierDecision], passing: str) -> Table:
    """Calls made and replaced, latest first: a reader of the report sees the bet was changed,
    from what, when, what its card had committed to, and what the learning log decided."""
    rows: list[list[Cell]] = [
        [
            call_text(e.initiative),
            f"{e.decided_by or 'nobody recorded'} on "
            + (day_text(e.decided_on) if e.decided_on else "no date"),
            replaced_text(e, workshop),
            earlier_cycle_text(e),
            e.kill_criteria,
            earlier_outcome(workshop, e),
        ]
        for e in reversed(earlier)
    ]
    headers = [
        "Call",
        "Decided by",
        "Replaced on",
        "First cycle was to run",
        "Kill criteria",
        "The learning log decided",
    ]
    caption = "Earlier decisions, replaced" + (f" ({passing[:-1]})" if passing else "")
    return Table(caption, headers, rows)


def _change(figures: Figures, charts: bool) -> Section:
    view = figures.pulse_view
    workshop = figures.workshop
    paragraphs = [view.summary]
    if view.waiting:
        paragraphs.append(
            f"{plural(view.waiting, 'more answer')} sealed, waiting for enough others to be "
            "published with."
        )
    if view.hidden_groups:
        paragraphs.append(
            "Not shown by group, so that no group's answers can be worked out: "
            + ", ".join(view.hidden_groups)
            + "."
        )
    if view.concerns_note:
        paragraphs.append(view.concerns_note)
    paragraphs.append(commitment_summary(workshop))
    return Section(
        STEP_HEADING,
        paragraphs,
        bullets=commitment_gaps(workshop) if workshop.commitments else [],
        charts=[pulse_chart(view)] if charts and view.shown else [],
        tables=_change_tables(figures),
    )


def _change_tables(figures: Figures) -> list[Table]:
    """The pulse as published (only what its minimum lets be shown) and the commitments."""
    view, workshop = figures.pulse_view, figures.workshop
    tables = []
    if view.shown:
        tables.append(_pulse_table(view))
    if view.groups:
        tables.append(_group_table(view))
    if view.concerns:
        tables.append(
            Table("Concerns, in shuffled order", ["Concern"], [[c] for c in view.concerns])
        )
    if workshop.commitments:
        tables.append(_commitments_table(workshop))
    return tables


def _pulse_table(view: PulseView) -> Table:
    rows: list[list[Cell]] = [
        [
            f"{d.question.short} (1 {d.question.labels[0]} … 5 {d.question.labels[4]})",
            *(str(c) for c in d.counts),
            _share(d.favourable),
        ]
        for d in view.distributions
    ]
    return Table("The pulse", ["Question", "1", "2", "3", "4", "5", "4 or 5"], rows)


def _group_table(view: PulseView) -> Table:
    headers = ["Group", "Answers", *(f"{q.short}: 4 or 5" for q in QUESTIONS)]
    rows: list[list[Cell]] = [
        [g.group, str(g.answers), *(_share(d.favourable) for d in g.distributions)]
        for g in view.groups
    ]
    return Table("The pulse by group", headers, rows)


def _share(share: float) -> Figure:
    """A share as printed, "45%", and as a workbook holds it: the number, in per cent."""
    return Figure(percent(share), Share(share))


def _commitments_table(workshop: Workshop) -> Table:
    rows: list[list[Cell]] = []
    for c in workshop.commitments:
        hours = Figure(
            f"{c.hours_per_month:g} h per person per month"
            + (f" from {day_text(c.hours_from)}" if c.hours_from else "")
            if c.hours_per_month
            else "not given",
            c.hours_per_month or None,
            c.hours_from,
        )
        story = [
            line
            for line in (
                f"Tried: {c.tried}" if c.tried else "",
                f"Hard: {c.hard}" if c.hard else "",
            )
            if line
        ]
        rows.append(
            [
                c.leader,
                c.statement or "not written",
                [example_line(e) for e in complete_examples(c)] or "none complete",
                hours,
                story or "not told",
                "yes" if is_complete(c) else "no",
            ]
        )
    headers = [
        "Leader",
        "Statement",
        "What AI takes off whom",
        Split("Learning time", "Learning hours per person per month", "Learning time from"),
        "Own learning",
        "Complete",
    ]
    return Table("The leaders' commitments", headers, rows)


def _learning(figures: Figures, charts: bool) -> Section:
    workshop, velocity, view = figures.workshop, figures.velocity, figures.maturity_view
    # The log's figures move with the day they are read on, and a report is read long after.
    as_of = f"As of {day_text(figures.as_of)}: " if velocity.cycles else ""
    paragraphs = [as_of + velocity.summary]
    if velocity.warning:
        paragraphs.append(f"Warning: {velocity.warning}.")
    if velocity.long:
        paragraphs.append(
            "Longer than six weeks: " + ", ".join(e.label for e in velocity.long) + "."
        )
    paragraphs.append(view.summary)
    names = blame_names(workshop)
    flags = by_message(
        (
            (e.label, flag, "")
            for e in logged(workshop)
            for flag in card_differences(workshop, e.cycle)
            + cycle_flags(e.cycle, figures.as_of)
            + cycle_blame(workshop, e.cycle, names)
        ),
        "cycle",
    )
    shown_charts = []
    if charts and velocity.cycles:
        shown_charts.append(timeline_chart(workshop, figures.as_of))
    if charts and view.shown:
        shown_charts.append(radar_chart(view))
    return Section(
        STEP_HEADING,
        paragraphs,
        bullets=flags,
        charts=[c for c in shown_charts if c],
        tables=_learning_tables(figures),
    )


def _learning_tables(figures: Figures) -> list[Table]:
    """The learning log and the maturity ratings (only as published: medians and ranges)."""
    tables = [_log_table(figures.workshop)] if figures.velocity.cycles else []
    if figures.maturity_view.shown:
        tables.append(_maturity_table(figures.maturity_view))
    return tables


def answer_tables(workshop: Workshop) -> list[Table]:
    """The report's tables of what the room answered after choosing the bet: the pulse, the
    leaders' commitments, the learning log and the maturity ratings, each exactly as the
    report publishes it. The workbook gives each a sheet, beside the steps' own."""
    figures = Figures(workshop)
    return [*_change_tables(figures), *_learning_tables(figures)]


def _log_table(workshop: Workshop) -> Table:
    rows: list[list[Cell]] = []
    entries = logged(workshop)
    for entry in entries:
        cycle = entry.cycle
        dates = Figure(
            " → ".join(day_text(d) for d in (cycle.start, cycle.end) if d) or "no dates",
            cycle.start,
            cycle.end,
        )
        decision = Figure(
            f"{cycle.decision.label}"
            + (f" on {day_text(cycle.decided_on)}" if cycle.decided_on else "")
            if cycle.decision
            else "not decided yet",
            cycle.decision.label if cycle.decision else "not decided yet",
            cycle.decided_on,
        )
        days = days_to_decision(cycle)
        rows.append(
            [
                entry.label,
                [
                    line
                    for line in (
                        cycle.belief,
                        cycle.test and f"Test: {cycle.test}",
                        cycle.measure and f"Measure: {cycle.measure}",
                        cycle.success and f"Proves us right: {cycle.success}",
                    )
                    if line
                ]
                or "not written",
                dates,
                kill_sentence(cycle) or "none",
                Figure(", ".join(day_text(d) for d in cycle.debriefs) or "none", *cycle.debriefs),
                decision,
                Figure("" if days is None else str(days), days),
                [
                    line
                    for line in (
                        cycle.observed and f"Observed: {cycle.observed}",
                        cycle.learned,
                        cycle.why and f"Why: {cycle.why}",
                    )
                    if line
                ]
                or "",
            ]
        )
    headers = [
        "Cycle",
        "Belief and test",
        Split("Dates", "Starts", "Ends"),
        "Kill criteria",
        Split(
            "Debriefs",
            *_numbered("Debrief", max((len(e.cycle.debriefs) for e in entries), default=1)),
        ),
        Split("Decision", "Decision", "Decided on"),
        "Days",
        "Learned",
    ]
    return Table("The learning log", headers, rows)


def _numbered(word: str, count: int) -> list[str]:
    """Headings for a workbook's column per item: "Debrief 1", "Debrief 2"."""
    return [f"{word} {n}" for n in range(1, max(count, 1) + 1)]


def _maturity_table(view: MaturityView) -> Table:
    """Each dimension's median, range and notes; with a round before, its median beside this
    round's, so the workbook holds both as numbers (the text says "3 → 5")."""
    questions = {r.dimension.code for r in view.questions}
    weakest = {r.dimension.code for r in view.weakest}
    before = view.earlier_medians
    rows: list[list[Cell]] = [
        [
            r.dimension.label,
            Figure(f"{r.median:g}", r.median),
            *([_median(before.get(r.dimension.code))] if before else []),
            Figure(f"{r.low}–{r.high}", r.low, r.high),
            "; ".join(
                words
                for code, words in (
                    (r.dimension.code in weakest, "weakest"),
                    (r.dimension.code in questions, "leaders differ: ask why"),
                )
                if code
            ),
        ]
        for r in view.readings
    ]
    earlier = [_earlier_heading(view)] if before else []
    headers = ["Dimension", "Median", *earlier, Split("Range", "Lowest", "Highest"), "Note"]
    return Table("Execution maturity (1 to 5)", headers, rows)


def _median(median: float | None) -> Figure:
    return Figure("–" if median is None else f"{median:g}", median)


def _earlier_heading(view: MaturityView) -> str:
    """The round before's column, named with its date where its ratings carry one."""
    when = f" ({day_text(view.earlier_day)})" if view.earlier_day else ""
    return f"Median of the round before{when}"


#: The report's renderer for each step, by the name its registry entry gives.
RENDERERS: dict[str, Renderer] = {
    "workshop": _workshop,
    "portfolio": _portfolio,
    "success": _success,
    "value": _value,
    "ownership": _ownership,
    "readiness": _readiness,
    "priorities": _priorities,
    "bet": _bet,
    "change": _change,
    "learning": _learning,
}


def report_title(workshop: Workshop) -> str:
    """The report's title, with the team's name once it has one (not "· team")."""
    team = workshop.meta.team
    return f"AI workshop report · {team}" if team else "AI workshop report"


def to_html(workshop: Workshop) -> bytes:
    return render(
        "report.html.j2",
        title=report_title(workshop),
        sections=report_sections(workshop, charts=True),
        chart_style=CHART_STYLE,
        scroll_shadow=SCROLL_SHADOW,
    )


def to_markdown(workshop: Workshop) -> bytes:
    lines = [f"# {md_escape(report_title(workshop))}", ""]
    for section in report_sections(workshop):
        lines += [f"## {md_escape(section.title)}", ""]
        lines += [md_lines(p) + "\n" for p in section.paragraphs]
        if section.bullets:
            lines += [f"- {md_lines(b, '  ')}" for b in section.bullets] + [""]
        if section.table and section.table[1]:
            headers, rows = section.table
            lines += md_table(headers, [[_md_cell(c) for c in r] for r in rows])
        for table in section.tables:
            if table.rows:
                lines += [f"### {md_escape(table.caption)}", ""]
                lines += md_table(table.headers, [[_md_cell(c) for c in r] for r in table.rows])
    return md_document(lines)


def _md_cell(cell: Cell) -> str:
    """A cell's lines on one line (a pipe table cell cannot hold more); md_table escapes it.
    A line that ends a sentence is not given a semicolon too ("… is right.; Test: …")."""
    if isinstance(cell, str):
        return cell
    lines = [line.rstrip() for line in cell]
    return " ".join(
        line if n == len(lines) - 1 or line.endswith(SENTENCE_ENDS) else f"{line};"
        for n, line in enumerate(lines)
    )


SENTENCE_ENDS = (".", "!", "?", ";", ":", "…")
