"""A ready-to-fill 项目支出绩效自评表 workbook, pre-filled from an approved target table.

The unit types 全年执行数 and one 实际完成值 per indicator (a number in the unit shown
beside it, or a qualitative grade from the drop-down); Excel formulas compute the
scores, the total out of 100 (rescaled when rows are 不适用) and the grade, with the
same arithmetic as :mod:`jixiao.scoring`. A hidden sheet keeps the approved table so
that the reader (:mod:`jixiao.ingest.selfeval_template`, one of the ingest readers)
reads the filled workbook back exactly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.export.form import sheet_name
from jixiao.ingest.selfeval_template import EXEC_ROW as EXEC_ROW
from jixiao.ingest.selfeval_template import FIRST_ROW as FIRST_ROW
from jixiao.ingest.selfeval_template import META_SHEET as META_SHEET
from jixiao.ingest.selfeval_template import TEMPLATE_SCHEMA as TEMPLATE_SCHEMA
from jixiao.model.indicator import Indicator
from jixiao.model.project import TargetTable
from jixiao.model.serialize import table_to_dict
from jixiao.scoring.excel import execution_formulas, grade_formula, score_formula, total_formula
from jixiao.scoring.schemes import Scheme, get_scheme
from jixiao.scoring.scorer import is_cost
from jixiao.scoring.tiers import ACHIEVED, MISSED, PARTLY
from jixiao.scoring.weights import scheme_weights

_CHUNK = 30000
# Columns A–I are the official layout; J–N are hidden helpers the formulas and the reader use.
_HEAD = tuple(
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 单位 分值 得分 偏差原因分析及改进措施 "
    "指标性质 目标值 上限 类型 序号".split()
)
_FUNDS_HEAD = (
    "项目资金(万元)",
    "",
    *"年初预算数 全年预算数(A) 全年执行数(B) 执行率(B/A) 分值 得分 执行偏差原因".split(),
)
_FILL = PatternFill("solid", fgColor="FFF2CC")
_BOLD = Font(bold=True)


def write_selfeval_template(
    tables: Sequence[TargetTable], path: Path, scheme: str | Scheme = "central-2020"
) -> None:
    """Given approved target tables, a path and a scheme, write one fill-in sheet per table."""
    chosen = scheme if isinstance(scheme, Scheme) else get_scheme(scheme)
    wb = Workbook()
    default = wb.active
    rows: list[list[str]] = [[TEMPLATE_SCHEMA, chosen.name]]
    taken: set[str] = {META_SHEET}
    for table in tables:
        ws = wb.create_sheet(sheet_name(table.title, taken))
        _fill_sheet(ws, table, chosen)
        text = json.dumps(table_to_dict(table), ensure_ascii=False)
        rows.append(
            [ws.title, chosen.name, *(text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK))]
        )
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for row in rows:
        meta.append(row)
    if default is not None:
        wb.remove(default)
    wb.save(path)


def _fill_sheet(ws: Worksheet, table: TargetTable, scheme: Scheme) -> None:
    _header(ws, table)
    _execution(ws, table, scheme)
    for col, text in enumerate(_HEAD, start=1):
        ws.cell(FIRST_ROW - 1, col, text).font = _BOLD
    weights = scheme_weights(table, scheme)
    dv = DataValidation(
        type="list", formula1=f'"{ACHIEVED.name},{PARTLY.name},{MISSED.name}"', allow_blank=True
    )
    ws.add_data_validation(dv)
    for i, (ind, w) in enumerate(zip(table.indicators, weights, strict=True)):
        _indicator_row(
            ws, FIRST_ROW + i, i, ind, ind.weight if ind.weight is not None else w, scheme, dv
        )
    _totals(ws, FIRST_ROW + len(table.indicators))
    _guard_scores(ws, FIRST_ROW + len(table.indicators) - 1)
    for letter in "JKLMN":
        ws.column_dimensions[letter].hidden = True
    for letter, width in zip("ABCDEFGHI", (12, 14, 30, 18, 16, 8, 8, 8, 30), strict=True):
        ws.column_dimensions[letter].width = width


def _header(ws: Worksheet, table: TargetTable) -> None:
    p, f = table.project, table.funds
    ws.merge_cells("A1:I1")
    ws["A1"] = "项目支出绩效自评表"
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"] = f"({table.fiscal_year or '    '}年度)"
    dept = "-".join(x for x in (p.department, p.department_code) if x)
    for row, cells in (
        (3, ("项目名称", p.name)),
        (4, ("主管部门", dept, "实施单位", p.implementing_unit)),
    ):
        for col, text in zip((1, 2, 5, 6), cells, strict=False):
            ws.cell(row, col, text)
    ws["A10"], ws["B10"], ws["F10"] = "年度总体目标", "预期目标", "实际完成情况"
    ws["B11"] = "\n".join(table.goals)
    ws["F11"].fill = _FILL
    for col, text in enumerate(_FUNDS_HEAD, start=1):
        ws.cell(5, col, text).font = _BOLD
    for row, label, amount in (
        (6, "年度资金总额", f.total),
        (7, "其中:财政拨款", f.fiscal),
        (8, "上年结转资金", f.carryover),
        (9, "其他资金", f.other),
    ):
        ws.cell(row, 1, label)
        for col in (3, 4):
            ws.cell(row, col, amount)
        ws.cell(row, 5).fill = _FILL


def _execution(ws: Worksheet, table: TargetTable, scheme: Scheme) -> None:
    r = EXEC_ROW
    f = table.funds
    if f.budget_initial is not None:
        ws.cell(r, 3, f.budget_initial)
    if f.budget_adjusted is not None:
        ws.cell(r, 4, f.budget_adjusted)
    ws.cell(r, 7, f.execution_weight if f.execution_weight is not None else scheme.execution)
    rate, score = execution_formulas(r)
    ws.cell(r, 6, rate).number_format = "0.00%"
    ws.cell(r, 8, score)
    ws.cell(r, 9).fill = _FILL
    ws.cell(r, 14, "exec")


def _indicator_row(
    ws: Worksheet,
    r: int,
    i: int,
    ind: Indicator,
    weight: Decimal | None,
    scheme: Scheme,
    dv: DataValidation,
) -> None:
    v = ind.value
    kind = "定量" if v.is_quantitative and v.number is not None else "定性"
    kind = "不适用" if ind.not_applicable else kind
    cells = (ind.level1, ind.level2, ind.name, v.raw, None, v.unit if kind == "定量" else None)
    for col, text in enumerate(cells, start=1):
        ws.cell(r, col, text)
    ws.cell(r, 10, v.op)
    ws.cell(r, 11, v.number)
    ws.cell(r, 12, v.upper)
    ws.cell(r, 13, kind)
    ws.cell(r, 14, i)
    if kind == "不适用":
        ws.cell(r, 5, "不适用")
        return
    ws.cell(r, 5).fill = _FILL
    ws.cell(r, 9).fill = _FILL
    ws.cell(r, 7, weight).number_format = "0.00"
    ws.cell(r, 8, score_formula(r, v, is_cost(ind), scheme.equal_tolerance)).number_format = "0.00"
    if kind == "定性":
        dv.add(f"E{r}")


def _guard_scores(ws: Worksheet, last: int) -> None:
    """Let Excel refuse a typed 得分 outside 0–分值 (财预〔2020〕10号: no bonus points)."""
    if last < FIRST_ROW:
        return
    # Relative reference: Excel reads G13 against H13, G14 against H14, and so on.
    guard = DataValidation("decimal", operator="between", formula1="0", formula2=f"G{FIRST_ROW}")
    guard.error, guard.errorTitle, guard.showErrorMessage = (
        "得分应在0与分值之间",
        "得分超出分值",
        True,
    )
    ws.add_data_validation(guard)
    guard.add(f"H{FIRST_ROW}:H{last}")


def _totals(ws: Worksheet, r: int) -> None:
    ws.cell(r, 1, "总分(按适用指标折算为100分)").font = _BOLD
    weights, total = total_formula(r, EXEC_ROW, FIRST_ROW)
    ws.cell(r, 7, weights)
    ws.cell(r, 8, total)
    ws.cell(r, 14, "total")
    ws.cell(r + 1, 1, "评价等级").font = _BOLD
    ws.cell(r + 1, 8, grade_formula(f"H{r}"))
