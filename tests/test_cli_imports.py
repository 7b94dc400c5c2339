"""Each command loads only what it uses: a command that neither draws nor tabulates never
imports pandas, matplotlib, ipywidgets or IPython, and a light one not even numpy, so it
starts at the speed of reading its file; the canvas PNG draws with matplotlib's figure and
Agg canvas directly, never ``pyplot``, and the canvas PDF without matplotlib at all.

Each command runs in a fresh interpreter (what was imported by an earlier test would hide an
import here), which then lists the modules it holds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gaptools.core.model import Workshop
from tests.support import written
from tests.test_cli_import_survey import ROWS, google

#: Never imported by a command that does not draw a chart or fill a data frame.
HEAVY = frozenset({"pandas", "matplotlib", "ipywidgets", "IPython"})
#: Not imported either by a command that neither ranks with the stability simulation, draws
#: nor tabulates.
LIGHT = HEAVY | {"numpy"}

PROBE = """
import contextlib, io, json, sys
from gaptools.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

SHEET = "Name,Stage,Sponsor\nInvoice matching,Pilot,Head of Finance\n"


@pytest.fixture
def folder(tmp_path: Path, example: Workshop) -> Path:
    """A workshop, a copy of it, a portfolio sheet and a survey export, side by side."""
    written(example, tmp_path / "w.json")
    written(example, tmp_path / "copy.json")
    (tmp_path / "sheet.csv").write_text(SHEET, encoding="utf-8")
    google(tmp_path / "responses.csv", ROWS)
    return tmp_path


def loaded(folder: Path, *argv: str, environment: dict[str, str] | None = None) -> set[str]:
    """The modules a fresh interpreter holds after running ``gaptools argv`` in ``folder``
    (in ``environment``, else this process's)."""
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    result = json.loads(run.stdout.splitlines()[-1])
    assert result["code"] == 0, run.stderr
    return set(result["modules"])


def packages(modules: set[str]) -> set[str]:
    return {name.partition(".")[0] for name in modules}


LIGHT_COMMANDS = [
    ["validate", "w.json"],
    ["status", "w.json"],
    ["status", "--json", "w.json"],
    ["new", "new.json"],
    ["new", "example.json", "--example", "after"],
    ["export", "w.json", "--format", "json"],
    ["export", "w.json", "--format", "md", "--canvas", "bet"],
    ["export", "w.json", "--format", "html", "--canvas", "bet"],
    ["survey-questions"],
    ["survey-questions", "--format", "csv", "w.json"],
    ["merge", "copy.json", "--into", "w.json"],
    ["import-portfolio", "sheet.csv", "--into", "w.json"],
    ["import-survey", "responses.csv", "--into", "w.json"],
]


@pytest.mark.parametrize("argv", LIGHT_COMMANDS, ids=" ".join)
def test_a_light_command_imports_no_charts_frames_widgets_or_numpy(
    folder: Path, argv: list[str]
) -> None:
    assert packages(loaded(folder, *argv)) & LIGHT == set()


TABULATING = [
    ["export", "w.json", "--format", "csv"],
    ["export", "w.json", "--format", "md"],
    ["export", "w.json", "--format", "html", "--canvas", "report"],
]


@pytest.mark.parametrize("argv", TABULATING, ids=" ".join)
def test_the_report_and_the_data_import_no_charts_frames_or_widgets(
    folder: Path, argv: list[str]
) -> None:
    """The report's charts are SVG written by gaptools; only the stability of the ranking
    needs numpy."""
    assert packages(loaded(folder, *argv)) & HEAVY == set()


def test_the_canvas_pdf_is_drawn_without_matplotlib(folder: Path) -> None:
    modules = loaded(folder, "export", "w.json", "--format", "pdf")
    assert packages(modules) & HEAVY == set()
    assert "fpdf" in packages(modules)


def test_the_canvas_png_is_drawn_without_pyplot(folder: Path) -> None:
    modules = loaded(folder, "export", "w.json", "--format", "png")
    assert "matplotlib.pyplot" not in modules
    assert "matplotlib.backends.backend_agg" in modules
    assert packages(modules) & {"pandas", "ipywidgets", "IPython"} == set()


def test_the_canvas_png_loads_only_the_png_writer_of_pillow(folder: Path) -> None:
    """Pillow, asked for a format by name, first loads the writers of five formats; the PNG
    export names its buffer instead, so only the PNG writer is loaded."""
    modules = loaded(folder, "export", "w.json", "--format", "png")
    assert "PIL.PngImagePlugin" in modules
    others = {"PIL.JpegImagePlugin", "PIL.GifImagePlugin", "PIL.BmpImagePlugin"}
    assert modules & others == set()


NOT_READING_SHEETS = [
    *(argv for argv in LIGHT_COMMANDS + TABULATING if not argv[0].startswith("import")),
    ["export", "w.json", "--format", "pdf"],
    ["export", "w.json", "--format", "png"],
]


@pytest.mark.parametrize("argv", NOT_READING_SHEETS, ids=" ".join)
def test_a_command_that_reads_no_sheet_imports_no_sheet_reading(
    folder: Path, argv: list[str]
) -> None:
    """Finding the workshops folder's own files (``files.home``) imported the reading of
    spreadsheets, its CSV, zip and XML parsers, into every export's start-up."""
    assert "gaptools.files.sheets" not in loaded(folder, *argv)
