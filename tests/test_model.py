"""The model's JSON round trip, money and the two indicator trees."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.ingest import read_path
from jixiao.model import taxonomy
from jixiao.model.money import money_str, parse_amount, to_wanyuan
from jixiao.model.serialize import result_from_dict, result_to_dict
from test_cli_parse import EXAMPLE


def test_json_round_trip_is_exact() -> None:
    result = read_path(EXAMPLE)
    assert result_from_dict(result_to_dict(result)) == result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("74.5", "74.5"),
        ("250万", "250"),
        ("2279.048 万元", "2279.048"),
        ("5000元", "0.5"),
        ("1,200", "1200"),
        ("1.5亿元", "15000"),
        ("", None),
        ("约100", None),
        ("NaN", None),
    ],
)
def test_parse_amount(text: str, expected: str | None) -> None:
    assert money_str(parse_amount(text)) == expected


def test_money_never_float() -> None:
    assert to_wanyuan(Decimal("149") * Decimal("5000"), "元") == Decimal("74.5")
    assert money_str(Decimal("104.000")) == "104"


@pytest.mark.parametrize(
    ("written", "level1"),
    [
        ("数量指标", "产出指标"),
        ("产出数量", "产出指标"),
        ("社会效益", "效益指标"),
        ("可持续影响指标", "效益指标"),
        ("满意度指标", "满意度指标"),
        ("社会公众或服务对象满意度指标", "满意度指标"),
        ("经济成本指标", "成本指标"),
        ("成本指标", "产出指标"),
    ],
)
def test_infer_level1(written: str, level1: str) -> None:
    assert taxonomy.infer_level1(written) == level1


def test_trees_map_both_ways() -> None:
    assert taxonomy.map_pair("产出指标", "成本指标", to="central-2021") == (
        "成本指标",
        "经济成本指标",
    )
    assert taxonomy.map_pair("成本指标", "经济成本指标", to="legacy") == ("产出指标", "成本指标")
    assert taxonomy.CENTRAL_2021.has_pair("成本指标", "社会成本指标")
    assert not taxonomy.CENTRAL_2021.has_pair("产出指标", "成本指标")
    assert taxonomy.LEGACY.has_pair("产出指标", "成本指标")
    assert taxonomy.canonical_level1("产出指标(50分)") == "产出指标"
