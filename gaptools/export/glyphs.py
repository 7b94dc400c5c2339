"""Characters a printed page cannot draw, noted while it is drawn.

The PDF and PNG pages are set in DejaVu Sans, which has no Chinese, Japanese or Korean and no
emoji: such a character prints as a box (□) rather than failing the export. A bet named in
Chinese then reads as a row of boxes on the page meant for the CEO, so whoever exports is
told which characters were not drawn, and that the HTML and Markdown exports keep them. The
drawers report what they could not draw (``undrawn``); an export made inside
``noting_undrawn`` collects it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from gaptools.core.text import plural

_found: ContextVar[set[str] | None] = ContextVar("undrawn characters", default=None)

#: How matplotlib warns of a character its font lacks: "Glyph 29702 (…) missing from font(s)".
_GLYPH_WARNING = re.compile(r"Glyph (\d+) \(.*\) missing from font")


@contextlib.contextmanager
def noting_undrawn() -> Iterator[set[str]]:
    """The characters left undrawn by the exports made inside the block."""
    found: set[str] = set()
    token = _found.set(found)
    try:
        yield found
    finally:
        _found.reset(token)


def undrawn(characters: Iterable[str]) -> None:
    found = _found.get()
    if found is not None:
        found.update(characters)


def undrawn_in_warnings(messages: Iterable[str]) -> None:
    """The characters named by matplotlib's warnings of glyphs missing from its font."""
    undrawn(
        chr(int(match.group(1)))
        for message in messages
        if (match := _GLYPH_WARNING.search(message)) is not None
    )


def undrawn_note(found: set[str], limit: int = 12) -> str:
    shown = " ".join(sorted(found)[:limit]) + (" …" if len(found) > limit else "")
    return (
        f"{plural(len(found), 'character')} ({shown}) cannot be drawn in the page's font and "
        "print as □; the HTML and Markdown exports show them."
    )
