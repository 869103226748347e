"""A user's own password: change it on the account page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from jixiao.store.errors import StoreError
from jixiao.store.sessions import BROWSER
from jixiao.store.users import change_own_password
from jixiao.web.auth import client_addr, start_session
from jixiao.web.authz import require_reader
from jixiao.web.credentials import credentials_changed
from jixiao.web.deps import ActorDep, CsrfDep, DbDep, SettingsDep, WebSessionDep
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)
Password = Annotated[str, Form(max_length=200)]


@router.get("/account")
def account_page(request: Request, actor: ActorDep) -> Response:
    """Show the form that changes one's own password."""
    require_reader(actor)
    return render(request, "account.html", {"error": None, "done": False})


@router.post("/account/password", dependencies=[CsrfDep])
def change_password(
    request: Request,
    db: DbDep,
    actor: ActorDep,
    settings: SettingsDep,
    web_session: WebSessionDep,
    current: Password,
    new: Password,
    repeat: Password,
) -> Response:
    """Change one's own password after checking the current one."""
    who = require_reader(actor)
    error = None
    if new != repeat:
        error = "两次输入的新密码不一致。"
    else:
        try:
            change_own_password(session=db, name=who.name, current=current, new=new)
        except StoreError as exc:
            error = exc.message
    if error is not None:
        return render(request, "account.html", {"error": error, "done": False}, status_code=400)
    credentials_changed(db, who.name)
    db.commit()  # new password and revocations first: the session opened below carries its stamp
    engine = request.app.state.engine
    # Every other session of this user ends; the one that proved the current password
    # goes on under a new key (its old key was revoked with the rest).
    key = start_session(engine, who.name, BROWSER, settings.session_max_age, client_addr(request))
    web_session.login(who.name, key)
    return render(request, "account.html", {"error": None, "done": True})
