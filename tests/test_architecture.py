"""The package's shape: layers as written in pyproject.toml, and no import cycles."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

REPO = Path(__file__).resolve().parents[1]


def test_layer_contracts_are_kept() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(linter), "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("gaptools", cache_dir=None)


def test_no_module_imports_itself_back(graph: grimp.ImportGraph) -> None:
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.append(" -> ".join((module, *back)))
    assert cycles == []


def test_a_rule_module_importing_a_widget_breaks_the_contract(tmp_path: Path) -> None:
    """The contract is not decorative: a step that pulls in ipywidgets is caught."""
    copy = tmp_path / "repo"
    shutil.copytree(REPO / "gaptools", copy / "gaptools")
    shutil.copy(REPO / "pyproject.toml", copy)
    rule = copy / "gaptools" / "steps" / "value.py"
    rule.write_text(rule.read_text() + "\nimport ipywidgets  # noqa\n")
    linter = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(linter), "--no-cache"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 1
    assert "gaptools.steps.value -> ipywidgets" in run.stdout
