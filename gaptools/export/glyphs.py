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
import unicodedata
from collections.abc import Container, Iterable, Iterator
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


#: How a character the page's font lacks prints: the PDF's text, its charts and the PNG alike.
MISSING = "□"


def boxed(text: str, have: Container[int]) -> str:
    """``text`` with each character missing from the font's character map ``have`` as "□",
    the ones a reader would see noted (``undrawn``); line breaks and tabs are left alone.
    The one rule for the PDF's text, the PDF's charts and the PNG."""
    if text.isascii():  # DejaVu Sans has every ASCII character
        return text
    missing = {c for c in text if ord(c) not in have and c not in "\n\r\t"}
    if not missing:
        return text
    undrawn(c for c in missing if not unicodedata.category(c).startswith("C"))
    return "".join(MISSING if c in missing else c for c in text)


def undrawn_in_warnings(messages: Iterable[str]) -> None:
    """The characters named by matplotlib's warnings of glyphs missing from its font."""
    undrawn(
        chr(int(match.group(1)))
        for message in messages
        if (match := _GLYPH_WARNING.search(message)) is not None
    )


def right_to_left(text: str) -> None:
    """Note the letters of ``text`` written right to left (Arabic, Hebrew): the pages set
    them left to right, unjoined, so a reader sees them reversed."""
    if not text.isascii():  # most text, looked at in a single pass
        undrawn(c for c in text if is_right_to_left(c))


RIGHT_TO_LEFT = frozenset({"R", "AL"})


def is_right_to_left(character: str) -> bool:
    return unicodedata.bidirectional(character) in RIGHT_TO_LEFT


def undrawn_note(found: set[str], limit: int = 12) -> str:
    """What to tell whoever exported: the characters printed as □, and the right-to-left
    text printed left to right."""
    reversed_ = {c for c in found if is_right_to_left(c)}
    boxed = found - reversed_
    said = []
    if boxed:
        shown = " ".join(sorted(boxed)[:limit]) + (" …" if len(boxed) > limit else "")
        said.append(
            f"{plural(len(boxed), 'character')} ({shown}) cannot be drawn in the page's font "
            "and print as □"
        )
    if reversed_:
        said.append(
            "right-to-left text (Arabic, Hebrew) prints left to right, its letters unjoined"
        )
    return "; ".join(said) + "; the HTML and Markdown exports show them as written."
