"""The rules of each step of the workshop, one module per step, and what they share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from gaptools.core.model import Initiative, Workshop

T = TypeVar("T")


def in_runs(
    workshop: Workshop, initiatives: int, each: Callable[[Initiative], list[T]]
) -> list[list[T]]:
    """What ``each`` finds on every live initiative, in order, gathered by runs of
    ``initiatives`` initiatives. A long list a form shows in parts (one per block of its
    tables) then changes only in the part of the initiative a change touched."""
    live = workshop.live_initiatives()
    return [
        [found for i in live[start : start + initiatives] for found in each(i)]
        for start in range(0, len(live), initiatives)
    ]
