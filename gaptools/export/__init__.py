"""Everything that leaves the room, drawn from the model alone (never from notebook outputs).

Each format has its own module; ``export`` picks one and returns the bytes, and
``write_export`` puts them on disk atomically, so a failed export leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gaptools.errors import WorkshopError
from gaptools.model import Workshop
from gaptools.store import atomic_write

SUFFIX = {"json": ".json", "csv": ".csv", "xlsx": ".xlsx", "html": ".html", "md": ".md"}


def _renderers() -> dict[str, Callable[[Workshop], bytes]]:
    from gaptools.export import report, table
    from gaptools.store import dumps

    return {
        "json": lambda w: dumps(w).encode("utf-8"),
        "csv": table.to_csv,
        "xlsx": table.to_xlsx,
        "html": report.to_html,
        "md": report.to_markdown,
    }


def export(workshop: Workshop, fmt: str) -> bytes:
    renderers = _renderers()
    if fmt not in renderers:
        raise WorkshopError(f"cannot export '{fmt}': choose one of {', '.join(renderers)}")
    return renderers[fmt](workshop)


def default_output(workshop_path: Path, fmt: str) -> Path:
    """Beside the workshop: ``team.json`` exports to ``team-export.csv`` and so on."""
    return workshop_path.with_name(f"{workshop_path.stem}-export{SUFFIX[fmt]}")


def write_export(workshop: Workshop, fmt: str, out: Path) -> Path:
    data = export(workshop, fmt)
    if out.exists() and out.is_dir():
        raise WorkshopError("is a folder; give a file name to export to", out)
    if not out.parent.is_dir():
        raise WorkshopError(f"the folder {out.parent} does not exist", out)
    atomic_write(out, data)
    return out
