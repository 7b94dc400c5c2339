"""Numbers as a leader reads them on a slide: 35%, £1.8 million, 12,500 cases, −33%."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gaptools.value import Magnitude

CURRENCIES = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "INR": "₹", "CHF": "CHF "}
MINUS = "−"


def currency_symbol(unit: str) -> str | None:
    unit = unit.strip()
    if unit.upper() in CURRENCIES:
        return CURRENCIES[unit.upper()]
    return unit if unit in {"£", "$", "€", "¥", "₹"} else None


def plain(number: float) -> str:
    """Thousands separators, at most two decimals, no trailing zeros; millions spelled out."""
    if not math.isfinite(number):
        return "…"
    sign = MINUS if number < 0 else ""
    size = abs(number)
    for limit, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if size >= limit:
            return f"{sign}{_trim(f'{size / limit:.2f}')} {word}"
    if size >= 1000:
        return f"{sign}{size:,.0f}" if size >= 10000 or size.is_integer() else f"{sign}{size:,.1f}"
    return sign + _trim(f"{size:.2f}")


def format_quantity(number: float | None, unit: str = "") -> str:
    """A number with its unit where the unit belongs on the number itself (%, currency)."""
    if number is None:
        return "…"
    text = plain(number)
    symbol = currency_symbol(unit)
    if symbol:
        return f"{MINUS}{symbol}{text[1:]}" if text.startswith(MINUS) else f"{symbol}{text}"
    if unit.strip() == "%":
        return f"{text}%"
    return text


def format_change(moved: Magnitude, unit: str = "") -> str:
    """The change in brackets: relative where it means something, else absolute."""
    if unit.strip() == "%":
        return f"{_signed(moved.absolute)} percentage points"
    if moved.relative is not None:
        percent = moved.relative * 100
        if abs(percent) >= 1000:
            return f"×{1 + moved.relative:,.0f}"
        return f"{_signed(percent, digits=0 if abs(percent) >= 10 else 1)}%"
    absolute = format_quantity(abs(moved.absolute), unit)
    sign = "+" if moved.absolute > 0 else MINUS
    label = f" {unit.strip()}" if unit.strip() and not currency_symbol(unit) else ""
    return f"{sign}{absolute}{label}"


def _signed(number: float, digits: int = 2) -> str:
    sign = "+" if number > 0 else MINUS if number < 0 else ""
    return sign + _trim(f"{abs(number):,.{digits}f}") if digits else f"{sign}{abs(number):,.0f}"


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text
