"""Rows rebuilt from a cell stream (one cell per line, '|' separators, run-on text).

Header labels start a row that runs to the next label; the block header runs to
the first level name; each indicator row is its level names, a name and as many
values as the block header has value columns.
"""

from __future__ import annotations

import re

from jixiao.ingest.tokens import Row, Token, is_block_header, is_level, split_glued
from jixiao.ingest.vocab import CORE_ROLES, column_role, header_field, is_footer, is_title
from jixiao.model.taxonomy import canonical_level1, canonical_level2

_NUMBER = re.compile(r"^\d+(?:\.\d+)?分?$")


def rebuild_stream(rows: list[Row]) -> list[Row]:
    """Given one-cell rows in reading order, return rows rebuilt from their meaning.

    Header labels start a row that runs to the next label; the block header runs to
    the first level name; each indicator row is its level names, a name and as many
    values as the block header has value columns. An empty row is a boundary hint.
    """
    # A grid turns to a stream when one line ran on; its other lines may still hold
    # several cells ("项目名称 禁毒经费"), and all of them are kept, in reading order.
    flat: list[Token | None] = []
    for r in rows:
        flat.extend(r or [None])
    return _Rebuilder(flat).run()


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

    def flush(self) -> None:
        if self.cur:
            self.rows.append(
                [Token(t.raw, t.text, t.key, i, t.loc) for i, t in enumerate(self.cur)]
            )
        self.cur = []

    def run(self) -> list[Row]:
        for index, tok in enumerate(self.tokens):
            if tok is None:
                if self.mode == "indicators":
                    self.flush()
                continue
            if tok.empty:
                if self.mode == "indicators":
                    self._empty_cell(tok)
                continue
            if self.mode == "header":
                self._header(tok)
            elif self.mode == "colheads":
                self._colheads(tok, index)
            else:
                self._indicator(tok, index)
        self.flush()
        return self.rows

    def _header(self, tok: Token) -> None:
        if is_block_header(tok):
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

    def _colheads(self, tok: Token, index: int) -> None:
        if is_level(tok):
            roles = [
                column_role(t.text)
                for t in self.cur
                if t.key not in ("绩效指标", "一级指标", "二级指标", "三级指标", "年度绩效指标")
            ]
            self.slots = max(1, len([r for r in roles if r in CORE_ROLES]))
            core = [r for r in roles if r in CORE_ROLES]
            self.first_role = core[0] if core else "value"
            last_core = max((i for i, r in enumerate(roles) if r in CORE_ROLES), default=-1)
            self.optional = sum(1 for r in roles[last_core + 1 :] if r in ("reason", "measures"))
            self.flush()
            self.mode = "indicators"
            self._indicator(tok, index)
        elif is_block_header(tok) or column_role(tok.text) or _looks_like_head(tok) or not self.cur:
            self.cur.append(tok)
        else:
            # Something else after the block header: no level names follow.
            self.flush()
            self.mode = "indicators"
            self._indicator(tok, index)

    def _indicator(self, tok: Token, index: int) -> None:
        if is_footer(tok.text) or is_title(tok.text) or header_field(tok.text) == "name":
            self.flush()
            self.mode = "header"
            self.cur = [tok]
            return
        has_name = any(not is_level(t) for t in self.cur)
        if is_level(tok):
            # A second-level name right after another, with no indicator between,
            # closes an empty category row ("经济效益指标 | | | |").
            if has_name or (self.cur and _same_depth(self.cur[-1], tok)):
                self.flush()
            self.cur.append(tok)
            return
        if has_name and self.left > 0:
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
        pieces = split_glued(tok) if self._no_value_follows(index) else [tok]
        self.cur.extend(pieces)
        self.left = self.slots - (len(pieces) - 1)
        self._row_filled()

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
        return False

    def _no_value_follows(self, index: int) -> bool:
        for nxt in self.tokens[index + 1 :] if index >= 0 else ():
            if nxt is None:
                return True
            if nxt.empty:
                continue
            return is_level(nxt) or is_footer(nxt.text) or is_title(nxt.text)
        return True


def _looks_like_head(tok: Token) -> bool:
    # Column heads the role table does not know ("指标值及单位", "2021年实际实现值").
    return len(tok.key) <= 12 and any(w in tok.key for w in ("指标", "值", "原因", "措施", "分"))


def _same_depth(prev: Token, tok: Token) -> bool:
    prev_l2 = canonical_level2(prev.text) is not None and canonical_level1(prev.text) is None
    tok_l2 = canonical_level2(tok.text) is not None and canonical_level1(tok.text) is None
    return prev_l2 and tok_l2
