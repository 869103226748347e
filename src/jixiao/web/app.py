"""The application factory: ``create_app(settings)`` wires database, pages, API and safety."""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import PlainTextResponse, Response

from jixiao.store.db import make_engine
from jixiao.store.logins import LoginLimit
from jixiao.web import errors
from jixiao.web.auth import is_https, read_session, write_session
from jixiao.web.cache import TTLCache
from jixiao.web.config import HSTS, WebSettings, https_mode
from jixiao.web.templating import STATIC_DIR, make_templates

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
)
# Swagger UI (vendored under /static/swagger, so /docs works offline) starts itself
# with an inline script; it still may load nothing from elsewhere.
_DOCS_CSP = _CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
_DOCS = "/docs"
SWAGGER = "/static/swagger"

Next = Callable[[Request], Awaitable[Response]]


def create_app(settings: WebSettings | None = None, *, engine: Any = None) -> FastAPI:
    """Given settings (and optionally an engine), return the web application."""
    settings = settings or WebSettings()
    app = FastAPI(
        title="jixiao 绩效目标管理",
        description="项目支出绩效目标表: 上传、审核、评分、导出。脚本请先 POST /api/token 取得令牌。",
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    # Up to 40 requests of one process run at once (the thread pool); keep their
    # connections open rather than reconnecting for every request beyond the default 5.
    app.state.engine = engine or make_engine(settings.database_url, pool_size=20, max_overflow=20)
    app.state.templates = make_templates()
    app.state.login_limit = LoginLimit(
        attempts=settings.login_attempts,
        addr_attempts=settings.login_addr_attempts,
        window_seconds=settings.login_window,
        max_delay=settings.login_max_delay,
    )
    app.state.dashboard_cache = TTLCache(settings.dashboard_cache_seconds)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    errors.install(app)
    _middleware(app, settings)
    _warm_up()
    _routes(app)
    _docs(app)
    return app


def _warm_up() -> None:
    # The first review loads the word segmenter (about 1.5 s); pay it at start-up
    # rather than on some user's first table page.
    from jixiao.model.indicator import Indicator
    from jixiao.model.project import TargetTable
    from jixiao.model.values import parse_value
    from jixiao.rules import check_table

    row = Indicator("产出指标", "数量指标", "培训人数", parse_value("≥100人"))
    check_table(TargetTable(fiscal_year=2024, goals=("开展职工培训",), indicators=(row,)))
    # Everything alive now (modules, rule tables, templates) lives as long as the
    # process: keep it out of the collector's full passes, which run during requests.
    gc.collect()
    gc.freeze()


def _routes(app: FastAPI) -> None:
    from jixiao.web.routes import (
        account,
        admin,
        admin_rules,
        api,
        api_sessions,
        api_tables,
        bundle,
        dashboard,
        downloads,
        editor,
        monitor,
        password,
        public,
        selfeval,
        tables,
        upload,
        workflow,
    )

    for module in (
        account,
        password,
        tables,
        bundle,
        upload,
        editor,
        workflow,
        selfeval,
        monitor,
        dashboard,
        admin,
        admin_rules,
        public,
        downloads,
    ):
        app.include_router(module.router)
    app.include_router(api.router)
    app.include_router(api_sessions.router)
    app.include_router(api_tables.router)


def _docs(app: FastAPI) -> None:
    # FastAPI's own /docs loads Swagger UI from a CDN: blank on an offline network.
    from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
    from starlette.responses import HTMLResponse

    @app.get(_DOCS, include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} - API",
            oauth2_redirect_url=f"{_DOCS}/oauth2-redirect",
            swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
            # No badge fetched from validator.swagger.io.
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get(f"{_DOCS}/oauth2-redirect", include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()


def _middleware(app: FastAPI, settings: WebSettings) -> None:
    limit = settings.max_upload_bytes * settings.max_files_per_upload + 1024 * 1024

    @app.middleware("http")
    async def _session_and_headers(request: Request, call_next: Next) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return PlainTextResponse("上传内容过大。", status_code=413)
        session = read_session(request, settings)
        request.state.web_session = session
        response = await call_next(request)
        path = request.url.path
        secure = is_https(request, settings)
        if session.changed and not path.startswith(("/api", "/static")):
            write_session(response, session, settings, secure=secure)
        if secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        csp = _DOCS_CSP if path.startswith(_DOCS) else _CSP
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


def app_from_env() -> FastAPI:
    """Return the application configured from the environment (for ``uvicorn --factory``).

    ``JIXIAO_DATABASE_URL`` names the database; ``JIXIAO_SECRET_KEY`` must be set when
    several worker processes serve one site, so that they all accept each other's cookies;
    ``JIXIAO_HTTPS`` (``1``/``on``, or ``proxy``) marks cookies Secure and sends HSTS.
    """
    import os

    key = os.environ.get("JIXIAO_SECRET_KEY")
    settings = WebSettings(
        database_url=os.environ.get("JIXIAO_DATABASE_URL") or None,
        https=https_mode(os.environ.get("JIXIAO_HTTPS")),
    )
    if key:
        from dataclasses import replace

        settings = replace(settings, secret_key=key)
    return create_app(settings)
