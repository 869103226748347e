"""The scoring checks run through the rule engine like any other family."""

from __future__ import annotations

from scoring_helpers import D, flat, ind, q, table

from jixiao.model.project import Funds
from jixiao.rules.config import RuleConfig
from jixiao.rules.engine import run
from jixiao.rules.selfeval import RULES


def test_codes_unique_and_documented() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(r.why and r.bad and r.good and r.title for r in RULES)


def test_engine_runs_selfeval_rules_on_selfeval_tables_only() -> None:
    row = ind(
        "甲", q("≥100人", "≥", "100", "人"), q("96人", "=", "96", "人"), weight="10", score="10"
    )
    assert flat(run(table(row), RULES, RuleConfig())) == [
        ("selfeval.score-mismatch", "甲"),
        ("selfeval.reason-missing", "甲"),
    ]
    assert flat(run(table(row, kind="target"), RULES, RuleConfig())) == []


def test_engine_runs_monitoring_rules() -> None:
    slow = table(
        ind("甲", q("≥100人", "≥", "100", "人"), likelihood="有可能"),
        kind="monitoring",
        funds=Funds(budget_adjusted=D(100), executed=D(20)),
    )
    assert flat(run(slow, RULES, RuleConfig())) == [
        ("monitoring.likelihood-no-cause", "甲"),
        ("monitoring.slow-spending", None),
    ]
