"""Text tables → grid: tab-separated, markdown pipes, one cell per line, spaces, run-on.

Text comes out of PDF-to-text tools, HTML pages and OCR in many shapes; each line is
split by what it carries (tabs, pipes, runs of spaces). Where rows were lost — one
cell per line with ``|`` separators, or a whole table run together on one line — the
grid is marked ``stream`` and the layout rebuilds the rows from the cells' meaning.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable
from itertools import islice

from charset_normalizer import from_bytes

from jixiao.ingest.glued import HEAD_WORDS, split_heads
from jixiao.ingest.grid import Cell, Grid, GridRow, ReadOutcome
from jixiao.ingest.tokens import is_traditional
from jixiao.ingest.vocab import (
    COLUMN_ROLES,
    HEADER_LABELS,
    KEYWORD_SPLIT,
    LEVEL_WORDS,
    NAME_COLUMN_HEADS,
    header_field,
    is_footer,
    norm,
    strip_ruby,
)
from jixiao.ingest.wrapped import (
    continued,
    page_number,
    shown_width,
    wrapped_cell,
    wrapped_cells,
    wrapped_line,
)
from jixiao.model.hanzi import to_simplified
from jixiao.model.location import Location
from jixiao.model.problems import Problem

# A line this long with no tab or pipe is a table run together (Office text dumps, OCR).
RUN_ON_MIN_CHARS = 160
# "评价内容绩效内容绩效目标值实际完成值": the heads of the 定量目标 table a provincial
# system prints into its self-evaluation reports.
_GLUED_BLOCK = re.compile("一级指标二级指标|三级指标指标值|指标名称指标|评价内容绩效内容")
_ROW_AFTER = re.compile(r"(?:三级指标|指标名称|指标内容|绩效内容)\S*?(?:产出|效益|满意度|成本)")
# Share of pipe-structured lines above which a file is read as one cell per line.
STREAM_SHARE = 0.3

_CJK_WORD = re.compile(r"^[\u4e00-\u9fff()（）]+$")
_PIPE_ONLY = re.compile(r"^\s*\|[\s|]*$")
_BARE_MARK = re.compile(r"\d{1,3}[、.．]")
# "# source: URL", "# kind: target": metadata comments a saved copy starts with.
_META_COMMENT = re.compile(r"^#\s*[a-z_-]+:\s")
_TRAILING_PIPE_CELL = re.compile(r"^[^|]+\|\s*$")
# "        | 一级指标": a cell per line after its pipe (HTML tables dumped with indentation).
_LEADING_PIPE_CELL = re.compile(r"^\s*\|[^|]+$")
# "( ≥**个 )": template residue whose inner spaces must not split a name.
_PAREN_SPACES = re.compile(r"([（(])\s*([^()（）]{0,12}?)\s*([)）])")


def decode(data: bytes) -> tuple[str, str, bool]:
    """Given raw bytes, return (text, encoding, lossy).

    UTF-8 (with or without BOM) and UTF-16 (by BOM) are taken as declared; other
    bytes are detected (GB18030 covers GBK and GB2312). ``lossy`` says characters
    had to be replaced.
    """
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc, False
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError as exc:
        # A file cut short (a broken download) ends inside a character: it is still
        # UTF-8, not GB18030 mojibake. Only the last, incomplete character is lost.
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data.decode("utf-8", errors="replace"), "utf-8", True
    if _looks_utf16(data):
        return data.decode("utf-16-le", errors="replace"), "utf-16-le", False
    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "gb18030"
    if encoding in ("gb2312", "gbk", "big5") or encoding.startswith("cp9"):
        encoding = "gb18030" if encoding != "big5" else "big5"
    try:
        return data.decode(encoding), encoding, False
    except (UnicodeDecodeError, LookupError):
        return data.decode("gb18030", errors="replace"), "gb18030", True


def _looks_utf16(data: bytes) -> bool:
    # UTF-16 without BOM: every other byte of ASCII-range text is NUL.
    sample = data[:400]
    return len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4


def read_text_bytes(data: bytes, name: str) -> ReadOutcome:
    """Given a text file's bytes, return its grid and any decoding problem."""
    text, encoding, lossy = decode(data)
    problems: tuple[Problem, ...] = ()
    if lossy or "\ufffd" in text:
        problems = (
            Problem(
                "parse.encoding",
                "warning",
                f"部分字符无法按 {encoding} 解码,已替换为 �",
                Location(name),
            ),
        )
    return ReadOutcome((text_to_grid(text, name),), problems)


def text_to_grid(text: str, name: str) -> Grid:
    """Given decoded text, return its grid (rows of cells, or a cell stream)."""
    if "\uff5c" in text or "\u2502" in text:
        text = _ascii_bars(text)
    lines = _join_chunks(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if '"' in text and "\t" in text:
        lines = _join_quoted_cells(lines)
    traditional = is_traditional(lines)
    simplify = to_simplified if traditional else None
    mode = _file_mode(lines, simplify)
    if mode == "stream" and _cells_end_in_pipes(lines):
        mode = "stream-cells"
    rows: list[GridRow] = []
    stream = mode.startswith("stream")
    run_on = False
    # Separators on the line that gave the last row (a PDF copy's wrapped cells, below).
    sep = {"md": "|", "tab": "\t"}.get(mode)
    last_seps = 0
    in_block = False  # pieces are looked for under the block header only
    block_start = 0
    widths: _WidthsOnce | None = None
    wraps = False
    line_above: list[str] = []
    last_filled = next((n for n in range(len(lines), 0, -1) if lines[n - 1].strip()), 0)
    for number, line in enumerate(lines, start=1):
        loc = Location(name, line=number)
        # Inline pinyin ruby ("區(qū)級(jí)") would cut every label in two.
        line = strip_ruby(line)
        if line.startswith("#") and _META_COMMENT.match(line):
            continue
        page = page_number(line)
        if page == "worded" or page == "bare" and _between_rows(sep, last_seps, lines, number):
            continue  # "- 2 -", "第 2 页 共 3 页": a PDF page's footer between two rows
        if "值" in line and mode in ("space", "glued") and len(line) >= RUN_ON_MIN_CHARS:
            # Only a run-on line: in a table with borders a 偏差原因 cell may well say
            # "目标值为100%,实际完成值为98%" and the row goes on after it.
            line = cut_report(line, simplify)
        cells, line_is_stream = _split_line(line, mode, simplify)
        if sep is not None and not in_block and ("级指标" in line or "指标名称" in line):
            in_block, block_start = True, number - 1
        if in_block and sep and cells and not line_is_stream and rows and last_seps:
            if widths is None and sep in line and not cells[0]:
                # Measured under the block header: the header block above has columns
                # of its own (a goal's text across three of them).
                widths = _WidthsOnce(lines[block_start:], mode, sep, simplify)
            found = _wrapped(
                rows[-1],
                line,
                cells,
                sep,
                (lines, number, line_above),
                widths if wraps else None,
                simplify,
            )
            line_above = cells
            if found:
                for at, piece in found:
                    rows[-1] = continued(rows[-1], at, piece)
                # A copy that wraps one cell wraps others: only then may a row of several
                # pieces be read as a name and its target both wrapped (a row of a merged
                # group looks the same).
                wraps = True
                continue
        if sep is not None and cells is not None:
            last_seps = 0 if line_is_stream else line.count(sep)
            line_above = cells
        if line_is_stream and cells is not None:
            if cells and any(_BARE_MARK.fullmatch(c) for c in cells):
                # "…≥25个 2、 培训基层卫生人员…": a preview's chunk number (or a row's
                # serial number) cut out as a cell of its own says nothing in a cell stream.
                cells = [c for c in cells if not _BARE_MARK.fullmatch(c)] or cells
            stream = True
            run_on = run_on or (mode in ("space", "md", "tab") and len(line) >= RUN_ON_MIN_CHARS)
            rows.extend(GridRow((Cell(c, source=loc),), loc) for c in cells)
            if not cells or mode == "glued":
                # A glued row ends with its line: the boundary tells the rebuild so.
                rows.append(GridRow((), loc))
        elif cells is not None:
            if mode == "space" and rows and _continues_level(rows[-1], cells, simplify):
                rows[-1] = _merge_last(rows[-1], cells[0])
                continue
            wrapped = (
                _wrapped_piece(rows[-1], cells, simplify, last=number >= last_filled)
                if mode == "space" and rows
                else None
            )
            if wrapped is not None:
                rows[-1] = _merge_into(rows[-1], wrapped, cells[0])
                continue
            if mode == "space" and rows and _continues_label(rows[-1], cells, simplify):
                # "资金名称 省级业务主管部" / "门 资金类型 实施周期": one row of labels wrapped
                # inside a label; the rest of the line goes on with that row.
                merged = _merge_last(rows[-1], cells[0])
                rest = tuple(Cell(c, source=loc) for c in cells[1:])
                rows[-1] = GridRow(merged.cells + rest, merged.source)
                continue
            rows.append(GridRow(tuple(Cell(c, source=loc) for c in cells), loc))
    family = "run-on" if run_on else _FAMILIES[mode]
    if stream:
        rows = _join_split_words(rows, simplify)
    return Grid(
        tuple(rows),
        Location(name),
        stream=stream,
        traditional=traditional,
        family=family,
        closed_end=mode in ("md", "tab") and _closed_last_line(lines, mode),
    )


def _closed_last_line(lines: list[str], mode: str) -> bool:
    """Whether the text's last line of content is a row closed after its last cell.

    A copy cut off mid-row ends inside a cell; one that ends "| 受益农户满意度 |  |"
    (or, tab-separated, "受益农户满意度<TAB>") holds the whole row, its empty value
    cell included.
    """
    last = next((ln.rstrip("\r\n ") for ln in reversed(lines) if ln.strip()), "")
    if mode == "tab":
        return last.count("\t") >= 3 and last.endswith("\t")
    last = last.strip()
    return last.count("|") >= 3 and last.endswith("|") and not _PIPE_ONLY.match(last)


# A report's sentences run on after a glued table ("…(二)项目绩效目标完成情况1.产出目标
# 完成情况(1)时效目标:资金到位时间绩效目标值是2023年12月前,实际完成值为…"): the prose
# reader takes them (ingest/prose.py, read_report_sentences); as cells they are rows of
# nonsense ("2 | 0 | 24年"). The line ends where the report's section begins.
_REPORT_SENTENCE_START = re.compile(r"目标值[是为][^,，。;；]{1,24}[,，]\s*实际完成值?[是为]")
_REPORT_SECTION = re.compile(
    r"[(（][一二三四五六七八九十]{1,3}[)）][^()（）,，。;；]{0,16}?完成情况"
)
_REPORT_LOOKBACK = 120  # the section heading stands this close before its first sentence


def cut_report(line: str, simplify: Callable[[str], str] | None = None) -> str:
    """Given a text line, return it without the report sentences that end it (if any)."""
    plain = simplify(line) if simplify else line
    sentence = _REPORT_SENTENCE_START.search(plain)
    if sentence is None or len(plain) != len(line):
        return line
    section = _REPORT_SECTION.search(plain, max(0, sentence.start() - _REPORT_LOOKBACK))
    if section is not None and section.start() < sentence.start():
        return line[: section.start()]
    # No section heading: the sentence starts after the last clause mark before it.
    cut = max(plain.rfind(mark, 0, sentence.start()) for mark in ",，。;；:：")
    return line[: cut + 1] if cut >= 0 else line


def _between_rows(sep: str | None, prev_seps: int, lines: list[str], after: int) -> bool:
    # A number alone on a line is a page number only between two rows of a table; in a
    # text of one cell a line it is a cell ("年度金额" / "112").
    if sep is None or not prev_seps:
        return False
    return sep in _next_filled(lines, after)


def _next_filled(lines: list[str], start: int) -> str:
    # The next line with text, found without copying the rest of the list.
    return next((ln for ln in islice(lines, start, None) if ln.strip()), "")


class _WidthsOnce:
    """The widest cell of each column of a separated table, measured once when asked."""

    def __init__(
        self, lines: list[str], mode: str, sep: str, simplify: Callable[[str], str] | None
    ) -> None:
        self.lines, self.mode, self.sep, self.simplify = lines, mode, sep, simplify
        self.found: dict[int, int] | None = None

    def __call__(self) -> dict[int, int]:
        if self.found is None:
            self.found = {}
            for line in self.lines:
                if self.sep not in line:
                    continue  # a title or a sentence across the page: no column
                cells, stream = _split_line(line, self.mode, self.simplify)
                for i, cell in enumerate(cells if cells and not stream else ()):
                    self.found[i] = max(self.found.get(i, 0), shown_width(cell))
        return self.found


def _wrapped(
    prev: GridRow,
    line: str,
    cells: list[str],
    sep: str,
    around: tuple[list[str], int, list[str]],
    widths: Callable[[], dict[int, int]] | None,
    simplify: Callable[[str], str] | None,
) -> list[tuple[int, str]] | None:
    """Return the cells of the row above that this line's pieces continue, with the pieces.

    ``around``: the file's lines, where the next one starts, and the cells of the line
    just above this one.
    """
    lines, after_at, line_above = around
    if sep in line:
        if cells[0]:
            return None  # most rows: their first cell is filled
        at = wrapped_cell(prev, cells, simplify)
        if at is not None:
            return [(at, next(c for c in cells if c))]
        several = wrapped_cells(prev, cells, line_above, widths, simplify) if widths else None
        return [(i, cells[i]) for i in several] if several else None
    key = norm(simplify(line) if simplify else line)
    if len(key) >= _LABEL_TAIL_MAX and key in _JOIN_PREFIXES:
        return None  # "年度资金" / "总额\t50": a label broken over two lines, not a piece
    at = wrapped_line(prev, line, sep in _next_filled(lines, after_at), simplify)
    return None if at is None else [(at, line.strip())]


# A vertical label cell comes out one line per character or two ("产" / "出" / "指" /
# "标", "服务对象" / "满意度" / "指标", "一级" / "指标"): pieces this short that
# together spell a level name or a label are one cell.
_PIECE_MAX = 7  # "服务对象满意度" / "指标"
_PIECE_TEXT_MAX = 16  # the piece's text with the spaces of a letter-spaced label
_PIECES_MAX = 14  # 社会公众或服务对象满意度指标, one character a line


def _key(text: str, simplify: Callable[[str], str] | None) -> str:
    # Traditional files spell the same words (經濟效益 / 指標): pieces and labels are
    # compared on their simplified form.
    return norm(simplify(text) if simplify else text)


def _join_split_words(
    rows: list[GridRow], simplify: Callable[[str], str] | None = None
) -> list[GridRow]:
    # Most rows are no piece of a word: a short lone cell that starts one, and a next
    # lone cell that goes on with it, are needed (found in one pass over the keys).
    keys = [
        _key(r.cells[0].text, simplify)
        if len(r.cells) == 1 and len(r.cells[0].text) <= _PIECE_TEXT_MAX
        else ""
        for r in rows
    ]
    starts = [
        i for i in range(len(keys) - 1) if keys[i] and keys[i] + keys[i + 1] in _JOIN_PREFIXES
    ]
    if not starts:
        return rows
    out: list[GridRow] = []
    i = 0
    for start in starts:
        if start < i:
            continue
        joined = _split_word_end(rows, start, simplify)
        if joined is None:
            continue
        out.extend(rows[i:start])
        end, text = joined
        first = rows[start].cells[0]
        out.append(GridRow((Cell(text, source=first.source),), rows[start].source))
        i = end
    out.extend(rows[i:])
    return out


def _split_word_end(
    rows: list[GridRow], start: int, simplify: Callable[[str], str] | None = None
) -> tuple[int, str] | None:
    """Given a row index, return (end, word) when rows start..end-1 spell one word."""
    pieces: list[str] = []
    joined = ""
    best: tuple[int, str] | None = None
    for j in range(start, min(len(rows), start + _PIECES_MAX)):
        cells = rows[j].cells
        if len(cells) != 1:
            break
        key = _key(cells[0].text, simplify)
        joined += key
        # Most cells start no word: stop as soon as the pieces stop being a word's start.
        if not key or len(key) > _PIECE_MAX or joined not in _JOIN_PREFIXES:
            break
        pieces.append(cells[0].text.strip())
        if len(pieces) >= 2 and joined in _JOIN_WORDS:
            best = (j + 1, "".join(pieces))
    return best


# The layout family each reading mode stands for (docs/reading.md).
_FAMILIES = {
    "tab": "tab-separated",
    "md": "pipes",
    "stream": "pipe-per-cell",
    "stream-cells": "pipe-per-cell",
    "stream-lines": "line-per-cell",
    "glued": "glued-rows",
    "space": "space-separated",
}


# Document-sharing previews cut their text into numbered chunks ("1、…", "2、…") at
# fixed lengths, mid-row and mid-word ("取得2018-2022" / "2、監測資料"): the markers
# count up from 1 at the starts of long lines.
_CHUNK = re.compile(r"^(\d{1,2})、")


def _join_chunks(lines: list[str]) -> list[str]:
    marked = [
        (i, int(m.group(1)))
        for i, ln in enumerate(lines)
        if ln[:1].isdigit() and (m := _CHUNK.match(ln))
    ]
    if len(marked) < 2 or [n for _, n in marked] != list(range(1, len(marked) + 1)):
        return lines
    if not any(len(lines[i]) >= RUN_ON_MIN_CHARS for i, _ in marked):
        return lines
    out = list(lines)
    for i, n in marked:
        prev = next((j for j in range(i - 1, -1, -1) if out[j].strip()), None)
        if n == 1 or prev is None:
            continue
        # Joined onto the line it was cut from; the line keeps its number, empty.
        out[prev] += _CHUNK.sub("", out[i])
        out[i] = ""
    return out


def _continues_level(
    prev: GridRow, cells: list[str], simplify: Callable[[str], str] | None = None
) -> bool:
    # Indented dumps wrap narrow level cells: "经济效益" / "指标", "可持续影" / "响指标".
    if len(cells) != 1 or not prev.cells:
        return False
    return _key(prev.cells[-1].text + cells[0], simplify) in _LEVEL_KEYS


_LABEL_TAIL_MAX = 2


def _continues_label(
    prev: GridRow, cells: list[str], simplify: Callable[[str], str] | None = None
) -> bool:
    # A line that opens with the last character or two of a header label cut at the
    # previous line's end: neither piece is a label, together they are.
    if not prev.cells or not cells or len(norm(cells[0])) > _LABEL_TAIL_MAX:
        return False
    last = simplify(prev.cells[-1].text) if simplify else prev.cells[-1].text
    cells = [simplify(cells[0]) if simplify else cells[0]]
    return header_field(last) is None and header_field(last + cells[0]) is not None


# A PDF copied as text wraps a narrow cell inside an indicator row: the row's line ends
# the cell early and the next line holds only the rest ("新建高标准农田面 ≥3.2万亩" /
# "积", "服务对象满意度指 受益农户满意度 ≥90%" / "标"). Pieces this short, of CJK only.
_WRAP_PIECE_MAX = 3
_CJK_PIECE = re.compile(r"[\u4e00-\u9fff]{1,3}")
_VALUE_START = re.compile(r"^(?:[≥≤=<>≧≦＞＜]|\d)")
_VALUE_CUT_END = re.compile(r"(?:\d|万|千|元/)$")


def _wrapped_piece(
    prev: GridRow,
    cells: list[str],
    simplify: Callable[[str], str] | None = None,
    *,
    last: bool = False,
) -> int | None:
    """Given the row before and a line of one short piece, return the cell it ends (or None).

    On the text's ``last`` line only a level name is completed: any other piece there is
    a row cut off ("…开展质"), not the rest of a cell above.
    """
    if len(cells) != 1 or len(prev.cells) < 2 or not _CJK_PIECE.fullmatch(cells[0]):
        return None
    piece = cells[0]
    for at, cell in enumerate(prev.cells):
        if _key(cell.text + piece, simplify) in _LEVEL_KEYS:
            return at  # a level name wrapped in the middle of its row
    if last or _key(piece, simplify) in _CELL_WORDS:
        return None
    first_value = next(
        (at for at, c in enumerate(prev.cells) if at and _VALUE_START.match(c.text)), None
    )
    if first_value is None:
        return None  # no indicator row (a header line wraps otherwise)
    if _VALUE_CUT_END.search(prev.cells[first_value].text) and first_value == len(prev.cells) - 1:
        return first_value  # "≥3.2万" / "亩": the value's unit wrapped
    # The name is the first cell after the row's level names (a self-evaluation's word
    # target and actual stand between the name and the first number).
    name = next(
        (at for at, c in enumerate(prev.cells) if _key(c.text, simplify) not in _LEVEL_KEYS),
        None,
    )
    if name is None or name >= first_value or _key(prev.cells[name].text, simplify) in _CELL_WORDS:
        return None
    return name


def _merge_into(prev: GridRow, at: int, text: str) -> GridRow:
    cell = prev.cells[at]
    merged = Cell(cell.text + text, cell.rowspan, cell.colspan, cell.covered, cell.source)
    return GridRow(prev.cells[:at] + (merged,) + prev.cells[at + 1 :], prev.source)


def _merge_last(prev: GridRow, text: str) -> GridRow:
    last = prev.cells[-1]
    merged = Cell(last.text + text, last.rowspan, last.colspan, last.covered, last.source)
    return GridRow(prev.cells[:-1] + (merged,), prev.source)


_LEVEL_KEYS = frozenset(LEVEL_WORDS)
_CELL_WORDS = frozenset(LEVEL_WORDS) | frozenset(HEADER_LABELS)
# The first- and second-level names of both templates (产出指标 … 可持续影响指标), as one
# pattern: every line of a file is searched for them.
_FIRST_LEVEL_WORDS = re.compile("|".join(map(re.escape, LEVEL_WORDS[:11])))
# Words a narrow cell may be broken into pieces of: labels, levels, column heads
# ("实际完成" / "值", "年度指标" / "值", "得" / "分").
_JOIN_WORDS = _CELL_WORDS | frozenset(HEAD_WORDS) | frozenset(w for w, _ in COLUMN_ROLES)
_JOIN_PREFIXES = frozenset(w[:n] for w in _JOIN_WORDS for n in range(1, len(w) + 1))


def _join_quoted_cells(lines: list[str]) -> list[str]:
    """Given tab-separated lines, return them with Excel's quoted multi-line cells joined.

    Excel copies a cell holding a line break as ``"产出\n指标"``: the row goes on over
    several lines. A line whose quotes do not pair up, where a cell opens with one, is
    joined with the lines after it until they do; the cell's breaks are dropped.
    """
    out: list[str] = []
    at = 0
    while at < len(lines):
        line = lines[at]
        end = at
        if line.count('"') % 2 and _opens_quoted_cell(line):
            while end + 1 < len(lines) and end - at < _QUOTED_LINES_MAX:
                end += 1
                if "\n".join(lines[at : end + 1]).count('"') % 2 == 0:
                    break
            else:
                end = at
        if end == at:
            out.append(line)
        else:
            chunk = "\n".join(lines[at : end + 1])
            cells = next(csv.reader([chunk], delimiter="\t"))
            out.append("\t".join(c.replace("\n", "") for c in cells))
        at = end + 1
    return out


_QUOTED_LINES_MAX = 12


def _opens_quoted_cell(line: str) -> bool:
    return line.startswith('"') or '\t"' in line


# Cell borders other than "|": a full-width bar typed by an input method or a
# box-drawing bar from a PDF or terminal copy ("｜产出指标｜数量指标｜…").
_BARS = str.maketrans({"\uff5c": "|", "\u2502": "|"})
_BAR_LINES = 3


def _ascii_bars(text: str) -> str:
    # Only a table drawn with them: three or more lines of two or more bars (a stray
    # bar in a sentence is kept as written).
    barred = sum(1 for ln in text.splitlines() if ln.count("\uff5c") + ln.count("\u2502") >= 2)
    return text.translate(_BARS) if barred >= _BAR_LINES else text


def _file_mode(lines: list[str], simplify: Callable[[str], str] | None = None) -> str:
    filled = [ln for ln in lines if ln.strip()]
    if not filled:
        return "space"
    tabs = sum("\t" in ln for ln in filled)
    piped = [ln for ln in filled if "|" in ln]  # every pipe pattern needs one
    pipe_cells = sum(
        bool(_PIPE_ONLY.match(ln) or _TRAILING_PIPE_CELL.match(ln) or _LEADING_PIPE_CELL.match(ln))
        for ln in piped
    )
    md = sum(ln.count("|") >= 2 and not _PIPE_ONLY.match(ln) for ln in piped)
    if tabs >= 3 and tabs >= md:
        return "tab"
    if pipe_cells >= STREAM_SHARE * len(filled) and pipe_cells > md:
        return "stream"
    if md >= 3:
        return "md"
    if any(_glued_block_header(simplify(ln) if simplify else ln) for ln in filled):
        return "glued"
    if _one_cell_per_line([simplify(ln) for ln in filled] if simplify else filled):
        return "stream-lines"
    return "space"


_GOAL_HEADING = re.compile(r"^(?:年度)?绩效目标\s*\d{0,2}\s*[(（]\s*\d+\s*分\s*[)）]\s*")
# Pieces of a letter-spaced label ("绩 效 指 标", "绩效 指 标") are a character or two.
_LETTER_PIECE = 2


def _glued_block_header(line: str) -> bool:
    # "绩效指标一级指标二级指标指标内容指标值" alone on a line: every row below is one
    # line whose cells lost their borders.
    # A letter-spaced label before the heads ("绩 效 指 标一级指标…") is still one line
    # of heads; spaces between longer words are cells of a space-separated row.
    # Bad mirrors write the full-width spaces of such a label as "?". Hubei's blocks open
    # with their goal's heading on the same line ("年度绩效目标1 (80分)一级指标…").
    if "标" not in line:
        return False  # every head line this accepts holds 级指标 or 指标名称: most lines don't
    line = _GOAL_HEADING.sub("", line.strip())
    pieces = line.replace("?", " ").split()
    if any(len(p) > _LETTER_PIECE for p in pieces[:-1]):
        return False
    line = "".join(pieces)
    if len(line) > 80 or "级指标" not in line and "指标名称" not in line:
        return False
    heads = split_heads(line)
    return (
        heads is not None
        and len(heads) >= 3
        and any(h.endswith("级指标") or h in NAME_COLUMN_HEADS for h in heads)
    )


def _one_cell_per_line(filled: list[str]) -> bool:
    # A level name alone on its line, more often than level names inside longer
    # lines, means each line (or paragraph) is one cell, not a space-separated row.
    # Traditional files are counted on their simplified lines (產出指標 is 产出指标).
    alone = sum(norm(ln) in _CELL_WORDS for ln in filled)
    inside = sum(
        norm(ln) not in _CELL_WORDS and _FIRST_LEVEL_WORDS.search(ln) is not None for ln in filled
    )
    return alone >= 3 and alone > inside


# A sign-off line under glued rows is short; a run-on table is not cut off by it.
_FOOTER_LINE_MAX = 80


def _split_line(
    line: str, mode: str, simplify: Callable[[str], str] | None = None
) -> tuple[list[str] | None, bool]:
    """Given a line and the file's mode, return (cells, is_stream).

    ``None`` cells means the line carries nothing (blank, or a pipe separator).
    An empty list in stream mode is a row boundary hint (a run of ``||``).
    """
    if not line.strip():
        return None, False
    if mode == "glued":
        if len(line) <= _FOOTER_LINE_MAX and is_footer(line.strip()):
            # "财政资金管理科室(盖章) 年 月 日": cut at its label words it would read as a row.
            return [line.strip()], True
        return split_run_on(line.strip(), simplify), True
    if mode.startswith("stream"):
        if _PIPE_ONLY.match(line):
            if line.count("|") >= 2:
                return [], True
            # "x |" per cell: a lone pipe is an empty cell; otherwise a separator.
            return ([""], True) if mode == "stream-cells" else (None, False)
        return [line.strip().strip("|").strip()], True
    if "\t" in line:
        return [c.strip() for c in _trim_trailing(line.split("\t"))], False
    if mode == "md" and "|" in line:
        parts = line.strip().strip("|").split("|")
        return [c.strip() for c in _trim_trailing(parts)], False
    stripped = line.strip()
    # Labels are looked for on the simplified form: "一級指標二級指標" is glued heads too.
    probe = simplify(stripped) if simplify else stripped
    if (
        len(stripped) >= RUN_ON_MIN_CHARS
        or ("级指标" in probe or "指标名称" in probe or "绩效内容" in probe)
        and _GLUED_BLOCK.search(probe) is not None
        and _ROW_AFTER.search(probe) is not None
    ):
        # A short table run together is still run together: its block heads glued
        # ("一级指标二级指标三级指标指标值") and rows after them.
        return split_run_on(stripped, simplify), True
    if mode == "space":
        # "满意度指标 群众满意度 指标 群众对政府工作满意度": a level cell wrapped at a space.
        stripped = _join_spaced_levels(stripped, simplify) if " " in stripped else stripped
        if " " in stripped:
            stripped = _LETTER_SPACED_LEVEL.sub(lambda m: _SPACE_RUN.sub("", m.group()), stripped)
        cells = _PAREN_SPACES.sub(r"\1\2\3", stripped).split()
        if len(cells) >= 3 and any(len(c) == 1 for c in cells):
            cells = _spaced_name(cells)
        return cells, False
    if ("：" in stripped or ":" in stripped) and ("\u3000" in stripped or "  " in stripped):
        pairs = _label_pairs(stripped)
        if pairs is not None:
            return pairs, False
    return [stripped], False


# A run of spaces between two "label: value" fields on one line (a Word form copied
# as text keeps the fields' gap as spaces or full-width spaces, even in a file whose
# table has tabs): "项目名称：某某项目　　主管部门：某局".
_FIELD_GAP = re.compile(r"(?: {2,}|\u3000)[ \u3000]*")
_LABEL_COLON = re.compile(r"^([^:：]{2,16})[:：]")


def _label_pairs(line: str) -> list[str] | None:
    # Every piece must open with a header label and its colon: a sentence with a wide
    # gap in it ("说明：详见附件  2024年") is not cut.
    pieces = _FIELD_GAP.split(line)
    if len(pieces) < 2:
        return None
    for piece in pieces:
        label = _LABEL_COLON.match(piece)
        if label is None or header_field(label.group(1).strip()) is None:
            return None
    return pieces


# Fields whose value is one name: an OCR copy spaces it out ("岳阳 市 城市管理中心").
_NAME_FIELDS = frozenset({"name", "department", "unit_name", "implementing_unit"})


def _spaced_name(cells: list[str]) -> list[str]:
    # "部门(单位)名称: 岳阳 市 城市管理中心": after a name's label, pieces with a lone
    # character among them and no other label are one name whose characters were spaced
    # out (a name is no cell of one character; a row of values holds digits).
    if header_field(cells[0]) not in _NAME_FIELDS:
        return cells
    rest = cells[1:]
    if any(not _CJK_WORD.match(c) or header_field(c) is not None for c in rest):
        return cells
    return [cells[0], "".join(rest)]


def _cells_end_in_pipes(lines: list[str]) -> bool:
    content = [ln for ln in lines if ln.strip() and not _PIPE_ONLY.match(ln)]
    return bool(content) and sum(ln.rstrip().endswith("|") for ln in content) >= 0.5 * len(content)


def _trim_trailing(parts: list[str]) -> list[str]:
    while parts and not parts[-1].strip():
        parts.pop()
    return parts


def split_run_on(text: str, simplify: Callable[[str], str] | None = None) -> list[str]:
    """Given a table run together on one line, return its cells.

    Cells are cut at white space and around every known label and level name; the
    layout later cuts a name from the value glued to it ("免费开放天数=300天").
    Traditional text is cut where its simplified form has the labels, keeping the
    original characters when the conversion keeps the length (it almost always does).
    """
    cells: list[str] = []
    text = _join_spaced_levels(text, simplify)
    for chunk in _PAREN_SPACES.sub(r"\1\2\3", text).split():
        plain = simplify(chunk) if simplify else chunk
        source = chunk if len(plain) == len(chunk) else plain
        at = 0
        for piece in KEYWORD_SPLIT.split(plain):
            original = source[at : at + len(piece)]
            at += len(piece)
            # "…合格2020指标2:", "指标1:指标2:": numbering of template rows left empty.
            # Each stays a cell of its own, which the layout counts as a blank form row
            # (values.template-text) instead of an indicator.
            if ":" in original or "：" in original:
                blanks = _EMPTY_NUMBERING.findall(original)
                original = _EMPTY_NUMBERING.sub("", original)
            else:
                blanks = []
            if "其中" in original and (amount := _AMOUNT_THEN_BREAKDOWN.match(original)):
                # "项目金额164万元其中:当年市级财政资金132万元": the total, then its breakdown.
                cells.append(amount.group(1))
                original = original[amount.end(1) :]
            if original.strip():
                cells.append(original.strip())
            cells += blanks
    return cells


_AMOUNT_THEN_BREAKDOWN = re.compile(r"^(\d[\d,]*(?:\.\d+)?\s*(?:万元|元|万))其中")


_EMPTY_NUMBERING = re.compile(r"(?:指标|指標)\d{1,2}[:：](?=(?:指标|指標)\d|$)")
# A level name broken by the spaces of a wrapped cell ("经济效益 指标", "满意度指 标"):
# in run-on text a space cuts cells, so the word is put back together first.
_SPACED_LEVEL = re.compile(
    "(?:"
    + "|".join(
        r"\s*".join(re.escape(ch) for ch in word)
        for word in sorted(LEVEL_WORDS, key=len, reverse=True)
        if word.endswith("指标") and len(word) > len("一级指标")
    )
    # "社会效益 指标1:…": that 指标 numbers the row, it does not end the level.
    + r")(?![\d:：])"
)
_SPACE_RUN = re.compile(r"\s+")
# "产 出 指 标 数量指标 …": in a space-separated row a letter-spaced label cell keeps a
# space after every character. The four-character levels are left out of the wrapped-level
# join above ("数量 指标" may be two cells); spaced letter by letter they are one cell,
# since a lone character is no cell of its own.
_LETTER_SPACED_LEVEL = re.compile(
    r"(?<!\S)(?:"
    + "|".join(
        r"\s+".join(re.escape(ch) for ch in word)
        for word in sorted(LEVEL_WORDS, key=len, reverse=True)
        if word.endswith("指标") and len(word) == len("一级指标") and word[1] != "级"
    )
    # Only inside a row ("产 出 指 标 数量指标 …"): a level alone on its line is a
    # vertical label, which the cell-per-line join puts back together.
    + r")(?=\s+[^\s|])"
)


def _join_spaced_levels(text: str, simplify: Callable[[str], str] | None) -> str:
    # Traditional text ("經濟效益 指標") is matched on its simplified form and the spaces
    # are taken out of the file's own characters at the same places.
    plain = simplify(text) if simplify else text
    if len(plain) != len(text):
        text = plain
    if _SPACE_RUN.search(text) is None:
        return text  # no space to take out: most run-on lines
    out: list[str] = []
    at = 0
    for m in _SPACED_LEVEL.finditer(plain):
        out.append(text[at : m.start()])
        out.append(_SPACE_RUN.sub("", text[m.start() : m.end()]))
        at = m.end()
    out.append(text[at:])
    return "".join(out)
