"""Step 8's pulse: sealing, publishing in batches, and what the room may see."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from gaptools.core.model import Meta, PulseAnswer, Workshop
from gaptools.steps import pulse, secret
from gaptools.steps.pulse import Given, PulseError
from tests.support import elsewhere

DAY = dt.date(2026, 11, 18)


def _workshop(**settings: int) -> Workshop:
    return Workshop.model_validate({"meta": Meta(date=DAY).model_dump(), "settings": settings})


def _published(*scores: tuple[int, int, int], group: str = "", concern: str = "") -> list:
    return [
        PulseAnswer(feeling=a, clarity=b, time_to_learn=c, group=group, concern=concern)
        for a, b, c in scores
    ]


# -- collecting ----------------------------------------------------------------------------------


def test_an_answer_is_sealed_and_nothing_it_says_is_in_the_file() -> None:
    workshop = _workshop()
    pulse.open_pulse(workshop)
    pulse.answer(workshop, Given(2, 4, 1, "Will my team still be needed?"), DAY)
    saved = workshop.model_dump_json()
    assert (len(workshop.pulse.sealed), workshop.pulse.answers) == (1, [])
    assert "team still be needed" not in saved
    assert pulse.responses(workshop) == 1


def test_every_sealed_answer_has_the_same_length_whatever_it_says() -> None:
    workshop = _workshop()
    pulse.open_pulse(workshop)
    pulse.answer(workshop, Given(1, 1, 1), DAY)
    pulse.answer(workshop, Given(5, 5, 5, "x" * pulse.CONCERN_LIMIT), DAY)
    first, second = (s.data for s in workshop.pulse.sealed)
    assert len(first) == len(second)
    assert first != second


def test_the_batch_is_published_only_when_it_reaches_the_minimum() -> None:
    workshop = _workshop(pulse_minimum=3)
    pulse.open_pulse(workshop)
    seen = []
    for scores in [(1, 2, 3), (5, 5, 5), (4, 4, 2)]:
        pulse.answer(workshop, Given(*scores), DAY)
        seen.append((len(workshop.pulse.sealed), len(workshop.pulse.answers)))
    assert seen == [(1, 0), (2, 0), (0, 3)]
    pulse.answer(workshop, Given(3, 3, 3), DAY)  # a fourth waits for a batch of its own
    assert (len(workshop.pulse.sealed), len(workshop.pulse.answers)) == (1, 3)


def test_published_answers_keep_only_the_day() -> None:
    workshop = _workshop()
    pulse.open_pulse(workshop)
    for scores in [(1, 2, 3), (2, 2, 2), (3, 3, 3)]:
        pulse.answer(workshop, Given(*scores), DAY)
    stored = workshop.model_dump(mode="json")["pulse"]["answers"]
    assert {tuple(sorted(a)) for a in stored} == {
        ("clarity", "concern", "day", "feeling", "group", "id", "time_to_learn")
    }
    assert {a["day"] for a in stored} == {DAY.isoformat()}


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_the_published_list_is_the_same_whoever_answered_first(order: tuple[int, ...]) -> None:
    given = [Given(1, 5, 2, "A"), Given(4, 1, 3, "B"), Given(4, 1, 3, "")]
    workshop = _workshop()
    pulse.open_pulse(workshop)
    for n in order:
        pulse.answer(workshop, given[n], DAY)
    said = [a.model_dump(exclude={"id"}) for a in workshop.pulse.answers]
    reference = _workshop()
    pulse.open_pulse(reference)
    for g in given:
        pulse.answer(reference, g, DAY)
    assert said == [a.model_dump(exclude={"id"}) for a in reference.pulse.answers]


def test_ids_are_drawn_afresh_at_publication() -> None:
    workshop = _workshop()
    pulse.open_pulse(workshop)
    pulse.answer(workshop, Given(1, 1, 1), DAY)
    pulse.answer(workshop, Given(2, 2, 2), DAY)
    sealed_ids = {s.id for s in workshop.pulse.sealed}
    pulse.answer(workshop, Given(3, 3, 3), DAY)
    assert not sealed_ids & {a.id for a in workshop.pulse.answers}


def test_answers_sealed_at_another_screen_wait_for_the_collecting_one() -> None:
    """A leader's notebook does not hold the key: its answers wait, sealed, and the screen
    that opened the pulse publishes them."""
    workshop = _workshop()
    pulse.open_pulse(workshop)
    for scores in [(1, 2, 3), (5, 5, 5), (4, 4, 2)]:
        with elsewhere():  # each from a notebook of its own
            assert not pulse.collects_here(workshop)
            pulse.answer(workshop, Given(*scores), DAY)
    assert len(workshop.pulse.sealed) == 3
    with elsewhere(), pytest.raises(PulseError, match="only that screen can publish"):
        pulse.publish(workshop)
    assert pulse.publish(workshop).count == 3
    assert (workshop.pulse.sealed, len(workshop.pulse.answers)) == ([], 3)


def test_a_notebook_that_answers_twice_counts_once_and_fills_no_batch() -> None:
    """A leader answering twice from their own notebook made, with one other leader's answer,
    a batch of three: they took theirs away and read the other's answer and concern. The
    answers of one notebook count as one (the last), inside the seal, so a batch needs the
    minimum of notebooks, and the file shows nothing of who sent what."""
    workshop = _workshop()
    pulse.open_pulse(workshop)
    with elsewhere():
        pulse.answer(workshop, Given(5, 5, 5, "first thoughts"), DAY)
        pulse.answer(workshop, Given(5, 5, 4, "second thoughts"), DAY)
    with elsewhere():  # another leader's notebook
        pulse.answer(workshop, Given(1, 1, 2, "Nobody told us which jobs change first"), DAY)
    assert pulse.publish(workshop).count == 0  # two notebooks, not three
    assert len(workshop.pulse.sealed) == 3
    with elsewhere():  # a third leader's notebook
        pulse.answer(workshop, Given(3, 3, 3), DAY)
    assert pulse.publish(workshop).count == 3
    concerns = {a.concern for a in workshop.pulse.answers}
    assert "first thoughts" not in concerns  # replaced by the same notebook's last
    assert "second thoughts" in concerns
    assert workshop.pulse.sealed == []
    assert "sender" not in json.dumps(workshop.model_dump(mode="json")["pulse"])


def test_answers_passed_round_the_collecting_screen_each_count() -> None:
    """Pass the laptop: one screen, one person after another, each answer its own."""
    workshop = _workshop()
    pulse.open_pulse(workshop)
    for scores in [(1, 2, 3), (5, 5, 5), (4, 4, 2)]:
        pulse.answer(workshop, Given(*scores), DAY)
    assert len(workshop.pulse.answers) == 3


def test_a_concern_of_emoji_within_the_limit_is_sealed() -> None:
    """400 emoji, within the 500 characters the form allows, were refused: "an answer to seal
    must be at most 4096 bytes of text"."""
    workshop = _workshop()
    pulse.open_pulse(workshop)
    pulse.answer(workshop, Given(2, 2, 2, "😟" * pulse.CONCERN_LIMIT), DAY)
    assert len(workshop.pulse.sealed) == 1


def test_an_answer_is_refused_while_the_pulse_is_closed() -> None:
    with pytest.raises(PulseError, match="the pulse is not open"):
        pulse.answer(_workshop(), Given(3, 3, 3), DAY)


@pytest.mark.parametrize(
    ("given", "words"),
    [
        (Given(0, 3, 3), "from 1 to 5"),
        (Given(3, 6, 3), "from 1 to 5"),
        (Given(3, 3, 3, "x" * 501), "keep it under 500"),
        (Given(3, 3, 3, group="Marketing"), "'Marketing' is not one of the pulse's groups"),
    ],
)
def test_a_bad_answer_is_refused_in_words(given: Given, words: str) -> None:
    workshop = _workshop()
    pulse.open_pulse(workshop)
    with pytest.raises(PulseError, match=words):
        pulse.answer(workshop, given, DAY)
    assert workshop.pulse.sealed == []


def test_a_group_is_matched_as_people_write_it() -> None:
    workshop = _workshop()
    workshop.pulse.groups = ["Claims"]
    pulse.open_pulse(workshop)
    for group in [" claims ", "CLAIMS", "Claims"]:
        pulse.answer(workshop, Given(3, 3, 3, group=group), DAY)
    assert {a.group for a in workshop.pulse.answers} == {"Claims"}


def test_a_group_too_small_is_published_without_its_name() -> None:
    """A group of one in a batch would name its member's answer: a group is kept only when
    at least the minimum of it are published in the same batch, and then only if the rest of
    the batch is not left fewer than the minimum."""
    workshop = _workshop(pulse_minimum=3)
    workshop.pulse.groups = ["Claims", "Legal"]
    pulse.open_pulse(workshop)
    batches = [["Claims", "Claims", "Legal"], ["Claims", "Claims", "Claims"]]
    batches += [["Legal", "Claims", "Claims"]]
    for batch in batches:
        for group in batch:
            pulse.answer(workshop, Given(3, 3, 3, group=group), DAY)
    groups = [a.group for a in workshop.pulse.answers]
    assert (groups.count("Claims"), groups.count("Legal"), groups.count("")) == (3, 0, 6)


@pytest.mark.parametrize(
    "later",
    [["Claims", "Service", "Service"], ["Claims", "Claims", "Claims", "Legal"]],
    ids=["a late member of a large group", "the rest of the batch one person"],
)
def test_a_later_batch_never_singles_out_an_answer_by_its_group(later: list[str]) -> None:
    """Three from Claims published first; later one more from Claims beside two from Service.
    The group was large in the file, so the late answer kept 'Claims', and the file compared
    with its copy from before that batch tied it to the one late Claims leader. Nor may a
    batch keep its three Claims answers beside one from Legal, which the rest would name."""
    workshop = _workshop(pulse_minimum=3)
    workshop.pulse.groups = ["Claims", "Service", "Legal"]
    pulse.add_published(workshop, _published((4, 4, 4), (4, 4, 4), (4, 4, 4), group="Claims"))
    assert [a.group for a in workshop.pulse.answers] == ["Claims"] * 3
    before = {a.id for a in workshop.pulse.answers}
    batch = [
        PulseAnswer(feeling=n % 5 + 1, clarity=3, time_to_learn=3, group=group, concern=f"{n}")
        for n, group in enumerate(later)
    ]
    pulse.add_published(workshop, batch)
    added = [a for a in workshop.pulse.answers if a.id not in before]
    assert len(added) == len(later)
    assert {a.group for a in added} == {""}


def test_opening_again_after_a_restart_discards_what_nobody_can_read() -> None:
    workshop = _workshop()
    pulse.open_pulse(workshop)
    pulse.answer(workshop, Given(3, 3, 3), DAY)
    secret.forget_key(workshop.pulse.key)  # the collecting notebook restarted
    old_key = workshop.pulse.key
    with pytest.raises(PulseError, match=r"collected at another screen .*\(1 answer waiting"):
        pulse.open_pulse(workshop)
    assert workshop.pulse.key == old_key
    pulse.open_pulse(workshop, take_over=True)
    assert workshop.pulse.key != old_key
    assert workshop.pulse.sealed == []


def test_closing_with_answers_waiting_is_refused_unless_forced() -> None:
    workshop = _workshop()
    pulse.open_pulse(workshop)
    pulse.answer(workshop, Given(3, 3, 3), DAY)
    with pytest.raises(PulseError, match=r"^1 answer is still waiting .* minimum of 3 .*: it "):
        pulse.close_pulse(workshop)
    pulse.answer(workshop, Given(4, 4, 4), DAY)
    with pytest.raises(PulseError, match=r"^2 answers are still waiting .*: they would be lost"):
        pulse.close_pulse(workshop)
    pulse.close_pulse(workshop, force=True)
    assert (workshop.pulse.key, workshop.pulse.sealed) == ("", [])


def test_a_damaged_sealed_answer_is_counted_not_published() -> None:
    workshop = _workshop()
    pulse.open_pulse(workshop)
    pulse.answer(workshop, Given(3, 3, 3), DAY)
    workshop.pulse.sealed[0].data = "AAAA" + workshop.pulse.sealed[0].data[4:]
    for n in (4, 5, 2):
        pulse.answer(workshop, Given(n, n, n), DAY)
    assert [a.feeling for a in workshop.pulse.answers] == [2, 4, 5]


def test_a_sealed_payload_is_plain_json_with_the_day_only() -> None:
    workshop = _workshop()
    pulse.open_pulse(workshop)
    pulse.answer(workshop, Given(2, 3, 4, "ok"), DAY)
    opened = json.loads(secret.unseal(workshop.pulse.key, workshop.pulse.sealed[0].data))
    sender = opened.pop("sender")  # a random token, one per notebook: never a name
    assert len(sender) == 32
    assert int(sender, 16) >= 0
    assert opened == {
        "feeling": 2,
        "clarity": 3,
        "time_to_learn": 4,
        "concern": "ok",
        "group": "",
        "day": "2026-11-18",
    }


# -- what the room sees ----------------------------------------------------------------------------


def test_nothing_is_shown_below_the_minimum() -> None:
    workshop = _workshop(pulse_minimum=3)
    workshop.pulse.answers = _published((1, 1, 1), (5, 5, 5))
    view = pulse.pulse_view(workshop)
    assert not view.shown
    assert (view.distributions, view.concerns, view.groups) == ([], [], [])
    assert view.summary.startswith("Too few answers to show: 2 so far, 3 needed")


def test_the_distribution_counts_each_score_and_the_favourable_share() -> None:
    workshop = _workshop()
    workshop.pulse.answers = _published((1, 5, 2), (4, 4, 2), (5, 3, 4), (4, 2, 1))
    feeling, clarity, learning = pulse.pulse_view(workshop).distributions
    assert feeling.counts == (1, 0, 0, 2, 1)
    assert feeling.favourable == 3 / 4
    assert clarity.counts == (0, 1, 1, 1, 1)
    assert learning.counts == (1, 2, 0, 1, 0)
    assert learning.favourable == 1 / 4
    assert feeling.mean == (1 + 4 + 5 + 4) / 4


def test_the_summary_gives_each_favourable_share() -> None:
    workshop = _workshop()
    workshop.pulse.answers = _published((4, 1, 1), (5, 1, 1), (1, 1, 4))
    summary = pulse.pulse_view(workshop).summary
    assert summary.startswith("3 answers: 67% feel hopeful or excited")
    assert "0% find the leaders clear" in summary
    assert "33% have enough time to learn" in summary


def test_the_summary_rounds_a_half_share_up_as_the_charts_do() -> None:
    """One of eight leaders hopeful read 12% in the summary and 13% on the chart beside it."""
    workshop = _workshop()
    workshop.pulse.answers = _published((4, 1, 1), *[(1, 1, 1)] * 7)
    assert "13% feel hopeful or excited" in pulse.pulse_view(workshop).summary


def test_concerns_only_from_the_concerns_minimum() -> None:
    workshop = _workshop(pulse_minimum=3, concerns_minimum=5)
    workshop.pulse.answers = [
        *_published((3, 3, 3), concern="Jobs"),
        *_published((2, 3, 3), concern="Time"),
        *_published((4, 3, 3), (4, 4, 4)),
    ]
    view = pulse.pulse_view(workshop)
    assert view.shown
    assert view.concerns == []
    assert view.concerns_note.startswith("Concerns are shown from 5 answers (4 so far)")
    workshop.pulse.answers += _published((1, 1, 1), concern="Being watched")
    assert sorted(pulse.pulse_view(workshop).concerns) == ["Being watched", "Jobs", "Time"]


def test_concerns_are_shuffled_by_their_content_alone() -> None:
    concerns = [f"concern {n}" for n in range(12)]
    answers = [a for c in concerns for a in _published((3, 3, 3), concern=c)]
    shuffled = pulse.shuffled_concerns(answers)
    assert sorted(shuffled) == sorted(concerns)
    assert shuffled != sorted(concerns)  # not the stored (sorted) order
    assert pulse.shuffled_concerns(list(reversed(answers))) == shuffled


@pytest.mark.parametrize(
    ("sizes", "hidden"),
    [
        ({"A": 5, "B": 4, "C": 3}, set()),
        # C is under the minimum; B, the next smallest, goes too, so A + B + C - A != C.
        ({"A": 5, "B": 4, "C": 2}, {"B", "C"}),
        ({"A": 5, "B": 1, "C": 2}, {"B", "C", "A"}),
        ({"A": 7, "B": 6, "C": 4, "D": 1}, {"C", "D"}),
        ({"A": 3}, set()),
        ({"A": 2}, {"A"}),
        ({"A": 4, "B": 0}, set()),
    ],
)
def test_suppression_hides_small_groups_and_the_next_smallest(
    sizes: dict[str, int], hidden: set[str]
) -> None:
    assert pulse.suppressed(sizes, 3) == hidden


@pytest.mark.parametrize(
    "sizes",
    [
        {"A": 5, "B": 4, "C": 2},
        {"A": 3, "B": 3, "C": 1},
        {"A": 9, "B": 3, "C": 2, "D": 1},
        {"A": 4, "B": 2},
        {"A": 6, "B": 5, "C": 4, "D": 3, "E": 2},
    ],
)
def test_no_hidden_group_can_be_worked_out_by_subtraction(sizes: dict[str, int]) -> None:
    """The whole minus every shown group leaves the hidden ones together: never a single
    group, and never fewer answers than the minimum."""
    minimum = 3
    hidden = pulse.suppressed(sizes, minimum)
    left = sum(n for g, n in sizes.items() if g in hidden)
    shown = [g for g in sizes if g not in hidden]
    assert all(sizes[g] >= minimum for g in shown)
    if hidden:
        assert len(hidden) >= 2 or not shown
        assert left >= minimum or not shown


def test_group_views_show_only_groups_kept() -> None:
    workshop = _workshop(pulse_minimum=3)
    workshop.pulse.groups = ["Claims", "Service", "Legal"]
    workshop.pulse.answers = [
        *_published((4, 4, 4), (4, 4, 4), (4, 4, 4), (5, 5, 5), group="Claims"),
        *_published((2, 2, 2), (2, 2, 2), (1, 1, 1), group="Service"),
        *_published((1, 1, 1)),
    ]
    view = pulse.pulse_view(workshop)
    # "Group not given" has one answer: hidden, and Service (the next smallest) with it.
    assert [g.group for g in view.groups] == ["Claims"]
    assert view.hidden_groups == [pulse.NO_GROUP, "Service"]
    assert view.groups[0].distributions[0].counts == (0, 0, 0, 3, 1)
    assert view.answers == 8


def test_without_groups_there_is_no_group_view() -> None:
    workshop = _workshop()
    workshop.pulse.answers = _published((4, 4, 4), (3, 3, 3), (2, 2, 2))
    view = pulse.pulse_view(workshop)
    assert (view.groups, view.hidden_groups) == ([], [])


def test_a_leader_alone_is_pointed_to_the_survey_for_the_pulse() -> None:
    """Step 0's list said "no pulse yet" to a leader working alone, with no word of how one
    person takes a pulse that needs three: their team answers the survey."""
    from gaptools.core.model import Participant

    workshop = _workshop()
    workshop.meta.participants = [Participant(name="Sam Patel")]
    [gap] = pulse.pulse_gaps(workshop)
    assert gap.startswith("no pulse yet")
    assert "00b_survey" in gap
    workshop.meta.participants.append(Participant(name="Ana Lima"))
    assert "00b_survey" not in pulse.pulse_gaps(workshop)[0]


def test_missing_lines() -> None:
    workshop = _workshop()
    assert pulse.pulse_gaps(workshop) == [
        "no pulse yet: ask how people feel about what AI means for their work (step 8)"
    ]
    workshop.pulse.answers = _published((4, 4, 4), (3, 3, 3))
    assert pulse.pulse_gaps(workshop) == [
        "2 pulse answers so far: at least 3 are needed before the room's view can be shown (step 8)"
    ]
    workshop.pulse.answers += _published((2, 2, 2))
    assert pulse.pulse_gaps(workshop) == []
