"""Which font files a PDF is set in: a cut of DejaVu Sans for text in the common scripts, the
whole font for a letter only it has, and the whole font wherever no cut can be kept."""

from __future__ import annotations

import ast
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

import gaptools
from gaptools.export import export, fonts
from gaptools.export.fonts import BOLD, FACES, REGULAR, face_file, is_common, needs_whole
from gaptools.export.page import to_pdf
from gaptools.export.pdf import document
from gaptools.files import store
from tests.support import NOT_A_FOLDER, complete_bet

DAY = dt.date(2027, 1, 15)
COMMON_TEXT = "Claims intake — 30 % quicker by Q3 ✓ → € · Zürich, Αθήνα, Москва, Hà Nội"
GEORGIAN = "თბილისის გუნდი"  # "the Tbilisi team": DejaVu Sans has Georgian; the cut has not
CHINESE = "客户支持助手 🚀"  # neither has these: they print as "□" whichever is used


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache folder of the tests' own, so each cut is made here, from the installed font."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        fonts._cut.cache_clear()
        yield folder / "gaptools" / "fonts"
    fonts._cut.cache_clear()


def advances(path: Path) -> dict[int, int]:
    """Each character the font maps, with the advance width its glyph sets."""
    with TTFont(path, lazy=True) as font:
        metrics = font["hmtx"]
        return {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}


def files_of(pdf) -> set[Path]:
    return {Path(font.ttffile) for font in pdf.fonts.values()}


def printed(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("face", FACES)
def test_a_cut_sets_each_common_character_as_the_whole_font_does(cache: Path, face: str) -> None:
    whole = advances(face_file(face, whole=True))
    cut_file = face_file(face)
    assert cut_file.parent == cache
    common = {code: width for code, width in whole.items() if is_common(chr(code))}
    assert advances(cut_file) == common
    assert len(common) < len(whole)
    assert hinting(cut_file) == hinting(face_file(face, whole=True))


def hinting(path: Path) -> set[str]:
    """The tables that hint the glyphs for small sizes on screen: a cut keeps the font's."""
    with TTFont(path, lazy=True) as font:
        return {tag for tag in ("fpgm", "prep", "cvt ", "gasp") if tag in font}


def test_common_text_is_set_in_the_cut(cache: Path) -> None:
    assert all(is_common(c) for c in COMMON_TEXT)
    assert files_of(document(DAY, COMMON_TEXT)) == {face_file(REGULAR), face_file(BOLD)}
    assert all(path.parent == cache for path in files_of(document(DAY, COMMON_TEXT)))


def test_a_letter_only_the_whole_font_has_sets_the_page_in_the_whole_font(cache: Path) -> None:
    have = advances(face_file(REGULAR, whole=True))
    assert all(ord(c) in have for c in GEORGIAN.replace(" ", ""))
    assert not any(is_common(c) for c in GEORGIAN.replace(" ", ""))
    assert needs_whole(COMMON_TEXT + GEORGIAN)
    whole = {face_file(REGULAR, whole=True), face_file(BOLD, whole=True)}
    assert files_of(document(DAY, COMMON_TEXT + GEORGIAN)) == whole


def test_a_character_neither_font_has_keeps_the_cut(cache: Path) -> None:
    have = advances(face_file(REGULAR, whole=True)).keys() | advances(face_file(BOLD, True)).keys()
    assert not any(ord(c) in have for c in CHINESE.replace(" ", ""))
    assert not needs_whole(COMMON_TEXT + CHINESE)


def test_kill_criteria_in_georgian_print_their_letters_on_the_canvas_and_the_report(
    cache: Path,
) -> None:
    workshop = complete_bet()
    workshop.bet.kill_criteria = f"Stop if {GEORGIAN} cannot staff it by week 4"
    workshop = store.revalidate(workshop)
    for pdf in (to_pdf(workshop), export(workshop, "pdf", "report")):
        assert "თბილისის" in printed(pdf)


def test_where_no_cut_can_be_kept_the_whole_font_serves(no_cache_folder: Path) -> None:
    fonts._cut.cache_clear()
    try:
        assert face_file(REGULAR) == face_file(REGULAR, whole=True)
        assert "Claims intake copilot" in " ".join(printed(to_pdf(complete_bet())).split())
    finally:
        fonts._cut.cache_clear()
    assert no_cache_folder.read_text() == NOT_A_FOLDER


def words_in(path: Path) -> Iterator[str]:
    """The strings a module holds, docstrings aside (they are never printed); a template's
    whole text."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        yield text
        return
    tree = ast.parse(text)
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, documented) and ast.get_docstring(node, clean=False) is not None
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield "" if id(node) in docstrings else node.value


def test_every_letter_of_our_own_words_the_font_has_is_in_the_cut() -> None:
    """A page prints our own words (headings, "✓", "→", "…") whatever text it was given to
    choose its files by: each character of them the font draws must be in the cut."""
    package = Path(gaptools.__file__).parent
    sources = [p for p in package.rglob("*") if p.suffix in {".py", ".j2"}]
    found = {c for path in sources for words in words_in(path) for c in words if not c.isascii()}
    have = advances(face_file(REGULAR, whole=True)).keys()
    assert "✓" in found
    assert sorted(c for c in found if ord(c) in have and not is_common(c)) == []
