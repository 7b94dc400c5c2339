"""What the tests share, in one place: private copies of the example workshop, the saved file
read back as plain data, one complete commitment card, and finding widgets the way a person
scans a form (by their label, or by what they show), never by where they happen to sit.

Fixtures stay in the ``conftest.py`` files, where pytest finds them; their bodies call these.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from gaptools.core.model import Value, Workshop, new_id
from gaptools.core.resources import EXAMPLE_WORKSHOP, data_file
from gaptools.files import store
from gaptools.steps.bet import bet_complete
from gaptools.ui.session import WorkshopSession

# -- workshops and files ------------------------------------------------------------------------


def example_workshop() -> Workshop:
    """The shipped example workshop, freshly loaded (callers may change it freely)."""
    return store.load(data_file(EXAMPLE_WORKSHOP))


def shipped(name: str = EXAMPLE_WORKSHOP) -> Any:
    """A shipped data file as plain JSON, read straight from disk, not through gaptools."""
    return saved(data_file(name))


def example_copy(path: Path) -> Path:
    """The shipped example file copied to ``path`` byte for byte, in the layout it ships in."""
    path.write_bytes(data_file(EXAMPLE_WORKSHOP).read_bytes())
    return path


def written(workshop: Workshop, path: Path) -> Path:
    """``workshop`` saved to ``path`` the way the toolkit writes files."""
    store.save(workshop, path)
    return path


def another_team(workshop: Workshop, team: str) -> Workshop:
    """``workshop`` (a copy of the example) as another team's own: its name, and an id of its
    own, as ``gaptools new`` or "Start from the example" gives one. A roll-up counts files of
    one id once."""
    workshop.meta.team = team
    workshop.meta.workshop_id = new_id()
    return workshop


def session_on(path: Path) -> WorkshopSession:
    """A session on the file at ``path``, as one more notebook opening it would have."""
    return WorkshopSession(path, store.load(path))


def saved(path: Path) -> Any:
    """The JSON file at ``path`` as plain data: what is on disk, not what gaptools makes of it."""
    return json.loads(path.read_text(encoding="utf-8"))


def edited(path: Path, change: Callable[[Any], Any]) -> Path:
    """Rewrite the JSON in ``path`` with one deliberate change, as a hand edit would."""
    data = saved(path)
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def saved_initiative(path: Path, name: str) -> dict[str, Any]:
    """The one saved initiative called ``name``."""
    [found] = [i for i in saved(path)["initiatives"] if i["name"] == name]
    return found


def saved_names(path: Path) -> list[str]:
    """The names of the saved initiatives, in the file's order."""
    return [i["name"] for i in saved(path)["initiatives"]]


def part_of(raw: bytes, *keys: str, default: Any = None) -> Any:
    """The part at ``keys`` of a file's bytes read as JSON, or ``default`` while the file is
    half written or does not hold that part yet (a kernel elsewhere may be saving it)."""
    try:
        found = json.loads(raw)
        for key in keys:
            found = found[key]
    except (ValueError, KeyError):
        return default
    return found


@contextmanager
def restored(*paths: Path) -> Iterator[None]:
    """Whatever happens inside, the files at ``paths`` are put back afterwards as they were,
    byte for byte, or removed if they did not exist."""
    before = {path: path.read_bytes() if path.is_file() else None for path in paths}
    try:
        yield
    finally:
        for path, content in before.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                # A plain replace: the store refuses on purpose to write a workshop's side
                # files (its .bak, its lock), which a test may still need to put back.
                staging = path.with_name(path.name + ".restoring")
                staging.write_bytes(content)
                os.replace(staging, path)


@contextmanager
def unchanged(path: Path) -> Iterator[None]:
    """What happens inside leaves the file at ``path`` byte for byte as it was."""
    before = path.read_bytes()
    yield
    assert path.read_bytes() == before


# -- a complete commitment card, a deploy-ready value --------------------------------------------
# One definition shared by the tests of the card, the canvas, the exports and the export form,
# so they all mean the same card.

DAY = dt.date(2026, 11, 18)  # the example's workshop date
BET = "Claims intake copilot"  # deploy-ready value, Priya Raman accountable, open readiness items
KILL = "Intake time not below 16 minutes by the first debrief"


def commit(workshop: Workshop, initiative: str = BET) -> Workshop:
    """Fill in every part of the commitment card for ``initiative``."""
    bet = workshop.bet
    bet.initiative = initiative
    bet.decided_by = "Dana Whitfield"
    bet.decided_on = DAY
    bet.options_considered = [BET, "Fraud signal analytics"]
    bet.first_cycle_end = DAY + dt.timedelta(weeks=6)
    bet.debrief_dates = [DAY + dt.timedelta(weeks=3), DAY + dt.timedelta(weeks=6)]
    bet.kill_criteria = KILL
    bet.stopped = ["GenAI workbench"]
    bet.readiness_gaps = ["Monitoring", "Evaluation"]
    return workshop


def complete_bet() -> Workshop:
    """The example with every part of the commitment card filled in, checked as a saved
    workshop is."""
    workshop = store.revalidate(commit(example_workshop()))
    assert bet_complete(workshop)
    return workshop


def handle_time(**changes: Any) -> Value:
    """A deploy-ready value, average handle time 420 -> 360 s by 31 Mar 2027, then changed."""
    fields: dict[str, Any] = {
        "metric": "Average handle time",
        "unit": "seconds",
        "baseline": 420,
        "target": 360,
        "due": dt.date(2027, 3, 31),
    }
    return Value(**{**fields, **changes})


# -- finding widgets ----------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")


def all_widgets(root: widgets.Widget) -> list[widgets.Widget]:
    """Every widget under ``root``, depth first, ``root`` included."""
    found = [root]
    for child in getattr(root, "children", ()):
        found.extend(all_widgets(child))
    return found


def press_enter(box: widgets.Widget) -> None:
    """Enter in a text box, as the page tells the kernel of it: a message of its own, sent
    through the widget's comm (JupyterLab's and Voilà's text view send ``{"event":
    "submit"}`` on the key)."""
    data = {"method": "custom", "content": {"event": "submit"}}
    box._handle_msg({"content": {"data": data}, "buffers": []})


def labelled(root: widgets.Widget, label: str, kind: type | None = None) -> list[widgets.Widget]:
    """Every widget under ``root`` labelled ``label``, top to bottom: by its description, or
    by the tooltip of a table cell whose column header names it."""
    return [
        w for w in all_widgets(root) if _says(w, label) and (kind is None or isinstance(w, kind))
    ]


def _says(widget: widgets.Widget, label: str) -> bool:
    return label in (getattr(widget, "description", None), getattr(widget, "tooltip", None))


def by_label(root: widgets.Widget, label: str, kind: type | None = None) -> widgets.Widget:
    """The one widget a person would find by that label."""
    found = labelled(root, label, kind)
    assert len(found) == 1, f"{len(found)} widgets labelled {label!r}"
    return found[0]


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in {"td", "th"}:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(markup: str) -> list[list[str]]:
    """Each row of the tables in ``markup`` as the text of its cells, as a reader sees them."""
    reader = _Rows()
    reader.feed(markup)
    return reader.rows


def view(root: widgets.Widget, *markers: str) -> widgets.HTML:
    """The one HTML view (a live summary, a chart, a note) holding any of ``markers``: views
    have no label, so they are found by what they say."""
    found = [
        w
        for w in all_widgets(root)
        if isinstance(w, widgets.HTML) and any(marker in w.value for marker in markers)
    ]
    assert len(found) == 1, f"{len(found)} views holding {markers!r}"
    return found[0]


def blocks_view(root: widgets.Widget, marker: str) -> widgets.VBox:
    """The one view in blocks (``Form.blocks``) with ``marker`` in one of its blocks."""
    found = [
        w
        for w in all_widgets(root)
        if "gaptools-blocks" in getattr(w, "_dom_classes", ())
        and any(marker in view.value for view in w.children)
    ]
    assert len(found) == 1, f"{len(found)} views in blocks holding {marker!r}"
    return found[0]


def blocks(root: widgets.Widget, marker: str) -> str:
    """The whole HTML of ``blocks_view``: its blocks' HTML in order, as the page shows them
    one under the other."""
    return "".join(view.value for view in blocks_view(root, marker).children)


def scrolled(root: widgets.Widget) -> widgets.VBox:
    """The one list in a box of its own that scrolls (``blocks.scrolling``) under ``root``."""
    [found] = [w for w in all_widgets(root) if "gaptools-scrolls" in getattr(w, "_dom_classes", ())]
    return found


def shown(root: widgets.Widget) -> str:
    """All the text of the HTML views under ``root`` (summaries, charts, status), unescaped."""
    return html.unescape(
        "\n".join(w.value for w in all_widgets(root) if isinstance(w, widgets.HTML))
    )


def on_the_page(root: widgets.Widget) -> str:
    """The words of the HTML views under ``root`` as a person sees them: tags and what they
    hold (a title shown only on hover), and words out of sight for screen readers alone
    (``gaptools-sr-only``, a table's ``gaptools-heard`` headings), left out."""
    texts = (w.value for w in all_widgets(root) if isinstance(w, widgets.HTML))
    seen = (_UNSEEN.sub(" ", t) for t in texts)
    return html.unescape(" ".join(re.sub(r"<[^>]*>", " ", t) for t in seen))


_UNSEEN = re.compile(
    r"<(\w+)[^>]*class=['\"][^'\"]*gaptools-(?:sr-only|heard)[^'\"]*['\"][^>]*>.*?</\1>", re.S
)


def status_line(form: Any) -> str:
    """What the form's status line says, as a person reads it."""
    return html.unescape(form.form.status.widget.value)


@contextmanager
def refused(form: Any, path: Path, *reasons: str) -> Iterator[None]:
    """What the person does inside is refused: the file at ``path`` stays as it was and the
    form's status line gives every one of ``reasons``."""
    with unchanged(path):
        yield
    said = status_line(form)
    for reason in reasons:
        assert reason in said, f"{reason!r} not in the status line {said!r}"


def rows_with(root: widgets.Widget, label: str) -> list[widgets.HBox]:
    """The table rows under ``root`` with a cell labelled ``label``, top to bottom."""
    return [
        w
        for w in all_widgets(root)
        if isinstance(w, widgets.HBox) and any(_says(cell, label) for cell in w.children)
    ]


def row_of(root: widgets.Widget, shows: str, label: str | None = None) -> widgets.HBox:
    """The one table row that shows ``shows``: as the value of its cell labelled ``label``,
    or, without a label, as a piece of text in a view of its own (the entry's name cell)."""
    if label is not None:
        found = [row for row in rows_with(root, label) if by_label(row, label).value == shows]
    else:
        found = [
            w
            for w in all_widgets(root)
            if isinstance(w, widgets.HBox)
            and any(
                isinstance(cell, widgets.HTML)
                and shows in (html.unescape(part).strip() for part in _TAG.split(cell.value))
                for cell in w.children
            )
        ]
    assert len(found) == 1, f"{len(found)} rows showing {shows!r}"
    return found[0]


def name_of(row: widgets.HBox) -> str:
    """The name a table row shows in its name cell (a view of its own, with no label)."""
    [cell] = [w for w in row.children if isinstance(w, widgets.HTML)]
    return html.unescape(_TAG.sub("", cell.value))


def pick(form: Any, position: int) -> None:
    """Choose the initiative at that position in the list, as a person picks it by name."""
    form.picker.widget.value = form.session.workshop.initiatives[position].id


def picked(form: Any) -> int:
    """The position of the initiative the form's picker shows."""
    ids = [i.id for i in form.session.workshop.initiatives]
    return ids.index(form.picker.widget.value)


def look_around_renames(monkeypatch: Any, look: Callable[[], None]) -> None:
    """Call ``look`` just before and just after every rename a save makes, as someone reading
    the workshop's folder at every moment would: a save's temporary file, the new version and
    the backup are all seen."""
    real_replace = os.replace

    def replace(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        look()
        real_replace(source, target, *args, **kwargs)
        look()

    monkeypatch.setattr(os, "replace", replace)


def uploaded(name: str, content: bytes, kind: str = "text/csv") -> tuple[dict[str, Any], ...]:
    """A FileUpload's value as ipywidgets 8 sets it after a browser upload: a tuple of dicts."""
    return (
        {
            "name": name,
            "type": kind,
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime(2026, 11, 18, 9, 30, tzinfo=dt.UTC),
        },
    )


# -- what widgets send ---------------------------------------------------------------------------
Sent = list[tuple[widgets.Widget, list[str]]]


def recording(monkeypatch: pytest.MonkeyPatch) -> Sent:
    """From now on, each update a widget sends to the browser: the widget and its keys."""
    sent: Sent = []
    update = widgets.Widget.send_state

    def recorded(self: widgets.Widget, key=None) -> None:
        sent.append((self, [key] if isinstance(key, str) else list(key or self.keys)))
        update(self, key)

    monkeypatch.setattr(widgets.Widget, "send_state", recorded)
    return sent


def workbook_bytes(rows: list[list[Any]], hidden_columns: tuple[str, ...] = ()) -> bytes:
    """An .xlsx file whose first sheet holds ``rows``, as Excel would save it, with the
    columns of those letters hidden."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    for letter in hidden_columns:
        book.active.column_dimensions[letter].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@contextmanager
def elsewhere() -> Iterator[None]:
    """Act as another process would: without the private keys held in this one, nor the
    token its answers were sent under."""
    from gaptools.steps import secret

    held, sent = dict(secret._keys), dict(secret._senders)
    secret._keys.clear()
    secret._senders.clear()
    try:
        yield
    finally:
        secret._keys.update(held)
        secret._senders.clear()
        secret._senders.update(sent)


#: What the file standing where the user's cache folder would go holds (the ``no_cache_folder``
#: fixture), untouched by whatever tried to keep something there.
NOT_A_FOLDER = "a file where the cache folder would go"
