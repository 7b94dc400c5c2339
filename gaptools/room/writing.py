"""The changes the room makes to the workshop, each one a function for ``store.edit``.

Named answers are written as they arrive, through the step's own rule (a new answer from the
same name replaces theirs). Anonymous ones are written only as a batch: with no name, a fresh
id each, only the day, and in an order that depends on what they say and nothing else, so
neither the file nor any save of it can tie an answer to who gave it or when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from gaptools.core.model import Ballot, MaturityRating, PulseAnswer, Workshop, name_key, new_id
from gaptools.room.questions import Definition, Dots, GutPick, Kind, Question, Ratings
from gaptools.steps import contested, maturity, pulse, secret, voting

Change = Callable[[Workshop], object]


def definition(name: str, answer: Definition) -> Change:
    return lambda w: contested.record_definition(w, name, answer.sentence, answer.lens)


def gut_check(name: str, answer: GutPick) -> Change:
    return lambda w: voting.record_gut_check(w, name, answer.initiative, answer.instantly)


def named_ballot(name: str, answer: Dots) -> Change:
    return lambda w: voting.cast(w, name, answer.as_dict())


def named_rating(name: str, answer: Ratings, today: dt.date) -> Change:
    def change(workshop: Workshop) -> None:
        if workshop.maturity.mode != "named":
            raise maturity.MaturityError("the ratings have been made anonymous meanwhile")
        maturity.rate(workshop, name, answer.as_dict(), today)

    return change


def pulse_batch(batch: Sequence[pulse.Given], today: dt.date) -> Change:
    """A batch of pulse answers, published by the pulse's own rule (fresh ids, groups only
    where large enough, canonical order)."""

    def change(workshop: Workshop) -> None:
        groups = {name_key(g): g for g in workshop.pulse.groups}
        answers = [
            PulseAnswer(
                feeling=given.feeling,
                clarity=given.clarity,
                time_to_learn=given.time_to_learn,
                concern=given.concern,
                # A group taken off the list meanwhile is dropped, not the whole batch.
                group=groups.get(name_key(given.group), ""),
                day=today,
            )
            for given in batch
        ]
        # Answers leaders sealed from their own notebooks for this screen go in the same batch.
        if not pulse.publish(workshop, answers).count:
            minimum = workshop.settings.pulse_minimum
            raise pulse.PulseError(f"at least {minimum} answers are needed before any is shown")

    return change


def rating_batch(batch: Sequence[Ratings], today: dt.date) -> Change:
    """Anonymous maturity ratings: no rater, fresh ids, sorted by their scores alone."""

    def change(workshop: Workshop) -> None:
        if workshop.maturity.mode != "anonymous":
            raise maturity.MaturityError("the ratings have been made named meanwhile")
        fresh = [MaturityRating(scores=r.as_dict(), day=today, id=new_id()) for r in batch]
        # Ratings leaders sealed from their own notebooks for this screen go in the same batch.
        if not maturity.publish(workshop, fresh):
            minimum = workshop.settings.pulse_minimum
            raise maturity.MaturityError(
                f"at least {minimum} ratings are needed before any is shown"
            )

    return change


# -- the dot vote ---------------------------------------------------------------------------------


MODE_KEPT = "ballots have been cast: reset the vote in step 7's form before changing how it works"


def vote_mode(anonymous: bool) -> Change:
    wanted = "anonymous" if anonymous else "named"

    def change(workshop: Workshop) -> None:
        if workshop.voting.mode == wanted:
            return
        if voting.has_ballots(workshop):
            raise ValueError(MODE_KEPT)  # the room cannot reset a vote: say where it is done
        voting.set_mode(workshop, wanted)

    return change


def open_vote(workshop: Workshop) -> None:
    """The vote opened for the room, or left open where it is open already, so long as its
    sealed box is held here: a vote opened by a page since reloaded (or by another screen)
    is refused, as step 7's form refuses it."""
    if workshop.voting.phase == "revealed":
        raise voting.VotingError("the vote has been revealed: reset it in step 7 to vote again")
    if workshop.voting.phase == "setup" or not voting.can_vote_here(workshop):
        voting.open_voting(workshop)


def maturity_mode(anonymous: bool) -> Change:
    return lambda w: maturity.set_mode(w, "anonymous" if anonymous else "named")


def anonymous_reveal(room_ballots: Sequence[Dots]) -> Change:
    """Reveal an anonymous vote: the room's ballots and any cast at this screen by passing
    the laptop, all at once, without names, in an order that depends on the dots alone."""

    def change(workshop: Workshop) -> None:
        ballots = [b.as_dict() for b in room_ballots] + _laptop_ballots(workshop)
        if workshop.voting.phase != "open":
            raise voting.VotingError("the vote is not open in the workshop: open it in step 7")
        if why := voting.too_few_ballots(workshop, len(ballots)):
            raise voting.VotingError(why)
        ordered = sorted(ballots, key=lambda dots: sorted(dots.items()))
        workshop.voting.ballots = [Ballot(dots=dots) for dots in ordered]
        workshop.voting.phase = "revealed"

    return change


def _laptop_ballots(workshop: Workshop) -> list[dict[str, int]]:
    voters = [name_key(v) for v in workshop.voting.voted]
    if not voters:
        return []
    box = secret.held_here(workshop.voting.box)
    if box is None:
        raise voting.VotingError(voting.BOX_LOST)
    held = box.published(voters, order=lambda d: sorted(d.items()) if isinstance(d, dict) else [])
    return [dict(d) for d in held if isinstance(d, dict)]


def given_fields(workshop: Workshop, question: Question, name: str) -> dict[str, str]:
    """The answer ``name`` gave to ``question`` in the workshop, as the phone's form writes
    its fields (the reverse of reading them)."""
    key = name_key(name)
    if question.kind is Kind.DEFINITION:
        found = [d for d in workshop.success_definitions if name_key(d.participant) == key]
        return {"sentence": found[-1].sentence, "lens": found[-1].lens.value} if found else {}
    if question.kind is Kind.GUT_CHECK:
        picks = [g for g in workshop.gut_checks if name_key(g.participant) == key]
        if not picks or picks[-1].initiative not in question.choices:
            return {}
        index = question.choices.index(picks[-1].initiative)
        return {"initiative": str(index), "instantly": "yes" if picks[-1].instantly else "no"}
    if question.kind is Kind.VOTE:
        ballots = [b for b in workshop.voting.ballots if name_key(b.voter) == key]
        dots = ballots[-1].dots if ballots else {}
        return {f"dots-{n}": str(dots[c]) for n, c in enumerate(question.choices) if c in dots}
    if question.kind is Kind.MATURITY:
        ratings = [r for r in workshop.maturity.ratings if name_key(r.rater) == key]
        scores = ratings[-1].scores if ratings else {}
        return {f"score-{code}": str(score) for code, score in scores.items()}
    return {}
