"""Who is asking: signed session cookies, CSRF tokens, bearer tokens, rate-limited login.

Cookies and bearer tokens are HMAC-signed and hold a session key; the key names a
record in the store (:mod:`jixiao.store.sessions`), so logging out, revoking a
token, disabling the user or changing the password ends it at once, however long
the signed expiry still runs. Passwords are checked by the store (argon2).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.responses import Response

from jixiao.store.auth import Actor, authenticate
from jixiao.store.db import session_scope
from jixiao.store.logins import login_wait as wait_for_login
from jixiao.store.logins import record_login
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
    """The browser session: user name and session key (or None), CSRF token, whether it changed."""

    user: str | None
    csrf: str
    changed: bool = False
    key: str | None = None

    def login(self, name: str, key: str) -> None:
        """Given a user and its new session key, start a fresh session (new CSRF token: no fixation)."""
        self.user, self.key = name, key
        self.csrf, self.changed = secrets.token_urlsafe(24), True

    def logout(self) -> None:
        """End the session (a fresh anonymous one takes its place)."""
        self.user, self.key, self.csrf, self.changed = None, None, secrets.token_urlsafe(24), True

    def drop(self) -> None:
        """Forget a user whose session ended elsewhere (the CSRF token of this browser stays)."""
        self.user, self.key, self.changed = None, None, True


def read_session(request: Request, settings: WebSettings) -> WebSession:
    """Given a request, return its session; a missing or forged cookie gives a new one."""
    data = unsign(request.cookies.get(SESSION_COOKIE, ""), settings.secret_key)
    if data is None or not isinstance(data.get("c"), str):
        return WebSession(None, secrets.token_urlsafe(24), changed=True)
    user, key = data.get("u"), data.get("s")
    if not isinstance(user, str) or not isinstance(key, str):
        # A signed-in cookie without a session key predates the session records.
        return WebSession(None, data["c"], changed=isinstance(user, str))
    return WebSession(user, data["c"], key=key)


def cookie_value(session: WebSession, settings: WebSettings) -> str:
    """Given a session, return the signed cookie value that carries it."""
    payload = {
        "u": session.user,
        "s": session.key,
        "c": session.csrf,
        "e": time.time() + settings.session_max_age,
    }
    return sign(payload, settings.secret_key)


def write_session(
    response: Response, session: WebSession, settings: WebSettings, *, secure: bool = False
) -> None:
    """Given a response and a changed session, set the HttpOnly SameSite (and, on HTTPS, Secure) cookie."""
    response.set_cookie(
        SESSION_COOKIE,
        cookie_value(session, settings),
        max_age=settings.session_max_age,
        httponly=True,
        samesite="lax",
        secure=secure or settings.cookie_secure,
        path="/",
    )


def is_https(request: Request, settings: WebSettings) -> bool:
    """Given a request, return whether it reached the site over HTTPS, as the settings define it.

    Behind a proxy (``https="proxy"``) the proxy's ``X-Forwarded-Proto`` says so; a
    client forging it only gets a Secure cookie and an HSTS header for itself.
    """
    if settings.https == "on" or settings.cookie_secure:
        return True
    if settings.https != "proxy":
        return False
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return forwarded == "https" or request.url.scheme == "https"


def start_session(engine: Any, name: str, kind: str, seconds: float, address: str = "?") -> str:
    """Given a user who just proved their password, store a session of ``kind``; return its key."""
    from jixiao.store.sessions import open_session

    with session_scope(engine) as session:
        return open_session(session=session, name=name, kind=kind, seconds=seconds, address=address)


def issue_token(engine: Any, name: str, settings: WebSettings, address: str = "?") -> str:
    """Given a user name, store an API session and return its bearer token."""
    from jixiao.store.sessions import API

    key = start_session(engine, name, API, settings.token_max_age, address)
    payload = {"t": "api", "u": name, "s": key, "e": time.time() + settings.token_max_age}
    return sign(payload, settings.secret_key)


def bearer_key(request: Request, settings: WebSettings) -> tuple[str, str] | None:
    """Given a request, return (user name, session key) of a genuine ``Authorization: Bearer`` token."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    data = unsign(token.strip(), settings.secret_key)
    if data is None or data.get("t") != "api":
        return None
    user, key = data.get("u"), data.get("s")
    if not isinstance(user, str) or not isinstance(key, str):
        return None
    return user, key


def end_session(engine: Any, key: str) -> None:
    """Given a session key, revoke its record and forget it here at once."""
    from jixiao.store.sessions import end_session as revoke

    with session_scope(engine) as session:
        revoke(session=session, key=key)
    forget_session(key)


#: Seconds a session's check is trusted before it is read again: ending a session in
#: another worker process, disabling an account or changing a role takes effect within
#: this time (at once in this process), and a busy page costs no query.
ACTOR_TTL = 2.0
_ACTORS: dict[tuple[int, str], tuple[float, Actor | None, str]] = {}
_ACTORS_LOCK = threading.Lock()


def session_user(engine: Any, key: str | None, name: str | None, kind: str) -> Actor | None:
    """Given a session key from a cookie or token and the user it names, return the user while the session holds.

    Only stored, active users with a live session act over the web (the store alone
    treats anyone as administrator while a desk database has no users at all).
    """
    if not key or not name:
        return None
    cache, now = (id(engine), key), time.monotonic()
    hit = _ACTORS.get(cache)
    if hit is not None and now - hit[0] < ACTOR_TTL and hit[2] == name:
        return hit[1]
    from jixiao.store.sessions import session_actor

    with session_scope(engine) as session:
        actor = session_actor(session=session, key=key, kind=kind)
    if actor is not None and actor.name != name:
        actor = None  # a key lifted into a cookie signed for someone else
    with _ACTORS_LOCK:
        if len(_ACTORS) > 10_000:
            _ACTORS.clear()
        _ACTORS[cache] = (now, actor, name)
    return actor


def forget_session(key: str) -> None:
    """Given a session key, drop its cached check."""
    with _ACTORS_LOCK:
        for cached in [k for k in _ACTORS if k[1] == key]:
            del _ACTORS[cached]


def forget_actor(name: str) -> None:
    """Given a user name, drop every cached session check (after its account changed here)."""
    with _ACTORS_LOCK:
        for cached in [k for k, v in _ACTORS.items() if v[2] == name]:
            del _ACTORS[cached]


def check_password(engine: Any, name: str, password: str) -> Actor | None:
    """Given a name and a password, return the user when they match."""
    with session_scope(engine) as session:
        return authenticate(session=session, name=name, password=password)


def login_wait(request: Request, engine: Any, name: str) -> float:
    """Given a login request and the user name tried, return the seconds before it may be tried (0: now).

    Counted in the database (the audit log), so every worker process sees the
    same failures; the limit comes from the application's settings.
    """
    with session_scope(engine) as session:
        return wait_for_login(
            session=session,
            name=name,
            addr=client_addr(request),
            limit=request.app.state.login_limit,
        )


def wait_message(seconds: float) -> str:
    """Given the seconds to wait before the next login, say so in Chinese."""
    if seconds >= 90:
        return f"登录失败次数过多,请 {math.ceil(seconds / 60)} 分钟后再试。"
    return f"登录失败次数过多,请 {math.ceil(seconds)} 秒后再试。"


def note_login(request: Request, engine: Any, name: str, *, ok: bool) -> None:
    """Given a login request, the user name tried and the outcome, record it."""
    with session_scope(engine) as session:
        record_login(session=session, name=name, addr=client_addr(request), ok=ok)


def client_addr(request: Request) -> str:
    """Given a request, return the client's address ("?" when unknown)."""
    return request.client.host if request.client else "?"
