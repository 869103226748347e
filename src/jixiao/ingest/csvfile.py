"""CSV → one grid, the delimiter and the encoding (UTF-8, GBK …) detected."""

from __future__ import annotations

import csv
import io

from jixiao.ingest.cellutil import join_lines
from jixiao.ingest.grid import Cell, Grid, GridRow, ReadOutcome
from jixiao.ingest.text import decode
from jixiao.model.location import Location

DELIMITERS = ",;\t|"


def csv_rows(text: str) -> list[list[str]]:
    """Given decoded CSV text, return its records with the sniffed delimiter."""
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            sample, delimiters=DELIMITERS
        )
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def read_csv(data: bytes, name: str) -> ReadOutcome:
    """Given a CSV file's bytes, return one grid of its records."""
    rows: list[GridRow] = []
    for number, record in enumerate(csv_rows(decode(data)[0]), 1):
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
    return ReadOutcome((Grid(tuple(rows), Location(name)),) if rows else ())
