"""Step 8: the leaders' commitments to lead the change, and what each still lacks.

A worry about one's job is not settled by figures. It eases when leaders say what they do
not know, show concretely what changes for whom, carve out time to learn and learn
themselves. So a commitment is complete only with all four:

* a statement that owns up to what is uncertain (the form's grey ``PROMPT`` shows one way to
  begin and leaves the words to the leader; the phrases that count as owning up are a data
  file, ``data/uncertainty_phrases.json``);
* at least two augmentation examples, each a task AI takes off a named role and what the
  people in that role will do instead;
* learning time: hours per person per month, and from when (a training budget is not time);
* the leader's own learning story: what they tried, and what was hard.
"""

from __future__ import annotations

from dataclasses import dataclass

from gaptools.core.model import Augmentation, Commitment, Workshop, name_key
from gaptools.core.resources import load_json
from gaptools.core.text import plural

PROMPT = "I can't tell you yet what this will mean for your role. What I can promise is…"
MIN_EXAMPLES = 2


class CommitmentError(ValueError):
    """A change to the commitments the rules do not allow, in plain words."""


def acknowledges_uncertainty(statement: str) -> bool:
    """Whether the statement says, in words from the data file, that something is unknown."""
    text = " ".join(statement.replace("’", "'").casefold().split())
    return any(phrase in text for phrase in load_json("uncertainty_phrases.json")["phrases"])


def example_gaps(example: Augmentation) -> list[str]:
    """What one example still lacks, in the order a person would fill it in."""
    parts = [
        (example.task, "the task"),
        (example.role, "the role"),
        (example.instead, "what they do instead"),
    ]
    return [words for text, words in parts if not text.strip()]


def example_line(example: Augmentation) -> str:
    """One example as a sentence: "AI drafts claim summaries for claims handlers; they spend
    the time on complex claims"."""
    return f"{example.task} (off {example.role}) → {example.instead}"


def complete_examples(commitment: Commitment) -> list[Augmentation]:
    return [e for e in commitment.examples if not example_gaps(e)]


@dataclass(frozen=True)
class Gap:
    """One missing part: ``short`` for the workshop's missing list, ``words`` for the leader
    filling the form in (what is missing and why it matters)."""

    short: str
    words: str


def findings(commitment: Commitment) -> list[Gap]:
    """What this commitment still lacks, in the order of the form; empty when complete."""
    found = []
    statement = commitment.statement.strip()
    if not statement:
        found.append(
            Gap("a statement", "no statement yet: say what you don't know, and what you commit to")
        )
    elif not acknowledges_uncertainty(statement):
        found.append(
            Gap(
                "a statement that says what is uncertain",
                "the statement does not say what is uncertain: people trust 'I don't know "
                "exactly…' more than a promise",
            )
        )
    found += _example_gaps(commitment)
    if not commitment.hours_per_month:
        found.append(Gap("learning hours", "no hours given: a training budget is not time"))
    elif commitment.hours_from is None:
        found.append(
            Gap(
                "when the learning time starts",
                "no start date for the learning time: from when do people get it?",
            )
        )
    if not commitment.tried.strip():
        found.append(
            Gap("a learning story", "no learning story: what did you try with AI yourself?")
        )
    elif not commitment.hard.strip():
        found.append(Gap("what was hard", "the learning story does not say what was hard"))
    return found


def gaps(commitment: Commitment) -> list[str]:
    """What this commitment still lacks, each in plain words; empty when it is complete."""
    return [gap.words for gap in findings(commitment)]


def _example_gaps(commitment: Commitment) -> list[Gap]:
    done = len(complete_examples(commitment))
    if done >= MIN_EXAMPLES:
        return []
    unfinished = [e for e in commitment.examples if example_gaps(e) and _started(e)]
    hint = f" (one lacks {', '.join(example_gaps(unfinished[0]))})" if unfinished else ""
    # "lacks 2 augmentation examples" was said of a leader who had written two, one of them
    # unfinished: the short form says how many are complete, as the long one does.
    short = (
        f"{MIN_EXAMPLES} complete augmentation examples ({done} so far)"
        if commitment.examples
        else f"{MIN_EXAMPLES} augmentation examples"
    )
    return [
        Gap(
            short,
            f"{plural(done, 'complete augmentation example')}: give at least {MIN_EXAMPLES}, "
            f"each a task AI takes off a named role and what people do instead{hint}",
        )
    ]


def _started(example: Augmentation) -> bool:
    return any(text.strip() for text in (example.task, example.role, example.instead))


def is_complete(commitment: Commitment) -> bool:
    return not gaps(commitment)


def complete_count(workshop: Workshop) -> int:
    return sum(is_complete(c) for c in workshop.commitments)


def commitment_gaps(workshop: Workshop) -> list[str]:
    """The missing list's lines for step 8's commitments: each written one's gaps, and the
    leaders on the list who have written none (step 0 said "Lead the change ✓ nothing
    missing" with four leaders of five still to write theirs)."""
    if not workshop.commitments:
        return ["no leader has written a commitment to lead the change yet (step 8)"]
    gaps = [
        f"{c.leader}'s commitment lacks {_listed([g.short for g in found])} (step 8)"
        for c in workshop.commitments
        if (found := findings(c))
    ]
    left = not_written(workshop)
    if left:
        named = _listed(left) if len(left) <= NAMED else f"{', '.join(left[:NAMED])} and more"
        gaps.append(
            f"{len(left)} of the {len(workshop.meta.participants)} leaders "
            f"{'has' if len(left) == 1 else 'have'} written no commitment yet: {named} (step 8)"
        )
    return gaps


NAMED = 4  # leaders named in the missing list's line, before "and more"


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def not_written(workshop: Workshop) -> list[str]:
    """The leaders on the list of participants who have written no commitment yet."""
    written = {name_key(c.leader) for c in workshop.commitments}
    return [p.name for p in workshop.meta.participants if name_key(p.name) not in written]


def not_written_words(workshop: Workshop) -> str:
    """For status's line, beside its count of complete commitments: "3 of the 8 leaders
    have written none yet", or "" when every leader listed has written one."""
    left = len(not_written(workshop))
    if not left or not workshop.commitments:
        return ""
    has = "has" if left == 1 else "have"
    return f"{left} of the {len(workshop.meta.participants)} leaders {has} written none yet"


def summary(workshop: Workshop) -> str:
    total = len(workshop.commitments)
    if not total:
        return "No leader has written a commitment yet."
    done = complete_count(workshop)
    left = not_written(workshop)
    if left:  # "5 of 5 complete" beside "8 leaders in the room" read as the room on board
        listed = len(workshop.meta.participants)
        # "1 of 5 leaders have written a commitment; all complete" read as the room's.
        if total == 1:  # "0 of the 1 are complete" said of one commitment
            complete = "it is complete" if done else "it is not complete yet"
        else:
            complete = (
                "each is complete" if done == total else f"{done} of the {total} are complete"
            )
        written = listed - len(left)
        has = "has" if written == 1 else "have"
        return f"{written} of {listed} leaders {has} written a commitment; {complete}."
    if total == 1:
        return f"The one leader's commitment is {'complete' if done else 'not complete yet'}."
    return f"{done} of {total} leaders' commitments are complete."


# -- edits the form makes ------------------------------------------------------------------------


def add_commitment(workshop: Workshop, leader: str) -> str:
    """Start ``leader``'s commitment with two empty examples to fill in; returns its id."""
    leader = workshop.as_listed(leader)
    if not leader:
        raise CommitmentError("say whose commitment this is")
    if find_commitment(workshop, leader) is not None:
        raise CommitmentError(f"{leader} already has a commitment: choose it to edit it")
    commitment = Commitment(leader=leader, examples=[Augmentation(), Augmentation()])
    workshop.commitments.append(commitment)
    return commitment.id


def find_commitment(workshop: Workshop, leader: str) -> Commitment | None:
    key = name_key(leader)
    return next((c for c in workshop.commitments if name_key(c.leader) == key), None)
