"""Sealed answers: whose answers count as one person's, and what the sender token gives away.

A batch of anonymous answers is published only when it holds the minimum of senders, so that
nobody can fill it around a colleague's answer and read that answer off by subtracting their
own. The sender is worked out where the answer is sealed; these tests seal as other kernels
would (``elsewhere``) and open at the collecting screen.
"""

from __future__ import annotations

import json

import pytest

from gaptools.steps import secret
from tests.support import elsewhere

SIZE = 1024


def sealed_from_kernels(
    public: str, hub_secrets: list[str | None], monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """One answer from each of a list of kernels, each with its server's hub secret (None
    off a hub), in order; the answer says which kernel sent it."""
    sealed = []
    for n, hub in enumerate(hub_secrets):
        if hub is None:
            monkeypatch.delenv(secret.HUB_SECRET, raising=False)
        else:
            monkeypatch.setenv(secret.HUB_SECRET, hub)
        with elsewhere():  # a kernel of its own: a page reloaded, a second notebook
            sealed.append(secret.seal_answer(public, {"kernel": n}, SIZE))
    monkeypatch.delenv(secret.HUB_SECRET, raising=False)
    return sealed


def test_on_a_hub_a_reloaded_page_or_second_notebook_is_the_same_person(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A leader who reloaded a Voilà page and answered again made two senders of one, filled
    a batch of three around a colleague's answer and read it off the file."""
    public = secret.open_key()
    sealed = sealed_from_kernels(public, ["alice's server", "alice's server", "bob's"], monkeypatch)
    opened, damaged = secret.open_answers(public, sealed)
    assert damaged == 0
    assert sorted(a["kernel"] for a in opened) == [1, 2]  # alice's last, and bob's


def test_off_a_hub_each_kernel_counts_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    public = secret.open_key()
    sealed = sealed_from_kernels(public, [None, None], monkeypatch)
    opened, _ = secret.open_answers(public, sealed)
    assert sorted(a["kernel"] for a in opened) == [0, 1]


def test_the_sender_token_gives_neither_the_hub_secret_nor_a_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The collecting screen opens the payload: it holds a token it cannot trace back."""
    public = secret.open_key()
    [sealed] = sealed_from_kernels(public, ["tok-alice-12345"], monkeypatch)
    [payload], _ = secret.open_batch(public, [sealed])
    assert b"tok-alice-12345" not in payload
    other = secret.open_key()  # the next pulse's key: the same person, another token
    [again] = sealed_from_kernels(other, ["tok-alice-12345"], monkeypatch)
    [second], _ = secret.open_batch(other, [again])
    assert _sender(payload) != _sender(second)


def _sender(payload: bytes) -> str:
    return json.loads(payload)["sender"]


@pytest.mark.parametrize("hub", ["alice's server", None])
def test_the_screen_that_holds_the_key_counts_each_answer_as_one(
    monkeypatch: pytest.MonkeyPatch, hub: str | None
) -> None:
    """Pass the laptop: many people answer at the facilitator's screen, each their own."""
    public = secret.open_key()
    if hub:
        monkeypatch.setenv(secret.HUB_SECRET, hub)
    sealed = [secret.seal_answer(public, {"n": n}, SIZE) for n in range(3)]
    opened, _ = secret.open_answers(public, sealed)
    assert len(opened) == 3
