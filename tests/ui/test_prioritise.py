"""The step 6 form driven as a facilitator would, without a browser.

The example workshop has 40 person-weeks of capacity and twelve estimated candidates. The
expected line and order are worked out from the saved file with ``reference_ranking`` in
``tests.test_prioritise`` (the documented formula restated), never with
``gaptools.steps.prioritise``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as widgets
import pytest

from gaptools.core.model import Risk, RiskKind
from gaptools.steps.prioritise import PARTS
from gaptools.ui.prioritise import PrioritiseForm
from gaptools.ui.session import WorkshopSession
from tests.steps.test_prioritise import reference_ranking
from tests.support import (
    blocks,
    by_label,
    name_of,
    refused,
    row_of,
    rows_with,
    saved,
    saved_initiative,
    status_line,
    view,
)

MARK = " ⚠ "
CAPPED = f"{MARK}capped: no baseline"
ROW = re.compile(
    r"<tr><td>(\d+)</td><td>(.*?)</td><td><b>\d+</b></td>(?:<td>[^<]*</td>){6}"
    r"<td>(above|below|)</td><td>([^<]*)</td></tr>"
)


@pytest.fixture
def form(session: WorkshopSession) -> PrioritiseForm:
    return PrioritiseForm(session)


def ranking_html(form: PrioritiseForm) -> str:
    """The line: headline, ranked table, what is not ranked."""
    return html.unescape(blocks(form.widget, "<th>Stability</th>"))


def scatter_html(form: PrioritiseForm) -> str:
    return view(form.widget, "Value against effort").value


def rows(form: PrioritiseForm) -> list[tuple[str, str, str]]:
    """(name, above/below, stability) for each ranked row, in the order shown."""
    found = ROW.findall(ranking_html(form))
    assert [int(place) for place, *_ in found] == list(range(1, len(found) + 1))
    return [(name.split(MARK)[0], verdict, shown) for _, name, verdict, shown in found]


def marks(form: PrioritiseForm) -> dict[str, list[str]]:
    """Each ranked row's ⚠ marks after its name, by name."""
    named = [name.split(MARK) for _, name, _, _ in ROW.findall(ranking_html(form))]
    return {name: said for name, *said in named}


def order(form: PrioritiseForm) -> list[str]:
    return [name for name, _, _ in rows(form)]


def above(form: PrioritiseForm) -> list[str]:
    return [name for name, verdict, _ in rows(form) if verdict == "above"]


def headline(path: Path) -> str:
    """ "N initiatives fit in C person-weeks", from the saved file through the reference."""
    ranked, fits, capacity = reference_ranking(saved(path))
    assert capacity is not None
    used = sum(effort for name, _, effort in ranked if name in fits)
    below = len(ranked) - len(fits)
    fit = "initiative fits" if len(fits) == 1 else "initiatives fit"
    return (
        f"{len(fits)} {fit} in {capacity:g} person-weeks</b> (using {used:g}); "
        f"{below} {'waits' if below == 1 else 'wait'} below the line."
    )


def estimate_row(form: PrioritiseForm, name: str) -> widgets.HBox:
    """The estimates row of the initiative called ``name``, found by its name cell."""
    return row_of(form.estimates, name)


def estimate(form: PrioritiseForm, name: str, label: str) -> widgets.ValueWidget:
    return by_label(estimate_row(form, name), label)


# -- the line ------------------------------------------------------------------------------------
def test_the_line_on_the_example(form: PrioritiseForm, workshop_path: Path) -> None:
    """Capacity 40: four fit (8 + 10 + 11 + 7 = 36), eight wait."""
    shown = ranking_html(form)
    assert headline(workshop_path) in shown
    assert "4 initiatives fit in 40 person-weeks</b> (using 36)" in shown
    _, fits, _ = reference_ranking(saved(workshop_path))
    assert above(form) == fits
    verdicts = [verdict for _, verdict, _ in rows(form)]
    assert verdicts == ["above"] * 4 + ["below"] * 8
    line = shown.index("── capacity line: 40 person-weeks")
    table = shown.index("<table")  # the headline names where the line falls, above it
    assert table < shown.index(fits[-1], table) < line
    assert line < shown.index("Complaints classification", table)
    assert "The line falls at Complaints classification: it needs" in shown


def test_the_order_follows_the_documented_score(form: PrioritiseForm, workshop_path: Path) -> None:
    """Compared on the eight best, whose scores are far apart (the tail holds a tie)."""
    expected, _, _ = reference_ranking(saved(workshop_path))
    assert order(form)[:8] == [name for name, _, _ in expected][:8]
    assert sorted(order(form)) == sorted(name for name, _, _ in expected)


def test_a_capped_confidence_is_marked(form: PrioritiseForm) -> None:
    """Customer support: 60% but no baseline, so 50% is used and the row says why."""
    assert f"Customer support assistant{CAPPED}" in ranking_html(form)
    assert f"Claims intake copilot{CAPPED}" not in ranking_html(form)


def test_a_score_that_counts_no_logged_risk_as_low_is_marked_until_one_is_logged(
    form: PrioritiseForm, workshop_path: Path
) -> None:
    """The rows whose initiative has an empty risk register in the saved file carry the
    mark, and only they; the note under the table says what it means. Logging a risk, as
    step 5 does, takes the mark off that row."""
    data = saved(workshop_path)
    ranked = {name for name, _, _ in reference_ranking(data)[0]}
    bare = {i["name"] for i in data["initiatives"] if not i["readiness"]["risks"]} & ranked
    assert bare  # the example has both kinds
    assert bare != ranked
    assert {name for name, said in marks(form).items() if "no risks logged" in said} == bare
    assert "'⚠ no risks logged' = scored as low risk only because step 5" in ranking_html(form)

    first = sorted(bare)[0]
    risk = Risk(kind=RiskKind.DATA_LEAKAGE, likelihood=2, impact=3)
    assert form.session.update(
        lambda w: w.initiative(first).readiness.risks.append(risk), "risk"
    ).ok
    assert "no risks logged" not in marks(form)[first]
    assert {n for n, said in marks(form).items() if "no risks logged" in said} == bare - {first}


def test_lowering_the_capacity_drops_an_initiative_below_the_line(
    form: PrioritiseForm, workshop_path: Path
) -> None:
    """30 weeks: 8 + 10 + 11 = 29 fit; subrogation (7) would make 36 and now waits."""
    assert "Subrogation recovery finder" in above(form)
    form.capacity.value = "30"
    assert saved(workshop_path)["settings"]["capacity_weeks"] == 30
    assert headline(workshop_path) in ranking_html(form)
    assert "3 initiatives fit in 30 person-weeks" in ranking_html(form)
    assert "Subrogation recovery finder" not in above(form)
    assert dict((n, v) for n, v, _ in rows(form))["Subrogation recovery finder"] == "below"
    assert "Saved" in status_line(form)


@pytest.mark.parametrize(
    ("typed", "reason"), [("lots", "'lots' is not a number"), ("-5", "must be at least 0")]
)
def test_a_capacity_that_is_not_a_number_of_weeks_is_refused(
    form: PrioritiseForm, workshop_path: Path, typed: str, reason: str
) -> None:
    form.capacity.value = "35"  # the file is now in the toolkit's own layout
    shown = ranking_html(form)
    with refused(form, workshop_path, "Not saved", reason):
        form.capacity.value = typed
    assert form.capacity.value == typed
    assert reason in form.form.message_of(form.capacity).value
    assert ranking_html(form) == shown


@pytest.mark.parametrize(("typed", "weeks"), [("16 weeks", 16), ("30 wks", 30), ("24w", 24)])
def test_a_capacity_typed_as_its_hint_shows_it_is_taken(
    form: PrioritiseForm, workshop_path: Path, typed: str, weeks: int
) -> None:
    """The box's hint says "e.g. 40 weeks", and "16 weeks" was refused as not a number."""
    assert form.capacity.placeholder == "e.g. 40 weeks"
    form.capacity.value = typed
    assert saved(workshop_path)["settings"]["capacity_weeks"] == weeks
    assert form.capacity.value == str(weeks)
    assert f" in {weeks} person-weeks</b>" in ranking_html(form)


def test_an_effort_box_suggests_weeks_not_an_amount(form: PrioritiseForm) -> None:
    """The effort box's hint read "e.g. 18 or 1,200", an amount, for a count of weeks."""
    from gaptools.files.sheets import WEEKS

    effort = estimate(form, "Meeting notes copilot", "Effort (weeks)")
    assert effort.placeholder == f"e.g. {WEEKS.example}"


def test_an_effort_in_weeks_or_as_a_range_is_taken_and_the_range_said(
    form: PrioritiseForm, workshop_path: Path
) -> None:
    """ "8 wks" was refused, though the spreadsheet import reads "6 wks"; "6-10" was kept as
    8 without a word: the status line now says how it was read."""
    effort = estimate(form, "Meeting notes copilot", "Effort (weeks)")
    effort.value = "8 wks"
    assert saved_initiative(workshop_path, "Meeting notes copilot")["effort_weeks"] == 8
    effort.value = "6-10"
    assert saved_initiative(workshop_path, "Meeting notes copilot")["effort_weeks"] == 8
    said = status_line(form)
    assert "✓ Saved" in said
    assert "'6-10' read as 8, the middle of the range" in said


def test_clearing_the_capacity_removes_the_line(form: PrioritiseForm, workshop_path: Path) -> None:
    form.capacity.value = ""
    assert saved(workshop_path)["settings"]["capacity_weeks"] is None
    assert "Set the capacity below to draw the line." in ranking_html(form)
    assert above(form) == []


def test_a_weight_changes_the_order(form: PrioritiseForm, workshop_path: Path) -> None:
    """Effort weighted 10: the small items rise; six now fit (8 + 5 + 2 + 6 + 7 + 6 = 34)."""
    before = order(form)
    form.weights["effort"].value = 10
    assert saved(workshop_path)["settings"]["weights"]["effort"] == 10
    expected, fits, _ = reference_ranking(saved(workshop_path))
    assert order(form) == [name for name, _, _ in expected]
    assert order(form) != before
    assert above(form) == fits
    assert len(fits) == 6
    assert headline(workshop_path) in ranking_html(form)


def test_a_zero_weight_is_saved(form: PrioritiseForm, workshop_path: Path) -> None:
    form.weights["confidence"].value = 0
    assert saved(workshop_path)["settings"]["weights"]["confidence"] == 0
    expected, fits, _ = reference_ranking(saved(workshop_path))
    assert above(form) == fits


def test_the_last_weight_above_0_cannot_be_set_to_0(
    form: PrioritiseForm, workshop_path: Path
) -> None:
    """Every weight at 0 made every score 0, and the list ranked by effort with no word why."""
    *first, last = PARTS
    for part in first:
        form.weights[part].value = 0
    shown = ranking_html(form)
    with refused(form, workshop_path, "Not saved", "every weight at 0"):
        form.weights[last].value = 0
    kept = saved(workshop_path)["settings"]["weights"][last]
    assert kept > 0
    # The slider goes back to what is saved: left at 0, five sliders read 0 while the list
    # was ranked on the last one's weight.
    assert form.weights[last].value == kept
    assert ranking_html(form) == shown
    assert "every weight at 0" in form.form.message_of(form.weights[last]).value
    form.weights[first[0]].value = 2  # another part counts: now the last may be 0
    form.weights[last].value = 0
    assert saved(workshop_path)["settings"]["weights"][last] == 0
    assert form.form.message_of(form.weights[last]).layout.display == "none"


def test_no_uncertainty_makes_the_line_certain(form: PrioritiseForm, workshop_path: Path) -> None:
    form.uncertainty.value = 0
    assert saved(workshop_path)["settings"]["uncertainty"] == 0
    for _, verdict, shown in rows(form):
        certain = "stays above" if verdict == "above" else "stays below"
        assert shown == f"{certain} (100% of runs)"  # every run leaves it where it is


# -- estimates -----------------------------------------------------------------------------------
def test_one_estimate_row_per_candidate(form: PrioritiseForm, workshop_path: Path) -> None:
    candidates = [
        i["name"]
        for i in saved(workshop_path)["initiatives"]
        if i["stage"] in {"idea", "pilot", "stalled"}
    ]
    names = [name_of(row) for row in rows_with(form.estimates, "Value")]
    assert names == candidates
    row = estimate_row(form, "Claims intake copilot")
    shown = [by_label(row, label).value for label in ("Value", "Confidence", "Effort (weeks)")]
    assert shown == [4, 70, "10"]


def test_editing_estimates_saves_them(form: PrioritiseForm, workshop_path: Path) -> None:
    row = estimate_row(form, "Subrogation recovery finder")
    value, sure = by_label(row, "Value"), by_label(row, "Confidence")
    effort = by_label(row, "Effort (weeks)")
    value.value = 5
    assert saved_initiative(workshop_path, "Subrogation recovery finder")["priority"]["value"] == 5
    sure.value = 90
    priority = saved_initiative(workshop_path, "Subrogation recovery finder")["priority"]
    assert priority["confidence"] == 90
    effort.value = "12.5"
    assert saved_initiative(workshop_path, "Subrogation recovery finder")["effort_weeks"] == 12.5
    sure.value = -1
    priority = saved_initiative(workshop_path, "Subrogation recovery finder")["priority"]
    assert priority["confidence"] is None
    expected, fits, _ = reference_ranking(saved(workshop_path))
    assert order(form)[:3] == [name for name, _, _ in expected][:3]
    assert above(form) == fits


def test_removing_a_value_moves_it_to_not_ranked(form: PrioritiseForm, workshop_path: Path) -> None:
    value = estimate(form, "Subrogation recovery finder", "Value")
    value.value = 0
    assert (
        saved_initiative(workshop_path, "Subrogation recovery finder")["priority"]["value"] is None
    )
    shown = ranking_html(form)
    assert "Not ranked yet:" in shown
    assert "<li>Subrogation recovery finder: needs a value estimate (1–5)</li>" in shown
    assert "Subrogation recovery finder" not in order(form)
    assert headline(workshop_path) in shown


def test_clearing_an_effort_asks_for_it(form: PrioritiseForm, workshop_path: Path) -> None:
    effort = estimate(form, "Meeting notes copilot", "Effort (weeks)")
    effort.value = ""
    assert saved_initiative(workshop_path, "Meeting notes copilot")["effort_weeks"] is None
    assert "<li>Meeting notes copilot: needs an effort in person-weeks</li>" in ranking_html(form)


def test_a_negative_effort_is_refused(form: PrioritiseForm, workshop_path: Path) -> None:
    form.capacity.value = "41"  # the file is now in the toolkit's own layout
    effort = estimate(form, "Meeting notes copilot", "Effort (weeks)")
    with refused(form, workshop_path, "Not saved", "effort weeks must be at least 0"):
        effort.value = "-3"
    assert effort.value == "-3"
    assert "must be at least 0" in form.form.message_of(effort).value


def test_undo_restores_an_estimate(form: PrioritiseForm, workshop_path: Path) -> None:
    value = estimate(form, "Subrogation recovery finder", "Value")
    value.value = 1
    form.form.undo_button.click()
    assert saved_initiative(workshop_path, "Subrogation recovery finder")["priority"]["value"] == 3
    assert value.value == 3


def test_a_change_far_below_the_ranking_says_what_it_did_to_the_line(
    form: PrioritiseForm, workshop_path: Path
) -> None:
    """On a tablet the ranking stood a screen and more above the weights and estimates: a
    weight moved said only "Saved", and what it did to the line was out of sight."""
    before = above(form)
    form.weights["effort"].value = 10
    now = above(form)
    rose = [n for n in now if n not in before]
    fell = [n for n in before if n not in now]
    assert rose
    assert fell
    said = status_line(form)
    assert "✓ Saved" in said
    assert "effort" in said.casefold()
    assert f"{rose[0]}" in said
    assert "now fit above the line" in said
    assert f"{fell[0]}" in said
    assert "below it" in said
    form.form.undo_button.click()
    said = status_line(form)
    assert "undone" in said
    assert f"{fell[0]}" in said
    assert "above the line" in said


def test_a_change_that_moves_nothing_says_the_line_holds(
    form: PrioritiseForm, workshop_path: Path
) -> None:
    """The uncertainty re-ranks within it but draws the line where it was."""
    before = above(form)
    form.uncertainty.value = 50
    assert above(form) == before
    fit = f"The line holds: the same {len(before)} initiatives fit above it."
    assert fit in status_line(form)
    estimate(form, "Meeting notes copilot", "Effort (weeks)").value = "6-10"
    said = status_line(form)
    assert "'6-10' read as 8, the middle of the range. " in said
    assert "the line" in said.casefold()


# -- the chart -----------------------------------------------------------------------------------
def test_every_ranked_initiative_is_labelled_on_the_chart(form: PrioritiseForm) -> None:
    """Names on the points, not colour alone: a text label and a title for each."""
    svg = scatter_html(form)
    titles = [html.unescape(t) for t in re.findall(r"<title>(.*?)</title>", svg)]
    labels = [
        html.unescape(t)
        for t in re.findall(r"<text x='[\d.]+' y='[\d.]+' font-size='13'>(.*?)<", svg)
    ]
    ranked = order(form)
    assert sorted(titles) == sorted(ranked)
    assert len(labels) == len(ranked) == 12
    for name in ranked:
        # Long names are cut with an ellipsis; the visible part must still start the name.
        assert any(
            name.startswith(label.removesuffix("…")) and len(label) >= min(len(name), 20)
            for label in labels
        )
    assert "Sustainability reporting as…" in labels


def test_the_chart_follows_an_edit(form: PrioritiseForm) -> None:
    estimate(form, "Subrogation recovery finder", "Value").value = 0
    svg = scatter_html(form)
    assert "<title>Subrogation recovery finder</title>" not in svg
    assert svg.count("<title>") == 11


def test_a_confidence_on_an_initiative_removed_elsewhere_is_not_called_changed(
    form: PrioritiseForm, workshop_path: Path
) -> None:
    """As in step 4: a confidence saved here on an initiative another notebook then removed
    was said to have been "changed elsewhere after you saved it"."""
    from tests.support import session_on

    name = "Subrogation recovery finder"
    by_label(estimate_row(form, name), "Confidence").value = 90
    other = session_on(workshop_path)
    assert other.update(lambda w: w.initiatives.remove(w.initiative(name)), "removed").ok
    assert form.session.poll()
    assert "changed elsewhere" not in status_line(form)


def test_the_chart_is_drawn_as_a_png_for_slides_on_request(form: PrioritiseForm) -> None:
    """Step 6 had the slide chart's drawing but no way to ask for it: a facilitator could
    put steps 1's and 9's charts on a slide, not the one the room decides by."""
    import base64
    import io

    from PIL import Image

    assert "Value against effort as PNG" not in form.png_link.value  # drawn on request only
    by_label(form.widget, "Make the chart PNG (slides)", widgets.Button).click()
    link = form.png_link.value
    assert 'download="value_against_effort.png"' in link
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1)
    picture = Image.open(io.BytesIO(base64.b64decode(encoded)))
    assert picture.format == "PNG"
    assert picture.width == 750  # the slide charts' width
    form.uncertainty.value = 35  # the points neither move nor cross the line
    assert form.png_link.value == link
    form.capacity.value = "30"  # one initiative drops below the line: the picture is gone
    assert form.png_link.value == ""


def test_an_empty_ranking_draws_no_png(session: WorkshopSession) -> None:
    assert session.update(lambda w: w.initiatives.clear(), "clear").ok
    form = PrioritiseForm(session)
    by_label(form.widget, "Make the chart PNG (slides)", widgets.Button).click()
    assert "Nothing ranked to draw yet" in form.png_link.value


def test_what_the_uncertainty_means_is_on_the_page_not_only_in_a_hover(
    session: WorkshopSession,
) -> None:
    from gaptools.ui.prioritise import UNCERTAINTY
    from tests.support import on_the_page

    said = " ".join(on_the_page(PrioritiseForm(session).widget).split())
    assert UNCERTAINTY.lower() in said


def test_the_text_names_the_stability_column_as_it_is_headed(form: PrioritiseForm) -> None:
    """The note under Uncertainty and the notebook's steps sent the reader to "the Stays
    above in column", in a table whose column is headed otherwise."""
    import json

    from tests.support import shown

    last = re.findall(r"<th>([^<]*)</th>", ranking_html(form))[-1]
    said = html.unescape(shown(form.widget))
    assert f"{last} column" in said
    assert not re.findall(r"'([^']+)' column", said)  # no other name for a column
    notebook = Path(__file__).parents[2] / "notebooks" / "06_prioritise.ipynb"
    guidance = " ".join(
        "".join(cell["source"]) for cell in json.loads(notebook.read_text())["cells"]
    )
    named = re.findall(r"\*\*([^*]+)\*\* column", guidance)
    assert named == [last]
