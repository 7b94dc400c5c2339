"""Starting a real JupyterLab and Debian's Chromium, and driving a notebook as a person does.

Shared by the browser tests (through the fixtures of ``conftest.py``) and by the round-trip
benchmark (``bench/roundtrip.py``), which must see the same server and the same browser as
the tests do, or its figures would not describe what the tests check.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser
from playwright.sync_api import TimeoutError as PlaywrightTimeout

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


@dataclass(frozen=True)
class LabServer:
    url: str
    token: str
    home: Path
    root: Path
    log: Path

    def address(self, path: str) -> str:
        return f"{self.url}{path}?token={self.token}"


@contextlib.contextmanager
def running_lab(
    root: Path, home: Path, config: Path, options: Sequence[str] = ()
) -> Iterator[LabServer]:
    """JupyterLab on a free loopback port with a token, serving a copy of the notebooks in
    ``root`` (so running them never writes outputs into the repository), with ``home`` as
    ``GAPTOOLS_HOME``; stopped when the block ends. ``options`` are added to the command
    line (``--ServerApp.…=…``)."""
    shutil.copytree(REPO / "notebooks", root / "notebooks")
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
        *options,
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


@contextlib.contextmanager
def launched_chromium(chromium: Path = CHROMIUM) -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (which cannot download its own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


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


#: Words written for screen readers alone, clipped on purpose, so no check of cut text counts
#: them: a table's fields' labels (their column's heading shows on screen), a block's
#: headings (the table of headings above shows them) and a button shown as its icon alone.
FOR_SCREEN_READERS = (
    ".gaptools-inline > .widget-label, .gaptools-inline .widget-label-basic > span, "
    ".gaptools-sr-only, .gaptools-icon-only"
)


def labelled(page, label: str, widget: str = ".widget-text", control: str = "input"):
    """The control of the widget labelled ``label``, scrolled into view.

    JupyterLab renders off-screen cells lazily, so the control is awaited as attached and then
    brought into view, as a person would scroll to it.
    """
    caption = page.locator("label", has_text=re.compile(f"^{re.escape(label)}$"))
    # A table's fields are labelled for screen readers too, by their column: not these.
    found = page.locator(f"{widget}:not(.gaptools-inline)", has=caption).locator(control)
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
