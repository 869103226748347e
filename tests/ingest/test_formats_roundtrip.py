"""Issue 5 acceptance: each format of the six example tables parses like the text file."""

from __future__ import annotations

from pathlib import Path

import pytest
from formats_support import COMMITTED

from jixiao.ingest import read_path
from jixiao.model.problems import ParseResult
from jixiao.model.project import TargetTable
from jixiao.model.serialize import result_to_dict

SIX_TABLE_FILES = [
    "xlsx",
    "xls",
    "docx",
    "docx-nested",
    "pdf",
    "pdf-continued",
    "pdf-repeated",
    "pdf-rotated",
    "html",
    "html-gb2312",
]


def _json(tables: list[TargetTable]) -> dict[str, object]:
    return result_to_dict(ParseResult(tuple(t.without_sources() for t in tables)))


@pytest.mark.parametrize("key", SIX_TABLE_FILES)
def test_format_parses_to_the_text_tables(
    key: str, made: dict[str, Path], text_tables: list[TargetTable]
) -> None:
    result = read_path(made[key])
    assert result.problems == ()
    assert (len(result.tables), sum(len(t.indicators) for t in result.tables)) == (6, 59)
    assert _json(list(result.tables)) == _json(text_tables)


@pytest.mark.parametrize(("key", "index"), [("csv-gbk", 0), ("csv", 1)])
def test_csv_parses_to_its_text_table(
    key: str, index: int, made: dict[str, Path], text_tables: list[TargetTable]
) -> None:
    result = read_path(made[key])
    assert [t.without_sources() for t in result.tables] == [text_tables[index]]


def test_sources_point_into_the_file(made: dict[str, Path]) -> None:
    xlsx = read_path(made["xlsx"]).tables[3].indicators[0].source
    pdf = read_path(made["pdf-continued"]).tables[0].indicators[-1].source
    assert xlsx is not None and (xlsx.sheet, xlsx.column) == ("目标表2", 4)
    assert pdf is not None and pdf.page == 2  # the last rows continue on the next page


@pytest.mark.parametrize(
    "path", sorted(COMMITTED.glob("wuhu-2024-laomo-fuwu*")), ids=lambda p: p.name
)
def test_committed_samples_parse_to_the_second_table(
    path: Path, text_tables: list[TargetTable]
) -> None:
    assert [t.without_sources() for t in read_path(path).tables] == [text_tables[1]]


@pytest.mark.parametrize(
    "name",
    [
        "wuhu-2024-libreoffice-calc.pdf",
        "wuhu-2024-libreoffice-calc.xls",
        "wuhu-2024-libreoffice-calc.ods",
        "wuhu-2024-libreoffice-calc.html",
    ],
)
def test_files_saved_by_libreoffice_parse_to_the_text_tables(
    name: str, text_tables: list[TargetTable]
) -> None:
    # Made by LibreOffice Calc from the generated xlsx: another program's merges,
    # borders and page breaks (a merged cell cut by a page break prints its text on
    # the next page).
    result = read_path(COMMITTED / name)
    assert _json(list(result.tables)) == _json(text_tables)
