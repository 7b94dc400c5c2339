"""Leaders' own copies merged back: by stable key, conflicts reported, idempotent, and, with
no conflict, the same whatever the order of the copies."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaptools.core.model import (
    Cycle,
    GutCheck,
    Lens,
    MaturityRating,
    PulseAnswer,
    SuccessDefinition,
    Workshop,
)
from gaptools.steps.merge import NotACopy, merge
from tests.support import example_workshop

LEADERS = ["Dana Whitfield", "Priya Raman", "Tom Okafor", "Marcus Lee"]


@pytest.fixture
def base() -> Workshop:
    workshop = example_workshop()
    workshop.success_definitions = []
    workshop.gut_checks = []
    workshop.maturity.ratings = []
    workshop.pulse.answers = []
    return workshop


def copy_of(workshop: Workshop) -> Workshop:
    return workshop.model_copy(deep=True)


def dump(workshop: Workshop) -> dict:
    return workshop.model_dump(mode="json")


def test_a_copys_new_answers_are_added(base: Workshop) -> None:
    copy = copy_of(base)
    copy.success_definitions.append(
        SuccessDefinition(participant="Dana Whitfield", sentence="Claims in days", lens=Lens.COST)
    )
    copy.gut_checks.append(
        GutCheck(participant="Dana Whitfield", initiative="Claims intake copilot")
    )
    copy.maturity.ratings.append(MaturityRating(rater="Dana Whitfield", scores={"operational": 2}))
    report = merge(base, [("dana.json", copy)])
    assert report.added == {"definition": 1, "gut check": 1, "maturity rating": 1}
    assert [d.sentence for d in base.success_definitions] == ["Claims in days"]
    assert report.conflicts == []


def test_a_copy_made_before_a_rename_comes_back_under_the_names_here(base: Workshop) -> None:
    """Tom Okafor renamed Tomas here after his copy was made, and the claims copilot renamed:
    his copy's gut check, commitment and rating came back as a second leader's, on an
    initiative no longer in the portfolio. Matched by id, they are Tomas's, on its new name."""
    from gaptools.steps.portfolio import rename_initiative
    from gaptools.steps.start import rename_participant

    copy = copy_of(base)
    copy.gut_checks.append(GutCheck(participant="Tom Okafor", initiative="Claims intake copilot"))
    copy.maturity.ratings.append(MaturityRating(rater="Tom Okafor", scores={"operational": 3}))
    tom = next(p for p in base.meta.participants if p.name == "Tom Okafor")
    rename_participant(base, tom, "Tomas Okafor")
    rename_initiative(base, base.initiative("Claims intake copilot"), "Claims intake assistant")

    report = merge(base, [("tom.json", copy)])
    assert report.added == {"gut check": 1, "maturity rating": 1}
    assert report.conflicts == []
    assert [(g.participant, g.initiative) for g in base.gut_checks] == [
        ("Tomas Okafor", "Claims intake assistant")
    ]
    assert [r.rater for r in base.maturity.ratings] == ["Tomas Okafor"]
    leaders = [c.leader for c in base.commitments]
    assert leaders.count("Tomas Okafor") == 1
    assert "Tom Okafor" not in leaders
    assert not any("differs in its name" in line for line in report.left_out)


def test_merging_again_changes_nothing(base: Workshop) -> None:
    copy = copy_of(base)
    copy.success_definitions.append(
        SuccessDefinition(participant="Priya Raman", sentence="Fewer handoffs", lens=Lens.EMPLOYEE)
    )
    merge(base, [("priya.json", copy)])
    once = dump(base)
    report = merge(base, [("priya.json", copy)])
    assert dump(base) == once
    assert report.lines() == ["Added: nothing new."]


def test_an_entry_changed_differently_is_a_conflict_and_the_workshop_keeps_its_own(
    base: Workshop,
) -> None:
    base.success_definitions.append(
        SuccessDefinition(participant="Tom Okafor", sentence="Brokers happier", lens=Lens.CUSTOMER)
    )
    copy = copy_of(base)
    copy.success_definitions[0].sentence = "Renewals faster"
    report = merge(base, [("tom.json", copy)])
    (conflict,) = report.conflicts
    assert conflict.source == "tom.json"
    assert "Brokers happier" in conflict.ours
    assert "Renewals faster" in conflict.theirs
    assert base.success_definitions[0].sentence == "Brokers happier"
    assert "1 conflict" in report.lines()[1]


def test_prefer_takes_the_copys_side(base: Workshop) -> None:
    base.success_definitions.append(
        SuccessDefinition(participant="Tom Okafor", sentence="Brokers happier", lens=Lens.CUSTOMER)
    )
    copy = copy_of(base)
    copy.success_definitions[0].sentence = "Renewals faster"
    merge(base, [("tom.json", copy)], prefer="tom.json")
    assert base.success_definitions[0].sentence == "Renewals faster"


def test_an_empty_value_or_owner_is_filled_and_a_different_one_conflicts(base: Workshop) -> None:
    target = base.initiatives[0]
    target.ownership.accountable = "Priya Raman"
    copy = copy_of(base)
    copy.initiatives[0].ownership.accountable = "Tom Okafor"
    mine_empty = base.initiatives[-1]
    mine_empty.value = type(mine_empty.value)()
    copy.initiatives[-1].value.metric = "Reports filed on time"
    copy.initiatives[-1].value.unit = "%"
    report = merge(base, [("tom.json", copy)])
    assert report.filled == 1
    assert base.initiatives[-1].value.metric == "Reports filed on time"
    assert [c.what for c in report.conflicts] == [f"owner of {target.name}"]
    assert target.ownership.accountable == "Priya Raman"


def test_a_learning_cycle_written_in_a_copy_is_added_to_its_initiative(base: Workshop) -> None:
    copy = copy_of(base)
    target = copy.initiatives[1]
    written = Cycle(belief="Brokers read summaries", test="Two weeks with ten brokers")
    target.cycles.append(written)
    had = {i.id: [c.id for c in i.cycles] for i in base.initiatives}

    report = merge(base, [("priya.json", copy)])

    mine = next(i for i in base.initiatives if i.id == target.id)
    assert [c.id for c in mine.cycles] == [*had[target.id], written.id]
    assert mine.cycles[-1].belief == "Brokers read summaries"
    assert report.added == {"learning cycle": 1}
    others = {i.id: [c.id for c in i.cycles] for i in base.initiatives if i.id != target.id}
    assert others == {k: v for k, v in had.items() if k != target.id}
    assert merge(base, [("priya.json", copy)]).lines() == ["Added: nothing new."]


def test_a_learning_cycle_written_differently_is_a_conflict(base: Workshop) -> None:
    target = base.initiatives[0]
    target.cycles.append(Cycle(belief="Intake under 16 minutes"))
    copy = copy_of(base)
    copy.initiatives[0].cycles[-1].belief = "Intake under 10 minutes"

    report = merge(base, [("tom.json", copy)])
    (conflict,) = report.conflicts
    assert conflict.what == f"learning cycle of {target.name} ({target.cycles[-1].id})"
    assert "16 minutes" in conflict.ours
    assert "10 minutes" in conflict.theirs
    assert target.cycles[-1].belief == "Intake under 16 minutes"

    merge(base, [("tom.json", copy)], prefer="tom.json")
    assert target.cycles[-1].belief == "Intake under 10 minutes"


def test_a_copy_of_another_workshop_is_refused_and_nothing_changes(base: Workshop) -> None:
    other = copy_of(base)
    other.meta.workshop_id = "0123456789abcdef"
    other.success_definitions.append(
        SuccessDefinition(participant="Ann", sentence="Anything", lens=Lens.COST)
    )
    before = dump(base)
    with pytest.raises(NotACopy, match="other.json is not a copy of this workshop"):
        merge(base, [("fine.json", copy_of(base)), ("other.json", other)])
    assert dump(base) == before


def test_pulse_answers_come_in_without_a_name_in_canonical_order(base: Workshop) -> None:
    copy = copy_of(base)
    copy.pulse.answers = [PulseAnswer(feeling=n, clarity=n, time_to_learn=n) for n in (5, 1, 3)]
    merge(base, [("sofia.json", copy)])
    assert [a.feeling for a in base.pulse.answers] == [1, 3, 5]


def test_merging_a_copy_again_adds_its_pulse_answers_once(base: Workshop) -> None:
    """Each merge of the same copy added its pulse answers again (11, 22, 33): they came in
    with fresh ids, so the next merge did not know them. They keep the ids the copy gave
    them when it published them, which say nothing the copy does not."""
    copy = copy_of(base)
    copy.pulse.answers = [PulseAnswer(feeling=n, clarity=n, time_to_learn=n) for n in (5, 1, 3)]
    merge(base, [("sofia.json", copy)])
    once = dump(base)
    report = merge(base, [("sofia.json", copy)])
    assert dump(base) == once
    assert "pulse answer" not in report.added


# -- properties -----------------------------------------------------------------------------------

sentences = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).map(str.strip).filter(bool)
answers = st.dictionaries(st.sampled_from(LEADERS), sentences, max_size=4)


def _copies(base: Workshop, per_copy: list[dict[str, str]]) -> list[tuple[str, Workshop]]:
    made = []
    for n, said in enumerate(per_copy):
        copy = copy_of(base)
        copy.success_definitions = [
            SuccessDefinition(participant=who, sentence=text, lens=Lens.COST)
            for who, text in said.items()
        ]
        made.append((f"copy{n}.json", copy))
    return made


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(per_copy=st.lists(answers, min_size=1, max_size=3))
def test_merging_is_idempotent(base: Workshop, per_copy: list[dict[str, str]]) -> None:
    workshop = copy_of(base)
    merge(workshop, _copies(base, per_copy))
    once = dump(workshop)
    merge(workshop, _copies(base, per_copy))
    assert dump(workshop) == once


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(per_copy=st.lists(answers, min_size=1, max_size=3))
def test_without_conflicts_the_order_of_the_copies_does_not_matter(
    base: Workshop, per_copy: list[dict[str, str]]
) -> None:
    # No conflict: each leader answers in one copy only (or the same in every copy).
    seen: dict[str, str] = {}
    consistent = []
    for said in per_copy:
        kept = {who: text for who, text in said.items() if seen.setdefault(who, text) == text}
        consistent.append(kept)
    copies = _copies(base, consistent)
    results = []
    for order in itertools.permutations(copies):
        workshop = copy_of(base)
        report = merge(workshop, list(order))
        assert report.conflicts == []
        results.append([(d.participant, d.sentence) for d in workshop.success_definitions])
    assert all(result == results[0] for result in results)


def test_a_preferred_copys_conflict_says_its_value_was_taken(base: Workshop) -> None:
    """With --prefer bob.json the report said "the workshop's own kept" and "kept 12.0" while
    the file got Bob's 17.0: each conflict now says which side it ended on."""
    target = base.initiatives[0]
    alice, bob = copy_of(base), copy_of(base)
    alice.initiatives[0].value.target = 42.0
    bob.initiatives[0].value.target = 17.0
    ours = target.value.target
    report = merge(base, [("alice.json", alice), ("bob.json", bob)], prefer="bob.json")
    assert target.value.target == 17.0
    lines = report.lines()
    assert "the workshop's own kept" not in " ".join(lines)
    assert (
        f"  value of {target.name}: took bob.json's 'target: 17.0' in place of 'target: {ours}'"
        in lines
    )
    assert f"  value of {target.name}: kept 'target: 17.0'; alice.json has 'target: 42.0'" in lines


def test_a_conflict_shows_the_fields_that_differ_however_long_the_rest(base: Workshop) -> None:
    target = base.initiatives[0]
    target.value.lead_measures = ["Drafts accepted without edits"]
    copy = copy_of(base)
    copy.initiatives[0].value.lead_measures = ["Drafts accepted without edits", "Photos read"]
    assert len(str(target.value.model_dump())) > 160  # cut short, the difference was lost
    (conflict,) = merge(base, [("tom.json", copy)]).conflicts
    assert conflict.ours == "lead_measures: ['Drafts accepted without edits']"
    assert conflict.theirs == "lead_measures: ['Drafts accepted without edits', 'Photos read']"


def test_what_a_copy_holds_that_no_merge_takes_is_listed(base: Workshop) -> None:
    """A leader's new initiative and their edits to the portfolio came back as 'Added:
    nothing new.': the portfolio stays the facilitator's, and the report says what was not
    taken."""
    from gaptools.core.model import Initiative, Stage

    copy = copy_of(base)
    copy.initiatives.append(Initiative(name="Brand new idea from Alice"))
    edited = copy.initiatives[0]
    edited.description = "Something else"
    edited.sponsor = "Alice Moreau"
    edited.stage = Stage.STALLED if edited.stage is not Stage.STALLED else Stage.PILOT
    before = dump(base)
    lines = merge(base, [("alice.json", copy)]).lines()
    assert dump(base) == before
    assert lines[0] == "Added: nothing new."
    assert lines[1].startswith("Not merged, as the portfolio is the facilitator's")
    assert lines[2:] == [
        f"  alice.json: {edited.name} differs in its description, stage and sponsor",
        "  alice.json: a new initiative, 'Brand new idea from Alice'",
    ]
