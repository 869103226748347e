"""Real tables from other provinces: never a crash, the recoverable parts come out."""

from __future__ import annotations

from decimal import Decimal

import pytest
from ingest_support import CORPUS, CORPUS_FILES

from jixiao.ingest import read_path

FILES = CORPUS_FILES

# What a reviewer reading each file by hand recovers from it (see corpus/INDEX.md).
EXPECTED = {
    "001": {"name": "雾炮车降尘抑尘服务", "total": "250", "indicators": 7, "year": 2023},
    "002": {"name": "委托业务项目", "kind": "self_evaluation", "indicators": 9, "code": "219"},
    "005": {"kind": "self_evaluation", "indicators": 2, "total": "238.93"},
    "009": {"name": "主体班", "total": "164", "fiscal": "132", "indicators": 13, "year": 2022},
    "014": {"name": "疫情期间区域病媒防治环境卫生清洁等费用", "total": "5652", "indicators": 11},
    "022": {"name": "區級森林防火專項經費", "kind": "self_evaluation"},
    "025": {"name": "博物馆纪念馆市级免费开放补助资金", "total": "20", "year": 2023},
    "027": {"name": "临时救助", "total": "30", "indicators": 9, "kind": "self_evaluation"},
    "030": {"name": "国家基本公共卫生服务项目", "total": "2279.048", "indicators": 2, "year": 2024},
    "037": {"name": "2020年非营利性民办园房租补贴", "total": "193.8", "indicators": 11},
    "042": {"code": "066", "total": "51.35", "indicators": 7, "year": 2024},
    "046": {"total": "10", "fiscal": "10", "indicators": 16, "year": 2018},
    "054": {
        "name": "水旱灾害防御经费",
        "total": "880",
        "indicators": 10,
        "kind": "self_evaluation",
    },
}


@pytest.mark.parametrize("path", FILES, ids=[p.name[:3] for p in FILES])
def test_corpus_file_reads_without_crash(path) -> None:
    result = read_path(path)
    for problem in result.problems:
        assert problem.source.file == path.name
        assert problem.code.startswith("parse.")
    expected = EXPECTED.get(path.name[:3])
    if expected is None:
        assert result.tables or result.problems
        return
    table = result.tables[0]
    checks = {
        "name": table.project.name,
        "kind": table.kind,
        "year": table.fiscal_year,
        "code": table.project.department_code,
        "total": str(table.funds.total) if table.funds.total is not None else None,
        "fiscal": str(table.funds.fiscal) if table.funds.fiscal is not None else None,
        "indicators": len(table.indicators),
    }
    assert {k: checks[k] for k in expected} == expected


def test_truncated_rows_are_reported_not_invented() -> None:
    if not FILES:
        pytest.skip("corpus not present")
    result = read_path(CORPUS / "030_mengcheng-weijianwei-jibengonggongweisheng-target-2024.txt")
    truncated = [p for p in result.problems if p.code == "parse.truncated"]
    assert len(truncated) == 1 and truncated[0].source.line == 69
    names = [i.name for i in result.tables[0].indicators]
    assert "0-6 岁儿童眼保健和视力检查覆盖率" not in names


def test_prose_without_table_gives_its_listed_targets() -> None:
    if not FILES:
        pytest.skip("corpus not present")
    result = read_path(CORPUS / "047_tongxin-xiamaguan-putao-target-prose-2023.txt")
    inds = [i for t in result.tables for i in t.indicators]
    assert len(inds) == 8 and "parse.no-table" not in [p.code for p in result.problems]
    assert (inds[0].level2, inds[0].value.raw) == ("数量指标", ">=17600株")


def test_selfeval_columns_and_reasons() -> None:
    if not FILES:
        pytest.skip("corpus not present")
    table = read_path(CORPUS / "027_suixi-minzhengju-linshijiuzhu-selfeval-2019.txt").tables[0]
    row = table.indicators[3]
    assert row.value.raw == ">=4754人" and row.actual is not None and row.actual.raw == "4604人"
    assert (row.weight, row.score, row.deviation_reason) == (
        Decimal(5),
        Decimal(5),
        "特困人员实行动态管理",
    )
    assert table.funds.execution_rate == Decimal(1)
    sichuan = read_path(CORPUS / "005_qingshen-fagaiju-gongzixing-selfeval-2023.txt").tables[0]
    assert [(i.value.raw, i.weight) for i in sichuan.indicators] == [
        ("=100%", Decimal(60)),
        ("=100%", Decimal(30)),
    ]
    spaced = read_path(CORPUS / "054_tianchang-shuiliju-hanzaifangyu-selfeval-2022.txt").tables[0]
    assert all(i.level1_inferred for i in spaced.indicators)
    scored = [(i.weight, i.score) for i in spaced.indicators if not i.not_applicable]
    assert scored == [(Decimal(10), Decimal(10))] * 9
    # "指标1:/ / /" is the 生态效益 row marked not applicable, not a placeholder.
    assert [i.level2 for i in spaced.indicators if i.not_applicable] == ["生态效益指标"]


def test_satisfaction_under_benefit_is_inferred() -> None:
    if not FILES:
        pytest.skip("corpus not present")
    table = read_path(CORPUS / "001_xiangtan-huanwei-wupaoche-2023.txt").tables[0]
    last = table.indicators[-1]
    assert (last.name, last.level1, last.level1_inferred) == ("市民满意度", "满意度指标", True)
