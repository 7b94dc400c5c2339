"""What a kernel leaves for when it is idle, so that a person's change does not wait for it.

A kernel keeps its modules, its history, the workshop it opened and the form built on it.
Each change a person makes reads, validates and saves a workshop of tens of thousands of
objects, so left to itself Python's cycle collector would stop twenty or thirty times inside
every change, and now and then go through everything the kernel holds, taking 25 to 50 ms
out of that one change: what a person typing feels.

So what exists when a form opens is set aside for good (``gc.freeze``); a change runs with
the collector paused (``held``); and once the kernel has been idle for a moment, which is
when nobody is waiting, it does what was left for then (``later``: getting the next change's
copy of the workshop ready) and collects. Changes that follow one another without a pause
still get a collection every ``LONGEST_PAUSE_SECONDS``. With no event loop (a script, a
test, the command line) there is no idle moment: the collector runs again as soon as the
change ends, and what was left for later is not done.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import sys
import time
from collections.abc import Callable, Hashable, Iterator
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

IDLE_SECONDS = 0.25
LONGEST_PAUSE_SECONDS = 5.0

_log = logging.getLogger(__name__)

_resume: asyncio.TimerHandle | None = None
_resume_loop: asyncio.AbstractEventLoop | None = None
_paused_since: float | None = None
_depth = 0
_tasks: dict[Hashable, Callable[[], object]] = {}


@contextlib.contextmanager
def held() -> Iterator[None]:
    """No collection during the block; one once the kernel is idle again. A collector that
    something else turned off is left as it was."""
    global _paused_since, _depth
    if _resume_loop is not None and _resume_loop.is_closed():
        settle()  # its loop ended before the kernel was idle: that moment never came
    if not gc.isenabled() and _paused_since is None:
        yield
        return
    if _paused_since is None:
        _paused_since = time.monotonic()
    gc.disable()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            _when_idle()


def between_changes(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` runs ``held``: a change, an undo, a switch of workshop."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with held():
            return function(*args, **kwargs)

    return run


def later(key: Hashable, task: Callable[[], object]) -> None:
    """Do ``task`` once the kernel is idle, before collecting; a task left under the same
    ``key`` before then is replaced. A task that fails is logged, never raised."""
    _tasks[key] = task


def pending() -> bool:
    """Whether the kernel's idle moment is awaited (to collect, and do what was left)."""
    return _resume is not None


def settle() -> None:
    """Do now what waits for the kernel to be idle: for a loop that ends (a test's, a
    script's) before it is."""
    if _resume is not None:
        _resume.cancel()
        _idle_now()


def _when_idle() -> None:
    global _resume, _resume_loop
    if _resume is not None:
        _resume.cancel()
        _resume = None
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        _tasks.clear()
        _collect(full=False)
        return
    if time.monotonic() - (_paused_since or 0.0) >= LONGEST_PAUSE_SECONDS:
        _tasks.clear()  # someone is waiting: only the collection cannot be put off further
        _collect(full=True)
        return
    _resume = loop.call_later(IDLE_SECONDS, _idle_now)
    _resume_loop = loop


def _idle_now() -> None:
    while _tasks:
        task = _tasks.pop(next(iter(_tasks)))
        try:
            task()
        except Exception:  # noqa: BLE001 - work done ahead of time; the change will do it
            _log.debug("work left for an idle moment failed", exc_info=True)
    _collect(full=True)


def _collect(full: bool) -> None:
    global _resume, _resume_loop, _paused_since
    _resume = _resume_loop = None
    _paused_since = None
    gc.enable()
    if full:
        gc.collect()


def set_aside_once_the_cell_has_run() -> None:
    """``set_aside_what_lives_on`` after the notebook cell that opened the workshop: the form
    it goes on to build (hundreds of widgets, kept as long as the kernel runs) is set aside
    too, and a full collection then goes through a fifth of what it would. Outside a kernel
    (a script, a test), at once."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        set_aside_what_lives_on()
        return

    def once(result: object = None) -> None:
        shell.events.unregister("post_run_cell", once)
        set_aside_what_lives_on()

    shell.events.register("post_run_cell", once)


def set_aside_what_lives_on() -> None:
    """Keep the collector off what a kernel holds for as long as it runs: what exists when a
    form opens is set aside (``gc.freeze``), after a collection, so that no garbage is kept
    with it; what the changes make is still collected."""
    gc.collect()
    gc.freeze()
