"""项目实施计划: a 申报表's plan text is kept, so its itemised costs meet the funds."""

from __future__ import annotations

from decimal import Decimal

from jixiao.ingest import read_text
from jixiao.rules import check_table

PIPES = (
    "某市项目支出绩效目标申报表 | ||||\n"
    "项目名称 | 乡村道路养护巡查经费 | ||||\n"
    "主管部门及代码 | 某市交通运输局 | 实施单位 | 某市道路养护中心 | |\n"
    "项目预算资金(万元) | 中期预算资金总额 | 年度预算资金总额 | 30 | |\n"
    "项目实施计划 | 道路巡查车辆租赁需18万元;养护质量抽检需12万元;"
    "档案整理与验收需6万元,合计36万元。 | ||||\n"
    "年度目标 | 完成全市乡村道路巡查养护,道路优良率稳步提高。 | ||||\n"
    "一级指标 | 二级指标 | 三级指标 | 指标值 | |\n"
    "产出指标 | 数量指标 | 巡查道路里程 | ≥320公里 | |\n"
    "产出指标 | 质量指标 | 抽检合格率 | ≥95% | |\n"
    "产出指标 | 时效指标 | 巡查完成时间 | 2024年11月底前 | |\n"
    "效益指标 | 社会效益指标 | 道路优良路率 | ≥85% | |\n"
    "满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | ≥90% | |\n"
)


def test_plan_text_is_kept_and_checked_against_the_funds() -> None:
    table = read_text(PIPES).tables[0]
    assert table.funds.total == Decimal(30)
    assert table.plan and "合计36万元" in table.plan[0]
    found = [f for f in check_table(table).findings if f.code == "funds.plan-exceeds-budget"]
    assert len(found) == 1 and "36" in found[0].message


def test_plan_within_the_funds_is_quiet() -> None:
    table = read_text(PIPES.replace("| 30 |", "| 36 |")).tables[0]
    assert table.funds.total == Decimal(36)
    assert not [f for f in check_table(table).findings if f.code == "funds.plan-exceeds-budget"]
