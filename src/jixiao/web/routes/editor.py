"""The draft editor with live checking, and the adjustment request of an approved table."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from jixiao.app.review import request_adjustment, save_reviewed
from jixiao.app.settings import rule_config
from jixiao.export.annotate import attach_findings
from jixiao.export.layouts import form_of
from jixiao.model.taxonomy import TREES
from jixiao.model.workflow import Action, Status
from jixiao.web.authz import Denied, require_action, require_edit, require_reader
from jixiao.web.deps import ActorDep, CsrfDep, DbDep, TableId
from jixiao.web.forms import table_from_form
from jixiao.web.lookup import visible_table
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)
#: How many indicators the 推荐指标 panel proposes.
SUGGESTED = 10


def _levels() -> dict[str, list[str]]:
    tree = TREES["legacy"]
    return {l1: list(l2s) for l1, l2s in tree.levels.items()}


def _config(db: Any, table: Any, table_id: int) -> Any:
    # The benchmark rules (cost.unit-outlier, values.target-outlier) get the peers'
    # values from the indicator library; the table is not its own peer.
    from jixiao.app.library import benchmark_config

    return benchmark_config(
        session=db, table=table, config=rule_config(session=db), exclude_table=table_id
    )


def _editor(
    request: Request,
    db: Any,
    stored: Any,
    mode: str,
    error: str | None = None,
    *,
    edited: Any = None,
    reason: str = "",
    status: int = 409,
) -> Response:
    # ``edited``: what the user typed, shown again when the form was refused for a
    # reason the user can fix, so that no edit is lost.
    from jixiao.rules import check_table

    table = edited if edited is not None else stored.table
    report = check_table(table, _config(db, table, stored.summary.id))
    context = {
        "s": stored.summary,
        "table": table,
        "mode": mode,
        "report": report,
        "official": attach_findings(form_of(table), report.findings),
        "levels": _levels(),
        "error": error,
        "reason": reason,
    }
    return render(request, "editor.html", context, status_code=status if error else 200)


@router.get("/tables/{table_id}/edit")
def edit_page(request: Request, db: DbDep, actor: ActorDep, table_id: TableId) -> Response:
    """Show the editor of a draft (or returned) table."""
    require_reader(actor)
    info, stored = visible_table(db, actor, table_id)
    require_edit(actor, info)
    return _editor(request, db, stored, "edit")


@router.post("/tables/{table_id}/check", dependencies=[CsrfDep])
async def live(request: Request, db: DbDep, actor: ActorDep, table_id: TableId) -> Response:
    """Re-check the table as edited so far (htmx, as values are typed); nothing is saved."""
    from jixiao.rules import check_table

    require_reader(actor)
    _, stored = visible_table(db, actor, table_id)
    edited = table_from_form(stored.table, await request.form())
    report = check_table(edited, _config(db, edited, table_id))
    context = {"report": report, "official": attach_findings(form_of(edited), report.findings)}
    return render(request, "_live_check.html", context)


@router.get("/tables/{table_id}/suggest")
def suggest_panel(request: Request, db: DbDep, actor: ActorDep, table_id: TableId) -> Response:
    """The 推荐指标 panel (htmx): indicators of similar past projects, with the projects."""
    from jixiao.app.library import suggest
    from jixiao.library.names import normalise_name
    from jixiao.store.library import counts

    require_reader(actor)
    _, stored = visible_table(db, actor, table_id)
    table = stored.table
    present = {normalise_name(i.name) for i in table.indicators}
    answer = suggest(
        session=db,
        name=table.project.name or "",
        goals=table.goals,
        department=table.project.department_code,
        exclude_table=table_id,
        limit=SUGGESTED + len(present),
    )
    # What the table already has is not proposed again: ten new ones are shown.
    fresh = tuple(s for s in answer.suggestions if s.entry.key not in present)[:SUGGESTED]
    context = {
        "answer": replace(answer, suggestions=fresh),
        "table_id": table_id,
        "empty": not answer.suggestions and counts(db)["active"] == 0,
    }
    return render(request, "_suggest.html", context)


@router.post("/tables/{table_id}/suggest/row", dependencies=[CsrfDep])
async def suggest_row(request: Request, db: DbDep, actor: ActorDep, table_id: TableId) -> Response:
    """添加 in the 推荐指标 panel: one more editor row holding the suggested indicator."""
    from jixiao.web.forms import MAX_ROWS

    require_reader(actor)
    info, _ = visible_table(db, actor, table_id)
    try:
        require_edit(actor, info)
    except Denied:  # the same editor serves an adjustment request of an approved table
        require_action(actor, info, Action.REQUEST_ADJUSTMENT)
    form = await request.form()
    count = str(form.get("rows", ""))
    if not count.isdigit() or int(count) >= MAX_ROWS:
        raise Denied(400, "指标行数无效或已达上限。")
    row = {k: str(form.get(k, ""))[:500] for k in ("level1", "level2", "name", "value")}
    # The clicked 添加 becomes "已添加" (no inline script: the page's CSP forbids it).
    button = str(form.get("button", ""))
    context = {
        "i": int(count),
        "r": {**row, "na": False},
        "button": button if re.fullmatch(r"suggest-add-\d{1,3}", button) else None,
    }
    response = render(request, "_suggest_row.html", context)
    # The live check runs again once the row is in the form.
    response.headers["HX-Trigger-After-Swap"] = "rowAdded"
    return response


@router.post("/tables/{table_id}/edit", dependencies=[CsrfDep])
async def save(request: Request, db: DbDep, actor: ActorDep, table_id: TableId) -> Response:
    """Save the edited draft as a new version (checked, with an audit entry)."""
    require_reader(actor)
    info, stored = visible_table(db, actor, table_id)
    who = require_edit(actor, info)
    form = await request.form()
    if str(form.get("lock_version", "")) != str(info.lock_version):
        return _editor(request, db, stored, "edit", "该表已被他人修改,请刷新后重新编辑。")
    edited = table_from_form(stored.table, form)
    save_reviewed(session=db, table=edited, actor=who)
    return RedirectResponse(f"/tables/{table_id}", status_code=303)


@router.get("/tables/{table_id}/adjust")
def adjust_page(request: Request, db: DbDep, actor: ActorDep, table_id: TableId) -> Response:
    """Show the editor for an adjustment request of an approved table."""
    require_reader(actor)
    info, stored = visible_table(db, actor, table_id)
    require_action(actor, info, Action.REQUEST_ADJUSTMENT)
    if info.status != Status.APPROVED.value:
        raise Denied(409, f"当前状态为“{info.status}”,只有已批复的表才能申请调整。")
    return _editor(request, db, stored, "adjust")


@router.post("/tables/{table_id}/adjust", dependencies=[CsrfDep])
async def adjust(
    request: Request,
    db: DbDep,
    actor: ActorDep,
    table_id: TableId,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """File an adjustment request: the edited content becomes a pending version."""
    require_reader(actor)
    info, stored = visible_table(db, actor, table_id)
    who = require_action(actor, info, Action.REQUEST_ADJUSTMENT)
    edited = table_from_form(stored.table, await request.form())
    if not reason.strip():
        message = "申请调整必须填写理由。"
        return _editor(request, db, stored, "adjust", message, edited=edited, status=400)
    request_adjustment(
        session=db,
        table_id=table_id,
        actor=who.name,
        table=edited,
        reason=reason,
        expected_version=info.lock_version,
    )
    return RedirectResponse(f"/tables/{table_id}", status_code=303)
