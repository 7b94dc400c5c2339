"""The templates are compiled once per machine: kept in the user's cache folder, read back by
the next export, and checked against their source; no folder, no harm."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from gaptools.export import markup
from gaptools.export.bet import canvas_html
from gaptools.summaries.canvas import bet_canvas
from tests.support import NOT_A_FOLDER, complete_bet


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A cache folder of the test's own, and an environment that has compiled nothing yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    markup._environment.cache_clear()
    yield tmp_path / "gaptools" / "templates"
    markup._environment.cache_clear()


def test_an_export_compiles_its_template_once_and_the_next_reads_it(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    canvas = bet_canvas(complete_bet())
    first = canvas_html(canvas)
    assert len(list(fresh.glob("*.cache"))) == 1
    markup._environment.cache_clear()  # as a new process starts

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", never)
    assert canvas_html(canvas) == first


def test_a_template_changed_since_is_compiled_afresh(fresh: Path) -> None:
    environment = markup._environment()
    loader = jinja2.DictLoader({"t.html.j2": "old {{ x }}"})
    environment.loader = loader
    assert environment.get_template("t.html.j2").render(x=1) == "old 1"
    markup._environment.cache_clear()
    again = markup._environment()
    again.loader = jinja2.DictLoader({"t.html.j2": "new {{ x }}"})
    assert again.get_template("t.html.j2").render(x=1) == "new 1"


def test_with_no_cache_folder_the_templates_still_render(no_cache_folder: Path) -> None:
    markup._environment.cache_clear()
    try:
        assert markup._environment().bytecode_cache is None
        assert "Claims intake copilot" in canvas_html(bet_canvas(complete_bet()))
    finally:
        markup._environment.cache_clear()
    assert no_cache_folder.read_text() == NOT_A_FOLDER
