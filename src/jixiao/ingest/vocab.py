"""The words that structure a target table: header labels, level names, footers.

Gathered from the official templates (财预〔2015〕88号 and 财预〔2021〕101号
annexes, the Anhui 申报表, the 抗疫特别国债 template, Sichuan's 自评表) and from
the variants real files carry ("财政投款", "项目支出名称", "主管预算部门").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Header labels → the field they fill. Keys are normalised with :func:`norm`.
HEADER_LABELS: dict[str, str] = {
    "项目名称": "name",
    "项目支出名称": "name",
    "二级项目名称": "name",
    "主管部门及代码": "department",
    "主管部门": "department",
    "主管预算部门": "department",
    "预算部门": "department",
    "项目主管部门": "department",
    "主管单位": "department",
    "部门名称": "department",
    "实施单位": "implementing_unit",
    "申报单位": "implementing_unit",
    "项目单位": "implementing_unit",
    "预算单位": "implementing_unit",
    "项目实施单位": "implementing_unit",
    "实施单位(盖章)": "implementing_unit",
    "项目来源": "source",
    "项目期": "period",
    "项目实施期": "period",
    "项目支出实施期": "period",
    "实施期限": "period",
    "年度资金总额": "total",
    "资金总额": "total",
    "本年度资金总额": "total",
    "预算资金总额": "total",
    "项目预算总额": "total",
    "项目资金总额": "total",
    "项目预算金额": "total",
    "项目预算金额(万元)": "total",
    "项目金额": "total",
    "年度本级预算金额": "total",
    "项目总投资": "total",
    "总额": "total",
    "财政拨款": "fiscal",
    "本年财政拨款": "fiscal",
    "财政投款": "fiscal",
    "财政资金": "fiscal",
    "当年市级财政资金": "fiscal",
    "一般预算内拨款": "fiscal",
    "上年结转": "carryover",
    "上年结转资金": "carryover",
    "其他资金": "other",
    "年度目标": "goals",
    "项目年度目标": "goals",
    "年度绩效目标": "goals",
    "本年度绩效目标": "goals",
    "年度总体目标": "goals",
    "总体目标": "goals",
    "绩效目标": "goals",
    "年度绩效目标(文字)": "goals",
    "年度总体目标完成情况": "goals",
    # Labels of fields this model does not keep; known so that they end the value
    # of the label before them and split run-on text.
    "项目属性": "ignore",
    "项目类型": "ignore",
    "项目分类": "ignore",
    "资金用途": "ignore",
    "资金性质": "ignore",
    "项目开始日期": "ignore",
    "项目完成日期": "ignore",
    "项目负责人": "ignore",
    "项目负责人及电话": "ignore",
    "项目责任人(签字)": "ignore",
    "组织实施单位": "ignore",
    "监督管理单位": "ignore",
    "政策依据": "ignore",
    "其他依据": "ignore",
    "基本情况": "ignore",
    "项目立项必要性": "ignore",
    "预算申报数": "ignore",
    "中央补助安排": "ignore",
    "省级财政安排": "ignore",
    "一级项目名称": "ignore",
    "中期资金总额": "ignore",
    "实施期绩效目标": "ignore",
    "中期目标": "ignore",
    "单位名称": "ignore",
    "填报日期": "ignore",
    "报表编号": "ignore",
    "该项目支出上级资金": "ignore",
}

# Labels that open the funds block and may carry the money unit: "项目资金 (万元)".
FUNDS_BLOCK = re.compile(r"^(项目资金|资金情况|项目金额|预算执行情况|资金来源)[(（]?(万元|元)?")

# Column headers of the indicator block after 三级指标, mapped to the field they fill.
COLUMN_ROLES: tuple[tuple[str, str], ...] = (
    ("指标性质", "op"),
    ("指标方向", "op"),
    ("比较符", "op"),
    ("度量单位", "unit"),
    ("计量单位", "unit"),
    ("实际完成值", "actual"),
    ("全年实际值", "actual"),
    ("实际完成", "actual"),
    ("实际值", "actual"),
    ("完成值", "actual"),
    ("执行情况", "progress"),
    ("全年预计完成", "expected"),
    ("预计完成", "expected"),
    ("完成目标可能性", "likelihood"),
    ("偏差原因", "reason"),
    ("未完成原因", "reason"),
    ("原因分析", "reason"),
    ("改进措施", "measures"),
    ("完成措施", "measures"),
    ("分值", "weight"),
    ("权重", "weight"),
    ("得分", "score"),
    ("实际实现值", "ignore"),
    ("绩效标准", "ignore"),
    ("指标标准", "ignore"),
    ("备注", "ignore"),
    ("指标值", "value"),
    ("目标值", "value"),
    ("单位", "unit"),
)

# Rows that end the indicator block: sign-off and review boxes, page furniture.
FOOTER_PREFIXES: tuple[str, ...] = (
    "财政部门",
    "财政资金管理",
    "财政绩效管理",
    "填表人",
    "填报人",
    "单位负责人",
    "总分",
    "得分合计",
    "区扶贫办",
    "审核意见",
    "附件",
    "扫一扫",
    "相关解读",
    "联系电话",
    "说明:",
    "注:",
    "备注:",
    "评价结论",
    "主要经验",
    "其他需要说明",
    "合计",
    "存在问题",
    "改进措施",
)

TITLE_WORDS: tuple[str, ...] = (
    "绩效目标表",
    "绩效目标申报表",
    "绩效目标批复表",
    "绩效自评表",
    "目标自评表",
    "绩效目标自评",
    "绩效监控表",
    "运行监控表",
    "绩效目标设定表",
    "绩效目标申报",
)

LEVEL_WORDS: tuple[str, ...] = (
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "数量指标",
    "质量指标",
    "时效指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "社会公众或服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "产出数量",
    "产出质量",
    "产出时效",
    "产出成本",
    "一级指标",
    "二级指标",
    "三级指标",
)

_SPLIT_WORDS = sorted(
    {
        *HEADER_LABELS,
        *LEVEL_WORDS,
        "项目资金",
        "绩效指标",
        "预期目标",
        "实际完成情况",
        "得分合计",
        "总分",
    },
    key=len,
    reverse=True,
)
# Splits run-on text around labels; longest first so 社会效益指标 wins over 效益指标.
# A label followed by 表/申报/… is part of a title ("项目支出绩效目标表"), not a label.
KEYWORD_SPLIT = re.compile(
    "((?:" + "|".join(re.escape(w) for w in _SPLIT_WORDS) + r")(?!表|申报|批复|自评|设定)[:：]?)"
)

_SPACE = re.compile(r"\s+")
# Pinyin ruby left inline by document-sharing sites: "區(qū)級(jí)".
# A tone mark is required so that units such as "长度(m)" survive.
_RUBY = re.compile(
    r"(?<=[\u4e00-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń]{1,7}\)"
)


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Given cell text, return it folded for matching labels (width, spaces, colons)."""
    text = unicodedata.normalize("NFKC", text)
    text = _RUBY.sub("", text)
    text = _SPACE.sub("", text)
    # Full-width spaces inside vertical labels come out of bad mirrors as "?????".
    text = text.replace("?", "").replace("？", "")
    return text.strip(":：*★").removeprefix("其中").strip(":：")


def strip_ruby(text: str) -> str:
    """Given text, return it without inline pinyin ruby."""
    return _RUBY.sub("", text) if "(" in text else text


def header_field(cell: str) -> str | None:
    """Given a cell, return the header field its label names, or None."""
    key = norm(cell)
    if key in HEADER_LABELS:
        return HEADER_LABELS[key]
    # "项目资金 (万元)" style labels with a unit suffix.
    base = re.sub(r"[(（](万元|元)[)）]$", "", key)
    return HEADER_LABELS.get(base)


def is_title(cell: str) -> bool:
    """Whether a cell is a table title such as 项目支出绩效目标表."""
    key = norm(cell)
    return len(key) <= 80 and any(w in key for w in TITLE_WORDS)


def is_footer(cell: str) -> bool:
    """Whether a cell starts the sign-off part below the indicator block."""
    key = norm(cell).lstrip("-•·")
    return any(key.startswith(p) for p in FOOTER_PREFIXES)


# Roles a row of a cell stream always fills; reasons, measures and notes are often
# left empty, and an empty cell leaves no trace in a stream.
# 绩效标准 ("计划标准") is filled on every row where the column exists, so it counts.
CORE_ROLES = frozenset(
    {
        "value",
        "op",
        "unit",
        "actual",
        "weight",
        "score",
        "progress",
        "expected",
        "likelihood",
        "ignore",
    }
)


# Cells that name the third-level column; the value columns follow the last of them.
NAME_COLUMN_HEADS = ("三级指标", "指标名称", "绩效指标名称", "三级指标名称", "指标内容")


def is_block_header_row(keys: list[str]) -> bool:
    """Given a row's folded cells, whether it heads the indicator block."""
    return any(k in NAME_COLUMN_HEADS for k in keys) or ("一级指标" in keys and "二级指标" in keys)


def column_role(header: str) -> str | None:
    """Given a column header after 三级指标, return the field it fills."""
    key = norm(header)
    for word, role in COLUMN_ROLES:
        if word in key:
            return role
    return None
