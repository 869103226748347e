"""Money amounts: always ``Decimal``, always 万元 inside the model."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

WAN = Decimal(10000)

#: How many 万元 one unit of each written money unit is worth.
MONEY_UNITS: dict[str, Decimal] = {
    "万元": Decimal(1),
    "万": Decimal(1),
    "元": Decimal(1) / WAN,
    "亿元": WAN,
    "亿": WAN,
    "千元": Decimal("0.1"),
}


def to_wanyuan(amount: Decimal, unit: str) -> Decimal:
    """Given an amount and its written unit (元, 万元, 亿元 …), return it in 万元.

    Unknown units are taken to be 万元 already, the unit of every official form.
    """
    factor = MONEY_UNITS.get(unit.strip(), Decimal(1))
    return normalize(amount * factor)


def normalize(amount: Decimal) -> Decimal:
    """Given a decimal, return it without trailing zeros and never in exponent form."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def parse_amount(text: str) -> Decimal | None:
    """Given a cell such as "74.5", "2,279.048 万元" or "250万", return 万元 or None."""
    cleaned = text.strip().replace(",", "").replace("，", "").replace(" ", "")
    unit = "万元"
    for written in sorted(MONEY_UNITS, key=len, reverse=True):
        if cleaned.endswith(written):
            unit = written
            cleaned = cleaned[: -len(written)]
            break
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return to_wanyuan(value, unit)


def money_str(amount: Decimal | None) -> str | None:
    """Given an amount or None, return its JSON decimal string (never a float)."""
    if amount is None:
        return None
    return format(normalize(amount), "f")
