"""Uncertain OCR cells → the indicator fields they became, so that a person can check them.

The reader flags a cell read with low confidence as ``parse.ocr-uncertain`` at its
page, row and column. After the layout has made indicators, the cell is found
again: the indicator's name comes from the cell its source names; a cell in the
same row whose text is the indicator's value was its value. A cell left over is a
header cell when the label before it in its row names a field the editor has
(年度资金总额, 财政拨款, 项目来源 …). Those fields are kept on the indicator or the
table (``ocr_unsure``) through storage, and the web editor shows them to be
corrected or confirmed (a new version, audited).

No OpenCV here: this runs on every read, with or without the OCR extra.
"""

from __future__ import annotations

from dataclasses import replace

from jixiao.ingest.grid import ReadOutcome
from jixiao.ingest.vocab import header_field
from jixiao.model.indicator import Indicator
from jixiao.model.problems import ParseResult
from jixiao.model.project import TargetTable

_Key = tuple[int | None, int | None, int | None]


def _squeeze(text: str) -> str:
    return "".join(text.split())


#: Header labels (ingest.vocab.header_field) → the header field a cell after them fills.
_HEADER_FIELDS = {
    "total": "funds_total",
    "fiscal": "funds_fiscal",
    "carryover": "funds_carryover",
    "other": "funds_other",
    "source": "source",
    "period": "period_years",
    "goals": "goals",
}


def mark_unsure(result: ParseResult, outcome: ReadOutcome) -> ParseResult:
    """Given a read's tables and its grids and problems, return the tables with uncertain fields marked."""
    places = {
        (p.source.page, p.source.row, p.source.column)
        for p in outcome.problems
        if p.code == "parse.ocr-uncertain" and p.source is not None
    }
    if not places:
        return result
    texts: dict[_Key, str] = {}
    labels: dict[_Key, str] = {}
    for grid in outcome.grids:
        for row in grid.rows:
            label = ""
            for cell in row.cells:
                where = cell.source
                key = (where.page, where.row, where.column) if where is not None else None
                if key in places:
                    texts[key] = _squeeze(cell.text)
                    labels[key] = label
                if cell.text.strip() and not cell.covered:
                    label = cell.text
    used: set[_Key] = set()
    tables = []
    for table in result.tables:
        indicators = tuple(_marked(i, texts, used) for i in table.indicators)
        tables.append(replace(table, indicators=indicators))
    # What is left: a header cell, named by the label before it in its row.
    for key in sorted(set(texts) - used, key=lambda k: tuple(v or 0 for v in k)):
        field = _HEADER_FIELDS.get(header_field(labels[key]) or "")
        at = _table_at(tables, key)
        if field is not None and at is not None and field not in tables[at].ocr_unsure:
            tables[at] = replace(tables[at], ocr_unsure=(*tables[at].ocr_unsure, field))
    return ParseResult(tuple(tables), result.problems)


def _table_at(tables: list[TargetTable], key: _Key) -> int | None:
    # The table a cell belongs to: the last one starting at or above it.
    page, row = key[0] or 0, key[1] or 0
    found = 0 if tables else None
    for k, table in enumerate(tables):
        src = table.source
        if src is not None and (src.page or 0, src.row or 0) <= (page, row):
            found = k
    return found


def _marked(ind: Indicator, texts: dict[_Key, str], used: set[_Key]) -> Indicator:
    src = ind.source
    if src is None or src.row is None:
        return ind
    fields: list[str] = []
    if (src.page, src.row, src.column) in texts:
        fields.append("name")
        used.add((src.page, src.row, src.column))
    value = _squeeze(ind.value.raw)
    for key, text in texts.items():
        page, row, column = key
        if (page, row) != (src.page, src.row) or column == src.column or not value:
            continue
        # The value's cell: its text is the value as read (the layout may have
        # trimmed a prefix or a note around it, so containment either way).
        close = text == value or (len(text) >= 2 and (value in text or text in value))
        if close:
            used.add(key)
            if "value" not in fields:
                fields.append("value")
    return replace(ind, ocr_unsure=tuple(fields)) if fields else ind
