"""Re-run the checks on stored tables: after a rule-set change, or a target approved later.

Findings and the check grade are derived from a table and the rules in force;
they are stored with each version so lists and dashboards need not re-check.
When an administrator changes the rule set, or a target is approved after its
self-evaluation was loaded, the stored results describe the old state. This
recomputes them for the current version of every table (optionally one year or
department): the table's content is untouched (versions stay as submitted),
only its findings and check grade are replaced, chunk by chunk, with one audit
entry for the run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from jixiao.app.review import configured_checker
from jixiao.app.settings import rule_choice
from jixiao.store import mapping
from jixiao.store.bulk import insert_rows
from jixiao.store.current import current_version_ids
from jixiao.store.entities import audit
from jixiao.store.export_queries import version_indicators
from jixiao.store.load import Checker, target_link
from jixiao.store.tables import Department, FindingRow, TableRecord, TableVersion

CHUNK = 500


@dataclass
class RecheckReport:
    """What a re-check did: tables checked, and how many got other findings or grades."""

    checked: int = 0
    changed: int = 0
    regraded: int = 0

    def to_dict(self) -> dict[str, int]:
        """Return the report as a JSON-ready dict."""
        return {"checked": self.checked, "changed": self.changed, "regraded": self.regraded}


def recheck(
    *,
    session: Session,
    actor: str,
    year: int | None = None,
    department: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RecheckReport:
    """Given optional filters, re-check the current version of every stored table.

    Uses the checker every load uses (:func:`jixiao.app.review.configured_checker`:
    the administrator's rule set, the follow-up checks, the library's benchmarks once
    a library is built); commits after each
    chunk of tables so a large database is not one long transaction, and calls
    ``progress(n, total)`` after each chunk with the number of tables just checked.
    """
    checker = configured_checker(session=session)
    report = RecheckReport()
    ids = _current_versions(session, year, department)
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        _recheck_chunk(session, part, checker, report)
        session.commit()
        if progress is not None:
            progress(len(part), len(ids))
    ruleset, disabled = rule_choice(session=session)
    detail: dict[str, Any] = {
        **report.to_dict(),
        "ruleset": ruleset,
        "disabled": sorted(disabled),
        "year": year,
        "department": department,
    }
    audit(session, actor, "recheck", None, None, None, None, None, detail)
    session.commit()
    return report


def _current_versions(session: Session, year: int | None, department: str | None) -> list[int]:
    query = current_version_ids()
    if year is not None:
        query = query.where(TableRecord.fiscal_year == year)
    if department is not None:
        query = query.join(Department, Department.id == TableRecord.department_id).where(
            Department.code == department
        )
    return [int(i) for i in session.scalars(query.order_by(TableVersion.id))]


def _recheck_chunk(
    session: Session, version_ids: Sequence[int], checker: Checker, report: RecheckReport
) -> None:
    rows = session.execute(
        select(TableRecord, TableVersion)
        .join(TableVersion, TableVersion.table_id == TableRecord.id)
        .where(TableVersion.id.in_(version_ids))
    ).all()
    indicators = version_indicators(session, version_ids)
    before = _finding_keys(session, version_ids)
    new_rows: list[dict[str, Any]] = []
    for record, version in rows:
        table = mapping.table_from_rows(
            record.kind, record.fiscal_year, version, indicators[version.id]
        )
        link = target_link(session, record)
        findings, grade = checker(table, target=link, table_id=record.id)
        report.checked += 1
        if sorted(_key(f) for f in findings) != before.get(version.id, []):
            report.changed += 1
        if version.check_grade != grade:
            report.regraded += 1
        version.check_grade = grade
        if not version.pending:
            record.check_grade = grade
        new_rows += [{**f, "version_id": version.id} for f in findings]
    session.execute(delete(FindingRow).where(FindingRow.version_id.in_(version_ids)))
    if new_rows:
        insert_rows(session, FindingRow, new_rows)
    session.flush()


def _key(finding: dict[str, Any]) -> tuple[str, str, str]:
    return (finding["code"], finding.get("indicator") or "", finding["message"])


def _finding_keys(
    session: Session, version_ids: Sequence[int]
) -> dict[int, list[tuple[str, str, str]]]:
    out: dict[int, list[tuple[str, str, str]]] = {}
    rows = session.execute(
        select(
            FindingRow.version_id, FindingRow.code, FindingRow.indicator, FindingRow.message
        ).where(FindingRow.version_id.in_(version_ids))
    )
    for vid, code, indicator, message in rows:
        out.setdefault(int(vid), []).append((code, indicator or "", message))
    return {k: sorted(v) for k, v in out.items()}
