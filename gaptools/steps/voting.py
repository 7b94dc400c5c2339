"""Step 7: the gut check and the dot vote, hidden until the facilitator reveals them.

Voting is set up as named or anonymous *before* it opens, and cannot switch once anyone has
voted. Each leader spreads a number of dots (3 by default), at most a few on one initiative
(2 by default). A new ballot from the same leader replaces the old one, never adds to it.

Anonymity holds against anyone who can read the workshop's folder at any moment. Saving a
ballot in the same write as its voter's name in the list of who has voted would link them
(compare two saves), so an anonymous ballot never reaches a file on its own: it waits in a
sealed box (``secret``) in the memory of the screen that opened the vote, and the reveal
publishes all of them at once, in canonical order, in one write. The list of who has voted
is written as people vote, so the facilitator sees who has voted, never how.

So anonymous ballots are cast only at that screen (leaders pass the laptop); a notebook
elsewhere is refused with a sentence saying so, since its ballot would have to travel
through the shared file. If that screen's kernel restarts before the reveal, its ballots are
lost and people vote again.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from gaptools.core.model import (
    Ballot,
    GutCheck,
    Workshop,
    answerer_label,
    name_key,
    replace_or_add,
)
from gaptools.core.text import plural
from gaptools.steps import secret


def too_few_ballots(workshop: Workshop, ballots: int) -> str:
    """Why an anonymous vote of ``ballots`` cannot be revealed yet, or "": fewer than the
    workshop writes anonymous answers together (``settings.pulse_minimum``, 3 at the least).
    Two were enough, and each of the two voters could work out the other's ballot."""
    minimum = workshop.settings.pulse_minimum
    if ballots >= minimum:
        return ""
    return (
        f"an anonymous vote is revealed once at least {minimum} leaders have voted: with "
        "fewer, a voter could work out another's ballot from the result"
    )


ANONYMOUS_ELSEWHERE = (
    "this vote is anonymous, so ballots are cast only at the screen where the facilitator "
    "opened it, one leader after another (pass the laptop), or from phones through the room "
    "that screen opens: a ballot from here would pass through the shared file, where it "
    "could be linked to you"
)
BOX_LOST = (
    "the anonymous ballots were held in the screen that opened the vote and are not here "
    "(held elsewhere, or lost when that notebook restarted): reveal them there, or reset "
    "the vote and vote again"
)
RESTART_WARNING = (
    "Anonymous ballots never go into the workshop file until you reveal them: they are held "
    "in this screen's memory, so leaders vote here, one after another (pass the laptop), or "
    "from their phones through the room this screen opens. If this notebook restarts "
    "(in Voilà: if this page is reloaded or closed) before the reveal, those ballots are lost "
    "and everyone votes again."
)


class VotingError(ValueError):
    """A ballot or a phase change the rules do not allow, in plain words."""


def has_ballots(workshop: Workshop) -> bool:
    """Whether any ballot has been cast: the vote's mode is then kept until it is reset."""
    return bool(workshop.voting.ballots or workshop.voting.voted)


def set_mode(workshop: Workshop, mode: str) -> None:
    voting = workshop.voting
    if has_ballots(workshop):
        raise VotingError("ballots have been cast: reset the vote before changing how it works")
    if mode not in {"named", "anonymous"}:
        raise VotingError("choose named or anonymous voting")
    voting.mode = mode


def open_voting(workshop: Workshop) -> None:
    """Open the vote; an anonymous one is sealed in a box held by this screen."""
    voting = workshop.voting
    if voting.mode is None:
        raise VotingError(
            "choose named or anonymous voting ('Voting is' in step 7's form) before opening "
            "the vote"
        )
    if voting.phase == "revealed":
        raise VotingError(REVEALED)
    if voting.mode == "anonymous" and secret.held_here(voting.box) is None:
        if voting.box or voting.voted or voting.ballots:  # opened by another screen
            raise VotingError(BOX_LOST)
        voting.box = secret.open_box().id
    voting.phase = "open"


def can_vote_here(workshop: Workshop) -> bool:
    """Whether a ballot may be cast from this process: always when named; when anonymous,
    only where the sealed box is held."""
    voting = workshop.voting
    return voting.mode != "anonymous" or secret.held_here(voting.box) is not None


def ballots_not_here(workshop: Workshop) -> bool:
    """An open anonymous vote with ballots cast whose sealed box this process does not hold:
    held at another screen, or lost with the page that opened the vote (reloaded, restarted).
    Only this page can say so; the file still lists who voted."""
    voting = workshop.voting
    return (
        voting.mode == "anonymous"
        and voting.phase == "open"
        and bool(voting.voted)
        and secret.held_here(voting.box) is None
    )


BALLOTS_NOT_HERE = (
    "This page does not hold these ballots. If it is the screen that opened the vote, they "
    "were lost when it was reloaded or restarted: press Reset the vote, open it again and "
    "vote again. Otherwise reveal them at the screen that opened the vote."
)


#: Said to whoever would open or vote in a vote already revealed.
REVEALED = (
    "the vote has been revealed: to vote again, the facilitator resets it, which clears the "
    "result for everyone"
)


def reveal(workshop: Workshop) -> None:
    """Show the result; an anonymous vote publishes its sealed ballots here, all at once."""
    voting = workshop.voting
    if voting.phase != "open":
        raise VotingError("open the vote before revealing it")
    sealed = voting.mode == "anonymous" and bool(voting.box)
    ballots = _unsealed(workshop) if sealed else voting.ballots
    if not ballots:
        raise VotingError("nobody has voted yet")
    if voting.mode == "anonymous" and (why := too_few_ballots(workshop, len(ballots))):
        raise VotingError(why)
    voting.ballots = ballots
    voting.phase = "revealed"


def _unsealed(workshop: Workshop) -> list[Ballot]:
    """The sealed ballots of everyone on the list of who has voted, without names or
    receipts, in an order that depends on the dots alone."""
    box = secret.held_here(workshop.voting.box)
    if box is None:
        raise VotingError(BOX_LOST)
    voters = [name_key(v) for v in workshop.voting.voted]
    dots = box.published(voters, order=_canonical)
    return [Ballot(dots=dict(d)) for d in dots if isinstance(d, dict)]


def _canonical(dots: object) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(dots.items())) if isinstance(dots, dict) else ()


def reset(workshop: Workshop) -> None:
    """Throw away every ballot and go back to set-up (undo brings them back, and the sealed
    box with them: it stays in this screen's memory)."""
    voting = workshop.voting
    voting.ballots = []
    voting.voted = []
    voting.box = ""
    voting.phase = "setup"


def cast(workshop: Workshop, voter: str, dots: dict[str, int]) -> None:
    """Record ``voter``'s ballot, replacing any earlier one of theirs.

    Named: the ballot goes into the file with the name. Anonymous: only the name goes into
    the file (who has voted); the dots go into the sealed box held by this screen, and a
    screen that does not hold it is refused (``ANONYMOUS_ELSEWHERE``).
    """
    voting = workshop.voting
    if voting.phase == "revealed":  # a latecomer: "not open" said nothing of what to do
        raise VotingError(REVEALED)
    if voting.phase != "open":
        raise VotingError("the vote is not open")
    voter = workshop.as_listed(voter)
    if not voter:
        raise VotingError("say who is voting")
    cleaned = _checked_dots(workshop, dots)
    key = name_key(voter)
    if voting.mode == "named":
        voting.ballots = [b for b in voting.ballots if name_key(b.voter) != key]
        voting.ballots.append(Ballot(voter=voter, dots=cleaned))
    else:
        box = secret.held_here(voting.box)
        if box is None:
            raise VotingError(ANONYMOUS_ELSEWHERE)
        box.put(key, cleaned)
    if not any(name_key(v) == key for v in voting.voted):
        voting.voted = sorted([*voting.voted, voter], key=str.casefold)


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
    if workshop.voting.ballots or workshop.voting.voted:
        raise VotingError("ballots have been cast: reset the vote before changing the dots")
    workshop.voting.dots_per_leader = dots_per_leader
    workshop.voting.max_per_initiative = max_per_initiative


def record_gut_check(
    workshop: Workshop, participant: str, initiative: str, instantly: bool
) -> None:
    """One gut-check answer per leader; a new one replaces theirs. (Only the survey import
    adds one without a name.)"""
    if not participant.strip():
        raise VotingError("say whose gut check this is")
    found = workshop.initiative(initiative)
    if found is None:
        raise VotingError(f"'{initiative}' is not in the portfolio")
    entry = GutCheck(
        participant=workshop.as_listed(participant), initiative=found.name, instantly=instantly
    )
    key = name_key(participant)
    replace_or_add(workshop.gut_checks, lambda g: name_key(g.participant) == key, entry)


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
        picks.setdefault(check.initiative, []).append(answerer_label(check.participant))
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

    @property
    def front_runners(self) -> list[str]:
        """The initiatives with the most dots: one, or several in a tie."""
        return most_named(self.tally)


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


def most_named(counts: list[tuple[str, int]]) -> list[str]:
    """The names sharing the highest count, in the order given (most first)."""
    return [name for name, count in counts if count == counts[0][1]] if counts else []


def _disagreements(tally: list[tuple[str, int]], gut: list[tuple[str, int]]) -> list[str]:
    notes = []
    if tally and gut:
        dot_leaders = set(most_named(tally))
        gut_leaders = set(most_named(gut))
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
