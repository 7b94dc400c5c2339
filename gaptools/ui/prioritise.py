"""Step 6 form: estimates, weights and capacity in; the ranked list and its line out."""

from __future__ import annotations

import html

import ipywidgets as widgets

from gaptools.charts.steps import value_effort
from gaptools.core.model import Workshop
from gaptools.core.numbers import plain
from gaptools.files.sheets import number_cell
from gaptools.steps.prioritise import CANDIDATE_STAGES, PARTS, Ranking, rank, stability_word
from gaptools.ui.kit import LABEL_STYLE, Form, at, heading
from gaptools.ui.session import WorkshopSession

VALUES = [("—", 0), ("1 minor", 1), ("2", 2), ("3 solid", 3), ("4", 4), ("5 major", 5)]
CONFIDENCES = [("— (50%)", -1)] + [(f"{n}%", n) for n in range(10, 101, 10)]
PART_LABELS = {
    "value": "Value",
    "confidence": "Confidence",
    "readiness": "Readiness",
    "risk": "Low risk",
    "effort": "Low effort",
}


def show(path: str | None = None) -> widgets.VBox:
    return PrioritiseForm(WorkshopSession.open(path)).widget


class PrioritiseForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session)
        self._ranked: tuple[Workshop, Ranking] | None = None
        f = self.form
        self.capacity = f.text(
            "Capacity (person-weeks)",
            lambda w: "" if (c := w.settings.capacity_weeks) is None else plain(c),
            lambda w, v: setattr(w.settings, "capacity_weeks", number_cell(v)),
            "engineering weeks available next quarter",
        )
        self.uncertainty = f.bind(
            widgets.IntSlider(
                description="Estimates may be off by ±%",
                min=0,
                max=100,
                step=5,
                continuous_update=False,
                style=LABEL_STYLE,
                layout=widgets.Layout(width="36em"),
            ),
            "uncertainty",
            lambda w: round(w.settings.uncertainty * 100),
            lambda w, v: setattr(w.settings, "uncertainty", v / 100),
        )
        self.weights = {part: self._weight(part) for part in PARTS}
        self.estimates = f.rebuilt(_candidate_indexes, self._estimate_rows)
        self.widget = f.layout(
            heading("The line", "What fits the quarter's capacity, in score order."),
            f.live(lambda w: _ranking_html(self.ranking(w))),
            self.capacity,
            self.uncertainty,
            heading("Weights", "How much each part of the score counts, 0 to 10."),
            *self.weights.values(),
            heading(
                "Estimates",
                "Value 1–5, how sure the team is, and effort in person-weeks. A value with no "
                "measured baseline counts at most 50% confidence.",
            ),
            self.estimates,
            f.live(lambda w: value_effort(self.ranking(w), w)),
        )

    def ranking(self, workshop: Workshop) -> Ranking:
        """Ranked once per change, however many views show it."""
        if self._ranked is None or self._ranked[0] is not workshop:
            self._ranked = (workshop, rank(workshop))
        return self._ranked[1]

    def _weight(self, part: str) -> widgets.IntSlider:
        return self.form.bind(
            widgets.IntSlider(
                description=PART_LABELS[part],
                min=0,
                max=10,
                continuous_update=False,
                style=LABEL_STYLE,
                layout=widgets.Layout(width="30em"),
            ),
            f"weight of {PART_LABELS[part].lower()}",
            lambda w: getattr(w.settings.weights, part),
            lambda w, v: setattr(w.settings.weights, part, v),
        )

    def _estimate_rows(self, workshop: Workshop) -> list[widgets.Widget]:
        indexes = _candidate_indexes(workshop)
        if not indexes:
            return [widgets.HTML("<p>No ideas, pilots or stalled initiatives to rank.</p>")]
        header = widgets.HTML(
            "<div style='display:flex;gap:4px;font-weight:bold'><span style='width:18em'>"
            "Initiative</span><span style='width:9em'>Value</span><span style='width:8em'>"
            "Confidence</span><span style='width:9em'>Effort (weeks)</span></div>"
        )
        return [header, *(self._estimate_row(n) for n in indexes)]

    def _estimate_row(self, index: int) -> widgets.HBox:
        f = self.form

        def get(workshop: Workshop):
            return at(workshop.initiatives, index)

        name = f.live(lambda w: html.escape(i.name) if (i := get(w)) else "")
        name.layout.width = "18em"
        value = f.bind(
            widgets.Dropdown(options=VALUES, layout=widgets.Layout(width="9em")),
            f"value estimate of initiative {index + 1}",
            lambda w: (i.priority.value or 0) if (i := get(w)) else 0,
            lambda w, v: setattr(w.initiatives[index].priority, "value", v or None),
        )
        sure = f.bind(
            widgets.Dropdown(options=CONFIDENCES, layout=widgets.Layout(width="8em")),
            f"confidence of initiative {index + 1}",
            lambda w: _confidence_option(i.priority.confidence) if (i := get(w)) else -1,
            lambda w, v: setattr(w.initiatives[index].priority, "confidence", None if v < 0 else v),
        )
        effort = f.bind(
            widgets.Text(continuous_update=False, layout=widgets.Layout(width="9em")),
            f"effort of initiative {index + 1}",
            lambda w: "" if not (i := get(w)) or i.effort_weeks is None else plain(i.effort_weeks),
            lambda w, v: setattr(w.initiatives[index], "effort_weeks", number_cell(v)),
        )
        return widgets.HBox([name, value, sure, effort])


def _candidate_indexes(workshop: Workshop) -> tuple[int, ...]:
    return tuple(n for n, i in enumerate(workshop.initiatives) if i.stage in CANDIDATE_STAGES)


def _confidence_option(percent: int | None) -> int:
    """The dropdown offers steps of ten; a value typed elsewhere shows at the nearest step."""
    if percent is None:
        return -1
    return min(100, max(10, round(percent / 10) * 10))


def _ranking_html(ranking: Ranking) -> str:
    if not ranking.ranked and not ranking.to_estimate:
        return "<p>No ideas, pilots or stalled initiatives to rank.</p>"
    parts = []
    if ranking.capacity is None:
        parts.append("<p><b>Set the capacity below to draw the line.</b></p>")
    else:
        parts.append(
            f"<p style='font-size:1.25em'><b>{len(ranking.above)} initiatives fit in "
            f"{plain(ranking.capacity)} person-weeks</b> (using {plain(ranking.used)}); "
            f"{len(ranking.below)} wait below the line.</p>"
        )
    head = "".join(f"<th>{PART_LABELS[p]}</th>" for p in PARTS)
    rows, line_drawn, cumulative = [], False, 0.0
    for place, item in enumerate(ranking.ranked, start=1):
        if item.above is False and not line_drawn:
            rows.append(
                f"<tr><td colspan='{len(PARTS) + 6}' style='border-top:3px dashed black;"
                f"font-weight:bold'>── capacity line: {plain(ranking.capacity or 0)} "
                "person-weeks ── everything below waits</td></tr>"
            )
            line_drawn = True
        cumulative += item.effort
        points = "".join(f"<td>{item.points[p]:.0f}</td>" for p in PARTS)
        capped = " ⚠ capped: no baseline" if item.confidence_capped else ""
        stability = (
            f"{item.stability:.0%} · {stability_word(item.stability)}"
            if item.stability is not None
            else "—"
        )
        verdict = "" if item.above is None else ("above" if item.above else "below")
        rows.append(
            f"<tr><td>{place}</td><td>{html.escape(item.name)}{capped}</td>"
            f"<td><b>{item.score:.0f}</b></td>{points}<td>{plain(item.effort)}</td>"
            f"<td>{verdict}</td><td>{stability}</td></tr>"
        )
    parts.append(
        "<table class='gaptools-table'><thead><tr><th>#</th><th>Initiative</th><th>Score</th>"
        f"{head}<th>Effort</th><th>Line</th><th>Stays above in</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        "<p><small>Score = weighted average of the parts (points shown per part). "
        "'Stays above in' = share of 2,000 re-rankings, with effort and value moved at random "
        "within the stated uncertainty, in which it stays above the line.</small></p>"
    )
    if ranking.to_estimate:
        items = "".join(
            f"<li>{html.escape(name)}: needs {html.escape(what)}</li>"
            for name, what in ranking.to_estimate
        )
        parts.append(f"<p><b>Not ranked yet:</b></p><ul>{items}</ul>")
    return "".join(parts)
