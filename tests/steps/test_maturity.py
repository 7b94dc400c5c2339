"""Step 9's execution maturity: ratings named or sealed, and what the room sees."""

from __future__ import annotations

import datetime as dt

import pytest

from gaptools.core.model import MaturityRating, Meta, Workshop
from gaptools.core.quarter import day_text
from gaptools.core.resources import load_json
from gaptools.steps import maturity
from gaptools.steps.maturity import MaturityError, maturity_view
from gaptools.summaries.status import summary
from tests.support import elsewhere

DAY = dt.date(2026, 11, 18)
CODES = [d["code"] for d in load_json("maturity.json")["dimensions"]]


def scores(*values: int) -> dict[str, int]:
    return dict(zip(CODES, values, strict=True))


def _workshop() -> Workshop:
    return Workshop(meta=Meta(date=DAY))


def test_the_data_file_gives_six_dimensions_of_five_levels() -> None:
    found = maturity.dimensions()
    assert [d.label for d in found] == [
        "Operational maturity",
        "Execution discipline",
        "Governance readiness",
        "Cross-functional coordination",
        "Prioritisation quality",
        "Scalable delivery",
    ]
    assert all(len(d.levels) == 5 and all(d.levels) for d in found)
    assert maturity.sources()


def test_a_named_rating_replaces_the_leaders_earlier_one() -> None:
    workshop = _workshop()
    maturity.rate(workshop, "Dana Whitfield", scores(1, 2, 3, 4, 5, 1), DAY)
    first = workshop.maturity.ratings[0].id
    maturity.rate(workshop, " dana  whitfield ", scores(2, 2, 2, 2, 2, 2), DAY)
    (rating,) = workshop.maturity.ratings
    assert rating.scores == scores(2, 2, 2, 2, 2, 2)
    assert rating.id == first  # the same entry changed
    assert maturity.raters(workshop) == 1


def test_a_leaders_own_rating_is_found_by_their_name_however_typed() -> None:
    workshop = _workshop()
    maturity.rate(workshop, "Dana Whitfield", scores(1, 2, 3, 4, 5, 1), DAY)
    own = maturity.named_rating(workshop, "  DANA whitfield")
    assert own is not None
    assert own.scores == scores(1, 2, 3, 4, 5, 1)
    assert maturity.named_rating(workshop, "Priya Raman") is None
    assert maturity.named_rating(workshop, " ") is None
    workshop.maturity.mode = "anonymous"
    assert maturity.named_rating(workshop, "Dana Whitfield") is None


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({**scores(1, 2, 3, 4, 5, 1), "vibes": 3}, "'vibes' is not one of the six dimensions"),
        (dict(list(scores(1, 2, 3, 4, 5, 1).items())[:5]), "Scalable delivery not rated yet"),
        (scores(1, 2, 3, 4, 5, 6), "rate Scalable delivery from 1 to 5"),
        (scores(0, 2, 3, 4, 5, 1), "rate Operational maturity from 1 to 5"),
    ],
)
def test_a_rating_must_cover_the_six_dimensions_from_1_to_5(
    given: dict[str, int], words: str
) -> None:
    with pytest.raises(MaturityError, match=words):
        maturity.rate(_workshop(), "Dana", given, DAY)


def test_a_named_rating_needs_a_name() -> None:
    with pytest.raises(MaturityError, match="say who is rating"):
        maturity.rate(_workshop(), "  ", scores(3, 3, 3, 3, 3, 3), DAY)


def test_anonymous_ratings_are_sealed_and_published_in_a_batch() -> None:
    workshop = _workshop()
    maturity.set_mode(workshop, "anonymous")
    with pytest.raises(MaturityError, match="open them there first"):
        maturity.rate(workshop, "", scores(3, 3, 3, 3, 3, 3), DAY)
    maturity.open_collecting(workshop)
    maturity.rate(workshop, "Dana", scores(1, 1, 1, 1, 1, 1), DAY)
    maturity.rate(workshop, "", scores(5, 5, 5, 5, 5, 5), DAY)
    assert (len(workshop.maturity.sealed), workshop.maturity.ratings) == (2, [])
    assert "Dana" not in workshop.model_dump_json()
    assert maturity.raters(workshop) == 2
    maturity.rate(workshop, "", scores(3, 3, 3, 3, 3, 3), DAY)
    ratings = workshop.maturity.ratings
    assert workshop.maturity.sealed == []
    assert [r.rater for r in ratings] == ["", "", ""]
    assert [r.scores["operational"] for r in ratings] == [1, 3, 5]  # by content, not by order


def test_sealed_ratings_have_one_size() -> None:
    workshop = _workshop()
    maturity.set_mode(workshop, "anonymous")
    maturity.open_collecting(workshop)
    maturity.rate(workshop, "", scores(1, 1, 1, 1, 1, 1), DAY)
    maturity.rate(workshop, "", scores(5, 4, 5, 4, 5, 4), DAY)
    assert len({len(s.data) for s in workshop.maturity.sealed}) == 1


def _collecting() -> Workshop:
    """Anonymous ratings, collected at this screen."""
    workshop = _workshop()
    maturity.set_mode(workshop, "anonymous")
    maturity.open_collecting(workshop)
    return workshop


def test_ratings_from_another_screen_wait_for_the_collecting_one() -> None:
    workshop = _collecting()
    for n in (2, 3, 4):
        with elsewhere():  # each from a notebook of its own
            maturity.rate(workshop, "", scores(n, n, n, n, n, n), DAY)
    with elsewhere():
        assert maturity.publish(workshop) == 0
        with pytest.raises(MaturityError, match="already collected at another screen"):
            maturity.open_collecting(workshop)
    assert maturity.publish(workshop) == 3


def test_one_notebook_rating_twice_counts_once() -> None:
    """Anonymous ratings are batched as the pulse is: two from one notebook and one from
    another were a batch of three, and the one other rating could be read off it."""
    workshop = _collecting()
    with elsewhere():
        maturity.rate(workshop, "", scores(5, 5, 5, 5, 5, 5), DAY)
        maturity.rate(workshop, "", scores(4, 4, 4, 4, 4, 4), DAY)
    with elsewhere():
        maturity.rate(workshop, "", scores(1, 1, 1, 1, 1, 1), DAY)
    assert maturity.publish(workshop) == 0
    maturity.rate(workshop, "", scores(3, 3, 3, 3, 3, 3), DAY)  # at the collecting screen
    assert sorted(r.scores["operational"] for r in workshop.maturity.ratings) == [1, 3, 4]


def test_the_mode_is_chosen_before_the_first_rating() -> None:
    workshop = _workshop()
    maturity.rate(workshop, "Dana", scores(3, 3, 3, 3, 3, 3), DAY)
    with pytest.raises(MaturityError, match="chosen before the first one"):
        maturity.set_mode(workshop, "anonymous")
    maturity.set_mode(workshop, "named")  # no change is always allowed


def test_the_view_gives_medians_ranges_questions_and_the_weakest() -> None:
    """Three leaders: by hand, medians 2, 3, 4, 3, 3, 2; ranges 1–3, 3–3, 2–5, 2–4, 3–3, 1–2."""
    workshop = _workshop()
    workshop.maturity.ratings = [
        MaturityRating(rater="A", scores=scores(1, 3, 2, 2, 3, 1)),
        MaturityRating(rater="B", scores=scores(2, 3, 4, 3, 3, 2)),
        MaturityRating(rater="C", scores=scores(3, 3, 5, 4, 3, 2)),
    ]
    view = maturity_view(workshop)
    assert [r.median for r in view.readings] == [2, 3, 4, 3, 3, 2]
    assert [(r.low, r.high) for r in view.readings] == [
        (1, 3),
        (3, 3),
        (2, 5),
        (2, 4),
        (3, 3),
        (1, 2),
    ]
    assert [r.dimension.code for r in view.questions] == [
        "operational",
        "governance",
        "coordination",
    ]
    assert [r.dimension.code for r in view.weakest] == ["operational", "delivery"]
    assert view.summary == (
        "3 ratings. Weakest: Operational maturity and Scalable delivery (median 2 of 5). "
        "Leaders differ by 2 or more on Operational maturity (1–3), Governance readiness "
        "(2–5), Cross-functional coordination (2–4): a question for the room."
    )


def test_no_rating_shows_nothing_and_is_missing() -> None:
    workshop = _workshop()
    assert not maturity_view(workshop).shown
    assert maturity.maturity_gaps(workshop) == [
        "no leader has rated execution maturity yet (step 9)"
    ]


def test_rating_again_next_quarter_keeps_the_last_round_to_compare() -> None:
    """A leader rating again a quarter later replaced their first rating: the room's medians
    then mixed one April rating with seven November ones, and nothing showed what had
    moved, though the guide says to rate again next quarter and see."""
    workshop = _workshop()
    for name, governance in (("Ann", 1), ("Bo", 2), ("Cy", 2)):
        maturity.rate(workshop, name, scores(3, 3, governance, 3, 3, 3), DAY)
    april = DAY + dt.timedelta(days=140)
    maturity.rate(workshop, "Ann", scores(3, 3, 3, 3, 3, 3), april)
    maturity.rate(workshop, "Bo", scores(3, 3, 4, 3, 3, 3), april)
    assert len(workshop.maturity.ratings) == 5  # November's three stay
    view = maturity_view(workshop)
    assert view.ratings == 2
    governance = next(r for r in view.readings if r.dimension.code == "governance")
    assert governance.scores == (3, 4)
    assert [(r.dimension.code, before) for r, before in view.moved] == [("governance", 2)]
    assert view.summary.endswith(
        f"Since the 3 ratings of {day_text(DAY)} (2 so far this round): Governance readiness "
        "2 → 3.5."
    )
    # Within the round, a second rating replaces the leader's own, as before.
    maturity.rate(workshop, "Bo", scores(3, 3, 3, 3, 3, 3), april + dt.timedelta(days=1))
    assert len(workshop.maturity.ratings) == 5
    assert maturity_view(workshop).since == (
        f"Since the 3 ratings of {day_text(DAY)} (2 so far this round): Governance readiness 2 → 3."
    )


def test_leaders_rating_again_within_the_quarter_count_once() -> None:
    """Three of eight leaders rated again at a debrief: status counted 11 raters, both rounds,
    where step 9 showed 3 ratings of the last."""
    workshop = _workshop()
    for name in ("Ann", "Bo", "Cy", "Di"):
        maturity.rate(workshop, name, scores(2, 2, 2, 2, 2, 2), DAY)
    later = DAY + dt.timedelta(days=60)  # a debrief two months on, the session unchanged
    for name in ("Ann", "Bo"):
        maturity.rate(workshop, name, scores(3, 3, 3, 3, 3, 3), later)
    assert maturity.raters(workshop) == maturity_view(workshop).ratings == 2
    assert summary(workshop, later)["maturity_raters"] == 2


def test_the_next_quarter_chooses_named_or_anonymous_afresh() -> None:
    """The quarter's file kept last quarter's ratings to compare with, and refused the mode
    though none had been given in it."""
    workshop = _workshop()
    maturity.rate(workshop, "Ann", scores(3, 3, 3, 3, 3, 3), DAY)
    workshop.meta.date = DAY + dt.timedelta(days=120)  # the next quarter's session
    maturity.set_mode(workshop, "anonymous")
    assert workshop.maturity.mode == "anonymous"
    maturity.open_collecting(workshop)
    maturity.rate(workshop, "", scores(2, 2, 2, 2, 2, 2), workshop.meta.date)
    with pytest.raises(MaturityError, match="chosen before the first one"):
        maturity.set_mode(workshop, "named")  # this quarter's first is in


def test_a_survey_before_the_workshop_and_the_workshop_are_one_round() -> None:
    workshop = _workshop()
    maturity.rate(workshop, "Ann", scores(1, 1, 1, 1, 1, 1), DAY - dt.timedelta(days=20))
    maturity.rate(workshop, "Bo", scores(3, 3, 3, 3, 3, 3), DAY)
    maturity.rate(workshop, "Ann", scores(2, 2, 2, 2, 2, 2), DAY)  # changed her mind
    view = maturity_view(workshop)
    assert (view.ratings, view.earlier) == (2, [])
    assert [r.median for r in view.readings] == [2.5] * 6


def test_ratings_from_before_they_carried_a_day_are_the_first_round() -> None:
    """An undated rating (an older file) began a round that every later rating then joined,
    since the round had no day to count six weeks from."""
    workshop = _workshop()
    workshop.maturity.ratings = [MaturityRating(rater="Ann", scores=scores(1, 1, 1, 1, 1, 1))]
    maturity.rate(workshop, "Bo", scores(2, 2, 2, 2, 2, 2), DAY)
    april = DAY + dt.timedelta(days=140)
    maturity.rate(workshop, "Ann", scores(3, 3, 3, 3, 3, 3), april)
    assert [len(r) for r in maturity.rounds(workshop.maturity.ratings)] == [2, 1]
    view = maturity_view(workshop)
    assert (view.ratings, view.earlier_ratings, view.earlier_day) == (1, 2, DAY)
    # Within the first round, Ann's undated rating is hers to replace.
    workshop.maturity.ratings = workshop.maturity.ratings[:2]
    maturity.rate(workshop, "Ann", scores(4, 4, 4, 4, 4, 4), DAY)
    assert len(workshop.maturity.ratings) == 2


def test_ratings_of_a_round_before_the_session_are_said_not_lost() -> None:
    """The session's date moved from 3 Dec to 1 Feb: step 9 said "No maturity rating yet"
    and step 0 "no leader has rated", as if the ratings were gone."""
    from gaptools.files.home import example_workshop

    workshop = example_workshop()
    given = maturity_view(workshop).ratings
    first = maturity.first_day(workshop.maturity.ratings)
    assert first is not None
    workshop.meta.date = first + dt.timedelta(days=maturity.ROUND_DAYS + 30)
    view = maturity_view(workshop)
    assert view.summary == (
        "No maturity rating this round yet. The round before: "
        f"{given} ratings of {day_text(first)}."
    )
    [gap] = maturity.maturity_gaps(workshop)
    assert gap.startswith("no leader has rated execution maturity this round yet; ")
    assert f"the round before: {given} ratings of {day_text(first)}" in gap
