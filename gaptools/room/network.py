"""Where the room listens, and what listening beyond this machine exposes.

Loopback (127.0.0.1, ::1, localhost) reaches only this machine: safe by default, and enough
behind a JupyterHub proxy. Any other address lets every device on that network reach the
room, so the room starts there only when the facilitator says so, and says what that means.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class AddressError(ValueError):
    """An address the room will not listen on, in plain words."""


def is_loopback(host: str) -> bool:
    if host.strip().lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a machine name: it may well resolve to a network address


def exposure(host: str) -> str:
    """What listening on ``host`` exposes, for the facilitator to read before agreeing."""
    return (
        f"Listening on {host} lets every device that can reach this machine on that network "
        "open the room's page. They still need the join code or the address in the QR code "
        "to take part, and the room offers nothing but its questions (no files, no code). "
        "Answers travel as plain HTTP, which others on the same network could read in "
        "transit: use a network you trust, or a phone hotspot only the room is on."
    )


def check_address(
    host: str, allow_network: bool, how_to_allow: str = "start it with allow_network=True"
) -> None:
    """Refuse an empty address, and any but loopback unless allowed; ``how_to_allow`` says
    how the caller asks for more (a keyword here, a flag on the command line)."""
    if not host.strip():
        raise AddressError("give the address to listen on, for example 127.0.0.1")
    if not is_loopback(host) and not allow_network:
        raise AddressError(
            f"the room listens only on this machine (127.0.0.1) unless you ask for more. "
            f"{exposure(host)} To go ahead, {how_to_allow}."
        )


def machine_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, the ones phones may reach."""
    found: set[str] = set()
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(info[4][0]))
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
        found.add(probe.getsockname()[0])
    return sorted(a for a in found if not ipaddress.ip_address(a).is_loopback)


def url_host(host: str) -> str:
    """``host`` as it stands in an address (IPv6 in brackets)."""
    with contextlib.suppress(ValueError):
        if ipaddress.ip_address(host.strip("[]")).version == 6:
            return f"[{host.strip('[]')}]"
    return host
