"""Starting JupyterLab for a workshop: on localhost, with a token, on the start notebook."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gaptools.core.errors import WorkshopError
from gaptools.core.resources import checkout_root
from gaptools.files import home, store

START_NOTEBOOK = "notebooks/00_start_here.ipynb"

# A Voilà page closed in the browser leaves its kernel running (its shutdown request is
# refused for want of an XSRF token, voila-dashboards/voila#1458): a workshop day of page
# loads left dozens. A kernel nobody has been connected to for this long is shut down; a
# facilitator's open notebook stays connected, so its room and held ballots are never cut.
IDLE_KERNEL_SECONDS = 4 * 60 * 60


def prepare_workshop(path: Path | None) -> Path:
    """Make ``path`` the open workshop (checked first); without one, the workshop chosen
    before, or the example copy on first use. A chosen workshop that has gone is said, and
    JupyterLab opens all the same: step 0 then says it too, and opens another."""
    pin_workshops_home()
    if path is None:
        try:
            return home.current_workshop()
        except home.Gone as gone:
            print(f"{gone}", file=sys.stderr)
            return home.example_copy()
    store.load(path)
    return home.set_current(path)


def _untracked() -> list[str]:
    """The messages Jupyter does not count as a kernel's activity, and a form's: its widget
    messages, and the cell run that made the form, which Jupyter counts them under (a
    message is activity when its type or its parent's is tracked). A kernel running a cell
    is busy, and a busy kernel is counted as active all the same."""
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager

    kinds = MappingKernelManager.class_traits()["untracked_message_types"].default()
    return [*kinds, "comm_msg", "execute_request"]


def lab_command() -> list[str]:
    """The command that starts JupyterLab on the start notebook, from any current folder."""
    root = checkout_root()
    if root is None:
        raise WorkshopError("gaptools lab needs the gaptools checkout (its notebooks/ folder)")
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ip=127.0.0.1",
        f"--ServerApp.root_dir={root}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--MappingKernelManager.cull_idle_timeout={IDLE_KERNEL_SECONDS}",
        "--MappingKernelManager.cull_interval=600",
        "--MappingKernelManager.cull_connected=False",
        # An open form's beat (``ui.kit.Liveness``) is a widget message every few seconds:
        # counted as activity, a closed Voilà page's kernel would never look idle.
        *(f"--MappingKernelManager.untracked_message_types={kind}" for kind in _untracked()),
        # Jupyter resolves the file to open against the current folder, not root_dir: an
        # absolute path opens the start notebook wherever ``gaptools lab`` is started.
        str(root / START_NOTEBOOK),
    ]
    if running_as_root():
        command.append("--allow-root")
    return command


def pin_workshops_home() -> None:
    """Make a relative ``$GAPTOOLS_HOME`` absolute for JupyterLab and its kernels, which run
    in other folders: they must find the workshop folder this command chose."""
    configured = os.environ.get("GAPTOOLS_HOME")
    if configured:
        os.environ["GAPTOOLS_HOME"] = str(Path(configured).expanduser().absolute())


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
