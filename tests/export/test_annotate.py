"""attach_findings: every finding lands on the printed row or label it is about, or on the table."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

import pytest
from export_helpers import example_tables
from export_synthetic import synthetic_table

from jixiao.export.annotate import MarkedForm, attach_findings
from jixiao.export.form import Box
from jixiao.export.form_split import split_row
from jixiao.export.layouts import form_of
from jixiao.model.findings import Finding
from jixiao.model.location import Location
from jixiao.model.project import TargetTable
from jixiao.rules import check_table


def _box(marked: MarkedForm, place: tuple[int, int] | None) -> Box:
    assert place is not None
    return next(b for b in marked.form.boxes if (b.row, b.col) == place)


def _lines_with(marked: MarkedForm, n: int) -> list[int]:
    return [
        r
        for r, line in enumerate(marked.lines())
        if any(m.n == n for c in line.cells for m in c.marks)
    ]


@pytest.mark.parametrize("number", range(6))
def test_example_findings_land_on_the_rows_they_name(number: int) -> None:
    table = example_tables()[number]
    findings = check_table(table).findings
    marked = attach_findings(form_of(table), findings)
    assert [m.n for m in marked.marks] == list(range(1, len(findings) + 1))
    names = {ind.name for ind in table.indicators}
    for mark in marked.marks:
        if mark.indicator in names:
            box = _box(marked, mark.place)
            # the 三级 name box of that very indicator ("指标N:name")
            assert box.col == 3 and box.text.endswith(f":{mark.indicator}")
            assert table.indicators[mark.indicators[0]].name == mark.indicator
        elif mark.indicator is None and mark.code.split(".")[0] not in ("header", "funds"):
            assert mark.place is None, mark
    assert sum(marked.counts.values()) == len(findings)
    flagged = {line.indicator for line in marked.lines() if line.worst is not None}
    assert flagged == {i for m in marked.marks for i in m.indicators}


def test_json_findings_attach_like_finding_values() -> None:
    table = example_tables()[3]
    findings = check_table(table).findings
    as_values = attach_findings(form_of(table), findings)
    as_json = attach_findings(form_of(table), [f.to_dict() for f in findings])
    assert [(m.code, m.place, m.indicators) for m in as_values.marks] == [
        (m.code, m.place, m.indicators) for m in as_json.marks
    ]


def _synthetic(kind: str = "target", seed: int = 7) -> TargetTable:
    return synthetic_table(random.Random(seed), kind)  # type: ignore[arg-type]


def test_a_shared_name_goes_to_the_row_the_finding_cites_or_to_all() -> None:
    table = _synthetic()
    first, second = table.indicators[0], table.indicators[-1]
    a, b = Location("t.txt", line=10), Location("t.txt", line=20)
    twin = replace(second, name=first.name, source=b)
    table = replace(table, indicators=(replace(first, source=a), *table.indicators[1:-1], twin))
    last = len(table.indicators) - 1
    cited = Finding("values.vague", "warning", "笼统", location=b, indicator=first.name)
    by_path = Finding("values.vague", "warning", "笼统", indicator=first.name, path=twin.path)
    vague = Finding("structure.duplicate-name", "warning", "重名", indicator=first.name)
    marked = attach_findings(form_of(table), [cited, by_path, vague])
    assert marked.marks[0].indicators == (last,)
    assert first.path != twin.path and marked.marks[1].indicators == (last,)
    assert marked.marks[2].indicators == (0, last)
    # a mark on two rows is drawn on both and anchored (its HTML id) on the first only
    rows = _lines_with(marked, 3)
    assert len(rows) == 2
    anchored = [c for line in marked.lines() for c in line.cells if 3 in c.first]
    assert (
        len(anchored) == 1 and (anchored[0].box.row, anchored[0].box.col) == marked.marks[2].place
    )


def test_header_and_funds_findings_mark_their_labels() -> None:
    table = _synthetic()
    table = replace(
        table,
        project=replace(table.project, implementing_unit=None),
        funds=replace(table.funds, total=Decimal(100), fiscal=Decimal(10)),
    )
    marked = attach_findings(form_of(table), check_table(table).findings)
    on = {m.code: _box(marked, m.place).text for m in marked.marks if m.place is not None}
    assert on["funds.sum-mismatch"] == "年度资金总额:"
    missing = [m for m in marked.marks if m.code == "header.missing-field"]
    assert [_box(marked, m.place).text for m in missing] == ["实施单位"]
    # the value cells stay as printed: marks sit on labels only
    for line in marked.lines():
        for cell in line.cells:
            assert not cell.marks or cell.box.role == "label" or cell.box.col == 3


def test_a_place_the_form_does_not_print_leaves_the_finding_on_the_table() -> None:
    monitoring = _synthetic("monitoring")
    weights = Finding("selfeval.weights-total", "warning", "分值合计超过100")
    unknown = Finding("values.vague", "warning", "笼统", indicator="表中没有的指标")
    marked = attach_findings(form_of(monitoring), [weights, unknown])
    assert [m.place for m in marked.marks] == [None, None]
    assert marked.loose == marked.marks
    evaluation = _synthetic("self_evaluation")
    marked = attach_findings(form_of(evaluation), [weights])
    assert _box(marked, marked.marks[0].place).text == "总分"


def test_execution_and_goal_findings_of_a_self_evaluation() -> None:
    table = _synthetic("self_evaluation")
    findings = [
        Finding("selfeval.execution-low-no-reason", "warning", "执行率低"),
        Finding("selfeval.goals-actual-unsupported", "warning", "照抄目标"),
        Finding("relevance.goal-uncovered", "warning", "目标没有指标"),
    ]
    marked = attach_findings(form_of(table), findings)
    texts = [_box(marked, m.place).text for m in marked.marks]
    assert texts == ["年度资金总额:", "实际完成情况", "年度总体目标"]


def test_a_row_cut_into_pieces_is_marked_once_on_its_first_piece() -> None:
    table = _synthetic()
    form = form_of(table)
    name_box = next(b for b in form.boxes if b.key == "indicator.0")
    # the name itself is the tall text (a goal pasted as a name), cut into three rows
    long_name = replace(name_box, text="很长的指标说明" * 30)
    form = replace(form, boxes=tuple(long_name if b is name_box else b for b in form.boxes))
    cut = split_row(form, name_box.row, 3, 3)
    assert cut.nrows == form.nrows + 2
    finding = Finding("values.vague", "warning", "笼统", indicator=table.indicators[0].name)
    marked = attach_findings(cut, [finding])
    assert marked.marks[0].place == (name_box.row, 3)
    assert _lines_with(marked, 1) == [name_box.row]


def test_lines_say_which_indicator_each_row_prints() -> None:
    table = example_tables()[0]
    marked = attach_findings(form_of(table), [], anchor="t1-")
    rows = [line.indicator for line in marked.lines() if line.indicator is not None]
    assert rows == list(range(len(table.indicators)))
    assert all(
        "ind" in line.classes.split() for line in marked.lines() if line.indicator is not None
    )
    assert marked.counts == {"error": 0, "warning": 0, "info": 0}
