"""The real corpus tables in other formats, and mutated copies, read back and scored.

Each corpus table whose golden reading (``golden/NNN.json``) has indicators is laid out
again as a GRID, the way offices type the form: a title, the header rows (项目名称,
主管部门/实施单位), the funds rows, the block header and one row per indicator with
一级/二级/三级/指标值 columns (实际完成值 too for a self-evaluation), repeated level
names merged. The grid is built from the golden JSON alone, never from jixiao's
exporters, and written by other producers: openpyxl (xlsx with merged cells),
python-docx (Word tables with merges), hand-written HTML (UTF-8 and GB2312/GBK), the
csv module, and LibreOffice headless (xls, ods, and PDF from the Word files), one
``soffice`` run per batch. Every file is read back with :func:`jixiao.ingest.read_path`
and scored with :mod:`score`'s functions against the golden reading.

Mutations (``VARIANTS``) are the same tables with what real files add: blank rows and
columns, a title block above, 指标值 before 三级指标, 一级 repeated or left blank under
its first row, a 序号 column, full-width digits and comparators, a footnote below.

Run ``python tests/corpus/formats.py [--detail] [--no-office] [--keep DIR]
[--variants a,b] [--office-variants base,…]`` with ``PYTHONPATH=src`` (LibreOffice
converts the plain copies only, unless told more: each batch takes a minute).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score  # noqa: E402

SOFFICE = "/usr/bin/soffice"

# --- the grid ---------------------------------------------------------------------


@dataclass(frozen=True)
class Merge:
    """A merged rectangle, 0-based and inclusive."""

    r0: int
    c0: int
    r1: int
    c1: int


@dataclass
class Sheet:
    """One table as typed in a sheet: rectangular rows of text and the merged rectangles."""

    rows: list[list[str]]
    merges: list[Merge] = field(default_factory=list)

    @property
    def width(self) -> int:
        """Return the column count."""
        return max((len(r) for r in self.rows), default=0)

    def covered(self) -> set[tuple[int, int]]:
        """Return the slots hidden under a merge (not its top-left)."""
        return {
            (r, c)
            for m in self.merges
            for r in range(m.r0, m.r1 + 1)
            for c in range(m.c0, m.c1 + 1)
            if (r, c) != (m.r0, m.c0)
        }

    def merge_at(self, r: int, c: int) -> Merge | None:
        """Return the merge whose top-left slot is (r, c), if any."""
        return next((m for m in self.merges if (m.r0, m.c0) == (r, c)), None)


@dataclass(frozen=True)
class Style:
    """How one copy of a table is laid out (the mutations)."""

    title: bool = True  # the form's title and "(2023年度)" above
    preamble: bool = False  # 附件 number, a longer title, 填报单位 and 单位 line
    levels: str = "merged"  # merged | repeated | blank (only the first row of a run)
    value_first: bool = False  # 指标值 column before 三级指标
    number_column: bool = False  # a 序号 column at the left
    blank_lines: bool = False  # an empty column at the left, empty rows inside
    fullwidth: bool = False  # values and amounts typed with full-width digits
    footnote: bool = False  # 注 and 填表人 rows below
    split_value: bool = False  # 指标性质 | 指标值 | 度量单位 in three columns
    two_row_head: bool = False  # 绩效指标 merged over 一级/二级/三级指标 on a second row
    label_column: bool = False  # the official form's 年度绩效指标 column merged down the block
    scores: bool = False  # a self-evaluation's 分值 and 得分 columns
    wrapped: bool = False  # line breaks typed in header words, level names and long names
    values_merged: bool = False  # equal targets of neighbouring rows merged into one cell


VARIANTS: dict[str, Style] = {
    "base": Style(),
    "no-title": Style(title=False),
    "preamble": Style(preamble=True),
    "blank-rows-cols": Style(blank_lines=True),
    "value-first": Style(value_first=True),
    "levels-repeated": Style(levels="repeated"),
    "levels-blank": Style(levels="blank"),
    "number-column": Style(number_column=True),
    "fullwidth": Style(fullwidth=True),
    "footnote": Style(footnote=True),
    "split-value": Style(split_value=True),
    "two-row-head": Style(two_row_head=True),
    "label-column": Style(label_column=True),
    "scores": Style(scores=True),
    "wrapped": Style(wrapped=True),
    "values-merged": Style(values_merged=True),
}

_FULL = str.maketrans(
    {**{str(d): chr(0xFF10 + d) for d in range(10)}, ".": "．", "%": "％", ">": "＞", "<": "＜"}
    | {"=": "＝", "≥": "＞＝", "≤": "＜＝"}
)
GOAL = "按期完成项目各项任务,资金使用规范,达到预期效果。"


def _full(text: str, style: Style) -> str:
    return text.translate(_FULL) if style.fullwidth else text


def _title(golden: Mapping[str, Any]) -> str:
    kind = golden.get("kind")
    if kind == "self_evaluation":
        return "项目支出绩效自评表"
    if kind == "monitoring":
        return "项目支出绩效目标执行监控表"
    if kind == "overall":
        return "部门整体支出绩效目标表"
    return "项目支出绩效目标申报表"


def self_evaluated(golden: Mapping[str, Any]) -> bool:
    """Return whether the table has an 实际完成值 column (its indicators give actual values)."""
    return any("actual_raw" in i for i in golden["indicators"])


def build_sheet(golden: Mapping[str, Any], style: Style = Style()) -> Sheet:
    """Given a golden reading and a style, return the table's grid as an office would type it."""
    actual = self_evaluated(golden)
    values = ["年度指标值" if actual else "指标值"]
    if style.split_value:
        values = ["指标性质", *values, "度量单位"]
    heads = ["一级指标", "二级指标", "三级指标", *values]
    if actual:
        heads.append("实际完成值")
        if style.scores:
            heads += ["分值", "得分"]
    width = max(len(heads), 5 if actual else 4)
    rows: list[list[str]] = []
    merges: list[Merge] = []

    def add(cells: Sequence[str], spans: Iterable[tuple[int, int]] = ()) -> int:
        r = len(rows)
        rows.append(list(cells) + [""] * (width - len(cells)))
        merges.extend(Merge(r, c0, r, c1) for c0, c1 in spans)
        return r

    year = golden.get("fiscal_year")
    if style.preamble:
        add(["附件2"])
        add([f"{year or ''}年度{_title(golden)}(区级项目)"], [(0, width - 1)])
        add([f"填报单位(盖章):{golden.get('department') or ''}", "", "", "单位:万元"])
    elif style.title:
        add([_title(golden)], [(0, width - 1)])
        if year:
            add([f"({year}年度)"], [(0, width - 1)])
    if golden.get("project_name"):
        add(["项目名称", golden["project_name"]], [(1, width - 1)])
    if golden.get("department"):
        dept = golden["department"]
        add(["主管部门", dept, "实施单位", dept], [(3, width - 1)] if width > 4 else [])
    total = golden.get("funds_total_wan")
    if total is not None:
        t = _full(str(total), style)
        if actual:
            first = add(["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数"])
            add(["", "年度资金总额", t, t, t])
            add(["", "其中:财政拨款", t, t, t])
            add(["", "其他资金", "0", "0", "0"])
        else:
            first = add(["项目资金(万元)", "年度资金总额", t], [(2, width - 1)])
            add(["", "其中:财政拨款", t], [(2, width - 1)])
            add(["", "其他资金", "0"], [(2, width - 1)])
        merges.append(Merge(first, 0, len(rows) - 1, 0))
    add(["年度绩效目标", GOAL], [(1, width - 1)])
    if style.blank_lines:
        add([])
    head = add(heads)
    if style.two_row_head:
        rows[head][:3] = ["绩效指标", "", ""]
        merges.append(Merge(head, 0, head, 2))
        merges.extend(Merge(head, c, head + 1, c) for c in range(3, len(heads)))
        add(heads[:3])
    body = len(rows)
    for ind in golden["indicators"]:
        target = [_full(ind["target_raw"], style)]
        if style.split_value:
            number = ind.get("number")
            split = [ind.get("op") or "", _full(number, style), ind.get("unit") or ""]
            target = split if number is not None else ["", *target, ""]
        cells = [ind.get("level1") or "", ind.get("level2") or "", ind["name"], *target]
        if actual:
            cells.append(_full(ind.get("actual_raw") or "", style))
            if style.scores:
                cells += ["10", "9"]
        add(cells)
    last = len(rows) - 1
    if style.values_merged:
        _merge_equal_values(rows, merges, body, last, 3)
    if style.wrapped:
        for r in range(head, last + 1):
            rows[r][:3] = [_wrap(t, 4 if r > head else 2) for t in rows[r][:3]]
    _level_runs(rows, merges, body, style.levels)
    if style.footnote:
        add(
            ["注:1.本表由项目实施单位填写;2.指标值应量化,不能量化的用定性语言表述。"],
            [(0, width - 1)],
        )
        add(["填表人:张某", "联系电话:0551-1234567", "填报日期:2023年1月10日"])
    sheet = Sheet(rows, merges)
    if style.value_first:
        sheet = _swap_columns(sheet, 2, 3, head)
    if style.number_column:
        sheet = _left_column(sheet, head, last, "序号")
    if style.label_column:
        sheet = _left_column(sheet, head, last, "年度绩效指标")
    if style.blank_lines:
        sheet = _blank_lines(sheet, body)
    return sheet


def _merge_equal_values(
    rows: list[list[str]], merges: list[Merge], body: int, last: int, col: int
) -> None:
    # "100%" for three rates in a row typed once, its cell merged down over the three.
    r = body
    while r <= last:
        end = r
        while end + 1 <= last and rows[end + 1][col] == rows[r][col] and rows[r][col]:
            end += 1
        if end > r:
            merges.append(Merge(r, col, end, col))
            for below in range(r + 1, end + 1):
                rows[below][col] = ""
        r = end + 1


def _wrap(text: str, longer_than: int) -> str:
    # Alt+Enter in a cell (or a paragraph break in Word): "一级\n指标", "社会效益\n指标".
    if len(text) <= longer_than:
        return text
    return text[: len(text) // 2] + "\n" + text[len(text) // 2 :]


def _level_runs(rows: list[list[str]], merges: list[Merge], body: int, how: str) -> None:
    # Offices merge a level name over the rows it heads; some repeat it, some leave the
    # slots below blank without merging.
    original = [list(r) for r in rows]
    for col in (0, 1):
        r = body
        while r < len(rows):
            key = tuple(original[r][: col + 1])
            end = r
            while end + 1 < len(rows) and tuple(original[end + 1][: col + 1]) == key:
                end += 1
            if rows[r][col] and end > r and how != "repeated":
                if how == "merged":
                    merges.append(Merge(r, col, end, col))
                for below in range(r + 1, end + 1):
                    rows[below][col] = ""
            r = end + 1


def _swap_columns(sheet: Sheet, a: int, b: int, from_row: int) -> Sheet:
    # Only the block header and indicator rows swap: the header rows above keep their merges.
    rows = [list(r) for r in sheet.rows]
    for r in range(from_row, len(rows)):
        if len(rows[r]) > b and not any(m.r0 <= r <= m.r1 and m.c1 >= a for m in sheet.merges):
            rows[r][a], rows[r][b] = rows[r][b], rows[r][a]
    return Sheet(rows, sheet.merges)


def _left_column(sheet: Sheet, head: int, last: int, label: str) -> Sheet:
    """Add a column at the left of the block: 序号 numbering the rows, or a label merged down it.

    Above and below the block the first cell widens over the new column.
    """
    rows: list[list[str]] = []
    merges: list[Merge] = []
    starts = {(m.r0, m.c0) for m in sheet.merges}
    inside = range(head, last + 1)
    for r, row in enumerate(sheet.rows):
        if r in inside:
            number = str(r - head) if label == "序号" and r > head else ""
            rows.append([label if r == head else number, *row])
        else:
            rows.append([row[0], "", *row[1:]])
            if (r, 0) not in starts and row[0]:
                merges.append(Merge(r, 0, r, 1))
    if label != "序号":
        merges.append(Merge(head, 0, last, 0))
    for m in sheet.merges:
        widen = m.r0 not in inside and m.c0 == 0
        merges.append(replace(m, c1=m.c1 + 1) if widen else replace(m, c0=m.c0 + 1, c1=m.c1 + 1))
    return Sheet(rows, merges)


def _blank_lines(sheet: Sheet, body: int) -> Sheet:
    # An empty column A (offices indent forms this way) and an empty row after every
    # third indicator row (a deleted row left blank).
    rows: list[list[str]] = []
    at: dict[int, int] = {}
    for r, row in enumerate(sheet.rows):
        at[r] = len(rows)
        rows.append(["", *row])
        if r >= body and (r - body) % 3 == 2 and r + 1 < len(sheet.rows):
            rows.append([""] * (len(row) + 1))
    merges = []
    for m in sheet.merges:
        r0, r1 = at[m.r0], at[m.r1]
        merges.append(Merge(r0, m.c0 + 1, r1, m.c1 + 1))
    # A blank row inside a merged level run is part of the run.
    return Sheet(rows, merges)


# --- writers ----------------------------------------------------------------------

_NUMBER_CHARS = set("0123456789.")
_PERCENT = re.compile(r"(\d+(\.(\d+))?)%")


def _as_number(text: str) -> float | str:
    # Offices type amounts and bare numbers as numbers; "0.50" keeps its text.
    if text and set(text) <= _NUMBER_CHARS and text.count(".") <= 1 and text[0] != ".":
        value = float(text)
        shown = str(int(value)) if value.is_integer() else repr(value)
        if shown == text:
            return value
    return text


def write_xlsx(sheet: Sheet, path: Path, framed: bool = False) -> Path:
    """Write the table with openpyxl: merged cells, and when framed borders, wrapped text and print sizes.

    The frame is what a PDF printed from the sheet needs (ruled cells, rows tall enough);
    openpyxl takes most of its time on styles, so plain copies go without.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标表"
    thin = Side(style="thin")
    covered = sheet.covered()
    for i, row in enumerate(sheet.rows, 1):
        for j, text in enumerate(row, 1):
            if (i - 1, j - 1) in covered:
                continue
            cell = ws.cell(i, j, _as_number(text) if text else None)
            percent = _PERCENT.fullmatch(text)
            if percent:
                # Excel turns "95%" typed in a cell into 0.95 shown with a percent format.
                cell.value = float(percent.group(1)) / 100
                decimals = len(percent.group(3) or "")
                cell.number_format = "0." + "0" * decimals + "%" if decimals else "0%"
            if text.startswith("="):
                cell.data_type = "s"  # "=300天" typed as text, not a formula
            if framed:
                cell.border = Border(thin, thin, thin, thin)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
    for m in sheet.merges:
        ws.merge_cells(
            start_row=m.r0 + 1, start_column=m.c0 + 1, end_row=m.r1 + 1, end_column=m.c1 + 1
        )
    if framed:
        _print_setup(ws, sheet)
    wb.save(path)
    return path


#: Column width (characters) of a printed form; the widest column is the name's.
COLUMN_WIDTH, NAME_WIDTH = 16, 34


def _print_setup(ws: Any, sheet: Sheet) -> None:
    # Printed one page wide with rows tall enough for their wrapped text, as a unit
    # sets a form up before saving it as PDF: LibreOffice neither re-measures wrapped
    # rows of an xlsx on opening nor fits the width on its own.
    from openpyxl.utils import get_column_letter

    widths = [COLUMN_WIDTH] * sheet.width
    longest = max(range(sheet.width), key=lambda c: sum(len(r[c]) for r in sheet.rows))
    widths[longest] = NAME_WIDTH
    for j, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    spans = {(m.r0, m.c0): m for m in sheet.merges}
    for i, row in enumerate(sheet.rows):
        lines = 1
        for j, text in enumerate(row):
            m = spans.get((i, j))
            room = sum(widths[j : (m.c1 if m else j) + 1])
            height = (m.r1 - m.r0 + 1) if m else 1
            lines = max(lines, -(-len(text) * 2 // max(room - 2, 1)) // height)
        ws.row_dimensions[i + 1].height = 16 * lines + 4


def write_docx(sheet: Sheet, path: Path) -> Path:
    """Write the table with python-docx: title paragraphs above, merged cells."""
    from docx import Document

    doc = Document()
    rows = sheet.rows
    # Rows above the first row of two or more filled cells are paragraphs, as in Word.
    first = next((i for i, r in enumerate(rows) if sum(1 for t in r if t) > 1), 0)
    while first and sheet.merge_at(first - 1, 0) is None and not rows[first - 1][0]:
        first -= 1
    for r in rows[:first]:
        text = "    ".join(t for t in r if t)
        if text:
            doc.add_paragraph(text)
    body = Sheet(
        rows[first:],
        [replace(m, r0=m.r0 - first, r1=m.r1 - first) for m in sheet.merges if m.r0 >= first],
    )
    table = doc.add_table(rows=len(body.rows), cols=body.width)
    table.style = "Table Grid"
    covered = body.covered()
    for i, row in enumerate(body.rows):
        for j, text in enumerate(row):
            if (i, j) not in covered and text:
                table.cell(i, j).text = text
    for m in body.merges:
        table.cell(m.r0, m.c0).merge(table.cell(m.r1, m.c1))
    doc.save(str(path))
    return path


def write_html(sheet: Sheet, path: Path, encoding: str = "utf-8", declare: bool = True) -> Path:
    """Write a hand-made HTML page: a <table> with rowspan/colspan in the given encoding."""
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
        if declare
        else ""
    )
    parts = [
        f"<html><head>{meta}<title>绩效目标表</title></head><body>",
        '<table border="1" cellspacing="0">',
    ]
    covered = sheet.covered()
    for i, row in enumerate(sheet.rows):
        cells = []
        for j, text in enumerate(row):
            if (i, j) in covered:
                continue
            m = sheet.merge_at(i, j)
            span = ""
            if m is not None:
                span += f' rowspan="{m.r1 - m.r0 + 1}"' if m.r1 > m.r0 else ""
                span += f' colspan="{m.c1 - m.c0 + 1}"' if m.c1 > m.c0 else ""
            shown = escape(text).replace("\n", "<br>") or "&nbsp;"
            cells.append(f'<td{span}><p align="center">{shown}</p></td>')
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</table></body></html>")
    # A page that says GB2312 is really GBK, as browsers assume.
    codec = "gbk" if encoding.lower() in ("gb2312", "gbk") else encoding
    path.write_bytes("\n".join(parts).encode(codec, errors="replace"))
    return path


def write_csv(sheet: Sheet, path: Path, encoding: str = "utf-8-sig") -> Path:
    """Write the grid as CSV (UTF-8 with BOM as Excel saves it, or GBK); merges are lost."""
    buf = io.StringIO()
    csv.writer(buf).writerows(sheet.rows)
    path.write_bytes(buf.getvalue().encode(encoding, errors="replace"))
    return path


Writer = Callable[[Sheet, Path], Path]
#: Formats written by Python libraries or by hand (fast: these the test suite measures).
PYTHON_FORMATS: dict[str, tuple[str, Writer]] = {
    "xlsx": ("xlsx", write_xlsx),
    "docx": ("docx", write_docx),
    "html": ("html", write_html),
    "html-gbk": ("html", lambda s, p: write_html(s, p, "gb2312")),
    "html-gbk-bare": ("htm", lambda s, p: write_html(s, p, "gbk", declare=False)),
    "csv": ("csv", write_csv),
    "csv-gbk": ("csv", lambda s, p: write_csv(s, p, "gbk")),
}
#: Formats LibreOffice Calc converts a framed xlsx to (Calc is all that is installed
#: here, so Word files are not converted).
OFFICE_FORMATS = ("xls", "ods", "pdf")


def convert(files: Sequence[Path], target: str, out: Path) -> list[Path]:
    """Convert files with one LibreOffice run; return the files it wrote."""
    out.mkdir(parents=True, exist_ok=True)
    if not files:
        return []
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", target, "--outdir", str(out), *map(str, files)],
            check=True, capture_output=True, timeout=1800,
        )  # fmt: skip
    made = [out / f"{f.stem}.{target}" for f in files]
    return [p for p in made if p.exists()]


# --- measuring --------------------------------------------------------------------


def tables_with_indicators() -> dict[Path, dict[str, Any]]:
    """Return the golden readings that have indicators, keyed by their corpus file."""
    return {p: g for p, g in score.load_golden().items() if g["indicators"]}


def as_written(golden: Mapping[str, Any], style: Style) -> Mapping[str, Any]:
    """Return the golden reading of a copy: its values as the copy writes them.

    Full-width digits stay in the raw text a reader keeps ("１００％"); split columns
    give the raw text "≥" + "95" + "%"; the comparator, number and unit are the golden ones.
    """
    if not (style.fullwidth or style.split_value):
        return golden

    def target(i: Mapping[str, Any]) -> str:
        if style.split_value and i.get("number") is not None:
            return f"{i.get('op') or ''}{i['number']}{i.get('unit') or ''}"
        return str(i["target_raw"])

    indicators = [
        {
            **i,
            "target_raw": _full(target(i), style),
            **({"actual_raw": _full(i["actual_raw"], style)} if i.get("actual_raw") else {}),
        }
        for i in golden["indicators"]
    ]
    return {**golden, "indicators": indicators}


def write_copies(
    out: Path,
    formats: Iterable[str] = PYTHON_FORMATS,
    variants: Iterable[str] = VARIANTS,
    golden: Mapping[Path, Mapping[str, Any]] | None = None,
) -> dict[tuple[str, str], list[tuple[Path, Mapping[str, Any]]]]:
    """Write every table in every format and variant; return the files by (format, variant)."""
    readings = tables_with_indicators() if golden is None else golden
    made: dict[tuple[str, str], list[tuple[Path, Mapping[str, Any]]]] = {}
    for variant in variants:
        folder = out / variant
        folder.mkdir(parents=True, exist_ok=True)
        for source, g in readings.items():
            sheet = build_sheet(g, VARIANTS[variant])
            for fmt in formats:
                ext, writer = PYTHON_FORMATS[fmt]
                path = writer(sheet, folder / f"{source.name[:3]}-{fmt}.{ext}")
                made.setdefault((fmt, variant), []).append((path, as_written(g, VARIANTS[variant])))
    return made


def write_office(
    out: Path,
    variants: Iterable[str] = ("base",),
    golden: Mapping[Path, Mapping[str, Any]] | None = None,
    formats: Iterable[str] = OFFICE_FORMATS,
) -> dict[tuple[str, str], list[tuple[Path, Mapping[str, Any]]]]:
    """Write framed xlsx copies and convert them with LibreOffice, one run per format and variant."""
    readings = tables_with_indicators() if golden is None else golden
    made: dict[tuple[str, str], list[tuple[Path, Mapping[str, Any]]]] = {}
    for variant in variants:
        style = VARIANTS[variant]
        folder = out / f"{variant}-framed"
        folder.mkdir(parents=True, exist_ok=True)
        sources = [
            (write_xlsx(build_sheet(g, style), folder / f"{p.name[:3]}.xlsx", framed=True), g)
            for p, g in readings.items()
        ]
        for fmt in formats:
            target = out / f"{variant}-{fmt}"
            written = {p.stem: p for p in convert([p for p, _ in sources], fmt, target)}
            made[(fmt, variant)] = [
                (written.get(p.stem, target / f"{p.stem}.missing"), as_written(g, style))
                for p, g in sources
            ]
    return made


def measure(
    made: Mapping[tuple[str, str], list[tuple[Path, Mapping[str, Any]]]],
) -> dict[tuple[str, str], list[score.FileScore]]:
    """Read every written file back and score it against its golden reading."""
    return {key: [score.score_file(p, g) for p, g in files] for key, files in made.items()}


def summed(scores: Iterable[score.FileScore], name: str) -> score.FamilyScore:
    """Return the figures of some files summed under one name."""
    total = score.FamilyScore(name)
    for s in scores:
        total.add(s)
    return total


def text_scores(golden: Mapping[Path, Mapping[str, Any]]) -> list[score.FileScore]:
    """The text files' own scores on the same tables: what the formats are compared with."""
    return [score.score_file(p, g) for p, g in golden.items()]


def report(measured: Mapping[tuple[str, str], list[score.FileScore]]) -> str:
    """Return the figures per format (over all variants) and per variant (over all formats)."""
    formats: dict[str, list[score.FileScore]] = {}
    variants: dict[str, list[score.FileScore]] = {}
    for (fmt, variant), scores in measured.items():
        formats.setdefault(fmt, []).extend(scores)
        variants.setdefault(variant, []).extend(scores)
    base = {fmt: s for (fmt, variant), s in measured.items() if variant == "base"}
    lines = ["per format, base copies:", score.report({k: summed(v, k) for k, v in base.items()})]
    lines += ["", "per format, all variants:"]
    lines.append(score.report({k: summed(v, k) for k, v in formats.items()}))
    lines += ["", "per variant, all formats:"]
    lines.append(score.report({k: summed(v, k) for k, v in variants.items()}))
    return "\n".join(lines)


def details(measured: Mapping[tuple[str, str], list[score.FileScore]]) -> str:
    """Return every file's misses and extra readings, under its format and variant."""
    out = []
    for (fmt, variant), scores in measured.items():
        bad = [s for s in scores if s.missed or s.extra or s.crashed]
        if bad:
            out.append(f"== {fmt} / {variant}")
            out.append(score.details(bad))
    return "\n".join(out)


def main(argv: Sequence[str]) -> int:
    """Write, read back and score every copy; print the figures (and misses with --detail)."""
    keep = argv[argv.index("--keep") + 1] if "--keep" in argv else None
    out = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="jixiao-formats-"))
    only = argv[argv.index("--variants") + 1].split(",") if "--variants" in argv else list(VARIANTS)
    try:
        golden = tables_with_indicators()
        made = write_copies(out, variants=only, golden=golden)
        office = ["base"]
        if "--office-variants" in argv:
            office = argv[argv.index("--office-variants") + 1].split(",")
        if "--no-office" not in argv and Path(SOFFICE).exists():
            made |= write_office(out, office, golden)
        measured = measure(made)
        if "--detail" in argv:
            sys.stdout.write(details(measured) + "\n\n")
        text = summed(text_scores(golden), "text (.txt)")
        sys.stdout.write(score.report({"text": text}) + "\n\n" + report(measured) + "\n")
    finally:
        if not keep:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
