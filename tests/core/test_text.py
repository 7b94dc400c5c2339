"""Words the forms and exports share: lists that stay a line long."""

from __future__ import annotations

import pytest

from gaptools.core.text import some_of


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (0, ""),
        (1, "p1"),
        (3, "p1, p2, p3"),
        (4, "p1, p2, p3 and 1 more"),
        (10, "p1, p2, p3 and 7 more"),
    ],
)
def test_some_of_names_the_first_and_counts_the_rest(count: int, said: str) -> None:
    assert some_of([f"p{n}" for n in range(1, count + 1)], 3) == said
