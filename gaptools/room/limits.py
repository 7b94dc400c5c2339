"""How much the room accepts, so that one client on a shared network cannot wear it down.

Every number is bounded: request size, requests per client, participants, forms waiting to
be sent, wrong codes. A client is a participant (by their cookie) once they have joined, and
their network address before, so people behind one proxy do not share one allowance once
inside.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    body_bytes: int = 16 * 1024  # an answer form is a few hundred bytes
    form_fields: int = 64
    burst: int = 30  # requests a participant may make in a row
    per_second: float = 3.0  # and then, on average
    # Before joining, a client is known only by its network address, which many phones share
    # behind a proxy or a hotspot's NAT: a larger allowance, still bounded.
    address_burst: int = 120
    address_per_second: float = 20.0
    code_tries: int = 5  # wrong codes a client may type in a row
    code_tries_per_minute: float = 6.0
    wrong_codes: int = 300  # wrong codes in all, after which the typed code stops working
    participants: int = 300
    connections: int = 200  # open at once; more are closed as they arrive
    forms_per_participant: int = 8  # open pages (tabs) whose forms can still be sent
    clients_remembered: int = 10_000
    code_lifetime: float = 12 * 3600.0  # seconds


class RateLimiter:
    """A token bucket per client: ``burst`` requests at once, refilled at ``rate`` a second.

    Thread-safe; remembers at most ``capacity`` clients (the longest quiet are forgotten first,
    and a forgotten client simply starts with a full bucket)."""

    def __init__(self, burst: float, rate: float, capacity: int) -> None:
        self.burst, self.rate, self.capacity = float(burst), rate, capacity
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        """Whether ``client`` may go ahead now; going ahead spends one request."""
        return self._take(client, 1.0, now)

    def available(self, client: str, now: float | None = None) -> bool:
        """Whether ``client`` could go ahead now, spending nothing (wrong codes are counted
        only once they are known to be wrong)."""
        return self._take(client, 0.0, now)

    def _take(self, client: str, cost: float, now: float | None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            self._buckets[client] = (tokens - cost if allowed else tokens, now)
            while len(self._buckets) > self.capacity:
                self._buckets.popitem(last=False)
            return allowed
