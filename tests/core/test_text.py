"""Words the forms and exports share: lists that stay a line long."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaptools.core.text import shorten, shorten_apart, some_of


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


@given(
    st.text(alphabet="ab c", min_size=0, max_size=300),
    st.text(alphabet="ab cd", min_size=0, max_size=40),
    st.text(alphabet="ab ce", min_size=0, max_size=40),
    st.integers(min_value=12, max_value=120),
)
def test_two_texts_shortened_apart_still_read_apart(
    shared: str, one: str, other: str, limit: int
) -> None:
    """Two kill criteria alike for their first 90 characters were quoted alike, cut at 80:
    a reader could not see what to agree on. Shortened apart, two texts that differ (their
    spacing aside) read differently, each within the limit."""
    first, second = shared + one, shared + other
    cut = shorten_apart(first, second, limit)
    assert all(len(text) <= limit for text in cut)
    if " ".join(first.split()) != " ".join(second.split()):
        assert cut[0] != cut[1]
    else:
        assert cut[0] == cut[1]


def test_texts_that_part_early_are_shortened_as_ever() -> None:
    one, other = "Stop if the error rate " + "x " * 60, "Stop when costs " + "y " * 60
    assert shorten_apart(one, other, 40) == (shorten(one, 40), shorten(other, 40))
