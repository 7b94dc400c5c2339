"""Sealed answers: whose answers count as one person's, and what the sender token gives away.

A batch of anonymous answers is published only when it holds the minimum of senders, so that
nobody can fill it around a colleague's answer and read that answer off by subtracting their
own. The sender is worked out where the answer is sealed; these tests seal as other kernels
would (``elsewhere``) and open at the collecting screen.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gaptools.core.model import Workshop
from gaptools.steps import maturity, pulse, secret
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


@pytest.mark.parametrize("section", ["pulse", "maturity"])
def test_an_undo_that_takes_a_key_away_from_sealed_answers_says_why(
    example: Workshop, section: str
) -> None:
    """Undo of "Open the pulse" (or of collecting anonymous ratings) closed it with answers
    sealed for its screen; opened again, they were thrown away without a word."""
    today = dt.date(2026, 11, 18)
    if section == "pulse":
        pulse.open_pulse(example)
        with elsewhere():
            pulse.answer(example, pulse.Given(2, 2, 2, ""), today)
    else:
        example.maturity.ratings = []
        maturity.set_mode(example, "anonymous")
        maturity.open_collecting(example)
        with elsewhere():
            maturity.rate(example, "", {d.code: 3 for d in maturity.dimensions()}, today)
    back = example.model_copy(deep=True)
    assert secret.lost_by_undo(example, back) == ""  # the key stays: nothing lost
    getattr(back, section).key = ""
    said = secret.lost_by_undo(example, back)
    assert said.startswith("1 answer waits sealed for the ")
    assert ("the pulse" if section == "pulse" else "the anonymous ratings") in said
    getattr(example, section).sealed = []
    assert secret.lost_by_undo(example, back) == ""  # nothing waits: the pulse may close
