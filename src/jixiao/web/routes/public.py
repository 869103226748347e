"""The public view: published tables only, no login."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from starlette.responses import Response

from jixiao.export.annotate import attach_findings
from jixiao.export.layouts import form_of
from jixiao.store.listing import Filters, Page, count_tables_matching, list_tables
from jixiao.web.authz import scope_for
from jixiao.web.deps import DbDep, SettingsDep, TableId
from jixiao.web.lookup import visible_table
from jixiao.web.templating import STATIC_DIR, render

router = APIRouter(include_in_schema=False)


@router.get("/favicon.ico")
def favicon() -> Response:
    """Serve the site icon where every browser asks for it (pages also link the SVG)."""
    return FileResponse(
        STATIC_DIR / "favicon.ico",
        media_type="image/x-icon",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/public")
def public_list(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """List the published tables (approved with the budget)."""
    size = settings.page_size
    scope, flt = scope_for(None), Filters(q=q)
    rows = list_tables(session=db, scope=scope, filters=flt, page=Page(size, (page - 1) * size))
    total = count_tables_matching(session=db, scope=scope, filters=flt)
    context = {
        "rows": rows,
        "total": total,
        "page": page,
        "q": q or "",
        "pages": max(1, -(-total // size)),
    }
    return render(request, "public.html", context)


@router.get("/public/{table_id}")
def public_table(request: Request, db: DbDep, table_id: TableId) -> Response:
    """Show one published table in the official layout (no findings: those are internal)."""
    _, stored = visible_table(db, None, table_id)
    context = {
        "s": stored.summary,
        "table": stored.table,
        # The form every export prints, as the table page shows it, without findings.
        "official": attach_findings(form_of(stored.table), []),
    }
    return render(request, "public_table.html", context)
