"""CSV → one grid, the delimiter and the encoding (UTF-8, GBK …) detected."""

from __future__ import annotations

import csv
import io

from jixiao.ingest.cellutil import join_lines
from jixiao.ingest.grid import Cell, Grid, GridRow, ReadOutcome
from jixiao.ingest.text import decode
from jixiao.model.location import Location
from jixiao.model.problems import Problem

DELIMITERS = ",;\t|"
#: Characters given to csv.Sniffer (see csv_records).
SNIFF_CHARS = 4096


def csv_records(text: str) -> tuple[list[list[str]], tuple[int, str] | None]:
    """Given decoded CSV text, return its records and, if it breaks off, (line, why)."""
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
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error as exc:  # a NUL byte, a field over the size limit, a stray quote
        return records, (reader.line_num, str(exc))
    return records, None


def read_csv(data: bytes, name: str) -> ReadOutcome:
    """Given a CSV file's bytes, return one grid of its records (up to a damaged line)."""
    records, broken = csv_records(decode(data)[0])
    problems: tuple[Problem, ...] = ()
    if broken is not None:
        line, why = broken
        message = f"CSV 文件第 {line} 行格式损坏, 其后的内容未读取({why})"
        problems = (Problem("parse.corrupt", "error", message, Location(name, line=line)),)
    rows: list[GridRow] = []
    for number, record in enumerate(records, 1):
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
    return ReadOutcome((Grid(tuple(rows), Location(name)),) if rows else (), problems)
