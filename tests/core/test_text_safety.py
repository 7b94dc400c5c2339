"""Text from a file can neither make a terminal act nor disguise itself: ``printable`` escapes
what a terminal would act on, and the model's rule for names agrees with its JSON Schema."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from gaptools.core.errors import field_path
from gaptools.core.text import (
    char_name,
    hidden_characters_pattern,
    json_printable,
    printable,
    refuse_hidden_characters,
)

# Every code point a terminal acts on or that hides or reorders text, one of each kind.
ATTACKS = {
    "NUL": "\x00",
    "BEL": "\x07",
    "BS": "\x08",
    "CR": "\r",
    "ESC": "\x1b",
    "DEL": "\x7f",
    "CSI (C1)": "\x9b",
    "OSC (C1)": "\x9d",
    "LRE": "\u202a",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "PDI": "\u2069",
    "LINE SEPARATOR": "\u2028",
    "lone surrogate": "\ud800",
}
UNSAFE_CODE_POINTS = [*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F)]


def _terminal_safe(text: str) -> bool:
    """Nothing in ``text`` that a terminal acts on or that reorders text, tab and newline
    aside."""
    return not any(
        unicodedata.category(c) in {"Cc", "Cs", "Zl", "Zp"}
        and c not in "\n\t"
        or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        for c in text
    )


@pytest.mark.parametrize("char", ATTACKS.values(), ids=ATTACKS.keys())
def test_printable_escapes_every_attack(char: str) -> None:
    """Each kind of attack becomes a visible escape that names its code point."""
    shown = printable(f"before{char}after")
    assert _terminal_safe(shown)
    assert shown.startswith("before\\")
    assert shown.endswith("after")
    assert f"{ord(char):02x}" in shown


def test_printable_escapes_a_whole_retitle_and_clear_sequence() -> None:
    shown = printable("Ann\x1b]0;pwned\x07\x1b[2J\x1b[H")
    assert shown == "Ann\\x1b]0;pwned\\x07\\x1b[2J\\x1b[H"


def test_printable_keeps_ordinary_text_whole() -> None:
    """Accents, other scripts, emoji and joiners (which shape, not reorder) are left alone."""
    text = "Zoë Müller · 山田 · שלום · 👩‍💻 · 1 000 €\n\tnext line"
    assert printable(text) == text


def test_a_single_line_escapes_line_breaks_and_tabs() -> None:
    """A file name or one problem must stay one line: a newline in it could forge another."""
    assert printable("a\nb\tc", multiline=False) == "a\\x0ab\\x09c"


def test_printable_sweeps_every_unsafe_code_point() -> None:
    """All 78 control and bidi code points, and the 2,048 surrogates, come out escaped."""
    swept = [*UNSAFE_CODE_POINTS, *range(0xD800, 0xE000)]
    for code in swept:
        assert _terminal_safe(printable(chr(code), multiline=False)), hex(code)


def test_json_printable_is_the_same_json() -> None:
    """``status --json`` stays valid JSON with the same values, with nothing a terminal acts
    on (json.dumps leaves C1 controls and bidi overrides raw with ensure_ascii=False)."""
    value = {"name": "".join(ATTACKS.values()) + " Zoë 👩‍💻"}
    text = json.dumps(value, ensure_ascii=False)
    safe = json_printable(text)
    assert _terminal_safe(safe)
    assert json.loads(safe) == value


@pytest.mark.parametrize(
    ("char", "words"),
    [
        ("\x1b", "control character (ESC, U+001B) that could rewrite a terminal"),
        ("\x00", "control character (NUL, U+0000)"),
        ("\x9b", "control character (U+009B)"),
        ("\x7f", "control character (DEL, U+007F)"),
        ("\u202e", "invisible character (RIGHT-TO-LEFT OVERRIDE, U+202E) that reorders"),
        ("\u2067", "invisible character (RIGHT-TO-LEFT ISOLATE, U+2067)"),
        ("\n", "line break (LF, U+000A): keep it on one line"),
        ("\u2028", "line break (LINE SEPARATOR, U+2028)"),
        ("\t", "tab (TAB, U+0009): use a space instead"),
        ("\ud800", "half of a broken character (U+D800)"),
    ],
)
def test_one_line_refusals_say_what_was_found(char: str, words: str) -> None:
    with pytest.raises(ValueError, match=re.escape(words)):
        refuse_hidden_characters(f"Ann{char}", allowed="")


def test_several_lines_keep_newlines_and_tabs_only() -> None:
    text = "First line\n\tindented\u2028second paragraph"
    assert refuse_hidden_characters(text, allowed="\n\t") == text
    with pytest.raises(ValueError, match="ESC"):
        refuse_hidden_characters("First\n\x1b[2J", allowed="\n\t")
    with pytest.raises(ValueError, match="CR"):
        refuse_hidden_characters("Windows\r\nline", allowed="\n\t")


@pytest.mark.parametrize("allowed", ["", "\n\t"], ids=["one-line", "several-lines"])
def test_the_schema_pattern_agrees_with_the_validator(allowed: str) -> None:
    """Over all 12,544 code points up to U+30FF (controls, Latin, punctuation, bidi and line
    separators, CJK symbols), the JSON Schema's pattern accepts exactly what the model
    accepts."""
    pattern = re.compile(hidden_characters_pattern(allowed))
    for code in range(0x3100):
        char = chr(code)
        try:
            refuse_hidden_characters(char, allowed=allowed)
            accepted = True
        except ValueError:
            accepted = False
        # fullmatch: Python's ``$`` also matches before a final newline, JSON Schema's does not.
        assert bool(pattern.fullmatch(char)) is accepted, hex(code)


def test_char_name_always_gives_the_code_point() -> None:
    assert char_name("\x1b") == "ESC, U+001B"
    assert char_name("\u202e") == "RIGHT-TO-LEFT OVERRIDE, U+202E"
    assert char_name("\x85") == "U+0085"


def test_a_field_path_from_a_file_is_escaped() -> None:
    """A note's column name is a key of the file; a refusal naming it must not carry its ESC."""
    path = field_path(("initiatives", 0, "notes", "col\x1b[2J"))
    assert path == "initiatives[0].notes.col\\x1b[2J"
