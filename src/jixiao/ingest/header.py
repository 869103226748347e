"""Header rows: project, department and code, units, period, funds, goals."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from jixiao.ingest.builder import Builder, clean_text
from jixiao.ingest.tokens import Row, Token
from jixiao.ingest.vocab import FUNDS_BLOCK, header_field, norm
from jixiao.model.money import parse_amount, to_wanyuan

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
    ("分值", "execution_weight"),
    ("权重", "execution_weight"),
    ("得分", "execution_score"),
)
_GOAL_COLUMNS = (
    "预期目标",
    "实际完成情况",
    "年初设定目标",
    "年度总体目标完成情况综述",
    "年度目标",
    "年度目标完成情况",
)


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
        for word, role in _FUNDS_COLUMNS:
            if word in tok.key:
                roles.append(role)
                break
    return roles if len(roles) >= 2 else None


def apply_header_row(b: Builder, row: Row) -> None:
    """Given a header row, fill the builder's fields from its labels."""
    cells = [t for t in row if not t.empty]
    if b.goals_pending and cells and not any(header_field(t.text) for t in cells):
        _pending_goals(b, cells)
        return
    unit = FUNDS_BLOCK.match(cells[0].key) if cells else None
    if unit and unit.group(2):
        b.funds_unit = unit.group(2)
    roles = funds_header_roles(cells)
    if roles is not None:
        b.funds_roles = roles
        return
    for index, tok in enumerate(cells):
        name = header_field(tok.text)
        if name is None or name == "ignore":
            continue
        values = []
        for nxt in cells[index + 1 :]:
            if header_field(nxt.text):
                break
            values.append(nxt)
        _apply(b, name, values)


def _apply(b: Builder, name: str, values: list[Token]) -> None:
    text = values[0].text.strip() if values else ""
    if name == "goals":
        _goals(b, values)
    elif name in ("total", "fiscal", "carryover", "other"):
        _funds(b, name, values)
    elif name == "department":
        dept, code = split_code(text)
        b.header["department"], b.header["department_code"] = dept, code
    elif name == "implementing_unit":
        b.header["implementing_unit"] = split_code(text)[0]
    elif name == "period":
        match = _PERIOD.match(text.replace(" ", ""))
        b.period_years = int(match.group(1)) if match else None
    elif name == "name":
        b.header["name"] = clean_text(text) or None
    else:
        b.header[name] = text or None


def _goals(b: Builder, values: list[Token]) -> None:
    texts = [v.text for v in values if not any(v.key == w for w in _GOAL_COLUMNS)]
    if not texts:
        # The goals come in the next row, under column heads (自评表, 中期/年度 layouts).
        b.goals_pending = True
        return
    if b.kind != "target" and len(texts) >= 2 and len(values) > len(texts):
        # 自评表: the heads were on this row, then 预期目标 and 实际完成情况.
        b.goal_texts.append(texts[0])
        b.goals_actual.append(texts[1])
        return
    b.goal_texts.append("\n".join(texts))


def _pending_goals(b: Builder, cells: list[Token]) -> None:
    b.goals_pending = False
    if b.kind != "target" and len(cells) >= 2:
        b.goal_texts.append(cells[0].text)
        b.goals_actual.append(cells[1].text)
    else:
        # Anhui's 申报表 puts 中期目标 first and 年度目标 last.
        b.goal_texts.append(cells[-1].text)


def amount(tok: Token, unit: str) -> Decimal | None:
    """Given a money cell and the block's unit, return 万元 (None when not a number)."""
    value = parse_amount(tok.text)
    if value is None:
        return None
    if unit == "元" and not re.search(r"[万元]", tok.text):
        return to_wanyuan(value, "元")
    return value


def _rate(tok: Token) -> Decimal | None:
    text = tok.text.replace(" ", "")
    try:
        if text.endswith(("%", "％")):
            return Decimal(text[:-1]) / 100
        return Decimal(text)
    except InvalidOperation:
        return None


def _funds(b: Builder, name: str, values: list[Token]) -> None:
    if b.funds_roles and name in ("total", "fiscal"):
        _funds_columns(b, name, values)
        return
    for tok in values:
        value = amount(tok, b.funds_unit)
        if value is not None:
            b.funds[name] = value
            return
    b.funds.setdefault(name, None)


def _funds_columns(b: Builder, name: str, values: list[Token]) -> None:
    by_role: dict[str, Decimal | None] = {}
    roles = list(b.funds_roles)
    if 0 < len(values) < len(roles):
        # A blank cell vanished (space-separated dumps): the last value is the score.
        roles = roles[: len(values) - 1] + roles[-1:]
    for role, tok in zip(roles, values, strict=False):
        by_role[role] = _rate(tok) if role == "execution_rate" else amount(tok, b.funds_unit)
    main = by_role.get("budget_adjusted", by_role.get("budget_initial"))
    if name == "fiscal":
        b.funds["fiscal"] = main
        return
    b.funds["total"] = main
    for role, value in by_role.items():
        if role in (
            "budget_initial",
            "budget_adjusted",
            "executed",
            "execution_rate",
            "execution_weight",
            "execution_score",
        ):
            b.funds[role] = value


def expand_labels(row: Row) -> Row:
    """Given a header row, return it with "项目名称：某某" cells cut into label and value.

    Word documents and HTML pages often put a label and its value in one cell.
    """
    out: Row = []
    for tok in row:
        cut = _label_cut(tok) if not tok.empty and header_field(tok.text) is None else None
        if cut is None:
            out.append(tok)
            continue
        for piece in (tok.text[:cut], tok.text[cut + 1 :]):
            out.append(Token(piece, piece, norm(piece), tok.col, tok.loc))
    return out


#: Longest label text before a colon ("项目资金(万元)" and its kin are far shorter):
#: testing every colon of a long cell against its whole prefix would be quadratic.
LABEL_MAX_CHARS = 40


def _label_cut(tok: Token) -> int | None:
    for index, char in enumerate(tok.text[: LABEL_MAX_CHARS + 1]):
        if char in ":：" and index + 1 < len(tok.text) and header_field(tok.text[:index]):
            return index
    return None
