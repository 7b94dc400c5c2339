"""What an edit changed, and taking back only that: entries by id, other people's work kept."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaptools.core.changes import (
    MISSING,
    Added,
    ById,
    Conflict,
    Removed,
    Reordered,
    Replaced,
    describe,
    diff,
    undo,
    where,
)


def initiative(id_: str, name: str, **fields: Any) -> dict[str, Any]:
    return {"id": id_, "name": name, "value": {"guardrail": "", "target": None}, **fields}


def workshop(*initiatives: dict[str, Any], team: str = "Ops") -> dict[str, Any]:
    return {"meta": {"team": team, "participants": []}, "initiatives": list(initiatives)}


A, B, C = initiative("a", "Alpha"), initiative("b", "Beta"), initiative("c", "Gamma")


# -- diff: entries addressed by id --------------------------------------------------------------


def test_nothing_changed_gives_no_changes() -> None:
    assert diff(workshop(A, B), workshop(A, B)) == []


def test_a_scalar_change_is_one_replacement() -> None:
    assert diff(workshop(A, team="Ops"), workshop(A, team="Finance")) == [
        Replaced(("meta", "team"), "Ops", "Finance")
    ]


def test_a_change_inside_an_entry_is_addressed_by_its_id_not_its_position() -> None:
    """Alpha moves from first to second place while its guardrail is set: the path names
    Alpha by id, so an undo finds it wherever it stands."""
    changed = copy.deepcopy(A)
    changed["value"]["guardrail"] = "complaints"
    (replaced, reordered) = diff(workshop(A, B), workshop(B, changed))
    assert replaced == Replaced(("initiatives", ById("a"), "value", "guardrail"), "", "complaints")
    assert reordered == Reordered(("initiatives",), ("a", "b"), ("b", "a"))
    assert describe(replaced.path) == "guardrail of 'Alpha'"


def test_added_and_removed_entries_remember_their_neighbours() -> None:
    changes = diff(workshop(A, B, C), workshop(A, C, initiative("d", "Delta")))
    assert changes == [
        Removed(("initiatives",), B, ("a",)),
        Added(("initiatives",), initiative("d", "Delta"), "c"),
    ]


def test_a_key_added_to_an_object_has_no_old_value() -> None:
    before, after = {"raci": {}}, {"raci": {"Security": "C"}}
    assert diff(before, after) == [Replaced(("raci", "Security"), MISSING, "C")]
    assert undo(after, diff(before, after)) == before


def test_lists_without_ids_are_one_value() -> None:
    before, after = {"stopped": ["A", "B"]}, {"stopped": ["B"]}
    assert diff(before, after) == [Replaced(("stopped",), ["A", "B"], ["B"])]


def test_entries_with_repeated_ids_are_one_value() -> None:
    """Ids that are not unique cannot address entries; the list is then compared whole."""
    before = {"items": [{"id": "x", "v": 1}, {"id": "x", "v": 2}]}
    after = {"items": [{"id": "x", "v": 1}]}
    assert diff(before, after) == [Replaced(("items",), before["items"], after["items"])]


def test_entries_without_a_name_are_described_by_their_list() -> None:
    """Messages name what people can find: an anonymous ballot has no name to show."""
    ballot = {"id": "r1", "receipt": "ab12", "dots": {"Alpha": 2}}
    (added,) = diff({"voting": {"ballots": []}}, {"voting": {"ballots": [ballot]}})
    assert where(added) == "an entry of ballots"
    risk = ("initiatives", ById("a", "Alpha"), "readiness", "risks", ById("r"), "mitigation")
    assert describe(risk) == "mitigation of an entry of risks of 'Alpha'"
    assert describe(("meta", "team")) == "team"
    # "voted changed elsewhere since" said a field's name, not what it holds
    assert describe(("voting", "voted")) == "the list of who has voted"
    assert describe(("pulse", "sealed", ById("x1"))) == "a sealed answer"  # not "of sealed"
    assert describe(()) == "the workshop"


# -- undo: only this change, on top of everyone else's ----------------------------------------


def test_undo_of_an_addition_keeps_a_later_edit_to_another_entry() -> None:
    """The old failure: add in one notebook, set a guardrail in another, undo in the
    first; the guardrail must stay."""
    mine = diff(workshop(A, B), workshop(A, B, C))
    theirs = workshop(A, initiative("b", "Beta", value={"guardrail": "NPS", "target": None}), C)
    assert undo(theirs, mine) == workshop(
        A, initiative("b", "Beta", value={"guardrail": "NPS", "target": None})
    )


def test_undo_refuses_when_the_same_field_was_changed_since() -> None:
    before = workshop(A, B)
    after = copy.deepcopy(before)
    after["initiatives"][1]["value"]["guardrail"] = "complaints"
    since = copy.deepcopy(after)
    since["initiatives"][1]["value"]["guardrail"] = "NPS"
    with pytest.raises(Conflict) as refused:
        undo(since, diff(before, after))
    assert refused.value.where == "guardrail of 'Beta'"


def test_undo_refuses_when_the_entry_it_changed_was_removed_since() -> None:
    before = workshop(A, B)
    after = copy.deepcopy(before)
    after["initiatives"][1]["value"]["target"] = 40
    with pytest.raises(Conflict) as refused:
        undo(workshop(A), diff(before, after))
    assert refused.value.where == "'Beta'"


def test_undo_of_an_addition_refuses_when_the_new_entry_was_edited_since() -> None:
    mine = diff(workshop(A), workshop(A, B))
    edited = initiative("b", "Beta", description="typed in another notebook")
    with pytest.raises(Conflict) as refused:
        undo(workshop(A, edited), mine)
    assert refused.value.where == "'Beta'"


def test_a_removed_entry_goes_back_after_its_nearest_remaining_neighbour() -> None:
    """Beta stood after Alpha; Alpha was removed elsewhere meanwhile and Delta added at the
    start: Beta returns at the start of what is left of its old neighbours."""
    mine = diff(workshop(A, B, C), workshop(A, C))
    now = workshop(initiative("d", "Delta"), C)
    assert [i["id"] for i in undo(now, mine)["initiatives"]] == ["b", "d", "c"]
    assert [i["id"] for i in undo(workshop(A, C), mine)["initiatives"]] == ["a", "b", "c"]


def test_undo_of_a_reorder_keeps_entries_added_since_in_place() -> None:
    mine = diff(workshop(A, B, C), workshop(C, A, B))
    now = workshop(C, initiative("d", "Delta"), A, B)
    assert [i["id"] for i in undo(now, mine)["initiatives"]] == ["a", "d", "b", "c"]


def test_undo_of_a_reorder_refuses_when_reordered_since() -> None:
    mine = diff(workshop(A, B, C), workshop(C, A, B))
    with pytest.raises(Conflict, match="the order of initiatives"):
        undo(workshop(A, C, B), mine)


def test_undo_never_modifies_what_it_is_given() -> None:
    before = workshop(A, B)
    after = workshop(initiative("a", "Alpha renamed"), C)
    mine = diff(before, after)
    kept = copy.deepcopy(after), copy.deepcopy(mine)
    undone = undo(after, mine)
    assert undone == before
    assert (after, mine) == kept
    undone["initiatives"][1]["value"]["guardrail"] = "changed later"
    assert undo(after, mine) == before, "a change can be taken back more than once"


def test_undo_of_a_whole_value_refuses_if_it_changed_since() -> None:
    mine = diff(3, 4)
    assert undo(4, mine) == 3
    with pytest.raises(Conflict):
        undo(5, mine)


# -- properties -------------------------------------------------------------------------------

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["", "x", "y"]))
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["id", "k", "v", "w"]), inner, max_size=4),
    ),
    max_leaves=20,
)
IDS = ["a", "b", "c", "d", "e", "f"]


@st.composite
def keyed_list(draw: st.DrawFn, entry: st.SearchStrategy[dict]) -> list[dict]:
    ids = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=len(IDS)))
    return [{"id": id_, **draw(entry)} for id_ in ids]


INNER = st.fixed_dictionaries({"v": SCALARS}, optional={"tags": st.lists(SCALARS, max_size=3)})
OUTER = st.fixed_dictionaries(
    {"v": SCALARS},
    optional={
        "w": SCALARS,
        "items": keyed_list(INNER),
        "map": st.dictionaries(st.sampled_from(["k1", "k2"]), SCALARS, max_size=2),
    },
)
DOCUMENTS = st.fixed_dictionaries(
    {"x": SCALARS, "y": SCALARS, "items": keyed_list(OUTER)},
    optional={
        "tags": st.lists(SCALARS, max_size=3),
        "map": st.dictionaries(st.text(max_size=2), SCALARS),
    },
)


@settings(max_examples=300, deadline=None)
@given(before=st.one_of(DOCUMENTS, JSON), after=st.one_of(DOCUMENTS, JSON))
def test_undo_of_a_diff_gives_back_the_original(before: Any, after: Any) -> None:
    kept = copy.deepcopy(after)
    assert undo(after, diff(before, after)) == before
    assert after == kept


@settings(max_examples=200, deadline=None)
@given(document=st.one_of(DOCUMENTS, JSON))
def test_no_change_is_found_between_equal_documents(document: Any) -> None:
    assert diff(document, copy.deepcopy(document)) == []


# Two people edit one document: "mine" touches x, the entries a-c and entries it adds (m, n);
# "theirs" touches y, the entries d-f and entries it adds (g, h). Neither reorders.

MINE, THEIRS = ("x", {"a", "b", "c"}, ["m", "n"]), ("y", {"d", "e", "f"}, ["g", "h"])


@st.composite
def plans(draw: st.DrawFn, side: tuple[str, set[str], list[str]]) -> list[tuple]:
    """A list of edits one person makes, replayable on any version of the document."""
    field, own, new = side
    steps: list[tuple] = []
    if draw(st.booleans()):
        steps.append(("set", field, draw(SCALARS)))
    for id_ in sorted(own):
        action = draw(st.sampled_from(["keep", "change", "inner", "map", "remove"]))
        if action == "change":
            steps.append(("change", id_, draw(SCALARS)))
        elif action == "inner":
            steps.append(("inner", id_, draw(keyed_list(INNER))))
        elif action == "map":
            steps.append(("map", id_, field, draw(SCALARS)))
        elif action == "remove":
            steps.append(("remove", id_))
    for id_ in new:
        if draw(st.booleans()):
            where = draw(st.sampled_from([None, *sorted(own)]))
            steps.append(("insert", {"id": id_, "v": draw(SCALARS)}, where))
    return steps


def replay(document: dict, plan: list[tuple]) -> dict:
    result = copy.deepcopy(document)
    entries = result["items"]
    by_id = {entry["id"]: entry for entry in entries}
    for step in plan:
        kind, *args = step
        if kind == "set":
            result[args[0]] = args[1]
        elif kind == "insert":
            entry, after = args
            ids = [e["id"] for e in entries]
            entries.insert(ids.index(after) + 1 if after in ids else len(entries), dict(entry))
        elif args[0] in by_id:
            entry = by_id[args[0]]
            if kind == "change":
                entry["v"] = args[1]
            elif kind == "inner":
                entry["items"] = copy.deepcopy(args[1])
            elif kind == "map":
                entry.setdefault("map", {})[args[1]] = args[2]
            elif kind == "remove":
                entries.remove(entry)
    return result


def by_id(document: dict) -> dict:
    return {entry["id"]: entry for entry in document["items"]}


def order(document: dict, ids: set[str]) -> list[str]:
    return [entry["id"] for entry in document["items"] if entry["id"] in ids]


@settings(max_examples=300, deadline=None)
@given(base=DOCUMENTS, mine=plans(MINE), theirs=plans(THEIRS))
def test_undo_keeps_unrelated_changes_made_since(base: dict, mine: list, theirs: list) -> None:
    """Undoing my edit after theirs leaves exactly their edit on the original."""
    after_mine = replay(base, mine)
    now = replay(after_mine, theirs)
    undone = undo(now, diff(base, after_mine))
    expected = replay(base, theirs)
    assert {k: v for k, v in undone.items() if k != "items"} == {
        k: v for k, v in expected.items() if k != "items"
    }
    assert by_id(undone) == by_id(expected)
    common = set(by_id(base)) & set(by_id(undone))
    assert order(undone, common) == order(base, common)


@settings(max_examples=200, deadline=None)
@given(base=DOCUMENTS, mine=plans(MINE), value=SCALARS)
def test_undo_refuses_or_restores_when_the_same_field_changed_since(
    base: dict, mine: list, value: Any
) -> None:
    """If someone else set x after me, undo either finds x as I left it or refuses."""
    after_mine = replay(base, mine)
    now = {**copy.deepcopy(after_mine), "x": value}
    mine_changes = diff(base, after_mine)
    touched = Replaced(("x",), base["x"], after_mine["x"]) in mine_changes
    if touched and not (type(value) is type(after_mine["x"]) and value == after_mine["x"]):
        with pytest.raises(Conflict) as refused:
            undo(now, mine_changes)
        assert refused.value.where == "x"
    else:
        assert undo(now, mine_changes)["x"] == (base["x"] if touched else value)
