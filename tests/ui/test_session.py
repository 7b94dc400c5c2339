"""The session every form edits through: validate, save at once, refuse cleanly, undo."""

from __future__ import annotations

import json
from pathlib import Path

from gaptools.core.model import Participant, Workshop
from gaptools.files import store
from gaptools.ui.session import WorkshopSession


def _on_disk(path: Path) -> dict:
    return json.loads(path.read_text())


def test_an_accepted_change_is_on_disk_at_once(session: WorkshopSession, workshop_path: Path):
    outcome = session.update(lambda w: setattr(w.meta, "team", "Finance leadership"), "Team")
    assert outcome.ok
    assert "Saved" in outcome.message()
    assert _on_disk(workshop_path)["meta"]["team"] == "Finance leadership"
    assert session.workshop.meta.team == "Finance leadership"


def test_a_refused_change_leaves_model_and_file_untouched(session, workshop_path: Path):
    before = workshop_path.read_bytes()
    outcome = session.update(lambda w: setattr(w.meta, "team", "x" * 500), "Team")
    assert not outcome.ok
    assert "too long" in outcome.message()
    assert outcome.message().startswith("Not saved · Team")
    assert workshop_path.read_bytes() == before
    assert session.workshop.meta.team == "Claims and Customer Operations leadership"


def test_duplicate_participant_is_refused_in_plain_words(session, workshop_path: Path):
    first = session.workshop.meta.participants[0].name
    outcome = session.update(
        lambda w: w.meta.participants.append(Participant(name=f"  {first.upper()} ")), "add"
    )
    assert not outcome.ok
    assert f"two participants are called '{first.upper()}'" in outcome.message()
    assert len(_on_disk(workshop_path)["meta"]["participants"]) == 8


def test_a_wrong_type_from_a_widget_is_refused(session):
    outcome = session.update(lambda w: setattr(w.meta, "date", None), "Workshop date")
    assert not outcome.ok
    assert outcome.problems[0][0] == "meta.date"


def test_undo_restores_the_previous_version_on_disk(session, workshop_path: Path):
    original = _on_disk(workshop_path)["meta"]["team"]
    session.update(lambda w: setattr(w.meta, "team", "One"), "Team")
    session.update(lambda w: setattr(w.meta, "team", "Two"), "Team")
    assert session.undo().ok
    assert _on_disk(workshop_path)["meta"]["team"] == "One"
    assert session.undo().ok
    assert _on_disk(workshop_path)["meta"]["team"] == original
    assert not session.can_undo
    assert not session.undo().ok


def test_listeners_follow_changes_and_undo(session):
    seen: list[str] = []
    session.subscribe(lambda w: seen.append(w.meta.team))
    session.update(lambda w: setattr(w.meta, "team", "A"), "Team")
    session.undo()
    assert seen == ["A", "Claims and Customer Operations leadership"]


def test_a_save_from_another_notebook_is_not_overwritten(session, workshop_path: Path):
    other = WorkshopSession(workshop_path, store.load(workshop_path))
    other.update(lambda w: setattr(w.meta, "facilitator", "Sam from the other tab"), "Facilitator")
    session.update(lambda w: setattr(w.meta, "team", "This tab's team"), "Team")
    saved = _on_disk(workshop_path)["meta"]
    assert saved["facilitator"] == "Sam from the other tab"
    assert saved["team"] == "This tab's team"


def test_a_file_broken_meanwhile_is_not_overwritten(session, workshop_path: Path):
    workshop_path.write_text('{"schema_version": 1, "meta": ')
    outcome = session.update(lambda w: setattr(w.meta, "team", "Anything"), "Team")
    assert not outcome.ok
    assert "not valid JSON" in outcome.message()
    assert workshop_path.read_text() == '{"schema_version": 1, "meta": '


def test_switch_opens_another_workshop_and_remembers_it(session, tmp_path: Path):
    from gaptools.files import home

    other = tmp_path / "home" / "other.json"
    other.parent.mkdir(parents=True, exist_ok=True)
    store.save(Workshop.model_validate({"meta": {"date": "2027-01-10", "team": "Other"}}), other)
    session.switch(other)
    assert session.workshop.meta.team == "Other"
    assert home.current_workshop() == other.resolve()
    assert WorkshopSession.open().workshop.meta.team == "Other"
