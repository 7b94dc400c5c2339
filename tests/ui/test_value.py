"""The step 3 form driven as a facilitator would, without a browser.

In the example workshop (18 Nov 2026) the first initiative still to explore is the third,
"Customer support assistant" (no baseline); "Renewal pricing agent" (fifth) has only a metric;
"Call centre agent assist" (eleventh) is complete but in production, so neither deploy-ready nor
explore: the picker marks it ●, as the overview's badge does.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import pytest

from gaptools.core.model import Stage
from gaptools.core.quarter import day_text, planned_quarter
from gaptools.steps.value import value_counts
from gaptools.ui.session import WorkshopSession
from gaptools.ui.value import ValueForm
from tests.support import (
    blocks,
    by_label,
    edited,
    pick,
    picked,
    refused,
    saved,
    session_on,
    shown,
    status_line,
    view,
)

SUPPORT, RENEWAL, CALL_CENTRE, CLAIMS_INTAKE, FRAUD = 2, 4, 10, 0, 3
READY = "✓ deploy-ready"
EXPLORE = "◌ explore"


@pytest.fixture
def form(session: WorkshopSession) -> ValueForm:
    return ValueForm(session)


def field(form: ValueForm, label: str) -> Any:
    return by_label(form.widget, label)


def verdict(form: ValueForm) -> str:
    """The picked initiative's badge, then its value sentence in italics, then the reasons."""
    return html.unescape(view(form.widget, "</span> <i>").value)


def overview(form: ValueForm) -> str:
    return html.unescape(blocks(form.widget, "Exploring is honest work"))


def overview_badge(form: ValueForm, name: str) -> str:
    """The status cell of one initiative's row in the overview table."""
    found = re.search(rf"<tr><td>{re.escape(name)}</td><td>(.*?)</td>", overview(form))
    assert found, f"no overview row for {name}"
    return found.group(1)


def saved_value(path: Path, index: int) -> dict[str, Any]:
    return saved(path)["initiatives"][index]["value"]


def test_the_picker_starts_on_the_first_initiative_to_explore(form: ValueForm) -> None:
    """The first two are deploy-ready; the third has no baseline."""
    assert picked(form) == SUPPORT
    assert form.picker.widget.label == "◌ Customer support assistant"
    assert field(form, "Metric").value == "Customer satisfaction"
    assert field(form, "Baseline (today)").value == ""
    assert field(form, "Target").value == "4.4"
    assert EXPLORE in verdict(form)
    assert "no baseline: measure it first" in verdict(form)
    counts = value_counts(form.session.workshop)
    assert (len(counts.deploy_ready), counts.in_play) == (6, 12)  # 3 in production, 1 killed
    assert "6 of the 12 initiatives in play are deploy-ready" in overview(form)


def test_a_year_typed_digit_by_digit_saves_only_when_whole(
    form: ValueForm, workshop_path: Path
) -> None:
    """The browser's date box sends each date it can make while a year is typed (year 2, 20,
    202, then 2027): each part is refused beside the field, and the file keeps its date."""
    pick(form, RENEWAL)
    for year in (2, 20, 202):
        with refused(form, workshop_path, "write the year in full"):
            field(form, "By (date)").value = dt.date(year, 9, 30)
    field(form, "By (date)").value = dt.date(2027, 9, 30)
    assert saved_value(workshop_path, RENEWAL)["due"] == "2027-09-30"


def test_the_picker_labels_say_which_are_ready(form: ValueForm) -> None:
    labels = [label for label, _ in form.picker.widget.options]
    assert labels[CLAIMS_INTAKE] == "✓ Claims intake copilot"
    assert labels[SUPPORT] == "◌ Customer support assistant"
    ready = value_counts(form.session.workshop).deploy_ready
    assert [label[2:] for label in labels if label.startswith("✓")] == ready


def test_filling_in_an_explore_initiative_makes_it_deploy_ready(
    form: ValueForm, workshop_path: Path
) -> None:
    """Each field is on disk as soon as it is set; the badge turns once the last piece lands."""
    pick(form, RENEWAL)
    assert EXPLORE in verdict(form)
    assert EXPLORE in overview_badge(form, "Renewal pricing agent")
    assert form.picker.widget.label == "◌ Renewal pricing agent"

    field(form, "Metric").value = "Renewal retention rate"
    assert saved_value(workshop_path, RENEWAL)["metric"] == "Renewal retention rate"
    field(form, "Unit").value = "%"
    assert saved_value(workshop_path, RENEWAL)["unit"] == "%"
    field(form, "Baseline (today)").value = "82"
    assert saved_value(workshop_path, RENEWAL)["baseline"] == 82.0
    field(form, "Target").value = "88"
    assert saved_value(workshop_path, RENEWAL)["target"] == 88.0
    assert EXPLORE in verdict(form)  # still no date
    field(form, "By (date)").value = dt.date(2027, 9, 30)
    assert saved_value(workshop_path, RENEWAL)["due"] == "2027-09-30"

    assert READY in verdict(form)
    assert EXPLORE not in verdict(form)
    assert (
        "Move renewal retention rate from 82% to 88% by 30 Sep 2027 (+6 percentage points)"
        in verdict(form)
    )
    assert READY in overview_badge(form, "Renewal pricing agent")
    assert "7 of the 12 initiatives in play are deploy-ready" in overview(form)
    assert form.picker.widget.label == "✓ Renewal pricing agent"
    assert picked(form) == RENEWAL
    assert field(form, "Metric").value == "Renewal retention rate"
    assert "Saved" in status_line(form)


def test_text_in_a_number_box_is_explained_and_changes_nothing(
    form: ValueForm, workshop_path: Path
) -> None:
    pick(form, CLAIMS_INTAKE)
    box = field(form, "Baseline (today)")
    with refused(form, workshop_path, "Not saved", "'abc' is not a number"):
        box.value = "abc"
    assert box.value == "abc"
    assert "'abc' is not a number" in form.form.message_of(box).value
    assert READY in verdict(form)


@pytest.mark.parametrize(("typed", "number"), [("1,200", 1200.0), ("-2.5", -2.5), ("~35", 35.0)])
def test_numbers_are_read_as_people_type_them(
    form: ValueForm, workshop_path: Path, typed: str, number: float
) -> None:
    field(form, "Baseline (today)").value = typed
    assert saved_value(workshop_path, SUPPORT)["baseline"] == number


def test_money_is_read_as_a_budget_writes_it(form: ValueForm, workshop_path: Path) -> None:
    """ "£1.5m" and "900k" were refused as not numbers, while "£1,500,000" was taken."""
    pick(form, FRAUD)
    field(form, "Target").value = "£1.5m"
    field(form, "Baseline (today)").value = "900k"
    stored = saved_value(workshop_path, FRAUD)
    assert (stored["unit"], stored["baseline"], stored["target"]) == ("GBP", 900_000, 1_500_000)
    assert field(form, "Target").value == "1.5 million"
    assert "£1.2m" in field(form, "Target").placeholder  # the hint says so


def test_minutes_typed_as_45m_are_not_read_as_45_million(
    form: ValueForm, workshop_path: Path
) -> None:
    """With the unit in minutes, "45m" was stored as 45,000,000: a time written with its
    own letter is refused, saying how it was read and what to type."""
    pick(form, FRAUD)
    field(form, "Unit").value = "minutes"
    with refused(form, workshop_path, "Not saved", "'45m' reads as 45 million", "type 45"):
        field(form, "Baseline (today)").value = "45m"
    field(form, "Unit").value = "GBP"
    field(form, "Baseline (today)").value = "£45m"  # in pounds, a budget's million
    assert saved_value(workshop_path, FRAUD)["baseline"] == 45_000_000


def test_a_number_refused_says_what_would_work(form: ValueForm, workshop_path: Path) -> None:
    with refused(form, workshop_path, "Not saved", "type it as 1200000, 1.2m or £1.2m"):
        field(form, "Baseline (today)").value = "£1.2q"


def test_a_percentage_typed_with_no_unit_gives_the_unit(
    form: ValueForm, workshop_path: Path
) -> None:
    """A leader typed "60%" and "85 %": the boxes kept 60 and 85, the unit stayed empty and
    the sentence said "+42%" where they meant 25 percentage points."""
    field(form, "Metric").value = "Tickets resolved at first contact"
    field(form, "Unit").value = "points"
    field(form, "Unit").value = ""  # saved from this page: the unit it knows is empty
    field(form, "Baseline (today)").value = "60%"
    # The unit this save set is this page's own: not "changed elsewhere".
    assert "changed elsewhere" not in status_line(form)
    field(form, "Target").value = "85 %"
    stored = saved_value(workshop_path, SUPPORT)
    assert (stored["unit"], stored["baseline"], stored["target"]) == ("%", 60, 85)
    assert field(form, "Unit").value == "%"
    assert "+25 percentage points" in shown(form.widget)
    assert "changed elsewhere" not in status_line(form)


def test_a_number_typed_in_another_unit_is_refused(form: ValueForm, workshop_path: Path) -> None:
    """The support assistant's CSAT points: "35%" is a question, not 35 points."""
    box = field(form, "Baseline (today)")
    with refused(form, workshop_path, "Not saved", "typed in %, but the unit is 'CSAT points'"):
        box.value = "35%"
    assert box.value == "35%"


def test_a_thousand_is_shown_with_its_comma(form: ValueForm) -> None:
    box = field(form, "Baseline (today)")
    box.value = "1200"
    assert box.value == "1,200"


def test_clearing_the_baseline_saves_none(form: ValueForm, workshop_path: Path) -> None:
    pick(form, CLAIMS_INTAKE)
    field(form, "Baseline (today)").value = ""
    assert saved_value(workshop_path, CLAIMS_INTAKE)["baseline"] is None
    assert EXPLORE in verdict(form)
    assert "no baseline: measure it first" in verdict(form)
    assert form.picker.widget.label == "◌ Claims intake copilot"


def test_who_measures_and_the_guardrail_are_saved(form: ValueForm, workshop_path: Path) -> None:
    field(form, "Who measures it").value = "Customer insight team"
    field(form, "Guardrail").value = "Complaints per 1,000 contacts"
    value = saved_value(workshop_path, SUPPORT)
    assert value["measured_by"] == "Customer insight team"
    assert value["guardrail"] == "Complaints per 1,000 contacts"
    assert "no guardrail" not in verdict(form)


def test_lead_measures_are_saved_as_a_list_without_blanks(
    form: ValueForm, workshop_path: Path
) -> None:
    assert saved_value(workshop_path, SUPPORT)["lead_measures"] == []
    field(form, "Lead measure 1").value = "Chats answered by the assistant"
    assert saved_value(workshop_path, SUPPORT)["lead_measures"] == [
        "Chats answered by the assistant"
    ]
    field(form, "Lead measure 2").value = "Hand-offs to an agent"
    assert saved_value(workshop_path, SUPPORT)["lead_measures"] == [
        "Chats answered by the assistant",
        "Hand-offs to an agent",
    ]
    assert "no lead measure" not in verdict(form)
    field(form, "Lead measure 1").value = "  "
    assert saved_value(workshop_path, SUPPORT)["lead_measures"] == ["Hand-offs to an agent"]


def test_a_second_lead_measure_alone_is_saved_without_a_blank_first(
    form: ValueForm, workshop_path: Path
) -> None:
    field(form, "Lead measure 2").value = "Hand-offs to an agent"
    assert saved_value(workshop_path, SUPPORT)["lead_measures"] == ["Hand-offs to an agent"]


def test_editing_a_lead_measure_keeps_the_others(workshop_path: Path) -> None:
    """A file may hold up to five lead measures (a merge, an import, a hand edit); changing
    the first in the form must not silently drop the third."""
    three = ["First", "Second", "Third"]
    edited(workshop_path, lambda d: d["initiatives"][SUPPORT]["value"].update(lead_measures=three))
    form = ValueForm(session_on(workshop_path))
    field(form, "Lead measure 1").value = "First, reworded"
    assert saved_value(workshop_path, SUPPORT)["lead_measures"] == [
        "First, reworded",
        "Second",
        "Third",
    ]


def test_choosing_another_initiative_refreshes_every_field(form: ValueForm) -> None:
    pick(form, CALL_CENTRE)
    shown = {w.description: w.value for w in form.fields}
    assert shown == {
        "Metric": "Average handle time",
        "Unit": "seconds",
        "Baseline (today)": "420",
        "Target": "360",
        "By (date)": dt.date(2027, 3, 31),
        "Who measures it": "Contact centre workforce team",
        "Lead measure 1": "Share of calls with assist opened",
        "Lead measure 2": "",
        "Guardrail": "Customer satisfaction after the call",
    }
    assert "● in production" in verdict(form)  # decided already: neither ready nor explore
    assert "Move average handle time from 420 to 360 seconds by 31 Mar 2027 (−14%)" in verdict(form)
    pick(form, RENEWAL)
    shown = {w.description: w.value for w in form.fields}
    assert shown == {
        "Metric": "Renewal retention",
        "Unit": "",
        "Baseline (today)": "",
        "Target": "",
        "By (date)": None,
        "Who measures it": "",
        "Lead measure 1": "",
        "Lead measure 2": "",
        "Guardrail": "",
    }


def test_choosing_does_not_write(form: ValueForm, workshop_path: Path) -> None:
    """Refreshing the fields for another initiative is not an edit."""
    before = workshop_path.read_bytes()
    for index in (CALL_CENTRE, RENEWAL, CLAIMS_INTAKE, SUPPORT):
        pick(form, index)
    assert workshop_path.read_bytes() == before


def test_an_edit_goes_to_the_chosen_initiative_only(form: ValueForm, workshop_path: Path) -> None:
    before = saved(workshop_path)["initiatives"]
    pick(form, CALL_CENTRE)
    field(form, "Target").value = "330"
    after = saved(workshop_path)["initiatives"]
    assert after[CALL_CENTRE]["value"]["target"] == 330.0
    assert [i for n, i in enumerate(after) if n != CALL_CENTRE] == [
        i for n, i in enumerate(before) if n != CALL_CENTRE
    ]


def test_undo_restores_file_and_fields(form: ValueForm, workshop_path: Path) -> None:
    before = saved(workshop_path)
    field(form, "Metric").value = "Share of chats resolved without an agent"
    field(form, "Baseline (today)").value = "4.1"
    assert READY in verdict(form)
    form.form.undo_button.click()
    form.form.undo_button.click()
    assert saved(workshop_path) == before
    assert field(form, "Metric").value == "Customer satisfaction"
    assert field(form, "Baseline (today)").value == ""
    assert EXPLORE in verdict(form)
    assert form.picker.widget.label == "◌ Customer support assistant"
    assert picked(form) == SUPPORT


def test_a_change_and_its_undo_name_the_initiative(form: ValueForm, workshop_path: Path) -> None:
    """Step 3 said "Saved · Target" and "undone: Target": an Undo pressed with another
    initiative on screen took back the first one's target without naming it."""
    field(form, "Target").value = "85"
    assert "Target of Customer support assistant" in status_line(form)
    others = [o for o in form.picker.widget.options if o[1] != picked(form)]
    form.picker.widget.value = others[0][1]
    form.form.undo_button.click()
    assert "Target of Customer support assistant" in status_line(form)


# -- out of play is never explore ----------------------------------------------------------------
def out_of_play(form: ValueForm) -> dict[int, str]:
    """Index and verdict word of each production or killed initiative of the example."""
    words = {Stage.PRODUCTION: "in production", Stage.KILLED: "killed"}
    initiatives = form.session.workshop.initiatives
    return {n: words[i.stage] for n, i in enumerate(initiatives) if i.stage in words}


def test_the_picker_marks_production_and_killed_by_their_stage(form: ValueForm) -> None:
    """Production ones are ●, killed ones –: never ◌ 'to explore', and a production one's
    value is not counted deploy-ready either."""
    found = out_of_play(form)
    assert set(found.values()) == {"in production", "killed"}  # the example has both
    labels = [label for label, _ in form.picker.widget.options]
    for index, word in found.items():
        assert labels[index][0] == ("●" if word == "in production" else "–"), labels[index]


def test_the_verdict_and_overview_of_production_and_killed_never_say_explore(
    form: ValueForm,
) -> None:
    workshop = form.session.workshop
    for index, word in out_of_play(form).items():
        pick(form, index)
        name = workshop.initiatives[index].name
        assert word in verdict(form)
        assert EXPLORE not in verdict(form)
        assert "Still to explore" not in verdict(form)
        assert EXPLORE not in overview_badge(form, name)
        assert word in overview_badge(form, name)


def test_a_production_one_with_gaps_shows_its_value_but_no_gaps(form: ValueForm) -> None:
    """Its sentence is shown as given ('…' where a piece is missing); the gaps are not a list
    of things to explore, because it is already running."""
    pick(form, CALL_CENTRE)
    field(form, "Baseline (today)").value = ""
    assert "● in production" in verdict(form)
    assert "Move average handle time from … to 360 seconds by 31 Mar 2027" in verdict(form)
    assert "no baseline" not in verdict(form)
    assert (
        "no baseline"
        not in overview(form).split("Call centre agent assist", 1)[1].split("</tr>", 1)[0]
    )
    assert form.picker.widget.label == "● Call centre agent assist"


def test_a_killed_one_is_not_to_explore(form: ValueForm) -> None:
    killed = next(n for n, word in out_of_play(form).items() if word == "killed")
    pick(form, killed)
    assert "– killed" in verdict(form)
    assert "nothing to explore" in verdict(form)
    assert "Worth asking" not in verdict(form)


def test_a_vague_metric_without_a_unit_is_explore_in_the_form(form: ValueForm) -> None:
    """'Productivity' with numbers and a date is still not measurable until it has a unit."""
    pick(form, RENEWAL)
    field(form, "Metric").value = "Productivity"
    field(form, "Baseline (today)").value = "100"
    field(form, "Target").value = "120"
    field(form, "By (date)").value = dt.date(2027, 6, 30)
    assert EXPLORE in verdict(form)
    assert "'Productivity' is not measurable yet" in verdict(form)
    assert form.picker.widget.label == "◌ Renewal pricing agent"
    field(form, "Unit").value = "orders per picker-hour"
    assert READY in verdict(form)
    assert form.picker.widget.label == "✓ Renewal pricing agent"


def test_a_vague_metric_is_not_made_measurable_by_a_per_cent_typed_with_it(
    form: ValueForm, workshop_path: Path
) -> None:
    """'productivity' with a baseline typed "about 10%": the unit was read as "%", and the
    vague metric passed as measurable. A per cent says how a number is written, not what
    is counted."""
    pick(form, RENEWAL)
    field(form, "Metric").value = "productivity"
    field(form, "Baseline (today)").value = "about 10%"
    field(form, "Target").value = "20"
    field(form, "By (date)").value = dt.date(2027, 6, 30)
    assert saved(workshop_path)["initiatives"][RENEWAL]["value"]["unit"] == "%"
    assert EXPLORE in verdict(form)
    assert "'productivity' is not measurable yet: a share of what? Say what is counted" in (
        verdict(form)
    )
    field(form, "Unit").value = "% of orders shipped the same day"
    assert READY in verdict(form)


def test_a_date_before_the_quarter_the_workshop_plans_is_worth_asking(
    form: ValueForm, session: WorkshopSession
) -> None:
    """A value carried over from last quarter, due before the quarter this workshop plans:
    after the workshop, so deploy-ready, and the form asked nothing."""
    quarter = planned_quarter(session.latest().meta)
    early = quarter.start - dt.timedelta(days=2)
    pick(form, CALL_CENTRE)
    field(form, "By (date)").value = early
    said = verdict(form)
    assert "Worth asking" in said
    assert f"the date ({day_text(early)}) is before {quarter.label} starts" in said
    field(form, "By (date)").value = quarter.start
    assert quarter.label not in verdict(form)
