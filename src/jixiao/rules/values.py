"""Target values: quantified where possible, precise, plausible, dated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.model.indicator import Indicator
from jixiao.model.project import TargetTable
from jixiao.model.taxonomy import QUANTITY, SATISFACTION, TIMELINESS, canonical_level2
from jixiao.rules.base import Config, Finding, Rule
from jixiao.rules.helpers import (
    ALL_KINDS,
    applicable,
    decimal_setting,
    hit,
    is_cost,
    placed,
    reading_unsure,
    tree_of,
    unsure_note,
)

# Words that claim an effect without saying how much (docs/domain.md: 明显, 显著, 有效 …).
VAGUE_WORDS = (
    "明显", "显著", "有效", "提高", "提升", "良好", "较好", "增强", "改善", "加强",
    "促进", "长远", "积极", "突出", "增加", "优化", "好转", "长期", "持续", "稳步", "不断",
    "有力", "正面", "优良", "按质按量",
)  # fmt: skip
# Vague only as the whole value ("逐步完善", "管理规范"); in a sentence that names what was
# set up ("建立了完善的…制度") they describe, so they are not counted as a claim there.
VAGUE_ALONE = ("完善", "规范")
# Filler that adds nothing verifiable around a vague word ("成效", "较为", "得到").
FILLER_WORDS = (
    "成效", "效果", "效益", "作用", "影响", "较为", "比较", "较", "更加", "很", "非常",
    "得到", "有所", "大幅", "进一步", "逐步", "稳步", "不断", "持续", "进一步", "了", "的",
    "水平", "程度", "度", "支撑", "保障", "条件",
)  # fmt: skip
# A yes/no answer is not a target one can measure ("公众知晓度是否明显提高: 是").
YES_NO = frozenset({"是", "否", "有", "无", "达到", "完成"})
_PUNCT = re.compile(r"[\s,，.。;；:：、!！?？()（）\"“”'‘’《》<>/-]+")
_DIGIT = re.compile(r"[0-9０-９]")
# A 时效 value is clear when it names a date, a period or a deadline.
# A date or a span: "2025年10月底前", "3个工作日", "开学后1个月内" (个 before the unit).
_TIME_MARK = re.compile(
    r"[0-9０-９一二三四五六七八九十两]+\s*(年|个?月|日|天|周|星期|个?工作日|个?季度|个?小时|分钟)|"
    r"本年|年内|年度|当年|"
    r"年底|年末|年初|上半年|下半年|月底|季度|期内|周期|[0-9]{4}[.\-/年]"
)
# Growth rates may exceed 100% or be negative (同比增长150%), so they are spared the range check.
_GROWTH = re.compile(r"增长|增幅|增速|增加率|提高率|提升率|同比|环比|涨幅|上升|下降率|降低率")


def _not_quantified(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    for ind in applicable(table):
        raw = ind.value.raw.strip()
        if ind.value.is_quantitative or not raw or not ind.name.strip():
            continue
        level2 = canonical_level2(ind.level2)
        if level2 == QUANTITY and _DIGIT.search(raw) is None:
            yield hit(
                f"数量指标的指标值“{raw}”没有数量,应写成数字和单位(如“≥10场”)。",
                table=table,
                ind=ind,
            )
        elif is_cost(ind) and _DIGIT.search(raw) is None:
            yield hit(
                f"成本指标的指标值“{raw}”没有金额,应写成金额(如“≤74.5万元”)。", table=table, ind=ind
            )


# A value that only gives a direction of change, however qualified: an optional adverb of
# degree or pace, then the verb ("有所下降", "逐年减少", "稳中有升", "进一步巩固"). It says
# which way, never how far, so it is vague whichever verb the unit chose; the grammar
# covers the family rather than a list of phrases.
_DEGREE = (
    "有所|有较大|较大|逐年|逐步|逐渐|不断|持续|大幅|明显|显著|进一步|稳中有|日益|日趋|更加|"
    "大力|稳步|较为|较|得到|全面|切实"
)
_DIRECTION = "提高|提升|增加|增长|增强|上升|改善|好转|优化|下降|减少|降低|缓解|巩固|加强|完善|升|降"
_DIRECTION_ONLY = re.compile(rf"^(?:{_DEGREE})*(?:{_DIRECTION})+(?:了|的)?$")
# A lone adjective for the whole value ("优", "较高", "很好"): a wish, no grade or figure.
_ADJECTIVE_ONLY = re.compile(r"^(?:较|很|非常|比较|更|更加|相对)?(?:高|优|好|强|大|快|佳)$")


def is_vague(text: str) -> bool:
    """Given a qualitative value, return whether it is only a vague adjective.

    True when the text holds a vague word and, once vague words and filler are
    removed, at most two characters and no number remain ("成效明显", "较为显著").
    """
    if _DIGIT.search(text):
        return False
    rest = _PUNCT.sub("", text)
    if _DIRECTION_ONLY.match(rest) or _ADJECTIVE_ONLY.match(rest):
        return True
    if not any(w in rest for w in VAGUE_WORDS + VAGUE_ALONE):
        return False
    for word in sorted(VAGUE_WORDS + VAGUE_ALONE + FILLER_WORDS, key=len, reverse=True):
        rest = rest.replace(word, "")
    return len(rest) <= 2


def _vague_claim(text: str) -> bool:
    # A benefit written as a sentence ("显著提升了民办幼儿园扶持力度") is no more
    # measurable than "显著": any vague word and no figure make it a claim.
    return _DIGIT.search(text) is None and any(w in text for w in VAGUE_WORDS)


def _vague(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    tree = tree_of(cfg)
    for ind in applicable(table):
        raw = ind.value.raw.strip()
        if ind.value.is_quantitative or not raw:
            continue
        level1 = placed(ind, tree)[0]
        benefit = level1 is not None and "效益" in level1
        if _PUNCT.sub("", raw) in YES_NO:
            yield hit(f"指标值“{raw}”只是是/否判断,不是可衡量的目标。", table=table, ind=ind)
        elif is_vague(raw) or (benefit and _vague_claim(raw)):
            yield hit(
                f"指标值“{raw}”只是笼统的形容,没有可核验的等级、区间或标准。",
                table=table,
                ind=ind,
            )


def _percent_range(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    for ind in applicable(table):
        value = ind.value
        if not (value.is_quantitative and value.is_percent and value.number is not None):
            continue
        if _GROWTH.search(ind.name):
            continue
        high = max(value.number, value.upper or value.number)
        if value.number < 0 or high > 100:
            yield hit(f"百分比“{value.raw}”超出 0–100% 的范围。", table=table, ind=ind)


def _is_satisfaction(ind: Indicator, cfg: Config) -> bool:
    return placed(ind, tree_of(cfg))[0] == SATISFACTION


def _satisfaction_problem(ind: Indicator, minimum: Decimal) -> str | None:
    value = ind.value
    if not value.is_quantitative or not value.is_percent or value.number is None:
        return f"满意度指标值“{value.raw}”不是百分比,应写成“≥90%”这样的形式。"
    if value.op in ("≤", "<"):
        return f"满意度指标值“{value.raw}”用了“≤”,满意度应是下限(≥)。"
    if value.number < minimum:
        return f"满意度目标“{value.raw}”低于 {minimum}%,目标设定偏低。"
    if value.number == 100 and value.upper is None:
        return f"满意度目标“{value.raw}”为100%,难以实现也难以核验。"
    return None


def _satisfaction_suspicious(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    minimum = decimal_setting(cfg, "satisfaction_min", "80")
    for ind in applicable(table):
        if ind.value.raw.strip() and _is_satisfaction(ind, cfg):
            problem = _satisfaction_problem(ind, minimum)
            if problem:
                yield hit(problem, table=table, ind=ind)


def _qualitative_share(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    rows = [i for i in applicable(table) if i.value.raw.strip()]
    if len(rows) < 3:
        return
    share_max = decimal_setting(cfg, "qualitative_share_max", "0.5")
    qualitative = sum(1 for i in rows if not i.value.is_quantitative)
    share = Decimal(qualitative) / Decimal(len(rows))
    if share > share_max:
        yield hit(
            f"{len(rows)} 个指标中有 {qualitative} 个是定性表述(超过 {share_max:.0%}),应尽量量化。",
            table=table,
        )


def _timeliness_unclear(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    for ind in applicable(table):
        raw = ind.value.raw.strip()
        if canonical_level2(ind.level2) != TIMELINESS or not raw:
            continue
        promise = _timeliness_promise(ind)
        if promise is not None:
            yield hit(promise, table=table, ind=ind)
        elif not ind.value.is_quantitative and _TIME_MARK.search(raw) is None:
            yield hit(f"时效指标值“{raw}”没有日期、期限或完成率。", table=table, ind=ind)


# --- issue 16: the checks an experienced reviewer makes -------------------------------

# Template text a unit forgot to replace: "(≥**人)", "★★★", "…(100字以内)", "指标1:".
# Stars beside digits ("完成2**所") are a web site masking figures, not the template's.
_TEMPLATE = re.compile(
    r"(?<![0-9０-９])\*\*(?![0-9０-９])|[★☆]|[（(]\s*\d+\s*字以[内下]\s*[)）]|^\s*指标\s*[0-9一二三]+\s*[:：]?\s*$|^[.…。]{2,}$|"
    r"[xX×]{2,}(?:[万元人个%户次项所家亩座台套件名篇场])"
)


def _template_places(table: TargetTable) -> list[str]:
    places: list[str] = []
    texts = [*table.goals, *table.goals_actual, table.funds.execution_reason or ""]
    for text in texts:
        if _TEMPLATE.search(text):
            places.append(text.strip()[:20])
    for ind in table.indicators:
        # The 偏差原因 column too: a "……" left there is the template's, not a reason.
        cells = (ind.name, ind.value.raw, ind.actual.raw if ind.actual else "")
        for text in (*cells, ind.deviation_reason or ""):
            if text and _TEMPLATE.search(text):
                places.append(text.strip()[:20])
                break
    return places


def _template_text(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    # One finding for the table: the reviewer asks the unit to clean the form once.
    places = _template_places(table)
    # Rows the reader skipped as the blank form's ("指标2:", "……") are not indicators,
    # so no cell above shows them; their count is the reader's note of them.
    places += ["指标N:/……(空模板行)"] * table.placeholder_rows
    if places:
        shown = "、".join(f"“{p}”" for p in dict.fromkeys(places[:3]))
        more = f"等 {len(places)} 处" if len(places) > 3 else ""
        yield hit(
            f"表中保留了模板说明或占位文字({shown}{more}),应删除或填写实际内容。", table=table
        )


# A "name" holding figures, a formula or a whole sentence is cells the reader ran
# together: its value may be inside it, so an empty value there is not the unit's.
_RUN_TOGETHER = re.compile(r"[0-9０-９=×①②③%％]")


def _columns_shifted(table: TargetTable) -> bool:
    # Most rows with no 指标值 but an 实际完成值: the reader took the value column for
    # the actual one (run-on text), the unit did not leave every target blank.
    rows = [i for i in applicable(table) if i.name.strip()]
    moved = [i for i in rows if not i.value.raw.strip() and i.actual and i.actual.raw.strip()]
    return len(moved) >= 2 and 2 * len(moved) >= len(rows)


def _empty_value(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    unsure = reading_unsure(table, cfg)
    if unsure is None and _columns_shifted(table):
        unsure = "指标值一栏大多为空而实际完成值有数,可能是列错位"
    for ind in applicable(table):
        if not ind.name.strip() or ind.value.raw.strip() or _TEMPLATE.search(ind.name):
            continue
        doubt = unsure
        if doubt is None and (_RUN_TOGETHER.search(ind.name) or len(ind.name) > 25):
            doubt = "指标名称中似乎混入了其他栏的内容"
        if doubt is None:
            yield hit(f"“{ind.name}”没有填写指标值。", table=table, ind=ind)
        else:
            yield hit(
                f"未识别到“{ind.name}”的指标值{unsure_note(doubt)}。",
                table=table,
                ind=ind,
                unsure=True,
            )


# A figure written into the name ("达标率100%") that the value contradicts (≥98%).
_NAME_PERCENT = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*[%％]")
_RATE_NAME = re.compile(r"率\s*$|率[(（]")
# A name ending in a count of things (泵站数, 学生数, 户数), not a 指数/系数/倍数 or a share
# of a total (脱贫户占总户数, 也即比例).
_COUNT_NAME = re.compile(r"(数量|人次|场次|(?<![指系倍分参基函读])数)\s*$")
_SHARE_NAME = re.compile(r"占|比例|比重")
_DURATION_UNITS = ("天", "日", "工作日", "个工作日", "小时", "月", "个月", "年", "周")
_COUNT_UNITS = (
    "人",
    "户",
    "个",
    "次",
    "场",
    "件",
    "所",
    "家",
    "项",
    "批",
    "批次",
    "人次",
    "辆",
    "台",
)


_PERIOD_NAME = re.compile(r"(期限|时限|周期|时间|年限)\s*$")
# "按时发放 ≥1人/年": a name that only says "on time", with a count for its value.
_ON_TIME_NAME = re.compile(r"^\s*(按时|及时|按期|如期|准时)[^率数量次人户个]{0,6}\s*$")


def _name_value_problem(ind: Indicator) -> str | None:
    value, name = ind.value, ind.name
    raw = value.raw.strip()
    if _PERIOD_NAME.search(name) and raw and not value.is_quantitative:
        if _TIME_MARK.search(raw) is None and not _PROMISE.match(raw):
            return f"“{name}”是期限,指标值却是“{raw[:20]}”,没有期限或日期。"
    if not value.is_quantitative or value.number is None:
        return None
    unit = (value.unit or "").strip()
    written = _NAME_PERCENT.search(name)
    if written and value.is_percent and Decimal(written.group(1)) != value.number:
        return f"指标名称写明“{written.group(0)}”,指标值却是“{value.raw}”,名称与指标值不一致。"
    if _RATE_NAME.search(name) and unit in _DURATION_UNITS:
        return f"“{name}”是比率,指标值却填“{value.raw}”(时长),应写成百分比(如“≥95%”)。"
    if _RATE_NAME.search(name) and unit in _COUNT_UNITS:
        return f"“{name}”是比率,指标值却填“{value.raw}”(数量),名称与单位不符。"
    if _COUNT_NAME.search(name) and not _SHARE_NAME.search(name) and value.is_percent:
        return f"“{name}”是数量,指标值却是百分比“{value.raw}”,应填写具体数量。"
    head = unit.replace("／", "/").partition("/")[0]
    if _ON_TIME_NAME.match(name) and not value.is_percent and head in _COUNT_UNITS:
        return f"“{name}”说的是按时,指标值却是数量“{value.raw}”; 应写发放及时率或完成时限。"
    return None


def _name_value_mismatch(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    for ind in applicable(table):
        problem = _name_value_problem(ind)
        if problem:
            yield hit(problem, table=table, ind=ind)


# Rates that law or contract fixes near 100%: pass, compliance, payout and accuracy rates.
_STRICT_RATE = re.compile(
    r"(合格|达标|验收|发放|兑付|兑现|拨付|到位|到户|到账|支付|准确|通过|履约|足额|合规)"
    r"[^,，;；]{0,4}率"
)


# A "合格率" measured on animals or people rather than on the unit's own work: the share
# of immunised livestock whose antibody titre passes is set at ≥70 % by the 农业农村部
# compulsory-immunisation plan, so a target there is no lax compliance rate.
_BIOLOGICAL = re.compile(r"抗体")
_ANTIBODY_MIN = Decimal("70")


def _rate_too_low(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    minimum = decimal_setting(cfg, "strict_rate_min", "90")
    for ind in applicable(table):
        value = ind.value
        if not (value.is_quantitative and value.is_percent and value.number is not None):
            continue
        if _GROWTH.search(ind.name):
            continue  # 发放额增长率 ≥10% is a growth, not a payout rate
        floor, what = minimum, "合格、达标、发放类比率应接近100%"
        if _BIOLOGICAL.search(ind.name):
            floor, what = _ANTIBODY_MIN, "免疫抗体合格率应达到国家强制免疫要求"
        if _STRICT_RATE.search(ind.name) and value.op in ("≥", ">", "=") and value.number < floor:
            yield hit(
                f"“{ind.name}”目标“{value.raw}”偏低: {what}(不低于 {floor}%)。",
                table=table,
                ind=ind,
            )


# What a percentage can be a share of: a rate, a degree, a ratio, coverage, a change.
_SHARE_WORDS = re.compile(
    r"率|度|比例|比重|占比|百分|覆盖|普及|指数|份额|满意|知晓|达标|合格|增|降|减|涨|升|下跌|"
    r"节约|节省|提高|提升|占|成活|出栏|入学|就业|参保|回收|利用|感|认可|认同|参与|效果|防效|"
    # Statistics published as a 水平 in per cent: 居民健康素养水平 (share of residents
    # literate in health), 综合机械化水平, 城镇化水平.
    r"素养水平|化水平"
)


def _percent_unmeasurable(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    # "促进村集体经济发展 ≥95%", "维护社会稳定 ≥95%": an effect stated as a slogan with a
    # percentage that is the share of nothing; no survey or statistic can measure it.
    tree = tree_of(cfg)
    for ind in applicable(table):
        value = ind.value
        if not (value.is_quantitative and value.is_percent) or not ind.name.strip():
            continue
        level1 = placed(ind, tree)[0]
        if level1 is None or "效益" not in level1 or _SHARE_WORDS.search(ind.name):
            continue
        yield hit(
            f"“{ind.name}”是一句效果描述,目标“{value.raw}”却没有说明是什么的百分比,"
            "无法计量; 应写成可统计的比率(如“村集体经济收入增长率 ≥5%”)或数量。",
            table=table,
            ind=ind,
        )


# "其中:…" names a part of the row above it (农村低保发放人数 › 其中: 建档立卡贫困人口数).
_PART_OF = re.compile(r"^[\s★☆*＊]*其中\s*[:：]?")


def _part_exceeds_whole(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    rows = list(applicable(table))
    flagged: set[int] = set()
    whole: Indicator | None = None
    for ind in rows:
        if not _PART_OF.match(ind.name):
            whole = ind
            continue
        if whole is None or whole.level2 != ind.level2 and ind.level2.strip():
            continue
        found = _larger_part(table, ind, whole)
        if found is not None:
            flagged.add(id(ind))
            yield found
    # A subgroup named without "其中" (受益农户数 ≥8600户 … 受益脱贫农户数 ≥9200户):
    # the whole's name with a group of beneficiaries written into it.
    for ind in rows:
        if id(ind) in flagged or _PART_OF.match(ind.name):
            continue
        for other in rows:
            if other is not ind and _is_subgroup(ind.name, other.name):
                found = _larger_part(table, ind, other)
                if found is not None:
                    flagged.add(id(ind))
                    yield found
                    break


# Groups of beneficiaries a subsidy names within all it covers (建档立卡, 脱贫, 残疾…).
_SUBGROUP = re.compile(
    r"脱贫|贫困|建档立卡|残疾|低保|特困|困难|留守|孤儿|五保|老年|高龄|妇女|女性|少数民族|"
    r"监测对象|边缘|易地搬迁|退役军人|失业|零就业"
)


def _is_subgroup(part: str, whole: str) -> bool:
    """Whether ``part`` is ``whole``'s name with a group of beneficiaries written into it."""
    part, whole = part.strip(), whole.strip()
    if len(whole) < 3 or len(part) <= len(whole) or _SUBGROUP.search(whole):
        return False
    # whole must be a subsequence of part; what part adds must name a subgroup.
    added: list[str] = []
    i = 0
    for ch in part:
        if i < len(whole) and ch == whole[i]:
            i += 1
        else:
            added.append(ch)
    return i == len(whole) and _SUBGROUP.search("".join(added)) is not None


def _larger_part(table: TargetTable, ind: Indicator, whole: Indicator) -> Finding | None:
    """Given a part row and its whole, return the finding when the part's figure is larger."""
    for what, part_v, whole_v in (
        ("指标值", ind.value, whole.value),
        ("实际完成值", ind.actual, whole.actual),
    ):
        if part_v is None or whole_v is None:
            continue
        if not (part_v.is_quantitative and whole_v.is_quantitative):
            continue
        if part_v.number is None or whole_v.number is None or part_v.is_percent:
            continue
        if (part_v.unit or "").strip() != (whole_v.unit or "").strip():
            continue
        if part_v.number > whole_v.number:
            return hit(
                f"“{ind.name}”是“{whole.name}”的一部分,{what}“{part_v.raw}”却大于整体"
                f"“{whole_v.raw}”; 部分不能大于整体。",
                table=table,
                ind=ind,
            )
    return None


def _satisfaction_as_benefit(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    tree = tree_of(cfg)
    for ind in applicable(table):
        level1, _ = placed(ind, tree)
        if level1 is not None and "效益" in level1 and "满意" in ind.name:
            yield hit(
                f"“{ind.name}”是满意度,列在效益指标下; 应列入满意度指标。", table=table, ind=ind
            )


# "及时", "按计划实施": a promise, not a deadline one can check.
_PROMISE = re.compile(r"^(及时|按时|按期|按计划|按要求|按进度|如期|规定时间)")


# "污水处理厂运行天数 ≥360天", "全年开放天数 ≥300天": the row counts the days a service
# ran, which can be checked from its log; unlike "维持时效 ≥1年" it names what is counted.
_SERVICE_DAYS = re.compile(r"(天数|时长|小时数)\s*([（(][^()（）]*[)）])?\s*$")


def _timeliness_promise(ind: Indicator) -> str | None:
    raw = ind.value.raw.strip()
    if not ind.value.is_quantitative and _PROMISE.match(raw):
        return f"时效指标值“{raw}”只是承诺,没有完成时限或及时率(如“2024年6月底前”“及时率100%”)。"
    unit = (ind.value.unit or "").strip()
    if (
        ind.value.is_quantitative
        and ind.value.op in ("≥", ">")
        and unit in _DURATION_UNITS
        and not _SERVICE_DAYS.search(ind.name)
    ):
        return f"时效指标值“{raw}”用“≥”表示时长: 时效是完成时限,应为“≤”或完成日期。"
    return None


_WHY_QUANT = "财预〔2021〕101号: 绩效指标应“量化易评”,能量化的尽量量化,定性指标应可衡量。"

NOT_QUANTIFIED = Rule(
    code="values.not-quantified",
    severity="warning",
    title="应量化的指标写成了文字",
    why=_WHY_QUANT + " 数量指标和成本指标必须有数值。",
    bad="数量指标 › 全市工会“好网民”主题活动: 开展系列活动",
    good="数量指标 › 全市工会“好网民”主题活动: ≥4场",
    check=_not_quantified,
    criterion="相关性",
    kinds=ALL_KINDS,
)

VAGUE = Rule(
    code="values.vague",
    severity="warning",
    title="指标值只是笼统的形容词",
    why=_WHY_QUANT + " 审核中“成效明显”“较为显著”一类表述被列为不可衡量。",
    bad="成效明显",
    good="劳模先进事迹宣传报道 ≥10篇 / 达到“良好”等级(按××评价标准)",
    check=_vague,
    criterion="相关性",
    kinds=ALL_KINDS,
)

PERCENT_RANGE = Rule(
    code="values.percent-range",
    severity="error",
    title="百分比超出0–100%",
    why="完成率、合格率、覆盖率等比率不可能超过100%或为负; 增长率除外。",
    bad="验收合格率 ≥120%",
    good="验收合格率 ≥98%",
    check=_percent_range,
    criterion="可行性",
    kinds=ALL_KINDS,
)

SATISFACTION_SUSPICIOUS = Rule(
    code="values.satisfaction-suspicious",
    severity="warning",
    title="满意度目标可疑",
    why="满意度应以百分比和“≥”表示; 低于80%目标偏低,100%难以实现(适当性审核: 目标过高或过低)。",
    bad="满意度 100% / 满意度 较高",
    good="服务对象满意度 ≥90%",
    check=_satisfaction_suspicious,
    criterion="适当性",
    kinds=ALL_KINDS,
)

QUALITATIVE_SHARE = Rule(
    code="values.qualitative-share",
    severity="warning",
    title="定性指标占比过高",
    why=_WHY_QUANT + " 默认定性指标超过一半时提示(可配置 qualitative_share_max)。",
    bad="8个指标中6个为“成效明显”“按要求完成”",
    good="多数指标有数值、单位和比较符",
    check=_qualitative_share,
    criterion="相关性",
    kinds=ALL_KINDS,
    whole_table=True,
)

TIMELINESS_UNCLEAR = Rule(
    code="timeliness.unclear",
    severity="warning",
    title="时效指标没有日期、期限或完成率",
    why="时效指标衡量按时完成,应写明完成时间、期限或及时率,否则无法如期核验(可行性);"
    "“及时”“按计划实施”只是承诺,“≥1年”把时限写反。",
    bad="项目完成时间: 按时完成 / 按计划实施 / 维持时效 ≥1年",
    good="项目完成时间: 2024年12月底前 / ≤1年 / 及时率 100%",
    check=_timeliness_unclear,
    criterion="可行性",
    kinds=ALL_KINDS,
)

_WHY_88 = "财预〔2015〕88号 审核要点"

TEMPLATE_TEXT = Rule(
    code="values.template-text",
    severity="warning",
    title="保留了模板说明或占位文字",
    why=_WHY_88 + "(完整性): 表中各项应填写实际内容; “(≥**人)”“★★★”“…(100字以内)”“指标1:”"
    "等模板文字说明表格未认真填写。",
    bad="受益建档立卡贫困人口数(≥**人) / ★★★农村低保发放人数 / 指标2:",
    good="受益建档立卡贫困人口数 ≥80人",
    check=_template_text,
    criterion="完整性",
    kinds=ALL_KINDS,
)

EMPTY_VALUE = Rule(
    code="values.empty",
    severity="warning",
    title="指标没有填写指标值",
    why="财预〔2021〕101号: 每个三级指标应设定指标值(不适用的写“不适用”); 没有指标值无法评价。",
    bad="社会效益指标 › 保护全市人口财产不受损失: (空)",
    good="社会效益指标 › 受灾人口转移安置率: ≥95%",
    check=_empty_value,
    criterion="完整性",
    kinds=ALL_KINDS,
)

NAME_VALUE_MISMATCH = Rule(
    code="values.name-value-mismatch",
    severity="warning",
    title="指标名称与指标值不一致",
    why=_WHY_QUANT + " 名称写“达标率100%”而值为“≥98%”、比率填天数、数量填百分比,均无法核验。",
    bad="检测及时率: ≤7工作日 / 建设质量达标率100%: ≥98% / 应受助学生数: 100%",
    good="检测及时率: ≥95% / 建设质量达标率: 100% / 应受助学生数: 1200人",
    check=_name_value_mismatch,
    criterion="相关性",
    kinds=ALL_KINDS,
)

RATE_TOO_LOW = Rule(
    code="values.rate-too-low",
    severity="warning",
    title="合格率、达标率、发放率等目标偏低",
    why=_WHY_88 + "(适当性): 目标不应过低; 验收合格、资金发放等按规定应全部达到,"
    "目标低于90%(可配置 strict_rate_min)即偏低。",
    bad="工程验收合格率 ≥75%",
    good="工程验收合格率 100%",
    check=_rate_too_low,
    criterion="适当性",
    kinds=ALL_KINDS,
)

SATISFACTION_AS_BENEFIT = Rule(
    code="structure.satisfaction-as-benefit",
    severity="warning",
    title="满意度列在效益指标下",
    why="财预〔2021〕101号: 满意度指标是单独的一级指标; 列为效益会虚增效益、重复计算满意度。",
    bad="社会效益指标 › 市民对空气质量改善的满意程度 ≥85%",
    good="满意度指标 › 服务对象满意度指标 › 市民满意度 ≥85%",
    check=_satisfaction_as_benefit,
    criterion="相关性",
    kinds=ALL_KINDS,
)

PERCENT_UNMEASURABLE = Rule(
    code="values.percent-unmeasurable",
    severity="warning",
    title="效益指标的百分比没有计量对象",
    why=_WHY_QUANT
    + " 效益写成口号再配一个百分比(“维护社会稳定 ≥95%”), 百分比不是任何可统计量的比率,"
    "无从调查或统计, 等于没有量化。",
    bad="社会效益指标 › 维护社会稳定: ≥95%",
    good="社会效益指标 › 矛盾纠纷调处化解率: ≥95%",
    check=_percent_unmeasurable,
    criterion="相关性",
    kinds=ALL_KINDS,
)

PART_EXCEEDS_WHOLE = Rule(
    code="values.part-exceeds-whole",
    severity="warning",
    title="“其中”项大于其总数",
    why=_WHY_88 + "(可行性): 绩效目标应经过合理测算; “其中”一项是上一行总数的一部分,"
    "总数中的某类受益对象(受益农户数 › 受益脱贫农户数)也是; 大于总数说明测算有误或填错。",
    bad="农村低保发放人数 ≥2000人; 其中:建档立卡贫困人口数 ≥2500人",
    good="农村低保发放人数 ≥2000人; 其中:建档立卡贫困人口数 ≥900人",
    check=_part_exceeds_whole,
    criterion="可行性",
    kinds=ALL_KINDS,
)

RULES = (
    TEMPLATE_TEXT,
    PART_EXCEEDS_WHOLE,
    PERCENT_UNMEASURABLE,
    EMPTY_VALUE,
    NAME_VALUE_MISMATCH,
    RATE_TOO_LOW,
    SATISFACTION_AS_BENEFIT,
    NOT_QUANTIFIED,
    VAGUE,
    PERCENT_RANGE,
    SATISFACTION_SUSPICIOUS,
    QUALITATIVE_SHARE,
    TIMELINESS_UNCLEAR,
)
