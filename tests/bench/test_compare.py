"""``bench/compare.py OLD NEW``: the medians of two results files side by side, NEW/OLD per
row, and the rows only one file has. Expected figures are computed from the files written
here, never typed in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

COMPARE = Path(__file__).resolve().parents[2] / "bench" / "compare.py"

OLD_ROWS = {
    "load in-process, 1,000 initiatives": 80.0,
    "form change saved, 200 initiatives": 35.5,
    "ratio: rollup / loading (x100)": 198.0,
    "follow: nothing saved elsewhere (one tick)": 0.0,
    "a row that was removed": 12.0,
}
NEW_ROWS = {
    "load in-process, 1,000 initiatives": 60.0,
    "form change saved, 200 initiatives": 42.6,
    "ratio: rollup / loading (x100)": 250.0,
    "follow: nothing saved elsewhere (one tick)": 0.004,
    "a row that was added": 7.5,
}


def results_file(path: Path, medians: dict[str, float], commit: str) -> Path:
    """A results file shaped as ``bench/run.py`` writes it, with only what comparing reads."""
    header = {"date": "2026-11-30T07:00:00+00:00", "commit": commit, "cpu_count": 2}
    rows = {
        name: {"median_ms": ms, "p95_ms": None, "runs": 1, "target": "", "limit": None}
        for name, ms in medians.items()
    }
    path.write_text(json.dumps({"header": header, "rows": rows}))
    return path


def compared(old: Path, new: Path) -> list[str]:
    run = subprocess.run(
        [sys.executable, str(COMPARE), str(old), str(new)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()


def line_of(lines: list[str], name: str) -> list[str]:
    """The figures and marks printed after a row's name."""
    [line] = [line for line in lines if line.startswith(name + " ")]
    return line[len(name) :].split()


@pytest.fixture
def lines(tmp_path: Path) -> list[str]:
    old = results_file(tmp_path / "old.json", OLD_ROWS, "aaaaaaa")
    new = results_file(tmp_path / "new.json", NEW_ROWS, "bbbbbbb")
    return compared(old, new)


@pytest.mark.parametrize(
    "name",
    [
        "load in-process, 1,000 initiatives",
        "form change saved, 200 initiatives",
        "ratio: rollup / loading (x100)",
    ],
)
def test_a_row_in_both_files_shows_both_medians_and_new_over_old(
    lines: list[str], name: str
) -> None:
    old, new = OLD_ROWS[name], NEW_ROWS[name]
    assert line_of(lines, name) == [f"{old:.1f}", f"{new:.1f}", f"{new / old:.2f}"]


def test_a_row_with_an_old_median_of_zero_has_no_ratio(lines: list[str]) -> None:
    name = "follow: nothing saved elsewhere (one tick)"
    assert line_of(lines, name) == [f"{OLD_ROWS[name]:.3f}", f"{NEW_ROWS[name]:.3f}"]


def test_rows_in_only_one_file_are_marked(lines: list[str]) -> None:
    removed, added = "a row that was removed", "a row that was added"
    assert line_of(lines, removed) == [f"{OLD_ROWS[removed]:.1f}", "only", "in", "OLD"]
    assert line_of(lines, added) == [f"{NEW_ROWS[added]:.1f}", "only", "in", "NEW"]
    names = [line.split("  ")[0] for line in lines]
    assert names.index(added) < names.index(removed)  # NEW's rows first, then OLD's leftovers


def test_both_headers_are_named_before_the_rows(lines: list[str]) -> None:
    assert lines[0].startswith("OLD: ")
    assert "commit aaaaaaa" in lines[0]
    assert lines[1].startswith("NEW: ")
    assert "commit bbbbbbb" in lines[1]


def test_a_file_from_before_the_header_is_read_as_rows(tmp_path: Path) -> None:
    name = "load in-process, 1,000 initiatives"
    old = tmp_path / "old.json"
    old.write_text(json.dumps({name: {"median_ms": OLD_ROWS[name], "target_ms": ""}}))
    new = results_file(tmp_path / "new.json", NEW_ROWS, "bbbbbbb")
    lines = compared(old, new)
    assert "(no header)" in lines[0]
    ratio = NEW_ROWS[name] / OLD_ROWS[name]
    assert line_of(lines, name) == [
        f"{OLD_ROWS[name]:.1f}",
        f"{NEW_ROWS[name]:.1f}",
        f"{ratio:.2f}",
    ]
