"""资金使用情况: a 专项 self-evaluation gives what was spent beside 年度金额, as a label."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.ingest import read_text
from jixiao.scoring import score_table

_ROWS = (
    "一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值 | 权重 | 得分\n"
    "产出指标 | 数量指标 | 培训新型职业农民人数 | ≥600人 | 640人 | 60% | 60\n"
    "满意度指标 | 服务对象满意度指标 | 参训农民满意度 | ≥90% | 95% | 40% | 40\n"
)
PIPES = (
    "专项名称 | 高素质农民培育补助资金\n"
    "主管部门 | 某省农业农村厅\n"
    "资金情况(万元) | 年度金额:150万元 | 中央财政 120万元 | 省级财政 30万元\n"
    "资金使用情况(万元) | 合计:96万元 | 中央财政 80万元 | 省级财政 16万元\n" + _ROWS
)
# The same form run on, as document-sharing previews give it.
RUN_ON = (
    "专项名称高素质农民培育补助资金主管部门某省农业农村厅资金情况(万元)年度金额:150万元"
    "资金使用情况(万元)合计:96万元中央财政120万元中央财政80万元省级财政30万元省级财政16万元"
    "绩效目标完成情况一级指标二级指标三级指标指标值完成值权重得分产出指标数量指标"
    "培训新型职业农民人数≥600人640人60%60满意度指标服务对象满意度指标参训农民满意度≥90%95%40%40"
)


@pytest.mark.parametrize("text", [PIPES, RUN_ON], ids=["pipes", "run-on"])
def test_spent_amount_is_the_executed_amount(text: str) -> None:
    tables = [t for t in read_text(text).tables if t.indicators]
    assert tables
    funds = tables[0].funds
    assert funds.total == Decimal(150)
    assert funds.executed == Decimal(96)
    sheet = score_table(tables[0])
    assert sheet.execution.rate == Decimal("0.64")
    # The rows take all 100 points, so execution is not scored; its low rate is still blamed.
    assert sheet.total == 100
    assert "selfeval.execution-low-no-reason" in {f.code for f in sheet.findings}
