"""Reading tables from files: bytes → grid → :class:`~jixiao.model.TargetTable`.

``read_path`` never raises for a bad file: whatever cannot be read becomes a
:class:`~jixiao.model.Problem` with its location, and the rest still comes out.
"""

from __future__ import annotations

import json
from pathlib import Path

from jixiao.ingest.formats import READERS, sniff
from jixiao.ingest.grid import ReadOutcome
from jixiao.ingest.layout import grids_to_result
from jixiao.model.location import Location
from jixiao.model.problems import ParseResult, Problem
from jixiao.model.serialize import PARSE_SCHEMA, result_from_dict

__all__ = ["read_bytes", "read_path", "read_text"]


def read_path(path: Path | str) -> ParseResult:
    """Given a file path, return the tables it holds and the problems met."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _failed(path.name, "parse.unreadable", f"无法打开文件: {exc.strerror or exc}")
    return read_bytes(data, path.name)


def read_bytes(data: bytes, name: str) -> ParseResult:
    """Given a file's bytes and its name (for messages), return tables and problems."""
    saved = _saved_result(data, name)
    if saved is not None:
        return saved
    kind = sniff(data, name)
    if kind is None:
        return _failed(
            name,
            "parse.unsupported",
            "不是可识别的表格文件(支持 txt、md、csv、xlsx、xls、docx、pdf、html)",
        )
    reader = READERS[kind]
    try:
        outcome: ReadOutcome = reader(data, name)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a Rust panic in calamine is a BaseException
        return _failed(
            name, "parse.corrupt", f"文件已损坏或无法解析({kind}): {type(exc).__name__}: {exc}"
        )
    result = grids_to_result(outcome.grids)
    return ParseResult(result.tables, outcome.problems + result.problems)


def read_text(text: str, name: str = "<text>") -> ParseResult:
    """Given already-decoded text, return the tables it holds."""
    from jixiao.ingest.text import text_to_grid

    return grids_to_result((text_to_grid(text, name),))


def _saved_result(data: bytes, name: str) -> ParseResult | None:
    """Given bytes, return the tables of a ``jixiao.parse/1`` document, or None when it is not one.

    ``export --to json`` writes that document; reading it back gives the same tables,
    so an analyst's corrected JSON can be checked or loaded like any other file.
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{") or PARSE_SCHEMA.encode() not in head:
        return None
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return _failed(name, "parse.corrupt", "JSON 文件已损坏,无法按 jixiao.parse/1 读取")
    if not isinstance(document, dict) or document.get("schema") != PARSE_SCHEMA:
        return None
    try:
        return result_from_dict(document)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        return _failed(
            name,
            "parse.corrupt",
            f"JSON 内容不符合 jixiao.parse/1 格式: {type(exc).__name__}: {exc}",
        )


def _failed(name: str, code: str, message: str) -> ParseResult:
    return ParseResult((), (Problem(code, "error", message, Location(name)),))
