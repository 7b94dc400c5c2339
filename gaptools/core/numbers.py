"""Numbers as a leader reads them on a slide: 35%, £1.8 million, 12,500 cases, −33%."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal


@dataclass(frozen=True)
class Magnitude:
    """How far the metric moves. ``relative`` is None when it would mislead: a zero or
    negative baseline (net promoter score) has no meaningful percentage change."""

    absolute: float
    relative: float | None
    direction: Literal["increase", "decrease", "none"]


CURRENCIES = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "INR": "₹", "CHF": "CHF "}
SYMBOLS = frozenset({"£", "$", "€", "¥", "₹"})  # a currency written on the number itself
MINUS = "−"


def half_up(number: float | Decimal, places: int = 0) -> float:
    """``number`` rounded to ``places`` decimals with a half away from zero, as people and
    spreadsheets round: 12.5 gives 13. Python's ``round`` and its format strings give a half
    to the even digit (12.5 gives 12, 13.5 gives 14), and round the float's binary error too
    (0.145 is stored as 0.14499…): the decimal the float reads as is rounded instead."""
    exact = _exact(number)
    if not exact.is_finite() or exact.as_tuple().exponent >= -places:  # nothing to round
        return float(exact)
    return float(exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)) + 0.0  # no "-0"


def percent(share: float, places: int = 0) -> str:
    """A fraction of one in per cent, as a slide says it: 0.125 reads "13%", 0.375 "38%".
    Every share a leader reads goes through here, so no two formats round a half apart."""
    if not math.isfinite(share):
        return "…"
    return f"{half_up(hundredths(share), places):.{places}f}%"


def hundredths(share: float) -> Decimal:
    """A share in per cent, exactly as written (0.145 gives 14.5, where 0.145 * 100 gives
    14.499…, which rounds down)."""
    return _exact(share) * 100


def _exact(number: float | Decimal) -> Decimal:
    return number if isinstance(number, Decimal) else Decimal(repr(float(number)))


def currency_symbol(unit: str) -> str | None:
    unit = unit.strip()
    if unit.upper() in CURRENCIES:
        return CURRENCIES[unit.upper()]
    return unit if unit in SYMBOLS else None


def unit_parts(unit: str) -> tuple[str, str]:
    """``unit`` split where a sentence writes it: a currency before the number, the rest
    after it. "£ per year" gives ("£", "per year"), "GBP/claim" ("£", "/claim"), "GBP"
    ("£", ""), "minutes" ("", "minutes"). Written whole after the number, "£ per year" read
    "900,000 £ per year", which nobody says."""
    unit = " ".join(unit.split())
    symbol = currency_symbol(unit)
    if symbol:
        return symbol, ""
    for cut in (unit.find(" "), unit.find("/")):
        if cut > 0 and (symbol := currency_symbol(unit[:cut])):
            return symbol, _same_currency_dropped(unit[cut:].strip(), symbol)
    return "", unit


def _same_currency_dropped(rest: str, symbol: str) -> str:
    """``rest`` without a first word naming the currency again: "GBP £" read "£7 million £"
    in every format, "£ GBP per year" "£900,000 GBP per year"."""
    first, _, after = rest.partition(" ")
    return after if currency_symbol(first) == symbol else rest


def trailing_unit(unit: str) -> str:
    """What a sentence writes after a number in ``unit``: " minutes", " per year" of
    "£ per year", "/claim" of "$/claim"; nothing for "%" or a bare currency, which are
    written on the number itself."""
    after = unit_parts(unit)[1]
    if not after or after == "%":
        return ""
    return after if after.startswith("/") else f" {after}"


Scale = tuple[float, str]
SCALES: tuple[Scale, ...] = ((1e6, "million"), (1e9, "billion"), (1e12, "trillion"))


def plain(number: float, scale: Scale | None = None) -> str:
    """Thousands separators, at most two decimals (two significant digits below 0.1), no
    trailing zeros; millions spelled out. ``scale`` writes a number in millions (or
    billions) where another number beside it is (see ``shared_scale``); zero stays "0".

    Rounding happens before the size is chosen, so 999,999.7 reads "1 million", not
    "1,000,000", and 999,999,999 reads "1 billion", not "1000 million".
    """
    number = float(number)
    if not math.isfinite(number):
        return "…"
    scale = (scale if number else None) or scale_of(number)
    if scale is not None:
        return _in_scale(number, scale)
    size = abs(number)
    places = _places(size)
    rounded = round(size, places)
    sign = _sign(number) if rounded else ""
    if rounded >= 10000 or rounded.is_integer():
        return f"{sign}{rounded:,.0f}"
    return sign + _trim(f"{rounded:,.{places}f}")


def scale_of(number: float) -> Scale | None:
    """The size ``plain`` writes ``number`` in ("million"), or None when it is written in
    full; chosen after rounding, so 999,999.7 is 1 million."""
    size = abs(float(number))
    if not math.isfinite(size) or round(size) < 1e6:
        return None
    for limit, word in SCALES:
        if round(size / limit, 2) < 1000:
            return limit, word
    return SCALES[-1]


def shared_scale(*numbers: float | None) -> Scale | None:
    """One size for the numbers of one sentence, the largest one's: "from £1.2 million to
    £0.9 million", where "£1.2 million to £900,000" reads as two kinds of number. Only when
    every other number is zero or at least a tenth of that size, so that two decimals still
    keep two significant digits: beside "2 million", "50,000" reads better than "0.05
    million", and each keeps its own style (None)."""
    sizes = [abs(n) for n in numbers if n is not None and math.isfinite(n)]
    scale = scale_of(max(sizes, default=0))
    if scale is None or any(0 < size < scale[0] / 10 for size in sizes):
        return None
    return scale


def _in_scale(number: float, scale: Scale) -> str:
    limit, word = scale
    scaled = round(abs(number) / limit, 2)
    sign = _sign(number) if scaled else ""
    return f"{sign}{_trim(f'{scaled:,.2f}')} {word}"


SMALLEST_SHOWN = 1e-9  # below this a value reads "0": no workshop metric is that fine


def _places(size: float) -> int:
    """Two decimals, or under 0.1 as many as keep two significant digits: a cost of 0.004
    per document moving to 0.001 read "from $0 to $0", and 0.005 read "0.01"."""
    if size >= 0.1 or size < SMALLEST_SHOWN:
        return 2
    return 1 - math.floor(math.log10(size))


def _sign(number: float) -> str:
    return MINUS if number < 0 else ""


def typed_unit(typed: object) -> str:
    """The unit a number was typed with, where it is written on the number: "%" for "60%",
    the symbol for "£1,200" or "-$40"; "" for a plain number. A reader who types "60%"
    means a percentage, which the unit must then say, or the sentence reads a relative
    change ("+42%") where the team meant percentage points."""
    # A spreadsheet's number keeps what its cell shows as ``text`` ("12.5%", "2,500 €").
    text = str(getattr(typed, "text", typed)).strip() if typed is not None else ""
    if text.endswith("%"):
        return "%"
    text = text.lstrip("+-−~≈ ")
    if text[:1] in SYMBOLS:
        return text[0]
    # After the number, as much of Europe writes an amount ("40 €", "1,2 M€").
    return text[-1] if text[-1:] in SYMBOLS and any(c.isdigit() for c in text) else ""


PERCENT_WORDS = ("percent", "per cent", "percentage", "pct")


def unit_agrees(unit: str, typed: str) -> bool:
    """Whether a number typed with ``typed`` ("%", "£") can be in ``unit``: "%" in "%",
    "percent" or "% of calls"; "£" in "GBP", "£", "£k" or "GBP per year", and "$" in a
    currency code gaptools does not know ("AUD"). "%" is not in "CSAT points", nor "$" in
    "GBP"."""
    unit = unit.strip()
    if typed == "%":
        return unit.startswith("%") or any(word in unit.casefold() for word in PERCENT_WORDS)
    known = unit_parts(unit)[0]
    if known:
        return known.strip() == typed
    return unit.startswith(typed) or (len(unit) == 3 and unit.isalpha() and unit.isupper())


def format_quantity(number: float | None, unit: str = "", scale: Scale | None = None) -> str:
    """A number with its unit where the unit belongs on the number itself (%, currency);
    ``scale`` as ``plain`` takes it."""
    if number is None:
        return "…"
    text = plain(number, scale)
    symbol = unit_parts(unit)[0]
    if symbol:
        return f"{MINUS}{symbol}{text[1:]}" if text.startswith(MINUS) else f"{symbol}{text}"
    if unit.strip() == "%":
        return f"{text}%"
    return text


def with_unit(number: float | None, unit: str = "") -> str:
    """A number and its unit as a sentence writes them: '70%', '£1.2m', '12 minutes',
    '£900,000 per year'."""
    return format_quantity(number, unit) + trailing_unit(unit)


def format_change(moved: Magnitude, unit: str = "") -> str:
    """The change in brackets: relative where it means something, else absolute."""
    if unit.strip() == "%":
        points = "percentage point" if abs(moved.absolute) == 1 else "percentage points"
        return f"{_signed(moved.absolute)} {points}"
    if moved.relative is not None:
        change = hundredths(moved.relative)
        if abs(change) >= 1000:
            return f"×{half_up(1 + moved.relative):,.0f}"
        digits = 0 if abs(change) >= 10 else 1 if abs(change) >= 1 else 2
        if change > -100 and half_up(-change, digits) == 100:
            # "−100%" reads as gone, of a value cut from €123 trillion to €0.000012.
            return f"almost {MINUS}100%"
        return f"{_signed(change, digits=digits)}%"
    absolute = format_quantity(abs(moved.absolute), unit)
    sign = "+" if moved.absolute > 0 else MINUS
    return f"{sign}{absolute}{trailing_unit(unit)}"


def _signed(number: float | Decimal, digits: int = 2) -> str:
    sign = "+" if number > 0 else MINUS if number < 0 else ""
    size = half_up(abs(number), digits)
    return sign + _trim(f"{size:,.{digits}f}") if digits else f"{sign}{size:,.0f}"


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text
