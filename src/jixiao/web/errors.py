"""One place that turns refusals into answers: an HTML page, a redirect to login, or JSON."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from jixiao.model.workflow import WorkflowError
from jixiao.store.errors import ChangeRefused, NotFound, PermissionDenied, StaleVersion, StoreError
from jixiao.web.authz import Denied
from jixiao.web.templating import render

_STORE_STATUS: tuple[tuple[type[StoreError], int], ...] = (
    (NotFound, 404),
    (PermissionDenied, 403),
    (StaleVersion, 409),
    (ChangeRefused, 409),
)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def answer(request: Request, status: int, message: str, code: str) -> Response:
    """Given a request and a refusal, return JSON for the API, else a page (or the login)."""
    if _is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        body = {"ok": False, "code": code, "error": message}
        return JSONResponse(body, status_code=status, headers=headers)
    if status == 401:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    if request.headers.get("hx-request"):
        return render(request, "_error.html", {"message": message}, status_code=status)
    return render(request, "error.html", {"message": message, "status": status}, status)


def install(app: FastAPI) -> None:
    """Given the application, register the handlers."""

    @app.exception_handler(Denied)
    async def _denied(request: Request, exc: Denied) -> Response:
        return answer(request, exc.status, exc.message, "denied")

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        status = next((s for t, s in _STORE_STATUS if isinstance(exc, t)), 400)
        return answer(request, status, exc.message, type(exc).__name__)

    @app.exception_handler(WorkflowError)
    async def _workflow(request: Request, exc: WorkflowError) -> Response:
        return answer(request, 409, exc.message, "workflow")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "请求无法完成。"
        if exc.status_code == 404 and message == "Not Found":
            message = "页面不存在。"
        return answer(request, exc.status_code, message, "http")

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            errors = [
                {"loc": list(e.get("loc", ())), "msg": str(e.get("msg"))} for e in exc.errors()
            ]
            body = {"ok": False, "code": "invalid", "error": "请求参数无效。", "detail": errors}
            return JSONResponse(body, status_code=422)
        return answer(request, 422, "请求参数无效,请检查填写的内容。", "invalid")
