"""The kernel's channel to the browser carries a whole form: no message is dropped while the
Jupyter server is slow to read."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import zmq

from gaptools.ui import channel

#: Far more than ZeroMQ's default limit of 1,000 queued messages and the operating system's
#: socket buffers together hold (a few megabytes), yet well under ``QUEUED_MESSAGES``.
BURST = 10_000
LINE = "x" * 1000

OPEN_A_FORM_THEN_BURST = f"""
from gaptools.ui import ownership
_form = ownership.show()
_kernel = get_ipython().kernel
for _ in range({BURST}):
    _kernel.session.send(_kernel.iopub_socket, "stream", {{"name": "stdout", "text": {LINE!r}}},
                         parent=_kernel.get_parent())
"""


def test_a_kernel_keeps_every_message_for_a_server_that_reads_late(tmp_path: Path) -> None:
    """A form opened in a real kernel, then a burst no reader takes until it has all been
    sent: every message arrives. With ZeroMQ's default limit, fewer than 3,000 of 10,000
    such messages did, and the rest were dropped without a word."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(
        kernel_name="python3", env={**os.environ, "GAPTOOLS_HOME": str(tmp_path)}
    )
    try:
        reply = client.execute(OPEN_A_FORM_THEN_BURST, reply=True, timeout=120)
        assert reply["content"]["status"] == "ok", reply["content"]
        time.sleep(1)  # the kernel's IOPub thread has queued the last of them by now
        assert _received(client.get_iopub_msg, "stream") == BURST
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _received(next_message: Callable[..., dict], kind: str) -> int:
    count = 0
    while True:
        try:
            message = next_message(timeout=2)
        except Exception:  # noqa: BLE001 - queue.Empty: nothing more is coming
            return count
        count += message["msg_type"] == kind


class Publisher:
    """Stands for ipykernel's IOPub thread: it owns a socket and runs what it is given."""

    def __init__(self, socket: zmq.Socket) -> None:
        self.socket = socket
        self.scheduled: list[Callable[[], None]] = []

    def schedule(self, task: Callable[[], None]) -> None:
        self.scheduled.append(task)


def test_the_limit_is_raised_once_on_the_thread_that_owns_the_socket(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    context = zmq.Context()
    socket = context.socket(zmq.PUB)
    try:
        publisher = Publisher(socket)
        monkeypatch.setattr(channel, "_iopub_thread", lambda: publisher)
        monkeypatch.setattr(channel, "_deepened", set())
        channel.deepen()
        channel.deepen()  # every form calls it: the second is a no-op
        assert socket.getsockopt(zmq.SNDHWM) == 1000  # nothing done on this thread
        assert len(publisher.scheduled) == 1
        publisher.scheduled[0]()
        assert socket.getsockopt(zmq.SNDHWM) == channel.QUEUED_MESSAGES
    finally:
        socket.close(linger=0)
        context.term()


def test_outside_a_kernel_nothing_is_scheduled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(channel, "_deepened", set())
    assert channel._iopub_thread() is None  # the test runner is no kernel
    channel.deepen()
    assert channel._deepened == set()
