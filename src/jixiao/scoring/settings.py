"""Thresholds of the self-evaluation and monitoring checks, configurable per rule set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """Thresholds, with the defaults of docs/domain.md and common finance-bureau practice.

    ``execution_reason_below``: 财预〔2020〕10号 asks for a reason below 90% execution.
    ``over_achieved``: actual more than this share above target suggests a target set too low.
    ``score_tolerance``: a reported score within this of the recomputed one is accepted.
    Monitoring: spending is compared with time progress (``months``/12); a lag of more
    than ``yellow_lag`` raises a yellow warning, more than ``red_lag`` a red one, for
    projects of at least ``min_funds`` 万元.
    """

    execution_reason_below: Decimal = Decimal("0.9")
    over_achieved: Decimal = Decimal("0.5")
    score_tolerance: Decimal = Decimal("0.01")
    months: int = 6
    yellow_lag: Decimal = Decimal("0.1")
    red_lag: Decimal = Decimal("0.2")
    min_funds: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if not 1 <= self.months <= 12:
            raise ValueError(f"监控月份应在1–12之间: {self.months}")
        if self.red_lag < self.yellow_lag:
            raise ValueError("红色预警阈值应不小于黄色预警阈值")


def settings_from_config(config: Mapping[str, Any]) -> CheckSettings:
    """Given a configuration mapping (keys as in :class:`CheckSettings`), return the settings.

    Keys may sit at the top level or under ``"scoring"``; unknown keys are ignored.
    """
    section = config.get("scoring", config)
    if not isinstance(section, Mapping):
        return CheckSettings()
    values: dict[str, Any] = {}
    for fld in fields(CheckSettings):
        if fld.name in section:
            raw = section[fld.name]
            values[fld.name] = int(raw) if fld.name == "months" else Decimal(str(raw))
    return CheckSettings(**values)
