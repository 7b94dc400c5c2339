"""Where the shipped data files live: ``data/`` in a checkout, ``gaptools/_data`` in a wheel."""

from __future__ import annotations

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
