"""The workshop model refuses what a person would regret: clashing names, junk numbers, typos."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from gaptools.core.errors import validation_problems
from gaptools.core.migrate import upgrade
from gaptools.core.model import (
    SCHEMA_VERSION,
    Category,
    ChecklistState,
    Initiative,
    Lens,
    Meta,
    Participant,
    RegulatoryTier,
    Stage,
    StallReason,
    Value,
    Workshop,
    name_key,
)

DAY = dt.date(2026, 11, 18)


def minimal(**extra: Any) -> dict[str, Any]:
    """The smallest valid workshop document, plus whatever a test adds."""
    return {"meta": {"date": "2026-11-18"}, **extra}


def error_types(error: ValidationError) -> set[str]:
    return {e["type"] for e in error.errors()}


def test_minimal_workshop_is_valid_with_defaults() -> None:
    """Only the date is required; everything else has a sensible empty default."""
    workshop = Workshop.model_validate(minimal())
    assert workshop.meta.date == DAY
    assert workshop.schema_version == SCHEMA_VERSION
    assert workshop.initiatives == []
    assert workshop.meta.fiscal_year_start_month == 1
    assert workshop.meta.start_time == dt.time(9, 0)
    assert workshop.bet.initiative is None


def test_a_start_time_given_as_seconds_is_said_to_be_no_time() -> None:
    """32400 (09:00 in seconds) was refused as "is not a date; write it as YYYY-MM-DD"."""
    data = minimal()
    data["meta"]["start_time"] = 32400
    with pytest.raises(ValidationError) as caught:
        Workshop.model_validate(data)
    assert validation_problems(caught.value.errors()) == [
        "meta.start_time: is not a time of day; write it as HH:MM"
    ]


def test_missing_date_is_refused() -> None:
    """A workshop without a date cannot compute its quarter or judge value dates."""
    with pytest.raises(ValidationError) as caught:
        Workshop.model_validate({"meta": {}})
    assert any(e["loc"] == ("meta", "date") for e in caught.value.errors())


def test_duplicate_initiative_names_ignoring_case_and_spaces_are_refused() -> None:
    """Two rows for the same initiative would split its votes and owners; the name is quoted."""
    data = minimal(
        initiatives=[{"name": "Claims intake copilot"}, {"name": "  claims   INTAKE Copilot "}]
    )
    with pytest.raises(ValidationError) as caught:
        Workshop.model_validate(data)
    text = str(caught.value)
    assert "two initiatives are called" in text
    # The stored name is stripped of surrounding spaces before the check quotes it.
    assert "claims   INTAKE Copilot" in text


def test_distinct_initiative_names_are_accepted() -> None:
    """Similar but different names are not duplicates."""
    data = minimal(initiatives=[{"name": "Claims intake"}, {"name": "Claims intake copilot"}])
    assert len(Workshop.model_validate(data).initiatives) == 2


def test_duplicate_participants_are_refused_with_the_name() -> None:
    """Votes and pulse answers are counted per person, so each person appears once."""
    meta = {
        "date": "2026-11-18",
        "participants": [{"name": "Dana Whitfield"}, {"name": "dana  whitfield"}],
    }
    with pytest.raises(ValidationError, match=re.escape("two participants are called 'dana")):
        Workshop.model_validate({"meta": meta})


def test_a_repeated_name_is_refused_in_words_that_fit_a_person() -> None:
    """'each participant needs its own name' called a person 'it'."""
    meta = {"date": "2026-11-18", "participants": [{"name": "Dana"}, {"name": "dana"}]}
    with pytest.raises(ValidationError) as refused:
        Workshop.model_validate({"meta": meta})
    assert "its own" not in str(refused.value)
    assert "no two may share a name" in str(refused.value)


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_empty_initiative_name_is_refused(name: str) -> None:
    """A nameless initiative cannot be voted on or referred to."""
    with pytest.raises(ValidationError) as caught:
        Initiative(name=name)
    assert "string_too_short" in error_types(caught.value)


def test_empty_participant_name_is_refused() -> None:
    with pytest.raises(ValidationError):
        Participant(name="  ")


def test_names_are_stripped() -> None:
    """Spaces typed around a name are not part of it."""
    assert Initiative(name="  Fraud signals \n").name == "Fraud signals"


def test_name_at_the_limit_is_accepted_and_one_more_refused() -> None:
    """Names are capped at 120 characters so canvases stay readable."""
    assert Initiative(name="x" * 120).name == "x" * 120
    with pytest.raises(ValidationError) as caught:
        Initiative(name="x" * 121)
    assert "string_too_long" in error_types(caught.value)


def test_short_and_long_text_limits() -> None:
    """Short fields hold 200 characters, descriptions 5000; more is refused, not cut."""
    assert len(Initiative(name="a", sponsor="s" * 200).sponsor) == 200
    with pytest.raises(ValidationError):
        Initiative(name="a", sponsor="s" * 201)
    assert len(Initiative(name="a", description="d" * 5000).description) == 5000
    with pytest.raises(ValidationError):
        Initiative(name="a", description="d" * 5001)


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("field", ["baseline", "target"])
def test_nan_and_infinity_are_refused_in_values(number: float, field: str) -> None:
    """NaN or infinity would make every comparison and chart meaningless."""
    with pytest.raises(ValidationError) as caught:
        Value(**{field: number})
    assert "finite_number" in error_types(caught.value)


def test_nan_is_refused_in_effort() -> None:
    with pytest.raises(ValidationError):
        Initiative(name="a", effort_weeks=math.nan)


def test_negative_effort_is_refused_and_zero_accepted() -> None:
    """Effort is a cost in weeks; a negative one would inflate a score."""
    with pytest.raises(ValidationError) as caught:
        Initiative(name="a", effort_weeks=-1)
    assert "greater_than_equal" in error_types(caught.value)
    assert Initiative(name="a", effort_weeks=0).effort_weeks == 0


def test_unknown_field_is_refused() -> None:
    """A misspelt key would otherwise vanish silently on the next save."""
    with pytest.raises(ValidationError) as caught:
        Initiative(name="a", owner="Priya")  # the field is ownership.accountable
    assert "extra_forbidden" in error_types(caught.value)


def test_unknown_top_level_field_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Workshop.model_validate(minimal(initiativez=[]))
    assert [e["loc"] for e in caught.value.errors()] == [("initiativez",)]


def test_enum_codes_match_the_brief() -> None:
    """The stored codes are the interface of the file format; they must not drift."""
    assert {c.value for c in Category} == {
        "internal_copilot",
        "process_automation",
        "customer_support",
        "analytics",
        "agentic_workflow",
        "productivity_platform",
        "recommendation",
        "other",
    }
    assert {s.value for s in Stage} == {"idea", "pilot", "production", "stalled", "killed"}
    assert {r.value for r in StallReason} == {
        "waiting_for_landscape",
        "no_owner",
        "no_metric",
        "governance_review",
        "no_capacity",
        "other",
    }
    assert {lens.value for lens in Lens} == {
        "revenue",
        "cost",
        "risk_compliance",
        "customer",
        "employee",
        "strategic",
    }
    assert {c.value for c in ChecklistState} == {"done", "in_progress", "not_started", "n_a"}
    assert {t.value for t in RegulatoryTier} == {"prohibited", "high", "limited", "minimal"}


def test_enum_labels_are_readable() -> None:
    """People read labels, not codes."""
    assert Category.INTERNAL_COPILOT.label == "Internal copilot"
    assert StallReason.WAITING_FOR_LANDSCAPE.label == "Waiting for the landscape to settle"


def test_enum_values_parse_from_codes_and_unknown_codes_are_refused() -> None:
    initiative = Initiative(name="a", category="agentic_workflow", stage="stalled")
    assert initiative.category is Category.AGENTIC_WORKFLOW
    assert initiative.stage is Stage.STALLED
    with pytest.raises(ValidationError) as caught:
        Initiative(name="a", stage="zombie")
    assert "enum" in error_types(caught.value)


def test_raci_letters_are_limited() -> None:
    """Only R, A, C and I mean something in the responsibility map."""
    with pytest.raises(ValidationError):
        Initiative.model_validate({"name": "a", "ownership": {"raci": {"Product": "X"}}})


@pytest.mark.parametrize("month", [0, 13])
def test_fiscal_start_month_must_be_a_month(month: int) -> None:
    with pytest.raises(ValidationError):
        Meta(date=DAY, fiscal_year_start_month=month)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Claims intake", "claims intake"),
        ("  CLAIMS   Intake  ", "claims intake"),
        ("Claims\tintake\n", "claims intake"),
        ("Straße", "strasse"),  # casefold, not just lower()
    ],
)
def test_name_key(name: str, key: str) -> None:
    """Names compare as people compare them: case and extra spaces do not matter."""
    assert name_key(name) == key


def test_name_key_keeps_different_words_apart() -> None:
    assert name_key("Claims intake") != name_key("Claimsintake")


def test_initiative_lookup_ignores_case_and_spaces(example: Workshop) -> None:
    """The bet and the votes name initiatives the way people type them."""
    found = example.initiative("  CLAIMS   intake copilot ")
    assert found is not None
    assert found.name == "Claims intake copilot"
    assert found is example.initiatives[0]


def test_initiative_lookup_of_unknown_name_is_none(example: Workshop) -> None:
    assert example.initiative("Teleportation pilot") is None
    assert example.initiative("") is None


# hidden characters: what could rewrite a terminal or disguise a name


def with_initiative(**fields: Any) -> dict[str, Any]:
    return minimal(initiatives=[{"name": "Claims triage", **fields}])


# Where each kind of text field sits in a file, with a document that puts ``text`` there.
ONE_LINE_FIELDS: dict[str, Any] = {
    "meta.participants[0].name": lambda t: minimal(
        meta={"date": "2026-11-18", "participants": [{"name": t}]}
    ),
    "meta.team": lambda t: minimal(meta={"date": "2026-11-18", "team": t}),
    "initiatives[0].name": lambda t: minimal(initiatives=[{"name": t}]),
    "initiatives[0].sponsor": lambda t: with_initiative(sponsor=t),
    "initiatives[0].value.metric": lambda t: with_initiative(value={"metric": t}),
    "settings.functions[0].name": lambda t: minimal(settings={"functions": [t]}),
}
SEVERAL_LINE_FIELDS: dict[str, Any] = {
    "initiatives[0].description": lambda t: with_initiative(description=t),
    "success_definitions[0].sentence": lambda t: minimal(
        success_definitions=[{"participant": "Ann", "sentence": t, "lens": "cost"}]
    ),
}
ATTACKS = {
    "ESC": ("Ann\x1b]0;pwned\x07\x1b[2J", "a control character (ESC, U+001B)"),
    "NUL": ("Ann\x00Lee", "a control character (NUL, U+0000)"),
    "CSI": ("Ann\x9b2J", "a control character (U+009B)"),
    "DEL": ("Ann\x7f", "a control character (DEL, U+007F)"),
    "RLO": ("Ann\u202eeeL", "an invisible character (RIGHT-TO-LEFT OVERRIDE, U+202E)"),
    "RLI": ("Ann\u2067Lee", "an invisible character (RIGHT-TO-LEFT ISOLATE, U+2067)"),
}


def refusal(document: dict[str, Any]) -> list[str]:
    """The problems loading ``document`` would print, as ``field: problem`` lines."""
    with pytest.raises(ValidationError) as caught:
        Workshop.model_validate(document)
    return validation_problems(caught.value.errors())


@pytest.mark.parametrize("attack", ATTACKS, ids=ATTACKS)
@pytest.mark.parametrize("field", [*ONE_LINE_FIELDS, *SEVERAL_LINE_FIELDS])
def test_control_and_bidi_characters_are_refused_naming_the_field(field: str, attack: str) -> None:
    """48 cases: 6 attacks in 8 fields of both kinds. Each refusal names the field, says what
    it found in words and never repeats the raw character."""
    text, found = ATTACKS[attack]
    build = {**ONE_LINE_FIELDS, **SEVERAL_LINE_FIELDS}[field]
    problems = refusal(build(text))
    assert any(p.startswith(f"{field}: contains {found}") for p in problems), problems
    assert not any(char in p for p in problems for char in text if not char.isprintable())


@pytest.mark.parametrize("field", ONE_LINE_FIELDS)
@pytest.mark.parametrize(("char", "found"), [("\n", "a line break (LF"), ("\t", "a tab (TAB")])
def test_names_and_short_fields_hold_one_line(field: str, char: str, found: str) -> None:
    """Inside a name a newline or a tab is refused (at its ends they are stripped as before)."""
    problems = refusal(ONE_LINE_FIELDS[field](f"Ann{char}Lee"))
    assert any(p.startswith(f"{field}: contains {found}") for p in problems), problems
    assert Workshop.model_validate(ONE_LINE_FIELDS[field](f"{char}Ann Lee{char}"))


@pytest.mark.parametrize("field", SEVERAL_LINE_FIELDS)
def test_descriptions_and_sentences_keep_lines_and_tabs(field: str) -> None:
    text = "First line\n\t- a point\nLast line, Zoë, 山田, שלום"
    workshop = Workshop.model_validate(SEVERAL_LINE_FIELDS[field](text))
    assert json.dumps(text, ensure_ascii=False)[1:-1] in workshop.model_dump_json()


def test_keys_from_the_file_are_checked_too() -> None:
    """A column name kept in notes is printed by the report and the table export."""
    problems = refusal(with_initiative(notes={"Owner\x1b": "Ann"}))
    assert problems == [
        "initiatives[0].notes.Owner\\x1b: contains a control character (ESC, U+001B) "
        "that could rewrite a terminal: remove it"
    ]


def test_ordinary_names_in_any_script_are_accepted() -> None:
    """Accents, other scripts, emoji with joiners and a right-to-left mark stay welcome."""
    names = ["Zoë Müller", "山田 太郎", "שלום\u200f כהן", "Team 👩\u200d💻", "O'Brien-Łukasz"]
    document = minimal(meta={"date": "2026-11-18", "participants": [{"name": n} for n in names]})
    workshop = Workshop.model_validate(document)
    assert [p.name for p in workshop.meta.participants] == names


@pytest.mark.parametrize(
    "path",
    [Path("data/example_workshop.json"), Path("tests/core/fixtures/example_workshop_v1.json")],
    ids=["example", "v1-fixture"],
)
def test_shipped_and_fixture_workshops_still_load(path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    data = json.loads((root / path).read_text(encoding="utf-8"))
    assert Workshop.model_validate(upgrade(data)).initiatives


def test_the_models_annotations_are_objects_not_text() -> None:
    """pydantic compiles a field annotation written as text back into an object when the
    model's module loads; written as objects, the module loads without that."""
    from pydantic import BaseModel

    from gaptools.core import model

    annotations = {
        f"{value.__name__}.{name}": hint
        for value in vars(model).values()
        if isinstance(value, type) and issubclass(value, BaseModel)
        for name, hint in vars(value).get("__annotations__", {}).items()
    }
    assert len(annotations) > 150  # every field of every part of the workshop
    assert [name for name, hint in annotations.items() if isinstance(hint, str)] == []


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("priya raman", "Priya Raman"),
        ("  PRIYA   RAMAN ", "Priya Raman"),
        # A form took "Priya" as a second leader beside Priya Raman, and counted her twice.
        ("Priya", "Priya Raman"),
        ("Priya Raman (COO)", "Priya Raman"),
        ("Somebody  Unknown", "Somebody Unknown"),
        ("", ""),
    ],
)
def test_a_leaders_name_is_kept_as_the_list_spells_it(typed: str, kept: str) -> None:
    """Typed on a phone or a laptop, a listed leader's name is the list's; another name is
    kept as typed, its spaces tidied (a workshop may list nobody)."""
    workshop = Workshop(meta=Meta(date=DAY, participants=[Participant(name="Priya Raman")]))
    assert workshop.as_listed(typed) == kept


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        # A survey answered on a keyboard with no accents: a tenth leader beside him.
        ("Jose Alvarez", "José Álvarez"),
        ("jose  alvarez (CFO)", "José Álvarez"),
        ("Zoe", "Zoë Ångström"),
        # Two listed names written alike without accents: neither is guessed.
        ("Rene Roy", "Rene Roy"),
    ],
)
def test_a_name_typed_without_its_accents_is_the_listed_leaders(typed: str, kept: str) -> None:
    listed = ["José Álvarez", "Zoë Ångström", "René Roy", "Rène Roy", "Priya Raman"]
    meta = Meta(date=DAY, participants=[Participant(name=n) for n in listed])
    assert Workshop(meta=meta).as_listed(typed) == kept


def test_an_agentic_workflow_is_agentic() -> None:
    """Chosen as the category, in step 1 or by an import, it acts on its own: step 4's gates
    and step 5's checks for agents apply, without the box being ticked by hand as well."""
    assert Initiative(name="Procurement agent", category=Category.AGENTIC_WORKFLOW).agentic
    data = minimal(initiatives=[{"name": "A", "category": "agentic_workflow", "agentic": False}])
    assert Workshop.model_validate(data).initiatives[0].agentic
    assert not Initiative(name="Copilot", category=Category.INTERNAL_COPILOT).agentic
