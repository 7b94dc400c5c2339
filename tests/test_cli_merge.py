"""`gaptools merge SOURCE... --into WORKSHOP [--prefer SOURCE]` through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaptools.cli import main
from gaptools.core.model import Lens, SuccessDefinition, Workshop
from gaptools.files import store
from tests.support import written


@pytest.fixture
def facilitator(tmp_path: Path, example: Workshop) -> Path:
    example.success_definitions = [
        SuccessDefinition(participant="Tom Okafor", sentence="Brokers happier", lens=Lens.CUSTOMER)
    ]
    return written(example, tmp_path / "team.json")


def leaders_copy(facilitator: Path, name: str, sentence: str, who: str) -> Path:
    copy = store.load(facilitator)
    copy.success_definitions = [d for d in copy.success_definitions if d.participant != who] + [
        SuccessDefinition(participant=who, sentence=sentence, lens=Lens.COST)
    ]
    return written(copy, facilitator.with_name(name))


def test_copies_are_merged_and_conflicts_reported(
    facilitator: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dana = leaders_copy(facilitator, "dana.json", "Claims in days", "Dana Whitfield")
    tom = leaders_copy(facilitator, "tom.json", "Renewals faster", "Tom Okafor")
    assert main(["merge", str(dana), str(tom), "--into", str(facilitator)]) == 0
    out = capsys.readouterr().out
    assert "Added: 1 definition." in out
    assert "1 conflict" in out
    assert "Renewals faster" in out
    saved = {d.participant: d.sentence for d in store.load(facilitator).success_definitions}
    assert saved == {"Tom Okafor": "Brokers happier", "Dana Whitfield": "Claims in days"}
    assert main(["merge", str(tom), "--into", str(facilitator), "--prefer", str(tom)]) == 0
    saved = {d.participant: d.sentence for d in store.load(facilitator).success_definitions}
    assert saved["Tom Okafor"] == "Renewals faster"


def test_a_copy_of_another_workshop_changes_nothing(
    facilitator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = store.load(facilitator)
    other.meta.workshop_id = "feedfacefeedface"
    stranger = written(other, tmp_path / "stranger.json")
    dana = leaders_copy(facilitator, "dana.json", "Claims in days", "Dana Whitfield")
    before = facilitator.read_bytes()
    assert main(["merge", str(dana), str(stranger), "--into", str(facilitator)]) == 1
    err = capsys.readouterr().err
    assert "stranger.json is not a copy of this workshop" in err
    assert "Traceback" not in err
    assert facilitator.read_bytes() == before


def test_bad_input_and_usage(facilitator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    before = facilitator.read_bytes()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["merge", str(broken), "--into", str(facilitator)]) == 1
    assert "broken.json" in capsys.readouterr().err
    dana = leaders_copy(facilitator, "dana.json", "Claims in days", "Dana Whitfield")
    assert main(["merge", str(dana), "--into", str(facilitator), "--prefer", "x.json"]) == 2
    assert facilitator.read_bytes() == before


def test_a_new_workshop_gets_an_id_its_copies_share(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    assert main(["new", str(path)]) == 0
    other = tmp_path / "other.json"
    assert main(["new", str(other), "--example"]) == 0
    first, second = store.load(path).meta, store.load(other).meta
    assert len(first.workshop_id) == 12
    assert first.workshop_id != second.workshop_id
