"""Step 7: the gut check and the dot vote, hidden until revealed, anonymous when chosen."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from gaptools.core.model import Initiative, Workshop
from gaptools.files import store
from gaptools.steps import secret
from gaptools.steps.voting import (
    ANONYMOUS_ELSEWHERE,
    Result,
    VotingError,
    can_vote_here,
    cast,
    gut_tally,
    open_voting,
    record_gut_check,
    reset,
    result,
    reveal,
    set_limits,
    set_mode,
)
from gaptools.summaries.status import summary
from tests.support import example_workshop

# Initiatives and leaders of the shipped example workshop.
FRAUD = "Fraud signal analytics"
BROKER = "Broker email triage"
CALL = "Call centre agent assist"
CLAIMS = "Claims intake copilot"
DANA = "Dana Whitfield"
PRIYA = "Priya Raman"
TOM = "Tom Okafor"
MARCUS = "Marcus Lee"


def opened(workshop: Workshop, mode: str) -> Workshop:
    """The workshop with voting set up in ``mode`` and open."""
    set_mode(workshop, mode)
    open_voting(workshop)
    return workshop


def revealed(workshop: Workshop) -> Result:
    """Reveal the vote and return its result, which must exist once revealed."""
    reveal(workshop)
    outcome = result(workshop)
    assert outcome is not None
    return outcome


def snapshot(workshop: Workshop) -> dict[str, object]:
    """Everything the vote stores, to show that a refused change changed nothing."""
    return workshop.voting.model_dump()


@pytest.fixture
def named(example: Workshop) -> Workshop:
    return opened(example, "named")


@pytest.fixture
def anonymous(example: Workshop) -> Workshop:
    return opened(example, "anonymous")


# phases


def test_cannot_open_without_a_mode(example: Workshop) -> None:
    """Named or anonymous is chosen up front, so the room knows before anyone votes."""
    with pytest.raises(VotingError, match="choose named or anonymous"):
        open_voting(example)
    assert example.voting.phase == "setup"


def test_unknown_mode_is_refused(example: Workshop) -> None:
    with pytest.raises(VotingError, match="named or anonymous"):
        set_mode(example, "secret")
    assert example.voting.mode is None


def test_cannot_reveal_before_opening(example: Workshop) -> None:
    set_mode(example, "named")
    with pytest.raises(VotingError, match="open the vote"):
        reveal(example)
    assert example.voting.phase == "setup"


def test_cannot_reveal_an_empty_vote(named: Workshop) -> None:
    """Revealing nothing would show an empty tally as if it were a result."""
    with pytest.raises(VotingError, match="nobody has voted"):
        reveal(named)
    assert named.voting.phase == "open"


def test_cannot_vote_before_the_vote_opens(example: Workshop) -> None:
    set_mode(example, "named")
    with pytest.raises(VotingError, match="not open"):
        cast(example, DANA, {FRAUD: 1})
    assert example.voting.ballots == []
    assert example.voting.voted == []


def test_cannot_vote_after_the_reveal(named: Workshop) -> None:
    """Once the tally is on the screen, a late ballot would be cast knowing the result. The
    refusal said "the vote is not open", which told a latecomer nothing of what to do; then
    "reset it to vote again", in a leader's own notebook under a "Reset the vote" button that
    clears the result for everyone: it is the facilitator's to reset."""
    cast(named, DANA, {FRAUD: 1})
    reveal(named)
    before = snapshot(named)
    with pytest.raises(VotingError, match="revealed: to vote again, the facilitator resets it"):
        cast(named, PRIYA, {BROKER: 1})
    assert snapshot(named) == before


def test_cannot_reopen_a_revealed_vote_without_reset(named: Workshop) -> None:
    cast(named, DANA, {FRAUD: 1})
    reveal(named)
    with pytest.raises(VotingError, match="reset"):
        open_voting(named)
    assert named.voting.phase == "revealed"


def test_reset_clears_ballots_and_voters(named: Workshop) -> None:
    """A reset starts the vote over: no ballots, nobody marked as voted, back to set-up."""
    cast(named, DANA, {FRAUD: 2})
    cast(named, PRIYA, {BROKER: 1})
    reveal(named)
    reset(named)
    assert named.voting.ballots == []
    assert named.voting.voted == []
    assert named.voting.phase == "setup"
    assert result(named) is None
    set_mode(named, "anonymous")  # allowed again now that no ballots exist
    open_voting(named)
    cast(named, DANA, {CALL: 1})
    assert named.voting.voted == [DANA]
    assert named.voting.ballots == []  # sealed until the reveal


def test_mode_cannot_change_once_ballots_exist(named: Workshop) -> None:
    """Switching to anonymous after named ballots were cast would mislead the room."""
    cast(named, DANA, {FRAUD: 1})
    with pytest.raises(VotingError, match="reset the vote"):
        set_mode(named, "anonymous")
    assert named.voting.mode == "named"
    assert named.voting.ballots[0].voter == DANA


# voting limits


def test_default_limits_allow_three_dots_at_most_two_on_one(named: Workshop) -> None:
    cast(named, DANA, {FRAUD: 2, BROKER: 1})
    assert named.voting.ballots[0].dots == {FRAUD: 2, BROKER: 1}


def test_default_limit_of_three_dots_per_leader(named: Workshop) -> None:
    with pytest.raises(VotingError, match="4 dots placed; each leader has 3"):
        cast(named, DANA, {FRAUD: 2, BROKER: 2})
    assert named.voting.ballots == []
    assert named.voting.voted == []


def test_default_limit_of_two_dots_on_one_initiative(named: Workshop) -> None:
    with pytest.raises(VotingError, match="at most 2 dots on one initiative"):
        cast(named, DANA, {FRAUD: 3})
    assert named.voting.ballots == []


def test_custom_limits(named: Workshop) -> None:
    """Five dots each, at most three on one: four on one or six in all are refused."""
    named.voting.dots_per_leader = 5
    named.voting.max_per_initiative = 3
    cast(named, DANA, {FRAUD: 3, BROKER: 2})
    assert named.voting.ballots[0].dots == {FRAUD: 3, BROKER: 2}
    with pytest.raises(VotingError, match="at most 3 dots on one initiative"):
        cast(named, PRIYA, {FRAUD: 4})
    with pytest.raises(VotingError, match="6 dots placed; each leader has 5"):
        cast(named, PRIYA, {FRAUD: 3, BROKER: 3})
    assert len(named.voting.ballots) == 1


def test_one_initiative_spelled_two_ways_counts_as_one(named: Workshop) -> None:
    """The per-initiative cap holds however the name is typed: 2 + 1 on Fraud is 3 on one."""
    with pytest.raises(VotingError, match="at most 2 dots on one initiative"):
        cast(named, DANA, {FRAUD: 2, "fraud SIGNAL analytics": 1})
    assert named.voting.ballots == []


def test_zero_dots_are_left_out(named: Workshop) -> None:
    """A zero left on a form's row is not a vote, and does not clutter the ballot."""
    cast(named, DANA, {FRAUD: 0, BROKER: 1})
    assert named.voting.ballots[0].dots == {BROKER: 1}


@pytest.mark.parametrize("dots", [{}, {FRAUD: 0}, {FRAUD: 0, BROKER: 0}])
def test_at_least_one_dot(named: Workshop, dots: dict[str, int]) -> None:
    with pytest.raises(VotingError, match="at least one dot"):
        cast(named, DANA, dots)
    assert named.voting.ballots == []
    assert named.voting.voted == []


def test_negative_dots_are_refused(named: Workshop) -> None:
    """A negative dot would take votes from an initiative and free room for more elsewhere."""
    with pytest.raises(VotingError, match="cannot be negative"):
        cast(named, DANA, {FRAUD: 2, BROKER: 2, CALL: -1})
    assert named.voting.ballots == []


def test_unknown_initiative_is_refused(named: Workshop) -> None:
    with pytest.raises(VotingError, match="'Teleportation pilot' is not in the portfolio"):
        cast(named, DANA, {"Teleportation pilot": 1})
    assert named.voting.ballots == []
    assert named.voting.voted == []


def test_names_are_matched_as_people_type_them(named: Workshop) -> None:
    """Case and extra spaces are ignored; the ballot keeps the portfolio's spelling."""
    cast(named, DANA, {"  fraud   SIGNAL analytics ": 1, "broker email TRIAGE": 2})
    assert named.voting.ballots[0].dots == {FRAUD: 1, BROKER: 2}


def test_voter_must_be_named(named: Workshop) -> None:
    with pytest.raises(VotingError, match="who is voting"):
        cast(named, "   ", {FRAUD: 1})
    assert named.voting.ballots == []


# re-voting, named


def test_named_revote_replaces_the_ballot(named: Workshop) -> None:
    """A changed mind replaces the old dots; it never adds a second ballot."""
    cast(named, DANA, {FRAUD: 2, BROKER: 1})
    cast(named, PRIYA, {BROKER: 1})
    cast(named, " dana  WHITFIELD ", {CALL: 1})
    assert len(named.voting.ballots) == 2
    assert named.voting.voted == [DANA, PRIYA]
    outcome = revealed(named)
    assert outcome.ballots == 2
    # Dana's first three dots are gone: one from Priya and one from Dana's new ballot.
    assert outcome.tally == [(BROKER, 1), (CALL, 1)]
    assert sum(n for _, n in outcome.tally) == 2


def test_named_ballot_carries_its_voter(named: Workshop) -> None:
    cast(named, DANA, {FRAUD: 1})
    assert named.voting.ballots[0].voter == DANA
    assert named.voting.ballots[0].receipt == ""


# anonymous: ballots sealed in this screen until the reveal (see test_secret_ballot.py)


def test_anonymous_ballot_stays_out_of_the_workshop_until_the_reveal(
    anonymous: Workshop,
) -> None:
    """Only the name goes to the list of who voted; the dots wait in the sealed box."""
    cast(anonymous, DANA, {FRAUD: 2})
    assert anonymous.voting.ballots == []
    assert anonymous.voting.voted == [DANA]
    assert anonymous.voting.box
    cast(anonymous, PRIYA, {BROKER: 1})
    cast(anonymous, TOM, {CALL: 1})
    reveal(anonymous)
    assert sorted(b.dots[next(iter(b.dots))] for b in anonymous.voting.ballots) == [1, 1, 2]
    assert {(b.voter, b.receipt) for b in anonymous.voting.ballots} == {("", "")}


def test_anonymous_revote_from_the_same_screen_replaces(anonymous: Workshop) -> None:
    cast(anonymous, DANA, {FRAUD: 2})
    cast(anonymous, PRIYA, {CALL: 1})
    cast(anonymous, TOM, {CLAIMS: 1})
    cast(anonymous, " dana WHITFIELD ", {BROKER: 1, CALL: 1})
    assert anonymous.voting.voted == [DANA, PRIYA, TOM]
    outcome = revealed(anonymous)
    assert outcome.ballots == 3
    assert outcome.tally == [(CALL, 2), (BROKER, 1), (CLAIMS, 1)]


def test_anonymous_ballot_from_another_screen_is_refused(
    anonymous: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notebook that does not hold the sealed box would have to send the ballot through
    the shared file, so it is refused with a sentence saying where to vote instead."""
    cast(anonymous, DANA, {FRAUD: 2})
    before = snapshot(anonymous)
    monkeypatch.setattr(secret, "_boxes", {})  # what another kernel holds
    assert not can_vote_here(anonymous)
    with pytest.raises(VotingError, match="pass the laptop") as refused:
        cast(anonymous, PRIYA, {CALL: 1})
    assert str(refused.value) == ANONYMOUS_ELSEWHERE
    assert "where the facilitator opened it" in ANONYMOUS_ELSEWHERE
    assert snapshot(anonymous) == before


def test_another_screen_cannot_take_over_an_open_anonymous_vote(
    anonymous: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening it again elsewhere would strand the ballots already sealed in the first."""
    monkeypatch.setattr(secret, "_boxes", {})
    box = anonymous.voting.box
    with pytest.raises(VotingError, match="reset the vote and vote again"):
        open_voting(anonymous)
    assert anonymous.voting.box == box


def test_a_ballot_whose_voter_was_taken_off_the_list_is_not_counted(
    anonymous: Workshop,
) -> None:
    """Undoing a ballot's save takes the name off the list: its dots must not count."""
    cast(anonymous, DANA, {FRAUD: 2})
    cast(anonymous, PRIYA, {CALL: 1})
    cast(anonymous, TOM, {BROKER: 1})
    cast(anonymous, MARCUS, {CLAIMS: 1})
    anonymous.voting.voted = [DANA, TOM, MARCUS]
    outcome = revealed(anonymous)
    assert outcome.tally == [(FRAUD, 2), (BROKER, 1), (CLAIMS, 1)]


@pytest.mark.parametrize("voters", [[DANA], [DANA, PRIYA]])
def test_an_anonymous_vote_of_fewer_than_the_minimum_is_not_revealed(
    anonymous: Workshop, voters: list[str]
) -> None:
    """Revealed alone, the one ballot would be known as its voter's; revealed from two, each
    voter could work out the other's from the result. The pulse's minimum applies."""
    for voter in voters:
        cast(anonymous, voter, {FRAUD: 2})
    minimum = anonymous.settings.pulse_minimum
    with pytest.raises(VotingError, match=f"at least {minimum} leaders have voted"):
        reveal(anonymous)
    assert anonymous.voting.phase == "open"
    assert anonymous.voting.ballots == []


def test_mode_and_dots_cannot_change_once_someone_voted_anonymously(
    anonymous: Workshop,
) -> None:
    cast(anonymous, DANA, {FRAUD: 2})
    with pytest.raises(VotingError, match="reset the vote"):
        set_mode(anonymous, "named")
    with pytest.raises(VotingError, match="reset the vote"):
        set_limits(anonymous, 5, 3)
    assert anonymous.voting.mode == "anonymous"


def _ballots_text(text: str) -> str:
    """The exact characters of the file's "ballots" list, as written on disk."""
    start = text.index('"ballots": [') + len('"ballots": ')
    _, end = json.JSONDecoder().raw_decode(text, start)
    return text[start:end]


def _saved_ballot_dots(workshop: Workshop, path: Path) -> list[dict[str, int]]:
    store.save(workshop, path)
    return [b["dots"] for b in json.loads(path.read_text("utf-8"))["voting"]["ballots"]]


def test_revealed_file_keeps_no_name_with_an_anonymous_ballot(
    anonymous: Workshop, tmp_path: Path
) -> None:
    """Read the file itself: no voter's name, first or last, appears among the ballots."""
    voters = [TOM, PRIYA, DANA]
    for voter, initiative in zip(voters, [FRAUD, BROKER, CALL], strict=True):
        cast(anonymous, voter, {initiative: 1})
    reveal(anonymous)
    path = tmp_path / "anonymous.json"
    store.save(anonymous, path)
    text = path.read_text("utf-8")
    ballots = _ballots_text(text).casefold()
    assert ballots.count('"dots"') == 3  # the slice really is the ballot list
    for voter in voters:
        for part in voter.split():
            assert part.casefold() not in ballots
        assert voter in text  # names are still in the file, just not with the dots
    assert [b["voter"] for b in json.loads(text)["voting"]["ballots"]] == ["", "", ""]
    assert json.loads(text)["voting"]["voted"] == [DANA, PRIYA, TOM]


def test_revealed_ballot_order_does_not_follow_the_voting_order(
    example: Workshop, tmp_path: Path
) -> None:
    """Position in the file must not reveal who voted when, nor match the list of voters."""
    # Tom votes first (Fraud), then Priya (Broker), then Dana (Call). The list of who voted
    # is alphabetical: Dana, Priya, Tom, whose ballots would be Call, Broker, Fraud.
    in_voting_order = [{FRAUD: 1}, {BROKER: 1}, {CALL: 1}]
    in_voter_list_order = [{CALL: 1}, {BROKER: 1}, {FRAUD: 1}]
    first = opened(example.model_copy(deep=True), "anonymous")
    cast(first, TOM, {FRAUD: 1})
    cast(first, PRIYA, {BROKER: 1})
    cast(first, DANA, {CALL: 1})
    reveal(first)
    saved = _saved_ballot_dots(first, tmp_path / "first.json")
    assert saved != in_voting_order
    assert saved != in_voter_list_order
    # The same ballots cast in the opposite order are published in the same order.
    second = opened(example.model_copy(deep=True), "anonymous")
    cast(second, DANA, {CALL: 1})
    cast(second, PRIYA, {BROKER: 1})
    cast(second, TOM, {FRAUD: 1})
    reveal(second)
    assert _saved_ballot_dots(second, tmp_path / "second.json") == saved
    assert sorted(map(str, saved)) == sorted(map(str, in_voting_order))


# hidden until reveal


def test_result_is_hidden_until_the_reveal(named: Workshop) -> None:
    """The room sees nothing while the vote is open, so early ballots do not sway late ones."""
    assert result(named) is None
    cast(named, DANA, {FRAUD: 2})
    cast(named, PRIYA, {FRAUD: 1})
    assert result(named) is None
    outcome = revealed(named)
    assert isinstance(outcome, Result)
    assert outcome.ballots == 2
    assert outcome.tally == [(FRAUD, 3)]


def test_result_is_none_before_anything_happens(example: Workshop) -> None:
    assert result(example) is None


# tally and ties


def test_tally_most_dots_first_ties_alphabetical(named: Workshop) -> None:
    # Fraud 2+1 = 3, Call 2+1 = 3, Broker 1+1 = 2, Claims 1.
    cast(named, DANA, {FRAUD: 2, BROKER: 1})
    cast(named, PRIYA, {BROKER: 1, CALL: 2})
    cast(named, TOM, {FRAUD: 1, CLAIMS: 1, CALL: 1})
    outcome = revealed(named)
    assert outcome.tally == [(CALL, 3), (FRAUD, 3), (BROKER, 2), (CLAIMS, 1)]
    assert outcome.ballots == 3


def test_ties_ignore_case(example: Workshop) -> None:
    """'apex bot' comes before 'Zen desk' as a person reads it, not as character codes sort."""
    example.initiatives += [Initiative(name="Zen desk"), Initiative(name="apex bot")]
    opened(example, "named")
    cast(example, DANA, {"Zen desk": 1, "apex bot": 1})
    assert revealed(example).tally == [("apex bot", 1), ("Zen desk", 1)]


# concentration and spread


def test_all_dots_on_one_initiative(named: Workshop) -> None:
    cast(named, DANA, {FRAUD: 2})
    cast(named, PRIYA, {FRAUD: 1})
    outcome = revealed(named)
    assert outcome.concentration == 1.0
    assert outcome.spread == 0.0


@pytest.mark.parametrize(
    ("ballots", "concentration"),
    [
        ([{FRAUD: 1, BROKER: 1}, {FRAUD: 1, BROKER: 1}], 0.5),
        ([{FRAUD: 1, BROKER: 1, CALL: 1}], 1 / 3),
        ([{FRAUD: 2, BROKER: 1}, {CALL: 2, CLAIMS: 1}, {BROKER: 1, CLAIMS: 1}], 1 / 4),
    ],
)
def test_an_even_split_spreads_fully(
    named: Workshop, ballots: list[dict[str, int]], concentration: float
) -> None:
    for voter, dots in zip([DANA, PRIYA, TOM], ballots, strict=False):
        cast(named, voter, dots)
    outcome = revealed(named)
    assert outcome.spread == pytest.approx(1.0)
    assert outcome.concentration == pytest.approx(concentration)


def test_a_two_to_one_split(named: Workshop) -> None:
    # Shares 2/3 and 1/3: entropy = -(2/3 ln 2/3 + 1/3 ln 1/3) = 0.270310 + 0.366204
    # = 0.636514 nats; normalised by ln 2 = 0.693147 that is 0.918296.
    cast(named, DANA, {FRAUD: 2, BROKER: 1})
    outcome = revealed(named)
    assert outcome.spread == pytest.approx(0.918296, abs=1e-6)
    assert outcome.concentration == pytest.approx(2 / 3)


def test_spread_is_between_zero_and_one(named: Workshop) -> None:
    # Dots 3, 2, 1 over three initiatives: shares 1/2, 1/3, 1/6;
    # entropy = 0.346574 + 0.366204 + 0.298627 = 1.011404; / ln 3 (1.098612) = 0.920620.
    cast(named, DANA, {FRAUD: 2, BROKER: 1})
    cast(named, PRIYA, {FRAUD: 1, BROKER: 1, CALL: 1})
    outcome = revealed(named)
    assert outcome.spread == pytest.approx(0.920620, abs=1e-6)
    assert 0 < outcome.spread < 1
    assert outcome.concentration == pytest.approx(0.5)
    assert not math.isnan(outcome.spread)


# gut checks


def test_one_gut_check_per_leader(example: Workshop) -> None:
    """A leader who changes their answer replaces it, however their name is typed."""
    record_gut_check(example, DANA, FRAUD, instantly=True)
    record_gut_check(example, PRIYA, CALL, instantly=True)
    record_gut_check(example, " dana WHITFIELD ", "broker EMAIL triage", instantly=False)
    assert len(example.gut_checks) == 2
    (dana,) = [g for g in example.gut_checks if g.participant.casefold() == DANA.casefold()]
    assert dana.initiative == BROKER  # the portfolio's spelling
    assert dana.instantly is False


def test_gut_check_on_an_unknown_initiative_is_refused(example: Workshop) -> None:
    record_gut_check(example, DANA, FRAUD, instantly=True)
    with pytest.raises(VotingError, match="'Moonshot' is not in the portfolio"):
        record_gut_check(example, DANA, "Moonshot", instantly=True)
    assert [(g.participant, g.initiative) for g in example.gut_checks] == [(DANA, FRAUD)]


def test_gut_picks_and_instant_count(named: Workshop) -> None:
    record_gut_check(named, DANA, FRAUD, instantly=True)
    record_gut_check(named, PRIYA, FRAUD, instantly=False)
    record_gut_check(named, TOM, CALL, instantly=True)
    cast(named, DANA, {FRAUD: 1})
    outcome = revealed(named)
    assert outcome.gut_picks == [(FRAUD, 2), (CALL, 1)]
    assert outcome.instant == 2


# disagreements


def test_gut_check_and_dots_disagree(named: Workshop) -> None:
    """The room's instinct and its considered vote point different ways: worth a discussion."""
    record_gut_check(named, DANA, BROKER, instantly=True)
    record_gut_check(named, PRIYA, BROKER, instantly=True)
    record_gut_check(named, TOM, CLAIMS, instantly=False)
    cast(named, DANA, {FRAUD: 2})
    cast(named, PRIYA, {FRAUD: 1, BROKER: 1})
    outcome = revealed(named)
    assert outcome.disagreements == [
        f"The gut check favours {BROKER}; the dots favour {FRAUD}.",
        f"Named in the gut check but given no dots: {CLAIMS}.",
    ]


def test_no_disagreement_when_the_leaders_match(named: Workshop) -> None:
    record_gut_check(named, DANA, FRAUD, instantly=True)
    record_gut_check(named, PRIYA, BROKER, instantly=True)
    cast(named, DANA, {FRAUD: 2, BROKER: 1})
    # Gut check ties Fraud and Broker; the dots lead with Fraud: they share a leader.
    assert revealed(named).disagreements == []


def test_tied_leaders_are_all_named(named: Workshop) -> None:
    record_gut_check(named, DANA, CLAIMS, instantly=True)
    record_gut_check(named, PRIYA, CALL, instantly=True)
    cast(named, DANA, {FRAUD: 1, BROKER: 1})
    assert revealed(named).disagreements == [
        f"The gut check favours {CALL} and {CLAIMS}; the dots favour {BROKER} and {FRAUD}.",
        f"Named in the gut check but given no dots: {CALL}, {CLAIMS}.",
    ]


def test_no_disagreements_without_gut_checks(named: Workshop) -> None:
    cast(named, DANA, {FRAUD: 1})
    outcome = revealed(named)
    assert outcome.gut_picks == []
    assert outcome.disagreements == []


# status


def test_status_counts_ballots(named: Workshop) -> None:
    """`votes` is ballots cast: a re-vote does not count twice, a reset empties it."""
    assert summary(named)["votes"] == 0
    cast(named, DANA, {FRAUD: 1})
    cast(named, PRIYA, {BROKER: 1})
    assert summary(named)["votes"] == 2
    cast(named, DANA, {CALL: 1})
    assert summary(named)["votes"] == 2
    reset(named)
    assert summary(named)["votes"] == 0


def test_status_counts_anonymous_ballots(anonymous: Workshop) -> None:
    """Anonymous ballots stay sealed until the reveal, but who has voted is counted as people
    vote, so a script watching the room sees progress; a re-vote does not count twice."""
    cast(anonymous, DANA, {FRAUD: 1})
    cast(anonymous, PRIYA, {BROKER: 1})
    assert summary(anonymous)["votes"] == 2
    cast(anonymous, TOM, {BROKER: 1})
    cast(anonymous, DANA, {CALL: 1})
    assert summary(anonymous)["votes"] == 3
    reveal(anonymous)
    assert summary(anonymous)["votes"] == 3


# the gut-check tally, counted once for the form, the chart and the result


def test_gut_tally_counts_who_named_what(example: Workshop) -> None:
    record_gut_check(example, DANA, FRAUD, instantly=True)
    record_gut_check(example, PRIYA, FRAUD, instantly=False)
    record_gut_check(example, TOM, CALL, instantly=True)
    tally = gut_tally(example)
    assert tally.picks == [(FRAUD, [DANA, PRIYA]), (CALL, [TOM])]
    assert tally.counts == [(FRAUD, 2), (CALL, 1)]
    assert (tally.instant, tally.total) == (2, 3)
    assert tally.summary == "2 of 3 leaders named their bet at once."


def test_gut_tally_breaks_ties_by_name(example: Workshop) -> None:
    record_gut_check(example, DANA, FRAUD, instantly=False)
    record_gut_check(example, PRIYA, CALL, instantly=False)
    assert [name for name, _ in gut_tally(example).picks] == [CALL, FRAUD]
    assert gut_tally(example).summary == "0 of 2 leaders named their bet at once."


def test_gut_tally_without_gut_checks(example: Workshop) -> None:
    tally = gut_tally(example)
    assert (tally.picks, tally.instant, tally.total) == ([], 0, 0)
    assert tally.summary == "No gut checks yet."


def test_the_result_reads_the_same_tally(named: Workshop) -> None:
    record_gut_check(named, DANA, BROKER, instantly=True)
    record_gut_check(named, TOM, FRAUD, instantly=False)
    cast(named, DANA, {FRAUD: 1})
    outcome = revealed(named)
    tally = gut_tally(named)
    assert outcome.gut_picks == tally.counts
    assert outcome.instant == tally.instant


def test_a_gut_check_given_again_is_the_same_entry_changed() -> None:
    """Its id and place are kept, so a form showing it follows it (``replace_or_add``)."""
    workshop = example_workshop()
    first, second = (i.name for i in workshop.initiatives[:2])
    leaders = [p.name for p in workshop.meta.participants[:2]]
    for leader in leaders:
        record_gut_check(workshop, leader, first, True)
    before = [(g.id, g.participant) for g in workshop.gut_checks]
    record_gut_check(workshop, leaders[0].upper(), second, False)
    assert [(g.id, g.participant) for g in workshop.gut_checks] == before
    assert (workshop.gut_checks[0].initiative, workshop.gut_checks[0].instantly) == (second, False)
