"""Header and funds: is the top of the table filled in, and do the money figures add up."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.model.money import money_str
from jixiao.model.project import TargetTable
from jixiao.rules.base import Config, Finding, Rule
from jixiao.rules.helpers import (
    ALL_KINDS,
    decimal_setting,
    hit,
    reading_unsure,
    setting,
    unsure_note,
)

# Header fields a reviewer expects, by the attribute name of ProjectHeader (plus goals).
FIELD_LABELS: dict[str, str] = {
    "name": "项目名称",
    "department": "主管部门",
    "implementing_unit": "实施单位",
    "source": "项目来源",
    "period_years": "项目期",
    "goals": "年度目标",
}
# Every template has the project name and the 主管部门; the other fields exist in some
# templates only (many have no 实施单位 row, self-evaluations often no 年度目标 box), so
# their absence is only noted (info) unless a rule set or jixiao.toml requires them.
DEFAULT_REQUIRED = ("name", "department")
DEFAULT_NOTED = ("implementing_unit", "goals")


def _present(table: TargetTable, key: str) -> bool:
    if key == "goals":
        return any(g.strip() for g in table.goals)
    value = getattr(table.project, key, None)
    return value is not None and str(value).strip() != ""


def _missing_field(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    required = tuple(setting(cfg, "header_required", DEFAULT_REQUIRED))
    noted = [k for k in setting(cfg, "header_noted", DEFAULT_NOTED) if k not in required]
    unsure = reading_unsure(table, cfg)
    for key in (*required, *noted):
        if _present(table, key):
            continue
        label = FIELD_LABELS.get(key, key)
        if key in required and unsure is None:
            yield hit(f"表头“{label}”未填写。", table=table)
        elif key in required:
            yield hit(f"未识别到表头“{label}”{unsure_note(unsure or '')}。", table=table, unsure=True)
        else:
            yield hit(
                f"未识别到表头“{label}”(部分模板没有此栏; 模板有此栏时应填写)。",
                table=table,
                unsure=True,
            )


def _funds_read(table: TargetTable) -> bool:
    funds = table.funds
    return any(
        v is not None
        for v in (funds.total, funds.fiscal, funds.carryover, funds.other)
        + (funds.budget_initial, funds.budget_adjusted, funds.executed)
    )


def _total_missing(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    funds = table.funds
    # A self-evaluation states its money as 年初预算数 / 全年预算数 rather than a total.
    total = funds.total if funds.total is not None else funds.budget_adjusted or funds.budget_initial
    if total is None and not _funds_read(table):
        yield hit("未识别到项目资金(资金栏可能未被读取,请核对原表)。", table=table, unsure=True)
    elif total is None:
        yield hit("未填写年度资金总额。", table=table)
    elif total <= 0:
        yield hit(f"年度资金总额为 {money_str(total)} 万元,应大于0。", table=table)


def _sum_mismatch(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    total, parts = table.funds.total, table.funds.parts_sum()
    if total is None or parts is None:
        return
    tolerance = decimal_setting(cfg, "money_tolerance", "0.01")
    if abs(total - parts) > tolerance:
        yield hit(
            f"年度资金总额 {money_str(total)} 万元,与财政拨款、上年结转、其他资金之和 "
            f"{money_str(parts)} 万元不一致。",
            table=table,
        )


MISSING_FIELD = Rule(
    code="header.missing-field",
    severity="warning",
    title="表头项目信息未填全",
    why="财预〔2015〕88号 完整性审核: 绩效目标表各项内容应填写完整。",
    bad="主管部门: (空)",
    good="主管部门: 芜湖市总工会",
    check=_missing_field,
    criterion="完整性",
    kinds=ALL_KINDS,
)

TOTAL_MISSING = Rule(
    code="funds.total-missing",
    severity="error",
    title="年度资金总额缺失或为零",
    why="项目资金是审核“资金与目标是否匹配”的前提; 没有金额无法判断适当性。",
    bad="年度资金总额: (空)",
    good="年度资金总额: 74.5",
    check=_total_missing,
    criterion="完整性",
    kinds=ALL_KINDS,
)

SUM_MISMATCH = Rule(
    code="funds.sum-mismatch",
    severity="error",
    title="资金总额不等于各来源之和",
    why="目标表格式: 年度资金总额 = 财政拨款 + 上年结转 + 其他资金(允许0.01万元误差)。",
    bad="年度资金总额 100; 财政拨款 80; 其他资金 10",
    good="年度资金总额 100; 财政拨款 90; 其他资金 10",
    check=_sum_mismatch,
    criterion="可行性",
    kinds=ALL_KINDS,
)

RULES = (MISSING_FIELD, TOTAL_MISSING, SUM_MISMATCH)
