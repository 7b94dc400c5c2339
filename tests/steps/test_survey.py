"""The pre-workshop survey: its questions, and what its responses add to a workshop."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gaptools.core.model import Lens, Workshop
from gaptools.steps import maturity, pulse, survey
from gaptools.steps.survey import Response, apply, questions, read_scale

DAY = dt.date(2026, 11, 20)
IDS = [q.id for q in questions()]
MATURITY = [f"maturity_{d.code}" for d in maturity.dimensions()]


def answers(
    success: str = "",
    lens: str = "",
    bet: str = "",
    instant: str = "",
    feel: tuple[str, str, str] | None = None,
    concern: str = "",
    rating: tuple[str, ...] | None = None,
) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for key, value in [
        ("success", success),
        ("lens", lens),
        ("gut_bet", bet),
        ("gut_instant", instant),
        ("pulse_concern", concern),
    ]:
        if value:
            found[key] = (value,)
    if feel:
        for q, value in zip(pulse.QUESTIONS, feel, strict=True):
            found[f"pulse_{q.key}"] = (value,)
    if rating:
        for key, value in zip(MATURITY, rating, strict=True):
            found[key] = (value,)
    return found


def response(n: int, name: str = "", **given: object) -> Response:
    return Response(f"ms:{n}", n + 1, name, answers(**given))  # type: ignore[arg-type]


def test_every_question_has_its_step_and_a_unique_id(example: Workshop) -> None:
    asked = questions(example)
    assert len({q.id for q in asked}) == len(asked)
    assert {q.step for q in asked} == {0, 2, 7, 8, 9}
    assert [q.text for q in asked if q.anonymous] == [
        *(q.text for q in pulse.QUESTIONS),
        pulse.CONCERN_QUESTION,
    ]
    bet = next(q for q in asked if q.id == "gut_bet")
    assert (bet.kind, list(bet.options)) == ("choice", [i.name for i in example.in_play()])
    assert next(q for q in questions() if q.id == "gut_bet").kind == "text"
    for q in asked:
        if q.kind == "scale":
            assert len(q.options) == 5
        json.dumps(q.as_json())


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("4", 4),
        ("4 - Hopeful", 4),
        ("  2 – Uneasy ", 2),
        ("hopeful", 4),
        ("Worried", 1),
        ("6", None),
        ("", None),
        ("Somewhat", None),
        ("5)", 5),
        ("3-4", None),  # a range, a fraction or a choice between two is no one score
        ("4.5", None),
        ("3 or 4", None),
        ("4/5", 4),  # the scale's top written after the score is no second score
        ("4 out of 5", 4),
        ("4 (of 5)", 4),
        ("4,0", 4),  # a score with zero decimals, as a sheet saved from a form writes it
        ("4.00 - Hopeful", 4),
        ("4,05", None),
    ],
)
def test_a_scale_is_read_as_a_number_or_its_label(text: str, score: int | None) -> None:
    assert read_scale(text, pulse.QUESTIONS[0].labels) == score


def test_named_answers_keep_the_name_and_a_second_answer_replaces_the_first(
    example: Workshop,
) -> None:
    example.success_definitions = []
    example.gut_checks = []
    bet = example.in_play()[0].name
    first = response(1, "Dana Whitfield", success="Faster claims", lens="Cost", bet=bet)
    report = apply(example, [first], DAY)
    assert (report.definitions, report.gut_checks, report.replaced) == (1, 1, 0)
    ids = (example.success_definitions[0].id, example.gut_checks[0].id)
    again = response(2, "dana whitfield", success="Happier staff", lens="Employee", bet=bet)
    report = apply(example, [again], DAY)
    assert report.replaced == 2
    # 'Added: 1 definition…' while the workshop held one as before: what replaced is said so.
    assert report.lines()[1].startswith("Added or replaced: 1 definition of success")
    # "2 of them replaced" read as 2 of the definitions: it counts answers of every kind.
    assert report.lines()[2].startswith(
        "2 of these answers took the place of the same person's earlier one (a definition, "
        "gut check or rating"
    )
    assert report.lines()[2].endswith("so the workshop holds that many fewer than added.")
    (definition,) = example.success_definitions
    assert (definition.participant, definition.lens) == ("Dana Whitfield", Lens.EMPLOYEE)
    assert len(example.gut_checks) == 1
    # The same entries changed, as a form showing them follows them (``replace_or_add``).
    assert (definition.id, example.gut_checks[0].id) == ids


def test_anonymous_answers_have_no_name_and_still_count(example: Workshop) -> None:
    example.success_definitions = []
    apply(
        example,
        [response(n, success=f"Sentence {n}", lens="Revenue") for n in range(3)],
        DAY,
    )
    assert [d.participant for d in example.success_definitions] == ["", "", ""]
    assert survey.digest("ms:0") in example.survey.imported


def test_pulse_answers_keep_no_trace_of_who_or_when(example: Workshop) -> None:
    example.pulse.answers = []
    rows = [
        response(n, f"Leader {n}", feel=(str(1 + n), "2", "3"), concern=f"worry {n}")
        for n in range(3)
    ]
    report = apply(example, rows, DAY)
    assert report.pulse == 3
    saved = example.model_dump(mode="json")["pulse"]["answers"]
    assert [a["feeling"] for a in saved] == [1, 2, 3]  # canonical order, not the rows'
    text = json.dumps(saved)
    assert "Leader" not in text
    assert "ms:" not in text
    assert {a["day"] for a in saved} == {DAY.isoformat()}


def test_too_few_new_pulse_answers_wait_for_a_later_export(example: Workshop) -> None:
    example.pulse.answers = []
    two = [response(n, feel=("3", "3", "3")) for n in range(2)]
    report = apply(example, two, DAY)
    assert (report.pulse, report.pulse_waiting) == (0, 2)
    assert example.pulse.answers == []
    later = [*two, response(2, feel=("4", "4", "4"))]
    report = apply(example, later, DAY)
    assert (report.already, report.pulse) == (2, 3)
    assert len(example.pulse.answers) == 3


def test_importing_the_same_export_again_adds_nothing(example: Workshop) -> None:
    example.success_definitions = []
    example.pulse.answers = []
    rows = [
        response(n, success=f"S{n}", lens="Cost", feel=("2", "2", "2"), rating=("3",) * 6)
        for n in range(4)
    ]
    apply(example, rows, DAY)
    before = example.model_dump()
    report = apply(example, rows, DAY)
    assert report.already == 4
    assert example.model_dump() == before
    more = [*rows, response(4, success="S4", lens="Cost"), response(5, success="S5", lens="Cost")]
    report = apply(example, more, DAY)
    assert (report.already, report.definitions) == (4, 2)
    assert len(example.success_definitions) == 6


def test_anonymous_ratings_carry_nothing_drawn_from_their_row(example: Workshop) -> None:
    """An anonymous rating was labelled "Anonymous response b8c19d", the start of a digest
    of the response's ID in the form (1, 2, 3…): anyone reading the workshop could work out
    which row of the export, and so which sender, each rating was."""
    example.maturity.ratings = []
    rows = [response(n, rating=(str(6 - n), "2", "3", "4", "5", "3")) for n in (1, 2, 3)]
    apply(example, rows, DAY)
    assert "Anonymous response" not in example.model_dump_json()
    assert [r.rater for r in example.maturity.ratings] == ["", "", ""]
    # In an order of what they say, not of the rows they came from.
    assert [r.scores["operational"] for r in example.maturity.ratings] == [3, 4, 5]
    again = apply(example, rows, DAY)  # the same export again adds nothing
    assert (again.already, len(example.maturity.ratings)) == (3, 3)


def test_unusable_answers_are_reported_by_row(example: Workshop) -> None:
    ann, bo, cy = (p.name for p in example.meta.participants[:3])
    rows = [
        response(1, ann, success="No lens given"),
        response(2, bo, bet="Moon base"),
        response(3, cy, rating=("1", "2", "x", "4", "5", "3")),
        response(4, feel=("9", "2", "2")),
        response(5, feel=("3", "", "2")),
    ]
    report = apply(example, rows, DAY)
    assert [row for row, _ in report.problems] == [2, 3, 4]
    reasons = " | ".join(reason for _, reason in report.problems)
    assert "without a lens" in reasons
    assert "'Moon base', which is not in the portfolio" in reasons
    assert "'x' is not a rating of 1 to 5 for Governance readiness" in reasons
    # An unreadable pulse answer is counted, never tied to its row (and so to its author).
    assert report.pulse_unreadable == 2
    assert "2 pulse answers could not be read" in " ".join(report.lines())


def test_the_report_reads_in_words(example: Workshop) -> None:
    example.pulse.answers = []
    rows = [response(n, feel=("3", "3", "3")) for n in range(2)]
    lines = apply(example, rows, DAY).lines()
    assert lines[0] == "2 responses read: 2 new, 0 imported before."
    assert lines[1].startswith("Added: 0 definitions of success, 0 gut checks")
    assert "2 new pulse answers kept back" in lines[2]


@pytest.mark.parametrize(
    ("said", "instantly", "problem"),
    [
        ("Yes", True, ""),
        ("no", False, ""),
        ("Maybe", False, "'Maybe' is not Yes or No"),
        ("", False, "no answer"),
    ],
)
def test_named_at_once_only_when_the_leader_said_yes(
    example: Workshop, said: str, instantly: bool, problem: str
) -> None:
    """'Maybe', 'Nope' or nothing was filed as named at once, with no word: it overstated the
    room's conviction, which is what the question measures."""
    example.gut_checks = []
    bet = example.in_play()[0].name
    report = apply(example, [response(1, "Dana Whitfield", bet=bet, instant=said)], DAY)
    (check,) = example.gut_checks
    assert (check.initiative, check.instantly) == (bet, instantly)
    reasons = [reason for row, reason in report.problems if row == 2]
    if problem:
        (reason,) = reasons
        assert reason.startswith(problem)
        assert reason.endswith("kept as not named at once")
    else:
        assert reasons == []


def test_one_unreadable_pulse_answer_agrees_with_its_verb(example: Workshop) -> None:
    lines = apply(example, [response(1, feel=("9", "2", "2"))], DAY).lines()
    assert any(
        line.startswith("1 pulse answer could not be read") and " and was left out;" in line
        for line in lines
    )


def test_a_name_not_on_the_participant_list_is_said(example: Workshop) -> None:
    """A typo ('Dana Whitfeld') came in as a second person beside the leader, with no word."""
    listed = example.meta.participants[0].name
    report = apply(example, [response(1, listed + "x", success="Claims in days", lens="Cost")], DAY)
    [(row, said)] = report.problems
    assert row == 2
    assert said.startswith(f"'{listed}x' is not on the participant list")
    # "Correct it in the export" alone did nothing: the row was read already. What to do is
    # said once, under the rows: it was a paragraph repeated on every row it concerned.
    [advice] = [line for line in report.lines() if "take this import back" in line]
    assert advice.startswith("1 name is not on the participant list")
    assert "correct the export and import it again" in advice
    assert "take this import back" not in said
    assert any(d.participant == listed + "x" for d in example.success_definitions)  # kept
    assert not apply(
        example, [response(2, listed.upper(), success="Again", lens="Cost")], DAY
    ).problems
    example.meta.participants = []  # a workshop that lists nobody: nothing to compare with
    assert not apply(example, [response(3, "Anyone", success="S", lens="Cost")], DAY).problems


@pytest.mark.parametrize("written", ["{} (CUO)", "  {} ", "{} - Chief Underwriting Officer"])
def test_a_name_with_its_role_added_is_the_listed_leader(example: Workshop, written: str) -> None:
    """'Priya Shah (CUO)' stood beside Priya Shah as a second person, and 'tom becker ' kept
    its own spelling in steps 2 and 7: a name that is a listed leader's, with a role added
    after it or written otherwise, is that leader, spelt as the list spells it, and said."""
    example.success_definitions = []
    listed = example.meta.participants[1].name
    typed = written.format(listed.lower())
    report = apply(example, [response(1, typed, success="Claims in days", lens="Cost")], DAY)
    assert [d.participant for d in example.success_definitions] == [listed]
    if typed.strip().casefold() != listed.casefold():
        assert report.problems == [
            (2, f"'{typed.strip()}' read as '{listed}', as listed in step 0")
        ]


def test_a_hyphen_inside_a_name_is_not_a_role(example: Workshop) -> None:
    example.meta.participants[0].name = "Anne"
    report = apply(example, [response(1, "Anne-Marie Dupont", success="S", lens="Cost")], DAY)
    assert "Anne-Marie Dupont" in [d.participant for d in example.success_definitions]
    assert "is not on the participant list" in report.problems[0][1]


@pytest.mark.parametrize(
    ("typed", "lens"),
    [
        ("Cost / efficiency", Lens.COST),
        ("Customer experience", Lens.CUSTOMER),
        ("Risk & compliance", Lens.RISK_COMPLIANCE),
        ("risk", Lens.RISK_COMPLIANCE),
    ],
)
def test_a_lens_typed_under_other_is_read_when_it_names_one(
    example: Workshop, typed: str, lens: Lens
) -> None:
    """A leader who typed 'Cost / efficiency' under 'Other' lost their whole definition of
    success: a typed lens that names exactly one of the lenses is read as it, and said."""
    example.success_definitions = []
    report = apply(
        example, [response(1, "Dana Whitfield", success="Faster claims", lens=typed)], DAY
    )
    [definition] = example.success_definitions
    assert definition.lens == lens
    assert (2, f"lens '{typed}' read as {lens.label}") in report.problems


def test_a_typed_lens_naming_none_or_two_is_still_skipped(example: Workshop) -> None:
    example.success_definitions = []
    for typed in ("Speed", "Cost and revenue"):
        apply(example, [response(1, "Dana Whitfield", success="S", lens=typed)], DAY)
    assert example.success_definitions == []


def test_one_person_answering_twice_counts_once_in_the_pulse(example: Workshop) -> None:
    """Mike answered the survey twice under his name: his definition was replaced, but both
    his pulse answers were published, six answers from five people. In one export, a named
    person's later pulse answer replaces their earlier one; importing it again adds none."""
    example.pulse.answers = []
    rows = [
        response(1, "Dana Whitfield", feel=("2", "1", "1")),
        response(2, "Priya Raman", feel=("2", "1", "1")),
        response(3, "Tom Okafor", feel=("2", "1", "1")),
        response(4, "Tom Okafor", feel=("5", "1", "1")),
    ]
    report = apply(example, rows, DAY)
    assert len(example.pulse.answers) == 3
    assert sorted(a.feeling for a in example.pulse.answers) == [2, 2, 5]
    assert report.pulse == 3
    assert "1 pulse answer was replaced by the same person's later one." in report.lines()
    assert apply(example, rows, DAY).pulse_waiting == 0
    assert len(example.pulse.answers) == 3


def test_a_second_export_adding_to_a_pulse_held_already_says_answers_may_count_twice(
    example: Workshop,
) -> None:
    """The same nine leaders' Microsoft Forms export, then their Google Forms one: 19 pulse
    answers from 9 leaders, without a word. An anonymous answer cannot be found again to be
    replaced, so the import says what it added to."""
    example.pulse.answers = []
    names = ["Dana Whitfield", "Priya Raman", "Tom Okafor"]
    first = apply(
        example, [response(n, name, feel=("2", "1", "1")) for n, name in enumerate(names)], DAY
    )
    assert not any("counts twice" in line for line in first.lines())
    google = [
        Response(f"google:{n}", n + 2, name, answers(feel=("3", "3", "3")))
        for n, name in enumerate(names)
    ]
    said = apply(example, google, DAY).lines()
    assert len(example.pulse.answers) == 6
    [note] = [line for line in said if line.startswith("Note:")]
    assert note.startswith("Note: the pulse already holds 3 answers from before this import")
    assert "counts twice if they answer again" in note


def test_a_gut_check_naming_no_initiative_is_quoted_short(example: Workshop) -> None:
    """460 characters of an answer were quoted in full in the import report's line."""
    pick = "Fraud signal analytics, or else the claims copilot, depending on " * 8
    said = apply(example, [response(1, "Dana Whitfield", bet=pick, instant="Yes")], DAY)
    [(row, reason)] = said.problems
    assert reason.startswith(f"the gut check names '{pick[: survey.QUOTED - 1].rstrip()}…'")
    assert len(reason) < survey.QUOTED + 70  # the quote and the words around it


def test_answers_longer_than_the_workshop_keeps_are_cut_and_said(example: Workshop) -> None:
    """A 5,000-character definition was kept as its first 1,000, and a 5,400-character worry
    as its first 500, and the report said only "Added: 3 definitions"."""
    example.pulse.answers = []
    long = "We settle claims faster. " * 200
    rows = [
        response(1, "Dana Whitfield", success=long, lens="Cost", feel=("2", "2", "2")),
        response(2, "Priya Raman", feel=("2", "2", "2"), concern="I worry. " * 600),
        response(3, "Tom Okafor", feel=("2", "2", "2"), concern="Time."),
    ]
    said = apply(example, rows, DAY).lines()
    assert f"Row 2: the definition of success runs to {len(long.strip()):,} characters: its " in (
        "\n".join(said)
    )
    assert "1 pulse concern was longer than 500 characters" in "\n".join(said)
    assert not any(line.startswith("Row 3") for line in said)
    [definition] = [d for d in example.success_definitions if d.participant == "Dana Whitfield"]
    assert definition.sentence == long[: survey.SENTENCE_LIMIT].strip()


def test_anonymous_ratings_reach_the_workshop_in_batches(example: Workshop) -> None:
    """An export bringing one anonymous rating added it alone: comparing the file with its
    backup showed which rating it was, and the new row's digest which response in the form."""
    example.maturity.ratings = []
    example.settings.pulse_minimum = 3
    rating = ("2", "3", "3", "4", "2", "3")
    first = apply(example, [response(1, rating=rating)], DAY)
    assert (first.ratings, first.ratings_waiting, example.maturity.ratings) == (0, 1, [])
    assert any("1 new anonymous maturity rating kept back" in line for line in first.lines())
    later = [response(n, rating=rating) for n in (1, 2, 3)]  # the same export, two rows more
    second = apply(example, later, DAY)
    assert (second.ratings, second.ratings_waiting) == (3, 0)
    assert len(example.maturity.ratings) == 3
    again = apply(example, later, DAY)  # and never twice
    assert (again.ratings, len(example.maturity.ratings)) == (0, 3)
    named = apply(example, [response(4, "Dana Whitfield", rating=rating)], DAY)
    assert named.ratings == 1  # a named rating is no secret: it is added at once


def test_which_named_pulse_was_left_out_is_not_in_the_file(example: Workshop) -> None:
    """A named row whose pulse could not be read (or was left empty) stayed out of the list
    of rows whose pulse is in, while the rest of its batch went in: a Microsoft row's key is
    its small ID, and its named answers give its name, so the file showed whose answer was
    unreadable. Once a batch is published, every row read with it is in that list."""
    example.pulse.answers = []
    names = [p.name for p in example.meta.participants[:5]]
    rows = [response(n, names[n], feel=("4", "3", "2")) for n in range(3)]
    rows += [response(3, names[3], feel=("3-4", "3", "2"))]
    rows.append(response(4, names[4], success="Claims in days", lens="Cost"))
    report = apply(example, rows, DAY)
    assert (report.pulse, report.pulse_unreadable) == (3, 1)
    assert set(example.survey.pulse_imported) == set(example.survey.imported)
