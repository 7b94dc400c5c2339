"""Step 6 form: estimates, weights and capacity in; the ranked list and its line out."""

from __future__ import annotations

import html

import ipywidgets as widgets

from gaptools.charts.steps import value_effort, value_effort_points
from gaptools.charts.svg import Point
from gaptools.core.model import Workshop
from gaptools.core.numbers import percent, plain
from gaptools.core.text import plural
from gaptools.files.sheets import WEEKS
from gaptools.steps.prioritise import (
    DRAWS,
    PARTS,
    STAYS,
    STAYS_BELOW,
    Ranking,
    Scored,
    line_moves,
    rank,
    stability_text,
    weighing,
    where_the_line_falls,
    without_risks,
)
from gaptools.ui.blocks import table_blocks
from gaptools.ui.fields import Field
from gaptools.ui.kit import (
    BAR,
    Column,
    Form,
    Grid,
    PerChange,
    button,
    download_link,
    heading,
    identity,
    initiative_lookup,
    opened,
)
from gaptools.ui.session import WorkshopSession
from gaptools.ui.styles import WHOLE, labelled, shared_style

STEP = "06_prioritise"

VALUES = [("—", 0), ("1 minor", 1), ("2", 2), ("3 solid", 3), ("4", 4), ("5 major", 5)]
CONFIDENCES = [("— (50%)", -1)] + [(f"{n}%", n) for n in range(10, 101, 10)]
PART_LABELS = {
    "value": "Value",
    "confidence": "Confidence",
    "readiness": "Readiness",
    "risk": "Low risk",
    "effort": "Low effort",
}

#: The ranked table's columns: each number as wide as the longest word of its heading (two
#: long ones may break where marked) and the place as wide as "100", the initiative's name
#: taking what is left.
RANKING_WIDTHS = (
    "2.8em",
    "",
    "4.2em",
    "4.2em",
    "7.6em",  # "Confidence" whole where there is room: broken, it read "Confi-dence"
    "7em",
    "3.4em",
    "4.2em",
    "4.2em",
    "4.2em",
    "10em",  # "stays above (96% of runs)" in two lines at most
)
#: Where a heading of one long word may break, should its column be narrower than the word.
RANKING_HEADS = {**PART_LABELS, "confidence": "Confi&shy;dence", "readiness": "Readi&shy;ness"}


def show(path: str | None = None) -> widgets.Widget:
    return opened(lambda session: PrioritiseForm(session).widget, path)


NOTHING_TO_DRAW = "<p>Nothing ranked to draw yet: estimate value and effort first.</p>"

CAPACITY = Field(
    "Capacity (person-weeks)",
    "capacity_weeks",
    "number",
    placeholder="e.g. 40 weeks",
    unit=WEEKS,
)
ESTIMATE_FIELDS = [
    Field("Value", "priority.value", "choice", options=VALUES, none=0, inline=True),
    Field("Effort (weeks)", "effort_weeks", "number", inline=True, unit=WEEKS),
]
ESTIMATE_GRID = Grid(
    [
        Column("Initiative", "minmax(10em, 2.4fr)"),
        Column("Value", "minmax(7em, 1fr)"),
        Column("Confidence", "minmax(7em, 1fr)"),
        Column("Effort (weeks)", "minmax(7em, 1fr)"),
    ]
)


UNCERTAINTY = "How far the value and effort estimates may be off, either way"


class PrioritiseForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session, STEP)
        self.ranking = PerChange(rank)  # ranked once per change, however many views show it
        f = self.form
        # A weight, the capacity or an estimate is far below the ranking it moves: "Saved"
        # says what the change did to the line.
        self._ranked: Ranking = self.ranking(session.workshop)
        self._moved = ""
        session.subscribe(self._follow_line)
        f.effect = lambda: self._moved
        self.capacity = f.field(CAPACITY, lambda w: w.settings)
        self.uncertainty = f.bind(
            widgets.IntSlider(
                description="Uncertainty (±%)",
                tooltip=UNCERTAINTY,
                min=0,
                max=100,
                step=5,
                continuous_update=False,
                style=labelled(widgets.IntSlider),
                layout=widgets.Layout(width="36em", max_width=WHOLE),
            ),
            "uncertainty",
            lambda w: round(w.settings.uncertainty * 100),
            lambda w, v: setattr(w.settings, "uncertainty", v / 100),
        )
        self.weights = {
            part: f.field(
                Field(PART_LABELS[part], part, "slider", width="30em", apply=weighing(part)),
                lambda w: w.settings.weights,
            )
            for part in PARTS
        }
        self.estimates = f.rows(
            lambda w: w.in_play(),
            self._estimate_row,
            "No ideas, pilots or stalled initiatives to rank.",
            noun="Initiatives",
            head=ESTIMATE_GRID.header(),
        )
        self.widget = f.layout(
            heading("The line", "What fits the quarter's capacity, in score order."),
            f.blocks(lambda w: _ranking_blocks(self.ranking(w))),
            self.capacity,
            self.uncertainty,
            widgets.HTML(
                f"<p>Uncertainty: {UNCERTAINTY.lower()}. The ranking's Stability "
                "column re-ranks the list within it.</p>"
            ),
            heading("Weights", "How much each part of the score counts, 0 to 10."),
            *self.weights.values(),
            heading(
                "Estimates",
                "Value 1–5, how sure the team is, and effort in person-weeks. A value with no "
                "measured baseline counts at most 50% confidence.",
            ),
            self.estimates,
            f.live(lambda w: value_effort(self.ranking(w), w)),
            self._png_section(),
            wide=True,
        )

    def _follow_line(self, workshop: Workshop) -> None:
        ranking = self.ranking(workshop)
        self._moved, self._ranked = line_moves(self._ranked, ranking), ranking

    def _png_section(self) -> widgets.HBox:
        """The value–effort chart as a PNG for slides, drawn on request: matplotlib takes a
        moment, which an estimate should not wait for. A picture whose points have moved or
        crossed the line since is taken away, so a slide never shows a ranking that is gone."""
        maker = button("Make the chart PNG (slides)", "image")
        self.png_link = widgets.HTML()
        drawn: list[list[Point]] = []

        def points(workshop: Workshop) -> list[Point]:
            return value_effort_points(self.ranking(workshop), workshop)

        def make(_: object) -> None:
            from gaptools.charts import png_bytes
            from gaptools.charts.priorities import value_effort as value_effort_figure

            workshop = self.session.latest()
            ranking = self.ranking(workshop)
            if not ranking.ranked:
                self.png_link.value = NOTHING_TO_DRAW
                return
            drawn[:] = [points(workshop)]
            self.png_link.value = download_link(
                "value_against_effort.png",
                png_bytes(value_effort_figure(ranking, workshop)),
                "image/png",
                "Value against effort as PNG",
            )

        def follow(workshop: Workshop) -> None:
            if drawn and drawn[0] != points(workshop):
                drawn.clear()
                self.png_link.value = ""

        maker.on_click(make)
        self.session.subscribe(follow)
        return widgets.HBox([maker, self.png_link], _dom_classes=BAR)

    def _estimate_row(self, initiative_id: str) -> widgets.HBox:
        f = self.form
        initiative, subject = initiative_lookup(initiative_id)
        name_place, value_place, sure_place, effort_place = ESTIMATE_GRID.layouts()
        name = f.name_cell(lambda w: i.name if (i := initiative(w)) else "", name_place)
        value, effort = f.fields(
            ESTIMATE_FIELDS, initiative, subject, layouts=[value_place, effort_place]
        )

        def confidence(workshop: Workshop, option: int) -> None:
            found = initiative(workshop)
            if found is None:
                raise ValueError("that initiative was removed meanwhile: nothing changed")
            found.priority.confidence = None if option < 0 else option

        def sure_of(workshop: Workshop) -> int:
            found = initiative(workshop)
            return _confidence_option(found.priority.confidence) if found else -1

        sure = f.bound(
            widgets.Dropdown,
            lambda: f"confidence of {subject(self.session.workshop)}",
            sure_of,
            confidence,
            shows=identity(initiative),
            options=CONFIDENCES,
            tooltip="Confidence",
            layout=sure_place,
            style=shared_style(widgets.Dropdown),
        )
        return f.grid_row(ESTIMATE_GRID, [name, value, sure, effort])


def _confidence_option(percent: int | None) -> int:
    """The dropdown offers steps of ten; a value typed elsewhere shows at the nearest step."""
    if percent is None:
        return -1
    return min(100, max(10, round(percent / 10) * 10))


def _ranking_blocks(ranking: Ranking) -> list[str]:
    """The headline, the ranked table in blocks with the capacity line among its rows, the
    note on the score, and what is not ranked yet."""
    if not ranking.ranked and not ranking.to_estimate:
        return ["<p>No ideas, pilots or stalled initiatives to rank.</p>"]
    if ranking.capacity is None:
        headline = "<p><b>Set the capacity below to draw the line.</b></p>"
    else:
        headline = (
            "<p style='font-size:1.25em'><b>"
            f"{plural(len(ranking.above), 'initiative fits', 'initiatives fit')} in "
            f"{plain(ranking.capacity)} person-weeks</b> (using {plain(ranking.used)}); "
            f"{plural(len(ranking.below), 'waits', 'wait')} below the "
            "line.</p>"
        )
        if falls := where_the_line_falls(ranking):
            headline += f"<p>{html.escape(falls)}</p>"
    parts = "".join(f"<th>{RANKING_HEADS[p]}</th>" for p in PARTS)
    head = f"<th>#</th><th>Initiative</th><th>Score</th>{parts}<th>Effort</th><th>Line</th>"
    blocks = table_blocks(
        f"{head}<th>Stability</th>", _ranked_rows(ranking), RANKING_WIDTHS, before=headline
    )
    blocks.append(
        "<p><small>Score = weighted average of the parts (points shown per part). "
        f"Stability = how many of {DRAWS:,} re-rankings, with effort and value moved at "
        f"random within the stated uncertainty, leave it above the line: {percent(STAYS)} or "
        f"more stays above, {percent(STAYS_BELOW)} or less stays below, anything else is on "
        "the edge."
        f"{NO_RISKS_MEANING if without_risks(ranking) else ''}</small></p>"
    )
    if ranking.to_estimate:
        items = "".join(
            f"<li>{html.escape(name)}: needs {html.escape(what)}</li>"
            for name, what in ranking.to_estimate
        )
        blocks[-1] += f"<p><b>Not ranked yet:</b></p><ul>{items}</ul>"
    return blocks


#: What a row's ⚠ "no risks logged" means, said under the table when a row carries it.
NO_RISKS_MEANING = (
    " '⚠ no risks logged' = scored as low risk only because step 5 holds no risk for it:"
    " log its risks there before trusting its place."
)


def guesses(item: Scored) -> str:
    """What rests on a guess in a row's score, said after its name."""
    marks = [
        mark
        for mark, shown in (
            ("capped: no baseline", item.confidence_capped),
            ("no risks logged", item.no_risks),
        )
        if shown
    ]
    return "".join(f" ⚠ {mark}" for mark in marks)


def _ranked_rows(ranking: Ranking) -> list[str]:
    """One row per ranked initiative, and the capacity line above the first that waits."""
    rows: list[str] = []
    line_drawn = False
    for place, item in enumerate(ranking.ranked, start=1):
        if item.above is False and not line_drawn:
            rows.append(
                f"<tr><td colspan='{len(PARTS) + 6}' style='border-top:3px dashed black;"
                f"font-weight:bold'>── capacity line: {plain(ranking.capacity or 0)} "
                "person-weeks ── everything below waits</td></tr>"
            )
            line_drawn = True
        points = "".join(f"<td>{item.points[p]:.0f}</td>" for p in PARTS)
        capped = guesses(item)
        stability = stability_text(item.stability) if item.stability is not None else "—"
        verdict = "" if item.above is None else ("above" if item.above else "below")
        rows.append(
            f"<tr><td>{place}</td><td>{html.escape(item.name)}{capped}</td>"
            f"<td><b>{item.score:.0f}</b></td>{points}<td>{plain(item.effort)}</td>"
            f"<td>{verdict}</td><td>{stability}</td></tr>"
        )
    return rows
