"""Header and funds: is the top of the table filled in, and do the money figures add up."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.model.money import money_str, to_wanyuan
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


# "需20万元", "10.5 万元", "8000元": an amount in a plan or goals text.
# A unit standard ("5000元/人") is no item of a breakdown.
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|千元|元)(?!\s*[/／])")
# The sum a breakdown ends on: "合计50万元", "共计:50万元", "总计 50万元", "共需50万元".
# (公共 is no sum word: "公共卫生20万元".)
_SUM_WORD = re.compile(r"(?:合计|共计|总计|共需|(?<!公)共)\s*[:：为]?\s*$")
# An item of another scope or period: a breakdown by year ("2021年20万元"), a
# programme's or a previous year's money, another level's share, an investment total.
# Such a "breakdown" legitimately exceeds the year's funds, so it is not compared.
_OTHER_SCOPE = re.compile(
    r"\d{4}\s*年|以前|上年|往年|去年|累计|总投资|中期|三年|五年|中央|省级|市级|县级|"
    r"争取|到位|已拨|已下达|自筹|配套|贷款|社会资本"
)


def _breakdowns(text: str) -> Iterator[tuple[list[Decimal], Decimal]]:
    """Given a plan or goals text, yield (items, stated sum) of each itemised breakdown.

    A breakdown is two or more amounts followed by a sum word and an amount equal to
    their sum ("…需20万元;…需20万元;…需10万元,合计50万元"): the equality is what
    shows the amounts are the parts of one plan, not figures cited in passing.
    """
    items: list[Decimal] = []
    start = 0
    # A sentence that cites money of another scope anywhere ("全县累计投入200万元,今年
    # …合计200万元") may be summing that scope: none of its sums is compared.
    other = False
    for match in _AMOUNT.finditer(text):
        # The clause of this amount (since the last amount) names what it is for.
        before = text[start : match.start()]
        value = to_wanyuan(Decimal(match.group(1).replace(",", "")), match.group(2))
        start = match.end()
        ends = max(before.rfind("。"), before.rfind("\n"))
        if ends >= 0:
            # A new sentence: only its own words say what its amounts are.
            items, other, before = [], False, before[ends + 1 :]
        if _OTHER_SCOPE.search(before):
            items, other = [], True
        elif _SUM_WORD.search(before):
            if len(items) >= 2 and not other:
                yield list(items), value
            items = []
        else:
            items.append(value)


def _plan_exceeds_budget(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    total = table.funds.total
    if total is None or total <= 0:
        return
    tolerance = decimal_setting(cfg, "money_tolerance", "0.01")
    for text in (*table.plan, *table.goals):
        for items, stated in _breakdowns(text):
            added = sum(items, Decimal(0))
            if abs(added - stated) > tolerance or stated <= total + tolerance:
                continue
            parts = "+".join(str(money_str(i)) for i in items)
            yield hit(
                f"实施计划/目标中测算的资金 {parts} = {money_str(stated)} 万元,超过年度资金总额 "
                f"{money_str(total)} 万元; 测算与预算不符。",
                table=table,
            )
            return


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

PLAN_EXCEEDS_BUDGET = Rule(
    code="funds.plan-exceeds-budget",
    severity="error",
    title="实施计划测算的资金超过预算",
    why="财预〔2015〕88号 可行性、适当性审核: 绩效目标应经过测算,资金规模与目标相匹配; "
    "实施计划或目标中分项测算的合计超过年度资金总额,说明测算与预算对不上。",
    bad="年度资金总额 25; 实施计划: 勘察设计需20万元;督导检查需20万元;验收需10万元,合计50万元",
    good="年度资金总额 50; 实施计划: 勘察设计需20万元;督导检查需20万元;验收需10万元,合计50万元",
    check=_plan_exceeds_budget,
    criterion="可行性",
    kinds=ALL_KINDS,
)

RULES = (
    MISSING_FIELD,
    DEPARTMENT_SUSPECT,
    HEADER_TEMPLATE,
    TOTAL_MISSING,
    SUM_MISMATCH,
    PLAN_EXCEEDS_BUDGET,
)
