"""Anonymous answers sealed in this process until they are published all at once.

Anyone who can read a shared workshop folder sees every save: the file, its ``.bak`` and the
temporary file a save goes through. If an anonymous answer were saved in the same write as
its author's name in a "who has answered" list, comparing two saves would link them. So an
anonymous answer never reaches a file on its own: it waits in a *sealed box* held in the
memory of the one process that collects the answers (the facilitator's screen), and is
published only together with every other answer, in canonical order, in one write.

The price is plain: answers in a box are lost if that process ends before they are
published, and they can only be given in that process. The dot vote of step 7 relies on
this; nothing here knows what an answer is.

The pulse of step 8 also takes answers from leaders' own notebooks, so its answers must
travel through the shared file. The collecting screen keeps a private key in its memory and
writes only the public one to the file; an answer is sealed to that key (a libsodium sealed
box: a fresh key pair per answer, so two sealings of one answer look unrelated) after being
padded to one fixed size, so neither its bytes nor its length say anything. Only the
collecting screen can open it, and it publishes what it opens in batches (``steps.pulse``).

A batch must not be filled by one person answering twice around someone else's answer: each
answer carries, inside the seal, a random token for its sender, one per notebook and key (at
the collecting screen, where the laptop is passed round, one per answer). Opened, a batch
keeps each sender's last answer and drops the token (``open_answers``).


The workshop file names a box by a random id, never by what it holds, so every notebook can
tell whether the box is held here (answers may be given here) or elsewhere (they may not).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # libsodium is loaded only by the screens that seal or open answers
    from nacl.public import PrivateKey

    from gaptools.core.changes import Change
    from gaptools.core.model import Workshop

Answer = TypeVar("Answer")

_boxes: dict[str, SealedBox[object]] = {}


# -- what an undo leaves ------------------------------------------------------------------------

#: Where published anonymous answers are kept, and where the survey import notes the rows
#: whose pulse and anonymous ratings it has published.
_PUBLISHED = (
    ("pulse", "answers"),
    ("survey", "pulse_imported"),
    ("survey", "ratings_imported"),
)
#: Where sealed answers wait: one taken from there was published (or discarded on purpose).
_SEALED = (("pulse", "sealed"), ("maturity", "sealed"))

#: Why an undo leaves anonymous answers once published, as the forms say it.
WHY_THEY_STAY = (
    "anonymous answers, once published, are not taken back: published again beside a "
    "latecomer's answer, they would give that answer away"
)
#: Said of a change that only published them (a reveal, a batch), and of one that did more.
KEPT_FOR_GOOD = f"stays: {WHY_THEY_STAY}"
PUBLISHED_STAY = f"the anonymous answers it published stay: {WHY_THEY_STAY}"


#: Where answers are sealed to a screen's key, and what a person calls each.
_COLLECTED = (("pulse", "the pulse"), ("maturity", "the anonymous ratings"))


def lost_by_undo(now: Workshop, then: Workshop) -> str:
    """Why an undo may not go from ``now`` to ``then``: answers wait sealed to a key that it
    would take away. Undo pressed after "Open the pulse" closed it with two answers sealed
    for its screen, and opening it again threw them away without a word. "" when none."""
    for section, what in _COLLECTED:
        held, back = getattr(now, section), getattr(then, section)
        if held.sealed and back.key != held.key:
            count = len(held.sealed)
            answers = "1 answer waits" if count == 1 else f"{count} answers wait"
            return (
                f"{answers} sealed for {what}, to be published from its screen: taking "
                f"back its opening would lose them (close {what} when they are in)"
            )
    return ""


def undoable(found: Sequence[Change]) -> list[Change]:
    """What an undo may take back of one edit: all it changed but anonymous answers
    published (``KEPT_FOR_GOOD``). A vote revealed, undone, and revealed again with a
    latecomer's ballot showed the latecomer's ballot alone; so did a pulse batch or a
    survey import taken back and published again. The pulse's published answers, the
    sealed answers taken in to be published, the anonymous ratings, what the survey import
    noted of them, and a vote revealed with anonymous ballots stay as they are.
    """
    from gaptools.core.changes import Added, Removed  # only forms undo: no command pays

    def anonymous(change: Change, entries: tuple[str, str], name: str) -> bool:
        """An entry of ``entries`` with no ``name``, added or removed by ``change``."""
        return (
            isinstance(change, Added | Removed)
            and change.path == entries
            and not change.entry.get(name)
        )

    revealed = any(
        isinstance(change, Added) and anonymous(change, ("voting", "ballots"), "voter")
        for change in found
    )
    return [
        change
        for change in found
        if change.path[:2] not in _PUBLISHED
        and not (change.path in _SEALED and isinstance(change, Removed))
        and not anonymous(change, ("maturity", "ratings"), "rater")
        and not (revealed and change.path[:1] == ("voting",))
    ]


class SealedBox(Generic[Answer]):
    """One answer per author, held in this process only; a new answer replaces the old.

    Authors are keys chosen by the caller (a normalised name), so the same person giving a
    second answer here changes theirs rather than adding one.
    """

    def __init__(self, box_id: str) -> None:
        self.id = box_id
        self._answers: dict[str, Answer] = {}

    def put(self, author: str, answer: Answer) -> None:
        self._answers[author] = answer

    def holds(self, author: str) -> bool:
        return author in self._answers

    def __len__(self) -> int:
        return len(self._answers)

    def published(self, authors: Iterable[str], order: Callable[[Answer], object]) -> list[Answer]:
        """The answers of ``authors`` only (an author taken off the list by an undo no longer
        counts), sorted by ``order`` alone so that their order says nothing about who gave
        them or when. The box keeps them, so a reveal refused (too few ballots, say) loses
        nothing; a publication itself is never undone (``undoable``)."""
        wanted = set(authors)
        chosen = [answer for author, answer in self._answers.items() if author in wanted]
        return sorted(chosen, key=order)


def open_box() -> SealedBox[object]:
    """A new, empty box held in this process, under a random id the file may name."""
    box: SealedBox[object] = SealedBox(secrets.token_hex(8))
    _boxes[box.id] = box
    return box


def held_here(box_id: str) -> SealedBox[object] | None:
    """The box named ``box_id`` if this process holds it; None when it is held elsewhere or
    was lost with a process that ended."""
    return _boxes.get(box_id) if box_id else None


def discard(box_id: str) -> None:
    """Forget a box and what it holds (a vote started over from scratch)."""
    _boxes.pop(box_id, None)


# -- answers sealed to a key held here ----------------------------------------------------------

_keys: dict[str, PrivateKey] = {}


class Unsealable(ValueError):
    """A sealed answer this process cannot open: sealed to another key, or damaged."""


def open_key() -> str:
    """A new key pair: the private half stays in this process, the public half (base64) is
    what the file may hold and what answers are sealed to."""
    from nacl.public import PrivateKey

    private = PrivateKey.generate()
    public = base64.b64encode(bytes(private.public_key)).decode("ascii")
    _keys[public] = private
    return public


def key_held_here(public: str) -> bool:
    """Whether answers sealed to ``public`` can be opened in this process."""
    return bool(public) and public in _keys


def forget_key(public: str) -> None:
    _keys.pop(public, None)


def seal(public: str, payload: bytes, size: int) -> str:
    """``payload`` padded to ``size`` bytes and sealed to ``public``, as base64.

    The padding is a run of zero bytes after the payload: payloads are JSON text, which
    holds no zero byte, so the padding comes off without a length to give it away."""
    from nacl.public import PublicKey, SealedBox

    if len(payload) > size or b"\0" in payload:
        raise ValueError(f"an answer to seal must be at most {size} bytes of text")
    box = SealedBox(PublicKey(base64.b64decode(public)))
    return base64.b64encode(box.encrypt(payload.ljust(size, b"\0"))).decode("ascii")


def unseal(public: str, sealed: str) -> bytes:
    """The payload of an answer sealed to ``public``, which must be held here."""
    from nacl.exceptions import CryptoError
    from nacl.public import SealedBox

    private = _keys.get(public)
    if private is None:
        raise Unsealable("the key of this pulse is not held here")
    try:
        opened = SealedBox(private).decrypt(base64.b64decode(sealed))
    except (CryptoError, ValueError) as error:
        raise Unsealable("a sealed answer is damaged or was sealed to another key") from error
    return opened.rstrip(b"\0")


def seal_fields(public: str, fields: dict[str, object], size: int) -> str:
    """Plain fields (numbers, text, dates as text) sealed as JSON, padded to ``size``."""
    # UTF-8, not escaped ASCII: an emoji escaped takes 12 bytes, and 400 of them, within a
    # concern's 500 characters, did not fit the sealed size.
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return seal(public, payload, size)


def open_batch(public: str, sealed: Sequence[str]) -> tuple[list[bytes], int]:
    """Every sealed payload this process can open, and how many it could not (damaged)."""
    opened, damaged = [], 0
    for token in sealed:
        try:
            opened.append(unseal(public, token))
        except Unsealable:
            damaged += 1
    return opened, damaged


#: This process's token for each key it sealed answers to from another screen: never written
#: in the clear, never kept with a published answer.
_senders: dict[str, str] = {}


#: What a JupyterHub gives each user's server, and every kernel it starts: a secret of theirs.
HUB_SECRET = "JUPYTERHUB_API_TOKEN"


def seal_answer(public: str, fields: dict[str, object], size: int) -> str:
    """``fields`` sealed with their sender's token (``sender``), or a fresh one per answer
    where the key is held (people pass that laptop round)."""
    sender = secrets.token_hex(16) if key_held_here(public) else _sender(public)
    return seal_fields(public, {**fields, "sender": sender}, size)


def _sender(public: str) -> str:
    """One person's token for answers sealed to ``public``. On a JupyterHub, a keyed hash of
    the key with the secret their own server holds: the same from every notebook and page of
    theirs, so a Voilà page reloaded, or a second notebook, no longer counts as another
    person and cannot fill a batch around a colleague's answer; the collecting screen knows
    the key, not the secret, so it cannot tell whose it is. Elsewhere (one server several
    people share), one per kernel: reloaded, it counts again, as the README says."""
    person = os.environ.get(HUB_SECRET, "")
    if person:
        return hmac.new(person.encode(), public.encode(), hashlib.sha256).hexdigest()[:32]
    return _senders.setdefault(public, secrets.token_hex(16))


def open_answers(public: str, sealed: Sequence[str]) -> tuple[list[dict[str, object]], int]:
    """The fields of every sealed answer this process can open, each sender's last only (a
    later answer from one notebook replaces its earlier one), without the sender's token;
    and how many could not be opened or read. An answer sealed before senders were kept
    counts as a sender of its own."""
    payloads, damaged = open_batch(public, sealed)
    last: dict[str, dict[str, object]] = {}
    for payload in payloads:
        try:
            fields = json.loads(payload)
            sender = str(fields.pop("sender", "") or secrets.token_hex(16))
        except (ValueError, AttributeError):
            damaged += 1
            continue
        last.pop(sender, None)  # the newest goes last, as if it had been the only one
        last[sender] = fields
    return list(last.values()), damaged


def opened_as(
    read: Callable[[dict[str, object]], Answer], public: str, sealed: Sequence[str]
) -> tuple[list[Answer], int]:
    """The sealed answers this process can open (``open_answers``), each read by ``read`` (a
    model's ``model_validate``), and how many could not be opened or read: the pulse's and the
    ratings' batches open alike."""
    answers, damaged = open_answers(public, sealed) if sealed else ([], 0)
    opened = []
    for fields in answers:
        try:
            opened.append(read(fields))
        except ValueError:
            damaged += 1
    return opened, damaged


def batch_day(days: Iterable[dt.date | None]) -> dt.date | None:
    """The one day every answer of a batch carries: the latest of theirs. Answers sealed on
    one day and published with a phone's of the next would each keep their own, and one day
    alone in a batch points to its answer."""
    return max((d for d in days if d is not None), default=None)
