"""ORM rows ↔ domain model: the only place where the two meet."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import fields
from decimal import Decimal
from typing import Any

from jixiao.model.location import Location
from jixiao.model.project import Funds, ProjectHeader, TargetTable
from jixiao.model.serialize import indicator_from_dict, indicator_to_dict, table_to_dict
from jixiao.store.tables import FindingRow, IndicatorRow, TableVersion

# Quotes, brackets and spaces vary between years of the same project
# (“中国梦劳动美” vs "中国梦劳动美", full-width vs ASCII brackets).
_NAME_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》<>〈〉()（）\[\]【】·・,，.。、:：;；]+")

_EXTRA_KEYS = ("goals_actual", "ocr_unsure")
# Funds fields beyond the four amounts kept as columns (execution columns of
# self-evaluation and monitoring tables); whatever the model adds is kept too.
_COLUMN_FUNDS = ("total", "fiscal", "carryover", "other", "unit")
_EXEC_FUNDS = tuple(f.name for f in fields(Funds) if f.name not in _COLUMN_FUNDS)
_DECIMAL_FUNDS = frozenset(f.name for f in fields(Funds) if "Decimal" in str(f.type))


def normalise_name(name: str) -> str:
    """Given a project name, return the form that identifies it across years."""
    text = unicodedata.normalize("NFKC", name)
    return _NAME_NOISE.sub("", text).lower()


def department_code_of(table: TargetTable) -> str:
    """Given a table, return its department code, or its department name when it has none."""
    code = (table.project.department_code or "").strip()
    if code:
        return code
    return (table.project.department or "").strip() or "未知部门"


def project_key(table: TargetTable) -> str:
    """Given a table, return its project's stable identity: department code + normalised name."""
    return f"{department_code_of(table)}|{normalise_name(table.project.name or '')}"


def content_sha256(table: TargetTable) -> str:
    """Given a table, return the sha256 of its content (source lines left out).

    A table that merely moved inside its file (another table added above it) keeps
    its hash, so re-loading it adds no version.
    """
    data = table_to_dict(table.without_sources())
    data.pop("source", None)
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def version_row(table: TargetTable, **columns: Any) -> TableVersion:
    """Given a table and the bookkeeping columns, return its version row (no indicators)."""
    p, f = table.project, table.funds
    extra: dict[str, Any] = {k: list(getattr(table, k)) for k in _EXTRA_KEYS}
    extra["department"] = p.department
    extra["department_code"] = p.department_code
    extra["funds_unit"] = f.unit
    extra["funds_exec"] = {k: _dec_str(getattr(f, k)) for k in _EXEC_FUNDS}
    extra["source"] = table.source.to_dict() if table.source else None
    # The reader's notes, only when set, so the extra of every plain table stays as it
    # was: a re-check of the stored version must find what the first check found.
    if table.read_in_part:
        extra["read_in_part"] = True
    if table.placeholder_rows:
        extra["placeholder_rows"] = table.placeholder_rows
    if table.funds_block_blank:
        extra["funds_block_blank"] = True
    if table.plan:
        extra["plan"] = list(table.plan)
    if table.period_total is not None:
        extra["period_total"] = str(table.period_total)
    if table.period_targets:
        extra["period_targets"] = [list(p) for p in table.period_targets]
    return TableVersion(
        project_name=p.name or "",
        implementing_unit=p.implementing_unit,
        source=p.source,
        period_years=p.period_years,
        funds_total=f.total,
        funds_fiscal=f.fiscal,
        funds_carryover=f.carryover,
        funds_other=f.other,
        goals=list(table.goals),
        extra=extra,
        **columns,
    )


def indicator_rows(table: TargetTable) -> list[dict[str, Any]]:
    """Given a table, return its indicator rows as column dicts (for a bulk insert)."""
    rows = []
    for position, ind in enumerate(table.indicators):
        v = ind.value
        rows.append(
            {
                "position": position,
                "level1": ind.level1,
                "level2": ind.level2,
                "name": ind.name,
                "raw": v.raw,
                "value_kind": v.kind,
                "op": v.op,
                "number": v.number,
                "unit": v.unit,
                "not_applicable": ind.not_applicable,
                "detail": indicator_to_dict(ind, table.kind),
            }
        )
    return rows


def table_from_rows(
    record_kind: str,
    fiscal_year: int,
    version: TableVersion,
    indicators: list[IndicatorRow],
) -> TargetTable:
    """Given a table's kind and year, a version row and its indicators, return the model."""
    extra = version.extra or {}
    exec_funds: dict[str, Any] = {
        k: _dec(v) if k in _DECIMAL_FUNDS else v
        for k, v in (extra.get("funds_exec") or {}).items()
        if k in _EXEC_FUNDS
    }
    src = extra.get("source")
    return TargetTable(
        kind=record_kind,  # type: ignore[arg-type]
        fiscal_year=fiscal_year,
        project=ProjectHeader(
            name=version.project_name or None,
            department=extra.get("department"),
            department_code=extra.get("department_code"),
            implementing_unit=version.implementing_unit,
            source=version.source,
            period_years=version.period_years,
        ),
        funds=Funds(
            total=version.funds_total,
            fiscal=version.funds_fiscal,
            carryover=version.funds_carryover,
            other=version.funds_other,
            unit=extra.get("funds_unit") or "万元",
            **exec_funds,
        ),
        goals=tuple(version.goals or ()),
        indicators=tuple(
            indicator_from_dict(i.detail) for i in sorted(indicators, key=lambda r: r.position)
        ),
        source=Location.from_dict(src) if isinstance(src, dict) else None,
        goals_actual=tuple(extra.get("goals_actual") or ()),
        ocr_unsure=tuple(extra.get("ocr_unsure") or ()),
        read_in_part=bool(extra.get("read_in_part")),
        placeholder_rows=int(extra.get("placeholder_rows") or 0),
        funds_block_blank=bool(extra.get("funds_block_blank")),
        plan=tuple(str(t) for t in extra.get("plan") or ()),
        period_total=Decimal(extra["period_total"]) if extra.get("period_total") else None,
        period_targets=tuple((str(n), str(v)) for n, v in extra.get("period_targets") or ()),
    )


def finding_rows(findings: Any) -> list[dict[str, Any]]:
    """Given rule findings (jixiao.rules.base.Finding), return their column dicts."""
    return [
        {
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "indicator": f.indicator,
            "path": f.path,
            "criterion": f.criterion,
            "location": f.location.to_dict() if f.location else None,
        }
        for f in findings
    ]


def finding_to_dict(row: FindingRow) -> dict[str, Any]:
    """Given a stored finding, return its docs/contract.md JSON object."""
    out: dict[str, Any] = {"code": row.code, "severity": row.severity, "message": row.message}
    if row.indicator is not None:
        out["indicator"] = row.indicator
    out["source"] = row.location
    return out


def _dec_str(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
