"""``jixiao check`` and ``jixiao rules`` end to end: JSON contract, exit codes, the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.rules import REGISTRY
from repo_files import CORPUS_FILES, EXAMPLE

CORPUS = CORPUS_FILES
runner = CliRunner()


def test_check_json_follows_contract() -> None:
    result = runner.invoke(app, ["check", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema"] == "jixiao.check/1"
    assert len(doc["tables"]) == 6
    dream = doc["tables"][4]
    assert dream["project"] == "“中国梦劳动美”系列活动"
    assert dream["source"]["file"] == "wuhu-2024-targets.txt"
    assert dream["grade"] in ("优", "良", "中", "差")
    first = next(f for f in dream["findings"] if f["code"] == "structure.level1-missing")
    assert set(first) == {"code", "severity", "message", "indicator", "source"}
    # A blank 一级 may be a merged cell the reader did not follow: noted, not blamed.
    assert (first["indicator"], first["severity"]) == ("加强职工群众思想政治引领", "info")
    assert [c["name"] for c in dream["criteria"]] == ["完整性", "相关性", "适当性", "可行性"]


def test_fail_on_and_exit_codes(tmp_path: Path) -> None:
    assert runner.invoke(app, ["check", str(EXAMPLE), "--fail-on", "error"]).exit_code == 0
    assert runner.invoke(app, ["check", str(EXAMPLE), "--fail-on", "warning"]).exit_code == 1
    missing = tmp_path / "nothing.txt"
    assert runner.invoke(app, ["check", str(missing), str(EXAMPLE)]).exit_code == 1
    assert runner.invoke(app, ["check", str(EXAMPLE), "--fail-on", "never"]).exit_code == 2
    assert runner.invoke(app, ["check", str(EXAMPLE), "--rules", "anhui-1999"]).exit_code == 2


def test_rules_option_and_config_file(tmp_path: Path) -> None:
    config = tmp_path / "jixiao.toml"
    config.write_text('[rules]\ndisable = ["values.vague"]\n', "utf-8")
    result = runner.invoke(app, ["check", str(EXAMPLE), "--json", "--config", str(config)])
    codes = {f["code"] for t in json.loads(result.stdout)["tables"] for f in t["findings"]}
    assert "values.vague" not in codes and "structure.level1-missing" in codes
    result = runner.invoke(app, ["check", str(EXAMPLE), "--json", "--rules", "central-2021"])
    assert result.exit_code == 0
    errors = [
        f
        for t in json.loads(result.stdout)["tables"]
        for f in t["findings"]
        if f["severity"] == "error"
    ]
    assert errors == []  # the legacy 产出›成本 rows map onto 101号's 成本指标


def test_terminal_report_counts_codes() -> None:
    result = runner.invoke(app, ["check", str(EXAMPLE)])
    assert result.exit_code == 0
    assert "values.vague" in result.stdout and "共 6 张表" in result.stdout


def test_rules_lists_registry() -> None:
    result = runner.invoke(app, ["rules", "--json"])
    codes = [r["code"] for r in json.loads(result.stdout)["rules"]]
    assert codes == [r.code for r in REGISTRY]
    assert "cost.arithmetic" in runner.invoke(app, ["rules"]).stdout


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_file_does_not_crash(path: Path) -> None:
    result = runner.invoke(app, ["check", str(path), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    doc = json.loads(result.stdout)
    codes = {f["code"] for t in doc["tables"] for f in t["findings"]}
    assert "internal.rule-crashed" not in codes
    readable = bool(doc["tables"])
    assert result.exit_code == (0 if readable else 1)


def test_a_capped_grade_says_why_in_json_and_on_screen(tmp_path: Path) -> None:
    # A made-up target table whose five effect rows share one vague value: one code, so
    # the score stays at 良, but half its targets cannot be measured: capped at 中.
    head = [
        "# 项目支出绩效目标表",
        "项目名称\t\t职工技能培训\t\t",
        "主管部门及代码\t\t某市总工会-501\t实施单位\t某市总工会",
        "项目来源\t\t本级申报项目\t项目期\t1年",
        "项目资金 (万元)\t\t年度资金总额:\t20\t",
        "\t\t其中:财政拨款\t20\t",
        "年度目标\t组织职工技能培训200人次,提高职工技能水平。\t\t\t",
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值",
        "\t产出指标\t数量指标\t指标1:培训人次\t≥200人次",
        "\t\t质量指标\t指标1:培训合格率\t≥95%",
        "\t\t时效指标\t指标1:培训完成率\t100%",
        "\t\t成本指标\t指标1:培训总成本\t≤20万元",
        "\t效益指标\t社会效益指标\t指标1:职工技能水平\t显著提高",
        "\t\t\t指标2:职工就业能力\t显著提高",
        "\t\t\t指标3:企业用工质量\t显著提高",
        "\t\t可持续影响指标\t指标1:培训长效机制\t显著提高",
        "\t\t\t指标2:工会服务能力\t显著提高",
        "\t满意度指标\t满意度指标\t指标1:学员满意度\t≥90%",
    ]
    path = tmp_path / "vague.txt"
    path.write_text("\n".join(head) + "\n", "utf-8")
    doc = json.loads(runner.invoke(app, ["check", str(path), "--json"]).stdout)
    (table,) = doc["tables"]
    vague = {f["indicator"] for f in table["findings"] if f["code"] == "values.vague"}
    assert len(vague) == 5, table["findings"]
    assert table["score"] >= 86  # the band alone would say 良
    assert table["grade"] == "中"
    assert table["grade_cap"] == "10 个指标中 5 个有问题(≥50%),评级最高为中"
    assert "评级上限: 10 个指标中 5 个有问题" in runner.invoke(app, ["check", str(path)]).stdout
