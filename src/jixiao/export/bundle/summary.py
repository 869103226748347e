"""The bundle's summary: one row per project, the 合计 row, the title, as plain values.

Every bundle format prints the same rows; only how it draws them differs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao.export.errors import ExportError
from jixiao.export.layouts import printable
from jixiao.model.money import money_str
from jixiao.model.project import TargetTable

#: Called after each table written with the number just done (1).
Progress = Callable[[int], None]
#: A bundle format: tables, the output path, the summary rows, a progress callback.
BundleWriter = Callable[[Sequence[TargetTable], Path, list[list[object]], Progress], None]

KIND_NAMES = {"target": "绩效目标表", "self_evaluation": "绩效自评表", "monitoring": "绩效监控表"}

SUMMARY_HEADS: tuple[str, ...] = (
    "序号",
    "项目名称",
    "实施单位",
    "表类型",
    "年度资金总额(万元)",
    "其中:财政拨款(万元)",
    "指标数",
    "产出",
    "效益",
    "满意度",
    "审核等级",
    "问题数",
    "其中错误",
)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """What the database knows about one table beyond the table itself."""

    grade: str | None = None
    findings: int | None = None
    errors: int | None = None


def _count(table: TargetTable, level1: str) -> int:
    return sum(1 for i in table.indicators if i.level1 == level1 and not i.not_applicable)


def summary_cells(
    tables: Sequence[TargetTable], rows: Sequence[SummaryRow] | None
) -> list[list[object]]:
    """Given tables and their optional grades/finding counts, return the summary rows.

    Money stays ``Decimal`` (None when absent) so each format can print it as a number.
    """
    extras = list(rows) if rows is not None else [SummaryRow()] * len(tables)
    if len(extras) != len(tables):
        raise ExportError(f"汇总信息 {len(extras)} 行与表格 {len(tables)} 张不一致")
    out: list[list[object]] = []
    for n, (t, extra) in enumerate(zip(tables, extras, strict=True), 1):
        out.append(
            [
                n,
                printable(t.title),
                printable(t.project.implementing_unit or ""),
                KIND_NAMES.get(t.kind, t.kind),
                t.funds.total,
                t.funds.fiscal,
                len(t.indicators),
                _count(t, "产出指标"),
                _count(t, "效益指标"),
                _count(t, "满意度指标"),
                extra.grade or "",
                extra.findings,
                extra.errors,
            ]
        )
    return out


def totals_row(cells: Sequence[Sequence[object]]) -> list[object]:
    """Given summary rows, return the 合计 row (money and counts added up)."""

    def add(col: int) -> Decimal | int | None:
        present = [v for row in cells if isinstance(v := row[col], int | Decimal)]
        if not present:
            return None
        total = sum((Decimal(v) for v in present), Decimal(0))
        return total if col in (4, 5) else int(total)

    return [
        "合计",
        f"{len(cells)} 个项目",
        "",
        "",
        *(add(c) for c in range(4, 10)),
        "",
        add(11),
        add(12),
    ]


def cell_text(value: object) -> str:
    """Given a summary cell, return it as printed ("74.5", "", "12")."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return money_str(value) or ""
    return str(value)


def bundle_title(tables: Sequence[TargetTable]) -> str:
    """Given a department's tables, return the bundle's title: "芜湖市总工会 2024年度 项目支出绩效表"."""
    first = tables[0] if tables else TargetTable()
    department = first.project.department or ""
    year = f"{first.fiscal_year}年度" if first.fiscal_year else ""
    return printable(" ".join(x for x in (department, year, "项目支出绩效表") if x))
