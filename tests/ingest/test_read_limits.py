"""Readers count what they really read: a file's declared size is never trusted (issue 13.2).

Every hostile file here is written by hand. The limits are lowered for the test so
that it stays fast; what is asserted is where reading stopped and which problem
says so, not how long it took.
"""

from __future__ import annotations

import io

from docx import Document
from hostile import padded_rows, xlsx_bytes

from jixiao.ingest import read_bytes
from jixiao.ingest.csvfile import read_csv
from jixiao.ingest.docx import read_docx
from jixiao.ingest.html import read_html
from jixiao.ingest.limits import COLUMN_LIMIT, ROW_LIMIT, ReadLimits, reading_limits
from jixiao.ingest.xlsx import read_xlsx
from jixiao.model.problems import PROBLEMS_CAPPED

SMALL = ReadLimits(rows=200, columns=40)


def _codes(problems: tuple) -> list[str]:
    return [p.code for p in problems]


def test_an_xlsx_declaring_14_rows_and_holding_3000_stops_at_the_limit() -> None:
    data = xlsx_bytes(padded_rows(3000), declared="A1:E14")
    with reading_limits(SMALL):
        outcome = read_xlsx(data, "谎报.xlsx")
    (grid,) = outcome.grids
    assert grid.rows[-1].source.row is not None and grid.rows[-1].source.row <= SMALL.rows
    (stop,) = [p for p in outcome.problems if p.code == ROW_LIMIT]
    assert stop.severity == "error"
    assert (stop.source.sheet, stop.source.row) == ("目标表", SMALL.rows + 1)
    assert "200 行的读取上限" in stop.message and "目标表" in stop.message


def test_a_file_within_the_limit_reads_whole_without_a_limit_problem() -> None:
    data = xlsx_bytes(padded_rows(20), declared="A1:E14")
    with reading_limits(SMALL):
        result = read_bytes(data, "ok.xlsx")
    assert ROW_LIMIT not in _codes(result.problems)
    assert len(result.tables) == 1 and len(result.tables[0].indicators) == 10 + 20


def test_parse_problems_are_bounded_per_code_with_a_count_of_the_rest() -> None:
    # 190 indicator rows without a value: 190 problems of one code before the bound.
    data = xlsx_bytes(padded_rows(3000))
    with reading_limits(SMALL):
        result = read_bytes(data, "谎报.xlsx")
    codes = _codes(result.problems)
    assert codes.count("parse.value-missing") == 50
    assert ROW_LIMIT in codes
    (capped,) = [p for p in result.problems if p.code == PROBLEMS_CAPPED]
    assert "另有" in capped.message and "parse.value-missing" in capped.message


def test_a_merged_range_declaring_the_whole_sheet_is_clipped_to_what_was_read() -> None:
    # A1:XFD1048576 declares 17 billion covered slots; only the read area counts.
    data = xlsx_bytes(padded_rows(5), merges=("A1:XFD1048576",))
    outcome = read_xlsx(data, "merge.xlsx")
    (grid,) = outcome.grids
    first = grid.rows[0].cells[0]
    assert first.colspan <= 5 and first.rowspan == len(padded_rows(5))


def test_csv_stops_at_the_row_limit_and_clips_wide_rows() -> None:
    lines = ["名称,指标,值"] + [f"指标{n},数量,{n}" for n in range(500)]
    lines[3] = ",".join(["宽"] * 100)
    with reading_limits(SMALL):
        outcome = read_csv("\n".join(lines).encode(), "长.csv")
    (grid,) = outcome.grids
    assert len(grid.rows) == SMALL.rows
    assert max(len(r.cells) for r in grid.rows) == SMALL.columns
    stop = next(p for p in outcome.problems if p.code == ROW_LIMIT)
    assert stop.source.row == SMALL.rows + 1
    assert COLUMN_LIMIT in _codes(outcome.problems)


def test_html_colspan_is_clipped_and_rows_stop_at_the_limit() -> None:
    rows = '<tr><td colspan="1000000">项目名称</td><td>x</td></tr>' + "".join(
        f"<tr><td>指标{n}</td><td>{n}</td></tr>" for n in range(1000)
    )
    page = f"<html><body><table>{rows}</table></body></html>".encode()
    with reading_limits(SMALL):
        outcome = read_html(page, "长.html")
    (grid,) = outcome.grids
    assert len(grid.rows) == SMALL.rows
    assert grid.rows[0].cells[0].colspan <= SMALL.columns
    assert ROW_LIMIT in _codes(outcome.problems)


def _docx_with_span(span: str, extra_rows: int) -> bytes:
    doc = Document()
    table = doc.add_table(rows=2 + extra_rows, cols=2)
    table.cell(0, 0).text = "项目名称"
    for n in range(extra_rows):
        table.cell(2 + n, 0).text = f"指标{n}"
    tc_pr = table.cell(0, 0)._tc.get_or_add_tcPr()
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    tc_pr.append(parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="{span}"/>'))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_docx_grid_span_is_clipped_and_rows_stop_at_the_limit() -> None:
    with reading_limits(SMALL):
        outcome = read_docx(_docx_with_span("1000000000", 400), "长.docx")
    (grid,) = outcome.grids
    # The limit counts the table's rows as read, the empty second row included.
    assert SMALL.rows - 1 <= len(grid.rows) <= SMALL.rows
    assert all(len(r.cells) <= SMALL.columns for r in grid.rows)
    assert grid.rows[0].cells[0].colspan <= SMALL.columns
    assert ROW_LIMIT in _codes(outcome.problems)


def _far_cells_xlsx() -> bytes:
    # Two stated positions far apart: calamine alone would build a 50,000 × 16,384
    # rectangle (26 GB) and abort the process.
    rows = padded_rows(5)
    rows[2] = rows[2] + [""] * (16_383 - len(rows[2])) + ["远处的格"]
    return xlsx_bytes(rows + [[] for _ in range(49_990)] + [["最后一行"]], declared="A1:E14")


def test_cells_stated_far_away_are_cut_before_the_sheet_is_built(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # In a child process under a 1.5 GB address-space cap, so that a regression fails
    # this test instead of taking the machine's memory (or aborting pytest).
    import json
    import resource
    import subprocess
    import sys

    path = tmp_path / "far.xlsx"
    path.write_bytes(_far_cells_xlsx())
    code = (
        "import json, sys\n"
        "from jixiao.ingest import read_path\n"
        "r = read_path(sys.argv[1])\n"
        "print(json.dumps([[p.code, p.source.row, p.source.column] for p in r.problems]))\n"
    )

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    problems = json.loads(done.stdout)
    assert [ROW_LIMIT, 20_001, None] in problems
    assert [COLUMN_LIMIT, None, 16_384] in problems


def test_a_wide_row_within_the_rows_is_cut_to_the_column_limit() -> None:
    rows = padded_rows(3)
    rows[1] = rows[1] + [""] * (100 - len(rows[1])) + ["第101列"]
    with reading_limits(SMALL):
        outcome = read_xlsx(xlsx_bytes(rows), "宽.xlsx")
    (grid,) = outcome.grids
    assert max(len(r.cells) for r in grid.rows) <= SMALL.columns
    (cut,) = [p for p in outcome.problems if p.code == COLUMN_LIMIT]
    assert (cut.source.sheet, cut.source.column) == ("目标表", 101)
    assert ROW_LIMIT not in _codes(outcome.problems)
