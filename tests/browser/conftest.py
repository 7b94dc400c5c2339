"""A real JupyterLab and a real Chromium for the tests of what a person clicks.

The server runs on a free loopback port with a token, on a copy of the notebooks (so running
them never writes outputs into the repository) and with a temporary ``GAPTOOLS_HOME``.
Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright. Without Chromium the tests
are skipped on a developer's machine, but fail in CI, where they must run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from gaptools.core.model import Workshop
from gaptools.export import default_output
from gaptools.files import store
from gaptools.files.home import CURRENT_FILE, EXAMPLE_COPY
from gaptools.files.store import atomic_write, backup_path
from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    LabServer,
    labelled,
    launched_chromium,
    open_and_run,
    running_lab,
    wait_for_file,
)
from tests.support import complete_bet, restored

# The tests import what they drive the page with from here, as they always have.
__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "REPO",
    "LabServer",
    "labelled",
    "open_and_run",
    "wait_for_file",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests")
        pytest.skip(f"{CHROMIUM} is not installed")
    return CHROMIUM


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    root = tmp_path_factory.mktemp("lab-root")
    home = tmp_path_factory.mktemp("gaptools-home")
    config = tmp_path_factory.mktemp("jupyter-config")
    with running_lab(root, home, config) as server:
        yield server


@pytest.fixture(scope="session")
def browser(chromium: Path):
    with launched_chromium(chromium) as launched:
        yield launched


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh page; when its test fails, a screenshot of what the browser showed is kept."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.set_default_timeout(60_000)
    opened = context.new_page()
    yield opened
    if request.node.stash.get(FAILED, False):
        folder = REPO / "build" / "failures"
        folder.mkdir(parents=True, exist_ok=True)
        opened.screenshot(path=str(folder / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    folder = Path(os.environ.get("GAPTOOLS_SCREENSHOT_DIR", REPO / "build" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def shared_bet(lab: LabServer) -> Iterator[tuple[Path, Workshop]]:
    """The example copy every notebook opens, holding a complete bet during the test.

    The folder is shared by all browser tests (step 7 votes on it from scratch), so the files
    this touches (the workshop, its backup, ``current.json`` and the canvas PDF) are put back
    as they were, or removed if they did not exist.
    """
    path = lab.home / EXAMPLE_COPY
    current = lab.home / CURRENT_FILE
    with restored(path, backup_path(path), current, default_output(path, "pdf", "bet")):
        workshop = complete_bet()
        store.save(workshop, path)
        # What gaptools.files.home.set_current writes: every notebook opens this workshop.
        atomic_write(current, json.dumps({"path": str(path.resolve())}).encode())
        yield path, workshop


@pytest.fixture
def shared_workshop(shared_bet: tuple[Path, Workshop]) -> Path:
    """The file of ``shared_bet``, for the tests that only edit it."""
    path, _ = shared_bet
    return path
