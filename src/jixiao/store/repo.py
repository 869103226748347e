"""The store's public functions, all keyword-only with an explicit ``session``.

The use cases built on them (loading files, re-checking, bundles, the follow-up
and cross-year checks) are in :mod:`jixiao.app`.

Example::

    with session_scope(make_engine()) as session:
        for report in intake.load_paths(session=session, paths=["examples/"]):
            print(report)
        tables = list_tables(session=session, year=2024)
"""

from __future__ import annotations

from jixiao.store.actions import (
    approve,
    approve_adjustment,
    grade,
    merge_projects,
    reject_adjustment,
    request_adjustment,
    review,
    submit,
)
from jixiao.store.auth import add_user, authenticate, list_users
from jixiao.store.backup import dump, dump_to, restore
from jixiao.store.export_queries import BundleEntry, department_tables
from jixiao.store.followup import TargetLink, linked_target_id
from jixiao.store.load import FileReport, load_tables, save_table
from jixiao.store.queries import (
    StoredTable,
    TableSummary,
    approved_target_for,
    counts,
    get_table,
    history,
    list_tables,
)
from jixiao.store.years import project_tables

__all__ = [
    "BundleEntry",
    "FileReport",
    "StoredTable",
    "TableSummary",
    "TargetLink",
    "add_user",
    "approve",
    "approve_adjustment",
    "approved_target_for",
    "authenticate",
    "counts",
    "department_tables",
    "dump",
    "dump_to",
    "get_table",
    "grade",
    "history",
    "list_tables",
    "linked_target_id",
    "list_users",
    "load_tables",
    "merge_projects",
    "project_tables",
    "reject_adjustment",
    "request_adjustment",
    "restore",
    "review",
    "save_table",
    "submit",
]
