"""The next quarter's workshop, from the last one's file: what carries over, what stays."""

from __future__ import annotations

import datetime as dt

import pytest

from gaptools.core.model import CycleDecision
from gaptools.core.quarter import planned_quarter
from gaptools.files.home import example_workshop
from gaptools.steps import registry
from gaptools.steps.bet import CARD_FIELDS, card
from gaptools.steps.next_quarter import next_quarter

# The finished example plans Q1 2027 from its session of 18 Nov 2026.
NEXT_SESSION = dt.date(2027, 3, 10)


def test_the_portfolio_and_the_record_carry_over_and_the_session_starts_afresh() -> None:
    last = example_workshop(after=True)
    kept = last.model_copy(deep=True)
    new, carried = next_quarter(last, NEXT_SESSION)
    assert last == kept  # the last quarter's file is left as it was
    assert new.meta.workshop_id != last.meta.workshop_id  # a workshop of its own, no copy
    assert new.meta.follows == last.meta.workshop_id  # the same team's, whatever its name
    assert new.meta.date == NEXT_SESSION
    assert planned_quarter(new.meta).label == carried.quarter
    assert planned_quarter(new.meta).start > planned_quarter(last.meta).start
    # What the team built stands.
    assert new.initiatives == last.initiatives
    assert new.meta.participants == last.meta.participants
    assert new.settings.functions == last.settings.functions
    assert new.settings.weights == last.settings.weights
    assert new.success_definitions == last.success_definitions
    assert new.pulse.groups == last.pulse.groups
    assert new.voting.dots_per_leader == last.voting.dots_per_leader
    # Last quarter's call goes to the record, its card with it; no bet for the new quarter.
    recorded = new.bet.earlier[-1]
    assert recorded.initiative == last.bet.initiative
    assert (recorded.decided_by, recorded.decided_on) == (last.bet.decided_by, last.bet.decided_on)
    assert recorded.replaced_on == NEXT_SESSION
    for name in CARD_FIELDS:
        assert getattr(recorded, name) == getattr(last.bet, name), name
    assert new.bet.earlier[:-1] == last.bet.earlier
    assert new.bet.initiative is None
    assert not new.bet.no_bet_yet
    assert card(new).gaps == ["no bet chosen yet (step 7)"]
    # The session's own answers stay with it.
    assert last.gut_checks
    assert last.voting.ballots
    assert last.pulse.answers
    assert new.gut_checks == []
    assert last.commitments
    assert new.commitments == []  # each leader commits anew for the quarter, in step 8
    assert (new.voting.ballots, new.voting.voted, new.voting.phase) == ([], [], "setup")
    assert (new.pulse.answers, new.pulse.sealed, new.pulse.key) == ([], [], "")
    assert new.maturity.ratings == last.maturity.ratings  # the round to compare with
    assert new.survey.responses == 0
    assert new.settings.capacity_weeks is None
    assert [i.title for i in new.meta.agenda] == [i.title for i in registry.default_agenda()]


def test_what_carried_and_what_stayed_is_said() -> None:
    last = example_workshop(after=True)
    _, carried = next_quarter(last, NEXT_SESSION)
    text = "\n".join(carried.lines("q1.json"))
    assert f"{len(last.initiatives)} initiatives as they stand" in text
    assert f"{len(last.meta.participants)} leaders" in text
    assert f"Last quarter's call ({last.bet.initiative}) is in the decision record" in text
    assert f"{len(last.gut_checks)} gut checks" in text
    assert f"{len(last.pulse.answers)} pulse answers" in text
    assert f"{len(last.commitments)} leaders' commitments" in text
    assert "Left in q1.json:" in text


def test_a_session_that_plans_no_later_quarter_is_refused() -> None:
    last = example_workshop(after=True)
    same = planned_quarter(last.meta).start - dt.timedelta(days=10)  # still plans that quarter
    with pytest.raises(ValueError, match="planned Q1 2027: give the new session's date"):
        next_quarter(last, same)


def test_a_quarter_with_no_call_has_no_call_to_record() -> None:
    last = example_workshop()
    assert last.bet.initiative is None
    new, carried = next_quarter(last, NEXT_SESSION)
    assert new.bet.earlier == last.bet.earlier
    assert carried.call == ""
    assert "decision record" not in " ".join(carried.lines("q1.json"))


def test_last_quarters_bet_chosen_again_on_the_first_day_starts_an_empty_card() -> None:
    """Continuing the same bet is the likeliest next quarter: chosen again on the new
    session's day, it came back with December's kill criteria, stops and debriefs, which the
    canvas then showed as the new quarter's commitments."""
    from gaptools.steps.bet import decide

    last = example_workshop(after=True)
    new, _ = next_quarter(last, NEXT_SESSION)
    decide(new, last.bet.initiative, "Dana Whitfield", NEXT_SESSION, [])
    assert new.bet.initiative == last.bet.initiative
    for name in CARD_FIELDS:
        assert not getattr(new.bet, name), name
    assert new.bet.earlier[-1].kill_criteria == last.bet.kill_criteria  # on record


def test_a_room_changing_its_mind_and_back_on_the_day_still_finds_its_card() -> None:
    """What the card give-back was for, within the new quarter: a call, another, then the
    first again, all on the session's day."""
    from gaptools.steps.bet import decide

    new, _ = next_quarter(example_workshop(after=True), NEXT_SESSION)
    first, other = (i.name for i in new.initiatives[:2])
    decide(new, first, "Dana Whitfield", NEXT_SESSION, [])
    new.bet.kill_criteria = "Stop if handling time is not down 10% by the first debrief"
    decide(new, other, "Dana Whitfield", NEXT_SESSION, [])
    assert new.bet.kill_criteria == ""
    decide(new, first, "Dana Whitfield", NEXT_SESSION, [])
    assert new.bet.kill_criteria == "Stop if handling time is not down 10% by the first debrief"


def test_last_quarters_maturity_ratings_are_the_round_this_quarters_is_compared_with() -> None:
    """Step 9 promises that rated again next quarter, the room sees which medians moved; the
    next quarter's file left the ratings behind, so it never could. Carried, they are the round
    before, never shown as this quarter's, and the quarter still asks for its own."""
    from gaptools.steps import maturity

    last = example_workshop(after=True)
    assert maturity.maturity_view(last).shown
    new, carried = next_quarter(last, NEXT_SESSION)
    assert any("maturity rating" in line for line in carried.kept)
    view = maturity.maturity_view(new)
    assert not view.shown  # nothing rated this quarter yet
    assert view.earlier_ratings == len(last.maturity.ratings)
    assert maturity.raters(new) == 0
    [gap] = maturity.maturity_gaps(new)
    assert gap.startswith("no leader has rated execution maturity this round yet; the round ")
    before = maturity.maturity_view(last)
    low = {d.code: 1 for d in maturity.dimensions()}
    for leader in new.meta.participants[:3]:
        maturity.rate(new, leader.name, low, NEXT_SESSION)
    view = maturity.maturity_view(new)
    assert view.ratings == 3
    assert view.earlier_ratings == before.ratings
    moved = {r.dimension.code for r, _ in view.moved}
    assert moved == {r.dimension.code for r in before.readings if r.median != 1}
    assert "Since the " in view.summary


def test_the_record_says_which_quarter_last_quarters_call_was_made_for() -> None:
    """The record read "replaced on 10 Mar 2027" for a call that ran its quarter, without
    saying which quarter that was."""
    from gaptools.steps.bet import earlier_line, replaced_text

    last = example_workshop(after=True)
    new, _ = next_quarter(last, NEXT_SESSION)
    recorded = new.bet.earlier[-1]
    assert replaced_text(recorded, new) == "10 Mar 2027 (made for Q1 2027)"
    assert "; replaced on 10 Mar 2027 (made for Q1 2027)" in earlier_line(recorded, new)
    assert replaced_text(recorded, last) == "10 Mar 2027"  # a call of the quarter planned


def test_the_next_quarter_asked_of_the_new_quarters_own_file_says_so() -> None:
    """Pressed again on the page of the file it had just made, the button said "the last one,
    on 10 Mar 2027, planned Q2 2027", as if the page were still last quarter's."""
    new, _ = next_quarter(example_workshop(after=True), NEXT_SESSION)
    with pytest.raises(
        ValueError, match="this workshop's own session, on 10 Mar 2027, plans Q2 2027"
    ):
        next_quarter(new, NEXT_SESSION)


def test_a_quarter_rated_twice_says_the_next_compares_with_its_last_round() -> None:
    """Three leaders rated again at a January debrief: the new file said "11 maturity
    ratings, as the round this quarter's is compared with", where step 9 compares with 3."""
    from gaptools.core.quarter import day_text
    from gaptools.steps import maturity

    last = example_workshop(after=True)
    january = dt.date(2027, 1, 20)
    again = [p.name for p in last.meta.participants[:3]]
    for name in again:
        rated = next(r for r in last.maturity.ratings if r.rater == name)
        maturity.rate(last, name, dict(rated.scores), january)
    new, carried = next_quarter(last, NEXT_SESSION)
    [kept] = [line for line in carried.kept if "maturity rating" in line]
    assert kept == (
        f"{len(last.maturity.ratings)} maturity ratings; this quarter's are compared with the "
        f"last round, its 3 ratings of {day_text(january)} (step 9)"
    )
    assert maturity.maturity_view(new).earlier_ratings == len(again)


def test_a_cycle_past_its_kill_date_is_named_to_decide_in_the_new_file() -> None:
    """The bet's cycle, past its kill date and undecided, came into the new file without a
    word; decided afterwards in last quarter's file, the decision stayed there."""
    from gaptools.steps.learning import past_kill_date

    last = example_workshop(after=True)
    overdue = past_kill_date(last, NEXT_SESSION)
    assert overdue  # the finished example's bet cycle ended in December, undecided
    _, carried = next_quarter(last, NEXT_SESSION)
    [kept] = [line for line in carried.kept if "learning cycle" in line]
    which = "it" if len(overdue) == 1 else "them"
    assert kept.endswith(
        f"({len(overdue)} past the kill date with no decision: decide {which} in step 9 of "
        "this file)"
    )
    for e in overdue:
        e.cycle.decision = CycleDecision.ITERATE
    _, carried = next_quarter(last, NEXT_SESSION)
    assert not any("past the kill date" in line for line in carried.kept)


def test_a_workshop_from_before_ids_is_followed_by_what_it_is_known_by() -> None:
    """A file from before workshops had ids is known by its organisation, team and date: the
    next quarter's names that, so the roll-up still finds which workshop it was started from."""
    last = example_workshop(after=True)
    last.meta.workshop_id = ""
    new, _ = next_quarter(last, NEXT_SESSION)
    assert new.meta.follows == last.meta.identity() != ""
    assert new.meta.workshop_id not in {"", last.meta.identity()}


def test_the_next_session_is_offered_on_a_day_that_plans_a_later_quarter() -> None:
    """Offered today, on the workshop's own day, the next session planned the same quarter
    and was refused. The day offered plans the quarter after the last one's."""
    from gaptools.steps.next_quarter import next_session_day

    last = example_workshop(after=True)
    planned = planned_quarter(last.meta)
    for today in (last.meta.date, planned.start - dt.timedelta(days=1)):
        day = next_session_day(last, today)
        assert day == planned.start
        new, _ = next_quarter(last, day)
        assert planned_quarter(new.meta).start > planned.start
    later = planned.start + dt.timedelta(days=45)
    assert next_session_day(last, later) == later
