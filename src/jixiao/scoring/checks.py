"""Checks on a scored self-evaluation: what the unit wrote against what the rules give.

Codes (stable): selfeval.score-above-weight, selfeval.score-mismatch,
selfeval.tier-out-of-range, selfeval.reason-missing, selfeval.execution-low-no-reason,
selfeval.over-achieved, selfeval.actual-missing, selfeval.unit-mismatch, and the checks a
reviewer makes (issue 16: full marks without evidence, a ceiling breached, weights above
100, actuals that measure nothing, a met target docked, payment against execution, a zero
total row, an effect denied yet scored); every code is a rule in ``jixiao.rules.selfeval``.
The consistency and monitoring families live in their own modules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from jixiao.model.findings import Finding
from jixiao.model.indicator import Indicator
from jixiao.model.money import MONEY_UNITS
from jixiao.model.problems import Severity
from jixiao.model.project import Funds, TargetTable
from jixiao.model.taxonomy import (
    BENEFIT,
    COST,
    ECONOMIC_COST,
    ENVIRONMENT_COST,
    OUTPUT,
    SATISFACTION,
    SOCIAL_COST,
    canonical_level2,
)
from jixiao.scoring.consistency import target_changed
from jixiao.scoring.formulas import fmt, round2
from jixiao.scoring.settings import CheckSettings, settings_from_config
from jixiao.scoring.sheet import IndicatorScore, ScoreSheet
from jixiao.scoring.tiers import tier_of_text
from jixiao.scoring.weights import level1_of


def _at(line: IndicatorScore, code: str, severity: Severity, message: str) -> Finding:
    ind = line.indicator
    return Finding(code, severity, message, ind.source, ind.name, ind.path)


def above_weight(line: IndicatorScore) -> Iterator[Finding]:
    """Flag a reported score above the row's 分值 (财预〔2020〕10号: no bonus points)."""
    rep, w = line.reported_score, line.weight
    if rep is not None and w is not None and not line.weight_from_scheme and rep > w:
        yield _at(
            line,
            "selfeval.score-above-weight",
            "error",
            f"“{line.indicator.name}”得分 {fmt(rep)} 超过分值 {fmt(w)}",
        )


def _achieved_but_docked(line: IndicatorScore) -> bool:
    """Whether a measured target was met (full computed score) and the unit scored below its 分值."""
    rep, w = line.reported_score, line.weight
    if rep is None or w is None or line.weight_from_scheme or line.score is None:
        return False
    if line.method not in ("≥", "≤", "=", "range") or line.units_differ:
        return False
    if line.indicator.value.number == 0 and line.method != "≤":
        return False  # a target of 0 is met by anything: more likely a cell misread
    return line.score >= round2(w) and rep < round2(w)


def below_achieved(line: IndicatorScore) -> Iterator[Finding]:
    """Flag a target met in full but scored below its 分值 with no reason given."""
    if _achieved_but_docked(line) and not (line.indicator.deviation_reason or "").strip():
        ind = line.indicator
        yield _at(
            line,
            "selfeval.score-below-achieved",
            "warning",
            f"“{ind.name}”目标“{ind.value.raw}”, 实际“{ind.actual.raw if ind.actual else ''}”已达成,"
            f"却只自评 {fmt(line.reported_score or Decimal(0))}/{fmt(line.weight or Decimal(0))} 分,"
            "也未说明扣分原因; 达成目标应得满分",
        )


def mismatch(line: IndicatorScore, s: CheckSettings) -> Iterator[Finding]:
    """Flag a reported score that differs from the recomputed one."""
    rep, score = line.reported_score, line.score
    if rep is None or score is None or line.method in ("reported", "tier", "n/a"):
        return
    if _achieved_but_docked(line) and not (line.indicator.deviation_reason or "").strip():
        return  # selfeval.score-below-achieved says it better
    if line.weight is not None and not line.weight_from_scheme and rep > line.weight:
        return  # selfeval.score-above-weight already reports it
    if line.weight_from_scheme and line.weight is not None and score >= line.weight:
        # The target was met but the file gave no 分值: the scheme's even split is a guess,
        # and a reported score below it is more likely the row's real 分值 than an error.
        return
    if abs(rep - score) > s.score_tolerance:
        yield _at(
            line,
            "selfeval.score-mismatch",
            "warning",
            f"“{line.indicator.name}”自评得分 {fmt(rep)}, 按公式应为 {fmt(score)} ({line.explain})",
        )


def tier_range(line: IndicatorScore) -> Iterator[Finding]:
    """Flag a qualitative score outside the band of the grade the unit chose."""
    if line.clamped and line.tier is not None and line.weight is not None:
        rep = line.reported_score
        if line.weight_from_scheme and rep is not None and rep > line.weight:
            # The file gave no 分值 and the unit's score is above the scheme's split: it
            # scored on points of its own (a Hubei 20/80 form, one score for a group), so
            # the band of its grade on our split says nothing about its score.
            return
        low, high = line.tier.bounds(line.weight)
        yield _at(
            line,
            "selfeval.tier-out-of-range",
            "warning",
            f"“{line.indicator.name}”为“{line.tier.name}”, 得分应在 {fmt(low)}–{fmt(high)} 之间, "
            f"自评 {fmt(line.reported_score or Decimal(0))}, 已按 {fmt(line.score or Decimal(0))} 计",
        )


def reason_missing(line: IndicatorScore) -> Iterator[Finding]:
    """Flag a score below full with no 偏差原因分析及改进措施."""
    w = line.weight
    if w is None or line.score is None or (line.indicator.deviation_reason or "").strip():
        return
    if line.method == "missing":
        return  # selfeval.actual-missing already says the row is empty
    if _achieved_but_docked(line):
        return  # the target was met: selfeval.score-below-achieved
    rep = line.reported_score
    # Against a 分值 the file did not give (the scheme's split) only the computed shortfall
    # counts: the reported score's own 分值 is unknown.
    guessed = line.weight_from_scheme
    short = rep is not None and not guessed and rep < round2(w)
    # A qualitative row's score is the reported one, so under a guessed 分值 it says nothing.
    computed_short = line.below_full and not (guessed and line.method in ("reported", "tier"))
    if computed_short or short:
        # The unit's own score when it is the short one ("8/10", not the formula's "10/10").
        shown = rep if short and rep is not None else line.score
        yield _at(
            line,
            "selfeval.reason-missing",
            "warning",
            f"“{line.indicator.name}”未得满分 ({fmt(shown)}/{fmt(w)}), 但未填写偏差原因分析及改进措施",
        )


def over_achieved(line: IndicatorScore, s: CheckSettings) -> Iterator[Finding]:
    """Flag a target exceeded by far: it was probably set too low (适当性)."""
    r = line.ratio
    if r is None:
        return
    if line.method in ("≥", "=") and r > 1 + s.over_achieved:
        yield _at(
            line,
            "selfeval.over-achieved",
            "info",
            f"“{line.indicator.name}”实际完成值为目标的 {fmt(round2(r * 100))}%, 目标可能设定偏低",
        )
    elif line.method == "≤" and r < 1 - s.over_achieved:
        yield _at(
            line,
            "selfeval.over-achieved",
            "info",
            f"“{line.indicator.name}”实际值仅为上限的 {fmt(round2(r * 100))}%, 目标(或预算)可能设定偏宽",
        )


# A 偏差原因 that opens with a figure ("^80%8…", "工5%") is the row's own values shifted
# one column right by the reader (OCR, run-on text), not a reason a unit wrote.
_FIGURE_FIRST = re.compile(r"^\W{0,2}[工二=≥≤<>^]?\s*[0-9０-９]+(?:\.[0-9]+)?\s*[%％]")


def actual_problems(line: IndicatorScore) -> Iterator[Finding]:
    """Flag a row with no usable 实际完成值, or with units differing from the target's."""
    shifted = bool(_FIGURE_FIRST.match(line.indicator.deviation_reason or ""))
    if line.method == "missing" and shifted:
        yield _at(
            line,
            "selfeval.actual-missing",
            "info",
            f"未识别到“{line.indicator.name}”的实际完成值(偏差原因栏以数值开头,"
            "可能是实际完成值错位), 请核对原表",
        )
    elif line.method == "missing" and line.weight_from_scheme:
        # No 分值, no actual, no score: a sub-item under a weighted row, or a row whose
        # columns the reader lost; say what was not found rather than blame the unit.
        yield _at(
            line,
            "selfeval.actual-missing",
            "info",
            f"未识别到“{line.indicator.name}”的实际完成值、分值和得分(可能是上一行的细项), 请核对原表",
        )
    elif line.method == "missing":
        yield _at(
            line,
            "selfeval.actual-missing",
            "warning",
            f"“{line.indicator.name}”未填写实际完成值且无自评得分, 按 0 分计",
        )
    if line.units_differ:
        yield _at(
            line,
            "selfeval.unit-mismatch",
            "info",
            f"“{line.indicator.name}”实际完成值的单位与指标值不一致, 请核对",
        )


# --- issue 16: what a reviewer checks in a self-evaluation ---------------------------


def money_unit_of(unit: str | None) -> str | None:
    """Given a unit (万元, 元/户, 元/人·月), return its money part, or None."""
    head = (unit or "").replace("／", "/").partition("/")[0].strip()
    return head if head in MONEY_UNITS else None


# An "actual" that only says the target was met, against a numeric target.
_DONE_WORDS = re.compile(
    r"^(已?完成|已?达到|达成|已?实现|是|符合|合格|已?达标|按时完成|全部完成)[。.]?$"
)
# Any figure, Arabic or Chinese ("三千六百人", "百分之百"), or a zero said in words
# ("无", "未发生": 0 accidents is a measurement of a "0起" target).
_FIGURE_OR_ZERO = re.compile(
    r"[0-9０-９零〇一二两三四五六七八九十百千万亿]|无|没有|未发生|未出现|杜绝|未有"
)


def _word_for_a_count(ind: Indicator, actual: str) -> bool:
    # A count or an amount (≥3500人) answered by a word ("好", "到位"): nothing was
    # measured. Rates are left out: "全覆盖" against "100%" does say how much. A tier
    # ("达成预期指标") is selfeval.actual-unmeasured's.
    return (
        tier_of_text(actual) is None
        and not ind.value.is_percent
        and ind.value.number is not None
        and not _FIGURE_OR_ZERO.search(actual)
    )


def _full_marks_problem(line: IndicatorScore) -> str | None:
    ind, w, rep = line.indicator, line.weight, line.reported_score
    if w is None or rep is None or rep < round2(w) or line.weight_from_scheme:
        return None
    actual = "".join((ind.actual.raw if ind.actual else "").split())
    target = "".join(ind.value.raw.split())
    if not actual:
        return f"“{ind.name}”没有实际完成值,却自评满分 {fmt(rep)}"
    if ind.value.is_quantitative and (_DONE_WORDS.match(actual) or _word_for_a_count(ind, actual)):
        return f"“{ind.name}”目标为“{ind.value.raw}”,实际只写“{actual}”,没有实际数值,却自评满分 {fmt(rep)}"
    if actual == target and ind.value.op in ("≥", "≤", ">", "<"):
        return f"“{ind.name}”的实际完成值照抄目标“{target}”,不是实际结果,却自评满分 {fmt(rep)}"
    return None


def full_marks_unsupported(line: IndicatorScore) -> Iterator[Finding]:
    """Flag full marks that nothing in the row supports (empty or non-numeric actual)."""
    problem = _full_marks_problem(line)
    if problem:
        yield _at(line, "selfeval.full-marks-unsupported", "warning", problem)


# A value written as a target ("≥80%", "不低于90%"), not as what was measured.
_TARGET_FORM = re.compile(
    r"^\s*(≥|≤|>|<|≧|≦|>=|<=|＞|＜|不低于|不少于|不高于|不超过|大于|小于|高于|低于)"
)


def _unmeasured(line: IndicatorScore) -> str | None:
    """Given a scored row, return how its actual fails to measure a numeric target, or None."""
    ind = line.indicator
    actual = "".join((ind.actual.raw if ind.actual else "").split())
    if not actual or not ind.value.is_quantitative or ind.value.number is None:
        return None
    if tier_of_text(actual) is not None or _DONE_WORDS.match(actual):
        return f"只写“{actual}”"
    if _TARGET_FORM.match(actual):
        return f"写成目标的形式“{actual}”"
    act = ind.actual
    if act is not None and "完成" in actual and act.is_percent and not ind.value.is_percent:
        return f"只写完成比例“{actual}”"
    return None


# A completion claim with at most a percentage: "已完成100%", "全部完成", "完成100%".
_COMPLETION_CLAIM = re.compile(
    r"^(已|均已|全部|均)?(完成|达成|实现|达到)(了)?(年度)?(目标|任务)?(100(\.0+)?%|百分之百)?[。.]?$"
)


def _one_claim_for_all(sheet: ScoreSheet) -> str | None:
    # Every row's 实际完成值 the same completion claim (a 实施进度 column filled "已完成100%"
    # down the page): the form was filled without measuring anything. Three rows at least,
    # so that a two-row table where both really are done is not blamed.
    # Width folded: "已完成100％" typed with a Chinese input method is the same claim.
    actuals = [
        "".join(unicodedata.normalize("NFKC", line.indicator.actual.raw).split())
        for line in sheet.indicators
        if not line.indicator.not_applicable and line.indicator.actual
    ]
    if len(actuals) < 3 or len(set(actuals)) != 1 or len(actuals) < len(sheet.indicators) - 1:
        return None
    # "完成100%" under rate targets only (合格率 100%) may be a terse 100 %; under a count
    # or an amount it measures nothing.
    counted = any(
        line.indicator.value.is_quantitative and not line.indicator.value.is_percent
        for line in sheet.indicators
    )
    return actuals[0] if counted and _COMPLETION_CLAIM.match(actuals[0]) else None


def actuals_unmeasured(sheet: ScoreSheet) -> Iterator[Finding]:
    """Flag actuals that do not measure their numeric target (达成预期指标, 完成, ≥80%).

    财预〔2020〕10号 scores a quantitative indicator by actual/target: an actual that only
    names a tier or repeats a target's form cannot be scored or checked. Rows whose full
    marks are already flagged for it (selfeval.full-marks-unsupported) are left to that
    rule. When most rows do it, it is one habit of the table: one finding, not one a row.
    """
    same = _one_claim_for_all(sheet)
    if same is not None:
        yield Finding(
            "selfeval.actual-unmeasured",
            "warning",
            f"各指标的实际完成值都只写“{same}”,不论目标是次数、金额、时限还是满意度;"
            " 没有实际完成的数值, 自评无从核实",
            sheet.table.source,
        )
        return
    found = []
    numeric = 0
    for n, line in enumerate(sheet.indicators):
        ind = line.indicator
        if ind.not_applicable or not ind.value.is_quantitative:
            continue
        numeric += 1
        why = _unmeasured(line)
        if why is None or (_full_marks_problem(line) and not _heads_group(sheet.indicators, n)):
            continue
        found.append((line, why))
    if len(found) >= 3 and 2 * len(found) >= numeric:
        names = "、".join(f"“{line.indicator.name}”" for line, _ in found[:3])
        yield Finding(
            "selfeval.actual-unmeasured",
            "warning",
            f"{len(found)} 个定量指标({names}等)的实际完成值没有实测数值,"
            "只写达成档次、“完成”或目标形式; 应填写实际完成的数量、比率或金额",
            sheet.table.source,
        )
        return
    for line, why in found:
        yield _at(
            line,
            "selfeval.actual-unmeasured",
            "warning",
            f"“{line.indicator.name}”目标为“{line.indicator.value.raw}”,实际完成值{why},"
            "不是实测结果; 应填写实际完成的数值",
        )


# An indicator of the money's own progress: 资金支付率, 预算执行率, 资金使用率, 支付进度.
_PAYMENT = re.compile(
    r"(资金|经费|预算|款项)?[^,，;；]{0,6}(支付|执行|使用|支出)(完成)?(率|进度|比例)"
)


def payment_contradicts_execution(sheet: ScoreSheet) -> Iterator[Finding]:
    """Flag a payment indicator claimed done while the funds block shows the money unspent.

    财预〔2020〕10号: the execution rate is 全年执行数 / 全年预算数; a 时效 or 质量 row that
    says 资金支付 100 % while the same table executes 86.5 % contradicts its own figures.
    """
    rate = sheet.execution.rate
    if rate is None or rate >= Decimal("0.9"):
        return
    for line in sheet.indicators:
        ind, act = line.indicator, line.indicator.actual
        if ind.not_applicable or act is None or not _PAYMENT.search(ind.name):
            continue
        claimed = act.number if act.is_quantitative and act.is_percent else None
        if claimed is None and (tier_of_text(act.raw) is not None or _DONE_WORDS.match(act.raw)):
            claimed = Decimal(100)
        if claimed is None or claimed < 90 or claimed - rate * 100 < 10:
            continue
        yield _at(
            line,
            "selfeval.payment-contradicts-execution",
            "warning",
            f"“{ind.name}”实际完成“{act.raw}”, 但本表预算执行率只有 {fmt(round2(rate * 100))}%:"
            " 指标与资金执行情况自相矛盾",
        )


def _is_cost(line: IndicatorScore) -> bool:
    ind = line.indicator
    costs = {COST, ECONOMIC_COST, SOCIAL_COST, ENVIRONMENT_COST}
    return level1_of(ind) == COST or canonical_level2(ind.level2) in costs


def ceiling_exceeded(line: IndicatorScore) -> Iterator[Finding]:
    """Flag an actual above a ceiling (≤5300元/户, actual 5830): a breach, not a shortfall."""
    ind, r = line.indicator, line.ratio
    # A cost written "=5000元/人" is scored as a ceiling (the scorer's "≤" fallback):
    # paying 5500 per head is the same breach of the standard as with "≤5000元/人".
    cost_standard = line.method == "=" and _is_cost(line) and (line.score or 0) < (line.weight or 0)
    if not (line.method == "≤" or cost_standard) or r is None or r <= 1 or line.units_differ:
        return
    if money_unit_of(ind.value.unit) is None:
        return  # a late deadline (≤1年, 1.25年) is a shortfall the formula already scores
    yield _at(
        line,
        "selfeval.ceiling-exceeded",
        "error",
        f"“{ind.name}”实际“{ind.actual.raw if ind.actual else ''}”超过上限“{ind.value.raw}”: "
        "突破标准属违规,应说明原因并整改,不是小幅未完成",
    )


def weights_total(sheet: ScoreSheet, read_in_part: bool = False) -> Iterator[Finding]:
    """Flag 分值 that do not add up to 100 with the execution line (5×20 + 10 = 110, or
    80 + 10 = 90 on a table read whole where every indicator applies)."""
    lines = [s for s in sheet.indicators if not s.indicator.not_applicable]
    if not lines or any(s.weight_from_scheme or s.weight is None for s in lines):
        return
    rows = sum((s.weight for s in lines if s.weight is not None), Decimal(0))
    funds = sheet.table.funds
    execution = funds.execution_weight
    if execution is None and funds.execution_rate is not None and sheet.execution.weight:
        # The 10号 layout (a 执行率 column) scores execution even where its 分值 cell was
        # lost: rows worth 100 leave it nothing (5 × 20 + 10 = 110).
        execution = sheet.execution.weight
    total = rows + (execution or Decimal(0))
    if total > 100 or (total < 100 and _short_of_the_scheme(sheet, execution, read_in_part)):
        shown = f"指标分值合计 {fmt(rows)}" + (
            f" + 预算执行率 {fmt(execution)}" if execution else ""
        )
        yield Finding(
            "selfeval.weights-total",
            "warning",
            f"{shown} = {fmt(total)} 分,不等于100分; 应按评分方案分配分值",
            sheet.table.source,
        )


def _short_of_the_scheme(sheet: ScoreSheet, execution: Decimal | None, read_in_part: bool) -> bool:
    """Whether 分值 below 100 can only be a scheme the unit did not follow.

    财预〔2020〕10号 rescales the total when a category is 不适用 or absent (a table
    with no 满意度 row splits the points of the categories it has), so below 100 is
    right then; a file cut off loses rows and their points; a table that gives no
    execution 分值 may score execution apart. Otherwise 10 + 80 leaves 10 points nowhere.
    """
    rows = sheet.table.indicators
    if read_in_part or execution is None or any(i.not_applicable for i in rows):
        return False
    present = {level1_of(i) for i in rows}
    return bool({OUTPUT, COST} & present) and {BENEFIT, SATISFACTION} <= present


_GENERIC_ACTUAL = re.compile(
    r"^(已?完成|已?达到|达成|实现)(了)?(年度|全年|预期)?(绩效)?(目标|任务|指标)?[。.]?$"
)


_GOAL_NUMBERING = re.compile(
    r"(?:目标|完成情况)?[0-9一二三四五六七八九十]{1,2}[:：、.．)）]|[\s,，;；。:：、!！?？()（）]"
)


def _bare_goal_text(text: str) -> str:
    return _GOAL_NUMBERING.sub("", text)


def goals_actual_unsupported(sheet: ScoreSheet) -> Iterator[Finding]:
    """Flag a 年度总体目标完成情况 that copies the goals or only says "完成年度目标"."""
    table = sheet.table
    actual = "".join("".join(table.goals_actual).split())
    goals = "".join("".join(table.goals).split())
    if not actual:
        return
    # The copy may be numbered differently ("目标1:…" above, "1:…" below) or punctuated
    # otherwise: compared without numbering and punctuation.
    copied = _bare_goal_text(actual) == _bare_goal_text(goals)
    name = "".join((table.project.name or "").split())
    if _GENERIC_ACTUAL.match(actual):
        why = f"只写“{actual}”"
    elif len(actual) >= 10 and copied:
        why = "逐字照抄年度目标"
    elif name and actual == name:
        why = "只写了项目名称"
    else:
        return
    yield Finding(
        "selfeval.goals-actual-unsupported",
        "warning",
        f"年度总体目标的实际完成情况{why},没有说明实际完成了什么",
        table.source,
    )


def _total_row_unfilled(funds: Funds) -> bool:
    """Whether the 年度资金总额 row is 0 or empty above a positive 财政拨款 row.

    The reader then takes the execution from the 财政拨款 row, so a total of 0 over a
    positive fiscal amount is that case as well as a row of zeros.
    """
    if not funds.fiscal or funds.fiscal <= 0:
        return False
    total_row = [funds.total, funds.budget_initial, funds.budget_adjusted, funds.executed]
    zero_total = funds.total is not None and funds.total == 0
    return zero_total or not any(v and v > 0 for v in total_row)


def execution_findings(sheet: ScoreSheet, s: CheckSettings) -> Iterator[Finding]:
    """Flag the execution line: score above weight, score mismatch, low rate without reason."""
    ex, where = sheet.execution, sheet.table.source
    rep = ex.reported_score
    if rep is not None and rep > ex.weight:
        yield Finding(
            "selfeval.score-above-weight",
            "error",
            f"预算执行率得分 {fmt(rep)} 超过分值 {fmt(ex.weight)}",
            where,
        )
    elif (
        rep is not None
        and ex.rate is not None
        and abs(rep - ex.score) > s.score_tolerance
        and not _total_row_unfilled(sheet.table.funds)
    ):
        # (An unfilled total row is one finding below, not two: its 0 score is its cause.)
        yield Finding(
            "selfeval.score-mismatch",
            "warning",
            f"预算执行率自评得分 {fmt(rep)}, 按公式应为 {fmt(ex.score)} ({ex.explain})",
            where,
        )
    # Nothing scored and nothing measured: the unit filled the money and stopped. (A
    # workbook whose scores are Excel formulas has its actuals, so it is not flagged.)
    unscored = all(
        line.reported_score is None and not (line.indicator.actual and line.indicator.actual.raw)
        for line in sheet.indicators
    )
    if rep is None and ex.rate is not None and sheet.table.funds.execution_weight and unscored:
        yield Finding(
            "selfeval.execution-score-missing",
            "warning",
            f"预算执行率 {fmt(round2(ex.rate * 100))}% 已填, 但执行率和各指标均未自评得分"
            f"(执行率按公式应得 {fmt(ex.score)} 分)",
            where,
        )
    funds = sheet.table.funds
    if _total_row_unfilled(funds):
        # 年度资金总额 0/0/0 above a 财政拨款 row of 90/89.974/89.974: the total row was
        # left unfilled, so its 0 % says nothing; the consistent row is the fiscal one.
        yield Finding(
            "selfeval.execution-rows-contradict",
            "warning",
            f"年度资金总额行为 0 (或空), 而其中财政拨款 {fmt(funds.fiscal or Decimal(0))} 万元: 总额行未填,"
            "预算执行率和得分应按财政拨款行计算, 不是 0",
            where,
        )
        return
    reason = (funds.execution_reason or "").strip()
    if ex.rate is not None and ex.rate < s.execution_reason_below and not reason:
        yield Finding(
            "selfeval.execution-low-no-reason",
            "warning",
            f"预算执行率 {fmt(round2(ex.rate * 100))}% 低于 {fmt(s.execution_reason_below * 100)}%, "
            "但未说明原因",
            where,
        )


def denied_effect_scored(line: IndicatorScore) -> Iterator[Finding]:
    """Flag a row that says its effect does not exist (无经济效益) and still takes points."""
    ind = line.indicator
    if line.method == "n/a" and not ind.not_applicable and (ind.score or 0) > 0:
        yield _at(
            line,
            "selfeval.denied-effect-scored",
            "warning",
            f"“{ind.name}”写明没有此项效益, 却自评 {fmt(ind.score or Decimal(0))} 分;"
            " 应填“不适用”, 总分按其余指标折算",
        )


def line_findings(
    line: IndicatorScore, s: CheckSettings, *, group: bool = False
) -> Iterator[Finding]:
    """Given one scored row, yield every self-evaluation finding about it.

    ``group`` says the row heads sub-items that carry the values and actuals
    (★补助各类种植面积 10分, then 红薯种植面积 5.5亩 5.5亩): its empty actual is normal.
    """
    if line.indicator.not_applicable:
        return
    yield from denied_effect_scored(line)
    if line.method == "n/a":
        return
    yield from above_weight(line)
    yield from mismatch(line, s)
    yield from tier_range(line)
    yield from reason_missing(line)
    yield from below_achieved(line)
    yield from over_achieved(line, s)
    yield from actual_problems(line)
    if not group:
        yield from full_marks_unsupported(line)
    yield from ceiling_exceeded(line)


def _heads_group(lines: tuple[IndicatorScore, ...], n: int) -> bool:
    if n + 1 >= len(lines):
        return False
    after = lines[n + 1].indicator
    return after.weight is None and bool(
        after.value.raw.strip() or (after.actual and after.actual.raw)
    )


def sheet_findings(
    sheet: ScoreSheet, *, target: TargetTable | None = None, config: Mapping[str, Any] | None = None
) -> tuple[Finding, ...]:
    """Given a score sheet (and optionally the approved target), return all its findings."""
    s = settings_from_config(config or {})
    out = list(execution_findings(sheet, s))
    out.extend(weights_total(sheet, _read_in_part(sheet.table, config or {})))
    out.extend(goals_actual_unsupported(sheet))
    out.extend(actuals_unmeasured(sheet))
    out.extend(payment_contradicts_execution(sheet))
    lines = sheet.indicators
    for n, line in enumerate(lines):
        out.extend(line_findings(line, s, group=_heads_group(lines, n)))
    if _read_in_part(sheet.table, config or {}):
        out = [_noted(f) if f.code == "selfeval.actual-missing" else f for f in out]
    if target is not None:
        out.extend(target_changed(sheet.table, target))
    return tuple(out)


def _read_in_part(table: TargetTable, config: Mapping[str, Any]) -> bool:
    # A file cut off (the parser's parse.truncated, passed by the review as ``partial``):
    # an actual "missing" there may be missing from the reading only. A table of few
    # rows read whole is not doubted: some templates have only two indicators.
    return bool(config.get("partial")) or table.read_in_part


def _noted(finding: Finding) -> Finding:
    if finding.severity == "info":
        return finding
    return replace(
        finding,
        severity="info",
        message=f"未识别到: {finding.message}(表格只读到一部分, 可能是表格未完整读取, 请核对原表)",
    )
