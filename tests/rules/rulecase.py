"""Build target tables from the compact YAML form of tests/rules/cases/*.yml."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from jixiao.model import Funds, Indicator, Location, ProjectHeader, TargetTable, parse_value
from jixiao.rules import RuleConfig
from jixiao.rules.config import config_from_data

CASES_DIR = Path(__file__).parent / "cases"
BASE: dict[str, Any] = yaml.safe_load((CASES_DIR / "_base.yml").read_text("utf-8"))
NOT_APPLICABLE = ("不适用", "/")


def _row(item: Any, line: int, file: str) -> Indicator:
    if isinstance(item, list):
        item = dict(zip(("level1", "level2", "name", "value"), item, strict=True))
    raw = str(item.get("value", ""))
    return Indicator(
        level1=str(item.get("level1", "")),
        level2=str(item.get("level2", "")),
        name=str(item.get("name", "")),
        value=parse_value(raw),
        not_applicable=bool(item.get("not_applicable", raw.strip() in NOT_APPLICABLE)),
        level1_inferred=bool(item.get("level1_inferred", False)),
        source=Location(file, line=line),
    )


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def build_table(case: dict[str, Any], file: str = "case.yml") -> TargetTable:
    """Given a case (overriding the base), return its table; row N sits on line 20+N."""
    data = {**BASE, **{k: v for k, v in case.items() if k in BASE}}
    funds = data["funds"]
    return TargetTable(
        kind="target",
        fiscal_year=2024,
        project=ProjectHeader(**data["project"]),
        funds=Funds(**{k: _dec(funds.get(k)) for k in ("total", "fiscal", "carryover", "other")}),
        goals=tuple(data["goals"]),
        indicators=tuple(_row(r, 20 + n, file) for n, r in enumerate(data["rows"])),
        source=Location(file, line=1),
    )


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
