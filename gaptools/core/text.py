"""Words for people: counts that agree with their noun, text cut to the room it has, and
text from a file made safe to print."""

from __future__ import annotations

import functools
import os
import re
import unicodedata


def plural(count: int, word: str, words: str = "") -> str:
    """``1 ballot``, ``2 ballots``: a count that agrees with its noun."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def as_sentence(words: str) -> str:
    """``words`` written to be quoted in a longer line ("the bet … was killed"), standing on
    their own: a capital first, a full stop last."""
    return words[:1].upper() + words[1:] + ("" if words.endswith((".", "?", "!")) else ".")


def listed(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``: words as a sentence lists them."""
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def some_of(words: list[str], most: int, joiner: str = ", ") -> str:
    """The first ``most`` of ``words``, and how many more: "a, b and 3 more". A list that
    grows with the workshop (undated pilots, unreadable files) stays a line long."""
    more = len(words) - most
    return joiner.join(words[:most]) + (f" and {more} more" if more > 0 else "")


def shorten(text: str, limit: int, *, lines: bool = False) -> str:
    """``text`` on one line in at most ``limit`` characters, ending with "…" when cut; with
    ``lines``, in the lines typed in it (``typed_lines``), each with its spaces tidied."""
    if lines:
        text = "\n".join(" ".join(line.split()) for line in typed_lines(text))
    else:
        text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def shorten_apart(one: str, other: str, limit: int) -> tuple[str, str]:
    """``one`` and ``other`` shortened as ``shorten`` does, unless that cuts away where they
    differ: two kill criteria alike for 90 characters were quoted alike, and a reader could
    not tell what to agree on. Both are then cut before the words where they part, a few
    kept before them ("… by the 6 Jan debrief")."""
    one, other = " ".join(one.split()), " ".join(other.split())
    parted = len(os.path.commonprefix([one, other]))
    if one == other or parted < limit - 2:  # where they part is kept by plain shortening
        return shorten(one, limit), shorten(other, limit)
    before = parted - limit // 4
    start = one.rfind(" ", 0, before) + 1
    if parted - start > limit // 2:  # no space near: cut inside the word
        start = before
    return shorten("… " + one[start:], limit), shorten("… " + other[start:], limit)


def typed_lines(text: str) -> list[str]:
    """The lines a person typed in ``text`` ("Stop if:", "1) …", "2) …"), blank ones left
    out: each page that sets the text starts each on a line of its own, as the HTML shows
    them, rather than running them together."""
    return [line for line in text.splitlines() if line.strip()]


# Characters that make a terminal act instead of show (ESC starts a sequence that can retitle
# or clear it, CR and BS overwrite what was printed) or that reorder or hide the text around
# them, so that a name reads differently from what it holds. Tab and newline are kept by
# ``printable`` because multi-line output needs them; a single line escapes them too.
_C0_NAMES = (
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "BEL",
    "BS",
    "TAB",
    "LF",
    "VT",
    "FF",
    "CR",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "FS",
    "GS",
    "RS",
    "US",
)
BIDI_CONTROLS = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Only characters outside printable ASCII need a closer look; finding them is done in C.
_NOT_PLAIN = re.compile(r"[^\x20-\x7e]")
# Joiners shape emoji and several scripts; they move nothing, so they stay.
_HARMLESS_FORMAT = frozenset("\u200c\u200d")


def char_name(char: str) -> str:
    """A control character as people look it up: ``ESC, U+001B``, ``RIGHT-TO-LEFT OVERRIDE,
    U+202E``; the code point is always given, since most of these are invisible."""
    code = ord(char)
    if code < 0x20:
        label = _C0_NAMES[code]
    elif code == 0x7F:
        label = "DEL"
    else:
        label = unicodedata.name(char, "")
    return f"{label}, U+{code:04X}" if label else f"U+{code:04X}"


def is_unsafe(char: str) -> bool:
    """Whether showing ``char`` raw could make a terminal act or disguise the text around it:
    control characters, lone surrogates, line separators and invisible format characters."""
    kind = unicodedata.category(char)
    if kind in {"Cc", "Cs", "Zl", "Zp"}:
        return True
    return kind == "Cf" and char not in _HARMLESS_FORMAT


def printable(text: str, *, multiline: bool = True) -> str:
    """``text`` safe to print to a terminal or log: every unsafe character becomes a visible
    escape (``\\x1b``, ``\\u202e``), so a name or file name that came from a file can neither
    send commands to the terminal nor hide what it says. Newlines and tabs stay when
    ``multiline``; a single line (a file name, one problem) escapes them too."""
    kept = "\n\t" if multiline else ""

    def swap(match: re.Match[str]) -> str:
        char = match.group()
        return _escape(char) if is_unsafe(char) and char not in kept else char

    return _NOT_PLAIN.sub(swap, text)


def json_printable(text: str) -> str:
    """JSON text with every unsafe character written as a ``\\uXXXX`` escape: the same JSON
    to a parser, but nothing a terminal acts on. Unsafe characters can only stand inside
    strings there, where the escape means the same character."""

    def swap(match: re.Match[str]) -> str:
        char = match.group()
        return f"\\u{ord(char):04x}" if is_unsafe(char) else char

    return _NOT_PLAIN.sub(swap, text)


def refuse_hidden_characters(text: str, *, allowed: str) -> str:
    """``text`` unchanged, or a ValueError saying in plain words which hidden character it
    holds and why it must go. The model stores nothing that would make a terminal act or make
    a name read differently from what it holds; ``allowed`` is the line breaks and tabs a
    field of several lines may keep."""
    problem = hidden_character_problem(text, allowed=allowed)
    if problem is not None:
        raise ValueError(problem)
    return text


def hidden_character_problem(text: str, *, allowed: str) -> str | None:
    """Why ``text`` may not be kept (the first hidden character it holds), or None."""
    several_lines = "\n" in allowed
    for match in _NOT_PLAIN.finditer(text):  # printable ASCII is never hidden: skip it fast
        char = match.group()
        if char not in allowed and _hidden(char, several_lines=several_lines):
            return _why_refused(char)
    return None


def hidden_characters_pattern(allowed: str) -> str:
    """The same rule as ``refuse_hidden_characters`` as a JSON Schema pattern, for tools that
    check a file against the schema (lone surrogates aside, which a pattern cannot name)."""
    holes = sorted(ord(char) for char in allowed if ord(char) < 0x20)
    refused = [*_without((0, 0x1F), holes), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069)]
    if "\n" not in allowed:
        refused.append((0x2028, 0x2029))
    ranges = "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in refused)
    return f"^[^{ranges}]*$"


def hidden_characters_allowed(pattern: str) -> str | None:
    """What a field checked with ``pattern`` may hold of line breaks and tabs, when the
    pattern is one of ``hidden_characters_pattern``'s; None for any other pattern."""
    for allowed in ("", "\n\t"):
        if pattern == hidden_characters_pattern(allowed):
            return allowed
    return None


def _without(span: tuple[int, int], holes: list[int]) -> list[tuple[int, int]]:
    """The code points of ``span`` except ``holes`` (sorted), as ranges."""
    parts, start = [], span[0]
    for hole in holes:
        if start < hole:
            parts.append((start, hole - 1))
        start = hole + 1
    return [*parts, (start, span[1])]


def _hidden(char: str, *, several_lines: bool) -> bool:
    kind = unicodedata.category(char)
    if kind in {"Zl", "Zp"}:
        return not several_lines
    return kind in {"Cc", "Cs"} or char in BIDI_CONTROLS


def _why_refused(char: str) -> str:
    name = char_name(char)
    kind = unicodedata.category(char)
    if char in "\n\r" or kind in {"Zl", "Zp"}:
        return f"contains a line break ({name}): keep it on one line"
    if char == "\t":
        return f"contains a tab ({name}): use a space instead"
    if kind == "Cc":
        return f"contains a control character ({name}) that could rewrite a terminal: remove it"
    if kind == "Cs":
        return f"contains half of a broken character ({name}): remove it"
    return (
        f"contains an invisible character ({name}) that reorders the text around it, so it "
        "would read differently from what it holds: remove it"
    )


def _escape(char: str) -> str:
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else (f"\\U{code:08x}")
    )


_NOT_A_LETTER = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """Headers match ignoring case, spaces and punctuation: 'Est. effort (weeks)' and
    'est_effort_weeks' are the same header. Here, not with the reading of sheets: the
    exports name their columns by it too, and paid for that reading at start-up."""
    return _NOT_A_LETTER.sub("", str(text)).casefold()


#: The starts of a cell a spreadsheet would run ("=SUM(…)", "-20%"): a CSV written to be opened
#: safely puts an apostrophe before them (the exports do), and reading one takes it off again.
GUARDED = ("=", "+", "-", "@", "\t", "\r")
