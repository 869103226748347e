"""Administration of checking: the rule set uploads and edits are checked with, rules off."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from jixiao.app.recheck import recheck
from jixiao.app.settings import rule_choice, rule_config, set_rule_choice
from jixiao.rules import REGISTRY, RULESETS
from jixiao.rules.config import ruleset_title
from jixiao.store.db import session_scope
from jixiao.web.authz import Denied, require_admin
from jixiao.web.deps import ActorDep, CsrfDep, DbDep
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/admin/rules")
def rules_page(request: Request, db: DbDep, actor: ActorDep) -> Response:
    """Show the rule sets, every rule with its switch, and the thresholds in force."""
    require_admin(actor)
    ruleset, disabled = rule_choice(session=db)
    config = rule_config(session=db)
    context = {
        "rulesets": [(name, ruleset_title(name)) for name in RULESETS],
        "ruleset": ruleset,
        "disabled": disabled,
        "rules": REGISTRY,
        "config": config,
        "thresholds": sorted(config.thresholds.items()),
        "rechecking": _running(request),
        "started": request.query_params.get("recheck") == "started",
    }
    return render(request, "admin_rules.html", context)


@router.post("/admin/rules", dependencies=[CsrfDep])
async def rules_save(request: Request, db: DbDep, actor: ActorDep) -> Response:
    """Store the chosen rule set and the rules switched off (an audit entry records it)."""
    who = require_admin(actor)
    form = await request.form()
    ruleset = str(form.get("ruleset", ""))
    if ruleset not in RULESETS:
        raise Denied(400, f"未知的规则集“{ruleset[:50]}”。")
    # A checkbox per rule, checked = the rule runs; the unchecked ones are switched off.
    enabled = {str(v) for v in form.getlist("enabled")}
    disabled = {rule.code for rule in REGISTRY} - enabled
    set_rule_choice(session=db, actor=who.name, ruleset=ruleset, disabled=disabled)
    return RedirectResponse("/admin/rules", status_code=303)


def _running(request: Request) -> bool:
    thread: threading.Thread | None = getattr(request.app.state, "recheck_thread", None)
    return thread is not None and thread.is_alive()


@router.post("/admin/rules/recheck", dependencies=[CsrfDep])
def rules_recheck(request: Request, actor: ActorDep) -> Response:
    """Re-check every stored table with the chosen rules, in the background of this process.

    Tens of thousands of tables take minutes: longer than a browser or a proxy waits
    for one answer. The store commits chunk by chunk and records an audit entry.
    """
    who = require_admin(actor)
    if not _running(request):
        engine = request.app.state.engine

        def work() -> None:
            with session_scope(engine) as session:
                recheck(session=session, actor=who.name)

        thread = threading.Thread(target=work, name="jixiao-recheck", daemon=True)
        request.app.state.recheck_thread = thread
        thread.start()
    return RedirectResponse("/admin/rules?recheck=started", status_code=303)
