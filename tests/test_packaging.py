"""The repository's own promises: environments in step, notebooks clean, schema current."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from gaptools.core.schema import render

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def _requirement(text: str) -> tuple[str, str]:
    """``"Pydantic >= 2.7"`` becomes ``("pydantic", ">=2.7")`` for comparing lists."""
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", text)
    assert match, f"cannot read requirement {text!r}"
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    return name, match.group(2).replace(" ", "")


def _pyproject_requirements() -> set[tuple[str, str]]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    listed = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        listed.extend(extra)
    return {_requirement(item) for item in listed}


def _conda_requirements() -> set[tuple[str, str]]:
    """What environment.yml installs, from conda-forge or (a package conda-forge names
    otherwise) from the package index; the package itself aside."""
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    plain = [d for d in env["dependencies"] if isinstance(d, str)]
    plain += [d for d in _pip_section(env) if d != "."]
    return {_requirement(d) for d in plain if _requirement(d)[0] not in {"python", "pip"}}


def _pip_section(env: dict) -> list[str]:
    [section] = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    return section


def test_environment_yml_lists_the_same_packages_as_pyproject() -> None:
    in_pyproject, in_conda = _pyproject_requirements(), _conda_requirements()
    assert in_pyproject == in_conda, (
        f"only in pyproject.toml: {sorted(in_pyproject - in_conda)}; "
        f"only in environment.yml: {sorted(in_conda - in_pyproject)}"
    )


def test_environment_yml_installs_the_package_for_binder() -> None:
    """Installed, not linked (``-e .``): an image built from it on a hub, with each user's
    home mounted over the image's, lost the checkout a linked install points to, and every
    notebook's first line failed with "No module named 'gaptools.ui'"."""
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert _pip_section(env)[-1] == "."
    assert not any(line.startswith("-e") for line in _pip_section(env))
    assert env["channels"] == ["conda-forge"]


def test_only_playwright_comes_from_the_package_index() -> None:
    """conda-forge has every other package under the name pyproject.toml gives it; it has
    Playwright as ``playwright-python``, releases behind the pin, so a solve for
    ``playwright==…`` found nothing and the environment was never built."""
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert [_requirement(d)[0] for d in _pip_section(env) if d != "."] == ["playwright"]


def test_python_floor_matches() -> None:
    """Written as repo2docker reads it (``python=3.11``; it took ``python>=3.11`` for no
    version at all and built on its default)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    floor = project["requires-python"].removeprefix(">=")
    assert f"python={floor}" in env["dependencies"]
    assert re.search(r"python\s*=+\s*([\d\.]*)", f"python={floor}")[1] == floor


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(notebook: Path) -> None:
    cells = json.loads(notebook.read_text())["cells"]
    dirty = [
        index
        for index, cell in enumerate(cells)
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert dirty == [], f"{notebook.name}: cells {dirty} carry outputs or execution counts"


def test_there_is_a_start_notebook() -> None:
    assert [p.name for p in NOTEBOOKS][:1] == ["00_start_here.ipynb"]


def test_committed_json_schema_is_current() -> None:
    committed = (REPO / "schema" / "workshop.schema.json").read_text()
    assert committed == render(), "schema/workshop.schema.json is stale: run `make schema`"


#: JupyterLab's one-key shortcuts fire on whatever has the focus: a letter menu of step 4
#: given "r" turned the form's cell raw, "d d" deleted it, and "0 0" on a menu of step 7 asked
#: to restart the kernel, which loses the anonymous ballots the screen holds. These are the
#: selectors that match any focused element; ``jupyter/overrides.json`` gives each shortcut
#: that uses one back without the outputs, where the forms are.
ANY_FOCUS = (
    ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus",
    "[data-jp-kernel-user]:not(.jp-mod-readWrite) :focus:not(:read-write)",
)
OUTSIDE_OUTPUTS = ":not(.jp-OutputArea-output *)"


def _lab_shortcuts() -> list[dict]:
    """The shortcuts JupyterLab installed here defines, from its settings schemas."""
    schemas = Path(sys.prefix, "share", "jupyter", "lab", "schemas")
    found = []
    for schema in sorted(schemas.rglob("*.json")):
        found += json.loads(schema.read_text(encoding="utf-8")).get("jupyter.lab.shortcuts", [])
    return found


def test_jupyterlab_shortcuts_leave_the_forms_alone() -> None:
    settings = json.loads((REPO / "jupyter" / "overrides.json").read_text(encoding="utf-8"))
    given = settings["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    disabled = {(s["command"], tuple(s["keys"]), s["selector"]) for s in given if s.get("disabled")}
    moved = {
        (s["command"], tuple(s["keys"]), s["selector"].removesuffix(OUTSIDE_OUTPUTS))
        for s in given
        if not s.get("disabled") and s["selector"].endswith(OUTSIDE_OUTPUTS)
    }
    broad = {
        (s["command"], tuple(s["keys"]), s["selector"])
        for s in _lab_shortcuts()
        if s.get("selector") in ANY_FOCUS and any(s.get("keys", []))
    }
    assert ("kernelmenu:restart", ("0", "0"), ANY_FOCUS[1]) in broad
    assert broad <= disabled, f"not disabled: {sorted(broad - disabled)}"
    assert disabled == moved  # each one given back, outside the outputs
    assert len(given) == len(disabled) + len(moved)
