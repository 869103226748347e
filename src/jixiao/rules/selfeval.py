"""The self-evaluation, monitoring, consistency and cross-year families in the registry.

The checks themselves live in :mod:`jixiao.scoring` (they need the score sheet); here
they become :class:`~jixiao.model.findings.Rule` entries so that ``jixiao check``,
``jixiao rules``, docs/rules.md and the administrator's rule switch treat them like
every other family. The self-evaluation rules score the table once per call; tables
are small, so clarity wins over caching here. The consistency and cross-year rules
compare a table with its approved target or other years: on one table alone they find
nothing, and ``jixiao score --target/--db`` (or the store) runs them with that context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from jixiao.model.findings import CheckFn, Config, Finding, Rule
from jixiao.model.problems import Severity
from jixiao.model.project import TableKind, TargetTable
from jixiao.scoring.monitoring import monitoring_findings
from jixiao.scoring.schemes import scheme_from_config
from jixiao.scoring.scorer import score_table

if TYPE_CHECKING:
    from jixiao.rules.config import RuleConfig
    from jixiao.scoring.sheet import ScoreSheet

_SELF: tuple[TableKind, ...] = ("self_evaluation",)
_MON: tuple[TableKind, ...] = ("monitoring",)


def _from_sheet(code: str) -> CheckFn:
    def check(table: TargetTable, config: Config) -> Iterator[Finding]:
        sheet = score_table(table, scheme_from_config(config), config=config)
        return (f for f in sheet.findings if f.code == code)

    return check


def _from_monitoring(code: str) -> CheckFn:
    def check(table: TargetTable, config: Config) -> Iterator[Finding]:
        return (f for f in monitoring_findings(table, config) if f.code == code)

    return check


def _needs_context(code: str) -> CheckFn:
    def check(table: TargetTable, config: Config) -> Iterator[Finding]:
        return iter(())

    return check


def _rule(
    code: str,
    severity: Severity,
    title: str,
    why: str,
    bad: str,
    good: str,
    make: Callable[[str], CheckFn] = _from_sheet,
    criterion: str = "适当性",
) -> Rule:
    kinds = _MON if code.startswith("monitoring.") else _SELF
    return Rule(code, severity, title, why, bad, good, make(code), criterion, kinds)


_CONTEXT = "(需对照批复的目标表或往年数据: 由 jixiao score --target / --db 运行)"


RULES: tuple[Rule, ...] = (
    _rule(
        "selfeval.score-above-weight",
        "error",
        "得分超过分值",
        "财预〔2020〕10号: 指标得分不得超过其分值, 不设加分。",
        "分值 10, 得分 12",
        "分值 10, 得分 10",
    ),
    _rule(
        "selfeval.score-mismatch",
        "warning",
        "自评得分与按公式计算的得分不符",
        "财预〔2020〕10号: 正向指标 实际/目标 × 分值, 反向指标 目标/实际 × 分值。",
        "≥4754人, 实际4604人, 得分 5/5",
        "≥4754人, 实际4604人, 得分 4.84/5",
    ),
    _rule(
        "selfeval.tier-out-of-range",
        "warning",
        "定性指标得分超出所选档位",
        "财预〔2020〕10号: 达成 80–100%, 部分达成 50–80%, 未达成 0–50% 的分值。"
        "表中未填分值、而得分高于评分方案分给该行的分值时, 单位是按自己的分值打分, 不判断档位。",
        "部分达成预期指标, 分值 10, 得分 9",
        "部分达成预期指标, 分值 10, 得分 7",
    ),
    _rule(
        "selfeval.reason-missing",
        "warning",
        "未得满分但未说明偏差原因",
        "财预〔2020〕10号: 未完成目标的应分析偏差原因并提出改进措施。",
        "得分 8/10, 偏差原因 空",
        "得分 8/10, 偏差原因 经费未及时到位, 已调整拨付进度",
        criterion="完整性",
    ),
    _rule(
        "selfeval.score-below-achieved",
        "warning",
        "目标已达成却未得满分, 也未说明原因",
        "财预〔2020〕10号: 实际完成值达到目标值的, 该指标得满分; 扣分应有偏差原因。"
        "达成目标仍一律扣分说明自评没有按实际完成情况打分。",
        "=100%, 实际 100%, 分值 20, 得分 19, 偏差原因 空",
        "=100%, 实际 100%, 分值 20, 得分 20",
        criterion="适当性",
    ),
    _rule(
        "selfeval.execution-low-no-reason",
        "warning",
        "预算执行率低于90%未说明原因",
        "财预〔2020〕10号: 预算执行率未达到90%的需说明原因。",
        "执行率 85%, 原因 空",
        "执行率 85%, 原因 项目延期至次年",
        criterion="完整性",
    ),
    _rule(
        "selfeval.execution-rows-contradict",
        "warning",
        "资金总额行与财政拨款行矛盾(总额行为0)",
        "财预〔2020〕10号: 预算执行率 = 全年执行数 / 全年预算数; 年度资金总额行填0而其中财政拨款行有数时,"
        "总额行不可信, 执行率应按一致的财政拨款行计算, 不能据此给0分。",
        "年度资金总额 0/0/0, 其中财政拨款 90/89.974/89.974, 执行率 0, 得分 0",
        "年度资金总额 90/89.974/89.974, 执行率 100%, 得分 10",
        criterion="完整性",
    ),
    _rule(
        "selfeval.denied-effect-scored",
        "warning",
        "写明“无此效益”的指标仍然计分",
        "财预〔2020〕10号: 不适用的指标不计分, 总分按适用指标折算; 指标本身写明“无经济效益”"
        "却按满分计, 虚增了自评得分。",
        "经济效益指标 › 社会公益服务无经济效益: 公益性事业, 分值 10, 得分 10",
        "经济效益指标: 不适用(总分按其余指标折算)",
    ),
    _rule(
        "selfeval.over-achieved",
        "info",
        "实际完成值远超目标",
        "适当性: 大幅超额完成说明目标设定偏低, 下年度应据实提高。",
        "≥100人, 实际160人",
        "≥150人, 实际160人",
    ),
    _rule(
        "selfeval.actual-missing",
        "warning",
        "未填写实际完成值",
        "自评表应逐项填写实际完成值。",
        "实际完成值 空",
        "实际完成值 96人",
        criterion="完整性",
    ),
    _rule(
        "selfeval.unit-mismatch",
        "info",
        "实际完成值单位与指标值不一致",
        "实际与目标须同一计量单位才能按公式计分。",
        "≥100人, 实际100个",
        "≥100人, 实际100人",
        criterion="完整性",
    ),
    _rule(
        "selfeval.full-marks-unsupported",
        "warning",
        "满分没有依据(实际值空、只写“完成”或照抄目标)",
        "财预〔2020〕10号: 按实际完成值与目标值计分; 没有实际数值的指标不能得满分。",
        "≥100人, 实际 空(或“完成”), 得分 10/10",
        "≥100人, 实际 102人, 得分 10/10",
        criterion="可行性",
    ),
    _rule(
        "selfeval.ceiling-exceeded",
        "error",
        "实际值突破上限",
        "财预〔2020〕10号 与补助标准的规定: “≤”目标是上限,实际超过上限属违规(超标准发放),"
        "不是小幅未完成,应说明原因并整改。",
        "≤5300元/户, 实际 5830元/户",
        "≤5300元/户, 实际 5200元/户",
    ),
    _rule(
        "selfeval.weights-total",
        "warning",
        "分值合计不等于100",
        "财预〔2020〕10号 附件: 自评总分100分,预算执行率10分,产出50分,效益30分,满意度10分"
        "(各地方案可调整,但合计为100)。有不适用的指标或缺少某一类指标时按比例折算,少于100不算错;"
        "表格只读到一部分时不判断少于100。",
        "5个指标各20分, 另有预算执行率10分, 合计110",
        "预算执行率10分, 指标分值合计90分",
        criterion="完整性",
    ),
    _rule(
        "selfeval.execution-score-missing",
        "warning",
        "预算执行率未自评得分",
        "财预〔2020〕10号: 预算执行率按 执行数/预算数 × 分值 计分, 是自评总分的一部分, 应填写得分。",
        "执行率 100%, 分值 10, 得分 空",
        "执行率 100%, 分值 10, 得分 10",
        criterion="完整性",
    ),
    _rule(
        "selfeval.actual-unmeasured",
        "warning",
        "实际完成值没有实测数值(只写达成档次、“完成”或目标形式)",
        "财预〔2020〕10号: 定量指标按 实际完成值/目标值 计分; 实际完成值应是实测的数量、比率或金额,"
        "“达成预期指标”“完成”“≥80%”无法计分, 也无从核实。",
        "≥95%, 实际 达成预期指标 / ≥80%, 实际 ≥80%",
        "≥95%, 实际 97%",
        criterion="完整性",
    ),
    _rule(
        "selfeval.payment-contradicts-execution",
        "warning",
        "资金支付类指标与预算执行率矛盾",
        "财预〔2020〕10号: 预算执行率 = 全年执行数 / 全年预算数; 资金支付(执行、使用)率一类指标"
        "的实际完成值应与资金执行情况一致, 支付100%而执行率不足90%说明自评不实。",
        "资金支付完成率 实际 100%, 预算执行率 86.5%",
        "资金支付完成率 实际 86.5%, 预算执行率 86.5%, 说明原因",
    ),
    _rule(
        "selfeval.goals-actual-unsupported",
        "warning",
        "年度目标完成情况照抄目标或只写“完成”",
        "财预〔2020〕10号: 自评表应填写年度总体目标的实际完成情况,与预期目标逐项对照。",
        "实际完成情况: 完成年度目标。",
        "实际完成情况: 完成中型灌区节水改造1处、农业水价综合改革1项",
        criterion="完整性",
    ),
    _rule(
        "consistency.target-changed",
        "error",
        "自评表指标与批复的目标不一致",
        "DOMAIN: 绩效目标批复后不得擅自调整; 自评应对照批复(或批准调整后)的目标逐项填报。"
        + _CONTEXT,
        "批复 ≥100人, 自评表写 ≥80人",
        "批复 ≥100人, 自评表 ≥100人",
        _needs_context,
        "相关性",
    ),
    _rule(
        "crossyear.target-lowered-funds-up",
        "warning",
        "资金增加而目标降低",
        "财预〔2015〕88号 适当性: 资金规模与目标匹配; 资金增加时目标不应降低。" + _CONTEXT,
        "2023 ≥100人 50万元; 2024 ≥80人 60万元",
        "2023 ≥100人 50万元; 2024 ≥120人 60万元",
        _needs_context,
    ),
    _rule(
        "crossyear.below-last-actual",
        "warning",
        "目标低于上年实际完成值",
        "适当性: 目标应不低于上年实际水平, 否则目标设定偏低。" + _CONTEXT,
        "上年实际 150人, 本年目标 ≥100人",
        "上年实际 150人, 本年目标 ≥150人",
        _needs_context,
    ),
    _rule(
        "crossyear.perfect-score-missed",
        "warning",
        "自评满分而指标未完成",
        "财预〔2020〕10号: 按实际完成情况计分; 各项满分而有指标未达目标, 说明自评不实"
        "(多年度对照时提示)。" + _CONTEXT,
        "各项得满分, 但 ≥149人 实际 140人",
        "≥149人 实际 140人, 得分 18.79",
        _needs_context,
    ),
    _rule(
        "monitoring.likelihood-no-cause",
        "warning",
        "完成目标可能性不是“确定能”却未说明原因和措施",
        "财预〔2019〕136号 双监控: 偏离目标的应分析原因并提出纠偏措施。",
        "有可能, 偏差原因 空",
        "有可能, 偏差原因 经费保障, 措施 追加预算",
        _from_monitoring,
        "可行性",
    ),
    _rule(
        "monitoring.target-unlikely",
        "warning",
        "预计不能完成绩效目标",
        "双监控: 预计无法完成的目标应预警, 并同步调整预算和目标。",
        "完成目标可能性 不可能",
        "完成目标可能性 确定能",
        _from_monitoring,
        "可行性",
    ),
    _rule(
        "monitoring.slow-spending",
        "warning",
        "预算执行进度慢于序时进度(红/黄色预警)",
        "双监控: 执行进度明显滞后的项目应预警(阈值可配置), 严重者(红色)为错误级别。",
        "1–6月执行率 25%",
        "1–6月执行率 48%",
        _from_monitoring,
        "可行性",
    ),
)


def switched(sheet: ScoreSheet, config: RuleConfig) -> ScoreSheet:
    """Given a score sheet and the configuration, return it with only the switched-on findings.

    ``jixiao score`` and the store build their findings outside the engine; the
    administrator's switch and the configured severities must hold there too, or a
    rule turned off in the 规则管理 page would still be reported on every score.
    The scores and the total are not findings and stay as computed.
    """
    defaults = {rule.code: rule.severity for rule in RULES}
    kept = []
    for f in sheet.findings:
        if not config.is_enabled(f.code):
            continue
        # A finding a rule lowered to info (unsure) keeps info, as in the engine.
        lowered = f.severity == "info" and defaults.get(f.code, "info") != "info"
        if f.code in config.severities and not lowered:
            f = replace(f, severity=config.severities[f.code])
        kept.append(f)
    return replace(sheet, findings=tuple(kept))
