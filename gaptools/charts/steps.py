"""Each step's charts as inline SVG, drawn from the model.

The forms show them live and the HTML report embeds the very same markup, so what the room
saw is what leaves it. Colours and patterns for stages live here too, shared with the
matplotlib charts for slides.
"""

from __future__ import annotations

from gaptools.charts import PALETTE
from gaptools.charts.svg import Bar, Point, bar_chart, scatter_svg
from gaptools.core.model import Lens, Stage, Workshop
from gaptools.core.numbers import percent
from gaptools.core.text import plural
from gaptools.steps.contested import Spread
from gaptools.steps.ownership import load
from gaptools.steps.portfolio import NOT_GIVEN, Diagnosis, reason_label, stage_label
from gaptools.steps.prioritise import Ranking
from gaptools.steps.voting import Result, gut_tally

#: By ``by_stage`` key (a stage's code, or "not_given" for no stage given yet).
STAGE_COLOURS: dict[str, str] = {
    Stage.IDEA: PALETTE["sky"],
    Stage.PILOT: PALETTE["orange"],
    Stage.PRODUCTION: PALETTE["green"],
    Stage.STALLED: PALETTE["vermillion"],
    Stage.KILLED: PALETTE["grey"],
    NOT_GIVEN: PALETTE["yellow"],
}
STAGE_PATTERNS: dict[str, str] = {Stage.STALLED: "hatch", Stage.KILLED: "dots", NOT_GIVEN: "dots"}
MAX_PILOT_BARS = 20
LENS_COLOURS = dict(
    zip(
        [lens.value for lens in Lens],
        [PALETTE[c] for c in ("blue", "orange", "vermillion", "green", "purple", "sky")],
        strict=True,
    )
)


def portfolio_charts(diagnosis: Diagnosis) -> str:
    """Step 1: the stage funnel, each pilot's age against the purgatory line, stall reasons."""
    stages = [
        Bar(stage_label(key), count, str(count), STAGE_COLOURS[key], STAGE_PATTERNS.get(key, ""))
        for key, count in diagnosis.by_stage.items()
        if diagnosis.total
    ]
    shown = diagnosis.pilot_ages[:MAX_PILOT_BARS]
    ages = [
        Bar(
            a.name,
            a.weeks,
            f"{a.weeks:.0f} wk" + (" · stuck" if a.stuck else ""),
            PALETTE["vermillion"] if a.stuck else PALETTE["sky"],
            "hatch" if a.stuck else "",
        )
        for a in shown
    ]
    more = len(diagnosis.pilot_ages) - len(shown)
    reasons = [
        Bar(reason_label(r), n, str(n), PALETTE["vermillion"])
        for r, n in diagnosis.stall_reasons.items()
    ]
    threshold = diagnosis.threshold_weeks
    return (
        bar_chart(
            f"{plural(diagnosis.total, 'initiative')} by stage", stages, "No initiatives yet."
        )
        + bar_chart(
            "How long pilots have run (weeks)",
            ages,
            "No running pilot has a start date.",
            line=(threshold, f"stuck after {threshold} weeks"),
            note=f"…and {plural(more, 'more pilot')}" if more > 0 else "",
        )
        + bar_chart("Why work stalled", reasons, "Nothing is stalled.")
    )


def lens_chart(spread: Spread) -> str:
    """Step 2: how many leaders see success through each lens; the leading lens hatched."""
    bars = [
        Bar(
            Lens(code).label,
            count,
            f"{count} ({percent(count / spread.definitions)})" if spread.definitions else "0",
            LENS_COLOURS[code],
            "hatch" if code in spread.leading else "",
        )
        for code, count in spread.counts.items()
    ]
    return bar_chart("Definitions of success by lens", bars, "No definitions yet.")


def load_charts(workshop: Workshop) -> str:
    """Step 4: how many initiatives each person and function is accountable for."""
    people, teams = load(workshop)
    limit = workshop.settings.overload_threshold

    def bars(counts) -> list[Bar]:
        return [
            Bar(
                who,
                n,
                f"{n}" + (" · overloaded" if n > limit else ""),
                PALETTE["vermillion"] if n > limit else PALETTE["blue"],
                "hatch" if n > limit else "",
            )
            for who, n in counts.most_common()
        ]

    line = (limit, f"overloaded above {limit}")
    return bar_chart(
        "Accountable for, per person", bars(people), "Nobody is named yet.", line=line
    ) + bar_chart(
        "Accountable for, per function", bars(teams), "No function holds an A.", line=line
    )


VALUE_EFFORT = ("Value against effort", "effort (person-weeks)", "value (1–5)", (0.5, 5.5))


def value_effort_points(ranking: Ranking, workshop: Workshop) -> list[Point]:
    """Step 6's initiatives, best ranked first (so they get the first pick of label places),
    filled when above the capacity line."""
    values = {i.name: i.priority.value for i in workshop.initiatives}
    return [
        Point(item.name, item.effort, float(values[item.name] or 0), bool(item.above))
        for item in ranking.ranked
    ]


def value_effort(ranking: Ranking, workshop: Workshop) -> str:
    """Step 6: value against effort, filled points above the capacity line."""
    title, x_label, y_label, y_range = VALUE_EFFORT
    return scatter_svg(title, value_effort_points(ranking, workshop), x_label, y_label, y_range)


def gut_chart(workshop: Workshop) -> str:
    """Step 7: the bet each leader would make, with who named it."""
    bars = [
        Bar(
            name,
            len(people),
            f"{len(people)} · {', '.join(people)}",
            PALETTE["orange"],
            shorter=_fewer_names(people),
        )
        for name, people in gut_tally(workshop).picks
    ]
    return bar_chart("Gut check: the bet each leader would make", bars, "No gut checks yet.")


def _fewer_names(people: list[str]) -> tuple[str, ...]:
    """Who named a bet, said shorter: by first names, then the first few and how many more
    ("4 · Maximiliane-Annelies…" left out three of the four)."""
    firsts = [(person.split() or [person])[0] for person in people]
    count = len(people)
    return (
        f"{count} · {', '.join(firsts)}",
        *(
            f"{count} · {', '.join(firsts[:k])} and {count - k} more"
            for k in range(count - 1, 0, -1)
        ),
    )


def dots_chart(outcome: Result) -> str:
    """Step 7: the revealed dots; every initiative tied for the most dots hatched."""
    most = max((dots for _, dots in outcome.tally), default=0)
    bars = [
        Bar(
            name,
            dots,
            plural(dots, "dot"),
            PALETTE["blue"],
            "hatch" if dots == most and most > 0 else "",
        )
        for name, dots in outcome.tally
    ]
    return bar_chart(f"Dots from {plural(outcome.ballots, 'ballot')}", bars, "No dots.")
