"""Two notebooks on one workshop: a row edits the entry it shows, wherever that entry went.

Each test opens two forms on the same file, as a leader and the facilitator would, removes an
entry in one and then edits a row of the other that was drawn before the removal.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from gaptools.files import store
from gaptools.ui.contested import ContestedForm
from gaptools.ui.portfolio import PortfolioForm
from gaptools.ui.readiness import ReadinessForm
from gaptools.ui.session import WorkshopSession
from gaptools.ui.start import StartForm
from tests.ui.widgets import all_widgets, by_label, pick


def _open(path: Path) -> WorkshopSession:
    return WorkshopSession(path, store.load(path))


def _saved(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _status(form: Any) -> str:
    return html.unescape(form.form.status.widget.value)


def _row_widget(row: widgets.Widget, label: str) -> widgets.Widget:
    return by_label(row, label)


def test_an_edit_lands_on_its_own_definition_after_another_was_removed(
    workshop_path: Path,
) -> None:
    leader, facilitator = ContestedForm(_open(workshop_path)), ContestedForm(_open(workshop_path))
    definitions = _saved(workshop_path)["success_definitions"]
    first, third = definitions[0], definitions[2]
    facilitator_rows = [w for w in all_widgets(facilitator.widget) if _is_row(w, "Success means")]

    leader.remove(first["id"])
    _row_widget(facilitator_rows[2], "Success means").value = "A sharper sentence."

    after = {d["id"]: d for d in _saved(workshop_path)["success_definitions"]}
    assert first["id"] not in after
    assert after[third["id"]]["sentence"] == "A sharper sentence."
    others = [d for d in definitions[1:] if d["id"] != third["id"]]
    assert all(after[d["id"]] == d for d in others)
    assert f"{third['participant']}'s definition" in _status(facilitator)


def test_removing_names_the_initiative_that_went(workshop_path: Path) -> None:
    """A remove pressed on a stale row removes that row's initiative, and says so."""
    leader, facilitator = PortfolioForm(_open(workshop_path)), PortfolioForm(_open(workshop_path))
    initiatives = _saved(workshop_path)["initiatives"]
    leader.remove(initiatives[0]["id"])
    stale_third = facilitator.rows.children[2]
    remove = [w for w in all_widgets(stale_third) if isinstance(w, widgets.Button)][-1]
    remove.click()
    names = [i["name"] for i in _saved(workshop_path)["initiatives"]]
    assert initiatives[0]["name"] not in names
    assert initiatives[2]["name"] not in names
    assert initiatives[1]["name"] in names
    assert f"removed {initiatives[2]['name']}" in _status(facilitator)


def test_an_edit_to_a_removed_initiative_is_refused_not_moved(workshop_path: Path) -> None:
    leader, facilitator = PortfolioForm(_open(workshop_path)), PortfolioForm(_open(workshop_path))
    initiatives = _saved(workshop_path)["initiatives"]
    leader.remove(initiatives[1]["id"])
    before = workshop_path.read_bytes()
    _row_widget(facilitator.rows.children[1], "Sponsor").value = "Someone new"
    assert workshop_path.read_bytes() == before
    assert "removed meanwhile" in _status(facilitator)


def test_a_participant_edit_follows_the_participant(workshop_path: Path) -> None:
    leader, facilitator = StartForm(_open(workshop_path)), StartForm(_open(workshop_path))
    people = _saved(workshop_path)["meta"]["participants"]
    leader.remove(people[0]["id"])
    _row_widget(facilitator.participant_rows.children[3], "Role").value = "Chief Data Officer"
    after = {p["id"]: p for p in _saved(workshop_path)["meta"]["participants"]}
    assert after[people[3]["id"]]["role"] == "Chief Data Officer"
    assert people[0]["id"] not in after


def test_a_risk_edit_follows_the_risk(workshop_path: Path) -> None:
    leader, facilitator = ReadinessForm(_open(workshop_path)), ReadinessForm(_open(workshop_path))
    position = next(
        n
        for n, i in enumerate(_saved(workshop_path)["initiatives"])
        if len(i["readiness"]["risks"]) > 1
    )
    pick(leader, position)
    pick(facilitator, position)
    first, second = _saved(workshop_path)["initiatives"][position]["readiness"]["risks"][:2]
    leader.remove_risk(first["id"])
    stale_second = facilitator.risk_rows.children[2]  # 0 is the header
    _row_widget(stale_second, "Owner").value = "Aisha Karimi"
    risks = _saved(workshop_path)["initiatives"][position]["readiness"]["risks"]
    assert [r["id"] for r in risks][0] == second["id"]
    assert risks[0]["owner"] == "Aisha Karimi"


def _is_row(widget: widgets.Widget, label: str) -> bool:
    return isinstance(widget, widgets.HBox) and any(
        getattr(child, "tooltip", None) == label for child in widget.children
    )


def test_an_entry_added_elsewhere_keeps_the_rows_on_screen(workshop_path: Path) -> None:
    """Rows already drawn stay the same widgets, so text being typed in them is not wiped."""
    facilitator = PortfolioForm(_open(workshop_path))
    before = list(facilitator.rows.children)
    leader = PortfolioForm(_open(workshop_path))
    leader.new_name.value = "Supplier risk radar"
    leader.add()
    assert facilitator.session.poll()
    after = list(facilitator.rows.children)
    assert len(after) == len(before) + 1
    assert all(a is b for a, b in zip(after, before, strict=False))
