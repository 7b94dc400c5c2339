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
FIELD_LENGTH = 20  # characters the code's field takes, and gives back after a wrong code


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


def as_typed(typed: str) -> str:
    """A refused code, to put back in its field for the one wrong character to be corrected
    (retyping eight characters off a projector is where the next mistake comes from): what
    fits the field, without control characters."""
    return "".join(c for c in typed if c.isprintable())[:FIELD_LENGTH]


def wrong_code_words(typed: str) -> str:
    """Why ``typed`` is not the code, as far as can be said without telling anything of the
    code itself: its length and its alphabet are the same for every room."""
    code = normalised(typed)
    if not code:
        return "no code was typed: type the one on the facilitator's screen."
    odd = sorted({c for c in code if c not in ALPHABET})
    if odd:
        listed = ", ".join(f"'{c}'" for c in odd)
        return (
            f"a room's code never has {listed} in it (no 0, O, 1, I or L): check those "
            "characters against the screen."
        )
    if len(code) != CODE_LENGTH:
        return (
            f"that code has {len(code)} letters and digits; the room's has {CODE_LENGTH} "
            "(two groups of 4): check it against the screen."
        )
    return "that is not the room's code: check each character against the screen."


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
