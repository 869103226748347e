"""The same tables in every text shape and encoding read to the same model."""

from __future__ import annotations

import json

import opencc
import pytest

from jixiao.ingest import read_bytes, read_text
from jixiao.model.project import TargetTable
from jixiao.model.serialize import table_to_dict


def _cells(text: str) -> list[list[str]]:
    return [line.split("\t") if "\t" in line else [line] for line in text.split("\n")]


def as_markdown(text: str) -> str:
    return "\n".join(
        "| " + " | ".join(row) + " |" if len(row) > 1 else row[0] for row in _cells(text)
    )


def as_cell_per_line(text: str, sep: str = "\n") -> str:
    return sep.join(c for row in _cells(text) for c in row if c.strip())


def as_pipe_cells(text: str) -> str:
    # The shape HTML-to-text tools give: "cell |" per line, "|" for an empty cell.
    out = []
    for row in _cells(text):
        if len(row) == 1:
            out.append(row[0])
            continue
        out.append("|")
        out.extend(f"{c} |" if c.strip() else "|" for c in row)
        out.append("||")
    return "\n".join(out)


def as_pipe_separated(text: str) -> str:
    # The shape of PDF-to-HTML dumps: each cell alone, "|" lines between them.
    return "\n|\n".join(c for row in _cells(text) for c in row if c.strip())


def as_forward_filled(text: str) -> str:
    # What merged cells become in pandas / some converters: repeated on every row.
    out, prev = [], None
    for row in _cells(text):
        if len(row) == 1:
            out.append(row[0])
            prev = None
            continue
        if prev is not None:
            for i, cell in enumerate(row):
                if cell.strip() or i >= len(prev):
                    break
                row[i] = prev[i]
        out.append("\t".join(row))
        prev = row
    return "\n".join(out)


def canon(tables: tuple[TargetTable, ...]) -> str:
    return json.dumps([table_to_dict(t.without_sources()) for t in tables], ensure_ascii=False)


SHAPES = {
    "markdown": as_markdown,
    "cell-per-line": as_cell_per_line,
    "cell-per-paragraph": lambda t: as_cell_per_line(t, "\n\n"),
    "pipe-cells": as_pipe_cells,
    "pipe-separated": as_pipe_separated,
    "forward-filled": as_forward_filled,
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "cr": lambda t: t.replace("\n", "\r"),
}


# Shapes that keep no column positions: whether a second level stood in the 一级 column
# (table 4, level1_inferred) cannot be seen in them; everything else must agree.
LOSES_COLUMNS = frozenset({"cell-per-line", "cell-per-paragraph", "pipe-cells", "pipe-separated"})


def _without_column_inference(text: str) -> str:
    return text.replace('"level1_inferred": true', '"level1_inferred": false')


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_shapes_give_the_same_tables(example_text: str, shape: str) -> None:
    base = read_text(example_text, "x").tables
    result = read_text(SHAPES[shape](example_text), "x")
    assert len(result.tables) == 6
    assert sum(len(t.indicators) for t in result.tables) == 59
    if shape in LOSES_COLUMNS:
        assert _without_column_inference(canon(result.tables)) == _without_column_inference(
            canon(base)
        )
        # Inference from the taxonomy alone (table 5, no 效益指标 row) survives any shape.
        assert sum(i.level1_inferred for t in result.tables for i in t.indicators) >= 2
    else:
        assert canon(result.tables) == canon(base)


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-be"]
)
def test_encodings_are_detected(example_text: str, encoding: str) -> None:
    data = example_text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    result = read_bytes(data, "wuhu.txt")
    assert canon(result.tables) == canon(read_text(example_text, "x").tables)


def test_traditional_characters_read_but_raw_kept(example_text: str) -> None:
    s2t = opencc.OpenCC("s2t").convert
    trad = s2t(example_text)
    base = read_text(example_text, "x").tables
    tables = read_text(trad, "x").tables
    # Names keep the file's script; levels are canonical taxonomy names (simplified).
    assert [t.project.name for t in tables] == [s2t(t.project.name or "") for t in base]
    for a, b in zip(base, tables, strict=True):
        for x, y in zip(a.indicators, b.indicators, strict=True):
            assert (x.level1, x.level2, s2t(x.name), x.not_applicable) == (
                y.level1,
                y.level2,
                y.name,
                y.not_applicable,
            )
            assert (x.value.kind, x.value.op, x.value.number, x.value.unit) == (
                y.value.kind,
                y.value.op,
                y.value.number,
                y.value.unit,
            )
            assert y.value.raw == opencc.OpenCC("s2t").convert(x.value.raw)


def test_several_tables_and_headings_in_one_file(example_text: str) -> None:
    doubled = example_text + "\n\n" + example_text.replace("(2024年度)", "(2025年度)")
    tables = read_text(doubled, "x").tables
    assert len(tables) == 12
    assert [t.fiscal_year for t in tables] == [2024] * 6 + [2025] * 6
