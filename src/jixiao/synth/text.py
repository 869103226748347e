"""Synthetic tables as text, for the corpora and for tests that read text back.

The tab-separated form (the text of a published PDF) is written by
:mod:`jixiao.export.text`, beside the other writers; synth writes its corpora
through it. Other text layouts that only synthetic inputs need belong here.
"""

from __future__ import annotations

from jixiao.export.text import TITLE, table_to_text, tables_to_text, write_text
from jixiao.model.project import TargetTable

__all__ = ["LAYOUTS", "TITLE", "table_to_layout", "table_to_text", "tables_to_text", "write_text"]


# Layouts real files come in besides the tab-separated one (docs/reading.md names them).
LAYOUTS = ("tab", "glued-rows", "run-on", "prose", "bracketed", "vertical", "report")


def table_to_layout(table: TargetTable, layout: str = "tab") -> str:
    """Given a table and a layout name from LAYOUTS, return its text in that layout.

    ``glued-rows``: one table row per line with every cell border lost, as HTML pages
    flattened by a reader show it ("产出指标数量指标培训人次≥500人次"); ``run-on``: the
    whole indicator block on one line, as document-sharing previews give it.
    """
    if layout == "tab":
        return table_to_text(table)
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; one of {', '.join(LAYOUTS)}")
    if layout in ("prose", "bracketed"):
        return _prose(table, bracketed=layout == "bracketed")
    if layout == "vertical":
        return _vertical(table)
    if layout == "report":
        return _report(table)
    rows = []
    last1 = last2 = None
    for ind in table.indicators:
        level1 = ind.level1 if ind.level1 != last1 else ""
        level2 = ind.level2 if (ind.level1, ind.level2) != (last1, last2) else ""
        rows.append(f"{level1}{level2}{ind.name}{ind.value.raw}")
        last1, last2 = ind.level1, ind.level2
    head = [
        TITLE.removeprefix("## "),
        f"项目名称{table.project.name or ''}",
        "绩效指标一级指标二级指标三级指标指标值",
    ]
    if layout == "glued-rows":
        return "\n".join([*head, *rows, ""])
    return "".join([*head, *rows]) + "\n"


_CN_NUMBERS = "一二三四五六七八九十"


def _prose(table: TargetTable, *, bracketed: bool) -> str:
    """Targets as a letter states them: level headings, then "name value;" clauses.

    ``bracketed``: "【产出指标-数量指标】" headings and "指标1:name(value)" lines.
    """
    lines = [f"关于下达{table.project.name or ''}绩效目标的通知"]
    if table.funds.total is not None:
        lines.append(f"安排{table.project.name or ''}资金{table.funds.total}万元。")
    lines.append("现将绩效目标下达如下:")
    last1 = last2 = None
    n1 = n2 = 0
    for ind in table.indicators:
        if bracketed:
            if (ind.level1, ind.level2) != (last1, last2):
                lines.append(f"【{ind.level1}-{ind.level2}】")
                n2 = 0
            n2 += 1
            lines.append(f"指标{n2}:{ind.name}({ind.value.raw})")
        else:
            if ind.level1 != last1:
                lines.append(f"{_CN_NUMBERS[n1 % 10]}、{ind.level1}")
                n1, n2 = n1 + 1, 0
            if (ind.level1, ind.level2) != (last1, last2):
                lines.append(f"({_CN_NUMBERS[n2 % 10]}){ind.level2}")
                n2 += 1
            lines.append(f"{ind.name}{ind.value.raw};")
        last1, last2 = ind.level1, ind.level2
    lines += ["特此通知。", *([table.project.department] if table.project.department else [])]
    lines.append("2024年3月1日")
    return "\n".join(lines) + "\n"


def _split_label(word: str, index: int) -> list[str]:
    """A narrow vertical label cell as text dumps give it: a character or two per line."""
    if index % 2 == 0:
        return list(word)  # "产" / "出" / "指" / "标"
    return [word[:-2], word[-2:]] if word.endswith("指标") else [word]  # "经济效益" / "指标"


def _vertical(table: TargetTable) -> str:
    """One cell per line (paragraph dumps), the level labels split over several lines."""
    lines = [TITLE.removeprefix("## "), "项目名称", table.project.name or ""]
    if table.funds.total is not None:
        lines += ["年度资金总额", str(table.funds.total)]
    lines += ["绩 效 指 标", "一级", "指标", "二级指标", "三级指标", "指标值"]
    last1 = last2 = None
    for n, ind in enumerate(table.indicators):
        if ind.level1 != last1:
            lines += _split_label(ind.level1, n)
        if (ind.level1, ind.level2) != (last1, last2):
            lines += _split_label(ind.level2, n + 1)
        lines += [ind.name, ind.value.raw]
        last1, last2 = ind.level1, ind.level2
    return "\n\n".join(lines) + "\n"


def _report(table: TargetTable) -> str:
    """A self-evaluation report as a document-sharing preview gives it: one run-on line.

    The table's levels are worded 目标 (产出目标 / 数量目标), its heads glued after a note
    in brackets, each row name | 绩效目标值 | 实际完成值 | 累计完成率 glued, and the
    report's prose runs on straight after the last row.
    """
    parts = [
        f"{table.project.name or ''}绩效自评报告一、项目绩效目标完成情况如下图:",
        "(定量目标)评价内容绩效内容绩效目标值实际完成值累计完成率",
    ]
    last1 = last2 = None
    for ind in table.indicators:
        if not ind.value.is_quantitative or not ind.name:
            continue
        level1 = ind.level1.removesuffix("指标") + "目标"
        level2 = ind.level2.removesuffix("指标") + "目标"
        if ind.level1 != last1:
            parts.append(level1)
        if (ind.level1, ind.level2) != (last1, last2):
            parts.append(level2)
        actual = f"{ind.value.number}{ind.value.unit or ''}"
        parts.append(f"{ind.name}{ind.value.raw}{actual}100%")
        last1, last2 = ind.level1, ind.level2
    parts.append(
        "(二)项目财务管理状况本项目累计安排资金若干,其中项目立项6分,绩效目标5分,"
        "时效目标10分,成本目标0分,数量目标10分,总得分90。"
    )
    return "".join(parts) + "\n"
