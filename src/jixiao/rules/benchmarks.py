"""Benchmarks: a value far outside what comparable projects commit to.

Rules are pure: they do not look peers up. The application (``jixiao.app.library``)
passes, in the rule settings under ``benchmarks``, what the indicator library knows of
each indicator of the table under review — keyed by the indicator's name (simplified
characters), in the row's own unit::

    {"奖励标准": {"unit": "元/人", "count": 7, "p10": 4000, "median": 5000, "p90": 6000,
                 "peers": [["2023年劳模表彰大会经费", "5000元/人"], ...]}}

Without a library (no ``benchmarks`` setting) both rules stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jixiao.model.indicator import Indicator
from jixiao.model.project import TargetTable
from jixiao.rules.base import Config, Finding, Rule
from jixiao.rules.cost import money_rows
from jixiao.rules.helpers import applicable, hit, is_cost, money_unit

#: At least this many comparable projects before a value is called an outlier.
MIN_PEERS = 5
#: How many p10–p90 widths beyond the band a value must lie.
FACTOR = 3.0
#: A rate's band is never taken narrower than this many percentage points.
MIN_RATE_WIDTH = 5.0
#: A quantity is far below its peers under this share of their p10.
QUANTITY_RATIO = 0.1


def _peers(cfg: Config, ind: Indicator) -> Mapping[str, Any] | None:
    table = cfg.get("benchmarks")
    if not isinstance(table, Mapping):
        return None
    found = table.get(ind.name)
    if not isinstance(found, Mapping):
        return None
    minimum = int(cfg.get("benchmark_min_peers", MIN_PEERS))
    if int(found.get("count", 0)) < minimum:
        return None
    # Stats in another unit (元/亩 against 元/人) compare nothing.
    if str(found.get("unit", "")).strip() != (ind.value.unit or "").strip():
        return None
    return found


def _num(value: float) -> str:
    return str(int(value)) if float(value) == int(value) else f"{value:.4g}"


def _peer_text(peers: Mapping[str, Any]) -> str:
    named = [f"{p[0]}({p[1]})" for p in peers.get("peers", ())[:5] if len(p) == 2]
    return ("可比项目: " + "、".join(named) + "。") if named else ""


def _band(peers: Mapping[str, Any]) -> str:
    unit = peers.get("unit", "")
    return (
        f"{peers['count']} 个可比项目的 p10–p90 为 {_num(peers['p10'])}–{_num(peers['p90'])}{unit}"
        f"(中位数 {_num(peers['median'])}{unit})"
    )


def _unit_outlier(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    factor = float(cfg.get("benchmark_factor", FACTOR))
    for ind, _, per in money_rows(table):
        if not per or ind.value.number is None:
            continue  # a total depends on the project's size; a unit cost does not
        peers = _peers(cfg, ind)
        if peers is None:
            continue
        low, high, median = float(peers["p10"]), float(peers["p90"]), float(peers["median"])
        # Peers that all wrote the same standard have no width: a tenth of it stands in.
        width = max(high - low, abs(median) * 0.1)
        number = float(ind.value.number)
        # Below, the band's width reaches zero before the value does: a unit cost is far
        # too low under a tenth of the peers' p10 (the typical 元 / 万元 slip).
        ratio = float(cfg.get("benchmark_quantity_ratio", QUANTITY_RATIO))
        if number > high + factor * width or number < low * ratio:
            side = "高于" if number > high else "低于"
            yield hit(
                f"单位成本“{ind.value.raw}”远{side}同类项目: {_band(peers)},超出该区间宽度的 "
                f"{_num(factor)} 倍。请核实测算依据。{_peer_text(peers)}",
                table=table,
                ind=ind,
            )


def _target_outlier(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    factor = float(cfg.get("benchmark_factor", FACTOR))
    for ind in applicable(table):
        value = ind.value
        if (
            is_cost(ind)
            or not value.is_quantitative
            or value.number is None
            or value.op in ("≤", "<")  # a ceiling (投诉率 ≤5%) is low on purpose
            or money_unit(value.unit) is not None
        ):
            continue
        peers = _peers(cfg, ind)
        if peers is None:
            continue
        low, high = float(peers["p10"]), float(peers["p90"])
        number = float(value.number)
        if value.is_percent:
            width = max(high - low, MIN_RATE_WIDTH)
            far = number < low - factor * width
        else:
            far = low > 0 and number < low * float(
                cfg.get("benchmark_quantity_ratio", QUANTITY_RATIO)
            )
        if far:
            yield hit(
                f"指标值“{value.raw}”远低于同类项目: {_band(peers)}。目标偏低,请说明理由或调高。"
                f"{_peer_text(peers)}",
                table=table,
                ind=ind,
            )


UNIT_OUTLIER = Rule(
    code="cost.unit-outlier",
    severity="warning",
    title="单位成本远超出同类项目",
    why="财预〔2021〕101号: 成本指标应参考历史标准、行业标准或同类项目的成本确定; 单位成本高出"
    "至少 5 个可比项目 p90 达 p10–p90 区间宽度 3 倍的,或不到其 p10 十分之一的(常见于元与万元"
    "混淆),应核实测算依据(比较值来自指标库)。",
    bad="奖励标准 50000元/人; 同类项目 p10–p90 为 4000–6000元/人",
    good="奖励标准 5000元/人; 同类项目 p10–p90 为 4000–6000元/人",
    check=_unit_outlier,
    criterion="适当性",
)

TARGET_OUTLIER = Rule(
    code="values.target-outlier",
    severity="warning",
    title="指标值远低于同类项目",
    why="财预〔2015〕88号 适当性: 绩效目标应与同类项目的历史水平相当,不能明显偏低; 比率低于"
    "至少 5 个可比项目 p10 达区间宽度 3 倍(至少 15 个百分点)的,或数量不到其 p10 十分之一的"
    "(比较值来自指标库)。",
    bad="工程验收合格率 ≥60%; 同类项目 p10–p90 为 95%–100%",
    good="工程验收合格率 ≥95%; 同类项目 p10–p90 为 95%–100%",
    check=_target_outlier,
    criterion="适当性",
)

RULES = (UNIT_OUTLIER, TARGET_OUTLIER)
