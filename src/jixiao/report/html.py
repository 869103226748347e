"""The printable HTML check report: each table in the official layout, findings linked to rows.

Every piece of table text goes through Jinja2's autoescape: goals carry ``<p>`` and a
published cell may hold anything, including ``<script>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from jixiao.model.indicator import Indicator
from jixiao.model.money import money_str
from jixiao.report.run import CheckedTable, CheckRun
from jixiao.rules import REGISTRY, Finding

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
_ENV = Environment(
    loader=PackageLoader("jixiao.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True, slots=True)
class RowView:
    """One indicator row with its merged-cell spans and the findings pointing at it."""

    anchor: str
    ind: Indicator
    span1: int
    span2: int
    marks: tuple[int, ...]


def _row_of(finding: Finding, rows: tuple[Indicator, ...]) -> int | None:
    if finding.indicator is None:
        return None
    for n, ind in enumerate(rows):
        if ind.name == finding.indicator and (
            finding.location == ind.source or finding.path == ind.path
        ):
            return n
    return None


def _spans(rows: tuple[Indicator, ...], key: int) -> list[int]:
    # Official layout merges runs of equal 一级 (key 1) or equal 一级+二级 (key 2) cells.
    spans = [0] * len(rows)
    start = 0
    for n in range(1, len(rows) + 1):
        same = (
            n < len(rows)
            and (rows[n].level1, rows[n].level2)[:key]
            == (
                rows[start].level1,
                rows[start].level2,
            )[:key]
        )
        if not same:
            spans[start] = n - start
            start = n
    return spans


def _table_view(number: int, checked: CheckedTable) -> dict[str, Any]:
    rows = checked.table.indicators
    findings = []
    marks: dict[int, list[int]] = {}
    for k, finding in enumerate(checked.report.findings, start=1):
        row = _row_of(finding, rows)
        if row is not None:
            marks.setdefault(row, []).append(k)
        findings.append(
            {"n": k, "f": finding, "row": row, "label": SEVERITY_LABELS[finding.severity]}
        )
    span1, span2 = _spans(rows, 1), _spans(rows, 2)
    views = [
        RowView(f"t{number}-r{n}", ind, span1[n], span2[n], tuple(marks.get(n, ())))
        for n, ind in enumerate(rows)
    ]
    funds = checked.table.funds
    money = {
        k: money_str(getattr(funds, k)) or "" for k in ("total", "fiscal", "carryover", "other")
    }
    return {
        "n": number,
        "t": checked.table,
        "r": checked.report,
        "rows": views,
        "findings": findings,
        "money": money,
    }


def render_html(run: CheckRun, *, title: str = "项目支出绩效目标审核报告") -> str:
    """Given a check run, return a self-contained printable HTML page (Chinese)."""
    counts = sorted(run.code_counts().items(), key=lambda kv: (-kv[1], kv[0][0]))
    titles = {r.code: r.title for r in REGISTRY}
    return _ENV.get_template("check.html.j2").render(
        title=title,
        today=date.today().isoformat(),
        tables=[_table_view(n, t) for n, t in enumerate(run.tables, start=1)],
        counts=[
            (code, sev, SEVERITY_LABELS[sev], titles.get(code, code), c)
            for (code, sev), c in counts
        ],
        grades=run.grade_counts(),
        problems=run.problems,
        unreadable=run.unreadable,
        labels=SEVERITY_LABELS,
    )
