"""Large, varied, deterministic workshops for benchmarks and scale tests.

Real workshops have 10–30 initiatives; transformation offices roll up hundreds. These are
built from the example workshop so every field a step reads has realistic content.
"""

from __future__ import annotations

import random

from gaptools import store
from gaptools.model import Category, Stage, Workshop
from gaptools.resources import EXAMPLE_WORKSHOP, data_file


def synthetic_workshop(initiatives: int, seed: int = 7) -> Workshop:
    """The example workshop grown to ``initiatives`` initiatives with distinct names."""
    rng = random.Random(seed)
    example = store.load(data_file(EXAMPLE_WORKSHOP))
    templates = example.initiatives
    grown = []
    for number in range(initiatives):
        source = templates[number % len(templates)].model_copy(deep=True)
        source.name = f"{source.name} #{number + 1}"
        source.stage = rng.choice(list(Stage))
        source.category = rng.choice(list(Category))
        source.effort_weeks = round(rng.uniform(1, 30), 1)
        grown.append(source)
    return example.model_copy(update={"initiatives": grown})
