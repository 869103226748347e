"""Who may see a table: one rule (store/visibility.py) in its three forms, agreeing on real tables.

The web checks one table with ``allows``, the lists narrow a query with ``scoped``,
the store refuses a write with ``check_scope``: for every role, on the real example
loaded under two departments of a region and one outside it, the three say the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from storehelp import session_for, write_variant

from jixiao.app import intake
from jixiao.model.workflow import Role, Status
from jixiao.store.auth import check_scope
from jixiao.store.errors import PermissionDenied
from jixiao.store.listing import Filters, list_tables, table_info
from jixiao.store.tables import Department, TableRecord
from jixiao.store.visibility import Actor, allows, scope_for
from repo_files import EXAMPLE

ACTORS: dict[str, Actor | None] = {
    "public": None,
    "clerk": Actor("c", Role.CLERK, unit_name="芜湖市职工服务中心"),
    "clerk-without-unit": Actor("c0", Role.CLERK),
    "dept-508": Actor("d", Role.DEPT_REVIEWER, department_code="508"),
    "dept-none": Actor("d0", Role.DEPT_REVIEWER),
    "finance-500": Actor("f", Role.FINANCE_REVIEWER, region="500"),
    "finance-all": Actor("f1", Role.FINANCE_REVIEWER),
    "admin": Actor("a", Role.ADMIN),
}


def _load(url: str, folder: Path) -> None:
    """Given a database, store 508 (under region 500), 901 (under 500) and 902 (outside)."""
    paths = [EXAMPLE, write_variant(folder, 1), write_variant(folder, 2)]
    with session_for(url) as s:
        list(intake.load_paths(session=s, paths=paths, check=False))
        top = Department(code="500", name="某市财政局")
        s.add(top)
        s.flush()
        for dept in s.scalars(select(Department).where(Department.code.in_(["508", "901"]))):
            dept.parent_id = top.id
        # Every other table published, so that the public's rule has both kinds.
        for record in s.scalars(select(TableRecord).order_by(TableRecord.id)):
            if record.id % 2:
                record.status = Status.APPROVED.value


@pytest.mark.parametrize("who", list(ACTORS))
def test_lists_tables_and_writes_agree(db_url: str, tmp_path: Path, who: str) -> None:
    _load(db_url, tmp_path)
    actor = ACTORS[who]
    scope = scope_for(actor)
    with session_for(db_url) as s:
        every = [r.id for r in s.scalars(select(TableRecord).order_by(TableRecord.id))]
        infos = [info for i in every if (info := table_info(session=s, table_id=i))]
        listed = {t.id for t in list_tables(session=s, scope=scope, filters=Filters())}
    one_by_one = {
        i.id
        for i in infos
        if allows(
            scope,
            department_code=i.department_code,
            unit_name=i.unit_name,
            status=i.status,
            department_path=i.department_path,
        )
    }
    assert listed == one_by_one
    expected = {
        "public": {i.id for i in infos if i.id % 2},
        "clerk": {i.id for i in infos if i.unit_name == "芜湖市职工服务中心"},
        "clerk-without-unit": set(),
        "dept-508": {i.id for i in infos if i.department_code == "508"},
        "dept-none": set(),
        "finance-500": {i.id for i in infos if i.department_code in ("508", "901")},
        "finance-all": set(every),
        "admin": set(every),
    }[who]
    assert listed == expected and len(every) == 18
    if actor is None:
        return
    # A write knows the department and unit a file claims, not the region (the path
    # needs the database): the store refuses exactly what those two facts exclude.
    for i in infos:
        allowed = allows(scope, department_code=i.department_code, unit_name=i.unit_name)
        try:
            check_scope(actor, department_code=i.department_code, unit_name=i.unit_name)
            refused = False
        except PermissionDenied:
            refused = True
        assert refused is not allowed
