"""Rows whose cells were run together with no separator ("glued rows").

Document-sharing previews and some HTML pages drop every cell border:
``预算执行率10%=100`` is 指标名称 | 指标权重 10 | 计量单位 % | 指标性质 = | 指标值 100, and
``创业担保贷款回收率≥90%98.70%20%20资金足额拨付率…`` holds one row after another. The
block header says which cells a row has and in what order; each cell has a grammar
(a weight is a number of at most 100, a unit is a word from the unit list, a value
is a comparator, a number and a unit, or a short qualitative phrase). A row is read
as a name followed by cells that fit the header's grammar, one row after another to
the end of the text; the first reading that covers the whole text wins, shortest
names first.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Column heads as they are glued into one cell ("指标名称指标权重计量单位指标性质指标值");
# each maps to the role the layout knows (None: the name or level columns).
HEAD_WORDS: dict[str, str | None] = {
    "绩效指标": None,
    "年度绩效指标": None,
    "一级指标": None,
    "二级指标": None,
    "三级指标": None,
    "指标名称": None,
    "指标内容": None,
    "绩效指标名称": None,
    "指标权重": "weight",
    "权重": "weight",
    "分值": "weight",
    "计量单位": "unit",
    "度量单位": "unit",
    "指标性质": "op",
    "指标方向": "op",
    "年度指标值": "value",
    "年初目标值": "value",
    "预期目标值": "value",
    "年度目标值": "value",
    "指标值": "value",
    "目标值": "value",
    "全年实际值": "actual",
    "实际完成值": "actual",
    "全年完成值": "actual",
    "完成值": "actual",
    "实际值": "actual",
    "得分": "score",
    "自评得分": "score",
    "未完成原因及改进措施": "reason",
    "偏差原因分析及改进措施": "reason",
    "偏差原因及改进措施": "reason",
    "偏差原因": "reason",
    "未完成原因": "reason",
    "原因分析": "reason",
    "改进措施": "measures",
    "指标得分": "score",
    "全年完成情况": "actual",
    "实施进度": "actual",
    "备注": "ignore",
    "说明": "ignore",
    # Explanation columns of target tables, mostly left empty in glued rows.
    "指标说明": "ignore",
    "指标解释": "ignore",
    "指标标准或依据": "ignore",
    # Sichuan lists: 正向指标 / 反向指标 after the weight, what the value's direction is.
    "指标方向性": "ignore",
    # Fujian reports: 评价内容 | 绩效内容 | 绩效目标值 | 实际完成值 | 累计完成率.
    "评价内容": None,
    "绩效内容": None,
    "绩效目标值": "value",
    "累计完成率": "rate",
    "目标完成率": "rate",
    "完成率": "rate",
}
_HEADS = sorted(HEAD_WORDS, key=len, reverse=True)
# One match per position instead of a loop over the heads (longest first, as _HEADS).
_HEADS_RE = re.compile("|".join(re.escape(h) for h in _HEADS))
_HEAD_STARTS = frozenset(h[:2] for h in HEAD_WORDS)

# Units a glued number may carry, longest first so 万元 wins over 元 and 人次 over 人.
UNITS: tuple[str, ...] = tuple(
    sorted(
        {
            "%",
            "‰",
            "百分比",
            "个",
            "人",
            "人次",
            "万",  # "5万", "≤620万/月": 万元 with its 元 left out
            "万人",
            "万人次",
            "次",
            "件",
            "元",
            "万元",
            "亿元",
            "亩",
            "万亩",
            "公里",
            "千米",
            "米",
            "厘米",
            "平方米",
            "万平方米",
            "立方米",
            "万立方米",
            "天",
            "日",
            "个工作日",
            "工作日",
            "月",
            "个月",
            "年",
            "小时",
            "台",
            "套",
            "户",
            "家",
            "所",
            "批",
            "场",
            "场次",
            "项",
            "株",
            "粒",
            "万粒",
            "倍",
            "起",
            "份",
            "册",
            "本",
            "辆",
            "座",
            "处",
            "间",
            "吨",
            "万吨",
            "公斤",
            "千克",
            "头",
            "只",
            "条",
            "名",
            "位",
            "期",
            "课时",
            "学时",
            "班",
            "轮",
            "篇",
            "张",
            "部",
            "村",
            "宗",
            "笔",
            "分钟",
            "秒",
            "比例",
            "单",
        },
        key=len,
        reverse=True,
    )
)
# "≤5元/餐", "≤800元/人·次": after a "/" the denominator is a known unit or any one
# character (a name never starts with "/", so the cut is unambiguous).
_UNIT = (
    "(?:"
    + "|".join(re.escape(u) for u in UNITS)
    + r")(?:/(?:[\u4e00-\u9fff]·[\u4e00-\u9fff]|"
    + "|".join(re.escape(u) for u in UNITS)
    + r"|[\u4e00-\u9fff]))?"
)
_CMP_WORDS = (
    "大于或等于|小于或等于|大于等于|小于等于|不低于|不少于|不小于|不高于|不超过|不大于|"
    "不多于|控制在|至少|达到|大于|高于|超过|小于|低于|少于|等于|达"
)
# OCR reads "=" as "二" right before a digit.
_CMP = rf"(?:[≥≤=<>≧≦＞＜﹦]{{1,2}}|二(?=\d)|{_CMP_WORDS})"
_NUM = r"(?:0|[1-9]\d*)(?:\.\d+)?"
# A quantitative value: comparator, number, unit and a trailing 以上/以内 word.
_QUANT = re.compile(rf"{_CMP}?{_NUM}(?:{_UNIT})?(?:以上|以内|以下)?")
# Short qualitative values: "稳步提高", "有效保障", "达成预期指标", "合格", "是".
_QUAL = re.compile(
    r"(?:(?:稳步|明显|持续|逐步|有效|显著|不断|进一步|大幅|有所|基本|全部|按时|按期|已|正面|有力"
    r"|有序|正在)"
    r"(?:提高|提升|改善|保障|增加|增强|改进|完成|达到|达成|达标|降低|减少|支撑|促进|推进)"
    r"|(?:达成|达到|完成)(?:预期|计划)?(?:目标|指标)?|合格|达标|良好|优秀|显著|明显"
    # "按时按量完成", "本年内", "不适用", "长远": phrases no name ends in.
    # A monitoring table's progress so far: "按计划推进", "按进度实施", "有序推进".
    r"|(?:按时按量|按质按量|保质保量|按时保质|按计划|按进度|按要求|按期|按时)"
    r"(?:完成|实施|发放|拨付|到位|推进)"
    r"|本年度内|本年内|年度内|年底前|当年内|不适用|长远|长期"
    # A yes/no answer to a "是否…" or "…不高于市场价" name; never the 是 of 是否.
    r"|是(?!否)|(?<!是)否)"
    r"(?![率度数量性项及情的和时])"  # 合格率, 完成及时率, 满意度: part of a name
)
_BARE = re.compile(rf"{_CMP}?{_NUM}")
# A period: "2020年1月--2020年11月", "2020.1.1-2020.12.31", "1-12月" (a 时效 target).
_DATE_PART = r"(?:19|20)\d{2}(?:年(?:\d{1,2}月(?:\d{1,2}日)?)?|[.\-/]\d{1,2}(?:[.\-/]\d{1,2})?)"
_PERIOD = re.compile(
    rf"{_DATE_PART}\s*(?:-{{1,2}}|—{{1,2}}|~|～|至|到)\s*{_DATE_PART}"
    r"|\d{1,2}\s*(?:-|—|~|～|至|到)\s*\d{1,2}月"
)
_DATE_VALUE = re.compile(
    # "12月底前" / "12月末前": the month's end and 前 together, never 底 alone and 前 cut off.
    r"(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底前|末前|前|底|末|之前|以前|年底前)(?:完成)?"
    r"|(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?(?:完成)?"
)
_NUM_RE = re.compile(_NUM)
_DIGITS = re.compile(r"[\d.]+")
_A_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NUMBER_MARK = re.compile(r"\d+(?:\.\d+)?(?:分|%)?")
_NUMBERED = re.compile(r"指标\d*")
_WEIGHT = re.compile(r"[1-9]\d?(?:\.\d+)?(?:分|%)?|100(?:分|%)?|0(?:\.\d+)?")
_OP = re.compile(r"[≥≤=<>≧≦＞＜﹦]{1,2}")
_UNIT_RE = re.compile(_UNIT)
# "指标1" / "指标2:" numbering before the name.
_NUMBERING = re.compile(r"^指标\d{1,2}[:：]|^指标\d(?=\D)")
# Roles whose cell a row must have (the rest may be left out of a glued row).
_REQUIRED = frozenset({"value"})
# Roles a glued row leaves out even when whole: an empty cell leaves no trace.
_OPTIONAL = frozenset({"op", "unit", "reason", "measures", "ignore", None})
_MIN_NAME = 2
_MIN_TEXT_NAME = 4
# A number's unknown unit at the end of its row: a character or two ("幅", "台套").
_TAIL_UNIT = 2
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")
# "正向指标": a 指标方向性 cell.
_DIRECTION = re.compile(r"(?:正向|反向|中性)(?:指标)?")
# The longest target a glued row may repeat as its actual ("全天候可用全天候可用").
_MAX_DOUBLED = 30
# Readings of one row kept for choosing (bounds the search on long run-on text).
_MAX_OPTIONS = 256


_LEADING_NOTE = re.compile(r"^[(（][^()（）]{1,8}[)）]")
# "指标权重(分)": a head may carry its unit.
# "年初目标值(A)实际完成值(B)": a head may carry the letter its formulas use.
_HEAD_UNIT = re.compile(r"[(（](?:分|万元|元|%|[A-Za-z])?[)）]")
# A monitoring table's heads name the months they cover ("1-6月实际完成值",
# "1至7月完成值"): the months are a note on the head that follows.
_HEAD_MONTHS = re.compile(r"(?:\d{1,2}\s*[-—~至]\s*)?\d{1,2}月(?:份|底)?")


def split_heads(text: str) -> list[str] | None:
    """Given a glued block-header cell, return its column heads, or None if it is not one."""
    heads, rest = split_leading_heads(text)
    return heads if len(heads) >= 2 and not rest else None


def split_leading_heads(text: str) -> tuple[list[str], str]:
    """Given text that opens with glued column heads, return them and the text after them.

    Run-on previews glue the first row to the header: "…指标得分(分)说明天然林管护率%90…".
    """
    heads: list[str] = []
    # "(定量目标)评价内容绩效内容…": a short note in brackets before the heads.
    note = _LEADING_NOTE.match(text)
    if note and text[note.end() : note.end() + 2] in _HEAD_STARTS:
        text = text[note.end() :]
    if text[:2] not in _HEAD_STARTS:
        return heads, text  # most cells: no head word at the start, nothing to scan
    at = 0
    while at < len(text):
        unit = _HEAD_UNIT.match(text, at)
        if unit and heads:
            at = unit.end()
            continue
        found = _HEADS_RE.match(text, at)
        if found is None and heads and text[at : at + 1].isdigit():
            months = _HEAD_MONTHS.match(text, at)
            found = _HEADS_RE.match(text, months.end()) if months else None
            if found is not None:
                at = found.start()
        if found is None:
            break
        word = found.group()
        heads.append(word)
        at += len(word)
    return heads, text[at:]


def head_role(head: str) -> str | None:
    """Given a head from :func:`split_heads`, return its column role (None for name/levels)."""
    return HEAD_WORDS.get(head)


def _cell_ends(
    text: str, at: int, role: str | None, last: bool, loose: bool, has_unit: bool, name_len: int
) -> list[int]:
    """Given a position, return where a cell of this role may end (longest first).

    Where the header has a 计量单位 column, numbers carry no unit of their own.
    """
    ends: list[int] = []
    if role in ("weight", "score"):
        ends = _number_ends(text, at, bare=has_unit)
        if role == "weight":
            ends = [e for e in ends if text[at] != "0"]  # a column worth 0 points is no column
        else:
            # A weight may be written as a share ("20%"), a score is points: "100%100%10"
            # under 目标值 | 完成值 | 得分 is 100% | 100% | 10.
            ends = [e for e in ends if text[e - 1] not in "%％"]
    elif role == "op":
        m = _OP.match(text, at)
        ends = [m.end()] if m else []
    elif role == "unit":
        m = _UNIT_RE.match(text, at)
        ends = [m.end()] if m else []
    elif role in ("value", "actual", "expected", "progress", "rate"):
        period = _PERIOD.match(text, at)
        if period:
            return [period.end()]
        date = _DATE_VALUE.match(text, at)
        if date:
            # "2024年12月31日前完成": a deadline is one value, never "2024年" and a new row.
            return [date.end()]
        # With a 计量单位 column the value is a bare number: "250天保…" is 250 | 天保….
        m = (_BARE if has_unit else _QUANT).match(text, at)
        if m:
            ends.append(m.end())
            tail = text[m.end() :]
            if not has_unit and 0 < len(tail) <= _TAIL_UNIT and _CJK_ONLY.fullmatch(tail):
                # "修复字画幅数30幅" at the row's end: a unit the list does not know.
                ends.append(len(text))
            if has_unit and _DIGITS.fullmatch(m.group()):
                # Glued digits with no unit ("901010010" = 90 | 10 | 100 | 10,
                # "0.910010" = 0.9 | 10 | 0 | 10): every shorter number too.
                ends.extend(
                    at + cut
                    for cut in range(len(m.group()) - 1, 0, -1)
                    if _NUM_RE.fullmatch(m.group()[:cut])
                )
        q = _QUAL.match(text, at)
        # A word value after a very short name is more likely the end of a longer name
        # ("项目完成质量…"): names of real indicators run to four characters and more.
        if q and name_len >= _MIN_TEXT_NAME:
            ends.append(q.end())
    else:
        q = _QUAL.match(text, at) or _DIRECTION.match(text, at)
        ends = [q.end()] if q else []
        if loose and last and at < len(text):
            ends.append(len(text))  # a reason or note: the rest of the text
    return ends


def _number_ends(text: str, at: int, *, bare: bool = False) -> list[int]:
    # Glued digits ("1020" = 10 | 20): every prefix that is a plausible weight.
    out: list[int] = []
    m = (_BARE_NUMBER if bare else _NUMBER_MARK).match(text[at:])
    if not m:
        return out
    token = m.group()
    for cut in range(len(token), 0, -1):
        piece = token[:cut]
        if _WEIGHT.fullmatch(piece) and not piece.endswith("."):
            out.append(at + cut)
    return out


def _doubled(text: str) -> list[list[str]] | None:
    # "不适用不适用", "是是": a name and a value that are the same words.
    half = len(text) // 2
    if len(text) % 2 == 0 and half >= _MIN_NAME and text[:half] == text[half:]:
        return [[text[:half], text[half:]]]
    return None


def split_rows(text: str, roles: list[str | None]) -> list[list[str]] | None:
    """Given glued text and the value columns' roles, return rows [name, cell, …] or None.

    Each row has one cell per role ("" where the row left it out). None when the text
    cannot be read as whole rows of that header.
    """
    key = tuple(roles)
    if not text or not key:
        return None
    # First every weight, score and value present; then only the value required and a
    # trailing note may take the rest of the text.
    # Run-on previews are cut off mid-row: whole rows then an unreadable tail come next.
    found = (
        _split(text, key, loose=False)
        or _split(text, key, loose=False, tail=True)
        or _split(text, key, loose=True)
    )
    if found is None and key == ("value",):
        return _doubled(text)
    return found


@lru_cache(maxsize=4096)
def _split(
    text: str, roles: tuple[str | None, ...], *, loose: bool, tail: bool = False
) -> list[list[str]] | None:
    memo: dict[int, list[list[str]] | None] = {}
    names = _NameSpans(text)
    # The cells after a name depend on where they start and on whether the name is long
    # (see _cell_ends), not on where the name began: each start is worked out once,
    # not once per name that ends there (quadratic on long run-on text).
    cells_memo: dict[tuple[int, bool], list[tuple[list[str], int]]] = {}

    def cells_at(j: int, name_len: int) -> list[tuple[list[str], int]]:
        key = (j, name_len >= _MIN_TEXT_NAME)
        found = cells_memo.get(key)
        if found is None:
            found = cells_memo[key] = _cells(text, j, roles, 0, loose, name_len)
        return found

    def rows_from(i: int) -> list[list[str]] | None:
        if i in memo:
            return memo[i]
        memo[i] = None
        for j in range(i + _MIN_NAME, names.end(i)):
            if not names.plausible(i, j):
                continue
            name = text[i:j]
            best: tuple[int, list[list[str]]] | None = None
            for cells, k in cells_at(j, j - i):
                rest = [] if k == len(text) else rows_from(k)
                if rest is None:
                    continue
                fit = _fit(cells, roles)
                if best is None or fit > best[0]:
                    best = (fit, [[name, *cells], *rest])
            if best is not None:
                memo[i] = best[1]
                return memo[i]
        if tail and i > 0:
            memo[i] = []  # the text cut off after whole rows: dropped
        return memo[i]

    rows = rows_from(0)
    if not rows:
        return None
    return [[_NUMBERING.sub("", r[0]), *r[1:]] for r in rows]


def _cells(
    text: str, at: int, roles: tuple[str | None, ...], index: int, loose: bool, name_len: int
) -> list[tuple[list[str], int]]:
    """Given a position and the roles from ``index`` on, return possible (cells, end)."""
    if index == len(roles):
        return [([], at)]
    role = roles[index]
    last = index == len(roles) - 1
    out: list[tuple[list[str], int]] = []
    if role == "value" and roles[index + 1 : index + 2] == ("actual",):
        # "资源采购期以当年为主资源采购期以当年为主10", "25TB25TB10": a target met word for
        # word is written twice, whatever its words; the repeat pins both cells.
        for size in range(_MIN_NAME, min(_MAX_DOUBLED, (len(text) - at) // 2) + 1):
            piece = text[at : at + size]
            if text.startswith(piece, at + size) and piece[0] not in "0.":
                for cells, k in _cells(text, at + 2 * size, roles, index + 2, loose, name_len):
                    out.append(([piece, piece, *cells], k))
    if at < len(text):
        for end in _cell_ends(text, at, role, last, loose, "unit" in roles, name_len):
            for cells, k in _cells(text, end, roles, index + 1, loose, name_len):
                out.append(([text[at:end], *cells], k))
                if len(out) >= _MAX_OPTIONS:
                    return out
    if role not in _REQUIRED and (loose or role in _OPTIONAL):
        for cells, k in _cells(text, at, roles, index + 1, loose, name_len):
            out.append((["", *cells], k))
            if len(out) >= _MAX_OPTIONS:
                break
    return out


def _fit(cells: list[str], roles: tuple[str | None, ...]) -> int:
    """Given one row's cells, return how well they fit a self-evaluation's habits.

    A score equal to its weight and an actual equal to its target are the common case
    (glued digits such as "8550万粒" = 8 | 550万粒 are cut where they agree).
    """
    by_role = {r: c for r, c in zip(roles, cells, strict=False) if r and c}
    fit = -sum(1 for c in cells if not c)
    # A note that swallowed digits has most likely swallowed the next rows.
    fit -= sum(3 for r, c in zip(roles, cells, strict=False) if r in _OPTIONAL and _digits(c))
    filled = [c for c in cells if c]
    # "80" | "0" cuts a number in the middle; a lone unit as a note was cut off its number.
    fit -= sum(
        3 for a, b in zip(filled, filled[1:], strict=False) if a[-1].isdigit() and b[0] == "0"
    )
    fit -= sum(
        3
        for r, c in zip(roles, cells, strict=False)
        if r in _OPTIONAL and r != "unit" and c and _UNIT_RE.fullmatch(c)
    )
    weight, score = by_role.get("weight"), by_role.get("score")
    if weight and score and _digits(weight) == _digits(score):
        fit += 2
    # A percentage beyond 100 is rare; a cut that makes one is likely wrong.
    if by_role.get("unit") in ("%", "百分比"):
        fit -= sum(1 for r in ("value", "actual") if _over(by_role.get(r), 100))
    value, actual = by_role.get("value"), by_role.get("actual")
    if value and actual and _digits(value) == _digits(actual):
        fit += 2
    return fit


def _over(cell: str | None, limit: int) -> bool:
    found = _A_NUMBER.search(cell or "")
    return found is not None and float(found.group()) > limit


def _digits(cell: str) -> str:
    return "".join(_DIGITS.findall(cell))


# A report's sentence run on after a glued table ("…时间绩效目标值是2024年11月前,实际
# 完成值为…") states an indicator in words; no cell of a row says "目标值是".
_REPORT_PHRASE = re.compile(r"目标值[是为]|完成值[是为]")
# A name holds no comparator or percent sign: those start its value.
_NOT_IN_NAME = frozenset("≥≤≧≦<>=%﹦")


class _NameSpans:
    """Which spans ``text[i:j]`` of one glued text may be an indicator's name.

    Worked out once per text (where the next comparator is, how many CJK characters
    come before each place): every start is tried against every end.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.next_bad = [len(text)] * (len(text) + 1)
        for at in range(len(text) - 1, -1, -1):
            self.next_bad[at] = at if text[at] in _NOT_IN_NAME else self.next_bad[at + 1]
        self.cjk = [0]
        for ch in text:
            self.cjk.append(self.cjk[-1] + ("\u4e00" <= ch <= "\u9fff"))

    def end(self, i: int) -> int:
        """Given a start, return the end (exclusive) past which no name from it may run."""
        return min(len(self.text), self.next_bad[i] + 1)

    def plausible(self, i: int, j: int) -> bool:
        """Given a span below :meth:`end`, return whether it may be a name."""
        if self.cjk[j] - self.cjk[i] < _MIN_NAME:
            return False
        name = self.text[i:j]
        if _NUMBERED.fullmatch(name) or ("值" in name and _REPORT_PHRASE.search(name)):
            return False
        # "公众知晓度是否明显提高": a yes/no question runs on to its end.
        return not name.endswith("是否")
