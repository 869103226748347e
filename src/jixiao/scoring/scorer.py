"""Score a self-evaluation table: every indicator, the execution line, the total, the grade."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from jixiao.model.indicator import Indicator
from jixiao.model.money import MONEY_UNITS, to_wanyuan
from jixiao.model.project import Funds, TargetTable
from jixiao.model.script import restore_names, simplified_view
from jixiao.model.taxonomy import (
    COST,
    ECONOMIC_COST,
    ENVIRONMENT_COST,
    SOCIAL_COST,
    canonical_level2,
)
from jixiao.model.values import TargetValue
from jixiao.scoring import formulas as f
from jixiao.scoring.checks import sheet_findings
from jixiao.scoring.schemes import Scheme, get_scheme
from jixiao.scoring.sheet import ExecutionScore, IndicatorScore, Method, ScoreSheet
from jixiao.scoring.tiers import ACHIEVED, score_in_tier, tier_of_score, tier_of_text
from jixiao.scoring.weights import level1_of, scheme_weights

_COSTS = {COST, ECONOMIC_COST, SOCIAL_COST, ENVIRONMENT_COST}


def is_cost(ind: Indicator) -> bool:
    """Whether an indicator is a cost indicator (legacy 产出›成本 or 101号 成本指标)."""
    return level1_of(ind) == COST or canonical_level2(ind.level2) in _COSTS


def _numbers(target: TargetValue, actual: TargetValue) -> tuple[Decimal, Decimal, bool]:
    """Given two quantitative values, return target, actual (money in 万元) and units-differ."""
    t, a = target.number, actual.number
    assert t is not None and a is not None
    tu, au = (target.unit or "").strip(), (actual.unit or "").strip()
    th, _, tp = tu.replace("／", "/").partition("/")
    ah, _, ap = au.replace("／", "/").partition("/")
    if th in MONEY_UNITS and ah in MONEY_UNITS and ap in ("", tp) and tu != au:
        # "≤90万元" against "899,740元": compare in 万元, as the model keeps money. An
        # actual that drops the standard's "/户" ("≤5300元/户", actual "5830元") is the
        # same amount per household, not another unit.
        return to_wanyuan(t, th), to_wanyuan(a, ah), False
    scale = _commensurable(tu, au)
    if scale is not None:
        # "≤1分钟" against "45秒", "≥120公里" against "12.6万米": one quantity in two units.
        return t * scale[0], a * scale[1], False
    return t, a, bool(tu and au and tu != au)


#: Units of one dimension, each in the dimension's base unit (seconds, metres, kilograms).
#: Only words that name nothing else: "分" is also a score, "时" a time of day.
_DIMENSIONS: tuple[dict[str, Decimal], ...] = (
    {"秒": Decimal(1), "秒钟": Decimal(1), "分钟": Decimal(60), "小时": Decimal(3600)},
    {"米": Decimal(1), "公里": Decimal(1000), "千米": Decimal(1000), "万米": Decimal(10000)},
    {"公斤": Decimal(1), "千克": Decimal(1), "吨": Decimal(1000), "万吨": Decimal(10_000_000)},
)


def _commensurable(tu: str, au: str) -> tuple[Decimal, Decimal] | None:
    """Given a target's and an actual's units, return each one's factor to a common base
    unit when they differ but measure the same thing, else None."""
    if tu == au:
        return None
    for units in _DIMENSIONS:
        if tu in units and au in units:
            return units[tu], units[au]
    return None


# Rates and counts of harm (成灾率, 事故, 投诉率): less is better, so a target written
# without a comparator ("0.4%") is a ceiling. Anchored at the end of the name: the
# 查处率 of 违法案件 is a rate of good work, its 发生率 one of harm.
_HARM = re.compile(
    r"(发生|受害|成灾|死亡|伤亡|投诉|差错|失误|故障|返工|流失|辍学|发病|超标|错误|不合格|"
    r"空置|闲置|事故|损失)(率|数|人数|次数|起数|面积)?\s*([（(][^()（）]*[)）])?\s*$"
)


def lower_is_better(ind: Indicator) -> bool:
    """Whether an "=A" target is a ceiling: a cost, or a rate or count of harm."""
    return is_cost(ind) or _HARM.search(ind.name) is not None


def _formula(ind: Indicator, weight: Decimal, t: Decimal, a: Decimal, tol: Decimal) -> f.Computed:
    value = ind.value
    if value.upper is not None:
        return f.within_range(weight, t, value.upper, a)
    if value.op in ("≥", ">"):
        return f.at_least(weight, t, a)
    if value.op in ("≤", "<"):
        return f.at_most(weight, t, a)
    return f.equal(weight, t, a, tolerance=tol, fallback="≤" if lower_is_better(ind) else "≥")


def _quantitative(ind: Indicator, weight: Decimal, scheme: Scheme) -> IndicatorScore:
    assert ind.actual is not None
    t, a, differ = _numbers(ind.value, ind.actual)
    done = _formula(ind, weight, t, a, scheme.equal_tolerance)
    note = " (注意: 目标与实际单位不一致)" if differ else ""
    return IndicatorScore(
        ind,
        weight,
        done.score,
        f"{ind.value.raw}, 实际{ind.actual.raw}: {done.expr}{note}",
        _method(ind.value),
        ratio=a / t if t > 0 else None,
        units_differ=differ,
    )


def _method(value: TargetValue) -> Method:
    if value.upper is not None:
        return "range"
    if value.op in ("≥", ">"):
        return "≥"
    if value.op in ("≤", "<"):
        return "≤"
    return "="


def _same_text(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split()) != ""


def _qualitative(ind: Indicator, weight: Decimal) -> IndicatorScore | None:
    actual = ind.actual.raw if ind.actual else ""
    tier = tier_of_text(actual)
    if tier is None and _same_text(actual, ind.value.raw):
        # The unit repeated the target text as its actual ("本年内" / "本年内"): met.
        tier = ACHIEVED
    if tier is None and ind.score is not None and not ind.value.is_quantitative:
        # A qualitative row with only a score: the score says which grade the unit chose.
        tier = tier_of_score(ind.score, weight)
    if tier is None:
        return None
    done, clamped = score_in_tier(tier, weight, ind.score)
    return IndicatorScore(
        ind,
        weight,
        done.score,
        f"实际“{actual}”: {done.expr}"
        if actual.strip()
        else f"未填实际完成值, 按自评分定档: {done.expr}",
        "tier",
        tier=tier,
        clamped=clamped,
    )


def _computable(ind: Indicator) -> bool:
    """Whether target and actual both carry a number (and the actual is not a tier name)."""
    act, value = ind.actual, ind.value
    return (
        act is not None
        and act.number is not None
        and act.is_quantitative
        and value.number is not None
        and value.is_quantitative
        and tier_of_text(act.raw) is None
    )


def _target(ind: Indicator) -> str:
    return f"{ind.value.raw}: " if ind.value.raw.strip() else ""


# "社会公益服务无经济效益": the row itself says the effect does not exist; 财预〔2020〕10号
# drops such a row as 不适用 and rescales, it does not score it in full.
_DENIED = re.compile(r"(无|没有|不产生|不涉及)(直接)?(的)?(经济|社会|生态|环境)效益")


def denies_effect(ind: Indicator) -> bool:
    """Whether a row states that its effect does not exist (无经济效益)."""
    return bool(_DENIED.search(ind.name) or _DENIED.search(ind.value.raw))


def score_indicator(ind: Indicator, weight: Decimal | None, scheme: Scheme) -> IndicatorScore:
    """Given an indicator, its weight and the scheme, return its score with the explanation."""
    if ind.not_applicable:
        return IndicatorScore(ind, weight, None, "不适用, 不计分; 总分按适用指标折算为100分", "n/a")
    if denies_effect(ind):
        return IndicatorScore(
            ind,
            weight,
            None,
            "写明无此效益, 按不适用处理, 不计分; 总分按适用指标折算为100分",
            "n/a",
        )
    w = weight if weight is not None else Decimal(0)
    act = ind.actual
    if _computable(ind):
        return _quantitative(ind, w, scheme)
    quali = _qualitative(ind, w)
    if quali is not None:
        return quali
    if ind.score is not None:
        kept = f.round2(f.cap(ind.score, w))
        why = f"实际“{act.raw}”无法按公式计算" if act and act.raw.strip() else "未填实际完成值"
        return IndicatorScore(
            ind, w, kept, f"{_target(ind)}{why}, 采用自评分 {f.fmt(kept)}", "reported"
        )
    return IndicatorScore(ind, w, Decimal(0), f"{_target(ind)}未填实际完成值, 得 0", "missing")


def _budget(funds: Funds) -> Decimal | None:
    for amount in (funds.budget_adjusted, funds.budget_initial, funds.total):
        if amount is not None and amount > 0:
            return amount
    return None


def _reported_rate(rate: Decimal) -> Decimal:
    # Readers may keep "100.00%" as 100 or as 1: a rate above 2 can only be a percentage.
    return rate / f.HUNDRED if rate > 2 else rate


#: Execution weights the provincial schemes use (财预〔2020〕10号 10; Hubei 20; some 15, 30).
_EXECUTION_WEIGHTS = (Decimal(10), Decimal(15), Decimal(20), Decimal(25), Decimal(30))


def _execution_weight(funds: Funds, scheme: Scheme) -> Decimal:
    """Given the funds block and the scheme, return the 预算执行率 分值.

    The file's own 分值 first. A file that gives none but scores execution above the
    scheme's weight (得分 20 at 100 % under a Hubei 20/80 layout, "得分(20分*执行率)")
    shows its weight through the score: score / rate, when that is a weight some
    scheme uses. Otherwise the scheme's.
    """
    if funds.execution_weight is not None and funds.execution_weight <= _EXECUTION_WEIGHTS[-1]:
        return funds.execution_weight
    # A 分值 above any scheme's execution weight is the rate typed into the wrong cell
    # ("分值 100 | 执行率 100% | 得分 10" on an xls flattened to text): not a weight.
    reported, rate = funds.execution_score, _file_rate(funds)
    if reported is not None and reported > scheme.execution and rate is not None and rate > 0:
        implied = f.round2(reported / min(rate, Decimal(1)))
        if implied in _EXECUTION_WEIGHTS:
            return implied
    return scheme.execution


def _file_rate(funds: Funds) -> Decimal | None:
    budget = _budget(funds)
    if funds.executed is not None and budget is not None:
        return funds.executed / budget
    return _reported_rate(funds.execution_rate) if funds.execution_rate is not None else None


def _weights_forced_by_scores(table: TargetTable, scheme: Scheme) -> tuple[Decimal, ...] | None:
    """Given a table with a 得分 column and no 分值 column, return the weights its scores force.

    A score is at most its weight and the weights add up to 100 with execution's, so when
    the unit's scores already add up to 100 with execution's 分值 (塘湖镇's 20 + 10 + 20 +
    10 + 10 + 10 + 20 = 100 under "年度目标 (80分)"), each row's weight is its score. The
    scheme's even split would instead rescale rows the unit weighted unevenly.
    """
    rows = table.indicators
    if not rows or any(i.weight is not None or i.not_applicable for i in rows):
        return None
    scores = [i.score for i in rows]
    if any(sc is None or sc <= 0 for sc in scores):
        return None
    execution = _execution_weight(table.funds, scheme)
    claimed = sum((sc for sc in scores if sc is not None), Decimal(0))
    if abs(claimed + execution - f.HUNDRED) > Decimal("0.01"):
        return None
    return tuple(sc for sc in scores if sc is not None)


def rows_take_all_points(table: TargetTable) -> bool:
    """Whether the unit's own 分值 give all 100 points to the indicator rows.

    Some provincial 专项 self-evaluations (Sichuan 普惠金融: 20% + 20% + 10% … = 100%)
    have no 预算执行率 line among the points: the execution rate is reported but not
    scored, and adding the central scheme's 10 would rescale every full score down.
    A funds block with a 执行率 column is the 10号 layout, whose execution line always
    carries points: rows adding up to 100 there are weights that break the scheme.
    """
    funds = table.funds
    columns = (funds.execution_weight, funds.execution_score, funds.execution_rate)
    if any(value is not None for value in columns):
        return False
    rows = [i for i in table.indicators if not i.not_applicable]
    if not rows or any(i.weight is None for i in rows):
        return False
    total = sum((i.weight for i in rows if i.weight is not None), Decimal(0))
    return abs(total - f.HUNDRED) <= Decimal("0.5")


def score_execution(funds: Funds, scheme: Scheme, *, unscored: bool = False) -> ExecutionScore:
    """Given the funds block and the scheme, return the 预算执行率 score.

    ``unscored``: the table's scheme gives execution no points (see rows_take_all_points);
    the rate is still worked out, for the checks on it.
    """
    if unscored:
        line = _score_execution(funds, Decimal(0))
        shown = f", 执行率 {f.fmt(f.round2(line.rate * 100))}%" if line.rate is not None else ""
        return replace(line, explain=f"各指标分值合计100, 预算执行率不计分{shown}")
    return _score_execution(funds, _execution_weight(funds, scheme))


def _score_execution(funds: Funds, weight: Decimal) -> ExecutionScore:
    budget = _budget(funds)
    reported = funds.execution_score
    if funds.executed is not None and budget is not None:
        rate, done = f.execution(weight, funds.executed, budget)
        return ExecutionScore(rate, weight, done.score, f"预算执行率 {done.expr}", reported)
    if funds.execution_rate is not None:
        rate = _reported_rate(funds.execution_rate)
        score = f.round2(f.cap(weight * rate, weight))
        return ExecutionScore(
            rate,
            weight,
            score,
            f"按填报执行率 {f.fmt(rate * 100)}%: {f.fmt(weight)} × min({f.fmt(rate)}, 1) = {f.fmt(score)}",
            reported,
        )
    if reported is not None:
        kept = f.round2(f.cap(reported, weight))
        return ExecutionScore(
            None, weight, kept, f"未填预算执行数, 采用自评分 {f.fmt(kept)}", reported
        )
    return ExecutionScore(None, weight, Decimal(0), "未填预算执行数, 得 0", None)


def _totals(
    execution: ExecutionScore, lines: tuple[IndicatorScore, ...]
) -> tuple[Decimal, Decimal | None]:
    used = [s for s in lines if s.score is not None and s.weight is not None]
    weights = execution.weight + sum((s.weight for s in used if s.weight is not None), Decimal(0))
    total = f.rescale(
        execution.score + sum((s.score for s in used if s.score is not None), Decimal(0)), weights
    )
    # An execution line worth no points (rows_take_all_points) has no score to report.
    counted = execution.weight or execution.reported_score is not None
    reported = ([execution.reported_score] if counted else []) + [s.reported_score for s in used]
    if any(r is None for r in reported):
        return total, None
    claimed = sum((r for r in reported if r is not None), Decimal(0))
    if any(s.weight_from_scheme for s in used):
        # The file gave scores but no 分值: its own 总分 is their plain sum (Hubei 20/40/40
        # tables: 20 + 39.6 + 40 = 99.6); rescaling by weights it never wrote would not be.
        return total, f.round2(claimed)
    return total, f.rescale(claimed, weights)


def score_table(
    table: TargetTable,
    scheme: str | Scheme = "central-2020",
    target: TargetTable | None = None,
    *,
    config: Mapping[str, Any] | None = None,
) -> ScoreSheet:
    """Given a self-evaluation table, a scheme name and optionally the approved target, return its score sheet.

    Rows without a 分值 take the scheme's split; the findings include the
    self-evaluation checks and, when ``target`` is given, consistency with it.
    """
    chosen = scheme if isinstance(scheme, Scheme) else get_scheme(scheme)
    # The words that set a formula's direction or a check (成灾率 is a ceiling, 支付 a
    # payment) are written in simplified characters: a traditional self-evaluation
    # (成災率) is scored on its simplified view, as the review checks it, and the sheet
    # keeps the file's own names.
    original = table
    table, back = simplified_view(table)
    defaults = _weights_forced_by_scores(table, chosen) or scheme_weights(table, chosen)
    lines = tuple(
        _with_scheme_flag(
            score_indicator(ind, ind.weight if ind.weight is not None else d, chosen),
            ind.weight is None,
        )
        for ind, d in zip(table.indicators, defaults, strict=True)
    )
    execution = score_execution(table.funds, chosen, unscored=rows_take_all_points(table))
    total, reported_total = _totals(execution, lines)
    grade, cap = _capped_grade(f.grade(total), table, config or {})
    sheet = ScoreSheet(table, chosen.name, execution, lines, total, reported_total, grade)
    findings = sheet_findings(sheet, target=target, config=config or {})
    if back:
        sheet = _in_file_script(sheet, original, back)
        findings = tuple(
            replace(
                x,
                message=restore_names(x.message, back),
                indicator=restore_names(x.indicator, back) if x.indicator else None,
                path=restore_names(x.path, back) if x.path else None,
            )
            for x in findings
        )
    return replace(sheet, findings=findings, grade_cap=cap)


def _in_file_script(sheet: ScoreSheet, original: TargetTable, back: dict[str, str]) -> ScoreSheet:
    """Given a sheet scored on a simplified view, return it with the file's table and rows."""
    rows = tuple(
        replace(line, indicator=ind)
        for line, ind in zip(sheet.indicators, original.indicators, strict=True)
    )
    return replace(sheet, table=original, indicators=rows)


#: The best self-evaluation grade of a table read only in part (as the review's).
PARTIAL_BEST = "良"
_ORDER = ("优", "良", "中", "差")


def _capped_grade(
    grade: str, table: TargetTable, config: Mapping[str, Any]
) -> tuple[str, str | None]:
    """Given the total's grade, return it capped when the table was read only in part.

    A cut-off file loses rows; the total is rescaled over the rows read, so a weak
    self-evaluation would show 优 on what survived. At best 良, and the reason.
    """
    read_in_part = bool(config.get("partial")) or table.read_in_part
    if not read_in_part or _ORDER.index(grade) >= _ORDER.index(PARTIAL_BEST):
        return grade, None
    return PARTIAL_BEST, f"表格只读到一部分,总分按读到的指标折算,评级最高为{PARTIAL_BEST}"


def _with_scheme_flag(line: IndicatorScore, from_scheme: bool) -> IndicatorScore:
    return replace(line, weight_from_scheme=from_scheme) if from_scheme else line
