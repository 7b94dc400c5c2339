"""Bring older workshop files up to the current schema before validation.

A file records the ``schema_version`` it was written with. Each migration turns version N
into N + 1 on the raw JSON data, so a file from any earlier release loads today; a file from
a newer release is refused rather than guessed at (and never overwritten).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from gaptools.core.errors import WorkshopError
from gaptools.core.model import SCHEMA_VERSION
from gaptools.core.text import shorten

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
    if "schema_version" not in data:
        # "schema_version: must be a whole number, found None" of a dashboard's settings
        # named a field the person never wrote.
        keys = ", ".join(shorten(str(key), 40) for key in list(data)[:5])
        raise WorkshopError(
            "JSON that is not a gaptools workshop file: every workshop file has a "
            "schema_version, and this one has none"
            + (f" (its first keys: {keys})" if keys else " (it is an empty object)")
        )
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


def _stable_id(*parts: object) -> str:
    """The id an entry of an older file gets: derived from where it stands and what it says,
    so that two notebooks migrating the same file on load agree before either saves it."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8"))
    return digest.hexdigest()[:12]


def _with_ids(entries: object, where: str) -> object:
    if not isinstance(entries, list):
        return entries
    keyed = []
    for number, entry in enumerate(entries):
        if isinstance(entry, dict) and "id" not in entry:
            content = json.dumps(entry, sort_keys=True, default=str)
            entry = {"id": _stable_id(where, number, content), **entry}
        keyed.append(entry)
    return keyed


@migration(from_version=1)
def _entries_get_ids(data: Data) -> Data:
    """Version 2 gives every entry a form edits or removes a stable id. The functions, plain
    names in version 1, become entries as the model reads them (``Settings``), with ids that
    follow from their names; the ownership letters stay under the functions' names."""
    data = copy.deepcopy(data)
    meta = data.get("meta")
    if isinstance(meta, dict):
        meta = data["meta"] = dict(meta)
        for key in ("participants", "agenda"):
            meta[key] = _with_ids(meta.get(key, []), f"meta.{key}")
    for key in ("initiatives", "success_definitions", "gut_checks"):
        if key in data:
            data[key] = _with_ids(data[key], key)
    for initiative in (
        data.get("initiatives", []) if isinstance(data.get("initiatives"), list) else []
    ):
        readiness = initiative.get("readiness") if isinstance(initiative, dict) else None
        if isinstance(readiness, dict) and "risks" in readiness:
            readiness["risks"] = _with_ids(readiness["risks"], f"risks.{initiative.get('id')}")
    for section, key in (("voting", "ballots"), ("bet", "explore_next")):
        part = data.get(section)
        if isinstance(part, dict) and key in part:
            part[key] = _with_ids(part[key], f"{section}.{key}")
    return data


@migration(from_version=2)
def _initiatives_get_areas(data: Data) -> Data:
    """Version 3 adds an initiative's ``area`` (its business unit) and lets its ``stage`` be
    null (not given yet). Both only widen what a file may hold, so a version-2 file is
    already a valid version-3 one; the number changes so that an older gaptools refuses a
    file it could not read instead of naming the new field as a mistake."""
    return data


@migration(from_version=3)
def _leading_the_change(data: Data) -> Data:
    """Version 4 adds step 8: the anonymous pulse and the leaders' commitments, and the pulse's
    minimum group sizes in the settings. Every new part has a default, so a version-3 file is
    already a valid version-4 one."""
    return data


@migration(from_version=4)
def _learning_velocity(data: Data) -> Data:
    """Version 5 adds step 9: each initiative's learning cycles and the execution-maturity
    ratings. Both have defaults, so a version-4 file is already a valid version-5 one."""
    return data


@migration(from_version=5)
def _survey_responses(data: Data) -> Data:
    """Version 6 adds the survey's record of imported responses, and lets a definition of
    success or a gut check come without a name (an anonymous survey response). Both only
    widen what a file may hold."""
    return data


@migration(from_version=6)
def _earlier_cards(data: Data) -> Data:
    """Version 7 keeps the commitment card of a replaced decision with it in the decision
    record. Every new field has a default, so a version-6 file is already a valid version-7
    one."""
    return data


@migration(from_version=7)
def _first_cycle_start(data: Data) -> Data:
    """Version 8 lets the commitment card say when its first pilot cycle starts, where that is
    later than the decision (a workshop held weeks before the quarter it plans). The field
    is optional, so a version-7 file is already a valid version-8 one."""
    return data


#: The label version 8 gave an anonymous rating from a survey: drawn from the response's ID
#: in the form, which ties the rating to its row of the export.
_SURVEY_RATER = re.compile(r"^Anonymous response [0-9a-f]{6}$")


@migration(from_version=8)
def _unlabelled_survey_ratings(data: Data) -> Data:
    """Version 9 keeps an anonymous survey rating with no rater, as every anonymous rating
    is kept: the label version 8 gave it was drawn from the response's ID in the form. It
    also adds such ratings in batches, as pulse answers are, recording the rows whose rating
    was added: in a version-8 file, every row imported had its rating added at once."""
    survey = data.get("survey")
    if isinstance(survey, dict) and isinstance(survey.get("imported"), list):
        data = {**data, "survey": {**survey, "ratings_imported": list(survey["imported"])}}
    maturity = data.get("maturity")
    ratings = maturity.get("ratings") if isinstance(maturity, dict) else None
    if not isinstance(ratings, list):
        return data
    data = copy.deepcopy(data)
    found = data["maturity"]["ratings"]
    for rating in found:
        if isinstance(rating, dict) and _SURVEY_RATER.match(str(rating.get("rater", ""))):
            rating["rater"] = ""
    if all(isinstance(rating, dict) for rating in found):
        # Version 8 added them in the export's order of rows, which is the order they were
        # sent in: in the order of what they say, as every anonymous rating is kept.
        found.sort(key=_rating_order)
    return data


def _rating_order(rating: Data) -> tuple[str, str, str, str]:
    """``steps.maturity``'s order of ratings, on a file's data (what is not text as text)."""
    scores = rating.get("scores")
    said = json.dumps(sorted(scores.items()) if isinstance(scores, dict) else scores, default=str)
    return (str(rating.get("rater", "")), said, str(rating.get("day") or ""), str(rating.get("id")))


@migration(from_version=9)
def _quarter_followed(data: Data) -> Data:
    """Version 10 records which workshop the next quarter's was started from, so a team that
    renamed itself is still one team to the roll-up. The field is optional: a version-9 file
    is already a valid version-10 one, and its quarters stay linked by their team's name."""
    return data
