"""The JSON API over stored tables: list, show, check, history, workflow, scores, exports."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel, Field
from starlette.responses import Response

from jixiao.export.formats import FORMATS
from jixiao.model.serialize import table_to_dict
from jixiao.store.listing import Page, list_tables, versions
from jixiao.store.queries import TableSummary, history
from jixiao.web.actions import parse_action, perform
from jixiao.web.authz import Denied, require_reader, scope_for
from jixiao.web.deps import ActorDep, DbDep, TableId
from jixiao.web.lookup import live_check, visible_info, visible_table
from jixiao.web.routes.dashboard import cached_dashboard
from jixiao.web.routes.tables import export_response, filters_from

bearer = OAuth2PasswordBearer(tokenUrl="/api/token", auto_error=False)
router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(bearer)])
Text = Annotated[str | None, Query(max_length=100)]


class ActionIn(BaseModel):
    """A workflow step's details: comment (退回/评级意见), grade (优/良/中/差), version seen."""

    comment: str | None = Field(default=None, max_length=4000)
    grade: str | None = Field(default=None, max_length=4)
    expected_version: int | None = Field(default=None, ge=0, le=2**31 - 1)


@router.get("/tables", response_model=list[TableSummary])
def api_tables(
    db: DbDep,
    actor: ActorDep,
    department: Text = None,
    year: Text = None,
    status: Text = None,
    grade: Text = None,
    finding: Text = None,
    q: Text = None,
    kind: Text = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[dict[str, Any]]:
    """List the tables the caller may see (the public: published ones), filtered."""
    flt = filters_from(department, year, status, grade, finding, q, kind)
    rows = list_tables(session=db, scope=scope_for(actor), filters=flt, page=Page(limit, offset))
    return [r.to_dict() for r in rows]


@router.get("/tables/{table_id}")
def api_table(
    db: DbDep,
    actor: ActorDep,
    table_id: TableId,
    version: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> dict[str, Any]:
    """Return one table: its summary, content (``jixiao.parse/1`` shape) and stored findings.

    The public (no token) sees published tables without the internal review findings.
    """
    _, stored = visible_table(db, actor, table_id, version)
    return {
        "summary": stored.summary.to_dict(),
        "table": table_to_dict(stored.table),
        "findings": list(stored.findings) if actor is not None else [],
    }


@router.get("/tables/{table_id}/check")
def api_check(db: DbDep, actor: ActorDep, table_id: TableId) -> dict[str, Any]:
    """Run the rule engine on the table's current version: findings, criteria, grade."""
    require_reader(actor)
    _, stored = visible_table(db, actor, table_id)
    return {"schema": "jixiao.check/1", "tables": [live_check(db, stored).to_dict()]}


@router.get("/tables/{table_id}/history")
def api_history(db: DbDep, actor: ActorDep, table_id: TableId) -> dict[str, Any]:
    """Return the table's timeline (who, when, what, why) and its versions."""
    require_reader(actor)
    visible_info(db, actor, table_id)
    return {
        "history": history(session=db, table_id=table_id),
        "versions": [asdict(v) for v in versions(session=db, table_id=table_id)],
    }


@router.post("/tables/{table_id}/actions/{action}", response_model=TableSummary)
def api_action(
    db: DbDep, actor: ActorDep, table_id: TableId, action: str, body: ActionIn | None = None
) -> dict[str, Any]:
    """Take a workflow step: submit, dept-approve, dept-return, finance-grade, approve, …"""
    require_reader(actor)
    info = visible_info(db, actor, table_id)
    step = parse_action(action)
    body = body or ActionIn()
    done = perform(
        db,
        actor,
        info,
        step,
        comment=body.comment,
        grade=body.grade,
        expected_version=body.expected_version,
    )
    return done.to_dict()


@router.get("/tables/{table_id}/scores")
def api_scores(db: DbDep, actor: ActorDep, table_id: TableId) -> dict[str, Any]:
    """Score a self-evaluation table (``jixiao.score/1``)."""
    from jixiao.scoring import sheets_to_dict
    from jixiao.web.routes.selfeval import score_sheet

    require_reader(actor)
    info, stored = visible_table(db, actor, table_id)
    if info.kind != "self_evaluation":
        raise Denied(409, "只有自评表才能评分。")
    return sheets_to_dict([score_sheet(stored.table, db=db)])


@router.get("/tables/{table_id}/export/{fmt}")
def api_export(db: DbDep, actor: ActorDep, table_id: TableId, fmt: str) -> Response:
    """Download the table in a format: xlsx, docx, pdf, html, json or csv."""
    if fmt not in FORMATS:
        raise Denied(404, f"不支持的导出格式“{fmt}”。")
    _, stored = visible_table(db, actor, table_id)
    return export_response(stored.table, fmt, f"table-{table_id}.{fmt}")


@router.get("/dashboard")
def api_dashboard(
    request: Request,
    db: DbDep,
    actor: ActorDep,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    department: Text = None,
) -> dict[str, Any]:
    """Return the dashboard figures of the caller's scope."""
    who = require_reader(actor)
    d = cached_dashboard(request, db, who, year, department)
    rate = d.quantification_rate
    execution = d.execution_rate
    return {
        "tables": d.tables,
        "funds_total": str(d.funds_total),
        "funds_by_department": [
            {"code": c, "name": n, "funds_total": str(t), "tables": k}
            for c, n, t, k in d.funds_by_department
        ],
        "grades": dict(d.grades),
        "statuses": dict(d.statuses),
        "top_findings": [{"code": c, "count": n} for c, n in d.top_findings],
        "quantification_rate": None if rate is None else str(rate.quantize(Decimal("0.0001"))),
        "execution_rate": None if execution is None else str(execution.quantize(Decimal("0.0001"))),
    }
