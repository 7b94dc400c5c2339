"""A real JupyterLab and a real Chromium for the tests of what a person clicks.

The server runs on a free loopback port with a token, on a copy of the notebooks (so running
them never writes outputs into the repository) and with a temporary ``GAPTOOLS_HOME``.
Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright. Without Chromium the tests
are skipped on a developer's machine, but fail in CI, where they must run.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from gaptools.core.model import Workshop
from gaptools.export import default_output
from gaptools.files import store
from gaptools.files.home import CURRENT_FILE, EXAMPLE_COPY
from gaptools.files.store import atomic_write, backup_path
from tests.support import complete_bet, restored

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("GAPTOOLS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
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


@dataclass(frozen=True)
class LabServer:
    url: str
    token: str
    home: Path
    root: Path
    log: Path

    def address(self, path: str) -> str:
        return f"{self.url}{path}?token={self.token}"


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
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    home = tmp_path_factory.mktemp("gaptools-home")
    config = tmp_path_factory.mktemp("jupyter-config")
    log = root / "server.log"
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    env = {
        **os.environ,
        "GAPTOOLS_HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(config),
        "JUPYTER_RUNTIME_DIR": str(config / "runtime"),
    }
    with log.open("wb") as output:
        server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/api/status?token={token}", server, log)
        yield LabServer(url=url, token=token, home=home, root=root, log=log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def browser(chromium: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


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


def open_and_run(page, lab: LabServer, notebook: str) -> None:
    """Open ``notebook`` in JupyterLab and run all cells, as a facilitator does.

    Each test gets its own JupyterLab workspace, so tabs another test left open are not
    restored beside it. A Run All sent before the kernel is connected is silently lost, so it
    waits for the kernel like a person would, and runs again if no cell started.
    """
    workspace = f"test-{secrets.token_hex(4)}"
    page.goto(lab.address(f"/lab/workspaces/{workspace}/tree/{notebook}"))
    page.locator(".jp-Notebook").first.wait_for()
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=120_000)
    started = page.locator(".jp-CodeCell .jp-InputPrompt", has_text=re.compile(r"\[(\*|\d+)\]"))
    for _ in range(3):
        page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()
        try:
            started.first.wait_for(state="attached", timeout=20_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"{notebook}: Run All never started a cell")


def labelled(page, label: str, widget: str = ".widget-text", control: str = "input"):
    """The control of the widget labelled ``label``, scrolled into view.

    JupyterLab renders off-screen cells lazily, so the control is awaited as attached and then
    brought into view, as a person would scroll to it.
    """
    caption = page.locator("label", has_text=re.compile(f"^{re.escape(label)}$"))
    found = page.locator(widget, has=caption).locator(control)
    found.wait_for(state="attached", timeout=120_000)
    found.scroll_into_view_if_needed()
    return found


def wait_for_file(path: Path, predicate, timeout: float = 30.0) -> bytes:
    """Poll ``path`` until ``predicate(bytes)`` holds; the saves happen in the kernel."""
    deadline = time.monotonic() + timeout
    last = b""
    while time.monotonic() < deadline:
        with contextlib.suppress(FileNotFoundError):
            last = path.read_bytes()
            if predicate(last):
                return last
        time.sleep(0.2)
    raise AssertionError(f"{path} never reached the expected state; last content:\n{last[:500]!r}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not start in {timeout}s:\n{log.read_text()}")
