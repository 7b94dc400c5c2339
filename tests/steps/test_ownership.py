"""Step 4's rules: who owns what, linted like code, on hand-built maps and on a large one.

Expected findings come from hand-built initiatives or from ``reference_findings`` below, a
plain re-statement of the brief's rules over the raw JSON shape that never calls
``gaptools.steps.ownership``. The browser-free form tests reuse it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from gaptools.cli import main
from gaptools.core.model import (
    DEFAULT_FUNCTIONS,
    Initiative,
    Meta,
    Ownership,
    Participant,
    Settings,
    Stage,
    Workshop,
)
from gaptools.steps import ownership
from gaptools.steps.ownership import (
    Finding,
    add_function,
    findings,
    initiative_findings,
    is_gate,
    is_owned,
    letters,
    load,
    overload_findings,
    remove_function,
    rename_function,
    unowned,
)
from gaptools.summaries.status import FINDINGS_SHOWN, missing, summary
from tests.support import shipped

FUNCTIONS = list(DEFAULT_FUNCTIONS)
RULES = {
    "one-accountable",
    "accountable-person",
    "one-responsible",
    "gates-consulted",
    "diffuse",
    "self-sign-off",
    "overloaded",
}

Row = tuple[str, str, str, str]  # rule, severity, initiative ("" for loads), subject


# -- an independent statement of the rules, over the raw JSON shape -----------------------------
def key(name: str) -> str:
    """People and functions are the same when they differ only in case and spacing."""
    return " ".join(name.split()).lower()


def gate(function: str) -> bool:
    lowered = function.lower()
    return "security" in lowered or "compliance" in lowered or "legal" in lowered


def reference_findings(raw: dict[str, Any]) -> list[Row]:
    """The findings the brief asks for, worked out from a raw workshop dict.

    Subjects are kept only where they identify something unambiguous (a gate, a person's or
    function's key); elsewhere they are "".
    """
    settings = raw.get("settings", {})
    functions = function_names(raw)
    limit = settings.get("overload_threshold", 3)
    rows: list[Row] = []
    people: Counter[str] = Counter()
    teams: Counter[str] = Counter()
    for item in raw["initiatives"]:
        if item.get("stage") == "killed":
            continue
        name = item["name"]
        owner = item.get("ownership", {})
        raci = owner.get("raci", {})
        marks = {f: raci[f] for f in functions if raci.get(f)}
        accountable = [f for f, m in marks.items() if m == "A"]
        responsible = [f for f, m in marks.items() if m == "R"]
        consulted = [f for f, m in marks.items() if m == "C"]
        person = owner.get("accountable", "")
        if not accountable and person.strip():
            rows.append(("one-accountable", "warning", name, ""))  # which function answers?
        elif len(accountable) != 1:
            rows.append(("one-accountable", "error", name, ""))
        if not person.strip():
            rows.append(("accountable-person", "error", name, ""))
        else:
            people[key(person)] += 1
        teams.update(accountable)
        if not responsible:
            rows.append(("one-responsible", "warning" if accountable else "error", name, ""))
        gates = [f for f in functions if gate(f)]
        if owner.get("sensitive_data") or item.get("agentic"):
            rows.extend(
                ("gates-consulted", "error", name, g)
                for g in gates
                if marks.get(g) not in ("R", "A", "C")
            )
        signing = [g for g in gates if marks.get(g) in ("R", "A")]
        if len(signing) == 1 and marks[signing[0]] == "A":
            rows.append(("self-sign-off", "warning", name, signing[0]))
        if len(responsible) > 3 or len(consulted) > 4:
            rows.append(("diffuse", "warning", name, ""))
    for counts in (people, teams):
        rows.extend(("overloaded", "warning", "", key(w)) for w, n in counts.items() if n > limit)
    return rows


def function_names(raw: dict[str, Any]) -> list[str]:
    """The map's columns in a raw file: names, or entries with a name (version 2)."""
    listed = raw.get("settings", {}).get("functions", FUNCTIONS)
    return [f["name"] if isinstance(f, dict) else f for f in listed]


IN_PLAY_STAGES = {"idea", "pilot", "stalled", None}  # None: nobody has said yet


def reference_unowned(raw: dict[str, Any]) -> list[str]:
    """Initiatives in play (ideas, pilots, stalled ones, no stage given) naming no person."""
    return [
        item["name"]
        for item in raw["initiatives"]
        if item.get("stage", "idea") in IN_PLAY_STAGES
        and not item.get("ownership", {}).get("accountable", "").strip()
    ]


def as_rows(found: list[Finding]) -> list[Row]:
    """Findings in the reference's shape, so the two can be compared as multisets."""
    kept_subject = {"gates-consulted", "self-sign-off"}
    rows = []
    for f in found:
        if f.rule == "overloaded":
            subject = key(f.subject)
        else:
            subject = f.subject if f.rule in kept_subject else ""
        rows.append((f.rule, f.severity, f.initiative, subject))
    return rows


# -- hand-built initiatives ----------------------------------------------------------------------
def initiative(
    raci: dict[str, str] | None = None,
    person: str = "Ana Lima",
    *,
    name: str = "Claims copilot",
    sensitive: bool = False,
    agentic: bool = False,
    stage: Stage = Stage.PILOT,
) -> Initiative:
    return Initiative(
        name=name,
        stage=stage,
        agentic=agentic,
        ownership=Ownership(accountable=person, raci=raci or {}, sensitive_data=sensitive),
    )


def workshop(
    *initiatives: Initiative, functions: list[str] | None = None, threshold: int = 3
) -> Workshop:
    return Workshop(
        meta=Meta(date=dt.date(2026, 11, 18)),
        settings=Settings(functions=functions or list(FUNCTIONS), overload_threshold=threshold),
        initiatives=list(initiatives),
    )


def rules_of(item: Initiative, functions: list[str] | None = None) -> list[str]:
    return [f.rule for f in initiative_findings(item, functions or FUNCTIONS)]


def only(item: Initiative, rule: str) -> list[Finding]:
    return [f for f in initiative_findings(item, FUNCTIONS) if f.rule == rule]


OWNED = {"Product": "A", "Engineering": "R"}


def test_a_well_owned_initiative_has_no_findings() -> None:
    """The baseline every other rule test departs from: one A, one R, a named person."""
    item = initiative(OWNED)
    assert initiative_findings(item, FUNCTIONS) == []
    assert is_owned(item)


# -- one accountable ---------------------------------------------------------------------------
def test_no_accountable_function_and_no_person_is_an_error() -> None:
    item = initiative({"Engineering": "R"}, "")
    [finding] = only(item, "one-accountable")
    assert finding.severity == "error"
    assert finding.initiative == "Claims copilot"
    assert finding.message == "no function is accountable: mark one A"
    assert not is_owned(item)


def test_a_named_person_with_no_accountable_function_is_owned_with_a_question() -> None:
    """A named person owns it; the map still asks which function answers, as a warning."""
    item = initiative({"Engineering": "R"}, " Dana  Okafor ")
    [finding] = only(item, "one-accountable")
    assert finding.severity == "warning"
    assert finding.subject == "Dana Okafor"
    assert finding.message == (
        "Dana Okafor is accountable, but no function is marked A: which function answers for it?"
    )
    assert only(item, "accountable-person") == []
    assert is_owned(item)


def test_two_accountable_functions_is_an_error_naming_both() -> None:
    """If two answer for it, nobody does: the message says which two."""
    item = initiative({"Product": "A", "Security": "A", "Engineering": "R"})
    [finding] = only(item, "one-accountable")
    assert finding.severity == "error"
    assert "Product" in finding.message
    assert "Security" in finding.message
    assert "Product" in finding.subject
    assert "Security" in finding.subject
    assert is_owned(item)  # Ana Lima answers for it; the two As are an error of their own


def test_exactly_one_accountable_function_passes() -> None:
    assert only(initiative({"Operations": "A", "Product": "R"}), "one-accountable") == []


# -- a named person ----------------------------------------------------------------------------
@pytest.mark.parametrize("person", ["", "   ", "\t \n"])
def test_no_accountable_person_is_an_error(person: str) -> None:
    """A function cannot answer the phone; a name of spaces is no name."""
    item = initiative(OWNED, person)
    [finding] = only(item, "accountable-person")
    assert finding.severity == "error"
    assert not is_owned(item)


@pytest.mark.parametrize(
    "written", ["tbd", "TBC", "n/a", "?", "Unknown", "Procurement team", "IT department"]
)
def test_a_placeholder_or_a_group_is_not_a_person(written: str) -> None:
    """What a sheet writes where nobody owns it yet, or a group to ask: not who answers."""
    item = initiative(OWNED, written)
    assert not is_owned(item)
    [finding] = only(item, "accountable-person")
    assert finding.message == f"'{written}' is not a person: name who answers for it"
    assert unowned(workshop(item)) == [item.name]
    people, _ = load(workshop(item))
    assert written not in people  # nor counted in the load chart


@pytest.mark.parametrize(
    "written", ["J. Smith / K. Patel", "Dee/Eve", "Ana & Ben", "Ana and Ben Lima", "Kim + Lee"]
)
def test_two_people_in_one_box_are_not_one_accountable_person(written: str) -> None:
    """A PMO's "J. Smith / K. Patel" passed as the one person who answers for it, and the
    initiative was counted owned."""
    item = initiative(OWNED, written)
    assert not is_owned(item)
    [finding] = only(item, "accountable-person")
    assert finding.message == (
        f"'{written}' names more than one person: if two answer for it, nobody does"
    )
    assert unowned(workshop(item)) == [item.name]


@pytest.mark.parametrize(
    "written", ["Ana Lima", "Tom Board", "Team Lead Sarah", "Openshaw", "Smith, John", "Andersen"]
)
def test_a_persons_name_is_a_person(written: str) -> None:
    assert is_owned(initiative(OWNED, written))


def test_a_whitespace_person_set_after_validation_counts_as_none() -> None:
    """Rules are public functions; a raw assignment skips the model's stripping."""
    item = initiative(OWNED)
    item.ownership.accountable = "  \t "
    assert [f.rule for f in initiative_findings(item, FUNCTIONS)] == ["accountable-person"]
    assert not is_owned(item)


# -- one responsible ---------------------------------------------------------------------------
def test_nobody_responsible_or_accountable_is_an_error() -> None:
    [finding] = only(initiative({"Security": "C", "Operations": "I"}), "one-responsible")
    assert finding.severity == "error"


def test_accountable_without_responsible_is_a_warning() -> None:
    """The accountable function may be doing the work itself: a question, not an error."""
    [finding] = only(initiative({"Product": "A", "Operations": "I"}), "one-responsible")
    assert finding.severity == "warning"
    assert finding.subject == "Product"


def test_one_responsible_is_enough() -> None:
    assert only(initiative({"Product": "A", "Platform": "R"}), "one-responsible") == []


# -- security and compliance at the table ------------------------------------------------------
@pytest.mark.parametrize(
    ("sensitive", "agentic", "said", "unsaid"),
    [
        (True, False, "sensitive data", "agentic"),
        (False, True, "agentic", "sensitive"),
        (True, True, "sensitive data", None),
    ],
)
def test_gates_must_be_consulted_and_the_reason_names_the_flag(
    sensitive: bool, agentic: bool, said: str, unsaid: str | None
) -> None:
    item = initiative(OWNED, sensitive=sensitive, agentic=agentic)
    found = only(item, "gates-consulted")
    assert sorted(f.subject for f in found) == ["Compliance/legal", "Security"]
    for finding in found:
        assert finding.severity == "error"
        assert finding.subject in finding.message
        assert said in finding.message
        if unsaid:
            assert unsaid not in finding.message
        else:
            assert "agentic" in finding.message


@pytest.mark.parametrize("letter", ["R", "A", "C"])
def test_any_of_r_a_c_satisfies_a_gate(letter: str) -> None:
    item = initiative({**OWNED, "Security": letter, "Compliance/legal": "C"}, agentic=True)
    assert only(item, "gates-consulted") == []


def test_informed_is_not_enough_for_a_gate() -> None:
    """Being told afterwards is not being consulted: only the gate held at I is flagged."""
    item = initiative({**OWNED, "Security": "I", "Compliance/legal": "C"}, sensitive=True)
    assert [f.subject for f in only(item, "gates-consulted")] == ["Security"]


def test_gates_are_not_required_without_either_flag() -> None:
    assert only(initiative(OWNED), "gates-consulted") == []


def test_gates_follow_the_workshop_function_names() -> None:
    """A renamed or added gate (Information security, Legal) is still a gate."""
    functions = ["Product", "Engineering", "Information security", "Legal"]
    item = initiative({"Product": "A", "Engineering": "R", "Legal": "C"}, agentic=True)
    found = [f for f in initiative_findings(item, functions) if f.rule == "gates-consulted"]
    assert [f.subject for f in found] == ["Information security"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Security", True),
        ("Compliance/legal", True),
        ("Legal", True),
        ("InfoSec SECURITY", True),
        ("Regulatory compliance", True),
        ("Product", False),
        ("Platform", False),
        ("Operations", False),
        ("Business sponsor", False),
    ],
)
def test_is_gate(name: str, expected: bool) -> None:
    assert is_gate(name) is expected


# -- diffuse responsibility --------------------------------------------------------------------
def test_diffuse_limits_have_the_documented_values() -> None:
    """The tests below count R and C around these limits; if they move, so must the tests."""
    assert ownership.MAX_RESPONSIBLE == 3
    assert ownership.MAX_CONSULTED == 4


def _spread(responsible: int, consulted: int) -> dict[str, str]:
    others = [f for f in FUNCTIONS if f != "Business sponsor"]
    raci = {"Business sponsor": "A"}
    raci.update({f: "R" for f in others[:responsible]})
    raci.update({f: "C" for f in others[responsible : responsible + consulted]})
    return raci


@pytest.mark.parametrize(
    ("responsible", "consulted", "diffuse"),
    [(4, 0, True), (1, 5, True), (3, 0, False), (1, 4, False), (3, 4, False)],
)
def test_diffuse_responsibility(responsible: int, consulted: int, diffuse: bool) -> None:
    raci = _spread(responsible, consulted)
    assert Counter(raci.values()) == Counter({"A": 1, "R": responsible, "C": consulted})
    found = only(initiative(raci), "diffuse")
    assert len(found) == (1 if diffuse else 0)
    assert all(f.severity == "warning" for f in found)


# -- self sign-off ------------------------------------------------------------------------------
def test_a_gate_holding_a_with_no_other_sign_off_is_flagged() -> None:
    item = initiative({"Security": "A", "Engineering": "R", "Compliance/legal": "C"})
    [finding] = only(item, "self-sign-off")
    assert finding.severity == "warning"
    assert finding.subject == "Security"


def test_a_lone_accountable_gate_is_flagged() -> None:
    item = initiative({"Compliance/legal": "A", "Engineering": "R"})
    assert [f.subject for f in only(item, "self-sign-off")] == ["Compliance/legal"]


def test_no_self_sign_off_when_the_other_gate_holds_r() -> None:
    item = initiative({"Security": "A", "Compliance/legal": "R"})
    assert only(item, "self-sign-off") == []


def test_no_self_sign_off_when_a_is_not_on_a_gate() -> None:
    item = initiative({"Product": "A", "Security": "R", "Engineering": "R"})
    assert only(item, "self-sign-off") == []


# -- overload ----------------------------------------------------------------------------------
def _owned_by(people: list[str], function: str = "Product") -> list[Initiative]:
    return [
        initiative({function: "A", "Engineering": "R"}, person, name=f"Initiative {n}")
        for n, person in enumerate(people)
    ]


def test_a_person_accountable_for_four_is_overloaded_with_names_compared_loosely() -> None:
    """The same person typed four ways is one person carrying four initiatives."""
    items = _owned_by(["Ana Lima", " ana  lima", "ANA LIMA", "Ana Lima "])
    for n, item in enumerate(items):  # spread the functions so only the person is overloaded
        item.ownership.raci = {FUNCTIONS[n]: "A", "Engineering": "R"} if n else OWNED
    found = overload_findings(workshop(*items))
    assert [(f.rule, f.severity, f.initiative, key(f.subject)) for f in found] == [
        ("overloaded", "warning", "", "ana lima")
    ]
    assert "4" in found[0].message
    people, _ = load(workshop(*items))
    assert {key(p): n for p, n in people.items()} == {"ana lima": 4}


def test_a_first_name_only_one_listed_leader_has_is_that_leader_in_the_load() -> None:
    """ "Sam Patel" accountable for three and "Sam" for a fourth read as two people carrying
    3 and 1, so one person answering for four was never warned of. A first name only one
    listed leader has is that leader, as the room and a survey import read it; a first name
    two leaders share stays apart."""
    items = _owned_by(["Sam Patel", "Sam Patel", "Sam Patel", "Sam"])
    for n, item in enumerate(items):
        item.ownership.raci = {FUNCTIONS[n]: "A", "Engineering": "R"}
    room = workshop(*items)
    room.meta.participants = [Participant(name="Sam Patel"), Participant(name="Ana Lima")]
    people, _ = load(room)
    assert dict(people) == {"Sam Patel": 4}
    [found] = overload_findings(room)
    assert found.subject == "Sam Patel"
    assert "4" in found.message
    room.meta.participants.append(Participant(name="Sam Okafor"))
    assert dict(load(room)[0]) == {"Sam Patel": 3, "Sam": 1}


def test_three_is_not_overloaded() -> None:
    items = _owned_by(["Ana Lima", "ana lima", "Ben Okafor"])
    assert overload_findings(workshop(*items)) == []


def test_a_function_accountable_for_four_is_overloaded() -> None:
    items = _owned_by(["Ana", "Ben", "Chen", "Dara"], function="Operations")
    found = overload_findings(workshop(*items))
    assert [f.subject for f in found] == ["Operations"]
    assert "function" in found[0].message


def test_the_threshold_is_a_setting() -> None:
    items = _owned_by(["Ana"] * 4)
    assert overload_findings(workshop(*items, threshold=4)) == []
    assert len(overload_findings(workshop(*items, threshold=2))) == 2  # Ana and Product


def test_overload_appears_in_findings() -> None:
    items = _owned_by(["Ana"] * 5)
    assert [f.rule for f in findings(workshop(*items))] == ["overloaded", "overloaded"]


# -- killed initiatives ------------------------------------------------------------------------
def test_a_killed_initiative_has_no_findings_and_is_not_counted() -> None:
    """Stopping an initiative on purpose is a decision, not a missing owner."""
    stopped = initiative(person="", name="Stopped", stage=Stage.KILLED, agentic=True)
    also = _owned_by(["Ana"] * 4)
    also[0].stage = Stage.KILLED
    w = workshop(stopped, *also)
    assert [f.initiative for f in findings(w) if f.initiative] == []
    assert findings(w) == []  # Ana and Product hold 3 live initiatives: not overloaded
    assert unowned(w) == []
    people, teams = load(w)
    assert dict(people) == {"Ana": 3}
    assert dict(teams) == {"Product": 3}


def test_unowned_lists_initiatives_in_play_naming_nobody() -> None:
    """A named person owns it whatever the letters say; production and killed ones are not
    in play, so they are not counted (the findings still ask a production one for an owner)."""
    w = workshop(
        initiative(OWNED, name="Owned"),
        initiative(OWNED, "", name="Nameless"),
        initiative({"Engineering": "R"}, name="No A"),
        initiative({"Product": "A", "Security": "A"}, name="Two A"),
        initiative({"Engineering": "R"}, "", name="Nobody", stage=Stage.IDEA),
        initiative(OWNED, "", name="Stuck", stage=Stage.STALLED),
        initiative(OWNED, "", name="Running", stage=Stage.PRODUCTION),
        initiative(person="", name="Killed", stage=Stage.KILLED),
    )
    assert unowned(w) == ["Nameless", "Nobody", "Stuck"]
    assert [f.initiative for f in findings(w) if f.rule == "accountable-person"] == [
        "Nameless",
        "Nobody",
        "Stuck",
        "Running",
    ]


# -- letters and the model ---------------------------------------------------------------------
def test_letters_follow_the_workshop_order_and_skip_blanks() -> None:
    item = initiative({"Operations": "I", "Product": "A", "Engineering": "R"})
    assert list(letters(item, FUNCTIONS).items()) == [
        ("Product", "A"),
        ("Engineering", "R"),
        ("Operations", "I"),
    ]


def test_letters_ignore_a_key_that_bypassed_validation() -> None:
    """Only a raw assignment can put a stray column in; the rules must not count it."""
    item = initiative(OWNED)
    item.ownership.raci = {**OWNED, "Marketing": "A"}
    assert letters(item, FUNCTIONS) == OWNED
    assert is_owned(item)


def test_the_model_refuses_letters_for_an_unknown_function() -> None:
    """A column that is not in settings.functions would be invisible in the map: refuse it."""
    raw = {
        "meta": {"date": "2026-11-18"},
        "initiatives": [
            {"name": "Claims copilot", "ownership": {"raci": {"Product": "A", "Marketing": "R"}}}
        ],
    }
    with pytest.raises(ValidationError) as refused:
        Workshop.model_validate(raw)
    text = str(refused.value)
    assert "Claims copilot" in text
    assert "Marketing" in text


def test_the_model_refuses_duplicate_functions() -> None:
    with pytest.raises(ValidationError, match="(?i)two functions are called .security"):
        Settings(functions=["Security", "Product", " SECURITY "])


def test_finding_as_dict() -> None:
    [finding] = only(initiative({"Engineering": "R"}), "one-accountable")
    shaped = finding.as_dict()
    assert set(shaped) == {"rule", "severity", "initiative", "subject", "message"}
    assert shaped["rule"] == "one-accountable"
    assert shaped["initiative"] == "Claims copilot"
    assert json.loads(json.dumps(shaped)) == shaped


# -- renaming, adding and removing functions ---------------------------------------------------
def _mapped() -> Workshop:
    return workshop(
        initiative({"Product": "A", "Security": "C", "Engineering": "R"}, name="One"),
        initiative({"Security": "A", "Platform": "R"}, name="Two"),
        initiative({"Operations": "A", "Platform": "R"}, name="Three"),
    )


def test_rename_moves_the_column_everywhere_and_keeps_the_letters() -> None:
    w = _mapped()
    rename_function(w, "Security", "  Information security ")
    assert w.settings.function_names() == [
        "Information security" if f == "Security" else f for f in FUNCTIONS
    ]
    raci = [i.ownership.raci for i in w.initiatives]
    assert raci == [
        {"Product": "A", "Information security": "C", "Engineering": "R"},
        {"Information security": "A", "Platform": "R"},
        {"Operations": "A", "Platform": "R"},
    ]
    Workshop.model_validate(w.model_dump())  # still a valid file


def test_rename_keeps_the_findings_about_the_renamed_column() -> None:
    """The self-sign-off on Two moves with the column instead of vanishing."""
    w = _mapped()
    rename_function(w, "Security", "Information security")
    flagged = [(f.initiative, f.subject) for f in findings(w) if f.rule == "self-sign-off"]
    assert flagged == [("Two", "Information security")]


def test_a_case_only_rename_of_the_same_function_is_allowed() -> None:
    w = _mapped()
    rename_function(w, "Product", "PRODUCT")
    assert w.settings.function_names()[1] == "PRODUCT"
    assert w.initiatives[0].ownership.raci["PRODUCT"] == "A"
    assert "Product" not in w.initiatives[0].ownership.raci


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("Product", "", "needs a name"),
        ("Product", "   ", "needs a name"),
        ("Marketing", "Growth", "no function called 'Marketing'"),
        ("Product", "engineering", "already a function"),
        ("Product", " DATA  science ", "already a function"),
    ],
)
def test_rename_refusals_change_nothing(old: str, new: str, says: str) -> None:
    w = _mapped()
    before = w.model_dump()
    with pytest.raises(ValueError, match=says):
        rename_function(w, old, new)
    assert w.model_dump() == before


def test_add_function_appends_a_column() -> None:
    w = _mapped()
    add_function(w, " Data protection ")
    assert w.settings.function_names() == [*FUNCTIONS, "Data protection"]


@pytest.mark.parametrize(("name", "says"), [("  ", "needs a name"), ("platform ", "already")])
def test_add_function_refusals(name: str, says: str) -> None:
    w = _mapped()
    with pytest.raises(ValueError, match=says):
        add_function(w, name)
    assert w.settings.function_names() == FUNCTIONS


def test_remove_function_drops_its_letters() -> None:
    w = _mapped()
    remove_function(w, "Platform")
    assert "Platform" not in w.settings.function_names()
    assert all("Platform" not in i.ownership.raci for i in w.initiatives)
    assert w.initiatives[1].ownership.raci == {"Security": "A"}
    Workshop.model_validate(w.model_dump())
    with pytest.raises(ValueError, match="no function called"):
        remove_function(w, "Platform")


# -- a large map -------------------------------------------------------------------------------
EXTRA = ["Finance", "Data protection", "Internal audit", "HR"]
PEOPLE = ["Ana Lima", "ana  lima", "Ben Okafor", "BEN OKAFOR", "Chen Wu", "Dara Ní Bhriain"]


def random_matrix(seed: int, count: int = 200) -> dict[str, Any]:
    """A raw workshop of ``count`` initiatives over 12 functions, letters drawn at random."""
    rng = random.Random(seed)
    functions = [*FUNCTIONS, *EXTRA]
    initiatives = []
    for n in range(count):
        cells = rng.choices(["", "R", "A", "C", "I"], weights=[5, 2, 1, 2, 1], k=len(functions))
        initiatives.append(
            {
                "name": f"Initiative {n:03}",
                "stage": rng.choice([s.value for s in Stage]),
                "agentic": rng.random() < 0.3,
                "ownership": {
                    "accountable": rng.choice([*PEOPLE, *([""] * 3)]),
                    "raci": {f: c for f, c in zip(functions, cells, strict=True) if c},
                    "sensitive_data": rng.random() < 0.3,
                },
            }
        )
    return {
        "meta": {"date": "2026-11-18"},
        "settings": {"functions": functions, "overload_threshold": 20},
        "initiatives": initiatives,
    }


@pytest.mark.parametrize("seed", [4, 2026])
def test_a_200_by_12_matrix_agrees_with_the_rules_counted_by_hand(seed: int) -> None:
    raw = random_matrix(seed)
    w = Workshop.model_validate(raw)
    assert len(w.initiatives) == 200
    assert len(w.settings.function_names()) == 12
    expected = reference_findings(raw)
    rules = Counter(r[0] for r in expected)
    assert set(rules) == RULES  # the draw exercises every rule, or the test proves little
    assert Counter(as_rows(findings(w))) == Counter(expected)

    live = [i for i in raw["initiatives"] if i["stage"] != "killed"]
    not_one_a = [i for i in live if list(i["ownership"]["raci"].values()).count("A") != 1]
    assert rules["one-accountable"] == len(not_one_a)
    assert unowned(w) == reference_unowned(raw)


def test_a_large_matrix_load_counts_people_and_functions() -> None:
    raw = random_matrix(7)
    w = Workshop.model_validate(raw)
    people: Counter[str] = Counter()
    teams: Counter[str] = Counter()
    for item in raw["initiatives"]:
        if item["stage"] == "killed":
            continue
        if item["ownership"]["accountable"]:
            people[key(item["ownership"]["accountable"])] += 1
        teams.update(f for f, letter in item["ownership"]["raci"].items() if letter == "A")
    got_people, got_teams = load(w)
    assert {key(p): n for p, n in got_people.items()} == dict(people)
    assert dict(got_teams) == dict(teams)
    assert len(got_people) == 4  # six spellings, four people


# -- status and the command line ---------------------------------------------------------------
def test_the_reference_agrees_with_a_hand_count_of_the_example() -> None:
    """Counted by hand from data/example_workshop.json: of the 12 initiatives in play, 6 name
    no accountable person (Customer support assistant, Renewal pricing agent, Subrogation
    recovery finder, Complaints classification, Meeting notes copilot, Sustainability reporting
    assistant); every production one names one. 24 initiative findings plus Business sponsor
    accountable for 8 = 25 (no initiative names a person but marks no A)."""
    raw = shipped()
    assert len(reference_unowned(raw)) == 6
    assert len(reference_findings(raw)) == 25


def test_status_counts_unowned_and_findings(example: Workshop) -> None:
    raw = shipped()
    facts = summary(example)
    assert facts["unowned"] == len(reference_unowned(raw))
    assert facts["ownership_findings"] == len(reference_findings(raw))


def test_status_missing_names_the_unowned(example: Workshop) -> None:
    count = len(reference_unowned(shipped()))
    line = f"{count} initiatives have no named accountable person (step 4)"
    assert line in missing(example)


def test_status_missing_is_singular_for_one_and_silent_for_none() -> None:
    one = workshop(initiative(OWNED, name="Owned"), initiative({"Product": "A"}, "", name="X"))
    assert "1 initiative has no named accountable person (step 4)" in missing(one)
    none = workshop(initiative(OWNED))
    assert not any("step 4" in gap for gap in missing(none))


def test_status_command_lists_the_findings(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["status", str(workshop_file)]) == 0
    out = capsys.readouterr().out
    expected = reference_findings(shipped())
    assert f"Ownership findings ({len(expected)}):" in out
    lines = [line.lower() for line in out.splitlines()]
    # Errors first, as many as FINDINGS_SHOWN; the rest counted on one line.
    ordered = [row for row in expected if row[1] == "error"]
    ordered += [row for row in expected if row[1] != "error"]
    shown, rest = ordered[:FINDINGS_SHOWN], ordered[FINDINGS_SHOWN:]
    assert rest, "the example has more findings than are shown"
    start = lines.index(f"ownership findings ({len(expected)}):")
    for line, (rule, severity, where, subject) in zip(lines[start + 1 :], shown, strict=False):
        # Each line reads "severity rule who: message"; who is the initiative, else the subject.
        pattern = rf"^\s*{severity}\s+{rule}\s+{re.escape((where or subject).lower())}: "
        assert re.match(pattern, line), (line, rule, where or subject)
    errors = sum(row[1] == "error" for row in rest)
    counted = f"({errors} errors and {len(rest) - errors} warnings)"
    assert lines[start + 1 + len(shown)].startswith(f"  … and {len(rest)} more {counted}: step 4")
    assert "Renewal pricing agent" in out
    assert "Policy document summariser" not in out  # killed: no findings


def test_status_lists_every_finding_of_a_small_workshop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    few = workshop(initiative({"Product": "A"}, "", name="X"), initiative({}, "Ana", name="Y"))
    expected = ownership.findings(few)
    assert 0 < len(expected) <= FINDINGS_SHOWN
    path = tmp_path / "few.json"
    path.write_text(few.model_dump_json())
    assert main(["status", str(path)]) == 0
    out = capsys.readouterr().out
    assert "more (" not in out
    for finding in expected:
        assert f"{finding.initiative or finding.subject}: {finding.message}" in out


def test_status_json_has_the_ownership_keys(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = shipped()
    assert main(["status", str(workshop_file), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["unowned"] == len(reference_unowned(raw))
    assert facts["ownership_findings"] == len(reference_findings(raw))


def test_status_refuses_letters_for_an_unknown_function(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hand-edited file with a stray column is bad input: exit 1, say where, no traceback."""
    raw = shipped()
    raw["initiatives"][0]["ownership"]["raci"]["Marketing"] = "R"
    path = tmp_path / "stray.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert main(["status", str(path)]) == 1
    err = capsys.readouterr().err
    assert raw["initiatives"][0]["name"] in err
    assert "Marketing" in err
    assert "Traceback" not in err


def test_owner_gaps_count_in_words() -> None:
    assert ownership.owner_gaps([]) == []
    assert ownership.owner_gaps(["a"]) == ["1 initiative has no named accountable person (step 4)"]
    assert ownership.owner_gaps(["a", "b"]) == [
        "2 initiatives have no named accountable person (step 4)"
    ]


def test_only_initiatives_in_play_count_as_unowned(example: Workshop) -> None:
    """Like the value counts, the unowned count covers what is still to be decided; a
    production one without a person keeps its finding, but is not in the count."""
    owned = [i.name for i in example.in_play() if i.name not in unowned(example)]
    name = owned[0]
    example.initiative(name).ownership.accountable = ""
    assert name in unowned(example)
    example.initiative(name).stage = Stage.PRODUCTION
    assert name not in unowned(example)
    assert any(f.rule == "accountable-person" and f.initiative == name for f in findings(example))
    example.initiative(name).stage = Stage.KILLED
    assert name not in unowned(example)
    assert not any(f.initiative == name for f in findings(example))


@pytest.mark.parametrize("size", [1, 7, 20, 500])
def test_findings_in_groups_are_the_findings_in_order_a_run_of_initiatives_each(
    size: int,
) -> None:
    from gaptools.files.synthetic import synthetic_workshop

    workshop = synthetic_workshop(45)
    groups = ownership.findings_in_groups(workshop, size)
    live = workshop.live_initiatives()

    assert [f for group in groups for f in group] == ownership.findings(workshop)
    assert len(groups) == -(-len(live) // size) + 1
    assert groups[-1] == ownership.overload_findings(workshop)
    for n, group in enumerate(groups[:-1]):
        names = {i.name for i in live[n * size : (n + 1) * size]}
        assert {f.initiative for f in group} <= names


def test_the_people_suggested_are_the_participants_in_order() -> None:
    from gaptools.core.model import Initiative, Meta, Participant, Workshop
    from gaptools.steps.ownership import people

    workshop = Workshop(
        meta=Meta(
            date=dt.date(2026, 11, 18),
            participants=[Participant(name="Sam Patel"), Participant(name="ana Ruiz")],
        ),
        initiatives=[Initiative(name="B", ownership={"accountable": "Lee Wong"})],
    )
    assert people(workshop) == ["ana Ruiz", "Sam Patel"]
