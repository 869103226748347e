"""The analysis report (issue 19): a year across departments, as printable HTML.

The figures arrive computed (:class:`Analysis`, built by ``jixiao.app.analysis``
from the database); this module only lays them out: a printable A4 page with SVG
charts (:mod:`jixiao.report.charts`), every finding named by its Chinese title with
the code beside it. ``report/analysis_pdf.py`` draws the same report as a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from jixiao.model.workflow import GRADES
from jixiao.report.charts import Chart, bar_chart, svg

#: Grades in report order, with the tables nobody could grade last.
GRADE_ORDER = (*GRADES, "未评级")

_ENV = Environment(
    loader=PackageLoader("jixiao.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True, slots=True)
class Figures:
    """One year's figures for a set of target tables (a department, or everything)."""

    tables: int = 0
    funds: Decimal = Decimal(0)
    indicators: int = 0
    quantitative: int = 0
    findings: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    budget: Decimal = Decimal(0)
    executed: Decimal = Decimal(0)
    evaluations: int = 0

    @property
    def quantification_rate(self) -> Decimal | None:
        """Share of applicable indicators that carry a number (定量指标占比)."""
        return Decimal(self.quantitative) / self.indicators if self.indicators else None

    @property
    def good_share(self) -> Decimal | None:
        """Share of graded tables graded 优 or 良."""
        graded = sum(n for g, n in self.grades.items() if g in GRADES)
        good = self.grades.get("优", 0) + self.grades.get("良", 0)
        return Decimal(good) / graded if graded else None

    @property
    def grade_points(self) -> Decimal | None:
        """Mean grade of the graded tables: 优 4, 良 3, 中 2, 差 1."""
        points = {"优": 4, "良": 3, "中": 2, "差": 1}
        graded = sum(n for g, n in self.grades.items() if g in points)
        total = sum(points[g] * n for g, n in self.grades.items() if g in points)
        return Decimal(total) / graded if graded else None

    @property
    def findings_per_table(self) -> Decimal | None:
        """Review findings per target table."""
        return Decimal(self.findings) / self.tables if self.tables else None

    @property
    def execution_rate(self) -> Decimal | None:
        """全年执行数 / 全年预算数 over the self-evaluation tables that give both."""
        return self.executed / self.budget if self.budget else None


@dataclass(frozen=True, slots=True)
class DepartmentRow:
    """One department: this year's and last year's figures, and its rank."""

    code: str
    name: str
    now: Figures
    before: Figures
    rank: int = 0


@dataclass(frozen=True, slots=True)
class Problem:
    """A kind of finding: code, Chinese title, how many findings and tables."""

    code: str
    title: str
    findings: int
    tables: int


@dataclass(frozen=True, slots=True)
class Lowered:
    """A project whose funds rose while a target fell or stayed flat (跨年度)."""

    department_code: str
    department: str
    project: str
    funds_before: Decimal | None
    funds_now: Decimal | None
    #: "name: 上年 → 本年" per indicator lowered.
    indicators: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the report shows for one year and one subject (all, a department, a region)."""

    year: int
    subject: str
    generated: str
    now: Figures
    before: Figures
    departments: tuple[DepartmentRow, ...]
    problems: tuple[Problem, ...]
    #: (self-evaluation grade by its own score, review grade, tables), the cross-table.
    selfeval: tuple[tuple[str, str, int], ...]
    lowered: tuple[Lowered, ...]
    #: How many projects qualified (``lowered`` may list only the largest rises).
    lowered_total: int = 0

    @property
    def previous(self) -> int:
        """The year compared with."""
        return self.year - 1


def pct(value: Decimal | None, places: int = 1) -> str:
    """Given a share (0.953), return it as a percentage text (95.3%), or — when unknown."""
    if value is None:
        return "—"
    q = Decimal(1).scaleb(-places)
    return f"{(value * 100).quantize(q, rounding=ROUND_HALF_UP)}%"


def num(value: Decimal | None, places: int = 2) -> str:
    """Given a number, return it rounded for reading, or — when unknown."""
    if value is None:
        return "—"
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def wan(value: Decimal | None) -> str:
    """Given an amount in 万元, return it with two decimals and thousands separators."""
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def change(now: Decimal | int | None, before: Decimal | int | None, *, share: bool = False) -> str:
    """Given this year's and last year's value, return the change as text (+3.2 个百分点, −12.5%)."""
    if now is None or before is None:
        return "—"
    now, before = Decimal(now), Decimal(before)
    if share:
        d = (now - before) * 100
        return f"{'+' if d >= 0 else '−'}{abs(d).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}个百分点"
    if before == 0:
        return "—"
    d = (now - before) / before * 100
    return f"{'+' if d >= 0 else '−'}{abs(d).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


@dataclass(frozen=True, slots=True)
class Charts:
    """The report's charts, as data (the PDF draws them) and as SVG (the HTML shows them)."""

    grades: Chart
    problems: Chart
    quantification: Chart
    execution: Chart


def charts(a: Analysis) -> Charts:
    """Given the analysis, return its four charts."""
    grades = [(g, a.now.grades.get(g, 0)) for g in GRADE_ORDER if a.now.grades.get(g)]
    top = a.problems[:10]
    by_rate = [d for d in a.departments if d.now.quantification_rate is not None]
    by_rate.sort(key=lambda d: (-(d.now.quantification_rate or 0), d.code))
    executed = [d for d in a.departments if d.now.execution_rate is not None]
    executed.sort(key=lambda d: (d.now.execution_rate or 0, d.code))

    def rate(value: Decimal | None) -> Decimal:
        return ((value or Decimal(0)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    return Charts(
        bar_chart(grades, " 张"),
        bar_chart([(p.title, p.findings) for p in top], " 条", [p.code for p in top]),
        bar_chart(
            [(d.name, rate(d.now.quantification_rate)) for d in by_rate[:15]],
            "%",
            [d.code for d in by_rate[:15]],
        ),
        bar_chart(
            [(d.name, rate(d.now.execution_rate)) for d in executed[:15]],
            "%",
            [d.code for d in executed[:15]],
        ),
    )


#: A table cell: its text, or (text, code) where the code is shown small beside it.
Cell = str | tuple[str, str]


@dataclass(frozen=True, slots=True)
class Section:
    """One numbered part of the report: heading, lead text, chart, table (HTML and PDF alike)."""

    title: str
    text: str = ""
    note: str = ""
    chart: str | None = None
    head: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    #: Indexes of the columns holding numbers (right-aligned).
    numeric: frozenset[int] = frozenset()
    empty: str = "没有数据。"
    #: Kept on one page when it fits (short tables).
    keep: bool = False


def _named(name: str, code: str) -> Cell:
    return (name, code) if code and code != name else name


def _summary(a: Analysis) -> Section:
    n, b = a.now, a.before
    rows: list[tuple[Cell, ...]] = [
        ("绩效目标表(张)", str(b.tables), str(n.tables), change(n.tables, b.tables)),
        ("年度资金总额(万元)", wan(b.funds), wan(n.funds), change(n.funds, b.funds)),
    ]
    for label, attr, fmt in (
        ("指标量化率(有数值的适用指标占比)", "quantification_rate", pct),
        ("优良率(评为优、良的表占比)", "good_share", pct),
        ("预算执行率(自评表)", "execution_rate", pct),
    ):
        now, before = getattr(n, attr), getattr(b, attr)
        rows.append((label, fmt(before), fmt(now), change(now, before, share=True)))
    rows.insert(
        4,
        (
            "每张表的审核问题(条)",
            num(b.findings_per_table),
            num(n.findings_per_table),
            change(n.findings_per_table, b.findings_per_table),
        ),
    )
    return Section(
        "一、概况",
        head=("指标", f"{a.previous} 年", f"{a.year} 年", "变化"),
        rows=tuple(rows),
        numeric=frozenset({1, 2, 3}),
        keep=True,
    )


def sections(a: Analysis) -> tuple[Section, ...]:
    """Given the analysis, return the report's parts in order."""
    n = a.now
    cells = {(s, g): k for s, g, k in a.selfeval}
    by_code = sorted(a.departments, key=lambda d: d.code)
    return (
        _summary(a),
        Section(
            "二、等级分布",
            note="目标表的等级: 审核人评定的等级, 未评定时为规则审核的建议等级; 未评级为只读到部分内容的表。",
            chart="grades",
            head=("年度", *GRADE_ORDER),
            rows=tuple(
                (f"{y} 年", *(str(f.grades.get(g, 0)) for g in GRADE_ORDER))
                for y, f in ((a.year, a.now), (a.previous, a.before))
            ),
            numeric=frozenset(range(1, len(GRADE_ORDER) + 1)),
            keep=True,
        ),
        Section(
            "三、最常见的问题",
            chart="problems",
            head=("序号", "问题", "条数", "涉及表数"),
            rows=tuple(
                (str(i), _named(p.title, p.code), str(p.findings), str(p.tables))
                for i, p in enumerate(a.problems[:20], 1)
            ),
            numeric=frozenset({0, 2, 3}),
            empty="未发现问题。",
        ),
        Section(
            "四、预算执行",
            text=(
                f"{n.evaluations} 张自评表填写了全年预算数与执行数: 合计预算 {wan(n.budget)} 万元, "
                f"执行 {wan(n.executed)} 万元, 执行率 {pct(n.execution_rate)}。"
                "下图为各部门的执行率(由低到高)。"
            ),
            chart="execution",
        ),
        Section(
            "五、自评得分与审核等级",
            note=(
                "行: 自评表按其自评总分所属的等级(优 ≥90, 良 80–90, 中 60–80, 差 <60, 财预〔2020〕10号); "
                "列: 该自评表的审核等级。对角线以外是自评与审核不一致的表。"
            ),
            head=("自评得分 \\ 审核等级", *GRADE_ORDER),
            rows=tuple(
                (s, *(str(cells.get((s, g), 0)) for g in GRADE_ORDER)) for s in GRADE_ORDER[:4]
            )
            if a.selfeval
            else (),
            numeric=frozenset(range(1, len(GRADE_ORDER) + 1)),
            empty="本年度没有自评表。",
            keep=True,
        ),
        Section(
            "六、各部门与上年相比",
            head=("部门", "表数", "资金(万元)", "资金变化", "量化率", "量化率变化", "优良率变化"),
            rows=tuple(
                (
                    _named(d.name, d.code),
                    f"{d.before.tables} → {d.now.tables}",
                    wan(d.now.funds),
                    change(d.now.funds, d.before.funds),
                    pct(d.now.quantification_rate),
                    change(d.now.quantification_rate, d.before.quantification_rate, share=True),
                    change(d.now.good_share, d.before.good_share, share=True),
                )
                for d in by_code
            ),
            numeric=frozenset(range(1, 7)),
            empty="没有表。",
        ),
        Section(
            "七、部门排名",
            note="按平均等级(优 4、良 3、中 2、差 1)由高到低, 相同时按指标量化率、再按每表问题数排列。图为各部门的指标量化率。",
            chart="quantification",
            head=("名次", "部门", "表数", "平均等级", "优良率", "量化率", "问题/表", "执行率"),
            rows=tuple(
                (
                    str(d.rank),
                    _named(d.name, d.code),
                    str(d.now.tables),
                    num(d.now.grade_points),
                    pct(d.now.good_share),
                    pct(d.now.quantification_rate),
                    num(d.now.findings_per_table, 1),
                    pct(d.now.execution_rate),
                )
                for d in a.departments
            ),
            numeric=frozenset({0, 2, 3, 4, 5, 6, 7}),
            empty="没有表。",
        ),
        Section(
            "八、资金增加而目标降低的项目",
            note=(
                f"与 {a.previous} 年相比年度资金总额增加, 而同一指标的目标值降低的项目"
                "(规则 crossyear.target-lowered-funds-up), 资金增加最多的在前。"
                + (
                    f"共 {a.lowered_total} 个, 此处列出前 {len(a.lowered)} 个;"
                    "完整清单: jixiao db check-years。"
                    if a.lowered_total > len(a.lowered)
                    else ""
                )
            ),
            head=("部门", "项目", "资金(万元)", "指标(上年 → 本年)"),
            rows=tuple(
                (
                    _named(p.department, p.department_code),
                    p.project,
                    f"{wan(p.funds_before)} → {wan(p.funds_now)}",
                    "\n".join(p.indicators),
                )
                for p in a.lowered
            ),
            numeric=frozenset({2}),
            empty="没有这样的项目。",
        ),
    )


CHART_TITLES = {
    "grades": "等级分布",
    "problems": "最常见的问题",
    "quantification": "各部门指标量化率",
    "execution": "各部门预算执行率",
}


def render_html(a: Analysis) -> str:
    """Given the analysis, return the report as one self-contained, printable HTML page."""
    c = charts(a)
    pictures = {
        name: Markup(svg(getattr(c, name), title))  # noqa: S704 - svg() escapes every label
        for name, title in CHART_TITLES.items()
    }
    return _ENV.get_template("analysis.html.j2").render(a=a, charts=pictures, sections=sections(a))
