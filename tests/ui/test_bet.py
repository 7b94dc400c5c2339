"""The step 7 form, driven as a facilitator and the leaders would, without a browser."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import ipywidgets as widgets
import pytest

from gaptools.steps import secret
from gaptools.steps.voting import open_voting, reveal
from gaptools.ui.bet import NO_BET, BetForm
from gaptools.ui.session import WorkshopSession
from tests import support
from tests.support import (
    BET,
    all_widgets,
    by_label,
    labelled,
    refused,
    saved,
    shown,
    status_line,
)


@pytest.fixture
def form(session: WorkshopSession) -> BetForm:
    return BetForm(session)


def dot_box(form: BetForm, initiative: str) -> widgets.Dropdown:
    """The ballot's menu for ``initiative``: labelled with its name, marked when above the line."""
    marked = f"{initiative} (above the line)"
    [box] = labelled(form.dot_boxes, initiative) + labelled(form.dot_boxes, marked)
    return box


def vote(form: BetForm, voter: str, dots: dict[str, int]) -> None:
    form.voter.value = voter
    for name, count in dots.items():
        dot_box(form, name).value = count
    form.cast_ballot()


def open_vote(form: BetForm, mode: str) -> None:
    form.mode.value = mode
    form.act(open_voting, "open")


def test_gut_check_is_recorded_and_counted(form: BetForm, workshop_path: Path) -> None:
    form.gut_leader.value = "Dana Whitfield"
    form.gut_pick.value = BET
    form.gut_instant.value = False
    form.record_gut()
    [gut] = saved(workshop_path)["gut_checks"]
    assert gut.pop("id")
    assert gut == {"participant": "Dana Whitfield", "initiative": BET, "instantly": False}
    assert "0 of 1 leader named their bet at once" in shown(form.widget)


def test_ballots_stay_hidden_until_the_reveal(form: BetForm, workshop_path: Path) -> None:
    open_vote(form, "named")
    vote(form, "Dana Whitfield", {BET: 2, "Fraud signal analytics": 1})
    assert "Thank you, Dana Whitfield" in form.thanks.value
    assert "Hidden until the facilitator reveals the votes." in shown(form.widget)
    assert "1 voted:</b> Dana Whitfield" in shown(form.widget)
    assert dot_box(form, BET).value == 0  # the ballot is cleared for the next leader
    form.act(reveal, "reveal")
    assert "Dots from 1 ballot<" in shown(form.widget)


def test_too_many_dots_are_refused_and_nothing_is_saved(form: BetForm, workshop_path: Path):
    open_vote(form, "named")
    with refused(form, workshop_path, "Not saved", "4 dots placed; each leader has 3"):
        vote(form, "Dana Whitfield", {BET: 2, "Fraud signal analytics": 2})


def test_anonymous_ballots_are_sealed_here_until_the_reveal(
    form: BetForm, workshop_path: Path
) -> None:
    """The file learns who voted as they vote, and the ballots only at the reveal, with no
    name; a leader can change their ballot at this screen."""
    open_vote(form, "anonymous")
    vote(form, "Priya Raman", {BET: 1})
    vote(form, "Priya Raman", {"Fraud signal analytics": 2})
    vote(form, "Tom Okafor", {BET: 2})
    voting = saved(workshop_path)["voting"]
    assert voting["voted"] == ["Priya Raman", "Tom Okafor"]
    assert voting["ballots"] == []
    assert "2 voted:</b> Priya Raman, Tom Okafor" in shown(form.widget)
    form.act(reveal, "reveal")
    voting = saved(workshop_path)["voting"]
    assert sorted(str(b["dots"]) for b in voting["ballots"]) == [
        str({BET: 2}),
        str({"Fraud signal analytics": 2}),
    ]
    assert "Priya" not in json.dumps(voting["ballots"])
    assert "Dots from 2 ballots<" in shown(form.widget)


def test_the_form_says_plainly_that_a_restart_loses_anonymous_ballots(form: BetForm) -> None:
    said = shown(form.widget)
    assert "Anonymous:" in said
    assert "kernel restarts before the reveal, those ballots are lost" in said


def test_another_notebook_is_not_offered_an_anonymous_ballot(
    form: BetForm, workshop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A leader's own notebook does not hold the sealed box: it says where to vote instead,
    its button is off, and a ballot forced through is refused with the same words."""
    open_vote(form, "anonymous")
    assert "This vote is anonymous" not in shown(form.widget)  # the screen that opened it
    monkeypatch.setattr(secret, "_boxes", {})  # what a leader's own kernel holds
    elsewhere = BetForm(support.session_on(workshop_path))
    assert "This vote is anonymous, so ballots are cast only at" in shown(elsewhere.widget)
    [caster] = [
        w
        for w in all_widgets(elsewhere.widget)
        if getattr(w, "description", "") == "Cast my ballot"
    ]
    assert caster.disabled
    with refused(elsewhere, workshop_path, "pass the laptop"):
        vote(elsewhere, "Dana Whitfield", {BET: 1})


def test_named_ballots_can_be_cast_from_any_notebook(
    form: BetForm, workshop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_vote(form, "named")
    monkeypatch.setattr(secret, "_boxes", {})
    elsewhere = BetForm(support.session_on(workshop_path))
    assert "This vote is anonymous" not in shown(elsewhere.widget)
    vote(elsewhere, "Dana Whitfield", {BET: 1})
    assert saved(workshop_path)["voting"]["ballots"][0]["voter"] == "Dana Whitfield"


def test_decision_and_card_complete(form: BetForm, workshop_path: Path) -> None:
    form.choice.value = BET
    form.decider.value = "Dana Whitfield"
    form.confirm()
    assert saved(workshop_path)["bet"]["initiative"] == BET
    assert "◌ incomplete" in shown(form.widget)
    by_label(form.widget, "First cycle ends").value = dt.date(2026, 12, 23)
    by_label(form.widget, "Debrief dates").value = "2026-12-09, 23/12/2026"
    by_label(form.widget, "Kill criteria").value = "Intake time not below 16 minutes by 23 Dec"
    by_label(form.widget, "Stopped or paused").value = ("Meeting notes copilot",)
    by_label(form.widget, "Readiness gaps").value = ("Monitoring", "Evaluation")
    bet = saved(workshop_path)["bet"]
    assert bet["debrief_dates"] == ["2026-12-09", "2026-12-23"]
    assert bet["readiness_gaps"] == ["Monitoring", "Evaluation"]
    assert "✓ complete" in shown(form.widget)


def test_bad_debrief_dates_are_explained(form: BetForm, workshop_path: Path) -> None:
    box = by_label(form.widget, "Debrief dates")
    with refused(form, workshop_path, "'next Tuesday' is not a date"):
        box.value = "next Tuesday"
    assert box.value == ""


def test_no_bet_yet_lists_what_to_explore(form: BetForm, workshop_path: Path) -> None:
    form.choice.value = NO_BET
    form.decider.value = "Dana Whitfield"
    form.confirm()
    assert saved(workshop_path)["bet"]["no_bet_yet"] is True
    assert "No bet yet." in shown(form.widget)
    assert "no bet yet: list what to explore instead" in shown(form.widget)


def test_explore_items_are_added_and_removed_by_name(form: BetForm, workshop_path: Path) -> None:
    form.new_question.value = "Measure today's handling time"
    form.new_by.value = dt.date(2026, 12, 18)
    form.add_explore()
    form.new_question.value = "Find a sponsor in operations"
    form.add_explore()
    items = saved(workshop_path)["bet"]["explore_next"]
    assert [i["question"] for i in items] == [
        "Measure today's handling time",
        "Find a sponsor in operations",
    ]
    assert items[0]["by"] == "2026-12-18"
    form.remove_explore(items[0]["id"])
    assert [i["question"] for i in saved(workshop_path)["bet"]["explore_next"]] == [
        "Find a sponsor in operations"
    ]
    assert "removed 'Measure today's handling time'" in status_line(form)
