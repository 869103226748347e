"""The dashboard: region → department → unit → table, two years side by side, sortable.

Every figure comes from the grid of the reader's scope (:mod:`jixiao.store.dashboard`,
GROUP BY in SQL), cached per scope until the next write; a level, a year, a
comparison and an order are then sums and a sort over a few hundred grid rows.
Sorting is a query parameter (``sort=-quant``): the header links work without
script, and htmx swaps only the level's table when script runs.

Who sees what is :func:`jixiao.web.authz.scope_for`'s decision: a unit its tables, a
department reviewer its department, a finance reviewer its region, the public the
published tables. The public, like on a published table's own page, sees neither the
review grades nor the findings (those are internal to the review).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from markupsafe import Markup
from starlette.responses import HTMLResponse, Response

from jixiao.store.auth import Actor
from jixiao.store.dashboard import (
    Dashboard,
    Grid,
    Measures,
    Row,
    TableLine,
    department_rows,
    finding_counts,
    grid,
    level_rows,
    pick,
    subtree_ids,
    summarise,
    table_findings,
    total,
    unit_tables,
)
from jixiao.store.db import session_scope
from jixiao.store.visibility import Scope
from jixiao.web.authz import Denied, scope_for
from jixiao.web.cache import cached
from jixiao.web.charts import bar_chart
from jixiao.web.deps import ActorDep
from jixiao.web.downloads import download_links
from jixiao.web.labels import finding_title
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Measure:
    """A column of the level table: its sort key, Chinese label, how to read and show it."""

    key: str
    label: str
    value: Callable[[Measures], Decimal | int | None]
    kind: str  # "int" | "money" | "rate" | "points" | "score"
    internal: bool = False  # review grades and findings: not for the public
    hint: str = ""


MEASURES: tuple[Measure, ...] = (
    Measure("tables", "表格数", lambda m: m.tables, "int", hint="目标表、自评表和监控表"),
    Measure("funds", "项目资金(万元)", lambda m: m.funds, "money", hint="目标表的年度资金总额"),
    Measure(
        "quant",
        "指标量化率",
        lambda m: m.quantification_rate,
        "rate",
        hint="目标表适用的三级指标中, 指标值带数字的比例",
    ),
    Measure(
        "grade",
        "平均评级",
        lambda m: m.grade_points,
        "points",
        internal=True,
        hint="已评级目标表的平均等级: 优 4 · 良 3 · 中 2 · 差 1",
    ),
    Measure(
        "exec",
        "预算执行率",
        lambda m: m.execution_rate,
        "rate",
        hint="自评表和监控表的执行数 / 调整后预算",
    ),
    Measure(
        "findings",
        "问题数",
        lambda m: m.findings,
        "int",
        internal=True,
        hint="当前版本的审核问题条数",
    ),
    Measure(
        "selfeval",
        "自评得分",
        lambda m: m.selfeval_score,
        "score",
        hint="自评表填报的总分(各指标得分加预算执行得分)的平均值",
    ),
)
BY_KEY = {m.key: m for m in MEASURES}
#: Rows of a level shown at first, in the order chosen: a province's 600 departments
#: ranked on one page would be 10,000 cells; the rest is one click (?all=1) away.
ROW_LIMIT = 100
SORT_KEYS = frozenset(["name", "year", *BY_KEY, *(f"d_{k}" for k in BY_KEY)])


def cached_grid(request: Request, scope: Scope) -> Grid:
    """Given a request and a scope, return its grid, computed once per scope until a write.

    Aggregating 50,000 tables takes a noticeable moment; while nothing is written,
    50 readers at once and every level, year and order cost one computation.
    """
    engine = request.app.state.engine

    def compute() -> Grid:
        with session_scope(engine) as session:
            return grid(session=session, scope=scope)

    return cached(request, ("dashboard-grid", scope), compute)


def cached_findings(
    request: Request, scope: Scope, g: Grid, node: int | None, unit: int | None
) -> dict[int, Counter[str]]:
    """Given a scope, a department id and a unit, return the finding codes per year, cached."""
    engine = request.app.state.engine

    def compute() -> dict[int, Counter[str]]:
        with session_scope(engine) as session:
            return finding_counts(
                session=session, scope=scope, departments=subtree_ids(g, node), unit=unit
            )

    return cached(request, ("dashboard-findings", scope, node, unit), compute)


def cached_dashboard(
    request: Request, db: Any, actor: Any, year: int | None, dept: str | None
) -> Dashboard:
    """Given a reader and the choices, return the summary figures (tiles, charts, the API)."""
    scope = scope_for(actor)
    g = cached_grid(request, scope)
    node = g.by_code(dept) if dept else None
    if dept and node is None:
        return Dashboard()
    # A department's own tables, as the department filter of the table list.
    if node is None:
        own = cached_findings(request, scope, g, None, None)
    else:
        own = _own_findings(request, scope, node.id)
    return pick(summarise(g, own, dept), year)


def _own_findings(request: Request, scope: Scope, node: int) -> dict[int, Counter[str]]:
    engine = request.app.state.engine

    def compute() -> dict[int, Counter[str]]:
        with session_scope(engine) as session:
            return finding_counts(session=session, scope=scope, departments=[node])

    return cached(request, ("dashboard-own-findings", scope, node), compute)


def _year(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) == 4 else None


@router.get("/dashboard")
def dashboard_page(
    request: Request,
    actor: ActorDep,
    year: Annotated[str | None, Query(max_length=4)] = None,
    compare: Annotated[str | None, Query(max_length=4)] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
    unit: Annotated[int | None, Query(ge=0, le=2**31)] = None,
    view: Annotated[str | None, Query(max_length=12)] = None,
    all: Annotated[bool, Query()] = False,  # noqa: A002 - the URL says ?all=1
    sort: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """Show one level of the reader's scope: its figures, its rows, its findings."""
    scope = scope_for(actor)
    public = actor is None
    hx = bool(request.headers.get("hx-request"))
    name = "_dashboard_level.html" if hx else "_dashboard_content.html"
    args = (year, compare, department, unit, view, all, sort)

    # The page is the same for every reader of a scope: rendered once per scope,
    # address and data generation (rendering a ranked level of 100 rows costs more
    # than computing it), then only the frame with the reader's name around it.
    def compute() -> str:
        context = _page_context(request, actor, scope, *args)
        template = request.app.state.templates.get_template(name)
        return str(template.render(context))

    key = ("dashboard-html", name, scope, public, request.url.query)
    html = cached(request, key, compute)
    if hx:
        return HTMLResponse(html)
    return render(request, "dashboard.html", {"content": Markup(html)})


def _page_context(
    request: Request,
    actor: Actor | None,
    scope: Scope,
    year: str | None,
    compare: str | None,
    department: str | None,
    unit: int | None,
    view: str | None,
    all: bool,  # noqa: A002
    sort: str | None,
) -> dict[str, Any]:
    """Given the reader and the page's parameters, return the template's context."""
    public = actor is None
    g = cached_grid(request, scope)
    y = _year(year)
    # Comparing is the point of a year: the year before, unless the reader chooses
    # another year or "none" (an empty choice is the default, as from the form).
    choice = _year(compare)
    if choice is not None:
        y0: int | None = choice
    elif compare == "none":
        y0 = None
    else:
        y0 = y - 1 if y is not None and y - 1 in g.years else None
    if y is None or y0 == y:
        y0 = None
    measures = [m for m in MEASURES if not (public and m.internal)]
    keys = {m.key for m in measures}
    wanted = (sort or "").lstrip("-")
    if wanted not in SORT_KEYS or wanted.removeprefix("d_") not in keys | {"name", "year"}:
        sort = None

    flat = view == "departments"
    node, unit_id, trail = _locate(g, department, unit, flat)
    state = {
        "year": y,
        "compare": "none" if compare == "none" else choice,
        "department": trail[-1][1] if trail and not flat else "",
        "view": "departments" if flat else "",
        "sort": sort or "",
        "all": 1 if all else "",
    }
    state = {k: v for k, v in state.items() if v not in (None, "")}
    if unit_id is not None and node is not None:
        state["unit"] = unit_id
        lines = _cached_lines(request, scope, node, unit_id, y)
        rows = _table_rows(lines, y, sort)
        findings_by_table = _cached_table_findings(request, scope, [t.id for t in lines])
    else:
        picked = department_rows(g, node) if flat else level_rows(g, node)
        rows = _sorted(picked, y, y0, sort)
        findings_by_table = {}
    summary = total(g, node, unit_id)
    found = {} if public else cached_findings(request, scope, g, node, unit_id)
    top = _top_findings(found, y, y0)
    context = {
        "measures": measures,
        "rows": rows if all else rows[:ROW_LIMIT],
        "row_count": len(rows),
        "row_limit": None if all or len(rows) <= ROW_LIMIT else ROW_LIMIT,
        "table_level": unit_id is not None,
        "flat": flat,
        "trail": trail,
        "summary": [(m, summary.at(y), summary.at(y0) if y0 else None) for m in measures],
        "year": y,
        "compare": y0,
        "compare_choice": "none" if compare == "none" else choice,
        "years": g.years,
        "sort": sort or "",
        "state": state,
        "url": lambda **kw: _url(state, **kw),
        "fmt": _fmt,
        "change": _change,
        "fmt_change": fmt_change,
        "top": top,
        "findings_by_table": findings_by_table,
        "public": public,
        "charts": _charts(summary.at(y), top, public),
        "downloads": download_links(actor, y, trail[-1][1] if trail else None),
        "title": finding_title,
        # The table list filters on a department's own tables: a region's link lists all.
        "finding_query": _finding_query(g, node, y),
    }
    return context


def _finding_query(g: Grid, node: int | None, y: int | None) -> dict[str, Any]:
    """Given the level and the year, return the table list's filters for a finding's link.

    The list filters on a department's own tables: a region's link lists them all.
    """
    query: dict[str, Any] = {"year": y} if y else {}
    if node is not None and not any(d.parent_id == node for d in g.departments.values()):
        query["department"] = g.departments[node].code
    return query


def _locate(
    g: Grid, department: str | None, unit: int | None, flat: bool
) -> tuple[int | None, int | None, list[tuple[str, str, int | None]]]:
    """Given the grid and the asked level, return (department id, unit id, breadcrumb).

    A department with no table the reader may see (one of another region, a code
    that does not exist) answers 404 like a table out of scope, so that its name is
    not revealed. A level with a single row below it is passed through: a reader
    of one department starts at its units.
    """
    visible = g.visible_departments()
    node: int | None = None
    if department:
        found = g.by_code(department)
        if found is None or found.id not in visible:
            raise Denied(404, "没有这个部门,或您无权查看。")
        node = found.id
    if unit is not None and node is not None:
        if not any(d == node and u == unit for d, u, _ in g.cells):
            raise Denied(404, "没有这个单位,或您无权查看。")
    elif not flat:
        unit = None
        while True:
            below = level_rows(g, node)
            if len(below) != 1:
                break
            only = below[0]
            if only.kind == "unit":
                if node is not None:
                    unit = only.key
                break
            node = only.key
    trail: list[tuple[str, str, int | None]] = []
    if node is not None:
        for dept in reversed(g.path(node)):
            d = g.departments[dept]
            trail.append((d.name, d.code, None))
    if unit is not None and node is not None:
        trail.append((g.units.get(unit, "(未填实施单位)"), trail[-1][1], unit))
    return node, unit, trail


def _url(state: dict[str, Any], **changes: Any) -> str:
    """Given the page's state and changes (None removes a key), return the dashboard URL."""
    merged = {**state, **changes}
    if "department" in changes and "unit" not in changes:
        merged.pop("unit", None)
    query = {k: v for k, v in merged.items() if v not in (None, "")}
    return "/dashboard" + ("?" + urlencode(query) if query else "")


def _value(m: Measures, key: str) -> Decimal | int | None:
    return BY_KEY[key].value(m)


def _change(key: str, now: Measures, before: Measures | None) -> Decimal | None:
    """Given a measure and two years' figures, return the change (None when either is blank)."""
    if before is None:
        return None
    a, b = _value(now, key), _value(before, key)
    if a is None or b is None:
        return None
    return Decimal(a) - Decimal(b)


def _sorted(rows: list[Row], y: int | None, y0: int | None, sort: str | None) -> list[Any]:
    """Given a level's rows, the years and the order, return (row, figures, figures before)."""
    out = [(r, r.at(y), r.at(y0) if y0 is not None else None) for r in rows]
    out = [t for t in out if t[1].tables or (t[2] is not None and t[2].tables)]
    key = (sort or "").lstrip("-")
    desc = (sort or "").startswith("-")
    if not key or key == "name":
        out.sort(key=lambda t: (t[0].code, t[0].name), reverse=desc)
        return out

    def value(t: Any) -> Decimal | int | None:
        if key.startswith("d_"):
            return _change(key[2:], t[1], t[2])
        return _value(t[1], key)

    present = [t for t in out if value(t) is not None]
    blank = [t for t in out if value(t) is None]
    present.sort(key=lambda t: (value(t), t[0].code), reverse=desc)
    return present + sorted(blank, key=lambda t: t[0].code)  # blanks last either way


def _table_rows(lines: list[TableLine], y: int | None, sort: str | None) -> list[Any]:
    key = (sort or "").lstrip("-")
    desc = (sort or "").startswith("-")
    rows = [(t, t.m, None) for t in lines]
    if key in ("", "name", "year"):
        if key == "name":
            rows.sort(key=lambda r: (r[0].project, r[0].id), reverse=desc)
        elif key == "year":
            rows.sort(key=lambda r: (r[0].year, r[0].id), reverse=desc)
        return rows
    metric = key.removeprefix("d_")
    present = [r for r in rows if _value(r[1], metric) is not None]
    blank = [r for r in rows if _value(r[1], metric) is None]
    present.sort(key=lambda r: (_value(r[1], metric), r[0].id), reverse=desc)
    return present + blank


def _cached_lines(
    request: Request, scope: Scope, node: int, unit: int, y: int | None
) -> list[TableLine]:
    engine = request.app.state.engine

    def compute() -> list[TableLine]:
        with session_scope(engine) as session:
            return unit_tables(session=session, scope=scope, department=node, unit=unit, year=y)

    return cached(request, ("dashboard-unit", scope, node, unit, y), compute)


def _cached_table_findings(
    request: Request, scope: Scope, ids: list[int]
) -> dict[int, list[tuple[str, int]]]:
    engine = request.app.state.engine

    def compute() -> dict[int, list[tuple[str, int]]]:
        with session_scope(engine) as session:
            return table_findings(session=session, table_ids=ids)

    return cached(request, ("dashboard-table-findings", scope, tuple(ids)), compute)


def _top_findings(
    found: dict[int, Counter[str]], y: int | None, y0: int | None
) -> list[tuple[str, int, int | None]]:
    """Given finding codes per year, return the ten most frequent (code, count, count before)."""
    now: Counter[str] = Counter()
    for year, counts in found.items():
        if y is None or year == y:
            now.update(counts)
    before = found.get(y0, Counter()) if y0 is not None else None
    top = sorted(now.items(), key=lambda r: (-r[1], r[0]))[:10]
    return [(c, n, None if before is None else before.get(c, 0)) for c, n in top]


def _charts(m: Measures, top: list[tuple[str, int, int | None]], public: bool) -> dict[str, Any]:
    grades: list[tuple[str, int | Decimal]] = sorted(
        m.grades.items(), key=lambda r: "优良中差未无".find(r[0][0])
    )
    statuses: list[tuple[str, int | Decimal]] = sorted(m.statuses.items())
    charts = {"statuses": bar_chart(statuses, "张")}
    if not public:
        named: list[tuple[str, int | Decimal]] = [(finding_title(c), n) for c, n, _ in top]
        charts["grades"] = bar_chart(grades, "张")
        charts["findings"] = bar_chart(named, "条", hints=[c for c, _, _ in top])
    return charts


def _fmt(kind: str, value: Decimal | int | None) -> str:
    """Given a measure's kind and value, return it as shown."""
    if value is None:
        return "—"
    if kind == "rate":
        return f"{(Decimal(value) * 100).quantize(Decimal('0.1'))}%"
    if kind == "points":
        return str(Decimal(value).quantize(Decimal("0.01")))
    if kind == "score":
        return str(Decimal(value).quantize(Decimal("0.1")))
    if kind == "money":
        return f"{Decimal(value).quantize(Decimal('0.01')):,}"
    return str(value)


def fmt_change(kind: str, value: Decimal | None) -> str:
    """Given a measure's kind and a change, return it signed (rates in percentage points)."""
    if value is None:
        return ""
    sign = "+" if value > 0 else ""
    if kind == "rate":
        return f"{sign}{(value * 100).quantize(Decimal('0.1'))} 个百分点"
    return f"{sign}{_fmt(kind, value)}"
