"""The store's public functions, all keyword-only with an explicit ``session``.

Example::

    with session_scope(make_engine()) as session:
        for report in load_paths(session=session, paths=["examples/"]):
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
from jixiao.store.export_queries import BundleEntry, department_tables, write_entries
from jixiao.store.files import load_file, load_paths
from jixiao.store.followup import TargetLink, linked_target_id, score_with_db
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
from jixiao.store.recheck import RecheckReport, recheck
from jixiao.store.years import ProjectYears, check_years, project_tables

__all__ = [
    "BundleEntry",
    "FileReport",
    "ProjectYears",
    "RecheckReport",
    "StoredTable",
    "TableSummary",
    "TargetLink",
    "add_user",
    "approve",
    "approve_adjustment",
    "approved_target_for",
    "authenticate",
    "check_years",
    "counts",
    "department_tables",
    "dump",
    "dump_to",
    "get_table",
    "grade",
    "history",
    "list_tables",
    "recheck",
    "linked_target_id",
    "list_users",
    "load_file",
    "load_paths",
    "load_tables",
    "merge_projects",
    "project_tables",
    "reject_adjustment",
    "request_adjustment",
    "restore",
    "review",
    "save_table",
    "score_with_db",
    "submit",
    "write_entries",
]
