"""Who may see which table, decided here once for the web, the API, the lists and the store.

- 填报人 (clerk): the tables of its own implementing unit.
- 主管部门审核人 (dept-reviewer): the tables of the units under its department.
- 财政审核人 (finance-reviewer): every table of its region, a department code: that
  department and every department below it (``parent``, any depth); without a region,
  every table (a database is then one region).
- 管理员 (admin): everything.
- the public (no login): published tables only (approved with the budget,
  docs/domain.md "Workflow": 已批复 → 公开), and of those only the version in force.

The rule has three forms over the same :class:`Scope`: :func:`allows` for one table
whose facts are at hand, :func:`scoped` narrowing a query (the lists, counts,
bundles and dashboards), and :func:`may_read_version` for the versions of a table.
``jixiao.web.authz`` turns a refusal into 404/403, ``jixiao.store.auth.check_scope``
into a :class:`~jixiao.store.errors.PermissionDenied` with the role's message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from jixiao.model.workflow import Role
from jixiao.store.current import AnySelect
from jixiao.store.queries import APPROVED_STATES
from jixiao.store.regions import region_department_ids
from jixiao.store.tables import Department, TableRecord, Unit

#: Published with the approved budget (docs/domain.md "Workflow": 已批复 → 公开): the
#: statuses in which the version in force is the approved one, and no others.
PUBLISHED: tuple[str, ...] = APPROVED_STATES


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: name, role and the scope of the role."""

    name: str
    role: Role
    unit_name: str | None = None
    department_code: str | None = None
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Scope:
    """Which tables a reader may see: one unit, one department, a region, some statuses, or all.

    ``region`` is a department code: that department and every one below it (``parent``).
    """

    unit_name: str | None = None
    department_code: str | None = None
    region: str | None = None
    statuses: tuple[str, ...] | None = None
    nothing: bool = False


def scope_for(actor: Actor | None) -> Scope:
    """Given who asks (None: the public), return the tables they may see."""
    if actor is None:
        return Scope(statuses=PUBLISHED)
    if actor.role is Role.CLERK:
        return Scope(unit_name=actor.unit_name) if actor.unit_name else Scope(nothing=True)
    if actor.role is Role.DEPT_REVIEWER:
        code = actor.department_code
        return Scope(department_code=code) if code else Scope(nothing=True)
    if actor.role is Role.FINANCE_REVIEWER and actor.region:
        return Scope(region=actor.region)
    return Scope()


def allows(
    scope: Scope,
    *,
    department_code: str,
    unit_name: str | None,
    status: str | None = None,
    department_path: Sequence[str] | None = None,
) -> bool:
    """Given a scope and one table's department, unit, status and department path, return whether it is in.

    A fact not given (``status`` or ``department_path`` None) is not checked: the
    store checks a table a file brings before it is stored, when its status is not
    settled and its department may not exist yet; the region is then checked when
    the table is read (its path needs the database).
    """
    if scope.nothing:
        return False
    if scope.unit_name is not None and unit_name != scope.unit_name:
        return False
    if scope.department_code is not None and department_code != scope.department_code:
        return False
    if (
        scope.region is not None
        and department_path is not None
        and scope.region not in department_path
    ):
        return False
    return scope.statuses is None or status is None or status in scope.statuses


def scoped(query: AnySelect, scope: Scope) -> AnySelect:
    """Given a query over tables (``Department`` joined when the scope names one), keep the scope's.

    The SQL form of :func:`allows`, for lists, counts, bundles and dashboards.
    """
    if scope.nothing:
        return query.where(TableRecord.id < 0)
    if scope.unit_name is not None:
        query = query.where(
            TableRecord.unit_id.in_(select(Unit.id).where(Unit.name == scope.unit_name))
        )
    if scope.department_code is not None:
        query = query.where(Department.code == scope.department_code)
    if scope.region is not None:
        query = query.where(TableRecord.department_id.in_(region_department_ids(scope.region)))
    if scope.statuses is not None:
        query = query.where(TableRecord.status.in_(scope.statuses))
    return query


def may_read_version(actor: Actor | None, current_version: int, version: int | None) -> bool:
    """Given who asks about a table they may see, its version in force and a version (None: in force).

    Whoever may see a table while logged in reads every version of it: the unit
    filed them and the reviewers judge them, drafts and pending adjustments
    included. The public reads only the version in force: the drafts before the
    approval and an adjustment still waiting for approval were never published.
    """
    return version is None or version == current_version or actor is not None


def visible_departments(
    scope: Scope,
    departments: list[tuple[str, str, list[str]]],
    region_codes: frozenset[str] = frozenset(),
) -> list[tuple[str, str, list[str]]]:
    """Given a scope, every department (code, name, units) and its region's codes, return those in it."""
    if scope.nothing:
        return []
    if scope.region is not None:
        return [d for d in departments if d[0] in region_codes]
    if scope.department_code is not None:
        return [d for d in departments if d[0] == scope.department_code]
    if scope.unit_name is not None:
        return [
            (c, n, [scope.unit_name]) for c, n, units in departments if scope.unit_name in units
        ]
    return departments
