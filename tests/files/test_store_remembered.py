"""Edits in a row build on what this process saved without decoding it again, and never on
a save made elsewhere meanwhile: the bytes on disk decide, not a time or a size."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from gaptools.core.model import Workshop
from gaptools.files import store
from tests.support import saved


def renamed(name: str) -> store.Change:
    def change(workshop: Workshop) -> None:
        workshop.initiatives[0].name = name

    return change


def refused_after_editing(given: list[Workshop]) -> store.Change:
    """A change that edits the workshop it is given (kept in ``given``), then is refused."""

    def change(workshop: Workshop) -> None:
        given.append(workshop)
        workshop.initiatives[0].name = ""

    return change


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The bytes each full parse of a file was given, in order."""
    seen: list[bytes] = []
    real = store.parse

    def counted(raw: bytes) -> Workshop:
        seen.append(raw)
        return real(raw)

    monkeypatch.setattr(store, "parse", counted)
    return seen


def test_the_next_edit_does_not_decode_its_own_save_again(
    workshop_file: Path, parses: list[bytes]
) -> None:
    store.edit(workshop_file, renamed("First name"))
    assert len(parses) == 1, "the first edit of a file reads it in full"
    second = store.edit(workshop_file, renamed("Second name"))
    assert len(parses) == 1, "the file holds this process's own save: nothing to decode"
    assert saved(workshop_file)["initiatives"][0]["name"] == "Second name"
    assert second.before["initiatives"][0]["name"] == "First name"


def test_an_edit_builds_on_a_save_made_elsewhere_of_the_same_size_and_time(
    workshop_file: Path, parses: list[bytes]
) -> None:
    store.edit(workshop_file, renamed("Alpha"))
    before = os.stat(workshop_file)
    # Another writer changes a name to one as long, and the file keeps its time and size:
    # nothing but the bytes tells the two versions apart.
    raw = workshop_file.read_bytes().replace(b'"Alpha"', b'"Omega"')
    workshop_file.write_bytes(raw)
    os.utime(workshop_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(workshop_file).st_size == before.st_size

    done = store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Claims team"))

    assert parses[-1] == raw, "the changed file is read afresh"
    assert done.before["initiatives"][0]["name"] == "Omega"
    assert saved(workshop_file)["initiatives"][0]["name"] == "Omega"
    assert saved(workshop_file)["meta"]["team"] == "Claims team"


def test_what_an_edit_says_it_saved_is_what_the_file_holds(workshop_file: Path) -> None:
    for name in ("One", "Two", "Three"):
        done = store.edit(workshop_file, renamed(name))
        assert done.after == saved(workshop_file)
        assert store.load(workshop_file) == done.workshop


def test_a_refused_edit_leaves_the_next_one_building_on_the_file(workshop_file: Path) -> None:
    store.edit(workshop_file, renamed("Kept"))
    raw = workshop_file.read_bytes()
    with pytest.raises(store.Refused):
        store.edit(workshop_file, renamed(""))
    assert workshop_file.read_bytes() == raw
    done = store.edit(workshop_file, lambda w: setattr(w.meta, "team", "After"))
    assert done.before["initiatives"][0]["name"] == "Kept"
    assert saved(workshop_file)["initiatives"][0]["name"] == "Kept"


def test_each_edit_and_load_gets_a_workshop_of_its_own(workshop_file: Path) -> None:
    """A change edits the object it is given in place: were it the one an earlier edit gave
    a form, a refused change would leave that form showing what was never saved."""
    first = store.edit(workshop_file, renamed("Mine"))
    held = first.workshop.model_dump(mode="json")
    given: list[Workshop] = []
    with pytest.raises(store.Refused):
        store.edit(workshop_file, refused_after_editing(given))
    assert given[0] is not first.workshop
    assert first.workshop.model_dump(mode="json") == held
    assert store.load(workshop_file) is not store.load(workshop_file)


def test_only_a_few_files_are_remembered(tmp_path: Path, example: Workshop) -> None:
    files = [tmp_path / f"w{n}.json" for n in range(store.REMEMBERED_FILES + 3)]
    for path in files:
        store.save(example, path)
        store.edit(path, lambda w: setattr(w.meta, "team", "Seen"))
    remembered: dict[str, Any] = store._remembered
    assert len(remembered) <= store.REMEMBERED_FILES
    assert os.path.abspath(files[-1]) in remembered
    assert os.path.abspath(files[0]) not in remembered


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every workshop validated, in order (what each costs a large workshop)."""
    seen: list[object] = []
    real = Workshop.model_validate.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Workshop], data: object, **kwargs: Any) -> Workshop:
        seen.append(data)
        return real(cls, data, **kwargs)

    monkeypatch.setattr(Workshop, "model_validate", classmethod(counted))
    return seen


def test_a_prepared_copy_is_what_the_next_edit_starts_from(
    workshop_file: Path, validations: list[object]
) -> None:
    store.edit(workshop_file, renamed("First"))
    store.prepare(workshop_file)
    ahead = len(validations)
    done = store.edit(workshop_file, renamed("Second"))
    assert len(validations) == ahead + 1, "only the changed workshop is validated"
    assert saved(workshop_file)["initiatives"][0]["name"] == "Second"
    assert done.before["initiatives"][0]["name"] == "First"
    assert done.after == saved(workshop_file)


def test_without_a_prepared_copy_an_edit_makes_its_own(
    workshop_file: Path, validations: list[object]
) -> None:
    store.edit(workshop_file, renamed("First"))
    ahead = len(validations)
    store.edit(workshop_file, renamed("Second"))
    assert len(validations) == ahead + 2


def test_a_prepared_copy_is_not_used_once_the_file_is_saved_elsewhere(
    workshop_file: Path, parses: list[bytes]
) -> None:
    store.edit(workshop_file, renamed("Alpha"))
    store.prepare(workshop_file)
    raw = workshop_file.read_bytes().replace(b'"Alpha"', b'"Omega"')
    workshop_file.write_bytes(raw)

    done = store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Claims team"))

    assert parses[-1] == raw
    assert done.workshop.initiatives[0].name == "Omega"
    assert saved(workshop_file)["initiatives"][0]["name"] == "Omega"


def test_a_prepared_copy_is_handed_to_one_edit_only(workshop_file: Path) -> None:
    store.edit(workshop_file, renamed("Mine"))
    store.prepare(workshop_file)
    store.prepare(workshop_file)  # asked twice before an edit: still one copy
    given: list[Workshop] = []
    with pytest.raises(store.Refused):
        store.edit(workshop_file, refused_after_editing(given))
    done = store.edit(workshop_file, lambda w: given.append(w) or None)
    assert given[1] is not given[0]
    assert given[1].initiatives[0].name == "Mine"
    assert not done.changed


def test_preparing_a_file_this_process_has_not_read_does_nothing(workshop_file: Path) -> None:
    store._remembered.pop(os.path.abspath(workshop_file), None)
    store.prepare(workshop_file)
    assert os.path.abspath(workshop_file) not in store._spares
