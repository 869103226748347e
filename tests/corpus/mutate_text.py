"""The corpus texts mutated within their family, read back and scored (generalisation check).

``formats.py`` rebuilds each table as a clean grid; this module keeps each corpus *text* as
it is (run-on, pipe-per-cell, space-separated …) and changes what differs between two
real files of the same family, updating the golden reading the same way:

* ``crlf``: Windows line ends;
* ``blank-lines``: an empty line after every third line, and some around the text;
* ``halfwidth`` / ``fullwidth``: ``：`` ↔ ``:``, ``％`` ↔ ``%``, ``≥`` ↔ ``>=``, ``（`` ↔ ``(``;
* ``traditional``: the whole text in traditional characters (OpenCC s2t);
* ``numbers``: every target value with a unit or comparator gets another number
  (``≥95%`` → ``≥96%``, ``10辆`` → ``11辆``; ``100%`` stays), wherever it is written;
* ``renamed``: indicator names written once in the text become names taken from other
  corpus tables;
* ``reordered``: runs of indicator rows that are lines of their own (no level name on
  them) are written in reverse order;
* ``labels``: header labels swapped for the synonyms issue 15 lists (项目名称 →
  专项资金名称 …, 年度资金总额 → 年度本级预算金额 …);
* ``comparators`` (``不低于``, ``≧``), ``numbered`` (``指标N:``), ``level-scores``
  (``产出指标(50分)``), ``chunked`` (preview chunk markers), ``yuan`` (the total in 元),
  ``spaced-values`` (``≥ 95 %``);
* ``tabs``, ``bare-pipes``, ``cell-lines``, ``pipe-cells``, ``spaces``, ``glued``: a pipe
  table laid out again in the other text families;
* ``wrapped`` (and ``wrapped-tabs``), ``merged-blank``, ``repeated``, ``page-break``,
  ``money-format``, ``ocr-spaces``: ways of publishing (PDF text with wrapped cells, merged
  level cells, page footers and repeated headers, amounts written otherwise, OCR spacing);
* ``combined``: numbers, comparators, names, labels, half-width and CRLF together.

Only the files a mutation changes are scored for it, and next to it the original files
of that same set, so a drop shows as ``variant`` below ``base``. The reader never sees a
golden reading; the mutated golden is written from the original golden alone.

Run ``python tests/corpus/mutate_text.py [--detail] [--variants a,b]`` with ``PYTHONPATH=src``.
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from copy import deepcopy
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score  # noqa: E402

Golden = dict[str, Any]
Mutation = Callable[[str, Golden, random.Random], tuple[str, Golden]]

# --- golden helpers -------------------------------------------------------------------

_TEXT_KEYS = ("project_name", "department")
_IND_KEYS = ("name", "target_raw", "unit", "actual_raw")


def _map_golden(golden: Golden, f: Callable[[str], str]) -> Golden:
    """Given a golden reading and a text mapping, return the reading with its texts mapped."""
    out = deepcopy(golden)
    for key in _TEXT_KEYS:
        if out.get(key):
            out[key] = f(out[key])
    for ind in out["indicators"]:
        for key in _IND_KEYS:
            if ind.get(key):
                ind[key] = f(ind[key])
    return out


def _char_map(pairs: Sequence[tuple[str, str]]) -> Callable[[str], str]:
    def apply(text: str) -> str:
        for a, b in pairs:
            text = text.replace(a, b)
        return text

    return apply


# --- the mutations --------------------------------------------------------------------


def crlf(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with Windows line ends."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n"), golden


def blank_lines(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with an empty line after every third line and two around it."""
    lines = text.split("\n")
    out: list[str] = ["", ""]
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % 3 == 0 and line.strip():
            out.append("")
    return "\n".join(out + ["", ""]), golden


_HALF = (("：", ":"), ("％", "%"), ("≥", ">="), ("≤", "<="), ("（", "("), ("）", ")"))
_FULL = ((">=", "≥"), ("<=", "≤"), (":", "："), ("%", "％"), ("(", "（"), (")", "）"))


def halfwidth(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with full-width colon, percent, brackets and ≥ ≤ written half width."""
    f = _char_map(_HALF)
    return f(text), _map_golden(golden, f)


def fullwidth(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with half-width colon, percent, brackets and >= <= written full width."""
    # A URL or a time keeps its colon: only colons after a CJK character are widened.
    g = _char_map(_FULL[:2] + _FULL[3:])

    def both(s: str) -> str:
        return re.sub(r"(?<=[\u4e00-\u9fff]):", "：", g(s))

    return both(text), _map_golden(golden, both)


def traditional(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text in traditional characters (the golden is compared simplified)."""
    import opencc

    return opencc.OpenCC("s2t").convert(text), golden


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _other_number(number: str, percent: bool) -> str | None:
    """Given a target's number, return a different one of the same length (None: keep it)."""
    if percent and number in ("100", "100.0", "100.00"):
        return None
    digits = [c for c in number]
    last = max(i for i, c in enumerate(digits) if c.isdigit())
    d = int(digits[last])
    if number.strip("0.") == "":
        return None
    digits[last] = str(d + 1 if d < 9 else d - 1)
    new = "".join(digits)
    if percent and float(new) > 100:
        return None
    return new


def numbers(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with each target value that has a unit or comparator renumbered."""
    out = deepcopy(golden)
    # Glued families write a value right after a weight ("8550万粒" is 8 | 550万粒).
    glued = golden["family"] in ("run-on", "glued rows")
    before = r"(?<![.])" if glued else r"(?<![\d.])"
    funds = str(golden.get("funds_total_wan") or "")
    subs: list[tuple[re.Pattern[str], str]] = []
    done: set[str] = set()
    for ind in golden["indicators"]:
        raw = ind.get("target_raw") or ""
        found = _NUMBER.findall(raw)
        # A bare number ("95" under 指标值 with 度量单位 apart) is also a weight, a code, a
        # year: only values that say what they are can be renumbered everywhere they occur.
        # One that is also the funds total would change the header as well.
        if len(found) != 1 or raw == found[0] or not ind.get("number") or found[0] == funds:
            continue
        new_number = _other_number(found[0], "%" in raw or "％" in raw)
        if new_number is None or raw in done:
            continue
        done.add(raw)
        # Digits may follow a value that ends in its unit ("550万粒8": the score after it).
        after = r"(?![\d.])" if raw[-1].isdigit() else ""
        pattern = re.compile((before if raw[0].isdigit() else "") + re.escape(raw) + after)
        if pattern.search(text):
            subs.append((pattern, raw.replace(found[0], new_number, 1)))

    def renumber(s: str) -> str:
        for pattern, new in subs:
            s = pattern.sub(new, s)
        return s

    for ind in out["indicators"]:
        raw = ind.get("target_raw") or ""
        new_raw = renumber(raw)
        if new_raw != raw:
            old, new = _NUMBER.findall(raw)[0], _NUMBER.findall(new_raw)[0]
            ind["number"] = str(Decimal(ind["number"]) + Decimal(new) - Decimal(old))
        ind["target_raw"] = new_raw
        for key in ("name", "actual_raw"):
            if ind.get(key):
                ind[key] = renumber(ind[key])
    return renumber(text), out


def _name_pool(exclude: str) -> list[str]:
    pool: set[str] = set()
    for g in score.load_golden().values():
        if g["file"] == exclude:
            continue
        for ind in g["indicators"]:
            name = ind["name"]
            if 4 <= len(name) <= 14 and not re.search(r"[\d★*指标:：()（）\s]", name):
                pool.add(name)
    return sorted(pool)


def renamed(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with names written once in it replaced by other tables' names."""
    out = deepcopy(golden)
    pool = [n for n in _name_pool(golden["file"]) if n not in text]
    rng.shuffle(pool)
    for ind in out["indicators"]:
        name = ind["name"]
        if not pool or len(name) < 4 or re.search(r"\d", name) or text.count(name) != 1:
            continue
        # A name inside another golden name or value would change that one too.
        others = [
            v for o in golden["indicators"] if o is not ind for v in (o["name"], o["target_raw"])
        ]
        if any(name in v for v in others if v != name):
            continue
        new = pool.pop()
        text = text.replace(name, new)
        ind["name"] = new
    return text, out


def reordered(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with runs of whole indicator rows (one a line, no levels) reversed."""
    levels = {v for i in golden["indicators"] for v in (i.get("level1"), i.get("level2")) if v} | {
        "指标"
    }
    lines = text.split("\n")

    def row_line(line: str) -> bool:
        if any(level in line for level in levels):
            return False
        hits = [i for i in golden["indicators"] if i["name"] in line and i["target_raw"] in line]
        return len(hits) == 1

    out: list[str] = []
    run: list[str] = []
    for line in [*lines, "\0"]:
        if line != "\0" and row_line(line):
            run.append(line)
            continue
        out += run[::-1]
        run = []
        if line != "\0":
            out.append(line)
    return "\n".join(out), golden


# Whole labels only (not 项目主管部门 or 中央主管部门, which are other fields).
_CJK_BEFORE = r"(?<![\u4e00-\u9fff])"
_LABELS = (
    (re.compile(_CJK_BEFORE + "项目名称"), ("专项资金名称", "项目支出名称", "转移支付名称")),
    (
        re.compile(_CJK_BEFORE + "年度资金总额"),
        ("年度本级预算金额", "项目预算金额", "年度财政资金总额"),
    ),
    (
        re.compile(_CJK_BEFORE + r"主管部门(?![及(（\u4e00-\u9fff])"),
        ("主管部门及其编码", "主管部门及代码"),
    ),
)


def labels(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with header labels swapped for synonyms of issue 15's list."""
    for pattern, synonyms in _LABELS:
        text = pattern.sub(rng.choice(synonyms), text)
    return text, golden


_WORDED = {"≥": ("不低于", "≧", "大于等于"), "≤": ("不高于", "≦", "小于等于")}


def comparators(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with each target's ≥ / ≤ written another way (不低于95%, ≧95%)."""
    out = deepcopy(golden)
    subs: dict[str, str] = {}
    for ind in out["indicators"]:
        raw = ind.get("target_raw") or ""
        if raw[:1] in _WORDED and len(raw) > 1 and raw[1].isdigit() and raw not in subs:
            new = rng.choice(_WORDED[raw[0]]) + raw[1:]
            after = r"(?![\d.])" if raw[-1].isdigit() else ""
            if re.search(re.escape(raw) + after, text):
                subs[raw] = new
                text = re.sub(re.escape(raw) + after, new, text)
    _substitute_golden(out, subs)
    return text, out


def _substitute_golden(golden: Golden, subs: dict[str, str]) -> None:
    """Given a golden copy and the text's substitutions, make the same ones in its indicators."""
    for ind in golden["indicators"]:
        for key in ("name", "target_raw", "actual_raw"):
            for raw, new in subs.items():
                if ind.get(key):
                    ind[key] = ind[key].replace(raw, new)


def numbered(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with 指标N: written before names that are cells of their own."""
    if golden["family"] in ("run-on", "glued rows", "prose"):
        return text, golden
    n = 0
    for ind in golden["indicators"]:
        name = ind["name"]
        # Only a name that stands as a whole cell (after a pipe, a space or a line start).
        pattern = re.compile(r"(?:(?<=^)|(?<=[|\s]))" + re.escape(name) + r"(?=\s|\||$)", re.M)
        if len(name) >= 3 and len(pattern.findall(text)) == 1 and not name.startswith("指标"):
            n += 1
            text = pattern.sub(f"指标{n}:{name}", text)
    return text, golden


_LEVEL1 = ("产出指标", "效益指标", "满意度指标")


def level_scores(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with its first-level names carrying their points (产出指标(50分))."""
    points = {"产出指标": "(50分)", "效益指标": "(30分)", "满意度指标": "(10分)"}
    for level in _LEVEL1:
        # The whole level name only: not 服务对象满意度指标 nor 效益指标 inside 社会效益指标.
        pattern = re.compile(r"(?<![\u4e00-\u9fff])" + level + r"(?![\u4e00-\u9fff(（])")
        text = pattern.sub(level + points[level], text)
    return text, golden


def _pipe_cells(line: str) -> list[str] | None:
    if line.count("|") < 2:
        return None
    cells = [c.strip() for c in line.strip().split("|")]
    if cells and cells[0] == "":
        cells = cells[1:]
    if cells and cells[-1] == "":
        cells = cells[:-1]
    return cells


def _relaid(text: str, golden: Golden, lay: Callable[[list[str]], str]) -> tuple[str, Golden]:
    if golden["family"] != "md-pipes":
        return text, golden
    rows = [ln for ln in text.split("\n") if ln.count("|") >= 2]
    whole = sum(
        any(i["name"] in ln and i["target_raw"] in ln for ln in rows) for i in golden["indicators"]
    )
    if 2 * whole < len(golden["indicators"]):
        return text, golden  # a cell-per-line dump with pipes, not one row a line
    out = []
    for line in text.split("\n"):
        cells = _pipe_cells(line)
        out.append(line if cells is None else lay(cells))
    return "\n".join(out), golden


def tabs(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return a pipe table with its cells cut by tabs instead (a sheet copied as text)."""
    return _relaid(text, golden, "\t".join)


def bare_pipes(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return a pipe table without its outer pipes (``a | b | c``)."""
    return _relaid(text, golden, " | ".join)


def cell_lines(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return a pipe table with one cell a line, empty cells gone (a Word table's paragraphs)."""
    return _relaid(text, golden, lambda cells: "\n".join(c for c in cells if c))


def pipe_cells(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return a pipe table written one ``cell |`` a line, each row closed by ``||||``."""

    def lay(cells: list[str]) -> str:
        return "\n".join(["|", *(f"{c} |" for c in cells if c), "|" * max(2, len(cells))])

    return _relaid(text, golden, lay)


def spaces(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return a pipe table with its filled cells cut by spaces (an indented text dump)."""
    return _relaid(text, golden, lambda cells: "    " + " ".join(c for c in cells if c))


def glued(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return a pipe table with each row's cells run together (a copy that lost the borders)."""
    return _relaid(text, golden, "".join)


def chunked(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return run-on text cut into numbered preview chunks (``1、…`` ``2、…``) of fixed length."""
    if golden["family"] != "run-on" or "\n1、" in text or "\n2、" in text:
        return text, golden
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    line = lines[longest]
    if len(line) < 400:
        return text, golden
    size = rng.randint(180, 260)
    pieces = [line[i : i + size] for i in range(0, len(line), size)]
    lines[longest] = "\n".join(f"{n}、{p}" for n, p in enumerate(pieces, 1))
    return "\n".join(lines), golden


_SPLIT_VALUE = re.compile(r"([≥≤<>=]{0,2})(\d+(?:\.\d+)?)(\D{1,4})")


def spaced_values(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return a table whose targets are typed with spaces (``≥ 95 %``), in families whose
    cells are not cut at spaces."""
    if golden["family"] not in ("md-pipes", "pipe-per-cell", "line-per-cell"):
        return text, golden
    subs: dict[str, str] = {}
    for ind in golden["indicators"]:
        raw = ind["target_raw"]
        found = _SPLIT_VALUE.fullmatch(raw)
        if found is None or raw in subs:
            continue
        op, number, unit = found.groups()
        new = (op + " " if op else "") + number + " " + unit
        pattern = re.compile(r"(?<![\d.])" + re.escape(raw))
        if pattern.search(text):
            subs[raw] = new
            text = pattern.sub(new, text)
    out = deepcopy(golden)
    _substitute_golden(out, subs)
    return text, out


def yuan(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with the year's total written in 元 (``年度资金总额(元) | 2,500,000.00``)."""
    total = golden.get("funds_total_wan")
    # A self-evaluation's total row holds more amounts (执行数 …) that would stay in 万元.
    if not total or golden.get("kind") != "target":
        return text, golden
    label = re.compile(
        r"(?P<label>年度资金总额|资金总额|年度金额)(?P<unit>[(（]万元[)）])?(?P<sep>[:：]?[\s|]*)"
        + r"(?P<amount>"
        + re.escape(total)
        + r")(?:\s*万元)?(?![\d.])"
    )
    found = list(label.finditer(text))
    if len(found) != 1:
        return text, golden
    m = found[0]
    yuan_text = f"{Decimal(total) * 10000:,.2f}"
    new = f"{m.group('label')}(元){m.group('sep')}{yuan_text}"
    # The funds block's own unit above the label says 元 too ("资金情况(元)").
    head = re.sub(r"[(（]万元[)）]", "(元)", text[: m.start()])
    return head + new + text[m.end() :], golden


# --- ways of publishing: PDF extraction, merged cells, page breaks, scans ---------------

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _pipe_parts(line: str) -> tuple[list[str], int]:
    """Given a pipe line, return its raw parts and the index of the part of cell 0."""
    parts = line.split("|")
    return parts, 1 if parts[0].strip() == "" else 0


def _indicator_rows(
    lines: Sequence[str], golden: Golden
) -> dict[int, tuple[list[str], int, int, Golden]]:
    """Return, per pipe line that is one golden indicator's row, its cells, the index of the
    name cell, of the value cell, and the indicator."""
    rows: dict[int, tuple[list[str], int, int, Golden]] = {}
    for n, line in enumerate(lines):
        cells = _pipe_cells(line)
        if not cells:
            continue
        hits = []
        for at, cell in enumerate(cells):
            for ind in golden["indicators"]:
                if cell != ind["name"] or not ind.get("target_raw"):
                    continue
                value = next(
                    (k for k in range(at + 1, len(cells)) if ind["target_raw"] in cells[k]), None
                )
                if value is not None:
                    hits.append((at, value, ind))
        if len(hits) == 1:
            at, value, ind = hits[0]
            rows[n] = (cells, at, value, ind)
    return rows


def _shown(text: str) -> int:
    # On the page a CJK or full-width character is two columns wide, a digit one.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap_lines(cell: str, width: int) -> list[str]:
    """Return the cell as lines at most ``width`` CJK characters wide (digits count half),
    broken only where a layout engine breaks Chinese text: before a CJK character, never
    inside a number or a word."""
    lines: list[str] = []
    rest = cell
    while _shown(rest) > 2 * width:
        breaks = [
            p
            for p in range(2, len(rest))
            if _shown(rest[:p]) <= 2 * width and _CJK.match(rest[p]) and not rest[p - 1].isascii()
        ]
        if not breaks:
            break
        lines.append(rest[: breaks[-1]])
        rest = rest[breaks[-1] :]
    return [*lines, rest]


def wrapped(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return a pipe table whose long names and values wrap onto a row of their own.

    PDF text extraction writes the table as the page shows it: every column in every row,
    merged level cells empty below their first row, and a cell wrapped in its column as
    a second row whose other cells are empty (``|  |  | 幼儿园数量 |  |``), or as the
    fragment alone on its line.
    """
    if golden["family"] != "md-pipes":
        return text, golden
    text, _ = _relevelled(text, golden, blank=True)
    lines = text.split("\n")
    rows = _indicator_rows(lines, golden)
    out: list[str] = []
    # One width per column on the page (the name's, the value's), in characters.
    # A column is at least as wide as its widest cell that cannot break (a date, a number).
    unbroken = [
        _shown(i["target_raw"]) for i in golden["indicators"] if not _CJK.search(i["target_raw"])
    ]
    width = {
        "name": rng.randint(8, 10),
        "value": max([rng.randint(8, 12), *((w + 1) // 2 for w in unbroken)]),
    }
    for n, line in enumerate(lines):
        out.append(line)
        # Only rows written out with all their columns: where merged cells were left out
        # (a level name in the row's own words) no column says where the piece stands.
        if n not in rows or not line.startswith("|"):
            continue
        cells, at, value, _ = rows[n]
        parts, first = _pipe_parts(line)
        wraps = {
            at + first: _wrap_lines(cells[at], width["name"]),
            value + first: _wrap_lines(cells[value], width["value"]),
        }
        wraps = {i: w for i, w in wraps.items() if len(w) > 1}
        if not wraps:
            continue
        for i, pieces in wraps.items():
            parts[i] = parts[i].replace(cells[i - first], pieces[0], 1)
        out[-1] = "|".join(parts)
        depth = max(len(w) for w in wraps.values())
        if depth == 2 and len(wraps) == 1 and rng.random() < 0.5:
            out.append(next(iter(wraps.values()))[1])  # the piece alone, no separators
            continue
        for k in range(1, depth):
            out.append(
                "|".join(
                    f" {wraps[i][k]} " if i in wraps and k < len(wraps[i]) else "  "
                    for i in range(len(parts))
                )
            )
    return "\n".join(out), golden


def wrapped_tabs(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the wrapped copy with its cells cut by tabs (a PDF table pasted from a viewer)."""
    return tabs(*wrapped(text, golden, rng), rng)


def _is_level(cell: str, levels: set[str]) -> bool:
    # Compared simplified and without pinyin ruby: 滿意度指標(biāo) is a level too.
    bare = score.to_simplified(score._RUBY.sub("", re.sub(r"[(（]\d+分[)）]|\s", "", cell)))
    return bare in levels or (bare.endswith(("指标", "目标")) and 3 <= len(bare) <= 12)


def _relevelled(text: str, golden: Golden, blank: bool) -> tuple[str, Golden]:
    if golden["family"] != "md-pipes":
        return text, golden
    levels = {
        score.to_simplified(v)
        for i in golden["indicators"]
        for v in (i["level1"], i["level2"])
        if v
    }
    lines = text.split("\n")
    rows = _indicator_rows(lines, golden)
    last: tuple[str | None, str | None] = (None, None)
    for n in sorted(rows):
        cells, at, _, ind = rows[n]
        prefix = cells[:at]
        keep = [c for c in prefix if not _is_level(c, levels)]
        # A label cell after a level (the row's own words) is no merged level: leave the row.
        if keep != prefix[: len(keep)] or not (ind.get("level1") and ind.get("level2")):
            continue
        new = [ind["level1"], ind["level2"]]
        if blank:
            l1, l2 = new
            new = [l1 if l1 != last[0] else "", l2 if (l1, l2) != last else ""]
        last = (ind["level1"], ind["level2"])
        lines[n] = "| " + " | ".join([*keep, *new, *cells[at:]]) + " |"
    return "\n".join(lines), golden


def merged_blank(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return a pipe table whose level names stand only on the first row of their group,
    the merged cells below exported empty (``|  |  | 培训人次 | ≥500人次 |``)."""
    return _relevelled(text, golden, blank=True)


def repeated(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return a pipe table whose level names are written again on every row."""
    return _relevelled(text, golden, blank=False)


_FOOTERS = ("第 {n} 页 共 {m} 页", "- {n} -", "第{n}页，共{m}页", "{n}")


def page_break(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the table with a page footer and the column header row again amid its rows."""
    if golden["family"] in ("pipe-per-cell", "line-per-cell"):
        return _page_break_cells(text, golden, rng)
    if golden["family"] not in ("md-pipes", "space-separated"):
        return text, golden
    lines = text.split("\n")
    heads = [n for n, ln in enumerate(lines) if "一级指标" in ln and "二级指标" in ln]
    if not heads:
        return text, golden
    names = [i["name"] for i in golden["indicators"] if len(i["name"]) >= 3]
    row = [any(name in ln for name in names) for ln in lines]
    places = [n for n in range(heads[0] + 2, len(lines)) if row[n] and row[n - 1]]
    if not places:
        return text, golden
    at = places[len(places) // 2]
    page = rng.randint(1, 3)
    footer = rng.choice(_FOOTERS).format(n=page, m=page + rng.randint(1, 2))
    lines[at:at] = [footer, "", lines[heads[0]]]
    return "\n".join(lines), golden


def _page_break_cells(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """One cell a line: the footer and the header's cells (一级指标 … 指标值) come again
    before a level name in the middle of the indicator cells."""
    lines = text.split("\n")
    bare = [re.sub(r"[\s|]", "", ln) for ln in lines]
    start = next((n for n, b in enumerate(bare) if b == "一级指标"), None)
    if start is None:
        return text, golden
    levels = {i["level2"] for i in golden["indicators"] if i.get("level2")}
    firsts = {i["level1"] for i in golden["indicators"] if i.get("level1")} | levels
    # The header is every line from 一级指标 to the first level name (all its columns).
    first = next((n for n in range(start + 1, len(lines)) if bare[n] in firsts), None)
    if first is None or first - start > 12:
        return text, golden
    end = first - 1
    places = [n for n in range(first + 1, len(lines)) if bare[n] in levels]
    if len(places) < 2:
        return text, golden
    at = places[len(places) // 2]
    page = rng.randint(1, 3)
    footer = rng.choice(_FOOTERS[:3]).format(n=page, m=page + rng.randint(1, 2))
    lines[at:at] = [footer, *lines[start : end + 1]]
    return "\n".join(lines), golden


def money_format(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with the year's total written another way (``1,200.00``,
    ``1200.000000``, ``1200万元``, or in 元 under a 元 label); the golden stays in 万元."""
    total = golden.get("funds_total_wan")
    if not total:
        return text, golden
    amount = re.compile(
        r"(?<![\d.,])" + re.escape(total) + r"(?:\.0+)?(?P<unit>\s*万元?)?(?![\d.])"
    )
    found = [
        m
        for m in amount.finditer(text)
        if re.search("资金|金额|预算|总额|合计", text[max(0, m.start() - 40) : m.start()])
    ]
    if not found:
        return text, golden
    m = found[0]
    wan = Decimal(total)
    unit = m.group("unit") or ""
    before = text[: m.start()]
    line_head = before[before.rfind("\n") + 1 :]
    labelled = re.search(r"[(（]万元[)）]", line_head)
    ways = ["commas", "decimals", "wan"]
    if golden.get("kind") == "target" and (labelled or unit.strip() == "万元"):
        ways.append("yuan")
    way = rng.choice(ways)
    if way == "commas":
        new = f"{wan:,.2f}{unit}"
    elif way == "decimals":
        new = f"{wan:.6f}{unit}"
    elif way == "wan":
        new = f"{total}万元"
    else:
        new = f"{wan * 10000:.2f}" + ("元" if unit.strip() else "")
        if labelled:
            start = before.rfind("\n") + 1 + labelled.start()
            before = before[:start] + "(元)" + before[start + len(labelled.group()) :]
    return before + new + text[m.end() :], golden


_SPACED_WORDS = (
    "项目名称", "主管部门", "实施单位", "预算部门", "一级指标", "二级指标", "三级指标",
    "指标值", "产出指标", "效益指标", "满意度指标", "数量指标", "质量指标", "时效指标",
    "成本指标", "社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标",
    "服务对象满意度指标",
)  # fmt: skip
_FULL_DIGITS = str.maketrans({0x30 + d: 0xFF10 + d for d in range(10)})


def _spaced(word: str, rng: random.Random) -> str:
    """Return the word with a space between some of its CJK characters (or all of them)."""
    places = [p for p in range(1, len(word)) if _CJK.match(word[p - 1]) and _CJK.match(word[p])]
    if not places:
        return word
    if rng.random() < 0.3:
        chosen = set(places)
    else:
        chosen = set(rng.sample(places, min(len(places), rng.randint(1, 2))))
    return "".join((" " if p in chosen else "") + c for p, c in enumerate(word))


def ocr_spaces(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return a table whose names and labels have spaces between some CJK characters and
    whose values have full-width digits, as OCR and PDF extraction write them."""
    if golden["family"] not in ("md-pipes", "pipe-per-cell", "line-per-cell"):
        return text, golden
    cjk_before, cjk_after = r"(?<![\u4e00-\u9fff])", r"(?![\u4e00-\u9fff])"
    words = [i["name"] for i in golden["indicators"] if len(i["name"]) >= 4]
    words += [golden[k] for k in _TEXT_KEYS if golden.get(k)]
    for word in sorted(set(words), key=len, reverse=True):
        if word in text and rng.random() < 0.6:
            text = text.replace(word, _spaced(word, rng))
    for word in _SPACED_WORDS:
        if rng.random() < 0.5:
            pattern = re.compile(cjk_before + word + cjk_after)
            text = pattern.sub(_spaced(word, rng), text)
    for raw in {i.get("target_raw") or "" for i in golden["indicators"]}:
        if re.search(r"\d", raw) and rng.random() < 0.6:
            pattern = re.compile(r"(?<![\d.])" + re.escape(raw) + r"(?![\d.])")
            text = pattern.sub(raw.translate(_FULL_DIGITS), text)
    return text, golden


def combined(text: str, golden: Golden, rng: random.Random) -> tuple[str, Golden]:
    """Return the text with numbers, comparators, names, labels, half width and CRLF changed."""
    for step in (numbers, comparators, renamed, labels, halfwidth, crlf):
        text, golden = step(text, golden, rng)
    return text, golden


VARIANTS: dict[str, Mutation] = {
    "crlf": crlf,
    "blank-lines": blank_lines,
    "halfwidth": halfwidth,
    "fullwidth": fullwidth,
    "traditional": traditional,
    "numbers": numbers,
    "renamed": renamed,
    "reordered": reordered,
    "labels": labels,
    "comparators": comparators,
    "numbered": numbered,
    "level-scores": level_scores,
    "tabs": tabs,
    "bare-pipes": bare_pipes,
    "cell-lines": cell_lines,
    "pipe-cells": pipe_cells,
    "spaces": spaces,
    "glued": glued,
    "chunked": chunked,
    "yuan": yuan,
    "spaced-values": spaced_values,
    "wrapped": wrapped,
    "wrapped-tabs": wrapped_tabs,
    "merged-blank": merged_blank,
    "repeated": repeated,
    "page-break": page_break,
    "money-format": money_format,
    "ocr-spaces": ocr_spaces,
    "combined": combined,
}

# --- measuring ------------------------------------------------------------------------


def mutated(variant: str, out: Path) -> dict[Path, Golden]:
    """Write the files the variant changes under ``out``; return them with their golden readings."""
    made: dict[Path, Golden] = {}
    out.mkdir(parents=True, exist_ok=True)
    for path, golden in score.load_golden().items():
        text = path.read_text(encoding="utf-8")
        rng = random.Random(f"{variant}:{path.name}")
        new_text, new_golden = VARIANTS[variant](text, golden, rng)
        if new_text == text:
            continue
        target = out / path.name
        target.write_bytes(new_text.encode("utf-8"))
        made[target] = new_golden
    return made


def measure(
    variants: Iterable[str], out: Path
) -> dict[str, tuple[list[score.FileScore], list[score.FileScore]]]:
    """Return, per variant, the scores of the original files it changed and of their copies."""
    base = {s.number: s for s in score.measure()}
    result: dict[str, tuple[list[score.FileScore], list[score.FileScore]]] = {}
    for variant in variants:
        made = mutated(variant, out / variant)
        scores = score.measure(made)
        result[variant] = ([base[s.number] for s in scores], scores)
    return result


def summed(scores: Iterable[score.FileScore], name: str) -> score.FamilyScore:
    """Return the figures of the files summed under one name."""
    total = score.FamilyScore(name)
    for s in scores:
        total.add(s)
    return total


def report(measured: Mapping[str, tuple[list[score.FileScore], list[score.FileScore]]]) -> str:
    """Return the base and the mutated figures, a pair of lines per variant."""
    rows: dict[str, score.FamilyScore] = {}
    for variant, (base, scores) in measured.items():
        rows[f"{variant[:10]} base"] = summed(base, f"{variant[:10]} base")
        rows[f"{variant[:10]} mut."] = summed(scores, f"{variant[:10]} mut.")
    return score.report(rows)


def main(argv: Sequence[str]) -> int:
    """Print the figures per variant (and each mutated file's misses with ``--detail``)."""
    only = argv[argv.index("--variants") + 1].split(",") if "--variants" in argv else list(VARIANTS)
    with tempfile.TemporaryDirectory(prefix="jixiao-mutate-") as tmp:
        measured = measure(only, Path(tmp))
    if "--detail" in argv:
        for variant, (base, scores) in measured.items():
            for b, s in zip(base, scores, strict=True):
                if (s.matched, s.read, s.header_found) != (b.matched, b.read, b.header_found):
                    sys.stdout.write(
                        f"[{variant}] base {b.matched}/{b.golden} read {b.read} h{b.header_found}; "
                    )
                    sys.stdout.write(score.details([s]) + "\n")
        sys.stdout.write("\n")
    sys.stdout.write(report(measured) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
