"""The workshop model's compiled validator, kept between processes.

pydantic builds a model's validator the first time the model validates, by generating its
schema in Python: for the workshop's model that took about 40 ms (35 to 55), in every process
that reads a workshop, a seventh of ``gaptools status`` on 1,000 initiatives, and as much of
every kernel's first form. The schema depends only on the model's source (the core layer,
which imports nothing else of gaptools) and on pydantic's and Python's versions, so it is
kept, under a key made of those, in the user's cache folder. The next process builds the
validator and serializer from it, as pydantic itself would from the schema it generates: with
reading the file and checking the key, about 10 ms.

What is kept is the schema pydantic's validator was built from, pickled: its classes and
functions are named, not copied, so they are those of the model as imported. The metadata
pydantic keeps beside each part for JSON Schema generation (functions made on the fly) is
left out: neither the validator nor the serializer reads it. Whatever fails (no cache folder,
a file damaged or from elsewhere, a pydantic that pickles its validator otherwise) is passed
over, and the validator is built as pydantic builds it.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core
from pydantic import BaseModel

from gaptools.core.model import Workshop
from gaptools.files.cache import made_cache_folder

KIND = "validators"
Writer = Callable[[Path, bytes], None]
_done: set[type[BaseModel]] = set()


def ready(write: Writer, model: type[BaseModel] = Workshop) -> None:
    """Make ``model``'s validator now, from the kept schema when there is one, else as pydantic
    does, keeping its schema with ``write`` (the store's ``atomic_write``, given by the store,
    which calls this before a workshop is validated). Once per process and model; nothing when
    pydantic has built it."""
    if model in _done:
        return
    _done.add(model)
    if model.__pydantic_complete__:
        return
    kept = kept_file(model)
    compiled = None if kept is None else kept_validator(kept)
    if compiled is not None:
        model.__pydantic_validator__, model.__pydantic_serializer__ = compiled  # type: ignore[assignment]
        return
    if kept is not None:
        _keep(model, kept, write)  # else pydantic builds it when first used, as it always did


def kept_file(model: type[BaseModel]) -> Path | None:
    """Where ``model``'s schema is kept; None where nothing can be (no cache folder, or no
    source to tell one version of the model from another)."""
    sources = model_sources(model)
    folder = made_cache_folder(KIND) if sources else None
    return None if folder is None else folder / f"{model.__name__}-{key(sources)}.pickle"


def key(sources: list[Path]) -> str:
    """What a model's schema depends on: its sources, pydantic's version and Python's. A change
    to any of them names another file."""
    digest = hashlib.sha256()
    for part in (pydantic.VERSION, pydantic_core.__version__, sys.version):
        digest.update(part.encode() + b"\0")
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def model_sources(model: type[BaseModel]) -> list[Path]:
    """The source files of the model's package (for the workshop, ``gaptools.core``: the layer
    below every other, so the only gaptools code its schema can hold)."""
    path = getattr(sys.modules.get(model.__module__), "__file__", None)
    return sorted(Path(path).parent.glob("*.py")) if path else []


def kept_validator(
    kept: Path,
) -> tuple[pydantic_core.SchemaValidator, pydantic_core.SchemaSerializer] | None:
    """The validator and serializer built from the schema kept in ``kept``; None when it is
    missing, damaged or was written by another pydantic."""
    try:
        schema, config = pickle.loads(kept.read_bytes())  # noqa: S301  (the user's own cache)
        return (
            pydantic_core.SchemaValidator(schema, config),
            pydantic_core.SchemaSerializer(schema, config),
        )
    except Exception:  # noqa: BLE001  (built afresh instead)
        return None


def _keep(model: type[BaseModel], kept: Path, write: Writer) -> None:
    """Build ``model``'s validator as pydantic does, and keep the schema it was built from."""
    model.model_rebuild()
    try:
        _, (schema, config, *_) = model.__pydantic_validator__.__reduce__()  # type: ignore[misc]
        data = pickle.dumps((without_metadata(schema), config), protocol=pickle.HIGHEST_PROTOCOL)
        write(kept, data)
    except Exception:  # noqa: BLE001  (kept next time, or never: either way it validates)
        return
    for stale in kept.parent.glob(f"{model.__name__}-*.pickle"):
        if stale != kept:
            stale.unlink(missing_ok=True)


def without_metadata(schema: Any) -> Any:
    """The schema without the ``metadata`` entries pydantic keeps for JSON Schema generation,
    which hold functions made on the fly and are read by neither validator nor serializer.
    Only a part of the schema (a mapping with a ``type`` word) loses one: a mapping of field
    names keeps a field that happens to be called so."""
    if isinstance(schema, dict):
        part_of_schema = isinstance(schema.get("type"), str)
        return {
            name: without_metadata(part)
            for name, part in schema.items()
            if not (part_of_schema and name == "metadata")
        }
    if isinstance(schema, list):
        return [without_metadata(part) for part in schema]
    return schema
