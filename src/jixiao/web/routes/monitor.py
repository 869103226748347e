"""Mid-year monitoring (绩效运行监控) of an approved target, with live warnings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from jixiao.app.review import save_reviewed
from jixiao.web.deps import ActorDep, CsrfDep, DbDep, TableId
from jixiao.web.forms import monitoring_from_form
from jixiao.web.routes.selfeval import approved_target
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)
LIKELIHOOD = ("确定能", "有可能", "不可能")


def warnings_of(table: Any) -> list[Any]:
    """Given a monitoring table, return its warnings (slow spending, targets at risk)."""
    from jixiao.scoring import monitoring_findings

    return list(monitoring_findings(table))


@router.get("/tables/{table_id}/monitor")
def monitor_page(request: Request, db: DbDep, actor: ActorDep, table_id: TableId) -> Response:
    """Show the monitoring form for an approved target table."""
    _, stored = approved_target(db, actor, table_id)
    table = monitoring_from_form(stored.table, {})
    context = {
        "s": stored.summary,
        "table": stored.table,
        "warnings": warnings_of(table),
        "likelihood": LIKELIHOOD,
    }
    return render(request, "monitor.html", context)


@router.post("/tables/{table_id}/monitor/check", dependencies=[CsrfDep])
async def monitor_check(
    request: Request, db: DbDep, actor: ActorDep, table_id: TableId
) -> Response:
    """Re-check the monitoring entries as typed (htmx); nothing is saved."""
    _, stored = approved_target(db, actor, table_id)
    table = monitoring_from_form(stored.table, await request.form())
    return render(request, "_warnings.html", {"warnings": warnings_of(table), "table": table})


@router.post("/tables/{table_id}/monitor", dependencies=[CsrfDep])
async def monitor_save(request: Request, db: DbDep, actor: ActorDep, table_id: TableId) -> Response:
    """Store the monitoring report as its own table (kind monitoring) and show it."""
    who, stored = approved_target(db, actor, table_id)
    table = monitoring_from_form(stored.table, await request.form())
    _, new_id = save_reviewed(session=db, table=table, actor=who)
    return RedirectResponse(f"/tables/{new_id}", status_code=303)
