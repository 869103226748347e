"""The difference between two versions of a table, line by line, for reviewers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.project import TargetTable


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the diff: where, the old text and the new text (None: absent)."""

    where: str
    old: str | None
    new: str | None

    @property
    def kind(self) -> str:
        """Whether the line was added, removed or changed."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"


def header_pairs(table: TargetTable) -> list[tuple[str, str]]:
    """Given a table, return its header block as (label, text) pairs, the diff's first lines."""
    p, f = table.project, table.funds
    dept = "-".join(x for x in (p.department, p.department_code) if x)
    return [
        ("项目名称", p.name or ""),
        ("主管部门及代码", dept),
        ("实施单位", p.implementing_unit or ""),
        ("项目来源", p.source or ""),
        ("项目期", f"{p.period_years}年" if p.period_years else ""),
        ("年度资金总额(万元)", _money(f.total)),
        ("其中:财政拨款", _money(f.fiscal)),
        ("上年结转", _money(f.carryover)),
        ("其他资金", _money(f.other)),
    ]


def _money(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _lines(table: TargetTable) -> dict[str, str]:
    out = {label: text for label, text in header_pairs(table)}
    for i, goal in enumerate(table.goals, 1):
        out[f"年度目标 {i}"] = goal
    for ind in table.indicators:
        key = ind.path
        out[key] = "不适用" if ind.not_applicable else ind.value.raw
        if ind.actual is not None:
            out[key + " 实际完成值"] = ind.actual.raw
    return out


def diff_tables(old: TargetTable, new: TargetTable) -> list[Change]:
    """Given two versions of a table, return what changed, in the new version's order."""
    a, b = _lines(old), _lines(new)
    changes = [Change(k, a.get(k), v) for k, v in b.items() if a.get(k) != v]
    changes += [Change(k, v, None) for k, v in a.items() if k not in b]
    return changes
