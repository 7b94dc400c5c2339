"""Anonymous answers sealed in this process until they are published all at once.

Anyone who can read a shared workshop folder sees every save: the file, its ``.bak`` and the
temporary file a save goes through. If an anonymous answer were saved in the same write as
its author's name in a "who has answered" list, comparing two saves would link them. So an
anonymous answer never reaches a file on its own: it waits in a *sealed box* held in the
memory of the one process that collects the answers (the facilitator's screen), and is
published only together with every other answer, in canonical order, in one write.

The price is plain: answers in a box are lost if that process ends before they are
published, and they can only be given in that process. The dot vote of step 7 and the pulse
of step 8 both rely on this; nothing here knows what an answer is.

The workshop file names a box by a random id, never by what it holds, so every notebook can
tell whether the box is held here (answers may be given here) or elsewhere (they may not).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

Answer = TypeVar("Answer")

_boxes: dict[str, SealedBox[object]] = {}


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
        them or when. The box keeps them, so undoing the publication and publishing again
        loses nothing."""
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
