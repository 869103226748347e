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
    # Transfer payments and special funds name the fund, not a project.
    "专项名称": "name",
    "专项资金名称": "name",
    "资金名称": "name",
    "转移支付名称": "name",
    "转移支付(项目)名称": "name",
    "政策名称": "name",
    # Overall (部门整体支出) tables name the unit instead of a project.
    "部门(单位)名称": "unit_name",
    "单位(部门)名称": "unit_name",
    "主管部门及代码": "department",
    "主管部门及其编码": "department",
    "主管部门及编码": "department",
    "主管部门及其代码": "department",
    "项目主管单位": "department",
    "主管部门": "department",
    "主管部门(单位)名称": "department",
    "主管部门(单位)": "department",
    "主管预算部门": "department",
    "预算部门": "department",
    "项目主管部门": "department",
    "主管单位": "department",
    "部门名称": "department",
    "部门代码": "department_code",
    "部门编码": "department_code",
    "主管部门代码": "department_code",
    "主管部门编码": "department_code",
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
    "年度财政资金总额": "total",
    "年度预算资金总额": "total",
    "年度预算资金": "total",
    # Monitoring forms pair the year's budget with what was spent so far on one line
    # ("年度预算数(万元) | 180 | 执行数 | 72").
    "年度预算数": "total",
    "年度金额": "total",
    "年度总金额": "total",
    "部门整体支出总额": "total",
    "整体支出总额": "total",
    "支出预算总量": "total",
    "区级支出预算总量": "total",
    "中期预算资金总额": "ignore",
    # "资金使用情况(万元) | 合计:109.8万元 中央财政 84.5万元…": what was spent, beside
    # the 年度金额 block (Sichuan 专项 self-evaluations).
    "资金使用情况": "spent",
    "资金执行情况": "spent",
    "资金情况": "ignore",
    "资金总额及构成": "total",
    "项目主要内容": "ignore",
    "项目概况": "ignore",
    # Kept: a plan that itemises its costs is checked against the funds (rules).
    "项目实施计划": "plan",
    "项目实施内容": "ignore",
    "单位负责人": "ignore",
    "总额": "total",
    "财政拨款": "fiscal",
    "本年财政拨款": "fiscal",
    "当年财政拨款": "fiscal",
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
    "总体绩效目标": "goals",
    "年度总体绩效目标": "goals",
    "项目年度绩效目标": "goals",
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
    # Kept: a 中期 (multi-year) total beside the year's (values.period-repeats-year).
    "中期资金总额": "period_total",
    "实施期绩效目标": "ignore",
    "中期目标": "ignore",
    "单位名称": "unit_name",
    "填报日期": "ignore",
    "报表编号": "ignore",
    "该项目支出上级资金": "ignore",
}

# Labels that open the funds block and may carry the money unit: "项目资金 (万元)".
FUNDS_BLOCK = re.compile(
    r"^(项目资金|项目预算资金|资金情况|项目金额|预算执行情况|资金来源)[(（]?(万元|元)?"
)

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
    # "实施进度 | 已完成100%": the only completion cell of some reports' tables.
    ("实施进度", "actual"),
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
    ("指标解释", "ignore"),
    ("指标说明", "ignore"),
    # "累计完成率", "目标完成率": actual over target, derived from the two columns before.
    ("完成率", "rate"),
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
    # A government site's page furniture under a table saved as text.
    "分享到",
    "【打印",
    "【关闭",
    "打印本页",
    "关闭窗口",
    "返回顶部",
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
    # Put by the stream rebuilder where glued rows ran into prose (ingest/stream.py).
    "〔表尾〕",
)
# The row the stream rebuilder adds where a run-on table's rows end in prose.
END_OF_TABLE = "〔表尾〕"

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
        "进度指标",
        # Levels worded as 目标 (taxonomy._target_worded): cut run-on text there too.
        *(w[:-2] + "目标" for w in LEVEL_WORDS[:16]),
    },
    key=len,
    reverse=True,
)
# Splits run-on text around labels; longest first so 社会效益指标 wins over 效益指标.
# A label followed by 表/申报/… is part of a title ("项目支出绩效目标表"), not a label.
# Labels with brackets ("部门(单位)名称") match full-width brackets too: run-on copies of
# Word tables keep "部门（单位）名称" as typed.
KEYWORD_SPLIT = re.compile(
    "((?:"
    + "|".join(re.escape(w).replace(r"\(", "[(（]").replace(r"\)", "[)）]") for w in _SPLIT_WORDS)
    # "年度资金总额(元):160,000.00": the label's unit stays with the label.
    + r")(?!表|申报|批复|自评|设定|值)(?:[(（](?:万元|元|千元|亿元)[)）])?[:：]?)"
)

_SPACE = re.compile(r"\s+")
# Pinyin ruby left inline by document-sharing sites: "區(qū)級(jí)".
# A tone mark is required so that units such as "长度(m)" survive. Copies typed or
# converted in full-width mode bracket the same ruby with "（ ）" ("區（qū）級").
_RUBY = re.compile(
    r"(?<=[\u4e00-\u9fff])[(（](?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń]{1,7}[)）]"
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
    return _RUBY.sub("", text) if "(" in text or "（" in text else text


# Funds labels written as phrases rather than fixed words: "本年度申请财政预算资金",
# "本次下达中央预算内投资", "2021年金额"; a 中期 (multi-year) amount is not the year's total.
_TOTAL_PHRASES = re.compile(
    r"^(?!中期)(?:本次|本年度?|当年|年度|\d{4}年度?)?"
    r"(?:申请.{0,12}?(?:预算资金|资金)|下达.{0,12}?(?:投资|资金)|(?:预算|财政)?资金总额)$"
    r"|^(?:\d{4}年度?|本?年度)(?:预算)?金额$"
)
_NAME_PHRASES = re.compile(r"^(?:专项资金|专项|转移支付|资金)(?:\(项目\))?名称$")
# Transfer-payment (区域) templates name a 主管部门 per level of government: "市级主管部门",
# "县级主管部门", "省级业务主管部门". They list them from the top down, and the last one
# read (the most local, the one that spends the money) is the table's department.
_DEPARTMENT_PHRASES = re.compile(
    r"^(?:中央|省级?|市级?|县级?|区级?|地方)(?:业务)?主管(?:部门|单位)$"
)
# A trailing note or unit in brackets: "(万元)", "(元)", "(提前下达)".
_LABEL_NOTE = re.compile(r"\([^()]{0,12}\)$")


@lru_cache(maxsize=65536)
def header_field(cell: str) -> str | None:
    """Given a cell, return the header field its label names, or None."""
    key = norm(cell)
    if key in HEADER_LABELS:
        return HEADER_LABELS[key]
    # "项目资金 (万元)", "年度金额(提前下达)": a label with a unit or a note after it.
    base = _LABEL_NOTE.sub("", key)
    if base != key and base in HEADER_LABELS:
        return HEADER_LABELS[base]
    if len(base) > 24:
        return None
    if base[-1:].isdigit() and "目标" in base:
        # "年度绩效目标2(40分)": Hubei numbers the goals, each heading its own block.
        goal = HEADER_LABELS.get(base.rstrip("0123456789"))
        if goal == "goals":
            return goal
    if _TOTAL_PHRASES.match(base):
        return "total"
    if _NAME_PHRASES.match(base):
        return "name"
    if _DEPARTMENT_PHRASES.match(base):
        return "department"
    return None


def label_unit(cell: str) -> str | None:
    """Given a label cell, return the money unit it names ("项目资金(元)" → "元"), or None."""
    match = re.search(r"\((万元|元|千元|亿元)\)", norm(cell))
    return match.group(1) if match else None


# "单位:元", "金额单位：万元", "单位:万元": a caption giving the unit of every amount below.
CAPTION_UNIT = re.compile(r"^(?:金额|资金)?单位[:：]?(万元|元|千元)$")


# One regex each instead of a loop over the words: these run on every cell of a stream.
_TITLE_RE = re.compile("|".join(re.escape(w) for w in TITLE_WORDS))
_FOOTER_RE = re.compile("|".join(re.escape(w) for w in FOOTER_PREFIXES))


def is_title(cell: str) -> bool:
    """Whether a cell is a table title such as 项目支出绩效目标表."""
    key = norm(cell)
    return len(key) <= 80 and _TITLE_RE.search(key) is not None


def is_footer(cell: str) -> bool:
    """Whether a cell starts the sign-off part below the indicator block."""
    key = norm(cell)
    if _FOOTER_RE.match(key.lstrip("-•·")) is not None:
        return True
    if key[:1] not in _SECTION_STARTS:
        return False
    # "(三)项目自评步骤及方法", "二、项目资金申报及使用情况": a report's next section
    # after the table it embeds (a level heading such as "(一)数量指标" is no section).
    section = _SECTION.match(key) or _NUMBERED_SENTENCE.match(key)
    return (
        section is not None
        and len(key) - section.end() >= _SECTION_MIN_CHARS
        and "指标" not in key
        and "目标" not in key
    )


_SECTION = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])")
_SECTION_MIN_CHARS = 6
_SECTION_STARTS = frozenset("一二三四五六七八九十(（0123456789")
# "2.部门绩效评价结果。": a numbered sentence of a report, not an indicator name.
_NUMBERED_SENTENCE = re.compile(r"^\d{1,2}[.、．](?=.*。$)")


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
NAME_COLUMN_HEADS = ("三级指标", "指标名称", "绩效指标名称", "三级指标名称", "指标内容", "绩效内容")


def is_block_header_row(keys: list[str]) -> bool:
    """Given a row's folded cells, whether it heads the indicator block."""
    return any(k in NAME_COLUMN_HEADS for k in keys) or ("一级指标" in keys and "二级指标" in keys)


def column_role(header: str) -> str | None:
    """Given a column header after 三级指标, return the field it fills."""
    key = norm(header)
    for word, role in COLUMN_ROLES:
        if word in key:
            return role
    if _PLACE_HEAD.match(key):
        # Transfer-payment (区域) tables give one value column per place (西坪镇尧山村,
        # 新罗区 …): each is a target; the first column's is the row's value.
        return "value"
    return None


_PLACE_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,12}(?:村|镇|乡|街道|社区|县|区|市)$")
