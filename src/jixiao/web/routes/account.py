"""Log in and out; the home page sends each visitor where their work is."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from jixiao.store.sessions import BROWSER
from jixiao.web.auth import (
    check_password,
    client_addr,
    end_session,
    login_wait,
    note_login,
    start_session,
    wait_message,
)
from jixiao.web.deps import ActorDep, CsrfDep, EngineDep, SettingsDep, WebSessionDep
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect would let a phishing link use our login.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/tables"


@router.get("/")
def home(actor: ActorDep) -> Response:
    """Send a logged-in user to the table list and the public to published tables."""
    return RedirectResponse("/tables" if actor else "/public", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    """Show the login form."""
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", dependencies=[CsrfDep])
def login(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    web_session: WebSessionDep,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=200)],
    next: Annotated[str | None, Form()] = None,
) -> Response:
    """Check the password (rate-limited) and start a session."""
    wait = login_wait(request, engine, username)
    if wait > 0:
        context = {"next": _safe_next(next), "error": wait_message(wait), "username": username}
        response = render(request, "login.html", context, status_code=429)
        response.headers["Retry-After"] = str(math.ceil(wait))
        return response
    actor = check_password(engine, username, password)
    note_login(request, engine, username, ok=actor is not None)
    if actor is None:
        context = {"next": _safe_next(next), "error": "用户名或密码不正确。", "username": username}
        return render(request, "login.html", context, status_code=401)
    key = start_session(engine, actor.name, BROWSER, settings.session_max_age, client_addr(request))
    web_session.login(actor.name, key)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[CsrfDep])
def logout(engine: EngineDep, web_session: WebSessionDep) -> Response:
    """End the session, here and on the server: a saved copy of the cookie no longer works."""
    if web_session.key:
        end_session(engine, web_session.key)
    web_session.logout()
    return RedirectResponse("/login", status_code=303)
