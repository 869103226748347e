"""Indicator rows: level names, the third-level name, and the value columns."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from jixiao.ingest.builder import Builder, clean_text
from jixiao.ingest.glued import HEAD_WORDS, split_rows
from jixiao.ingest.tokens import Row, Token, is_block_header, is_level
from jixiao.ingest.vocab import COLUMN_ROLES, LEVEL_WORDS, NAME_COLUMN_HEADS, column_role, norm
from jixiao.model.indicator import Indicator
from jixiao.model.taxonomy import canonical_level1, canonical_level2, clean_level_name, infer_level1
from jixiao.model.values import TargetValue, combine_split_value, is_not_applicable, parse_value

# "指标1:", "指标 2：" before the third-level name.
_NAME_PREFIX = re.compile(r"^指标\s*\d+\s*[:：]\s*")
# "指标2:" and "……" rows left from the template; a lone "/" is a 不适用 row, not one.
PLACEHOLDER = re.compile(r"^[.…。·\s]*$")
_ROW_NUMBER = re.compile(r"^\d{1,3}[.、]?$")
# A blank form's instruction left where the name goes: "(填写指标名称)", "请填写三级指标",
# "【填报具体指标】". A real name never asks to be filled in.
_INSTRUCTION = re.compile(r"^(?:[(（【\[]\s*(?:请|需|须)?|请|需|须)(?:填写|填报|填列|录入)")
_BARE_OP = re.compile(r"^[≥≤=<>≧≦＞＜]+$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
# Last characters of a value standing alone ("8535.5亩", "95%"): digits, or a short unit.
_VALUE_ENDS = frozenset("%‰亩人次个件元天年月株户台套米")


def read_roles(row: Row) -> list[str | None]:
    """Given the block header row, return the roles of the columns after 三级指标."""
    keys = [t.key for t in row]
    heads = [
        i for i, k in enumerate(keys) if k in NAME_COLUMN_HEADS or k in ("一级指标", "二级指标")
    ]
    start = heads[-1] + 1 if heads else 0
    roles = [column_role(t.text) for t in row[start:] if not t.empty]
    return roles or ["value"]


def is_subheader(row: Row) -> bool:
    """Whether a row only names columns (the second row of a two-row block header)."""
    cells = [t for t in row if not t.empty]
    return bool(cells) and all(column_role(t.text) is not None or "实现值" in t.key for t in cells)


def apply_indicator_row(b: Builder, row: Row, *, last: bool) -> None:
    """Given one row of the indicator block, update the levels and add its indicator."""
    cells = [t for t in row if not t.empty]
    if len(cells) == 1 and _wrapped_level_tail(b, cells[0]):
        return
    if len(cells) >= 3 and _ROW_NUMBER.match(cells[0].text):
        cells = cells[1:]  # a 序号 column before the levels
    while cells and is_block_header(cells[0]):
        # Merged cells repeated on every row (pandas, some converters) put the
        # "绩效指标" label before each row's levels.
        cells = cells[1:]
    if len(cells) >= 3 and unknown_level1(cells):
        # "项目决策 | 数量指标 | 宣传次数 …": a word the trees do not know stands in the
        # 一级 column; keep it as written so the rule set can report the wrong level.
        b.level1, b.level2 = clean_level_name(cells[0].text), None
        cells = cells[1:]
    index, l1_tok, l2_tok = _levels(cells)
    index, l1_tok, l2_tok = _headed_levels(b, cells, index, l1_tok, l2_tok)
    if (
        l2_tok is not None
        and index > 0
        and cells[index - 1] is l2_tok
        and _no_name(cells, index, b)
    ):
        # "服务对象满意度 | 5 | % | 95": a name that is also a level word, followed only
        # by the row's values, is the name.
        index -= 1
        # "满意度指标 | 服务对象满意度指标 | 社会公众满意度 | ≥85%": the second level
        # written before such a name is still the row's second level.
        before = cells[index - 1] if index > 0 else None
        l2_tok = (
            before
            if before is not None
            and before is not l1_tok
            and canonical_level2(before.text) is not None
            else None
        )
    as_first = l1_tok is None and l2_tok is not None and canonical_level1(l2_tok.text)
    if (l2_tok is None or as_first) and _unknown_level2(cells, index, len(b.roles)):
        # "工作指标": a second level the trees do not know, followed by a name and
        # its value — keep it as the level so the rule set can report it. Before it,
        # "满意度指标" (a name both trees use) was the first level.
        if as_first:
            l1_tok = l2_tok
        l2_tok, index = cells[index], index + 1
    misplaced = (
        b.real_rows
        and l1_tok is None
        and l2_tok is not None
        and b.level1_col is not None
        and l2_tok.col == b.level1_col
    )
    if l1_tok is not None:
        b.level1 = clean_level_name(l1_tok.text) or b.level1
        if b.level1_col is None and canonical_level1(l1_tok.text):
            b.level1_col = l1_tok.col
    if l2_tok is not None:
        b.level2 = clean_level_name(l2_tok.text)
    elif (
        l1_tok is not None and b.level2 and infer_level1(b.level2) != canonical_level1(l1_tok.text)
    ):
        # A new first level without a second: the carried second level belonged to the
        # old one. (A rowspan label centred mid-block keeps its second level.)
        b.level2 = None
    if index >= len(cells):
        return
    name_tok = cells[index]
    glued = _glued_cells(name_tok, b.roles) if index == len(cells) - 1 else None
    if glued is not None:
        name_tok = glued[0]
        row = cells = [*cells[:index], *glued]
    name = _NAME_PREFIX.sub("", clean_text(name_tok.text)).strip()
    if PLACEHOLDER.match(name) or _INSTRUCTION.match(name):
        b.residue += 1
        # An empty cell is no row; "指标2:" or "……" is a template row left in the form.
        b.placeholder_rows += bool(clean_text(name_tok.text).strip())
        return
    if is_level(name_tok) and all(is_level(t) for t in cells[index + 1 :]):
        # "效益指标 | 社会效益指标 | 满意度指标 | 服务对象满意度指标": empty categories in a row.
        return
    if _template_residue(name) and not _head_word_with_number(name, row, name_tok):
        b.residue += 1
        b.problem(
            "parse.stray-row",
            "info",
            f"“{name[:40]}”是模板占位内容或表头文字,未作为指标读入",
            name_tok.loc,
        )
        return
    if (
        (name[-1:] in _VALUE_ENDS or name[-1:].isdigit())
        and not any(t.key for t in row if t.col > name_tok.col)
        and parse_value(name).is_quantitative
    ):
        # "8535.5亩" alone: a value cut off its row, not an indicator.
        b.problem("parse.stray-row", "info", f"“{name}”是孤立的数值,未作为指标读入", name_tok.loc)
        return
    slots = _value_slots(row, name_tok, b.roles, aligned=name_tok.col == b.name_col)
    # The value column decides whether the row is cut off, wherever the header put it.
    at = b.roles.index("value") if "value" in b.roles and len(slots) > b.roles.index("value") else 0
    first = slots[at] if slots else None
    if last and first is not None and b.roles[:1] == ["value"] and _BARE_OP.match(first.text):
        b.problem(
            "parse.truncated",
            "warning",
            f"指标“{name}”的指标值只有比较符“{first.text}”,文件在此处被截断;该行未读入",
            name_tok.loc,
        )
        return
    if first is not None and first.text.strip() and _placeholder_value(first.text):
        b.residue += 1
        # "受益农户数 | ≥**户": the form's blank left unfilled, which values.template-text reports.
        b.placeholder_rows += "**" in first.text or bool(PLACEHOLDER.match(first.text))
        b.problem(
            "parse.stray-row",
            "info",
            f"指标“{name[:40]}”的指标值“{first.text[:20]}”是模板占位内容,该行未读入",
            name_tok.loc,
        )
        return
    if (
        not b.real_rows
        and "value" in b.roles
        and not any(t is not None and not t.empty for t in slots)
        and (cut := _glued_text_value(name)) is not None
    ):
        # "项目完成质量严格执行相关制度规定": a text value glued to its name, nothing after.
        name, text = cut
        first = Token(text, text, norm(text), name_tok.col + 1, name_tok.loc)
        slots = [first if i == b.roles.index("value") else t for i, t in enumerate(slots)]
    if last and first is not None and _cut_number(first, b):
        b.problem(
            "parse.truncated",
            "warning",
            f"指标“{name}”的指标值“{first.text}”缺少单位,文件在此处被截断;该行未读入",
            name_tok.loc,
        )
        return
    if first is None or first.empty:
        # A last row whose border closes its empty value cell ("| 满意度 |  |") was left
        # blank by the unit, not cut off (Grid.closed_end): values.empty reports it.
        if last and not b.closed_end:
            b.problem(
                "parse.truncated",
                "warning",
                f"指标“{name}”没有指标值,文件可能在此处被截断;该行未读入",
                name_tok.loc,
            )
            return
        if len(name) > _LONG_NAME and not any(s is not None and not s.empty for s in slots):
            # Run-on text that no row grammar cut ("数量国家奖学金人数分(因…)国家励志…"):
            # a cell this long with nothing after it is several lost rows, not a name.
            b.problem(
                "parse.stray-row",
                "info",
                f"“{name[:40]}…”过长且没有任何数值,可能是多行粘连的文字,未作为指标读入",
                name_tok.loc,
            )
            return
        b.problem("parse.value-missing", "warning", f"指标“{name}”没有填写指标值", name_tok.loc)
    slots = _year_group_value(b, row, name_tok, slots)
    ind = _indicator(b, name, name_tok, slots, explicit_l1=l1_tok is not None)
    if misplaced and ind.level1:
        ind = replace(ind, level1_inferred=True)
    b.indicators.append(ind)


# "目标1目标2目标3", "指标1:指标2:": numbering a blank template left in place of names.
_TEMPLATE_NUMBERS = re.compile(r"(?:目标|目標|指标|指標)\s*\d")
_NAME_MIN_CHARS = 2
# Indicator names run to 40 characters at most (the longest in the corpus is 36).
_LONG_NAME = 40
_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_NUMBERED_SENTENCE = re.compile(r"^\d{1,2}[.、．].{6,}[,，].{6,}")


def _glued_cells(tok: Token, roles: list[str | None]) -> list[Token] | None:
    """The name and value cells of a row whose cells after the levels were glued, or None.

    Space-separated rows may keep their levels apart and glue the rest
    ("产出指标 数量指标 培训人次15≥500人次≥520人次10"): the header says how many cells
    follow the name, and the cell is cut only when every one of them is found.
    """
    if len(roles) < 2 or not any(ch.isdigit() for ch in tok.text) or tok.text[-1:] in "指标":
        return None
    rows = split_rows(tok.text, roles)
    if rows is None or len(rows) != 1 or not all(rows[0]):
        return None
    name, *values = rows[0]
    cut = Token(name, name, norm(name), tok.col, tok.loc)
    return [cut, *(Token(v, v, norm(v), tok.col + 1 + i, tok.loc) for i, v in enumerate(values))]


def _wrapped_level_tail(b: Builder, tok: Token) -> bool:
    """Whether a row holding only "指标" is the second line of the level cell above.

    A grid whose level cell wraps ("生态效益" / "指标") gives the cell's second line a
    row of its own with every other column empty. Joined to the carried level it spells
    a level name: the level is renamed (on the rows already read under it too) and the
    row is no indicator.
    """
    if norm(tok.text) not in ("指标", "指標"):
        return False
    for attr, canon in (("level2", canonical_level2), ("level1", canonical_level1)):
        current = getattr(b, attr)
        if current and not current.endswith(("指标", "指標")) and canon(current + "指标"):
            joined = current + tok.text.strip()
            setattr(b, attr, joined)
            b.indicators[:] = [
                replace(i, **{attr: joined}) if getattr(i, attr) == current else i
                for i in b.indicators
            ]
            return True
    return False


def _template_residue(name: str) -> bool:
    """Whether a name cell is template residue or a header word, never an indicator.

    A blank template's numbering ("目标1目标2目标3"), a piece of a vertical label
    ("出", "标"), or a column head ("指标值", "实际完成值") stands where a name would.
    """
    key = norm(name)
    if len(key.strip("★*()（）:：,，、")) < _NAME_MIN_CHARS and not is_not_applicable(key):
        return True  # a lone "/" is a 不适用 row, kept for the rules
    if ("标" in key or "標" in key) and len(_TEMPLATE_NUMBERS.findall(key)) >= 2:
        return True
    if not is_not_applicable(key) and not _WORD_CHAR.search(key):
        return True  # "100%", "7": a value standing where a name would (wrapped columns)
    if key[:1].isdigit() and _NUMBERED_SENTENCE.match(key):
        return True  # "3.分析评价申报内容是否…,申报目标是否…": a report's numbered sentence
    return key in _HEAD_NAMES


def _head_word_with_number(name: str, row: list[Token], name_tok: Token) -> bool:
    """Whether a name that is also a column head ("完成率") has a number after it.

    A repeated header row carries head words in its other cells, never a figure; with
    "100" or "≥95%" in the next cells the row is an indicator that happens to be named
    like a column.
    """
    if norm(name) not in _HEAD_NAMES:
        return False
    return any(
        t.col > name_tok.col
        and any(ch.isdigit() for ch in t.text)
        and column_role(t.text) is None  # "2024年指标值" is a head with a year in it
        for t in row
    )


_HEAD_NAMES = frozenset(
    {*HEAD_WORDS, *(w for w, _ in COLUMN_ROLES), *NAME_COLUMN_HEADS, "一级指标", "二级指标"}
)


# How indicator names end ("…合格率", "…完成质量", "…建立情况", "…绿化水平"), and how text
# values start ("严格执行…", "建立并持续运行", "提升", "长远"): where both meet in a cell
# with nothing after it, the name ends and its value begins.
_NAME_END = re.compile(
    "率|性|[人次个户天]数|数量|质量|[意晓成盖可]度|面积|时间|时限|情况|成本|标准|效益|水平"
    "|金额|比例|影响|效果|能力|意识|环境|条件|机制|覆盖面"
)
_VALUE_START = frozenset("提增改保促持稳明显有不达完按严符建无零良优较逐进长全加满合实确及高大降减")
_TEXT_VALUE_MAX = 20
_TEXT_NAME_MIN = 4


def _glued_text_value(name: str) -> tuple[str, str] | None:
    """Given a name cell with no value after it, return (name, text value) glued in it, or None."""
    for match in reversed(list(_NAME_END.finditer(name))):
        head, rest = name[: match.end()], name[match.end() :]
        if len(head) < _TEXT_NAME_MIN or not 2 <= len(rest) <= _TEXT_VALUE_MAX:
            continue
        if rest[0] in _VALUE_START and not any(ch.isdigit() for ch in rest):
            return head, rest
        return None
    return None


def _placeholder_value(text: str) -> bool:
    """Whether a value cell is template residue: "……", "(≥**个)", a level or column head word."""
    key = norm(text)
    if "**" in text and not any(ch.isdigit() for ch in text):
        return True  # "(≥**个)", "≤**元/人": the template's blank left unfilled
    return bool(PLACEHOLDER.match(text)) or key in _HEAD_NAMES or key in _LEVEL_VALUES


_LEVEL_VALUES = frozenset(
    {"绩效目标", "年度目标", "总体目标", *(w[:-2] + "目标" for w in LEVEL_WORDS), *LEVEL_WORDS}
)
# A value's unit: the table's other rows carry one, so a bare number on the last row was cut.
_MOSTLY = 0.5


def _cut_number(tok: Token, b: Builder) -> bool:
    """Whether the last row's value is a number cut off its unit ("1" of "100%")."""
    if "unit" in b.roles or tok.empty:
        return False
    value = parse_value(tok.text)
    if not value.is_quantitative or value.unit:
        return False
    earlier = [i.value for i in b.indicators if i.value.is_quantitative]
    with_unit = sum(1 for v in earlier if v.unit)
    return bool(earlier) and with_unit > _MOSTLY * len(earlier)


def _levels(cells: list[Token]) -> tuple[int, Token | None, Token | None]:
    l1: Token | None = None
    l2: Token | None = None
    i = 0
    while i < len(cells):
        tok = cells[i]
        if not is_level(tok):
            break
        c1, c2 = canonical_level1(tok.text), canonical_level2(tok.text)
        nxt_is_level = i + 1 < len(cells) and is_level(cells[i + 1])
        if c1 is None and c2 is None:
            pass  # a bare "(50分)" where the 一级 name was lost
        elif c1 and l1 is None and l2 is None and (c2 is None or nxt_is_level):
            l1 = tok
        elif c2 and (l2 is None or c1 is None):
            # A later second level wins: the earlier one was an empty category.
            l2 = tok
        elif c1 and l1 is None:
            # A first level after a second one: that second level was an empty
            # category of the previous block ("经济效益指标 满意度指标(10分) …").
            l1, l2 = tok, None
        else:
            break
        i += 1
    return i, l1, l2


_LEVEL1_MAX_CHARS = 6


def unknown_level1(cells: list[Token]) -> bool:
    """Whether a row opens with a 一级 the trees do not know, then a second level and a name."""
    if len(cells) < 3 or is_level(cells[0]) or not is_level(cells[1]):
        return False
    key = cells[0].key
    return (
        2 <= len(key) <= _LEVEL1_MAX_CHARS
        and all("\u4e00" <= ch <= "\u9fff" for ch in key)
        and canonical_level2(cells[1].text) is not None
        and not is_level(cells[2])
    )


def _headed_levels(
    b: Builder, cells: list[Token], index: int, l1: Token | None, l2: Token | None
) -> tuple[int, Token | None, Token | None]:
    """Given a row's levels as the vocabulary found them, add those its columns say.

    In a grid whose format places the cells (a sheet, a Word or HTML table, a ruled
    PDF: cells with a column) and whose block header heads the 一级指标 / 二级指标
    columns, what stands under those heads before the row's name (under 三级指标) is
    a level, whatever its words: "产出目标 / 数量目标", "项目决策", "群众满意度指标".
    Text rows are left to the words: their cells shift when a line loses one.
    """
    if b.name_col is None or not b.level_cols:
        return index, l1, l2
    at_name = next((k for k, t in enumerate(cells) if t.col == b.name_col), None)
    if at_name is None or any(t.loc.column is None for t in cells[: at_name + 1]):
        return index, l1, l2
    if at_name + 1 >= len(cells):
        # Nothing after the cell under 三级指标: the row may have lost a cell and
        # that cell be its value (the example's table 4); leave it to the words.
        return index, l1, l2
    if (
        at_name == index
        and l1 is None
        and l2 is not None
        and b.level_cols.get(l2.col) == 1
        and canonical_level1(l2.text) is not None
    ):
        # "成本指标" / "满意度指标" alone in the 一级 column after another first level
        # (项目决策 …): the words alone would take it for that level's second level,
        # but both trees know it as a first level and the column says which.
        return index, l2, None
    if at_name == index and not (l1 is not None and l2 is None and b.level_cols.get(l1.col) == 2):
        # The words and the columns agree (a second level in the 一级 column stays
        # misplaced, CONTRACT level1_inferred); only "成本指标" or "满意度指标" under
        # the 二级 head with the 一级 merged above is read as the second level it is.
        return index, l1, l2
    before = cells[:at_name]
    if not all(tok.col in b.level_cols for tok in before):
        return index, l1, l2  # something else stands there: leave the row to the words
    by_level = {b.level_cols[tok.col]: tok for tok in reversed(before)}
    return at_name, by_level.get(1), by_level.get(2)


def _no_name(cells: list[Token], index: int, b: Builder) -> bool:
    rest = cells[index:]
    if not rest or len(rest) > len(b.roles) or clean_level_name(cells[index - 1].text) == "":
        return False
    # "经济效益 | 不适用": a not-applicable mark is a value, never a name.
    return parse_value(rest[0].text).is_quantitative or is_not_applicable(rest[0].text)


def _unknown_level2(cells: list[Token], index: int, value_columns: int) -> bool:
    if index >= len(cells) - 2:
        return False
    tok = cells[index]
    core_left = len(cells) - index - 1
    return (
        tok.key.endswith("指标")
        and 3 <= len(tok.key) <= 10
        and not tok.key.startswith("指标")
        and core_left >= 2
        and core_left <= value_columns + 1
    )


def _value_slots(
    row: Row, name_tok: Token, roles: list[str | None], *, aligned: bool = False
) -> list[Token | None]:
    count = len(roles)
    after = [t for t in row if t.col > name_tok.col]
    while after and after[-1].empty:
        after.pop()
    # A row that lost a leading cell (table 4's last row) leaves empty slots between
    # the name and its value: close the gap rather than read an empty value. Split
    # 指标性质/指标值 columns keep their places: an empty 性质 is meaningful there.
    # A real grid's row whose name stands under the 三级指标 head lost nothing: its
    # empty 指标值 is empty (a self-evaluation giving only the 实际完成值).
    while after and after[0].empty and roles[:1] == ["value"] and not (aligned and len(roles) > 1):
        after.pop(0)
    slots: list[Token | None] = list(after[:count])
    slots += [None] * (count - len(slots))
    if aligned and name_tok.loc.column is not None:
        # A sheet's, Word or HTML table's row under the 三级指标 head keeps its cells'
        # places: a trailing empty 得分 is an empty score, not a row that dropped cells
        # (text dumps do drop them, and are right-aligned below).
        return slots
    return _right_align_scores(slots, after, roles)


def _right_align_scores(
    slots: list[Token | None], after: Row, roles: list[str | None]
) -> list[Token | None]:
    """Given slots filled from the left, move trailing 分值/得分 numbers into place.

    Space-separated self-evaluations drop empty cells, so "工程质量合格 10 10" has
    only its weight and score: when a gapless row has fewer cells than the core
    columns and ends in two numbers, those are the weight and the score.
    """
    if "weight" not in roles or "score" not in roles or any(t.empty for t in after):
        return slots
    core = [i for i, r in enumerate(roles) if r in ("value", "actual", "weight", "score")]
    filled = [t for t in slots if t is not None]
    if not (2 <= len(filled) < len(core)) or not all(_NUMBER.match(t.text) for t in filled[-2:]):
        return slots
    out: list[Token | None] = [None] * len(roles)
    out[roles.index("weight")], out[roles.index("score")] = filled[-2], filled[-1]
    free = [i for i in core if roles[i] in ("value", "actual")]
    for i, tok in zip(free, filled[:-2], strict=False):
        out[i] = tok
    return out


def _year_group_value(
    b: Builder, row: Row, name_tok: Token, slots: list[Token | None]
) -> list[Token | None]:
    """Given a row and its value slots, return the slots with the year's group's value.

    Anhui's 申报表 sets the 中期 and the 年度 groups side by side ("数量指标 | 检测批次 |
    ≥300组 | 数量指标 | 检测批次 | ≥100组"), 中期 first as its goals are: a row that writes
    its name again further on holds the year's value after it. The year's is the table's
    target; the 中期 one is kept for the rules (values.period-repeats-year).
    """
    if not b.paired or "value" not in b.roles or b.roles.index("value") >= len(slots):
        return slots
    at = b.roles.index("value")
    first = slots[at]
    if first is None or first.empty:
        return slots
    # Only after this group's value: a value that reads like the name ("不适用") is no group.
    later = [t for t in row if t.col > first.col and not t.empty]
    for k, tok in enumerate(later[:-1]):
        if tok.key == name_tok.key:
            year = later[k + 1]
            b.period_targets.append((clean_text(name_tok.text), first.text))
            return [year if i == at else t for i, t in enumerate(slots)]
    return slots


def add_named_value(b: Builder, name: Token, value: Token) -> None:
    """Given a name and its value cell found apart (a transposed block), add the indicator.

    The cells come from separate lines, so no level stands before the name and a bare
    value ("7", "100%") must not be taken for a level's weight as in a row.
    """
    b.indicators.append(_indicator(b, name.text, name, [value], explicit_l1=False))


def _indicator(
    b: Builder, name: str, name_tok: Token, slots: list[Token | None], *, explicit_l1: bool
) -> Indicator:
    fields: dict[str, Token] = {}
    for role, tok in zip(b.roles, slots, strict=False):
        # Anhui's 申报表 repeats the block for 中期 and 年度: the first column wins.
        if role and tok is not None and role not in fields:
            fields[role] = tok
    value = _value(fields)
    level1, inferred = _level1(b, explicit_l1)
    actual = fields.get("actual")
    return Indicator(
        level1=level1,
        level2=b.level2 or "",
        name=name,
        value=value,
        not_applicable=is_not_applicable(value.raw) or is_not_applicable(name),
        level1_inferred=inferred,
        source=name_tok.loc,
        actual=_actual(actual, fields.get("unit")),
        weight=_weight(fields.get("weight")),
        score=_number(fields.get("score")),
        deviation_reason=_text(fields.get("reason")),
        progress=_opt_value(fields.get("progress")),
        expected=_opt_value(fields.get("expected")),
        likelihood=_text(fields.get("likelihood")),
        measures=_text(fields.get("measures")),
    )


def _value(fields: dict[str, Token]) -> TargetValue:
    tok = fields.get("value")
    if "op" in fields or "unit" in fields:
        op, unit = fields.get("op"), fields.get("unit")
        parts = [t.text if t else "" for t in (op, tok, unit)]
        raws = [t.raw if t else "" for t in (op, tok, unit)]
        combined = combine_split_value(*parts)
        return replace(combined, raw=combine_split_value(*raws).raw)
    return _parse(tok) if tok else TargetValue.qualitative("")


def _actual(tok: Token | None, unit: Token | None) -> TargetValue | None:
    # "计量单位 | 年度指标值 | 实际完成值" (座 | 80 | 82): the unit column is the actual's
    # unit too, as it is the target's; an actual that writes its own unit keeps it.
    # Its raw stays the cell as written ("82").
    value = _opt_value(tok)
    if tok is None or value is None or unit is None or not unit.text.strip():
        return value
    if not value.is_quantitative or value.unit:
        return value
    return replace(combine_split_value("", tok.text, unit.text), raw=tok.raw)


def _parse(tok: Token) -> TargetValue:
    # Parse the simplified form (萬元 → 万元) but keep the text as the file had it.
    return replace(parse_value(tok.text), raw=tok.raw)


def _level1(b: Builder, explicit: bool) -> tuple[str, bool]:
    """Given the level context, return (一级 name, whether it was inferred).

    A first level carried down from a merged cell above, or written in the row,
    that cannot hold this row's second level (a 社会效益指标 row under 产出指标)
    is replaced by the one the taxonomy gives for the second level.
    """
    return settle_level1(b.level1, b.level2, written_in_row=explicit)


def settle_level1(
    written: str | None, level2: str | None, *, written_in_row: bool = False
) -> tuple[str, bool]:
    """Given the first level as written (or None) and the second, return (一级, inferred).

    Shared by the table and prose readers, so the same levels read from a table or
    from prose (or from a table exported from prose) settle the same way.
    """
    expected = infer_level1(level2) if level2 else None
    if written is None:
        return (expected or ""), expected is not None
    canonical = canonical_level1(written)
    if expected is None or canonical is None or canonical == expected:
        return written, False
    if {canonical, expected} <= {"产出指标", "成本指标"}:
        # 成本指标 sits under 产出 in the legacy tree and on its own in 101号.
        return written, False
    if written_in_row and canonical == "效益指标" and expected == "满意度指标":
        # 财预〔2015〕88号 templates put 社会公众或服务对象满意度 under 效益: a row that
        # writes both levels so gave its 一级; nothing is inferred (the rules judge the
        # tree). A 效益 only carried down from rows above is still replaced.
        return written, False
    return expected, True


def _number(tok: Token | None) -> Decimal | None:
    if tok is None or tok.empty:
        return None
    try:
        return Decimal(tok.text.replace(" ", "").rstrip("分"))
    except InvalidOperation:
        return None


def _weight(tok: Token | None) -> Decimal | None:
    # Some templates give each row's weight as its share of the 100 points ("20%" | "5%",
    # Sichuan 专项 self-evaluations): a share of 100 is that many points.
    if tok is not None and tok.text.rstrip().endswith(("%", "％")):
        tok = replace(tok, text=tok.text.rstrip().rstrip("%％"))
    return _number(tok)


def _text(tok: Token | None) -> str | None:
    return clean_text(tok.text) or None if tok is not None else None


def _opt_value(tok: Token | None) -> TargetValue | None:
    return _parse(tok) if tok is not None and not tok.empty else None
