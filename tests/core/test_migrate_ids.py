"""Version 1 files (no ids, functions as plain names) load as version 2 with stable ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gaptools.core.migrate import upgrade
from gaptools.core.model import SCHEMA_VERSION, Workshop
from gaptools.core.resources import data_file
from gaptools.files import store

FIXTURES = Path(__file__).with_name("fixtures")
VERSION_1 = FIXTURES / "example_workshop_v1.json"


def _entries(workshop: Workshop) -> dict[str, list]:
    return {
        "participants": workshop.meta.participants,
        "agenda": workshop.meta.agenda,
        "initiatives": workshop.initiatives,
        "definitions": workshop.success_definitions,
        "gut checks": workshop.gut_checks,
        "ballots": workshop.voting.ballots,
        "explore": workshop.bet.explore_next,
        "functions": workshop.settings.functions,
        "risks": [r for i in workshop.initiatives for r in i.readiness.risks],
    }


def test_the_kept_version_1_file_is_really_version_1() -> None:
    raw = json.loads(VERSION_1.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 1
    assert all(isinstance(f, str) for f in raw["settings"]["functions"])
    assert all("id" not in i for i in raw["initiatives"])


def test_version_1_loads_with_an_id_on_every_entry() -> None:
    workshop = store.load(VERSION_1)
    assert workshop.schema_version == SCHEMA_VERSION
    for where, entries in _entries(workshop).items():
        ids = [entry.id for entry in entries]
        assert all(ids), where
        assert len(set(ids)) == len(ids), where


def test_migration_keeps_every_value() -> None:
    """Apart from the new ids and the functions' shape, the document is what it was."""
    raw = json.loads(VERSION_1.read_text(encoding="utf-8"))
    migrated = store.load(VERSION_1).model_dump(mode="json")

    def without_ids(node: object) -> object:
        if isinstance(node, dict):
            return {k: without_ids(v) for k, v in node.items() if k != "id"}
        if isinstance(node, list):
            return [without_ids(v) for v in node]
        return node

    names = [f["name"] for f in migrated["settings"]["functions"]]
    assert names == raw["settings"]["functions"]
    stripped = without_ids(migrated)
    stripped["settings"]["functions"] = names
    original = store.parse(VERSION_1.read_bytes()).model_dump(mode="json")
    original["settings"]["functions"] = names
    assert stripped == without_ids(original)
    for before, after in zip(raw["initiatives"], migrated["initiatives"], strict=True):
        assert after["name"] == before["name"]
        assert after["ownership"]["raci"] == before["ownership"].get("raci", {})


def test_two_loads_of_one_old_file_agree_on_the_ids() -> None:
    """Two notebooks opening the same old file must address the same entries."""
    assert store.load(VERSION_1) == store.load(VERSION_1)


def test_upgrade_does_not_touch_the_callers_data() -> None:
    raw = json.loads(VERSION_1.read_text(encoding="utf-8"))
    kept = json.dumps(raw, sort_keys=True)
    upgrade(raw)
    assert json.dumps(raw, sort_keys=True) == kept


@pytest.mark.parametrize("path", [data_file("example_workshop.json"), VERSION_1], ids=str)
def test_every_committed_workshop_loads_at_the_current_version(path: Path) -> None:
    assert store.load(path).schema_version == SCHEMA_VERSION


def test_the_committed_example_is_saved_at_the_current_version() -> None:
    """The shipped example carries its ids, so every copy of it starts with the same ones."""
    raw = json.loads(data_file("example_workshop.json").read_text(encoding="utf-8"))
    assert raw["schema_version"] == SCHEMA_VERSION
    assert all("id" in i for i in raw["initiatives"])
