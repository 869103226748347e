"""Grid → tables: find each table, its header block and its indicator block.

The walk is driven by what cells say, not where they sit, because real files lose
and shift columns (the example's table 4 moves 质量/时效/成本 into the 一级 column
and starts its last row in column 0). Positions are used only between a row's
third-level name and its value columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.ingest.builder import Builder
from jixiao.ingest.grid import Grid
from jixiao.ingest.header import (
    apply_header_cells,
    apply_header_row,
    expand_labels,
    header_columns,
    without_goal_points,
    year_of,
)
from jixiao.ingest.indicators import (
    PLACEHOLDER,
    add_named_value,
    apply_indicator_row,
    is_subheader,
    read_roles,
    unknown_level1,
)
from jixiao.ingest.script import ScriptRestorer, restore_table
from jixiao.ingest.stream import rebuild_stream, transposed_names
from jixiao.ingest.tokens import Row, Token, grid_rows, is_level
from jixiao.ingest.vocab import (
    NAME_COLUMN_HEADS,
    column_role,
    header_field,
    is_block_header_row,
    is_footer,
    is_title,
)
from jixiao.model.location import Location
from jixiao.model.problems import ParseResult, Problem
from jixiao.model.project import TableKind, TargetTable
from jixiao.model.taxonomy import canonical_level1, canonical_level2

_OVERALL_TITLE = re.compile(
    r"(?:^|[、.．\s《])(?P<unit>[^、《》\s\d]{2,30}?)(?:\d{4}年度?)?(?:部门|单位)?整体(?:支出)?绩效"
)
_UNIT_MIN_CHARS = 4
# "2(40分)", "2（40分）": the number and points of a goal's block heading.
_GOAL_NUMBER = re.compile(r"^\d{0,2}\s*[(（]?\s*\d*\s*分?\s*[)）]?$")
_HEAD_PIECE = re.compile("值|分|原因|措施|改进|年度|完成|指标|单位|性质")
_HEAD_PIECE_MAX = 8


_BLANK_MIN_ROWS = 3
# A row of value-column heads above the block header: at least 年度指标值 and one more,
# at most two rows above (a level label such as "一级 / 指标" may stand between).
_UPPER_MIN_HEADS = 2
_UPPER_MAX_AGE = 3
_UPPER_HEAD_MAX = 12  # "偏差原因分析及改进措施"
# The parts a lower header row splits 年度指标值 into.
_VALUE_PARTS = frozenset({"op", "value", "unit"})


def _blank_template(b: Builder) -> bool:
    """Whether a table's rows are a blank template's: placeholders left, no number anywhere."""
    values = [i.value.raw for i in b.indicators]
    return (
        b.residue > 0
        and len(values) >= _BLANK_MIN_ROWS
        and not any(ch.isdigit() for v in values for ch in v)
        and not any(i.value.is_quantitative for i in b.indicators)
    )


def _fused_row(cells: Row) -> tuple[Row, Row]:
    """Given a block header row, return (its heads, a data row fused after them or [])."""
    names = [i for i, t in enumerate(cells) if t.key in NAME_COLUMN_HEADS]
    start = names[-1] + 1 if names else 0
    for k in range(start, len(cells)):
        if canonical_level1(cells[k].text) or canonical_level2(cells[k].text):
            rest = cells[k:]
            # Only when a name and a value follow the levels: a level word may head a column.
            if sum(1 for t in rest if not is_level(t)) >= 2 and k > start:
                return cells[:k], [
                    Token(t.raw, t.text, t.key, i, t.loc) for i, t in enumerate(rest)
                ]
            break
    return cells, []


# "中期指标", "实施期绩效指标", "年度指标名称": the name column of one period's group.
_PERIOD_NAME_HEAD = re.compile(r"^(中期|实施期|年度)(?:绩效)?指标(?:名称)?$")


def _period_groups(cells: Row) -> tuple[int, int] | None:
    """The columns to leave out when a block header holds a name group per period.

    Anhui-style 申报表 put the 中期 (multi-year) and the 年度 groups side by side, each
    with its own names and values; the table states the year's targets, so the year's
    group is read and the multi-year one left out.
    """
    heads = [t for t in cells if _PERIOD_NAME_HEAD.match(t.key)]
    years = [t for t in heads if t.key.startswith("年度")]
    if len(heads) != 2 or len(years) != 1 or heads[0] is years[0]:
        return None
    return heads[0].col, years[0].col


def _year_group(cells: Row, cut: tuple[int, int]) -> Row:
    first, year = cut
    kept = [t for t in cells if t.col < first or t.col >= year]
    # The year's name head stands where 三级指标 would: it heads the name column.
    return [
        Token(t.raw, "三级指标", "三级指标", t.col, t.loc)
        if t.col == year and _PERIOD_NAME_HEAD.match(t.key)
        else t
        for t in kept
    ]


def _head_pieces(cells: Row) -> bool:
    if any(is_level(t) for t in cells):
        # "产出指标 | 数量指标 | 指标1:… | 按要求高质量完成": short cells that all hold
        # 指标 or 完成 are a data row once a level opens it, not a wrapped header.
        return False
    return all(len(t.key) <= _HEAD_PIECE_MAX and _HEAD_PIECE.search(t.key) for t in cells)


# A short line such as "(2024年度)" may carry the year; long ones are prose.
YEAR_LINE_MAX_CHARS = 40


def grids_to_result(grids: Sequence[Grid]) -> ParseResult:
    """Given the grids of one file, return all tables found and the problems met."""
    tables: list[TargetTable] = []
    problems: list[Problem] = []
    for grid in grids:
        found, met = grid_to_tables(grid)
        tables.extend(found)
        problems.extend(met)
    if not tables and grids:
        problems.append(
            Problem(
                "parse.no-table",
                "error",
                "未找到绩效目标表(没有识别到项目名称或绩效指标)",
                grids[0].source,
            )
        )
    return ParseResult(tuple(tables), tuple(problems))


def grid_to_tables(grid: Grid) -> tuple[list[TargetTable], list[Problem]]:
    """Given one grid, return its tables and problems."""
    rows, traditional = grid_rows(grid)
    if grid.stream:
        rows = rebuild_stream(rows)
    walker = _Walker(grid.source, rows_are_real=not grid.stream)
    last = max((i for i, r in enumerate(rows) if any(not t.empty for t in r)), default=-1)
    # Only text can be cut off mid-row; the end of a sheet or a page is just an end.
    if last >= 0 and not any(t.loc.line is not None for t in rows[last]):
        last = -1
    walker.closed_end = grid.closed_end
    walker.b.closed_end = grid.closed_end
    for index, row in enumerate(rows):
        walker.row(row, last=index == last)
    walker.close()
    if traditional:
        # Read on simplified text; names go back to the file's own script.
        restorer = ScriptRestorer(c.text for r in grid.rows for c in r.cells)
        return [restore_table(t, restorer) for t in walker.tables], walker.problems
    return walker.tables, walker.problems


def kind_of_title(text: str) -> TableKind:
    """Given a table title, return the kind of table it names."""
    if "自评" in text:
        return "self_evaluation"
    if "监控" in text:
        return "monitoring"
    return "target"


class _Walker:
    def __init__(self, source: Location, *, rows_are_real: bool = True) -> None:
        self.source = source
        self.rows_are_real = rows_are_real
        self.tables: list[TargetTable] = []
        self.problems: list[Problem] = []
        self.b = Builder(source, real_rows=rows_are_real)
        # The text's last row is closed by its border (Grid.closed_end).
        self.closed_end = False
        self.titled = False
        # The upper row of a two-row block header (see _upper_heads) and how many rows
        # ago it was seen.
        self.upper: list[str | None] | None = None
        self.upper_age = 0
        # A transposed block (see _transposed_start): its names, then its values.
        self.across: list[Token] | None = None
        self.across_values: list[Token] = []
        self.across_waiting = False
        # The block header's cells, for a second row that finishes its wrapped heads.
        self.block_heads: Row = []
        # Two name groups side by side (中期指标 | 指标值 | 年度指标 | 指标值): the columns
        # from the first group's name up to the year's name, left out of every row.
        self.period_cut: tuple[int, int] | None = None

    def close(self) -> None:
        b = self.b
        if b.is_empty:
            self.problems.extend(b.problems)
            return
        if _blank_template(b):
            # A blank template: its "rows" are the instructions wrapped in narrow cells
            # ("完成该项目所需时" / "间"), not indicators.
            b.problem(
                "parse.blank-template",
                "info",
                "这是一张未填写的空白模板(没有任何数值, 只有占位内容和填写说明): 未读入指标",
                b.start,
            )
            b.indicators = []
        if not b.indicators and not b.header.get("name"):
            self.problems.extend(p for p in b.problems if p.code == "parse.blank-template")
            return
        if not b.indicators:
            b.problem(
                "parse.no-indicators",
                "warning",
                f"表“{b.header.get('name') or ''}”没有读到任何绩效指标",
                b.start,
            )
        self.tables.append(b.finish())
        self.problems.extend(b.problems)

    def restart(self, at: Location) -> None:
        self.close()
        self.b = Builder(at, real_rows=self.rows_are_real, closed_end=self.closed_end)
        self.period_cut = None

    def row(self, row: Row, *, last: bool) -> None:
        if not self.b.in_indicators:
            row = expand_labels(row)
        cells = [t for t in row if not t.empty]
        if not cells:
            return
        first = cells[0]
        if self.b.field_pending and not self.b.in_indicators and not header_field(first.text):
            # The value of a label left alone on the line before, even when it reads
            # like a title ("项目名称" / "…经费支出绩效自评表").
            apply_header_row(self.b, row)
            return
        if is_title(first.text) and (len(cells) <= 2 or self.b.in_indicators):
            self._title(first, cells)
            return
        if header_field(first.text) == "name" and (self.b.in_indicators or self.b.indicators):
            self.restart(first.loc)
        self._track_upper_heads(cells)
        if self.across is not None:
            self._across_row(cells, last=last)
            return
        if not self.b.in_indicators and not self.b.indicators and self._transposed_start(cells):
            return
        b = self.b
        if b.fiscal_year is None and not b.in_indicators and len(first.key) <= YEAR_LINE_MAX_CHARS:
            if len(cells) == 1:
                b.fiscal_year = year_of(first.key)
        if b.in_indicators:
            self._indicator_row(row, cells, last=last)
        elif is_block_header_row([t.key for t in cells]):
            self._fragment(first, cells)
            heads, fused = _fused_row(cells)
            self._block_header(heads)
            if fused:
                # "一级指标 | … | 指标值 | 产出指标 | 数量指标 | 培训人次 | ≥500人次": the
                # first data row fused onto the header row.
                apply_indicator_row(b, fused, last=last)
        elif (
            canonical_level1(first.text)
            or not self.tables
            and not self.titled
            and b.is_empty
            and unknown_level1(cells)
        ) and self._fragment(first, cells):
            b.in_indicators = True
            apply_indicator_row(b, row, last=last)
        elif canonical_level1(first.text) and b.has_body and not b.done:
            b.in_indicators = True
            apply_indicator_row(b, row, last=last)
        elif not b.done:
            if b.start == self.source:
                b.start = first.loc
            apply_header_row(b, row)

    def _fragment(self, first: Token, cells: Row) -> bool:
        """Whether the grid opens with indicator rows and no header: the tail of a table.

        A page or excerpt that starts inside the previous table has its rows but no
        project name; the rows are read and the table is marked, its header left empty.
        """
        b = self.b
        if self.tables or not b.is_empty or self.titled or len(cells) < 3:
            return False
        b.start = first.loc
        b.problem(
            "parse.fragment",
            "warning",
            "文件开头是一张表的后半部分(没有表头):已读入其中的指标,项目名称等表头信息未知",
            first.loc,
        )
        return True

    def _project_row(self, cells: Row) -> bool:
        """Whether a row of a project list starts with header cells; if so, apply them.

        The first cells before the levels are the project's header (the last columns
        of the list's header block); a project after the first starts a new table.
        A row without levels (the department's subtotal "820-某镇 | 8,827,620.53")
        is no indicator.
        """
        start = next((i for i, t in enumerate(cells) if is_level(t)), None)
        if start is None:
            if len(cells) <= len(self.b.header_columns):
                return True
            return False
        if start == 0:
            return False
        values = cells[:start]
        if len(values) > len(self.b.header_columns):
            return False
        old = self.b
        names = [n for _, n in old.header_columns[-len(values) :]]
        if "name" in names and (old.header.get("name") or old.indicators):
            self.restart(values[0].loc)
            new = self.b
            new.kind, new.fiscal_year, new.roles = old.kind, old.fiscal_year, old.roles
            new.caption_unit, new.funds_unit = old.caption_unit, old.funds_unit
            new.header_columns, new.in_indicators = old.header_columns, True
            self.titled = True
            apply_header_cells(new, values)
            if not new.header.get("department") and old.header.get("department"):
                # A list's unit cell spans its projects (merged): later rows leave it out.
                new.header["department"] = old.header["department"]
                new.header["department_code"] = old.header.get("department_code")
            return True
        apply_header_cells(self.b, values)
        return True

    def _stray(self, cells: Row) -> bool:
        # A lone cell in a real row (a sheet heading between two tables) is not an
        # indicator; rebuilt stream rows and "指标N:" rows may be a name alone.
        return (
            self.rows_are_real
            and len(cells) == 1
            and not is_level(cells[0])
            and not cells[0].key.startswith("指标")
            and not PLACEHOLDER.match(cells[0].text)
        )

    def _title(self, tok: Token, cells: Row) -> None:
        self.titled = True
        if self.b.has_body:
            self.restart(tok.loc)
        b = self.b
        b.start = tok.loc
        b.kind = kind_of_title(tok.text)
        if "整体支出" in tok.key or "整体绩效" in tok.key:
            # "2024年部门(单位)整体支出绩效目标表" names no unit, yet says what the table
            # is: the 部门(单位)名称 row below then names it.
            b.overall = True
        unit = _OVERALL_TITLE.search(tok.text)
        if unit and len(unit.group("unit")) >= _UNIT_MIN_CHARS:
            # "某某局2023年度部门整体绩效自评表": the title names the unit of an overall
            # table (a 单位名称 label below wins; the name is settled when it is finished).
            b.overall = True
            b.header.setdefault("unit_name", unit.group("unit"))
        for cell in cells:
            b.fiscal_year = b.fiscal_year or year_of(cell.key)

    def _track_upper_heads(self, cells: Row) -> None:
        """Remember a row of value-column heads standing above the block header.

        Self-evaluation templates (Yunnan, Guangdong) head the block with two rows:
        ``绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因…`` over
        ``一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位``: the lower row
        splits 年度指标值 into three columns, the other heads are only in the upper row.
        """
        self.upper_age += 1
        if self.b.in_indicators:
            return
        if len(cells) < _UPPER_MIN_HEADS or len(cells[-1].key) > _UPPER_HEAD_MAX:
            return  # most rows: a value or a sentence at the end, no row of heads
        heads = cells[1:] if not column_role(cells[0].text) else cells
        roles: list[str | None] = []
        for tok in heads:
            role = column_role(tok.text) if len(tok.key) <= _UPPER_HEAD_MAX else None
            if role is None:
                return
            roles.append(role)
        if len(roles) >= _UPPER_MIN_HEADS and "value" in roles:
            self.upper, self.upper_age = roles, 0

    def _transposed_start(self, cells: Row) -> bool:
        """Whether a row opens a transposed indicator block; if so, hold its names.

        The values come in the same order under a value head (stream.transposed_names).
        """
        if not transposed_names(cells):
            return False
        self.across, self.across_values, self.across_waiting = list(cells[1:]), [], False
        return True

    def _across_row(self, cells: Row, *, last: bool) -> None:
        """Given a row after a transposed block's names, gather its names or its values."""
        names = self.across or []
        head = column_role(cells[0].text)
        if head == "value" and not self.across_values:
            # "年度目标值" alone on its line, or with the values after it.
            self.across_waiting = True
            self.across_values = list(cells[1:])
        elif self.across_waiting:
            self.across_values.extend(cells)
        elif head is None and not any(is_level(t) for t in cells):
            names.extend(cells)  # a name wrapped onto the next line: "开工率(%)"
            return
        else:
            self.across = None  # no value head follows: not a transposed block
            self.row(cells, last=last)
            return
        if len(self.across_values) >= len(names):
            self._across_finish(names)

    def _across_finish(self, names: list[Token]) -> None:
        b = self.b
        b.in_indicators, b.roles = True, ["value"]
        for name, value in zip(names, self.across_values, strict=False):
            add_named_value(b, name, value)
        # Rows after the 年度目标值 line (实施周期目标值, the period's values) repeat the
        # block for the whole period: the table ends with the year's values.
        b.done = True
        self.across = None

    def _merged_roles(self, roles: list[str | None]) -> list[str | None]:
        """Given the block header's roles, add those of the row of heads just above it."""
        upper = self.upper
        if upper is None or self.upper_age > _UPPER_MAX_AGE or self.b.indicators:
            return roles
        if "value" not in roles or not set(roles) <= _VALUE_PARTS or set(upper) <= _VALUE_PARTS:
            return roles
        at = upper.index("value")
        return [*upper[:at], *roles, *upper[at + 1 :]]

    def _block_header(self, cells: Row) -> None:
        b = self.b
        self.period_cut = _period_groups(cells) if b.real_rows else None
        if self.period_cut is not None:
            cells = _year_group(cells, self.period_cut)
        self.block_heads = list(cells)
        # "二级指标 | 三级指标 | 指标值 | 二级指标 | 三级指标 | 指标值": a group per period,
        # with no period heads (see _year_group_value).
        b.paired = sum(t.key in NAME_COLUMN_HEADS for t in cells) == 2
        b.roles = self._merged_roles(read_roles(cells))
        b.header_columns = header_columns(cells)
        names = [t.col for t in cells if t.key in NAME_COLUMN_HEADS]
        b.name_col = names[-1] if names and b.real_rows else None
        heads = {"一级指标": 1, "二级指标": 2}
        b.level_cols = {t.col: heads[t.key] for t in cells if t.key in heads and b.real_rows}
        b.in_indicators = True
        if b.kind == "target" and {"actual", "score"} & set(filter(None, b.roles)):
            b.kind = "self_evaluation"
        elif b.kind == "target" and {"progress", "likelihood", "expected"} & set(
            filter(None, b.roles)
        ):
            b.kind = "monitoring"

    def _finish_wrapped_heads(self, pieces: Row) -> None:
        """Join a wrapped head's second line to the head above it in the same column.

        A grid whose value heads wrap ("年度指标" / "值", "实际完成" / "值") gives the
        heads' second lines a row of their own under the block header: without them
        "年度指标" names no column and the targets are lost. Only real grids keep the
        columns that pair a piece with its head.
        """
        if not self.b.real_rows or not self.block_heads:
            return
        by_col = {t.col: t for t in pieces}
        if not all(t.col in {h.col for h in self.block_heads} for t in pieces):
            self._sub_heads(pieces)
            return
        joined = [
            Token(
                h.raw + by_col[h.col].raw,
                h.text + by_col[h.col].text,
                h.key + by_col[h.col].key,
                h.col,
                h.loc,
            )
            if h.col in by_col
            else h
            for h in self.block_heads
        ]
        roles = read_roles(joined)
        if roles.count("value") == 1 and read_roles(self.block_heads).count("value") == 0:
            self._block_header(joined)

    def _sub_heads(self, pieces: Row) -> None:
        # "指标值" over three merged columns, its second header row naming them
        # "指标性质 | 指标值 | 度量单位": the sub-heads replace the merged head from
        # their first column on (the heads before it keep their roles).
        first = min(t.col for t in pieces)
        if not is_subheader(pieces) or any(h.col > first for h in self.block_heads):
            return
        heads = [h for h in self.block_heads if h.col < first] + sorted(pieces, key=lambda t: t.col)
        roles = read_roles(heads)
        if roles.count("value") == 1:
            self._block_header(heads)

    def _indicator_row(self, row: Row, cells: Row, *, last: bool) -> None:
        b = self.b
        if b.done:
            return
        if self.period_cut is not None:
            row, cells = _year_group(row, self.period_cut), _year_group(cells, self.period_cut)
            if not cells:
                return
        if b.header_columns and self._project_row(cells):
            b = self.b
            start = next((i for i, t in enumerate(cells) if is_level(t)), len(cells))
            row = cells = cells[start:]
            if not cells:
                return
        if is_footer(cells[0].text):
            b.done = True
        elif is_block_header_row([t.key for t in cells]):
            # The block header repeated at the top of a continued page.
            heads, fused = _fused_row(cells)
            b.roles = read_roles(heads)
            if fused:
                apply_indicator_row(b, fused, last=last)
        elif not b.indicators and b.level1 is None and b.level2 is None and _head_pieces(cells):
            # "年度 | 指标值实际 | 完成值分": a wrapped second header row, before any level.
            self._finish_wrapped_heads(cells)
            return
        elif header_field(cells[0].text) == "goals" and len(cells) <= 2:
            # "年度绩效目标 | 2(40分)": the heading of a second goal's block (Hubei).
            # Written "年度绩效目标2(40分) | 提升…", the cell after it is that goal.
            if len(cells) == 2 and not _GOAL_NUMBER.match(cells[1].key):
                # "(80分)\n增强…": the block's points written before its goal are no goal text.
                goal = without_goal_points(cells[1].text)
                if goal:
                    b.goal_texts.append(goal)
            return
        elif self._stray(cells):
            b.problem(
                "parse.stray-row",
                "info",
                f"指标区内的一行“{cells[0].text[:40]}”既不是指标也不是层级名称,未读入",
                cells[0].loc,
            )
        elif not is_subheader(cells):
            apply_indicator_row(b, row, last=last)
