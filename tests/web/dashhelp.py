"""A site for the dashboard tests: a region over two departments, a third outside it, two years.

On top of the seeded site (芜湖市总工会 508 and 芜湖市文化馆 600, 2024, tables in
every state), 508 and 600 are put under region 500 (芜湖市财政局); department 700
(芜湖市图书馆) outside any region files the example for 2024; and 508 also files it
for 2023 with fewer values given as numbers, so that a year-over-year change shows.
The region has no tables of its own. Drill-down: 全部 → 500 → 508 → 芜湖市总工会 → a table.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select, update
from webhelp import EXAMPLE_PATH, Site, build_site

from jixiao.app.review import default_checker
from jixiao.ingest import read_path
from jixiao.model.values import TargetValue
from jixiao.store.db import session_scope
from jixiao.store.load import load_tables
from jixiao.store.tables import Department

REGION, OUTSIDE = "500", "700"


def _vaguer(t):  # noqa: ANN001, ANN202 - a TargetTable
    """Given a table, return it with every other quantified value written as words."""
    lines = tuple(
        replace(ind, value=TargetValue(raw="按计划完成", kind="qualitative"))
        if i % 2 and ind.value.kind == "quantitative"
        else ind
        for i, ind in enumerate(t.indicators)
    )
    return replace(t, indicators=lines)


def drill_site(url: str) -> Site:
    """Given a database URL, return the seeded site with the region, 700 and 508's 2023."""
    site = build_site(url)
    example = read_path(EXAMPLE_PATH).tables
    library = tuple(
        replace(
            t,
            project=replace(
                t.project,
                name="图书馆" + (t.project.name or ""),
                department="芜湖市图书馆",
                department_code=OUTSIDE,
                implementing_unit="芜湖市图书馆",
            ),
        )
        for t in example
    )
    last_year = tuple(_vaguer(replace(t, fiscal_year=2023)) for t in example)
    with session_scope(site.engine) as session:
        for tables in (library, last_year):
            load_tables(session=session, tables=tables, actor="admin", checker=default_checker())
        region = Department(code=REGION, name="芜湖市财政局")
        session.add(region)
        session.flush()
        session.execute(
            update(Department)
            .where(Department.code.in_(("508", "600")))
            .values(parent_id=region.id)
        )
        assert session.scalar(select(Department.id).where(Department.code == OUTSIDE))
    return site
