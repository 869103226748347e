"""A department's year as one download: the bundle of issue 8, for whoever may see it.

``GET /departments/{code}/{year}/export/{fmt}``: xlsx (汇总 sheet + a sheet per
project), pdf (contents page), html (the static site, zipped), or docx/json/csv
with the tables in one file. Each reader gets the tables they may see and no
others: a clerk its own unit's, a department reviewer its department's, the
public the published ones (预算公开); nothing visible answers 404.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask
from starlette.responses import Response

from jixiao.app.bundles import department_tables, write_entries
from jixiao.export.formats import FORMATS
from jixiao.store.listing import Filters, visible_ids
from jixiao.web.authz import Denied, scope_for
from jixiao.web.deps import ActorDep, DbDep

router = APIRouter(include_in_schema=False)

Code = Annotated[str, PathParam(min_length=1, max_length=64)]
Year = Annotated[int, PathParam(ge=1900, le=2200)]


@router.get("/departments/{code}/{year}/export/{fmt}")
def department_export(db: DbDep, actor: ActorDep, code: Code, year: Year, fmt: str) -> Response:
    """Download the tables of a department's year that the reader may see, as one bundle."""
    if fmt not in FORMATS:
        raise Denied(404, f"不支持的导出格式“{fmt}”。")
    ids = visible_ids(
        session=db, scope=scope_for(actor), filters=Filters(department=code, year=year)
    )
    entries = department_tables(session=db, department=code, year=year, ids=ids) if ids else []
    if not entries:
        raise Denied(404, f"没有部门 {code} {year} 年度的表格,或您无权查看。")
    folder = Path(tempfile.mkdtemp(prefix="jixiao-bundle-"))
    name = f"{code}-{year}"
    target = folder / (name if fmt == "html" else f"{name}.{fmt}")
    # Grades and findings are the review's internal work: not for the public.
    write_entries(entries, fmt, target, review=actor is not None)
    media = FORMATS[fmt].media_type
    if fmt == "html":  # a site is a folder: sent as one zip
        target = Path(shutil.make_archive(str(folder / name), "zip", root_dir=target))
        media = "application/zip"
    return FileResponse(
        target,
        media_type=media,
        filename=target.name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
