"""Download routes of the dashboard: the open dataset (zip of Parquet files) and the
analysis report (HTML or PDF); who gets what is decided in :mod:`jixiao.web.downloads`.

Each route answers 404 in a build without the use case behind it.
"""

from __future__ import annotations

import inspect
import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from jixiao.store.db import session_scope
from jixiao.store.web_queries import Scope
from jixiao.web.authz import Denied, scope_for
from jixiao.web.downloads import analysis_module, dataset_module, may_report, whole_dataset
from jixiao.web.routes.dashboard import cached_grid

router = APIRouter(include_in_schema=False)


def _call(function: Any, **offered: Any) -> Any:
    """Given a use case and the arguments at hand, call it with those it names."""
    accepted = inspect.signature(function).parameters
    return function(**{k: v for k, v in offered.items() if k in accepted})


@router.get("/downloads/dataset.zip")
async def dataset_download(
    request: Request, year: Annotated[int | None, Query(ge=1900, le=2200)] = None
) -> Response:
    """Return the dataset (Parquet files, docs/dataset.md) as one zip file."""
    module = dataset_module()
    if module is None:
        raise Denied(404, "此版本未包含开放数据导出。")
    actor = getattr(request.state, "actor", None)
    engine = request.app.state.engine
    public = not whole_dataset(actor)

    def build() -> bytes:
        folder = Path(tempfile.mkdtemp(prefix="jixiao-dataset-"))
        try:
            with session_scope(engine) as session:
                _call(
                    module.write_dataset,
                    session=session,
                    engine=engine,
                    folder=folder,
                    out=folder,
                    directory=folder,
                    year=year,
                    public=public,
                )
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        archive.write(path, path.relative_to(folder).as_posix())
            return buffer.getvalue()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    data = await run_in_threadpool(build)
    name = f"jixiao-{'public-' if public else ''}dataset{f'-{year}' if year else ''}.zip"
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/downloads/report.{fmt}")
async def report_download(
    request: Request,
    fmt: str,
    year: Annotated[int, Query(ge=1900, le=2200)],
    department: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Return the analysis report of a year (of a department or region in scope)."""
    module = analysis_module()
    if module is None or fmt not in ("html", "pdf"):
        raise Denied(404, "此版本未包含分析报告。")
    actor = getattr(request.state, "actor", None)
    if actor is None:
        raise Denied(401, "请先登录。")
    if not may_report(actor):
        raise Denied(403, "您的角色无权下载分析报告。")
    scope = scope_for(actor)
    # A reviewer of one department or region reports on that, whatever was asked.
    code = department or scope.department_code or scope.region
    if code is not None and not _in_scope(request, scope, code):
        raise Denied(404, "没有这个部门,或您无权查看。")
    if code is None and scope != Scope():
        raise Denied(403, "请选择您负责的部门。")
    engine = request.app.state.engine

    def build() -> bytes:
        folder = Path(tempfile.mkdtemp(prefix="jixiao-report-"))
        out = folder / f"report.{fmt}"
        try:
            with session_scope(engine) as session:
                _call(
                    module.write_report,
                    session=session,
                    engine=engine,
                    year=year,
                    department=code,
                    region=code,
                    output=out,
                    out=out,
                    path=out,
                )
            return out.read_bytes()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    data = await run_in_threadpool(build)
    media = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    name = f"jixiao-report-{year}{f'-{code}' if code else ''}.{fmt}"
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _in_scope(request: Request, scope: Scope, code: str) -> bool:
    g = cached_grid(request, scope)
    found = g.by_code(code)
    return found is not None and found.id in g.visible_departments()
