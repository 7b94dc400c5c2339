"""Step 7: the gut check and the dot vote, hidden until the facilitator reveals them.

Voting is set up as named or anonymous *before* it opens, and cannot switch once ballots
exist. Each leader spreads a number of dots (3 by default), at most a few on one initiative
(2 by default). A new ballot from the same leader replaces the old one, never adds to it.

Anonymity is kept in the file itself: an anonymous ballot holds no name, only a random
receipt, and ballots are stored in a canonical order so their position cannot be matched
against the list of who has voted. The link from a leader to their receipt lives only in the
voting screen's memory, so the leader can change their ballot from that screen; anywhere else
a second ballot from someone who already voted is refused rather than counted twice.
"""

from __future__ import annotations

import math
import secrets
from collections import Counter
from dataclasses import dataclass

from gaptools.core.model import Ballot, GutCheck, Workshop, name_key
from gaptools.core.text import plural


class VotingError(ValueError):
    """A ballot or a phase change the rules do not allow, in plain words."""


def set_mode(workshop: Workshop, mode: str) -> None:
    voting = workshop.voting
    if voting.ballots:
        raise VotingError("ballots have been cast: reset the vote before changing how it works")
    if mode not in {"named", "anonymous"}:
        raise VotingError("choose named or anonymous voting")
    voting.mode = mode


def open_voting(workshop: Workshop) -> None:
    voting = workshop.voting
    if voting.mode is None:
        raise VotingError("choose named or anonymous voting before opening the vote")
    if voting.phase == "revealed":
        raise VotingError("the vote has been revealed: reset it to vote again")
    voting.phase = "open"


def reveal(workshop: Workshop) -> None:
    if workshop.voting.phase != "open":
        raise VotingError("open the vote before revealing it")
    if not workshop.voting.ballots:
        raise VotingError("nobody has voted yet")
    workshop.voting.phase = "revealed"


def reset(workshop: Workshop) -> None:
    """Throw away every ballot and go back to set-up (undo brings them back)."""
    voting = workshop.voting
    voting.ballots = []
    voting.voted = []
    voting.phase = "setup"


def cast(workshop: Workshop, voter: str, dots: dict[str, int], receipt: str = "") -> str:
    """Record ``voter``'s ballot; returns the receipt that lets them change it later."""
    voting = workshop.voting
    if voting.phase != "open":
        raise VotingError("the vote is not open")
    voter = " ".join(voter.split())
    if not voter:
        raise VotingError("say who is voting")
    cleaned = _checked_dots(workshop, dots)
    key = name_key(voter)
    already = any(name_key(v) == key for v in voting.voted)
    if voting.mode == "named":
        voting.ballots = [b for b in voting.ballots if name_key(b.voter) != key]
        voting.ballots.append(Ballot(voter=voter, dots=cleaned))
        new_receipt = ""
    else:
        if already:
            known = [b for b in voting.ballots if receipt and b.receipt == receipt]
            if not known:
                raise VotingError(
                    f"{voter} has already voted; an anonymous ballot can only be changed from "
                    "the screen it was cast on"
                )
            voting.ballots.remove(known[0])
        new_receipt = secrets.token_hex(8)
        voting.ballots.append(Ballot(receipt=new_receipt, dots=cleaned))
        voting.ballots.sort(key=lambda b: (sorted(b.dots.items()), b.receipt))
    if not already:
        voting.voted = sorted([*voting.voted, voter], key=str.casefold)
    return new_receipt


def _checked_dots(workshop: Workshop, dots: dict[str, int]) -> dict[str, int]:
    """Dots per initiative in the portfolio's spelling, checked after merging spellings."""
    voting = workshop.voting
    cleaned: dict[str, int] = {}
    for name, count in dots.items():
        if not count:
            continue
        if count < 0:
            raise VotingError("dots cannot be negative")
        initiative = workshop.initiative(name)
        if initiative is None:
            raise VotingError(f"'{name}' is not in the portfolio")
        cleaned[initiative.name] = cleaned.get(initiative.name, 0) + count
    for name, count in cleaned.items():
        if count > voting.max_per_initiative:
            raise VotingError(
                f"at most {voting.max_per_initiative} dots on one initiative ({name} has {count})"
            )
    total = sum(cleaned.values())
    if total > voting.dots_per_leader:
        raise VotingError(f"{total} dots placed; each leader has {voting.dots_per_leader}")
    if not total:
        raise VotingError("place at least one dot")
    return cleaned


def set_limits(workshop: Workshop, dots_per_leader: int, max_per_initiative: int) -> None:
    """The dots are fixed before anyone votes, so every ballot is counted by the same rule."""
    if workshop.voting.ballots:
        raise VotingError("ballots have been cast: reset the vote before changing the dots")
    workshop.voting.dots_per_leader = dots_per_leader
    workshop.voting.max_per_initiative = max_per_initiative


def record_gut_check(
    workshop: Workshop, participant: str, initiative: str, instantly: bool
) -> None:
    """One gut-check answer per leader; a new one replaces theirs."""
    found = workshop.initiative(initiative)
    if found is None:
        raise VotingError(f"'{initiative}' is not in the portfolio")
    entry = GutCheck(participant=participant, initiative=found.name, instantly=instantly)
    key = name_key(participant)
    others = [g for g in workshop.gut_checks if name_key(g.participant) != key]
    workshop.gut_checks = [*others, entry]


@dataclass(frozen=True)
class GutTally:
    """The gut check, counted once for the form, the chart and the vote's result."""

    picks: list[tuple[str, list[str]]]  # initiative, leaders who named it; most named first
    instant: int  # leaders who could name their bet at once
    total: int  # leaders who answered

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [(name, len(leaders)) for name, leaders in self.picks]

    @property
    def summary(self) -> str:
        """The sentence the form reads out; hesitation is itself the finding."""
        if not self.total:
            return "No gut checks yet."
        return f"{self.instant} of {plural(self.total, 'leader')} named their bet at once."


def gut_tally(workshop: Workshop) -> GutTally:
    """Who named which initiative, most named first and ties by name, so the chart, the form
    and the result list them alike."""
    picks: dict[str, list[str]] = {}
    for check in workshop.gut_checks:
        picks.setdefault(check.initiative, []).append(check.participant)
    ordered = sorted(picks.items(), key=lambda item: (-len(item[1]), item[0].casefold()))
    return GutTally(
        picks=ordered,
        instant=sum(g.instantly for g in workshop.gut_checks),
        total=len(workshop.gut_checks),
    )


@dataclass(frozen=True)
class Result:
    tally: list[tuple[str, int]]  # initiative, dots; most first
    ballots: int
    concentration: float  # share of all dots on the leading initiative
    spread: float  # normalised entropy of the dots over the initiatives that got any: 0..1
    gut_picks: list[tuple[str, int]]  # initiative, leaders who picked it
    instant: int  # leaders who could name their bet at once
    disagreements: list[str]


def result(workshop: Workshop) -> Result | None:
    """The outcome, or None while the ballots are still hidden."""
    voting = workshop.voting
    if voting.phase != "revealed":
        return None
    dots: Counter[str] = Counter()
    for ballot in voting.ballots:
        dots.update(ballot.dots)
    tally = sorted(dots.items(), key=lambda item: (-item[1], item[0].casefold()))
    total = sum(dots.values())
    gut = gut_tally(workshop)
    return Result(
        tally=tally,
        ballots=len(voting.ballots),
        concentration=tally[0][1] / total if total else 0.0,
        spread=_entropy([n for _, n in tally]),
        gut_picks=gut.counts,
        instant=gut.instant,
        disagreements=_disagreements(tally, gut.counts),
    )


def _entropy(counts: list[int]) -> float:
    total = sum(counts)
    if total == 0 or len(counts) < 2:
        return 0.0
    value = -sum(c / total * math.log(c / total) for c in counts if c)
    return value / math.log(len(counts))


def _disagreements(tally: list[tuple[str, int]], gut: list[tuple[str, int]]) -> list[str]:
    notes = []
    if tally and gut:
        dot_leaders = {n for n, c in tally if c == tally[0][1]}
        gut_leaders = {n for n, c in gut if c == gut[0][1]}
        if not dot_leaders & gut_leaders:
            notes.append(
                f"The gut check favours {' and '.join(sorted(gut_leaders))}; the dots favour "
                f"{' and '.join(sorted(dot_leaders))}."
            )
        voted = {n for n, _ in tally}
        unvoted = sorted(n for n, _ in gut if n not in voted)
        if unvoted:
            notes.append(f"Named in the gut check but given no dots: {', '.join(unvoted)}.")
    return notes
