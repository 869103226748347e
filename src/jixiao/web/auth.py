"""Who is asking: signed session cookies, CSRF tokens, bearer tokens, rate-limited login.

Sessions are stateless HMAC-signed cookies holding the user name, a CSRF token and
an expiry; the user is re-read from the database on every request, so a disabled
account loses access at once. Passwords are checked by the store (argon2).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.responses import Response

from jixiao.store.auth import Actor, authenticate
from jixiao.store.db import session_scope
from jixiao.store.logins import login_blocked, record_login
from jixiao.web.config import WebSettings

SESSION_COOKIE = "jixiao_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def sign(payload: dict[str, Any], key: str) -> str:
    """Given a payload and the secret key, return a tamper-proof token."""
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()
    mac = hmac.new(key.encode(), body.encode(), hashlib.sha256).hexdigest()
    return f"{body}.{mac}"


def unsign(token: str, key: str) -> dict[str, Any] | None:
    """Given a token and the key, return its payload when genuine and unexpired, else None."""
    body, _, mac = token.partition(".")
    good = hmac.new(key.encode(), body.encode(), hashlib.sha256).hexdigest()
    if not mac or not hmac.compare_digest(mac, good):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body.encode()))
    except ValueError:
        return None
    if not isinstance(data, dict) or float(data.get("e", 0)) < time.time():
        return None
    return data


@dataclass
class WebSession:
    """The browser session: user name (or None), CSRF token, and whether it changed."""

    user: str | None
    csrf: str
    changed: bool = False

    def login(self, name: str) -> None:
        """Given a user name, start a fresh session for it (new CSRF token: no fixation)."""
        self.user, self.csrf, self.changed = name, secrets.token_urlsafe(24), True

    def logout(self) -> None:
        """End the session (a fresh anonymous one takes its place)."""
        self.user, self.csrf, self.changed = None, secrets.token_urlsafe(24), True


def read_session(request: Request, settings: WebSettings) -> WebSession:
    """Given a request, return its session; a missing or forged cookie gives a new one."""
    data = unsign(request.cookies.get(SESSION_COOKIE, ""), settings.secret_key)
    if data is None or not isinstance(data.get("c"), str):
        return WebSession(None, secrets.token_urlsafe(24), changed=True)
    user = data.get("u")
    return WebSession(user if isinstance(user, str) else None, data["c"])


def write_session(response: Response, session: WebSession, settings: WebSettings) -> None:
    """Given a response and a changed session, set the HttpOnly SameSite cookie."""
    payload = {"u": session.user, "c": session.csrf, "e": time.time() + settings.session_max_age}
    response.set_cookie(
        SESSION_COOKIE,
        sign(payload, settings.secret_key),
        max_age=settings.session_max_age,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )


def issue_token(name: str, settings: WebSettings) -> str:
    """Given a user name, return a bearer token for the API."""
    payload = {"t": "api", "u": name, "e": time.time() + settings.token_max_age}
    return sign(payload, settings.secret_key)


def bearer_user(request: Request, settings: WebSettings) -> str | None:
    """Given a request, return the user name of a valid ``Authorization: Bearer`` token."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    data = unsign(token.strip(), settings.secret_key)
    if data is None or data.get("t") != "api" or not isinstance(data.get("u"), str):
        return None
    return str(data["u"])


#: Seconds a looked-up user is trusted before it is read again: disabling an account
#: or changing a role takes effect within this time, and a busy page costs no query.
ACTOR_TTL = 2.0
_ACTORS: dict[tuple[int, str], tuple[float, Actor | None]] = {}
_ACTORS_LOCK = threading.Lock()


def actor_named(engine: Any, name: str | None) -> Actor | None:
    """Given a user name from a cookie or token, return the active stored user, or None.

    Only stored, active users act over the web (the store alone treats anyone as
    administrator while a desk database has no users at all).
    """
    if not name:
        return None
    key, now = (id(engine), name), time.monotonic()
    hit = _ACTORS.get(key)
    if hit is not None and now - hit[0] < ACTOR_TTL:
        return hit[1]
    from jixiao.store.web_users import active_user

    with session_scope(engine) as session:
        actor = active_user(session=session, name=name)
    with _ACTORS_LOCK:
        if len(_ACTORS) > 10_000:
            _ACTORS.clear()
        _ACTORS[key] = (now, actor)
    return actor


def forget_actor(name: str) -> None:
    """Given a user name, drop it from the cache (after its account changed here)."""
    with _ACTORS_LOCK:
        for key in [k for k in _ACTORS if k[1] == name]:
            del _ACTORS[key]


def check_password(engine: Any, name: str, password: str) -> Actor | None:
    """Given a name and a password, return the user when they match."""
    with session_scope(engine) as session:
        return authenticate(session=session, name=name, password=password)


def login_refused(request: Request, engine: Any, name: str) -> bool:
    """Given a login request and the user name tried, return whether to refuse it (429).

    Counted in the database (the audit log), so every worker process sees the
    same failures; the limit comes from the application's settings.
    """
    with session_scope(engine) as session:
        return login_blocked(
            session=session,
            name=name,
            addr=client_addr(request),
            limit=request.app.state.login_limit,
        )


def note_login(request: Request, engine: Any, name: str, *, ok: bool) -> None:
    """Given a login request, the user name tried and the outcome, record it."""
    with session_scope(engine) as session:
        record_login(session=session, name=name, addr=client_addr(request), ok=ok)


def client_addr(request: Request) -> str:
    """Given a request, return the client's address ("?" when unknown)."""
    return request.client.host if request.client else "?"
