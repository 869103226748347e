"""The JSON API for scripts: tokens, uploads and checks (tables are in ``api_tables``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from jixiao.app.settings import rule_config
from jixiao.web.auth import (
    check_password,
    client_addr,
    issue_token,
    login_wait,
    note_login,
    wait_message,
)
from jixiao.web.authz import Denied, require_reader, require_upload
from jixiao.web.config import WebSettings
from jixiao.web.deps import ActorDep, DbDep, EngineDep, SettingsDep
from jixiao.web.routes.upload import read_limited
from jixiao.web.uploads import read_upload, refusal, store_upload

bearer = OAuth2PasswordBearer(tokenUrl="/api/token", auto_error=False)
router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(bearer)])


class Token(BaseModel):
    """An OAuth2 bearer token."""

    access_token: str
    token_type: str = "bearer"


class Me(BaseModel):
    """Who the token belongs to and the scope of the role."""

    name: str
    role: str
    unit: str | None
    department_code: str | None
    region: str | None


@router.post("/token", response_model=Token)
def token(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> Token:
    """Exchange a user name and password (OAuth2 password form) for a bearer token."""
    name = form.username[:100]
    wait = login_wait(request, engine, name)
    if wait > 0:
        raise Denied(429, wait_message(wait))
    actor = check_password(engine, name, form.password[:200])
    note_login(request, engine, name, ok=actor is not None)
    if actor is None:
        raise Denied(401, "用户名或密码不正确。")
    return Token(access_token=issue_token(engine, actor.name, settings, client_addr(request)))


@router.get("/me", response_model=Me)
def me(actor: ActorDep) -> Me:
    """Return the token's user."""
    who = require_reader(actor)
    return Me(
        name=who.name,
        role=who.role.value,
        unit=who.unit_name,
        department_code=who.department_code,
        region=who.region,
    )


@router.post("/files")
async def upload_file(
    request: Request, engine: EngineDep, actor: ActorDep, settings: SettingsDep, file: UploadFile
) -> JSONResponse:
    """Store the tables of one file (multipart field ``file``); return them, as in the table list."""
    who = require_upload(actor)
    data = await read_limited(file, settings)
    name = (file.filename or "upload").rsplit("/", 1)[-1][:200]
    if data is None:
        raise Denied(413, f"文件过大,单个文件不得超过 {settings.max_upload_bytes // 1048576} MB。")
    result = await run_in_threadpool(store_upload, engine, who, data, name, settings)
    request.app.state.dashboard_cache.clear()
    return JSONResponse(result.to_dict(), status_code=201 if result.ok else result.status)


@router.post("/check")
async def check_file(
    db: DbDep, actor: ActorDep, settings: SettingsDep, file: UploadFile
) -> JSONResponse:
    """Parse and check one file without storing it; return ``jixiao.check/1``."""
    require_reader(actor)
    config = rule_config(session=db)
    data = await read_limited(file, settings)
    name = (file.filename or "upload").rsplit("/", 1)[-1][:200]
    if data is None:
        raise Denied(413, "文件过大。")
    refused = refusal(data, name, settings)
    if refused is not None:
        raise Denied(refused[0], refused[1])
    return JSONResponse(await run_in_threadpool(_check, data, name, config, settings))


def _check(data: bytes, name: str, config: Any, settings: WebSettings) -> dict[str, Any]:
    from jixiao.model.serialize import problem_to_dict
    from jixiao.rules import check_table

    parsed = read_upload(data, name, settings)
    return {
        "schema": "jixiao.check/1",
        "tables": [check_table(t, config).to_dict() for t in parsed.tables],
        "problems": [problem_to_dict(p) for p in parsed.problems],
    }
