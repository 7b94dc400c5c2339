"""Words for people: counts that agree with their noun, text cut to the room it has."""

from __future__ import annotations


def plural(count: int, word: str, words: str = "") -> str:
    """``1 ballot``, ``2 ballots``: a count that agrees with its noun."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def shorten(text: str, limit: int) -> str:
    """``text`` on one line in at most ``limit`` characters, ending with "…" when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
