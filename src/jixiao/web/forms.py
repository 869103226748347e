"""Editor and self-evaluation forms ↔ tables.

The identity of a table (project name, department, implementing unit, year) is
not in the form: changing it would make a different table, not a new version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.model.indicator import Indicator
from jixiao.model.money import parse_amount
from jixiao.model.project import Funds, TargetTable
from jixiao.model.values import is_not_applicable, parse_value

#: Most indicator rows a form may carry (a real table has 5-40).
MAX_ROWS = 200


def _text(form: Mapping[str, Any], key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _amount(form: Mapping[str, Any], key: str) -> Decimal | None:
    text = _text(form, key)
    return parse_amount(text) if text else None


def _decimal(form: Mapping[str, Any], key: str) -> Decimal | None:
    text = _text(form, key).rstrip("%")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _row_count(form: Mapping[str, Any]) -> int:
    try:
        return max(0, min(int(_text(form, "rows") or 0), MAX_ROWS))
    except ValueError:
        return 0


def _indicator(form: Mapping[str, Any], i: int, old: Indicator | None) -> Indicator | None:
    name = _text(form, f"ind-{i}-name")
    raw = _text(form, f"ind-{i}-value")
    if not name and not raw or _text(form, f"ind-{i}-delete"):
        return None
    na = bool(_text(form, f"ind-{i}-na")) or is_not_applicable(raw)
    level1 = _text(form, f"ind-{i}-level1")
    base = old or Indicator(level1="", level2="", name="", value=parse_value(""))
    confirmed = bool(_text(form, f"ind-{i}-confirm"))
    return replace(
        base,
        ocr_unsure=_still_unsure(base, name, raw, confirmed=confirmed),
        level1=level1,
        level2=_text(form, f"ind-{i}-level2"),
        name=name,
        value=parse_value(raw),
        not_applicable=na,
        level1_inferred=base.level1_inferred and level1 == base.level1,
    )


def _still_unsure(base: Indicator, name: str, raw: str, *, confirmed: bool) -> tuple[str, ...]:
    # A field read from a scan with low confidence stays marked until a person
    # changes it or ticks 已核对 (docs/ocr.md); the save is a new, audited version.
    if confirmed:
        return ()
    now = {"name": name, "value": raw}
    was = {"name": base.name, "value": base.value.raw.strip()}
    return tuple(f for f in base.ocr_unsure if now.get(f) == was.get(f))


def table_from_form(base: TargetTable, form: Mapping[str, Any]) -> TargetTable:
    """Given the stored table and the editor's fields, return the edited table."""
    olds = base.indicators
    rows = [
        _indicator(form, i, olds[i] if i < len(olds) else None) for i in range(_row_count(form))
    ]
    goals = tuple(g.strip() for g in _text(form, "goals").splitlines() if g.strip())
    period = _text(form, "period_years")
    funds = replace(
        base.funds,
        total=_amount(form, "funds_total"),
        fiscal=_amount(form, "funds_fiscal"),
        carryover=_amount(form, "funds_carryover"),
        other=_amount(form, "funds_other"),
    )
    project = replace(
        base.project,
        source=_text(form, "source") or None,
        period_years=int(period) if period.isdigit() and len(period) < 4 else None,
    )
    edited = replace(
        base,
        project=project,
        funds=funds,
        goals=goals,
        indicators=tuple(r for r in rows if r is not None),
    )
    return replace(edited, ocr_unsure=_header_still_unsure(base, edited, form))


def _header_fields(table: TargetTable) -> dict[str, object]:
    # The editor's header fields by name, as the table has them (TargetTable.ocr_unsure).
    f, p = table.funds, table.project
    return {
        "funds_total": f.total,
        "funds_fiscal": f.fiscal,
        "funds_carryover": f.carryover,
        "funds_other": f.other,
        "source": p.source,
        "period_years": p.period_years,
        "goals": table.goals,
    }


def _header_still_unsure(
    base: TargetTable, edited: TargetTable, form: Mapping[str, Any]
) -> tuple[str, ...]:
    # Like an indicator's fields: a header field read from a scan with low
    # confidence stays marked until it is changed or 已核对 is ticked.
    was, now = _header_fields(base), _header_fields(edited)
    return tuple(
        f for f in base.ocr_unsure if not _text(form, f"confirm-{f}") and now.get(f) == was.get(f)
    )


def selfeval_from_form(target: TargetTable, form: Mapping[str, Any]) -> TargetTable:
    """Given the approved target and the self-evaluation fields, return the self-evaluation."""
    indicators = []
    for i, ind in enumerate(target.indicators):
        actual = _text(form, f"act-{i}")
        indicators.append(
            replace(
                ind,
                actual=parse_value(actual) if actual else None,
                weight=_decimal(form, f"w-{i}"),
                score=_decimal(form, f"s-{i}"),
                deviation_reason=_text(form, f"r-{i}") or None,
            )
        )
    budget, executed = _amount(form, "budget_adjusted"), _amount(form, "executed")
    initial = _amount(form, "budget_initial") or target.funds.total
    funds = Funds(
        # A 自评表's 年度资金总额 is its 年初预算 (docs/reading.md), as the reader takes it.
        total=initial,
        fiscal=target.funds.fiscal,
        carryover=target.funds.carryover,
        other=target.funds.other,
        budget_initial=initial,
        budget_adjusted=budget,
        executed=executed,
        # Printed in the form's 执行率(B/A) column, as the monitoring form does.
        execution_rate=executed / budget if executed is not None and budget else None,
        execution_reason=_text(form, "execution_reason") or None,
    )
    goals_actual = tuple(g.strip() for g in _text(form, "goals_actual").splitlines() if g.strip())
    return replace(
        target,
        kind="self_evaluation",
        funds=funds,
        indicators=tuple(indicators),
        goals_actual=goals_actual,
    )


def monitoring_from_form(target: TargetTable, form: Mapping[str, Any]) -> TargetTable:
    """Given the approved target and the mid-year monitoring fields, return the monitoring table."""
    indicators = []
    for i, ind in enumerate(target.indicators):
        progress, expected = _text(form, f"p-{i}"), _text(form, f"e-{i}")
        indicators.append(
            replace(
                ind,
                progress=parse_value(progress) if progress else None,
                expected=parse_value(expected) if expected else None,
                likelihood=_text(form, f"l-{i}") or None,
                deviation_reason=_text(form, f"r-{i}") or None,
                measures=_text(form, f"m-{i}") or None,
            )
        )
    adjusted = _amount(form, "budget_adjusted") or target.funds.total
    executed = _amount(form, "executed")
    funds = replace(
        target.funds,
        budget_initial=target.funds.total,
        budget_adjusted=adjusted,
        executed=executed,
        execution_rate=executed / adjusted if executed is not None and adjusted else None,
    )
    return replace(target, kind="monitoring", funds=funds, indicators=tuple(indicators))
