"""The analysts' JSON: the CONTRACT ``jixiao.parse/1`` document (schema in docs/schema/)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from jixiao.model.problems import ParseResult
from jixiao.model.project import TargetTable
from jixiao.model.serialize import result_to_dict


def dumps(tables: Sequence[TargetTable]) -> str:
    """Given tables, return the ``jixiao.parse/1`` JSON text (UTF-8, Chinese unescaped)."""
    doc = result_to_dict(ParseResult(tables=tuple(tables)))
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_json(tables: Sequence[TargetTable], path: Path) -> None:
    """Given tables and a path, write them as one ``jixiao.parse/1`` document."""
    # A lone surrogate (an API client's "\udc80" escape) cannot be UTF-8: "?" instead.
    path.write_text(dumps(tables), encoding="utf-8", errors="replace")
