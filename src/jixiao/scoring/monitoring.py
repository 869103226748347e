"""Checks on a mid-year 绩效运行监控表: likelihood without cause, slow spending.

Codes: monitoring.likelihood-no-cause, monitoring.target-unlikely, monitoring.slow-spending.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from jixiao.model.findings import Finding
from jixiao.model.indicator import Indicator
from jixiao.model.project import Funds, TargetTable
from jixiao.scoring.formulas import fmt, round2
from jixiao.scoring.settings import CheckSettings, settings_from_config

CERTAIN = "确定能"


def _blank(text: str | None) -> bool:
    return not (text or "").strip().strip("/-—无")


def likelihood(ind: Indicator) -> Iterator[Finding]:
    """Flag a row whose 完成目标可能性 is not 确定能 but gives no 偏差原因 or no 措施.

    财预〔2019〕136号 (双监控): 有可能 / 不可能 must say why and what will be done.
    """
    said = "".join((ind.likelihood or "").split())
    if said.startswith(CERTAIN):
        yield from _forecast_short(ind, said)
        return
    if not said:
        return
    missing = [
        n for n, t in (("偏差原因", ind.deviation_reason), ("改进措施", ind.measures)) if _blank(t)
    ]
    if missing:
        yield Finding(
            "monitoring.likelihood-no-cause",
            "warning",
            f"“{ind.name}”完成目标可能性为“{said}”, 但未填写{'和'.join(missing)}",
            ind.source,
            ind.name,
            ind.path,
            "可行性",
        )
    if "不可能" in said:
        yield Finding(
            "monitoring.target-unlikely",
            "warning",
            f"“{ind.name}”预计不能完成目标: 属于预警情形, 应及时调整预算和目标",
            ind.source,
            ind.name,
            ind.path,
            "可行性",
        )


def _forecast_short(ind: Indicator, said: str) -> Iterator[Finding]:
    """Flag a row marked 确定能 whose own 全年预计完成 misses its target (≥4.8万剂次,
    forecast 4.0万剂次; ≤15分钟, forecast 18分钟): the forecast says it will not be met.

    Only a floor or a ceiling with the forecast in the same unit is compared.
    """
    target, forecast = ind.value, ind.expected
    if forecast is None or not (target.is_quantitative and forecast.is_quantitative):
        return
    t, f = target.number, forecast.number
    if t is None or f is None or (target.unit or "").strip() != (forecast.unit or "").strip():
        return
    short = (target.op in ("≥", ">") and f < t) or (target.op in ("≤", "<") and f > t)
    if short:
        yield Finding(
            "monitoring.target-unlikely",
            "warning",
            f"“{ind.name}”全年预计完成“{forecast.raw}”达不到目标“{target.raw}”, "
            f"完成目标可能性却填“{said}”: 属于预警情形, 应说明原因并调整",
            ind.source,
            ind.name,
            ind.path,
            "可行性",
        )


def spending_rate(funds: Funds) -> Decimal | None:
    """Given a monitoring funds block, return 执行数 / 调整后预算 (or the reported rate)."""
    budget = funds.budget_adjusted or funds.budget_initial or funds.total
    if funds.executed is not None and budget:
        return funds.executed / budget
    if funds.execution_rate is not None:
        rate = funds.execution_rate
        return rate / 100 if rate > 2 else rate
    return None


def slow_spending(table: TargetTable, s: CheckSettings) -> Iterator[Finding]:
    """Flag spending behind time progress: yellow beyond ``yellow_lag``, red beyond ``red_lag``."""
    rate = spending_rate(table.funds)
    size = table.funds.budget_adjusted or table.funds.total or Decimal(0)
    if rate is None or size < s.min_funds:
        return
    expected = Decimal(s.months) / 12
    lag = expected - rate
    if lag <= s.yellow_lag:
        return
    red = lag > s.red_lag
    colour = "红色预警" if red else "黄色预警"
    yield Finding(
        "monitoring.slow-spending",
        "error" if red else "warning",
        f"{colour}: 1–{s.months}月预算执行率 {fmt(round2(rate * 100))}%, "
        f"低于序时进度 {fmt(round2(expected * 100))}% 达 {fmt(round2(lag * 100))} 个百分点",
        table.source,
        criterion="可行性",
    )


def monitoring_findings(
    table: TargetTable, config: Mapping[str, Any] | None = None
) -> tuple[Finding, ...]:
    """Given a monitoring table and a configuration, return its findings."""
    s = settings_from_config(config or {})
    out = list(slow_spending(table, s))
    for ind in table.indicators:
        if not ind.not_applicable:
            out.extend(likelihood(ind))
    return tuple(out)
