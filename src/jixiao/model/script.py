"""Traditional and simplified characters: names keep the file's script, matching does not.

A table written in traditional characters keeps its names as written ("區級森林防火");
everything that recognises words in a name (满意度, 合格率, 成本…) is written for
simplified text, so it reads the simplified form given here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from jixiao.model.hanzi import to_simplified
from jixiao.model.indicator import Indicator
from jixiao.model.project import TargetTable
from jixiao.model.values import TargetValue


def simplified_view(table: TargetTable) -> tuple[TargetTable, dict[str, str]]:
    """Given a table, return it with simplified names and texts, and each changed text's original.

    The rules run on the view; the map turns the names they quote back into the file's.
    A table already in simplified characters comes back unchanged with an empty map.
    """
    back: dict[str, str] = {}

    def simple(name: str | None) -> str | None:
        if not name:
            return name
        plain = to_simplified(name)
        if plain != name:
            back.setdefault(plain, name)
        return plain

    project = table.project
    view = replace(
        table,
        project=replace(
            project,
            name=simple(project.name),
            department=simple(project.department),
            implementing_unit=simple(project.implementing_unit),
        ),
        indicators=tuple(_simple_row(i, simple) for i in table.indicators),
        goals=tuple(simple(g) or g for g in table.goals),
        goals_actual=tuple(simple(g) or g for g in table.goals_actual),
    )
    if not back:
        return table, {}
    return view, back


def _simple_row(ind: Indicator, simple: Callable[[str | None], str | None]) -> Indicator:
    # Values are parsed already; their raw text is read again by rules for words
    # ("提高", "达标"), so the view gives it simplified too.
    def value(v: TargetValue | None) -> TargetValue | None:
        return None if v is None else replace(v, raw=simple(v.raw) or v.raw)

    return replace(
        ind,
        name=simple(ind.name) or ind.name,
        value=value(ind.value) or ind.value,
        actual=value(ind.actual),
        progress=value(ind.progress),
        expected=value(ind.expected),
        deviation_reason=simple(ind.deviation_reason),
        measures=simple(ind.measures),
        likelihood=simple(ind.likelihood),
    )


def restore_names(text: str, back: dict[str, str]) -> str:
    """Given a name, a 一级›二级›三级 path or a message quoting names (“…”), return it
    with the simplified names of ``back`` written as the file writes them.

    Only whole names and quoted names are replaced: a bare word of a message
    ("满意度指标") is the message's own wording, not a name.
    """
    if not back or not text:
        return text
    exact = back.get(text)
    if exact is not None:
        return exact
    if "›" in text:
        head, _, last = text.rpartition("›")
        return f"{head}›{back.get(last, last)}"
    for plain, original in back.items():
        quoted = f"“{plain}”"
        if quoted in text:
            text = text.replace(quoted, f"“{original}”")
    return text
