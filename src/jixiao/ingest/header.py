"""Header rows: project, department and code, units, period, funds, goals."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from itertools import combinations

from jixiao.ingest.builder import Builder, clean_text
from jixiao.ingest.tokens import Row, Token
from jixiao.ingest.vocab import (
    CAPTION_UNIT,
    FUNDS_BLOCK,
    HEADER_LABELS,
    KEYWORD_SPLIT,
    header_field,
    label_unit,
    norm,
)
from jixiao.model.money import MONEY_UNITS, normalize, to_wanyuan

# "芜湖市总工会-508" (name-code), "[066]六安市农业农村局", "219-池州市…" (code-name).
_CODE_LAST = re.compile(r"^(?P<name>.+?)\s*[-－—_]\s*(?P<code>\d{2,12})$")
_CODE_FIRST = re.compile(r"^[\[【(（]?(?P<code>\d{2,12})[\]】)）]?\s*[-－—_]?\s*(?P<name>\D.*)$")
_PERIOD = re.compile(r"^(\d{1,2})\s*年$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年度?")

# Self-evaluation and monitoring funds columns → Funds fields.
_FUNDS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("年初预算", "budget_initial"),
    ("调整后预算", "budget_adjusted"),
    ("全年预算", "budget_adjusted"),
    ("预算数", "budget_adjusted"),
    ("执行率", "execution_rate"),
    ("执行数", "executed"),
    ("全年执行", "executed"),
    ("分值", "execution_weight"),
    ("权重", "execution_weight"),
    ("得分", "execution_score"),
)
_FUNDS_WORDS = re.compile("|".join(re.escape(word) for word, _ in _FUNDS_COLUMNS))
_FUNDS_ROLE = dict(_FUNDS_COLUMNS)
# Heads of the goals' actual column: the row below holds the goal, then what was done.
_ACTUAL_HEADS = frozenset({"实际完成情况", "年度目标完成情况"})
_GOAL_COLUMNS = (
    "预期目标",
    "实际完成情况",
    "年初设定目标",
    "年度总体目标完成情况综述",
    "年度目标",
    "年度目标完成情况",
)


# A department code standing alone: "213", "[213]", "【213】", "(213)".
_CODE_ALONE = re.compile(r"^[\[【(（]?\s*(\d{3,12})\s*[\]】)）]?$")


def _code_cell(text: str) -> str | None:
    match = _CODE_ALONE.match(text.strip())
    return match.group(1) if match else None


def split_code(text: str) -> tuple[str | None, str | None]:
    """Given "芜湖市总工会-508" or "[066]六安市农业农村局", return (name, code)."""
    text = text.strip()
    if not text:
        return None, None
    for pattern in (_CODE_LAST, _CODE_FIRST):
        match = pattern.match(text)
        if match:
            return match.group("name").strip(), match.group("code")
    return text, None


def year_of(text: str) -> int | None:
    """Given a title or "(2024年度)" line, return the fiscal year it names."""
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def funds_header_roles(row: Row) -> list[str] | None:
    """Given a row, return the funds columns it heads (自评表 layouts), or None."""
    roles: list[str] = []
    for tok in row:
        if "万元" in tok.key:
            continue  # the label column's head: "年度预算数(万元)", "项目资金(万元)"
        if ("/" in tok.key or ")" in tok.key) and "(" not in tok.key:
            continue  # the rest of a head's note cut at its spaces: "执行率(全年 执行数/全年 预算数)"
        # The word the head starts with names it: "得分(20分*执行率)" is the score column
        # whose note cites the rate, "执行率(全年执行数/全年预算数)" the rate.
        # (A regex search finds the leftmost word, the list's order breaking ties.)
        hit = _FUNDS_WORDS.search(tok.key)
        if hit:
            roles.append(_FUNDS_ROLE[hit.group()])
    return roles if len(roles) >= 2 else None


# "预算执行情况(万元)(20分)", "得分(20分*执行率)": the head states execution's 分值.
_HEAD_POINTS = re.compile(r"[(（](\d{1,2})分")


def execution_points(heads: Row) -> Decimal | None:
    """Given the funds block's head cells, return the 分值 one of them states, if any."""
    for tok in heads:
        match = _HEAD_POINTS.search(tok.key)
        if match and ("执行" in tok.key or "得分" in tok.key or FUNDS_BLOCK.match(tok.key)):
            if match.group(1) in _USUAL_WEIGHTS:
                return Decimal(match.group(1))
    return None


def apply_header_row(b: Builder, row: Row) -> None:
    """Given a header row, fill the builder's fields from its labels."""
    cells = [t for t in row if not t.empty]
    if b.goals_pending and cells and not any(header_field(t.text) for t in cells):
        _pending_goals(b, cells)
        return
    head, b.label_head = b.label_head, None
    if head and cells and header_field(head + cells[0].text):
        # "项目" / "名称 | 某某": a label broken over two lines.
        cells = [_cell(head + cells[0].text, cells[0]), *cells[1:]]
    elif head and cells and header_field(head) == "goals":
        # "年度总体目标" alone on its line (also the start of 年度总体目标完成情况), its heads
        # or texts on the next: the label of this row.
        cells = [_cell(head, cells[0]), *cells]
    elif len(cells) == 1 and cells[0].key in _LABEL_HEADS:
        b.label_head = cells[0].text
        return
    pending, b.field_pending = b.field_pending, None
    if pending and cells and not header_field(cells[0].text):
        _apply(b, pending, cells[:1])
        cells = cells[1:]
    if any("整体支出" in t.key or "整体绩效" in t.key for t in cells):
        b.overall = True
        b.name_overall()
    for tok in cells:
        caption = CAPTION_UNIT.match(tok.key)
        if caption:
            b.caption_unit = caption.group(1)
    unit = FUNDS_BLOCK.match(cells[0].key) if cells else None
    _note_funds_block(b, cells, opens=unit is not None)
    if unit and unit.group(2):
        b.funds_unit = unit.group(2)
        b.caption_unit = None  # the funds block says its unit: the caption above is not needed
    cells = _split_glued_heads(cells)
    roles_at = _roles_start(cells)
    if roles_at is not None:
        # "项目实施单位 | 某局 | 预算数 | 执行数 | 执行率": labels may come before the heads.
        b.funds_roles = funds_header_roles(cells[roles_at:]) or []
        points = execution_points(cells) if b.funds_roles else None
        if points is not None and "execution_weight" not in b.funds_roles:
            b.funds["execution_weight"] = points
        cells = cells[:roles_at]
    for index, tok in enumerate(cells):
        name = header_field(tok.text)
        if name is None:
            if index == 0 and unit is not None:
                _block_amount(b, unit.group(1), tok, cells[1:])
            _source_amount(b, tok, cells[index + 1 : index + 2])
            _grand_total(b, tok, cells[index + 1 : index + 2])
            continue
        if name == "ignore":
            continue
        values = []
        for nxt in cells[index + 1 :]:
            if header_field(nxt.text):
                break
            values.append(nxt)
        if not values and len(cells) == 1 and name in _WAITING_FIELDS:
            b.field_pending = name
            continue
        _apply(b, name, values, tok)


_NOTE = re.compile(r"[(（][^)）]*[)）]")
_HEAD_WORDS = re.compile(
    "|".join(re.escape(w) for w in sorted({w for w, _ in _FUNDS_COLUMNS}, key=len, reverse=True))
)
# Every funds column head contains one of these.
_HEAD_STEMS = re.compile("预算|执行|分值|权重|得分")
_BLOCK_WORDS = re.compile(r"预算执行情况|项目资金|资金情况|资金来源|资金投入情况")


def _note_funds_block(b: Builder, cells: Row, *, opens: bool) -> None:
    # Whether the funds block ("资金情况(万元)" down to the goals) holds any amount: a
    # block with none was left blank by the unit (funds.total-missing), while a block
    # whose amounts stand under labels the reader does not know still shows figures.
    if opens and b.funds_block == "none":
        b.funds_block = "blank"
    if b.funds_block != "blank":
        return
    if any(header_field(t.text) == "goals" for t in cells):
        b.funds_block = "closed"
    elif any(money(t.text) is not None for t in cells):
        b.funds_block = "figures"


def _split_glued_heads(cells: Row) -> Row:
    """Given header cells, return them with funds column heads run into one cell cut apart.

    Run-on text gives "某局预算执行情况(万元)资金来源预算数(A)执行数(B)执行率(B/A)":
    the unit's name, then the heads in order. Notes in brackets ("得分(20分*执行率)")
    are dropped before looking for heads, so they do not count as columns.
    """
    out: Row = []
    for tok in cells:
        if len(_HEAD_STEMS.findall(tok.key)) < 2:
            out.append(tok)  # cheap test first: most cells hold no head at all
            continue
        bare = _NOTE.sub("", tok.text)
        heads = _HEAD_WORDS.findall(bare)
        if len(heads) < 2 or len(bare) <= len(heads[0]) + 6 and tok.key.startswith(heads[0]):
            out.append(tok)
            continue
        first = _HEAD_WORDS.search(bare)
        block = _BLOCK_WORDS.search(bare)
        start = min(m.start() for m in (first, block) if m is not None)
        if len(_BLOCK_WORDS.sub("", _HEAD_WORDS.sub("", bare[start:]))) > 2 * len(heads) + 4:
            out.append(tok)  # a sentence that mentions the heads ("执行率=执行数/预算数")
            continue
        prefix = bare[:start].strip(" :：")
        pieces = ([prefix] if prefix else []) + heads
        out.extend(Token(p, p, norm(p), tok.col, tok.loc) for p in pieces)
    return out


# The first part of a label broken over two lines ("项目主管" / "部门").
_LABEL_HEADS = frozenset(
    k[:i] for k in HEADER_LABELS if HEADER_LABELS[k] != "ignore" for i in range(2, len(k))
)
# Fields whose value may come on the next line when the label stands alone.
_WAITING_FIELDS = frozenset({"name", "department", "implementing_unit", "unit_name"})


def _roles_start(cells: Row) -> int | None:
    # The index where a run of funds column heads starts, or None.
    if funds_header_roles(cells) is None:
        return None  # no suffix of the row has more heads than the whole row
    for start in range(len(cells)):
        if funds_header_roles(cells[start:]) is not None and not header_field(cells[start].text):
            if any(word in cells[start].key for word, _ in _FUNDS_COLUMNS) or FUNDS_BLOCK.match(
                cells[start].key
            ):
                return start
    return None


# Funds split by where the money comes from; their sum is the total when none is given.
_SOURCES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^中央(?:补助|财政|资金|财政资金|补助资金|预算内投资)?"), "中央"),
    (re.compile(r"^(?:省级|省)(?:补助|财政|资金|财政资金)"), "省级"),
    (re.compile(r"^(?:市级|市本级|市)(?:补助|财政|资金|财政资金)?$"), "市级"),
    (re.compile(r"^(?:县级|区级|县本级|区本级|县|区)(?:补助|财政|资金|财政资金)?$"), "县级"),
    (re.compile(r"^地方(?:资金|配套|财政资金)?$"), "地方"),
    (re.compile(r"^一般公共预算(?:拨款|资金)?$"), "一般公共预算"),
)


_SOURCE_STARTS = frozenset("中省市县区地一")


def _source_amount(b: Builder, tok: Token, after: list[Token]) -> None:
    if not after or len(tok.key) > 16 or tok.key[:1] not in _SOURCE_STARTS:
        return  # cheap test first: this runs on every unlabelled header cell
    key = _LABEL_UNIT.sub("", tok.key)
    for pattern, source in _SOURCES:
        if pattern.match(key):
            value = amount(after[0], _unit_for(b, tok))
            if value is not None:
                b.fund_sources.setdefault(source, value)
            return


# Funds-block labels that name the project's whole money, not where it came from or
# how it was spent: "项目资金(元) | 456000" is the total when the amount stands right beside.
_WHOLE_BLOCKS = frozenset({"项目资金", "项目预算资金", "项目金额"})


def _block_amount(b: Builder, block: str, tok: Token, after: list[Token]) -> None:
    # Tables that give one figure for the funds write it beside the block's own label
    # ("项目资金(元) | 456000", "项目资金 | 95万(含上年结转15万元)") instead of a 年度资金总额
    # row; a figure of its own, with no other cell after it, is the total. Source rows
    # ("中央资金 | 40") or a 合计 that follow still win where the label has no amount.
    if block not in _WHOLE_BLOCKS or len(after) != 1 or b.funds.get("total") is not None:
        return
    value = amount(after[0], _unit_for(b, tok))
    if value is not None:
        b.funds["total"] = value


def _grand_total(b: Builder, tok: Token, after: list[Token]) -> None:
    # "项目资金 (万元) | 合计 | 1800": the sum row of a funds block gives the total.
    if b.spent_pending:
        b.spent_pending = False
        glued = _SPENT_SUM.match(tok.text)
        if glued or (tok.key in ("合计", "总计") and after):
            cell = _cell(glued.group(1), tok) if glued else after[0]
            b.funds["executed"] = amount(cell, _unit_for(b, tok))
            return
    if tok.key in ("合计", "总计") and after and b.funds.get("total") is None:
        value = amount(after[0], _unit_for(b, tok))
        if value is not None:
            b.funds["total"] = value


_LABEL_UNIT = re.compile(r"\((?:万元|元|千元|亿元)\)$")


def _unit_for(b: Builder, label: Token | None) -> str:
    """The unit of an amount: its label's "(元)", else the funds block's, else the caption's."""
    if label is not None:
        written = label_unit(label.text)
        if written:
            return written
    if b.funds_unit != "万元" or b.caption_unit is None:
        return b.funds_unit
    return "caption:" + b.caption_unit


def _apply(b: Builder, name: str, values: list[Token], label: Token | None = None) -> None:
    text = values[0].text.strip() if values else ""
    b.spent_pending = False  # another label: a 合计 further on is not what was spent
    if name == "goals":
        _goals(b, values)
    elif name in ("total", "fiscal", "carryover", "other"):
        _funds(b, name, values, _unit_for(b, label))
    elif name == "spent":
        _spent(b, values, label)
    elif name == "plan":
        if text:
            b.plan_texts.append(text)
    elif name == "period_total":
        b.period_total = amount(values[0], _unit_for(b, label)) if values else None
    elif name == "unit_name":
        b.header["unit_name"] = split_code(text)[0]
        b.name_overall()
    elif name == "department":
        dept, code = split_code(text)
        if code is None and len(values) > 1:
            # "主管部门及代码 | 某局 | [213]": the code in a cell of its own after the name.
            code = _code_cell(values[1].text)
        b.header["department"] = dept
        b.header["department_code"] = code or b.header.get("department_code")
    elif name == "department_code":
        code = _code_cell(text)
        if code is not None:
            b.header["department_code"] = code
    elif name == "implementing_unit":
        b.header["implementing_unit"] = split_code(text)[0]
    elif name == "period":
        match = _PERIOD.match(text.replace(" ", ""))
        b.period_years = int(match.group(1)) if match else None
    elif name == "name":
        b.header["name"] = clean_text(text) or None
    else:
        b.header[name] = text or None


# "(万元)合计:109.8万元中央财政84.5万元…": the sum, else the amount the value starts with.
_SPENT_SUM = re.compile(r"(?:合计|总计|小计)[:：]?\s*(\d[\d,]*(?:\.\d+)?\s*(?:万元|元)?)")
_LEADING_UNIT = re.compile(r"^\((万元|元)\)")


def _spent(b: Builder, values: list[Token], label: Token | None) -> None:
    """Given the value of a 资金使用情况 label, take the amount spent as 执行数."""
    if b.funds.get("executed") is not None:
        return
    text = values[0].text.strip() if values else ""
    lead = _LEADING_UNIT.match(text)
    unit = lead.group(1) if lead else _unit_for(b, label)
    text = text[lead.end() :] if lead else text
    found = _SPENT_SUM.search(text)
    value = amount(_cell(found.group(1) if found else text, values[0]), unit) if text else None
    if value is not None:
        b.funds["executed"] = value
    b.spent_pending = value is None


# "年度目标1:(80分) | 增强…", "(80分)\n增强…": a goal's points, cut off its label or
# written before its text, are no goal text.
_GOAL_POINTS = re.compile(r"^\s*[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*")


def without_goal_points(text: str) -> str:
    """Given a goal cell, return it without the points written before its text."""
    return _GOAL_POINTS.sub("", text)


def _goals(b: Builder, values: list[Token]) -> None:
    texts = [
        v.text
        for v in values
        if not any(v.key == w for w in _GOAL_COLUMNS) and _GOAL_POINTS.fullmatch(v.text) is None
    ]
    if not texts:
        # The goals come in the next row, under column heads (自评表, 中期/年度 layouts).
        b.goals_pending = True
        b.goals_with_actual = any(v.key in _ACTUAL_HEADS for v in values)
        return
    if b.kind != "target" and len(texts) >= 2 and len(values) > len(texts):
        # 自评表: the heads were on this row, then 预期目标 and 实际完成情况.
        b.goal_texts.append(texts[0])
        b.goals_actual.append(texts[1])
        return
    b.goal_texts.append("\n".join(texts))


def _pending_goals(b: Builder, cells: list[Token]) -> None:
    if all(t.key in _GOAL_COLUMNS for t in cells):
        # "预期目标 | 实际完成情况" on a row of its own under the label: the texts follow.
        b.goals_with_actual = any(t.key in _ACTUAL_HEADS for t in cells)
        return
    b.goals_pending = False
    # A 实际完成情况 head says a self-evaluation's goal and actual, before the kind is known.
    if (b.kind != "target" or b.goals_with_actual) and len(cells) >= 2:
        b.goal_texts.append(cells[0].text)
        b.goals_actual.append(cells[1].text)
    else:
        # Anhui's 申报表 puts 中期目标 first and 年度目标 last.
        b.goal_texts.append(cells[-1].text)


# "2,279.048 万元", "120万(含上年结转20万)", "(提前下达):208万元": a number, its unit, a note.
_AMOUNT = re.compile(
    r"^(?:[(（][^)）]{0,12}[)）])?[:：]?"
    r"(?P<num>[-+]?(?:\d[\d,，]*(?:\.\d+)?|\.\d+))"
    r"(?P<unit>亿元|万元|千元|元|万|亿)?(?P<note>[(（,，;；。].*)?$"
)
_DIGIT_SPACE = re.compile(r"(?<=[\d.,])\s+(?=[\d.])|\s+")
# Below this many 元 no project is funded: a "单位:元" caption over such amounts is a
# template leftover and the amounts are 万元.
CAPTION_YUAN_FLOOR = Decimal(1000)


def money(text: str) -> tuple[Decimal, str | None] | None:
    """Given a money cell, return (number, unit written or None), or None when it is not money."""
    match = _AMOUNT.match(_DIGIT_SPACE.sub("", text))
    if match is None:
        return None
    try:
        value = Decimal(match.group("num").replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None
    return (value, match.group("unit")) if value.is_finite() else None


def amount(tok: Token, unit: str) -> Decimal | None:
    """Given a money cell and the block's unit, return 万元 (None when not a number).

    ``unit`` is "万元", "元" (from the label or the funds block) or "caption:元" (from a
    "单位:元" line above the table, which templates often keep when the form is in 万元):
    a caption's 元 is believed only for amounts of at least 1000 with at most two decimals,
    since 元 amounts stop at 分 and no project is funded with less than 1000 元.
    """
    found = money(tok.text)
    if found is None:
        return None
    value, written = found
    if written:
        return to_wanyuan(value, written)
    if unit.startswith("caption:"):
        unit = unit.removeprefix("caption:")
        decimals = -value.as_tuple().exponent if value.as_tuple().exponent < 0 else 0  # type: ignore[operator]
        if unit == "元" and (value < CAPTION_YUAN_FLOOR or decimals > 2):
            unit = "万元"
    return to_wanyuan(value, unit) if unit in MONEY_UNITS else normalize(value)


def _rate(tok: Token) -> Decimal | None:
    text = tok.text.replace(" ", "")
    try:
        if text.endswith(("%", "％")):
            return Decimal(text[:-1]) / 100
        return Decimal(text)
    except InvalidOperation:
        return None


_HEADED_AMOUNT = re.compile(
    r"^(?:(?:年初|全年|调整后)?预算数?|总额|合计)(?:\([A-Z]\)|（[A-Z]）)?[:：]?"
    r"(\d[\d,]*(?:\.\d+)?(?:万元|万|元)?)"
)


def _funds(b: Builder, name: str, values: list[Token], unit: str) -> None:
    if b.funds_roles and name in ("total", "fiscal"):
        _funds_columns(b, name, values, unit)
        return
    for tok in values:
        headed = _HEADED_AMOUNT.search(tok.text)
        # "全年预算数(A)300全年执行数(B)…": a column head glued to its amount.
        value = amount(_cell(headed.group(1), tok), unit) if headed else None
        if value is None:
            value = amount(tok, unit)
        if value is not None:
            b.funds[name] = value
            return
    b.funds.setdefault(name, None)


_EXECUTION_ROLES = frozenset(
    {
        "budget_initial",
        "budget_adjusted",
        "executed",
        "execution_rate",
        "execution_weight",
        "execution_score",
    }
)


def _funds_columns(b: Builder, name: str, values: list[Token], unit: str) -> None:
    by_role: dict[str, Decimal | None] = {}
    roles = list(b.funds_roles)
    if values and len(values) < len(roles) and money(values[0].text) is None:
        # "303010100%": the cells of the row glued together; the heads say how many.
        # Amounts that keep their unit ("3359.62万3359.62万100%") are cut after it.
        units = _UNIT_AMOUNTS.fullmatch(values[0].text.replace(" ", ""))
        glued = (
            _UNIT_AMOUNT.findall(values[0].text.replace(" ", ""))
            if units
            else unglue_funds(values[0].text, roles)
        )
        if glued is not None:
            values = [Token(p, p, p, values[0].col, values[0].loc) for p in glued]
    if 0 < len(values) < len(roles):
        roles = _roles_of_short_row(roles, values, fiscal=name == "fiscal")
    for role, tok in zip(roles, values, strict=False):
        by_role[role] = _rate(tok) if role == "execution_rate" else amount(tok, unit)
    # A 自评表's 年度资金总额 is its 年初预算 when the row gives one: the amount set
    # with the targets, comparable to the target table's total (an adjustment during
    # the year is kept apart in budget_adjusted, and execution is measured on that).
    # With no 年初 column (or its cell blank) the full-year budget is the only total.
    main = by_role.get("budget_initial")
    if main is None:
        main = by_role.get("budget_adjusted")
    execution = {r: v for r, v in by_role.items() if r in _EXECUTION_ROLES}
    if name == "fiscal":
        b.funds["fiscal"] = main
        # With no total row (or before it), the 财政拨款 row is the only execution read.
        # A total row left at 0 / 0 / 0 above a filled 财政拨款 row (90 / 89.974 / 89.974)
        # was not filled in: the fiscal row's amounts are the execution (its 分值 and
        # 得分 stay the unit's own, to be checked).
        unfilled = _amounts_zero(b.funds) and any(by_role.get(r) for r in _BUDGET_ROLES)
        for role, value in execution.items():
            if b.funds.get(role) is None or (unfilled and role in _FISCAL_REPLACES):
                b.funds[role] = value
        if unfilled and "execution_rate" not in by_role:
            b.funds["execution_rate"] = None
        return
    b.funds["total"] = main
    b.funds.update(execution)


def _amounts_zero(funds: dict[str, Decimal | None]) -> bool:
    """Whether the total row's amounts were read and are all 0 (none positive)."""
    amounts = [funds.get(r) for r in _BUDGET_ROLES]
    return any(a is not None for a in amounts) and not any(a for a in amounts)


def _roles_of_short_row(roles: list[str], values: list[Token], *, fiscal: bool) -> list[str]:
    """Given the funds heads and a row with fewer cells (a blank cell vanished in a
    space-separated dump), return the role of each cell.

    The one cell with "%" is the rate: cells before it fill the amount columns from the
    left, cells after it the columns after the rate from the right ("864.2 | 100% | 20"
    under 预算数 | 执行数 | 执行率 | 得分 has no 执行数). Without a rate, the last is the
    score, except on the 财政拨款 row: the 10号 form merges 分值 and 得分 over the total
    row only, so "90 | 89.974 | 89.974" there are its 年初, 全年 and 执行数.
    """
    marked = [i for i, t in enumerate(values) if t.text.rstrip().endswith(("%", "％"))]
    if len(marked) == 1 and "execution_rate" in roles:
        at, rate_at = marked[0], roles.index("execution_rate")
        before, after = roles[:rate_at], roles[rate_at + 1 :]
        tail = len(values) - at - 1
        if at <= len(before) and tail <= len(after):
            return before[:at] + ["execution_rate"] + (after[len(after) - tail :] if tail else [])
    if fiscal and not marked:
        return roles[: len(values)]
    return roles[: len(values) - 1] + roles[-1:]


def expand_labels(row: Row) -> Row:
    """Given a header row, return it with "项目名称：某某" cells cut into label and value.

    Word documents and HTML pages often put a label and its value in one cell, with a
    colon or with nothing between them ("部门(单位)名称某某街道办事处区级支出预算总量3724.39").
    """
    out: Row = []
    for tok in row:
        pieces = _label_pieces(tok) if not tok.empty and header_field(tok.text) is None else None
        if pieces is None:
            out.append(tok)
            continue
        out.extend(Token(piece, piece, norm(piece), tok.col, tok.loc) for piece in pieces)
    return out


# A value glued to its label is a name or an amount; a short word after a label is
# more likely the rest of a longer column head.
_GLUED_VALUE_MIN = 5
_CJK = re.compile(r"[\u4e00-\u9fff]")


_BLOCK_GLUED = re.compile(r"^(?:项目资金|项目预算资金|资金情况|项目金额)[(（](?:万元|元)[)）]")
# "合计1800": a funds block's total cell glued to its amount.
_TOTAL_GLUED = re.compile(r"^(?P<label>合计|总计)[:：]?(?P<amount>\d[\d,.]*(?:万元|元|万)?)$")
# "(万元)中期资金总额:3581.8…": the funds block's unit, cut off its label by a line's
# borders, before the labels and amounts glued after it.
_UNIT_NOTE = re.compile(r"^[(（](?:万元|元|千元|亿元)[)）]")


def _label_pieces(tok: Token) -> list[str] | None:
    block = _BLOCK_GLUED.match(tok.text)
    if block and KEYWORD_SPLIT.match(tok.text, block.end()):
        # "项目预算资金(万元)中期预算资金总额年度预算资金总额25": the funds block's label,
        # then its own labels and amounts, borders lost.
        rest = tok.text[block.end() :]
        pieces = _label_pieces(Token(rest, rest, norm(rest), tok.col, tok.loc))
        return [block.group(), *pieces] if pieces else None
    total = _TOTAL_GLUED.match(tok.text)
    if total and money(total.group("amount")) is not None:
        return [total.group("label"), total.group("amount")]
    note = _UNIT_NOTE.match(tok.text)
    if note and len(tok.text) > note.end():
        rest = tok.text[note.end() :].strip()
        pieces = _label_pieces(Token(rest, rest, norm(rest), tok.col, tok.loc))
        return [note.group(), *pieces] if pieces else None
    cut = _label_cut(tok)
    if cut is not None:
        rest = tok.text[cut + 1 :]
        # "中期资金总额:3581.8年度资金总额:3581.8": an amount, then the next label.
        after = KEYWORD_SPLIT.search(rest)
        if after and after.start() > 0 and money(rest[: after.start()]) is not None:
            tail = rest[after.start() :]
            more = _label_pieces(Token(tail, tail, norm(tail), tok.col, tok.loc))
            if more:
                return [tok.text[:cut], rest[: after.start()], *more]
        return [tok.text[:cut], rest]
    if len(tok.text) < 6 or not KEYWORD_SPLIT.match(tok.text):
        return None
    # A cell that starts with a label glued to its value: cut at every label in it.
    parts = [p.strip(" :：") for p in KEYWORD_SPLIT.split(tok.text)]
    parts = [p for p in parts if p]
    if len(parts) < 2 or not header_field(parts[0]):
        return None
    if len(_CJK.findall(parts[1])) < _GLUED_VALUE_MIN and money(parts[1]) is None:
        # "年度目标完成情况" is a column head, not 年度目标 = "完成情况"; "年度目标1:(80分)"
        # is a numbered label.
        return None
    return parts


#: Longest label text before a colon ("项目资金(万元)" and its kin are far shorter):
#: testing every colon of a long cell against its whole prefix would be quadratic.
LABEL_MAX_CHARS = 40


def _label_cut(tok: Token) -> int | None:
    for index, char in enumerate(tok.text[: LABEL_MAX_CHARS + 1]):
        if char in ":：" and index + 1 < len(tok.text) and header_field(tok.text[:index]):
            return index
    return None


_GLUED = re.compile(r"^(?P<left>\d[\d.]*)[%％](?P<right>\d[\d.]*)?")
_UNIT_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?(?:万元|万|元|[%％])")
_UNIT_AMOUNTS = re.compile(rf"(?:{_UNIT_AMOUNT.pattern}){{2,}}")
_NUMBER = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")
_BUDGET_ROLES = ("budget_initial", "budget_adjusted", "executed")
_FISCAL_REPLACES = frozenset({*_BUDGET_ROLES, "execution_rate"})
_USUAL_WEIGHTS = frozenset({"5", "10", "15", "20", "25", "30"})


def unglue_funds(text: str, roles: list[str]) -> list[str] | None:
    """Given a funds row whose cells ran together ("303010100%") and its column roles, return the cells.

    Only the 执行率 keeps its "%", so the digits before it hold the amounts and the rate,
    those after it the score. Of all the ways to cut them, the one where the rate is the
    executed share of the budget (and budgets repeat) wins; ``None`` when no cut fits.
    """
    match = _GLUED.match(text.replace(" ", ""))
    if match is None or "execution_rate" not in roles:
        return None
    at = roles.index("execution_rate")
    before, after = roles[:at], roles[at + 1 :]
    left = match.group("left")
    best: tuple[int, list[str]] | None = None
    for count in range(len(before), 0, -1):
        # The cuts depend only on how many cells there are, not on which columns hold them.
        cuts = _cuts(left, count + 1)
        # A blank cell leaves no trace in glued text: any of the columns may be the one missing.
        for kept in combinations(before, count):
            for pieces in cuts:
                fit = _fit(dict(zip(kept, pieces[:-1], strict=True)), pieces[-1])
                if fit is None:
                    continue
                fit += count == len(before)
                if best is None or fit > best[0]:
                    best = (fit, pieces)
    if best is None or best[0] < 2:
        return None
    cells = best[1][:-1] + [best[1][-1] + "%"]
    if after and match.group("right"):
        cells.append(match.group("right"))
    return cells


def _cuts(digits: str, parts: int) -> list[list[str]]:
    if parts == 1:
        return [[digits]] if _NUMBER.match(digits) else []
    out: list[list[str]] = []
    for end in range(1, len(digits) - parts + 2):
        head = digits[:end]
        if _NUMBER.match(head):
            out.extend([head, *rest] for rest in _cuts(digits[end:], parts - 1))
    return out


def _fit(by_role: dict[str, str], rate_text: str) -> int | None:
    rate = Decimal(rate_text)
    if rate > 200:
        return None
    budgets = {r: Decimal(v) for r, v in by_role.items() if r in _BUDGET_ROLES}
    score = 0
    planned = budgets.get("budget_adjusted", budgets.get("budget_initial"))
    done = budgets.get("executed")
    if planned is not None and done is not None:
        if not planned or abs(done / planned * 100 - rate) >= Decimal("0.6"):
            return None
        if done and not rate:
            return None  # "0%" of a spent budget: a cut in the wrong place
        score += 3
    elif planned is not None and rate == 100 and len(budgets) == 1:
        score += 1
    score -= sum(1 for v in budgets.values() if not v)  # a budget of 0 is rarely written
    if len(set(budgets.values())) < len(budgets):
        score += 2  # 年初 = 全年 (or 全年 = 执行 at 100 %): budgets usually repeat
    weight = by_role.get("execution_weight")
    if weight is not None:
        if Decimal(weight) > 100:
            return None  # a weight is out of 100 points
        score += 1 if weight in _USUAL_WEIGHTS else -1
    return score


def _cell(text: str, like: Token) -> Token:
    # A piece cut out of a cell, placed where the cell was.
    return Token(text, text, norm(text), like.col, like.loc)


# Column heads of a project list that give a header field (besides the header labels).
_LIST_COLUMNS = {"预算数": "total", "预算金额": "total", "年度预算": "total", "预算安排": "total"}


def header_columns(cells: Row) -> list[tuple[str, str]]:
    """Given a block header row, return (head, field) of the header columns before the levels.

    Department-wide exports list several projects in one table: 单位名称 | 项目名称 |
    预算数 | 年度目标 | 一级指标 | … Each project's first row carries its header there.
    """
    out: list[tuple[str, str]] = []
    for tok in cells:
        if tok.key in ("一级指标", "二级指标", "三级指标", "绩效指标"):
            break
        name = header_field(tok.text) or _LIST_COLUMNS.get(_NOTE.sub("", tok.key))
        if name is None or name == "ignore":
            return []
        # The unit that lists its own projects is their department.
        out.append((tok.text, "department" if name == "unit_name" else name))
    return out if len(out) >= 2 and any(f == "name" for _, f in out) else []


def apply_header_cells(b: Builder, values: list[Token]) -> None:
    """Given a project row's header cells, fill the fields of the builder's header columns.

    Rows lose their empty leading cells in text, so the cells stand for the last columns.
    """
    columns = b.header_columns[-len(values) :] if values else []
    for (head, name), tok in zip(columns, values, strict=False):
        if not tok.empty:
            _apply(b, name, [tok], _cell(head, tok))
