"""The committed JSON Schema, read by a JSON Schema validator as a script reads it: it must
accept what gaptools writes and refuse what ``gaptools validate`` refuses for a bound."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from gaptools.core.errors import WorkshopError
from gaptools.core.model import SCHEMA_VERSION
from gaptools.core.schema import workshop_schema
from gaptools.files import store
from gaptools.files.home import example_workshop
from gaptools.steps.registry import new_workshop

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "schema" / "workshop.schema.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA)


def written(workshop: Any) -> dict[str, Any]:
    return json.loads(store.dumps(workshop))


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert workshop_schema() == SCHEMA


@pytest.mark.parametrize(
    "workshop",
    [lambda: example_workshop(), lambda: example_workshop(after=True), lambda: new_workshop("T")],
    ids=["example", "finished example", "new"],
)
def test_what_gaptools_writes_passes(workshop) -> None:
    assert list(VALIDATOR.iter_errors(written(workshop()))) == []


def _bounded(node: Any, where: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str, float]]:
    """Every numeric bound in the schema: (where, keyword, value)."""
    found = []
    if isinstance(node, dict):
        for key in ("minimum", "maximum", "ge", "le"):
            if key in node and isinstance(node[key], int | float):
                found.append((where, key, node[key]))
        for key, value in node.items():
            found += _bounded(value, (*where, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _bounded(value, (*where, index))
    return found


def test_every_bound_is_spelt_as_json_schema_spells_it() -> None:
    """Nine were written "ge"/"le", which no validator reads: a confidence of 150 passed."""
    bounds = _bounded(SCHEMA)
    assert [b for b in bounds if b[1] in {"ge", "le"}] == []
    assert len([b for b in bounds if b[1] == "maximum"]) >= 9


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (("initiatives", 0, "priority", "confidence"), 150),
        (("initiatives", 0, "priority", "value"), 7),
        (("initiatives", 0, "effort_weeks"), -3),
        (("settings", "capacity_weeks"), -5),
    ],
    ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else str(v),
)
def test_a_value_out_of_bounds_is_refused_by_both(field: tuple[Any, ...], value: float) -> None:
    data = written(example_workshop())
    node = data
    for part in field[:-1]:
        node = node[part]
    node[field[-1]] = value
    assert list(VALIDATOR.iter_errors(data)), "the schema let it through"
    with pytest.raises(WorkshopError):
        store.parse(json.dumps(data).encode())


def test_the_version_is_required_and_this_one() -> None:
    data = written(example_workshop())
    assert data["schema_version"] == SCHEMA_VERSION
    del data["schema_version"]
    assert list(VALIDATOR.iter_errors(data))
    data["schema_version"] = 99
    assert list(VALIDATOR.iter_errors(data))
