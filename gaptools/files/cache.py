"""Where gaptools keeps what it can make again, so that a command need not make it each time.

Each kind (a cut of the PDF's font, compiled templates) has a folder of its own under the
user's cache folder: ``$XDG_CACHE_HOME/gaptools``, else ``~/.cache/gaptools``. Deleting it
loses nothing: whatever is missing is made again when next needed, and where no folder can be
made (a read-only home) everything is made afresh each time, as it was.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder(kind: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gaptools" / kind


def made_cache_folder(kind: str) -> Path | None:
    """The folder for ``kind``, made if need be; None where it cannot be made."""
    folder = cache_folder(kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
