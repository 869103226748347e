"""Dependencies of every route, as ``Annotated`` aliases: settings, database, who asks, CSRF."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from jixiao.store.auth import Actor
from jixiao.store.db import session_scope
from jixiao.store.sessions import API, BROWSER
from jixiao.web.auth import CSRF_FIELD, CSRF_HEADER, WebSession, bearer_key, session_user
from jixiao.web.authz import Denied
from jixiao.web.config import WebSettings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings(request: Request) -> WebSettings:
    """Return the application's settings."""
    settings: WebSettings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Any:
    """Return the application's database engine."""
    return request.app.state.engine


def get_db(request: Request) -> Iterator[Any]:
    """Yield a database session, committed when the route returns, before the answer is sent."""
    with session_scope(request.app.state.engine) as session:
        yield session


def get_web_session(request: Request) -> WebSession:
    """Return the browser session the middleware read from the cookie."""
    session: WebSession = request.state.web_session
    return session


def get_actor(request: Request) -> Actor | None:
    """Return who asks: the bearer token's user on /api, else the session cookie's user.

    A cookie whose session has ended (logged out elsewhere, revoked, user disabled,
    password changed) is replaced by an anonymous one.
    """
    if getattr(request.state, "actor_done", False):
        cached: Actor | None = request.state.actor
        return cached
    settings = get_settings(request)
    engine = request.app.state.engine
    if request.url.path.startswith("/api"):
        found = bearer_key(request, settings)
        name, key = found if found else (None, None)
        actor = session_user(engine, key, name, API)
    else:
        web_session = get_web_session(request)
        actor = session_user(engine, web_session.key, web_session.user, BROWSER)
        if actor is None and web_session.user is not None:
            web_session.drop()
    request.state.actor, request.state.actor_done = actor, True
    return actor


async def parse_form(request: Request) -> FormData:
    """Return the request's form, parsed once, with at most the configured number of files.

    Whichever reads the form first fixes the limit (Starlette keeps the parsed form),
    so every reader goes through here: the CSRF check reads it before the route does.
    """
    limit = get_settings(request).max_files_per_upload
    try:
        return await request.form(max_files=limit)
    except HTTPException as exc:
        if "files" in str(exc.detail).lower():
            raise Denied(413, f"一次最多上传 {limit} 个文件,请分批上传。") from None
        raise Denied(400, "表单内容无法解析,请刷新页面后重试。") from None


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing browser request whose CSRF token does not match the session."""
    if request.method in SAFE_METHODS:
        return
    expected = get_web_session(request).csrf
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            form = await parse_form(request)
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, expected):
        raise Denied(403, "表单已过期或来源不明(CSRF 校验失败),请刷新页面后重试。")


SettingsDep = Annotated[WebSettings, Depends(get_settings)]
EngineDep = Annotated[Any, Depends(get_engine)]
# scope="function": commit when the route returns, not after the answer has gone out
# (FastAPI's default for a dependency with yield). A browser follows a redirect at
# once; with the default its next request could read the table before this commit
# and show the old status, and a failed commit came after a "success" answer.
DbDep = Annotated[Any, Depends(get_db, scope="function")]
ActorDep = Annotated[Actor | None, Depends(get_actor)]
WebSessionDep = Annotated[WebSession, Depends(get_web_session)]
CsrfDep = Depends(check_csrf)
#: Table ids as path parameters: bounded, since a number beyond 64 bits is no id at all
#: and the database driver would fail on it rather than answer "not found".
TableId = Annotated[int, Path(ge=1, le=2_147_483_647)]
