"""Upload many files at once (drag and drop); each file gets its own result."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as FormFile
from starlette.responses import Response

from jixiao.store.auth import Actor
from jixiao.web.authz import Denied, require_upload
from jixiao.web.config import WebSettings
from jixiao.web.deps import ActorDep, CsrfDep, EngineDep, SettingsDep, parse_form
from jixiao.web.templating import render
from jixiao.web.uploads import UploadResult, store_upload

router = APIRouter(include_in_schema=False)


async def read_limited(upload: FormFile, settings: WebSettings) -> bytes | None:
    """Given an uploaded file, return its bytes, or None when it exceeds the size limit."""
    data = await upload.read(settings.max_upload_bytes + 1)
    return None if len(data) > settings.max_upload_bytes else data


async def receive(
    engine: object, actor: Actor, upload: FormFile, settings: WebSettings
) -> UploadResult:
    """Given one uploaded file, return what became of it."""
    name = (upload.filename or "upload").rsplit("/", 1)[-1][:200]
    data = await read_limited(upload, settings)
    if data is None:
        limit = settings.max_upload_bytes // (1024 * 1024)
        return UploadResult(name, False, f"文件过大,单个文件不得超过 {limit} MB。", 413)
    return await run_in_threadpool(store_upload, engine, actor, data, name, settings)


@router.get("/upload")
def upload_page(request: Request, actor: ActorDep) -> Response:
    """Show the drag-and-drop upload page."""
    require_upload(actor)
    return render(request, "upload.html", {"results": []})


@router.post("/upload", dependencies=[CsrfDep])
async def upload_files(
    request: Request, engine: EngineDep, actor: ActorDep, settings: SettingsDep
) -> Response:
    """Store the tables of every uploaded file; show one result per file."""
    who = require_upload(actor)
    form = await parse_form(request)
    files = [f for f in form.getlist("files") if isinstance(f, FormFile)]
    if not files:
        raise Denied(400, "请选择要上传的文件。")
    if len(files) > settings.max_files_per_upload:  # a form parsed elsewhere, without the limit
        raise Denied(413, f"一次最多上传 {settings.max_files_per_upload} 个文件,请分批上传。")
    results = [await receive(engine, who, f, settings) for f in files]
    request.app.state.dashboard_cache.clear()  # new tables, years and finding codes
    partial = bool(request.headers.get("hx-request"))
    name = "_upload_results.html" if partial else "upload.html"
    # A plain form post where no file could be stored answers with the files' 4xx
    # status (a script sees the failure); htmx swaps only 2xx answers, so the page
    # fragment it fetches keeps 200 and shows each file's message instead.
    failed = not partial and not any(r.ok for r in results)
    status = max(r.status for r in results) if failed else 200
    return render(request, name, {"results": results}, status_code=status)
