"""The workshop file's JSON Schema, generated from the model so the two never disagree.

``python -m gaptools.core.schema > schema/workshop.schema.json`` (``make schema``) refreshes the
committed copy; a test fails when the committed copy is stale.
"""

from __future__ import annotations

import json
from typing import Any

from gaptools.core.model import SCHEMA_VERSION, Workshop

SCHEMA_ID = "https://gaptools.example/schema/workshop.schema.json"


#: Bounds pydantic writes under its own names where a number is checked after a validator
#: of ours (``Whole``, ``Number``): no JSON Schema validator knows them, so a confidence of 150
#: passed the schema that ``gaptools validate`` refuses. Written as JSON Schema spells them.
BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def workshop_schema() -> dict[str, Any]:
    schema = _spelt_out(Workshop.model_json_schema(mode="validation"))
    version = schema["properties"]["schema_version"]
    version.pop("default", None)
    version["const"] = SCHEMA_VERSION  # this schema is this version's; older ones migrate
    schema["required"] = ["schema_version", *schema.get("required", [])]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "gaptools workshop",
        "description": (
            f"A gaptools workshop file, schema version {SCHEMA_VERSION}. Older versions are "
            "migrated on load; see gaptools/core/migrate.py. Beyond what this schema checks, "
            "`gaptools validate` refuses what JSON Schema cannot say: names used twice, "
            "dates before 1900 or after 2100, a function no one in the workshop has."
        ),
        **{k: v for k, v in schema.items() if k not in {"title", "description"}},
    }


def _spelt_out(node: Any) -> Any:
    """``node`` with pydantic's bound names, where they stand beside a number's type,
    spelt as JSON Schema's."""
    if isinstance(node, list):
        return [_spelt_out(item) for item in node]
    if not isinstance(node, dict):
        return node
    numeric = node.get("type") in {"number", "integer"}
    return {
        (BOUNDS[key] if numeric and key in BOUNDS else key): _spelt_out(value)
        for key, value in node.items()
    }


def render() -> str:
    return json.dumps(workshop_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render(), end="")
