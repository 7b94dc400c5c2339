"""The kernel's channel to the browser, deep enough to carry a whole form at once.

Opening a form sends the browser one message per widget model it makes and one per property
set afterwards, in a second or two: step 4 at 200 initiatives sends about 470, a map of
twelve functions more, and a notebook may open several forms at once. The kernel publishes
them on a ZeroMQ socket that holds at most 1,000 unsent messages (ZeroMQ's default
"high-water mark") and silently drops any beyond that while the Jupyter server, busy for a
moment on a laptop or a hub, reads nothing. A dropped widget shows in the browser as "Error
displaying widget: model not found", or as a part of the form that is simply not there, and
nothing in the kernel knows.

So the first form a kernel opens raises that limit on the kernel's own socket, well above
what a form sends: a late reader then gets everything, later. The change is made on the
thread that owns the socket (ZeroMQ sockets are not shared between threads) and is queued
before any message the form sends, so it applies to all of them. Outside a kernel (a
script, a test, the command line) there is no such socket and nothing is done.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

#: Messages the kernel may hold for a slow reader before it drops any. A form sends under
#: two thousand; a message is a kilobyte or two, so a reader that stops altogether costs at
#: most some tens of megabytes.
QUEUED_MESSAGES = 50_000

_log = logging.getLogger(__name__)
_deepened: set[int] = set()


def deepen() -> None:
    """Raise the limit of the running kernel's IOPub socket to ``QUEUED_MESSAGES``, once."""
    publisher = _iopub_thread()
    if publisher is None or id(publisher) in _deepened:
        return
    socket = getattr(publisher, "socket", None)
    if not hasattr(socket, "setsockopt"):  # an in-process kernel's stand-in
        return
    _deepened.add(id(publisher))
    publisher.schedule(lambda: _raise_limit(socket))


def _raise_limit(socket: Any) -> None:
    import zmq

    try:
        socket.setsockopt(zmq.SNDHWM, QUEUED_MESSAGES)
    except zmq.ZMQError:  # a socket closing as the kernel shuts down
        _log.debug("the kernel's IOPub limit could not be raised", exc_info=True)


def _iopub_thread() -> Any:
    """The running ipykernel's IOPub thread, which owns its publishing socket; else None."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    kernel = getattr(shell, "kernel", None)
    publisher = getattr(kernel, "iopub_thread", None)
    return publisher if hasattr(publisher, "schedule") else None
