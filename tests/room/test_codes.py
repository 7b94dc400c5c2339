"""The room's secrets: a code easy to type and hard to guess, an address nobody can guess."""

from __future__ import annotations

import math
import time

from gaptools.room.codes import (
    ALPHABET,
    CODE_LENGTH,
    FIELD_LENGTH,
    Invitation,
    as_typed,
    new_code,
    normalised,
    shown,
)


def test_a_code_has_about_forty_bits_and_no_look_alike_characters() -> None:
    assert CODE_LENGTH * math.log2(len(ALPHABET)) > 39
    assert not set("01OIL") & set(ALPHABET)
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)


def test_a_typed_code_ignores_case_spaces_and_the_dash() -> None:
    invitation = Invitation()
    typed = shown(invitation.code).lower().replace("-", " - ")
    assert normalised(typed) == invitation.code
    assert invitation.admits_code(typed)


def test_a_wrong_code_or_token_is_refused() -> None:
    invitation = Invitation()
    assert not invitation.admits_code("")
    assert not invitation.admits_code(Invitation().code)
    assert not invitation.admits_token(invitation.token[:-1])
    assert invitation.admits_token(invitation.token)


def test_the_address_token_carries_128_bits() -> None:
    tokens = {Invitation().token for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(t) >= 22 for t in tokens)


def test_an_expired_invitation_admits_nobody() -> None:
    invitation = Invitation(expires=time.monotonic() - 1)
    assert invitation.expired
    assert not invitation.admits_code(invitation.code)
    assert not invitation.admits_token(invitation.token)


def test_a_very_long_typed_code_is_cut_before_it_is_compared() -> None:
    assert len(normalised("A" * 100_000)) == 40


def test_a_refused_code_is_given_back_as_its_field_takes_it() -> None:
    assert as_typed("abcd-efg\x00h\n") == "abcd-efgh"
    assert len(as_typed("A" * 500)) == FIELD_LENGTH
