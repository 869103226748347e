"""Administration of checking: the rule set uploads and edits are checked with, rules off."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from jixiao.rules import REGISTRY, RULESETS
from jixiao.rules.config import ruleset_title
from jixiao.store.settings import rule_choice, rule_config, set_rule_choice
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
