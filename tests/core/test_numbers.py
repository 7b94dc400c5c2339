"""Numbers as a leader reads them on a slide: the expected strings are written out by hand."""

from __future__ import annotations

import math

import pytest

from gaptools.core.numbers import (
    Magnitude,
    currency_symbol,
    format_change,
    format_quantity,
    percent,
    plain,
    shared_scale,
    typed_unit,
    unit_agrees,
    unit_parts,
    with_unit,
)

MINUS = "\u2212"  # the typographic minus a slide shows, not the hyphen


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0.0, "0"),
        (7.0, "7"),
        (18.0, "18"),
        (2.1, "2.1"),
        (0.25, "0.25"),
        (0.004, "0.004"),
        (0.005, "0.005"),
        (0.03, "0.03"),
        (0.0125, "0.013"),
        (0.000123, "0.00012"),
        (0.099999, "0.1"),
        (1e-12, "0"),
        (3.14159, "3.14"),
        (9.5, "9.5"),
        (420.0, "420"),
        (1000.0, "1,000"),
        (1200.0, "1,200"),
        (1234.5, "1,234.5"),
        (12500.0, "12,500"),
        (12500.4, "12,500"),
        (999_999.0, "999,999"),
        (1_000_000.0, "1 million"),
        (1_200_000.0, "1.2 million"),
        (1_250_000.0, "1.25 million"),
        (650_000_000.0, "650 million"),
        (2_500_000_000.0, "2.5 billion"),
        (3_000_000_000_000.0, "3 trillion"),
    ],
)
def test_plain_reads_like_a_slide(number: float, text: str) -> None:
    """Thousands get commas, at most two decimals, no trailing zeros, big ones get a word."""
    assert plain(number) == text


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (-10.0, f"{MINUS}10"),
        (-2.5, f"{MINUS}2.5"),
        (-12500.0, f"{MINUS}12,500"),
        (-1_200_000.0, f"{MINUS}1.2 million"),
    ],
    ids=["ten", "decimal", "thousands", "millions"],
)
def test_negatives_use_the_typographic_minus(number: float, text: str) -> None:
    """A hyphen next to a number reads as a dash on a projector; the minus sign does not."""
    assert plain(number) == text
    assert "-" not in plain(number)


@pytest.mark.parametrize("number", [math.inf, -math.inf, math.nan])
def test_non_numbers_show_as_an_ellipsis(number: float) -> None:
    """Infinity or NaN is never printed as 'inf' or 'nan' in front of a room."""
    assert plain(number) == "…"


@pytest.mark.parametrize(
    ("number", "text"),
    [(1500, "1,500"), (-1500, f"{MINUS}1,500"), (7, "7")],
    ids=["thousands", "negative-thousands", "small"],
)
def test_plain_accepts_whole_numbers(number: int, text: str) -> None:
    """A whole number is a number too (the type hint 'float' admits int); it must not raise."""
    assert plain(number) == text


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (999.999, "1,000"),
        (999_999.7, "1 million"),
        (999_999_999.0, "1 billion"),
    ],
)
def test_rounding_up_to_the_next_size_reads_as_that_size(number: float, text: str) -> None:
    """Rounding that reaches 1,000 / a million / a billion must be written like that number,
    not as '1000' or '1000 million'."""
    assert plain(number) == text


@pytest.mark.parametrize(
    ("unit", "symbol"),
    [
        ("GBP", "£"),
        ("gbp", "£"),
        (" USD ", "$"),
        ("EUR", "€"),
        ("JPY", "¥"),
        ("INR", "₹"),
        ("CHF", "CHF "),
        ("£", "£"),
        ("$", "$"),
        ("€", "€"),
    ],
)
def test_currency_codes_and_symbols_are_recognised(unit: str, symbol: str) -> None:
    assert currency_symbol(unit) == symbol


@pytest.mark.parametrize("unit", ["", "minutes", "%", "claims", "points", "GB", "pounds"])
def test_other_units_are_not_currencies(unit: str) -> None:
    assert currency_symbol(unit) is None


@pytest.mark.parametrize(
    ("number", "unit", "text"),
    [
        (35.0, "%", "35%"),
        (2.1, "%", "2.1%"),
        (0.5, " % ", "0.5%"),
        (1_200_000.0, "GBP", "£1.2 million"),
        (1_800_000.0, "£", "£1.8 million"),
        (50_000.0, "USD", "$50,000"),
        (2_500_000_000.0, "$", "$2.5 billion"),
        (12.5, "CHF", "CHF 12.5"),
        (-5.0, "GBP", f"{MINUS}£5"),
        (-1500.0, "€", f"{MINUS}€1,500"),
        (12500.0, "claims", "12,500"),
        (18.0, "minutes", "18"),
        (3.1, "", "3.1"),
        (None, "GBP", "…"),
        (None, "", "…"),
    ],
)
def test_format_quantity(number: float | None, unit: str, text: str) -> None:
    """%, and currencies stick to the number (the sign goes before the symbol); other units are
    left for the sentence to add after the target."""
    assert format_quantity(number, unit) == text


@pytest.mark.parametrize(
    ("unit", "parts"),
    [
        ("£ per year", ("£", "per year")),
        ("$ per claim", ("$", "per claim")),
        ("GBP per year", ("£", "per year")),
        ("usd/claim", ("$", "/claim")),
        ("GBP", ("£", "")),
        ("GBP £", ("£", "")),
        ("USD $", ("$", "")),
        ("£ GBP per year", ("£", "per year")),
        ("EUR $", ("€", "$")),
        ("minutes", ("", "minutes")),
        ("£k", ("", "£k")),
        ("% of calls", ("", "% of calls")),
        ("points per user", ("", "points per user")),
    ],
)
def test_a_currency_leads_a_unit_and_the_rest_follows(unit: str, parts: tuple[str, str]) -> None:
    assert unit_parts(unit) == parts


@pytest.mark.parametrize(
    ("number", "unit", "written"),
    [
        (900_000, "£ per year", "£900,000 per year"),
        (4.5, "$ per claim", "$4.5 per claim"),
        (12, "GBP/claim", "£12/claim"),
    ],
)
def test_a_currency_with_a_rate_reads_as_said(number: float, unit: str, written: str) -> None:
    """ "£ per year" read "900,000 £ per year": the symbol goes on the number."""
    assert with_unit(number, unit) == written


def test_an_absolute_change_in_a_rate_reads_as_said() -> None:
    moved = Magnitude(250_000.0, None, "increase")
    assert format_change(moved, "£ per year") == "+£250,000 per year"


@pytest.mark.parametrize(
    ("numbers", "texts"),
    [
        ((1_200_000, 900_000), ("1.2 million", "0.9 million")),
        ((900_000, 1_200_000), ("0.9 million", "1.2 million")),
        ((2_500_000_000, 400_000_000), ("2.5 billion", "0.4 billion")),
        ((-1_200_000, 300_000), (f"{MINUS}1.2 million", "0.3 million")),
        ((0, 1_200_000), ("0", "1.2 million")),
        ((2_000_000, 50_000), ("2 million", "50,000")),  # 0.05 million would hide digits
        ((400_000, 650_000), ("400,000", "650,000")),
    ],
)
def test_numbers_of_one_sentence_share_one_size(
    numbers: tuple[float, float], texts: tuple[str, str]
) -> None:
    """ "1.2 million to 900,000" reads as two kinds of number."""
    scale = shared_scale(*numbers)
    assert tuple(plain(n, scale) for n in numbers) == texts


@pytest.mark.parametrize(
    ("moved", "unit", "text"),
    [
        # 420 -> 360: -60 / 420 = -14.29 %, shown to whole percent from 10 % up
        (Magnitude(-60.0, -60 / 420, "decrease"), "seconds", f"{MINUS}14%"),
        # 1.2 m -> 1.8 m: +0.6 / 1.2 = +50 %
        (Magnitude(600_000.0, 0.5, "increase"), "GBP", "+50%"),
        # 3.1 -> 3.8: +0.7 / 3.1 = +22.58 %
        (Magnitude(0.7, 0.7 / 3.1, "increase"), "PRs", "+23%"),
        # 100 -> 105: +5 %, below 10 % one decimal is kept (and trimmed)
        (Magnitude(5.0, 0.05, "increase"), "", "+5%"),
        # 200 -> 215: +7.5 %
        (Magnitude(15.0, 0.075, "increase"), "", "+7.5%"),
        # 100 -> 0: everything gone
        (Magnitude(-100.0, -1.0, "decrease"), "", f"{MINUS}100%"),
        # 10 -> 99: +890 %, still a percentage below 1000 %
        (Magnitude(89.0, 8.9, "increase"), "", "+890%"),
    ],
)
def test_relative_change_in_percent(moved: Magnitude, unit: str, text: str) -> None:
    assert format_change(moved, unit) == text


@pytest.mark.parametrize(
    ("moved", "text"),
    [
        (Magnitude(35.0, 1.0, "increase"), "+35 percentage points"),
        (Magnitude(-3.5, -3.5 / 9.5, "decrease"), f"{MINUS}3.5 percentage points"),
        (Magnitude(0.9, 0.9 / 2.1, "increase"), "+0.9 percentage points"),
        (Magnitude(70.0, None, "increase"), "+70 percentage points"),
    ],
)
def test_a_percentage_moves_in_percentage_points(moved: Magnitude, text: str) -> None:
    """35 % -> 70 % is +35 points, not +100 %: the relative change would mislead."""
    assert format_change(moved, "%") == text


@pytest.mark.parametrize(
    ("moved", "unit", "text"),
    [
        (Magnitude(30.0, None, "increase"), "", "+30"),
        (Magnitude(30.0, None, "increase"), "NPS points", "+30 NPS points"),
        (Magnitude(5.0, None, "increase"), "incidents", "+5 incidents"),
        (Magnitude(-500.0, None, "decrease"), "GBP", f"{MINUS}£500"),
        (Magnitude(50_000.0, None, "increase"), "USD", "+$50,000"),
        (Magnitude(-12_500.0, None, "decrease"), "claims", f"{MINUS}12,500 claims"),
        (Magnitude(2_000_000.0, None, "increase"), "€", "+€2 million"),
    ],
)
def test_without_a_relative_change_the_absolute_one_is_shown(
    moved: Magnitude, unit: str, text: str
) -> None:
    """From 0 or from a negative baseline a percentage means nothing: show the amount."""
    assert format_change(moved, unit) == text


@pytest.mark.parametrize(
    ("moved", "text"),
    [
        # 1 -> 50: 49 times more is +4,900 %; "×50" is what a person says
        (Magnitude(49.0, 49.0, "increase"), "×50"),
        # 2 -> 22: +1,000 %, the first that switches
        (Magnitude(20.0, 10.0, "increase"), "×11"),
        # 1 -> 1,000,001
        (Magnitude(1_000_000.0, 1_000_000.0, "increase"), "×1,000,001"),
    ],
)
def test_huge_relative_changes_read_as_times(moved: Magnitude, text: str) -> None:
    assert format_change(moved, "") == text


@pytest.mark.parametrize(
    ("relative", "text"),
    [
        (-0.99999999990280, f"almost {MINUS}100%"),  # €123.46 trillion to €0.000012
        (-0.996, f"almost {MINUS}100%"),
        (-0.994, f"{MINUS}99%"),
        (-1.0, f"{MINUS}100%"),  # to zero: gone, as it reads
        (0.996, "+100%"),  # doubled, near enough
    ],
)
def test_a_cut_short_of_all_never_reads_as_all(relative: float, text: str) -> None:
    """A value cut from €123 trillion to €0.000012 read "(−100%)": gone, which it was not."""
    assert format_change(Magnitude(relative, relative, "decrease"), "") == text


@pytest.mark.parametrize(
    ("number", "unit", "written"),
    [
        (70, "%", "70%"),
        (70, " % ", "70%"),
        (1200, "GBP", "£1,200"),
        (12, "minutes", "12 minutes"),
        (3.5, "", "3.5"),
    ],
)
def test_a_number_with_its_unit_reads_as_the_value_sentence_writes_it(
    number: float, unit: str, written: str
) -> None:
    assert with_unit(number, unit) == written


@pytest.mark.parametrize(
    ("typed", "unit"),
    [
        ("60%", "%"),
        (" 85 % ", "%"),
        ("£1,200", "£"),
        ("-$40", "$"),
        ("~€3.5", "€"),
        ("40 €", "€"),  # written after the number, as much of Europe writes it
        ("1,2 M€", "€"),
        ("1200", ""),
        ("12 minutes", ""),
        ("", ""),
        (None, ""),
        (42, ""),
    ],
)
def test_the_unit_written_on_a_typed_number(typed: object, unit: str) -> None:
    assert typed_unit(typed) == unit


@pytest.mark.parametrize(
    ("unit", "typed", "agrees"),
    [
        ("%", "%", True),
        ("percent", "%", True),
        ("% of calls", "%", True),
        ("Percentage points", "%", True),
        ("CSAT points", "%", False),
        ("minutes", "%", False),
        ("GBP", "£", True),
        ("£", "£", True),
        ("£k", "£", True),
        ("AUD", "$", True),
        ("GBP", "$", False),
        ("EUR", "£", False),
        ("claims", "$", False),
    ],
)
def test_a_number_typed_with_its_unit_agrees_with_the_unit_given(
    unit: str, typed: str, agrees: bool
) -> None:
    assert unit_agrees(unit, typed) is agrees


@pytest.mark.parametrize(
    ("share", "text"),
    [(0.125, "13%"), (0.625, "63%"), (0.375, "38%"), (0.145, "15%"), (1 / 3, "33%"), (0, "0%")],
)
def test_a_share_rounds_a_half_away_from_zero(share: float, text: str) -> None:
    """12.5% read "12%" and 62.5% "62%" (Python gives a half to the even digit), and 14.5%
    "14%" (0.145 is stored as 0.14499…)."""
    assert percent(share) == text


def test_a_relative_change_rounds_a_half_away_from_zero() -> None:
    """A move from 80 to 70 is −12.5%, which read "−12%"."""
    assert format_change(Magnitude(-10, -0.125, "decrease")) == "−13%"
    assert format_change(Magnitude(1, 0.0125, "increase")) == "+1.3%"
    assert format_change(Magnitude(2.5, None, "increase"), "%") == "+2.5 percentage points"
