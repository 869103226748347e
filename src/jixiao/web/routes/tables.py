"""The table list (filters, search, pages), a table in the official layout, diff, downloads."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask
from starlette.responses import Response

from jixiao.export.annotate import attach_findings
from jixiao.export.formats import FORMATS
from jixiao.export.layouts import form_of
from jixiao.model.workflow import GRADES, Status
from jixiao.store.db import session_scope
from jixiao.store.listing import (
    SORT_COLUMNS,
    Filters,
    Scope,
    count_tables_matching,
    list_tables,
    versions,
)
from jixiao.store.listing import (
    Page as ListPage,
)
from jixiao.store.queries import history
from jixiao.web.authz import actions_for, may_edit, require_reader, scope_for
from jixiao.web.cache import cached
from jixiao.web.deps import ActorDep, DbDep, SettingsDep, TableId
from jixiao.web.diff import diff_tables
from jixiao.web.lookup import live_check, visible_table
from jixiao.web.options import filter_options
from jixiao.web.routes.selfeval import score_sheet
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)

Page = Annotated[int, Query(ge=1, le=100_000)]
Text = Annotated[str | None, Query(max_length=100)]


def filters_from(
    department: str | None,
    year: str | None,
    status: str | None,
    grade: str | None,
    finding: str | None,
    q: str | None,
    kind: str | None = None,
) -> Filters:
    """Given the list's query parameters (blank meaning any), return the filters."""
    return Filters(
        department=department or None,
        year=int(year) if year and year.isdigit() and len(year) == 4 else None,
        status=status or None,
        grade=grade or None,
        finding=finding or None,
        q=q or None,
        kind=kind or None,
    )


def _query(flt: Filters) -> dict[str, str]:
    # The list's filters as link parameters, for the column heads and the pager.
    values = {
        "q": flt.q,
        "department": flt.department,
        "year": flt.year,
        "status": flt.status,
        "grade": flt.grade,
        "finding": flt.finding,
    }
    return {k: str(v) for k, v in values.items() if v is not None}


def cached_count(request: Request, scope: Scope, flt: Filters) -> int:
    """Given a scope and filters, return the number of matching tables (cached until a write).

    Counting by finding code or by search text visits every current table; the page
    itself needs only its fifty rows, so the count is what a busy list must not redo.
    """
    engine = request.app.state.engine

    def compute() -> int:
        with session_scope(engine) as session:
            return count_tables_matching(session=session, scope=scope, filters=flt)

    count: int = cached(request, ("count", scope, flt), compute)
    return count


@router.get("/tables")
def table_list(
    request: Request,
    db: DbDep,
    actor: ActorDep,
    settings: SettingsDep,
    department: Text = None,
    year: Text = None,
    status: Text = None,
    grade: Text = None,
    finding: Text = None,
    q: Text = None,
    page: Page = 1,
    sort: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """List the tables the reader may see, filtered, searched and sorted, a page at a time."""
    who = require_reader(actor)
    flt = filters_from(department, year, status, grade, finding, q)
    size = settings.page_size
    scope = scope_for(who)
    sort = sort if sort and sort.lstrip("-") in SORT_COLUMNS else None
    offset = (page - 1) * size
    rows = list_tables(session=db, scope=scope, filters=flt, page=ListPage(size, offset, sort))
    total = cached_count(request, scope, flt)
    context = {
        "rows": rows,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // size)),
        "f": flt,
        "sort": sort or "",
        "query": _query(flt),
        **filter_options(request, db, who),
        "statuses": [s.value for s in Status],
        "grades": GRADES,
    }
    name = "_table_rows.html" if request.headers.get("hx-request") else "tables.html"
    return render(request, name, context)


@router.get("/tables/{table_id}")
def table_page(
    request: Request,
    db: DbDep,
    actor: ActorDep,
    table_id: TableId,
    version: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> Response:
    """Show a table in the official layout, its findings on their rows, grade and timeline."""
    require_reader(actor)
    info, stored = visible_table(db, actor, table_id, version)
    report = live_check(db, stored)
    findings = [f.to_dict() for f in report.findings]
    table = stored.table
    # The self-evaluation and monitoring checks are rule families of the registry, so the
    # live check (with the administrator's switches) already holds their findings; the
    # score sheet is only for the score card.
    sheet = score_sheet(table) if table.kind == "self_evaluation" else None
    context = {
        "info": info,
        "s": stored.summary,
        "table": stored.table,
        # The form every export prints, each finding on the row or label it is about.
        "official": attach_findings(form_of(table), findings),
        "sheet": sheet,
        "report": report,
        "actions": actions_for(actor, info) if version is None else [],
        "may_edit": may_edit(actor, info) and version is None,
        "history": history(session=db, table_id=table_id),
        "versions": versions(session=db, table_id=table_id),
        "grades": GRADES,
        "exports": list(FORMATS),
    }
    return render(request, "table.html", context)


@router.get("/tables/{table_id}/diff")
def table_diff(
    request: Request,
    db: DbDep,
    actor: ActorDep,
    table_id: TableId,
    a: Annotated[int, Query(ge=1, le=100_000)],
    b: Annotated[int, Query(ge=1, le=100_000)],
) -> Response:
    """Show what changed between two versions of a table."""
    require_reader(actor)
    _, old = visible_table(db, actor, table_id, a)
    _, new = visible_table(db, actor, table_id, b)
    context = {"s": new.summary, "a": a, "b": b, "changes": diff_tables(old.table, new.table)}
    return render(request, "diff.html", context)


def export_response(stored_table: object, fmt: str, filename: str) -> Response:
    """Given a table and a format, write the export to a temporary file and send it."""
    from jixiao.export import write

    folder = Path(tempfile.mkdtemp(prefix="jixiao-export-"))
    path = folder / f"table.{fmt}"
    write([stored_table], fmt, path)  # type: ignore[list-item]

    def _cleanup() -> None:
        path.unlink(missing_ok=True)
        folder.rmdir()

    return FileResponse(
        path,
        media_type=FORMATS[fmt].media_type,
        filename=filename,
        background=BackgroundTask(_cleanup),
    )


@router.get("/tables/{table_id}/export/{fmt}")
def table_export(db: DbDep, actor: ActorDep, table_id: TableId, fmt: str) -> Response:
    """Download a table in one of the export formats."""
    require_reader(actor)
    if fmt not in FORMATS:
        from jixiao.web.authz import Denied

        raise Denied(404, f"不支持的导出格式“{fmt}”。")
    _, stored = visible_table(db, actor, table_id)
    return export_response(stored.table, fmt, f"table-{table_id}.{fmt}")
