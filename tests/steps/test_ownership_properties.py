"""Step 4's rules never raise, whatever map a room, an import or a hand-edited file produces.

Workshops are built through the model, as every file is; the accountable names are then put
back raw, so names of only spaces reach the rules as typed.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaptools.core.model import DEFAULT_FUNCTIONS, Stage, Workshop, name_key
from gaptools.core.text import BIDI_CONTROLS
from gaptools.steps.ownership import (
    GROUP_WORDS,
    PLACEHOLDERS,
    Finding,
    findings,
    is_owned,
    letters,
    load,
    unowned,
)
from tests.steps.test_ownership import RULES

PROPERTIES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


OWNER_RULES = {"one-accountable", "accountable-person"}


def a_person(name: str) -> bool:
    """The reference: a name that is neither blank, a placeholder ("tbd"), a group nor two
    people joined by "/", "&", "+", ";" or the word "and"."""
    words = name.casefold().split()
    if not words or " ".join(words) in PLACEHOLDERS or words[-1] in GROUP_WORDS:
        return False
    joined = " ".join(words)
    for mark in "/&+;":
        joined = joined.replace(mark, " and ")
    return len([part for part in joined.split(" and ") if part.strip()]) < 2


KNOWN_FUNCTIONS = [
    *DEFAULT_FUNCTIONS,
    "Legal",
    "Information security",
    "Regulatory compliance",
    "Finance",
]
PEOPLE = ["", " ", "\t  ", "Ana Lima", " ana  lima ", "ANA LIMA", "Ben Okafor", "ben okafor"]

# What a name may hold: the model refuses control characters, line breaks and bidi overrides.
name_char = st.characters(
    exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="".join(BIDI_CONTROLS)
)
function_name = st.one_of(
    st.sampled_from(KNOWN_FUNCTIONS),
    st.text(name_char, min_size=1, max_size=20).map(str.strip).filter(bool),
)
person = st.one_of(st.sampled_from(PEOPLE), st.text(name_char, max_size=12))
letter = st.sampled_from(["", "R", "A", "C", "I"])


@st.composite
def workshops(draw: st.DrawFn) -> tuple[Workshop, list[str]]:
    """A valid workshop with a random map, and the accountable names exactly as drawn."""
    functions = draw(st.lists(function_name, min_size=1, max_size=12, unique_by=name_key))
    count = draw(st.integers(min_value=0, max_value=12))
    items: list[dict[str, Any]] = []
    people: list[str] = []
    for n in range(count):
        cells = draw(st.lists(letter, min_size=len(functions), max_size=len(functions)))
        people.append(draw(person))
        items.append(
            {
                "name": f"Initiative {n}",
                "stage": draw(st.sampled_from(list(Stage))).value,
                "agentic": draw(st.booleans()),
                "ownership": {
                    "raci": {f: c for f, c in zip(functions, cells, strict=True) if c},
                    "sensitive_data": draw(st.booleans()),
                },
            }
        )
    raw = {
        "meta": {"date": "2026-11-18"},
        "settings": {
            "functions": functions,
            "overload_threshold": draw(st.integers(min_value=1, max_value=5)),
        },
        "initiatives": items,
    }
    workshop = Workshop.model_validate(raw)
    for initiative, name in zip(workshop.initiatives, people, strict=True):
        initiative.ownership.accountable = name  # raw, as a caller might set it
    return workshop, people


@PROPERTIES
@given(workshops())
def test_findings_are_well_formed_on_any_map(drawn: tuple[Workshop, list[str]]) -> None:
    workshop, _ = drawn
    found = findings(workshop)
    live = {i.name for i in workshop.initiatives if i.stage is not Stage.KILLED}
    for finding in found:
        assert isinstance(finding, Finding)
        assert finding.rule in RULES
        assert finding.severity in {"error", "warning"}
        assert finding.message.strip()
        if finding.rule == "overloaded":
            assert finding.initiative == ""
        else:
            assert finding.initiative in live


@PROPERTIES
@given(workshops())
def test_unowned_is_exactly_the_initiatives_in_play_naming_nobody(
    drawn: tuple[Workshop, list[str]],
) -> None:
    """The status count and the findings list must never disagree about who lacks an owner."""
    workshop, _ = drawn
    flagged = {f.initiative for f in findings(workshop) if f.rule == "accountable-person"}
    in_play = {Stage.IDEA, Stage.PILOT, Stage.STALLED}
    expected = [i.name for i in workshop.initiatives if i.stage in in_play and i.name in flagged]
    assert unowned(workshop) == expected


@PROPERTIES
@given(workshops())
def test_owned_exactly_when_a_person_is_named(drawn: tuple[Workshop, list[str]]) -> None:
    """Any accountable person owns the initiative, whatever the letters; then no
    owner finding is an error unless the letters name two or more As."""
    workshop, people = drawn
    functions = workshop.settings.function_names()
    found = findings(workshop)
    for initiative, name in zip(workshop.initiatives, people, strict=True):
        assert is_owned(initiative) == a_person(name)
        if initiative.stage is Stage.KILLED:
            continue
        mine = [f for f in found if f.initiative == initiative.name and f.rule in OWNER_RULES]
        a_count = list(letters(initiative, functions).values()).count("A")
        errors = {f.rule for f in mine if f.severity == "error"}
        if a_person(name):
            assert "accountable-person" not in errors
            assert ("one-accountable" in errors) == (a_count > 1)
        else:
            assert errors == {"accountable-person"} | (
                {"one-accountable"} if a_count != 1 else set()
            )


@PROPERTIES
@given(workshops())
def test_load_counts_only_live_named_owners(drawn: tuple[Workshop, list[str]]) -> None:
    workshop, people = drawn
    counted_people, counted_functions = load(workshop)
    live = [
        name
        for i, name in zip(workshop.initiatives, people, strict=True)
        if i.stage is not Stage.KILLED and a_person(name)
    ]
    assert sum(counted_people.values()) == len(live)
    assert {name_key(p) for p in counted_people} == {name_key(p) for p in live}
    assert set(counted_functions) <= set(workshop.settings.function_names())
    assert all(n > 0 for n in counted_functions.values())
    limit = workshop.settings.overload_threshold
    overloaded = [f for f in findings(workshop) if f.rule == "overloaded"]
    heavy = [n for n in (*counted_people.values(), *counted_functions.values()) if n > limit]
    assert len(overloaded) == len(heavy)


def test_the_strategy_reaches_gates_and_blank_names() -> None:
    """Guard against a strategy that never draws the interesting cases."""
    seen: dict[str, bool] = {"gate": False, "blank": False}

    @settings(max_examples=60, deadline=None, database=None)
    @given(workshops())
    def probe(drawn: tuple[Workshop, list[str]]) -> None:
        workshop, people = drawn
        rules = {f.rule for f in findings(workshop)}
        seen["gate"] |= "gates-consulted" in rules
        seen["blank"] |= any(p and not p.strip() for p in people)

    probe()
    assert seen == {"gate": True, "blank": True}
