"""The aggregate root: a 项目支出绩效目标表 (or its self-evaluation / monitoring twin)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from jixiao.model.indicator import Indicator
from jixiao.model.location import Location

TableKind = Literal["target", "self_evaluation", "monitoring"]


@dataclass(frozen=True, slots=True)
class ProjectHeader:
    """The header block: who asks for the money and for what."""

    name: str | None = None
    department: str | None = None
    department_code: str | None = None
    implementing_unit: str | None = None
    source: str | None = None
    period_years: int | None = None


@dataclass(frozen=True, slots=True)
class Funds:
    """项目资金, in 万元: 年度资金总额 = 财政拨款 + 上年结转 + 其他资金.

    Self-evaluation and monitoring tables add the execution columns.
    """

    total: Decimal | None = None
    fiscal: Decimal | None = None
    carryover: Decimal | None = None
    other: Decimal | None = None
    unit: str = "万元"
    budget_initial: Decimal | None = None
    budget_adjusted: Decimal | None = None
    executed: Decimal | None = None
    execution_rate: Decimal | None = None
    execution_weight: Decimal | None = None
    execution_score: Decimal | None = None
    execution_reason: str | None = None

    def parts_sum(self) -> Decimal | None:
        """Given the funds, return 财政拨款 + 上年结转 + 其他资金, or None if all absent."""
        parts = [p for p in (self.fiscal, self.carryover, self.other) if p is not None]
        return sum(parts, Decimal(0)) if parts else None


@dataclass(frozen=True, slots=True)
class TargetTable:
    """A whole table: header, funds, goals and the indicator rows in file order."""

    kind: TableKind = "target"
    fiscal_year: int | None = None
    project: ProjectHeader = field(default_factory=ProjectHeader)
    funds: Funds = field(default_factory=Funds)
    goals: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    source: Location | None = None
    goals_actual: tuple[str, ...] = ()
    #: Header fields read by OCR with low confidence, by the editor's field names
    #: (funds_total, funds_fiscal, funds_carryover, funds_other, source,
    #: period_years, goals), until a person corrects or confirms them (docs/ocr.md).
    ocr_unsure: tuple[str, ...] = ()
    #: The reader got only part of this table (the file was cut off, or its indicator
    #: block was not recognised: parse.truncated / parse.no-indicators). Kept with a
    #: stored version so that a re-check grades it as the first check did.
    read_in_part: bool = False
    #: Template placeholder rows the reader skipped rather than read as indicators
    #: ("指标2:" with no name, "……"): not indicators, yet a sign the unit left the
    #: blank form's rows in (values.template-text). Kept with a stored version; a
    #: table loaded back from JSON has 0.
    placeholder_rows: int = 0
    #: The reader met the funds block ("资金情况(万元)") of this table and no amount in
    #: any of its rows: the funds were left blank, not lost (funds.total-missing). Kept
    #: with a stored version.
    funds_block_blank: bool = False
    #: The 项目实施计划 text of a 申报表 (how the work and its money are planned): where a
    #: unit itemises what the work costs ("…需20万元;…需10万元,合计30万元"), which
    #: funds.plan-exceeds-budget checks against the year's funds. Kept with a stored
    #: version; not part of the parse JSON.
    plan: tuple[str, ...] = ()
    #: A 申报表 that sets 中期 (multi-year) and 年度 targets side by side: the 中期 funds
    #: total (万元) and, per row that repeats its name in the other group, that group's
    #: (name, value). values.period-repeats-year compares them with the year's. Kept with
    #: a stored version; not part of the parse JSON.
    period_total: Decimal | None = None
    period_targets: tuple[tuple[str, str], ...] = ()

    def without_sources(self) -> TargetTable:
        """Given a table, return it with every source location removed (for comparisons)."""
        return replace(
            self,
            source=None,
            indicators=tuple(i.without_source() for i in self.indicators),
        )

    @property
    def title(self) -> str:
        """A short label for reports: the project name, or a placeholder."""
        return self.project.name or "(未识别项目名称)"
