"""Each client's allowance, and where the room listens."""

from __future__ import annotations

import pytest

from gaptools.room.limits import RateLimiter
from gaptools.room.network import AddressError, check_address, is_loopback, url_host


def test_a_client_gets_its_burst_then_waits_for_the_refill() -> None:
    limiter = RateLimiter(burst=3, rate=1.0, capacity=10)
    assert [limiter.allow("a", now=0.0) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b", now=0.0)  # another client is not held back
    assert limiter.allow("a", now=1.0)
    assert not limiter.allow("a", now=1.0)


def test_looking_spends_nothing() -> None:
    limiter = RateLimiter(burst=1, rate=0.0, capacity=10)
    assert limiter.available("a", now=0.0)
    assert limiter.available("a", now=0.0)
    assert limiter.allow("a", now=0.0)
    assert not limiter.available("a", now=0.0)


def test_the_limiter_remembers_a_bounded_number_of_clients() -> None:
    limiter = RateLimiter(burst=1, rate=0.0, capacity=5)
    for number in range(1000):
        limiter.allow(f"client-{number}", now=0.0)
    assert len(limiter._buckets) == 5


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_addresses_need_no_permission(host: str) -> None:
    assert is_loopback(host)
    check_address(host, allow_network=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "my-laptop.local"])
def test_any_other_address_is_refused_unless_asked_for_and_says_what_it_exposes(
    host: str,
) -> None:
    with pytest.raises(AddressError) as refused:
        check_address(host, allow_network=False)
    message = str(refused.value)
    assert "allow_network=True" in message
    assert "plain HTTP" in message
    assert "every device" in message
    check_address(host, allow_network=True)


def test_an_ipv6_address_is_bracketed_in_a_url() -> None:
    assert url_host("::1") == "[::1]"
    assert url_host("10.0.0.2") == "10.0.0.2"
