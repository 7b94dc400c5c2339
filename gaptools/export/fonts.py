"""The font files the PDF pages are set in: DejaVu Sans, whole or cut to the common scripts.

DejaVu Sans (the font matplotlib ships, so the PDF and the PNG measure the same glyphs) has
some 6,000 glyphs, and fpdf2 reads every one of them when a face is added and again when it
keeps the ones a page used: a tenth of a second of each cold ``gaptools export --format pdf``,
more than its own drawing. Nearly every workshop is written in Latin, Greek or Cyrillic letters
with common punctuation and symbols, so a page whose text needs nothing else is set in a cut
of each face holding only those (``COMMON``, about 2,800 glyphs, with the same outlines,
widths and hinting). Text with a letter only the whole font
has (Georgian, Hebrew, Armenian…) is set in the whole font; a character neither has (Chinese,
an emoji) prints as "□" either way.

A cut is made once per machine, from the installed font, and kept in the user's cache folder
(``make env`` makes them beforehand); where none can be written, the whole font serves.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import logging
from collections.abc import Iterable
from pathlib import Path

from gaptools.files.cache import cache_folder

REGULAR, BOLD, OBLIQUE = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
FACES = (REGULAR, BOLD, OBLIQUE)

#: The code points a cut keeps (where the font has them), as inclusive ranges: Latin with its
#: extensions and diacritics, Greek, Cyrillic, Vietnamese, punctuation, sub- and superscripts,
#: currencies, letterlike forms and numbers, arrows, mathematics and technical signs, boxes
#: and shapes, symbols and dingbats (✓ ✗ ⚠ ★), and the replacement character.
COMMON: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),
    (0x00A0, 0x024F),
    (0x02B0, 0x036F),
    (0x0370, 0x03FF),
    (0x0400, 0x052F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x23FF),
    (0x2500, 0x27BF),
    (0x2B00, 0x2BFF),
    (0xFB00, 0xFB06),
    (0xFFFD, 0xFFFD),
)
CUT_VERSION = "2"  # a change to what a cut keeps, or how it is made, names new files

_log = logging.getLogger(__name__)


def is_common(character: str) -> bool:
    code = ord(character)
    return any(low <= code <= high for low, high in COMMON)


def needs_whole(text: str, faces: Iterable[str] = (REGULAR, BOLD)) -> bool:
    """Whether ``text`` has a character one of ``faces`` draws that its cut lacks. Only text
    with a character outside ``COMMON`` reads the whole fonts' character maps."""
    if text.isascii():
        return False
    rare = {ord(c) for c in set(text) if not is_common(c)}
    return bool(rare) and any(rare & _characters(face) for face in faces)


def face_file(face: str, whole: bool = False) -> Path:
    """The file to set ``face`` in: its cut, made if need be, unless ``whole`` is asked for
    or no cut can be had (then the whole font, which draws the same)."""
    source = font_folder() / f"{face}.ttf"
    if whole:
        return source
    try:
        return _cut(source)
    except Exception:  # noqa: BLE001 - the whole font always serves
        _log.debug("no cut of %s could be made; the whole font is used", face, exc_info=True)
        return source


@functools.cache
def font_folder() -> Path:
    """DejaVu Sans as matplotlib installs it, found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        raise RuntimeError("matplotlib is not installed: its DejaVu Sans font draws the PDF")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def cut_path(source: Path) -> Path:
    """The cut's file, named for what it is cut from: a font or fontTools updated, or a new
    ``COMMON``, gives a new name rather than a stale cut."""
    from fontTools import version as fonttools

    stat = source.stat()
    key = f"{CUT_VERSION}|{fonttools}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return cache_folder("fonts") / f"{source.stem}-common-{digest}.ttf"


@functools.cache
def _cut(source: Path) -> Path:
    target = cut_path(source)
    if not target.is_file():
        _make_cut(source, target)
    return target


def _make_cut(source: Path, target: Path) -> None:
    """Written as a workshop is saved (``atomic_write``): two exports making the same cut at
    once each leave a whole file, never a half-written one."""
    from fontTools import subset, ttLib

    from gaptools.files.store import atomic_write

    options = subset.Options()
    options.layout_features = []  # fpdf2 sets text unshaped: it reads no layout table
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
    options.notdef_outline = True
    options.glyph_names = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    font = ttLib.TTFont(source, lazy=True, recalcTimestamp=False)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[c for low, high in COMMON for c in range(low, high + 1)])
    cutter.subset(font)
    cut = io.BytesIO()
    font.save(cut)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, cut.getvalue())


@functools.cache
def _characters(face: str) -> frozenset[int]:
    from fontTools import ttLib

    with ttLib.TTFont(font_folder() / f"{face}.ttf", lazy=True) as font:
        return frozenset(font.getBestCmap())


def make_cuts() -> list[Path]:
    """Every face's cut, made now (``python -m gaptools.export.fonts``, run by ``make env``),
    so that no export pays for making one."""
    return [face_file(face) for face in FACES]


if __name__ == "__main__":
    for path in make_cuts():
        print(path)
