"""Build target tables from the compact YAML form of tests/rules/cases/*.yml."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from jixiao.model import Funds, Indicator, Location, ProjectHeader, TargetTable, parse_value
from jixiao.model.findings import Finding
from jixiao.rules import RuleConfig
from jixiao.rules.config import config_from_data
from jixiao.scoring import crossyear_findings, score_table

CASES_DIR = Path(__file__).parent / "cases"
BASE: dict[str, Any] = yaml.safe_load((CASES_DIR / "_base.yml").read_text("utf-8"))
SELFEVAL: dict[str, Any] = yaml.safe_load((CASES_DIR / "_selfeval.yml").read_text("utf-8"))
NOT_APPLICABLE = ("不适用", "/")


_ROW_FIELDS = ("level1", "level2", "name", "value", "actual", "weight", "score")


def _row(item: Any, line: int, file: str) -> Indicator:
    # A list row is [一级, 二级, 三级, 指标值] or, in a self-evaluation,
    # [一级, 二级, 三级, 指标值, 实际完成值, 分值, 得分].
    if isinstance(item, list):
        item = dict(zip(_ROW_FIELDS, item, strict=False))
    raw = str(item.get("value", ""))
    actual = item.get("actual")
    return Indicator(
        level1=str(item.get("level1", "")),
        level2=str(item.get("level2", "")),
        name=str(item.get("name", "")),
        value=parse_value(raw),
        not_applicable=bool(item.get("not_applicable", raw.strip() in NOT_APPLICABLE)),
        level1_inferred=bool(item.get("level1_inferred", False)),
        source=Location(file, line=line),
        actual=None if actual is None else parse_value(str(actual)),
        weight=_dec(item.get("weight")),
        score=_dec(item.get("score")),
        deviation_reason=item.get("reason"),
        likelihood=item.get("likelihood"),
        expected=None if item.get("expected") is None else parse_value(str(item["expected"])),
        measures=item.get("measures"),
    )


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


_MONEY = (
    "total", "fiscal", "carryover", "other", "budget_initial", "budget_adjusted", "executed",
    "execution_rate", "execution_weight", "execution_score",
)  # fmt: skip


def build_table(case: dict[str, Any], file: str = "case.yml") -> TargetTable:
    """Given a case (overriding the base), return its table; row N sits on line 20+N.

    ``kind`` (default target), ``year`` and ``goals_actual`` make self-evaluation and
    monitoring cases; ``funds`` may hold the execution columns too; ``read_in_part: true``
    stands for a table the reader got only in part (a cut-off file); ``placeholder_rows: N``
    for N blank template rows ("指标2:", "……") the reader skipped; ``funds_block_blank: true``
    for a table whose funds block the reader met with no amount in it; ``plan`` for the
    项目实施计划 texts; ``period_total`` and ``period_targets`` ([name, value] pairs) for
    a 申报表's 中期 group beside the year's.
    """
    base = SELFEVAL if case.get("base") == "selfeval" else BASE
    data = {**base, **{k: v for k, v in case.items() if k in base}}
    funds = data["funds"]
    return TargetTable(
        kind=case.get("kind", base.get("kind", "target")),
        fiscal_year=int(case.get("year", 2024)),
        project=ProjectHeader(**data["project"]),
        funds=Funds(
            **{k: _dec(funds.get(k)) for k in _MONEY},
            execution_reason=funds.get("execution_reason"),
        ),
        goals=tuple(data["goals"]),
        indicators=tuple(_row(r, 20 + n, file) for n, r in enumerate(data["rows"])),
        source=Location(file, line=1),
        goals_actual=tuple(data.get("goals_actual", ())),
        read_in_part=bool(case.get("read_in_part", False)),
        placeholder_rows=int(case.get("placeholder_rows", 0)),
        funds_block_blank=bool(case.get("funds_block_blank", False)),
        plan=tuple(case.get("plan", ())),
        period_total=_dec(case.get("period_total")),
        period_targets=tuple((str(n), str(v)) for n, v in case.get("period_targets", ())),
    )


def context_findings(case: dict[str, Any]) -> list[Finding]:
    """Given a case with ``approved`` (the approved target's rows) or ``previous`` (last
    year's case), return the consistency / cross-year findings the scorer adds."""
    table = build_table(case)
    out: list[Finding] = []
    if "approved" in case:
        approved = build_table({"rows": case["approved"], "kind": "target"})
        out += score_table(table, target=approved).findings
    if "previous" in case:
        year = int(case.get("year", 2024)) - 1
        before = build_table({"base": case.get("base"), "year": year, **case["previous"]})
        out += crossyear_findings([before, table])
    return [f for f in out if f.code.startswith(("consistency.", "crossyear."))]


def build_config(case: dict[str, Any]) -> RuleConfig:
    """Given a case, return its configuration (the legacy rule set unless it says otherwise)."""
    return config_from_data(case.get("config") or {})


def load_cases() -> list[tuple[str, str, dict[str, Any]]]:
    """Return (code, case name, case) for every case file, in file order."""
    out = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        if path.name.startswith("_"):
            continue
        for case in yaml.safe_load(path.read_text("utf-8"))["cases"]:
            out.append((path.stem, str(case["name"]), case))
    return out
