"""Dashboard figures from SQL equal the same figures counted table by table from the model.

A small province is built from the real example: region 500 (芜湖市财政局) with
departments 508 and 600 under it and a department 700 outside any region; units
in each; target tables in 2023 and 2024 with other funds and values; a
self-evaluation table with reported scores and a monitoring table with budget
execution. The grid's GROUP BY figures, every drill-down level and a unit's table
lines are compared with what the tables themselves say (the oracle reads the
model, not the database). Runs on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from storehelp import session_for

from jixiao.app.review import default_checker
from jixiao.ingest import read_path
from jixiao.model.project import TargetTable
from jixiao.store.dashboard import (
    NO_UNIT,
    Measures,
    department_rows,
    finding_counts,
    grid,
    level_rows,
    summarise,
    table_findings,
    total,
    unit_tables,
)
from jixiao.store.load import load_tables
from jixiao.store.tables import Department, FindingRow, TableRecord, TableVersion
from jixiao.store.visibility import Scope
from repo_files import EXAMPLE

PUBLISHED = ("已批复", "调整中")


def _relabel(t: TargetTable, code: str, unit: str | None, year: int, k: int) -> TargetTable:
    """Given a table, return it as another department's, unit's and year's, funds scaled."""
    scale = Decimal(k + 1)
    return replace(
        t,
        fiscal_year=year,
        project=replace(
            t.project,
            name=f"{code}{unit or ''}{t.project.name}",
            department=f"部门{code}",
            department_code=code,
            implementing_unit=unit,
        ),
        funds=replace(t.funds, total=None if t.funds.total is None else t.funds.total * scale),
        # Every other table loses its last indicator: rates must differ between units.
        indicators=t.indicators[: len(t.indicators) - (k % 2)],
    )


def _selfeval(t: TargetTable, code: str, unit: str, year: int) -> TargetTable:
    """Given a target table, return a self-evaluation of it with scores and execution."""
    lines = tuple(
        replace(ind, score=Decimal("7.5") + i % 3, weight=Decimal(10))
        for i, ind in enumerate(t.indicators)
    )
    funds = replace(
        t.funds, budget_adjusted=Decimal("80.25"), executed=Decimal("70.125"),
        execution_score=Decimal("8.8"),
    )  # fmt: skip
    table = _relabel(t, code, unit, year, 0)
    return replace(table, kind="self_evaluation", indicators=lines, funds=funds)


def _monitoring(t: TargetTable, code: str, unit: str, year: int) -> TargetTable:
    funds = replace(t.funds, budget_initial=Decimal("40"), executed=Decimal("10.5"))
    return replace(_relabel(t, code, unit, year, 0), kind="monitoring", funds=funds)


def build(session: Session) -> list[TargetTable]:
    """Given a session on an empty database, load the small province; return its tables."""
    example = list(read_path(EXAMPLE).tables)
    made: list[TargetTable] = []
    for code, units in (("508", ("工会", "服务中心")), ("600", ("文化馆",)), ("700", (None,))):
        for year in (2023, 2024):
            for k, t in enumerate(example[: 3 if year == 2023 else 5]):
                made.append(_relabel(t, code, units[k % len(units)], year, k))
    made.append(_selfeval(example[0], "508", "工会", 2024))
    made.append(_monitoring(example[1], "600", "文化馆", 2024))
    load_tables(session=session, tables=made, actor="admin", checker=default_checker())
    session.flush()
    region = Department(code="500", name="芜湖市财政局")
    session.add(region)
    session.flush()
    session.execute(
        update(Department).where(Department.code.in_(("508", "600"))).values(parent_id=region.id)
    )
    # Grades and publication: some reviewed, some published.
    session.execute(update(TableRecord).where(TableRecord.id % 3 == 0).values(grade="优"))
    session.execute(update(TableRecord).where(TableRecord.id % 4 == 0).values(status="已批复"))
    session.flush()
    return made


def oracle(session: Session, tables: list[TargetTable], scope_ids: set[int]) -> Measures:
    """Given the loaded tables and the ids of those in scope, return their figures counted
    one table at a time from the model (and each table's stored grade and findings)."""
    out = Measures()
    for t in tables:
        row = session.execute(
            select(TableRecord)
            .join(TableVersion, TableVersion.table_id == TableRecord.id)
            .where(TableVersion.project_name == t.project.name, TableRecord.kind == t.kind)
            .where(TableRecord.fiscal_year == t.fiscal_year)
            .distinct()
        ).scalar_one()
        if row.id not in scope_ids:
            continue
        out.tables += 1
        out.statuses[row.status] += 1
        version = session.scalar(
            select(TableVersion.id).where(
                TableVersion.table_id == row.id, TableVersion.version == row.current_version
            )
        )
        out.findings += len(
            session.scalars(select(FindingRow.id).where(FindingRow.version_id == version)).all()
        )
        if t.kind == "target":
            out.targets += 1
            out.funds += t.funds.total or 0
            out.grades[row.grade or row.check_grade or "未评级"] += 1
            applicable = [i for i in t.indicators if not i.not_applicable]
            out.indicators += len(applicable)
            out.quantitative += sum(i.value.kind == "quantitative" for i in applicable)
        budget = t.funds.budget_adjusted or t.funds.budget_initial
        if t.kind != "target" and budget and t.funds.executed:
            out.budget += budget
            out.executed += t.funds.executed
            out.exec_tables += 1
        if t.kind == "self_evaluation":
            scores = [i.score for i in t.indicators if i.score is not None]
            out.selfeval_total += sum(scores, Decimal(0)) + (t.funds.execution_score or 0)
            out.selfeval_tables += 1
    return out


def _ids(session: Session, **where: object) -> set[int]:
    query = select(TableRecord.id).join(Department, Department.id == TableRecord.department_id)
    if "status" in where:
        query = query.where(TableRecord.status.in_(where["status"]))  # type: ignore[arg-type]
    if "codes" in where:
        query = query.where(Department.code.in_(where["codes"]))  # type: ignore[arg-type]
    return set(session.scalars(query))


def _sum(rows: object) -> Measures:
    out = Measures()
    for row in rows:  # type: ignore[attr-defined]
        out.add(row.at(None))
    return out


def _same(a: Measures, b: Measures) -> None:
    for name in Measures.__dataclass_fields__:
        assert getattr(a, name) == getattr(b, name), name


SCOPES = {
    "all": (Scope(), {}),
    "public": (Scope(statuses=PUBLISHED), {"status": PUBLISHED}),
    "region": (Scope(region="500"), {"codes": ("508", "600")}),
    "department": (Scope(department_code="600"), {"codes": ("600",)}),
}


@pytest.mark.parametrize("name", list(SCOPES))
def test_grid_equals_the_tables_counted_one_by_one(db_url: str, name: str) -> None:
    scope, where = SCOPES[name]
    with session_for(db_url) as session:
        tables = build(session)
        g = grid(session=session, scope=scope)
        expected = oracle(session, tables, _ids(session, **where))
    assert expected.tables and expected.indicators  # the scope is not empty
    _same(total(g, None).at(None), expected)
    if name == "all":
        assert expected.selfeval_tables == 1 and expected.exec_tables == 2
        # Money stays exact: 80.25 + 40 budgeted, 70.125 + 10.5 executed.
        assert (expected.budget, expected.executed) == (Decimal("120.25"), Decimal("80.625"))
        assert total(g, None).at(None).execution_rate == Decimal("80.625") / Decimal("120.25")


def test_levels_drill_from_region_to_unit(db_url: str) -> None:
    with session_for(db_url) as session:
        build(session)
        g = grid(session=session, scope=Scope())
    top = {r.code: r for r in level_rows(g, None)}
    assert set(top) == {"500", "700"} and all(r.kind == "department" for r in top.values())
    region = g.by_code("500")
    assert region is not None
    below = {r.code: r for r in level_rows(g, region.id)}
    assert set(below) == {"508", "600"}
    _same(_sum(below.values()), top["500"].at(None))
    dept = g.by_code("508")
    assert dept is not None
    units = level_rows(g, dept.id)
    assert {r.name for r in units} == {"工会", "服务中心"} and {r.kind for r in units} == {"unit"}
    _same(_sum(units), below["508"].at(None))
    flat = {r.code: r for r in department_rows(g, None)}
    assert set(flat) == {"508", "600", "700"}  # the region has no tables of its own
    _same(_sum(flat.values()), total(g, None).at(None))
    # Years: the per-year figures add up to all years', and 2023 has fewer tables.
    r508 = below["508"]
    assert r508.at(2023).tables < r508.at(2024).tables
    _same(Measures().add(r508.at(2023)).add(r508.at(2024)), r508.at(None))
    # A unit-less table (700 gave no 实施单位) is a row of its own.
    d700 = g.by_code("700")
    assert d700 is not None
    assert [r.key for r in level_rows(g, d700.id)] == [NO_UNIT]


def test_unit_tables_and_findings_match_the_grid(db_url: str) -> None:
    with session_for(db_url) as session:
        tables = build(session)
        g = grid(session=session, scope=Scope())
        dept = g.by_code("508")
        assert dept is not None
        unit = next(r for r in level_rows(g, dept.id) if r.name == "工会")
        lines = unit_tables(session=session, scope=Scope(), department=dept.id, unit=unit.key)
        per_table = table_findings(session=session, table_ids=[t.id for t in lines])
        found = finding_counts(session=session, scope=Scope(), departments=[dept.id], unit=unit.key)
        only_2024 = unit_tables(
            session=session, scope=Scope(), department=dept.id, unit=unit.key, year=2024
        )
        public = unit_tables(
            session=session, scope=Scope(statuses=PUBLISHED), department=dept.id, unit=unit.key
        )
        names = {t.project.name: t for t in tables}
    summed = Measures()
    for line in lines:
        summed.add(line.m)
        assert line.m.findings == sum(n for _, n in per_table.get(line.id, []))
    _same(summed, unit.at(None))
    assert sum(sum(c.values()) for c in found.values()) == unit.at(None).findings
    assert {t.year for t in only_2024} == {2024} and 0 < len(only_2024) < len(lines)
    assert {t.status for t in public} <= set(PUBLISHED) and len(public) < len(lines)
    selfeval = next(t for t in lines if t.kind == "self_evaluation")
    model = names[selfeval.project]
    reported = sum((i.score for i in model.indicators if i.score is not None), Decimal(0))
    assert selfeval.m.selfeval_score == reported + Decimal("8.8")


def test_summary_per_year_matches_the_grid(db_url: str) -> None:
    with session_for(db_url) as session:
        build(session)
        g = grid(session=session, scope=Scope())
        found = finding_counts(session=session, scope=Scope())
    years = summarise(g, found)
    assert set(years) == {2023, 2024}
    for year, d in years.items():
        m = total(g, None).at(year)
        assert d.tables == m.tables and d.funds_total == m.funds
        assert sum(d.finding_counts.values()) == m.findings
        assert Counter(dict(d.grades)) == m.grades


def test_a_parent_cycle_does_not_hang_the_levels(db_url: str) -> None:
    # A parent loop typed in by mistake (500 under 508 under 500) must end every walk.
    with session_for(db_url) as session:
        build(session)
        region = session.scalar(select(Department).where(Department.code == "500"))
        d508 = session.scalar(select(Department).where(Department.code == "508"))
        assert region is not None and d508 is not None
        region.parent_id = d508.id
        session.flush()
        g = grid(session=session, scope=Scope())
    rows = level_rows(g, None)
    assert total(g, None).at(None).tables == _sum(rows).tables
