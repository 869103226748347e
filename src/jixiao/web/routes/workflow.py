"""Workflow buttons: submit, return with comments, grade, approve, decide adjustments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from jixiao.web.actions import parse_action, perform
from jixiao.web.authz import require_reader
from jixiao.web.deps import ActorDep, CsrfDep, DbDep, TableId
from jixiao.web.lookup import visible_info

router = APIRouter(include_in_schema=False)


@router.post("/tables/{table_id}/action", dependencies=[CsrfDep])
def take_action(
    db: DbDep,
    actor: ActorDep,
    table_id: TableId,
    action: Annotated[str, Form(max_length=40)],
    comment: Annotated[str, Form(max_length=4000)] = "",
    grade: Annotated[str, Form(max_length=4)] = "",
    lock_version: Annotated[int | None, Form()] = None,
) -> Response:
    """Take one workflow step on a table and return to its page."""
    require_reader(actor)
    info = visible_info(db, actor, table_id)
    step = parse_action(action)
    perform(
        db, actor, info, step, comment=comment, grade=grade or None, expected_version=lock_version
    )
    return RedirectResponse(f"/tables/{table_id}", status_code=303)
