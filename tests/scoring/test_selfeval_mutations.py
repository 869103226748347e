"""Mutation test of the self-evaluation rules, and the rule switch in ``jixiao score``.

A self-evaluation is built from the first Wuhu target table: every actual equals its
target (the satisfaction survey gave 96%), every 分值 and 得分 is what 财预〔2020〕10号
gives, so the sheet is clean. Each mutation breaks it the way one rule exists for; that
code must appear on the right row, and nothing else new may appear beyond the listed
consequences (a lower computed score also differs from the unit's 得分).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.ingest import read_path
from jixiao.model.project import TargetTable
from jixiao.model.values import parse_value
from jixiao.rules import check_table
from jixiao.rules.config import RuleConfig
from jixiao.rules.selfeval import switched
from jixiao.scoring import score_table
from repo_files import EXAMPLE, REPO_ROOT

D = Decimal


def _selfeval() -> TargetTable:
    target = read_path(EXAMPLE).tables[0]
    rows = tuple(
        replace(i, actual=parse_value("96%") if i.name == "劳模满意度" else i.value)
        for i in target.indicators
    )
    funds = replace(target.funds, budget_adjusted=target.funds.total, executed=target.funds.total)
    table = replace(target, kind="self_evaluation", indicators=rows, funds=funds)
    sheet = score_table(table)
    rows = tuple(
        replace(i, weight=line.weight, score=line.score)
        for i, line in zip(table.indicators, sheet.indicators, strict=True)
    )
    funds = replace(funds, execution_weight=D(10), execution_score=sheet.execution.score)
    return replace(table, indicators=rows, funds=funds)


def _keys(table: TargetTable) -> set[tuple[str, str | None]]:
    return {
        (code, name) for code, name in check_table(table).flatten() if code.startswith("selfeval.")
    }


def _row(name: str, **changes: object) -> Callable[[TargetTable], TargetTable]:
    def mutate(table: TargetTable) -> TargetTable:
        rows = tuple(replace(i, **changes) if i.name == name else i for i in table.indicators)  # type: ignore[arg-type]
        assert rows != table.indicators, name
        return replace(table, indicators=rows)

    return mutate


def _funds(**changes: object) -> Callable[[TargetTable], TargetTable]:
    return lambda table: replace(table, funds=replace(table.funds, **changes))  # type: ignore[arg-type]


def _weights_110(table: TargetTable) -> TargetTable:
    # Five output rows at 12 instead of 10: 产出 60, with 执行 10, 效益 30, 满意度 10 → 110.
    rows = tuple(
        replace(i, weight=D(12), score=D(12)) if i.weight == D(10) and "产出" in i.level1 else i
        for i in table.indicators
    )
    return replace(table, indicators=rows)


def _unscored(table: TargetTable) -> TargetTable:
    # The unit filled in the money and stopped: no 得分 anywhere, no actuals.
    rows = tuple(replace(i, actual=None, score=None) for i in table.indicators)
    return replace(table, indicators=rows, funds=replace(table.funds, execution_score=None))


def _renamed(old: str, new: str) -> Callable[[TargetTable], TargetTable]:
    def mutate(table: TargetTable) -> TargetTable:
        rows = tuple(replace(i, name=new) if i.name == old else i for i in table.indicators)
        assert rows != table.indicators, old
        return replace(table, indicators=rows)

    return mutate


def _payment_claimed_unspent(table: TargetTable) -> TargetTable:
    # The 时效 row becomes a payment rate done in full; the funds show 60 % executed.
    rows = tuple(
        replace(i, name="资金支付完成率", actual=parse_value("100%"))
        if i.name == "项目完成时间"
        else i
        for i in table.indicators
    )
    funds = replace(table.funds, executed=table.funds.total * D("0.6"))
    return replace(table, indicators=rows, funds=funds)


# (id, mutation, expected (code, row), allowed extra codes)
MUTATIONS = [
    (
        "ceiling-exceeded",
        _row("奖励标准", actual=parse_value("5500元/人")),
        ("selfeval.ceiling-exceeded", "奖励标准"),
        ("selfeval.score-mismatch", "selfeval.reason-missing"),
    ),
    (
        "shortfall-without-reason",
        _row("表彰劳模和先进工作者", actual=parse_value("140人"), score=D("9.4")),
        ("selfeval.reason-missing", "表彰劳模和先进工作者"),
        (),
    ),
    (
        "score-above-weight",
        _row("表彰劳模和先进工作者", score=D(12)),
        ("selfeval.score-above-weight", "表彰劳模和先进工作者"),
        ("selfeval.score-mismatch",),
    ),
    (
        "full-marks-no-actual",
        _row("劳模满意度", actual=None),
        ("selfeval.full-marks-unsupported", "劳模满意度"),
        ("selfeval.actual-missing",),
    ),
    (
        "full-marks-done-against-number",
        _row("表彰劳模和先进工作者", actual=parse_value("完成")),
        ("selfeval.full-marks-unsupported", "表彰劳模和先进工作者"),
        ("selfeval.score-mismatch",),
    ),
    (
        "execution-low-no-reason",
        _funds(executed=D(60), execution_score=D("8.05")),
        ("selfeval.execution-low-no-reason", None),
        (),
    ),
    (
        "execution-score-missing",
        _unscored,
        ("selfeval.execution-score-missing", None),
        ("selfeval.actual-missing",),
    ),
    ("weights-110", _weights_110, ("selfeval.weights-total", None), ()),
    (
        "tier-word-against-a-number",
        _row("表彰劳模和先进工作者", actual=parse_value("达成预期指标")),
        ("selfeval.actual-unmeasured", "表彰劳模和先进工作者"),
        (),
    ),
    (
        "paid-in-full-but-unspent",
        _payment_claimed_unspent,
        ("selfeval.payment-contradicts-execution", "资金支付完成率"),
        ("selfeval.execution-low-no-reason", "selfeval.score-mismatch"),
    ),
    (
        "total-row-left-at-zero",
        _funds(total=D(0), budget_adjusted=D(0), executed=D(0), execution_score=D(0)),
        ("selfeval.execution-rows-contradict", None),
        ("selfeval.score-mismatch",),
    ),
    (
        "no-effect-but-scored",
        _renamed("提高劳模社会地位", "公益活动无社会效益"),
        ("selfeval.denied-effect-scored", "公益活动无社会效益"),
        (),
    ),
    (
        "met-but-docked",
        _row("表彰劳模和先进工作者", score=D(1)),
        ("selfeval.score-below-achieved", "表彰劳模和先进工作者"),
        (),
    ),
]


@pytest.fixture(scope="module")
def base() -> TargetTable:
    return _selfeval()


def test_base_selfeval_is_clean(base: TargetTable) -> None:
    sheet = score_table(base)
    assert sheet.total == sheet.reported_total == D(100)
    assert _keys(base) == set()


@pytest.mark.parametrize(
    ("mutate", "expected", "extras"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS]
)
def test_selfeval_mutation(
    base: TargetTable,
    mutate: Callable[[TargetTable], TargetTable],
    expected: tuple[str, str | None],
    extras: tuple[str, ...],
) -> None:
    new = _keys(mutate(base))
    assert expected in new
    assert {k for k in new if k[0] != expected[0] and k[0] not in extras} == set()


def test_switched_off_rule_is_not_reported_by_score_or_check(base: TargetTable) -> None:
    broken = _row("表彰劳模和先进工作者", actual=parse_value("140人"), score=D("9.4"))(base)
    off = RuleConfig(disabled=frozenset({"selfeval.reason-missing"}))
    assert "selfeval.reason-missing" in {f.code for f in score_table(broken).findings}
    assert "selfeval.reason-missing" not in {
        f.code for f in switched(score_table(broken), off).findings
    }
    assert not any(c == "selfeval.reason-missing" for c, _ in check_table(broken, off).flatten())
    raised = RuleConfig(severities={"selfeval.reason-missing": "error"})
    kept = switched(score_table(broken), raised).findings
    assert [f.severity for f in kept if f.code == "selfeval.reason-missing"] == ["error"]
    # the scores are not findings: the switch leaves them as computed
    assert switched(score_table(broken), off).total == score_table(broken).total


def test_score_cli_honours_the_config_switch(tmp_path: Path) -> None:
    # A real self-evaluation from the corpus whose 完成情况 only says it was done.
    path = next((REPO_ROOT / "tests" / "corpus").glob("054_*.txt"))
    code = "selfeval.goals-actual-unsupported"

    def codes(*extra: str) -> set[str]:
        result = CliRunner().invoke(app, ["score", str(path), "--json", *extra])
        assert result.exit_code == 0, result.output
        out = json.loads(result.stdout)
        return {f["code"] for t in out["tables"] for f in t["findings"]}

    assert code in codes()
    toml = tmp_path / "jixiao.toml"
    toml.write_text(f'[rules]\ndisable = ["{code}"]\n', "utf-8")
    assert code not in codes("--config", str(toml))
