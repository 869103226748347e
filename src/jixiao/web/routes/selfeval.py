"""Self-evaluation entry against an approved target, with live scores as values are typed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from jixiao.app.review import save_reviewed
from jixiao.store.queries import APPROVED_STATES
from jixiao.web.authz import Denied, require_upload
from jixiao.web.deps import ActorDep, CsrfDep, DbDep, TableId
from jixiao.web.forms import selfeval_from_form
from jixiao.web.lookup import visible_table
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)


def score_sheet(table: Any, target: Any | None = None, *, db: Any = None) -> Any:
    """Given a self-evaluation table (and its target), return its score sheet.

    With the database session, the administrator's rule choice applies: a rule switched
    off on the 规则管理 page is not reported on the score page or by the API either.
    """
    from jixiao.app.settings import rule_config
    from jixiao.rules.selfeval import switched
    from jixiao.scoring import score_table

    if db is None:
        return score_table(table, target=target)
    config = rule_config(session=db)
    return switched(score_table(table, target=target, config=config.settings()), config)


def approved_target(db: Any, actor: Any, table_id: TableId) -> Any:
    who = require_upload(actor)
    info, stored = visible_table(db, actor, table_id)
    if info.kind != "target" or info.status not in APPROVED_STATES:
        raise Denied(409, "只有已批复的绩效目标表才能填报自评。")
    return who, stored


@router.get("/tables/{table_id}/selfeval")
def selfeval_page(request: Request, db: DbDep, actor: ActorDep, table_id: TableId) -> Response:
    """Show the self-evaluation form for an approved target table."""
    _, stored = approved_target(db, actor, table_id)
    sheet = score_sheet(selfeval_from_form(stored.table, {}), stored.table, db=db)
    return render(
        request, "selfeval.html", {"s": stored.summary, "table": stored.table, "sheet": sheet}
    )


@router.post("/tables/{table_id}/selfeval/score", dependencies=[CsrfDep])
async def selfeval_score(
    request: Request, db: DbDep, actor: ActorDep, table_id: TableId
) -> Response:
    """Score the self-evaluation as entered so far (htmx); nothing is saved."""
    _, stored = approved_target(db, actor, table_id)
    table = selfeval_from_form(stored.table, await request.form())
    return render(request, "_scores.html", {"sheet": score_sheet(table, stored.table, db=db)})


@router.post("/tables/{table_id}/selfeval", dependencies=[CsrfDep])
async def selfeval_save(
    request: Request, db: DbDep, actor: ActorDep, table_id: TableId
) -> Response:
    """Store the self-evaluation as its own table (kind self_evaluation) and show it."""
    who, stored = approved_target(db, actor, table_id)
    table = selfeval_from_form(stored.table, await request.form())
    _, new_id = save_reviewed(session=db, table=table, actor=who)
    return RedirectResponse(f"/tables/{new_id}", status_code=303)
