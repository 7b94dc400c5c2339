"""Step 8's leaders' commitments: complete only with all four parts, each gap in words."""

from __future__ import annotations

import datetime as dt

import pytest

from gaptools.core.model import Augmentation, Commitment, Meta, Participant, Workshop
from gaptools.core.resources import load_json
from gaptools.steps import commitments
from gaptools.steps.commitments import CommitmentError, gaps, is_complete

DAY = dt.date(2026, 11, 18)
HONEST = (
    "Nobody knows yet which parts of your role will change, and I will tell you what we "
    "learn every month."
)
EXAMPLES = [
    Augmentation(task="Summarising claim files", role="Claims handlers", instead="Call customers"),
    Augmentation(task="Drafting broker replies", role="Broker desk", instead="Visit brokers"),
]


def _complete(**changes: object) -> Commitment:
    base = Commitment(
        leader="Dana Whitfield",
        statement=HONEST,
        examples=list(EXAMPLES),
        hours_per_month=4,
        hours_from=dt.date(2027, 1, 4),
        tried="I drafted my board notes with an assistant for a month.",
        hard="Checking its numbers took longer than I expected.",
    )
    return base.model_copy(update=changes)


def test_a_commitment_with_all_four_parts_is_complete() -> None:
    assert gaps(_complete()) == []
    assert is_complete(_complete())


@pytest.mark.parametrize(
    ("changes", "gap"),
    [
        ({"statement": ""}, "no statement yet"),
        (
            {"statement": "No job in this team will change because of AI."},
            "the statement does not say what is uncertain",
        ),
        ({"examples": EXAMPLES[:1]}, "1 complete augmentation example: give at least 2"),
        ({"examples": []}, "0 complete augmentation examples: give at least 2"),
        ({"hours_per_month": None}, "no hours given: a training budget is not time"),
        ({"hours_per_month": 0}, "no hours given: a training budget is not time"),
        ({"hours_from": None}, "no start date for the learning time"),
        ({"tried": ""}, "no learning story: what did you try with AI yourself?"),
        ({"hard": ""}, "the learning story does not say what was hard"),
    ],
)
def test_each_missing_part_is_named(changes: dict[str, object], gap: str) -> None:
    found = gaps(_complete(**changes))
    assert len(found) == 1
    assert found[0].startswith(gap)
    assert not is_complete(_complete(**changes))


def test_an_unfinished_example_says_what_it_lacks() -> None:
    half = Augmentation(task="Triage of emails", role="", instead="")
    (found,) = gaps(_complete(examples=[EXAMPLES[0], half]))
    assert found.endswith("(one lacks the role, what they do instead)")


@pytest.mark.parametrize(
    "statement",
    [
        "I DON'T KNOW exactly what changes, but I commit to four hours a month.",
        "I don’t know yet what this means for you.",  # a typographic apostrophe
        "I am not sure how your work will change; we will learn together.",
        "Nobody knows how fast this moves.",
    ],
)
def test_owning_up_to_uncertainty_is_read_as_people_write_it(statement: str) -> None:
    assert commitments.acknowledges_uncertainty(statement)


def test_every_phrase_in_the_data_file_counts() -> None:
    for phrase in load_json("uncertainty_phrases.json")["phrases"]:
        assert commitments.acknowledges_uncertainty(f"Honestly, {phrase.upper()} here.")


def test_the_missing_list_names_each_leader_and_what_they_lack() -> None:
    workshop = Workshop(meta=Meta(date=DAY))
    assert commitments.commitment_gaps(workshop) == [
        "no leader has written a commitment to lead the change yet (step 8)"
    ]
    workshop.commitments = [_complete(), _complete(leader="Tom Okafor", hours_per_month=None)]
    assert commitments.commitment_gaps(workshop) == [
        "Tom Okafor's commitment lacks learning hours (step 8)"
    ]
    assert commitments.complete_count(workshop) == 1
    assert commitments.summary(workshop) == "1 of 2 leaders' commitments are complete."


def test_the_missing_list_counts_the_complete_examples_of_a_leader_who_wrote_some() -> None:
    """ "lacks 2 augmentation examples" was said of a leader who had written two, one of them
    unfinished; step 8 said so rightly."""
    workshop = Workshop(meta=Meta(date=DAY))
    half = _complete(leader="Dana Ruiz")
    half.examples = [EXAMPLES[0], EXAMPLES[1].model_copy(update={"role": ""})]
    workshop.commitments = [half]
    assert commitments.commitment_gaps(workshop) == [
        "Dana Ruiz's commitment lacks 2 complete augmentation examples (1 so far) (step 8)"
    ]
    half.examples = []
    assert commitments.commitment_gaps(workshop) == [
        "Dana Ruiz's commitment lacks 2 augmentation examples (step 8)"
    ]


def test_a_leader_starts_a_commitment_once() -> None:
    workshop = Workshop(meta=Meta(date=DAY))
    made = commitments.add_commitment(workshop, "  Dana   Whitfield ")
    (added,) = workshop.commitments
    assert (added.id, added.leader, len(added.examples)) == (made, "Dana Whitfield", 2)
    assert added.statement == ""  # the prompt is a placeholder, never written in
    with pytest.raises(CommitmentError, match="already has a commitment"):
        commitments.add_commitment(workshop, "dana whitfield")
    with pytest.raises(CommitmentError, match="say whose commitment"):
        commitments.add_commitment(workshop, "  ")


def test_the_file_refuses_two_commitments_of_one_leader() -> None:
    data = {
        "meta": {"date": "2026-11-18"},
        "commitments": [{"leader": "Dana"}, {"leader": " dana "}],
    }
    with pytest.raises(ValueError, match="dana has two commitments"):
        Workshop.model_validate(data)


def test_an_example_reads_as_one_line() -> None:
    assert commitments.example_line(EXAMPLES[0]) == (
        "Summarising claim files (off Claims handlers) → Call customers"
    )


def test_the_summary_counts_the_leaders_who_have_written_none() -> None:
    """ "5 of 5 leaders' commitments are complete" stood beside "8 leaders in the room" on
    the canvas, though three of the eight had written nothing: the room read as on board."""
    names = ["Dana Whitfield", "Tom Okafor", "Priya Raman", "Marcus Lee"]
    workshop = Workshop(meta=Meta(date=DAY, participants=[Participant(name=n) for n in names]))
    workshop.commitments = [_complete(), _complete(leader="tom okafor")]
    assert [c.leader for c in workshop.commitments][0] == names[0]
    assert commitments.not_written(workshop) == ["Priya Raman", "Marcus Lee"]
    assert commitments.summary(workshop) == (
        "2 of 4 leaders have written a commitment; each is complete."
    )
    workshop.commitments[1].hours_per_month = None
    assert commitments.summary(workshop) == (
        "2 of 4 leaders have written a commitment; 1 of the 2 are complete."
    )
    # and the missing list names those who have written none (step 0 said step 8 was done)
    assert commitments.commitment_gaps(workshop)[-1] == (
        "2 of the 4 leaders have written no commitment yet: Priya Raman and Marcus Lee (step 8)"
    )
    workshop.commitments = workshop.commitments[:1]
    assert commitments.summary(workshop) == (
        "1 of 4 leaders has written a commitment; it is complete."
    )
    workshop.commitments[0].hours_per_month = None  # it said "0 of the 1 are complete"
    assert commitments.summary(workshop) == (
        "1 of 4 leaders has written a commitment; it is not complete yet."
    )
    workshop.commitments = [_complete(leader=n) for n in names[:3]]
    assert commitments.not_written_words(workshop) == "1 of the 4 leaders has written none yet"
    workshop.commitments.append(_complete(leader="Marcus Lee"))
    assert commitments.summary(workshop) == "4 of 4 leaders' commitments are complete."
