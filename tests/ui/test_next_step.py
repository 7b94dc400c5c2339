"""Every form ends by pointing at the next step that exists, as the registry orders them."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from gaptools.steps import registry
from gaptools.ui.session import WorkshopSession
from tests.support import view

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
FORMS = {
    "start": "StartForm",
    "portfolio": "PortfolioForm",
    "contested": "ContestedForm",
    "value": "ValueForm",
    "ownership": "OwnershipForm",
    "readiness": "ReadinessForm",
    "prioritise": "PrioritiseForm",
    "bet": "BetForm",
    "change": "ChangeForm",
    "learning": "LearningForm",
    "export": "ExportForm",
}


@pytest.mark.parametrize("module", sorted(FORMS))
def test_the_form_links_to_the_next_step(module: str, session: WorkshopSession) -> None:
    ui = importlib.import_module(f"gaptools.ui.{module}")
    form = getattr(ui, FORMS[module])(session)
    last = view(form.widget, "class='gaptools-next'")
    assert form.widget.children[-1] is last  # the form ends with it
    following = registry.next_step(ui.STEP)
    if following is None:
        assert "last step" in last.value
        assert registry.steps()[-1].key == ui.STEP
        return
    assert f"href='{registry.notebook_url(following)}'" in last.value
    assert f"step {following.number} · {following.title}" in last.value
    assert (NOTEBOOKS / registry.notebook_url(following)).is_file()


def test_every_step_has_a_form() -> None:
    steps = {importlib.import_module(f"gaptools.ui.{m}").STEP for m in FORMS}
    assert steps == {s.key for s in registry.steps()}
