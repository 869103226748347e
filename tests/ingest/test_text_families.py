"""Layout families of issue 15 as synthetic variants: vertical labels, report tables, residue."""

from __future__ import annotations

import pytest

from jixiao.ingest import read_text
from jixiao.synth import generate
from jixiao.synth.text import table_to_layout


def _read(text: str) -> list[tuple[str, str]]:
    return [(i.name, i.value.raw) for t in read_text(text).tables for i in t.indicators]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_vertical_labels_split_over_lines_are_level_names(seed: int) -> None:
    # "产" / "出" / "指" / "标" and "经济效益" / "指标": one label cell per line, broken.
    for synth in generate(3, seed=seed):
        table = synth.table
        text = table_to_layout(table, "vertical")
        [read] = read_text(text).tables
        expected = [(i.name, i.value.raw) for i in table.indicators if i.value.raw]
        assert [(i.name, i.value.raw) for i in read.indicators if i.value.raw] == expected, text
        assert [i.level2 for i in read.indicators if i.value.raw] == [
            i.level2 for i in table.indicators if i.value.raw
        ]
        assert read.project.name == table.project.name
        assert read.funds.total == table.funds.total


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_report_table_with_target_worded_levels_ends_where_the_prose_starts(seed: int) -> None:
    for synth in generate(3, seed=seed):
        table = synth.table
        text = table_to_layout(table, "report")
        [read] = read_text(text).tables
        expected = [
            (i.name, i.value.raw) for i in table.indicators if i.value.is_quantitative and i.name
        ]
        got = [(i.name, i.value.raw) for i in read.indicators]
        # the scoring prose after the table ("时效目标10分") gives no indicator
        assert got == expected, text
        assert read.kind == "self_evaluation"
        assert all(i.actual is not None for i in read.indicators)


def test_template_numbering_and_column_heads_are_not_indicators() -> None:
    text = "\n".join(
        [
            "项目支出绩效目标申报表",
            "项目名称\t某某项目",
            "一级指标\t二级指标\t三级指标\t指标值",
            "产出指标\t数量指标\t目标1目标2目标3\t3",
            "产出指标\t质量指标\t指标值\t产",
            "产出指标\t质量指标\t定量指标一\t……",
            "产出指标\t数量指标\t补助种植数量\t(≥**株)",
            "产出指标\t数量指标\t100%\t不断提升",
            "产出指标\t数量指标\t国家奖学金人数分(因全校总人数减少,总指标数减少,但奖励、资助比例没减少)国家励志奖学金人数国家助学金人数",
            "产出指标\t数量指标\t3.分析评价申报内容是否与实际相符,申报目标是否合理可行\t相符。",
            "产出指标\t时效指标\t完成该项目所需时间\t时效目标",
            "产出指标\t时效指标\t完成及时率\t100%",
            "效益指标\t社会效益指标\t服务覆盖率\t≥90%",
        ]
    )
    assert _read(text) == [("完成及时率", "100%"), ("服务覆盖率", "≥90%")]


def test_a_last_value_cut_off_its_unit_is_truncated_not_read() -> None:
    rows = [
        "项目支出绩效目标表",
        "项目名称 某某康复项目",
        "一级指标 二级指标 三级指标 指标值",
        "产出指标 数量指标 签约康复人数 ≥1800人",
        "发放辅助器具人数 ≥400人",
        "质量指标 验收合格率 1",
    ]
    result = read_text("\n".join(rows))
    assert [(i.name, i.value.raw) for t in result.tables for i in t.indicators] == [
        ("签约康复人数", "≥1800人"),
        ("发放辅助器具人数", "≥400人"),
    ]
    assert "parse.truncated" in [p.code for p in result.problems]
    # the same row with its unit is whole
    whole = read_text("\n".join([*rows[:-1], "质量指标 验收合格率 100%"]))
    assert len(whole.tables[0].indicators) == 3


def _project_list(tables: list, sep: str) -> str:
    # A department's export: one wide table, each project's header on its first row,
    # the following rows without those cells (text drops the empty leading cells).
    heads = ["单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标"]
    heads += ["指标值"]
    lines = ["部门预算项目绩效目标申报表(2023年度)", "金额单位:元", sep.join(heads)]
    lines.append(sep.join(["801-某某部门", "12,345,678.00"]))
    for t in tables:
        for n, ind in enumerate(t.indicators):
            head = [
                f"801001-{t.project.department}",
                t.project.name,
                f"{t.funds.total * 10000:,.2f}",
            ]
            head.append(t.goals[0] if t.goals else "完成年度任务")
            cells = head if n == 0 else []
            cells += [ind.level1, ind.level2, ind.name, ind.value.raw or "/"]
            lines.append(sep.join(cells))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("sep", ["\t", " | "])
@pytest.mark.parametrize("seed", [1, 2])
def test_project_list_gives_one_table_per_project_with_its_header(sep: str, seed: int) -> None:
    made = [s.table for s in generate(3, seed=seed)]
    text = _project_list(made, sep)
    if sep != "\t":
        text = "\n".join(f"| {line} |" for line in text.splitlines())
    read = read_text(text).tables
    assert [t.project.name for t in read] == [t.project.name for t in made]
    assert [t.funds.total for t in read] == [t.funds.total for t in made]
    assert [t.project.department for t in read] == [t.project.department for t in made]
    for got, want in zip(read, made, strict=True):
        assert [i.name for i in got.indicators] == [i.name for i in want.indicators]


def _leading_pipes(table, level1: str) -> str:
    # An HTML table dumped with indentation: each cell on its own line after a pipe,
    # rows closed by "||"; the 一级 column holds a word the trees do not know.
    lines = [
        "绩效",
        "       指标",
        "        | 一级指标",
        "        | 二级指标",
        "        | 三级指标",
    ]
    lines += ["        | 指标值", "        | 实施进度", "        | "]
    first = True
    for ind in table.indicators:
        if not ind.value.raw:
            continue
        lines += [level1 if first else ind.level1, f"        | {ind.level2}"]
        lines += [f"        | {ind.name}", f"        | {ind.value.raw}", "        | 已完成100%"]
        lines.append("        | ||")
        first = False
    lines += [
        "(三)项目自评步骤及方法",
        "        | 围绕绩效目标,采用公众评判、结果比较等方式进行评价。",
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cells_after_leading_pipes_with_an_unknown_first_level(seed: int) -> None:
    table = generate(1, seed=seed)[0].table
    read = read_text(_leading_pipes(table, "项目决策")).tables[0]
    expected = [(i.name, i.value.raw) for i in table.indicators if i.value.raw]
    assert [(i.name, i.value.raw) for i in read.indicators] == expected
    assert read.indicators[0].level1 == "项目决策"  # kept as written for the rules
    assert all(i.actual is not None and i.actual.raw == "已完成100%" for i in read.indicators)


def test_overall_title_names_the_unit() -> None:
    text = "\n".join(
        [
            "1、某某市某某区林业局2023年度部门整体绩效自评表",
            "一级指标\t二级指标\t三级指标\t指标值",
            "产出指标\t数量指标\t公益林管护面积\t28万亩",
            "满意度指标\t服务对象满意度指标\t林农满意度\t≥90%",
        ]
    )
    [table] = read_text(text).tables
    assert table.kind == "self_evaluation"
    assert table.project.name == "某某市某某区林业局整体支出"
    assert table.project.department == "某某市某某区林业局"


def _mid_table_excerpt(table) -> str:
    # An excerpt that starts inside a table: no header, each cell on its own indented
    # line between lone pipes, every row closed by "||||", the 一级 repeated on each row.
    lines = ["# source: https://example.org/page.html", "# kind: self-evaluation"]
    for ind in table.indicators:
        if not ind.value.raw:
            continue
        for cell in ("项目完成指标", ind.level2, ind.name, ind.value.raw, ind.value.raw):
            lines += [f"     {cell}", "        | "]
        lines.append("  ||||")
    lines += ["2.部门绩效评价结果。", "        | ", "本部门按要求开展自评,报告见附件。", "  ||||"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_excerpt_starting_mid_table_reads_its_rows(seed: int) -> None:
    table = generate(1, seed=seed)[0].table
    result = read_text(_mid_table_excerpt(table))
    [read] = result.tables
    expected = [(i.name, i.value.raw) for i in table.indicators if i.value.raw]
    assert [(i.name, i.value.raw) for i in read.indicators] == expected
    assert "parse.fragment" in [p.code for p in result.problems]
    assert read.project.name is None  # nothing is invented


def _hubei_preview(table) -> str:
    # A document-sharing preview of a Hubei 自评表: run on, two goal blocks with their
    # heads glued with formula letters, rows glued (目标值 | 完成值 | 得分), and the
    # text cut into numbered chunks at fixed lengths, mid-row.
    rows = [i for i in table.indicators if i.value.is_quantitative and i.name]
    half = len(rows) // 2
    text = f"1、2020年度{table.project.name}绩效自评表项目名称{table.project.name}"
    for block, part in ((1, rows[:half]), (2, rows[half:])):
        text += f"年度绩效目标{block}(40分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分"
        last = None
        for ind in part:
            if (ind.level1, ind.level2) != last:
                text += ind.level1 + ind.level2
            actual = f"{ind.value.number}{ind.value.unit or ''}"
            text += f"{ind.name}{ind.value.raw}{actual}10"
            last = (ind.level1, ind.level2)
    text += "效益指标社会效益指标满意度指标服务对象满意度指标总分99.6"
    size = max(200, len(text) // 3 + 1)
    chunks = [text[i : i + size] for i in range(0, len(text), size)]
    return "\n".join(c if n == 0 else f"{n + 1}、{c}" for n, c in enumerate(chunks)) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_preview_chunks_cut_mid_row_and_second_goal_block(seed: int) -> None:
    table = generate(1, seed=seed)[0].table
    text = _hubei_preview(table)
    [read] = read_text(text).tables
    expected = [
        (i.name, i.value.raw) for i in table.indicators if i.value.is_quantitative and i.name
    ]
    assert [(i.name, i.value.raw) for i in read.indicators] == expected, text
    assert read.kind == "self_evaluation"
    assert all(i.score == 10 for i in read.indicators)


def _wrapped_heads_selfeval(table, *, rows: bool = True) -> str:
    # A run-on 自评表 whose two-line value heads were cut at their spaces
    # ("年度 指标值实际 完成值分 值得 分偏差原因分析 及改进措施"), rows glued
    # (年度指标值 | 实际完成值 | 分值 | 得分), empty template numbering left in.
    text = f"项目支出绩效自评表(2020 年度)项目名称 {table.project.name} "
    text += "年度总体目标 " + "完成年度工作任务," * 12 + " "
    text += "一级指标 二级指标 三级指标 年度 指标值实际 完成值分 值得 分偏差原因分析 及改进措施 "
    last = None
    for ind in table.indicators if rows else ():
        if not ind.value.is_quantitative or not ind.name:
            continue
        if (ind.level1, ind.level2) != last:
            text += f" {ind.level1} {ind.level2} "
        text += f"{ind.name}{ind.value.raw}{ind.value.raw}1010指标2:"
        last = (ind.level1, ind.level2)
    return text + " 总分 100\n"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_value_heads_cut_at_spaces_are_joined(seed: int) -> None:
    table = generate(1, seed=seed)[0].table
    [read] = read_text(_wrapped_heads_selfeval(table)).tables
    expected = [
        (i.name, i.value.raw) for i in table.indicators if i.value.is_quantitative and i.name
    ]
    assert [(i.name, i.value.raw) for i in read.indicators] == expected
    assert all((i.weight, i.score) == (10, 10) for i in read.indicators)
    # a table that ends at its heads gives none of them as indicators
    [empty] = read_text(_wrapped_heads_selfeval(table, rows=False)).tables
    assert empty.indicators == ()


@pytest.mark.parametrize("sep", ["\t", " | "])
def test_one_value_column_per_place(sep: str) -> None:
    # 区域绩效目标表: after 三级指标 an explanation column, then one target per place.
    places = ["甲镇乙村", "丙乡丁村", "某某区"]
    lines = [
        "2022年某专项资金绩效目标表",
        sep.join(["项目名称", "某专项资金"]),
        sep.join(["主管部门(单位)名称", "某县水利局"]),
        sep.join(["一级指标", "二级指标", "三级指标", "指标解释", *places]),
        sep.join(
            ["产出指标", "数量指标", "开展小型水利工程建设(个)", "反映建设开展情况", "1", "2", "1"]
        ),
        sep.join(
            ["满意度指标", "服务对象满意度指标", "群众满意度", "反映群众满意程度"] + ["≥90%"] * 3
        ),
    ]
    [table] = read_text("\n".join(lines)).tables
    assert table.project.department == "某县水利局"
    assert [(i.name, i.value.raw) for i in table.indicators] == [
        ("开展小型水利工程建设(个)", "1"),
        ("群众满意度", "≥90%"),
    ]


def test_short_run_on_table_and_glued_deadlines_and_doubled_cells() -> None:
    # The whole table on one short line; a deadline glued to its name is one value
    # ("2024年12月31日前完成", not "2024年" and a row "12月31日前"); "不适用不适用" is a
    # name and its value; "本年内", "按时按量完成" are values no name ends in.
    text = (
        "项目支出绩效目标表项目名称某某活动经费绩效指标一级指标二级指标三级指标指标值"
        "产出指标数量指标开展活动场次86场困难职工救助人数≥592人"
        "时效指标资金拨付及时率2024年12月31日前完成项目完成时间本年内"
        "质量指标项目完成质量按时按量完成效益指标生态效益指标不适用不适用\n"
    )
    assert _read(text) == [
        ("开展活动场次", "86场"),
        ("困难职工救助人数", "≥592人"),
        ("资金拨付及时率", "2024年12月31日前完成"),
        ("项目完成时间", "本年内"),
        ("项目完成质量", "按时按量完成"),
        ("不适用", "不适用"),
    ]


@pytest.mark.parametrize("sep", [" ", " | ", "\t"])
@pytest.mark.parametrize("seed", [1, 2])
def test_header_row_fused_with_the_first_data_row(sep: str, seed: int) -> None:
    table = generate(1, seed=seed)[0].table
    rows = [i for i in table.indicators if i.value.raw and " " not in i.name + i.value.raw]
    heads = ["一级指标", "二级指标", "三级指标", "指标值"]
    lines = [TITLE_LINE, sep.join(["项目名称", table.project.name or ""])]
    first = rows[0]
    lines.append(sep.join([*heads, first.level1, first.level2, first.name, first.value.raw]))
    lines += [sep.join([i.level1, i.level2, i.name, i.value.raw]) for i in rows[1:]]
    if sep == " | ":
        lines = [f"| {line} |" for line in lines]
    got = _read("\n".join(lines))
    assert got == [(i.name, i.value.raw) for i in rows]


TITLE_LINE = "项目支出绩效目标表"


def test_column_heads_broken_over_lines() -> None:
    # One cell per line, narrow head cells wrapped: "年度指标" / "值", "实际完成" / "值", "得" / "分".
    cells = ["项目支出绩效自评表", "项目名称", "某培训项目", "一级指标", "二级指标", "三级指标"]
    cells += ["年度指标", "值", "实际完成", "值", "得", "分"]
    cells += ["产出指标", "数量指标", "培训人次", "≥500人次", "520人次", "10"]
    cells += ["质量指标", "合格率", "≥95%", "96%", "10"]
    [table] = read_text("\n".join(f"{c} |" for c in cells)).tables
    assert table.kind == "self_evaluation"
    got = [
        (i.name, i.value.raw, i.actual.raw if i.actual else None, i.score) for i in table.indicators
    ]
    assert got == [("培训人次", "≥500人次", "520人次", 10), ("合格率", "≥95%", "96%", 10)]


def test_blank_template_gives_no_indicators() -> None:
    # A blank 申报表: instructions wrapped in narrow cells, placeholders, no number at all.
    lines = [
        "财政支出项目绩效目标申报表",
        "项目名称 | |",
        "一级指标 | 二级指标 | 三级指标 | 指标值 |",
        "产出指标 | 数量指标 | 项目产出的产品或 | 提供服务的数量 |",
        "| | 定量指标一 | …… |",
        "| 质量指标 | 提供服务计划达到 | 的质量标准 |",
        "| 时效指标 | 完成该项目所需时 | 间 |",
        "效益指标 | 经济效益指标 | 项目实施对经济发 | 展所带来的影响 |",
        "| | 定性指标描述 | …… |",
    ]
    result = read_text("\n".join(lines))
    assert [i for t in result.tables for i in t.indicators] == []
    assert "parse.blank-template" in [p.code for p in result.problems]
    # the same template filled in reads
    filled = [
        *lines[:3],
        "产出指标 | 数量指标 | 培训人数 | ≥200人 |",
        "| 质量指标 | 合格率 | 提高 |",
    ]
    assert len(read_text("\n".join(filled)).tables[0].indicators) == 2


@pytest.mark.parametrize("layout", ["glued-rows", "run-on"])
def test_text_value_glued_to_its_name(layout: str) -> None:
    # "项目完成质量严格执行相关制度规定": the name ends like a name (…质量, …情况, …水平),
    # the value starts like a text value, and nothing follows in the row.
    from dataclasses import replace

    from jixiao.model.values import parse_value

    table = generate(1, seed=1)[0].table
    texts = [("项目完成质量", "严格执行相关制度规定"), ("长效机制建立情况", "建立并持续运行")]
    levels = [("产出指标", "质量指标"), ("效益指标", "可持续影响指标")]
    rows = list(table.indicators[:2])
    rows += [
        replace(table.indicators[0], level1=l1, level2=l2, name=n, value=parse_value(v))
        for (n, v), (l1, l2) in zip(texts, levels, strict=True)
    ]
    made = replace(table, indicators=tuple(rows))
    got = _read(table_to_layout(made, layout))
    assert set(texts) <= set(got)


def test_a_closed_last_pipe_row_with_an_empty_value_is_whole_a_cut_one_is_not() -> None:
    # "| 读者满意度 |  |": the border after the empty cell shows the row ended there; a copy
    # cut off mid-row ends inside the name and is still marked cut off.
    rows = [
        "| 项目名称 | 社区书屋图书更新 | | |",
        "| 年度资金总额 | 18 | | |",
        "| 一级指标 | 二级指标 | 三级指标 | 指标值 |",
        "| 产出指标 | 数量指标 | 更新图书册数 | ≥6000册 |",
        "| 效益指标 | 社会效益指标 | 年借阅人次 | ≥9000人次 |",
    ]
    closed = read_text("\n".join([*rows, "| 满意度指标 | 服务对象满意度指标 | 读者满意度 |  |"]))
    assert [(i.name, i.value.raw) for i in closed.tables[0].indicators][-1] == ("读者满意度", "")
    assert "parse.truncated" not in [p.code for p in closed.problems]
    cut = read_text("\n".join([*rows, "| 满意度指标 | 服务对象满意度指标 | 读者满意度"]))
    assert [i.name for i in cut.tables[0].indicators] == ["更新图书册数", "年借阅人次"]
    assert "parse.truncated" in [p.code for p in cut.problems]
