"""The web table page and the check report draw a table's official form with the same markup.

Both render export's layout through the one ``official_form`` macro with the findings
attached by ``attach_findings``: for the same table and findings the two forms must be
the same bytes, except for the ``t1-`` prefix the report puts on ids so that the rows of
its many tables stay unique.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from webhelp import Site, build_site, login, stored_content

from jixiao.model.project import TargetTable
from jixiao.report import render_html
from jixiao.report.run import CheckedTable, CheckRun
from jixiao.rules import check_table

_FORM = re.compile(
    r'<div class="official-form" id="(?:t1-)?official-form">.*?</table>\s*</div>', re.S
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = tmp_path_factory.mktemp("official-same")
    return build_site(f"sqlite:///{folder / 'same.sqlite'}")


def _form(html: str) -> str:
    found = _FORM.findall(html)
    assert len(found) == 1, "one official form on the page"
    return str(found[0])


def _report_form(table: TargetTable) -> str:
    report = check_table(table)
    html = render_html(CheckRun(tables=(CheckedTable(table, report),)))
    # The report's only difference: its ids carry the table's number.
    return re.sub(r'(id|href)="#?t1-', lambda m: m.group(0).replace("t1-", ""), _form(html))


def test_web_page_and_report_draw_the_same_form(site: Site) -> None:
    finance = login(site.client(), "finance")
    ids = [*site.own_ids, site.ids["own"]["selfeval"]]
    marked = kinds = 0
    for table_id in dict.fromkeys(ids):
        stored = stored_content(site, table_id)
        web = _form(finance.get(f"/tables/{table_id}").text)
        assert web == _report_form(stored.table), stored.table.title  # type: ignore[attr-defined]
        marked += web.count('class="finding ')
        kinds |= 1 << ["target", "self_evaluation"].index(stored.table.kind)  # type: ignore[attr-defined]
    assert marked >= 10 and kinds == 0b11  # findings on rows, and both kinds of form


def _unmarked(form: str) -> str:
    form = re.sub(r'<div class="finding .*?</div>', "", form)
    form = re.sub(r" ?has-finding flag-\w+", "", form)
    return form.replace(' class=""', "")


def test_the_public_page_draws_the_same_form_without_marks(site: Site) -> None:
    table_id = site.ids["own"]["approved"]
    public = _form(site.client().get(f"/public/{table_id}").text)
    finance = login(site.client(), "finance")
    internal = _form(finance.get(f"/tables/{table_id}").text)
    assert 'class="finding' not in public and 'class="finding' in internal
    assert public == _unmarked(internal)


def test_the_html_export_draws_the_same_form(site: Site, tmp_path: Path) -> None:
    from jixiao.export import write

    table = stored_content(site, site.own_ids[0]).table  # type: ignore[attr-defined]
    out = tmp_path / "t.html"
    write([table], "html", out)
    exported = _form(out.read_text(encoding="utf-8"))
    assert 'class="finding' in _report_form(table)
    assert exported == _unmarked(_report_form(table))
