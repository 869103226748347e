"""The printable HTML check report: each table on its official form, findings marked on their rows.

Every piece of table text goes through Jinja2's autoescape: goals carry ``<p>`` and a
published cell may hold anything, including ``<script>``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from jixiao.export.annotate import attach_findings
from jixiao.export.html import TEMPLATES as EXPORT_TEMPLATES
from jixiao.export.layouts import form_of
from jixiao.report.run import CheckedTable, CheckRun
from jixiao.rules import REGISTRY

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
_ENV = Environment(
    # The export templates second: the form is their ``official_form`` macro, the one
    # rendering the web table page and the HTML export use too.
    loader=ChoiceLoader([PackageLoader("jixiao.report", "templates"), EXPORT_TEMPLATES]),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _table_view(number: int, checked: CheckedTable) -> dict[str, Any]:
    # Ids are prefixed t<N>- so that the rows and marks of every table stay unique.
    official = attach_findings(
        form_of(checked.table), checked.report.findings, anchor=f"t{number}-"
    )
    return {"n": number, "t": checked.table, "r": checked.report, "official": official}


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
