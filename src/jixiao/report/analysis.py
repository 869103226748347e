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

from jixiao.model.money import money_str
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


def change(
    now: Decimal | int | None, before: Decimal | int | None, *, share: bool = False
) -> str:
    """Given this year's and last year's value, return the change as text (+3.2 个百分点, −12.5%)."""
    if now is None or before is None:
        return "—"
    now, before = Decimal(now), Decimal(before)
    if share:
        d = (now - before) * 100
        return f"{'+' if d >= 0 else '−'}{abs(d).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)} 个百分点"
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


def render_html(a: Analysis) -> str:
    """Given the analysis, return the report as one self-contained, printable HTML page."""
    c = charts(a)
    pictures = {
        name: Markup(svg(getattr(c, name), title))  # noqa: S704 - svg() escapes every label
        for name, title in (
            ("grades", "等级分布"),
            ("problems", "最常见的问题"),
            ("quantification", "各部门指标量化率"),
            ("execution", "各部门预算执行率"),
        )
    }
    return _ENV.get_template("analysis.html.j2").render(
        a=a,
        charts=pictures,
        grade_order=GRADE_ORDER,
        pct=pct,
        num=num,
        wan=wan,
        change=change,
        money=money_str,
    )
