"""The single runner for the per-rule YAML cases (tests/rules/cases/<code>.yml).

Each case builds a small table and expects either no finding of the file's code
(``pass: true``) or exactly the listed ``[code, indicator]`` pairs (all of ``severity``
when the case gives one).
"""

from __future__ import annotations

from typing import Any

import pytest
from rulecase import build_config, build_table, context_findings, load_cases

from jixiao.rules import check_table

CASES = load_cases()


@pytest.mark.parametrize(
    ("code", "case"), [(c, case) for c, _, case in CASES], ids=[f"{c}::{n}" for c, n, _ in CASES]
)
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    report = check_table(build_table(case), build_config(case))
    findings = [*report.findings, *context_findings(case)]
    found = sorted([f.code, f.indicator] for f in findings if f.code == code)
    expected = [] if case.get("pass") else sorted(list(e) for e in case["expect"])
    assert found == expected
    if "severity" in case:  # e.g. info: what the reader may have missed is noted, not blamed
        assert {f.severity for f in findings if f.code == code} == {case["severity"]}
    assert all(f.code != "internal.rule-crashed" for f in report.findings)
