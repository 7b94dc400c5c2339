"""The one-page bet canvas as plain content: what goes in each box, and what is still missing.

Every format (PDF, PNG, HTML, Markdown and the notebook preview) draws this one object, so
they cannot disagree. The commitment card is worked out once, by ``bet.card``; this module only
lays it out. A box whose part of the card is incomplete carries the plain words of what is
missing instead of a blank. Nothing here runs the ranking's stability simulation: the canvas
shows only what is above the line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from gaptools.core.model import (
    Commitment,
    Initiative,
    Meta,
    RegulatoryTier,
    Workshop,
    name_key,
)
from gaptools.core.numbers import percent
from gaptools.core.quarter import day_text, planned_quarter
from gaptools.core.text import as_sentence, plural, shorten
from gaptools.steps.bet import (
    CARD_NEEDS,
    ENDED,
    GONE,
    NO_BET_YET,
    NOTHING_CHOSEN,
    Card,
    cycle_start,
    early_value_question,
    killing_cycle,
    late_debriefs_question,
    passed_quarter,
)
from gaptools.steps.bet import card as commitment_card
from gaptools.steps.commitments import is_complete
from gaptools.steps.commitments import summary as commitment_summary
from gaptools.steps.ownership import accountable_functions
from gaptools.steps.prioritise import below_the_line, front_runners, rank
from gaptools.steps.pulse import pulse_view
from gaptools.steps.readiness import (
    ACTING,
    initiative_flags,
    risk_level,
    risk_score,
    tier_duties,
    top_risks,
)
from gaptools.steps.start import only_leader
from gaptools.steps.value import FAR_DATE, is_far, value_sentence

TOP_RISKS = 3
NBSP = "\u00a0"
LONGEST_PHRASE = 40  # characters; a bracketed phrase up to this long is never split by a wrap
LONGEST_LINE = 280  # characters; beyond this a line is cut with "…" on the fixed page
#: The same for a line in the band under the grid, which spans the page: a leader working
#: alone has their own commitment there, a paragraph, and the band grows to hold it.
LONGEST_BAND_LINE = 600
LONGEST_HEADLINE = 120  # characters of the headline (the bet's name) on the fixed page
MOST_ITEMS = 6  # items in one box; beyond this the box says how many more


def clip(text: str, limit: int = LONGEST_LINE) -> str:
    """One page has room for a sentence, not an essay: the report keeps the whole text. Lines
    typed as lines ("Stop if:\n1) …") stay lines, which every format of the canvas sets so."""
    return shorten(text, limit, lines=True)


def for_page(canvas: BetCanvas) -> BetCanvas:
    """The canvas as a fixed page (PDF, PNG) sets it: the headline and each line cut with "…"
    where a box of a fixed size could not hold them. HTML and Markdown have no page to fit,
    so they draw ``bet_canvas`` whole: kill criteria cut mid-sentence there hid what the team
    had committed to stop on."""
    return replace(
        canvas,
        headline=clip(canvas.headline, LONGEST_HEADLINE),
        sentence=clip(canvas.sentence),
        boxes=[_clipped(box) for box in canvas.boxes],
    )


def _clipped(box: Box) -> Box:
    """``box`` with each line cut to the page's longest. Where that would cut its lines and
    one of its shorter forms needs no cut, the shorter forms that need none come first: the
    options considered, cut at 280 letters mid-name, took the place of "… and 7 more"."""
    limit = LONGEST_BAND_LINE if box.band else LONGEST_LINE

    def cut(form: Sequence[str]) -> list[str]:
        return [clip(line, limit) for line in form]

    whole = [list(form) for form in box.shorter if cut(form) == list(form)]
    if whole and cut(box.lines) != box.lines:
        return replace(box, lines=whole[0], shorter=tuple(tuple(form) for form in whole[1:]))
    forms = tuple(tuple(cut(form)) for form in box.shorter)
    return replace(box, lines=cut(box.lines), shorter=forms)


_BRACKETED = re.compile(rf"\([^()]{{1,{LONGEST_PHRASE - 2}}}\)")
_DAY = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b")


def keep_together(text: str) -> str:
    """``text`` with non-breaking spaces inside a short bracketed phrase and a date, so a line
    is never broken mid-phrase ("(−6 percentage points)", "31 Mar 2027"). The content stays
    plain; each format of the canvas applies this as it lays text out (the PDF and PNG wrap,
    the HTML's nowrap spans, the Markdown)."""

    def glue(match: re.Match[str]) -> str:
        return match.group(0).replace(" ", NBSP)

    return _DAY.sub(glue, _BRACKETED.sub(glue, text))


@dataclass(frozen=True)
class Box:
    title: str
    lines: list[str]
    missing: bool = False  # lines then say what is missing, in words
    band: bool = False  # drawn in the short band under the grid (leading the change)
    # Shorter forms of ``lines``, longest first, for a page whose box is too small for them:
    # tried before anything is cut with "…", so what is left out is said ("and 2 more").
    shorter: tuple[tuple[str, ...], ...] = ()


#: What the canvas's foot says when nothing is missing: of a commitment, of a "no bet yet".
CARD_DONE = "Nothing missing: the commitment card is complete."
#: The verdict of a canvas with no call recorded, whose card has nothing to count yet.
NOT_STARTED = "✗ Commitment card not started"
PLAN_DONE = "Nothing missing: the exploration plan is complete."


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
    # Worth asking, never missing: a value due more than a year out (step 3's warning).
    questions: list[str] = field(default_factory=list)
    # What the foot says when nothing is missing: a "no bet yet" has no commitment card.
    done: str = CARD_DONE


def bet_canvas(workshop: Workshop, card: Card | None = None, whole: bool = True) -> BetCanvas:
    """The canvas; ``card`` is the workshop's commitment card when it has been worked out
    already (the report's ``Figures``), so no part of it is judged twice. Not ``whole``, its
    head alone (the call, its sentence, the verdict and what is missing), with no boxes: what
    the report opens with, which need not rank the portfolio again for the front-runners."""
    card = card or commitment_card(workshop)
    if card.shape == NO_BET_YET:
        return _no_bet_yet(workshop, card, whole)
    if card.shape == GONE:
        return _gone(workshop, card, whole)
    if card.shape == NOTHING_CHOSEN or card.initiative is None:
        return _nothing_chosen(workshop, card, whole)
    return _chosen(workshop, card, card.initiative, whole)


def _common(workshop: Workshop, card: Card) -> dict[str, object]:
    """What every shape of the canvas carries: the verdict, the team, the date, the footer."""
    meta = workshop.meta
    team = meta.team or "Team not named"
    if meta.organisation:
        team += f" · {meta.organisation}"
    exploring = card.shape == NO_BET_YET
    done = "✓ Exploration plan complete" if exploring else "✓ Complete commitment"
    gaps = card.gaps
    # With nothing chosen, the choice is the card's one gap: "✗ 1 item still missing" read
    # as nearly done, of an empty workshop the report found ten things missing in.
    undone = (
        NOT_STARTED
        if card.shape == NOTHING_CHOSEN
        else f"✗ {plural(len(gaps), 'item')} still missing"
    )
    return {
        "complete": card.complete,
        "verdict": done if card.complete else undone,
        "done": PLAN_DONE if exploring else CARD_DONE,
        "missing": gaps,
        "team": team,
        "when": f"Workshop of {day_text(meta.date)}",
        "footer": _who(meta),
        "title": " · ".join(filter(None, ["Bet canvas", meta.team, _quarter(workshop)])),
    }


def _quarter(workshop: Workshop) -> str:
    return planned_quarter(workshop.meta).label


def _bet_quarter(workshop: Workshop) -> str:
    """The quarter the bet on record was decided for, and the one planned when that is later:
    the quarter chosen a quarter on in step 0 headed last quarter's card "The bet for Q2"."""
    decided_for = passed_quarter(workshop)
    if decided_for is None:
        return _quarter(workshop)
    return f"{decided_for.label} · {_quarter(workshop)} not decided yet"


def _no_bet_yet(workshop: Workshop, card: Card, whole: bool) -> BetCanvas:
    return BetCanvas(
        kicker=f"{_quarter(workshop)}: no bet yet",
        headline="No bet yet",
        sentence="The team chose not to commit this quarter. "
        "It will find out these things first, then decide.",
        boxes=[
            _explore_box(card),
            _decision_box(card, card.parts.get("decision", [])),
            *_change_boxes(workshop),
        ]
        if whole
        else [],
        **_common(workshop, card),
    )


def _gone(workshop: Workshop, card: Card, whole: bool) -> BetCanvas:
    return BetCanvas(
        kicker=f"The bet for {_quarter(workshop)}",
        headline=card.name or "",
        sentence="This initiative is no longer in the portfolio (renamed or removed in "
        "step 1): choose the bet again in step 7.",
        boxes=[
            _box("The choice", [], card.parts["choice"]),
            _decision_box(card, []),
            *_change_boxes(workshop),
        ]
        if whole
        else [],
        **_common(workshop, card),
    )


def _nothing_chosen(workshop: Workshop, card: Card, whole: bool) -> BetCanvas:
    return BetCanvas(
        kicker=f"The bet for {_quarter(workshop)}",
        headline="No bet chosen yet",
        sentence="Step 7 runs the gut check and the vote and records the decision; "
        "this page fills in as it does.",
        boxes=[
            _candidates_box(workshop),
            Box("What the commitment card needs", CARD_NEEDS),
            _decision_box(card, card.gaps),
            *_change_boxes(workshop),
        ]
        if whole
        else [],
        **_common(workshop, card),
    )


def _chosen(workshop: Workshop, card: Card, initiative: Initiative, whole: bool) -> BetCanvas:
    kicker, sentence = f"The bet for {_bet_quarter(workshop)}", _value_line(card, initiative)
    if card.ended:
        # Its value sentence under "The bet for" read as the live bet, with the kill only
        # one of the items missing: the page now opens with what happened to it.
        # "Killed", as the team said it and status says it: "stopped" read as the box of the
        # initiatives stopped to free capacity.
        kicker += f" · {ENDED}"
        sentence = as_sentence(card.parts["choice"][0]) + _why_killed(workshop, initiative)
    return BetCanvas(
        kicker=kicker,
        headline=initiative.name,
        sentence=sentence,
        boxes=_bet_boxes(workshop, card, initiative) if whole else [],
        questions=_questions(workshop, card, initiative),
        **_common(workshop, card),
    )


def _why_killed(workshop: Workshop, initiative: Initiative) -> str:
    """Why the learning log killed the bet, as its debrief wrote it (why we decided so, else
    what we learned), after the sentence that says it was: a reader of the mailed canvas saw
    the kill and "decide again in step 7", and not why. A kill from before the bet was chosen
    is earlier work, not the reason."""
    last = killing_cycle(workshop, initiative)
    if last is None:
        return ""
    reason = " ".join((last.why or last.learned).split())
    return f" {as_sentence(reason)}" if reason else ""


def _questions(workshop: Workshop, card: Card, initiative: Initiative) -> list[str]:
    """What a complete card still leaves to ask: a value due over a year out, and what step 5
    flags about the bet (the card commits to a plan; the flags say it may not ship as is)."""
    asked = []  # what may stop the bet shipping first: a page short of room cuts the last
    if flagged := len(initiative_flags(initiative)):
        things = plural(flagged, "thing")
        asked.append(f"step 5 flags {things} to settle before the bet ships (Top risks)")
    if card.value_ready and is_far(initiative.value, workshop.meta.date):
        asked.append(f"the bet's value: {FAR_DATE}")
    if below := below_the_line(rank(workshop, stability=False), initiative.name):
        asked.append(f"what makes room for the bet, which {below}")
    if late := late_debriefs_question(workshop, initiative):
        asked.append(late)
    if early := early_value_question(workshop, initiative):
        asked.append(early)
    return asked


def _value_line(card: Card, initiative: Initiative) -> str:
    value = initiative.value
    if card.value_ready:
        return value_sentence(value)
    if not value.metric:
        return f"Value not defined yet (step 3): {card.to_explore}."
    return f"{value_sentence(value)} — still to explore: {card.to_explore}."


def _bet_boxes(workshop: Workshop, card: Card, initiative: Initiative) -> list[Box]:
    bet = workshop.bet
    parts = card.parts
    start = cycle_start(workshop)
    cycle = (
        [f"{day_text(start)} → {day_text(bet.first_cycle_end)}", _weeks(start, bet.first_cycle_end)]
        if bet.first_cycle_end
        else []
    )
    open_items = card.open_readiness
    readiness = bet.readiness_gaps or (
        ["None open in step 5"] if not open_items else ["Step 5 shows: " + ", ".join(open_items)]
    )
    owner = initiative.ownership.accountable
    functions = accountable_functions(initiative, workshop.settings.function_names())
    return [
        _box(
            "Accountable owner",
            [owner, *(f"Function: {f}" for f in functions[:1])] if owner else [],
            parts["owner"],
        ),
        _box("First pilot cycle", cycle, parts["cycle"]),
        _box("Debriefs", [day_text(d) for d in card.debriefs], parts["debriefs"]),
        _box("Kill criteria", [bet.kill_criteria] if bet.kill_criteria else [], parts["kill"]),
        _box("Stopped or paused to free capacity", card.stopped, parts["stopped"]),
        _box("Readiness gaps to close", readiness, parts["readiness"]),
        _risks_box(initiative),
        *_measure_boxes(initiative),
        _decision_box(card, parts["decision"]),
        *_change_boxes(workshop),
    ]


LEAD_MEASURES = "Lead measures (weekly)"
GUARDRAIL = "Guardrail"


def _measure_boxes(initiative: Initiative) -> list[Box]:
    """The value's lead measures and its guardrail (step 3): optional for the card, so never
    marked missing, but named plainly when the team has not chosen them yet."""
    value = initiative.value
    leads = [m for m in value.lead_measures if m.strip()]
    guardrail = value.guardrail.strip()
    return [
        _box(LEAD_MEASURES, leads or ["None named yet (step 3)"], []),
        _box(
            GUARDRAIL,
            [f"{guardrail} (must not get worse)"] if guardrail else ["None named yet (step 3)"],
            [],
        ),
    ]


def _alone(meta: Meta) -> str | None:
    """The one leader listed, when they prepared the workshop alone (nobody else facilitated
    it): the canvas then speaks of them, not of a room that never met."""
    leader = only_leader(meta)
    if not leader:
        return None
    return leader if name_key(meta.facilitator or leader) == name_key(leader) else None


def _who(meta: Meta) -> str:
    leader = _alone(meta)
    if leader:
        return f"Prepared by {leader}, working alone"
    return (
        f"Facilitated by {meta.facilitator or 'nobody named'} · "
        f"{plural(len(meta.participants), 'leader')} in the room"
    )


PULSE = "The room's pulse"
COMMITMENTS = "Leaders' commitments"


def _change_boxes(workshop: Workshop) -> list[Box]:
    """Step 8 on every shape of the page, in a band under the grid: how people feel (only
    what the room may see) and what the leaders have committed to. A leader working alone who
    took no pulse has their commitment across the band: "No pulse taken" beside it told the
    CEO of a step a room of one does not take, and halved the room for their own words."""
    view = pulse_view(workshop)
    committed = Box(COMMITMENTS, _commitment_lines(workshop), band=True)
    if not view.shown and _alone(workshop.meta):
        # Nor "Too few answers to show (1 of 3 needed)" of the one answer a room of one can
        # give: its own pulse is never shown, so it says nothing to the CEO.
        return [committed]
    if view.shown:
        # "4 or 5 of 5: hopeful 45%" left a reader to guess what the numbers counted; one
        # line, not the sentence's start and its figures as two bullets.
        shares = " · ".join(f"{d.question.tag} {percent(d.favourable)}" for d in view.distributions)
        pulse_lines = [
            f"{plural(view.answers, 'anonymous answer')}; the share rating 4 or 5 "
            f"(of 5 points): {shares}"
        ]
    elif view.given:
        pulse_lines = [f"Too few answers to show ({view.given} of {view.minimum} needed)"]
    else:
        pulse_lines = ["No pulse taken (step 8)"]
    return [Box(PULSE, pulse_lines, band=True), committed]


def _commitment_lines(workshop: Workshop) -> list[str]:
    complete = [c for c in workshop.commitments if is_complete(c)]
    if not workshop.commitments:
        return ["None written yet (step 8)"]
    if not complete:
        return [commitment_summary(workshop)]
    hours = sorted(c.hours_per_month or 0 for c in complete)
    starts = sorted(c.hours_from for c in complete if c.hours_from)
    span = f"{hours[0]:g}" if hours[0] == hours[-1] else f"{hours[0]:g}–{hours[-1]:g}"
    first = f", from {day_text(starts[0])}" if starts else ""
    if starts and starts[-1] != starts[0]:
        # "from 4 Jan 2027" stood for leaders who start on 1 Feb too.
        first = f", starting between {day_text(starts[0])} and {day_text(starts[-1])}"
    each = " each" if len(complete) > 1 else ""
    return [_committed(workshop, complete), f"Learning time {span} h a month{each}{first}"]


def _committed(workshop: Workshop, complete: list[Commitment]) -> str:
    """Who has committed: a leader working alone, in their own words ("The one leader's
    commitment is complete" told the CEO nothing of it); a room, by its count."""
    leader = _alone(workshop.meta)
    if leader and len(complete) == 1 and name_key(complete[0].leader) == name_key(leader):
        return f"{leader}: {' '.join(complete[0].statement.split())}"
    return commitment_summary(workshop)


def _box(title: str, lines: list[str], gaps: list[str], shorter: Sequence[list[str]] = ()) -> Box:
    if gaps:
        return Box(title, [f"Missing: {gap}" for gap in gaps], missing=True)
    forms = tuple(tuple(capped(form)) for form in shorter)
    return Box(title, capped(lines), shorter=forms)


def columns(count: int) -> int:
    """Boxes per row on the page: four, or five when two rows of four would not hold them."""
    return min(4, count) if count <= 8 else -(-count // 2)


def grid_boxes(boxes: list[Box]) -> list[Box]:
    return [box for box in boxes if not box.band]


def band_boxes(boxes: list[Box]) -> list[Box]:
    return [box for box in boxes if box.band]


def capped(lines: list[str], most: int = MOST_ITEMS) -> list[str]:
    """At most ``most`` items in a box, the last saying how many more there are, so every
    format of the canvas stays on one page."""
    if len(lines) <= most:
        return lines
    return [*lines[: most - 1], and_more(len(lines) - most + 1)]


def and_more(count: int) -> str:
    """The last line of a box that could not hold every item: how many it left out."""
    return f"…and {count} more"


_AND_MORE = re.compile(r"(?:• )?…and (\d+) more")  # bulleted, on a page


def items_in(line: str) -> int:
    """How many of a box's items ``line`` stands for: a box cut again on a page (the PDF's
    and PNG's are smaller than the HTML's) counts the items an "…and 7 more" line left out,
    or twelve initiatives stopped read as six."""
    counted = _AND_MORE.fullmatch(line)
    return int(counted.group(1)) if counted else 1


def _weeks(start: dt.date, end: dt.date) -> str:
    weeks = (end - start).days / 7
    if weeks == int(weeks):
        return plural(int(weeks), "week")
    return f"{weeks:.1f} weeks"


def _top_risks(initiative: Initiative) -> list[tuple[str, bool]]:
    """Each top risk's line, and whether it has a mitigation."""
    risks = top_risks(initiative, TOP_RISKS)
    if not risks:
        return [("None logged in step 5", True)]
    return [
        (
            f"{r.kind.label}: risk {risk_score(r)} of 25 ({risk_level(r)}) · "
            + (f"mitigation: {r.mitigation}" if r.mitigation else "NO mitigation yet"),
            bool(r.mitigation),
        )
        for r in risks
    ]


def _risks_box(initiative: Initiative) -> Box:
    """The agent's limits and the tier first, since they alone can stop the bet shipping,
    then the top risks, highest first; a page with too little room for all drops the lowest
    mitigated risk first, and an unmitigated one only when no mitigated one is left: a page
    that dropped 'NO mitigation yet' for one that has read safer than the bet is."""
    limits, risks = _limits(initiative), _top_risks(initiative)
    dropping = sorted(range(len(risks)), key=lambda n: (not risks[n][1], -n))
    shorter = [
        [
            *limits,
            *(line for n, (line, _) in enumerate(risks) if n not in dropping[:gone]),
            f"and {plural(gone, 'more risk')} in step 5",
        ]
        for gone in range(1, len(risks))
    ]
    return _box("Top risks", [*limits, *(line for line, _ in risks)], [], shorter)


def _limits(initiative: Initiative) -> list[str]:
    """What step 5 says of the bet beside its risks: how far an agent acts and whether it has
    its way back (``agent_flags``' rule), and a regulatory tier with duties or a ban."""
    rules = {flag.rule for flag in initiative_flags(initiative)}
    lines = []
    how = ACTING.get(initiative.readiness.autonomy.level) if initiative.agentic else None
    if "autonomy-unset" in rules:
        lines.append("Agent: how far it may act on its own is not set")
    elif how:
        lacks = [words for rule, words in AGENT_LACKS if rule in rules]
        lines.append(f"Agent: {how} · " + (" · ".join(lacks) or "escalation and recovery set"))
    tier = initiative.readiness.regulatory_tier
    if tier in (RegulatoryTier.HIGH, RegulatoryTier.PROHIBITED):
        lines.append(f"Regulatory tier: {tier_duties(tier)['label']}")
    return lines


#: What an acting agent's flags say it lacks, in the page's few words.
AGENT_LACKS = (
    ("agent-no-escalation", "NO escalation path"),
    ("agent-no-recovery", "NO failure recovery"),
)


def _decision_box(card: Card, gaps: list[str]) -> Box:
    decision = card.decision
    lines = []
    deciders = [""]
    if decision.decided_by and decision.decided_on:
        # "Decided by Dana Whitfield" under "No bet yet" did not say what was decided.
        what = "" if card.name else "No bet yet, decided"
        # A long name is shortened before the line is cut: cut at its end, the line lost
        # the day of the decision ("… von Hohenzollern-S on…").
        deciders = [
            f"{what or 'Decided'} by {name} on {day_text(decision.decided_on)}"
            for name in dict.fromkeys(shorten(decision.decided_by, n) for n in (60, 36, 24))
        ]
        lines.append(deciders[0])
    bet = name_key(card.name or "")
    others = [option for option in decision.options if name_key(option) != bet]
    shorter: list[list[str]] = []
    if card.name and others:
        # The page's headline already names the bet: what it won over is the news, and a
        # long list is what cut this box ("…Customer support…") on the page for the CEO.
        lines, shorter = _listed_at_length(lines, "Chosen over", others)
    elif decision.options and not card.name:
        # With no bet, a long list was cut mid-name on the page, with no word of the rest.
        lines, shorter = _listed_at_length(lines, "Options considered", decision.options)
    if len(deciders) > 1:
        forms = [lines, *shorter]
        shorter = sorted(
            ([who, *form[1:]] for who in deciders for form in forms),
            key=lambda form: -sum(map(len, form)),
        )[1:]
    return _box("Decision", lines or ["Not recorded yet"], gaps, shorter)


def _listed_at_length(
    lines: list[str], label: str, names: list[str]
) -> tuple[list[str], list[list[str]]]:
    """``lines`` and a last line listing ``names``, and its shorter forms for a page: the
    first names and how many more, fewer each time."""
    shorter = [
        [*lines, f"{label}: {', '.join(names[:k])} and {len(names) - k} more"]
        for k in range(len(names) - 1, 0, -1)
    ]
    return [*lines, f"{label}: " + ", ".join(names)], shorter


def _explore_box(card: Card) -> Box:
    lines = list(card.explore)
    gaps = card.parts.get("explore", [])
    if gaps and lines:  # some items lack a date: show them, with the words of what is missing
        lines += [f"Missing: {gap}" for gap in gaps]
        return Box("What we will explore instead", capped(lines), True)
    return _box("What we will explore instead", lines, gaps)


def _candidates_box(workshop: Workshop) -> Box:
    names = front_runners(rank(workshop, stability=False))
    return Box("Front-runners from step 6", names or ["Nothing ranked yet"])
