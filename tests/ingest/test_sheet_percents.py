"""Percent-formatted numbers in legacy .xls and OpenDocument .ods sheets read as "95%".

A unit typing 95% stores 0.95 with a percent format; calamine gives 0.95 whatever the
file, so the xls and ods readers look the format up as the xlsx reader does.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from jixiao.ingest import read_path
from jixiao.ingest.sheet_formats import ods_percent_cells, xls_percent_cells

HEAD = [
    ("项目名称", "乡村道路养护"),
    ("主管部门", "某县交通运输局"),
    ("一级指标", "二级指标", "三级指标", "指标值"),
]
# (level1, level2, name, value, number format or None)
ROWS = [
    ("产出指标", "数量指标", "养护里程", 125, None),
    ("", "质量指标", "路况优良率", 0.85, "0%"),
    ("", "", "验收合格率", 0.955, "0.0%"),
    ("效益指标", "满意度指标", "群众满意度", 0.9, '"满意"0%'),
]
EXPECTED = [
    ("养护里程", "125"),
    ("路况优良率", "85%"),
    ("验收合格率", "95.5%"),
    ("群众满意度", "90%"),
]


def _write_xls(path: Path) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("目标表")
    for r, row in enumerate(HEAD):
        for c, text in enumerate(row):
            ws.write(r, c, text)
    for r, (l1, l2, name, value, fmt) in enumerate(ROWS, len(HEAD)):
        for c, text in enumerate((l1, l2, name)):
            ws.write(r, c, text)
        style = xlwt.easyxf(num_format_str=fmt) if fmt else xlwt.Style.default_style
        ws.write(r, 3, value, style)
    wb.save(str(path))
    return path


def _ods_cell(value: object, fmt: str | None) -> str:
    if isinstance(value, str):
        return f"<table:table-cell office:value-type='string'><text:p>{value}</text:p></table:table-cell>"
    kind = "percentage" if fmt else "float"
    return f"<table:table-cell office:value-type='{kind}' office:value='{value}'/>"


def _write_ods(path: Path, rows: list[str] | None = None) -> Path:
    if rows is None:
        rows = ["".join(_ods_cell(t, None) for t in row) for row in HEAD]
        rows += [
            "".join(_ods_cell(t, None) for t in (l1, l2, name)) + _ods_cell(value, fmt)
            for l1, l2, name, value, fmt in ROWS
        ]
    body = "".join(f"<table:table-row>{r}</table:table-row>" for r in rows)
    # A repeated empty tail, as LibreOffice writes it up to the last row of the sheet.
    body += "<table:table-row table:number-rows-repeated='1048000'><table:table-cell table:number-columns-repeated='1024'/></table:table-row>"
    content = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<office:document-content xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0'"
        " xmlns:table='urn:oasis:names:tc:opendocument:xmlns:table:1.0'"
        " xmlns:text='urn:oasis:names:tc:opendocument:xmlns:text:1.0' office:version='1.2'>"
        f"<office:body><office:spreadsheet><table:table table:name='目标表'>{body}"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        "<?xml version='1.0' encoding='UTF-8'?><manifest:manifest"
        " xmlns:manifest='urn:oasis:names:tc:opendocument:xmlns:manifest:1.0' manifest:version='1.2'>"
        "<manifest:file-entry manifest:full-path='/' manifest:media-type='application/vnd.oasis.opendocument.spreadsheet'/>"
        "<manifest:file-entry manifest:full-path='content.xml' manifest:media-type='text/xml'/>"
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def _values(path: Path) -> list[tuple[str, str]]:
    (table,) = read_path(path).tables
    return [(i.name, i.value.raw) for i in table.indicators]


def test_xls_percent_cells_read_as_percentages(tmp_path: Path) -> None:
    path = _write_xls(tmp_path / "t.xls")
    assert xls_percent_cells(path.read_bytes()) == {"目标表": {(4, 3), (5, 3), (6, 3)}}
    assert _values(path) == EXPECTED


def test_ods_percent_cells_read_as_percentages(tmp_path: Path) -> None:
    path = _write_ods(tmp_path / "t.ods")
    assert ods_percent_cells(path.read_bytes()) == {"目标表": {(4, 3), (5, 3), (6, 3)}}
    assert _values(path) == EXPECTED


def test_damaged_or_foreign_bytes_give_no_percent_cells() -> None:
    assert xls_percent_cells(b"\xd0\xcf\x11\xe0" + b"\x00" * 600) == {}
    assert ods_percent_cells(b"PK\x03\x04 not a zip") == {}


def test_ods_merged_cells_are_read_as_merges(tmp_path: Path) -> None:
    # calamine gives no merged ranges for .ods; the cells' spans say them. A value merged
    # over two rows is each row's value, the 一级 merged over both is carried.
    def cell(text: str, down: int = 1) -> str:
        span = f" table:number-rows-spanned='{down}'" if down > 1 else ""
        return f"<table:table-cell office:value-type='string'{span}><text:p>{text}</text:p></table:table-cell>"

    covered = "<table:covered-table-cell/>"
    rows = ["".join(cell(t) for t in row) for row in HEAD]
    rows.append(cell("产出指标", 2) + cell("质量指标") + cell("验收合格率") + cell("100%", 2))
    rows.append(covered + cell("时效指标") + cell("资金到位率") + covered)
    path = _write_ods(tmp_path / "merged.ods", rows)
    (table,) = read_path(path).tables
    got = [(i.level1, i.level2, i.name, i.value.raw) for i in table.indicators]
    assert got == [
        ("产出指标", "质量指标", "验收合格率", "100%"),
        ("产出指标", "时效指标", "资金到位率", "100%"),
    ]
