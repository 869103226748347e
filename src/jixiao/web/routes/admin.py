"""Administration: users (roles, scopes, disabling) and departments with their units."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from jixiao.model.workflow import Role
from jixiao.store.auth import add_user, list_users
from jixiao.store.errors import StoreError
from jixiao.store.listing import add_department, departments
from jixiao.store.users import set_password, set_user_active, user_status
from jixiao.web.authz import Denied, require_admin
from jixiao.web.credentials import credentials_changed
from jixiao.web.deps import ActorDep, CsrfDep, DbDep
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form(max_length=200)]


#: What each role's scope field is called on the form (for the messages below).
_SCOPE_NEEDED = {
    Role.CLERK.value: ("unit", "填报人须填写所属的实施单位。"),
    Role.DEPT_REVIEWER.value: ("department", "主管部门审核人须填写部门代码。"),
}


def _admin(
    request: Request,
    db: Any,
    *,
    error: str | None = None,
    form: str = "",
    entered: dict[str, str] | None = None,
    notice: str | None = None,
) -> Response:
    # A refused form comes back with what was typed (passwords excepted), its
    # message beside it, so the administrator corrects one field instead of all.
    context = {
        "users": list_users(session=db),
        "active": user_status(session=db),
        "departments": departments(session=db),
        "roles": [r.value for r in Role],
        "error": error,
        "error_form": form,
        "entered": entered or {},
        "notice": notice,
    }
    return render(request, "admin.html", context, status_code=400 if error else 200)


@router.get("/admin")
def admin_page(request: Request, db: DbDep, actor: ActorDep) -> Response:
    """Show users and departments."""
    require_admin(actor)
    notice = {"reset": "密码已重置。"}.get(request.query_params.get("done", ""))
    return _admin(request, db, notice=notice)


@router.post("/admin/users", dependencies=[CsrfDep])
def admin_add_user(
    request: Request,
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
    entered = {"name": name, "role": role, "unit": unit, "department": department, "region": region}
    field, missing = _SCOPE_NEEDED.get(role, ("", ""))
    error = None
    if not name.strip():
        error = "用户名不能为空。"
    elif field and not entered[field].strip():
        error = missing
    if error is None:
        try:
            # add_user refuses before it writes anything: nothing to roll back.
            add_user(
                session=db,
                name=name.strip(),
                role=role,
                password=password,
                unit=unit.strip() or None,
                department=department.strip() or None,
                region=region.strip() or None,
            )
        except StoreError as exc:
            error = exc.message
    if error is not None:
        return _admin(request, db, error=error, form="user", entered=entered)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{name}/password", dependencies=[CsrfDep])
def admin_reset_password(
    request: Request, db: DbDep, actor: ActorDep, name: str, password: Field
) -> Response:
    """Give a user a new password (the administrator tells it to them); their sessions end."""
    require_admin(actor)
    try:
        set_password(session=db, name=name, password=password)
    except StoreError as exc:
        return _admin(request, db, error=exc.message, form=f"password:{name}")
    credentials_changed(db, name)
    return RedirectResponse("/admin?done=reset", status_code=303)


@router.post("/admin/users/{name}/active", dependencies=[CsrfDep])
def admin_user_active(
    request: Request,
    db: DbDep,
    actor: ActorDep,
    name: str,
    active: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Enable or disable a user (an administrator cannot disable themself)."""
    who = require_admin(actor)
    if name == who.name:
        raise Denied(400, "不能停用自己的账号。")
    set_user_active(session=db, name=name, active=active == "1")
    credentials_changed(db, name)
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
    try:
        add_department(session=db, code=code, name=name, units=units.splitlines())
    except StoreError as exc:
        entered = {"code": code, "dept_name": name, "units": units}
        return _admin(request, db, error=exc.message, form="department", entered=entered)
    return RedirectResponse("/admin", status_code=303)
