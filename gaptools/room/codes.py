"""The room's secrets: the short code people type, the long token in the join address, and
the one-time secrets of forms and participants.

The short code is for typing on a phone (eight characters of an alphabet with no look-alikes,
about 40 bits); the room caps wrong tries per client and in all, so guessing it is hopeless.
The address in the QR code carries a 128-bit token instead, which nobody can guess at all.
Every comparison takes the same time whatever matches, so timing says nothing either.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass, field

# No 0/O, 1/I/L: a code read off a projector is typed without asking which one it was.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
TOKEN_BYTES = 16  # 128 bits in the join address
SECRET_BYTES = 24  # a participant's id and a form's one-time secret
MAX_TYPED = 40  # characters of a typed code looked at, whatever was sent


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def shown(code: str) -> str:
    """The code as the projector shows it, in two halves that are easy to read out."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalised(typed: str) -> str:
    """What someone typed, as a code: case, spaces and dashes do not matter."""
    kept = (c for c in typed[:MAX_TYPED].upper() if c not in " -\t")
    return "".join(kept)


def same(given: str, expected: str) -> bool:
    """Compare two secrets in constant time (never with ``==``)."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


@dataclass(frozen=True)
class Invitation:
    """How people get in: the code to type and the token in the address, both until
    ``expires`` (seconds on ``time.monotonic``'s clock)."""

    code: str = field(default_factory=new_code)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(TOKEN_BYTES))
    expires: float = float("inf")

    @classmethod
    def lasting(cls, seconds: float) -> Invitation:
        return cls(expires=time.monotonic() + seconds)

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.expires

    def admits_code(self, typed: str) -> bool:
        return not self.expired and same(normalised(typed), self.code)

    def admits_token(self, token: str) -> bool:
        return not self.expired and same(token, self.token)
