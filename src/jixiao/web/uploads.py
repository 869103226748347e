"""Uploads: refuse what is too big or not a table (by content), then parse, check and store.

The type comes from the bytes (:func:`jixiao.ingest.formats.sniff`), never from the
name. ZIP containers (xlsx, docx) are opened only after their directory says they
unpack to a sane size at a sane ratio: a zip bomb of a few KB would otherwise
expand to gigabytes inside the reader.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from jixiao.ingest.formats import has_zip_directory, sniff, zip_versions_lowered
from jixiao.ingest.limits import ReadLimits
from jixiao.model.problems import ParseResult, Problem
from jixiao.store.auth import Actor
from jixiao.store.db import session_scope
from jixiao.web.authz import scope_for
from jixiao.web.config import WebSettings

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')
_MB = 1024 * 1024


@dataclass
class UploadResult:
    """What became of one uploaded file."""

    name: str
    ok: bool
    message: str
    status: int = 200
    tables: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    found: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Given a result, return its JSON object."""
        return {
            "file": self.name,
            "ok": self.ok,
            "message": self.message,
            "tables": self.tables,
            "refused": self.refused,
            "problems": self.problems,
            "found": self.found,
        }


def refusal(data: bytes, name: str, settings: WebSettings) -> tuple[int, str] | None:
    """Given an uploaded file's bytes, return (HTTP status, why) it is refused, or None."""
    if len(data) > settings.max_upload_bytes:
        return (
            413,
            f"文件过大({len(data) // _MB} MB),单个文件不得超过 {settings.max_upload_bytes // _MB} MB。",
        )
    kind = sniff(data, name)
    if kind is None and data.startswith(b"PK\x03\x04") and not has_zip_directory(data):
        return 422, "文件不完整(可能下载或复制时中断): 压缩包缺少结尾的目录, 请重新获取原文件。"
    if kind is None:
        return (
            415,
            "无法识别的文件类型(按内容判断): 请上传 txt、csv、xlsx、xls、docx、pdf 或 html 格式的表格。",
        )
    if data.startswith(b"PK"):
        why = _zip_refusal(data, settings)
        return (422, why) if why else None
    if kind in ("text", "csv", "html") and data.count(b"\n") > settings.max_text_lines:
        return 422, f"文件行数超过 {settings.max_text_lines} 行,不像一张绩效目标表,已拒绝。"
    return None


def _zip_refusal(data: bytes, settings: WebSettings) -> str | None:
    try:
        # The reader lowers an overstated "version needed" the same way (see formats).
        archive = zipfile.ZipFile(io.BytesIO(zip_versions_lowered(data)[0]))
        members = archive.infolist()
    except Exception:  # noqa: BLE001 - BadZipFile, NotImplementedError, EOFError, ...
        return None  # a damaged container: the reader reports it as a parse problem
    if len(members) > 10_000:
        return "压缩包内文件数过多,疑似压缩炸弹,已拒绝。"
    total = sum(m.file_size for m in members)
    if total > settings.max_unzipped_bytes:
        return f"文件解压后达 {total // _MB} MB,疑似压缩炸弹,已拒绝。"
    for m in members:
        if m.file_size > _MB and m.file_size > settings.max_zip_ratio * max(m.compress_size, 1):
            return f"文件内“{m.filename}”压缩比异常({m.file_size // max(m.compress_size, 1)} 倍),疑似压缩炸弹,已拒绝。"
    return _sheet_refusal(archive, members, settings)


def _sheet_refusal(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], settings: WebSettings
) -> str | None:
    for m in members:
        if not (m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")):
            continue
        try:
            with archive.open(m) as fh:
                head = fh.read(4096)
        except Exception:  # noqa: BLE001 - a damaged or encrypted member: the reader reports it
            continue
        found = _DIMENSION.search(head)
        if not found or not found.group(4):
            continue
        rows, cols = int(found.group(4)), _column_number(found.group(3).decode())
        if rows > settings.max_sheet_rows or cols > settings.max_sheet_cols:
            return (
                f"工作表过大({rows} 行 × {cols} 列),超过 {settings.max_sheet_rows} 行或 "
                f"{settings.max_sheet_cols} 列的上限,已拒绝。"
            )
    return None


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def read_upload(data: bytes, name: str, settings: WebSettings) -> ParseResult:
    """Given an uploaded file, return its tables, read no further than the configured limits."""
    from jixiao.app.intake import read_upload as read_in_memory

    limits = ReadLimits(rows=settings.max_sheet_rows, columns=settings.max_sheet_cols)
    return read_in_memory(name, data, limits)


def store_upload(
    engine: Any, actor: Actor, data: bytes, name: str, settings: WebSettings
) -> UploadResult:
    """Given who uploads and a file, refuse it or parse, check and store its tables."""
    refused = refusal(data, name, settings)
    if refused is not None:
        return UploadResult(name, False, refused[1], refused[0])
    from jixiao.app.intake import load_upload
    from jixiao.store.listing import summaries_by_id

    parsed = read_upload(data, name, settings)
    problems = [f"{p.message}" for p in parsed.problems if p.severity == "error"]
    if not parsed.tables:
        return UploadResult(name, False, _nothing_read(parsed.problems), 422, problems=problems)
    with session_scope(engine) as session:
        report, config = load_upload(
            session=session, name=name, data=data, parsed=parsed, actor=actor.name
        )
        stored = summaries_by_id(session=session, ids=report.table_ids, scope=scope_for(actor))
    tables = [s.to_dict() for s in stored.values()]
    found = _found(parsed.tables, [stored.get(i) if i else None for i in report.table_ids], config)
    message = f"找到 {len(parsed.tables)} 张表: 新增 {report.added} 张,新版本 {report.versions} 张,未变 {report.unchanged} 张"
    if report.refused:
        message += f",拒绝 {len(report.refused)} 张"
    return UploadResult(name, True, message, 200, tables, report.refused, problems, found)


#: Problems that say why a file could not be read at all (rather than what it lacks).
_UNREADABLE = ("parse.corrupt", "parse.encrypted", "parse.unsupported", "parse.unreadable")


def _nothing_read(problems: tuple[Problem, ...]) -> str:
    # A damaged or locked file says so; otherwise the file was read and held no table.
    for p in problems:
        if p.code in _UNREADABLE and p.severity == "error":
            return f"文件无法读取: {p.message}"
    return "文件中没有找到绩效目标表。"


def _found(parsed: Any, stored: list[Any], config: Any) -> list[dict[str, Any]]:
    # Every table of the file with its own check: the uploader supplied the content,
    # so showing it reveals nothing. Whether it was stored is what the load did with
    # that very table (its id), so the line agrees with the counts above it.
    from jixiao.rules import check_table

    out = []
    for table, summary in zip(parsed, stored, strict=True):
        report = check_table(table, config)
        out.append(
            {
                "project_name": table.title,
                "implementing_unit": table.project.implementing_unit,
                "fiscal_year": table.fiscal_year,
                "grade": report.grade,
                "findings": [f.to_dict() for f in report.findings],
                "stored": None if summary is None else summary.to_dict(),
            }
        )
    return out
