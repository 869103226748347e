"""Reading tables from files: bytes → grid → :class:`~jixiao.model.TargetTable`.

``read_path`` never raises for a bad file: whatever cannot be read becomes a
:class:`~jixiao.model.Problem` with its location, and the rest still comes out.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.ingest.formats import READERS, sniff
from jixiao.ingest.grid import ReadOutcome
from jixiao.ingest.layout import grids_to_result
from jixiao.model.location import Location
from jixiao.model.problems import ParseResult, Problem

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
    if kind == "text" and not any(t.indicators for t in result.tables):
        from jixiao.ingest.text import decode

        result = with_prose(result, decode(data)[0], name)
    return ParseResult(result.tables, outcome.problems + result.problems)


def read_text(text: str, name: str = "<text>") -> ParseResult:
    """Given already-decoded text, return the tables it holds."""
    from jixiao.ingest.text import text_to_grid

    result = grids_to_result((text_to_grid(text, name),))
    if not any(t.indicators for t in result.tables):
        result = with_prose(result, text, name)
    return result


# Prose gives indicators only as a list of at least this many stated targets.
PROSE_MIN_INDICATORS = 2


def with_prose(result: ParseResult, text: str, name: str) -> ParseResult:
    """Given a text's result without indicators, add those its prose states, if any.

    Letters and reports give targets as sentences under level headings; the first
    table found (or a new one) takes them, and "no table" no longer applies.
    """
    from dataclasses import replace

    from jixiao.ingest.builder import Builder
    from jixiao.ingest.prose import read_prose

    found = read_prose(text, name)
    if len(found) < PROSE_MIN_INDICATORS:
        return result
    if result.tables:
        first = replace(result.tables[0], indicators=tuple(found))
        return ParseResult((first, *result.tables[1:]), result.problems)
    builder = Builder(Location(name))
    builder.indicators = found
    problems = tuple(p for p in result.problems if p.code != "parse.no-table")
    return ParseResult((builder.finish(),), problems)


def _failed(name: str, code: str, message: str) -> ParseResult:
    return ParseResult((), (Problem(code, "error", message, Location(name)),))
