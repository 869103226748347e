"""Scoring self-evaluation tables against their stored target (issue 7).

:mod:`jixiao.store.followup` finds the target a follow-up table is measured
against (the approved version and its adjustments); this scores the table
(``jixiao score --db``) and adds its differences from that target.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from jixiao.model.project import TargetTable
from jixiao.scoring import ScoreSheet, score_table
from jixiao.scoring.consistency import target_changed
from jixiao.store.followup import TargetLink, link_for, linked_target_id, project_id_for

__all__ = ["TargetLink", "linked_target_id", "score_with_db"]


def score_with_db(
    *,
    session: Session,
    tables: Sequence[TargetTable],
    scheme: str = "central-2020",
    config: Mapping[str, Any] | None = None,
) -> list[tuple[ScoreSheet, TargetLink | None]]:
    """Given self-evaluation tables, return each scored against its stored target (if any)."""
    out = []
    for table in tables:
        pid = project_id_for(session, table)
        link = link_for(session, pid, table.fiscal_year) if pid and table.fiscal_year else None
        sheet = score_table(table, scheme, config=config)
        if link is not None:
            extra = tuple(target_changed(table, link.original, link.adjustments))
            sheet = replace(sheet, findings=sheet.findings + extra)
        out.append((sheet, link))
    return out
