"""The rule engine: every check a reviewer makes of a table, with a stable code.

``REGISTRY`` is a plain tuple (no scanning) holding every family: target-table review,
self-evaluation, monitoring, consistency and cross-year; :func:`check_table` runs it
and grades.
"""

from __future__ import annotations

from jixiao.model.project import TargetTable
from jixiao.rules import (
    benchmarks,
    cost,
    header,
    outputs,
    relevance,
    selfeval,
    structure,
    values,
)
from jixiao.rules.base import Config, Finding, Rule
from jixiao.rules.config import RULESETS, RuleConfig, RuleConfigError, load_config
from jixiao.rules.engine import FINDINGS_CAPPED, INTERNAL_CRASH, PARTIAL_TABLE, run
from jixiao.rules.grade import CriterionResult
from jixiao.rules.review import TableReport, review

REGISTRY: tuple[Rule, ...] = (
    *header.RULES,
    *structure.RULES,
    *values.RULES,
    *outputs.RULES,
    *cost.RULES,
    *relevance.RULES,
    *selfeval.RULES,
    *benchmarks.RULES,
)


def rule_by_code(code: str) -> Rule | None:
    """Given a code (or a retired alias), return its rule, or None."""
    for rule in REGISTRY:
        if rule.code == code or code in rule.aliases:
            return rule
    return None


def check_table(
    table: TargetTable, config: RuleConfig | None = None, *, partial: bool = False
) -> TableReport:
    """Given a table (and a configuration, default: the legacy rule set), return its review.

    ``partial=True`` (or a table marked ``read_in_part``) when the parser reported the
    table truncated: checks for absent parts are skipped rather than blaming the unit
    for what the file lost, and the grade is at best 良 or 无法评级.
    """
    return review(table, REGISTRY, config or RuleConfig(), partial=partial or table.read_in_part)


__all__ = [
    "FINDINGS_CAPPED",
    "INTERNAL_CRASH",
    "PARTIAL_TABLE",
    "REGISTRY",
    "RULESETS",
    "Config",
    "CriterionResult",
    "Finding",
    "Rule",
    "RuleConfig",
    "RuleConfigError",
    "TableReport",
    "check_table",
    "load_config",
    "rule_by_code",
    "run",
]
