"""Reading back the 项目支出绩效自评表 workbook jixiao writes (``jixiao template``), filled in.

The writer (:mod:`jixiao.export.selfeval_template`) keeps the approved target table
as JSON in a hidden sheet; the unit types 全年执行数 and one 实际完成值 per indicator
beside it. Reading the hidden sheet gives the table exactly, the visible cells what
the unit filled in, so this reader gives whole tables, not grids to lay out. It is
one of the ingest readers (``READERS["selfeval-template"]``): ``jixiao parse``,
``score``, ``db load`` and the web upload all read a filled template this way.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.ingest.grid import ReadOutcome
from jixiao.model.indicator import Indicator
from jixiao.model.location import Location
from jixiao.model.money import money_str
from jixiao.model.problems import Problem
from jixiao.model.project import TargetTable
from jixiao.model.serialize import table_from_dict
from jixiao.model.values import TargetValue, parse_value

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# openpyxl is imported when a template is read: sniffing every file must stay cheap.

TEMPLATE_SCHEMA = "jixiao.selfeval-template/1"
META_SHEET = "_jixiao"
EXEC_ROW = 6
FIRST_ROW = 13


def looks_like_template(data: bytes) -> bool:
    """Given xlsx bytes, return whether they are a workbook ``jixiao template`` wrote.

    Both marks must be there: the hidden sheet's name in the workbook and the
    schema text among the shared strings (its cell A1), so a workbook that merely
    has a sheet called "_jixiao" is read as the workbook it is.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                return False
            if f'name="{META_SHEET}"'.encode() not in zf.read("xl/workbook.xml"):
                return False
            # Excel, WPS and openpyxl keep text in the shared strings; a writer that
            # saves it inline leaves it in the sheet itself.
            parts = ["xl/sharedStrings.xml"] + sorted(
                n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")
            )
            mark = TEMPLATE_SCHEMA.encode()
            return any(mark in zf.read(n) for n in parts if n in names)
    except Exception:  # noqa: BLE001 - BadZipFile, NotImplementedError, EOFError, ...
        return False


def read_template(data: bytes, name: str) -> ReadOutcome:
    """Given a filled template's bytes, return its self-evaluation tables (never raises for the file)."""
    try:
        tables = _read_workbook(io.BytesIO(data), Path(name))
    except Exception as exc:  # noqa: BLE001 - a damaged template is a problem of its file
        message = f"自评模板已损坏, 无法读取(详情: {type(exc).__name__}: {str(exc)[:200]})"
        return ReadOutcome(problems=(Problem("parse.corrupt", "error", message, Location(name)),))
    return ReadOutcome(tables=tables)


def _dec(value: object) -> Decimal | None:
    """A cell that holds a number (not a formula, not text) as a Decimal."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _actual(cell: object, unit: object) -> TargetValue | None:
    number = _dec(cell)
    if number is not None:
        u = _text(unit)
        shown = money_str(number) or "0"
        return TargetValue(f"{shown}{u}", "quantitative", "=", number, u)
    text = _text(cell)
    return parse_value(text) if text and text != "不适用" else None


def _read_indicator(ws: Worksheet, r: int, ind: Indicator) -> Indicator:
    row = [ws.cell(r, c).value for c in range(1, 10)]
    name, raw = _text(row[2]) or ind.name, _text(row[3])
    value = ind.value if raw == ind.value.raw else parse_value(raw)
    return replace(
        ind,
        name=name,
        value=value,
        actual=_actual(row[4], row[5]),
        weight=_dec(row[6]),
        score=_dec(row[7]),
        deviation_reason=_text(row[8]) or None,
    )


def _read_sheet(ws: Worksheet, table: TargetTable, source: Path) -> TargetTable:
    marks = ((ws.cell(r, 14).value, r) for r in range(1, ws.max_row + 1))
    rows = {mark: r for mark, r in marks if mark is not None}
    inds = tuple(
        _read_indicator(ws, rows[i], ind) if i in rows else ind
        for i, ind in enumerate(table.indicators)
    )
    e = [ws.cell(EXEC_ROW, c).value for c in range(1, 10)]
    funds = replace(
        table.funds,
        budget_initial=_dec(e[2]),
        budget_adjusted=_dec(e[3]),
        executed=_dec(e[4]),
        execution_weight=_dec(e[6]),
        execution_score=_dec(e[7]),
        execution_reason=_text(e[8]) or None,
    )
    done = _text(ws["F11"].value)
    return replace(
        table,
        kind="self_evaluation",
        indicators=inds,
        funds=funds,
        goals_actual=(done,) if done else (),
        source=Location(source.name, sheet=ws.title),
    )


def is_selfeval_template(path: Path) -> bool:
    """Whether a file is a workbook written by :func:`jixiao.export.selfeval_template.write_selfeval_template`."""
    from openpyxl import load_workbook

    if path.suffix.lower() != ".xlsx":
        return False
    try:
        wb = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - anything unreadable is simply not our template
        return False
    ok = META_SHEET in wb.sheetnames and wb[META_SHEET]["A1"].value == TEMPLATE_SCHEMA
    wb.close()
    return ok


def read_selfeval_workbook(path: Path) -> tuple[TargetTable, ...]:
    """Given a filled template workbook, return one self-evaluation table per sheet.

    Score cells still holding their formula mean "not overridden by the unit": their
    reported score is None and the scorer recomputes them.
    """
    path = Path(path)
    return _read_workbook(path, path)


def read_selfeval_template(path: Path) -> TargetTable:
    """Given a filled template workbook, return the self-evaluation of its first sheet."""
    tables = read_selfeval_workbook(path)
    if not tables:
        raise ValueError(f"{path} 不是 jixiao 自评模板(缺少隐藏工作表 {META_SHEET})")
    return tables[0]


def _read_workbook(source: Path | io.BytesIO, path: Path) -> tuple[TargetTable, ...]:
    from openpyxl import load_workbook

    wb = load_workbook(source)
    out = []
    for row in wb[META_SHEET].iter_rows(min_row=2, values_only=True):
        title, chunks = row[0], [c for c in row[2:] if c]
        if title in wb.sheetnames and chunks:
            table = table_from_dict(json.loads("".join(str(c) for c in chunks)))
            out.append(_read_sheet(wb[str(title)], table, path))
    return tuple(out)
