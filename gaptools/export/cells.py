"""Report cells that carry what they stand for, so the workbook holds numbers and dates.

The report prints "45%", "18 Nov 2026 → 23 Dec 2026" and "2–3"; a PMO who opens the workbook
wants to sort, filter and sum them. A ``Figure`` is that text, which every text writer (HTML,
Markdown, PDF) uses as it is, with the values behind it, which the workbook writes instead.
A ``Split`` heading names the workbook's columns for a cell of several values ("Dates" as
"Starts" and "Ends").
"""

from __future__ import annotations


class Share(float):
    """A fraction of one, which a workbook holds as the number and shows in per cent."""


class Figure(str):
    """Text as the report prints it, with the values a workbook holds in its place (None for
    a value not given: an empty cell, which sums as nothing, rather than a word)."""

    values: tuple[object, ...]

    def __new__(cls, text: str, *values: object) -> Figure:
        cell = super().__new__(cls, text)
        cell.values = values
        return cell


class Split(str):
    """A heading as the report prints it, and the headings of the columns a workbook splits
    its ``Figure`` cells into, one for each value."""

    parts: tuple[str, ...]

    def __new__(cls, text: str, *parts: str) -> Split:
        heading = super().__new__(cls, text)
        heading.parts = parts or (text,)
        return heading


def parts(heading: str) -> tuple[str, ...]:
    """The workbook's headings for a report column: its ``Split`` parts, or itself."""
    return heading.parts if isinstance(heading, Split) else (heading,)
