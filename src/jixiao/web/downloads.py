"""Which downloads of the dashboard this build offers, and to whom.

The open dataset and the analysis report are built by the use cases of
``jixiao export --dataset`` (:func:`jixiao.app.dataset.export_dataset`) and
``jixiao report`` (:func:`jixiao.app.analysis.write_report`). A build of jixiao without
them offers neither link nor route (``jixiao.web.routes.downloads``).

Who gets what (both cut to :func:`jixiao.web.authz.scope_for` of the reader):

- the dataset: everyone. The public gets the published tables without the review's
  work (findings, grades), as the public export does; a logged-in reader gets the
  tables of their scope with the review's work, which they see on the table pages.
- the report: a logged-in reader, for their scope (it names findings and grades, which
  are internal to the review), of a year, optionally one department or region.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from jixiao.store.auth import Actor
from jixiao.web.authz import scope_for


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
    return actor is not None and not scope_for(actor).nothing


def download_links(
    actor: Actor | None, year: int | None, department: str | None
) -> list[tuple[str, str]]:
    """Given who asks, the year and the department shown, return (label, URL) pairs to offer."""
    links: list[tuple[str, str]] = []
    if dataset_module() is not None and not scope_for(actor).nothing:
        label = "公开数据(Parquet)" if actor is None else "数据集(Parquet, 您可查看的表)"
        links.append((label, "/downloads/dataset.zip" + (f"?year={year}" if year else "")))
    if year and analysis_module() is not None and may_report(actor):
        where = f"&department={department}" if department else ""
        links.append((f"{year} 年分析报告(网页)", f"/downloads/report.html?year={year}{where}"))
        links.append((f"{year} 年分析报告(PDF)", f"/downloads/report.pdf?year={year}{where}"))
    return links
