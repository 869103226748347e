"""The indicator trees as data: the legacy tree and 财预〔2021〕101号.

Names in files vary ("产出数量", "满意度指标", "社会公众或服务对象满意度指标",
"产出指标(50分)"); :func:`canonical_level1` and :func:`canonical_level2` map
them onto the names of the trees below.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

TreeName = Literal["legacy", "central-2021"]

OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"
COST = "成本指标"

QUANTITY = "数量指标"
QUALITY = "质量指标"
TIMELINESS = "时效指标"
ECONOMIC_BENEFIT = "经济效益指标"
SOCIAL_BENEFIT = "社会效益指标"
ECOLOGICAL_BENEFIT = "生态效益指标"
SUSTAINABLE = "可持续影响指标"
SERVED_SATISFACTION = "服务对象满意度指标"
ECONOMIC_COST = "经济成本指标"
SOCIAL_COST = "社会成本指标"
ENVIRONMENT_COST = "生态环境成本指标"


@dataclass(frozen=True, slots=True)
class Tree:
    """A two-level indicator taxonomy: first-level names to their second levels."""

    name: TreeName
    levels: Mapping[str, tuple[str, ...]]

    def level1_of(self, level2: str) -> str | None:
        """Given a canonical second-level name, return its first level in this tree."""
        for level1, children in self.levels.items():
            if level2 in children:
                return level1
        return None

    def has_level1(self, level1: str) -> bool:
        """Whether a canonical first-level name belongs to this tree."""
        return level1 in self.levels

    def has_pair(self, level1: str, level2: str) -> bool:
        """Whether a canonical (一级, 二级) pair is part of this tree."""
        return level2 in self.levels.get(level1, ())


# The legacy tree (财预〔2015〕88号 templates, still used in Anhui in 2024).
LEGACY = Tree(
    "legacy",
    MappingProxyType(
        {
            OUTPUT: (QUANTITY, QUALITY, TIMELINESS, COST),
            BENEFIT: (ECONOMIC_BENEFIT, SOCIAL_BENEFIT, ECOLOGICAL_BENEFIT, SUSTAINABLE),
            SATISFACTION: (SERVED_SATISFACTION,),
        }
    ),
)

# 财预〔2021〕101号 moved cost up to the first level with three kinds under it.
CENTRAL_2021 = Tree(
    "central-2021",
    MappingProxyType(
        {
            COST: (ECONOMIC_COST, SOCIAL_COST, ENVIRONMENT_COST),
            OUTPUT: (QUANTITY, QUALITY, TIMELINESS),
            BENEFIT: (ECONOMIC_BENEFIT, SOCIAL_BENEFIT, ECOLOGICAL_BENEFIT, SUSTAINABLE),
            SATISFACTION: (SERVED_SATISFACTION,),
        }
    ),
)

TREES: Mapping[str, Tree] = MappingProxyType({LEGACY.name: LEGACY, CENTRAL_2021.name: CENTRAL_2021})

_LEVEL1_ALIASES: dict[str, str] = {
    "产出": OUTPUT,
    "产出指标": OUTPUT,
    "效益": BENEFIT,
    "效益指标": BENEFIT,
    "效果指标": BENEFIT,
    "满意度": SATISFACTION,
    "满意度指标": SATISFACTION,
    "成本": COST,
    "成本指标": COST,
}

_LEVEL2_ALIASES: dict[str, str] = {
    "数量": QUANTITY,
    "产出数量": QUANTITY,
    "质量": QUALITY,
    "产出质量": QUALITY,
    "时效": TIMELINESS,
    "产出时效": TIMELINESS,
    # Hubei's 2020 自评表 names the timeliness level 进度指标.
    "进度": TIMELINESS,
    "成本": COST,
    "产出成本": COST,
    "经济效益": ECONOMIC_BENEFIT,
    "社会效益": SOCIAL_BENEFIT,
    "生态效益": ECOLOGICAL_BENEFIT,
    "环境效益": ECOLOGICAL_BENEFIT,
    "生态环境效益": ECOLOGICAL_BENEFIT,
    "可持续影响": SUSTAINABLE,
    "可持续": SUSTAINABLE,
    "满意度": SERVED_SATISFACTION,
    "满意度指标": SERVED_SATISFACTION,
    "服务对象满意度": SERVED_SATISFACTION,
    "社会公众或服务对象满意度": SERVED_SATISFACTION,
    "社会公众满意度": SERVED_SATISFACTION,
    "经济成本": ECONOMIC_COST,
    "社会成本": SOCIAL_COST,
    "生态环境成本": ENVIRONMENT_COST,
    "环境成本": ENVIRONMENT_COST,
}

# "产出指标(50分)", "（30分）", "满意度指标 (10分)": templates carry the weight in the name.
_SCORE_SUFFIX = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]")
# "数量指标(必填硬性指标)": a template's note after a level name.
_NOTE_SUFFIX = re.compile(r"(?<=指标)[（(][^()（）\d]{1,12}[)）]$")
_SPACES = re.compile(r"\s+")
# "一、产出指标", "（一）产出指标", "1.数量指标", "(2)质量指标": Word documents number their
# level cells as outline headings; the number is no part of the name.
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])"
    r"\s*(?=[\u4e00-\u9fff])"
)
_ORDINAL_START = frozenset("一二三四五六七八九十(（0123456789")


# Levels only with their 指标: bare "群众满意度" is an indicator's name, "群众满意度指标" the level.
_SUFFIXED_LEVEL2: dict[str, str] = {
    "群众满意度": SERVED_SATISFACTION,
    "公众满意度": SERVED_SATISFACTION,
}


@lru_cache(maxsize=8192)
def clean_level_name(text: str) -> str:
    """Given a level cell as written, return it without spaces, weights or markers."""
    text = _SCORE_SUFFIX.sub("", text)
    text = _SPACES.sub("", text)
    if text and text[0] in _ORDINAL_START:
        text = _ORDINAL.sub("", text)
    text = _NOTE_SUFFIX.sub("", text)
    return text.strip("*★:：")


@lru_cache(maxsize=8192)
def canonical_level1(text: str) -> str | None:
    """Given a first-level name as written, return its canonical name or None."""
    return _LEVEL1_ALIASES.get(_target_worded(clean_level_name(text)))


def _target_worded(name: str) -> str:
    # Reports and some provinces' templates word the levels as 目标 ("产出目标",
    # "数量目标", "社会效益目标"): the same levels as the 指标 the framework names.
    return name[:-2] + "指标" if name.endswith("目标") and len(name) >= 4 else name


@lru_cache(maxsize=8192)
def canonical_level2(text: str) -> str | None:
    """Given a second-level name as written, return its canonical name or None."""
    name = _target_worded(clean_level_name(text))
    if name.endswith("指标") and name[:-2] in _LEVEL2_ALIASES:
        return _LEVEL2_ALIASES[name[:-2]]
    if name.endswith("指标") and name[:-2] in _SUFFIXED_LEVEL2:
        return _SUFFIXED_LEVEL2[name[:-2]]
    if name in _LEVEL2_ALIASES:
        return _LEVEL2_ALIASES[name]
    for tree in TREES.values():
        for children in tree.levels.values():
            if name in children:
                return name
    return None


def infer_level1(level2: str, tree: Tree = LEGACY) -> str | None:
    """Given a second-level name as written, return the first level it belongs to."""
    canonical = canonical_level2(level2)
    if canonical is None:
        return None
    found = tree.level1_of(canonical)
    if found is None and tree is not LEGACY:
        found = LEGACY.level1_of(canonical)
    if found is None:
        found = CENTRAL_2021.level1_of(canonical)
    return found


# Legacy 产出指标/成本指标 becomes 101号 成本指标/经济成本指标 (money is an economic cost);
# every other pair keeps its place.
_LEGACY_TO_2021: dict[tuple[str, str], tuple[str, str]] = {(OUTPUT, COST): (COST, ECONOMIC_COST)}
_2021_TO_LEGACY: dict[tuple[str, str], tuple[str, str]] = {
    (COST, ECONOMIC_COST): (OUTPUT, COST),
    (COST, SOCIAL_COST): (OUTPUT, COST),
    (COST, ENVIRONMENT_COST): (OUTPUT, COST),
}


def map_pair(level1: str, level2: str, *, to: TreeName) -> tuple[str, str]:
    """Given a canonical (一级, 二级) pair, return its place in the tree ``to``."""
    table = _LEGACY_TO_2021 if to == "central-2021" else _2021_TO_LEGACY
    return table.get((level1, level2), (level1, level2))


def levels_fit(level1: str, level2: str) -> bool:
    """Whether a canonical (一级, 二级) pair belongs to either tree."""
    return LEGACY.has_pair(level1, level2) or CENTRAL_2021.has_pair(level1, level2)


def place_levels(level1: str, level2: str, tree: Tree) -> tuple[str | None, str | None]:
    """Given a row's 一级 and 二级 as written, return its canonical pair in ``tree``.

    A 一级 that is missing or does not fit its 二级 (the 效益 rows written under 产出
    in the Wuhu example) is replaced by the first level the 二级 belongs to; a pair
    of the other tree is mapped across (legacy 产出›成本 is 101号 成本›经济成本).
    """
    canonical2 = canonical_level2(level2)
    canonical1 = canonical_level1(level1)
    if canonical2 is None:
        return canonical1, None
    if canonical1 is None or not levels_fit(canonical1, canonical2):
        canonical1 = infer_level1(level2, tree)
    if canonical1 is None:
        return None, canonical2
    other = LEGACY if tree.name == "central-2021" else CENTRAL_2021
    if not tree.has_pair(canonical1, canonical2) and other.has_pair(canonical1, canonical2):
        return map_pair(canonical1, canonical2, to=tree.name)
    return canonical1, canonical2
