"""Dashboards: funds, grades, most common findings, quantification and execution rates."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from jixiao.store.db import session_scope
from jixiao.store.dashboard import Dashboard, dashboards_by_year, pick
from jixiao.web.authz import require_reader, scope_for
from jixiao.web.cache import cached
from jixiao.web.charts import bar_chart
from jixiao.web.deps import ActorDep, DbDep
from jixiao.web.labels import finding_title
from jixiao.web.options import filter_options
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)


def cached_dashboard(
    request: Request, db: Any, actor: Any, year: int | None, dept: str | None
) -> Dashboard:
    """Given a reader and the choices, return the figures, cached per scope until a write.

    Aggregating 50,000 tables takes a noticeable moment; while nothing is written,
    50 readers at once cost one query.
    """
    scope = scope_for(actor)
    engine = request.app.state.engine

    def compute() -> dict[int, Dashboard]:
        with session_scope(engine) as session:
            return dashboards_by_year(session=session, scope=scope, department=dept)

    return pick(cached(request, ("dashboard", scope, dept), compute), year)


@router.get("/dashboard")
def dashboard_page(
    request: Request,
    db: DbDep,
    actor: ActorDep,
    year: Annotated[str | None, Query(max_length=4)] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Show the dashboard of the reader's scope (region, department or unit)."""
    who = require_reader(actor)
    y = int(year) if year and year.isdigit() else None
    d = cached_dashboard(request, db, who, y, department or None)
    charts = {
        "funds": bar_chart([(f"{n}({c})", t) for c, n, t, _ in d.funds_by_department[:12]], "万元"),
        "grades": bar_chart([(g, n) for g, n in d.grades], "张"),
        "findings": bar_chart(
            [(finding_title(c), n) for c, n in d.top_findings],
            "条",
            hints=[c for c, _ in d.top_findings],
        ),
        "statuses": bar_chart([(s, n) for s, n in d.statuses], "张"),
    }
    context = {
        "d": d,
        "charts": charts,
        "year": y,
        "department": department or "",
        **filter_options(request, db, who),
    }
    return render(request, "dashboard.html", context)
