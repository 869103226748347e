"""Which downloads of the dashboard this build offers, and to whom.

The open dataset and the analysis report are built by the use cases of
``jixiao export --dataset`` (:mod:`jixiao.app.dataset`) and ``jixiao report``
(:mod:`jixiao.app.analysis`). A build of jixiao without them offers neither link nor
route (``jixiao.web.routes.downloads``).

Who gets what:

- the dataset: everyone. Whoever sees every table (the administrator, a finance
  reviewer without a region) gets the whole database; anyone else, the public
  included, gets the public dataset (published tables, without review findings and
  grades), since the dataset cannot be cut to one unit's or department's scope.
- the report: a logged-in reviewer or administrator, for a department or region in
  their scope (it names findings and grades, which are internal to the review).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from jixiao.model.workflow import Role
from jixiao.store.auth import Actor
from jixiao.store.web_queries import Scope
from jixiao.web.authz import scope_for

#: Roles that may download the analysis report of a department or region in their scope.
REPORT_ROLES = (Role.ADMIN, Role.FINANCE_REVIEWER, Role.DEPT_REVIEWER)


def _optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def dataset_module() -> ModuleType | None:
    """Return :mod:`jixiao.app.dataset` when this build has it."""
    return _optional("jixiao.app.dataset")


def analysis_module() -> ModuleType | None:
    """Return :mod:`jixiao.app.analysis` when this build has it."""
    return _optional("jixiao.app.analysis")


def may_report(actor: Actor | None) -> bool:
    """Given who asks, return whether the analysis report may be offered to them."""
    return actor is not None and actor.role in REPORT_ROLES and not scope_for(actor).nothing


def whole_dataset(actor: Actor | None) -> bool:
    """Given who asks, return whether they get the whole database (else the public dataset)."""
    return actor is not None and scope_for(actor) == Scope()


def download_links(actor: Actor | None, year: int | None, department: str | None) -> list[Any]:
    """Given who asks, the year and the department shown, return (label, URL) pairs to offer."""
    links: list[tuple[str, str]] = []
    suffix = f"?year={year}" if year else ""
    if dataset_module() is not None:
        label = "开放数据(Parquet)" if whole_dataset(actor) else "公开数据(Parquet)"
        links.append((label, f"/downloads/dataset.zip{suffix}"))
    if year and analysis_module() is not None and may_report(actor):
        where = f"&department={department}" if department else ""
        links.append(("分析报告(网页)", f"/downloads/report.html?year={year}{where}"))
        links.append(("分析报告(PDF)", f"/downloads/report.pdf?year={year}{where}"))
    return links
