"""The registry is well formed, every rule has pass and fail cases, and docs/rules.md is current."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from rulecase import CASES_DIR, build_config, build_table, load_cases

from jixiao.model.taxonomy import LEGACY
from jixiao.rules import INTERNAL_CRASH, REGISTRY, Rule, check_table, load_config, run
from jixiao.rules.config import CRITERIA, RuleConfig, RuleConfigError, config_from_data
from jixiao.rules.docs import render

REPO_ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$")


def test_codes_unique_and_well_formed() -> None:
    codes = [r.code for r in REGISTRY]
    assert len(codes) == len(set(codes))
    assert [c for c in codes if not CODE.match(c)] == []
    assert {r.criterion for r in REGISTRY} <= set(CRITERIA)


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.code)
def test_rule_has_pass_and_fail_cases(rule: Rule) -> None:
    cases = [c for code, _, c in load_cases() if code == rule.code]
    assert (CASES_DIR / f"{rule.code}.yml").is_file()
    assert any(c.get("pass") for c in cases) and any(c.get("expect") for c in cases)
    assert rule.title and rule.why and rule.bad and rule.good


def test_base_table_is_clean() -> None:
    report = check_table(build_table({}), build_config({}))
    assert report.flatten() == []
    assert report.grade == "优"


def test_docs_rules_md_is_current() -> None:
    written = (REPO_ROOT / "docs" / "rules.md").read_text("utf-8")
    assert written == render(), "run: python -m jixiao.rules.docs > docs/rules.md"


def test_crashing_rule_becomes_internal_finding() -> None:
    def boom(table: object, cfg: object) -> object:
        raise ZeroDivisionError("division by zero")

    broken = replace(REGISTRY[0], code="test.boom", check=boom)  # type: ignore[arg-type]
    findings = run(build_table({}), (broken, *REGISTRY), RuleConfig())
    assert [f.code for f in findings] == [INTERNAL_CRASH]


def test_config_file_overrides(tmp_path: Path) -> None:
    path = tmp_path / "jixiao.toml"
    path.write_text(
        'ruleset = "central-2021"\n[rules]\ndisable = ["values.vague"]\n'
        '[rules.severity]\n"values.not-quantified" = "error"\n[grade]\nerror_cap = "差"\n',
        "utf-8",
    )
    config = load_config(path)
    assert (config.ruleset, config.tree.name) == ("central-2021", "central-2021")
    assert not config.is_enabled("values.vague")
    assert config.severities["values.not-quantified"] == "error"
    assert load_config(path, ruleset="legacy").tree is LEGACY


def test_pyproject_tool_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.jixiao]\n[tool.jixiao.thresholds]\nsatisfaction_min = "60"\n', "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert load_config().thresholds["satisfaction_min"] == "60"


def test_bad_config_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RuleConfigError, match="未知的规则集"):
        config_from_data({}, "anhui-1999")
    with pytest.raises(RuleConfigError, match="级别"):
        config_from_data({"rules": {"severity": {"values.vague": "fatal"}}})


def test_grade_mapping_follows_findings() -> None:
    # One error under 可行性 caps that criterion at 中, and the table grade with it.
    case = {"funds": {"total": "100", "fiscal": "80"}}
    report = check_table(build_table(case), build_config(case))
    assert report.flatten(["code"]) == [["funds.sum-mismatch"]]
    levels = {c.name: c.level for c in report.criteria}
    assert levels == {"完整性": "优", "相关性": "优", "适当性": "优", "可行性": "中"}
    assert report.grade == "中"
    assert "funds.sum-mismatch" in report.criteria[3].explanation
    lenient = config_from_data({"grade": {"error_cap": "良", "deduction": {"error": 5}}})
    assert check_table(build_table(case), lenient).grade == "良"


def test_share_caps_come_from_the_rule_set_and_can_be_overridden() -> None:
    # The thresholds live in the rule-set TOML under [grade]; jixiao.toml changes one
    # level (the other keeps the rule set's) or switches a level off with 0.
    assert config_from_data({}).grading.share_caps == (("中", 0.5), ("差", 0.66))
    strict = config_from_data({"grade": {"share_caps": {"中": 0.3}, "share_min_rows": 3}})
    assert strict.grading.share_caps == (("中", 0.3), ("差", 0.66))
    assert strict.grading.share_min_rows == 3
    off = config_from_data({"grade": {"share_caps": {"中": 0, "差": 0}}})
    assert off.grading.share_caps == ()
    with pytest.raises(RuleConfigError, match="比例"):
        config_from_data({"grade": {"share_caps": {"中": 1.5}}})
    with pytest.raises(RuleConfigError, match="评级名称"):
        config_from_data({"grade": {"share_caps": {"甲": 0.5}}})
