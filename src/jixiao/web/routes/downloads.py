"""Download routes of the dashboard: the open dataset (a zip of its Parquet files) and the
analysis report (HTML or PDF); who gets what is decided in :mod:`jixiao.web.downloads`.

Each route answers 404 in a build without the use case behind it.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from jixiao.store.auth import Actor
from jixiao.store.db import session_scope
from jixiao.web.authz import Denied, scope_for
from jixiao.web.deps import ActorDep
from jixiao.web.downloads import analysis_module, dataset_module, may_report
from jixiao.web.routes.dashboard import cached_grid

router = APIRouter(include_in_schema=False)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


@router.get("/downloads/dataset.zip")
async def dataset_download(
    request: Request,
    actor: ActorDep,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
) -> Response:
    """Return the dataset of the reader's scope (Parquet files, docs/dataset.md) as a zip."""
    module = dataset_module()
    if module is None:
        raise Denied(404, "此版本未包含开放数据导出。")
    scope = scope_for(actor)
    if scope.nothing:
        raise Denied(403, "您的账号没有可查看的表。")
    engine = request.app.state.engine

    def build() -> bytes:
        folder = Path(tempfile.mkdtemp(prefix="jixiao-dataset-"))
        try:
            with session_scope(engine) as session:
                module.export_dataset(
                    session=session, out=folder, scope=scope, year=year, review=actor is not None
                )
            buffer = io.BytesIO()
            # Parquet is compressed already: the zip only bundles the files.
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        archive.write(path, path.relative_to(folder).as_posix())
            return buffer.getvalue()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    data = await run_in_threadpool(build)
    name = f"jixiao-{'public-' if actor is None else ''}dataset{f'-{year}' if year else ''}.zip"
    return Response(data, media_type="application/zip", headers=_attachment(name))


Year = Annotated[int, Query(ge=1900, le=2200)]
Code = Annotated[str | None, Query(max_length=64)]


@router.get("/downloads/report.html")
async def report_html(
    request: Request, actor: ActorDep, year: Year, department: Code = None
) -> Response:
    """Return the analysis report of a year in the reader's scope, as a web page."""
    return await _report(request, actor, "html", year, department)


@router.get("/downloads/report.pdf")
async def report_pdf(
    request: Request, actor: ActorDep, year: Year, department: Code = None
) -> Response:
    """Return the analysis report of a year in the reader's scope, as an A4 PDF."""
    return await _report(request, actor, "pdf", year, department)


async def _report(
    request: Request, actor: Actor | None, fmt: str, year: int, department: str | None
) -> Response:
    """Given the reader, a format, a year and a department or region, return the report."""
    module = analysis_module()
    if module is None:
        raise Denied(404, "此版本未包含分析报告。")
    if actor is None:
        raise Denied(401, "请先登录。")
    if not may_report(actor):
        raise Denied(403, "您的账号没有可查看的表。")
    scope = scope_for(actor)
    region = None
    if department:
        g = cached_grid(request, scope)
        found = g.by_code(department)
        if found is None or found.id not in g.visible_departments():
            raise Denied(404, "没有这个部门,或您无权查看。")
        # A department with others under it is a region: the report covers them all.
        if any(d.parent_id == found.id for d in g.departments.values()):
            department, region = None, found.code
    engine = request.app.state.engine

    def build() -> bytes:
        folder = Path(tempfile.mkdtemp(prefix="jixiao-report-"))
        out = folder / f"report.{fmt}"
        try:
            with session_scope(engine) as session:
                module.write_report(
                    session=session,
                    year=year,
                    out=out,
                    department=department,
                    region=region,
                    scope=scope,
                )
            return out.read_bytes()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    data = await run_in_threadpool(build)
    media = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    subject = department or region
    name = f"jixiao-report-{year}{f'-{subject}' if subject else ''}.{fmt}"
    return Response(data, media_type=media, headers=_attachment(name))
