"""Placing a row's levels in a tree: one home (model.taxonomy) for rules, library and store."""

from __future__ import annotations

import pytest

from jixiao.model.taxonomy import CENTRAL_2021, LEGACY, Tree, levels_fit, place_levels


@pytest.mark.parametrize(
    ("level1", "level2", "tree", "expected"),
    [
        # 效益 rows written under 产出 (the Wuhu example's 工人文化宫 table): 一级 inferred.
        ("产出指标", "社会效益指标", LEGACY, ("效益指标", "社会效益指标")),
        ("", "数量指标", LEGACY, ("产出指标", "数量指标")),
        # legacy 产出›成本 is 101号 成本›经济成本, and back.
        ("产出指标", "成本指标", CENTRAL_2021, ("成本指标", "经济成本指标")),
        ("成本指标", "社会成本指标", LEGACY, ("产出指标", "成本指标")),
        # spaced names as tables write them
        ("产 出 指 标", "数 量 指 标", LEGACY, ("产出指标", "数量指标")),
        # no second level: the first level as far as it is known
        ("满意度指标", "", LEGACY, ("满意度指标", None)),
        ("某某", "某某", LEGACY, (None, None)),
    ],
)
def test_place_levels(
    level1: str, level2: str, tree: Tree, expected: tuple[str | None, str | None]
) -> None:
    assert place_levels(level1, level2, tree) == expected


def test_levels_fit_either_tree() -> None:
    assert levels_fit("产出指标", "数量指标")
    assert levels_fit("成本指标", "经济成本指标")
    assert not levels_fit("满意度指标", "数量指标")
