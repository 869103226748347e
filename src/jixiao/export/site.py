"""The front page of a published year: links to every department's static site.

``jixiao export --all --to html`` writes one site per department and year (the
department bundle); this page ties them together for 预算公开, year by year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from jixiao.export.html import environment

SITE_TITLE = "项目支出绩效表公开"


@dataclass(frozen=True, slots=True)
class SiteEntry:
    """One department's year on the front page; ``link`` is relative to the page."""

    year: int
    code: str
    name: str
    tables: int
    link: str


def render_site_index(entries: Sequence[SiteEntry], title: str = SITE_TITLE) -> str:
    """Given the department sites, return the front page, newest year first."""
    ordered = sorted(entries, key=lambda e: (-e.year, e.code))
    years = [(year, list(group)) for year, group in groupby(ordered, key=lambda e: e.year)]
    return environment().get_template("site.html.j2").render(title=title, years=years)
