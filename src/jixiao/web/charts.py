"""Bar charts drawn on the server as inline SVG: no script, labels escaped like any text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

BAR_HEIGHT = 22
LABEL_WIDTH = 230
PLOT_WIDTH = 420


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, value text, length in pixels and vertical position."""

    label: str
    value: str
    length: int
    y: int
    #: Shown on hover: the whole label, and what stands behind it (a rule's code).
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Chart:
    """A horizontal bar chart ready for the ``_chart.html`` template."""

    bars: tuple[Bar, ...]
    height: int
    label_width: int = LABEL_WIDTH
    width: int = LABEL_WIDTH + PLOT_WIDTH + 90


def bar_chart(
    items: list[tuple[str, int | Decimal]], unit: str, hints: list[str] | None = None
) -> Chart:
    """Given (label, amount) pairs, the unit and optional hover texts, return the chart's bars."""
    top = max((Decimal(v) for _, v in items), default=Decimal(0))
    bars = []
    for i, (label, value) in enumerate(items):
        share = Decimal(value) / top if top > 0 else Decimal(0)
        text = label if len(label) <= 18 else label[:17] + "…"
        hint = label if hints is None else f"{label}({hints[i]})"
        y = i * (BAR_HEIGHT + 6)
        bars.append(Bar(text, f"{value}{unit}", int(share * PLOT_WIDTH), y, hint))
    return Chart(tuple(bars), max(len(bars), 1) * (BAR_HEIGHT + 6))
