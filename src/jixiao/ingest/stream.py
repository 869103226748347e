"""Rows rebuilt from a cell stream (one cell per line, '|' separators, run-on text).

Header labels start a row that runs to the next label; the block header runs to
the first level name; each indicator row is its level names, a name and as many
values as the block header has value columns.
"""

from __future__ import annotations

import re

from jixiao.ingest.glued import HEAD_WORDS, split_heads, split_leading_heads, split_rows
from jixiao.ingest.tokens import Row, Token, is_block_header, is_level, split_glued
from jixiao.ingest.vocab import (
    CORE_ROLES,
    END_OF_TABLE,
    NAME_COLUMN_HEADS,
    column_role,
    header_field,
    is_footer,
    is_title,
    norm,
    strip_ruby,
)
from jixiao.model.taxonomy import canonical_level1, canonical_level2
from jixiao.model.values import parse_value

_NUMBER = re.compile(r"^\d+(?:\.\d+)?分?$")
# "指标2:" alone: the numbering of a blank form's row, with no name of its own.
_EMPTY_NUMBERING = re.compile(r"^\s*(?:指标|指標)\d{1,2}[:：]\s*$")
_CJK = re.compile("[\u4e00-\u9fff]")


def rebuild_stream(rows: list[Row]) -> list[Row]:
    """Given one-cell rows in reading order, return rows rebuilt from their meaning.

    Header labels start a row that runs to the next label; the block header runs to
    the first level name; each indicator row is its level names, a name and as many
    values as the block header has value columns. An empty row is a boundary hint.
    """
    # A grid turns to a stream when one line ran on; its other lines may still hold
    # several cells ("项目名称 禁毒经费"), and all of them are kept, in reading order.
    # A transposed block keeps its lines: each is a row of names or of values.
    across = next((i for i, r in enumerate(rows) if transposed_names(r)), len(rows))
    flat: list[Token | None] = []
    for r in rows[:across]:
        flat.extend(r or [None])
    return _Rebuilder(flat).run() + [r for r in rows[across:] if r]


# A transposed block (三级指标 | name | name …) names at least two indicators.
_ACROSS_MIN = 3
NAME_HEADS = frozenset(NAME_COLUMN_HEADS)


def transposed_names(row: Row) -> bool:
    """Whether a row opens a transposed indicator block (names across, values below).

    Guangdong's provincial 专项资金 target tables turn the block on its side:
    ``三级指标 | 新建校区 | 工程达标率(%)`` then ``年度目标值 | 7 | 100%``: a name head
    followed by two or more cells that are neither levels nor column heads.
    """
    if len(row) < _ACROSS_MIN or next((t.key for t in row if not t.empty), "") not in NAME_HEADS:
        return False  # most rows: cheap to rule out before looking at every cell
    cells = [t for t in row if not t.empty]
    if len(cells) < _ACROSS_MIN:
        return False
    return not any(
        is_level(t) or column_role(t.text) or t.key in NAME_COLUMN_HEADS for t in cells[1:]
    )


class _Rebuilder:
    def __init__(self, tokens: list[Token | None]) -> None:
        self.tokens = tokens
        self.rows: list[Row] = []
        self.cur: Row = []
        self.mode = "header"
        self.slots = 1
        self.left = 0
        self.first_role: str | None = "value"
        self.optional = 0
        self.optional_left = 0
        # The value columns' roles in header order, for rows whose cells are glued.
        self.roles: list[str | None] = []
        # A word the trees do not know standing in the 一级 column ("项目决策").
        self.label1: Token | None = None
        # The block header names two groups side by side (三级指标 twice: Anhui's 中期 |
        # 年度), and whether the last row already took its second group.
        self.paired = False
        self.merged = False

    def flush(self) -> None:
        self.label1 = None
        if self.cur:
            if self._second_group():
                # One cell a line, the row's 年度 group after its 中期 group reads as a row
                # of its own with the same name: it is the same row's other half.
                self.cur = self.rows.pop() + self.cur
                self.merged = True
            else:
                self.merged = False
            self.rows.append(
                [Token(t.raw, t.text, t.key, i, t.loc) for i, t in enumerate(self.cur)]
            )
        self.cur = []

    def _second_group(self) -> bool:
        if not (self.paired and self.mode == "indicators" and self.rows) or self.merged:
            return False
        before = next((t.key for t in self.rows[-1] if not is_level(t)), None)
        here = next((t.key for t in self.cur if not is_level(t)), None)
        return before is not None and before == here

    def run(self) -> list[Row]:
        for index, tok in enumerate(self.tokens):
            if tok is None:
                # "||||" ends a row: in the indicator block, and also before any header
                # was recognised (an excerpt that starts mid-table).
                if self.mode in ("indicators", "header"):
                    self.flush()
                continue
            if tok.empty:
                if self.mode == "indicators":
                    self._empty_cell(tok)
                continue
            if self.mode == "header":
                self._header(tok, index)
            elif self.mode == "colheads":
                self._colheads(tok, index)
            else:
                self._indicator(tok, index)
        self.flush()
        return self.rows

    def _header(self, tok: Token, index: int = -1) -> None:
        heads, rest = split_leading_heads(tok.text) if len(tok.key) > 8 else ([], "")
        if not heads and len(tok.key) > 8 and ("指标" in tok.key or "内容" in tok.key):
            tok = self._heads_after_text(tok)
            heads, rest = split_leading_heads(tok.text)
        if len(heads) >= 3 and any(h in NAME_COLUMN_HEADS or h.endswith("级指标") for h in heads):
            # The whole block header as one cell, borders lost; run-on text may glue
            # the first rows after it.
            self.flush()
            self.mode = "colheads"
            self.cur = [Token(h, h, norm(h), tok.col, tok.loc) for h in heads]
            if rest.strip():
                self._set_roles()
                self.flush()
                self.mode = "indicators"
                rest = rest.strip()
                self._indicator(Token(rest, rest, norm(rest), tok.col, tok.loc), index)
        elif is_block_header(tok):
            self.flush()
            self.mode = "colheads"
            self.cur = [tok]
        elif header_field(tok.text) or is_title(tok.text) or is_footer(tok.text):
            self.flush()
            self.cur = [tok]
        elif canonical_level1(tok.text) and any(
            header_field(t.text) == "name" for r in self.rows for t in r
        ):
            self.flush()
            self.mode = "indicators"
            self._indicator(tok, -1)
        else:
            self.cur.append(tok)

    def _heads_after_text(self, tok: Token) -> Token:
        """Given a cell, return it from where glued block heads start after a sentence.

        A report runs on into its table: "…完成情况如下:评价内容绩效内容绩效目标值…".
        The text before the heads stays a header row of its own.
        """
        at = _NAME_HEAD.search(tok.text)
        if at is None or at.start() == 0:
            return tok
        heads, _ = split_leading_heads(tok.text[at.start() :])
        if len(heads) < 3:
            return tok
        before = tok.text[: at.start()]
        self.cur.append(Token(before, before, norm(before), tok.col, tok.loc))
        text = tok.text[at.start() :]
        return Token(text, text, norm(text), tok.col, tok.loc)

    def _heads_ahead(self, index: int) -> bool:
        """Whether the cells from here to the first level name are heads cut at spaces."""
        keys: list[str] = []
        for tok in self.tokens[index:] if index >= 0 else ():
            if tok is None or tok.empty:
                continue
            if is_level(tok) or is_footer(tok.text) or len(keys) > _HEAD_PIECES:
                break
            keys.append(tok.key)
        return len(keys) >= 2 and split_heads("".join(keys)) is not None

    def _rejoin_heads(self) -> None:
        """Join value heads that a two-line header cut at its spaces, when together they read.

        "年度 | 指标值实际 | 完成值分 | 值得 | 分偏差原因分析 | 及改进措施" is 年度指标值 |
        实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施, each head wrapped in its cell.
        """
        # The block's own label (年度绩效指标, a rowspan cell before 一级指标) keeps its
        # place in front: joined with the value heads it would shift every column.
        names = [
            t
            for t in self.cur
            if t.key in NAME_COLUMN_HEADS or t.key.endswith("级指标") or is_block_header(t)
        ]
        rest = [t for t in self.cur if t not in names]
        if len(rest) < 2 or all(split_heads(t.key) or t.key in HEAD_WORDS for t in rest):
            return
        heads = split_heads("".join(t.key for t in rest))
        if heads is None:
            return
        at = rest[0]
        self.cur = names + [Token(h, h, norm(h), at.col, at.loc) for h in heads]

    def _set_roles(self) -> None:
        roles = [
            column_role(t.text)
            for t in self.cur
            if t.key not in ("绩效指标", "一级指标", "二级指标", "三级指标", "年度绩效指标")
            and t.key not in NAME_COLUMN_HEADS
        ]
        self.roles = roles
        self.paired = sum(t.key == "三级指标" for t in self.cur) == 2
        self.merged = False
        # An explanation column after the values (指标说明, 备注) is often left empty, and
        # a cell-per-line dump drops empty cells: like a reason it is optional, taken
        # only when the next cells show it is no new name.
        last_core = max(
            (i for i, r in enumerate(roles) if r in CORE_ROLES and r != "ignore"), default=-1
        )
        core = [r for r in roles[: last_core + 1] if r in CORE_ROLES]
        self.slots = max(1, len(core))
        self.first_role = core[0] if core else "value"
        self.optional = sum(
            1 for r in roles[last_core + 1 :] if r in ("reason", "measures", "ignore")
        )

    def _colheads(self, tok: Token, index: int) -> None:
        heads, rest = split_leading_heads(tok.text) if len(tok.key) > 4 else ([], "")
        if len(heads) >= 2:
            # "指标名称指标权重计量单位指标性质指标值": the heads lost their cell borders,
            # and run-on text may glue the first rows after them.
            self.cur.extend(Token(h, h, norm(h), tok.col, tok.loc) for h in heads)
            if rest.strip():
                self._set_roles()
                self.flush()
                self.mode = "indicators"
                rest = rest.strip()
                self._indicator(Token(rest, rest, norm(rest), tok.col, tok.loc), index)
        elif is_level(tok):
            self._rejoin_heads()
            self._set_roles()
            self.flush()
            self.mode = "indicators"
            self._indicator(tok, index)
        elif (
            is_block_header(tok)
            or column_role(tok.text)
            or _looks_like_head(tok)
            or not self.cur
            or self._heads_ahead(index)
        ):
            self.cur.append(tok)
        else:
            # Something else after the block header: no level names follow.
            self._set_roles()
            self.flush()
            self.mode = "indicators"
            self._indicator(tok, index)

    def _indicator(self, tok: Token, index: int) -> None:
        if is_footer(tok.text) or is_title(tok.text) or header_field(tok.text) == "name":
            self.flush()
            self.mode = "header"
            self.cur = [tok]
            return
        if tok.key in ("一级指标", "三级指标"):
            # The block header again: a second goal's block (Hubei 年度绩效目标1 / 2) or
            # a page's repeated header; its heads may differ.
            self.flush()
            self.mode = "colheads"
            self.cur = [tok]
            return
        has_name = any(not is_level(t) and t is not self.label1 for t in self.cur)
        if not has_name and not self.cur and self._unknown_level1(tok, index):
            self.cur.append(tok)
            self.label1 = tok
            return
        if tok.key == "指标" and self.cur and is_level(self.cur[-1]) and not has_name:
            # "经济效益" / "指标": a narrow level cell wrapped onto a second line.
            return
        if _EMPTY_NUMBERING.match(tok.text) and self._nothing_named_after(index):
            # "…20指标2:质量指标", "指标1:指标2:": the blank form's numbered rows, left
            # empty (no name before the next level). A row of its own, which the layout
            # counts as a template row (values.template-text), not a value of the row
            # before it.
            self.flush()
            self.cur = [tok]
            self.flush()
            return
        if is_level(tok):
            # A second-level name right after another, with no indicator between,
            # closes an empty category row ("经济效益指标 | | | |").
            if has_name or (self.cur and _same_depth(self.cur[-1], tok)):
                self.flush()
            self.cur.append(tok)
            return
        if has_name and self.left > 0:
            if self.left == self.slots and self._name_runs_on(tok):
                return
            self.cur.append(tok)
            self.left -= 1
            self._row_filled()
            return
        if has_name and self.optional_left > 0 and self._is_reason(index):
            self.cur.append(tok)
            self.optional_left -= 1
            if self.optional_left == 0:
                self.flush()
            return
        if has_name:
            self.flush()
        if self._glued_rows(tok, index):
            return
        pieces = split_glued(tok) if self._no_value_follows(index) else [tok]
        self.cur.extend(pieces)
        self.left = self.slots - (len(pieces) - 1)
        self._row_filled()

    def _nothing_named_after(self, index: int) -> bool:
        """Whether the cell after this one is no name: the stream's end, a level name or
        another empty numbering."""
        nxt = next((t for t in self.tokens[index + 1 :] if t is not None and not t.empty), None)
        return index >= 0 and (
            nxt is None or is_level(nxt) or _EMPTY_NUMBERING.match(nxt.text) is not None
        )

    def _unknown_level1(self, tok: Token, index: int) -> bool:
        """Whether a short word before a second-level name is a 一级 the trees do not know."""
        if is_level(tok) or not 2 <= len(tok.key) <= _LEVEL1_MAX_CHARS:
            return False
        if not all("\u4e00" <= ch <= "\u9fff" for ch in tok.key):
            return False
        nxt = next((t for t in self.tokens[index + 1 :] if t is not None and not t.empty), None)
        return index >= 0 and nxt is not None and canonical_level2(nxt.text) is not None

    def _name_runs_on(self, tok: Token) -> bool:
        """Whether the cell after a name holds the name's end and the row's glued values.

        A chunk marker or a cell border cut in a name leaves "音响、灯光、服装" then
        "质量等合格合格2020": the second cell is no value but the rest of the name glued
        to 合格 | 合格 | 20 | 20. The row is read again from the two joined.
        """
        name = self.cur[-1]
        if is_level(name) or not tok.text or not _CJK.match(tok.text):
            return False
        # Only where the row's glued numbers (分值, 得分) pin the cut down: a text target
        # such as "至少全年完成2次宣传" would otherwise be cut into a name and a value.
        if not {"weight", "score"} <= set(self.roles):
            return False
        if not any(ch.isdigit() for ch in tok.text):
            return False
        rows = split_rows(name.text + tok.text, self.roles)
        if rows is None or len(rows) != 1 or len(rows[0][0]) <= len(name.text):
            return False
        full, *cells = rows[0]
        if not all(c for r, c in zip(self.roles, cells, strict=False) if r in _WHOLE):
            return False
        self.cur[-1] = Token(full, full, norm(full), name.col, name.loc)
        self.cur.extend(
            Token(c, c, norm(c), name.col + i + 1, tok.loc) for i, c in enumerate(cells)
        )
        self.flush()
        self.left = self.optional_left = 0
        return True

    def _glued_rows(self, tok: Token, index: int) -> bool:
        """Given a name cell, read it as whole rows whose cells were glued; say if it was."""
        if not self.roles or len(tok.key) < 4:
            return False
        # A name whose values follow as cells of their own ends in text: only a cell that
        # ends in a number, or stands alone before the next row, can be glued rows.
        long_glued = len(tok.key) >= _LONG_GLUED and any(ch.isdigit() for ch in tok.key)
        if tok.key[-1] not in _GLUED_END and not long_glued and not self._no_value_follows(index):
            return False
        if not any("\u4e00" <= ch <= "\u9fff" for ch in tok.key):
            return False  # numbers alone: no name to cut
        rows = split_rows(tok.text, self.roles)
        if rows is None:
            return False
        whole = [
            all(c for r, c in zip(self.roles, row[1:], strict=False) if r in _WHOLE) for row in rows
        ]
        if not (all(whole[:-1]) and (whole[-1] or len(rows) > 1 or self._no_value_follows(index))):
            return False
        read = sum(len(c) for row in rows for c in row)
        if len(tok.text) - read >= _PROSE_TAIL and self._sentence_value(tok, rows, read, index):
            # "提升…扶持力度显著提升了疫情期间对…的发展。" alone on its line: a target written
            # as a sentence runs to the row's end, it is not prose after the table.
            rows[-1][-1] += tok.text[read:]
            read = len(tok.text)
        written, pos = _as_written(tok), 0

        def piece(text: str, col: int) -> Token:
            nonlocal pos
            raw, pos = _written_piece(tok.text, written, text, pos)
            return Token(raw, text, norm(text), col, tok.loc)

        for row in rows:
            name, *cells = row
            level, name = _leading_level(name)
            if level:
                self.cur.append(piece(level, 0))
            self.cur.append(piece(name, 0))
            self.cur.extend(piece(c, i + 1) for i, c in enumerate(cells))
            self.flush()
        self.left = self.optional_left = 0
        if len(tok.text) - read >= _PROSE_TAIL:
            # The rows ran on into prose ("…100%100%(二)项目财务管理状况本项目…"): the
            # table ends there, and what follows is a report's text, not more rows.
            self.cur.append(Token(END_OF_TABLE, END_OF_TABLE, END_OF_TABLE, 0, tok.loc))
            self.flush()
            self.mode = "header"
        return True

    def _sentence_value(self, tok: Token, rows: list[list[str]], read: int, index: int) -> bool:
        """Whether the text left after one glued row is the rest of its text target.

        Only a line of its own (a row boundary right after it) whose value column is the
        last and whose value so far is words: run-on reports go on into prose instead.
        """
        if len(rows) != 1 or not self.roles or self.roles[-1] != "value":
            return False
        if index + 1 < len(self.tokens) and self.tokens[index + 1] is not None:
            return False
        value, rest = rows[0][-1], tok.text[read:]
        if not value or not tok.text[:read].endswith(value) or _quantity_text(value):
            return False
        return "。" not in rest[:-1] and not is_footer(rest)

    def _empty_cell(self, tok: Token) -> None:
        # Only a row already under way has slots an empty cell can stand in.
        if not any(not is_level(t) for t in self.cur):
            return
        if self.left > 0:
            if self.left == self.slots and self.first_role == "value":
                return  # a value is never blank: the row lost a cell before it
            self.cur.append(tok)
            self.left -= 1
            self._row_filled()
        elif self.optional_left > 0:
            self.optional_left -= 1
            if self.optional_left == 0:
                self.flush()

    def _row_filled(self) -> None:
        if self.left > 0:
            return
        self.optional_left = self.optional
        if self.optional_left == 0:
            self.flush()

    def _is_reason(self, index: int) -> bool:
        """Whether the cell after a full row is its deviation reason, not a new name.

        A new name is followed by its first value; where that first column is a
        number (分值 first, as in Anhui's 2019 自评表), text after the candidate
        means the candidate was a reason.
        """
        nxt = next((t for t in self.tokens[index + 1 :] if t is None or not t.empty), None)
        if nxt is None or is_level(nxt) or is_footer(nxt.text) or is_title(nxt.text):
            return True
        if self.first_role in ("weight", "score"):
            return _NUMBER.match(nxt.text.replace(" ", "")) is None
        # The value comes first: a new name is followed by a number-bearing value, a note
        # by a name and then its value ("10套" / "烟感控制设备" / "160个" is a new row).
        after = [t for t in self.tokens[index + 1 :] if t is not None and not t.empty][:2]
        if _quantity(self.tokens[index]) or _quantity(after[0]):
            return False
        # (A word such as 达标 before a number is a text target and its actual, not a name.)
        if len(after) > 1 and _quantity(after[1]) and len(after[0].key) >= _NAME_MIN:
            return True
        cell = self.tokens[index]
        return cell is not None and (cell.key.startswith("反映") or len(cell.key) > _NOTE_MIN)

    def _no_value_follows(self, index: int) -> bool:
        for nxt in self.tokens[index + 1 :] if index >= 0 else ():
            if nxt is None:
                return True
            if nxt.empty:
                continue
            # A blank form's "指标2:" after the row is no value of it either.
            return (
                is_level(nxt)
                or is_footer(nxt.text)
                or is_title(nxt.text)
                or _EMPTY_NUMBERING.match(nxt.text) is not None
            )
        return True


_NAME_MIN = 4
# A cell longer than this after a full row is its note (指标说明 "反映…"), not a name.
_NOTE_MIN = 20


def _quantity_text(text: str) -> bool:
    return parse_value(text).is_quantitative


def _quantity(tok: Token | None) -> bool:
    """Whether a cell is a value with a number ("160个", "≥95%", "2021年12月31日")."""
    return tok is not None and parse_value(tok.text).is_quantitative


_GLUED_END = frozenset("0123456789%‰")
_LEVEL1_MAX_CHARS = 6
# Pieces of value heads a wrapped two-line header may be cut into.
_HEAD_PIECES = 12
# Heads that open a glued block header: the level or name column's.
_NAME_HEAD = re.compile("一级指标|评价内容|绩效内容|指标名称|三级指标")
# A cell this long holding digits is several glued rows, whatever follows it.
_LONG_GLUED = 16
# Characters left unread after glued rows that make the rest prose, not a cut-off row.
_PROSE_TAIL = 12
# Cells a glued row must have for it to stand without a boundary after it.
_WHOLE = frozenset({"value", "weight", "score", "actual"})


def _as_written(tok: Token) -> str | None:
    """Given a glued cell, return its raw text aligned with its reading text, if it is."""
    # The rows are cut on the reading text (full-width "％" and digits made ASCII,
    # traditional made simplified); values keep the file's characters when each reading
    # character stands for one written one.
    written = strip_ruby(tok.raw)
    return written if len(written) == len(tok.text) else None


def _written_piece(text: str, written: str | None, piece: str, pos: int) -> tuple[str, int]:
    """Given the cell's text, its written form, a cut piece and where to look, return it as written."""
    at = text.find(piece, pos)
    if written is None or at < 0:
        return piece, pos
    return written[at : at + len(piece)], at + len(piece)


def _leading_level(name: str) -> tuple[str, str]:
    """Given a glued row's name, return a second-level name glued before it, and the rest.

    Run-on text keeps "社会效益重大森林火灾": a level written without 指标 is not cut
    off by the keyword split, whose bare words would cut too many names.
    """
    for size in (5, 4):
        head = name[:size]
        if len(name) > size + 1 and canonical_level2(head) and not canonical_level1(head):
            return head, name[size:]
    return "", name


def _looks_like_head(tok: Token) -> bool:
    # Column heads the role table does not know ("指标值及单位", "2021年实际实现值").
    return len(tok.key) <= 12 and any(w in tok.key for w in ("指标", "值", "原因", "措施", "分"))


def _same_depth(prev: Token, tok: Token) -> bool:
    # After a second level, another second level or a first level (满意度指标 after
    # 社会效益指标, empty template rows between them removed) opens a new category.
    prev_l2 = canonical_level2(prev.text) is not None and canonical_level1(prev.text) is None
    tok_l2 = canonical_level2(tok.text) is not None and canonical_level1(tok.text) is None
    return prev_l2 and (tok_l2 or canonical_level1(tok.text) is not None)
