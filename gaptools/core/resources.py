"""Where the shipped data files live: ``data/`` in a checkout, ``gaptools/_data`` in a wheel."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def checkout_root() -> Path | None:
    """The repository folder when gaptools runs from a checkout (editable install), else None."""
    root = PACKAGE_DIR.parent
    return root if (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir() else None


def data_dir() -> Path:
    packaged = PACKAGE_DIR / "_data"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / "data"


def data_file(name: str) -> Path:
    return data_dir() / name


@cache
def load_json(name: str) -> Any:
    """A shipped JSON data file; cached, so callers must not mutate what they get."""
    return json.loads(data_file(name).read_text(encoding="utf-8"))


EXAMPLE_WORKSHOP = "example_workshop.json"
EXAMPLE_AFTER = "example_after.json"
"""What the example's workshop adds by its end (gut checks, the revealed vote, the decision,
the commitment card and what the room changed on initiatives), as an overlay on
``EXAMPLE_WORKSHOP``: the example is written down once, the finished state only as additions."""

OVERLAY_NOTE = "_about"  # a key of the overlay that explains it and is not part of a workshop


def overlaid(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``overlay`` laid over it, as new plain data (neither is changed).

    Objects merge key by key, all the way down; any other value, lists included, replaces
    the one beneath it. The exception is ``initiatives``: each entry of the overlay's list is
    merged into the base's initiative with the same ``id``, so an overlay patches an
    initiative by naming its id and only the fields that changed. An id the base does not
    hold is an error, never a silent new initiative, so a renamed id cannot go unnoticed.
    """
    merged = _merged(
        base, {k: v for k, v in overlay.items() if k not in {OVERLAY_NOTE, "initiatives"}}
    )
    if "initiatives" in overlay:
        initiatives = list(merged.get("initiatives", []))
        where = {entry.get("id"): index for index, entry in enumerate(initiatives)}
        for patch in overlay["initiatives"]:
            index = where.get(patch.get("id"))
            if index is None:
                raise ValueError(
                    f"the overlay patches an initiative with no match: id {patch.get('id')!r}"
                )
            initiatives[index] = _merged(initiatives[index], patch)
        merged["initiatives"] = initiatives
    return merged


def _merged(base: Any, overlay: Any) -> Any:
    if not (isinstance(base, dict) and isinstance(overlay, dict)):
        return copy.deepcopy(overlay)
    merged = copy.deepcopy(base)
    for key, value in overlay.items():
        merged[key] = _merged(base[key], value) if key in base else copy.deepcopy(value)
    return merged


def example_data(after: bool = False) -> dict[str, Any]:
    """The example workshop as plain data: as it stands at the start of the workshop, or
    (``after``) at its end, the start with ``EXAMPLE_AFTER`` laid over it. Fresh each call."""
    base = load_json(EXAMPLE_WORKSHOP)
    return overlaid(base, load_json(EXAMPLE_AFTER)) if after else copy.deepcopy(base)
