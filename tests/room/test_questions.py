"""Sent forms become answers by the steps' own rules, or a refusal in plain words."""

from __future__ import annotations

import pytest

from gaptools.core.model import Lens, Workshop
from gaptools.room.questions import (
    AnswerError,
    Dots,
    Kind,
    question_for,
    read_answer,
    read_name,
)
from gaptools.steps import maturity, pulse


def test_a_question_copies_the_workshops_choices_and_rules(example: Workshop) -> None:
    vote = question_for(example, "vote")
    assert vote.choices == tuple(i.name for i in example.live_initiatives())
    assert (vote.dots, vote.per_choice) == (3, 2)
    assert vote.expected == len(example.meta.participants)
    assert question_for(example, Kind.PULSE).anonymous
    assert not question_for(example, Kind.DEFINITION).anonymous
    assert question_for(example, "pulse").id != question_for(example, "pulse").id


def test_a_definition_needs_a_sentence_and_a_lens(example: Workshop) -> None:
    asked = question_for(example, Kind.DEFINITION)
    answer = read_answer(asked, {"sentence": " Cut claim time in half ", "lens": "cost"})
    assert (answer.sentence, answer.lens) == ("Cut claim time in half", Lens.COST)
    with pytest.raises(AnswerError, match="lens"):
        read_answer(asked, {"sentence": "Something", "lens": "vibes"})
    with pytest.raises(AnswerError, match="one sentence"):
        read_answer(asked, {"sentence": "   ", "lens": "cost"})


@pytest.mark.parametrize("text", ["bad\x1b[31m", "bidi\u202eevil", "nul\x00"])
def test_hidden_characters_are_refused_without_repeating_the_text(
    example: Workshop, text: str
) -> None:
    asked = question_for(example, Kind.DEFINITION)
    with pytest.raises(AnswerError) as refused:
        read_answer(asked, {"sentence": text, "lens": "cost"})
    assert text not in str(refused.value)
    with pytest.raises(AnswerError):
        read_name({"name": text})


def test_a_name_is_checked_as_the_workshop_checks_names() -> None:
    assert read_name({"name": "  Ana   Lopez "}) == "Ana Lopez"
    with pytest.raises(AnswerError, match="write your name"):
        read_name({"name": ""})
    with pytest.raises(AnswerError, match="too long"):
        read_name({"name": "A" * 500})


def test_a_long_answer_is_refused_in_the_forms_words_and_a_concern_says_its_length(
    example: Workshop,
) -> None:
    """ "Your sentence is too long: string should have at most 1000 characters" reached a
    phone in the validation library's words; "keep the concern under 500 characters" did
    not say how long it was."""
    asked = question_for(example, Kind.DEFINITION)
    with pytest.raises(AnswerError) as refused:
        read_answer(asked, {"sentence": "Faster claims. " * 140, "lens": "cost"})
    assert str(refused.value).endswith("is too long (at most 1000 characters)")
    assert "string" not in str(refused.value)
    feeling = {q.key: "3" for q in pulse.QUESTIONS}
    with pytest.raises(AnswerError) as refused:
        read_answer(question_for(example, Kind.PULSE), {**feeling, "concern": "x" * 2000})
    assert str(refused.value) == "the concern is 2,000 characters long: keep it under 500"


def test_dots_keep_to_the_workshops_dot_rules(example: Workshop) -> None:
    asked = question_for(example, Kind.VOTE)
    ballot = read_answer(asked, {"dots-0": "2", "dots-3": "1"})
    assert isinstance(ballot, Dots)
    assert ballot.as_dict() == {asked.choices[0]: 2, asked.choices[3]: 1}
    with pytest.raises(AnswerError, match="at most 2 dots on one"):
        read_answer(asked, {"dots-0": "3"})
    with pytest.raises(AnswerError, match="4 dots placed; each person has 3"):
        read_answer(asked, {"dots-0": "2", "dots-1": "2"})
    with pytest.raises(AnswerError, match="at least one dot"):
        read_answer(asked, {})
    with pytest.raises(AnswerError, match="whole number"):
        read_answer(asked, {"dots-0": "-1"})


def test_a_gut_check_names_an_initiative_by_its_place_in_the_list(example: Workshop) -> None:
    asked = question_for(example, Kind.GUT_CHECK)
    pick = read_answer(asked, {"initiative": "1", "instantly": "no"})
    assert (pick.initiative, pick.instantly) == (asked.choices[1], False)
    for sent in ("99", "-1", "Claims intake copilot"):
        with pytest.raises(AnswerError, match="choose the one initiative"):
            read_answer(asked, {"initiative": sent, "instantly": "yes"})


def test_a_pulse_answer_is_on_the_scale_and_in_a_known_group(example: Workshop) -> None:
    asked = question_for(example, Kind.PULSE)
    given = read_answer(
        asked, {"feeling": "4", "clarity": "2", "time_to_learn": "5", "group": "Claims"}
    )
    assert (given.feeling, given.clarity, given.time_to_learn, given.group) == (4, 2, 5, "Claims")
    with pytest.raises(AnswerError, match="from 1 to 5"):
        read_answer(asked, {"feeling": "6", "clarity": "2", "time_to_learn": "5"})
    with pytest.raises(AnswerError, match="groups listed"):
        read_answer(asked, {"feeling": "4", "clarity": "2", "time_to_learn": "5", "group": "Board"})
    with pytest.raises(AnswerError, match="under 500"):
        read_answer(
            asked,
            {"feeling": "4", "clarity": "2", "time_to_learn": "5", "concern": "x" * 501},
        )


def test_maturity_ratings_cover_every_dimension(example: Workshop) -> None:
    asked = question_for(example, Kind.MATURITY)
    codes = [d.code for d in maturity.dimensions()]
    rating = read_answer(asked, {f"score-{c}": "3" for c in codes})
    assert rating.as_dict() == dict.fromkeys(codes, 3)
    with pytest.raises(AnswerError, match="from 1 to 5"):
        read_answer(asked, {f"score-{c}": "3" for c in codes[1:]})
