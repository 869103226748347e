"""The choices offered in list and dashboard filters, cached like the dashboard."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from jixiao.store.auth import Actor
from jixiao.store.db import session_scope
from jixiao.store.listing import departments, finding_codes, fiscal_years
from jixiao.store.regions import region_codes
from jixiao.web.authz import scope_for, visible_departments
from jixiao.web.cache import cached
from jixiao.web.labels import labelled


def filter_options(request: Request, db: Any, actor: Actor | None) -> dict[str, Any]:
    """Given a reader, return the departments (of their scope), years and (code, title) pairs."""
    engine = request.app.state.engine

    def compute() -> tuple[Any, Any, Any]:
        with session_scope(engine) as s:
            return departments(session=s), fiscal_years(session=s), finding_codes(session=s)

    everything = cached(request, ("options",), compute)
    depts, years, codes = everything
    region = scope_for(actor).region
    below: frozenset[str] = frozenset()
    if region is not None:

        def compute_region() -> frozenset[str]:
            with session_scope(engine) as s:
                return region_codes(session=s, code=region)

        below = cached(request, ("region", region), compute_region)
    shown = visible_departments(actor, depts, below)
    return {"departments": shown, "years": years, "codes": labelled(codes)}
