"""The table under construction while the layout walks a grid."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model.indicator import Indicator
from jixiao.model.location import Location
from jixiao.model.problems import Problem
from jixiao.model.project import Funds, ProjectHeader, TableKind, TargetTable

_TAG = re.compile(r"<[^>]{0,200}>")
# "目标1:", "目标 2：" — numbered goals in one cell.
_GOAL_NUMBER = re.compile(r"目标\s*\d+\s*[:：]")
# "1.根据…… 2.按照……": numbered goals after a start, a sentence end or a space.
_LIST_NUMBER = re.compile(r"(?:(?<=^)|(?<=[。；;\s]))\d{1,2}\s*[.、．](?!\d)")


@dataclass
class Builder:
    """Mutable state for one table; :meth:`finish` freezes it into the model."""

    start: Location
    kind: TableKind = "target"
    fiscal_year: int | None = None
    header: dict[str, str | None] = field(default_factory=dict)
    period_years: int | None = None
    funds: dict[str, Decimal | None] = field(default_factory=dict)
    funds_unit: str = "万元"
    # "单位:元" above the table: weaker than a unit on the funds label itself.
    caption_unit: str | None = None
    # Amounts by source (中央 / 省级 / 市级 / 县级 / 地方) for a table that gives no total.
    fund_sources: dict[str, Decimal] = field(default_factory=dict)
    # 部门整体支出 tables: the unit's name stands for the project's.
    overall: bool = False
    funds_roles: list[str] = field(default_factory=list)
    goal_texts: list[str] = field(default_factory=list)
    goals_actual: list[str] = field(default_factory=list)
    plan_texts: list[str] = field(default_factory=list)
    goals_pending: bool = False
    #: The pending goals' heads include 实际完成情况: goal, then actual, below them.
    goals_with_actual: bool = False
    #: A 资金使用情况 label met with no amount of its own: the 合计 cut from the cell
    #: after it ("(万元)合计:109.8万元…") is what was spent, not the total.
    spent_pending: bool = False
    # A label alone on its line ("项目名称" / next line "某某项目"): the field it waits for.
    field_pending: str | None = None
    # A line holding only the start of a label, waiting for the rest on the next line.
    label_head: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    roles: list[str | None] = field(default_factory=lambda: ["value"])
    in_indicators: bool = False
    done: bool = False
    level1: str | None = None
    level2: str | None = None
    #: Column the 一级 names stand in (real grids only): a second level found there
    #: was put in the wrong column, and its 一级 is inferred (CONTRACT level1_inferred).
    level1_col: int | None = None
    #: Column of the 三级指标 head (real grids only): a row whose name stands there
    #: lost no cell, so an empty cell after it is an empty field, not a gap.
    name_col: int | None = None
    #: Columns the block header heads 一级指标 (1) and 二级指标 (2), real grids only.
    level_cols: dict[int, int] = field(default_factory=dict)
    real_rows: bool = True
    #: Header fields standing as columns before the levels in the block header
    #: ("单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 …"): one table per project row.
    header_columns: list[tuple[str, str]] = field(default_factory=list)
    #: Placeholder rows and template residue skipped ("……", "目标1目标2", "(≥**个)").
    residue: int = 0
    #: Of those, the rows that were only a template row's numbering or dots ("指标2:",
    #: "……"): the rules see their count (values.template-text).
    placeholder_rows: int = 0
    #: The funds block ("资金情况(万元)" … up to the goals): "none" not met, "blank" met
    #: with no amount in its rows so far, "figures" an amount seen in it, "closed" the
    #: goals reached with it still blank (funds.total-missing).
    funds_block: str = "none"
    #: The text's last row is closed by its border: an empty value there is no cut.
    closed_end: bool = False
    #: The block header names two groups side by side (三级指标 twice: 中期 | 年度).
    paired: bool = False
    #: The 中期 (multi-year) funds total of a 申报表 that gives one beside the year's.
    period_total: Decimal | None = None
    #: (name, value) of the other period's group where a row repeats its name beside it.
    period_targets: list[tuple[str, str]] = field(default_factory=list)

    @property
    def has_body(self) -> bool:
        """Whether this table already holds a project name or indicator rows."""
        return bool(self.header.get("name")) or bool(self.indicators)

    @property
    def is_empty(self) -> bool:
        """Whether nothing of a table was found."""
        return not (self.header or self.indicators or self.goal_texts or self.funds)

    def name_overall(self) -> None:
        """Name a 部门整体支出 table after its unit ("某局整体支出") when it names no project."""
        h = self.header
        # Some provinces' 部门整体 templates label the unit 部门名称 (read as the
        # department): with no unit name, that department is the unit.
        unit_name = h.get("unit_name") or (h.get("department") if self.overall else None)
        if not h.get("name") and self.overall and unit_name:
            unit = unit_name
            h["name"] = unit if "整体" in unit else f"{unit}整体支出"
        if self.overall and not h.get("department") and h.get("unit_name"):
            # A department's own (overall) table: the unit is the department.
            h["department"] = h["unit_name"]

    def problem(self, code: str, severity: str, message: str, where: Location) -> None:
        """Record a problem met while laying out this table."""
        self.problems.append(Problem(code, severity, message, where))  # type: ignore[arg-type]

    def _split_actual_from_goals(self) -> None:
        # Run-on 自评表 text ("目标1:…,目标2:…,完成情况1:…,2:…"): the 实际完成情况 head
        # stood inside the goals cell, so what follows it is the actual, not more goals.
        for n, text in enumerate(self.goal_texts):
            cut = _ACTUAL_INSIDE.search(text)
            if cut is None or len(text[: cut.start()].strip(" ,，;；。")) < 4:
                continue
            rest = [t for t in self.goal_texts[n + 1 :] if t.strip() not in ("完成情况", "")]
            self.goals_actual = [text[cut.end() :], *rest]
            self.goal_texts = [*self.goal_texts[:n], text[: cut.start()]]
            return

    def finish(self) -> TargetTable:
        """Given the gathered state, return the frozen table."""
        h = self.header
        if self.funds.get("total") is None and self.fund_sources:
            self.funds["total"] = sources_total(self.fund_sources)
        if self.funds.get("total") is None and self.funds.get("fiscal") is not None:
            # 财政拨款 + 上年结转 + 其他资金 make up the total when the total cell is lost.
            self.funds["total"] = sum(
                (self.funds.get(k) or Decimal(0) for k in ("carryover", "other")),
                self.funds["fiscal"] or Decimal(0),
            )
        self.name_overall()
        if self.kind != "target" and not self.goals_actual:
            self._split_actual_from_goals()
        if self.kind == "target":
            # A target table has no budget execution (CONTRACT.md): columns read before
            # the kind was known are dropped rather than carried in a shape JSON cannot hold.
            for role in _EXECUTION_FIELDS:
                self.funds.pop(role, None)
        elif self.funds.get("budget_adjusted") is None:
            # A 自评表 / 监控表 that gives only a total: that is its full-year budget too.
            if self.funds.get("total") is not None:
                self.funds["budget_adjusted"] = self.funds["total"]
        return TargetTable(
            kind=self.kind,
            fiscal_year=self.fiscal_year,
            project=ProjectHeader(
                name=h.get("name"),
                department=h.get("department"),
                department_code=h.get("department_code"),
                implementing_unit=h.get("implementing_unit"),
                source=h.get("source"),
                period_years=self.period_years,
            ),
            funds=Funds(unit="万元", **self.funds),  # type: ignore[arg-type]
            goals=tuple(g for t in self.goal_texts for g in split_goals(t)),
            indicators=tuple(self.indicators),
            source=self.start,
            goals_actual=tuple(g for t in self.goals_actual for g in split_goals(t)),
            placeholder_rows=self.placeholder_rows,
            funds_block_blank=self.funds_block in ("blank", "closed"),
            plan=tuple(self.plan_texts),
            period_total=self.period_total,
            period_targets=tuple(self.period_targets),
        )


# The 完成情况 head inside a run-on 自评 goals cell, before the numbering of its first item.
_ACTUAL_INSIDE = re.compile(r"(?<=[,，;；。\s])(?:实际)?完成情况\s*(?=[0-9一二三①(（:：])")


_EXECUTION_FIELDS = (
    "budget_initial",
    "budget_adjusted",
    "executed",
    "execution_rate",
    "execution_weight",
    "execution_score",
)


def sources_total(sources: dict[str, Decimal]) -> Decimal:
    """Given amounts by source, return their total: 中央 plus 地方, or plus 省/市/县 when 地方 is not given.

    地方资金 is the sum of the provincial, city and county shares, so it replaces them.
    """
    local = sources.get("地方")
    if local is None:
        local = sum((v for k, v in sources.items() if k in ("省级", "市级", "县级")), Decimal(0))
    levels = sources.get("中央", Decimal(0)) + local
    # 一般公共预算 is a kind of money, not a level: it counts only when no level is given.
    return levels if levels or "一般公共预算" not in sources else sources["一般公共预算"]


def clean_text(text: str) -> str:
    """Given a cell, return it without HTML tags and entities, spaces folded at the ends."""
    return html.unescape(_TAG.sub("", text)).strip()


def split_goals(text: str) -> list[str]:
    """Given a goals cell, return one string per numbered goal (one if unnumbered)."""
    text = clean_text(text)
    if not text:
        return []
    pattern = _GOAL_NUMBER if _GOAL_NUMBER.search(text) else None
    if pattern is None and len(_LIST_NUMBER.findall(text)) >= 2:
        pattern = _LIST_NUMBER
    if pattern is None:
        return [text]
    parts = [p.strip().strip(";；").strip() for p in pattern.split(text)]
    return [p for p in parts if p]
