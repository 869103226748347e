"""Queries for open data and the analysis report (issue 19): rows out, no decisions.

Every query reads the version in force of each table in a :class:`Scope` (who may
see what is decided above, and handed in), optionally one fiscal year. The dataset
queries stream plain row tuples in the column order their ``*_COLUMNS`` name, so
that 50,000 tables go to Parquet without building ORM objects; the report queries
return small aggregates. Money comes back as ``Decimal`` in 万元 (SQLite keeps it as
exact text, see :class:`jixiao.store.tables.Money`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import String, and_, case, cast, func, select
from sqlalchemy.orm import Session, aliased

from jixiao.model.indicator import Indicator
from jixiao.model.project import Funds, ProjectHeader, TargetTable
from jixiao.model.values import TargetValue
from jixiao.store import mapping
from jixiao.store.current import is_current
from jixiao.store.queries import as_utc
from jixiao.store.tables import (
    AuditEntry,
    Department,
    FindingRow,
    IndicatorRow,
    Project,
    TableRecord,
    TableVersion,
)
from jixiao.store.visibility import Scope
from jixiao.store.visibility import scoped as _scoped

#: Rows handed up per batch: large enough for Parquet row groups, small enough for memory.
BATCH = 20_000


#: One scope, or several that must all hold: who may see (the reader's rule) and what
#: was asked for (a department, a region), each a :class:`Scope`.
Scopes = Scope | tuple[Scope, ...]


def _within(query: Any, scope: Scopes, year: int | None) -> Any:
    # Any: a Select's type names its column types, which differ per query.
    for one in scope if isinstance(scope, tuple) else (scope,):
        query = _scoped(query, one)
    return query if year is None else query.where(TableRecord.fiscal_year == year)


def _stream(session: Session, query: Any) -> Iterator[list[Any]]:
    # On the session's connection, not through the ORM: plain rows, half the time
    # (16,000 indicators: 0.31 s instead of 0.67 s on SQLite); rows are tuples.
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # Rows stream through a server-side cursor, which PostgreSQL plans for the first
        # 10% of its rows (nested loops re-aggregating per row: 0.47 s instead of 0.07 s
        # for 2,000 tables); the export reads every row, so plan for all of them.
        connection.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1.0")
    result = connection.execute(query.execution_options(yield_per=BATCH))
    for part in result.partitions(BATCH):
        yield list(part)


def _text(column: Any) -> Any:
    # Amounts leave the database as decimal text ("74.500000"): Arrow turns a whole
    # column of text into decimal128 at once, where one Decimal object per value (the
    # Money type's processing) cost a third of the export (SQLite keeps text anyway).
    return cast(column, String)


def _exec(key: str) -> Any:
    # The execution columns of 自评表/监控表 live in the version's JSON (mapping.version_row);
    # a target table has none, and its JSON is not opened for them.
    value = TableVersion.extra[("funds_exec", key)].as_string()
    return case((TableRecord.kind == "target", None), else_=value)


TABLE_COLUMNS = (
    "table_id",
    "project_id",
    "project_key",
    "fiscal_year",
    "kind",
    "department_code",
    "department",
    "implementing_unit",
    "project_name",
    "project_source",
    "period_years",
    "status",
    "version",
    "check_grade",
    "review_grade",
    "funds_total",
    "funds_fiscal",
    "funds_carryover",
    "funds_other",
    "budget_initial",
    "budget_adjusted",
    "executed",
    "execution_rate",
    "indicators",
    "indicators_applicable",
    "indicators_quantitative",
    "findings",
    "target_table_id",
    "updated_at",
)


def dataset_tables(
    *, session: Session, scope: Scopes, year: int | None = None
) -> Iterator[list[tuple[Any, ...]]]:
    """Given a scope and a year, yield batches of table rows in :data:`TABLE_COLUMNS` order."""
    applicable = IndicatorRow.not_applicable.is_(False)
    counts = (
        select(
            IndicatorRow.version_id.label("vid"),
            func.count().label("n"),
            func.sum(case((applicable, 1), else_=0)).label("applicable"),
            func.sum(
                case((and_(applicable, IndicatorRow.value_kind == "quantitative"), 1), else_=0)
            ).label("quantitative"),
        )
        .group_by(IndicatorRow.version_id)
        .subquery()
    )
    found = (
        select(FindingRow.version_id.label("vid"), func.count().label("n"))
        .group_by(FindingRow.version_id)
        .subquery()
    )
    target = aliased(TableVersion)
    query = (
        select(
            TableRecord.id,
            TableRecord.project_id,
            Project.key,
            TableRecord.fiscal_year,
            TableRecord.kind,
            Department.code,
            Department.name,
            TableVersion.implementing_unit,
            TableVersion.project_name,
            TableVersion.source,
            TableVersion.period_years,
            TableRecord.status,
            TableRecord.current_version,
            TableRecord.check_grade,
            TableRecord.grade,
            _text(TableVersion.funds_total),
            _text(TableVersion.funds_fiscal),
            _text(TableVersion.funds_carryover),
            _text(TableVersion.funds_other),
            _exec("budget_initial"),
            _exec("budget_adjusted"),
            _exec("executed"),
            _exec("execution_rate"),
            func.coalesce(counts.c.n, 0),
            func.coalesce(counts.c.applicable, 0),
            func.coalesce(counts.c.quantitative, 0),
            func.coalesce(found.c.n, 0),
            target.table_id,
            TableRecord.updated_at,
        )
        .join(TableVersion, is_current())
        .join(Department, Department.id == TableRecord.department_id)
        .join(Project, Project.id == TableRecord.project_id)
        .outerjoin(counts, counts.c.vid == TableVersion.id)
        .outerjoin(found, found.c.vid == TableVersion.id)
        .outerjoin(target, target.id == TableVersion.based_on_id)
        .order_by(TableRecord.id)
    )
    for rows in _stream(session, _within(query, scope, year)):
        yield [(*r[:-1], as_utc(r[-1])) for r in rows]


INDICATOR_COLUMNS = (
    "table_id",
    "fiscal_year",
    "kind",
    "position",
    "level1",
    "level2",
    "name",
    "raw",
    "value_kind",
    "op",
    "number",
    "unit",
    "not_applicable",
    "level1_inferred",
    "actual_raw",
    "actual_number",
    "weight",
    "reported_score",
    "deviation_reason",
    "progress_raw",
    "expected_raw",
    "likelihood",
    "measures",
)


def _detail(*path: str) -> Any:
    return IndicatorRow.detail[path if len(path) > 1 else path[0]]


def _followup(*path: str) -> Any:
    # Fields only self-evaluation and monitoring tables fill in: a target table's row is
    # not opened for them. PostgreSQL parses a json value again for every ->>, so ten
    # fields per row made indicators the slowest part of an export there.
    return case((TableRecord.kind == "target", None), else_=_detail(*path).as_string())


def _tables_in(scope: Scopes, year: int | None) -> Any:
    query = select(TableRecord.id).join(Department, Department.id == TableRecord.department_id)
    return _within(query, scope, year)


def dataset_indicators(
    *, session: Session, scope: Scopes, year: int | None = None
) -> Iterator[list[tuple[Any, ...]]]:
    """Given a scope and a year, yield batches of indicator rows (:data:`INDICATOR_COLUMNS`)."""
    query = (
        select(
            TableRecord.id,
            TableRecord.fiscal_year,
            TableRecord.kind,
            IndicatorRow.position,
            IndicatorRow.level1,
            IndicatorRow.level2,
            IndicatorRow.name,
            IndicatorRow.raw,
            IndicatorRow.value_kind,
            IndicatorRow.op,
            _text(IndicatorRow.number),
            IndicatorRow.unit,
            IndicatorRow.not_applicable,
            _detail("level1_inferred").as_boolean(),
            _followup("actual", "raw"),
            _followup("actual", "number"),
            _detail("weight").as_string(),
            _followup("score"),
            _followup("deviation_reason"),
            _followup("progress", "raw"),
            _followup("expected", "raw"),
            _followup("likelihood"),
            _followup("measures"),
        )
        .select_from(IndicatorRow)
        .join(TableVersion, TableVersion.id == IndicatorRow.version_id)
        .join(TableRecord, is_current())
        .where(TableRecord.id.in_(_tables_in(scope, year)))
        # Grouped by table, in the table's row order; by version rather than table id,
        # which SQLite reads in index order instead of sorting 400,000 rows.
        .order_by(IndicatorRow.version_id, IndicatorRow.position)
    )
    yield from _stream(session, query)


FINDING_COLUMNS = (
    "table_id",
    "fiscal_year",
    "kind",
    "department_code",
    "code",
    "severity",
    "criterion",
    "indicator",
    "path",
    "message",
)


def dataset_findings(
    *, session: Session, scope: Scopes, year: int | None = None
) -> Iterator[list[tuple[Any, ...]]]:
    """Given a scope and a year, yield batches of finding rows (:data:`FINDING_COLUMNS`)."""
    query = (
        select(
            TableRecord.id,
            TableRecord.fiscal_year,
            TableRecord.kind,
            Department.code,
            FindingRow.code,
            FindingRow.severity,
            FindingRow.criterion,
            FindingRow.indicator,
            FindingRow.path,
            FindingRow.message,
        )
        .select_from(FindingRow)
        .join(TableVersion, TableVersion.id == FindingRow.version_id)
        .join(TableRecord, is_current())
        .join(Department, Department.id == TableRecord.department_id)
        .order_by(FindingRow.version_id, FindingRow.id)
    )
    yield from _stream(session, _within(query, scope, year))


EVENT_COLUMNS = (
    "event_id",
    "at",
    "table_id",
    "version",
    "action",
    "from_status",
    "to_status",
    "actor",
    "reason",
)


def dataset_events(
    *, session: Session, scope: Scopes, year: int | None = None
) -> Iterator[list[tuple[Any, ...]]]:
    """Given a scope and a year, yield batches of workflow events (:data:`EVENT_COLUMNS`).

    Only entries about a table: logins and user changes are not part of a table's history.
    """
    query = (
        select(
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.table_id,
            AuditEntry.version,
            AuditEntry.action,
            AuditEntry.from_status,
            AuditEntry.to_status,
            AuditEntry.actor,
            AuditEntry.reason,
        )
        .join(TableRecord, TableRecord.id == AuditEntry.table_id)
        .join(Department, Department.id == TableRecord.department_id)
        .order_by(AuditEntry.id)
    )
    for rows in _stream(session, _within(query, scope, year)):
        yield [(r[0], as_utc(r[1]), *r[2:]) for r in rows]


@dataclass(frozen=True, slots=True)
class StoredEvaluation:
    """A self-evaluation table in force, with what identifies it in the dataset."""

    table_id: int
    fiscal_year: int
    department_code: str
    table: TargetTable
    #: The review's grade of the table (the reviewer's, else the rule check's), if any.
    grade: str | None = None


def self_evaluations(
    *, session: Session, scope: Scopes, year: int | None = None, kind: str = "self_evaluation"
) -> Iterator[list[StoredEvaluation]]:
    """Given a scope and a year, yield batches of the self-evaluation tables in force."""
    query = (
        select(TableRecord, TableVersion, Department.code)
        .join(TableVersion, is_current())
        .join(Department, Department.id == TableRecord.department_id)
        .where(TableRecord.kind == kind)
        .order_by(TableRecord.id)
    )
    result = session.execute(_within(query, scope, year).execution_options(yield_per=500))
    for part in result.partitions(500):
        ids = [v.id for _, v, _ in part]
        rows: dict[int, list[IndicatorRow]] = {i: [] for i in ids}
        for ind in session.scalars(select(IndicatorRow).where(IndicatorRow.version_id.in_(ids))):
            rows[ind.version_id].append(ind)
        yield [
            StoredEvaluation(
                rec.id,
                rec.fiscal_year,
                code,
                mapping.table_from_rows(rec.kind, rec.fiscal_year, ver, rows[ver.id]),
                rec.grade or rec.check_grade,
            )
            for rec, ver, code in part
        ]


def as_decimal(value: Any) -> Decimal | None:
    """Given an amount as the database returns it (Decimal, text, number or None), return a Decimal."""
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def finding_counts(
    *, session: Session, scope: Scopes, year: int | None = None
) -> list[tuple[str, int, int]]:
    """Given a scope and a year, return (code, findings, tables with it) of the versions in force."""
    query = (
        select(FindingRow.code, func.count(), func.count(func.distinct(TableRecord.id)))
        .select_from(FindingRow)
        .join(TableVersion, TableVersion.id == FindingRow.version_id)
        .join(TableRecord, is_current())
        .join(Department, Department.id == TableRecord.department_id)
        .group_by(FindingRow.code)
    )
    rows = session.connection().execute(_within(query, scope, year))
    return sorted(((c, int(n), int(t)) for c, n, t in rows), key=lambda r: (-r[1], r[0]))


@dataclass(frozen=True, slots=True)
class TargetFunds:
    """A project's target table of one year: ids, names and its 年度资金总额 (万元)."""

    table_id: int
    project_id: int
    fiscal_year: int
    department_code: str
    department: str
    project_name: str
    funds_total: Decimal | None


def target_funds(*, session: Session, scope: Scopes, years: tuple[int, ...]) -> list[TargetFunds]:
    """Given a scope and years, return the target tables in force of those years with their funds."""
    query = (
        select(
            TableRecord.id,
            TableRecord.project_id,
            TableRecord.fiscal_year,
            Department.code,
            Department.name,
            TableVersion.project_name,
            TableVersion.funds_total,
        )
        .join(TableVersion, is_current())
        .join(Department, Department.id == TableRecord.department_id)
        .where(TableRecord.kind == "target", TableRecord.fiscal_year.in_(years))
        .order_by(TableRecord.id)
    )
    rows = session.connection().execute(_within(query, scope, None))
    return [TargetFunds(r[0], r[1], r[2], r[3], r[4], r[5], as_decimal(r[6])) for r in rows]


def target_outlines(*, session: Session, ids: list[int]) -> dict[int, TargetTable]:
    """Given table ids, return each table in force as the model, from its columns alone.

    Header name, year, 年度资金总额 and each indicator's levels, name and value
    (comparator, number, unit): what comparing a project's years needs. Built from
    plain columns, not from every indicator's JSON, so that a province's report reads
    thousands of tables in seconds (14,700 tables: 47 s through the full model).
    """
    rows_by: dict[int, list[Any]] = {}
    heads: dict[int, Any] = {}
    for start in range(0, len(ids), 500):  # bounded IN lists on both back ends
        query = (
            select(
                TableRecord.id,
                TableRecord.kind,
                TableRecord.fiscal_year,
                TableVersion.project_name,
                _text(TableVersion.funds_total),
                IndicatorRow.level1,
                IndicatorRow.level2,
                IndicatorRow.name,
                IndicatorRow.raw,
                IndicatorRow.value_kind,
                IndicatorRow.op,
                _text(IndicatorRow.number),
                IndicatorRow.unit,
                IndicatorRow.not_applicable,
            )
            .join(TableVersion, is_current())
            .outerjoin(IndicatorRow, IndicatorRow.version_id == TableVersion.id)
            .where(TableRecord.id.in_(ids[start : start + 500]))
            .order_by(TableRecord.id, IndicatorRow.position)
        )
        for row in session.connection().execute(query):
            heads.setdefault(row[0], row[:5])
            if row[5] is not None:
                rows_by.setdefault(row[0], []).append(row[5:])
    return {tid: _outline(head, rows_by.get(tid, [])) for tid, head in heads.items()}


def _outline(head: Any, rows: list[Any]) -> TargetTable:
    _, kind, year, name, total = head
    indicators = tuple(
        Indicator(
            level1,
            level2,
            iname,
            TargetValue(raw, value_kind, op, as_decimal(number), unit),
            bool(not_applicable),
        )
        for level1, level2, iname, raw, value_kind, op, number, unit, not_applicable in rows
    )
    return TargetTable(
        kind=kind,
        fiscal_year=year,
        project=ProjectHeader(name=name),
        funds=Funds(total=as_decimal(total)),
        indicators=indicators,
    )


def department_name(*, session: Session, code: str) -> str | None:
    """Given a department code, return its name (None when there is no such department)."""
    return session.scalar(select(Department.name).where(Department.code == code))
