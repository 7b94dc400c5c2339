"""Bring older workshop files up to the current schema before validation.

A file records the ``schema_version`` it was written with. Each migration turns version N
into N + 1 on the raw JSON data, so a file from any earlier release loads today; a file from
a newer release is refused rather than guessed at (and never overwritten).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gaptools.core.errors import WorkshopError
from gaptools.core.model import SCHEMA_VERSION

Data = dict[str, Any]
Migration = Callable[[Data], Data]

#: ``MIGRATIONS[n]`` turns a version-n document into a version n + 1 document.
MIGRATIONS: dict[int, Migration] = {}


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Register the step that upgrades ``from_version`` files by one version."""

    def register(step: Migration) -> Migration:
        MIGRATIONS[from_version] = step
        return step

    return register


def upgrade(data: Data, latest: int = SCHEMA_VERSION) -> Data:
    """Return ``data`` at the ``latest`` schema version, or explain why it cannot be."""
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise WorkshopError(f"schema_version: must be a whole number, found {version!r}")
    if version > latest:
        raise WorkshopError(
            f"schema_version: the file was written by a newer gaptools (schema version "
            f"{version}; this one reads up to {latest}); update gaptools to open it"
        )
    if version < 1:
        raise WorkshopError(f"schema_version: {version} is not a gaptools schema version")
    while version < latest:
        step = MIGRATIONS.get(version)
        if step is None:
            raise WorkshopError(f"schema_version: no way to upgrade version {version} files")
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data
