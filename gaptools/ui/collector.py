"""When Python's cycle collector runs in a kernel: between changes, never in the middle of one.

A kernel keeps its modules, its history, the workshop it opened and the form built on it. Each
change a person makes reads, validates and saves a workshop of tens of thousands of objects,
so left to itself the collector would stop twenty or thirty times inside every change, and
now and then go through everything the kernel holds, taking 25 to 50 ms out of that one
change: what a person typing feels.

So what exists when a form opens is set aside for good (``gc.freeze``), and a change runs
with the collector paused (``held``); it collects once the kernel has been idle for a
moment, which is when nobody is waiting. Changes that follow one another without a pause
still get a collection every ``LONGEST_PAUSE_SECONDS``. With no event loop (a script, a
test, the command line) the collector runs again as soon as the change ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import sys
import time
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

IDLE_SECONDS = 0.25
LONGEST_PAUSE_SECONDS = 5.0

_resume: asyncio.TimerHandle | None = None
_resume_loop: asyncio.AbstractEventLoop | None = None
_paused_since: float | None = None
_depth = 0


@contextlib.contextmanager
def held() -> Iterator[None]:
    """No collection during the block; one once the kernel is idle again. A collector that
    something else turned off is left as it was."""
    global _paused_since, _depth
    if _resume_loop is not None and _resume_loop.is_closed():
        settle()  # its loop ended before the kernel was idle: the collection never came
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
            _collect_when_idle()


def between_changes(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` runs ``held``: a change, an undo, a switch of workshop."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with held():
            return function(*args, **kwargs)

    return run


def _collect_when_idle() -> None:
    global _resume, _resume_loop
    if _resume is not None:
        _resume.cancel()
        _resume = None
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    paused_for = time.monotonic() - (_paused_since or 0.0)
    if loop is None:
        _resume_collecting(collect=False)
    elif paused_for >= LONGEST_PAUSE_SECONDS:
        _resume_collecting(collect=True)
    else:
        _resume = loop.call_later(IDLE_SECONDS, _resume_collecting, True)
        _resume_loop = loop


def _resume_collecting(collect: bool) -> None:
    global _resume, _resume_loop, _paused_since
    _resume = _resume_loop = None
    _paused_since = None
    gc.enable()
    if collect:
        gc.collect()


def pending() -> bool:
    """Whether a collection waits for the kernel to be idle."""
    return _resume is not None


def settle() -> None:
    """Collect now what waits for the kernel to be idle, and let the collector run again: for
    a loop that ends (a test's, a script's) before it is idle."""
    if _resume is not None:
        _resume.cancel()
        _resume_collecting(collect=True)


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
