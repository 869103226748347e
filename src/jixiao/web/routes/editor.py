"""The draft editor with live checking, and the adjustment request of an approved table."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from jixiao.export.annotate import attach_findings
from jixiao.export.layouts import form_of
from jixiao.model.taxonomy import TREES
from jixiao.model.workflow import Action, Status
from jixiao.store import actions as store_actions
from jixiao.store.load import save_table
from jixiao.store.settings import configured_checker, rule_config
from jixiao.web.authz import Denied, require_action, require_edit, require_reader
from jixiao.web.deps import ActorDep, CsrfDep, DbDep, TableId
from jixiao.web.forms import table_from_form
from jixiao.web.lookup import visible_table
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)


def _levels() -> dict[str, list[str]]:
    tree = TREES["legacy"]
    return {l1: list(l2s) for l1, l2s in tree.levels.items()}


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
    report = check_table(table, rule_config(session=db))
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
    report = check_table(edited, rule_config(session=db))
    context = {"report": report, "official": attach_findings(form_of(edited), report.findings)}
    return render(request, "_live_check.html", context)


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
    save_table(session=db, table=edited, actor=who, checker=configured_checker(session=db))
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
    store_actions.request_adjustment(
        session=db,
        table_id=table_id,
        actor=who.name,
        table=edited,
        reason=reason,
        expected_version=info.lock_version,
    )
    return RedirectResponse(f"/tables/{table_id}", status_code=303)
