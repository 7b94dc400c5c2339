"""The workshop file's JSON Schema, generated from the model so the two never disagree.

``python -m gaptools.core.schema > schema/workshop.schema.json`` (``make schema``) refreshes the
committed copy; a test fails when the committed copy is stale.
"""

from __future__ import annotations

import json
from typing import Any

from gaptools.core.model import SCHEMA_VERSION, Workshop

SCHEMA_ID = "https://gaptools.example/schema/workshop.schema.json"


def workshop_schema() -> dict[str, Any]:
    schema = Workshop.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "gaptools workshop",
        "description": (
            f"A gaptools workshop file, schema version {SCHEMA_VERSION}. Older versions are "
            "migrated on load; see gaptools/migrate.py."
        ),
        **{k: v for k, v in schema.items() if k not in {"title", "description"}},
    }


def render() -> str:
    return json.dumps(workshop_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render(), end="")
