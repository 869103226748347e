"""Text tables → grid: tab-separated, markdown pipes, one cell per line, spaces, run-on.

Text comes out of PDF-to-text tools, HTML pages and OCR in many shapes; each line is
split by what it carries (tabs, pipes, runs of spaces). Where rows were lost — one
cell per line with ``|`` separators, or a whole table run together on one line — the
grid is marked ``stream`` and the layout rebuilds the rows from the cells' meaning.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

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
from jixiao.model.hanzi import to_simplified
from jixiao.model.location import Location
from jixiao.model.problems import Problem

# A line this long with no tab or pipe is a table run together (Office text dumps, OCR).
RUN_ON_MIN_CHARS = 160
_GLUED_BLOCK = re.compile("一级指标二级指标|三级指标指标值|指标名称指标")
_ROW_AFTER = re.compile(r"(?:三级指标|指标名称|指标内容)\S*?(?:产出|效益|满意度|成本)")
# Share of pipe-structured lines above which a file is read as one cell per line.
STREAM_SHARE = 0.3

_PIPE_ONLY = re.compile(r"^\s*\|[\s|]*$")
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
    lines = _join_chunks(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    traditional = is_traditional(lines)
    simplify = to_simplified if traditional else None
    mode = _file_mode(lines, simplify)
    if mode == "stream" and _cells_end_in_pipes(lines):
        mode = "stream-cells"
    rows: list[GridRow] = []
    stream = mode.startswith("stream")
    run_on = False
    for number, line in enumerate(lines, start=1):
        loc = Location(name, line=number)
        # Inline pinyin ruby ("區(qū)級(jí)") would cut every label in two.
        line = strip_ruby(line)
        if line.startswith("#") and _META_COMMENT.match(line):
            continue
        cells, line_is_stream = _split_line(line, mode, simplify)
        if line_is_stream and cells is not None:
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


def _merge_last(prev: GridRow, text: str) -> GridRow:
    last = prev.cells[-1]
    merged = Cell(last.text + text, last.rowspan, last.colspan, last.covered, last.source)
    return GridRow(prev.cells[:-1] + (merged,), prev.source)


_LEVEL_KEYS = frozenset(LEVEL_WORDS)
_CELL_WORDS = frozenset(LEVEL_WORDS) | frozenset(HEADER_LABELS)
# Words a narrow cell may be broken into pieces of: labels, levels, column heads
# ("实际完成" / "值", "年度指标" / "值", "得" / "分").
_JOIN_WORDS = _CELL_WORDS | frozenset(HEAD_WORDS) | frozenset(w for w, _ in COLUMN_ROLES)
_JOIN_PREFIXES = frozenset(w[:n] for w in _JOIN_WORDS for n in range(1, len(w) + 1))


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
        norm(ln) not in _CELL_WORDS and any(w in ln for w in LEVEL_WORDS[:11]) for ln in filled
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
        or ("级指标" in probe or "指标名称" in probe)
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
        return _PAREN_SPACES.sub(r"\1\2\3", stripped).split(), False
    return [stripped], False


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
            if original.strip():
                cells.append(original.strip())
            cells += blanks
    return cells


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
