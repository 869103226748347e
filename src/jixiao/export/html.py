"""Self-contained HTML pages: one ``<section>`` per table, rowspan/colspan as printed.

The form itself is the ``official_form`` macro of ``templates/_official_form.html.j2``,
the one HTML rendering of the official layout (the web pages and the check report
import it through :data:`TEMPLATES`).

Every cell goes through Jinja2 autoescaping: goals copied from web forms carry
``<p>`` and a published page must never run a ``<script>`` found in a cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from jixiao.export.annotate import attach_findings
from jixiao.export.form import Form
from jixiao.export.layouts import form_of
from jixiao.model.project import TargetTable

#: The export templates, for other packages' Jinja2 loaders (a ChoiceLoader entry).
TEMPLATES = PackageLoader("jixiao.export", "templates")


@cache
def environment() -> Environment:
    """Return the Jinja2 environment of the export templates (autoescaped)."""
    return Environment(
        loader=TEMPLATES,
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_forms(forms: Sequence[Form], page_title: str, back_link: str | None = None) -> str:
    """Given laid-out forms, return one HTML page showing them all.

    Each form is drawn by the ``official_form`` macro the web pages and the check
    report use too; an export carries no findings (they are the review's work).
    """
    template = environment().get_template("tables.html.j2")
    # Ids are prefixed per form when a page holds several, so each stays unique.
    marked = [
        attach_findings(f, [], anchor="" if len(forms) == 1 else f"t{n}-")
        for n, f in enumerate(forms, start=1)
    ]
    return template.render(forms=marked, page_title=page_title, back_link=back_link)


def write_html(tables: Sequence[TargetTable], path: Path) -> None:
    """Given tables and a path, write one self-contained HTML page with them all."""
    forms = [form_of(t) for t in tables]
    title = forms[0].sheet_name if len(forms) == 1 else "项目支出绩效表"
    path.write_text(render_forms(forms, title), encoding="utf-8")
