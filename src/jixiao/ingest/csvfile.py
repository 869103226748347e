"""CSV → one grid, the delimiter and the encoding (UTF-8, GBK …) detected."""

from __future__ import annotations

import csv
import io
from _csv import Reader

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
#: Characters given to csv.Sniffer (see csv_reader).
SNIFF_CHARS = 4096


def csv_reader(text: str) -> Reader:
    """Given decoded CSV text, return a reader of its records with the sniffed delimiter."""
    # csv.Sniffer's quote regex grows steeper than quadratically with the sample
    # (20,000 characters of long quoted fields took 7 s): a few KB of whole lines say
    # the delimiter as well.
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            sample, delimiters=DELIMITERS
        )
    except csv.Error:
        dialect = csv.excel
    # newline="": the csv module itself splits records at \n, \r\n and a lone \r
    # (old Mac exports); otherwise a lone \r inside a field is an error.
    return csv.reader(io.StringIO(text, newline=""), dialect)


def read_csv(data: bytes, name: str) -> ReadOutcome:
    """Given a CSV file's bytes, return one grid of its records.

    Records are read one at a time and reading stops at the row limit or at a
    damaged line (a NUL byte, a field over the size limit, a stray quote), each
    reported with its place.
    """
    limits = current_limits()
    rows: list[GridRow] = []
    problems: list[Problem] = []
    reader = csv_reader(decode(data)[0])
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = reader.line_num
            message = f"CSV 文件第 {line} 行格式损坏, 其后的内容未读取({exc})"
            problems.append(Problem("parse.corrupt", "error", message, Location(name, line=line)))
            break
        number += 1
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
