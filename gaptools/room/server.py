"""The room's web server: Tornado, in a thread of its own with its own event loop, so a
notebook kernel (which runs its own loop) can start and stop it like any object, and a
command can run it until interrupted. The pages themselves are in ``handlers``.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import errno
import socket
import threading
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream
from tornado.netutil import bind_sockets

from gaptools.room.handlers import Guards, Room, application

START_SECONDS = 10.0
STOP_SECONDS = 10.0
HEADER_BYTES = 8 * 1024
IDLE_SECONDS = 30.0  # also the time a client has to send its headers
BODY_CEILING = 1024 * 1024  # what Tornado itself reads at most; forms stop far earlier (413)


class ServerError(OSError):
    """The server could not listen, in plain words."""


class _BoundedServer(HTTPServer):
    """An HTTP server that closes a connection at once when it already holds as many as it
    may: a flood of idle connections cannot use up the process's file descriptors."""

    def initialize(self, *args: Any, connections: int = 200, **kwargs: Any) -> None:
        self.most_connections = connections
        super().initialize(*args, **kwargs)

    def handle_stream(self, stream: IOStream, address: tuple[Any, ...]) -> None:
        if len(self._connections) >= self.most_connections:
            stream.close()
            return
        super().handle_stream(stream, address)


class RoomServer:
    """The server of one room: ``start`` binds and returns the port, ``stop`` ends it."""

    def __init__(self, room: Room, host: str, port: int) -> None:
        self.room, self.host, self.port = room, host, port
        self.guards = Guards(room.limits)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._started = threading.Event()
        self._failed: BaseException | None = None

    def start(self) -> int:
        try:
            sockets = bind_sockets(self.port, self.host, family=socket.AF_UNSPEC)
        except OSError as error:
            raise ServerError(_bind_problem(self.host, self.port, error)) from None
        port = sockets[0].getsockname()[1]
        self._thread = threading.Thread(
            target=self._serve, args=(sockets,), name="gaptools-room", daemon=True
        )
        self._thread.start()
        if not self._started.wait(START_SECONDS) or self._failed is not None:
            self.stop()
            raise ServerError("the room's server could not start")
        atexit.register(self.stop)
        return port

    def _serve(self, sockets: list[socket.socket]) -> None:
        try:
            asyncio.run(self._main(sockets))
        except BaseException as error:  # noqa: BLE001 - reported to start(), never raised here
            self._failed = error
            self._started.set()

    async def _main(self, sockets: list[socket.socket]) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        server = _BoundedServer(
            application(self.room, self.guards),
            connections=self.room.limits.connections,
            max_body_size=BODY_CEILING,
            max_header_size=HEADER_BYTES,
            idle_connection_timeout=IDLE_SECONDS,
            body_timeout=30,
        )
        server.add_sockets(sockets)
        self._started.set()
        await self._stopping.wait()
        server.stop()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(server.close_all_connections(), STOP_SECONDS)

    def stop(self) -> None:
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stopping.set)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(STOP_SECONDS)
        self.guards.close()
        atexit.unregister(self.stop)


def _bind_problem(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"port {port} is already in use on {host}: choose another, or 0 for any free one"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine: choose one of its own"
    return f"the room cannot listen on {host} port {port}: {error.strerror or error}"
