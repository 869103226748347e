"""Indicators written as prose instead of a table ("prose indicators").

Letters and reports list the targets under level headings: ``(一)数量指标`` then
``设施温棚种植人员≧300人;``, ``1.数量指标:建设里程1.091公里,路面宽度不低于3.5米;``,
``【产出指标-数量指标】 指标1:机柜数量(≥77台)``. A level name sets the context; the
text after it is cut into clauses at ``;,。``; a clause ending in a value (comparator,
number, unit) is a name and its target, ``指标N:名称(值)`` carries the value in
brackets, and a short clause that is only a value ("提高", "2025年10月底前") is the
target of the clause before it. Read only when a file gave no indicator table.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from jixiao.ingest.indicators import settle_level1
from jixiao.ingest.tokens import is_traditional
from jixiao.ingest.vocab import strip_ruby
from jixiao.model.hanzi import to_simplified
from jixiao.model.indicator import Indicator
from jixiao.model.location import Location
from jixiao.model.money import to_wanyuan
from jixiao.model.taxonomy import canonical_level1, canonical_level2
from jixiao.model.values import is_not_applicable, parse_value

_L1 = r"(?:产出|效益|满意度|成本)指标"
_L2 = (
    r"(?:服务对象满意度|社会公众满意度|可持续影响|经济效益|社会效益|生态效益|数量|质量|时效|成本"
    r"|经济成本|社会成本|生态环境成本)(?:指标|目标)"
)
_LEVEL = re.compile(rf"{_L2}|{_L1}")
_HEADING = re.compile(
    rf"(?:^|[;；。,，:：\-—【(（、.．)）])\s*(?:{_L2}|{_L1})\s*(?:$|[\s:：】\-—,，(（])",
    re.MULTILINE,
)
_CLAUSE_CUT = re.compile(r"[;；。,，:：]")
_CMP = (
    r"(?:[≥≤=<>≧≦＞＜]{1,2}|大于或等于|小于或等于|大于等于|小于等于|不低于|不少于|不小于|不高于|不超过"
    r"|不大于|不多于|控制在|至少|达到|达|達到|達|大于|高于|超过|小于|低于|少于)"
)
# A clause that ends in its target: "建设里程1.091公里", "成活率(≥**%)>=85", "≤28.40/株".
_TAIL_VALUE = re.compile(
    rf"^(?P<name>.*?[^\d.\s])(?P<value>{_CMP}?\s*\d+(?:\.\d+)?\s*(?:%|‰|[^\d\s%()（）]{{0,4}}"
    rf"(?:/[^\d\s()（）]{{1,3}})?)?(?:以上|以内|以下)?)$"
)
# "资金拨付及时率2024年12月31日前完成": a date target glued to its name.
_TAIL_DATE = re.compile(
    # "完工时间<=2025年10月": a comparator before the date belongs to the value.
    rf"^(?P<name>.*?[^\d\s])(?P<value>{_CMP}?\s*(?:19|20)\d{{2}}年\d{{1,2}}月(?:\d{{1,2}}日)?"
    r"(?:底前|末前|前|底|末|之前|以前)?(?:完成)?)$"
)
# "指标1:机柜数量(≥77台)": the value in brackets after the name.
_BRACKET_VALUE = re.compile(
    r"^(?:指[标標]\s*\d+\s*[:：])?(?P<name>.+?)[(（](?P<value>[^()（）*]+)[)）]$"
)
# Clauses keep the file's script: a traditional list numbers its rows 指標1:.
_NUMBERING = re.compile(r"^(?:指[标標]\s*\d+\s*[:：]|[(（]?[一二三四五六七八九十\d]+[)）.、．])\s*")
# Short words that are a qualitative target on their own ("增加", "持续提高").
_WORD_VALUE = re.compile(
    r"^(?:稳步|明显|持续|逐步|有效|显著|不断|进一步|大幅|有所|基本)?"
    r"(?:提高|提升|改善|增加|增强|保障|下降|降低|减少|达标|合格|良好)$"
)
_MAX_NAME = 40
_NUMBERED = re.compile(r"指[标標]\s*\d*")
_DATE_START = re.compile(r"(?:19|20)\d{2}年\d{1,2}月")
# "(正面支撑)": a bracketed target after 指标N: may be a short phrase.
_MAX_BRACKET_VALUE = 12


def read_prose(text: str, name: str) -> list[Indicator]:
    """Given a file's text, return the indicators its prose states under level headings."""
    out: list[Indicator] = []
    # Most files without a table hold no list either: one scan of the text for a
    # heading decides (traditional text is checked after conversion below).
    if "標" not in text and not _HEADING.search(text):
        return out
    level1: str | None = None
    level2: str | None = None
    lines = text.splitlines()
    traditional = is_traditional(lines)
    for number, line in enumerate(lines, start=1):
        raw = strip_ruby(line).strip()
        if not raw or len(raw) > 2000:
            continue
        plain = to_simplified(raw) if traditional else raw
        if len(plain) != len(raw):
            raw = plain
        hits = [h for h in _LEVEL.finditer(plain) if _is_heading(plain, h)]
        if " " in plain and "标" in plain:
            # OCR and PDF copies space out characters ("【满 意 度 指 标-服务 对象满意度指标】"):
            # taken out where that makes more level names head the line.
            tight = _CJK_SPACE.sub("", plain)
            tight_hits = [h for h in _LEVEL.finditer(tight) if _is_heading(tight, h)]
            if len(tight_hits) > len(hits):
                plain, raw, hits = tight, _CJK_SPACE.sub("", raw), tight_hits
        loc = Location(name, line=number)
        if not hits:
            found = _clauses(raw, level1, level2, loc) if level1 or level2 else []
            # The list ends at the first line that states no target (a new section,
            # a sign-off, a date): what follows is not under the last heading.
            if not found:
                level1 = level2 = None
            out.extend(found)
            continue
        if hits[0].start() > 0 and (level1 or level2):
            out.extend(_clauses(raw[: hits[0].start()], level1, level2, loc))
        for i, hit in enumerate(hits):
            word = hit.group()
            if canonical_level1(word) and not canonical_level2(word):
                level1, level2 = word, None
            else:
                level2 = word
            end = hits[i + 1].start() if i + 1 < len(hits) else len(raw)
            out.extend(_clauses(raw[hit.end() : end], level1, level2, loc))
    return out


_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")


# What may stand before a level name that heads a list: numbering, brackets, a cut.
_HEAD_BEFORE = re.compile(
    r"(?:^|[;；。,，:：\-—【(（])\s*(?:[(（]?[一二三四五六七八九十\d]+[)）.、．]\s*)?$"
)
_HEAD_AFTER = re.compile(r"^(?:$|[\s:：】\-—,，(（])")


def _is_heading(line: str, hit: re.Match[str]) -> bool:
    """Whether a level name heads a list, not a mention ("数量目标10分" in a score line)."""
    return bool(_HEAD_BEFORE.search(line[: hit.start()])) and bool(
        _HEAD_AFTER.match(line[hit.end() :])
    )


def _clauses(text: str, level1: str | None, level2: str | None, loc: Location) -> list[Indicator]:
    out: list[Indicator] = []
    text = text.strip(" -—】[]【:：,，、")
    if not text:
        return out
    # "指标1:机柜数量(≥77台)" first: the colon after 指标N must not cut it.
    whole = _BRACKET_VALUE.match(text.rstrip("。;；"))
    if whole and _NUMBERING.match(text) and len(whole.group("value")) <= _MAX_BRACKET_VALUE:
        return [_make(whole.group("name"), whole.group("value"), level1, level2, loc)]
    pending: str | None = None
    for clause in _CLAUSE_CUT.split(text):
        clause = _NUMBERING.sub("", clause.strip())
        if not clause:
            continue
        if pending and _is_bare_value(clause):
            out.append(_make(pending, clause, level1, level2, loc))
            pending = None
            continue
        # A traditional clause ("寬度不低於3.5米") is matched on its simplified form and
        # cut at the same places, so names and values keep the file's characters.
        plain = to_simplified(clause)
        seen = plain if len(plain) == len(clause) else clause
        match = _TAIL_DATE.match(seen) or _TAIL_VALUE.match(seen)
        if (
            match
            and len(match.group("name")) <= _MAX_NAME
            and not match.group("name")[0].isdigit()  # "2025年4月26日": a date, no name
            and not _NUMBERED.fullmatch(match.group("name"))  # "指标1" numbering
            and not _REPORT_WORDS.fullmatch(match.group("name"))
            and not _SCORE_TAIL.search(match.group("name"))
            and (match.re is _TAIL_DATE or _is_value(match.group("value")))
        ):
            cut = match.start("value")
            out.append(_make(clause[:cut], clause[cut:], level1, level2, loc))
            pending = None
        else:
            pending = clause if len(clause) <= _MAX_NAME else None
    return out


# Report phrasing around a stated target, not indicator names: "实际完成值为40次",
# "目标完成率为143%", "本项目满分10分,得10分".
_REPORT_WORDS = re.compile(
    r"(?:实际完成值|实际完成|完成值|目标完成率|完成率|得分?|满分|总得分)[为是]?"
)
# "资金到位率本项目满分3分": a scoring sentence, the number is points.
_SCORE_TAIL = re.compile(r"(?:满分|得分|得)[为是]?$")
# "…到位时间绩效目标值是2023年12月前": the name ends before the phrase.
_TARGET_PHRASE = re.compile(r"(?:绩效)?目标值[为是]?$")


def _is_value(text: str) -> bool:
    text = to_simplified(text)
    value = parse_value(text)
    return value.is_quantitative or is_not_applicable(text) or bool(_WORD_VALUE.match(text))


def _is_bare_value(text: str) -> bool:
    text = to_simplified(text)
    if _WORD_VALUE.match(text):
        return True
    value = parse_value(text)
    # A date target ("2025年10月底前") or a number with its unit, standing alone.
    return value.is_quantitative or bool(_DATE_START.match(text))


def _make(
    name: str, value: str, level1: str | None, level2: str | None, loc: Location
) -> Indicator:
    name = name.strip(" ,，、")
    cut = _TARGET_PHRASE.search(to_simplified(name))
    if cut and cut.start() > 0:
        name = name[: cut.start()]
    value = value.strip()
    # "时效目标" in prose names the 时效指标 level: settle on the cleaned names, or a
    # 目标-worded heading would leave the first level empty. The table readers'
    # rule decides, so a 满意度 list under an 效益指标 heading reads as a table's does.
    l1, inferred = settle_level1(_clean(level1), _clean(level2))
    return Indicator(
        level1=l1,
        level2=_clean(level2) or "",
        name=name,
        # The comparator words are read in simplified form (不低於 is 不低于).
        value=replace(parse_value(to_simplified(value)), raw=value),
        not_applicable=is_not_applicable(to_simplified(value)),
        level1_inferred=inferred,
        source=loc,
    )


def _clean(level: str | None) -> str | None:
    if level is None:
        return None
    # "社会效益目标" in prose is the 社会效益指标 level.
    return level[:-2] + "指标" if level.endswith("目标") else level


# A letter or report that states its targets as prose names its project in its title:
# "关于某某项目绩效目标设定的公示", "某某项目绩效目标设定", "某某项目绩效运行监控报告".
_PROSE_TITLE = re.compile(
    r"^(?:关于)?(?:下达|印发|公布|公开)?(?P<name>.{4,60}?)的?"
    r"(?:整体)?绩效(?:目标|运行|自评|评价|监控)[^,，。;；:：]{0,12}$"
)
# The title's name must name a project, not a unit's document ("某局2025年部门预算").
_NOT_PROJECT_END = re.compile(r"(?:年|年度|部门|单位|局|政府|委员会|预算)$")
# A template's own title names no project: "项目支出绩效目标表", "2024年部门(单位)整体支出
# 绩效目标表" are the form's heading (the 部门(单位)名称 / 项目名称 row below names it).
_GENERIC_TITLE_NAME = re.compile(
    r"^(?:\d{4}年度?)?(?:部门|单位|[(（]单位[)）]|[(（]部门[)）]|项目|整体|支出|预算|财政)+$"
)
# "安排…资金50万元", "项目总投资157万元", "资金共88万元": the money the text gives the project.
# Both scripts, so a traditional letter needs no conversion to be searched.
_PROSE_FUNDS = re.compile(
    r"(?:总投资|總投資|资金|資金|经费|經費|投资|投資)(?:共计?|共計|总额|總額|合计|合計|为|為|共)?\s*"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>万元|萬元|元|亿元|億元)"
)
_TITLE_LABEL = re.compile(r"^标\s*题\s*[:：]?")
_TITLE_LINES = 15


# The sign-off of a letter: the issuing unit on the line before the date.
_SIGN_DATE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_UNIT_END = re.compile(r"(?:局|政府|委员会|委|办公室|办|中心|厅|院|所|站|馆|会|镇|乡|街道办事处)$")
_SIGN_MAX_CHARS = 30


def read_signoff(text: str) -> str | None:
    """Given a letter's text, return the unit that signs it (the line above its date), or None."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for i in range(len(lines) - 1, 0, -1):
        if _SIGN_DATE.match(lines[i]):
            unit = strip_ruby(lines[i - 1])
            if (
                len(unit) <= _SIGN_MAX_CHARS
                and _UNIT_END.search(to_simplified(unit))
                and " " not in unit
            ):
                return unit
            return None
    return None


def read_listing_unit(text: str) -> str | None:
    """Given a department's project disclosure, return the unit listing them, or None.

    The list opens with the unit's own line and its total budget before its projects.
    """
    if "项目概况" not in text and "項目概況" not in text:
        return None
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    overview = next((i for i, ln in enumerate(lines) if _OVERVIEW.match(ln)), None)
    if overview is None:
        return None
    first = next((i for i in range(overview) if _BARE_AMOUNT.match(lines[i])), None)
    if not first:
        return None
    unit = lines[first - 1]
    return unit if len(unit) <= _SIGN_MAX_CHARS and _UNIT_END.search(to_simplified(unit)) else None


def read_prose_header(text: str) -> tuple[str | None, Decimal | None, str]:
    """Given a letter's text, return (project name, total funds in 万元, title) its prose states.

    The name comes from a title line near the top (a pipe cell or a ``标题:`` label
    counts), the funds from the first amount the text gives the project's money.
    """
    lines = text.splitlines()
    name: str | None = None
    title = ""
    for line in lines[:_TITLE_LINES]:
        for cell in strip_ruby(line).split("|"):
            cell = _TITLE_LABEL.sub("", cell.strip()).strip()
            plain = to_simplified(cell) if "績效" in cell else cell
            traditional = plain != cell
            match = _PROSE_TITLE.match(plain.replace(" ", ""))
            if (
                match
                and not _NOT_PROJECT_END.search(match.group("name"))
                and not _GENERIC_TITLE_NAME.match(match.group("name"))
            ):
                name, title = match.group("name"), plain
                if traditional and len(plain) == len(cell) and " " not in cell:
                    name = cell[match.start("name") : match.end("name")]
                break
        if name:
            break
    if name is None:
        name = _report_project(text)
    listed = _listed_project(lines) if "项目概况" in text or "項目概況" in text else None
    if listed is not None:
        return listed[0], listed[1], title
    # Inline ruby ("資(zī)金") may cut the words: removed only when the text has none.
    funds = _PROSE_FUNDS.search(text) or (
        _PROSE_FUNDS.search(strip_ruby(text)) if "(" in text else None
    )
    total = None
    if funds:
        total = to_wanyuan(Decimal(funds.group("num")), to_simplified(funds.group("unit")))
    return name, total, title


# "该某某专项资金项目于2020年初向财政局申报": a self-evaluation report names its project in
# a sentence when the table it embeds lost its header. The name ends like a project and
# a verb or preposition follows it, so "该项目" or "该局" never count.
_REPORT_PROJECT = re.compile(
    r"[该該本](?P<name>[\u4e00-\u9fff、“”]{4,30}?(?:项目|項目|资金|資金|经费|經費|工程|补助|補助))"
    r"(?:项目|項目)?(?=于|於|在|是|由|已|的|主要|共|总|總|自)"
)


def _report_project(text: str) -> str | None:
    """Given a report's text, return the project its sentences name ("该…项目于…"), or None."""
    found = _REPORT_PROJECT.search(text)
    if found is None or _NOT_PROJECT_END.search(found.group("name")):
        return None
    return found.group("name")


# A department's project disclosure: "项目名称" line, its budget line, then 【项目概况】.
# A traditional disclosure heads it 【項目概況】.
_OVERVIEW = re.compile(r"^[【\[]?(?:项目概况|項目概況)[】\]]?")
_BARE_AMOUNT = re.compile(r"^\d[\d,]*(?:\.\d{1,2})?$")
# A bare budget this large is in 元: as 万元 it would be ten 亿 yuan or more for one project.
_YUAN_FLOOR = Decimal(100000)


def _listed_project(lines: list[str]) -> tuple[str, Decimal | None] | None:
    """Given a letter's lines, return the first listed project's (name, 万元) when it lists them.

    Disclosures of all a department's projects give each as code / name / budget lines
    followed by 【项目概况】, 【总体目标】 and the bracketed indicator headings.
    """
    for i, line in enumerate(lines):
        if not _OVERVIEW.match(line.strip()):
            continue
        before = [ln.strip() for ln in lines[max(0, i - 6) : i] if ln.strip()]
        if len(before) < 2 or not _BARE_AMOUNT.match(before[-1]):
            return None
        name = before[-2]
        if _BARE_AMOUNT.match(name) or len(name) > _MAX_NAME * 2:
            return None
        value = Decimal(before[-1].replace(",", ""))
        # The list's amounts share a unit: its largest (the department's total) decides.
        amounts = [
            Decimal(a.strip().replace(",", "")) for a in lines[:i] if _BARE_AMOUNT.match(a.strip())
        ]
        unit = "元" if max(amounts, default=value) >= _YUAN_FLOOR else "万元"
        return name, to_wanyuan(value, unit)
    return None


# Self-evaluation reports state each indicator as a sentence (the report a provincial
# system writes from the 自评表): "(1)时效目标:资金到位时间绩效目标值是2023年12月前,
# 实际完成值为2023年12月前,目标完成率为100%". The actual right after the target pins
# the shape: "扣分原因为:…绩效目标值大于10万元" states no indicator.
_REPORT_SENTENCE = re.compile(
    rf"(?:[(（]\d{{1,2}}[)）]\s*)?(?:(?P<level>{_L2}|{_L1})\s*[:：])?"
    r"(?P<name>[^,，。;；:：()（）\s]{2,40}?)(?:的)?(?:绩效)?目标值[是为]\s*"
    r"(?P<value>[^,，。;；]{1,24})[,，]\s*实际完成值?[是为]\s*(?P<actual>[^,，。;；]{1,24})"
)


def read_report_sentences(text: str, name: str) -> list[Indicator]:
    """Given a file's text, return the indicators its report sentences state, with actuals.

    Each sentence names its indicator, its target and what was achieved; a level
    heading before the first sentence of a group ("(3)数量目标:") sets the level of
    those that follow it. Traditional text is read on its simplified form, names kept.
    """
    out: list[Indicator] = []
    if "目标值" not in text and "目標值" not in text:
        return out
    traditional = is_traditional(text.splitlines())
    level2: str | None = None
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        raw = strip_ruby(line)
        plain = to_simplified(raw) if traditional else raw
        if "目标值" not in plain:
            continue
        # Cut at the same places in the file's own characters when the lengths agree.
        source = raw if len(raw) == len(plain) else plain
        for hit in _REPORT_SENTENCE.finditer(plain):
            level1: str | None = None
            if hit.group("level"):
                level2 = hit.group("level")
            label = source[hit.start("name") : hit.end("name")]
            if label in seen or _REPORT_WORDS.fullmatch(hit.group("name")):
                continue
            seen.add(label)
            value = source[hit.start("value") : hit.end("value")].strip()
            actual = source[hit.start("actual") : hit.end("actual")].strip()
            heading: str | None = level2
            if heading and canonical_level1(heading) and not canonical_level2(heading):
                level1, heading = heading, None  # "产出指标:" heads a group of any 二级
            made = _make(label, value, level1, heading, Location(name, line=number))
            out.append(
                replace(made, actual=replace(parse_value(to_simplified(actual)), raw=actual))
            )
    return out
