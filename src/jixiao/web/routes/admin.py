"""Administration: users (roles, scopes, disabling) and departments with their units."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from jixiao.model.workflow import Role
from jixiao.store.auth import add_user, list_users
from jixiao.store.web_queries import add_department, departments
from jixiao.store.web_users import set_user_active, user_status
from jixiao.web.auth import forget_actor
from jixiao.web.authz import Denied, require_admin
from jixiao.web.deps import ActorDep, CsrfDep, DbDep
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form(max_length=200)]


@router.get("/admin")
def admin_page(request: Request, db: DbDep, actor: ActorDep) -> Response:
    """Show users and departments."""
    require_admin(actor)
    context = {
        "users": list_users(session=db),
        "active": user_status(session=db),
        "departments": departments(session=db),
        "roles": [r.value for r in Role],
    }
    return render(request, "admin.html", context)


@router.post("/admin/users", dependencies=[CsrfDep])
def admin_add_user(
    db: DbDep,
    actor: ActorDep,
    name: Field,
    role: Field,
    password: Field,
    unit: Field = "",
    department: Field = "",
    region: Field = "",
) -> Response:
    """Add a user with a role and its scope."""
    require_admin(actor)
    if not name.strip():
        raise Denied(400, "用户名不能为空。")
    add_user(
        session=db,
        name=name.strip(),
        role=role,
        password=password,
        unit=unit.strip() or None,
        department=department.strip() or None,
        region=region.strip() or None,
    )
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{name}/active", dependencies=[CsrfDep])
def admin_user_active(
    db: DbDep, actor: ActorDep, name: str, active: Annotated[str, Form(max_length=5)] = ""
) -> Response:
    """Enable or disable a user (an administrator cannot disable themself)."""
    who = require_admin(actor)
    if name == who.name:
        raise Denied(400, "不能停用自己的账号。")
    set_user_active(session=db, name=name, active=active == "1")
    forget_actor(name)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/departments", dependencies=[CsrfDep])
def admin_add_department(
    request: Request,
    db: DbDep,
    actor: ActorDep,
    code: Field,
    name: Field,
    units: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Add a department (and its units, one per line)."""
    require_admin(actor)
    add_department(session=db, code=code, name=name, units=units.splitlines())
    return RedirectResponse("/admin", status_code=303)
