"""Header and funds: is the top of the table filled in, and do the money figures add up."""

from __future__ import annotations

import re
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


def _overall(table: TargetTable) -> bool:
    # 部门(单位)整体支出 tables describe the unit itself: their template has 部门(单位)名称
    # and no separate 主管部门 (the reader names them "<unit>整体支出", docs/reading.md).
    name = (table.project.name or "").strip()
    return name.endswith(("整体支出", "整体绩效"))


def _header_read(table: TargetTable) -> bool:
    """Whether the header block was read: the name, a unit field and an amount of money."""
    unit = _present(table, "implementing_unit") or _present(table, "department")
    return _present(table, "name") and unit and _funds_read(table)


def _missing_field(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    required = tuple(setting(cfg, "header_required", DEFAULT_REQUIRED))
    if _overall(table):
        required = tuple(k for k in required if k != "department")
    noted = [k for k in setting(cfg, "header_noted", DEFAULT_NOTED) if k not in required]
    unsure = reading_unsure(table, cfg)
    if unsure is not None and _header_read(table):
        # A file cut off loses its end, not its top: with the name, a unit field and the
        # money read, the header block was read whole and a blank 主管部门 is the unit's.
        unsure = None
    if unsure is None and not _present(table, "name"):
        # Every template opens with 项目名称 and no unit leaves it blank: a table read
        # without one is a header the reader did not find (a prose notice, an export
        # whose header sits elsewhere), so what it lacks is noted, not blamed.
        unsure = "未读到表头(没有项目名称)"
    elif unsure is None and not (
        _present(table, "department") or _present(table, "implementing_unit")
    ):
        # Neither unit field read: the name came from a title or a prose report (a
        # 监控报告, a notice), not from a header form whose unit rows were left blank.
        unsure = "未读到表头的单位栏(主管部门、实施单位均未读到)"
    for key in (*required, *noted):
        if _present(table, key):
            continue
        label = FIELD_LABELS.get(key, key)
        if key in required and unsure is None:
            yield hit(f"表头“{label}”未填写。", table=table)
        elif key in required:
            yield hit(
                f"未识别到表头“{label}”{unsure_note(unsure or '')}。", table=table, unsure=True
            )
        else:
            yield hit(
                f"未识别到表头“{label}”(部分模板没有此栏; 模板有此栏时应填写)。",
                table=table,
                unsure=True,
            )


# A 主管部门 is a budget department (一级预算单位); an internal office of one (经济建设科,
# 财务股) holds no budget and has no 部门代码. Its name ends in 科/股 and is not a
# 科技局-like department whose name merely contains 科.
_INTERNAL_OFFICE = re.compile(r"(科|股|科室)$")
# Names that are departments (they can be 主管部门) and names of units under one.
_DEPARTMENT = re.compile(r"(局|委员会|委|厅|部|办公室|总工会|人民政府|政府|联合会)(机关|本级)?$")
_SUBORDINATE = re.compile(r"(中心|剧团|团|馆|院|所|站|队|学校|学院|校|园|公司)$")
_CODE_TAIL = re.compile(r"[\s\-—－_:：]*[0-9０-９]+$")


def _unit(text: str | None) -> str:
    # "芜湖市总工会-508": the department code is not part of the name.
    return _CODE_TAIL.sub("", (text or "").strip())


def _department_suspect(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    department = _unit(table.project.department)
    unit = _unit(table.project.implementing_unit)
    if not department or len(department) > 40:  # an over-long cell is a misreading
        return
    if _INTERNAL_OFFICE.search(department):
        yield hit(
            f"主管部门填的是“{department}”,这是内设科室而不是预算主管部门; "
            "应填主管部门全称及部门代码。",
            table=table,
        )
    elif (
        unit
        and len(unit) <= 40
        and _SUBORDINATE.search(department)
        and _DEPARTMENT.search(unit)
        and not _SUBORDINATE.search(unit)
    ):
        yield hit(
            f"主管部门“{department}”像是下属单位,实施单位“{unit}”却是主管部门一级的机关:"
            " 两栏可能填反了。",
            table=table,
        )


# Placeholders of a template passed down the levels of government and filled in by
# nobody: "县(市、区)财政部门", "××局", "**县", "请填写…", a field holding its own label.
_HEADER_TEMPLATE = re.compile(
    # Stars beside digits ("20**年") are a web site masking a date, not the template's.
    r"[（(]\s*[省市县区州旗][、,，/]\s*[市县区州旗]\s*[)）]|[xX×]{2,}|"
    r"(?<![0-9０-９])[＊*]{2,}(?![0-9０-９年月日])|请填|待填|^\s*(主管部门|"
    r"实施单位|项目名称|部门名称|单位名称|填报单位)\s*$"
)
_HEADER_FIELDS = (
    ("name", "项目名称"),
    ("department", "主管部门"),
    ("implementing_unit", "实施单位"),
)


def _header_template(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    for key, label in _HEADER_FIELDS:
        text = str(getattr(table.project, key, None) or "").strip()
        if text and _HEADER_TEMPLATE.search(text):
            yield hit(
                f"表头“{label}”填的是模板文字“{text[:30]}”,应填写具体的部门或项目名称。",
                table=table,
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
    total = (
        funds.total if funds.total is not None else funds.budget_adjusted or funds.budget_initial
    )
    if total is None and not _funds_read(table) and table.funds_block_blank and table.indicators:
        # The reader met the 资金情况 block, no amount in any of its rows, then indicator
        # rows past it: the amounts were left blank in the file (a form passed down with
        # its funds to be filled in later), even if the file is cut off further down.
        yield hit("表中有资金情况栏,但年度资金总额及各来源金额均未填写。", table=table)
    elif total is None and not _funds_read(table):
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

DEPARTMENT_SUSPECT = Rule(
    code="header.department-suspect",
    severity="warning",
    title="主管部门填成了科室或与实施单位颠倒",
    why="财预〔2015〕88号 完整性审核: 表头应如实填写; 主管部门是编报预算的一级预算单位"
    "(填名称及部门代码), 实施单位是其本级或所属单位, 内设科室不是预算单位。",
    bad="主管部门: 经济建设科; 或 主管部门: 新洲区楚剧团, 实施单位: 新洲区文化和旅游局机关",
    good="主管部门: 新洲区文化和旅游局; 实施单位: 新洲区楚剧团",
    check=_department_suspect,
    criterion="完整性",
    kinds=ALL_KINDS,
)

HEADER_TEMPLATE = Rule(
    code="header.template-text",
    severity="warning",
    title="表头保留了模板文字",
    why="财预〔2015〕88号 完整性审核: 表头应如实填写; 上级下发的模板中“县(市、区)财政部门”"
    "“××局”一类占位文字应改为本地具体的部门和项目名称, 否则无法确定责任主体。",
    bad="县级主管部门: 县(市、区)教育部门",
    good="县级主管部门: 乐昌市教育局",
    check=_header_template,
    criterion="完整性",
    kinds=ALL_KINDS,
)

RULES = (MISSING_FIELD, DEPARTMENT_SUSPECT, HEADER_TEMPLATE, TOTAL_MISSING, SUM_MISMATCH)
