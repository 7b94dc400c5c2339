"""Long tables a page at a time: a form of two hundred initiatives must still appear in the
browser, and the browser is sent only the rows on screen."""

from __future__ import annotations

import importlib
from pathlib import Path

import ipywidgets as widgets
import pytest

from gaptools.files import store
from gaptools.files.synthetic import synthetic_workshop
from gaptools.ui.kit import PAGE_ROWS, Pager
from gaptools.ui.ownership import OwnershipForm
from gaptools.ui.portfolio import PortfolioForm
from gaptools.ui.prioritise import PrioritiseForm
from gaptools.ui.session import WorkshopSession

COUNT = 2 * PAGE_ROWS + 5  # three pages, the last one short


@pytest.fixture
def big(tmp_path: Path) -> WorkshopSession:
    path = tmp_path / "big.json"
    store.save(synthetic_workshop(COUNT), path)
    return WorkshopSession(path, store.load(path))


def _names_on_screen(children: tuple[widgets.Widget, ...], workshop) -> list[str]:
    names = {i.name for i in workshop.initiatives}
    shown = []
    for child in children:
        for widget in _walk(child):
            value = getattr(widget, "value", None)
            if isinstance(value, str) and value in names:
                shown.append(value)
                break
    return shown


def _walk(widget: widgets.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_a_pager_windows_the_keys() -> None:
    pager = Pager("Things", size=3)
    keys = [str(n) for n in range(7)]
    assert pager.window(keys[:3]) == keys[:3]  # one page: no pager needed
    assert pager.window(keys) == ["0", "1", "2"]
    assert pager.previous.disabled
    pager.turn(1)
    pager.turn(1)
    assert pager.window(keys) == ["6"]
    assert pager.next.disabled
    assert "Things 7–7 of 7" in pager.where.value
    pager.turn(5)
    assert pager.window(keys) == ["6"]  # never past the last page
    assert pager.window(keys[:4]) == ["3"]  # the list shrank: the last page still
    pager.turn(-9)
    assert pager.page == 0


def test_the_portfolio_shows_one_page_of_rows(big: WorkshopSession) -> None:
    form = PortfolioForm(big)
    children = form.rows.children
    pager = children[0]
    assert "gaptools-pager" in pager._dom_classes
    # The pager stands above the column headings, as in the ownership map and step 6.
    assert "gaptools-grid-head" in children[1]._dom_classes
    every = [i.name for i in big.workshop.initiatives]
    assert _names_on_screen(children[2:], big.workshop) == every[:PAGE_ROWS]
    next_button = pager.children[2]
    next_button.click()
    next_button.click()
    assert _names_on_screen(form.rows.children[2:], big.workshop) == every[2 * PAGE_ROWS :]
    assert f"Initiatives {2 * PAGE_ROWS + 1}–{COUNT} of {COUNT}" in pager.children[1].value


def test_the_ownership_map_shows_one_page_of_rows(big: WorkshopSession) -> None:
    form = OwnershipForm(big)
    every = [i.name for i in big.workshop.initiatives]
    assert "gaptools-pager" in form.grid.children[0]._dom_classes
    rows = [c for c in form.grid.children[1:] if "gaptools-grid-head" not in c._dom_classes]
    assert len(rows) == PAGE_ROWS
    form.pager.turn(1)
    rows = [c for c in form.grid.children[1:] if "gaptools-grid-head" not in c._dom_classes]
    assert len(rows) == PAGE_ROWS
    shown = _names_on_screen(tuple(rows), big.workshop)
    assert shown == every[PAGE_ROWS : 2 * PAGE_ROWS]


def test_a_workshop_that_fits_a_page_has_no_pager(tmp_path: Path) -> None:
    path = tmp_path / "small.json"
    store.save(synthetic_workshop(PAGE_ROWS), path)
    session = WorkshopSession(path, store.load(path))
    form = PortfolioForm(session)
    assert not any("gaptools-pager" in c._dom_classes for c in form.rows.children)
    assert "gaptools-grid-head" in form.rows.children[0]._dom_classes
    assert len(form.rows.children) == PAGE_ROWS + 1  # the headings, then every row


#: How many messages a kernel's outgoing queue holds before it drops them (ZeroMQ's default
#: high-water mark, which ipykernel keeps): each widget model is one message when it is made.
KERNEL_QUEUE = 1000


FORMS = [
    "start.StartForm",
    "portfolio.PortfolioForm",
    "value.ValueForm",
    "ownership.OwnershipForm",
    "readiness.ReadinessForm",
    "prioritise.PrioritiseForm",
    "bet.BetForm",
    "change.ChangeForm",
    "learning.LearningForm",
]


@pytest.fixture(scope="module")
def two_hundred(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("paging") / "two-hundred.json"
    store.save(synthetic_workshop(200), path)
    return path


@pytest.mark.parametrize("name", FORMS)
def test_a_form_of_two_hundred_is_made_of_fewer_widgets_than_the_queue_holds(
    name: str, two_hundred: Path
) -> None:
    """Each widget model is one message when the form appears; past the queue's thousand,
    on a busy machine, the browser says "model not found" and the form never shows."""
    from ipywidgets.widgets.widget import _instances

    module, form = name.split(".")
    kind = getattr(importlib.import_module(f"gaptools.ui.{module}"), form)
    session = WorkshopSession(two_hundred, store.load(two_hundred))
    before = set(_instances)
    kind(session)
    made = [key for key in _instances if key not in before]
    assert len(made) < KERNEL_QUEUE


def test_the_estimates_show_one_page_of_rows(two_hundred: Path) -> None:
    session = WorkshopSession(two_hundred, store.load(two_hundred))
    form = PrioritiseForm(session)
    every = [i.name for i in session.workshop.in_play()]
    assert len(every) > 2 * PAGE_ROWS  # the synthetic workshop has enough to rank
    pager = form.estimates.children[0]
    assert "gaptools-pager" in pager._dom_classes
    assert _names_on_screen(form.estimates.children[2:], session.workshop) == every[:PAGE_ROWS]
    pager.children[2].click()  # Next
    shown = _names_on_screen(form.estimates.children[2:], session.workshop)
    assert shown == every[PAGE_ROWS : 2 * PAGE_ROWS]
