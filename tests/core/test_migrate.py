"""Older files are upgraded step by step; newer or nonsense versions are refused, not guessed."""

from __future__ import annotations

from typing import Any

import pytest

from gaptools.core import migrate
from gaptools.core.errors import WorkshopError
from gaptools.core.migrate import upgrade
from gaptools.core.model import SCHEMA_VERSION


def test_current_version_passes_through_unchanged() -> None:
    data = {"schema_version": SCHEMA_VERSION, "meta": {"date": "2026-11-18"}}
    assert upgrade(dict(data)) == data


def test_future_version_is_refused_with_advice() -> None:
    """A file from a newer release must not be half-read (and then overwritten)."""
    with pytest.raises(WorkshopError) as caught:
        upgrade({"schema_version": SCHEMA_VERSION + 1})
    (problem,) = caught.value.problems
    assert problem.startswith("schema_version:")
    assert "newer gaptools" in problem
    assert f"schema version {SCHEMA_VERSION + 1}" in problem
    assert "update gaptools" in problem


@pytest.mark.parametrize("version", ["1", 1.0, True, None, [1]])
def test_non_integer_version_is_refused(version: Any) -> None:
    """A version must be a whole number; '1', 1.0 and true are not accepted as 1."""
    with pytest.raises(WorkshopError, match="schema_version: must be a whole number"):
        upgrade({"schema_version": version})


def test_missing_version_is_refused_as_json_that_is_no_workshop() -> None:
    """A dashboard's settings read "schema_version: must be a whole number, found None"."""
    with pytest.raises(WorkshopError) as caught:
        upgrade({"name": "powerbi-dashboard", "tiles": []})
    [problem] = caught.value.problems
    assert problem.startswith("JSON that is not a gaptools workshop file")
    assert "(its first keys: name, tiles)" in problem
    assert "found None" not in problem
    with pytest.raises(WorkshopError, match="it is an empty object"):
        upgrade({})


@pytest.mark.parametrize("version", [0, -1])
def test_version_below_one_is_refused(version: int) -> None:
    with pytest.raises(WorkshopError) as caught:
        upgrade({"schema_version": version})
    assert caught.value.problems == [f"schema_version: {version} is not a gaptools schema version"]


def test_registered_migration_upgrades_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """A version-1 file passes through the registered step and comes out as version 2."""

    def rename_team(data: dict[str, Any]) -> dict[str, Any]:
        meta = dict(data["meta"])
        meta["team_name"] = meta.pop("team")
        return {**data, "meta": meta}

    monkeypatch.setitem(migrate.MIGRATIONS, 1, rename_team)
    original = {"schema_version": 1, "meta": {"team": "Claims", "date": "2026-11-18"}}
    upgraded = upgrade(original, latest=2)
    assert upgraded == {"schema_version": 2, "meta": {"team_name": "Claims", "date": "2026-11-18"}}
    # The caller's data is left as it was.
    assert original == {"schema_version": 1, "meta": {"team": "Claims", "date": "2026-11-18"}}


def test_migrations_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    """A version-1 file reaches version 3 through both steps, in order."""
    monkeypatch.setitem(migrate.MIGRATIONS, 1, lambda d: {**d, "trail": ["1->2"]})
    monkeypatch.setitem(migrate.MIGRATIONS, 2, lambda d: {**d, "trail": [*d["trail"], "2->3"]})
    upgraded = upgrade({"schema_version": 1}, latest=3)
    assert upgraded == {"schema_version": 3, "trail": ["1->2", "2->3"]}


def test_missing_migration_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(migrate.MIGRATIONS, 1, raising=False)
    with pytest.raises(WorkshopError) as caught:
        upgrade({"schema_version": 1}, latest=2)
    assert caught.value.problems == ["schema_version: no way to upgrade version 1 files"]


def test_migration_decorator_registers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrate, "MIGRATIONS", {})

    @migrate.migration(1)
    def step(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "seen": True}

    assert list(migrate.MIGRATIONS.items()) == [(1, step)]
    assert upgrade({"schema_version": 1}, latest=2) == {"schema_version": 2, "seen": True}


def test_a_version_2_file_reads_as_the_latest_with_nothing_else_changed() -> None:
    """Versions 3 and 4 only widened the file (an initiative's area; a stage not given yet;
    the pulse and the commitments of step 8)."""
    from gaptools.core.model import Workshop

    data = {
        "schema_version": 2,
        "meta": {"date": "2026-11-18"},
        "initiatives": [{"id": "a1", "name": "Triage bot", "stage": "pilot"}],
    }
    upgraded = upgrade(dict(data))
    assert upgraded == {**data, "schema_version": SCHEMA_VERSION}
    workshop = Workshop.model_validate(upgraded)
    triage = workshop.initiatives[0]
    assert (triage.area, triage.stage.value) == ("", "pilot")
    assert (workshop.pulse.answers, workshop.commitments) == ([], [])


def test_a_stage_not_given_yet_is_kept_as_none() -> None:
    from gaptools.core.model import Workshop

    data = {
        "schema_version": SCHEMA_VERSION,
        "meta": {"date": "2026-11-18"},
        "initiatives": [{"name": "Triage bot", "stage": None, "area": "Claims"}],
    }
    workshop = Workshop.model_validate(upgrade(data))
    assert workshop.initiatives[0].stage is None
    assert workshop.in_play() == workshop.initiatives


def test_a_version_8_survey_rating_loses_the_label_drawn_from_its_row() -> None:
    """Version 8 labelled an anonymous survey rating with the start of a digest of its
    response's ID in the form, which anyone reading the file could work back to its row."""
    from gaptools.core.model import Workshop

    ratings = [
        {"id": "r1", "rater": "Anonymous response b8c19d", "scores": {"operational": 5}},
        {"id": "r2", "rater": "Dana Whitfield", "scores": {"operational": 3}},
        {"id": "r3", "rater": "Anonymous response 0a1b2c", "scores": {"operational": 1}},
        {"id": "r4", "rater": "Anonymous response of the team", "scores": {"operational": 3}},
    ]
    data = {
        "schema_version": 8,
        "meta": {"date": "2026-11-18"},
        "maturity": {"ratings": ratings},
    }
    upgraded = Workshop.model_validate(upgrade(data)).maturity.ratings
    # No label, and no longer in the order of the rows they came from: in the order of what
    # they say, as every anonymous rating is kept (``steps.maturity``).
    assert [(r.rater, r.scores["operational"]) for r in upgraded] == [
        ("", 1),
        ("", 5),
        ("Anonymous response of the team", 3),
        ("Dana Whitfield", 3),
    ]
    assert data["maturity"]["ratings"][0]["rater"] == "Anonymous response b8c19d"  # not in place


def test_a_version_8_survey_counts_its_rows_ratings_as_added() -> None:
    """A version-8 import added every anonymous rating at once: its rows are recorded as
    rated, so reading the same export again under the batches of version 9 adds none twice."""
    imported = ["0123456789abcdef", "fedcba9876543210"]
    data = {"schema_version": 8, "meta": {"date": "2026-11-18"}, "survey": {"imported": imported}}
    assert upgrade(data)["survey"]["ratings_imported"] == imported
