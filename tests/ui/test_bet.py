"""The step 7 form, driven as a facilitator and the leaders would, without a browser."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import ipywidgets as widgets
import pytest

from gaptools.core.model import AutonomyLevel, Workshop
from gaptools.core.quarter import day_text, following, quarter_of
from gaptools.files import store
from gaptools.steps import secret
from gaptools.steps.bet import decide
from gaptools.steps.voting import open_voting, reveal
from gaptools.ui.bet import NO_BET, BetForm
from gaptools.ui.session import WorkshopSession
from tests import support
from tests.support import (
    BET,
    DAY,
    all_widgets,
    by_label,
    labelled,
    press_enter,
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


def test_a_gut_check_with_no_leader_says_so_in_words(form: BetForm, workshop_path: Path) -> None:
    """ "gut check of : say whose gut check this is" for an empty Leader box."""
    form.gut_leader.value = " "
    form.gut_pick.value = BET
    with refused(form, workshop_path, "gut check of (no name): say whose gut check this is"):
        form.record_gut()


def test_ballots_from_phones_are_counted_on_the_form(form: BetForm, workshop_path: Path) -> None:
    """Three phones' ballots revealed by the room: the form said '0 voted: nobody yet' right
    above 'Dots from 3 ballots'. It counts the ballots, and says the unnamed ones came from
    phones; while the vote is open it says where ballots from phones are counted."""
    from gaptools.room.questions import Dots
    from gaptools.room.writing import anonymous_reveal

    open_vote(form, "anonymous")
    assert "counted in the room's panel" in shown(form.widget)
    phones = [{BET: 1}, {"Fraud signal analytics": 1}, {BET: 1}]
    ballots = [Dots(tuple(sorted(d.items()))) for d in phones]
    store.edit(workshop_path, anonymous_reveal(ballots))
    assert form.session.poll()
    assert "3 voted:</b> 3 from phones" in shown(form.widget)
    assert "nobody yet" not in shown(form.widget)


def test_a_refused_ballot_says_why_under_its_button(form: BetForm) -> None:
    """With the vote not open, "Cast my ballot" said why only in the status line, a screen
    above the button at 1366×768: nothing changed where the leader was looking."""
    vote(form, "Dana Whitfield", {BET: 1})
    said = html.unescape(form.thanks.value)
    assert "gaptools-said refused" in said
    assert "the vote is not open" in said


def test_ballots_stay_hidden_until_the_reveal(form: BetForm, workshop_path: Path) -> None:
    open_vote(form, "named")
    vote(form, "Dana Whitfield", {BET: 2, "Fraud signal analytics": 1})
    assert "Thank you, Dana Whitfield" in form.thanks.value
    assert "Hidden until the facilitator reveals the votes." in shown(form.widget)
    assert "1 voted:</b> Dana Whitfield" in shown(form.widget)
    assert dot_box(form, BET).value == 0  # the ballot is cleared for the next leader
    form.act(reveal, "reveal")
    assert "Dots from 1 ballot<" in shown(form.widget)
    assert form.thanks.value == ""  # "hidden until the reveal" is no longer true


def test_the_ballot_lists_the_initiatives_in_step_6s_order(form: BetForm) -> None:
    """A ballot of 55 menus in the portfolio's order sent each leader hunting for the few the
    room had discussed: step 6's ranking comes first, those above the line at the top."""
    from gaptools.steps.prioritise import rank

    workshop = form.session.workshop
    ranking = rank(workshop, stability=False)
    assert ranking.above
    menus = [
        w.description.removesuffix(" (above the line)")
        for w in all_widgets(form.dot_boxes)
        if isinstance(w, widgets.Dropdown)
    ]
    ranked = [s.name for s in ranking.ranked]
    assert menus[: len(ranked)] == ranked
    assert sorted(menus[len(ranked) :]) == sorted(
        i.name for i in workshop.live_initiatives() if i.name not in ranked
    )
    assert [i.name for i in workshop.live_initiatives()] != menus  # not the portfolio's order


def test_the_results_name_the_front_runner(form: BetForm) -> None:
    """ "The leader holds 67%" read as a person, in a room of leaders: the initiative is named."""
    leaders = [p.name for p in form.session.workshop.meta.participants]
    open_vote(form, "named")
    vote(form, leaders[0], {BET: 2, "Fraud signal analytics": 1})
    form.act(reveal, "reveal")
    assert f"{BET} holds 67% of the dots; 2 initiatives got dots" in shown(form.widget)


def test_the_spread_says_it_is_among_the_initiatives_that_got_dots(form: BetForm) -> None:
    """Dots even among a few of many initiatives read "spread 1.00 (0 = all on one, 1 =
    evenly spread)", as if the room had not made up its mind; the few are said."""
    leaders = [p.name for p in form.session.workshop.meta.participants]
    open_vote(form, "named")
    vote(form, leaders[0], {BET: 1, "Fraud signal analytics": 1})
    vote(form, leaders[1], {BET: 1, "Fraud signal analytics": 1})
    form.act(reveal, "reveal")
    said = shown(form.widget)
    assert "2 initiatives got dots, spread 1.00 among them (0 = all on one, 1 = evenly" in said
    assert "evenly spread" not in said


def test_a_tie_is_said_as_one(form: BetForm) -> None:
    """ "The leader holds 50%" hid that another initiative held as many."""
    leaders = [p.name for p in form.session.workshop.meta.participants]
    open_vote(form, "named")
    vote(form, leaders[0], {BET: 1, "Fraud signal analytics": 1})
    form.act(reveal, "reveal")
    assert "2 initiatives tie for the most dots, 50% each; 2 initiatives got" in shown(form.widget)
    assert "The leader holds" not in shown(form.widget)


def test_revealing_here_counts_the_ballots_sent_from_phones(
    form: BetForm, workshop_path: Path
) -> None:
    """With the room's vote open in this kernel, the phones' anonymous ballots are held by
    the room: "Reveal the votes" in the form reveals them with the others, as the room's own
    button does, rather than refusing ("nobody has voted yet") or leaving them out."""
    from gaptools.room import Kind
    from gaptools.ui import room as room_ui
    from tests.room.phone import Phone

    open_vote(form, "anonymous")
    panel = room_ui.RoomPanel(workshop_path, room_ui.STEP_KINDS["bet"])
    panel.open_room()
    try:
        room = room_ui.current_room()
        assert room is not None
        panel.ask_question(Kind.VOTE)
        phones = [Phone(room) for _ in range(3)]
        for phone, field in zip(phones, ("dots-0", "dots-1", "dots-2"), strict=True):
            phone.join_by_code(room.code)
            phone.answer({field: "1"})
            phone.close()
        form.reveal_votes()
        voting = saved(workshop_path)["voting"]
        assert voting["phase"] == "revealed"
        assert len(voting["ballots"]) == 3
        assert "Votes revealed, with the ballots sent from phones" in status_line(form)
    finally:
        panel.close_room()
    assert room_ui.current_room() is None


def test_the_ballots_menus_share_one_look(form: BetForm) -> None:
    """A menu per initiative: at 200 initiatives, a layout and a style of each menu's own
    were 400 messages more as the step opened."""
    menus = [w for w in form.dot_boxes.children if isinstance(w, widgets.Dropdown)]
    assert len(menus) > 1
    assert len({id(m.layout) for m in menus}) == 1
    assert len({id(m.style) for m in menus}) == 1
    assert (menus[0].layout.width, menus[0].style.description_width) == ("32em", "24em")


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
    # Phones' ballots are in the room's panel until the reveal: "0 voted" read as nobody.
    assert "0 voted at this screen:</b> nobody yet" in shown(form.widget)
    vote(form, "Priya Raman", {BET: 1})
    vote(form, "Priya Raman", {"Fraud signal analytics": 2})
    vote(form, "Tom Okafor", {BET: 2})
    vote(form, "Dana Whitfield", {BET: 1})
    voting = saved(workshop_path)["voting"]
    assert voting["voted"] == ["Dana Whitfield", "Priya Raman", "Tom Okafor"]
    assert voting["ballots"] == []
    assert "3 voted at this screen:</b> Dana Whitfield, Priya Raman, Tom Okafor" in shown(
        form.widget
    )
    form.act(reveal, "reveal")
    voting = saved(workshop_path)["voting"]
    assert sorted(str(b["dots"]) for b in voting["ballots"]) == sorted(
        [str({BET: 2}), str({BET: 1}), str({"Fraud signal analytics": 2})]
    )
    assert "Priya" not in json.dumps(voting["ballots"])
    assert "Dots from 3 ballots<" in shown(form.widget)


def test_the_form_says_plainly_that_a_restart_loses_anonymous_ballots(form: BetForm) -> None:
    said = shown(form.widget)
    assert "Anonymous:" in said
    assert (
        "If this notebook restarts (in Voilà: if this page is reloaded or closed) before the "
        in said
    )
    assert "reveal, those ballots are lost" in said


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


def test_a_page_reloaded_after_anonymous_ballots_says_they_are_lost_beside_reveal(
    form: BetForm, workshop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reloaded in Voilà with three ballots cast, the facilitator's page said only "Not here:
    ballots are cast only at the screen where the facilitator opened it", and Reveal's
    refusal appeared far above: the way out (reset, vote again) was nowhere near."""
    open_vote(form, "anonymous")
    vote(form, "Priya Raman", {BET: 1})
    vote(form, "Tom Okafor", {BET: 2})
    assert "This page does not hold these ballots" not in shown(form.widget)
    monkeypatch.setattr(secret, "_boxes", {})  # the page reloaded: a new kernel
    reloaded = BetForm(support.session_on(workshop_path))
    phase = next(
        w.value
        for w in all_widgets(reloaded.widget)
        if isinstance(w, widgets.HTML) and "2 voted at this screen:</b>" in w.value
    )
    assert "they were lost when it was reloaded or restarted: press Reset the vote" in phase


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
    # Decided today, for the coming quarter: once the example's own (Q1 2027) is over, a
    # bet decided today would be a bet for a quarter gone.
    ahead = following(quarter_of(dt.date.today()), 1).ref()
    assert form.session.update(lambda w: setattr(w.meta, "planned_quarter", ahead), "q").ok
    form.choice.value = BET
    form.decider.value = "Dana Whitfield"
    form.confirm()
    assert saved(workshop_path)["bet"]["initiative"] == BET
    assert "◌ incomplete" in shown(form.widget)
    # The cycle starts on the day of the decision, which is today once the workshop is past.
    start = dt.date.fromisoformat(saved(workshop_path)["bet"]["decided_on"])
    middle, end = start + dt.timedelta(weeks=3), start + dt.timedelta(weeks=5)
    by_label(form.widget, "First cycle ends").value = end
    by_label(form.widget, "Debrief dates").value = f"{middle.isoformat()}, {end:%d %b %Y}"
    by_label(form.widget, "Kill criteria").value = "Intake time not below 16 minutes by the end"
    by_label(form.widget, "Stopped or paused").value = ("Meeting notes copilot",)
    by_label(form.widget, "Readiness gaps").value = ("Monitoring", "Evaluation")
    bet = saved(workshop_path)["bet"]
    assert bet["debrief_dates"] == [middle.isoformat(), end.isoformat()]
    assert bet["readiness_gaps"] == ["Monitoring", "Evaluation"]
    said = shown(form.widget)
    assert "✓ complete" in said
    # One date, written one way: the card said "on 2026-12-01" under "on 1 Dec 2026".
    assert not re.search(r"decided by [^<]*? on \d{4}-\d{2}-\d{2}", said)
    when = day_text(dt.date.fromisoformat(bet["decided_on"]))
    assert f"Accountable: Priya Raman · decided by Dana Whitfield on {when}" in said


def test_a_cycle_that_waits_for_the_quarter_is_set_on_the_card(
    form: BetForm, workshop_path: Path
) -> None:
    """An end date seven weeks after the decision was refused, with no way to say that the
    cycle starts later. The card takes its start, says what end it allows, and counts the
    six weeks from there."""
    assert "The first cycle starts" not in shown(form.widget)  # no decision to count from
    form.choice.value = BET
    form.decider.value = "Dana Whitfield"
    form.confirm()
    decided = dt.date.fromisoformat(saved(workshop_path)["bet"]["decided_on"])
    # Ten days on is always within two weeks of the decision or of the quarter's start.
    start, end = decided + dt.timedelta(days=10), decided + dt.timedelta(weeks=7)
    by_label(form.widget, "First cycle ends").value = end
    assert "longer than 6 weeks" in shown(form.widget)
    assert f"starts on {day_text(decided)}, the day of the decision" in shown(form.widget)
    by_label(form.widget, "First cycle starts").value = start
    assert saved(workshop_path)["bet"]["first_cycle_start"] == start.isoformat()
    said = shown(form.widget)
    assert "longer than 6 weeks" not in said
    latest = day_text(start + dt.timedelta(weeks=6))
    assert f"starts on {day_text(start)}, as set on the card, and may end on {latest}" in said


def test_bad_debrief_dates_are_explained(form: BetForm, workshop_path: Path) -> None:
    box = by_label(form.widget, "Debrief dates")
    with refused(form, workshop_path, "'next Tuesday' is not a date"):
        box.value = "next Tuesday"


def test_a_debrief_date_that_reads_two_ways_is_asked_not_guessed(
    form: BetForm, workshop_path: Path
) -> None:
    """The card's date pickers show month first in a browser set to the United States;
    "04/05/2027, 04/12/2027", typed for 5 and 12 April, was kept as 4 May and 4 December.
    A date only one way round is read that way round."""
    box = by_label(form.widget, "Debrief dates")
    with refused(form, workshop_path, "'04/05/2027' could be 5 Apr 2027 or 4 May 2027"):
        box.value = "04/05/2027, 04/12/2027"
    box.value = "04/30/2027, 30/04/2027, 2027-05-04"
    assert saved(workshop_path)["bet"]["debrief_dates"] == [
        "2027-04-30",
        "2027-04-30",
        "2027-05-04",
    ]


def test_no_bet_yet_lists_what_to_explore(form: BetForm, workshop_path: Path) -> None:
    form.choice.value = NO_BET
    form.decider.value = "Dana Whitfield"
    form.confirm()
    assert saved(workshop_path)["bet"]["no_bet_yet"] is True
    assert "No bet yet." in shown(form.widget)
    assert "with no bet yet, list what to explore instead" in shown(form.widget)


def test_explore_items_are_added_and_removed_by_name(form: BetForm, workshop_path: Path) -> None:
    form.new_question.value = "Measure today's handling time"
    form.new_by.value = dt.date(2026, 12, 18)
    form.add_explore()
    form.new_question.value = "Find a sponsor in operations"
    press_enter(form.new_question)  # as Add does
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


def test_an_explore_item_with_nothing_to_find_out_is_refused(
    form: BetForm, workshop_path: Path
) -> None:
    """Add with the box empty saved "to explore: (nothing)", and the canvas printed a bare
    "(by no date yet)" bullet to the CEO."""
    form.new_by.value = dt.date(2026, 12, 18)
    with refused(form, workshop_path, "say what you will find out"):
        form.new_question.value = "   "
        form.add_explore()
    assert saved(workshop_path)["bet"]["explore_next"] == []


# -- the decision as recorded: shown, kept, changed on record --------------------------------

OTHER = "Fraud signal analytics"


@pytest.fixture
def decided_path(workshop_path: Path) -> Path:
    """The workshop file holding a complete bet, decided by Dana Whitfield on 18 Nov 2026."""
    store.save(support.complete_bet(), workshop_path)
    return workshop_path


def read(form: BetForm) -> str:
    """What the form says as a person reads it: its views' text without the markup."""
    return re.sub(r"<[^>]+>", "", shown(form.widget))


def inputs_shown(form: BetForm) -> bool:
    """Whether the inputs for deciding are on screen (not just built)."""
    return bool(labelled(form.widget, "Our bet")) and bool(labelled(form.widget, "Decided by"))


def button_called(form: BetForm, words: str) -> widgets.Button:
    [found] = [
        w
        for w in all_widgets(form.widget)
        if isinstance(w, widgets.Button) and w.description == words and w.layout.display != "none"
    ]
    return found


def test_reopening_after_a_decision_shows_it(decided_path: Path) -> None:
    """The reported bug: the reopened form said 'No bet yet' with an empty 'Decided by'."""
    form = BetForm(support.session_on(decided_path))
    said = read(form)
    assert f"Decided: {BET}" in said
    assert "Decided by Dana Whitfield on 18 Nov 2026" in said
    assert f"Options considered: {BET}, {OTHER}" in said
    assert not inputs_shown(form)
    assert button_called(form, "Change the decision")
    assert "✓ complete" in said


def test_a_complete_card_says_what_step_5_flags_about_the_bet(decided_path: Path) -> None:
    """ "✓ complete" stood alone over a bet that acts fully on its own with no way back:
    the card commits to a plan, and step 5's flags say it may not ship as it is."""
    form = BetForm(support.session_on(decided_path))
    assert "Step 5 flags" not in read(form)

    def unsupervised(workshop: Workshop) -> None:
        bet = workshop.initiative(BET)
        bet.agentic = True
        bet.readiness.autonomy.level = AutonomyLevel.FULLY_AUTONOMOUS

    assert form.session.update(unsupervised, "agent").ok
    said = read(form)
    assert "✓ complete" in said
    assert "Step 5 flags, to settle before it ships:" in said
    assert "acts fully on its own, but has no escalation path" in said
    assert "acts fully on its own, but has no failure recovery" in said


def test_confirming_the_recorded_decision_never_erases_it(decided_path: Path) -> None:
    form = BetForm(support.session_on(decided_path))
    before = saved(decided_path)["bet"]
    form.confirm()  # even pressed before anyone asked to change it
    assert saved(decided_path)["bet"] == before
    button_called(form, "Change the decision").click()
    assert inputs_shown(form)
    assert (form.choice.value, form.decider.value) == (BET, "Dana Whitfield")
    button_called(form, "Confirm the decision").click()
    assert saved(decided_path)["bet"] == before
    assert f"decision confirmed: {BET}" in status_line(form)
    assert not inputs_shown(form)
    assert f"Decided: {BET}" in read(form)


def test_a_changed_decision_keeps_the_earlier_one_on_record(decided_path: Path) -> None:
    form = BetForm(support.session_on(decided_path))
    button_called(form, "Change the decision").click()
    form.choice.value = OTHER
    form.decider.value = "Priya Raman"
    form.confirm()
    bet = saved(decided_path)["bet"]
    assert (bet["initiative"], bet["decided_by"]) == (OTHER, "Priya Raman")
    [earlier] = bet["earlier"]
    assert earlier["initiative"] == BET
    assert earlier["decided_by"] == "Dana Whitfield"
    assert earlier["decided_on"] == "2026-11-18"
    assert earlier["options_considered"] == [BET, OTHER]
    assert earlier["replaced_on"] == bet["decided_on"]
    # The card written for the earlier bet goes with it: the new bet's card starts empty.
    assert earlier["kill_criteria"] == support.KILL
    assert bet["kill_criteria"] == ""
    assert bet["first_cycle_end"] is None
    said = read(form)
    assert f"Decided: {OTHER}" in said
    assert "Earlier decisions" in said
    assert f"{BET}: decided by Dana Whitfield on 18 Nov 2026" in said
    assert "the earlier one is kept on record" in status_line(form)
    assert not inputs_shown(form)


def test_keep_the_decision_puts_the_inputs_away(decided_path: Path) -> None:
    form = BetForm(support.session_on(decided_path))
    before = saved(decided_path)["bet"]
    button_called(form, "Change the decision").click()
    form.choice.value = NO_BET
    button_called(form, "Keep the decision").click()
    assert not inputs_shown(form)
    assert saved(decided_path)["bet"] == before
    button_called(form, "Change the decision").click()
    assert form.choice.value == BET  # started again from the recorded call


def test_no_decision_shows_the_inputs_with_nothing_picked(form: BetForm, workshop_path: Path):
    assert inputs_shown(form)
    assert form.choice.value == ""
    assert "No decision yet." in read(form)
    with refused(form, workshop_path, "choose the bet, or 'No bet yet'"):
        form.confirm()
    form.choice.value = BET
    with refused(form, workshop_path, "say who decided"):
        form.confirm()


def test_a_decision_made_in_another_notebook_appears(form: BetForm, workshop_path: Path):
    other = support.session_on(workshop_path)
    assert other.update(lambda w: decide(w, BET, "Dana Whitfield", DAY, [BET]), "decision").ok
    form.session.poll()
    assert f"Decided: {BET}" in read(form)
    assert not inputs_shown(form)
    # ... and a change made there replaces it here, with the earlier one on record.
    assert other.update(lambda w: decide(w, OTHER, "Priya Raman", DAY, []), "change").ok
    form.session.poll()
    said = read(form)
    assert f"Decided: {OTHER}" in said
    assert f"{BET}: decided by Dana Whitfield on 18 Nov 2026" in said


def test_open_inputs_follow_the_file_until_someone_types(decided_path: Path) -> None:
    form = BetForm(support.session_on(decided_path))
    button_called(form, "Change the decision").click()
    other = support.session_on(decided_path)
    other.update(lambda w: decide(w, OTHER, "Priya Raman", DAY, []), "change")
    form.session.poll()
    assert inputs_shown(form)  # still changing here
    assert (form.choice.value, form.decider.value) == (OTHER, "Priya Raman")
    form.choice.value = NO_BET  # now this facilitator has chosen: the file no longer moves it
    other.update(lambda w: decide(w, BET, "Dana Whitfield", DAY, []), "back")
    form.session.poll()
    assert form.choice.value == NO_BET
    form.confirm()
    bet = saved(decided_path)["bet"]
    assert bet["no_bet_yet"] is True
    assert [e["initiative"] for e in bet["earlier"]] == [BET, OTHER, BET]


def test_no_bet_yet_without_who_decided_asks_for_it(form: BetForm, workshop_path: Path):
    other = support.session_on(workshop_path)
    other.update(lambda w: decide(w, None, "", DAY, []), "no bet")
    form.session.poll()
    assert inputs_shown(form)
    assert form.choice.value == NO_BET
    assert "'No bet yet' is chosen, but not who decided" in read(form)
    form.decider.value = "Dana Whitfield"
    form.confirm()
    bet = saved(workshop_path)["bet"]
    assert (bet["no_bet_yet"], bet["decided_by"], bet["earlier"]) == (True, "Dana Whitfield", [])
    assert not inputs_shown(form)


def reopen(form: BetForm) -> None:
    """Hide the ballots again, as the bench does between two reveals."""
    form.session.update(lambda w: setattr(w.voting, "phase", "open"), "reopen")


def views(form: BetForm) -> str:
    """What the form shows but its save bar, whose "Saved 10:41:07" moves on with the clock."""
    return shown(form.widget).replace(status_line(form), "")


def test_a_second_reveal_of_the_same_ballots_draws_no_new_chart(
    form: BetForm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reopening and revealing again shows the same tally: its chart is kept, not redrawn."""
    from gaptools.ui import bet

    drawn: list[int] = []
    original = bet.dots_chart
    monkeypatch.setattr(bet, "dots_chart", lambda outcome: drawn.append(1) or original(outcome))
    open_vote(form, "named")
    vote(form, "Dana Whitfield", {BET: 2, "Fraud signal analytics": 1})
    form.act(reveal, "reveal")
    first = views(form)
    reopen(form)
    assert "Hidden until the facilitator reveals the votes." in shown(form.widget)

    form.act(reveal, "reveal")

    assert views(form) == first
    assert "Dots from 1 ballot<" in first
    assert len(drawn) == 1
    reopen(form)
    vote(form, "Sam Okafor", {BET: 1})
    form.act(reveal, "reveal")
    assert "Dots from 2 ballots<" in shown(form.widget)
    assert len(drawn) == 2


def test_picks_on_the_card_are_ticked_one_by_one_and_never_dropped(
    form: BetForm, workshop_path: Path
) -> None:
    """A plain click in the multi-select kept only the last pick, saved at once, with no word
    about holding Ctrl: each choice is now a box of its own. The bet is not offered as
    something to stop for itself."""
    from tests.support import all_widgets

    if not saved(workshop_path)["bet"].get("initiative"):  # an empty list says why it is empty
        assert "None to choose: the bet's open checklist items" in shown(form.widget)
    form.choice.value = BET
    form.decider.value = "Dana Whitfield"
    form.confirm()
    stopped = by_label(form.widget, "Stopped or paused")
    # A tooltip on a box with no label of its own stopped the browser drawing it.
    assert not stopped.tooltip
    ticks = {w.description: w for w in all_widgets(stopped) if isinstance(w, widgets.Checkbox)}
    live = [i.name for i in store.load(workshop_path).live_initiatives()]
    assert list(ticks) == [n for n in live if n != BET]
    first, second = list(ticks)[:2]
    ticks[first].value = True
    ticks[second].value = True
    assert saved(workshop_path)["bet"]["stopped"] == [first, second]
    ticks[first].value = False
    assert saved(workshop_path)["bet"]["stopped"] == [second]
    gaps = by_label(form.widget, "Readiness gaps")
    gaps.value = ("Monitoring", "Evaluation")  # as an undo or another notebook would set it
    boxes = [w for w in all_widgets(gaps) if isinstance(w, widgets.Checkbox)]
    assert {b.description for b in boxes if b.value} == {"Monitoring", "Evaluation"}
    assert saved(workshop_path)["bet"]["readiness_gaps"] == ["Monitoring", "Evaluation"]


def test_the_setup_explains_the_way_of_voting_chosen(form: BetForm) -> None:
    """With Named chosen, the page still explained only anonymous ballots."""
    form.act(lambda w: setattr(w.voting, "mode", None), "mode")
    said = shown(form.widget)
    assert "<b>Named:</b> Each ballot is saved" in said
    assert "<b>Anonymous:</b> Anonymous ballots never go into the workshop file" in said
    form.mode.value = "named"
    said = shown(form.widget)
    assert "<b>Named:</b> Each ballot is saved" in said
    assert "Anonymous ballots never go into the workshop file" not in said
    form.mode.value = "anonymous"
    said = shown(form.widget)
    assert "<b>Named:</b> Each ballot is saved" not in said
    assert "<b>Anonymous:</b> Anonymous ballots never go into the workshop file" in said


def test_debriefs_typed_on_the_card_once_the_log_holds_them_say_where_they_are_moved(
    tmp_path: Path,
) -> None:
    """Once step 9 logs the bet's first cycle, its debriefs are the ones shown: dates typed
    on the card then changed nothing on the canvas, without a word. The form says so."""
    from gaptools.files.home import example_workshop as shipped_example

    path = tmp_path / "finished.json"
    store.save(shipped_example(after=True), path)
    form = BetForm(WorkshopSession.open(str(path)))
    assert "holds this bet's first cycle" not in shown(form.widget)
    by_label(form.widget, "Debrief dates").value = "2026-12-02, 2026-12-16"
    said = html.unescape(shown(form.widget))
    logged = sorted(store.load(path).initiative(store.load(path).bet.initiative).cycles[0].debriefs)
    days = ", ".join(day_text(d) for d in logged)
    assert f"holds this bet's first cycle, with debriefs on {days}" in said


def test_the_card_asks_a_second_look_at_vague_kill_criteria_and_a_stop_still_going(
    tmp_path: Path,
) -> None:
    """The finished example's card stayed "✓ complete" with "if it doesn't work out" as its
    kill criteria, and with a pilot ticked as stopped that step 1 still showed running."""
    from gaptools.files.home import example_workshop as shipped_example

    path = tmp_path / "finished.json"
    store.save(shipped_example(after=True), path)
    form = BetForm(WorkshopSession.open(str(path)))
    assert "Worth a second look" not in shown(form.widget)
    by_label(form.widget, "Kill criteria").value = "If it doesn't work out"
    stopped = by_label(form.widget, "Stopped or paused")
    stopped.value = (*stopped.value, "Claims reserve forecast")
    said = html.unescape(shown(form.widget))
    assert "✓ complete" in said
    assert "Worth a second look:" in said
    assert "⚠ the kill criteria name no figure" in said
    assert "⚠ 'Claims reserve forecast' is stopped or paused on the card but still a pilot" in said


def test_a_debrief_typed_a_month_after_the_cycle_ends_is_worth_a_second_look(
    decided_path: Path,
) -> None:
    """Step 7 took a debrief a month after the first cycle's end as it took one on its last
    day: the card then waits a month for its call to scale or kill, and nothing asked why."""
    form = BetForm(support.session_on(decided_path))
    end = store.load(decided_path).bet.first_cycle_end
    assert end is not None
    late = end + dt.timedelta(days=30)
    by_label(form.widget, "Debrief dates").value = f"{end.isoformat()}, {late.isoformat()}"
    said = html.unescape(read(form))
    assert "✓ complete" in said
    assert "Worth a second look:" in said
    assert f"after the first cycle ends ({day_text(end)}): {day_text(late)};" in said


def test_a_bets_value_due_before_its_cycle_ends_is_worth_a_second_look(
    decided_path: Path,
) -> None:
    """A value carried over and due before the first cycle ends left the card "✓ complete"
    with nothing beside it to ask."""
    workshop = store.load(decided_path)
    end = workshop.bet.first_cycle_end
    assert end is not None
    early = end - dt.timedelta(days=3)
    workshop.initiative(workshop.bet.initiative).value.due = early
    store.save(workshop, decided_path)
    said = html.unescape(read(BetForm(support.session_on(decided_path))))
    assert "✓ complete" in said
    assert "Worth a second look:" in said
    assert f"the bet's value is due {day_text(early)}, before its first cycle ends" in said


def test_a_leader_working_alone_is_told_to_skip_the_vote(
    session: WorkshopSession, workshop_path: Path
) -> None:
    """Alone, the form showed the vote's set-up, a ballot and "(facilitator)" headings with no
    word of what one person does here: the advice was in the notebook's "Who" row only."""
    from gaptools.core.model import Participant
    from gaptools.ui.bet import ALONE

    def one_leader(workshop: Workshop) -> None:
        workshop.meta.participants = [Participant(name="Sam Patel")]

    session.update(one_leader, "alone")
    form = BetForm(session)
    assert html.escape(ALONE) in shown(form.widget)

    def two_leaders(workshop: Workshop) -> None:
        workshop.meta.participants.append(Participant(name="Ana Lima"))

    session.update(two_leaders, "a second leader")
    assert html.escape(ALONE) not in shown(form.widget)


# -- the form follows the file while a leader is choosing -------------------------------------


def test_dots_being_chosen_stay_when_the_portfolio_changes_elsewhere(
    form: BetForm, workshop_path: Path
) -> None:
    """A leader choosing dots in their notebook saw every menu go back to 0 when anyone added,
    renamed or removed an initiative, or changed the limits: "Cast" then said to place at
    least one dot. The dots stay on the initiatives still there; those that cannot stay are
    said."""
    from gaptools.core.model import Initiative
    from gaptools.steps.portfolio import rename_initiative
    from gaptools.steps.voting import set_limits

    open_vote(form, "named")
    dropped = "Claims reserve forecast"
    form.voter.value = "Priya Raman"
    dot_box(form, BET).value = 2
    dot_box(form, "Fraud signal analytics").value = 1
    dot_box(form, dropped).value = 1
    other = support.session_on(workshop_path)

    def rename(w: Workshop) -> None:
        rename_initiative(w, w.initiative("Fraud signal analytics"), "Fraud signals")

    for change in (
        lambda w: w.initiatives.append(Initiative(name="Added idea 1")),
        rename,
        lambda w: w.initiatives.remove(w.initiative(dropped)),
    ):
        assert other.update(change, "elsewhere").ok
        assert form.session.poll()
    assert (dot_box(form, BET).value, dot_box(form, "Fraud signals").value) == (2, 1)
    assert f"1 on {dropped} went" in html.unescape(form.thanks.value)
    assert other.update(lambda w: set_limits(w, w.voting.dots_per_leader, 1), "limits").ok
    assert form.session.poll()
    assert dot_box(form, BET).value == 1
    assert "2 dots on Claims intake copilot are now 1" in html.unescape(form.thanks.value)
    form.cast_ballot()
    [ballot] = saved(workshop_path)["voting"]["ballots"]
    assert ballot["dots"] == {BET: 1, "Fraud signals": 1}


def test_the_gut_check_offers_the_portfolio_as_the_file_has_it(
    form: BetForm, workshop_path: Path
) -> None:
    """The menu of "Would bet on" was filled once: an initiative added elsewhere was never
    offered, and one renamed or removed stayed there to be refused as not in the portfolio."""
    from gaptools.core.model import Initiative
    from gaptools.steps.portfolio import rename_initiative

    other = support.session_on(workshop_path)
    assert other.update(lambda w: w.initiatives.append(Initiative(name="Added idea")), "add").ok
    assert other.update(
        lambda w: rename_initiative(w, w.initiative(OTHER), "Fraud signals"), "rename"
    ).ok
    form.session.poll()
    assert "Added idea" in form.gut_pick.options
    assert "Fraud signals" in form.gut_pick.options
    assert OTHER not in form.gut_pick.options


def test_a_pick_not_yet_confirmed_stays_when_the_portfolio_changes(
    form: BetForm, workshop_path: Path
) -> None:
    """The facilitator's unconfirmed "Our bet" went back to "— choose" when anyone added an
    initiative elsewhere (choices given anew select the first): a pick still offered stays."""
    from gaptools.core.model import Initiative

    form.choice.value = OTHER
    form.gut_pick.value = BET
    other = support.session_on(workshop_path)
    assert other.update(lambda w: w.initiatives.append(Initiative(name="Added idea")), "add").ok
    form.session.poll()
    assert form.choice.value == OTHER
    assert form.gut_pick.value == BET


@pytest.mark.parametrize("mode", ["anonymous", "named"])
def test_undo_never_takes_back_a_ballot(form: BetForm, workshop_path: Path, mode: str) -> None:
    """At the screen leaders vote at in turn, the next leader's Undo took back the last one's
    ballot ("undone: ballot of Tom Okafor"), who would be left out of the reveal without
    knowing; an anonymous ballot even stayed sealed with its leader off the list of who voted.
    Undo leaves a ballot and says how to change one: cast it again."""
    from gaptools.ui.bet import BALLOT_KEPT

    open_vote(form, mode)
    leaders = ["Dana Whitfield", "Priya Raman", "Tom Okafor"]
    for leader in leaders:
        vote(form, leader, {BET: 1})
    form.form.undo_button.click()
    said = status_line(form)
    assert "ballot of Tom Okafor" in said
    assert BALLOT_KEPT in said
    assert saved(workshop_path)["voting"]["voted"] == sorted(leaders)
    vote(form, "Tom Okafor", {OTHER: 1})  # how a leader changes their ballot
    assert saved(workshop_path)["voting"]["voted"] == sorted(leaders)


def test_a_refused_undo_of_a_ballot_names_what_undo_can_take_back_next(form: BetForm) -> None:
    """ "Undo now takes back 'ballot of Priya Raman'" though ballots stay: the next press
    said the same of her ballot. It names the change before the ballots, which Undo takes."""
    open_vote(form, "named")
    for leader in ["Dana Whitfield", "Priya Raman", "Tom Okafor"]:
        vote(form, leader, {BET: 1})
    form.form.undo_button.click()
    said = status_line(form)
    assert "Undo now takes back 'ballot of" not in said
    assert "Undo now takes back 'open" in said


def test_a_pick_not_yet_confirmed_follows_a_rename_made_elsewhere(
    form: BetForm, workshop_path: Path
) -> None:
    """Our bet = Fraud signal analytics, not confirmed; another notebook renamed it "Fraud
    signals": the pick fell back to "— choose", and Confirm said to choose the bet."""
    from gaptools.steps.portfolio import rename_initiative

    form.choice.value = OTHER
    form.decider.value = "Dana Whitfield"
    form.gut_pick.value = OTHER
    other = support.session_on(workshop_path)
    assert other.update(
        lambda w: rename_initiative(w, w.initiative(OTHER), "Fraud signals"), "rename"
    ).ok
    form.session.poll()
    assert form.choice.value == "Fraud signals"
    assert form.gut_pick.value == "Fraud signals"
    form.confirm()
    assert saved(workshop_path)["bet"]["initiative"] == "Fraud signals"


def test_a_gut_check_or_ballot_from_a_name_nearly_listed_asks_who_was_meant(
    form: BetForm,
) -> None:
    """ "Tom Whitacker" was saved as a sixth leader: "4 of 5 leaders named their bet"."""
    form.gut_leader.value = "Tom Okafur"
    form.gut_pick.value = BET
    form.record_gut()
    assert "did you mean Tom Okafor?" in status_line(form)
    open_vote(form, "named")
    vote(form, "Dana Whitfeld", {BET: 1})
    assert "did you mean Dana Whitfield?" in status_line(form)


def test_a_gut_check_is_said_under_its_button_and_a_misspelt_name_warned_there(
    form: BetForm,
) -> None:
    """The gut check said what it did, or why not, only in the status line at the top of the
    form; a misspelt leader was marked ✗ there, with no full stop, though it was saved."""
    form.gut_leader.value = " "
    form.gut_pick.value = BET
    form.record_gut()
    assert "✗" in form.gut_said.value
    assert "say whose gut check this is" in form.gut_said.value
    form.gut_leader.value = "Tom Okafur"
    form.record_gut()
    said = form.gut_said.value
    assert "✓ Recorded Tom Okafur&#x27;s gut check." in said
    assert "⚠ &#x27;Tom Okafur&#x27; is not on the list" in said
    assert said.endswith("someone else.</div>")
    assert "⚠" in status_line(form)


def test_a_page_reloaded_before_anyone_voted_says_how_to_go_on(
    form: BetForm, workshop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facilitator opened an anonymous vote, left the page and came back: "Cast my
    ballot" greyed, and only "Not here: ballots are cast only at the screen where the
    facilitator opened it", on that very laptop. It now says nothing is lost and the way on;
    and Reset then Open makes this screen the one that holds the ballots."""
    from gaptools.steps.voting import reset
    from gaptools.ui.bet import NONE_CAST_YET

    open_vote(form, "anonymous")
    monkeypatch.setattr(secret, "_boxes", {})  # the page reloaded: a new kernel
    reloaded = BetForm(support.session_on(workshop_path))
    assert html.escape(NONE_CAST_YET) in shown(reloaded.widget)
    reloaded.act(reset, "reset")
    open_vote(reloaded, "anonymous")
    vote(reloaded, "Priya Raman", {BET: 1})
    assert saved(workshop_path)["voting"]["voted"] == ["Priya Raman"]


def test_undoing_a_tick_says_the_boxes_ticked_again_in_words(
    form: BetForm, workshop_path: Path
) -> None:
    """Undo of a readiness gap ticked said "undone: readiness gaps (back to ('Reliability
    controls', 'Monitoring'))": Python's way of writing the boxes ticked."""
    form.choice.value = BET
    form.decider.value = "Dana Whitfield"
    form.confirm()
    gaps = by_label(form.widget, "Readiness gaps")
    boxes = {w.description: w for w in all_widgets(gaps) if isinstance(w, widgets.Checkbox)}
    first, second, third = list(boxes)[:3]
    gaps.value = (first, second)
    boxes[third].value = True
    form.form.undo_button.click()
    said = status_line(form)
    assert f"(back to {first}, {second})" in said
    assert "('" not in said
    boxes[first].value = boxes[second].value = False
    assert saved(workshop_path)["bet"]["readiness_gaps"] == []
    boxes[first].value = True
    form.form.undo_button.click()
    assert "(back to empty)" in status_line(form)
