"""Everything that leaves the room, drawn from the model alone (never from notebook outputs).

Two canvases: the one-page **bet** canvas (pdf, png, html, md) and the full workshop
**report** (html, md, and pdf: several pages with page numbers); and the workshop's data (json,
csv, xlsx). ``export`` picks the renderer and returns bytes; ``write_export`` puts them on
disk atomically, so a failed export leaves nothing half-written.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from gaptools.core.errors import WorkshopError
from gaptools.core.model import Workshop
from gaptools.files.home import REPLACES_A_WORKSHOP, holds_a_workshop
from gaptools.files.store import (
    SIDE_FILE_PROBLEM,
    atomic_write,
    is_side_file,
    output_problem,
)

FORMATS = ("pdf", "png", "html", "md", "json", "csv", "xlsx")
CANVASES = ("bet", "report")
PAPERS = ("a4", "letter")
DEFAULT_CANVAS = {"pdf": "bet", "png": "bet", "html": "report", "md": "report"}
SUFFIX = {fmt: f".{fmt}" for fmt in FORMATS}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "html": "text/html",
    "md": "text/markdown",
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: Each export's renderer, as (module, function): only the module of the export asked for is
#: imported, so a PDF never loads the report's charts nor a CSV the PDF library.
RENDERERS: dict[tuple[str, str | None], tuple[str, str]] = {
    ("pdf", "bet"): ("gaptools.export.page", "to_pdf"),
    ("png", "bet"): ("gaptools.export.page", "to_png"),
    ("html", "bet"): ("gaptools.export.bet", "to_html"),
    ("md", "bet"): ("gaptools.export.bet", "to_markdown"),
    ("html", "report"): ("gaptools.export.report", "to_html"),
    ("md", "report"): ("gaptools.export.report", "to_markdown"),
    ("pdf", "report"): ("gaptools.export.report_pdf", "to_pdf"),
    ("json", None): ("gaptools.files.store", "dumps"),
    ("csv", None): ("gaptools.export.table", "to_csv"),
    ("xlsx", None): ("gaptools.export.table", "to_xlsx"),
}
#: Renderers that take the workshop alone (the others also take the paper size).
PAPERLESS = {("html", "report"), ("md", "report"), ("json", None), ("csv", None), ("xlsx", None)}


def _render(workshop: Workshop, fmt: str, canvas: str | None, paper: str) -> bytes:
    key = (fmt, chosen_canvas(fmt, canvas))
    module, name = RENDERERS[key]
    renderer = getattr(importlib.import_module(module), name)
    made = renderer(workshop) if key in PAPERLESS else renderer(workshop, paper)
    return made.encode("utf-8") if isinstance(made, str) else made


def canvas_problem(fmt: str, canvas: str | None) -> str | None:
    """Why this format and canvas do not go together, in words; None when they do."""
    if fmt not in FORMATS:
        return f"cannot export '{fmt}': choose one of {', '.join(FORMATS)}"
    if canvas is not None and canvas not in CANVASES:
        return f"no canvas '{canvas}': choose bet or report"
    if fmt in {"json", "csv", "xlsx"} and canvas is not None:
        return f"--canvas does not apply to {fmt}: it exports the workshop's data"
    if fmt == "png" and canvas == "report":
        return (
            "the report runs to several pages and is exported as html, md or pdf; "
            "png draws the one-page bet canvas"
        )
    return None


#: Endings people give a file of a format other than its own name.
SUFFIX_ALIASES = {"htm": "html", "markdown": "md"}


def named_format(out: str | Path) -> str:
    """The format an output file's name ends in ("q1.XLSX" gives "xlsx"); "" for none."""
    ending = Path(out).suffix.lower().lstrip(".")
    return SUFFIX_ALIASES.get(ending, ending)


def output_format(given: str | None, out: str | Path | None, formats: tuple[str, ...]) -> str:
    """The format to write: the one asked for, else the one the output's name ends in, else
    the first of ``formats``. An Excel name with HTML inside opens as a corrupt file, so a
    name ending in one known format while another is asked for, or one this writer does not
    make, is refused in words (``ValueError``). So is the name of another kind of file
    ("r.txt") with no format asked for, which had an HTML page written into it; with one asked
    for, or a name with no ending, the name is taken."""
    named = named_format(out) if out else ""
    endings = ", ".join(f".{f}" for f in formats)
    if named not in FORMATS and named not in formats:
        if given is None and named:
            raise ValueError(
                f"a name ending in .{named} does not say which format to write: name the "
                f"file {endings}, or give --format"
            )
        return given or formats[0]
    if given is None and named not in formats:
        raise ValueError(f"cannot write {named} here: name the file {endings}")
    if given is not None and named != given:
        raise ValueError(
            f"the name ends in .{named} but --format is {given}: name it "
            f"{Path(out or '').stem}.{given}"
        )
    return named


def chosen_canvas(fmt: str, canvas: str | None) -> str | None:
    return canvas or DEFAULT_CANVAS.get(fmt)


def export(workshop: Workshop, fmt: str, canvas: str | None = None, paper: str = "a4") -> bytes:
    problem = canvas_problem(fmt, canvas)
    if problem:
        raise WorkshopError(problem)
    if paper not in PAPERS:
        raise WorkshopError(f"no paper size '{paper}': choose a4 or letter")
    return _render(workshop, fmt, canvas, paper)


def default_output(workshop_path: Path, fmt: str, canvas: str | None = None) -> Path:
    """Beside the workshop: ``team.json`` gives ``team-bet.pdf``, ``team-report.html``,
    ``team-report.pdf`` (with ``--canvas report``), and ``team-export.csv`` for the data."""
    kind = chosen_canvas(fmt, canvas) or "export"
    return workshop_path.with_name(f"{workshop_path.stem}-{kind}{SUFFIX[fmt]}")


def write_export(
    workshop: Workshop,
    fmt: str,
    out: Path,
    canvas: str | None = None,
    paper: str = "a4",
    source: Path | None = None,
) -> Path:
    """Write one export to ``out``; never over ``source``, the workshop it was drawn from.

    ``out`` is replaced by name and never followed: a symbolic link there (even at the
    default name, planted in a shared folder), a device, a pipe or a workshop's backup, lock
    or temporary file is refused and left as it is.
    """
    check_output(out, fmt, FORMATS, source)
    atomic_write(out, export(workshop, fmt, canvas, paper))
    return out


def check_output(out: Path, fmt: str, formats: tuple[str, ...], source: Path | None = None) -> None:
    """Refuse, in words, an output nothing may be written to, before any work is done: a
    roll-up read every team's file first, then said its folder did not exist. ``source``
    is the workshop an export is drawn from, never written over."""
    try:
        if out.is_symlink() or is_side_file(out):
            raise WorkshopError(output_problem(out) or SIDE_FILE_PROBLEM, out)
        if out.is_dir():
            raise WorkshopError("is a folder; give a file name to export to", out)
        if out.exists() and not out.is_file():
            raise WorkshopError(output_problem(out) or "is not a regular file", out)
        if out.parent.exists() and not out.parent.is_dir():
            raise WorkshopError(f"{out.parent} is a file, not a folder", out)
        if not out.parent.is_dir():
            raise WorkshopError(f"the folder {out.parent} does not exist", out)
        if source is not None and out.exists() and out.samefile(source):
            raise WorkshopError("is the workshop itself; export to another file name", out)
        if holds_a_workshop(out):
            raise WorkshopError(REPLACES_A_WORKSHOP, out)
        output_format(fmt, out, formats)
    except OSError as error:  # a name too long, a folder we may not look into
        raise WorkshopError(f"cannot write here: {error.strerror or error}", out) from None
    except ValueError as mismatch:
        raise WorkshopError(str(mismatch), out) from None
