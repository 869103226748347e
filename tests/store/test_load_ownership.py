"""A table belongs to its implementing unit: a load never writes into another unit's table.

Tables were matched on department code + project name only, so a clerk of one
unit could reuse another unit's project name and turn that unit's draft into a
version of their own (issue 13.1). The rule tried here on every intake path
(fast bulk path, one-table path, files on disk): a table of unit B whose name a
table of unit A already carries is stored as B's own table, and A's stays as it
was. The synthetic variants change the unit, the department, the amount, the state
of A's table and the kind of table.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from storehelp import session_for

from jixiao.app import intake
from jixiao.export import write
from jixiao.ingest import read_path
from jixiao.model.project import TargetTable
from jixiao.store import repo
from jixiao.store.auth import resolve_actor
from jixiao.store.errors import PermissionDenied
from jixiao.store.load import save_table
from jixiao.store.tables import Project, TableRecord, TableVersion

EXAMPLE = Path(repo.__file__).resolve().parents[1] / "data" / "examples" / "wuhu-2024-targets.txt"
PASSWORD = "correct-horse"
OWNER = "芜湖市总工会"  # the example's unit, department 508

#: Intruders: another unit of the owner's department, and a unit of another department
#: (a clerk is bound to a unit, not a department: both file under the owner's code 508).
INTRUDERS = {"same-dept": "芜湖市工人文化宫", "other-dept": "芜湖市文化馆"}


def _seed(session) -> None:
    repo.add_user(session=session, name="owner", role="clerk", unit=OWNER, password=PASSWORD)
    for key, unit in INTRUDERS.items():
        repo.add_user(session=session, name=key, role="clerk", unit=unit, password=PASSWORD)
    repo.add_user(session=session, name="admin", role="admin", password=PASSWORD)
    repo.load_tables(session=session, tables=read_path(EXAMPLE).tables, actor="admin")


def _as(intruder: str, table: TargetTable, amount: str = "999") -> TargetTable:
    """Given an intruder and a table of the owner, return the same project filed by the intruder."""
    project = replace(table.project, implementing_unit=INTRUDERS[intruder])
    money = Decimal(amount)
    funds = replace(table.funds, total=money, fiscal=money)
    return replace(table, project=project, funds=funds, goals=("另作他用的目标",))


def _owner_tables(session) -> dict[str, tuple[int, int, Decimal | None, str | None]]:
    """Return the owner's tables by project name: (id, version, funds, unit of the current version)."""
    rows = session.execute(
        select(TableRecord.id, TableRecord.current_version, TableVersion)
        .join(
            TableVersion,
            (TableVersion.table_id == TableRecord.id)
            & (TableVersion.version == TableRecord.current_version),
        )
        .where(TableVersion.implementing_unit.in_((OWNER, "芜湖市职工服务中心")))
    ).all()
    return {v.project_name: (tid, n, v.funds_total, v.implementing_unit) for tid, n, v in rows}


def _tables_of(session, unit: str) -> list[repo.TableSummary]:
    return [t for t in repo.list_tables(session=session) if t.implementing_unit == unit]


@pytest.mark.parametrize("intruder", sorted(INTRUDERS))
@pytest.mark.parametrize("path", ["bulk", "one-table", "file"])
def test_a_colliding_table_becomes_the_uploaders_own(
    db_url: str, tmp_path: Path, intruder: str, path: str
) -> None:
    first = read_path(EXAMPLE).tables[0]
    theirs = _as(intruder, first)
    with session_for(db_url) as s:
        _seed(s)
        before = _owner_tables(s)
        if path == "one-table":
            who = resolve_actor(session=s, name=intruder)
            outcome, _ = save_table(session=s, table=theirs, actor=who)
        else:
            if path == "bulk":
                report = repo.load_tables(session=s, tables=[theirs], actor=intruder)
            else:
                xlsx = tmp_path / "theirs.xlsx"
                write([theirs], "xlsx", xlsx)
                (report,) = intake.load_paths(session=s, paths=[xlsx], actor=intruder, check=False)
            assert (report.versions, report.refused, report.error) == (0, [], None)
            outcome = "added" if report.added == 1 else f"{report}"
        after = _owner_tables(s)
        mine = _tables_of(s, INTRUDERS[intruder])
    assert outcome == "added"
    assert after == before  # the owner's six tables: same ids, versions, amounts, unit
    assert [(t.project_name, t.funds_total, t.version) for t in mine] == [
        (first.project.name, "999", 1)
    ]


@pytest.mark.parametrize("state", ["draft", "approved"])
def test_the_uploaders_own_copy_is_revised_and_the_owners_too(db_url: str, state: str) -> None:
    tables = read_path(EXAMPLE).tables
    with session_for(db_url) as s:
        _seed(s)
        owner_id = _owner_tables(s)[tables[1].project.name][0]
        if state == "approved":
            common = {"session": s, "table_id": owner_id, "actor": "admin"}
            repo.submit(**common)
            repo.review(**common, approve=True)
            repo.grade(**common, grade="优")
            repo.approve(**common)
        first = repo.load_tables(session=s, tables=[_as("same-dept", tables[1])], actor="same-dept")
        again = repo.load_tables(
            session=s, tables=[_as("same-dept", tables[1], "888")], actor="same-dept"
        )
        own_edit = replace(tables[0], goals=("本单位修改后的目标",))
        owner = repo.load_tables(session=s, tables=[own_edit], actor="owner")
        owner_after = _owner_tables(s)
        mine = _tables_of(s, "芜湖市工人文化宫")
    # Nothing refused, nothing of the owner's status told: the intruder's table is theirs.
    assert (first.added, first.versions, first.refused) == (1, 0, [])
    assert (again.added, again.versions, again.refused) == (0, 1, [])
    assert (owner.versions, owner.refused) == (1, [])
    assert owner_after[tables[0].project.name][1] == 2  # the owner keeps revising their own
    assert owner_after[tables[1].project.name][1:3] == (1, Decimal("104"))
    assert [(t.funds_total, t.version) for t in mine] == [("888", 2)]


def test_a_table_claiming_another_unit_is_refused_even_when_unchanged(db_url: str) -> None:
    # Loading the owner's very table as somebody else must not answer "unchanged":
    # that would confirm that it is stored. The refusal names only the uploader's unit.
    tables = read_path(EXAMPLE).tables
    with session_for(db_url) as s:
        _seed(s)
        same = repo.load_tables(session=s, tables=[tables[0]], actor="same-dept")
        made_up = replace(tables[0], project=replace(tables[0].project, name="从未入库的项目"))
        unknown = repo.load_tables(session=s, tables=[made_up], actor="same-dept")
    assert (same.unchanged, same.added, len(same.refused)) == (0, 0, 1)
    assert [m.replace(tables[0].title, "") for m in same.refused] == [
        m.replace(made_up.title, "") for m in unknown.refused
    ]
    assert "芜湖市工人文化宫" in same.refused[0] and "草稿" not in same.refused[0]


def test_one_table_refusal_happens_before_lookup(db_url: str) -> None:
    tables = read_path(EXAMPLE).tables
    with session_for(db_url) as s:
        _seed(s)
        who = resolve_actor(session=s, name="other-dept")
        with pytest.raises(PermissionDenied, match="只能处理本单位"):
            save_table(session=s, table=tables[0], actor=who)


def test_a_self_evaluation_of_a_colliding_name_is_not_measured_against_the_owners_target(
    db_url: str,
) -> None:
    # The follow-up link would put the owner's targets into the intruder's findings.
    target = read_path(EXAMPLE).tables[0]
    theirs = replace(_as("same-dept", target), kind="self_evaluation")
    with session_for(db_url) as s:
        _seed(s)
        report = repo.load_tables(session=s, tables=[theirs], actor="same-dept")
        (mine,) = _tables_of(s, "芜湖市工人文化宫")
        based_on = s.scalar(
            select(TableVersion.based_on_id).where(TableVersion.table_id == mine.id)
        )
    assert (report.added, mine.kind) == (1, "self_evaluation")
    assert based_on is None


def test_one_file_of_two_units_with_the_same_name_gives_two_tables(db_url: str) -> None:
    # A department's file may hold two units' projects of the same name ("专项业务经费").
    target = read_path(EXAMPLE).tables[0]
    renamed = replace(target, project=replace(target.project, name="专项业务经费"))
    with session_for(db_url) as s:
        _seed(s)
        report = repo.load_tables(
            session=s, tables=[renamed, _as("same-dept", renamed)], actor="admin"
        )
        again = repo.load_tables(
            session=s, tables=[renamed, _as("same-dept", renamed)], actor="admin"
        )
        found = sorted(
            (t.implementing_unit or "", t.funds_total or "")
            for t in repo.list_tables(session=s)
            if t.project_name == "专项业务经费"
        )
    assert (report.added, report.versions, again.unchanged) == (2, 0, 2)
    assert found == [("芜湖市工人文化宫", "999"), (OWNER, "74.5")]


def test_after_a_merge_the_unit_of_the_latest_table_carries_the_project_on(db_url: str) -> None:
    # A reorganisation: 芜湖市工人文化宫 takes over the project from 2025. Its 2025
    # table is its own project until an administrator merges the two; from then on
    # its tables continue the merged project (cross-year checks see every year).
    target = read_path(EXAMPLE).tables[0]
    theirs = _as("same-dept", target)
    with session_for(db_url) as s:
        _seed(s)
        later = replace(theirs, fiscal_year=2025)
        repo.load_tables(session=s, tables=[later], actor="same-dept")
        (moved,) = _tables_of(s, "芜湖市工人文化宫")
        keys = {
            t.fiscal_year: key
            for t, key in s.execute(
                select(TableRecord, Project.key).join(Project, Project.id == TableRecord.project_id)
            ).all()
            if t.id in (moved.id, _owner_tables(s)[target.project.name][0])
        }
        repo.merge_projects(
            session=s, old_key=keys[2025], new_key=keys[2024], actor="admin", reason="机构改革"
        )
        report = repo.load_tables(
            session=s, tables=[replace(theirs, fiscal_year=2026)], actor="same-dept"
        )
        projects = {
            t.fiscal_year: t.project_id
            for t in s.scalars(select(TableRecord))
            if t.id in report.table_ids or t.id == moved.id
        }
    assert keys[2025] != keys[2024] and keys[2025].startswith(keys[2024])
    assert report.added == 1
    assert projects[2026] == projects[2025]
