"""Uncertain OCR cells → the indicator fields they became, so that a person can check them.

The reader flags a cell read with low confidence as ``parse.ocr-uncertain`` at its
page, row and column. After the layout has made indicators, the cell is found
again: the indicator's name comes from the cell its source names; a cell in the
same row whose text is the indicator's value was its value. Those fields are
kept on the indicator (``ocr_unsure``) through storage, and the web editor shows
them to be corrected or confirmed (a new version, audited).

No OpenCV here: this runs on every read, with or without the OCR extra.
"""

from __future__ import annotations

from dataclasses import replace

from jixiao.ingest.grid import ReadOutcome
from jixiao.model.indicator import Indicator
from jixiao.model.problems import ParseResult

_Key = tuple[int | None, int | None, int | None]


def _squeeze(text: str) -> str:
    return "".join(text.split())


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
    for grid in outcome.grids:
        for row in grid.rows:
            for cell in row.cells:
                where = cell.source
                if where is not None and (where.page, where.row, where.column) in places:
                    texts[(where.page, where.row, where.column)] = _squeeze(cell.text)
    tables = tuple(
        replace(t, indicators=tuple(_marked(i, places, texts) for i in t.indicators))
        for t in result.tables
    )
    return ParseResult(tables, result.problems)


def _marked(ind: Indicator, places: set[_Key], texts: dict[_Key, str]) -> Indicator:
    src = ind.source
    if src is None or src.row is None:
        return ind
    fields: list[str] = []
    if (src.page, src.row, src.column) in places:
        fields.append("name")
    value = _squeeze(ind.value.raw)
    for (page, row, column), text in texts.items():
        if (page, row) != (src.page, src.row) or column == src.column or not value:
            continue
        # The value's cell: its text is the value as read (the layout may have
        # trimmed a prefix or a note around it, so containment either way).
        close = text == value or (len(text) >= 2 and (value in text or text in value))
        if close and "value" not in fields:
            fields.append("value")
    return replace(ind, ocr_unsure=tuple(fields)) if fields else ind
