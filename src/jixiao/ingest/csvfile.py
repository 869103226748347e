"""CSV → one grid, the delimiter and the encoding (UTF-8, GBK …) detected."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from jixiao.ingest.cellutil import join_lines
from jixiao.ingest.grid import Cell, Grid, GridRow, ReadOutcome
from jixiao.ingest.limits import (
    COLUMN_LIMIT,
    column_limit_problem,
    current_limits,
    row_limit_problem,
)
from jixiao.ingest.text import decode
from jixiao.model.location import Location
from jixiao.model.problems import Problem

DELIMITERS = ",;\t|"


def csv_rows(text: str) -> Iterator[list[str]]:
    """Given decoded CSV text, yield its records (read one at a time) with the sniffed delimiter."""
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            sample, delimiters=DELIMITERS
        )
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect)


def read_csv(data: bytes, name: str) -> ReadOutcome:
    """Given a CSV file's bytes, return one grid of its records, up to the row limit."""
    limits = current_limits()
    rows: list[GridRow] = []
    problems: list[Problem] = []
    for number, record in enumerate(csv_rows(decode(data)[0]), 1):
        if number > limits.rows:
            problems.append(row_limit_problem(Location(name, row=number), limits.rows))
            break
        if len(record) > limits.columns:
            record = record[: limits.columns]
            if not any(p.code == COLUMN_LIMIT for p in problems):
                where = Location(name, row=number, column=limits.columns + 1)
                problems.append(column_limit_problem(where, limits.columns))
        texts = [join_lines(v) for v in record]
        while texts and not texts[-1]:
            texts.pop()
        if not texts:
            continue
        where = Location(name, row=number)
        cells = tuple(
            Cell(t, source=Location(name, row=number, column=j)) for j, t in enumerate(texts, 1)
        )
        rows.append(GridRow(cells, where))
    grids = (Grid(tuple(rows), Location(name)),) if rows else ()
    return ReadOutcome(grids, tuple(problems))
