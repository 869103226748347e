"""The docs/contract.md JSON shapes (``jixiao.parse/1``) to and from the model."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from jixiao.model.indicator import Indicator
from jixiao.model.location import Location
from jixiao.model.money import money_str
from jixiao.model.problems import ParseResult, Problem, Severity
from jixiao.model.project import Funds, ProjectHeader, TableKind, TargetTable
from jixiao.model.values import Op, TargetValue, ValueKind

PARSE_SCHEMA = "jixiao.parse/1"

JSON = dict[str, Any]
#: The header fields a scan's uncertain cells can mark (TargetTable.ocr_unsure).
HEADER_UNSURE = frozenset(
    {
        "funds_total",
        "funds_fiscal",
        "funds_carryover",
        "funds_other",
        "source",
        "period_years",
        "goals",
    }
)

_EXEC_FIELDS = ("budget_initial", "budget_adjusted", "executed", "execution_rate")


def value_to_dict(value: TargetValue) -> JSON:
    """Given a target value, return its JSON object."""
    out: JSON = {
        "raw": value.raw,
        "kind": value.kind,
        "op": value.op,
        "number": money_str(value.number),
        "unit": value.unit,
    }
    if value.upper is not None:
        out["upper"] = money_str(value.upper)
    return out


def _dec(text: object) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def value_from_dict(data: JSON) -> TargetValue:
    """Given a value's JSON object, return the target value."""
    return TargetValue(
        raw=str(data.get("raw", "")),
        kind=cast(ValueKind, data.get("kind", "qualitative")),
        op=cast(Op | None, data.get("op")),
        number=_dec(data.get("number")),
        unit=data.get("unit"),
        upper=_dec(data.get("upper")),
    )


def indicator_to_dict(ind: Indicator, kind: TableKind) -> JSON:
    """Given an indicator and its table kind, return the indicator's JSON object."""
    out: JSON = {
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "value": value_to_dict(ind.value),
        "not_applicable": ind.not_applicable,
        "level1_inferred": ind.level1_inferred,
        "source": ind.source.to_dict() if ind.source else None,
    }
    if kind == "self_evaluation":
        out["actual"] = value_to_dict(ind.actual) if ind.actual else None
        out["weight"] = money_str(ind.weight)
        out["score"] = money_str(ind.score)
        out["deviation_reason"] = ind.deviation_reason
    elif kind == "monitoring":
        out["progress"] = value_to_dict(ind.progress) if ind.progress else None
        out["expected"] = value_to_dict(ind.expected) if ind.expected else None
        out["likelihood"] = ind.likelihood
        out["deviation_reason"] = ind.deviation_reason
        out["measures"] = ind.measures
    if kind != "self_evaluation" and ind.weight is not None:
        # Some 目标表 (Chongqing's 整体绩效目标表) give each indicator a 权重: keep it,
        # but only when present, so tables without weights keep their contract shape.
        out["weight"] = money_str(ind.weight)
    if ind.ocr_unsure:
        # Only a scan read with low confidence has it, so other tables keep their shape.
        out["ocr_unsure"] = list(ind.ocr_unsure)
    return out


def indicator_from_dict(data: JSON) -> Indicator:
    """Given an indicator's JSON object, return the indicator."""

    def opt_value(key: str) -> TargetValue | None:
        v = data.get(key)
        return value_from_dict(v) if isinstance(v, dict) else None

    src = data.get("source")
    return Indicator(
        level1=str(data.get("level1", "")),
        level2=str(data.get("level2", "")),
        name=str(data.get("name", "")),
        value=value_from_dict(data.get("value") or {"raw": "", "kind": "qualitative"}),
        not_applicable=bool(data.get("not_applicable", False)),
        level1_inferred=bool(data.get("level1_inferred", False)),
        source=Location.from_dict(src) if isinstance(src, dict) else None,
        actual=opt_value("actual"),
        weight=_dec(data.get("weight")),
        score=_dec(data.get("score")),
        deviation_reason=data.get("deviation_reason"),
        progress=opt_value("progress"),
        expected=opt_value("expected"),
        likelihood=data.get("likelihood"),
        measures=data.get("measures"),
        ocr_unsure=tuple(str(f) for f in data.get("ocr_unsure") or () if f in ("name", "value")),
    )


def funds_to_dict(funds: Funds, kind: TableKind) -> JSON:
    """Given funds and the table kind, return the funds' JSON object."""
    out: JSON = {
        "unit": funds.unit,
        "total": money_str(funds.total),
        "fiscal": money_str(funds.fiscal),
        "carryover": money_str(funds.carryover),
        "other": money_str(funds.other),
    }
    if kind != "target":
        for key in _EXEC_FIELDS + ("execution_weight", "execution_score"):
            out[key] = money_str(getattr(funds, key))
        out["execution_reason"] = funds.execution_reason
    return out


def funds_from_dict(data: JSON) -> Funds:
    """Given the funds' JSON object, return the funds."""
    return Funds(
        total=_dec(data.get("total")),
        fiscal=_dec(data.get("fiscal")),
        carryover=_dec(data.get("carryover")),
        other=_dec(data.get("other")),
        unit=str(data.get("unit", "万元")),
        budget_initial=_dec(data.get("budget_initial")),
        budget_adjusted=_dec(data.get("budget_adjusted")),
        executed=_dec(data.get("executed")),
        execution_rate=_dec(data.get("execution_rate")),
        execution_weight=_dec(data.get("execution_weight")),
        execution_score=_dec(data.get("execution_score")),
        execution_reason=data.get("execution_reason"),
    )


def table_to_dict(table: TargetTable) -> JSON:
    """Given a table, return its ``jixiao.parse/1`` JSON object."""
    p = table.project
    out: JSON = {
        "kind": table.kind,
        "fiscal_year": table.fiscal_year,
        "project": {
            "name": p.name,
            "department": p.department,
            "department_code": p.department_code,
            "implementing_unit": p.implementing_unit,
            "source": p.source,
            "period_years": p.period_years,
        },
        "funds": funds_to_dict(table.funds, table.kind),
        "goals": list(table.goals),
        "indicators": [indicator_to_dict(i, table.kind) for i in table.indicators],
        "source": table.source.to_dict() if table.source else None,
    }
    if table.kind != "target":
        out["goals_actual"] = list(table.goals_actual)
    if table.ocr_unsure:
        # Only a scan read with low confidence has it, so other tables keep their shape.
        out["ocr_unsure"] = list(table.ocr_unsure)
    return out


def table_from_dict(data: JSON) -> TargetTable:
    """Given a table's JSON object, return the table."""
    p = data.get("project") or {}
    src = data.get("source")
    period = p.get("period_years")
    return TargetTable(
        kind=cast(TableKind, data.get("kind", "target")),
        fiscal_year=data.get("fiscal_year"),
        project=ProjectHeader(
            name=p.get("name"),
            department=p.get("department"),
            department_code=p.get("department_code"),
            implementing_unit=p.get("implementing_unit"),
            source=p.get("source"),
            period_years=int(period) if period is not None else None,
        ),
        funds=funds_from_dict(data.get("funds") or {}),
        goals=tuple(data.get("goals") or ()),
        indicators=tuple(indicator_from_dict(i) for i in data.get("indicators") or ()),
        source=Location.from_dict(src) if isinstance(src, dict) else None,
        goals_actual=tuple(data.get("goals_actual") or ()),
        ocr_unsure=tuple(str(f) for f in data.get("ocr_unsure") or () if f in HEADER_UNSURE),
    )


def problem_to_dict(problem: Problem) -> JSON:
    """Given a parse problem, return its JSON object."""
    return {
        "code": problem.code,
        "severity": problem.severity,
        "message": problem.message,
        "source": problem.source.to_dict(),
    }


def problem_from_dict(data: JSON) -> Problem:
    """Given a problem's JSON object, return the problem."""
    return Problem(
        code=str(data["code"]),
        severity=cast(Severity, data.get("severity", "warning")),
        message=str(data.get("message", "")),
        source=Location.from_dict(data.get("source") or {}),
    )


def result_to_dict(result: ParseResult) -> JSON:
    """Given a parse result, return the whole ``jixiao.parse/1`` document."""
    return {
        "schema": PARSE_SCHEMA,
        "tables": [table_to_dict(t) for t in result.tables],
        "problems": [problem_to_dict(p) for p in result.problems],
    }


def result_from_dict(data: JSON) -> ParseResult:
    """Given a ``jixiao.parse/1`` document, return the parse result."""
    return ParseResult(
        tables=tuple(table_from_dict(t) for t in data.get("tables") or ()),
        problems=tuple(problem_from_dict(p) for p in data.get("problems") or ()),
    )
