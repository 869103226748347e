"""Self-evaluations whose 分值 leave no points to budget execution, and a misplaced execution 分值."""

from __future__ import annotations

from scoring_helpers import D, ind, q, table

from jixiao.ingest import read_text
from jixiao.model.project import Funds
from jixiao.scoring import score_table

# A Sichuan-style 专项 self-evaluation with invented rows: each 权重 is a share of the 100
# points ("25%"), the rows add up to 100 and no 预算执行率 line carries points.
SHARES = """项目支出绩效自评表
项目名称 | 乡村道路养护专项资金
主管部门 | 某县交通运输局
资金情况(万元) | 年度金额:80万元
一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值 | 权重 | 得分
产出指标 | 数量指标 | 养护农村公路里程 | ≥120公里 | 126公里 | 25% | 25
产出指标 | 质量指标 | 路面完好率 | ≥90% | 93% | 25% | 25
产出指标 | 时效指标 | 养护任务完成时间 | 2024年11月底前 | 2024年11月 | 20% | 20
效益指标 | 社会效益指标 | 群众出行条件改善 | 明显改善 | 明显改善 | 20% | 20
满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | ≥85% | 92% | 10% | 10
"""


def test_weights_written_as_shares_are_points() -> None:
    result = read_text(SHARES, "shares.txt")
    [tab] = result.tables
    assert [i.weight for i in tab.indicators] == [D(25), D(25), D(20), D(20), D(10)]


def test_rows_taking_all_points_leave_execution_unscored() -> None:
    [tab] = read_text(SHARES, "shares.txt").tables
    sheet = score_table(tab)
    assert sheet.execution.weight == 0
    assert "预算执行率不计分" in sheet.execution.explain
    # Every row met: 100, and the unit's own scores add up to the same 100.
    assert sheet.total == 100
    assert sheet.reported_total == 100


def test_rows_short_of_100_keep_the_central_execution_line() -> None:
    rows = (
        ind("A", q("≥10个", "≥", "10", "个"), q("10个", "=", "10", "个"), weight="50"),
        ind("B", q("≥90%", "≥", "90", "%"), q("95%", "=", "95", "%"), weight="40"),
    )
    sheet = score_table(table(*rows))
    assert sheet.execution.weight == 10
    assert sheet.total == 100


def test_an_execution_weight_no_scheme_uses_falls_back() -> None:
    # "分值 100 | 执行率 100% | 得分 10": the rate typed into the 分值 cell.
    funds = Funds(
        total=D(50),
        budget_adjusted=D(50),
        executed=D(40),
        execution_weight=D(100),
        execution_score=D(8),
    )
    rows = (ind("A", q("≥10个", "≥", "10", "个"), q("10个", "=", "10", "个"), weight="90"),)
    sheet = score_table(table(*rows, funds=funds))
    assert sheet.execution.weight == 10
    assert sheet.execution.score == 8
    assert sheet.total == 98


# A township's self-evaluation with invented rows: execution is worth 20 (stated in the
# heads), the 执行数 cell is blank (gone in the text dump), there is no 分值 column and the
# unit's scores add up to 80.
NO_WEIGHTS = """项目支出绩效自评表
项目名称 | 村庄环境整治经费
预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率) |
年度资金总额 | 512.6 | 100% | 20 |
年度绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 |
产出指标 | 数量指标 | 清理垃圾点 | 45处 | 45处 | 30 |
产出指标 | 时效指标 | 完成整治时间 | 2024年10月底前 | 2024年10月 | 10 |
效益指标 | 社会效益指标 | 村容村貌 | 明显改善 | 明显改善 | 25 |
满意度指标 | 满意度指标 | 村民满意度 | ≥90% | 96% | 15 |
"""


def test_execution_points_and_rate_come_from_the_heads_and_the_percent_cell() -> None:
    [tab] = read_text(NO_WEIGHTS, "no-weights.txt").tables
    funds = tab.funds
    assert funds.execution_weight == 20
    assert funds.execution_rate in (D(1), D(100))
    assert funds.execution_score == 20
    assert funds.executed is None


def test_scores_that_take_all_points_are_the_weights() -> None:
    [tab] = read_text(NO_WEIGHTS, "no-weights.txt").tables
    sheet = score_table(tab)
    assert [line.weight for line in sheet.indicators] == [D(30), D(10), D(25), D(15)]
    assert sheet.total == 100
    assert sheet.reported_total == 100


def test_scores_short_of_100_keep_the_scheme_split() -> None:
    lowered = NO_WEIGHTS.replace("| 45处 | 30 |", "| 45处 | 20 |")
    [tab] = read_text(lowered, "no-weights.txt").tables
    sheet = score_table(tab)
    assert all(line.weight_from_scheme for line in sheet.indicators)
    assert [line.weight for line in sheet.indicators] != [D(20), D(10), D(25), D(15)]


def test_a_rate_column_keeps_execution_scored_when_rows_take_100() -> None:
    # The 10号 layout (执行率 column) always scores execution: rows worth 100 break it.
    funds = Funds(total=D(30), budget_adjusted=D(30), execution_rate=D(1))
    rows = tuple(
        ind(
            f"R{i}",
            q("≥10个", "≥", "10", "个"),
            q("10个", "=", "10", "个"),
            weight="20",
            score="20",
        )
        for i in range(5)
    )
    sheet = score_table(table(*rows, funds=funds))
    assert sheet.execution.weight == 10
    assert "selfeval.weights-total" in [f.code for f in sheet.findings]


def test_reported_total_without_weights_is_the_plain_sum_of_scores() -> None:
    # No 分值 column: the unit's 总分 is what its scores add up to, not a rescaled figure.
    lowered = NO_WEIGHTS.replace("| 96% | 15 |", "| 96% | 14.5 |")
    [tab] = read_text(lowered, "no-weights.txt").tables
    sheet = score_table(tab)
    assert sheet.reported_total == D("99.5")


# A 10号 form whose 年度资金总额 row was left at zeros while the 财政拨款 row is filled.
ZERO_TOTAL = """项目支出绩效自评表
项目名称 | 社区养老驿站运营补贴
项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
年度资金总额 | 0 | 0 | 0 | 10 | 0 | 0
其中:当年财政拨款 | 60 | 58.5 | 58.5 |
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
产出指标 | 数量指标 | 运营驿站数量 | ≥12个 | 12个 | 50 | 50
效益指标 | 社会效益指标 | 服务老人人次 | ≥9000人次 | 9600人次 | 30 | 30
满意度指标 | 服务对象满意度指标 | 老人满意度 | ≥90% | 94% | 10 | 10
"""


def test_a_zero_total_row_takes_the_execution_from_the_fiscal_row() -> None:
    [tab] = read_text(ZERO_TOTAL, "zero-total.txt").tables
    assert (tab.funds.budget_adjusted, tab.funds.executed) == (D("58.5"), D("58.5"))
    sheet = score_table(tab)
    assert sheet.execution.score == 10
    codes = {f.code for f in sheet.findings}
    assert "selfeval.execution-rows-contradict" in codes
    assert "selfeval.score-mismatch" not in codes  # one cause, one finding
    assert sheet.total == 100
