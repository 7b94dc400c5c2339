"""The workshop model's validator is built from a schema kept between processes: it must
validate, refuse and dump exactly as the validator pydantic builds, and anything wrong with
what is kept must only cost the time of building it afresh."""

from __future__ import annotations

import copy
import json
import math
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from gaptools.core.model import Workshop
from gaptools.core.resources import EXAMPLE_WORKSHOP, data_file
from gaptools.files import validator_cache
from gaptools.files.store import atomic_write
from gaptools.files.synthetic import synthetic_workshop

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "gaptools" / validator_cache.KIND


def example() -> dict[str, Any]:
    return json.loads(data_file(EXAMPLE_WORKSHOP).read_text(encoding="utf-8"))


def _first(data: dict[str, Any]) -> dict[str, Any]:
    return data["initiatives"][0]


#: Ways a person breaks a workshop by hand, each refused by a different kind of rule: a
#: pattern, a bound, an enum, a date, an unknown key, NaN, and rules that span entries.
BROKEN: dict[str, Callable[[dict[str, Any]], object]] = {
    "id against its pattern": lambda d: _first(d).update(id="not an id!"),
    "confidence above 100": lambda d: _first(d)["priority"].update(confidence=150),
    "a stage no one knows": lambda d: _first(d).update(stage="launched"),
    "the 30th of February": lambda d: _first(d)["value"].update(due="2027-02-30"),
    "an unknown key": lambda d: _first(d).update(colour="green"),
    "effort that is not a number": lambda d: _first(d).update(effort_weeks=math.nan),
    "two initiatives of one name": lambda d: d["initiatives"][1].update(
        name=_first(d)["name"].upper()
    ),
    "a control character in a name": lambda d: _first(d).update(name="Claims\x1b[2J"),
    "a participant twice": lambda d: d["meta"]["participants"].append(d["meta"]["participants"][0]),
}


def kept_pair(cache_home: Path) -> tuple[Any, Any]:
    """The validator and serializer built from the schema ``ready`` keeps for the workshop."""
    kept = validator_cache.kept_file(Workshop)
    assert kept is not None
    assert kept.parent == cache_home
    if not kept.exists():
        validator_cache._keep(Workshop, kept, atomic_write)  # noqa: SLF001  (as the first process to read one)
    pair = validator_cache.kept_validator(kept)
    assert pair is not None
    return pair


def test_the_kept_schema_validates_and_dumps_as_pydantic_builds_it(cache_home: Path) -> None:
    validator, serializer = kept_pair(cache_home)
    padded = example()
    _first(padded)["name"] = f"  {_first(padded)['name']}  "  # stripped by both
    for data in (example(), padded, synthetic_workshop(200).model_dump(mode="json")):
        built = Workshop.model_validate(data)
        kept = validator.validate_python(data)
        assert type(kept) is Workshop
        assert kept == built
        assert serializer.to_json(kept) == Workshop.__pydantic_serializer__.to_json(built)
        assert kept.model_dump_json() == built.model_dump_json()


@pytest.mark.parametrize("broken", BROKEN, ids=list(BROKEN))
def test_the_kept_schema_refuses_in_the_same_words(cache_home: Path, broken: str) -> None:
    validator, _ = kept_pair(cache_home)
    data = example()
    BROKEN[broken](data)
    with pytest.raises(ValidationError) as built:
        Workshop.model_validate(copy.deepcopy(data))
    with pytest.raises(ValidationError) as kept:
        validator.validate_python(copy.deepcopy(data))
    # As JSON: a rule's own error is an exception object, equal to no other.
    assert kept.value.json() == built.value.json()
    assert len(kept.value.errors()) == len(built.value.errors()) >= 1


def _python(code: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """``code`` in a new interpreter, with the cache folder given: a process that has built no
    validator yet, as each command starts."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )


LOAD = (
    "from gaptools.core.resources import EXAMPLE_WORKSHOP, data_file\n"
    "from gaptools.files import store\n"
    "print(len(store.load(data_file(EXAMPLE_WORKSHOP)).initiatives))\n"
)
#: Generating a schema is what the kept one spares: here it fails, to show it is not done.
NO_GENERATING = (
    "from pydantic._internal import _generate_schema\n"
    "def refused(*args, **kwargs):\n"
    "    raise SystemExit('a schema was generated')\n"
    "_generate_schema.GenerateSchema.generate_schema = refused\n"
)


def test_the_first_process_keeps_the_schema_and_the_next_generates_none(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    initiatives = str(len(example()["initiatives"]))
    refused = _python(NO_GENERATING + LOAD, cache)
    assert "a schema was generated" in refused.stderr  # nothing kept yet: pydantic builds it

    first = _python(LOAD, cache)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == [initiatives]
    kept = list((cache / "gaptools" / validator_cache.KIND).glob("Workshop-*.pickle"))
    assert len(kept) == 1

    second = _python(NO_GENERATING + LOAD, cache)
    assert second.returncode == 0, second.stderr
    assert second.stdout.split() == [initiatives]


class Tiny(BaseModel):
    """A model of this test's own, built when ``ready`` says (the workshop's is long built)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")
    name: str
    weeks: float = 1.0


@pytest.fixture
def tiny() -> type[BaseModel]:
    """``Tiny`` as a process that has not validated one yet finds it."""
    fresh = type("Tiny", (Tiny,), {"__module__": __name__})
    globals()["Tiny"] = fresh  # the schema names the class: it must be found under its name
    yield fresh
    globals()["Tiny"] = Tiny
    validator_cache._done.discard(fresh)  # noqa: SLF001


def test_a_damaged_file_costs_a_build_and_is_replaced(
    cache_home: Path, tiny: type[BaseModel]
) -> None:
    kept = validator_cache.kept_file(tiny)
    assert kept is not None
    kept.write_bytes(b"\x80\x05 not what was kept")
    stale = kept.with_name("Tiny-000000000000000000000000.pickle")
    stale.write_bytes(b"from an earlier version")
    validator_cache.ready(atomic_write, tiny)
    assert tiny.__pydantic_complete__
    assert tiny.model_validate({"name": "Claims"}).weeks == 1.0
    assert validator_cache.kept_validator(kept) is not None
    assert not stale.exists()


def test_no_cache_folder_still_validates(no_cache_folder: Path, tiny: type[BaseModel]) -> None:
    assert validator_cache.kept_file(tiny) is None
    validator_cache.ready(atomic_write, tiny)
    with pytest.raises(ValidationError):
        tiny.model_validate({"name": "Claims", "colour": "green"})


def test_a_changed_source_names_another_file(tmp_path: Path) -> None:
    source = tmp_path / "model.py"
    source.write_text("class Workshop: ...\n")
    before = validator_cache.key([source])
    assert validator_cache.key([source]) == before
    source.write_text("class Workshop:  # a rule added\n    ...\n")
    assert validator_cache.key([source]) != before


def test_the_workshop_model_is_known_by_the_whole_core_layer() -> None:
    sources = validator_cache.model_sources(Workshop)
    names = {path.name for path in sources}
    assert {"model.py", "text.py", "__init__.py"} <= names
    assert {path.parent for path in sources} == {REPO / "gaptools" / "core"}


def test_a_schema_part_loses_its_metadata_and_a_field_of_that_name_stays() -> None:
    schema = {
        "type": "model-fields",
        "metadata": {"pydantic_js_functions": [print]},
        "fields": {"metadata": {"type": "model-field", "metadata": {}, "schema": {"type": "str"}}},
    }
    assert validator_cache.without_metadata(schema) == {
        "type": "model-fields",
        "fields": {"metadata": {"type": "model-field", "schema": {"type": "str"}}},
    }
